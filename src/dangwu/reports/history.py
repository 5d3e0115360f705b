"""`history`: the audit trail read back, for one person, one meeting or one payment, or for
the whole ledger over a period (issue 17). Every change dangwu makes is an entry there with
its time, command, before and after (store/audit.py); this makes them readable, masked like
every other output unless the user reveals them."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from ..crash import mask_text
from ..privacy import mask_id, mask_phone
from ..store.reader import Reader

# the keys of a row that name the person it concerns
PERSON_KEYS = ("person_id", "with_id", "by_id")
MASKS = {"id_number": mask_id, "phone": mask_phone}


def _load(text: str | None) -> dict[str, Any] | None:
    if not text:
        return None
    value = json.loads(text)
    return value if isinstance(value, dict) else {"value": value}


def _changes(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, list[Any]]:
    """field → [before, after] for what the entry changed (every field set, for a new row)."""
    before, after = before or {}, after or {}
    return {
        k: [before.get(k), after.get(k)]
        for k in sorted(set(before) | set(after))
        if before.get(k) != after.get(k) and k != "id"
    }


def _masked(changes: dict[str, list[Any]]) -> dict[str, list[Any]]:
    return {
        k: [MASKS[k](v) if isinstance(v, str) else v for v in pair] if k in MASKS else pair
        for k, pair in changes.items()
    }


def _concerns(entry: dict[str, Any], pid: int) -> bool:
    if entry["table_name"] == "person" and entry["row_id"] == pid:
        return True
    rows = (_load(entry["before"]) or {}, _load(entry["after"]) or {})
    return any(row.get(k) == pid for row in rows for k in PERSON_KEYS)


def history(
    reader: Reader,
    *,
    person_id: int | None = None,
    meeting_id: int | None = None,
    payment_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
    reveal: bool = False,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """The trail's entries, oldest first (the newest `limit`, if given)."""
    where: list[str] = []
    params: dict[str, Any] = {}
    if start is not None and end is not None:
        where.append("substr(at, 1, 10) BETWEEN :s AND :e")
        params.update(s=start.isoformat(), e=end.isoformat())
    if meeting_id is not None:
        where.append("table_name = 'meeting' AND row_id = :m")
        params["m"] = meeting_id
    if payment_id is not None:
        # the payment, and the entry that reversed it
        where.append("table_name = 'dues_payment' AND (row_id = :p OR after LIKE :reverses)")
        params.update(p=payment_id, reverses=f'%"reverses_id": {payment_id}%')
    if person_id is not None:
        # narrowed in SQL, decided on the parsed row (5 is not 50)
        marks = [f'%"{k}": {person_id}%' for k in PERSON_KEYS]
        params.update({f"k{i}": m for i, m in enumerate(marks)})
        either = " OR ".join(f"before LIKE :k{i} OR after LIKE :k{i}" for i in range(len(marks)))
        where.append(f"((table_name = 'person' AND row_id = :pid) OR {either})")
        params["pid"] = person_id
    sql = (
        "SELECT id, at, command, action, table_name, row_id, before, after, reason"
        " FROM audit_log" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY id"
    )
    out = []
    for entry in reader.rows(sql, params):
        if person_id is not None and not _concerns(entry, person_id):
            continue
        if payment_id is not None and entry["row_id"] != payment_id:
            if (_load(entry["after"]) or {}).get("reverses_id") != payment_id:
                continue
        changes = _changes(_load(entry["before"]), _load(entry["after"]))
        out.append(
            {
                "id": entry["id"],
                "at": entry["at"],
                "command": entry["command"] if reveal else mask_text(entry["command"]),
                "action": entry["action"],
                "table": entry["table_name"],
                "row_id": entry["row_id"],
                "changes": changes if reveal else _masked(changes),
                "reason": entry["reason"],
            }
        )
    return out[-limit:] if limit else out
