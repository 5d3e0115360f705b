"""民主评议 as a procedure, end to end: the evaluation meeting's tallies per member, the day
decided, the 优秀 cap (rule excellent_cap), the handling of an unqualified member and its
follow-up — a checklist task while open, a compliance finding once its deadline has passed —
and `evaluation list` with the branch's distribution."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from conftest import Cli

FULL = "甲乙丙丁戊己庚辛壬"  # nine full members; 癸 is probationary


def _branch(led: Cli) -> None:
    led.ok("init", "--branch", "测试支部")
    for name in FULL:
        led.add(name, "--admitted-on", "2010-07-01", "--full-on", "2011-07-01")
    led.add("癸", "--admitted-on", "2025-03-01", stage="probationary")
    # 1: the evaluation meeting — ten expected, 甲 absent, 乙 on leave: seven full members
    # present (癸 attends but has no vote, 党章 art. 7)
    led.ok("meeting", "add", "evaluation", "--on", "2025-12-29", "--absent", "甲", "--leave", "乙")
    led.ok("meeting", "add", "lecture", "--on", "2025-12-20")  # 2: not an evaluation
    led.ok("meeting", "add", "general", "--on", "2026-01-08")  # 3
    led.ok("meeting", "add", "general", "--on", "2099-01-01", "--planned")  # 4: not held
    led.ok("meeting", "add", "evaluation", "--on", "2025-12-30")  # 5: to be voided
    led.ok("meeting", "void", "5", "--reason", "重复录入")


@pytest.fixture
def branch(snapshot: Callable[[str, Callable[[Cli], object]], Cli]) -> Cli:
    led = snapshot("evaluation-branch", _branch)
    led.refusal_lines = 1  # every refusal: one line on stderr
    return led


def _ids(led: Cli) -> dict[str, int]:
    return {m["name"]: m["id"] for m in led.members("--all")}


def _row(led: Cli, name: str, *extra: str) -> dict[str, Any]:
    rows = led.json("evaluation", "list", "--year", "2025", *extra)
    return next(r for r in rows if r["name"] == name)


def _findings(led: Cli, as_of: str) -> list[dict[str, Any]]:
    doc = led.json("report", "compliance", "--as-of", as_of)
    return [f for f in doc["findings"] if f["kind"].startswith("evaluation")]


def _tasks(led: Cli, quarter: str, as_of: str) -> list[dict[str, Any]]:
    doc = led.json("report", "checklist", "--quarter", quarter, "--as-of", as_of)
    return [t for t in doc["tasks"] if t["code"] in ("evaluation_action", "evaluation_followup")]


def test_the_meeting_and_tallies_are_recorded_with_the_day_decided(branch: Cli) -> None:
    branch.ok("evaluation", "record", "乙", "--year", "2025", "--grade", "excellent",
              "--meeting", "1", "--votes", "6,1,0,0", "--on", "2025-12-30")  # fmt: skip
    row = _row(branch, "乙", "--as-of", "2026-01-05")
    # the keys `evaluation list` always had, then the procedure's
    assert (row["name"], row["year"], row["grade"], row["action"]) == (
        "乙",
        2025,
        "excellent",
        None,
    )
    assert row["member_id"] == _ids(branch)["乙"]
    assert (row["votes_excellent"], row["votes_qualified"], row["votes_basic"],
            row["votes_unqualified"]) == (6, 1, 0, 0)  # fmt: skip
    assert (row["meeting_id"], row["decided_on"]) == (1, "2025-12-30")
    assert (row["followup"], row["followup_due"], row["overdue"]) == (None, None, False)
    stored = branch.sql(
        "SELECT votes_excellent, votes_qualified, votes_basic, votes_unqualified, meeting_id,"
        " decided_on FROM evaluation WHERE person_id = ?",
        (_ids(branch)["乙"],),
    )
    assert stored == [(6, 1, 0, 0, 1, "2025-12-30")]
    (entry,) = branch.audit("evaluation.record")
    assert entry["after"]["votes_excellent"] == 6 and entry["after"]["meeting_id"] == 1


def test_tallies_add_up_to_at_most_the_full_members_present(branch: Cli) -> None:
    # seven full members present: eight votes are too many, seven are all of them
    err = branch.refused("evaluation", "record", "丙", "--year", "2025", "--grade", "qualified",
                         "--meeting", "1", "--votes", "1,5,1,1").stderr  # fmt: skip
    assert "--votes" in err and "7" in err
    assert branch.count("evaluation") == 0
    branch.ok("evaluation", "record", "丙", "--year", "2025", "--grade", "qualified",
              "--meeting", "1", "--votes", "1,5,1,0")  # fmt: skip
    # without a meeting they are held to the branch's full members (nine at the year's end)
    err = branch.refused("evaluation", "record", "丁", "--year", "2025", "--grade", "qualified",
                         "--votes", "0，40，0，0").stderr  # fmt: skip
    assert "--votes" in err
    branch.ok("evaluation", "record", "丁", "--year", "2025", "--grade", "qualified",
              "--votes", "0，9，0，0")  # fmt: skip
    assert _row(branch, "丁")["votes_qualified"] == 9
    for bad in ("1,2,3", "-1,0,0,0", "a,b,c,d", "1,2,3,4,5", ""):
        err = branch.refused("evaluation", "record", "戊", "--year", "2025", "--grade",
                             "qualified", "--votes", bad).stderr  # fmt: skip
        assert "--votes" in err, bad


@pytest.mark.parametrize(
    ("meeting", "why"),
    [("2", "党课"), ("4", "尚未召开"), ("5", "作废"), ("99", "99"), ("x", "--meeting")],
    ids=["lecture", "planned", "voided", "unknown", "not-an-id"],
)
def test_the_meeting_must_be_a_held_evaluation_or_general_meeting(
    branch: Cli, meeting: str, why: str
) -> None:
    err = branch.refused("evaluation", "record", "丙", "--year", "2025", "--grade", "qualified",
                         "--meeting", meeting).stderr  # fmt: skip
    assert "--meeting" in err and why in err


def test_a_general_meeting_counts_and_the_day_decided_is_checked(branch: Cli) -> None:
    branch.ok("evaluation", "record", "丙", "--year", "2025", "--grade", "qualified",
              "--meeting", "3")  # fmt: skip
    # a meeting held before the year evaluated
    err = branch.refused("evaluation", "record", "丁", "--year", "2026", "--grade", "qualified",
                         "--meeting", "1").stderr  # fmt: skip
    assert "--meeting" in err and "2025-12-29" in err
    # decided before the meeting, before the year, or in the future
    for day in ("2025-12-28", "2024-12-31", "2099-01-01"):
        err = branch.refused("evaluation", "record", "丁", "--year", "2025", "--grade",
                             "qualified", "--meeting", "1", "--on", day).stderr  # fmt: skip
        assert "--on" in err, day


def test_an_unqualified_member_is_followed_up_until_the_outcome_is_recorded(branch: Cli) -> None:
    pid = _ids(branch)["丙"]
    branch.ok("evaluation", "record", "丙", "--year", "2025", "--grade", "unqualified",
              "--meeting", "1", "--votes", "0,1,2,4", "--on", "2025-12-30")  # fmt: skip
    # no handling decided: due three months after the grade (rules/evaluation.py)
    row = _row(branch, "丙", "--as-of", "2026-02-01")
    assert (row["action"], row["action_code"], row["followup"], row["followup_due"],
            row["overdue"]) == (None, None, "decide", "2026-03-30", False)  # fmt: skip
    (task,) = _tasks(branch, "2026Q1", "2026-02-01")
    assert task == {
        "category": "evaluation",
        "code": "evaluation_action",
        "title": task["title"],
        "due": "2026-03-30",
        "done": False,
        "done_on": None,
        "member_id": pid,
    }
    assert "丙" in task["title"]
    assert _findings(branch, "2026-03-30") == []  # the last day still counts
    (found,) = _findings(branch, "2026-03-31")
    assert (found["kind"], found["member_id"], found["name"]) == (
        "evaluation_action_overdue", pid, "丙"
    )  # fmt: skip
    assert "2026-03-30" in found["detail"]
    assert branch.json("report", "compliance", "--as-of", "2026-03-31")["ok"] is False
    assert branch("report", "compliance", "--as-of", "2026-03-31", "--exit-code").exit_code == 3
    # carried over into the next quarter while open
    (carried,) = _tasks(branch, "2026Q2", "2026-04-05")
    assert (carried["due"], carried["done"]) == ("2026-03-30", False)
    # the year report's findings are the compliance check's
    year = branch.json("report", "year", "2026", "--as-of", "2026-04-05")
    assert any(f["kind"] == "evaluation_action_overdue" and f["member_id"] == pid
               for f in year["findings"])  # fmt: skip

    # the handling decided: 限期改正 for a year from the decision (组织工作问答)
    out = branch.ok("evaluation", "action", "丙", "--year", "2025", "--action", "限期改正",
                    "--on", "2026-04-10").stdout  # fmt: skip
    assert "2027-04-10" in out
    row = _row(branch, "丙", "--as-of", "2026-04-11")
    assert (row["action"], row["action_code"], row["action_due"], row["followup"],
            row["followup_due"]) == ("限期改正", "correct", "2027-04-10", "correct", "2027-04-10")  # fmt: skip
    assert branch.sql("SELECT action FROM evaluation WHERE person_id = ?", (pid,)) == [("correct",)]
    assert _findings(branch, "2026-04-11") == []
    (decided,) = _tasks(branch, "2026Q1", "2026-04-11")
    assert decided["done"] is True
    (follow,) = _tasks(branch, "2027Q2", "2027-04-10")
    assert (follow["code"], follow["due"], follow["done"], follow["member_id"]) == (
        "evaluation_followup", "2027-04-10", False, pid
    )  # fmt: skip
    assert _findings(branch, "2027-04-10") == []
    (late,) = _findings(branch, "2027-04-11")
    assert late["kind"] == "evaluation_followup_overdue" and late["member_id"] == pid

    # the outcome closes it
    branch.ok("evaluation", "done", "丙", "--year", "2025", "--on", "2026-11-30",
              "--result", "已改正，支部大会讨论认为具备党员条件")  # fmt: skip
    row = _row(branch, "丙", "--as-of", "2027-04-11")
    assert (row["followup"], row["action_done_on"], row["overdue"]) == ("done", "2026-11-30", False)
    assert row["action_result"] == "已改正，支部大会讨论认为具备党员条件"
    assert _findings(branch, "2027-04-11") == []
    (closed,) = _tasks(branch, "2027Q2", "2027-04-11")
    assert (closed["done"], closed["done_on"]) == (True, "2026-11-30")
    # seen from before the outcome, it was still open
    assert _row(branch, "丙", "--as-of", "2026-11-29")["followup"] == "correct"
    # each step audited, with what it changed
    (action,) = branch.audit("evaluation.action")
    assert (action["before"]["action"], action["after"]["action"]) == (None, "correct")
    (done,) = branch.audit("evaluation.done")
    assert done["after"]["action_done_on"] == "2026-11-30"
    err = branch.refused("evaluation", "done", "丙", "--year", "2025", "--on", "2026-12-01",
                         "--result", "再次").stderr  # fmt: skip
    assert "--replace" in err
    branch.ok("evaluation", "done", "丙", "--year", "2025", "--on", "2026-12-01",
              "--result", "更正", "--replace")  # fmt: skip
    assert _row(branch, "丙")["action_done_on"] == "2026-12-01"


def test_handling_codes_labels_and_time_limits(branch: Cli) -> None:
    ids = _ids(branch)
    record = ("evaluation", "record")
    # recorded with the grade: the time limit given, or a year from the day decided
    branch.ok(*record, "丁", "--year", "2025", "--grade", "unqualified", "--on", "2025-12-30",
              "--action", "correct", "--due", "2026-06-30")  # fmt: skip
    branch.ok(*record, "戊", "--year", "2025", "--grade", "unqualified", "--on", "2025-12-30",
              "--action", "限期改正")  # fmt: skip
    branch.ok(*record, "己", "--year", "2025", "--grade", "不合格", "--action", "劝退")
    assert _row(branch, "丁")["action_due"] == "2026-06-30"
    assert _row(branch, "戊")["action_due"] == "2026-12-30"
    row = _row(branch, "己", "--as-of", "2026-12-01")
    assert (row["action"], row["action_code"], row["action_due"], row["followup"]) == (
        "劝退", "persuade", None, "decided"
    )  # fmt: skip
    assert branch.sql("SELECT action FROM evaluation WHERE person_id = ?", (ids["己"],)) == [
        ("persuade",)
    ]
    # JSON is the same whatever the language
    assert branch.json("--lang", "en", "evaluation", "list") == branch.json("evaluation", "list")
    # what is refused, each naming its option
    cases = [
        (
            (*record, "庚", "--year", "2025", "--grade", "unqualified", "--action", "批评\x01"),
            "--action",
        ),
        ((*record, "庚", "--year", "2025", "--grade", "qualified", "--action", "除名"), "--action"),
        (
            (
                *record,
                "庚",
                "--year",
                "2025",
                "--grade",
                "unqualified",
                "--action",
                "remove",
                "--due",
                "2026-06-30",
            ),
            "--due",
        ),  # fmt: skip
        (
            (
                *record,
                "庚",
                "--year",
                "2025",
                "--grade",
                "unqualified",
                "--on",
                "2025-12-30",
                "--action",
                "correct",
                "--due",
                "2025-12-30",
            ),
            "--due",
        ),  # fmt: skip
        (("evaluation", "action", "庚", "--year", "2025", "--action", "correct"), "--year"),
        (("evaluation", "action", "己", "--year", "2025", "--action", "remove"), "--replace"),
        (
            ("evaluation", "done", "庚", "--year", "2025", "--on", "2026-01-05", "--result", "x"),
            "--year",
        ),  # fmt: skip
    ]
    for args, option in cases:
        assert option in branch.refused(*args).stderr, args
    # a handling in the branch's own words (CLI.md: --action T) is kept as written, decided
    branch.ok(*record, "壬", "--year", "2025", "--grade", "unqualified", "--action", "批评教育")
    (row,) = [r for r in branch.json("evaluation", "list") if r["name"] == "壬"]
    assert (row["action"], row["followup"]) == ("批评教育", "decided")
    branch.ok(*record, "庚", "--year", "2025", "--grade", "qualified")
    assert "--action" in branch.refused("evaluation", "action", "庚", "--year", "2025",
                                        "--action", "correct").stderr  # fmt: skip
    branch.ok(*record, "辛", "--year", "2025", "--grade", "unqualified", "--on", "2025-12-30")
    assert "REF" in branch.refused("evaluation", "done", "辛", "--year", "2025", "--on",
                                   "2026-01-05", "--result", "x").stderr  # fmt: skip
    for args in (
        ("--action", "correct", "--on", "2025-12-29"),  # before the grade was decided
        ("--action", "persuade", "--due", "2026-12-31"),  # a time limit for 限期改正 only
        ("--action", "correct", "--on", "2026-02-01", "--due", "2026-02-01"),
    ):
        option = "--due" if "--due" in args else "--on"
        err = branch.refused("evaluation", "action", "辛", "--year", "2025", *args).stderr
        assert option in err, args
    branch.ok("evaluation", "action", "辛", "--year", "2025", "--action", "remove", "--on",
              "2026-01-05")  # fmt: skip
    # changed with --replace: 除名 became 限期改正, followed up again
    branch.ok("evaluation", "action", "辛", "--year", "2025", "--action", "correct", "--on",
              "2026-01-06", "--replace")  # fmt: skip
    assert _row(branch, "辛")["action_due"] == "2027-01-06"
    # a handling typed as free text before the codes is read by its name
    branch.execute("UPDATE evaluation SET action = '除名' WHERE person_id = ?", (ids["辛"],))
    assert _row(branch, "辛")["action_code"] == "remove"


def test_replace_keeps_what_is_not_given(branch: Cli) -> None:
    branch.ok("evaluation", "record", "丁", "--year", "2025", "--grade", "unqualified",
              "--meeting", "1", "--votes", "0,0,2,5", "--on", "2025-12-30",
              "--action", "correct")  # fmt: skip
    branch.ok("evaluation", "record", "丁", "--year", "2025", "--grade", "unqualified",
              "--votes", "0,0,1,6", "--replace")  # fmt: skip
    row = _row(branch, "丁")
    assert (row["meeting_id"], row["decided_on"], row["action_code"], row["action_due"]) == (
        1, "2025-12-30", "correct", "2026-12-30"
    )  # fmt: skip
    assert (row["votes_basic"], row["votes_unqualified"]) == (1, 6)
    # the kept meeting still bounds new tallies
    assert "--votes" in branch.refused("evaluation", "record", "丁", "--year", "2025", "--grade",
                                       "unqualified", "--votes", "0,0,4,4", "--replace").stderr  # fmt: skip
    # a grade other than unqualified has no handling to follow up
    branch.ok("evaluation", "record", "丁", "--year", "2025", "--grade", "basic", "--replace")
    row = _row(branch, "丁")
    assert (row["grade"], row["action"], row["action_due"], row["followup"]) == (
        "basic", None, None, None
    )  # fmt: skip
    assert row["votes_unqualified"] == 6
    before = branch.audit("evaluation.replace")[-1]["before"]
    assert (before["grade"], before["action"]) == ("unqualified", "correct")


def test_the_excellent_cap_is_a_third_of_the_members_when_switched_on(branch: Cli) -> None:
    record = ("evaluation", "record")
    # off by default: four of ten are accepted
    for name in "甲乙丙丁":
        branch.ok(*record, name, "--year", "2025", "--grade", "excellent")
    (summary,) = branch.json("evaluation", "list", "--summary")
    assert summary["cap"] is None and summary["grades"]["excellent"] == 4
    for name in "甲乙丙丁":
        branch.ok("evaluation", "void", name, "--year", "2025", "--reason", "录错")
    branch.ok("rules", "set", "excellent_cap", "--on")
    # ten members (nine full, one probationary) on 31 December: at most three, whatever the
    # order the results are entered in
    for name in "甲乙丙":
        branch.ok(*record, name, "--year", "2025", "--grade", "excellent")
    err = branch.refused(*record, "丁", "--year", "2025", "--grade", "excellent").stderr
    assert err.count("\n") == 1 and "--grade" in err and "3" in err and "10" in err
    # correcting one already excellent adds none
    branch.ok(*record, "甲", "--year", "2025", "--grade", "excellent", "--votes", "5,2,0,0",
              "--replace")  # fmt: skip
    # a qualified member regraded excellent would
    branch.ok(*record, "戊", "--year", "2025", "--grade", "qualified")
    assert "--grade" in branch.refused(*record, "戊", "--year", "2025", "--grade", "excellent",
                                       "--replace").stderr  # fmt: skip
    assert "--reason" in branch.refused(*record, "丁", "--year", "2025", "--grade", "excellent",
                                        "--force").stderr  # fmt: skip
    branch.ok(*record, "丁", "--year", "2025", "--grade", "excellent", "--force", "--reason",
              "补录历史记录，上级批准")  # fmt: skip
    # revived from the voided row: the entry that did it keeps the reason
    forced = branch.audit("evaluation.record")[-1]
    assert forced["after"]["person_id"] == _ids(branch)["丁"]
    reason = branch.sql("SELECT reason FROM audit_log WHERE id = ?", (forced["id"],))
    assert reason == [("补录历史记录，上级批准",)]
    (summary,) = branch.json("evaluation", "list", "--summary")
    assert (summary["evaluated"], summary["members"]) == (5, 10)
    assert summary["cap"] == {"base": 10, "limit": 3, "excellent": 4, "over": True}
    assert summary["shares"]["excellent"] == 0.8
    plain = branch.ok("evaluation", "list", "--year", "2025", "-f", "plain").stdout
    assert "上限 3 名" in plain and "超出上限" in plain and "80%" in plain
    ev = branch.json("report", "year", "2025", "--as-of", "2026-01-31")["evaluation"]
    assert ev["cap"]["over"] is True and ev["grades"]["excellent"] == 4


def test_list_and_year_report_keep_their_keys(branch: Cli) -> None:
    branch.ok("evaluation", "record", "甲", "--year", "2025", "--grade", "excellent")
    branch.ok("evaluation", "record", "乙", "--year", "2025", "--grade", "unqualified",
              "--on", "2025-12-30")  # fmt: skip
    rows = branch.json("evaluation", "list")
    assert [(r["name"], r["grade"]) for r in rows] == [("甲", "excellent"), ("乙", "unqualified")]
    assert all({"member_id", "name", "year", "grade", "action"} <= set(r) for r in rows)
    csv_text = branch.ok("evaluation", "list", "-f", "csv").stdout
    header = csv_text.splitlines()[0].split(",")
    assert header[:5] == ["year", "member_id", "name", "grade", "action"]
    assert "votes_excellent" in header and "followup_due" in header
    assert len(csv_text.strip().splitlines()) == 3  # one table: the header and two rows
    plain = branch.ok("evaluation", "list", "-f", "plain", "--as-of", "2026-04-01").stdout
    assert "处置待定（应于 2026-03-30 前决定，已逾期）" in plain and "50%" in plain
    ev = branch.json("report", "year", "2025", "--as-of", "2026-01-31")["evaluation"]
    assert ev["grades"] == {"excellent": 1, "qualified": 0, "basic": 0, "unqualified": 1}
    (u,) = ev["unqualified"]
    assert (u["name"], u["action"], u["followup"], u["followup_due"]) == (
        "乙", None, "decide", "2026-03-30"
    )  # fmt: skip
    assert (ev["evaluated"], ev["members"], ev["cap"]) == (2, 10, None)
    text = branch.ok("report", "year", "2025", "--as-of", "2026-01-31", "-f", "plain").stdout
    assert "处置未定" not in text and "2026-03-30" in text
    # a voided result is in no count and no follow-up
    branch.ok("evaluation", "void", "乙", "--year", "2025", "--reason", "录错人")
    assert _findings(branch, "2026-04-01") == []
    assert (
        json.loads(branch.ok("evaluation", "list", "--summary", "-f", "json").stdout)[0]["grades"][
            "unqualified"
        ]
        == 0
    )
