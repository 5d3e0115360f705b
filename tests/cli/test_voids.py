"""Voiding a meeting or a talk entered in error (issue 17): it stays in the ledger, marked
void, shows in `history`, and counts nowhere a user looks — compliance, the checklist,
attendance, the six-month absence, the year report, the talk list, votes."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from conftest import Cli


def _branch(cli: Cli) -> None:
    cli.ok("init", "--branch", "测试支部")
    cli.ok("group", "add", "一组")
    for i in range(1, 8):
        cli.add(f"党员{i}", "--admitted-on", "2010-01-01", "--full-on", "2011-01-01",
                "--group", "一组")  # fmt: skip
    cli.ok("committee", "set", "党员1", "secretary", "--from", "2020-01-01")
    cli.ok("committee", "set", "党员2", "organization", "--from", "2020-01-01")
    cli.ok("meeting", "add", "committee", "--on", "2026-10-12")
    cli.ok("talk", "add", "党员3", "--with", "党员1", "--on", "2026-10-15")


@pytest.fixture
def branch(snapshot: Callable[[str, Callable[[Cli], object]], Cli]) -> Cli:
    return snapshot("one_meeting_one_talk", _branch)


def _item(cli: Cli, code: str, scope: str = "branch") -> dict[str, object]:
    doc = cli.json("report", "compliance", "--period", "2026Q4", "--as-of", "2026-12-31")
    return next(i for i in doc["items"] if i["code"] == code and i["scope"] == scope)


def test_a_voided_meeting_counts_nowhere_and_stays_in_the_ledger(branch: Cli) -> None:
    assert "2026-10" not in _item(branch, "committee_meeting")["gaps"]
    year = branch.json("report", "year", "2026")
    assert [t["type"] for t in year["meetings"]["attendance_by_type"]] == ["committee"]
    before = branch.count("meeting")
    out = branch.ok("meeting", "void", "1", "--reason", "日期录错").stdout
    assert "1" in out
    assert branch.count("meeting") == before  # kept
    assert "2026-10" in _item(branch, "committee_meeting")["gaps"]
    tasks = branch.json("report", "checklist", "--quarter", "2026Q4", "--as-of", "2026-12-31")
    october = next(t for t in tasks["tasks"] if t["title"].endswith("2026年10月"))
    assert october["code"] == "committee_meeting" and not october["done"]
    listed = branch.json("meeting", "list")
    assert [(m["id"], m["status"]) for m in listed] == [(1, "void")]
    shown = branch.json("meeting", "show", "1")
    assert shown["void_reason"] == "日期录错" and shown["status"] == "void"
    rates = branch.json("meeting", "attendance", "--period", "2026Q4")
    assert all(r["expected"] == 0 for r in rates) or rates == []
    year = branch.json("report", "year", "2026")
    assert all(t["type"] != "committee" for t in year["meetings"]["attendance_by_type"])
    entry = branch.json("history", "--meeting", "1")[-1]
    assert entry["action"] == "meeting.void" and entry["reason"] == "日期录错"
    # the same day is free again for the meeting as it should have been typed
    branch.ok("meeting", "add", "committee", "--on", "2026-10-12")


def test_a_voided_talk_counts_nowhere(branch: Cli) -> None:
    assert _item(branch, "talk", "member:3")["done"] == 1
    branch.ok("talk", "void", "1", "--reason", "重复录入")
    assert _item(branch, "talk", "member:3")["done"] == 0
    assert branch.json("talk", "list") == []
    assert branch.count("talk") == 1
    assert [e["action"] for e in branch.json("history", "党员3")][-1] == "talk.void"


def test_voids_are_refused_in_one_line_with_nothing_written(branch: Cli) -> None:
    branch.ok("meeting", "void", "1", "--reason", "日期录错")
    before = branch.dump()
    for args, field in (
        (["meeting", "void", "1", "--reason", "again"], "ID"),
        (["meeting", "void", "9", "--reason", "x"], "ID"),
        (["meeting", "void", "x", "--reason", "x"], "ID"),
        (["talk", "void", "1", "--reason", "  "], "--reason"),
        (["talk", "void", "5", "--reason", "x"], "ID"),
    ):
        err = branch.refused(*args).stderr
        assert len(err.strip().splitlines()) == 1 and field in err, (args, err)
    assert branch.dump() == before


def test_a_meeting_that_voted_an_admission_cannot_be_voided_nor_vote(branch: Cli) -> None:
    branch.ok("meeting", "add", "general", "--on", "2026-11-02")
    branch.ok("dev", "apply", "申请人", "--on", "2024-01-05", "--birth-date", "1998-01-01",
              "--gender", "男")  # fmt: skip
    branch.ok("dev", "log", "申请人", "talk", "--on", "2024-01-20")
    branch.ok("dev", "activist", "申请人", "--on", "2024-03-01", "--contacts", "党员4",
              "--force", "--reason", "补录")  # fmt: skip
    branch.ok("dev", "candidate", "申请人", "--on", "2025-06-01", "--introducers", "党员4,党员5",
              "--force", "--reason", "补录")  # fmt: skip
    branch.ok("dev", "admit", "申请人", "--on", "2026-11-02", "--meeting", "2", "--for", "7",
              "--against", "0", "--force", "--reason", "补录")  # fmt: skip
    err = branch.refused("meeting", "void", "2", "--reason", "x").stderr
    assert "申请人" in err
    branch.ok("meeting", "add", "general", "--on", "2026-11-03")
    branch.ok("meeting", "void", "3", "--reason", "录错")
    err = branch.refused("dev", "convert", "申请人", "--on", "2026-11-03", "--meeting", "3",
                         "--for", "7", "--against", "0").stderr  # fmt: skip
    assert "--meeting" in err and "3" in err


def test_meeting_edit_moves_the_day_and_derives_attendance_again(branch: Cli) -> None:
    branch.ok("meeting", "add", "general", "--on", "2026-11-02", "--absent", "党员3")
    # the day was wrong: the meeting moves, 党员3's absence is kept, the topic is set
    out = branch.ok("meeting", "edit", "2", "--on", "2026-11-03", "--topic", "改正日期").stdout
    assert "已更正会议 2" in out and "应到 7 人，实到 6 人" in out
    shown = branch.json("meeting", "show", "2")
    assert (shown["date"], shown["topic"]) == ("2026-11-03", "改正日期")
    assert [a["name"] for a in shown["attendance"] if a["status"] == "absent"] == ["党员3"]
    # a list given replaces the recorded one; the others are kept
    branch.ok("meeting", "edit", "2", "--absent", "党员4", "--leave", "党员5:出差")
    marks = {a["name"]: a["status"] for a in branch.json("meeting", "show", "2")["attendance"]}
    assert (marks["党员3"], marks["党员4"], marks["党员5"]) == ("present", "absent", "leave")
    branch.ok("meeting", "edit", "2", "--absent", "")
    marks = {a["name"]: a["status"] for a in branch.json("meeting", "show", "2")["attendance"]}
    assert marks["党员4"] == "present" and marks["党员5"] == "leave"
    entry = branch.json("history", "--meeting", "2")[-1]
    assert entry["action"] == "meeting.edit"
    assert entry["changes"]["attendance"] == [[[4, "absent", None], [5, "leave", "出差"]],
                                              [[5, "leave", "出差"]]]  # fmt: skip


def test_meeting_edit_is_refused_as_add_would_be(branch: Cli) -> None:
    branch.ok("meeting", "add", "general", "--on", "2026-11-02")
    branch.ok("meeting", "add", "general", "--on", "2026-11-05")
    before = branch.dump()
    for args, field in (
        (["meeting", "edit", "2", "--on", "2026-11-05"], "--on"),  # a general meeting there
        (["meeting", "edit", "2", "--on", "2099-01-01"], "--on"),
        (["meeting", "edit", "2", "--absent", "无此人"], "--absent"),
        (["meeting", "edit", "9", "--topic", "x"], "ID"),
        (["meeting", "edit", "2", "--on", "2026-13-01"], "--on"),
    ):
        err = branch.refused(*args).stderr
        assert len(err.strip().splitlines()) == 1 and field in err, (args, err)
    assert branch.dump() == before
    branch.ok("meeting", "edit", "2", "--on", "2026-11-05", "--again")


def test_talk_edit_corrects_the_day_and_is_checked_as_add_is(branch: Cli) -> None:
    branch.ok("talk", "edit", "1", "--on", "2026-11-20", "--topic", "思想动态")
    (talk,) = branch.json("talk", "list")
    assert (talk["date"], talk["topic"]) == ("2026-11-20", "思想动态")
    assert branch.json("history", "党员3")[-1]["changes"]["on_date"] == [
        "2026-10-15",
        "2026-11-20",
    ]
    before = branch.dump()
    for args, field in (
        (["talk", "edit", "1", "--with", "党员3"], "--with"),  # the same person twice
        (["talk", "edit", "1", "--member", "无此人"], "--member"),
        (["talk", "edit", "4", "--on", "2026-11-01"], "ID"),
        (["talk", "edit", "1", "--on", "2099-01-01"], "--on"),
    ):
        err = branch.refused(*args).stderr
        assert len(err.strip().splitlines()) == 1 and field in err, (args, err)
    assert branch.dump() == before
