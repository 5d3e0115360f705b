"""The command-line parser's own errors in Chinese ("Missing argument '人员'." → 缺少参数).

Typer's bundled Click writes its usage errors as English f-strings, not through gettext, so
they cannot be translated by a message catalogue: the finished message is matched against
the sentences it is built from, where each exception formats its message.
A message no pattern knows stays as it is. Our own refusals are already Chinese.
"""

from __future__ import annotations

import re
from typing import Any

# (English sentence as Typer's Click builds it, its Chinese); tried in order, the first
# that matches the whole message wins. Inner sentences (an option's value) are translated
# by the same table, so "Invalid value for '--x': 'a' is not a valid integer." is whole.
_SENTENCES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.DOTALL), zh)
    for pattern, zh in (
        (r"Missing argument (?P<a>'.*')\.(?P<rest>.*)", "缺少参数 {a}。{rest}"),
        (r"Missing option (?P<a>'.*')\.(?P<rest>.*)", "缺少选项 {a}。{rest}"),
        (r"Missing parameter (?P<a>'.*')\.(?P<rest>.*)", "缺少参数 {a}。{rest}"),
        (
            r"No such option: (?P<a>\S+) \(Possible options: (?P<b>.*)\)",
            "没有选项 {a}（可能是：{b}）",
        ),
        (r"No such option: (?P<a>.*)", "没有选项 {a}"),
        (r"No such command (?P<a>'.*')\. Did you mean (?P<b>.*)\?", "没有命令 {a}。是不是 {b}？"),
        (r"No such command (?P<a>'.*')\.", "没有命令 {a}。"),
        (r"Missing command\.", "缺少命令。"),
        (r"Got unexpected extra argument(?:s|\(s\))? \((?P<a>.*)\)", "多余的参数：{a}"),
        (r"Option (?P<a>'.*') requires an argument\.", "选项 {a} 需要一个值。"),
        (r"Option (?P<a>'.*') requires (?P<b>\d+) arguments\.", "选项 {a} 需要 {b} 个值。"),
        (r"Option (?P<a>'.*') does not take a value\.", "选项 {a} 不带值。"),
        (r"Argument (?P<a>'.*') takes (?P<b>\d+) values\.", "参数 {a} 需要 {b} 个值。"),
        (r"Invalid value for (?P<a>.*?): (?P<inner>.*)", "{a} 的值无效：{inner}"),
        (r"Invalid value: (?P<inner>.*)", "值无效：{inner}"),
        (r"(?P<a>.*) is not a valid integer\.", "{a} 不是整数。"),
        (r"(?P<a>.*) is not a valid float\.", "{a} 不是数字。"),
        (r"(?P<a>.*) is not a valid boolean\..*", "{a} 不是是/否值。"),
        (r"(?P<a>.*) is not one of (?P<b>.*)\.", "{a} 不是可用的值（{b}）。"),
        (r"(?P<a>.*) is not in the range (?P<b>.*)\.", "{a} 不在范围 {b} 内。"),
        (r"(?P<a>.*) does not match the formats (?P<b>.*)\.", "{a} 不符合格式 {b}。"),
    )
)


def translate(message: str) -> str:
    """`message` in Chinese where it is one of the parser's sentences."""
    for pattern, zh in _SENTENCES:
        m = pattern.fullmatch(message.strip())
        if m is None:
            continue
        parts = m.groupdict()
        if "inner" in parts:
            parts["inner"] = translate(parts["inner"])
        if parts.get("rest"):
            parts["rest"] = translate(parts["rest"].strip())
        return zh.format(**{k: v or "" for k, v in parts.items()})
    return message


def install() -> None:
    """The parser's exceptions give their message in the command line's language.

    Each exception class's own `format_message` is wrapped once (the modules are loaded
    with Typer already, so this costs nothing)."""
    from typer import exceptions as typer_exceptions
    from typer._click import exceptions

    for module in (exceptions, typer_exceptions):
        for cls in vars(module).values():
            if not isinstance(cls, type) or not issubclass(cls, Exception):
                continue
            own = cls.__dict__.get("format_message")
            if own is not None and not hasattr(own, "_dangwu_original"):
                setattr(cls, "format_message", _translating(own))  # noqa: B010


def _translating(original: Any) -> Any:
    def format_message(self: Any) -> str:
        from . import helptext

        # the error panel's title too: Typer prints it right after the message, and an
        # error raised without a context prints no usage line that would have set it
        helptext.prepare_rich()
        message = original(self)
        return translate(message) if helptext.current_language() == "zh" else message

    format_message._dangwu_original = original  # type: ignore[attr-defined]
    return format_message
