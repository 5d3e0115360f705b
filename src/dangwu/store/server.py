"""A ledger on a PostgreSQL server: one branch per schema (imported only for server URLs).

Why schemas and not row-level security: with a schema per branch every table, index,
constraint and query is the one SQLite has (an ID number is unique within its branch, the
audit chain and its head are per branch, the same migrations run), and isolation is a
plain GRANT the server enforces: a branch's role has USAGE on its own schema and nothing
on any other. Row-level security would put a branch column and a policy on every table and
make every unique constraint composite, and one forgotten policy would leak a roster.

The file ledger's guarantees have these counterparts here:
- one writer at a time per branch (SQLite's BEGIN IMMEDIATE): a transaction-scoped advisory
  lock on the branch's schema, taken when a write transaction begins;
- one consistent snapshot per report: REPEATABLE READ, READ ONLY;
- an upgrade that cannot half-happen: PostgreSQL's DDL is transactional, so the migration
  runs in one transaction instead of on a copy beside the file;
- `init`/`demo` all or nothing: migration and filling share one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlmodel import Session

from ..errors import MissingLedger, Refused
from . import revision
from .address import ServerAddress
from .reader import SessionReader

LOCK_SQL = "SELECT pg_advisory_xact_lock(hashtext('dangwu:' || current_schema()))"


def server_engine(address: ServerAddress, schema: str | None, write: bool = True) -> Engine:
    try:
        import psycopg
    except ImportError:
        raise Refused(
            "--db: 使用 PostgreSQL 需要安装可选组件：pip install 'dangwu[postgres]'",
            "--db: PostgreSQL needs the optional extra: pip install 'dangwu[postgres]'",
        ) from None
    # client-side binding, as SQLite's driver does: the shared read queries use optional
    # filters (`:pid IS NULL OR person_id = :pid`), where a server-side NULL has no type
    args: dict[str, Any] = {"connect_timeout": 10, "cursor_factory": psycopg.ClientCursor}
    if schema is not None:
        # the schema first, and nothing else: a table missing from it must not be found in
        # public (or anywhere another branch could put one)
        # (and ISO dates: the shared SQL cuts months out of dates cast to text)
        args["options"] = f"-c search_path={schema} -c datestyle=ISO"
    engine = create_engine(address.url, connect_args=args, pool_pre_ping=False)
    if write:

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Connection) -> None:
            if not conn.get_execution_options().get("postgresql_readonly"):
                conn.exec_driver_sql(LOCK_SQL)

    return engine


def server_error(exc: BaseException, address: ServerAddress) -> Refused | None:
    """PostgreSQL's own refusal (no such role, wrong password, permission denied) as one line."""
    import psycopg

    orig = getattr(exc, "orig", None) or exc
    if not isinstance(orig, psycopg.Error):
        return None
    diag = getattr(orig, "diag", None)
    msg = (getattr(diag, "message_primary", None) or str(orig)).strip().splitlines()[0]
    if isinstance(orig, psycopg.errors.InsufficientPrivilege):
        return Refused(
            f"--db: 服务器拒绝访问（{msg}）：此角色只能读写本支部的账本",
            f"--db: the server refused ({msg}): this role may only use its own branch",
        )
    if isinstance(orig, psycopg.OperationalError):
        return Refused(
            f"--db: 无法连接服务器 {address.shown}（{msg}）",
            f"--db: cannot connect to {address.shown} ({msg})",
        )
    return Refused(f"--db: 服务器报错：{msg}", f"--db: the server said: {msg}")


class ServerLedger:
    """The Ledger interface (engine, write, read, dispose) on one branch's schema."""

    kind = "postgresql"

    def __init__(self, address: ServerAddress, schema: str) -> None:
        self.address = address
        self.schema = schema
        self._engine: Engine | None = None

    @property
    def location(self) -> str:
        return f"{self.address.shown} ?branch={self.schema}"

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = server_engine(self.address, self.schema)
        return self._engine

    @contextmanager
    def write(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session:
            with session.begin():
                yield session

    @contextmanager
    def read(self) -> Iterator[SessionReader]:
        with self.engine.connect() as conn:
            conn = conn.execution_options(
                isolation_level="REPEATABLE READ", postgresql_readonly=True
            )
            with conn.begin():
                yield SessionReader(conn)

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


class _InTransaction(ServerLedger):
    """Every write and read on one open transaction (init and demo: all or nothing)."""

    def __init__(self, address: ServerAddress, schema: str, conn: Connection) -> None:
        super().__init__(address, schema)
        self.conn = conn

    @contextmanager
    def write(self) -> Iterator[Session]:
        with Session(
            bind=self.conn, expire_on_commit=False, join_transaction_mode="create_savepoint"
        ) as session:
            with session.begin():
                yield session

    @contextmanager
    def read(self) -> Iterator[SessionReader]:
        yield SessionReader(self.conn)


def _current_schema(conn: Connection) -> str:
    return conn.exec_driver_sql("SELECT current_schema()").scalar() or ""


def _revision(conn: Connection) -> str | None:
    # the catalog shows the table to every role; reading it then needs the schema's USAGE,
    # so another branch's role gets PostgreSQL's "permission denied", not "no ledger"
    found = conn.exec_driver_sql(
        "SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = current_setting('search_path') AND c.relname = 'alembic_version'"
    ).scalar()
    if not found:
        return None
    # qualified: without USAGE the schema drops out of the search path silently
    schema = conn.exec_driver_sql("SELECT current_setting('search_path')").scalar()
    return conn.exec_driver_sql(f'SELECT version_num FROM "{schema}".alembic_version').scalar()


def _schema_of(address: ServerAddress) -> str:
    """The branch this address names: ?branch=, else the role's own search_path."""
    if address.branch is not None:
        return address.branch
    engine = server_engine(address, None, write=False)
    try:
        with engine.connect() as conn:
            schema = _current_schema(conn)
    finally:
        engine.dispose()
    if not schema:
        raise Refused(
            "--db: 未指定支部：在地址后加 ?branch=支部代号",
            "--db: no branch chosen: add ?branch=CODE to the address",
        )
    return schema


def _missing(address: ServerAddress, schema: str) -> MissingLedger:
    return MissingLedger(
        f"--db: 服务器上支部 {schema} 还没有账本（{address.shown}）。"
        "请上级党委运行 dangwu branch create，或运行 dangwu init",
        f"--db: branch {schema} has no ledger on {address.shown}. Ask the higher committee"
        " to run `dangwu branch create`, or run `dangwu init`",
    )


def open_server(address: ServerAddress) -> ServerLedger:
    """The branch's ledger, upgraded in one transaction when its schema is older."""
    schema = _schema_of(address)
    ledger = ServerLedger(address, schema)
    with ledger.engine.connect() as conn:
        found = _revision(conn)
        conn.rollback()
    if found is None:
        ledger.dispose()
        raise _missing(address, schema)
    if found == revision.HEAD:
        return ledger
    if found not in revision.KNOWN:
        ledger.dispose()
        raise Refused(
            f"--db: 支部 {schema} 的数据结构 {found} 比本程序新；请升级 dangwu",
            f"--db: branch {schema} has schema {found}, newer than this dangwu; upgrade dangwu",
        )
    try:
        upgrade_server(ledger)
    except Exception as exc:
        import psycopg

        if isinstance(getattr(exc, "orig", None), psycopg.errors.InsufficientPrivilege):
            ledger.dispose()
            raise Refused(
                f"--db: 支部 {schema} 的数据结构 {found} 需要升级到 {revision.HEAD}，"
                f"此角色无权升级；请上级党委运行 dangwu --db '…?branch={schema}' db upgrade",
                f"--db: branch {schema} has schema {found} and needs {revision.HEAD}; this role"
                f" may not change tables: the higher committee runs"
                f" `dangwu --db '…?branch={schema}' db upgrade`",
            ) from None
        raise
    import sys

    from ..i18n import tr

    print(
        tr(
            f"提示：支部 {schema} 的账本已升级到新的数据结构 {revision.HEAD}",
            f"note: branch {schema} was upgraded to schema {revision.HEAD}",
        ),
        file=sys.stderr,
    )
    return ledger


def upgrade_server(ledger: ServerLedger) -> str | None:
    """Migrate to head in one transaction; the revision it started from (None: up to date)."""
    from .engine import run_migrations_on

    with ledger.engine.begin() as conn:
        found = _revision(conn)
        if found == revision.HEAD:
            return None
        run_migrations_on(conn)
    return found


def create_server(
    address: ServerAddress, fill: Callable[[ServerLedger], None] | None = None
) -> ServerLedger:
    """A new ledger in the branch's schema: migrated and filled in one transaction."""
    from .engine import run_migrations_on

    schema = _schema_of(address)
    ledger = ServerLedger(address, schema)
    with ledger.engine.begin() as conn:
        exists = conn.exec_driver_sql(
            "SELECT 1 FROM information_schema.schemata WHERE schema_name = current_schema()"
        ).scalar()
        if not exists:
            raise Refused(
                f"--db: 服务器上没有支部 {schema}；请上级党委先运行 dangwu branch create",
                f"--db: there is no branch {schema} on the server; the higher committee"
                " creates it with `dangwu branch create`",
            )
        if _revision(conn) is not None:
            raise Refused(
                f"--db: 支部 {schema} 已有账本，不会覆盖",
                f"--db: branch {schema} already has a ledger; it is left untouched",
            )
        run_migrations_on(conn)
        if fill is not None:
            fill(_InTransaction(address, schema, conn))
    return ledger
