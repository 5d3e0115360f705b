"""`db check` and `db info`: the ledger's problems and its facts."""

from __future__ import annotations

from typing import Any

from ..i18n import label, tr
from ..render import Column, Output, Table


def check(problems: list[dict[str, Any]]) -> Output:
    cols = [
        Column("check", "检查项", "check"),
        Column("table", "表", "table"),
        Column("row_id", "行", "row"),
        Column("detail", "问题", "problem"),
    ]
    out = Output({"ok": not problems, "problems": problems}, lambda: [Table(cols, problems)])
    if not problems:
        out.notes.append(tr("账本完好，未发现问题", "The ledger is sound: no problems found"))
    return out


def info(data: dict[str, Any]) -> Output:
    return Output(data, lambda: info_tables(data))


def info_tables(data: dict[str, Any]) -> list[Table]:
    rows = [{"key": label("info_key", k), "value": v} for k, v in data.items() if k != "rows"]
    rows += [{"key": tr(f"行数：{t}", f"rows: {t}"), "value": n} for t, n in data["rows"].items()]
    # CSV keeps the keys JSON has, whatever the language
    codes = [{"key": k, "value": v} for k, v in data.items() if k != "rows"]
    codes += [{"key": f"rows.{t}", "value": n} for t, n in data["rows"].items()]
    cols = [Column("key", "项目", "item"), Column("value", "值", "value")]
    return [Table(cols, rows, csv_rows=codes)]
