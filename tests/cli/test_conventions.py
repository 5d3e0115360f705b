"""The conventions that hold for every command (CLI.md): ledger path, language, output
formats, version, exit codes, masking, file modes, dates, and the `db` commands."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import stat
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import typer

if TYPE_CHECKING:
    from conftest import Cli

BRANCH = "测试支部"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- version and the lean start ----------------------------------------------------------


def test_version_prints_name_and_version(run: Cli) -> None:
    result = run("--version", db=False)
    assert result.exit_code == 0
    assert result.stdout == "dangwu 0.1.0\n"


def test_version_needs_no_ledger(run: Cli) -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == "dangwu 0.1.0"
    assert not run.db.exists()


def test_python_dash_m_dangwu_runs(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "dangwu", "--version"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "dangwu 0.1.0"


LEAN_CHECK = """
import sys
from typer.testing import CliRunner
from dangwu.cli.app import app
result = CliRunner().invoke(app, {args!r})
assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
print('sqlmodel' in sys.modules, 'sqlalchemy' in sys.modules)
"""


@pytest.mark.parametrize(
    "args",
    [["--help"], ["--version"], ["member", "--help"], ["member", "add", "--help"]],
    ids=["help", "version", "member-help", "member-add-help"],
)
def test_help_and_version_do_not_import_the_database_layer(args: list[str], tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-c", LEAN_CHECK.format(args=args)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "False"], "--help/--version imported SQLModel/SQLAlchemy"


# --- where the ledger is ---------------------------------------------------------------


@pytest.mark.sqlite_only  # which file --db/DANGWU_DB names
def test_db_option_chooses_the_file(run: Cli, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere" / "branch.db"
    run.ok("init", "--branch", BRANCH, db=target)
    assert target.is_file()
    assert not run.db.exists()
    assert run.json("db", "info", db=target)["path"] == str(target)


@pytest.mark.sqlite_only  # which file --db/DANGWU_DB names
def test_dangwu_db_environment_variable(run: Cli, tmp_path: Path, cli_at: Any) -> None:
    target = tmp_path / "from-env.db"
    env = {"DANGWU_DB": str(target)}
    run.ok("init", "--branch", BRANCH, db=False, env=env)
    assert target.is_file()
    result = run.ok("member", "add", "张伟", "--gender", "男", "--stage", "full", db=False, env=env)
    assert result.stdout.strip() == "1"
    other = cli_at(target)
    assert [m["name"] for m in other.members()] == ["张伟"]


@pytest.mark.sqlite_only
def test_db_option_wins_over_environment(run: Cli, tmp_path: Path) -> None:
    env_target = tmp_path / "env.db"
    run.ok("init", "--branch", BRANCH, env={"DANGWU_DB": str(env_target)})
    assert run.db.is_file()
    assert not env_target.exists()


@pytest.mark.sqlite_only  # which file --db/DANGWU_DB names
def test_default_path_is_the_user_app_dir(run: Cli, tmp_path: Path) -> None:
    # the autouse fixture points XDG_CONFIG_HOME into tmp_path
    expected = Path(typer.get_app_dir("dangwu")) / "dangwu.db"
    assert str(expected).startswith(str(tmp_path))
    run.ok("init", "--branch", BRANCH, db=False)
    assert expected.is_file()
    assert mode(expected) == 0o600
    result = run.ok("member", "list", "-f", "json", db=False)
    assert json.loads(result.stdout) == []


MISSING_LEDGER_COMMANDS = [
    ["member", "list"],
    ["member", "add", "张伟", "--gender", "男", "--stage", "full"],
    ["member", "show", "1"],
    ["member", "edit", "1", "--phone", "13800000000"],
    ["member", "leave", "1", "--reason", "deceased", "--on", "2026-01-01"],
    ["member", "transfer-out", "1", "--to", "某支部", "--on", "2026-01-01"],
    [
        "member",
        "transfer-in",
        "张伟",
        "--from",
        "某支部",
        "--on",
        "2026-01-01",
        "--gender",
        "男",
        "--stage",
        "full",
    ],
    ["member", "export", "{tmp}/out.csv"],
    ["member", "import", "{tmp}/in.csv"],
    ["group", "add", "第一党小组"],
    ["group", "list"],
    ["committee", "list"],
    ["committee", "set", "1", "secretary", "--from", "2024-01-01"],
    ["committee", "end", "1", "secretary", "--on", "2024-01-01"],
    ["db", "info"],
    ["db", "check"],
    ["db", "backup", "{tmp}/copy.db"],
    ["db", "upgrade"],
]


@pytest.mark.parametrize(
    "args", MISSING_LEDGER_COMMANDS, ids=[" ".join(a[:2]) for a in MISSING_LEDGER_COMMANDS]
)
def test_missing_ledger_exits_1_and_creates_nothing(
    args: list[str], run: Cli, tmp_path: Path
) -> None:
    (tmp_path / "in.csv").write_text("姓名,性别,人员类别\n张伟,男,正式党员\n", encoding="utf-8")
    folder = tmp_path / "no-such-folder"
    target = folder / "ledger.db"
    before = sorted(p.name for p in tmp_path.iterdir())
    result = run(*[a.replace("{tmp}", str(tmp_path)) for a in args], db=target)
    assert result.exit_code == 1, result.stdout + result.stderr
    assert "dangwu init" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not folder.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == before


@pytest.mark.sqlite_only  # which file --db/DANGWU_DB names
def test_missing_ledger_from_environment(run: Cli, tmp_path: Path) -> None:
    target = tmp_path / "missing.db"
    result = run("member", "list", db=False, env={"DANGWU_DB": str(target)})
    assert result.exit_code == 1
    assert "dangwu init" in result.stderr
    assert not target.exists()


def test_missing_ledger_in_english(run: Cli) -> None:
    result = run("--lang", "en", "group", "list")
    assert result.exit_code == 1
    assert result.stderr.startswith("error:")
    assert "dangwu init" in result.stderr
    assert not run.db.exists()


# --- init and demo create; nothing else does ------------------------------------------------


@pytest.mark.sqlite_only
def test_init_creates_a_private_ledger(run: Cli) -> None:
    result = run.ok("init", "--branch", BRANCH, "--higher-org", "某机关党委")
    assert run.db.is_file()
    assert mode(run.db) == 0o600
    assert str(run.db) in result.stdout
    info = run.json("db", "info")
    assert info["branch"] == BRANCH
    assert info["higher_org"] == "某机关党委"


def test_ledger_stays_private_after_writes(run: Cli) -> None:
    ledger = run
    ledger.ok("init", "--branch", BRANCH)
    ledger.add("张伟")
    ledger.ok("group", "add", "第一党小组")
    for suffix in ("", "-wal", "-shm"):
        path = Path(f"{ledger.db}{suffix}")
        if path.exists():
            assert mode(path) == 0o600, path


@pytest.mark.sqlite_only  # which file --db/DANGWU_DB names
def test_init_creates_missing_parent_folders(run: Cli, tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "ledger.db"
    run.ok("init", "--branch", BRANCH, db=target)
    assert target.is_file()
    assert mode(target) == 0o600


@pytest.mark.sqlite_only
def test_init_refuses_an_existing_ledger_and_leaves_it_untouched(ledger: Cli) -> None:
    ledger.add("张伟")
    dump = ledger.settle()
    before = ledger.db.read_bytes()
    result = ledger("init", "--branch", "另一个支部")
    assert result.exit_code == 1
    assert str(ledger.db) in result.stderr
    assert ledger.db.read_bytes() == before
    assert ledger.dump() == dump
    assert ledger.json("db", "info")["branch"] == BRANCH


@pytest.mark.sqlite_only
def test_init_refuses_any_existing_file(run: Cli) -> None:
    run.db.write_text("not a ledger, but somebody's file\n", encoding="utf-8")
    os.chmod(run.db, 0o644)
    result = run("init", "--branch", BRANCH)
    assert result.exit_code == 1
    assert run.db.read_text(encoding="utf-8") == "not a ledger, but somebody's file\n"
    assert mode(run.db) == 0o644
    assert not Path(f"{run.db}-wal").exists()


@pytest.mark.parametrize("branch", ["", "   ", "a\x07b"])
def test_init_refuses_a_bad_branch_name_and_creates_nothing(run: Cli, branch: str) -> None:
    result = run("init", "--branch", branch)
    assert result.exit_code == 1
    assert "--branch" in result.stderr
    assert not run.db.exists()


@pytest.mark.sqlite_only
def test_demo_builds_a_private_ledger(run: Cli) -> None:
    result = run.ok("demo")
    assert mode(run.db) == 0o600
    assert str(run.db) in result.stdout
    assert "王建国" in result.stdout  # the committee in the summary
    active = run.members()
    everyone = run.members("--all")
    assert len(active) == 30  # 26 members and 4 people in development
    assert len(everyone) == 32
    assert all(m["active"] for m in active)
    assert sum(not m["active"] for m in everyone) == 2
    secretary = [r for r in run.json("committee", "list") if r["role"] == "secretary"]
    assert [r["name"] for r in secretary] == ["王建国"]
    assert run.ok("db", "check", "--exit-code").exit_code == 0


@pytest.mark.sqlite_only
def test_demo_refuses_to_overwrite_a_ledger(ledger: Cli) -> None:
    ledger.add("张伟")
    dump = ledger.settle()
    before = ledger.db.read_bytes()
    result = ledger("demo")
    assert result.exit_code == 1
    assert str(ledger.db) in result.stderr
    assert ledger.db.read_bytes() == before
    assert ledger.dump() == dump
    assert [m["name"] for m in ledger.members()] == ["张伟"]


@pytest.mark.sqlite_only
def test_demo_refuses_to_overwrite_any_file(run: Cli) -> None:
    run.db.write_bytes(b"precious")
    result = run("demo")
    assert result.exit_code == 1
    assert run.db.read_bytes() == b"precious"


# --- language ----------------------------------------------------------------------------


def test_lang_changes_labels_not_json(demo_ledger: Cli) -> None:
    zh = demo_ledger.ok("member", "list", "-f", "plain").stdout
    en = demo_ledger.ok("--lang", "en", "member", "list", "-f", "plain").stdout
    assert "姓名" in zh and "正式党员" in zh
    assert "姓名" not in en and "正式党员" not in en
    assert "name" in en and "full member" in en
    json_zh = demo_ledger.ok("member", "list", "-f", "json").stdout
    json_en = demo_ledger.ok("--lang", "en", "member", "list", "-f", "json").stdout
    assert json_zh == json_en
    assert json.loads(json_en)[0]["stage"] in ("full", "probationary")


def test_lang_does_not_change_csv_columns(demo_ledger: Cli) -> None:
    zh = demo_ledger.ok("member", "list", "-f", "csv").stdout
    en = demo_ledger.ok("--lang", "en", "member", "list", "-f", "csv").stdout
    assert zh == en


def test_lang_from_environment(demo_ledger: Cli) -> None:
    en = demo_ledger.ok("member", "list", "-f", "plain", env={"DANGWU_LANG": "en"}).stdout
    assert "full member" in en and "姓名" not in en
    # the option wins over the environment
    zh = demo_ledger.ok(
        "--lang", "zh", "member", "list", "-f", "plain", env={"DANGWU_LANG": "en"}
    ).stdout
    assert "姓名" in zh


def test_lang_changes_error_messages(ledger: Cli) -> None:
    zh = ledger.refused("member", "show", "99")
    en = ledger.refused("--lang", "en", "member", "show", "99")
    assert zh.stderr.startswith("错误")
    assert en.stderr.startswith("error:")
    assert en.stderr.isascii()
    assert "REF" in zh.stderr and "REF" in en.stderr


def test_unknown_language_is_refused(ledger: Cli) -> None:
    result = ledger.refused("--lang", "fr", "member", "list")
    assert "--lang" in result.stderr


# --- output formats ----------------------------------------------------------------------


def test_json_is_one_utf8_document(demo_ledger: Cli) -> None:
    out = demo_ledger.ok("member", "list", "--format", "json").stdout
    data = json.loads(out)
    assert isinstance(data, list) and len(data) == 30
    assert "王建国" in out  # ensure_ascii=False
    assert "\\u" not in out
    required = {
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
    for rec in data:
        assert required <= rec.keys()
        assert rec["gender"] in ("male", "female")
        assert rec["stage"] in ("applicant", "activist", "candidate", "probationary", "full")
        date.fromisoformat(rec["birth_date"])


def test_csv_has_code_columns_and_the_same_records(demo_ledger: Cli) -> None:
    data = demo_ledger.members()
    out = demo_ledger.ok("member", "list", "-f", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [int(r["id"]) for r in rows] == [m["id"] for m in data]
    assert {"id", "name", "gender", "stage", "group", "phone", "id_number"} <= rows[0].keys()
    for row, rec in zip(rows, data, strict=True):
        assert row["name"] == rec["name"]
        assert row["stage"] == rec["stage"]
        assert row["gender"] == rec["gender"]
        assert (row["id_number"] or None) == rec["id_number"]


def test_plain_is_the_default_in_a_pipe(demo_ledger: Cli) -> None:
    plain = demo_ledger.ok("member", "list", "-f", "plain").stdout
    default = demo_ledger.ok("member", "list").stdout
    assert plain == default
    lines = plain.splitlines()
    assert "姓名" in lines[0]
    assert any("王建国" in line for line in lines)


def test_unknown_format_is_refused(demo_ledger: Cli) -> None:
    result = demo_ledger.refused("member", "list", "-f", "xml")
    assert "--format" in result.stderr
    assert result.stdout == ""


# --- exit codes --------------------------------------------------------------------------


def test_unknown_option_is_a_usage_error(ledger: Cli) -> None:
    result = ledger("member", "list", "--no-such-option")
    assert result.exit_code == 2


def test_missing_argument_is_a_usage_error(ledger: Cli) -> None:
    assert ledger("member", "show").exit_code == 2


def test_unknown_command_is_a_usage_error(ledger: Cli) -> None:
    assert ledger("member", "frobnicate").exit_code == 2


@pytest.mark.parametrize(
    "args",
    [
        ["member", "list", "--as-of", "tomorrow"],
        ["member", "list", "--stage", "nonsense"],
        ["member", "list", "--group", "无此小组"],
        ["member", "show", "nobody"],
        ["committee", "list", "--as-of", "2026-13-01"],
    ],
)
def test_values_dangwu_parses_are_refused_with_1(ledger: Cli, args: list[str]) -> None:
    result = ledger.refused(*args)
    assert len(result.stderr.strip().splitlines()) == 1


# --- sensitive data ----------------------------------------------------------------------


@pytest.fixture
def masked_person(ledger: Cli, id_ending_in_x: Any) -> tuple[Cli, str]:
    number = id_ending_in_x("male")
    ledger.add("张伟", "--id-number", number, "--phone", "13812345678")
    return ledger, number


def test_list_masks_id_and_phone(masked_person: tuple[Cli, str]) -> None:
    ledger, number = masked_person
    rec = ledger.members()[0]
    assert rec["id_number"] == number[:6] + "********" + number[14:]
    assert rec["id_number"].endswith("X")
    assert rec["phone"] == "138****5678"
    for fmt in ("plain", "csv"):
        out = ledger.ok("member", "list", "-f", fmt).stdout
        assert number not in out and "13812345678" not in out
        assert "138****5678" in out


def test_show_masks_id_and_phone(masked_person: tuple[Cli, str]) -> None:
    ledger, number = masked_person
    rec = ledger.member("1")
    assert rec["id_number"] == number[:6] + "********" + number[14:]
    assert rec["phone"] == "138****5678"
    plain = ledger.ok("member", "show", "1", "-f", "plain").stdout
    assert number not in plain and "13812345678" not in plain


def test_reveal_shows_id_and_phone(masked_person: tuple[Cli, str]) -> None:
    ledger, number = masked_person
    rec = ledger.members("--reveal")[0]
    assert rec["id_number"] == number
    assert rec["phone"] == "13812345678"
    assert ledger.member("1", "--reveal")["id_number"] == number
    plain = ledger.ok("member", "list", "--reveal", "-f", "plain").stdout
    assert number in plain


def test_messages_do_not_leak_id_numbers(masked_person: tuple[Cli, str]) -> None:
    ledger, number = masked_person
    result = ledger.refused(
        "member", "add", "李四", "--gender", "男", "--stage", "full", "--id-number", number
    )
    assert number not in result.stderr


# --- dates -------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["2026-11-24", "2026/11/24", "20261124", "2026年11月24日"])
def test_every_date_form_is_accepted(ledger: Cli, typed: str) -> None:
    pid = ledger.add("李明", "--admitted-on", typed, stage="probationary")
    rec = ledger.member(pid)
    assert rec["admitted_on"] == "2026-11-24"
    listed = ledger.members("--as-of", typed)
    assert [m["id"] for m in listed] == [pid]
    assert ledger.members("--as-of", "2026-11-23") == []


@pytest.mark.parametrize("typed", ["2026-02-30", "2026/02/30", "20260230", "2026年2月30日"])
def test_impossible_dates_are_refused(ledger: Cli, typed: str) -> None:
    result = ledger.refused(
        "member", "add", "李明", "--gender", "男", "--stage", "probationary", "--admitted-on", typed
    )
    assert "--admitted-on" in result.stderr
    assert ledger.count("person") == 0


@pytest.mark.parametrize("typed", ["24/11/2026", "2026-1124", "yesterday", "2026-11"])
def test_unrecognized_dates_are_refused(ledger: Cli, typed: str) -> None:
    result = ledger.refused(
        "member", "add", "李明", "--gender", "男", "--stage", "full", "--admitted-on", typed
    )
    assert "--admitted-on" in result.stderr


def test_future_dates_are_refused(ledger: Cli) -> None:
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    result = ledger.refused(
        "member",
        "add",
        "李明",
        "--gender",
        "男",
        "--stage",
        "probationary",
        "--admitted-on",
        tomorrow,
    )
    assert "--admitted-on" in result.stderr


# --- db info / backup / check / upgrade ----------------------------------------------------


@pytest.mark.sqlite_only
def test_db_info(ledger: Cli) -> None:
    ledger.add("张伟")
    info = ledger.json("db", "info")
    assert info["revision"] == info["head"]
    assert info["revision"] == ledger.sql("SELECT version_num FROM alembic_version")[0][0]
    assert info["path"] == str(ledger.db)
    assert info["rows"]["person"] == 1
    assert info["branch"] == BRANCH


@pytest.mark.sqlite_only
def test_db_backup_is_a_private_consistent_copy(
    demo_ledger: Cli, tmp_path: Path, cli_at: Any
) -> None:
    target = tmp_path / "backup.db"
    demo_ledger.ok("db", "backup", target)
    assert target.is_file()
    assert mode(target) == 0o600
    con = sqlite3.connect(str(target))
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        names = {r[0] for r in con.execute("SELECT name FROM person")}
    finally:
        con.close()
    assert {m["name"] for m in demo_ledger.members("--all")} == names
    copy = cli_at(target)
    assert copy.members("--all") == demo_ledger.members("--all")


def test_db_backup_never_overwrites(ledger: Cli, tmp_path: Path) -> None:
    target = tmp_path / "backup.db"
    target.write_bytes(b"keep me")
    ledger.refused("db", "backup", target)
    assert target.read_bytes() == b"keep me"


def test_db_backup_into_a_missing_folder_is_refused(ledger: Cli, tmp_path: Path) -> None:
    ledger.refused("db", "backup", tmp_path / "nope" / "backup.db")
    assert not (tmp_path / "nope").exists()


def test_db_check_on_a_healthy_ledger(demo_ledger: Cli) -> None:
    assert demo_ledger.ok("db", "check").exit_code == 0
    assert demo_ledger.ok("db", "check", "--exit-code").exit_code == 0
    report = demo_ledger.json("db", "check")
    assert report["ok"] is True
    assert report["problems"] == []


def test_db_check_finds_stage_dates_out_of_order(ledger: Cli) -> None:
    pid = ledger.add("张伟", "--admitted-on", "2010-07-01", "--full-on", "2011-07-01")
    # a later stage event dated before the earlier ones: written behind dangwu's back
    ledger.execute(
        "INSERT INTO stage_event (person_id, stage, on_date) VALUES (?, 'probationary', ?)",
        (pid, "2000-01-01"),
    )
    without = ledger("db", "check")
    assert without.exit_code == 0  # problems are listed; exit 3 only with --exit-code
    assert without.stdout.strip()
    result = ledger("db", "check", "--exit-code", "-f", "json")
    assert result.exit_code == 3, result.stderr
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert any(p["check"] == "stage_order" for p in report["problems"])


@pytest.mark.sqlite_only
def test_db_check_finds_a_broken_foreign_key(ledger: Cli) -> None:
    ledger.add("张伟")
    ledger.execute("INSERT INTO stage_event (person_id, stage, on_date) VALUES (99, 'full', NULL)")
    result = ledger("db", "check", "--exit-code", "-f", "json")
    assert result.exit_code == 3
    assert json.loads(result.stdout)["problems"]


def test_db_upgrade_on_a_current_ledger(ledger: Cli) -> None:
    dump = ledger.dump()
    result = ledger.ok("db", "upgrade")
    assert result.stdout.strip()
    assert ledger.dump() == dump


@pytest.mark.sqlite_only
def test_a_file_that_is_not_a_ledger_is_refused(run: Cli) -> None:
    run.db.write_text("hello", encoding="utf-8")
    result = run("member", "list")
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert run.db.read_text(encoding="utf-8") == "hello"


# --- unusual but legal ledger paths ---------------------------------------------------------


@pytest.mark.sqlite_only  # a ledger file's path
@pytest.mark.parametrize("folder", ["党务 资料", "C#", "why?", "100%25"])
def test_ledger_paths_with_unusual_characters(run: Cli, tmp_path: Path, folder: str) -> None:
    target = tmp_path / folder / "ledger.db"
    run.ok("init", "--branch", BRANCH, db=target)
    assert target.is_file() and target.stat().st_size > 0
    assert mode(target) == 0o600
    run.ok("member", "add", "张伟", "--gender", "男", "--stage", "full", db=target)
    result = run.ok("member", "list", "-f", "json", db=target)
    assert [m["name"] for m in json.loads(result.stdout)] == ["张伟"]
    # nothing was written anywhere else
    assert [p.name for p in tmp_path.iterdir()] == [folder]


@pytest.mark.sqlite_only  # which file --db/DANGWU_DB names
def test_a_folder_is_not_a_ledger(run: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    for args in (["member", "list"], ["init", "--branch", BRANCH], ["demo"]):
        result = run(*args, db=folder)
        assert result.exit_code == 1, args
        assert "Traceback" not in result.stderr
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize(
    "args",
    [["member", "show", "1"], ["db", "info"], ["db", "check"], ["committee", "list"]],
    ids=["member-show", "db-info", "db-check", "committee-list"],
)
def test_json_does_not_change_with_language(demo_ledger: Cli, args: list[str]) -> None:
    zh = demo_ledger.json(*args)
    en = demo_ledger.json("--lang", "en", *args)
    assert zh == en


def test_many_changes_leave_a_sound_ledger(ledger: Cli, idn: Any) -> None:
    """Ordinary use never makes `db check` complain."""
    ledger.ok("group", "add", "第一党小组")
    ledger.ok("group", "add", "第二党小组")
    a = ledger.add("张伟", "--group", "第一党小组", "--admitted-on", "2003-05-10",
                   "--full-on", "2004-05-10", "--id-number", idn())  # fmt: skip
    b = ledger.add("李娜", "--group", "第一党小组", gender="女")
    ledger.add("王强", "--admitted-on", "2026-05-01", stage="probationary")
    ledger.ok("member", "edit", str(a), "--group", "第二党小组", "--on", "2025-01-01")
    ledger.ok("member", "edit", str(b), "--admitted-on", "2001-07-01", "--phone", "13800001111")
    ledger.ok("committee", "set", str(a), "secretary", "--from", "2024-01-05")
    ledger.ok("committee", "end", str(a), "secretary", "--on", "2025-01-05")
    ledger.ok("committee", "set", str(b), "secretary", "--from", "2025-01-05")
    ledger.ok("member", "transfer-out", str(b), "--to", "某支部", "--on", "2026-04-10")
    ledger.ok("member", "leave", "王强", "--reason", "withdrew", "--on", "2026-06-01")
    ledger.ok("member", "transfer-in", "陈静", "--from", "某支部", "--on", "2026-03-01",
              "--gender", "女", "--stage", "full")  # fmt: skip
    report = ledger("db", "check", "--exit-code", "-f", "json")
    assert report.exit_code == 0, report.stdout
    assert json.loads(report.stdout) == {"ok": True, "problems": []}


@pytest.mark.parametrize(
    "typed",
    ["13812345678", "138-1234-5678", "138 1234 5678", "+8613812345678", "+86 138 1234 5678"],
)
def test_phone_is_masked_however_it_was_typed(ledger: Cli, typed: str) -> None:
    """Only the first three and last four digits of a mobile number may show: 138****5678."""
    ledger.add("张伟", "--phone", typed)
    masked = ledger.members()[0]["phone"]
    digits = "".join(ch for ch in masked if ch.isdigit())
    if typed.startswith("+86"):
        digits = digits.removeprefix("86")
    assert digits == "1385678", masked
    assert ledger.members("--reveal")[0]["phone"] in (
        typed,
        typed.replace(" ", "").replace("-", ""),
    )
