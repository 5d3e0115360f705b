"""The lean write path: one transaction on the database driver itself, no ORM.

A write the user waits for (`dues pay`, `meeting add`, `member add`, `talk add`, `dev log`)
used to spend 0.36 s of its 0.5 s importing SQLAlchemy, SQLModel and pydantic before it
touched the file (issue 22). The writers here run plain SQL with named parameters, as the
readers do (store/reader.py): on a ledger file through the standard library's sqlite3, on a
server through the SQLAlchemy session the server path already holds. The SQLModel models
stay the schema of record (Alembic, the drift test); this module only writes rows into it.

Every writer is also a Reader, so a service checks and writes in the one transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from .reader import Reader, SessionReader, SqliteReader, _params
from .seal import sealing

# Readers never wait for a writer in WAL mode; a writer queues behind one. An import holds
# the lock while it checks and writes every row: one of the size CLI.md promises (10,000
# members × 24 months) held it 12.7 s on a busy machine, so a `dues pay` typed meanwhile
# failed with "database is locked" when writers waited as long as readers (10 s;
# tests/reliability/test_concurrency.py). Five minutes leaves room for the biggest import on
# a slow laptop; waiting costs nothing but time, failing costs the user a retyped command.
# Both write paths (this one and the ORM's, store/engine.py) read it when they connect.
WRITE_BUSY_TIMEOUT_MS = 300_000


class Writer(Reader, Protocol):
    """A Reader inside a write transaction that can also change rows."""

    def execute(self, sql: str, params: Mapping[str, Any] | None = None) -> int:
        """Run one statement; the number of rows it changed."""
        ...

    def insert(self, table: str, row: Mapping[str, Any]) -> int:
        """Insert one row; its new id."""
        ...

    def insert_many(
        self, table: str, columns: Sequence[str], rows: Sequence[Mapping[str, Any]]
    ) -> list[int]:
        """Insert rows (mappings with `columns`); their new ids, in order. With "id" among
        `columns` the rows keep the ids they bring."""
        ...


def _value(v: Any) -> Any:
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, bool):
        return int(v)
    return v


def _columns(columns: Sequence[str]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


class SqliteWriter(SqliteReader):
    """Writes on a ledger file's sqlite3 connection that holds the write lock."""

    snapshot = False  # what is derived from the ledger may change between two questions

    def execute(self, sql: str, params: Mapping[str, Any] | None = None) -> int:
        return self.con.execute(sql, _params(params)).rowcount

    def insert(self, table: str, row: Mapping[str, Any]) -> int:
        names = list(row)
        cur = self.con.execute(
            f'INSERT INTO "{table}" ({_columns(names)}) VALUES ({", ".join("?" for _ in names)})',
            tuple(_value(row[c]) for c in names),
        )
        assert cur.lastrowid is not None
        return cur.lastrowid

    def insert_many(
        self, table: str, columns: Sequence[str], rows: Sequence[Mapping[str, Any]]
    ) -> list[int]:
        if not rows:
            return []
        if "id" in columns:
            ids = [int(r["id"]) for r in rows]
            names = list(columns)
            values: Iterator[tuple[Any, ...]] = (
                tuple(_value(r.get(c)) for c in columns) for r in rows
            )
        else:
            # the write lock is held, so MAX(id) cannot move underneath us
            (start,) = self.con.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"').fetchone()
            ids = list(range(start + 1, start + 1 + len(rows)))
            names = ["id", *columns]
            values = (
                (i, *(_value(r.get(c)) for c in columns)) for i, r in zip(ids, rows, strict=True)
            )
        marks = ", ".join("?" for _ in names)
        self.con.executemany(f'INSERT INTO "{table}" ({_columns(names)}) VALUES ({marks})', values)
        return ids


class SessionWriter(SessionReader):
    """The same on an open SQLAlchemy session: a write on a PostgreSQL server, and the
    writes that share a transaction with ORM code (init, demo, copy)."""

    def execute(self, sql: str, params: Mapping[str, Any] | None = None) -> int:
        result = self.session.execute(self._text(sql), _params(params))
        return int(getattr(result, "rowcount", 0) or 0)

    def insert(self, table: str, row: Mapping[str, Any]) -> int:
        return self.insert_many(table, list(row), [row])[0]

    def insert_many(
        self, table: str, columns: Sequence[str], rows: Sequence[Mapping[str, Any]]
    ) -> list[int]:
        from .bulk import bulk_insert

        return bulk_insert(self.session, table, columns, rows)


def as_writer(target: Any) -> Writer:
    """A Writer for a service called with an open SQLAlchemy session (or a Writer)."""
    return target if hasattr(target, "insert_many") else SessionWriter(target)


def connect_for_writing(path: Path) -> sqlite3.Connection:
    """A connection with the pragmas every writer of the file uses (store/engine.py)."""
    timeout_ms = WRITE_BUSY_TIMEOUT_MS
    con = sqlite3.connect(str(path), timeout=timeout_ms / 1000, isolation_level=None)
    con.execute("PRAGMA foreign_keys=ON")
    con.execute(f"PRAGMA busy_timeout={timeout_ms}")
    con.execute("PRAGMA journal_mode=WAL")
    # every commit reaches the disk before the command reports success
    con.execute("PRAGMA synchronous=FULL")
    return con


@contextmanager
def writing(path: Path) -> Iterator[SqliteWriter]:
    """One transaction holding the write lock from its first statement (BEGIN IMMEDIATE, so
    two writers queue instead of failing mid-way): everything is committed, or nothing."""
    con = connect_for_writing(path)
    try:
        con.execute("BEGIN IMMEDIATE")
        try:
            w = SqliteWriter(con)
            with sealing(w):
                yield w
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")
    finally:
        con.close()
