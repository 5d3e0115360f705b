"""Development of new members: dated steps and records, contacts and introducers; an index
on the audit trail by table and row.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

KINDS = (
    "'apply', 'activist', 'candidate', 'admit', 'approve_admission', 'convert', "
    "'approve_conversion', 'extend', 'drop', 'talk', 'review', 'thought_report', 'training', "
    "'political_review', 'pre_review', 'public_notice', 'oath'"
)


def upgrade() -> None:
    op.create_table(
        "dev_event",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("person.id"), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("by_id", sa.Integer(), sa.ForeignKey("person.id"), nullable=True),
        sa.Column("hours", sa.Float(), nullable=True),
        sa.Column("until_date", sa.Date(), nullable=True),
        sa.Column("note", sa.String(), nullable=True),
        sa.Column("meeting_id", sa.Integer(), sa.ForeignKey("meeting.id"), nullable=True),
        sa.Column("votes_for", sa.Integer(), nullable=True),
        sa.Column("votes_against", sa.Integer(), nullable=True),
        sa.Column("votes_abstain", sa.Integer(), nullable=True),
        sa.Column("months", sa.Integer(), nullable=True),
        sa.Column("recommendation", sa.String(), nullable=True),
        sa.Column("forced_reason", sa.String(), nullable=True),
        sa.CheckConstraint(f"kind IN ({KINDS})", name="ck_dev_event_kind"),
        sa.CheckConstraint(
            "until_date IS NULL OR until_date >= on_date", name="ck_dev_event_until"
        ),
        sa.CheckConstraint("hours IS NULL OR hours > 0", name="ck_dev_event_hours"),
    )
    op.create_index("ix_dev_event_person", "dev_event", ["person_id", "on_date"])
    op.create_table(
        "dev_party",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("event_id", sa.Integer(), sa.ForeignKey("dev_event.id"), nullable=False),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("person.id"), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.CheckConstraint("role IN ('contact', 'introducer')", name="ck_dev_party_role"),
        sa.UniqueConstraint("event_id", "person_id", name="uq_dev_party_event_person"),
    )
    op.create_index("ix_dev_party_person_id", "dev_party", ["person_id"])
    # db check looks up the audit entry of every row
    op.create_index("ix_audit_log_table_row", "audit_log", ["table_name", "row_id"])


def downgrade() -> None:
    op.drop_index("ix_audit_log_table_row", "audit_log")
    op.drop_table("dev_party")
    op.drop_table("dev_event")
