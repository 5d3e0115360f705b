"""`dangwu group add/list`."""

from datetime import date
from typing import Annotated

import typer

from .common import FormatOpt, RevealOpt, emit, handled, open_ledger, say

app = typer.Typer(no_args_is_help=True)


@app.command("add")
@handled
def add(
    name: Annotated[str, typer.Argument(help="Group name, e.g. 第一党小组.")],
    leader: Annotated[str | None, typer.Option("--leader", help="Group leader (REF).")] = None,
) -> None:
    """Add a party group (党小组)."""
    from ..services.organization import add_group

    ledger = open_ledger()
    with ledger.write() as s:
        g = add_group(s, name, leader, date.today())
    say(f"已建立党小组 {g.id} {g.name}", f"Group {g.id} {g.name} added")


@app.command("list")
@handled
def list_(fmt: FormatOpt = None, reveal: RevealOpt = False) -> None:
    """List the party groups with their leader and current member count."""
    from ..reports.organization import list_groups
    from ..views.organization import groups

    ledger = open_ledger()
    with ledger.read() as s:
        rows = list_groups(s, date.today())
    emit(groups(rows), fmt)
