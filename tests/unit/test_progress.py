"""Issue 21, item 6: imports and `db copy` count rows against a total, with rate and time left."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from rich.progress import MofNCompleteColumn, TimeRemainingColumn

from dangwu.files import estimate_rows
from dangwu.services.roster import progress_bar


def test_the_total_is_the_data_rows_of_a_csv_or_a_sheet(tmp_path: Path) -> None:
    csv = tmp_path / "r.csv"
    csv.write_text("姓名,月份\n" + "".join(f"张{i},2026-01\n" for i in range(250)), "utf-8")
    assert estimate_rows(csv) == 250
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for i in range(31):
        sheet.append([f"r{i}", i])
    book.save(tmp_path / "r.xlsx")
    assert estimate_rows(tmp_path / "r.xlsx") == 30
    assert estimate_rows(tmp_path / "missing.csv") is None


def test_the_bar_shows_rows_done_of_the_total_and_the_time_left() -> None:
    bar = progress_bar()
    kinds = {type(c) for c in bar.columns}
    assert MofNCompleteColumn in kinds and TimeRemainingColumn in kinds
    assert any(type(c).__name__ == "Rate" for c in bar.columns)
    assert bar.disable  # not a terminal here: nothing is drawn
