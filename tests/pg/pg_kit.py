"""A throwaway PostgreSQL server for the tests, and dangwu driven on SQLite and on it.

The server comes from DANGWU_TEST_PG (a superuser URL; `.ci/run` starts one and sets it),
else this machine's PostgreSQL binaries start a cluster in a temporary folder for the test
session. With neither, the PostgreSQL tests are skipped, unless DANGWU_TEST_PG_REQUIRED
is set (CI), where that is a failure.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

from dangwu.cli.app import app

REPO = Path(__file__).resolve().parents[2]
CLUSTER = REPO / ".ci" / "pg-cluster.sh"
_numbers = itertools.count(1)


def start_cluster() -> Iterator[str | None]:
    """Yield a superuser URL (None: no server available here), stopping what it started."""
    given = os.environ.get("DANGWU_TEST_PG")
    if given:
        yield given
        return
    if not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")):
        yield None
        return
    folder = tempfile.mkdtemp(prefix="dangwu-pg-")
    try:
        url = subprocess.run(
            ["bash", str(CLUSTER), "start", folder], check=True, capture_output=True, text=True
        ).stdout.strip()
        yield url
    finally:
        subprocess.run(["bash", str(CLUSTER), "stop", folder], check=False)
        shutil.rmtree(folder, ignore_errors=True)


def admin(url: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        for statement in statements:
            con.execute(statement)


def database_url(server: str, name: str) -> str:
    base, _, _ = server.rpartition("/")
    return f"{base}/{name}"


def role_url(server: str, database: str, role: str, password: str) -> str:
    """The URL of `database` for a login role (same host and port as the superuser URL)."""
    rest = server.split("://", 1)[1]
    host = rest.split("@", 1)[1].split("/", 1)[0]
    return f"postgresql://{role}:{password}@{host}/{database}"


def fresh_database(server: str) -> str:
    name = f"dangwu_t{os.getpid()}_{next(_numbers)}"
    admin(server, f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
    return database_url(server, name)


def drop_database(server: str, url: str) -> None:
    name = url.rsplit("/", 1)[1].split("?", 1)[0]
    admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Dangwu:
    """Invoke `dangwu --db TARGET …` in-process (TARGET: a file path or a server URL)."""

    def __init__(self, target: str) -> None:
        self.target = target
        self.runner = CliRunner()

    def __call__(self, *args: Any, input: str | None = None) -> Result:
        return self.runner.invoke(
            app, ["--db", self.target, *map(str, args)], input=input, catch_exceptions=False
        )

    def ok(self, *args: Any) -> Result:
        result = self(*args)
        assert result.exit_code == 0, describe(self.target, args, result)
        return result

    def add_id(self, name: str) -> int:
        """`member add NAME` (a full member) and the id it printed."""
        return int(self.ok("member", "add", name, "--gender", "男", "--stage", "full").stdout)

    def json(self, *args: Any) -> Any:
        result = self(*args, "--format", "json")
        assert result.exit_code in (0, 3), describe(self.target, args, result)
        return json.loads(result.stdout)


def describe(target: str, args: Any, result: Result) -> str:
    return (
        f"dangwu --db {target} {' '.join(map(str, args))} → exit {result.exit_code}\n"
        f"stdout: {result.stdout[-2000:]}\nstderr: {result.stderr[-2000:]}"
    )


def dump_server(url: str, schema: str = "public") -> str:
    """Every row of every table of the branch, in a stable order (to show nothing changed)."""
    import psycopg

    out = []
    with psycopg.connect(url) as con:
        tables = [
            t
            for (t,) in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = %s"
                " ORDER BY table_name",
                (schema,),
            )
        ]
        for table in tables:
            rows = con.execute(f'SELECT * FROM "{schema}"."{table}" ORDER BY 1').fetchall()
            out.append(f"{table}: {rows!r}")
    return "\n".join(out)
