"""`meeting list/show/attendance`: meetings, one meeting's attendance, per-member rates."""

from __future__ import annotations

from typing import Any

from ..i18n import label, tr
from ..render import Column, Output, Table, record_rows

LIST_KEYS = (
    "id",
    "type",
    "date",
    "topic",
    "group",
    "expected",
    "present",
    "quorum_met",
    "status",
)
SHOW_KEYS = (
    "id",
    "type",
    "date",
    "topic",
    "group",
    "expected",
    "present",
    "voting_expected",
    "voting_present",
    "quorum_met",
)
# after the contract's keys and the attendance, in this order
SHOW_EXTRA_KEYS = (
    "work_report",
    "speaker",
    "cadre",
    "status",
    "voided_on",
    "void_reason",
    "place",
    "from_time",
    "to_time",
    "host",
    "recorder",
    "guests",
    "minutes",
    "resolutions",
)


def meeting_list(rows: list[dict[str, Any]]) -> Output:
    data = [{k: row[k] for k in LIST_KEYS} for row in rows]
    return Output(data, lambda: meeting_list_tables(data))


def meeting_list_tables(data: list[dict[str, Any]]) -> list[Table]:
    cols = [
        Column("id", "编号", "id"),
        Column("date", "日期", "date"),
        Column("type", "类型", "type", "meeting_type"),
        Column("group", "党小组", "group"),
        Column("topic", "议题", "topic"),
        Column("expected", "应到", "expected"),
        Column("present", "实到", "present"),
        Column("quorum_met", "法定人数", "quorum", "bool"),
        Column("status", "状态", "status", "meeting_status"),
    ]
    return [Table(cols, data)]


def meeting(m: dict[str, Any]) -> Output:
    """`meeting show`: the contract's document, then what a person also wants to read."""
    data = {k: m[k] for k in SHOW_KEYS}
    data["attendance"] = [
        {k: a[k] for k in ("member_id", "name", "status")} for a in m["attendance"]
    ]
    data.update({k: m[k] for k in SHOW_EXTRA_KEYS})
    return Output(data, lambda: meeting_tables(m, data))


def meeting_tables(m: dict[str, Any], data: dict[str, Any]) -> list[Table]:
    q = m["quorum_met"]
    facts = [
        (tr("编号", "id"), m["id"]),
        (tr("类型", "type"), label("meeting_type", m["type"])),
        (tr("日期", "date"), m["date"]),
        (tr("状态", "status"), label("meeting_status", m["status"])),
        *(
            [(tr("作废", "voided"), f"{m['voided_on']}：{m['void_reason']}")]
            if m["voided_on"]
            else []
        ),
        (tr("党小组", "group"), m["group"]),
        (tr("议题", "topic"), m["topic"]),
        (tr("地点", "place"), m["place"]),
        (
            tr("时间", "time"),
            "–".join(t for t in (m["from_time"], m["to_time"]) if t) or None,
        ),
        (tr("主持人", "host"), m["host"]),
        (tr("记录人", "recorder"), m["recorder"]),
        (tr("列席", "guests"), m["guests"]),
        *([(tr("讲课人", "speaker"), m["speaker"])] if m["type"] == "lecture" else []),
        *(
            [(tr("听取支委会工作报告", "committee's work report"), tr("是", "yes"))]
            if m["work_report"]
            else []
        ),
        *(
            [
                (
                    tr("讨论干部问题", "on cadre matters"),
                    tr("是（三分之二以上委员到会）", "yes (two thirds)"),
                )
            ]
            if m["cadre"]
            else []
        ),
        (tr("应到", "expected"), m["expected"]),
        (tr("实到", "present"), m["present"]),
        (tr("有表决权应到", "voting expected"), m["voting_expected"]),
        (tr("有表决权实到", "voting present"), m["voting_present"]),
        (
            tr("法定人数", "quorum"),
            "" if q is None else (tr("符合", "met") if q else tr("未达到", "NOT met")),
        ),
        (tr("决议", "resolutions"), m["resolutions"]),
        (tr("记录", "minutes"), m["minutes"]),
    ]
    fact_rows = [{"field": k, "value": "" if v is None else str(v)} for k, v in facts]
    cols = [
        Column("member_id", "编号", "id"),
        Column("name", "姓名", "name"),
        Column("status", "出席情况", "attendance", "attendance"),
        Column("reason", "原因", "reason"),
    ]
    return [
        Table(
            [Column("field", "项目", "field"), Column("value", "内容", "value")],
            fact_rows,
            csv_rows=record_rows(data),
        ),
        Table(cols, m["attendance"], title=tr("出席情况", "Attendance")),
    ]


def attendance(rows: list[dict[str, Any]]) -> Output:
    out = Output(rows, lambda: attendance_tables(rows))
    for x in rows:
        if x["absent_six_months"]:
            out.notes.append(
                tr(
                    f"⚠ {x['name']}（{x['member_id']}）自 {x['last_attended'] or '—'} 以来六个月以上未参加组织生活且有无故缺席（党章第九条）",
                    f"⚠ {x['name']} ({x['member_id']}) has not attended organizational life for over six months "
                    f"(last: {x['last_attended'] or 'never'}) with absences without leave (党章 art. 9)",
                )
            )
    return out


def attendance_tables(rows: list[dict[str, Any]]) -> list[Table]:
    cols = [
        Column("member_id", "编号", "id"),
        Column("name", "姓名", "name"),
        Column("expected", "应到", "expected"),
        Column("attended", "出席", "attended"),
        Column("leave", "请假", "leave"),
        Column("absent", "缺席", "absent"),
        Column("rate", "出席率", "rate", "percent"),
        Column("last_attended", "最近出席", "last attended"),
        Column("absent_six_months", "连续六个月未参加", "absent 6 months", "bool"),
    ]
    return [Table(cols, rows)]
