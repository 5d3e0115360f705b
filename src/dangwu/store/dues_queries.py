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

# Months paid by a live regular entry on :d, one row per member: the scan walks the covering
# (person_id, month, kind, paid_on) index once and ships 10,000 short strings instead of
# 240,000 rows; the few reversals are looked up once (NOT IN builds a small set).
PAID_MONTHS = """SELECT r.person_id, group_concat(r.month) AS months FROM dues_payment r
  WHERE r.kind = 'regular' AND r.paid_on <= :d AND r.month <= :last
    AND (:pid IS NULL OR r.person_id = :pid)
    AND r.id NOT IN (SELECT x.reverses_id FROM dues_payment x
                     WHERE x.reverses_id > 0 AND x.paid_on <= :d)
  GROUP BY r.person_id"""


def first_base_month(reader: Reader) -> str | None:
    return reader.scalar("SELECT MIN(from_month) FROM dues_base")


def month_index(code: str) -> int:
    """'2026-11' → a month count, so that consecutive months differ by one."""
    return int(code[:4]) * 12 + int(code[5:7]) - 1


def month_code(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def base_schedules(
    reader: Reader, person_id: int | None = None
) -> dict[int, list[tuple[str, int]]]:
    """person id → [(from month, due)] in month order; a base set again for the same month
    supersedes the earlier row."""
    out: dict[int, dict[str, int]] = {}
    for pid, month, due in reader.tuples(
        "SELECT person_id, from_month, due_fen FROM dues_base"
        " WHERE (:pid IS NULL OR person_id = :pid) ORDER BY person_id, from_month, id",
        {"pid": person_id},
    ):
        out.setdefault(pid, {})[month] = due
    return {pid: sorted(months.items()) for pid, months in out.items()}


def due_in(schedule: list[tuple[str, int]], month: str) -> int | None:
    """The due in force for `month` under a base schedule (None before the first base)."""
    if len(schedule) == 1:
        return schedule[0][1] if month >= schedule[0][0] else None
    due = None
    for start, value in schedule:
        if start > month:
            break
        due = value
    return due


def unpaid_months(
    reader: Reader,
    as_of: date,
    last_month: str,
    person_id: int | None = None,
    active_on: date | None = None,
) -> list[dict[str, Any]]:
    """Unpaid member-months up to `last_month`, for members on the roster on `active_on`.

    Rows of person_id, month, due_fen and start_month, by person and month. The months a
    member owes are their due range less the months paid, so the ledger is read as one
    string of paid months per member, and the difference is taken here."""
    first = first_base_month(reader)
    if first is None or first > last_month:
        return []
    params = {"d": as_of, "pid": person_id, "active": active_on, "last": last_month}
    members = reader.tuples(
        f"SELECT id, start_month, end_month FROM ({MEMBERS} AND (:pid IS NULL OR p.id = :pid))"
        " ORDER BY id",
        params,
    )
    if not members:
        return []
    # 'YYYY-MM' tokens joined by commas: a month is paid iff its code occurs in the string
    # (no code can straddle a comma), which spares building 10,000 sets
    paid = dict(reader.tuples(PAID_MONTHS, params))
    schedules = base_schedules(reader, person_id)
    lo = month_index(first)
    calendar = [month_code(i) for i in range(lo, month_index(last_month) + 1)]
    out: list[dict[str, Any]] = []
    for pid, start, end in members:
        hi = last_month if end is None or end > last_month else end
        if start > hi:
            continue
        done = paid.get(pid, "")
        missing = [
            m for m in calendar[month_index(start) - lo : month_index(hi) - lo + 1] if m not in done
        ]
        if not missing:
            continue
        schedule = schedules[pid]
        for m in missing:
            due = due_in(schedule, m)
            if due:
                out.append({"person_id": pid, "month": m, "due_fen": due, "start_month": start})
    return out


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
