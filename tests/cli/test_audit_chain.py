"""The audit trail is hash-chained: `db check` names an entry edited or deleted outside dangwu."""

from __future__ import annotations

import json
import sqlite3

from conftest import Cli


def _checked(cli: Cli, *extra: str) -> tuple[int, dict, str]:
    result = cli("db", "check", "-f", "json", *extra)
    return result.exit_code, json.loads(result.stdout), result.stderr


def _tamper(cli: Cli, statement: str) -> None:
    """What someone with the sqlite3 shell (or psql) could do: no dangwu involved."""
    if cli.on_server:
        cli.execute(statement)
        return
    con = sqlite3.connect(cli.db)
    con.execute(statement)
    con.commit()
    con.close()


def test_a_sound_ledger_has_an_unbroken_chain(demo_ledger: Cli) -> None:
    rows = demo_ledger.sql("SELECT id, prev_hash, hash FROM audit_log ORDER BY id")
    assert len(rows) > 100
    assert all(h and len(h) == 64 for _, _, h in rows)
    assert [p for _, p, _ in rows[1:]] == [h for _, _, h in rows[:-1]]
    code, report, _ = _checked(demo_ledger)
    assert (code, report["ok"]) == (0, True)


def test_editing_one_audit_entry_is_named(demo_ledger: Cli) -> None:
    _tamper(demo_ledger, "UPDATE audit_log SET after = '{\"amount_fen\": 1}' WHERE id = 50")
    code, report, stderr = _checked(demo_ledger)
    # listed and warned of on stderr, exit 0 as for every finding (CLI.md: 3 only with
    # --exit-code)
    assert code == 0
    assert len(stderr.strip().splitlines()) == 1 and "audit_log" in stderr and "50" in stderr
    assert [(p["check"], p["row_id"]) for p in report["problems"]] == [("audit_edited", 50)]
    assert _checked(demo_ledger, "--exit-code")[0] == 3


def test_a_recomputed_hash_breaks_the_link_to_the_next_entry(demo_ledger: Cli) -> None:
    # the careful forger edits entry 7 and gives it the hash its new content deserves
    from dangwu.store.audit_chain import CHAINED, link

    cols = ", ".join(CHAINED)
    row = list(demo_ledger.sql(f"SELECT {cols}, prev_hash FROM audit_log WHERE id = 7")[0])
    row[CHAINED.index("reason")] = "改过"
    forged = link(row[-1], row[:-1])
    _tamper(demo_ledger, f"UPDATE audit_log SET reason = '改过', hash = '{forged}' WHERE id = 7")
    code, report, _ = _checked(demo_ledger)
    assert code == 0
    assert [(p["check"], p["row_id"]) for p in report["problems"]] == [("audit_chain", 8)]


def test_deleting_an_entry_is_named_by_the_one_after_it(demo_ledger: Cli) -> None:
    _tamper(demo_ledger, "DELETE FROM audit_log WHERE id = 20")
    code, report, _ = _checked(demo_ledger)
    assert code == 0
    named = {(p["check"], p["row_id"]) for p in report["problems"]}
    assert ("audit_chain", 21) in named


def test_deleting_the_newest_entry_is_caught_by_the_head(demo_ledger: Cli) -> None:
    last = demo_ledger.sql("SELECT MAX(id) FROM audit_log")[0][0]
    _tamper(demo_ledger, f"DELETE FROM audit_log WHERE id = {last}")
    code, report, _ = _checked(demo_ledger)
    assert code == 0
    assert [p["check"] for p in report["problems"]] == ["audit_head"]


def test_writes_after_a_check_keep_the_chain(ledger: Cli) -> None:
    ledger.add("张伟")
    ledger.add("王芳", gender="女")
    ledger.ok("member", "edit", "张伟", "--phone", "13800000000")
    code, report, _ = _checked(ledger)
    assert (code, report["problems"]) == (0, [])
    head = ledger.sql("SELECT value FROM branch_setting WHERE key = 'audit_head'")[0][0]
    last_id, last_hash = ledger.sql("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")[0]
    assert head == f"{last_id}:{last_hash}"


def test_db_check_finds_a_meeting_whose_attendance_was_trimmed(demo_ledger: Cli) -> None:
    meeting_id, attendance_id = demo_ledger.sql(
        "SELECT a.meeting_id, a.id FROM meeting_attendance a JOIN meeting m ON m.id = a.meeting_id"
        " WHERE a.status = 'present' AND m.status = 'held' ORDER BY a.id LIMIT 1"
    )[0]
    _tamper(demo_ledger, f"DELETE FROM meeting_attendance WHERE id = {attendance_id}")
    result = demo_ledger("db", "check", "--exit-code", "-f", "json")
    assert result.exit_code == 3
    named = [(p["check"], p["row_id"]) for p in json.loads(result.stdout)["problems"]]
    # the stored count no longer matches, and the row's seal names the row itself
    assert named == [("attendance_counts", meeting_id), ("row_deleted", attendance_id)]
