"""`report year`: the year-end report in seven sections, one table (or two) each."""

from __future__ import annotations

from typing import Any

from ..i18n import label, tr
from ..render import Column, Output, Table
from .compliance import (
    FINDING_COLUMNS,
    finding_rows,
    finding_sentences,
    report_heading,
    scope_label,
)
from .people_records import cap_text, handling_text


def year(doc: dict[str, Any], branch: dict[str, str | None] | None = None) -> Output:
    """The year-end report a higher committee reads: a title with the branch's name, seven
    sections, and the findings as sentences at the end (RULES.md "Year-end report")."""
    out = Output(doc, lambda: year_tables(doc))
    out.heading = report_heading(
        branch, f" {doc['year']}年度党建工作报告", f"annual report {doc['year']}", doc["as_of"]
    )
    out.notes = finding_sentences(doc["findings"])
    return out


def year_tables(doc: dict[str, Any]) -> list[Table]:
    kv = [Column("item", "项目", "item"), Column("value", "数值", "value")]

    def pairs(items: list[tuple[str, Any]]) -> list[dict[str, Any]]:
        return [{"item": k, "value": "" if v is None else v} for k, v in items]

    m = doc["membership"]
    tables = [
        Table(
            kv,
            pairs(
                [
                    (tr("党员总数", "members"), m["total"]),
                    (tr("正式党员", "full"), m["full"]),
                    (tr("预备党员", "probationary"), m["probationary"]),
                ]
                + [(label("gender", k), v) for k, v in m["by_gender"].items()]
                + [
                    (
                        {"han": tr("汉族", "Han"), "minority": tr("少数民族", "minorities")}.get(
                            k, tr("未填", "unknown")
                        ),
                        v,
                    )
                    for k, v in m["by_ethnicity"].items()
                ]
                + [
                    (k if k != "unknown" else tr("学历未填", "education unknown"), v)
                    for k, v in m["by_education"].items()
                ]
                + [(tr(f"年龄 {k}", f"age {k}"), v) for k, v in m["by_age_band"].items()]
                + [(g["name"], g["members"]) for g in m["groups"]]
                + [(label("role", c["role"]), c["name"]) for c in m["committee"]]
            ),
            title=tr(f"一、党员队伍（{m['on']}）", f"1. Membership on {m['on']}"),
        ),
    ]
    tables += away_and_lost_tables(doc)
    c = doc["changes"]
    tables.append(
        Table(
            kv,
            pairs(
                [
                    (tr("接收预备党员", "admitted"), c["admitted"]),
                    (tr("转正", "converted"), c["converted"]),
                    (tr("延长预备期", "extended"), c["extended"]),
                    (tr("转入", "transferred in"), c["transferred_in"]),
                    (tr("转出", "transferred out"), c["transferred_out"]),
                    (tr("去世", "deceased"), c["deceased"]),
                ]
                + [
                    (label("left_reason", k), v)
                    for k, v in c["left"].items()
                    if k not in ("transferred_out", "deceased")
                ]
                + [(tr("离开合计", "members left in all"), sum(c["left"].values()))]
            ),
            title=tr("二、党员变动", "2. Changes"),
        )
    )
    mt = doc["meetings"]
    tables.append(
        Table(
            [
                Column("label", "要求", "requirement"),
                Column("scope", "范围", "scope"),
                Column("required", "应有", "required"),
                Column("done", "已有", "held"),
                Column("status", "状态", "status", "status"),
            ],
            [dict(r, scope=scope_label(r["scope"])) for r in mt["requirements"]],
            title=tr("三、组织生活", "3. Organizational life"),
        )
    )
    tables.append(
        Table(
            [
                Column("type", "会议", "meeting", "meeting_type"),
                Column("held", "次数", "held"),
                Column("rate", "出席率", "attendance", "percent"),
            ],
            mt["attendance_by_type"],
        )
    )
    if mt["below_60_percent"]:
        tables.append(
            Table(
                [
                    Column("name", "出席率低于60%", "below 60%"),
                    Column("rate", "出席率", "rate", "percent"),
                ],
                mt["below_60_percent"],
            )
        )
    d = doc["dues"]
    tables.append(
        Table(
            kv,
            pairs(
                [
                    (tr("应交", "due"), d["due"]),
                    (tr("实收", "collected"), d["collected"]),
                    (tr("其中自愿多交", "of which voluntary"), d["voluntary"]),
                    (tr("欠交", "outstanding"), d["outstanding"]),
                    (tr("已上缴", "remitted"), d["remitted"]),
                    (tr("结存（实收减已上缴）", "balance (collected less remitted)"), d["balance"]),
                    (tr("公布日期", "published on"), d["published_on"]),
                ]
            ),
            title=tr("四、党费", "4. Dues"),
        )
    )
    tables.append(
        Table(
            [
                Column("month", "月份", "month"),
                Column("due", "应交", "due"),
                Column("collected", "实收", "collected"),
            ],
            d["by_month"],
        )
    )
    if d["arrears"]:
        tables.append(
            Table(
                [
                    Column("name", "欠交党员", "in arrears"),
                    Column("months", "欠交月份", "months owed"),
                    Column("owed_amount", "欠交金额", "amount owed"),
                    Column("flag", "提示", "flag", "dues_flag"),
                ],
                [
                    dict(
                        a,
                        months=a["owed_months"][0]
                        if len(a["owed_months"]) == 1
                        else f"{a['owed_months'][0]}..{a['owed_months'][-1]}"
                        f"（{len(a['owed_months'])}）",
                    )
                    for a in d["arrears"]
                ],
            )
        )
    dv = doc["development"]
    tables.append(
        Table(
            kv,
            pairs(
                [
                    (tr("年末入党申请人", "applicants"), dv["applicants"]),
                    (tr("年末入党积极分子", "activists"), dv["activists"]),
                    (tr("年末发展对象", "candidates"), dv["candidates"]),
                    (tr("全年收到入党申请", "applications"), dv["applications"]),
                    (tr("确定入党积极分子", "activists designated"), dv["activists_designated"]),
                    (tr("接收预备党员", "admitted"), dv["admitted"]),
                    (tr("转正", "converted"), dv["converted"]),
                    (tr("停止发展", "dropped"), dv["dropped"]),
                ]
            ),
            title=tr("五、发展党员", "5. Development"),
        )
    )
    ev = doc["evaluation"]
    tables.append(
        Table(
            kv,
            pairs(
                [(label("grade", g), n) for g, n in ev["grades"].items()]
                + [(tr("参评人数", "evaluated"), ev["evaluated"])]
                + (
                    [(tr("优秀比例上限", "excellent cap"), cap_text(ev["cap"]))]
                    if ev["cap"]
                    else []
                )
                + [
                    (f"{u['name']}（{label('grade', 'unqualified')}）", handling_text(u))
                    for u in ev["unqualified"]
                ]
            ),
            title=tr("六、民主评议", "6. Evaluation"),
        )
    )
    tables.append(
        Table(
            FINDING_COLUMNS,
            finding_rows(doc["findings"]),
            title=tr("七、存在的问题", "7. Findings"),
        )
    )
    return tables


def away_and_lost_tables(doc: dict[str, Any]) -> list[Table]:
    """Section 1's members working away (流动党员) and out of contact (失联党员) in the year:
    how many at its end, then each with the record (a table only when there are any)."""
    tables: list[Table] = []
    away, lost = doc.get("away"), doc.get("lost")
    if away is None or lost is None:
        return tables
    if away["people"]:
        tables.append(
            Table(
                [
                    Column("name", "流动党员", "working away"),
                    Column("place", "外出地点", "place"),
                    Column("from_on", "外出日期", "from"),
                    Column("until", "至（返回）", "until (back)"),
                    Column("paper", "证件", "paper"),
                ],
                [
                    dict(
                        r,
                        until=_until(r),
                        paper=" ".join(
                            x for x in (label("away_kind", r["kind"]), r["certificate"]) if x
                        ),
                    )
                    for r in away["people"]
                ],
                title=tr(
                    f"流动党员（年内 {away['during']} 名，{away['on']} 在外 {away['count']} 名）",
                    f"Members working away ({away['during']} in the year, {away['count']} away"
                    f" on {away['on']})",
                ),
            )
        )
    if lost["people"]:
        tables.append(
            Table(
                [
                    Column("name", "失联党员", "out of contact"),
                    Column("since", "失联日期", "since"),
                    Column("reason", "失联原因", "reason", "lost_reason"),
                    Column("found_on", "恢复联系", "found on"),
                ],
                lost["people"],
                title=tr(
                    f"失联党员（年内 {lost['during']} 名，{lost['on']} 失联 {lost['count']} 名）",
                    f"Members out of contact ({lost['during']} in the year, {lost['count']} on"
                    f" {lost['on']})",
                ),
            )
        )
    return tables


def _until(r: dict[str, Any]) -> str:
    """ "2026-09-30", "（2026-10-08 返回）" or both: the planned last day and the day back."""
    parts = [str(r["until_on"])] if r["until_on"] else []
    if r["back_on"]:
        parts.append(tr(f"（{r['back_on']} 返回）", f"(back {r['back_on']})"))
    return " ".join(parts)
