"""Every data row is sealed as dangwu wrote it: `db check` names a row changed, added or
deleted outside dangwu, with its table, row and field (issue 17, item 5)."""

from __future__ import annotations

import json
import sqlite3

import pytest

from conftest import Cli


def _tamper(cli: Cli, *statements: str) -> None:
    """What someone with the sqlite3 shell (or psql) could do: no dangwu involved."""
    if cli.on_server:
        for statement in statements:
            cli.execute(statement)
        return
    con = sqlite3.connect(cli.db)
    for statement in statements:
        con.execute(statement)
    con.commit()
    con.close()


def _problems(cli: Cli, *extra: str) -> list[dict]:
    result = cli("db", "check", "-f", "json", *extra)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["problems"]


def _named(cli: Cli) -> set[tuple[str, str, int]]:
    return {(p["check"], p["table"], p["row_id"]) for p in _problems(cli)}


def test_an_untouched_ledger_passes_and_every_row_is_sealed(demo_ledger: Cli) -> None:
    assert _problems(demo_ledger) == []
    assert demo_ledger("db", "check", "--exit-code").exit_code == 0
    sealed = demo_ledger.sql("SELECT COUNT(*) FROM row_seal WHERE tbl = 'dues_payment'")[0][0]
    assert sealed == demo_ledger.count("dues_payment") > 100
    assert demo_ledger.count("seal_pending") == 0


@pytest.mark.parametrize(
    ("statement", "check", "table", "row", "words"),
    [
        (
            "UPDATE dues_payment SET amount_fen = 1 WHERE id = 12",
            "row_changed",
            "dues_payment",
            12,
            "amount_fen",
        ),
        (
            "DELETE FROM dues_payment WHERE id = 13",
            "row_deleted",
            "dues_payment",
            13,
            "amount_fen=",
        ),
        ("UPDATE person SET name = '王五' WHERE id = 3", "row_changed", "person", 3, "name"),
        (
            "UPDATE person SET id_number = '110101199003077777' WHERE id = 3",
            "row_changed",
            "person",
            3,
            "id_number",
        ),
        (
            "UPDATE meeting SET held_on = '2026-01-02' WHERE id = 2",
            "row_changed",
            "meeting",
            2,
            "held_on",
        ),
        ("DELETE FROM dues_remit WHERE id = 1", "row_deleted", "dues_remit", 1, "period="),
    ],
)
def test_a_direct_edit_is_named_with_its_row_and_field(
    demo_ledger: Cli, statement: str, check: str, table: str, row: int, words: str
) -> None:
    _tamper(demo_ledger, statement)
    result = demo_ledger("db", "check", "--exit-code", "-f", "json")
    assert result.exit_code == 3
    problems = json.loads(result.stdout)["problems"]
    hit = [p for p in problems if (p["check"], p["table"], p["row_id"]) == (check, table, row)]
    assert hit and words in hit[0]["detail"], problems
    assert table in result.stderr  # the warning line names it too


def test_a_rule_setting_changed_by_hand_is_named_by_its_code(demo_ledger: Cli) -> None:
    demo_ledger.ok("rules", "set", "talk", "--every", "half")
    assert _problems(demo_ledger) == []
    _tamper(demo_ledger, "UPDATE rule_setting SET every = 'year' WHERE code = 'talk'")
    (hit,) = [p for p in _problems(demo_ledger) if p["check"] == "row_changed"]
    assert (hit["table"], hit["row_id"]) == ("rule_setting", "talk")
    assert "every: half → year" in hit["detail"]


def test_a_deleted_absence_is_named(demo_ledger: Cli) -> None:
    (row, meeting), *_ = demo_ledger.sql(
        "SELECT id, meeting_id FROM meeting_attendance WHERE status = 'absent' ORDER BY id"
    )
    _tamper(demo_ledger, f"DELETE FROM meeting_attendance WHERE id = {row}")
    problems = _problems(demo_ledger)
    gone = [p for p in problems if p["check"] == "row_deleted"]
    assert [(p["table"], p["row_id"]) for p in gone] == [("meeting_attendance", row)]
    assert "status=absent" in gone[0]["detail"] and f"meeting_id={meeting}" in gone[0]["detail"]


def test_a_row_added_outside_dangwu_is_named(demo_ledger: Cli) -> None:
    _tamper(
        demo_ledger,
        "INSERT INTO dues_payment (id, person_id, month, amount_fen, kind, paid_on)"
        " VALUES (99999, 1, '2020-01', 100, 'voluntary', '2020-01-05')",
    )
    assert ("row_added", "dues_payment", 99999) in _named(demo_ledger)


def test_dangwu_writes_after_a_tampering_do_not_hide_it(demo_ledger: Cli) -> None:
    _tamper(demo_ledger, "UPDATE dues_payment SET amount_fen = 1 WHERE id = 12")
    demo_ledger.ok("talk", "add", "张伟", "--with", "王建国", "--on", "2026-11-20")
    demo_ledger.ok("member", "edit", "张伟", "--phone", "13800000001")
    named = _named(demo_ledger)
    assert ("row_changed", "dues_payment", 12) in named
    # the rows dangwu wrote are sealed as it wrote them
    assert not any(
        t == "talk" or (t, r) == ("person", 1) for _, t, r in named if _ != "row_outside"
    )


def test_an_edit_put_back_by_hand_is_still_named_as_written_outside(demo_ledger: Cli) -> None:
    (amount,) = demo_ledger.sql("SELECT amount_fen FROM dues_payment WHERE id = 12")[0]
    _tamper(
        demo_ledger,
        "UPDATE dues_payment SET amount_fen = 1 WHERE id = 12",
        f"UPDATE dues_payment SET amount_fen = {amount} WHERE id = 12",
    )
    assert _named(demo_ledger) == {("row_outside", "dues_payment", 12)}


def test_id_numbers_in_the_details_are_masked_unless_revealed(demo_ledger: Cli) -> None:
    _tamper(demo_ledger, "UPDATE person SET id_number = '110101199003077777' WHERE id = 3")
    masked = [p["detail"] for p in _problems(demo_ledger) if p["check"] == "row_changed"]
    assert "110101199003077777" not in masked[0] and "110101********77" in masked[0]
    shown = [p["detail"] for p in _problems(demo_ledger, "--reveal") if p["check"] == "row_changed"]
    assert "110101199003077777" in shown[0]


def test_reseal_accepts_the_rows_with_a_reason_kept_in_the_trail(demo_ledger: Cli) -> None:
    _tamper(demo_ledger, "UPDATE dues_payment SET amount_fen = 1 WHERE id = 12")
    before = demo_ledger.dump()
    assert "--reason" in demo_ledger.refused("db", "reseal").stderr
    assert demo_ledger.dump() == before
    out = demo_ledger.ok("db", "reseal", "--reason", "核对收据后确认").stdout
    assert "1" in out
    assert _problems(demo_ledger) == []
    (entry,) = demo_ledger.audit("db.reseal")
    assert demo_ledger.sql("SELECT reason FROM audit_log WHERE id = ?", (entry["id"],)) == [
        ("核对收据后确认",)
    ]
    assert "amount_fen" in json.dumps(entry["before"], ensure_ascii=False)
    # and from now on a new edit is caught again
    _tamper(demo_ledger, "UPDATE dues_payment SET amount_fen = 2 WHERE id = 12")
    assert ("row_changed", "dues_payment", 12) in _named(demo_ledger)


def test_every_correction_command_leaves_the_ledger_sealed(demo_ledger: Cli) -> None:
    demo_ledger.ok("meeting", "void", "2", "--reason", "录重了")
    demo_ledger.ok("dues", "reverse", "12", "--reason", "金额有误")
    demo_ledger.ok("group", "edit", "第一党小组", "--name", "机关第一党小组")
    assert _problems(demo_ledger) == []
