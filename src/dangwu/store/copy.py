"""`db copy`: a whole ledger from a file or a server branch into a new file or branch.

Every row keeps its id and every audit entry its hashes, so the copy is the same ledger:
`db check` verifies its chain, and the copy itself is one more audit entry chained after
the copied ones. The rows go through SQLAlchemy Core with the models' Table objects, which
read and write dates and booleans as Python values on both backends (SQLite keeps ISO
text and 0/1, PostgreSQL DATE and boolean), so nothing is converted by hand.

The target is written in one transaction and is either whole or untouched: a new file is
built under a hidden name and published only when complete (store/ledger.create_ledger);
a server branch is migrated, emptied of what `init` wrote, filled and re-sequenced in one
transaction under the branch's write lock. The source is read in one snapshot (a deferred
SQLite transaction in WAL mode; REPEATABLE READ on a server), so writers may go on.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ..errors import DangwuError, Refused
from .address import ServerAddress, is_server, parse_server

if TYPE_CHECKING:
    from sqlalchemy import Connection, Table
    from sqlmodel import Session

# rows per page: big enough that round trips to a server do not dominate, small enough
# that a million-row audit trail never sits in memory at once
BATCH = 5000

# what `init` writes (store/settings.initialize: one "setting.set" entry per key): a
# branch holding only these is empty
INIT_SETTINGS = frozenset({"branch_name", "higher_org", "created_on"})

Progress = Callable[[int], None]
SEAL_TABLES = ("row_seal", "seal_pending")


class Copied(NamedTuple):
    rows: int  # rows copied, the copy's own audit entry not counted
    where: str  # the target, for messages (a server's password masked)
    notices: tuple[str, ...] = ()  # what opening either ledger did (an upgrade)


def shown(text: str) -> str:
    """A SOURCE or TARGET as messages and the audit trail show it."""
    return parse_server(text).shown if is_server(text) else str(text)


@cache
def copy_order() -> tuple[Table, ...]:
    """Every table, each after the tables it refers to.

    Not metadata.sorted_tables: that leaves out use_alter foreign keys, and so puts
    party_group (whose leader_id refers to person) before person, where an immediate
    foreign key check would refuse a group's leader."""
    from sqlmodel import SQLModel

    from . import models  # noqa: F401  (the tables register themselves in the metadata)

    # the seals are not copied: copy_seals seals the copy afresh
    tables = [t for t in SQLModel.metadata.sorted_tables if t.name not in SEAL_TABLES]
    needs = {
        t.name: {fk.column.table.name for fk in t.foreign_keys if fk.column.table.name != t.name}
        for t in tables
    }
    done: list[Table] = []
    placed: set[str] = set()
    while len(done) < len(tables):
        ready = [t for t in tables if t.name not in placed and needs[t.name] <= placed]
        if not ready:
            raise RuntimeError("the tables' foreign keys form a cycle")
        done.append(ready[0])
        placed.add(ready[0].name)
    return tuple(done)


# --- the source -------------------------------------------------------------------------


@contextmanager
def _source_snapshot(text: str, notices: list[str]) -> Iterator[Connection]:
    """The source ledger (upgraded to head by opening it), read in one snapshot."""
    if is_server(text):
        from .server import open_server

        address = parse_server(text)
        with _labelled("SOURCE"), _server_errors(address, "SOURCE"):
            ledger = open_server(address)
            notices += ledger.notices
            conn = ledger.engine.connect()
        try:
            conn = conn.execution_options(
                isolation_level="REPEATABLE READ", postgresql_readonly=True
            )
            with conn.begin():
                yield conn
        finally:
            conn.close()
            ledger.dispose()
        return
    from .engine import make_engine
    from .ledger import open_ledger

    path = _usable_path(text, "SOURCE")
    if not path.exists():
        raise Refused(f"SOURCE: 账本不存在：{path}", f"SOURCE: no ledger at {path}")
    if path.is_dir():
        raise Refused(
            f"SOURCE: {path} 是目录，不是账本文件", f"SOURCE: {path} is a directory, not a ledger"
        )
    with _labelled("SOURCE"):
        opened = open_ledger(path)
        notices += opened.notices
        opened.dispose()
    # write=False: a deferred BEGIN, whose first read fixes the snapshot (WAL) without
    # taking the write lock from the branch's other commands
    engine = make_engine(path, write=False)
    try:
        with engine.connect() as conn, conn.begin():
            yield conn
    finally:
        engine.dispose()


def _relabeled(exc: Refused, side: str) -> Refused:
    """The store's messages name `--db`; for db copy the ledger is SOURCE or TARGET."""
    return Refused(exc.zh.replace("--db:", f"{side}:", 1), exc.en.replace("--db:", f"{side}:", 1))


@contextmanager
def _labelled(side: str) -> Iterator[None]:
    try:
        yield
    except Refused as exc:
        if exc.zh.startswith("--db:"):
            raise _relabeled(exc, side) from None
        raise


@contextmanager
def _server_errors(address: ServerAddress, side: str) -> Iterator[None]:
    """PostgreSQL's own errors (cannot connect, permission denied) as one line naming the side."""
    try:
        yield
    except DangwuError:
        raise
    except Exception as exc:
        from .server import server_error

        refused = server_error(exc, address)
        if refused is None:
            raise
        raise _relabeled(refused, side) from None


def count_rows(src: Connection) -> dict[str, int]:
    from sqlalchemy import func, select

    return {
        t.name: src.execute(select(func.count()).select_from(t)).scalar_one() for t in copy_order()
    }


# --- copying ----------------------------------------------------------------------------


def copy_rows(src: Connection, dst: Connection, advance: Progress) -> dict[str, int]:
    """Every row of every table, in foreign-key order, a keyset page at a time."""
    from sqlalchemy import insert, select

    counts: dict[str, int] = {}
    for table in copy_order():
        (key,) = table.primary_key.columns  # every table has a one-column primary key
        page = select(table).order_by(key).limit(BATCH)
        after: Any = None
        n = 0
        while True:
            stmt = page if after is None else page.where(key > after)
            rows = [dict(r) for r in src.execute(stmt).mappings()]
            if not rows:
                break
            if dst.dialect.name == "postgresql":
                _copy_in(dst, table, rows)
            else:
                dst.execute(insert(table), rows)
            after = rows[-1][key.name]
            n += len(rows)
            advance(len(rows))
            if len(rows) < BATCH:
                break
        counts[table.name] = n
    copy_seals(dst)
    return counts


def copy_seals(dst: Connection) -> None:
    """Seal the copy's rows afresh: each backend computes its seals its own way
    (store/seal.expression), and the notes the copied rows left are dropped."""
    from .seal import seal_all
    from .writer import SessionWriter

    seal_all(SessionWriter(dst))


def _copy_in(dst: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Rows into a PostgreSQL table by COPY, on the transaction's own connection.

    Core INSERTs of each page copied the 10,000-member bench ledger (1.34 million rows) in
    108 s, COPY in 23 s; psycopg adapts dates, booleans and NULLs as an INSERT would."""
    names = [c.name for c in table.columns]
    cols = ", ".join(f'"{n}"' for n in names)
    raw = dst.connection.driver_connection
    with raw.cursor().copy(f'COPY "{table.name}" ({cols}) FROM STDIN') as copy:  # type: ignore[union-attr]
        for row in rows:
            copy.write_row(tuple(row[n] for n in names))


def reset_sequences(dst: Connection) -> None:
    """Move each id sequence past the copied ids: rows were inserted with their ids, which
    leaves a PostgreSQL sequence at 1, and the next `member add` would collide. (SQLite
    takes MAX(rowid) + 1 by itself: no table is AUTOINCREMENT.)"""
    if dst.dialect.name != "postgresql":
        return
    for table in copy_order():
        if "id" not in table.c or not table.c.id.primary_key:
            continue
        dst.exec_driver_sql(
            "SELECT setval(pg_get_serial_sequence("
            f"quote_ident(current_schema()) || '.{table.name}', 'id'),"
            f' COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM "{table.name}"'
        )


def _fill(session: Session, src: Connection, source_shown: str, advance: Progress) -> int:
    """Copy into the target's open transaction, then chain the copy's own audit entry."""
    from . import audit

    dst = session.connection()
    counts = copy_rows(src, dst, advance)
    # after the copied entries: record() chains onto the copied head and moves it
    audit.record(
        session,
        "db.copy",
        "ledger",
        None,
        after={"from": source_shown, "rows": {t: n for t, n in counts.items() if n}},
    )
    session.flush()
    reset_sequences(dst)
    return sum(counts.values())


# --- the target -------------------------------------------------------------------------


def _usable_path(text: str, side: str) -> Path:
    """A file path that can be asked about (Path.exists() raises for some, such as a name
    too long for the file system)."""
    if not text.strip():
        raise Refused(f"{side}: 路径为空", f"{side}: the path is empty")
    path = Path(text)
    try:
        os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        pass
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise Refused(
            f"{side}: 无法使用此路径：{text!r}（{reason}）",
            f"{side}: cannot use the path {text!r} ({reason})",
        ) from None
    return path


def _file_target(text: str) -> Path:
    """A new file's path, refused when something is there already (nothing is written)."""
    path = _usable_path(text, "TARGET")
    if path.exists() or path.is_symlink():
        raise Refused(
            f"TARGET: {path} 已存在，不会覆盖", f"TARGET: {path} already exists; not overwriting"
        )
    if not path.parent.is_dir():
        raise Refused(
            f"TARGET: 目录不存在：{path.parent}", f"TARGET: no such directory: {path.parent}"
        )
    if not os.access(path.parent, os.W_OK):
        raise Refused(
            f"TARGET: 无法在 {path.parent} 中写入", f"TARGET: cannot write in {path.parent}"
        )
    return path


def _not_empty(schema: str) -> Refused:
    return Refused(
        f"TARGET: 支部 {schema} 的账本已有数据，不会覆盖（只能复制到新建的或仅经过 init 的支部）",
        f"TARGET: branch {schema} already holds a ledger with data; it is left untouched"
        " (copy into a new branch, or one that only went through init)",
    )


def _require_only_init(conn: Connection, schema: str) -> None:
    """Refuse a branch holding anything beyond what `init` (or `branch create`) wrote."""
    from sqlalchemy import exists, select

    for table in copy_order():
        if table.name in ("branch_setting", "audit_log"):
            continue
        if conn.execute(select(exists().select_from(table))).scalar():
            raise _not_empty(schema)
    keys = {k for (k,) in conn.exec_driver_sql("SELECT key FROM branch_setting")}
    if keys - INIT_SETTINGS - {"audit_head"}:
        raise _not_empty(schema)
    total, other = conn.exec_driver_sql(
        "SELECT COUNT(*), SUM(CASE WHEN action = 'setting.set'"
        " AND table_name = 'branch_setting' THEN 0 ELSE 1 END) FROM audit_log"
    ).one()
    if other or total > len(INIT_SETTINGS):
        raise _not_empty(schema)
    # a branch's own role may not delete audit entries (store/branches.py keeps the trail
    # append-only for it) nor move sequences; asked first, so the refusal is one clear line
    # and not the server's "permission denied" half-way through
    lacking = conn.exec_driver_sql(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = current_schema() AND ("
        " (c.relkind = 'r' AND c.relname != 'alembic_version'"
        "  AND NOT has_table_privilege(c.oid, 'DELETE'))"
        " OR (c.relkind = 'S' AND NOT has_sequence_privilege(c.oid, 'UPDATE')))"
        " ORDER BY c.relname LIMIT 1"
    ).scalar()
    if lacking is not None:
        raise Refused(
            f"TARGET: 此角色无权清空支部 {schema} 中 init 写入的内容（{lacking}；审计记录对支部"
            f"只可追加）；请上级党委用自己的角色运行 dangwu db copy 来源 '…?branch={schema}'",
            f"TARGET: this role may not empty what init wrote in branch {schema} ({lacking};"
            " the audit trail is append-only for a branch); the higher committee runs"
            f" `dangwu db copy SOURCE '…?branch={schema}'` with its own role",
        )


def _server_target(
    address: ServerAddress,
    src: Connection,
    source_shown: str,
    advance: Progress,
    notices: list[str],
) -> tuple[int, str]:
    from sqlmodel import Session

    from .server import ServerLedger, _InTransaction, _revision, _schema_of, create_server

    schema = _schema_of(address)
    probe = ServerLedger(address, schema)
    try:
        with probe.engine.connect() as conn:
            found = _revision(conn)
            conn.rollback()
    finally:
        probe.dispose()
    copied = 0
    if found is None:
        # no ledger yet: migrations and rows in create_server's one transaction

        def fill(ledger: ServerLedger) -> None:
            nonlocal copied
            assert isinstance(ledger, _InTransaction)
            with ledger.write() as session:
                copied = _fill(session, src, source_shown, advance)

        made = create_server(address, fill)
        made.dispose()
        return copied, made.location
    from .server import open_server

    ledger = open_server(address)  # an older schema is upgraded first, as any command does
    notices += ledger.notices
    try:
        from .seal import sealing_session

        with (
            Session(ledger.engine, expire_on_commit=False) as session,
            session.begin(),
            sealing_session(session),
        ):
            # the branch's write lock is taken as this transaction begins: nobody writes
            # between the check and the copy
            dst = session.connection()
            _require_only_init(dst, schema)
            for table in reversed(copy_order()):
                dst.execute(table.delete())
            copied = _fill(session, src, source_shown, advance)
    finally:
        ledger.dispose()
    return copied, ledger.location


def copy_ledger(source: str, target: str, progress: Any = None) -> Copied:
    """Copy the ledger at `source` into the new ledger `target` (paths or server URLs).

    `progress` is a rich Progress (or None); it is advanced as rows are copied."""
    # an error while rows flow comes from either side; name the server when only one is
    # (with two servers, the target: the source's own errors surface while it is opened)
    server = target if is_server(target) else source if is_server(source) else None
    side = "TARGET" if server == target else "SOURCE"
    with _labelled(side):
        address = parse_server(server) if server else None  # a malformed URL: one line
    with _server_errors(address, side) if address else _nothing():
        return _copy(source, target, progress)


def _copy(source: str, target: str, progress: Any) -> Copied:
    if not is_server(target):
        path = _file_target(target)  # refused before the source is opened (and upgraded)
    source_shown = shown(source)
    notices: list[str] = []
    with _source_snapshot(source, notices) as src:
        _refuse_tampered(src)
        total = sum(count_rows(src).values())
        advance: Progress = _ignore
        if progress is not None:
            task = progress.add_task("复制" if _zh() else "copying", total=total)

            def advance(n: int) -> None:
                progress.advance(task, n)

        if is_server(target):
            address = parse_server(target)
            with _labelled("TARGET"), _server_errors(address, "TARGET"):
                copied, where = _server_target(address, src, source_shown, advance, notices)
            return Copied(copied, where, tuple(notices))
        from .ledger import Ledger, create_ledger

        copied = 0

        def fill(ledger: Ledger) -> None:
            nonlocal copied
            with ledger.write() as session:
                copied = _fill(session, src, source_shown, advance)

        with _labelled("TARGET"):
            create_ledger(path, fill).dispose()
        return Copied(copied, str(path), tuple(notices))


def _refuse_tampered(src: Connection) -> None:
    """The copy is sealed afresh (copy_seals), which would hide a row changed outside
    dangwu in the source: such a source is refused, naming the first row."""
    from .reader import SessionReader
    from .seal import problems

    for check, table, key, _details in problems(SessionReader(src)):
        raise Refused(
            f"SOURCE: {table} 第 {key} 行在 dangwu 之外被改动（{check}），先运行 dangwu db check 核对",
            f"SOURCE: {table} row {key} was changed outside dangwu ({check}); run"
            " `dangwu db check` on it first",
        )


def _ignore(n: int) -> None:
    pass


@contextmanager
def _nothing() -> Iterator[None]:
    yield


def _zh() -> bool:
    from ..i18n import get_lang

    return get_lang() == "zh"
