"""GB 11643-1999 citizen ID numbers: check digit, birth date, gender digit."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from dangwu.rules import identity


def test_known_valid_number() -> None:
    # the standard's own worked example: 11010519491231002X
    assert identity.id_problem("11010519491231002X") is None
    assert identity.birth_date_of("11010519491231002X") == date(1949, 12, 31)
    assert identity.gender_of("11010519491231002X") == "female"


def test_wrong_check_digit_is_named() -> None:
    problem = identity.id_problem("110105194912310021")
    assert problem is not None and problem.code == "check_digit"
    assert "X" in problem.en


def test_impossible_birth_date() -> None:
    body = "11010519490230002"
    problem = identity.id_problem(body + identity.check_char(body))
    assert problem is not None and problem.code == "birth_date"


def test_shape() -> None:
    for bad in ("", "1234", "11010519491231002Y", "1101051949123100211"):
        problem = identity.id_problem(bad)
        assert problem is not None and problem.code == "shape"


def test_lowercase_x_is_normalized() -> None:
    assert identity.id_problem("11010519491231002x") is None


@settings(deadline=None)  # a loaded CI machine must not fail a value check
@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2010, 12, 31)),
    st.integers(min_value=0, max_value=499),
    st.sampled_from(["male", "female"]),
)
def test_made_numbers_are_valid_and_carry_their_facts(born: date, seq: int, gender: str) -> None:
    number = identity.make_id("310104", born, seq, gender)
    assert identity.id_problem(number) is None
    assert identity.birth_date_of(number) == born
    assert identity.gender_of(number) == gender


@settings(deadline=None)  # a loaded CI machine must not fail a value check
@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2010, 12, 31)),
    st.integers(min_value=0, max_value=16),
    st.integers(min_value=1, max_value=9),
)
def test_any_single_digit_change_is_caught(born: date, position: int, delta: int) -> None:
    number = identity.make_id("440305", born, 7, "male")
    changed = number[:position] + str((int(number[position]) + delta) % 10) + number[position + 1 :]
    # MOD 11-2 detects every single-digit substitution
    assert identity.id_problem(changed) is not None
