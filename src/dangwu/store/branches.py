"""Branches on a PostgreSQL server, set up by the higher committee's role.

`create_branch` makes, in one transaction: the branch's schema (owned by the role running
it, so the branch cannot change its own tables' structure or grants), the ledger's tables
there (the same migrations as a file), the branch settings, and the grants that let the
branch's role read and write its rows and nothing else:

- USAGE on its schema only (another branch's schema gives "permission denied");
- SELECT, INSERT, UPDATE, DELETE on its tables, but only SELECT and INSERT on the audit
  trail: the server itself keeps the trail append-only for the branch;
- the schema as the role's search_path, so the branch's URL needs no ?branch=.

The owner must be a plain login role: not a superuser, not one that may create roles (it
could grant itself another branch's role), replicate (a copy of the whole cluster) or own
the database, not a member of the committee's role or another branch's, and not of the
predefined roles that read every table, every session's SQL (with its values) or the
server's files, or cancel other sessions.

PostgreSQL shows every role of a database its catalog: other branches' schema names (the
branch codes), table names, sizes and estimated row counts (pg_namespace, pg_class) cannot
be hidden, so codes should say nothing (b01, b02; the names live in `dangwu.branch`, which
only the committee reads). The statistics views count each table's rows and writes
exactly; a superuser running `branch create` revokes them from PUBLIC in this database
(pg_read_all_stats keeps them, for monitoring), which no other role may do.

The registry `dangwu.branch` lists the branches for `--all-branches` and `branch list`.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, text

from ..errors import Refused
from .address import ServerAddress, check_branch_name
from .server import ServerLedger, _InTransaction, _revision, server_engine

REGISTRY = """CREATE TABLE IF NOT EXISTS dangwu.branch (
    code text PRIMARY KEY,
    name text NOT NULL,
    owner text NOT NULL,
    created_on date NOT NULL)"""


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _grants(conn: Connection, schema: str, role: str) -> None:
    s, r = quote_ident(schema), quote_ident(role)
    for statement in (
        f"GRANT USAGE ON SCHEMA {s} TO {r}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {s} TO {r}",
        f"REVOKE UPDATE, DELETE ON {s}.audit_log FROM {r}",
        f"REVOKE INSERT, UPDATE, DELETE ON {s}.alembic_version FROM {r}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {s} TO {r}",
        # tables a later migration adds (run by this same role) are granted as well
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {s} GRANT SELECT, INSERT, UPDATE, DELETE"
        f" ON TABLES TO {r}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {s} GRANT USAGE, SELECT ON SEQUENCES TO {r}",
        f"ALTER ROLE {r} SET search_path = {s}",
    ):
        conn.exec_driver_sql(statement)


def _check_owner(conn: Connection, owner: str) -> None:
    """A branch's role is its own: not the higher committee's, not a superuser (who reads
    every branch anyway), and not another branch's (its search path would move)."""
    me, superuser = conn.execute(
        text("SELECT current_user, (SELECT rolsuper FROM pg_roles WHERE rolname = :r)"),
        {"r": owner},
    ).one()
    if owner == me or superuser:
        raise Refused(
            f"--owner: {owner} 是上级党委的角色或超级用户；每个支部应有自己的登录角色",
            f"--owner: {owner} is the higher committee's own role or a superuser; each"
            " branch needs a login role of its own",
        )
    taken = None
    if conn.exec_driver_sql("SELECT to_regclass('dangwu.branch')").scalar():
        taken = conn.execute(
            text("SELECT code FROM dangwu.branch WHERE owner = :r"), {"r": owner}
        ).scalar()
    if taken is None:
        # a search path set by hand, or by a branch whose registry row is gone
        taken = conn.execute(
            text(
                "SELECT s.setconfig::text FROM pg_db_role_setting s"
                " JOIN pg_roles r ON r.oid = s.setrole"
                " WHERE r.rolname = :r AND s.setconfig::text LIKE '%search_path=%'"
                " AND s.setdatabase IN (0, (SELECT oid FROM pg_database"
                " WHERE datname = current_database()))"
            ),
            {"r": owner},
        ).scalar()
    if taken is not None:
        raise Refused(
            f"--owner: 角色 {owner} 已属于支部 {taken}；一个角色只能读写一个支部",
            f"--owner: role {owner} already belongs to branch {taken}; a role serves one"
            " branch only",
        )
    reach = _reach(conn, owner)
    if reach:
        raise Refused(
            f"--owner: 角色 {owner} 能{'、'.join(zh for zh, _ in reach)}，可越出本支部；"
            "支部应使用只有登录权限的普通角色",
            f"--owner: role {owner} can {', '.join(en for _, en in reach)}, beyond its own"
            " branch; a branch needs a plain login role",
        )


# predefined roles a branch's role must not be a member of: each reaches past its schema
# (pg_monitor too, through pg_read_all_stats, which it holds)
_WIDE_ROLES = {
    "pg_read_all_data": ("读取所有支部的数据", "read every branch's rows"),
    "pg_write_all_data": ("改写所有支部的数据", "write every branch's rows"),
    "pg_read_all_stats": (
        "看到其他会话的 SQL 及其中的值",
        "see other sessions' SQL and its values",
    ),
    "pg_signal_backend": ("中断其他支部的会话", "cancel other branches' sessions"),
    "pg_read_server_files": ("读取服务器上的文件", "read the server's files"),
    "pg_write_server_files": ("写入服务器上的文件", "write the server's files"),
    "pg_execute_server_program": ("在服务器上运行程序", "run programs on the server"),
}


def _reach(conn: Connection, owner: str) -> list[tuple[str, str]]:
    """What `owner` may do beyond its own branch (empty: a plain login role)."""
    createrole, replication, owns_db = conn.execute(
        text(
            "SELECT r.rolcreaterole, r.rolreplication,"
            " r.oid = (SELECT datdba FROM pg_database WHERE datname = current_database())"
            " FROM pg_roles r WHERE r.rolname = :r"
        ),
        {"r": owner},
    ).one()
    found: list[tuple[str, str]] = []
    if createrole:
        found.append(("建立和授予角色（CREATEROLE）", "create and grant roles (CREATEROLE)"))
    if replication:
        found.append(("复制整个服务器（REPLICATION）", "copy the whole server (REPLICATION)"))
    if owns_db:
        found.append(("管理整个数据库（数据库的所有者）", "manage the whole database (its owner)"))
    # the committee's role and the other branches': a member of one acts as it; and another
    # branch's role that is a member of this one would reach this branch (the committee
    # may be a member of the roles it made: PostgreSQL 16 makes it so, and it owns every
    # branch's tables anyway)
    owners = []
    if conn.exec_driver_sql("SELECT to_regclass('dangwu.branch')").scalar():
        owners = [o for (o,) in conn.execute(text("SELECT owner FROM dangwu.branch"))]
    member_of = [
        name
        for (name,) in conn.execute(
            text(
                "SELECT g.rolname FROM pg_roles g WHERE g.rolname <> :r AND ("
                " ((g.rolname = ANY(:wide) OR g.rolname = ANY(:owners) OR g.rolname = current_user)"
                "  AND pg_has_role(:r, g.oid, 'MEMBER'))"
                " OR (g.rolname = ANY(:owners) AND pg_has_role(g.oid, :r, 'MEMBER')))"
                " ORDER BY g.rolname"
            ),
            {"r": owner, "wide": list(_WIDE_ROLES), "owners": owners},
        )
    ]
    for name in member_of:
        if name in _WIDE_ROLES:
            zh, en = _WIDE_ROLES[name]
            found.append((f"{zh}（{name}）", f"{en} ({name})"))
        else:
            found.append(
                (f"使用角色 {name} 的权限（成员关系）", f"act as role {name} (a membership)")
            )
    return found


# the statistics of each table, index, sequence and function: exact row counts and writes
_STATISTICS_VIEWS = (
    *(f"pg_stat_{s}_{w}" for s in ("all", "user", "sys") for w in ("tables", "indexes")),
    *(f"pg_statio_{s}_{w}" for s in ("all", "user", "sys") for w in ("tables", "indexes")),
    *(f"pg_statio_{s}_sequences" for s in ("all", "user", "sys")),
    *(f"pg_stat_xact_{s}_tables" for s in ("all", "user", "sys")),
    "pg_stat_user_functions",
    "pg_stat_xact_user_functions",
)


def hide_statistics(conn: Connection) -> bool:
    """Revoke the per-table statistics from PUBLIC in this database (a superuser only may;
    pg_read_all_stats keeps them); whether it was done."""
    if not conn.execute(
        text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    ).scalar():
        return False
    views = ", ".join(
        v
        for (v,) in conn.execute(
            text(
                "SELECT 'pg_catalog.' || v FROM unnest(CAST(:v AS text[])) v"
                " WHERE to_regclass('pg_catalog.' || v) IS NOT NULL"
            ),
            {"v": list(_STATISTICS_VIEWS)},
        )
    )
    # the functions behind them answer for any table's oid, which pg_class shows to all
    functions = ", ".join(
        f
        for (f,) in conn.execute(
            text(
                "SELECT CAST(CAST(p.oid AS regprocedure) AS text) FROM pg_proc p"
                " WHERE p.pronamespace = CAST('pg_catalog' AS regnamespace)"
                " AND p.proname LIKE 'pg\\_stat\\_get\\_%' AND p.pronargs = 1"
                " AND p.proargtypes[0] = CAST('oid' AS regtype)"
                " AND p.proname NOT LIKE 'pg\\_stat\\_get\\_db\\_%'"
                " AND p.proname NOT LIKE 'pg\\_stat\\_get\\_subscription%'"
            )
        )
    )
    conn.exec_driver_sql(f"REVOKE SELECT ON {views} FROM PUBLIC")
    conn.exec_driver_sql(f"GRANT SELECT ON {views} TO pg_read_all_stats")
    if functions:
        conn.exec_driver_sql(f"REVOKE EXECUTE ON FUNCTION {functions} FROM PUBLIC")
        conn.exec_driver_sql(f"GRANT EXECUTE ON FUNCTION {functions} TO pg_read_all_stats")
    return True


def create_branch(
    address: ServerAddress,
    code: str,
    owner: str,
    name: str,
    higher_org: str | None,
    today: date,
) -> ServerLedger:
    from .engine import run_migrations_on
    from .settings import initialize

    check_branch_name(code, "CODE")
    if not name.strip() or any(ord(ch) < 32 for ch in name) or len(name) > 100:
        raise Refused(
            "--name: 支部名称为空、过长或含控制字符",
            "--name: the branch name is empty, too long or has control characters",
        )
    engine = server_engine(address, code)
    try:
        with engine.begin() as conn:
            if not conn.execute(
                text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": owner}
            ).scalar():
                raise Refused(
                    f"--owner: 服务器上没有角色 {owner}；请先建立（CREATE ROLE … LOGIN PASSWORD …）",
                    f"--owner: there is no role {owner} on the server; create it first"
                    " (CREATE ROLE … LOGIN PASSWORD …)",
                )
            _check_owner(conn, owner)
            if conn.execute(
                text("SELECT 1 FROM pg_namespace WHERE nspname = :s"), {"s": code}
            ).scalar():
                raise Refused(
                    f"CODE: 服务器上已有支部 {code}，不会改动",
                    f"CODE: branch {code} already exists on the server; it is left untouched",
                )
            conn.exec_driver_sql("CREATE SCHEMA IF NOT EXISTS dangwu")
            conn.exec_driver_sql(REGISTRY)
            if conn.execute(
                text("SELECT 1 FROM dangwu.branch WHERE code = :c"), {"c": code}
            ).scalar():
                raise Refused(
                    f"CODE: 登记表 dangwu.branch 中已有 {code}，但其 schema 已不存在；"
                    "请先删除该登记行",
                    f"CODE: the registry dangwu.branch lists {code}, whose schema is gone;"
                    " delete that row first",
                )
            conn.exec_driver_sql(f"CREATE SCHEMA {quote_ident(code)}")
            assert _revision(conn) is None
            run_migrations_on(conn)
            ledger = _InTransaction(address.with_branch(code), code, conn)
            with ledger.write() as session:
                initialize(session, name, higher_org, today)
            _grants(conn, code, owner)
            hide_statistics(conn)
            conn.execute(
                text(
                    "INSERT INTO dangwu.branch (code, name, owner, created_on)"
                    " VALUES (:c, :n, :o, :d)"
                ),
                {"c": code, "n": name, "o": owner, "d": today},
            )
    finally:
        engine.dispose()
    return ServerLedger(address.with_branch(code), code)
