"""`dangwu print letter REF -o FILE`: a member's 党员组织关系介绍信."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import RevealOpt, handled, open_ledger, say
from .print_ import app

Opt = typer.Option


@app.command("letter")
@handled
def letter(
    ref: Annotated[str, typer.Argument(help="The member who transferred out (id or name).")],
    output: Annotated[
        Path,
        Opt(
            "--output", "-o", metavar="FILE", help="A new .docx or .xlsx file (never overwritten)."
        ),
    ],
    reveal: RevealOpt = False,
) -> None:
    """A member's transfer letter (党员组织关系介绍信), as DOCX or XLSX.

    The letter of a member who transferred out, in the 中组部
    form's three parts on one A4 page with one serial number: the stub (存根) the branch
    keeps, the letter, and the receipt (回执联) that comes back. It states what `member
    transfer-out` recorded: name, gender, age on the day, ethnicity, 正式/预备, ID number,
    from and to, the month the dues were paid through and the validity in Chinese numerals
    (二〇二六年四月, 三十天), and the day. The serial number is the letter number given at
    transfer-out (--letter), else the year and the person's id (20260027). The ID and phone
    numbers are masked unless --reveal (the letter sent needs them whole).
    Example: dangwu print letter 曹阳 -o 介绍信.docx --reveal
    """
    from ..documents import write_document
    from ..documents.letter import build
    from ..errors import Refused
    from ..reports.letter import letter as read

    if output.suffix.lower() not in (".docx", ".xlsx"):
        raise Refused(
            f"-o: 请用 .docx 或 .xlsx 扩展名（{output.name}）",
            f"-o: use a .docx or .xlsx extension ({output.name})",
        )
    ledger = open_ledger()
    with ledger.read() as r:
        data = read(r, ref, reveal)
    write_document(build(data, sheet=output.suffix.lower() == ".xlsx"), output)
    say(
        f"已写出 {data['name']} 的组织关系介绍信（{data['serial']}）：{output}",
        f"{data['name']}'s transfer letter ({data['serial']}) written to {output}",
    )
