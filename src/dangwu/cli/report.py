"""`dangwu report compliance/checklist/year`."""

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from .common import AsOfOpt, FormatOpt, RevealOpt, handled, open_ledger

app = typer.Typer(no_args_is_help=True)
Opt = typer.Option

AllBranchesOpt = Annotated[
    bool,
    Opt(
        "--all-branches",
        help="One row per branch on the PostgreSQL server, and the totals (higher committee).",
    ),
]
REPORT_FORMATS = ("table", "plain", "json", "csv", "markdown")


def _as_of(value: str | None) -> date:
    from ..parse import parse_date

    return parse_date(value, "--as-of") if value else date.today()


def _emit(out: Any, fmt: str | None) -> None:
    from ..render import render, resolve_format

    render(out, resolve_format(fmt, REPORT_FORMATS))


def scope_label(scope: str) -> str:
    """A requirement's scope as a person reads it: 支部, the group's name, 每名相关人员."""
    from ..i18n import label

    if scope.startswith("group:"):
        return scope[len("group:") :]
    return label("req_scope", scope)


def compliance_output(doc: dict[str, Any]) -> Any:
    from ..i18n import label, tr
    from ..render import Column, Output, Table

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
            gaps=", ".join(i["gaps"]),
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
                f"{p['code']} 组织生活合规情况（截至 {doc['as_of']}）",
                f"Compliance {p['code']} (as of {doc['as_of']})",
            ),
            # CSV: every item as JSON has it (codes, each person's line), whatever the language
            csv_rows=doc["items"],
            csv_keys=("code", "label", "scope", "required", "done", "status", "gaps"),
        )
    ]
    short_people = [
        dict(i, state=label("status", i["status"]), gaps=", ".join(i["gaps"]))
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
    findings = [dict(f, what=label("finding", f["kind"])) for f in doc["findings"]]
    tables.append(
        Table(
            [
                Column("what", "问题", "finding"),
                Column("name", "姓名", "name"),
                Column("detail", "说明", "detail"),
            ],
            findings,
            title=tr("发现的问题", "Findings"),
            csv_rows=doc["findings"],
            csv_keys=("kind", "member_id", "name", "detail"),
        )
    )
    out = Output(doc, tables)
    out.notes.append(
        tr(
            "结论：合规" if doc["ok"] else "结论：存在未完成的要求或问题，见上表",
            "Verdict: compliant" if doc["ok"] else "Verdict: not compliant (see above)",
        )
    )
    return out


@app.command("compliance")
@handled
def compliance(
    period: Annotated[
        str | None, Opt("--period", help="2026, 2026H2, 2026Q3 or 2026-11 (default: this quarter).")
    ] = None,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
    exit_code: Annotated[
        bool, Opt("--exit-code", help="Exit 3 when something is short or found.")
    ] = False,
    reveal: RevealOpt = False,
    all_branches: AllBranchesOpt = False,
) -> None:
    """Was every requirement met in the period? And what is wrong anywhere in the ledger?"""
    from ..errors import Outstanding
    from ..parse import parse_period
    from ..reports.compliance import compliance as build
    from ..rules.periods import Period

    day = _as_of(as_of)
    p = parse_period(period) if period is not None else Period.quarter_of(day)
    if all_branches:
        doc = _rollup(p, day)
        _emit(rollup_output(doc), fmt)
        if exit_code and not doc["totals"]["ok"]:
            raise Outstanding("有支部不合规", "a branch is not compliant")
        return
    ledger = open_ledger()
    with ledger.read() as r:
        doc = build(r, p, day)
    _emit(compliance_output(doc), fmt)
    if exit_code and not doc["ok"]:
        raise Outstanding("不合规", "not compliant")


def _rollup(period: Any, day: date) -> dict[str, Any]:
    """Each branch's own reports, on its own schema, then the totals."""
    from ..reports.rollup import branch_row, rollup
    from ..store.server import list_branches, open_server
    from .common import require_server

    address = require_server("--all-branches")
    rows = []
    for b in list_branches(address):
        ledger = open_server(address.with_branch(b["code"]))
        try:
            with ledger.read() as r:
                row = branch_row(r, period, day)
        finally:
            ledger.dispose()
        rows.append({"branch": b["code"], "name": b["name"], **row})
    return rollup(rows, period, day)


def rollup_output(doc: dict[str, Any]) -> Any:
    from ..i18n import tr
    from ..render import Column, Output, Table

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
    n = doc["totals"]["branches"]
    total = dict(doc["totals"], branch=tr("合计", "total"), name=tr(f"{n} 个支部", f"{n} branches"))
    title = tr(f"各支部汇总（{doc['period']['code']}）", f"All branches ({doc['period']['code']})")
    out = Output(doc, [Table(cols, [*doc["branches"], total], title=title)])
    y = doc["dues_year"]
    out.notes.append(
        tr(
            f"党费各列为 {y} 年截至 {doc['as_of']} 的数字，与各支部 dues statement --year {y} 相同",
            f"The dues columns are {y} to {doc['as_of']}, as each branch's"
            f" `dues statement --year {y}` states them",
        )
    )
    return out


def checklist_output(doc: dict[str, Any], as_of: date) -> Any:
    from ..i18n import label, tr
    from ..render import Column, Output, Table
    from ..reports.checklist import overdue

    rows = [
        dict(
            t,
            mark="☑" if t["done"] else ("☐!" if overdue(t, as_of) else "☐"),
            kind=label("task_category", t["category"]),
        )
        for t in doc["tasks"]
    ]
    cols = [
        Column("mark", "", ""),
        Column("title", "事项", "task"),
        Column("kind", "类别", "kind"),
        Column("due", "期限", "due"),
        Column("done_on", "完成日期", "done on"),
    ]
    left = sum(not t["done"] for t in doc["tasks"])
    late = sum(overdue(t, as_of) for t in doc["tasks"])
    out = Output(
        doc,
        [
            Table(
                cols,
                rows,
                title=tr(
                    f"{doc['quarter']} 工作清单（截至 {as_of}）",
                    f"Checklist {doc['quarter']} (as of {as_of})",
                ),
                csv_rows=doc["tasks"],
                csv_keys=("category", "code", "title", "due", "done", "done_on", "member_id"),
            )
        ],
    )
    out.notes.append(
        tr(
            f"共 {len(rows)} 项，未完成 {left} 项，其中逾期 {late} 项（☐! 为逾期）",
            f"{len(rows)} tasks, {left} open, {late} overdue (☐! marks overdue)",
        )
    )
    return out


@app.command("checklist")
@handled
def checklist(
    quarter: Annotated[str | None, Opt("--quarter", help="2026Q4 (default: this quarter).")] = None,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
    reveal: RevealOpt = False,
) -> None:
    """Every concrete task due in the quarter, with its due date, done or not; overdue first."""
    from ..errors import Refused
    from ..parse import parse_period
    from ..reports.checklist import checklist as build
    from ..rules.periods import Period

    day = _as_of(as_of)
    if quarter is not None:
        q = parse_period(quarter, "--quarter")
        if "Q" not in q.code:
            raise Refused(
                f"--quarter: 应为季度，如 2026Q4：{quarter!r}",
                f"--quarter: not a quarter (e.g. 2026Q4): {quarter!r}",
            )
    else:
        q = Period.quarter_of(day)
    ledger = open_ledger()
    with ledger.read() as r:
        doc = build(r, q, day)
    _emit(checklist_output(doc, day), fmt)


def year_output(doc: dict[str, Any]) -> Any:
    from ..i18n import label, tr
    from ..render import Column, Output, Table

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
                + [
                    (
                        f"{u['name']}（{label('grade', 'unqualified')}）",
                        u["action"] or tr("处置未定", "handling not decided"),
                    )
                    for u in ev["unqualified"]
                ]
            ),
            title=tr("六、民主评议", "6. Evaluation"),
        )
    )
    tables.append(
        Table(
            [
                Column("what", "问题", "finding"),
                Column("name", "姓名", "name"),
                Column("detail", "说明", "detail"),
            ],
            [dict(f, what=label("finding", f["kind"])) for f in doc["findings"]],
            title=tr("七、存在的问题", "7. Findings"),
        )
    )
    return Output(doc, tables)


@app.command("year")
@handled
def year(
    year_: Annotated[
        str | None, typer.Argument(metavar="YEAR", help="The year (default: this year).")
    ] = None,
    fmt: FormatOpt = None,
    # a str, turned into a Path below: a Path option costs Typer's Pydantic import (0.1 s)
    output: Annotated[
        str | None,
        Opt("--output", "-o", help="Write to x.md, x.json, x.csv or x.xlsx (mode 0600)."),
    ] = None,
    as_of: AsOfOpt = None,
    reveal: RevealOpt = False,
    all_branches: AllBranchesOpt = False,
) -> None:
    """The year-end report: membership, changes, meetings, dues, development, evaluation, findings."""
    from ..errors import Refused
    from ..reports.year import year_report

    day = _as_of(as_of)
    text = (year_ or str(day.year)).strip()
    # the length first: int() refuses strings of over 4,300 digits with a ValueError
    if not text.isdecimal() or len(text) > 4 or not 1921 <= int(text) <= 2100:
        raise Refused(f"YEAR: 无法识别的年份 {year_!r}", f"YEAR: not a year: {year_!r}")
    if day < date(int(text), 1, 1):
        raise Refused(f"--as-of: {day} 早于 {text} 年", f"--as-of: {day} is before {text}")
    if all_branches:
        from ..rules.periods import Period

        out = rollup_output(_rollup(Period.year(int(text)), day))
    else:
        ledger = open_ledger()
        with ledger.read() as r:
            doc = year_report(r, int(text), day)
        out = year_output(doc)
    if output is None:
        _emit(out, fmt)
        return
    from ..i18n import tr
    from ..render import write_file

    write_file(out, Path(output))
    typer.echo(tr(f"已写入 {output}", f"Written to {output}"), err=True)
