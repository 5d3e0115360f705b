"""A Document as a Word file (python-docx): A4, the title centred, "第 X 页，共 Y 页" in the
footer, each table's header row repeated on every page, Song/Hei type for Chinese so Word and
WPS show the same page."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from .model import Column, Document, Fields, Grid, Heading, PageBreak, Para, Ruled, Signature

BODY_FONT = ("SimSun", "宋体")
TITLE_FONT = ("SimHei", "黑体")


def _east_asian(run_or_style: Any, fonts: tuple[str, str]) -> None:
    from docx.oxml.ns import qn

    run_or_style.font.name = fonts[0]
    element = run_or_style.element
    rpr = element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), fonts[1])


def _field(paragraph: Any, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) the reader's program fills in."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None), ("t", "1")):
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {text} "
        elif kind == "t":
            el = OxmlElement("w:t")
            el.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run._r.append(el)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)


def _footer(section: Any, label: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for part in re.split(r"(\{page\}|\{pages\})", label):
        if part == "{page}":
            _field(p, "PAGE")
        elif part == "{pages}":
            _field(p, "NUMPAGES")
        elif part:
            p.add_run(part)


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement

    tr_pr = row._tr.get_or_add_trPr()
    # the schema's order: cantSplit before tblHeader (a reader may ignore them otherwise)
    # written as Word writes them (no value: on); LibreOffice ignores w:val="true" here
    tr_pr.append(OxmlElement("w:cantSplit"))
    tr_pr.append(OxmlElement("w:tblHeader"))


def _text(value: str | int | Decimal | None, column: Column) -> str:
    if value is None:
        return ""
    if column.kind == "money" and isinstance(value, (int, Decimal)):
        return f"{Decimal(value):.2f}"
    return str(value)


def _narrow_margins(table: Any) -> None:
    """Cell margins of 0.05 cm left and right (Word's default is 0.19 cm): a table in small
    type with many columns (the dues register's twelve months) keeps its width for text."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tbl_pr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), "28")  # twentieths of a point: 28 twips = 0.05 cm
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    # the schema's order: tblCellMar before tblLook and what follows it
    later = [tbl_pr.find(qn(f"w:{tag}")) for tag in ("tblLook", "tblCaption", "tblDescription")]
    following = next((el for el in later if el is not None), None)
    if following is not None:
        following.addprevious(margins)
    else:
        tbl_pr.append(margins)


def _grid(doc: Any, grid: Grid) -> None:
    from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    table = doc.add_table(rows=1, cols=len(grid.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    if grid.font_size:
        _narrow_margins(table)
    for i, column in enumerate(grid.columns):
        table.columns[i].width = Cm(column.width)
    header = table.rows[0]
    _repeat_header(header)
    for cell, column in zip(header.cells, grid.columns, strict=True):
        cell.width = Cm(column.width)
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(column.title)
        run.bold = True
        run.font.size = Pt(grid.font_size or 9.5)
    body = [*grid.rows, *([grid.totals] if grid.totals is not None else [])]
    for n, values in enumerate(body):
        row = table.add_row()
        if grid.row_height:
            row.height = Cm(grid.row_height)
            row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        bold = grid.totals is not None and n == len(body) - 1
        for cell, column, value in zip(row.cells, grid.columns, values, strict=True):
            cell.width = Cm(column.width)
            p = cell.paragraphs[0]
            if column.kind == "money":
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            elif column.kind == "count":
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = p.add_run(_text(value, column))
            run.font.size = Pt(grid.font_size or 9.5)
            run.bold = bold


def _fields(doc: Any, fields: Fields) -> None:
    from docx.shared import Cm, Pt

    pairs = list(fields.pairs)
    table = doc.add_table(rows=0, cols=4)
    table.style = "Table Grid"
    table.autofit = False
    widths = (Cm(2.6), Cm(5.9), Cm(2.6), Cm(5.9))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    i = 0
    while i < len(pairs):
        label, value = pairs[i]
        row = table.add_row()
        cells = row.cells
        # a long value (the topic, the absent with reasons) takes the whole row; so does a
        # short one before a long one, which would otherwise wrap in the narrow right half
        if len(value) > 18 or i + 1 == len(pairs) or len(pairs[i + 1][1]) > 18:
            cells[1].merge(cells[3])
            items = [(cells[0], label, True), (cells[1], value, False)]
            i += 1
        else:
            label2, value2 = pairs[i + 1]
            items = [
                (cells[0], label, True),
                (cells[1], value, False),
                (cells[2], label2, True),
                (cells[3], value2, False),
            ]
            i += 2
        for cell, text, bold in items:
            run = cell.paragraphs[0].add_run(text)
            run.bold = bold
            run.font.size = Pt(10.5)
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _ruled(doc: Any, ruled: Ruled) -> None:
    from docx.enum.table import WD_ROW_HEIGHT_RULE
    from docx.shared import Cm

    p = doc.add_paragraph()
    p.add_run(ruled.label).bold = True
    table = doc.add_table(rows=ruled.lines, cols=1)
    table.style = "Table Grid"
    for row in table.rows:
        row.height = Cm(0.9)
        row.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY
        row.cells[0].width = Cm(16)


def write_docx(doc: Document, path: Path) -> None:
    """Write `doc` to `path` (a new file, created 0600 by the caller)."""
    from docx import Document as Word
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    word = Word()
    section = word.sections[0]
    width, height = Cm(21.0), Cm(29.7)
    if doc.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
    section.page_width, section.page_height = width, height
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(doc.side_margin or 2.0))
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)
    normal = word.styles["Normal"]
    _east_asian(normal, BODY_FONT)
    normal.font.size = Pt(10.5)
    _footer(section, doc.page_label[0] if doc.lang == "zh" else doc.page_label[1])

    title = word.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(doc.title)
    run.bold = True
    run.font.size = Pt(16)
    _east_asian(run, TITLE_FONT)
    if doc.subtitle:
        sub = word.add_paragraph()
        sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
        sub.add_run(doc.subtitle).font.size = Pt(10.5)
    aligns = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }
    for block in doc.blocks:
        if isinstance(block, Heading):
            p = word.add_paragraph()
            p.paragraph_format.keep_with_next = True  # never alone at the foot of a page
            r = p.add_run(block.text)
            r.bold = True
            r.font.size = Pt(12)
            _east_asian(r, TITLE_FONT)
        elif isinstance(block, Para):
            p = word.add_paragraph()
            p.alignment = aligns[block.align]
            p.add_run(block.text).bold = block.bold
        elif isinstance(block, Fields):
            _fields(word, block)
            # two tables with nothing between them are read as one table, which loses the
            # second one's repeated header row
            word.add_paragraph()
        elif isinstance(block, Grid):
            _grid(word, block)
            word.add_paragraph()
        elif isinstance(block, Ruled):
            _ruled(word, block)
        elif isinstance(block, Signature):
            p = word.add_paragraph()
            p.paragraph_format.space_before = Pt(18)
            p.add_run("        ".join(f"{label}＿＿＿＿＿＿＿＿" for label in block.labels))
        elif isinstance(block, PageBreak):
            word.add_page_break()
    word.save(str(path))
