"""Member references (REF): a numeric id, or a name that matches exactly one person.

The lookups run as plain SQL on a Reader, so read-only commands stay off SQLAlchemy;
writers get the model row through `resolve_person`.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from ..errors import Refused
from .reader import Reader, SessionReader, as_date

if TYPE_CHECKING:
    from sqlmodel import Session

    from .models import PartyGroup, Person


def find_person_id(reader: Reader, ref: str, field: str = "REF", voided_ok: bool = False) -> int:
    """The person `ref` names. A person voided as entered in error (`member void`) is found
    by no name and, by id, only where `voided_ok` (showing them, their history)."""
    text = (ref or "").strip()
    # isdecimal, not isdigit: int() takes ０-９ but not ² or ①, which are names here
    if text.isdecimal():
        if len(text) > 12:  # no ledger holds a trillion people; keep it off SQLite's integers
            raise Refused(
                f"{field}: 没有编号为 {text} 的人员", f"{field}: no person with id {text}"
            )
        found = reader.rows("SELECT id, voided_on FROM person WHERE id = :id", {"id": int(text)})
        if not found:
            raise Refused(
                f"{field}: 没有编号为 {text} 的人员", f"{field}: no person with id {text}"
            )
        if found[0]["voided_on"] is not None and not voided_ok:
            raise Refused(
                f"{field}: 人员 {text} 已于 {found[0]['voided_on']} 作废（录入错误），不能再用",
                f"{field}: person {text} was voided on {found[0]['voided_on']} (entered in"
                " error) and cannot be used",
            )
        return int(text)
    matches = reader.rows(
        # a first stint of someone who came back is found through the new one
        "SELECT id, name, birth_date FROM person WHERE name = :n AND voided_on IS NULL"
        " AND returned_as IS NULL ORDER BY id",
        {"n": text},
    )
    if not matches:
        raise Refused(f"{field}: 没有名为 {text!r} 的人员", f"{field}: nobody named {text!r}")
    if len(matches) > 1:
        listing = "; ".join(f"{p['id']} {p['name']} {p['birth_date'] or '-'}" for p in matches)
        raise Refused(
            f"{field}: {text!r} 对应多人，请用编号：{listing}",
            f"{field}: {text!r} is ambiguous, use the id: {listing}",
        )
    return int(matches[0]["id"])


def resolve_person(session: Session, ref: str, field: str = "REF") -> Person:
    from .models import Person

    person = session.get(Person, find_person_id(SessionReader(session), ref, field))
    assert person is not None
    return person


def find_group(
    reader: Reader, name: str, field: str = "--group", on: date | None = None
) -> dict[str, Any]:
    """The group `name` names; given `on`, refused if it was closed by that day."""
    text = (name or "").strip()
    cols = "id, name, leader_id, closed_on"
    rows = reader.rows(f"SELECT {cols} FROM party_group WHERE name = :n", {"n": text})
    if not rows and text.isdecimal() and len(text) <= 12:
        rows = reader.rows(f"SELECT {cols} FROM party_group WHERE id = :i", {"i": int(text)})
    if not rows:
        raise Refused(
            f"{field}: 没有名为 {text!r} 的党小组（先用 dangwu group add 建立）",
            f"{field}: no party group named {text!r} (create it with `dangwu group add`)",
        )
    closed = as_date(rows[0]["closed_on"])
    if on is not None and closed is not None and closed <= on:
        raise Refused(
            f"{field}: 党小组 {rows[0]['name']} 已于 {closed} 撤销",
            f"{field}: group {rows[0]['name']} was closed on {closed}",
        )
    return rows[0]


def resolve_group(
    session: Session, name: str, field: str = "--group", on: date | None = None
) -> PartyGroup:
    from .models import PartyGroup

    group = session.get(PartyGroup, find_group(SessionReader(session), name, field, on)["id"])
    assert group is not None
    return group


def check_record(reader: Reader, table: str, row_id: int, field: str) -> int:
    """A meeting or payment id as typed: refused in one line when there is none."""
    what = {
        "meeting": ("会议", "meeting"),
        "dues_payment": ("缴费记录", "payment entry"),
    }[table]
    if reader.scalar(f'SELECT 1 FROM "{table}" WHERE id = :i', {"i": row_id}) is None:
        raise Refused(
            f"{field}: 没有编号为 {row_id} 的{what[0]}", f"{field}: no {what[1]} {row_id}"
        )
    return row_id
