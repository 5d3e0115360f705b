"""Everything issue 22 measures, in one run, ratios side by side (not part of the tests).

For each size (10,000 and 100,000 people by default) it builds, through the real `member
import` and `dues import` commands, a ledger with 24 months of dues (96% of member-months
paid at random: about 230,000 payments at 10,000 people) and two years of meetings, then
times, each as its own process (the best of --repeat runs, with the process's own peak RSS
from wait4):

- `--version` and `--help` against `python -c pass` (target: 1.5×);
- the imports that built it (target: under 150 MB);
- the writes a user waits for against `sqlite-utils insert` of one row (target: 1.3×;
  `meeting add` for the whole branch also under 0.5 s);
- each report against its floor in bench/floors/, a plain-sqlite3 script printing the same
  JSON, whose output must equal dangwu's (target: 1.5×, and under 150 MB at 10,000);
- `dues ledger --member` (an index walk: the same time at any size);
- ledger-cli and hledger summing the year's payments, where installed;
- the higher committee's roll-up on a throwaway PostgreSQL cluster (bench/rollup_pg.py).

    python bench/run_bench.py                                # all of it
    python bench/run_bench.py --sizes 10000 --rollup '' --work /tmp/bench   # keep, reuse
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
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from dangwu.rules.identity import make_id

MONTHS = ["2024-12"] + [f"{y}-{m:02d}" for y in (2025, 2026) for m in range(1, 13)][:23]
AS_OF = "2026-11-25"
# a member-month is paid with this chance: 10,000 people × 24 months → about 230,000 payments
PAID_SHARE = 0.96
# The sqlite3 shell's GROUP BY of the year's dues: the floor run_bench_pg.py compares the two
# backends against.
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


def build(n: int, work: Path) -> tuple[Path, list[Row]]:
    """The ledger of `n` people, through the real imports; the imports' rows (time, memory)."""
    db = work / f"bench{n}.db"
    roster, register = write_files(n, work)
    subprocess.run(
        [sys.executable, "-m", "dangwu", "--db", str(db), "init", "--branch", "基准测试支部"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    rows = []
    for name, path in (("member import", roster), (f"dues import ({n * 24} rows)", register)):
        secs, mb, code = dangwu(db, name.split(" (")[0].split()[0], "import", str(path))
        rows.append(Row(n, name, secs, mb, target="<150 MB", met=mb < 150))
        print(f"  {name}: {secs:6.2f} s, {mb:.0f} MB", flush=True)
    t = time.perf_counter()
    _meetings(db)
    print(f"  two years of meetings: {time.perf_counter() - t:6.2f} s", flush=True)
    return db, rows


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


def writes(db: Path, n: int, repeat: int) -> list[Row]:
    """Each write a user waits for, the best of `repeat` runs on a copy of the ledger, next
    to the floors above: the target is 1.3× `sqlite-utils insert` (Typer's one-row app where
    sqlite-utils is not installed), and `meeting add` for the whole branch under 0.5 s."""
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
    found = {name: best(cmd, repeat) for name, cmd in floors.items()}
    if utils:
        payload = db.with_name("row.json")
        payload.write_text('{"name": "x"}')
        found["sqlite-utils insert"] = best(
            [utils, "insert", str(floor_db), "bench_floor", str(payload)], repeat
        )
    low_name = "sqlite-utils insert" if utils else "typer app, one row"
    low = found[low_name][0]
    out = [Row(n, f"floor: {name}", secs, rss) for name, (secs, rss) in found.items()]
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
        secs, rss = min(r[0] for r in found_runs), max(r[1] for r in found_runs)
        target, met = "≤1.3×", secs <= 1.3 * low
        if name.startswith("meeting add"):
            target, met = "≤1.3×, <0.5 s", met and secs < 0.5
        out.append(Row(n, name, secs, rss, low_name, low, target, met))
    copy.unlink()
    return out


# The reports and the plain-sqlite3 scripts (bench/floors/) that print the same JSON
REPORTS: tuple[tuple[str, list[str], str, list[str]], ...] = (
    ("dues statement", ["dues", "statement", "--year", "2026"], "dues_statement.py", ["--year", "2026"]),
    ("dues status", ["dues", "status"], "dues_status.py", []),
    ("report compliance", ["report", "compliance", "--period", "2026"], "report_compliance.py",
     ["--period", "2026"]),
    ("report checklist", ["report", "checklist", "--quarter", "2026Q4"], "report_checklist.py",
     ["--quarter", "2026Q4"]),
    ("report year", ["report", "year", "2026"], "report_year.py", ["2026"]),
)  # fmt: skip
FLOORS = Path(__file__).resolve().parent / "floors"


@dataclass
class Row:
    """One line of the table: a command, what it is measured against, and the target."""

    people: int | str
    command: str
    secs: float
    mb: float
    floor: str = ""
    floor_secs: float = float("nan")
    target: str = ""  # "≤1.5×", "<0.5 s", "<150 MB"
    met: bool | None = None
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.secs / self.floor_secs if self.floor_secs == self.floor_secs else float("nan")


def captured(cmd: list[str], out: Path | None = None) -> tuple[float, float, int]:
    """One process: (seconds, its own peak RSS in MB, exit code); stdout into `out`.

    The bench itself stays small (it never reads a report's output): a child's peak RSS
    starts from its parent's at fork, so a bench holding a report would inflate the next."""
    with open(out or os.devnull, "wb") as sink:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=sink, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
    return elapsed, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def best_of(cmd: list[str], repeat: int, out: Path | None = None) -> tuple[float, float, int]:
    runs = [captured(cmd, out) for _ in range(repeat)]
    return min(r[0] for r in runs), max(r[1] for r in runs), max(r[2] for r in runs)


SAME_JSON = (
    "import json, sys; sys.exit(json.load(open(sys.argv[1])) != json.load(open(sys.argv[2])))"
)


def startup(repeat: int) -> list[Row]:
    """`--version` and `--help` of the console script a user types, against the interpreter
    alone (which imports site). Ten times the runs: at 10 ms one scheduler tick is a ratio."""
    script = Path(sys.executable).with_name("dangwu")
    exe = [str(script)] if script.exists() else [sys.executable, "-m", "dangwu"]
    low = best_of([sys.executable, "-c", "pass"], 10 * repeat)
    rows = [Row("", "floor: python -c pass", low[0], low[1])]
    for name, args in (("dangwu --version", ["--version"]), ("dangwu --help", ["--help"])):
        secs, mb, _ = best_of([*exe, *args], 10 * repeat)
        target = name.endswith("--version")
        rows.append(
            Row("", name, secs, mb, "python -c pass", low[0], "≤1.5×" if target else "",
                secs <= 1.5 * low[0] if target else None)
        )  # fmt: skip
    return rows


def reports(db: Path, n: int, repeat: int) -> list[Row]:
    """Each report against its floor script: the time, the peak memory, equal output."""
    rows = []
    for name, cmd, script, floor_args in REPORTS:
        full = [sys.executable, "-m", "dangwu", "--db", str(db), *cmd, "--as-of", AS_OF]
        out, fout = db.with_name(f"{n}.dangwu.json"), db.with_name(f"{n}.floor.json")
        secs, mb, code = best_of([*full, "-f", "json"], repeat, out)
        floor_cmd = [sys.executable, str(FLOORS / script), str(db), *floor_args, "--as-of", AS_OF]
        fsecs, _, fcode = best_of(floor_cmd, repeat, fout)
        if fcode != 0:
            note, met = "floor refused the ledger", None
        else:
            equal = subprocess.run([sys.executable, "-c", SAME_JSON, out, fout]).returncode == 0
            note = "output equal" if equal else "OUTPUT DIFFERS"
            met = equal and secs <= 1.5 * fsecs and (n > 10_000 or mb < 150)
        rows.append(
            Row(
                n,
                name,
                secs,
                mb,
                script,
                fsecs,
                "≤1.5×" + (", <150 MB" if n <= 10_000 else ""),
                met,
                note,
            )
        )
    # one member's ledger: an index walk, the same time at any size
    person = _a_member(db)
    secs, mb, _ = best_of(
        [sys.executable, "-m", "dangwu", "--db", str(db), "dues", "ledger", "--member", person,
         "-f", "json"], repeat
    )  # fmt: skip
    rows.append(Row(n, "dues ledger --member", secs, mb))
    return rows


def _a_member(db: Path) -> str:
    import sqlite3

    con = sqlite3.connect(db)
    try:
        (pid,) = con.execute("SELECT MAX(person_id) FROM dues_payment").fetchone()
    finally:
        con.close()
    return str(pid)


def others(db: Path, n: int, work: Path, repeat: int, floor_secs: float) -> list[Row]:
    """ledger-cli and hledger summing the year's payments, where installed."""
    found = {name: shutil.which(name) for name in ("ledger", "hledger")}
    if not any(found.values()):
        return []
    path = work / f"dues{n}.journal"
    entries = journal(db, path)
    rows = []
    for name, exe in found.items():
        if exe:
            secs, mb = best([exe, "-f", str(path), "balance"], repeat)
            rows.append(
                Row(n, f"{name} ({entries} entries)", secs, mb, "dues_statement.py", floor_secs)
            )
    return rows


def rollup(shapes: str, repeat: int) -> list[Row]:
    """The higher committee's roll-up on a throwaway PostgreSQL cluster (bench/rollup_pg.py)."""
    import rollup_pg

    cluster = tempfile.mkdtemp(prefix="dangwu-bench-cluster-")
    work = Path(tempfile.mkdtemp(prefix="dangwu-bench-rollup-"))
    rows = []
    try:
        server = subprocess.run(
            ["bash", str(rollup_pg.CLUSTER), "start", cluster],
            check=True, capture_output=True, text=True,
        ).stdout.strip()  # fmt: skip
        for shape in shapes.split(","):
            branches, people = (int(x) for x in shape.split("x"))
            print(f"building {branches} branches of {people} people on PostgreSQL …", flush=True)
            hc = rollup_pg.build(server, branches, people, work)
            for name, cmd in rollup_pg.REPORTS:
                full = [*cmd, "--all-branches", "--as-of", AS_OF, "-f", "json"]
                secs, mb, code = best_of(
                    [sys.executable, "-m", "dangwu", "--db", hc, *full], repeat
                )
                rows.append(Row(f"{branches}×{people}", name, secs, mb,
                                note=f"{1000 * secs / (branches * people):.3f} ms/member"))  # fmt: skip
    finally:
        subprocess.run(["bash", str(rollup_pg.CLUSTER), "stop", cluster], check=False,
                       capture_output=True)  # fmt: skip
        shutil.rmtree(cluster, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)
    return rows


def table(rows: list[Row]) -> str:
    width = max(24, *(len(r.command) for r in rows))
    fw = max(8, *(len(r.floor) for r in rows))
    lines = [
        f"{'people':>8}  {'command':<{width}} {'seconds':>8} {'peak MB':>8}  {'floor':<{fw}}"
        f" {'floor s':>8} {'× floor':>8}  {'target':<14} {'met':<4} note"
    ]
    for r in rows:
        floor_s = f"{r.floor_secs:8.3f}" if r.floor else " " * 8
        ratio = f"{r.ratio:8.2f}" if r.floor else " " * 8
        met = "" if r.met is None else ("yes" if r.met else "NO")
        lines.append(
            f"{r.people!s:>8}  {r.command:<{width}} {r.secs:8.3f} {r.mb:8.1f}  {r.floor:<{fw}}"
            f" {floor_s} {ratio}  {r.target:<14} {met:<4} {r.note}".rstrip()
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--repeat", type=int, default=3, help="runs per command (the best counts)")
    parser.add_argument(
        "--work", type=Path, help="keep the ledgers here, and reuse the ones already built"
    )
    parser.add_argument(
        "--rollup", default="100x100,10x10000",
        help="BRANCHESxPEOPLE,… for the PostgreSQL roll-up ('' to skip it)",
    )  # fmt: skip
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="dangwu-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    rows: list[Row] = []
    started = time.perf_counter()
    try:
        rows += startup(args.repeat)
        for n in (int(x) for x in args.sizes.split(",")):
            db = work / f"bench{n}.db"
            if db.exists():
                print(f"reusing {db}", flush=True)
            else:
                print(f"building {n} people …", flush=True)
                db, built = build(n, work)
                rows += built
            rows += writes(db, n, args.repeat)
            found = reports(db, n, args.repeat)
            rows += found
            rows += others(db, n, work, args.repeat, found[0].floor_secs)
        if args.rollup:
            rows += rollup(args.rollup, max(1, args.repeat - 1))
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print()
    print(table(rows))
    print(f"\n({time.perf_counter() - started:.0f} s in all, {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
