"""Files dangwu writes are safe to open: formulas neutralized, mode 0600, round trips intact."""

from __future__ import annotations

from pathlib import Path

from ledger_helper import Ledger


def test_formula_cells_are_neutralized_and_round_trip(tmp_path: Path) -> None:
    led = Ledger(tmp_path / "x.db")
    led.ok("init", "--branch", "测试支部")
    led.ok(
        "member",
        "add",
        '=HYPERLINK("http://x")',
        "--gender",
        "男",
        "--stage",
        "full",
        "--unit",
        "@财务处",
        "--phone",
        "+8613812345678",
    )
    out = tmp_path / "roster.csv"
    led.ok("member", "export", str(out), "--reveal")
    text = out.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text and "'@财务处" in text and ",+8613812345678," in text
    other = Ledger(tmp_path / "y.db")
    other.ok("init", "--branch", "测试支部")
    other.ok("member", "import", str(out))
    (m,) = other.json("member", "list", "--reveal")
    assert m["name"] == '=HYPERLINK("http://x")' and m["unit"] == "@财务处"
    assert (out.stat().st_mode & 0o777) == 0o600
