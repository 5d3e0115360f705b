"""Bulk inserts for imports: plain DB-API executemany inside the session's transaction.

SQLAlchemy's ORM bulk insert with RETURNING spent most of a 240,000-row dues import; on
SQLite the rows go straight to the driver with ids assigned here (the writer holds the
write lock, so MAX(id) cannot move underneath it). Other databases use SQLAlchemy Core.
"""

from __future__ import annotations

from collections.abc import Sequence
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
    session: Session, table: str, columns: Sequence[str], rows: Sequence[dict[str, Any]]
) -> list[int]:
    """Insert `rows` (dicts with `columns`) into `table`; returns their new ids, in order.

    With "id" among `columns` the rows keep the ids they bring (the audit trail numbers its
    entries itself, because each hash covers the id)."""
    if not rows:
        return []
    conn = session.connection()
    if "id" in columns:
        if conn.dialect.name == "sqlite":
            raw = conn.connection.driver_connection
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
    start = raw.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"').fetchone()[0]
    cols = ", ".join(f'"{c}"' for c in ("id", *columns))
    marks = ", ".join("?" for _ in range(len(columns) + 1))
    raw.executemany(
        f'INSERT INTO "{table}" ({cols}) VALUES ({marks})',
        ((start + i, *(_value(r.get(c)) for c in columns)) for i, r in enumerate(rows, start=1)),
    )
    return list(range(start + 1, start + 1 + len(rows)))
