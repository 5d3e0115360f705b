"""`dangwu member …`: add, list, show, edit, transfer-in/out, leave, void, import, export."""

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from ..i18n import tr
from .common import AsOfOpt, FormatOpt, RevealOpt, emit, handled, open_ledger, say

app = typer.Typer(no_args_is_help=True)

Opt = typer.Option
GenderOpt = Annotated[str | None, Opt("--gender", help="男|女 (male|female).")]
StageOpt = Annotated[str | None, Opt("--stage", help="full|probationary (正式党员|预备党员).")]
# Required at the command line (a missing one is Click's usage error, exit 2).
GenderReq = Annotated[str, Opt("--gender", help="男|女 (male|female).")]
StageReq = Annotated[str, Opt("--stage", help="full|probationary (正式党员|预备党员).")]
BirthOpt = Annotated[str | None, Opt("--birth-date", help="Birth date.")]
IdOpt = Annotated[str | None, Opt("--id-number", help="18-character citizen ID number.")]
EthOpt = Annotated[str | None, Opt("--ethnicity", help="民族, e.g. 汉族.")]
EduOpt = Annotated[str | None, Opt("--education", help="学历, e.g. 大学本科.")]
PhoneOpt = Annotated[str | None, Opt("--phone", help="Phone number.")]
CatOpt = Annotated[
    str | None,
    Opt("--category", help="in_service|retired|farmer|student|unemployed|other (在职, 离退休 …)."),
]
GroupOpt = Annotated[str | None, Opt("--group", help="Party group name.")]
AdmOpt = Annotated[
    str | None,
    Opt("--admitted-on", help="Day the general meeting accepted them as probationary (入党日期)."),
]
FullOpt = Annotated[str | None, Opt("--full-on", help="Day they became a full member (转正日期).")]
JoinOpt = Annotated[
    str | None, Opt("--joined-on", help="Day they joined this branch (default: --admitted-on).")
]
UnitOpt = Annotated[str | None, Opt("--unit", help="Work unit (工作单位).")]
OccOpt = Annotated[
    str | None,
    Opt(
        "--occupation",
        help="职业 for the 党内统计年报: worker|farmer|professional|manager|official|student|"
        "other|retired (工人, 农牧渔民, 专业技术人员, 管理人员, 党政机关工作人员, 学生, 其他职业, 离退休).",
    ),
]


def _raw(**kw: Any) -> dict[str, Any]:
    return {k: v for k, v in kw.items() if v is not None}


def _today() -> date:
    return date.today()


@app.command("add")
@handled
def add(
    name: Annotated[str, typer.Argument(help="Full name.")],
    gender: GenderReq,
    stage: StageReq,
    birth_date: BirthOpt = None,
    id_number: IdOpt = None,
    ethnicity: EthOpt = None,
    education: EduOpt = None,
    phone: PhoneOpt = None,
    category: CatOpt = None,
    group: GroupOpt = None,
    admitted_on: AdmOpt = None,
    full_on: FullOpt = None,
    joined_on: JoinOpt = None,
    unit: UnitOpt = None,
    occupation: OccOpt = None,
) -> None:
    """Add an existing member (full or probationary). Prints the new id.

    Example: dangwu member add 张伟 --gender 男 --stage full --admitted-on 2010-07-01
    """
    from ..services.enrolment import add_member

    raw = _raw(
        name=name,
        gender=gender,
        stage=stage,
        birth_date=birth_date,
        id_number=id_number,
        ethnicity=ethnicity,
        education=education,
        phone=phone,
        category=category,
        group=group,
        admitted_on=admitted_on,
        full_on=full_on,
        joined_on=joined_on,
        unit=unit,
        occupation=occupation,
    )
    raw.setdefault("gender", None)
    raw.setdefault("stage", None)
    ledger = open_ledger()
    with ledger.writer() as w:
        person_id = add_member(w, raw, _today())
    typer.echo(person_id)


@app.command("transfer-in")
@handled
def transfer_in(
    name: Annotated[
        str,
        typer.Argument(
            metavar="NAME|REF",
            help="Full name; or a member who transferred out of this branch (id or name).",
        ),
    ],
    from_org: Annotated[str, Opt("--from", help="The organization they come from.")],
    on: Annotated[str, Opt("--on", help="Day the transfer letter was received.")],
    gender: Annotated[
        str | None, Opt("--gender", help="男|女 (male|female); required for someone new.")
    ] = None,
    stage: Annotated[
        str | None,
        Opt("--stage", help="full|probationary (正式党员|预备党员); required for someone new."),
    ] = None,
    letter: Annotated[str | None, Opt("--letter", help="Transfer letter number.")] = None,
    birth_date: BirthOpt = None,
    id_number: IdOpt = None,
    ethnicity: EthOpt = None,
    education: EduOpt = None,
    phone: PhoneOpt = None,
    category: CatOpt = None,
    group: GroupOpt = None,
    admitted_on: AdmOpt = None,
    full_on: FullOpt = None,
    unit: UnitOpt = None,
    occupation: OccOpt = None,
) -> None:
    """Receive a member transferred in from another organization (组织关系转入).

    A member who transferred out of this branch and comes back is named by id or name: the
    same person returns, with the profile, stage history and dues base they left with
    (options given replace them); their first stint stays as it was, so earlier reports do
    not change. Example: dangwu member transfer-in 张伟 --from 某局机关党委 --on 2026-12-01"""
    from ..errors import Refused
    from ..parse import parse_on
    from ..services.enrolment import add_member, not_returning, return_member, returning

    day = parse_on(on, _today())
    org = from_org.strip()
    if not org:
        raise Refused("--from: 不能为空", "--from: may not be empty")
    raw = _raw(
        name=name,
        gender=gender,
        stage=stage,
        birth_date=birth_date,
        id_number=id_number,
        ethnicity=ethnicity,
        education=education,
        phone=phone,
        category=category,
        group=group,
        admitted_on=admitted_on,
        full_on=full_on,
        unit=unit,
        occupation=occupation,
        joined_on=day.isoformat(),
    )
    ledger = open_ledger()
    with ledger.writer() as w:
        old = returning(w, name)
        if old is not None:
            given = {k: v for k, v in raw.items() if k not in ("name", "joined_on")}
            person_id = return_member(w, old, given, day, org, letter, _today())
        else:
            if gender is None or stage is None:
                not_returning(w, name)
            for value, option, what in (
                (gender, "--gender", "性别"),
                (stage, "--stage", "人员类别"),
            ):
                if value is None:
                    raise Refused(
                        f"{option}: 新转入的人员须给出{what}（{name} 不是从本支部转出的人员）",
                        f"{option}: required for someone new ({name} did not transfer out"
                        " of this branch)",
                    )
            person_id = add_member(
                w, raw, _today(), join_kind="transfer_in", join_org=org, join_letter=letter
            )
    typer.echo(person_id)


@app.command("transfer-out")
@handled
def transfer_out(
    ref: Annotated[str, typer.Argument(help="Member (id or name).")],
    to_org: Annotated[str, Opt("--to", help="The organization they go to.")],
    on: Annotated[str, Opt("--on", help="Day the transfer letter was issued.")],
    letter: Annotated[str | None, Opt("--letter", help="Transfer letter number.")] = None,
    force: Annotated[bool, Opt("--force", help="Record despite a refused check.")] = False,
    reason: Annotated[str | None, Opt("--reason", help="Why --force was needed.")] = None,
    valid_days: Annotated[
        str | None,
        Opt(
            "--valid-days",
            help="The letter's validity in days, 1 to 90 (default 30; commonly 10 within the"
            " city, 30 outside it).",
        ),
    ] = None,
) -> None:
    """Transfer a member out (组织关系转出); they stay in the ledger with `--all`.
    `dangwu print letter REF -o F` prints the letter; `member receipt REF --on D` records its
    回执. Example: dangwu member transfer-out 曹阳 --to 某局机关党支部 --on 2026-04-10
    --letter 转字〔2026〕第12号 --valid-days 30"""
    from ..errors import Refused
    from ..parse import parse_on
    from ..rules.transfer import DEFAULT_VALID_DAYS
    from ..services.members import meetings_listing
    from ..services.members import transfer_out as do

    if force and not (reason and reason.strip()):
        raise Refused("--reason: 使用 --force 时必须说明理由", "--reason: --force needs a reason")
    days = DEFAULT_VALID_DAYS
    if valid_days is not None:
        text = valid_days.strip()
        if not text.isdecimal() or len(text) > 6:
            raise Refused(
                f"--valid-days: 应为天数（整数）：{valid_days!r}",
                f"--valid-days: not a number of days: {valid_days!r}",
            )
        days = int(text)
    day = parse_on(on, _today())
    if not to_org.strip():
        raise Refused("--to: 不能为空", "--to: may not be empty")
    ledger = open_ledger()
    with ledger.write() as s:
        person, through = do(
            s, ref, to_org.strip(), day, letter, reason if force else None, valid_days=days
        )
        listed = meetings_listing(s, person.id, day)  # type: ignore[arg-type]
    # the transfer letter states the month the dues are paid through (CLI.md)
    say(
        f"{person.name} 已于 {day} 转出至 {to_org}（"
        + (f"党费交至 {through}）" if through else "未交过党费）"),
        f"{person.name} transferred out to {to_org} on {day} ("
        + (f"dues paid through {through})" if through else "no month of dues paid)"),
    )
    _still_listed(person.name, day, listed)


@app.command("receipt")
@handled
def receipt(
    ref: Annotated[str, typer.Argument(help="The member who transferred out (id or name).")],
    on: Annotated[str, Opt("--on", help="Day the 回执 (receipt slip) came back.")],
    replace: Annotated[
        bool, Opt("--replace", help="Correct a receipt day already recorded.")
    ] = False,
) -> None:
    """Record that the 回执 of a member's transfer letter came back. A letter whose 回执 is
    not back within a month of the transfer is a finding of `report compliance`
    (letter_receipt_overdue). Example: dangwu member receipt 曹阳 --on 2026-04-24"""
    from ..parse import parse_on
    from ..services.members import record_receipt

    day = parse_on(on, _today())
    ledger = open_ledger()
    with ledger.write() as s:
        person = record_receipt(s, ref, day, replace)
        name = person.name
    say(
        f"已记录：{name} 的组织关系介绍信回执于 {day} 收回",
        f"Recorded: the receipt of {name}'s transfer letter came back on {day}",
    )


@app.command("leave")
@handled
def leave(
    ref: Annotated[str, typer.Argument(help="Member (id or name).")],
    reason: Annotated[
        str,
        Opt(
            "--reason",
            help="deceased|withdrew|removed|expelled|lapsed (去世, 退党, 除名, 开除党籍, 自行脱党).",
        ),
    ],
    on: Annotated[str, Opt("--on", help="The date.")],
) -> None:
    """Record that a person left the Party or the branch; they stay in the ledger."""
    from ..parse import parse_on
    from ..services.members import leave as do
    from ..services.members import meetings_listing, parse_leave_reason

    code = parse_leave_reason(reason)
    day = parse_on(on, _today())
    ledger = open_ledger()
    with ledger.write() as s:
        person = do(s, ref, code, day)
        listed = meetings_listing(s, person.id, day)  # type: ignore[arg-type]
    say(f"已记录：{person.name} 于 {day} 离开", f"Recorded: {person.name} left on {day}")
    _still_listed(person.name, day, listed)


@app.command("void")
@handled
def void(
    ref: Annotated[str, typer.Argument(help="The person entered in error (id or name).")],
    reason: Annotated[str, Opt("--reason", help="Why the entry is void (kept with it).")],
) -> None:
    """Void a person entered in error: kept in the ledger, never counted, listed or found by
    name again, and not a departure (no 除名 in any report). Their ID number is released so
    the right entry can be made. Refused while a payment, an attendance, a talk, a post or
    another person's development record names them. Example: dangwu member void 31 --reason
    重复录入
    """
    from ..services.voids import void_person
    from ..store.refs import find_person_id

    ledger = open_ledger()
    with ledger.writer() as w:
        pid = find_person_id(w, ref)
        person = void_person(w, pid, reason, _today())
    say(
        f"已作废人员 {pid} {person['name']}（录入错误）",
        f"Person {pid} {person['name']} voided (entered in error)",
    )


@app.command("away")
@handled
def away(
    ref: Annotated[str, typer.Argument(help="Member (id or name).")],
    to: Annotated[str, Opt("--to", help="Where they work or study (流入地).")],
    from_on: Annotated[str, Opt("--from", help="The first day away.")],
    until: Annotated[
        str | None, Opt("--until", help="The planned last day away (may lie ahead).")
    ] = None,
    certificate: Annotated[
        str | None, Opt("--certificate", help="The number of the card or letter.")
    ] = None,
    kind: Annotated[
        str,
        Opt("--kind", help="card|letter (流动党员活动证|证明信; 活动证 too). Default card."),
    ] = "card",
) -> None:
    """Record a member working or studying away (流动党员), with a 流动党员活动证 or a 证明信.
    While away they are not expected at this branch's meetings (no absence counted, outside
    the quorum), their dues stay owed here (`rules set away_quarterly_dues --on`: quarterly),
    and they owe a written report each quarter (away_report, `member away-report`).
    `member back` ends it. Example: dangwu member away 张伟 --to 深圳 --from 2026-04-01
    --certificate LD2026001"""
    from ..i18n import label, parse_code
    from ..parse import parse_date, parse_on
    from ..rules.away import AWAY_KINDS
    from ..services.away import go_away, still_attending
    from ..store.refs import find_person_id

    code = parse_code("away_kind", kind, "--kind", AWAY_KINDS)
    first = parse_on(from_on, _today(), "--from")
    last = parse_date(until, "--until") if until else None
    ledger = open_ledger()
    with ledger.writer() as w:
        row = go_away(w, find_person_id(w, ref), to, first, last, certificate, code)
        listed = still_attending(w, row["person_id"], first, last)
    paper = " ".join(x for x in (label("away_kind", code), row["certificate"]) if x)
    say(
        f"已记录：{row['name']} 自 {first} 外出（{row['place']}，{paper}"
        + (f"，至 {last}" if last else "")
        + f"），记录 {row['id']}；外出期间不计入本支部会议应到人数，每季度应书面汇报",
        f"Recorded: {row['name']} away from {first} ({row['place']}, {paper}"
        + (f", until {last}" if last else "")
        + f"), record {row['id']}; not expected at this branch's meetings while away, a"
        " written report due each quarter",
    )
    _still_listed(row["name"], first, listed)


@app.command("back")
@handled
def back(
    ref: Annotated[str, typer.Argument(help="Member (id or name).")],
    on: Annotated[str, Opt("--on", help="The day they were back (the first day here again).")],
) -> None:
    """Record that a member away (流动党员) came back: from that day they are expected at the
    branch's meetings again and owe no more written reports; the six months of the absence
    rule count from it. Example: dangwu member back 张伟 --on 2026-10-08"""
    from ..parse import parse_on
    from ..services.away import come_back
    from ..store.refs import find_person_id

    day = parse_on(on, _today())
    ledger = open_ledger()
    with ledger.writer() as w:
        row = come_back(w, find_person_id(w, ref), day)
    say(
        f"已记录：{row['name']} 于 {day} 返回（外出记录 {row['id']}，{row['place']}，自"
        f" {row['from_on']}）",
        f"Recorded: {row['name']} back on {day} (away record {row['id']}, {row['place']},"
        f" since {row['from_on']})",
    )


@app.command("away-report")
@handled
def away_report(
    ref: Annotated[str, typer.Argument(help="Member (id or name).")],
    on: Annotated[str, Opt("--on", help="The day the written report was received.")],
    note: Annotated[str | None, Opt("--note", help="A note (what it said, how it came).")] = None,
) -> None:
    """Record a written report received from a member away (流动党员书面汇报). It meets
    the quarter's away_report (seeds 000 and 001: each quarter, in writing); refused for
    someone not away on that day. Example: dangwu member away-report 张伟 --on 2026-06-20
    --note 邮寄"""
    from ..parse import parse_on
    from ..services.away import report_received
    from ..store.refs import find_person_id

    day = parse_on(on, _today())
    ledger = open_ledger()
    with ledger.writer() as w:
        row = report_received(w, find_person_id(w, ref), day, note)
    say(
        f"已记录 {row['name']} 的书面汇报（{day}），记录 {row['id']}",
        f"Written report of {row['name']} ({day}) recorded: {row['id']}",
    )


@app.command("away-void")
@handled
def away_void(
    record_id: Annotated[str, typer.Argument(metavar="ID", help="The away record's id.")],
    reason: Annotated[str, Opt("--reason", help="Why it is void (kept with it).")],
) -> None:
    """Void an away record entered in error: kept in the ledger (audited), read by nothing —
    the member is expected at meetings and owes no written report for it. Example: dangwu
    member away-void 3 --reason 日期录错"""
    from ..services.away import void_record
    from .common import parse_id

    row_id = parse_id(record_id, "ID")
    ledger = open_ledger()
    with ledger.writer() as w:
        row = void_record(w, "member_away", row_id, reason, _today())
    say(
        f"已作废外出记录 {row_id}（{row['name']}，{row['place']}，自 {row['from_on']}）",
        f"Away record {row_id} voided ({row['name']}, {row['place']}, from {row['from_on']})",
    )


@app.command("away-report-void")
@handled
def away_report_void(
    record_id: Annotated[str, typer.Argument(metavar="ID", help="The report's id.")],
    reason: Annotated[str, Opt("--reason", help="Why it is void (kept with it).")],
) -> None:
    """Void a written report of a member away entered in error: kept in the ledger
    (audited), its quarter's report owed again. Example: dangwu member away-report-void 5
    --reason 重复录入"""
    from ..services.away import void_record
    from .common import parse_id

    row_id = parse_id(record_id, "ID")
    ledger = open_ledger()
    with ledger.writer() as w:
        row = void_record(w, "away_report", row_id, reason, _today())
    say(
        f"已作废书面汇报记录 {row_id}（{row['name']}，{row['on_date']}）",
        f"Written report {row_id} voided ({row['name']}, {row['on_date']})",
    )


@app.command("lost")
@handled
def lost(
    ref: Annotated[str, typer.Argument(help="Member (id or name).")],
    since: Annotated[str, Opt("--since", help="The day contact was lost.")],
    reason: Annotated[
        str,
        Opt(
            "--reason",
            help="外出务工经商|单位改制|毕业去向不明|工作单位改变|出国（境）|居住地改变|其他"
            " (migrant_work|restructuring|graduate_unknown|job_change|abroad|moved|other).",
        ),
    ],
    note: Annotated[str | None, Opt("--note", help="A note (what was tried).")] = None,
) -> None:
    """Record a member out of contact (失联党员) since a day, with the reason. Compliance
    names them (member_lost), and names as candidates those six months without a meeting
    attended or dues paid (lost_candidate, PEERS.md §2.2); `member found` ends it. Example:
    dangwu member lost 李强 --since 2026-01-15 --reason 外出务工经商"""
    from ..i18n import label, parse_code
    from ..parse import parse_on
    from ..rules.away import LOST_REASONS
    from ..services.lost import lose
    from ..store.refs import find_person_id

    code = parse_code("lost_reason", reason, "--reason", LOST_REASONS)
    day = parse_on(since, _today(), "--since")
    ledger = open_ledger()
    with ledger.writer() as w:
        row = lose(w, find_person_id(w, ref), day, code, note)
    say(
        f"已记录：{row['name']} 自 {day} 失联（{label('lost_reason', code)}），记录 {row['id']}",
        f"Recorded: {row['name']} out of contact since {day} ({label('lost_reason', code)}),"
        f" record {row['id']}",
    )


@app.command("found")
@handled
def found(
    ref: Annotated[str, typer.Argument(help="Member (id or name).")],
    on: Annotated[str, Opt("--on", help="The day contact was made again.")],
) -> None:
    """Record that contact with a member out of contact (失联党员) was made again; they are
    no longer named as lost from that day. Example: dangwu member found 李强 --on 2026-11-20
    """
    from ..parse import parse_on
    from ..services.lost import found as do
    from ..store.refs import find_person_id

    day = parse_on(on, _today())
    ledger = open_ledger()
    with ledger.writer() as w:
        row = do(w, find_person_id(w, ref), day)
    say(
        f"已记录：{row['name']} 于 {day} 恢复联系（自 {row['since']} 失联，记录 {row['id']}）",
        f"Recorded: contact with {row['name']} made again on {day} (out of contact since"
        f" {row['since']}, record {row['id']})",
    )


@app.command("lost-void")
@handled
def lost_void(
    record_id: Annotated[str, typer.Argument(metavar="ID", help="The record's id.")],
    reason: Annotated[str, Opt("--reason", help="Why it is void (kept with it).")],
) -> None:
    """Void an out-of-contact record entered in error: kept in the ledger (audited), read by
    nothing. Example: dangwu member lost-void 2 --reason 录错人员"""
    from ..services.away import void_record
    from .common import parse_id

    row_id = parse_id(record_id, "ID")
    ledger = open_ledger()
    with ledger.writer() as w:
        row = void_record(w, "member_lost", row_id, reason, _today())
    say(
        f"已作废失联记录 {row_id}（{row['name']}，自 {row['since']}）",
        f"Out-of-contact record {row_id} voided ({row['name']}, since {row['since']})",
    )


def _still_listed(name: str, day: object, meetings: int) -> None:
    """A departure dated before meetings already recorded: say so (stderr). Their attendance
    was taken from the roster as it stood and stays as recorded (nothing is rewritten)."""
    if meetings:
        typer.echo(
            tr(
                f"提示：{day} 及以后已记录的 {meetings} 次会议的出席名单仍列有 {name}（按当时的名册记录），其应到人数未重新计算",
                f"note: {meetings} meetings recorded on or after {day} still list {name} in their"
                " attendance (taken from the roster as it stood); who was expected is not recounted",
            ),
            err=True,
        )


@app.command("edit")
@handled
def edit(
    ref: Annotated[str, typer.Argument(help="Member (id or name).")],
    name: Annotated[str | None, Opt("--name", help="New name.")] = None,
    gender: GenderOpt = None,
    birth_date: BirthOpt = None,
    id_number: IdOpt = None,
    ethnicity: EthOpt = None,
    education: EduOpt = None,
    phone: PhoneOpt = None,
    category: CatOpt = None,
    group: GroupOpt = None,
    admitted_on: AdmOpt = None,
    full_on: FullOpt = None,
    joined_on: JoinOpt = None,
    unit: UnitOpt = None,
    occupation: OccOpt = None,
    on: Annotated[
        str | None, Opt("--on", help="Day a group change takes effect (default today).")
    ] = None,
) -> None:
    """Change profile fields; an empty value ("") clears an optional one. Audited."""
    from ..parse import parse_on
    from ..services.members import edit_member

    raw = _raw(
        name=name,
        gender=gender,
        birth_date=birth_date,
        id_number=id_number,
        ethnicity=ethnicity,
        education=education,
        phone=phone,
        category=category,
        group=group,
        admitted_on=admitted_on,
        full_on=full_on,
        joined_on=joined_on,
        unit=unit,
        occupation=occupation,
    )
    day = parse_on(on, _today()) if on else _today()
    ledger = open_ledger()
    with ledger.write() as s:
        person = edit_member(s, ref, raw, _today(), day)
    say(f"已更新 {person.id} {person.name}", f"Updated {person.id} {person.name}")


@app.command("list")
@handled
def list_(
    stage: Annotated[str | None, Opt("--stage", help="Only this stage.")] = None,
    group: GroupOpt = None,
    all_: Annotated[bool, Opt("--all", help="Include people who left or were dropped.")] = False,
    away: Annotated[
        bool,
        Opt(
            "--away",
            help="Only the members working or studying away (流动党员) on the day, with the"
            " place, the days and the card or letter.",
        ),
    ] = False,
    as_of: AsOfOpt = None,
    wide: Annotated[
        bool,
        Opt(
            "--wide",
            help="Every column in the terminal's table too (born, category, full on, ID"
            " number); a pipe and -f plain/csv/json always have them all.",
        ),
    ] = False,
    fmt: FormatOpt = None,
    reveal: RevealOpt = False,
) -> None:
    """The roster: people at every stage, oldest record first. On a terminal the table keeps
    one line per person (id, name, gender, stage, group, admitted, phone); --wide shows every
    column. Example: dangwu member list --away --as-of 2026-06-30"""
    from ..i18n import parse_code
    from ..parse import parse_date
    from ..reports.roster import roster_records
    from ..store.refs import find_group
    from ..views.members import away_roster, roster

    day = parse_date(as_of, "--as-of") if as_of else _today()
    stage_code = parse_code("stage", stage, "--stage") if stage else None
    ledger = open_ledger()
    with ledger.read() as r:
        group_name = find_group(r, group)["name"] if group else None
        if away:
            from ..reports.away import away_on_day

            found = away_on_day(r, day)
            if stage_code or group_name:
                keep = {
                    m["id"] for m in roster_records(r, day, False, stage_code, group_name, False)
                }
                found = [a for a in found if a["member_id"] in keep]
        else:
            records = roster_records(r, day, all_, stage_code, group_name, reveal)
    if away:
        emit(away_roster(found), fmt)
        return
    from ..render import resolve_format

    chosen = resolve_format(fmt)
    emit(roster(records, with_left=all_, narrow=chosen == "table" and not wide), chosen)


@app.command("show")
@handled
def show(
    ref: Annotated[str, typer.Argument(help="Member (id or name).")],
    fmt: FormatOpt = None,
    reveal: RevealOpt = False,
) -> None:
    """A person's profile and timeline."""
    from ..reports.person import person_detail
    from ..views.members import person

    ledger = open_ledger()
    with ledger.read() as s:
        detail = person_detail(s, ref, _today(), reveal)
    emit(person(detail), fmt)


@app.command("import")
@handled
def import_(
    file: Annotated[
        Path, typer.Argument(help="Roster file: .csv (UTF-8, UTF-8 BOM, GBK) or .xlsx.")
    ],
    dry_run: Annotated[bool, Opt("--dry-run", help="Check every row, write nothing.")] = False,
) -> None:
    """Import a roster (花名册). Every bad row is reported; nothing is written unless all are good."""
    from ..services.roster import import_roster

    ledger = open_ledger()
    result = import_roster(ledger, file, _today(), dry_run=dry_run)
    for warning in result.warnings:
        typer.echo(warning, err=True)
    if dry_run:
        say(
            f"检查通过：{result.count} 行可以导入（未写入）",
            f"Check passed: {result.count} rows can be imported (nothing written)",
        )
    else:
        say(f"已导入 {result.count} 人", f"Imported {result.count} people")
    if result.new_groups:
        say(
            "新建党小组：" + "、".join(result.new_groups),
            "New groups: " + ", ".join(result.new_groups),
        )


@app.command("export")
@handled
def export(
    file: Annotated[Path, typer.Argument(help="Target .csv or .xlsx (never overwritten).")],
    all_: Annotated[bool, Opt("--all", help="Include people who left.")] = False,
    reveal: RevealOpt = False,
) -> None:
    """Export the roster (花名册) as CSV or XLSX, by the file's extension. Mode 0600."""
    from ..services.roster import export_roster

    ledger = open_ledger()
    count = export_roster(ledger, file, _today(), include_left=all_, reveal=reveal)
    say(f"已导出 {count} 人到 {file}", f"Exported {count} people to {file}")
