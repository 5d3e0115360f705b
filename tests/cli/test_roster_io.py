"""`dangwu member import` and `dangwu member export`: the roster (花名册) in and out."""

from __future__ import annotations

import csv
import io
import re
import stat
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from conftest import Cli

from dangwu.rules.identity import make_id

ZH_HEADER = [
    "姓名",
    "性别",
    "民族",
    "出生日期",
    "公民身份号码",
    "学历",
    "人员类别",
    "工作状态",
    "入党日期",
    "转正日期",
    "党小组",
    "联系电话",
    "工作单位",
]
EN_HEADER = [
    "name",
    "gender",
    "ethnicity",
    "birth_date",
    "id_number",
    "education",
    "stage",
    "category",
    "admitted_on",
    "full_on",
    "group",
    "phone",
    "unit",
]

ID_1 = make_id("110101", date(1968, 3, 12), 1, "male")
ID_2 = make_id("110101", date(1972, 8, 25), 2, "female")
ID_3 = make_id("110101", date(1995, 4, 1), 3, "male")

ZH_ROWS = [
    ["王建国", "男", "汉族", "1968-03-12", ID_1, "大学本科", "正式党员", "在职",
     "1992-07-01", "1993-07-01", "第一党小组", "13801010001", "办公室"],
    ["李秀英", "女", "回族", "1972/08/25", ID_2, "研究生", "正式党员", "离退休",
     "1996年6月20日", "19970620", "第二党小组", "13801010002", "综合处"],
    ["赵磊", "男", "汉族", "1995-04-01", ID_3, "大学本科", "预备党员", "在职",
     "2026-05-01", "", "第一党小组", "", ""],
]  # fmt: skip
EN_ROWS = [
    ["王建国", "male", "汉族", "1968-03-12", ID_1, "大学本科", "full", "in_service",
     "1992-07-01", "1993-07-01", "第一党小组", "13801010001", "办公室"],
    ["李秀英", "female", "回族", "1972-08-25", ID_2, "研究生", "full", "retired",
     "1996-06-20", "1997-06-20", "第二党小组", "13801010002", "综合处"],
    ["赵磊", "male", "汉族", "1995-04-01", ID_3, "大学本科", "probationary", "in_service",
     "2026-05-01", "", "第一党小组", "", ""],
]  # fmt: skip

EXPECTED = [
    {
        "name": "王建国",
        "gender": "male",
        "stage": "full",
        "group": "第一党小组",
        "category": "in_service",
        "birth_date": "1968-03-12",
        "admitted_on": "1992-07-01",
        "full_on": "1993-07-01",
        "phone": "13801010001",
        "id_number": ID_1,
        "active": True,
        "ethnicity": "汉族",
        "education": "大学本科",
        "unit": "办公室",
    },
    {
        "name": "李秀英",
        "gender": "female",
        "stage": "full",
        "group": "第二党小组",
        "category": "retired",
        "birth_date": "1972-08-25",
        "admitted_on": "1996-06-20",
        "full_on": "1997-06-20",
        "phone": "13801010002",
        "id_number": ID_2,
        "active": True,
        "ethnicity": "回族",
        "education": "研究生",
        "unit": "综合处",
    },
    {
        "name": "赵磊",
        "gender": "male",
        "stage": "probationary",
        "group": "第一党小组",
        "category": "in_service",
        "birth_date": "1995-04-01",
        "admitted_on": "2026-05-01",
        "full_on": None,
        "phone": None,
        "id_number": ID_3,
        "active": True,
        "ethnicity": "汉族",
        "education": "大学本科",
        "unit": None,
    },
]


def imported(cli: Cli) -> list[dict[str, Any]]:
    keys = EXPECTED[0].keys()
    return [{k: m[k] for k in keys} for m in cli.members("--reveal")]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- encodings and formats ---------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_import_csv_in_every_encoding(ledger: Cli, write_csv: Any, encoding: str) -> None:
    path = write_csv([ZH_HEADER, *ZH_ROWS], encoding=encoding)
    if encoding == "gbk":
        with pytest.raises(UnicodeDecodeError):
            path.read_bytes().decode("utf-8")
    if encoding == "utf-8-sig":
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    result = ledger.ok("member", "import", path)
    assert "3" in result.stdout
    assert imported(ledger) == EXPECTED
    assert {g["name"] for g in ledger.json("group", "list")} == {"第一党小组", "第二党小组"}


def test_import_xlsx(ledger: Cli, write_xlsx: Any) -> None:
    rows = [list(r) for r in ZH_ROWS]
    # what Excel users have: real date cells and numbers in the phone column
    rows[0][3] = datetime(1968, 3, 12)
    rows[0][8] = datetime(1992, 7, 1)
    rows[0][11] = 13801010001
    path = write_xlsx([ZH_HEADER, *rows])
    ledger.ok("member", "import", path)
    assert imported(ledger) == EXPECTED


def test_import_english_headers(ledger: Cli, write_csv: Any) -> None:
    ledger.ok("member", "import", write_csv([EN_HEADER, *EN_ROWS]))
    assert imported(ledger) == EXPECTED


def test_import_header_aliases(ledger: Cli, write_csv: Any) -> None:
    header = ["姓名", "性别", "身份证号", "人员类别", "人员身份", "手机号码"]
    rows = [["王建国", "男", ID_1, "正式党员", "退休", "13801010001"]]
    ledger.ok("member", "import", write_csv([header, *rows]))
    (rec,) = ledger.members("--reveal")
    assert rec["id_number"] == ID_1
    assert rec["category"] == "retired"
    assert rec["phone"] == "13801010001"
    assert rec["birth_date"] == "1968-03-12"


def test_only_name_gender_and_stage_are_required(ledger: Cli, write_csv: Any) -> None:
    ledger.ok(
        "member", "import", write_csv([["姓名", "性别", "人员类别"], ["王建国", "男", "正式党员"]])
    )
    (rec,) = ledger.members()
    assert (rec["name"], rec["gender"], rec["stage"]) == ("王建国", "male", "full")


@pytest.mark.parametrize("drop", ["姓名", "性别", "人员类别"])
def test_a_missing_required_column_is_refused(ledger: Cli, write_csv: Any, drop: str) -> None:
    header = ["姓名", "性别", "人员类别"]
    row = ["王建国", "男", "正式党员"]
    i = header.index(drop)
    result = ledger.refused(
        "member", "import", write_csv([header[:i] + header[i + 1 :], row[:i] + row[i + 1 :]])
    )
    assert drop in result.stderr


def test_import_is_audited(ledger: Cli, write_csv: Any) -> None:
    ledger.ok("member", "import", write_csv([ZH_HEADER, *ZH_ROWS]))
    people = {m["id"] for m in ledger.members()}
    audited = {e["row_id"] for e in ledger.audit() if e["table_name"] == "person"}
    assert people <= audited
    assert ledger.ok("db", "check", "--exit-code").exit_code == 0


# --- dry run, bad rows, all or nothing -----------------------------------------------------


def test_dry_run_writes_nothing(ledger: Cli, write_csv: Any) -> None:
    path = write_csv([ZH_HEADER, *ZH_ROWS])
    before = ledger.dump()
    result = ledger.ok("member", "import", path, "--dry-run")
    assert "3" in result.stdout
    assert ledger.dump() == before
    assert ledger.members() == []
    assert ledger.json("group", "list") == []


def test_dry_run_with_a_bad_row_exits_1(ledger: Cli, write_csv: Any) -> None:
    rows = [list(r) for r in ZH_ROWS]
    rows[1][6] = "党员"
    result = ledger.refused("--lang", "en", "member", "import", write_csv([ZH_HEADER, *rows]),
                            "--dry-run")  # fmt: skip
    assert "line 3" in result.stderr


def test_one_bad_row_writes_nothing_and_names_its_line(ledger: Cli, write_csv: Any) -> None:
    rows = [list(r) for r in ZH_ROWS]
    rows[1][8] = "2026-02-30"  # line 3 (the header is line 1)
    result = ledger.refused("member", "import", write_csv([ZH_HEADER, *rows]))
    assert re.search(r"第\s*3\s*行", result.stderr), result.stderr
    assert "入党日期" in result.stderr
    assert not re.search(r"第\s*[24]\s*行", result.stderr)
    assert ledger.count("person") == 0
    assert ledger.count("party_group") == 0


def test_every_bad_row_is_reported(ledger: Cli, write_csv: Any) -> None:
    rows = [list(r) for r in ZH_ROWS]
    rows[0][4] = ID_1[:17] + ("0" if ID_1[17] != "0" else "1")  # line 2: check digit
    rows[2][1] = "未知"  # line 4: gender
    result = ledger.refused("--lang", "en", "member", "import", write_csv([ZH_HEADER, *rows]))
    assert "line 2" in result.stderr
    assert "line 4" in result.stderr
    assert "line 3" not in result.stderr
    assert "公民身份号码" in result.stderr and "性别" in result.stderr
    assert ledger.count("person") == 0


def test_line_numbers_count_physical_lines(ledger: Cli, tmp_path: Path) -> None:
    text = (
        "姓名,性别,人员类别,工作单位\n"  # line 1
        '王建国,男,正式党员,"办公室\n综合科"\n'  # lines 2-3
        "\n"  # line 4: blank
        "李秀英,女,党员,办公室\n"  # line 5: bad stage
    )
    path = tmp_path / "roster.csv"
    path.write_text(text, encoding="utf-8")
    result = ledger.refused("--lang", "en", "member", "import", path)
    assert "line 5" in result.stderr, result.stderr


def test_bad_row_in_xlsx_names_its_row(ledger: Cli, write_xlsx: Any) -> None:
    rows = [list(r) for r in ZH_ROWS]
    rows[2][6] = "群众"
    result = ledger.refused("--lang", "en", "member", "import", write_xlsx([ZH_HEADER, *rows]))
    assert "line 4" in result.stderr
    assert ledger.count("person") == 0


def test_duplicate_id_numbers_in_the_file(ledger: Cli, write_csv: Any) -> None:
    rows = [list(r) for r in ZH_ROWS]
    rows[2][4] = ID_1
    rows[2][3] = "1968-03-12"
    result = ledger.refused("--lang", "en", "member", "import", write_csv([ZH_HEADER, *rows]))
    assert "line 4" in result.stderr and "line 2" in result.stderr


def test_id_number_already_in_the_ledger(ledger: Cli, write_csv: Any) -> None:
    ledger.add("王建国", "--id-number", ID_1)
    result = ledger.refused("--lang", "en", "member", "import", write_csv([ZH_HEADER, *ZH_ROWS]))
    assert "line 2" in result.stderr
    assert ledger.count("person") == 1


def test_unknown_columns_are_reported(ledger: Cli, write_csv: Any) -> None:
    header = ["姓名", "性别", "人员类别", "备注", "籍贯"]
    result = ledger.ok(
        "member", "import", write_csv([header, ["王建国", "男", "正式党员", "老同志", "山东"]])
    )
    assert "备注" in result.stderr and "籍贯" in result.stderr
    assert [m["name"] for m in ledger.members()] == ["王建国"]


def test_duplicate_column_is_refused(ledger: Cli, write_csv: Any) -> None:
    header = ["姓名", "性别", "人员类别", "联系电话", "手机号码"]
    ledger.refused("member", "import", write_csv([header, ["王建国", "男", "正式党员", "1", "2"]]))


@pytest.mark.parametrize(
    "name,content",
    [("empty.csv", b""), ("header-only.csv", "姓名,性别,人员类别\n".encode()),
     ("roster.json", b"[]"), ("fake.xlsx", b"not a workbook")],
)  # fmt: skip
def test_unusable_files_are_refused(ledger: Cli, tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = ledger.refused("member", "import", path)
    assert "FILE" in result.stderr


def test_missing_file_is_refused(ledger: Cli, tmp_path: Path) -> None:
    ledger.refused("member", "import", tmp_path / "nope.csv")


# --- export and round trips -----------------------------------------------------------------


def party_members(cli: Cli, *args: str) -> list[dict[str, Any]]:
    """The people on the 花名册: full and probationary members (not those in development)."""
    return [m for m in cli.members(*args) if m["stage"] in ("full", "probationary")]


def roster_view(cli: Cli) -> list[dict[str, Any]]:
    """The roster without the ids (a fresh ledger numbers people anew)."""
    return [{k: v for k, v in m.items() if k != "id"} for m in party_members(cli, "--reveal")]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_export_then_import_round_trips(
    demo_ledger: Cli, fresh: Any, tmp_path: Path, suffix: str, lang: str
) -> None:
    path = tmp_path / f"roster{suffix}"
    result = demo_ledger.ok("--lang", lang, "member", "export", path, "--reveal")
    assert "26" in result.stdout  # members only: people in development are not on the 花名册
    assert mode(path) == 0o600
    other = fresh("other")
    other.ok("member", "import", path)
    assert roster_view(other) == roster_view(demo_ledger)
    assert [(g["name"], g["members"]) for g in other.json("group", "list")] == [
        (g["name"], g["members"]) for g in demo_ledger.json("group", "list")
    ]


def test_export_csv_content(demo_ledger: Cli, tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    demo_ledger.ok("member", "export", path)
    text = path.read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["姓名", "性别", "民族"]
    assert "公民身份号码" in rows[0] and "人员类别" in rows[0]
    assert len(rows) == 1 + 26
    people = party_members(demo_ledger, "--reveal")
    for person in people:
        assert person["id_number"] not in text
        assert person["phone"] not in text
    masked = {m["id_number"] for m in party_members(demo_ledger)}
    col = rows[0].index("公民身份号码")
    assert {r[col] for r in rows[1:]} == masked


def test_export_xlsx_content(demo_ledger: Cli, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "roster.xlsx"
    demo_ledger.ok("member", "export", path, "--reveal")
    assert mode(path) == 0o600
    wb = load_workbook(path, read_only=True)
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    wb.close()
    assert rows[0][0] == "姓名"
    assert len(rows) == 27
    names = [r[0] for r in rows[1:]]
    assert names == [m["name"] for m in party_members(demo_ledger)]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_masked_export_cannot_be_imported(
    demo_ledger: Cli, fresh: Any, tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"masked{suffix}"
    demo_ledger.ok("member", "export", path)
    other = fresh("other")
    result = other.refused("--lang", "en", "member", "import", path)
    assert "reveal" in result.stderr
    assert "line 2" in result.stderr
    assert other.members() == []


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_never_overwrites(demo_ledger: Cli, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"roster{suffix}"
    path.write_bytes(b"somebody's work")
    result = demo_ledger.refused("member", "export", path, "--reveal")
    assert "FILE" in result.stderr
    assert path.read_bytes() == b"somebody's work"


def test_export_refuses_other_extensions(demo_ledger: Cli, tmp_path: Path) -> None:
    demo_ledger.refused("member", "export", tmp_path / "roster.txt")
    assert not (tmp_path / "roster.txt").exists()


def test_export_into_a_missing_folder_is_refused(demo_ledger: Cli, tmp_path: Path) -> None:
    demo_ledger.refused("member", "export", tmp_path / "nope" / "roster.csv")
    assert not (tmp_path / "nope").exists()


def test_import_twice_is_refused(ledger: Cli, write_csv: Any) -> None:
    path = write_csv([ZH_HEADER, *ZH_ROWS])
    ledger.ok("member", "import", path)
    ledger.refused("member", "import", path)
    assert len(ledger.members()) == 3


def test_export_all_does_not_bring_departed_people_back(
    demo_ledger: Cli, fresh: Any, tmp_path: Path
) -> None:
    """`member export --all` then `member import`: the two who left (one deceased, one
    transferred out) must not come back as active members of the new ledger — either the
    departure columns are understood, or the import is refused."""
    path = tmp_path / "everyone.csv"
    demo_ledger.ok("member", "export", path, "--all", "--reveal")
    other = fresh("other")
    result = other("member", "import", path)
    if result.exit_code == 0:
        assert len(other.members()) == 26
        assert len(other.members("--all")) == 28
    else:
        assert result.exit_code == 1
        assert other.members("--all") == []
