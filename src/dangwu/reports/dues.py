"""Dues reports: who owes what (status/remind), the payment ledger, the yearly statement."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import date
from functools import cache
from typing import Any

from ..parse import format_money
from ..rules import away as away_rules
from ..rules import dues as rules
from ..rules.dues import deadline
from ..rules.periods import Period, month_after, month_before, month_of
from ..rules.profile import option_on
from ..store.dues_queries import (
    Owed,
    base_schedules,
    due_in,
    members_without_base,
    owed_by_member,
)
from ..store.profile_queries import dues_deadline_day, stored_profile
from ..store.reader import Reader, as_date, memo
from ..store.roster_index import roster_index

# cached: a report asks about the same few dozen months for every member
_next = cache(month_after)
_prev = cache(month_before)


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
    with_left: bool = False,
) -> dict[int, Owed]:
    """Unpaid months with their deadline passed on `as_of`, of the members still on the roster
    then (`with_left`: of those who have left as well)."""
    day = dues_deadline_day(reader)
    last = month_of(rules.last_owed_month(as_of, day))
    if person_id is not None or not reader.snapshot:
        return away_deferred(
            reader,
            as_of,
            day,
            owed_by_member(reader, as_of, last, person_id, None if with_left else as_of, schedules),
        )
    # on a read snapshot, one pass for both: the year report asks for the arrears with the
    # members who have left and for the findings without them, on the same day
    owing = memo(reader, "owing")
    kept = owing.get(as_of)
    if kept is None or kept[0] is not schedules:
        kept = owing[as_of] = (
            schedules,
            owed_by_member(reader, as_of, last, None, None, schedules),
        )
    owed: dict[int, Owed] = away_deferred(reader, as_of, day, kept[1])
    if with_left:
        return owed
    people, d = roster_index(reader).people, as_of.isoformat()
    return {pid: o for pid, o in owed.items() if (left := people[pid].left_on) is None or left > d}


def away_deferred(
    reader: Reader, as_of: date, deadline_day: int, owed: dict[int, Owed]
) -> dict[int, Owed]:
    """With the rule option `away_quarterly_dues` (PEERS.md §2.2): a month whose deadline day
    fell while the member was away (流动党员, AWAY_ON) is owed only once its quarter has ended
    (rules/away.py dues_deferred). One read of the away records, whoever owes; a new dict
    (the one given may be the snapshot's memo)."""
    if not owed or not option_on(stored_profile(reader), "away_quarterly_dues"):
        return owed
    spans: dict[int, list[tuple[date, date | None, date | None]]] = {}
    for pid, from_on, until_on, back_on in reader.tuples(
        """SELECT person_id, from_on, until_on, back_on FROM member_away
           WHERE voided_on IS NULL AND from_on <= :d ORDER BY person_id, from_on""",
        {"d": as_of},
    ):
        if pid in owed:
            spans.setdefault(pid, []).append(
                (as_date(from_on), as_date(until_on), as_date(back_on))  # type: ignore[arg-type]
            )
    if not spans:
        return owed

    def away(day: date, pid: int) -> bool:
        # AWAY_ON (store/queries.py), in Python over the member's few records
        return any(
            f <= day and (b is None or b > day) and (u is None or u >= day)
            for f, u, b in spans[pid]
        )

    out = dict(owed)
    for pid in spans:
        o = owed[pid]
        later = [
            m
            for m in o.months
            if away(due_day := deadline(date.fromisoformat(m + "-01"), deadline_day), pid)
            and away_rules.dues_deferred(due_day, as_of)
        ]
        if not later:
            continue
        kept = [(m, due) for m, due in zip(o.months, o.dues, strict=True) if m not in later]
        if kept:
            out[pid] = Owed(o.start_month, [m for m, _ in kept], [v for _, v in kept], tuple(later))
        else:
            del out[pid]
    return out


def status(
    reader: Reader, as_of: date, include_no_base: bool = True, flagged_only: bool = False
) -> dict[str, Any]:
    """The dues status JSON of CLI.md (memoized per reader: the year report asks twice).

    `flagged_only`: of the members who owe, only those flagged (the compliance findings
    read no others; most of a large branch owes a month at most)."""
    kept = memo(reader, "status")
    key = (as_of, include_no_base)
    if key in kept:
        doc = kept[key]
        if flagged_only:
            return dict(doc, members=[m for m in doc["members"] if m["flag"]])
        return doc
    if flagged_only:
        flagged_key = (as_of, include_no_base, "flagged")
        if flagged_key not in kept:
            kept[flagged_key] = _status(reader, as_of, include_no_base, flagged_only=True)
        return kept[flagged_key]
    kept[key] = _status(reader, as_of, include_no_base)
    return kept[key]


def _status(
    reader: Reader, as_of: date, include_no_base: bool, flagged_only: bool = False
) -> dict[str, Any]:
    """The dues status JSON of CLI.md: every member who owes, with the most serious flag."""
    schedules = base_schedules(reader)
    unpaid = _owing(reader, as_of, None, schedules)
    month_now = month_of(as_of)
    ids = sorted(unpaid)
    index = roster_index(reader)
    groups = index.groups_on(as_of) if ids else {}
    members: list[dict[str, Any]] = []
    for pid in ids:
        owed = unpaid[pid]
        months = owed.months
        consecutive = longest_run(months)
        if flagged_only and not rules.flag(len(months), consecutive, True):
            continue
        current = due_in(schedules[pid], month_now)
        first_unpaid = min((months[0], *owed.deferred))
        members.append(
            {
                "id": pid,
                "name": index.people[pid].name,
                "group": groups.get(pid),
                "monthly_due": format_money(owed.dues[-1] if current is None else current),
                # every due month before the first unpaid one was paid (or waived); a month
                # not yet owed (a member away paying quarterly) is unpaid all the same
                "paid_through": _prev(first_unpaid) if first_unpaid > owed.start_month else None,
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
    # only the filters given: `(:pid IS NULL OR person_id = :pid)` kept SQLite off the
    # (person_id, month) index (a full scan and a sort at 100,000 members, issue 22)
    where: list[str] = []
    params: dict[str, Any] = {}
    if person_id is not None:
        where.append("d.person_id = :pid")
        params["pid"] = person_id
    if period is not None:
        where.append("d.month BETWEEN :lo AND :hi")
        params.update(lo=period.months()[0].code, hi=period.months()[-1].code)
    rows = reader.rows(
        """SELECT d.id, d.person_id AS member_id, p.name, d.month, d.amount_fen, d.kind, d.paid_on,
                  d.receipt, b.name AS "by", d.reverses_id AS reverses, d.note
           FROM dues_payment d JOIN person p ON p.id = d.person_id LEFT JOIN person b ON b.id = d.by_id"""
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY d.paid_on, d.month, d.id",
        params,
    )
    for r in rows:
        r["amount"] = format_money(r.pop("amount_fen"))
        r["paid_on"] = as_date(r["paid_on"])
    return rows


# A payment counts on a day once it was paid by then, unless a reversal made by then points at
# it; the reversals themselves only move money back (they count in the balance alone).
LIVE = """r.kind != 'reversal' AND r.paid_on <= :d
  AND r.id NOT IN (SELECT x.reverses_id FROM dues_payment x
                   WHERE x.reverses_id > 0 AND x.paid_on <= :d)"""

# One row per member who paid in the year: the months of their regular payments folded into
# one string, their smallest regular payment, and their regular and voluntary sums. `+r.month`:
# walking the (person, month) index in order needs no sort for GROUP BY, which beats the month
# index here.
PAID_IN_YEAR = f"""SELECT r.person_id,
       group_concat(CASE WHEN r.kind = 'regular' THEN r.month END),
       MIN(CASE WHEN r.kind = 'regular' THEN r.amount_fen END),
       SUM(CASE WHEN r.kind = 'regular' THEN r.amount_fen END),
       SUM(CASE WHEN r.kind = 'voluntary' THEN r.amount_fen END)
  FROM dues_payment r
  WHERE +r.month BETWEEN :lo AND :hi AND {LIVE}
  GROUP BY r.person_id"""

COLLECTED_BY_MONTH = f"""SELECT r.month, SUM(r.amount_fen) FROM dues_payment r
  WHERE r.month BETWEEN :lo AND :hi AND {LIVE}
  GROUP BY r.month"""

# Regular payments month by month, for the few members who paid some month less than its due
PAID_BY_MONTH = f"""SELECT r.person_id, r.month, SUM(r.amount_fen) FROM dues_payment r
  WHERE r.person_id IN ({{ids}}) AND r.kind = 'regular' AND r.month BETWEEN :lo AND :hi AND {LIVE}
  GROUP BY r.person_id, r.month"""
CHUNK = 500


def statement(reader: Reader, year: int, as_of: date, with_members: bool = True) -> dict[str, Any]:
    """The year's dues per member and in total: due, collected, voluntary, remitted, outstanding.

    A member's outstanding is the sum, over the months due from them, of what each month's
    payments fall short of its due. Read as: one grouped pass over the year's payments (a
    row per member), the year's takings per month, and each member's due months from their
    base schedule. A member whose smallest payment covers their largest due is settled by
    counting the months they did not pay; only members with a payment below a due (taken
    with --force) are read month by month. No row per payment."""
    from ..store.dues_queries import dues_members

    first, last = f"{year:04d}-01", f"{year:04d}-12"
    day = dues_deadline_day(reader)
    last_owed = min(last, month_of(rules.last_owed_month(as_of, day)))
    params = {"lo": first, "hi": last, "d": as_of}
    calendar = [m.code for m in Period.year(year).months()]
    position = {m: i for i, m in enumerate(calendar)}
    # person id → [regular months ("2026-01,2026-02"), smallest regular payment, regular,
    # voluntary, due, outstanding]
    per: dict[int, list[Any]] = {
        pid: [months, least, regular or 0, voluntary or 0, 0, 0]
        for pid, months, least, regular, voluntary in reader.tuples(PAID_IN_YEAR, params)
    }
    collected = [0] * len(calendar)
    for month, amount in reader.tuples(COLLECTED_BY_MONTH, params):
        collected[position[month]] = int(amount)
    schedules = base_schedules(reader)
    owed_to = position[last_owed] if last_owed >= first else -1
    # each member's due is added at the first month due and taken off after the last
    steps = [0] * (len(calendar) + 1)
    # members with a payment below a due: (person id, first month index, dues month by month)
    uneven: list[tuple[int, int, list[int]]] = []
    # the months from a to b as a set, per (a, b): most members share one span
    spans: dict[tuple[int, int], frozenset[str]] = {}
    for pid, start, end in dues_members(reader, as_of, None, schedules):
        a = 0 if start < first else position.get(start, len(calendar))
        b = owed_to if end is None or end >= last_owed else position[end] if end >= first else -1
        if a > b:
            continue
        r = per.get(pid)
        if r is None:
            r = per[pid] = [None, None, 0, 0, 0, 0]
        schedule = schedules[pid]
        if len(schedule) == 1:
            due = top = schedule[0][1]
            dues = None
            r[4] += due * (b - a + 1)
            steps[a] += due
            steps[b + 1] -= due
        else:
            dues = [due_in(schedule, m) or 0 for m in calendar[a : b + 1]]
            top = max(dues)
            r[4] += sum(dues)
            for i, due in enumerate(dues, start=a):
                steps[i] += due
                steps[i + 1] -= due
        if r[1] is not None and r[1] < top:
            uneven.append((pid, a, dues or [top] * (b - a + 1)))
            continue
        # every payment covers every due: what is outstanding is the months not paid
        paid = frozenset(r[0].split(",")) if r[0] else frozenset()
        if dues is None:
            span = spans.get((a, b))
            if span is None:
                span = spans[(a, b)] = frozenset(calendar[a : b + 1])
            r[5] += top * (b - a + 1 - len(paid & span))
        else:
            r[5] += sum(
                due for m, due in zip(calendar[a : b + 1], dues, strict=True) if m not in paid
            )
    for chunk in range(0, len(uneven), CHUNK):
        part = uneven[chunk : chunk + CHUNK]
        got: dict[tuple[int, str], int] = {
            (pid, m): int(amount)
            for pid, m, amount in reader.tuples(
                PAID_BY_MONTH.format(ids=",".join(str(pid) for pid, _, _ in part)), params
            )
        }
        for pid, a, dues in part:
            per[pid][5] += sum(
                max(0, due - got.get((pid, calendar[i]), 0)) for i, due in enumerate(dues, start=a)
            )
    due_by_month, running = [], 0
    for step in steps[:-1]:
        running += step
        due_by_month.append(running)
    people = roster_index(reader).people
    # the hand-overs for the year's periods made by the day of the statement
    remitted = int(
        reader.scalar(
            """SELECT COALESCE(SUM(amount_fen), 0) FROM dues_remit
               WHERE start >= :s AND start <= :e AND on_date <= :d AND voided_on IS NULL""",
            {"s": date(year, 1, 1), "e": date(year, 12, 31), "d": as_of},
        )
    )
    # the year report needs the totals alone: no list of 30,000 members built for nothing
    members = [
        {
            "member_id": pid,
            "name": people[pid].name if pid in people else "",
            "months_paid": sorted(set(months.split(","))) if months else [],
            "paid": format_money(regular),
            "voluntary": format_money(voluntary),
            "due": format_money(due),
            "outstanding": format_money(outstanding),
        }
        for pid, (months, _, regular, voluntary, due, outstanding) in (
            sorted(per.items()) if with_members else ()
        )
    ]
    published = reader.scalar(
        "SELECT published_on FROM dues_statement WHERE year = :y AND voided_on IS NULL", {"y": year}
    )
    rows = per.values()
    # Every figure is reckoned on the one day `as_of`, a past year's included: the money
    # paid by then for the year's months (regular and voluntary, less what was reversed by
    # then), the hand-overs made by then for the year's periods, the dues of the months owed
    # by then. The balance is the year's money still held on that day: what was collected
    # for the year less what was handed over for it, so collected − remitted = balance
    # (voluntary money is part of collected, and is held and handed over like the rest).
    # It is not `balance()`, the branch's whole holding on a day (every year's money, as
    # `dues remit` prints it).
    collected_fen = sum(r[2] + r[3] for r in rows)
    return {
        "year": year,
        "as_of": as_of,
        "members": members,
        "totals": {
            "due": format_money(sum(r[4] for r in rows)),
            "collected": format_money(collected_fen),
            "voluntary": format_money(sum(r[3] for r in rows)),
            "remitted": format_money(remitted),
            "outstanding": format_money(sum(r[5] for r in rows)),
            "balance": format_money(collected_fen - remitted),
        },
        "by_month": [
            {"month": m, "due": format_money(due), "collected": format_money(got)}
            for m, due, got in zip(calendar, due_by_month, collected, strict=True)
        ],
        "published_on": as_date(published),
    }


def year_arrears(reader: Reader, year: int, as_of: date) -> list[dict[str, Any]]:
    """The members who still owe months of `year` on `as_of`, by id: the months of the year
    whose deadline has passed by then and that no live regular payment made by then covers,
    and their dues (the arrears behind the statement's outstanding, reckoned on the same day:
    members who have left since count, as their months of the year are still owed). The flag
    counts the year's months alone: a year's report judges that year, not what followed."""
    first, last = f"{year:04d}-01", f"{year:04d}-12"
    owed = _owing(reader, as_of, None, base_schedules(reader), with_left=True)
    people = roster_index(reader).people
    out = []
    for pid in sorted(owed):
        months, dues = owed[pid].months, owed[pid].dues
        i, j = bisect_left(months, first), bisect_right(months, last)
        if i == j:
            continue  # owes other years' months only
        out.append(
            {
                "id": pid,
                "name": people[pid].name if pid in people else "",
                "owed_months": months[i:j],
                "owed_amount": format_money(sum(dues[i:j])),
                "flag": rules.flag(j - i, longest_run(months[i:j]), True),
            }
        )
    return out
