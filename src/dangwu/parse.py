"""The one place where user-typed dates, months, periods and money become values.

Accepted forms are the contract in CLI.md: dates `2026-11-24`, `2026/11/24`, `20261124`,
`2026年11月24日`; months `2026-11`, `2026年11月`; money in yuan (`45`, `45.5`, `1,234.50`,
`¥45`) stored as integer fen. Every refusal names the field.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from .errors import field_error
from .rules.periods import Period

# Dates a party ledger can hold: birth dates from 1900, nothing past 2100.
MIN_YEAR, MAX_YEAR = 1900, 2100
_DATE_FORMS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
    re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$"),
)
_MONTH_FORMS = (
    re.compile(r"^(\d{4})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})$"),  # as dates may be written 1972.03.15
    re.compile(r"^(\d{4})(\d{2})$"),
    re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月?$"),
)
# A billion yuan: far above any dues, base or hand-over, well inside SQLite's 64-bit integers.
MAX_FEN = 100_000_000_000
_MONEY = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,2})?$")


# The first year a branch could record (the Party was founded in 1921) and a far bound that
# keeps a typo like 20255 from becoming a year.
YEARS = (1921, 2100)


def parse_year(value: str, field: str) -> int:
    """A four-digit calendar year, for `report year`, `report stats` and the papers."""
    text = (value or "").strip()
    # the length first: int() refuses strings of over 4,300 digits with a ValueError
    if not text.isdecimal() or len(text) != 4 or not YEARS[0] <= int(text) <= YEARS[1]:
        raise field_error(field, f"无法识别的年份 {value!r}", f"not a year: {value!r}")
    return int(text)


def parse_date(value: str, field: str) -> date:
    text = (value or "").strip()
    for form in _DATE_FORMS:
        m = form.match(text)
        if m:
            y, mo, d = (int(g) for g in m.groups())
            if not MIN_YEAR <= y <= MAX_YEAR:
                raise field_error(
                    field,
                    f"{value} 的年份不在 {MIN_YEAR}–{MAX_YEAR} 之间",
                    f"{value}: the year is outside {MIN_YEAR}-{MAX_YEAR}",
                )
            try:
                return date(y, mo, d)
            except ValueError:
                raise field_error(
                    field,
                    f"{value} 不是真实的日历日期",
                    f"{value} is not a real calendar date",
                ) from None
    raise field_error(
        field,
        f"无法识别的日期 {value!r}（可用 2026-11-24、2026/11/24、20261124、2026年11月24日）",
        f"not a date: {value!r} (use 2026-11-24, 2026/11/24, 20261124 or 2026年11月24日)",
    )


def parse_optional_date(value: str | None, field: str) -> date | None:
    if value is None or str(value).strip() == "":
        return None
    return parse_date(value, field)


def parse_month(value: str, field: str) -> Period:
    text = (value or "").strip()
    for form in _MONTH_FORMS:
        m = form.match(text)
        if m:
            y, mo = int(m.group(1)), int(m.group(2))
            if 1 <= mo <= 12 and MIN_YEAR <= y <= MAX_YEAR:
                return Period.month(y, mo)
            break
    raise field_error(
        field,
        f"无法识别的月份 {value!r}（可用 2026-11 或 2026年11月）",
        f"not a month: {value!r} (use 2026-11 or 2026年11月)",
    )


def parse_period(value: str, field: str = "--period") -> Period:
    text = (value or "").strip().upper()
    m = re.match(r"^(\d{4})(?:([HQ])(\d))?$", text)
    if m and not MIN_YEAR <= int(m.group(1)) <= MAX_YEAR:
        raise field_error(
            field,
            f"{value} 的年份不在 {MIN_YEAR}–{MAX_YEAR} 之间",
            f"{value}: the year is outside {MIN_YEAR}-{MAX_YEAR}",
        )
    if m:
        year = int(m.group(1))
        if m.group(2) == "H" and m.group(3) in ("1", "2"):
            return Period.half(year, int(m.group(3)))
        if m.group(2) == "Q" and m.group(3) in ("1", "2", "3", "4"):
            return Period.quarter(year, int(m.group(3)))
        if m.group(2) is None:
            return Period.year(year)
    try:
        return parse_month(value, field)
    except Exception:
        pass
    raise field_error(
        field,
        f"无法识别的期间 {value!r}（可用 2026、2026H1、2026Q3、2026-11）",
        f"not a period: {value!r} (use 2026, 2026H1, 2026Q3 or 2026-11)",
    )


def parse_money(value: str, field: str) -> int:
    """Yuan as typed → integer fen. Refuses negatives, more than two decimals, non-numbers."""
    text = str(value).strip().replace("¥", "").replace("￥", "").replace("元", "").strip()
    if text.startswith("-"):
        raise field_error(field, f"金额不能为负：{value}", f"amount may not be negative: {value}")
    if not _MONEY.match(text):
        raise field_error(
            field,
            f"无法识别的金额 {value!r}（以元为单位，最多两位小数，如 45.50）",
            f"not an amount: {value!r} (yuan with at most two decimals, e.g. 45.50)",
        )
    fen = int(Decimal(text.replace(",", "")) * 100)
    if fen > MAX_FEN:
        raise field_error(field, f"金额过大：{value}", f"amount too large: {value}")
    return fen


def format_money(fen: int | None) -> str | None:
    """Integer fen → the JSON money string with two decimals ("45.00")."""
    if fen is None:
        return None
    sign = "-" if fen < 0 else ""
    fen = abs(fen)
    return f"{sign}{fen // 100}.{fen % 100:02d}"


def parse_on(value: str, today: date, field: str = "--on") -> date:
    """A date something happened: not in the future."""
    d = parse_date(value, field)
    if d > today:
        raise field_error(field, f"{d} 晚于今天", f"{d} is in the future")
    return d
