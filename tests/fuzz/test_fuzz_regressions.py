"""Inputs the fuzzing found that crashed or broke the contract, kept as fixed cases.

Each runs through the same checks as the fuzz tests (fuzz_kit.Harness.check): exit 0/1/2,
no traceback, one line on stderr, the ledger unchanged when refused.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from fuzz_kit import SPECS, Drawn, Harness
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from dangwu.cli.app import app

BY_ID = {spec.id: spec for spec in SPECS}
UNDECODABLE = "\udcb2\udce2"  # 测 in GBK, read by a UTF-8 locale

CASES: list[tuple[str, list[str]]] = [
    # digits int() does not read (isdigit() is true for ², ③, ①)
    ("member-show", ["³"]),
    ("member-list", ["--group", "²"]),
    ("meeting-show", ["①"]),
    ("meeting-confirm", ["³"]),
    ("dues-reverse", ["²", "--reason", "x"]),
    ("dues-statement", ["--year", "³"]),
    ("report-year", ["²"]),
    ("evaluation-record", ["5", "--year", "²", "--grade", "qualified"]),
    ("evaluation-list", ["--year", "²"]),
    (
        "dev-convert",
        ["28", "--on", "2026-11-18", "--meeting", "151", "--for", "²", "--against", "0"],
    ),
    ("dev-extend", ["28", "--on", "2026-11-18", "--months", "²", "--meeting", "151"]),
    ("dev-admit", ["29", "--on", "2026-11-18", "--meeting", "①", "--for", "3", "--against", "0"]),
    ("dev-due", ["--within", "²"]),
    ("rules-set", ["theme_day", "--min", "²"]),
    ("rules-set", ["dues_deadline_day", "--value", "²"]),
    # numbers too large for SQLite's integers
    ("member-list", ["--group", "9" * 30]),
    ("evaluation-list", ["--year", "9" * 30]),
    (
        "dev-admit",
        ["29", "--on", "2026-11-18", "--meeting", "9" * 30, "--for", "3", "--against", "0"],
    ),
    # more digits than int() converts (4,300)
    ("dues-statement", ["--year", "9" * 5000]),
    ("report-year", ["9" * 5000]),
    ("rules-set", ["theme_day", "--min", "9" * 5000]),
    ("rules-set", ["dues_deadline_day", "--value", "9" * 5000]),
    ("evaluation-record", ["5", "--year", "9" * 5000, "--grade", "qualified"]),
    ("dev-due", ["--within", "9" * 5000]),
    ("meeting-show", ["9" * 5000]),
    ("member-show", ["9" * 5000]),
    # bytes a non-UTF-8 terminal passes on
    ("member-add", [UNDECODABLE, "--gender", "男", "--stage", "full"]),
    ("member-show", [UNDECODABLE]),
    ("talk-add", ["5", "--with", "1", "--on", "2026-11-20", "--topic", UNDECODABLE]),
    ("group-add", [UNDECODABLE]),
    ("dues-pay", ["5", "--month", "2026-12", "--note", UNDECODABLE]),
    ("meeting-list", ["--type", UNDECODABLE]),
    # a vertical tab or form feed in an echoed value split the one line
    ("member-export", ["OUT:\x0bx\x0c.xls"]),
    ("member-import", ["IN:a\x0bb\u2028.xlsx"]),
    # paths the file system refuses: too long a name, a device, no permission
    ("member-import", ["/tmp/" + "n" * 300 + ".csv"]),
    ("dues-import", ["/proc/self/mem"]),
    ("member-export", ["OUT:" + "n" * 300 + ".csv"]),
    ("member-export", ["/sys/x.csv"]),
    ("report-year", ["2025", "--output", "OUT:" + "n" * 300 + ".md"]),
    ("db-backup", ["OUT:" + "n" * 300]),
    ("db-backup", ["/proc/x.db"]),
    # a workbook that opens but whose sheet XML is broken (read-only mode parses it lazily)
    ("member-import", ["BROKEN_SHEET"]),
    ("dues-import", ["BROKEN_SHEET", "--dry-run"]),
]


@pytest.mark.parametrize(
    ("spec_id", "args"), CASES, ids=[f"{s}-{i}" for i, (s, _) in enumerate(CASES)]
)
def test_found_by_fuzzing(spec_id: str, args: list[str], harness: Callable[[], Harness]) -> None:
    h = harness()
    args = [_place(h, a) for a in args]
    lang = "en" if len(spec_id) % 2 else "zh"  # both languages across the cases, one each
    h.check(BY_ID[spec_id], Drawn(args, lang, usage_error_possible=False))
    h.finish()


def _place(h: Harness, arg: str) -> str:
    """OUT:name and IN:name become files in the harness's folder, BROKEN_SHEET a workbook."""
    if arg.startswith("OUT:"):
        return h._out(arg[4:])
    if arg.startswith("IN:"):
        return h._file(arg[3:], b"x")
    if arg == "BROKEN_SHEET":
        return h._file("broken.xlsx", _broken_sheet())
    return arg


def _broken_sheet() -> bytes:
    """A valid workbook whose sheet holds a character reference XML forbids (&#1;)."""
    import io
    import zipfile

    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["姓名", "性别", "人员类别"])
    plain = io.BytesIO()
    wb.save(plain)
    source = zipfile.ZipFile(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                bad = (
                    b'<sheetData><row r="2"><c r="A2" t="inlineStr"><is><t>&#1;</t></is></c></row>'
                )
                data = data.replace(b"<sheetData>", bad, 1)
            target.writestr(item, data)
    return out.getvalue()


@pytest.mark.parametrize(
    "name",
    ["n" * 300 + ".db", "a\x00b.db", "file/inside.db", UNDECODABLE + ".db"],
    ids=["too-long", "nul", "under-a-file", "undecodable"],
)
@pytest.mark.parametrize("args", [["member", "list"], ["init", "--branch", "支部"], ["demo"]])
def test_unusable_ledger_path(
    name: str, args: list[str], tmp_path: Path, fuzz_env: dict[str, str | None]
) -> None:
    (tmp_path / "file").write_text("")
    result = CliRunner().invoke(
        app, ["--db", f"{tmp_path}/{name}", *args], env=fuzz_env, catch_exceptions=False
    )
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("错误：--db: ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


# --- init: the one command that creates a ledger ---------------------------------------------


def test_init_with_hostile_branch_names(
    tmp_path_factory: pytest.TempPathFactory, fuzz_env: dict[str, str | None]
) -> None:
    """A refused `init` leaves no file behind; an accepted one makes a 0600 ledger."""
    from fuzz_kit import FUZZ_SETTINGS, KINDS

    folder = tmp_path_factory.mktemp("fuzz-init")
    runner = CliRunner()
    made = iter(range(1_000_000))

    @FUZZ_SETTINGS
    @given(branch=KINDS["NAME"], higher=st.none() | KINDS["TEXT"])
    def one(branch: str, higher: str | None) -> None:
        db = folder / f"ledger{next(made)}.db"
        args = ["--db", str(db), "init", "--branch", branch]
        if higher is not None:
            args += ["--higher-org", higher]
        result = runner.invoke(app, args, env=fuzz_env, catch_exceptions=False)
        assert result.exit_code in (0, 1, 2), result
        if result.exit_code == 0:
            assert db.stat().st_mode & 0o777 == 0o600
            _audited(db)
        else:
            assert not db.exists(), f"a refused init left {db}"
            if result.exit_code == 1:
                assert len(result.stderr.splitlines()) == 1, result.stderr
        for leftover in (db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
            assert not leftover.exists() or db.exists()

    one()


def _audited(db: Path) -> None:
    con = sqlite3.connect(str(db))
    try:
        assert con.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0] > 0
    finally:
        con.close()
