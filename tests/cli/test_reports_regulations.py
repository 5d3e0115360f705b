"""Reports as the contract and the regulations read them, on small branches built for each
point: `--as-of` sees only what was done by then, a secretary alone is no committee, a
hand-over counts for every quarter it covers, the year report's files hold one sheet per
section and everything its JSON holds, changes count what happened in this branch."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from conftest import Cli


def _branch(ledger: Cli) -> None:
    """One member from July 2026 paying dues, a lecture in late September, the third
    quarter's money handed over in October and the year's statement published in November."""
    ledger.add("甲", "--joined-on", "2026-07-01")
    ledger.ok("dues", "base", "甲", "--income", "4000", "--from", "2026-07")
    ledger.ok("dues", "pay", "甲", "--months", "2026-07..2026-09", "--on", "2026-07-10")
    ledger.ok("meeting", "add", "lecture", "--on", "2026-09-26")
    ledger.ok("dues", "remit", "--period", "2026Q3", "--amount", "120", "--on", "2026-10-08")
    ledger.ok("dues", "statement", "--year", "2026", "--publish", "--on", "2026-11-20")


def _item(doc: dict[str, Any], code: str) -> dict[str, Any]:
    return next(i for i in doc["items"] if i["code"] == code)


def _task(doc: dict[str, Any], code: str) -> dict[str, Any]:
    return next(t for t in doc["tasks"] if t["code"] == code)


def _members(ledger: Cli, *names: str) -> None:
    for name in names:
        ledger.add(name, "--admitted-on", "2010-01-01", "--full-on", "2011-01-01")


def test_compliance_as_of_a_day_counts_only_what_was_done_by_then(ledger: Cli) -> None:
    _branch(ledger)
    before = ledger.json("report", "compliance", "--period", "2026", "--as-of", "2026-09-25")
    for code in ("lecture", "dues_remit", "dues_statement"):
        assert _item(before, code)["done"] == 0, code
    after = ledger.json("report", "compliance", "--period", "2026", "--as-of", "2026-11-25")
    assert [_item(after, c)["done"] for c in ("lecture", "dues_remit", "dues_statement")] == [
        1,
        1,
        1,
    ]


def test_the_checklist_as_of_a_day_counts_only_what_was_done_by_then(ledger: Cli) -> None:
    _branch(ledger)
    early = ledger.json("report", "checklist", "--quarter", "2026Q3", "--as-of", "2026-09-25")
    assert (_task(early, "lecture")["done"], _task(early, "lecture")["done_on"]) == (False, None)
    assert (_task(early, "dues_remit")["done"], _task(early, "dues_remit")["done_on"]) == (
        False,
        None,
    )
    late = ledger.json("report", "checklist", "--quarter", "2026Q3", "--as-of", "2026-11-25")
    assert _task(late, "lecture")["done_on"] == "2026-09-26"
    assert _task(late, "dues_remit")["done_on"] == "2026-10-08"
    q4 = ledger.json("report", "checklist", "--quarter", "2026Q4", "--as-of", "2026-11-10")
    assert _task(q4, "dues_statement")["done"] is False  # published on 11-20


def test_a_half_years_hand_over_counts_for_both_its_quarters(ledger: Cli) -> None:
    ledger.add("甲")
    ledger.ok("dues", "base", "甲", "--income", "4000", "--from", "2026-01")
    ledger.ok("dues", "pay", "甲", "--months", "2026-01..2026-06", "--on", "2026-06-10")
    ledger.ok("dues", "remit", "--period", "2026H1", "--amount", "240", "--on", "2026-07-05")
    doc = ledger.json("report", "compliance", "--period", "2026H1", "--as-of", "2026-11-25")
    remit = _item(doc, "dues_remit")
    assert (remit["required"], remit["done"], remit["status"]) == (2, 2, "ok")
    q2 = ledger.json("report", "checklist", "--quarter", "2026Q2", "--as-of", "2026-11-25")
    assert _task(q2, "dues_remit")["done_on"] == "2026-07-05"


def test_a_secretary_alone_is_no_committee(ledger: Cli) -> None:
    for name in ("甲", "乙", "丙", "丁", "戊", "己", "庚"):
        ledger.add(name)
    ledger.ok("committee", "set", "甲", "secretary", "--from", "2026-01-01")
    ledger.ok("committee", "set", "乙", "deputy_secretary", "--from", "2026-01-01")
    doc = ledger.json("report", "compliance", "--period", "2026Q3", "--as-of", "2026-11-25")
    # 支部条例: seven members elect a committee; a secretary and a deputy are not one
    assert "no_committee" in [f["kind"] for f in doc["findings"]]
    assert "committee_meeting" not in {i["code"] for i in doc["items"]}
    tasks = ledger.json("report", "checklist", "--quarter", "2026Q3", "--as-of", "2026-11-25")
    assert "committee_meeting" not in {t["code"] for t in tasks["tasks"]}
    ledger.ok("committee", "set", "丙", "organization", "--from", "2026-08-01")
    doc = ledger.json("report", "compliance", "--period", "2026Q3", "--as-of", "2026-11-25")
    assert "no_committee" not in [f["kind"] for f in doc["findings"]]
    committee = _item(doc, "committee_meeting")  # from the month the committee stands
    assert (committee["required"], committee["gaps"]) == (2, ["2026-08", "2026-09"])


def test_the_year_reports_files_have_one_sheet_per_section_and_the_arrears(
    demo_ledger: Cli, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    demo_ledger.ok("report", "year", "2026", "--output", tmp_path / "y.xlsx")
    demo_ledger.ok("report", "year", "2026", "--output", tmp_path / "y.md")
    book = load_workbook(tmp_path / "y.xlsx", read_only=True)
    assert len(book.sheetnames) == 7  # the seven sections of RULES.md "Year-end report"
    assert [n[:2] for n in book.sheetnames] == [
        "一、",
        "二、",
        "三、",
        "四、",
        "五、",
        "六、",
        "七、",
    ]
    dues = [
        [c for c in row if c is not None] for row in book["四、党费"].iter_rows(values_only=True)
    ]
    doc = demo_ledger.json("report", "year", "2026")
    owing = {a["name"] for a in doc["dues"]["arrears"]}
    assert owing and owing <= {row[0] for row in dues if row}
    assert ["月份", "应交", "实收"] in dues
    book.close()
    text = (tmp_path / "y.md").read_text(encoding="utf-8")
    assert all(name in text for name in owing) and "离开合计" in text


def test_year_findings_name_the_member_and_every_requirement_has_a_line(ledger: Cli) -> None:
    ledger.add("甲")
    ledger.add("乙")
    doc = ledger.json("report", "year", "2026", "--as-of", "2027-01-31")
    short = [f for f in doc["findings"] if f["kind"] == "short" and f["member_id"] is not None]
    assert {(f["member_id"], f["name"]) for f in short if f["code"] == "talk"} == {
        (1, "甲"),
        (2, "乙"),
    }
    talk = next(r for r in doc["meetings"]["requirements"] if r["code"] == "talk")
    assert (talk["scope"], talk["required"], talk["done"], talk["status"]) == (
        "members",
        2,
        0,
        "short",
    )
    assert (talk["members"], talk["members_short"]) == (2, 2)


def test_changes_count_admissions_made_in_this_branch(ledger: Cli) -> None:
    ledger.add("本支部", "--stage", "probationary", "--admitted-on", "2026-03-01")
    ledger.add(
        "转入者",
        "--stage",
        "probationary",
        "--admitted-on",
        "2026-02-01",
        "--joined-on",
        "2026-06-01",
    )
    doc = ledger.json("report", "year", "2026", "--as-of", "2026-11-25")
    assert doc["changes"]["admitted"] == 1 and doc["development"]["admitted"] == 1
    assert doc["membership"]["probationary"] == 2


def test_groups_without_members_in_a_year_owe_no_meetings(ledger: Cli) -> None:
    ledger.ok("group", "add", "第一党小组")
    ledger.add("甲", "--joined-on", "2026-05-01", "--group", "第一党小组")
    doc = ledger.json("report", "compliance", "--period", "2025", "--as-of", "2026-11-25")
    assert not [i for i in doc["items"] if i["scope"].startswith("group:")]


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("--min", "31"), "--min"),
        (("--value", "31"), "--value"),
        (("--value", "20", "--min", "5"), "--min"),
        (("--every", "month"), "--every"),
    ],
)
def test_the_deadline_day_is_refused_naming_the_option_given(
    ledger: Cli, args: tuple[str, ...], field: str
) -> None:
    err = ledger.refused("rules", "set", "dues_deadline_day", *args).stderr
    assert err.count("\n") == 1 and field in err


def test_the_deadline_day_may_be_set_with_min_as_cli_md_writes_rules_set(ledger: Cli) -> None:
    ledger.ok("rules", "set", "dues_deadline_day", "--min", "25")
    rules = ledger.json("rules", "show")
    day = rules if isinstance(rules, dict) else {r["code"]: r for r in rules}
    assert json.dumps(day, ensure_ascii=False).count("25") >= 1


@pytest.mark.parametrize("args", [("compliance", "--period", ""), ("checklist", "--quarter", "")])
def test_an_empty_period_is_refused(ledger: Cli, args: tuple[str, ...]) -> None:
    err = ledger.refused("report", *args).stderr
    assert err.count("\n") == 1 and args[1] in err


def test_a_quarters_checklist_lists_no_step_due_after_it(demo_ledger: Cli) -> None:
    steps: Callable[[str], set[str]] = lambda q: {  # noqa: E731
        t["due"]
        for t in demo_ledger.json("report", "checklist", "--quarter", q, "--as-of", "2026-11-25")[
            "tasks"
        ]
        if t["category"] == "development"
    }
    assert all(due <= "2026-03-31" for due in steps("2026Q1"))
    assert any(due > "2026-03-31" for due in steps("2026Q4"))


def test_one_hand_over_counts_once_in_each_period_it_covers(ledger: Cli) -> None:
    ledger.add("甲")
    ledger.ok("dues", "base", "甲", "--income", "4000", "--from", "2026-01")
    ledger.ok("dues", "pay", "甲", "--months", "2026-01..2026-06", "--on", "2026-06-10")
    ledger.ok("dues", "remit", "--period", "2026Q1", "--amount", "120", "--on", "2026-07-05")
    ledger.ok("rules", "set", "dues_remit", "--every", "quarter", "--min", "2")
    doc = ledger.json("report", "compliance", "--period", "2026Q1", "--as-of", "2026-11-25")
    remit = _item(doc, "dues_remit")
    assert (remit["required"], remit["done"], remit["status"]) == (2, 1, "short")
    ledger.ok("rules", "set", "dues_remit", "--every", "year", "--min", "4")
    doc = ledger.json("report", "compliance", "--period", "2026", "--as-of", "2027-01-31")
    assert _item(doc, "dues_remit")["done"] == 1


def test_a_group_owes_no_meeting_in_months_it_had_no_members(ledger: Cli) -> None:
    ledger.ok("group", "add", "一组")
    ledger.ok("group", "add", "二组")
    for name in ("甲", "乙", "丙"):
        ledger.add(name, "--admitted-on", "2010-01-01", "--group", "一组")
    ledger.ok("member", "edit", "丙", "--group", "二组", "--on", "2026-08-20")
    ledger.refused("meeting", "add", "group", "--group", "二组", "--on", "2026-07-15")
    ledger.ok("meeting", "add", "group", "--group", "二组", "--on", "2026-08-25")
    ledger.ok("meeting", "add", "group", "--group", "二组", "--on", "2026-09-25")
    doc = ledger.json("report", "compliance", "--period", "2026Q3", "--as-of", "2026-11-25")
    second = next(i for i in doc["items"] if i["scope"] == "group:二组")
    assert (second["required"], second["done"], second["status"], second["gaps"]) == (
        2, 2, "ok", []
    )  # fmt: skip
    checklist = ledger.json("report", "checklist", "--quarter", "2026Q3", "--as-of", "2026-11-25")
    assert sorted(t["due"] for t in checklist["tasks"] if "二组" in t["title"]) == [
        "2026-08-31",
        "2026-09-30",
    ]


def test_a_group_of_applicants_owes_no_meeting(ledger: Cli) -> None:
    _members(ledger, "甲", "乙", "丙")
    ledger.ok("group", "add", "二组")
    ledger.ok("dev", "apply", "申", "--on", "2026-01-05", "--birth-date", "1990-01-01",
              "--gender", "男", "--group", "二组")  # fmt: skip
    doc = ledger.json("report", "compliance", "--period", "2026Q1", "--as-of", "2026-11-25")
    assert not [i for i in doc["items"] if i["scope"] == "group:二组"]


def test_nothing_is_owed_before_the_branch_had_members_or_dues(ledger: Cli) -> None:
    for name in ("甲", "乙", "丙"):
        ledger.add(name, "--admitted-on", "2010-01-01", "--joined-on", "2026-08-20")
    ledger.refused("meeting", "add", "theme_day", "--on", "2026-07-15")
    ledger.ok("dues", "base", "甲", "--income", "4500", "--from", "2026-10")
    doc = ledger.json("report", "compliance", "--period", "2026Q3", "--as-of", "2026-11-25")
    items = {i["code"]: i for i in doc["items"]}
    assert items["theme_day"]["gaps"] == ["2026-08", "2026-09"]
    assert "dues_remit" not in items  # the first month of dues is 2026-10
    tasks = ledger.json("report", "checklist", "--quarter", "2026Q3", "--as-of", "2026-11-25")
    assert not [t for t in tasks["tasks"] if "2026-07" in t["title"] or t["code"] == "dues_remit"]
    q4 = ledger.json("report", "compliance", "--period", "2026Q4", "--as-of", "2026-11-25")
    assert "dues_remit" in {i["code"] for i in q4["items"]}


def test_the_checklist_marks_no_candidate_step_overdue(demo_ledger: Cli) -> None:
    out = demo_ledger.ok("report", "checklist", "--quarter", "2026Q4", "--as-of", "2026-11-25",
                         "-f", "plain").stdout  # fmt: skip
    line = next(x for x in out.splitlines() if "列为发展对象" in x)
    assert line.lstrip().startswith("☐") and not line.lstrip().startswith("☐!")
    due = demo_ledger.json("dev", "due", "--as-of", "2026-11-25")
    assert [d["overdue"] for d in due if d["step"] == "candidate"] == [False]


def test_the_year_report_counts_every_band_and_no_dropped_applicant_as_left(ledger: Cli) -> None:
    _members(ledger, "甲", "乙", "丙")
    ledger.ok("dev", "apply", "午", "--on", "2026-03-01", "--birth-date", "1990-01-01",
              "--gender", "男")  # fmt: skip
    ledger.ok("dev", "drop", "午", "--on", "2026-04-01", "--reason", "本人放弃")
    doc = ledger.json("report", "year", "2026", "--as-of", "2026-11-25")
    bands = doc["membership"]["by_age_band"]
    assert list(bands)[:10] == ["≤30", "31–35", "36–40", "41–45", "46–50", "51–55", "56–60",
                                "61–70", "71–80", ">80"]  # fmt: skip
    assert bands["36–40"] == 0 and bands["unknown"] == 3  # no birth dates given
    assert set(doc["membership"]["by_gender"]) >= {"male", "female"}
    assert doc["changes"]["left"] == {}
    assert doc["development"]["dropped"] == 1


def test_the_running_years_age_bands_are_the_ages_on_31_december(ledger: Cli) -> None:
    ledger.add("Z1", "--birth-date", "1995-12-01", "--admitted-on", "2015-01-01", gender="女")
    ledger.add("Z2", "--birth-date", "1996-01-01", "--admitted-on", "2015-01-01")
    bands = ledger.json("report", "year", "2026", "--as-of", "2026-11-25")["membership"]
    # Z1 turns 31 on 2026-12-01, Z2 is 30 on 31 December
    assert (bands["by_age_band"]["31–35"], bands["by_age_band"]["≤30"]) == (1, 1)
    assert bands["ages_on"] == "2026-12-31"


def test_a_past_years_arrears_flag_counts_that_years_months(ledger: Cli) -> None:
    _members(ledger, "甲", "乙", "丙")
    ledger.ok("dues", "base", "乙", "--income", "4500", "--from", "2025-01")
    ledger.ok("dues", "pay", "乙", "--months", "2025-01..2025-09", "--on", "2025-09-10")
    doc = ledger.json("report", "year", "2025", "--as-of", "2026-11-25")
    (owing,) = doc["dues"]["arrears"]
    assert owing["owed_months"] == ["2025-10", "2025-11", "2025-12"]
    # three months of 2025: overdue, as the year's findings have it; 2026's unpaid months
    # make no lapse risk in the 2025 report
    assert owing["flag"] == "overdue"
    found = [f["kind"] for f in doc["findings"] if f["member_id"] == owing["id"]]
    assert "dues_overdue" in found and "dues_lapse_risk" not in found


def test_a_dropped_probationary_member_left_the_branch(ledger: Cli) -> None:
    _members(ledger, "甲", "乙", "丙")
    ledger.add("P", "--admitted-on", "2026-01-10", stage="probationary")
    ledger.ok("dev", "drop", "P", "--on", "2026-06-01", "--reason", "取消预备党员资格")
    doc = ledger.json("report", "year", "2026", "--as-of", "2026-11-25")
    assert doc["changes"]["left"] == {"dropped": 1}


def test_the_profile_can_count_partial_sub_periods(ledger: Cli) -> None:
    _members(ledger, "甲", "乙", "丙")
    pid = ledger.add("P", "--admitted-on", "2026-08-20", stage="probationary")

    def owed() -> set[str]:
        doc = ledger.json("report", "compliance", "--period", "2026Q3", "--as-of", "2026-11-25")
        return {i["code"] for i in doc["items"] if i["scope"] == f"member:{pid}"}

    assert owed() == set()  # by default Q3 is not owed: not probationary on 1 July
    rules = {r["code"]: r for r in ledger.json("rules", "show")}
    assert rules["partial_periods"]["enabled"] is False
    ledger.refused("rules", "set", "partial_periods", "--min", "2")
    ledger.ok("rules", "set", "partial_periods", "--on")
    assert owed() == {"thought_report", "probation_review", "talk"}  # 2026 begun as a member
    due = ledger.json("dev", "due", "--as-of", "2026-10-05")
    assert ("thought_report", "2026-09-30", True) in {
        (d["step"], d["due"], d["overdue"]) for d in due
    }
    assert ledger.audit("rules.set")[-1]["after"]["code"] == "partial_periods"


def test_partial_periods_owe_nothing_before_a_transfer_in_joined(ledger: Cli) -> None:
    _members(ledger, "甲", "乙", "丙")
    ledger.ok("member", "transfer-in", "T", "--gender", "男", "--from", "某支部", "--on",
              "2026-08-20", "--stage", "probationary", "--admitted-on", "2026-05-01")  # fmt: skip
    ledger.ok("rules", "set", "partial_periods", "--on")
    doc = ledger.json("report", "compliance", "--period", "2026Q2", "--as-of", "2026-11-25")
    quarterly = {"thought_report", "probation_review"}  # the year's talk is owed: 2026 began
    assert not [i for i in doc["items"] if i["scope"] == "member:4" and i["code"] in quarterly]
    # and dev due follows the profile for reviews as for reports
    pid = ledger.add("P", "--admitted-on", "2026-08-20", stage="probationary")
    due = ledger.json("dev", "due", "--as-of", "2026-10-05", "--within", "100")
    mine = {(d["step"], d["due"], d["overdue"]) for d in due if d["member_id"] == pid}
    assert ("probation_review", "2026-09-30", True) in mine
