"""Foundation: branch settings, people with stage history, party groups, committee, audit.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

STAGES = "'applicant', 'activist', 'candidate', 'probationary', 'full'"
CATEGORIES = "'in_service', 'retired', 'farmer', 'student', 'unemployed', 'other'"
LEFT = "'deceased', 'withdrew', 'removed', 'expelled', 'lapsed', 'transferred_out', 'dropped'"
JOIN_KINDS = "'roster', 'transfer_in', 'admitted', 'applicant'"
ROLES = "'secretary', 'deputy_secretary', 'organization', 'propaganda', 'discipline', 'youth'"


def upgrade() -> None:
    op.create_table(
        "branch_setting",
        sa.Column("key", sa.String(), primary_key=True),
        sa.Column("value", sa.String(), nullable=False),
    )
    op.create_table(
        "party_group",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(), nullable=False, unique=True),
        sa.Column("leader_id", sa.Integer(), nullable=True),
        sa.Column("created_on", sa.Date(), nullable=False),
    )
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("gender", sa.String(), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("id_number", sa.String(), nullable=True, unique=True),
        sa.Column("ethnicity", sa.String(), nullable=True),
        sa.Column("education", sa.String(), nullable=True),
        sa.Column("phone", sa.String(), nullable=True),
        sa.Column("category", sa.String(), nullable=False),
        sa.Column("unit", sa.String(), nullable=True),
        sa.Column("joined_on", sa.Date(), nullable=True),
        sa.Column("join_kind", sa.String(), nullable=False),
        sa.Column("join_org", sa.String(), nullable=True),
        sa.Column("join_letter", sa.String(), nullable=True),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.Column("left_reason", sa.String(), nullable=True),
        sa.Column("left_org", sa.String(), nullable=True),
        sa.Column("left_letter", sa.String(), nullable=True),
        sa.Column("left_note", sa.String(), nullable=True),
        sa.CheckConstraint("gender IN ('male', 'female')", name="ck_person_gender"),
        sa.CheckConstraint(f"category IN ({CATEGORIES})", name="ck_person_category"),
        sa.CheckConstraint(f"join_kind IN ({JOIN_KINDS})", name="ck_person_join_kind"),
        sa.CheckConstraint(
            f"left_reason IS NULL OR left_reason IN ({LEFT})", name="ck_person_left_reason"
        ),
        sa.CheckConstraint("(left_on IS NULL) = (left_reason IS NULL)", name="ck_person_left_pair"),
    )
    op.create_index("ix_person_name", "person", ["name"])
    with op.batch_alter_table("party_group") as batch:
        batch.create_foreign_key("fk_party_group_leader", "person", ["leader_id"], ["id"])
    op.create_table(
        "stage_event",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("person.id"), nullable=False),
        sa.Column("stage", sa.String(), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=True),
        sa.Column("note", sa.String(), nullable=True),
        sa.CheckConstraint(f"stage IN ({STAGES})", name="ck_stage_event_stage"),
    )
    op.create_index("ix_stage_event_person_on", "stage_event", ["person_id", "on_date"])
    op.create_table(
        "group_membership",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("person.id"), nullable=False),
        sa.Column("group_id", sa.Integer(), sa.ForeignKey("party_group.id"), nullable=False),
        sa.Column("from_on", sa.Date(), nullable=True),
        sa.Column("to_on", sa.Date(), nullable=True),
    )
    op.create_index("ix_group_membership_person", "group_membership", ["person_id", "from_on"])
    op.create_index("ix_group_membership_group_id", "group_membership", ["group_id"])
    op.create_table(
        "committee_role",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("person.id"), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("from_on", sa.Date(), nullable=False),
        sa.Column("to_on", sa.Date(), nullable=True),
        sa.CheckConstraint(f"role IN ({ROLES})", name="ck_committee_role_role"),
    )
    op.create_index("ix_committee_role_person_id", "committee_role", ["person_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.String(), nullable=False),
        sa.Column("command", sa.String(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("table_name", sa.String(), nullable=False),
        sa.Column("row_id", sa.Integer(), nullable=True),
        sa.Column("before", sa.String(), nullable=True),
        sa.Column("after", sa.String(), nullable=True),
        sa.Column("reason", sa.String(), nullable=True),
    )


def downgrade() -> None:
    for table in ("audit_log", "committee_role", "group_membership", "stage_event"):
        op.drop_table(table)
    with op.batch_alter_table("party_group") as batch:
        batch.drop_constraint("fk_party_group_leader", type_="foreignkey")
    op.drop_table("person")
    op.drop_table("party_group")
    op.drop_table("branch_setting")
