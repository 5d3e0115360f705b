"""Branches on a PostgreSQL server, set up by the higher committee's role.

`create_branch` makes, in one transaction: the branch's schema (owned by the role running
it, so the branch cannot change its own tables' structure or grants), the ledger's tables
there (the same migrations as a file), the branch settings, and the grants that let the
branch's role read and write its rows and nothing else:

- USAGE on its schema only (another branch's schema gives "permission denied");
- SELECT, INSERT, UPDATE, DELETE on its tables, but only SELECT and INSERT on the audit
  trail: the server itself keeps the trail append-only for the branch;
- the schema as the role's search_path, so the branch's URL needs no ?branch=.

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
