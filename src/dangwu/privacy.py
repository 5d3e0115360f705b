"""Masking of ID numbers and phone numbers for every output unless --reveal."""

from __future__ import annotations


def mask_id(number: str | None) -> str | None:
    if not number:
        return number
    if len(number) == 18:
        return number[:6] + "*" * 8 + number[14:]  # 110101********123X
    return number[:2] + "*" * max(len(number) - 4, 0) + number[-2:]


def mask_phone(phone: str | None) -> str | None:
    if not phone:
        return phone
    digits = phone.strip()
    if len(digits) >= 11:
        return digits[:3] + "****" + digits[7:]  # 138****5678
    if len(digits) > 4:
        return "*" * (len(digits) - 4) + digits[-4:]
    return "*" * len(digits)
