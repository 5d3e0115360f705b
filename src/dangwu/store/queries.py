"""Read queries in plain SQL. Roster state as of a date is computed from the dated histories.

They take a Reader (store/reader.py), so the same SQL serves the lean sqlite3 read path
and reads inside a write transaction.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .reader import Reader, as_date

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
# Member of the branch on :d: joined by then and not yet left; a person voided as entered
# in error (`member void`) is a member on no day.
IN_BRANCH = """(p.joined_on IS NULL OR p.joined_on <= :d) AND (p.left_on IS NULL OR p.left_on > :d)
    AND p.voided_on IS NULL"""

# A member away (`member away`, 流动党员) on day {d}, of the member_away row {a}: from the first
# day away until the day back (`member back`), or through the planned last day (`--until`)
# when no return was recorded (RULES.md "Meetings"). Here, not in reports, so the write path
# (who a meeting expects) and the reports (who owes an away_report) share it.
AWAY_ON = (
    "{a}.voided_on IS NULL AND {a}.from_on <= {d} AND ({a}.back_on IS NULL OR {a}.back_on > {d})"
    " AND ({a}.until_on IS NULL OR {a}.until_on >= {d})"
)
# A member out of contact (`member lost`, 失联) on day {d}, of the member_lost row {a}: from the
# day contact was lost until the day they were found (`member found`).
LOST_ON = (
    "{a}.voided_on IS NULL AND {a}.since <= {d} AND ({a}.found_on IS NULL OR {a}.found_on > {d})"
)

ROSTER_SELECT = f"""
SELECT p.id, p.name, p.gender, p.birth_date, p.id_number, p.ethnicity, p.education, p.phone,
       p.category, p.unit, p.joined_on, p.join_kind, p.left_on, p.left_reason, p.voided_on,
       p.occupation,
       {STAGE_AT} AS stage, {ADMITTED_ON} AS admitted_on, {FULL_ON} AS full_on,
       {GROUP_AT} AS "group"
FROM person p
"""
DATE_KEYS = ("birth_date", "joined_on", "left_on", "admitted_on", "full_on", "voided_on")


def _finish(rec: dict[str, Any], as_of: date) -> dict[str, Any]:
    for key in DATE_KEYS:
        rec[key] = as_date(rec[key])
    rec["active"] = (rec["left_on"] is None or rec["left_on"] > as_of) and rec["voided_on"] is None
    return rec


def roster(reader: Reader, as_of: date, include_left: bool = False) -> list[dict[str, Any]]:
    """Everyone on the roster on `as_of` (with `include_left`, also those who left)."""
    rows = reader.rows(
        ROSTER_SELECT
        + " WHERE (p.joined_on IS NULL OR p.joined_on <= :d) AND p.voided_on IS NULL ORDER BY p.id",
        {"d": as_of},
    )
    out = [_finish(r, as_of) for r in rows]
    return out if include_left else [r for r in out if r["active"]]


def person_state(reader: Reader, person_id: int, as_of: date) -> dict[str, Any] | None:
    rows = reader.rows(ROSTER_SELECT + " WHERE p.id = :pid", {"d": as_of, "pid": person_id})
    return _finish(rows[0], as_of) if rows else None


def members_on(reader: Reader, day: date) -> list[int]:
    """Ids of the branch's members (full and probationary) on a date."""
    sql = f"""SELECT p.id FROM person p WHERE {IN_BRANCH}
          AND {STAGE_AT} IN ('full', 'probationary') ORDER BY p.id"""
    return [r["id"] for r in reader.rows(sql, {"d": day})]


def stage_on(reader: Reader, person_id: int, day: date) -> str | None:
    sql = STAGE_AT.replace("p.id", ":pid")
    return reader.scalar(f"SELECT {sql}", {"d": day, "pid": person_id})


def expected_on(
    reader: Reader,
    day: date,
    meeting_type: str,
    group_id: int | None,
    with_away: bool = False,
) -> list[dict[str, Any]]:
    """Who a meeting on `day` concerns, in roster order: the branch's members (full and
    probationary) on that day; of the group for a group meeting; of the committee for a
    committee meeting. `meeting add` derives attendance from it, and the sign-in sheet of a
    planned meeting lists it (here so both the write and the read path share the rule).

    A member away that day (流动党员, AWAY_ON) is not expected at this branch's meetings
    (RULES.md "Meetings"): left out, so no absence is counted against them and they are
    outside the quorum — unless `with_away` (who was a member of the branch at all)."""
    sql = f"""SELECT p.id, p.name, {STAGE_AT} AS stage FROM person p
              WHERE {IN_BRANCH} AND {STAGE_AT} IN ('full', 'probationary')"""
    if not with_away:
        sql += f""" AND NOT EXISTS (SELECT 1 FROM member_away a WHERE a.person_id = p.id
                   AND {AWAY_ON.format(a="a", d=":d")})"""
    params: dict[str, Any] = {"d": day}
    if meeting_type == "group":
        sql += f""" AND {GROUP_AT.replace("SELECT g.name", "SELECT g.id")} = :gid"""
        params["gid"] = group_id
    elif meeting_type == "committee":
        sql += """ AND EXISTS (SELECT 1 FROM committee_role c WHERE c.person_id = p.id
                   AND c.from_on <= :d AND (c.to_on IS NULL OR c.to_on > :d))"""
    return reader.rows(sql + " ORDER BY p.id", params)


def away_on(reader: Reader, person_id: int, day: date) -> dict[str, Any] | None:
    """The member's away record (member_away) in effect on `day`, or None."""
    rows = reader.rows(
        f"""SELECT a.id, a.place, a.from_on, a.until_on, a.back_on, a.certificate, a.kind
            FROM member_away a WHERE a.person_id = :p AND {AWAY_ON.format(a="a", d=":d")}
            ORDER BY a.from_on DESC, a.id DESC LIMIT 1""",
        {"p": person_id, "d": day},
    )
    if not rows:
        return None
    rec = rows[0]
    for key in ("from_on", "until_on", "back_on"):
        rec[key] = as_date(rec[key])
    return rec


def lost_on(reader: Reader, person_id: int, day: date) -> dict[str, Any] | None:
    """The member's out-of-contact record (member_lost) in effect on `day`, or None."""
    rows = reader.rows(
        f"""SELECT l.id, l.since, l.reason, l.found_on, l.note FROM member_lost l
            WHERE l.person_id = :p AND {LOST_ON.format(a="l", d=":d")}
            ORDER BY l.since DESC, l.id DESC LIMIT 1""",
        {"p": person_id, "d": day},
    )
    if not rows:
        return None
    rec = rows[0]
    for key in ("since", "found_on"):
        rec[key] = as_date(rec[key])
    return rec
