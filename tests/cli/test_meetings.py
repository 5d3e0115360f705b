"""Meetings end to end: expected attendees from the roster on the day, quorum, refusals."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from conftest import Cli

LIST_KEYS = {"id", "type", "date", "topic", "group", "expected", "present", "quorum_met"}
SHOW_KEYS = LIST_KEYS | {"voting_expected", "voting_present", "attendance"}


def _branch(led: Cli) -> None:
    led.ok("init", "--branch", "测试支部")
    led.ok("group", "add", "第一党小组")
    led.ok("group", "add", "第二党小组")
    for name in "甲乙丙丁戊己庚辛":
        led.ok(
            "member",
            "add",
            name,
            "--gender",
            "男",
            "--stage",
            "full",
            "--admitted-on",
            "2010-07-01",
            "--full-on",
            "2011-07-01",
            "--group",
            "第一党小组",
        )
    led.ok(
        "member",
        "add",
        "壬",
        "--gender",
        "女",
        "--stage",
        "probationary",
        "--admitted-on",
        "2026-01-10",
        "--group",
        "第二党小组",
    )
    for name, role in (("甲", "secretary"), ("乙", "organization"), ("丙", "propaganda")):
        led.ok("committee", "set", name, role, "--from", "2024-01-01")


@pytest.fixture
def branch(snapshot: Callable[[str, Callable[[Cli], object]], Cli]) -> Cli:
    """Eight full members in 第一党小组 (甲…辛), one probationary (壬), a committee of three."""
    led = snapshot("meetings-branch", _branch)
    led.refusal_lines = 1
    return led


def test_eight_full_members_four_present_is_no_quorum(branch: Cli) -> None:
    out = branch.ok(
        "meeting",
        "add",
        "general",
        "--on",
        "2026-03-01",
        "--absent",
        "甲,乙",
        "--leave",
        "丙:出差,丁",
    ).stdout
    assert "未达法定人数" in out
    m = branch.json("meeting", "show", "1")
    assert set(m) >= SHOW_KEYS
    assert (m["expected"], m["present"]) == (9, 5)  # 壬 (probationary) attends
    assert (m["voting_expected"], m["voting_present"]) == (8, 4)
    assert m["quorum_met"] is False


def test_five_of_eight_meets_quorum(branch: Cli) -> None:
    branch.ok("meeting", "add", "general", "--on", "2026-03-01", "--absent", "甲,乙,丙")
    m = branch.json("meeting", "show", "1")
    assert (m["voting_expected"], m["voting_present"], m["quorum_met"]) == (8, 5, True)


def test_exempt_lowers_expected_and_leave_is_expected_not_absent(branch: Cli) -> None:
    branch.ok(
        "meeting",
        "add",
        "general",
        "--on",
        "2026-03-01",
        "--exempt",
        "甲:长期外派",
        "--leave",
        "乙:病假",
    )
    m = branch.json("meeting", "show", "1")
    assert m["expected"] == 8 and m["voting_expected"] == 7
    assert m["present"] == 7
    status = {a["name"]: a["status"] for a in m["attendance"]}
    assert status["甲"] == "exempt" and status["乙"] == "leave" and status["丙"] == "present"
    assert set(m["attendance"][0]) == {"member_id", "name", "status"}
    att = {r["name"]: r for r in branch.json("meeting", "attendance", "--as-of", "2026-03-02")}
    assert (
        att["乙"]["expected"],
        att["乙"]["attended"],
        att["乙"]["leave"],
        att["乙"]["absent"],
    ) == (1, 0, 1, 0)
    assert att["甲"]["expected"] == 0


def test_member_admitted_after_the_meeting_is_not_expected(branch: Cli) -> None:
    branch.ok("meeting", "add", "general", "--on", "2026-01-09")
    m = branch.json("meeting", "show", "1")
    assert "壬" not in {a["name"] for a in m["attendance"]}
    assert m["expected"] == 8
    bad = branch("meeting", "add", "general", "--on", "2026-01-09", "--absent", "壬", "--again")
    assert bad.exit_code == 1 and "壬" in bad.stderr


def test_member_who_left_is_not_expected(branch: Cli) -> None:
    branch.ok("member", "leave", "辛", "--reason", "deceased", "--on", "2026-02-01")
    branch.ok("meeting", "add", "general", "--on", "2026-03-01")
    branch.ok("meeting", "add", "general", "--on", "2026-01-20")
    later, earlier = branch.json("meeting", "show", "1"), branch.json("meeting", "show", "2")
    assert "辛" not in {a["name"] for a in later["attendance"]}
    assert "辛" in {a["name"] for a in earlier["attendance"]}


def test_group_and_committee_meetings_expect_their_own_members(branch: Cli) -> None:
    branch.ok("meeting", "add", "group", "--on", "2026-03-01", "--group", "第二党小组")
    branch.ok("meeting", "add", "committee", "--on", "2026-03-02", "--absent", "丙")
    group, committee = branch.json("meeting", "show", "1"), branch.json("meeting", "show", "2")
    assert [a["name"] for a in group["attendance"]] == ["壬"]
    assert group["group"] == "第二党小组" and group["quorum_met"] is None
    assert [a["name"] for a in committee["attendance"]] == ["甲", "乙", "丙"]
    assert committee["quorum_met"] is True  # 2 of 3


def test_meeting_list_json_is_the_contract(branch: Cli) -> None:
    branch.ok("meeting", "add", "党课", "--on", "2026-03-05", "--topic", "党史")
    branch.ok("meeting", "add", "general", "--on", "2026-02-01")
    rows = branch.json("meeting", "list")
    assert [r["date"] for r in rows] == ["2026-02-01", "2026-03-05"]  # oldest first
    assert all(set(r) >= LIST_KEYS for r in rows)
    assert rows[1]["type"] == "lecture" and rows[1]["topic"] == "党史"
    assert [r["id"] for r in branch.json("meeting", "list", "--type", "lecture")] == [1]
    assert branch.json("meeting", "list", "--period", "2026-02")[0]["type"] == "general"


@pytest.mark.parametrize(
    "args",
    [
        ["meeting", "add", "party", "--on", "2026-03-01"],
        ["meeting", "add", "group", "--on", "2026-03-01"],
        ["meeting", "add", "group", "--on", "2026-03-01", "--group", "不存在的小组"],
        ["meeting", "add", "general", "--on", "2026-03-01", "--absent", "甲", "--leave", "甲"],
        ["meeting", "add", "general", "--on", "2026-03-01", "--absent", "查无此人"],
        [
            "meeting",
            "add",
            "group",
            "--on",
            "2026-03-01",
            "--group",
            "第二党小组",
            "--absent",
            "甲",
        ],
        ["meeting", "add", "general", "--on", "2099-03-01"],
        ["meeting", "add", "general", "--on", "2026-02-30"],
        ["meeting", "show", "99"],
    ],
)
def test_refusals_exit_1_and_leave_the_ledger_unchanged(branch: Cli, args: list[str]) -> None:
    before = branch.dump()
    result = branch(*args)
    assert result.exit_code == 1, result.stdout
    assert len(result.stderr.strip().splitlines()) == 1
    assert branch.dump() == before


def test_planned_meeting_counts_only_once_confirmed(branch: Cli) -> None:
    out = branch.ok("meeting", "add", "general", "--on", "2099-01-01", "--planned").stdout
    assert "confirm" in out
    rows = branch.json("meeting", "list")
    assert rows[0]["expected"] is None and rows[0]["status"] == "planned"
    refused = branch("meeting", "confirm", "1")
    assert refused.exit_code == 1  # still in the future
    branch.ok("meeting", "confirm", "1", "--on", "2026-03-03", "--absent", "甲")
    m = branch.json("meeting", "show", "1")
    assert (m["date"], m["expected"], m["present"], m["quorum_met"]) == ("2026-03-03", 9, 8, True)
    assert branch("meeting", "confirm", "1").exit_code == 1  # already held


def test_talks_and_evaluations(branch: Cli) -> None:
    branch.ok("talk", "add", "乙", "--with", "甲", "--on", "2026-03-01", "--topic", "思想动态")
    assert branch("talk", "add", "乙", "--with", "乙", "--on", "2026-03-01").exit_code == 1
    assert branch.json("talk", "list", "--member", "甲")[0]["name"] == "乙"
    branch.ok("evaluation", "record", "乙", "--year", "2025", "--grade", "优秀")
    branch.ok(
        "evaluation",
        "record",
        "丙",
        "--year",
        "2025",
        "--grade",
        "unqualified",
        "--action",
        "限期改正",
    )
    again = branch("evaluation", "record", "乙", "--year", "2025", "--grade", "qualified")
    assert again.exit_code == 1 and "--replace" in again.stderr
    assert branch("evaluation", "record", "乙", "--year", "2025", "--grade", "great").exit_code == 1
    rows = branch.json("evaluation", "list", "--year", "2025")
    assert [(r["name"], r["grade"], r["action"]) for r in rows] == [
        ("乙", "excellent", None),
        ("丙", "unqualified", "限期改正"),
    ]
    branch.ok("evaluation", "record", "乙", "--year", "2025", "--grade", "qualified", "--replace")
    assert branch.json("evaluation", "list", "--year", "2025")[0]["grade"] == "qualified"
    ((before,),) = branch.sql("SELECT before FROM audit_log WHERE action = 'evaluation.replace'")
    assert json.loads(before)["grade"] == "excellent"


def test_sample_branch_reports_the_seven_month_absence(demo_ledger: Cli) -> None:
    led = demo_ledger
    rows = led.json("meeting", "attendance", "--as-of", "2026-11-25")
    flagged = [r["name"] for r in rows if r["absent_six_months"]]
    assert flagged == ["杨帆"]
    assert next(r for r in rows if r["name"] == "杨帆")["last_attended"] == "2026-03-26"
    # six months are not yet over in August
    rows = led.json("meeting", "attendance", "--as-of", "2026-08-31")
    assert not any(r["absent_six_months"] for r in rows)
    assert led("meeting", "attendance", "--exit-code").exit_code == 3
    # the July 2025 general meeting missed its quorum; August's held it again
    generals = led.json("meeting", "list", "--type", "general", "--period", "2025Q3")
    assert [g["quorum_met"] for g in generals] == [False, True]


def test_a_reason_with_no_member_before_it_is_refused(ledger: Cli) -> None:
    ledger.add("张三")
    result = ledger.refused("meeting", "add", "general", "--on", "2026-10-11", "--absent", ":病假")
    assert "--absent" in result.stderr
