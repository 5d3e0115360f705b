"""`report stats`: the 党内统计年报 base figures, one table per 年报 table, the people named."""

from __future__ import annotations

from typing import Any

from ..i18n import label, tr
from ..render import Column, Output, Table
from .compliance import report_heading

COLUMNS = [
    Column("item", "项目", "item"),
    Column("count", "人数", "count"),
    Column("people", "人员", "people"),
]
CSV_KEYS = ("code", "count", "people")


def stats(doc: dict[str, Any], branch: dict[str, str | None] | None = None) -> Output:
    out = Output(doc, lambda: stats_tables(doc))
    out.heading = report_heading(
        branch,
        f" {doc['year']}年度党内统计年报基础数据",
        f"party statistics {doc['year']} (base figures)",
        doc["as_of"],
    )
    out.notes = stats_notes(doc)
    return out


def _names(people: list[dict[str, Any]], dated: bool = True) -> str:
    """People as 姓名（日期）, joined with 、 (a transfer also names the organization)."""
    parts = []
    for p in people:
        extra = []
        if dated and p.get("on") is not None:
            extra.append(str(p["on"]))
        if p.get("org"):
            extra.append(p["org"])
        if p.get("returned"):
            extra.append(tr("转回", "came back"))
        text = p["name"]
        if extra:
            text += tr(f"（{'，'.join(extra)}）", f" ({', '.join(extra)})")
        parts.append(text)
    return tr("、", ", ").join(parts)


def _row(code: str, item: str, count: Any, people: str = "") -> dict[str, Any]:
    return {"code": code, "item": item, "count": count, "people": people}


def _table(
    rows: list[dict[str, Any]], title: str | None, first: tuple[str, str] | None = None
) -> Table:
    """Item, count and (when a row names anyone) the people; `first` retitles the items
    (学历, 年龄 …). CSV has the codes and every column whatever is shown."""
    columns = [Column("item", *first), *COLUMNS[1:]] if first else list(COLUMNS)
    if not any(r["people"] for r in rows):
        columns = columns[:2]
    return Table(
        columns,
        rows,
        title=title,
        csv_rows=[{k: r[k] for k in CSV_KEYS} for r in rows],
        csv_keys=CSV_KEYS,
    )


def _indent(text: str) -> str:
    return tr(f"　其中：{text}", f"  of which {text}")


def balance_rows(doc: dict[str, Any]) -> list[dict[str, Any]]:
    start, end = doc["start"], doc["end"]
    added, removed = doc["added"], doc["removed"]
    rows = [
        _row(
            "start",
            tr(f"上年底党员数（{start['on']}）", f"members on {start['on']}"),
            start["total"],
        ),
        _row("added", tr("本年增加", "increases"), added["total"]),
    ]
    for code, g in added["by_kind"].items():
        rows.append(
            _row(
                f"added.{code}",
                _indent(label("stats_added", code)),
                g["count"],
                _names(g["people"]),
            )
        )
    rows.append(_row("removed", tr("本年减少", "decreases"), removed["total"]))
    for code, g in removed["by_kind"].items():
        rows.append(
            _row(
                f"removed.{code}",
                _indent(label("stats_removed", code)),
                g["count"],
                _names(g["people"]),
            )
        )
    expected = start["total"] + added["total"] - removed["total"]
    rows.append(
        _row("end", tr(f"本年底党员数（{end['on']}）", f"members on {end['on']}"), end["total"])
    )
    rows.append(
        _row(
            "expected",
            tr("上年底＋本年增加－本年减少", "start + increases − decreases"),
            expected,
            tr(
                f"{start['total']}＋{added['total']}－{removed['total']}＝{expected}",
                f"{start['total']} + {added['total']} − {removed['total']} = {expected}",
            ),
        )
    )
    diff = doc["difference"]
    rows.append(
        _row(
            "difference",
            tr("核对（本年底实有数与应有数之差）", "check (actual less expected)"),
            diff["count"],
            tr("平衡", "balanced")
            if doc["balanced"]
            else tr("不平衡：", "does not balance: ") + _names(diff["people"], dated=False),
        )
    )
    return rows


def _yes(value: bool) -> str:
    return tr("是", "yes") if value else tr("否", "no")


def _dated(day: Any, what: str) -> str:
    return f"{day} {what}" if day is not None else ""


def difference_table(doc: dict[str, Any]) -> Table:
    return Table(
        [
            Column("id", "编号", "id"),
            Column("name", "姓名", "name"),
            Column("at_start", "上年底在册", "member at start"),
            Column("at_end", "本年底在册", "member at end"),
            Column("counted", "已计增减", "counted"),
            Column("missing", "差额", "missing"),
            Column("joined", "加入本支部", "joined"),
            Column("left", "离开本支部", "left"),
        ],
        [
            dict(
                p,
                at_start=_yes(p["member_at_start"]),
                at_end=_yes(p["member_at_end"]),
                joined=_dated(p["joined_on"], label("join_kind", p["join_kind"])),
                left=_dated(p["left_on"], label("left_reason", p["left_reason"])),
            )
            for p in doc["difference"]["people"]
        ],
        title=tr("差额人员（增减未能说明其在册变化）", "People behind the difference"),
        csv_rows=doc["difference"]["people"],
    )


def basic_rows(doc: dict[str, Any]) -> list[list[dict[str, Any]]]:
    b = doc["basic"]
    unknown = b["unknown"]
    first = [
        _row("total", tr("党员总数", "members"), b["total"]),
        _row("full", tr("正式党员", "full members"), b["full"]),
        _row("probationary", tr("预备党员", "probationary members"), b["probationary"]),
        _row("women", tr("女党员", "women"), b["women"]),
        _row("minorities", tr("少数民族党员", "ethnic minorities"), b["minorities"]),
    ]
    for code, zh, en in (
        ("away", "流动党员", "working or studying away"),
        ("lost", "失联党员", "out of contact"),
    ):
        if code in b:
            first.append(_row(code, tr(zh, en), b[code]["count"], _names(b[code]["people"])))
    if b["by_ethnicity"].get("unknown"):
        first.append(
            _row(
                "ethnicity.unknown",
                tr("民族未填", "ethnicity unknown"),
                b["by_ethnicity"]["unknown"],
                _names(unknown["ethnicity"]),
            )
        )
    schooling = [
        _row(
            f"education.{code}",
            label("education_level", code)
            if code != "unknown"
            else tr("学历未填或无法归类", "unknown or unplaced"),
            n,
            _names(unknown["education"]) if code == "unknown" else "",
        )
        for code, n in b["by_education"].items()
    ]
    schooling.append(
        _row(
            "college_or_above", tr("大专及以上（合计）", "college or above"), b["college_or_above"]
        )
    )
    ages = [
        _row(
            f"age.{code}",
            label("stats_age_band", code)
            if code != "unknown"
            else tr("出生日期未填", "birth date unknown"),
            n,
            _names(unknown["birth_date"]) if code == "unknown" else "",
        )
        for code, n in b["by_age_band"].items()
    ]
    jobs = [
        _row(
            f"occupation.{code}",
            label("occupation", code)
            if code != "unknown"
            else tr("职业未填", "occupation unknown"),
            n,
            _names(unknown["occupation"]) if code == "unknown" else "",
        )
        for code, n in b["by_occupation"].items()
    ]
    return [first, schooling, ages, jobs]


def joined_rows(doc: dict[str, Any]) -> list[dict[str, Any]]:
    j = doc["joined_bands"]
    rows = [
        _row(f"joined.{code}", label("joined_band", code), n) for code, n in j["by_band"].items()
    ]
    if j["unknown"]["count"]:
        rows.append(
            _row(
                "joined.unknown",
                tr("入党日期不详", "admission day unknown"),
                j["unknown"]["count"],
                _names(j["unknown"]["people"]),
            )
        )
    return rows


def evaluation_rows(doc: dict[str, Any]) -> list[dict[str, Any]]:
    ev = doc["evaluation"]
    unqualified = ev["unqualified"]
    rows = [
        _row("members", tr("年底党员数", "members on 31 December"), ev["members"]),
        _row("evaluated", tr("参加评议", "evaluated"), ev["evaluated"]),
    ]
    for grade, n in ev["grades"].items():
        who = _names(unqualified, dated=False) if grade == "unqualified" else ""
        rows.append(_row(f"grade.{grade}", _indent(label("grade", grade)), n, who))
    rows.append(
        _row(
            "not_evaluated",
            tr("未参加评议的年底党员", "members not evaluated"),
            ev["not_evaluated"]["count"],
            _names(ev["not_evaluated"]["people"], dated=False),
        )
    )
    for action, n in ev["handling"].items():
        handled = [u for u in unqualified if (u["action"] or "undecided") == action]
        item = (
            label("evaluation_action", action)
            if action != "undecided"
            else tr("处置未定", "handling undecided")
        )
        rows.append(
            _row(
                f"handling.{action}",
                tr(f"不合格党员处置：{item}", f"unqualified, handling: {item}"),
                n,
                _names(handled, dated=False),
            )
        )
    return rows


def left_rows(doc: dict[str, Any]) -> list[dict[str, Any]]:
    left = doc["left"]
    return [_row("left", tr("出党合计", "left the Party"), left["total"])] + [
        _row(f"left.{code}", _indent(label("stats_removed", code)), g["count"], _names(g["people"]))
        for code, g in left["by_reason"].items()
    ]


def conversion_rows(doc: dict[str, Any]) -> list[dict[str, Any]]:
    c = doc["conversion"]
    rows = [_row("converted", tr("转为正式党员", "converted"), c["converted"])]
    for code in ("on_time", "after_extension", "extended", "disqualified"):
        g = c[code]
        item = label("conversion", code)
        rows.append(
            _row(
                code,
                _indent(item) if code in ("on_time", "after_extension") else item,
                g["count"],
                _names(g["people"]),
            )
        )
    return rows


def development_rows(doc: dict[str, Any]) -> list[dict[str, Any]]:
    d = doc["development"]
    rows = [
        _row("admitted", tr("发展党员", "admitted"), d["admitted"], _names(d["people"])),
        _row("women", _indent(tr("女性", "women")), d["women"]),
        _row("minorities", _indent(tr("少数民族", "ethnic minorities")), d["minorities"]),
        _row("young", _indent(tr("35岁及以下", "35 or under")), d["young"]),
        _row(
            "college_or_above",
            _indent(tr("大专及以上学历", "college or above")),
            d["college_or_above"],
        ),
    ]
    rows += [
        _row(
            f"occupation.{code}",
            _indent(
                label("occupation", code)
                if code != "unknown"
                else tr("职业未填", "occupation unknown")
            ),
            n,
        )
        for code, n in d["by_occupation"].items()
    ]
    p = d["pipeline"]
    rows += [
        _row("applicants", tr("年底入党申请人", "applicants at year end"), p["applicants"]),
        _row("activists", tr("年底入党积极分子", "activists at year end"), p["activists"]),
        _row("candidates", tr("年底发展对象", "candidates at year end"), p["candidates"]),
        _row("applications", tr("本年收到入党申请", "applications this year"), p["applications"]),
    ]
    return rows


def stats_tables(doc: dict[str, Any]) -> list[Table]:
    tables = [_table(balance_rows(doc), tr("第一表 两年党员数比较", "Table 1: members, two years"))]
    if doc["difference"]["people"]:
        tables.append(difference_table(doc))
    first, schooling, ages, jobs = basic_rows(doc)
    on = doc["basic"]["on"]
    tables += [
        _table(first, tr(f"第二表 党员基本情况（{on}）", f"Table 2: members on {on}")),
        _table(schooling, None, ("学历", "education")),
        _table(ages, None, ("年龄", "age")),
        _table(jobs, None, ("职业", "occupation")),
        _table(joined_rows(doc), tr("第三表 党员入党时间", "Table 3: when members joined")),
        _table(evaluation_rows(doc), tr("第八表 民主评议党员", "Table 8: democratic evaluation")),
        _table(
            left_rows(doc), tr("第十、十一表 党员出党", "Tables 10–11: members who left the Party")
        ),
        _table(conversion_rows(doc), tr("第十三表 预备党员转正", "Table 13: conversions")),
        _table(development_rows(doc), tr("第十四、十五表 发展党员", "Tables 14–15: admissions")),
    ]
    return tables


def stats_notes(doc: dict[str, Any]) -> list[str]:
    notes = []
    if doc["running"]:
        notes.append(
            tr(
                f"{doc['year']} 年尚未结束：本年底的数字是截至 {doc['as_of']} 账本所记。",
                f"{doc['year']} is still running: its year-end figures are the ledger as of"
                f" {doc['as_of']}.",
            )
        )
    if not doc["balanced"]:
        notes.append(
            tr(
                f"第一表不平衡：本年底实有数与应有数相差 {doc['difference']['count']}，"
                "见“差额人员”，请核对其加入、离开的记录。",
                f"Table 1 does not balance: actual less expected is {doc['difference']['count']};"
                " see the people behind the difference and check their joining and leaving.",
            )
        )
    missing = doc["basic"]["unknown"]["occupation"]
    if missing:
        notes.append(
            tr(
                f"职业未填 {len(missing)} 人，年报须按职业统计，请补录其职业（工人、农牧渔民、"
                "专业技术人员、管理人员、党政机关工作人员、学生、其他职业、离退休）。",
                f"{len(missing)} members have no occupation, which the report counts by: add it"
                " with dangwu member edit ID --occupation CODE (worker, farmer, professional,"
                " manager, official, student, other, retired).",
            )
        )
    return notes
