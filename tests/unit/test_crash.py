"""What a crash report may contain: ID and phone numbers masked, everything else kept."""

from __future__ import annotations

import pytest

from dangwu.crash import crash_dir, mask_text, masked_argv


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("110101198001050338", "198001050"),
        ("id 11010119800105033X.", "198001050"),
        ("old 110101800105033 id", "8001050"),
        ("13801010001", "0101"),
        ("+86 138-0101-0001", "0101"),
        ("tel:138 0101 0001", "0101"),
    ],
)
def test_numbers_are_masked(text: str, hidden: str) -> None:
    assert hidden not in mask_text(text)


@pytest.mark.parametrize("text", ["meeting 151", "2026-11-25", "1234567890123", "line 1234"])
def test_other_numbers_are_kept(text: str) -> None:
    assert mask_text(text) == text


def test_sensitive_options_are_hidden_whatever_their_shape() -> None:
    argv = ["member", "add", "张三", "--phone", "010-8888", "--id-number=X1", "--unit", "财务处"]
    assert masked_argv(argv) == [
        "member",
        "add",
        "张三",
        "--phone",
        "***",
        "--id-number=***",
        "--unit",
        "财务处",
    ]


def test_crash_dir_ignores_a_relative_xdg_state_home(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DANGWU_CRASH_DIR", raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", "relative/state")
    assert crash_dir().is_absolute()
    assert crash_dir().parts[-3:] == ("state", "dangwu", "crash")
