"""`dangwu talk …` and `dangwu evaluation record/action/done/void/list`."""

from datetime import date
from typing import Annotated, Any

import typer

from .common import AsOfOpt, FormatOpt, RevealOpt, emit, handled, open_ledger, say

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
    """Correct a recorded talk.

    What is given replaces what was recorded, checked as `talk
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
    """Void a talk entered in error.

    It stays in the ledger and counts nowhere. Example:
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


def _year(text: str) -> int:
    from ..errors import Refused

    if not text.strip().isdecimal() or len(text.strip()) > 4:
        raise Refused(f"--year: 无法识别的年份 {text!r}", f"--year: not a year: {text!r}")
    return int(text)


def _forced(force: bool, reason: str | None) -> str | None:
    from ..errors import Refused

    if not force:
        return None
    if not (reason and reason.strip()):
        raise Refused("--reason: 使用 --force 时必须说明理由", "--reason: --force needs a reason")
    return reason.strip()


def _result_line(row: Any, name: str) -> None:
    from ..i18n import label

    say(
        f"已记录 {name} {row.year} 年评议结果：{label('grade', row.grade)}",
        f"Recorded {name}'s {row.year} evaluation: {label('grade', row.grade)}",
    )


ActionOpt = Annotated[
    str | None,
    Opt(
        "--action",
        help="Handling decided for an unqualified member: correct (限期改正), persuade (劝退),"
        " remove (除名).",
    ),
]
DueOpt = Annotated[
    str | None,
    Opt(
        "--due",
        help="Last day of a 限期改正 (default: one year after the decision, 组织工作问答).",
    ),
]


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
    action: ActionOpt = None,
    meeting: Annotated[
        str | None,
        Opt("--meeting", help="The evaluation (or general) meeting held for it (meeting id)."),
    ] = None,
    votes: Annotated[
        str | None,
        Opt(
            "--votes",
            help="The member's tallies at the meeting: votes for excellent,qualified,basic,"
            "unqualified (e.g. 12,3,0,0); together at most the full members present.",
        ),
    ] = None,
    on: Annotated[
        str | None, Opt("--on", help="The day the grade was decided (the committee's 评定).")
    ] = None,
    due: DueOpt = None,
    replace: Annotated[
        bool, Opt("--replace", help="Correct an existing result (kept in the audit trail).")
    ] = False,
    force: Annotated[
        bool, Opt("--force", help="Record over the excellent_cap rule (historical records).")
    ] = False,
    reason: Annotated[
        str | None, Opt("--reason", help="Why --force was needed (kept in the audit trail).")
    ] = None,
) -> None:
    """Record a member's democratic evaluation (民主评议) result for a year.

    With the rule
    profile's excellent_cap on, a grade excellent that would make more than a third of the
    branch's members (full and probationary on 31 December, or the results recorded if more)
    excellent is refused. An unqualified member without --action is followed up: the handling
    is due within three months of the grade (report checklist, report compliance). --replace
    corrects what is given and keeps the rest. Example: dangwu evaluation record 张伟 --year
    2025 --grade unqualified --meeting 12 --votes 0,2,5,9 --on 2025-12-30 --action correct
    """
    from ..parse import parse_date, parse_on
    from ..services.people_records import record_evaluation
    from ..store.models import Person
    from .common import parse_id

    y = _year(year)
    forced = _forced(force, reason)
    today = date.today()
    meeting_id = parse_id(meeting, "--meeting") if meeting is not None else None
    decided_on = parse_on(on, today) if on is not None else None
    due_day = parse_date(due, "--due") if due is not None else None
    ledger = open_ledger()
    with ledger.write() as s:
        row = record_evaluation(
            s,
            ref,
            y,
            grade,
            action,
            today,
            replace,
            meeting_id=meeting_id,
            votes=votes,
            decided_on=decided_on,
            due=due_day,
            force_reason=forced,
        )
        name = s.get(Person, row.person_id).name  # type: ignore[union-attr]
    _result_line(row, name)


@evaluation_app.command("action")
@handled
def evaluation_action(
    ref: Annotated[str, typer.Argument(help="Member (REF) graded unqualified.")],
    year: Annotated[str, Opt("--year", help="The year of the result.")],
    action: Annotated[
        str,
        Opt("--action", help="correct (限期改正), persuade (劝退) or remove (除名)."),
    ],
    on: Annotated[
        str | None, Opt("--on", help="The day the handling was decided (default: today).")
    ] = None,
    due: DueOpt = None,
    replace: Annotated[
        bool, Opt("--replace", help="Change a handling decided before (kept in the audit trail).")
    ] = False,
) -> None:
    """Record the handling decided for a member graded unqualified.

    Seed 000: proposed by the
    committee, voted by the general meeting). A 限期改正 runs to --due, by default one year
    after --on; it stays a checklist task until `evaluation done` records its outcome, and a
    compliance finding once the day has passed. Example: dangwu evaluation action 张伟 --year
    2025 --action correct --on 2026-01-15 --due 2026-07-15
    """
    from ..i18n import label
    from ..parse import parse_date, parse_on
    from ..services.evaluation import decide
    from ..store.models import Person

    y = _year(year)
    today = date.today()
    day = parse_on(on, today) if on is not None else today
    due_day = parse_date(due, "--due") if due is not None else None
    ledger = open_ledger()
    with ledger.write() as s:
        row = decide(s, ref, y, action, day, due_day, today, replace)
        name = s.get(Person, row.person_id).name  # type: ignore[union-attr]
    until = f"（至 {row.action_due}）" if row.action_due else ""
    until_en = f" (until {row.action_due})" if row.action_due else ""
    shown = label("evaluation_action", row.action)
    say(
        f"已记录 {name} {y} 年评议不合格的处置：{shown}{until}",
        f"Recorded the handling of {name}'s {y} unqualified grade: {shown}{until_en}",
    )


@evaluation_app.command("done")
@handled
def evaluation_done(
    ref: Annotated[str, typer.Argument(help="Member (REF) graded unqualified.")],
    year: Annotated[str, Opt("--year", help="The year of the result.")],
    on: Annotated[str, Opt("--on", help="The day the outcome was established.")],
    result: Annotated[
        str, Opt("--result", help="The outcome (e.g. 已改正，经支部大会讨论评为合格).")
    ],
    replace: Annotated[
        bool, Opt("--replace", help="Correct an outcome recorded before (audit trail).")
    ] = False,
) -> None:
    """Record the outcome of an unqualified member's handling.

    The 限期改正 ended (corrected,
    or not: then persuade or remove with `evaluation action --replace`), the member withdrew or
    was removed — which closes its follow-up. Example: dangwu evaluation done 张伟 --year 2025
    --on 2026-07-10 --result 已改正，支部大会讨论认为具备党员条件
    """
    from ..parse import parse_on
    from ..services.evaluation import close
    from ..store.models import Person

    y = _year(year)
    today = date.today()
    day = parse_on(on, today)
    ledger = open_ledger()
    with ledger.write() as s:
        row = close(s, ref, y, day, result, today, replace)
        name = s.get(Person, row.person_id).name  # type: ignore[union-attr]
    say(
        f"已记录 {name} {y} 年评议不合格处置的结果（{day}）",
        f"Recorded the outcome of {name}'s {y} handling ({day})",
    )


@evaluation_app.command("void")
@handled
def evaluation_void(
    ref: Annotated[str, typer.Argument(help="Member (REF).")],
    year: Annotated[str, Opt("--year", help="The year of the result.")],
    reason: Annotated[str, Opt("--reason", help="Why the result is void (kept with it).")],
) -> None:
    """Void an evaluation result entered in error.

    The wrong person or year: kept in the
    ledger, counted in no report; `evaluation record` for that year records the right one
    (`--replace` corrects the grade of a right one). Example: dangwu evaluation void 张伟
    --year 2025 --reason 录错人
    """
    from ..services.voids import void_evaluation
    from ..store.refs import find_person_id

    y = _year(year)
    ledger = open_ledger()
    with ledger.writer() as w:
        pid = find_person_id(w, ref)
        void_evaluation(w, pid, y, reason, date.today())
        name = w.scalar("SELECT name FROM person WHERE id = :p", {"p": pid})
    say(f"已作废 {name} {year} 年的评议结果", f"{name}'s {year} evaluation result voided")


@evaluation_app.command("list")
@handled
def evaluation_list(
    year: Annotated[str | None, Opt("--year", help="The year (default: every year).")] = None,
    as_of: AsOfOpt = None,
    summary: Annotated[
        bool, Opt("--summary", help="Only each year's distribution of grades (and the cap).")
    ] = False,
    fmt: FormatOpt = None,
    reveal: RevealOpt = False,
) -> None:
    """Evaluation results and each year's distribution of grades.

    By year then member, then each year's distribution of grades (count
    and share; with the rule excellent_cap on, the cap). JSON: a list of {"member_id", "name",
    "year", "grade", "action"} as before ("action": the handling's Chinese name, or the text
    recorded), plus "action_code" (correct|persuade|remove|null), "votes_excellent",
    "votes_qualified", "votes_basic", "votes_unqualified", "meeting_id", "decided_on",
    "action_due", "action_done_on", "action_result", "followup"
    (null|decide|correct|decided|done), "followup_due" and "overdue" (on --as-of). With
    --summary: a list of {"year", "evaluated", "members" (full and probationary on 31
    December), "grades": {grade: count}, "shares": {grade: share}, "cap": null | {"base",
    "limit", "excellent", "over"}}.
    """
    from ..parse import parse_date
    from ..reports.evaluation import distributions, results
    from ..views.people_records import evaluation_summary
    from ..views.people_records import evaluations as evaluations_view

    y = _year(year) if year is not None else None
    day = parse_date(as_of, "--as-of") if as_of else date.today()
    ledger = open_ledger()
    with ledger.read() as r:
        summaries = distributions(r, y)
        if summary:
            emit(evaluation_summary(summaries), fmt)
            return
        rows = results(r, y, day)
    emit(evaluations_view(rows, summaries), fmt)
