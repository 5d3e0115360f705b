"""A Document as a workbook (openpyxl, written row by row so a register of 100,000 members
never sits in memory): A4 print setup fitted to the page width, the title on the first row,
each table's header row repeated on every printed page, "第 &P 页，共 &N 页" in the footer.
Counts and amounts stay numbers a spreadsheet can sum; everything else is text, never a
formula."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from .model import Column, Document, Fields, Grid, Heading, PageBreak, Para, Ruled, Signature

# An Excel column is measured in characters of the default font; a CJK character takes two.
CHARS_PER_CM = 2.2


def _cell(ws: Any, value: str | int | Decimal | None, column: Column | None, bold: bool) -> Any:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    if column is not None and column.kind == "money" and isinstance(value, (int, Decimal)):
        cell = WriteOnlyCell(ws, value=float(value))
        cell.number_format = "0.00"
    elif column is not None and column.kind == "count" and isinstance(value, int):
        cell = WriteOnlyCell(ws, value=value)
    else:
        cell = WriteOnlyCell(ws, value="" if value is None else str(value))
        cell.data_type = "s"  # text, never a formula
    if bold:
        cell.font = Font(bold=True)
    return cell


def write_xlsx(doc: Document, path: Path) -> None:
    """Write `doc` to `path` (a new file, created 0600 by the caller)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(doc.sheet[:31])
    ws.page_setup.paperSize = "9"  # A4 (OOXML paper size 9)
    ws.page_setup.orientation = "landscape" if doc.landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    label = doc.page_label[0] if doc.lang == "zh" else doc.page_label[1]
    ws.oddFooter.center.text = label.replace("{page}", "&P").replace("{pages}", "&N")
    grids = [b for b in doc.blocks if isinstance(b, Grid)]
    widths: list[float] = []
    for grid in grids:
        for i, column in enumerate(grid.columns):
            if i >= len(widths):
                widths.append(column.width)
            else:
                widths[i] = max(widths[i], column.width)
    for i, width in enumerate(widths or [16.0], start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(6.0, width * CHARS_PER_CM)

    row = 0

    def put(values: list[Any]) -> None:
        nonlocal row
        ws.append(values)
        row += 1

    from openpyxl.cell import WriteOnlyCell

    title = WriteOnlyCell(ws, value=doc.title)
    title.font = Font(bold=True, size=14)
    put([title])
    if doc.subtitle:
        put([_cell(ws, doc.subtitle, None, False)])
    put([])
    header_row: int | None = None
    for block in doc.blocks:
        if isinstance(block, Heading):
            put([_cell(ws, block.text, None, True)])
        elif isinstance(block, Para):
            put([_cell(ws, block.text, None, block.bold)])
        elif isinstance(block, Fields):
            pairs = list(block.pairs)
            for i in range(0, len(pairs), 2):
                cells = []
                for label_text, value in pairs[i : i + 2]:
                    cells += [_cell(ws, label_text, None, True), _cell(ws, value, None, False)]
                put(cells)
        elif isinstance(block, Grid):
            put([_cell(ws, c.title, None, True) for c in block.columns])
            if header_row is None:
                header_row = row
            for values in block.rows:
                put([_cell(ws, v, c, False) for v, c in zip(values, block.columns, strict=True)])
            if block.totals is not None:
                put(
                    [
                        _cell(ws, v, c, True)
                        for v, c in zip(block.totals, block.columns, strict=True)
                    ]
                )
        elif isinstance(block, Ruled):
            put([_cell(ws, block.label, None, True)])
            for _ in range(block.lines):
                put([])
        elif isinstance(block, Signature):
            put([])
            put([_cell(ws, f"{label}＿＿＿＿＿＿", None, False) for label in block.labels])
        elif isinstance(block, PageBreak):
            put([])
        put([])
    if header_row is not None:
        ws.print_title_rows = f"{header_row}:{header_row}"
    wb.save(path)
