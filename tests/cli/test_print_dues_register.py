"""`dangwu print dues-register --year Y -o F`: the 党费收缴登记表, checked against the ledger
(`dues statement -f json`, `dues ledger -f json`) as a person would read the file."""

from __future__ import annotations

import os
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from conftest import Cli

AS_OF = "2026-12-05"
# codes that must never show in a Chinese paper
CODES = re.compile(
    r"\b(regular|voluntary|reversal|in_service|retired|transferred_out|deceased|full|"
    r"probationary|no_base|overdue|lapse_risk|None|True|False)\b"
)


def _sheet(path: Path) -> tuple[list[str], list[list[Any]], list[Any]]:
    """The register's header, member rows and totals row, read back with openpyxl."""
    from openpyxl import load_workbook

    ws = load_workbook(path).worksheets[0]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    at = next(i for i, r in enumerate(rows) if r and r[0] in ("序号", "No."))
    header = [str(c) for c in rows[at]]
    body: list[list[Any]] = []
    for r in rows[at + 1 :]:
        if r[0] == "合计" or str(r[1]).startswith("Total"):
            return header, body, r
        body.append(r)
    raise AssertionError("no totals row")


def _money(value: Any) -> Decimal:
    assert isinstance(value, (int, float)), f"not a number: {value!r}"
    return Decimal(str(value)).quantize(Decimal("0.01"))


def _docx_text(path: Path) -> tuple[str, list[list[str]]]:
    import docx

    word = docx.Document(str(path))
    cells = [[c.text for c in row.cells] for t in word.tables for row in t.rows]
    text = (
        "\n".join(p.text for p in word.paragraphs) + "\n" + "\n".join("\t".join(r) for r in cells)
    )
    return text, cells


def test_workbook_numbers_and_totals_are_the_statement(demo_ledger: Cli, tmp_path: Path) -> None:
    out = tmp_path / "register.xlsx"
    printed = demo_ledger.ok(
        "print", "dues-register", "--year", "2026", "-o", out, "--as-of", AS_OF
    ).stdout
    assert str(out) in printed
    statement = demo_ledger.json("dues", "statement", "--year", "2026", "--as-of", AS_OF)
    header, body, totals = _sheet(out)
    assert header[:5] == ["序号", "姓名", "月工资收入", "执行标准", "月应缴"]
    assert "1月实缴" in header and "12月缴纳日期" in header
    col = {name: i for i, name in enumerate(header)}
    members = {m["name"]: m for m in statement["members"]}
    listed = {r[col["姓名"]]: r for r in body}
    assert set(members) <= set(listed)
    assert [r[0] for r in body] == list(range(1, len(body) + 1))  # 序号 1, 2, 3 … as numbers
    for name, m in members.items():
        row = listed[name]
        assert _money(row[col["全年应缴"]]) == Decimal(m["due"])
        assert _money(row[col["全年实缴"]]) == Decimal(m["paid"]) + Decimal(m["voluntary"])
        assert _money(row[col["尚欠"]]) == Decimal(m["outstanding"])
        months = [row[col[f"{n}月实缴"]] for n in range(1, 13)]
        assert sum(_money(v) for v in months if v is not None) == _money(row[col["全年实缴"]])
        paid = {f"2026-{n:02d}" for n in range(1, 13) if months[n - 1] is not None}
        assert set(m["months_paid"]) <= paid
    t = statement["totals"]
    assert _money(totals[col["全年应缴"]]) == Decimal(t["due"])
    assert _money(totals[col["全年实缴"]]) == Decimal(t["collected"])
    assert _money(totals[col["尚欠"]]) == Decimal(t["outstanding"])
    for n, month in enumerate(statement["by_month"], start=1):
        assert _money(totals[col[f"{n}月实缴"]]) == Decimal(month["collected"])
    assert f"{len(body)}人" in str(totals[1])


def test_each_month_shows_the_day_it_was_paid(demo_ledger: Cli, tmp_path: Path) -> None:
    out = tmp_path / "register.xlsx"
    demo_ledger.ok("print", "dues-register", "--year", "2026", "-o", out, "--as-of", AS_OF)
    header, body, _ = _sheet(out)
    col = {name: i for i, name in enumerate(header)}
    entries = demo_ledger.json("dues", "ledger", "--period", "2026")
    reversed_ids = {e["reverses"] for e in entries if e["reverses"]}
    live = [e for e in entries if e["kind"] == "regular" and e["id"] not in reversed_ids]
    rows = {r[col["姓名"]]: r for r in body}
    for e in live:
        n = int(e["month"][5:7])
        cell = rows[e["name"]][col[f"{n}月缴纳日期"]]
        assert cell.startswith(e["paid_on"]), (e, cell)
    # 杨帆 stopped paying in April: the months past their deadline read 未交
    yang = rows["杨帆"]
    assert yang[col["5月实缴"]] is None and yang[col["5月缴纳日期"]] == "未交"
    # December's deadline (the 20th) has not passed on 2026-12-05: blank, not 未交
    assert yang[col["12月缴纳日期"]] in ("", None)
    # 曹阳 transferred out in April: nothing owed after, and the note says so
    cao = rows["曹阳"]
    assert cao[col["6月缴纳日期"]] in ("", None)
    assert "4月10日转出" in cao[col["备注"]]
    assert "6月起交纳" in rows["梁宇"][col["备注"]]


def test_late_payments_are_the_back_payment_column(ledger: Cli, tmp_path: Path) -> None:
    ledger.add("甲", "--admitted-on", "2010-01-01")
    ledger.add("乙", "--admitted-on", "2010-01-01")
    ledger.add("丙", "--admitted-on", "2010-01-01")  # no base at all
    ledger.ok("dues", "base", "甲", "--income", "4000", "--from", "2026-01")  # 40.00 a month
    ledger.ok("dues", "base", "乙", "--income", "6000", "--from", "2026-01")  # 90.00
    ledger.ok("dues", "base", "乙", "--income", "12000", "--from", "2026-07")  # 240.00
    ledger.ok("dues", "pay", "甲", "--month", "2026-01", "--on", "2026-01-10")
    ledger.ok(
        "dues", "pay", "甲", "--months", "2026-02..2026-03", "--on", "2026-03-25"
    )  # Feb, Mar late
    ledger.ok("dues", "pay", "乙", "--months", "2026-01..2026-08", "--on", "2026-01-15")
    ledger.ok("dues", "pay", "乙", "--month", "2026-09", "--amount", "300", "--on", "2026-09-01")
    out = tmp_path / "r.xlsx"
    ledger.ok("print", "dues-register", "--year", "2026", "-o", out, "--as-of", "2026-10-25")
    header, body, totals = _sheet(out)
    col = {name: i for i, name in enumerate(header)}
    rows = {r[col["姓名"]]: r for r in body}
    jia, yi = rows["甲"], rows["乙"]
    assert _money(jia[col["其中补交"]]) == Decimal(
        "80.00"
    )  # Feb paid 03-25 (late), Mar 03-25 (late)
    assert "补交" in jia[col["2月缴纳日期"]] and "补交" in jia[col["3月缴纳日期"]]
    assert "补交" not in jia[col["1月缴纳日期"]]
    assert jia[col["4月缴纳日期"]] == "未交" and jia[col["10月缴纳日期"]] == "未交"
    assert jia[col["11月缴纳日期"]] in ("", None)  # not yet due on 2026-10-25
    assert _money(jia[col["尚欠"]]) == Decimal("280.00")  # April to October, 7 × 40
    assert _money(jia[col["月工资收入"]]) == Decimal("4000.00") and jia[col["执行标准"]] == "1%"
    # 乙: the base in force at the year's end, the change noted, the extra kept in 全年实缴
    assert _money(yi[col["月工资收入"]]) == Decimal("12000.00") and yi[col["执行标准"]] == "2%"
    assert _money(yi[col["月应缴"]]) == Decimal("240.00")
    assert "7月起月应缴240.00" in yi[col["备注"]] and "自愿多交60.00" in yi[col["备注"]]
    assert _money(yi[col["9月实缴"]]) == Decimal("300.00")
    assert _money(yi[col["全年应缴"]]) == Decimal(6 * 90 + 4 * 240)  # Jan–Oct owed by 10-25
    assert "未设定党费基数" in rows["丙"][col["备注"]]
    assert _money(totals[col["其中补交"]]) == Decimal("80.00")
    statement = ledger.json("dues", "statement", "--year", "2026", "--as-of", "2026-10-25")
    assert _money(totals[col["全年实缴"]]) == Decimal(statement["totals"]["collected"])
    assert _money(totals[col["尚欠"]]) == Decimal(statement["totals"]["outstanding"])


def test_word_register_is_landscape_chinese_with_the_header_on_every_page(
    demo_ledger: Cli, tmp_path: Path
) -> None:
    out = tmp_path / "register.docx"
    demo_ledger.ok("print", "dues-register", "--year", "2026", "-o", out, "--as-of", AS_OF)
    import docx
    from docx.oxml.ns import qn

    word = docx.Document(str(out))
    section = word.sections[0]
    assert section.page_width > section.page_height  # landscape A4
    assert abs(section.page_width.cm - 29.7) < 0.1 and abs(section.page_height.cm - 21.0) < 0.1
    table = word.tables[0]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    text, cells = _docx_text(out)
    assert "示例机关第一党支部2026年党费收缴登记表" in text
    assert "示例机关党委" in text and "统计截至 2026-12-05" in text
    assert cells[0][:5] == ["序号", "姓名", "月工资收入", "执行标准", "月应缴"]
    assert "1月" in cells[0] and "12月" in cells[0]
    assert "收缴人" in text and "支部书记" in text
    assert not CODES.search(text), CODES.search(text)
    statement = demo_ledger.json("dues", "statement", "--year", "2026", "--as-of", AS_OF)
    total = next(r for r in cells if r[0] == "合计")
    assert statement["totals"]["due"] in total and statement["totals"]["collected"] in total
    wang = next(r for r in cells if r[1] == "王建国")
    assert wang[5].startswith("136.50\n01-")  # the amount over the day
    assert any("含自愿多交" in c for c in wang)
    # the footer numbers the pages
    footer = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "NUMPAGES" in footer


def test_english_register(demo_ledger: Cli, tmp_path: Path) -> None:
    out = tmp_path / "register.xlsx"
    demo_ledger.ok(
        "--lang", "en", "print", "dues-register", "--year", "2026", "-o", out, "--as-of", AS_OF
    )
    header, body, totals = _sheet(out)
    assert header[:3] == ["No.", "Name", "Monthly income"] and "Jan paid" in header
    assert totals[1] == f"Total: {len(body)}"


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_written_0600_and_never_over_a_file(demo_ledger: Cli, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"register{suffix}"
    demo_ledger.ok("print", "dues-register", "--year", "2026", "-o", out)
    assert os.stat(out).st_mode & 0o777 == 0o600
    before = out.read_bytes()
    err = demo_ledger.refused("print", "dues-register", "--year", "2026", "-o", out).stderr
    assert "-o" in err
    assert out.read_bytes() == before


def test_bad_values_are_refused_and_write_nothing(demo_ledger: Cli, tmp_path: Path) -> None:
    assert (
        "--year"
        in demo_ledger.refused(
            "print", "dues-register", "--year", "20x6", "-o", tmp_path / "a.xlsx"
        ).stderr
    )
    assert (
        "--year"
        in demo_ledger.refused(
            "print", "dues-register", "--year", "1800", "-o", tmp_path / "a.xlsx"
        ).stderr
    )
    assert (
        "-o"
        in demo_ledger.refused(
            "print", "dues-register", "--year", "2026", "-o", tmp_path / "a.pdf"
        ).stderr
    )
    assert (
        "--as-of"
        in demo_ledger.refused(
            "print", "dues-register", "--year", "2026", "-o", tmp_path / "a.xlsx", "--as-of", "x"
        ).stderr
    )
    assert list(tmp_path.glob("a.*")) == []


def test_an_empty_year_prints_an_empty_register(ledger: Cli, tmp_path: Path) -> None:
    out = tmp_path / "empty.xlsx"
    ledger.ok("print", "dues-register", "--year", "2026", "-o", out)
    header, body, totals = _sheet(out)
    assert body == [] and totals[0] == "合计"


def test_the_workbook_rows_stream() -> None:
    """The register's rows reach the workbook writer as an iterator, never a whole list."""
    from datetime import date

    from dangwu.documents.dues_register import build
    from dangwu.documents.model import Grid

    def rows() -> Any:
        yield from ()

    data = {
        "year": 2026,
        "as_of": date(2026, 12, 5),
        "branch": "某支部",
        "higher_org": None,
        "months": [f"2026-{n:02d}" for n in range(1, 13)],
        "count": 0,
        "totals": {
            "due": 0,
            "paid": 0,
            "voluntary": 0,
            "late": 0,
            "outstanding": 0,
            "by_month": [0] * 12,
            "late_by_month": [0] * 12,
        },
        "published_on": None,
        "rows": rows(),
    }
    grid = next(b for b in build(data, sheet=True).blocks if isinstance(b, Grid))
    assert not isinstance(grid.rows, (list, tuple))
    assert len(grid.columns) == 5 + 24 + 5


def test_a_register_too_large_for_word_is_refused(
    demo_ledger: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("dangwu.documents.dues_register.WORD_MAX_MEMBERS", 10)
    out = tmp_path / "big.docx"
    err = demo_ledger.refused("print", "dues-register", "--year", "2026", "-o", out).stderr
    assert "-o" in err and ".xlsx" in err
    assert not out.exists()
    demo_ledger.ok("print", "dues-register", "--year", "2026", "-o", tmp_path / "big.xlsx")
