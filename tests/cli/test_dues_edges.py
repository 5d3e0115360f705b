"""Dues edge cases: --as-of sees the ledger as it stood, joining mid-way, leaving months,
ordering, masking in errors, and db check on money."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Cli


def _one_member(led: Cli) -> None:
    led.ok("init", "--branch", "测试支部")
    led.ok(
        "member", "add", "甲", "--gender", "男", "--stage", "full", "--admitted-on", "2000-01-01"
    )
    led.ok("dues", "base", "甲", "--income", "3000", "--from", "2026-01")


@pytest.fixture
def led(snapshot: Callable[[str, Callable[[Cli], object]], Cli]) -> Cli:
    """甲, a full member since 2000, owing 15.00 a month from 2026-01."""
    led = snapshot("dues-one-member", _one_member)
    led.refusal_lines = 1
    return led


def test_as_of_ignores_payments_made_later(led: Cli) -> None:
    led.ok("dues", "pay", "甲", "--months", "2026-01..2026-10", "--on", "2026-10-15")
    then = led.json("dues", "status", "--as-of", "2026-06-21")["members"]
    (m,) = then
    assert m["owed_months"] == [f"2026-{n:02d}" for n in range(1, 7)]
    assert (m["consecutive_unpaid"], m["flag"], m["paid_through"]) == (6, "lapse_risk", None)
    assert led.owed("甲", "--as-of", "2026-10-25") == []
    doc = led.json("dues", "statement", "--year", "2026", "--as-of", "2026-06-21")
    assert doc["totals"]["collected"] == "0.00" and doc["totals"]["outstanding"] == "90.00"


def test_a_member_transferred_in_owes_from_the_month_they_joined(led: Cli) -> None:
    led.ok(
        "member",
        "transfer-in",
        "乙",
        "--gender",
        "女",
        "--stage",
        "full",
        "--admitted-on",
        "2000-01-01",
        "--from",
        "某局党支部",
        "--on",
        "2026-07-01",
    )
    led.ok("dues", "base", "乙", "--income", "4000", "--from", "2026-01")
    assert led.owed("乙", "--as-of", "2026-09-25") == ["2026-07", "2026-08", "2026-09"]
    assert led("dues", "pay", "乙", "--month", "2026-02").exit_code == 1


def test_transfer_out_needs_the_leaving_month_paid(led: Cli) -> None:
    led.ok("dues", "pay", "甲", "--months", "2026-01..2026-09", "--on", "2026-09-10")
    refused = led("member", "transfer-out", "甲", "--to", "某局", "--on", "2026-10-10")
    assert refused.exit_code == 1 and "2026-10" in refused.stderr
    led.ok("dues", "pay", "甲", "--month", "2026-10", "--on", "2026-10-10")
    led.ok("member", "transfer-out", "甲", "--to", "某局", "--on", "2026-10-10")


def test_ledger_is_oldest_first(led: Cli) -> None:
    led.ok("dues", "pay", "甲", "--month", "2026-03", "--on", "2026-03-10")
    led.ok("dues", "pay", "甲", "--month", "2026-01", "--on", "2026-01-10")
    assert [e["month"] for e in led.json("dues", "ledger")] == ["2026-01", "2026-03"]


def test_import_errors_mask_id_numbers_and_read_excel_month_dates(led: Cli, tmp_path: Path) -> None:
    from openpyxl import Workbook

    bad = tmp_path / "bad.csv"
    bad.write_text(
        "身份证号,月份,实缴金额,缴纳日期\n11010519491231002X,2026-01,15,2026-01-10\n",
        encoding="utf-8",
    )
    result = led("dues", "import", str(bad))
    assert (
        result.exit_code == 1
        and "11010519491231002X" not in result.stderr
        and "110105********002X" in result.stderr
    )
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "月份", "实缴金额", "缴纳日期"])
    from datetime import datetime

    ws.append(["甲", datetime(2026, 1, 1), 15, datetime(2026, 1, 10)])
    book = tmp_path / "register.xlsx"
    wb.save(book)
    led.ok("dues", "import", str(book))
    assert [e["month"] for e in led.json("dues", "ledger")] == ["2026-01"]


def test_db_check_finds_a_month_paid_twice(led: Cli) -> None:
    led.ok("dues", "pay", "甲", "--month", "2026-01", "--on", "2026-01-10")
    assert led("db", "check", "--exit-code").exit_code == 0
    led.execute(
        "INSERT INTO dues_payment (person_id, month, amount_fen, kind, paid_on)"
        " SELECT person_id, month, amount_fen, kind, paid_on FROM dues_payment WHERE id = 1"
    )
    result = led("db", "check", "--exit-code", "-f", "json")
    assert result.exit_code == 3
    checks = {p["check"] for p in json.loads(result.stdout)["problems"]}
    assert "dues_paid_twice" in checks and "audit_missing" in checks


def test_ids_are_refused_with_exit_1_and_reveal_is_accepted(led: Cli) -> None:
    for args in (
        ["dues", "reverse", "abc", "--reason", "x"],
        ["meeting", "show", "abc"],
        ["meeting", "confirm", "x1"],
    ):
        result = led(*args)
        assert result.exit_code == 1 and "Usage" not in result.stderr, args
    for args in (
        ["dues", "status", "--reveal"],
        ["dues", "ledger", "--reveal"],
        ["meeting", "list", "--reveal"],
        ["committee", "list", "--reveal"],
        ["group", "list", "--reveal"],
        ["dev", "list", "--reveal"],
        ["talk", "list", "--reveal"],
        ["evaluation", "list", "--reveal"],
        ["meeting", "attendance", "--reveal"],
    ):
        assert led(*args).exit_code == 0, args


def test_db_info_counts_every_table(led: Cli) -> None:
    rows = led.json("db", "info")["rows"]
    assert {"person", "dues_base", "dues_payment", "meeting", "dev_event", "audit_log"} <= set(rows)
    assert rows["dues_base"] == 1
