"""rules/evaluation.py: the 优秀 cap, the tallies, the follow-up deadlines of an unqualified
member, each against its source (RULES.md "Evaluation", PEERS.md §2.6, seed 000 七.7)."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dangwu.rules import evaluation as ev

DAYS = st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31))


def test_the_grades_and_handlings_are_the_regulations() -> None:
    assert ev.GRADES == ("excellent", "qualified", "basic", "unqualified")  # seed 001 (十二)
    assert ev.ACTIONS == ("correct", "persuade", "remove")  # seed 000 七.7
    assert ev.EXCELLENT_CAP == Fraction(1, 3)  # PEERS.md §2.6


@pytest.mark.parametrize(
    ("base", "limit"), [(0, 0), (1, 0), (2, 0), (3, 1), (5, 1), (6, 2), (10, 3), (26, 8), (30, 10)]
)
def test_the_cap_is_a_third_rounded_down(base: int, limit: int) -> None:
    assert ev.cap_limit(base) == limit
    assert not ev.over_cap(limit, base)
    assert ev.over_cap(limit + 1, base)


@settings(deadline=None)
@given(st.integers(min_value=0, max_value=100_000), st.integers(min_value=0, max_value=100_000))
def test_over_the_cap_exactly_when_the_share_exceeds_a_third(base: int, excellent: int) -> None:
    share_over = excellent > 0 if base == 0 else Fraction(excellent, base) > Fraction(1, 3)
    assert ev.over_cap(excellent, base) is share_over
    # the limit is the most that is not over; one more always is
    assert ev.cap_limit(base) <= base
    assert not ev.over_cap(ev.cap_limit(base), base) and ev.over_cap(ev.cap_limit(base) + 1, base)
    # a bigger base never makes the same count over
    assert not (ev.over_cap(excellent, base + 1) and not ev.over_cap(excellent, base))


@settings(deadline=None)
@given(st.integers(min_value=0, max_value=1000), st.integers(min_value=0, max_value=1000))
def test_the_base_is_never_below_the_results_recorded(members: int, evaluated: int) -> None:
    base = ev.cap_base(members, evaluated)
    assert base == max(members, evaluated)
    # so the results themselves can never all be excellent once there are two or more
    assert evaluated < 2 or ev.over_cap(evaluated, base) or members > evaluated


def test_the_tallies_are_counts_at_most_the_full_members_present() -> None:
    assert ev.tally_problems(ev.Tally(6, 1, 0, 0), 7) == []  # all seven voted
    (problem,) = ev.tally_problems(ev.Tally(6, 1, 1, 0), 7)
    assert "8" in problem.zh and "7" in problem.en
    assert ev.tally_problems(ev.Tally(0, 40, 0, 0), None) == []  # no meeting: no head count
    assert ev.tally_problems(ev.Tally(-1, 0, 0, 0), None)
    assert ev.Tally(1, 2, 3, 4).total == 10 and ev.Tally(1, 2, 3, 4).as_tuple() == (1, 2, 3, 4)


@settings(deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=500), min_size=4, max_size=4),
       st.integers(min_value=0, max_value=2000))  # fmt: skip
def test_a_tally_is_refused_exactly_when_over_the_voters(votes: list[int], present: int) -> None:
    tally = ev.Tally(*votes)
    assert bool(ev.tally_problems(tally, present)) is (sum(votes) > present)


def test_the_grade_is_dated_by_the_decision_else_the_meeting_else_the_years_end() -> None:
    assert ev.decided_from(2025, date(2026, 1, 5), date(2025, 12, 29)) == date(2026, 1, 5)
    assert ev.decided_from(2025, None, date(2025, 12, 29)) == date(2025, 12, 29)
    assert ev.decided_from(2025, None, None) == date(2025, 12, 31)


def test_the_deadlines_follow_the_one_rule_for_periods() -> None:
    # three months to decide the handling (the quarterly general meeting)
    assert ev.decision_due(date(2025, 12, 30)) == date(2026, 3, 30)
    assert ev.decision_due(date(2025, 11, 30)) == date(2026, 2, 28)  # no 30 February
    assert ev.decision_due(date(2025, 12, 31)) == date(2026, 3, 31)
    # a year of 限期改正 (组织工作问答); 29 February read as everywhere else
    assert ev.correction_due(date(2026, 4, 10)) == date(2027, 4, 10)
    assert ev.correction_due(date(2024, 2, 29)) == date(2025, 2, 28)
    # missed from the day after the last day
    assert not ev.missed(date(2026, 3, 30), date(2026, 3, 30))
    assert ev.missed(date(2026, 3, 30), date(2026, 3, 31))


@settings(deadline=None)
@given(DAYS, DAYS)
def test_an_undecided_handling_is_overdue_exactly_after_three_months(
    graded: date, as_of: date
) -> None:
    f = ev.followup("unqualified", None, graded, None, None, as_of)
    assert f.state == "decide"
    assert f.due == ev.decision_due(graded)
    assert f.overdue(as_of) is (as_of > f.due)
    assert graded < f.due <= graded + timedelta(days=92)


def test_where_the_follow_up_stands() -> None:
    day, later = date(2025, 12, 30), date(2027, 6, 1)
    assert ev.followup("qualified", None, day, None, None, later) == ev.Followup(None)
    assert not ev.Followup(None).overdue(later)
    running = ev.followup("unqualified", "correct", day, date(2026, 6, 30), None, later)
    assert (running.state, running.due, running.overdue(later)) == (
        "correct", date(2026, 6, 30), True
    )  # fmt: skip
    # a 限期改正 with no time limit stored (typed before): a year from the grade
    assert ev.followup("unqualified", "correct", day, None, None, later).due == date(2026, 12, 30)
    decided = ev.followup("unqualified", "remove", day, None, None, later)
    assert decided.state == "decided" and not decided.overdue(later)
    # free text a branch wrote down counts as decided, with no time limit known
    assert ev.followup("unqualified", "批评教育", day, None, None, later).state == "decided"
    done = ev.followup("unqualified", "correct", day, date(2026, 6, 30), date(2026, 6, 1), later)
    assert (done.state, done.done_on, done.overdue(later)) == ("done", date(2026, 6, 1), False)
    # seen from before the outcome, it is still running
    before = ev.followup("unqualified", "correct", day, date(2026, 6, 30), date(2026, 6, 1),
                         date(2026, 5, 31))  # fmt: skip
    assert before.state == "correct"
