"""Real `dangwu` processes on a ledger file, and the generated data they are fed.

The reliability checks (kills, concurrency) must exercise what a user runs: a fresh Python
process per command, its own SQLite connections, a real exit. CliRunner would share one
interpreter and could hide a lock or a half-written file, so everything here goes through
`subprocess` with `python -m dangwu`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from dangwu.rules.identity import make_id

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰文辉建国红云飞鹏燕宇晨琳"

# Every data row is dated in the past so the checks keep working whatever the real date is.
BASE_MONTH = "2024-01"
BRANCH = "可靠性测试支部"


def dangwu_env(home: Path) -> dict[str, str]:
    """The environment of a user with no DANGWU_* settings, English messages, a private app dir."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DANGWU_")}
    env["DANGWU_LANG"] = "en"
    env["XDG_CONFIG_HOME"] = str(home / "xdg")
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def command(db: Path, *args: Any) -> list[str]:
    """`python -m dangwu --db NAME ARGS`, to be run in the ledger's folder (cwd=db.parent).

    The audit trail records the command line; with the ledger named relative to its folder,
    the same command on copies in different folders leaves identical records."""
    return [sys.executable, "-m", "dangwu", "--db", db.name, *(str(a) for a in args)]


def start(db: Path, *args: Any, env: dict[str, str], **kw: Any) -> subprocess.Popen[bytes]:
    return subprocess.Popen(command(db, *args), env=env, cwd=db.parent, **kw)


def run(
    db: Path, *args: Any, env: dict[str, str], ok: Sequence[int] = (0,)
) -> subprocess.CompletedProcess[str]:
    """Run one dangwu command to completion; fail loudly on an unexpected exit code."""
    proc = subprocess.run(
        command(db, *args), env=env, cwd=db.parent, capture_output=True, text=True
    )
    if proc.returncode not in ok:
        raise AssertionError(
            f"dangwu {' '.join(map(str, args))} → exit {proc.returncode}\n"
            f"stdout: {proc.stdout[-2000:]}\nstderr: {proc.stderr[-2000:]}"
        )
    return proc


def names(count: int, offset: int = 0) -> list[str]:
    """`count` distinct two- or three-character Chinese names (deterministic)."""
    out = []
    pool = [s + g for s in SURNAMES for g in GIVEN]
    pool += [s + g + h for s in SURNAMES for g in GIVEN for h in GIVEN if g != h]
    for i in range(offset, offset + count):
        out.append(pool[i])
    return out


def write_csv(path: Path, rows: Sequence[Sequence[Any]]) -> Path:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(
        ["" if v is None else v for v in row] for row in rows
    )
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def roster_rows(people: Sequence[str], first_seq: int, groups: int = 3) -> list[list[Any]]:
    """A 花名册 in the national template's headers: full members with valid ID numbers."""
    rows: list[list[Any]] = [
        [
            "姓名",
            "性别",
            "出生日期",
            "公民身份号码",
            "人员类别",
            "工作状态",
            "入党日期",
            "转正日期",
            "党小组",
            "加入本支部日期",
        ]
    ]
    for i, name in enumerate(people):
        seq = first_seq + i
        gender = "male" if seq % 2 else "female"
        # make_id varies only 100 sequence numbers per birth day: move the day every hundred
        born = date(1950, 1, 1) + timedelta(days=seq // 100 * 97)
        rows.append(
            [
                name,
                "男" if gender == "male" else "女",
                born.isoformat(),
                make_id("110101", born, seq % 100, gender),
                "正式党员",
                "在职",
                "2000-07-01",
                "2001-07-01",
                f"第{1 + seq % groups}党小组",
                "2020-01-01",
            ]
        )
    return rows


def months(first: str, count: int) -> list[str]:
    y, m = map(int, first.split("-"))
    out = []
    for _ in range(count):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


REGISTER_HEADER = ["姓名", "月份", "缴费基数", "实缴金额", "缴纳日期", "收据号"]
BASE_YUAN = "5000"
DUE_YUAN = "50.00"  # 党费规定: 1% of a base above 3,000 up to 5,000 yuan


def register_rows(people: Sequence[str], paid_months: Sequence[str]) -> list[list[Any]]:
    """A 党费收缴登记表: each person pays the due for each month, by the 15th."""
    rows: list[list[Any]] = [REGISTER_HEADER]
    for i, name in enumerate(people):
        for j, month in enumerate(paid_months):
            rows.append([name, month, None, DUE_YUAN, f"{month}-15", f"R{i:05d}{j:03d}"])
    return rows


def bases_rows(people: Sequence[str]) -> list[list[Any]]:
    """Register rows that only set a 5,000 yuan base from BASE_MONTH (no payment)."""
    return [REGISTER_HEADER] + [[name, BASE_MONTH, BASE_YUAN, None, None, None] for name in people]


@dataclass
class BaseLedger:
    """A ledger prepared once and copied for every trial (building it costs seconds)."""

    path: Path
    members: list[str]
    candidate: str
    meeting_id: int


def build_base(folder: Path, members: int) -> BaseLedger:
    """init, a roster of `members` full members in three groups with a dues base each, a
    development candidate and a general meeting to vote on them.

    Built in this process (CliRunner): the base is the starting point, not what is under
    test, and one interpreter builds it in a fraction of the time seven processes take."""
    from typer.testing import CliRunner

    from dangwu.cli.app import app

    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "base.db"
    runner = CliRunner()

    def ok(*args: Any) -> None:
        result = runner.invoke(
            app, ["--db", str(db), *map(str, args)], env={"DANGWU_LANG": "en", "DANGWU_DB": None}
        )
        if result.exit_code != 0:
            raise AssertionError(f"dangwu {' '.join(map(str, args))}: {result.output}")

    people = names(members)
    force = ("--force", "--reason", "historical record")
    ok("init", "--branch", BRANCH)
    ok("member", "import", write_csv(folder / "base_roster.csv", roster_rows(people, 0)))
    ok("dues", "import", write_csv(folder / "base_dues.csv", bases_rows(people)))
    candidate = "候选人甲"
    ok(
        "dev",
        "apply",
        candidate,
        "--on",
        "2024-03-01",
        "--birth-date",
        "1998-05-04",
        "--gender",
        "女",
    )
    ok("dev", "activist", candidate, "--on", "2024-06-01", *force)
    ok(
        "dev",
        "candidate",
        candidate,
        "--on",
        "2025-06-01",
        "--introducers",
        ",".join(people[:2]),
        *force,
    )
    ok("meeting", "add", "general", "--on", "2025-07-01", "--topic", "接收预备党员")
    meeting_id = int(query(db, "SELECT MAX(id) FROM meeting")[0][0])
    settle(db)
    return BaseLedger(db, people, candidate, meeting_id)


def settle(db: Path) -> None:
    """Fold the WAL into the main file, so a plain file copy is the whole ledger."""
    con = sqlite3.connect(str(db))
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()


def copy_ledger(source: Path, target: Path) -> None:
    """A byte copy of a settled ledger (no -wal/-shm beside the target), mode 0600."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    target.write_bytes(source.read_bytes())
    os.chmod(target, 0o600)


def query(db: Path, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


# Columns whose value depends on the wall clock, not on what was asked: the audit time.
# The audit time, and the hash chain that covers it (the chain itself is checked by
# `db check`); the head kept in branch_setting is "<id>:<hash>", so only its id is compared.
VOLATILE = {("audit_log", "at"), ("audit_log", "prev_hash"), ("audit_log", "hash")}
HEAD_WITHOUT_HASH = (
    'CASE WHEN "key" = \'audit_head\' THEN substr("value", 1, instr("value", \':\'))'
    ' ELSE "value" END'
)


def fingerprint(db: Path) -> str:
    """A digest of every row of every table (audit times left out): two ledgers with the same
    fingerprint hold the same records."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        h = hashlib.sha256()
        tables = [
            t
            for (t,) in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        for table in tables:
            cols = [r[1] for r in con.execute(f'PRAGMA table_info("{table}")')]
            keep = [c for c in cols if (table, c) not in VOLATILE]
            h.update(f"\x00{table}:{','.join(keep)}\x00".encode())
            sel = ", ".join(
                HEAD_WITHOUT_HASH if (table, c) == ("branch_setting", "value") else f'"{c}"'
                for c in keep
            )
            for row in sorted(con.execute(f'SELECT {sel} FROM "{table}"').fetchall(), key=repr):
                h.update(repr(row).encode())
        return h.hexdigest()
    finally:
        con.close()
