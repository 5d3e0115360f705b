"""Entering a member on the roster (`member add`, `member transfer-in`) on the lean write
path (store/writer.py): a one-row write the user waits for, with no ORM import."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from ..errors import Refused
from ..i18n import label
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
    "occupation",
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
            "SELECT id, name, id_number FROM person WHERE voided_on IS NULL"
            " AND returned_as IS NULL ORDER BY id"
        )
    else:
        found = reader.tuples(
            "SELECT id, name, id_number FROM person WHERE birth_date = :b AND voided_on IS NULL"
            " AND returned_as IS NULL ORDER BY id",
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
    check_duplicate: bool = True,
) -> int:
    """Enter a member with their stage history and group; their new id."""
    values, problems = validate(raw, today)
    first_problem(problems)
    if check_duplicate:
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


# the profile a returning member brings back unless the transfer-in gives it anew
CARRIED = ("name", "gender", "birth_date", "id_number", "ethnicity", "education", "phone",
           "category", "unit", "occupation")  # fmt: skip


def returning(reader: Reader, ref: str) -> dict[str, Any] | None:
    """The person `ref` names if they transferred out of this branch and have not come back:
    a `member transfer-in` of them is their return. None when `ref` names nobody who left
    by transfer (a new person, or one still here: the duplicate check speaks for them)."""
    text = (ref or "").strip()
    if text.isdecimal() and len(text) <= 12:
        rows = reader.rows("SELECT * FROM person WHERE id = :i", {"i": int(text)})
    else:
        key = name_key(text)
        rows = [
            r
            for r in reader.rows(
                "SELECT * FROM person WHERE left_reason = 'transferred_out'"
                " AND voided_on IS NULL AND returned_as IS NULL ORDER BY id"
            )
            if name_key(r["name"]) == key
        ]
        if len(rows) > 1:
            listing = "; ".join(f"{r['id']} {r['name']} {r['birth_date'] or '-'}" for r in rows)
            raise Refused(
                f"NAME: {text!r} 对应多名转出的人员，请用编号：{listing}",
                f"NAME: {text!r} matches several people who transferred out, use the id: {listing}",
            )
    if not rows:
        return None
    row = rows[0]
    if row["voided_on"] is not None or row["returned_as"] is not None:
        return None
    if row["left_reason"] != "transferred_out":
        if text.isdecimal() and row["left_on"] is not None:
            raise Refused(
                f"NAME: {row['name']} 已于 {row['left_on']} 离开"
                f"（{label('left_reason', row['left_reason'])}），不是转出，不能转回",
                f"NAME: {row['name']} left on {row['left_on']} ({row['left_reason']}), not by"
                " transfer, and cannot transfer back",
            )
        return None
    return row


def return_member(
    w: Writer,
    old: dict[str, Any],
    given: dict[str, Any],
    day: date,
    org: str,
    letter: str | None,
    today: date,
) -> int:
    """A member who transferred out comes back with a new letter: a new stint from `day`,
    with the profile and stage history they left with (what is given replaces it), their
    last dues base from that month, and the first stint's row kept as it was, naming the
    new one — reports of the years before still count them there. Their new id."""
    from ..rules.periods import month_of
    from ..store.reader import as_date

    left = as_date(old["left_on"])
    assert left is not None
    if day <= left:
        raise Refused(
            f"--on: {day} 不晚于 {old['name']} 转出的日期 {left}",
            f"--on: {day} is not after {old['name']} transferred out ({left})",
        )
    pid_old = int(old["id"])
    stages = w.tuples(
        "SELECT stage, MIN(on_date) FROM stage_event WHERE person_id = :p GROUP BY stage",
        {"p": pid_old},
    )
    first = {stage: as_date(on) for stage, on in stages}
    last_stage = w.scalar(
        "SELECT stage FROM stage_event WHERE person_id = :p ORDER BY id DESC LIMIT 1",
        {"p": pid_old},
    )
    raw: dict[str, Any] = {
        k: (v.isoformat() if isinstance(v, date) else v)
        for k in CARRIED
        if (v := old[k]) is not None
    }
    raw |= {"stage": last_stage}
    if first.get("probationary"):
        raw["admitted_on"] = first["probationary"].isoformat()  # type: ignore[union-attr]
    if first.get("full"):
        raw["full_on"] = first["full"].isoformat()  # type: ignore[union-attr]
    raw |= given
    raw["joined_on"] = day.isoformat()
    # the ID number goes with the person to the new stint (it is unique in the ledger)
    w.execute("UPDATE person SET id_number = NULL WHERE id = :p", {"p": pid_old})
    values, problems = validate(raw, today)
    first_problem(problems)
    check_unique_id(w, values.get("id_number"), CLI_NAMES["id_number"])
    found = same_person(w, values["name"], values.get("birth_date"), values.get("id_number"))
    if found is not None and found[0] != pid_old:
        check_not_duplicate(w, values)
    pid = add_member(w, raw, today, "transfer_in", org, letter, check_duplicate=False)
    base = w.rows(
        """SELECT category, income_fen, fixed_fen, rate, due_fen, from_month FROM dues_base
           WHERE person_id = :p ORDER BY from_month DESC, id DESC LIMIT 1""",
        {"p": pid_old},
    )
    entries = []
    if base:
        carried = dict(base[0], person_id=pid, from_month=month_of(day))
        carried["id"] = w.insert("dues_base", carried)
        entries.append(audit.entry("member.return", "dues_base", carried["id"], after=carried))
    w.execute("UPDATE person SET returned_as = :n WHERE id = :p", {"n": pid, "p": pid_old})
    entries.append(
        audit.entry(
            "member.return",
            "person",
            pid_old,
            before={"id_number": old["id_number"], "returned_as": None},
            after={"id_number": None, "returned_as": pid},
        )
    )
    audit.record_many(w, entries)
    return pid


def not_returning(reader: Reader, ref: str) -> None:
    """Why `ref`, given without --gender and --stage, is not a return: refused naming it."""
    from ..store.refs import find_person_id

    try:
        pid = find_person_id(reader, ref, "NAME")
    except Refused:
        return
    row = reader.rows("SELECT * FROM person WHERE id = :i", {"i": pid})[0]
    if row["returned_as"] is not None:
        raise Refused(
            f"NAME: {row['name']} 已转回本支部，现为编号 {row['returned_as']}",
            f"NAME: {row['name']} has come back already, now id {row['returned_as']}",
        )
    if row["left_on"] is None:
        raise Refused(
            f"NAME: {row['name']}（编号 {pid}）仍在本支部，不能转入",
            f"NAME: {row['name']} (id {pid}) is still in this branch",
        )
    raise Refused(
        f"NAME: {row['name']} 已于 {row['left_on']} 离开（{label('left_reason', row['left_reason'])}），"
        "不是转出，不能转回",
        f"NAME: {row['name']} left on {row['left_on']} ({row['left_reason']}), not by transfer,"
        " and cannot transfer back",
    )
