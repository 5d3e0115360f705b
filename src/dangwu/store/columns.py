"""The columns and defaults of the rows the lean write path inserts (store/writer.py).

The SQLModel models (store/models.py) stay the schema of record; importing them costs
SQLAlchemy, SQLModel and pydantic, which a one-row write must not pay. So the few tables
the hot commands write are listed here once, and tests/store/test_columns.py fails when
this list and the models part ways. A row is always written and audited whole (every
column, None where not given), as the ORM wrote and audited it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# table → {column: default}, columns in the model's order, "id" first
TABLES: dict[str, dict[str, Any]] = {
    "person": {
        "id": None,
        "name": None,
        "gender": None,
        "birth_date": None,
        "id_number": None,
        "ethnicity": None,
        "education": None,
        "phone": None,
        "category": "in_service",
        "unit": None,
        "joined_on": None,
        "join_kind": "roster",
        "join_org": None,
        "join_letter": None,
        "left_on": None,
        "left_reason": None,
        "left_org": None,
        "left_letter": None,
        "left_note": None,
        "letter_valid_days": None,
        "letter_receipt_on": None,
        "occupation": None,
        "voided_on": None,
        "void_reason": None,
        "returned_as": None,
    },
    "stage_event": {"id": None, "person_id": None, "stage": None, "on_date": None, "note": None},
    "group_membership": {
        "id": None,
        "person_id": None,
        "group_id": None,
        "from_on": None,
        "to_on": None,
    },
    "meeting": {
        "id": None,
        "type": None,
        "held_on": None,
        "status": "held",
        "topic": None,
        "group_id": None,
        "host_id": None,
        "recorder_id": None,
        "place": None,
        "from_time": None,
        "to_time": None,
        "minutes": None,
        "resolutions": None,
        "guests": None,
        "expected": None,
        "present": None,
        "voting_expected": None,
        "voting_present": None,
        "quorum_met": None,
        "voided_on": None,
        "void_reason": None,
        "work_report": None,
        "speaker_id": None,
        "cadre": None,
    },
    "dev_party": {"id": None, "event_id": None, "person_id": None, "role": None},
    "dues_payment": {
        "id": None,
        "person_id": None,
        "month": None,
        "amount_fen": None,
        "kind": None,
        "paid_on": None,
        "receipt": None,
        "by_id": None,
        "note": None,
        "reverses_id": None,
    },
    "talk": {
        "id": None,
        "person_id": None,
        "with_id": None,
        "on_date": None,
        "topic": None,
        "voided_on": None,
        "void_reason": None,
    },
    "dev_event": {
        "id": None,
        "person_id": None,
        "kind": None,
        "on_date": None,
        "by_id": None,
        "hours": None,
        "until_date": None,
        "note": None,
        "meeting_id": None,
        "votes_for": None,
        "votes_against": None,
        "votes_abstain": None,
        "months": None,
        "recommendation": None,
        "forced_reason": None,
        "number": None,
        "voided_on": None,
        "void_reason": None,
    },
    "committee_election": {
        "id": None,
        "on_date": None,
        "years": None,
        "meeting_id": None,
        "approved_on": None,
        "note": None,
        "voided_on": None,
        "void_reason": None,
    },
    "member_away": {
        "id": None,
        "person_id": None,
        "place": None,
        "from_on": None,
        "until_on": None,
        "back_on": None,
        "certificate": None,
        "kind": "card",
        "voided_on": None,
        "void_reason": None,
    },
    "away_report": {
        "id": None,
        "person_id": None,
        "on_date": None,
        "note": None,
        "voided_on": None,
        "void_reason": None,
    },
    "member_lost": {
        "id": None,
        "person_id": None,
        "since": None,
        "reason": None,
        "found_on": None,
        "note": None,
        "voided_on": None,
        "void_reason": None,
    },
}


def full_row(table: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """`values` with every other column of `table` at its default (no "id": the insert
    assigns it). An unknown column is a programming error, refused here."""
    columns = TABLES[table]
    unknown = set(values) - set(columns)
    if unknown:
        raise KeyError(f"{table} has no column {sorted(unknown)}")
    return {c: values.get(c, d) for c, d in columns.items() if c != "id"}
