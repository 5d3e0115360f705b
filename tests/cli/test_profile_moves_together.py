"""One obligations engine: for every code of `rules show`, switching the rule off or giving
it another frequency moves the compliance summary, the quarter's checklist and `dev due`
together (one source of what is owed, not three)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from conftest import Cli
from dangwu.rules.periods import Period
from dangwu.rules.profile import REQUIREMENTS

YEAR = Period.year(2026)
QUARTER = Period.quarter(2026, 4)
AS_OF = "2027-01-10"  # every sub-period of 2026 over, none of its records made
DEV_CODES = {"thought_report", "probation_review", "activist_review", "activist_thought_report"}


def _branch(cli: Cli) -> None:
    """A branch that owes every rule all through 2026 and recorded nothing in it: seven full
    members in one group with a committee, dues from 2025, a probationary member admitted
    before the year began and an activist designated before it."""
    cli.ok("init", "--branch", "测试支部")
    cli.ok("group", "add", "一组")
    for i in range(1, 8):
        cli.add(f"党员{i}", "--admitted-on", "2010-01-10", "--full-on", "2011-01-10",
                "--group", "一组")  # fmt: skip
    cli.ok("committee", "set", "党员1", "secretary", "--from", "2025-01-01")
    cli.ok("committee", "set", "党员2", "organization", "--from", "2025-01-01")
    cli.add("预备", "--admitted-on", "2025-12-20", "--group", "一组", stage="probationary")
    cli.ok("dev", "apply", "积极", "--on", "2025-03-01", "--birth-date", "1995-01-01",
           "--gender", "男")  # fmt: skip
    cli.ok("dev", "log", "积极", "talk", "--on", "2025-03-10")
    cli.ok("dev", "activist", "积极", "--on", "2025-06-01", "--contacts", "党员3")
    cli.ok("dues", "base", "党员1", "--from", "2025-01", "--income", "3000")


@pytest.fixture
def branch(snapshot: Callable[[str, Callable[[Cli], object]], Cli]) -> Cli:
    return snapshot("owes_every_rule", _branch)


def _seen(cli: Cli, code: str) -> dict[str, Any]:
    """What each of the three says about `code`."""
    items = [
        i
        for i in cli.json("report", "compliance", "--period", "2026", "--as-of", AS_OF)["items"]
        if i["code"] == code
    ]
    tasks = [
        t
        for t in cli.json("report", "checklist", "--quarter", "2026Q4", "--as-of", AS_OF)["tasks"]
        # the members' yearly evaluation results are tasks of their own (category evaluation)
        if t["code"] == code and t["category"] != "evaluation"
    ]
    steps = [
        s for s in cli.json("dev", "due", "--as-of", AS_OF, "--within", "400") if s["step"] == code
    ]
    return {
        "gaps": {g for i in items for g in i["gaps"]},
        "required": sum(i["required"] for i in items),
        "items": len(items),
        "checklist": {t["due"] for t in tasks},
        "dev_due": {(s["due"], s["overdue"]) for s in steps},
    }


def _expected(code: str, every: str, scopes: int, minimum: int) -> dict[str, Any]:
    subs = YEAR.sub_periods(every)
    current = Period.of(every, date.fromisoformat(AS_OF))
    return {
        "gaps": {p.code for p in subs},
        "required": minimum * len(subs) * scopes,
        "items": scopes,
        "checklist": {
            p.end.isoformat() for p in QUARTER.sub_periods(every) if p.end <= QUARTER.end
        },
        "dev_due": (
            {(current.prev().end.isoformat(), True), (current.end.isoformat(), False)}
            if code in DEV_CODES
            else set()
        ),
    }


# how many scopes owe each rule in the branch above: the branch, its one group, its eight
# members (talks), its probationary member, its activist, its two committee members (lectures)
SCOPES = {
    "leader_lecture": 2,  # the secretary and the organization member
    "group_meeting": 1,
    "talk": 8,
    "thought_report": 1,
    "probation_review": 1,
    "activist_review": 1,
}


# owed per term and per member away, not per calendar period of a stage: each has its own
# test of the same (test_committee_election.py, test_members_away.py)
CALENDAR = [r for r in REQUIREMENTS if r.code not in ("committee_election", "away_report")]


@pytest.mark.parametrize("req", CALENDAR, ids=[r.code for r in CALENDAR])
def test_off_and_every_move_compliance_checklist_and_dev_due_together(
    branch: Cli, req: Any
) -> None:
    code, scopes = req.code, SCOPES.get(req.code, 1)
    if not req.enabled:
        branch.ok("rules", "set", code, "--on")
    assert _seen(branch, code) == _expected(code, req.every, scopes, req.min)

    other = "quarter" if req.every == "month" else "month"
    branch.ok("rules", "set", code, "--every", other)
    assert _seen(branch, code) == _expected(code, other, scopes, req.min)

    branch.ok("rules", "set", code, "--off")
    assert _seen(branch, code) == {
        "gaps": set(),
        "required": 0,
        "items": 0,
        "checklist": set(),
        "dev_due": set(),
    }
    tasks = branch.json("report", "checklist", "--quarter", "2026Q4", "--as-of", AS_OF)["tasks"]
    assert not [t for t in tasks if t["code"] == code]  # the evaluation results go with it
