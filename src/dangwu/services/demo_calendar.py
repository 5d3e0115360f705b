"""The sample branch moved in time, so that a demo run on any day shows recent history with
the same deliberate gaps (sample_data/make_sample.py names them).

The sample was written for a last day of 2026-11-24. Its records are moved by whole quarters,
so that its last quarter becomes the current one: every month and every quarter keeps what
it had, and the deliberate gaps of its third quarter fall in the last full quarter, which
the demo's summary shows. Records owed once a year (talks, the yearly meetings, evaluation
results, the published statement) move by whole years instead, to the year the last full
quarter lies in, so no year gains or loses one. What would fall after today is left out.
Birth dates stay (ID numbers hold them).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from dateutil.relativedelta import relativedelta

SAMPLE_LAST_DAY = date(2026, 11, 24)
# yearly meeting types (rules/profile.py: org_life, evaluation, democratic_life are yearly)
YEARLY_MEETINGS = ("org_life", "evaluation", "democratic_life")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CN = "一二三四"


def _quarter_index(day: date) -> int:
    return day.year * 4 + (day.month - 1) // 3


@dataclass(frozen=True)
class DemoCalendar:
    today: date

    @property
    def quarters(self) -> int:
        """How many quarters the sample moves: its last quarter onto today's."""
        return max(_quarter_index(self.today) - _quarter_index(SAMPLE_LAST_DAY), 0)

    @property
    def years(self) -> int:
        """How many years yearly records move: onto the year of the last full quarter the
        sample's 2026 (its year in progress) or, when that quarter is a fourth one whose
        year-end records are owed, its last whole year, 2025."""
        last = _quarter_index(SAMPLE_LAST_DAY) + self.quarters - 1
        year, quarter = divmod(last, 4)
        return year - (2025 if quarter == 3 else 2026)

    def day(self, d: date, yearly: bool = False) -> date:
        if yearly:
            return d + relativedelta(years=self.years)
        return d + relativedelta(months=3 * self.quarters)

    def sample_month(self, moved: date) -> int:
        """The month a record moved to `moved` had in the sample."""
        return (moved.month - 1 - 3 * self.quarters) % 12 + 1

    def period_of(self, day: date) -> str:
        return f"{day.year}Q{(day.month - 1) // 3 + 1}"

    def text_day(self, text: str, yearly: bool = False) -> str:
        return self.day(date.fromisoformat(text), yearly).isoformat() if text else text

    def month(self, code: str) -> str:
        return self.day(date.fromisoformat(f"{code}-01")).isoformat()[:7]

    def period(self, code: str) -> str:
        """A quarter code ("2025Q1") moved."""
        moved = int(code[:4]) * 4 + int(code[5]) - 1 + self.quarters
        return f"{moved // 4}Q{moved % 4 + 1}"

    def topic(self, text: str, on: date, yearly: bool) -> str:
        """A topic's words for its period ("2025年1月支委会", "第一党小组3月学习",
        "2025年第一季度党员大会", "2025年度组织生活会") moved with its record."""
        if yearly:
            return re.sub(r"(\d{4})年度", lambda m: f"{int(m.group(1)) + self.years}年度", text)
        moved = self.day(on)
        text = re.sub(r"\d{4}年(\d{1,2})月", f"{moved.year}年{moved.month}月", text)
        text = re.sub(r"(?<![\d年])\d{1,2}月", f"{moved.month}月", text)
        quarter = (moved.month - 1) // 3
        return re.sub(r"\d{4}年第[一二三四\d]季度", f"{moved.year}年第{_CN[quarter]}季度", text)

    def after_today(self, text: str) -> bool:
        return bool(text) and text > self.today.isoformat()


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, fields: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def move_sample(source: Path, target: Path, cal: DemoCalendar) -> None:
    """Copy the sample's CSV files from `source` into `target`, moved to `cal.today`."""
    for path in sorted(source.glob("*.csv")):
        fields, rows = _read(path)
        out = [r for r in (_move(path.stem, row, cal) for row in rows) if r is not None]
        _write(target / path.name, fields, out)


def _move(table: str, row: dict[str, str], cal: DemoCalendar) -> dict[str, str] | None:
    """One row moved, or None when it would fall after today."""
    row = dict(row)
    first_day = row.get("日期", "")
    yearly = table in ("talks", "evaluations", "statements") or (
        table == "meetings" and row.get("类型") in YEARLY_MEETINGS
    )
    for key, value in row.items():
        if key == "出生日期" or not value or not _DAY.match(value):
            continue
        row[key] = cal.text_day(value, yearly)
    if table == "meetings":
        row["议题"] = cal.topic(row["议题"], date.fromisoformat(first_day), yearly)
    if "年度" in row and row["年度"]:
        row["年度"] = str(int(row["年度"]) + cal.years)
    if table == "remits":
        row["期间"] = cal.period(row["期间"])
    if table == "dues":
        row["月份"] = cal.month(row["月份"])
        if row["月份"] > cal.today.isoformat()[:7]:
            return None
        if cal.after_today(row["缴纳日期"]):
            row["实缴金额"], row["缴纳日期"], row["收据号"] = "", "", ""
        return row
    if table == "dues_by":
        row["月份"] = cal.month(row["月份"])
    if table in ("remits", "statements") and cal.after_today(row.get("日期") or row["公布日期"]):
        # a hand-over or a statement made days after the period it closes: on the first
        # days of a quarter it is made today rather than left out (the summary's quarter
        # would miss it, which the sample never did)
        closed = (
            row["期间"] < cal.period_of(cal.today)
            if table == "remits"
            else (int(row["年度"]) < cal.today.year)
        )
        if closed:
            row["日期" if table == "remits" else "公布日期"] = cal.today.isoformat()
    day = row.get("日期") or row.get("缴纳日期") or row.get("公布日期") or row.get("任职日期")
    if day and cal.after_today(day):
        return None
    if table == "departures" and cal.after_today(row.get("回执日期", "")):
        row["回执日期"] = ""
    return row
