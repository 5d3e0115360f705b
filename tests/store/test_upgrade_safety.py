"""An upgrade that fails, is killed or is raced leaves the ledger as it was and says where
the backup is.

The upgrade migrates a copy beside the ledger and renames it over the ledger in one step
(store/ledger.py: upgrade). These tests break it at each point: a migration step raising, a
writer slipping in, SIGKILL while backing up, while migrating, just before and just after
the rename, and two upgrades at once.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from dangwu.cli.app import app
from dangwu.store import revision
from dangwu.store.ledger import read_revision

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ledgers"
# every fixture that today's code has to upgrade (test_upgrade_fixtures.py makes sure there
# is one for each released revision)
OLDER = sorted(p.stem for p in FIXTURES.glob("*.db") if p.stem != revision.HEAD)
OLDEST = OLDER[:1] or ["none"]

pytestmark = pytest.mark.skipif(not OLDER, reason="no fixture older than the head")


def copy_fixture(rev: str, tmp_path: Path) -> tuple[Path, bytes]:
    db = tmp_path / "ledger.db"
    shutil.copyfile(FIXTURES / f"{rev}.db", db)
    db.chmod(0o600)
    return db, db.read_bytes()


def cli(db: Path, *args: str) -> Result:
    return CliRunner().invoke(app, ["--db", str(db), *args], catch_exceptions=False)


def backups(db: Path) -> list[Path]:
    return sorted(db.parent.glob(f"{db.name}.*.bak"))


def leftovers(db: Path) -> list[str]:
    return sorted(n for n in os.listdir(db.parent) if ".upgrading-" in n)


def assert_untouched(db: Path, original: bytes, rev: str) -> None:
    """The ledger is the file it was, readable at its old revision, with nothing half-done."""
    assert db.read_bytes() == original
    assert read_revision(db) == rev
    wal = Path(f"{db}-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        con.close()


def assert_upgrades_afterwards(db: Path) -> None:
    result = cli(db, "db", "upgrade")
    assert result.exit_code == 0, result.stderr
    assert read_revision(db) == revision.HEAD
    assert leftovers(db) == []
    check = cli(db, "db", "check", "--exit-code")
    assert check.exit_code == 0, check.stdout + check.stderr


def one_step_then_fail(engine: object) -> None:
    """A migration run that really applies (and commits) one step, then breaks."""
    from alembic import command
    from alembic.config import Config

    from dangwu.store.paths import migrations_dir

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    with engine.begin() as conn:  # type: ignore[attr-defined]
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "+1")
    raise RuntimeError("injected failure after one step")


@pytest.mark.parametrize(
    ("rev", "command"),
    [(rev, ["db", "upgrade"]) for rev in OLDER] + [(OLDEST[0], ["member", "list", "--all"])],
)
def test_a_failing_migration_leaves_the_ledger_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rev: str, command: list[str]
) -> None:
    db, original = copy_fixture(rev, tmp_path)
    monkeypatch.setattr("dangwu.store.engine.run_migrations", one_step_then_fail)
    result = cli(db, *command)
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    [backup] = backups(db)
    assert str(backup) in lines[0] and "injected failure after one step" in lines[0]
    assert backup.read_bytes() == original
    assert_untouched(db, original, rev)
    assert leftovers(db) == []

    monkeypatch.undo()
    assert_upgrades_afterwards(db)
    assert len(backups(db)) == 2  # the failed attempt's backup stays; a new one is made


def test_the_message_is_in_english_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db, original = copy_fixture(OLDEST[0], tmp_path)
    monkeypatch.setattr("dangwu.store.engine.run_migrations", one_step_then_fail)
    result = CliRunner().invoke(app, ["--lang", "en", "--db", str(db), "db", "upgrade"])
    assert result.exit_code == 1
    [backup] = backups(db)
    assert result.stderr == (
        "error: the upgrade failed and the ledger was left as it was (RuntimeError: injected"
        f" failure after one step); the copy from before: {backup}\n"
    )
    assert_untouched(db, original, OLDEST[0])


@pytest.mark.parametrize("rev", OLDEST)
def test_a_write_during_the_upgrade_is_not_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rev: str
) -> None:
    """Another program (an older dangwu, the sqlite3 shell) commits while the copy is being
    migrated: renaming the copy over the ledger would lose that write, so the upgrade stops."""
    import dangwu.store.engine as engine

    db, _ = copy_fixture(rev, tmp_path)
    real = engine.migrate

    def migrate_while_someone_writes(path: Path) -> None:
        real(path)
        con = sqlite3.connect(db)
        con.execute("UPDATE branch_setting SET value = value || '（改）' WHERE key = 'branch_name'")
        con.commit()
        con.close()

    monkeypatch.setattr(engine, "migrate", migrate_while_someone_writes)
    result = cli(db, "--lang", "en", "db", "upgrade")
    assert result.exit_code == 1
    assert "another program changed the ledger" in result.stderr
    assert str(backups(db)[0]) in result.stderr
    assert read_revision(db) == rev
    con = sqlite3.connect(db)
    name = con.execute("SELECT value FROM branch_setting WHERE key = 'branch_name'").fetchone()
    con.close()
    assert name[0].endswith("（改）")
    assert leftovers(db) == []
    monkeypatch.undo()
    assert_upgrades_afterwards(db)


# A child process runs the real CLI with one function replaced by a SIGKILL to itself.
KILLED = textwrap.dedent(
    """
    import os, signal, sys
    import dangwu.store.engine as engine
    import dangwu.store.ledger as ledger

    where, db = sys.argv[1], sys.argv[2]

    def die(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)

    if where == "backing-up":  # the backup is written, not yet named *.bak
        os.link = die
    elif where == "migrating":  # one migration step committed in the copy
        def run_migrations(engine_):
            from alembic import command
            from alembic.config import Config
            from dangwu.store.paths import migrations_dir

            cfg = Config()
            cfg.set_main_option("script_location", str(migrations_dir()))
            with engine_.begin() as conn:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "+1")
            die()
        engine.run_migrations = run_migrations
    elif where == "renaming":  # the copy is migrated, checked and synced
        os.replace = die
    elif where == "renamed":  # the rename is done, the directory not yet synced
        replace = os.replace

        def replace_then_die(source, target):
            replace(source, target)
            die()

        os.replace = replace_then_die

    from dangwu.cli.app import main
    sys.argv = ["dangwu", "--db", db, "member", "list", "--all", "-f", "json"]
    main()
    """
)


@pytest.mark.parametrize("where", ["backing-up", "migrating", "renaming", "renamed"])
def test_a_kill_at_any_point_leaves_one_ledger_or_the_other(tmp_path: Path, where: str) -> None:
    rev = OLDEST[0]
    db, original = copy_fixture(rev, tmp_path)
    child = subprocess.run(
        [sys.executable, "-c", KILLED, where, str(db)], capture_output=True, text=True
    )
    assert child.returncode == -signal.SIGKILL, child.stderr
    if where == "renamed":
        # past the one step: the ledger is the upgraded copy, whole
        assert read_revision(db) == revision.HEAD
        assert [b.read_bytes() for b in backups(db)] == [original]
        assert leftovers(db) == []
    else:
        assert_untouched(db, original, rev)
        assert leftovers(db), "the killed upgrade's work file is left (hidden) to be removed"
        # a file named *.bak is always a whole copy
        assert [b.read_bytes() for b in backups(db)] == (
            [] if where == "backing-up" else [original]
        )
    # the next command finishes the job and clears what the killed one left
    result = cli(db, "member", "list", "--all", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert read_revision(db) == revision.HEAD
    assert leftovers(db) == []
    assert cli(db, "db", "check", "--exit-code").exit_code == 0
    for backup in backups(db):
        assert backup.read_bytes() == original


def test_two_upgrades_at_once_make_one(tmp_path: Path) -> None:
    db, original = copy_fixture(OLDEST[0], tmp_path)
    cmd = [sys.executable, "-m", "dangwu", "--db", str(db), "member", "list", "--all", "-f", "json"]
    children = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)]
    children.append(
        subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    )
    outputs = [c.communicate(timeout=60) for c in children]
    assert [c.returncode for c in children] == [0, 0], outputs
    assert outputs[0][0] == outputs[1][0]
    [backup] = backups(db)
    assert backup.read_bytes() == original
    assert sum(str(backup) in err for _, err in outputs) == 1
    assert read_revision(db) == revision.HEAD
    assert leftovers(db) == []


def test_the_upgraded_ledger_keeps_the_files_mode(tmp_path: Path) -> None:
    db, _ = copy_fixture(OLDEST[0], tmp_path)
    db.chmod(0o640)
    assert cli(db, "db", "upgrade").exit_code == 0
    assert db.stat().st_mode & 0o777 == 0o640
    assert backups(db)[0].stat().st_mode & 0o777 == 0o600


def test_db_upgrade_refuses_a_file_that_is_not_a_ledger(tmp_path: Path) -> None:
    db = tmp_path / "other.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE notes (line TEXT)")
    con.commit()
    con.close()
    before = db.read_bytes()
    result = cli(db, "--lang", "en", "db", "upgrade")
    assert result.exit_code == 1
    assert "not a dangwu ledger" in result.stderr
    assert db.read_bytes() == before
    assert backups(db) == []


def test_db_upgrade_refuses_a_ledger_newer_than_the_code(tmp_path: Path) -> None:
    db, _ = copy_fixture(OLDEST[0], tmp_path)
    con = sqlite3.connect(db)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    before = db.read_bytes()
    result = cli(db, "--lang", "en", "db", "upgrade")
    assert result.exit_code == 1
    assert "newer than this dangwu" in result.stderr
    assert db.read_bytes() == before
    assert backups(db) == []


def test_a_symlinked_ledger_upgrades_the_file_it_points_to(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    real, original = copy_fixture(OLDEST[0], data)
    link = tmp_path / "dangwu.db"
    link.symlink_to(real)
    result = cli(link, "member", "list", "--all", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and link.resolve() == real
    assert read_revision(real) == revision.HEAD
    [backup] = backups(real)
    assert backup.read_bytes() == original and str(backup) in result.stderr


def test_a_ledger_held_by_a_writer_is_not_upgraded_yet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, original = copy_fixture(OLDEST[0], tmp_path)
    monkeypatch.setattr("dangwu.store.ledger.BUSY_TIMEOUT_MS", 200)
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        result = cli(db, "--lang", "en", "db", "upgrade")
    finally:
        writer.close()
    assert result.exit_code == 1
    assert "in use by another program" in result.stderr
    assert backups(db) == [] and leftovers(db) == []
    assert_untouched(db, original, OLDEST[0])


def test_one_upgrade_at_a_time_in_a_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fcntl = pytest.importorskip("fcntl")
    db, original = copy_fixture(OLDEST[0], tmp_path)
    monkeypatch.setattr("dangwu.store.ledger.BUSY_TIMEOUT_MS", 200)
    fd = os.open(tmp_path, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        result = cli(db, "--lang", "en", "member", "list")
    finally:
        os.close(fd)
    assert result.exit_code == 1
    assert "another dangwu is upgrading" in result.stderr
    assert_untouched(db, original, OLDEST[0])


def test_committed_rows_still_in_the_wal_are_in_the_backup_and_the_upgrade(
    tmp_path: Path,
) -> None:
    """A ledger left with its WAL beside it (a killed process): the WAL's rows are part of it."""
    source, _ = copy_fixture(OLDEST[0], tmp_path)
    con = sqlite3.connect(source, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA wal_autocheckpoint=0")
    con.execute("UPDATE branch_setting SET value = '只在WAL里' WHERE key = 'branch_name'")
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    for suffix in ("", "-wal"):  # the files as a kill would leave them
        shutil.copyfile(f"{source}{suffix}", crashed / f"ledger.db{suffix}")
    con.close()
    db = crashed / "ledger.db"
    assert Path(f"{db}-wal").stat().st_size > 0
    result = cli(db, "db", "info", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert read_revision(db) == revision.HEAD
    [backup] = backups(db)
    for path in (db, backup):
        check = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        name = check.execute("SELECT value FROM branch_setting WHERE key = 'branch_name'")
        assert name.fetchone() == ("只在WAL里",), path
        check.close()
