"""A ledger on a PostgreSQL server: one branch per schema (imported only for server URLs).

Why schemas and not row-level security: with a schema per branch every table, index,
constraint and query is the one SQLite has (an ID number is unique within its branch, the
audit chain and its head are per branch, the same migrations run), and isolation is a
plain GRANT the server enforces: a branch's role has USAGE on its own schema and nothing
on any other. Row-level security would put a branch column and a policy on every table and
make every unique constraint composite, and one forgotten policy would leak a roster.

The file ledger's guarantees have these counterparts here:
- one writer at a time per branch (SQLite's BEGIN IMMEDIATE): the branch's own
  `branch_setting` table locked in SHARE ROW EXCLUSIVE mode when a write transaction begins.
  Not an advisory lock: those are open to every role, so another branch's role could take
  `hashtext('dangwu:beta')` and freeze beta's writes for ever (issue 23). Locking a table
  needs USAGE on its schema and UPDATE on the table, which only the branch's role and the
  higher committee's have; the mode lets readers (and pg_dump) through;
- a writer waits for that lock as long as a writer waits on a file (store/writer.py), every
  other statement (reads included) waits for a lock 10 s, and then fails with one line
  naming the branch, nothing written: a branch's role may still lock its own tables (LOCK
  TABLE needs only UPDATE), and the higher committee's roll-up must not hang on it;
- one consistent snapshot per report: REPEATABLE READ, READ ONLY;
- an upgrade that cannot half-happen: PostgreSQL's DDL is transactional, so the migration
  runs in one transaction instead of on a copy beside the file;
- `init`/`demo` all or nothing: migration and filling share one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from ..errors import MissingLedger, Refused
from . import revision
from .address import ServerAddress, scrub
from .pg_reader import PgReader, connect_args, pg_connect

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine
    from sqlmodel import Session

    from .reader import Reader
    from .writer import Writer


def write_lock_sql(schema: str) -> list[str]:
    """The statements that begin a write transaction on the branch: the writer's lock timeout,
    then the branch's write lock (none on a schema with no ledger yet: `init` and `branch
    create` make its tables in the same transaction). The schema is named, not found on the
    search path: a role without USAGE on it gets "permission denied for schema", where the
    search path would skip the schema and the table would seem missing."""
    from .writer import WRITE_BUSY_TIMEOUT_MS

    # a branch's code needs no quoting, but a role's own search path (no ?branch=) might
    table = '"' + schema.replace('"', '""') + '".branch_setting'
    literal = "'" + table.replace("'", "''") + "'"
    return [
        f"SET LOCAL lock_timeout = {int(WRITE_BUSY_TIMEOUT_MS)}",
        f"DO $$BEGIN IF to_regclass({literal}) IS NOT NULL THEN"
        f" LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE; END IF; END$$",
    ]


def server_engine(address: ServerAddress, schema: str, write: bool = True) -> Engine:
    """The SQLAlchemy engine for writes and migrations (reads use pg_reader, without it)."""
    from sqlalchemy import create_engine, event

    engine = create_engine(address.url, connect_args=connect_args(schema), pool_pre_ping=False)
    if write:

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Connection) -> None:
            if not conn.get_execution_options().get("postgresql_readonly"):
                for statement in write_lock_sql(schema):
                    conn.exec_driver_sql(statement)

    return engine


def lock_timed_out(exc: BaseException) -> bool:
    """PostgreSQL gave up waiting for a lock (lock_timeout), possibly wrapped by SQLAlchemy."""
    import psycopg

    orig = getattr(exc, "orig", None) or exc
    return isinstance(orig, psycopg.errors.LockNotAvailable)


def locked_out(schema: str | None, writing: bool) -> Refused:
    """One line for a lock that was not granted in time: the branch, and that nothing was
    written (the transaction is rolled back)."""
    zh_branch, en_branch = (
        (f"支部 {schema}", f"branch {schema}") if schema else ("支部", "the branch")
    )
    if writing:
        from .writer import WRITE_BUSY_TIMEOUT_MS

        waited = WRITE_BUSY_TIMEOUT_MS / 1000
        return Refused(
            f"--db: {zh_branch} 正被另一个写入占用（已等候 {waited:g} 秒），未写入任何内容；请稍后再试",
            f"--db: another write holds {en_branch} (waited {waited:g} s); nothing was written,"
            " try again later",
        )
    from .reader import BUSY_TIMEOUT_MS

    waited = BUSY_TIMEOUT_MS / 1000
    return Refused(
        f"--db: {zh_branch} 的表被另一个会话锁住（已等候 {waited:g} 秒），无法读取；请稍后再试",
        f"--db: another session has locked the tables of {en_branch} (waited {waited:g} s);"
        " nothing was read, try again later",
    )


@contextmanager
def _lock_errors(schema: str, writing: bool) -> Iterator[None]:
    try:
        yield
    except Exception as exc:
        if lock_timed_out(exc):
            raise locked_out(schema, writing) from None
        raise


def server_error(exc: BaseException, address: ServerAddress) -> Refused | None:
    """PostgreSQL's own refusal (no such role, wrong password, permission denied) as one line."""
    import psycopg

    orig = getattr(exc, "orig", None) or exc
    if not isinstance(orig, psycopg.Error):
        return None
    diag = getattr(orig, "diag", None)
    msg = (getattr(diag, "message_primary", None) or str(orig)).strip().splitlines()[0]
    # libpq quotes what it could not use, and that may be a piece of a password
    msg = scrub(msg, address.url)
    if isinstance(orig, psycopg.errors.LockNotAvailable):
        return locked_out(address.branch, writing=True)
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
        self.notices: list[str] = []  # what the command should tell the user (an upgrade)

    @property
    def location(self) -> str:
        joiner = "&" if "?" in self.address.shown else "?"
        return f"{self.address.shown}{joiner}branch={self.schema}"

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = server_engine(self.address, self.schema)
        return self._engine

    @contextmanager
    def write(self) -> Iterator[Session]:
        from sqlmodel import Session

        from .seal import sealing_session

        with _lock_errors(self.schema, writing=True):
            with Session(self.engine, expire_on_commit=False) as session:
                with session.begin(), sealing_session(session):
                    yield session

    @contextmanager
    def writer(self) -> Iterator[Writer]:
        """One write transaction on psycopg alone (no SQLAlchemy), holding the branch's
        write lock as every writer does: everything is committed, or nothing."""
        from .pg_reader import PgWriter
        from .seal import sealing

        with _lock_errors(self.schema, writing=True), pg_connect(self.address, self.schema) as con:
            try:
                for statement in write_lock_sql(self.schema):
                    con.execute(statement)
                w = PgWriter(con)
                with sealing(w):
                    yield w
            except BaseException:
                con.rollback()
                raise
            con.commit()

    @contextmanager
    def read(self) -> Iterator[Reader]:
        """One REPEATABLE READ, READ ONLY snapshot, on psycopg alone (no SQLAlchemy)."""
        import psycopg

        with _lock_errors(self.schema, writing=False), pg_connect(self.address, self.schema) as con:
            con.read_only = True
            con.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            yield PgReader(con)
            con.rollback()

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
        from sqlmodel import Session

        from .seal import sealing_session

        with Session(
            bind=self.conn, expire_on_commit=False, join_transaction_mode="create_savepoint"
        ) as session:
            with session.begin(), sealing_session(session):
                yield session

    @contextmanager
    def writer(self) -> Iterator[Writer]:
        from .writer import SessionWriter

        with self.write() as session:
            yield SessionWriter(session)

    @contextmanager
    def read(self) -> Iterator[Reader]:
        from .reader import SessionReader

        yield SessionReader(self.conn)


REVISION_SQL = (
    "SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE n.nspname = current_setting('search_path') AND c.relname = 'alembic_version'"
)


def _revision(conn: Any) -> str | None:
    """The schema revision of the branch in the search path (a SQLAlchemy or psycopg
    connection); None when it holds no ledger."""
    run = conn.exec_driver_sql if hasattr(conn, "exec_driver_sql") else conn.execute
    # the catalog shows the table to every role; reading it then needs the schema's USAGE,
    # so another branch's role gets PostgreSQL's "permission denied", not "no ledger"
    if not run(REVISION_SQL).fetchone():
        return None
    # qualified: without USAGE the schema drops out of the search path silently
    schema = run("SELECT current_setting('search_path')").fetchone()[0]
    return run(f'SELECT version_num FROM "{schema}".alembic_version').fetchone()[0]


def _schema_of(address: ServerAddress) -> str:
    """The branch this address names: ?branch=, else the role's own search_path."""
    if address.branch is not None:
        return address.branch
    with pg_connect(address, None) as con:
        row = con.execute("SELECT current_schema()").fetchone()
        assert row is not None  # a SELECT without FROM returns one row
        schema = row[0]
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
    ledger, upgraded_from = open_and_upgrade(address)
    if upgraded_from is not None:
        from ..i18n import tr

        # a one-time event worth a line even from cron
        ledger.notices.append(
            tr(
                f"提示：支部 {ledger.schema} 的账本已升级到新的数据结构 {revision.HEAD}",
                f"note: branch {ledger.schema} was upgraded to schema {revision.HEAD}",
            )
        )
    return ledger


def open_and_upgrade(address: ServerAddress) -> tuple[ServerLedger, str | None]:
    """The branch's ledger and the revision it was upgraded from (None: it was current)."""
    schema = _schema_of(address)
    ledger = ServerLedger(address, schema)
    with pg_connect(address, schema) as con:
        found = _revision(con)
    if found is None:
        if address.branch is None:
            codes = [b["code"] for b in _readable_registry(address)]
            if codes:
                raise Refused(
                    f"--db: 未指定支部：在地址后加 ?branch=支部代号（{', '.join(codes)}）",
                    f"--db: no branch chosen: add ?branch=CODE to the address ({', '.join(codes)})",
                )
        raise _missing(address, schema)
    if found == revision.HEAD:
        return ledger, None
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
    return ledger, found


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
        # the catalog, not information_schema: that hides a schema the role may not use
        exists = conn.exec_driver_sql(
            "SELECT has_schema_privilege(n.oid, 'CREATE') FROM pg_namespace n"
            " WHERE n.nspname = current_setting('search_path')"
        ).fetchone()
        if exists is not None and not exists[0]:
            raise Refused(
                f"--db: 此角色不能在 {schema} 中建立账本；支部由上级党委用 dangwu branch create"
                " 建立，地址后加 ?branch=支部代号 选择支部",
                f"--db: this role may not create a ledger in {schema}; the higher committee"
                " creates branches with `dangwu branch create`, and ?branch=CODE chooses one",
            )
        if exists is None:
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


def list_branches(address: ServerAddress) -> list[dict[str, Any]]:
    """The registry of `branch create`, in code order (empty when there is none)."""
    with pg_connect(address, None) as con:
        row = con.execute("SELECT to_regclass('dangwu.branch')").fetchone()
        assert row is not None  # a SELECT without FROM returns one row
        if not row[0]:
            return []
        cur = con.execute("SELECT code, name, owner, created_on FROM dangwu.branch ORDER BY code")
        names = [d.name for d in cur.description or ()]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def _readable_registry(address: ServerAddress) -> list[dict[str, Any]]:
    """The registry when this role may read it (the higher committee's), else nothing."""
    try:
        return list_branches(address)
    except Exception:
        return []
