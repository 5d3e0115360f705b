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
                WHERE e.meeting_id = :m AND e.voided_on IS NULL AND e.kind IN ({", ".join(repr(k) for k in VOTED_STEPS)})
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


def _first(w: Writer, sql: str, params: dict[str, Any]) -> tuple[Any, ...] | None:
    found = w.tuples(sql + " LIMIT 1", params)
    return found[0] if found else None


# what another record of the ledger says about a person, which voiding them would leave
# pointing at nobody: (SQL returning an id and a day, zh, en)
PERSON_USES: tuple[tuple[str, str, str], ...] = (
    (
        "SELECT id, month FROM dues_payment WHERE person_id = :p OR by_id = :p ORDER BY id",
        "有缴费记录 {0}（{1}），请用 dues reverse 冲正；人员只能以 member leave 离开",
        "has payment entry {0} ({1}): reverse it with `dues reverse`; the person can only"
        " leave (`member leave`)",
    ),
    (
        "SELECT m.id, m.held_on FROM meeting_attendance a JOIN meeting m ON m.id = a.meeting_id"
        " WHERE a.person_id = :p AND m.voided_on IS NULL ORDER BY m.held_on, m.id",
        "有出席记录（会议 {0}，{1}），不能作废；人员只能以 member leave 离开",
        "is in the attendance of meeting {0} ({1}); the person can only leave (`member leave`)",
    ),
    (
        "SELECT id, held_on FROM meeting WHERE (host_id = :p OR recorder_id = :p)"
        " AND voided_on IS NULL ORDER BY id",
        "是会议 {0}（{1}）的主持人或记录人，先用 meeting edit 更正",
        "hosted or recorded meeting {0} ({1}): correct it with `meeting edit` first",
    ),
    (
        "SELECT id, on_date FROM talk WHERE (person_id = :p OR with_id = :p)"
        " AND voided_on IS NULL ORDER BY id",
        "有谈心谈话记录 {0}（{1}），先用 talk void 或 talk edit 更正",
        "has talk {0} ({1}): correct it with `talk void` or `talk edit` first",
    ),
    (
        "SELECT e.id, e.on_date FROM dev_party d JOIN dev_event e ON e.id = d.event_id"
        " WHERE d.person_id = :p AND e.voided_on IS NULL ORDER BY e.id",
        "是发展记录 {0}（{1}）的培养联系人或入党介绍人，先更正那条记录",
        "is a contact or introducer in development record {0} ({1}): correct that first",
    ),
    (
        "SELECT id, on_date FROM dev_event WHERE by_id = :p AND person_id != :p"
        " AND voided_on IS NULL ORDER BY id",
        "经办了发展记录 {0}（{1}），先更正那条记录",
        "is named on development record {0} ({1}): correct that first",
    ),
    (
        "SELECT id, name FROM party_group WHERE leader_id = :p ORDER BY id",
        "是党小组 {0}（{1}）的组长，先用 group edit --leader 更换",
        "leads party group {0} ({1}): change it with `group edit --leader` first",
    ),
    (
        "SELECT id, role FROM committee_role WHERE person_id = :p ORDER BY id",
        "有支委职务记录 {0}（{1}），不能作废；人员只能以 member leave 离开",
        "holds committee post record {0} ({1}); the person can only leave (`member leave`)",
    ),
    (
        "SELECT id, from_on FROM member_away WHERE person_id = :p AND voided_on IS NULL"
        " ORDER BY id",
        "有外出（流动党员）记录 {0}（自 {1}），先用 member away-void 作废",
        "has away record {0} (from {1}): void it with `member away-void` first",
    ),
    (
        "SELECT id, on_date FROM away_report WHERE person_id = :p AND voided_on IS NULL"
        " ORDER BY id",
        "有流动党员书面汇报记录 {0}（{1}），先用 member away-report-void 作废",
        "has written report {0} ({1}) from working away: void it with"
        " `member away-report-void` first",
    ),
    (
        "SELECT id, since FROM member_lost WHERE person_id = :p AND voided_on IS NULL ORDER BY id",
        "有失联记录 {0}（自 {1}），先用 member lost-void 作废",
        "has out-of-contact record {0} (since {1}): void it with `member lost-void` first",
    ),
)


def void_person(w: Writer, pid: int, reason_text: str | None, today: date) -> dict[str, Any]:
    """A person entered in error: kept, marked void, never counted nor listed, and distinct
    from leaving (no 除名 anywhere). Their ID number is released (it stays in the trail), so
    the right entry can be made. Refused while any other record names them."""
    reason = _reason(reason_text)
    columns = ", ".join(f'"{c}"' for c in TABLES["person"])
    before = w.rows(f"SELECT {columns} FROM person WHERE id = :i", {"i": pid})[0]
    if before["voided_on"] is not None:
        raise Refused(
            f"REF: 人员 {pid} 已于 {before['voided_on']} 作废",
            f"REF: person {pid} was voided on {before['voided_on']}",
        )
    name = before["name"]
    for sql, zh, en in PERSON_USES:
        hit = _first(w, sql, {"p": pid})
        if hit is not None:
            raise Refused(f"REF: {name} " + zh.format(*hit), f"REF: {name} " + en.format(*hit))
    w.execute(
        "UPDATE person SET voided_on = :d, void_reason = :r, id_number = NULL WHERE id = :i",
        {"d": today, "r": reason, "i": pid},
    )
    after = dict(before, voided_on=today, void_reason=reason, id_number=None)
    audit.record(w, "person.void", "person", pid, before=before, after=after, reason=reason)
    return after


# A development record and the later steps that rest on it (发展细则: each step checks those
# before it; rules/development.py): voiding it is refused while one of them stands.
DEPENDS: dict[str, tuple[str, ...]] = {
    "apply": ("activist", "candidate", "admit", "approve_admission", "convert", "extend"),
    "activist": ("candidate", "admit", "approve_admission", "convert", "extend"),
    "candidate": ("admit", "approve_admission", "convert", "extend"),
    "admit": ("approve_admission", "convert", "approve_conversion", "extend", "oath"),
    "approve_admission": ("convert", "approve_conversion"),
    "convert": ("approve_conversion",),
    "extend": ("convert", "approve_conversion"),
    "review": ("candidate",),
    "political_review": ("admit",),
    "training": ("admit",),
    "pre_review": ("admit",),
    "public_notice": ("admit",),
}


def void_dev_event(
    w: Writer, event_id: int, reason_text: str | None, today: date
) -> dict[str, Any]:
    """A development record or step entered in error: kept, marked void, read past by every
    check, list and report. A stage step takes its stage_event with it (the trail keeps
    it); a drop voided puts the person back. Refused while a later step rests on it."""
    reason = _reason(reason_text)
    columns = ", ".join(f'"{c}"' for c in TABLES["dev_event"])
    found = w.rows(f"SELECT {columns} FROM dev_event WHERE id = :i", {"i": event_id})
    if not found:
        raise Refused(
            f"EVENT_ID: 没有编号为 {event_id} 的发展记录",
            f"EVENT_ID: no development record {event_id}",
        )
    before = found[0]
    if before["voided_on"] is not None:
        raise Refused(
            f"EVENT_ID: 发展记录 {event_id} 已于 {before['voided_on']} 作废",
            f"EVENT_ID: development record {event_id} was voided on {before['voided_on']}",
        )
    from .development import STEP_STAGE  # the stage a step begins, whose row goes with it

    kind, pid = before["kind"], before["person_id"]
    later = DEPENDS.get(kind, ())
    if later:
        marks = ", ".join(f"'{k}'" for k in later)
        rest = w.tuples(
            f"""SELECT id, kind, on_date FROM dev_event WHERE person_id = :p AND id != :i
                AND voided_on IS NULL AND kind IN ({marks}) AND on_date >= :d ORDER BY on_date, id""",
            {"p": pid, "i": event_id, "d": before["on_date"]},
        )
        if rest:
            listing = "、".join(f"{i} {label('dev_kind', k)} {d}" for i, k, d in rest)
            listing_en = ", ".join(f"{i} {k} {d}" for i, k, d in rest)
            raise Refused(
                f"EVENT_ID: 之后的步骤以此为据，先作废它们：{listing}",
                f"EVENT_ID: later steps rest on it; void them first: {listing_en}",
            )
    entries = []
    w.execute(
        "UPDATE dev_event SET voided_on = :d, void_reason = :r WHERE id = :i",
        {"d": today, "r": reason, "i": event_id},
    )
    entries.append(
        audit.entry(
            "dev.void",
            "dev_event",
            event_id,
            before=before,
            after=dict(before, voided_on=today, void_reason=reason),
            reason=reason,
        )
    )
    if kind in STEP_STAGE:
        stage = w.rows(
            # the step's stage row (a conversion's is dated at the end of probation)
            """SELECT id, person_id, stage, on_date, note FROM stage_event WHERE person_id = :p
               AND stage = :s AND note = :n ORDER BY id DESC LIMIT 1""",
            {"p": pid, "s": STEP_STAGE[kind], "n": f"dev {kind}"},
        )
        if stage:
            # the stage history is derived from the steps: the voided step's stage goes, and
            # its row stays in the trail as "before"
            w.execute("DELETE FROM stage_event WHERE id = :i", {"i": stage[0]["id"]})
            entries.append(
                audit.entry(
                    "dev.void", "stage_event", stage[0]["id"], before=stage[0], reason=reason
                )
            )
    if kind == "drop":
        person = w.rows(
            "SELECT id, left_on, left_reason, left_note FROM person WHERE id = :p", {"p": pid}
        )[0]
        if person["left_reason"] == "dropped":
            w.execute(
                "UPDATE person SET left_on = NULL, left_reason = NULL, left_note = NULL"
                " WHERE id = :p",
                {"p": pid},
            )
            entries.append(
                audit.entry(
                    "dev.void",
                    "person",
                    pid,
                    before=person,
                    after=dict(person, left_on=None, left_reason=None, left_note=None),
                    reason=reason,
                )
            )
    audit.record_many(w, entries)
    return before


def void_remit(w: Writer, remit_id: int, reason_text: str | None, today: date) -> dict[str, Any]:
    """A hand-over entered in error: kept, marked void, counted in no balance or check."""
    reason = _reason(reason_text)
    found = w.rows(
        'SELECT id, period, start, "end", amount_fen, on_date, receipt, voided_on, void_reason'
        " FROM dues_remit WHERE id = :i",
        {"i": remit_id},
    )
    if not found:
        raise Refused(f"ID: 没有编号为 {remit_id} 的上缴记录", f"ID: no remit {remit_id}")
    before = found[0]
    if before["voided_on"] is not None:
        raise Refused(
            f"ID: 上缴记录 {remit_id} 已于 {before['voided_on']} 作废",
            f"ID: remit {remit_id} was voided on {before['voided_on']}",
        )
    w.execute(
        "UPDATE dues_remit SET voided_on = :d, void_reason = :r WHERE id = :i",
        {"d": today, "r": reason, "i": remit_id},
    )
    after = dict(before, voided_on=today, void_reason=reason)
    audit.record(
        w, "dues.remit_void", "dues_remit", remit_id, before=before, after=after, reason=reason
    )
    return before


def void_evaluation(
    w: Writer, pid: int, year: int, reason_text: str | None, today: date
) -> dict[str, Any]:
    """An evaluation result entered in error (the wrong person or year): kept, marked void,
    counted in no report; recording the year again for them revives the row rightly."""
    reason = _reason(reason_text)
    found = w.rows(
        "SELECT id, person_id, year, grade, action, voided_on, void_reason FROM evaluation"
        " WHERE person_id = :p AND year = :y",
        {"p": pid, "y": year},
    )
    if not found or found[0]["voided_on"] is not None:
        raise Refused(
            f"--year: 此人没有 {year} 年的评议结果", f"--year: no {year} result for this person"
        )
    before = found[0]
    w.execute(
        "UPDATE evaluation SET voided_on = :d, void_reason = :r WHERE id = :i",
        {"d": today, "r": reason, "i": before["id"]},
    )
    after = dict(before, voided_on=today, void_reason=reason)
    audit.record(
        w, "evaluation.void", "evaluation", before["id"], before=before, after=after, reason=reason
    )
    return before


def void_statement(w: Writer, year: int, reason_text: str | None, today: date) -> dict[str, Any]:
    """A statement publication entered in error: kept, marked void, the year's statement
    owed again; `dues statement --publish` records the right day."""
    reason = _reason(reason_text)
    found = w.rows(
        "SELECT id, year, published_on, voided_on, void_reason FROM dues_statement WHERE year = :y",
        {"y": year},
    )
    if not found or found[0]["voided_on"] is not None:
        raise Refused(
            f"--year: {year} 年的党费收缴情况没有公布记录",
            f"--year: no publication of the {year} statement is recorded",
        )
    before = found[0]
    w.execute(
        "UPDATE dues_statement SET voided_on = :d, void_reason = :r WHERE id = :i",
        {"d": today, "r": reason, "i": before["id"]},
    )
    after = dict(before, voided_on=today, void_reason=reason)
    audit.record(
        w,
        "dues.statement.void",
        "dues_statement",
        before["id"],
        before=before,
        after=after,
        reason=reason,
    )
    return before
