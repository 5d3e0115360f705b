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


@app.command("edit")
@handled
def edit(
    name: Annotated[str, typer.Argument(help="The group's current name.")],
    new_name: Annotated[str | None, typer.Option("--name", help="Its new name.")] = None,
    leader: Annotated[
        str | None, typer.Option("--leader", help='Its leader (REF; "" for none).')
    ] = None,
) -> None:
    """Rename a party group or change its leader; kept in the audit trail. Example: dangwu
    group edit 第一党小组 --name 机关一组 --leader 张伟
    """
    from ..services.organization import edit_group

    ledger = open_ledger()
    with ledger.write() as s:
        g = edit_group(s, name, new_name, leader)
        shown = f"{g.id} {g.name}"
    say(f"已更正党小组 {shown}", f"Group {shown} corrected")


@app.command("close")
@handled
def close(
    name: Annotated[str, typer.Argument(help="The group's name.")],
    on: Annotated[str, typer.Option("--on", help="The day it is closed.")],
) -> None:
    """Close a party group (撤销): its members leave it that day, with their group history
    kept; no group meeting is owed or can be recorded from then. Place the members in
    another group with `member edit REF --group G --on D`. Example: dangwu group close
    第四党小组 --on 2026-12-01
    """
    from ..parse import parse_on
    from ..services.organization import close_group

    day = parse_on(on, date.today())
    ledger = open_ledger()
    with ledger.write() as s:
        g, moved = close_group(s, name, day, date.today())
        shown = g.name
    say(
        f"已撤销党小组 {shown}（自 {day} 起；{moved} 名成员需另行编组）",
        f"Group {shown} closed from {day} ({moved} members to be placed in another group)",
    )


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
