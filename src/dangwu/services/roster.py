"""Roster (花名册) import and export, CSV or XLSX, Chinese or English headers.

Import is all-or-nothing: every row is checked first and every problem reported with its
line number; only a clean file is written, in one transaction, with bulk inserts so a
10,000-row roster takes seconds.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlmodel import Session, col

from ..errors import DangwuError, Refused, RowErrors
from ..i18n import get_lang, label, parse_code
from ..parse import parse_date
from ..rules.names import name_key
from ..store import audit
from ..store.bulk import bulk_insert
from ..store.handle import LedgerHandle
from ..store.models import PartyGroup, Person
from ..store.queries import roster
from ..store.reader import as_date
from .enrolment import PERSON_KEYS, stage_events_for
from .person_fields import Problem, validate

# Header → key, per the national roster template (CLI.md `member import`).
HEADERS: dict[str, str] = {
    "姓名": "name",
    "性别": "gender",
    "民族": "ethnicity",
    "出生日期": "birth_date",
    "公民身份号码": "id_number",
    "身份证号": "id_number",
    "身份证号码": "id_number",
    "学历": "education",
    "人员类别": "stage",
    "工作状态": "category",
    "人员身份": "category",
    "入党日期": "admitted_on",
    "转正日期": "full_on",
    "党小组": "group",
    "手机号码": "phone",
    "联系电话": "phone",
    "工作单位": "unit",
    "职业": "occupation",
    "加入本支部日期": "joined_on",
    "离开日期": "left_on",
    "离开原因": "left_reason",
}
KEYS = (
    "name",
    "gender",
    "ethnicity",
    "birth_date",
    "id_number",
    "education",
    "stage",
    "category",
    "admitted_on",
    "full_on",
    "group",
    "phone",
    "unit",
    "occupation",
    "joined_on",
    "left_on",
    "left_reason",
)
REQUIRED = ("name", "gender", "stage")
# Columns kept as codes and written as labels in a Chinese export.
LABELLED = ("gender", "stage", "category", "left_reason", "occupation")
# The export's header per key, in the template's order.
EXPORT_ZH = {
    "name": "姓名",
    "gender": "性别",
    "ethnicity": "民族",
    "birth_date": "出生日期",
    "id_number": "公民身份号码",
    "education": "学历",
    "stage": "人员类别",
    "category": "工作状态",
    "admitted_on": "入党日期",
    "full_on": "转正日期",
    "group": "党小组",
    "phone": "联系电话",
    "unit": "工作单位",
    "occupation": "职业",
    "joined_on": "加入本支部日期",
    "left_on": "离开日期",
    "left_reason": "离开原因",
}


@dataclass
class ImportResult:
    count: int
    new_groups: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def map_header(cells: list[str | None]) -> tuple[dict[int, str], list[str]]:
    mapping: dict[int, str] = {}
    unknown: list[str] = []
    for i, cell in enumerate(cells):
        if cell is None:
            continue
        name = cell.strip()
        key = HEADERS.get(name) or (name.lower() if name.lower() in KEYS else None)
        if key is None:
            unknown.append(name)
        elif key in mapping.values():
            raise Refused(
                f"FILE: 第 1 行：列 {name!r} 重复", f"FILE: line 1: column {name!r} appears twice"
            )
        else:
            mapping[i] = key
    return mapping, unknown


def _departure(
    raw: dict[str, Any], values: dict[str, Any], names: dict[str, str], today: date
) -> list[Problem]:
    """离开日期 and 离开原因 (as `member export --all` writes them): both or neither."""
    on_text, reason_text = raw.get("left_on"), raw.get("left_reason")
    if not on_text and not reason_text:
        return []
    if not on_text or not reason_text:
        key = "left_on" if not on_text else "left_reason"
        return [
            Problem(
                names[key],
                "离开日期与离开原因须同时填写",
                "a departure needs both its date and reason",
            )
        ]
    try:
        on = parse_date(on_text, names["left_on"])
        reason = parse_code(
            "left_reason",
            reason_text,
            names["left_reason"],
            ("deceased", "withdrew", "removed", "expelled", "lapsed", "transferred_out"),
        )
    except DangwuError as err:
        return [
            Problem(err.en.split(": ", 1)[0], err.zh.split(": ", 1)[-1], err.en.split(": ", 1)[-1])
        ]
    start = values.get("joined_on") or values.get("admitted_on")
    if on > today or (start is not None and on < start):
        return [
            Problem(
                names["left_on"],
                f"{on} 早于加入日期或晚于今天",
                f"{on} is before they joined or in the future",
            )
        ]
    values["left_on"], values["left_reason"] = on, reason
    return []


def _group_name(name: str, names: dict[str, str]) -> list[Problem]:
    if name.isdigit() or len(name) > 50 or any(ord(ch) < 32 for ch in name):
        return [
            Problem(
                names["group"],
                "党小组名称不能是纯数字、超过50字或含控制字符",
                "a group name may not be only digits, over 50 characters or hold control characters",
            )
        ]
    return []


def progress_bar() -> Any:
    """A progress bar on stderr when it is a terminal, with the rows done of the total, the
    rate and the time left; silent in pipes and cron."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        Task,
        TextColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class Rate(ProgressColumn):
        def render(self, task: Task) -> Text:
            speed = task.finished_speed or task.speed
            unit = "行/秒" if get_lang() == "zh" else "rows/s"
            return Text(f"{speed:,.0f} {unit}" if speed else "", style="progress.data.speed")

    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        Rate(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
        disable=not sys.stderr.isatty(),
    )


def row_total(progress: Any, path: Path) -> int | None:
    """The total a progress bar counts the rows of `path` against (no work in a pipe)."""
    from ..files import estimate_rows

    return None if progress.disable else estimate_rows(path)


def import_roster(
    ledger: LedgerHandle, path: Path, today: date, dry_run: bool = False
) -> ImportResult:
    from ..files import read_rows

    rows = iter(read_rows(path))
    try:
        _, header = next(rows)
    except StopIteration:
        raise Refused(f"FILE: {path} 是空文件", f"FILE: {path} is empty") from None
    mapping, unknown = map_header(header)
    names = {
        key: next(
            (
                h
                for h in header
                if h and (HEADERS.get(h.strip()) == key or h.strip().lower() == key)
            ),
            key,
        )
        for key in KEYS
    }
    missing = [k for k in REQUIRED if k not in mapping.values()]
    if missing:
        zh = "、".join({"name": "姓名", "gender": "性别", "stage": "人员类别"}[k] for k in missing)
        raise Refused(
            f"FILE: 第 1 行缺少必需的列：{zh}",
            f"FILE: line 1 lacks required columns: {', '.join(missing)}",
        )
    warnings = []
    if unknown:
        warnings.append(
            (
                "提示：以下列无法识别，未导入："
                if get_lang() == "zh"
                else "note: unknown columns not imported: "
            )
            + ", ".join(unknown)
        )
    with ledger.write() as session:
        existing_ids = {
            n: (pid, name)
            for pid, name, n in session.execute(
                select(col(Person.id), col(Person.name), col(Person.id_number)).where(
                    col(Person.id_number).is_not(None)
                )
            )
        }
        groups = {
            name: gid
            for gid, name in session.execute(select(col(PartyGroup.id), col(PartyGroup.name)))
        }
        good: list[dict[str, Any]] = []
        errs_zh: list[str] = []
        errs_en: list[str] = []
        seen_ids: dict[str, int] = {}
        seen_people: dict[tuple[str, Any], int] = {}
        # names as read (rules/names.py): a full-width or zero-width variant is no other name
        existing_people = {
            (name_key(name), as_date(born)): (pid, name, id_number)
            for pid, name, born, id_number in session.execute(
                select(
                    col(Person.id), col(Person.name), col(Person.birth_date), col(Person.id_number)
                )
            )
        }
        progress = progress_bar()
        with progress:
            task = progress.add_task(
                "检查" if get_lang() == "zh" else "checking", total=row_total(progress, path)
            )
            for line, cells in rows:
                progress.advance(task)
                if all(c is None for c in cells):
                    continue
                raw = {key: (cells[i] if i < len(cells) else None) for i, key in mapping.items()}
                values, problems = validate(raw, today, names=names)
                problems += _departure(raw, values, names, today)
                if values.get("group"):
                    problems += _group_name(values["group"], names)
                for p in problems:
                    errs_zh.append(f"第 {line} 行 {p.field}：{p.zh}")
                    errs_en.append(f"line {line}: {p.field}: {p.en}")
                n = values.get("id_number")
                if values.get("name"):
                    # the same name and birth date is the same person, unless both have ID
                    # numbers and they differ (as `member add` has it)
                    key = (name_key(values["name"]), values.get("birth_date"))
                    if key in existing_people and not (n and existing_people[key][2]):
                        pid, pname, _ = existing_people[key]
                        errs_zh.append(
                            f"第 {line} 行 {names['name']}：账本中已有此人（{pid} {pname}，出生日期相同）"
                        )
                        errs_en.append(
                            f"line {line}: {names['name']}: already in the ledger ({pid} {pname}, same birth date)"
                        )
                    elif key in seen_people and not n:
                        errs_zh.append(
                            f"第 {line} 行 {names['name']}：与第 {seen_people[key]} 行是同一人"
                        )
                        errs_en.append(
                            f"line {line}: {names['name']}: same person as line {seen_people[key]}"
                        )
                    else:
                        seen_people[key] = line
                if n:
                    if n in existing_ids:
                        pid, pname = existing_ids[n]
                        errs_zh.append(
                            f"第 {line} 行 {names['id_number']}：账本中已有此人（{pid} {pname}）"
                        )
                        errs_en.append(
                            f"line {line}: {names['id_number']}: already in the ledger ({pid} {pname})"
                        )
                    elif n in seen_ids:
                        errs_zh.append(
                            f"第 {line} 行 {names['id_number']}：与第 {seen_ids[n]} 行重复"
                        )
                        errs_en.append(
                            f"line {line}: {names['id_number']}: same as line {seen_ids[n]}"
                        )
                    else:
                        seen_ids[n] = line
                if not problems:
                    good.append(values)
        if errs_zh:
            bad_lines = len({e.split(" ")[1] for e in errs_zh})
            # the unknown columns too, now: fixing the rows and running again should not be
            # the way to learn that a column will not be imported
            unknown_zh = (
                [f"第 1 行：以下列无法识别，不会导入：{'、'.join(unknown)}"] if unknown else []
            )
            unknown_en = (
                [f"line 1: unknown columns, not imported: {', '.join(unknown)}"] if unknown else []
            )
            raise RowErrors(
                f"FILE: {bad_lines} 行有错误，未写入任何数据",
                f"FILE: {bad_lines} bad rows; nothing was written",
                errs_zh + unknown_zh,
                errs_en + unknown_en,
            )
        if not good:
            raise Refused(f"FILE: {path} 没有数据行", f"FILE: {path} has no data rows")
        new_groups = list(
            dict.fromkeys(v["group"] for v in good if v.get("group") and v["group"] not in groups)
        )
        if dry_run:
            session.rollback()
            return ImportResult(len(good), new_groups, warnings)
        _write(session, good, groups, new_groups, today, path)
    return ImportResult(len(good), new_groups, warnings)


def _write(
    session: Session,
    good: list[dict[str, Any]],
    groups: dict[str, int],
    new_groups: list[str],
    today: date,
    path: Path,
) -> None:
    for name in new_groups:
        gid: int = session.execute(
            insert(PartyGroup).returning(col(PartyGroup.id)), [{"name": name, "created_on": today}]
        ).scalar_one()
        groups[name] = gid
        audit.record(
            session,
            "group.add",
            "party_group",
            gid,
            after={"name": name, "created_on": today, "source": str(path)},
        )
    person_rows = []
    for v in good:
        row = {k: v.get(k) for k in PERSON_KEYS} | {
            "left_on": v.get("left_on"),
            "left_reason": v.get("left_reason"),
        }
        if row["joined_on"] is None:
            row["joined_on"] = v.get("admitted_on")
        row["category"] = row["category"] or "in_service"
        row["join_kind"] = "roster"
        person_rows.append(row)
    ids = bulk_insert(session, "person", list(person_rows[0]), person_rows)
    stage_rows, group_rows, audit_rows = [], [], []
    for pid, v, row in zip(ids, good, person_rows, strict=True):
        for stage, on in stage_events_for(v):
            stage_rows.append({"person_id": pid, "stage": stage, "on_date": on, "note": None})
        if v.get("group"):
            group_rows.append(
                {"person_id": pid, "group_id": groups[v["group"]], "from_on": None, "to_on": None}
            )
        after = row | {
            "id": pid,
            "stage": v["stage"],
            "admitted_on": v.get("admitted_on"),
            "full_on": v.get("full_on"),
            "group": v.get("group"),
        }
        audit_rows.append(audit.entry("member.import", "person", pid, after=after))
    bulk_insert(session, "stage_event", ("person_id", "stage", "on_date", "note"), stage_rows)
    if group_rows:
        bulk_insert(
            session, "group_membership", ("person_id", "group_id", "from_on", "to_on"), group_rows
        )
    audit.record_many(session, audit_rows)


def export_roster(
    ledger: LedgerHandle, path: Path, today: date, include_left: bool, reveal: bool
) -> int:
    from ..files import write_csv, write_xlsx
    from ..privacy import mask_id, mask_phone

    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise Refused(
            f"FILE: 请用 .csv 或 .xlsx 扩展名（{path.name}）",
            f"FILE: use a .csv or .xlsx extension ({path.name})",
        )
    zh = get_lang() == "zh"
    departure = ("left_on", "left_reason")
    keys = [k for k in KEYS if k not in departure] + (list(departure) if include_left else [])
    header = [EXPORT_ZH[k] if zh else k for k in keys]
    with ledger.read() as session:
        # the 花名册 lists Party members; people still in development are not on it
        records = [
            r
            for r in roster(session, today, include_left=include_left)
            if r["stage"] in ("full", "probationary")
        ]
    rows = []
    for r in records:
        out = []
        for k in keys:
            v = r.get(k)
            if k == "id_number" and not reveal:
                v = mask_id(v)
            elif k == "phone" and not reveal:
                v = mask_phone(v)
            elif k in LABELLED and v is not None:
                v = label(k, v) if zh else v
            elif isinstance(v, date):
                v = v.isoformat()
            out.append(v)
        rows.append(out)
    if suffix == ".csv":
        write_csv(path, header, rows)
    else:
        write_xlsx(path, header, rows, "花名册" if zh else "roster")
    if reveal:
        with ledger.write() as session:
            audit.record(
                session,
                "member.export_revealed",
                "person",
                None,
                after={"file": str(path), "rows": len(rows)},
            )
    return len(rows)
