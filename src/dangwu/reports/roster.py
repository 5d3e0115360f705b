"""The roster as records: the member JSON of CLI.md, masked unless revealed."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..privacy import mask_id, mask_phone
from ..store.reader import Reader


def member_record(rec: dict[str, Any], reveal: bool) -> dict[str, Any]:
    return {
        "id": rec["id"],
        "name": rec["name"],
        "gender": rec["gender"],
        "stage": rec["stage"],
        "group": rec["group"],
        "category": rec["category"],
        "birth_date": rec["birth_date"],
        "admitted_on": rec["admitted_on"],
        "full_on": rec["full_on"],
        "phone": rec["phone"] if reveal else mask_phone(rec["phone"]),
        "id_number": rec["id_number"] if reveal else mask_id(rec["id_number"]),
        "active": rec["active"],
        "ethnicity": rec["ethnicity"],
        "education": rec["education"],
        "unit": rec["unit"],
        "occupation": rec["occupation"],
        "joined_on": rec["joined_on"],
        "left_on": rec["left_on"],
        "left_reason": rec["left_reason"],
    }


def roster_records(
    reader: Reader,
    as_of: date,
    include_left: bool,
    stage: str | None,
    group: str | None,
    reveal: bool,
) -> list[dict[str, Any]]:
    """`member list`: the roster on `as_of`, of one stage and one group when given."""
    from ..store.queries import roster

    return [
        member_record(r, reveal)
        for r in roster(reader, as_of, include_left=include_left)
        if (stage is None or r["stage"] == stage) and (group is None or r["group"] == group)
    ]
