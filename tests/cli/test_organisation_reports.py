"""Issue 20, parts 2 and 5: the committee's work report to the general meeting
(`committee_report`), the branch's report to the higher committee (`higher_report`, `report
sent`), who gave a 党课 (`--speaker`, `leader_lecture`) and the committee meeting on cadre
matters (`--cadre`: two thirds of the committee present, seed 000 篇6)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from conftest import Cli


def _branch(cli: Cli) -> None:
    """Seven full members; a committee of five from 2025-01-01 (党员1 secretary, 党员2
    deputy, 党员3-5 committee members)."""
    cli.ok("init", "--branch", "测试支部")
    for i in range(1, 8):
        cli.add(f"党员{i}", "--admitted-on", "2010-01-10", "--full-on", "2011-01-10")
    for i, role in enumerate(
        ("secretary", "deputy_secretary", "organization", "propaganda", "discipline"), 1
    ):
        cli.ok("committee", "set", f"党员{i}", role, "--from", "2025-01-01")


@pytest.fixture
def branch(snapshot: Callable[[str, Callable[[Cli], object]], Cli]) -> Cli:
    return snapshot("committee_of_five", _branch)


def _items(cli: Cli, code: str, period: str, as_of: str) -> list[dict[str, Any]]:
    doc = cli.json("report", "compliance", "--period", period, "--as-of", as_of)
    return [i for i in doc["items"] if i["code"] == code]


def _tasks(cli: Cli, code: str, quarter: str, as_of: str) -> list[dict[str, Any]]:
    doc = cli.json("report", "checklist", "--quarter", quarter, "--as-of", as_of)
    return [t for t in doc["tasks"] if t["code"] == code]


def test_rules_show_lists_the_reports_and_the_lectures_with_their_sources(branch: Cli) -> None:
    rows = {r["code"]: r for r in branch.json("rules", "show")}
    assert rows["committee_report"]["every"] == "half"
    assert rows["committee_report"]["enabled"] is True
    assert "党支部委员会每半年向党员大会报告一次工作" in rows["committee_report"]["source"]
    assert rows["higher_report"]["every"] == "year"
    assert rows["higher_report"]["enabled"] is True
    assert "seed 000" in rows["higher_report"]["source"]
    assert rows["leader_lecture"]["enabled"] is False
    assert rows["leader_lecture"]["scope"] == "member"
    assert "党员领导干部每人每年上党课" in rows["leader_lecture"]["source"]


def test_committee_report_is_met_by_a_work_report_general_meeting(branch: Cli) -> None:
    branch.ok("meeting", "add", "general", "--on", "2026-02-10")
    [item] = _items(branch, "committee_report", "2026H1", "2026-07-05")
    assert (item["status"], item["gaps"], item["required"], item["done"]) == (
        "short",
        ["2026H1"],
        1,
        0,
    )
    branch.ok("meeting", "add", "general", "--on", "2026-05-10", "--work-report")
    [item] = _items(branch, "committee_report", "2026H1", "2026-07-05")
    assert (item["status"], item["done"]) == ("ok", 1)
    [task] = _tasks(branch, "committee_report", "2026Q2", "2026-07-05")
    assert task["category"] == "meeting"
    assert task["done_on"] == "2026-05-10"
    # correcting the meeting moves the verdict back
    mid = branch.json("meeting", "list")[-1]["id"]
    branch.ok("meeting", "edit", str(mid), "--no-work-report")
    assert _items(branch, "committee_report", "2026H1", "2026-07-05")[0]["status"] == "short"
    branch.ok("meeting", "edit", str(mid), "--work-report")
    assert branch.json("meeting", "show", str(mid))["work_report"] is True


def test_committee_report_is_not_owed_without_a_committee(ledger: Cli) -> None:
    for i in range(1, 4):
        ledger.add(f"党员{i}", "--admitted-on", "2010-01-10", "--full-on", "2011-01-10")
    ledger.ok("committee", "set", "党员1", "secretary", "--from", "2025-01-01")
    assert _items(ledger, "committee_report", "2026H1", "2026-07-05") == []


def test_work_report_is_refused_on_a_meeting_that_is_not_general(branch: Cli) -> None:
    r = branch.refused("meeting", "add", "committee", "--on", "2026-02-10", "--work-report")
    assert "--work-report" in r.stderr


def test_higher_report_pending_short_ok_and_quarterly(branch: Cli) -> None:
    [item] = _items(branch, "higher_report", "2025", "2025-12-01")
    assert item["status"] == "pending"
    [item] = _items(branch, "higher_report", "2025", "2026-01-10")
    assert (item["status"], item["gaps"]) == ("short", ["2025"])
    out = branch.ok("report", "sent", "--period", "2025", "--on", "2026-01-08", "--note", "书面")
    assert "2025" in out.stdout
    [item] = _items(branch, "higher_report", "2025", "2026-01-10")
    assert (item["status"], item["done"]) == ("ok", 1)
    # as the ledger stood before it was sent, it was not
    assert _items(branch, "higher_report", "2025", "2026-01-07")[0]["status"] == "short"
    [task] = _tasks(branch, "higher_report", "2025Q4", "2026-01-10")
    assert (task["category"], task["done"], task["due"]) == ("meeting", True, "2025-12-31")
    # seed 000: quarterly; the year's report counts for each of its quarters
    branch.ok("rules", "set", "higher_report", "--every", "quarter")
    [item] = _items(branch, "higher_report", "2025", "2026-01-10")
    assert (item["status"], item["required"], item["done"]) == ("ok", 4, 4)
    [item] = _items(branch, "higher_report", "2027", "2028-01-10")
    assert item["gaps"] == ["2027Q1", "2027Q2", "2027Q3", "2027Q4"]
    branch.ok("report", "sent", "--period", "2026Q1", "--on", "2026-04-03")
    [item] = _items(branch, "higher_report", "2026H1", "2026-07-10")
    assert (item["done"], item["gaps"]) == (1, ["2026Q2"])


def test_report_sent_refusals_and_void(branch: Cli) -> None:
    assert (
        "--period"
        in branch.refused("report", "sent", "--period", "2026Q5", "--on", "2026-01-02").stderr
    )
    assert (
        "--period"
        in branch.refused("report", "sent", "--period", "2026-03", "--on", "2026-04-02").stderr
    )
    assert (
        "--on" in branch.refused("report", "sent", "--period", "2026", "--on", "2099-01-01").stderr
    )
    assert (
        "--on" in branch.refused("report", "sent", "--period", "2026", "--on", "2025-12-01").stderr
    )
    branch.ok("report", "sent", "--period", "2025", "--on", "2026-01-10")
    again = branch.refused("report", "sent", "--period", "2025", "--on", "2026-01-11")
    assert "sent-void" in again.stderr
    [(rid,)] = branch.sql("SELECT id FROM report_sent")
    assert _items(branch, "higher_report", "2025", "2026-02-01")[0]["status"] == "ok"
    assert "--reason" in branch.refused("report", "sent-void", str(rid), "--reason", " ").stderr
    branch.ok("report", "sent-void", str(rid), "--reason", "期间录错")
    assert _items(branch, "higher_report", "2025", "2026-02-01")[0]["status"] == "short"
    assert branch.count("report_sent") == 1  # kept, counted nowhere
    assert branch.refused("report", "sent-void", str(rid), "--reason", "再次").stderr
    [entry] = branch.audit("report.sent.void")
    assert entry["after"]["void_reason"] == "期间录错"
    assert len(branch.audit("report.sent")) == 1
    # the period can be reported again once the wrong one is void
    branch.ok("report", "sent", "--period", "2025", "--on", "2026-01-11")


def test_speaker_is_refused_on_a_meeting_that_is_not_a_lecture(branch: Cli) -> None:
    r = branch.refused("meeting", "add", "general", "--on", "2026-02-10", "--speaker", "党员3")
    assert "--speaker" in r.stderr
    r = branch.refused("meeting", "add", "lecture", "--on", "2026-02-10", "--speaker", "无此人")
    assert "--speaker" in r.stderr
    branch.ok("meeting", "add", "general", "--on", "2026-02-11")
    mid = branch.json("meeting", "list")[-1]["id"]
    assert "--speaker" in branch.refused("meeting", "edit", str(mid), "--speaker", "党员3").stderr


def test_a_lecture_shows_its_speaker(branch: Cli) -> None:
    branch.ok("meeting", "add", "lecture", "--on", "2026-03-06", "--speaker", "党员6")
    mid = branch.json("meeting", "list")[-1]["id"]
    shown = branch.json("meeting", "show", str(mid))
    assert (shown["speaker"], shown["cadre"], shown["work_report"]) == ("党员6", False, False)
    assert "党员6" in branch.ok("meeting", "show", str(mid)).stdout
    branch.ok("meeting", "edit", str(mid), "--speaker", "党员3")
    assert branch.json("meeting", "show", str(mid))["speaker"] == "党员3"


def test_leader_lecture_is_off_by_default_then_owed_per_committee_member(branch: Cli) -> None:
    branch.ok("meeting", "add", "lecture", "--on", "2026-03-06", "--speaker", "党员3")
    assert _items(branch, "leader_lecture", "2026", "2027-01-10") == []
    branch.ok("rules", "set", "leader_lecture", "--on")
    items = {i["scope"]: i for i in _items(branch, "leader_lecture", "2026", "2027-01-10")}
    # the five holding a committee role on 2026-01-01; 党员6 and 党员7 owe none
    assert sorted(items) == [f"member:{i}" for i in range(1, 6)]
    assert items["member:3"]["status"] == "ok"
    assert {items[f"member:{i}"]["status"] for i in (1, 2, 4, 5)} == {"short"}
    tasks = _tasks(branch, "leader_lecture", "2026Q4", "2027-01-10")
    assert len(tasks) == 5 and {t["category"] for t in tasks} == {"meeting"}
    assert [t["done_on"] for t in tasks if t["member_id"] == 3] == ["2026-03-06"]


def test_a_cadre_committee_meeting_needs_two_thirds(branch: Cli) -> None:
    # 3 of 5 committee members: more than half, less than two thirds
    cadre = branch.ok(
        "meeting", "add", "committee", "--on", "2026-03-02", "--absent", "党员4,党员5", "--cadre"
    )
    assert "未达法定人数" in cadre.stdout
    ordinary = branch.ok(
        "meeting", "add", "committee", "--on", "2026-03-03", "--absent", "党员4,党员5"
    )
    assert "符合法定人数" in ordinary.stdout
    shown = {m["id"]: m for m in branch.json("meeting", "list")}
    first, second = sorted(shown)
    assert branch.json("meeting", "show", str(first))["cadre"] is True
    assert branch.json("meeting", "show", str(first))["quorum_met"] is False
    assert branch.json("meeting", "show", str(second))["quorum_met"] is True
    # 4 of 5 is two thirds and more
    four = branch.ok(
        "meeting", "add", "committee", "--on", "2026-03-04", "--absent", "党员5", "--cadre"
    )
    assert "符合法定人数" in four.stdout
    r = branch.refused("meeting", "add", "general", "--on", "2026-03-05", "--cadre")
    assert "--cadre" in r.stderr
