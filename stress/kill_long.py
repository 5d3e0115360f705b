"""The long kill run: `python stress/kill_long.py --kills 1000`.

The same harness as tests/reliability/test_kill.py (kill_harness.py explains the method),
with a bigger roster and register and as many kills as asked for, spread evenly over the
eight commands (the five everyday writers, init, demo and db backup) and the three ways of
choosing the moment. Prints a line now and
then, and at the end the summary table; exits 1 if any kill left a half-written command
or a ledger that `db check` rejects.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "reliability"))

import kill_harness  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=1000, help="kills in all (default 1000)")
    parser.add_argument("--members", type=int, default=120, help="members in the base ledger")
    parser.add_argument("--roster", type=int, default=2000, help="rows of the roster imported")
    parser.add_argument("--months", type=int, default=24, help="months paid in the register")
    parser.add_argument("--workers", type=int, default=2, help="trials run side by side")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--dir", type=Path, default=None, help="work folder (default: a temp one)")
    args = parser.parse_args()

    folder = args.dir or Path(tempfile.mkdtemp(prefix="dangwu-kill-"))
    started = time.monotonic()
    harness = kill_harness.Harness(
        folder,
        members=args.members,
        roster_size=args.roster,
        register_months=args.months,
        workers=args.workers,
        seed=args.seed,
    )
    harness.calibrate(runs=2)
    print(f"seed {harness.seed}, work folder {folder}")
    for sc in harness.scenarios:
        print(
            f"  {sc.name}: {sc.duration:.2f} s uninterrupted; writing (the write lock, or "
            f"its output file) from {sc.txn_start:.2f} s for {sc.txn_hold * 1000:.0f} ms; "
            f"{' '.join(sc.args[:2])}: {sc.landed_facts}"
        )
    per_command = -(-args.kills // len(harness.scenarios))
    done = [0]

    def progress(_name: str, _tally: kill_harness.Tally) -> None:
        done[0] += 1
        if done[0] % 50 == 0:
            print(f"  … {done[0]} trials, {time.monotonic() - started:.0f} s", flush=True)

    results = harness.run(per_command, progress=progress)
    print()
    print(kill_harness.summary(results))
    print(
        f"\n{sum(t.kills for t in results.values())} kills in "
        f"{time.monotonic() - started:.0f} s (seed {harness.seed})"
    )
    failures = [f for t in results.values() for f in t.failures]
    for failure in failures:
        print("FAILED:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
