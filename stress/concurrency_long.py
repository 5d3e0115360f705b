"""The long concurrency run: `python stress/concurrency_long.py --rounds 10`.

The rounds of tests/reliability/test_concurrency.py (concurrency_harness.py explains what
each checks), as many as asked for, on one prepared ledger copied afresh for each round.
Prints a table of the rounds and every problem found; exits 1 if there was any.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "reliability"))

import concurrency_harness  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--importers", type=int, default=125, help="members in the register")
    parser.add_argument("--payers", type=int, default=6, help="interactive `dues pay` processes")
    parser.add_argument("--reminders", type=int, default=3, help="`dues remind` runs per round")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--dir", type=Path, default=None, help="work folder (default: a temp one)")
    args = parser.parse_args()

    folder = args.dir or Path(tempfile.mkdtemp(prefix="dangwu-crowd-"))
    started = time.monotonic()
    crowd = concurrency_harness.Crowd(
        folder, args.importers, args.payers, args.reminders, seed=args.seed
    )
    print(
        f"seed {crowd.seed}, work folder {folder}: each round a {crowd.rows}-row dues import, "
        f"{args.payers} dues pay and {args.reminders} dues remind side by side"
    )
    rounds = []
    for n in range(1, args.rounds + 1):
        r = crowd.round(n)
        rounds.append(r)
        status = "ok" if not r.problems else f"{len(r.problems)} problems"
        print(f"  round {n}: {status} ({r.seconds:.1f} s)", flush=True)
    print()
    print(concurrency_harness.table(rounds))
    failed = [r for r in rounds if r.problems]
    print(
        f"\n{len(rounds) - len(failed)} of {len(rounds)} rounds passed "
        f"in {time.monotonic() - started:.0f} s (seed {crowd.seed})"
    )
    for r in failed:
        for problem in r.problems:
            print(f"FAILED round {r.number}: {problem}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
