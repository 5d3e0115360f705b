from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dangwu.rules.names import name_key


def test_full_width_zero_width_and_direction_characters_make_no_other_name() -> None:
    assert name_key("Ｌｉ Ｎａ") == name_key("Li Na") == name_key("li  na")
    assert name_key("张\u200b伟") == name_key("张伟") == name_key("\u202e张伟\u202c")
    assert name_key("张\u3000伟") == name_key("张 伟")
    assert name_key("张伟") != name_key("张玮")


@given(st.text(min_size=1, max_size=20))
def test_the_key_is_stable(name: str) -> None:
    assert name_key(name_key(name)) == name_key(name)
