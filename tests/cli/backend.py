"""Which backend the CLI tests drive: a ledger file (always), or a PostgreSQL database.

`DANGWU_TEST_BACKEND=postgresql` (with a server from DANGWU_TEST_PG, or this machine's
PostgreSQL binaries; see tests/pg/pg_kit.py) runs the same end-to-end tests with `--db` a
fresh database per test. The tests read the ledger back through `sql`, `dump` and
`execute`, written in SQLite's dialect (`?` parameters); on the server those run through
psycopg, with values as SQLite returns them (ISO text for dates, 0/1 for booleans), so one
assertion serves both backends. Tests about the file itself (its mode, WAL, backups by
VACUUM INTO, upgrades beside it, kills) are marked `sqlite_only`.
"""

from __future__ import annotations

import itertools
import os
import re
import sys
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

BACKEND = os.environ.get("DANGWU_TEST_BACKEND", "sqlite")
ON_SERVER = BACKEND == "postgresql"

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "pg"))

_numbers = itertools.count(1)
# databases made for tests, to drop after each (templates are kept for the session)
created: list[str] = []
keep: set[str] = set()


def server() -> Iterator[str | None]:
    from pg_kit import start_cluster

    return start_cluster()


def new_database(server_url: str, template: str | None = None) -> str:
    from pg_kit import admin, database_url

    name = f"dangwu_cli{os.getpid()}_{next(_numbers)}"
    if template is None:
        admin(server_url, f'CREATE DATABASE "{name}"')
    else:
        admin(
            server_url,
            # a template must have no sessions: dangwu's pooled ones may still be open
            f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{template}'",
            f'CREATE DATABASE "{name}" TEMPLATE "{template}"',
        )
    url = database_url(server_url, name)
    created.append(url)
    return url


def drop_created(server_url: str, since: int) -> None:
    for url in created[since:]:
        if url not in keep:
            drop_database(server_url, url)
    del created[since:]


def drop_database(server_url: str, url: str) -> None:
    from pg_kit import drop_database as drop

    drop(server_url, url)


def _as_sqlite(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return value


_QMARK = re.compile(r"\?")


class ServerLedger:
    """Stands in for the ledger's Path: `str()` is the URL; `exists()` asks the server."""

    def __init__(self, url: str) -> None:
        self.url = url

    def __str__(self) -> str:
        return self.url

    def __fspath__(self) -> str:
        raise TypeError("a server ledger is not a file (mark the test sqlite_only)")

    def exists(self) -> bool:
        import psycopg

        with psycopg.connect(self.url) as con:
            return bool(con.execute("SELECT to_regclass('public.alembic_version')").fetchone()[0])

    def sql(self, query: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        import psycopg

        with psycopg.connect(self.url) as con:
            cur = con.execute(_QMARK.sub("%s", query.replace("%", "%%")), tuple(params))
            return [tuple(_as_sqlite(v) for v in row) for row in cur.fetchall()]

    def execute(self, statement: str, params: Sequence[Any] = ()) -> None:
        import psycopg

        with psycopg.connect(self.url) as con:
            con.execute(_QMARK.sub("%s", statement.replace("%", "%%")), tuple(params))

    def dump(self) -> str:
        from pg_kit import dump_server

        return dump_server(self.url)
