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


MISSING_COLUMNS = [
    Column("member_id", "编号", "id"),
    Column("name", "姓名", "name"),
    Column("stage", "阶段", "stage", "stage"),
    Column("documents", "缺少的材料", "missing documents"),
]


def missing_documents(records: list[dict[str, Any]]) -> Output:
    def tables() -> list[Table]:
        rows = [dict(r, documents="、".join(m["title"] for m in r["missing"])) for r in records]
        return [Table(MISSING_COLUMNS, rows)]

    return Output(records, tables)


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
    file_cols = [
        Column("step", "步骤", "step"),
        Column("title", "材料", "document"),
        Column("done", "已有", "present", "bool"),
        Column("date", "日期", "date"),
        Column("missing", "缺失", "missing", "bool"),
        Column("detail", "说明", "detail"),
    ]
    tables = [
        Table(ev_cols, d["json"]["events"], title=d["title"]),
        Table(step_cols, d["json"]["next"], title=d["next_title"]),
        Table(check_cols, d["json"]["checks"], title=d["checks_title"]),
    ]
    if d["json"]["file"]:
        tables.append(Table(file_cols, d["json"]["file"], title=d["file_title"]))
    return tables
