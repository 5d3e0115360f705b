"""`report stats --year Y`: the base figures of the 党内统计年报 (issue 19, item 5), and the
members' 职业 it counts by (`--occupation`, the roster's 职业 column).

第一表 must balance — 上年底 + 增 − 减 = 本年底 — on the demo and on a branch built here with
transfers in and out (one of them back), a death, a 自行脱党, a probationary member disqualified,
an activist's transfer (no member: counted nowhere), conversions on time and after an
extension, and admissions by roster and by `dev admit`; every number names its people, and
`report year` counts the same."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from conftest import Cli


def _names(group: dict[str, Any]) -> list[str]:
    return [p["name"] for p in group["people"]]


def _kinds(section: dict[str, Any]) -> dict[str, list[str]]:
    """kind → the names counted (kinds with nobody left out)."""
    return {k: _names(g) for k, g in section["by_kind"].items() if g["count"]}


def _members_on(cli: Cli, day: str) -> set[str]:
    return {
        m["name"] for m in cli.members("--as-of", day) if m["stage"] in ("full", "probationary")
    }


# -- the demo ------------------------------------------------------------------------------


@pytest.mark.parametrize("year", [2025, 2026])
def test_the_demo_balances_and_agrees_with_report_year(demo_ledger: Cli, year: int) -> None:
    doc = demo_ledger.json("report", "stats", "--year", year)
    assert {
        "year",
        "start",
        "end",
        "added",
        "removed",
        "balanced",
        "basic",
        "joined_bands",
        "evaluation",
        "left",
        "conversion",
        "development",
    } <= set(doc)
    assert doc["balanced"] is True and doc["difference"] == {"count": 0, "people": []}
    start, end = doc["start"]["total"], doc["end"]["total"]
    assert start + doc["added"]["total"] - doc["removed"]["total"] == end
    assert doc["added"]["total"] == sum(g["count"] for g in doc["added"]["by_kind"].values())
    # the members at both ends are the roster's on those days
    assert start == len(_members_on(demo_ledger, f"{year - 1}-12-31"))
    assert end == len(_members_on(demo_ledger, f"{year}-12-31"))
    # report year counts the same members and changes
    this = demo_ledger.json("report", "year", year)
    last = demo_ledger.json("report", "year", year - 1)
    assert this["membership"]["total"] == end and last["membership"]["total"] == start
    changes = this["changes"]
    assert doc["added"]["by_kind"]["admitted"]["count"] == changes["admitted"]
    assert doc["added"]["by_kind"]["transferred_in"]["count"] == changes["transferred_in"]
    assert {k: g["count"] for k, g in doc["removed"]["by_kind"].items() if g["count"]} == (
        changes["left"]
    )
    assert doc["conversion"]["converted"] == changes["converted"]
    assert doc["conversion"]["extended"]["count"] == changes["extended"]
    assert doc["evaluation"]["grades"] == this["evaluation"]["grades"]


def test_the_demo_names_the_people_behind_each_change(demo_ledger: Cli) -> None:
    y2025 = demo_ledger.json("report", "stats", "--year", "2025")
    # 曹阳 joined from the roster on 2025-03-15 (no admission, no transfer letter): an `other`
    assert _kinds(y2025["added"]) == {"admitted": ["黄磊", "林涛"], "other": ["曹阳"]}
    assert _kinds(y2025["removed"]) == {"deceased": ["冯刚"]}
    assert y2025["added"]["by_kind"]["other"]["people"][0]["on"] == "2025-03-15"
    y2026 = demo_ledger.json("report", "stats", "--year", "2026")
    assert _kinds(y2026["added"]) == {"admitted": ["梁宇"]}
    assert _kinds(y2026["removed"]) == {"transferred_out": ["曹阳"]}
    out = demo_ledger.ok("report", "stats", "--year", "2025", "-f", "plain").stdout
    assert "黄磊（2025-10-15）、林涛（2025-12-18）" in out and "冯刚（2025-09-14）" in out
    assert "24＋3－1＝26" in out and "平衡" in out and "不平衡" not in out


def test_the_demo_says_no_member_has_an_occupation(demo_ledger: Cli) -> None:
    doc = demo_ledger.json("report", "stats", "--year", "2025")
    basic = doc["basic"]
    assert basic["by_occupation"]["unknown"] == basic["total"] == 26
    assert len(basic["unknown"]["occupation"]) == 26
    out = demo_ledger.ok("report", "stats", "--year", "2025", "-f", "plain").stdout
    assert "职业未填 26 人" in out
    for key in ("by_age_band", "by_education", "by_occupation", "by_gender", "by_ethnicity"):
        assert sum(basic[key].values()) == basic["total"], key
    assert sum(doc["joined_bands"]["by_band"].values()) == basic["total"]


# -- a branch with every kind of change ----------------------------------------------------


def _build(cli: Cli) -> None:
    ok = cli.ok
    ok("init", "--branch", "统计支部", "--higher-org", "某机关党委")
    people = [
        ("赵一", "男", "2010-01-01", "1970-05-01", "official", "大学本科", "汉族"),
        ("钱二", "男", "1975-03-01", "1940-05-01", "离退休", "高中", "汉族"),
        ("孙三", "女", "2013-01-01", "1990-05-01", "专业技术人员", "硕士研究生", "回族"),
        ("李四", "女", "1948-06-01", "1930-01-01", "retired", "初中", None),
        ("周五", "男", "1978-12-18", "1958-01-01", None, "大专", None),
        ("吴六", "男", "2012-11-08", "1991-01-01", "工人", None, None),
        ("郑七", "女", "2012-11-07", None, "manager", None, None),
    ]
    for name, gender, admitted, born, job, edu, eth in people:
        full = f"{int(admitted[:4]) + 1}{admitted[4:]}"
        extra = ["--admitted-on", admitted, "--full-on", full]
        for option, value in (
            ("--birth-date", born),
            ("--occupation", job),
            ("--education", edu),
            ("--ethnicity", eth),
        ):
            if value:
                extra += [option, value]
        cli.add(name, *extra, gender=gender)
    cli.add("甲", "--admitted-on", "2024-11-30", "--birth-date", "1999-01-01",
            "--occupation", "学生", stage="probationary")  # fmt: skip
    cli.add("乙", "--admitted-on", "2024-12-20", "--birth-date", "1998-01-01",
            gender="女", stage="probationary")  # fmt: skip
    # admitted in 2025 (entered from the roster), disqualified the same year
    cli.add("戊", "--admitted-on", "2025-01-10", "--birth-date", "1997-01-01", stage="probationary")
    ok("dev", "apply", "张三", "--on", "2025-01-05", "--birth-date", "1995-01-01", "--gender", "男")
    ok("dev", "log", "张三", "talk", "--on", "2025-01-15")
    ok("dev", "activist", "张三", "--on", "2025-02-01", "--contacts", "孙三",
       "--recommendation", "league")  # fmt: skip
    ok("dev", "log", "张三", "review", "--on", "2025-09-01")
    ok("dev", "apply", "己", "--on", "2025-03-01", "--birth-date", "1996-01-01", "--gender", "女")
    ok("member", "transfer-in", "丙", "--from", "某局机关党支部", "--on", "2025-03-01",
       "--gender", "男", "--stage", "full", "--admitted-on", "2015-07-01",
       "--full-on", "2016-07-01", "--occupation", "党政机关工作人员")  # fmt: skip
    ok("member", "transfer-out", "赵一", "--to", "某区委党支部", "--on", "2025-05-01")
    ok("member", "leave", "钱二", "--reason", "去世", "--on", "2025-08-01")
    ok("dev", "drop", "戊", "--on", "2025-09-01", "--reason", "预备期内未履行党员义务")
    # an applicant's transfer: no member left
    ok("member", "transfer-out", "己", "--to", "某大学党委", "--on", "2025-10-01")
    ok("meeting", "add", "general", "--on", "2025-12-06", "--topic", "转正")
    ok("dev", "convert", "甲", "--on", "2025-12-06", "--meeting", "1", "--for", "5",
       "--against", "0")  # fmt: skip
    ok("meeting", "add", "general", "--on", "2025-12-22", "--topic", "延长预备期")
    ok("dev", "extend", "乙", "--on", "2025-12-22", "--months", "6", "--meeting", "2")
    # 2026: 赵一 comes back, 张三 is admitted, 孙三 lapses, 乙 is converted after the extension
    ok("member", "transfer-in", "赵一", "--from", "某区委党支部", "--on", "2026-02-01")
    ok("dev", "candidate", "张三", "--on", "2026-02-02", "--introducers", "孙三,李四")
    ok("dev", "log", "张三", "training", "--on", "2026-02-03", "--hours", "30")
    ok("dev", "log", "张三", "political_review", "--on", "2026-02-10")
    ok("dev", "log", "张三", "pre_review", "--on", "2026-02-11")
    ok("dev", "log", "张三", "public_notice", "--on", "2026-02-25", "--until", "2026-03-02")
    ok("meeting", "add", "general", "--on", "2026-03-03", "--topic", "接收预备党员")
    ok("dev", "admit", "张三", "--on", "2026-03-03", "--meeting", "3", "--for", "6",
       "--against", "0")  # fmt: skip
    ok("member", "edit", "张三", "--occupation", "学生")
    ok("member", "leave", "孙三", "--reason", "lapsed", "--on", "2026-04-01")
    ok("meeting", "add", "general", "--on", "2026-06-25", "--topic", "转正")
    ok("dev", "convert", "乙", "--on", "2026-06-25", "--meeting", "4", "--for", "6",
       "--against", "0")  # fmt: skip


@pytest.fixture
def branch(snapshot: Any) -> Cli:
    cli: Cli = snapshot("stats_branch", _build)
    return cli


def test_a_year_of_transfers_a_death_and_a_disqualification_balances(branch: Cli) -> None:
    doc = branch.json("report", "stats", "--year", "2025")
    assert doc["balanced"] is True
    assert (doc["start"]["total"], doc["end"]["total"]) == (9, 8)
    assert doc["start"]["total"] == len(_members_on(branch, "2024-12-31"))
    assert doc["end"]["total"] == len(_members_on(branch, "2025-12-31"))
    assert _kinds(doc["added"]) == {"admitted": ["戊"], "transferred_in": ["丙"]}
    # the activist 己 transferred out too, but never was a member: counted nowhere
    assert _kinds(doc["removed"]) == {
        "deceased": ["钱二"],
        "transferred_out": ["赵一"],
        "dropped": ["戊"],
    }
    moved_in = doc["added"]["by_kind"]["transferred_in"]["people"][0]
    assert (moved_in["on"], moved_in["org"], moved_in["returned"]) == (
        "2025-03-01",
        "某局机关党支部",
        False,
    )
    assert doc["removed"]["by_kind"]["transferred_out"]["people"][0]["org"] == "某区委党支部"
    conv = doc["conversion"]
    assert conv["converted"] == 1
    assert _names(conv["on_time"]) == ["甲"] and conv["on_time"]["people"][0]["on"] == "2025-11-30"
    assert _names(conv["extended"]) == ["乙"] and _names(conv["after_extension"]) == []
    assert _names(conv["disqualified"]) == ["戊"]
    assert doc["left"]["total"] == 0
    # report year agrees, the activist's transfer left out there too
    changes = branch.json("report", "year", "2025")["changes"]
    assert changes["transferred_out"] == 1
    assert changes["left"] == {"deceased": 1, "transferred_out": 1, "dropped": 1}
    assert (changes["admitted"], changes["transferred_in"]) == (1, 1)
    assert (changes["converted"], changes["extended"]) == (1, 1)


def test_the_next_year_counts_a_return_an_admission_a_lapse_and_a_late_conversion(
    branch: Cli,
) -> None:
    doc = branch.json("report", "stats", "--year", "2026")
    assert doc["balanced"] is True and doc["running"] is True
    assert (doc["start"]["total"], doc["end"]["total"]) == (8, 9)
    assert _kinds(doc["added"]) == {"admitted": ["张三"], "transferred_in": ["赵一"]}
    back = doc["added"]["by_kind"]["transferred_in"]["people"][0]
    assert back["returned"] is True and back["on"] == "2026-02-01"
    assert _kinds(doc["removed"]) == {"lapsed": ["孙三"]}
    assert doc["left"]["total"] == 1 and _names(doc["left"]["by_reason"]["lapsed"]) == ["孙三"]
    conv = doc["conversion"]
    assert _names(conv["after_extension"]) == ["乙"] and _names(conv["on_time"]) == []
    assert conv["after_extension"]["people"][0]["on"] == "2026-06-20"  # probation end
    dev = doc["development"]
    assert (dev["admitted"], dev["young"], dev["women"]) == (1, 1, 0)
    assert dev["by_occupation"]["student"] == 1 and "unknown" not in dev["by_occupation"]
    assert "retired" not in dev["by_occupation"]
    out = branch.ok("report", "stats", "--year", "2026", "-f", "plain").stdout
    assert "赵一（2026-02-01，某区委党支部，转回）" in out
    assert "2026 年尚未结束" in out


def test_the_members_on_31_december_by_the_published_categories(branch: Cli) -> None:
    doc = branch.json("report", "stats", "--year", "2025")
    b = doc["basic"]
    assert (b["on"], b["total"], b["full"], b["probationary"]) == ("2025-12-31", 8, 7, 1)
    assert (b["women"], b["minorities"], b["college_or_above"]) == (4, 1, 2)
    assert b["by_education"] == {
        "postgraduate": 1,
        "bachelor": 0,
        "college": 1,
        "secondary": 0,
        "high_school": 0,
        "junior_or_below": 1,
        "unknown": 5,
    }
    # ages on 31 December: 甲 26, 乙 27, 孙三 35, 吴六 34, 周五 67, 李四 95; 郑七 and 丙 unknown
    assert b["by_age_band"] == {
        "30_or_under": 2,
        "31_35": 2,
        "36_40": 0,
        "41_45": 0,
        "46_50": 0,
        "51_55": 0,
        "56_60": 0,
        "61_or_over": 2,
        "unknown": 2,
    }
    assert [p["name"] for p in b["unknown"]["birth_date"]] == ["郑七", "丙"]
    assert b["by_occupation"] == {
        "worker": 1,
        "farmer": 0,
        "professional": 1,
        "manager": 1,
        "official": 1,
        "student": 1,
        "other": 0,
        "retired": 1,
        "unknown": 2,
    }
    assert [p["name"] for p in b["unknown"]["occupation"]] == ["周五", "乙"]
    # 李四 1948 before the PRC; 周五 on the Third Plenum's first day and 郑七 the day before
    # the 18th Congress in the middle band; 吴六 on its first day and the rest since
    assert doc["joined_bands"]["by_band"] == {
        "before_prc": 1,
        "prc_to_third_plenum": 0,
        "third_plenum_to_18th": 2,
        "since_18th": 5,
    }
    out = branch.ok("report", "stats", "--year", "2025", "-f", "plain").stdout
    assert "职业未填 2 人" in out and "周五、乙" in out


def test_a_change_counted_twice_does_not_balance_and_names_the_person(branch: Cli) -> None:
    # received by transfer on the very day the ledger says they were admitted here: the
    # ledger counts an admission and a transfer for one arrival
    branch.ok("member", "transfer-in", "庚", "--from", "某党委", "--on", "2026-05-01",
              "--gender", "男", "--stage", "probationary", "--admitted-on", "2026-05-01")  # fmt: skip
    doc = branch.json("report", "stats", "--year", "2026")
    assert doc["balanced"] is False
    expected = doc["start"]["total"] + doc["added"]["total"] - doc["removed"]["total"]
    assert doc["difference"]["count"] == doc["end"]["total"] - expected == -1
    (who,) = doc["difference"]["people"]
    assert (who["name"], who["member_at_start"], who["member_at_end"]) == ("庚", False, True)
    assert (who["counted"], who["missing"], who["join_kind"]) == (2, -1, "transfer_in")
    out = branch.ok("report", "stats", "--year", "2026", "-f", "plain").stdout
    assert "不平衡：庚" in out and "差额人员" in out and "第一表不平衡" in out


def test_evaluation_results_of_the_year(branch: Cli) -> None:
    branch.ok("evaluation", "record", "甲", "--year", "2025", "--grade", "优秀")
    branch.ok("evaluation", "record", "乙", "--year", "2025", "--grade", "不合格",
              "--action", "限期改正")  # fmt: skip
    ev = branch.json("report", "stats", "--year", "2025")["evaluation"]
    assert ev["evaluated"] == 2 and ev["members"] == 8
    assert ev["grades"] == {"excellent": 1, "qualified": 0, "basic": 0, "unqualified": 1}
    assert ev["unqualified"] == [
        {"id": ev["unqualified"][0]["id"], "name": "乙", "action": "correct"}
    ]
    assert ev["handling"] == {"correct": 1, "persuade": 0, "remove": 0}
    assert ev["not_evaluated"]["count"] == 6 and "甲" not in _names(ev["not_evaluated"])


# -- output ----------------------------------------------------------------------------------

CODES = re.compile(
    r"\b(admitted|transferred_in|transferred_out|deceased|dropped|lapsed|worker|official|"
    r"retired|unknown|since_18th|before_prc|postgraduate|on_time|excellent|correct)\b"
)


def test_the_documents_are_private_in_chinese_and_never_overwritten(
    branch: Cli, tmp_path: Path
) -> None:
    import docx
    from openpyxl import load_workbook

    doc_path, xlsx_path = tmp_path / "年报.docx", tmp_path / "年报.xlsx"
    for path in (doc_path, xlsx_path):
        result = branch.ok("report", "stats", "--year", "2025", "--output", path)
        assert result.stdout == "" and "已写入" in result.stderr
        assert (path.stat().st_mode & 0o777) == 0o600
    d = docx.Document(str(doc_path))
    text = "\n".join(
        [p.text for p in d.paragraphs]
        + [c.text for t in d.tables for row in t.rows for c in row.cells]
    )
    assert "统计支部 2025年度党内统计年报基础数据" in text
    for expected in ("第一表 两年党员数比较", "钱二（2025-08-01）", "取消预备党员资格", "第三表"):
        assert expected in text
    assert not re.search(r"[A-Za-z]", text), "an English code in the Chinese document"
    wb = load_workbook(xlsx_path, read_only=True)
    rows = [r for ws in wb.worksheets for r in ws.iter_rows(values_only=True)]
    wb.close()
    end = next(r for r in rows if r and str(r[0]).startswith("本年底党员数"))
    assert end[1] == 8 and isinstance(end[1], int)
    assert not any(CODES.search(str(c)) for r in rows for c in r if c is not None)
    before = doc_path.read_bytes()
    assert branch("report", "stats", "--year", "2025", "--output", doc_path).exit_code == 1
    assert doc_path.read_bytes() == before
    branch.refused("report", "stats", "--year", "2025", "--output", tmp_path / "x.pdf")


def test_json_keeps_codes_whatever_the_language_and_tables_follow_it(branch: Cli) -> None:
    zh = branch.json("report", "stats", "--year", "2025")
    en = branch.json("--lang", "en", "report", "stats", "--year", "2025")
    assert zh == en
    out = branch.ok("--lang", "en", "report", "stats", "--year", "2025", "-f", "plain").stdout
    assert (
        "Table 1" in out and "transferred out" in out and "probationary membership cancelled" in out
    )
    assert "第一表" not in out
    csv = branch.ok("report", "stats", "--year", "2025", "-f", "csv").stdout
    assert "removed.transferred_out,1," in csv and "added.admitted,1," in csv


@pytest.mark.parametrize("year", ["20x5", "1900", "12345", "2999", ""])
def test_a_year_that_is_not_one_is_refused(branch: Cli, year: str) -> None:
    err = branch.refused("report", "stats", "--year", year).stderr
    assert err.startswith("错误：--year:")


def test_the_year_is_required(branch: Cli) -> None:
    assert branch("report", "stats").exit_code == 2


# -- 职业 (occupation) on the roster --------------------------------------------------------


def test_occupation_is_added_edited_shown_and_cleared(ledger: Cli) -> None:
    pid = ledger.add("王芳", "--occupation", "专业技术人员", gender="女")
    assert ledger.member(pid)["occupation"] == "professional"
    ledger.ok("member", "edit", pid, "--occupation", "manager")
    assert ledger.member(pid)["occupation"] == "manager"
    assert "管理人员" in ledger.ok("member", "show", pid, "-f", "plain").stdout
    assert ledger.sql("SELECT occupation FROM person WHERE id = ?", (pid,)) == [("manager",)]
    ledger.ok("member", "edit", pid, "--occupation", "")
    assert ledger.member(pid)["occupation"] is None
    # aliases of the 公报's longer names
    other = ledger.add("李强", "--occupation", "工人（工勤技能人员）")
    assert ledger.member(other)["occupation"] == "worker"


def test_an_unknown_occupation_is_refused(ledger: Cli) -> None:
    err = ledger.refused("member", "add", "王芳", "--gender", "女", "--stage", "full",
                         "--occupation", "宇航员").stderr  # fmt: skip
    assert err.startswith("错误：--occupation:") and "农牧渔民" in err
    pid = ledger.add("王芳")
    ledger.refused("member", "edit", pid, "--occupation", "astronaut")


def test_the_roster_file_carries_occupation(ledger: Cli, write_csv: Any, tmp_path: Path) -> None:
    header = ["姓名", "性别", "人员类别", "职业"]
    bad = write_csv([header, ["甲", "男", "正式党员", "学生"], ["乙", "女", "正式党员", "宇航员"]])
    err = ledger.refused("member", "import", bad).stderr
    assert "第 3 行 职业" in err
    good = write_csv(
        [
            header,
            ["甲", "男", "正式党员", "学生"],
            ["乙", "女", "正式党员", "离退休人员"],
            ["丙", "男", "正式党员", ""],
        ],  # fmt: skip
        name="good.csv",
    )
    ledger.ok("member", "import", good)
    by_name = {m["name"]: m["occupation"] for m in ledger.members()}
    assert by_name == {"甲": "student", "乙": "retired", "丙": None}
    out = tmp_path / "out.csv"
    ledger.ok("member", "export", out)
    text = out.read_text(encoding="utf-8-sig").splitlines()
    column = text[0].split(",").index("职业")
    assert [line.split(",")[column] for line in text[1:]] == ["学生", "离退休", ""]
    # the export reads back in, with its 职业
    fresh = tmp_path / "again"
    fresh.mkdir()
    again = Cli(fresh / "ledger.db") if not ledger.on_server else None
    if again is not None:
        again.ok("init", "--branch", "另一支部")
        again.ok("member", "import", out)
        assert {m["name"]: m["occupation"] for m in again.members()} == by_name
    stats = ledger.json("report", "stats", "--year", "2026")["basic"]
    assert stats["by_occupation"]["student"] == 1 and stats["by_occupation"]["unknown"] == 1
