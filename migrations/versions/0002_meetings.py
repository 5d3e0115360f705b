"""Meetings with attendance, talks (谈心谈话) and yearly evaluations (民主评议).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TYPES = (
    "'general', 'committee', 'group', 'lecture', 'theme_day', 'org_life', 'evaluation', "
    "'democratic_life', 'study', 'other'"
)


def upgrade() -> None:
    op.create_table(
        "meeting",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("type", sa.String(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("topic", sa.String(), nullable=True),
        sa.Column("group_id", sa.Integer(), sa.ForeignKey("party_group.id"), nullable=True),
        sa.Column("host_id", sa.Integer(), sa.ForeignKey("person.id"), nullable=True),
        sa.Column("recorder_id", sa.Integer(), sa.ForeignKey("person.id"), nullable=True),
        sa.Column("place", sa.String(), nullable=True),
        sa.Column("minutes", sa.String(), nullable=True),
        sa.Column("resolutions", sa.String(), nullable=True),
        sa.Column("guests", sa.String(), nullable=True),
        sa.Column("expected", sa.Integer(), nullable=True),
        sa.Column("present", sa.Integer(), nullable=True),
        sa.Column("voting_expected", sa.Integer(), nullable=True),
        sa.Column("voting_present", sa.Integer(), nullable=True),
        sa.Column("quorum_met", sa.Boolean(), nullable=True),
        sa.CheckConstraint(f"type IN ({TYPES})", name="ck_meeting_type"),
        sa.CheckConstraint("status IN ('held', 'planned')", name="ck_meeting_status"),
        sa.CheckConstraint("type != 'group' OR group_id IS NOT NULL", name="ck_meeting_group"),
    )
    op.create_index("ix_meeting_held_on", "meeting", ["held_on"])
    op.create_index("ix_meeting_type_held_on", "meeting", ["type", "held_on"])
    op.create_table(
        "meeting_attendance",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("meeting_id", sa.Integer(), sa.ForeignKey("meeting.id"), nullable=False),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("person.id"), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("voting", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.String(), nullable=True),
        sa.CheckConstraint(
            "status IN ('present', 'absent', 'leave', 'exempt')", name="ck_attendance_status"
        ),
        sa.UniqueConstraint("meeting_id", "person_id", name="uq_attendance_meeting_person"),
    )
    op.create_index("ix_attendance_person", "meeting_attendance", ["person_id", "status"])
    op.create_index("ix_attendance_status", "meeting_attendance", ["status", "person_id"])
    op.create_table(
        "talk",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("person.id"), nullable=False),
        sa.Column("with_id", sa.Integer(), sa.ForeignKey("person.id"), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("topic", sa.String(), nullable=True),
    )
    op.create_index("ix_talk_person", "talk", ["person_id", "on_date"])
    op.create_index("ix_talk_with_id", "talk", ["with_id"])
    op.create_table(
        "evaluation",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("person.id"), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("grade", sa.String(), nullable=False),
        sa.Column("action", sa.String(), nullable=True),
        sa.CheckConstraint(
            "grade IN ('excellent', 'qualified', 'basic', 'unqualified')",
            name="ck_evaluation_grade",
        ),
        sa.UniqueConstraint("person_id", "year", name="uq_evaluation_person_year"),
    )
    op.create_index("ix_evaluation_year", "evaluation", ["year"])


def downgrade() -> None:
    for table in ("evaluation", "talk", "meeting_attendance", "meeting"):
        op.drop_table(table)
