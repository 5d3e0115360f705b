"""The audit trail becomes a hash chain: each entry carries the previous entry's hash and its
own; existing entries are chained in id order, and the newest one's hash is kept as the head.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

import hashlib
import json

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# A frozen copy of store/audit_chain.py as of this revision: the chain written here must not
# change if that module ever does.
GENESIS = "0" * 64
HEAD_KEY = "audit_head"
CHAINED = ("id", "at", "command", "action", "table_name", "row_id", "before", "after", "reason")
BATCH = 5000


def _link(prev_hash: str, values: list) -> str:
    body = json.dumps(list(values), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{prev_hash}\n{body}".encode()).hexdigest()


def upgrade() -> None:
    op.add_column("audit_log", sa.Column("prev_hash", sa.String(), nullable=True))
    op.add_column("audit_log", sa.Column("hash", sa.String(), nullable=True))
    conn = op.get_bind()
    cols = ", ".join(CHAINED)
    prev, last_id, after = GENESIS, None, 0
    while True:
        # keyset pages: a million entries are chained without holding them all
        rows = conn.execute(
            sa.text(f"SELECT {cols} FROM audit_log WHERE id > :after ORDER BY id LIMIT {BATCH}"),
            {"after": after},
        ).all()
        if not rows:
            break
        updates = []
        for row in rows:
            digest = _link(prev, list(row))
            updates.append({"p": prev, "h": digest, "i": row[0]})
            prev, last_id = digest, row[0]
        conn.execute(
            sa.text("UPDATE audit_log SET prev_hash = :p, hash = :h WHERE id = :i"), updates
        )
        after = last_id
    if last_id is not None:
        conn.execute(
            sa.text("INSERT INTO branch_setting (key, value) VALUES (:k, :v)"),
            {"k": HEAD_KEY, "v": f"{last_id}:{prev}"},
        )


def downgrade() -> None:
    op.execute(f"DELETE FROM branch_setting WHERE key = '{HEAD_KEY}'")
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("hash")
        batch.drop_column("prev_hash")
