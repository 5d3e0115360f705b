"""Files dangwu writes are safe to open: formulas neutralized, mode 0600, round trips intact."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import Cli


def test_formula_cells_are_neutralized_and_round_trip(
    ledger: Cli, fresh: Callable[[str], Cli], tmp_path: Path
) -> None:
    led = ledger
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
    other = fresh("other")
    other.ok("member", "import", str(out))
    (m,) = other.json("member", "list", "--reveal")
    assert m["name"] == '=HYPERLINK("http://x")' and m["unit"] == "@财务处"
    assert (out.stat().st_mode & 0o777) == 0o600
