"""The branch at a glance for `dangwu demo`: people per stage, groups, the committee; and
the compliance of the last full quarter with this quarter's checklist."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

from ..rules.periods import Period
from ..store.queries import roster
from ..store.reader import Reader
from .organization import committee_on, list_groups


def branch_summary(reader: Reader, today: date) -> dict[str, Any]:
    people = roster(reader, today, include_left=True)
    active = [p for p in people if p["active"]]
    return {
        "stages": Counter(p["stage"] for p in active),
        "active": len(active),
        "left": len(people) - len(active),
        "groups": list_groups(reader, today),
        "committee": committee_on(reader, today),
    }


def summary_reports(reader: Reader, today: date) -> tuple[dict[str, Any], dict[str, Any]]:
    """The compliance summary of the last full quarter and the current quarter's checklist."""
    from .checklist import checklist
    from .compliance import compliance

    current = Period.quarter_of(today)
    last = Period.quarter_of(current.start.replace(day=1) - timedelta(days=1))
    return compliance(reader, last, today), checklist(reader, current, today)
