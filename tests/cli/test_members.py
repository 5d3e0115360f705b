"""`dangwu member add/list/show/edit/transfer-in/transfer-out/leave` end to end."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from conftest import Cli

CONTRACT_KEYS = {
    "id",
    "name",
    "gender",
    "stage",
    "group",
    "category",
    "birth_date",
    "admitted_on",
    "full_on",
    "phone",
    "id_number",
    "active",
}


# --- member add ----------------------------------------------------------------------------


def test_add_prints_the_new_id(ledger: Cli) -> None:
    first = ledger.ok("member", "add", "张伟", "--gender", "男", "--stage", "full")
    assert first.stdout.strip() == "1"
    second = ledger.ok("member", "add", "李娜", "--gender", "女", "--stage", "probationary")
    assert second.stdout.strip() == "2"
    people = ledger.members()
    assert [(m["id"], m["name"]) for m in people] == [(1, "张伟"), (2, "李娜")]
    assert CONTRACT_KEYS <= people[0].keys()


def test_add_with_every_field(ledger: Cli, idn: Any) -> None:
    ledger.ok("group", "add", "第一党小组")
    number = idn(date(1980, 1, 5), 3, "female")
    pid = ledger.add(
        "李秀英",
        "--birth-date",
        "1980-01-05",
        "--id-number",
        number,
        "--ethnicity",
        "回族",
        "--education",
        "大学本科",
        "--phone",
        "13812345678",
        "--category",
        "retired",
        "--group",
        "第一党小组",
        "--admitted-on",
        "2005-07-01",
        "--full-on",
        "2006-07-01",
        "--unit",
        "办公室",
        gender="女",
    )
    rec = ledger.member(pid, "--reveal")
    expected = {
        "id": pid,
        "name": "李秀英",
        "gender": "female",
        "stage": "full",
        "group": "第一党小组",
        "category": "retired",
        "birth_date": "1980-01-05",
        "admitted_on": "2005-07-01",
        "full_on": "2006-07-01",
        "phone": "13812345678",
        "id_number": number,
        "active": True,
        "ethnicity": "回族",
        "education": "大学本科",
        "unit": "办公室",
    }
    assert {k: rec[k] for k in expected} == expected
    listed = ledger.members("--reveal")[0]
    assert {k: listed[k] for k in expected} == expected


def test_add_is_audited(ledger: Cli) -> None:
    pid = ledger.add("张伟", "--phone", "13812345678")
    entries = [e for e in ledger.audit() if e["table_name"] == "person" and e["row_id"] == pid]
    assert len(entries) == 1
    assert entries[0]["before"] is None
    assert entries[0]["after"]["name"] == "张伟"
    assert entries[0]["after"]["phone"] == "13812345678"
    assert entries[0]["at"]


def test_birth_date_comes_from_the_id_number(ledger: Cli, idn: Any) -> None:
    pid = ledger.add("张伟", "--id-number", idn(date(1975, 6, 30), 1, "male"))
    assert ledger.member(pid)["birth_date"] == "1975-06-30"


def test_lowercase_x_is_normalized(ledger: Cli, id_ending_in_x: Any) -> None:
    number = id_ending_in_x("male")
    pid = ledger.add("张伟", "--id-number", number.lower())
    assert ledger.member(pid, "--reveal")["id_number"] == number


def test_bad_check_digit_is_refused(ledger: Cli, idn: Any) -> None:
    number = idn()
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    result = ledger.refused(
        "member", "add", "张伟", "--gender", "男", "--stage", "full", "--id-number", wrong
    )
    assert "--id-number" in result.stderr
    assert ledger.count("person") == 0


@pytest.mark.parametrize(
    "number", ["11010119800105033", "1101011980010503381", "11010119800105033A"]
)
def test_malformed_id_number_is_refused(ledger: Cli, number: str) -> None:
    result = ledger.refused(
        "member", "add", "张伟", "--gender", "男", "--stage", "full", "--id-number", number
    )
    assert "--id-number" in result.stderr


def test_id_number_with_impossible_birth_date_is_refused(ledger: Cli) -> None:
    from dangwu.rules.identity import check_char

    body = "11010119800230001"  # 1980-02-30
    result = ledger.refused(
        "member", "add", "张伟", "--gender", "男", "--stage", "full",
        "--id-number", body + check_char(body),
    )  # fmt: skip
    assert "--id-number" in result.stderr


def test_id_number_birth_date_must_match_birth_date(ledger: Cli, idn: Any) -> None:
    number = idn(date(1980, 1, 5), 1, "male")
    result = ledger.refused(
        "member", "add", "张伟", "--gender", "男", "--stage", "full",
        "--id-number", number, "--birth-date", "1980-01-06",
    )  # fmt: skip
    assert "--id-number" in result.stderr or "--birth-date" in result.stderr
    assert ledger.count("person") == 0
    ledger.add("张伟", "--id-number", number, "--birth-date", "1980/01/05")


def test_id_number_gender_digit_must_match_gender(ledger: Cli, idn: Any) -> None:
    male = idn(date(1980, 1, 5), 1, "male")
    female = idn(date(1980, 1, 5), 2, "female")
    result = ledger.refused(
        "member", "add", "王芳", "--gender", "女", "--stage", "full", "--id-number", male
    )
    assert "--id-number" in result.stderr or "--gender" in result.stderr
    ledger.refused(
        "member", "add", "王强", "--gender", "male", "--stage", "full", "--id-number", female
    )
    assert ledger.count("person") == 0


def test_duplicate_id_number_is_refused(ledger: Cli, idn: Any) -> None:
    number = idn()
    ledger.add("张伟", "--id-number", number)
    result = ledger.refused(
        "member", "add", "张伟伟", "--gender", "男", "--stage", "full", "--id-number", number
    )
    assert "--id-number" in result.stderr
    assert ledger.count("person") == 1


def test_duplicate_id_number_differing_only_in_case_is_refused(
    ledger: Cli, id_ending_in_x: Any
) -> None:
    number = id_ending_in_x("male")
    ledger.add("张伟", "--id-number", number)
    ledger.refused(
        "member", "add", "张三", "--gender", "男", "--stage", "full", "--id-number", number.lower()
    )
    assert ledger.count("person") == 1


def test_impossible_date_is_refused(ledger: Cli) -> None:
    result = ledger.refused(
        "member", "add", "张伟", "--gender", "男", "--stage", "full", "--admitted-on", "2026-02-30"
    )
    assert "--admitted-on" in result.stderr
    assert ledger.count("person") == 0


def test_full_on_before_admitted_on_is_refused(ledger: Cli) -> None:
    result = ledger.refused(
        "member", "add", "张伟", "--gender", "男", "--stage", "full",
        "--admitted-on", "2010-07-01", "--full-on", "2010-06-30",
    )  # fmt: skip
    assert "--full-on" in result.stderr
    assert ledger.count("person") == 0


def test_probationary_member_has_no_full_on(ledger: Cli) -> None:
    result = ledger.refused(
        "member", "add", "张伟", "--gender", "男", "--stage", "probationary",
        "--admitted-on", "2026-01-01", "--full-on", "2026-06-01",
    )  # fmt: skip
    assert "--full-on" in result.stderr


def test_admission_under_eighteen_is_refused(ledger: Cli) -> None:
    result = ledger.refused(
        "member", "add", "张伟", "--gender", "男", "--stage", "probationary",
        "--birth-date", "2010-01-01", "--admitted-on", "2026-01-01",
    )  # fmt: skip
    assert "--admitted-on" in result.stderr


@pytest.mark.parametrize(
    "option,value",
    [
        ("--stage", "member"),
        ("--stage", "applicant"),  # applicants come in through `dev apply`
        ("--stage", "入党积极分子"),
        ("--gender", "x"),
        ("--category", "astronaut"),
    ],
)
def test_unknown_codes_exit_1_not_2(ledger: Cli, option: str, value: str) -> None:
    args = {"--gender": "男", "--stage": "full"} | {option: value}
    flat = [x for pair in args.items() for x in pair]
    result = ledger.refused("member", "add", "张伟", *flat)
    assert option in result.stderr
    assert ledger.count("person") == 0


def test_missing_gender_or_stage_is_refused(ledger: Cli) -> None:
    result = ledger("member", "add", "张伟", "--stage", "full")
    assert result.exit_code in (1, 2)
    assert "--gender" in result.stderr
    result = ledger("member", "add", "张伟", "--gender", "男")
    assert result.exit_code in (1, 2)
    assert "--stage" in result.stderr
    assert ledger.count("person") == 0


@pytest.mark.parametrize(
    "option,typed,field,code",
    [
        ("--gender", "男", "gender", "male"),
        ("--gender", "女", "gender", "female"),
        ("--gender", "female", "gender", "female"),
        ("--stage", "正式党员", "stage", "full"),
        ("--stage", "预备党员", "stage", "probationary"),
        ("--stage", "probationary", "stage", "probationary"),
        ("--category", "在职", "category", "in_service"),
        ("--category", "离退休", "category", "retired"),
        ("--category", "退休", "category", "retired"),
        ("--category", "farmer", "category", "farmer"),
    ],
)
def test_chinese_and_english_codes_are_accepted(
    ledger: Cli, option: str, typed: str, field: str, code: str
) -> None:
    args = {"--gender": "男", "--stage": "full"} | {option: typed}
    flat = [x for pair in args.items() for x in pair]
    pid = int(ledger.ok("member", "add", "张伟", *flat).stdout)
    assert ledger.member(pid)[field] == code
    plain = ledger.ok("--lang", "en", "member", "list", "-f", "json").stdout
    assert json.loads(plain)[0][field] == code


def test_default_category_is_in_service(ledger: Cli) -> None:
    pid = ledger.add("张伟")
    assert ledger.member(pid)["category"] == "in_service"


# --- references ----------------------------------------------------------------------------


def test_ambiguous_name_lists_every_candidate(ledger: Cli) -> None:
    a = ledger.add("王芳", "--birth-date", "1980-01-05", gender="女")
    b = ledger.add("王芳", "--birth-date", "1990-09-09", gender="女")
    result = ledger.refused("member", "show", "王芳")
    line = result.stderr
    assert str(a) in line and str(b) in line
    assert "1980-01-05" in line and "1990-09-09" in line
    assert ledger.member(a)["birth_date"] == "1980-01-05"
    assert ledger.member(b)["birth_date"] == "1990-09-09"


def test_ambiguous_name_is_refused_by_writers_too(ledger: Cli) -> None:
    # namesakes, told apart by their birth dates (the same name and date is one person)
    ledger.add("王芳", "--birth-date", "1980-01-01", gender="女")
    ledger.add("王芳", "--birth-date", "1981-01-01", gender="女")
    result = ledger.refused("member", "edit", "王芳", "--phone", "13800000000")
    assert "王芳" in result.stderr
    ledger.refused("member", "leave", "王芳", "--reason", "deceased", "--on", "2026-01-01")


def test_show_by_name_and_by_id(ledger: Cli) -> None:
    pid = ledger.add("张伟", "--admitted-on", "2010-07-01", "--full-on", "2011-07-01")
    by_name = ledger.member("张伟")
    by_id = ledger.member(str(pid))
    assert by_name == by_id
    assert by_id["id"] == pid
    assert CONTRACT_KEYS <= by_id.keys()
    stages = [(e["date"], e["code"]) for e in by_id["timeline"] if e["kind"] == "stage"]
    assert stages == [("2010-07-01", "probationary"), ("2011-07-01", "full")]


@pytest.mark.parametrize("ref", ["99", "无此人"])
def test_unknown_reference_is_refused(ledger: Cli, ref: str) -> None:
    ledger.add("张伟")
    result = ledger.refused("member", "show", ref)
    assert "REF" in result.stderr


# --- member edit -----------------------------------------------------------------------------


def test_edit_phone_keeps_before_and_after(ledger: Cli) -> None:
    pid = ledger.add("张伟", "--phone", "13811112222")
    ledger.ok("member", "edit", "张伟", "--phone", "13933334444")
    assert ledger.member(pid, "--reveal")["phone"] == "13933334444"
    edits = ledger.audit("member.edit")
    assert len(edits) == 1
    assert edits[0]["row_id"] == pid
    assert edits[0]["before"]["phone"] == "13811112222"
    assert edits[0]["after"]["phone"] == "13933334444"


def test_edit_moves_to_another_group(ledger: Cli) -> None:
    ledger.ok("group", "add", "第一党小组")
    ledger.ok("group", "add", "第二党小组")
    pid = ledger.add("张伟", "--group", "第一党小组")
    ledger.ok("member", "edit", str(pid), "--group", "第二党小组", "--on", "2026-06-01")
    assert ledger.member(pid)["group"] == "第二党小组"
    assert ledger.members("--as-of", "2026-05-31")[0]["group"] == "第一党小组"
    assert ledger.members("--as-of", "2026-06-01")[0]["group"] == "第二党小组"
    assert [m["id"] for m in ledger.members("--group", "第二党小组")] == [pid]
    assert ledger.members("--group", "第一党小组") == []
    counts = {g["name"]: g["members"] for g in ledger.json("group", "list")}
    assert counts == {"第一党小组": 0, "第二党小组": 1}
    left = ledger.audit("group.leave")
    joined = ledger.audit("group.join")
    assert len(left) == 1 and len(joined) == 1
    assert left[0]["before"]["to_on"] is None
    assert left[0]["after"]["to_on"] == "2026-06-01"
    assert joined[0]["after"]["from_on"] == "2026-06-01"


def test_edit_category_with_chinese_label(ledger: Cli) -> None:
    pid = ledger.add("张伟")
    ledger.ok("member", "edit", str(pid), "--category", "离退休")
    assert ledger.member(pid)["category"] == "retired"


def test_edit_with_nothing_to_change_is_refused(ledger: Cli) -> None:
    ledger.add("张伟")
    ledger.refused("member", "edit", "张伟")


@pytest.mark.parametrize(
    "args",
    [
        ["--phone", "call me"],
        ["--group", "无此小组"],
        ["--category", "astronaut"],
        ["--full-on", "2009-01-01"],
        ["--admitted-on", "2012-01-01"],
        ["--birth-date", "2026-02-30"],
        ["--gender", "女"],  # the stored ID number says male
    ],
)
def test_bad_edits_are_refused(ledger: Cli, idn: Any, args: list[str]) -> None:
    ledger.add(
        "张伟",
        "--id-number",
        idn(date(1980, 1, 5), 1, "male"),
        "--admitted-on",
        "2010-07-01",
        "--full-on",
        "2011-07-01",
    )
    ledger.refused("member", "edit", "张伟", *args)


def test_edit_to_another_persons_id_number_is_refused(ledger: Cli, idn: Any) -> None:
    taken = idn(date(1980, 1, 5), 1, "male")
    ledger.add("张伟", "--id-number", taken)
    ledger.add("李强")
    result = ledger.refused("member", "edit", "李强", "--id-number", taken)
    assert "--id-number" in result.stderr
    assert taken not in result.stderr  # never print a full ID number without --reveal


def test_edit_records_the_command_line(ledger: Cli) -> None:
    """The audit trail keeps the command (run as a real process so argv is real)."""
    ledger.add("张伟", "--phone", "13811112222")
    out = subprocess.run(
        [sys.executable, "-m", "dangwu", "--db", str(ledger.db),
         "member", "edit", "张伟", "--phone", "13933334444"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    (entry,) = ledger.audit("member.edit")
    assert "member edit" in entry["command"] and "--phone" in entry["command"]
    assert entry["before"]["phone"] == "13811112222"
    assert entry["after"]["phone"] == "13933334444"


# --- transfers and departures ------------------------------------------------------------


def test_transfer_in(ledger: Cli) -> None:
    out = ledger.ok(
        "member", "transfer-in", "陈静", "--from", "某市财政局机关党支部",
        "--on", "2026-03-01", "--letter", "转字〔2026〕第3号",
        "--gender", "女", "--stage", "full", "--admitted-on", "2015-07-01",
        "--full-on", "2016-07-01",
    )  # fmt: skip
    pid = int(out.stdout.strip())
    rec = ledger.member(pid)
    assert rec["stage"] == "full" and rec["active"] is True
    assert rec["admitted_on"] == "2015-07-01"
    joined = [e for e in rec["timeline"] if e["kind"] == "joined"]
    assert len(joined) == 1
    assert joined[0]["date"] == "2026-03-01"
    assert joined[0]["code"] == "transfer_in"
    assert "某市财政局机关党支部" in (joined[0]["detail"] or "")
    assert ledger.members("--as-of", "2026-02-28") == []
    assert [m["id"] for m in ledger.members("--as-of", "2026-03-01")] == [pid]
    entries = ledger.audit("member.transfer_in")
    assert len(entries) == 1 and entries[0]["row_id"] == pid


def test_transfer_in_is_validated_like_add(ledger: Cli) -> None:
    base = ["member", "transfer-in", "陈静", "--from", "某支部", "--gender", "女"]
    ledger.refused(*base, "--stage", "full", "--on", "2026-02-30")
    ledger.refused(*base, "--stage", "bogus", "--on", "2026-03-01")
    ledger.refused(
        *base, "--stage", "full", "--on", "2026-03-01", "--admitted-on", "2026-05-01"
    )  # joined the branch before the Party
    ledger.refused(*base, "--stage", "full", "--on", (date.today() + timedelta(1)).isoformat())
    ledger.refused(
        "member", "transfer-in", "陈静", "--from", " ", "--on", "2026-03-01",
        "--gender", "女", "--stage", "full",
    )  # fmt: skip
    assert ledger.count("person") == 0


def test_transfer_out_hides_from_the_roster(ledger: Cli) -> None:
    keep = ledger.add("李强")
    pid = ledger.add("张伟", "--admitted-on", "2010-07-01", "--full-on", "2011-07-01")
    ledger.ok(
        "member", "transfer-out", "张伟", "--to", "某区委组织部",
        "--on", "2026-04-10", "--letter", "转字〔2026〕第12号",
    )  # fmt: skip
    assert [m["id"] for m in ledger.members()] == [keep]
    everyone = {m["id"]: m for m in ledger.members("--all")}
    assert set(everyone) == {keep, pid}
    assert everyone[pid]["active"] is False
    assert everyone[keep]["active"] is True
    assert everyone[pid]["left_on"] == "2026-04-10"
    assert everyone[pid]["left_reason"] == "transferred_out"
    # still on the roster before the day they left
    assert pid in [m["id"] for m in ledger.members("--as-of", "2026-04-09")]
    assert ledger.members("--all", "--as-of", "2026-04-09")[1]["active"] is True
    assert ledger.member(pid)["active"] is False
    entries = ledger.audit("member.transfer_out")
    assert len(entries) == 1
    assert entries[0]["before"]["left_on"] is None
    assert entries[0]["after"]["left_on"] == "2026-04-10"
    assert entries[0]["after"]["left_org"] == "某区委组织部"


def test_transfer_out_refusals(ledger: Cli) -> None:
    ledger.add("张伟", "--admitted-on", "2010-07-01", "--full-on", "2011-07-01")
    ledger.refused("member", "transfer-out", "张伟", "--to", "某支部", "--on", "2009-01-01")
    ledger.refused("member", "transfer-out", "张伟", "--to", "某支部", "--on", "2026-02-30")
    ledger.refused("member", "transfer-out", "张伟", "--to", " ", "--on", "2026-01-01")
    ledger.refused(
        "member", "transfer-out", "张伟", "--to", "某支部", "--on", "2026-01-01", "--force"
    )  # --force needs --reason
    ledger.ok("member", "transfer-out", "张伟", "--to", "某支部", "--on", "2026-01-01")
    ledger.refused("member", "transfer-out", "张伟", "--to", "某支部", "--on", "2026-02-01")


@pytest.mark.parametrize(
    "typed,code",
    [("deceased", "deceased"), ("去世", "deceased"), ("开除党籍", "expelled"), ("lapsed", "lapsed")],
)  # fmt: skip
def test_leave(ledger: Cli, typed: str, code: str) -> None:
    ledger.ok("group", "add", "第一党小组")
    pid = ledger.add("张伟", "--group", "第一党小组")
    ledger.ok("member", "leave", str(pid), "--reason", typed, "--on", "2025-09-14")
    assert ledger.members() == []
    rec = ledger.members("--all")[0]
    assert rec["active"] is False
    assert rec["left_reason"] == code
    assert rec["left_on"] == "2025-09-14"
    assert ledger.json("group", "list")[0]["members"] == 0
    entries = ledger.audit("member.leave")
    assert len(entries) == 1
    assert entries[0]["before"]["left_reason"] is None
    assert entries[0]["after"]["left_reason"] == code


@pytest.mark.parametrize("reason", ["transferred_out", "retired", "moved"])
def test_leave_with_an_unknown_reason_is_refused(ledger: Cli, reason: str) -> None:
    ledger.add("张伟")
    result = ledger.refused("member", "leave", "张伟", "--reason", reason, "--on", "2025-09-14")
    assert "--reason" in result.stderr


def test_leave_twice_is_refused(ledger: Cli) -> None:
    ledger.add("张伟")
    ledger.ok("member", "leave", "张伟", "--reason", "deceased", "--on", "2025-09-14")
    ledger.refused("member", "leave", "张伟", "--reason", "deceased", "--on", "2025-09-15")


def test_leave_before_joining_is_refused(ledger: Cli) -> None:
    ledger.add("张伟", "--admitted-on", "2010-07-01")
    result = ledger.refused("member", "leave", "张伟", "--reason", "withdrew", "--on", "2009-12-31")
    assert "--on" in result.stderr


# --- joined-on and the roster on a date ---------------------------------------------------------


def test_joined_on_sets_when_they_count_as_members(ledger: Cli) -> None:
    pid = ledger.add(
        "张伟",
        "--admitted-on",
        "2000-07-01",
        "--full-on",
        "2001-07-01",
        "--joined-on",
        "2026-03-01",
    )
    assert ledger.members("--as-of", "2026-02-28") == []
    assert [m["id"] for m in ledger.members("--as-of", "2026-03-01")] == [pid]
    assert ledger.member(pid)["joined_on"] == "2026-03-01"


def test_joined_on_defaults_to_admitted_on(ledger: Cli) -> None:
    pid = ledger.add("张伟", "--admitted-on", "2025-01-10", stage="probationary")
    assert ledger.members("--as-of", "2025-01-09") == []
    assert [m["id"] for m in ledger.members("--as-of", "2025-01-10")] == [pid]


def test_without_dates_a_member_counts_on_every_date(ledger: Cli) -> None:
    pid = ledger.add("张伟")
    assert [m["id"] for m in ledger.members("--as-of", "1950-01-01")] == [pid]


def test_joined_on_before_admission_is_refused(ledger: Cli) -> None:
    result = ledger.refused(
        "member", "add", "张伟", "--gender", "男", "--stage", "full",
        "--admitted-on", "2010-07-01", "--joined-on", "2009-01-01",
    )  # fmt: skip
    assert "--joined-on" in result.stderr


@pytest.fixture
def roster(snapshot: Any) -> Cli:
    return snapshot("members-roster", _build_roster)


def _build_roster(cli: Cli) -> None:
    cli.ok("init", "--branch", "测试支部")
    cli.ok("group", "add", "第一党小组")
    cli.ok("group", "add", "第二党小组")
    cli.add(
        "张伟", "--group", "第一党小组", "--admitted-on", "2003-05-10", "--full-on", "2004-05-10"
    )
    cli.add("李娜", "--group", "第二党小组", "--admitted-on", "2025-01-01", "--full-on", "2026-01-01",
            gender="女")  # fmt: skip
    cli.add("王强", "--group", "第一党小组", "--admitted-on", "2026-05-01", stage="预备党员")


def test_list_by_stage(roster: Cli) -> None:
    assert [m["name"] for m in roster.members("--stage", "full")] == ["张伟", "李娜"]
    assert [m["name"] for m in roster.members("--stage", "probationary")] == ["王强"]
    assert [m["name"] for m in roster.members("--stage", "预备党员")] == ["王强"]
    roster.refused("member", "list", "--stage", "bogus")


def test_list_by_group(roster: Cli) -> None:
    assert [m["name"] for m in roster.members("--group", "第一党小组")] == ["张伟", "王强"]
    assert [m["name"] for m in roster.members("--group", "第二党小组")] == ["李娜"]
    roster.refused("member", "list", "--group", "第九党小组")


def test_list_as_of_shows_the_stage_on_that_day(roster: Cli) -> None:
    then = {m["name"]: m["stage"] for m in roster.members("--as-of", "2025-06-01")}
    assert then == {"张伟": "full", "李娜": "probationary"}
    assert [m["name"] for m in roster.members("--as-of", "2025-06-01", "--stage", "full")] == [
        "张伟"
    ]
    now = {m["name"]: m["stage"] for m in roster.members()}
    assert now == {"张伟": "full", "李娜": "full", "王强": "probationary"}


def test_list_is_oldest_record_first(roster: Cli) -> None:
    ids = [m["id"] for m in roster.members()]
    assert ids == sorted(ids)


def test_list_in_english_plain(roster: Cli) -> None:
    out = roster.ok("--lang", "en", "member", "list", "-f", "plain").stdout
    assert "probationary member" in out
    assert "预备党员" not in out


def test_edit_admission_date_of_a_member_entered_without_it(ledger: Cli) -> None:
    pid = ledger.add("张伟", "--full-on", "2004-05-10")
    ledger.ok("member", "edit", str(pid), "--admitted-on", "2003-05-10")
    rec = ledger.member(pid)
    assert (rec["stage"], rec["admitted_on"], rec["full_on"]) == (
        "full",
        "2003-05-10",
        "2004-05-10",
    )
    stages = [(e["date"], e["code"]) for e in rec["timeline"] if e["kind"] == "stage"]
    assert stages == [("2003-05-10", "probationary"), ("2004-05-10", "full")]
    assert ledger.ok("db", "check", "--exit-code").exit_code == 0
