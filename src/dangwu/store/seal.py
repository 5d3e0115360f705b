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
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

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
    "dues_statement": "id",
    "rule_setting": "code",
    "dev_event": "id",
    "dev_party": "id",
}
PAGE = 2000


def canonical(row: Mapping[str, Any]) -> str:
    """A row's values as the same text on both backends: a date as ISO text (PostgreSQL
    gives a date, SQLite the text), a boolean as 0/1 (SQLite's storage)."""

    def plain(v: Any) -> Any:
        if isinstance(v, bool):
            return int(v)
        if isinstance(v, datetime | date):
            return v.isoformat()
        return v

    return json.dumps(
        {k: plain(v) for k, v in row.items()},
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )


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


def _key_sql(table: str) -> str:
    key = SEALED[table]
    return f'"{key}"' if key != "id" else "id"


def settle(w: Writer, since: int | None) -> None:
    """Seal the rows this write touched (noted after `since`), then drop those notes."""
    if since is None:
        return
    after = since
    while notes := w.tuples(
        "SELECT seq, tbl, row_key FROM seal_pending WHERE seq > :a ORDER BY seq LIMIT :n",
        {"a": after, "n": PAGE},
    ):
        after = notes[-1][0]
        by_table: dict[str, set[str]] = {}
        for _seq, table, key in notes:
            by_table.setdefault(table, set()).add(str(key))
        for table, keys in by_table.items():
            _seal(w, table, sorted(keys))
    w.execute("DELETE FROM seal_pending WHERE seq > :a", {"a": since})


def _seal(w: Writer, table: str, keys: list[str]) -> None:
    key = SEALED[table]
    marks = {f"k{i}": (int(k) if key == "id" else k) for i, k in enumerate(keys)}
    found = w.rows(
        f'SELECT * FROM "{table}" WHERE {_key_sql(table)} IN ({", ".join(":" + m for m in marks)})',
        marks,
    )
    present = {str(r[key]) for r in found}
    gone = [k for k in keys if k not in present]
    for k in gone:
        w.execute("DELETE FROM row_seal WHERE tbl = :t AND row_key = :k", {"t": table, "k": k})
    if not found:
        return
    # one statement for the page: delete then insert is an upsert on both backends
    sealed = [{"tbl": table, "row_key": str(r[key]), "vals": canonical(r)} for r in found]
    kmarks = {f"k{i}": s["row_key"] for i, s in enumerate(sealed)}
    w.execute(
        f"DELETE FROM row_seal WHERE tbl = :t AND row_key IN ({', '.join(':' + m for m in kmarks)})",
        {"t": table, **kmarks},
    )
    _put(w, sealed)


def _put(w: Writer, seals: list[dict[str, str]]) -> None:
    # row_seal has no id column, which the writers' insert_many numbers rows by: a
    # multi-row VALUES, 300 rows (900 parameters) at a time, well inside both backends' limits
    for start in range(0, len(seals), 300):
        chunk = seals[start : start + 300]
        params: dict[str, str] = {}
        values = []
        for i, s in enumerate(chunk):
            values.append(f"(:t{i}, :k{i}, :v{i})")
            params.update({f"t{i}": s["tbl"], f"k{i}": s["row_key"], f"v{i}": s["vals"]})
        w.execute(f"INSERT INTO row_seal (tbl, row_key, vals) VALUES {', '.join(values)}", params)


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
    """Seal every row of every sealed table (migration 0008, and `db reseal`)."""
    w.execute("DELETE FROM row_seal")
    w.execute("DELETE FROM seal_pending")
    count = 0
    for table, key in SEALED.items():
        after: Any = None
        while True:
            where = "" if after is None else f"WHERE {_key_sql(table)} > :a"
            rows = w.rows(
                f'SELECT * FROM "{table}" {where} ORDER BY {_key_sql(table)} LIMIT {PAGE}',
                {"a": after} if after is not None else None,
            )
            if not rows:
                break
            after = rows[-1][key]
            _put(w, [{"tbl": table, "row_key": str(r[key]), "vals": canonical(r)} for r in rows])
            count += len(rows)
    return count


def problems(r: Reader) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """Every row that differs from its seal: (check, table, row key, details), where check is
    `row_changed` (details: field → (sealed, now)), `row_added` or `row_deleted` (details:
    the sealed values). Streamed a page at a time on both sides."""
    if not _installed(r):
        return
    for table, key in SEALED.items():
        k = _key_sql(table)
        cast = f"CAST(t.{k} AS TEXT)" if key == "id" else f"t.{k}"
        after: Any = None
        while True:
            where = "" if after is None else f"WHERE t.{k} > :a"
            rows = r.rows(
                f'SELECT t.*, s.vals AS "__sealed" FROM "{table}" t LEFT JOIN row_seal s'
                f" ON s.tbl = :t AND s.row_key = {cast} {where} ORDER BY t.{k} LIMIT {PAGE}",
                {"t": table, "a": after} if after is not None else {"t": table},
            )
            if not rows:
                break
            after = rows[-1][key]
            for row in rows:
                sealed = row.pop("__sealed")
                if sealed is None:
                    yield "row_added", table, str(row[key]), {}
                elif canonical(row) != sealed:
                    was = json.loads(sealed)
                    now = json.loads(canonical(row))
                    changed = {
                        f: (was.get(f), now.get(f))
                        for f in sorted(set(was) | set(now))
                        if was.get(f) != now.get(f)
                    }
                    yield "row_changed", table, str(row[key]), changed
        back = (
            f'NOT EXISTS (SELECT 1 FROM "{table}" t WHERE t.{k} = CAST(s.row_key AS INTEGER))'
            if key == "id"
            else f'NOT EXISTS (SELECT 1 FROM "{table}" t WHERE t.{k} = s.row_key)'
        )
        last = ""
        while gone := r.tuples(
            f"SELECT s.row_key, s.vals FROM row_seal s WHERE s.tbl = :t AND s.row_key > :a"
            f" AND {back} ORDER BY s.row_key LIMIT {PAGE}",
            {"t": table, "a": last},
        ):
            last = gone[-1][0]
            for row_key, vals in gone:
                yield "row_deleted", table, str(row_key), json.loads(vals)


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
