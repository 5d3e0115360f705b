"""Meetings and talks can be voided: a record entered in error stays in the ledger, marked
with the day it was voided and why, and counts nowhere (issue 17). Two nullable columns on
each table; existing rows are not voided.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

TABLES = ("meeting", "talk")


def upgrade() -> None:
    # plain ADD COLUMN on both backends (no table rebuild: meetings are referenced by
    # attendance and development votes)
    for table in TABLES:
        op.add_column(table, sa.Column("voided_on", sa.Date(), nullable=True))
        op.add_column(table, sa.Column("void_reason", sa.String(), nullable=True))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("void_reason")
            batch.drop_column("voided_on")
