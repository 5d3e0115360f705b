"""The database itself refuses what dangwu never writes (issue 23, item 2; schema 0013).

On a server a branch's role may change its rows with any SQL: `UPDATE person SET
birth_date = 'infinity'` made every report of the branch, and the higher committee's
roll-up of all branches, fail. Every date, month, period, code and amount a report reads is
now checked by a constraint, on a ledger file and on a server alike; the values at the
bounds, and those dangwu writes, pass.
"""

from __future__ import annotations

import pytest

from conftest import Cli

# (statement, value): each must be refused by the database, whichever backend
REFUSED = [
    ("UPDATE person SET birth_date = ? WHERE id = 1", "infinity"),
    ("UPDATE person SET birth_date = ? WHERE id = 1", "-infinity"),
    ("UPDATE person SET birth_date = ? WHERE id = 1", "10000-01-01"),
    ("UPDATE person SET birth_date = ? WHERE id = 1", "1899-12-31"),
    ("UPDATE person SET birth_date = ? WHERE id = 1", "2201-01-01"),
    ("UPDATE person SET joined_on = ? WHERE id = 1", "2026-02-30"),
    ("UPDATE person SET gender = ? WHERE id = 1", "x"),
    ("UPDATE person SET category = ? WHERE id = 1", "boss"),
    ("UPDATE stage_event SET stage = ? WHERE person_id = 1", "leader"),
    ("UPDATE stage_event SET on_date = ? WHERE person_id = 1", "infinity"),
    ("UPDATE meeting SET held_on = ? WHERE id = 1", "infinity"),
    ("UPDATE meeting SET type = ? WHERE id = 1", "party"),
    ("UPDATE meeting SET status = ? WHERE id = 1", "maybe"),
    ("UPDATE meeting_attendance SET status = ? WHERE meeting_id = 1", "late"),
    ("UPDATE dues_base SET from_month = ? WHERE id = 1", "2026-13"),
    ("UPDATE dues_base SET from_month = ? WHERE id = 1", "20a6-01"),
    ("UPDATE dues_base SET due_fen = ? WHERE id = 1", -1),
    ("UPDATE dues_payment SET month = ? WHERE kind = 'regular'", "infinity"),
    ("UPDATE dues_payment SET paid_on = ? WHERE kind = 'regular'", "infinity"),
    ("UPDATE dues_payment SET amount_fen = ? WHERE kind = 'regular'", -100),
    ("UPDATE dues_payment SET amount_fen = ? WHERE kind = 'reversal'", 100),
    ("UPDATE dues_payment SET kind = ? WHERE kind = 'regular'", "gift"),
    ("UPDATE dues_remit SET period = ? WHERE id = 1", "2026Q5"),
    ("UPDATE dues_remit SET amount_fen = ? WHERE id = 1", 0),
    ("UPDATE dues_remit SET amount_fen = ? WHERE id = 1", 100_000_000_001),
    ("UPDATE member_lost SET reason = ? WHERE id = 1", "为什么"),
    ("UPDATE member_lost SET since = ? WHERE id = 1", "infinity"),
]


@pytest.fixture
def filled(run: Cli) -> Cli:
    run.ok("init", "--branch", "测试支部")
    run.add("张三")
    run.add("李四", "--birth-date", "1970-05-01")
    run.ok("meeting", "add", "general", "--on", "2026-03-10", "--absent", "李四")
    run.ok("dues", "base", "张三", "--fixed", "10", "--from", "2026-01")
    run.ok("dues", "pay", "张三", "--months", "2026-01..2026-02", "--on", "2026-03-01")
    run.ok("dues", "reverse", "2", "--reason", "录错")
    run.ok("dues", "remit", "--period", "2026Q1", "--amount", "10", "--on", "2026-04-10")
    run.ok("member", "lost", "李四", "--since", "2025-01-01", "--reason", "other")
    return run


@pytest.mark.parametrize(
    ("statement", "value"), REFUSED, ids=[f"{s[7:30]}={v}" for s, v in REFUSED]
)
def test_the_database_refuses_what_dangwu_never_writes(
    filled: Cli, statement: str, value: object
) -> None:
    assert filled.sql(f"SELECT COUNT(*) FROM {statement.split()[1]}")[0][0] > 0
    before = filled.dump()
    with pytest.raises(Exception) as refused:
        filled.execute(statement, (value,))
    # a constraint (or, on the server, the date type itself), never a report's error later
    assert type(refused.value).__name__ in {
        "IntegrityError",
        "CheckViolation",
        "DatetimeFieldOverflow",
        "InvalidDatetimeFormat",
        "NumericValueOutOfRange",
    }, refused.value
    assert filled.dump() == before


def test_values_at_the_bounds_pass_and_the_reports_read_them(filled: Cli) -> None:
    for statement, value in (
        ("UPDATE person SET birth_date = ? WHERE id = 1", "1900-01-01"),
        ("UPDATE person SET voided_on = ? WHERE id = 2", None),
        ("UPDATE dues_payment SET month = ? WHERE id = 1", "2200-12"),
        ("UPDATE dues_remit SET period = ? WHERE id = 1", "2026H1"),
        ("UPDATE dues_remit SET period = ? WHERE id = 1", "2026"),
        ("UPDATE member_lost SET found_on = ? WHERE id = 1", "2200-12-31"),
        ("UPDATE dues_payment SET amount_fen = ? WHERE kind = 'reversal'", 0),
    ):
        filled.execute(statement, (value,))
    assert filled.json("member", "show", "1")["birth_date"] == "1900-01-01"
    filled.json("report", "year", "2026", "--as-of", "2026-11-25")


def test_an_id_number_born_before_1900_is_refused_not_a_crash(run: Cli) -> None:
    """The number carries the birth date, which the ledger may not hold before 1900: refused
    as a --birth-date before 1900 is, not left to the database's check."""
    from datetime import date

    from dangwu.rules.identity import make_id

    run.ok("init", "--branch", "测试支部")
    number = make_id("110105", date(1899, 5, 1), 3, "male")
    result = run.refused(
        "member", "add", "老人", "--gender", "男", "--stage", "full", "--id-number", number
    )
    assert "--id-number" in result.stderr and "1900" in result.stderr
    assert "内部错误" not in result.stderr
