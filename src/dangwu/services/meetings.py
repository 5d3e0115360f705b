"""Recording meetings: expected attendees from the roster on the day, attendance, quorum."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from ..errors import Refused
from ..i18n import label, parse_code
from ..rules.meetings import MEETING_TYPES, VOTING_STAGE, quorum_met
from ..store import audit
from ..store.columns import full_row
from ..store.queries import away_on, expected_on
from ..store.reader import Reader, SessionReader, as_date
from ..store.refs import find_group, find_person_id
from ..store.writer import as_writer

if TYPE_CHECKING:
    from sqlmodel import Session

    from ..store.models import Meeting
    from ..store.writer import Writer

MEETING_CODES = MEETING_TYPES
LISTS = ("absent", "leave", "exempt")
MAX_TEXT = 100_000


@dataclass
class AttendanceInput:
    """REF[:reason] lists as typed after --absent, --leave and --exempt."""

    absent: str | None = None
    leave: str | None = None
    exempt: str | None = None
    guests: str | None = None


@dataclass
class MeetingInput:
    type: str
    on: date
    topic: str | None = None
    group: str | None = None
    host: str | None = None
    recorder: str | None = None
    place: str | None = None
    minutes: str | None = None
    resolutions: str | None = None
    planned: bool = False
    attendance: AttendanceInput = field(default_factory=AttendanceInput)
    again: bool = False  # a second meeting of the type on the day (and group), on purpose
    from_time: str | None = None  # "14:30", as typed after --from-time
    to_time: str | None = None
    work_report: bool = False  # a general meeting heard the committee's work report
    speaker: str | None = None  # who gave a 党课 (REF)
    cadre: bool = False  # a committee meeting on cadre matters (two thirds to be quorate)


def check_kind_options(
    kind: str, work_report: bool | None, speaker: str | None, cadre: bool | None
) -> None:
    """--work-report is for a general meeting, --speaker for a 党课, --cadre for a committee
    meeting."""
    if work_report and kind != "general":
        raise Refused(
            "--work-report: 只有支部党员大会听取支部委员会工作报告",
            "--work-report: only a general meeting hears the committee's work report",
        )
    if speaker and kind != "lecture":
        raise Refused(
            "--speaker: 只有党课记录讲课人", "--speaker: only a Party lecture has a speaker"
        )
    if cadre and kind != "committee":
        raise Refused(
            "--cadre: 只有支部委员会会议讨论干部问题",
            "--cadre: only a committee meeting is one on cadre matters",
        )


def speaker_id(reader: Reader, ref: str, day: date) -> int:
    """The 党课's speaker: a member of the branch on the day."""
    pid = find_person_id(reader, ref, "--speaker")
    # a member of the branch that day, away (流动党员) or not: who may speak is not who is expected
    if pid not in {r["id"] for r in expected_on(reader, day, "lecture", None, with_away=True)}:
        raise Refused(
            f"--speaker: {ref} 在 {day} 不是本支部党员",
            f"--speaker: {ref} was not a member of the branch on {day}",
        )
    return pid


def parse_type(value: str, field: str = "TYPE") -> str:
    return parse_code("meeting_type", value, field, MEETING_CODES)


def split_refs(value: str | None, field: str = "REF") -> list[tuple[str, str | None]]:
    """'张伟:出差,李秀英' → [('张伟', '出差'), ('李秀英', None)]; Chinese commas too. An
    empty item (a doubled comma) is skipped; a reason with no one before it is refused, or
    the person meant would silently count as present."""
    if not value:
        return []
    out = []
    for item in re.split(r"[,，、;；]", value):
        m = re.match(r"^\s*(.*?)\s*(?:[:：](.*))?$", item, re.S)
        if m and m.group(1):
            out.append((m.group(1), (m.group(2) or "").strip() or None))
        elif m and (m.group(2) or "").strip():
            raise Refused(
                f"{field}: “{item.strip()}”缺少成员（应为 姓名:原因）",
                f"{field}: {item.strip()!r} names no member (expected NAME:reason)",
            )
    return out


_CLOCK = re.compile(r"^\s*([01]?\d|2[0-3])\s*[:：]\s*([0-5]\d)\s*$")


def parse_clock(value: str | None, field_name: str) -> str | None:
    """A time of day as the head of a 会议记录 gives it: "14:30", "9:05" or "14：30" (a
    Chinese colon) → "HH:MM"; empty → None; anything else refused naming the option."""
    if value is None or not value.strip():
        return None
    m = _CLOCK.match(value)
    if m is None:
        raise Refused(
            f"{field_name}: 时间应为 时:分（如 14:30）：{value!r}",
            f"{field_name}: a time is HH:MM (e.g. 14:30): {value!r}",
        )
    return f"{int(m.group(1)):02d}:{m.group(2)}"


def check_hours(from_time: str | None, to_time: str | None, field_name: str = "--to-time") -> None:
    """The meeting ends after it begins (both "HH:MM", so text order is time order)."""
    if from_time is not None and to_time is not None and to_time <= from_time:
        raise Refused(
            f"{field_name}: 结束时间 {to_time} 应晚于开始时间 {from_time}",
            f"{field_name}: the end {to_time} must be after the start {from_time}",
        )


def _text(value: str | None, field_name: str) -> str | None:
    if value is None:
        return None
    text = value.strip()
    if len(text) > MAX_TEXT:
        raise Refused(
            f"{field_name}: 超过 {MAX_TEXT} 字", f"{field_name}: longer than {MAX_TEXT} characters"
        )
    if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text):
        raise Refused(f"{field_name}: 含控制字符", f"{field_name}: contains control characters")
    return text or None


def _statuses(reader: Reader, att: AttendanceInput) -> dict[int, tuple[str, str | None, str]]:
    """person id → (status, reason, the REF as typed); a person in two lists is refused."""
    marked: dict[int, tuple[str, str | None, str]] = {}
    for status in LISTS:
        option = f"--{status}"
        for ref, reason in split_refs(getattr(att, status), option):
            pid = find_person_id(reader, ref, option)
            if pid in marked:
                other = marked[pid][0]
                raise Refused(
                    f"{option}: {ref} 同时出现在 --{other} 和 {option} 中",
                    f"{option}: {ref} is listed under both --{other} and {option}",
                )
            if reason is not None:
                reason = _text(reason, option)
            marked[pid] = (status, reason, ref)
    return marked


def compute_attendance(
    reader: Reader,
    meeting_type: str,
    day: date,
    group_id: int | None,
    att: AttendanceInput,
    carried: dict[int, tuple[str, str | None, str]] | None = None,
    cadre: bool = False,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The attendance rows and counts of a meeting on `day`. `carried`: marks recorded
    before (`meeting edit`), kept where the same list is not given again."""
    concerned = expected_on(reader, day, meeting_type, group_id)
    if not concerned:
        what = {
            "committee": ("支部委员会没有在任委员", "the branch had no committee in office"),
            "group": ("该党小组没有党员", "the group had no members"),
        }.get(meeting_type, ("支部没有党员", "the branch had no members"))
        raise Refused(
            f"--on: {day} {what[0]}，无人应到", f"--on: on {day} {what[1]}; nobody was expected"
        )
    by_id = {r["id"]: r for r in concerned}
    marked = _statuses(reader, att)
    for pid, mark in (carried or {}).items():
        if pid not in by_id and away_on(reader, pid, day) is not None:
            continue  # recorded away since (流动党员): no longer expected, the mark goes
        if getattr(att, mark[0]) is None and pid not in marked:
            marked[pid] = mark
    for pid, (status, _, ref) in marked.items():
        away = None if pid in by_id else away_on(reader, pid, day)
        if away is not None:
            # a member away (流动党员) is not expected here: no mark to make (RULES.md)
            raise Refused(
                f"--{status}: {ref} 在 {day} 外出（流动党员，{away['place']}，自 {away['from_on']}），"
                "不是本次会议的应到人员，无需标记",
                f"--{status}: {ref} was away on {day} (working or studying in {away['place']}"
                f" since {away['from_on']}) and not expected at this meeting: nothing to mark",
            )
        if pid not in by_id:
            raise Refused(
                f"--{status}: {ref} 在 {day} 不是本次会议的应到人员",
                f"--{status}: {ref} was not expected at this meeting on {day}",
            )
    rows = []
    for r in concerned:
        status, reason, _ = marked.get(r["id"], ("present", None, ""))
        rows.append(
            {
                "person_id": r["id"],
                "name": r["name"],
                "status": status,
                "reason": reason,
                "voting": r["stage"] == VOTING_STAGE,
            }
        )
    counted = [r for r in rows if r["status"] != "exempt"]
    counts = {
        "expected": len(counted),
        "present": sum(r["status"] == "present" for r in counted),
        "voting_expected": sum(r["voting"] for r in counted),
        "voting_present": sum(r["voting"] and r["status"] == "present" for r in counted),
    }
    counts["quorum_met"] = quorum_met(
        meeting_type, counts["voting_expected"], counts["voting_present"], cadre
    )
    return rows, counts


def _present_person(reader: Reader, ref: str, field: str, day: date) -> int:
    """A host or recorder: anyone in the ledger who had not left by the meeting's day."""
    pid = find_person_id(reader, ref, field)
    left = reader.scalar("SELECT left_on FROM person WHERE id = :p", {"p": pid})
    if left is not None and str(left) <= day.isoformat():
        raise Refused(f"{field}: {ref} 已于 {left} 离开", f"{field}: {ref} left on {left}")
    return pid


def add_meeting(w: Writer, inp: MeetingInput, today: date) -> dict[str, Any]:
    """Record a meeting held (or planned) with its attendance; the meeting's row as stored."""
    if inp.on > today and not inp.planned:
        raise Refused(
            f"--on: {inp.on} 晚于今天；预定的会议请加 --planned",
            f"--on: {inp.on} is in the future; add --planned to schedule a meeting",
        )
    group_id = None
    if inp.type == "group":
        if not inp.group:
            raise Refused(
                "--group: 党小组会必须指定党小组", "--group: a group meeting needs --group"
            )
        group_id = find_group(w, inp.group, on=inp.on)["id"]
    elif inp.group:
        group_id = find_group(w, inp.group, on=inp.on)["id"]
    if not inp.again:
        _refuse_same_day(w, inp.type, inp.on, group_id)
    host = _present_person(w, inp.host, "--host", inp.on) if inp.host else None
    recorder = _present_person(w, inp.recorder, "--recorder", inp.on) if inp.recorder else None
    guests = [g.strip() for g in re.split(r"[,，、]", inp.attendance.guests or "") if g.strip()]
    from_time = parse_clock(inp.from_time, "--from-time")
    to_time = parse_clock(inp.to_time, "--to-time")
    check_hours(from_time, to_time)
    check_kind_options(inp.type, inp.work_report, inp.speaker, inp.cadre)
    speaker = speaker_id(w, inp.speaker, inp.on) if inp.speaker else None
    meeting = full_row(
        "meeting",
        {
            "type": inp.type,
            "held_on": inp.on,
            "status": "planned" if inp.planned else "held",
            "topic": _text(inp.topic, "--topic"),
            "group_id": group_id,
            "host_id": host,
            "recorder_id": recorder,
            "place": _text(inp.place, "--place"),
            "from_time": from_time,
            "to_time": to_time,
            "minutes": _text(inp.minutes, "--minutes"),
            "resolutions": _text(inp.resolutions, "--resolutions"),
            "guests": _text("、".join(guests), "--guest") if guests else None,
            "work_report": True if inp.work_report else None,
            "speaker_id": speaker,
            "cadre": True if inp.cadre else None,
        },
    )
    if inp.planned:
        if any(getattr(inp.attendance, k) for k in LISTS):
            raise Refused(
                "--absent: 预定的会议在确认时才记录出缺席（meeting confirm）",
                "--absent: attendance of a planned meeting is recorded by `meeting confirm`",
            )
        meeting["id"] = w.insert("meeting", meeting)
        audit.record(w, "meeting.plan", "meeting", meeting["id"], after=meeting)
        return meeting
    rows, counts = compute_attendance(
        w, inp.type, inp.on, group_id, inp.attendance, cadre=inp.cadre
    )
    meeting.update(counts)
    meeting["id"] = w.insert("meeting", meeting)
    w.insert_many(
        "meeting_attendance",
        ATTENDANCE_COLUMNS,
        [dict(r, meeting_id=meeting["id"]) for r in rows],
    )
    audit.record(
        w,
        "meeting.add",
        "meeting",
        meeting["id"],
        after=meeting | {"attendance": _audit_rows(rows)},
    )
    return meeting


def _refuse_same_day(
    reader: Reader, kind: str, on: date, group_id: int | None, itself: int = 0
) -> None:
    """A meeting of the type already on the day (and group) is most likely this one typed
    twice (issue 17); `--again` records a second one."""
    found = reader.scalar(
        """SELECT MIN(id) FROM meeting WHERE type = :t AND held_on = :d AND voided_on IS NULL
             AND (group_id = :g OR (group_id IS NULL AND :g0 = 1)) AND id != :self""",
        {"t": kind, "d": on, "g": group_id or 0, "g0": int(group_id is None), "self": itself},
    )
    if found is not None:
        what = label("meeting_type", kind)
        raise Refused(
            f"--on: {on} 已记录过{what}（会议 {found}，更正用 dangwu meeting edit {found}）；"
            "若确是同一天的又一次，请加 --again",
            f"--on: a {what} on {on} is already recorded (meeting {found}; correct it with"
            f" dangwu meeting edit {found}); add --again if this is another one the same day",
        )


@dataclass
class MeetingEdit:
    """What `meeting edit` was given; None: keep what is recorded."""

    on: date | None = None
    topic: str | None = None
    group: str | None = None
    host: str | None = None
    recorder: str | None = None
    place: str | None = None
    minutes: str | None = None
    resolutions: str | None = None
    attendance: AttendanceInput = field(default_factory=AttendanceInput)
    again: bool = False
    from_time: str | None = None  # "" clears it
    to_time: str | None = None
    work_report: bool | None = None  # --work-report / --no-work-report
    speaker: str | None = None  # "" clears it


def edit_meeting(w: Writer, meeting_id: int, edit: MeetingEdit, today: date) -> dict[str, Any]:
    """Correct a recorded meeting: what is given replaces what was recorded; its attendance
    is derived again from the ledger as of its (new) day, the marks not given again kept.
    Refused as `meeting add` would refuse the result. The meeting's row as stored."""
    from ..store.columns import TABLES

    columns = ", ".join(f'"{c}"' for c in TABLES["meeting"])
    found = w.rows(f"SELECT {columns} FROM meeting WHERE id = :i", {"i": meeting_id})
    if not found:
        raise Refused(f"ID: 没有编号为 {meeting_id} 的会议", f"ID: no meeting {meeting_id}")
    before = found[0]
    if before["voided_on"] is not None:
        raise Refused(f"ID: 会议 {meeting_id} 已作废", f"ID: meeting {meeting_id} was voided")
    planned = before["status"] == "planned"
    day = edit.on or as_date(before["held_on"])
    assert day is not None
    if day > today and not planned:
        raise Refused(f"--on: {day} 晚于今天", f"--on: {day} is in the future")
    if planned and any(getattr(edit.attendance, k) is not None for k in LISTS):
        raise Refused(
            "--absent: 预定的会议在确认时才记录出缺席（meeting confirm）",
            "--absent: attendance of a planned meeting is recorded by `meeting confirm`",
        )
    group_id = find_group(w, edit.group, on=day)["id"] if edit.group else before["group_id"]
    recount = not planned and (
        day != as_date(before["held_on"])
        or group_id != before["group_id"]
        or any(getattr(edit.attendance, k) is not None for k in LISTS)
    )
    if recount:
        for event_id, kind, name in w.tuples(
            """SELECT e.id, e.kind, p.name FROM dev_event e JOIN person p ON p.id = e.person_id
               WHERE e.meeting_id = :m AND e.voided_on IS NULL ORDER BY e.id""",
            {"m": meeting_id},
        ):
            # the step's vote was counted against this meeting's attendance on its day
            raise Refused(
                f"--on: 会议 {meeting_id} 表决了 {name} 的{label('dev_kind', kind)}（发展记录"
                f" {event_id}），不能更改日期、党小组或出缺席",
                f"--on: meeting {meeting_id} voted on {name}'s {kind} (development record"
                f" {event_id}); its day, group and attendance cannot change",
            )
    if not edit.again and (day, group_id) != (as_date(before["held_on"]), before["group_id"]):
        _refuse_same_day(w, before["type"], day, group_id, itself=meeting_id)

    def person(given: str | None, field_name: str, recorded: int | None) -> int | None:
        ref = given if given is not None else (str(recorded) if recorded else None)
        return _present_person(w, ref, field_name, day) if ref else None

    after = dict(before)
    after.update(
        held_on=day,
        group_id=group_id,
        host_id=person(edit.host, "--host", before["host_id"]),
        recorder_id=person(edit.recorder, "--recorder", before["recorder_id"]),
    )
    for key in ("topic", "place", "minutes", "resolutions"):
        given = getattr(edit, key)
        if given is not None:
            after[key] = _text(given, f"--{key}")
    for key in ("from_time", "to_time"):
        given = getattr(edit, key)
        if given is not None:
            after[key] = parse_clock(given, "--" + key.replace("_", "-"))
    check_hours(
        after["from_time"],
        after["to_time"],
        "--from-time" if edit.to_time is None else "--to-time",
    )
    check_kind_options(before["type"], edit.work_report, edit.speaker, None)
    if edit.work_report is not None:
        after["work_report"] = True if edit.work_report else None
    if edit.speaker is not None:
        after["speaker_id"] = speaker_id(w, edit.speaker, day) if edit.speaker.strip() else None
    elif after["speaker_id"] is not None and day != as_date(before["held_on"]):
        after["speaker_id"] = speaker_id(w, str(after["speaker_id"]), day)
    if edit.attendance.guests is not None:
        guests = [g.strip() for g in re.split(r"[,，、]", edit.attendance.guests) if g.strip()]
        after["guests"] = _text("、".join(guests), "--guest") if guests else None
    old_rows = w.rows(
        """SELECT person_id, status, reason FROM meeting_attendance
           WHERE meeting_id = :m AND status != 'present' ORDER BY person_id""",
        {"m": meeting_id},
    )
    before_audit = before | {"attendance": [list(r.values()) for r in old_rows]}
    rows: list[dict[str, Any]] = []
    if recount:
        carried = {
            r["person_id"]: (r["status"], r["reason"], str(r["person_id"])) for r in old_rows
        }
        rows, counts = compute_attendance(
            w, before["type"], day, group_id, edit.attendance, carried, bool(before["cadre"])
        )
        after.update(counts)
        w.execute("DELETE FROM meeting_attendance WHERE meeting_id = :m", {"m": meeting_id})
        w.insert_many(
            "meeting_attendance",
            ATTENDANCE_COLUMNS,
            [dict(r, meeting_id=meeting_id) for r in rows],
        )
    changed = {k: v for k, v in after.items() if k != "id"}
    w.execute(
        "UPDATE meeting SET " + ", ".join(f'"{k}" = :{k}' for k in changed) + " WHERE id = :id",
        changed | {"id": meeting_id},
    )
    after_audit = after | {
        "attendance": _audit_rows(rows) if recount else before_audit["attendance"]
    }
    audit.record(w, "meeting.edit", "meeting", meeting_id, before=before_audit, after=after_audit)
    return after


# The stored counts of a meeting (store/models.Meeting), computed on the day it is recorded.
COUNT_COLUMNS = ("expected", "present", "voting_expected", "voting_present", "quorum_met")
ATTENDANCE_COLUMNS = ("meeting_id", "person_id", "status", "voting", "reason")


def _audit_rows(rows: list[dict[str, Any]]) -> list[list[Any]]:
    return [[r["person_id"], r["status"], r["reason"]] for r in rows if r["status"] != "present"]


def _store_attendance(session: Session, meeting: Meeting, rows: list[dict[str, Any]]) -> None:
    as_writer(session).insert_many(
        "meeting_attendance", ATTENDANCE_COLUMNS, [dict(r, meeting_id=meeting.id) for r in rows]
    )


def confirm_meeting(
    session: Session, meeting_id: int, on: date | None, att: AttendanceInput, today: date
) -> Meeting:
    from ..store.models import Meeting

    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise Refused(f"ID: 没有编号为 {meeting_id} 的会议", f"ID: no meeting {meeting_id}")
    if meeting.voided_on is not None:
        raise Refused(f"ID: 会议 {meeting_id} 已作废", f"ID: meeting {meeting_id} was voided")
    if meeting.status != "planned":
        raise Refused(
            f"ID: 会议 {meeting_id} 已经记录为召开，不是预定会议",
            f"ID: meeting {meeting_id} is already recorded as held",
        )
    before = audit.row_dict(meeting)
    day = on or meeting.held_on
    if day > today:
        raise Refused(
            f"--on: {day} 晚于今天，会议尚未召开", f"--on: {day} is in the future; not held yet"
        )
    rows, counts = compute_attendance(
        SessionReader(session), meeting.type, day, meeting.group_id, att, cadre=bool(meeting.cadre)
    )
    meeting.held_on, meeting.status = day, "held"
    for key, value in counts.items():
        setattr(meeting, key, value)
    session.add(meeting)
    session.flush()
    _store_attendance(session, meeting, rows)
    audit.record(
        session,
        "meeting.confirm",
        "meeting",
        meeting.id,
        before=before,
        after=audit.row_dict(meeting) | {"attendance": _audit_rows(rows)},
    )
    return meeting
