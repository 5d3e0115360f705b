"""The start of every command: `--version` answers before Typer is loaded, a command line
that names its group builds that group alone, and reading a ledger imports no SQLAlchemy
(bin/dangwu's speed), nor does any write a user waits for; no command loads pydantic (the
Typer of pyproject.toml does not need it)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from dangwu.cli.app import GROUPS, build, group_named


@pytest.mark.parametrize(
    ("argv", "group"),
    [
        (["dues", "status"], "dues"),
        (["--db", "x.db", "report", "year", "2026"], "report"),
        (["--db=x.db", "--lang", "en", "member", "list"], "member"),
        (["--lang=en", "talk", "list"], "talk"),
        (["--db", "dues"], None),  # "dues" is the ledger's name here
        (["--db", "dues", "status"], None),
        (["--help"], None),
        (["-h", "dues"], None),
        (["--version"], None),
        (["--install-completion"], None),
        (["init", "--branch", "x"], None),
        (["nosuch", "dues"], None),
        ([], None),
    ],
)
def test_group_named(argv: list[str], group: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    for key in [k for k in __import__("os").environ if k.endswith("_COMPLETE")]:
        monkeypatch.delenv(key)
    assert group_named(argv) == group


def test_completion_builds_the_whole_tree(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_DANGWU_COMPLETE", "complete_bash")
    assert group_named(["dues", "st"]) is None


def test_one_group_has_the_same_commands_as_in_the_whole_tree() -> None:
    import typer.main

    whole = typer.main.get_command(build())
    for name in GROUPS:
        alone = typer.main.get_command(build(name))
        assert set(alone.commands) == {"init", "demo", "history", name}  # type: ignore[attr-defined]
        assert set(alone.commands[name].commands) == set(whole.commands[name].commands)  # type: ignore[attr-defined]


LEAN_RUN = """
import sys
sys.argv = ["dangwu", "--db", {db!r}, "--lang", "en", "dues", "status", "--as-of", "2026-11-25", "-f", "json"]
from dangwu.cli.app import main
try:
    main()
except SystemExit as exc:
    print("exit", exc.code)
print(sorted(m for m in ("sqlalchemy", "sqlmodel", "pydantic", "dangwu.cli.member") if m in sys.modules))
"""


def test_a_report_imports_neither_sqlalchemy_nor_other_groups(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-c", LEAN_RUN.format(db=str(tmp_path / "missing.db"))],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    # no ledger there: exit 1 after every option was parsed and the command ran
    assert out.stdout.split("\n")[-3:] == ["exit 1", "[]", ""], (out.stdout, out.stderr)
    assert "no ledger" in out.stderr


READ_RUN = """
import sys
sys.argv = ["dangwu", "--db", {db!r}, *{args!r}]
from dangwu.cli.app import main
try:
    main()
except SystemExit as exc:
    print("exit", exc.code)
print(sorted(m for m in ("sqlalchemy", "sqlmodel", "pydantic") if m in sys.modules))
"""


@pytest.mark.sqlite_only
@pytest.mark.parametrize(
    "args",
    [
        ["report", "year", "2026", "-f", "json"],
        ["report", "compliance", "-f", "json"],
        ["report", "checklist", "-f", "json"],
        ["dues", "statement", "--year", "2026", "-f", "json"],
        ["meeting", "list", "--type", "general", "-f", "json"],
        ["group", "list", "-f", "json"],
        ["committee", "list", "-f", "json"],
        ["member", "list", "-f", "json"],
        ["dev", "due", "-f", "json"],
    ],
)
def test_reading_a_ledger_imports_no_sqlalchemy(demo_ledger: Any, args: list[str]) -> None:
    # importing SQLModel alone costs 0.27 s: lists and reports read through plain sqlite3
    out = subprocess.run(
        [sys.executable, "-c", READ_RUN.format(db=str(demo_ledger.db), args=args)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.stdout.split("\n")[-3:] == ["exit 0", "[]", ""], (out.stdout[-300:], out.stderr)


@pytest.mark.sqlite_only
@pytest.mark.parametrize(
    "args",
    [
        ["dues", "pay", "王建国", "--month", "2026-12", "--on", "2026-12-01"],
        ["meeting", "add", "theme_day", "--on", "2026-12-01", "--topic", "学习"],
        ["member", "add", "新党员", "--gender", "男", "--stage", "full", "--group", "第一党小组"],
        ["talk", "add", "王建国", "--with", "李秀英", "--on", "2026-12-01"],
        ["dev", "log", "周小雨", "talk", "--on", "2026-12-01"],
    ],
    ids=["dues pay", "meeting add", "member add", "talk add", "dev log"],
)
def test_the_writes_a_user_waits_for_import_no_sqlalchemy(
    demo_ledger: Any, args: list[str]
) -> None:
    # issue 22: 0.36 s of every write went to importing SQLAlchemy, SQLModel and the models;
    # these write through sqlite3 (store/writer.py), audited as before
    before = demo_ledger.count("audit_log")
    out = subprocess.run(
        [sys.executable, "-c", READ_RUN.format(db=str(demo_ledger.db), args=args)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.stdout.split("\n")[-3:] == ["exit 0", "[]", ""], (out.stdout[-300:], out.stderr)
    assert demo_ledger.count("audit_log") > before
    assert demo_ledger.ok("db", "check").stdout  # the audit chain still links


VERSION_RUN = """
import sys
sys.argv = ["dangwu", "--version"]
from dangwu.cli.app import main
main()
print(sorted(m for m in ("typer", "rich", "pydantic", "dangwu.cli.tree") if m in sys.modules))
"""


def test_version_loads_no_typer() -> None:
    out = subprocess.run(
        [sys.executable, "-c", VERSION_RUN], capture_output=True, text=True, timeout=60
    )
    from dangwu import __version__

    assert out.stdout.split("\n") == [f"dangwu {__version__}", "[]", ""], out.stderr


@pytest.mark.sqlite_only
@pytest.mark.parametrize(
    ("args", "view"),
    [
        (["report", "compliance"], "dangwu.views.compliance.compliance_tables"),
        (["report", "checklist"], "dangwu.views.checklist.checklist_tables"),
        (["report", "year", "2026"], "dangwu.views.year.year_tables"),
        (["dues", "status"], "dangwu.views.dues.status_tables"),
        (["meeting", "attendance"], "dangwu.views.meetings.attendance_tables"),
    ],
)
def test_json_builds_no_tables(
    demo_ledger: Any, args: list[str], view: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the tables a person reads are built only for the formats that show them
    def refuse(*_: Any) -> Any:
        raise AssertionError(f"{view} built for --format json")

    monkeypatch.setattr(view, refuse)
    demo_ledger.ok(*args, "--as-of", "2026-11-24", "-f", "json")
    with pytest.raises(AssertionError, match="built for"):
        demo_ledger(*args, "--as-of", "2026-11-24", "-f", "csv", env={"DANGWU_DEBUG": "1"})
