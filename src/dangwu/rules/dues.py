"""Party dues (党费): the 2008 rate tables, rounding, and when a month is owed.

Sources: 党费规定 = 中组部《关于中国共产党党费收缴、使用和管理的规定》(2008), part 一
"党费的收缴", (一) "党员交纳党费的比例", items 1–4; 党章 art. 9 for the six months;
seed 000 (篇5 党费收缴管理制度) for the 20th and the three months of back-payment.
All money is integer fen; rates are Decimal; rounding is to the fen, half up (RULES.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from .periods import month_of

# 党费规定 一(一)1: in-service members, monthly after-tax regular income (yuan), upper bound
# inclusive ("以下（含）"), rate applied to the whole base (not progressive).
IN_SERVICE_BRACKETS: tuple[tuple[Decimal | None, Decimal], ...] = (
    (Decimal("3000"), Decimal("0.005")),  # ≤ 3000: 0.5%
    (Decimal("5000"), Decimal("0.01")),  # 3000 < base ≤ 5000: 1%
    (Decimal("10000"), Decimal("0.015")),  # 5000 < base ≤ 10000: 1.5%
    (None, Decimal("0.02")),  # > 10000: 2%
)
# 党费规定 一(一)2: retired members (离退休).
RETIRED_BRACKETS: tuple[tuple[Decimal | None, Decimal], ...] = (
    (Decimal("5000"), Decimal("0.005")),  # ≤ 5000: 0.5%
    (None, Decimal("0.01")),  # > 5000: 1%
)
# 党费规定 一(一)3: farmers pay a fixed 0.2 to 1 yuan a month.
FARMER_FIXED_FEN = (20, 100)
# 党费规定 一(一)4: students, the unemployed, those on relief or minimum living allowance pay
# 0.2 yuan a month, or are exempted with approval (0).
LOW_INCOME_FIXED_FEN = 20
LOW_INCOME_CATEGORIES = frozenset({"student", "unemployed"})
RATE_CATEGORIES = frozenset({"in_service", "retired"})

# seed 000 (篇5 §1): dues are handed in before the 20th of each month. Rule-profile default.
DEFAULT_DEADLINE_DAY = 20
# RULES.md "Dues": three or more months unpaid → overdue (seed 000 篇5 §2 allows back-payment
# for at most three months before the branch must act).
OVERDUE_MONTHS = 3
# 党章 art. 9: six consecutive months without paying dues without good reason → treated as
# having left the Party.
LAPSE_MONTHS = 6


@dataclass(frozen=True)
class Due:
    rate: Decimal | None  # None for fixed dues
    monthly_fen: int


def brackets_for(category: str) -> tuple[tuple[Decimal | None, Decimal], ...]:
    if category == "in_service":
        return IN_SERVICE_BRACKETS
    if category == "retired":
        return RETIRED_BRACKETS
    raise ValueError(f"category {category!r} pays fixed dues, not a rate")


def rate_for(category: str, base_fen: int) -> Decimal:
    base = Decimal(base_fen) / 100
    for upper, rate in brackets_for(category):
        if upper is None or base <= upper:
            return rate
    raise AssertionError("unreachable: the last bracket is open")


def round_fen(amount_yuan: Decimal) -> int:
    """Yuan → integer fen, half up (RULES.md)."""
    return int((amount_yuan * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def monthly_due(category: str, base_fen: int) -> Due:
    """The monthly due from a base: the whole base at its bracket's rate, to the fen."""
    rate = rate_for(category, base_fen)
    return Due(rate, round_fen(Decimal(base_fen) / 100 * rate))


def fixed_problem(category: str, fixed_fen: int) -> str | None:
    """Why a fixed monthly due is not allowed for the category (None: fine).

    Fixed dues are the rule for farmers (0.2–1 yuan) and for students and the unemployed
    (0.2 yuan, or 0 when waived); for in-service and retired members a fixed amount records an
    approved reduction (党费规定: 经党组织批准可以少交或免交), so any amount is accepted there.
    """
    if category == "farmer" and not FARMER_FIXED_FEN[0] <= fixed_fen <= FARMER_FIXED_FEN[1]:
        return "farmer"
    if category in LOW_INCOME_CATEGORIES and fixed_fen not in (0, LOW_INCOME_FIXED_FEN):
        return "low_income"
    return None


def deadline(month_start: date, deadline_day: int) -> date:
    """The last day to pay a month's dues without being late."""
    return month_start.replace(day=deadline_day)


def is_owed(month_start: date, as_of: date, deadline_day: int) -> bool:
    """A month is owed once its payment deadline has passed (RULES.md)."""
    return as_of > deadline(month_start, deadline_day)


def last_owed_month(as_of: date, deadline_day: int) -> date:
    """The first day of the latest month whose deadline has passed on `as_of`."""
    first = as_of.replace(day=1)
    if is_owed(first, as_of, deadline_day):
        return first
    return date(first.year - 1, 12, 1) if first.month == 1 else first.replace(month=first.month - 1)


def first_owed_month(
    first_base: str | None, admitted_on: date | str | None, joined_on: date | str | None
) -> str | None:
    """The month code from which a member owes this branch dues: RULES.md "Dues", tracked from
    the later of the admission month and the first base month; a member who transferred in
    owes this branch from the month they joined it. None without a base (nothing is owed)."""
    if first_base is None:
        return None
    return max([first_base] + [month_of(d) for d in (admitted_on, joined_on) if d])


def flag(owed_months: int, consecutive: int, has_base: bool) -> str | None:
    """The most serious flag that applies: lapse_risk, overdue, no_base (CLI.md)."""
    if consecutive >= LAPSE_MONTHS:
        return "lapse_risk"
    if owed_months >= OVERDUE_MONTHS:
        return "overdue"
    if not has_base:
        return "no_base"
    return None
