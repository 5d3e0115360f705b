"""Issue 21, item 8: a member without a dues base is a dues task in the quarter's checklist
(`dues status` flags them no_base; nothing else would name the work to do)."""

from __future__ import annotations

from conftest import Cli


def test_members_without_a_base_are_named_until_it_is_set(ledger: Cli) -> None:
    ledger.add("张三", "--admitted-on", "2010-01-10", "--full-on", "2011-01-10")
    ledger.add("李四", "--admitted-on", "2010-01-10", "--full-on", "2011-01-10")
    doc = ledger.json("report", "checklist", "--quarter", "2026Q4", "--as-of", "2026-11-01")
    tasks = [t for t in doc["tasks"] if t["code"] == "dues_base"]
    assert [(t["category"], t["due"], t["done"]) for t in tasks] == [
        ("dues", "2026-10-20", False)
    ] * 2
    assert ["张三" in tasks[0]["title"], "李四" in tasks[1]["title"]] == [True, True]
    ledger.ok("dues", "base", "张三", "--from", "2026-10", "--income", "5000")
    doc = ledger.json("report", "checklist", "--quarter", "2026Q4", "--as-of", "2026-11-01")
    assert [t["member_id"] for t in doc["tasks"] if t["code"] == "dues_base"] == [2]


def test_arrears_are_named_as_runs_not_first_to_last(ledger: Cli) -> None:
    """A member who paid October but not September or November owes two months, not a
    span that reads as three (found by the checklist floor in bench/floors/)."""
    ledger.add("张三", "--admitted-on", "2010-01-10", "--full-on", "2011-01-10")
    ledger.ok("dues", "base", "张三", "--from", "2026-09", "--income", "5000")
    ledger.ok("dues", "pay", "张三", "--month", "2026-10", "--on", "2026-10-08")
    doc = ledger.json("report", "checklist", "--quarter", "2026Q4", "--as-of", "2026-12-25")
    [owed] = [t for t in doc["tasks"] if t["code"] == "dues_month" and t["member_id"] == 1]
    assert owed["title"].endswith("2026-09, 2026-11..2026-12"), owed["title"]
