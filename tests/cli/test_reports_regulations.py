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
    assert {(f["member_id"], f["name"]) for f in short if "talk" in f["detail"]} == {
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
