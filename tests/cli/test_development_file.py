"""The whole development file (issue 18): the 25 steps recorded, the file of each person in
`dev show` and `dev list --missing`, the time limits (a political review valid a year, a
resolution reported within three months), thought reports at every stage, the local
procedures of the rule profile, and one arithmetic for 29 February."""

from __future__ import annotations

from typing import Any

from conftest import Cli

MEMBERS = ("甲", "乙", "丙", "丁", "戊", "己", "庚")


def _branch(cli: Cli) -> None:
    for name in MEMBERS:
        cli.add(name, "--admitted-on", "2010-01-01", "--full-on", "2011-01-01")


def _meeting(cli: Cli, kind: str, day: str) -> str:
    out = cli.ok("meeting", "add", kind, "--on", day, "--topic", "研究发展党员", "--again").stdout
    return out.split("会议 ")[1].split("：")[0]


def _candidate(cli: Cli, name: str = "小明") -> None:
    """Applied 2024-01-10, activist 2024-03-01 (decided at a general meeting: no committee
    with seven members), candidate 2025-03-02."""
    cli.ok("dev", "apply", name, "--on", "2024-01-10", "--birth-date", "1998-05-01",
           "--gender", "男")  # fmt: skip
    cli.ok("dev", "log", name, "talk", "--on", "2024-01-20", "--by", "甲")
    decided = _meeting(cli, "general", "2024-03-01")
    cli.ok("dev", "activist", name, "--on", "2024-03-01", "--contacts", "甲", "--meeting", decided)
    cli.ok("dev", "log", name, "review", "--on", "2024-08-20")
    cli.ok("dev", "log", name, "review", "--on", "2024-12-20")
    cli.ok("dev", "candidate", name, "--on", "2025-03-02", "--introducers", "甲,乙")


def _ready(cli: Cli, name: str = "小明", review_on: str = "2025-03-04") -> None:
    cli.ok("dev", "log", name, "political_review", "--on", review_on)
    cli.ok("dev", "log", name, "training", "--on", "2025-03-04", "--hours", "24")
    cli.ok("dev", "log", name, "pre_review", "--on", "2025-03-05")
    cli.ok("dev", "log", name, "public_notice", "--on", "2025-03-10", "--until", "2025-03-14")


def _admit(cli: Cli, day: str, name: str = "小明") -> Any:
    meeting = _meeting(cli, "general", day)
    return cli("dev", "admit", name, "--on", day, "--meeting", meeting,
               "--for", "7", "--against", "0")  # fmt: skip


def _file(cli: Cli, name: str = "小明") -> dict[str, dict[str, Any]]:
    return {f["code"]: f for f in cli.json("dev", "show", name)["file"]}


def test_the_file_follows_the_25_steps_with_dates_and_the_forms_number(ledger: Cli) -> None:
    _branch(ledger)
    _candidate(ledger)
    ledger.ok("dev", "log", "小明", "filing", "--on", "2024-03-05")  # as activist
    ledger.ok("dev", "log", "小明", "filing", "--on", "2025-03-03")  # as candidate
    _ready(ledger)
    ledger.ok("dev", "log", "小明", "committee_review", "--on", "2025-03-04")
    ledger.ok("dev", "log", "小明", "application_form", "--on", "2025-03-06",
              "--number", "ZY2025001")  # fmt: skip
    assert _admit(ledger, "2025-03-20").exit_code == 0
    ledger.ok("dev", "log", "小明", "resolution_sent", "--on", "2025-03-25")
    ledger.ok("dev", "log", "小明", "higher_talk", "--on", "2025-04-02")
    ledger.ok("dev", "approve", "小明", "--on", "2025-04-10")
    ledger.ok("dev", "log", "小明", "filing", "--on", "2025-04-20")  # upwards, step 18
    ledger.ok("dev", "log", "小明", "oath", "--on", "2025-05-01")
    ledger.ok("dev", "log", "小明", "conversion_application", "--on", "2026-03-15")
    file = _file(ledger)
    steps = [f["step"] for f in ledger.json("dev", "show", "小明")["file"] if f["step"]]
    assert steps == sorted(steps) and steps[0] == 1 and steps[-1] == 25
    assert file["application"]["date"] == "2024-01-10" and file["application"]["done"]
    assert (file["activist_filing"]["date"], file["candidate_filing"]["date"]) == (
        "2024-03-05",
        "2025-03-03",
    )
    assert file["higher_filing"]["date"] == "2025-04-20"
    assert file["application_form"]["detail"] == "ZY2025001"
    assert file["activist"]["detail"] == "#1"  # the meeting that decided it
    assert file["contacts"]["done"] and file["introducers"]["done"]
    assert file["conversion_application"]["date"] == "2026-03-15"
    assert not file["convert"]["done"] and not file["archive"]["done"]
    # nothing a step taken needed is missing
    assert [f for f in file.values() if f["missing"]] == []
    assert ledger.json("dev", "list", "--missing") == []
    # the number is the form's: another person cannot have it
    _candidate(ledger, "小红")
    err = ledger.refused("dev", "log", "小红", "application_form", "--on", "2025-03-06",
                         "--number", "ZY2025001").stderr  # fmt: skip
    assert "--number" in err and "小明" in err
    assert "--number" in ledger.refused("dev", "log", "小红", "application_form",
                                        "--on", "2025-03-06").stderr  # fmt: skip


def test_list_missing_names_what_a_step_taken_needed(ledger: Cli) -> None:
    _branch(ledger)
    _candidate(ledger)
    _ready(ledger)
    # a candidate: the activist's filing was needed by the candidacy; the rest is to come
    (row,) = ledger.json("dev", "list", "--missing")
    assert [m["code"] for m in row["missing"]] == ["activist_filing"]
    assert ledger.json("dev", "list", "--missing", "--stage", "activist") == []
    assert _admit(ledger, "2025-03-20").exit_code == 0
    (row,) = ledger.json("dev", "list", "--missing")
    lacking = [m["code"] for m in row["missing"]]
    assert (row["name"], row["stage"]) == ("小明", "probationary")
    assert lacking == ["activist_filing", "candidate_filing", "committee_review",
                       "application_form"]  # fmt: skip
    assert "入党志愿书" in ledger.ok("dev", "list", "--missing").stdout
    ledger.ok("dev", "log", "小明", "filing", "--on", "2025-03-21")
    # a filing made after admission is the one upwards (step 18), not the candidate's
    assert "candidate_filing" in [
        m["code"] for m in ledger.json("dev", "list", "--missing")[0]["missing"]
    ]


def test_a_political_review_older_than_a_year_does_not_count(ledger: Cli) -> None:
    _branch(ledger)
    _candidate(ledger)
    _ready(ledger)  # political review of 2025-03-04
    err = _admit(ledger, "2026-03-05").stderr
    assert "政治审查" in err and "一年" in err
    assert ledger.count("stage_event") == len(MEMBERS) * 2 + 3
    # the last day it counts is the day a year on
    assert _admit(ledger, "2026-03-04").exit_code == 0


def test_a_resolution_not_reported_in_three_months_is_flagged(ledger: Cli) -> None:
    _branch(ledger)
    _candidate(ledger)
    _ready(ledger)
    assert _admit(ledger, "2025-03-20").exit_code == 0
    due = ledger.json("dev", "due", "--as-of", "2025-06-21")
    flags = {(d["step"], d["flag"]) for d in due if d["name"] == "小明"}
    assert ("report", "report_overdue") in flags and ("approve", "approval_overdue") in flags
    findings = ledger.json("report", "compliance", "--period", "2025Q2", "--as-of",
                           "2025-06-21")["findings"]  # fmt: skip
    assert "report_overdue" in [f["kind"] for f in findings]
    # reported within the three months: no flag of it
    ledger.ok("dev", "log", "小明", "resolution_sent", "--on", "2025-04-01")
    due = ledger.json("dev", "due", "--as-of", "2025-06-21")
    assert "report" not in [d["step"] for d in due if d["name"] == "小明"]


def test_thought_reports_at_every_stage_and_owed_by_activists_only_when_switched_on(
    ledger: Cli,
) -> None:
    _branch(ledger)
    ledger.ok("dev", "apply", "小明", "--on", "2025-01-10", "--birth-date", "1998-05-01",
              "--gender", "男")  # fmt: skip
    ledger.ok("dev", "log", "小明", "thought_report", "--on", "2025-01-20")  # an applicant's
    ledger.ok("dev", "log", "小明", "talk", "--on", "2025-01-21")
    ledger.ok("dev", "activist", "小明", "--on", "2025-03-01", "--contacts", "甲")
    ledger.ok("dev", "log", "小明", "thought_report", "--on", "2025-04-10")
    kinds = [e["kind"] for e in ledger.json("dev", "show", "小明")["events"]]
    assert kinds.count("thought_report") == 2

    def owed() -> tuple[list[Any], list[Any], list[Any]]:
        items = ledger.json("report", "compliance", "--period", "2025Q3", "--as-of",
                            "2025-10-05")["items"]  # fmt: skip
        tasks = ledger.json("report", "checklist", "--quarter", "2025Q3", "--as-of",
                            "2025-10-05")["tasks"]  # fmt: skip
        due = ledger.json("dev", "due", "--as-of", "2025-10-05")
        return (
            [i for i in items if i["code"] == "activist_thought_report"],
            [t for t in tasks if t["code"] == "activist_thought_report"],
            [d for d in due if d["step"] == "activist_thought_report"],
        )

    assert owed() == ([], [], [])  # off by default
    ledger.ok("rules", "set", "activist_thought_report", "--on")
    items, tasks, due = owed()
    assert [(i["scope"], i["status"], i["gaps"]) for i in items] == [
        (f"member:{due[0]['member_id']}", "short", ["2025Q3"])
    ]
    assert [(t["member_id"], t["done"]) for t in tasks] == [(due[0]["member_id"], False)]
    assert [(d["name"], d["due"], d["overdue"]) for d in due][0] == ("小明", "2025-09-30", True)
    ledger.ok("dev", "log", "小明", "thought_report", "--on", "2025-08-10")
    items, tasks, due = owed()
    assert [i["status"] for i in items] == ["ok"] and [t["done"] for t in tasks] == [True]
    assert [d for d in due if d["overdue"]] == []


def test_local_procedures_join_the_file_when_switched_on(ledger: Cli) -> None:
    _branch(ledger)
    _candidate(ledger)
    _ready(ledger)
    assert "mass_forum" not in _file(ledger)
    ledger.ok("rules", "set", "mass_forum", "--on")
    ledger.ok("rules", "set", "conversion_notice", "--on")
    codes = [r["code"] for r in ledger.json("rules", "show")]
    assert {"mass_forum", "conversion_notice", "activist_notice"} <= set(codes)
    file = _file(ledger)
    assert not file["mass_forum"]["done"] and "conversion_notice" in file
    ledger.ok("dev", "log", "小明", "mass_forum", "--on", "2025-03-08")
    assert _file(ledger)["mass_forum"]["date"] == "2025-03-08"


def test_a_designation_names_the_meeting_that_decided_it(ledger: Cli) -> None:
    _branch(ledger)
    ledger.ok("dev", "apply", "小明", "--on", "2025-01-10", "--birth-date", "1998-05-01",
              "--gender", "男")  # fmt: skip
    planned = ledger.ok("meeting", "add", "general", "--on", "2025-03-10", "--topic", "计划",
                        "--planned").stdout  # fmt: skip
    assert planned
    err = ledger.refused("dev", "activist", "小明", "--on", "2025-03-01", "--contacts", "甲",
                         "--meeting", "99").stderr  # fmt: skip
    assert "--meeting" in err and "99" in err
    lecture = _meeting(ledger, "lecture", "2025-02-20")
    err = ledger.refused("dev", "activist", "小明", "--on", "2025-03-01", "--contacts", "甲",
                         "--meeting", lecture).stderr  # fmt: skip
    assert "--meeting" in err
    assert ledger.count("dev_party") == 0


def test_archive_and_higher_talk_only_at_their_stage(ledger: Cli) -> None:
    _branch(ledger)
    _candidate(ledger)
    for kind in ("archive", "higher_talk", "conversion_application", "oath"):
        err = ledger.refused("dev", "log", "小明", kind, "--on", "2025-03-05").stderr
        assert "KIND" in err, kind
    # a full member entered from the roster has no conversion here to archive
    err = ledger.refused("dev", "log", "甲", "archive", "--on", "2025-03-05").stderr
    assert "REF" in err


def test_29_february_counts_alike_for_a_birth_and_a_designation(ledger: Cli) -> None:
    """RULES.md "Periods of years and months": a period from 29 February ends on 28 February,
    and the condition holds from the day after: 1 March, for an age and an activist year."""
    _branch(ledger)
    err = ledger.refused("dev", "apply", "小明", "--on", "2022-02-28", "--birth-date",
                         "2004-02-29", "--gender", "男").stderr  # fmt: skip
    assert "2022-03-01" in err
    ledger.ok("dev", "apply", "小明", "--on", "2022-03-01", "--birth-date", "2004-02-29",
              "--gender", "男")  # fmt: skip
    ledger.ok("dev", "log", "小明", "talk", "--on", "2022-03-10")
    ledger.ok("dev", "activist", "小明", "--on", "2024-02-29", "--contacts", "甲")
    ledger.ok("dev", "log", "小明", "review", "--on", "2024-08-01")
    ledger.ok("dev", "log", "小明", "review", "--on", "2025-01-10")
    err = ledger.refused("dev", "candidate", "小明", "--on", "2025-02-28",
                         "--introducers", "甲,乙").stderr  # fmt: skip
    assert "2025-03-01" in err
    ledger.ok("dev", "candidate", "小明", "--on", "2025-03-01", "--introducers", "甲,乙")


def test_full_on_and_party_years_everywhere_a_user_reads_them(ledger: Cli, tmp_path: Any) -> None:
    _branch(ledger)
    ledger.add("丙丙", "--stage", "probationary", "--admitted-on", "2024-11-30")
    meeting = _meeting(ledger, "general", "2025-12-06")
    ledger.ok("dev", "convert", "丙丙", "--on", "2025-12-06", "--meeting", meeting,
              "--for", "7", "--against", "0")  # fmt: skip
    shown = ledger.json("member", "show", "丙丙")
    assert shown["full_on"] == "2025-11-30" and shown["party_years"] == 1
    assert "2025-11-30" in ledger.ok("member", "show", "丙丙").stdout
    out = tmp_path / "roster.csv"
    ledger.ok("member", "export", str(out))
    row = next(line for line in out.read_text(encoding="utf-8-sig").splitlines() if "丙丙" in line)
    assert "2025-11-30" in row
    assert ledger.json("report", "year", "2025")["changes"]["converted"] == 1


def test_the_file_counts_what_admission_counts_on_the_edge_days(ledger: Cli) -> None:
    """A talk or committee review on the day of the designation, a course running over the
    candidacy's first day and a political review on the meeting's day are all on file, as
    the steps counted them."""
    _branch(ledger)
    ledger.ok("dev", "apply", "小红", "--on", "2024-01-10", "--birth-date", "1998-05-01",
              "--gender", "女")  # fmt: skip
    ledger.ok("dev", "log", "小红", "committee_review", "--on", "2024-03-01")
    ledger.ok("dev", "log", "小红", "talk", "--on", "2024-03-01")
    ledger.ok("dev", "activist", "小红", "--on", "2024-03-01", "--contacts", "甲")
    ledger.ok("dev", "log", "小红", "filing", "--on", "2024-03-02")
    ledger.ok("dev", "log", "小红", "review", "--on", "2024-08-20")
    ledger.ok("dev", "log", "小红", "review", "--on", "2025-03-02")  # on the candidacy's day
    ledger.ok("dev", "log", "小红", "training", "--on", "2025-02-25", "--until", "2025-03-05")
    ledger.ok("dev", "candidate", "小红", "--on", "2025-03-02", "--introducers", "甲,乙")
    for kind in ("filing", "committee_review", "pre_review"):
        ledger.ok("dev", "log", "小红", kind, "--on", "2025-03-06")
    ledger.ok("dev", "log", "小红", "application_form", "--on", "2025-03-07", "--number", "Z1")
    ledger.ok("dev", "log", "小红", "public_notice", "--on", "2025-03-10", "--until", "2025-03-14")
    ledger.ok("dev", "log", "小红", "political_review", "--on", "2025-03-20")
    assert _admit(ledger, "2025-03-20", "小红").exit_code == 0
    file = _file(ledger, "小红")
    assert [c for c, f in file.items() if f["missing"]] == []
    assert file["talk"]["date"] == "2024-03-01"
    assert file["activist"]["detail"] == "2024-03-01"  # the committee's review of it
    assert file["training"]["date"] == "2025-02-25"
    assert file["political_review"]["date"] == "2025-03-20"
    assert file["activist_reviews"]["detail"] == "×2"
