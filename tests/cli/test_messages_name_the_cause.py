"""Issue 21, item 5: messages that name the real cause — an ID number a spreadsheet stored as a
number, full-width digits, the months a transfer-out still owes as `dues status` lists them,
no Python value in a message, months written with a dot."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from conftest import Cli

ID = "110101198001050338"


def _workbook(path: Path, number: object) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["姓名", "性别", "身份证号", "入党日期", "人员类别"])
    ws.append(["王一", "男", number, "2003-05-10", "正式党员"])
    wb.save(path)
    return path


def test_an_id_number_stored_as_a_number_says_to_format_the_column_as_text(
    ledger: Cli, tmp_path: Path
) -> None:
    # what Excel keeps of 110101198001050338 typed into a number cell: 15 significant digits
    for given in (1.10101198001050e17, "1.10101E+17"):
        book = _workbook(tmp_path / "roster.xlsx", given)
        result = ledger.refused("member", "import", str(book))
        assert "文本" in result.stderr and "校验位" not in result.stderr
        book.unlink()
    english = ledger(
        "--lang", "en", "member", "import", str(_workbook(tmp_path / "r.xlsx", 1.1e17))
    )
    assert "format the column as Text" in english.stderr


def test_full_width_digits_are_read_as_digits(ledger: Cli) -> None:
    full_width = ID.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    ledger.add("张伟", "--id-number", full_width, "--admitted-on", "2003-05-10")
    assert ledger.member("张伟", "--reveal")["id_number"] == ID


def test_a_dotted_month_is_a_month(ledger: Cli) -> None:
    ledger.add("张伟", "--admitted-on", "2003-05-10")
    ledger.ok("dues", "base", "张伟", "--from", "2026.10", "--income", "5000")
    ledger.ok("dues", "pay", "张伟", "--month", "2026.10", "--on", "2026-10-08")
    paid = ledger.json("dues", "ledger", "--member", "张伟")
    assert [p["month"] for p in paid] == ["2026-10"]


def test_transfer_out_names_the_unpaid_months_as_dues_status_does(ledger: Cli) -> None:
    ledger.add("张伟", "--admitted-on", "2003-05-10")
    ledger.ok("dues", "base", "张伟", "--from", "2026-06", "--income", "5000")
    for month in ("2026-07", "2026-08"):
        ledger.ok("dues", "pay", "张伟", "--month", month, "--on", f"{month}-10")
    result = ledger.refused(
        "member", "transfer-out", "张伟", "--to", "某支部", "--on", "2026-11-25"
    )
    assert "2026-06, 2026-09..2026-11" in result.stderr
    assert "2026-06..2026-11" not in result.stderr


def test_no_python_none_in_a_message(ledger: Cli) -> None:
    ledger.ok("dev", "apply", "小王", "--on", "2026-03-01", "--birth-date", "1998-01-01",
              "--gender", "男")  # fmt: skip
    result = ledger.refused("dev", "drop", "小王", "--on", "2026-01-10", "--reason", "录错")
    assert "None" not in result.stderr
