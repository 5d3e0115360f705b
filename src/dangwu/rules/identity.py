"""Citizen ID numbers (公民身份号码) per GB 11643-1999.

An 18-character number: 6-digit address code, 8-digit birth date (YYYYMMDD), 3-digit
sequence whose last digit is odd for men and even for women (GB 11643-1999 §4.3), and a
check character computed with ISO 7064 MOD 11-2 (GB 11643-1999 §4.4/§8.2).
"""

from __future__ import annotations

import re
import unicodedata
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
    """Spaces out, X upper case, full-width digits and letters as ASCII (NFKC: ０-９, Ｘ)."""
    return unicodedata.normalize("NFKC", number).strip().upper().replace(" ", "")


# A spreadsheet number shown in scientific notation (1.10101E+17): what Excel and WPS show,
# and write to CSV, for an ID number typed into a cell not formatted as text.
_SCIENTIFIC = re.compile(r"^\d(?:\.\d+)?E\+?\d+$")
# Excel and WPS keep 15 significant digits: an 18-digit number in a number cell has lost
# its last three (they read as zeros or as rounding).
SPREADSHEET_DIGITS = 15

SPREADSHEET_NUMBER = IdProblem(
    "spreadsheet_number",
    "在表格中是数字格式（Excel/WPS 只保留15位有效数字，末几位已丢失）：请把该列设为“文本”后重新填写号码",
    "is stored as a number in the spreadsheet (Excel and WPS keep 15 significant digits; the"
    " last ones are lost): format the column as Text and type the numbers again",
)


def spreadsheet_number(number: str, numeric_cell: bool) -> IdProblem | None:
    """The cause when an ID number went through a spreadsheet's number format: the cell held a
    number of more than 15 digits, or the text is in scientific notation."""
    n = normalize(number)
    if _SCIENTIFIC.match(n):
        return SPREADSHEET_NUMBER
    # a program may write all 18 digits into a number cell: only a number that lost them
    # (no longer a valid ID number) is the spreadsheet's doing
    if numeric_cell and len(n) > SPREADSHEET_DIGITS and id_problem(n) is not None:
        return SPREADSHEET_NUMBER
    return None


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
