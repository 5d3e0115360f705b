"""The branch at a glance, printed by `dangwu demo`: the roster in numbers, the compliance of
the last full quarter and this quarter's checklist."""

from datetime import date

from ..render import Output, render
from ..store.handle import LedgerHandle


def print_summary(ledger: LedgerHandle, today: date, fmt: str, where: str) -> None:
    from ..reports.summary import branch_summary, summary_reports
    from ..views.checklist import checklist
    from ..views.compliance import compliance
    from ..views.summary import summary_tables

    with ledger.read() as r:
        comp, tasks = summary_reports(r, today)
    if fmt == "json":
        # one document on stdout (CLI.md): the reports as their own commands print them
        render(Output({"ledger": where, "compliance": comp, "checklist": tasks}, []), fmt)
        return
    with ledger.read() as r:
        summary = branch_summary(r, today)
    reports = [compliance(comp), checklist(tasks, today)]
    if fmt == "csv":
        # one CSV: each table after the first named by its title row
        tables = summary_tables(summary) + [t for out in reports for t in out.tables]
        render(Output(None, tables), fmt)
        return
    render(Output(None, summary_tables(summary)), fmt)
    for out in reports:
        render(out, fmt)
