"""A dues base set or imported over months already paid: refused, naming the months to
reverse first and none past the next base; with --force it keeps its reason."""

from __future__ import annotations

from pathlib import Path

from conftest import Cli


def _members(ledger: Cli, *names: str) -> None:
    for name in names:
        ledger.add(name, "--admitted-on", "2010-01-01", "--full-on", "2011-01-01")


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
