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


def statement(reader: Reader, year: int, as_of: date, with_members: bool = True) -> dict[str, Any]:
    """The year's dues per member and in total: due, collected, voluntary, remitted, outstanding.

    One grouped pass over the year's live payments (a row per member, the months and
    amounts folded into strings), then each member's due months from their base schedule;
    a member who paid every month they paid in full is settled by counting, not month by
    month. No row per payment."""
    from ..store.dues_queries import dues_members

    first, last = f"{year:04d}-01", f"{year:04d}-12"
    day = dues_deadline_day(reader)
    last_owed = min(last, _month_code(rules.last_owed_month(as_of, day)))
    params = {"lo": first, "hi": last, "d": as_of}
    calendar = [m.code for m in Period.year(year).months()]
    position = {m: i for i, m in enumerate(calendar)}
    collected, due_by_month = [0] * len(calendar), [0] * len(calendar)
    # person id → [{month: regular amount}, regular, voluntary, due, outstanding]
    per: dict[int, list[Any]] = {}
    # `+r.month`: walking the (person, month) index in order needs no sort for GROUP BY,
    # which beats the month index here; months and amounts come folded into two strings
    # each (in the same row order), which Python splits faster than it parses pairs
    for pid, regular, voluntary, reg_months, reg_amounts, vol_months, vol_amounts in reader.tuples(
        """SELECT r.person_id,
                  SUM(CASE WHEN r.kind = 'regular' THEN r.amount_fen END),
                  SUM(CASE WHEN r.kind = 'voluntary' THEN r.amount_fen END),
                  group_concat(CASE WHEN r.kind = 'regular' THEN r.month END),
                  group_concat(CASE WHEN r.kind = 'regular' THEN r.amount_fen END),
                  group_concat(CASE WHEN r.kind = 'voluntary' THEN r.month END),
                  group_concat(CASE WHEN r.kind = 'voluntary' THEN r.amount_fen END)
           FROM dues_payment r
           WHERE +r.month BETWEEN :lo AND :hi AND r.kind != 'reversal' AND r.paid_on <= :d
             AND r.id NOT IN (SELECT x.reverses_id FROM dues_payment x
                              WHERE x.reverses_id > 0 AND x.paid_on <= :d)
           GROUP BY r.person_id""",
        params,
    ):
        paid: dict[str, int] = {}
        if reg_months:
            months = reg_months.split(",")
            amounts = list(map(int, reg_amounts.split(",")))
            paid = dict(zip(months, amounts, strict=True))
            if len(paid) < len(months):  # two live entries for one month: their sum
                paid = {}
                for m, amount in zip(months, amounts, strict=True):
                    paid[m] = paid.get(m, 0) + amount
            for m, amount in zip(months, amounts, strict=True):
                collected[position[m]] += amount
        if vol_months:
            for m, amount in zip(
                vol_months.split(","), map(int, vol_amounts.split(",")), strict=True
            ):
                collected[position[m]] += amount
        per[pid] = [paid, regular or 0, voluntary or 0, 0, 0]
    schedules = base_schedules(reader)
    owed_to = position[last_owed] if last_owed >= first else -1
    for pid, start, end in dues_members(reader, as_of, None, schedules):
        a = 0 if start < first else position.get(start, len(calendar))
        b = owed_to if end is None or end >= last_owed else position[end] if end >= first else -1
        if a > b:
            continue
        r = per.get(pid)
        if r is None:
            r = per[pid] = [{}, 0, 0, 0, 0]
        paid, schedule = r[0], schedules[pid]
        if len(schedule) == 1:
            due = schedule[0][1]
            r[3] += due * (b - a + 1)
            for i in range(a, b + 1):
                due_by_month[i] += due
            if paid and min(paid.values()) >= due:
                # every month paid was paid in full: the months not paid are the shortfall
                lo_m, hi_m = calendar[a], calendar[b]
                r[4] += due * (b - a + 1 - sum(lo_m <= m <= hi_m for m in paid))
                continue
            months_dues = [(m, due) for m in calendar[a : b + 1]]
        else:
            months_dues = [(m, due_in(schedule, m) or 0) for m in calendar[a : b + 1]]
            for i, (_, due) in enumerate(months_dues, start=a):
                r[3] += due
                due_by_month[i] += due
        for m, due in months_dues:
            # an unpaid month, or the shortfall of a payment accepted below the due (--force)
            short = due - paid.get(m, 0)
            if short > 0:
                r[4] += short
    people = roster_index(reader).people
    remitted = reader.scalar(
        "SELECT COALESCE(SUM(amount_fen), 0) FROM dues_remit WHERE start >= :s AND start <= :e",
        {"s": date(year, 1, 1), "e": date(year, 12, 31)},
    )
    # the year report needs the totals alone: no list of 30,000 members built for nothing
    members = [
        {
            "member_id": pid,
            "name": people[pid].name if pid in people else "",
            "months_paid": sorted(paid),
            "paid": format_money(regular),
            "voluntary": format_money(voluntary),
            "due": format_money(due),
            "outstanding": format_money(outstanding),
        }
        for pid, (paid, regular, voluntary, due, outstanding) in (
            sorted(per.items()) if with_members else ()
        )
    ]
    published = reader.scalar(
        "SELECT published_on FROM dues_statement WHERE year = :y", {"y": year}
    )
    rows = per.values()
    return {
        "year": year,
        "as_of": as_of,
        "members": members,
        "totals": {
            "due": format_money(sum(r[3] for r in rows)),
            "collected": format_money(sum(r[1] + r[2] for r in rows)),
            "voluntary": format_money(sum(r[2] for r in rows)),
            "remitted": format_money(remitted),
            "outstanding": format_money(sum(r[4] for r in rows)),
            "balance": format_money(balance(reader, min(date(year, 12, 31), as_of))),
        },
        "by_month": [
            {"month": m, "due": format_money(due), "collected": format_money(got)}
            for m, due, got in zip(calendar, due_by_month, collected, strict=True)
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
