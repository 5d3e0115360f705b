"""Hostile input for every command: value strategies, broken files, command specs, checks.

Each command is described once (`SPECS`): its words, and for each argument a kind (DATE,
MONEY, REF, FILE …) and a valid value taken from the demo ledger. A drawn invocation keeps
some arguments valid, so that the hostile ones get past the first check and reach the
service code, and replaces others with values of the same kind: malformed, out of range,
absurd or malicious. `Harness.check` runs it on a copy of the demo ledger and holds it to
the contract in CLI.md.

Two Hypothesis profiles, chosen with the environment variable DANGWU_FUZZ:

- unset (the suite): four derandomized inputs per command, so CI is repeatable and the
  whole directory runs in about half a minute;
- DANGWU_FUZZ=long: about 10,000 random inputs across all commands (DANGWU_FUZZ_EXAMPLES=N
  sets the number per command instead). Failures are collected rather than stopping at the
  first; the summary at the end gives the counts, and DANGWU_FUZZ_LOG=FILE appends every
  failing input to FILE:

      DANGWU_FUZZ=long DANGWU_FUZZ_LOG=fuzz.log python -m pytest tests/fuzz -p no:cacheprovider -q
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import sqlite3
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy
from typer.testing import CliRunner, Result

from dangwu.cli.app import app

# --- values ---------------------------------------------------------------------------------

MEGABYTE = "党" * 350_000  # ~1 MB of UTF-8
# fmt: off
# Hostile strings that make sense in any slot. "\udcb2\udce2" is 测 in GBK as a UTF-8 locale
# hands it to Python (surrogateescape).
GENERIC: tuple[str, ...] = (
    "", " ", "\t", "\n", "\r\n", "'; DROP TABLE person;--", "Robert'); DROP TABLE dues_payment;--",
    '" OR 1=1 --', "1 OR 1=1", "1; DELETE FROM audit_log", "%s%s%s%n", "%(name)s", "{0}{name}",
    "${HOME}", "$(rm -rf /)", "../../../../etc/passwd", "\x00", "a\x00b", "张\x00伟",
    "\x1b[31mred\x1b[0m", "\x07\x08\x7f", "\u202eRTL\u202c", "\u200f\u200e", "\u200b", "\ufeff",
    "\u2028\u2029", "😀", "👨\u200d👩\u200d👧\u200d👦", "\U0010ffff", "\udcb2\udce2", "\udcff", "NaN",
    "nan", "Infinity", "-inf", "None", "null", "true", "[]", "{}", "-", "--", "-1", "--help", "0",
    "²", "①", "١٢", "１２", "9" * 30, "9" * 5000, "x" * 70_000, MEGABYTE,
    # issue 23: a bare CR before a formula, invisible and direction characters inside a name,
    # full-width look-alikes, landlines where a name or number goes
    "R1\r=cmd|' /C calc'!A0", "a\r+SUM(1)", "王\u200b伟", "\ufeff王建国", "李\u202e娜", "\u2066x\u2069",
    "soft\u00adhyphen", "\u180e", "\u061c", "Ｌｉ Ｎａ", "021-64318899", "(0755)86013388",
    "+86 21 6431 8899", "0755-86013388-123", "021-64318899转808",
)

NUMBERISH: tuple[str, ...] = (
    "0", "00", "-0", "-1", "+1", "1.0", "1.5", "1e3", "1E400", "0x1F", "1_000", " 7 ", "²", "³",
    "①", "⑩", "１", "١", "٣٤", "৫", "Ⅻ", "九", "2147483648", "9223372036854775808", "999999999999",
    "9999999999999", "9" * 25,
)

MONEYISH: tuple[str, ...] = NUMBERISH + (
    "45", "45.5", "45.50", "1,234.50", "¥45", "￥45", "45元", "-45", "¥-5", "0.001", "45.", ".5",
    "0.00", "1,23", "1,,234", ",123", "1,234,567,890.00", "1000000000.00", "1000000000.01",
    "99999999999999999999.99", "１２.５", "12.5元元", "NaN", "sNaN", "Infinity", "1e9", "4 5", "45,5",
)

DATEISH: tuple[str, ...] = (
    "2026-02-29", "2024-02-29", "2026-02-30", "2026-13-01", "2026-00-10", "2026-11-00",
    "0000-00-00", "0001-01-01", "1899-12-31", "1900-01-01", "2100-12-31", "2101-01-01",
    "9999-12-31", "2026/11/24", "20261124", "2026年11月24日", "2026 年 11 月 24", "2026.11.24",
    "2026-11-24T10:00", "24/11/2026", "11/24/2026", "２０２６-１１-２４", "٢٠٢٦-١١-٢٤", "2026-1-1",
    "2026-011-01", "99999999", "today", "2026-11-24\x00",
)

MONTHISH: tuple[str, ...] = (
    "2026-00", "2026-13", "2026-1", "2026-12", "2026年13月", "2026年0月", "2026年12月", "202612",
    "202613", "1899-12", "2101-01", "0000-01", "2026/12", "2026-W01", "2026-12-01", "２０２６-１２",
)

PERIODISH: tuple[str, ...] = (
    "2026", "2026H1", "2026H2", "2026H3", "2026H0", "2026Q1", "2026Q4", "2026Q5", "2026Q0",
    "2026q3", "2026 Q3", "2026Q", "2026H", "Q3", "1899", "2101", "0000", "99999", "2026-11",
    "2026-13", "2026年11月", "2026Q²", "2026Q３", "２０２６Q3", "2026Q1..2026Q2",
)
# fmt: on

REF_VALID = ("1", "2", "3", "5", "16", "28", "29", "30", "32", "王建国", "张伟", "周小雨", "陈晨")
# fmt: off
# 26 died, 27 was transferred out; 33 does not exist
REFISH: tuple[str, ...] = (
    "26", "27", "33", "0", "-1", "999999999999", "9999999999999", " 1 ", "1 ", "王建国 ", "王 建国",
    "王建國", "%", "_", "王%", "*", "021-64318899", "(0755)86013388", "+86 21 6431 8899",
    "13801010099", "王\u200b建国", "\ufeff王建国",
)

CODES: dict[str, tuple[str, ...]] = {
    "GENDER": (
        "男", "女", "male", "female", "m", "F", "男性", "other", "X",
    ),
    "STAGE": (
        "full", "probationary", "正式党员", "预备党员", "applicant", "activist", "candidate", "FULL", "ful",
    ),
    "CATEGORY": (
        "in_service", "retired", "farmer", "student", "unemployed", "other", "在职", "离退休", "退休",
        "in-service", "In Service", "retiree",
    ),
    "ROLE": (
        "secretary", "deputy_secretary", "organization", "propaganda", "discipline", "youth", "书记",
        "副书记", "deputy-secretary", "chairman",
    ),
    "MTYPE": (
        "general", "committee", "group", "lecture", "theme_day", "org_life", "evaluation",
        "democratic_life", "study", "other", "支部党员大会", "党课", "theme-day", "meeting",
    ),
    "GRADE": (
        "excellent", "qualified", "basic", "unqualified", "优秀", "不合格", "good",
    ),
    "DEVKIND": (
        "talk", "review", "thought_report", "training", "political_review", "pre_review",
        "public_notice", "oath", "apply", "admit", "convert", "TALK", "思想汇报",
    ),
    "RECOMMEND": (
        "party", "league", "mass", "PARTY", "党员推荐", "nobody",
    ),
    "LEAVE_REASON": (
        "deceased", "withdrew", "removed", "expelled", "lapsed", "去世", "transferred_out", "dropped",
        "bored",
    ),
    "EVERY": (
        "month", "quarter", "half", "year", "week", "day", "monthly", "季度",
    ),
    "RULE": (
        "general_meeting", "committee_meeting", "group_meeting", "lecture", "theme_day", "study",
        "org_life", "evaluation", "democratic_life", "talk", "thought_report", "probation_review",
        "activist_review", "dues_remit", "dues_statement", "dues_deadline_day", "GENERAL_MEETING",
        "no_such_rule",
    ),
    "FORMAT": (
        "table", "plain", "json", "csv", "markdown", "JSON", "xml", "html",
    ),
    "GROUP": (
        "第一党小组", "第二党小组", "第三党小组", "1", "2", "4", "第四党小组", "第一党小组 ",
    ),
}
# fmt: on


def _hostile(*pools: tuple[str, ...]) -> SearchStrategy[str]:
    return st.sampled_from(tuple(v for pool in pools for v in pool))


any_text = st.text(max_size=40)  # any code point but lone surrogates (GENERIC has those)
generic = _hostile(GENERIC)


def _formatted_date(d: date, form: int) -> str:
    return (
        d.isoformat(),
        f"{d.year}/{d.month}/{d.day}",
        d.strftime("%Y%m%d"),
        f"{d.year}年{d.month}月{d.day}日",
        f"{d.year}.{d.month:02d}.{d.day:02d}",
    )[form]


def _recent_dates() -> SearchStrategy[date]:
    today = date.today()
    return st.dates(min_value=today - timedelta(days=800), max_value=today + timedelta(days=60))


valid_date = st.builds(
    _formatted_date,
    st.one_of(_recent_dates(), st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))),
    st.integers(0, 4),
)
valid_month = st.builds(
    lambda d, zh: f"{d.year}年{d.month}月" if zh else f"{d.year}-{d.month:02d}",
    _recent_dates(),
    st.booleans(),
)
valid_period = st.one_of(
    st.integers(2023, 2027).map(str),
    st.builds(lambda y, h: f"{y}H{h}", st.integers(2023, 2027), st.integers(1, 2)),
    st.builds(lambda y, q: f"{y}Q{q}", st.integers(2023, 2027), st.integers(1, 4)),
    st.builds(lambda y, m: f"{y}-{m:02d}", st.integers(2023, 2027), st.integers(1, 12)),
)
valid_money = st.one_of(
    st.decimals(min_value=0, max_value=100_000, places=2, allow_nan=False).map(str),
    st.integers(0, 20_000).map(lambda n: f"{n:,}"),
)
valid_count = st.integers(0, 40).map(str)


def _ref_list(ref: SearchStrategy[str]) -> SearchStrategy[str]:
    item = st.builds(
        lambda r, reason: r if reason is None else f"{r}:{reason}",
        ref,
        st.none() | any_text | generic,
    )
    return st.builds(
        lambda items, sep: sep.join(items),
        st.lists(item, min_size=0, max_size=4),
        st.sampled_from([",", "，", "、", ";", " ", ",,"]),
    )


valid_ref = st.sampled_from(REF_VALID)
ref = st.one_of(valid_ref, _hostile(REFISH, NUMBERISH), generic, any_text)

phones = st.sampled_from(
    (
        "13801010099",
        "+86 138-0101-0099",
        "138 0101 0099",
        "010-88886666",
        "12345",
        "1380101009912345678901",
        "+",
        "++8613801010099",
        "１３８０１０１００９９",
        "021-64318899",
        "(0755)86013388",
        "+86 21 6431 8899",
        "0755-86013388-123",
        "021-64318899转808",
    )
)
id_numbers = st.sampled_from(
    (
        "110101200001010010",  # valid (a man born 2000-01-01), nobody's in the demo
        "11010120000101007X",  # valid, check character X
        "110101200001010002",  # valid, a woman
        "110101200001010015",  # wrong check digit
        "110101198001050338",  # 张伟's: belongs to someone already
        "110101199002300014",  # 30 February
        "11010119900101001x",
        "110101900101001",  # old 15 digits
        "110101********0338",
        "１１０１０１２００００１０１００１６",
        "ABCDEFGHIJKLMNOPQR",
        "1101012000010100161",
    )
)

# Values a careful user would type: they let an invocation get past the first check.
VALID: dict[str, SearchStrategy[str]] = {
    "TEXT": st.sampled_from(("正常文字", "第12号", "出差", "O'Brien 的“引号”", "a,b;c")),
    "NAME": st.sampled_from(("新党员", "欧阳娜娜", "O'Brien", "Zoë", "王建国", "阿卜杜拉·艾力")),
    "DATE": valid_date,
    "MONTH": valid_month,
    "MONTHS": st.builds(lambda a, b: f"{a}..{b}", valid_month, valid_month),
    "PERIOD": valid_period,
    "MONEY": valid_money,
    "COUNT": valid_count,
    "YEAR": st.integers(2020, 2027).map(str),
    "ID": st.one_of(st.integers(1, 600).map(str), st.sampled_from(("151", "576", "1"))),
    "REF": valid_ref,
    "REFS": st.lists(valid_ref, min_size=1, max_size=3, unique=True).map(",".join),
    "PHONE": st.sampled_from(("13801010099", "+86 138-0101-0099", "010-88886666")),
    "IDNUM": st.sampled_from(("110101200001010010", "11010120000101007X", "110101200001010002")),
    **{k: st.sampled_from(v) for k, v in CODES.items()},
}
# Values of the same kind that are malformed, out of range, absurd or malicious.
HOSTILE: dict[str, SearchStrategy[str]] = {
    "TEXT": st.one_of(any_text, generic),
    "NAME": st.one_of(any_text, generic),
    "DATE": st.one_of(_hostile(DATEISH, NUMBERISH), generic),
    "MONTH": st.one_of(_hostile(MONTHISH, NUMBERISH, DATEISH), generic),
    "MONTHS": st.one_of(
        st.builds(lambda a, b: f"{a}..{b}", _hostile(MONTHISH), _hostile(MONTHISH, GENERIC)),
        st.sampled_from(("..", "2026-01..", "..2026-02", "2026-01...2026-02", "2026-01-2026-03")),
        generic,
    ),
    "PERIOD": st.one_of(_hostile(PERIODISH, NUMBERISH, MONTHISH), generic),
    "MONEY": st.one_of(_hostile(MONEYISH), generic),
    "COUNT": st.one_of(_hostile(NUMBERISH), generic),
    "YEAR": st.one_of(
        _hostile(NUMBERISH, ("1920", "1921", "2100", "2101", "10000", "2026H1")), generic
    ),
    "ID": st.one_of(_hostile(NUMBERISH), generic),
    "REF": st.one_of(_hostile(REFISH, NUMBERISH), generic, any_text),
    "REFS": st.one_of(_ref_list(ref), generic),
    "PHONE": st.one_of(phones, generic, any_text),
    "IDNUM": st.one_of(id_numbers, _hostile(NUMBERISH), generic),
    **{
        k: st.one_of(st.sampled_from(v).map(lambda s: f" {s.upper()} "), generic, any_text)
        for k, v in CODES.items()
    },
}
KINDS: dict[str, SearchStrategy[str]] = {k: st.one_of(VALID[k], HOSTILE[k]) for k in VALID}


# --- files -----------------------------------------------------------------------------------

# fmt: off
ROSTER_HEADER_ZH = [
    "姓名", "性别", "民族", "出生日期", "公民身份号码", "学历", "人员类别", "工作状态", "入党日期", "转正日期", "党小组", "联系电话", "工作单位",
]
ROSTER_HEADER_EN = [
    "name", "gender", "ethnicity", "birth_date", "id_number", "education", "stage", "category",
    "admitted_on", "full_on", "group", "phone", "unit",
]
ROSTER_KINDS = [
    "NAME", "GENDER", "TEXT", "DATE", "IDNUM", "TEXT", "STAGE", "CATEGORY", "DATE", "DATE", "GROUP",
    "PHONE", "TEXT",
]
ROSTER_ROW = [
    "欧阳明", "男", "汉族", "1990-05-01", "", "大学本科", "正式党员", "在职", "2015-07-01", "2016-07-01", "第一党小组",
    "", "示例单位",
]
# fmt: on
DUES_HEADER_ZH = ["姓名", "月份", "缴费基数", "实缴金额", "缴纳日期", "收据号"]
DUES_HEADER_EN = ["name", "month", "base", "amount", "paid_on", "receipt"]
DUES_KINDS = ["REF", "MONTH", "MONEY", "MONEY", "DATE", "TEXT"]
DUES_ROW = ["王建国", "2026-12", "", "129.00", "2026-11-20", "R-1"]

ENCODINGS = ("utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "utf-16-le", "utf-32", "big5")
# fmt: off
FORMULAS = (
    "=1+1", "=cmd|' /C calc'!A0", "+SUM(A1:A9)", "-2+3", "@SUM(1)", '=HYPERLINK("http://x","y")',
    "'=1+1", "R1\r=cmd|' /C calc'!A0", "ok\n=1+1", "ok\r\n@SUM(1)",
)
# fmt: on


@dataclass
class Table:
    header: list[str] | None
    rows: list[list[Any]]


@st.composite
def tables(draw: Any, which: str) -> Table:
    if which == "roster":
        headers, kinds, base = (ROSTER_HEADER_ZH, ROSTER_HEADER_EN), ROSTER_KINDS, ROSTER_ROW
    else:
        headers, kinds, base = (DUES_HEADER_ZH, DUES_HEADER_EN), DUES_KINDS, DUES_ROW
    header: list[str] | None = list(draw(st.sampled_from(headers)))
    assert header is not None
    shape = draw(st.sampled_from(("keep", "keep", "drop", "unknown", "dup", "none", "garble")))
    cols = list(range(len(header)))
    if shape == "drop":
        cols.remove(draw(st.sampled_from(cols)))
    header = [header[i] for i in cols]
    if shape == "unknown":
        header.append(draw(st.one_of(generic, any_text, st.just("备注"))))
    elif shape == "dup":
        header.append(header[0])
    elif shape == "garble":
        header[draw(st.integers(0, len(header) - 1))] = draw(st.one_of(generic, any_text))
    elif shape == "none":
        header = None
    rows = []
    for n in range(draw(st.integers(0, 4))):
        row: list[Any] = []
        for i in cols:
            value: Any = base[i]
            if which == "roster" and i == 0:
                value = f"{base[0]}{n}"
            if draw(st.integers(0, 9)) < 2:
                value = draw(
                    st.one_of(
                        KINDS[kinds[i]],
                        st.sampled_from(FORMULAS),
                        st.just("x" * 200_000),  # larger than csv's field limit
                    )
                )
            row.append(value)
        if shape == "unknown":
            row.append("附加")
        if draw(st.integers(0, 9)) == 0:  # ragged rows
            row = row[: draw(st.integers(0, len(row)))] + (["extra"] if draw(st.booleans()) else [])
        rows.append(row)
    return Table(header, rows)


def csv_bytes(table: Table, encoding: str, newline: str) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator=newline)
    if table.header is not None:
        writer.writerow(table.header)
    writer.writerows(table.rows)
    return buf.getvalue().encode(encoding, errors="replace")


def xlsx_bytes(table: Table, typed: bool) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for row in ([table.header] if table.header is not None else []) + table.rows:
        cells: list[Any] = []
        for v in row:
            if typed and isinstance(v, str):
                # what a spreadsheet makes of typed text: numbers, dates, formulas
                try:
                    cells.append(float(v.replace(",", "")) if v.strip() else None)
                    continue
                except ValueError:
                    pass
                try:
                    cells.append(date.fromisoformat(v))
                    continue
                except ValueError:
                    pass
            # openpyxl refuses control characters in cells; a real file cannot hold them either
            cells.append(
                "".join(ch for ch in v if ch >= " " or ch in "\t\n\r")[:32_000]
                if isinstance(v, str)
                else v
            )
        ws.append(cells)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@st.composite
def import_files(draw: Any, which: str) -> tuple[str, bytes | None]:
    """(file name, content); content None means: no such file; b'<dir>' a directory; a name
    starting with / is used as it is."""
    form = draw(
        st.sampled_from(
            ("csv", "csv", "csv", "xlsx", "xlsx", "bytes", "zip", "missing", "dir", "other")
        )
    )
    if form == "missing":
        return draw(st.sampled_from(("absent.csv", LONG_NAME + ".csv", *SPECIAL_IN))), None
    if form == "dir":
        return draw(st.sampled_from(("folder.csv", "folder.xlsx", "folder"))), b"<dir>"
    if form == "bytes":
        ext = draw(st.sampled_from((".csv", ".xlsx", ".txt", "", ".CSV", ".xlsm")))
        return "random" + ext, draw(st.binary(max_size=2000))
    if form == "zip":
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr(
                draw(st.sampled_from(("xl/workbook.xml", "[Content_Types].xml", "a.txt"))),
                draw(st.binary(max_size=300)),
            )
        return "notaworkbook.xlsx", buf.getvalue()
    if form == "other":
        return draw(st.sampled_from(("roster.xls", "roster.json", "roster.ods", "r.csv.gz"))), b"x"
    table = draw(tables(which))
    if form == "csv":
        newline = draw(st.sampled_from(("\n", "\r\n", "\r")))
        encoding = draw(st.sampled_from((*ENCODINGS, "mixed")))
        if encoding == "mixed":
            return _mixed_encoding(table, newline)
        data = csv_bytes(table, encoding, newline)
        name = "register" + draw(st.sampled_from((".csv", ".csv", ".txt", "", ".Csv")))
    elif draw(st.integers(0, 4)) == 0:
        return "bomb-register.xlsx", _xlsx_bomb(xlsx_bytes(table, False))
    else:
        data = xlsx_bytes(table, draw(st.booleans()))
        name = "register.xlsx"
    damage = draw(st.sampled_from(("none", "none", "none", "truncate", "flip", "nul", "prefix")))
    # where to cut or flip, as a fraction: a workbook's length varies with the time it is
    # saved at, and Hypothesis needs the same draws to mean the same thing every run
    at = draw(st.integers(0, 9_999)) * len(data) // 10_000
    if damage == "truncate" and data:
        data = data[:at]
    elif damage == "flip" and data:
        data = data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]
    elif damage == "nul":
        data += b"\x00\x00"
    elif damage == "prefix":
        data = (
            draw(st.sampled_from((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"PK\x03\x04"))) + data
        )
    return name, data


# Files that must be refused whatever else is wrong with them: dangwu may never exit 0 on one.
MUST_REFUSE = ("mixed-", "bomb-")


def _mixed_encoding(table: Table, newline: str) -> tuple[str, bytes]:
    """The first row in UTF-8, the rest in GBK: what a roster pasted together from two
    machines looks like. Named mixed-… when both parts hold Chinese, so it must be refused."""
    head = csv_bytes(Table(table.header, table.rows[:1]), "utf-8", newline)
    tail = csv_bytes(Table(None, table.rows[1:]), "gbk", newline)
    try:
        tail.decode("utf-8")
        hostile = False
    except UnicodeDecodeError:
        hostile = any(b >= 0x80 for b in head)
    return ("mixed-register.csv" if hostile else "register.csv"), head + tail


def _xlsx_bomb(workbook: bytes) -> bytes:
    """The workbook with its sheet padded by 11 MB of blanks between two tags: valid XML,
    about 11 KB compressed (a ratio near 1,000, over the 200 dangwu allows a part over 10
    MB)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(workbook)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * 11_000_000, 1)
            dst.writestr(item.filename, data)
    return out.getvalue()


@st.composite
def text_files(draw: Any) -> tuple[str, bytes | None]:
    form = draw(st.sampled_from(("text", "bytes", "missing", "dir", "big")))
    if form == "missing":
        return draw(st.sampled_from(("absent.txt", LONG_NAME, *SPECIAL_IN))), None
    if form == "dir":
        return "folder", b"<dir>"
    if form == "big":
        return "big.txt", MEGABYTE.encode()
    if form == "bytes":
        return "minutes.txt", draw(st.binary(max_size=500))
    text = draw(st.one_of(any_text, generic))
    return "minutes.txt", text.encode(
        draw(st.sampled_from(("utf-8", "gbk", "utf-16"))), errors="replace"
    )


# Names for files dangwu writes (export, report --output, backup), relative to the work folder.
LONG_NAME = "n" * 300  # longer than a file name may be (255 bytes)
# Files that exist but cannot be read as one (EIO, a device), and places nobody may write.
SPECIAL_IN = ("/proc/self/mem", "/dev/null", "/proc")
SPECIAL_OUT = ("/proc/x.csv", "/sys/x.csv", "/dev/null", "/dev/full", "/")
out_names = st.one_of(
    st.builds(
        lambda stem, ext: stem + ext,
        st.one_of(
            st.sampled_from(("out", "名单", "a b", "x'; DROP TABLE person;--", "😀", "..", ".")),
            st.text(
                alphabet=st.characters(exclude_characters="/\x00", exclude_categories=("Cs",)),
                min_size=1,
                max_size=20,
            ),
        ),
        st.sampled_from((".csv", ".xlsx", ".md", ".json", ".txt", "", ".xls", ".CSV", ".XLSX")),
    ),
    st.sampled_from(("exists.csv", "exists.xlsx", "folder", "folder/", "nodir/out.csv")),
    st.sampled_from((LONG_NAME + ".csv", LONG_NAME + ".xlsx", LONG_NAME + ".md", *SPECIAL_OUT)),
)


# --- commands --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Arg:
    """One argument. `opt` None: positional. `kind` FLAG: a bare option. `default` the valid
    value used when the slot is not fuzzed (None: leave the option out)."""

    kind: str
    default: str | None = None
    opt: str | None = None
    required: bool = False


def pos(kind: str, default: str | None, required: bool = True) -> Arg:
    return Arg(kind, default, None, required)


def opt(name: str, kind: str, default: str | None = None) -> Arg:
    return Arg(kind, default, name, default is not None)


def flag(name: str) -> Arg:
    return Arg("FLAG", None, name)


@dataclass(frozen=True)
class Spec:
    words: tuple[str, ...]
    args: tuple[Arg, ...]
    write: bool = False
    rows: bool = False  # an import: row errors add indented detail lines under the first

    @property
    def id(self) -> str:
        return "-".join(self.words)


def cmd(words: str, *args: Arg, write: bool = False, rows: bool = False) -> Spec:
    return Spec(tuple(words.split()), args, write, rows)


FMT = opt("--format", "FORMAT")
REVEAL = flag("--reveal")
AS_OF = opt("--as-of", "DATE")
FORCE = (flag("--force"), opt("--reason", "TEXT"))
PERSON = (
    opt("--birth-date", "DATE"),
    opt("--id-number", "IDNUM"),
    opt("--ethnicity", "TEXT"),
    opt("--education", "TEXT"),
    opt("--phone", "PHONE"),
    opt("--category", "CATEGORY"),
    opt("--group", "GROUP"),
    opt("--unit", "TEXT"),
)
MEMBER_DATES = (opt("--admitted-on", "DATE"), opt("--full-on", "DATE"))
ATTENDANCE = (opt("--absent", "REFS"), opt("--leave", "REFS"), opt("--exempt", "REFS"))
VOTES = (
    opt("--meeting", "ID", "151"),
    opt("--for", "COUNT", "20"),
    opt("--against", "COUNT", "0"),
    opt("--abstain", "COUNT"),
)

SPECS: tuple[Spec, ...] = (
    # members
    cmd(
        "member add",
        pos("NAME", "新党员"),
        opt("--gender", "GENDER", "男"),
        opt("--stage", "STAGE", "full"),
        *PERSON,
        *MEMBER_DATES,
        opt("--joined-on", "DATE"),
        write=True,
    ),
    cmd(
        "member transfer-in",
        pos("NAME", "转入者"),
        opt("--from", "TEXT", "某机关党支部"),
        opt("--on", "DATE", "2026-11-02"),
        opt("--gender", "GENDER", "女"),
        opt("--stage", "STAGE", "probationary"),
        opt("--letter", "TEXT"),
        *PERSON,
        *MEMBER_DATES,
        write=True,
    ),
    cmd(
        "member transfer-out",
        pos("REF", "5"),
        opt("--to", "TEXT", "某单位党支部"),
        opt("--on", "DATE", "2026-11-20"),
        opt("--letter", "TEXT"),
        *FORCE,
        write=True,
    ),
    cmd(
        "member leave",
        pos("REF", "6"),
        opt("--reason", "LEAVE_REASON", "withdrew"),
        opt("--on", "DATE", "2026-11-20"),
        write=True,
    ),
    cmd(
        "member edit",
        pos("REF", "5"),
        opt("--name", "NAME"),
        opt("--gender", "GENDER"),
        *PERSON,
        *MEMBER_DATES,
        opt("--joined-on", "DATE"),
        opt("--on", "DATE"),
        write=True,
    ),
    cmd(
        "member list",
        opt("--stage", "STAGE"),
        opt("--group", "GROUP"),
        flag("--all"),
        AS_OF,
        FMT,
        REVEAL,
    ),
    cmd("member show", pos("REF", "1"), FMT, REVEAL),
    cmd("member import", pos("ROSTER", "roster"), flag("--dry-run"), write=True, rows=True),
    # --reveal is audited: who took the unmasked numbers out
    cmd("member export", pos("OUTFILE", "out.csv"), flag("--all"), REVEAL, write=True),
    # groups and committee
    cmd("group add", pos("NAME", "第四党小组"), opt("--leader", "REF"), write=True),
    cmd("group list", FMT, REVEAL),
    cmd(
        "committee set",
        pos("REF", "3"),
        pos("ROLE", "youth"),
        opt("--from", "DATE", "2026-11-01"),
        write=True,
    ),
    cmd(
        "committee end",
        pos("REF", "1"),
        pos("ROLE", "secretary"),
        opt("--on", "DATE", "2026-11-20"),
        write=True,
    ),
    cmd("committee list", AS_OF, FMT, REVEAL),
    # meetings, talks, evaluations
    cmd(
        "meeting add",
        pos("MTYPE", "lecture"),
        opt("--on", "DATE", "2026-11-21"),
        opt("--topic", "TEXT"),
        opt("--group", "GROUP"),
        opt("--host", "REF"),
        opt("--recorder", "REF"),
        opt("--place", "TEXT"),
        opt("--minutes", "TEXT"),
        opt("--minutes-file", "TEXTFILE"),
        opt("--resolutions", "TEXT"),
        *ATTENDANCE,
        opt("--guest", "TEXT"),
        flag("--planned"),
        write=True,
    ),
    cmd("meeting confirm", pos("ID", "PLANNED"), opt("--on", "DATE"), *ATTENDANCE, write=True),
    cmd("meeting list", opt("--type", "MTYPE"), opt("--period", "PERIOD"), FMT, REVEAL),
    cmd("meeting show", pos("ID", "151"), FMT, REVEAL),
    cmd(
        "meeting attendance",
        opt("--period", "PERIOD"),
        opt("--member", "REF"),
        AS_OF,
        FMT,
        REVEAL,
        flag("--exit-code"),
    ),
    cmd(
        "talk add",
        pos("REF", "5"),
        opt("--with", "REF", "1"),
        opt("--on", "DATE", "2026-11-20"),
        opt("--topic", "TEXT"),
        write=True,
    ),
    cmd("talk list", opt("--period", "PERIOD"), opt("--member", "REF"), FMT, REVEAL),
    cmd(
        "evaluation record",
        pos("REF", "5"),
        opt("--year", "YEAR", "2026"),
        opt("--grade", "GRADE", "qualified"),
        opt("--action", "TEXT"),
        opt("--meeting", "ID"),
        opt("--votes", "TEXT"),
        opt("--on", "DATE"),
        opt("--due", "DATE"),
        flag("--replace"),
        *FORCE,
        write=True,
    ),
    cmd(
        "evaluation action",
        pos("REF", "5"),
        opt("--year", "YEAR", "2025"),
        opt("--action", "TEXT", "correct"),
        opt("--on", "DATE"),
        opt("--due", "DATE"),
        flag("--replace"),
        write=True,
    ),
    cmd(
        "evaluation done",
        pos("REF", "5"),
        opt("--year", "YEAR", "2025"),
        opt("--on", "DATE", "2026-11-20"),
        opt("--result", "TEXT", "已改正"),
        flag("--replace"),
        write=True,
    ),
    cmd("evaluation list", opt("--year", "YEAR"), AS_OF, flag("--summary"), FMT, REVEAL),
    # dues
    cmd(
        "dues base",
        pos("REF", "5"),
        opt("--from", "MONTH", "2026-12"),
        opt("--income", "MONEY", "8000"),
        opt("--fixed", "MONEY"),
        opt("--category", "CATEGORY"),
        write=True,
    ),
    cmd(
        "dues pay",
        pos("REF", "5"),
        opt("--month", "MONTH", "2026-12"),
        opt("--months", "MONTHS"),
        opt("--amount", "MONEY"),
        opt("--on", "DATE"),
        opt("--receipt", "TEXT"),
        opt("--by", "REF"),
        opt("--note", "TEXT"),
        write=True,
    ),
    cmd("dues reverse", pos("ID", "576"), opt("--reason", "TEXT", "录入错误"), write=True),
    cmd("dues status", AS_OF, FMT, flag("--exit-code"), REVEAL),
    cmd("dues remind", AS_OF, FMT, flag("--exit-code"), REVEAL),
    cmd("dues ledger", opt("--member", "REF"), opt("--period", "PERIOD"), FMT, REVEAL),
    cmd(
        "dues remit",
        opt("--period", "PERIOD", "2026Q4"),
        opt("--amount", "MONEY", "100"),
        opt("--on", "DATE", "2026-11-20"),
        opt("--receipt", "TEXT"),
        *FORCE,
        write=True,
    ),
    cmd(
        "dues statement",
        opt("--year", "YEAR", "2025"),
        FMT,
        REVEAL,
        flag("--publish"),
        opt("--on", "DATE"),
        AS_OF,
        write=True,
    ),
    cmd("dues import", pos("DUESFILE", "dues"), flag("--dry-run"), *FORCE, write=True, rows=True),
    # development
    cmd(
        "dev apply",
        pos("NAME", "申请人"),
        opt("--on", "DATE", "2026-11-20"),
        opt("--birth-date", "DATE", "2000-01-01"),
        opt("--gender", "GENDER", "女"),
        *PERSON[1:],
        *FORCE,
        write=True,
    ),
    cmd(
        "dev log",
        pos("REF", "32"),
        pos("DEVKIND", "talk"),
        opt("--on", "DATE", "2026-11-20"),
        opt("--by", "REF"),
        opt("--hours", "COUNT"),
        opt("--until", "DATE"),
        opt("--note", "TEXT"),
        write=True,
    ),
    cmd(
        "dev activist",
        pos("REF", "32"),
        opt("--on", "DATE", "2026-11-20"),
        opt("--contacts", "REFS", "2"),
        opt("--recommendation", "RECOMMEND"),
        *FORCE,
        write=True,
    ),
    cmd(
        "dev candidate",
        pos("REF", "30"),
        opt("--on", "DATE", "2026-11-20"),
        opt("--introducers", "REFS", "1,2"),
        *FORCE,
        write=True,
    ),
    cmd(
        "dev admit", pos("REF", "29"), opt("--on", "DATE", "2026-11-18"), *VOTES, *FORCE, write=True
    ),
    cmd("dev approve", pos("REF", "28"), opt("--on", "DATE", "2026-11-20"), *FORCE, write=True),
    cmd(
        "dev convert",
        pos("REF", "28"),
        opt("--on", "DATE", "2026-11-18"),
        *VOTES,
        *FORCE,
        write=True,
    ),
    cmd(
        "dev extend",
        pos("REF", "28"),
        opt("--on", "DATE", "2026-11-18"),
        opt("--months", "COUNT", "6"),
        opt("--meeting", "ID", "151"),
        *FORCE,
        write=True,
    ),
    cmd(
        "dev drop",
        pos("REF", "32"),
        opt("--on", "DATE", "2026-11-20"),
        opt("--reason", "TEXT", "本人申请"),
        write=True,
    ),
    cmd("dev list", opt("--stage", "STAGE"), AS_OF, FMT, REVEAL),
    cmd("dev due", AS_OF, opt("--within", "COUNT"), FMT, REVEAL),
    cmd("dev show", pos("REF", "29"), AS_OF, FMT, REVEAL),
    # reports and rules
    cmd(
        "report compliance",
        opt("--period", "PERIOD"),
        AS_OF,
        FMT,
        flag("--exit-code"),
        REVEAL,
    ),
    cmd("report checklist", opt("--quarter", "PERIOD"), AS_OF, FMT, REVEAL),
    cmd(
        "report year",
        pos("YEAR", "2025", required=False),
        FMT,
        opt("--output", "OUTFILE"),
        AS_OF,
        REVEAL,
    ),
    cmd(
        "rules set",
        pos("RULE", "theme_day"),
        opt("--every", "EVERY"),
        opt("--min", "COUNT"),
        flag("--on"),
        flag("--off"),
        opt("--value", "COUNT"),
        write=True,
    ),
    cmd("rules show", FMT),
    cmd("db info", FMT),
    cmd("db check", FMT, flag("--exit-code")),
    cmd("db backup", pos("OUTFILE", "backup.db")),
    # SOURCE: the ledger itself, or a hostile file in its place; TARGET: a new file
    cmd("db copy", pos("SOURCE", "LEDGER"), pos("OUTFILE", "copy.db")),
    # on a ledger file these are refused in one line, whatever their arguments
    cmd("branch create", pos("TEXT", "b1"), opt("--owner", "TEXT", "role1")),
    cmd("branch list", FMT),
)


# --- profiles --------------------------------------------------------------------------------

LONG = os.environ.get("DANGWU_FUZZ") == "long"
LONG_TOTAL = 10_000
_COMMON: dict[str, Any] = {
    "deadline": None,
    "database": None,
    "suppress_health_check": list(HealthCheck),
    # no shrinking: each step is a whole command run, and a failure's report already shows
    # every drawn value
    "phases": (Phase.explicit, Phase.generate),
    "print_blob": False,
}
settings.register_profile(
    "dangwu-fuzz",
    max_examples=int(os.environ.get("DANGWU_FUZZ_EXAMPLES", "4")),
    derandomize=True,
    **_COMMON,
)
settings.register_profile(
    "dangwu-fuzz-long",
    max_examples=int(
        os.environ.get("DANGWU_FUZZ_EXAMPLES", str(math.ceil(LONG_TOTAL / len(SPECS))))
    ),
    **_COMMON,
)
# Applied as a decorator, never loaded globally: the suite's other Hypothesis tests keep
# their own settings.
FUZZ_SETTINGS = settings.get_profile("dangwu-fuzz-long" if LONG else "dangwu-fuzz")


# --- running and checking -------------------------------------------------------------------


def copy_sqlite(source: Path, target: Path) -> None:
    src = sqlite3.connect(str(source))
    dst = sqlite3.connect(str(target))
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    os.chmod(target, 0o600)


def dump(path: Path) -> str:
    con = sqlite3.connect(str(path))
    try:
        return "\n".join(con.iterdump())
    finally:
        con.close()


def count(path: Path, table: str) -> int:
    con = sqlite3.connect(str(path))
    try:
        return int(con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
    finally:
        con.close()


@dataclass
class Stats:
    """Counts for the summary at the end of a run (conftest prints them)."""

    inputs: int = 0
    by_exit: dict[str, dict[int, int]] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)


STATS = Stats()


@dataclass(frozen=True)
class Template:
    """The demo ledger every invocation starts from."""

    path: Path
    planned_id: int  # a planned meeting, for `meeting confirm`
    dump: str
    audit_rows: int

    @classmethod
    def of(cls, path: Path, planned_id: int) -> Template:
        return cls(path, planned_id, dump(path), count(path, "audit_log"))


@dataclass
class Drawn:
    args: list[str]
    lang: str
    usage_error_possible: bool  # a required argument left out, an unknown option …
    phones: list[str] = field(default_factory=list)  # values typed where a phone or person goes


# Characters nothing may store (issue 23): controls but tab and LF, format characters
# (zero-width, byte-order, direction), line and paragraph separators, lone surrogates.
def hidden_characters(text: str) -> set[str]:
    return {
        f"U+{ord(c):04X}"
        for c in set(text)
        if (unicodedata.category(c) in ("Cf", "Zl", "Zp", "Cs"))
        or (unicodedata.category(c) == "Cc" and c not in "\t\n")
    }


# A phone typed where a person or a phone goes is echoed masked unless --reveal: the digits
# after the area code (a mobile's last eight) may not appear in the output, whatever the
# separators. The pools' phone numbers and their cores:
PHONE_CORES = {
    "13801010099": "01010099",
    "138-0101-0099": "01010099",
    "138 0101 0099": "01010099",
    "010-88886666": "88886666",
    "021-64318899": "64318899",
    "(0755)86013388": "86013388",
    "6431 8899": "64318899",
    "0755-86013388": "86013388",
}


def phone_cores(value: str) -> set[str]:
    value = unicodedata.normalize("NFKC", value)
    return {core for number, core in PHONE_CORES.items() if number in value}


class Harness:
    """A copy of the demo ledger, restored after any command that may have changed it."""

    def __init__(self, template: Template, folder: Path, env: dict[str, str | None]) -> None:
        self.template = template.path
        self.folder = folder
        self.db = folder / "ledger.db"
        self.planned_id = template.planned_id
        self.env = env
        # the long survey records failures and goes on, to count them all; the suite stops
        # at the first and lets Hypothesis shrink it
        self.collect = LONG
        self.failures: list[str] = []
        self.base_dump = template.dump
        self.base_audit = template.audit_rows
        self.runner = CliRunner()
        self.dirty = True
        self.files = 0

    # -- drawing an invocation ---------------------------------------------------------------
    def draw(self, data: Any, spec: Spec) -> Drawn:
        args: list[str] = []
        typed_phones: list[str] = []
        usage = False
        for arg in spec.args:
            if arg.kind == "FLAG":
                if data.draw(st.integers(0, 3)) == 0:
                    args.append(arg.opt)  # type: ignore[arg-type]
                continue
            # Hypothesis favours the ends of a range, so the rare case sits in the middle
            mode = data.draw(st.integers(0, 39))
            if arg.required and mode == 21:
                usage = True  # a required one missing: Click's usage error
                continue
            if arg.default is not None and mode < 20:
                value = self._valid(arg)
            elif arg.default is None and arg.opt is not None and mode < 24:
                continue  # an optional option left out
            elif arg.default is None and arg.opt is not None and mode < 32 and arg.kind in VALID:
                value = data.draw(VALID[arg.kind])
            else:
                value = self.value(data, arg.kind)
            if arg.kind in ("PHONE", "REF", "REFS"):
                typed_phones.append(value)
            if arg.opt is None:
                # Click reads a positional that starts with a dash as an option
                usage |= value.startswith("-") and value != "-"
                args.append(value)
            else:
                args += [arg.opt, value]
        if data.draw(st.integers(0, 39)) == 17:
            args.append(data.draw(st.sampled_from(("--bogus", "-x", "extra", "--"))))
            usage = True
        lang = data.draw(st.sampled_from(("zh", "en") * 10 + ("fr",)))
        return Drawn(args, lang, usage, typed_phones)

    def _valid(self, arg: Arg) -> str:
        if arg.default == "PLANNED":
            return str(self.planned_id)
        if arg.kind == "OUTFILE":
            return self._out(arg.default)  # type: ignore[arg-type]
        if arg.kind in ("ROSTER", "DUESFILE"):
            return self._file(f"{arg.default}.csv", _SAMPLE[arg.kind])
        if arg.kind == "SOURCE":
            return str(self.db)
        return arg.default  # type: ignore[return-value]

    def value(self, data: Any, kind: str) -> str:
        if kind == "ROSTER":
            return self._file(*data.draw(import_files("roster")))
        if kind == "DUESFILE":
            return self._file(*data.draw(import_files("dues")))
        if kind in ("TEXTFILE", "SOURCE"):
            return self._file(*data.draw(text_files()))
        if kind == "OUTFILE":
            return self._out(data.draw(out_names))
        return data.draw(KINDS[kind])  # type: ignore[no-any-return]

    def _file(self, name: str, content: bytes | None) -> str:
        if name.startswith("/"):
            return name
        self.files += 1
        folder = self.folder / f"in{self.files}"
        folder.mkdir()
        path = folder / name
        if content == b"<dir>":
            path.mkdir()
        elif content is not None:
            path.write_bytes(content)
        return str(path)

    def _out(self, name: str) -> str:
        if name.startswith("/"):
            return name
        self.files += 1
        folder = self.folder / f"out{self.files}"
        folder.mkdir()
        (folder / "exists.csv").write_text("x")
        (folder / "exists.xlsx").write_text("x")
        (folder / "folder").mkdir()
        return f"{folder}/{name}"

    # -- running and holding it to the contract ----------------------------------------------
    def check(self, spec: Spec, drawn: Drawn) -> None:
        if self.dirty:
            copy_sqlite(self.template, self.db)
            self.dirty = False
        full = ["--db", str(self.db), "--lang", drawn.lang, *spec.words, *drawn.args]
        STATS.inputs += 1
        try:
            result = self.runner.invoke(app, full, env=self.env, catch_exceptions=False)
        except Exception:
            self.dirty = True
            if not self.collect:
                raise
            import traceback

            self._failed(f"a traceback:\n{traceback.format_exc(limit=-6)}", full, None)
            return
        counts = STATS.by_exit.setdefault(spec.id, {})
        counts[result.exit_code] = counts.get(result.exit_code, 0) + 1
        problem = self._problem(spec, drawn, result)
        if problem is not None:
            self.dirty = True
            self._failed(problem, full, result)

    def _failed(self, problem: str, full: list[str], result: Result | None) -> None:
        message = f"{problem}\nargs: {_short(full)}"
        if result is not None:
            message += (
                f"\nexit {result.exit_code}\nstdout: {_short(result.stdout)}"
                f"\nstderr: {_short(result.stderr)}"
            )
        if not self.collect:
            raise AssertionError(message)
        self.failures.append(message)
        STATS.failures.append(message)
        log = os.environ.get("DANGWU_FUZZ_LOG")
        if log:
            with open(log, "a", encoding="utf-8", errors="backslashreplace") as fh:
                fh.write(message + "\n" + "-" * 78 + "\n")

    def _problem(self, spec: Spec, drawn: Drawn, result: Result) -> str | None:
        code = result.exit_code
        allowed = {0, 1, 2} | ({3} if "--exit-code" in drawn.args else set())
        if code not in allowed:
            return f"exit code {code}"
        if code == 2 and not drawn.usage_error_possible:
            return "exit 2 (a usage error) for a value dangwu parses itself"
        text = result.stdout + result.stderr
        if "Traceback" in text or "内部错误" in text or "internal error" in text:
            return "an internal error"
        if "--reveal" not in drawn.args:
            compact = re.sub(r"[\s\-()]", "", text)
            for value in drawn.phones:
                if any(core in compact for core in phone_cores(value)):
                    return f"the phone number in {value!r} shown unmasked"
        if code == 0 and any(f"/{p}" in a for a in drawn.args for p in MUST_REFUSE):
            return "a mixed-encoding file or an XLSX bomb was accepted"
        if code == 0 and spec.write:
            self.dirty = True
            return self._consistent()
        if code == 1:
            lines = result.stderr.splitlines()
            if not lines or not lines[0].startswith(("错误：", "error: ")):
                return "exit 1 without an error line on stderr"
            if not lines[0].split("：", 1)[-1].split(": ", 1)[-1].strip():
                return "an empty error message"
            extra = lines[1:]
            if extra and not (spec.rows and all(line.startswith("  ") for line in extra)):
                return f"{len(lines)} lines on stderr, not one"
        if dump(self.db) != self.base_dump:
            return "a read-only or refused command changed the ledger"
        return None

    def _consistent(self) -> str | None:
        """After a successful write: audited, and `db check` still finds nothing wrong."""
        now = dump(self.db)
        if now != self.base_dump and count(self.db, "audit_log") <= self.base_audit:
            return "a write that left no audit entry"
        hidden = hidden_characters(now) - hidden_characters(self.base_dump)
        if hidden:
            return f"the ledger now holds {', '.join(sorted(hidden))}"
        result = self.runner.invoke(
            app,
            ["--db", str(self.db), "db", "check", "--format", "json"],
            env=self.env,
            catch_exceptions=False,
        )
        if result.exit_code != 0 or json.loads(result.stdout)["problems"]:
            return f"db check after the write: {_short(result.stdout + result.stderr)}"
        return None

    def finish(self) -> None:
        if self.failures:
            raise AssertionError(
                f"{len(self.failures)} failing inputs; the first:\n{self.failures[0]}"
            )


def _short(value: Any, limit: int = 600) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + f"… ({len(text)} chars)"


def _sample(which: str) -> bytes:
    table = Table(
        ROSTER_HEADER_ZH if which == "ROSTER" else DUES_HEADER_ZH,
        [ROSTER_ROW] if which == "ROSTER" else [DUES_ROW],
    )
    return csv_bytes(table, "utf-8-sig", "\n")


_SAMPLE = {"ROSTER": _sample("ROSTER"), "DUESFILE": _sample("DUESFILE")}
