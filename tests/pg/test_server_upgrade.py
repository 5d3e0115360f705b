"""A branch on a server made by every earlier schema, with data, upgrades in place; the
audit chain is checked there as it is in a file; the server's refusals are one line."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from pg_kit import Dangwu, admin
from sqlalchemy import create_engine

from dangwu.store import revision
from dangwu.store.paths import migrations_dir

_spec = importlib.util.spec_from_file_location(
    "migration_seeds", Path(__file__).parents[1] / "store" / "test_migrations.py"
)
assert _spec and _spec.loader
seeds = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(seeds)

# PostgreSQL is stricter than SQLite about booleans written as 0/1
BOOLEAN_LITERALS = {", 1)": ", true)", ", 0)": ", false)"}


def _migrate_to(url: str, rev: str) -> None:
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        cfg = Config()
        cfg.set_main_option("script_location", str(migrations_dir()))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, rev)
    engine.dispose()


@pytest.mark.parametrize("rev", revision.KNOWN[:-1])
def test_a_branch_with_data_upgrades_to_head_on_the_server(pg_db: str, rev: str) -> None:
    for step in revision.KNOWN[: revision.KNOWN.index(rev) + 1]:
        _migrate_to(pg_db, step)
        statements = []
        for stmt in seeds.SEEDS[step]:
            if "quorum_met" in stmt or "voting" in stmt or "enabled" in stmt:
                for old, new in BOOLEAN_LITERALS.items():
                    stmt = stmt.replace(old, new)
            statements.append(stmt)
        for stmt in statements:
            admin(pg_db, stmt)
            _sequences_past_seeded_ids(pg_db)
    cli = Dangwu(pg_db)
    result = cli.ok("member", "list", "--all", "--format", "json")
    assert revision.HEAD in result.stderr  # the one-line note that it was upgraded
    assert {m["name"] for m in cli.json("member", "list", "--all")} >= {"张伟", "李秀英"}
    assert cli.json("db", "info")["revision"] == revision.HEAD
    # the seeds are raw rows (a person with no audit entry is reported, as in a file); the
    # audit chain the upgrade built over them holds
    assert not _chain_problems(cli)
    # and it is a working ledger: a write, audited and chained
    cli.ok("member", "add", "新人", "--gender", "女", "--stage", "full")
    assert not _chain_problems(cli)


def _sequences_past_seeded_ids(url: str) -> None:
    """The seeds give their own ids, as a restore would; move the sequences past them."""
    admin(
        url,
        """DO $$ DECLARE t text; BEGIN
             FOR t IN SELECT table_name FROM information_schema.columns
                      WHERE table_schema = 'public' AND column_default LIKE 'nextval%'
                        AND column_name = 'id' LOOP
               EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, ''id''),
                               COALESCE((SELECT MAX(id) FROM %I), 0) + 1, false)', t, t);
             END LOOP; END $$""",
    )


def _chain_problems(cli: Dangwu) -> list[dict[str, object]]:
    problems = cli.json("db", "check")["problems"]
    return [
        p
        for p in problems
        if str(p["check"]).startswith("audit_") and p["check"] != "audit_missing"
    ]


def test_an_audit_entry_edited_on_the_server_is_found(pg_db: str) -> None:
    cli = Dangwu(pg_db)
    cli.ok("init", "--branch", "测试支部")
    cli.ok("member", "add", "张三", "--gender", "男", "--stage", "full")
    cli.ok("member", "add", "李四", "--gender", "女", "--stage", "full")
    admin(pg_db, "UPDATE audit_log SET command = 'dangwu member add 王五' WHERE id = 2")
    result = cli("db", "check", "--format", "json")
    assert result.exit_code == 0  # listed, and warned of on stderr; 3 with --exit-code
    assert "audit_edited" in result.stdout and "audit_log" in result.stderr
    assert cli("db", "check", "--exit-code", "--format", "json").exit_code == 3


def test_a_server_that_does_not_answer_is_one_line(tmp_path: Path) -> None:
    result = Dangwu("postgresql://nobody@127.0.0.1:1/nothing")("member", "list")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "127.0.0.1:1" in lines[0], result.stderr


def test_a_database_with_no_ledger_says_how_to_make_one(pg_db: str, pg_server: str) -> None:
    result = Dangwu(pg_db)("member", "list")
    assert result.exit_code == 1 and "init" in result.stderr
    result = Dangwu(pg_db + "?branch=nowhere")("init", "--branch", "x")
    assert result.exit_code == 1 and "branch create" in result.stderr
    assert Dangwu(pg_db)("demo").exit_code == 0
    again = Dangwu(pg_db)("init", "--branch", "x")
    assert again.exit_code == 1 and "already" in again.stderr or "已有" in again.stderr


def test_dangwu_db_may_name_the_server(pg_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from dangwu.cli.app import app

    monkeypatch.setenv("DANGWU_DB", pg_db)
    runner = CliRunner()
    assert runner.invoke(app, ["init", "--branch", "环境变量支部"]).exit_code == 0
    result = runner.invoke(app, ["db", "info", "--format", "json"])
    assert result.exit_code == 0 and '"branch": "环境变量支部"' in result.stdout


def test_a_branch_holding_values_out_of_bounds_is_not_upgraded(pg_db: str) -> None:
    """0013 checks every date, month, period, code and amount; a branch holding a value
    dangwu never writes (written around it, with plain SQL) keeps its schema, and the
    refusal names the rows, in one line."""
    before_checks = revision.KNOWN[revision.KNOWN.index("0013") - 1]
    for step in revision.KNOWN[: revision.KNOWN.index(before_checks) + 1]:
        _migrate_to(pg_db, step)
        for stmt in seeds.SEEDS[step]:
            if "quorum_met" in stmt or "voting" in stmt or "enabled" in stmt:
                for old, new in BOOLEAN_LITERALS.items():
                    stmt = stmt.replace(old, new)
            admin(pg_db, stmt)
            _sequences_past_seeded_ids(pg_db)
    admin(
        pg_db,
        "UPDATE person SET birth_date = 'infinity' WHERE id = 1",
        "UPDATE dues_payment SET month = '2026-13' WHERE id = 1",
    )
    result = Dangwu(pg_db)("member", "list")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert "person 1 (ck_person_birth_date)" in lines[0]
    assert "dues_payment 1 (ck_dues_payment_month)" in lines[0]
    import psycopg

    with psycopg.connect(pg_db) as con:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone() == (before_checks,)
