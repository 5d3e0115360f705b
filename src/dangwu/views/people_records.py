"""`talk list` and `evaluation list`."""

from __future__ import annotations

from typing import Any

from ..i18n import label, tr
from ..render import Column, Output, Table


def talks(rows: list[dict[str, Any]]) -> Output:
    cols = [
        Column("id", "编号", "id"),
        Column("date", "日期", "date"),
        Column("name", "谈话对象", "member"),
        Column("with_name", "谈话人", "with"),
        Column("topic", "内容", "topic"),
    ]
    return Output(rows, lambda: [Table(cols, rows)])


# `evaluation list -f csv`: the JSON keys, one column each
RESULT_KEYS = (
    "year",
    "member_id",
    "name",
    "grade",
    "action",
    "action_code",
    "votes_excellent",
    "votes_qualified",
    "votes_basic",
    "votes_unqualified",
    "meeting_id",
    "decided_on",
    "action_due",
    "action_done_on",
    "action_result",
    "followup",
    "followup_due",
    "overdue",
)


def handling_text(r: dict[str, Any]) -> str:
    """An unqualified member's handling and where its follow-up stands, for a person."""
    code = r.get("action_code")
    action = label("evaluation_action", code) if code else (r.get("action") or "")
    due, state = r.get("followup_due"), r.get("followup")
    late = tr("，已逾期", ", overdue") if r.get("overdue") else ""
    if state == "decide":
        return tr(f"处置待定（应于 {due} 前决定{late}）", f"handling to decide (by {due}{late})")
    if state == "correct":
        return tr(f"{action}（至 {due}{late}）", f"{action} (until {due}{late})")
    if state == "done":
        result = r.get("action_result") or ""
        return tr(
            f"{action}；{r.get('action_done_on')} 办结：{result}",
            f"{action}; closed {r.get('action_done_on')}: {result}",
        )
    return action


def cap_text(cap: dict[str, Any]) -> str:
    over = tr("，超出上限", ", over the cap") if cap["over"] else ""
    return tr(
        f"优秀 {cap['excellent']} 名，上限 {cap['limit']} 名（{cap['base']} 名的三分之一）{over}",
        f"{cap['excellent']} excellent, at most {cap['limit']} (a third of {cap['base']}){over}",
    )


def _distribution_tables(summaries: list[dict[str, Any]]) -> list[Table]:
    cols = [
        Column("grade", "评议等次", "grade", "grade"),
        Column("count", "人数", "count"),
        Column("share", "比例", "share", "percent"),
    ]
    out = []
    for d in summaries:
        rows = [{"grade": g, "count": n, "share": d["shares"][g]} for g, n in d["grades"].items()]
        title = tr(
            f"{d['year']} 年度评议等次分布（参评 {d['evaluated']} 名，年末党员 {d['members']} 名）",
            f"{d['year']}: grades ({d['evaluated']} evaluated, {d['members']} members at the"
            " year's end)",
        )
        if d["cap"]:
            title += tr("；", "; ") + cap_text(d["cap"])
        out.append(Table(cols, rows, title=title, csv=False))
    return out


def evaluations(rows: list[dict[str, Any]], summaries: list[dict[str, Any]]) -> Output:
    """The results with their tallies and follow-up, then each year's distribution (not in
    JSON or CSV: `evaluation list --summary` has it)."""
    cols = [
        Column("year", "年度", "year"),
        Column("member_id", "编号", "id"),
        Column("name", "姓名", "name"),
        Column("grade", "评议等次", "grade", "grade"),
        Column("votes_excellent", "优秀票", "excellent votes"),
        Column("votes_qualified", "合格票", "qualified votes"),
        Column("votes_basic", "基本合格票", "basic votes"),
        Column("votes_unqualified", "不合格票", "unqualified votes"),
        Column("decided_on", "评定日期", "decided on"),
        Column("handling", "处置", "handling"),
    ]

    def tables() -> list[Table]:
        shown = [dict(r, handling=handling_text(r)) for r in rows]
        return [Table(cols, shown, csv_rows=rows, csv_keys=RESULT_KEYS)] + _distribution_tables(
            summaries
        )

    return Output(rows, tables)


def evaluation_summary(summaries: list[dict[str, Any]]) -> Output:
    """`evaluation list --summary`: one row per year and grade in CSV; JSON as built."""
    flat = [
        {
            "year": d["year"],
            "evaluated": d["evaluated"],
            "members": d["members"],
            "grade": g,
            "count": n,
            "share": d["shares"][g],
            "cap_limit": d["cap"]["limit"] if d["cap"] else None,
            "cap_over": d["cap"]["over"] if d["cap"] else None,
        }
        for d in summaries
        for g, n in d["grades"].items()
    ]

    keys = ("year", "evaluated", "members", "grade", "count", "share", "cap_limit", "cap_over")

    def tables() -> list[Table]:
        # for a person, each year's table; in CSV, the flat rows alone (the tables are csv=False)
        flat_table = Table([Column(k, k, k) for k in keys], [], csv_rows=flat, csv_keys=keys)
        return _distribution_tables(summaries) + [flat_table]

    return Output(summaries, tables)
