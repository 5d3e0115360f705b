"""The root command: --db, --lang, --version, and the command groups.

Nothing here imports SQLModel or SQLAlchemy at module level: --help, --version and
shell completion must stay as fast as a bare Typer app. A command line that names its
group (`dangwu dues status …`) builds and imports that group alone; `--help`, completion
and anything unrecognised get the whole tree, so what they print never changes.
"""

import os
import sys
from importlib import import_module
from typing import Annotated, Any

import typer

from .. import __version__
from ..errors import Refused
from ..i18n import set_lang
from . import lean_params, setup
from .common import fail, state

lean_params.install()

# name → (module in dangwu.cli, its Typer, the help line), in the order --help lists them
GROUPS: dict[str, tuple[str, str, str]] = {
    "member": ("member", "app", "Members: roster, profiles, transfers (党员)."),
    "group": ("group", "app", "Party groups (党小组)."),
    "committee": ("committee", "app", "The branch committee (支部委员会)."),
    "meeting": ("meeting", "app", "Meetings and attendance (三会一课, 组织生活)."),
    "talk": ("people_records", "talk_app", "Heart-to-heart talks (谈心谈话)."),
    "evaluation": ("people_records", "evaluation_app", "Yearly evaluation (民主评议)."),
    "dues": ("dues", "app", "Party dues (党费): bases, payments, arrears, hand-over."),
    "dev": ("dev", "app", "Development of new members (发展党员)."),
    "report": ("report", "app", "Compliance, quarterly checklist, year-end report."),
    "rules": ("rules", "app", "The branch's rule profile (要求与频次)."),
    "db": ("db", "app", "The ledger: upgrade, backup, check, info, copy."),
    "branch": ("branch", "app", "Branches on a PostgreSQL server (the higher committee)."),
}
# root options that take a value: the token after them is not a command
VALUE_OPTIONS = ("--db", "--lang")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dangwu {__version__}")
        raise typer.Exit(0)


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


def build(only: str | None = None) -> typer.Typer:
    """The root app with every group, or with the group `only` alone."""
    root_app = typer.Typer(
        name="dangwu",
        help="dangwu 党务 — the ledger of a Party branch: roster, meetings, dues, development, reports.",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    root_app.callback()(root)
    setup.register(root_app)
    for name, (module, attr, help_text) in GROUPS.items():
        if only is None or name == only:
            sub = getattr(import_module(f"{__package__}.{module}"), attr)
            root_app.add_typer(sub, name=name, help=help_text)
    return root_app


def group_named(argv: list[str]) -> str | None:
    """The group a command line runs, when it plainly names one (else None: build them all)."""
    if any(key.endswith("_COMPLETE") for key in os.environ):
        return None  # shell completion walks the whole tree
    skip = False
    for token in argv:
        if skip:
            skip = False
        elif token in VALUE_OPTIONS:
            skip = True
        elif token.startswith("-"):
            if not token.startswith(tuple(f"{o}=" for o in VALUE_OPTIONS)):
                return None  # --help, --version, completion options: the whole tree
        else:
            return token if token in GROUPS else None
    return None


def __getattr__(name: str) -> Any:
    # `from dangwu.cli.app import app` (tests, harnesses): the whole tree, built once
    if name == "app":
        globals()["app"] = built = build()
        return built
    raise AttributeError(name)


def main() -> None:
    build(group_named(sys.argv[1:]))()
