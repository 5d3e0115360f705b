"""The README's transcripts are what dangwu prints, and its two key commands still hold.

Every ```console block of README.md is replayed in order on a fresh temporary home (see
readme_console.py for the little shell it runs and what it compares). A mismatch names the
README line of the command and shows what it printed now.
"""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path

import pytest
from readme_console import README, ROOT, console_blocks, replay

UPDATE = "python tests/docs/readme_console.py --update"


def _readme() -> str:
    return README.read_text(encoding="utf-8")


def _sh_commands() -> list[str]:
    """Every line of the README's ```sh blocks."""
    text = _readme()
    blocks = re.findall(r"^```sh\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL)
    return [line.strip() for block in blocks for line in block.splitlines()]


def test_readme_transcripts_are_what_dangwu_prints(tmp_path: Path) -> None:
    outcomes = list(replay(_readme(), tmp_path / "home"))
    assert outcomes, "README.md has no ```console transcripts to check"
    report = []
    for outcome in outcomes:
        if outcome.ok:
            continue
        shown = outcome.error or "\n".join(outcome.actual)
        report.append(
            f"README.md:{outcome.command.line}: $ {outcome.command.text}\n"
            f"--- the README shows\n" + "\n".join(outcome.command.expected) + "\n"
            f"--- dangwu printed\n{shown}\n"
        )
    assert not report, (
        f"{len(report)} README transcript(s) differ from what dangwu prints now. Fix the code, "
        f"or the README (`{UPDATE}` rewrites the outputs for review):\n\n" + "\n".join(report)
    )


def test_every_transcript_command_has_a_prompt() -> None:
    """A console block that parses to nothing would check nothing."""
    for block in console_blocks(_readme()):
        assert block.commands, f"README.md:{block.line}: a console block with no `$ ` command"


@pytest.mark.parametrize(
    ("what", "pieces"),
    [
        ("install and run the demo", ["python3 -m venv", "pip install .", "dangwu demo"]),
        (
            "install the test extras and run the tests",
            ["pip install '.[test]'", "python -m pytest"],
        ),
    ],
)
def test_readme_keeps_its_key_commands(what: str, pieces: list[str]) -> None:
    """The two commands a newcomer copies: they stay in the README, in one line each."""
    lines = _sh_commands()
    assert any(all(p in line for p in pieces) for line in lines), (
        f"README.md lost the one-line command to {what} (a ```sh line with {pieces})"
    )
    for line in lines:
        if all(p in line for p in pieces):
            shlex.split(line)  # it is at least one well-formed shell line


def test_key_commands_name_what_the_package_has() -> None:
    """`pip install '.[test]'` installs pytest, and `dangwu` is the installed command."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert any(dep.startswith("pytest") for dep in project["optional-dependencies"]["test"])
    assert "dangwu" in project["scripts"]
