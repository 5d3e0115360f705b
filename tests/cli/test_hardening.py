"""Issue 23: what a hostile file, a full disk or another branch must not do to the ledger or
to the spreadsheet the user opens."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from conftest import Cli


def test_a_cr_in_a_field_is_quoted_and_the_formula_after_it_defused(ledger: Cli) -> None:
    ledger.add("张伟", "--admitted-on", "2003-05-10")
    ledger.ok("dues", "base", "张伟", "--from", "2026-10", "--income", "5000")
    # typed, a CR is refused (test_hidden_characters_are_refused); one already in the ledger
    # (an old version, another tool) must still reach a spreadsheet harmless
    ledger.ok("dues", "pay", "张伟", "--month", "2026-10", "--on", "2026-10-08",
              "--receipt", "R1")  # fmt: skip
    ledger.execute("UPDATE dues_payment SET receipt = 'R1' || CHR(13) || '=cmd|'' /C calc''!A0'"
                   if ledger.on_server else
                   "UPDATE dues_payment SET receipt = 'R1' || char(13) || '=cmd|'' /C calc''!A0'")  # fmt: skip
    out = ledger.ok("dues", "ledger", "-f", "csv").stdout
    assert "\r=" not in out  # no formula right after the CR
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert len(rows) == 2  # the CR stayed inside its quoted field
    [receipt] = [v for v in rows[1] if v.startswith("R1")]
    assert receipt == "R1\r'=cmd|' /C calc'!A0"
    # the ledger keeps what was typed
    assert ledger.json("dues", "ledger")[0]["receipt"] == "R1\r=cmd|' /C calc'!A0"


def test_landline_numbers_are_masked_everywhere(ledger: Cli) -> None:
    for ref in ("021-64318899", "(0755)86013388", "0755-86013388转123"):
        shown = ledger.refused("member", "show", ref).stderr
        assert "64318899" not in shown and "86013388" not in shown, shown
        assert "****" in shown
    absent = ledger.refused("meeting", "add", "general", "--on", "2026-11-02",
                            "--absent", "021-64318899").stderr  # fmt: skip
    assert "64318899" not in absent
    ledger.add("张伟", "--admitted-on", "2003-05-10", "--phone", "021-64318899-123")
    listed = ledger.ok("member", "list", "-f", "plain").stdout
    assert "021****8899-***" in listed and "64318899" not in listed
    assert ledger.member("张伟", "--reveal")["phone"] == "021-64318899-123"


def test_crash_reports_mask_landlines() -> None:
    from dangwu.crash import mask_text

    text = "parameters: ('0755-86013388', '+86 21 6431 8899', '2026-12-05', 1234.56)"
    masked = mask_text(text)
    assert "86013388" not in masked and "6431 8899" not in masked
    assert "2026-12-05" in masked and "1234.56" in masked


@pytest.mark.parametrize("char", ["\ufeff", "\u200b", "\u202e", "\r", "\x1b", "\u2028"])
def test_hidden_characters_are_refused(ledger: Cli, char: str) -> None:
    result = ledger.refused("member", "add", f"王{char}伟", "--gender", "男", "--stage", "full")
    assert f"U+{ord(char):04X}" in result.stderr
    ledger.add("张伟", "--admitted-on", "2003-05-10")
    for args in (
        ("member", "edit", "张伟", "--unit", f"办{char}公室"),
        ("meeting", "add", "general", "--on", "2026-01-05", "--topic", f"学{char}习"),
        # an option given more than once, and the reason after a name (found by the fuzz)
        ("meeting", "add", "general", "--on", "2026-01-05", "--leave", f"张伟:病{char}假"),
        ("meeting", "add", "general", "--on", "2026-01-05", "--absent", "张伟",
         "--absent", f"{char}张伟"),
    ):  # fmt: skip
        assert f"U+{ord(char):04X}" in ledger.refused(*args).stderr


def test_hidden_characters_in_an_import_are_refused_by_line(ledger: Cli, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "姓名,性别,入党日期,人员类别,工作单位\n王五,男,2003-05-10,正式党员,办\u202e公室\n",
        encoding="utf-8",
    )
    result = ledger.refused("member", "import", str(roster))
    assert "第 2 行 工作单位" in result.stderr and "U+202E" in result.stderr


def _rehash_from(ledger: Cli, first: int) -> None:
    """What a careful forger does after editing or cutting the trail: recompute every hash
    from `first` on and the head, so the chain alone looks whole."""
    from dangwu.store.audit_chain import CHAINED, GENESIS, HEAD_KEY, head_value, link

    rows = ledger.sql(f"SELECT {', '.join(CHAINED)}, prev_hash FROM audit_log ORDER BY id")
    prev = GENESIS
    for row in rows:
        entry_id = row[0]
        if entry_id >= first:
            digest = link(prev, row[: len(CHAINED)])
            ledger.execute(
                "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?",
                (prev, digest, entry_id),
            )
            prev = digest
        else:
            prev = ledger.sql("SELECT hash FROM audit_log WHERE id = ?", (entry_id,))[0][0]
    last = rows[-1][0]
    ledger.execute(
        "UPDATE branch_setting SET value = ? WHERE key = ?", (head_value(last, prev), HEAD_KEY)
    )


def _problems(ledger: Cli, *args: str) -> set[str]:
    return {p["check"] for p in ledger.json("db", "check", *args)["problems"]}


def test_a_kept_anchor_names_a_trail_cut_back_or_rehashed(ledger: Cli, tmp_path: Path) -> None:
    if ledger.on_server:
        pytest.skip("the server keeps the trail append-only for the branch's role")
    for name in ("张伟", "李强", "王芳"):
        ledger.add(name, "--admitted-on", "2003-05-10")
    anchor = tmp_path / "head.json"
    ledger.ok("db", "anchor", "-o", str(anchor))
    assert oct(anchor.stat().st_mode & 0o777) == "0o600"
    assert _problems(ledger, "--anchor", str(anchor)) == set()
    ledger.add("赵敏", "--admitted-on", "2003-05-10")  # the trail grows past the anchor: fine
    assert _problems(ledger, "--anchor", str(anchor)) == set()
    # rewritten: an old entry's reason changed and every hash recomputed — the chain agrees
    ledger.execute("UPDATE audit_log SET reason = 'forged' WHERE id = 2")
    _rehash_from(ledger, 2)
    assert not _problems(ledger) & {"audit_edited", "audit_chain", "audit_head"}
    assert "audit_anchor" in _problems(ledger, "--anchor", str(anchor))
    result = ledger("db", "check", "--anchor", str(anchor))
    assert result.exit_code == 0 and "audit_log" in result.stderr  # CLI.md: 0 without --exit-code
    assert ledger("db", "check", "--anchor", str(anchor), "--exit-code").exit_code == 3


def test_a_bad_anchor_file_is_one_line(ledger: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"entry": "x"}', encoding="utf-8")
    assert "--anchor" in ledger.refused("db", "check", "--anchor", str(bad)).stderr
    assert "--anchor" in ledger.refused("db", "check", "--anchor", str(tmp_path / "no")).stderr


def test_an_empty_db_a_fifo_or_a_folder_is_refused_at_once(ledger: Cli, tmp_path: Path) -> None:
    import os

    empty = ledger("--db", "", "member", "list", db=False)
    assert empty.exit_code == 1 and "--db" in empty.stderr
    fifo = tmp_path / "ledger.fifo"
    os.mkfifo(fifo)
    for target in (fifo, tmp_path):
        result = ledger("--db", str(target), "member", "list", db=False)
        assert result.exit_code == 1 and "--db" in result.stderr, result.stderr


def test_a_full_disk_is_one_line_and_leaves_no_file(
    ledger: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import sqlite3

    ledger.add("张伟", "--admitted-on", "2003-05-10")
    target = tmp_path / "roster.csv"

    class Full:
        def __init__(self, *args: object, **kw: object) -> None:
            pass

        def writerow(self, row: object) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

        writerows = writerow

    monkeypatch.setattr("dangwu.files.csv.writer", Full)
    result = ledger("member", "export", str(target))
    assert (
        result.exit_code == 1 and "磁盘已满" in result.stderr and "Traceback" not in result.stderr
    )
    assert not target.exists()  # the retry is not blocked by an empty file
    monkeypatch.undo()

    def disk_full(*args: object, **kw: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr("dangwu.services.dues.pay", disk_full)
    ledger.ok("dues", "base", "张伟", "--from", "2026-10", "--income", "5000")
    result = ledger.refused("dues", "pay", "张伟", "--month", "2026-10", "--on", "2026-10-08")
    assert "磁盘已满" in result.stderr


def _bomb(path: Path, part: str, data: bytes) -> Path:
    """A real workbook with one part replaced (or added) by `data`."""
    import zipfile

    from openpyxl import Workbook

    base = path.with_suffix(".base.xlsx")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["姓名", "性别", "入党日期", "人员类别"])
    book.save(base)
    with zipfile.ZipFile(base) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, data if item.filename == part else zin.read(item.filename))
        if part not in zin.namelist():
            zout.writestr(part, data)
    return path


def test_xlsx_bombs_are_refused_before_reading(ledger: Cli, tmp_path: Path) -> None:
    strings = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + b"<si><t>x</t></si>" * 8_000_000
        + b"</sst>"
    )
    shared = _bomb(tmp_path / "strings.xlsx", "xl/sharedStrings.xml", strings)
    assert shared.stat().st_size < 1_000_000
    result = ledger.refused("member", "import", str(shared))
    assert "共享字符串" in result.stderr or "压缩比" in result.stderr
    sheet = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>' + b"A" * 50_000_000 + b"</t></is></c></row>"
        b"</sheetData></worksheet>"
    )
    cell = _bomb(tmp_path / "cell.xlsx", "xl/worksheets/sheet1.xml", sheet)
    assert "压缩比" in ledger.refused("member", "import", str(cell)).stderr


def test_a_cell_longer_than_excel_allows_is_refused_by_line(ledger: Cli, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["姓名", "性别", "入党日期", "人员类别", "工作单位"])
    sheet.append(["王五", "男", "2003-05-10", "正式党员", "单位" * 20_000])
    book.save(tmp_path / "long.xlsx")
    result = ledger.refused("member", "import", str(tmp_path / "long.xlsx"))
    assert "第 2 行" in result.stderr and "32767" in result.stderr


def test_a_file_name_with_control_characters_is_recorded_escaped(
    ledger: Cli, tmp_path: Path
) -> None:
    """A file name is not refused (it is the user's file), but the audit trail that records
    a revealing export keeps it escaped: the ledger never holds a character that rewrites a
    terminal when the trail is read (found by the fuzz survey)."""
    ledger.add("张伟", "--admitted-on", "2003-05-10", "--phone", "13801010099")
    target = tmp_path / "名单\x1b[2J\x7f.csv"
    ledger.ok("member", "export", str(target), "--reveal")
    assert target.exists()
    stored = "".join(str(v) for row in ledger.sql("SELECT after FROM audit_log") for v in row)
    assert "\x1b" not in stored and "\x7f" not in stored
    [export] = [e for e in ledger.audit() if e["after"] and "名单" in str(e["after"])]
    assert export["after"]["file"] == str(target)  # the escape reads back as the name


def test_a_backup_or_copy_where_no_file_can_be_made_is_one_line(ledger: Cli) -> None:
    """Found by the fuzz survey: `db backup /` and `db copy … /proc/x.db` were tracebacks."""
    if ledger.on_server:
        pytest.skip("a copy into a file from a ledger file")
    ledger.add("张伟", "--admitted-on", "2003-05-10")
    before = ledger.dump()
    assert "已存在" in ledger.refused("db", "backup", "/").stderr
    copy = ledger.refused("db", "copy", str(ledger.db), "/proc/x.db").stderr
    assert copy.startswith("错误：TARGET:") and len(copy.splitlines()) == 1
    assert ledger.dump() == before
