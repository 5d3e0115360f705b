"""Reading and writing the spreadsheets people exchange: CSV (UTF-8, BOM, GBK) and XLSX.

Shared by the roster import/export and, later, the dues register.
"""

from __future__ import annotations

import codecs
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
# A line break inside a cell followed by a formula: a spreadsheet that splits the cell there
# (a bare CR read as a row end) would start a cell with it, so it gets an apostrophe too.
_FORMULA_AFTER_BREAK = re.compile(r"([\r\n])(?=[=@]|[+-](?!\d))")
_DEFUSED_AFTER_BREAK = re.compile(r"([\r\n])'(?=[=@]|[+-](?!\d))")


def neutralize(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe, and so
    does a formula after a line break inside it; plain numbers such as a reversal's -120.00
    stay as they are."""
    if not isinstance(value, str):
        return value
    if "\r" in value or "\n" in value:
        value = _FORMULA_AFTER_BREAK.sub(r"\1'", value)
    if value.startswith(FORMULA_START) and not _NUMBER.match(value.replace(" ", "")):
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
    if "'" in text and ("\r" in text or "\n" in text):
        text = _DEFUSED_AFTER_BREAK.sub(r"\1", text)  # as neutralize wrote it
    return text or None


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
    """The rows as they are decoded, a buffer at a time: a file of any size costs no more
    memory than one row (issue 22); `csv_encoding` has checked every line first."""
    encoding = csv_encoding(path)
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise _unreadable(path, exc) from None
    with io.TextIOWrapper(fh, encoding=encoding, newline="") as text:
        reader = csv.reader(text)
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
        except (OSError, UnicodeDecodeError):  # changed or gone since it was checked
            raise Refused(
                f"FILE: 读取 {path} 时出错（文件在导入过程中被改动？）",
                f"FILE: cannot read {path} to the end (was it changed during the import?)",
            ) from None


# A character of three bytes or more in UTF-8 (U+0800 on: every Chinese character). Text
# in GBK is almost never valid UTF-8 holding one, so a line that has one is UTF-8 text.
_WIDE = re.compile("[\u0800-\U0010ffff]")


def csv_encoding(path: Path) -> str:
    """The encoding of the whole file, found line by line without holding it: UTF-8 (with or
    without BOM) when every line is UTF-8, else GB18030 (the superset of the GBK Excel
    writes) when every line is that. Refused, naming the first line that is neither, or
    the first line that is not UTF-8 after a line of Chinese in UTF-8: a file of two
    encodings (two files joined) would import the rows of one as garbage.

    A multi-byte character in either encoding never holds the byte of a line break, so a
    line is always whole characters, and its number the one the CSV reader counts."""
    try:
        with path.open("rb") as fh:
            wide: int | None = None  # the first line with Chinese in UTF-8
            encoding = "utf-8-sig"
            for number, line in enumerate(fh, start=1):
                if number == 1 and line.startswith(codecs.BOM_UTF8):
                    line = line[len(codecs.BOM_UTF8) :]
                if b"\x00" in line:
                    raise Refused(
                        f"FILE: {path} 含有二进制数据，不是 CSV",
                        f"FILE: {path} holds binary data, not CSV",
                    )
                if line.isascii():
                    continue
                if encoding == "utf-8-sig":
                    try:
                        text = line.decode("utf-8")
                    except UnicodeDecodeError:
                        if wide is not None:
                            raise Refused(
                                f"FILE: {path} 第 {number} 行不是 UTF-8 编码，而第 {wide}"
                                " 行是：文件混用了两种编码（如 UTF-8 与 GBK），请统一另存后再导入",
                                f"FILE: line {number} of {path} is not UTF-8, but line {wide}"
                                " is: the file mixes two encodings (UTF-8 and GBK?); save it"
                                " in one and import again",
                            ) from None
                        encoding = "gb18030"
                    else:
                        if wide is None and _WIDE.search(text):
                            wide = number
                        continue
                try:
                    line.decode("gb18030")
                except UnicodeDecodeError:
                    raise Refused(
                        f"FILE: {path} 第 {number} 行的编码无法识别（应为 UTF-8 或 GBK）",
                        f"FILE: cannot decode line {number} of {path} (expected UTF-8 or GBK)",
                    ) from None
    except OSError as exc:
        raise _unreadable(path, exc) from None
    return encoding


# An XLSX is a zip of XML: a small file can unpack to gigabytes (a "bomb"). Bounds checked
# on the zip's own directory before openpyxl reads anything (issue 23): the shared strings,
# which openpyxl holds in memory whole; any part compressed more than a real sheet is; the
# whole unpacked; and, while reading, the rows and a cell's length (Excel's own cell limit).
XLSX_MAX_SHARED_STRINGS = 100 * 1024 * 1024
XLSX_MAX_RATIO = 200  # XML of a real register compresses 10-30 times; repeated junk 1,000
XLSX_MAX_UNPACKED = 2 * 1024 * 1024 * 1024
XLSX_MAX_ROWS = 5_000_000
XLSX_MAX_CELL = 32_767


def _xlsx_bounds(path: Path) -> None:
    import zipfile

    def refuse(zh: str, en: str) -> Refused:
        return Refused(f"FILE: {path} {zh}，不予读取", f"FILE: {path} {en}; not read")

    try:
        with zipfile.ZipFile(path) as z:
            parts = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip at all: openpyxl's own refusal names it
    total = 0
    for info in parts:
        total += info.file_size
        shared = info.filename.endswith("sharedStrings.xml")
        if shared and info.file_size > XLSX_MAX_SHARED_STRINGS:
            raise refuse("的共享字符串解压后超过 100 MB", "holds over 100 MB of shared strings")
        ratio = info.file_size // max(info.compress_size, 1)
        if info.file_size > 10 * 1024 * 1024 and ratio > XLSX_MAX_RATIO:
            raise refuse(
                f"中的 {info.filename} 压缩比异常（{ratio} 倍）",
                f"has a part ({info.filename}) compressed {ratio} times, more than any real sheet",
            )
    if total > XLSX_MAX_UNPACKED:
        raise refuse("解压后超过 2 GB", "unpacks to more than 2 GB")


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[str | None]]]:
    from openpyxl import load_workbook

    _xlsx_bounds(path)
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
            if number > XLSX_MAX_ROWS:
                raise Refused(
                    f"FILE: {path} 超过 {XLSX_MAX_ROWS:,} 行，不予读取",
                    f"FILE: {path} has more than {XLSX_MAX_ROWS:,} rows; not read",
                )
            cells = [_cell(c) for c in row]
            for c in cells:
                # openpyxl cuts a longer cell to Excel's limit without a word: one that long
                # may have lost its end, so it is refused rather than imported cut
                if c is not None and len(c) >= XLSX_MAX_CELL:
                    raise Refused(
                        f"FILE: 第 {number} 行有单元格达到 {XLSX_MAX_CELL} 个字符的上限（可能已被截断）",
                        f"FILE: line {number} has a cell at the {XLSX_MAX_CELL}-character limit"
                        " (it may have been cut)",
                    )
            yield number, cells
    except Refused:
        raise
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
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(header)
            writer.writerows(["" if v is None else neutralize(v) for v in row] for row in rows)
    except BaseException:
        # a full disk or an interrupted export leaves no half file to block the retry
        path.unlink(missing_ok=True)
        raise


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
