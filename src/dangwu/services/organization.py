"""Party groups and the branch committee (支部委员会) with dated posts."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from ..errors import Refused
from ..i18n import parse_code
from ..store import audit
from ..store.models import CommitteeRole, PartyGroup, Person
from ..store.queries import stage_on
from ..store.reader import SessionReader
from ..store.refs import resolve_group, resolve_person

ROLE_CODES = ("secretary", "deputy_secretary", "organization", "propaganda", "discipline", "youth")
# One holder at a time (支部条例: the committee has one secretary; deputies may be several).
SINGLE_HOLDER = ("secretary", "organization", "propaganda", "discipline", "youth")


def _group_name(session: Session, name: str, field: str) -> str:
    clean = (name or "").strip()
    if not clean or len(clean) > 50 or any(ord(ch) < 32 for ch in clean):
        raise Refused(
            f"{field}: 党小组名称为空、过长或含控制字符",
            f"{field}: the group name is empty, too long or has control characters",
        )
    if clean.isdigit():
        raise Refused(
            f"{field}: 党小组名称不能是纯数字", f"{field}: a group name may not be only digits"
        )
    if session.exec(select(PartyGroup).where(PartyGroup.name == clean)).first():
        raise Refused(
            f"{field}: 党小组 {clean!r} 已存在", f"{field}: group {clean!r} already exists"
        )
    return clean


def _leader(session: Session, leader_ref: str) -> Person:
    leader = resolve_person(session, leader_ref, "--leader")
    if leader.left_on is not None:
        raise Refused(
            f"--leader: {leader.name} 已离开本支部", f"--leader: {leader.name} has left the branch"
        )
    return leader


def add_group(session: Session, name: str, leader_ref: str | None, today: date) -> PartyGroup:
    clean = _group_name(session, name, "NAME")
    leader = _leader(session, leader_ref) if leader_ref else None
    group = PartyGroup(name=clean, leader_id=leader.id if leader else None, created_on=today)
    session.add(group)
    session.flush()
    audit.record(session, "group.add", "party_group", group.id, after=audit.row_dict(group))
    return group


def edit_group(
    session: Session, name: str, new_name: str | None, leader_ref: str | None
) -> PartyGroup:
    """Rename a group or change its leader (`--leader ""`: none); the history of who
    belonged to it stays with the group, under its new name."""
    group = resolve_group(session, name, "NAME")
    before = audit.row_dict(group)
    if new_name is not None and new_name.strip() != group.name:
        group.name = _group_name(session, new_name, "--name")
    if leader_ref is not None:
        group.leader_id = _leader(session, leader_ref).id if leader_ref.strip() else None
    session.add(group)
    session.flush()
    audit.record(
        session, "group.edit", "party_group", group.id, before=before, after=audit.row_dict(group)
    )
    return group


def set_role(session: Session, ref: str, role_text: str, start: date) -> CommitteeRole:
    role = parse_code("role", role_text, "ROLE", ROLE_CODES)
    person = resolve_person(session, ref)
    assert person.id is not None  # read from the ledger: it has its id
    if person.left_on is not None and person.left_on <= start:
        raise Refused(
            f"REF: {person.name} 已于 {person.left_on} 离开本支部",
            f"REF: {person.name} left the branch on {person.left_on}",
        )
    if person.joined_on is not None and start < person.joined_on:
        raise Refused(
            f"--from: {start} 早于 {person.name} 加入本支部的日期 {person.joined_on}",
            f"--from: {start} is before {person.name} joined the branch ({person.joined_on})",
        )
    # 党章 art. 7: only full members have the right to stand for election.
    if stage_on(SessionReader(session), person.id, start) != "full":
        raise Refused(
            f"REF: {person.name} 在 {start} 不是正式党员，不能担任支委（党章第七条）",
            f"REF: {person.name} was not a full member on {start}; "
            "only full members can be elected (党章 art. 7)",
        )
    # the new post runs from `start` on: any post of this role not ended by then overlaps it
    overlapping = session.exec(
        select(CommitteeRole).where(
            CommitteeRole.role == role,
            col(CommitteeRole.to_on).is_(None) | (col(CommitteeRole.to_on) > start),
        )
    ).all()
    for r in overlapping:
        if r.person_id == person.id:
            raise Refused(
                f"ROLE: {person.name} 自 {r.from_on} 起已任此职",
                f"ROLE: {person.name} already holds this post since {r.from_on}",
            )
    if role in SINGLE_HOLDER and overlapping:
        holder = overlapping[0]
        until = holder.to_on or "—"
        who = session.get(Person, holder.person_id)
        name = f"{holder.person_id} {who.name if who else ''}".strip()
        raise Refused(
            f"ROLE: 此职务由 {name} 担任（{holder.from_on} 至 {until}），与 {start} 起的任期重叠",
            f"ROLE: held by {name} ({holder.from_on} to {until}), which overlaps "
            f"a term from {start}; end it first with `dangwu committee end`",
        )
    row = CommitteeRole(person_id=person.id, role=role, from_on=start)
    session.add(row)
    session.flush()
    audit.record(session, "committee.set", "committee_role", row.id, after=audit.row_dict(row))
    return row


def end_role(session: Session, ref: str, role_text: str, end: date) -> CommitteeRole:
    role = parse_code("role", role_text, "ROLE", ROLE_CODES)
    person = resolve_person(session, ref)
    row = session.exec(
        select(CommitteeRole).where(
            CommitteeRole.person_id == person.id,
            CommitteeRole.role == role,
            col(CommitteeRole.to_on).is_(None),
        )
    ).first()
    if row is None:
        raise Refused(
            f"ROLE: {person.name} 目前没有担任此职", f"ROLE: {person.name} does not hold this post"
        )
    if end < row.from_on:
        raise Refused(
            f"--on: {end} 早于任职开始日期 {row.from_on}",
            f"--on: {end} is before the post began on {row.from_on}",
        )
    before = audit.row_dict(row)
    row.to_on = end
    session.add(row)
    audit.record(
        session, "committee.end", "committee_role", row.id, before=before, after=audit.row_dict(row)
    )
    return row


def close_group(session: Session, name: str, on: date, today: date) -> tuple[PartyGroup, int]:
    """Close a party group from a day on: its members leave it that day (their group
    history keeps it), no group meeting is owed from then, and none can be recorded on or
    after it. The number of members moved out is returned, so they can be placed anew."""
    from ..store.models import GroupMembership

    group = resolve_group(session, name, "NAME")
    assert group.id is not None
    if group.closed_on is not None:
        raise Refused(
            f"NAME: 党小组 {group.name} 已于 {group.closed_on} 撤销",
            f"NAME: group {group.name} was closed on {group.closed_on}",
        )
    if on > today:
        raise Refused(f"--on: {on} 晚于今天", f"--on: {on} is in the future")
    later = SessionReader(session).scalar(
        "SELECT MIN(id) FROM meeting WHERE group_id = :g AND held_on >= :d AND voided_on IS NULL",
        {"g": group.id, "d": on},
    )
    if later is not None:
        raise Refused(
            f"--on: 党小组 {group.name} 在 {on} 及以后还有会议（会议 {later}）",
            f"--on: group {group.name} has a meeting on or after {on} (meeting {later})",
        )
    moved = session.exec(
        select(GroupMembership).where(
            GroupMembership.group_id == group.id,
            col(GroupMembership.to_on).is_(None) | (col(GroupMembership.to_on) > on),
        )
    ).all()
    entries = []
    for m in moved:
        before = audit.row_dict(m)
        if m.from_on is not None and m.from_on >= on:
            raise Refused(
                f"--on: 成员 {m.person_id} 于 {m.from_on} 才编入 {group.name}，晚于撤销日期",
                f"--on: member {m.person_id} joined {group.name} on {m.from_on}, after it",
            )
        m.to_on = on
        session.add(m)
        entries.append(
            audit.entry(
                "group.close",
                "group_membership",
                m.id,
                before=before,
                after=audit.row_dict(m),
            )
        )
    before = audit.row_dict(group)
    group.closed_on = on
    session.add(group)
    session.flush()
    entries.append(
        audit.entry(
            "group.close", "party_group", group.id, before=before, after=audit.row_dict(group)
        )
    )
    audit.record_many(session, entries)
    return group, len(moved)
