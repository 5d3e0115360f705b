"""Benchmark dangwu's reports at branch-committee scale (not part of the test suite).

Builds, through the real `member import` and `dues import` commands, a ledger of N people
with 24 months of dues (96% of member-months paid at random: about 230,000 payments at
10,000 people, as issue 7 asks) and two years of meetings, then times `dues statement`,
`dues status`, `report compliance` and `report year` as separate processes (wall time and
peak RSS, the best of --repeat runs), next to the floor: the `sqlite3` shell summing the
year's dues per member with one GROUP BY.

The floor is the fastest of three ways of writing that GROUP BY (as typed, where SQLite's
planner picks the month index and sorts; forced to a table scan; and walking the
(person, month) index), so no report looks fast against a slow plan. Where `ledger`
(ledger-cli) or `hledger` is installed, the floor's payments (the year's) are written to a
journal and its `balance` is timed too.

    python bench/run_bench.py                 # 1,000, 10,000 and 30,000 people
    python bench/run_bench.py --sizes 10000 --repeat 5 --keep
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from dangwu.rules.identity import make_id

MONTHS = ["2024-12"] + [f"{y}-{m:02d}" for y in (2025, 2026) for m in range(1, 13)][:23]
AS_OF = "2026-11-25"
# a member-month is paid with this chance: 10,000 people × 24 months → about 230,000 payments
PAID_SHARE = 0.96
FLOOR_SQL = (
    "SELECT person_id, SUM(amount_fen), COUNT(*) FROM dues_payment "
    "WHERE month BETWEEN '2026-01' AND '2026-12' GROUP BY person_id;"
)
# The same totals, as the planner would not write them: the floor is the fastest of the three
FLOOR_WAYS = {
    "as typed": FLOOR_SQL,
    "table scan": FLOOR_SQL.replace("FROM dues_payment", "FROM dues_payment NOT INDEXED"),
    "(person, month) index": FLOOR_SQL.replace("WHERE month", "WHERE +month"),
}


def dangwu(db: Path, *args: str) -> tuple[float, float, int]:
    """Run one dangwu process: (seconds, peak RSS in MB, exit code)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "dangwu", "--db", str(db), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 3):
        raise SystemExit(
            f"dangwu {' '.join(args)} failed: {proc.stderr.read().decode() if proc.stderr else ''}"
        )
    return elapsed, usage.ru_maxrss / 1024, code


def timed(cmd: list[str]) -> tuple[float, float]:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def write_files(n: int, work: Path) -> tuple[Path, Path]:
    """The roster and the 24-month dues register of N people, as CSV files in `work`."""
    rng = random.Random(n)
    roster, register = work / f"roster{n}.csv", work / f"dues{n}.csv"
    with roster.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(
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
            ]
        )
        for i in range(n):
            gender = "male" if i % 2 else "female"
            born = date(1940 + i % 40, 1 + i % 12, 1 + i % 28)
            w.writerow(
                [
                    f"成员{i}",
                    "男" if gender == "male" else "女",
                    born.isoformat(),
                    make_id(f"{110101 + i // 500:06d}", born, i % 500, gender),
                    "正式党员",
                    "离退休" if i % 5 == 0 else "在职",
                    "2000-07-01",
                    "2001-07-01",
                    f"第{i % 20 + 1}党小组",
                ]
            )
    with register.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["公民身份号码", "月份", "缴费基数", "实缴金额", "缴纳日期"])
        for i in range(n):
            gender = "male" if i % 2 else "female"
            born = date(1940 + i % 40, 1 + i % 12, 1 + i % 28)
            idn = make_id(f"{110101 + i // 500:06d}", born, i % 500, gender)
            base = 400000 + (i * 37) % 800000
            retired = i % 5 == 0
            for k, month in enumerate(MONTHS):
                rate = (
                    (0.005 if base <= 500000 else 0.01)
                    if retired
                    else (
                        0.005
                        if base <= 300000
                        else 0.01
                        if base <= 500000
                        else 0.015
                        if base <= 1000000
                        else 0.02
                    )
                )
                due = int(base * rate + 0.5)
                paid = rng.random() < PAID_SHARE
                w.writerow(
                    [
                        idn,
                        month,
                        f"{base / 100:.2f}" if k == 0 else "",
                        f"{due / 100:.2f}" if paid else "",
                        f"{month}-10" if paid else "",
                    ]
                )
    return roster, register


def build(n: int, work: Path) -> Path:
    db = work / f"bench{n}.db"
    roster, register = write_files(n, work)
    subprocess.run(
        [sys.executable, "-m", "dangwu", "--db", str(db), "init", "--branch", "基准测试支部"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    t = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "dangwu", "--db", str(db), "member", "import", str(roster)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    print(f"  member import {n:>6}: {time.perf_counter() - t:6.2f} s")
    t = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "dangwu", "--db", str(db), "dues", "import", str(register)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    print(f"  dues import {n * 24:>8} rows: {time.perf_counter() - t:6.2f} s")
    t = time.perf_counter()
    _meetings(db)
    print(f"  two years of meetings: {time.perf_counter() - t:6.2f} s")
    return db


# Two years of meetings through the meeting service, in one process and one transaction;
# `{open}` opens the ledger (a file here, a server in run_bench_pg.py).
MEETINGS_CODE = """
from datetime import date
from dangwu.services.meetings import AttendanceInput, MeetingInput, add_meeting
ledger = {open}
# the lean writer where there is one (issue 22), else the ORM session of older versions
with (ledger.writer() if hasattr(ledger, "writer") else ledger.write()) as s:
    for y in (2025, 2026):
        for m in range(1, 13 if y == 2025 else 12):
            for kind, day in (("theme_day", 10), ("study", 20)):
                add_meeting(s, MeetingInput(kind, date(y, m, day)), date(2026, 11, 25))
            if m % 3 == 2:
                add_meeting(s, MeetingInput("general", date(y, m, 18), attendance=AttendanceInput(absent="成员1,成员2")), date(2026, 11, 25))
            if m % 3 == 0:
                add_meeting(s, MeetingInput("lecture", date(y, m, 26)), date(2026, 11, 25))
            for g in range(1, 21):
                add_meeting(s, MeetingInput("group", date(y, m, 12), group=f"第{{g}}党小组"), date(2026, 11, 25))
"""


def meetings(open_expr: str) -> None:
    subprocess.run([sys.executable, "-c", MEETINGS_CODE.format(open=open_expr)], check=True)


def _meetings(db: Path) -> None:
    meetings(
        f"__import__('dangwu.store.ledger').store.ledger.open_ledger(__import__('pathlib').Path({str(db)!r}))"
    )


def best(cmd: list[str], repeat: int) -> tuple[float, float]:
    """The fastest of `repeat` runs and the largest peak RSS."""
    runs = [timed(cmd) for _ in range(repeat)]
    return min(r[0] for r in runs), max(r[1] for r in runs)


def floor(sqlite: str, db: Path, repeat: int) -> tuple[float, dict[str, float]]:
    ways = {name: best([sqlite, str(db), sql], repeat)[0] for name, sql in FLOOR_WAYS.items()}
    return min(ways.values()), ways


def journal(db: Path, path: Path) -> int:
    """The year's payments, the floor's rows, as a ledger/hledger journal: one transaction per
    payment, dated the day paid, from the member's account to the branch's cash."""
    import sqlite3

    con = sqlite3.connect(db)
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        for pid, month, fen, paid_on in con.execute(
            "SELECT person_id, month, amount_fen, paid_on FROM dues_payment"
            " WHERE month BETWEEN '2026-01' AND '2026-12' ORDER BY paid_on, id"
        ):
            fh.write(
                f"{paid_on} dues {month}\n    Assets:Cash  {fen / 100:.2f} CNY\n"
                f"    Income:Dues:m{pid}\n\n"
            )
            n += 1
    con.close()
    return n


# The floors of a one-row write: the interpreter alone, a plain sqlite3 script inserting a
# row in one transaction, a Typer app with one argument doing the same (Typer itself, with
# pydantic, is what every dangwu command pays), and `sqlite-utils insert` where installed.
SQLITE_ONE_ROW = """
import sqlite3, sys
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN IMMEDIATE")
con.execute("INSERT INTO bench_floor (name) VALUES (?)", (sys.argv[2],))
con.execute("COMMIT")
"""
TYPER_ONE_ROW = """
import sqlite3
from typing import Annotated
import typer
app = typer.Typer()
@app.command()
def add(db: str, name: Annotated[str, typer.Option()] = "x") -> None:
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("BEGIN IMMEDIATE")
    con.execute("INSERT INTO bench_floor (name) VALUES (?)", (name,))
    con.execute("COMMIT")
app()
"""


def writes(db: Path, n: int, repeat: int) -> list[tuple[int, str, float, float, float]]:
    """Each write a user waits for, the best of `repeat` runs on a copy of the ledger, next
    to the floors above (the floor column is sqlite-utils where installed, else Typer's)."""
    import sqlite3

    copy = db.with_name(f"writes{n}.db")
    shutil.copy(db, copy)
    floor_db = db.with_name("floor.db")
    with sqlite3.connect(floor_db) as con:
        con.execute("CREATE TABLE IF NOT EXISTS bench_floor (id INTEGER PRIMARY KEY, name TEXT)")
    floors = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "sqlite3 script, one row": [sys.executable, "-c", SQLITE_ONE_ROW, str(floor_db), "x"],
        "typer app, one row": [sys.executable, "-c", TYPER_ONE_ROW, str(floor_db), "--name", "x"],
    }
    utils = shutil.which("sqlite-utils")
    out: list[tuple[int, str, float, float, float]] = []
    found = {name: best(cmd, repeat) for name, cmd in floors.items()}
    if utils:
        payload = work_json = db.with_name("row.json")
        work_json.write_text('{"name": "x"}')
        found["sqlite-utils insert"] = best(
            [utils, "insert", str(floor_db), "bench_floor", str(payload)], repeat
        )
    low = found.get("sqlite-utils insert", found["typer app, one row"])[0]
    for name, (secs, rss) in found.items():
        out.append((n, f"floor: {name}", secs, rss, low))
    # people in development to log for (untimed)
    for i in range(repeat):
        dangwu(copy, "dev", "apply", f"申请人{i}", "--on", "2026-11-01", "--birth-date",
               "1995-01-01", "--gender", "男")  # fmt: skip
    runs: dict[str, list[tuple[float, float, int]]] = {}
    for i in range(repeat):
        member = f"成员{i * 7 + 3}"
        for name, cmd in (
            ("dues pay", ["dues", "pay", member, "--month", "2026-12", "--on", "2026-12-01"]),
            (
                "meeting add (branch)",
                ["meeting", "add", "theme_day", "--on", f"2026-11-{i + 2:02d}"],
            ),
            ("member add", ["member", "add", f"新成员{i}", "--gender", "男", "--stage", "full"]),
            ("talk add", ["talk", "add", member, "--with", "成员1", "--on", "2026-11-20"]),
            ("dev log", ["dev", "log", f"申请人{i}", "talk", "--on", "2026-11-20"]),
        ):
            runs.setdefault(name, []).append(dangwu(copy, *cmd))
    for name, found_runs in runs.items():
        out.append((n, name, min(r[0] for r in found_runs), max(r[1] for r in found_runs), low))
    copy.unlink()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,30000")
    parser.add_argument("--repeat", type=int, default=3, help="runs per command (the best counts)")
    parser.add_argument("--keep", action="store_true", help="keep the generated ledgers")
    parser.add_argument(
        "--writes", action="store_true", help="also time the writes a user waits for"
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="dangwu-bench-"))
    sqlite = shutil.which("sqlite3")
    others = {name: shutil.which(name) for name in ("ledger", "hledger")}
    rows = []
    try:
        for n in (int(x) for x in args.sizes.split(",")):
            print(f"building {n} people …")
            db = build(n, work)
            low, ways = floor(sqlite, db, args.repeat) if sqlite else (float("nan"), {})
            print(
                "  floor, the fastest of: "
                + ", ".join(f"{name} {secs:.3f} s" for name, secs in ways.items())
            )
            for name, cmd in (
                ("dues statement", ["dues", "statement", "--year", "2026"]),
                ("dues status", ["dues", "status"]),
                ("report compliance", ["report", "compliance", "--period", "2026"]),
                ("report year", ["report", "year", "2026"]),
                ("report checklist", ["report", "checklist", "--quarter", "2026Q4"]),
                ("dev due", ["dev", "due", "--within", "400"]),
            ):
                runs = [
                    dangwu(db, *cmd, "--as-of", AS_OF, "-f", "json") for _ in range(args.repeat)
                ]
                secs, rss = min(r[0] for r in runs), max(r[1] for r in runs)
                rows.append((n, name, secs, rss, low))
            if args.writes:
                rows += writes(db, n, args.repeat)
            if any(others.values()):
                entries = journal(db, work / f"dues{n}.journal")
                for name, exe in others.items():
                    if exe:
                        secs, rss = best(
                            [exe, "-f", str(work / f"dues{n}.journal"), "balance"], args.repeat
                        )
                        rows.append((n, f"{name} ({entries} entries)", secs, rss, low))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"ledgers kept in {work}")
    if not any(others.values()):
        print("(neither ledger nor hledger is installed here: not timed)")
    print()
    width = max(20, *(len(r[1]) for r in rows)) if rows else 20
    print(
        f"{'people':>7}  {'command':<{width}} {'seconds':>8} {'peak MB':>8} {'floor s':>8}"
        f" {'× floor':>8}"
    )
    for n, name, secs, rss, low in rows:
        print(f"{n:>7}  {name:<{width}} {secs:8.3f} {rss:8.1f} {low:8.3f} {secs / low:8.1f}")


if __name__ == "__main__":
    main()
