"""`dangwu print letter REF -o F`, `member transfer-out --valid-days N`, `member receipt REF
--on D` and the finding `letter_receipt_overdue`, end to end."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Cli

IdMaker = Callable[..., str]
CODES = re.compile(r"\b(male|female|full|probationary|transferred_out|None|True|False)\b")


def _text(path: Path) -> str:
    import docx

    word = docx.Document(str(path))
    return "\n".join(p.text for p in word.paragraphs)


def _sheet_text(path: Path) -> str:
    from openpyxl import load_workbook

    ws = load_workbook(path).worksheets[0]
    return "\n".join(str(c) for r in ws.iter_rows(values_only=True) for c in r if c is not None)


@pytest.fixture
def moved(ledger: Cli, idn: IdMaker) -> Cli:
    """甲 (born 1990-09-01) paid January to March 2026 and transferred out on 2026-04-10 with
    letter 转字〔2026〕第12号; 乙 never left; 丙 transferred out with no letter number."""
    from datetime import date

    ledger.add(
        "甲",
        "--birth-date", "1990-09-01",
        "--id-number", idn(date(1990, 9, 1), 7, "male"),
        "--ethnicity", "回族",
        "--phone", "13801010027",
        "--admitted-on", "2013-06-30",
        "--full-on", "2014-06-30",
    )  # fmt: skip
    ledger.add("乙", "--admitted-on", "2013-06-30")
    ledger.ok(
        "member", "add", "丙", "--gender", "女", "--stage", "probationary",
        "--admitted-on", "2026-01-15", "--birth-date", "2000-02-29",
    )  # fmt: skip
    ledger.ok("dues", "base", "甲", "--income", "9100", "--from", "2026-01")
    ledger.ok("dues", "pay", "甲", "--months", "2026-01..2026-03", "--on", "2026-03-14")
    out = ledger.ok(
        "member", "transfer-out", "甲", "--to", "示例市财政局机关党支部", "--on", "2026-04-10",
        "--letter", "转字〔2026〕第12号", "--force", "--reason", "四月党费由转入支部收",
    ).stdout  # fmt: skip
    assert "2026-03" in out  # what transfer-out printed: the letter states the same
    ledger.ok(
        "member", "transfer-out", "丙", "--to", "某大学党委", "--on", "2026-03-01",
        "--valid-days", "10",
    )  # fmt: skip
    return ledger


def test_the_letter_states_what_the_transfer_recorded(
    moved: Cli, tmp_path: Path, idn: IdMaker
) -> None:
    from datetime import date

    out = tmp_path / "letter.docx"
    printed = moved.ok("print", "letter", "甲", "-o", out, "--reveal").stdout
    assert "转字〔2026〕第12号" in printed
    text = _text(out)
    assert "测试支部党员组织关系介绍信" in text
    for part in ("党员介绍信存根（第一联）", "中国共产党党员组织关系介绍信（第二联）",
                 "中国共产党党员组织关系介绍信回执联（第三联）"):  # fmt: skip
        assert part in text
    assert text.count("转字〔2026〕第12号") == 3  # one serial number on all three parts
    assert "甲同志系中共正式党员，组织关系由测试支部转到示例市财政局机关党支部。" in text
    assert "示例市财政局机关党支部：" in text
    assert "甲同志（男），35岁，回族，系中共正式党员" in text
    assert idn(date(1990, 9, 1), 7, "male") in text
    assert "由测试支部去示例市财政局机关党支部，请接转组织关系。" in text
    assert "该同志党费已交到二〇二六年三月。" in text
    assert "（有效期三十天）" in text
    assert "2026年4月10日" in text
    assert "13801010027" in text
    assert "特此回复" in text and "一个月内" in text
    assert not CODES.search(text), CODES.search(text)


def test_masked_unless_revealed(moved: Cli, tmp_path: Path, idn: IdMaker) -> None:
    from datetime import date

    out = tmp_path / "letter.docx"
    moved.ok("print", "letter", "1", "-o", out)
    text = _text(out)
    number = idn(date(1990, 9, 1), 7, "male")
    assert number not in text and number[:6] + "********" + number[14:] in text
    assert "13801010027" not in text and "138****0027" in text


def test_a_derived_serial_the_validity_given_and_the_age_on_the_day(
    moved: Cli, tmp_path: Path
) -> None:
    out = tmp_path / "丙.docx"
    moved.ok("print", "letter", "丙", "-o", out)
    text = _text(out)
    pid = moved.sql("SELECT id FROM person WHERE name = '丙'")[0][0]
    serial = f"2026{pid:04d}"
    assert text.count(f"第 {serial} 号") == 3
    assert "（有效期十天）" in text
    assert "系中共预备党员" in text
    # born 29 February 2000: 26 on 1 March 2026 (民法典 arts. 201–202, rules/periods.py)
    assert "26岁" in text
    assert "（未交过党费）" in text  # no base, nothing paid
    assert moved.sql("SELECT letter_valid_days FROM person WHERE name = '丙'") == [(10,)]
    assert moved.sql("SELECT letter_valid_days FROM person WHERE name = '甲'") == [(30,)]


def test_the_workbook_letter(moved: Cli, tmp_path: Path) -> None:
    out = tmp_path / "letter.xlsx"
    moved.ok("print", "letter", "甲", "-o", out)
    text = _sheet_text(out)
    assert text.count("转字〔2026〕第12号") == 3
    assert "该同志党费已交到二〇二六年三月。" in text and "（有效期三十天）" in text


def test_english_letter(moved: Cli, tmp_path: Path) -> None:
    out = tmp_path / "letter.docx"
    moved.ok("--lang", "en", "print", "letter", "甲", "-o", out)
    text = _text(out)
    assert "Dues are paid through March 2026." in text and "(valid for 30 days)" in text
    assert "aged 35" in text and "full member" in text


def test_only_a_member_who_transferred_out_has_a_letter(moved: Cli, tmp_path: Path) -> None:
    out = tmp_path / "乙.docx"
    err = moved.refused("print", "letter", "乙", "-o", out).stderr
    assert "REF:" in err and "乙" in err
    assert "REF:" in moved.refused("print", "letter", "无此人", "-o", out).stderr
    moved.ok("member", "leave", "乙", "--reason", "deceased", "--on", "2026-05-01")
    assert "REF:" in moved.refused("print", "letter", "乙", "-o", out).stderr
    assert not out.exists()


def test_0600_and_never_over_a_file(moved: Cli, tmp_path: Path) -> None:
    out = tmp_path / "letter.docx"
    moved.ok("print", "letter", "甲", "-o", out)
    assert os.stat(out).st_mode & 0o777 == 0o600
    before = out.read_bytes()
    assert "-o" in moved.refused("print", "letter", "甲", "-o", out).stderr
    assert out.read_bytes() == before
    assert "-o" in moved.refused("print", "letter", "甲", "-o", tmp_path / "x.txt").stderr


def test_valid_days_are_checked(ledger: Cli) -> None:
    ledger.add("甲")
    base = ["member", "transfer-out", "甲", "--to", "某局", "--on", "2026-04-10"]
    for bad in ("0", "91", "abc", "-3", "10.5"):
        assert "--valid-days" in ledger.refused(*base, "--valid-days", bad).stderr
    ledger.ok(*base, "--valid-days", "90")
    assert ledger.sql("SELECT letter_valid_days FROM person") == [(90,)]


def test_the_receipt_is_recorded_once_audited_and_corrected_with_replace(moved: Cli) -> None:
    assert "REF:" in moved.refused("member", "receipt", "乙", "--on", "2026-04-20").stderr
    assert "--on" in moved.refused("member", "receipt", "甲", "--on", "2026-04-09").stderr
    assert "--on" in moved.refused("member", "receipt", "甲", "--on", "2099-01-01").stderr
    moved.ok("member", "receipt", "甲", "--on", "2026-04-20")
    stored = moved.sql("SELECT letter_receipt_on FROM person WHERE name = '甲'")[0][0]
    assert str(stored) == "2026-04-20"
    err = moved.refused("member", "receipt", "甲", "--on", "2026-04-22").stderr
    assert "--replace" in err and "2026-04-20" in err
    moved.ok("member", "receipt", "甲", "--on", "2026-04-22", "--replace")
    trail = moved.audit("member.receipt")
    assert [(e["before"]["letter_receipt_on"], e["after"]["letter_receipt_on"]) for e in trail] == [
        (None, "2026-04-20"),
        ("2026-04-20", "2026-04-22"),
    ]
    assert moved.ok("db", "check").exit_code == 0


def _overdue(led: Cli, as_of: str) -> list[tuple[str, str]]:
    doc = led.json("report", "compliance", "--as-of", as_of)
    return [(f["name"], f["detail"]) for f in doc["findings"]
            if f["kind"] == "letter_receipt_overdue"]  # fmt: skip


def test_a_receipt_not_back_within_a_month_is_a_finding(moved: Cli) -> None:
    # 甲's letter of 2026-04-10: back by 2026-05-10; 丙's of 2026-03-01: by 2026-04-01
    assert _overdue(moved, "2026-04-01") == []
    assert [n for n, _ in _overdue(moved, "2026-04-02")] == ["丙"]
    assert [n for n, _ in _overdue(moved, "2026-05-10")] == ["丙"]
    found = _overdue(moved, "2026-05-11")
    assert [n for n, _ in found] == ["丙", "甲"]
    assert "2026-05-10" in found[1][1] and "转字〔2026〕第12号" in found[1][1]
    moved.ok("member", "receipt", "甲", "--on", "2026-05-20")
    assert [n for n, _ in _overdue(moved, "2026-05-19")] == ["丙", "甲"]  # not back yet then
    assert [n for n, _ in _overdue(moved, "2026-05-20")] == ["丙"]
    doc = moved.json("report", "compliance", "--as-of", "2026-06-01")
    assert doc["ok"] is False
    table = moved.ok("report", "compliance", "--as-of", "2026-06-01").stdout
    assert "组织关系介绍信回执逾期未回" in table


def test_the_demo_letter_came_back(demo_ledger: Cli, tmp_path: Path) -> None:
    """The sample branch's transfer (曹阳) has its 回执 on record: no finding, and the letter
    prints."""
    assert demo_ledger.sql("SELECT letter_valid_days FROM person WHERE name = '曹阳'") == [(30,)]
    assert _overdue(demo_ledger, "2026-12-05") == []
    out = tmp_path / "曹阳.docx"
    demo_ledger.ok("print", "letter", "曹阳", "-o", out)
    text = _text(out)
    assert "转字〔2026〕第12号" in text and "示例机关第一党支部" in text
    assert "该同志党费已交到二〇二六年三月。" in text  # April was paid on 04-16, after the letter


def test_a_member_who_came_back_is_no_finding_and_the_old_letter_still_prints(
    moved: Cli, tmp_path: Path
) -> None:
    assert [n for n, _ in _overdue(moved, "2026-06-01")] == ["丙", "甲"]
    moved.ok(
        "member", "transfer-in", "甲", "--from", "示例市财政局机关党支部", "--on", "2026-06-01"
    )
    assert [n for n, _ in _overdue(moved, "2026-07-01")] == ["丙"]
    # by name 甲 is the new stint, who has not left; the first stint's letter by its id
    assert "REF:" in moved.refused("print", "letter", "甲", "-o", tmp_path / "x.docx").stderr
    moved.ok("print", "letter", "1", "-o", tmp_path / "old.docx")
    assert "转字〔2026〕第12号" in _text(tmp_path / "old.docx")
