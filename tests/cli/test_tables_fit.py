"""Issue 21, item 3: `member list` keeps one line per person in a terminal of 80 or 100
columns; `--wide` and the other formats have every column."""

from __future__ import annotations

import pytest

from conftest import Cli


@pytest.mark.parametrize("width", ["80", "100"])
def test_member_list_is_one_line_per_person(demo_ledger: Cli, width: str) -> None:
    people = len(demo_ledger.json("member", "list"))
    out = demo_ledger.ok("member", "list", "-f", "table", env={"COLUMNS": width}).stdout
    rows = [line for line in out.splitlines() if line.startswith("│")]
    assert len(rows) == people
    assert all(len(line) <= int(width) for line in out.splitlines())
    assert "138****0001" in out and "公民身份号码" not in out


def test_wide_and_plain_have_every_column(demo_ledger: Cli) -> None:
    wide = demo_ledger.ok("member", "list", "-f", "table", "--wide", env={"COLUMNS": "200"})
    assert "公民身份号码" in wide.stdout and "出生日期" in wide.stdout
    plain = demo_ledger.ok("member", "list", "-f", "plain").stdout
    assert "公民身份号码" in plain and "转正日期" in plain
