"""The 2008 rate tables (党费规定) to the fen, on and around every bracket boundary."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dangwu.rules import dues


@pytest.mark.parametrize(
    ("category", "base", "rate", "due"),
    [
        ("in_service", "3000", "0.005", "15.00"),
        ("in_service", "3000.01", "0.01", "30.00"),
        ("in_service", "5000", "0.01", "50.00"),
        ("in_service", "5000.01", "0.015", "75.00"),
        ("in_service", "10000", "0.015", "150.00"),
        ("in_service", "10000.01", "0.02", "200.00"),
        ("in_service", "2999.99", "0.005", "15.00"),
        ("in_service", "4321.50", "0.01", "43.22"),  # 43.215 rounds half up
        ("in_service", "0", "0.005", "0.00"),
        ("retired", "5000", "0.005", "25.00"),
        ("retired", "5000.01", "0.01", "50.00"),
        ("retired", "3100", "0.005", "15.50"),
    ],
)
def test_rate_table_examples(category: str, base: str, rate: str, due: str) -> None:
    fen = int(Decimal(base) * 100)
    result = dues.monthly_due(category, fen)
    assert result.rate == Decimal(rate)
    assert result.monthly_fen == int(Decimal(due) * 100)


@settings(deadline=None)  # a loaded CI machine must not fail a value check
@given(st.integers(min_value=0, max_value=10_000_000), st.sampled_from(["in_service", "retired"]))
def test_whole_base_at_one_rate_half_up(base_fen: int, category: str) -> None:
    result = dues.monthly_due(category, base_fen)
    exact = Decimal(base_fen) * result.rate  # in fen
    assert result.monthly_fen == int(exact.quantize(Decimal("1"), rounding=ROUND_HALF_UP))
    assert abs(result.monthly_fen - exact) <= Decimal("0.5")


@settings(deadline=None)  # a loaded CI machine must not fail a value check
@given(st.integers(min_value=0, max_value=5_000_000))
def test_due_never_falls_when_income_rises(base_fen: int) -> None:
    # not progressive: crossing a boundary jumps up, never down
    for category in ("in_service", "retired"):
        assert (
            dues.monthly_due(category, base_fen + 1).monthly_fen
            >= dues.monthly_due(category, base_fen).monthly_fen
        )


@settings(deadline=None)  # a loaded CI machine must not fail a value check
@given(st.sampled_from([300000, 500000, 1000000]))
def test_boundaries_are_inclusive(boundary: int) -> None:
    below = dues.rate_for("in_service", boundary)
    above = dues.rate_for("in_service", boundary + 1)
    assert above > below


def test_fixed_dues_limits() -> None:
    assert dues.fixed_problem("farmer", 20) is None and dues.fixed_problem("farmer", 100) is None
    assert (
        dues.fixed_problem("farmer", 19) == "farmer"
        and dues.fixed_problem("farmer", 101) == "farmer"
    )
    assert dues.fixed_problem("student", 20) is None and dues.fixed_problem("student", 0) is None
    assert dues.fixed_problem("unemployed", 50) == "low_income"
    assert dues.fixed_problem("in_service", 1) is None  # an approved reduction


@pytest.mark.parametrize(
    ("as_of", "owed"),
    [
        (date(2026, 11, 15), date(2026, 10, 1)),
        (date(2026, 11, 20), date(2026, 10, 1)),
        (date(2026, 11, 21), date(2026, 11, 1)),
        (date(2026, 1, 5), date(2025, 12, 1)),
    ],
)
def test_a_month_is_owed_after_its_deadline(as_of: date, owed: date) -> None:
    assert dues.last_owed_month(as_of, 20) == owed


def test_flags_most_serious_first() -> None:
    assert dues.flag(7, 7, True) == "lapse_risk"
    assert dues.flag(6, 3, True) == "overdue"
    assert dues.flag(3, 3, True) == "overdue"
    assert dues.flag(2, 2, True) is None
    assert dues.flag(0, 0, False) == "no_base"
