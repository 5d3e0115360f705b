"""New ledgers and backups appear under their name only when complete.

A process killed half-way through `init`, `demo` or `db backup` used to leave a partial file
at the path: a ledger every command called "not a dangwu ledger", or a truncated backup,
which a second try then refused to replace. tests/reliability/test_kill.py kills real
processes; these tests show the mechanism deterministically.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from dangwu.errors import Refused
from dangwu.store.ledger import Ledger, backup_to, create_ledger


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_ledger_being_filled_is_not_yet_at_its_path(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    seen: list[bool] = []

    def fill(ledger: Ledger) -> None:
        seen.append(path.exists())

    create_ledger(path, fill).dispose()
    assert seen == [False]
    assert _names(tmp_path) == ["ledger.db"]  # no temporary file, no -wal left beside it
    con = sqlite3.connect(path)
    try:
        assert con.execute("SELECT COUNT(*) FROM alembic_version").fetchone() == (1,)
    finally:
        con.close()


def test_a_failure_while_filling_leaves_no_file_and_init_can_be_run_again(
    tmp_path: Path,
) -> None:
    path = tmp_path / "ledger.db"

    def fill(_ledger: Ledger) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        create_ledger(path, fill)
    assert _names(tmp_path) == []
    create_ledger(path).dispose()
    assert path.is_file()


def test_a_ledger_that_appeared_meanwhile_is_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"

    def fill(_ledger: Ledger) -> None:
        path.write_text("somebody else's file", encoding="utf-8")

    with pytest.raises(Refused):
        create_ledger(path, fill)
    assert path.read_text(encoding="utf-8") == "somebody else's file"
    assert _names(tmp_path) == ["ledger.db"]


def test_a_backup_appears_whole_and_alone(tmp_path: Path) -> None:
    source = tmp_path / "ledger.db"
    create_ledger(source).dispose()
    target = tmp_path / "copy.db"
    backup_to(source, target)
    assert _names(tmp_path) == ["copy.db", "ledger.db"]
    con = sqlite3.connect(target)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        con.close()
    with pytest.raises(Refused):
        backup_to(source, target)
