"""`talk list` and `evaluation list`."""

from __future__ import annotations

from typing import Any

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


def evaluations(rows: list[dict[str, Any]]) -> Output:
    cols = [
        Column("year", "年度", "year"),
        Column("member_id", "编号", "id"),
        Column("name", "姓名", "name"),
        Column("grade", "评议等次", "grade", "grade"),
        Column("action", "处置", "handling"),
    ]
    return Output(rows, lambda: [Table(cols, rows)])
