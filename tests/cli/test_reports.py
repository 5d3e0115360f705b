"""Reports end to end on the sample branch: compliance finds exactly the gaps it was built
with, the checklist and year report keep the CLI.md shapes, the rule profile changes verdicts."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Cli

AS_OF = "2026-11-25"


@pytest.fixture
def demo(demo_ledger: Cli) -> Cli:
    """The sample branch (`dangwu demo`), a copy for each test."""
    return demo_ledger


def _names(led: Cli) -> dict[int, str]:
    return {m["id"]: m["name"] for m in led.json("member", "list", "--all")}


def test_compliance_finds_exactly_the_built_in_gaps(demo: Cli) -> None:
    doc = demo.json("report", "compliance", "--period", "2026Q3", "--as-of", AS_OF)
    assert doc["period"] == {"code": "2026Q3", "start": "2026-07-01", "end": "2026-09-30"}
    assert doc["as_of"] == AS_OF and doc["ok"] is False
    for item in doc["items"]:
        assert set(item) == {"code", "label", "scope", "required", "done", "status", "gaps"}
    short = {(i["code"], i["scope"]): i["gaps"] for i in doc["items"] if i["status"] == "short"}
    assert short == {
        ("committee_meeting", "branch"): ["2026-08"],
        ("group_meeting", "group:第三党小组"): ["2026-07", "2026-08", "2026-09"],
    }
    committee = next(i for i in doc["items"] if i["code"] == "committee_meeting")
    assert (committee["required"], committee["done"]) == (3, 2)
    names = _names(demo)
    found = sorted((f["kind"], names.get(f["member_id"])) for f in doc["findings"])
    assert found == [
        ("absent_six_months", "杨帆"),
        ("dues_lapse_risk", "杨帆"),
        ("dues_overdue", "陈静"),
        # no meeting attended and no dues paid for six months: the committee looks for him
        ("lost_candidate", "杨帆"),
        ("probation_expired", "黄磊"),
    ]
    assert all(set(f) >= {"kind", "member_id", "name", "detail"} for f in doc["findings"])
    assert demo("report", "compliance", "--period", "2026Q3", "--exit-code").exit_code == 3


def test_a_running_period_is_pending_not_short(demo: Cli) -> None:
    doc = demo.json("report", "compliance", "--period", "2026Q4", "--as-of", AS_OF)
    status = {(i["code"], i["scope"]): i["status"] for i in doc["items"]}
    assert status[("lecture", "branch")] == "pending"  # December can still hold it
    assert status[("committee_meeting", "branch")] == "pending"
    assert status[("general_meeting", "branch")] == "ok"
    assert not [i for i in doc["items"] if i["status"] == "short"]


def test_quorum_failures_do_not_count(demo: Cli) -> None:
    doc = demo.json("report", "compliance", "--period", "2025-07", "--as-of", AS_OF)
    # July 2025's general meeting missed its quorum; the quarter was saved in August
    q3 = demo.json("report", "compliance", "--period", "2025Q3", "--as-of", AS_OF)
    general = next(i for i in q3["items"] if i["code"] == "general_meeting")
    assert (general["done"], general["status"]) == (1, "ok")
    assert doc["period"]["code"] == "2025-07"


def test_the_rule_profile_changes_the_verdict(demo: Cli) -> None:
    demo.ok("rules", "set", "committee_meeting", "--every", "quarter", "--min", "1")
    doc = demo.json("report", "compliance", "--period", "2026Q3", "--as-of", AS_OF)
    committee = next(i for i in doc["items"] if i["code"] == "committee_meeting")
    assert (committee["required"], committee["status"], committee["gaps"]) == (1, "ok", [])
    demo.ok("rules", "set", "group_meeting", "--off")
    doc = demo.json("report", "compliance", "--period", "2026Q3", "--as-of", AS_OF)
    assert not [i for i in doc["items"] if i["status"] == "short"]
    shown = {r["code"]: r for r in demo.json("rules", "show")}
    assert (
        shown["committee_meeting"]["every"] == "quarter" and shown["committee_meeting"]["changed"]
    )
    assert shown["group_meeting"]["enabled"] is False
    assert shown["dues_deadline_day"]["value"] == 20
    assert demo.sql("SELECT COUNT(*) FROM audit_log WHERE action = 'rules.set'") == [(2,)]


@pytest.mark.parametrize(
    "args",
    [
        ["rules", "set", "meetings"],
        ["rules", "set", "study", "--every", "week"],
        ["rules", "set", "study", "--min", "0"],
        ["rules", "set", "study", "--min", "x"],
        ["rules", "set", "dues_deadline_day", "--value", "31"],
        ["rules", "set", "study"],
    ],
)
def test_rules_set_refusals(demo: Cli, args: list[str]) -> None:
    result = demo(*args)
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1


def test_deadline_day_moves_what_is_owed(demo: Cli) -> None:
    before = {
        m["name"]: m["owed_months"]
        for m in demo.json("dues", "status", "--as-of", "2026-11-22")["members"]
    }
    demo.ok("rules", "set", "dues_deadline_day", "--value", "25")
    after = {
        m["name"]: m["owed_months"]
        for m in demo.json("dues", "status", "--as-of", "2026-11-22")["members"]
    }
    assert before["陈静"][-1] == "2026-11" and after["陈静"][-1] == "2026-10"


def test_checklist_shape_and_order(demo: Cli) -> None:
    doc = demo.json("report", "checklist", "--quarter", "2026Q4", "--as-of", AS_OF)
    assert doc["quarter"] == "2026Q4" and doc["as_of"] == AS_OF
    keys = {"category", "code", "title", "due", "done", "done_on", "member_id"}
    assert all(set(t) == keys for t in doc["tasks"])
    assert {t["category"] for t in doc["tasks"]} == {
        "meeting",
        "dues",
        "development",
        "talk",
        "evaluation",
        "remit",
        "committee",  # the sample's term ends 2027-01-05: its election is on the checklist
    }
    overdue = [
        t for t in doc["tasks"] if not t["done"] and t["due"] < AS_OF and t["code"] != "candidate"
    ]
    assert doc["tasks"][: len(overdue)] == overdue  # overdue first
    # a candidate designation is dated by the earliest day it may be made: open, not overdue
    (eligible,) = [t for t in doc["tasks"] if t["code"] == "candidate"]
    assert eligible["due"] < AS_OF and eligible not in overdue
    codes = {(t["code"], t["member_id"] is None) for t in doc["tasks"]}
    for code in (
        "committee_meeting",
        "theme_day",
        "group_meeting",
        "general_meeting",
        "lecture",
        "org_life",
        "evaluation",
        "dues_month",
        "dues_statement",
        "dues_remit",
    ):
        assert (code, True) in codes, code
    general = next(t for t in doc["tasks"] if t["code"] == "general_meeting")
    assert (general["done"], general["done_on"]) == (True, "2026-11-18")
    names = _names(demo)
    people = {(t["code"], names.get(t["member_id"])) for t in doc["tasks"] if t["member_id"]}
    assert ("thought_report", "林涛") in people and ("convert", "黄磊") in people
    assert ("dues_month", "杨帆") in people
    out = demo.ok(
        "report", "checklist", "--quarter", "2026Q4", "--as-of", AS_OF, "-f", "plain"
    ).stdout
    assert "☑" in out and "☐" in out
    assert demo("report", "checklist", "--quarter", "2026H2").exit_code == 1


def test_year_report_sections_and_files(demo: Cli, tmp_path: Path) -> None:
    doc = demo.json("report", "year", "2025", "--as-of", AS_OF)
    assert {
        "year",
        "membership",
        "changes",
        "meetings",
        "dues",
        "development",
        "evaluation",
        "findings",
    } <= set(doc)
    m = doc["membership"]
    assert {
        "total",
        "full",
        "probationary",
        "by_gender",
        "by_ethnicity",
        "by_education",
        "by_age_band",
        "groups",
        "committee",
    } <= set(m)
    assert m["total"] == m["full"] + m["probationary"] == sum(m["by_gender"].values())
    assert sum(m["by_age_band"].values()) == m["total"]
    assert doc["changes"]["deceased"] == 1 and doc["changes"]["admitted"] == 2
    d = doc["dues"]
    assert {
        "due",
        "collected",
        "voluntary",
        "outstanding",
        "remitted",
        "balance",
        "by_month",
    } <= set(d)
    assert len(d["by_month"]) == 12 and set(d["by_month"][0]) == {"month", "due", "collected"}
    assert d["voluntary"] == "100.00" and d["published_on"] == "2026-01-16"
    assert doc["evaluation"]["grades"]["basic"] == 1
    md, xlsx = tmp_path / "y.md", tmp_path / "y.xlsx"
    demo.ok("report", "year", "2025", "--output", str(md))
    demo.ok("report", "year", "2025", "--output", str(xlsx))
    text = md.read_text(encoding="utf-8")
    # a title with the branch's name, then the sections (issue 19)
    assert text.startswith("# 示例机关第一党支部 2025年度党建工作报告") and "\n## 一、" in text
    assert (md.stat().st_mode & 0o777) == 0o600
    from openpyxl import load_workbook

    wb = load_workbook(xlsx, read_only=True)
    assert len(wb.sheetnames) >= 7
    wb.close()
    assert demo("report", "year", "2025", "--output", str(md)).exit_code == 1  # never overwrites
    assert demo("report", "year", "20x5").exit_code == 1


def test_an_empty_ledger_owes_nothing_and_reports_without_crashing(run: Cli) -> None:
    led = run
    led.ok("init", "--branch", "新支部")
    doc = led.json("report", "compliance", "--period", "2026Q1", "--as-of", AS_OF)
    # nobody to meet and no dues yet: nothing is owed before the first member
    assert doc["items"] == [] and doc["findings"] == []
    assert led.json("report", "year", "2026")["membership"]["total"] == 0
    led.ok("report", "checklist")


def test_year_report_is_the_year_as_it_stood(demo: Cli) -> None:
    doc = demo.json("report", "year", "2025", "--as-of", AS_OF)
    names = _names(demo)
    # 杨帆 stopped attending and paying in 2026: the 2025 report does not hold it against him
    assert "杨帆" not in {names.get(f["member_id"]) for f in doc["findings"]}
    low = doc["meetings"]["below_60_percent"]
    assert all(x["rate"] < 0.6 for x in low)
    assert doc["development"]["admitted"] == doc["changes"]["admitted"] == 2
    assert demo("report", "year", "2026", "--as-of", "2025-06-01").exit_code == 1
    assert demo("report", "compliance", "--period", "1800").exit_code == 1


def test_below_60_percent_counts_leave_as_missed_and_exempt_as_not_expected(
    ledger: Cli,
) -> None:
    led = ledger
    for name in ("甲", "乙", "丙", "丁"):
        led.ok("member", "add", name, "--gender", "男", "--stage", "full")
    # 甲 on leave 3 of 5 (rate 0.4); 乙 absent 2 of 5 (0.6: not below); 丙 exempt 4 times and
    # present once (1.0); 丁 at every meeting
    days = ["2026-01-10", "2026-02-10", "2026-03-10", "2026-04-10", "2026-05-10"]
    for i, day in enumerate(days):
        args = ["meeting", "add", "general", "--on", day]
        if i < 3:
            args += ["--leave", "甲:出差"]
        if i < 2:
            args += ["--absent", "乙"]
        if i < 4:
            args += ["--exempt", "丙:外派"]
        led.ok(*args)
    low = led.json("report", "year", "2026", "--as-of", "2026-11-25")["meetings"][
        "below_60_percent"
    ]
    assert [(x["name"], x["rate"]) for x in low] == [("甲", 0.4)]


def test_year_report_reads_as_words_with_a_title_and_findings_as_sentences(
    demo_ledger: Cli, tmp_path: Path
) -> None:
    """Issue 19: the report handed to the higher committee opens with the branch and its
    higher committee, names every requirement, scope and finding in words (no code), and
    ends with the findings as sentences; .docx too. JSON keeps its codes."""
    import re

    import docx

    doc = demo_ledger.json("report", "year", "2026", "--as-of", "2026-12-05")
    short = [f for f in doc["findings"] if f["kind"] == "short"]
    assert short and all(f["code"] and f["scope"] and f["gaps"] for f in short)
    out = tmp_path / "y.docx"
    demo_ledger.ok("report", "year", "2026", "--as-of", "2026-12-05", "--output", str(out))
    assert (out.stat().st_mode & 0o777) == 0o600
    word = docx.Document(str(out))
    paragraphs = [p.text for p in word.paragraphs]
    cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
    assert paragraphs[0] == "示例机关第一党支部 2026年度党建工作报告"
    assert "示例机关党委" in paragraphs[1] and "2026-12-05" in paragraphs[1]
    assert "存在的问题：" in paragraphs
    sentences = [p for p in paragraphs if re.match(r"\d+\. ", p)]
    assert len(sentences) == len(doc["findings"]) and all(s.endswith("。") for s in sentences)
    assert any("杨帆" in s for s in sentences)
    # no requirement or finding code, no scope like member:10, anywhere in the pages
    text = "\n".join(paragraphs + cells)
    assert not re.search(r"[a-z]+_[a-z_]+|member:|group:|\bbranch\b|\d{4}Q\d", text), text
    markdown = demo_ledger.ok("report", "compliance", "-f", "markdown").stdout
    assert markdown.startswith("# 示例机关第一党支部 ") and "member:" not in markdown
    # an existing file is never overwritten
    assert demo_ledger.refused("report", "year", "2026", "--output", str(out)).exit_code == 1
