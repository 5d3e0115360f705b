"""Dues figures that must agree with each other: a past year's statement and year report
reckon every figure on the one day asked about (money paid or handed over after the year's
end counts once it was, arrears are what is still owed on that day, the balance is what was
collected less what was handed over); a refusal names the option typed; an imported row
whose name and ID number are of two people is refused, not credited to the ID's owner."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from conftest import Cli


def _late_payer(ledger: Cli) -> None:
    """甲 owes 45.00 a month from July 2025, pays July–September (with 5.00 extra) in
    September and October–December only in January 2026; 100.00 of 2025Q4 goes up on
    2026-01-10. Nothing of 2026 is paid."""
    ledger.add("甲", "--admitted-on", "2010-01-01")
    ledger.ok("dues", "base", "甲", "--income", "4500", "--from", "2025-07")
    ledger.ok(
        "dues", "pay", "甲", "--months", "2025-07..2025-09", "--on", "2025-09-10", "--amount", "140"
    )
    ledger.ok("dues", "pay", "甲", "--months", "2025-10..2025-12", "--on", "2026-01-05")
    ledger.ok("dues", "remit", "--period", "2025Q4", "--amount", "100", "--on", "2026-01-10")


def _dues_section(ledger: Cli, year: str, as_of: str) -> dict[str, Any]:
    return ledger.json("report", "year", year, "--as-of", as_of)["dues"]


def _statement(ledger: Cli, year: str, as_of: str) -> dict[str, Any]:
    return ledger.json("dues", "statement", "--year", year, "--as-of", as_of)["totals"]


def _money(text: str) -> Decimal:
    return Decimal(text)


def test_a_past_year_is_reckoned_on_the_as_of_day_in_the_year_report(ledger: Cli) -> None:
    _late_payer(ledger)
    d = _dues_section(ledger, "2025", "2026-11-25")
    # October–December were paid in January: nobody owes any month of 2025 any more
    assert (d["outstanding"], d["arrears"]) == ("0.00", [])
    assert (d["due"], d["collected"], d["voluntary"], d["remitted"], d["balance"]) == (
        "270.00",
        "275.00",
        "5.00",
        "100.00",
        "175.00",
    )


def test_a_past_year_is_reckoned_on_the_as_of_day_in_the_statement(ledger: Cli) -> None:
    _late_payer(ledger)
    assert _statement(ledger, "2025", "2026-11-25") == {
        "due": "270.00",
        "collected": "275.00",
        "voluntary": "5.00",
        "remitted": "100.00",
        "outstanding": "0.00",
        "balance": "175.00",
    }


def test_the_year_report_and_the_statement_agree_on_every_day(ledger: Cli) -> None:
    _late_payer(ledger)
    # the year's end, after the January payment, after the hand-over, long after
    for as_of in ("2025-12-31", "2026-01-06", "2026-01-21", "2026-11-25"):
        d = _dues_section(ledger, "2025", as_of)
        t = _statement(ledger, "2025", as_of)
        for key in ("due", "collected", "voluntary", "outstanding", "remitted", "balance"):
            assert d[key] == t[key], (as_of, key)
        # the year's money still held: what came in for it less what went up for it
        assert _money(d["collected"]) - _money(d["remitted"]) == _money(d["balance"]), as_of
        owed = sum((_money(a["owed_amount"]) for a in d["arrears"]), Decimal(0))
        assert owed == _money(d["outstanding"]), as_of
    end = _dues_section(ledger, "2025", "2025-12-31")
    assert [(a["name"], a["owed_months"]) for a in end["arrears"]] == [
        ("甲", ["2025-10", "2025-11", "2025-12"])
    ]
    assert (end["collected"], end["remitted"], end["balance"]) == ("140.00", "0.00", "140.00")
    paid = _dues_section(ledger, "2025", "2026-01-06")
    assert (paid["arrears"], paid["remitted"], paid["balance"]) == ([], "0.00", "275.00")


def test_a_past_years_arrears_hold_only_that_years_months(ledger: Cli) -> None:
    ledger.add("乙", "--admitted-on", "2010-01-01")
    ledger.ok("dues", "base", "乙", "--income", "4000", "--from", "2025-10")
    ledger.ok("dues", "pay", "乙", "--month", "2025-10", "--on", "2025-10-10")
    # 乙 pays November in February and leaves December and all of 2026 unpaid
    ledger.ok("dues", "pay", "乙", "--month", "2025-11", "--on", "2026-02-10")
    d = _dues_section(ledger, "2025", "2026-11-25")
    (a,) = d["arrears"]
    assert (a["name"], a["owed_months"], a["owed_amount"]) == ("乙", ["2025-12"], "40.00")
    # the year's months alone are flagged: one unpaid month of 2025 (2026's are 2026's report)
    assert a["flag"] is None
    assert (d["outstanding"], d["collected"]) == ("40.00", "80.00")


def test_a_member_who_left_owing_is_in_the_arrears_the_outstanding_counts(ledger: Cli) -> None:
    ledger.add("丙", "--admitted-on", "2010-01-01")
    ledger.ok("dues", "base", "丙", "--income", "4000", "--from", "2025-07")
    ledger.ok("dues", "pay", "丙", "--months", "2025-07..2025-08", "--on", "2025-08-10")
    ledger.ok("member", "leave", "丙", "--reason", "deceased", "--on", "2025-10-15")
    d = _dues_section(ledger, "2025", "2026-03-01")
    assert d["outstanding"] == "80.00"  # September and October
    assert [(a["name"], a["owed_months"], a["owed_amount"]) for a in d["arrears"]] == [
        ("丙", ["2025-09", "2025-10"], "80.00")
    ]


def test_a_refusal_of_months_names_the_option_typed(ledger: Cli) -> None:
    _late_payer(ledger)
    err = ledger.refused(
        "dues", "pay", "甲", "--months", "2025-05..2025-07", "--on", "2025-09-10"
    ).stderr
    assert "--months: 2025-05" in err and "--month:" not in err
    err = ledger.refused(
        "dues", "pay", "甲", "--months", "2025-12..2026-01", "--on", "2026-02-10"
    ).stderr
    assert "--months:" in err and "2025-12" in err and "--month:" not in err
    err = ledger.refused("dues", "pay", "甲", "--month", "2025-05", "--on", "2025-09-10").stderr
    assert "--month: 2025-05" in err


def test_an_imported_row_naming_one_person_with_anothers_id_is_refused(
    ledger: Cli, write_csv: Callable[..., Any], idn: Callable[..., str]
) -> None:
    jia, yi = idn(seq=1), idn(seq=2)
    ledger.add("甲", "--id-number", jia)
    ledger.add("乙", "--id-number", yi)
    for name in ("甲", "乙"):
        ledger.ok("dues", "base", name, "--income", "4000", "--from", "2026-01")
    header = ["姓名", "身份证号", "月份", "实缴金额", "缴纳日期"]
    register = write_csv(
        [
            header,
            ["甲", jia, "2026-01", "40", "2026-01-10"],
            ["乙", jia, "2026-02", "40", "2026-02-10"],  # 乙's name, 甲's ID
        ],
        name="dues.csv",
    )
    err = ledger.refused("dues", "import", register).stderr
    assert "第 3 行" in err and "第 2 行" not in err
    assert "姓名" in err.split("第 3 行")[1] and "身份证号" in err.split("第 3 行")[1]
    masked = jia[:6] + "*" * 8 + jia[14:]
    assert masked in err and jia not in err
    assert ledger.json("dues", "ledger") == []  # all or nothing: not even line 2
    # the name and the ID of one person go in
    fixed = write_csv(
        [
            header,
            ["甲", jia, "2026-01", "40", "2026-01-10"],
            ["乙", yi, "2026-02", "40", "2026-02-10"],
        ],
        name="fixed.csv",
    )
    ledger.ok("dues", "import", fixed)
    entries = ledger.json("dues", "ledger")
    assert [(e["name"], e["month"]) for e in entries] == [("甲", "2026-01"), ("乙", "2026-02")]
