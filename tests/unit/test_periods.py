from datetime import date, timedelta

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


# RULES.md "Periods of years and months" (民法典 arts. 201–202): N years or months after D end
# on the same day N later, or on that month's last day; the condition holds from the day after.
@settings(deadline=None)
@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)),
    st.integers(min_value=0, max_value=1200),
)
def test_period_end_is_the_corresponding_day_or_the_month_end(day: date, months: int) -> None:
    from calendar import monthrange

    from dangwu.rules.periods import holds_from, period_end

    end = period_end(day, months=months)
    assert (end.year * 12 + end.month) - (day.year * 12 + day.month) == months
    last = monthrange(end.year, end.month)[1]
    assert end.day == (day.day if day.day <= last else last)
    assert holds_from(day, months=months) == end + timedelta(days=1)
    assert period_end(day, years=months // 12, months=months % 12) == end


@settings(deadline=None)
@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)),
)
def test_full_years_steps_up_the_day_after_each_birthday(born: date, on: date) -> None:
    from dangwu.rules.periods import full_years, holds_from

    n = full_years(born, on)
    assert n >= 0
    if n:
        assert holds_from(born, years=n) <= on
    assert holds_from(born, years=n + 1) > on


def test_leap_day_periods() -> None:
    from dangwu.rules.periods import full_years, holds_from, period_end

    assert period_end(date(2024, 2, 29), years=1) == date(2025, 2, 28)
    assert holds_from(date(2024, 2, 29), years=1) == date(2025, 3, 1)
    assert period_end(date(2024, 1, 31), months=1) == date(2024, 2, 29)
    assert full_years(date(2004, 2, 29), date(2022, 2, 28)) == 17
    assert full_years(date(2004, 2, 29), date(2022, 3, 1)) == 18
