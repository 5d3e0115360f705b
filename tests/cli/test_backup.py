"""`db backup`: a complete copy or nothing under the name asked for, 0600, never overwriting."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from conftest import Cli


@pytest.mark.sqlite_only
def test_a_backup_is_whole_private_and_alone(demo_ledger: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    target = folder / "copy.db"
    demo_ledger.ok("db", "backup", target)
    assert [p.name for p in folder.iterdir()] == ["copy.db"]  # no partial file left beside it
    assert target.stat().st_mode & 0o777 == 0o600
    con = sqlite3.connect(target)
    people = con.execute("SELECT COUNT(*) FROM person").fetchone()[0]
    con.close()
    assert people == demo_ledger.count("person")


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.mark.sqlite_only
def test_what_a_killed_build_left_is_swept_by_the_next_one(
    demo_ledger: Cli, tmp_path: Path
) -> None:
    # a backup, an init or a demo killed before publishing leaves its hidden build behind
    folder = tmp_path / "out"
    folder.mkdir()
    dead, alive = _dead_pid(), os.getppid()
    left = [f".copy.db.{dead}.new", f".copy.db.{dead}.new-wal", f".fresh.db.{dead}.new"]
    kept = [f".copy.db.{alive}.new", ".copy.db.notapid.new", "copy.db.1.new"]
    for name in left + kept:
        (folder / name).write_text("half-made")
    demo_ledger.ok("db", "backup", folder / "copy.db")
    demo_ledger.ok("init", "--branch", "新支部", db=folder / "fresh.db")
    assert sorted(p.name for p in folder.iterdir()) == sorted(["copy.db", "fresh.db", *kept])


def test_a_backup_never_overwrites(demo_ledger: Cli, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    target.write_text("keep me")
    demo_ledger.refused("db", "backup", target)
    assert target.read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".copy")) == []


@pytest.mark.sqlite_only
@pytest.mark.parametrize(
    "args",
    [
        ["member", "add", "张伟", "--gender", "男", "--stage", "full"],  # the lean write path
        ["group", "add", "第一党小组"],  # the ORM's
    ],
    ids=["lean", "orm"],
)
def test_a_writer_that_cannot_get_the_ledger_says_so_in_one_line(
    ledger: Cli, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    import dangwu.store.writer as writer

    monkeypatch.setattr(writer, "WRITE_BUSY_TIMEOUT_MS", 200)
    before = ledger.dump()
    holder = sqlite3.connect(ledger.db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program holds the write lock throughout
    try:
        result = ledger(*args)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "内部错误" not in result.stderr and "--db" in result.stderr
    assert ledger.dump() == before


def test_db_copy_refuses_unusable_paths_in_one_line(demo_ledger: Cli, tmp_path: Path) -> None:
    too_long = str(tmp_path / ("a" * 300 + ".db"))
    for source, target, side in (
        (str(demo_ledger.db), too_long, "TARGET"),
        (too_long, str(tmp_path / "x.db"), "SOURCE"),
        ("", str(tmp_path / "x.db"), "SOURCE"),
        (str(demo_ledger.db), "", "TARGET"),
        (str(demo_ledger.db), "postgresql://u:s3cret@[::1/x", "TARGET"),
    ):
        result = demo_ledger("db", "copy", source, target, db=False)
        assert result.exit_code == 1, (source, target, result.stderr)
        assert result.stderr.startswith(f"错误：{side}:"), result.stderr
        assert len(result.stderr.strip().splitlines()) == 1 and "s3cret" not in result.stderr
    assert not (tmp_path / "x.db").exists()
