"""`dues import`: a branch's existing dues register (党费收缴登记表), one row per member-month.

All or nothing, like the roster import: every row is checked against the ledger and the rows
before it, every problem is reported with its line number, and only a clean file is written,
in one transaction of bulk inserts (10,000 members × 24 months in seconds).

In memory bounded whatever the file's size (issue 22): the first pass reads the file and puts
each parsed row into a staging table (store/staging.py), looking its people up a batch at a
time; the second reads it back a member's months in order, with that batch of members' bases
and payments from the ledger, checks and writes a batch at a time, in the same transaction.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from operator import itemgetter
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
from ..store.handle import LedgerHandle
from ..store.reader import as_date
from ..store.staging import BATCH, Problems, StagingTable, in_lists
from ..store.writer import Writer
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


# The staging table: one parsed row (paid_on as ISO text, as SQLite keeps dates)
STAGE = "dangwu_import_dues"
STAGE_COLUMNS = {
    "line": "INTEGER",
    "pid": "INTEGER",
    "month": "TEXT",
    "base": "BIGINT",
    "amount": "BIGINT",
    "paid_on": "TEXT",
    "receipt": "TEXT",
}
# a staged row as the checks read it back
Row = tuple[int, int, str, int | None, int | None, str | None, str | None]


@dataclass
class ImportResult:
    rows: int
    payments: int
    bases: int


class _DryRun(Exception):
    """Leaves the write transaction of a --dry-run, which rolls it back."""

    def __init__(self, result: ImportResult) -> None:
        self.result = result


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
    try:
        with ledger.writer() as w:
            result = _import(w, rows_iter, mapping, names, path, today, dry_run, force_reason)
            if dry_run:
                raise _DryRun(result)  # out of the transaction, rolling it back
    except _DryRun as done:
        return done.result
    return result


def _import(
    w: Writer,
    rows_iter: Iterator[tuple[int, list[str | None]]],
    mapping: dict[int, str],
    names: dict[str, str],
    path: Path,
    today: date,
    dry_run: bool,
    force_reason: str | None,
) -> ImportResult:
    problems = Problems(w)
    stage = StagingTable(w, STAGE, STAGE_COLUMNS)
    zh = get_lang() == "zh"
    progress = progress_bar()
    with progress:
        task = progress.add_task("检查" if zh else "checking", total=row_total(progress, path))
        # first pass: parse the rows, a batch at a time, into the staging table
        batch: list[tuple[int, dict[str, Any]]] = []
        read = 0  # rows read, counted on the bar a batch at a time (advance costs per call)
        keys, width = list(mapping.values()), max(mapping) + 1
        pick = itemgetter(*mapping)  # the mapped cells (a month and a person: two at least)
        for line, cells in rows_iter:
            read += 1
            if not any(cells):  # every cell empty (read_rows gives None, never "")
                continue
            if len(cells) < width:
                cells = cells + [None] * (width - len(cells))
            batch.append((line, dict(zip(keys, pick(cells), strict=True))))
            if len(batch) >= BATCH:
                _stage(w, batch, names, today, problems, stage)
                batch = []
                progress.advance(task, read)
                read = 0
        _stage(w, batch, names, today, problems, stage)
        progress.advance(task, read)
        stage.index("pid", "month", "line")
        # second pass, in month order per person: bases, dues, duplicates; and the writes
        # while no problem is found (any, later, rolls them back with the rest)
        done = progress.add_task(
            ("核对" if dry_run else "写入") if zh else ("checking" if dry_run else "writing"),
            total=stage.count if not progress.disable else None,
        )
        payments = bases = 0
        for rows in _by_person(w):
            new_bases, new_payments = _check(
                rows, _ledger_of(w, rows), names, problems, force_reason
            )
            bases += len(new_bases)
            payments += len(new_payments)
            if not problems and not dry_run:
                _write(w, new_bases, new_payments, force_reason)
            progress.advance(done, len(rows))
    if problems:
        lines, zh_lines, en_lines = problems.report()
        raise RowErrors(
            f"FILE: {lines} 行有错误，未写入任何数据",
            f"FILE: {lines} bad rows; nothing was written",
            zh_lines,
            en_lines,
        )
    rows_staged = stage.count
    stage.drop()
    problems.table.drop()
    return ImportResult(rows_staged, payments, bases)


def _stage(
    w: Writer,
    batch: list[tuple[int, dict[str, Any]]],
    names: dict[str, str],
    today: date,
    problems: Problems,
    stage: StagingTable,
) -> None:
    """Parse a batch of rows into the staging table, their people looked up in the ledger
    for the batch (by ID number, or by name): never the whole roster in memory."""
    if not batch:
        return
    idns: set[str] = set()
    plain: set[str] = set()
    for _, raw in batch:
        idn = raw.get("id_number")
        if idn:
            idns.add(_normalize(idn))
        elif raw.get("name"):
            plain.add(raw["name"].strip())
    by_idn: dict[str, dict[str, Any]] = {}
    for marks, params in in_lists("n", sorted(idns)):
        for pid, name, number in w.tuples(
            "SELECT id, name, id_number FROM person"
            f" WHERE voided_on IS NULL AND id_number IN ({marks})",
            params,
        ):
            by_idn[number] = {"id": pid, "name": name, "id_number": number}
    by_name: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for marks, params in in_lists("n", sorted(plain)):
        for pid, name in w.tuples(
            f"SELECT id, name FROM person WHERE voided_on IS NULL AND name IN ({marks})"
            " ORDER BY id",
            params,
        ):
            by_name[name].append({"id": pid, "name": name})
    for line, raw in batch:
        rec = _parse_row(line, raw, names, by_name, by_idn, today, problems)
        if rec is not None:
            stage.add(rec)


def _by_person(w: Writer) -> Iterator[list[Row]]:
    """The staged rows in (person, month, line) order, a batch at a time, each batch whole
    people (a person's rows may run over into the next page)."""
    cols = ", ".join(STAGE_COLUMNS)
    order = f"ORDER BY pid, month, line LIMIT {BATCH}"
    carry: list[Row] = []
    key: dict[str, Any] | None = None
    while True:
        if key is None:
            page = w.tuples(f"SELECT {cols} FROM {STAGE} {order}")
        else:
            page = w.tuples(
                f"SELECT {cols} FROM {STAGE} WHERE (pid, month, line) > (:p, :m, :l) {order}",
                key,
            )
        if page:
            key = {"p": page[-1][1], "m": page[-1][2], "l": page[-1][0]}
        rows: list[Row] = carry + page
        if len(page) < BATCH:
            if rows:
                yield rows
            return
        cut = len(rows)
        while cut > 0 and rows[cut - 1][1] == rows[-1][1]:
            cut -= 1
        carry = rows[cut:]
        if cut:
            yield rows[:cut]


@dataclass
class _Ledger:
    """What the checks need of the ledger about one batch's people."""

    people: dict[int, dict[str, Any]]
    bases: dict[int, list[tuple[str, int, int]]]  # pid → (from, income, due), in month order
    paid: dict[tuple[int, str], int]  # (pid, month) → the live regular payment's amount


def _ledger_of(w: Writer, rows: list[Row]) -> _Ledger:
    found = _Ledger({}, defaultdict(list), {})
    for marks, params in in_lists("p", sorted({r[1] for r in rows})):
        for p in w.rows(
            f"""SELECT p.id, p.name, p.id_number, p.category, p.left_on, p.joined_on,
                 (SELECT MIN(on_date) FROM stage_event se WHERE se.person_id = p.id AND se.stage = 'probationary') AS admitted_on
               FROM person p WHERE p.id IN ({marks})""",
            params,
        ):
            found.people[p["id"]] = p
        for pid, start, income, due in w.tuples(
            "SELECT person_id, from_month, income_fen, due_fen FROM dues_base"
            f" WHERE person_id IN ({marks}) ORDER BY person_id, from_month, id",
            params,
        ):
            found.bases[pid].append((start, income, due))
        for pid, month, fen in w.tuples(
            f"""SELECT r.person_id, r.month, r.amount_fen FROM dues_payment r
               WHERE r.person_id IN ({marks}) AND r.kind = 'regular'
               AND NOT EXISTS (SELECT 1 FROM dues_payment x WHERE x.reverses_id = r.id)
               ORDER BY r.id""",
            params,
        ):
            found.paid[(pid, month)] = fen
    return found


def _write(
    w: Writer,
    new_bases: list[dict[str, Any]],
    payments: list[dict[str, Any]],
    force_reason: str | None,
) -> None:
    if new_bases:
        ids = w.insert_many("dues_base", BASE_COLUMNS, new_bases)
        audit.record_many(
            w,
            [
                audit.entry("dues.import.base", "dues_base", i, after=b, reason=force_reason)
                for i, b in zip(ids, new_bases, strict=True)
            ],
        )
    if payments:
        forced = [p.pop("_forced") for p in payments]
        ids = w.insert_many("dues_payment", PAYMENT_COLUMNS, payments)
        audit.record_many(
            w,
            [
                audit.entry("dues.import.pay", "dues_payment", i, after=p, reason=why)
                for i, p, why in zip(ids, payments, forced, strict=True)
            ],
        )


@lru_cache(maxsize=4096)
def _month_cell(value: str, field: str) -> Any:
    """A month; Excel turns a typed 2026-01 into a date cell, read back as 2026-01-01."""
    if re.fullmatch(r"\d{4}-\d{2}-01", value):
        value = value[:7]
    return parse_month(value, field)


# A register repeats the same months, dates and amounts thousands of times: parse each once.
_money = lru_cache(maxsize=65536)(parse_money)
_date = lru_cache(maxsize=65536)(parse_date)
# … and the same ID number in each of a member's months
_normalize = lru_cache(maxsize=4096)(identity.normalize)
_spreadsheet_number = lru_cache(maxsize=4096)(identity.spreadsheet_number)
_first_owed_month = lru_cache(maxsize=4096)(first_owed_month)


def _parse_row(
    line: int,
    raw: dict[str, Any],
    names: dict[str, str],
    by_name: dict[str, list[dict[str, Any]]],
    by_idn: dict[str, dict[str, Any]],
    today: date,
    problems: Problems,
) -> Row | None:
    ok = True
    person = None
    idn = raw.get("id_number")
    cause = _spreadsheet_number(idn, isinstance(idn, NumberCell)) if idn else None
    if cause:
        problems.add(line, names["id_number"], cause.zh, cause.en)
        ok = False
    elif idn:
        person = by_idn.get(_normalize(idn))
        if person is None:
            problems.add(
                line,
                names["id_number"],
                f"账本中没有身份证号为 {mask_id(_normalize(idn))} 的人员",
                f"no person with ID number {mask_id(_normalize(idn))}",
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
    receipt, paid_on = raw.get("receipt"), values.get("paid_on")
    return (
        line,
        person["id"],
        values["month"].code,
        values.get("base"),
        values.get("amount"),
        paid_on.isoformat() if paid_on is not None else None,
        str(receipt) if receipt is not None else None,
    )


def _check(
    rows: list[Row],
    ledger: _Ledger,
    names: dict[str, str],
    problems: Problems,
    force_reason: str | None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The rows of whole people, in (person, month, line) order, against what the ledger
    holds of them: the bases and payments to write."""
    bases, paid = ledger.bases, ledger.paid
    paid_of: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for (who, m), fen in paid.items():
        paid_of[who].append((m, fen))
    new_bases: list[dict[str, Any]] = []
    payments: list[dict[str, Any]] = []
    seen: dict[tuple[int, str], int] = {}
    amount_field = names.get("amount", "实缴金额")
    for line, pid, month, base, amount, paid_on, receipt in rows:
        person = ledger.people[pid]
        history = bases[pid]
        if base is not None:
            current = _in_force(history, month)
            if current is None or current[1] != base:
                if person["category"] not in rules.RATE_CATEGORIES:
                    problems.add(
                        line,
                        names["base"],
                        f"{person['name']} 按固定数额交纳党费，不按基数",
                        f"{person['name']} pays fixed dues, not by a base",
                    )
                    continue
                due = rules.monthly_due(person["category"], base)
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
                history.append((month, base, due.monthly_fen))
                history.sort(key=lambda h: h[0])
                new_bases.append(
                    {
                        "person_id": pid,
                        "from_month": month,
                        "category": person["category"],
                        "income_fen": base,
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
        if amount is None:
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
        first = _first_owed_month(history[0][0], person["admitted_on"], person["joined_on"])
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
        if amount < due_fen:
            if not force_reason:
                problems.add(
                    line,
                    amount_field,
                    f"{format_money(amount)} 少于按基数计算的应交 {format_money(due_fen)}",
                    f"{format_money(amount)} is below the {format_money(due_fen)} due from the base",
                )
                continue
            forced = force_reason
        regular = min(amount, due_fen)
        common = {
            "person_id": pid,
            "month": month,
            "kind": "regular",
            "paid_on": paid_on,
            "receipt": receipt,
            "by_id": None,
            "note": None,
            "reverses_id": None,
        }
        payments.append(common | {"amount_fen": regular, "_forced": forced})
        if amount > due_fen:
            payments.append(
                common | {"amount_fen": amount - due_fen, "kind": "voluntary", "_forced": None}
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
