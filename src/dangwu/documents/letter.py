"""The 党员组织关系介绍信 laid out in the 中组部 form's three parts on one A4 page, each with
the same serial number, separated by the lines where the 骑缝章 is stamped and the parts
are cut apart: the 存根 (stub, kept by the branch, the 回执 pasted on it when it comes back),
the letter (carried by the member), and the 回执联 (returned by the receiving committee).

The form and its notes: PEERS.md 2.2 (https://www.mingyanjiaju.org/fanwen/jieshaoxin/2179483.htm);
the month the dues are paid through and the validity in Chinese numerals (rules/numerals.py).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..i18n import get_lang, label, tr
from ..rules.numerals import chinese_month, chinese_number
from .model import Block, Document, Para

BLANK = "＿＿＿＿＿＿"
SHORT = "＿＿＿"
CUT = "－ " * 14


def _date(day: date) -> str:
    return tr(f"{day.year}年{day.month}月{day.day}日", day.isoformat())


def _serial(data: dict[str, Any]) -> str:
    serial = data["serial"]
    if serial.endswith("号"):  # a number given whole: 转字〔2026〕第12号
        return tr(serial, f"No. {serial}")
    return tr(f"第 {serial} 号", f"No. {serial}")


def _cut() -> Para:
    return Para(
        tr(f"{CUT}（加盖骑缝章） {CUT}", f"{CUT[:20]}(seal across the line) {CUT[:20]}"), "center"
    )


def _stage(data: dict[str, Any]) -> str:
    return label("stage", data["stage"]) if data["stage"] else tr("（正式/预备）党员", "member")


def _paid_through(data: dict[str, Any]) -> str:
    month = data["paid_through"]
    if month is None:
        return tr("（未交过党费）", "(no month paid)")
    year, m = int(month[:4]), int(month[5:7])
    if get_lang() == "zh":
        return chinese_month(year, m)
    return date(year, m, 1).strftime("%B %Y")


def _valid(data: dict[str, Any]) -> str:
    days = data["valid_days"]
    if get_lang() == "zh":
        return f"（有效期{chinese_number(days) if days else SHORT}天）"
    return f"(valid for {days if days else SHORT} days)"


def _ethnicity(value: str | None) -> str:
    if not value:
        return tr(f"{SHORT}族", SHORT)
    return value if get_lang() != "zh" or value.endswith("族") else value + "族"


def stub(data: dict[str, Any]) -> list[Block]:
    """第一联: the 存根 the branch keeps."""
    return [
        Para(
            tr("党员介绍信存根（第一联）", "Stub of the transfer letter (part 1)"),
            "center",
            bold=True,
        ),
        Para(_serial(data), "right"),
        Para(
            tr(
                f"　　{data['name']}同志系中共{_stage(data)}，组织关系由{data['from_org'] or BLANK}"
                f"转到{data['to_org'] or BLANK}。",
                f"{data['name']}, a {_stage(data)} of the CPC, transfers the Party membership"
                f" from {data['from_org'] or BLANK} to {data['to_org'] or BLANK}.",
            )
        ),
        Para(_date(data["issued_on"]), "right"),
        Para(tr("（贴回执联处）", "(paste the receipt here)"), "center"),
    ]


def letter_part(data: dict[str, Any], sheet: bool = False) -> list[Block]:
    """第二联: the letter the member carries."""
    age = str(data["age"]) if data["age"] is not None else SHORT
    gender = label("gender", data["gender"]) if data["gender"] else tr("男/女", "male/female")
    higher = data["higher_org"] or BLANK
    # one paragraph on a page; on a sheet (a cell per line, which does not wrap as a page
    # does) three, cut where the sentence pauses
    body = [
        tr(
            f"　　{data['name']}同志（{gender}），{age}岁，{_ethnicity(data['ethnicity'])}，"
            f"系中共{_stage(data)}，身份证号码{data['id_number'] or BLANK}，",
            f"{data['name']} ({gender}), aged {age}, {_ethnicity(data['ethnicity'])},"
            f" {_stage(data)} of the CPC, ID number {data['id_number'] or BLANK},",
        ),
        tr(
            f"由{data['from_org'] or BLANK}去{data['to_org'] or BLANK}，请接转组织关系。",
            f" goes from {data['from_org'] or BLANK} to {data['to_org'] or BLANK}; please"
            " take over the Party membership.",
        ),
        tr(
            f"该同志党费已交到{_paid_through(data)}。",
            f" Dues are paid through {_paid_through(data)}.",
        ),
    ]
    if sheet:
        body = [text.strip() for text in body]
    return [
        Para(
            tr(
                "中国共产党党员组织关系介绍信（第二联）",
                "Letter of transfer of Party membership (part 2)",
            ),
            "center",
            bold=True,
        ),
        Para(_serial(data), "right"),
        Para(tr(f"{data['to_org'] or BLANK}：", f"To {data['to_org'] or BLANK}:")),
        *[Para(text) for text in (body if sheet else ["".join(body)])],
        Para(_valid(data)),
        Para(tr("（盖章）", "(seal)"), "right"),
        Para(_date(data["issued_on"]), "right"),
        Para(
            tr(
                f"党员联系电话或其他联系方式：{data['phone'] or BLANK}",
                f"Member's phone or other contact: {data['phone'] or BLANK}",
            )
        ),
        Para(
            tr(
                f"党员原所在基层党委：{higher}　通讯地址：{BLANK}{BLANK}",
                f"Member's former basic-level committee: {higher}; address: {BLANK}",
            )
        ),
        Para(
            tr(
                f"联系电话：{BLANK}　传真：{BLANK}　邮编：{SHORT}",
                f"Phone: {BLANK}  Fax: {BLANK}  Post code: {SHORT}",
            )
        ),
    ]


def receipt_part(data: dict[str, Any]) -> list[Block]:
    """第三联: the 回执联 the receiving committee returns within a month."""
    to = data["higher_org"] or data["from_org"] or BLANK
    return [
        Para(
            tr(
                "中国共产党党员组织关系介绍信回执联（第三联）",
                "Receipt of the transfer letter (part 3)",
            ),
            "center",
            bold=True,
        ),
        Para(_serial(data), "right"),
        Para(tr(f"{to}：", f"To {to}:")),
        Para(
            tr(
                f"　　{data['name']}同志的党员组织关系已转达我处，特此回复。",
                f"The Party membership of {data['name']} has reached us; we hereby confirm it.",
            )
        ),
        Para(tr("（盖章）", "(seal)"), "right"),
        Para(tr("　　年　　月　　日", "Date: ________"), "right"),
        Para(tr(f"经办人：{BLANK}　联系电话：{BLANK}", f"Handled by: {BLANK}  Phone: {BLANK}")),
        Para(
            tr(
                "注：回执联由接收党员组织关系的基层党委在接收党员后一个月内邮寄或传真至党员原所在基层党委。",
                "Note: the receiving committee returns this part within a month of taking the"
                " member in.",
            )
        ),
    ]


def build(data: dict[str, Any], sheet: bool = False) -> Document:
    """The three parts, one serial number, on one A4 page (`sheet`: for a workbook)."""
    title = tr(
        f"{data['from_org'] or ''}党员组织关系介绍信",
        f"{data['from_org'] or 'Branch'}: transfer letter",
    )
    return Document(
        title=title,
        subtitle=None,
        blocks=[
            *stub(data),
            _cut(),
            *letter_part(data, sheet),
            _cut(),
            *receipt_part(data),
        ],
        sheet=tr("介绍信", "Transfer letter"),
        lang=get_lang(),
    )
