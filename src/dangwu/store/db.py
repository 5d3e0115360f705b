"""Opening the ledger: the one place that creates engines, migrates and backs up.

Every SQLite connection gets foreign keys on, WAL and a busy timeout, so a cron job and an
interactive session can share the file. Writers take the write lock when their
transaction begins (BEGIN IMMEDIATE), so two writers queue instead of failing mid-way.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlmodel import Session

from ..errors import MissingLedger, Refused
from . import revision
from .paths import migrations_dir

BUSY_TIMEOUT_MS = 10_000


def _engine(path: Path, write: bool) -> Engine:
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
        # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own is deferred).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # type: ignore[no-untyped-def]
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def read_revision(path: Path) -> str | None:
    """The ledger's schema revision, read with plain sqlite3 (no Alembic import)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        if "no such table" in str(exc):
            return None
        raise Refused(
            f"账本无法读取：{path}（{exc}）", f"the ledger cannot be read: {path} ({exc})"
        ) from None
    finally:
        con.close()
    return row[0] if row else None


def _create_private(path: Path) -> None:
    """Create an empty file readable by its owner only (0600), refusing an existing one."""
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def backup_to(source: Path, target: Path) -> None:
    """A consistent online copy (VACUUM INTO), mode 0600; never overwrites."""
    if target.exists():
        raise Refused(
            f"PATH: {target} 已存在，不会覆盖", f"PATH: {target} already exists; not overwriting"
        )
    if not target.parent.is_dir():
        raise Refused(
            f"PATH: 目录不存在：{target.parent}", f"PATH: no such directory: {target.parent}"
        )
    _create_private(target)
    con = sqlite3.connect(str(source), timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        con.execute("VACUUM INTO ?", (str(target),))
    except Exception:
        target.unlink(missing_ok=True)
        raise
    finally:
        con.close()
    os.chmod(target, 0o600)


def run_migrations(engine: Engine) -> None:
    """Upgrade to head with Alembic's documented API over one shared connection."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


class Ledger:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._write_engine: Engine | None = None
        self._read_engine: Engine | None = None

    @property
    def engine(self) -> Engine:
        if self._write_engine is None:
            self._write_engine = _engine(self.path, write=True)
        return self._write_engine

    @property
    def read_engine(self) -> Engine:
        if self._read_engine is None:
            self._read_engine = _engine(self.path, write=False)
        return self._read_engine

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction holding the write lock: everything is committed, or nothing."""
        with Session(self.engine, expire_on_commit=False) as session:
            with session.begin():
                yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self.read_engine) as session:
            with session.begin():
                yield session

    def dispose(self) -> None:
        for engine in (self._write_engine, self._read_engine):
            if engine is not None:
                engine.dispose()


def missing_message(path: Path) -> MissingLedger:
    return MissingLedger(
        f"--db: 账本不存在：{path}。请先运行 dangwu init --branch 支部名称",
        f"--db: no ledger at {path}. Run `dangwu init --branch NAME` first",
    )


def open_ledger(path: Path) -> Ledger:
    """Open an existing ledger, upgrading an older schema after a backup copy beside it."""
    if not path.exists():
        raise missing_message(path)
    if path.is_dir():
        raise Refused(
            f"--db: {path} 是目录，不是账本文件", f"--db: {path} is a directory, not a ledger"
        )
    current = read_revision(path)
    if current != revision.HEAD:
        if current is not None and current not in revision.KNOWN:
            raise Refused(
                f"--db: 账本的数据结构版本 {current} 比本程序新，请升级 dangwu",
                f"--db: the ledger's schema {current} is newer than this dangwu; upgrade dangwu",
            )
        if current is None:
            raise Refused(f"--db: {path} 不是 dangwu 账本", f"--db: {path} is not a dangwu ledger")
        upgrade(path, current)
    return Ledger(path)


def upgrade(path: Path, current: str | None) -> Path | None:
    """Back up beside the ledger, then migrate. Returns the backup path (None if up to date)."""
    if current == revision.HEAD:
        return None
    stamp = datetime.now().strftime("%Y%m%d%H%M%S")
    backup = path.with_name(f"{path.name}.{current or 'empty'}-{stamp}.bak")
    backup_to(path, backup)
    engine = _engine(path, write=True)
    try:
        run_migrations(engine)
    finally:
        engine.dispose()
    return backup


def create_ledger(path: Path) -> Ledger:
    """A new ledger file (0600), migrated to head. Never touches an existing file."""
    if path.exists():
        raise Refused(
            f"--db: {path} 已存在，不会覆盖", f"--db: {path} already exists; it is left untouched"
        )
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700)
    _create_private(path)
    engine = _engine(path, write=True)
    try:
        run_migrations(engine)
    except BaseException:
        engine.dispose()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        raise
    engine.dispose()
    return Ledger(path)
