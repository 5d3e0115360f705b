"""`dangwu dev …`: the development of new members, step by step."""

from datetime import date
from typing import Annotated, Any

import typer

from .common import AsOfOpt, FormatOpt, RevealOpt, emit, handled, open_ledger, parse_id, say
from .member import CatOpt, EduOpt, EthOpt, GroupOpt, IdOpt, PhoneOpt, UnitOpt

app = typer.Typer(no_args_is_help=True)
Opt = typer.Option
ForceOpt = Annotated[
    bool, Opt("--force", help="Record despite unmet preconditions (historical records).")
]
ReasonOpt = Annotated[
    str | None, Opt("--reason", help="Why --force was needed (kept in the audit trail).")
]
OnOpt = Annotated[str, Opt("--on", help="The day.")]
# the vote of a general meeting (admit, convert)
MeetingOpt = Annotated[
    str, Opt("--meeting", help="The general meeting's id (meeting add general …).")
]
ForOpt = Annotated[str, Opt("--for", help="Votes for.")]
# the committee meeting that decided a designation (支委会研究)
DecidedOpt = Annotated[
    str | None,
    Opt("--meeting", help="The 支部委员会 meeting (its id) that decided it (支委会研究)."),
]
AgainstOpt = Annotated[str, Opt("--against", help="Votes against.")]
AbstainOpt = Annotated[str | None, Opt("--abstain", help="Abstentions.")]


def _today() -> date:
    return date.today()


def _forced(force: bool, reason: str | None) -> str | None:
    from ..errors import Refused

    if not force:
        return None
    if not (reason and reason.strip()):
        raise Refused("--reason: 使用 --force 时必须说明理由", "--reason: --force needs a reason")
    return reason.strip()


def _on(value: str, field: str = "--on") -> date:
    from ..parse import parse_date

    return parse_date(value, field)


def _count(value: str | None, field: str) -> int:
    from ..errors import Refused

    if value is None:
        return 0
    text = value.strip()
    if not text.isdecimal() or len(text) > 6:
        raise Refused(
            f"{field}: 应为非负整数：{value!r}", f"{field}: not a whole number: {value!r}"
        )
    return int(text)


def _meeting_id(value: str) -> int:
    from ..errors import Refused

    if not value.strip().isdecimal() or len(value.strip()) > 12:
        raise Refused(
            f"--meeting: 应为会议编号：{value!r}", f"--meeting: not a meeting id: {value!r}"
        )
    return int(value)


@app.command("apply")
@handled
def apply(
    name: Annotated[str, typer.Argument(help="Full name.")],
    on: OnOpt,
    birth_date: Annotated[
        str, Opt("--birth-date", help="Birth date (18 or older on application).")
    ],
    gender: Annotated[str, Opt("--gender", help="男|女.")],
    id_number: IdOpt = None,
    ethnicity: EthOpt = None,
    education: EduOpt = None,
    phone: PhoneOpt = None,
    category: CatOpt = None,
    group: GroupOpt = None,
    unit: UnitOpt = None,
    force: ForceOpt = False,
    reason: ReasonOpt = None,
) -> None:
    """An application to join the Party was received (入党申请). Prints the new id."""
    from ..services.development import apply as do

    raw = {
        k: v
        for k, v in dict(
            name=name,
            birth_date=birth_date,
            gender=gender,
            id_number=id_number,
            ethnicity=ethnicity,
            education=education,
            phone=phone,
            category=category,
            group=group,
            unit=unit,
        ).items()
        if v is not None
    }
    day = _on(on)
    forced = _forced(force, reason)
    ledger = open_ledger()
    with ledger.write() as s:
        person = do(s, raw, day, _today(), forced)
    typer.echo(person.id)


@app.command("log")
@handled
def log(
    ref: Annotated[str, typer.Argument(help="Person (id or name).")],
    kind: Annotated[
        str,
        typer.Argument(
            help="talk review thought_report training political_review pre_review"
            " public_notice oath filing committee_review application_form mass_forum"
            " higher_talk resolution_sent conversion_application archive"
        ),
    ],
    on: OnOpt,
    by: Annotated[str | None, Opt("--by", help="Who did it (REF), e.g. who held the talk.")] = None,
    hours: Annotated[str | None, Opt("--hours", help="Class hours (training).")] = None,
    until: Annotated[str | None, Opt("--until", help="Last day (public notice, training).")] = None,
    note: Annotated[str | None, Opt("--note", help="A note.")] = None,
    number: Annotated[
        str | None, Opt("--number", help="The 入党志愿书's number (application_form).")
    ] = None,
) -> None:
    """Record one document or step of a person's development file.

    talk 谈话 · review 考察 · thought_report 思想汇报 (at every stage) · training 集中培训
    (--hours or --until) · political_review 政审 (valid a year) · pre_review 上级党委预审 ·
    public_notice 公示 (--until; as applicant or activist: of the activist, as candidate: before
    admission, as probationary member: before conversion) · oath 入党宣誓 · filing 上级党委备案
    (as activist, as candidate; as probationary member: 再上一级备案) · committee_review
    支部委员会审查 (as candidate, before the pre-review) · application_form 入党志愿书
    (--number) · mass_forum 群众座谈会 · higher_talk 上级党委派人谈话 · resolution_sent 决议报上级党委
    (within three months of the meeting) · conversion_application 转正申请 · archive 材料归档.

    Example: dangwu dev log 陈晨 application_form --on 2026-03-02 --number ZY2026001
    """
    from ..services.development import LOG_NAMES
    from ..services.development import log as do

    day = _on(on)
    last = _on(until, "--until") if until else None
    ledger = open_ledger()
    with ledger.writer() as w:
        r = do(w, ref, kind.strip().lower(), day, by, hours, last, note, _today(), number)
    extra_zh = extra_en = ""
    if r.notice_days is not None:
        n, known = r.notice_days
        extra_zh = f"，共 {n} 个工作日" + ("" if known else "（节假日数据不全，仅按周末计算）")
        extra_en = f", {n} working days" + (
            "" if known else " (no holiday data for that year: weekends only)"
        )
    say(
        f"已记录 {r.name} 的{LOG_NAMES[r.kind]}（{day}）{extra_zh}",
        f"Recorded {r.kind} for {r.name} ({day}){extra_en}",
    )


@app.command("activist")
@handled
def activist(
    ref: Annotated[str, typer.Argument(help="The applicant (id or name).")],
    on: OnOpt,
    contacts: Annotated[
        str | None, Opt("--contacts", help="REF,REF: one or two full members (培养联系人).")
    ] = None,
    recommendation: Annotated[
        str,
        Opt("--recommendation", help="party (党员推荐) | league (群团组织推优) | mass (群众推荐)."),
    ] = "party",
    meeting: DecidedOpt = None,
    force: ForceOpt = False,
    reason: ReasonOpt = None,
) -> None:
    """Designate an applicant as an activist (入党积极分子)."""
    from ..services.development import activist as do

    day = _on(on)
    forced = _forced(force, reason)
    decided = _meeting_id(meeting) if meeting is not None else None
    ledger = open_ledger()
    with ledger.write() as s:
        name = do(s, ref, day, contacts, recommendation.strip().lower(), _today(), forced, decided)
    say(f"{name} 于 {day} 确定为入党积极分子", f"{name} designated an activist on {day}")


@app.command("candidate")
@handled
def candidate(
    ref: Annotated[str, typer.Argument(help="The activist (id or name).")],
    on: OnOpt,
    introducers: Annotated[
        str, Opt("--introducers", help="REF,REF: two full members (入党介绍人).")
    ],
    meeting: DecidedOpt = None,
    force: ForceOpt = False,
    reason: ReasonOpt = None,
) -> None:
    """Designate an activist as a candidate for admission (发展对象)."""
    from ..services.development import candidate as do

    day = _on(on)
    forced = _forced(force, reason)
    decided = _meeting_id(meeting) if meeting is not None else None
    ledger = open_ledger()
    with ledger.write() as s:
        name = do(s, ref, day, introducers, _today(), forced, decided)
    say(f"{name} 于 {day} 列为发展对象", f"{name} became a candidate on {day}")


def _vote_step(
    do: Any,
    ref: str,
    on: str,
    meeting: str,
    counts: tuple[str, str, str | None],
    force: bool,
    reason: str | None,
) -> tuple[str, date]:
    """admit and convert: a vote at a general meeting, recorded by the service `do`; the
    name and the day the new stage began."""
    day = _on(on)
    votes = (
        _count(counts[0], "--for"),
        _count(counts[1], "--against"),
        _count(counts[2], "--abstain"),
    )
    forced = _forced(force, reason)
    ledger = open_ledger()
    with ledger.write() as s:
        name, began = do(s, ref, day, _meeting_id(meeting), votes, _today(), forced)
    return name, began


@app.command("admit")
@handled
def admit(
    ref: Annotated[str, typer.Argument(help="The candidate (id or name).")],
    on: OnOpt,
    meeting: MeetingOpt,
    votes_for: ForOpt,
    against: AgainstOpt,
    abstain: AbstainOpt = None,
    force: ForceOpt = False,
    reason: ReasonOpt = None,
) -> None:
    """The general meeting accepts a candidate as a probationary member (接收预备党员)."""
    from ..services.development import admit as do

    name, day = _vote_step(do, ref, on, meeting, (votes_for, against, abstain), force, reason)
    say(
        f"{name} 于 {day} 经支部大会接收为预备党员，待上级党委审批（三个月内）",
        f"{name} admitted as a probationary member on {day}; awaiting approval (within three months)",
    )


@app.command("approve")
@handled
def approve(
    ref: Annotated[str, typer.Argument(help="Person (id or name).")],
    on: OnOpt,
    force: ForceOpt = False,
    reason: ReasonOpt = None,
) -> None:
    """The higher committee approved the pending admission or conversion."""
    from ..services.development import approve as do

    day = _on(on)
    forced = _forced(force, reason)
    ledger = open_ledger()
    with ledger.write() as s:
        name, which, late = do(s, ref, day, _today(), forced)
    what_zh = "接收预备党员" if which == "admission" else "转正"
    say(
        f"已记录上级党委于 {day} 批准 {name} {what_zh}" + ("（超过三个月）" if late else ""),
        f"Recorded the approval of {name}'s {which} on {day}"
        + (" (later than three months)" if late else ""),
    )


@app.command("convert")
@handled
def convert(
    ref: Annotated[str, typer.Argument(help="The probationary member (id or name).")],
    on: OnOpt,
    meeting: MeetingOpt,
    votes_for: ForOpt,
    against: AgainstOpt,
    abstain: AbstainOpt = None,
    force: ForceOpt = False,
    reason: ReasonOpt = None,
) -> None:
    """The general meeting converts a probationary member to full membership (转正)."""
    from ..services.development import convert as do

    name, full_on = _vote_step(do, ref, on, meeting, (votes_for, against, abstain), force, reason)
    say(
        f"{name} 转为正式党员，党龄自预备期满之日 {full_on} 起算，待上级党委审批",
        f"{name} became a full member from the end of probation, {full_on}; awaiting approval",
    )


@app.command("extend")
@handled
def extend(
    ref: Annotated[str, typer.Argument(help="The probationary member (id or name).")],
    on: OnOpt,
    months: Annotated[str, Opt("--months", help="6 to 12.")],
    meeting: Annotated[str, Opt("--meeting", help="The general meeting's id.")],
    force: ForceOpt = False,
    reason: ReasonOpt = None,
) -> None:
    """Extend a probation once, by six to twelve months (延长预备期)."""
    from ..services.development import extend as do

    day = _on(on)
    n = _count(months, "--months")
    forced = _forced(force, reason)
    ledger = open_ledger()
    with ledger.write() as s:
        name, end = do(s, ref, day, n, _meeting_id(meeting), _today(), forced)
    say(
        f"{name} 的预备期延长 {n} 个月，至 {end}",
        f"{name}'s probation extended by {n} months, to {end}",
    )


@app.command("drop")
@handled
def drop(
    ref: Annotated[str, typer.Argument(help="Person (id or name).")],
    on: OnOpt,
    reason: Annotated[str, Opt("--reason", help="Why.")],
) -> None:
    """Take a person out of the pipeline (or disqualify a probationary member); kept with --all."""
    from ..services.development import drop as do

    day = _on(on)
    ledger = open_ledger()
    with ledger.write() as s:
        name = do(s, ref, day, reason, _today())
    say(
        f"已记录：{name} 于 {day} 停止发展（{reason}）",
        f"Recorded: {name} dropped on {day} ({reason})",
    )


@app.command("void")
@handled
def void(
    event_id: Annotated[
        str, typer.Argument(metavar="EVENT_ID", help="The record's id (`dev show` lists it).")
    ],
    reason: Annotated[str, Opt("--reason", help="Why the record is void (kept with it).")],
) -> None:
    """Void a development record or step entered in error (a talk, review, report, training,
    approval, even an admission): it stays in the file marked void and counts for no check,
    deadline or report; a stage step takes its stage with it. Refused while a later step
    rests on it, naming each. Example: dangwu dev void 57 --reason 日期录错，已重新登记
    """
    from ..i18n import label
    from ..services.voids import void_dev_event

    row_id = parse_id(event_id, "EVENT_ID")
    ledger = open_ledger()
    with ledger.writer() as w:
        event = void_dev_event(w, row_id, reason, _today())
    say(
        f"已作废发展记录 {row_id}（{label('dev_kind', event['kind'])}，{event['on_date']}）",
        f"Development record {row_id} voided ({event['kind']}, {event['on_date']})",
    )


@app.command("list")
@handled
def list_(
    stage: Annotated[str | None, Opt("--stage", help="Only this stage.")] = None,
    missing: Annotated[
        bool,
        Opt(
            "--missing",
            help="Instead: people whose file (dev show) lacks a document a step already taken"
            " needed.",
        ),
    ] = False,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
    reveal: RevealOpt = False,
) -> None:
    """The pipeline: each person's next step and its due date, overdue first.

    With --missing, each person whose development file lacks a document that a step already
    taken needed (JSON: [{"member_id", "name", "stage", "missing": [{"code", "title"}]}]);
    exit 0 either way. Example: dangwu dev list --missing
    """
    from ..i18n import parse_code
    from ..parse import parse_date

    day = parse_date(as_of, "--as-of") if as_of else _today()
    code = parse_code("stage", stage, "--stage") if stage else None
    ledger = open_ledger()
    if missing:
        from ..reports.development import missing_records
        from ..views.development import missing_documents

        with ledger.read() as r:
            lacking = missing_records(r, day, code)
        emit(missing_documents(lacking), fmt)
        return
    from ..reports.pipeline import next_step_records
    from ..views.development import steps

    with ledger.read() as r:
        records = next_step_records(r, day, code)
    emit(steps(records), fmt)


@app.command("due")
@handled
def due(
    as_of: AsOfOpt = None,
    within: Annotated[
        str | None, Opt("--within", help="Days ahead to include (default 30).")
    ] = None,
    fmt: FormatOpt = None,
    reveal: RevealOpt = False,
) -> None:
    """Upcoming and overdue steps, overdue first."""
    from datetime import timedelta

    from ..parse import parse_date
    from ..reports.pipeline import due_records
    from ..views.development import steps

    day = parse_date(as_of, "--as-of") if as_of else _today()
    horizon = day + timedelta(days=_count(within, "--within") if within is not None else 30)
    ledger = open_ledger()
    with ledger.read() as r:
        records = due_records(r, day, horizon)
    emit(steps(records), fmt)


@app.command("show")
@handled
def show(
    ref: Annotated[str, typer.Argument(help="Person (id or name).")],
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
    reveal: RevealOpt = False,
) -> None:
    """A person's development file: every step and record, the checks of the next step."""
    from ..parse import parse_date
    from ..reports.development import dev_detail
    from ..views.development import development_file

    day = parse_date(as_of, "--as-of") if as_of else _today()
    ledger = open_ledger()
    with ledger.read() as r:
        d = dev_detail(r, ref, day)
    emit(development_file(d), fmt)
