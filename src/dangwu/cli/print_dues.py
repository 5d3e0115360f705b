"""`dangwu print dues-register --year Y -o FILE`: the year's 党费收缴登记表."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from .common import AsOfOpt, handled, open_ledger, say
from .print_ import app

Opt = typer.Option


@app.command("dues-register")
@handled
def dues_register(
    year: Annotated[str, Opt("--year", help="The year (e.g. 2026).")],
    output: Annotated[
        Path,
        Opt(
            "--output", "-o", metavar="FILE", help="A new .docx or .xlsx file (never overwritten)."
        ),
    ],
    as_of: AsOfOpt = None,
) -> None:
    """The year's dues register (党费收缴登记表), as DOCX or XLSX.

    Per member the monthly income, the rate, the
    monthly due, each month's payment and the day it was paid (补 when after the month's
    deadline, 未交 when past it and unpaid), the year's due, paid, paid late (补交) and still
    owed, with totals — the same figures as `dues statement --year Y` on the same day. A Word
    file is A4 landscape with the header on every page; a workbook gives each month an
    amount column (numbers that add up) and a day column. No ID or phone numbers appear.
    Example: dangwu print dues-register --year 2026 -o 2026党费收缴登记表.xlsx
    """
    from ..documents import write_document
    from ..documents.dues_register import WORD_MAX_MEMBERS, build
    from ..errors import Refused
    from ..parse import parse_date, parse_year
    from ..reports.dues_register import register

    text = str(parse_year(year, "--year"))
    suffix = output.suffix.lower()
    if suffix not in (".docx", ".xlsx"):
        raise Refused(
            f"-o: 请用 .docx 或 .xlsx 扩展名（{output.name}）",
            f"-o: use a .docx or .xlsx extension ({output.name})",
        )
    day = parse_date(as_of, "--as-of") if as_of else date.today()
    ledger = open_ledger()
    with ledger.read() as r:
        data = register(r, int(text), day)
        if suffix == ".docx" and data["count"] > WORD_MAX_MEMBERS:
            raise Refused(
                f"-o: {data['count']} 人的登记表请写成 .xlsx（Word 文件限 {WORD_MAX_MEMBERS} 人以内）",
                f"-o: a register of {data['count']} members goes to .xlsx (a Word file takes"
                f" {WORD_MAX_MEMBERS} at most)",
            )
        # the rows are read while the file is written: inside the read
        write_document(build(data, sheet=suffix == ".xlsx"), output)
        count = data["count"]
    say(
        f"已写出 {text} 年党费收缴登记表（{count} 人）：{output}",
        f"The {text} dues register ({count} members) written to {output}",
    )
