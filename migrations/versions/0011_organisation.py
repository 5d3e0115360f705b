"""The branch as an organisation (issue 20): the reports to the general meeting and to the
higher committee, who gave a 党课 and which committee meetings were on cadre matters.

- `report_sent`: the branch's report to the higher committee for a period (`higher_report`).
- `meeting.work_report` (the committee's work report to the general meeting),
  `meeting.speaker_id` (who gave a 党课; no key: added in place, as 0009 added
  `evaluation.meeting_id`), `meeting.cadre` (a committee meeting on cadre
  matters: two thirds to be quorate).

New tables get the row-seal triggers of 0008; the meeting table gains nullable columns and
is resealed as 0009 does.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

NEW_TABLES = ("report_sent",)
MEETING_COLUMNS = (
    ("work_report", sa.Boolean()),
    ("speaker_id", sa.Integer()),
    ("cadre", sa.Boolean()),
)


def _expression(conn, table: str) -> str:
    """As 0008 (a frozen copy): the row as canonical JSON, computed by the database."""
    if conn.dialect.name != "sqlite":
        return "CAST(to_jsonb(t) AS TEXT)"
    columns = sorted(r[1] for r in conn.execute(sa.text(f'PRAGMA table_info("{table}")')))
    return "json_object(" + ", ".join(f"'{c}', t.\"{c}\"" for c in columns) + ")"


def _triggers(dialect: str, table: str) -> list[str]:
    """As 0008 (a frozen copy) for one table keyed by id."""
    if dialect == "postgresql":
        return [
            f"CREATE TRIGGER seal_{table} AFTER INSERT OR UPDATE OR DELETE ON {table}"
            " FOR EACH ROW EXECUTE FUNCTION dangwu_seal_note('id')"
        ]
    note = "INSERT INTO seal_pending (tbl, row_key) VALUES ('{t}', {v}.id);"
    out = []
    for event, rows in (("INSERT", ("NEW",)), ("UPDATE", ("OLD", "NEW")), ("DELETE", ("OLD",))):
        body = " ".join(note.format(t=table, v=v) for v in rows)
        out.append(
            f"CREATE TRIGGER seal_{table}_{event.lower()} AFTER {event} ON {table}"
            f" FOR EACH ROW BEGIN {body} END"
        )
    return out


def upgrade() -> None:
    conn = op.get_bind()
    op.create_table(
        "report_sent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("note", sa.String(), nullable=True),
        sa.Column("voided_on", sa.Date(), nullable=True),
        sa.Column("void_reason", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    keep = [
        r[0]
        for r in conn.execute(
            sa.text(
                "SELECT s.row_key FROM row_seal s JOIN meeting t ON CAST(t.id AS TEXT) = s.row_key"
                f" WHERE s.tbl = 'meeting' AND s.vals = {_expression(conn, 'meeting')}"
            )
        )
    ]
    for name, kind in MEETING_COLUMNS:
        op.add_column("meeting", sa.Column(name, kind, nullable=True))
    expr = _expression(conn, "meeting")
    for i in range(0, len(keep), 500):
        chunk = keep[i : i + 500]
        marks = ", ".join(f":k{j}" for j in range(len(chunk)))
        conn.execute(
            sa.text(
                f"UPDATE row_seal SET vals = (SELECT {expr} FROM meeting t"
                f" WHERE CAST(t.id AS TEXT) = row_seal.row_key)"
                f" WHERE tbl = 'meeting' AND row_key IN ({marks})"
            ),
            {f"k{j}": k for j, k in enumerate(chunk)},
        )
    for table in NEW_TABLES:
        for statement in _triggers(conn.dialect.name, table):
            op.execute(statement)


def downgrade() -> None:
    with op.batch_alter_table("meeting") as batch:
        for name, _ in MEETING_COLUMNS:
            batch.drop_column(name)
    for table in reversed(NEW_TABLES):
        op.drop_table(table)
