"""The lean read path: plain sqlite3, no SQLAlchemy import.

Reports and lists must answer in a few hundredths of a second (importing SQLAlchemy alone
costs about 0.17 s), so every read query is plain SQL with named parameters, run here on a
DB-API connection, or through `SessionReader` inside a write transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, Protocol

BUSY_TIMEOUT_MS = 10_000


def _params(params: Mapping[str, Any] | None) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in (params or {}).items()}


class Reader(Protocol):
    """What every read path offers: plain SQL with named parameters."""

    dialect: str
    # True on one read snapshot (a report): what is derived from it may be kept in `memos`
    # for the command; False inside a write, where the ledger may change between questions
    snapshot: bool
    memos: dict[str, dict[Any, Any]]

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]: ...

    def scalar(self, sql: str, params: Mapping[str, Any] | None = None) -> Any: ...

    def tuples(
        self, sql: str, params: Mapping[str, Any] | None = None
    ) -> list[tuple[Any, ...]]: ...


class SqliteReader:
    dialect = "sqlite"
    # one read transaction: what a report derives from it may be kept for the whole report
    snapshot = True

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con
        self.memos: dict[str, dict[Any, Any]] = {}

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        cur = self.con.execute(sql, _params(params))
        names = [d[0] for d in cur.description or ()]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    def tuples(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        return self.con.execute(sql, _params(params)).fetchall()

    def scalar(self, sql: str, params: Mapping[str, Any] | None = None) -> Any:
        row = self.con.execute(sql, _params(params)).fetchone()
        return row[0] if row else None


def memo(reader: Reader, name: str) -> dict[Any, Any]:
    """A dict `name` kept for as long as `reader`'s read snapshot (one report), where what is
    derived from the ledger may be reused; a fresh one each call inside a write, where the
    ledger may change between two questions."""
    if not reader.snapshot:
        return {}
    return reader.memos.setdefault(name, {})


class SessionReader:
    """The same interface over an open SQLAlchemy session or connection: reads inside a
    write, and every read on a PostgreSQL server (through store/dialect.py)."""

    snapshot = False

    def __init__(self, session: Any) -> None:
        self.session = session
        self.memos: dict[str, dict[Any, Any]] = {}
        bind = session.get_bind() if hasattr(session, "get_bind") else session
        self.dialect: str = bind.dialect.name

    def _text(self, sql: str) -> Any:
        from sqlalchemy import text

        if self.dialect == "postgresql":
            from .dialect import to_postgresql

            sql = to_postgresql(sql)
        return text(sql)

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        return [dict(r) for r in self.session.execute(self._text(sql), _params(params)).mappings()]

    def tuples(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in self.session.execute(self._text(sql), _params(params))]

    def scalar(self, sql: str, params: Mapping[str, Any] | None = None) -> Any:
        return self.session.execute(self._text(sql), _params(params)).scalar()


def connect(path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    con.execute("PRAGMA foreign_keys=ON")
    con.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    return con


@contextmanager
def reading(path: Path) -> Iterator[SqliteReader]:
    """A read transaction: one consistent snapshot for the whole report."""
    con = connect(path)
    try:
        con.execute("BEGIN")
        yield SqliteReader(con)
        con.execute("COMMIT")
    finally:
        con.close()


def as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))
