"""What the printed papers need that the ledger did not keep (issue 19).

- `meeting.from_time`, `meeting.to_time`: the hours of a meeting ("14:30"), for the head of
  the 会议记录 (place and resolution had columns already).
- `person.occupation`: the 职业 of the 党内统计年报 (national categories), optional.
- `person.letter_valid_days`, `person.letter_receipt_on`: a transfer letter's validity
  (有效期, default 30 days) and the day its 回执 came back (`member receipt`).

Nullable columns, plain ADD COLUMN on both backends. The two tables are resealed as 0009
does: a row whose seal matched its values before is sealed afresh, a row already changed
outside dangwu keeps its old seal.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

COLUMNS = {
    "meeting": (("from_time", sa.String()), ("to_time", sa.String())),
    "person": (
        ("occupation", sa.String()),
        ("letter_valid_days", sa.Integer()),
        ("letter_receipt_on", sa.Date()),
    ),
}


def _expression(conn, table: str) -> str:
    """As 0008 (a frozen copy): the row as canonical JSON, computed by the database."""
    if conn.dialect.name != "sqlite":
        return "CAST(to_jsonb(t) AS TEXT)"
    columns = sorted(r[1] for r in conn.execute(sa.text(f'PRAGMA table_info("{table}")')))
    return "json_object(" + ", ".join(f"'{c}', t.\"{c}\"" for c in columns) + ")"


def _sealed_as_written(conn, table: str) -> list[str]:
    return [
        r[0]
        for r in conn.execute(
            sa.text(
                f'SELECT s.row_key FROM row_seal s JOIN "{table}" t'
                f" ON CAST(t.id AS TEXT) = s.row_key"
                f" WHERE s.tbl = :t AND s.vals = {_expression(conn, table)}"
            ),
            {"t": table},
        )
    ]


def _reseal(conn, table: str, keys: list[str]) -> None:
    expr = _expression(conn, table)
    for i in range(0, len(keys), 500):
        chunk = keys[i : i + 500]
        marks = ", ".join(f":k{j}" for j in range(len(chunk)))
        conn.execute(
            sa.text(
                f'UPDATE row_seal SET vals = (SELECT {expr} FROM "{table}" t'
                f" WHERE CAST(t.id AS TEXT) = row_seal.row_key)"
                f" WHERE tbl = :t AND row_key IN ({marks})"
            ),
            {"t": table, **{f"k{j}": k for j, k in enumerate(chunk)}},
        )


def upgrade() -> None:
    conn = op.get_bind()
    keep = {t: _sealed_as_written(conn, t) for t in COLUMNS}
    for table, columns in COLUMNS.items():
        for name, kind in columns:
            op.add_column(table, sa.Column(name, kind, nullable=True))
    for table, keys in keep.items():
        _reseal(conn, table, keys)


def downgrade() -> None:
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table) as batch:
            for name, _ in columns:
                batch.drop_column(name)
