"""Issue 21, item 1: `--help` is Chinese by default and English with `--lang en` or
DANGWU_LANG=en; every command has a Chinese help and real examples, every option and
argument a Chinese help; no Typer noise (`<str>`, `<bool>`, `{name}`); paragraphs wrap
with the terminal.

The completeness tests walk the whole tree, so a command or option added without its
entry in src/dangwu/cli/help_zh.py fails here, named."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
import typer.main
import typer.rich_utils
from typer.testing import CliRunner

from dangwu.cli import help_zh
from dangwu.cli.app import app
from dangwu.cli.helptext import language, param_key, reflow, without_examples
from dangwu.cli.tree import build

runner = CliRunner()
# no language from the environment unless a test gives one
QUIET = {"DANGWU_LANG": None, "NO_COLOR": "1"}


def show(*args: str, width: int = 100, env: dict[str, str] | None = None) -> str:
    # Typer reads the width from the environment once, when it is first imported
    saved, typer.rich_utils.MAX_WIDTH = typer.rich_utils.MAX_WIDTH, width
    try:
        result = runner.invoke(
            app, list(args), env={**QUIET, **(env or {})}, catch_exceptions=False
        )
    finally:
        typer.rich_utils.MAX_WIDTH = saved
    assert result.exit_code == 0, (args, result.output)
    return result.stdout


def commands(command: Any = None, path: tuple[str, ...] = ()) -> Iterator[tuple[str, Any]]:
    """Every command of the whole tree, by path ("" the root), as Click objects."""
    command = command or typer.main.get_command(build())
    yield " ".join(path), command
    for name, sub in getattr(command, "commands", {}).items():
        if not getattr(sub, "hidden", False):
            yield from commands(sub, (*path, name))


TREE = list(commands())
PATHS = [path for path, _ in TREE]


def visible(command: Any) -> list[Any]:
    return [p for p in command.params if not getattr(p, "hidden", False)]


# -- the language -------------------------------------------------------------------------


def test_chinese_by_default_with_an_example() -> None:
    out = show("member", "add", "--help")
    assert "用法：dangwu member add [选项] 姓名" in out
    assert "登记一名已有的党员" in out
    assert "示例：" in out and help_zh.COMMANDS["member add"].examples[0] in out
    assert "出生日期" in out and "显示本帮助后退出" in out
    assert "Add an existing member" not in out


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["--lang", "en", "member", "add", "--help"], {}),
        (["member", "add", "--help", "--lang", "en"], {}),
        (["member", "add", "--lang=en", "-h"], {}),
        (["member", "add", "--help"], {"DANGWU_LANG": "en"}),
        (["member", "add", "--help", "--lang", "en"], {"DANGWU_LANG": "zh"}),
    ],
    ids=["before", "after", "equals", "environment", "option-over-environment"],
)
def test_english_on_request(args: list[str], env: dict[str, str]) -> None:
    out = show(*args, env=env)
    assert "Usage: dangwu member add [OPTIONS] NAME" in out
    assert "Add an existing member" in out
    assert "Examples:" in out and help_zh.COMMANDS["member add"].examples[0] in out
    assert "Show this message and exit." in out
    assert "登记一名已有的党员" not in out and "示例" not in out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_fresh_install_in_a_terminal(lang: str, tmp_path: Path) -> None:
    """The entry point as a user runs it: no ledger, no settings, a terminal 100 wide."""
    args = ["member", "add", "--help"] + (["--lang", "en"] if lang == "en" else [])
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DANGWU_", "TYPER_"))}
    env.update(HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / ".config"), COLUMNS="100")
    out = subprocess.run(
        [sys.executable, "-m", "dangwu", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    if lang == "zh":
        assert "登记一名已有的党员" in out.stdout and "示例：" in out.stdout
    else:
        assert "Add an existing member" in out.stdout and "Examples:" in out.stdout
    assert not list(tmp_path.rglob("*.db")), "--help created a ledger"


def test_each_invocation_in_its_own_language() -> None:
    # the tests build the app once: an English help must not stay for the next one
    for _ in range(2):
        assert "登记一名已有的党员" in show("member", "add", "-h")
        assert "Add an existing member" in show("member", "add", "-h", "--lang", "en")
    assert "选项" in show("--help") and "命令" in show("--help")
    assert "Commands" in show("--help", "--lang", "en")


def test_chinese_overrides_the_environment_too() -> None:
    assert "登记一名已有的党员" in show(
        "member", "add", "-h", "--lang", "zh", env={"DANGWU_LANG": "en"}
    )


@pytest.mark.parametrize(
    ("args", "env", "lang"),
    [
        ([], None, "zh"),
        (["--lang", "en"], None, "en"),
        (["member", "list", "--lang=EN"], None, "en"),
        ([], "en", "en"),
        (["--lang", "xx"], None, "zh"),  # the root command refuses it, in Chinese
        (["dues", "pay", "--", "--lang", "en"], None, "zh"),
    ],
)
def test_language_of_a_command_line(
    args: list[str], env: str | None, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DANGWU_LANG", raising=False)
    if env:
        monkeypatch.setenv("DANGWU_LANG", env)
    assert language(args) == lang


def test_a_group_and_the_root_in_chinese() -> None:
    out = show("dues", "--help")
    assert "用法：dangwu dues [选项] 命令 [参数]..." in out
    assert "登记党员交纳一个月或几个月的党费" in out  # the list line of `dues pay`
    out = show("--help")
    assert "党员名册" in out and "示例：" in out and "界面语言" in out


# -- what Typer would add -------------------------------------------------------------------

NOISE = re.compile(r"<(str|bool|int|float|path|text|choice|file)[^>]*>|\{[a-z_|]+\}")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("width", [80, 100])
def test_no_type_noise_in_any_help(lang: str, width: int) -> None:
    for path, _ in TREE:
        out = show("--lang", lang, *path.split(), "--help", width=width)
        assert not NOISE.search(out), (path, NOISE.search(out))
        assert "…\n" not in out.replace(" ", "").replace("│", ""), (path, "a help text cut off")


def test_usage_errors_name_arguments_without_braces() -> None:
    result = runner.invoke(app, ["member", "add"], env=QUIET)
    assert result.exit_code == 2
    assert "用法：dangwu member add [选项] 姓名" in result.stderr
    assert "{" not in result.stderr


@pytest.mark.parametrize(
    ("args", "zh", "en"),
    [
        (["member", "add"], "缺少参数 '姓名'。", "Missing argument 'NAME'."),
        (["member", "add", "张伟"], "缺少选项 '--gender'。", "Missing option '--gender'."),
        (["member", "list", "--bogus"], "没有选项 --bogus", "No such option: --bogus"),
        (["member", "list", "--format"], "选项 '--format' 需要一个值。", "requires an argument"),
        (["membr"], "没有命令 'membr'。是不是 'member'？", "Did you mean 'member'?"),
        (["member", "list", "a", "b"], "多余的参数：a b", "unexpected extra argument"),
    ],
)
def test_the_parsers_own_errors_follow_the_language(args: list[str], zh: str, en: str) -> None:
    """Click's messages are English f-strings; in Chinese they are translated whole, with
    the panel's title, and an error raised before any usage line is no exception."""
    result = runner.invoke(app, args, env={**QUIET, "COLUMNS": "200"})
    assert result.exit_code == 2
    assert zh in result.stderr and "错误" in result.stderr, result.stderr
    english = runner.invoke(app, ["--lang", "en", *args], env={**QUIET, "COLUMNS": "200"})
    assert english.exit_code == 2
    assert en in english.stderr and "错误" not in english.stderr, english.stderr


def test_an_unknown_sentence_of_the_parser_stays_as_it_is() -> None:
    from dangwu.cli.usage_zh import translate

    assert translate("Something Click may say one day.") == "Something Click may say one day."
    assert translate("Invalid value for '--x': 'a' is not a valid integer.") == (
        "'--x' 的值无效：'a' 不是整数。"
    )


# -- paragraphs -------------------------------------------------------------------------------


def test_reflow_joins_each_paragraph_into_one_line() -> None:
    text = """First line of a sentence that
    goes on here.

    Second paragraph, 中文句子
    接着写。
    - a list item
    - another

      an indented line
    """
    assert reflow(text) == (
        "First line of a sentence that goes on here.\n\n"
        "Second paragraph, 中文句子接着写。\n- a list item\n- another\n\n  an indented line"
    )


def test_english_examples_are_the_catalogues() -> None:
    assert without_examples("Do it. Example: dangwu x --y 1") == "Do it."
    assert without_examples("Do it.\n\nExamples:\ndangwu x") == "Do it."
    assert without_examples("See the example below.") == "See the example below."


def test_a_hard_wrapped_docstring_wraps_with_the_terminal() -> None:
    out = show("--lang", "en", "member", "void", "-h", width=160)
    # one paragraph, wrapped by Rich at 160 columns, not at the docstring's 88
    assert "kept in the ledger, never counted, listed or found by name again, and not a" in out


def test_chinese_breaks_between_characters_not_only_at_spaces() -> None:
    out = show("member", "away", "-h", width=80)
    lines = [line.strip(" │") for line in out.splitlines()]
    # no line of the description ends far short of the width because a phrase moved down
    paragraph = [line for line in lines if "本支部的会议" in line or "党费仍在" in line]
    assert paragraph and all(len(line) > 30 for line in paragraph), paragraph
    assert not any(line.startswith(("。", "，", "）")) for line in lines)


# -- the catalogue is complete ------------------------------------------------------------


def test_every_command_has_chinese_help_and_examples() -> None:
    missing = [path or "(dangwu)" for path in PATHS if path not in help_zh.COMMANDS]
    assert not missing, f"add to src/dangwu/cli/help_zh.py COMMANDS: {missing}"
    no_examples = [path for path in PATHS if not help_zh.COMMANDS[path].examples]
    assert not no_examples, f"give these an example in help_zh.py: {no_examples}"
    stale = sorted(set(help_zh.COMMANDS) - set(PATHS))
    assert not stale, f"help_zh.py has entries for commands that do not exist: {stale}"


def test_every_option_and_argument_has_chinese_help() -> None:
    missing = []
    for path, command in TREE:
        entry = help_zh.COMMANDS.get(path)
        for param in visible(command):
            key = param_key(param)
            if not (entry and entry.params.get(key)) and key not in help_zh.COMMON:
                missing.append(f"{path or 'dangwu'} {key}")
    assert not missing, f"add the Chinese help of these to help_zh.py: {missing}"


def test_every_value_has_a_name() -> None:
    missing = []
    for path, command in TREE:
        entry = help_zh.COMMANDS.get(path)
        kinds = entry.metavars if entry else {}
        for param in visible(command):
            key = param_key(param)
            if param.param_type_name == "argument":
                kind = kinds.get(key) or help_zh.ARGUMENT_METAVARS.get(key)
            elif param.is_flag or param.count:
                continue
            else:
                kind = kinds.get(key) or help_zh.OPTION_METAVARS.get(key)
            if kind not in help_zh.METAVARS:
                missing.append(f"{path} {key}: {kind}")
    assert not missing, f"name these values in help_zh.py (METAVARS): {missing}"


def test_option_groups_name_real_options() -> None:
    wrong = []
    for path, command in TREE:
        entry = help_zh.COMMANDS.get(path)
        keys = {param_key(p) for p in visible(command)}
        for panel, names in (entry.panels if entry else {}).items():
            wrong += [f"{path} {panel}: no such group"] if panel not in help_zh.PANELS else []
            wrong += [f"{path} {panel}: {name}" for name in names if name not in keys]
        for name in entry.metavars if entry else {}:
            wrong += [] if name in keys else [f"{path} metavars: {name}"]
    assert not wrong, wrong


MARKUP = re.compile(r"\[[a-z#/@][^\[]*?\]")  # what Rich would take for a style tag


def test_no_text_reads_as_rich_markup() -> None:
    texts = [(path, "help", entry.text) for path, entry in help_zh.COMMANDS.items()]
    texts += [
        (path, key, text) for path, e in help_zh.COMMANDS.items() for key, text in e.params.items()
    ]
    texts += [("", key, text) for key, text in help_zh.COMMON.items()]
    texts += [
        (path, "example", line) for path, e in help_zh.COMMANDS.items() for line in e.examples
    ]
    for path, command in TREE:
        texts.append((path, "help (en)", command.help or ""))
        texts += [(path, param_key(p), p.help or "") for p in visible(command)]
    found = [(path, key, MARKUP.search(text)) for path, key, text in texts if MARKUP.search(text)]
    assert not found, found


def test_the_list_line_of_each_command_is_short() -> None:
    # it is what `dangwu GROUP --help` lists: one line at 100 columns
    long = [
        path
        for path, entry in help_zh.COMMANDS.items()
        if len(entry.text.split("\n\n")[0]) > 60 or "\n" in entry.text.split("\n\n")[0]
    ]
    assert not long, f"shorten the first paragraph of: {long}"


# -- the examples are real ----------------------------------------------------------------


def parse(line: str) -> str:
    """The path of the command an example runs, after Click parsed its every argument
    (unknown options, missing values and arguments, bad choices fail here)."""
    args = shlex.split(line)
    assert args[0] == "dangwu", line
    root = typer.main.get_command(build())
    ctx = root.make_context("dangwu", args[1:])
    command, path = root, []
    while hasattr(command, "resolve_command"):
        rest = [*ctx._protected_args, *ctx.args]
        if not rest:
            break
        name, command, rest = command.resolve_command(ctx, rest)
        path.append(name)
        ctx = command.make_context(name, rest, parent=ctx)
    return " ".join(path)


EXAMPLES = [(path, line) for path in help_zh.COMMANDS for line in help_zh.COMMANDS[path].examples]


@pytest.mark.parametrize(("path", "line"), EXAMPLES, ids=[line for _, line in EXAMPLES])
def test_each_example_parses(path: str, line: str, capsys: pytest.CaptureFixture[str]) -> None:
    try:
        ran = parse(line)
    except typer.Exit:  # `dangwu member add -h`: the help was printed
        assert "-h" in line.split() or "--help" in line.split(), line
        return
    # a group's or the root's example may run any command below it
    assert ran == path or ran.startswith(f"{path} ") or path == "", (line, ran)
