"""Issue 21, item 7: the shell completes values, not only command names — meeting types,
stages, formats, rule codes, group and member names from the ledger."""

from __future__ import annotations

import time

import pytest
from typer.testing import CliRunner

from conftest import Cli
from dangwu.cli.app import app


def _complete(cli: Cli, words: str) -> list[str]:
    parts = words.split()
    cword = len(parts) if words.endswith(" ") else len(parts) - 1
    env = {
        "_DANGWU_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(cword),
        "DANGWU_DB": str(cli.db),
    }
    result = CliRunner().invoke(app, [], env=env, prog_name="dangwu")
    return result.stdout.split()


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("dangwu meeting add ", {"general", "committee", "支部党员大会"}),
        ("dangwu member list --stage ", {"full", "预备党员"}),
        ("dangwu report compliance -f ", {"table", "plain", "json", "csv", "markdown"}),
        ("dangwu rules set committee_", {"committee_meeting", "committee_report"}),
        ("dangwu member list --group ", {"第一党小组", "第二党小组", "第三党小组"}),
        ("dangwu member show 王", {"王建国"}),
        ("dangwu group edit 第", {"第一党小组"}),
    ],
)
def test_values_complete(demo_ledger: Cli, words: str, expected: set[str]) -> None:
    if demo_ledger.on_server:
        pytest.skip("names complete from a ledger file only")
    assert expected <= set(_complete(demo_ledger, words))


def test_names_complete_fast(demo_ledger: Cli) -> None:
    if demo_ledger.on_server:
        pytest.skip("names complete from a ledger file only")
    started = time.perf_counter()
    _complete(demo_ledger, "dangwu dues pay 王")
    assert time.perf_counter() - started < 0.5  # in-process; the shell's run is timed in the note
