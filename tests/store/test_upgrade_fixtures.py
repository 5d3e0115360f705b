"""Ledgers written by every released dangwu open with today's code, every fact intact.

tests/fixtures/ledgers/<rev>.db was made by the code of the last commit at revision <rev>
(make_fixtures.sh); facts.json holds what that old code read back from it. Here a copy of
each is opened through today's CLI, which upgrades it to revision.HEAD after a backup beside
it, and the old facts are read back through today's CLI. A new revision needs no change
here: every older fixture is then upgraded one more step.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from dangwu.cli.app import app
from dangwu.store import revision
from dangwu.store.ledger import read_revision

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ledgers"
FACTS: dict[str, Any] = json.loads((FIXTURES / "facts.json").read_text(encoding="utf-8"))
REVISIONS = sorted(p.stem for p in FIXTURES.glob("*.db"))


def cli(db: Path, *args: str) -> Result:
    result = CliRunner().invoke(app, ["--db", str(db), *args], catch_exceptions=False)
    assert "Traceback" not in result.stdout + result.stderr
    return result


def as_json(db: Path, *args: str) -> Any:
    result = cli(db, *args, "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "", result.stderr  # upgraded once, then quiet
    return json.loads(result.stdout)


def test_every_released_revision_has_a_fixture() -> None:
    # the head may not have shipped yet; every older revision has, so its fixture must exist
    released = set(revision.KNOWN[:-1])
    assert released <= set(REVISIONS), "add the fixture of each released revision"
    assert set(REVISIONS) <= set(revision.KNOWN)
    assert set(FACTS) == set(REVISIONS)


@pytest.mark.parametrize("rev", REVISIONS)
def test_the_fixture_is_what_the_old_code_wrote(rev: str) -> None:
    data = (FIXTURES / f"{rev}.db").read_bytes()
    assert hashlib.sha256(data).hexdigest() == FACTS[rev]["sha256"], "fixtures are never rebuilt"
    assert len(data) < 512 * 1024
    assert read_revision(FIXTURES / f"{rev}.db") == rev == FACTS[rev]["revision"]


@pytest.mark.parametrize("rev", REVISIONS)
def test_a_released_ledger_upgrades_with_every_fact_intact(tmp_path: Path, rev: str) -> None:
    facts = FACTS[rev]
    original = (FIXTURES / f"{rev}.db").read_bytes()
    db = tmp_path / "ledger.db"
    shutil.copyfile(FIXTURES / f"{rev}.db", db)
    db.chmod(0o600)

    # the first command upgrades (after a backup) and says so on stderr, once
    first = cli(db, "db", "info", "-f", "json")
    assert first.exit_code == 0, first.stderr
    info = json.loads(first.stdout)
    assert info["revision"] == revision.HEAD
    assert read_revision(db) == revision.HEAD
    backups = sorted(tmp_path.glob("ledger.db.*.bak"))
    if rev == revision.HEAD:
        assert backups == [] and first.stderr == ""
    else:
        assert len(backups) == 1
        backup = backups[0]
        assert backup.name.startswith(f"ledger.db.{rev}-")
        assert backup.read_bytes() == original  # the file as it was, byte for byte
        assert backup.stat().st_mode & 0o777 == 0o600
        note = first.stderr.strip().splitlines()
        assert len(note) == 1 and str(backup) in note[0] and revision.HEAD in note[0]
    # nothing half-done is left beside it
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(("-wal", "-shm"))) == [
        "ledger.db",
        *[b.name for b in backups],
    ]
    assert db.stat().st_mode & 0o777 == 0o600

    # every row is still there (an upgrade may log itself in the audit trail, never lose it)
    for table, count in facts["rows"].items():
        if table == "alembic_version":
            continue
        held = info["rows"][table]
        # the audit trail may log the upgrade; branch_setting gains the chain's head (0005)
        grows = table in ("audit_log", "branch_setting")
        assert held >= count if grows else held == count, table

    members = {
        m["name"]: {k: m[k] for k in ("stage", "group", "active", "left_reason")}
        for m in as_json(db, "member", "list", "--all")
    }
    assert members == facts["members"]
    assert {g["name"]: {"leader": g["leader"]} for g in as_json(db, "group", "list")} == facts[
        "groups"
    ]
    committee = [[c["name"], c["role"], c["from_on"]] for c in as_json(db, "committee", "list")]
    assert sorted(committee) == sorted(facts["committee"])

    meetings = [
        [m["date"], m["type"], m["status"], m["expected"], m["present"]]
        for m in as_json(db, "meeting", "list")
    ]
    assert sorted(meetings, key=str) == sorted(facts.get("meetings", []), key=str)
    evaluations = {e["name"]: [e["year"], e["grade"]] for e in as_json(db, "evaluation", "list")}
    assert evaluations == facts.get("evaluations", {})
    talks = [[t["date"], t["name"], t["with_name"]] for t in as_json(db, "talk", "list")]
    assert sorted(talks) == sorted(facts.get("talks", []))

    entries = [
        [p["name"], p["month"], p["amount"], p["kind"]] for p in as_json(db, "dues", "ledger")
    ]
    assert sorted(entries) == sorted(facts.get("dues_ledger", []))
    if "dues_2025" in facts:
        totals = as_json(db, "dues", "statement", "--year", "2025")["totals"]
        assert {k: totals[k] for k in facts["dues_2025"]} == facts["dues_2025"]
    if "development" in facts:
        stages = {d["name"]: d["stage"] for d in as_json(db, "dev", "list")}
        assert stages == facts["development"]

    assert as_json(db, "db", "check")["ok"] is True
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        con.close()
    # opened again: nothing more to do, no second backup
    assert sorted(tmp_path.glob("ledger.db.*.bak")) == backups
