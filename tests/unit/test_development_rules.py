"""发展细则 preconditions as pure functions."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from dangwu.rules import development as rules
from dangwu.rules.meetings import quorum_met, vote_passes


def test_eighteen_from_the_day_after_the_birthday() -> None:
    # RULES.md "Periods of years and months": the condition holds from the day after the
    # period ends (周岁从周岁生日的第二天起算)
    born = date(2008, 11, 25)
    assert rules.check_apply(born, date(2026, 11, 26)) == []
    (unmet,) = rules.check_apply(born, date(2026, 11, 25))
    assert unmet.code == "age" and unmet.holds_from == date(2026, 11, 26)


def test_leap_day_birthday() -> None:
    assert rules.check_apply(date(2004, 2, 29), date(2022, 2, 28)) != []
    assert rules.check_apply(date(2004, 2, 29), date(2022, 3, 1)) == []


def test_leap_day_birth_and_leap_day_designation_count_alike() -> None:
    """Issue 18: a 29 February birthday and a 29 February designation get one arithmetic."""
    (age,) = rules.check_apply(date(2004, 2, 29), date(2022, 2, 28))
    h = rules.History(birth_date=None, activist_on=date(2024, 2, 29))
    parties = [rules.Party(1, "a", "full", True), rules.Party(2, "b", "full", True)]
    year = [
        u
        for u in rules.check_candidate(h, "activist", date(2025, 2, 28), parties, 9)
        if u.code == "activist_year"
    ]
    assert age.holds_from == date(2022, 3, 1)
    assert year[0].holds_from == date(2025, 3, 1)
    assert not [
        u
        for u in rules.check_candidate(h, "activist", date(2025, 3, 1), parties, 9)
        if u.code == "activist_year"
    ]


def test_probation_of_a_leap_day_admission_and_its_extension() -> None:
    h = rules.History(birth_date=None, admitted_on=date(2024, 2, 29))
    assert h.probation_end == date(2025, 2, 28)
    h.extension_months = 6
    assert h.probation_end == date(2025, 8, 28)
    # full membership begins the day probation ends, whenever the meeting is
    assert rules.full_from(h, date(2025, 9, 10)) == date(2025, 8, 28)


def test_public_notice_example_from_rules() -> None:
    # RULES.md: 2025-12-01 Monday to 2025-12-05 Friday is five working days
    assert rules.notice_working_days(date(2025, 12, 1), date(2025, 12, 5)) == (5, True)


def test_public_notice_beyond_the_calendar_falls_back_to_weekends() -> None:
    days, known = rules.notice_working_days(date(2031, 3, 3), date(2031, 3, 9))
    assert (days, known) == (5, False)


def test_half_year_gaps_count_calendar_halves_begun_as_an_activist() -> None:
    start = date(2025, 2, 1)  # 2025H1 was begun before: not owed
    assert rules.half_year_gaps(start, date(2026, 2, 2), [date(2025, 9, 1)]) == []
    assert rules.half_year_gaps(start, date(2026, 2, 2), []) == [date(2025, 12, 31)]
    # from the first day of a half, that half is owed too; a half still running is not
    assert rules.half_year_gaps(date(2025, 1, 1), date(2026, 2, 2), [date(2025, 9, 1)]) == [
        date(2025, 6, 30)
    ]
    assert rules.half_year_gaps(date(2025, 1, 1), date(2025, 6, 30), []) == []


def _vote(**kw: object) -> rules.Vote:
    base = dict(
        meeting_type="general",
        meeting_on=date(2026, 1, 5),
        held=True,
        quorum_met=True,
        voting_expected=8,
        voting_present=6,
        votes_for=5,
        votes_against=1,
        votes_abstain=0,
    )
    base.update(kw)
    return rules.Vote(**base)  # type: ignore[arg-type]


def test_vote_checks() -> None:
    assert rules.check_vote(_vote(), date(2026, 1, 5)) == []
    assert [
        u.code for u in rules.check_vote(_vote(votes_for=4, votes_against=0), date(2026, 1, 5))
    ] == ["votes"]
    assert [u.code for u in rules.check_vote(_vote(votes_against=2), date(2026, 1, 5))] == [
        "votes"
    ]  # 7 > 6
    assert {
        u.code for u in rules.check_vote(_vote(meeting_type="committee"), date(2026, 1, 5))
    } == {"meeting"}
    assert {u.code for u in rules.check_vote(_vote(quorum_met=False), date(2026, 1, 5))} == {
        "quorum"
    }


@settings(deadline=None)  # a loaded CI machine must not fail a value check
@given(st.integers(min_value=0, max_value=500), st.integers(min_value=0, max_value=500))
def test_more_than_half(votes_for: int, expected: int) -> None:
    assert vote_passes(votes_for, expected) == (votes_for * 2 > expected)
    assert quorum_met("general", expected, votes_for) == (expected > 0 and votes_for * 2 > expected)


def test_extension_bounds_and_once() -> None:
    h = rules.History(birth_date=None, admitted_on=date(2025, 1, 10))
    meeting = _vote(meeting_on=date(2026, 1, 20))
    assert rules.check_extend(h, "probationary", date(2026, 1, 20), 6, meeting) == []
    assert [
        u.code for u in rules.check_extend(h, "probationary", date(2026, 1, 20), 13, meeting)
    ] == ["months"]
    early = rules.check_extend(
        h, "probationary", date(2025, 12, 20), 6, _vote(meeting_on=date(2025, 12, 20))
    )
    assert [u.code for u in early] == ["probation"] and early[0].holds_from == date(2026, 1, 10)
    h.extension_months = 6
    assert h.probation_end == date(2026, 7, 10)
    assert "extension" in [
        u.code
        for u in rules.check_extend(
            h, "probationary", date(2026, 7, 20), 6, _vote(meeting_on=date(2026, 7, 20))
        )
    ]


def test_next_steps_flags() -> None:
    h = rules.History(birth_date=None, applied_on=date(2026, 1, 1))
    (step,) = rules.next_steps(h, "applicant", date(2026, 2, 2))
    assert (step.code, step.due, step.flag) == ("talk", date(2026, 2, 1), "talk_overdue")
    h = rules.History(birth_date=None, admitted_on=date(2025, 1, 10), tracked=True)
    steps = rules.next_steps(h, "probationary", date(2025, 4, 20))
    # three months after the meeting: neither reported (RULES.md) nor approved
    assert {s.flag for s in steps[:2]} == {"report_overdue", "approval_overdue"}
    h.logs.append(rules.Log("resolution_sent", date(2025, 1, 20)))
    steps = rules.next_steps(h, "probationary", date(2025, 4, 20))
    assert steps[0].flag == "approval_overdue" and "report" not in [s.code for s in steps]
