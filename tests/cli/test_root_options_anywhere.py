"""Issue 21, item 2: the root options --db and --lang are taken after the subcommand too."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Cli
from dangwu.cli.app import hoist_root_options


@pytest.mark.parametrize(
    ("given", "parsed"),
    [
        (
            ["member", "export", "--lang", "en", "x.csv"],
            ["--lang", "en", "member", "export", "x.csv"],
        ),
        (["member", "list", "--db=a.db"], ["--db=a.db", "member", "list"]),
        (["--db", "a.db", "member", "list"], ["--db", "a.db", "member", "list"]),
        (["dues", "pay", "--", "--lang"], ["dues", "pay", "--", "--lang"]),
        (["member", "list", "--lang"], ["member", "list", "--lang"]),  # no value: Click says so
    ],
)
def test_hoisting(given: list[str], parsed: list[str]) -> None:
    assert hoist_root_options(given) == parsed


def test_export_with_lang_after_the_subcommand(demo_ledger: Cli, tmp_path: Path) -> None:
    target = tmp_path / "x.csv"
    demo_ledger.ok("member", "export", "--lang", "en", str(target))
    assert target.read_text(encoding="utf-8-sig").splitlines()[0].startswith("name,gender,")


def test_db_and_lang_after_the_subcommand(demo_ledger: Cli) -> None:
    result = demo_ledger(
        "member", "list", "--lang", "en", "--db", str(demo_ledger.db), "-f", "plain", db=False
    )
    assert result.exit_code == 0 and "full member" in result.stdout
    refused = demo_ledger("member", "show", "nobody", "--lang=en")
    assert refused.exit_code == 1 and refused.stderr.startswith("error:")
