"""Validation of a person's profile fields, shared by add, transfer-in, edit and import.

Returns every problem at once so an import can report a whole row, and the CLI the first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..errors import DangwuError, Refused
from ..files import NumberCell
from ..i18n import parse_code
from ..parse import MIN_YEAR, parse_optional_date
from ..privacy import mask_phone
from ..rules import identity
from ..rules.names import hidden_character
from ..rules.periods import holds_from

# 党章 art. 1: members are Chinese workers, farmers, … aged eighteen or more.
MIN_MEMBER_AGE = 18

_PHONE = re.compile(r"^\+?[0-9][0-9\- ]{4,19}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MAX_TEXT = 200

TEXT_FIELDS = ("ethnicity", "education", "unit")
DATE_FIELDS = ("birth_date", "admitted_on", "full_on", "joined_on")

# The option each key comes from on the command line.
CLI_NAMES = {
    "name": "NAME",
    "gender": "--gender",
    "stage": "--stage",
    "birth_date": "--birth-date",
    "id_number": "--id-number",
    "ethnicity": "--ethnicity",
    "education": "--education",
    "phone": "--phone",
    "category": "--category",
    "group": "--group",
    "admitted_on": "--admitted-on",
    "full_on": "--full-on",
    "joined_on": "--joined-on",
    "unit": "--unit",
    "occupation": "--occupation",
}


@dataclass
class Problem:
    field: str
    zh: str
    en: str

    def refused(self) -> Refused:
        return Refused(f"{self.field}: {self.zh}", f"{self.field}: {self.en}")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def validate(
    raw: dict[str, Any],
    today: date,
    names: dict[str, str] = CLI_NAMES,
    stages: tuple[str, ...] = ("full", "probationary"),
    partial: bool = False,
) -> tuple[dict[str, Any], list[Problem]]:
    """Check the given keys of `raw` (strings as typed). `partial`: only keys present (edit)."""
    out: dict[str, Any] = {}
    problems: list[Problem] = []

    hidden: set[str] = set()  # fields refused for an invisible character: nothing more on them

    def bad(key: str, zh: str, en: str) -> None:
        if key not in hidden:
            problems.append(Problem(names.get(key, key), zh, en))

    def guard(key: str, fn: Any) -> Any:
        try:
            return fn()
        except DangwuError as err:
            # parse_* name the field themselves; keep only the reason here
            zh = err.zh.split(": ", 1)[-1]
            en = err.en.split(": ", 1)[-1]
            bad(key, zh, en)
            return None

    present = (lambda k: k in raw) if partial else (lambda k: True)

    # an invisible or direction-changing character in any text cell (rules/names.py): the
    # field is refused whatever it is, as on the command line
    for key, value in raw.items():
        if isinstance(value, str) and (found := hidden_character(value)) is not None:
            bad(
                key,
                f"含有不可见或改变文字方向的字符 {found}",
                f"holds an invisible or direction-changing character {found}",
            )
            hidden.add(key)
    raw = {k: (None if k in hidden else v) for k, v in raw.items()}

    if present("name"):
        name = _text(raw.get("name"))
        if not name:
            bad("name", "姓名不能为空", "a name is required")
        elif _CONTROL.search(name) or len(name) > 50:
            bad(
                "name",
                "姓名含控制字符或超过50字",
                "has control characters or is over 50 characters",
            )
        else:
            out["name"] = name
    if present("gender"):
        g = _text(raw.get("gender"))
        if not g:
            bad("gender", "性别不能为空（男/女）", "required (男/女, male/female)")
        else:
            out["gender"] = guard("gender", lambda: parse_code("gender", g, names["gender"]))
    if not partial:  # a stage changes through dated events (dev …), never by edit
        s = _text(raw.get("stage"))
        if not s:
            bad("stage", "人员类别不能为空（正式党员/预备党员）", "required (full/probationary)")
        else:
            out["stage"] = guard("stage", lambda: parse_code("stage", s, names["stage"], stages))
    if present("category"):
        c = _text(raw.get("category"))
        out["category"] = (
            guard("category", lambda: parse_code("category", c, names["category"]))
            if c
            else ("in_service" if not partial else None)
        )
        if partial and out["category"] is None:
            bad("category", "不能为空", "may not be empty")
    for key in DATE_FIELDS:
        if present(key):
            out[key] = guard(key, lambda k=key: parse_optional_date(_text(raw.get(k)), names[k]))
            if out[key] is not None and out[key] > today:
                bad(key, f"{out[key]} 晚于今天", f"{out[key]} is in the future")
    for key in TEXT_FIELDS:
        if present(key):
            v = _text(raw.get(key))
            if v is not None and (_CONTROL.search(v) or len(v) > MAX_TEXT):
                bad(
                    key,
                    f"含控制字符或超过{MAX_TEXT}字",
                    f"control characters or over {MAX_TEXT} chars",
                )
            out[key] = v
    if present("phone"):
        p = _text(raw.get("phone"))
        if p is not None and not _PHONE.match(p):
            # masked like every phone dangwu prints (CLI.md): an error message is output too
            shown = mask_phone(p)
            bad("phone", f"无法识别的电话号码 {shown!r}", f"not a phone number: {shown!r}")
        out["phone"] = p
    if present("group"):
        out["group"] = _text(raw.get("group"))
    if present("occupation"):
        # 职业 (optional): a code of the 党内统计年报's national list (rules/statistics.py)
        o = _text(raw.get("occupation"))
        out["occupation"] = (
            guard("occupation", lambda: parse_code("occupation", o, names["occupation"]))
            if o
            else None
        )
    if present("id_number"):
        n = _text(raw.get("id_number"))
        numeric = isinstance(raw.get("id_number"), NumberCell)
        if n is not None:
            n = identity.normalize(n)
            if cause := identity.spreadsheet_number(n, numeric):
                bad("id_number", cause.zh, cause.en)
            elif "*" in n:
                bad(
                    "id_number",
                    "是遮盖后的号码（导出时请加 --reveal）",
                    "is masked (export with --reveal)",
                )
            else:
                problem = identity.id_problem(n)
                if problem:
                    bad("id_number", problem.zh, problem.en)
                else:
                    out["id_number"] = n
        else:
            out["id_number"] = None
    _cross_check(out, raw, partial, bad, today)
    return out, problems


def _cross_check(
    out: dict[str, Any], raw: dict[str, Any], partial: bool, bad: Any, today: date
) -> None:
    n = out.get("id_number")
    if n:
        born = identity.birth_date_of(n)
        if born is not None and born > today:
            # the same refusal a --birth-date in the future gets: nobody is born later
            bad("id_number", f"出生日期 {born} 晚于今天", f"birth date {born} is in the future")
        elif born is not None and born.year < MIN_YEAR:
            # as a --birth-date before 1900 is refused (and the ledger holds no such day)
            bad(
                "id_number",
                f"出生日期 {born} 的年份早于 {MIN_YEAR}",
                f"birth date {born}: the year is before {MIN_YEAR}",
            )
        elif out.get("birth_date") and out["birth_date"] != born:
            bad(
                "id_number",
                f"出生日期 {born} 与 --birth-date {out['birth_date']} 不符",
                f"birth date {born} does not match the birth date {out['birth_date']}",
            )
        elif "birth_date" in out and out.get("birth_date") is None and not partial:
            out["birth_date"] = born  # the number carries the birth date; keep it
        if out.get("gender") and identity.gender_of(n) != out["gender"]:
            bad(
                "id_number",
                "第17位（性别码）与性别不符",
                "the gender digit (17th) does not match the gender",
            )
    if partial:
        return
    admitted, full, born = out.get("admitted_on"), out.get("full_on"), out.get("birth_date")
    if out.get("stage") == "probationary" and full:
        bad("full_on", "预备党员没有转正日期", "a probationary member has no full-membership date")
    if admitted and full and full < admitted:
        bad(
            "full_on",
            f"转正日期 {full} 早于入党日期 {admitted}",
            f"{full} is before the admission date {admitted}",
        )
    if born and admitted and admitted < holds_from(born, years=MIN_MEMBER_AGE):
        bad(
            "admitted_on",
            f"入党时未满{MIN_MEMBER_AGE}岁（党章第一条）",
            f"under {MIN_MEMBER_AGE} on admission (党章 art. 1)",
        )
    joined = out.get("joined_on")
    if joined and admitted and joined < admitted:
        bad(
            "joined_on",
            f"加入本支部日期 {joined} 早于入党日期 {admitted}",
            f"{joined} is before the admission date {admitted}",
        )
