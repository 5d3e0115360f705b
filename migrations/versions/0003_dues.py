"""Dues: bases, payments (with reversals), hand-overs, statements; the rule profile.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

CATEGORIES = "'in_service', 'retired', 'farmer', 'student', 'unemployed', 'other'"


def upgrade() -> None:
    op.create_table(
        "dues_base",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("person.id"), nullable=False),
        sa.Column("from_month", sa.String(), nullable=False),
        sa.Column("category", sa.String(), nullable=False),
        sa.Column("income_fen", sa.Integer(), nullable=True),
        sa.Column("fixed_fen", sa.Integer(), nullable=True),
        sa.Column("rate", sa.String(), nullable=True),
        sa.Column("due_fen", sa.Integer(), nullable=False),
        sa.CheckConstraint(f"category IN ({CATEGORIES})", name="ck_dues_base_category"),
        sa.CheckConstraint(
            "(income_fen IS NULL) != (fixed_fen IS NULL)", name="ck_dues_base_one_of"
        ),
        sa.CheckConstraint("income_fen IS NULL OR income_fen >= 0", name="ck_dues_base_income"),
        sa.CheckConstraint("fixed_fen IS NULL OR fixed_fen >= 0", name="ck_dues_base_fixed"),
        sa.CheckConstraint("due_fen >= 0", name="ck_dues_base_due"),
    )
    op.create_index("ix_dues_base_person_month", "dues_base", ["person_id", "from_month"])
    op.create_table(
        "dues_payment",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("person.id"), nullable=False),
        sa.Column("month", sa.String(), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("receipt", sa.String(), nullable=True),
        sa.Column("by_id", sa.Integer(), sa.ForeignKey("person.id"), nullable=True),
        sa.Column("note", sa.String(), nullable=True),
        sa.Column("reverses_id", sa.Integer(), sa.ForeignKey("dues_payment.id"), nullable=True),
        sa.CheckConstraint(
            "kind IN ('regular', 'voluntary', 'reversal')", name="ck_dues_payment_kind"
        ),
        sa.CheckConstraint(
            "(kind = 'reversal') = (reverses_id IS NOT NULL)", name="ck_dues_payment_reverses"
        ),
        sa.CheckConstraint("kind = 'reversal' OR amount_fen >= 0", name="ck_dues_payment_amount"),
    )
    op.create_index(
        "ix_dues_payment_person_month", "dues_payment", ["person_id", "month", "kind", "paid_on"]
    )
    op.create_index("ix_dues_payment_month", "dues_payment", ["month"])
    op.create_index("uq_dues_payment_reverses", "dues_payment", ["reverses_id"], unique=True)
    op.create_table(
        "dues_remit",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("period", sa.String(), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("receipt", sa.String(), nullable=True),
        sa.CheckConstraint("amount_fen > 0", name="ck_dues_remit_amount"),
    )
    op.create_table(
        "dues_statement",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("year", sa.Integer(), nullable=False, unique=True),
        sa.Column("published_on", sa.Date(), nullable=False),
    )
    op.create_table(
        "rule_setting",
        sa.Column("code", sa.String(), primary_key=True),
        sa.Column("every", sa.String(), nullable=True),
        sa.Column("min", sa.Integer(), nullable=True),
        sa.Column("enabled", sa.Boolean(), nullable=True),
        sa.Column("value", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "every IS NULL OR every IN ('month', 'quarter', 'half', 'year')",
            name="ck_rule_setting_every",
        ),
        sa.CheckConstraint("min IS NULL OR min >= 0", name="ck_rule_setting_min"),
    )


def downgrade() -> None:
    for table in ("rule_setting", "dues_statement", "dues_remit", "dues_payment", "dues_base"):
        op.drop_table(table)
