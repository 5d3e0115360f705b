"""The rule profile in force (`rules show`): every requirement, the dues deadline day and
partial periods, each with its default and whether the branch changed it."""

from __future__ import annotations

from typing import Any

from ..i18n import tr
from ..rules.dues import DEFAULT_DEADLINE_DAY
from ..rules.profile import (
    BY_CODE,
    DEADLINE_CODE,
    OPTIONS,
    deadline_day,
    effective,
    option_on,
)
from ..rules.terms import DEFAULT_TERM_YEARS
from ..store.profile_queries import stored_profile
from ..store.reader import Reader
from .compliance import req_label


def rule_profile(reader: Reader) -> list[dict[str, Any]]:
    stored = stored_profile(reader)
    rows = []
    for req in effective(stored):
        d = BY_CODE[req.code]
        extra: dict[str, Any] = {}
        if req.code == "committee_election":
            # the term in years a ledger without a recorded election counts (rules/terms.py)
            value = (stored.get(req.code) or {}).get("value")
            extra = {"value": int(value) if value else DEFAULT_TERM_YEARS}
        rows.append(
            {
                "code": req.code,
                "label": req_label(req.code),
                "counts": req.counts,
                "every": req.every,
                "min": req.min,
                "scope": req.scope,
                "stages": list(req.stages),
                "enabled": req.enabled,
                "default": {"every": d.every, "min": d.min, "enabled": d.enabled},
                "changed": (req.every, req.min, req.enabled) != (d.every, d.min, d.enabled),
                "source": req.source,
                **extra,
            }
        )
    day = deadline_day(stored)
    rows.append(
        {
            "code": DEADLINE_CODE,
            "label": tr("党费缴纳截止日", "dues deadline day"),
            "counts": None,
            "every": "month",
            "min": None,
            "scope": "branch",
            "stages": [],
            "enabled": True,
            "value": day,
            "default": {"value": DEFAULT_DEADLINE_DAY},
            "changed": day != DEFAULT_DEADLINE_DAY,
            "source": "seed 000 (篇5 党费收缴管理制度 §1: 每月20日前)",
        }
    )
    for option in OPTIONS:
        on = option_on(stored, option.code)
        rows.append(
            {
                "code": option.code,
                "label": tr(option.zh, option.en),
                "counts": None,
                "every": None,
                "min": None,
                "scope": "member" if option.code == "partial_periods" else "branch",
                "stages": [],
                "enabled": on,
                "default": {"enabled": option.default},
                "changed": on != option.default,
                "source": option.source,
            }
        )
    return rows
