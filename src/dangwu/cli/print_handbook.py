"""`dangwu print handbook --year Y -o F`: the year's 党支部工作手册."""

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from .common import RevealOpt, handled, open_ledger, say
from .print_ import app

Opt = typer.Option


@app.command("handbook")
@handled
def handbook(
    year: Annotated[str, Opt("--year", help="The year (e.g. 2026).")],
    output: Annotated[str, Opt("--output", "-o", help="The file: x.docx (or x.xlsx).")],
    as_of: Annotated[
        str | None, Opt("--as-of", help="The day it is drawn up (default: today).")
    ] = None,
    reveal: RevealOpt = False,
) -> None:
    """The year's 党支部工作手册 (branch handbook), as DOCX or XLSX.

    What a municipal 机关工委 collects from each branch each
    January: the organisation and its committee, the rosters (members; applicants, activists,
    candidates and probationary members), every meeting with its attendance, the talks, the
    evaluation, the dues register, the transfers, each development file and the compliance
    summary with its findings. A4, page numbers, table headers on every page; mode 0600,
    never over an existing file.

    Example: dangwu print handbook --year 2025 -o 2025工作手册.docx
    """
    from ..errors import Refused
    from ..i18n import get_lang
    from ..parse import parse_date, parse_year

    text = str(parse_year(year, "--year"))
    day = parse_date(as_of, "--as-of") if as_of else date.today()
    if day < date(int(text), 1, 1):
        raise Refused(f"--as-of: {day} 早于 {text} 年", f"--as-of: {day} is before {text}")
    path = Path(output)
    if path.suffix.lower() not in (".docx", ".xlsx"):
        raise Refused(
            f"-o: 请用 .docx 或 .xlsx 扩展名（{path.name}）",
            f"-o: use a .docx or .xlsx extension ({path.name})",
        )
    from ..documents import write_document
    from ..documents.handbook import handbook_document
    from ..reports.handbook import handbook as build
    from ..views.compliance import finding_sentences

    ledger = open_ledger()
    with ledger.read() as r:
        data = build(r, int(text), day, reveal)
        dues = _dues_blocks(r, int(text), day, reveal)
    doc = handbook_document(
        data, dues, finding_sentences(data["compliance"]["findings"]), get_lang()
    )
    write_document(doc, path, "-o")
    say(f"已写入 {output}", f"Written to {output}")


def _dues_blocks(r: Any, year: int, day: date, reveal: bool) -> list[Any]:
    """The year's dues per member for the handbook, from the register `print dues-register`
    prints (its monthly columns fit a landscape page of their own, not the handbook's)."""
    from ..documents.handbook import dues_summary
    from ..reports.dues_register import register

    return dues_summary(register(r, year, day))
