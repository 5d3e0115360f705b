"""Bulk inserts for imports: plain DB-API executemany inside the session's transaction.

SQLAlchemy's ORM bulk insert with RETURNING spent most of a 240,000-row dues import; on
SQLite the rows go straight to the driver with ids assigned here (the writer holds the
write lock, so MAX(id) cannot move underneath it). On PostgreSQL the ids are drawn from the
table's sequence in one query and the rows go in by COPY: Core's multi-row INSERT …
RETURNING took 7.1 of the 9.4 s of a 48,000-row dues import, most of it in building and
splitting the statement's text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlmodel import Session


def _value(v: Any) -> Any:
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, bool):
        return int(v)
    return v


def bulk_insert(
    session: Session, table: str, columns: Sequence[str], rows: Sequence[Mapping[str, Any]]
) -> list[int]:
    """Insert `rows` (dicts with `columns`) into `table`; returns their new ids, in order.

    With "id" among `columns` the rows keep the ids they bring (the audit trail numbers its
    entries itself, because each hash covers the id)."""
    if not rows:
        return []
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        return _copy_rows(conn, table, columns, rows)
    if "id" in columns:
        if conn.dialect.name == "sqlite":
            raw = conn.connection.driver_connection
            assert raw is not None  # a live pysqlite connection (the session holds it open)
            cols = ", ".join(f'"{c}"' for c in columns)
            marks = ", ".join("?" for _ in columns)
            raw.executemany(
                f'INSERT INTO "{table}" ({cols}) VALUES ({marks})',
                (tuple(_value(r.get(c)) for c in columns) for r in rows),
            )
        else:
            from sqlalchemy import insert
            from sqlmodel import SQLModel

            t = SQLModel.metadata.tables[table]
            conn.execute(insert(t), [{c: r.get(c) for c in columns} for r in rows])
        return [r["id"] for r in rows]
    if conn.dialect.name != "sqlite":
        from sqlalchemy import insert
        from sqlmodel import SQLModel

        t = SQLModel.metadata.tables[table]
        stmt = insert(t).returning(t.c.id, sort_by_parameter_order=True)
        return list(conn.execute(stmt, [{c: r.get(c) for c in columns} for r in rows]).scalars())
    raw = conn.connection.driver_connection
    assert raw is not None  # a live pysqlite connection (the session holds it open)
    start = raw.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"').fetchone()[0]
    cols = ", ".join(f'"{c}"' for c in ("id", *columns))
    marks = ", ".join("?" for _ in range(len(columns) + 1))
    raw.executemany(
        f'INSERT INTO "{table}" ({cols}) VALUES ({marks})',
        ((start + i, *(_value(r.get(c)) for c in columns)) for i, r in enumerate(rows, start=1)),
    )
    return list(range(start + 1, start + 1 + len(rows)))


def _copy_rows(
    conn: Any, table: str, columns: Sequence[str], rows: Sequence[Mapping[str, Any]]
) -> list[int]:
    return copy_rows(conn.connection.driver_connection, table, columns, rows)


def copy_rows(
    raw: Any, table: str, columns: Sequence[str], rows: Sequence[Mapping[str, Any]]
) -> list[int]:
    """PostgreSQL, on a psycopg connection: ids from the sequence (unless the rows bring
    theirs), rows by COPY."""
    if "id" in columns:
        ids = [r["id"] for r in rows]
        names = list(columns)
    else:
        # one round trip for all the ids; sorted, so the rows keep their order in the ids
        ids = sorted(
            n
            for (n,) in raw.execute(
                "SELECT nextval(pg_get_serial_sequence(quote_ident(current_schema()) || '.'"
                " || quote_ident(%s), 'id')) FROM generate_series(1, %s)",
                (table, len(rows)),
            ).fetchall()
        )
        names = ["id", *columns]
    cols = ", ".join(f'"{c}"' for c in names)
    with raw.cursor().copy(f'COPY "{table}" ({cols}) FROM STDIN') as copy:
        if "id" in columns:
            for r in rows:
                copy.write_row(tuple(r.get(c) for c in columns))
        else:
            for new_id, r in zip(ids, rows, strict=True):
                copy.write_row((new_id, *(r.get(c) for c in columns)))
    return ids
