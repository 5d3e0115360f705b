"""The audit trail's hash chain: each entry's hash covers its content and the previous hash.

An entry edited behind dangwu's back no longer matches its own hash; one deleted breaks the
link of the entry after it; the last one deleted no longer matches the head kept in
branch_setting. Pure functions, shared by the writer, `db check` and nothing else (migration
0005 keeps its own frozen copy, as a migration must not change when this code does).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

# the hash "before" the first entry
GENESIS = "0" * 64
# branch_setting key holding "<id>:<hash>" of the newest entry
HEAD_KEY = "audit_head"
# the columns an entry's hash covers, in this order
CHAINED = (
    "id",
    "at",
    "command",
    "action",
    "table_name",
    "row_id",
    "before",
    "after",
    "reason",
)


def link(prev_hash: str, values: Sequence[Any]) -> str:
    """The hash of one entry: `values` are its CHAINED columns, in order."""
    body = json.dumps(list(values), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{prev_hash}\n{body}".encode()).hexdigest()


def head_value(entry_id: int, entry_hash: str) -> str:
    return f"{entry_id}:{entry_hash}"
