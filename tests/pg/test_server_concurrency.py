"""Writers side by side on one branch: each waits for the branch's write lock (its
branch_setting table locked, as BEGIN IMMEDIATE is in a file), so every write lands and the
audit chain holds."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from pg_kit import Dangwu

SCRIPT = """
import sys
from typer.testing import CliRunner
from dangwu.cli.app import app
url, tag = sys.argv[1], sys.argv[2]
for i in range(5):
    r = CliRunner().invoke(app, ["--db", url, "member", "add", f"{tag}{i}", "--gender", "男",
                                 "--stage", "full"])
    assert r.exit_code == 0, r.stderr
"""


# four Python processes racing on the server: ~15 s, so the fast run leaves it out
@pytest.mark.slow
def test_four_writers_at_once_all_land_and_the_chain_holds(pg_db: str) -> None:
    cli = Dangwu(pg_db)
    cli.ok("init", "--branch", "测试支部")
    env = {k: v for k, v in os.environ.items() if k != "DANGWU_DB"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", SCRIPT, pg_db, tag], env=env, stderr=subprocess.PIPE, text=True
        )
        for tag in ("甲", "乙", "丙", "丁")
    ]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    members = cli.json("member", "list")
    assert len(members) == 20
    assert sorted(m["id"] for m in members) == list(range(1, 21))
    check = cli.json("db", "check")
    assert check["ok"] is True, check
