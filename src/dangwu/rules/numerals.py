"""Numbers written out in Chinese characters, as the 党员组织关系介绍信 writes them.

The 中组部 form asks that the month the dues are paid through and the letter's validity be
written "大写" so they cannot be altered: "党费已交到要大写年要大写月", "（有效期要大写天）"
(the form and its 填写使用说明 item 2: "党费交至的年、月以及介绍信的有效期均要采用大写的数字表示，
以免涂改", https://www.mingyanjiaju.org/fanwen/jieshaoxin/2179483.htm; PEERS.md 2.2). Letters
filled in by hand and printed by the national system spell them as a date is read aloud:
the year digit by digit (二〇二六年), a month or a count of days as a number (十一月, 三十天).

Pure functions, no I/O; tests/unit/test_numerals.py checks them over their whole range.
"""

from __future__ import annotations

DIGITS = "〇一二三四五六七八九"
# the digits of a number read as a number: zero is 零 there (一百零五), 〇 only in a year
_UNITS = ("", "十", "百", "千")


def chinese_year(year: int) -> str:
    """A year digit by digit: 2026 → 二〇二六 (no 年)."""
    if year < 0:
        raise ValueError(f"not a year: {year}")
    return "".join(DIGITS[int(d)] for d in str(year))


def chinese_number(n: int) -> str:
    """A whole number from 0 to 9999 as it is read: 11 → 十一, 30 → 三十, 105 → 一百零五,
    110 → 一百一十, 1000 → 一千. Ten to nineteen drop the leading 一 (十一, not 一十一), as
    months and days are written; inside a larger number the 一 stays (一百一十)."""
    if not 0 <= n <= 9999:
        raise ValueError(f"out of range (0–9999): {n}")
    if n == 0:
        return "零"
    digits = [int(d) for d in str(n)]
    out: list[str] = []
    zero = False  # a zero waiting to be written before the next non-zero digit
    for i, d in enumerate(digits):
        unit = _UNITS[len(digits) - 1 - i]
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out.append("零")
            zero = False
        out.append(("零一二三四五六七八九"[d]) + unit)
    text = "".join(out)
    if 10 <= n <= 19:
        text = text[1:]  # 十一, not 一十一
    return text


def chinese_month(year: int, month: int) -> str:
    """A month as the letter writes the dues paid through it: 二〇二六年四月."""
    if not 1 <= month <= 12:
        raise ValueError(f"not a month: {month}")
    return f"{chinese_year(year)}年{chinese_number(month)}月"


def chinese_date(year: int, month: int, day: int) -> str:
    """A date written out: 二〇二六年四月十日."""
    if not 1 <= day <= 31:
        raise ValueError(f"not a day of a month: {day}")
    return f"{chinese_month(year, month)}{chinese_number(day)}日"
