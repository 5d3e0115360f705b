"""Development of new members: each step checks every precondition of rules/development.py,
refuses naming all unmet ones at once, or records the step (with --force, its reason)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from ..errors import Refused
from ..rules import development as rules
from ..store import audit
from ..store.columns import full_row
from ..store.dev_history import load_history
from ..store.queries import IN_BRANCH, STAGE_AT, stage_on
from ..store.reader import Reader, SessionReader, as_date
from ..store.refs import find_person_id
from ..store.writer import as_writer
from .person_fields import validate

if TYPE_CHECKING:
    from sqlmodel import Session

    from ..store.models import Person
    from ..store.writer import Writer

STEP_STAGE = {
    "apply": "applicant",
    "activist": "activist",
    "candidate": "candidate",
    "admit": "probationary",
    "convert": "full",
}


# The option to name when a precondition fails (CLI.md: the line names the field).
UNMET_FIELD = {
    "contacts": "--contacts",
    "introducers": "--introducers",
    "votes": "--for",
    "meeting": "--meeting",
    "quorum": "--meeting",
    "date": "--on",
    "months": "--months",
    "recommendation": "--recommendation",
    "age": "--birth-date",
    "birth_date": "--birth-date",
}


def _refuse_or_force(unmet: list[rules.Unmet], force_reason: str | None, step: str) -> None:
    if unmet and not force_reason:
        step = UNMET_FIELD.get(unmet[0].code, step)
        zh = "；".join(u.text("zh") for u in unmet)
        en = "; ".join(u.text("en") for u in unmet)
        raise Refused(
            f"{step}: 条件不满足：{zh}（录入历史记录可用 --force --reason）",
            f"{step}: preconditions not met: {en} (use --force --reason for historical records)",
        )


def _not_future(on: date, today: date) -> None:
    if on > today:
        raise Refused(f"--on: {on} 晚于今天", f"--on: {on} is in the future")


def _person_open(reader: Reader, ref: str) -> tuple[int, dict[str, Any]]:
    pid = find_person_id(reader, ref)
    row = reader.rows(
        "SELECT id, name, left_on, left_reason FROM person WHERE id = :p", {"p": pid}
    )[0]
    if row["left_on"] is not None:
        raise Refused(
            f"REF: {row['name']} 已于 {row['left_on']} 离开（{row['left_reason']}）",
            f"REF: {row['name']} left on {row['left_on']} ({row['left_reason']})",
        )
    return pid, row


def _event(
    target: Writer | Session,
    pid: int,
    kind: str,
    on: date,
    force_reason: str | None = None,
    stage_on: date | None = None,
    **fields: Any,
) -> int:
    """Record one event of the file (and the stage it begins, dated `stage_on` when that is
    not the event's own day); its id."""
    w = as_writer(target)
    event = full_row(
        "dev_event",
        {"person_id": pid, "kind": kind, "on_date": on, "forced_reason": force_reason, **fields},
    )
    event["id"] = w.insert("dev_event", event)
    entries = [
        audit.entry(f"dev.{kind}", "dev_event", event["id"], after=event, reason=force_reason)
    ]
    if kind in STEP_STAGE:
        stage = full_row(
            "stage_event",
            {
                "person_id": pid,
                "stage": STEP_STAGE[kind],
                "on_date": stage_on or on,
                "note": f"dev {kind}",
            },
        )
        stage["id"] = w.insert("stage_event", stage)
        # the stage history is the roster's truth: its new step is in the trail as well
        entries.append(
            audit.entry(f"dev.{kind}", "stage_event", stage["id"], after=stage, reason=force_reason)
        )
    audit.record_many(w, entries)
    return int(event["id"])


def _check_order(reader: Reader, pid: int, on: date) -> None:
    last = as_date(
        reader.scalar("SELECT MAX(on_date) FROM stage_event WHERE person_id = :p", {"p": pid})
    )
    if last is not None and on < last:
        raise Refused(
            f"--on: {on} 早于此人上一个阶段的日期 {last}",
            f"--on: {on} is before their previous stage on {last}",
        )


def apply(
    session: Session, raw: dict[str, Any], on: date, today: date, force_reason: str | None
) -> Person:
    _not_future(on, today)
    values, problems = validate(dict(raw, stage="applicant"), today, stages=("applicant",))
    if problems:
        raise problems[0].refused()
    from ..store.models import Person
    from ..store.reader import SessionReader
    from .enrolment import PERSON_KEYS, check_not_duplicate

    check_not_duplicate(SessionReader(session), values)
    _refuse_or_force(rules.check_apply(values.get("birth_date"), on), force_reason, "--birth-date")
    values["joined_on"] = on
    fields: dict[str, Any] = {k: values.get(k) for k in PERSON_KEYS}
    person = Person(**fields, join_kind="applicant")
    session.add(person)
    session.flush()
    assert person.id is not None
    if values.get("group"):
        from .members import move_to_group

        move_to_group(session, person, values["group"], on)
    audit.record(session, "member.apply", "person", person.id, after=audit.row_dict(person))
    _event(session, person.id, "apply", on, force_reason)
    return person


LOG_NAMES = {
    "talk": "谈话",
    "review": "考察",
    "thought_report": "思想汇报",
    "training": "集中培训",
    "political_review": "政审",
    "pre_review": "预审",
    "public_notice": "公示",
    "oath": "入党宣誓",
    "filing": "上级党委备案",
    "committee_review": "支部委员会审查",
    "application_form": "入党志愿书",
    "higher_talk": "上级党委派人谈话",
    "resolution_sent": "决议报上级党委",
    "conversion_application": "转正申请",
    "archive": "材料归档",
    "mass_forum": "群众座谈会",
}
STAGE_NAMES = {
    "applicant": ("入党申请人", "an applicant"),
    "activist": ("入党积极分子", "an activist"),
    "candidate": ("发展对象", "a candidate"),
    "probationary": ("预备党员", "a probationary member"),
    "full": ("正式党员", "a full member"),
}


def _stages_text(stages: tuple[str, ...]) -> tuple[str, str]:
    if set(stages) == set(rules.PIPELINE):
        return "发展过程中的人员", "someone in the development pipeline"
    zh = "或".join(STAGE_NAMES[s][0] for s in stages)
    en = " or ".join(STAGE_NAMES[s][1] for s in stages)
    return zh, en


@dataclass
class LogResult:
    name: str
    kind: str
    notice_days: tuple[int, bool] | None


def log(
    w: Writer,
    ref: str,
    kind: str,
    on: date,
    by: str | None,
    hours: str | None,
    until: date | None,
    note: str | None,
    today: date,
    number: str | None = None,
) -> LogResult:
    if kind not in rules.LOG_KINDS:
        raise Refused(
            f"KIND: 无法识别的记录类型 {kind!r}，应为 {', '.join(rules.LOG_KINDS)}",
            f"KIND: unknown kind {kind!r}; use one of {', '.join(rules.LOG_KINDS)}",
        )
    _not_future(on, today)
    reader = w
    pid, row = _person_open(reader, ref)
    stage = stage_on(reader, pid, on)
    allowed = rules.LOG_STAGES[kind]
    if stage not in rules.PIPELINE and stage not in allowed:
        shown = STAGE_NAMES[stage][0] if stage in STAGE_NAMES else "无"
        raise Refused(
            f"REF: {row['name']} 在 {on} 不在发展过程中（阶段：{shown}）",
            f"REF: {row['name']} is not in the development pipeline on {on} (stage: {stage or 'none'})",
        )
    if stage not in allowed:
        who_zh, who_en = _stages_text(allowed)
        raise Refused(
            f"KIND: {LOG_NAMES[kind]}只记录于{who_zh}（{row['name']} 在 {on} 不是{who_zh}）",
            f"KIND: {kind} is recorded for {who_en} only ({row['name']} was not {who_en} on {on})",
        )
    if (
        stage == "full"
        and reader.scalar(
            "SELECT 1 FROM dev_event WHERE person_id = :p AND kind = 'convert' AND voided_on IS NULL",
            {"p": pid},
        )
        is None
    ):
        raise Refused(
            f"REF: {row['name']} 的转正不在本账本中，没有可记录的{LOG_NAMES[kind]}",
            f"REF: {row['name']} was not converted in this ledger; no {kind} to record",
        )
    if kind == "application_form":
        number = (number or "").strip()
        if not number:
            raise Refused(
                "--number: 入党志愿书须给出编号 --number",
                "--number: the application form needs its number (--number)",
            )
        if len(number) > 40 or re.search(r"[\x00-\x1f\x7f]", number):
            raise Refused(
                f"--number: 编号过长或含控制字符：{number!r}",
                f"--number: too long or has control characters: {number!r}",
            )
        taken = reader.scalar(
            """SELECT p.name FROM dev_event e JOIN person p ON p.id = e.person_id
               WHERE e.kind = 'application_form' AND e.number = :n AND e.person_id <> :p
                 AND e.voided_on IS NULL""",
            {"n": number, "p": pid},
        )
        if taken is not None:
            raise Refused(
                f"--number: 入党志愿书编号 {number} 已属于 {taken}",
                f"--number: application form {number} is already {taken}'s",
            )
    elif number is not None:
        raise Refused(
            "--number: 只用于 application_form（入党志愿书）",
            "--number: only for application_form",
        )
    if kind == "oath":
        h = load_history(reader, pid)
        approved = h.admission_approved_on
        # a member entered from a roster was admitted (and approved) before the ledger
        if h.tracked and (approved is None or approved > on):
            raise Refused(
                f"--on: 入党宣誓须在上级党委批准接收之后（{row['name']}"
                + (f" 于 {approved} 获批）" if approved else " 尚未获批，先记录 dev approve）"),
                f"--on: the oath follows the higher committee's approval ({row['name']}"
                + (
                    f" was approved on {approved})"
                    if approved
                    else " is not approved yet: dev approve first)"
                ),
            )
    by_id = find_person_id(reader, by, "--by") if by else None
    hours_value = None
    if hours is not None:
        if not re.fullmatch(r"\d{1,4}(\.\d{1,2})?", hours.strip()) or float(hours) <= 0:
            raise Refused(
                f"--hours: 无法识别的学时 {hours!r}", f"--hours: not a number of hours: {hours!r}"
            )
        hours_value = float(hours)
    if until is not None and until < on:
        raise Refused(f"--until: {until} 早于 --on {on}", f"--until: {until} is before --on {on}")
    if kind == "public_notice" and until is None:
        raise Refused(
            "--until: 公示须给出最后一天 --until",
            "--until: a public notice needs its last day (--until)",
        )
    if kind == "training" and hours_value is None and until is None:
        raise Refused(
            "--hours: 集中培训须给出 --hours 或 --until",
            "--hours: training needs --hours or --until",
        )
    if note is not None and (len(note) > 2000 or re.search(r"[\x00-\x08\x0b-\x1f\x7f]", note)):
        raise Refused("--note: 过长或含控制字符", "--note: too long or has control characters")
    twice = next(
        (
            i
            for i, u, h in w.tuples(
                """SELECT id, until_date, hours FROM dev_event
                   WHERE person_id = :p AND kind = :k AND on_date = :d AND voided_on IS NULL
                   ORDER BY id""",
                {"p": pid, "k": kind, "d": on},
            )
            if as_date(u) == until and h == hours_value
        ),
        None,
    )
    if twice is not None:
        # the same record twice on one day is one record typed twice (issue 17); one with
        # another last day or other hours corrects it (the later one counts)
        raise Refused(
            f"--on: {row['name']} {on} 的{LOG_NAMES[kind]}已记录（记录 {twice}，dangwu dev show"
            f" {pid}）",
            f"--on: {row['name']}'s {kind} of {on} is already recorded (record {twice},"
            f" dangwu dev show {pid})",
        )
    _event(
        w,
        pid,
        kind,
        on,
        None,
        by_id=by_id,
        hours=hours_value,
        until_date=until,
        note=note,
        number=number or None,
    )
    days = rules.notice_working_days(on, until) if kind == "public_notice" and until else None
    return LogResult(row["name"], kind, days)


def _parties(reader: Reader, refs: str | None, on: date, field: str) -> list[rules.Party]:
    out = []
    for ref in [r.strip() for r in re.split(r"[,，、]", refs or "") if r.strip()]:
        pid = find_person_id(reader, ref, field)
        row = reader.rows(
            f"SELECT p.id, p.name, {STAGE_AT} AS stage, ({IN_BRANCH}) AS in_branch FROM person p WHERE p.id = :pid",
            {"d": on, "pid": pid},
        )[0]
        out.append(rules.Party(pid, row["name"], row["stage"], bool(row["in_branch"])))
    return out


def _link(target: Writer | Session, event_id: int, parties: list[rules.Party], role: str) -> None:
    rows = [
        full_row("dev_party", {"event_id": event_id, "person_id": p.person_id, "role": role})
        for p in {p.person_id: p for p in parties}.values()
    ]
    if not rows:
        return
    w = as_writer(target)
    for r, new_id in zip(rows, w.insert_many("dev_party", list(rows[0]), rows), strict=True):
        r["id"] = new_id
    audit.record_many(w, [audit.entry(f"dev.{role}", "dev_party", r["id"], after=r) for r in rows])


def _deciding_meeting(reader: Reader, meeting_id: int | None, on: date) -> int | None:
    """The 支部委员会 (or, in a branch without one, the general meeting) that decided a
    designation (发展细则 ch. 3-4: 支部委员会研究决定): held, not voided, not after the day."""
    if meeting_id is None:
        return None
    rows = reader.rows(
        "SELECT type, held_on, status, voided_on FROM meeting WHERE id = :m", {"m": meeting_id}
    )
    if not rows:
        raise Refused(
            f"--meeting: 没有编号为 {meeting_id} 的会议", f"--meeting: no meeting {meeting_id}"
        )
    m = rows[0]
    held_on = as_date(m["held_on"])
    problem = None
    if m["voided_on"] is not None:
        problem = ("已作废", "was voided")
    elif m["type"] not in ("committee", "general"):
        problem = ("不是支部委员会或支部党员大会", "is not a committee or general meeting")
    elif m["status"] != "held" or held_on is None:
        problem = ("尚未召开（预定）", "is only planned")
    elif held_on > on:
        problem = (f"召开于 {held_on}，晚于 --on {on}", f"was held on {held_on}, after --on {on}")
    if problem is not None:
        raise Refused(
            f"--meeting: 会议 {meeting_id} {problem[0]}",
            f"--meeting: meeting {meeting_id} {problem[1]}",
        )
    return meeting_id


def activist(
    session: Session,
    ref: str,
    on: date,
    contacts: str | None,
    recommendation: str,
    today: date,
    force_reason: str | None,
    meeting_id: int | None = None,
) -> str:
    _not_future(on, today)
    if recommendation not in rules.RECOMMENDATIONS:
        # a code dangwu parses is refused outright (CLI.md), --force or not
        raise Refused(
            f"--recommendation: 应为 party、league 或 mass：{recommendation!r}",
            f"--recommendation: use party, league or mass: {recommendation!r}",
        )
    reader = SessionReader(session)
    pid, row = _person_open(reader, ref)
    h = load_history(reader, pid)
    parties = _parties(reader, contacts, on, "--contacts")
    meeting = _deciding_meeting(reader, meeting_id, on)
    unmet = rules.check_activist(h, stage_on(reader, pid, on), on, parties, pid, recommendation)
    _refuse_or_force(unmet, force_reason, "REF")
    _check_order(reader, pid, on)
    event = _event(
        session,
        pid,
        "activist",
        on,
        force_reason,
        recommendation=recommendation,
        meeting_id=meeting,
    )
    _link(session, event, parties, "contact")
    return row["name"]


def candidate(
    session: Session,
    ref: str,
    on: date,
    introducers: str,
    today: date,
    force_reason: str | None,
    meeting_id: int | None = None,
) -> str:
    _not_future(on, today)
    reader = SessionReader(session)
    pid, row = _person_open(reader, ref)
    h = load_history(reader, pid)
    parties = _parties(reader, introducers, on, "--introducers")
    from ..rules.profile import partial_periods
    from ..store.profile_queries import stored_profile

    partial = partial_periods(stored_profile(reader))
    meeting = _deciding_meeting(reader, meeting_id, on)
    unmet = rules.check_candidate(h, stage_on(reader, pid, on), on, parties, pid, partial)
    _refuse_or_force(unmet, force_reason, "REF")
    _check_order(reader, pid, on)
    event = _event(session, pid, "candidate", on, force_reason, meeting_id=meeting)
    _link(session, event, parties, "introducer")
    return row["name"]


def _vote(reader: Reader, meeting_id: int, votes: tuple[int, int, int]) -> rules.Vote:
    rows = reader.rows(
        """SELECT type, held_on, status, quorum_met, voting_expected, voting_present, voided_on
           FROM meeting WHERE id = :m""",
        {"m": meeting_id},
    )
    if not rows:
        raise Refused(
            f"--meeting: 没有编号为 {meeting_id} 的会议", f"--meeting: no meeting {meeting_id}"
        )
    if rows[0]["voided_on"] is not None:
        raise Refused(
            f"--meeting: 会议 {meeting_id} 已作废，不能作为表决的会议",
            f"--meeting: meeting {meeting_id} was voided; no vote was taken at it",
        )
    m = rows[0]
    held_on = as_date(m["held_on"])
    assert held_on is not None
    return rules.Vote(
        m["type"],
        held_on,
        m["status"] == "held",
        None if m["quorum_met"] is None else bool(m["quorum_met"]),
        m["voting_expected"] or 0,
        m["voting_present"] or 0,
        *votes,
    )


def _vote_step(
    session: Session,
    kind: str,
    ref: str,
    on: date,
    meeting_id: int,
    votes: tuple[int, int, int],
    today: date,
    force_reason: str | None,
) -> tuple[str, date]:
    """admit and convert: a vote at a general meeting, checked by the rule for `kind`; the
    name, and the day the new stage began (for a conversion, the end of probation)."""
    _not_future(on, today)
    reader = SessionReader(session)
    pid, row = _person_open(reader, ref)
    h = load_history(reader, pid)
    vote = _vote(reader, meeting_id, votes)
    stage = stage_on(reader, pid, on)
    if kind == "admit":
        unmet = rules.check_admit(h, stage, on, vote, h.birth_date)
    else:
        unmet = rules.check_convert(h, stage, on, vote)
    _refuse_or_force(unmet, force_reason, "REF")
    _check_order(reader, pid, on)
    began = on
    if kind == "convert":
        began = rules.full_from(h, on)
    _event(
        session,
        pid,
        kind,
        on,
        force_reason,
        stage_on=began,
        meeting_id=meeting_id,
        votes_for=votes[0],
        votes_against=votes[1],
        votes_abstain=votes[2],
    )
    return row["name"], began


def admit(
    session: Session,
    ref: str,
    on: date,
    meeting_id: int,
    votes: tuple[int, int, int],
    today: date,
    force_reason: str | None,
) -> tuple[str, date]:
    """The general meeting accepts a candidate as a probationary member."""
    return _vote_step(session, "admit", ref, on, meeting_id, votes, today, force_reason)


def approve(
    session: Session, ref: str, on: date, today: date, force_reason: str | None
) -> tuple[str, str, bool]:
    """Returns (name, "admission"|"conversion", late)."""
    _not_future(on, today)
    reader = SessionReader(session)
    pid, row = _person_open(reader, ref)
    h = load_history(reader, pid)
    unmet = rules.check_approve(h, on)
    if unmet and unmet[0].code == "nothing_pending":
        raise Refused(f"REF: {row['name']}：{unmet[0].zh}", f"REF: {row['name']}: {unmet[0].en}")
    _refuse_or_force(unmet, force_reason, "--on")
    which = rules.pending_approval(h)
    assert which is not None
    meeting = h.converted_on if which == "conversion" else h.admitted_on
    assert meeting is not None
    _event(session, pid, f"approve_{which}", on, force_reason)
    return row["name"], which, on > rules.approve_due(meeting)


def convert(
    session: Session,
    ref: str,
    on: date,
    meeting_id: int,
    votes: tuple[int, int, int],
    today: date,
    force_reason: str | None,
) -> tuple[str, date]:
    """The general meeting converts a probationary member to full membership."""
    return _vote_step(session, "convert", ref, on, meeting_id, votes, today, force_reason)


def extend(
    session: Session,
    ref: str,
    on: date,
    months: int,
    meeting_id: int,
    today: date,
    force_reason: str | None,
) -> tuple[str, date]:
    _not_future(on, today)
    reader = SessionReader(session)
    pid, row = _person_open(reader, ref)
    h = load_history(reader, pid)
    vote = _vote(reader, meeting_id, (0, 0, 0))
    unmet = rules.check_extend(h, stage_on(reader, pid, on), on, months, vote)
    _refuse_or_force(unmet, force_reason, "REF")
    _event(session, pid, "extend", on, force_reason, meeting_id=meeting_id, months=months)
    h.extension_months = months
    end = h.probation_end
    assert end is not None
    return row["name"], end


def drop(session: Session, ref: str, on: date, reason: str, today: date) -> str:
    _not_future(on, today)
    reason = (reason or "").strip()
    if not reason:
        raise Refused("--reason: 必须说明理由", "--reason: a reason is required")
    reader = SessionReader(session)
    pid, row = _person_open(reader, ref)
    stage = stage_on(reader, pid, on)
    if stage not in rules.PIPELINE:
        # no stage on the day (not yet applied): say so in words, never Python's None
        shown_zh = STAGE_NAMES[stage][0] if stage in STAGE_NAMES else "无"
        shown_en = stage or "none"
        raise Refused(
            f"REF: {row['name']} 在 {on} 不在发展过程中（阶段：{shown_zh}），离开请用 member leave",
            f"REF: {row['name']} is not in the pipeline on {on} (stage: {shown_en});"
            " use `member leave`",
        )
    _check_order(reader, pid, on)
    from ..store.models import Person

    person = session.get(Person, pid)
    assert person is not None
    before = audit.row_dict(person)
    person.left_on, person.left_reason, person.left_note = on, "dropped", reason
    session.add(person)
    audit.record(
        session,
        "member.drop",
        "person",
        pid,
        before=before,
        after=audit.row_dict(person),
        reason=reason,
    )
    _event(session, pid, "drop", on, None, note=reason)
    return row["name"]
