"""`dangwu print signin|minutes MEETING_ID -o FILE`: a meeting's 签到表 and 会议记录."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import RevealOpt, handled, open_ledger, parse_id
from .print_ import app

MeetingArg = Annotated[
    str, typer.Argument(metavar="MEETING_ID", help="The meeting's id (dangwu meeting list).")
]
OutputOpt = Annotated[
    Path,
    typer.Option(
        "--output", "-o", metavar="FILE", help="A new .docx or .xlsx file (never overwritten)."
    ),
]


def _write(meeting_id: str, output: Path, which: str) -> None:
    from ..documents import write_document
    from ..documents.meeting_papers import minutes_document, signin_document
    from ..reports.meeting_papers import meeting_paper
    from .common import say

    mid = parse_id(meeting_id, "MEETING_ID")
    ledger = open_ledger()
    with ledger.read() as r:
        data = meeting_paper(r, mid)
    doc = signin_document(data) if which == "signin" else minutes_document(data)
    write_document(doc, output)
    what = ("签到表", "sign-in sheet") if which == "signin" else ("会议记录", "minutes")
    say(
        f"已写出会议 {mid} 的{what[0]}：{output}",
        f"Meeting {mid}'s {what[1]} written to {output}",
    )


@app.command("signin")
@handled
def signin(meeting_id: MeetingArg, output: OutputOpt, reveal: RevealOpt = False) -> None:
    """A meeting's sign-in sheet (签到表), as DOCX or XLSX.

    The meeting, day, place, host, then everyone expected
    in roster order with a column to sign, and the guests. A planned meeting prints before
    it is held (who would be expected on its day); a held one shows who was on leave or
    absent. The sheet carries no ID or phone numbers (--reveal changes nothing).
    Example: dangwu print signin 151 -o 签到表.docx
    """
    _write(meeting_id, output, "signin")


@app.command("minutes")
@handled
def minutes(meeting_id: MeetingArg, output: OutputOpt, reveal: RevealOpt = False) -> None:
    """A meeting's record (会议记录), as DOCX or XLSX.

    The head filled in from the ledger (name, time, place,
    host, recorder, expected and present with numbers, on leave and absent with reasons,
    guests, topic), the votes taken at it, ruled space for the proceedings and the
    resolution, and the host's and recorder's signatures. Record the place, hours and
    resolution first: dangwu meeting edit ID --place … --from-time 14:30 --to-time 16:00
    --resolution …. Example: dangwu print minutes 151 -o 会议记录.docx
    """
    _write(meeting_id, output, "minutes")
