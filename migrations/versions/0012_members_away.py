"""The branch as an organisation, continued (issue 20): elections and terms, members working
or studying away and their reports, members out of contact.

- `committee_election`: a 换届 (the day, the term in years, the general meeting, the higher
  committee's approval of an early or late election).
- `member_away`: a 流动党员 from a day, where to, with a 流动党员活动证 or 证明信, back on a day.
- `away_report`: a written report of a member away to the home branch (`away_report`).
- `member_lost`: a member out of contact (失联) since a day, with the reason; found on a day.

New tables only, each with the row-seal triggers of 0008.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

NEW_TABLES = ("committee_election", "member_away", "away_report", "member_lost")


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


def _void_columns() -> list[sa.Column]:
    return [
        sa.Column("voided_on", sa.Date(), nullable=True),
        sa.Column("void_reason", sa.String(), nullable=True),
    ]


def upgrade() -> None:
    conn = op.get_bind()
    op.create_table(
        "committee_election",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("years", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("approved_on", sa.Date(), nullable=True),
        sa.Column("note", sa.String(), nullable=True),
        *_void_columns(),
        sa.CheckConstraint("years > 0", name="ck_committee_election_years"),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "member_away",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("place", sa.String(), nullable=False),
        sa.Column("from_on", sa.Date(), nullable=False),
        sa.Column("until_on", sa.Date(), nullable=True),
        sa.Column("back_on", sa.Date(), nullable=True),
        sa.Column("certificate", sa.String(), nullable=True),
        sa.Column("kind", sa.String(), nullable=False),
        *_void_columns(),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_member_away_person", "member_away", ["person_id"])
    op.create_table(
        "away_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("note", sa.String(), nullable=True),
        *_void_columns(),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_away_report_person", "away_report", ["person_id"])
    op.create_table(
        "member_lost",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("since", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("found_on", sa.Date(), nullable=True),
        sa.Column("note", sa.String(), nullable=True),
        *_void_columns(),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_member_lost_person", "member_lost", ["person_id"])
    for table in NEW_TABLES:
        for statement in _triggers(conn.dialect.name, table):
            op.execute(statement)


def downgrade() -> None:
    for table in reversed(NEW_TABLES):
        op.drop_table(table)
