"""`dangwu talk …` and `dangwu evaluation record/void/list`."""

from datetime import date
from typing import Annotated

import typer

from .common import FormatOpt, RevealOpt, emit, handled, open_ledger, say

talk_app = typer.Typer(no_args_is_help=True)
evaluation_app = typer.Typer(no_args_is_help=True)
Opt = typer.Option


@talk_app.command("add")
@handled
def talk_add(
    ref: Annotated[str, typer.Argument(help="The member talked with (REF).")],
    with_: Annotated[str, Opt("--with", help="Who held the talk (REF).")],
    on: Annotated[str, Opt("--on", help="The day.")],
    topic: Annotated[str | None, Opt("--topic", help="What it was about.")] = None,
) -> None:
    """Record a heart-to-heart talk (谈心谈话)."""
    from ..parse import parse_on
    from ..services.people_records import add_talk

    day = parse_on(on, date.today())
    ledger = open_ledger()
    with ledger.writer() as w:
        talk_id = add_talk(w, ref, with_, day, topic)
    say(f"已记录谈心谈话 {talk_id}（{day}）", f"Talk {talk_id} recorded ({day})")


@talk_app.command("edit")
@handled
def talk_edit(
    talk_id: Annotated[str, typer.Argument(metavar="ID", help="The talk's id (talk list).")],
    member: Annotated[str | None, Opt("--member", help="The member talked with (REF).")] = None,
    with_: Annotated[str | None, Opt("--with", help="Who held the talk (REF).")] = None,
    on: Annotated[str | None, Opt("--on", help="The day.")] = None,
    topic: Annotated[str | None, Opt("--topic", help="What it was about.")] = None,
) -> None:
    """Correct a recorded talk: what is given replaces what was recorded, checked as `talk
    add` checks it; kept in the audit trail. Example: dangwu talk edit 7 --on 2026-11-03
    """
    from ..parse import parse_on
    from ..services.people_records import edit_talk
    from .common import parse_id

    row_id = parse_id(talk_id, "ID")
    day = parse_on(on, date.today()) if on is not None else None
    ledger = open_ledger()
    with ledger.writer() as w:
        edit_talk(w, row_id, member, with_, day, topic)
    say(f"已更正谈心谈话 {row_id}", f"Talk {row_id} corrected")


@talk_app.command("void")
@handled
def talk_void(
    talk_id: Annotated[str, typer.Argument(metavar="ID", help="The talk's id (talk list).")],
    reason: Annotated[str, Opt("--reason", help="Why it is void (kept with the talk).")],
) -> None:
    """Void a talk entered in error: it stays in the ledger and counts nowhere. Example:
    dangwu talk void 7 --reason 重复录入
    """
    from ..services.voids import void as do
    from .common import parse_id

    row_id = parse_id(talk_id, "ID")
    ledger = open_ledger()
    with ledger.writer() as w:
        do(w, "talk", row_id, reason, date.today())
    say(f"已作废谈心谈话 {row_id}", f"Talk {row_id} voided")


@talk_app.command("list")
@handled
def talk_list(
    period: Annotated[str | None, Opt("--period", help="2026, 2026H2, 2026Q3 or 2026-11.")] = None,
    member: Annotated[str | None, Opt("--member", help="Talks involving this member.")] = None,
    fmt: FormatOpt = None,
    reveal: RevealOpt = False,
) -> None:
    """Talks, oldest first."""
    from ..parse import parse_period
    from ..reports.people_records import talks
    from ..store.refs import find_person_id
    from ..views.people_records import talks as talks_view

    p = parse_period(period) if period else None
    ledger = open_ledger()
    with ledger.read() as r:
        pid = find_person_id(r, member, "--member") if member else None
        rows = talks(r, p, pid)
    emit(talks_view(rows), fmt)


@evaluation_app.command("record")
@handled
def evaluation_record(
    ref: Annotated[str, typer.Argument(help="Member (REF).")],
    year: Annotated[str, Opt("--year", help="The year evaluated.")],
    grade: Annotated[
        str,
        Opt(
            "--grade", help="excellent|qualified|basic|unqualified (优秀, 合格, 基本合格, 不合格)."
        ),
    ],
    action: Annotated[
        str | None,
        Opt("--action", help="Handling decided for an unqualified member (限期改正, 劝退, 除名)."),
    ] = None,
    replace: Annotated[
        bool, Opt("--replace", help="Correct an existing result (kept in the audit trail).")
    ] = False,
) -> None:
    """Record a member's democratic evaluation (民主评议) result for a year."""
    from ..errors import Refused
    from ..i18n import label
    from ..services.people_records import record_evaluation
    from ..store.models import Person

    if not year.strip().isdecimal() or len(year.strip()) > 4:
        raise Refused(f"--year: 无法识别的年份 {year!r}", f"--year: not a year: {year!r}")
    ledger = open_ledger()
    with ledger.write() as s:
        row = record_evaluation(s, ref, int(year), grade, action, date.today(), replace)
        name = s.get(Person, row.person_id).name  # type: ignore[union-attr]
    say(
        f"已记录 {name} {year} 年评议结果：{label('grade', row.grade)}",
        f"Recorded {name}'s {year} evaluation: {label('grade', row.grade)}",
    )


@evaluation_app.command("void")
@handled
def evaluation_void(
    ref: Annotated[str, typer.Argument(help="Member (REF).")],
    year: Annotated[str, Opt("--year", help="The year of the result.")],
    reason: Annotated[str, Opt("--reason", help="Why the result is void (kept with it).")],
) -> None:
    """Void an evaluation result entered in error (the wrong person or year): kept in the
    ledger, counted in no report; `evaluation record` for that year records the right one
    (`--replace` corrects the grade of a right one). Example: dangwu evaluation void 张伟
    --year 2025 --reason 录错人
    """
    from ..errors import Refused
    from ..services.voids import void_evaluation
    from ..store.refs import find_person_id

    if not year.strip().isdecimal() or len(year.strip()) > 4:
        raise Refused(f"--year: 无法识别的年份 {year!r}", f"--year: not a year: {year!r}")
    ledger = open_ledger()
    with ledger.writer() as w:
        pid = find_person_id(w, ref)
        void_evaluation(w, pid, int(year), reason, date.today())
        name = w.scalar("SELECT name FROM person WHERE id = :p", {"p": pid})
    say(f"已作废 {name} {year} 年的评议结果", f"{name}'s {year} evaluation result voided")


@evaluation_app.command("list")
@handled
def evaluation_list(
    year: Annotated[str | None, Opt("--year", help="The year (default: every year).")] = None,
    fmt: FormatOpt = None,
    reveal: RevealOpt = False,
) -> None:
    """Evaluation results, by year then member."""
    from ..errors import Refused
    from ..reports.people_records import evaluations
    from ..views.people_records import evaluations as evaluations_view

    if year is not None and (not year.strip().isdecimal() or len(year.strip()) > 4):
        raise Refused(f"--year: 无法识别的年份 {year!r}", f"--year: not a year: {year!r}")
    ledger = open_ledger()
    with ledger.read() as r:
        rows = evaluations(r, int(year) if year else None)
    emit(evaluations_view(rows), fmt)
