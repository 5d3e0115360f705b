"""Member references (REF): a numeric id, or a name that matches exactly one person."""

from __future__ import annotations

from sqlmodel import Session, select

from ..errors import Refused
from ..store.models import PartyGroup, Person


def resolve_person(session: Session, ref: str, field: str = "REF") -> Person:
    text = (ref or "").strip()
    if text.isdigit():
        person = session.get(Person, int(text))
        if person is None:
            raise Refused(
                f"{field}: 没有编号为 {text} 的人员", f"{field}: no person with id {text}"
            )
        return person
    matches = session.exec(select(Person).where(Person.name == text).order_by(Person.id)).all()
    if not matches:
        raise Refused(f"{field}: 没有名为 {text!r} 的人员", f"{field}: nobody named {text!r}")
    if len(matches) > 1:
        listing = "; ".join(
            f"{p.id} {p.name} {p.birth_date.isoformat() if p.birth_date else '-'}" for p in matches
        )
        raise Refused(
            f"{field}: {text!r} 对应多人，请用编号：{listing}",
            f"{field}: {text!r} is ambiguous, use the id: {listing}",
        )
    return matches[0]


def resolve_group(session: Session, name: str, field: str = "--group") -> PartyGroup:
    text = (name or "").strip()
    group = session.exec(select(PartyGroup).where(PartyGroup.name == text)).first()
    if group is None and text.isdigit():
        group = session.get(PartyGroup, int(text))
    if group is None:
        raise Refused(
            f"{field}: 没有名为 {text!r} 的党小组（先用 dangwu group add 建立）",
            f"{field}: no party group named {text!r} (create it with `dangwu group add`)",
        )
    return group
