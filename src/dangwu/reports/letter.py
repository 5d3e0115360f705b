"""The transfer letter (党员组织关系介绍信) of a member who transferred out, as data for
`print letter`, and the letters whose 回执 has not come back (a compliance finding).

What the letter states is what the ledger recorded at `member transfer-out`: the day (the
letter's date), the receiving organization, the letter number, the validity, and the month
the dues were paid through on that day — reckoned by the same function `transfer-out`
printed it with (store/dues_queries.py `paid_through`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..errors import Refused
from ..i18n import label, tr
from ..privacy import mask_id, mask_phone
from ..rules.periods import full_years
from ..rules.transfer import receipt_due, receipt_overdue
from ..store.dues_queries import paid_through
from ..store.queries import person_state
from ..store.reader import Reader, as_date
from ..store.refs import find_person_id
from .branch import branch_info

LETTER_FIELDS = """SELECT left_reason, left_on, left_org, left_letter, letter_valid_days,
    letter_receipt_on FROM person WHERE id = :p"""


def serial_number(letter: str | None, issued_on: date, person_id: int) -> tuple[str, bool]:
    """The letter's one serial number on all three parts, and whether it was given: the
    number given at `transfer-out --letter`, else the year of the letter and the person's
    id, four digits at least (2026 and person 27: 20260027)."""
    if letter and letter.strip():
        return letter.strip(), True
    return f"{issued_on.year}{person_id:04d}", False


def letter(reader: Reader, ref: str, reveal: bool) -> dict[str, Any]:
    """The letter of the member `ref` names; refused for anyone who did not transfer out."""
    pid = find_person_id(reader, ref)
    rows = reader.rows(LETTER_FIELDS, {"p": pid})
    found = rows[0]
    issued_on = as_date(found["left_on"])
    if found["left_reason"] != "transferred_out" or issued_on is None:
        state = person_state(reader, pid, date.max)
        name = state["name"] if state else ref
        raise Refused(
            f"REF: {name} 没有从本支部转出，无介绍信可打印（先用 member transfer-out）",
            f"REF: {name} did not transfer out of this branch; there is no letter to print"
            " (member transfer-out first)",
        )
    person = person_state(reader, pid, issued_on)
    assert person is not None
    serial, given = serial_number(found["left_letter"], issued_on, pid)
    branch = branch_info(reader)
    birth = as_date(person["birth_date"])
    return {
        "member_id": pid,
        "name": person["name"],
        "gender": person["gender"],
        "age": full_years(birth, issued_on) if birth else None,
        "ethnicity": person["ethnicity"],
        # 正式/预备 on the day the letter was issued
        "stage": person["stage"],
        "id_number": person["id_number"] if reveal else mask_id(person["id_number"]),
        "phone": person["phone"] if reveal else mask_phone(person["phone"]),
        "from_org": branch["name"],
        "higher_org": branch["higher_org"],
        "to_org": found["left_org"],
        "issued_on": issued_on,
        "serial": serial,
        "serial_given": given,
        "paid_through": paid_through(reader, pid, issued_on),
        # None: transferred before dangwu kept the validity (the letter leaves it blank)
        "valid_days": found["letter_valid_days"],
        "receipt_on": as_date(found["letter_receipt_on"]),
        "receipt_due": receipt_due(issued_on),
    }


# Letters dangwu issued (with their validity: a transfer recorded before it kept letters has
# none, and its 回执 cannot be asked for now), to a member who has not come back since.
OPEN_LETTERS = """SELECT id, name, left_on, left_org, left_letter, letter_receipt_on
  FROM person
  WHERE left_reason = 'transferred_out' AND voided_on IS NULL AND returned_as IS NULL
    AND letter_valid_days IS NOT NULL AND left_on <= :d
    AND (letter_receipt_on IS NULL OR letter_receipt_on > :d)
  ORDER BY left_on, id"""


def receipt_findings(reader: Reader, as_of: date) -> list[dict[str, Any]]:
    """`letter_receipt_overdue`: a transfer letter whose 回执 has not come back within a month
    of the transfer (rules/transfer.py), one finding per letter, oldest first."""
    out = []
    for r in reader.rows(OPEN_LETTERS, {"d": as_of}):
        issued_on = as_date(r["left_on"])
        assert issued_on is not None
        if not receipt_overdue(issued_on, as_date(r["letter_receipt_on"]), as_of):
            continue
        number = f"（{r['left_letter']}）" if r["left_letter"] else ""
        number_en = f" ({r['left_letter']})" if r["left_letter"] else ""
        due = receipt_due(issued_on)
        out.append(
            {
                "kind": "letter_receipt_overdue",
                "member_id": r["id"],
                "name": r["name"],
                "detail": tr(
                    f"{issued_on} {label('left_reason', 'transferred_out')}至{r['left_org']}"
                    f"{number}，回执应于 {due} 前寄回，至今未收到",
                    f"transferred to {r['left_org']} on {issued_on}{number_en}; the receipt was"
                    f" due back by {due} and has not come",
                ),
            }
        )
    return out
