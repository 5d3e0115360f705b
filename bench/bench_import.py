"""Time and peak memory of `member import` and `dues import` at scale (issue 22, item 2).

Writes a roster of N people and their dues register (N × 24 months; 96% of member-months
paid), imports both into a new ledger through the real commands as separate processes, and
prints each command's wall time and its own peak RSS (the child's rusage, from wait4). Not
part of the test suite.

    python bench/bench_import.py                        # 10,000 and 30,000 people
    python bench/bench_import.py --sizes 100000 --dry-run
    PYTHONPATH=/tmp/before/src python bench/bench_import.py   # another checkout's dangwu
    python bench/bench_import.py --db postgresql://…          # a branch on a server
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
PAID_SHARE = 0.96


def _person(i: int) -> tuple[str, date, str]:
    gender = "male" if i % 2 else "female"
    born = date(1940 + i % 40, 1 + i % 12, 1 + i % 28)
    return gender, born, make_id(f"{110101 + i // 500:06d}", born, i % 500, gender)


def write_roster(path: Path, n: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(
            ["姓名", "性别", "出生日期", "公民身份号码", "人员类别", "工作状态", "入党日期"]
            + ["转正日期", "党小组"]
        )
        for i in range(n):
            gender, born, idn = _person(i)
            w.writerow(
                [
                    f"成员{i}",
                    "男" if gender == "male" else "女",
                    born.isoformat(),
                    idn,
                    "正式党员",
                    "离退休" if i % 5 == 0 else "在职",
                    "2000-07-01",
                    "2001-07-01",
                    f"第{i % 20 + 1}党小组",
                ]
            )


def _rate(base: int, retired: bool) -> float:
    if retired:
        return 0.005 if base <= 500000 else 0.01
    if base <= 300000:
        return 0.005
    if base <= 500000:
        return 0.01
    return 0.015 if base <= 1000000 else 0.02


def write_register(path: Path, n: int, bad_last: bool = False) -> int:
    """The register of `n` people; `bad_last`: its last row names nobody. Its row count."""
    rng = random.Random(n)
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["公民身份号码", "月份", "缴费基数", "实缴金额", "缴纳日期"])
        for i in range(n):
            _, _, idn = _person(i)
            base = 400000 + (i * 37) % 800000
            due = int(base * _rate(base, i % 5 == 0) + 0.5)
            for k, month in enumerate(MONTHS):
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
                rows += 1
        if bad_last:
            _, _, idn = _person(n + 7)
            w.writerow([idn, MONTHS[0], "", "", ""])
            rows += 1
    return rows


def new_database(server: str, name: str) -> str:
    """A new database on the server of the superuser URL `server`; its URL."""
    import psycopg

    with psycopg.connect(server, autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{name}"')
        con.execute(f'CREATE DATABASE "{name}"')
    return f"{server.rpartition('/')[0]}/{name}"


def run(db: str, *args: str) -> tuple[float, float, int, str]:
    """One dangwu process: (seconds, its own peak RSS in MB, exit code, stderr's tail)."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "dangwu", "--db", db, *args],
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        err.seek(0)
        tail = err.read().decode(errors="replace")[-400:]
    return elapsed, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), tail


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10000, 30000])
    ap.add_argument("--work", type=Path, help="keep the files here (default: a temp folder)")
    ap.add_argument("--db", help="a postgresql:// URL to import into (default: a new file)")
    ap.add_argument("--dry-run", action="store_true", help="also time `dues import --dry-run`")
    ap.add_argument("--bad-last", action="store_true", help="also a register whose last row is bad")
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="dangwu-bench-import-"))
    work.mkdir(parents=True, exist_ok=True)
    import dangwu

    print(f"dangwu from {Path(dangwu.__file__).parent}; files in {work}")
    print(f"{'what':<34} {'rows':>9} {'seconds':>8} {'peak MB':>8}  exit")
    try:
        for n in args.sizes:
            roster, register = work / f"roster{n}.csv", work / f"dues{n}.csv"
            if not roster.exists():
                write_roster(roster, n)
            rows = write_register(register, n)
            if args.db:
                db = new_database(args.db, f"bench_import_{n}_{os.getpid()}")
            else:
                path = work / f"bench{n}.db"
                path.unlink(missing_ok=True)
                db = str(path)
            subprocess.run(
                [sys.executable, "-m", "dangwu", "--db", db, "init", "--branch", "基准测试支部"],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            for label, cmd, count in (
                ("member import", ["member", "import", str(roster)], n),
                *(
                    [
                        (
                            "dues import --dry-run",
                            ["dues", "import", "--dry-run", str(register)],
                            rows,
                        )
                    ]
                    if args.dry_run
                    else []
                ),
                ("dues import", ["dues", "import", str(register)], rows),
            ):
                secs, mb, code, tail = run(db, *cmd)
                print(f"{label:<34} {count:>9,} {secs:>8.2f} {mb:>8.0f}  {code}")
                if code != 0:
                    print(tail)
            if args.bad_last:
                bad = work / f"dues{n}-bad.csv"
                rows = write_register(bad, n, bad_last=True)
                secs, mb, code, tail = run(db, "dues", "import", str(bad))
                print(
                    f"{'dues import, last row bad':<34} {rows:>9,} {secs:>8.2f} {mb:>8.0f}  {code}"
                )
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
