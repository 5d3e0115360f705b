"""The branch's report to the higher committee (`higher_report`, RULES.md "Organizational
life"): `report sent` records one for a period, `report sent-void` voids one entered in
error. Each is written with its audit entry."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from ..errors import Refused
from ..rules.periods import Period
from ..store import audit
from .meetings import _text
from .voids import _reason

if TYPE_CHECKING:
    from ..store.writer import Writer

COLUMNS = ("id", "period", "on_date", "note", "voided_on", "void_reason")


def send(w: Writer, period: Period, on: date, note: str | None) -> dict[str, Any]:
    """Record the report for `period` sent on `on`; its row as stored."""
    if period.kind == "month":
        raise Refused(
            f"--period: {period.code} 是月份；向上级报告的期间为年、半年或季度",
            f"--period: {period.code} is a month; a report covers a year, a half or a quarter",
        )
    if on < period.start:
        raise Refused(
            f"--on: {on} 早于 {period.code} 的开始，尚无可报告的工作",
            f"--on: {on} is before {period.code} begins: nothing to report yet",
        )
    found = w.scalar(
        "SELECT MIN(id) FROM report_sent WHERE period = :p AND voided_on IS NULL",
        {"p": period.code},
    )
    if found is not None:
        raise Refused(
            f"--period: {period.code} 的报告已记录（{found}；录错可用 dangwu report sent-void"
            f" {found} --reason …）",
            f"--period: the report for {period.code} is already recorded ({found}; void one"
            f" entered in error with dangwu report sent-void {found} --reason …)",
        )
    row: dict[str, Any] = {
        "period": period.code,
        "on_date": on,
        "note": _text(note, "--note"),
        "voided_on": None,
        "void_reason": None,
    }
    row["id"] = w.insert("report_sent", row)
    audit.record(w, "report.sent", "report_sent", row["id"], after=row)
    return row


def void(w: Writer, row_id: int, reason_text: str | None, today: date) -> dict[str, Any]:
    """A report entered in error: kept, marked void, its period's report owed again."""
    reason = _reason(reason_text)
    cols = ", ".join(COLUMNS)
    found = w.rows(f"SELECT {cols} FROM report_sent WHERE id = :i", {"i": row_id})
    if not found:
        raise Refused(f"ID: 没有编号为 {row_id} 的报告记录", f"ID: no report {row_id}")
    before = found[0]
    if before["voided_on"] is not None:
        raise Refused(f"ID: 报告记录 {row_id} 已作废", f"ID: report {row_id} was voided")
    w.execute(
        "UPDATE report_sent SET voided_on = :d, void_reason = :r WHERE id = :i",
        {"d": today, "r": reason, "i": row_id},
    )
    after = dict(before, voided_on=today, void_reason=reason)
    audit.record(
        w, "report.sent.void", "report_sent", row_id, before=before, after=after, reason=reason
    )
    return after
