"""Voiding a person, a development record and a remit entered in error, and closing a
party group (issue 17): each stays in the ledger, counts nowhere, is refused where a later
record rests on it, and leaves the ledger sealed."""

from __future__ import annotations

from typing import Any

from conftest import Cli

# what a user reads about the branch: a voided person must change none of it
VIEWS: tuple[tuple[str, ...], ...] = (
    ("member", "list", "--all"),
    ("group", "list"),
    ("report", "compliance", "--period", "2026", "--as-of", "2026-12-31"),
    ("report", "checklist", "--quarter", "2026Q4", "--as-of", "2026-12-01"),
    ("report", "year", "2026"),
    ("dues", "status", "--as-of", "2026-12-01"),
    ("dues", "statement", "--year", "2026"),
    ("dev", "list"),
    ("dev", "due", "--as-of", "2026-12-01"),
)


def _views(cli: Cli) -> list[Any]:
    return [cli.json(*v) for v in VIEWS]


def test_a_voided_person_is_in_no_count_and_no_list(demo_ledger: Cli, idn: Any) -> None:
    before = _views(demo_ledger)
    number = idn(__import__("datetime").date(1990, 3, 7), 11, "male")
    pid = demo_ledger.add(
        "误录人员",
        "--group",
        "第一党小组",
        "--admitted-on",
        "2015-01-01",
        "--full-on",
        "2016-01-01",
        "--id-number",
        number,
        "--birth-date",
        "1990-03-07",
    )
    demo_ledger.ok("dues", "base", "误录人员", "--from", "2026-01", "--income", "5000")
    demo_ledger.ok("dev", "apply", "误录申请人", "--gender", "女", "--birth-date",
                   "2000-01-01", "--on", "2026-11-02")  # fmt: skip
    applicant = demo_ledger.listed("误录申请人")["id"]
    assert _views(demo_ledger) != before
    demo_ledger.ok("member", "void", str(pid), "--reason", "重复录入")
    demo_ledger.ok("member", "void", "误录申请人", "--reason", "不是本支部的人")
    assert _views(demo_ledger) == before
    # kept in the ledger, shown by id with the reason, found by no name
    assert demo_ledger.count("person") >= pid
    shown = demo_ledger.json("member", "show", str(pid))
    assert shown["voided_on"] is not None and shown["active"] is False
    assert "没有名为" in demo_ledger.refused("member", "show", "误录人员").stderr
    assert "作废" in demo_ledger.refused("dues", "pay", str(pid), "--month", "2026-11").stderr
    # the ID number is released: the right entry can now be made with it
    demo_ledger.add("误录人员", "--id-number", number, "--birth-date", "1990-03-07")
    # in the trail; not a departure
    assert [e["row_id"] for e in demo_ledger.audit("person.void")] == [pid, applicant]
    assert demo_ledger.sql("SELECT left_on FROM person WHERE id = ?", (pid,)) == [(None,)]
    assert demo_ledger.json("db", "check")["ok"] is True


def test_voiding_a_person_other_records_name_is_refused(demo_ledger: Cli) -> None:
    before = demo_ledger.dump()
    paid = demo_ledger.refused("member", "void", "张伟", "--reason", "x")
    assert "缴费记录" in paid.stderr and "dues reverse" in paid.stderr
    assert "--reason" in demo_ledger.refused("member", "void", "张伟", "--reason", " ").stderr
    assert demo_ledger.dump() == before


def test_dev_void_names_the_later_steps_then_undoes_a_stage(demo_ledger: Cli) -> None:
    shown = demo_ledger.json("dev", "show", "郑琳")
    ids = {e["kind"]: e["id"] for e in shown["events"]}
    before = demo_ledger.dump()
    refused = demo_ledger.refused("dev", "void", str(ids["apply"]), "--reason", "录错")
    assert str(ids["activist"]) in refused.stderr
    assert demo_ledger.dump() == before
    demo_ledger.ok("dev", "void", str(ids["activist"]), "--reason", "日期录错")
    assert demo_ledger.json("member", "show", "郑琳")["stage"] == "applicant"
    after = demo_ledger.json("dev", "show", "郑琳")
    voided = [e for e in after["events"] if e["id"] == ids["activist"]]
    assert voided and voided[0]["voided_on"] is not None
    # the step can be recorded again, rightly, and the voided one is in the trail
    assert demo_ledger.audit("dev.void")[0]["row_id"] == ids["activist"]
    again = demo_ledger.refused("dev", "void", str(ids["activist"]), "--reason", "再次")
    assert "已于" in again.stderr
    assert demo_ledger.json("db", "check")["ok"] is True


def test_a_voided_record_is_no_duplicate_and_no_longer_counts(demo_ledger: Cli) -> None:
    demo_ledger.ok("dev", "apply", "新人", "--gender", "男", "--birth-date", "1995-01-01",
                   "--on", "2026-11-01")  # fmt: skip
    demo_ledger.ok("dev", "log", "新人", "talk", "--on", "2026-11-10", "--by", "张伟")
    assert "已" in demo_ledger.refused("dev", "log", "新人", "talk", "--on", "2026-11-10",
                                       "--by", "张伟").stderr  # fmt: skip
    (event,) = [
        e["id"] for e in demo_ledger.json("dev", "show", "新人")["events"] if e["kind"] == "talk"
    ]  # fmt: skip
    due = [s["step"] for s in demo_ledger.json("dev", "show", "新人")["next"]]
    demo_ledger.ok("dev", "void", str(event), "--reason", "录重了")
    # the talk is owed again, and can be logged again the same day
    assert [s["step"] for s in demo_ledger.json("dev", "show", "新人")["next"]] != due
    demo_ledger.ok("dev", "log", "新人", "talk", "--on", "2026-11-10", "--by", "张伟")


def test_a_voided_remit_leaves_the_balance_and_the_check(demo_ledger: Cli) -> None:
    def remitted() -> str:
        return demo_ledger.json("report", "year", "2025")["dues"]["remitted"]

    first = remitted()
    (rid, amount), *_ = demo_ledger.sql("SELECT id, amount_fen FROM dues_remit ORDER BY id")
    out = demo_ledger.ok("dues", "remit-void", str(rid), "--reason", "金额录错").stdout
    assert str(rid) in out
    assert float(remitted()) == float(first) - amount / 100
    assert demo_ledger.count("dues_remit") >= 1
    assert "已于" in demo_ledger.refused("dues", "remit-void", str(rid), "--reason", "x").stderr
    assert demo_ledger.json("db", "check")["ok"] is True


def test_closing_a_group_moves_its_members_out_and_stops_its_meetings(demo_ledger: Cli) -> None:
    demo_ledger.ok("group", "close", "第二党小组", "--on", "2026-12-01")
    groups = {g["name"]: g for g in demo_ledger.json("group", "list")}
    assert groups["第二党小组"]["members"] == 0
    assert groups["第二党小组"]["closed_on"] == "2026-12-01"
    refused = demo_ledger.refused("meeting", "add", "group", "--group", "第二党小组",
                                  "--on", "2026-12-02")  # fmt: skip
    assert "撤销" in refused.stderr
    checklist = demo_ledger.json("report", "checklist", "--quarter", "2026Q4",
                                 "--as-of", "2026-12-02")  # fmt: skip
    titles = [t["title"] for t in checklist["tasks"] if t["code"] == "group_meeting"]
    assert "第一党小组 党小组会 2026年12月" in titles
    assert "第二党小组 党小组会 2026年12月" not in titles
    assert "第二党小组 党小组会 2026年11月" in titles  # owed while it still existed
    assert (
        "撤销" in demo_ledger.refused("group", "close", "第二党小组", "--on", "2026-12-02").stderr
    )
    # its members can be placed in another group
    demo_ledger.ok("member", "edit", "周强", "--group", "第一党小组", "--on", "2026-12-02")
    assert demo_ledger.json("db", "check")["ok"] is True


def test_a_voided_evaluation_counts_nowhere_and_can_be_recorded_again(demo_ledger: Cli) -> None:
    def results() -> list[Any]:
        return demo_ledger.json("evaluation", "list", "--year", "2025")

    listed = results()
    who = listed[0]["name"]
    grades_before = demo_ledger.json("report", "year", "2025")["evaluation"]
    demo_ledger.ok("evaluation", "void", who, "--year", "2025", "--reason", "录错人")
    assert len(results()) == len(listed) - 1
    assert demo_ledger.json("report", "year", "2025")["evaluation"] != grades_before
    assert "没有" in demo_ledger.refused("evaluation", "void", who, "--year", "2025",
                                         "--reason", "x").stderr  # fmt: skip
    demo_ledger.ok("evaluation", "record", who, "--year", "2025", "--grade", listed[0]["grade"])
    assert results() == listed
    assert demo_ledger.json("report", "year", "2025")["evaluation"] == grades_before
    assert demo_ledger.json("db", "check")["ok"] is True


def test_a_voided_statement_publication_is_owed_again(demo_ledger: Cli) -> None:
    def owed() -> list[str]:
        doc = demo_ledger.json("report", "compliance", "--period", "2025", "--as-of", "2026-03-01")
        return [i["code"] for i in doc["items"] if i["code"] == "dues_statement" and i["gaps"]]

    assert owed() == []
    demo_ledger.ok("dues", "statement-void", "--year", "2025", "--reason", "公布日期录错")
    assert owed() == ["dues_statement"]
    demo_ledger.ok("dues", "statement", "--year", "2025", "--publish", "--on", "2026-01-20")
    assert owed() == []
    assert demo_ledger.json("db", "check")["ok"] is True
