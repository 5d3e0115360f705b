"""`dangwu meeting add/confirm/list/show/attendance`."""

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from .common import AsOfOpt, FormatOpt, RevealOpt, emit, handled, open_ledger, parse_id

app = typer.Typer(no_args_is_help=True)
Opt = typer.Option

# Given more than once, every occurrence counts (`--absent 甲 --absent 乙`): the last one
# alone would record the others as present.
AbsentOpt = Annotated[
    list[str] | None,
    Opt(
        "--absent",
        metavar="REF[:reason],…",
        help="Missed without leave (repeatable).",
    ),
]
LeaveOpt = Annotated[
    list[str] | None,
    Opt(
        "--leave",
        metavar="REF[:reason],…",
        help="Missed with leave (still expected; repeatable).",
    ),
]
ExemptOpt = Annotated[
    list[str] | None,
    Opt(
        "--exempt",
        metavar="REF[:reason],…",
        help="Not expected (approved long absence; repeatable).",
    ),
]


def _joined(values: list[str] | None) -> str | None:
    return ",".join(values) if values else None


def _zh() -> bool:
    from ..i18n import get_lang

    return get_lang() == "zh"


def _summary(meeting_id: int, counts: dict[str, Any], corrected: bool = False) -> str:
    from ..i18n import tr

    q = counts.get("quorum_met")
    verdict = (
        ""
        if q is None
        else (
            tr("，符合法定人数", ", quorum met")
            if q
            else tr("，未达法定人数（不计入要求）", ", quorum NOT met (does not count)")
        )
    )
    done_zh, done_en = ("已更正", "corrected") if corrected else ("已记录", "recorded")
    return tr(
        f"{done_zh}会议 {meeting_id}：应到 {counts['expected']} 人，实到 {counts['present']} 人；"
        f"有表决权 应到 {counts['voting_expected']}，实到 {counts['voting_present']}{verdict}",
        f"Meeting {meeting_id} {done_en}: expected {counts['expected']}, present {counts['present']}; "
        f"voting expected {counts['voting_expected']}, present {counts['voting_present']}{verdict}",
    )


@app.command("add")
@handled
def add(
    type_: Annotated[
        str,
        typer.Argument(
            metavar="TYPE",
            help="general committee group lecture theme_day org_life evaluation democratic_life study other "
            "(or 支部党员大会, 支部委员会, 党小组会, 党课, 主题党日 …).",
        ),
    ],
    on: Annotated[str, Opt("--on", help="The day it was held.")],
    topic: Annotated[str | None, Opt("--topic", help="Topic (议题).")] = None,
    group: Annotated[str | None, Opt("--group", help="Party group (required for `group`).")] = None,
    host: Annotated[str | None, Opt("--host", help="Who chaired (REF).")] = None,
    recorder: Annotated[str | None, Opt("--recorder", help="Who took the minutes (REF).")] = None,
    place: Annotated[str | None, Opt("--place", help="Where (地点).")] = None,
    from_time: Annotated[
        str | None, Opt("--from-time", metavar="HH:MM", help="When it began (e.g. 14:30).")
    ] = None,
    to_time: Annotated[
        str | None, Opt("--to-time", metavar="HH:MM", help="When it ended (after --from-time).")
    ] = None,
    minutes: Annotated[str | None, Opt("--minutes", help="Minutes text.")] = None,
    minutes_file: Annotated[
        Path | None, Opt("--minutes-file", help="Read the minutes from a UTF-8 file.")
    ] = None,
    resolutions: Annotated[
        str | None,
        Opt("--resolution", "--resolutions", help="The resolution adopted (决议), as text."),
    ] = None,
    absent: AbsentOpt = None,
    leave: LeaveOpt = None,
    exempt: ExemptOpt = None,
    guest: Annotated[
        list[str] | None,
        Opt("--guest", metavar="NAME,…", help="Invited non-members (repeatable)."),
    ] = None,
    planned: Annotated[
        bool, Opt("--planned", help="Schedule a future meeting (counts once confirmed).")
    ] = False,
    again: Annotated[
        bool,
        Opt(
            "--again",
            help="Record a second meeting of the type on the same day (and group); without"
            " it, one already there is refused as typed twice.",
        ),
    ] = False,
    work_report: Annotated[
        bool,
        Opt(
            "--work-report",
            help="A general meeting that heard the committee's work report (committee_report).",
        ),
    ] = False,
    speaker: Annotated[
        str | None, Opt("--speaker", help="Who gave the Party lecture (REF; lecture only).")
    ] = None,
    cadre: Annotated[
        bool,
        Opt(
            "--cadre",
            help="A committee meeting on cadre matters: two thirds of the committee to be quorate.",
        ),
    ] = False,
) -> None:
    """Record a meeting. Everyone expected who is not listed as absent, on leave or exempt was present.

    Example: dangwu meeting add general --on 2026-11-12 --topic 学习全会精神 --leave 张伟:出差
    --place 三楼会议室 --from-time 14:30 --to-time 16:00
    """
    from ..errors import Refused
    from ..i18n import tr
    from ..parse import parse_date
    from ..services.meetings import (
        COUNT_COLUMNS,
        AttendanceInput,
        MeetingInput,
        add_meeting,
        parse_type,
    )

    kind = parse_type(type_)
    day = parse_date(on, "--on")
    if minutes_file is not None:
        if minutes is not None:
            raise Refused(
                "--minutes-file: 不能与 --minutes 同时使用",
                "--minutes-file: give --minutes or --minutes-file, not both",
            )
        try:
            minutes = minutes_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise Refused(
                f"--minutes-file: 无法读取 {minutes_file}（{type(exc).__name__}）",
                f"--minutes-file: cannot read {minutes_file} ({type(exc).__name__})",
            ) from None
    inp = MeetingInput(
        kind,
        day,
        topic,
        group,
        host,
        recorder,
        place,
        minutes,
        resolutions,
        planned,
        AttendanceInput(_joined(absent), _joined(leave), _joined(exempt), _joined(guest)),
        again,
        from_time,
        to_time,
        work_report,
        speaker,
        cadre,
    )
    ledger = open_ledger()
    with ledger.writer() as w:
        m = add_meeting(w, inp, date.today())
    if planned:
        typer.echo(
            tr(
                f"已预定会议 {m['id']}（{day}），召开后用 dangwu meeting confirm {m['id']} 确认",
                f"Meeting {m['id']} scheduled for {day}; confirm it with `dangwu meeting confirm {m['id']}` once held",
            )
        )
    else:
        typer.echo(_summary(m["id"], {k: m[k] for k in COUNT_COLUMNS}))


@app.command("edit")
@handled
def edit(
    meeting_id: Annotated[str, typer.Argument(metavar="ID", help="The meeting's id.")],
    on: Annotated[str | None, Opt("--on", help="The day it was really held.")] = None,
    topic: Annotated[str | None, Opt("--topic", help="Topic (议题).")] = None,
    group: Annotated[str | None, Opt("--group", help="Party group.")] = None,
    host: Annotated[str | None, Opt("--host", help="Who chaired (REF).")] = None,
    recorder: Annotated[str | None, Opt("--recorder", help="Who took the minutes (REF).")] = None,
    place: Annotated[str | None, Opt("--place", help="Where (地点).")] = None,
    from_time: Annotated[
        str | None, Opt("--from-time", metavar="HH:MM", help="When it began (e.g. 14:30).")
    ] = None,
    to_time: Annotated[
        str | None, Opt("--to-time", metavar="HH:MM", help="When it ended (after --from-time).")
    ] = None,
    minutes: Annotated[str | None, Opt("--minutes", help="Minutes text.")] = None,
    resolutions: Annotated[
        str | None,
        Opt("--resolution", "--resolutions", help="The resolution adopted (决议), as text."),
    ] = None,
    absent: AbsentOpt = None,
    leave: LeaveOpt = None,
    exempt: ExemptOpt = None,
    guest: Annotated[
        list[str] | None, Opt("--guest", metavar="NAME,…", help="Invited non-members.")
    ] = None,
    again: Annotated[
        bool, Opt("--again", help="Move it to a day that already has a meeting of its type.")
    ] = False,
    work_report: Annotated[
        bool | None,
        Opt(
            "--work-report/--no-work-report",
            help="Whether the general meeting heard the committee's work report.",
        ),
    ] = None,
    speaker: Annotated[
        str | None, Opt("--speaker", help='Who gave the Party lecture (REF; "" clears it).')
    ] = None,
) -> None:
    """Correct a recorded meeting: what is given replaces what was recorded (`--absent ""`
    clears that list). Its attendance is derived again from the ledger as of its day, the
    lists not given kept; the quorum is reported again. Kept in the audit trail (`dangwu
    history --meeting ID`). Example: dangwu meeting edit 12 --on 2026-11-13 --absent 张伟
    """
    from ..parse import parse_date
    from ..services.meetings import (
        COUNT_COLUMNS,
        AttendanceInput,
        MeetingEdit,
        edit_meeting,
    )

    row_id = parse_id(meeting_id, "ID")
    changes = MeetingEdit(
        parse_date(on, "--on") if on is not None else None,
        topic,
        group,
        host,
        recorder,
        place,
        minutes,
        resolutions,
        AttendanceInput(
            _joined(absent) if absent is not None else None,
            _joined(leave) if leave is not None else None,
            _joined(exempt) if exempt is not None else None,
            _joined(guest) if guest is not None else None,
        ),
        again,
        from_time,
        to_time,
        work_report,
        speaker,
    )
    ledger = open_ledger()
    with ledger.writer() as w:
        m = edit_meeting(w, row_id, changes, date.today())
    if m["status"] == "planned":
        from .common import say

        say(f"已更正预定会议 {row_id}（{m['held_on']}）", f"Planned meeting {row_id} corrected")
    else:
        typer.echo(_summary(row_id, {k: m[k] for k in COUNT_COLUMNS}, corrected=True))


@app.command("void")
@handled
def void(
    meeting_id: Annotated[str, typer.Argument(metavar="ID", help="The meeting's id.")],
    reason: Annotated[str, Opt("--reason", help="Why it is void (kept with the meeting).")],
) -> None:
    """Void a meeting entered in error: it stays in the ledger, marked void, and counts
    nowhere (compliance, checklist, attendance, absence, votes). A meeting that voted on an
    admission, conversion or extension cannot be voided. Example: dangwu meeting void 12
    --reason 重复录入
    """
    from ..services.voids import void as do
    from .common import say

    row_id = parse_id(meeting_id, "ID")
    ledger = open_ledger()
    with ledger.writer() as w:
        do(w, "meeting", row_id, reason, date.today())
    say(f"已作废会议 {row_id}", f"Meeting {row_id} voided")


@app.command("confirm")
@handled
def confirm(
    meeting_id: Annotated[str, typer.Argument(metavar="ID", help="A planned meeting's id.")],
    on: Annotated[
        str | None, Opt("--on", help="The day it was actually held (default: as planned).")
    ] = None,
    absent: AbsentOpt = None,
    leave: LeaveOpt = None,
    exempt: ExemptOpt = None,
) -> None:
    """Record that a planned meeting was held, with its attendance."""
    from ..parse import parse_date
    from ..services.meetings import AttendanceInput, confirm_meeting

    day = parse_date(on, "--on") if on else None
    mid = parse_id(meeting_id, "ID")
    ledger = open_ledger()
    with ledger.write() as s:
        m = confirm_meeting(
            s,
            mid,
            day,
            AttendanceInput(_joined(absent), _joined(leave), _joined(exempt)),
            date.today(),
        )
        counts = {
            k: getattr(m, k)
            for k in ("expected", "present", "voting_expected", "voting_present", "quorum_met")
        }
        assert m.id is not None  # a stored meeting has its id
    typer.echo(_summary(m.id, counts))


@app.command("list")
@handled
def list_(
    type_: Annotated[str | None, Opt("--type", help="Only this meeting type.")] = None,
    period: Annotated[str | None, Opt("--period", help="2026, 2026H2, 2026Q3 or 2026-11.")] = None,
    fmt: FormatOpt = None,
    reveal: RevealOpt = False,
) -> None:
    """Meetings, oldest first."""
    from ..i18n import parse_code
    from ..parse import parse_period
    from ..reports.meetings import list_meetings
    from ..rules.meetings import MEETING_TYPES
    from ..views import meetings as views

    # the read path imports no SQLModel (0.27 s): the type is parsed against the rule's list
    kind = parse_code("meeting_type", type_, "--type", MEETING_TYPES) if type_ else None
    p = parse_period(period) if period else None
    ledger = open_ledger()
    with ledger.read() as r:
        rows = list_meetings(r, kind, p)
    emit(views.meeting_list(rows), fmt)


@app.command("show")
@handled
def show(
    meeting_id: Annotated[str, typer.Argument(metavar="ID", help="Meeting id.")],
    fmt: FormatOpt = None,
    reveal: RevealOpt = False,
) -> None:
    """One meeting with its attendance and quorum."""
    from ..reports.meetings import meeting_detail
    from ..views import meetings as views

    mid = parse_id(meeting_id, "ID")
    ledger = open_ledger()
    with ledger.read() as r:
        m = meeting_detail(r, mid)
    emit(views.meeting(m), fmt)


@app.command("attendance")
@handled
def attendance(
    period: Annotated[
        str | None, Opt("--period", help="2026, 2026H2, 2026Q3 or 2026-11 (default: all).")
    ] = None,
    member: Annotated[str | None, Opt("--member", help="Only this member (REF).")] = None,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
    reveal: RevealOpt = False,
    exit_code: Annotated[
        bool, Opt("--exit-code", help="Exit 3 when someone is absent six months.")
    ] = False,
) -> None:
    """Per member: expected, attended, on leave, absent, rate; flags six months' absence (党章 art. 9)."""
    from ..errors import Outstanding
    from ..parse import parse_date, parse_period
    from ..reports.meetings import attendance_report
    from ..store.refs import find_person_id
    from ..views import meetings as views

    day = parse_date(as_of, "--as-of") if as_of else date.today()
    p = parse_period(period) if period else None
    ledger = open_ledger()
    with ledger.read() as r:
        pid = find_person_id(r, member, "--member") if member else None
        rows = attendance_report(r, p, pid, day)
    emit(views.attendance(rows), fmt)
    flagged = sum(1 for x in rows if x["absent_six_months"])
    if exit_code and flagged:
        raise Outstanding(
            f"{flagged} 人连续六个月未参加组织生活",
            f"{flagged} members absent for six months",
        )
