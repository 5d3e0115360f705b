from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from dangwu.rules.periods import Period


@settings(deadline=None)  # a loaded CI machine must not fail a value check
@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31)))
def test_quarter_of_contains_the_day_and_splits_into_three_months(day: date) -> None:
    q = Period.quarter_of(day)
    assert q.contains(day)
    months = q.months()
    assert len(months) == 3
    assert months[0].start == q.start and months[-1].end == q.end
    assert sum(1 for m in months if m.contains(day)) == 1


def test_year_has_twelve_months() -> None:
    assert [m.code for m in Period.year(2026).months()][:2] == ["2026-01", "2026-02"]
    assert len(Period.year(2026).months()) == 12
