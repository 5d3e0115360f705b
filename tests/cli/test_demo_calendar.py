"""Issue 21, item 4: `dangwu demo` has a ledger of its own (the branch's default ledger stays
free for `init`), says how to look around and how to start, and its history moves so the
sample's last quarter is today's: the compliance summary names the same deliberate gaps
whatever today is (sample_data/make_sample.py lists them)."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dangwu.cli.app import app
from dangwu.services.demo_calendar import DemoCalendar

# sample_data/make_sample.py: no committee meeting in the sample's 2026-08, no meeting of
# 第三党小组 in its 2026Q3 — the last full quarter the demo's summary shows
GAPS = [("committee_meeting", "branch"), ("group_meeting", "group:第三党小组")]


@pytest.mark.parametrize(
    ("today", "quarters", "years"),
    [
        (date(2026, 12, 5), 0, 0),
        (date(2027, 1, 1), 1, 1),  # the last full quarter is 2026Q4: the sample's 2025 year-end
        (date(2027, 5, 20), 2, 1),
        (date(2027, 11, 30), 4, 1),
        (date(2028, 2, 29), 5, 2),
    ],
)
def test_the_sample_moves_by_quarters_and_its_yearly_records_by_years(
    today: date, quarters: int, years: int
) -> None:
    cal = DemoCalendar(today)
    assert (cal.quarters, cal.years) == (quarters, years)
    assert cal.day(date(2026, 8, 31)) == date(2026, 8, 31) + _months(3 * quarters)
    assert cal.period("2026Q3") == _quarter_code(2026 * 4 + 2 + quarters)
    assert cal.sample_month(cal.day(date(2026, 5, 10))) == 5


def _months(n: int) -> object:
    from dateutil.relativedelta import relativedelta

    return relativedelta(months=n)


def _quarter_code(index: int) -> str:
    return f"{index // 4}Q{index % 4 + 1}"


def test_topics_name_the_moved_month_and_quarter() -> None:
    cal = DemoCalendar(date(2027, 2, 15))  # one quarter on
    assert cal.topic("2026年8月支委会：研究本月工作", date(2026, 8, 3), False) == (
        "2026年11月支委会：研究本月工作"
    )
    assert cal.topic("第三党小组7月学习", date(2026, 7, 3), False) == "第三党小组10月学习"
    assert cal.topic("2026年第四季度党员大会", date(2026, 11, 3), False) == "2027年第一季度党员大会"
    assert cal.topic("2025年度组织生活会", date(2025, 12, 28), True) == "2026年度组织生活会"


@pytest.mark.parametrize("today", ["2026-12-05", "2027-01-02", "2027-05-20", "2027-09-30"])
def test_the_summary_names_the_same_deliberate_gaps_whatever_today_is(
    tmp_path: Path, today: str
) -> None:
    runner = CliRunner()
    db = tmp_path / f"demo-{today}.db"
    result = runner.invoke(app, ["--db", str(db), "demo", "--as-of", today, "-f", "json"])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    short = sorted(
        (i["code"], i["scope"]) for i in doc["compliance"]["items"] if i["status"] == "short"
    )
    assert short == GAPS
    # nothing in the ledger lies after the day it was built on
    import sqlite3

    con = sqlite3.connect(db)
    for table, column in (("meeting", "held_on"), ("dues_payment", "paid_on"), ("talk", "on_date")):
        (latest,) = con.execute(f"SELECT MAX({column}) FROM {table}").fetchone()
        assert latest <= today, table
    con.close()


def test_the_demo_leaves_the_default_ledger_to_init(tmp_path: Path) -> None:
    runner = CliRunner()
    env = {"DANGWU_DB": None, "XDG_CONFIG_HOME": str(tmp_path / "xdg")}
    made = runner.invoke(app, ["demo"], env=env)
    assert made.exit_code == 0, made.stderr
    demo_db = tmp_path / "xdg" / "dangwu" / "demo.db"
    assert demo_db.exists() and oct(demo_db.stat().st_mode & 0o777) == "0o600"
    assert f"dangwu --db {demo_db} member list" in made.stdout
    assert "dangwu init --branch" in made.stdout
    started = runner.invoke(app, ["init", "--branch", "我的支部"], env=env)
    assert started.exit_code == 0, started.stderr
    assert (tmp_path / "xdg" / "dangwu" / "dangwu.db").exists()
    # the branch's commands work on its own ledger, not on the sample
    listed = runner.invoke(app, ["member", "list", "-f", "json"], env=env)
    assert json.loads(listed.stdout) == []
    # a second demo says where the first one is
    again = runner.invoke(app, ["demo"], env=env)
    assert again.exit_code == 1 and f"dangwu --db {demo_db}" in again.stderr
    # --db (or DANGWU_DB) still puts the demo where the user says
    elsewhere = tmp_path / "elsewhere.db"
    assert (
        runner.invoke(app, ["--db", str(elsewhere), "demo", "-f", "json"], env=env).exit_code == 0
    )
    assert elsewhere.exists()
    assert os.environ.get("DANGWU_DB") is None
