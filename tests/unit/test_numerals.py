"""Chinese numerals as the transfer letter writes them (rules/numerals.py), and the letter's
rules of validity and 回执 (rules/transfer.py)."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dangwu.rules.numerals import chinese_date, chinese_month, chinese_number, chinese_year
from dangwu.rules.transfer import (
    DEFAULT_VALID_DAYS,
    MAX_VALID_DAYS,
    receipt_due,
    receipt_overdue,
    valid_days_problem,
)

DIGIT = {ch: i for i, ch in enumerate("零一二三四五六七八九")}
UNIT = {"十": 10, "百": 100, "千": 1000}


def read_back(text: str) -> int:
    """An independent reader of a number written out (the inverse, for the round trip)."""
    if text == "零":
        return 0
    total, digit = 0, None
    for ch in text:
        if ch in UNIT:
            total += (1 if digit is None else digit) * UNIT[ch]
            digit = None
        elif ch == "零":
            digit = None
        else:
            assert digit is None, f"two digits in a row in {text!r}"
            digit = DIGIT[ch]
    return total + (digit or 0)


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (0, "零"),
        (1, "一"),
        (4, "四"),
        (10, "十"),
        (11, "十一"),
        (12, "十二"),
        (19, "十九"),
        (20, "二十"),
        (21, "二十一"),
        (30, "三十"),
        (90, "九十"),
        (100, "一百"),
        (101, "一百零一"),
        (105, "一百零五"),
        (110, "一百一十"),
        (115, "一百一十五"),
        (180, "一百八十"),
        (1000, "一千"),
        (1001, "一千零一"),
        (1010, "一千零一十"),
        (2026, "二千零二十六"),
        (9999, "九千九百九十九"),
    ],
)
def test_numbers_as_read(n: int, text: str) -> None:
    assert chinese_number(n) == text


def test_years_months_and_dates_as_the_letter_writes_them() -> None:
    assert chinese_year(2026) == "二〇二六"
    assert chinese_year(2000) == "二〇〇〇"
    assert chinese_year(1999) == "一九九九"
    assert chinese_month(2026, 4) == "二〇二六年四月"
    assert chinese_month(2026, 11) == "二〇二六年十一月"
    assert chinese_month(2026, 12) == "二〇二六年十二月"
    assert chinese_date(2026, 4, 10) == "二〇二六年四月十日"
    assert chinese_date(2026, 12, 31) == "二〇二六年十二月三十一日"


@pytest.mark.parametrize("bad", [-1, 10000])
def test_numbers_out_of_range_are_refused(bad: int) -> None:
    with pytest.raises(ValueError):
        chinese_number(bad)


@pytest.mark.parametrize(("year", "month"), [(2026, 0), (2026, 13)])
def test_months_out_of_range_are_refused(year: int, month: int) -> None:
    with pytest.raises(ValueError):
        chinese_month(year, month)


@settings(deadline=None)
@given(st.integers(min_value=0, max_value=9999))
def test_every_number_reads_back_and_is_well_formed(n: int) -> None:
    text = chinese_number(n)
    assert read_back(text) == n
    assert set(text) <= set(DIGIT) | set(UNIT)
    assert "〇" not in text  # 〇 belongs to years read digit by digit
    assert "零零" not in text  # one 零 stands for a run of zeros
    assert n == 0 or not text.endswith("零")
    assert not text.startswith("一十")  # 十一, not 一十一
    if n >= 20 or n < 10:
        assert len(text) <= 7


@settings(deadline=None)
@given(st.integers(min_value=1000, max_value=9999))
def test_a_year_is_its_digits(year: int) -> None:
    text = chinese_year(year)
    assert len(text) == 4
    assert "".join(str("〇一二三四五六七八九".index(ch)) for ch in text) == str(year)


@settings(deadline=None)
@given(st.dates(min_value=date(1921, 7, 1), max_value=date(2200, 12, 31)))
def test_a_date_writes_each_part(day: date) -> None:
    text = chinese_date(day.year, day.month, day.day)
    year, rest = text.split("年")
    month, rest = rest.split("月")
    assert rest.endswith("日")
    assert year == chinese_year(day.year)
    assert read_back(month) == day.month
    assert read_back(rest[:-1]) == day.day


def test_validity_bounds() -> None:
    assert DEFAULT_VALID_DAYS == 30 and MAX_VALID_DAYS == 90
    assert valid_days_problem(1) is None and valid_days_problem(90) is None
    assert valid_days_problem(0) == "range" and valid_days_problem(91) == "range"


def test_receipt_within_a_month_and_the_month_end_reading() -> None:
    assert receipt_due(date(2026, 4, 10)) == date(2026, 5, 10)
    # a month from 31 January ends on the last day of February (民法典 art. 202)
    assert receipt_due(date(2026, 1, 31)) == date(2026, 2, 28)
    issued = date(2026, 4, 10)
    assert not receipt_overdue(issued, None, date(2026, 5, 10))
    assert receipt_overdue(issued, None, date(2026, 5, 11))
    assert not receipt_overdue(issued, date(2026, 5, 20), date(2026, 6, 1))
    # back only after the day asked about: still overdue on that day
    assert receipt_overdue(issued, date(2026, 6, 2), date(2026, 6, 1))


@settings(deadline=None)
@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
    st.integers(min_value=0, max_value=120),
)
def test_overdue_exactly_from_the_day_after_the_month(issued: date, later: int) -> None:
    as_of = issued + timedelta(days=later)
    assert receipt_overdue(issued, None, as_of) == (as_of > receipt_due(issued))
    # a receipt back by then is never overdue
    assert not receipt_overdue(issued, issued, as_of)
