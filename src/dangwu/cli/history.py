"""`dangwu history`: the audit trail, readable."""

from typing import Annotated

import typer

from .common import FormatOpt, RevealOpt, emit, handled, open_ledger, parse_id


def register(app: typer.Typer) -> None:
    app.command("history")(history)


@handled
def history(
    ref: Annotated[
        str | None, typer.Argument(help="A person (id or name): every change that concerns them.")
    ] = None,
    meeting: Annotated[
        str | None, typer.Option("--meeting", help="A meeting's id: its record and every edit.")
    ] = None,
    payment: Annotated[
        str | None,
        typer.Option("--payment", help="A `dues ledger` entry's id: it and its reversal."),
    ] = None,
    period: Annotated[
        str | None,
        typer.Option("--period", help="Only changes made in 2026, 2026H2, 2026Q3 or 2026-11."),
    ] = None,
    fmt: FormatOpt = None,
    reveal: RevealOpt = False,
) -> None:
    """Every change dangwu made to the ledger, oldest first: when, which command, what
    changed (before → after) and why. ID and phone numbers masked unless --reveal.

    Example: dangwu history 张伟 --period 2026 (or --meeting 12, --payment 340)
    """
    from ..errors import Refused
    from ..i18n import tr
    from ..parse import parse_period
    from ..reports.history import history as entries_of
    from ..store.refs import check_record, find_person_id
    from ..views.history import entries

    if sum(x is not None for x in (ref, meeting, payment)) > 1:
        raise Refused(
            "--meeting: 人员、--meeting 和 --payment 只能给一个",
            "--meeting: give a person, --meeting or --payment, not more than one",
        )
    span = parse_period(period) if period else None
    meeting_id = parse_id(meeting, "--meeting") if meeting is not None else None
    payment_id = parse_id(payment, "--payment") if payment is not None else None
    ledger = open_ledger()
    with ledger.read() as r:
        person_id = find_person_id(r, ref, voided_ok=True) if ref is not None else None
        if meeting_id is not None:
            check_record(r, "meeting", meeting_id, "--meeting")
        if payment_id is not None:
            check_record(r, "dues_payment", payment_id, "--payment")
        found = entries_of(
            r,
            person_id=person_id,
            meeting_id=meeting_id,
            payment_id=payment_id,
            start=span.start if span else None,
            end=span.end if span else None,
            reveal=reveal,
        )
    emit(entries(found, tr("变更记录", "History")), fmt)
