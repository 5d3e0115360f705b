"""`print handbook --year Y -o F` (issue 19): the year's 党支部工作手册 from the ledger, every
part checked against what the other commands say of the same year."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import Cli


def _texts(path: Path) -> tuple[list[str], list[list[str]]]:
    import docx

    word = docx.Document(str(path))
    rows = [[c.text for c in row.cells] for t in word.tables for row in t.rows]
    return [p.text for p in word.paragraphs], rows


def test_the_handbook_holds_the_years_record(demo_ledger: Cli, tmp_path: Path) -> None:
    out = tmp_path / "手册.docx"
    demo_ledger.ok("print", "handbook", "--year", "2025", "-o", str(out), "--as-of", "2026-12-05")
    assert (out.stat().st_mode & 0o777) == 0o600
    paragraphs, rows = _texts(out)
    assert paragraphs[0] == "示例机关第一党支部党支部工作手册（2025年）"
    assert "示例机关党委" in paragraphs[1]
    headings = [p for p in paragraphs if re.match(r"^[一二三四五六七八九十]+、", p)]
    assert len(headings) == 10
    cells = {c for row in rows for c in row}
    members = demo_ledger.json("member", "list", "--as-of", "2025-12-31")
    for m in members:
        if m["stage"] in ("full", "probationary"):
            assert m["name"] in cells, m["name"]
    # every meeting held in the year is a row, with its numbers
    held = [
        m for m in demo_ledger.json("meeting", "list", "--period", "2025") if m["status"] == "held"
    ]
    meeting_rows = [r for r in rows if re.fullmatch(r"2025-\d\d-\d\d", r[0]) and len(r) == 6]
    assert len(meeting_rows) == len(held)
    assert [(r[0], int(r[3]), int(r[4])) for r in meeting_rows] == [
        (m["date"], m["expected"], m["present"]) for m in held
    ]
    talks = demo_ledger.json("talk", "list", "--period", "2025")
    talk_rows = [r for r in rows if len(r) == 4 and re.fullmatch(r"2025-\d\d-\d\d", r[0])]
    assert len(talk_rows) == len(talks)
    # the dues section's totals are the year's dues statement's
    totals = demo_ledger.json("dues", "statement", "--year", "2025", "--as-of", "2026-12-05")
    (total,) = [r for r in rows if len(r) == 7 and r[1] == "合计"]
    assert (total[3], total[4]) == (totals["totals"]["due"], totals["totals"]["collected"])
    # the compliance summary closes it, with its findings as sentences
    assert any(p.startswith("存在的问题") or p == "未发现问题。" for p in paragraphs)
    # words, never codes, in a Chinese paper
    text = "\n".join(paragraphs + sorted(cells))
    assert not re.search(r"\b(general|committee|present|absent|full|probationary|short|ok)\b", text)
    # never over an existing file; a bad year or extension is one line naming the option
    assert "-o" in demo_ledger.refused("print", "handbook", "--year", "2025", "-o", str(out)).stderr
    assert (
        "--year"
        in demo_ledger.refused(
            "print", "handbook", "--year", "25", "-o", str(tmp_path / "a.docx")
        ).stderr
    )
    assert (
        "-o"
        in demo_ledger.refused(
            "print", "handbook", "--year", "2025", "-o", str(tmp_path / "a.pdf")
        ).stderr
    )
    assert not (tmp_path / "a.docx").exists() and not (tmp_path / "a.pdf").exists()


def test_the_handbook_in_english_and_as_a_workbook(demo_ledger: Cli, tmp_path: Path) -> None:
    import openpyxl

    out = tmp_path / "h.xlsx"
    demo_ledger.ok("--lang", "en", "print", "handbook", "--year", "2025", "-o", str(out))
    values = [
        v
        for row in openpyxl.load_workbook(out).active.iter_rows(values_only=True)
        for v in row
        if v is not None
    ]
    assert any(isinstance(v, str) and "branch handbook 2025" in v for v in values)
    assert "Meetings and attendance" in " ".join(str(v) for v in values)
