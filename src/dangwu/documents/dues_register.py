"""The 党费收缴登记表 laid out: one row per member, the twelve months across, totals last.

Columns as the registers branches keep them (PEERS.md 2.3: 序号, 党员姓名, 月工资收入, 执行标准,
月应缴党费, 全年应缴, 全年实缴, 备注), with each month's payment and its day, what of the year
was paid late (补交) and what is still owed. A Word page (A4 landscape) puts a month's amount
over its day in one cell; a workbook gives each month two columns — the amount, a number a
spreadsheet sums, and the day — so nothing is text that should add up.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from ..i18n import get_lang, tr
from .model import Block, Cell, Column, Document, Grid, Para, Signature

# A Word table is built whole (python-docx): some 10 s per 1,000 members. Past this a
# register is refused as .docx (a workbook streams: 100,000 members in a couple of minutes).
WORD_MAX_MEMBERS = 5000


def _yuan(fen: int | None) -> Decimal | None:
    return None if fen is None else Decimal(fen).scaleb(-2)


def _rate(row: dict[str, Any]) -> str:
    if row["fixed"]:
        return tr("定额", "fixed")
    if row["rate"] is None:
        return ""
    return f"{Decimal(row['rate']) * 100:f}".rstrip("0").rstrip(".") + "%"


def _month_name(code: str) -> str:
    n = int(code[5:7])
    if get_lang() == "zh":
        return f"{n}月"
    return ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")[
        n - 1
    ]


def _day(on: date | None, year: int, full: bool) -> str:
    if on is None:
        return ""
    if full:
        return on.isoformat()
    # in the register's year the month and day say it; a payment made in another year
    # (a December paid in January) shows its year
    return f"{on.month:02d}-{on.day:02d}" if on.year == year else on.isoformat()


def _notes(row: dict[str, Any]) -> str:
    return tr("；", "; ").join(row["notes"])


def blocks(data: dict[str, Any], sheet: bool) -> list[Block]:
    """The register's table and its legend (for a paper of its own, or a section of the
    handbook): `sheet` for a workbook (two columns a month), else a Word page (amount over
    day in one cell, in 7 pt type on A4 landscape)."""
    year = data["year"]
    totals = data["totals"]
    # widths for the Word page: A4 landscape with 1.2 cm side margins is 27.3 cm wide; in
    # 7 pt type with narrow cell margins "3414.50" takes 0.9 cm in SimSun, 1.2 cm in bold
    # in a wider fallback (DejaVu, where SimSun is missing). A workbook's columns take
    # 11 pt characters (about 0.2 cm each): "11800.00" wants 2 cm there.

    def col(title: tuple[str, str], word: float, book: float, kind: str = "text") -> Column:
        return Column(tr(*title), book if sheet else word, kind)

    head = [
        col(("序号", "No."), 0.6, 1.0, "count"),
        col(("姓名", "Name"), 1.3, 2.0),
        col(("月工资收入", "Monthly income"), 1.4, 2.2, "money"),
        col(("执行标准", "Rate"), 0.9, 1.6),
        col(("月应缴", "Monthly due"), 1.1, 1.8, "money"),
    ]
    tail = [
        col(("全年应缴", "Due (year)"), 1.45, 2.2, "money"),
        col(("全年实缴", "Paid (year)"), 1.45, 2.2, "money"),
        col(("其中补交", "of which late"), 1.15, 2.0, "money"),
        col(("尚欠", "Still owed"), 1.3, 2.0, "money"),
        col(("备注", "Notes"), 1.65, 6.0),
    ]
    unpaid = tr("未交", "unpaid")
    late_mark = tr("补", "*")
    if sheet:
        months = []
        for m in data["months"]:
            months += [
                Column(tr(f"{_month_name(m)}实缴", f"{_month_name(m)} paid"), 1.8, "money"),
                Column(tr(f"{_month_name(m)}缴纳日期", f"{_month_name(m)} paid on"), 3.0),
            ]
    else:
        months = [Column(_month_name(m), 1.25, "count") for m in data["months"]]

    def month_cells(cells: list[dict[str, Any]]) -> list[Cell]:
        out: list[Cell] = []
        for c in cells:
            if sheet:
                day = _day(c["paid_on"], year, True)
                if c["late"]:
                    day = tr(f"{day}（补交）", f"{day} (late)")
                out += [
                    _yuan(c["amount"]),
                    day if c["amount"] is not None else (unpaid if c["owed"] else ""),
                ]
            elif c["amount"] is not None:
                mark = late_mark if c["late"] else ""
                out.append(f"{_yuan(c['amount'])}\n{mark}{_day(c['paid_on'], year, False)}")
            else:
                out.append(unpaid if c["owed"] else "")
        return out

    def rows() -> Iterator[Sequence[Cell]]:
        for r in data["rows"]:
            yield [
                r["seq"],
                r["name"],
                _yuan(r["income"]),
                _rate(r),
                _yuan(r["monthly_due"]),
                *month_cells(r["months"]),
                _yuan(r["due"]),
                _yuan(r["paid"]),
                _yuan(r["late"]),
                _yuan(r["outstanding"]),
                _notes(r),
            ]

    by_month: list[Cell] = []
    for amount in totals["by_month"]:
        by_month += [_yuan(amount), ""] if sheet else [f"{_yuan(amount)}"]
    voluntary = totals["voluntary"]
    total_row: list[Cell] = [
        tr("合计", ""),
        tr(f"{data['count']}人", f"Total: {data['count']}"),
        None,
        "",
        None,
        *by_month,
        _yuan(totals["due"]),
        _yuan(totals["paid"]),
        _yuan(totals["late"]),
        _yuan(totals["outstanding"]),
        tr(f"含自愿多交{_yuan(voluntary)}", f"incl. {_yuan(voluntary)} voluntary")
        if voluntary
        else "",
    ]
    # rows stream to a workbook; a Word table is built whole anyway
    body: Any = rows() if sheet else list(rows())
    legend = tr(
        "说明：各月栏内上为该月实缴金额（含自愿多交），下为缴纳日期；“补”为过了当月缴纳期限才交（补交）；"
        "“未交”为截至统计日已过缴纳期限仍未交纳。全年应缴、全年实缴、尚欠与当年党费收缴情况（同一统计日）一致。",
        "Each month shows the amount paid for it (voluntary extra included) over the day it"
        " was paid; '*' marks a month paid after its deadline; 'unpaid' a month past its"
        " deadline on the day of the register and not paid. Due, paid and still owed are"
        " reckoned as in the year's dues statement (on the same day).",
    )
    if sheet:
        legend = tr(
            "说明：各月“实缴”为该月实缴金额（含自愿多交），“缴纳日期”后注“补交”者为过了当月缴纳期限才交；"
            "“未交”为截至统计日已过缴纳期限仍未交纳。全年应缴、全年实缴、尚欠与当年党费收缴情况（同一统计日）一致。",
            "Each month's 'paid' is the amount paid for it (voluntary extra included); 'late'"
            " after its day marks a month paid after its deadline; 'unpaid' a month past its"
            " deadline on the day of the register and not paid. Due, paid and still owed are"
            " reckoned as in the year's dues statement (on the same day).",
        )
    return [
        Grid([*head, *months, *tail], body, totals=total_row, font_size=None if sheet else 7.0),
        Para(legend),
    ]


def build(data: dict[str, Any], sheet: bool) -> Document:
    """The register of `reports.dues_register.register` as a paper of its own: the title
    with the branch's name, the table, the legend and the signatures."""
    year = data["year"]
    as_of = data["as_of"]
    higher = data["higher_org"]
    subtitle = tr(
        (f"上级党组织：{higher}　" if higher else "") + f"统计截至 {as_of}　金额单位：元",
        (f"Higher committee: {higher}; " if higher else "") + f"as of {as_of}; amounts in yuan",
    )
    title = tr(
        f"{data['branch'] or ''}{year}年党费收缴登记表",
        f"{data['branch'] or 'Branch'}: dues register {year}",
    )
    return Document(
        title=title,
        subtitle=subtitle,
        blocks=[
            *blocks(data, sheet),
            Signature(
                [
                    tr("收缴人", "Collected by"),
                    tr("组织委员", "Organization member"),
                    tr("支部书记", "Secretary"),
                ]
            ),
        ],
        landscape=True,
        side_margin=1.2,
        pages_wide=2,
        sheet=tr(f"{year}年党费收缴登记表", f"Dues register {year}"),
        lang=get_lang(),
    )
