"""Issue 20, part 1: elections (换届) and terms. `committee elect` records the general meeting
that elected the committee and its term; the obligations engine owes the next election at
the term's end (`committee_election`): the checklist names it from six months ahead, a
passed term without an election is the finding `term_expired` (党章 2022 art. 31, 支部条例,
选举工作条例: more than four fifths of the voting members present; early or late needs the
higher committee's approval, by at most a year)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from conftest import Cli


def _branch(cli: Cli) -> None:
    """Ten full members; a committee of five posted from 2023-03-01."""
    cli.ok("init", "--branch", "测试支部")
    for i in range(1, 11):
        cli.add(f"党员{i}", "--admitted-on", "2010-01-10", "--full-on", "2011-01-10")
    for i, role in enumerate(
        ("secretary", "deputy_secretary", "organization", "propaganda", "discipline"), 1
    ):
        cli.ok("committee", "set", f"党员{i}", role, "--from", "2023-03-01")


@pytest.fixture
def branch(snapshot: Callable[[str, Callable[[Cli], object]], Cli]) -> Cli:
    return snapshot("elected_2023", _branch)


def _tasks(cli: Cli, quarter: str, as_of: str) -> list[dict[str, Any]]:
    doc = cli.json("report", "checklist", "--quarter", quarter, "--as-of", as_of)
    return [t for t in doc["tasks"] if t["code"] == "committee_election"]


def _expired(cli: Cli, as_of: str) -> list[dict[str, Any]]:
    doc = cli.json("report", "compliance", "--period", as_of[:4], "--as-of", as_of)
    return [f for f in doc["findings"] if f["kind"] == "term_expired"]


def test_the_issue_example_heads_up_expiry_and_election(branch: Cli) -> None:
    branch.ok("committee", "elect", "--on", "2023-03-01", "--years", "3")
    # the election shows in the checklist from 2025Q4 (six months before 2026-03-01), not before
    assert _tasks(branch, "2025Q3", "2025-09-30") == []
    for quarter, as_of in (("2025Q4", "2025-12-31"), ("2026Q1", "2026-03-31")):
        [task] = _tasks(branch, quarter, as_of)
        assert (task["due"], task["done"], task["category"]) == ("2026-03-01", False, "committee")
    # the last day of the term is on time; the day after, the term has expired
    assert _expired(branch, "2026-03-01") == []
    [found] = _expired(branch, "2026-03-02")
    assert "2026-03-01" in found["detail"] and found["member_id"] is None
    # an overdue election stays on the checklist of the next quarters
    [task] = _tasks(branch, "2026Q3", "2026-08-01")
    assert task["done"] is False
    doc = branch.json("report", "compliance", "--period", "2026Q1", "--as-of", "2026-04-01")
    [item] = [i for i in doc["items"] if i["code"] == "committee_election"]
    assert (item["status"], item["gaps"]) == ("short", ["2023-03-01..2026-03-01"])
    assert doc["ok"] is False
    # a late election needs the higher committee's approval
    result = branch.refused("committee", "elect", "--on", "2026-04-20", "--years", "3")
    assert "--approved-on" in result.stderr
    branch.ok(
        "committee", "elect", "--on", "2026-04-20", "--years", "3", "--approved-on", "2026-02-10"
    )
    assert _expired(branch, "2026-05-01") == []
    assert _tasks(branch, "2026Q3", "2026-08-01") == []
    [task] = _tasks(branch, "2026Q2", "2026-08-01")
    assert (task["done"], task["done_on"]) == (True, "2026-04-20")
    # the new term runs to 2029-04-20
    rows = branch.json("committee", "list", "--as-of", "2026-05-01")
    assert rows[0]["term_start"] == "2026-04-20" and rows[0]["term_end"] == "2029-04-20"
    assert "2029-04-20" in branch.ok("committee", "list", "--as-of", "2026-05-01").stdout


def test_an_election_on_time_needs_no_approval_and_ends_the_finding(branch: Cli) -> None:
    branch.ok("committee", "elect", "--on", "2023-03-01", "--years", "3")
    out = branch.ok("committee", "elect", "--on", "2026-02-20", "--years", "5").stdout
    assert "2031-02-20" in out
    assert _expired(branch, "2026-12-31") == []
    [row] = [r for r in branch.json("committee", "elections") if r["on_date"] == "2026-02-20"]
    assert (row["years"], row["term_end"]) == (5, "2031-02-20")
    rows = {r["code"]: r for r in branch.json("rules", "show")}
    assert rows["committee_election"]["every"] == "term"
    assert "党章 (2022) art. 31" in rows["committee_election"]["source"]


def test_without_an_election_recorded_the_term_runs_from_the_posts(branch: Cli) -> None:
    # the posts from 2023-03-01 and the profile's three years: due 2026-03-01
    [found] = _expired(branch, "2026-03-02")
    assert "2023-03-01" in found["detail"]
    listed = branch.ok("committee", "list", "--as-of", "2026-01-01").stdout
    assert "2026-03-01" in listed
    # a five-year term by the profile moves it
    branch.ok("rules", "set", "committee_election", "--value", "5")
    assert _expired(branch, "2026-03-02") == []
    assert [t["due"] for t in _tasks(branch, "2028Q1", "2028-01-15")] == ["2028-03-01"]
    branch.refused("rules", "set", "committee_election", "--value", "4")
    branch.refused("rules", "set", "committee_election", "--every", "year")


def test_the_election_meeting_needs_four_fifths_of_the_voting_members(branch: Cli) -> None:
    branch.ok("committee", "elect", "--on", "2023-03-01", "--years", "3")
    # 10 voting members expected, 8 present: not more than four fifths
    branch.ok(
        "meeting", "add", "general", "--on", "2026-02-20", "--absent", "党员9", "--leave", "党员10"
    )
    low = branch.json("meeting", "list")[-1]["id"]
    result = branch.refused("committee", "elect", "--on", "2026-02-20", "--meeting", str(low))
    assert "五分之四" in result.stderr and "8" in result.stderr
    # nine of ten: more than four fifths
    branch.ok("meeting", "add", "general", "--on", "2026-02-21", "--absent", "党员9")
    good = branch.json("meeting", "list")[-1]["id"]
    branch.ok("committee", "elect", "--on", "2026-02-21", "--meeting", str(good))
    # the meeting must be that day's general meeting
    branch.refused("committee", "elect", "--on", "2026-02-22", "--meeting", str(good))
    # a historical record despite the quorum: forced, with the reason in the audit trail
    branch.ok(
        "committee", "elect", "--on", "2026-02-20", "--meeting", str(low),
        "--force", "--reason", "补录：当年按规定批准",
    )  # fmt: skip
    assert branch.audit("committee.elect")[-1]["after"]["meeting_id"] == low


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("--on", "2099-01-01"), "--on"),
        (("--on", "2026-02-20", "--years", "4"), "--years"),
        (("--on", "2026-02-20", "--years", "三"), "--years"),
        (("--on", "2026-02-20", "--meeting", "999"), "--meeting"),
        (("--on", "2024-01-10"), "--on"),  # more than a year early
        (("--on", "2027-06-01"), "--on"),  # more than a year late
        (("--on", "2025-06-10"), "--approved-on"),  # early: needs the approval
        (("--on", "2026-02-20", "--force"), "--reason"),
    ],
)
def test_refusals_name_the_field_and_write_nothing(
    branch: Cli, args: tuple[str, ...], field: str
) -> None:
    branch.ok("committee", "elect", "--on", "2023-03-01", "--years", "3")
    result = branch.refused("committee", "elect", *args)
    assert field in result.stderr


def test_the_same_day_twice_is_refused_and_a_wrong_election_can_be_voided(branch: Cli) -> None:
    branch.ok("committee", "elect", "--on", "2023-03-01", "--years", "3")
    branch.ok("committee", "elect", "--on", "2026-02-20")
    result = branch.refused("committee", "elect", "--on", "2026-02-20")
    assert "elect-void" in result.stderr
    [row] = [r for r in branch.json("committee", "elections") if r["on_date"] == "2026-02-20"]
    branch.refused("committee", "elect-void", str(row["id"]), "--reason", " ")  # no reason
    branch.ok("committee", "elect-void", str(row["id"]), "--reason", "日期录错")
    assert [r["on_date"] for r in branch.json("committee", "elections")] == ["2023-03-01"]
    assert _expired(branch, "2026-03-02") != []
    entry = branch.audit("committee.elect.void")[-1]
    assert entry["after"]["void_reason"] == "日期录错"
    branch.refused("committee", "elect-void", str(row["id"]), "--reason", "again")
    assert branch.ok("db", "check").exit_code == 0


def test_english_output(branch: Cli) -> None:
    branch.ok("committee", "elect", "--on", "2023-03-01", "--years", "3")
    out = branch.ok("--lang", "en", "committee", "list", "--as-of", "2026-04-01").stdout
    assert "an election is due" in out
    out = branch.ok(
        "--lang", "en", "report", "checklist", "--quarter", "2026Q1", "--as-of", "2026-02-01"
    ).stdout
    assert "elect the committee" in out


def test_switched_off_the_election_leaves_compliance_checklist_and_findings(branch: Cli) -> None:
    branch.ok("committee", "elect", "--on", "2023-03-01", "--years", "3")
    assert _tasks(branch, "2026Q1", "2026-04-01") and _expired(branch, "2026-04-01")
    branch.ok("rules", "set", "committee_election", "--off")
    assert _tasks(branch, "2026Q1", "2026-04-01") == []
    assert _expired(branch, "2026-04-01") == []
    doc = branch.json("report", "compliance", "--period", "2026", "--as-of", "2026-04-01")
    assert not [i for i in doc["items"] if i["code"] == "committee_election"]
    branch.ok("rules", "set", "committee_election", "--on")
    assert _expired(branch, "2026-04-01") != []
