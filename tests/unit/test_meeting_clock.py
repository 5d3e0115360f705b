"""The hours of a meeting (`meeting add/edit --from-time/--to-time`): HH:MM, end after start."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangwu.errors import Refused
from dangwu.services.meetings import check_hours, parse_clock


@given(st.integers(0, 23), st.integers(0, 59), st.sampled_from([":", "：", " : "]))
def test_every_time_of_day_is_read_as_hh_mm(hour: int, minute: int, colon: str) -> None:
    assert parse_clock(f"{hour}{colon}{minute:02d}", "--from-time") == f"{hour:02d}:{minute:02d}"


@given(st.integers(24, 99) | st.integers(0, 23), st.integers(60, 99))
def test_out_of_range_is_refused(hour: int, minute: int) -> None:
    with pytest.raises(Refused) as err:
        parse_clock(f"{hour}:{minute}", "--to-time")
    assert err.value.en.startswith("--to-time:")


@pytest.mark.parametrize("text", ["24:00", "9", "930", "9.30", "9:5", "上午9点", "-1:00"])
def test_other_spellings_are_refused(text: str) -> None:
    with pytest.raises(Refused):
        parse_clock(text, "--from-time")


@pytest.mark.parametrize("text", [None, "", "  "])
def test_nothing_is_none(text: str | None) -> None:
    assert parse_clock(text, "--from-time") is None


@given(st.integers(0, 1439), st.integers(0, 1439))
def test_the_end_must_follow_the_start(a: int, b: int) -> None:
    start, end = f"{a // 60:02d}:{a % 60:02d}", f"{b // 60:02d}:{b % 60:02d}"
    if b > a:
        check_hours(start, end)
    else:
        with pytest.raises(Refused):
            check_hours(start, end)
    check_hours(start, None)
    check_hours(None, end)
