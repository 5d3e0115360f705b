"""`group list`, `committee list` and `branch list`."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..i18n import tr
from ..render import Column, Output, Table
from ..rules.terms import Term

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


ELECTION_COLUMNS = [
    Column("id", "编号", "id"),
    Column("on_date", "选举日期", "elected"),
    Column("years", "任期（年）", "years"),
    Column("term_end", "届满日期", "term ends"),
    Column("meeting_id", "党员大会", "meeting"),
    Column("approved_on", "上级批准", "approved"),
    Column("note", "备注", "note"),
]


def term_line(term: Term | None, day: date) -> str:
    """The term in office on `day` in words, for the committee list."""
    if term is None:
        return tr(
            "未记录换届选举（dangwu committee elect）",
            "no election recorded (dangwu committee elect)",
        )
    how = tr(f"{term.start} 选出", f"elected {term.start}")
    if term.election_id is None:
        how = tr(
            f"未记录换届选举，按 {term.start} 起的任职推算",
            f"no election recorded; counted from the posts held since {term.start}",
        )
    state = (
        tr("已届满，应换届", "ended: an election is due")
        if day > term.end
        else tr(f"{term.end} 届满", f"ends {term.end}")
    )
    return tr(
        f"本届任期：{term.years} 年，{how}，{state}",
        f"Term: {term.years} years, {how}; {state}",
    )


def committee(
    rows: list[dict[str, Any]], term: Term | None = None, day: date | None = None
) -> Output:
    for r in rows:
        r["term_start"] = term.start if term else None
        r["term_end"] = term.end if term else None
    notes = [term_line(term, day)] if day is not None and (rows or term) else []
    return Output(rows, lambda: [Table(COMMITTEE_COLUMNS, rows)], notes=notes)


def elections(rows: list[dict[str, Any]]) -> Output:
    return Output(rows, lambda: [Table(ELECTION_COLUMNS, rows)])


def branches(rows: list[dict[str, Any]]) -> Output:
    return Output(rows, lambda: [Table(BRANCH_COLUMNS, rows)])
