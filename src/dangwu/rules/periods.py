"""The calendar: periods (month, quarter, half, year) as a small value type, and month codes.

Every rule of organizational life is counted by calendar sub-period (RULES.md
"Organizational life": a quarterly rule is owed in each calendar quarter, not in each run of
three months), and the dues are kept by month code ("2026-11"). Both live here once, so the
reports, the services and the queries all cut the calendar the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

# The frequencies a rule of the profile may have, shortest first.
KINDS = ("month", "quarter", "half", "year")
_MONTHS_IN = {"month": 1, "quarter": 3, "half": 6, "year": 12}


def _month_end(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - timedelta(days=1)


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date
    code: str

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(date(year, month, 1), _month_end(year, month), month_code(year, month))

    @classmethod
    def quarter(cls, year: int, q: int) -> Period:
        first = 3 * (q - 1) + 1
        return cls(date(year, first, 1), _month_end(year, first + 2), f"{year:04d}Q{q}")

    @classmethod
    def half(cls, year: int, h: int) -> Period:
        first = 6 * (h - 1) + 1
        return cls(date(year, first, 1), _month_end(year, first + 5), f"{year:04d}H{h}")

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31), f"{year:04d}")

    @classmethod
    def of(cls, kind: str, day: date) -> Period:
        """The period of `kind` (month, quarter, half, year) that contains `day`."""
        if kind == "month":
            return cls.month(day.year, day.month)
        if kind == "quarter":
            return cls.quarter(day.year, (day.month - 1) // 3 + 1)
        if kind == "half":
            return cls.half(day.year, 1 if day.month <= 6 else 2)
        if kind == "year":
            return cls.year(day.year)
        raise ValueError(f"unknown period kind {kind!r}")

    @classmethod
    def quarter_of(cls, day: date) -> Period:
        return cls.of("quarter", day)

    @classmethod
    def month_of(cls, day: date) -> Period:
        return cls.of("month", day)

    @classmethod
    def of_code(cls, code: str) -> Period:
        """'2026-11' → the month (the form month codes take in the ledger); also '2026',
        '2026H2' and '2026Q3', as a period's `code` reads."""
        year = int(code[:4])
        if len(code) == 4:
            return cls.year(year)
        if code[4] == "H":
            return cls.half(year, int(code[5]))
        if code[4] == "Q":
            return cls.quarter(year, int(code[5]))
        return cls.month(year, int(code[5:7]))

    @property
    def kind(self) -> str:
        months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
        return next((k for k, n in _MONTHS_IN.items() if n == months), "span")

    def next(self) -> Period:
        """The period of the same kind that follows."""
        return Period.of(self.kind, self.end + timedelta(days=1))

    def prev(self) -> Period:
        """The period of the same kind before this one."""
        return Period.of(self.kind, self.start - timedelta(days=1))

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def overlaps(self, other: Period) -> bool:
        return self.start <= other.end and other.start <= self.end

    def months(self) -> list[Period]:
        return self.sub_periods("month")

    def sub_periods(self, kind: str) -> list[Period]:
        """The periods of `kind` that overlap this one, in order (a year rule over a quarter:
        that quarter's year; a month rule over a quarter: its three months)."""
        out = []
        p = Period.of(kind, self.start)
        while p.start <= self.end:
            out.append(p)
            p = p.next()
        return out

    def __str__(self) -> str:
        return self.code


def month_code(year: int, month: int) -> str:
    """The ledger's month code: '2026-11'."""
    return f"{year:04d}-{month:02d}"


def month_of(day: date | str) -> str:
    """The month code of a day (a date, or ISO text as the store returns it)."""
    if isinstance(day, str):
        return day[:7]
    return month_code(day.year, day.month)


def month_index(code: str) -> int:
    """'2026-11' → a month count, so that consecutive months differ by one."""
    return int(code[:4]) * 12 + int(code[5:7]) - 1


def month_at(index: int) -> str:
    """The month code of a `month_index`."""
    return month_code(index // 12, index % 12 + 1)


def month_after(code: str) -> str:
    return month_at(month_index(code) + 1)


def month_before(code: str) -> str:
    return month_at(month_index(code) - 1)


def month_runs(months: list[str]) -> str:
    """Sorted `YYYY-MM` codes as runs a person reads: `2026-01..2026-03, 2026-05`."""
    out: list[str] = []
    start = prev = None
    for m in months:
        if start is None or prev is None:
            start = prev = m
        elif month_after(prev) == m:
            prev = m
        else:
            out.append(start if start == prev else f"{start}..{prev}")
            start = prev = m
    if start is not None:
        out.append(start if start == prev else f"{start}..{prev}")
    return ", ".join(out)


# Periods of years and months — ages, the activist year, the probation and its extension,
# every deadline — are counted one way (RULES.md "Periods of years and months"): 民法典
# art. 201, the period runs from the day after its first day; art. 202, it ends on the
# corresponding day of the last month, or on that month's last day when it has no such day.
# So 29 February plus one year ends on 28 February, and a birthday is counted the same way
# (最高人民法院 法释〔2006〕1号 art. 2: 周岁从周岁生日的第二天起算).


def period_end(day: date, *, years: int = 0, months: int = 0) -> date:
    """The last day of a period of `years` and `months` begun on `day` (民法典 art. 202)."""
    total = years * 12 + months
    year, month = divmod(day.year * 12 + day.month - 1 + total, 12)
    month += 1
    return date(year, month, min(day.day, _month_end(year, month).day))


def holds_from(day: date, *, years: int = 0, months: int = 0) -> date:
    """The first day on which such a period has run in full: the day after its last day.
    "At least a year as an activist", "eighteen years of age", "the probation has ended"
    hold from here; a deadline of that length is missed from here."""
    return period_end(day, years=years, months=months) + timedelta(days=1)


def full_years(born: date, on: date) -> int:
    """Completed years (周岁) on `on` of someone born on `born`: n counts from
    `holds_from(born, years=n)`. 0 before the first."""
    n = on.year - born.year
    while n > 0 and holds_from(born, years=n) > on:
        n -= 1
    return max(n, 0)
