"""Several real `dangwu` processes on one ledger at once: cron, an import, people at work.

One round copies a prepared ledger and runs, side by side:

* a cron-like `dues remind --exit-code --format json`, repeated (exit 3: somebody owes);
* `dues import` of a register of a few thousand member-months;
* several interactive `dues pay NAME --months …`, each for a different member, started at
  random moments while the import is starting up, checking or writing.

and then checks what a branch would notice: every command exited as documented, none said
"database is locked" (or anything else on stderr), every imported row and every paid month
is in the ledger exactly once with its audit row, `db check` is clean, and no reminder ever
saw half of the import or half of a payment.
"""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dangwu_procs as procs
from kill_harness import write_lock_holder

AS_OF = "2026-01-25"  # every month from 2024-01 to 2026-01 is past its deadline (the 20th)
OWED_THROUGH = 25  # months 2024-01 … 2026-01
IMPORT_MONTHS = procs.months("2024-01", 24)
PAY_SPAN = ("2024-01", "2024-06")
DUE_FEN = 5000


@dataclass
class Run:
    """One process: what it was, when it ran, how it ended."""

    label: str
    args: list[str]
    started: float = 0.0
    ended: float = 0.0
    code: int | None = None
    stdout: str = ""
    stderr: str = ""
    pid: int = 0
    held: float = 0.0  # how long it was seen holding the write lock

    @property
    def seconds(self) -> float:
        return self.ended - self.started


@dataclass
class Round:
    number: int
    runs: list[Run] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    overlaps: int = 0  # writer pairs whose lifetimes overlapped
    seconds: float = 0.0

    def by(self, label: str) -> list[Run]:
        return [r for r in self.runs if r.label == label]


class Crowd:
    def __init__(
        self,
        folder: Path,
        importers: int = 125,
        payers: int = 6,
        reminders: int = 3,
        seed: int | None = None,
    ) -> None:
        self.folder = folder
        self.env = procs.dangwu_env(folder)
        self.seed = random.randrange(2**32) if seed is None else seed
        self.rng = random.Random(self.seed)
        self.base = procs.build_base(folder / "base", importers + payers)
        self.importers = self.base.members[:importers]
        self.payers = self.base.members[importers : importers + payers]
        self.reminders = reminders
        self.register = procs.write_csv(
            folder / "register.csv", procs.register_rows(self.importers, IMPORT_MONTHS)
        )
        self.rows = len(self.importers) * len(IMPORT_MONTHS)

    def round(self, number: int) -> Round:
        work = self.folder / f"round{number}"
        work.mkdir(parents=True, exist_ok=True)
        db = work / "ledger.db"
        procs.copy_ledger(self.base.path, db)
        result = Round(number)
        t0 = time.monotonic()
        imp = Run("import", ["dues", "import", str(self.register)])
        pays = [
            Run(
                "pay",
                [
                    "dues",
                    "pay",
                    name,
                    "--months",
                    "..".join(PAY_SPAN),
                    "--on",
                    "2024-07-05",
                    "--receipt",
                    f"P{number:02d}-{i:02d}",
                ],
            )
            for i, name in enumerate(self.payers)
        ]
        reminds = [
            Run("remind", ["dues", "remind", "--as-of", AS_OF, "--format", "json", "--exit-code"])
            for _ in range(self.reminders)
        ]
        result.runs = [imp, *pays, *reminds]

        def go(run: Run, delay: float) -> None:
            time.sleep(delay)
            run.started = time.monotonic()
            proc = procs.start(
                db, *run.args, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )
            run.pid = proc.pid
            out, err = proc.communicate()
            run.ended = time.monotonic()
            run.code, run.stdout, run.stderr = proc.returncode, out.decode(), err.decode()

        def cron() -> None:
            # like a crontab line firing again and again while the others work
            for run in reminds:
                go(run, self.rng.uniform(0.0, 0.4))

        # the payers arrive while the import starts, checks its rows and writes them
        threads = [threading.Thread(target=go, args=(imp, 0.0)), threading.Thread(target=cron)]
        threads += [threading.Thread(target=go, args=(p, self.rng.uniform(0.0, 1.0))) for p in pays]
        holds: dict[int, float] = {}
        running = threading.Event()
        running.set()

        def watch() -> None:
            # who holds the write lock, sampled: how long the import keeps the others waiting
            last = time.monotonic()
            while running.is_set():
                time.sleep(0.002)
                now = time.monotonic()
                holder = write_lock_holder(db)
                if holder is not None:
                    holds[holder] = holds.get(holder, 0.0) + (now - last)
                last = now

        watcher = threading.Thread(target=watch)
        watcher.start()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        running.clear()
        watcher.join()
        for run in result.runs:
            run.held = holds.get(run.pid, 0.0)
        result.seconds = time.monotonic() - t0
        writers = [imp, *pays]
        result.overlaps = sum(
            1
            for i, a in enumerate(writers)
            for b in writers[i + 1 :]
            if a.started < b.ended and b.started < a.ended
        )
        result.problems = self.verify(db, result)
        return result

    # -- what the branch would notice ---------------------------------------------------------
    def verify(self, db: Path, result: Round) -> list[str]:
        problems = []
        for run in result.runs:
            expected = 3 if run.label == "remind" else 0
            if run.code != expected:
                problems.append(
                    f"{run.label} {' '.join(run.args[2:4])}: exit {run.code} "
                    f"(expected {expected}): {run.stderr.strip()[:300]}"
                )
            if "locked" in run.stderr.lower() or "busy" in run.stderr.lower():
                problems.append(f"{run.label}: 'database is locked': {run.stderr.strip()[:300]}")
            elif run.stderr.strip():
                problems.append(f"{run.label}: unexpected stderr: {run.stderr.strip()[:300]}")
        problems += self._ledger(db)
        for run in result.by("remind"):
            problems += self._reminder(run)
        check = procs.run(
            db, "db", "check", "--exit-code", "--format", "json", env=self.env, ok=range(256)
        )
        if check.returncode != 0:
            problems.append(f"db check exit {check.returncode}: {check.stdout[:500]}")
        return problems

    def _ledger(self, db: Path) -> list[str]:
        problems = []
        rows = procs.query(
            db,
            """SELECT x.name, p.month, p.amount_fen, p.receipt, COUNT(*) OVER
                 (PARTITION BY p.person_id, p.month) AS n,
                 (SELECT COUNT(*) FROM audit_log a WHERE a.table_name = 'dues_payment'
                    AND a.row_id = p.id) AS audited
               FROM dues_payment p JOIN person x ON x.id = p.person_id WHERE p.kind = 'regular'""",
        )
        seen: dict[tuple[str, str], tuple[Any, ...]] = {}
        for name, month, fen, receipt, n, audited in rows:
            if n != 1:
                problems.append(f"{name} {month}: {n} payments")
            if audited != 1:
                problems.append(f"{name} {month}: {audited} audit rows")
            if fen != DUE_FEN:
                problems.append(f"{name} {month}: {fen} fen")
            seen[(name, month)] = (receipt,)
        wanted = {(name, m) for name in self.importers for m in IMPORT_MONTHS}
        paid_months = procs.months(PAY_SPAN[0], 6)
        wanted |= {(name, m) for name in self.payers for m in paid_months}
        missing = sorted(wanted - set(seen))
        extra = sorted(set(seen) - wanted)
        if missing:
            problems.append(f"{len(missing)} entries lost, e.g. {missing[:3]}")
        if extra:
            problems.append(f"{len(extra)} entries nobody made, e.g. {extra[:3]}")
        return problems

    def _reminder(self, run: Run) -> list[str]:
        """A reminder reads one snapshot: the import and each payment are all in it or not."""
        try:
            doc = json.loads(run.stdout)
        except json.JSONDecodeError:
            return [f"remind printed no JSON: {run.stdout[:200]!r}"]
        owed = {m["name"]: len(m["owed_months"]) for m in doc["members"]}
        problems = []
        seen_import = {owed.get(name) for name in self.importers}
        if seen_import not in ({OWED_THROUGH}, {OWED_THROUGH - len(IMPORT_MONTHS)}):
            problems.append(f"a reminder saw part of the import: owed month counts {seen_import}")
        for name in self.payers:
            if owed.get(name) not in (OWED_THROUGH, OWED_THROUGH - 6):
                problems.append(f"a reminder saw part of {name}'s payment: {owed.get(name)}")
        return problems


def pay_behind_lock(crowd: Crowd, hold: float) -> Run:
    """A `dues pay` started while another connection holds the write lock for `hold` s."""
    work = crowd.folder / "behind_lock"
    work.mkdir(parents=True, exist_ok=True)
    db = work / "ledger.db"
    procs.copy_ledger(crowd.base.path, db)
    run = Run("pay", ["dues", "pay", crowd.payers[0], "--months", "..".join(PAY_SPAN)])
    con = sqlite3.connect(str(db), isolation_level=None)
    try:
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("BEGIN IMMEDIATE")
        run.started = time.monotonic()
        proc = procs.start(
            db, *run.args, env=crowd.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        time.sleep(hold)
        con.execute("COMMIT")
    finally:
        con.close()
    out, err = proc.communicate()
    run.ended = time.monotonic()
    run.code, run.stdout, run.stderr = proc.returncode, out.decode(), err.decode()
    paid = procs.query(
        db,
        "SELECT COUNT(*) FROM dues_payment p JOIN person x ON x.id = p.person_id WHERE x.name = ?",
        (crowd.payers[0],),
    )[0][0]
    if run.code == 0 and paid != 6:
        run.code, run.stderr = -1, f"exit 0 but {paid} months recorded"
    return run


def table(rounds: list[Round]) -> str:
    header = (
        "round",
        "seconds",
        "import s",
        "import lock s",
        "pay max s",
        "overlaps",
        "reminders",
        "problems",
    )
    rows = [
        (
            r.number,
            f"{r.seconds:.1f}",
            f"{r.by('import')[0].seconds:.2f}",
            f"{r.by('import')[0].held:.2f}",
            f"{max(p.seconds for p in r.by('pay')):.2f}",
            r.overlaps,
            len(r.by("remind")),
            len(r.problems),
        )
        for r in rounds
    ]
    widths = [max(len(str(x[i])) for x in [header, *rows]) for i in range(len(header))]
    out = ["  ".join(str(h).rjust(w) for h, w in zip(header, widths, strict=True))]
    out.append("  ".join("-" * w for w in widths))
    for row in rows:
        out.append("  ".join(str(v).rjust(w) for v, w in zip(row, widths, strict=True)))
    return "\n".join(out)
