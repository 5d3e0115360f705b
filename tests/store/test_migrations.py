"""Migrations: head matches the code, models and migrations agree, old ledgers upgrade."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine
from sqlmodel import SQLModel

import dangwu.store.models  # noqa: F401
from dangwu.store import revision
from dangwu.store.ledger import create_ledger, open_ledger, read_revision
from dangwu.store.paths import migrations_dir

# Rows a ledger at revision 0001 can hold; every later revision must keep them.
SEED_0001 = [
    "INSERT INTO branch_setting VALUES ('branch_name', '测试支部')",
    "INSERT INTO party_group (id, name, leader_id, created_on) VALUES (1, '第一党小组', NULL, '2024-01-01')",
    "INSERT INTO person (id, name, gender, birth_date, id_number, category, joined_on, join_kind)"
    " VALUES (1, '张伟', 'male', '1980-01-05', '11010519491231002X', 'in_service', NULL, 'roster')",
    "INSERT INTO person (id, name, gender, category, joined_on, join_kind, left_on, left_reason)"
    " VALUES (2, '李秀英', 'female', 'retired', '2020-01-01', 'transfer_in', '2025-03-01', 'deceased')",
    "INSERT INTO stage_event (person_id, stage, on_date) VALUES (1, 'probationary', '2003-05-10')",
    "INSERT INTO stage_event (person_id, stage, on_date) VALUES (1, 'full', '2004-05-10')",
    "INSERT INTO stage_event (person_id, stage, on_date) VALUES (2, 'full', NULL)",
    "INSERT INTO group_membership (person_id, group_id) VALUES (1, 1)",
    "INSERT INTO committee_role (person_id, role, from_on) VALUES (1, 'secretary', '2024-01-05')",
    "INSERT INTO audit_log (at, command, action, table_name, row_id) VALUES"
    " ('2026-01-01T00:00:00', 'dangwu member add', 'member.add', 'person', 1)",
]


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    return cfg


def _upgrade_to(path: Path, rev: str) -> None:
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        cfg = _config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, rev)
    engine.dispose()


def test_head_constant_matches_alembic() -> None:
    script = ScriptDirectory.from_config(_config())
    assert script.get_current_head() == revision.HEAD
    assert [r.revision for r in reversed(list(script.walk_revisions()))] == list(revision.KNOWN)


def test_models_and_migrations_do_not_drift(tmp_path: Path) -> None:
    ledger = create_ledger(tmp_path / "l.db")
    with ledger.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    ledger.dispose()
    assert diff == []


def _normalized(sql: str) -> str:
    return " ".join(sql.replace("(", " ( ").replace(")", " ) ").split())


def test_models_and_migrations_agree_on_every_check(tmp_path: Path) -> None:
    """compare_metadata leaves CHECK constraints out: the models' (the schema of record),
    as SQLite renders them, are the ones a new ledger has, name for name and word for word."""
    from sqlalchemy import CheckConstraint, inspect
    from sqlalchemy.dialects import sqlite

    ledger = create_ledger(tmp_path / "l.db")
    with ledger.engine.connect() as conn:
        found = {
            (table, c["name"], _normalized(c["sqltext"]))
            for table in inspect(conn).get_table_names()
            for c in inspect(conn).get_check_constraints(table)
        }
    ledger.dispose()
    dialect = sqlite.dialect()
    declared = {
        (table.name, c.name, _normalized(str(c.sqltext.compile(dialect=dialect))))
        for table in SQLModel.metadata.tables.values()
        for c in table.constraints
        if isinstance(c, CheckConstraint)
    }
    assert declared == found
    assert {"ck_person_birth_date", "ck_dues_payment_month", "ck_member_lost_reason"} <= {
        name for _, name, _ in found
    }


def test_a_ledger_holding_values_out_of_bounds_is_not_upgraded(tmp_path: Path) -> None:
    """0013 checks what dangwu never writes; a ledger changed outside dangwu to hold such a
    value is left as it was, and the refusal names the rows."""
    from dangwu.errors import Refused

    path = _seeded_ledger(tmp_path, "0012")
    con = sqlite3.connect(path)
    con.execute("UPDATE person SET birth_date = 'infinity' WHERE id = 1")
    con.execute("UPDATE dues_payment SET month = '2026-13' WHERE id = 1")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(Refused) as refused:
        open_ledger(path)
    text = refused.value.text("en")
    assert "person 1 (ck_person_birth_date)" in text
    assert "dues_payment 1 (ck_dues_payment_month)" in text
    assert "left as it was" in text and "\n" not in text
    assert read_revision(path) == "0012" and path.read_bytes() == before


def test_migrations_ship_with_the_package() -> None:
    assert (migrations_dir() / "env.py").is_file()
    assert (migrations_dir() / "versions" / "0001_foundation.py").is_file()


# Rows each revision added tables for: a ledger built at revision R holds the seeds of every
# revision up to R, and must keep them all through every later migration.
SEEDS = {
    "0001": SEED_0001,
    "0002": [
        "INSERT INTO meeting (id, type, held_on, status, expected, present, voting_expected,"
        " voting_present, quorum_met) VALUES (1, 'general', '2026-03-01', 'held', 1, 1, 1, 1, 1)",
        "INSERT INTO meeting_attendance (meeting_id, person_id, status, voting) VALUES (1, 1, 'present', 1)",
        "INSERT INTO talk (person_id, with_id, on_date) VALUES (1, 2, '2025-05-01')",
        "INSERT INTO evaluation (person_id, year, grade) VALUES (1, 2025, 'excellent')",
    ],
    "0003": [
        "INSERT INTO dues_base (person_id, from_month, category, income_fen, due_fen, rate)"
        " VALUES (1, '2026-01', 'in_service', 800000, 12000, '0.015')",
        "INSERT INTO dues_payment (id, person_id, month, amount_fen, kind, paid_on)"
        " VALUES (1, 1, '2026-01', 12000, 'regular', '2026-01-10')",
        "INSERT INTO dues_payment (person_id, month, amount_fen, kind, paid_on, reverses_id)"
        " VALUES (1, '2026-01', -12000, 'reversal', '2026-01-11', 1)",
    ],
    "0004": [
        "INSERT INTO dev_event (id, person_id, kind, on_date) VALUES (1, 1, 'talk', '2003-01-01')",
        "INSERT INTO dev_party (event_id, person_id, role) VALUES (1, 2, 'contact')",
    ],
    # 0005 adds no table, only the audit chain's columns
    "0005": ["INSERT INTO branch_setting VALUES ('higher_org', '机关党委')"],
    # 0006 only rebuilds dues_payment's indexes: a payment must be found through them
    "0006": [
        "INSERT INTO dues_payment (person_id, month, amount_fen, kind, paid_on, note)"
        " VALUES (1, '2026-02', 5000, 'voluntary', '2026-02-10', '自愿多交')",
    ],
    # 0007 lets meetings and talks be voided: a voided one is kept
    "0007": [
        "INSERT INTO meeting (id, type, held_on, status, voided_on, void_reason)"
        " VALUES (2, 'committee', '2026-03-02', 'held', '2026-03-03', '录错日期')",
        "INSERT INTO talk (person_id, with_id, on_date, voided_on, void_reason)"
        " VALUES (2, 1, '2025-05-01', '2025-05-02', '重复录入')",
    ],
    # 0008 adds the row seals and their triggers, filled by the migration from the rows the
    # seeds above left (test_upgrading_seals_every_existing_row checks them)
    "0008": [],
    # 0009: the rest of the development steps, and an evaluation decided at a meeting
    "0009": [
        "INSERT INTO dev_event (person_id, kind, on_date, number)"
        " VALUES (2, 'application_form', '2003-02-01', 'ZY2003001')",
        "UPDATE evaluation SET votes_excellent = 5, votes_qualified = 2, meeting_id = 1"
        " WHERE person_id = 1 AND year = 2025",
    ],
    # 0010: a meeting's hours; a member's occupation and a transfer letter's receipt
    "0010": [
        "UPDATE meeting SET from_time = '14:30', to_time = '16:00' WHERE id = 1",
        "UPDATE person SET occupation = 'official', letter_valid_days = 30,"
        " letter_receipt_on = '2025-03-20' WHERE id = 2",
    ],
    # 0011: a report to the higher committee; a work-report general meeting, a lecture's
    # speaker and a cadre committee meeting
    "0011": [
        "INSERT INTO report_sent (period, on_date, note) VALUES ('2025', '2026-01-10', '书面')",
        "UPDATE meeting SET work_report = TRUE WHERE id = 1",
        "UPDATE meeting SET cadre = TRUE, speaker_id = 1 WHERE id = 2",
    ],
    # 0012: an election, a member away with a report, a member out of contact
    "0012": [
        "INSERT INTO committee_election (on_date, years, meeting_id) VALUES ('2024-01-05', 3, 1)",
        "INSERT INTO member_away (person_id, place, from_on, kind) VALUES (1, '深圳', '2026-04-01', 'card')",
        "INSERT INTO away_report (person_id, on_date) VALUES (1, '2026-06-20')",
        # a reason code, as `member lost` writes it (0013 checks them)
        "INSERT INTO member_lost (person_id, since, reason) VALUES (2, '2024-06-01', 'other')",
    ],
    # 0013 checks every date, month, period, code and amount: values at their bounds pass
    "0013": [
        "INSERT INTO dues_payment (person_id, month, amount_fen, kind, paid_on)"
        " VALUES (1, '2200-12', 0, 'voluntary', '1900-01-01')",
        'INSERT INTO dues_remit (period, start, "end", amount_fen, on_date)'
        " VALUES ('2200H2', '2200-07-01', '2200-12-31', 100000000000, '2200-12-31')",
        "INSERT INTO report_sent (period, on_date) VALUES ('2026-11', '2024-02-29')",
        "INSERT INTO member_lost (person_id, since, reason) VALUES (1, '2026-01-05', 'abroad')",
    ],
}
# Tables whose rows are counted after the upgrade: as many as the seeds up to R inserted
COUNTED = ("person", "stage_event", "meeting_attendance", "dues_payment", "dev_party")


def test_every_revision_has_seed_rows() -> None:
    assert set(SEEDS) == set(revision.KNOWN)


@pytest.mark.parametrize("rev", revision.KNOWN)
def test_a_ledger_with_data_upgrades_to_head(
    tmp_path: Path, rev: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _seeded_ledger(tmp_path, rev)
    ledger = open_ledger(path)  # upgrades automatically, after a backup beside it
    ledger.dispose()
    assert read_revision(path) == revision.HEAD
    # the store says so to the command, which prints it; it writes to no terminal itself
    upgraded = rev != revision.HEAD
    assert len(ledger.notices) == int(upgraded)
    assert capsys.readouterr().err == ""
    con = sqlite3.connect(path)
    assert con.execute("SELECT name FROM person ORDER BY id").fetchall() == [("张伟",), ("李秀英",)]
    for table in COUNTED:
        if table in {
            t for (t,) in con.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }:
            held = con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            assert held == _seeded(table, rev), table
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.close()
    # and it has the schema a new ledger has (0006's indexes included), not only its rows
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), SQLModel.metadata) == []
    engine.dispose()
    backups = list(tmp_path.glob("old.db.*.bak"))
    if rev == revision.HEAD:
        assert backups == []
    else:
        assert len(backups) == 1 and read_revision(backups[0]) == rev
        assert backups[0].stat().st_mode & 0o777 == 0o600


def _seeded_ledger(tmp_path: Path, rev: str) -> Path:
    """A ledger built revision by revision up to `rev`, each step's seed rows inserted."""
    path = tmp_path / "old.db"
    path.touch(mode=0o600)
    for step in revision.KNOWN[: revision.KNOWN.index(rev) + 1]:
        _upgrade_to(path, step)
        con = sqlite3.connect(path)
        for stmt in SEEDS[step]:
            con.execute(stmt)
        con.commit()
        con.close()
    return path


def _seeded(table: str, rev: str) -> int:
    """Rows of `table` the seeds of every revision up to `rev` inserted."""
    steps = revision.KNOWN[: revision.KNOWN.index(rev) + 1]
    return sum(stmt.startswith(f"INSERT INTO {table} ") for step in steps for stmt in SEEDS[step])


def test_the_cli_reads_an_upgraded_ledger(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from dangwu.cli.app import app

    path = tmp_path / "old.db"
    path.touch(mode=0o600)
    _upgrade_to(path, "0001")
    con = sqlite3.connect(path)
    for stmt in SEED_0001:
        con.execute(stmt)
    con.commit()
    con.close()
    result = CliRunner().invoke(app, ["--db", str(path), "member", "list", "--all", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    assert [m["name"] for m in __import__("json").loads(result.stdout)] == ["张伟", "李秀英"]
    assert read_revision(path) == revision.HEAD


def test_a_ledger_newer_than_the_code_is_refused(tmp_path: Path) -> None:
    from dangwu.errors import Refused

    path = tmp_path / "new.db"
    create_ledger(path).dispose()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    with pytest.raises(Refused) as err:
        open_ledger(path)
    assert "newer" in err.value.en


def test_a_file_that_is_not_a_ledger_is_refused(tmp_path: Path) -> None:
    from dangwu.errors import Refused

    path = tmp_path / "notes.db"
    path.write_text("hello, not sqlite")
    with pytest.raises(Refused):
        open_ledger(path)


def test_the_audit_trail_of_an_old_ledger_is_chained_on_upgrade(tmp_path: Path) -> None:
    from dangwu.services.integrity import chain_problems
    from dangwu.store.reader import reading

    path = tmp_path / "old.db"
    path.touch(mode=0o600)
    for step in ("0001", "0002", "0003", "0004"):
        _upgrade_to(path, step)
        con = sqlite3.connect(path)
        for stmt in SEEDS[step]:
            con.execute(stmt)
        con.commit()
        con.close()
    con = sqlite3.connect(path)
    con.executemany(
        "INSERT INTO audit_log (at, command, action, table_name, row_id, after) VALUES (?, ?, ?, ?, ?, ?)",
        [("2026-02-01T09:00:00", "dangwu dues pay", "dues.pay", "dues_payment", 1, '{"a": "缴"}')]
        * 3,
    )
    con.commit()
    con.close()
    open_ledger(path).dispose()
    con = sqlite3.connect(path)
    rows = con.execute("SELECT id, prev_hash, hash FROM audit_log ORDER BY id").fetchall()
    head = con.execute("SELECT value FROM branch_setting WHERE key = 'audit_head'").fetchone()
    con.close()
    assert len(rows) == 4 and all(h and len(h) == 64 for _, _, h in rows)
    assert [p for _, p, _ in rows[1:]] == [h for _, _, h in rows[:-1]]
    assert head == (f"4:{rows[-1][2]}",)
    with reading(path) as r:
        assert chain_problems(r) == []


def test_upgrading_seals_every_existing_row(tmp_path: Path) -> None:
    """0008 seals the rows a 0007 ledger holds as they stand: `db check` passes on them, and
    a row changed afterwards outside dangwu is named."""
    from dangwu.services.integrity import check_ledger

    path = _seeded_ledger(tmp_path, "0007")
    ledger = open_ledger(path)
    con = sqlite3.connect(path)
    sealed = dict(con.execute("SELECT tbl, COUNT(*) FROM row_seal GROUP BY tbl").fetchall())
    assert sealed["person"] == 2 and sealed["dues_payment"] == _seeded("dues_payment", "0007")
    assert sealed["meeting"] == 2 and sealed["talk"] == 2
    assert con.execute("SELECT COUNT(*) FROM seal_pending").fetchone() == (0,)
    assert [p for p in check_ledger(ledger) if p["check"].startswith("row_")] == []
    con.execute("UPDATE talk SET on_date = '2025-06-01' WHERE id = 1")
    con.commit()
    con.close()
    found = [(p["check"], p["table"], p["row_id"]) for p in check_ledger(ledger)]
    ledger.dispose()
    assert ("row_changed", "talk", 1) in found


def test_full_on_of_a_conversion_moves_to_the_end_of_probation(tmp_path: Path) -> None:
    """0009 (issue 18, 党章 art. 7): a member converted by `dev convert` before 0009 had
    full_on at the meeting; it moves to the day probation ended, the move is in the audit
    trail, and the ledger stays sealed."""
    from typer.testing import CliRunner

    from dangwu.cli.app import app
    from dangwu.services.integrity import check_ledger

    path = _seeded_ledger(tmp_path, "0008")
    con = sqlite3.connect(path)
    for stmt in (
        # admitted 2024-11-30 (a ledger entry), converted at a meeting on 2025-12-06, and
        # one extended by six months and converted on 2026-06-10
        "INSERT INTO person (id, name, gender, category, join_kind) VALUES (3, '甲', 'male', 'in_service', 'applicant')",
        "INSERT INTO dev_event (person_id, kind, on_date) VALUES (3, 'apply', '2022-01-01')",
        "INSERT INTO dev_event (person_id, kind, on_date) VALUES (3, 'admit', '2024-11-30')",
        "INSERT INTO stage_event (person_id, stage, on_date, note)"
        " VALUES (3, 'probationary', '2024-11-30', 'dev admit')",
        "INSERT INTO dev_event (person_id, kind, on_date) VALUES (3, 'convert', '2025-12-06')",
        "INSERT INTO stage_event (person_id, stage, on_date, note)"
        " VALUES (3, 'full', '2025-12-06', 'dev convert')",
        "INSERT INTO person (id, name, gender, category, join_kind) VALUES (4, '乙', 'female', 'in_service', 'applicant')",
        "INSERT INTO dev_event (person_id, kind, on_date) VALUES (4, 'apply', '2022-01-01')",
        "INSERT INTO dev_event (person_id, kind, on_date) VALUES (4, 'admit', '2024-02-29')",
        "INSERT INTO stage_event (person_id, stage, on_date, note)"
        " VALUES (4, 'probationary', '2024-02-29', 'dev admit')",
        "INSERT INTO dev_event (person_id, kind, on_date, months)"
        " VALUES (4, 'extend', '2025-03-03', 6)",
        "INSERT INTO dev_event (person_id, kind, on_date) VALUES (4, 'convert', '2025-09-10')",
        "INSERT INTO stage_event (person_id, stage, on_date, note)"
        " VALUES (4, 'full', '2025-09-10', 'dev convert')",
    ):
        con.execute(stmt)
    con.commit()
    # what dangwu 0008 wrote is sealed: the rows above go in as dangwu's own
    con.execute("DELETE FROM seal_pending")
    con.commit()
    con.close()
    from dangwu.store.seal import seal_all
    from dangwu.store.writer import writing

    with writing(path) as w:
        seal_all(w)
    ledger = open_ledger(path)
    assert [p for p in check_ledger(ledger) if p["check"].startswith("row_")] == []
    ledger.dispose()
    con = sqlite3.connect(path)
    full = dict(
        con.execute("SELECT person_id, on_date FROM stage_event WHERE stage = 'full'").fetchall()
    )
    moved = con.execute(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'migrate.full_on'"
    ).fetchone()
    con.close()
    assert full[3] == "2025-11-30" and full[4] == "2025-08-28"
    assert moved == (2,)
    con = sqlite3.connect(path)
    commands = {
        c for (c,) in con.execute("SELECT command FROM audit_log WHERE action = 'migrate.full_on'")
    }
    con.close()
    assert commands == {"dangwu db upgrade (0009)"}
    runner = CliRunner()
    shown = runner.invoke(app, ["--db", str(path), "--lang", "en", "member", "show", "甲"])
    assert "2025-11-30" in shown.output, shown.output
    trail = runner.invoke(app, ["--db", str(path), "--lang", "en", "history", "甲"])
    assert trail.exit_code == 0 and "2025-12-06" in trail.output and "2025-11-30" in trail.output
    checked = runner.invoke(app, ["--db", str(path), "db", "check"])
    assert checked.exit_code == 0, checked.output
