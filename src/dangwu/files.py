"""Reading and writing the spreadsheets people exchange: CSV (UTF-8, BOM, GBK) and XLSX.

Shared by the roster import/export and, later, the dues register.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .errors import Refused

MAX_FILE_BYTES = 200 * 1024 * 1024
# A cell starting with one of these is a formula to Excel and LibreOffice (CSV injection);
# written with a leading apostrophe, which the import takes off again.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


_NUMBER = re.compile(r"^[+-]?\d[\d,]*(\.\d+)?$")


def neutralize(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe; plain
    numbers such as a reversal's -120.00 stay as they are."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_START)
        and not _NUMBER.match(value.replace(" ", ""))
    ):
        return "'" + value
    return value


class NumberCell(str):
    """The text of a cell the workbook stored as a number: an ID number typed into a cell not
    formatted as text has lost digits there, which the import says (rules/identity.py)."""


def _cell(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return NumberCell(int(value))
    if isinstance(value, int) and not isinstance(value, bool):
        return NumberCell(value)
    text = str(value).strip()
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        text = text[1:]
    return text or None


def decode(data: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM) first; else GB18030, the superset of GBK Excel writes."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise Refused(
        f"FILE: {path} 的编码无法识别（应为 UTF-8 或 GBK）",
        f"FILE: cannot decode {path} (expected UTF-8 or GBK)",
    )


def read_rows(path: Path) -> Iterator[tuple[int, list[str | None]]]:
    """Yield (line number, cells). The header is line 1."""
    try:
        if not path.exists():
            raise Refused(f"FILE: 文件不存在：{path}", f"FILE: no such file: {path}")
        if not path.is_file():
            raise Refused(f"FILE: 不是文件：{path}", f"FILE: not a file: {path}")
        too_large = path.stat().st_size > MAX_FILE_BYTES
    except OSError as exc:  # a name too long for the file system, no permission
        raise _unreadable(path, exc) from None
    if too_large:
        raise Refused(f"FILE: 文件过大：{path}", f"FILE: file too large: {path}")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        yield from _xlsx_rows(path)
    elif suffix in (".csv", ".txt", ""):
        yield from _csv_rows(path)
    else:
        raise Refused(
            f"FILE: 不支持的文件类型 {suffix}（可用 .csv 或 .xlsx）",
            f"FILE: unsupported file type {suffix} (use .csv or .xlsx)",
        )


def estimate_rows(path: Path) -> int | None:
    """How many data rows a file holds (its lines or its sheet's rows, less the header), for a
    progress bar's total; None when that cannot be told cheaply. Never raises: the import's
    own reading says what is wrong with a file."""
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            from openpyxl import load_workbook

            wb = load_workbook(path, read_only=True)
            try:
                rows = wb.worksheets[0].max_row
            finally:
                wb.close()
            return max(rows - 1, 0) if rows else None
        lines = 0
        with path.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                lines += chunk.count(b"\n")
        return max(lines - 1, 0)
    except Exception:
        return None


def _unreadable(path: Path, exc: OSError) -> Refused:
    return Refused(
        f"FILE: 无法读取 {path}（{exc.strerror}）", f"FILE: cannot read {path} ({exc.strerror})"
    )


def _csv_rows(path: Path) -> Iterator[tuple[int, list[str | None]]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _unreadable(path, exc) from None
    text = decode(data, path)
    if "\x00" in text:
        raise Refused(
            f"FILE: {path} 含有二进制数据，不是 CSV", f"FILE: {path} holds binary data, not CSV"
        )
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        start = 1
        for row in reader:
            yield start, [_cell(c) for c in row]
            start = reader.line_num + 1
    except csv.Error as exc:
        raise Refused(
            f"FILE: 第 {reader.line_num} 行 CSV 格式错误：{exc}",
            f"FILE: line {reader.line_num}: malformed CSV: {exc}",
        ) from None


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[str | None]]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise Refused(
            f"FILE: 无法读取 XLSX 文件 {path}：{type(exc).__name__}",
            f"FILE: cannot read the XLSX file {path}: {type(exc).__name__}",
        ) from None
    try:
        ws = wb.worksheets[0]
        for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
            yield number, [_cell(c) for c in row]
    except Exception as exc:  # read-only mode parses the sheet as it goes: damage shows here
        raise Refused(
            f"FILE: 无法读取 XLSX 文件 {path}：{type(exc).__name__}",
            f"FILE: cannot read the XLSX file {path}: {type(exc).__name__}",
        ) from None
    finally:
        wb.close()


def create_private(path: Path) -> int:
    """Open a new file for writing with mode 0600; refuse to overwrite."""
    try:
        if path.exists():
            raise Refused(
                f"FILE: {path} 已存在，不会覆盖", f"FILE: {path} already exists; not overwriting"
            )
        if not path.parent.is_dir():
            raise Refused(
                f"FILE: 目录不存在：{path.parent}", f"FILE: no such directory: {path.parent}"
            )
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except OSError as exc:  # a name too long, no permission, a read-only file system
        raise Refused(
            f"FILE: 无法创建 {path}（{exc.strerror}）",
            f"FILE: cannot create {path} ({exc.strerror})",
        ) from None
    os.fchmod(fd, 0o600)
    return fd


def write_csv(path: Path, header: list[str], rows: list[list[Any]]) -> None:
    fd = create_private(path)
    with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(["" if v is None else neutralize(v) for v in row] for row in rows)


def write_xlsx(path: Path, header: list[str], rows: list[list[Any]], title: str) -> None:
    from openpyxl import Workbook

    fd = create_private(path)
    os.close(fd)
    try:
        wb = Workbook(write_only=True)
        ws = wb.create_sheet(title[:31])
        ws.append(header)
        for row in rows:
            # plain strings: a value like "=HYPERLINK(…)" must never become a formula
            ws.append([_as_text_cell(ws, v) for v in row])
        wb.save(path)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    os.chmod(path, 0o600)


def _as_text_cell(ws: Any, value: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value="" if value is None else str(value))
    cell.data_type = "s"
    return cell
