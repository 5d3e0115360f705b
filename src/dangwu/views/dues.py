"""`dues status/remind/ledger/statement`: who owes which months, the entries, the year."""

from __future__ import annotations

from typing import Any

from ..i18n import label, tr
from ..render import Column, Output, Table
from ..rules.periods import month_runs

LEDGER_KEYS = (
    "id",
    "member_id",
    "name",
    "month",
    "amount",
    "kind",
    "paid_on",
    "receipt",
    "by",
    "reverses",
)


def ranges(months: list[str]) -> str:
    """Sorted `YYYY-MM` codes as runs a person reads (rules/periods.py month_runs)."""
    return month_runs(months)


def status(doc: dict[str, Any]) -> Output:
    """`dues status`, and `dues remind` in a format a program reads."""
    out = Output(doc, lambda: status_tables(doc))
    t = doc["totals"]
    out.notes.append(
        tr(
            f"截至 {doc['as_of']}：{t['members_owing']} 人欠交，共 {t['owed_amount']} 元",
            f"As of {doc['as_of']}: {t['members_owing']} members owe {t['owed_amount']} in all",
        )
    )
    return out


def status_tables(doc: dict[str, Any]) -> list[Table]:
    cols = [
        Column("id", "编号", "id"),
        Column("name", "姓名", "name"),
        Column("group", "党小组", "group"),
        Column("monthly_due", "月应交", "monthly due"),
        Column("paid_through", "交至", "paid through"),
        Column("months", "欠交月份", "owed months"),
        Column("count", "月数", "months"),
        Column("owed_amount", "欠交金额", "owed"),
        Column("flag", "提示", "flag", "dues_flag"),
    ]
    rows = [
        dict(m, months=ranges(m["owed_months"]), count=len(m["owed_months"]))
        for m in doc["members"]
    ]
    return [Table(cols, rows)]


def remind_lines(doc: dict[str, Any]) -> list[str]:
    """`dues remind` for a person or a cron mail: one line per member who owes."""
    lines = []
    for m in doc["members"]:
        flag = f"  {label('dues_flag', m['flag'])}" if m["flag"] else ""
        lines.append(
            tr(
                f"{m['name']}  {m['group'] or '-'}  {ranges(m['owed_months'])}（{len(m['owed_months'])}个月）  {m['owed_amount']}元{flag}",
                f"{m['name']}  {m['group'] or '-'}  {ranges(m['owed_months'])} ({len(m['owed_months'])} months)  {m['owed_amount']}{flag}",
            )
        )
    return lines


def ledger(entries: list[dict[str, Any]]) -> Output:
    """`dues ledger`: the entries as the contract's JSON has them."""
    data = [{k: row[k] for k in LEDGER_KEYS} for row in entries]
    return Output(data, lambda: ledger_tables(data))


def ledger_tables(data: list[dict[str, Any]]) -> list[Table]:
    cols = [
        Column("id", "编号", "id"),
        Column("name", "姓名", "name"),
        Column("month", "月份", "month"),
        Column("amount", "金额", "amount"),
        Column("kind", "类别", "kind", "payment_kind"),
        Column("paid_on", "交纳日期", "paid on"),
        Column("receipt", "收据号", "receipt"),
        Column("by", "代交人", "paid by"),
        Column("reverses", "冲正", "reverses"),
    ]
    return [Table(cols, data)]


def statement(doc: dict[str, Any], year: int) -> Output:
    out = Output(doc, lambda: statement_tables(doc, year))
    if doc["published_on"]:
        out.notes.append(
            tr(f"已于 {doc['published_on']} 公布", f"Published on {doc['published_on']}")
        )
    return out


def statement_tables(doc: dict[str, Any], year: int) -> list[Table]:
    cols = [
        Column("member_id", "编号", "id"),
        Column("name", "姓名", "name"),
        Column("months", "已交月份", "months paid"),
        Column("due", "应交", "due"),
        Column("paid", "实交", "paid"),
        Column("voluntary", "自愿多交", "voluntary"),
        Column("outstanding", "欠交", "outstanding"),
    ]
    t = doc["totals"]
    total_rows = [
        {"item": tr(zh, en), "value": t[k]}
        for k, zh, en in (
            ("due", "应交合计", "due"),
            ("collected", "实收合计", "collected"),
            ("voluntary", "其中自愿多交", "of which voluntary"),
            ("remitted", "已上缴", "remitted"),
            ("outstanding", "欠交", "outstanding"),
            # the year's money still held on the statement's day (not at the year's end)
            ("balance", "结存", "balance held"),
        )
    ]
    return [
        Table(
            cols,
            [dict(m, months=ranges(m["months_paid"])) for m in doc["members"]],
            title=tr(f"{year} 年党费收缴情况", f"Dues {year}"),
        ),
        Table([Column("item", "项目", "item"), Column("value", "金额", "amount")], total_rows),
    ]
