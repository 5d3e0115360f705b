"""Members out of contact (失联党员, PEERS.md §2.2): `member lost` records since when and why
(the province's reason codes, rules/away.py LOST_REASONS), `member found` the day contact
was made again. Each is one write with its audit entry; a refused one writes nothing."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from ..errors import Refused
from ..store import audit
from ..store.columns import TABLES, full_row
from ..store.reader import as_date
from .away import member_on
from .meetings import _text

if TYPE_CHECKING:
    from ..store.writer import Writer


def lose(w: Writer, pid: int, since: date, reason: str, note: str | None) -> dict[str, Any]:
    """Record a member out of contact since `since` for `reason` (a LOST_REASONS code)."""
    name = member_on(w, pid, since, "--since")
    text = _text(note, "--note")
    for r in w.rows(
        """SELECT id, since, found_on FROM member_lost
           WHERE person_id = :p AND voided_on IS NULL ORDER BY since, id""",
        {"p": pid},
    ):
        start, found = as_date(r["since"]), as_date(r["found_on"])
        if found is None:
            raise Refused(
                f"REF: {name} 自 {start} 起已记为失联（记录 {r['id']}）；恢复联系后请用"
                " dangwu member found 记录",
                f"REF: {name} is already recorded out of contact since {start} (record"
                f" {r['id']}); record contact again with dangwu member found",
            )
        if since < found:
            # the new record runs on until found again: it would cover the earlier one
            raise Refused(
                f"--since: {since} 与已记录的失联期间 {start} 至 {found}（记录 {r['id']}）重叠",
                f"--since: {since} overlaps the time out of contact already recorded, {start}"
                f" to {found} (record {r['id']})",
            )
    row = full_row(
        "member_lost", {"person_id": pid, "since": since, "reason": reason, "note": text}
    )
    row["id"] = w.insert("member_lost", row)
    audit.record(w, "member.lost", "member_lost", row["id"], after=row)
    return dict(row, name=name)


def found(w: Writer, pid: int, on: date) -> dict[str, Any]:
    """Record the day contact with a member out of contact was made again; the record."""
    name = w.scalar("SELECT name FROM person WHERE id = :p", {"p": pid})
    cols = ", ".join(TABLES["member_lost"])
    rows = w.rows(
        f"""SELECT {cols} FROM member_lost WHERE person_id = :p AND voided_on IS NULL
            AND found_on IS NULL ORDER BY since DESC, id DESC""",
        {"p": pid},
    )
    if not rows:
        raise Refused(
            f"REF: {name} 没有失联记录（失联请用 dangwu member lost 记录）",
            f"REF: {name} is not recorded out of contact (dangwu member lost)",
        )
    before = rows[0]
    since = as_date(before["since"])
    if on <= since:  # type: ignore[operator]
        raise Refused(
            f"--on: 恢复联系的日期 {on} 应晚于失联日期 {since}",
            f"--on: the day contact was made again, {on}, must be after {since}, the day it"
            " was lost",
        )
    w.execute("UPDATE member_lost SET found_on = :d WHERE id = :i", {"d": on, "i": before["id"]})
    after = dict(before, found_on=on)
    audit.record(w, "member.found", "member_lost", before["id"], before=before, after=after)
    return dict(after, name=name)
