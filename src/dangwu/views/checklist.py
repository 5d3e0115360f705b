"""`report checklist`: the quarter's tasks, done or not, overdue marked."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..i18n import label, period_label, tr
from ..render import Column, Output, Table
from .compliance import report_heading


def _overdue(task: dict[str, Any], as_of: date) -> bool:
    # the report decides what overdue means; imported here so that loading this view
    # reads no part of the store
    from ..reports.checklist import overdue

    return overdue(task, as_of)


def checklist(
    doc: dict[str, Any], as_of: date, branch: dict[str, str | None] | None = None
) -> Output:
    tasks = doc["tasks"]
    left = sum(not t["done"] for t in tasks)
    late = sum(_overdue(t, as_of) for t in tasks)
    out = Output(doc, lambda: checklist_tables(doc, as_of))
    quarter = period_label(doc["quarter"])
    out.heading = report_heading(branch, f" {quarter}工作清单", f"checklist, {quarter}", as_of)
    out.notes.append(
        tr(
            f"共 {len(tasks)} 项，未完成 {left} 项，其中逾期 {late} 项（☐! 为逾期）",
            f"{len(tasks)} tasks, {left} open, {late} overdue (☐! marks overdue)",
        )
    )
    return out


def checklist_tables(doc: dict[str, Any], as_of: date) -> list[Table]:
    rows = [
        dict(
            t,
            mark="☑" if t["done"] else ("☐!" if _overdue(t, as_of) else "☐"),
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
    return [
        Table(
            cols,
            rows,
            title=tr(
                f"{period_label(doc['quarter'])}工作清单（截至 {as_of}）",
                f"Checklist {period_label(doc['quarter'])} (as of {as_of})",
            ),
            csv_rows=doc["tasks"],
            csv_keys=("category", "code", "title", "due", "done", "done_on", "member_id"),
        )
    ]
