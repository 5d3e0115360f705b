"""Every date, month, period, code and amount a report reads is checked by the database
(issue 23).

On a server a branch's role writes its own rows, with any SQL it likes: one `UPDATE person
SET birth_date = 'infinity'` made every report of that branch fail ("date too large"), and
with it the higher committee's roll-up of all branches. The columns now refuse what dangwu
never writes:

- every date: a real day from 1900-01-01 to 2200-12-31 (parse.py's years, with a century of
  room for the days dangwu computes from typed ones); on PostgreSQL the date type makes it
  a day and the range refuses 'infinity'; on SQLite, which keeps text, `date(x, '+0 days')`
  must give the text back unchanged;
- months (YYYY-MM) and periods (2026, 2026Q3, 2026H1, 2026-11) in the same years;
- the codes a member away carries (`card`, `letter`) and why a member lost contact (the
  province's codes), as the other codes were checked from the start;
- amounts at most a billion yuan (parse.py's MAX_FEN), and a reversal's amount never above
  zero (it takes back what an entry paid).

A ledger holding a value out of bounds is not upgraded: the upgrade names the rows (table,
id, check) and leaves the ledger as it was. dangwu never wrote such a value, so someone
did outside it (`db check` names rows changed outside dangwu), and a report reading it
fails anyway; PostgreSQL's NOT VALID would keep those rows and break the promise that every
row holds a sane value, and SQLite cannot add a check without checking every row.

On PostgreSQL each table gains its checks in one ALTER TABLE. SQLite adds a check only by
making the table again from its stored CREATE TABLE text with the checks added (its
documented procedure), and with foreign keys on, which cannot be switched off inside the
migration's transaction, dropping a table other rows point at would count those rows as
violations for good. So foreign keys are deferred to the commit, the rows of every table
rebuilt are held in temporary tables and deleted, children first; each table is dropped
empty and made again under its own name, parents first, and gets its rows back; its
indexes and triggers (the row seals of 0008) are made again from their stored SQL,
unchanged, the triggers after every row is back. The deletes' notes in seal_pending are
removed (those from before stay), so nothing is taken for a write outside dangwu, and every
seal still matches: the values and the column names are the same.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-08
"""

import re

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

# A frozen copy of store/models.py's bounds and checks as of this revision
DATE_FLOOR, DATE_CEILING = "1900-01-01", "2200-12-31"
MAX_FEN = 100_000_000_000
AWAY_KINDS = ("card", "letter")
LOST_REASONS = (
    "migrant_work",
    "restructuring",
    "graduate_unknown",
    "job_change",
    "abroad",
    "moved",
    "other",
)

# parents before children: rows go back in this order and are deleted in the reverse one
DATES = {
    "person": ("birth_date", "joined_on", "left_on", "letter_receipt_on", "voided_on"),
    "party_group": ("created_on", "closed_on"),
    "stage_event": ("on_date",),
    "group_membership": ("from_on", "to_on"),
    "committee_role": ("from_on", "to_on"),
    "meeting": ("held_on", "voided_on"),
    "talk": ("on_date", "voided_on"),
    "evaluation": ("decided_on", "action_due", "action_done_on", "voided_on"),
    "dues_base": (),
    "dues_payment": ("paid_on",),
    "dues_remit": ("start", "end", "on_date", "voided_on"),
    "dues_statement": ("published_on", "voided_on"),
    "report_sent": ("on_date", "voided_on"),
    "committee_election": ("on_date", "approved_on", "voided_on"),
    "member_away": ("from_on", "until_on", "back_on", "voided_on"),
    "away_report": ("on_date", "voided_on"),
    "member_lost": ("since", "found_on", "voided_on"),
    "dev_event": ("on_date", "until_date", "voided_on"),
}
TABLES = tuple(DATES)


def _date(dialect: str, column: str) -> str:
    c = f'"{column}"'
    if dialect == "sqlite":
        return (
            f"COALESCE(date({c}, '+0 days') = {c}"
            f" AND {c} BETWEEN '{DATE_FLOOR}' AND '{DATE_CEILING}', {c} IS NULL)"
        )
    return f"{c} BETWEEN '{DATE_FLOOR}' AND '{DATE_CEILING}'"


def _month(column: str) -> str:
    c = f'"{column}"'
    return (
        f"COALESCE(length({c}) = 7 AND substr({c}, 5, 1) = '-'"
        f" AND trim(substr({c}, 1, 4) || substr({c}, 6, 2), '0123456789') = ''"
        f" AND substr({c}, 6, 2) BETWEEN '01' AND '12'"
        f" AND {c} BETWEEN '{DATE_FLOOR[:7]}' AND '{DATE_CEILING[:7]}', {c} IS NULL)"
    )


def _period(column: str) -> str:
    c = f'"{column}"'
    return (
        f"COALESCE(trim(substr({c}, 1, 4), '0123456789') = ''"
        f" AND substr({c}, 1, 4) BETWEEN '{DATE_FLOOR[:4]}' AND '{DATE_CEILING[:4]}'"
        f" AND (length({c}) = 4"
        f" OR (length({c}) = 6 AND substr({c}, 5, 2) IN ('Q1', 'Q2', 'Q3', 'Q4', 'H1', 'H2'))"
        f" OR (length({c}) = 7 AND substr({c}, 5, 1) = '-'"
        f" AND trim(substr({c}, 6, 2), '0123456789') = ''"
        f" AND substr({c}, 6, 2) BETWEEN '01' AND '12')), {c} IS NULL)"
    )


def _in(column: str, codes: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(c) for c in codes)})"


def _money(column: str, floor: int = 0) -> str:
    return f'"{column}" BETWEEN {floor} AND {MAX_FEN}'


def _checks(dialect: str) -> dict[str, list[tuple[str, str]]]:
    """table → [(constraint name, SQL)], in the order the models declare them."""
    other = {
        "dues_base": [
            ("ck_dues_base_from_month", _month("from_month")),
            ("ck_dues_base_income_max", _money("income_fen")),
            ("ck_dues_base_fixed_max", _money("fixed_fen")),
            ("ck_dues_base_due_max", _money("due_fen")),
        ],
        "dues_payment": [
            ("ck_dues_payment_reversal_amount", "kind != 'reversal' OR amount_fen <= 0"),
            ("ck_dues_payment_amount_max", _money("amount_fen", -MAX_FEN)),
            ("ck_dues_payment_month", _month("month")),
        ],
        "report_sent": [("ck_report_sent_period", _period("period"))],
        "member_away": [("ck_member_away_kind", _in("kind", AWAY_KINDS))],
        "member_lost": [("ck_member_lost_reason", _in("reason", LOST_REASONS))],
        "dues_remit": [
            ("ck_dues_remit_amount_max", _money("amount_fen")),
            ("ck_dues_remit_period", _period("period")),
        ],
    }
    return {
        table: [
            *other.get(table, []),
            *((f"ck_{table}_{c}", _date(dialect, c)) for c in columns),
        ]
        for table, columns in DATES.items()
    }


def _out_of_bounds(conn, checks: dict[str, list[tuple[str, str]]]) -> list[str]:
    """The rows that hold a value a check refuses: "table id (check)", a few per check."""
    found = []
    for table, items in checks.items():
        for name, sql in items:
            ids = conn.execute(
                sa.text(f'SELECT id FROM "{table}" WHERE NOT ({sql}) ORDER BY id LIMIT 3')
            ).fetchall()
            found += [f"{table} {i} ({name})" for (i,) in ids]
    return found


def _refuse(found: list[str]) -> None:
    from dangwu.errors import Refused

    shown = ", ".join(found[:8]) + ("…" if len(found) > 8 else "")
    raise Refused(
        f"数据结构 0013 检查每一列的取值，账本中有超出范围的值：{shown}。dangwu 不会写入这样的值"
        "（db check 列出在 dangwu 之外改动的行）；请先改正这些行，再升级，账本未作改动",
        f"schema 0013 checks the values of every column, and the ledger holds values out"
        f" of bounds: {shown}. dangwu never writes such values (db check lists the rows"
        " changed outside dangwu): correct these rows, then upgrade again; the ledger is"
        " unchanged",
    )


def _added(items: list[tuple[str, str]]) -> str:
    return "".join(f", CONSTRAINT {name} CHECK ({sql})" for name, sql in items)


def _with_checks(table: str, create: str, items: list[tuple[str, str]]) -> str:
    """The table's stored CREATE TABLE text with the checks at its end."""
    body = create.rstrip()
    if not re.match(r'CREATE TABLE\s+("?)' + re.escape(table) + r"\1\s*\(", body) or not (
        body.endswith(")")
    ):
        raise RuntimeError(f"0013: cannot read the definition of {table}: {create[:80]!r}")
    end = len(body[:-1].rstrip())  # the checks go after the last clause, before its ")"
    return body[:end] + _added(items) + body[end:]


def _without_checks(table: str, create: str, items: list[tuple[str, str]]) -> str:
    added = _added(items)
    if added not in create:
        raise RuntimeError(f"0013: the checks of {table} are not the ones this revision added")
    return create.replace(added, "")


def _rebuild_sqlite(conn, new_definition) -> None:
    """Rebuild every table of TABLES with the CREATE TABLE text new_definition(table, text)
    gives, its rows, indexes and triggers unchanged (see the module's docstring)."""
    run = conn.exec_driver_sql
    run("PRAGMA defer_foreign_keys = ON")
    kept = {}
    for table in TABLES:
        create = conn.execute(
            sa.text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = :t"),
            {"t": table},
        ).scalar_one()
        others = conn.execute(
            sa.text(
                "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = :t"
                " AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY type, name"
            ),
            {"t": table},
        ).fetchall()
        columns = ", ".join(f'"{r[1]}"' for r in run(f'PRAGMA table_info("{table}")'))
        kept[table] = (create, others, columns)
        run(f'CREATE TEMP TABLE "_hold_{table}" AS SELECT * FROM main."{table}"')
    # the deletes are noted by the seal triggers (dropped with their tables): the notes go
    mark = conn.exec_driver_sql("SELECT COALESCE(MAX(seq), 0) FROM seal_pending").scalar()
    for table in reversed(TABLES):
        run(f'DELETE FROM "{table}"')
    run(f"DELETE FROM seal_pending WHERE seq > {int(mark)}")
    for table in TABLES:
        create, others, columns = kept[table]
        run(f'DROP TABLE "{table}"')
        run(new_definition(table, create))
        run(
            f'INSERT INTO "{table}" ({columns}) SELECT {columns} FROM temp."_hold_{table}"'
            " ORDER BY id"
        )
        run(f'DROP TABLE temp."_hold_{table}"')
        for kind, _, sql in others:
            if kind == "index":
                run(sql)
    for table in TABLES:
        for kind, _, sql in kept[table][1]:
            if kind == "trigger":
                run(sql)


def upgrade() -> None:
    conn = op.get_bind()
    dialect = conn.dialect.name
    checks = _checks(dialect)
    found = _out_of_bounds(conn, checks)
    if found:
        _refuse(found)
    if dialect == "sqlite":
        _rebuild_sqlite(conn, lambda t, create: _with_checks(t, create, checks[t]))
        return
    for table, items in checks.items():
        adds = ", ".join(f"ADD CONSTRAINT {name} CHECK ({sql})" for name, sql in items)
        op.execute(f'ALTER TABLE "{table}" {adds}')


def downgrade() -> None:
    conn = op.get_bind()
    dialect = conn.dialect.name
    checks = _checks(dialect)
    if dialect == "sqlite":
        _rebuild_sqlite(conn, lambda t, create: _without_checks(t, create, checks[t]))
        return
    for table, items in checks.items():
        drops = ", ".join(f"DROP CONSTRAINT {name}" for name, _ in items)
        op.execute(f'ALTER TABLE "{table}" {drops}')
