"""Dues aggregates in SQL: what each member owes, month by month, without loading payments.

A month is due from the later of the admission month and the first base month, through the
month the member leaves; the base in force for a month is the latest one starting on or
before it (a base set again for the same month supersedes the earlier row). A month is paid
when it has a regular entry that no reversal points at.
"""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

from ..rules.dues import first_owed_month
from ..rules.periods import month_at, month_index, month_of
from .queries import STAGE_AT
from .reader import Reader, memo
from .roster_index import MEMBER_STAGES, iso, roster_index

# Members with their first month of dues (rules.dues.first_owed_month, in SQL) — the latest of the admission month, the month they
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
    AND p.voided_on IS NULL
    AND {STAGE_AT} IN ('full', 'probationary')
    AND EXISTS (SELECT 1 FROM dues_base b WHERE b.person_id = p.id)"""

# Months paid by a live regular entry on :d, one row per member: the scan walks the covering
# (person_id, month, kind, paid_on) index once and ships 10,000 short strings instead of
# 240,000 rows; the few reversals are looked up once (NOT IN builds a small set).
PAID_MONTHS = """SELECT r.person_id, group_concat(r.month) AS months FROM dues_payment r
  WHERE r.kind = 'regular' AND r.paid_on <= :d AND r.month <= :last {one}
    AND r.id NOT IN (SELECT x.reverses_id FROM dues_payment x
                     WHERE x.reverses_id > 0 AND x.paid_on <= :d)
  GROUP BY r.person_id"""


def dues_members(
    reader: Reader,
    as_of: date,
    active_on: date | None,
    schedules: dict[int, list[tuple[str, int]]],
) -> list[tuple[int, str, str | None]]:
    """MEMBERS for everyone, in id order: (id, start month, end month), from the roster
    index (read once per report) and the base schedules instead of three correlated
    look-ups per person."""
    index = roster_index(reader)
    d, active = as_of.isoformat(), iso(active_on)
    # memoized per day on a read snapshot: the statement and the status of one report ask
    # for the same day, one of them of those still on the roster only
    kept_days = memo(reader, "dues_members")
    kept = kept_days.get(d)
    if kept is not None and kept[0] is schedules:
        found = kept[1]
    else:
        stages, admitted = index.stages_on(d), index.admitted
        found = []
        for pid, p in index.people.items():
            schedule = schedules.get(pid)
            if (
                not schedule
                or (p.joined_on is not None and p.joined_on > d)
                or stages.get(pid) not in MEMBER_STAGES
            ):
                continue
            # the schedule is in month order: its first month is the first base month
            start = first_owed_month(schedule[0][0], admitted.get(pid), p.joined_on)
            assert start is not None
            found.append((pid, start, month_of(p.left_on) if p.left_on else None, p.left_on))
        kept_days[d] = (schedules, found)
    return [
        (pid, start, end)
        for pid, start, end, left_on in found
        if active is None or left_on is None or left_on > active
    ]


def first_base_month(reader: Reader) -> str | None:
    """The first month of dues in the ledger (memoized on a read snapshot: each branch
    requirement of a report asks)."""
    kept = memo(reader, "first_base_month")
    if "month" not in kept:
        kept["month"] = reader.scalar("SELECT MIN(from_month) FROM dues_base")
    month: str | None = kept["month"]
    return month


def base_schedules(
    reader: Reader, person_id: int | None = None
) -> dict[int, list[tuple[str, int]]]:
    """person id → [(from month, due)] in month order; a base set again for the same month
    supersedes the earlier row."""
    # memoized on a read snapshot only: inside a write the bases may change between calls
    kept = memo(reader, "base_schedules")
    if person_id in kept:
        return kept[person_id]
    out: dict[int, list[tuple[str, int]]] = {}
    one = "" if person_id is None else " WHERE person_id = :pid"
    for pid, month, due in reader.tuples(
        f"SELECT person_id, from_month, due_fen FROM dues_base{one}"
        " ORDER BY person_id, from_month, id",
        {"pid": person_id},
    ):
        schedule = out.get(pid)
        if schedule is None:
            out[pid] = [(month, due)]
        elif schedule[-1][0] == month:
            schedule[-1] = (month, due)  # rows of one month come in id order: the last wins
        else:
            schedule.append((month, due))
    kept[person_id] = out
    return out


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


class Owed(NamedTuple):
    """One member's unpaid months up to a month: when their dues began, which, and how much."""

    start_month: str
    months: list[str]
    dues: list[int]
    # unpaid months not yet owed: a member away paying quarterly (reports/dues.py)
    deferred: tuple[str, ...] = ()


def owed_by_member(
    reader: Reader,
    as_of: date,
    last_month: str,
    person_id: int | None = None,
    active_on: date | None = None,
    schedules: dict[int, list[tuple[str, int]]] | None = None,
) -> dict[int, Owed]:
    """person id → their unpaid months up to `last_month`, for members on the roster on
    `active_on`; members who owe nothing are left out.

    The months a member owes are their due range less the months paid, so the ledger is
    read as one string of paid months per member, and the difference is taken here."""
    first = first_base_month(reader)
    if first is None or first > last_month:
        return {}
    params = {"d": as_of, "pid": person_id, "active": active_on, "last": last_month}
    if schedules is None:
        schedules = base_schedules(reader, person_id)
    if person_id is None:
        members = dues_members(reader, as_of, active_on, schedules)
    else:
        members = reader.tuples(
            f"SELECT id, start_month, end_month FROM ({MEMBERS} AND p.id = :pid) m", params
        )
    if not members:
        return {}
    # 'YYYY-MM' tokens joined by commas: a month is paid iff its code occurs in the string
    # (no code can straddle a comma), which spares building 10,000 sets
    # one member's months by the person index; `(:pid IS NULL OR …)` would scan them all
    one = "" if person_id is None else "AND r.person_id = :pid"
    paid = dict(reader.tuples(PAID_MONTHS.format(one=one), params))
    calendar = [month_at(i) for i in range(month_index(first), month_index(last_month) + 1)]
    # a member's months lie between the first base month and `last_month`: in the calendar
    position = {m: i for i, m in enumerate(calendar)}
    out: dict[int, Owed] = {}
    # the due range as the string SQLite folds for a member who paid all of it in order: a
    # member whose string holds it owes nothing, without testing month by month
    in_full: dict[tuple[str, str], tuple[list[str], str]] = {}
    for pid, start, end in members:
        hi = last_month if end is None or end > last_month else end
        if start > hi:
            continue
        done = paid.get(pid, "")
        span = in_full.get((start, hi))
        if span is None:
            months = calendar[position[start] : position[hi] + 1]
            span = in_full[(start, hi)] = (months, ",".join(months))
        if span[1] in done:
            continue
        missing = [m for m in span[0] if m not in done]
        if not missing:
            continue
        schedule = schedules[pid]
        if len(schedule) == 1:
            due = schedule[0][1]
            if due:
                out[pid] = Owed(start, missing, [due] * len(missing))
            continue
        months, dues = [], []
        for m in missing:
            month_due = due_in(schedule, m)
            if month_due:
                months.append(m)
                dues.append(month_due)
        if months:
            out[pid] = Owed(start, months, dues)
    return out


def unpaid_months(
    reader: Reader,
    as_of: date,
    last_month: str,
    person_id: int | None = None,
    active_on: date | None = None,
) -> list[dict[str, Any]]:
    """Unpaid member-months up to `last_month` as rows of person_id, month, due_fen and
    start_month, by person and month."""
    return [
        {"person_id": pid, "month": m, "due_fen": due, "start_month": owed.start_month}
        for pid, owed in owed_by_member(reader, as_of, last_month, person_id, active_on).items()
        for m, due in zip(owed.months, owed.dues, strict=True)
    ]


def members_without_base(reader: Reader, as_of: date) -> list[dict[str, Any]]:
    """Members on `as_of` with no dues base at all: id, name and party group, by id."""
    index = roster_index(reader)
    with_base = base_schedules(reader)
    groups = index.groups_on(as_of)
    return [
        {"id": pid, "name": index.people[pid].name, "group": groups.get(pid)}
        for pid in index.in_branch(as_of, MEMBER_STAGES)
        if pid not in with_base
    ]


def balance(reader: Reader, on: date) -> int:
    """Money the branch holds on a day: everything received by then less everything remitted."""
    received = reader.scalar(
        "SELECT COALESCE(SUM(amount_fen), 0) FROM dues_payment WHERE paid_on <= :d", {"d": on}
    )
    remitted = reader.scalar(
        "SELECT COALESCE(SUM(amount_fen), 0) FROM dues_remit WHERE on_date <= :d"
        " AND voided_on IS NULL",
        {"d": on},
    )
    return int(received) - int(remitted)


def paid_through(reader: Reader, person_id: int, on: date) -> str | None:
    """The month a member's dues are paid through on `on`, as the transfer letter states it:
    the month before the first month unpaid through the month of `on` (or through the latest
    month paid, when that is later), or with none unpaid, that latest month (None: no month
    paid, or the very first one unpaid).

    Reckoned from the member's base schedule and the payments made by `on` alone — not from
    whether they are still on the roster — so `member transfer-out` (before the departure is
    written) and `print letter` (after it) state the same month."""
    params = {"p": person_id, "d": on}
    latest = reader.scalar(
        """SELECT MAX(r.month) FROM dues_payment r
           WHERE r.person_id = :p AND r.kind = 'regular' AND r.paid_on <= :d
             AND NOT EXISTS (SELECT 1 FROM dues_payment x
                             WHERE x.reverses_id = r.id AND x.paid_on <= :d)""",
        params,
    )
    last = max(month_of(on), latest or month_of(on))
    schedule = base_schedules(reader, person_id).get(person_id)
    if schedule:
        admitted = reader.scalar(
            "SELECT MIN(on_date) FROM stage_event WHERE person_id = :p AND stage = 'probationary'",
            params,
        )
        joined = reader.scalar("SELECT joined_on FROM person WHERE id = :p", params)
        start = first_owed_month(schedule[0][0], admitted, joined)
        assert start is not None
        paid = {
            m
            for (m,) in reader.tuples(
                """SELECT r.month FROM dues_payment r
                   WHERE r.person_id = :p AND r.kind = 'regular' AND r.paid_on <= :d
                     AND NOT EXISTS (SELECT 1 FROM dues_payment x
                                     WHERE x.reverses_id = r.id AND x.paid_on <= :d)""",
                params,
            )
        }
        for i in range(month_index(start), month_index(last) + 1):
            month = month_at(i)
            if month not in paid and due_in(schedule, month):
                return month_at(i - 1) if month > start else None
    return last if latest else None
