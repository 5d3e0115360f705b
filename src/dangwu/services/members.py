"""Adding, editing, transferring and removing members of the branch."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from ..errors import Refused
from ..i18n import label, parse_code
from ..rules.periods import month_runs
from ..rules.transfer import DEFAULT_VALID_DAYS, MAX_VALID_DAYS, valid_days_problem
from ..store import audit
from ..store.models import GroupMembership, Person, StageEvent
from ..store.reader import Reader, SessionReader
from ..store.refs import resolve_group, resolve_person
from .enrolment import PERSON_KEYS, check_unique_id, first_problem
from .person_fields import validate


def _id(row: Any) -> int:
    """A stored row's id (a row read from the ledger or flushed into it always has one)."""
    assert row.id is not None
    return int(row.id)


def _current_membership(session: Session, person_id: int) -> GroupMembership | None:
    return session.exec(
        select(GroupMembership)
        .where(GroupMembership.person_id == person_id, col(GroupMembership.to_on).is_(None))
        .order_by(col(GroupMembership.id).desc())
    ).first()


def move_to_group(session: Session, person: Person, group_name: str | None, on: date) -> None:
    """Close the current group membership on `on` and open the new one (None: no group)."""
    current = _current_membership(session, _id(person))
    target = resolve_group(session, group_name, on=on) if group_name else None
    if current is not None and target is not None and current.group_id == target.id:
        return
    if current is not None:
        if current.from_on is not None and on < current.from_on:
            raise Refused(
                f"--on: {on} 早于当前党小组的起始日期 {current.from_on}",
                f"--on: {on} is before the current group's start {current.from_on}",
            )
        before = audit.row_dict(current)
        current.to_on = on
        session.add(current)
        audit.record(
            session,
            "group.leave",
            "group_membership",
            current.id,
            before=before,
            after=audit.row_dict(current),
        )
    if target is not None:
        gm = GroupMembership(person_id=_id(person), group_id=_id(target), from_on=on)
        session.add(gm)
        session.flush()
        audit.record(session, "group.join", "group_membership", gm.id, after=audit.row_dict(gm))


def _set_stage_date(
    session: Session, person: Person, stage: str, on: date | None, field: str
) -> None:
    event = session.exec(
        select(StageEvent)
        .where(StageEvent.person_id == person.id, StageEvent.stage == stage)
        .order_by(col(StageEvent.id))
    ).first()
    if event is None:
        if stage == "probationary" and on is not None:
            # an earlier admission date for someone entered as full without it: prepend
            first = session.exec(
                select(StageEvent)
                .where(StageEvent.person_id == person.id)
                .order_by(col(StageEvent.id))
            ).first()
            if first is not None and first.stage == "full":
                before = audit.row_dict(first)
                session.delete(first)
                session.flush()
                session.add(StageEvent(person_id=_id(person), stage="probationary", on_date=on))
                session.add(StageEvent(person_id=_id(person), stage="full", on_date=first.on_date))
                audit.record(
                    session,
                    "stage.reorder",
                    "stage_event",
                    first.id,
                    before=before,
                    after={"probationary": on, "full": first.on_date},
                )
                return
        raise Refused(
            f"{field}: 此人没有这一阶段的记录", f"{field}: this person has no such stage on record"
        )
    before = audit.row_dict(event)
    event.on_date = on
    session.add(event)
    audit.record(
        session,
        "stage.edit_date",
        "stage_event",
        event.id,
        before=before,
        after=audit.row_dict(event),
    )


def edit_member(
    session: Session, ref: str, raw: dict[str, Any], today: date, group_on: date
) -> Person:
    person = resolve_person(session, ref)
    if not raw:
        raise Refused(
            "REF: 没有要修改的字段（如 --phone、--group）",
            "REF: nothing to change (give e.g. --phone or --group)",
        )
    values, problems = validate(raw, today, partial=True)
    first_problem(problems)
    if values.get("id_number"):
        # before any change reaches the session: a query here would flush it first
        check_unique_id(
            SessionReader(session), values["id_number"], "--id-number", own_id=person.id
        )
    before = audit.row_dict(person)
    for key in PERSON_KEYS:
        if key in values:
            setattr(person, key, values[key])
    # consistency against what is already stored
    merged = audit.row_dict(person)
    _, problems = validate(
        {
            k: (v.isoformat() if isinstance(v, date) else v)
            for k, v in merged.items()
            if k in ("gender", "birth_date", "id_number")
        },
        today,
        partial=True,
    )
    first_problem(problems)
    if "admitted_on" in values:
        _set_stage_date(session, person, "probationary", values["admitted_on"], "--admitted-on")
    if "full_on" in values:
        _set_stage_date(session, person, "full", values["full_on"], "--full-on")
    session.flush()
    _check_stage_order(session, person)
    admitted = session.exec(
        select(func.min(StageEvent.on_date)).where(
            StageEvent.person_id == person.id, StageEvent.stage == "probationary"
        )
    ).first()
    # someone who applied here (`dev apply`) joined the branch long before their admission
    if (
        person.join_kind != "applicant"
        and person.joined_on is not None
        and admitted is not None
        and person.joined_on < admitted
    ):
        raise Refused(
            f"--joined-on: 加入本支部日期 {person.joined_on} 早于入党日期 {admitted}",
            f"--joined-on: {person.joined_on} is before the admission date {admitted}",
        )
    if "group" in values:
        move_to_group(session, person, values["group"], group_on)
    session.add(person)
    after = audit.row_dict(person)
    if before != after:
        audit.record(session, "member.edit", "person", person.id, before=before, after=after)
    return person


def _check_stage_order(session: Session, person: Person) -> None:
    dates = [
        (e.stage, e.on_date)
        for e in session.exec(
            select(StageEvent).where(StageEvent.person_id == person.id).order_by(col(StageEvent.id))
        )
        if e.on_date is not None
    ]
    for (s1, d1), (s2, d2) in zip(dates, dates[1:], strict=False):
        if d2 < d1:
            field = "--full-on" if s2 == "full" else "--admitted-on"
            raise Refused(
                f"{field}: {label('stage', s2)}日期 {d2} 早于{label('stage', s1)}日期 {d1}",
                f"{field}: the {s2} date {d2} is before the {s1} date {d1}",
            )


def transfer_out(
    session: Session,
    ref: str,
    to_org: str,
    on: date,
    letter: str | None,
    reason: str | None,
    valid_days: int = DEFAULT_VALID_DAYS,
) -> tuple[Person, str | None]:
    """Returns the person and the month their dues are paid through (for the letter).
    `valid_days`: the letter's validity (rules/transfer.py), printed on it by `print letter`."""
    if valid_days_problem(valid_days):
        raise Refused(
            f"--valid-days: 介绍信有效期应为 1 至 {MAX_VALID_DAYS} 天（最长不超过三个月）：{valid_days}",
            f"--valid-days: a letter is valid for 1 to {MAX_VALID_DAYS} days (three months at"
            f" most): {valid_days}",
        )
    from ..store.reader import SessionReader
    from .dues import owes_on

    person = resolve_person(session, ref)
    reader = SessionReader(session)
    owed = owes_on(reader, _id(person), on) if person.left_on is None else []
    if owed and not reason:
        # the months as `dues status` lists them: runs, not first..last over paid months
        span = month_runs(list(owed))
        raise Refused(
            f"REF: {person.name} 尚欠 {span} 党费（{len(owed)} 个月），介绍信须写明党费交至何月；"
            "请先补交，或用 --force --reason 说明",
            f"REF: {person.name} owes dues for {span} ({len(owed)} months) and the transfer letter "
            "states the month paid through; collect them first or use --force --reason",
        )
    through = paid_through(reader, person.id, on)  # type: ignore[arg-type]
    _leave(
        session,
        person,
        "transferred_out",
        on,
        org=to_org,
        letter=letter,
        note=reason,
        valid_days=valid_days,
    )
    return person, through


def paid_through(reader: Reader, pid: int, on: date) -> str | None:
    """The month a member's dues are paid through on `on`, as the transfer letter states it:
    the month before the first one unpaid through the month of `on`, or with none unpaid,
    the latest month paid (None: no month paid yet). One reckoning, in the store, for this
    and for `print letter` (store/dues_queries.py `paid_through`)."""
    from ..store.dues_queries import paid_through as reckon

    return reckon(reader, pid, on)


def record_receipt(session: Session, ref: str, on: date, replace: bool) -> Person:
    """Record the day the 回执 of a person's transfer letter came back (`member receipt`):
    refused for someone who did not transfer out, for a day before the transfer, and for a
    second time unless `replace` (the day is corrected, the old one kept in the trail)."""
    person = resolve_person(session, ref)
    if person.left_reason != "transferred_out" or person.left_on is None:
        raise Refused(
            f"REF: {person.name} 没有从本支部转出，没有介绍信回执可记",
            f"REF: {person.name} did not transfer out of this branch; there is no letter"
            " whose receipt could come back",
        )
    if on < person.left_on:
        raise Refused(
            f"--on: {on} 早于介绍信开具日期 {person.left_on}",
            f"--on: {on} is before the letter was issued on {person.left_on}",
        )
    if person.letter_receipt_on is not None and not replace:
        raise Refused(
            f"--on: {person.name} 的介绍信回执已于 {person.letter_receipt_on} 记录；更正请加 --replace",
            f"--on: the receipt of {person.name}'s letter was recorded on"
            f" {person.letter_receipt_on}; use --replace to correct it",
        )
    before = audit.row_dict(person)
    person.letter_receipt_on = on
    session.add(person)
    audit.record(
        session, "member.receipt", "person", person.id, before=before, after=audit.row_dict(person)
    )
    return person


def leave(session: Session, ref: str, reason_code: str, on: date) -> Person:
    person = resolve_person(session, ref)
    _leave(session, person, reason_code, on)
    return person


def _leave(
    session: Session,
    person: Person,
    reason: str,
    on: date,
    org: str | None = None,
    letter: str | None = None,
    note: str | None = None,
    valid_days: int | None = None,
) -> None:
    if person.left_on is not None:
        raise Refused(
            f"REF: {person.name} 已于 {person.left_on} 离开本支部",
            f"REF: {person.name} already left the branch on {person.left_on}",
        )
    if person.joined_on is not None and on < person.joined_on:
        raise Refused(
            f"--on: {on} 早于其加入本支部的日期 {person.joined_on}",
            f"--on: {on} is before they joined the branch on {person.joined_on}",
        )
    last_stage = session.exec(
        select(func.max(StageEvent.on_date)).where(StageEvent.person_id == person.id)
    ).first()
    if last_stage is not None and on < last_stage:
        raise Refused(
            f"--on: {on} 早于其最近的阶段变化 {last_stage}",
            f"--on: {on} is before their latest stage change on {last_stage}",
        )
    before = audit.row_dict(person)
    person.left_on, person.left_reason = on, reason
    person.left_org, person.left_letter, person.left_note = org, letter, note
    if valid_days is not None:
        person.letter_valid_days = valid_days
    session.add(person)
    current = _current_membership(session, _id(person))
    if current is not None and (current.from_on is None or current.from_on <= on):
        current.to_on = on
        session.add(current)
    for role in _open_roles(session, _id(person)):
        if role.from_on <= on:
            role.to_on = on
            session.add(role)
    audit.record(
        session,
        f"member.{'transfer_out' if reason == 'transferred_out' else 'leave'}",
        "person",
        person.id,
        before=before,
        after=audit.row_dict(person),
        reason=note,
    )


def _open_roles(session: Session, person_id: int) -> list[Any]:
    from ..store.models import CommitteeRole

    return list(
        session.exec(
            select(CommitteeRole).where(
                CommitteeRole.person_id == person_id, col(CommitteeRole.to_on).is_(None)
            )
        )
    )


def parse_leave_reason(value: str) -> str:
    return parse_code(
        "left_reason", value, "--reason", ("deceased", "withdrew", "removed", "expelled", "lapsed")
    )


def meetings_listing(session: Session, person_id: int, since: date) -> int:
    """Held meetings on or after `since` whose attendance lists the person: a departure
    recorded with an earlier date leaves them there."""
    from ..store.reader import SessionReader

    return int(
        SessionReader(session).scalar(
            """SELECT COUNT(*) FROM meeting_attendance a JOIN meeting m ON m.id = a.meeting_id
               WHERE a.person_id = :p AND m.status = 'held' AND m.voided_on IS NULL AND m.held_on >= :d""",
            {"p": person_id, "d": since},
        )
        or 0
    )
