"""`dues import`: a branch's existing dues register (党费收缴登记表), one row per member-month.

All or nothing, like the roster import: every row is checked against the ledger and the rows
before it, every problem is reported with its line number, and only a clean file is written,
in one transaction of bulk inserts (10,000 members × 24 months in seconds).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import DangwuError, Refused, RowErrors
from ..files import NumberCell, read_rows
from ..i18n import get_lang
from ..parse import format_money, parse_date, parse_money, parse_month
from ..privacy import mask_id
from ..rules import dues as rules
from ..rules import identity
from ..rules.dues import first_owed_month
from ..rules.periods import month_of
from ..store import audit
from ..store.bulk import bulk_insert
from ..store.handle import LedgerHandle
from ..store.reader import SessionReader, as_date
from .roster import progress_bar, row_total

HEADERS = {
    "姓名": "name",
    "身份证号": "id_number",
    "公民身份号码": "id_number",
    "身份证号码": "id_number",
    "月份": "month",
    "缴费月份": "month",
    "缴费基数": "base",
    "基数": "base",
    "实缴金额": "amount",
    "缴纳金额": "amount",
    "缴纳日期": "paid_on",
    "收据号": "receipt",
}
KEYS = ("name", "id_number", "month", "base", "amount", "paid_on", "receipt")
BASE_COLUMNS = ("person_id", "from_month", "category", "income_fen", "fixed_fen", "rate", "due_fen")
PAYMENT_COLUMNS = (
    "person_id",
    "month",
    "amount_fen",
    "kind",
    "paid_on",
    "receipt",
    "by_id",
    "note",
    "reverses_id",
)


@dataclass
class ImportResult:
    rows: int
    payments: int
    bases: int


class _Problems:
    def __init__(self) -> None:
        self.items: list[tuple[int, str, str]] = []
        self.lines: set[int] = set()

    def add(self, line: int, field: str, zh: str, en: str) -> None:
        self.items.append((line, f"第 {line} 行 {field}：{zh}", f"line {line}: {field}: {en}"))
        self.lines.add(line)

    def sort(self) -> None:
        self.items.sort(key=lambda item: item[0])  # stable: a line's problems keep their order

    @property
    def zh(self) -> list[str]:
        return [i[1] for i in self.items]

    @property
    def en(self) -> list[str]:
        return [i[2] for i in self.items]


def _reason(err: DangwuError) -> tuple[str, str]:
    return err.zh.split(": ", 1)[-1], err.en.split(": ", 1)[-1]


def import_register(
    ledger: LedgerHandle, path: Path, today: date, dry_run: bool, force_reason: str | None
) -> ImportResult:
    rows_iter = iter(read_rows(path))
    try:
        _, header = next(rows_iter)
    except StopIteration:
        raise Refused(f"FILE: {path} 是空文件", f"FILE: {path} is empty") from None
    mapping: dict[int, str] = {}
    names: dict[str, str] = {}  # key → the column's header, as the file spells it
    unknown = []
    for i, cell in enumerate(header):
        if cell is None:
            continue
        key = HEADERS.get(cell.strip()) or (
            cell.strip().lower() if cell.strip().lower() in KEYS else None
        )
        if key is None:
            unknown.append(cell)
        elif key in mapping.values():
            raise Refused(
                f"FILE: 第 1 行：列 {cell!r} 重复", f"FILE: line 1: column {cell!r} appears twice"
            )
        else:
            mapping[i] = key
            names[key] = cell
    if "month" not in names or not ({"name", "id_number"} & set(names)):
        raise Refused(
            "FILE: 第 1 行缺少必需的列：姓名或身份证号，以及月份",
            "FILE: line 1 needs a name or id_number column and a month column",
        )
    if unknown:
        raise Refused(
            f"FILE: 第 1 行有无法识别的列：{', '.join(unknown)}",
            f"FILE: line 1 has unknown columns: {', '.join(unknown)}",
        )
    problems = _Problems()
    with ledger.write() as session:
        reader = SessionReader(session)
        people = reader.rows(
            """SELECT p.id, p.name, p.id_number, p.category, p.left_on, p.joined_on,
                 (SELECT MIN(on_date) FROM stage_event se WHERE se.person_id = p.id AND se.stage = 'probationary') AS admitted_on
               FROM person p WHERE p.voided_on IS NULL"""
        )
        by_name: dict[str, list[dict[str, Any]]] = defaultdict(list)
        by_idn: dict[str, dict[str, Any]] = {}
        for p in people:
            by_name[p["name"]].append(p)
            if p["id_number"]:
                by_idn[p["id_number"]] = p
        bases: dict[int, list[tuple[str, int, int]]] = defaultdict(
            list
        )  # pid → (from, income, due)
        for b in reader.rows(
            "SELECT person_id, from_month, income_fen, due_fen FROM dues_base ORDER BY from_month, id"
        ):
            bases[b["person_id"]].append((b["from_month"], b["income_fen"], b["due_fen"]))
        # (person, month) → the live regular payment's amount: the months the ledger holds paid
        paid = {
            (r["person_id"], r["month"]): r["amount_fen"]
            for r in reader.rows(
                """SELECT r.person_id, r.month, r.amount_fen FROM dues_payment r
               WHERE r.kind = 'regular'
               AND NOT EXISTS (SELECT 1 FROM dues_payment x WHERE x.reverses_id = r.id)"""
            )
        }
        parsed: list[dict[str, Any]] = []
        progress = progress_bar()
        with progress:
            task = progress.add_task(
                "检查" if get_lang() == "zh" else "checking", total=row_total(progress, path)
            )
            for line, cells in rows_iter:
                progress.advance(task)
                if all(c is None for c in cells):
                    continue
                raw = {key: (cells[i] if i < len(cells) else None) for i, key in mapping.items()}
                rec = _parse_row(line, raw, names, by_name, by_idn, today, problems)
                if rec is not None:
                    parsed.append(rec)
        # second pass, in month order per person: bases, dues, duplicates
        parsed.sort(key=lambda r: (r["pid"], r["month"], r["line"]))
        new_bases, payments = _check(parsed, people, bases, paid, names, problems, force_reason)
        if problems.zh:
            problems.sort()
            raise RowErrors(
                f"FILE: {len(problems.lines)} 行有错误，未写入任何数据",
                f"FILE: {len(problems.lines)} bad rows; nothing was written",
                problems.zh,
                problems.en,
            )
        if dry_run:
            session.rollback()
            return ImportResult(len(parsed), len(payments), len(new_bases))
        if new_bases:
            ids = bulk_insert(session, "dues_base", BASE_COLUMNS, new_bases)
            audit.record_many(
                session,
                [
                    audit.entry("dues.import.base", "dues_base", i, after=b, reason=force_reason)
                    for i, b in zip(ids, new_bases, strict=True)
                ],
            )
        if payments:
            forced = [p.pop("_forced") for p in payments]
            ids = bulk_insert(session, "dues_payment", PAYMENT_COLUMNS, payments)
            audit.record_many(
                session,
                [
                    audit.entry("dues.import.pay", "dues_payment", i, after=p, reason=why)
                    for i, p, why in zip(ids, payments, forced, strict=True)
                ],
            )
    return ImportResult(len(parsed), len(payments), len(new_bases))


@lru_cache(maxsize=4096)
def _month_cell(value: str, field: str) -> Any:
    """A month; Excel turns a typed 2026-01 into a date cell, read back as 2026-01-01."""
    if re.fullmatch(r"\d{4}-\d{2}-01", value):
        value = value[:7]
    return parse_month(value, field)


# A register repeats the same months, dates and amounts thousands of times: parse each once.
_money = lru_cache(maxsize=65536)(parse_money)
_date = lru_cache(maxsize=65536)(parse_date)


def _parse_row(
    line: int,
    raw: dict[str, Any],
    names: dict[str, str],
    by_name: dict[str, list[dict[str, Any]]],
    by_idn: dict[str, dict[str, Any]],
    today: date,
    problems: _Problems,
) -> dict[str, Any] | None:
    ok = True
    person = None
    idn = raw.get("id_number")
    cause = identity.spreadsheet_number(idn, isinstance(idn, NumberCell)) if idn else None
    if cause:
        problems.add(line, names["id_number"], cause.zh, cause.en)
        ok = False
    elif idn:
        person = by_idn.get(identity.normalize(idn))
        if person is None:
            problems.add(
                line,
                names["id_number"],
                f"账本中没有身份证号为 {mask_id(identity.normalize(idn))} 的人员",
                f"no person with ID number {mask_id(identity.normalize(idn))}",
            )
            ok = False
        elif (given := (raw.get("name") or "").strip()) and given != person["name"]:
            # a name and an ID number of two people: which of them paid cannot be told
            masked = mask_id(person["id_number"])
            problems.add(
                line,
                f"{names['name']}/{names['id_number']}",
                f"姓名 {given!r} 与身份证号 {masked}（{person['name']}）不是同一人",
                f"the name {given!r} does not match ID number {masked} ({person['name']})",
            )
            ok = False
    elif raw.get("name"):
        matches = by_name.get(raw["name"].strip(), [])
        if not matches:
            problems.add(
                line,
                names["name"],
                f"账本中没有名为 {raw['name']!r} 的人员",
                f"nobody named {raw['name']!r}",
            )
            ok = False
        elif len(matches) > 1:
            ids = ", ".join(str(m["id"]) for m in matches)
            problems.add(
                line,
                names["name"],
                f"{raw['name']!r} 对应多人（{ids}），请用身份证号列",
                f"{raw['name']!r} is ambiguous ({ids}); use an id_number column",
            )
            ok = False
        else:
            person = matches[0]
    else:
        problems.add(
            line,
            names.get("name") or names["id_number"],
            "缺少姓名或身份证号",
            "no name or ID number",
        )
        ok = False
    values: dict[str, Any] = {}
    for key, fn in (
        ("month", _month_cell),
        ("base", _money),
        ("amount", _money),
        ("paid_on", _date),
    ):
        v = raw.get(key)
        if v is None:
            values[key] = None
            continue
        try:
            values[key] = fn(v, names[key])
        except DangwuError as err:
            zh, en = _reason(err)
            problems.add(line, names[key], zh, en)
            ok = False
    if raw.get("month") is None:
        problems.add(line, names["month"], "月份不能为空", "a month is required")
        ok = False
    if values.get("amount") is not None and raw.get("paid_on") is None:
        problems.add(
            line,
            names.get("paid_on", "缴纳日期"),
            "有实缴金额时必须填写缴纳日期",
            "a paid amount needs its payment date",
        )
        ok = False
    if values.get("paid_on") is not None and values["paid_on"] > today:
        problems.add(
            line,
            names["paid_on"],
            f"{values['paid_on']} 晚于今天",
            f"{values['paid_on']} is in the future",
        )
        ok = False
    if not ok or person is None:
        return None
    receipt = raw.get("receipt")
    return {
        "line": line,
        "pid": person["id"],
        "month": values["month"].code,
        "base": values.get("base"),
        "amount": values.get("amount"),
        "paid_on": values.get("paid_on"),
        "receipt": receipt,
    }


def _check(
    parsed: list[dict[str, Any]],
    people: list[dict[str, Any]],
    bases: dict[int, list[tuple[str, int, int]]],
    paid: dict[tuple[int, str], int],
    names: dict[str, str],
    problems: _Problems,
    force_reason: str | None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    info = {p["id"]: p for p in people}
    paid_of: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for (who, m), fen in paid.items():
        paid_of[who].append((m, fen))
    new_bases: list[dict[str, Any]] = []
    payments: list[dict[str, Any]] = []
    seen: dict[tuple[int, str], int] = {}
    amount_field = names.get("amount", "实缴金额")
    for r in parsed:
        pid, month, line = r["pid"], r["month"], r["line"]
        person = info[pid]
        history = bases[pid]
        if r["base"] is not None:
            current = _in_force(history, month)
            if current is None or current[1] != r["base"]:
                if person["category"] not in rules.RATE_CATEGORIES:
                    problems.add(
                        line,
                        names["base"],
                        f"{person['name']} 按固定数额交纳党费，不按基数",
                        f"{person['name']} pays fixed dues, not by a base",
                    )
                    continue
                due = rules.monthly_due(person["category"], r["base"])
                # as `dues base` refuses it: a base that would leave months the ledger holds
                # paid short of the new due (until the next base) needs --force --reason
                later = [h[0] for h in history if h[0] > month]
                short = sorted(
                    m
                    for m, fen in paid_of.get(pid, ())
                    if m >= month and (not later or m < min(later)) and fen < due.monthly_fen
                )
                if short and not force_reason:
                    span = short[0] if len(short) == 1 else f"{short[0]}..{short[-1]}"
                    problems.add(
                        line,
                        names["base"],
                        f"{person['name']} 的 {span} 党费已按原基数交纳，低于新基数的每月应交"
                        f" {format_money(due.monthly_fen)} 元（先冲正再补交，或 --force --reason）",
                        f"{person['name']} paid {span} below the new base's monthly due of"
                        f" {format_money(due.monthly_fen)} (reverse and pay again, or --force"
                        " --reason)",
                    )
                    continue
                history.append((month, r["base"], due.monthly_fen))
                history.sort(key=lambda h: h[0])
                new_bases.append(
                    {
                        "person_id": pid,
                        "from_month": month,
                        "category": person["category"],
                        "income_fen": r["base"],
                        "fixed_fen": None,
                        "rate": str(due.rate),
                        "due_fen": due.monthly_fen,
                    }
                )
        if (pid, month) in seen:
            problems.add(
                line,
                names["month"],
                f"与第 {seen[(pid, month)]} 行是同一人同一月份",
                f"same member and month as line {seen[(pid, month)]}",
            )
            continue
        seen[(pid, month)] = line
        if r["amount"] is None:
            continue
        current = _in_force(history, month)
        if current is None:
            problems.add(
                line,
                names.get("base", "缴费基数"),
                f"{person['name']} 在 {month} 没有党费基数",
                f"{person['name']} has no dues base for {month}",
            )
            continue
        first = first_owed_month(history[0][0], person["admitted_on"], person["joined_on"])
        assert first is not None
        left = as_date(person["left_on"])
        if month < first:
            problems.add(
                line,
                names["month"],
                f"{month} 早于开始交纳党费的月份 {first}",
                f"{month} is before dues began ({first})",
            )
            continue
        if left is not None and month > month_of(left):
            problems.add(
                line,
                names["month"],
                f"{month} 晚于离开本支部的月份（{left}）",
                f"{month} is after they left ({left})",
            )
            continue
        if (pid, month) in paid:
            problems.add(
                line,
                names["month"],
                f"{person['name']} 的 {month} 已在账本中交纳",
                f"{person['name']} already paid {month}",
            )
            continue
        due_fen = current[2]
        forced = None
        if r["amount"] < due_fen:
            if not force_reason:
                problems.add(
                    line,
                    amount_field,
                    f"{format_money(r['amount'])} 少于按基数计算的应交 {format_money(due_fen)}",
                    f"{format_money(r['amount'])} is below the {format_money(due_fen)} due from the base",
                )
                continue
            forced = force_reason
        regular = min(r["amount"], due_fen)
        common = {
            "person_id": pid,
            "month": month,
            "kind": "regular",
            "paid_on": r["paid_on"],
            "receipt": r["receipt"],
            "by_id": None,
            "note": None,
            "reverses_id": None,
        }
        payments.append(common | {"amount_fen": regular, "_forced": forced})
        if r["amount"] > due_fen:
            payments.append(
                common | {"amount_fen": r["amount"] - due_fen, "kind": "voluntary", "_forced": None}
            )
    return new_bases, payments


def _in_force(history: list[tuple[str, int, int]], month: str) -> tuple[str, int, int] | None:
    current = None
    for h in history:
        if h[0] <= month:
            current = h
        else:
            break
    return current
