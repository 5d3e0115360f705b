"""The lean read path on a PostgreSQL server: psycopg alone, no SQLAlchemy.

Reports and lists on a server should cost what they cost on a file plus the network, not
SQLAlchemy's and SQLModel's import time (about 0.3 s). The shared read SQL is written for
SQLite with `:name` parameters; here it goes through store/dialect.py and its parameters
become psycopg's `%(name)s`. Client-side binding, as SQLite's driver does: the shared
queries use optional filters (`:pid IS NULL OR person_id = :pid`), where a server-side NULL
parameter has no type.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..errors import Refused
from . import reader
from .address import ServerAddress
from .dialect import to_postgresql
from .reader import _params

if TYPE_CHECKING:
    import psycopg

_NAME = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError:
        raise Refused(
            "--db: 使用 PostgreSQL 需要安装可选组件：pip install 'dangwu[postgres]'",
            "--db: PostgreSQL needs the optional extra: pip install 'dangwu[postgres]'",
        ) from None
    return psycopg


def connect_args(schema: str | None) -> dict[str, Any]:
    # no JIT: a report's queries run in milliseconds, and compiling them took longer (31 of
    # the 52 ms of the absence query at 10,000 members); work_mem for one row per member:
    # at the default 4 MB the paid-months aggregate of 10,000 members spilled 14 MB to disk
    options = "-c jit=off -c work_mem=64MB"
    # no statement waits for a lock for ever: a branch's role may lock its own tables (LOCK
    # TABLE needs only UPDATE), and a report, the roll-up included, must then fail with a
    # line, not hang; a write waits longer for the branch's write lock (store/server.py)
    options += f" -c lock_timeout={int(reader.BUSY_TIMEOUT_MS)}"
    if schema is not None:
        # the branch's schema and nothing else: a table missing from it must not be found
        # in public (or anywhere another branch could put one); ISO dates, because the
        # shared SQL cuts months out of dates cast to text
        options += f" -c search_path={schema} -c datestyle=ISO"
    return {
        "connect_timeout": 10,
        "cursor_factory": _psycopg().ClientCursor,
        "options": options,
    }


def pg_connect(address: ServerAddress, schema: str | None) -> psycopg.Connection[Any]:
    psycopg = _psycopg()
    libpq = address.url.replace("postgresql+psycopg://", "postgresql://", 1)
    return psycopg.connect(libpq, **connect_args(schema))


@lru_cache(maxsize=512)
def to_psycopg(sql: str) -> str:
    """SQLite-flavoured SQL with :name parameters → PostgreSQL with %(name)s."""
    sql = to_postgresql(sql).replace("%", "%%")
    out, quote, start = [], "", 0
    for i, ch in enumerate(sql):
        if quote:
            if ch == quote:
                quote = ""
                out.append(sql[start : i + 1])
                start = i + 1
        elif ch in "'\"":
            out.append(_NAME.sub(r"%(\1)s", sql[start:i]))
            quote, start = ch, i
    out.append(_NAME.sub(r"%(\1)s", sql[start:]) if not quote else sql[start:])
    return "".join(out)


class PgReader:
    """The Reader protocol (rows, tuples, scalar) on one psycopg connection."""

    dialect = "postgresql"
    snapshot = True  # REPEATABLE READ, READ ONLY (ServerLedger.read)

    def __init__(self, con: psycopg.Connection[Any]) -> None:
        self.con = con
        self.memos: dict[str, dict[Any, Any]] = {}

    def _run(self, sql: str, params: Mapping[str, Any] | None) -> Any:
        # always a dict, so that psycopg reads %% as % even in a query without parameters
        return self.con.execute(to_psycopg(sql), _params(params))

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        cur = self._run(sql, params)
        names = [d.name for d in cur.description or ()]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    def tuples(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        return list(self._run(sql, params).fetchall())

    def scalar(self, sql: str, params: Mapping[str, Any] | None = None) -> Any:
        row = self._run(sql, params).fetchone()
        return row[0] if row else None


class PgWriter(PgReader):
    """Writes on a psycopg connection inside the branch's write transaction (its write lock
    taken, store/server.py): the lean write path on a server."""

    snapshot = False  # the ledger may change between two questions

    def execute(self, sql: str, params: Mapping[str, Any] | None = None) -> int:
        return int(self._run(sql, params).rowcount)

    def insert(self, table: str, row: Mapping[str, Any]) -> int:
        names = list(row)
        columns = ", ".join(f'"{c}"' for c in names)
        marks = ", ".join(f":{c}" for c in names)
        found = self._run(
            f'INSERT INTO "{table}" ({columns}) VALUES ({marks}) RETURNING id', row
        ).fetchone()
        return int(found[0])

    def insert_many(
        self, table: str, columns: Sequence[str], rows: Sequence[Mapping[str, Any]]
    ) -> list[int]:
        if not rows:
            return []
        from .bulk import copy_rows

        return copy_rows(self.con, table, columns, rows)
