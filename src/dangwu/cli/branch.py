"""`dangwu branch create/list`: branches on a PostgreSQL server (the higher committee's)."""

from datetime import date
from typing import Annotated

import typer

from .common import FormatOpt, command_line, emit, handled, require_server, say

app = typer.Typer(no_args_is_help=True)


@app.command("create")
@handled
def create(
    code: Annotated[
        str, typer.Argument(help="The branch's code: its schema, e.g. branch1 (a-z, 0-9, _).")
    ],
    owner: Annotated[str, typer.Option("--owner", help="The branch's login role (it must exist).")],
    name: Annotated[
        str | None, typer.Option("--name", help="The branch's name, e.g. 第一党支部.")
    ] = None,
    higher_org: Annotated[
        str | None, typer.Option("--higher-org", help="The higher Party committee.")
    ] = None,
) -> None:
    """Create a branch on the server: its own schema and ledger, readable and writable by
    --owner only (run with the higher committee's role)."""
    from ..store import audit
    from ..store.address import check_branch_name
    from ..store.branches import create_branch

    address = require_server("branch create")
    check_branch_name(code, "CODE")
    audit.set_command(command_line())
    title = (name or code).strip()
    create_branch(address, code, owner, title, higher_org, date.today()).dispose()
    say(
        f"已建立支部 {code}（{title}），由角色 {owner} 读写",
        f"Branch {code} ({title}) created; role {owner} reads and writes it",
    )


@app.command("list")
@handled
def list_(fmt: FormatOpt = None) -> None:
    """The branches on the server."""
    from ..store.server import list_branches
    from ..views.organization import branches

    rows = list_branches(require_server("branch list"))
    emit(branches(rows), fmt)
