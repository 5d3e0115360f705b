"""The committee's term of office and its election (换届), as pure rules.

RULES.md "Organizational life" (`committee_election`) and "Meetings": 党章 (2022) art. 31 and
支部条例 — the branch committee, or the secretary and deputy of a branch without one, serve
3 years (5 for villages and communities); an election held early or late needs the higher
committee's approval, by at most a year (选举工作条例); the election meeting needs more than
four fifths of the voting members present (选举工作条例 art. 18 as applied to branches).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .periods import period_end

# 党章 (2022) art. 31; 支部条例: a term is three years, or five (villages and communities).
TERM_YEARS = (3, 5)
DEFAULT_TERM_YEARS = 3
# 选举工作条例 (and 支部条例): an election brought forward or put off needs the higher
# committee's approval and moves by at most a year.
MAX_SHIFT_YEARS = 1
# Issue 20: the quarter's checklist names the coming election six months ahead.
HEADS_UP_MONTHS = 6
# 选举工作条例 art. 18 as RULES.md applies it: more than four fifths of the voting members.
ELECTION_QUORUM = (4, 5)


@dataclass(frozen=True)
class Term:
    """A committee's term: elected on `start` for `years`; the next election is due by `end`
    (the corresponding day `years` later, 民法典 art. 202 as rules/periods.py counts)."""

    start: date
    years: int
    election_id: int | None  # None: inferred from the committee's posts, no election recorded

    @property
    def end(self) -> date:
        return term_end(self.start, self.years)

    @property
    def heads_up(self) -> date:
        return heads_up_from(self.end)


def term_end(start: date, years: int) -> date:
    """The last day of a term begun on `start`: the day the next election is due by."""
    return period_end(start, years=years)


def heads_up_from(end: date) -> date:
    """From this day the coming election is a task: six months before the term ends."""
    return period_end(end, months=-HEADS_UP_MONTHS)


def election_quorum_met(voting_expected: int, voting_present: int) -> bool:
    """More than four fifths of the voting members expected are present."""
    num, den = ELECTION_QUORUM
    return voting_expected > 0 and den * voting_present > num * voting_expected


def timing(previous_end: date, on: date) -> str:
    """When an election on `on` falls against the term ending `previous_end`: "on_time"
    within the six months before it; "early" or "late" within a year of it (the higher
    committee's approval is needed); "too_early" or "too_late" beyond that."""
    if on > previous_end:
        return "late" if on <= period_end(previous_end, years=MAX_SHIFT_YEARS) else "too_late"
    if on >= heads_up_from(previous_end):
        return "on_time"
    return "early" if on >= period_end(previous_end, years=-MAX_SHIFT_YEARS) else "too_early"
