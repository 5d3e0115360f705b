"""`dangwu committee set/end/list/elect/elect-void/elections`."""

from datetime import date
from typing import Annotated

import typer

from .common import AsOfOpt, FormatOpt, RevealOpt, emit, handled, open_ledger, say

app = typer.Typer(no_args_is_help=True)


@app.command("set")
@handled
def set_(
    ref: Annotated[str, typer.Argument(help="Member (id or name).")],
    role: Annotated[
        str,
        typer.Argument(
            help="secretary deputy_secretary organization propaganda discipline youth (or 书记 …)."
        ),
    ],
    start: Annotated[str, typer.Option("--from", help="First day in the post.")],
) -> None:
    """Record a committee post from a date."""
    from ..i18n import label
    from ..parse import parse_on
    from ..services.organization import set_role

    day = parse_on(start, date.today(), "--from")
    ledger = open_ledger()
    with ledger.write() as s:
        row = set_role(s, ref, role, day)
    say(
        f"已记录：{ref} 自 {day} 任{label('role', row.role)}",
        f"Recorded: {ref} is {label('role', row.role)} from {day}",
    )


@app.command("end")
@handled
def end(
    ref: Annotated[str, typer.Argument(help="Member (id or name).")],
    role: Annotated[str, typer.Argument(help="The post to end.")],
    on: Annotated[str, typer.Option("--on", help="The day the post ended.")],
) -> None:
    """End a committee post."""
    from ..parse import parse_on
    from ..services.organization import end_role

    day = parse_on(on, date.today())
    ledger = open_ledger()
    with ledger.write() as s:
        end_role(s, ref, role, day)
    say(f"已记录：{ref} 于 {day} 离任", f"Recorded: {ref} left the post on {day}")


@app.command("list")
@handled
def list_(as_of: AsOfOpt = None, fmt: FormatOpt = None, reveal: RevealOpt = False) -> None:
    """The committee as of today (or --as-of)."""
    from ..parse import parse_date
    from ..reports.organization import committee_on
    from ..store.term_queries import current_term
    from ..views.organization import committee

    day = parse_date(as_of, "--as-of") if as_of else date.today()
    ledger = open_ledger()
    with ledger.read() as s:
        rows = committee_on(s, day)
        term = current_term(s, day)
    emit(committee(rows, term, day), fmt)


@app.command("elect")
@handled
def elect(
    on: Annotated[
        str, typer.Option("--on", help="The day the general meeting elected the committee.")
    ],
    years: Annotated[
        str | None,
        typer.Option(
            "--years",
            help="The term in years: 3, or 5 for villages and communities (default: the rule"
            " profile's, `rules set committee_election --value`).",
        ),
    ] = None,
    meeting: Annotated[
        str | None,
        typer.Option(
            "--meeting",
            help="The general meeting (its id) that elected it: more than four fifths of the"
            " voting members must have been present.",
        ),
    ] = None,
    approved_on: Annotated[
        str | None,
        typer.Option(
            "--approved-on",
            help="The day the higher committee approved an early or late election.",
        ),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", help="A note (e.g. the approval's number).")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Record despite a failed check (historical records).")
    ] = False,
    reason: Annotated[
        str | None,
        typer.Option("--reason", help="Why --force was needed (kept in the audit trail)."),
    ] = None,
) -> None:
    """Record a 换届: the general meeting that elected the branch committee (or the secretary
    of a branch without one), which starts a new term. Record the posts with `committee set`
    as before. An election more than six months before the term ends, or after it, needs
    --approved-on (the higher committee's approval), and moves by at most a year.

    Example: dangwu committee elect --on 2026-02-20 --years 3 --meeting 12
    """
    from ..parse import parse_on
    from ..services.election import elect as record
    from .common import forced, parse_id

    why = forced(force, reason)
    day = parse_on(on, date.today())
    approved = parse_on(approved_on, date.today(), "--approved-on") if approved_on else None
    meeting_id = parse_id(meeting, "--meeting") if meeting is not None else None
    ledger = open_ledger()
    with ledger.writer() as w:
        row = record(w, day, years, meeting_id, approved, note, why, date.today())
    say(
        f"已记录换届选举 {row['id']}：{day} 选出，任期 {row['years']} 年，至 {row['term_end']} 届满",
        f"Election {row['id']} recorded: elected {day} for {row['years']} years,"
        f" the term ends {row['term_end']}",
    )


@app.command("elect-void")
@handled
def elect_void(
    election_id: Annotated[
        str, typer.Argument(metavar="ID", help="The election's id (committee elections).")
    ],
    reason: Annotated[str, typer.Option("--reason", help="Why it is void (kept with it).")],
) -> None:
    """Void an election entered in error: kept in the ledger (audited); the term before it
    is in office again. Example: dangwu committee elect-void 2 --reason 日期录错
    """
    from ..services.election import void
    from .common import parse_id

    row_id = parse_id(election_id, "ID")
    ledger = open_ledger()
    with ledger.writer() as w:
        row = void(w, row_id, reason, date.today())
    say(
        f"已作废换届记录 {row_id}（{row['on_date']}）",
        f"Election {row_id} ({row['on_date']}) voided",
    )


@app.command("elections")
@handled
def elections(fmt: FormatOpt = None) -> None:
    """The elections (换届) recorded, each with its term and when it ends.
    Example: dangwu committee elections
    """
    from ..rules.terms import term_end
    from ..store.term_queries import elections as recorded
    from ..views.organization import elections as view

    ledger = open_ledger()
    with ledger.read() as s:
        rows = recorded(s)
    for r in rows:
        r["term_end"] = term_end(r["on_date"], int(r["years"]))
    emit(view(rows), fmt)
