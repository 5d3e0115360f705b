"""Row seals and more corrections (issue 17).

A member who transferred out can come back (`member transfer-in REF`): the row of their
first stint names the row of the new one (`person.returned_as`). People, development
records, remits, evaluation results and statement publications can be voided (entered in error: kept, counted
nowhere), as meetings and talks could since 0007; a party group can be closed. Nullable
columns, plain ADD COLUMN on both backends.

`row_seal` keeps every data row's values as dangwu last wrote them,
and a trigger on every data table notes each row written in `seal_pending`, so `db check`
names a row changed, added or deleted outside dangwu (store/seal.py). The existing rows are
sealed here, as they stand.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# A frozen copy of store/seal.py's table list and canonical form as of this revision: the
# seals written here must not change if that module ever does.
SEALED = {
    "person": "id",
    "stage_event": "id",
    "party_group": "id",
    "group_membership": "id",
    "committee_role": "id",
    "meeting": "id",
    "meeting_attendance": "id",
    "talk": "id",
    "evaluation": "id",
    "dues_base": "id",
    "dues_payment": "id",
    "dues_remit": "id",
    "dues_statement": "id",
    "rule_setting": "code",
    "dev_event": "id",
    "dev_party": "id",
}


def _expression(conn, table: str) -> str:
    """As store/seal.expression: the row as canonical JSON, computed by the database."""
    if conn.dialect.name != "sqlite":
        return "CAST(to_jsonb(t) AS TEXT)"
    columns = sorted(r[1] for r in conn.execute(sa.text(f'PRAGMA table_info("{table}")')))
    return "json_object(" + ", ".join(f"'{c}', t.\"{c}\"" for c in columns) + ")"


PG_FUNCTION = """
CREATE FUNCTION dangwu_seal_note() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- the table's own schema, whatever the writer's search_path
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        EXECUTE format('INSERT INTO %I.seal_pending (tbl, row_key) VALUES ($1, $2)',
                       TG_TABLE_SCHEMA) USING TG_TABLE_NAME, to_jsonb(OLD) ->> TG_ARGV[0];
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        EXECUTE format('INSERT INTO %I.seal_pending (tbl, row_key) VALUES ($1, $2)',
                       TG_TABLE_SCHEMA) USING TG_TABLE_NAME, to_jsonb(NEW) ->> TG_ARGV[0];
    END IF;
    RETURN NULL;
END $$"""


def _triggers(dialect: str) -> list[str]:
    out: list[str] = []
    for table, key in SEALED.items():
        if dialect == "postgresql":
            out.append(
                f"CREATE TRIGGER seal_{table} AFTER INSERT OR UPDATE OR DELETE ON {table}"
                f" FOR EACH ROW EXECUTE FUNCTION dangwu_seal_note('{key}')"
            )
            continue
        note = "INSERT INTO seal_pending (tbl, row_key) VALUES ('{t}', {v}.{k});"
        for event, rows in (("INSERT", ("NEW",)), ("UPDATE", ("OLD", "NEW")), ("DELETE", ("OLD",))):
            body = " ".join(note.format(t=table, v=v, k=key) for v in rows)
            out.append(
                f"CREATE TRIGGER seal_{table}_{event.lower()} AFTER {event} ON {table}"
                f" FOR EACH ROW BEGIN {body} END"
            )
    return out


VOIDABLE = ("person", "dev_event", "dues_remit", "evaluation", "dues_statement")


def upgrade() -> None:
    for table in VOIDABLE:
        op.add_column(table, sa.Column("voided_on", sa.Date(), nullable=True))
        op.add_column(table, sa.Column("void_reason", sa.String(), nullable=True))
    op.add_column("party_group", sa.Column("closed_on", sa.Date(), nullable=True))
    # a member who transferred out and came back: the first stint's row names the new one
    op.add_column("person", sa.Column("returned_as", sa.Integer(), nullable=True))
    # the seals are taken after the new columns exist, so they hold them
    op.create_table(
        "row_seal",
        sa.Column("tbl", sa.String(), nullable=False),
        sa.Column("row_key", sa.String(), nullable=False),
        sa.Column("vals", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("tbl", "row_key"),
    )
    op.create_table(
        "seal_pending",
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("tbl", sa.String(), nullable=False),
        sa.Column("row_key", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("seq"),
    )
    conn = op.get_bind()
    for table, key in SEALED.items():
        row_key = f"CAST(t.{key} AS TEXT)" if key == "id" else f't."{key}"'
        conn.execute(
            sa.text(
                f"INSERT INTO row_seal (tbl, row_key, vals) SELECT :t, {row_key},"
                f' {_expression(conn, table)} FROM "{table}" t'
            ),
            {"t": table},
        )
    dialect = conn.dialect.name
    if dialect == "postgresql":
        op.execute(PG_FUNCTION)
    for statement in _triggers(dialect):
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in SEALED:
        if dialect == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS seal_{table} ON {table}")
        else:
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS seal_{table}_{event}")
    if dialect == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS dangwu_seal_note()")
    op.drop_table("seal_pending")
    op.drop_table("row_seal")
    with op.batch_alter_table("party_group") as batch:
        batch.drop_column("closed_on")
    with op.batch_alter_table("person") as batch:
        batch.drop_column("returned_as")
    for table in VOIDABLE:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("void_reason")
            batch.drop_column("voided_on")
