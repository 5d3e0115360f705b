"""Row seals: every data row's values as dangwu last wrote them, so that `db check` can
name a row changed, added or deleted behind dangwu's back (issue 17).

The audit trail's hash chain (store/audit_chain.py) shows an edited or deleted audit entry,
but an `UPDATE dues_payment SET amount_fen = 1` left the trail intact. So:

- a trigger on every data table notes each inserted, updated or deleted row in
  `seal_pending` — any writer's, dangwu's or a stranger's (migration 0008 makes them, on a
  file and on a server alike);
- every dangwu write transaction notes where `seal_pending` stood when it began (`mark`) and,
  before it commits, seals the rows noted since (`settle`): `row_seal` keeps each row's
  values as canonical JSON, and a deleted row loses its seal;
- rows touched outside dangwu are noted before that mark and never sealed, so their seal
  keeps the values dangwu wrote, and `db check` (`problems`) compares each row with it and
  names the table, row and field.

Triggers catch every write path (the lean writers, the ORM, bulk inserts) without each
service remembering to. What this cannot see: someone who edits a row and its seal to
match, or drops the triggers and edits both — there is no secret to prevent it (the audit
chain has the same limit). A migration that adds a column to a sealed table must reseal it;
one that rebuilds a table on SQLite (batch_alter_table) must make its triggers again.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from .reader import memo

if TYPE_CHECKING:
    from .reader import Reader
    from .writer import Writer

# every data table and the column that names a row; the trail (audit_log, which has its own
# chain) and branch_setting (whose audit head changes with every write) are not sealed
SEALED: dict[str, str] = {
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
    "report_sent": "id",
    "committee_election": "id",
    "member_away": "id",
    "away_report": "id",
    "member_lost": "id",
    "dues_statement": "id",
    "rule_setting": "code",
    "dev_event": "id",
    "dev_party": "id",
}


def _has_table(r: Reader, table: str) -> bool:
    if r.dialect == "sqlite":
        sql = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :t"
    else:
        sql = "SELECT 1 WHERE to_regclass(:t) IS NOT NULL"
    return r.scalar(sql, {"t": table}) is not None


def _installed(r: Reader) -> bool:
    if r.dialect == "sqlite":
        sql = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'seal_pending'"
    else:
        sql = "SELECT 1 WHERE to_regclass('seal_pending') IS NOT NULL"
    return r.scalar(sql) is not None


def mark(w: Writer) -> int | None:
    """Where the pending notes stand as a write begins (None: a ledger before 0008)."""
    if not _installed(w):
        return None
    return int(w.scalar("SELECT COALESCE(MAX(seq), 0) FROM seal_pending"))


def _columns(r: Reader, table: str) -> list[str]:
    # memoized for the command on a read snapshot; a write asks once per table touched
    kept = memo(r, "seal_columns")
    if table not in kept:
        kept[table] = sorted(str(row[1]) for row in r.tuples(f'PRAGMA table_info("{table}")'))
    columns: list[str] = kept[table]
    return columns


def expression(r: Reader, table: str, alias: str = "t") -> str:
    """SQL giving a row's values as one canonical JSON text, computed by the database
    itself (a million rows are sealed or checked without passing through Python): on
    SQLite a json_object of every column in name order, on PostgreSQL the row's jsonb.
    Each backend compares only what it computed; `db copy` seals the copy afresh."""
    if r.dialect != "sqlite":
        return f"CAST(to_jsonb({alias}) AS TEXT)"
    pairs = ", ".join(f"'{c}', {alias}.\"{c}\"" for c in _columns(r, table))
    return f"json_object({pairs})"


def _key_sql(table: str) -> str:
    key = SEALED[table]
    return f'"{key}"' if key != "id" else "id"


def _key_text(table: str, alias: str = "t") -> str:
    """The row's key as row_seal holds it (text)."""
    k = _key_sql(table)
    return f"CAST({alias}.{k} AS TEXT)" if SEALED[table] == "id" else f"{alias}.{k}"


def _from_key(table: str, column: str) -> str:
    """row_seal's text key as the table's key, so the table's own index finds the row."""
    return f"CAST({column} AS INTEGER)" if SEALED[table] == "id" else column


def settle(w: Writer, since: int | None) -> None:
    """Seal the rows this write touched (noted after `since`), then drop those notes: the
    old seals go, the rows still there get new ones, a deleted row none."""
    if since is None:
        return
    for (table,) in w.tuples(
        "SELECT DISTINCT tbl FROM seal_pending WHERE seq > :a ORDER BY tbl", {"a": since}
    ):
        if table not in SEALED:
            continue
        noted = "SELECT row_key FROM seal_pending WHERE seq > :a AND tbl = :tbl"
        params = {"a": since, "tbl": table}
        w.execute(f"DELETE FROM row_seal WHERE tbl = :tbl AND row_key IN ({noted})", params)
        w.execute(
            f"INSERT INTO row_seal (tbl, row_key, vals) SELECT :tbl, {_key_text(table)},"
            f' {expression(w, table)} FROM "{table}" t WHERE t.{_key_sql(table)} IN'
            f" (SELECT {_from_key(table, 'row_key')} FROM seal_pending"
            " WHERE seq > :a AND tbl = :tbl)",
            params,
        )
    w.execute("DELETE FROM seal_pending WHERE seq > :a", {"a": since})


@contextmanager
def sealing(w: Writer) -> Iterator[None]:
    """Around one write transaction: what it touched is sealed before it commits."""
    since = mark(w)
    yield
    settle(w, since)


@contextmanager
def sealing_session(session: Any) -> Iterator[None]:
    """The same around an ORM session's transaction: its pending objects are flushed (and
    so noted by the triggers) before the seals are taken."""
    from .writer import SessionWriter

    w = SessionWriter(session)
    since = mark(w)
    yield
    tx = session.get_transaction()
    if tx is None or not tx.is_active:
        return  # rolled back on purpose (a --dry-run): nothing was written to seal
    session.flush()
    settle(w, since)


def seal_all(w: Writer) -> int:
    """Seal every row of every sealed table as it stands (`db reseal`, `db copy`); a table
    a ledger of an older revision does not have yet (a test sealing one) is skipped."""
    w.execute("DELETE FROM row_seal")
    w.execute("DELETE FROM seal_pending")
    for table in SEALED:
        if not _has_table(w, table):
            continue
        w.execute(
            f"INSERT INTO row_seal (tbl, row_key, vals) SELECT :tbl, {_key_text(table)},"
            f' {expression(w, table)} FROM "{table}" t',
            {"tbl": table},
        )
    return int(w.scalar("SELECT COUNT(*) FROM row_seal"))


def problems(r: Reader) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """Every row that differs from its seal: (check, table, row key, details), where check is
    `row_changed` (details: field → (sealed, now)), `row_added` or `row_deleted` (details:
    the sealed values). The database compares; only the rows that differ come back."""
    if not _installed(r):
        return
    for table in SEALED:
        now = expression(r, table)
        for key, sealed, current in r.tuples(
            f'SELECT {_key_text(table)}, s.vals, {now} FROM "{table}" t'
            f" LEFT JOIN row_seal s ON s.tbl = :tbl AND s.row_key = {_key_text(table)}"
            f" WHERE s.vals IS NULL OR s.vals != {now} ORDER BY t.{_key_sql(table)}",
            {"tbl": table},
        ):
            if sealed is None:
                yield "row_added", table, str(key), {}
                continue
            was, is_ = json.loads(sealed), json.loads(current)
            changed = {
                f: (was.get(f), is_.get(f))
                for f in sorted(set(was) | set(is_))
                if was.get(f) != is_.get(f)
            }
            yield "row_changed", table, str(key), changed
        k = _key_sql(table)
        for key, vals in r.tuples(
            "SELECT s.row_key, s.vals FROM row_seal s WHERE s.tbl = :tbl AND NOT EXISTS"
            f' (SELECT 1 FROM "{table}" t WHERE t.{k} = {_from_key(table, "s.row_key")})'
            " ORDER BY s.row_key",
            {"tbl": table},
        ):
            yield "row_deleted", table, str(key), json.loads(vals)


def outside_notes(r: Reader) -> list[tuple[str, str]]:
    """Rows noted by the triggers and never sealed: written outside dangwu (a dangwu write
    seals its own notes before it commits)."""
    if not _installed(r):
        return []
    return [
        (str(t), str(k))
        for t, k in r.tuples(
            "SELECT DISTINCT tbl, row_key FROM seal_pending ORDER BY tbl, row_key LIMIT 1000"
        )
    ]
