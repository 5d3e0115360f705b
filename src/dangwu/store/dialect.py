"""The read path's SQL, written once for SQLite, spoken to PostgreSQL.

Reports and checks are plain SQL strings tuned for SQLite, the default backend. The few
SQLite-only spellings they use have exact PostgreSQL counterparts, rewritten here once per
statement, so there is one query per report and not one per backend:

- `group_concat(x)` → `string_agg(CAST(x AS TEXT), ',')` (same separator, same NULL
  skipping; SQLite joins numbers as text, PostgreSQL wants text);
- `MAX(a, b, …)` with several arguments (SQLite's scalar max) → `GREATEST(a, b, …)`;
  dangwu only calls it on arguments that are never NULL, where the two agree;
- `+t.col`, SQLite's idiom for "do not use an index for this term" → `t.col`;
- `substr(x, …)` on a date: SQLite stores dates as ISO text, PostgreSQL as dates, which
  `CAST(x AS TEXT)` turns into the same ISO text (the session's DateStyle is ISO).

tests/unit/test_dialect.py pins each rewrite; tests/pg/ runs every report on both backends
and compares their output byte for byte.
"""

from __future__ import annotations

import re
from functools import lru_cache

_HINT = re.compile(r"(?<![\w)\]'\"])\+(?=[A-Za-z_]\w*\.[A-Za-z_])")
_CALL = re.compile(r"\b(group_concat|MAX|max|substr)\(")


def _split_call(sql: str, open_at: int) -> tuple[list[str], int]:
    """The top-level arguments of the call whose '(' is at open_at, and the index of its ')'."""
    depth, quote, start, args = 0, "", open_at + 1, []
    for i in range(open_at, len(sql)):
        ch = sql[i]
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                args.append(sql[start:i])
                return args, i
        elif ch == "," and depth == 1:
            args.append(sql[start:i])
            start = i + 1
    raise ValueError(f"unbalanced parentheses in SQL: {sql[:80]!r}")


def _in_literal(sql: str, at: int) -> bool:
    """Whether position `at` lies inside a quoted literal or identifier."""
    quote = ""
    for ch in sql[:at]:
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
    return bool(quote)


def _rewrite_calls(sql: str) -> str:
    out, pos = [], 0
    while True:
        match = _CALL.search(sql, pos)
        if match is None:
            out.append(sql[pos:])
            return "".join(out)
        if _in_literal(sql, match.start()):
            out.append(sql[pos : match.end()])
            pos = match.end()
            continue
        name = match.group(1)
        args, close = _split_call(sql, match.end() - 1)
        args = [_rewrite_calls(a) for a in args]
        out.append(sql[pos : match.start()])
        if name == "group_concat":
            # SQLite joins numbers as text; string_agg takes text only
            sep = args[1] if len(args) > 1 else " ','"
            out.append(f"string_agg(CAST({args[0].strip()} AS TEXT),{sep})")
        elif name.lower() == "max" and len(args) > 1:
            out.append(f"GREATEST({','.join(args)})")
        elif name == "substr":
            out.append(f"substr(CAST({args[0].strip()} AS TEXT),{','.join(args[1:])})")
        else:
            out.append(f"{name}({','.join(args)})")
        pos = close + 1


@lru_cache(maxsize=512)
def to_postgresql(sql: str) -> str:
    return _rewrite_calls(_HINT.sub("", sql))
