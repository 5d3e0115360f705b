"""SQLAlchemy engines, Alembic runs and write sessions (imported only by writers).

Every SQLite connection gets foreign keys on, WAL and a busy timeout, so a cron job and an
interactive session can share the file. Writers take the write lock when their
transaction begins (BEGIN IMMEDIATE), so two writers queue instead of failing mid-way.
A writer waits as long as the longest write can take: an import holds the lock while it
checks and writes every row, and one of the size CLI.md promises (10,000 members × 24
months) held it 12.7 s on a busy machine, longer than the readers' 10 s, so a `dues pay`
typed meanwhile failed with "database is locked" (tests/reliability/test_concurrency.py).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import URL, Connection, Engine, create_engine, event
from sqlmodel import Session

from . import writer
from .paths import migrations_dir


def make_engine(path: Path, write: bool = True) -> Engine:
    # URL.create escapes the path: '?', '#' and '%' are legal in file names
    url = URL.create("sqlite", database=str(path))
    # read when the engine is made, so that one setting governs both write paths
    timeout_ms = writer.WRITE_BUSY_TIMEOUT_MS
    engine = create_engine(url, connect_args={"timeout": timeout_ms / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own is deferred).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={timeout_ms}")
        cur.execute("PRAGMA journal_mode=WAL")
        # every commit reaches the disk before the command reports success (WAL's NORMAL
        # could lose the last commits to a power cut)
        cur.execute("PRAGMA synchronous=FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def run_migrations(engine: Engine) -> None:
    """Upgrade to head with Alembic's documented API over one shared connection."""
    with engine.begin() as conn:
        run_migrations_on(conn)


def run_migrations_on(conn: Connection) -> None:
    """Upgrade to head inside the caller's transaction (on PostgreSQL, DDL is transactional)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, "head")


def migrate(path: Path) -> None:
    engine = make_engine(path)
    try:
        run_migrations(engine)
    finally:
        engine.dispose()


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """One transaction holding the write lock: everything is committed, or nothing."""
    from .seal import sealing_session

    with Session(engine, expire_on_commit=False) as session:
        with session.begin(), sealing_session(session):
            yield session
