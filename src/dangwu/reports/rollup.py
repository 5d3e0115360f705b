"""The higher committee's roll-up: one row per branch on a server, and the totals.

Each row is computed by the branch's own reports (compliance, the dues statement, the
year report's membership and development sections) on that branch's schema, so a number
in the roll-up is the number the branch sees in its own report.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ..parse import format_money
from ..rules.periods import Period
from ..store.reader import Reader
from .compliance import compliance
from .dues import statement
from .year import development, membership

# the columns every roll-up row has, in order; money columns hold strings like "45.00"
COUNTS = (
    "members_full",
    "members_probationary",
    "members_total",
    "meetings_required",
    "meetings_done",
    "items_short",
    "items_pending",
    "findings",
    "applicants",
    "activists",
    "candidates",
    "admitted",
)
MONEY = ("dues_due", "dues_collected", "dues_outstanding", "dues_remitted")


def _fen(text: str) -> int:
    return int(Decimal(text) * 100)


def _dues(reader: Reader, period: Period, as_of: date) -> dict[str, int]:
    """Due, collected and outstanding for the period's months (the dues statement's month
    rows); remitted: handed over within the period."""
    months = {m.code for m in period.months()}
    due = collected = outstanding = 0
    for y in range(period.start.year, period.end.year + 1):
        for row in statement(reader, y, as_of)["by_month"]:
            if row["month"] in months:
                month_due, month_collected = _fen(row["due"]), _fen(row["collected"])
                due += month_due
                collected += month_collected
                outstanding += max(month_due - month_collected, 0)
    remitted = reader.scalar(
        "SELECT COALESCE(SUM(amount_fen), 0) FROM dues_remit WHERE on_date BETWEEN :s AND :e",
        {"s": period.start, "e": min(period.end, as_of)},
    )
    return {
        "dues_due": due,
        "dues_collected": collected,
        "dues_outstanding": outstanding,
        "dues_remitted": int(remitted or 0),
    }


def branch_row(reader: Reader, period: Period, as_of: date) -> dict[str, Any]:
    day = min(period.end, as_of)
    comp = compliance(reader, period, as_of)
    # meetings are the branch's and its groups' requirements; a member's own (thought
    # reports, reviews) are not meetings
    meetings = [i for i in comp["items"] if not i["scope"].startswith("member:")]
    members = membership(reader, day)
    dev = development(reader, period)
    row: dict[str, Any] = {
        "members_full": members["full"],
        "members_probationary": members["probationary"],
        "members_total": members["total"],
        "meetings_required": sum(int(i["required"]) for i in meetings),
        "meetings_done": sum(min(int(i["done"]), int(i["required"])) for i in meetings),
        "items_short": sum(i["status"] == "short" for i in comp["items"]),
        "items_pending": sum(i["status"] == "pending" for i in comp["items"]),
        "findings": len(comp["findings"]),
        "applicants": dev["applicants"],
        "activists": dev["activists"],
        "candidates": dev["candidates"],
        "admitted": dev["admitted"],
        "ok": comp["ok"],
    }
    row.update(_dues(reader, period, as_of))
    return row


def rollup(rows: list[dict[str, Any]], period: Period, as_of: date) -> dict[str, Any]:
    """`rows`: branch_row() results with "branch" and "name" added, in branch order."""
    totals: dict[str, Any] = {k: sum(int(r[k]) for r in rows) for k in COUNTS + MONEY}
    totals["branches"] = len(rows)
    totals["ok"] = all(r["ok"] for r in rows)
    for r in [*rows, totals]:
        for k in MONEY:
            r[k] = format_money(int(r[k]))
    return {
        "period": {"code": period.code, "start": period.start, "end": period.end},
        "as_of": as_of,
        "branches": rows,
        "totals": totals,
    }
