"""A printed document as plain data: a title and a list of blocks.

The papers a 组织委员 hands in (签到表, 会议记录, 党费收缴登记表, 介绍信, the 工作手册) are built
as one of these by `documents/papers.py` and written by `docx.py` or `xlsx.py`, so every paper
gets the same A4 page, title, page numbers and repeated table headers, whichever file the
user asked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

Cell = str | int | Decimal | None


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Para:
    text: str
    align: str = "left"  # left | center | right
    bold: bool = False


@dataclass(frozen=True)
class Fields:
    """Label–value pairs laid out two to a row (the head of a 会议记录)."""

    pairs: list[tuple[str, str]]


@dataclass(frozen=True)
class Column:
    title: str
    width: float  # centimetres on the page
    kind: str = "text"  # text | count | money (numbers stay numbers in a workbook)


@dataclass(frozen=True)
class Grid:
    """A table whose header row repeats on every page; `totals` is a last, bold row."""

    columns: list[Column]
    # any iterable: an iterator streams (a register of 100,000 members is written by the
    # workbook writer as its rows come, never held whole)
    rows: Iterable[Sequence[Cell]]
    totals: Sequence[Cell] | None = None
    row_height: float | None = None  # centimetres: a 签到表 leaves room to sign
    font_size: float | None = None  # points in a Word table (default 9.5): a wide register


@dataclass(frozen=True)
class Ruled:
    """Blank ruled lines to write on (the body of the minutes)."""

    label: str
    lines: int


@dataclass(frozen=True)
class Signature:
    """A line of labels each followed by room to sign: 记录人：＿＿＿  主持人：＿＿＿."""

    labels: list[str]


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Para | Fields | Grid | Ruled | Signature | PageBreak


@dataclass
class Document:
    title: str
    subtitle: str | None = None
    blocks: list[Block] = field(default_factory=list)
    landscape: bool = False
    sheet: str = "sheet"  # the workbook's sheet name
    page_label: tuple[str, str] = ("第 {page} 页，共 {pages} 页", "Page {page} of {pages}")
    lang: str = "zh"
    # left and right page margins in a Word file (default 2 cm): a wide register takes 1.2
    side_margin: float | None = None
    # a workbook printed this many pages across (the register's 38 columns: 2), the first
    # two columns repeated on each
    pages_wide: int = 1
