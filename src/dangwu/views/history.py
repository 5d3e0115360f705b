"""`history`: the audit trail's entries for a person to read, one line per changed field
(the command line that made each is in the JSON and CSV)."""

from __future__ import annotations

from typing import Any

from ..i18n import tr
from ..parse import format_money
from ..render import Column, Output, Table

WIDEST = 40  # a value longer than this (minutes, an attendance list) is cut in the table


def _shown(key: str, value: Any) -> str:
    if value is None:
        text = "—"
    elif key.endswith("_fen") and isinstance(value, int):
        text = format_money(value) or ""  # money is kept in fen, read in yuan
    else:
        text = json_free(value)
    return text if len(text) <= WIDEST else text[: WIDEST - 1] + "…"


def json_free(value: Any) -> str:
    if isinstance(value, bool):
        return tr("是", "yes") if value else tr("否", "no")
    if isinstance(value, list):
        # an attendance list: [[person, status, reason], …] → "6:absent, 9:leave:事假"
        return ", ".join(
            ":".join(str(x) for x in v if x is not None) if isinstance(v, list) else json_free(v)
            for v in value
        )
    return str(value)


def change_text(changes: dict[str, list[Any]]) -> str:
    """`field: before → after` for each change; a new row lists what it was given."""
    parts = []
    for key, (before, after) in changes.items():
        if before is None:
            parts.append(f"{key}={_shown(key, after)}")
        else:
            parts.append(f"{key}: {_shown(key, before)} → {_shown(key, after)}")
    # one change a line: a table cell wraps between them, not inside a date
    return "\n".join(parts)


def entries(data: list[dict[str, Any]], title: str | None = None) -> Output:
    def tables() -> list[Table]:
        rows = [
            {
                "id": e["id"],
                "at": e["at"].replace("T", " "),
                "action": e["action"],
                "record": f"{e['table']} {e['row_id'] if e['row_id'] is not None else ''}".strip(),
                "changes": change_text(e["changes"]),
                "reason": e["reason"],
            }
            for e in data
        ]
        cols = [
            Column("id", "序号", "no."),
            Column("at", "时间", "when"),
            Column("action", "操作", "action"),
            Column("record", "记录", "record"),
            Column("changes", "变更（前 → 后）", "changes (before → after)"),
            Column("reason", "理由", "reason"),
        ]
        return [Table(cols, rows, title=title, csv_rows=data)]

    return Output(data, tables)
