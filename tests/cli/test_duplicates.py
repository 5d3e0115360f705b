"""The same thing typed twice is caught before it lands (issue 17): a person already on the
roster (by ID number, or by name as read and birth date), a meeting of the same type the
same day, a development record twice on one day. Each refusal names the record there."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from conftest import Cli


def _add(ledger: Cli, name: str, *extra: str) -> None:
    ledger.ok("member", "add", name, "--gender", "女", "--stage", "full", *extra)


def test_a_member_added_twice_is_refused_naming_the_first(ledger: Cli) -> None:
    _add(ledger, "李娜")
    before = ledger.dump()
    err = ledger.refused("member", "add", "李娜", "--gender", "女", "--stage", "full").stderr
    assert "1 李娜" in err and "member show 1" in err and err.startswith("错误：NAME")
    assert ledger.dump() == before


def test_names_are_compared_as_read(ledger: Cli) -> None:
    _add(ledger, "Li Na", "--birth-date", "1990-03-04")
    for typed in ("Ｌｉ Ｎａ", "li  na"):
        err = ledger.refused(
            "member", "add", typed, "--gender", "女", "--stage", "full",
            "--birth-date", "1990-03-04",
        ).stderr  # fmt: skip
        assert "1 Li Na" in err
    # an invisible or direction character is refused outright (issue 23, item 8)
    for typed in ("Li\u200b Na", "\u202eLi Na"):
        err = ledger.refused(
            "member", "add", typed, "--gender", "女", "--stage", "full",
            "--birth-date", "1990-03-04",
        ).stderr  # fmt: skip
        assert "U+200B" in err or "U+202E" in err
    # typed again without the birth date: nothing tells them apart
    err = ledger.refused("member", "add", "Li Na", "--gender", "女", "--stage", "full").stderr
    assert "1 Li Na" in err and "--birth-date" in err
    # another birth date: another person
    _add(ledger, "Li Na", "--birth-date", "1991-03-04")
    assert ledger.count("person") == 2


def test_namesakes_are_told_apart_by_their_id_numbers(ledger: Cli, idn: Callable[..., str]) -> None:
    born = date(1985, 6, 1)
    _add(ledger, "王芳", "--birth-date", born.isoformat(), "--id-number", idn(born, 2, "female"))
    _add(ledger, "王芳", "--birth-date", born.isoformat(), "--id-number", idn(born, 4, "female"))
    err = ledger.refused(
        "member", "add", "王芳", "--gender", "女", "--stage", "full",
        "--birth-date", born.isoformat(), "--id-number", idn(born, 2, "female"),
    ).stderr  # fmt: skip
    assert "--id-number" in err and "1 王芳" in err
    assert ledger.count("person") == 2


def test_dev_apply_and_transfer_in_of_someone_on_the_roster_are_refused(ledger: Cli) -> None:
    _add(ledger, "赵敏", "--birth-date", "1995-01-01")
    err = ledger.refused(
        "dev", "apply", "赵敏", "--on", "2026-03-01", "--birth-date", "1995-01-01",
        "--gender", "女",
    ).stderr  # fmt: skip
    assert "1 赵敏" in err
    err = ledger.refused(
        "member", "transfer-in", "赵敏", "--from", "某支部", "--on", "2026-03-01",
        "--gender", "女", "--stage", "full", "--birth-date", "1995-01-01",
    ).stderr  # fmt: skip
    assert "1 赵敏" in err
    assert ledger.count("person") == 1


def test_an_import_row_of_someone_on_the_roster_is_refused_with_its_line(
    ledger: Cli, write_csv: Callable[..., Path]
) -> None:
    _add(ledger, "Li Na", "--birth-date", "1990-03-04")
    path = write_csv(
        [
            ["姓名", "性别", "出生日期", "人员类别"],
            ["张伟", "男", "1980-01-01", "正式党员"],
            ["Ｌｉ Ｎａ", "女", "1990-03-04", "正式党员"],
        ]
    )
    err = ledger.refused("member", "import", str(path)).stderr
    assert "第 3 行" in err and "1 Li Na" in err
    assert ledger.count("person") == 1


def _branch(ledger: Cli) -> None:
    ledger.ok("group", "add", "一组")
    ledger.ok("group", "add", "二组")
    for i in range(1, 8):
        ledger.add(f"党员{i}", "--admitted-on", "2010-01-01", "--full-on", "2011-01-01",
                   "--group", "一组" if i % 2 else "二组")  # fmt: skip
    ledger.ok("committee", "set", "党员1", "secretary", "--from", "2020-01-01")
    ledger.ok("committee", "set", "党员2", "organization", "--from", "2020-01-01")


def test_a_meeting_typed_twice_is_refused_and_again_records_a_second(ledger: Cli) -> None:
    _branch(ledger)
    ledger.ok("meeting", "add", "committee", "--on", "2026-11-12")
    before = ledger.count("meeting")
    err = ledger.refused("meeting", "add", "committee", "--on", "2026-11-12").stderr
    assert "会议 1" in err and "--again" in err and err.startswith("错误：--on")
    assert ledger.count("meeting") == before
    ledger.ok("meeting", "add", "committee", "--on", "2026-11-12", "--again")
    # another type, or another group, the same day is no duplicate
    ledger.ok("meeting", "add", "general", "--on", "2026-11-12")
    ledger.ok("meeting", "add", "group", "--group", "一组", "--on", "2026-11-12")
    ledger.ok("meeting", "add", "group", "--group", "二组", "--on", "2026-11-12")
    ledger.refused("meeting", "add", "group", "--group", "二组", "--on", "2026-11-12")
    assert ledger.count("meeting") == before + 4


def test_a_development_record_twice_on_one_day_is_refused(ledger: Cli) -> None:
    _branch(ledger)
    ledger.ok("dev", "apply", "申请人", "--on", "2026-10-01", "--birth-date", "1998-01-01",
              "--gender", "男")  # fmt: skip
    ledger.ok("dev", "log", "申请人", "talk", "--on", "2026-10-10")
    err = ledger.refused("dev", "log", "申请人", "talk", "--on", "2026-10-10").stderr
    assert "dev show 8" in err
    ledger.ok("dev", "log", "申请人", "talk", "--on", "2026-10-11")
    assert ledger.count("dev_event") == 3
