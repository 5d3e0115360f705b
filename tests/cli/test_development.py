"""Development end to end: one person through all five stages at real meetings, each refusal,
--force with its reason, and the flags on the sample branch."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from conftest import Cli

STEP_KEYS = {"member_id", "name", "stage", "step", "due", "overdue"}


def _branch(led: Cli) -> None:
    led.ok("init", "--branch", "测试支部")
    for name in "甲乙丙丁戊己庚辛":
        led.ok(
            "member",
            "add",
            name,
            "--gender",
            "男",
            "--stage",
            "full",
            "--admitted-on",
            "2000-07-01",
            "--full-on",
            "2001-07-01",
        )
    led.ok(
        "member",
        "add",
        "壬",
        "--gender",
        "女",
        "--stage",
        "probationary",
        "--admitted-on",
        "2024-01-10",
    )


@pytest.fixture
def branch(snapshot: Callable[[str, Callable[[Cli], object]], Cli]) -> Cli:
    """Eight full members (甲…辛, admitted 2000) and 壬, probationary from 2024-01-10."""
    led = snapshot("development-branch", _branch)
    led.refusal_lines = 1
    return led


def test_one_person_through_all_five_stages(branch: Cli) -> None:
    b = branch
    assert (
        "18"
        in b.refused(
            "dev",
            "apply",
            "小明",
            "--on",
            "2023-03-01",
            "--birth-date",
            "2005-06-01",
            "--gender",
            "男",
        ).stderr
    )
    pid = b.ok(
        "dev", "apply", "小明", "--on", "2023-03-01", "--birth-date", "2000-06-01", "--gender", "男"
    ).stdout.strip()
    assert b.listed("小明")["stage"] == "applicant"
    b.ok("dev", "log", "小明", "talk", "--on", "2023-03-20", "--by", "甲")
    b.ok(
        "dev",
        "activist",
        "小明",
        "--on",
        "2023-05-01",
        "--contacts",
        "甲,乙",
        "--recommendation",
        "league",
    )
    b.ok("dev", "log", "小明", "review", "--on", "2023-10-20")
    b.ok("dev", "log", "小明", "review", "--on", "2024-03-20")
    err = b.refused(
        "dev", "candidate", "小明", "--on", "2024-04-01", "--introducers", "甲,乙"
    ).stderr
    # eleven months: names the day it will hold, the day after the year ends (RULES.md)
    assert "2024-05-02" in err
    err = b.refused(
        "dev", "candidate", "小明", "--on", "2024-05-10", "--introducers", "甲,壬"
    ).stderr
    assert "壬" in err
    err = b.refused(
        "dev", "candidate", "小明", "--on", "2024-04-01", "--introducers", "小明,壬"
    ).stderr
    assert "2024-05-02" in err and "壬" in err and "本人" in err  # every unmet one at once
    b.ok("dev", "candidate", "小明", "--on", "2024-05-10", "--introducers", "甲,乙")
    b.ok(
        "dev",
        "log",
        "小明",
        "training",
        "--on",
        "2024-06-01",
        "--until",
        "2024-06-03",
        "--hours",
        "24",
    )
    b.ok("dev", "log", "小明", "pre_review", "--on", "2024-06-20")
    out = b.ok(
        "dev", "log", "小明", "public_notice", "--on", "2024-06-24", "--until", "2024-06-28"
    ).stdout
    assert "共 5 个工作日" in out
    b.ok(
        "meeting", "add", "general", "--on", "2024-07-05", "--absent", "丁,戊"
    )  # 6 of 8 voting present
    assert (
        "政治审查"
        in b.refused(
            "dev",
            "admit",
            "小明",
            "--on",
            "2024-07-05",
            "--meeting",
            "1",
            "--for",
            "6",
            "--against",
            "0",
        ).stderr
    )
    b.ok("dev", "log", "小明", "political_review", "--on", "2024-06-10")
    err = b.refused(
        "dev",
        "admit",
        "小明",
        "--on",
        "2024-07-05",
        "--meeting",
        "1",
        "--for",
        "4",
        "--against",
        "2",
    ).stderr
    assert "4" in err and "8" in err
    b.refused(
        "dev",
        "admit",
        "小明",
        "--on",
        "2024-07-05",
        "--meeting",
        "1",
        "--for",
        "6",
        "--against",
        "1",
    )  # 7 > 6 present
    b.ok(
        "dev",
        "admit",
        "小明",
        "--on",
        "2024-07-05",
        "--meeting",
        "1",
        "--for",
        "5",
        "--against",
        "1",
    )
    m = b.listed("小明")
    assert (m["stage"], m["admitted_on"]) == ("probationary", "2024-07-05")
    b.ok("dev", "approve", "小明", "--on", "2024-08-20")
    b.ok("dev", "log", "小明", "oath", "--on", "2024-09-01")
    # he now attends meetings, and dues can start from his admission month
    b.ok("meeting", "add", "general", "--on", "2025-06-05")
    assert "小明" in {a["name"] for a in b.json("meeting", "show", "2")["attendance"]}
    b.ok("dues", "base", "小明", "--income", "6000", "--from", "2024-07")
    err = b.refused(
        "dev",
        "convert",
        "小明",
        "--on",
        "2025-06-05",
        "--meeting",
        "2",
        "--for",
        "8",
        "--against",
        "0",
    ).stderr
    assert "2025-07-05" in err  # a month before the year ends
    b.ok("meeting", "add", "general", "--on", "2025-07-08")
    b.ok(
        "dev",
        "convert",
        "小明",
        "--on",
        "2025-07-08",
        "--meeting",
        "3",
        "--for",
        "8",
        "--against",
        "0",
    )
    b.ok("dev", "approve", "小明", "--on", "2025-08-01")
    m = b.listed("小明")
    # 党龄 counts from the end of probation (党章 art. 7), not the meeting's day
    assert (m["stage"], m["admitted_on"], m["full_on"], m["id"]) == (
        "full",
        "2024-07-05",
        "2025-07-05",
        int(pid),
    )
    assert "小明" not in {r["name"] for r in b.json("dev", "list", "--as-of", "2025-08-02")}
    show = b.json("dev", "show", "小明")
    kinds = [e["kind"] for e in show["events"]]
    assert kinds[:3] == ["apply", "talk", "activist"] and kinds[-2:] == [
        "convert",
        "approve_conversion",
    ]
    assert "没有待审批" in b.refused("dev", "approve", "小明", "--on", "2025-08-02").stderr


def test_force_records_the_step_with_its_reason(branch: Cli) -> None:
    b = branch
    b.ok(
        "dev", "apply", "小红", "--on", "2020-03-01", "--birth-date", "1998-01-01", "--gender", "女"
    )
    b.refused("dev", "activist", "小红", "--on", "2020-04-01", "--force")  # --force needs --reason
    b.ok(
        "dev", "activist", "小红", "--on", "2020-04-01", "--force", "--reason", "2020年纸质档案补录"
    )
    show = b.json("dev", "show", "小红")
    assert show["events"][-1]["forced_reason"] == "2020年纸质档案补录"
    assert b.sql("SELECT reason FROM audit_log WHERE action = 'dev.activist' ORDER BY id")[0] == (
        "2020年纸质档案补录",
    )


def test_probation_extension_and_drop(branch: Cli) -> None:
    b = branch
    b.ok("meeting", "add", "general", "--on", "2025-01-20")
    b.refused("dev", "extend", "壬", "--on", "2025-01-20", "--months", "3", "--meeting", "1")
    b.ok("dev", "extend", "壬", "--on", "2025-01-20", "--months", "6", "--meeting", "1")
    assert "2025-07-10" in b.json("dev", "show", "壬")["probation_end"]
    b.ok("meeting", "add", "general", "--on", "2025-08-01")
    assert (
        "已延长"
        in b.refused(
            "dev", "extend", "壬", "--on", "2025-08-01", "--months", "6", "--meeting", "2"
        ).stderr
    )
    b.ok(
        "dev", "apply", "小刚", "--on", "2025-03-01", "--birth-date", "1999-01-01", "--gender", "男"
    )
    b.ok("dev", "drop", "小刚", "--on", "2025-06-01", "--reason", "本人撤回申请")
    assert "小刚" not in {m["name"] for m in b.json("member", "list")}
    gone = b.listed("小刚")
    assert (gone["active"], gone["left_reason"]) == (False, "dropped")
    b.refused("dev", "log", "小刚", "talk", "--on", "2025-07-01")


@pytest.mark.parametrize(
    "args",
    [
        ["dev", "log", "甲", "talk", "--on", "2025-01-01"],  # a full member is not in the pipeline
        ["dev", "log", "壬", "chat", "--on", "2025-01-01"],
        ["dev", "log", "壬", "public_notice", "--on", "2025-01-01"],
        ["dev", "log", "壬", "training", "--on", "2025-01-01", "--hours", "-3"],
        [
            "dev",
            "admit",
            "壬",
            "--on",
            "2025-01-01",
            "--meeting",
            "x",
            "--for",
            "1",
            "--against",
            "0",
        ],
        [
            "dev",
            "admit",
            "壬",
            "--on",
            "2025-01-01",
            "--meeting",
            "99",
            "--for",
            "1",
            "--against",
            "0",
        ],
        [
            "dev",
            "apply",
            "未来",
            "--on",
            "2099-01-01",
            "--birth-date",
            "1990-01-01",
            "--gender",
            "男",
        ],
        [
            "dev",
            "apply",
            "坏",
            "--on",
            "2025-02-30",
            "--birth-date",
            "1990-01-01",
            "--gender",
            "男",
        ],
    ],
)
def test_refusals(branch: Cli, args: list[str]) -> None:
    branch.refused(*args)


def test_public_notice_counts_working_days_with_holidays(branch: Cli) -> None:
    b = branch
    b.ok(
        "dev", "apply", "小李", "--on", "2024-01-02", "--birth-date", "1999-01-01", "--gender", "男"
    )
    b.ok(
        "dev",
        "activist",
        "小李",
        "--on",
        "2024-02-01",
        "--contacts",
        "甲",
        "--force",
        "--reason",
        "补录",
    )
    b.ok(
        "dev",
        "candidate",
        "小李",
        "--on",
        "2025-09-01",
        "--introducers",
        "甲,乙",
        "--force",
        "--reason",
        "补录",
    )
    # 2025-09-29 Mon … 2025-10-05 Sun: National Day holidays from 10-01; 09-28 (Sun) was a workday
    out = b.ok(
        "dev", "log", "小李", "public_notice", "--on", "2025-09-28", "--until", "2025-10-05"
    ).stdout
    assert "共 3 个工作日" in out
    b.ok("dev", "log", "小李", "political_review", "--on", "2025-09-10")
    b.ok("dev", "log", "小李", "training", "--on", "2025-09-15", "--hours", "24")
    b.ok("dev", "log", "小李", "pre_review", "--on", "2025-09-20")
    b.ok("meeting", "add", "general", "--on", "2025-10-20")
    err = b.refused(
        "dev",
        "admit",
        "小李",
        "--on",
        "2025-10-20",
        "--meeting",
        "1",
        "--for",
        "8",
        "--against",
        "0",
    ).stderr
    assert "公示" in err


def test_sample_pipeline_and_flags(demo_ledger: Cli) -> None:
    led = demo_ledger
    rows = led.json("dev", "list", "--as-of", "2026-11-25")
    assert all(set(r) >= STEP_KEYS for r in rows)
    by_name = {r["name"]: r for r in rows}
    assert (
        rows[0]["name"] == "黄磊" and rows[0]["flag"] == "probation_expired" and rows[0]["overdue"]
    )
    assert by_name["周小雨"]["stage"] == "applicant" and by_name["周小雨"]["step"] == "talk"
    assert {n for n, r in by_name.items() if r["stage"] == "activist"} == {"吴昊", "郑琳"}
    assert by_name["吴昊"]["step"] == "candidate" and not by_name["吴昊"]["overdue"]
    assert by_name["陈晨"]["stage"] == "candidate" and by_name["陈晨"]["step"] == "public_notice"
    assert [r["flag"] for r in rows if r["flag"]] == ["probation_expired"]
    later = led.json("dev", "due", "--as-of", "2027-01-05")
    flags = {(r["name"], r["flag"]) for r in later if r["flag"]}
    assert ("周小雨", "talk_overdue") in flags and ("林涛", "probation_expired") in flags
    assert ("郑琳", "activist_review_overdue") in flags


def test_corrections_and_impossible_values(branch: Cli) -> None:
    b = branch
    assert (
        "晚于申请日期"
        in b.refused(
            "dev",
            "apply",
            "甲子",
            "--on",
            "2024-01-01",
            "--birth-date",
            "2025-01-01",
            "--gender",
            "男",
        ).stderr
    )
    b.ok(
        "dev", "apply", "小周", "--on", "2024-01-02", "--birth-date", "1999-01-01", "--gender", "男"
    )
    b.refused("dev", "log", "小周", "oath", "--on", "2024-02-01")  # an applicant takes no oath
    b.refused("dev", "log", "99999999999999999999999", "review", "--on", "2026-01-01")
    b.ok(
        "dev",
        "activist",
        "小周",
        "--on",
        "2024-02-01",
        "--contacts",
        "甲",
        "--force",
        "--reason",
        "补录",
    )
    b.ok(
        "dev",
        "candidate",
        "小周",
        "--on",
        "2025-09-01",
        "--introducers",
        "甲,乙",
        "--force",
        "--reason",
        "补录",
    )
    b.ok("dev", "log", "小周", "public_notice", "--on", "2025-12-01", "--until", "2025-12-04")
    b.ok(
        "dev", "log", "小周", "public_notice", "--on", "2025-12-01", "--until", "2025-12-05"
    )  # corrected
    checks = {
        c["check"]: c["met"]
        for c in b.json("dev", "show", "小周", "--as-of", "2025-12-10")["checks"]
    }
    assert checks["public_notice"] is True
