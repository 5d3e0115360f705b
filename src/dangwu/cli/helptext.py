"""`--help` in the reader's language: Chinese by default, English with `--lang en`.

The English help is the source, in the code (docstrings and `help=`); the Chinese help,
every command's examples, the option groups and the value names (`--on 日期`, `--on DATE`)
are in the catalogue, help_zh.py. `RootGroup` decides the language from the command line
(`--lang` wherever it stands) or $DANGWU_LANG before anything is parsed; then each command,
as it parses its arguments, sets its help and its parameters' for that language
(`localize_here`), keeping the English originals, so the next invocation in the same
process may be English again.

What the reader sees, in either language: a usage line without Typer's `{name}` and
`<str>`; paragraphs that wrap with the terminal (a hard-wrapped docstring is joined back
into one line per paragraph); the options in groups; and the examples last ("示例：" or
"Examples:"), each line as it is typed.
"""

from __future__ import annotations

import copy
import inspect
import os
import re
import sys
from collections.abc import Iterable, Mapping
from typing import Any

from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from . import help_zh

LANGUAGES = ("zh", "en")
_language = "en"  # the help's language; set by `localize`


def language(args: Iterable[str]) -> str:
    """The help's language for a command line: its last `--lang`, else $DANGWU_LANG, else
    zh (an unknown value is the root command's error to report, in Chinese)."""
    given: str | None = None
    tokens = list(args)
    for i, token in enumerate(tokens):
        if token == "--":
            break
        if token == "--lang" and i + 1 < len(tokens):
            given = tokens[i + 1]
        elif token.startswith("--lang="):
            given = token.split("=", 1)[1]
    chosen = (given or os.environ.get("DANGWU_LANG") or "zh").strip().lower()
    return chosen if chosen in LANGUAGES else "zh"


# -- text ----------------------------------------------------------------------------------

# a line that starts a line of its own in a reflowed paragraph: indented, or a list item
_OWN_LINE = re.compile(r"^(\s+\S|[-*•·] |\d+[.)] )")
_EXAMPLE = re.compile(r"(^|(?<=\s))Examples?:")


def _cjk(char: str) -> bool:
    return "\u2e80" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef"


def reflow(text: str | None) -> str:
    """Each paragraph (blank-line separated) as one line, so the terminal wraps it; indented
    lines and list items keep a line of their own. Lines are joined with a space, except
    between two Chinese characters."""
    if not text:
        return ""
    paragraphs = re.split(r"\n\s*\n", inspect.cleandoc(text))
    out = []
    for paragraph in paragraphs:
        lines: list[str] = []
        for line in paragraph.split("\n"):
            if lines and line.strip() and not _OWN_LINE.match(line):
                head, tail = lines[-1].rstrip(), line.strip()
                glue = "" if head and _cjk(head[-1]) and _cjk(tail[0]) else " "
                lines[-1] = head + glue + tail
            elif line.strip():
                lines.append(line.rstrip())
        if lines:
            out.append("\n".join(lines))
    return "\n\n".join(out)


def without_examples(text: str) -> str:
    """The English help up to its "Example:" (the catalogue's examples are shown instead)."""
    match = _EXAMPLE.search(text)
    if match is None:
        return text
    return text[: match.start()].rstrip()


def first_paragraph(text: str) -> str:
    return text.split("\n\n", 1)[0].replace("\n", " ").strip()


_EXAMPLES_MARK = "[bold]"  # how the examples start (Rich markup: the title in bold)


def examples_block(examples: tuple[str, ...], lang: str) -> str | None:
    if not examples:
        return None
    title = "示例：" if lang == "zh" else ("Example:" if len(examples) == 1 else "Examples:")
    return "\n".join([f"{_EXAMPLES_MARK}{title}[/bold]", *examples])


# -- the tree ------------------------------------------------------------------------------


def param_key(param: Any) -> str:
    """How the catalogue names a parameter: an option by its first long name (`--on`), an
    argument by the name English help shows (`REF`, `ID`)."""
    if isinstance(param, TyperArgument) or getattr(param, "param_type_name", "") == "argument":
        original = _original(param)["metavar"]
        return str(original or (param.name or "").upper()).rstrip("_")
    names = [*param.opts, *param.secondary_opts]
    return next((n for n in names if n.startswith("--")), names[0] if names else "")


def _original(obj: Any) -> dict[str, Any]:
    """The English as the code has it, kept on first sight."""
    kept: dict[str, Any] | None = obj.__dict__.get("_dangwu_en")
    if kept is None:
        kept = {
            "help": getattr(obj, "help", None),
            "short_help": getattr(obj, "short_help", None),
            "epilog": getattr(obj, "epilog", None),
            "metavar": getattr(obj, "metavar", None),
            "panel": getattr(obj, "rich_help_panel", None),
            "type": getattr(obj, "type", None),
        }
        obj.__dict__["_dangwu_en"] = kept
    return kept


def set_language(lang: str) -> None:
    global _language
    _language = lang if lang in LANGUAGES else "zh"
    from .usage_zh import install

    install()


def current_language() -> str:
    return _language


def localize(command: Any, lang: str, path: tuple[str, ...] = ()) -> None:
    """Set the help of `command` and of every command below it to `lang` (the whole tree:
    a command line needs only `localize_here` on its way down)."""
    set_language(lang)
    _command(command, " ".join(path))
    for name, sub in getattr(command, "commands", {}).items():
        localize(sub, lang, (*path, name))


def localize_here(command: Any, ctx: Any) -> None:
    """The help of the command a context is parsing, and the lines its list of commands
    shows: all that its --help, its usage errors and its completions print."""
    names = []
    while ctx.parent is not None:
        names.append(ctx.info_name or "")
        ctx = ctx.parent
    path = " ".join(reversed(names))
    _command(command, path)
    for name, sub in getattr(command, "commands", {}).items():
        _command(sub, f"{path} {name}".lstrip(), params=False)


def _command(command: Any, path: str, params: bool = True) -> None:
    zh = _language == "zh"
    entry = help_zh.COMMANDS.get(path)
    en = _original(command)
    english = without_examples(reflow(en["help"]))
    if zh and entry is not None:
        command.help = entry.text
        command.short_help = first_paragraph(entry.text)
    else:
        command.help = english
        command.short_help = en["short_help"] or (first_paragraph(english) or None)
    if not params:
        return
    examples = entry.examples if entry is not None else ()
    command.epilog = examples_block(examples, _language) or en["epilog"]
    shown = [p for p in command.params if not getattr(p, "hidden", False)]
    options = [p for p in shown if isinstance(p, TyperOption)]
    for param in shown:
        _param(param, entry, options)


def _param(param: Any, entry: help_zh.Help | None, options: list[Any]) -> None:
    zh = _language == "zh"
    en = _original(param)
    key = param_key(param)
    texts = entry.params if entry is not None else {}
    chinese = texts.get(key) or help_zh.COMMON.get(key)
    param.help = chinese if zh and chinese else reflow(en["help"])
    kinds = entry.metavars if entry is not None else {}
    if isinstance(param, TyperArgument):
        kind = kinds.get(key) or help_zh.ARGUMENT_METAVARS.get(key)
        param.metavar = help_zh.METAVARS[kind][0] if zh and kind else key
        _quiet_type(param, en["type"])
    elif isinstance(param, TyperOption) and not (param.is_flag or param.count):
        kind = kinds.get(key) or help_zh.OPTION_METAVARS.get(key)
        if zh and kind:
            param.metavar = help_zh.METAVARS[kind][0]
        else:
            param.metavar = en["metavar"] or help_zh.METAVARS[kind or "text"][1]
    panel = _panel(param, key, entry, options)
    param.rich_help_panel = help_zh.PANELS[panel][0 if zh else 1] if panel else en["panel"]


def _panel(param: Any, key: str, entry: help_zh.Help | None, options: list[Any]) -> str | None:
    """The group an option is listed in: the catalogue's, else output and --force options
    apart on a command with many options; required ones stay with the first."""
    if param.required or not isinstance(param, TyperOption):
        return None
    for panel, names in (entry.panels if entry is not None else {}).items():
        if key in names:
            return panel
    if len(options) < help_zh.GROUP_FROM:
        return None
    keys = {param_key(o) for o in options}
    if key == "--reason" and "--force" not in keys:
        return None
    return help_zh.DEFAULT_PANELS.get(key)


def _quiet_type(param: Any, original: Any) -> None:
    """An argument's type without the name Typer prints beside it (`<str>`, `<path>`)."""
    if original is None or getattr(param.type, "_dangwu_quiet", False):
        return
    quiet = copy.copy(original)
    quiet.get_metavar = lambda *args, **kwargs: ""
    quiet._dangwu_quiet = True
    param.type = quiet


# -- what Typer prints around the help -------------------------------------------------------

# Typer's fixed strings (typer.rich_utils), in Chinese; the English are Typer's own
_RICH_ZH = {
    "ARGUMENTS_PANEL_TITLE": "参数",
    "OPTIONS_PANEL_TITLE": "选项",
    "COMMANDS_PANEL_TITLE": "命令",
    "REQUIRED_LONG_STRING": "[必填]",
    "DEFAULT_STRING": "[默认：{}]",
    "ENVVAR_STRING": "[环境变量：{}]",
    "ERRORS_PANEL_TITLE": "错误",
    "RICH_HELP": "运行 [blue]'{command_path} {help_option}'[/] 查看帮助。",
}
_rich_en: dict[str, Any] = {}


def prepare_rich() -> None:
    """Typer's panel titles and notes in the help's language, and its texts wrapped the
    Chinese way (below). Only once Typer's rich help is loaded: printing help or an error
    loads it, nothing else needs it."""
    rich_utils = sys.modules.get("typer.rich_utils")
    if rich_utils is None:
        return
    if not _rich_en:
        _rich_en.update({name: getattr(rich_utils, name) for name in _RICH_ZH})
    chosen: Mapping[str, Any] = _RICH_ZH if _language == "zh" else _rich_en
    for name, value in chosen.items():
        setattr(rich_utils, name, value)
    make = getattr(rich_utils, "_make_rich_text", None)
    if callable(make) and not getattr(make, "_dangwu_wraps", False):
        setattr(rich_utils, "_make_rich_text", _wrapping(make))  # noqa: B010 - Typer's, private


# Rich breaks a line only at a space: a Chinese sentence would move to the next line whole,
# or end in "…" where it is wider than its column. In help texts a "word" is also one
# Chinese character, with the opening punctuation before it and the closing after it (no
# "。" at a line's start), and a word wider than the line is folded, not cut. Examples keep
# Rich's way: a command line breaks between its arguments only.
_OPENING = "（「『“‘《〈【〔"
_CLOSING = "，。；：、！？）」』”’》〉】〕…"


class _Word:
    """What `rich._wrap.words` reads of a regex match."""

    __slots__ = ("text", "start", "end")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text, self.start, self.end = text, start, end

    def span(self) -> tuple[int, int]:
        return self.start, self.end

    def group(self, _: int = 0) -> str:
        return self.text[self.start : self.end]


class _ChineseWords:
    """`rich._wrap.re_word` (`\\s*\\S+\\s*`) where a Chinese character is a word of its own
    (by hand: a regex of these character classes takes 3 ms to compile)."""

    def match(self, text: str, pos: int) -> _Word | None:
        end = len(text)
        i = pos
        while i < end and text[i].isspace():
            i += 1
        first = i
        while i < end and text[i] in _OPENING:
            i += 1
        if i < end and text[i] >= "\u2e80":
            i += 1
        else:
            while i < end and not text[i].isspace() and text[i] < "\u2e80":
                i += 1
        while i < end and text[i] in _CLOSING:
            i += 1
        if i == first:
            return None
        while i < end and text[i].isspace():
            i += 1
        return _Word(text, pos, i)


def _wrapping(make: Any) -> Any:
    from rich import _wrap
    from rich.text import Text

    chinese_words = _ChineseWords()

    class ChineseText(Text):
        __slots__ = ()

        def wrap(self, *args: Any, **kwargs: Any) -> Any:
            saved = _wrap.re_word
            _wrap.re_word = chinese_words  # type: ignore[assignment]
            try:
                return super().wrap(*args, **kwargs)
            except (AttributeError, TypeError):  # a Rich that splits words another way
                _wrap.re_word = saved
                return super().wrap(*args, **kwargs)
            finally:
                _wrap.re_word = saved

    def make_wrapping(*args: Any, **kwargs: Any) -> Any:
        text = make(*args, **kwargs)
        if type(text) is Text and not str(kwargs.get("text", "")).startswith(_EXAMPLES_MARK):
            text.__class__ = ChineseText
            text.overflow = text.overflow or "fold"
        return text

    make_wrapping._dangwu_wraps = True  # type: ignore[attr-defined]
    return make_wrapping


def _usage_pieces(command: Any, ctx: Any, group: bool) -> list[str]:
    zh = _language == "zh"
    pieces = [("[选项]" if zh else "[OPTIONS]")] if command.options_metavar else []
    for param in command.get_params(ctx):
        if isinstance(param, TyperArgument):
            name = param.metavar or (param.name or "").upper()
            name += "..." if param.nargs != 1 else ""
            pieces.append(name if param.required else f"[{name}]")
    if group:
        pieces.append("命令 [参数]..." if zh else "COMMAND [ARGS]...")
    return pieces


def _format_usage(command: Any, ctx: Any, formatter: Any, group: bool) -> None:
    prepare_rich()
    pieces = " ".join(_usage_pieces(command, ctx, group))
    formatter.write_usage(ctx.command_path, pieces, "用法：" if _language == "zh" else None)


def _help_option(option: Any) -> Any:
    if option is not None:
        option.help = help_zh.COMMON["--help"] if _language == "zh" else _original(option)["help"]
    return option


def _format_epilog(command: Any, formatter: Any) -> None:
    """Without rich: the examples line by line (Click would join them into a paragraph)."""
    if command.epilog:
        formatter.write_paragraph()
        for line in command.epilog.splitlines():
            line = re.sub(r"\[/?bold\]", "", line)
            formatter.write(f"{'':>{formatter.current_indent}}{line}\n")


class LocalizedCommand(TyperCommand):
    """A command whose help follows `localize`."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        localize_here(self, ctx)
        return super().parse_args(ctx, args)

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return _usage_pieces(self, ctx, group=False)

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        _format_usage(self, ctx, formatter, group=False)

    def get_help_option(self, ctx: Any) -> Any:
        return _help_option(super().get_help_option(ctx))

    def format_epilog(self, ctx: Any, formatter: Any) -> None:
        _format_epilog(self, formatter)


class LocalizedGroup(TyperGroup):
    """A group whose help follows `localize`."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        localize_here(self, ctx)
        return super().parse_args(ctx, args)

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return _usage_pieces(self, ctx, group=True)

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        _format_usage(self, ctx, formatter, group=True)

    def get_help_option(self, ctx: Any) -> Any:
        return _help_option(super().get_help_option(ctx))

    def format_epilog(self, ctx: Any, formatter: Any) -> None:
        _format_epilog(self, formatter)
