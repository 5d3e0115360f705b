"""Dues end to end: bases over time, payments, reversals, arrears, remind, import, statement."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Cli

STATUS_KEYS = {
    "id",
    "name",
    "monthly_due",
    "paid_through",
    "owed_months",
    "owed_amount",
    "consecutive_unpaid",
    "flag",
}
LEDGER_KEYS = {
    "id",
    "member_id",
    "name",
    "month",
    "amount",
    "kind",
    "paid_on",
    "receipt",
    "by",
    "reverses",
}


def _three_members(led: Cli) -> None:
    led.ok("init", "--branch", "测试支部")
    led.ok(
        "member", "add", "甲", "--gender", "男", "--stage", "full", "--admitted-on", "2010-01-01"
    )
    led.ok("member", "add", "乙", "--gender", "女", "--stage", "full", "--category", "离退休")
    led.ok("member", "add", "丙", "--gender", "女", "--stage", "full")


@pytest.fixture
def led(snapshot: Callable[[str, Callable[[Cli], object]], Cli]) -> Cli:
    """甲 (admitted 2010), 乙 (retired) and 丙: full members with no dues base yet."""
    led = snapshot("dues-three-members", _three_members)
    led.refusal_lines = 1
    return led


def test_base_prints_rate_and_due(led: Cli) -> None:
    assert "1.5%" in led.ok("dues", "base", "甲", "--income", "8,000", "--from", "2026-01").stdout
    assert (
        "150.00" in led.ok("dues", "base", "甲", "--income", "¥10000", "--from", "2026年3月").stdout
    )
    out = led.ok(
        "--lang", "en", "dues", "base", "乙", "--income", "5000.01", "--from", "2026-01"
    ).stdout
    assert "rate 1%" in out and "50.00" in out


def test_paid_through_april_is_seven_months_behind_with_lapse_risk(led: Cli) -> None:
    led.ok("dues", "base", "甲", "--income", "8000", "--from", "2026-01")
    led.ok("dues", "pay", "甲", "--months", "2026-01..2026-04", "--on", "2026-04-10")
    doc = led.json("dues", "status", "--as-of", "2026-11-24")
    (m,) = [m for m in doc["members"] if m["name"] == "甲"]
    assert set(m) >= STATUS_KEYS
    assert m["paid_through"] == "2026-04"
    assert m["owed_months"] == [f"2026-{n:02d}" for n in range(5, 12)]
    assert (m["owed_amount"], m["monthly_due"], m["consecutive_unpaid"], m["flag"]) == (
        "840.00",
        "120.00",
        7,
        "lapse_risk",
    )
    # on the 15th November is not yet owed
    m15 = next(
        m
        for m in led.json("dues", "status", "--as-of", "2026-11-15")["members"]
        if m["name"] == "甲"
    )
    assert m15["owed_months"][-1] == "2026-10" and len(m15["owed_months"]) == 6
    # 乙 and 丙 have no base: they owe, amount unknown (CLI.md no_base)
    assert doc["as_of"] == "2026-11-24" and doc["totals"]["members_owing"] == 3


def test_no_base_and_overdue_flags(led: Cli) -> None:
    led.ok("dues", "base", "乙", "--income", "4000", "--from", "2026-07")
    doc = led.json("dues", "status", "--as-of", "2026-10-25")
    flags = {m["name"]: m["flag"] for m in doc["members"]}
    assert flags == {"甲": "no_base", "乙": "overdue", "丙": "no_base"}
    assert doc["totals"] == {"members_owing": 3, "owed_amount": "80.00"}


def test_a_new_base_applies_from_its_month(led: Cli) -> None:
    led.ok("dues", "base", "甲", "--income", "8000", "--from", "2026-01")
    led.ok("dues", "base", "甲", "--income", "3000", "--from", "2026-03")
    led.ok("dues", "pay", "甲", "--months", "2026-01..2026-04", "--on", "2026-04-10")
    amounts = [e["amount"] for e in led.json("dues", "ledger", "--member", "甲")]
    assert amounts == ["120.00", "120.00", "15.00", "15.00"]


def test_payments_default_less_more_twice_before_and_by(led: Cli) -> None:
    led.ok("dues", "base", "甲", "--income", "8000", "--from", "2026-01")
    before = led.dump()
    short = led("dues", "pay", "甲", "--months", "2026-01..2026-02", "--amount", "239.99")
    assert short.exit_code == 1 and "--amount" in short.stderr and led.dump() == before
    early = led("dues", "pay", "甲", "--month", "2025-12")
    assert early.exit_code == 1 and led.dump() == before
    led.ok(
        "dues",
        "pay",
        "甲",
        "--months",
        "2026-01..2026-02",
        "--amount",
        "300",
        "--on",
        "2026-02-01",
        "--receipt",
        "R9",
        "--by",
        "丙",
    )
    entries = led.json("dues", "ledger")
    assert all(set(e) >= LEDGER_KEYS for e in entries)
    assert [(e["month"], e["amount"], e["kind"], e["by"], e["receipt"]) for e in entries] == [
        ("2026-01", "120.00", "regular", "丙", "R9"),
        ("2026-02", "120.00", "regular", "丙", "R9"),
        ("2026-02", "60.00", "voluntary", "丙", "R9"),
    ]
    twice = led("dues", "pay", "甲", "--month", "2026-02")
    assert twice.exit_code == 1 and "2026-02" in twice.stderr
    for bad in (
        ["--amount", "-5"],
        ["--amount", "1.234"],
        ["--month", "2026-13"],
        ["--on", "2026-02-30"],
    ):
        args = [
            "dues",
            "pay",
            "甲",
            *(bad if bad[0] == "--month" else ["--month", "2026-03", *bad]),
        ]
        assert led(*args).exit_code == 1, bad


def test_reverse_makes_the_month_owed_again(led: Cli) -> None:
    led.ok("dues", "base", "甲", "--income", "8000", "--from", "2026-01")
    led.ok("dues", "pay", "甲", "--months", "2026-01..2026-03", "--on", "2026-03-10")
    before = led.json("dues", "status", "--as-of", "2026-03-25")["members"]
    assert [m for m in before if m["owed_months"]] == []
    led.ok("dues", "reverse", "2", "--reason", "收据号录错")
    entries = led.json("dues", "ledger", "--member", "甲")
    assert (
        entries[-1]["kind"] == "reversal"
        and entries[-1]["reverses"] == 2
        and entries[-1]["amount"] == "-120.00"
    )
    # the reversal is dated the day it was recorded: from then on February is owed again
    owed = led.json("dues", "status")["members"]
    assert [m["owed_months"][0] for m in owed if m["name"] == "甲"] == ["2026-02"]
    then = led.json("dues", "status", "--as-of", "2026-03-25")["members"]
    assert [m for m in then if m["owed_months"]] == []
    assert led("dues", "reverse", "2", "--reason", "again").exit_code == 1
    assert led("dues", "reverse", "99", "--reason", "x").exit_code == 1
    led.ok("dues", "pay", "甲", "--month", "2026-02", "--on", "2026-03-26")
    assert led.sql("SELECT reason FROM audit_log WHERE action = 'dues.reverse'") == [
        ("收据号录错",)
    ]


def test_remind_is_silent_when_nobody_owes_and_exit_3_when_somebody_does(led: Cli) -> None:
    for name in ("甲", "乙", "丙"):
        led.ok("dues", "base", name, "--income", "4000", "--from", "2026-10")
        led.ok("dues", "pay", name, "--months", "2026-10..2026-11", "--on", "2026-11-01")
    quiet = led("dues", "remind", "--as-of", "2026-11-24", "--exit-code")
    assert quiet.exit_code == 0 and quiet.stdout == "" and quiet.stderr == ""
    assert led("dues", "remind", "--as-of", "2026-11-24", "-f", "json").stdout == ""
    loud = led("dues", "remind", "--as-of", "2026-12-21", "--exit-code")
    assert loud.exit_code == 3
    lines = loud.stdout.strip().splitlines()
    assert len(lines) == 3 and all("2026-12" in line for line in lines)
    assert [line.split()[0] for line in lines] == ["甲", "乙", "丙"]
    assert "20.00" in lines[1]  # retired: 0.5% of 4000
    assert loud.stderr == ""
    assert led("dues", "remind", "--as-of", "2026-12-21").exit_code == 0
    assert led("dues", "status", "--as-of", "2026-12-21", "--exit-code").exit_code == 3


def test_transfer_out_refused_while_owing(led: Cli) -> None:
    led.ok("dues", "base", "甲", "--income", "8000", "--from", "2026-01")
    led.ok("dues", "pay", "甲", "--months", "2026-01..2026-09", "--on", "2026-09-10")
    before = led.dump()
    refused = led("member", "transfer-out", "甲", "--to", "某局党支部", "--on", "2026-11-24")
    assert refused.exit_code == 1 and "2026-10..2026-11" in refused.stderr and led.dump() == before
    led.ok("dues", "pay", "甲", "--months", "2026-10..2026-11", "--on", "2026-11-24")
    led.ok(
        "member", "transfer-out", "甲", "--to", "某局党支部", "--on", "2026-11-24", "--letter", "12"
    )
    after = led("dues", "pay", "甲", "--month", "2026-12")
    assert after.exit_code == 1  # after they left


def test_gbk_register_with_a_short_payment_is_refused_then_imports(
    led: Cli, tmp_path: Path
) -> None:
    rows = ["姓名,月份,缴费基数,实缴金额,缴纳日期,收据号"]
    for n in range(1, 11):
        amount = "75.00" if n != 4 else "70.00"
        rows.append(f"甲,2026-{n:02d},{'5000.01' if n == 1 else ''},{amount},2026-{n:02d}-10,R{n}")
    register = tmp_path / "register.csv"
    register.write_bytes("\r\n".join(rows).encode("gbk"))
    before = led.dump()
    refused = led("dues", "import", str(register))
    assert refused.exit_code == 1 and "第 5 行" in refused.stderr and led.dump() == before
    register.write_bytes("\r\n".join(rows).replace("70.00", "75.00").encode("gbk"))
    assert led("dues", "import", str(register), "--dry-run").exit_code == 0 and led.dump() == before
    led.ok("dues", "import", str(register))
    entries = led.json("dues", "ledger", "--member", "甲")
    assert [e["month"] for e in entries] == [f"2026-{n:02d}" for n in range(1, 11)]
    assert {e["amount"] for e in entries} == {"75.00"}
    owed = led.json("dues", "status", "--as-of", "2026-11-24")["members"]
    assert [m["owed_months"] for m in owed if m["name"] == "甲"] == [["2026-11"]]


def test_forced_import_of_a_short_payment_is_audited(led: Cli, tmp_path: Path) -> None:
    register = tmp_path / "r.csv"
    register.write_text(
        "name,month,base,amount,paid_on\n甲,2026-01,8000,100,2026-01-10\n", encoding="utf-8"
    )
    assert led("dues", "import", str(register)).exit_code == 1
    assert led("dues", "import", str(register), "--force").exit_code == 1  # needs a reason
    led.ok("dues", "import", str(register), "--force", "--reason", "经支委会批准少交")
    assert led.sql("SELECT reason FROM audit_log WHERE action = 'dues.import.pay'") == [
        ("经支委会批准少交",)
    ]


def test_remit_and_statement(led: Cli) -> None:
    led.ok("dues", "base", "甲", "--income", "8000", "--from", "2026-01")
    led.ok(
        "dues", "pay", "甲", "--months", "2026-01..2026-03", "--on", "2026-03-10", "--amount", "400"
    )
    assert (
        led(
            "dues", "remit", "--period", "2026Q1", "--amount", "500", "--on", "2026-04-05"
        ).exit_code
        == 1
    )
    out = led.ok(
        "dues", "remit", "--period", "2026Q1", "--amount", "360", "--on", "2026-04-05"
    ).stdout
    assert "40.00" in out  # balance still held
    doc = led.json("dues", "statement", "--year", "2026", "--as-of", "2026-04-25")
    assert doc["totals"] == {
        "due": "480.00",
        "collected": "400.00",
        "voluntary": "40.00",
        "remitted": "360.00",
        "outstanding": "120.00",
        "balance": "40.00",
    }
    (m,) = doc["members"]
    assert m["months_paid"] == ["2026-01", "2026-02", "2026-03"] and m["outstanding"] == "120.00"
    led.ok("dues", "statement", "--year", "2026", "--publish", "--on", "2026-04-25")
    assert led.json("dues", "statement", "--year", "2026")["published_on"] == "2026-04-25"
    assert (
        led("dues", "statement", "--year", "2026", "--publish", "--on", "2026-04-26").exit_code == 1
    )


def test_sample_branch_arrears(demo_ledger: Cli) -> None:
    led = demo_ledger
    doc = led.json("dues", "status", "--as-of", "2026-11-25")
    owing = {m["name"]: (len(m["owed_months"]), m["flag"]) for m in doc["members"]}
    assert owing == {"陈静": (3, "overdue"), "杨帆": (7, "lapse_risk")}
    by = [e for e in led.json("dues", "ledger", "--member", "何志强") if e["by"]]
    assert by and all(e["by"] == "郭红" for e in by)


def test_months_of_one_month_pays_that_month(led: Cli) -> None:
    led.ok("dues", "base", "甲", "--income", "8000", "--from", "2026-01")
    led.ok("dues", "pay", "甲", "--months", "2026-02", "--on", "2026-02-10")
    assert led.owed("甲", "--as-of", "2026-04-20") == ["2026-01", "2026-03"]
    led.refused("dues", "pay", "甲", "--months", "2026-13", "--on", "2026-02-10")
