"""Voiding a record entered in error (issue 17): a meeting or a talk stays in the ledger,
marked with the day and the reason, and counts nowhere — compliance, the checklist,
attendance, the six-month absence, the year report and votes all read past it. The trail
keeps the record as it was and as it is after (`dangwu history`)."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any

from ..errors import Refused
from ..i18n import label
from ..store import audit
from ..store.columns import TABLES

if TYPE_CHECKING:
    from ..store.writer import Writer

WHAT = {"meeting": ("会议", "meeting"), "talk": ("谈心谈话", "talk")}
# development steps decided by a meeting's vote (发展细则: admission and conversion are
# voted by the general meeting): voiding the meeting would leave them without their vote
VOTED_STEPS = ("admit", "convert", "extend")


def _reason(text: str | None) -> str:
    reason = (text or "").strip()
    if not reason:
        raise Refused("--reason: 作废必须说明理由", "--reason: voiding needs a reason")
    if len(reason) > 2000 or re.search(r"[\x00-\x08\x0b-\x1f\x7f]", reason):
        raise Refused("--reason: 过长或含控制字符", "--reason: too long or has control characters")
    return reason


def _row(w: Writer, table: str, row_id: int) -> dict[str, Any]:
    columns = ", ".join(f'"{c}"' for c in TABLES[table])
    found = w.rows(f'SELECT {columns} FROM "{table}" WHERE id = :i', {"i": row_id})
    zh, en = WHAT[table]
    if not found:
        raise Refused(f"ID: 没有编号为 {row_id} 的{zh}", f"ID: no {en} {row_id}")
    if found[0]["voided_on"] is not None:
        raise Refused(
            f"ID: {zh} {row_id} 已于 {found[0]['voided_on']} 作废",
            f"ID: {en} {row_id} was voided on {found[0]['voided_on']}",
        )
    return found[0]


def void(w: Writer, table: str, row_id: int, reason_text: str | None, today: date) -> None:
    """Mark the record void, in one transaction with its audit entry."""
    reason = _reason(reason_text)
    before = _row(w, table, row_id)
    if table == "meeting":
        for event_id, kind, name in w.tuples(
            f"""SELECT e.id, e.kind, p.name FROM dev_event e JOIN person p ON p.id = e.person_id
                WHERE e.meeting_id = :m AND e.kind IN ({", ".join(repr(k) for k in VOTED_STEPS)})
                ORDER BY e.id""",
            {"m": row_id},
        ):
            raise Refused(
                f"ID: 会议 {row_id} 表决了 {name} 的{label('dev_kind', kind)}（发展记录 {event_id}），"
                "不能作废；先更正那条发展记录",
                f"ID: meeting {row_id} voted on {name}'s {kind} (development record {event_id});"
                " correct that record first",
            )
    w.execute(
        f'UPDATE "{table}" SET voided_on = :d, void_reason = :r WHERE id = :i',
        {"d": today, "r": reason, "i": row_id},
    )
    after = dict(before, voided_on=today, void_reason=reason)
    audit.record(w, f"{table}.void", table, row_id, before=before, after=after, reason=reason)
