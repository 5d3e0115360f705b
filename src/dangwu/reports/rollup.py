"""The higher committee's roll-up: one row per branch on a server, and the totals.

Each row is computed by the branch's own reports (compliance, the dues statement, the
year report's membership and development sections) on that branch's schema, so a number
in the roll-up is the number the branch sees in its own report.

A branch whose reports cannot be read (its ledger cannot be upgraded, its own role holds a
lock on its tables, a value the reports cannot read) is one row naming it and why, with no
numbers; the totals are the other branches', and not compliant, since nobody knows whether
that branch is (issue 23).
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
    """The dues of the period's year to date, as the branch's own `dues statement --year`
    states them: a quarter's or a month's share cannot be told apart honestly, as one
    member's payment in advance or extra would cover another's arrears, and a hand-over
    counts for the period it covers, not the day it was made."""
    totals = statement(reader, period.start.year, as_of, with_members=False)["totals"]
    return {
        "dues_due": _fen(totals["due"]),
        "dues_collected": _fen(totals["collected"]),
        "dues_outstanding": _fen(totals["outstanding"]),
        "dues_remitted": _fen(totals["remitted"]),
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


def unreadable_row(code: str, name: str, reason: str) -> dict[str, Any]:
    """The row of a branch whose reports could not be read: its code, name and why."""
    return {
        "branch": code,
        "name": name,
        "error": reason,
        **dict.fromkeys(COUNTS + MONEY),
        "ok": None,
    }


def rollup(rows: list[dict[str, Any]], period: Period, as_of: date) -> dict[str, Any]:
    """`rows`: branch_row() results with "branch", "name" and "error" (None) added, and
    unreadable_row() for a branch that could not be read, in branch order."""
    read = [r for r in rows if r.get("error") is None]
    totals: dict[str, Any] = {k: sum(int(r[k]) for r in read) for k in COUNTS + MONEY}
    totals["branches"] = len(read)
    totals["unreadable"] = [r["branch"] for r in rows if r.get("error") is not None]
    totals["ok"] = all(r["ok"] for r in read) and not totals["unreadable"]
    for r in [*read, totals]:
        for k in MONEY:
            r[k] = format_money(int(r[k]))
    return {
        "period": {"code": period.code, "start": period.start, "end": period.end},
        "as_of": as_of,
        # the dues columns are this year's to date (see _dues)
        "dues_year": period.start.year,
        "branches": rows,
        "totals": totals,
    }
