"""Read queries. Roster state as of a date is computed in SQL from the dated histories."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

# A person's stage on :d is the latest of their stage events in effect then; an undated
# event (roster entry without the date) is in effect on every date.
STAGE_AT = """(SELECT se.stage FROM stage_event se WHERE se.person_id = p.id
    AND (se.on_date IS NULL OR se.on_date <= :d) ORDER BY se.id DESC LIMIT 1)"""
ADMITTED_ON = """(SELECT MIN(se.on_date) FROM stage_event se
    WHERE se.person_id = p.id AND se.stage = 'probationary')"""
FULL_ON = """(SELECT MIN(se.on_date) FROM stage_event se
    WHERE se.person_id = p.id AND se.stage = 'full')"""
GROUP_AT = """(SELECT g.name FROM group_membership gm JOIN party_group g ON g.id = gm.group_id
    WHERE gm.person_id = p.id AND (gm.from_on IS NULL OR gm.from_on <= :d)
    AND (gm.to_on IS NULL OR gm.to_on > :d) ORDER BY gm.id DESC LIMIT 1)"""

ROSTER_SELECT = f"""
SELECT p.id, p.name, p.gender, p.birth_date, p.id_number, p.ethnicity, p.education, p.phone,
       p.category, p.unit, p.joined_on, p.join_kind, p.left_on, p.left_reason,
       {STAGE_AT} AS stage, {ADMITTED_ON} AS admitted_on, {FULL_ON} AS full_on,
       {GROUP_AT} AS "group"
FROM person p
"""


def _iso(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def roster(session: Session, as_of: date, include_left: bool = False) -> list[dict[str, Any]]:
    rows = (
        session.execute(
            text(ROSTER_SELECT + " WHERE (p.joined_on IS NULL OR p.joined_on <= :d) ORDER BY p.id"),
            {"d": as_of},
        )
        .mappings()
        .all()
    )
    out = []
    for r in rows:
        rec = dict(r)
        for key in ("birth_date", "joined_on", "left_on", "admitted_on", "full_on"):
            rec[key] = _iso(rec[key])
        rec["active"] = rec["left_on"] is None or rec["left_on"] > as_of
        if not include_left and not rec["active"]:
            continue
        out.append(rec)
    return out


def person_state(session: Session, person_id: int, as_of: date) -> dict[str, Any] | None:
    rows = (
        session.execute(
            text(ROSTER_SELECT + " WHERE p.id = :pid"),
            {"d": as_of, "pid": person_id},
        )
        .mappings()
        .all()
    )
    if not rows:
        return None
    rec = dict(rows[0])
    for key in ("birth_date", "joined_on", "left_on", "admitted_on", "full_on"):
        rec[key] = _iso(rec[key])
    rec["active"] = rec["left_on"] is None or rec["left_on"] > as_of
    return rec


def members_on(session: Session, day: date) -> list[int]:
    """Ids of the branch's members (full and probationary) on a date."""
    sql = f"""SELECT p.id FROM person p
        WHERE (p.joined_on IS NULL OR p.joined_on <= :d)
          AND (p.left_on IS NULL OR p.left_on > :d)
          AND {STAGE_AT} IN ('full', 'probationary') ORDER BY p.id"""
    return [r[0] for r in session.execute(text(sql), {"d": day})]


def stage_on(session: Session, person_id: int, day: date) -> str | None:
    sql = STAGE_AT.replace("p.id", ":pid")
    return session.execute(text(f"SELECT {sql}"), {"d": day, "pid": person_id}).scalar()
