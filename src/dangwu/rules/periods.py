"""Calendar periods (month, quarter, half, year) as a small value type."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


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
        return cls(date(year, month, 1), _month_end(year, month), f"{year:04d}-{month:02d}")

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
    def quarter_of(cls, day: date) -> Period:
        return cls.quarter(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def month_of(cls, day: date) -> Period:
        return cls.month(day.year, day.month)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def months(self) -> list[Period]:
        out = []
        y, m = self.start.year, self.start.month
        while date(y, m, 1) <= self.end:
            out.append(Period.month(y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out

    def __str__(self) -> str:
        return self.code
