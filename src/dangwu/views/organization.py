"""`group list`, `committee list` and `branch list`."""

from __future__ import annotations

from typing import Any

from ..render import Column, Output, Table

GROUP_COLUMNS = [
    Column("id", "编号", "id"),
    Column("name", "党小组", "group"),
    Column("leader", "组长", "leader"),
    Column("members", "人数", "members"),
    Column("closed_on", "撤销日期", "closed"),
]
COMMITTEE_COLUMNS = [
    Column("role", "职务", "post", "role"),
    Column("member_id", "编号", "id"),
    Column("name", "姓名", "name"),
    Column("from_on", "任职起", "from"),
]
BRANCH_COLUMNS = [
    Column("code", "代号", "code"),
    Column("name", "名称", "name"),
    Column("owner", "角色", "role"),
    Column("created_on", "建立日期", "created"),
]


def groups(rows: list[dict[str, Any]]) -> Output:
    return Output(rows, lambda: [Table(GROUP_COLUMNS, rows)])


def committee(rows: list[dict[str, Any]]) -> Output:
    return Output(rows, lambda: [Table(COMMITTEE_COLUMNS, rows)])


def branches(rows: list[dict[str, Any]]) -> Output:
    return Output(rows, lambda: [Table(BRANCH_COLUMNS, rows)])
