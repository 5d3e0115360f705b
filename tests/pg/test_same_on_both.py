"""The same end-to-end scenario on a ledger file and on a PostgreSQL branch: every command
answers the same, byte for byte, and every refusal is the same line with nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pg_kit import Dangwu, dump_server

AS_OF = "2026-11-25"

# every read command, as a script or the acceptance tests would call it
READS: list[tuple[str, ...]] = [
    ("member", "list", "--all"),
    ("member", "list", "--stage", "full", "--as-of", AS_OF),
    ("member", "show", "1"),
    ("member", "show", "28"),
    ("group", "list"),
    ("committee", "list", "--as-of", AS_OF),
    ("meeting", "list"),
    ("meeting", "list", "--type", "committee", "--period", "2026"),
    ("meeting", "show", "1"),
    ("meeting", "attendance", "--period", "2026", "--as-of", AS_OF),
    ("talk", "list"),
    ("evaluation", "list", "--year", "2025"),
    ("dues", "status", "--as-of", AS_OF),
    ("dues", "remind", "--as-of", AS_OF),
    ("dues", "ledger"),
    ("dues", "ledger", "--member", "1", "--period", "2026"),
    ("dues", "statement", "--year", "2025", "--as-of", AS_OF),
    ("dues", "statement", "--year", "2026", "--as-of", AS_OF),
    ("dev", "list", "--as-of", AS_OF),
    ("dev", "due", "--as-of", AS_OF, "--within", "90"),
    ("dev", "show", "29", "--as-of", AS_OF),
    ("report", "compliance", "--period", "2026", "--as-of", AS_OF),
    ("report", "compliance", "--period", "2026Q3", "--as-of", AS_OF),
    ("report", "compliance", "--period", "2025", "--as-of", AS_OF),
    ("report", "checklist", "--quarter", "2026Q4", "--as-of", AS_OF),
    ("report", "year", "2025", "--as-of", AS_OF),
    ("report", "year", "2026", "--as-of", AS_OF),
    ("rules", "show"),
    ("db", "check"),
]

# writes of every kind, after the demo
WRITES: list[tuple[str, ...]] = [
    (
        "member",
        "add",
        "测试甲",
        "--gender",
        "女",
        "--stage",
        "full",
        "--admitted-on",
        "2010-05-01",
        "--full-on",
        "2011-05-01",
        "--group",
        "第一党小组",
        "--phone",
        "13912345678",
    ),
    ("dues", "base", "测试甲", "--income", "8000", "--from", "2026-01"),
    ("dues", "pay", "测试甲", "--months", "2026-01..2026-06", "--on", "2026-07-01"),
    ("dues", "pay", "测试甲", "--month", "2026-07", "--amount", "200", "--on", "2026-08-01"),
    ("dues", "reverse", "1", "--reason", "录入错误"),
    ("meeting", "add", "committee", "--on", "2026-11-20", "--topic", "测试会议"),
    ("meeting", "add", "general", "--on", "2026-11-21", "--absent", "测试甲:出差"),
    ("talk", "add", "测试甲", "--with", "1", "--on", "2026-11-22"),
    ("evaluation", "record", "测试甲", "--year", "2025", "--grade", "excellent"),
    ("committee", "set", "测试甲", "youth", "--from", "2026-11-01"),
    ("rules", "set", "committee_meeting", "--every", "quarter", "--min", "1"),
    ("member", "edit", "测试甲", "--phone", "13800000000"),
    ("dues", "remit", "--period", "2026Q3", "--amount", "100", "--on", "2026-10-10"),
    (
        "dev",
        "apply",
        "测试乙",
        "--on",
        "2026-03-01",
        "--gender",
        "男",
        "--birth-date",
        "2000-01-01",
    ),
    ("dev", "log", "测试乙", "talk", "--on", "2026-03-20", "--by", "1"),
    (
        "member",
        "leave",
        "测试甲",
        "--reason",
        "withdrew",
        "--on",
        "2026-11-23",
    ),
]

REFUSALS: list[tuple[str, ...]] = [
    ("member", "add", "无名", "--gender", "男", "--stage", "full", "--admitted-on", "2026-13-01"),
    ("dues", "pay", "1", "--month", "2026-01", "--amount", "-5"),
    ("dues", "pay", "不存在的人", "--month", "2026-01"),
    ("meeting", "add", "committee", "--on", "2026-11-24", "--absent", "没有此人"),
    ("rules", "set", "no_such_rule", "--min", "1"),
    ("dues", "reverse", "999999", "--reason", "x"),
]


@pytest.fixture
def both(tmp_path: Path, pg_db: str) -> tuple[Dangwu, Dangwu]:
    return Dangwu(str(tmp_path / "ledger.db")), Dangwu(pg_db)


def _same_reads(lite: Dangwu, server: Dangwu) -> None:
    for args in READS:
        a, b = lite.json(*args), server.json(*args)
        assert a == b, (
            f"{' '.join(args)} differs:\nsqlite: {json.dumps(a, ensure_ascii=False)[:3000]}\npostgresql: {json.dumps(b, ensure_ascii=False)[:3000]}"
        )


def test_demo_then_every_kind_of_write_reads_the_same(both: tuple[Dangwu, Dangwu]) -> None:
    lite, server = both
    for cli in both:
        cli.ok("demo")
    _same_reads(lite, server)
    for args in WRITES:
        a, b = lite(*args), server(*args)
        assert (a.exit_code, a.stdout, a.stderr) == (b.exit_code, b.stdout, b.stderr), args
        assert a.exit_code == 0, a.stderr
    _same_reads(lite, server)


def test_refusals_are_the_same_line_and_write_nothing(both: tuple[Dangwu, Dangwu]) -> None:
    lite, server = both
    for cli in both:
        cli.ok("init", "--branch", "测试支部")
    lite.ok("member", "add", "张三", "--gender", "男", "--stage", "full")
    server.ok("member", "add", "张三", "--gender", "男", "--stage", "full")
    before = dump_server(server.target)
    for args in REFUSALS:
        a, b = lite(*args), server(*args)
        assert a.exit_code == b.exit_code == 1, (args, a.stderr, b.stderr)
        assert a.stderr == b.stderr, args
        assert dump_server(server.target) == before, args


def test_files_written_from_the_server_match_the_files_from_a_ledger_file(
    both: tuple[Dangwu, Dangwu], tmp_path: Path
) -> None:
    import zipfile

    for cli in both:
        cli.ok("demo")
    for name in ("roster.csv", "year.md", "year.csv"):
        made = []
        for tag, cli in zip(("lite", "server"), both, strict=True):
            out = tmp_path / f"{tag}-{name}"
            if name.startswith("roster"):
                cli.ok("member", "export", str(out), "--all")
            else:
                cli.ok("report", "year", "2026", "--as-of", AS_OF, "--output", str(out))
            made.append(out.read_bytes())
        assert made[0] == made[1], name
    sheets = []
    for tag, cli in zip(("lite", "server"), both, strict=True):
        out = tmp_path / f"{tag}-roster.xlsx"
        cli.ok("member", "export", str(out))
        with zipfile.ZipFile(out) as z:
            sheets.append(z.read("xl/worksheets/sheet1.xml"))
    assert sheets[0] == sheets[1]


def test_backup_of_a_branch_is_a_private_pg_dump(pg_db: str, tmp_path: Path) -> None:
    import os
    import shutil
    import subprocess

    from dangwu.store.server_dump import find_pg_dump

    server = Dangwu(pg_db)
    server.ok("demo")
    if find_pg_dump() is None:
        result = server("db", "backup", str(tmp_path / "b.dump"))
        assert result.exit_code == 1 and "pg_dump" in result.stderr
        return
    target = tmp_path / "b.dump"
    server.ok("db", "backup", str(target))
    assert (os.stat(target).st_mode & 0o777) == 0o600
    restore = shutil.which("pg_restore") or str(Path(find_pg_dump() or "").with_name("pg_restore"))
    listing = subprocess.run([restore, "--list", str(target)], capture_output=True, text=True)
    assert listing.returncode == 0 and "TABLE DATA public person" in listing.stdout
    again = server("db", "backup", str(target))
    assert again.exit_code == 1 and len(again.stderr.strip().splitlines()) == 1


def test_without_psycopg_a_server_url_says_which_extra_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "psycopg", None)
    result = Dangwu("postgresql://someone@localhost/party")("member", "list")
    assert result.exit_code == 1
    assert "dangwu[postgres]" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_imports_land_the_same_and_a_bad_file_writes_nothing(
    both: tuple[Dangwu, Dangwu], tmp_path: Path
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "姓名,性别,人员类别,入党日期,转正日期,党小组\n"
        "甲一,男,正式党员,2001-07-01,2002-07-01,第一组\n"
        "乙二,女,预备党员,2026-03-01,,第一组\n",
        encoding="utf-8",
    )
    bad = tmp_path / "bad.csv"
    bad.write_text("姓名,性别,人员类别\n丙三,男,正式党员\n丁四,X,正式党员\n", encoding="utf-8")
    register = tmp_path / "dues.csv"
    register.write_text(
        "姓名,月份,缴费基数,实缴金额,缴纳日期,收据号\n"
        "甲一,2026-01,8000.00,120.00,2026-01-10,R1\n"
        "甲一,2026-02,,120.00,2026-02-10,R2\n"
        "甲一,2026-03,,,,\n"
        "乙二,2026-03,3000.00,15.00,2026-03-20,R3\n",
        encoding="utf-8",
    )
    lite, server = both
    for cli in both:
        cli.ok("init", "--branch", "测试支部")
    before = dump_server(server.target)
    for args in (("member", "import", str(bad)), ("member", "import", str(roster), "--dry-run")):
        a, b = lite(*args), server(*args)
        assert (a.exit_code, a.stdout, a.stderr) == (b.exit_code, b.stdout, b.stderr), args
        assert dump_server(server.target) == before, args
    for args in (
        ("member", "import", str(roster)),
        ("dues", "import", str(register), "--dry-run"),
        ("dues", "import", str(register)),
    ):
        a, b = lite(*args), server(*args)
        assert (a.exit_code, a.stdout, a.stderr) == (b.exit_code, b.stdout, b.stderr), args
        assert a.exit_code == 0, a.stderr
    for args in (
        ("member", "list", "--all"),
        ("dues", "ledger"),
        ("dues", "status", "--as-of", AS_OF),
        ("dues", "statement", "--year", "2026", "--as-of", AS_OF),
        ("db", "check"),
    ):
        assert lite.json(*args) == server.json(*args), args
    # the ids the import drew from the server's sequences go on from there
    assert lite.add_id("丙三") == server.add_id("丙三")
