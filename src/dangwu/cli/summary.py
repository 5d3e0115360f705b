"""The branch at a glance, printed by `dangwu demo`: the roster in numbers, the compliance of
the last full quarter and this quarter's checklist."""

from collections import Counter
from datetime import date, timedelta
from typing import Any

from ..i18n import label, tr
from ..render import Column, Output, Table, render
from ..store.ledger import Ledger
from ..store.queries import roster


def print_summary(ledger: Ledger, today: date, fmt: str, where: str) -> None:
    from ..reports.organization import committee_on, list_groups

    if fmt == "json":
        # one document on stdout (CLI.md): the reports as their own commands print them
        comp, tasks = _reports(ledger, today)
        render(Output({"ledger": where, "compliance": comp, "checklist": tasks}, []), fmt)
        return

    with ledger.read() as s:
        people = roster(s, today, include_left=True)
        groups = list_groups(s, today)
        committee = committee_on(s, today)
    active = [p for p in people if p["active"]]
    stages = Counter(p["stage"] for p in active)
    left = [p for p in people if not p["active"]]
    counts = [
        {"item": label("stage", code), "n": stages.get(code, 0)}
        for code in ("full", "probationary", "candidate", "activist", "applicant")
    ]
    counts += [
        {"item": tr("在册合计", "on the roster"), "n": len(active)},
        {"item": tr("已离开（member list --all）", "left (member list --all)"), "n": len(left)},
    ]
    tables = [
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
            groups,
            title=tr("党小组", "Party groups"),
        ),
        Table(
            [
                Column("role", "职务", "post", "role"),
                Column("name", "姓名", "name"),
                Column("from_on", "任职起", "from"),
            ],
            committee,
            title=tr("支部委员会", "Branch committee"),
        ),
    ]
    from .report import checklist_output, compliance_output

    comp, tasks = _reports(ledger, today)
    reports = [compliance_output(comp), checklist_output(tasks, today)]
    if fmt == "csv":
        # one CSV: each table after the first named by its title row
        render(Output(None, tables + [t for out in reports for t in out.tables]), fmt)
        return
    render(Output(None, tables), fmt)
    for out in reports:
        render(out, fmt)


def _reports(ledger: Ledger, today: date) -> tuple[dict[str, Any], dict[str, Any]]:
    """The compliance summary of the last full quarter and the current quarter's checklist."""
    from ..reports.checklist import checklist
    from ..reports.compliance import compliance
    from ..rules.periods import Period

    current = Period.quarter_of(today)
    last = Period.quarter_of(current.start.replace(day=1) - timedelta(days=1))
    with ledger.read() as r:
        return compliance(r, last, today), checklist(r, current, today)
