"""The command tree: the root command (--db, --lang, --version) and its groups.

Imported by `app.main` once it knows the command line needs Typer (everything but a bare
`--version`).
"""

import os
from importlib import import_module
from typing import Annotated, Any

import typer
from typer.core import TyperCommand

from .. import __version__
from ..errors import Refused
from ..i18n import set_lang
from . import history, setup
from .app import GROUPS, hoist_root_options
from .common import fail, state
from .helptext import LocalizedCommand, LocalizedGroup, language, set_language


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


class RootGroup(LocalizedGroup):
    """The root command: its options are accepted after the subcommand too, and the help
    of the whole tree is in the language the command line asks for (cli/helptext.py)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        args = hoist_root_options(list(args))
        set_language(language(args))
        return super().parse_args(ctx, args)

    def _main_shell_completion(self, *args: Any, **kwargs: Any) -> None:
        # values complete too (types, stages, names from the ledger): attached only when
        # the shell asks, so no other command pays for it
        from .completion import attach

        attach(self)
        super()._main_shell_completion(*args, **kwargs)


def build(only: str | None = None) -> typer.Typer:
    """The root app with every group, or with the group `only` alone."""
    root_app = typer.Typer(
        name="dangwu",
        cls=RootGroup,
        help="dangwu 党务 — the ledger of a Party branch: roster, meetings, dues, development, reports.",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    root_app.callback()(root)
    setup.register(root_app)
    history.register(root_app)
    _localized(root_app)
    for name, (module, attr, help_text) in GROUPS.items():
        if only is None or name == only:
            sub = getattr(import_module(f"{__package__}.{module}"), attr)
            _short_helps(sub)
            _localized(sub)
            root_app.add_typer(sub, name=name, help=help_text, cls=LocalizedGroup)
    return root_app


def _localized(group: typer.Typer) -> None:
    """Its commands' help follows --lang (cli/helptext.py)."""
    for command in group.registered_commands:
        if command.cls in (None, TyperCommand):
            command.cls = LocalizedCommand


def _short_helps(group: typer.Typer) -> None:
    """A group's command list shows each command in one line — the first sentence of its
    help — and `COMMAND --help` the whole text (Click would show the whole first paragraph,
    hard-wrapped, mid-sentence)."""
    import inspect
    import re

    for command in group.registered_commands:
        if command.short_help is not None or command.callback is None:
            continue
        doc = command.help or inspect.getdoc(command.callback) or ""
        first = " ".join(doc.split("\n\n")[0].split())
        # a sentence ends at "。", or at ". " before a capital (not "art. 9")
        sentence = re.split(r"(?<=。)|(?<=\.)\s(?=[A-Z])", first, maxsplit=1)[0].strip()
        if len(sentence) > 100:
            head = re.split(r"(?<=[:;：；])\s*", sentence, maxsplit=1)[0].rstrip(":;：；")
            sentence = head if len(head) >= 20 else sentence
        command.short_help = sentence
