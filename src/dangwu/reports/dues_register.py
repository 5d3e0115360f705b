"""The 党费收缴登记表 of a year (`print dues-register`): per member the base, the rate, the
monthly due, each month's payment and its day, the year's due, paid, paid late and still
owed, with totals.

One source of truth with `dues statement --year Y`: the members, each member's due, paid,
voluntary and outstanding, and the totals are the statement's own (reports/dues.py
`statement`, reckoned on the same day), so the register's totals are the statement's. What
the statement does not hold — each month's payment and day, and the base behind the due —
is read in SQL by ranges of member ids (a grouped pass over the payments of the year and the
bases, walking the (person_id, month) indexes), and the rows are yielded one member at a
time: a register of 100,000 members × 12 months is written without holding it in memory.
The rows are read from `reader` while they are consumed, so consume them inside the read.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from ..i18n import label, tr
from ..rules import dues as rules
from ..rules.periods import Period, month_of
from ..store.dues_queries import base_schedules, due_in, dues_members, members_without_base
from ..store.profile_queries import dues_deadline_day
from ..store.reader import Reader, as_date
from .branch import branch_info
from .dues import LIVE, statement

# members per range read of payments and bases
CHUNK = 2000

# Each member-month of the year: everything paid for it by the day (regular and voluntary,
# less what was reversed by then — the statement's LIVE), the regular part, and its day.
MONTHS_PAID = f"""SELECT r.person_id, r.month, SUM(r.amount_fen),
       SUM(CASE WHEN r.kind = 'regular' THEN r.amount_fen ELSE 0 END),
       MIN(CASE WHEN r.kind = 'regular' THEN r.paid_on END),
       MIN(r.paid_on)
  FROM dues_payment r
  WHERE r.person_id BETWEEN :a AND :b AND r.month BETWEEN :lo AND :hi AND {LIVE}
  GROUP BY r.person_id, r.month
  ORDER BY r.person_id, r.month"""

# The bases behind the dues, up to the year's last month (a base set again for the same
# month supersedes the earlier row: id order)
BASES = """SELECT person_id, from_month, income_fen, fixed_fen, rate, due_fen
  FROM dues_base WHERE person_id BETWEEN :a AND :b AND from_month <= :hi
  ORDER BY person_id, from_month, id"""

PEOPLE = """SELECT id, left_on, left_reason FROM person WHERE id BETWEEN :a AND :b"""

# A regular payment made after its month's deadline, per month: the year's 补交
LATE_IN_MONTH = f"""SELECT COALESCE(SUM(r.amount_fen), 0) FROM dues_payment r
  WHERE r.month = :m AND r.kind = 'regular' AND r.paid_on > :deadline AND {LIVE}"""


def _fen(money: str) -> int:
    """The statement's money string ("45.00") back to fen."""
    return int(money.replace(".", ""))


def register(reader: Reader, year: int, as_of: date) -> dict[str, Any]:
    """The register's head, totals and (lazily) rows. Money in fen; `rows` yields one dict
    per member in id order: seq, member_id, name, income (fen or None for a fixed due), rate
    ("0.015" or None), fixed, monthly_due, months (12 × {amount, paid_on, late, owed}), due,
    paid (regular and voluntary), voluntary, late (paid after the month's deadline: 补交),
    outstanding, notes."""
    doc = statement(reader, year, as_of)
    calendar = [m.code for m in Period.year(year).months()]
    first, last = calendar[0], calendar[-1]
    day = dues_deadline_day(reader)
    deadlines = {m: rules.deadline(Period.of_code(m).start, day) for m in calendar}
    # the months owed by `as_of` (their deadline passed), as the statement counts them
    last_owed = min(last, month_of(rules.last_owed_month(as_of, day)))
    late_by_month = [
        int(reader.scalar(LATE_IN_MONTH, {"m": m, "deadline": deadlines[m], "d": as_of}) or 0)
        for m in calendar
    ]
    members: dict[int, dict[str, Any]] = {m["member_id"]: m for m in doc["members"]}
    # members on the roster at the year's end (or on the day, before it) with no base at
    # all: listed, owing nothing
    no_base = {
        r["id"]: r["name"]
        for r in members_without_base(reader, min(as_of, date(year, 12, 31)))
        if r["id"] not in members
    }
    ids = sorted([*members, *no_base])
    schedules = base_schedules(reader)
    spans = {pid: (start, end) for pid, start, end in dues_members(reader, as_of, None, schedules)}
    totals = doc["totals"]
    branch = branch_info(reader)

    def rows() -> Iterator[dict[str, Any]]:
        seq = 0
        for i in range(0, len(ids), CHUNK):
            part = ids[i : i + CHUNK]
            rng = {"a": part[0], "b": part[-1], "lo": first, "hi": last, "d": as_of}
            paid: dict[int, dict[str, tuple[int, int, Any]]] = {}
            for pid, m, amount, regular, regular_on, any_on in reader.tuples(MONTHS_PAID, rng):
                paid.setdefault(pid, {})[m] = (
                    int(amount),
                    int(regular or 0),
                    as_date(regular_on or any_on),
                )
            bases: dict[int, list[tuple[Any, ...]]] = {}
            for row in reader.tuples(BASES, rng):
                schedule = bases.setdefault(row[0], [])
                if schedule and schedule[-1][1] == row[1]:
                    schedule[-1] = row  # the same month set again: the last one wins
                else:
                    schedule.append(row)
            people = {pid: (as_date(left), why) for pid, left, why in reader.tuples(PEOPLE, rng)}
            for pid in part:
                seq += 1
                yield _row(
                    seq,
                    pid,
                    members.get(pid),
                    no_base.get(pid),
                    paid.get(pid, {}),
                    bases.get(pid, []),
                    people.get(pid, (None, None)),
                    spans.get(pid),
                    schedules.get(pid),
                    calendar,
                    deadlines,
                    last_owed,
                )

    return {
        "year": year,
        "as_of": as_of,
        "branch": branch["name"],
        "higher_org": branch["higher_org"],
        "months": calendar,
        "count": len(ids),
        "totals": {
            "due": _fen(totals["due"]),
            "paid": _fen(totals["collected"]),
            "voluntary": _fen(totals["voluntary"]),
            "late": sum(late_by_month),
            "outstanding": _fen(totals["outstanding"]),
            "by_month": [_fen(m["collected"]) for m in doc["by_month"]],
            "late_by_month": late_by_month,
        },
        "published_on": doc["published_on"],
        "rows": rows(),
    }


def _row(
    seq: int,
    pid: int,
    member: dict[str, Any] | None,
    no_base_name: str | None,
    paid: dict[str, tuple[int, int, Any]],
    bases: list[tuple[Any, ...]],
    person: tuple[date | None, str | None],
    span: tuple[str, str | None] | None,
    schedule: list[tuple[str, int]] | None,
    calendar: list[str],
    deadlines: dict[str, date],
    last_owed: str,
) -> dict[str, Any]:
    """One member's line of the register."""
    first, last = calendar[0], calendar[-1]
    left_on, left_reason = person
    start, end = span if span is not None else (None, None)
    # the months the member owed this branch in the year, up to the last one owed by the day
    lo = max(start, first) if start else None
    hi = min(end or last, last_owed) if start else None
    notes: list[str] = []
    months = []
    late = 0
    for m in calendar:
        amount, regular, on = paid.get(m, (None, 0, None))
        owed = bool(
            lo is not None
            and hi is not None
            and lo <= m <= hi
            and schedule
            and due_in(schedule, m)
            and not regular
        )
        is_late = bool(regular and on is not None and on > deadlines[m])
        if is_late:
            late += regular
        months.append({"amount": amount, "paid_on": on, "late": is_late, "owed": owed})
    # the base in force in the last month the member owed in the year (the year's last
    # month for one still here), and the changes of due within the year
    until = min(end or last, last)
    shown = None
    for b in bases:
        if b[1] <= until:
            shown = b
    changes = [b for b in bases if first < b[1] <= until and (start is None or b[1] > start)]
    for b in changes:
        notes.append(
            tr(
                f"{int(b[1][5:7])}月起月应缴{_yuan(b[5])}",
                f"due {_yuan(b[5])} from {b[1]}",
            )
        )
    if start is not None and first < start <= last:
        notes.insert(0, tr(f"{int(start[5:7])}月起交纳", f"pays from {start}"))
    if left_on is not None and left_on.year == int(first[:4]) and left_reason:
        notes.append(
            tr(
                f"{left_on.month}月{left_on.day}日{label('left_reason', left_reason)}",
                f"{label('left_reason', left_reason)} {left_on}",
            )
        )
    voluntary = _fen(member["voluntary"]) if member else 0
    if voluntary:
        notes.append(tr(f"含自愿多交{_yuan(voluntary)}", f"incl. {_yuan(voluntary)} voluntary"))
    if member is None:
        notes.append(tr("未设定党费基数", "no dues base set"))
    fixed = shown is not None and shown[3] is not None
    return {
        "seq": seq,
        "member_id": pid,
        "name": member["name"] if member else no_base_name,
        "income": shown[2] if shown is not None else None,
        "rate": shown[4] if shown is not None else None,
        "fixed": fixed,
        "monthly_due": shown[5] if shown is not None else None,
        "months": months,
        "due": _fen(member["due"]) if member else 0,
        "paid": (_fen(member["paid"]) + voluntary) if member else 0,
        "voluntary": voluntary,
        "late": late,
        "outstanding": _fen(member["outstanding"]) if member else 0,
        "notes": notes,
    }


def _yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"
