"""Issue 20, part 4: members out of contact (失联党员). `member lost` with the province's reason
codes (PEERS.md §2.2) and `member found`; compliance names each member lost (member_lost)
and each member six months without a meeting attended or dues paid (lost_candidate); the
year report and `report stats` count them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from conftest import Cli

REASONS = [
    ("外出务工经商", "migrant_work", "migrant work or business"),
    ("单位改制", "restructuring", "employer restructured"),
    ("毕业去向不明", "graduate_unknown", "graduated, whereabouts unknown"),
    ("工作单位改变", "job_change", "changed employer"),
    ("出国（境）", "abroad", "gone abroad"),
    ("居住地改变", "moved", "moved house"),
    ("其他", "other", "other"),
]


def _branch(cli: Cli) -> None:
    """Five full members since 2010; a general meeting on 2026-01-10 all attended, 王芳 and
    赵敏 at another on 2026-05-10 (李强 and 孙丽 absent, 张伟 on leave); 李强 paid dues on
    2026-03-05."""
    cli.ok("init", "--branch", "测试支部")
    for name in ("张伟", "李强", "王芳", "赵敏", "孙丽"):
        cli.add(name, "--admitted-on", "2010-01-10", "--full-on", "2011-01-10")
    cli.ok("meeting", "add", "general", "--on", "2026-01-10")
    cli.ok("dues", "base", "李强", "--income", "3000", "--from", "2026-01")
    cli.ok("dues", "pay", "李强", "--months", "2026-01..2026-03", "--on", "2026-03-05")
    cli.ok("meeting", "add", "general", "--on", "2026-05-10", "--absent", "李强,孙丽",
           "--leave", "张伟")  # fmt: skip


@pytest.fixture
def branch(snapshot: Callable[[str, Callable[[Cli], object]], Cli]) -> Cli:
    cli = snapshot("five_members_lost", _branch)
    cli.refusal_lines = 1
    return cli


def _findings(cli: Cli, as_of: str, *lang: str) -> list[dict[str, Any]]:
    return cli.json(*lang, "report", "compliance", "--as-of", as_of)["findings"]


def _named(cli: Cli, as_of: str, kind: str) -> list[str]:
    return [f["name"] for f in _findings(cli, as_of) if f["kind"] == kind]


def test_a_lost_member_is_named_counted_and_found_again(branch: Cli) -> None:
    """The issue's "Done when": a lost member is named in compliance and counted in the
    year report; `member found` ends it."""
    said = branch.ok("member", "lost", "孙丽", "--since", "2026-06-01", "--reason", "外出务工经商")
    assert "孙丽" in said.stdout and "外出务工经商" in said.stdout
    [lost] = [f for f in _findings(branch, "2026-08-01") if f["kind"] == "member_lost"]
    assert lost["name"] == "孙丽" and lost["member_id"] == branch.listed("孙丽")["id"]
    assert "2026-06-01" in lost["detail"] and "外出务工经商" in lost["detail"]
    assert (lost["since"], lost["reason"]) == ("2026-06-01", "migrant_work")
    text = branch.ok("report", "compliance", "--as-of", "2026-08-01").stdout
    assert "失联党员" in text and "孙丽" in text
    english = branch.ok("--lang", "en", "report", "compliance", "--as-of", "2026-08-01").stdout
    assert "out of contact" in english and "migrant work or business" in english
    # the year report counts and lists them
    doc = branch.json("report", "year", "2026", "--as-of", "2026-08-01")
    assert (doc["lost"]["count"], doc["lost"]["during"]) == (1, 1)
    [person] = doc["lost"]["people"]
    assert (person["name"], person["since"], person["reason"], person["found_on"]) == (
        "孙丽",
        "2026-06-01",
        "migrant_work",
        None,
    )
    assert "失联党员" in branch.ok("report", "year", "2026", "--as-of", "2026-08-01").stdout
    stats = branch.json("report", "stats", "--year", "2026")
    assert stats["basic"]["lost"]["count"] == 1 and stats["balanced"] is True
    assert stats["basic"]["total"] == 5  # still a member
    assert "失联党员" in branch.ok("report", "stats", "--year", "2026").stdout
    shown = branch.member("孙丽")
    assert shown["lost"]["since"] == "2026-06-01"
    assert "失联" in branch.ok("member", "show", "孙丽").stdout
    # found: no longer named; the year still lists the time out of contact
    said = branch.ok("member", "found", "孙丽", "--on", "2026-09-15")
    assert "2026-09-15" in said.stdout
    assert "孙丽" not in _named(branch, "2026-10-01", "member_lost")
    assert "孙丽" in _named(branch, "2026-09-14", "member_lost")
    doc = branch.json("report", "year", "2026", "--as-of", "2026-10-01")
    assert (doc["lost"]["count"], doc["lost"]["during"]) == (0, 1)
    assert doc["lost"]["people"][0]["found_on"] == "2026-09-15"
    assert branch.member("孙丽")["lost"] is None
    assert branch.json("report", "stats", "--year", "2026")["basic"]["lost"]["count"] == 0
    [entry] = branch.audit("member.found")
    assert (entry["before"]["found_on"], entry["after"]["found_on"]) == (None, "2026-09-15")
    assert len(branch.audit("member.lost")) == 1


def test_a_lost_member_is_not_flagged_absent_six_months(branch: Cli) -> None:
    # 孙丽: last attended 2026-01-10, absent without leave on 2026-05-10
    assert "孙丽" in _named(branch, "2026-08-01", "absent_six_months")
    branch.ok("member", "lost", "孙丽", "--since", "2026-06-01", "--reason", "其他")
    assert "孙丽" not in _named(branch, "2026-08-01", "absent_six_months")
    assert "孙丽" in _named(branch, "2026-08-01", "member_lost")


@pytest.mark.parametrize(("zh", "code", "en"), REASONS)
def test_the_reason_codes_in_chinese_and_english(branch: Cli, zh: str, code: str, en: str) -> None:
    branch.ok("member", "lost", "张伟", "--since", "2026-06-01", "--reason", zh)
    branch.ok("member", "found", "张伟", "--on", "2026-06-10")
    branch.ok("member", "lost", "张伟", "--since", "2026-07-01", "--reason", code)
    # one form stored, whichever was typed
    assert branch.sql("SELECT reason FROM member_lost ORDER BY id") == [(code,), (code,)]
    [zh_finding] = [f for f in _findings(branch, "2026-08-01") if f["kind"] == "member_lost"]
    assert zh in zh_finding["detail"]
    [en_finding] = [
        f for f in _findings(branch, "2026-08-01", "--lang", "en") if f["kind"] == "member_lost"
    ]
    assert en in en_finding["detail"]


def test_lost_candidates_six_months_without_a_meeting_or_a_payment(branch: Cli) -> None:
    # all attended on 2026-01-10: six months from it end on 2026-07-10
    assert _named(branch, "2026-07-10", "lost_candidate") == []
    # 张伟 (on leave in May) and 孙丽 (absent) have not been seen since; 李强 paid in March,
    # 王芳 and 赵敏 attended in May
    assert _named(branch, "2026-07-11", "lost_candidate") == ["张伟", "孙丽"]
    [found] = [
        f
        for f in _findings(branch, "2026-07-11")
        if f["name"] == "张伟" and f["kind"] == "lost_candidate"
    ]
    assert found["last_contact"] == "2026-01-10"
    assert "2026-01-10" in found["detail"] and "参加会议" in found["detail"]
    english = [
        f["detail"]
        for f in _findings(branch, "2026-07-11", "--lang", "en")
        if f["kind"] == "lost_candidate"
    ]
    assert "last contact 2026-01-10 (attended a meeting)" in english[0]
    # 李强 six months after his payment
    assert "李强" not in _named(branch, "2026-09-05", "lost_candidate")
    assert "李强" in _named(branch, "2026-09-06", "lost_candidate")
    # a member recorded lost is named as lost, not as a candidate; one away is not expected
    branch.ok("member", "lost", "孙丽", "--since", "2026-06-01", "--reason", "居住地改变")
    branch.ok("member", "away", "张伟", "--to", "深圳", "--from", "2026-06-01")
    assert _named(branch, "2026-07-11", "lost_candidate") == []
    # back from away: the day back counts as contact
    branch.ok("member", "back", "张伟", "--on", "2026-08-01")
    assert "张伟" not in _named(branch, "2026-12-01", "lost_candidate")
    branch.ok("meeting", "add", "general", "--on", "2026-12-05", "--absent", "张伟,孙丽")
    assert "张伟" not in _named(branch, "2027-02-01", "lost_candidate")
    assert "张伟" in _named(branch, "2027-02-02", "lost_candidate")
    # a payment is contact too
    branch.ok("dues", "base", "张伟", "--income", "3000", "--from", "2026-01")
    branch.ok("dues", "pay", "张伟", "--months", "2026-01", "--on", "2026-11-01")
    assert "张伟" not in _named(branch, "2027-02-02", "lost_candidate")


def test_a_new_ledger_a_new_member_or_a_branch_that_stopped_has_no_candidate(
    ledger: Cli,
) -> None:
    for name in ("甲", "乙", "丙"):
        ledger.add(name, "--admitted-on", "2010-01-10", "--full-on", "2011-01-10")
    # nothing recorded: the ledger cannot tell who is out of contact
    assert _named(ledger, "2026-11-01", "lost_candidate") == []
    ledger.ok("meeting", "add", "general", "--on", "2026-01-10", "--absent", "丙")
    # no meeting held and no dues paid for six months: the branch stopped, not its members
    assert _named(ledger, "2026-07-11", "lost_candidate") == []
    ledger.ok("member", "transfer-in", "丁", "--from", "某单位", "--on", "2026-06-01",
              "--gender", "女", "--stage", "full", "--admitted-on", "2015-07-01")  # fmt: skip
    ledger.ok("meeting", "add", "general", "--on", "2026-06-20", "--absent", "甲,乙,丙")
    # 丙 never attended since the ledger began; 丁 joined the branch in June and attended
    assert _named(ledger, "2026-07-11", "lost_candidate") == ["甲", "乙", "丙"]
    [c] = [
        f
        for f in _findings(ledger, "2026-07-11")
        if f["name"] == "丙" and f["kind"] == "lost_candidate"
    ]
    assert "本账本最早的记录" in c["detail"] and c["last_contact"] == "2026-01-10"
    ledger.ok("dues", "base", "甲", "--income", "3000", "--from", "2026-01")
    ledger.ok("dues", "pay", "甲", "--months", "2026-01", "--on", "2026-11-01")
    assert _named(ledger, "2026-12-20", "lost_candidate") == ["乙", "丙"]
    assert _named(ledger, "2026-12-21", "lost_candidate") == ["乙", "丙", "丁"]


def test_refusals_name_the_option_and_write_nothing(branch: Cli) -> None:
    def refused(*args: str) -> str:
        return branch.refused("member", *args).stderr

    r = refused("lost", "张伟", "--since", "2026-06-01", "--reason", "失踪")
    assert "--reason" in r and "外出务工经商" in r
    assert "--since" in refused("lost", "张伟", "--since", "2099-01-01", "--reason", "其他")
    assert "--note" in refused(
        "lost", "张伟", "--since", "2026-06-01", "--reason", "其他", "--note", "a\x01b"
    )
    assert "REF" in refused("found", "张伟", "--on", "2026-07-01")
    branch.ok("member", "leave", "赵敏", "--reason", "deceased", "--on", "2026-02-01")
    r = refused("lost", "赵敏", "--since", "2026-03-01", "--reason", "其他")
    assert "--since" in r and "离开" in r
    branch.ok("member", "lost", "张伟", "--since", "2026-06-01", "--reason", "其他")
    r = refused("lost", "张伟", "--since", "2026-07-01", "--reason", "其他")
    assert "REF" in r and "found" in r
    assert "--on" in refused("found", "张伟", "--on", "2026-05-01")
    assert "--on" in refused("found", "张伟", "--on", "2026-06-01")
    assert "--on" in refused("found", "张伟", "--on", "2099-01-01")
    branch.ok("member", "found", "张伟", "--on", "2026-07-01")
    r = refused("lost", "张伟", "--since", "2026-06-15", "--reason", "其他")
    assert "--since" in r and "重叠" in r
    english = branch.refused(
        "--lang", "en", "member", "lost", "张伟", "--since", "2026-06-15", "--reason", "other"
    ).stderr
    assert "--since" in english and "overlaps" in english
    # a record entered in error is voided, kept and read by nothing
    branch.ok("member", "lost", "李强", "--since", "2026-06-01", "--reason", "abroad")
    lq = max(r[0] for r in branch.sql("SELECT id FROM member_lost"))
    assert "ID" in branch.refused("member", "lost-void", "999", "--reason", "录错").stderr
    branch.ok("member", "lost-void", str(lq), "--reason", "录错人员")
    assert "李强" not in _named(branch, "2026-08-01", "member_lost")
    assert branch.count("member_lost") == 2
    [entry] = branch.audit("member_lost.void")
    assert entry["after"]["void_reason"] == "录错人员"


def test_member_void_is_refused_while_a_lost_record_names_them(ledger: Cli) -> None:
    ledger.add("甲", "--admitted-on", "2010-01-10")
    ledger.ok("member", "lost", "甲", "--since", "2026-06-01", "--reason", "其他")
    r = ledger.refused("member", "void", "甲", "--reason", "重复录入")
    assert "lost-void" in r.stderr
    [(rid,)] = ledger.sql("SELECT id FROM member_lost")
    ledger.ok("member", "lost-void", str(rid), "--reason", "录错")
    ledger.ok("member", "void", "甲", "--reason", "重复录入")
