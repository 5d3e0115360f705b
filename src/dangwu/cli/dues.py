"""`dangwu dues …`: bases, payments, reversals, arrears, reminders, hand-over, statement."""

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from .common import AsOfOpt, FormatOpt, RevealOpt, emit, handled, open_ledger, parse_id, say

app = typer.Typer(no_args_is_help=True)
Opt = typer.Option
ExitOpt = Annotated[bool, Opt("--exit-code", help="Exit 3 when anybody owes.")]


def _today() -> date:
    return date.today()


def _as_of(value: str | None) -> date:
    from ..parse import parse_date

    return parse_date(value, "--as-of") if value else _today()


@app.command("base")
@handled
def base(
    ref: Annotated[str, typer.Argument(help="Member (id or name).")],
    start: Annotated[str, Opt("--from", help="First month the base applies (2026-01).")],
    income: Annotated[
        str | None, Opt("--income", help="Monthly base in yuan (after-tax regular income).")
    ] = None,
    fixed: Annotated[
        str | None,
        Opt("--fixed", help="A fixed monthly due instead (farmers, students, reductions)."),
    ] = None,
    category: Annotated[
        str | None,
        Opt(
            "--category",
            help="in_service|retired|farmer|student|unemployed|other (default: the member's).",
        ),
    ] = None,
    force: Annotated[
        bool,
        Opt("--force", help="Set it even over months already paid at a lower due (history)."),
    ] = False,
    reason: Annotated[str | None, Opt("--reason", help="Why --force was needed.")] = None,
) -> None:
    """Set a member's monthly dues base from a month on; prints the rate and the due. Months
    from then on already paid below the new due are refused: set it from the month after,
    or reverse and pay them again."""
    from ..errors import Refused
    from ..parse import format_money, parse_money, parse_month
    from ..services.dues import set_base

    if force and not (reason and reason.strip()):
        raise Refused("--reason: 使用 --force 时必须说明理由", "--reason: --force needs a reason")
    month = parse_month(start, "--from")
    income_fen = parse_money(income, "--income") if income is not None else None
    fixed_fen = parse_money(fixed, "--fixed") if fixed is not None else None
    ledger = open_ledger()
    with ledger.write() as s:
        r = set_base(
            s,
            ref,
            income_fen,
            fixed_fen,
            month,
            category,
            _today(),
            reason.strip() if force and reason else None,
        )
    if r.rate is not None:
        pct = f"{float(r.rate) * 100:g}%"
        say(
            f"{r.name}：自 {month.code} 起基数 {format_money(income_fen)} 元，比例 {pct}，每月应交 {format_money(r.due_fen)} 元",
            f"{r.name}: from {month.code} base {format_money(income_fen)}, rate {pct}, monthly due {format_money(r.due_fen)}",
        )
    else:
        say(
            f"{r.name}：自 {month.code} 起每月固定交纳 {format_money(r.due_fen)} 元",
            f"{r.name}: from {month.code} a fixed monthly due of {format_money(r.due_fen)}",
        )


def _months(month: str | None, months: str | None) -> list[Any]:
    from ..errors import Refused
    from ..parse import parse_month
    from ..services.dues import month_span

    if (month is None) == (months is None):
        raise Refused(
            "--month: 请给出 --month 或 --months 之一", "--month: give either --month or --months"
        )
    if month is not None:
        return [parse_month(month, "--month")]
    assert months is not None
    if ".." not in months:
        # `--months 2026-02` means that one month, as a person typing it would expect
        return [parse_month(months, "--months")]
    a, b = months.split("..", 1)
    return month_span(parse_month(a, "--months"), parse_month(b, "--months"))


@app.command("pay")
@handled
def pay(
    ref: Annotated[str, typer.Argument(help="Member (id or name).")],
    month: Annotated[str | None, Opt("--month", help="The month paid (2026-11).")] = None,
    months: Annotated[
        str | None, Opt("--months", help="A range of months: 2026-01..2026-06.")
    ] = None,
    amount: Annotated[
        str | None, Opt("--amount", help="Amount paid (default: the dues for those months).")
    ] = None,
    on: Annotated[str | None, Opt("--on", help="Day paid (default today).")] = None,
    receipt: Annotated[str | None, Opt("--receipt", help="Receipt number.")] = None,
    by: Annotated[
        str | None, Opt("--by", help="Paid through this person (REF), with the branch's consent.")
    ] = None,
    note: Annotated[str | None, Opt("--note", help="A note.")] = None,
) -> None:
    """Record payment for one or more months; more than due is kept as a voluntary extra."""
    from ..parse import format_money, parse_money, parse_on
    from ..services.dues import pay as do

    periods = _months(month, months)
    amount_fen = parse_money(amount, "--amount") if amount is not None else None
    day = parse_on(on, _today()) if on else _today()
    ledger = open_ledger()
    with ledger.writer() as w:
        # the refusals name the option typed
        r = do(
            w,
            ref,
            periods,
            amount_fen,
            day,
            receipt,
            by,
            note,
            "--month" if month is not None else "--months",
        )
    span = r.months[0] if len(r.months) == 1 else f"{r.months[0]}..{r.months[-1]}"
    extra_zh = f"，其中自愿多交 {format_money(r.voluntary_fen)} 元" if r.voluntary_fen else ""
    extra_en = f", of which {format_money(r.voluntary_fen)} voluntary" if r.voluntary_fen else ""
    say(
        f"已记录 {r.name} {span} 党费 {format_money(r.paid_fen)} 元{extra_zh}（记录 {', '.join(map(str, r.ids))}）",
        f"Recorded {r.name} {span}: {format_money(r.paid_fen)}{extra_en} (entries {', '.join(map(str, r.ids))})",
    )


@app.command("reverse")
@handled
def reverse(
    payment_id: Annotated[
        str, typer.Argument(metavar="PAYMENT_ID", help="The `dues ledger` entry id.")
    ],
    reason: Annotated[str, Opt("--reason", help="Why (kept with the reversing entry).")],
) -> None:
    """Correct a payment by a reversing entry; the month is owed again."""
    from ..services.dues import reverse as do

    pid = parse_id(payment_id, "PAYMENT_ID")
    ledger = open_ledger()
    with ledger.write() as s:
        row, kind = do(s, pid, reason, _today())
    if kind == "regular":
        say(
            f"已冲正记录 {pid}（冲正记录 {row.id}），{row.month} 重新计为未交",
            f"Entry {pid} reversed by entry {row.id}; {row.month} is owed again",
        )
    else:
        say(
            f"已冲正自愿多交记录 {pid}（冲正记录 {row.id}）",
            f"Voluntary entry {pid} reversed by entry {row.id}",
        )


@app.command("status")
@handled
def status(
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
    exit_code: ExitOpt = False,
    reveal: RevealOpt = False,
) -> None:
    """Every member who owes dues (and members with no base), as of today or --as-of."""
    from ..errors import Outstanding
    from ..reports.dues import status as build
    from ..views import dues as views

    day = _as_of(as_of)
    ledger = open_ledger()
    with ledger.read() as r:
        doc = build(r, day)
    emit(views.status(doc), fmt)
    if exit_code and doc["totals"]["members_owing"]:
        raise Outstanding(
            f"{doc['totals']['members_owing']} 人欠交党费",
            f"{doc['totals']['members_owing']} members owe dues",
        )


@app.command("remind")
@handled
def remind(
    as_of: AsOfOpt = None,
    fmt: FormatOpt = None,
    exit_code: ExitOpt = False,
    reveal: RevealOpt = False,
) -> None:
    """For cron: one line per member with outstanding months; nothing at all when nobody owes."""
    from ..errors import Outstanding
    from ..render import resolve_format
    from ..reports.dues import status as build
    from ..views import dues as views

    day = _as_of(as_of)
    chosen = resolve_format(fmt)
    ledger = open_ledger()
    with ledger.read() as r:
        doc = build(r, day, include_no_base=False)
    if not doc["members"]:
        return
    if chosen in ("json", "csv", "table"):
        emit(views.status(doc), fmt)
    else:
        for line in views.remind_lines(doc):
            typer.echo(line)
    if exit_code:
        raise Outstanding(
            f"{len(doc['members'])} 人欠交党费", f"{len(doc['members'])} members owe dues"
        )


@app.command("ledger")
@handled
def ledger_(
    member: Annotated[str | None, Opt("--member", help="Only this member (REF).")] = None,
    period: Annotated[
        str | None, Opt("--period", help="Months in 2026, 2026H2, 2026Q3 or 2026-11.")
    ] = None,
    fmt: FormatOpt = None,
    reveal: RevealOpt = False,
) -> None:
    """Payment entries (one per member-month; voluntary extras and reversals are entries too)."""
    from ..parse import parse_period
    from ..reports.dues import ledger_entries
    from ..store.refs import find_person_id
    from ..views import dues as views

    p = parse_period(period) if period else None
    ledger = open_ledger()
    with ledger.read() as r:
        pid = find_person_id(r, member, "--member") if member else None
        rows = ledger_entries(r, pid, p)
    emit(views.ledger(rows), fmt)


@app.command("remit")
@handled
def remit(
    period: Annotated[str, Opt("--period", help="The period the money covers (2026Q3).")],
    amount: Annotated[str, Opt("--amount", help="Amount handed up, in yuan.")],
    on: Annotated[str, Opt("--on", help="Day handed up.")],
    receipt: Annotated[
        str | None, Opt("--receipt", help="The higher committee's receipt number.")
    ] = None,
    force: Annotated[
        bool, Opt("--force", help="Record even above the balance held (historical records).")
    ] = False,
    reason: Annotated[str | None, Opt("--reason", help="Why --force was needed.")] = None,
) -> None:
    """Record dues handed up to the higher committee; prints the balance still held."""
    from ..errors import Refused
    from ..parse import format_money, parse_money, parse_on, parse_period
    from ..services.dues import remit as do

    p = parse_period(period)
    fen = parse_money(amount, "--amount")
    day = parse_on(on, _today())
    if force and not (reason and reason.strip()):
        raise Refused("--reason: 使用 --force 时必须说明理由", "--reason: --force needs a reason")
    ledger = open_ledger()
    with ledger.write() as s:
        row, held = do(s, p, fen, day, receipt, reason.strip() if force and reason else None)
    say(
        f"已记录上缴 {p.code} 党费 {format_money(fen)} 元（上缴记录 {row.id}）；支部结存"
        f" {format_money(held)} 元",
        f"Recorded {format_money(fen)} handed up for {p.code} (remit {row.id}); balance held"
        f" {format_money(held)}",
    )


@app.command("remit-void")
@handled
def remit_void(
    remit_id: Annotated[str, typer.Argument(metavar="ID", help="The hand-over's id.")],
    reason: Annotated[str, Opt("--reason", help="Why the entry is void (kept with it).")],
) -> None:
    """Void a hand-over entered in error: kept in the ledger, counted in no balance, check
    or report; record the right one with `dues remit`. Example: dangwu dues remit-void 3
    --reason 金额录错
    """
    from ..parse import format_money
    from ..services.voids import void_remit

    row_id = parse_id(remit_id, "ID")
    ledger = open_ledger()
    with ledger.writer() as w:
        row = void_remit(w, row_id, reason, _today())
    say(
        f"已作废上缴记录 {row_id}（{row['period']}，{format_money(row['amount_fen'])} 元）",
        f"Remit {row_id} voided ({row['period']}, {format_money(row['amount_fen'])})",
    )


@app.command("statement-void")
@handled
def statement_void(
    year: Annotated[str, Opt("--year", help="The year whose publication is void.")],
    reason: Annotated[str, Opt("--reason", help="Why it is void (kept with it).")],
) -> None:
    """Void a statement publication entered in error: kept in the ledger, the year's
    statement owed again; `dues statement --year Y --publish --on D` records the right day.
    Example: dangwu dues statement-void --year 2025 --reason 公布日期录错
    """
    from ..errors import Refused
    from ..services.voids import void_statement

    if not year.strip().isdecimal() or len(year.strip()) > 4:
        raise Refused(f"--year: 无法识别的年份 {year!r}", f"--year: not a year: {year!r}")
    ledger = open_ledger()
    with ledger.writer() as w:
        void_statement(w, int(year), reason, _today())
    say(f"已作废 {year} 年党费收缴情况的公布记录", f"The {year} statement publication voided")


@app.command("statement")
@handled
def statement(
    year: Annotated[str, Opt("--year", help="The year.")],
    fmt: FormatOpt = None,
    reveal: RevealOpt = False,
    publish: Annotated[
        bool, Opt("--publish", help="Record that the statement was published to members.")
    ] = False,
    on: Annotated[str | None, Opt("--on", help="Day published (with --publish).")] = None,
    as_of: AsOfOpt = None,
) -> None:
    """The yearly dues statement: per member months paid and amounts; totals."""
    from ..errors import Refused
    from ..parse import parse_on
    from ..reports.dues import statement as build
    from ..views import dues as views

    # the length first: int() refuses strings of over 4,300 digits with a ValueError
    if not year.strip().isdecimal() or len(year.strip()) > 4 or not 1921 <= int(year) <= 9999:
        raise Refused(f"--year: 无法识别的年份 {year!r}", f"--year: not a year: {year!r}")
    y = int(year)
    if publish:
        if not on:
            raise Refused("--on: 公布时请给出 --on 日期", "--on: --publish needs --on DATE")
        day = parse_on(on, _today())
        from ..services.dues import publish_statement

        ledger = open_ledger()
        with ledger.write() as s:
            publish_statement(s, y, day)
        say(
            f"已记录：{y} 年党费收缴情况于 {day} 公布",
            f"Recorded: the {y} dues statement was published on {day}",
        )
        return
    if on:
        raise Refused("--on: 只与 --publish 一起使用", "--on: only with --publish")
    ledger = open_ledger()
    with ledger.read() as r:
        doc = build(r, y, _as_of(as_of))
    emit(views.statement(doc, y), fmt)


@app.command("import")
@handled
def import_(
    file: Annotated[Path, typer.Argument(help="Dues register (党费收缴登记表): .csv or .xlsx.")],
    dry_run: Annotated[bool, Opt("--dry-run", help="Check every row, write nothing.")] = False,
    force: Annotated[bool, Opt("--force", help="Accept payments below the computed due.")] = False,
    reason: Annotated[str | None, Opt("--reason", help="Why --force was needed.")] = None,
) -> None:
    """Import a dues register, one row per member and month; all or nothing."""
    from ..errors import Refused
    from ..services.dues_import import import_register

    if force and not (reason and reason.strip()):
        raise Refused("--reason: 使用 --force 时必须说明理由", "--reason: --force needs a reason")
    ledger = open_ledger()
    result = import_register(
        ledger, file, _today(), dry_run, reason.strip() if force and reason else None
    )
    if dry_run:
        say(
            f"检查通过：{result.rows} 行可以导入（未写入）",
            f"Check passed: {result.rows} rows can be imported (nothing written)",
        )
    else:
        say(
            f"已导入 {result.rows} 行：{result.payments} 笔缴费，{result.bases} 个基数",
            f"Imported {result.rows} rows: {result.payments} payments, {result.bases} bases",
        )
