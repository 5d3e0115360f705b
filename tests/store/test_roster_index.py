"""store/roster_index.py answers, in Python, what STAGE_AT, IN_BRANCH, GROUP_AT and
ADMITTED_ON (store/queries.py) answer in SQL: checked against that SQL on random
histories — undated events, events entered out of date order, people joining late and
leaving, moves between groups — on every day that matters."""

from __future__ import annotations

import random
import sqlite3
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from dangwu.store.ledger import Ledger, create_ledger
from dangwu.store.queries import ADMITTED_ON, GROUP_AT, IN_BRANCH, STAGE_AT
from dangwu.store.reader import SqliteReader, reading
from dangwu.store.roster_index import MEMBER_STAGES, RosterIndex, roster_index

STAGES = ("applicant", "activist", "candidate", "probationary", "full")
START = date(2020, 1, 1)


def _day(rng: random.Random) -> str:
    return (START + timedelta(days=rng.randrange(0, 6 * 365))).isoformat()


def _maybe_day(rng: random.Random) -> str | None:
    return None if rng.random() < 0.25 else _day(rng)


def _fill(path: Path, seed: int, people: int = 150) -> None:
    rng = random.Random(seed)
    con = sqlite3.connect(path)
    with con:
        for g in range(1, 5):
            con.execute(
                "INSERT INTO party_group (id, name, created_on) VALUES (?, ?, '2019-01-01')",
                (g, f"第{g}党小组"),
            )
        for pid in range(1, people + 1):
            joined = _maybe_day(rng)
            left = _day(rng) if rng.random() < 0.3 else None
            con.execute(
                """INSERT INTO person (id, name, gender, category, join_kind, joined_on, left_on,
                                       left_reason)
                   VALUES (?, ?, 'male', 'in_service', 'roster', ?, ?, ?)""",
                (pid, f"人{pid}", joined, left, "withdrew" if left else None),
            )
        # events of different people interleaved, so ids are not grouped by person
        for _ in range(people * 3):
            con.execute(
                "INSERT INTO stage_event (person_id, stage, on_date) VALUES (?, ?, ?)",
                (rng.randrange(1, people + 1), rng.choice(STAGES), _maybe_day(rng)),
            )
        for _ in range(people * 2):
            a, b = _maybe_day(rng), _maybe_day(rng)
            con.execute(
                """INSERT INTO group_membership (person_id, group_id, from_on, to_on)
                   VALUES (?, ?, ?, ?)""",
                (rng.randrange(1, people + 1), rng.randrange(1, 5), a, b),
            )
    con.close()


@pytest.fixture(scope="module", params=[1, 2, 3])
def ledger(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("roster") / "ledger.db"

    def nothing(_: Ledger) -> None:
        pass

    create_ledger(path, nothing).dispose()
    _fill(path, request.param)
    return path


def _days(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        # every stored date, the day before and after it, and a few arbitrary ones
        stored = {
            d
            for (d,) in con.execute(
                """SELECT on_date FROM stage_event UNION SELECT joined_on FROM person
                   UNION SELECT left_on FROM person UNION SELECT from_on FROM group_membership
                   UNION SELECT to_on FROM group_membership"""
            )
            if d
        }
    finally:
        con.close()
    out = {"1990-01-01", "2040-12-31"}
    for d in sorted(stored)[::7]:
        day = date.fromisoformat(d)
        out |= {(day + timedelta(days=k)).isoformat() for k in (-1, 0, 1)}
    return sorted(out)


def test_the_index_answers_as_the_sql_does(ledger: Path) -> None:
    with reading(ledger) as reader:
        index = RosterIndex(reader)
        for d in _days(ledger):
            p = {"d": d}
            sql_stages = dict(reader.tuples(f"SELECT p.id, {STAGE_AT} FROM person p", p))
            assert index.stages_on(d) == {k: v for k, v in sql_stages.items() if v is not None}
            assert index.in_branch(d) == [
                i for (i,) in reader.tuples(f"SELECT p.id FROM person p WHERE {IN_BRANCH}", p)
            ]
            assert index.in_branch(d, MEMBER_STAGES) == [
                i
                for (i,) in reader.tuples(
                    f"""SELECT p.id FROM person p WHERE {IN_BRANCH}
                        AND {STAGE_AT} IN ('full', 'probationary') ORDER BY p.id""",
                    p,
                )
            ]
            sql_groups = dict(reader.tuples(f"SELECT p.id, {GROUP_AT} FROM person p", p))
            assert index.groups_on(d) == {k: v for k, v in sql_groups.items() if v is not None}
        admitted = dict(reader.tuples(f"SELECT p.id, {ADMITTED_ON} FROM person p"))
        assert {pid: index.admitted_on(pid) for pid in admitted} == admitted


class InsideAWrite:
    """Any reader but a read snapshot (a write's session): its answers may change."""

    dialect = "sqlite"
    snapshot = False

    def __init__(self, inner: SqliteReader) -> None:
        self.inner = inner
        self.memos: dict[str, dict[Any, Any]] = {}

    def tuples(self, sql: str, params: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
        return self.inner.tuples(sql, params)


def test_one_index_per_read_snapshot(ledger: Path) -> None:
    with reading(ledger) as reader:
        assert roster_index(reader) is roster_index(reader)
        other = InsideAWrite(reader)
        assert roster_index(other) is not roster_index(other)  # type: ignore[arg-type]
