"""Fixtures for the fuzz tests: the environment, the demo ledger built once, a summary.

The Hypothesis profiles and how to run the long survey are in fuzz_kit.py.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from fuzz_kit import LONG, SPECS, STATS, Harness, Template
from typer.testing import CliRunner

from dangwu.cli.app import app


@pytest.fixture(scope="session")
def fuzz_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str | None]:
    """The environment of every invocation: nothing from the developer's shell, and
    DANGWU_DEBUG so an internal error surfaces as the traceback it is."""
    base = tmp_path_factory.mktemp("fuzz-env")
    return {
        "DANGWU_DB": None,
        "DANGWU_LANG": None,
        "DANGWU_DEBUG": "1",
        "DANGWU_CRASH_DIR": str(base / "crash"),
        "XDG_CONFIG_HOME": str(base / "xdg"),
    }


@pytest.fixture(scope="session")
def demo_template(
    tmp_path_factory: pytest.TempPathFactory, fuzz_env: dict[str, str | None]
) -> Template:
    """`dangwu demo` once per session, plus what the specs' valid values need to succeed."""
    db = tmp_path_factory.mktemp("fuzz-template") / "demo.db"
    runner = CliRunner()

    def ok(*args: str) -> None:
        result = runner.invoke(app, ["--db", str(db), *args], env=fuzz_env)
        assert result.exit_code == 0, (args, result.stdout, result.stderr)

    ok("demo")
    # a meeting planned for a day that has passed, for `meeting confirm`
    ok("meeting", "add", "lecture", "--on", str(date.today() - timedelta(days=3)), "--planned")
    # the public notice that `dev admit 陈晨` on the demo's November general meeting needs
    ok("dev", "log", "29", "public_notice", "--on", "2026-11-02", "--until", "2026-11-09")
    con = sqlite3.connect(str(db))
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        planned = int(con.execute("SELECT max(id) FROM meeting").fetchone()[0])
    finally:
        con.close()
    return Template.of(db, planned)


@pytest.fixture
def harness(
    demo_template: Template,
    fuzz_env: dict[str, str | None],
    tmp_path_factory: pytest.TempPathFactory,
) -> Callable[[], Harness]:
    def make() -> Harness:
        return Harness(demo_template, tmp_path_factory.mktemp("fuzz"), fuzz_env)

    return make


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not STATS.inputs:
        return
    write = terminalreporter.write_line
    codes: dict[int, int] = {}
    for per in STATS.by_exit.values():
        for code, n in per.items():
            codes[code] = codes.get(code, 0) + n
    write(
        f"dangwu fuzz: {STATS.inputs} inputs over {len(STATS.by_exit)} commands; exit codes "
        + ", ".join(f"{c}: {n}" for c, n in sorted(codes.items()))
        # in the suite the first failure stops its test; only the long survey counts them
        + (f"; {len(STATS.failures)} failing inputs" if LONG else "")
    )
    if LONG:
        for spec in SPECS:
            per = STATS.by_exit.get(spec.id, {})
            write(f"  {spec.id}: " + ", ".join(f"{c}: {n}" for c, n in sorted(per.items())))
