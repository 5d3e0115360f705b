"""A power cut for the process: dangwu writers killed with SIGKILL at random moments.

After every kill the ledger must pass `dangwu db check`, and the command must have landed
whole or left no trace (kill_harness.py explains how both are established). The long
version is `stress/kill_long.py --kills 1000`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import kill_harness
import pytest

pytestmark = [
    pytest.mark.skipif(
        sys.platform != "linux", reason="the write-lock probe reads Linux's struct flock"
    ),
    # fifty kills of real processes: minutes, so the fast run (-m "not slow") leaves them out
    pytest.mark.slow,
]

# The five everyday writers, and the two commands that write a whole file, init and
# db backup: 50 kills in all. `demo`, which builds a whole sample branch and takes longest,
# is left to stress/kill_long.py.
KILLS = {
    "member import": 8,
    "dues import": 8,
    "dues pay": 8,
    "meeting add": 8,
    "dev admit": 8,
    "init": 5,
    "db backup": 5,
}


def test_killed_writers_leave_a_sound_ledger_with_each_command_whole_or_absent(
    tmp_path: Path,
) -> None:
    seed = int(os.environ["DANGWU_KILL_SEED"]) if "DANGWU_KILL_SEED" in os.environ else None
    harness = kill_harness.Harness(
        tmp_path,
        members=40,
        roster_size=300,
        register_months=12,
        workers=2,
        seed=seed,
        commands=tuple(KILLS),
    )
    harness.calibrate()
    results = harness.run(KILLS)
    table = kill_harness.summary(results)
    print(f"\nseed {harness.seed}\n{table}")
    failures = [f for t in results.values() for f in t.failures]
    about = f"(seed {harness.seed}; rerun with DANGWU_KILL_SEED={harness.seed})\n{table}\n"
    assert not failures, about + "\n".join(failures[:10])
    assert set(results) == set(KILLS)
    for name, tally in results.items():
        assert tally.kills >= KILLS[name], about + f"{name} was not killed often enough"
        assert tally.lost == 0 and tally.check_failed == 0, about
    # the kills must also have struck inside open write transactions, not only at start-up
    assert sum(t.in_txn for t in results.values()) > 0, about
