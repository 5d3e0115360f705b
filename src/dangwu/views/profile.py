"""`rules show`: the branch's rule profile, changed entries marked."""

from __future__ import annotations

from typing import Any

from ..i18n import tr
from ..render import Column, Output, Table


def profile(rows: list[dict[str, Any]]) -> Output:
    return Output(rows, lambda: profile_tables(rows))


def profile_tables(rows: list[dict[str, Any]]) -> list[Table]:
    table_rows = [
        dict(
            x,
            # the deadline day is a value, not a minimum: one column holds either
            min=x.get("value", x["min"]),
            state=tr("启用", "on") if x["enabled"] else tr("停用", "off"),
            mark="*" if x["changed"] else "",
        )
        for x in rows
    ]
    cols = [
        Column("code", "代码", "code"),
        Column("label", "要求", "requirement"),
        Column("every", "频次", "every", "every"),
        Column("min", "最少/日", "min/day"),
        Column("scope", "范围", "scope", "req_scope"),
        Column("state", "状态", "state"),
        Column("mark", "已改", "changed"),
        Column("source", "依据", "source"),
    ]
    return [Table(cols, table_rows)]
