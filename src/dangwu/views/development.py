"""`dev list/due/show`: next steps of the pipeline, one person's development file."""

from __future__ import annotations

from typing import Any

from ..render import Column, Output, Table

STEP_COLUMNS = [
    Column("member_id", "编号", "id"),
    Column("name", "姓名", "name"),
    Column("stage", "阶段", "stage", "stage"),
    Column("step", "下一步", "next step", "dev_step"),
    Column("due", "期限", "due"),
    Column("overdue", "逾期", "overdue", "bool"),
    Column("flag", "提示", "flag", "dev_flag"),
]


def steps(records: list[dict[str, Any]]) -> Output:
    return Output(records, lambda: [Table(STEP_COLUMNS, records)])


def development_file(d: dict[str, Any]) -> Output:
    return Output(d["json"], lambda: development_file_tables(d))


def development_file_tables(d: dict[str, Any]) -> list[Table]:
    ev_cols = [
        # the id is what `dev void EVENT_ID` takes
        Column("id", "编号", "id"),
        Column("date", "日期", "date"),
        Column("kind", "事项", "event", "dev_kind"),
        Column("detail", "说明", "detail"),
        Column("forced_reason", "强制记录理由", "forced because"),
    ]
    check_cols = [
        Column("name", "条件", "check"),
        Column("met", "满足", "met", "bool"),
        Column("detail", "说明", "detail"),
    ]
    step_cols = [
        Column("step", "下一步", "next step", "dev_step"),
        Column("due", "期限", "due"),
        Column("overdue", "逾期", "overdue", "bool"),
        Column("flag", "提示", "flag", "dev_flag"),
    ]
    return [
        Table(ev_cols, d["json"]["events"], title=d["title"]),
        Table(step_cols, d["json"]["next"], title=d["next_title"]),
        Table(check_cols, d["json"]["checks"], title=d["checks_title"]),
    ]
