"""`member list` and `member show`: the roster and one person's profile and timeline."""

from __future__ import annotations

from typing import Any

from ..render import Column, Output, Table, record_rows

MEMBER_COLUMNS = [
    Column("id", "编号", "id"),
    Column("name", "姓名", "name"),
    Column("gender", "性别", "gender", "gender"),
    Column("stage", "人员类别", "stage", "stage"),
    Column("group", "党小组", "group"),
    Column("category", "工作状态", "category", "category"),
    Column("birth_date", "出生日期", "born"),
    Column("admitted_on", "入党日期", "admitted"),
    Column("full_on", "转正日期", "full on"),
    Column("phone", "联系电话", "phone"),
    Column("id_number", "公民身份号码", "ID number"),
]
LEFT_COLUMNS = [
    Column("left_on", "离开日期", "left on"),
    Column("left_reason", "离开原因", "reason", "left_reason"),
]


# What a person scanning the roster on a terminal needs on one line (80 or 100 columns);
# `member list --wide`, and every other format, give all of MEMBER_COLUMNS.
NARROW_KEYS = ("id", "name", "gender", "stage", "group", "admitted_on", "phone")


def roster(records: list[dict[str, Any]], with_left: bool, narrow: bool = False) -> Output:
    """The member records of CLI.md; `with_left` adds when and why people left; `narrow`
    keeps the columns of NARROW_KEYS (a table on a terminal)."""
    cols = [c for c in MEMBER_COLUMNS if not narrow or c.key in NARROW_KEYS]
    cols += LEFT_COLUMNS if with_left else []
    return Output(records, lambda: [Table(cols, records)])


def person(detail: dict[str, Any]) -> Output:
    """`member show`: the profile as field/value rows (CSV: the record's own keys), then
    the timeline."""
    return Output(detail["json"], lambda: person_tables(detail))


def person_tables(detail: dict[str, Any]) -> list[Table]:
    profile_cols = [Column("field", "项目", "field"), Column("value", "内容", "value")]
    timeline_cols = [
        Column("date", "日期", "date"),
        Column("event", "事项", "event"),
        Column("detail", "说明", "detail"),
    ]
    from .history import entries

    return [
        Table(profile_cols, detail["profile_rows"], csv_rows=record_rows(detail["json"])),
        Table(timeline_cols, detail["timeline_rows"], title=detail["timeline_title"]),
        *entries(detail["changes"], detail["changes_title"]).tables,
    ]


AWAY_COLUMNS = [
    Column("member_id", "编号", "id"),
    Column("name", "姓名", "name"),
    Column("place", "外出地点", "place"),
    Column("from_on", "外出日期", "from"),
    Column("until_on", "预计返回", "until"),
    Column("kind", "证件", "paper", "away_kind"),
    Column("certificate", "证件编号", "number"),
    Column("record_id", "记录", "record"),
]


def away_roster(records: list[dict[str, Any]]) -> Output:
    """`member list --away`: the members away on the day, one row per away record (JSON:
    member_id, name, place, from_on, until_on, back_on, certificate, kind, record_id)."""
    return Output(records, lambda: [Table(AWAY_COLUMNS, records)])
