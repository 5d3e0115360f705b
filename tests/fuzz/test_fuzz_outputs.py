"""Hostile text that was accepted into the ledger comes out of every report and format intact.

A name, topic, receipt or note is stored as typed; every output must show it without
breaking: rich markup ("[/]"), emoji codes (":smile:"), formula cells, Markdown pipes,
right-to-left marks. First a fixed set of values through every read command and format,
then (Hypothesis) random values written by a random command and read back by another.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from fuzz_kit import FUZZ_SETTINGS, HOSTILE, Template, copy_sqlite
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from dangwu.cli.app import app

STORED: tuple[str, ...] = (
    "[/]",
    "[bold red]粗体[/bold red]",
    "[link=file:///etc/passwd]链接[/link]",
    ":smile: :red_circle:",
    "=cmd|' /C calc'!A0",
    "+1+1",
    "@SUM(1)",
    "<script>alert(1)</script>",
    "| a | b |",
    "**粗** _斜_ `代码`",
    "\\ \\\\ \\n",
    "a,b\"c'd",
    "'; DROP TABLE person;--",
    "😀👨\u200d👩\u200d👧",
    "\u202eRTL 文字",
    "零\u200b宽",
    "%s {0} ${x}",
    "null",
    "2026-01-01",
    "一" * 50,
)

# Commands that store text; `{}` is where the value goes.
# fmt: off
WRITES: tuple[tuple[str, ...], ...] = (
    ("member", "add", "{}", "--gender", "女", "--stage", "full", "--unit", "{}"),
    ("member", "add", "新成员", "--gender", "男", "--stage", "full", "--education", "{}"),
    ("group", "add", "{}"),
    ("meeting", "add", "lecture", "--on", "2026-11-21", "--topic", "{}", "--place", "{}",
     "--resolutions", "{}", "--guest", "{}", "--leave", "5:{}"),
    ("talk", "add", "5", "--with", "1", "--on", "2026-11-20", "--topic", "{}"),
    ("evaluation", "record", "5", "--year", "2025", "--grade", "unqualified", "--action", "{}",
     "--replace"),
    ("dues", "pay", "5", "--month", "2026-12", "--receipt", "{}", "--note", "{}"),
    ("dues", "remit", "--period", "2026Q4", "--amount", "1", "--on", "2026-11-20",
     "--receipt", "{}"),
    ("dues", "reverse", "576", "--reason", "{}"),
    ("dev", "apply", "{}", "--on", "2026-11-20", "--birth-date", "2000-01-01", "--gender", "女",
     "--unit", "{}"),
    ("dev", "log", "32", "talk", "--on", "2026-11-21", "--note", "{}"),
    ("dev", "drop", "31", "--on", "2026-11-21", "--reason", "{}"),
    ("member", "transfer-out", "6", "--to", "{}", "--on", "2026-11-20", "--letter", "{}",
     "--force", "--reason", "{}"),
)
# fmt: on

READS: tuple[tuple[str, ...], ...] = (
    ("member", "list", "--all"),
    ("member", "show", "{person}"),
    ("group", "list"),
    ("committee", "list"),
    ("meeting", "list"),
    ("meeting", "show", "{meeting}"),
    ("meeting", "attendance"),
    ("talk", "list"),
    ("evaluation", "list"),
    ("dues", "status"),
    ("dues", "remind"),
    ("dues", "ledger"),
    ("dues", "statement", "--year", "2026"),
    ("dev", "list"),
    ("dev", "due"),
    ("dev", "show", "{applicant}"),
    ("report", "compliance"),
    ("report", "checklist"),
    ("report", "year", "2026"),
    ("rules", "show"),
    ("db", "info"),
    ("db", "check"),
)
FORMATS = ("table", "plain", "json", "csv", "markdown")


@dataclass
class Stored:
    """A ledger holding hostile text, and the ids the reads refer to."""

    db: Path
    env: dict[str, str | None]
    person: str = "1"
    meeting: str = "151"
    applicant: str = "32"

    def run(self, *args: str) -> Result:
        return CliRunner().invoke(
            app, ["--db", str(self.db), *args], env=self.env, catch_exceptions=False
        )

    def write(self, template: tuple[str, ...], value: str) -> Result:
        result = self.run(*(a.replace("{}", value) for a in template))
        assert result.exit_code in (0, 1, 2), result
        if result.exit_code == 0:
            first = result.stdout.strip().split()[0] if result.stdout.strip() else ""
            if template[:2] == ("member", "add") and first.isdecimal():
                self.person = first
            if template[:2] == ("dev", "apply") and first.isdecimal():
                self.applicant = first
            if template[:2] == ("meeting", "add"):
                self.meeting = _meeting_id(result.stdout) or self.meeting
        return result

    def read(self, template: tuple[str, ...], fmt: str) -> None:
        ids = {"person": self.person, "meeting": self.meeting, "applicant": self.applicant}
        args = [a.format(**ids) for a in template]
        result = self.run(*args, "--format", fmt)
        text = result.stdout + result.stderr
        assert "Traceback" not in text and "内部错误" not in text, (args, fmt, text)
        assert result.exit_code == 0, (args, fmt, result.stdout, result.stderr)
        if fmt == "json":
            json.loads(result.stdout)
        elif fmt == "csv":
            list(csv.reader(io.StringIO(result.stdout)))


def _meeting_id(stdout: str) -> str | None:
    import re

    m = re.search(r"(?:会议|Meeting) (\d+)", stdout)
    return m.group(1) if m else None


@pytest.fixture(scope="module")
def stored(
    demo_template: Template,
    fuzz_env: dict[str, str | None],
    tmp_path_factory: pytest.TempPathFactory,
) -> Stored:
    s = Stored(tmp_path_factory.mktemp("fuzz-stored") / "ledger.db", fuzz_env)
    copy_sqlite(demo_template.path, s.db)
    accepted = 0
    for i, value in enumerate(STORED):
        # each value through two of the writes: every write gets two or three values
        for template in (WRITES[i % len(WRITES)], WRITES[(i + 6) % len(WRITES)]):
            accepted += s.write(template, value).exit_code == 0
    assert accepted > len(STORED), "hardly any hostile value was stored; nothing to read back"
    return s


@pytest.mark.parametrize("template", READS, ids=lambda t: "-".join(t[:2]))
def test_every_output_shows_stored_hostile_text(stored: Stored, template: tuple[str, ...]) -> None:
    for fmt in FORMATS:
        stored.read(template, fmt)


def test_exports_hold_stored_hostile_text(stored: Stored, tmp_path: Path) -> None:
    for name in ("roster.csv", "roster.xlsx"):
        result = stored.run("member", "export", str(tmp_path / name), "--all")
        assert result.exit_code == 0, result.stderr
    for name in ("year.md", "year.json", "year.csv", "year.txt", "year.xlsx"):
        result = stored.run("report", "year", "2026", "--output", str(tmp_path / name))
        assert result.exit_code == 0, result.stderr


def test_random_stored_text_reads_back(
    demo_template: Template,
    fuzz_env: dict[str, str | None],
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    folder = tmp_path_factory.mktemp("fuzz-roundtrip")
    made = iter(range(1_000_000))
    value = st.one_of(HOSTILE["TEXT"], st.sampled_from(STORED)).filter(lambda v: len(v) < 5000)

    @FUZZ_SETTINGS
    @given(
        value=value,
        write=st.sampled_from(WRITES),
        read=st.sampled_from(READS),
        fmt=st.sampled_from(FORMATS),
    )
    def one(value: str, write: tuple[str, ...], read: tuple[str, ...], fmt: str) -> None:
        s = Stored(folder / f"ledger{next(made)}.db", fuzz_env)
        copy_sqlite(demo_template.path, s.db)
        if s.write(write, value).exit_code == 0:
            s.read(read, fmt)

    one()
