"""The audit trail: every write appends who-what-when with before and after as JSON."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from ..rules.names import escape_hidden

if TYPE_CHECKING:
    from sqlmodel import Session

    from .writer import Writer

_command = "dangwu"
AUDIT_COLUMNS = ("at", "command", "action", "table_name", "row_id", "before", "after", "reason")


def set_command(command: str) -> None:
    global _command
    _command = command


def current_command() -> str:
    """The command the trail's next entries name (a migration names itself, then gives it
    back)."""
    return _command


def _jsonable(values: dict[str, Any] | None) -> str | None:
    if values is None:
        return None

    def default(obj: Any) -> Any:
        if isinstance(obj, date):
            return obj.isoformat()
        return str(obj)

    # a file name, which dangwu records but does not refuse, may hold a control character:
    # escaped, it reads back the same from the JSON and cannot rewrite a terminal
    return escape_hidden(json.dumps(values, ensure_ascii=False, sort_keys=True, default=default))


def entry(
    action: str,
    table: str,
    row_id: int | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str | None = None,
) -> dict[str, Any]:
    return {
        "at": datetime.now().isoformat(timespec="seconds"),
        "command": escape_hidden(_command),
        "action": action,
        "table_name": table,
        "row_id": row_id,
        "before": _jsonable(before),
        "after": _jsonable(after),
        "reason": reason,
    }


def record(
    target: Writer | Session, action: str, table: str, row_id: int | None, **kw: Any
) -> None:
    record_many(target, [entry(action, table, row_id, **kw)])


def record_many(target: Writer | Session, entries: list[dict[str, Any]]) -> None:
    """Append entries to the trail, each chained to the one before (store/audit_chain.py),
    in the transaction of `target` (a Writer, or an ORM session).

    The writer holds the write lock, so the newest entry cannot move while this reads it."""
    if not entries:
        return
    from .audit_chain import CHAINED, GENESIS, HEAD_KEY, head_value, link
    from .writer import as_writer

    w = as_writer(target)
    last = w.tuples("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")
    next_id, prev = (last[0][0] + 1, last[0][1] or GENESIS) if last else (1, GENESIS)
    for i, e in enumerate(entries, start=next_id):
        e["id"] = i
        e["prev_hash"] = prev
        e["hash"] = prev = link(prev, [e[c] for c in CHAINED])
    w.insert_many("audit_log", ("id", *AUDIT_COLUMNS, "prev_hash", "hash"), entries)
    w.execute(
        "INSERT INTO branch_setting (key, value) VALUES (:k, :v)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        {"k": HEAD_KEY, "v": head_value(entries[-1]["id"], prev)},
    )


def row_dict(obj: Any) -> dict[str, Any]:
    """A model row as a plain dict for before/after snapshots."""
    return {k: v for k, v in obj.model_dump().items()}
