"""`rules set`: the branch's own frequencies and minimums, audited."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from ..errors import Refused
from ..rules.profile import BY_CODE, DEADLINE_CODE, DEADLINE_RANGE, EVERY, OPTION_BY_CODE
from ..rules.terms import TERM_YEARS
from ..store import audit
from ..store.models import RuleSetting

MAX_MIN = 31  # nobody holds more than a meeting a day of one kind


def set_rule(
    session: Session,
    code: str,
    every: str | None,
    minimum: str | None,
    enabled: bool | None,
    value: str | None,
) -> RuleSetting:
    code = (code or "").strip()
    if code != DEADLINE_CODE and code not in OPTION_BY_CODE and code not in BY_CODE:
        known = ", ".join([*BY_CODE, DEADLINE_CODE, *OPTION_BY_CODE])
        raise Refused(
            f"CODE: 未知的规则 {code!r}，可用 {known}",
            f"CODE: unknown rule {code!r}; use one of {known}",
        )
    if every is None and minimum is None and enabled is None and value is None:
        raise Refused(
            "CODE: 没有要修改的内容（--every、--min、--on/--off）",
            "CODE: nothing to change (give --every, --min, --on or --off)",
        )
    row = session.get(RuleSetting, code) or RuleSetting(code=code)
    before: dict[str, Any] | None = (
        audit.row_dict(row)
        if row.every or row.min is not None or row.enabled is not None or row.value is not None
        else None
    )
    if code in OPTION_BY_CODE:
        if every is not None or minimum is not None or value is not None:
            field = (
                "--every" if every is not None else ("--min" if minimum is not None else "--value")
            )
            raise Refused(
                f"{field}: {code} 只能用 --on 或 --off 设置",
                f"{field}: {code} takes --on or --off only",
            )
        row.enabled = enabled
    elif code == DEADLINE_CODE:
        if every is not None or enabled is not None:
            field = "--every" if every is not None else "--on/--off"
            raise Refused(
                f"{field}: 缴费截止日只能用 --value 设置（1–28）",
                f"{field}: the dues deadline day takes --value (1-28) only",
            )
        # CLI.md's `rules set` has --min alone: the day is taken from it as from --value
        if value is not None and minimum is not None:
            raise Refused(
                "--min: 缴费截止日只需给一次（--value 或 --min）",
                "--min: give the deadline day once (--value or --min)",
            )
        field = "--value" if value is not None else "--min"
        text = value if value is not None else minimum
        if (
            text is None
            or not text.strip().isdecimal()
            or len(text.strip()) > 6  # int() refuses over 4,300 digits
            or not DEADLINE_RANGE[0] <= int(text) <= DEADLINE_RANGE[1]
        ):
            raise Refused(
                f"{field}: 缴费截止日应为 1–28 的整数：{text!r}",
                f"{field}: the deadline day must be 1-28: {text!r}",
            )
        row.value = int(text)
    else:
        if value is not None and code != "committee_election":
            raise Refused(
                "--value: 只用于 dues_deadline_day 和 committee_election（任期年数）",
                "--value: only for dues_deadline_day and committee_election (the term in years)",
            )
        if code == "committee_election" and (every is not None or minimum is not None):
            field = "--every" if every is not None else "--min"
            raise Refused(
                f"{field}: 换届按任期计算，用 --value 设置任期年数（{'或'.join(map(str, TERM_YEARS))}）",
                f"{field}: elections follow the term; set its years with --value"
                f" ({' or '.join(map(str, TERM_YEARS))})",
            )
        if value is not None:
            years = value.strip()
            if not years.isdecimal() or len(years) > 2 or int(years) not in TERM_YEARS:
                raise Refused(
                    f"--value: 任期应为 {'或'.join(map(str, TERM_YEARS))} 年（党章第三十一条）：{value!r}",
                    f"--value: a term is {' or '.join(map(str, TERM_YEARS))} years"
                    f" (党章 art. 31): {value!r}",
                )
            row.value = int(years)
        if every is not None:
            e = every.strip().lower()
            if e not in EVERY:
                raise Refused(
                    f"--every: 应为 {'/'.join(EVERY)}：{every!r}",
                    f"--every: use one of {', '.join(EVERY)}: {every!r}",
                )
            row.every = e
        if minimum is not None:
            t = minimum.strip()
            if not t.isdecimal() or len(t) > 6 or not 1 <= int(t) <= MAX_MIN:
                raise Refused(
                    f"--min: 应为 1–{MAX_MIN} 的整数（停用请用 --off）：{minimum!r}",
                    f"--min: a whole number 1-{MAX_MIN} (use --off to turn a rule off): {minimum!r}",
                )
            row.min = int(t)
        if enabled is not None:
            row.enabled = enabled
    session.add(row)
    session.flush()
    audit.record(
        session, "rules.set", "rule_setting", None, before=before, after=audit.row_dict(row)
    )
    return row
