"""`dangwu init` and `dangwu demo`: the only commands that create a ledger."""

import os
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from .common import AsOfOpt, command_line, db_path, handled, say, server_address, state


def demo_path() -> Path:
    from ..store.paths import demo_db

    path = demo_db(state.db_option)
    db_path()  # the same checks of a path the user typed
    return path


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("demo")(demo)


@handled
def init(
    branch: Annotated[str, typer.Option("--branch", help="The branch's name, e.g. 第一党支部.")],
    higher_org: Annotated[
        str | None, typer.Option("--higher-org", help="The higher Party committee.")
    ] = None,
) -> None:
    """Create and migrate a new ledger. An existing file is never touched."""
    from ..errors import Refused
    from ..store import audit
    from ..store.handle import LedgerHandle
    from ..store.ledger import create_ledger
    from ..store.settings import initialize

    name = (branch or "").strip()
    if not name or any(ord(ch) < 32 for ch in name) or len(name) > 100:
        raise Refused(
            "--branch: 支部名称为空、过长或含控制字符",
            "--branch: the branch name is empty, too long or has control characters",
        )
    audit.set_command(command_line())

    def fill(ledger: LedgerHandle) -> None:
        with ledger.write() as session:
            initialize(session, name, higher_org, date.today())

    address = server_address()
    if address is not None:
        from ..store.server import create_server

        made = create_server(address, fill)
        made.dispose()
        say(f"已建立账本：{made.location}（{name}）", f"Ledger created: {made.location} ({name})")
        return
    path = db_path()
    create_ledger(path, fill).dispose()
    say(f"已建立账本：{path}（{name}）", f"Ledger created: {path} ({name})")


@handled
def demo(
    reveal: Annotated[bool, typer.Option("--reveal", help="Show ID and phone numbers.")] = False,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="table | plain | json | csv | markdown (default: table on a terminal, plain in"
            " a pipe); json is one document: the ledger's path, the compliance summary and the"
            " checklist, as `report compliance` and `report checklist` print them.",
        ),
    ] = None,
    as_of: AsOfOpt = None,
) -> None:
    """Create the sample branch in its own ledger (demo.db in the app directory, or --db),
    its history moved to end today, and print the last full quarter's compliance and this
    quarter's checklist."""
    from ..i18n import tr
    from ..parse import parse_date
    from ..render import FORMATS, resolve_format
    from ..services.demo import build_demo
    from .summary import print_summary

    # an unknown format or day is refused before anything is created
    chosen = resolve_format(fmt, FORMATS)
    day = parse_date(as_of, "--as-of") if as_of else date.today()
    address = server_address()
    own_place = address is None and not (state.db_option or os.environ.get("DANGWU_DB"))
    ledger = build_demo(address or demo_path(), command_line(), day)
    where = ledger.location
    if chosen in ("json", "csv"):
        # stdout is data a program reads: the one line for the person goes to stderr
        typer.echo(tr(f"示例账本已建立：{where}", f"Demo ledger created: {where}"), err=True)
    else:
        say(f"示例账本已建立：{where}", f"Demo ledger created: {where}")
    print_summary(ledger, day, chosen, str(where))
    ledger.dispose()
    if own_place:
        # the demo has its own file: say how to look around in it and how to start for real
        typer.echo(
            tr(
                f"\n查看示例：dangwu --db {where} member list（或 export DANGWU_DB={where}）\n"
                "建立本支部的账本：dangwu init --branch 支部名称",
                f"\nLook around: dangwu --db {where} member list (or export DANGWU_DB={where})\n"
                "Start your branch's own ledger: dangwu init --branch NAME",
            ),
            err=chosen in ("json", "csv"),
        )
