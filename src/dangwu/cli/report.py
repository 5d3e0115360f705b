"""`dangwu report compliance/checklist/year/stats/sent/sent-void`."""

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from .common import AsOfOpt, FormatOpt, RevealOpt, emit, handled, open_ledger

app = typer.Typer(no_args_is_help=True)
Opt = typer.Option

AllBranchesOpt = Annotated[
    bool,
    Opt(
        "--all-branches",
        help="One row per branch on the PostgreSQL server, and the totals (higher committee).",
    ),
]
REPORT_FORMATS = ("table", "plain", "json", "csv", "markdown")


def _as_of(value: str | None) -> date:
    from ..parse import parse_date

    return parse_date(value, "--as-of") if value else date.today()


@app.command("compliance")
@handled
def compliance(
    period: Annotated[
        str | None, Opt("--period", help="2026, 2026H2, 2026Q3 or 2026-11 (default: this quarter).")
    ] = None,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
    exit_code: Annotated[
        bool, Opt("--exit-code", help="Exit 3 when something is short or found.")
    ] = False,
    reveal: RevealOpt = False,
    all_branches: AllBranchesOpt = False,
) -> None:
    """Was every requirement met in the period? And what is wrong anywhere in the ledger?"""
    from ..errors import Outstanding
    from ..parse import parse_period
    from ..reports.compliance import compliance as build
    from ..rules.periods import Period
    from ..views import compliance as views

    day = _as_of(as_of)
    p = parse_period(period) if period is not None else Period.quarter_of(day)
    if all_branches:
        doc = _rollup(p, day)
        emit(views.rollup(doc), fmt, REPORT_FORMATS)
        if exit_code and not doc["totals"]["ok"]:
            raise Outstanding("有支部不合规", "a branch is not compliant")
        return
    from ..reports.branch import branch_info

    ledger = open_ledger()
    with ledger.read() as r:
        doc = build(r, p, day)
        branch = branch_info(r)
    emit(views.compliance(doc, branch), fmt, REPORT_FORMATS)
    if exit_code and not doc["ok"]:
        raise Outstanding("不合规", "not compliant")


def _rollup(period: Any, day: date) -> dict[str, Any]:
    """Each branch's own reports, on its own schema, then the totals.

    A branch that cannot be read is a row naming it and why, and a warning on stderr; the
    others are reported (CLI.md has no word on partial results: exit 0, or 3 with
    `report compliance --exit-code`, whose totals are then not compliant). Only when no
    branch can be read is it a refusal, exit 1."""
    from ..errors import Refused
    from ..i18n import tr
    from ..reports.rollup import branch_row, rollup, unreadable_row
    from ..store.server import list_branches, open_server
    from .common import announce, require_server

    address = require_server("--all-branches")
    rows = []
    for b in list_branches(address):
        code, name = b["code"], b["name"]
        try:
            ledger = open_server(address.with_branch(code))
            announce(ledger.notices)
            try:
                with ledger.read() as r:
                    row = branch_row(r, period, day)
            finally:
                ledger.dispose()
        except Exception as exc:
            reason = _unreadable(exc, address)
            typer.echo(
                tr(
                    f"警告：支部 {code}（{name}）无法读取，汇总中不含该支部：{reason}",
                    f"warning: branch {code} ({name}) could not be read and is left out of"
                    f" the totals: {reason}",
                ),
                err=True,
            )
            rows.append(unreadable_row(code, name, reason))
            continue
        rows.append({"branch": code, "name": name, "error": None, **row})
    if rows and all(r["error"] is not None for r in rows):
        raise Refused(
            f"--all-branches: 没有一个支部可以读取（{rows[0]['branch']}：{rows[0]['error']}）",
            f"--all-branches: no branch could be read ({rows[0]['branch']}: {rows[0]['error']})",
        )
    return rollup(rows, period, day)


def _unreadable(exc: Exception, address: Any) -> str:
    """Why a branch could not be read, in one line (no password, no ID or phone number)."""
    import os

    from ..crash import mask_text
    from ..errors import DangwuError
    from ..i18n import get_lang
    from ..store.server import server_error
    from .common import one_line

    refused = exc if isinstance(exc, DangwuError) else server_error(exc, address)
    if refused is None:
        if os.environ.get("DANGWU_DEBUG"):
            raise exc
        text = f"{type(exc).__name__}: {exc}"
    else:
        text = refused.text(get_lang())
    return one_line(mask_text(text.removeprefix("--db: ")))


@app.command("checklist")
@handled
def checklist(
    quarter: Annotated[str | None, Opt("--quarter", help="2026Q4 (default: this quarter).")] = None,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
    reveal: RevealOpt = False,
) -> None:
    """Every concrete task due in the quarter, with its due date, done or not; overdue first."""
    from ..errors import Refused
    from ..parse import parse_period
    from ..reports.checklist import checklist as build
    from ..rules.periods import Period
    from ..views.checklist import checklist as checklist_view

    day = _as_of(as_of)
    if quarter is not None:
        q = parse_period(quarter, "--quarter")
        if "Q" not in q.code:
            raise Refused(
                f"--quarter: 应为季度，如 2026Q4：{quarter!r}",
                f"--quarter: not a quarter (e.g. 2026Q4): {quarter!r}",
            )
    else:
        q = Period.quarter_of(day)
    ledger = open_ledger()
    from ..reports.branch import branch_info

    with ledger.read() as r:
        doc = build(r, q, day)
        branch = branch_info(r)
    emit(checklist_view(doc, day, branch), fmt, REPORT_FORMATS)


@app.command("year")
@handled
def year(
    year_: Annotated[
        str | None, typer.Argument(metavar="YEAR", help="The year (default: this year).")
    ] = None,
    fmt: FormatOpt = None,
    output: Annotated[
        str | None,
        Opt(
            "--output",
            "-o",
            help="Write to x.md, x.json, x.csv, x.xlsx or x.docx (a printable document; mode"
            " 0600, never over an existing file).",
        ),
    ] = None,
    as_of: AsOfOpt = None,
    reveal: RevealOpt = False,
    all_branches: AllBranchesOpt = False,
) -> None:
    """The year-end report: membership, changes, meetings, dues, development, evaluation, findings."""
    from ..errors import Refused
    from ..parse import parse_year
    from ..reports.year import year_report

    day = _as_of(as_of)
    text = str(parse_year(year_ or str(day.year), "YEAR"))
    if day < date(int(text), 1, 1):
        raise Refused(f"--as-of: {day} 早于 {text} 年", f"--as-of: {day} is before {text}")
    if all_branches:
        from ..rules.periods import Period
        from ..views.compliance import rollup

        out = rollup(_rollup(Period.year(int(text)), day))
    else:
        ledger = open_ledger()
        from ..reports.branch import branch_info

        with ledger.read() as r:
            doc = year_report(r, int(text), day)
            branch = branch_info(r)
        from ..views.year import year as year_view

        out = year_view(doc, branch)
    _emit_or_write(out, fmt, output)


def _emit_or_write(out: Any, fmt: str | None, output: str | None) -> None:
    """A report on standard output, or to the file `--output` names (by its extension)."""
    if output is None:
        emit(out, fmt, REPORT_FORMATS)
        return
    from ..i18n import tr
    from ..render import write_file

    write_file(out, Path(output))
    typer.echo(tr(f"已写入 {output}", f"Written to {output}"), err=True)


@app.command("stats")
@handled
def stats(
    year_: Annotated[str, Opt("--year", help="The year of the 年报, e.g. 2025.")],
    fmt: FormatOpt = None,
    output: Annotated[
        str | None,
        Opt(
            "--output",
            "-o",
            help="Write to x.md, x.json, x.csv, x.xlsx or x.docx (a printable document; mode"
            " 0600, never over an existing file).",
        ),
    ] = None,
) -> None:
    """The base figures of the 党内统计年报: members at the end of last year and this year with
    every increase and decrease by kind and the people behind it (第一表, checked to balance),
    the members by sex, ethnicity, education, age, occupation and 入党时间, the year's 民主评议,
    出党, 预备党员转正 and 发展党员. Example: dangwu report stats --year 2025 -o 年报2025.xlsx"""
    from ..errors import Refused
    from ..parse import parse_year
    from ..reports.branch import branch_info
    from ..reports.stats import stats_report
    from ..views.stats import stats as stats_view

    day = date.today()
    text = str(parse_year(year_, "--year"))
    if int(text) > day.year:
        raise Refused(f"--year: {text} 年尚未开始", f"--year: {text} has not begun")
    ledger = open_ledger()
    with ledger.read() as r:
        doc = stats_report(r, int(text), day)
        branch = branch_info(r)
    _emit_or_write(stats_view(doc, branch), fmt, output)


@app.command("sent")
@handled
def sent(
    period: Annotated[str, Opt("--period", help="The period reported on: 2026, 2026H2 or 2026Q3.")],
    on: Annotated[str, Opt("--on", help="The day the report went to the higher committee.")],
    note: Annotated[str | None, Opt("--note", help="A note (how, to whom).")] = None,
) -> None:
    """Record the branch's report to the higher committee for a period (higher_report: yearly
    by default, `rules set higher_report --every quarter` for quarterly). A year's report
    counts for each of its quarters. Example: dangwu report sent --period 2026 --on 2027-01-10
    """
    from ..parse import parse_on, parse_period
    from ..services.higher_report import send
    from .common import say

    p = parse_period(period)
    day = parse_on(on, date.today())
    ledger = open_ledger()
    with ledger.writer() as w:
        row = send(w, p, day, note)
    say(
        f"已记录向上级党组织报告工作 {row['id']}：{p.code}（{day}）",
        f"Report {row['id']} to the higher committee recorded: {p.code} ({day})",
    )


@app.command("sent-void")
@handled
def sent_void(
    report_id: Annotated[str, typer.Argument(metavar="ID", help="The report's id.")],
    reason: Annotated[str, Opt("--reason", help="Why it is void (kept with it).")],
) -> None:
    """Void a report to the higher committee entered in error: kept in the ledger (audited),
    its period's report owed again. Example: dangwu report sent-void 3 --reason 期间录错
    """
    from ..services.higher_report import void
    from .common import parse_id, say

    row_id = parse_id(report_id, "ID")
    ledger = open_ledger()
    with ledger.writer() as w:
        row = void(w, row_id, reason, date.today())
    say(
        f"已作废向上级党组织报告工作记录 {row_id}（{row['period']}）",
        f"Report {row_id} ({row['period']}) voided",
    )
