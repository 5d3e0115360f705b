"""`dangwu committee set/end/list`."""

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
    from ..views.organization import committee

    day = parse_date(as_of, "--as-of") if as_of else date.today()
    ledger = open_ledger()
    with ledger.read() as s:
        rows = committee_on(s, day)
    emit(committee(rows), fmt)
