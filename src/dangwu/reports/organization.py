"""Party groups and the committee as read by `group list`, `committee list` and the summary
(plain SQL on the lean reader: listing them imports no SQLModel)."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..store.reader import Reader, as_date


def list_groups(reader: Reader, as_of: date) -> list[dict[str, Any]]:
    sql = """
    SELECT g.id, g.name, g.leader_id, l.name AS leader, g.closed_on,
      (SELECT COUNT(*) FROM group_membership gm JOIN person p ON p.id = gm.person_id
        WHERE gm.group_id = g.id AND (gm.from_on IS NULL OR gm.from_on <= :d)
          AND (gm.to_on IS NULL OR gm.to_on > :d)
          AND (p.left_on IS NULL OR p.left_on > :d) AND p.voided_on IS NULL) AS members
    FROM party_group g LEFT JOIN person l ON l.id = g.leader_id ORDER BY g.id"""
    rows = reader.rows(sql, {"d": as_of})
    for r in rows:
        r["closed_on"] = as_date(r["closed_on"])
    return rows


def committee_on(reader: Reader, as_of: date) -> list[dict[str, Any]]:
    sql = """SELECT c.id, c.person_id AS member_id, p.name, c.role, c.from_on, c.to_on
      FROM committee_role c JOIN person p ON p.id = c.person_id
      WHERE c.from_on <= :d AND (c.to_on IS NULL OR c.to_on > :d)
      ORDER BY CASE c.role WHEN 'secretary' THEN 0 WHEN 'deputy_secretary' THEN 1
        WHEN 'organization' THEN 2 WHEN 'propaganda' THEN 3 WHEN 'discipline' THEN 4 ELSE 5 END,
        c.id"""
    rows = reader.rows(sql, {"d": as_of})
    for rec in rows:
        rec["from_on"], rec["to_on"] = as_date(rec["from_on"]), as_date(rec["to_on"])
    return rows
