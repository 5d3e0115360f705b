"""Issue 20, part 3: members working or studying away (流动党员). `member away` with a
流动党员活动证 or a 证明信, `member back`, `member away-report` and the voids; while away a
member is not expected at the branch's meetings (no absence, outside the quorum), owes a
written report each quarter (away_report) and is not flagged absent_six_months; dues stay
owed here, quarterly with the rule option away_quarterly_dues; `member list --away`, `member
show`, the year report and `report stats` show them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from conftest import Cli


def _branch(cli: Cli) -> None:
    """Four full members since 2010 (张伟, 李强, 王芳, 赵敏); dues from 2026-01 for 张伟."""
    cli.ok("init", "--branch", "测试支部")
    for name in ("张伟", "李强", "王芳", "赵敏"):
        cli.add(name, "--admitted-on", "2010-01-10", "--full-on", "2011-01-10")
    cli.ok("dues", "base", "张伟", "--income", "3000", "--from", "2026-01")


@pytest.fixture
def branch(snapshot: Callable[[str, Callable[[Cli], object]], Cli]) -> Cli:
    cli = snapshot("four_members_away", _branch)
    cli.refusal_lines = 1  # every refusal here is one line on stderr
    return cli


def _meeting(cli: Cli, on: str, *extra: str) -> dict[str, Any]:
    """`meeting add general --on ON EXTRA`, then the meeting as `meeting show` has it."""
    cli.ok("meeting", "add", "general", "--on", on, *extra)
    mid = cli.json("meeting", "list")[-1]["id"]
    return cli.json("meeting", "show", str(mid))


def _away_reports(cli: Cli, period: str, as_of: str) -> dict[str, dict[str, Any]]:
    doc = cli.json("report", "compliance", "--period", period, "--as-of", as_of)
    return {i["scope"]: i for i in doc["items"] if i["code"] == "away_report"}


def _findings(cli: Cli, as_of: str, kind: str) -> list[str]:
    doc = cli.json("report", "compliance", "--as-of", as_of)
    return [f["name"] for f in doc["findings"] if f["kind"] == kind]


def _flagged(cli: Cli, as_of: str) -> set[str]:
    rows = cli.json("meeting", "attendance", "--as-of", as_of)
    return {r["name"] for r in rows if r["absent_six_months"]}


def _id(cli: Cli, name: str) -> int:
    return int(cli.listed(name)["id"])


def test_away_from_april_not_expected_owes_reports_not_flagged_and_back_restores(
    branch: Cli,
) -> None:
    """The issue's "Done when": a member away from 2026-04-01 is not expected at meetings
    after that day, owes quarterly away_reports and is not flagged absent_six_months;
    `member back` restores the usual duties."""
    zw = _id(branch, "张伟")
    # 张伟 and 李强 last attended in January and missed March without leave
    _meeting(branch, "2026-01-15")
    before = _meeting(branch, "2026-03-20", "--absent", "张伟,李强")
    assert before["expected"] == 4
    said = branch.ok(
        "member", "away", "张伟", "--to", "深圳", "--from", "2026-04-01",
        "--certificate", "LD2026001",
    )  # fmt: skip
    assert "深圳" in said.stdout and "流动党员活动证" in said.stdout
    # not expected at meetings after that day: no row, outside the quorum
    may = _meeting(branch, "2026-05-10", "--absent", "李强")
    assert (may["expected"], may["present"], may["voting_expected"]) == (3, 2, 3)
    assert "张伟" not in {a["name"] for a in may["attendance"]}
    assert may["quorum_met"] is True
    # a written report each quarter: Q2 recorded, Q3 missed, Q4 still running
    branch.ok("member", "away-report", "张伟", "--on", "2026-06-20", "--note", "邮寄")
    items = _away_reports(branch, "2026", "2026-10-10")
    assert list(items) == [f"member:{zw}"]
    assert (items[f"member:{zw}"]["gaps"], items[f"member:{zw}"]["status"]) == (
        ["2026Q3"],
        "short",
    )
    # the absence rule: 李强 is the 党章 art. 9 case, 张伟 (away) is not
    assert _flagged(branch, "2026-09-01") == {"李强"}
    assert _findings(branch, "2026-09-01", "absent_six_months") == ["李强"]
    # back: expected again, and the six months count from the day back
    said = branch.ok("member", "back", "张伟", "--on", "2026-10-08")
    assert "2026-10-08" in said.stdout
    october = _meeting(branch, "2026-10-20", "--absent", "张伟")
    assert october["expected"] == 4
    assert {a["name"]: a["status"] for a in october["attendance"]}["张伟"] == "absent"
    assert "张伟" not in _flagged(branch, "2027-04-08")  # six months from 2026-10-08
    assert "张伟" in _flagged(branch, "2027-04-09")
    # away on 2026-10-01, Q4's report is owed; back before 2027, no more
    assert _away_reports(branch, "2026Q4", "2027-01-10")[f"member:{zw}"]["gaps"] == ["2026Q4"]
    assert _away_reports(branch, "2027Q1", "2027-04-10") == {}
    # the trail: each write with its entry
    [away] = branch.audit("member.away")
    assert (away["after"]["place"], away["after"]["kind"]) == ("深圳", "card")
    [back] = branch.audit("member.back")
    assert (back["before"]["back_on"], back["after"]["back_on"]) == (None, "2026-10-08")
    assert len(branch.audit("member.away_report")) == 1


@pytest.mark.parametrize("status", ["absent", "leave", "exempt"])
def test_marking_a_member_away_at_a_meeting_says_they_were_away(branch: Cli, status: str) -> None:
    branch.ok("member", "away", "王芳", "--to", "北京", "--from", "2026-04-01")
    r = branch.refused("meeting", "add", "general", "--on", "2026-05-10", f"--{status}", "王芳")
    assert f"--{status}" in r.stderr and "外出" in r.stderr and "北京" in r.stderr
    r = branch.refused(
        "--lang", "en", "meeting", "add", "general", "--on", "2026-05-10", f"--{status}", "王芳"
    )
    assert "away" in r.stderr
    assert branch.count("meeting") == 0


def test_until_ends_the_time_away_without_member_back(branch: Cli) -> None:
    branch.ok(
        "member", "away", "赵敏", "--to", "上海", "--from", "2026-04-01", "--until", "2026-06-30",
        "--kind", "证明信",
    )  # fmt: skip
    assert _meeting(branch, "2026-06-30")["expected"] == 3
    assert _meeting(branch, "2026-07-01")["expected"] == 4
    zm = _id(branch, "赵敏")
    items = _away_reports(branch, "2026", "2027-01-10")
    assert items[f"member:{zm}"]["gaps"] == ["2026Q2"]  # Q3 began after the last day away
    assert branch.sql("SELECT kind FROM member_away") == [("letter",)]


def test_member_list_away_show_and_json(branch: Cli) -> None:
    branch.ok(
        "member", "away", "张伟", "--to", "深圳", "--from", "2026-04-01", "--until", "2027-03-31",
        "--certificate", "LD2026001", "--kind", "活动证",
    )  # fmt: skip
    branch.ok("member", "away", "王芳", "--to", "北京", "--from", "2026-11-01", "--kind", "letter")
    rows = branch.json("member", "list", "--away", "--as-of", "2026-11-15")
    assert [(r["name"], r["place"]) for r in rows] == [("张伟", "深圳"), ("王芳", "北京")]
    zw = rows[0]
    assert (zw["from_on"], zw["until_on"], zw["certificate"], zw["kind"]) == (
        "2026-04-01",
        "2027-03-31",
        "LD2026001",
        "card",
    )
    assert zw["member_id"] == _id(branch, "张伟") and zw["record_id"] >= 1
    assert [
        r["name"] for r in branch.json("member", "list", "--away", "--as-of", "2026-05-01")
    ] == ["张伟"]
    assert branch.json("member", "list", "--away", "--as-of", "2026-03-31") == []
    table = branch.ok("member", "list", "--away", "--as-of", "2026-11-15").stdout
    assert "深圳" in table and "LD2026001" in table and "流动党员活动证" in table
    assert "证明信" in table
    # the roster itself is unchanged: they are members of the branch all the same
    assert len(branch.members()) == 4
    # member show: the away record in effect today
    shown = branch.member("张伟")
    assert shown["away"]["place"] == "深圳" and shown["away"]["certificate"] == "LD2026001"
    assert branch.member("李强")["away"] is None
    text = branch.ok("member", "show", "张伟").stdout
    assert "外出（流动党员）" in text and "深圳" in text
    english = branch.ok("--lang", "en", "member", "show", "张伟").stdout
    assert "working away" in english
    branch.ok("member", "back", "王芳", "--on", "2026-11-20")
    assert [
        r["name"] for r in branch.json("member", "list", "--away", "--as-of", "2026-11-25")
    ] == ["张伟"]
    kinds = {e["kind"] for e in branch.member("王芳")["timeline"]}
    assert {"away", "back"} <= kinds


def test_the_year_report_and_stats_list_the_members_away(branch: Cli) -> None:
    branch.ok("member", "away", "张伟", "--to", "深圳", "--from", "2026-04-01")
    branch.ok("member", "back", "张伟", "--on", "2026-10-08")
    branch.ok("member", "away", "王芳", "--to", "北京", "--from", "2026-11-01")
    doc = branch.json("report", "year", "2026", "--as-of", "2026-12-01")
    away = doc["away"]
    assert (away["count"], away["during"]) == (1, 2)
    people = {p["name"]: p for p in away["people"]}
    assert (people["张伟"]["place"], people["张伟"]["from_on"], people["张伟"]["back_on"]) == (
        "深圳",
        "2026-04-01",
        "2026-10-08",
    )
    assert people["王芳"]["back_on"] is None
    assert doc["membership"]["total"] == 4  # still members
    text = branch.ok("report", "year", "2026", "--as-of", "2026-12-01").stdout
    assert "流动党员" in text and "深圳" in text and "2026-10-08 返回" in text
    stats = branch.json("report", "stats", "--year", "2026")
    assert stats["basic"]["away"]["count"] == 1
    assert [p["name"] for p in stats["basic"]["away"]["people"]] == ["王芳"]
    assert stats["balanced"] is True
    assert "流动党员" in branch.ok("report", "stats", "--year", "2026").stdout


def _dues(cli: Cli, as_of: str) -> dict[str, Any] | None:
    doc = cli.json("dues", "status", "--as-of", as_of)
    return next((m for m in doc["members"] if m["name"] == "张伟"), None)


def test_quarterly_dues_for_members_away_is_an_option(branch: Cli) -> None:
    branch.ok("dues", "pay", "张伟", "--months", "2026-01..2026-03", "--on", "2026-03-10")
    branch.ok("member", "away", "张伟", "--to", "深圳", "--from", "2026-04-01")
    branch.ok("member", "back", "张伟", "--on", "2026-06-01")
    # by default dues stay owed monthly here
    assert branch.owed("张伟", "--as-of", "2026-05-25") == ["2026-04", "2026-05"]
    branch.ok("rules", "set", "away_quarterly_dues", "--on")
    # April's and May's deadlines fell while away: owed once the quarter has ended
    assert _dues(branch, "2026-05-25") is None
    june = _dues(branch, "2026-06-25")
    assert june is not None
    # June's deadline (the 20th) fell after the day back: owed as usual
    assert (june["owed_months"], june["paid_through"]) == (["2026-06"], "2026-03")
    assert branch.owed("张伟", "--as-of", "2026-07-01") == ["2026-04", "2026-05", "2026-06"]
    # compliance reads the same: no overdue (three months) before the quarter's end
    assert "张伟" not in _findings(branch, "2026-06-25", "dues_overdue")
    assert "张伟" in _findings(branch, "2026-07-01", "dues_overdue")
    branch.ok("rules", "set", "away_quarterly_dues", "--off")
    assert branch.owed("张伟", "--as-of", "2026-06-25") == ["2026-04", "2026-05", "2026-06"]


def test_refusals_name_the_option_and_write_nothing(branch: Cli) -> None:
    def refused(*args: str) -> str:
        return branch.refused("member", *args).stderr

    assert "--until" in refused(
        "away", "张伟", "--to", "深圳", "--from", "2026-04-01", "--until", "2026-03-01"
    )
    assert "--from" in refused("away", "张伟", "--to", "深圳", "--from", "2099-01-01")
    assert "--to" in refused("away", "张伟", "--to", "  ", "--from", "2026-04-01")
    assert "--to" in refused("away", "张伟", "--to", "深\x01圳", "--from", "2026-04-01")
    assert "--kind" in refused(
        "away", "张伟", "--to", "深圳", "--from", "2026-04-01", "--kind", "x"
    )
    assert "REF" in refused("away", "无此人", "--to", "深圳", "--from", "2026-04-01")
    # not a member on that day: left, not yet joined, not a member at all
    branch.ok("member", "leave", "赵敏", "--reason", "deceased", "--on", "2026-02-01")
    r = refused("away", "赵敏", "--to", "深圳", "--from", "2026-03-01")
    assert "--from" in r and "离开" in r
    branch.ok("member", "transfer-in", "新人", "--from", "某单位", "--on", "2026-05-01",
              "--gender", "女", "--stage", "full", "--admitted-on", "2015-07-01")  # fmt: skip
    r = refused("away", "新人", "--to", "深圳", "--from", "2026-04-01")
    assert "--from" in r and "加入" in r
    branch.ok("dev", "apply", "申请人", "--on", "2025-03-01", "--birth-date", "1995-01-01",
              "--gender", "男")  # fmt: skip
    r = refused("away", "申请人", "--to", "深圳", "--from", "2026-04-01")
    assert "--from" in r and "不是党员" in r
    # overlapping spans, back before the first day or when not away, reports when not away
    assert "REF" in refused("back", "张伟", "--on", "2026-05-01")
    assert "--on" in refused("away-report", "张伟", "--on", "2026-05-01")
    branch.ok("member", "away", "张伟", "--to", "深圳", "--from", "2026-04-01", "--until",
              "2026-06-30")  # fmt: skip
    r = refused("away", "张伟", "--to", "广州", "--from", "2026-06-15")
    assert "--from" in r and "重叠" in r
    r = refused("away", "张伟", "--to", "广州", "--from", "2026-01-01", "--until", "2026-04-01")
    assert "--from" in r
    assert "--on" in refused("back", "张伟", "--on", "2026-03-01")
    assert "--on" in refused("back", "张伟", "--on", "2026-04-01")
    assert "--on" in refused("away-report", "张伟", "--on", "2026-07-02")
    branch.ok("member", "away-report", "张伟", "--on", "2026-05-02")
    assert "--on" in refused("away-report", "张伟", "--on", "2026-05-02")  # the same again
    # after the planned last day, another time away may begin
    branch.ok("member", "away", "张伟", "--to", "广州", "--from", "2026-07-01")
    r = refused("back", "李强", "--on", "2026-07-01")
    assert "REF" in r
    english = branch.refused(
        "--lang", "en", "member", "away", "张伟", "--to", "广州", "--from", "2026-08-01"
    ).stderr
    assert "--from" in english and "overlaps" in english
    assert branch.count("member_away") == 2


def test_voiding_an_away_record_and_member_void(branch: Cli) -> None:
    branch.ok("member", "away", "李强", "--to", "深圳", "--from", "2026-04-01")
    [(rid,)] = branch.sql("SELECT id FROM member_away")
    # a person an away record names cannot be voided as entered in error
    r = branch.refused("member", "void", "李强", "--reason", "重复录入")
    assert "away-void" in r.stderr
    assert "--reason" in branch.refused("member", "away-void", str(rid), "--reason", " ").stderr
    assert "ID" in branch.refused("member", "away-void", "999", "--reason", "录错").stderr
    branch.ok("member", "away-void", str(rid), "--reason", "录错人员")
    assert "ID" in branch.refused("member", "away-void", str(rid), "--reason", "再次").stderr
    assert branch.count("member_away") == 1  # kept, read by nothing
    assert branch.json("member", "list", "--away", "--as-of", "2026-05-01") == []
    [entry] = branch.audit("member_away.void")
    assert entry["after"]["void_reason"] == "录错人员"
    # a written report, voided, is owed again
    branch.ok("member", "away", "王芳", "--to", "北京", "--from", "2026-04-01")
    branch.ok("member", "away-report", "王芳", "--on", "2026-05-02")
    [(report,)] = branch.sql("SELECT id FROM away_report")
    wf = _id(branch, "王芳")
    assert _away_reports(branch, "2026Q2", "2026-07-05")[f"member:{wf}"]["status"] == "ok"
    branch.ok("member", "away-report-void", str(report), "--reason", "重复")
    assert _away_reports(branch, "2026Q2", "2026-07-05")[f"member:{wf}"]["status"] == "short"
    # with the records void, the person entered in error can be voided too
    branch.ok("member", "away-void", str(rid + 1), "--reason", "录错人员")
    branch.ok("member", "void", "王芳", "--reason", "重复录入")
    # the member whose away record was void is expected at meetings as ever
    assert _meeting(branch, "2026-05-10")["expected"] == 3


def test_member_void_names_a_written_report(branch: Cli) -> None:
    branch.ok("member", "away", "王芳", "--to", "北京", "--from", "2026-04-01")
    branch.ok("member", "away-report", "王芳", "--on", "2026-05-02")
    [(rid,)] = branch.sql("SELECT id FROM member_away")
    branch.ok("member", "away-void", str(rid), "--reason", "录错")
    r = branch.refused("member", "void", "王芳", "--reason", "重复录入")
    assert "away-report-void" in r.stderr


def test_off_and_every_move_compliance_and_checklist_together(branch: Cli) -> None:
    """As test_profile_moves_together.py for the calendar rules: the away report switched off
    or made half-yearly moves compliance and the checklist alike."""
    branch.ok("member", "away", "张伟", "--to", "深圳", "--from", "2025-12-20")

    def seen() -> tuple[list[str], list[str]]:
        doc = branch.json("report", "compliance", "--period", "2026", "--as-of", "2027-01-10")
        gaps = [g for i in doc["items"] if i["code"] == "away_report" for g in i["gaps"]]
        tasks = branch.json("report", "checklist", "--quarter", "2026Q4", "--as-of", "2027-01-10")
        due = [t["due"] for t in tasks["tasks"] if t["code"] == "away_report"]
        return gaps, due

    assert seen() == (["2026Q1", "2026Q2", "2026Q3", "2026Q4"], ["2026-12-31"])
    branch.ok("rules", "set", "away_report", "--every", "half")
    assert seen() == (["2026H1", "2026H2"], ["2026-12-31"])
    branch.ok("rules", "set", "away_report", "--off")
    assert seen() == ([], [])
