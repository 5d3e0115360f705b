"""`report compliance`: the requirements of a period, people who fell short, findings; and
`--all-branches`, one row per branch."""

from __future__ import annotations

from typing import Any

from ..i18n import label, period_label, tr
from ..render import Column, Output, Table

FINDING_COLUMNS = [
    Column("what", "问题", "finding"),
    Column("name", "姓名", "name"),
    Column("detail", "说明", "detail"),
]


def scope_label(scope: str) -> str:
    """A requirement's scope as a person reads it: 支部, the group's name, 每名相关人员."""
    if scope.startswith("group:"):
        return scope[len("group:") :]
    return label("req_scope", scope)


def finding_rows(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [dict(f, what=label("finding", f["kind"])) for f in findings]


def gap_words(gaps: list[str]) -> str:
    return tr("、", ", ").join(period_label(g) for g in gaps)


def finding_sentences(findings: list[dict[str, Any]]) -> list[str]:
    """The findings as numbered sentences in the user's language, for the end of a report
    a higher committee reads: "1. 杨帆：连续六个月未交党费（欠交 7 个月，903.00 元）。"."""
    out = []
    for n, f in enumerate(findings, start=1):
        what = label("finding", f["kind"])
        detail = (f.get("detail") or "").strip()
        if f["kind"] == "short" and detail:
            text = detail
        elif detail:
            text = tr(f"{what}，{detail}", f"{what}: {detail}")
        else:
            text = what
        who = f.get("name")
        if who:
            text = tr(f"{who}：{text}", f"{who}: {text}")
        out.append(f"{n}. {text}{tr('。', '.')}")
    if not out:
        return [tr("未发现问题。", "No findings.")]
    return [tr("存在的问题：", "Findings:"), *out]


def report_heading(
    branch: dict[str, str | None] | None, title_zh: str, title_en: str, as_of: Any
) -> list[str]:
    """A report's title with the branch's name, and a line naming the higher committee and
    the day it was drawn up."""
    name = (branch or {}).get("name") or ""
    higher = (branch or {}).get("higher_org")
    title = tr(f"{name}{title_zh}", f"{name + ': ' if name else ''}{title_en}")
    line = tr(
        (f"上级党组织：{higher}　" if higher else "") + f"截至 {as_of}",
        (f"Higher committee: {higher}; " if higher else "") + f"as of {as_of}",
    )
    return [title, line]


def compliance(doc: dict[str, Any], branch: dict[str, str | None] | None = None) -> Output:
    out = Output(doc, lambda: compliance_tables(doc))
    period = period_label(doc["period"]["code"])
    out.heading = report_heading(
        branch, f" {period}组织生活合规情况", f"compliance, {period}", doc["as_of"]
    )
    out.notes.append(
        tr(
            "结论：合规" if doc["ok"] else "结论：存在未完成的要求或问题，见上表",
            "Verdict: compliant" if doc["ok"] else "Verdict: not compliant (see above)",
        )
    )
    return out


def compliance_tables(doc: dict[str, Any]) -> list[Table]:
    # a requirement per person would be one line each: the items table sums them per code
    shown = [i for i in doc["items"] if not i["scope"].startswith("member:")]
    members = [i for i in doc["items"] if i["scope"].startswith("member:")]
    summary: dict[str, dict[str, Any]] = {}
    for i in members:
        s = summary.setdefault(
            i["code"],
            {
                "label": i["label"],
                "scope": tr("每名相关人员", "each person"),
                "ok": 0,
                "pending": 0,
                "short": 0,
            },
        )
        s[i["status"]] += 1
    rows = [
        dict(
            i,
            state=label("status", i["status"]),
            gaps=gap_words(i["gaps"]),
            scope=scope_label(i["scope"]),
        )
        for i in shown
    ]
    rows += [
        {
            "label": s["label"],
            "scope": s["scope"],
            "required": "",
            "done": "",
            "state": tr(
                f"合格 {s['ok']}，待完成 {s['pending']}，未完成 {s['short']}",
                f"ok {s['ok']}, pending {s['pending']}, short {s['short']}",
            ),
            "gaps": "",
        }
        for s in summary.values()
    ]
    cols = [
        Column("label", "要求", "requirement"),
        Column("scope", "范围", "scope"),
        Column("required", "应有", "required"),
        Column("done", "已有", "done"),
        Column("state", "状态", "status"),
        Column("gaps", "缺漏", "gaps"),
    ]
    p = doc["period"]
    tables = [
        Table(
            cols,
            rows,
            title=tr(
                f"{period_label(p['code'])}组织生活合规情况（截至 {doc['as_of']}）",
                f"Compliance {period_label(p['code'])} (as of {doc['as_of']})",
            ),
            # CSV: every item as JSON has it (codes, each person's line), whatever the language
            csv_rows=doc["items"],
            csv_keys=("code", "label", "scope", "required", "done", "status", "gaps"),
        )
    ]
    short_people = [
        dict(i, state=label("status", i["status"]), gaps=gap_words(i["gaps"]))
        for i in members
        if i["status"] == "short"
    ]
    if short_people:
        tables.append(
            Table(
                [
                    Column("label", "要求", "requirement"),
                    Column("scope", "人员", "person"),
                    Column("gaps", "缺漏", "gaps"),
                ],
                short_people,
                title=tr("个人未完成", "Short, per person"),
                csv=False,  # in the items above
            )
        )
    tables.append(
        Table(
            FINDING_COLUMNS,
            finding_rows(doc["findings"]),
            title=tr("发现的问题", "Findings"),
            csv_rows=doc["findings"],
            csv_keys=("kind", "member_id", "name", "detail"),
        )
    )
    return tables


def rollup(doc: dict[str, Any]) -> Output:
    out = Output(doc, lambda: rollup_tables(doc))
    y = doc["dues_year"]
    out.notes.append(
        tr(
            f"党费各列为 {y} 年截至 {doc['as_of']} 的数字，与各支部 dues statement --year {y} 相同",
            f"The dues columns are {y} to {doc['as_of']}, as each branch's"
            f" `dues statement --year {y}` states them",
        )
    )
    for row in doc["branches"]:
        if row.get("error") is not None:
            out.notes.append(
                tr(
                    f"支部 {row['branch']}（{row['name']}）无法读取，合计中不含该支部：{row['error']}",
                    f"Branch {row['branch']} ({row['name']}) could not be read and is not in"
                    f" the totals: {row['error']}",
                )
            )
    return out


def rollup_tables(doc: dict[str, Any]) -> list[Table]:
    cols = [
        Column("branch", "代号", "code"),
        Column("name", "支部", "branch"),
        Column("members_full", "正式党员", "full"),
        Column("members_probationary", "预备党员", "probationary"),
        Column("meetings_done", "会议已开", "meetings held"),
        Column("meetings_required", "会议应开", "required"),
        Column("items_short", "未达标", "short"),
        Column("findings", "问题", "findings"),
        Column("dues_collected", "党费实收", "dues collected"),
        Column("dues_remitted", "已上缴", "remitted"),
        Column("dues_outstanding", "欠缴", "outstanding"),
        Column("applicants", "申请人", "applicants"),
        Column("activists", "积极分子", "activists"),
        Column("candidates", "发展对象", "candidates"),
        Column("admitted", "发展党员", "admitted"),
    ]
    if doc["totals"].get("unreadable"):
        cols.append(Column("error", "无法读取", "unreadable"))
    n = doc["totals"]["branches"]
    total = dict(doc["totals"], branch=tr("合计", "total"), name=tr(f"{n} 个支部", f"{n} branches"))
    title = tr(f"各支部汇总（{doc['period']['code']}）", f"All branches ({doc['period']['code']})")
    return [Table(cols, [*doc["branches"], total], title=title)]
