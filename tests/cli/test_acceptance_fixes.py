"""Contract gaps a black-box run against CLI.md and RULES.md found: each test fails without
its fix."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from conftest import Cli
from dangwu.rules.identity import make_id


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


# -- people ---------------------------------------------------------------------------------


def test_an_id_number_born_in_the_future_is_refused(ledger: Cli) -> None:
    future = make_id("110101", date(2030, 1, 5), 3, "female")
    err = ledger.refused("member", "add", "王", "--gender", "女", "--stage", "full",
                         "--id-number", future).stderr  # fmt: skip
    assert "--id-number" in err and "2030-01-05" in err
    assert ledger.count("person") == 0


def test_a_refusal_masks_an_id_or_phone_number_typed_as_a_reference(
    ledger: Cli, idn: Callable[..., str]
) -> None:
    number = idn()
    ledger.add("张伟", "--id-number", number, "--phone", "13801010003")
    for typed, shown in ((number, number[:6] + "********" + number[14:]),
                         ("13801010003", "138****0003")):  # fmt: skip
        err = ledger.refused("member", "show", typed).stderr
        assert typed not in err and shown in err
        err = ledger.refused("meeting", "add", "general", "--on", "2026-11-01",
                             "--absent", typed).stderr  # fmt: skip
        assert typed not in err and shown in err


# -- development ----------------------------------------------------------------------------


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
    for kind, extra in (("political_review", ()), ("pre_review", ()),
                        ("public_notice", ("--until", "2026-02-06"))):  # fmt: skip
        err = ledger.refused("dev", "log", "王五", kind, "--on", "2026-02-02", *extra).stderr
        assert "KIND" in err
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


def test_dev_show_states_the_recommendation(ledger: Cli) -> None:
    _candidate(ledger)
    doc = ledger.json("dev", "show", "张三")
    designation = next(e for e in doc["events"] if e["kind"] == "activist")
    assert designation["recommendation"] == "league"
    assert "群团组织推优" in ledger.ok("dev", "show", "张三", "-f", "plain").stdout


# -- organizational life --------------------------------------------------------------------


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


# -- setting up ------------------------------------------------------------------------------


def test_demo_takes_a_format_and_prints_one_json_document(ledger: Cli, tmp_path: Path) -> None:
    target = tmp_path / "demo.db"
    result = ledger("demo", "-f", "json", db=target)
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["ledger"] == str(target)
    assert set(doc["compliance"]) == {"period", "as_of", "items", "findings", "ok"}
    assert set(doc["checklist"]) == {"quarter", "as_of", "tasks"}
    refused = ledger("demo", "-f", "xml", db=tmp_path / "other.db")
    assert refused.exit_code == 1 and "--format" in refused.stderr
    assert not (tmp_path / "other.db").exists()


def test_transfer_out_states_the_month_paid_through(ledger: Cli) -> None:
    _members(ledger, "甲", "乙")
    ledger.ok("dues", "base", "甲", "--income", "4500", "--from", "2026-01")
    ledger.ok("dues", "pay", "甲", "--months", "2026-01..2026-06", "--on", "2026-05-01")
    out = ledger.ok("member", "transfer-out", "甲", "--to", "某局", "--on", "2026-05-10").stdout
    assert "2026-06" in out
    ledger.ok("dues", "base", "乙", "--income", "4500", "--from", "2026-01")
    ledger.ok("dues", "pay", "乙", "--months", "2026-01..2026-03", "--on", "2026-03-01")
    out = ledger.ok("member", "transfer-out", "乙", "--to", "某局", "--on", "2026-05-10",
                    "--force", "--reason", "欠费另行结算").stdout  # fmt: skip
    assert "2026-03" in out


# -- dues -----------------------------------------------------------------------------------


def test_a_base_raised_over_months_paid_is_refused_until_they_are_reversed(ledger: Cli) -> None:
    _members(ledger, "甲")
    ledger.ok("dues", "base", "甲", "--income", "4500", "--from", "2026-01")
    ledger.ok("dues", "pay", "甲", "--months", "2026-01..2026-06", "--on", "2026-06-10")
    err = ledger.refused("dues", "base", "甲", "--income", "6000", "--from", "2026-05").stderr
    assert "--from" in err and "2026-05..2026-06" in err and "2026-07" in err
    # the way the refusal names: reverse the months paid short, then pay them at the new due
    for entry in ledger.json("dues", "ledger", "--member", "甲"):
        if entry["month"] in ("2026-05", "2026-06"):
            ledger.ok("dues", "reverse", entry["id"], "--reason", "基数调整")
    ledger.ok("dues", "base", "甲", "--income", "6000", "--from", "2026-05")
    ledger.ok("dues", "pay", "甲", "--months", "2026-05..2026-06")
    by_month = {
        m["month"]: (m["due"], m["collected"])
        for m in ledger.json("dues", "statement", "--year", "2026")["by_month"]
    }
    assert by_month["2026-04"] == ("45.00", "45.00")
    assert by_month["2026-05"] == by_month["2026-06"] == ("90.00", "90.00")
    owing = ledger.json("dues", "status")["members"]
    assert all("2026-05" not in m["owed_months"] for m in owing)


def test_a_forced_base_over_months_paid_keeps_its_reason(ledger: Cli) -> None:
    _members(ledger, "甲")
    ledger.ok("dues", "base", "甲", "--income", "4500", "--from", "2026-01")
    ledger.ok("dues", "pay", "甲", "--month", "2026-01", "--on", "2026-01-10")
    ledger.refused("dues", "base", "甲", "--income", "6000", "--from", "2026-01", "--force")
    ledger.ok("dues", "base", "甲", "--income", "6000", "--from", "2026-01", "--force",
              "--reason", "补录历史基数")  # fmt: skip
    assert ledger.sql("SELECT reason FROM audit_log WHERE action = 'dues.base' ORDER BY id")[
        -1
    ] == ("补录历史基数",)


# -- reports --------------------------------------------------------------------------------


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


# -- output ---------------------------------------------------------------------------------


def test_markdown_is_a_format_of_every_command_that_prints(demo_ledger: Cli) -> None:
    for args in (("rules", "show"), ("dues", "statement", "--year", "2025"), ("member", "list")):
        out = demo_ledger.ok(*args, "-f", "markdown").stdout
        assert "|---" in out or "| ---" in out or "|--" in out, args


def test_chinese_output_has_chinese_labels(demo_ledger: Cli, tmp_path: Path) -> None:
    info = demo_ledger.ok("db", "info", "-f", "plain").stdout
    assert "账本位置" in info and "path" not in info.split()
    rules = demo_ledger.ok("rules", "show", "-f", "plain").stdout
    assert "每季度" in rules and "每个党小组" in rules and " quarter " not in rules
    year = demo_ledger.ok("report", "year", "2025", "--as-of", "2026-11-25", "-f", "markdown")
    section = year.stdout.split("三、组织生活")[1].split("##")[0]
    assert "| 支部" in section and "branch" not in section and "members" not in section


def test_csv_names_each_later_table_writes_codes_and_defuses_formulas(ledger: Cli) -> None:
    ledger.add("=HYPERLINK(1)", "--admitted-on", "2010-01-01")
    rows = ledger.ok("member", "list", "-f", "csv").stdout.splitlines()
    assert rows[1].split(",")[1] == "'=HYPERLINK(1)"
    ledger.ok("dev", "apply", "乙", "--on", "2026-01-10", "--birth-date", "1990-01-01",
              "--gender", "男")  # fmt: skip
    due = ledger.ok("dev", "due", "--as-of", "2026-01-12", "-f", "csv").stdout.splitlines()
    assert "false" in due[1].split(",")  # overdue, as JSON writes it (not Python's False)
    out = ledger.ok("report", "compliance", "--period", "2026Q1", "--as-of", "2026-11-25",
                    "-f", "csv").stdout  # fmt: skip
    first, *later = out.split("\n\n")
    assert first.startswith("code,") or first.split("\n")[0].count(",") >= 3
    assert all(block.startswith("# ") for block in later)


def test_an_xlsx_report_holds_amounts_as_numbers(demo_ledger: Cli, tmp_path: Path) -> None:
    import openpyxl

    target = tmp_path / "y.xlsx"
    demo_ledger.ok("report", "year", "2025", "--as-of", "2026-11-25", "--output", target)
    sheet = openpyxl.load_workbook(target)["四、党费"]
    values = {r[0]: r[1] for r in sheet.iter_rows(values_only=True)}
    assert isinstance(values["应交"], float | int) and values["应交"] > 0
    assert sheet.cell(2, 2).number_format == "0.00"


def test_demo_as_csv_keeps_its_message_off_stdout(ledger: Cli, tmp_path: Path) -> None:
    result = ledger("demo", "-f", "csv", db=tmp_path / "d.db")
    assert result.exit_code == 0
    assert result.stdout.startswith("item,") and "d.db" in result.stderr


def test_an_evaluation_handling_is_for_the_unqualified_and_named(ledger: Cli) -> None:
    pid = ledger.add("甲", "--admitted-on", "2010-01-01")
    err = ledger.refused("evaluation", "record", pid, "--year", "2025", "--grade", "qualified",
                         "--action", "限期改正").stderr  # fmt: skip
    assert "--action" in err
    out = ledger.ok("evaluation", "record", pid, "--year", "2025", "--grade", "qualified").stdout
    assert "甲" in out


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


def test_a_hand_over_of_a_period_not_begun_is_refused(ledger: Cli) -> None:
    _members(ledger, "甲")
    ledger.ok("dues", "base", "甲", "--income", "4500", "--from", "2026-01")
    ledger.ok("dues", "pay", "甲", "--months", "2026-01..2026-03", "--on", "2026-03-10")
    err = ledger.refused("dues", "remit", "--period", "2026Q2", "--amount", "100",
                         "--on", "2026-03-31").stderr  # fmt: skip
    assert "--period" in err and "2026Q2" in err
    ledger.ok("dues", "remit", "--period", "2026Q1", "--amount", "100", "--on", "2026-03-31")


def test_an_overdue_report_does_not_hide_the_one_coming_up(ledger: Cli) -> None:
    _members(ledger, "甲", "乙", "丙")
    ledger.add("P", "--admitted-on", "2026-03-15", stage="probationary")
    due = ledger.json("dev", "due", "--as-of", "2026-11-25", "--within", "60")
    steps = {(d["step"], d["due"], d["overdue"]) for d in due}
    assert ("thought_report", "2026-09-30", True) in steps
    assert ("thought_report", "2026-12-31", False) in steps
    assert ("probation_review", "2026-12-31", False) in steps


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


def test_the_running_years_age_bands_are_the_ages_on_31_december(ledger: Cli) -> None:
    ledger.add("Z1", "--birth-date", "1995-12-01", "--admitted-on", "2015-01-01", gender="女")
    ledger.add("Z2", "--birth-date", "1996-01-01", "--admitted-on", "2015-01-01")
    bands = ledger.json("report", "year", "2026", "--as-of", "2026-11-25")["membership"]
    # Z1 turns 31 on 2026-12-01, Z2 is 30 on 31 December
    assert (bands["by_age_band"]["31–35"], bands["by_age_band"]["≤30"]) == (1, 1)
    assert bands["ages_on"] == "2026-12-31"


def test_detail_csv_keeps_json_keys_and_codes_in_either_language(demo_ledger: Cli) -> None:
    for args in (("member", "show", "6"), ("meeting", "show", "5"), ("db", "info")):
        zh = demo_ledger.ok("--lang", "zh", *args, "-f", "csv").stdout
        en = demo_ledger.ok("--lang", "en", *args, "-f", "csv").stdout
        first = zh.split("\n\n")[0]
        assert first == en.split("\n\n")[0], args
    profile = demo_ledger.ok("member", "show", "6", "-f", "csv").stdout
    assert "\nstage,full\n" in profile and "\nactive,true\n" in profile


def test_demo_evaluates_as_of_a_day(ledger: Cli, tmp_path: Path) -> None:
    result = ledger("demo", "--as-of", "2026-08-15", "-f", "json", db=tmp_path / "d.db")
    doc = json.loads(result.stdout)
    assert doc["compliance"]["period"]["code"] == "2026Q2"
    assert (doc["checklist"]["quarter"], doc["checklist"]["as_of"]) == ("2026Q3", "2026-08-15")


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


# -- from a review of this session's own change ----------------------------------------------


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


def test_dev_show_as_of_a_day_reads_the_file_as_it_stood(ledger: Cli) -> None:
    _members(ledger, "甲")
    ledger.ok("dev", "apply", "甲申", "--on", "2026-01-10", "--birth-date", "1990-01-01",
              "--gender", "男")  # fmt: skip
    ledger.ok("dev", "log", "甲申", "talk", "--on", "2026-03-01")
    doc = ledger.json("dev", "show", "甲申", "--as-of", "2026-02-15")
    assert [s["step"] for s in doc["next"]] == ["talk"]


def test_a_dropped_probationary_member_left_the_branch(ledger: Cli) -> None:
    _members(ledger, "甲", "乙", "丙")
    ledger.add("P", "--admitted-on", "2026-01-10", stage="probationary")
    ledger.ok("dev", "drop", "P", "--on", "2026-06-01", "--reason", "取消预备党员资格")
    doc = ledger.json("report", "year", "2026", "--as-of", "2026-11-25")
    assert doc["changes"]["left"] == {"dropped": 1}


def test_a_base_imported_over_months_paid_is_refused_as_dues_base_refuses_it(
    ledger: Cli, tmp_path: Path
) -> None:
    _members(ledger, "甲")
    ledger.ok("dues", "base", "甲", "--income", "4500", "--from", "2026-01")
    ledger.ok("dues", "pay", "甲", "--months", "2026-01..2026-06", "--on", "2026-06-10")
    sheet = tmp_path / "d.csv"
    sheet.write_text("姓名,月份,缴费基数,实缴金额,缴纳日期\n甲,2026-05,6000,,\n", encoding="utf-8")
    err = ledger.refused("dues", "import", sheet).stderr
    assert "2026-05..2026-06" in err
    ledger.ok("dues", "import", sheet, "--force", "--reason", "补录历史基数")


def test_a_base_refusal_suggests_no_month_past_the_next_base(ledger: Cli) -> None:
    _members(ledger, "甲")
    ledger.ok("dues", "base", "甲", "--income", "4500", "--from", "2025-01")
    ledger.ok("dues", "base", "甲", "--income", "9000", "--from", "2025-07")
    ledger.ok("dues", "pay", "甲", "--months", "2025-01..2025-12", "--on", "2025-12-10")
    err = ledger.refused("dues", "base", "甲", "--income", "6000", "--from", "2025-03").stderr
    assert "2025-03..2025-06" in err and "2025-07 起" not in err and "2026-01" not in err


def test_a_group_of_applicants_owes_no_meeting(ledger: Cli) -> None:
    _members(ledger, "甲", "乙", "丙")
    ledger.ok("group", "add", "二组")
    ledger.ok("dev", "apply", "申", "--on", "2026-01-05", "--birth-date", "1990-01-01",
              "--gender", "男", "--group", "二组")  # fmt: skip
    doc = ledger.json("report", "compliance", "--period", "2026Q1", "--as-of", "2026-11-25")
    assert not [i for i in doc["items"] if i["scope"] == "group:二组"]


def test_compliance_and_checklist_csv_carry_the_json_codes(demo_ledger: Cli) -> None:
    import csv
    import io

    out = demo_ledger.ok("--lang", "en", "report", "compliance", "--period", "2026Q3",
                         "--as-of", "2026-11-25", "-f", "csv").stdout  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(out.split("\n\n")[0])))
    doc = demo_ledger.json("report", "compliance", "--period", "2026Q3", "--as-of", "2026-11-25")
    assert [(r["code"], r["scope"], r["status"]) for r in rows] == [
        (i["code"], i["scope"], i["status"]) for i in doc["items"]
    ]
    tasks = demo_ledger.ok("report", "checklist", "--quarter", "2026Q4", "--as-of", "2026-11-25",
                           "-f", "csv").stdout  # fmt: skip
    assert tasks.splitlines()[0] == "category,code,title,due,done,done_on,member_id"


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
