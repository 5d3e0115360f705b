"""Dues, development and roster points found by reading the commands against CLI.md and
RULES.md: a back-dated hand-over cannot take money already handed over later, the statement
as of a day counts that day's hand-overs, a conversion voted here awaits approval whoever the
member was entered by, extension reviews count from the extension, codes are refused even
with --force, the step's stage change and parties are in the audit trail, phones stay masked
in errors, a departure dated before recorded meetings is pointed out."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from conftest import Cli


def _full_members(ledger: Cli, n: int = 5) -> None:
    for i in range(1, n + 1):
        ledger.add(f"党员{i}", "--admitted-on", "2010-01-10", "--full-on", "2011-01-10")


def _step(ledger: Cli, who: str, step: str, *args: str) -> dict[str, Any] | None:
    rows = ledger.json("dev", "due", *args)
    return next((r for r in rows if r["name"] == who and r["step"] == step), None)


def test_a_back_dated_hand_over_may_not_take_what_a_later_one_took(ledger: Cli) -> None:
    ledger.add("甲", "--admitted-on", "2020-01-10")
    ledger.ok("dues", "base", "甲", "--income", "4000", "--from", "2026-01")
    ledger.ok("dues", "pay", "甲", "--months", "2026-01..2026-10", "--on", "2026-11-01")  # 400
    ledger.ok("dues", "remit", "--period", "2026Q3", "--amount", "300", "--on", "2026-11-20")
    err = ledger.refused(
        "dues", "remit", "--period", "2026Q4", "--amount", "300", "--on", "2026-11-02"
    ).stderr
    assert "--amount" in err and "100.00" in err and "2026-11-20" in err
    ledger.ok("dues", "remit", "--period", "2026Q4", "--amount", "100", "--on", "2026-11-02")
    totals = ledger.json("dues", "statement", "--year", "2026")["totals"]
    assert (totals["remitted"], totals["balance"]) == ("400.00", "0.00")


def test_the_statement_as_of_a_day_counts_the_hand_overs_made_by_then(ledger: Cli) -> None:
    ledger.add("甲", "--admitted-on", "2020-01-10")
    ledger.ok("dues", "base", "甲", "--income", "4000", "--from", "2026-01")
    ledger.ok("dues", "pay", "甲", "--months", "2026-01..2026-10", "--on", "2026-11-01")
    ledger.ok("dues", "remit", "--period", "2026Q3", "--amount", "300", "--on", "2026-11-02")
    ledger.ok("dues", "remit", "--period", "2026Q4", "--amount", "100", "--on", "2026-11-20")
    totals = ledger.json("dues", "statement", "--year", "2026", "--as-of", "2026-11-10")["totals"]
    assert (totals["collected"], totals["remitted"], totals["balance"]) == (
        "400.00",
        "300.00",
        "100.00",
    )


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


def test_phones_stay_masked_in_refusals(ledger: Cli, tmp_path: Any) -> None:
    err = ledger.refused(
        "member", "add", "P", "--gender", "男", "--stage", "full", "--phone", "13800000001转12"
    ).stderr
    assert "13800000001" not in err and "--phone" in err
    roster = tmp_path / "r.csv"
    roster.write_text(
        "姓名,性别,人员类别,联系电话\nP,男,正式党员,13800000001/13900000002\n", encoding="utf-8"
    )
    err = ledger.refused("member", "import", roster).stderr
    assert "13800000001" not in err and "13900000002" not in err


def test_unknown_columns_are_named_when_rows_are_refused(ledger: Cli, tmp_path: Any) -> None:
    roster = tmp_path / "r.csv"
    roster.write_text("姓名,性别,人员类别,备注,籍贯\n甲,男,XX\n乙,男,正式党员\n", encoding="utf-8")
    err = ledger.refused("member", "import", roster, "--dry-run").stderr
    assert "备注" in err and "籍贯" in err and "第 2 行" in err


def test_a_departure_dated_before_recorded_meetings_is_pointed_out(ledger: Cli) -> None:
    for name in ("甲", "乙", "丙", "丁", "戊"):
        ledger.add(name)
    ledger.ok("meeting", "add", "general", "--on", "2026-11-20", "--absent", "甲,乙,丙")
    result = ledger.ok("member", "leave", "甲", "--reason", "deceased", "--on", "2026-11-01")
    assert "甲" in result.stderr and "1" in result.stderr
    quiet = ledger.ok("member", "leave", "乙", "--reason", "withdrew", "--on", "2026-11-21")
    assert quiet.stderr == ""  # no meeting after that day lists 乙


def test_an_attendance_option_given_twice_counts_both(ledger: Cli) -> None:
    for name in ("甲", "乙", "丙"):
        ledger.add(name)
    ledger.ok(
        "meeting", "add", "theme_day", "--on", "2026-11-20", "--absent", "甲", "--absent", "乙:病假"
    )
    shown = ledger.json("meeting", "show", "1")
    assert {a["name"]: a["status"] for a in shown["attendance"]} == {
        "甲": "absent",
        "乙": "absent",
        "丙": "present",
    }
    assert (shown["expected"], shown["present"]) == (3, 1)


def test_a_back_dated_hand_over_may_not_take_what_a_later_reversal_took_back(
    ledger: Cli,
) -> None:
    ledger.add("张伟", "--admitted-on", "2020-01-01")
    ledger.ok("dues", "base", "张伟", "--fixed", "100", "--from", "2026-01")
    ledger.ok("dues", "pay", "张伟", "--month", "2026-01", "--on", "2026-01-05")
    ledger.ok("dues", "reverse", "1", "--reason", "录入错误")  # dated today
    err = ledger.refused(
        "dues", "remit", "--period", "2026Q1", "--amount", "100", "--on", "2026-02-01"
    ).stderr
    assert "--amount" in err and "0.00" in err
