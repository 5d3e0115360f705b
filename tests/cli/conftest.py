"""End-to-end fixtures: drive `dangwu` through its command line with Typer's CliRunner.

`run(*args)` invokes the real app with `--db <tmp>/ledger.db` in front of the arguments
and returns the Result (stdout and stderr separate). The same object also reads the
ledger back the way a person would check it: as JSON from `member list`, or straight
from the SQLite file (`sql`, `dump`, `count`).
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import backend
import pytest
from backend import ON_SERVER, ServerLedger, new_database, server
from typer.testing import CliRunner, Result

from dangwu.cli.app import app
from dangwu.rules.identity import make_id

BRANCH = "测试支部"


def copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of a ledger through SQLite's backup API, mode 0600 like the original."""
    src = sqlite3.connect(str(source))
    dst = sqlite3.connect(str(target))
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    os.chmod(target, 0o600)


class Cli:
    """The `run` fixture: a callable that invokes dangwu on one ledger (a file, or a database
    on the server when DANGWU_TEST_BACKEND=postgresql)."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.runner = CliRunner()
        # CLI.md promises "one clear line on stderr"; suites written against that line set
        # this to 1 so every refusal they provoke is held to it
        self.refusal_lines: int | None = None

    def __call__(
        self,
        *args: Any,
        env: dict[str, str | None] | None = None,
        db: Path | None | bool = None,
        input: str | None = None,
    ) -> Result:
        """Invoke `dangwu --db <ledger> ARGS`. `db=False` leaves --db out."""
        prefix: list[str] = []
        if db is not False:
            prefix = ["--db", str(db if db is not None else self.db)]
        return self.runner.invoke(
            app, prefix + [str(a) for a in args], env=env, input=input, catch_exceptions=False
        )

    # -- invoking with expectations -------------------------------------------------------
    def ok(self, *args: Any, **kw: Any) -> Result:
        result = self(*args, **kw)
        assert result.exit_code == 0, _describe(args, result)
        return result

    def refused(self, *args: Any, **kw: Any) -> Result:
        """Exit 1 with a message on stderr and nothing written to the ledger."""
        before = self.dump() if self.exists() else None
        result = self(*args, **kw)
        assert result.exit_code == 1, _describe(args, result)
        assert result.stderr.strip(), "a refusal must say why on stderr"
        assert "Traceback" not in result.stderr + result.stdout
        if self.refusal_lines is not None:
            lines = result.stderr.strip().splitlines()
            assert len(lines) == self.refusal_lines, _describe(args, result)
        if before is not None:
            assert self.dump() == before, f"the refused command changed the ledger: {args}"
        return result

    def json(self, *args: Any, **kw: Any) -> Any:
        result = self.ok(*args, "--format", "json", **kw)
        return json.loads(result.stdout)

    def add(self, name: str, *extra: Any, gender: str = "男", stage: str = "full") -> int:
        """`member add` and return the id it printed."""
        result = self.ok("member", "add", name, "--gender", gender, "--stage", stage, *extra)
        return int(result.stdout.strip())

    def members(self, *extra: Any) -> list[dict[str, Any]]:
        return self.json("member", "list", *extra)

    def member(self, ref: Any, *extra: Any) -> dict[str, Any]:
        return self.json("member", "show", ref, *extra)

    def listed(self, name: str) -> dict[str, Any]:
        """The row of `member list --all` for the person named (whatever their stage)."""
        return next(m for m in self.members("--all") if m["name"] == name)

    def owed(self, name: str, *args: Any) -> list[str]:
        """The months `dues status ARGS` lists as owed by the person named."""
        doc = self.json("dues", "status", *args)
        return next((m["owed_months"] for m in doc["members"] if m["name"] == name), [])

    def exists(self) -> bool:
        return self.db.exists()

    @property
    def on_server(self) -> bool:
        return isinstance(self.db, ServerLedger)

    # -- reading the ledger directly (the file, or the database on the server) ------------
    def sql(self, query: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        if isinstance(self.db, ServerLedger):
            return self.db.sql(query, params)
        con = sqlite3.connect(str(self.db))
        try:
            return con.execute(query, params).fetchall()
        finally:
            con.close()

    def execute(self, statement: str, params: Sequence[Any] = ()) -> None:
        """Change the file behind dangwu's back (to simulate damage)."""
        if isinstance(self.db, ServerLedger):
            return self.db.execute(statement, params)
        con = sqlite3.connect(str(self.db))
        try:
            con.execute(statement, params)
            con.commit()
        finally:
            con.close()

    def count(self, table: str) -> int:
        return self.sql(f"SELECT COUNT(*) FROM {table}")[0][0]

    def dump(self) -> str:
        if isinstance(self.db, ServerLedger):
            return self.db.dump()
        con = sqlite3.connect(str(self.db))
        try:
            return "\n".join(con.iterdump())
        finally:
            con.close()

    def settle(self) -> str:
        """Checkpoint the WAL into the main file (so its bytes can be compared); the dump."""
        if isinstance(self.db, ServerLedger):
            return self.db.dump()
        con = sqlite3.connect(str(self.db))
        try:
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            return "\n".join(con.iterdump())
        finally:
            con.close()

    def audit(self, action: str | None = None) -> list[dict[str, Any]]:
        query = "SELECT id, action, table_name, row_id, before, after, command, at FROM audit_log"
        rows = self.sql(
            query + (" WHERE action = ?" if action else "") + " ORDER BY id",
            ((action,) if action else ()),
        )
        keys = ("id", "action", "table_name", "row_id", "before", "after", "command", "at")
        out = []
        for row in rows:
            rec = dict(zip(keys, row, strict=True))
            for k in ("before", "after"):
                rec[k] = json.loads(rec[k]) if rec[k] else None
            out.append(rec)
        return out


def _describe(args: Sequence[Any], result: Result) -> str:
    return (
        f"dangwu {' '.join(map(str, args))} → exit {result.exit_code}\n"
        f"stdout: {result.stdout}\nstderr: {result.stderr}"
    )


@pytest.fixture(scope="session")
def _server() -> Iterator[str | None]:
    """With DANGWU_TEST_BACKEND=postgresql: a server for the session (else None)."""
    if not ON_SERVER:
        yield None
        return
    cluster = server()
    url = next(cluster)
    if url is None:
        pytest.fail("DANGWU_TEST_BACKEND=postgresql but no PostgreSQL server is available")
    yield url
    next(cluster, None)


def _new_ledger(tmp_path: Path, name: str, server_url: str | None) -> Any:
    """Where a test's ledger goes: a file under tmp_path, or a new database on the server."""
    if server_url is None:
        return tmp_path / name
    return ServerLedger(new_database(server_url))


@pytest.fixture
def run(tmp_path: Path, _server: str | None) -> Iterator[Cli]:
    since = len(backend.created)
    yield Cli(_new_ledger(tmp_path, "ledger.db", _server))
    if _server is not None:
        backend.drop_created(_server, since)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if ON_SERVER:
        skip = pytest.mark.skip(reason="about the ledger file itself (SQLite only)")
        for item in items:
            if item.get_closest_marker("sqlite_only"):
                item.add_marker(skip)


class Templates:
    """Ledgers built once per session by running dangwu, then copied for each test."""

    def __init__(self, folder: Path, server_url: str | None) -> None:
        self.folder = folder
        self.server_url = server_url
        self.built: dict[str, Any] = {}

    def get(self, name: str, build: Callable[[Cli], object]) -> Any:
        if name not in self.built:
            cli = Cli(_new_ledger(self.folder, f"{name}.db", self.server_url))
            if isinstance(cli.db, ServerLedger):
                backend.keep.add(cli.db.url)
            build(cli)
            self.built[name] = cli.db
        return self.built[name]

    def copy(self, template: Any, target: Any) -> Any:
        """`template`'s ledger at `target` (a file), or in a new database (the server)."""
        if self.server_url is None:
            copy_sqlite(template, target)
            return target
        return ServerLedger(new_database(self.server_url, template.url.rsplit("/", 1)[1]))


@pytest.fixture(scope="session")
def _templates(tmp_path_factory: pytest.TempPathFactory, _server: str | None) -> Templates:
    return Templates(tmp_path_factory.mktemp("templates"), _server)


@pytest.fixture
def snapshot(run: Cli, _templates: Templates) -> Callable[[str, Callable[[Cli], object]], Cli]:
    """snapshot(name, build): the ledger `build` made (once per session), copied to run.db.

    `build` receives a Cli on an empty path and runs dangwu commands on it; every test
    using the same name gets its own copy of the result."""

    def make(name: str, build: Callable[[Cli], object]) -> Cli:
        run.db = _templates.copy(_templates.get(name, build), run.db)
        return run

    return make


def _init(cli: Cli) -> None:
    cli.ok("init", "--branch", BRANCH)


@pytest.fixture
def ledger(snapshot: Callable[[str, Callable[[Cli], object]], Cli]) -> Cli:
    """A fresh ledger made by `dangwu init --branch 测试支部` (built once, copied per test)."""
    return snapshot("init", _init)


def _demo(cli: Cli) -> None:
    # built as on a day of the sample's last quarter: the sample as written, whatever today
    # is (a demo moves its history to today's quarter, services/demo_calendar.py)
    cli.ok("demo", "--as-of", "2026-12-05")


@pytest.fixture
def demo_ledger(snapshot: Callable[[str, Callable[[Cli], object]], Cli]) -> Cli:
    """A ledger built by `dangwu demo` (built once, copied for each test)."""
    return snapshot("demo", _demo)


@pytest.fixture
def idn() -> Callable[..., str]:
    """A valid 18-character ID number: idn(date(1980, 1, 5), seq, "male")."""

    def make(born: date = date(1980, 1, 5), seq: int = 1, gender: str = "male") -> str:
        return make_id("110101", born, seq, gender)

    return make


@pytest.fixture
def id_ending_in_x() -> Callable[[str], str]:
    """A valid ID number whose check character is X (for masking and case tests)."""

    def make(gender: str = "male") -> str:
        for seq in range(100):
            number = make_id("110101", date(1980, 1, 5), seq, gender)
            if number.endswith("X"):
                return number
        raise AssertionError("no X check digit in range")

    return make


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    """Write rows to a CSV file in the given encoding ("utf-8", "utf-8-sig", "gbk")."""

    def write(
        rows: Sequence[Sequence[Any]], name: str = "roster.csv", encoding: str = "utf-8"
    ) -> Path:
        import csv
        import io

        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(
            ["" if v is None else v for v in row] for row in rows
        )
        path = tmp_path / name
        path.write_bytes(buf.getvalue().encode(encoding))
        return path

    return write


@pytest.fixture
def write_xlsx(tmp_path: Path) -> Callable[..., Path]:
    def write(rows: Sequence[Sequence[Any]], name: str = "roster.xlsx") -> Path:
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        for row in rows:
            ws.append(list(row))
        path = tmp_path / name
        wb.save(path)
        return path

    return write


@pytest.fixture
def fresh(tmp_path: Path, _templates: Templates) -> Iterator[Callable[[str], Cli]]:
    """Another ledger in the same test: fresh("other") → an initialized Cli."""

    def make(name: str) -> Cli:
        target = tmp_path / f"{name}.db"
        return Cli(_templates.copy(_templates.get("init", _init), target))

    yield make


@pytest.fixture
def blank(tmp_path: Path, _server: str | None, run: Cli) -> Callable[[str], Any]:
    """blank("name"): where a command may create another ledger in the same test (`demo`,
    `init`): a path under tmp_path, or an empty database on the server. Pass it as `db=`."""
    # `run` drops the databases made during the test, these included

    def make(name: str) -> Any:
        return _new_ledger(tmp_path, f"{name}.db", _server)

    return make


@pytest.fixture
def cli_at() -> Callable[[Path], Cli]:
    """A `run`-like object for another ledger file: cli_at(path)."""
    return Cli
