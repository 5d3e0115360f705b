"""Replay the README's ```console transcripts and compare what dangwu prints.

A transcript is a fenced ```console block: lines starting with `$ ` are commands (a line
ending in `\\` continues on the next), the lines after a command are what it prints, stdout
and stderr together as a terminal shows them. All blocks run in README order in one
temporary home, as a reader following the README would: state carries from one block to
the next, so an `export DANGWU_DB=…` holds until the next one.

The commands are a small subset of sh, enough for a tour and no more, so that a transcript
can only say what the test runs:

- `dangwu ARGS…` runs the real app in-process (Typer's CliRunner);
- `export NAME=VALUE` sets a variable for the commands after it;
- `echo WORDS…` prints its words (`echo $?` the last exit code).

Words are split as sh splits them; `~` at the start of a word or after `NAME=`, `$NAME`,
`${NAME}` and `$?` are expanded. Anything else fails the test, naming the line.

What is compared: HOME is a temporary folder that the output shows as /home/me (as the
README does); trailing spaces and trailing blank lines are ignored; a line holding only
`…` in the expected output stands for any number of lines (output left out of the README).

`python tests/docs/readme_console.py --update` rewrites the expected output of every
command whose output differs (keeping blocks that still match, `…` and all), for a person
to review with `git diff README.md`.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
SHOWN_HOME = "/home/me"
ELLIPSIS = "…"
PROMPT = "$ "


@dataclass
class Command:
    text: str  # the command as typed, continuation lines joined
    line: int  # its first line in the README (1-based)
    expected: list[str]  # the lines shown after it
    output_lines: tuple[int, int]  # the README lines [start, end) holding `expected`


@dataclass
class Block:
    line: int  # the line of the opening fence
    commands: list[Command] = field(default_factory=list)


def console_blocks(text: str) -> list[Block]:
    """Every ```console block of a Markdown text, parsed into commands and their output."""
    lines = text.splitlines()
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        fence = re.match(r"^(`{3,}|~{3,})\s*(\S*)", lines[i])
        if not fence:
            i += 1
            continue
        marker, lang = fence.group(1), fence.group(2)
        end = i + 1
        while end < len(lines) and not lines[end].startswith(marker):
            end += 1
        if lang == "console":
            blocks.append(_parse_block(lines, i, end))
        i = end + 1
    return blocks


def _parse_block(lines: list[str], fence: int, end: int) -> Block:
    block = Block(fence + 1)
    i = fence + 1
    while i < end:
        if not lines[i].startswith(PROMPT):
            raise ValueError(
                f"README.md:{i + 1}: output before any `$ ` command in a console block"
            )
        first = i
        parts = [lines[i][len(PROMPT) :]]
        while parts[-1].endswith("\\") and i + 1 < end:
            parts[-1] = parts[-1][:-1]
            i += 1
            parts.append(lines[i].strip())
        i += 1
        start = i
        while i < end and not lines[i].startswith(PROMPT):
            i += 1
        block.commands.append(
            Command(" ".join(p.strip() for p in parts), first + 1, lines[start:i], (start, i))
        )
    return block


class Shell:
    """Just enough of sh to replay a transcript against dangwu, in a temporary home."""

    def __init__(self, home: Path) -> None:
        from typer.testing import CliRunner

        self.home = home
        self.runner = CliRunner()
        self.status = 0
        self.vars: dict[str, str] = {"HOME": str(home)}

    def env(self) -> dict[str, str | None]:
        """The process environment of a command: the shell's variables, and nothing from
        the developer's own (their ledger, language or config)."""
        env: dict[str, str | None] = {
            "DANGWU_DB": None,
            "DANGWU_LANG": None,
            "DANGWU_DEBUG": None,
            "COLUMNS": None,
            "XDG_CONFIG_HOME": str(self.home / ".config"),
            "XDG_STATE_HOME": str(self.home / ".local" / "state"),
            "DANGWU_CRASH_DIR": str(self.home / "crash"),
        }
        env.update(self.vars)
        return env

    def expand(self, text: str) -> str:
        def variable(match: re.Match[str]) -> str:
            name = match.group(1) or match.group(2)
            if name == "?":
                return str(self.status)
            return self.vars.get(name, "")

        return re.sub(r"\$\{(\w+)\}|\$(\w+|\?)", variable, text)

    def words(self, text: str) -> list[str]:
        out = []
        for word in shlex.split(self.expand(text)):
            if word == "~" or word.startswith("~/"):
                word = str(self.home) + word[1:]
            else:
                word = re.sub(r"^(\w+=)~(?=/|$)", lambda m: m.group(1) + str(self.home), word)
            out.append(word)
        return out

    def run(self, text: str) -> str:
        """Run one command; return what a terminal would show."""
        words = self.words(text)
        if not words:
            raise ValueError("an empty command")
        name, args = words[0], words[1:]
        if name == "dangwu":
            from dangwu.cli.app import app

            result = self.runner.invoke(app, args, env=self.env())
            if result.exception is not None and not isinstance(result.exception, SystemExit):
                raise result.exception
            self.status = result.exit_code
            return result.output
        if name == "export" and args and all("=" in a for a in args):
            for assignment in args:
                key, value = assignment.split("=", 1)
                self.vars[key] = value
            self.status = 0
            return ""
        if name == "echo":
            self.status = 0
            return " ".join(args) + "\n"
        raise ValueError(f"not a command the README's transcripts may use: {text!r}")

    def shown(self, output: str) -> list[str]:
        """Output as the README shows it: the temporary home as /home/me, no trailing spaces."""
        lines = [line.rstrip() for line in output.replace(str(self.home), SHOWN_HOME).splitlines()]
        while lines and not lines[-1]:
            lines.pop()
        return lines


def matches(expected: list[str], actual: list[str]) -> bool:
    """Whether `actual` is `expected`, where a line `…` stands for any number of lines."""
    expected = [line.rstrip() for line in expected]
    while expected and not expected[-1]:
        expected.pop()
    pattern = "".join(
        r"(?:[^\n]*\n)*?" if line == ELLIPSIS else re.escape(line) + r"\n" for line in expected
    )
    return re.fullmatch(pattern, "".join(line + "\n" for line in actual)) is not None


@dataclass
class Outcome:
    command: Command
    actual: list[str]
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and matches(self.command.expected, self.actual)


def replay(text: str, home: Path) -> Iterator[Outcome]:
    """Run every transcript of `text` in order in one shell; one outcome per command. The
    shell's working directory is a folder of the temporary home, as a user's would be, so a
    file a command writes (`print signin 151 -o 签到表.docx`) lands there, not in the
    repository."""
    shell = Shell(home)
    work = home / "work"
    work.mkdir(parents=True, exist_ok=True)
    before = os.getcwd()
    os.chdir(work)
    try:
        for block in console_blocks(text):
            for command in block.commands:
                try:
                    actual = shell.shown(shell.run(command.text))
                except Exception as exc:  # noqa: BLE001 - reported against the README line
                    yield Outcome(command, [], f"{type(exc).__name__}: {exc}")
                    continue
                yield Outcome(command, actual)
    finally:
        os.chdir(before)


def update(path: Path = README) -> int:
    """Rewrite the output of every command whose output differs; the number rewritten."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    changed = 0
    with tempfile.TemporaryDirectory() as tmp:
        # later commands' README lines shift as earlier outputs change length: work bottom-up
        outcomes = [o for o in replay(text, Path(tmp) / "home") if not o.ok]
    for outcome in reversed(outcomes):
        if outcome.error is not None:
            print(f"README.md:{outcome.command.line}: {outcome.error}", file=sys.stderr)
            continue
        start, end = outcome.command.output_lines
        lines[start:end] = outcome.actual
        changed += 1
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return changed


def main() -> int:
    parser = argparse.ArgumentParser(description="Replay the README's console transcripts.")
    parser.add_argument("--update", action="store_true", help="rewrite outputs that differ")
    args = parser.parse_args()
    if args.update:
        print(f"{update()} outputs rewritten; review them with `git diff README.md`")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        bad = [
            o for o in replay(README.read_text(encoding="utf-8"), Path(tmp) / "home") if not o.ok
        ]
    for outcome in bad:
        print(f"README.md:{outcome.command.line}: $ {outcome.command.text}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    raise SystemExit(main())
