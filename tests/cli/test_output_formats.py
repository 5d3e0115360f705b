"""Output formats: markdown wherever a command prints, Chinese labels in Chinese output, CSV
with the JSON keys and codes and formulas defused, XLSX amounts as numbers, and `demo` in
every format and as of a day."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from conftest import Cli


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


def test_detail_csv_keeps_json_keys_and_codes_in_either_language(demo_ledger: Cli) -> None:
    for args in (("member", "show", "6"), ("meeting", "show", "5"), ("db", "info")):
        zh = demo_ledger.ok("--lang", "zh", *args, "-f", "csv").stdout
        en = demo_ledger.ok("--lang", "en", *args, "-f", "csv").stdout
        first = zh.split("\n\n")[0]
        assert first == en.split("\n\n")[0], args
    profile = demo_ledger.ok("member", "show", "6", "-f", "csv").stdout
    assert "\nstage,full\n" in profile and "\nactive,true\n" in profile


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


def test_an_xlsx_report_holds_amounts_as_numbers(demo_ledger: Cli, tmp_path: Path) -> None:
    import openpyxl

    target = tmp_path / "y.xlsx"
    demo_ledger.ok("report", "year", "2025", "--as-of", "2026-11-25", "--output", target)
    sheet = openpyxl.load_workbook(target)["四、党费"]
    values = {r[0]: r[1] for r in sheet.iter_rows(values_only=True)}
    assert isinstance(values["应交"], float | int) and values["应交"] > 0
    assert sheet.cell(2, 2).number_format == "0.00"


def test_demo_takes_a_format_and_prints_one_json_document(
    ledger: Cli, blank: Callable[[str], Any]
) -> None:
    target = blank("demo")
    result = ledger("demo", "-f", "json", db=target)
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    # on the server the location names the branch's schema too
    assert doc["ledger"] in (str(target), f"{target}?branch=public")
    assert set(doc["compliance"]) == {"period", "as_of", "items", "findings", "ok"}
    assert set(doc["checklist"]) == {"quarter", "as_of", "tasks"}
    other = blank("other")
    refused = ledger("demo", "-f", "xml", db=other)
    assert refused.exit_code == 1 and "--format" in refused.stderr
    assert not other.exists()


def test_demo_as_csv_keeps_its_message_off_stdout(ledger: Cli, blank: Callable[[str], Any]) -> None:
    target = blank("d")
    result = ledger("demo", "-f", "csv", db=target)
    assert result.exit_code == 0
    # the file's name, or the database's on the server
    name = str(target).rsplit("/", 1)[-1]
    assert result.stdout.startswith("item,") and name in result.stderr


def test_demo_evaluates_as_of_a_day(ledger: Cli, blank: Callable[[str], Any]) -> None:
    result = ledger("demo", "--as-of", "2026-08-15", "-f", "json", db=blank("d"))
    doc = json.loads(result.stdout)
    assert doc["compliance"]["period"]["code"] == "2026Q2"
    assert (doc["checklist"]["quarter"], doc["checklist"]["as_of"]) == ("2026Q3", "2026-08-15")
