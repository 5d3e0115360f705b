"""`dangwu print signin|minutes MEETING_ID -o F` (issue 19; seed 002 (八)④) and the head of
a meeting record kept by `meeting add/edit --place --from-time --to-time --resolution`.

The papers are opened with python-docx / openpyxl and read against the ledger as
`meeting show -f json`, `member list`, `committee list` and SQL give it."""

from __future__ import annotations

import re
import stat
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest

from conftest import Cli

# the demo's 2026 Q4 general meeting: 26 expected, two on leave with reasons, one absent
GENERAL = 151
BRANCH_NAME = "示例机关第一党支部"
# a stored code must never show in a Chinese paper
CODES = re.compile(
    r"\b(general|committee|group|lecture|present|absent|leave|exempt|full|probationary"
    r"|admit|convert|extend|activist|candidate|held|planned|excellent|qualified|basic"
    r"|unqualified|None|True|False)\b"
)


def _docx(path: Path) -> tuple[Any, list[str]]:
    """The document and all its text: paragraphs, then every table cell."""
    d = docx.Document(str(path))
    text = [p.text for p in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            text += [c.text for c in row.cells]
    return d, text


def _rows(table: Any) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def _fields(table: Any) -> dict[str, str]:
    """A head table (label, value, label, value per row; a merged value repeats)."""
    out: dict[str, str] = {}
    for cells in _rows(table):
        for i in range(0, len(cells) - 1, 2):
            out.setdefault(cells[i], cells[i + 1])
    return out


def _expected(run: Cli, meeting_id: int) -> list[dict[str, Any]]:
    """The meeting's people as `meeting show` lists them, exempt left out, in roster order."""
    shown = run.json("meeting", "show", meeting_id)
    return [a for a in shown["attendance"] if a["status"] != "exempt"]


def _reasons(run: Cli, meeting_id: int, status: str) -> list[tuple[str, str | None]]:
    return [
        (name, reason)
        for name, reason in run.sql(
            "SELECT p.name, a.reason FROM meeting_attendance a JOIN person p ON p.id = a.person_id"
            f" WHERE a.meeting_id = {int(meeting_id)} AND a.status = '{status}' ORDER BY p.id"
        )
    ]


def _admit_at_general(run: Cli) -> None:
    """陈晨 admitted and 黄磊 converted at the demo's meeting 151, with their tallies."""
    run.ok(
        "dev", "admit", "陈晨", "--on", "2026-11-18", "--meeting", GENERAL,
        "--for", "20", "--against", "0", "--abstain", "0",
        "--force", "--reason", "测试",
    )  # fmt: skip
    run.ok(
        "dev", "convert", "黄磊", "--on", "2026-11-18", "--meeting", GENERAL,
        "--for", "19", "--against", "1", "--abstain", "0",
        "--force", "--reason", "测试",
    )  # fmt: skip


# -- the sign-in sheet ---------------------------------------------------------------------


def test_signin_lists_everyone_expected_in_roster_order_with_room_to_sign(
    demo_ledger: Cli, tmp_path: Path
) -> None:
    run = demo_ledger
    run.ok("meeting", "edit", GENERAL, "--place", "三楼会议室", "--host", "王建国",
           "--guest", "张三,李四")  # fmt: skip
    out = tmp_path / "签到表.docx"
    said = run.ok("print", "signin", GENERAL, "-o", out).stdout
    assert str(out) in said
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    d, text = _docx(out)
    title = d.paragraphs[0].text
    assert BRANCH_NAME in title and "签到表" in title and "党员大会" in title
    head = _fields(d.tables[0])
    assert head["地点"] == "三楼会议室" and head["主持人"] == "王建国"
    assert head["应到人数"] == "26 人"
    assert "2026年11月18日" in head["时间"]
    grid = d.tables[1]
    header, *body = _rows(grid)
    assert header == ["序号", "姓名", "身份", "签名", "备注"]
    # the header row repeats on every page (w:tblHeader) and the sheet runs over a page
    assert grid.rows[0]._tr.xpath("./w:trPr/w:tblHeader")
    expected = _expected(run, GENERAL)
    assert len(expected) == 26
    members = body[: len(expected)]
    assert [r[1] for r in members] == [a["name"] for a in expected]
    assert [int(r[0]) for r in body] == list(range(1, len(body) + 1))
    assert all(r[3] == "" for r in body)  # the signature column is blank
    # the guests sign after the members
    assert [(r[1], r[2]) for r in body[len(expected) :]] == [("张三", "列席"), ("李四", "列席")]
    # who was on leave or absent, with the reason, in the remarks
    remarks = {r[1]: r[4] for r in members}
    leave = _reasons(run, GENERAL, "leave")
    assert leave
    for name, reason in leave:
        assert remarks[name].startswith("请假") and (reason or "") in remarks[name]
    for name, _ in _reasons(run, GENERAL, "absent"):
        assert remarks[name].startswith("缺席")
    present = {a["name"] for a in expected if a["status"] == "present"}
    assert all(remarks[n] == "" for n in present)
    # full and probationary members told apart, as the ledger has them
    stages = {m["name"]: m["stage"] for m in run.members()}
    for r in members:
        assert r[2] == {"full": "正式党员", "probationary": "预备党员"}[stages[r[1]]]
    assert any("应到 26 人，实到 23 人" in t for t in text)
    assert not [t for t in text if CODES.search(t)]
    # page numbers in the footer
    footer = d.sections[0].footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "NUMPAGES" in footer


def test_a_planned_group_meeting_prints_its_expected_before_it_is_held(
    demo_ledger: Cli, tmp_path: Path
) -> None:
    run = demo_ledger
    added = run.ok(
        "meeting", "add", "group", "--group", "第一党小组", "--on", "2099-01-12", "--planned",
        "--place", "二楼小会议室", "--from-time", "9:00", "--topic", "学习党章",
    ).stdout  # fmt: skip
    mid = int(re.search(r"\d+", added).group())  # type: ignore[union-attr]
    out = tmp_path / "s.docx"
    run.ok("print", "signin", mid, "-o", out)
    d, text = _docx(out)
    assert "第一党小组" in d.paragraphs[0].text
    # the group's members (full and probationary) as the roster has them now, by id
    group = [
        m["name"]
        for m in sorted(run.members("--group", "第一党小组"), key=lambda m: m["id"])
        if m["stage"] in ("full", "probationary")
    ]
    names = [r[1] for r in _rows(d.tables[1])[1:]]
    assert names == group and names
    head = _fields(d.tables[0])
    assert head["应到人数"] == f"{len(group)} 人"
    assert "09:00" in head["时间"] and "＿" in head["时间"]  # the end left to write in
    # nobody present yet: the count is left blank, no remark filled in
    assert any(f"应到 {len(group)} 人，实到＿" in t for t in text)
    assert all(r[4] == "" for r in _rows(d.tables[1])[1:])
    # the minutes of the planned meeting: the attendance left to write in
    out = tmp_path / "m.docx"
    run.ok("print", "minutes", mid, "-o", out)
    d, text = _docx(out)
    head = _fields(d.tables[0])
    assert head["应到人数"] == f"{len(group)} 人"  # no voting count at a group meeting
    assert head["出席人员"].strip() == "" and "＿" in head["实到人数"]
    assert not [t for t in text if CODES.search(t)]


def test_a_planned_committee_meeting_expects_the_committee_on_its_day(
    demo_ledger: Cli, tmp_path: Path
) -> None:
    run = demo_ledger
    added = run.ok("meeting", "add", "committee", "--on", "2099-02-05", "--planned").stdout
    mid = int(re.search(r"\d+", added).group())  # type: ignore[union-attr]
    out = tmp_path / "s.xlsx"
    run.ok("print", "signin", mid, "-o", out)
    committee = run.json("committee", "list", "--as-of", "2099-02-05")
    wanted = {c["name"] for c in committee}
    ws = openpyxl.load_workbook(out).active
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    header = next(i for i, r in enumerate(rows) if r[:2] == ["序号", "姓名"])
    names = [r[1] for r in rows[header + 1 :] if isinstance(r[0], int)]
    assert set(names) == wanted and len(names) == len(wanted)


# -- the meeting record --------------------------------------------------------------------


def test_minutes_head_is_filled_in_from_the_ledger_with_the_votes(
    demo_ledger: Cli, tmp_path: Path
) -> None:
    run = demo_ledger
    _admit_at_general(run)
    run.ok(
        "meeting", "edit", GENERAL, "--place", "三楼会议室", "--from-time", "14:30",
        "--to-time", "16:00", "--host", "王建国", "--recorder", "李秀英",
        "--guest", "张三", "--resolution", "同意接收陈晨同志为中共预备党员。",
    )  # fmt: skip
    out = tmp_path / "会议记录.docx"
    run.ok("print", "minutes", GENERAL, "-o", out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    d, text = _docx(out)
    assert d.paragraphs[0].text == f"{BRANCH_NAME}党员大会会议记录"
    shown = run.json("meeting", "show", GENERAL)
    head = _fields(d.tables[0])
    assert head["会议名称"] == "支部党员大会"
    assert head["时间"].endswith("14:30—16:00") and "2026年11月18日" in head["时间"]
    assert head["地点"] == "三楼会议室"
    assert (head["主持人"], head["记录人"]) == ("王建国", "李秀英")
    assert head["应到人数"] == f"{shown['expected']} 人（有表决权 {shown['voting_expected']} 人）"
    assert head["实到人数"] == f"{shown['present']} 人（有表决权 {shown['voting_present']} 人）"
    present = [a["name"] for a in shown["attendance"] if a["status"] == "present"]
    assert head["出席人员"] == "、".join(present)
    leave = _reasons(run, GENERAL, "leave")
    assert head["请假及原因"] == "、".join(f"{n}（{r}）" if r else n for n, r in leave)
    absent = _reasons(run, GENERAL, "absent")
    assert head["缺席及原因"] == "、".join(f"{n}（{r}）" if r else n for n, r in absent)
    assert head["列席人员"] == "张三"
    assert head["议题"] == shown["topic"]
    assert any("符合法定人数" in t for t in text)
    votes = _rows(d.tables[1])
    assert votes[0][:6] == ["序号", "姓名", "事项", "赞成", "反对", "弃权"]
    assert votes[1][1:6] == ["陈晨", "接收为预备党员", "20", "0", "0"]
    assert votes[2][1:6] == ["黄磊", "转为正式党员", "19", "1", "0"]
    assert "通过" in votes[1][6]
    assert "同意接收陈晨同志为中共预备党员。" in text
    # ruled space to write the proceedings and the resolution, and both signatures
    assert len(d.tables) >= 4
    assert any("主持人（签字）" in t and "记录人（签字）" in t for t in text)
    assert not [t for t in text if CODES.search(t)]


def test_a_voided_vote_is_not_in_the_record(demo_ledger: Cli, tmp_path: Path) -> None:
    run = demo_ledger
    _admit_at_general(run)
    (event,) = run.sql("SELECT id FROM dev_event WHERE kind = 'convert' AND meeting_id = 151")[0]
    run.ok("dev", "void", event, "--reason", "录错")
    out = tmp_path / "m.docx"
    run.ok("print", "minutes", GENERAL, "-o", out)
    d, _ = _docx(out)
    names = [r[1] for r in _rows(d.tables[1])[1:]]
    assert names == ["陈晨"]


def test_minutes_without_votes_or_hours_leave_them_to_write_in(
    demo_ledger: Cli, tmp_path: Path
) -> None:
    run = demo_ledger
    out = tmp_path / "m.docx"
    run.ok("print", "minutes", 148, "-o", out)  # a group meeting of the demo
    d, text = _docx(out)
    head = _fields(d.tables[0])
    assert "＿＿:＿＿—＿＿:＿＿" in head["时间"]
    assert "有表决权" not in head["应到人数"]  # no quorum rule at a group meeting
    assert not any("有表决权" in t for t in text)
    # no vote table: the head, then the two ruled sections
    assert len(d.tables) == 3
    assert len(d.tables[1].rows) == 20 and len(d.tables[2].rows) == 6


def test_minutes_of_an_evaluation_meeting_carry_the_tallies(
    demo_ledger: Cli, tmp_path: Path
) -> None:
    run = demo_ledger
    (mid,) = run.sql("SELECT id FROM meeting WHERE type = 'evaluation' ORDER BY id")[0]
    run.ok("evaluation", "record", "张伟", "--year", "2025", "--grade", "qualified",
           "--meeting", mid, "--votes", "3,18,0,0", "--replace")  # fmt: skip
    out = tmp_path / "m.xlsx"
    run.ok("print", "minutes", mid, "-o", out)
    ws = openpyxl.load_workbook(out).active
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    (row,) = [r for r in rows if r[1] == "张伟"]
    assert row[2:7] == [3, 18, 0, 0, "合格"]


def test_minutes_as_a_workbook(demo_ledger: Cli, tmp_path: Path) -> None:
    run = demo_ledger
    _admit_at_general(run)
    out = tmp_path / "m.xlsx"
    run.ok("print", "minutes", GENERAL, "-o", out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    ws = openpyxl.load_workbook(out).active
    assert ws.page_setup.paperSize in ("9", 9)
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    assert rows[0][0] == f"{BRANCH_NAME}党员大会会议记录"
    labels = {r[i]: r[i + 1] for r in rows for i in (0, 2) if len(r) > i + 1 and r[i]}
    assert labels["应到人数"].startswith("26 人")
    (admitted,) = [r for r in rows if r[1] == "陈晨"]
    assert admitted[3:6] == [20, 0, 0]  # tallies stay numbers
    assert ws.print_title_rows  # the vote table's header repeats
    texts = [str(v) for r in rows for v in r if v is not None]
    assert not [t for t in texts if CODES.search(t)]
    assert "&P" in ws.oddFooter.center.text


def test_minutes_in_english(demo_ledger: Cli, tmp_path: Path) -> None:
    run = demo_ledger
    out = tmp_path / "m.docx"
    run.ok("--lang", "en", "print", "minutes", GENERAL, "-o", out)
    d, text = _docx(out)
    assert "minutes" in d.paragraphs[0].text and BRANCH_NAME in d.paragraphs[0].text
    head = _fields(d.tables[0])
    assert head["Meeting"] == "general meeting" and head["Expected"].startswith("26")
    assert "主持人" not in "".join(text)
    footer = d.sections[0].footer.paragraphs[0].text
    assert footer.startswith("Page")


# -- refusals ------------------------------------------------------------------------------


def test_a_voided_meeting_is_not_printed(demo_ledger: Cli, tmp_path: Path) -> None:
    run = demo_ledger
    run.ok("meeting", "void", 150, "--reason", "重复录入")
    for paper in ("signin", "minutes"):
        out = tmp_path / f"{paper}.docx"
        res = run.refused("print", paper, 150, "-o", out)
        assert "MEETING_ID:" in res.stderr and "作废" in res.stderr
        assert not out.exists()


@pytest.mark.parametrize(
    ("meeting", "name", "field"),
    [("999", "x.docx", "MEETING_ID:"), ("abc", "x.docx", "MEETING_ID:"), ("1", "x.pdf", "-o:")],
)
def test_bad_arguments_are_refused_and_write_nothing(
    demo_ledger: Cli, tmp_path: Path, meeting: str, name: str, field: str
) -> None:
    out = tmp_path / name
    res = demo_ledger.refused("print", "minutes", meeting, "-o", out)
    assert field in res.stderr
    assert not out.exists()


def test_an_existing_file_is_never_overwritten(demo_ledger: Cli, tmp_path: Path) -> None:
    out = tmp_path / "s.docx"
    out.write_bytes(b"keep")
    res = demo_ledger.refused("print", "signin", GENERAL, "-o", out)
    assert res.stderr.count("-o:") == 1
    assert out.read_bytes() == b"keep"


def test_reveal_is_accepted(demo_ledger: Cli, tmp_path: Path) -> None:
    out = tmp_path / "s.docx"
    demo_ledger.ok("print", "signin", GENERAL, "-o", out, "--reveal")
    _, text = _docx(out)
    assert not [t for t in text if re.search(r"\d{17}[\dX]|1\d{10}", t)]  # no ID or phone


# -- the head of the record: place, hours and resolution -----------------------------------


def test_meeting_add_keeps_place_hours_and_resolution(ledger: Cli) -> None:
    run = ledger
    run.add("甲")
    run.add("乙")
    run.ok(
        "meeting", "add", "general", "--on", "2026-03-01", "--place", "会议室",
        "--from-time", "9:05", "--to-time", "11：30", "--resolution", "决议一",
    )  # fmt: skip
    shown = run.json("meeting", "show", "1")
    assert (shown["place"], shown["from_time"], shown["to_time"]) == ("会议室", "09:05", "11:30")
    assert shown["resolutions"] == "决议一"
    (after,) = [a["after"] for a in run.audit("meeting.add")]
    assert (after["from_time"], after["to_time"]) == ("09:05", "11:30")
    plain = run.ok("meeting", "show", "1", "-f", "plain").stdout
    assert "09:05–11:30" in plain


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--from-time", "25:00"], "--from-time:"),
        (["--from-time", "9.30"], "--from-time:"),
        (["--to-time", "7:60"], "--to-time:"),
        (["--from-time", "10:00", "--to-time", "10:00"], "--to-time:"),
        (["--from-time", "10:00", "--to-time", "09:59"], "--to-time:"),
    ],
)
def test_meeting_add_refuses_bad_hours(ledger: Cli, args: list[str], field: str) -> None:
    ledger.add("甲")
    ledger.refusal_lines = 1
    res = ledger.refused("meeting", "add", "general", "--on", "2026-03-01", *args)
    assert res.stderr.startswith("错误：" + field)


def test_meeting_edit_corrects_hours_in_the_audit_trail(ledger: Cli) -> None:
    run = ledger
    run.add("甲")
    run.ok("meeting", "add", "general", "--on", "2026-03-01", "--from-time", "14:00",
           "--to-time", "15:00")  # fmt: skip
    # a start after the recorded end is refused, naming the option given
    res = run.refused("meeting", "edit", "1", "--from-time", "15:30")
    assert "--from-time:" in res.stderr
    run.ok("meeting", "edit", "1", "--from-time", "14:30", "--resolution", "决议二")
    shown = run.json("meeting", "show", "1")
    assert (shown["from_time"], shown["to_time"], shown["resolutions"]) == (
        "14:30",
        "15:00",
        "决议二",
    )
    (entry,) = run.audit("meeting.edit")
    assert entry["before"]["from_time"] == "14:00" and entry["after"]["from_time"] == "14:30"
    # an empty value clears it
    run.ok("meeting", "edit", "1", "--to-time", "")
    assert run.json("meeting", "show", "1")["to_time"] is None
    history = run.json("history", "--meeting", "1")
    assert len(history) == 3
