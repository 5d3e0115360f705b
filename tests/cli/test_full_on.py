"""党龄 counts from the day probation ends (党章 art. 7; RULES.md): `full_on` is the admission
day one year later, plus any extension, whatever day the conversion meeting falls on
(issue 18)."""

from __future__ import annotations

from conftest import Cli


def _branch(cli: Cli, *probationary: tuple[str, str]) -> None:
    cli.ok("init", "--branch", "测试支部")
    for i in range(1, 8):
        cli.add(f"党员{i}", "--admitted-on", "2010-01-01", "--full-on", "2011-01-01")
    for name, admitted in probationary:
        cli.add(name, "--stage", "probationary", "--admitted-on", admitted)


def _meeting(cli: Cli, day: str) -> str:
    out = cli.ok("meeting", "add", "general", "--on", day, "--topic", "表决").stdout
    return out.split("会议 ")[1].split("：")[0]


def _convert(cli: Cli, name: str, day: str) -> str:
    meeting = _meeting(cli, day)
    return cli.ok("dev", "convert", name, "--on", day, "--meeting", meeting,
                  "--for", "7", "--against", "0").stdout  # fmt: skip


def test_full_on_is_the_end_of_probation_not_the_meeting_day(run: Cli) -> None:
    _branch(run, ("甲", "2024-11-30"))
    out = _convert(run, "甲", "2025-12-06")
    assert "2025-11-30" in out
    member = run.member("甲")
    assert (member["stage"], member["full_on"]) == ("full", "2025-11-30")
    assert run.sql("SELECT on_date FROM stage_event WHERE note = 'dev convert'") == [
        ("2025-11-30",)
    ]


def test_a_meeting_slipping_into_january_still_counts_in_the_year_probation_ended(
    run: Cli,
) -> None:
    _branch(run, ("乙", "2024-12-20"))
    _convert(run, "乙", "2026-01-08")
    assert run.member("乙")["full_on"] == "2025-12-20"
    assert run.json("report", "year", "2025")["changes"]["converted"] == 1
    assert run.json("report", "year", "2026")["changes"]["converted"] == 0


def test_an_extension_moves_the_day_full_membership_begins(run: Cli) -> None:
    _branch(run, ("丙", "2024-11-30"))
    meeting = _meeting(run, "2025-12-02")
    run.ok("dev", "extend", "丙", "--on", "2025-12-02", "--months", "6", "--meeting", meeting)
    _convert(run, "丙", "2026-06-05")
    assert run.member("丙")["full_on"] == "2026-05-30"


def test_voiding_a_conversion_takes_its_stage_with_it(run: Cli) -> None:
    _branch(run, ("丁", "2024-11-30"))
    _convert(run, "丁", "2025-12-06")
    (event,) = [e["id"] for e in run.json("dev", "show", "丁")["events"] if e["kind"] == "convert"]
    run.ok("dev", "void", str(event), "--reason", "表决会议录错")
    member = run.member("丁")
    assert (member["stage"], member["full_on"]) == ("probationary", None)
    assert run.json("db", "check")["ok"] is True
