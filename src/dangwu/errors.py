"""The project's own exceptions; the CLI maps each to an exit code and one line on stderr."""

from __future__ import annotations


class DangwuError(Exception):
    """Base class. `zh` and `en` hold the message in both languages; the CLI picks one."""

    exit_code = 1

    def __init__(self, zh: str, en: str | None = None) -> None:
        super().__init__(en or zh)
        self.zh = zh
        self.en = en or zh

    def text(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


class Refused(DangwuError):
    """Bad value, unknown reference, rule violation: exit 1, nothing written."""


class MissingLedger(Refused):
    """Any command but init/demo on a ledger file that does not exist."""


class Outstanding(DangwuError):
    """Raised only under --exit-code: the command ran and found something outstanding."""

    exit_code = 3


def field_error(field: str, zh: str, en: str) -> Refused:
    """A refusal that names the field first, the way every bad-input message reads."""
    return Refused(f"{field}: {zh}", f"{field}: {en}")


class RowErrors(Refused):
    """An import with bad rows: a summary line, then one line per problem."""

    def __init__(self, zh: str, en: str, lines_zh: list[str], lines_en: list[str]) -> None:
        super().__init__(zh, en)
        self.lines_zh = lines_zh
        self.lines_en = lines_en

    def detail(self, lang: str) -> list[str]:
        return self.lines_zh if lang == "zh" else self.lines_en
