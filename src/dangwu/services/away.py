"""Members working or studying away (流动党员, RULES.md "Meetings"; PEERS.md §2.2): `member
away` records the place, the period and the paper (流动党员活动证 or 证明信), `member back` the
day they came back, `member away-report` a written report they sent the home branch
(`away_report`), `member away-void` an away record entered in error. Each is one write
with its audit entry; a refused one writes nothing."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from ..errors import Refused
from ..i18n import label
from ..store import audit
from ..store.columns import TABLES, full_row
from ..store.queries import STAGE_AT, away_on
from ..store.reader import Reader, as_date
from .meetings import _text
from .voids import _reason

if TYPE_CHECKING:
    from ..store.writer import Writer

MEMBER_STAGES = ("full", "probationary")


def member_on(reader: Reader, pid: int, day: date, field: str) -> str:
    """The name of `pid`, a member of the branch (full or probationary) on `day`; else
    refused naming `field` and why (left, not yet joined, not a member)."""
    rows = reader.rows(
        f"""SELECT p.name, p.joined_on, p.left_on, p.left_reason, {STAGE_AT} AS stage
            FROM person p WHERE p.id = :pid""",
        {"pid": pid, "d": day},
    )
    r = rows[0]
    name, joined, left = r["name"], as_date(r["joined_on"]), as_date(r["left_on"])
    if left is not None and left <= day:
        why = label("left_reason", r["left_reason"])
        raise Refused(
            f"{field}: {name} 已于 {left} 离开本支部（{why}），{day} 不是本支部党员",
            f"{field}: {name} left the branch on {left} ({why}): not a member on {day}",
        )
    if joined is not None and joined > day:
        raise Refused(
            f"{field}: {name} 于 {joined} 才加入本支部，{day} 尚不是本支部党员",
            f"{field}: {name} joined the branch on {joined}: not a member yet on {day}",
        )
    if r["stage"] not in MEMBER_STAGES:
        what = label("stage", r["stage"]) if r["stage"] else "无党员身份记录"
        what_en = label("stage", r["stage"]) if r["stage"] else "no stage recorded"
        raise Refused(
            f"{field}: {name} 在 {day} 是{what}，不是党员（正式或预备）",
            f"{field}: {name} was not a member (full or probationary) on {day}: {what_en}",
        )
    return str(name)


def _last_day(row: dict[str, Any]) -> date | None:
    """An away record's last day away, as AWAY_ON reads it: the earlier of the day before
    the day back and the planned last day; open (None) with neither."""
    back, until = as_date(row["back_on"]), as_date(row["until_on"])
    days = [d for d in (back and back - timedelta(days=1), until) if d is not None]
    return min(days) if days else None


def go_away(
    w: Writer,
    pid: int,
    place: str,
    from_on: date,
    until_on: date | None,
    certificate: str | None,
    kind: str,
) -> dict[str, Any]:
    """Record a member away from `from_on` (through `until_on`, if planned); the row as
    stored with the member's name."""
    where = _text(place, "--to")
    if not where:
        raise Refused("--to: 外出地点不能为空", "--to: the place may not be empty")
    if until_on is not None and until_on < from_on:
        raise Refused(
            f"--until: {until_on} 早于外出日期 --from {from_on}",
            f"--until: {until_on} is before the first day away (--from {from_on})",
        )
    paper = _text(certificate, "--certificate")
    name = member_on(w, pid, from_on, "--from")
    for r in w.rows(
        """SELECT id, place, from_on, until_on, back_on FROM member_away
           WHERE person_id = :p AND voided_on IS NULL ORDER BY from_on, id""",
        {"p": pid},
    ):
        start, last = as_date(r["from_on"]), _last_day(r)
        assert start is not None
        if (last is None or from_on <= last) and (until_on is None or start <= until_on):
            till = last.isoformat() if last is not None else None
            raise Refused(
                f"--from: {name} 已有外出记录 {r['id']}（{r['place']}，{start} 至"
                f" {till or '未返回'}），与本次重叠"
                + ("；返回后请先用 dangwu member back 记录" if till is None else ""),
                f"--from: {name} is already recorded away ({r['id']}: {r['place']}, {start}"
                f" to {till or 'not back'}), which overlaps"
                + ("; record the return first with dangwu member back" if till is None else ""),
            )
    row = full_row(
        "member_away",
        {
            "person_id": pid,
            "place": where,
            "from_on": from_on,
            "until_on": until_on,
            "certificate": paper,
            "kind": kind,
        },
    )
    row["id"] = w.insert("member_away", row)
    audit.record(w, "member.away", "member_away", row["id"], after=row)
    return dict(row, name=name)


def come_back(w: Writer, pid: int, on: date) -> dict[str, Any]:
    """Record the day a member away came back (the first day here again); the record."""
    name = w.scalar("SELECT name FROM person WHERE id = :p", {"p": pid})
    cols = ", ".join(TABLES["member_away"])
    open_rows = w.rows(
        f"""SELECT {cols} FROM member_away WHERE person_id = :p AND voided_on IS NULL
            AND back_on IS NULL ORDER BY from_on DESC, id DESC""",
        {"p": pid},
    )
    started = [r for r in open_rows if as_date(r["from_on"]) <= on]  # type: ignore[operator]
    if not started:
        if open_rows:
            first = as_date(open_rows[-1]["from_on"])
            raise Refused(
                f"--on: {on} 早于外出日期 {first}（记录 {open_rows[-1]['id']}）",
                f"--on: {on} is before the first day away, {first} (record {open_rows[-1]['id']})",
            )
        last = w.rows(
            """SELECT id, back_on FROM member_away WHERE person_id = :p AND voided_on IS NULL
               ORDER BY back_on DESC, id DESC LIMIT 1""",
            {"p": pid},
        )
        if last:
            raise Refused(
                f"REF: {name} 已于 {as_date(last[0]['back_on'])} 返回（外出记录"
                f" {last[0]['id']}），现不在外",
                f"REF: {name} already came back on {as_date(last[0]['back_on'])} (away record"
                f" {last[0]['id']}) and is not away",
            )
        raise Refused(
            f"REF: {name} 没有外出记录，无需记录返回（外出请用 dangwu member away）",
            f"REF: {name} is not recorded away: no return to record (dangwu member away)",
        )
    before = started[0]
    start = as_date(before["from_on"])
    if on <= start:  # type: ignore[operator]
        raise Refused(
            f"--on: 返回日期 {on} 应晚于外出日期 {start}",
            f"--on: the day back, {on}, must be after the first day away, {start}",
        )
    w.execute("UPDATE member_away SET back_on = :d WHERE id = :i", {"d": on, "i": before["id"]})
    after = dict(before, back_on=on)
    audit.record(w, "member.back", "member_away", before["id"], before=before, after=after)
    return dict(after, name=name)


def report_received(w: Writer, pid: int, on: date, note: str | None) -> dict[str, Any]:
    """Record a written report a member away sent the branch (away_report); the row."""
    name = member_on(w, pid, on, "--on")
    if away_on(w, pid, on) is None:
        raise Refused(
            f"--on: {name} 在 {on} 不在外（没有包含这一天的外出记录），书面汇报只记外出党员的"
            "（dangwu member away）",
            f"--on: {name} was not away on {on} (no away record covers the day): a written"
            " report is for a member away (dangwu member away)",
        )
    text = _text(note, "--note")
    found = w.scalar(
        """SELECT MIN(id) FROM away_report WHERE person_id = :p AND on_date = :d
           AND voided_on IS NULL""",
        {"p": pid, "d": on},
    )
    if found is not None:
        raise Refused(
            f"--on: {name} {on} 的书面汇报已记录（{found}）",
            f"--on: {name}'s written report of {on} is already recorded ({found})",
        )
    row = full_row("away_report", {"person_id": pid, "on_date": on, "note": text})
    row["id"] = w.insert("away_report", row)
    audit.record(w, "member.away_report", "away_report", row["id"], after=row)
    return dict(row, name=name)


# the records `void_record` voids: table → (what, in Chinese and English)
VOIDABLE = {
    "member_away": ("外出记录", "away record"),
    "member_lost": ("失联记录", "out-of-contact record"),
    "away_report": ("书面汇报记录", "written report"),
}


def void_record(
    w: Writer, table: str, row_id: int, reason_text: str | None, today: date
) -> dict[str, Any]:
    """An away or out-of-contact record entered in error: kept, marked void, read by
    nothing (the member is expected at meetings, owes no away_report, is not lost)."""
    reason = _reason(reason_text)
    zh, en = VOIDABLE[table]
    cols = ", ".join(TABLES[table])
    found = w.rows(f"SELECT {cols} FROM {table} WHERE id = :i", {"i": row_id})
    if not found:
        raise Refused(f"ID: 没有编号为 {row_id} 的{zh}", f"ID: no {en} {row_id}")
    before = found[0]
    if before["voided_on"] is not None:
        raise Refused(
            f"ID: {zh} {row_id} 已于 {before['voided_on']} 作废",
            f"ID: {en} {row_id} was voided on {before['voided_on']}",
        )
    w.execute(
        f"UPDATE {table} SET voided_on = :d, void_reason = :r WHERE id = :i",
        {"d": today, "r": reason, "i": row_id},
    )
    after = dict(before, voided_on=today, void_reason=reason)
    audit.record(w, f"{table}.void", table, row_id, before=before, after=after, reason=reason)
    name = w.scalar("SELECT name FROM person WHERE id = :p", {"p": before["person_id"]})
    return dict(after, name=name)


def still_attending(reader: Reader, pid: int, from_on: date, last: date | None) -> int:
    """How many meetings recorded on the days away list the member in their attendance
    (taken from the roster as it stood; not rewritten)."""
    sql = """SELECT COUNT(*) FROM meeting_attendance a JOIN meeting m ON m.id = a.meeting_id
             WHERE a.person_id = :p AND m.voided_on IS NULL AND m.held_on >= :f"""
    if last is not None:
        sql += " AND m.held_on <= :l"
    return int(reader.scalar(sql, {"p": pid, "f": from_on, "l": last}) or 0)
