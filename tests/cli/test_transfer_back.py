"""A member who transferred out comes back (issue 17): `member transfer-in REF` returns the
same person with what they left with; the first stint stays as it was."""

from __future__ import annotations

from conftest import Cli


def test_a_member_transferred_out_comes_back(demo_ledger: Cli) -> None:
    year_before = demo_ledger.json("report", "year", "2025")
    demo_ledger.ok("member", "transfer-out", "张伟", "--to", "某局机关党委", "--on", "2026-11-20")
    out = demo_ledger.ok("member", "transfer-in", "张伟", "--from", "某局机关党委",
                         "--on", "2026-12-01", "--letter", "Z-9").stdout  # fmt: skip
    new = int(out.strip())
    assert new != 3
    shown = demo_ledger.json("member", "show", "张伟", "--reveal")
    assert shown["id"] == new and shown["active"] is True
    assert (shown["stage"], str(shown["admitted_on"]), str(shown["full_on"])) == (
        "full",
        "2003-05-10",
        "2004-05-10",
    )
    assert shown["id_number"] == "110101198001050338"
    # the first stint is kept as it was and named by id only
    first = demo_ledger.json("member", "show", "3")
    assert first["active"] is False and first["left_reason"] == "transferred_out"
    assert demo_ledger.json("report", "year", "2025") == year_before
    changes = demo_ledger.json("report", "year", "2026")["changes"]
    assert changes["transferred_out"] >= 1 and changes["transferred_in"] >= 1
    # dues are owed again from the month they came back, on the base they left with
    base = demo_ledger.sql("SELECT from_month FROM dues_base WHERE person_id = ?", (new,))
    assert base == [("2026-12",)]
    owed = demo_ledger.json("dues", "status", "--as-of", "2027-01-20")["members"]
    assert [m["owed_months"] for m in owed if m["id"] == new] == [["2026-12"]]
    assert [e["row_id"] for e in demo_ledger.audit("member.return")][-1] == 3
    assert demo_ledger.json("db", "check")["ok"] is True


def test_a_return_is_refused_where_it_is_no_return(demo_ledger: Cli) -> None:
    before = demo_ledger.dump()
    still = demo_ledger.refused(
        "member", "transfer-in", "张伟", "--from", "X", "--on", "2026-12-01"
    )
    assert "仍在本支部" in still.stderr
    gone = demo_ledger.refused("member", "transfer-in", "冯刚", "--from", "X", "--on", "2026-12-01")
    assert "不是转出" in gone.stderr
    new = demo_ledger.refused("member", "transfer-in", "新人", "--from", "X", "--on", "2026-12-01")
    assert new.stderr.startswith("错误：--gender")
    demo_ledger.ok("member", "transfer-out", "李秀英", "--to", "某局", "--on", "2026-11-20",
                   "--force", "--reason", "测试")  # fmt: skip
    after_out = demo_ledger.dump()
    early = demo_ledger.refused(
        "member", "transfer-in", "李秀英", "--from", "X", "--on", "2026-11-20"
    )
    assert "--on" in early.stderr
    assert demo_ledger.dump() == after_out != before
