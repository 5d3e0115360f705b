"""The whole development file and 民主评议 as a procedure (issue 18).

- `dev_event.kind` admits the steps of the 25 that had no record yet (发展细则; PEERS.md §2.5):
  `filing` (上级党委备案), `committee_review` (支部委员会审查), `application_form` (入党志愿书,
  with its `number`), `higher_talk` (上级党委派人谈话), `resolution_sent` (决议报上级党委),
  `conversion_application` (转正申请), `archive` (材料归档) and `mass_forum` (群众座谈会).
- `evaluation` keeps the evaluation meeting's tallies per member, the day the grade was
  decided, and the follow-up of an unqualified member (deadline, outcome).
- full_on of members converted inside dangwu is recomputed: 党章 art. 7 counts full
  membership (党龄) from the day probation ends, not from the conversion meeting. Each
  moved date is written to the audit trail, so `dangwu history REF` shows it.

Row seals (0008): the two tables that gain columns are resealed — each row whose seal
matched its values before the change is sealed afresh, a row already changed outside
dangwu keeps its old seal, so `db check` still names it. `dev_event` is rebuilt on SQLite
to change its CHECK constraint, which drops its triggers: they are made again.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05
"""

from datetime import date, timedelta

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

OLD_KINDS = (
    "apply",
    "activist",
    "candidate",
    "admit",
    "approve_admission",
    "convert",
    "approve_conversion",
    "extend",
    "drop",
    "talk",
    "review",
    "thought_report",
    "training",
    "political_review",
    "pre_review",
    "public_notice",
    "oath",
)
NEW_KINDS = (
    "filing",
    "committee_review",
    "application_form",
    "higher_talk",
    "resolution_sent",
    "conversion_application",
    "archive",
    "mass_forum",
)
EVALUATION_COLUMNS = (
    ("votes_excellent", sa.Integer()),
    ("votes_qualified", sa.Integer()),
    ("votes_basic", sa.Integer()),
    ("votes_unqualified", sa.Integer()),
    ("meeting_id", sa.Integer()),
    ("decided_on", sa.Date()),
    ("action_due", sa.Date()),
    ("action_done_on", sa.Date()),
    ("action_result", sa.String()),
)


def _kinds_check(kinds: tuple[str, ...]) -> str:
    return "kind IN (" + ", ".join(f"'{k}'" for k in kinds) + ")"


def _expression(conn, table: str) -> str:
    """As 0008 (a frozen copy): the row as canonical JSON, computed by the database."""
    if conn.dialect.name != "sqlite":
        return "CAST(to_jsonb(t) AS TEXT)"
    columns = sorted(r[1] for r in conn.execute(sa.text(f'PRAGMA table_info("{table}")')))
    return "json_object(" + ", ".join(f"'{c}', t.\"{c}\"" for c in columns) + ")"


def _sealed_as_written(conn, table: str) -> list[str]:
    """The keys of the rows of `table` whose seal still matches their values."""
    if conn.execute(sa.text("SELECT COUNT(*) FROM row_seal WHERE tbl = :t"), {"t": table}).scalar():
        return [
            r[0]
            for r in conn.execute(
                sa.text(
                    f'SELECT s.row_key FROM row_seal s JOIN "{table}" t'
                    f" ON CAST(t.id AS TEXT) = s.row_key"
                    f" WHERE s.tbl = :t AND s.vals = {_expression(conn, table)}"
                ),
                {"t": table},
            )
        ]
    return []


def _reseal(conn, table: str, keys: list[str]) -> None:
    expr = _expression(conn, table)
    for i in range(0, len(keys), 500):
        chunk = keys[i : i + 500]
        marks = ", ".join(f":k{j}" for j in range(len(chunk)))
        params = {f"k{j}": k for j, k in enumerate(chunk)}
        conn.execute(
            sa.text(
                f'UPDATE row_seal SET vals = (SELECT {expr} FROM "{table}" t'
                f" WHERE CAST(t.id AS TEXT) = row_seal.row_key)"
                f" WHERE tbl = :t AND row_key IN ({marks})"
            ),
            {"t": table, **params},
        )


def _sqlite_triggers(table: str) -> list[str]:
    out = []
    note = "INSERT INTO seal_pending (tbl, row_key) VALUES ('{t}', {v}.id);"
    for event, rows in (("INSERT", ("NEW",)), ("UPDATE", ("OLD", "NEW")), ("DELETE", ("OLD",))):
        body = " ".join(note.format(t=table, v=v) for v in rows)
        out.append(
            f"CREATE TRIGGER IF NOT EXISTS seal_{table}_{event.lower()} AFTER {event} ON {table}"
            f" FOR EACH ROW BEGIN {body} END"
        )
    return out


def _rebuild_dev_event(conn, kinds: tuple[str, ...], add_number: bool) -> None:
    """SQLite changes a CHECK constraint by rebuilding the table. Foreign keys are on and
    cannot be switched off inside the migration's transaction, so the rows of `dev_party`
    that point at `dev_event` are lifted out for the rebuild and put back unchanged."""
    columns = [r[1] for r in conn.execute(sa.text('PRAGMA table_info("dev_party")'))]
    parties = conn.execute(sa.text("SELECT * FROM dev_party ORDER BY id")).fetchall()
    conn.execute(sa.text("DELETE FROM dev_party"))
    with op.batch_alter_table("dev_event", recreate="always") as batch:
        batch.drop_constraint("ck_dev_event_kind", type_="check")
        batch.create_check_constraint("ck_dev_event_kind", _kinds_check(kinds))
        if add_number:
            batch.add_column(sa.Column("number", sa.String(), nullable=True))
        else:
            batch.drop_column("number")
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join(f":{c}" for c in columns)
    for row in parties:
        conn.execute(
            sa.text(f"INSERT INTO dev_party ({names}) VALUES ({marks})"),
            dict(zip(columns, row, strict=True)),
        )
    for statement in _sqlite_triggers("dev_event"):
        op.execute(statement)


def _add_months(day: date, months: int) -> date:
    """rules/periods.period_end as of this revision (民法典 art. 202), frozen."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    month += 1
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return date(year, month, min(day.day, (nxt - timedelta(days=1)).day))


def _as_date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _full_on_moves(conn) -> list[tuple[int, int, date, date]]:
    """(stage_event id, person id, old day, new day) for each conversion recorded by `dev
    convert` whose full membership should begin at the end of probation."""
    moves = []
    rows = conn.execute(
        sa.text(
            """SELECT e.person_id, e.on_date FROM dev_event e
               WHERE e.kind = 'convert' AND e.voided_on IS NULL ORDER BY e.id"""
        )
    ).fetchall()
    for pid, convert_on in rows:
        meeting = _as_date(convert_on)
        admitted = _as_date(
            conn.execute(
                sa.text(
                    """SELECT MAX(on_date) FROM dev_event WHERE person_id = :p
                       AND kind = 'admit' AND voided_on IS NULL"""
                ),
                {"p": pid},
            ).scalar()
        ) or _as_date(
            conn.execute(
                sa.text(
                    """SELECT MIN(on_date) FROM stage_event WHERE person_id = :p
                       AND stage = 'probationary'"""
                ),
                {"p": pid},
            ).scalar()
        )
        if admitted is None or meeting is None:
            continue
        months = conn.execute(
            sa.text(
                """SELECT months FROM dev_event WHERE person_id = :p AND kind = 'extend'
                   AND voided_on IS NULL ORDER BY on_date DESC, id DESC LIMIT 1"""
            ),
            {"p": pid},
        ).scalar()
        end = _add_months(admitted, 12)
        if months:
            end = _add_months(end, int(months))
        new = end if end <= meeting else meeting
        for sid, old in conn.execute(
            sa.text(
                """SELECT id, on_date FROM stage_event WHERE person_id = :p AND stage = 'full'
                   AND note = 'dev convert'"""
            ),
            {"p": pid},
        ).fetchall():
            if _as_date(old) == meeting and new != meeting:
                moves.append((sid, pid, meeting, new))
    return moves


def upgrade() -> None:
    conn = op.get_bind()
    dialect = conn.dialect.name
    keep = {t: _sealed_as_written(conn, t) for t in ("dev_event", "evaluation", "stage_event")}
    mark = conn.execute(sa.text("SELECT COALESCE(MAX(seq), 0) FROM seal_pending")).scalar()

    if dialect == "sqlite":
        _rebuild_dev_event(conn, OLD_KINDS + NEW_KINDS, add_number=True)
    else:
        op.drop_constraint("ck_dev_event_kind", "dev_event", type_="check")
        op.create_check_constraint(
            "ck_dev_event_kind", "dev_event", _kinds_check(OLD_KINDS + NEW_KINDS)
        )
        op.add_column("dev_event", sa.Column("number", sa.String(), nullable=True))
    for name, kind in EVALUATION_COLUMNS:
        op.add_column("evaluation", sa.Column(name, kind, nullable=True))

    moves = _full_on_moves(conn)
    if moves:
        from sqlalchemy.orm import Session

        from dangwu.store import audit

        session = Session(bind=conn)
        # the entries carry the upgrade as their command; the user's own command, which
        # opened the ledger, gets its name back afterwards
        previous = audit.current_command()
        audit.set_command("dangwu db upgrade (0009)")
        entries = []
        for sid, pid, old, new in moves:
            conn.execute(
                sa.text("UPDATE stage_event SET on_date = :d WHERE id = :i"), {"d": new, "i": sid}
            )
            entries.append(
                audit.entry(
                    "migrate.full_on",
                    "stage_event",
                    sid,
                    before={"person_id": pid, "stage": "full", "on_date": old},
                    after={"person_id": pid, "stage": "full", "on_date": new},
                    reason="党章第七条：党龄从预备期满转为正式党员之日算起（migration 0009）",
                )
            )
        audit.record_many(session, entries)
        session.flush()
        audit.set_command(previous)

    for table, keys in keep.items():
        _reseal(conn, table, keys)
    # what this revision wrote is sealed above, not left as a stranger's write
    conn.execute(sa.text("DELETE FROM seal_pending WHERE seq > :m"), {"m": mark})


def downgrade() -> None:
    conn = op.get_bind()
    for name, _ in EVALUATION_COLUMNS:
        with op.batch_alter_table("evaluation") as batch:
            batch.drop_column(name)
    conn.execute(sa.text(f"DELETE FROM dev_event WHERE NOT ({_kinds_check(OLD_KINDS)})"))
    if conn.dialect.name == "sqlite":
        _rebuild_dev_event(conn, OLD_KINDS, add_number=False)
    else:
        op.drop_constraint("ck_dev_event_kind", "dev_event", type_="check")
        op.create_check_constraint("ck_dev_event_kind", "dev_event", _kinds_check(OLD_KINDS))
        op.drop_column("dev_event", "number")
