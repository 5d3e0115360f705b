"""`dangwu rules show/set`: the branch's rule profile."""

from typing import Annotated

import typer

from .common import FormatOpt, emit, handled, open_ledger, say

app = typer.Typer(no_args_is_help=True)
Opt = typer.Option


@app.command("show")
@handled
def show(fmt: FormatOpt = None) -> None:
    """Every requirement with its frequency, minimum, scope, default and source."""
    from ..i18n import tr
    from ..render import Column, Output, Table
    from ..reports.compliance import req_label
    from ..rules.dues import DEFAULT_DEADLINE_DAY
    from ..rules.profile import (
        BY_CODE,
        DEADLINE_CODE,
        PARTIAL_CODE,
        PARTIAL_SOURCE,
        deadline_day,
        effective,
        partial_periods,
    )
    from ..store.profile_queries import stored_profile

    ledger = open_ledger()
    with ledger.read() as r:
        stored = stored_profile(r)
    rows = []
    for req in effective(stored):
        d = BY_CODE[req.code]
        rows.append(
            {
                "code": req.code,
                "label": req_label(req.code),
                "counts": req.counts,
                "every": req.every,
                "min": req.min,
                "scope": req.scope,
                "stages": list(req.stages),
                "enabled": req.enabled,
                "default": {"every": d.every, "min": d.min, "enabled": d.enabled},
                "changed": (req.every, req.min, req.enabled) != (d.every, d.min, d.enabled),
                "source": req.source,
            }
        )
    day = deadline_day(stored)
    rows.append(
        {
            "code": DEADLINE_CODE,
            "label": tr("党费缴纳截止日", "dues deadline day"),
            "counts": None,
            "every": "month",
            "min": None,
            "scope": "branch",
            "stages": [],
            "enabled": True,
            "value": day,
            "default": {"value": DEFAULT_DEADLINE_DAY},
            "changed": day != DEFAULT_DEADLINE_DAY,
            "source": "seed 000 (篇5 党费收缴管理制度 §1: 每月20日前)",
        }
    )
    partial = partial_periods(stored)
    rows.append(
        {
            "code": PARTIAL_CODE,
            "label": tr("不满一期也计入（按人员要求）", "partial sub-periods count (per person)"),
            "counts": None,
            "every": None,
            "min": None,
            "scope": "member",
            "stages": [],
            "enabled": partial,
            "default": {"enabled": False},
            "changed": partial,
            "source": PARTIAL_SOURCE,
        }
    )
    table_rows = [
        dict(
            x,
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
    emit(Output(rows, [Table(cols, table_rows)]), fmt)


@app.command("set")
@handled
def set_(
    code: Annotated[
        str,
        typer.Argument(
            help="A requirement code (rules show), dues_deadline_day or partial_periods."
        ),
    ],
    every: Annotated[str | None, Opt("--every", help="month | quarter | half | year.")] = None,
    minimum: Annotated[
        str | None,
        Opt("--min", help="Records needed in each sub-period (for dues_deadline_day: the day)."),
    ] = None,
    on: Annotated[
        bool | None,
        Opt(
            "--on/--off",
            help="Turn the requirement on or off (partial_periods: count part sub-periods).",
        ),
    ] = None,
    value: Annotated[
        str | None, Opt("--value", help="For dues_deadline_day: the day of the month (1-28).")
    ] = None,
) -> None:
    """Change one entry of the rule profile (kept in the audit trail; applies to past periods too).

    Example: dangwu rules set committee_meeting --every quarter --min 1
    (dangwu rules set partial_periods --on: a person in a stage for part of a quarter owes
    its thought report too)
    """
    from ..services.profile import set_rule

    ledger = open_ledger()
    with ledger.write() as s:
        row = set_rule(s, code, every, minimum, on, value)
    if row.value is not None:
        say(f"已设置：{row.code} = {row.value}", f"Set: {row.code} = {row.value}")
    else:
        say(f"已设置：{row.code}", f"Set: {row.code}")
