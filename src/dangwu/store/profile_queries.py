"""Reading the stored rule profile (overrides of rules/profile.py)."""

from __future__ import annotations

from typing import Any

from ..rules.profile import deadline_day
from .reader import Reader


def stored_profile(reader: Reader) -> dict[str, dict[str, Any]]:
    rows = reader.rows("SELECT code, every, min, enabled, value FROM rule_setting")
    for r in rows:
        r["enabled"] = None if r["enabled"] is None else bool(r["enabled"])
    return {r["code"]: r for r in rows}


def dues_deadline_day(reader: Reader) -> int:
    return deadline_day(stored_profile(reader))
