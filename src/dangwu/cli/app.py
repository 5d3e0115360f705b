"""The entry point: `dangwu` and `python -m dangwu`.

Nothing here imports Typer, SQLModel or SQLAlchemy at module level: `dangwu --version`
answers before any of them is loaded, and --help and shell completion stay as fast as a
bare Typer app. A command line that names its group (`dangwu dues status …`) builds and
imports that group alone; `--help`, completion and anything unrecognised get the whole
tree (cli/tree.py), so what they print never changes.
"""

from __future__ import annotations

import os
import sys

# not `from typing import TYPE_CHECKING`: importing typing costs a cold start 12 ms (it
# imports re and collections), as much as the interpreter itself
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

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
    "print": (
        "print_",
        "app",
        "Print-ready papers: sign-in sheet, minutes, dues register, letter, handbook.",
    ),
    "rules": ("rules", "app", "The branch's rule profile (要求与频次)."),
    "db": ("db", "app", "The ledger: upgrade, backup, check, info, copy."),
    "branch": ("branch", "app", "Branches on a PostgreSQL server (the higher committee)."),
}
# root options that take a value: the token after them is not a command
VALUE_OPTIONS = ("--db", "--lang")


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


def hoist_root_options(args: list[str]) -> list[str]:
    """`dangwu member export --lang en x.csv` as `dangwu --lang en member export x.csv`: the
    root's --db and --lang are taken wherever they stand (no command has options of those
    names); after a bare `--` nothing is moved."""
    head: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(args):
        token = args[i]
        if token == "--":
            rest += args[i:]
            break
        if token in VALUE_OPTIONS and i + 1 < len(args):
            head += args[i : i + 2]
            i += 2
            continue
        if token.startswith(tuple(f"{o}=" for o in VALUE_OPTIONS)):
            head.append(token)
        else:
            rest.append(token)
        i += 1
    return head + rest


def __getattr__(name: str) -> Any:
    # `from dangwu.cli.app import app` (tests, harnesses): the whole tree, built once;
    # `build` and `root` live with the tree, which imports Typer
    if name == "app":
        globals()["app"] = built = __getattr__("build")()
        return built
    if name in ("build", "root"):
        from . import tree

        return getattr(tree, name)
    raise AttributeError(name)


def main() -> None:
    argv = sys.argv[1:]
    if argv == ["--version"]:
        # what the root's eager --version option prints, without loading Typer (0.1 s)
        from .. import __version__

        sys.stdout.write(f"dangwu {__version__}\n")
        return
    from .tree import build

    build(group_named(argv))()
