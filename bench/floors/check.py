"""Check a floor script against dangwu (issue 22): same JSON for the same ledger and options.

    python bench/floors/check.py DB REPORT ARGS...
    python bench/floors/check.py DB "dues statement" --year 2026 --as-of 2026-11-25
    python bench/floors/check.py DB dues status --as-of 2026-11-25
    python bench/floors/check.py --time 3 DB report year 2026 --as-of 2026-12-31

REPORT is one of the names in REPORTS (quoted as one argument, or as its words). The floor
runs as `python bench/floors/FLOOR DB ARGS...`, dangwu as `dangwu --db DB WORDS ARGS... -f json`
(the `dangwu` next to this Python, else `python -m dangwu`). Prints "equal" (noting whether
the bytes are identical too) or the first difference as a JSON path; exit 0 equal, 1
different, 2 when either program fails or the floor refuses the ledger (its exit 2 and its
message are passed on).

`--time N`: also run each program N times, the two in turn, and print the best wall time,
the best CPU time (user + system) and the peak RSS of each (os.wait4), and the ratios
dangwu / floor. The peak RSS counts the pages of the ledger a program maps (PRAGMA
mmap_size), if it maps any, besides its own memory.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

# report name → (floor script in this folder, dangwu's command words)
REPORTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "dues statement": ("dues_statement.py", ("dues", "statement")),
    "dues status": ("dues_status.py", ("dues", "status")),
    "report compliance": ("report_compliance.py", ("report", "compliance")),
    "report checklist": ("report_checklist.py", ("report", "checklist")),
    "report year": ("report_year.py", ("report", "year")),
}


def dangwu_command() -> list[str]:
    script = Path(sys.executable).parent / "dangwu"
    return [str(script)] if script.exists() else [sys.executable, "-m", "dangwu"]


def commands(db: str, report: str, args: list[str]) -> tuple[list[str], list[str]]:
    """The floor's argv and dangwu's argv for a report."""
    floor, words = REPORTS[report]
    return (
        [sys.executable, str(HERE / floor), db, *args],
        [*dangwu_command(), "--db", db, *words, *args, "-f", "json"],
    )


def run(argv: list[str]) -> tuple[int, bytes, bytes]:
    """Run to the end: exit code, stdout, stderr."""
    proc = subprocess.run(argv, capture_output=True)
    return proc.returncode, proc.stdout, proc.stderr


def measure(argv: list[str]) -> tuple[float, float, int]:
    """One timed run, from a small process of its own (`check.py --measure CMD...`): a child
    starts with the memory its parent has when it forks, so that the parent's (holding two
    parsed reports) would count as the child's peak RSS. Wall seconds, CPU seconds, KiB."""
    proc = subprocess.run(
        [sys.executable, __file__, "--measure", *argv], capture_output=True, text=True, check=True
    )
    wall, cpu, peak, code = proc.stdout.split()
    if code != "0":
        raise SystemExit(f"exited {code} when timed: {' '.join(argv)}")
    return float(wall), float(cpu), int(peak)


def first_difference(a: Any, b: Any, path: str = "$") -> str | None:
    """Where two parsed JSON documents first differ (None: equal)."""
    if type(a) is not type(b):
        return f"{path}: floor {a!r} != dangwu {b!r}"
    if isinstance(a, dict):
        # parsed JSON: the order of the keys does not count (the bytes check tells)
        missing = [k for k in b if k not in a]
        extra = [k for k in a if k not in b]
        if missing or extra:
            return f"{path}: keys missing in floor {missing}, extra in floor {extra}"
        for k in b:
            found = first_difference(a[k], b[k], f"{path}.{k}")
            if found:
                return found
        return None
    if isinstance(a, list):
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            found = first_difference(x, y, f"{path}[{i}]")
            if found:
                return found
        if len(a) != len(b):
            longer, which = (a, "floor") if len(a) > len(b) else (b, "dangwu")
            n = min(len(a), len(b))
            return (
                f"{path}: floor has {len(a)} items, dangwu {len(b)};"
                f" first extra in {which}: {longer[n]!r}"
            )
        return None
    return None if a == b else f"{path}: floor {a!r} != dangwu {b!r}"


def main(argv: list[str]) -> int:
    if argv[:1] == ["--measure"]:
        start = time.perf_counter()
        proc = subprocess.Popen(argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        print(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, code)
        return 0
    repeat = 0
    if argv[:1] == ["--time"]:
        repeat, argv = int(argv[1]), argv[2:]
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    db, rest = argv[0], argv[1:]
    if rest[0] in REPORTS:
        report, args = rest[0], rest[1:]
    elif " ".join(rest[:2]) in REPORTS:
        report, args = " ".join(rest[:2]), rest[2:]
    else:
        print(f"unknown report {rest[0]!r}; one of: {', '.join(REPORTS)}", file=sys.stderr)
        return 2
    floor_argv, dangwu_argv = commands(db, report, args)
    results = []
    for who, cmd in (("floor", floor_argv), ("dangwu", dangwu_argv)):
        code, out, err = run(cmd)
        if code != 0:
            print(f"{who} exited {code}: {' '.join(cmd)}", file=sys.stderr)
            sys.stderr.write(err.decode(errors="replace"))
            return 2
        results.append(out)
    try:
        floor_doc, dangwu_doc = (json.loads(out) for out in results)
    except json.JSONDecodeError as e:
        print(f"not JSON: {e}", file=sys.stderr)
        return 2
    diff = first_difference(floor_doc, dangwu_doc)
    if diff is None:
        print("equal" if results[0] == results[1] else "equal (parsed JSON; the bytes differ)")
    else:
        print(diff)
    if repeat:
        # the two in turn, so that a change in the machine's load hits both alike
        walls: dict[str, list[float]] = {"floor": [], "dangwu": []}
        peaks: dict[str, list[int]] = {"floor": [], "dangwu": []}
        cpus: dict[str, list[float]] = {"floor": [], "dangwu": []}
        for _ in range(repeat):
            for who, cmd in (("floor", floor_argv), ("dangwu", dangwu_argv)):
                wall, cpu, peak = measure(cmd)
                walls[who].append(wall)
                cpus[who].append(cpu)
                peaks[who].append(peak)
        for who in walls:
            print(
                f"{who:7s} best of {repeat}: {min(walls[who]):.3f} s wall,"
                f" {min(cpus[who]):.3f} s CPU, peak RSS {max(peaks[who]) / 1024:.1f} MiB"
            )
        print(
            f"dangwu / floor: {min(walls['dangwu']) / min(walls['floor']):.2f}x wall,"
            f" {min(cpus['dangwu']) / min(cpus['floor']):.2f}x CPU"
        )
    return 0 if diff is None else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
