"""Citizen ID numbers (公民身份号码) per GB 11643-1999.

An 18-character number: 6-digit address code, 8-digit birth date (YYYYMMDD), 3-digit
sequence whose last digit is odd for men and even for women (GB 11643-1999 §4.3), and a
check character computed with ISO 7064 MOD 11-2 (GB 11643-1999 §4.4/§8.2).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# GB 11643-1999 §8.2: weights W_i = 2^(i-1) mod 11 for positions 18..2.
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
# GB 11643-1999 §8.2: check value for (sum mod 11) = 0..10.
CHECK_CHARS = "10X98765432"

_SHAPE = re.compile(r"^\d{17}[\dX]$")


@dataclass(frozen=True)
class IdProblem:
    code: str  # shape | birth_date | check_digit
    zh: str
    en: str


def check_char(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def normalize(number: str) -> str:
    return number.strip().upper().replace(" ", "")


def id_problem(number: str) -> IdProblem | None:
    """None when the number is well formed; otherwise what is wrong with it."""
    n = normalize(number)
    if not _SHAPE.match(n):
        return IdProblem(
            "shape",
            "应为18位（前17位数字，末位数字或X）",
            "must be 18 characters: 17 digits and a digit or X",
        )
    if birth_date_of(n) is None:
        return IdProblem(
            "birth_date", "第7–14位不是真实的出生日期", "digits 7-14 are not a real birth date"
        )
    expected = check_char(n[:17])
    if n[17] != expected:
        return IdProblem(
            "check_digit",
            f"校验位错误（应为 {expected}）",
            f"wrong check digit (expected {expected})",
        )
    return None


def birth_date_of(number: str) -> date | None:
    n = normalize(number)
    try:
        return date(int(n[6:10]), int(n[10:12]), int(n[12:14]))
    except ValueError:
        return None


def gender_of(number: str) -> str:
    """'male' when the 17th digit is odd, else 'female' (GB 11643-1999 §4.3.3)."""
    return "male" if int(normalize(number)[16]) % 2 == 1 else "female"


def make_id(area: str, birth: date, seq: int, gender: str) -> str:
    """Build a valid number (for sample data and tests): seq 0..99 plus the gender digit."""
    digit = (seq % 5) * 2 + (1 if gender == "male" else 0)
    body = f"{area}{birth:%Y%m%d}{seq // 5 % 100:02d}{digit}"
    return body + check_char(body)
