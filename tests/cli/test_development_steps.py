"""Development steps one at a time, on small branches: what each step needs and when it is
due (half-year reviews, the candidates' records and training, the oath after approval,
conversion awaiting approval, reviews during an extension, reports of a transfer-in), what
`dev due` and `dev show` say as of a day, codes refused even with --force, the audit trail
of a step."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from conftest import Cli


def _members(ledger: Cli, *names: str) -> None:
    for name in names:
        ledger.add(name, "--admitted-on", "2010-01-01", "--full-on", "2011-01-01")


def _activist(ledger: Cli, name: str, applied: str, activist: str, *extra: str) -> None:
    """An applicant talked to ten days after applying, designated activist (contact 甲), with
    one review on 2025-09-01."""
    ledger.ok("dev", "apply", name, "--on", applied, "--birth-date", "1995-01-01",
              "--gender", "男")  # fmt: skip
    talk = date.fromisoformat(applied).replace(day=min(date.fromisoformat(applied).day + 10, 28))
    ledger.ok("dev", "log", name, "talk", "--on", talk.isoformat())
    ledger.ok("dev", "activist", name, "--on", activist, "--contacts", "甲", *extra)
    ledger.ok("dev", "log", name, "review", "--on", "2025-09-01")


def _candidate(ledger: Cli, name: str = "张三", members: bool = True) -> None:
    """An applicant of 2025-01-05, activist from 2025-02-01, candidate from 2026-02-02."""
    if members:
        _members(ledger, "甲", "乙", "丙")
    _activist(ledger, name, "2025-01-05", "2025-02-01", "--recommendation", "league")
    ledger.ok("dev", "candidate", name, "--on", "2026-02-02", "--introducers", "乙,丙")


def _full_members(ledger: Cli, n: int = 5) -> None:
    for i in range(1, n + 1):
        ledger.add(f"党员{i}", "--admitted-on", "2010-01-10", "--full-on", "2011-01-10")


def _step(ledger: Cli, who: str, step: str, *args: str) -> dict[str, Any] | None:
    rows = ledger.json("dev", "due", *args)
    return next((r for r in rows if r["name"] == who and r["step"] == step), None)


def test_approve_with_nothing_pending_is_refused(ledger: Cli) -> None:
    _members(ledger, "甲")  # admitted long before the ledger: no approval awaits
    err = ledger.refused("dev", "approve", "甲", "--on", "2026-01-01").stderr
    assert "甲" in err
    assert ledger.count("dev_event") == 0


def test_candidate_reviews_are_counted_by_calendar_half_as_dev_due_counts_them(
    ledger: Cli,
) -> None:
    # activist 2025-02-01: 2025H1 was begun before, so 2025H2 alone is owed; its review of
    # 2025-09-01 is enough, though more than six months lie between it and the designation
    _candidate(ledger)
    assert ledger.json("dev", "show", "张三")["stage"] == "candidate"


@pytest.mark.parametrize(
    ("activist_on", "partial"),
    [
        ("2025-01-01", False),  # activist on 2025H1's first day: 2025H1 is owed
        ("2025-02-01", True),  # begun part-way: owed once the profile counts partial halves
    ],
)
def test_a_missing_half_year_review_is_named_with_its_half(
    ledger: Cli, activist_on: str, partial: bool
) -> None:
    _members(ledger, "甲", "乙", "丙")
    if partial:
        ledger.ok("rules", "set", "partial_periods", "--on")
    _activist(ledger, "李四", "2024-12-02", activist_on)
    err = ledger.refused("dev", "candidate", "李四", "--on", "2026-02-02",
                         "--introducers", "乙,丙").stderr  # fmt: skip
    assert "2025-06-30" in err


def test_records_before_admission_are_the_candidates(ledger: Cli) -> None:
    _members(ledger, "甲", "乙", "丙")
    ledger.ok("dev", "apply", "王五", "--on", "2026-01-10", "--birth-date", "1990-01-01",
              "--gender", "男")  # fmt: skip
    for kind in ("political_review", "pre_review"):
        err = ledger.refused("dev", "log", "王五", kind, "--on", "2026-02-02").stderr
        assert "KIND" in err
    # an applicant's public notice is the activists' (seed 002), not the candidates'
    ledger.ok("dev", "log", "王五", "public_notice", "--on", "2026-02-02", "--until", "2026-02-06")
    # an applicant's or activist's training is not the candidates' training
    ledger.ok("dev", "log", "王五", "training", "--on", "2026-02-01", "--hours", "30")
    _candidate(ledger, "张三", members=False)
    ledger.ok("dev", "log", "张三", "training", "--on", "2026-01-20", "--hours", "30")
    ledger.ok("dev", "log", "张三", "political_review", "--on", "2026-02-10")
    ledger.ok("dev", "log", "张三", "pre_review", "--on", "2026-02-11")
    ledger.ok("dev", "log", "张三", "public_notice", "--on", "2026-02-25", "--until", "2026-03-03")
    ledger.ok("meeting", "add", "general", "--on", "2026-03-05")
    err = ledger.refused("dev", "admit", "张三", "--on", "2026-03-05", "--meeting", "1",
                         "--for", "3", "--against", "0").stderr  # fmt: skip
    assert "培训" in err or "training" in err


def test_the_oath_follows_the_approval(ledger: Cli) -> None:
    _candidate(ledger)
    ledger.ok("dev", "log", "张三", "training", "--on", "2026-02-03", "--hours", "30")
    ledger.ok("dev", "log", "张三", "political_review", "--on", "2026-02-10")
    ledger.ok("dev", "log", "张三", "pre_review", "--on", "2026-02-11")
    ledger.ok("dev", "log", "张三", "public_notice", "--on", "2026-02-25", "--until", "2026-03-02")
    ledger.ok("meeting", "add", "general", "--on", "2026-03-03")
    ledger.ok("dev", "admit", "张三", "--on", "2026-03-03", "--meeting", "1", "--for", "3",
              "--against", "0")  # fmt: skip
    ledger.refused("dev", "log", "张三", "oath", "--on", "2026-03-05")
    ledger.ok("dev", "approve", "张三", "--on", "2026-04-01")
    assert "2026-04-01" in ledger.refused("dev", "log", "张三", "oath", "--on", "2026-03-30").stderr
    ledger.ok("dev", "log", "张三", "oath", "--on", "2026-04-02")


def test_a_course_running_on_the_designation_day_counts_as_the_candidates_training(
    ledger: Cli,
) -> None:
    _candidate(ledger)  # candidate from 2026-02-02
    ledger.ok("dev", "log", "张三", "training", "--on", "2026-01-30", "--until", "2026-02-05")
    ledger.ok("dev", "log", "张三", "political_review", "--on", "2026-02-10")
    ledger.ok("dev", "log", "张三", "pre_review", "--on", "2026-02-11")
    ledger.ok("dev", "log", "张三", "public_notice", "--on", "2026-02-25", "--until", "2026-03-02")
    ledger.ok("meeting", "add", "general", "--on", "2026-03-03")
    ledger.ok("dev", "admit", "张三", "--on", "2026-03-03", "--meeting", "1", "--for", "3",
              "--against", "0")  # fmt: skip


def test_dev_due_as_of_a_day_ignores_what_was_recorded_after_it(ledger: Cli) -> None:
    _members(ledger, "甲")
    ledger.ok("dev", "apply", "甲申", "--on", "2026-01-10", "--birth-date", "1990-01-01",
              "--gender", "男")  # fmt: skip
    ledger.ok("dev", "log", "甲申", "talk", "--on", "2026-03-01")
    due = ledger.json("dev", "due", "--as-of", "2026-02-15")
    assert [(d["step"], d["due"], d["overdue"], d["flag"]) for d in due] == [
        ("talk", "2026-02-10", True, "talk_overdue")
    ]
    assert ledger.json("dev", "due", "--as-of", "2026-03-15") == [] or all(
        d["step"] != "talk" for d in ledger.json("dev", "due", "--as-of", "2026-03-15")
    )


def test_dev_show_as_of_a_day_reads_the_file_as_it_stood(ledger: Cli) -> None:
    _members(ledger, "甲")
    ledger.ok("dev", "apply", "甲申", "--on", "2026-01-10", "--birth-date", "1990-01-01",
              "--gender", "男")  # fmt: skip
    ledger.ok("dev", "log", "甲申", "talk", "--on", "2026-03-01")
    doc = ledger.json("dev", "show", "甲申", "--as-of", "2026-02-15")
    assert [s["step"] for s in doc["next"]] == ["talk"]


def test_dev_show_states_the_recommendation(ledger: Cli) -> None:
    _candidate(ledger)
    doc = ledger.json("dev", "show", "张三")
    designation = next(e for e in doc["events"] if e["kind"] == "activist")
    assert designation["recommendation"] == "league"
    assert "群团组织推优" in ledger.ok("dev", "show", "张三", "-f", "plain").stdout


def test_an_overdue_report_does_not_hide_the_one_coming_up(ledger: Cli) -> None:
    _members(ledger, "甲", "乙", "丙")
    ledger.add("P", "--admitted-on", "2026-03-15", stage="probationary")
    due = ledger.json("dev", "due", "--as-of", "2026-11-25", "--within", "60")
    steps = {(d["step"], d["due"], d["overdue"]) for d in due}
    assert ("thought_report", "2026-09-30", True) in steps
    assert ("thought_report", "2026-12-31", False) in steps
    assert ("probation_review", "2026-12-31", False) in steps


def test_quarterly_records_are_due_by_calendar_quarter(ledger: Cli) -> None:
    _members(ledger, "甲", "乙", "丙")
    ledger.add("P", "--admitted-on", "2026-02-10", stage="probationary")

    def reports(on: str, *records: str) -> list[tuple[str, bool]]:
        due = ledger.json("dev", "due", "--as-of", on, "--within", "200")
        return [(d["due"], d["overdue"]) for d in due if d["step"] == "thought_report"]

    # nothing yet in Q2, Q1 did not count (not probationary on 1 January): due at Q2's end
    assert reports("2026-05-01") == [("2026-06-30", False)]
    # Q2 passed without a report: overdue since 30 June, and Q3's is coming up all the same
    assert reports("2026-07-15") == [("2026-06-30", True), ("2026-09-30", False)]
    # Q2 and Q3 done: the next one is Q4's
    ledger.ok("dev", "log", "P", "thought_report", "--on", "2026-05-03")
    ledger.ok("dev", "log", "P", "thought_report", "--on", "2026-08-01")
    assert reports("2026-08-20") == [("2026-12-31", False)]


def test_a_transfer_in_owes_reports_from_joining_in_dev_due_as_in_compliance(
    ledger: Cli,
) -> None:
    _members(ledger, "甲", "乙", "丙")
    ledger.ok("member", "transfer-in", "T", "--gender", "男", "--from", "某支部", "--on",
              "2026-08-20", "--stage", "probationary", "--admitted-on", "2026-05-01")  # fmt: skip
    due = ledger.json("dev", "due", "--as-of", "2026-10-05", "--within", "100")
    steps = {(d["step"], d["due"], d["overdue"]) for d in due if d["name"] == "T"}
    # not in this branch on 1 July: 2026Q3 is not owed here, 2026Q4 is
    assert ("thought_report", "2026-09-30", True) not in steps
    assert ("thought_report", "2026-12-31", False) in steps
    doc = ledger.json("report", "compliance", "--period", "2026Q3", "--as-of", "2026-11-25")
    assert not [i for i in doc["items"] if i["scope"] == "member:4"]


def test_a_conversion_voted_here_awaits_approval_for_a_member_entered_from_the_roster(
    ledger: Cli,
) -> None:
    _full_members(ledger)
    ledger.add("预备乙", "--stage", "probationary", "--admitted-on", "2025-10-01")
    ledger.ok("meeting", "add", "general", "--on", "2026-10-15")
    ledger.ok(
        "dev",
        "convert",
        "预备乙",
        "--on",
        "2026-10-15",
        "--meeting",
        "1",
        "--for",
        "4",
        "--against",
        "0",
    )
    step = _step(ledger, "预备乙", "approve", "--as-of", "2027-02-01", "--within", "400")
    assert step is not None and step["due"] == "2027-01-15" and step["overdue"] is True
    findings = ledger.json("report", "compliance", "--as-of", "2027-02-01")["findings"]
    assert ("approval_overdue", "预备乙") in {(f["kind"], f["name"]) for f in findings}


def test_reviews_during_an_extension_count_from_the_extension(ledger: Cli) -> None:
    _full_members(ledger)
    ledger.add("预备甲", "--stage", "probationary", "--admitted-on", "2025-10-01")
    ledger.ok("dev", "log", "预备甲", "review", "--on", "2025-11-15")
    ledger.ok("meeting", "add", "general", "--on", "2026-10-15")
    ledger.ok("dev", "extend", "预备甲", "--on", "2026-10-15", "--months", "6", "--meeting", "1")
    step = _step(ledger, "预备甲", "probation_review", "--as-of", "2026-10-16", "--within", "100")
    # seed 001: every two months during the extension, which began when the year ended
    assert step is not None and (step["due"], step["overdue"]) == ("2026-12-01", False)


def test_a_probationary_member_owes_no_report_for_the_quarter_they_entered(ledger: Cli) -> None:
    ledger.add("新", "--stage", "probationary", "--admitted-on", "2026-05-20")
    step = _step(ledger, "新", "thought_report", "--as-of", "2026-06-01", "--within", "200")
    assert step is not None and step["due"] == "2026-09-30"


def test_a_bad_code_is_refused_even_with_force(ledger: Cli) -> None:
    _full_members(ledger, 1)
    ledger.ok(
        "dev", "apply", "乙", "--on", "2025-01-06", "--birth-date", "2000-01-01", "--gender", "女"
    )
    err = ledger.refused(
        "dev",
        "activist",
        "乙",
        "--on",
        "2025-03-03",
        "--contacts",
        "党员1",
        "--recommendation",
        "bogus",
        "--force",
        "--reason",
        "补录",
    ).stderr
    assert "--recommendation" in err


def test_born_on_29_february_one_turns_18_on_1_march(ledger: Cli) -> None:
    err = ledger.refused(
        "dev", "apply", "闰", "--on", "2026-02-28", "--birth-date", "2008-02-29", "--gender", "男"
    ).stderr
    assert "2026-03-01" in err
    ledger.ok(
        "dev", "apply", "闰", "--on", "2026-03-01", "--birth-date", "2008-02-29", "--gender", "男"
    )


def test_a_steps_stage_change_and_parties_are_in_the_audit_trail(ledger: Cli) -> None:
    _full_members(ledger, 2)
    ledger.ok(
        "dev", "apply", "乙", "--on", "2025-01-06", "--birth-date", "2000-01-01", "--gender", "女"
    )
    ledger.ok("dev", "log", "乙", "talk", "--on", "2025-01-20", "--by", "党员1")
    ledger.ok("dev", "activist", "乙", "--on", "2025-03-03", "--contacts", "党员1,党员2")
    tables = [
        (a["action"], a["table_name"]) for a in ledger.audit() if a["action"].startswith("dev.")
    ]
    assert ("dev.activist", "dev_event") in tables and ("dev.activist", "stage_event") in tables
    assert tables.count(("dev.contact", "dev_party")) == 2
    assert ledger.count("dev_party") == 2
