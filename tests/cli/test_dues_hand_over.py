"""Handing dues over (`dues remit`): a period not begun is refused, a back-dated hand-over
cannot take what a later one or a later reversal took, the statement as of a day counts the
hand-overs made by then."""

from __future__ import annotations

from conftest import Cli


def _members(ledger: Cli, *names: str) -> None:
    for name in names:
        ledger.add(name, "--admitted-on", "2010-01-01", "--full-on", "2011-01-01")


def test_a_hand_over_of_a_period_not_begun_is_refused(ledger: Cli) -> None:
    _members(ledger, "甲")
    ledger.ok("dues", "base", "甲", "--income", "4500", "--from", "2026-01")
    ledger.ok("dues", "pay", "甲", "--months", "2026-01..2026-03", "--on", "2026-03-10")
    err = ledger.refused("dues", "remit", "--period", "2026Q2", "--amount", "100",
                         "--on", "2026-03-31").stderr  # fmt: skip
    assert "--period" in err and "2026Q2" in err
    ledger.ok("dues", "remit", "--period", "2026Q1", "--amount", "100", "--on", "2026-03-31")


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
