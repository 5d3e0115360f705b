"""Covering indexes on dues payments: amount_fen joins the (person_id, month, kind, paid_on)
index, and the month index becomes (month, kind, paid_on, amount_fen), so the dues statement
and the year's takings by month are summed from the indexes alone (index-only scans).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


# the names stay, only the columns change; no schema is named (on PostgreSQL the branch's
# schema is the search_path)
def upgrade() -> None:
    op.drop_index("ix_dues_payment_person_month", table_name="dues_payment")
    op.create_index(
        "ix_dues_payment_person_month",
        "dues_payment",
        ["person_id", "month", "kind", "paid_on", "amount_fen"],
    )
    op.drop_index("ix_dues_payment_month", table_name="dues_payment")
    op.create_index(
        "ix_dues_payment_month", "dues_payment", ["month", "kind", "paid_on", "amount_fen"]
    )


def downgrade() -> None:
    op.drop_index("ix_dues_payment_month", table_name="dues_payment")
    op.create_index("ix_dues_payment_month", "dues_payment", ["month"])
    op.drop_index("ix_dues_payment_person_month", table_name="dues_payment")
    op.create_index(
        "ix_dues_payment_person_month", "dues_payment", ["person_id", "month", "kind", "paid_on"]
    )
