"""Shell completion of values (issue 21, item 7): meeting types, stages, formats, rule codes,
roles, group and member names. Attached to the command tree by parameter name when the shell
asks (cli/tree.py RootGroup), so the commands' own declarations stay as they are.

Names come from the ledger through the standard library's sqlite3 (no SQLAlchemy import):
a completion must answer while the user waits at the prompt (under 0.2 s at 10,000 people).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from typing import Any

Complete = Callable[[Any, Any, str], list[str]]


def _starting(values: Iterable[str], incomplete: str) -> list[str]:
    return [v for v in dict.fromkeys(values) if v.startswith(incomplete)]


def _labelled(kind: str) -> Complete:
    """The codes of a label kind and their Chinese words (parse_code accepts both)."""

    def complete(ctx: Any, param: Any, incomplete: str) -> list[str]:
        from ..i18n import LABELS

        table = LABELS[kind]
        return _starting([*table, *(zh for zh, _ in table.values())], incomplete)

    return complete


def _fixed(values: Callable[[], Iterable[str]]) -> Complete:
    def complete(ctx: Any, param: Any, incomplete: str) -> list[str]:
        return _starting(values(), incomplete)

    return complete


def _ledger_names(sql: str) -> Complete:
    def complete(ctx: Any, param: Any, incomplete: str) -> list[str]:
        return _query(ctx, sql, incomplete)

    return complete


def _query(ctx: Any, sql: str, incomplete: str) -> list[str]:
    """Values from the ledger file the command line (or DANGWU_DB, or the default) names;
    nothing from a server or when the file cannot be read."""
    import os

    from ..store.address import is_server
    from ..store.paths import resolve_db

    root = ctx.find_root()
    option = root.params.get("db_path") if root.params else None
    text = option or os.environ.get("DANGWU_DB") or ""
    if is_server(text):
        return []
    path = resolve_db(option)
    if not path.is_file():
        return []
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=0.1)
        try:
            rows = con.execute(sql, (incomplete.replace("%", "") + "%",)).fetchall()
        finally:
            con.close()
    except sqlite3.Error:
        return []
    return [str(r[0]) for r in rows]


def _formats() -> Iterable[str]:
    from ..render import FORMATS

    return FORMATS


def _rule_codes() -> Iterable[str]:
    from ..rules.profile import DEADLINE_CODE, OPTIONS, REQUIREMENTS

    return [*(r.code for r in REQUIREMENTS), DEADLINE_CODE, *(o.code for o in OPTIONS)]


def _log_kinds() -> Iterable[str]:
    from ..rules.development import LOG_KINDS

    return LOG_KINDS


def _every() -> Iterable[str]:
    from ..rules.profile import EVERY

    return EVERY


def _away_kinds() -> Iterable[str]:
    return ("card", "letter", "活动证", "证明信")


def _lost_reasons() -> Iterable[str]:
    return (
        "外出务工经商",
        "单位改制",
        "毕业去向不明",
        "工作单位改变",
        "出国（境）",
        "居住地改变",
        "其他",
    )


MEMBERS = _ledger_names(
    "SELECT name FROM person WHERE voided_on IS NULL AND left_on IS NULL AND name LIKE ?"
    " ORDER BY name LIMIT 200"
)
GROUPS = _ledger_names(
    "SELECT name FROM party_group WHERE closed_on IS NULL AND name LIKE ? ORDER BY id LIMIT 200"
)

# parameter name → what completes it; (command, parameter) first, for the names whose
# meaning depends on the command
BY_COMMAND: dict[tuple[str, str], Complete] = {
    ("lost", "reason"): _fixed(_lost_reasons),
    ("set", "code"): _fixed(_rule_codes),
    ("log", "kind"): _fixed(_log_kinds),
    ("away", "kind"): _fixed(_away_kinds),
}
BY_NAME: dict[str, Complete] = {
    "fmt": _fixed(_formats),
    "ref": MEMBERS,
    "member": MEMBERS,
    "leader": MEMBERS,
    "host": MEMBERS,
    "recorder": MEMBERS,
    "speaker": MEMBERS,
    "with_": MEMBERS,
    "by": MEMBERS,
    "group": GROUPS,
    "type_": _labelled("meeting_type"),
    "stage": _labelled("stage"),
    "gender": _labelled("gender"),
    "category": _labelled("category"),
    "role": _labelled("role"),
    "grade": _labelled("grade"),
    "every": _fixed(_every),
    "lang": _fixed(lambda: ("zh", "en")),
}


def attach(command: Any, parent: str = "") -> None:
    """Give each parameter of the tree under `command` its completion, where one is known."""
    for param in command.params:
        if getattr(param, "_custom_shell_complete", None) is not None:
            continue
        found = BY_COMMAND.get((command.name, param.name)) or BY_NAME.get(param.name)
        if param.name == "name" and parent == "group":
            found = GROUPS
        if found is not None:
            param._custom_shell_complete = found
    for sub in getattr(command, "commands", {}).values():
        attach(sub, command.name or "")
