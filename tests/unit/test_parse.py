"""User input: dates, months, periods and money in every form CLI.md accepts."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dangwu.errors import Refused
from dangwu.parse import MAX_FEN, format_money, parse_date, parse_money, parse_month, parse_period


@pytest.mark.parametrize("text", ["2026-11-24", "2026/11/24", "20261124", "2026年11月24日"])
def test_date_forms(text: str) -> None:
    assert parse_date(text, "--on") == date(2026, 11, 24)


@pytest.mark.parametrize("text", ["2026-02-30", "2026年2月30日", "20260230", "2025-13-01"])
def test_unreal_dates_are_refused_naming_the_field(text: str) -> None:
    with pytest.raises(Refused) as err:
        parse_date(text, "--admitted-on")
    assert err.value.en.startswith("--admitted-on:")


@pytest.mark.parametrize(
    "text", ["", "yesterday", "2026-1", "24/11/2026", "2026-11-24; DROP TABLE"]
)
def test_non_dates_are_refused(text: str) -> None:
    with pytest.raises(Refused):
        parse_date(text, "--on")


@pytest.mark.parametrize("text", ["2026-11", "2026年11月", "2026/11"])
def test_month_forms(text: str) -> None:
    m = parse_month(text, "--month")
    assert (m.start, m.end, m.code) == (date(2026, 11, 1), date(2026, 11, 30), "2026-11")


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026", date(2026, 1, 1), date(2026, 12, 31)),
        ("2026H2", date(2026, 7, 1), date(2026, 12, 31)),
        ("2026q3", date(2026, 7, 1), date(2026, 9, 30)),
        ("2026-02", date(2026, 2, 1), date(2026, 2, 28)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
    ],
)
def test_periods(text: str, start: date, end: date) -> None:
    p = parse_period(text)
    assert (p.start, p.end) == (start, end)


@pytest.mark.parametrize("text", ["2026Q5", "2026H3", "26Q1", "Q1"])
def test_bad_periods(text: str) -> None:
    with pytest.raises(Refused):
        parse_period(text)


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("45", 4500),
        ("45.5", 4550),
        ("45.50", 4550),
        ("1,234.50", 123450),
        ("¥45", 4500),
        ("0.2", 20),
    ],
)
def test_money_forms(text: str, fen: int) -> None:
    assert parse_money(text, "--amount") == fen


@pytest.mark.parametrize("text", ["-1", "45.555", "abc", "1,23", "", "1e3", "NaN"])
def test_bad_money(text: str) -> None:
    with pytest.raises(Refused) as err:
        parse_money(text, "--amount")
    assert err.value.en.startswith("--amount:")


@settings(deadline=None)  # a loaded CI machine must not fail a value check
@given(st.integers(min_value=0, max_value=MAX_FEN))
def test_money_round_trips_through_its_json_string(fen: int) -> None:
    assert parse_money(format_money(fen), "--amount") == fen


def test_absurd_amounts_and_years_are_refused() -> None:
    with pytest.raises(Refused):
        parse_money("99999999999999999999", "--income")
    with pytest.raises(Refused):
        parse_date("0001-01-01", "--on")
