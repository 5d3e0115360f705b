"""Members working or studying away (流动党员) and members out of contact (失联党员).

Sources: RULES.md "Meetings" (a member away is not expected at the home branch's meetings;
dues stay owed there, quarterly payment may be allowed); PEERS.md §2.2 (the 流动党员活动证
and the 党员证明信; 失联党员 with a province's reason codes).
"""

from __future__ import annotations

from datetime import date, timedelta

from .periods import Period, period_end

# PEERS.md §2.2: the paper a member away carries — a 流动党员活动证 (issued by the 基层党委,
# for absences where the relationship cannot move) or, for short trips (meetings, study,
# 借调, leave), a 党员证明信.
AWAY_KINDS = ("card", "letter")

# PEERS.md §2.2 (one province's 失联党员 forms, https://www.360docs.net/doc/d818562529.html):
# the reasons a member lost contact, in the forms' order — 外出务工经商, 单位改制, 毕业去向不明,
# 工作单位改变, 出国（境）, 居住地改变, 其他. Stored as these codes, shown as the forms' words.
LOST_REASONS = (
    "migrant_work",
    "restructuring",
    "graduate_unknown",
    "job_change",
    "abroad",
    "moved",
    "other",
)

# PEERS.md §2.2: 失联 is losing contact for six months or more, counted from the last
# organizational life or dues payment.
LOST_MONTHS = 6


def out_of_contact(last_contact: date, as_of: date) -> bool:
    """Six months or more without contact on `as_of` since `last_contact` (the period counted
    as every period is, rules/periods.py: it has run once the day after its last day)."""
    return as_of > period_end(last_contact, months=LOST_MONTHS)


def contact_cutoff(as_of: date) -> date:
    """The first day a last contact may fall on and not be six months past on `as_of`: a
    member whose last contact is before it is `out_of_contact` (period_end only grows with
    its first day, so one day divides the two; the SQL compares with it)."""
    day = period_end(as_of, months=-LOST_MONTHS) - timedelta(days=4)
    while out_of_contact(day, as_of):
        day += timedelta(days=1)
    return day


def dues_deferred(deadline: date, as_of: date) -> bool:
    """With the rule option `away_quarterly_dues`: a month whose deadline falls while the
    member is away is owed from the end of its quarter (PEERS.md §2.2: dues monthly,
    quarterly if hard), so on `as_of` it is not yet owed while the quarter runs."""
    return as_of <= Period.quarter_of(deadline).end
