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

pytestmark = pytest.mark.skipif(
    sys.platform != "linux", reason="the write-lock probe reads Linux's struct flock"
)

# seven commands: the five everyday writers, init and db backup (56 kills in all); `demo`,
# which makes a whole sample branch and takes longest, is left to stress/kill_long.py
COMMANDS = (
    "member import",
    "dues import",
    "dues pay",
    "meeting add",
    "dev admit",
    "init",
    "db backup",
)
KILLS_PER_COMMAND = 8


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
        commands=COMMANDS,
    )
    harness.calibrate()
    results = harness.run(KILLS_PER_COMMAND)
    table = kill_harness.summary(results)
    print(f"\nseed {harness.seed}\n{table}")
    failures = [f for t in results.values() for f in t.failures]
    about = f"(seed {harness.seed}; rerun with DANGWU_KILL_SEED={harness.seed})\n{table}\n"
    assert not failures, about + "\n".join(failures[:10])
    assert set(results) == set(COMMANDS)
    for name, tally in results.items():
        assert tally.kills >= KILLS_PER_COMMAND, about + f"{name} was not killed often enough"
        assert tally.lost == 0 and tally.check_failed == 0, about
    # the kills must also have struck inside open write transactions, not only at start-up
    assert sum(t.in_txn for t in results.values()) > 0, about
