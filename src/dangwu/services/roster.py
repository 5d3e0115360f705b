"""Roster (花名册) import and export, CSV or XLSX, Chinese or English headers.

Import is all-or-nothing: every row is checked first and every problem reported with its
line number; only a clean file is written, in one transaction, with bulk inserts so a
10,000-row roster takes seconds. In memory bounded whatever the file's or the ledger's size
(issue 22): the rows wait in a staging table (store/staging.py), where the duplicates among
them and with the ledger are found by SQL, and are written from there a batch at a time.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import DangwuError, Refused, RowErrors
from ..i18n import get_lang, label, parse_code
from ..parse import parse_date
from ..rules.names import name_key
from ..store import audit
from ..store.handle import LedgerHandle
from ..store.queries import roster
from ..store.staging import BATCH, Problems, StagingTable, pages
from ..store.writer import Writer
from .enrolment import PERSON_KEYS, stage_events_for
from .person_fields import DATE_FIELDS, Problem, validate

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


# The staging tables: the file's rows (`k`, `born`: the name as compared and the birth date,
# '' for none; `vals`: a good row's values as JSON), and the ledger's people as compared
STAGE = "dangwu_import_roster"
STAGE_COLUMNS = {
    "line": "INTEGER",
    "k": "TEXT",
    "born": "TEXT",
    "idn": "TEXT",
    "grp": "TEXT",
    "vals": "TEXT",
}
KNOWN = "dangwu_import_known"
KNOWN_COLUMNS = {"k": "TEXT", "born": "TEXT", "pid": "INTEGER", "name": "TEXT", "idn": "TEXT"}
# good rows written per batch: a person is a row, its stage events, membership and audit entry
WRITE_BATCH = 2000


class _DryRun(Exception):
    """Leaves the write transaction of a --dry-run, which rolls it back."""

    def __init__(self, result: ImportResult) -> None:
        self.result = result


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
    try:
        with ledger.writer() as w:
            count, new_groups = _import(w, rows, mapping, names, unknown, path, today, dry_run)
            if dry_run:
                raise _DryRun(ImportResult(count, new_groups, warnings))  # rolled back
    except _DryRun as done:
        return done.result
    return ImportResult(count, new_groups, warnings)


def _import(
    w: Writer,
    rows: Iterator[tuple[int, list[str | None]]],
    mapping: dict[int, str],
    names: dict[str, str],
    unknown: list[str],
    path: Path,
    today: date,
    dry_run: bool,
) -> tuple[int, list[str]]:
    problems = Problems(w)
    _known_people(w)
    stage = StagingTable(w, STAGE, STAGE_COLUMNS)
    zh = get_lang() == "zh"
    progress = progress_bar()
    with progress:
        task = progress.add_task("检查" if zh else "checking", total=row_total(progress, path))
        read = 0  # rows read, counted on the bar a thousand at a time (advance costs per call)
        for line, cells in rows:
            read += 1
            if read == 1000:
                progress.advance(task, read)
                read = 0
            if all(c is None for c in cells):
                continue
            raw = {key: (cells[i] if i < len(cells) else None) for i, key in mapping.items()}
            values, found = validate(raw, today, names=names)
            found += _departure(raw, values, names, today)
            if values.get("group"):
                found += _group_name(values["group"], names)
            for p in found:
                problems.add(line, p.field, p.zh, p.en)
            born = values.get("birth_date")
            stage.add(
                (
                    line,
                    name_key(values["name"]) if values.get("name") else None,
                    born.isoformat() if born is not None else "",
                    values.get("id_number") or None,
                    (values.get("group") or None) if not found else None,
                    json.dumps(values, ensure_ascii=False, default=date.isoformat)
                    if not found
                    else None,
                )
            )
        progress.advance(task, read)
        stage.index("line")  # the pages of problems and of rows to write
        stage.index("k", "born", "line")
        stage.index("idn", "line")
        _duplicates(w, names, problems)
        if problems:
            lines, zh_lines, en_lines = problems.report()
            # the unknown columns too, now: fixing the rows and running again should not be
            # the way to learn that a column will not be imported
            if unknown:
                zh_lines.append(f"第 1 行：以下列无法识别，不会导入：{'、'.join(unknown)}")
                en_lines.append(f"line 1: unknown columns, not imported: {', '.join(unknown)}")
            raise RowErrors(
                f"FILE: {lines} 行有错误，未写入任何数据",
                f"FILE: {lines} bad rows; nothing was written",
                zh_lines,
                en_lines,
            )
        count = stage.count
        if not count:
            raise Refused(f"FILE: {path} 没有数据行", f"FILE: {path} has no data rows")
        groups = {str(name): int(gid) for gid, name in w.tuples("SELECT id, name FROM party_group")}
        new_groups = [
            str(g)
            for (g,) in w.tuples(
                f"SELECT grp FROM {STAGE} WHERE grp IS NOT NULL GROUP BY grp ORDER BY MIN(line)"
            )
            if g not in groups
        ]
        if dry_run:
            return count, new_groups
        written = progress.add_task(
            "写入" if zh else "writing", total=count if not progress.disable else None
        )
        _add_groups(w, new_groups, groups, today, path)
        for page in pages(
            w, f"SELECT line, vals FROM {STAGE} WHERE line > :after", size=WRITE_BATCH
        ):
            _write(w, [_values(v) for _, v in page], groups)
            progress.advance(written, len(page))
    stage.drop()
    problems.table.drop()
    w.execute(f"DROP TABLE {KNOWN}")
    return count, new_groups


def _values(text: str) -> dict[str, Any]:
    """A good row's values as validate gave them (its dates as dates again)."""
    values: dict[str, Any] = json.loads(text)
    for key in (*DATE_FIELDS, "left_on"):
        if values.get(key) is not None:
            values[key] = date.fromisoformat(values[key])
    return values


def _known_people(w: Writer) -> None:
    """Everyone in the ledger by their name as compared (rules/names.py) and birth date, in a
    staging table: the file's rows are matched against it by SQL, not in memory."""
    known = StagingTable(w, KNOWN, KNOWN_COLUMNS)
    after = 0
    while True:
        page = w.tuples(
            "SELECT id, name, birth_date, id_number FROM person WHERE id > :after"
            f" ORDER BY id LIMIT {BATCH}",
            {"after": after},
        )
        for pid, name, born, idn in page:
            known.add((name_key(name), str(born) if born is not None else "", pid, name, idn))
        if len(page) < BATCH:
            break
        after = page[-1][0]
    known.index("k", "born", "pid")


def _duplicates(w: Writer, names: dict[str, str], problems: Problems) -> None:
    """Rows of someone already in the ledger, or on an earlier line: by name and birth date
    (unless both have ID numbers, which then differ), then by ID number. A line's problems
    keep this order after its own (Problems sorts by line, then as found)."""
    field = names["name"]
    # the same name and birth date as someone in the ledger (the last of them entered)
    for page in pages(
        w,
        f"""SELECT s.line, e.pid, e.name FROM {STAGE} s
            JOIN {KNOWN} e ON e.k = s.k AND e.born = s.born
            WHERE s.line > :after AND s.k IS NOT NULL
            AND e.pid = (SELECT MAX(e2.pid) FROM {KNOWN} e2 WHERE e2.k = s.k AND e2.born = s.born)
            AND (s.idn IS NULL OR e.idn IS NULL OR e.idn = '')""",
    ):
        for line, pid, pname in page:
            problems.add(
                line,
                field,
                f"账本中已有此人（{pid} {pname}，出生日期相同）",
                f"already in the ledger ({pid} {pname}, same birth date)",
            )
    # … as an earlier line without an ID number: the same as the last line before it that
    # was taken for this person (the first, or one with an ID number)
    for page in pages(
        w,
        f"""SELECT s.line, (SELECT MAX(s2.line) FROM {STAGE} s2 WHERE s2.k = s.k
                AND s2.born = s.born AND s2.line < s.line
                AND (s2.idn IS NOT NULL OR s2.line = f.first)) AS earlier
            FROM {STAGE} s JOIN (SELECT k, born, MIN(line) AS first FROM {STAGE}
                WHERE k IS NOT NULL GROUP BY k, born HAVING COUNT(*) > 1) f
              ON f.k = s.k AND f.born = s.born
            WHERE s.line > :after AND s.idn IS NULL AND s.line > f.first
            AND NOT EXISTS (SELECT 1 FROM {KNOWN} e WHERE e.k = s.k AND e.born = s.born)""",
    ):
        for line, earlier in page:
            problems.add(
                line, field, f"与第 {earlier} 行是同一人", f"same person as line {earlier}"
            )
    field = names["id_number"]
    for page in pages(
        w,
        f"""SELECT s.line, p.id, p.name FROM {STAGE} s JOIN person p ON p.id_number = s.idn
            WHERE s.line > :after""",
    ):
        for line, pid, pname in page:
            problems.add(
                line,
                field,
                f"账本中已有此人（{pid} {pname}）",
                f"already in the ledger ({pid} {pname})",
            )
    for page in pages(
        w,
        f"""SELECT s.line, f.first FROM {STAGE} s
            JOIN (SELECT idn, MIN(line) AS first FROM {STAGE} WHERE idn IS NOT NULL
                  GROUP BY idn HAVING COUNT(*) > 1) f ON f.idn = s.idn
            WHERE s.line > :after AND s.line > f.first
            AND NOT EXISTS (SELECT 1 FROM person p WHERE p.id_number = s.idn)""",
    ):
        for line, first in page:
            problems.add(line, field, f"与第 {first} 行重复", f"same as line {first}")


def _add_groups(
    w: Writer, new_groups: list[str], groups: dict[str, int], today: date, path: Path
) -> None:
    for name in new_groups:
        gid = w.insert("party_group", {"name": name, "created_on": today})
        groups[name] = gid
        audit.record(
            w,
            "group.add",
            "party_group",
            gid,
            after={"name": name, "created_on": today, "source": str(path)},
        )


def _write(w: Writer, good: list[dict[str, Any]], groups: dict[str, int]) -> None:
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
    ids = w.insert_many("person", list(person_rows[0]), person_rows)
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
    w.insert_many("stage_event", ("person_id", "stage", "on_date", "note"), stage_rows)
    if group_rows:
        w.insert_many("group_membership", ("person_id", "group_id", "from_on", "to_on"), group_rows)
    audit.record_many(w, audit_rows)


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
