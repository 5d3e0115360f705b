"""Members' records at the edges: ID and phone numbers masked in every refusal, an ID number
born in the future, unknown roster columns named, a departure dated before recorded meetings
pointed out, a transfer-out naming the month paid through, an evaluation's handling."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from conftest import Cli
from dangwu.rules.identity import make_id


def _members(ledger: Cli, *names: str) -> None:
    for name in names:
        ledger.add(name, "--admitted-on", "2010-01-01", "--full-on", "2011-01-01")


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


def test_phones_stay_masked_in_refusals(ledger: Cli, tmp_path: Any) -> None:
    err = ledger.refused(
        "member", "add", "P", "--gender", "男", "--stage", "full", "--phone", "13800000001转12"
    ).stderr
    assert "13800000001" not in err and "--phone" in err
    roster = tmp_path / "r.csv"
    roster.write_text(
        "姓名,性别,人员类别,联系电话\nP,男,正式党员,13800000001/13900000002\n", encoding="utf-8"
    )
    err = ledger.refused("member", "import", roster).stderr
    assert "13800000001" not in err and "13900000002" not in err


def test_unknown_columns_are_named_when_rows_are_refused(ledger: Cli, tmp_path: Any) -> None:
    roster = tmp_path / "r.csv"
    roster.write_text("姓名,性别,人员类别,备注,籍贯\n甲,男,XX\n乙,男,正式党员\n", encoding="utf-8")
    err = ledger.refused("member", "import", roster, "--dry-run").stderr
    assert "备注" in err and "籍贯" in err and "第 2 行" in err


def test_a_departure_dated_before_recorded_meetings_is_pointed_out(ledger: Cli) -> None:
    for name in ("甲", "乙", "丙", "丁", "戊"):
        ledger.add(name)
    ledger.ok("meeting", "add", "general", "--on", "2026-11-20", "--absent", "甲,乙,丙")
    result = ledger.ok("member", "leave", "甲", "--reason", "deceased", "--on", "2026-11-01")
    assert "甲" in result.stderr and "1" in result.stderr
    quiet = ledger.ok("member", "leave", "乙", "--reason", "withdrew", "--on", "2026-11-21")
    assert quiet.stderr == ""  # no meeting after that day lists 乙


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


def test_an_evaluation_handling_is_for_the_unqualified_and_named(ledger: Cli) -> None:
    pid = ledger.add("甲", "--admitted-on", "2010-01-01")
    err = ledger.refused("evaluation", "record", pid, "--year", "2025", "--grade", "qualified",
                         "--action", "限期改正").stderr  # fmt: skip
    assert "--action" in err
    out = ledger.ok("evaluation", "record", pid, "--year", "2025", "--grade", "qualified").stdout
    assert "甲" in out


def test_an_attendance_option_given_twice_counts_both(ledger: Cli) -> None:
    for name in ("甲", "乙", "丙"):
        ledger.add(name)
    ledger.ok(
        "meeting", "add", "theme_day", "--on", "2026-11-20", "--absent", "甲", "--absent", "乙:病假"
    )
    shown = ledger.json("meeting", "show", "1")
    assert {a["name"]: a["status"] for a in shown["attendance"]} == {
        "甲": "absent",
        "乙": "absent",
        "丙": "present",
    }
    assert (shown["expected"], shown["present"]) == (3, 1)
