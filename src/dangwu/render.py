"""One renderer for every command: table (rich), plain (tabulate), json, csv, markdown.

Commands build an `Output`: the JSON document of the contract plus the tables a person
reads. Values in tables stay raw (codes, fen, dates); columns say how to show them, so
labels follow --lang while CSV and JSON keep the stable codes.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .errors import field_error
from .i18n import get_lang, label
from .parse import format_money

FORMATS = ("table", "plain", "json", "csv", "markdown")
_NUMERIC = re.compile(r"^-?[0-9][0-9,]*(\.[0-9]+)?%?$")


@dataclass
class Column:
    key: str
    zh: str
    en: str
    kind: str | None = None  # a LABELS kind ("stage"), "money", "bool" or None

    @property
    def title(self) -> str:
        return self.zh if get_lang() == "zh" else self.en


@dataclass
class Table:
    columns: list[Column]
    rows: list[dict[str, Any]]
    title: str | None = None
    # what CSV writes instead of `rows`, when those are labels for a person (a profile's
    # "人员类别 正式党员"): the record's own keys and codes, as JSON has them (`stage,full`),
    # under `csv_keys` (default: the first row's keys); `csv=False` leaves a table that only
    # summarises for a person out of CSV
    csv_rows: list[dict[str, Any]] | None = None
    csv_keys: tuple[str, ...] | None = None
    csv: bool = True


def record_rows(record: dict[str, Any]) -> list[dict[str, Any]]:
    """A record as `field,value` rows of its JSON keys and values (lists of plain values
    joined with commas; nested records left to their own tables)."""
    out = []
    for key, value in record.items():
        if isinstance(value, dict) or (
            isinstance(value, list) and any(isinstance(v, dict | list) for v in value)
        ):
            continue
        if isinstance(value, list):
            value = ",".join(str(v) for v in value)
        out.append({"field": key, "value": value})
    return out


@dataclass
class Output:
    data: Any
    tables_: list[Table] | Callable[[], list[Table]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # shown after tables, not in json/csv
    # a document's title and the line under it (branch, higher committee, as-of day), shown
    # before the tables; not in json/csv
    heading: list[str] = field(default_factory=list)

    @property
    def tables(self) -> list[Table]:
        """Built on first use: JSON output never pays for the tables a person reads."""
        if callable(self.tables_):
            self.tables_ = self.tables_()
        return self.tables_


def resolve_format(value: str | None, allowed: tuple[str, ...] = FORMATS) -> str:
    if value is None:
        return "table" if sys.stdout.isatty() else "plain"
    fmt = value.strip().lower()
    if fmt not in allowed:
        raise field_error(
            "--format",
            f"不支持的格式 {value!r}，可用 {', '.join(allowed)}",
            f"unknown format {value!r}; use one of {', '.join(allowed)}",
        )
    return fmt


def display(value: Any, kind: str | None) -> str:
    if value is None:
        return ""
    if kind == "money":
        return format_money(value) or ""
    if kind == "percent":
        return f"{value * 100:.0f}%"
    if kind == "bool":
        yes = {"zh": "是", "en": "yes"}[get_lang()]
        no = {"zh": "否", "en": "no"}[get_lang()]
        return yes if value else no
    if kind:
        return label(kind, value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _raw(value: Any, kind: str | None) -> Any:
    if value is None:
        return ""
    if kind == "money":
        return format_money(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"  # as JSON writes it
    return value


def to_json(data: Any) -> str:
    def default(obj: Any) -> Any:
        if isinstance(obj, date):
            return obj.isoformat()
        raise TypeError(f"not JSON serializable: {type(obj).__name__}")

    # Indented for a person at a terminal; compact (the C encoder, many times faster on a
    # 10,000-member report) for scripts reading a pipe. Both are one UTF-8 document.
    indent = 2 if sys.stdout.isatty() else None
    return json.dumps(data, ensure_ascii=False, indent=indent, default=default)


def _plain(table: Table, fmt: str) -> str:
    from tabulate import tabulate

    headers = [c.title for c in table.columns]
    body = [[display(r.get(c.key), c.kind) for c in table.columns] for r in table.rows]
    align = [
        "right"
        if any(row[i] for row in body) and all(_NUMERIC.match(row[i]) for row in body if row[i])
        else "left"
        for i in range(len(headers))
    ]
    # numparse off: "45.00" must stay "45.00", and ID numbers must not become floats
    return tabulate(
        body,
        headers=headers,
        tablefmt="github" if fmt == "markdown" else "simple",
        disable_numparse=True,
        colalign=align,
    )


def _csv_value(value: Any) -> Any:
    """A JSON value as one CSV cell: a list of plain values joined with commas."""
    if isinstance(value, list):
        return ",".join(str(_raw(v, None)) for v in value)
    return _raw(value, None)


def _csv(tables: list[Table]) -> str:
    """Each table as a header of its keys and its rows; a table after the first follows a
    blank line and, if it has one, a row naming it ("# 发现的问题"), so a reader can tell
    where a section starts. A text cell a spreadsheet would run as a formula is written as
    text (the same in a file and on stdout, which is often redirected to one)."""
    from .files import neutralize

    buf = io.StringIO()
    lines = csv.writer(buf, lineterminator="\n")
    # with "\n" as the line end the csv module leaves a bare CR unquoted, and a spreadsheet
    # reads it as a row end: a row holding one is written with every field quoted
    quoted = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_ALL)

    class _Writer:
        @staticmethod
        def writerow(row: Sequence[Any]) -> None:
            cr = any(isinstance(v, str) and "\r" in v for v in row)
            (quoted if cr else lines).writerow(row)

    writer = _Writer()
    for i, table in enumerate(t for t in tables if t.csv):
        if i:
            buf.write("\n")
            if table.title:
                writer.writerow([f"# {table.title}"])
        if table.csv_rows is not None:
            keys = table.csv_keys or (
                tuple(table.csv_rows[0]) if table.csv_rows else tuple(c.key for c in table.columns)
            )
            writer.writerow(keys)
            for r in table.csv_rows:
                writer.writerow([neutralize(_csv_value(r.get(k))) for k in keys])
            continue
        writer.writerow([c.key for c in table.columns])
        for r in table.rows:
            writer.writerow([neutralize(_raw(r.get(c.key), c.kind)) for c in table.columns])
    return buf.getvalue()


def render(out: Output, fmt: str, write: Callable[[str], None] | None = None) -> None:
    emit = write or (lambda text: sys.stdout.write(text))
    if fmt == "json":
        emit(to_json(out.data) + "\n")
        return
    if fmt == "csv":
        emit(_csv(out.tables))
        return
    if fmt == "table":
        _rich(out)
        return
    parts = []
    if out.heading:
        if fmt == "markdown":
            parts.append("\n\n".join([f"# {out.heading[0]}", *out.heading[1:]]))
        else:
            parts.append("\n".join(out.heading))
    for table in out.tables:
        block = _plain(table, fmt) if table.rows else ""
        if table.title:
            heading = f"## {table.title}" if fmt == "markdown" else table.title
            block = f"{heading}\n\n{block}" if block else heading
        if block:
            parts.append(block)
    parts.extend(out.notes)
    if parts:
        emit("\n\n".join(parts) + "\n")


def _rich(out: Output) -> None:
    from rich.console import Console
    from rich.table import Table as RichTable

    # names, topics and notes are the ledger's text, not rich markup: "[/]" or ":smile:"
    # in a member's name is shown as typed (and cannot break the table). `-f table` into a
    # pipe or a file is as wide as it needs (rich would take 80 columns there)
    wide = not sys.stdout.isatty() and "COLUMNS" not in os.environ
    console = Console(markup=False, emoji=False, width=200 if wide else None)
    for n, line in enumerate(out.heading):
        console.print(line, style="bold" if n == 0 else None, highlight=False)
    if out.heading:
        console.print()
    for table in out.tables:
        rt = RichTable(title=table.title, show_lines=False, header_style="bold")
        body = [[display(r.get(c.key), c.kind) for c in table.columns] for r in table.rows]
        for i, c in enumerate(table.columns):
            numeric = any(row[i] for row in body) and all(
                _NUMERIC.match(row[i]) for row in body if row[i]
            )
            # fold, never cut: an owed-months range or an ID number must stay whole
            rt.add_column(c.title, justify="right" if numeric else "left", overflow="fold")
        for row in body:
            rt.add_row(*row)
        if table.rows or table.title:
            console.print(rt)
    for note in out.notes:
        console.print(note, highlight=False)


# Amounts ("45.00") and counts become numbers a spreadsheet can sum; anything longer (an ID
# or a phone number shown with --reveal) stays text, as it would lose digits as a number.
_XLSX_MONEY = re.compile(r"^-?\d{1,12}\.\d{2}$")
_XLSX_COUNT = re.compile(r"^-?(0|[1-9]\d{0,8})$")  # "01" keeps its zero: text


def _xlsx_cell(ws: Any, text: str) -> Any:
    from openpyxl.cell import WriteOnlyCell

    if _XLSX_MONEY.match(text):
        cell = WriteOnlyCell(ws, value=float(text))
        cell.number_format = "0.00"
        return cell
    if _XLSX_COUNT.match(text):
        return WriteOnlyCell(ws, value=int(text))
    cell = WriteOnlyCell(ws, value=text)
    cell.data_type = "s"  # text, never a formula
    return cell


def _xlsx_widths(ws: Any, tables: list[Table]) -> None:
    """A sheet's column widths, set before its first row (as a write-only sheet needs): the
    widest cell of each column (a CJK character two wide) in its titled table and the
    untitled ones after it, within 8 and 60."""
    from openpyxl.utils import get_column_letter

    widest: dict[int, int] = {}
    for i, table in enumerate(tables):
        if i and table.title is not None:
            break
        for j, c in enumerate(table.columns):
            cells = [c.title, *(display(r.get(c.key), c.kind) for r in table.rows)]
            widest[j] = max(widest.get(j, 0), *(_width(v) for v in cells))
    for j, w in widest.items():
        ws.column_dimensions[get_column_letter(j + 1)].width = min(60, max(8, w + 2))


def as_document(out: Output) -> Any:
    """The report as a printable Document: its heading as the title, a section per titled
    table (amounts and counts right-aligned), the notes as closing paragraphs."""
    from .documents.model import Column as DocColumn
    from .documents.model import Document, Grid, Heading, Para

    title = out.heading[0] if out.heading else (out.tables[0].title if out.tables else "")
    doc = Document(
        title=title or "",
        subtitle="　".join(out.heading[1:]) or None,
        lang=get_lang(),
    )
    for table in out.tables:
        if table.title and table.title != title:
            doc.blocks.append(Heading(table.title))
        body = [[display(r.get(c.key), c.kind) for c in table.columns] for r in table.rows]
        if not body:
            continue
        columns = []
        for i, c in enumerate(table.columns):
            cells = [row[i] for row in body if row[i]]
            money = bool(cells) and all(_XLSX_MONEY.match(v) for v in cells)
            count = bool(cells) and all(_XLSX_COUNT.match(v) for v in cells)
            widest = max([_width(c.title), *(_width(v) for v in cells)])
            columns.append(
                DocColumn(c.title, min(8.0, 0.6 + widest * 0.22), "money" if money else "text")
            )
            if count:
                columns[-1] = DocColumn(c.title, columns[-1].width, "count")
        # fit the page width (17 cm): shrink every column alike
        total = sum(c.width for c in columns)
        if total > 17.0:
            columns = [DocColumn(c.title, c.width * 17.0 / total, c.kind) for c in columns]
        doc.blocks.append(Grid(columns, [list(row) for row in body]))
    for note in out.notes:
        doc.blocks.append(Para(note))
    return doc


def _width(text: str) -> int:
    """Display width: a CJK character takes two columns."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def write_file(out: Output, path: Path) -> None:
    """A report to a file, the format from the extension (hledger's -o): .md, .json, .csv,
    .txt, .xlsx (one sheet per titled table, the untitled ones after it on its sheet; the
    heading on top of the first, the notes under the last) or .docx (a printable document:
    the heading as its title, a section per table, the notes at the end). Created 0600,
    never over an existing file."""
    from .errors import Refused
    from .files import create_private

    suffix = path.suffix.lower()
    kinds = {
        ".md": "markdown",
        ".markdown": "markdown",
        ".json": "json",
        ".csv": "csv",
        ".txt": "plain",
        ".xlsx": "xlsx",
        ".docx": "docx",
    }
    if suffix not in kinds:
        raise Refused(
            f"--output: 请用 .md、.json、.csv、.txt、.xlsx 或 .docx 扩展名（{path.name}）",
            f"--output: use a .md, .json, .csv, .txt, .xlsx or .docx extension ({path.name})",
        )
    kind = kinds[suffix]
    if kind == "docx":
        from .documents import write_document

        write_document(as_document(out), path, "--output")
        return
    if kind != "xlsx":
        parts: list[str] = []
        render(out, kind, parts.append)
        fd = create_private(path)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                fh.write("".join(parts))
        except BaseException:
            path.unlink(missing_ok=True)  # a full disk leaves no empty file to block a retry
            raise
        return
    from openpyxl import Workbook

    fd = create_private(path)
    os.close(fd)
    try:
        wb = Workbook(write_only=True)
        used: set[str] = set()
        ws = None
        for n, table in enumerate(out.tables, start=1):
            if table.title is None and ws is not None:
                # an untitled table continues the section before it: on its sheet, after a
                # blank row (one sheet per section)
                ws.append([])
            else:
                title = re.sub(r"[\\/*?:\[\]]", " ", table.title or "")[:28].strip() or str(n)
                while title in used:
                    title = f"{title[:25]}_{n}"
                used.add(title)
                ws = wb.create_sheet(title)
                _xlsx_widths(ws, out.tables[n - 1 :])
                if n == 1 and out.heading:
                    for line in out.heading:
                        ws.append([_xlsx_cell(ws, line)])
                    ws.append([])
            ws.append([c.title for c in table.columns])
            for r in table.rows:
                ws.append([_xlsx_cell(ws, display(r.get(c.key), c.kind)) for c in table.columns])
        if ws is not None and out.notes:
            ws.append([])
            for note in out.notes:
                ws.append([_xlsx_cell(ws, note)])
        wb.save(path)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    os.chmod(path, 0o600)
