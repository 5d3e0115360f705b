"""Dues writes: bases, payments, reversals, hand-overs, statement publication."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from ..errors import Refused
from ..i18n import label, parse_code
from ..parse import format_money
from ..rules import dues as rules
from ..rules.periods import Period, month_after, month_of
from ..store import audit
from ..store.profile_queries import dues_deadline_day
from ..store.queries import stage_on
from ..store.reader import Reader, SessionReader, as_date
from ..store.refs import find_person_id

if TYPE_CHECKING:
    from sqlmodel import Session

    from ..store.models import DuesPayment, DuesRemit, DuesStatement
    from ..store.writer import Writer


@dataclass
class BaseResult:
    person_id: int
    name: str
    rate: str | None
    due_fen: int
    category: str


def _person(reader: Reader, pid: int) -> dict[str, Any]:
    return reader.rows(
        """SELECT p.id, p.name, p.category, p.left_on, p.joined_on,
             (SELECT MIN(on_date) FROM stage_event se WHERE se.person_id = p.id AND se.stage = 'probationary') AS admitted_on
           FROM person p WHERE p.id = :p""",
        {"p": pid},
    )[0]


def set_base(
    session: Session,
    ref: str,
    income_fen: int | None,
    fixed_fen: int | None,
    start: Period,
    category_text: str | None,
    today: date,
    force_reason: str | None = None,
) -> BaseResult:
    if (income_fen is None) == (fixed_fen is None):
        raise Refused(
            "--income: 请给出 --income 或 --fixed 之一", "--income: give either --income or --fixed"
        )
    reader = SessionReader(session)
    pid = find_person_id(reader, ref)
    person = _person(reader, pid)
    if stage_on(reader, pid, max(start.start, min(today, start.end))) not in (
        "full",
        "probationary",
    ) and stage_on(reader, pid, today) not in ("full", "probationary"):
        raise Refused(
            f"REF: {person['name']} 不是党员（预备或正式），不交党费",
            f"REF: {person['name']} is not a (probationary or full) member; no dues",
        )
    left = as_date(person["left_on"])
    if left is not None and start.start > left:
        raise Refused(
            f"--from: {person['name']} 已于 {left} 离开本支部",
            f"--from: {person['name']} left on {left}",
        )
    category = (
        parse_code("category", category_text, "--category") if category_text else person["category"]
    )
    if income_fen is not None:
        if category not in rules.RATE_CATEGORIES:
            raise Refused(
                f"--income: {label('category', category)}党员按固定数额交纳，请用 --fixed（党费规定）",
                f"--income: {category} members pay a fixed amount; use --fixed (党费规定)",
            )
        due = rules.monthly_due(category, income_fen)
        rate, due_fen = due.rate, due.monthly_fen
    else:
        assert fixed_fen is not None
        problem = rules.fixed_problem(category, fixed_fen)
        if problem == "farmer":
            raise Refused(
                "--fixed: 农民党员每月交纳 0.2 至 1 元（党费规定）",
                "--fixed: farmers pay 0.20 to 1.00 yuan a month (党费规定)",
            )
        if problem == "low_income":
            raise Refused(
                "--fixed: 学生、无业等党员每月交纳 0.2 元或经批准免交（0）（党费规定）",
                "--fixed: students and the unemployed pay 0.20 a month or 0 when waived (党费规定)",
            )
        rate, due_fen = None, fixed_fen
    short = _paid_below(reader, pid, start.code, due_fen)
    if short and not force_reason:
        # a month paid is settled (`dues pay` refuses it again): raising its due afterwards
        # would leave a shortfall no command can collect, counted by the statement and
        # unseen by the status. Reversing the payments first keeps the money in order.
        span = short[0] if len(short) == 1 else f"{short[0]}..{short[-1]}"
        # the month after the last one paid short is a way out only while it is still before
        # the next base set (from there on that one is in force, not this)
        clear = month_after(short[-1])
        later = reader.scalar(
            "SELECT MIN(from_month) FROM dues_base WHERE person_id = :p AND from_month > :m",
            {"p": pid, "m": start.code},
        )
        if later is None or clear < later:
            way_zh, way_en = f"请从 {clear} 起设新基数，或", f"set the new base from {clear}, or "
        else:
            way_zh, way_en = "请", ""
        raise Refused(
            f"--from: {person['name']} 的 {span} 党费已按原基数交纳（低于新的每月应交"
            f" {format_money(due_fen)} 元）；{way_zh}先冲正这些月份（dues reverse）再按新基数"
            "补交；录入历史记录可用 --force --reason",
            f"--from: {person['name']} paid {span} at the old base (below the new monthly due of"
            f" {format_money(due_fen)}); {way_en}reverse those months (dues reverse) and pay"
            " them at the new base; --force --reason for historical records",
        )
    from ..store.models import DuesBase

    row = DuesBase(
        person_id=pid,
        from_month=start.code,
        category=category,
        income_fen=income_fen,
        fixed_fen=fixed_fen,
        rate=str(rate) if rate is not None else None,
        due_fen=due_fen,
    )
    session.add(row)
    session.flush()
    audit.record(
        session, "dues.base", "dues_base", row.id, after=audit.row_dict(row), reason=force_reason
    )
    return BaseResult(pid, person["name"], row.rate, due_fen, category)


def _paid_below(reader: Reader, pid: int, first: str, due_fen: int) -> list[str]:
    """Months from `first` on, up to the next base set for a later month, whose live regular
    payment is below `due_fen`: the months a new base would leave paid short."""
    return [
        m
        for (m,) in reader.tuples(
            """SELECT r.month FROM dues_payment r
               WHERE r.person_id = :p AND r.kind = 'regular' AND r.month >= :first
                 AND r.month < COALESCE((SELECT MIN(b.from_month) FROM dues_base b
                                         WHERE b.person_id = :p AND b.from_month > :first),
                                        '9999-12')
                 AND r.amount_fen < :due
                 AND NOT EXISTS (SELECT 1 FROM dues_payment x WHERE x.reverses_id = r.id)
               ORDER BY r.month""",
            {"p": pid, "first": first, "due": due_fen},
        )
    ]


def month_span(first: Period, last: Period) -> list[Period]:
    if last.start < first.start:
        raise Refused(
            f"--months: {last.code} 早于 {first.code}",
            f"--months: {last.code} is before {first.code}",
        )
    months = Period(first.start, last.end, f"{first.code}..{last.code}").months()
    if len(months) > 240:
        raise Refused("--months: 一次最多 240 个月", "--months: at most 240 months at once")
    return months


def _base_for(reader: Reader, pid: int, month: str) -> int | None:
    return reader.scalar(
        """SELECT due_fen FROM dues_base WHERE person_id = :p AND from_month <= :m
           ORDER BY from_month DESC, id DESC LIMIT 1""",
        {"p": pid, "m": month},
    )


def start_month(reader: Reader, pid: int) -> str | None:
    """RULES.md: dues are tracked from the later of the admission month and the first base;
    a member who transferred in owes this branch from the month they joined it."""
    first_base = reader.scalar(
        "SELECT MIN(from_month) FROM dues_base WHERE person_id = :p", {"p": pid}
    )
    if first_base is None:
        return None
    person = _person(reader, pid)
    return rules.first_owed_month(first_base, person["admitted_on"], person["joined_on"])


def is_paid(reader: Reader, pid: int, month: str) -> bool:
    return bool(
        reader.scalar(
            """SELECT 1 FROM dues_payment r WHERE r.person_id = :p AND r.month = :m AND r.kind = 'regular'
           AND NOT EXISTS (SELECT 1 FROM dues_payment x WHERE x.reverses_id = r.id)""",
            {"p": pid, "m": month},
        )
    )


@dataclass
class PayResult:
    name: str
    months: list[str]
    due_fen: int
    paid_fen: int
    voluntary_fen: int
    ids: list[int]


def pay(
    w: Writer,
    ref: str,
    months: list[Period],
    amount_fen: int | None,
    on: date,
    receipt: str | None,
    by_ref: str | None,
    note: str | None,
    option: str = "--month",
) -> PayResult:
    """Record payment for `months`; `option` is the option that named them (`--month` or
    `--months`), for the refusals to point at what was typed."""
    reader = w
    pid = find_person_id(reader, ref)
    person = _person(reader, pid)
    by = find_person_id(reader, by_ref, "--by") if by_ref else None
    if by == pid:
        raise Refused(
            "--by: 代交人不能是本人", "--by: the payer through someone else cannot be the member"
        )
    first = start_month(reader, pid)
    if first is None:
        raise Refused(
            f"REF: {person['name']} 还没有党费基数，请先 dangwu dues base",
            f"REF: {person['name']} has no dues base yet; set one with `dangwu dues base`",
        )
    left = as_date(person["left_on"])
    dues = []
    for m in months:
        if m.code < first:
            raise Refused(
                f"{option}: {m.code} 早于 {person['name']} 开始交纳党费的月份 {first}",
                f"{option}: {m.code} is before {person['name']} owed dues (from {first})",
            )
        if left is not None and m.start > left:
            raise Refused(
                f"{option}: {m.code} 晚于 {person['name']} 离开的月份（{left}）",
                f"{option}: {m.code} is after {person['name']} left ({left})",
            )
        if is_paid(reader, pid, m.code):
            raise Refused(
                f"{option}: {person['name']} 的 {m.code} 党费已交，不能重复交纳",
                f"{option}: {person['name']} already paid {m.code}",
            )
        due = _base_for(reader, pid, m.code)
        assert due is not None  # every month from the first base on has one
        dues.append((m.code, due))
    total = sum(d for _, d in dues)
    paid = total if amount_fen is None else amount_fen
    if paid < total:
        raise Refused(
            f"--amount: {format_money(paid)} 少于应交的 {format_money(total)}（{len(dues)} 个月）",
            f"--amount: {format_money(paid)} is less than the {format_money(total)} due for {len(dues)} months",
        )
    rows = [
        {
            "person_id": pid,
            "month": code,
            "amount_fen": due,
            "kind": "regular",
            "paid_on": on,
            "receipt": receipt,
            "by_id": by,
            "note": note,
            "reverses_id": None,
        }
        for code, due in dues
    ]
    extra = paid - total
    if extra:
        rows.append(
            {
                "person_id": pid,
                "month": dues[-1][0],
                "amount_fen": extra,
                "kind": "voluntary",
                "paid_on": on,
                "receipt": receipt,
                "by_id": by,
                "note": note,
                "reverses_id": None,
            }
        )
    ids = w.insert_many("dues_payment", list(rows[0]), rows)
    audit.record_many(
        w,
        [
            audit.entry("dues.pay", "dues_payment", i, after=r)
            for i, r in zip(ids, rows, strict=True)
        ],
    )
    return PayResult(person["name"], [c for c, _ in dues], total, paid, extra, ids)


def reverse(session: Session, payment_id: int, reason: str, today: date) -> tuple[DuesPayment, str]:
    reason = (reason or "").strip()
    if not reason:
        raise Refused("--reason: 冲正必须说明理由", "--reason: a reversal needs a reason")
    from ..store.models import DuesPayment

    original = session.get(DuesPayment, payment_id)
    if original is None:
        raise Refused(
            f"PAYMENT_ID: 没有编号为 {payment_id} 的缴费记录",
            f"PAYMENT_ID: no payment entry {payment_id}",
        )
    if original.kind == "reversal":
        raise Refused(
            f"PAYMENT_ID: {payment_id} 本身是冲正记录",
            f"PAYMENT_ID: {payment_id} is itself a reversal",
        )
    if SessionReader(session).scalar(
        "SELECT id FROM dues_payment WHERE reverses_id = :i", {"i": payment_id}
    ):
        raise Refused(
            f"PAYMENT_ID: {payment_id} 已经冲正过", f"PAYMENT_ID: {payment_id} was already reversed"
        )
    row = DuesPayment(
        person_id=original.person_id,
        month=original.month,
        amount_fen=-original.amount_fen,
        kind="reversal",
        paid_on=today,
        receipt=original.receipt,
        by_id=None,
        note=reason,
        reverses_id=original.id,
    )
    session.add(row)
    session.flush()
    audit.record(
        session, "dues.reverse", "dues_payment", row.id, after=audit.row_dict(row), reason=reason
    )
    return row, original.kind


def remit(
    session: Session,
    period: Period,
    amount_fen: int,
    on: date,
    receipt: str | None,
    force_reason: str | None,
) -> tuple[DuesRemit, int]:
    from ..store.dues_queries import balance

    if amount_fen <= 0:
        raise Refused("--amount: 上缴金额必须大于 0", "--amount: the amount must be more than 0")
    if period.start > on:
        # dues are handed up once collected: a period that has not begun has none yet
        raise Refused(
            f"--period: {period.code} 在 {on} 尚未开始，没有可上缴的党费",
            f"--period: {period.code} has not begun on {on}: no dues of it to hand over",
        )
    reader = SessionReader(session)
    held = balance(reader, on)
    # a hand-over dated back lowers the balance on every later day too: it may not take more
    # than is held on its day, nor than was left on any later day
    least, least_on = held, on
    # the balance falls only on the day of a hand-over or of a reversal
    for (day,) in reader.tuples(
        """SELECT on_date FROM dues_remit WHERE on_date > :d AND voided_on IS NULL
           UNION SELECT paid_on FROM dues_payment WHERE kind = 'reversal' AND paid_on > :d
           ORDER BY 1""",
        {"d": on},
    ):
        left = balance(reader, as_date(day))  # type: ignore[arg-type]
        if left < least:
            least, least_on = left, as_date(day)  # type: ignore[assignment]
    if amount_fen > least and not force_reason:
        raise Refused(
            f"--amount: {format_money(amount_fen)} 超过 {least_on} 支部结存的 {format_money(least)}（历史数据可用 --force --reason）",
            f"--amount: {format_money(amount_fen)} exceeds the {format_money(least)} held on {least_on} "
            "(use --force --reason for historical records)",
        )
    from ..store.models import DuesRemit

    row = DuesRemit(
        period=period.code,
        start=period.start,
        end=period.end,
        amount_fen=amount_fen,
        on_date=on,
        receipt=receipt,
    )
    session.add(row)
    session.flush()
    audit.record(
        session, "dues.remit", "dues_remit", row.id, after=audit.row_dict(row), reason=force_reason
    )
    return row, held - amount_fen


def publish_statement(session: Session, year: int, on: date) -> DuesStatement:
    reader = SessionReader(session)
    existing = reader.scalar(
        "SELECT published_on FROM dues_statement WHERE year = :y AND voided_on IS NULL",
        {"y": year},
    )
    if existing:
        raise Refused(
            f"--publish: {year} 年的党费收缴情况已于 {existing} 公布",
            f"--publish: the {year} statement was already published on {existing}",
        )
    if on < date(year, 1, 1):
        raise Refused(f"--on: {on} 早于 {year} 年", f"--on: {on} is before {year}")
    from sqlmodel import select

    from ..store.models import DuesStatement

    voided = session.exec(select(DuesStatement).where(DuesStatement.year == year)).first()
    if voided is not None:
        # a publication voided as entered in error: the year's one row records the right one
        before = audit.row_dict(voided)
        voided.published_on, voided.voided_on, voided.void_reason = on, None, None
        session.add(voided)
        session.flush()
        audit.record(
            session,
            "dues.statement.publish",
            "dues_statement",
            voided.id,
            before=before,
            after=audit.row_dict(voided),
        )
        return voided
    row = DuesStatement(year=year, published_on=on)
    session.add(row)
    session.flush()
    audit.record(
        session, "dues.statement.publish", "dues_statement", row.id, after=audit.row_dict(row)
    )
    return row


def owes_on(reader: Reader, pid: int, on: date) -> list[str]:
    """Months unpaid through the month of `on`, deadline or not: a member leaving on `on` owes
    dues through the month they leave (RULES.md), and the transfer letter states the month
    paid through."""
    from ..store.dues_queries import unpaid_months

    month = month_of(on)
    return [r["month"] for r in unpaid_months(reader, on, month, pid, active_on=on)]


def deadline_for(reader: Reader) -> int:
    return dues_deadline_day(reader)
