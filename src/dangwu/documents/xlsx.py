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

# An Excel column is measured in characters of the default font (about 0.19 cm each at
# 11 pt, so some 5 to the centimetre); a CJK character takes two.
CHARS_PER_CM = 5.0


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


def _head_widths(widths: list[float]) -> list[float]:
    """The columns' widths (cm) with room for a Fields head: labels in A and C."""
    base = [2.6, 5.9, 2.6, 5.9]
    out = list(widths) + base[len(widths) :]
    out[0], out[2] = max(out[0], 2.6), max(out[2], 2.6)
    return out


def _lines(text: str, width_cm: float) -> int:
    """How many lines `text` takes in a cell `width_cm` wide (a CJK character is two)."""
    size = sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)
    per_line = max(1, int(width_cm * CHARS_PER_CM))
    return max(1, -(-size // per_line)) + text.count("\n")


def _boxed(cell: Any) -> Any:
    """A table cell: a thin border all round, its text centred top to bottom. The style's
    ids are looked up once per workbook: setting `cell.border` hashes the Border every
    time, which made a 200,000-cell register eight times slower to write."""
    wb = cell.parent.parent
    ids = getattr(wb, "_dangwu_boxed", None)
    if ids is None:
        from openpyxl.styles import Alignment, Border, Side

        thin = Side(style="thin")
        border = Border(left=thin, right=thin, top=thin, bottom=thin)
        ids = (wb._borders.add(border), wb._alignments.add(Alignment(vertical="center")))
        wb._dangwu_boxed = ids
    if not cell._style:
        from openpyxl.styles.cell_style import StyleArray

        cell._style = StyleArray()
    cell._style.borderId, cell._style.alignmentId = ids
    return cell


def _top(cell: Any) -> Any:
    from openpyxl.styles import Alignment

    cell.alignment = Alignment(vertical="top")
    return cell


def _ruled_cell(ws: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Border, Side

    cell = WriteOnlyCell(ws, value=None)
    cell.border = Border(bottom=Side(style="thin"))
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
    ws.page_setup.fitToWidth = doc.pages_wide
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
    if any(isinstance(b, Fields) for b in doc.blocks):
        # a head of label–value pairs (labels in A and C, as in the Word table): room for
        # its labels, four columns at least
        widths = _head_widths(widths)
    for i, width in enumerate(widths or [16.0], start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(6.0, width * CHARS_PER_CM)
    last = get_column_letter(max(len(widths), 1))

    row = 0

    def put(values: list[Any]) -> None:
        nonlocal row
        ws.append(values)
        row += 1

    def spread(first: int, text: str, cell: Any) -> None:
        """Let `text` in the row about to be put run from column `first` to the last,
        wrapped, the row tall enough for its lines (a merged cell never grows by itself).
        Before `put`: a write-only sheet writes a row, its styles and height at once."""
        from openpyxl.styles import Alignment

        at = row + 1
        if first <= len(widths) - 1:
            ws.merged_cells.add(f"{get_column_letter(first)}{at}:{last}{at}")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        lines = _lines(text, sum(widths[first - 1 :]) if widths else 16.0)
        if lines > 1:
            ws.row_dimensions[at].height = max(ws.row_dimensions[at].height or 0, 15 * lines)

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
            para = _cell(ws, block.text, None, block.bold)
            # a paper with no table (a letter) wraps in column A, 16 cm wide
            if _lines(block.text, widths[0] if widths else 16.0) > 1:
                spread(1, block.text, para)
            put([para])
        elif isinstance(block, Fields):
            pairs = list(block.pairs)
            i = 0
            while i < len(pairs):
                # as in the Word table: two pairs to a row where both values fit their
                # columns, else a row of its own, spread over the columns right of its label
                label_text, value = pairs[i]
                head = _cell(ws, value, None, False)
                if (
                    i + 1 == len(pairs)
                    or _lines(value, widths[1]) > 1
                    or _lines(pairs[i + 1][1], sum(widths[3:])) > 1
                ):
                    spread(2, value, head)
                    put([_top(_cell(ws, label_text, None, True)), head])
                    i += 1
                    continue
                label2, value2 = pairs[i + 1]
                tail = _cell(ws, value2, None, False)
                spread(4, value2, tail)
                put(
                    [
                        _top(_cell(ws, label_text, None, True)),
                        _top(head),
                        _top(_cell(ws, label2, None, True)),
                        tail,
                    ]
                )
                i += 2
        elif isinstance(block, Grid):
            # ruled like the Word table, so a printed sheet reads (and is signed) as one
            put([_boxed(_cell(ws, c.title, None, True)) for c in block.columns])
            if header_row is None:
                header_row = row
            for values in block.rows:
                if block.row_height:  # room to sign (centimetres → points)
                    ws.row_dimensions[row + 1].height = round(block.row_height * 28.35, 1)
                put(
                    [
                        _boxed(_cell(ws, v, c, False))
                        for v, c in zip(values, block.columns, strict=True)
                    ]
                )
            if block.totals is not None:
                put(
                    [
                        _boxed(_cell(ws, v, c, True))
                        for v, c in zip(block.totals, block.columns, strict=True)
                    ]
                )
        elif isinstance(block, Ruled):
            put([_cell(ws, block.label, None, True)])
            for _ in range(block.lines):
                # a line to write on: the row's bottom border across the page
                ws.row_dimensions[row + 1].height = 25
                put([_ruled_cell(ws) for _ in range(max(len(widths), 1))])
        elif isinstance(block, Signature):
            put([])
            # spaced across the page, each with room to sign
            step = max(1, len(widths) // max(1, len(block.labels)))
            cells: list[Any] = [None] * (step * len(block.labels))
            for n, label_text in enumerate(block.labels):
                cells[n * step] = _cell(ws, f"{label_text}＿＿＿＿＿＿", None, False)
            put(cells)
        elif isinstance(block, PageBreak):
            put([])
        put([])
    if header_row is not None:
        ws.print_title_rows = f"{header_row}:{header_row}"
    if doc.pages_wide > 1:  # each page across starts with the rows' names
        ws.print_title_cols = "A:B"
    wb.save(path)
