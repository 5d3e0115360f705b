"""Dues reports: who owes what (status/remind), the payment ledger, the yearly statement."""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from ..parse import format_money
from ..rules import dues as rules
from ..rules.periods import Period
from ..store.dues_queries import (
    Owed,
    base_schedules,
    due_in,
    members_without_base,
    owed_by_member,
)
from ..store.profile_queries import dues_deadline_day
from ..store.reader import Reader, as_date
from ..store.roster_index import roster_index


def _month_code(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


# cached: a report asks about the same few dozen months for every member
@cache
def _next(code: str) -> str:
    y, m = int(code[:4]), int(code[5:7])
    return f"{y + 1:04d}-01" if m == 12 else f"{y:04d}-{m + 1:02d}"


@cache
def _prev(code: str) -> str:
    y, m = int(code[:4]), int(code[5:7])
    return f"{y - 1:04d}-12" if m == 1 else f"{y:04d}-{m - 1:02d}"


def longest_run(months: list[str]) -> int:
    """The longest run of consecutive calendar months in a sorted list."""
    best = run = 0
    prev = ""
    for m in months:
        # consecutive: the month after the previous one (cheaper than counting months)
        run = run + 1 if prev and m == _next(prev) else 1
        if run > best:
            best = run
        prev = m
    return best


def _owing(
    reader: Reader,
    as_of: date,
    person_id: int | None,
    schedules: dict[int, list[tuple[str, int]]] | None,
) -> dict[int, Owed]:
    day = dues_deadline_day(reader)
    last = _month_code(rules.last_owed_month(as_of, day))
    return owed_by_member(reader, as_of, last, person_id, as_of, schedules)


def status(reader: Reader, as_of: date, include_no_base: bool = True) -> dict[str, Any]:
    """The dues status JSON of CLI.md (memoized per reader: the year report asks twice)."""
    memo = reader.__dict__.setdefault("_status_memo", {})
    key = (as_of, include_no_base)
    if key not in memo:
        memo[key] = _status(reader, as_of, include_no_base)
    return memo[key]


def _status(reader: Reader, as_of: date, include_no_base: bool) -> dict[str, Any]:
    """The dues status JSON of CLI.md: every member who owes, with the most serious flag."""
    schedules = base_schedules(reader)
    unpaid = _owing(reader, as_of, None, schedules)
    month_now = _month_code(as_of)
    ids = sorted(unpaid)
    index = roster_index(reader)
    groups = index.groups_on(as_of) if ids else {}
    members = []
    for pid in ids:
        owed = unpaid[pid]
        months = owed.months
        consecutive = longest_run(months)
        current = due_in(schedules[pid], month_now)
        members.append(
            {
                "id": pid,
                "name": index.people[pid].name,
                "group": groups.get(pid),
                "monthly_due": format_money(owed.dues[-1] if current is None else current),
                # every due month before the first unpaid one was paid (or waived)
                "paid_through": _prev(months[0]) if months[0] > owed.start_month else None,
                "owed_months": months,
                "owed_amount": format_money(sum(owed.dues)),
                "consecutive_unpaid": consecutive,
                "flag": rules.flag(len(months), consecutive, True),
            }
        )
    no_base = members_without_base(reader, as_of) if include_no_base else []
    if no_base:
        for r in no_base:
            members.append(
                {
                    "id": r["id"],
                    "name": r["name"],
                    "group": r["group"],
                    "monthly_due": None,
                    "paid_through": None,
                    "owed_months": [],
                    "owed_amount": "0.00",
                    "consecutive_unpaid": 0,
                    "flag": "no_base",
                }
            )
        members.sort(key=lambda m: m["id"])
    return {
        "as_of": as_of,
        "members": members,
        "totals": {
            # CLI.md: no_base is "a member who owes dues but has no base set"
            "members_owing": len(ids) + len(no_base),
            "owed_amount": format_money(sum(sum(owed.dues) for owed in unpaid.values())),
        },
    }


def ledger_entries(
    reader: Reader, person_id: int | None, period: Period | None
) -> list[dict[str, Any]]:
    rows = reader.rows(
        """SELECT d.id, d.person_id AS member_id, p.name, d.month, d.amount_fen, d.kind, d.paid_on,
                  d.receipt, b.name AS "by", d.reverses_id AS reverses, d.note
           FROM dues_payment d JOIN person p ON p.id = d.person_id LEFT JOIN person b ON b.id = d.by_id
           WHERE (:pid IS NULL OR d.person_id = :pid)
             AND (:lo IS NULL OR d.month BETWEEN :lo AND :hi)
           ORDER BY d.paid_on, d.month, d.id""",
        {
            "pid": person_id,
            "lo": period.months()[0].code if period else None,
            "hi": period.months()[-1].code if period else None,
        },
    )
    for r in rows:
        r["amount"] = format_money(r.pop("amount_fen"))
        r["paid_on"] = as_date(r["paid_on"])
    return rows


def statement(reader: Reader, year: int, as_of: date) -> dict[str, Any]:
    """The year's dues per member and in total: due, collected, voluntary, remitted, outstanding.

    One grouped pass over the year's live payments (a row per member and kind, the months
    and amounts folded into a string), then each member's due months from their base
    schedule: about as many steps as the year has member-months, no row per payment."""
    from ..store.dues_queries import dues_members, month_index

    first, last = f"{year:04d}-01", f"{year:04d}-12"
    day = dues_deadline_day(reader)
    last_owed = min(last, _month_code(rules.last_owed_month(as_of, day)))
    params = {"lo": first, "hi": last, "d": as_of, "pid": None, "active": None}
    per: dict[int, dict[str, Any]] = {}

    def rec(pid: int) -> dict[str, Any]:
        if pid not in per:
            per[pid] = {"paid": {}, "regular": 0, "voluntary": 0, "due": 0, "outstanding": 0}
        return per[pid]

    calendar = [m.code for m in Period.year(year).months()]
    by_month: dict[str, dict[str, int]] = {m: {"due": 0, "collected": 0} for m in calendar}
    # `+r.month`: walking the (person, month) index in order needs no sort for GROUP BY,
    # which beats the month index here
    for pid, regular, voluntary, reg_folded, vol_folded in reader.tuples(
        """SELECT r.person_id,
                  SUM(CASE WHEN r.kind = 'regular' THEN r.amount_fen END),
                  SUM(CASE WHEN r.kind = 'voluntary' THEN r.amount_fen END),
                  group_concat(CASE WHEN r.kind = 'regular' THEN r.month || '=' || r.amount_fen END),
                  group_concat(CASE WHEN r.kind = 'voluntary' THEN r.month || '=' || r.amount_fen END)
           FROM dues_payment r
           WHERE +r.month BETWEEN :lo AND :hi AND r.kind != 'reversal' AND r.paid_on <= :d
             AND r.id NOT IN (SELECT x.reverses_id FROM dues_payment x
                              WHERE x.reverses_id > 0 AND x.paid_on <= :d)
           GROUP BY r.person_id""",
        params,
    ):
        r = rec(pid)
        r["regular"], r["voluntary"] = regular or 0, voluntary or 0
        paid = r["paid"]
        for token in reg_folded.split(",") if reg_folded else ():
            month, amount = token[:7], int(token[8:])
            by_month[month]["collected"] += amount
            paid[month] = paid.get(month, 0) + amount
        for token in vol_folded.split(",") if vol_folded else ():
            by_month[token[:7]]["collected"] += int(token[8:])
    schedules = base_schedules(reader)
    lo, owed_i = month_index(first), month_index(last_owed)
    for pid, start, end in dues_members(reader, as_of, None, schedules):
        a = max(month_index(start), lo)
        b = owed_i if end is None else min(owed_i, month_index(end))
        if a > b:
            continue
        r = rec(pid)
        paid, schedule = r["paid"], schedules[pid]
        single = schedule[0][1] if len(schedule) == 1 else None
        for m in calendar[a - lo : b - lo + 1]:
            due = single if single is not None else due_in(schedule, m) or 0
            r["due"] += due
            by_month[m]["due"] += due
            # an unpaid month, or the shortfall of a payment accepted below the due (--force)
            short = due - paid.get(m, 0)
            if short > 0:
                r["outstanding"] += short
    for r in per.values():
        r["months_paid"] = sorted(r.pop("paid"))
    people = roster_index(reader).people
    remitted = reader.scalar(
        "SELECT COALESCE(SUM(amount_fen), 0) FROM dues_remit WHERE start >= :s AND start <= :e",
        {"s": date(year, 1, 1), "e": date(year, 12, 31)},
    )
    members = [
        {
            "member_id": pid,
            "name": people[pid].name if pid in people else "",
            "months_paid": r["months_paid"],
            "paid": format_money(r["regular"]),
            "voluntary": format_money(r["voluntary"]),
            "due": format_money(r["due"]),
            "outstanding": format_money(r["outstanding"]),
        }
        for pid, r in sorted(per.items())
    ]
    published = reader.scalar(
        "SELECT published_on FROM dues_statement WHERE year = :y", {"y": year}
    )
    return {
        "year": year,
        "as_of": as_of,
        "members": members,
        "totals": {
            "due": format_money(sum(r["due"] for r in per.values())),
            "collected": format_money(sum(r["regular"] + r["voluntary"] for r in per.values())),
            "voluntary": format_money(sum(r["voluntary"] for r in per.values())),
            "remitted": format_money(remitted),
            "outstanding": format_money(sum(r["outstanding"] for r in per.values())),
            "balance": format_money(balance(reader, min(date(year, 12, 31), as_of))),
        },
        "by_month": [
            {"month": m, "due": format_money(v["due"]), "collected": format_money(v["collected"])}
            for m, v in by_month.items()
        ],
        "published_on": as_date(published),
    }


def balance(reader: Reader, on: date) -> int:
    """Money the branch holds on a day: everything received by then less everything remitted."""
    received = reader.scalar(
        "SELECT COALESCE(SUM(amount_fen), 0) FROM dues_payment WHERE paid_on <= :d", {"d": on}
    )
    remitted = reader.scalar(
        "SELECT COALESCE(SUM(amount_fen), 0) FROM dues_remit WHERE on_date <= :d", {"d": on}
    )
    return int(received) - int(remitted)
