"""Dues reports: who owes what (status/remind), the payment ledger, the yearly statement."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from ..parse import format_money
from ..rules import dues as rules
from ..rules.periods import Period
from ..store.dues_queries import current_bases, due_months, members_without_base, unpaid_months
from ..store.profile_queries import dues_deadline_day
from ..store.queries import GROUP_AT
from ..store.reader import Reader, as_date


def _month_code(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def _next(code: str) -> str:
    y, m = int(code[:4]), int(code[5:7])
    return f"{y + 1:04d}-01" if m == 12 else f"{y:04d}-{m + 1:02d}"


def _prev(code: str) -> str:
    y, m = int(code[:4]), int(code[5:7])
    return f"{y - 1:04d}-12" if m == 1 else f"{y:04d}-{m - 1:02d}"


def longest_run(months: list[str]) -> int:
    """The longest run of consecutive calendar months in a sorted list."""
    best = run = 0
    prev = None
    for m in months:
        run = run + 1 if prev is not None and _next(prev) == m else 1
        best = max(best, run)
        prev = m
    return best


def owing(
    reader: Reader, as_of: date, person_id: int | None = None
) -> dict[int, list[dict[str, Any]]]:
    """person id → unpaid owed months (with due) on `as_of`, for members on the roster then."""
    day = dues_deadline_day(reader)
    last = _month_code(rules.last_owed_month(as_of, day))
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for r in unpaid_months(reader, as_of, last, person_id, active_on=as_of):
        out[r["person_id"]].append(r)
    return out


def status(reader: Reader, as_of: date, include_no_base: bool = True) -> dict[str, Any]:
    """The dues status JSON of CLI.md: every member who owes, with the most serious flag."""
    unpaid = owing(reader, as_of)
    month_now = _month_code(as_of)
    bases = current_bases(reader, month_now)
    ids = sorted(unpaid)
    info = {}
    if ids:
        marks = ",".join(str(i) for i in ids)
        info = {
            r["id"]: r
            for r in reader.rows(
                f'SELECT p.id, p.name, {GROUP_AT} AS "group" FROM person p WHERE p.id IN ({marks})',
                {"d": as_of},
            )
        }
    members = []
    for pid in ids:
        months = [r["month"] for r in unpaid[pid]]
        amount = sum(r["due_fen"] for r in unpaid[pid])
        consecutive = longest_run(months)
        members.append(
            {
                "id": pid,
                "name": info[pid]["name"],
                "group": info[pid]["group"],
                "monthly_due": format_money(bases.get(pid, unpaid[pid][-1]["due_fen"])),
                "paid_through": _paid_through(reader, pid, months[0], as_of),
                "owed_months": months,
                "owed_amount": format_money(amount),
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
            "owed_amount": format_money(
                sum(r["due_fen"] for rows in unpaid.values() for r in rows)
            ),
        },
    }


def _paid_through(reader: Reader, person_id: int, first_unpaid: str, as_of: date) -> str | None:
    """The month before the first unpaid one, if the member had paid it by `as_of` (else None)."""
    before = _prev(first_unpaid)
    paid = reader.scalar(
        """SELECT 1 FROM dues_payment r WHERE r.person_id = :p AND r.month = :m AND r.kind = 'regular'
           AND r.paid_on <= :d
           AND NOT EXISTS (SELECT 1 FROM dues_payment x WHERE x.reverses_id = r.id AND x.paid_on <= :d)""",
        {"p": person_id, "m": before, "d": as_of},
    )
    return before if paid else None


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
    """The year's dues per member and in total: due, collected, voluntary, remitted, outstanding."""
    first, last = f"{year:04d}-01", f"{year:04d}-12"
    day = dues_deadline_day(reader)
    last_owed = min(last, _month_code(rules.last_owed_month(as_of, day)))
    due_rows = due_months(reader, first, last, as_of)
    paid = reader.rows(
        """SELECT d.person_id, d.month, d.kind, d.amount_fen,
                  EXISTS (SELECT 1 FROM dues_payment x WHERE x.reverses_id = d.id AND x.paid_on <= :d) AS reversed
           FROM dues_payment d WHERE d.month BETWEEN :lo AND :hi AND d.kind != 'reversal'
             AND d.paid_on <= :d""",
        {"lo": first, "hi": last, "d": as_of},
    )
    per: dict[int, dict[str, Any]] = defaultdict(
        lambda: {"months_paid": [], "regular": 0, "voluntary": 0, "due": 0, "outstanding": 0}
    )
    live: dict[tuple[int, str], int] = {}
    for r in paid:
        if r["reversed"]:
            continue
        rec = per[r["person_id"]]
        if r["kind"] == "regular":
            rec["months_paid"].append(r["month"])
            rec["regular"] += r["amount_fen"]
            live[(r["person_id"], r["month"])] = r["amount_fen"]
        else:
            rec["voluntary"] += r["amount_fen"]
    by_month: dict[str, dict[str, int]] = {
        m.code: {"due": 0, "collected": 0} for m in Period.year(year).months()
    }
    for r in due_rows:
        rec = per[r["person_id"]]
        if r["month"] <= last_owed:
            rec["due"] += r["due_fen"]
            by_month[r["month"]]["due"] += r["due_fen"]
            # unpaid months, and the shortfall of a payment accepted below the due (--force)
            rec["outstanding"] += max(0, r["due_fen"] - live.get((r["person_id"], r["month"]), 0))
    for r in paid:
        if not r["reversed"]:
            by_month[r["month"]]["collected"] += r["amount_fen"]
    names = {}
    if per:
        marks = ",".join(str(i) for i in per)
        names = {
            r["id"]: r["name"]
            for r in reader.rows(f"SELECT id, name FROM person WHERE id IN ({marks})")
        }
    remitted = reader.scalar(
        "SELECT COALESCE(SUM(amount_fen), 0) FROM dues_remit WHERE start >= :s AND start <= :e",
        {"s": date(year, 1, 1), "e": date(year, 12, 31)},
    )
    collected_total = sum(r["regular"] + r["voluntary"] for r in per.values())
    members = [
        {
            "member_id": pid,
            "name": names.get(pid, ""),
            "months_paid": sorted(r["months_paid"]),
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
    held = balance(reader, date(year, 12, 31))
    return {
        "year": year,
        "as_of": as_of,
        "members": members,
        "totals": {
            "due": format_money(sum(r["due"] for r in per.values())),
            "collected": format_money(collected_total),
            "voluntary": format_money(sum(r["voluntary"] for r in per.values())),
            "remitted": format_money(remitted),
            "outstanding": format_money(sum(r["outstanding"] for r in per.values())),
            "balance": format_money(held),
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
