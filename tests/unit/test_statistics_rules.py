"""The categories of the 党内统计年报 (rules/statistics.py): the published age bands, the 入党时间
bands and the days that part them, the 学历 levels, and 第一表's balance person by person."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangwu.rules import statistics as rules


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (18, "30_or_under"),
        (30, "30_or_under"),
        (31, "31_35"),
        (35, "31_35"),
        (36, "36_40"),
        (45, "41_45"),
        (46, "46_50"),
        (55, "51_55"),
        (56, "56_60"),
        (60, "56_60"),
        (61, "61_or_over"),
        (105, "61_or_over"),
    ],
)
def test_the_published_age_bands(age: int, band: str) -> None:
    assert rules.age_band(age) == band


@given(st.integers(min_value=0, max_value=130))
def test_every_age_has_one_band_and_older_never_means_younger_band(age: int) -> None:
    order = rules.age_bands()
    assert len(order) == 8 and order[0] == "30_or_under" and order[-1] == "61_or_over"
    assert order.index(rules.age_band(age)) <= order.index(rules.age_band(age + 1))


@pytest.mark.parametrize(
    ("admitted", "band"),
    [
        (date(1921, 7, 1), "before_prc"),
        (date(1949, 9, 30), "before_prc"),
        (date(1949, 10, 1), "prc_to_third_plenum"),
        (date(1978, 12, 17), "prc_to_third_plenum"),
        (date(1978, 12, 18), "third_plenum_to_18th"),  # the session's first day
        (date(1978, 12, 22), "third_plenum_to_18th"),
        (date(2012, 11, 7), "third_plenum_to_18th"),
        (date(2012, 11, 8), "since_18th"),  # the 十八大 opened
        (date(2026, 6, 20), "since_18th"),
    ],
)
def test_joined_bands_part_on_the_days_cited(admitted: date, band: str) -> None:
    assert rules.joined_band(admitted) == band


@given(st.dates(min_value=date(1921, 7, 1), max_value=date(2100, 12, 31)))
def test_joined_bands_follow_the_calendar(day: date) -> None:
    here = rules.JOINED_BANDS.index(rules.joined_band(day))
    later = rules.JOINED_BANDS.index(rules.joined_band(day + timedelta(days=1)))
    assert here <= later <= here + 1


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("博士研究生", "postgraduate"),
        ("硕士", "postgraduate"),
        ("在职研究生", "postgraduate"),
        ("大学本科", "bachelor"),
        ("本科", "bachelor"),
        ("大学专科", "college"),
        ("大专", "college"),
        ("高职", "college"),
        ("中专", "secondary"),
        ("中等专科", "secondary"),
        ("高中", "high_school"),
        ("中技", "high_school"),
        ("职高", "high_school"),
        ("初中", "junior_or_below"),
        ("小学", "junior_or_below"),
        ("Bachelor", "bachelor"),
        ("junior high school", "junior_or_below"),
        ("high school", "high_school"),
        ("大学", None),  # no level: named by the report
        ("", None),
        (None, None),
    ],
)
def test_education_as_typed_is_placed_in_a_level(text: str | None, level: str | None) -> None:
    assert rules.education_level(text) == level


def test_college_or_above_and_the_lists_of_codes() -> None:
    assert rules.COLLEGE_OR_ABOVE == ("postgraduate", "bachelor", "college")
    assert set(rules.COLLEGE_OR_ABOVE) <= set(rules.EDUCATION_LEVELS)
    assert rules.OCCUPATIONS[-1] == "retired" and len(rules.OCCUPATIONS) == 8
    assert "retired" not in rules.DEVELOPMENT_OCCUPATIONS


@pytest.mark.parametrize(
    ("ethnicity", "minority"),
    [("汉族", False), ("汉", False), (" 汉族 ", False), ("回族", True), ("", None), (None, None)],
)
def test_minority(ethnicity: str | None, minority: bool | None) -> None:
    assert rules.is_minority(ethnicity) is minority


def test_a_balanced_year_has_no_difference() -> None:
    # 1 left, 2 came, 3 came and left, 4 stayed
    assert rules.reconcile([1, 4], [2, 4], added=[2, 3], removed=[1, 3]) == []


def test_an_uncounted_arrival_and_a_double_count_are_named() -> None:
    found = rules.reconcile([1], [1, 2, 3], added=[3, 3], removed=[])
    assert [(d.person, d.moved, d.counted, d.missing) for d in found] == [
        (2, 1, 0, 1),
        (3, 1, 2, -1),
    ]


# A year as each person lived it: a member at the start or not, then a list of changes that
# each flip their membership (an increase while out, a decrease while in).
people = st.lists(
    st.tuples(st.booleans(), st.integers(min_value=0, max_value=4)), min_size=0, max_size=30
)


@given(people)
def test_changes_counted_as_they_happened_always_balance(lives: list[tuple[bool, int]]) -> None:
    start, end, added, removed = [], [], [], []
    for pid, (member, flips) in enumerate(lives):
        if member:
            start.append(pid)
        for _ in range(flips):
            (removed if member else added).append(pid)
            member = not member
        if member:
            end.append(pid)
    assert rules.reconcile(start, end, added, removed) == []
    assert len(start) + len(added) - len(removed) == len(end)


@given(
    st.sets(st.integers(0, 20)),
    st.sets(st.integers(0, 20)),
    st.lists(st.integers(0, 20), max_size=15),
    st.lists(st.integers(0, 20), max_size=15),
)
def test_the_people_named_account_for_the_whole_difference(
    start: set[int], end: set[int], added: list[int], removed: list[int]
) -> None:
    found = rules.reconcile(start, end, added, removed)
    assert sum(d.missing for d in found) == len(end) - (len(start) + len(added) - len(removed))
    assert all(d.missing for d in found)
    assert [d.person for d in found] == sorted({d.person for d in found})
