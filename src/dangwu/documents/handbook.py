"""The 党支部工作手册 laid out from `reports/handbook.py`: one section per part, each a table
whose header repeats on every page, in the user's language (codes as words)."""

from __future__ import annotations

from typing import Any

from ..i18n import label, period_label, tr
from .model import Block, Column, Document, Fields, Grid, Heading, PageBreak, Para

CN_NUMBERS = "一二三四五六七八九十"


def _n(i: int) -> str:
    return tr(f"{CN_NUMBERS[i - 1] if i <= 10 else i}、", f"{i}. ")


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _section(blocks: list[Block], number: int, zh: str, en: str) -> None:
    blocks.append(Heading(f"{_n(number)}{tr(zh, en)}"))


def _none(blocks: list[Block]) -> None:
    blocks.append(Para(tr("（本年度无记录）", "(none this year)")))


def _organisation(data: dict[str, Any], blocks: list[Block]) -> None:
    branch = data["branch"]
    members = data["members"]
    full = sum(1 for m in members if m["stage"] == "full")
    blocks.append(
        Fields(
            [
                (tr("党支部", "Branch"), _text(branch.get("name"))),
                (tr("上级党组织", "Higher committee"), _text(branch.get("higher_org"))),
                (tr("党员人数", "Members"), str(len(members))),
                (
                    tr("其中", "Of whom"),
                    tr(
                        f"正式党员 {full} 名，预备党员 {len(members) - full} 名",
                        f"{full} full, {len(members) - full} probationary",
                    ),
                ),
            ]
        )
    )
    committee = [
        [label("role", c["role"]), c["name"], _text(c["from_on"])] for c in data["committee"]
    ]
    if committee:
        blocks.append(
            Grid(
                [
                    Column(tr("职务", "post"), 4.0),
                    Column(tr("姓名", "name"), 4.0),
                    Column(tr("任职日期", "since"), 4.0),
                ],
                committee,
            )
        )
    groups = [[g["name"], _text(g["leader"]), g["members"]] for g in data["groups"]]
    if groups:
        blocks.append(
            Grid(
                [
                    Column(tr("党小组", "party group"), 5.0),
                    Column(tr("组长", "leader"), 4.0),
                    Column(tr("人数", "members"), 2.5, "count"),
                ],
                groups,
            )
        )


def _roster(data: dict[str, Any], blocks: list[Block]) -> None:
    rows = [
        [
            i,
            m["name"],
            label("gender", m["gender"]),
            _text(m["birth_date"])[:7],
            _text(m.get("education")),
            label("stage", m["stage"]),
            _text(m["admitted_on"]),
            _text(m["full_on"]),
            _text(m["group"]),
        ]
        for i, m in enumerate(data["members"], start=1)
    ]
    blocks.append(
        Grid(
            [
                Column(tr("序号", "no."), 1.0, "count"),
                Column(tr("姓名", "name"), 1.9),
                Column(tr("性别", "sex"), 1.0),
                Column(tr("出生年月", "born"), 1.8),
                Column(tr("学历", "education"), 1.9),
                Column(tr("类别", "stage"), 1.8),
                Column(tr("入党日期", "admitted"), 2.5),
                Column(tr("转正日期", "full on"), 2.5),
                Column(tr("党小组", "group"), 2.6),
            ],
            rows,
        )
    )


def _development_roster(data: dict[str, Any], blocks: list[Block]) -> None:
    people = data["in_development"] + [m for m in data["members"] if m["stage"] == "probationary"]
    if not people:
        _none(blocks)
        return
    rows = [
        [i, p["name"], label("gender", p["gender"]), label("stage", p["stage"]), _text(p["group"])]
        for i, p in enumerate(people, start=1)
    ]
    blocks.append(
        Grid(
            [
                Column(tr("序号", "no."), 1.2, "count"),
                Column(tr("姓名", "name"), 3.0),
                Column(tr("性别", "sex"), 1.5),
                Column(tr("阶段", "stage"), 3.5),
                Column(tr("党小组", "group"), 3.5),
            ],
            rows,
        )
    )


def _who(attendance: list[dict[str, Any]], status: str) -> str:
    out = []
    for a in attendance:
        if a["status"] == status:
            out.append(a["name"] + (f"（{a['reason']}）" if a.get("reason") else ""))
    return tr("、", ", ").join(out)


def _meetings(data: dict[str, Any], blocks: list[Block]) -> None:
    if not data["meetings"]:
        _none(blocks)
        return
    rows = []
    for m in data["meetings"]:
        kind = label("meeting_type", m["type"])
        if m.get("group"):
            kind = f"{kind}（{m['group']}）"
        away = "；".join(
            part
            for part in (
                _who(m["attendance"], "absent")
                and tr("缺席：", "absent: ") + _who(m["attendance"], "absent"),
                _who(m["attendance"], "leave")
                and tr("请假：", "on leave: ") + _who(m["attendance"], "leave"),
            )
            if part
        )
        rows.append(
            [
                _text(m["date"]),
                kind,
                _text(m["topic"]),
                m["expected"],
                m["present"],
                away,
            ]
        )
    blocks.append(
        Grid(
            [
                Column(tr("日期", "date"), 2.5),
                Column(tr("会议", "meeting"), 3.0),
                Column(tr("议题", "topic"), 4.3),
                Column(tr("应到", "expected"), 1.1, "count"),
                Column(tr("实到", "present"), 1.1, "count"),
                Column(tr("缺席、请假", "absent, on leave"), 5.0),
            ],
            rows,
        )
    )


def _talks(data: dict[str, Any], blocks: list[Block]) -> None:
    if not data["talks"]:
        _none(blocks)
        return
    blocks.append(
        Grid(
            [
                Column(tr("日期", "date"), 2.5),
                Column(tr("谈话人", "by"), 3.0),
                Column(tr("谈话对象", "with"), 3.0),
                Column(tr("主题", "topic"), 8.6),
            ],
            [
                [_text(t["date"]), t["with_name"], t["name"], _text(t["topic"])]
                for t in data["talks"]
            ],
        )
    )


def _evaluation(data: dict[str, Any], blocks: list[Block]) -> None:
    if not data["evaluation"]:
        _none(blocks)
        return
    rows = []
    for e in data["evaluation"]:
        handling = e.get("action") or ""
        rows.append([e["name"], label("grade", e["grade"]), _text(handling)])
    blocks.append(
        Grid(
            [
                Column(tr("姓名", "name"), 4.0),
                Column(tr("评议等次", "grade"), 4.0),
                Column(tr("处置", "handling"), 9.0),
            ],
            rows,
        )
    )


def _transfers(data: dict[str, Any], blocks: list[Block]) -> None:
    if not data["transfers"]:
        _none(blocks)
        return
    blocks.append(
        Grid(
            [
                Column(tr("日期", "date"), 2.5),
                Column(tr("姓名", "name"), 2.5),
                Column(tr("转入/转出", "in/out"), 2.0),
                Column(tr("转自/转往", "from/to"), 6.4),
                Column(tr("介绍信编号", "letter no."), 3.6),
            ],
            [
                [
                    _text(t["date"]),
                    t["name"],
                    tr("转入", "in") if t["way"] == "in" else tr("转出", "out"),
                    _text(t["org"]),
                    _text(t["letter"]),
                ]
                for t in data["transfers"]
            ],
        )
    )


def _files(data: dict[str, Any], blocks: list[Block]) -> None:
    if not data["files"]:
        _none(blocks)
        return
    for person in data["files"]:
        blocks.append(Para(f"{person['name']}（{label('stage', person['stage'])}）", bold=True))
        rows = [
            [
                _text(f["step"]),
                f["title"],
                _text(f["date"]) if f["done"] else (tr("缺", "missing") if f["missing"] else ""),
                _text(f["detail"]),
            ]
            for f in person["file"]
            if f["done"] or f["missing"]
        ]
        blocks.append(
            Grid(
                [
                    Column(tr("步骤", "step"), 1.3, "count"),
                    Column(tr("材料", "document"), 8.5),
                    Column(tr("日期", "date"), 3.0),
                    Column(tr("说明", "detail"), 4.2),
                ],
                rows,
            )
        )


def dues_summary(register: dict[str, Any]) -> list[Block]:
    """The register's figures per member: monthly due, due and paid in the year, paid late
    (补交) and still owed, with the branch's totals; amounts in yuan."""
    from decimal import Decimal

    def yuan(fen: int | None) -> Decimal | None:
        return None if fen is None else Decimal(fen) / 100

    rows = [
        [
            row["seq"],
            row["name"],
            yuan(row["monthly_due"]),
            yuan(row["due"]),
            yuan(row["paid"]),
            yuan(row["late"]),
            yuan(row["outstanding"]),
        ]
        for row in register["rows"]
    ]
    if not rows:
        return []
    t = register["totals"]
    return [
        Grid(
            [
                Column(tr("序号", "no."), 1.1, "count"),
                Column(tr("姓名", "name"), 2.9),
                Column(tr("月应缴", "monthly"), 2.4, "money"),
                Column(tr("全年应缴", "due"), 2.6, "money"),
                Column(tr("全年实缴", "paid"), 2.6, "money"),
                Column(tr("其中补交", "paid late"), 2.6, "money"),
                Column(tr("欠交", "owed"), 2.8, "money"),
            ],
            rows,
            totals=[
                "",
                tr("合计", "Total"),
                None,
                yuan(t["due"]),
                yuan(t["paid"]),
                yuan(t["late"]),
                yuan(t["outstanding"]),
            ],
        ),
        Para(
            tr(
                "金额单位：元。逐月明细见党费收缴登记表（dangwu print dues-register）。",
                "Amounts in yuan; month by month in the dues register (dangwu print dues-register).",
            )
        ),
    ]


def _compliance(data: dict[str, Any], blocks: list[Block], sentences: list[str]) -> None:
    from collections import defaultdict

    comp = data["compliance"]
    per_code: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in comp["items"]:
        per_code[item["code"]].append(item)
    rows = []
    for items in per_code.values():
        short = [i for i in items if i["status"] == "short"]
        gaps = sorted({g for i in short for g in i["gaps"]})
        rows.append(
            [
                items[0]["label"],
                sum(i["required"] for i in items),
                sum(i["done"] for i in items),
                label(
                    "status",
                    "short"
                    if short
                    else ("pending" if any(i["status"] == "pending" for i in items) else "ok"),
                ),
                tr("、", ", ").join(period_label(g) for g in gaps[:6])
                + ("…" if len(gaps) > 6 else ""),
            ]
        )
    blocks.append(
        Grid(
            [
                Column(tr("要求", "requirement"), 4.5),
                Column(tr("应有", "required"), 1.6, "count"),
                Column(tr("已有", "done"), 1.6, "count"),
                Column(tr("状态", "status"), 2.0),
                Column(tr("缺漏", "gaps"), 7.3),
            ],
            rows,
        )
    )
    blocks.extend(Para(s) for s in sentences)


def handbook_document(
    data: dict[str, Any], dues: list[Block], sentences: list[str], lang: str
) -> Document:
    """`dues` are the blocks of the year's dues register (documents/dues_register.py) and
    `sentences` the compliance findings as sentences (views/compliance.finding_sentences)."""
    branch = data["branch"].get("name") or ""
    year = data["year"]
    doc = Document(
        title=tr(f"{branch}党支部工作手册（{year}年）", f"{branch}: branch handbook {year}"),
        subtitle=tr(
            f"上级党组织：{data['branch'].get('higher_org') or ''}　截至 {data['on']}",
            f"Higher committee: {data['branch'].get('higher_org') or ''}; as of {data['on']}",
        ),
        sheet=tr("工作手册", "handbook"),
        lang=lang,
    )
    b = doc.blocks
    parts: list[tuple[str, str, Any]] = [
        ("组织设置与支部委员会", "Organisation and committee", _organisation),
        ("党员名册", "Members", _roster),
        (
            "入党申请人、入党积极分子、发展对象和预备党员名册",
            "In development and probationary",
            _development_roster,
        ),
        ("组织生活记录（会议与出席）", "Meetings and attendance", _meetings),
        ("谈心谈话记录", "Talks", _talks),
        ("民主评议党员", "Evaluation", _evaluation),
    ]
    number = 0
    for zh, en, fill in parts:
        number += 1
        _section(b, number, zh, en)
        fill(data, b)
    number += 1
    _section(b, number, "党费收缴登记", "Dues register")
    b.extend(dues or [Para(tr("（本年度无记录）", "(none this year)"))])
    number += 1
    _section(b, number, "组织关系转接", "Transfers")
    _transfers(data, b)
    b.append(PageBreak())
    number += 1
    _section(b, number, "发展党员档案", "Development files")
    _files(data, b)
    number += 1
    _section(b, number, "组织生活合规情况", "Compliance")
    _compliance(data, b, sentences)
    return doc
