"""Entering a member on the roster (`member add`, `member transfer-in`) on the lean write
path (store/writer.py): a one-row write the user waits for, with no ORM import."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from ..errors import Refused
from ..rules.names import name_key
from ..store import audit
from ..store.columns import full_row
from ..store.reader import Reader
from ..store.refs import find_group
from .person_fields import CLI_NAMES, Problem, validate

if TYPE_CHECKING:
    from ..store.writer import Writer

PERSON_KEYS = (
    "name",
    "gender",
    "birth_date",
    "id_number",
    "ethnicity",
    "education",
    "phone",
    "category",
    "unit",
    "joined_on",
)


def first_problem(problems: list[Problem]) -> None:
    if problems:
        raise problems[0].refused()


def check_unique_id(
    reader: Reader, id_number: str | None, field: str, own_id: int | None = None
) -> None:
    if not id_number:
        return
    for other_id, other_name in reader.tuples(
        "SELECT id, name FROM person WHERE id_number = :n AND voided_on IS NULL", {"n": id_number}
    ):
        if other_id != own_id:
            raise Refused(
                f"{field}: 该身份证号已属于 {other_id} {other_name}（dangwu member show {other_id}）",
                f"{field}: this ID number already belongs to {other_id} {other_name}"
                f" (dangwu member show {other_id})",
            )


def same_person(
    reader: Reader, name: str, birth_date: date | None, id_number: str | None
) -> tuple[int, str] | None:
    """Someone already in the ledger with this name (as read, rules/names.py) whom nothing
    given tells apart: the same birth date, or none given now (then any namesake is them);
    unless both have ID numbers and they differ. (id, name as stored) or None."""
    if birth_date is None:
        found = reader.tuples(
            "SELECT id, name, id_number FROM person WHERE voided_on IS NULL ORDER BY id"
        )
    else:
        found = reader.tuples(
            "SELECT id, name, id_number FROM person WHERE birth_date = :b AND voided_on IS NULL"
            " ORDER BY id",
            {"b": birth_date},
        )
    key = name_key(name)
    for pid, other, other_id_number in found:
        if name_key(other) == key and not (id_number and other_id_number):
            return int(pid), str(other)
    return None


def check_not_duplicate(reader: Reader, values: dict[str, Any], field: str = "NAME") -> None:
    """Refuse a person already in the ledger (issue 17: `member add` twice made two ids)."""
    check_unique_id(reader, values.get("id_number"), CLI_NAMES["id_number"])
    found = same_person(reader, values["name"], values.get("birth_date"), values.get("id_number"))
    if found is not None:
        pid, other = found
        born = values.get("birth_date")
        raise Refused(
            f"{field}: 账本中已有同名"
            + (f"、出生日期相同（{born}）" if born else "")
            + f"的 {pid} {other}（dangwu member show {pid}）；若是另一人，请给出"
            + ("身份证号 --id-number " if born else "出生日期 --birth-date 或身份证号 --id-number ")
            + "以区分",
            f"{field}: {pid} {other} has the same name"
            + (f" and birth date ({born})" if born else "")
            + f" (dangwu member show {pid}); if this is someone else, give "
            + ("--id-number" if born else "--birth-date or --id-number")
            + " to tell them apart",
        )


def stage_events_for(values: dict[str, Any]) -> list[tuple[str, date | None]]:
    """The stage history implied by a roster entry: admission, then conversion."""
    events: list[tuple[str, date | None]] = []
    if values["stage"] == "full":
        if values.get("admitted_on") or values.get("full_on"):
            # before a known conversion day they were probationary, even if we lack the date
            events.append(("probationary", values.get("admitted_on")))
        events.append(("full", values.get("full_on")))
    else:
        events.append(("probationary", values.get("admitted_on")))
    return events


def add_member(
    w: Writer,
    raw: dict[str, Any],
    today: date,
    join_kind: str = "roster",
    join_org: str | None = None,
    join_letter: str | None = None,
) -> int:
    """Enter a member with their stage history and group; their new id."""
    values, problems = validate(raw, today)
    first_problem(problems)
    check_not_duplicate(w, values)
    group = find_group(w, values["group"], on=today) if values.get("group") else None
    if values.get("joined_on") is None:
        values["joined_on"] = values.get("admitted_on")
    person = full_row(
        "person",
        {k: values.get(k) for k in PERSON_KEYS}
        | {"join_kind": join_kind, "join_org": join_org, "join_letter": join_letter},
    )
    if person["category"] is None:
        person["category"] = "in_service"
    person["id"] = pid = w.insert("person", person)
    w.insert_many(
        "stage_event",
        ("person_id", "stage", "on_date", "note"),
        [
            {"person_id": pid, "stage": stage, "on_date": on, "note": None}
            for stage, on in stage_events_for(values)
        ],
    )
    if group is not None:
        w.insert(
            "group_membership",
            full_row("group_membership", {"person_id": pid, "group_id": group["id"]}),
        )
    after = person | {
        "stage": values["stage"],
        "admitted_on": values.get("admitted_on"),
        "full_on": values.get("full_on"),
        "group": values.get("group"),
    }
    audit.record(
        w,
        "member.add" if join_kind == "roster" else f"member.{join_kind}",
        "person",
        pid,
        after=after,
    )
    return pid
