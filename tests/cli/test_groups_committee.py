"""`dangwu group add/list` and `dangwu committee set/end/list` end to end."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from conftest import Cli


# --- groups --------------------------------------------------------------------------------


def test_group_add_and_list(ledger: Cli) -> None:
    ledger.ok("group", "add", "第一党小组")
    ledger.ok("group", "add", "第二党小组")
    groups = ledger.json("group", "list")
    assert [g["name"] for g in groups] == ["第一党小组", "第二党小组"]
    assert all(g["leader"] is None and g["members"] == 0 for g in groups)
    assert {"id", "name", "leader", "members"} <= groups[0].keys()
    entries = ledger.audit("group.add")
    assert [e["after"]["name"] for e in entries] == ["第一党小组", "第二党小组"]


def test_group_with_leader_and_members(ledger: Cli) -> None:
    leader = ledger.add("张伟")
    ledger.ok("group", "add", "第一党小组", "--leader", "张伟")
    ledger.ok("member", "edit", str(leader), "--group", "第一党小组")
    ledger.add("李娜", "--group", "第一党小组", gender="女")
    ledger.add("王强")
    (group,) = ledger.json("group", "list")
    assert group["leader"] == "张伟"
    assert group["members"] == 2


def test_group_list_plain_and_english(ledger: Cli) -> None:
    ledger.ok("group", "add", "第一党小组")
    zh = ledger.ok("group", "list", "-f", "plain").stdout
    en = ledger.ok("--lang", "en", "group", "list", "-f", "plain").stdout
    assert "党小组" in zh.splitlines()[0]
    assert "group" in en.splitlines()[0]
    assert "第一党小组" in en


@pytest.mark.parametrize("name", ["第一党小组", " 第一党小组 "])
def test_duplicate_group_is_refused(ledger: Cli, name: str) -> None:
    ledger.ok("group", "add", "第一党小组")
    result = ledger.refused("group", "add", name)
    assert "第一党小组" in result.stderr
    assert len(ledger.json("group", "list")) == 1


@pytest.mark.parametrize("name", ["", "   ", "12", "a\x01b"])
def test_bad_group_names_are_refused(ledger: Cli, name: str) -> None:
    ledger.refused("group", "add", name)
    assert ledger.count("party_group") == 0


def test_group_with_unknown_leader_is_refused(ledger: Cli) -> None:
    result = ledger.refused("group", "add", "第一党小组", "--leader", "无此人")
    assert "--leader" in result.stderr
    assert ledger.count("party_group") == 0


def test_group_leader_who_left_is_refused(ledger: Cli) -> None:
    ledger.add("张伟")
    ledger.ok("member", "leave", "张伟", "--reason", "deceased", "--on", "2025-01-01")
    ledger.refused("group", "add", "第一党小组", "--leader", "张伟")


# --- committee -----------------------------------------------------------------------------


@pytest.fixture
def branch(snapshot: Any) -> Cli:
    """Three full members and a probationary one."""
    return snapshot("committee-branch", _build_branch)


def _build_branch(cli: Cli) -> None:
    cli.ok("init", "--branch", "测试支部")
    cli.add("王建国", "--admitted-on", "1992-07-01", "--full-on", "1993-07-01")
    cli.add("李秀英", "--admitted-on", "1996-06-20", "--full-on", "1997-06-20", gender="女")
    cli.add("赵磊", "--admitted-on", "2000-06-20", "--full-on", "2001-06-20")
    cli.add("孙悦", "--admitted-on", "2026-05-01", stage="probationary", gender="女")


def roles(cli: Cli, *extra: str) -> list[tuple[str, str]]:
    return [(r["role"], r["name"]) for r in cli.json("committee", "list", *extra)]


def test_committee_set_and_list(branch: Cli) -> None:
    branch.ok("committee", "set", "王建国", "secretary", "--from", "2024-01-05")
    branch.ok("committee", "set", "李秀英", "副书记", "--from", "2024-01-05")
    branch.ok("committee", "set", "3", "组织委员", "--from", "2024/01/05")
    listed = branch.json("committee", "list")
    assert [(r["role"], r["member_id"], r["name"]) for r in listed] == [
        ("secretary", 1, "王建国"),
        ("deputy_secretary", 2, "李秀英"),
        ("organization", 3, "赵磊"),
    ]
    assert all(r["from_on"] == "2024-01-05" for r in listed)
    assert roles(branch, "--as-of", "2024-01-04") == []
    assert len(roles(branch, "--as-of", "2024-01-05")) == 3
    entries = branch.audit("committee.set")
    assert len(entries) == 3
    assert entries[0]["after"]["role"] == "secretary"


def test_committee_list_labels_follow_the_language(branch: Cli) -> None:
    branch.ok("committee", "set", "王建国", "secretary", "--from", "2024-01-05")
    assert "书记" in branch.ok("committee", "list", "-f", "plain").stdout
    en = branch.ok("--lang", "en", "committee", "list", "-f", "plain").stdout
    assert "secretary" in en and "书记" not in en
    assert branch.json("committee", "list") == branch.json("--lang", "en", "committee", "list")


def test_committee_end(branch: Cli) -> None:
    branch.ok("committee", "set", "王建国", "secretary", "--from", "2020-01-05")
    branch.ok("committee", "end", "王建国", "secretary", "--on", "2024-01-05")
    assert roles(branch, "--as-of", "2024-01-04") == [("secretary", "王建国")]
    assert roles(branch, "--as-of", "2024-01-05") == []
    assert roles(branch) == []
    (entry,) = branch.audit("committee.end")
    assert entry["before"]["to_on"] is None
    assert entry["after"]["to_on"] == "2024-01-05"


def test_probationary_member_cannot_join_the_committee(branch: Cli) -> None:
    result = branch.refused("committee", "set", "孙悦", "youth", "--from", "2026-06-01")
    assert "孙悦" in result.stderr or "REF" in result.stderr
    assert roles(branch) == []


def test_member_must_be_full_on_the_start_date(branch: Cli) -> None:
    # 李秀英 became a full member on 1997-06-20
    branch.refused("committee", "set", "李秀英", "secretary", "--from", "1997-01-01")
    branch.ok("committee", "set", "李秀英", "secretary", "--from", "1997-06-20")


def test_second_secretary_is_refused_while_the_first_holds_it(branch: Cli) -> None:
    branch.ok("committee", "set", "王建国", "secretary", "--from", "2024-01-05")
    result = branch.refused("committee", "set", "李秀英", "secretary", "--from", "2025-01-05")
    assert "ROLE" in result.stderr or "committee end" in result.stderr
    branch.ok("committee", "end", "王建国", "secretary", "--on", "2025-01-05")
    branch.ok("committee", "set", "李秀英", "secretary", "--from", "2025-01-05")
    assert roles(branch, "--as-of", "2025-01-04") == [("secretary", "王建国")]
    assert roles(branch, "--as-of", "2025-01-05") == [("secretary", "李秀英")]


def test_a_new_secretary_may_not_overlap_the_previous_term(branch: Cli) -> None:
    """The first secretary held the post until 2025-01-05; a successor from 2024-06-01
    would make two secretaries at once."""
    branch.ok("committee", "set", "王建国", "secretary", "--from", "2020-01-05")
    branch.ok("committee", "end", "王建国", "secretary", "--on", "2025-01-05")
    branch.refused("committee", "set", "李秀英", "secretary", "--from", "2024-06-01")
    for day in ("2024-06-01", "2024-12-31"):
        assert [r for r in roles(branch, "--as-of", day) if r[0] == "secretary"] == [
            ("secretary", "王建国")
        ]


def test_several_deputy_secretaries_are_allowed(branch: Cli) -> None:
    branch.ok("committee", "set", "李秀英", "deputy_secretary", "--from", "2024-01-05")
    branch.ok("committee", "set", "赵磊", "deputy_secretary", "--from", "2024-01-05")
    assert roles(branch) == [("deputy_secretary", "李秀英"), ("deputy_secretary", "赵磊")]


def test_same_post_twice_is_refused(branch: Cli) -> None:
    branch.ok("committee", "set", "李秀英", "deputy_secretary", "--from", "2024-01-05")
    branch.refused("committee", "set", "李秀英", "deputy_secretary", "--from", "2025-01-05")


@pytest.mark.parametrize(
    "args",
    [
        ["王建国", "chairman", "--from", "2024-01-05"],
        ["王建国", "secretary", "--from", "2024-02-30"],
        ["无此人", "secretary", "--from", "2024-01-05"],
        ["99", "secretary", "--from", "2024-01-05"],
    ],
)
def test_committee_set_refusals(branch: Cli, args: list[str]) -> None:
    branch.refused("committee", "set", *args)


def test_committee_end_refusals(branch: Cli) -> None:
    branch.ok("committee", "set", "王建国", "secretary", "--from", "2024-01-05")
    branch.refused("committee", "end", "李秀英", "secretary", "--on", "2025-01-01")  # not held
    branch.refused("committee", "end", "王建国", "secretary", "--on", "2023-12-31")  # before start
    branch.refused("committee", "end", "王建国", "chairman", "--on", "2025-01-01")
    assert roles(branch) == [("secretary", "王建国")]


def test_leaving_ends_committee_posts(branch: Cli) -> None:
    branch.ok("committee", "set", "王建国", "secretary", "--from", "2024-01-05")
    branch.ok("member", "transfer-out", "王建国", "--to", "某区委", "--on", "2026-04-10")
    assert roles(branch, "--as-of", "2026-04-09") == [("secretary", "王建国")]
    assert roles(branch) == []
    # the post is free for a successor
    branch.ok("committee", "set", "李秀英", "secretary", "--from", "2026-04-10")
    # and the one who left cannot be given a post
    branch.refused("committee", "set", "王建国", "propaganda", "--from", "2026-05-01")


def test_committee_set_before_joining_the_branch_is_refused(branch: Cli) -> None:
    branch.ok(
        "member", "transfer-in", "陈静", "--from", "某支部", "--on", "2026-03-01",
        "--gender", "女", "--stage", "full", "--admitted-on", "2010-07-01",
        "--full-on", "2011-07-01",
    )  # fmt: skip
    branch.refused("committee", "set", "陈静", "discipline", "--from", "2026-02-01")
    branch.ok("committee", "set", "陈静", "discipline", "--from", "2026-03-01")


def test_demo_committee(demo_ledger: Cli) -> None:
    listed = demo_ledger.json("committee", "list")
    assert [r["role"] for r in listed][:2] == ["secretary", "deputy_secretary"]
    assert listed[0]["name"] == "王建国"
    assert demo_ledger.json("committee", "list", "--as-of", "2024-01-04") == []


def test_group_edit_renames_and_changes_the_leader(ledger: Cli) -> None:
    ledger.ok("group", "add", "一组")
    ledger.ok("group", "add", "二组")
    ledger.add("张伟", "--group", "一组")
    ledger.ok("group", "edit", "一组", "--name", "机关一组", "--leader", "张伟")
    groups = {g["name"]: g for g in ledger.json("group", "list")}
    assert set(groups) == {"机关一组", "二组"} and groups["机关一组"]["members"] == 1
    assert ledger.member("张伟")["group"] == "机关一组"
    entry = ledger.audit()[-1]
    assert entry["action"] == "group.edit"
    before = ledger.dump()
    for args, field in (
        (["group", "edit", "机关一组", "--name", "二组"], "--name"),  # taken
        (["group", "edit", "机关一组", "--name", " "], "--name"),
        (["group", "edit", "三组", "--name", "x"], "NAME"),
        (["group", "edit", "机关一组", "--leader", "无此人"], "--leader"),
    ):
        err = ledger.refused(*args).stderr
        assert len(err.strip().splitlines()) == 1 and field in err, (args, err)
    assert ledger.dump() == before
    ledger.ok("group", "edit", "机关一组", "--leader", "")
    assert {g["name"]: g["leader"] for g in ledger.json("group", "list")}["机关一组"] is None
