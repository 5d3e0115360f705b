"""The root command: --db, --lang, --version, and the command groups.

Nothing here imports SQLModel or SQLAlchemy at module level: --help, --version and
shell completion must stay as fast as a bare Typer app.
"""

import os
from typing import Annotated

import typer

from .. import __version__
from ..errors import Refused
from ..i18n import set_lang
from . import (
    branch,
    committee,
    db,
    dev,
    dues,
    group,
    meeting,
    member,
    people_records,
    report,
    rules,
    setup,
)
from .common import fail, state

app = typer.Typer(
    name="dangwu",
    help="dangwu 党务 — the ledger of a Party branch: roster, meetings, dues, development, reports.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dangwu {__version__}")
        raise typer.Exit(0)


@app.callback()
def root(
    db_path: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Ledger file or postgresql://… server URL (else $DANGWU_DB, else the user"
            " app directory).",
        ),
    ] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", help="zh | en (else $DANGWU_LANG, default zh).")
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    chosen = (lang or os.environ.get("DANGWU_LANG") or "zh").strip().lower()
    if chosen not in ("zh", "en"):
        set_lang("zh")
        raise fail(
            Refused(
                f"--lang: 不支持 {chosen!r}，可用 zh 或 en",
                f"--lang: unknown language {chosen!r}; use zh or en",
            )
        )
    set_lang(chosen)
    state.db_option = db_path


setup.register(app)
app.add_typer(member.app, name="member", help="Members: roster, profiles, transfers (党员).")
app.add_typer(group.app, name="group", help="Party groups (党小组).")
app.add_typer(committee.app, name="committee", help="The branch committee (支部委员会).")
app.add_typer(meeting.app, name="meeting", help="Meetings and attendance (三会一课, 组织生活).")
app.add_typer(people_records.talk_app, name="talk", help="Heart-to-heart talks (谈心谈话).")
app.add_typer(
    people_records.evaluation_app, name="evaluation", help="Yearly evaluation (民主评议)."
)
app.add_typer(dues.app, name="dues", help="Party dues (党费): bases, payments, arrears, hand-over.")
app.add_typer(dev.app, name="dev", help="Development of new members (发展党员).")
app.add_typer(report.app, name="report", help="Compliance, quarterly checklist, year-end report.")
app.add_typer(rules.app, name="rules", help="The branch's rule profile (要求与频次).")
app.add_typer(db.app, name="db", help="The ledger: upgrade, backup, check, info, copy.")
app.add_typer(
    branch.app, name="branch", help="Branches on a PostgreSQL server (the higher committee)."
)


def main() -> None:
    app()
