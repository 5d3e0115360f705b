"""Benchmark dangwu's reports at branch-committee scale (not part of the test suite).

Builds, through the real `member import` and `dues import` commands, a ledger of N people
with 24 months of dues (about 90% of member-months paid) and two years of meetings, then
times `dues statement`, `dues status`, `report compliance` and `report year` as separate
processes (wall time and peak RSS), next to the floor: the `sqlite3` shell computing the
same dues totals with one GROUP BY. `ledger` (ledger-cli) is timed too when installed.

    python bench/run_bench.py                 # 1,000 and 10,000 people
    python bench/run_bench.py --sizes 1000,10000,30000
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
FLOOR_SQL = (
    "SELECT person_id, SUM(amount_fen), COUNT(*) FROM dues_payment "
    "WHERE month BETWEEN '2026-01' AND '2026-12' GROUP BY person_id;"
)


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


def build(n: int, work: Path) -> Path:
    rng = random.Random(n)
    db = work / f"bench{n}.db"
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
                paid = rng.random() < 0.9
                w.writerow(
                    [
                        idn,
                        month,
                        f"{base / 100:.2f}" if k == 0 else "",
                        f"{due / 100:.2f}" if paid else "",
                        f"{month}-10" if paid else "",
                    ]
                )
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
with ledger.write() as s:
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--keep", action="store_true", help="keep the generated ledgers")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="dangwu-bench-"))
    sqlite = shutil.which("sqlite3")
    ledger_cli = shutil.which("ledger")
    rows = []
    try:
        for n in (int(x) for x in args.sizes.split(",")):
            print(f"building {n} people …")
            db = build(n, work)
            floor = timed([sqlite, str(db), FLOOR_SQL])[0] if sqlite else float("nan")
            for name, cmd in (
                (
                    "dues statement",
                    ["dues", "statement", "--year", "2026", "--as-of", AS_OF, "-f", "json"],
                ),
                ("dues status", ["dues", "status", "--as-of", AS_OF, "-f", "json"]),
                (
                    "report compliance",
                    ["report", "compliance", "--period", "2026", "--as-of", AS_OF, "-f", "json"],
                ),
                ("report year", ["report", "year", "2026", "--as-of", AS_OF, "-f", "json"]),
            ):
                secs, rss, _ = dangwu(db, *cmd)
                rows.append((n, name, secs, rss, floor))
            if ledger_cli:
                rows.append((n, "ledger-cli (not set up)", float("nan"), float("nan"), floor))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"ledgers kept in {work}")
    print()
    print(
        f"{'people':>7}  {'command':<20} {'seconds':>8} {'peak MB':>8} {'floor s':>8} {'× floor':>8}"
    )
    for n, name, secs, rss, floor in rows:
        print(f"{n:>7}  {name:<20} {secs:8.3f} {rss:8.1f} {floor:8.3f} {secs / floor:8.1f}")


if __name__ == "__main__":
    main()
