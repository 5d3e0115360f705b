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


def create_branch(
    address: ServerAddress,
    code: str,
    owner: str,
    name: str,
    higher_org: str | None,
    today: date,
) -> ServerLedger:
    from ..services.settings import initialize
    from .engine import run_migrations_on

    check_branch_name(code, "CODE")
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
            if conn.execute(
                text("SELECT 1 FROM pg_namespace WHERE nspname = :s"), {"s": code}
            ).scalar():
                raise Refused(
                    f"CODE: 服务器上已有支部 {code}，不会改动",
                    f"CODE: branch {code} already exists on the server; it is left untouched",
                )
            conn.exec_driver_sql("CREATE SCHEMA IF NOT EXISTS dangwu")
            conn.exec_driver_sql(REGISTRY)
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
