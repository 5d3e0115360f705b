"""An unexpected internal error: one line on stderr naming a private crash report."""

from __future__ import annotations

import re
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import pytest
from typer.testing import CliRunner

from dangwu import __version__
from dangwu.cli.app import app

if TYPE_CHECKING:
    from conftest import Cli

ID_NUMBER = "110101198001050338"
PHONE = "13801010001"


def _boom(*args: Any, **kwargs: Any) -> NoReturn:
    raise RuntimeError(f"simulated failure for {ID_NUMBER}")


def _add_args(db: Path) -> list[str]:
    return [
        "--db",
        str(db),
        "member",
        "add",
        "张三",
        "--gender",
        "男",
        "--stage",
        "full",
        f"--id-number={ID_NUMBER}",
        "--phone",
        PHONE,
        "--unit",
        f"单位 {ID_NUMBER} 138 0101 0001",
    ]


@pytest.fixture
def crashing(ledger: Cli, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """`member add` whose service raises; sys.argv as the console script would see it."""
    monkeypatch.setattr("dangwu.services.enrolment.add_member", _boom)
    args = _add_args(ledger.db)
    monkeypatch.setattr(sys, "argv", ["dangwu", *args])
    return args


def test_internal_error_writes_a_private_crash_report(
    ledger: Cli, crashing: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "reports"
    monkeypatch.setenv("DANGWU_CRASH_DIR", str(folder))
    before = ledger.dump()
    result = CliRunner().invoke(app, crashing, catch_exceptions=False)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert ID_NUMBER not in result.stderr
    reports = list(folder.iterdir())
    assert len(reports) == 1
    report = reports[0]
    assert str(report) in lines[0]
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    text = report.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text
    assert "RuntimeError: simulated failure" in text
    assert f"dangwu {__version__}" in text
    assert f"python: {sys.version.split()[0]}" in text
    assert re.search(r"^time: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", text, re.M)
    assert "command: dangwu --db" in text and "member add" in text
    # personal data never reaches a file meant to be passed on
    assert ID_NUMBER not in text and PHONE not in text and "138 0101 0001" not in text
    assert "--phone '***'" in text or "--phone ***" in text
    assert ledger.dump() == before


def test_crash_directory_follows_xdg_state_home(
    ledger: Cli, crashing: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DANGWU_CRASH_DIR")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    result = CliRunner().invoke(app, crashing, catch_exceptions=False)
    assert result.exit_code == 1
    reports = list((tmp_path / "state" / "dangwu" / "crash").iterdir())
    assert len(reports) == 1 and str(reports[0]) in result.stderr


def test_unwritable_crash_directory_still_gives_one_line(
    ledger: Cli, crashing: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    monkeypatch.setenv("DANGWU_CRASH_DIR", str(blocker / "crash"))
    monkeypatch.setenv("DANGWU_LANG", "en")
    result = CliRunner().invoke(app, crashing, catch_exceptions=False)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("internal error: RuntimeError")
    assert "DANGWU_DEBUG=1" in lines[0] and str(blocker) not in lines[0]


def test_debug_shows_the_traceback(
    ledger: Cli, crashing: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DANGWU_DEBUG", "1")
    monkeypatch.setenv("DANGWU_CRASH_DIR", str(tmp_path / "reports"))
    result = CliRunner().invoke(app, crashing)
    assert isinstance(result.exception, RuntimeError)
    assert not (tmp_path / "reports").exists()
