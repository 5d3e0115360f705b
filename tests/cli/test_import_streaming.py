"""Imports in bounded memory (issue 22, item 2): `dues import` and `member import` read, check
and write a batch at a time through a staging table, still all or nothing, still naming lines.

The files here are larger than one batch (store/staging.py BATCH), so that a problem found at
the end comes after rows were already written in the transaction it rolls back.
"""

from __future__ import annotations

import csv
import io
import re
import tracemalloc
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from dangwu.rules.identity import make_id
from dangwu.store import staging

if TYPE_CHECKING:
    from conftest import Cli

MONTHS = [f"{y}-{m:02d}" for y in (2024, 2025) for m in range(1, 13)]


def _id(i: int) -> str:
    return make_id(f"{110101 + i // 500:06d}", date(1940 + i % 40, 1 + i % 12, 1 + i % 28), i % 500,
                   "male" if i % 2 else "female")  # fmt: skip


def _csv(path: Path, rows: list[list[Any]], encoding: str = "utf-8") -> Path:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def _roster(ledger: Cli, tmp_path: Path, people: int) -> None:
    rows: list[list[Any]] = [["姓名", "性别", "出生日期", "公民身份号码", "人员类别", "入党日期"]]
    for i in range(people):
        born = date(1940 + i % 40, 1 + i % 12, 1 + i % 28)
        rows.append([f"党员{i}", "男" if i % 2 else "女", born, _id(i), "正式党员", "2000-07-01"])
    ledger.ok("member", "import", _csv(tmp_path / "roster.csv", rows))


def _register(people: int) -> list[list[Any]]:
    """Every person's 24 months paid at a base of 5,000 (due 50.00), the base on the first."""
    rows: list[list[Any]] = [["公民身份号码", "月份", "缴费基数", "实缴金额", "缴纳日期"]]
    for i in range(people):
        for k, month in enumerate(MONTHS):
            rows.append([_id(i), month, "5000" if k == 0 else "", "50.00", f"{month}-10"])
    return rows


@pytest.fixture
def members(ledger: Cli, tmp_path: Path) -> Cli:
    """A ledger of 250 members: their register is 6,000 rows, more than one batch."""
    _roster(ledger, tmp_path, 250)
    return ledger


# --- all or nothing ------------------------------------------------------------------------


def test_a_problem_on_the_last_line_rolls_back_the_batches_already_written(
    members: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dangwu.services import dues_import

    rows = _register(250)
    assert len(rows) - 1 > staging.BATCH
    # the last line pays the last member's first month again: found in the second pass,
    # with the last batch of people, after the batches before it were written
    rows.append([_id(249), MONTHS[0], "", "50.00", f"{MONTHS[0]}-10"])
    last = len(rows)
    writes: list[int] = []
    write = dues_import._write
    monkeypatch.setattr(
        dues_import, "_write", lambda w, b, p, r: (writes.append(len(p)), write(w, b, p, r))
    )
    err = members.refused("dues", "import", _csv(tmp_path / "dues.csv", rows)).stderr
    assert writes and sum(writes) > 0  # rows were written, then rolled back
    assert f"第 {last} 行" in err and f"与第 {last - 24} 行是同一人同一月份" in err
    assert err.startswith("错误：FILE: 1 行有错误，未写入任何数据")
    assert members.count("dues_payment") == 0 and members.count("dues_base") == 0


def test_a_dry_run_of_a_large_register_writes_nothing_and_the_import_writes_it_all(
    members: Cli, tmp_path: Path
) -> None:
    register = _csv(tmp_path / "dues.csv", _register(250))
    before = members.dump()
    out = members.ok("dues", "import", "--dry-run", str(register)).stdout
    assert "6000 行可以导入" in out
    assert members.dump() == before
    out = members.ok("dues", "import", str(register)).stdout
    assert "已导入 6000 行：6000 笔缴费，250 个基数" in out
    assert members.count("dues_payment") == 6000 and members.count("dues_base") == 250
    # one audit entry per row written, the chain and the seals intact
    assert len(members.audit("dues.import.pay")) == 6000
    assert members.ok("db", "check", "--exit-code").exit_code == 0
    # and again: every month is already paid, every line says so
    err = members.refused("--lang", "en", "dues", "import", str(register)).stderr
    assert "6000 bad rows; nothing was written" in err
    assert "line 2: 月份: 党员0 already paid 2024-01" in err


# --- problems: every line named, in order, the list capped ----------------------------------


def test_problems_of_both_passes_come_in_line_order(members: Cli, tmp_path: Path) -> None:
    rows = _register(250)
    rows[3000][0] = "110101199001011234"  # line 3001: nobody (first pass)
    rows[10][3] = "40.00"  # line 11: below the due (second pass)
    rows[6000][1] = "2025-13"  # line 6001: no such month (first pass)
    rows[5000][0] = _id(1)  # line 5001: 党员1's 2025-09 (a month of 党员208 moved to 党员1)
    err = members.refused("--lang", "en", "dues", "import", _csv(tmp_path / "d.csv", rows)).stderr
    lines = [int(n) for n in re.findall(r"^  line (\d+):", err, re.M)]
    assert lines == [11, 3001, 5001, 6001], err
    assert "4 bad rows" in err


def test_a_file_of_many_bad_rows_lists_the_first_and_counts_the_rest(
    members: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(staging.Problems, "KEEP", 30)
    rows = _register(250)
    for row in rows[1:]:
        row[3] = "1.00"  # every row below its due
    # and every 96th names nobody (never a base's row): first-pass problems among the rest
    for row in rows[5::96]:
        row[0] = "110101199001011234"
    err = members.refused("--lang", "en", "dues", "import", _csv(tmp_path / "d.csv", rows)).stderr
    listed = err.strip().splitlines()
    assert listed[0] == "error: FILE: 6000 bad rows; nothing was written"
    numbers = [int(n) for n in re.findall(r"^  line (\d+):", err, re.M)]
    assert numbers == list(range(2, 32)), numbers  # the first 30, in line order
    assert "line 6: 公民身份号码: no person with ID number" in err
    assert listed[-1] == "  … and 5,970 more problems not listed (6,000 bad lines in all)"


# --- encodings ----------------------------------------------------------------------------


def test_a_file_of_two_encodings_is_refused_naming_its_first_bad_line(
    ledger: Cli, tmp_path: Path
) -> None:
    head = "姓名,性别,人员类别\n王建国,男,正式党员\n"
    path = tmp_path / "mixed.csv"
    path.write_bytes(head.encode("utf-8") + "李秀英,女,正式党员\n".encode("gbk"))
    err = ledger.refused("--lang", "en", "member", "import", str(path)).stderr
    assert "line 3" in err and "is not UTF-8, but line 1 is" in err
    # GBK first, then a line in UTF-8: not GBK (a character of three bytes leaves one over)
    path.write_bytes(head.encode("gbk") + "李秀英,女,正式党员\n".encode())
    err = ledger.refused("--lang", "en", "member", "import", str(path)).stderr
    assert "cannot decode line 3" in err
    # bytes that are neither
    path.write_bytes(head.encode("gbk") + b"\xff\xfe,\xff\n")
    err = ledger.refused("member", "import", str(path)).stderr
    assert "第 3 行的编码无法识别" in err
    # one encoding throughout still imports, GBK as UTF-8 (with a BOM)
    path.write_bytes(("姓名,性别,人员类别\n" + "李秀英,女,正式党员\n" * 1).encode("gbk"))
    ledger.ok("member", "import", str(path))
    path.write_bytes(b"\xef\xbb\xbf" + "姓名,性别,人员类别\n王建国,男,正式党员\n".encode())
    ledger.ok("member", "import", str(path))
    assert ledger.count("person") == 2


# --- the roster: duplicates found by SQL as they were in memory ----------------------------


def _expected_duplicates(ledger: Cli, rows: list[list[Any]]) -> list[str]:
    """The roster import's duplicate checks as they were written before staging (the whole
    file and ledger in dicts), as the English problem lines."""
    from dangwu.crash import mask_text
    from dangwu.rules.names import name_key
    from dangwu.services.person_fields import validate
    from dangwu.services.roster import KEYS

    header = rows[0]
    keys = {"姓名": "name", "性别": "gender", "出生日期": "birth_date",
            "公民身份号码": "id_number", "人员类别": "stage"}  # fmt: skip
    names = {k: k for k in KEYS} | {v: k for k, v in keys.items()}
    existing_ids = {
        n: (pid, name)
        for pid, name, n in ledger.sql("SELECT id, name, id_number FROM person")
        if n is not None
    }
    existing_people = {
        (name_key(name), date.fromisoformat(born) if born else None): (pid, name, n)
        for pid, name, born, n in ledger.sql(
            "SELECT id, name, birth_date, id_number FROM person ORDER BY id"
        )
    }
    seen_ids: dict[str, int] = {}
    seen_people: dict[tuple[str, Any], int] = {}
    out = []
    for line, row in enumerate(rows[1:], start=2):
        raw = {keys[h]: (v or None) for h, v in zip(header, row, strict=True)}
        values, problems = validate(raw, date.today(), names=names)
        out += [f"line {line}: {p.field}: {p.en}" for p in problems]
        n = values.get("id_number")
        if values.get("name"):
            key = (name_key(values["name"]), values.get("birth_date"))
            if key in existing_people and not (n and existing_people[key][2]):
                pid, pname, _ = existing_people[key]
                out.append(
                    f"line {line}: 姓名: already in the ledger ({pid} {pname}, same birth date)"
                )
            elif key in seen_people and not n:
                out.append(f"line {line}: 姓名: same person as line {seen_people[key]}")
            else:
                seen_people[key] = line
        if n:
            if n in existing_ids:
                pid, pname = existing_ids[n]
                out.append(f"line {line}: 公民身份号码: already in the ledger ({pid} {pname})")
            elif n in seen_ids:
                out.append(f"line {line}: 公民身份号码: same as line {seen_ids[n]}")
            else:
                seen_ids[n] = line
    return [mask_text(line) for line in out]


def test_roster_duplicates_are_the_ones_the_in_memory_checks_found(
    ledger: Cli, tmp_path: Path
) -> None:
    a = make_id("110101", date(1980, 1, 1), 1, "male")
    b = make_id("110101", date(1980, 1, 1), 3, "male")
    c = make_id("110101", date(1970, 1, 1), 4, "male")
    x = make_id("110101", date(1990, 3, 4), 2, "female")
    y = make_id("110101", date(1986, 6, 6), 5, "female")
    ledger.add("Li Na", "--birth-date", "1990-03-04")  # 1, no ID number
    ledger.add("张伟", "--birth-date", "1980-01-01", "--id-number", a)  # 2
    header = ["姓名", "性别", "出生日期", "公民身份号码", "人员类别"]
    rows: list[list[Any]] = [
        header,
        ["Ｌｉ Ｎａ", "女", "1990-03-04", "", "正式党员"],  # 2: Li Na, in the ledger
        ["li  na", "女", "1990-03-04", x, "正式党员"],  # 3: theirs has no ID number
        ["张伟", "男", "1980-01-01", "", "正式党员"],  # 4: 张伟 without an ID number
        ["张伟", "男", "1980-01-01", b, "正式党员"],  # 5: another 张伟 (both have IDs)
        ["王五", "男", "1970-01-01", "", "正式党员"],  # 6
        ["王五", "男", "1970-01-01", "", "正式党员"],  # 7: as line 6
        ["王五", "男", "1970-01-01", c, "正式党员"],  # 8: with an ID number: another
        ["王五", "男", "1970-01-01", "", "正式党员"],  # 9: as line 8, the last taken
        ["王五", "男", "1970-01-01", c, "正式党员"],  # 10: line 8's ID number
        ["王五", "男", "1970-01-01", "", "正式党员"],  # 11: as line 10
        ["赵六", "男", "", a, "正式党员"],  # 12: 张伟's ID number
        ["赵六", "男", "", "", "正式党员"],  # 13: as line 12
        ["孙七", "未知", "1980-01-01", b, "正式党员"],  # 14: a bad gender, line 5's ID
        ["周八", "女", "1986-06-06", y, "正式党员"],  # 15: fine
    ]
    expected = _expected_duplicates(ledger, rows)
    assert len(expected) == 10 and expected[:3] == [
        "line 2: 姓名: already in the ledger (1 Li Na, same birth date)",
        "line 3: 姓名: already in the ledger (1 Li Na, same birth date)",
        "line 4: 姓名: already in the ledger (2 张伟, same birth date)",
    ]
    assert "line 11: 姓名: same person as line 10" in expected
    assert expected[-1] == "line 14: 公民身份号码: same as line 5"
    err = ledger.refused("--lang", "en", "member", "import", _csv(tmp_path / "r.csv", rows))
    got = [line.strip() for line in err.stderr.strip().splitlines()[1:]]
    assert got == expected
    assert ledger.count("person") == 2


def test_a_large_roster_imports_in_batches(ledger: Cli, tmp_path: Path) -> None:
    _roster(ledger, tmp_path, 4500)  # more than two write batches
    assert ledger.count("person") == 4500 and ledger.count("stage_event") == 9000
    assert ledger.sql("SELECT MIN(id), MAX(id) FROM person") == [(1, 4500)]
    assert ledger.sql("SELECT name FROM person WHERE id = 4500") == [("党员4499",)]
    assert len(ledger.audit("member.import")) == 4500
    assert ledger.ok("db", "check", "--exit-code").exit_code == 0


# --- memory ---------------------------------------------------------------------------------


def test_a_register_imports_in_bounded_memory(ledger: Cli, tmp_path: Path) -> None:
    """The Python heap's peak (tracemalloc) while 24,000 rows import: before staging the
    parsed rows, the ledger's payments and the rows to write were all held at once (37.5 MB
    here, growing with the file); now a batch at a time (10.6 MB, as for 6,000 or 50,400)."""
    people = 1000
    _roster(ledger, tmp_path, people)
    register = _csv(tmp_path / "dues.csv", _register(people))
    tracemalloc.start()
    try:
        out = ledger.ok("dues", "import", str(register)).stdout
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert f"已导入 {people * 24} 行" in out
    assert peak < 20 * 2**20, f"peak {peak / 2**20:.1f} MB"
