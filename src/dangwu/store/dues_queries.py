"""Dues aggregates in SQL: what each member owes, month by month, without loading payments.

A month is due from the later of the admission month and the first base month, through the
month the member leaves; the base in force for a month is the latest one starting on or
before it (a base set again for the same month supersedes the earlier row). A month is paid
when it has a regular entry that no reversal points at.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .queries import GROUP_AT, STAGE_AT
from .reader import Reader

# Live regular payments on :d: paid by then and not reversed by then (so --as-of sees the
# ledger as it stood that day).
LIVE_REGULAR = """SELECT r.person_id, r.month, r.amount_fen FROM dues_payment r
  WHERE r.kind = 'regular' AND r.paid_on <= :d
    AND NOT EXISTS (SELECT 1 FROM dues_payment x WHERE x.reverses_id = r.id AND x.paid_on <= :d)"""

BASES = """SELECT b.person_id, b.from_month, b.due_fen, b.id,
  LEAD(b.from_month) OVER (PARTITION BY b.person_id ORDER BY b.from_month, b.id) AS next_month
  FROM dues_base b"""

# Members with their first month of dues — the latest of the admission month, the month they
# joined this branch and the first base month (RULES.md) — and the month they leave, if any.
MEMBERS = f"""SELECT p.id, p.name, p.left_on,
    MAX(COALESCE(substr((SELECT MIN(se.on_date) FROM stage_event se
                         WHERE se.person_id = p.id AND se.stage = 'probationary'), 1, 7), ''),
        COALESCE(substr(p.joined_on, 1, 7), ''),
        (SELECT MIN(b.from_month) FROM dues_base b WHERE b.person_id = p.id)) AS start_month,
    substr(p.left_on, 1, 7) AS end_month
  FROM person p
  WHERE (p.joined_on IS NULL OR p.joined_on <= :d)
    AND (:active IS NULL OR p.left_on IS NULL OR p.left_on > :active)
    AND {STAGE_AT} IN ('full', 'probationary')
    AND EXISTS (SELECT 1 FROM dues_base b WHERE b.person_id = p.id)"""

# Every member-month due in [:first, :last] with its due; :pid narrows to one person.
DUE_MONTHS = f"""
WITH RECURSIVE months(m) AS (
  SELECT :first
  UNION ALL
  SELECT strftime('%Y-%m', m || '-01', '+1 month') FROM months WHERE m < :last
),
mem AS MATERIALIZED ({MEMBERS} AND (:pid IS NULL OR p.id = :pid)),
bases AS MATERIALIZED ({BASES})
SELECT mem.id AS person_id, months.m AS month, bases.due_fen, mem.start_month
FROM mem
JOIN months ON months.m >= mem.start_month AND (mem.end_month IS NULL OR months.m <= mem.end_month)
JOIN bases ON bases.person_id = mem.id AND months.m >= bases.from_month
          AND (bases.next_month IS NULL OR months.m < bases.next_month)
"""

UNPAID = f"""
WITH due AS ({DUE_MONTHS}), paid AS ({LIVE_REGULAR})
SELECT due.person_id, due.month, due.due_fen, due.start_month FROM due
LEFT JOIN paid ON paid.person_id = due.person_id AND paid.month = due.month
WHERE paid.person_id IS NULL AND due.due_fen > 0
ORDER BY due.person_id, due.month
"""


def first_base_month(reader: Reader) -> str | None:
    return reader.scalar("SELECT MIN(from_month) FROM dues_base")


def unpaid_months(
    reader: Reader,
    as_of: date,
    last_month: str,
    person_id: int | None = None,
    active_on: date | None = None,
) -> list[dict[str, Any]]:
    """Unpaid member-months up to `last_month`, for members on the roster on `active_on`."""
    first = first_base_month(reader)
    if first is None or first > last_month:
        return []
    params = {"first": first, "last": last_month, "d": as_of, "pid": person_id, "active": active_on}
    return reader.rows(UNPAID, params)


def current_bases(reader: Reader, month: str) -> dict[int, int]:
    """person id → due in force for `month`."""
    sql = f"""SELECT person_id, due_fen FROM ({BASES}) bases
              WHERE from_month <= :m AND (next_month IS NULL OR next_month > :m)"""
    return {r["person_id"]: r["due_fen"] for r in reader.rows(sql, {"m": month})}


def members_without_base(reader: Reader, as_of: date) -> list[dict[str, Any]]:
    sql = f"""SELECT p.id, p.name, {GROUP_AT} AS "group" FROM person p
      WHERE (p.joined_on IS NULL OR p.joined_on <= :d) AND (p.left_on IS NULL OR p.left_on > :d)
        AND {STAGE_AT} IN ('full', 'probationary')
        AND NOT EXISTS (SELECT 1 FROM dues_base b WHERE b.person_id = p.id)
      ORDER BY p.id"""
    return reader.rows(sql, {"d": as_of})


def due_months(
    reader: Reader, first: str, last: str, as_of: date, person_id: int | None = None
) -> list[dict[str, Any]]:
    """Every member-month due in [first, last] (paid or not), with the due."""
    start = first_base_month(reader)
    if start is None:
        return []
    return reader.rows(
        f"SELECT * FROM ({DUE_MONTHS}) WHERE month BETWEEN :lo AND :hi",
        {
            "first": min(start, first),
            "last": last,
            "lo": first,
            "hi": last,
            "d": as_of,
            "pid": person_id,
            "active": None,
        },
    )
