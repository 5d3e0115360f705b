"""The rule profile in force (`rules show`): every requirement, the dues deadline day and
partial periods, each with its default and whether the branch changed it."""

from __future__ import annotations

from typing import Any

from ..i18n import tr
from ..rules.dues import DEFAULT_DEADLINE_DAY
from ..rules.profile import (
    BY_CODE,
    DEADLINE_CODE,
    PARTIAL_CODE,
    PARTIAL_SOURCE,
    deadline_day,
    effective,
    partial_periods,
)
from ..store.profile_queries import stored_profile
from ..store.reader import Reader
from .compliance import req_label


def rule_profile(reader: Reader) -> list[dict[str, Any]]:
    stored = stored_profile(reader)
    rows = []
    for req in effective(stored):
        d = BY_CODE[req.code]
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
    partial = partial_periods(stored)
    rows.append(
        {
            "code": PARTIAL_CODE,
            "label": tr("不满一期也计入（按人员要求）", "partial sub-periods count (per person)"),
            "counts": None,
            "every": None,
            "min": None,
            "scope": "member",
            "stages": [],
            "enabled": partial,
            "default": {"enabled": False},
            "changed": partial,
            "source": PARTIAL_SOURCE,
        }
    )
    return rows
