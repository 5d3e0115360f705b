"""Regenerates the demo branch's history: meetings.csv, talks.csv, evaluations.csv,
dues.csv (the dues register), dues_by.csv, remits.csv and statements.csv.

Run from the repository root: `python sample_data/make_sample.py` (needs dangwu installed,
for the rate table). Deterministic. The gaps are deliberate (the demo's compliance check
must find exactly these):
- no committee meeting in 2026-08;
- 第三党小组 held no group meeting in 2026Q3;
- 杨帆 stopped attending after 2026-03 (absent without leave at every meeting since);
- the 2025-07 general meeting missed its quorum and was held again in 2025-08;
- dues: 陈静 owes 2026-09..2026-11 (overdue), 杨帆 has paid nothing since 2026-04 (seven
  months, lapse_risk); 何志强 pays through 郭红 (--by); in-service bases rose in 2025-07.
"""

from __future__ import annotations

import csv
import random
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
LAST_DAY = date(2026, 11, 24)
ABSENT_FROM = date(2026, 4, 1)
QUIET = "杨帆"


def load_roster() -> list[dict[str, str]]:
    with (HERE / "roster.csv").open(encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def departures() -> dict[str, date]:
    with (HERE / "departures.csv").open(encoding="utf-8-sig") as fh:
        return {r["姓名"]: date.fromisoformat(r["日期"]) for r in csv.DictReader(fh)}


def committee() -> set[str]:
    with (HERE / "committee.csv").open(encoding="utf-8-sig") as fh:
        return {r["姓名"] for r in csv.DictReader(fh)}


def main() -> None:
    rng = random.Random(20251)
    roster = load_roster()
    left = departures()
    board = committee()

    def members(day: date, group: str | None = None, only: set[str] | None = None) -> list[str]:
        out = []
        for r in roster:
            joined = date.fromisoformat(r["加入本支部日期"] or r["入党日期"])
            if joined > day or (r["姓名"] in left and left[r["姓名"]] <= day):
                continue
            if group and r["党小组"] != group:
                continue
            if only is not None and r["姓名"] not in only:
                continue
            out.append(r["姓名"])
        return out

    rows: list[dict[str, str]] = []

    def meeting(
        kind: str,
        day: date,
        topic: str,
        group: str = "",
        only: set[str] | None = None,
        extra_absent: int = 0,
        extra_leave: int | None = None,
    ) -> None:
        if day > LAST_DAY:
            return
        expected = members(day, group or None, only)
        absent, leave = [], []
        if QUIET in expected and day >= ABSENT_FROM:
            absent.append(QUIET)
        others = [n for n in expected if n != QUIET]
        n_leave = rng.choice([0, 0, 1, 1, 2]) if extra_leave is None else extra_leave
        for name in rng.sample(others, min(n_leave, len(others))):
            leave.append(f"{name}:{rng.choice(['出差', '病假', '事假', '公务外出'])}")
        pool = [n for n in others if not any(x.startswith(n + ":") for x in leave)]
        for name in rng.sample(pool, min(extra_absent, len(pool))):
            absent.append(name)
        rows.append(
            {
                "类型": kind,
                "日期": day.isoformat(),
                "议题": topic,
                "党小组": group,
                "缺席": ",".join(absent),
                "请假": ",".join(leave),
                "主持人": "",
            }
        )

    groups = ["第一党小组", "第二党小组", "第三党小组"]
    y, m = 2025, 1
    while date(y, m, 1) <= LAST_DAY:
        q = (m - 1) // 3 + 1
        if (y, m) != (2026, 8):
            meeting(
                "committee",
                date(y, m, 5),
                f"{y}年{m}月支委会：研究本月工作",
                only=board,
                extra_leave=0,
            )
        meeting("theme_day", date(y, m, 10), f"{m}月主题党日")
        for g in groups:
            if g == "第三党小组" and (y, q) == (2026, 3):
                continue
            meeting("group", date(y, m, 12), f"{g}{m}月学习", group=g)
        meeting("study", date(y, m, 20), f"{m}月集中学习")
        if m % 3 == 2:
            if (y, m) == (2025, 8):
                meeting(
                    "general",
                    date(2025, 7, 24),
                    "2025年第三季度党员大会",
                    extra_absent=5,
                    extra_leave=8,
                )
            meeting("general", date(y, m, 18), f"{y}年第{q}季度党员大会")
        if m % 3 == 0:
            meeting("lecture", date(y, m, 26), f"{y}年第{q}季度书记讲党课")
        if m == 12:
            meeting("org_life", date(y, 12, 28), f"{y}年度组织生活会")
            meeting("evaluation", date(y, 12, 29), f"{y}年度民主评议党员")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    rows.sort(key=lambda r: r["日期"])
    with (HERE / "meetings.csv").open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)

    talks = []
    for name in members(date(2025, 12, 1)):
        talks.append(
            {
                "姓名": name,
                "谈话人": "王建国" if name != "王建国" else "李秀英",
                "日期": date(2025, rng.randint(3, 11), rng.randint(1, 28)).isoformat(),
                "内容": "年度谈心谈话",
            }
        )
    for name in members(date(2026, 11, 1))[::2]:
        talks.append(
            {
                "姓名": name,
                "谈话人": "李秀英" if name != "李秀英" else "王建国",
                "日期": date(2026, rng.randint(3, 10), rng.randint(1, 28)).isoformat(),
                "内容": "谈心谈话",
            }
        )
    talks.sort(key=lambda r: r["日期"])
    with (HERE / "talks.csv").open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(talks[0]))
        writer.writeheader()
        writer.writerows(talks)

    grades = []
    for name in members(date(2025, 12, 29)):
        grade = "优秀" if rng.random() < 0.2 else "合格"
        grades.append({"姓名": name, "年度": "2025", "等次": grade, "处置": ""})
    grades[7]["等次"] = "基本合格"
    with (HERE / "evaluations.csv").open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(grades[0]))
        writer.writeheader()
        writer.writerows(grades)


def dues() -> None:
    from dangwu.rules.dues import monthly_due

    rng = random.Random(7)
    roster = load_roster()
    left = departures()
    register, by_rows = [], []
    collected: dict[str, int] = {}
    months = []
    y, m = 2025, 1
    while (y, m) <= (2026, 11):
        months.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    receipt = 1000
    for r in roster:
        name, retired = r["姓名"], r["工作状态"] == "离退休"
        start = max("2025-01", r["入党日期"][:7], (r["加入本支部日期"] or "0000")[:7])
        end = left[name].isoformat()[:7] if name in left else "2026-11"
        base = (
            rng.randrange(3000, 6000, 100) if retired else rng.randrange(4500, 12500, 100)
        ) * 100
        current = None
        for month in months:
            if month < start or month > end:
                continue
            if month == "2025-07" and not retired:
                base += 50000  # the mid-year raise
            row = {
                "姓名": name,
                "月份": month,
                "缴费基数": "",
                "实缴金额": "",
                "缴纳日期": "",
                "收据号": "",
            }
            if base != current:
                row["缴费基数"] = f"{base / 100:.2f}"
                current = base
            due = monthly_due("retired" if retired else "in_service", base).monthly_fen
            unpaid = (name == "陈静" and month >= "2026-09") or (
                name == "杨帆" and month >= "2026-05"
            )
            through_colleague = name == "何志强" and month >= "2026-01"
            if not unpaid and not through_colleague:
                paid = due + (
                    10000 if name == "王建国" and month.endswith("-07") else 0
                )  # 七一 extra
                receipt += 1
                day = f"{month}-{rng.randint(3, 18):02d}"
                row.update(
                    {"实缴金额": f"{paid / 100:.2f}", "缴纳日期": day, "收据号": f"DF{receipt}"}
                )
                q = f"{month[:4]}Q{(int(month[5:]) - 1) // 3 + 1}"
                collected[q] = collected.get(q, 0) + paid
            elif through_colleague:
                by_rows.append(
                    {
                        "姓名": name,
                        "月份": month,
                        "代交人": "郭红",
                        "缴纳日期": f"{month}-{rng.randint(3, 18):02d}",
                    }
                )
                q = f"{month[:4]}Q{(int(month[5:]) - 1) // 3 + 1}"
                collected[q] = collected.get(q, 0) + due
            register.append(row)
    with (HERE / "dues.csv").open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(register[0]))
        writer.writeheader()
        writer.writerows(register)
    with (HERE / "dues_by.csv").open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(by_rows[0]))
        writer.writeheader()
        writer.writerows(by_rows)
    remits = []
    for q in sorted(collected):
        year, n = int(q[:4]), int(q[-1])
        if (year, n) >= (2026, 4):
            continue
        ny, nm = (year + 1, 1) if n == 4 else (year, 3 * n + 1)
        remits.append(
            {
                "期间": q,
                "金额": f"{collected[q] / 100:.2f}",
                "日期": f"{ny:04d}-{nm:02d}-08",
                "收据号": f"JG{year}{n}",
            }
        )
    with (HERE / "remits.csv").open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(remits[0]))
        writer.writeheader()
        writer.writerows(remits)
    with (HERE / "statements.csv").open("w", encoding="utf-8-sig", newline="") as fh:
        fh.write("年度,公布日期\r\n2025,2026-01-16\r\n")


if __name__ == "__main__":
    main()
    dues()
