"""Kill real `dangwu` writers with SIGKILL at random moments and prove all-or-nothing.

Each trial copies a prepared ledger, starts one writing command as its own process, kills it
with SIGKILL (no cleanup, no `finally`, no rollback: the process just stops, as under the
OOM killer or `kill -9`) and then asks:

* does `dangwu db check --exit-code --format json` still report the ledger sound, and
* is the command's effect wholly there or wholly absent? The ledger's fingerprint (every row
  of every table, audit times left out) must equal either the prepared ledger's ("absent")
  or that of an uninterrupted run of the same command ("landed"). Anything else is "lost":
  a half-written command. The scenario's own facts (e.g. "payments", "their audit rows")
  are printed beside it so a failure says what is missing.

What the process already handed to the operating system survives a kill, so this proves
SQLite's journal and dangwu's transactions, not the disk on a power cut (that rests on
SQLite's default synchronous=FULL, which dangwu keeps).

`init` and `demo` start from no ledger and `db backup` writes a second file: for them
"absent" means no file at the path, and running the command again must then succeed.

Three ways of choosing the moment, taken in turn:

* `uniform`: a delay drawn between 0 and the command's normal duration (measured first);
  most of a short command's life is start-up and checking, so most of these strike there;
* `txn`: wait until the process holds SQLite's write lock, then strike within the time it
  normally holds it: while rows are being written or the commit is under way;
* `after`: wait until it has released the lock again (committed), then strike before it
  exits: the commit must survive the kill.
"""

from __future__ import annotations

import fcntl
import json
import os
import random
import signal
import sqlite3
import struct
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dangwu_procs as procs

MODES = ("uniform", "txn", "after")

# SQLite's WAL locks are byte locks in the -shm file from offset 120; the first is the
# writer's (sqlite3 src/os_unix.c, UNIX_SHM_BASE; src/wal.c, WAL_WRITE_LOCK = 0).
WAL_WRITE_LOCK_BYTE = 120


def write_lock_holder(db: Path) -> int | None:
    """The pid holding the ledger's write lock, asked without taking it (F_GETLK); Linux."""
    try:
        fd = os.open(f"{db}-shm", os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        # struct flock on Linux: short l_type, short l_whence, off_t l_start, off_t l_len,
        # pid_t l_pid (native alignment, padded to 32 bytes)
        query = struct.pack("hhqqi4x", fcntl.F_WRLCK, os.SEEK_SET, WAL_WRITE_LOCK_BYTE, 1, 0)
        try:
            answer = fcntl.fcntl(fd, fcntl.F_GETLK, query)
        except OSError:
            return None
        l_type, _, _, _, pid = struct.unpack("hhqqi4x", answer)
        return None if l_type == fcntl.F_UNLCK else pid
    finally:
        os.close(fd)


def lock_holders(folder: Path) -> set[int]:
    """Who holds a write lock on any ledger in `folder` (a new one may be built under a
    temporary name before it takes its place)."""
    holders = set()
    for shm in folder.glob("*-shm"):
        pid = write_lock_holder(Path(str(shm)[: -len("-shm")]))
        if pid is not None:
            holders.add(pid)
    return holders


NO_LEDGER = "(no ledger)"
LEDGER_FILES = {"ledger.db", "ledger.db-wal", "ledger.db-shm"}


def fingerprint(path: Path) -> str:
    if not path.exists():
        return NO_LEDGER
    try:
        return procs.fingerprint(path)
    except sqlite3.DatabaseError as exc:
        return f"(unreadable: {exc})"


def state(sc: Scenario, db: Path) -> str:
    """The ledger's fingerprint, and that of the file the command writes, if it writes one."""
    if sc.output is None:
        return fingerprint(db)
    return f"{fingerprint(db)} {fingerprint(db.parent / sc.output)}"


@dataclass
class Scenario:
    """One writing command and how to see its effect in the ledger."""

    name: str
    args: list[str]
    # human-readable counts of what the command writes (shown when a trial is "lost")
    facts: Callable[[Path], dict[str, Any]]
    # what must hold between the facts before and after, whether the command landed or not
    invariant: Callable[[dict[str, Any], dict[str, Any]], bool]
    # starts with no ledger at all (init, demo) instead of a copy of the prepared one
    fresh: bool = False
    # after a kill that left nothing, running the command again must work
    retry: bool = False
    # a file the command writes beside the ledger (db backup), part of its effect
    output: str | None = None
    # start from the ledger another scenario leaves (a bigger one), not the prepared one
    start_from: str | None = None
    absent: str = ""
    landed: str = ""
    duration: float = 0.0
    txn_start: float = 0.0
    txn_hold: float = 0.0
    tail: float = 0.0
    base_facts: dict[str, Any] = field(default_factory=dict)
    landed_facts: dict[str, Any] = field(default_factory=dict)


@dataclass
class Tally:
    kills: int = 0
    landed: int = 0
    absent: int = 0
    lost: int = 0
    in_txn: int = 0
    completed: int = 0
    check_failed: int = 0
    failures: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for k in ("kills", "landed", "absent", "lost", "in_txn", "completed", "check_failed"):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        self.failures += other.failures


def _count(db: Path, sql: str, *params: Any) -> int:
    return int(procs.query(db, sql, params)[0][0])


def _new(before: dict[str, Any], after: dict[str, Any], key: str) -> int:
    return int(after[key]) - int(before[key])


def scenarios(
    base: procs.BaseLedger, folder: Path, roster_size: int, register_months: int
) -> list[Scenario]:
    """The writers: a roster import, a register import, a payment for twelve months, a
    meeting with attendance, a development step (admission vote), and the two commands that
    create a ledger: init and demo."""
    new_people = procs.names(roster_size, offset=len(base.members))
    roster = procs.write_csv(
        folder / "new_roster.csv", procs.roster_rows(new_people, len(base.members))
    )
    payers = base.members[5:]
    register = procs.write_csv(
        folder / "register.csv",
        procs.register_rows(payers, procs.months("2024-01", register_months)),
    )
    payer = base.members[0]
    absent, leave, exempt = base.members[1], base.members[2], base.members[3]

    def import_facts(db: Path) -> dict[str, Any]:
        return {
            "people": _count(db, "SELECT COUNT(*) FROM person"),
            "stage events": _count(db, "SELECT COUNT(*) FROM stage_event"),
            "group memberships": _count(db, "SELECT COUNT(*) FROM group_membership"),
            "import audit rows": _count(
                db, "SELECT COUNT(*) FROM audit_log WHERE action = 'member.import'"
            ),
        }

    def register_facts(db: Path) -> dict[str, Any]:
        return {
            "payments": _count(db, "SELECT COUNT(*) FROM dues_payment"),
            "paid fen": _count(db, "SELECT COALESCE(SUM(amount_fen), 0) FROM dues_payment"),
            "payment audit rows": _count(
                db, "SELECT COUNT(*) FROM audit_log WHERE table_name = 'dues_payment'"
            ),
        }

    def pay_facts(db: Path) -> dict[str, Any]:
        return {
            "months paid": _count(
                db,
                "SELECT COUNT(*) FROM dues_payment p JOIN person x ON x.id = p.person_id"
                " WHERE x.name = ? AND p.kind = 'regular'",
                payer,
            ),
            "payment audit rows": _count(
                db, "SELECT COUNT(*) FROM audit_log WHERE action = 'dues.pay'"
            ),
        }

    def meeting_facts(db: Path) -> dict[str, Any]:
        return {
            "meetings": _count(db, "SELECT COUNT(*) FROM meeting"),
            "attendance rows": _count(db, "SELECT COUNT(*) FROM meeting_attendance"),
            "meeting audit rows": _count(
                db, "SELECT COUNT(*) FROM audit_log WHERE table_name = 'meeting'"
            ),
        }

    def admit_facts(db: Path) -> dict[str, Any]:
        return {
            "admit events": _count(db, "SELECT COUNT(*) FROM dev_event WHERE kind = 'admit'"),
            "probationary stage rows": _count(
                db, "SELECT COUNT(*) FROM stage_event WHERE stage = 'probationary'"
            ),
            # the step's audit entry (the stage change it makes has its own)
            "admit audit rows": _count(
                db,
                "SELECT COUNT(*) FROM audit_log WHERE action = 'dev.admit'"
                " AND table_name = 'dev_event'",
            ),
        }

    def new_ledger_facts(db: Path) -> dict[str, Any]:
        if not db.exists():
            return {"ledger": False}
        try:
            return {
                "ledger": True,
                "schema": procs.query(db, "SELECT version_num FROM alembic_version")[0][0],
                "branch": _count(
                    db, "SELECT COUNT(*) FROM branch_setting WHERE key = 'branch_name'"
                ),
                "people": _count(db, "SELECT COUNT(*) FROM person"),
                "payments": _count(db, "SELECT COUNT(*) FROM dues_payment"),
            }
        except (sqlite3.Error, IndexError) as exc:
            return {"ledger": True, "unreadable": str(exc)}

    def whole_ledger_or_none(_before: dict[str, Any], f: dict[str, Any]) -> bool:
        return not f["ledger"] or (bool(f.get("schema")) and f.get("branch") == 1)

    def backup_facts(db: Path) -> dict[str, Any]:
        copy = db.parent / "copy.db"
        if not copy.exists():
            return {"copy": False}
        try:
            return {
                "copy": True,
                "integrity": procs.query(copy, "PRAGMA integrity_check")[0][0],
                "people": _count(copy, "SELECT COUNT(*) FROM person"),
            }
        except sqlite3.DatabaseError as exc:
            return {"copy": True, "unreadable": str(exc)}

    return [
        Scenario(
            "db backup",
            ["db", "backup", "copy.db"],
            backup_facts,
            lambda _b, f: not f["copy"] or f.get("integrity") == "ok",
            retry=True,
            output="copy.db",
            # copying thousands of people takes long enough to be struck half-way
            start_from="member import",
        ),
        Scenario(
            "init",
            ["init", "--branch", "新建支部", "--higher-org", "机关党委"],
            new_ledger_facts,
            whole_ledger_or_none,
            fresh=True,
            retry=True,
        ),
        Scenario(
            "demo",
            ["demo"],
            new_ledger_facts,
            whole_ledger_or_none,
            fresh=True,
            retry=True,
        ),
        Scenario(
            "member import",
            ["member", "import", str(roster)],
            import_facts,
            lambda b, f: (
                _new(b, f, "people") in (0, roster_size)
                # each full member: a probationary and a full stage event, a group, an audit row
                and _new(b, f, "stage events") == 2 * _new(b, f, "people")
                and _new(b, f, "group memberships") == _new(b, f, "people")
                and _new(b, f, "import audit rows") == _new(b, f, "people")
            ),
        ),
        Scenario(
            "dues import",
            ["dues", "import", str(register)],
            register_facts,
            lambda b, f: (
                _new(b, f, "payments") in (0, len(payers) * register_months)
                and _new(b, f, "payment audit rows") == _new(b, f, "payments")
            ),
        ),
        Scenario(
            "dues pay",
            [
                "dues",
                "pay",
                payer,
                "--months",
                "2024-01..2024-12",
                "--on",
                "2025-01-10",
                "--receipt",
                "K-0001",
            ],
            pay_facts,
            lambda b, f: (
                _new(b, f, "months paid") in (0, 12)
                and _new(b, f, "payment audit rows") == _new(b, f, "months paid")
            ),
        ),
        Scenario(
            "meeting add",
            [
                "meeting",
                "add",
                "theme_day",
                "--on",
                "2025-08-01",
                "--topic",
                "主题党日",
                "--absent",
                absent,
                "--leave",
                f"{leave}:出差",
                "--exempt",
                f"{exempt}:长期外派",
            ],
            meeting_facts,
            lambda b, f: (
                _new(b, f, "meetings") in (0, 1)
                and (_new(b, f, "attendance rows") > 0) == (_new(b, f, "meetings") == 1)
                and _new(b, f, "meeting audit rows") == _new(b, f, "meetings")
            ),
        ),
        Scenario(
            "dev admit",
            [
                "dev",
                "admit",
                base.candidate,
                "--on",
                "2025-07-01",
                "--meeting",
                str(base.meeting_id),
                "--for",
                "50",
                "--against",
                "0",
                "--force",
                "--reason",
                "historical record",
            ],
            admit_facts,
            lambda b, f: (
                _new(b, f, "admit events") in (0, 1)
                and _new(b, f, "admit audit rows") == _new(b, f, "admit events")
                and _new(b, f, "probationary stage rows") == _new(b, f, "admit events")
            ),
        ),
    ]


class Harness:
    def __init__(
        self,
        folder: Path,
        members: int = 60,
        roster_size: int = 300,
        register_months: int = 12,
        workers: int = 2,
        seed: int | None = None,
        commands: Sequence[str] | None = None,
    ) -> None:
        """`commands`: the scenarios to run, by name (default: all)."""
        self.folder = folder
        self.env = procs.dangwu_env(folder)
        self.workers = workers
        self.seed = random.randrange(2**32) if seed is None else seed
        self.base = procs.build_base(folder / "base", members)
        self.scenarios = [
            sc
            for sc in scenarios(self.base, folder, roster_size, register_months)
            if commands is None or sc.name in commands
        ]
        self._slots = [folder / f"slot{i}" for i in range(workers)]
        for slot in self._slots:
            slot.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._landed_ledger: dict[str, Path] = {}

    # -- calibration ------------------------------------------------------------------------
    def calibrate(self, runs: int = 1) -> None:
        """Run each command uninterrupted: its duration, when it takes the write lock and
        for how long, and the ledger it leaves (the "landed" fingerprint)."""
        # one at a time: run side by side, each would seem slower than it is alone
        names = [sc.name for sc in self.scenarios]
        for i, sc in sorted(enumerate(self.scenarios), key=lambda p: p[1].start_from in names):
            db = self._fresh_dir(f"calibrate{i}") / "ledger.db"
            self._calibrate(sc, db, runs)
            if db.exists():
                procs.settle(db)
            self._landed_ledger[sc.name] = db

    def _prepare(self, sc: Scenario, db: Path) -> None:
        for leftover in db.parent.iterdir():
            leftover.unlink()
        if sc.fresh:
            return
        procs.copy_ledger(self._landed_ledger.get(sc.start_from or "", self.base.path), db)

    def _busy(self, sc: Scenario, slot: Path, pid: int) -> bool:
        """Is the process at the heart of its work: writing to the ledger or to its output?"""
        if sc.output is None:
            return pid in lock_holders(slot)
        # a backup takes no write lock: it is at work once its file (or a temporary one) is
        return any(p.name not in LEDGER_FILES for p in slot.iterdir())

    def _calibrate(self, sc: Scenario, db: Path, runs: int) -> None:
        self._prepare(sc, db)
        sc.base_facts = sc.facts(db)
        sc.absent = state(sc, db)
        durations, starts, holds, tails = [], [], [], []
        for _ in range(runs):
            self._prepare(sc, db)
            t0 = time.monotonic()
            proc = procs.start(
                db, *sc.args, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
            )
            first = last = None
            while proc.poll() is None:
                if self._busy(sc, db.parent, proc.pid):
                    now = time.monotonic() - t0
                    first = now if first is None else first
                    last = now
                time.sleep(0.0005)
            end = time.monotonic() - t0
            durations.append(end)
            err = proc.stderr.read().decode() if proc.stderr else ""
            if proc.stderr:
                proc.stderr.close()
            if proc.returncode != 0:
                raise AssertionError(f"{sc.name}: exit {proc.returncode}: {err}")
            if first is not None and last is not None:
                starts.append(first)
                holds.append(last - first)
                tails.append(end - last)
            landed = state(sc, db)
            if sc.landed and landed != sc.landed:
                raise AssertionError(f"{sc.name}: two uninterrupted runs left different ledgers")
            sc.landed = landed
        sc.landed_facts = sc.facts(db)
        sc.duration = max(durations)
        sc.txn_start = min(starts) if starts else sc.duration
        # the commit and the process exit follow the last moment the lock was seen
        sc.txn_hold = (max(holds) if holds else 0.0) + 0.005
        sc.tail = min(tails) if tails else 0.0
        if sc.landed == sc.absent:
            raise AssertionError(f"{sc.name}: the command changed nothing")

    def _fresh_dir(self, name: str) -> Path:
        # every ledger is named ledger.db: the audit trail keeps the command line, --db included
        path = self.folder / name
        path.mkdir(parents=True, exist_ok=True)
        return path

    # -- trials -------------------------------------------------------------------------------
    def trial(self, sc: Scenario, mode: str, rng: random.Random, slot: Path) -> Tally:
        db = slot / "ledger.db"
        self._prepare(sc, db)
        tally = Tally()
        t0 = time.monotonic()
        proc = procs.start(
            db, *sc.args, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        held = False
        if mode == "uniform":
            deadline = t0 + rng.uniform(0, sc.duration)
            while proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.001)
        else:
            while proc.poll() is None and not self._busy(sc, slot, proc.pid):
                time.sleep(0.0003)
            if mode == "txn" or sc.output is not None:
                window = sc.txn_hold
            else:
                while proc.poll() is None and self._busy(sc, slot, proc.pid):
                    time.sleep(0.0003)
                window = sc.tail
            deadline = time.monotonic() + rng.uniform(0, window)
            while proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.0005)
        if proc.poll() is None:
            held = self._busy(sc, slot, proc.pid)
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            killed = proc.returncode == -signal.SIGKILL
        else:
            killed = False
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        if proc.stderr:
            proc.stderr.close()
        if not killed:
            tally.completed += 1
            if proc.returncode != 0:
                tally.failures.append(
                    f"{sc.name}: ran to the end but exit {proc.returncode}: {err}"
                )
        else:
            tally.kills += 1
            tally.in_txn += held
        if db.exists() or not sc.fresh:
            self._check(sc, mode, db, tally)
        now = state(sc, db)
        facts = sc.facts(db)
        whole = sc.invariant(sc.base_facts, facts)
        if now == sc.landed and whole:
            tally.landed += killed
        elif now == sc.absent and killed and whole:
            tally.absent += 1
        else:
            tally.lost += 1
            tally.failures.append(
                f"{sc.name} ({mode}, {'killed' if killed else 'not killed'}): half-written: "
                f"{facts} (before: {sc.base_facts}, after a whole run: {sc.landed_facts})"
            )
        if sc.retry and now == sc.absent and killed:
            again = procs.run(db, *sc.args, env=self.env, ok=range(256))
            if again.returncode != 0 or state(sc, db) != sc.landed:
                tally.lost += 1
                tally.failures.append(
                    f"{sc.name} ({mode}): run again after the kill: exit {again.returncode}: "
                    f"{again.stderr.strip()} {sc.facts(db)}"
                )
        return tally

    def _check(self, sc: Scenario, mode: str, db: Path, tally: Tally) -> None:
        check = procs.run(
            db, "db", "check", "--exit-code", "--format", "json", env=self.env, ok=range(256)
        )
        try:
            report = json.loads(check.stdout)
        except json.JSONDecodeError:
            report = {"ok": False, "problems": [check.stderr.strip()]}
        if check.returncode != 0 or not report.get("ok"):
            tally.check_failed += 1
            tally.failures.append(
                f"{sc.name} ({mode}): db check exit {check.returncode}: "
                f"{report.get('problems')} {check.stderr.strip()}"
            )

    def run(
        self,
        kills: int | dict[str, int],
        modes: tuple[str, ...] = MODES,
        progress: Callable[[str, Tally], None] | None = None,
    ) -> dict[str, Tally]:
        """Trials until each scenario has been killed `kills` times (or `kills[name]`), split
        evenly between the modes; trials that ran to the end are checked too."""
        results = {sc.name: Tally() for sc in self.scenarios}
        jobs: list[tuple[Scenario, str]] = []
        for sc in self.scenarios:
            for i in range(kills if isinstance(kills, int) else kills[sc.name]):
                jobs.append((sc, modes[i % len(modes)]))
        master = random.Random(self.seed)
        rng_seeds = [master.randrange(2**32) for _ in jobs]
        free = list(self._slots)

        def work(job: int) -> None:
            sc, mode = jobs[job]
            rng = random.Random(rng_seeds[job])
            with self._lock:
                slot = free.pop()
            try:
                # a trial that ran to the end is no kill: draw another moment until one strikes
                for _attempt in range(20):
                    t = self.trial(sc, mode, rng, slot)
                    with self._lock:
                        results[sc.name].add(t)
                        if progress:
                            progress(sc.name, results[sc.name])
                    if t.kills or t.failures:
                        return
            finally:
                with self._lock:
                    free.append(slot)

        order = list(range(len(jobs)))
        master.shuffle(order)  # interleave the commands, so a slow one does not come last
        with ThreadPoolExecutor(self.workers) as pool:
            for f in [pool.submit(work, j) for j in order]:
                f.result()
        return results


def summary(results: dict[str, Tally]) -> str:
    header = ("command", "kills", "landed", "absent", "lost", "in txn", "ran out", "check bad")
    rows = [
        (name, t.kills, t.landed, t.absent, t.lost, t.in_txn, t.completed, t.check_failed)
        for name, t in results.items()
    ]
    total = Tally()
    for t in results.values():
        total.add(t)
    rows.append(
        (
            "total",
            total.kills,
            total.landed,
            total.absent,
            total.lost,
            total.in_txn,
            total.completed,
            total.check_failed,
        )
    )
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = "  ".join("-" * w for w in widths)
    out = ["  ".join(str(h).ljust(w) for h, w in zip(header, widths, strict=True)), line]
    for r in rows:
        if r[0] == "total":
            out.append(line)
        out.append(
            "  ".join(
                (str(v).ljust(w) if i == 0 else str(v).rjust(w))
                for i, (v, w) in enumerate(zip(r, widths, strict=True))
            )
        )
    return "\n".join(out)
