"""Masking of ID numbers and phone numbers for every output unless --reveal."""

from __future__ import annotations

import re


def mask_id(number: str | None) -> str | None:
    if not number:
        return number
    if len(number) == 18:
        return number[:6] + "*" * 8 + number[14:]  # 110101********123X
    return number[:2] + "*" * max(len(number) - 4, 0) + number[-2:]


# A landline's extension after its number: 021-64318899-123, 转123, #123, ext 123.
_EXTENSION = re.compile(r"^(.*\d{4})\s*(?:[-#]|转|ext\.?)\s*(\d{1,6})$", re.IGNORECASE)


def mask_phone(phone: str | None) -> str | None:
    """138****5678 however it was typed (spaces, dashes, +86): digits only, the number's
    last eleven (a country code dropped), three shown in front and four at the end; a
    landline's extension is hidden as well (021****8899-***)."""
    if not phone:
        return phone
    ext = _EXTENSION.match(phone.strip())
    if ext and len(re.sub(r"\D", "", ext.group(1))) >= 10:
        return f"{mask_phone(ext.group(1))}-{'*' * len(ext.group(2))}"
    digits = re.sub(r"\D", "", phone)
    if len(digits) >= 11:
        core = digits[-11:]
        return core[:3] + "****" + core[-4:]
    if len(digits) > 4:
        return "*" * (len(digits) - 4) + digits[-4:]
    return "*" * len(digits)
