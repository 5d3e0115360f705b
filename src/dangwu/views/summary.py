"""What `dangwu demo` prints: the branch in numbers, then compliance and the checklist."""

from __future__ import annotations

from typing import Any

from ..i18n import label, tr
from ..render import Column, Table

STAGES = ("full", "probationary", "candidate", "activist", "applicant")


def summary_tables(summary: dict[str, Any]) -> list[Table]:
    stages = summary["stages"]
    counts = [{"item": label("stage", code), "n": stages.get(code, 0)} for code in STAGES]
    counts += [
        {"item": tr("在册合计", "on the roster"), "n": summary["active"]},
        {
            "item": tr("已离开（member list --all）", "left (member list --all)"),
            "n": summary["left"],
        },
    ]
    return [
        Table(
            [Column("item", "项目", "item"), Column("n", "人数", "count")],
            counts,
            title=tr("党员概况", "Membership"),
        ),
        Table(
            [
                Column("name", "党小组", "group"),
                Column("leader", "组长", "leader"),
                Column("members", "人数", "members"),
            ],
            summary["groups"],
            title=tr("党小组", "Party groups"),
        ),
        Table(
            [
                Column("role", "职务", "post", "role"),
                Column("name", "姓名", "name"),
                Column("from_on", "任职起", "from"),
            ],
            summary["committee"],
            title=tr("支部委员会", "Branch committee"),
        ),
    ]
