"""The roster as records: the member JSON of CLI.md, masked unless revealed."""

from __future__ import annotations

from typing import Any

from ..privacy import mask_id, mask_phone
from ..render import Column

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


def member_record(rec: dict[str, Any], reveal: bool) -> dict[str, Any]:
    return {
        "id": rec["id"],
        "name": rec["name"],
        "gender": rec["gender"],
        "stage": rec["stage"],
        "group": rec["group"],
        "category": rec["category"],
        "birth_date": rec["birth_date"],
        "admitted_on": rec["admitted_on"],
        "full_on": rec["full_on"],
        "phone": rec["phone"] if reveal else mask_phone(rec["phone"]),
        "id_number": rec["id_number"] if reveal else mask_id(rec["id_number"]),
        "active": rec["active"],
        "ethnicity": rec["ethnicity"],
        "education": rec["education"],
        "unit": rec["unit"],
        "joined_on": rec["joined_on"],
        "left_on": rec["left_on"],
        "left_reason": rec["left_reason"],
    }
