"""`history`: the audit trail read back for a person, a meeting or a payment (issue 17),
masked like every other output, and the last changes at the end of `member show`."""

from __future__ import annotations

from datetime import date

from conftest import Cli


def _member(ledger: Cli) -> None:
    ledger.add("张伟", "--admitted-on", "2010-01-01", "--full-on", "2011-01-01", "--phone",
               "13800001111")  # fmt: skip
    ledger.add("李娜", "--admitted-on", "2010-01-01", "--full-on", "2011-01-01", gender="女")


def test_a_person_s_history_shows_each_change_before_and_after_masked(ledger: Cli) -> None:
    _member(ledger)
    ledger.ok("member", "edit", "张伟", "--phone", "13900002222")
    found = ledger.json("history", "张伟")
    assert [e["action"] for e in found] == ["member.add", "member.edit"]
    edit = found[-1]
    assert edit["table"] == "person" and edit["row_id"] == 1
    assert edit["changes"] == {"phone": ["138****1111", "139****2222"]}
    assert "13900002222" not in ledger.ok("history", "张伟").stdout
    revealed = ledger.json("history", "张伟", "--reveal")[-1]
    assert revealed["changes"] == {"phone": ["13800001111", "13900002222"]}
    # the other member's entries are not theirs
    assert [e["action"] for e in ledger.json("history", "李娜")] == ["member.add"]


def test_a_meeting_and_a_payment_and_its_reversal(ledger: Cli) -> None:
    _member(ledger)
    ledger.ok("meeting", "add", "general", "--on", "2026-11-12", "--absent", "李娜")
    (entry,) = ledger.json("history", "--meeting", "1")
    assert entry["action"] == "meeting.add"
    assert entry["changes"]["attendance"] == [None, [[2, "absent", None]]]
    ledger.ok("dues", "base", "张伟", "--from", "2026-11", "--income", "3000")
    ledger.ok("dues", "pay", "张伟", "--month", "2026-11", "--on", "2026-11-20")
    pid = ledger.json("dues", "ledger", "--member", "张伟")[0]["id"]
    ledger.ok("dues", "reverse", str(pid), "--reason", "记错了")
    found = ledger.json("history", "--payment", str(pid))
    assert [e["action"] for e in found] == ["dues.pay", "dues.reverse"]
    assert found[-1]["reason"] == "记错了"
    assert "记错了" in ledger.ok("--lang", "en", "history", "--payment", str(pid)).stdout


def test_the_period_is_when_the_change_was_made(ledger: Cli) -> None:
    _member(ledger)
    this_year = str(date.today().year)
    assert len(ledger.json("history", "--period", this_year)) >= 3  # init, two members
    assert ledger.json("history", "--period", "2020") == []


def test_member_show_ends_with_the_last_changes(ledger: Cli) -> None:
    _member(ledger)
    for phone in ("13900000001", "13900000002", "13900000003", "13900000004", "13900000005"):
        ledger.ok("member", "edit", "张伟", "--phone", phone)
    shown = ledger.ok("member", "show", "张伟", "-f", "plain").stdout
    last = shown[shown.index("dangwu history 1") :]
    assert last.count("member.edit") == 5 and "member.add" not in last
    assert "phone: 139****0004 → 139****0005" in last
    assert "changes" not in ledger.member("张伟")  # JSON is the record itself


def test_history_refuses_what_it_cannot_show_in_one_line(ledger: Cli) -> None:
    _member(ledger)
    for args, field in (
        (["--meeting", "9"], "--meeting"),
        (["--payment", "x"], "--payment"),
        (["张伟", "--meeting", "1"], "--meeting"),
        (["无此人"], "REF"),
        (["--period", "2026Q5"], "--period"),
    ):
        err = ledger.refused("history", *args).stderr
        assert len(err.strip().splitlines()) == 1 and field in err, (args, err)
