"""`db copy`: a ledger file onto a server branch and back is the same ledger (every read
the same, every row and audit hash the same), writes go on after it, and a target that is
not new is refused with nothing written."""

from __future__ import annotations

import itertools
import json
import os
import sqlite3
import stat
from pathlib import Path
from typing import Any

import pytest
from pg_kit import Dangwu, admin, dump_server, role_url
from test_same_on_both import READS, WRITES

from dangwu.store.copy import copy_order


def copy(source: str, target: str) -> Any:
    # the root --db names some other file: db copy must not use it
    return Dangwu("/nonexistent/ignored.db")("--lang", "en", "db", "copy", source, target)


def copy_ok(source: str, target: str) -> str:
    result = copy(source, target)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


def refused(source: str, target: str) -> str:
    result = copy(source, target)
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def same_reads(a: Dangwu, b: Dangwu) -> None:
    for args in READS:
        x, y = a.json(*args), b.json(*args)
        assert x == y, f"{' '.join(args)} differs:\n{json.dumps(x, ensure_ascii=False)[:2000]}"


def table_rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    with sqlite3.connect(path) as con:
        return {
            t.name: con.execute(f'SELECT * FROM "{t.name}" ORDER BY 1').fetchall()
            for t in copy_order()
        }


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    path = tmp_path / "demo.db"
    Dangwu(str(path)).ok("demo")
    return path


def test_file_to_server_and_back_is_the_same_ledger(
    demo_file: Path, tmp_path: Path, pg_db: str
) -> None:
    out = copy_ok(str(demo_file), pg_db)
    before = table_rows(demo_file)
    total = sum(len(rows) for rows in before.values())
    assert out == f"Copied {total} rows to {pg_db}?branch=public\n"
    lite, server = Dangwu(str(demo_file)), Dangwu(pg_db)
    same_reads(lite, server)  # READS ends with db check: the chain verifies on the server
    assert server.json("db", "check")["ok"] is True

    back = tmp_path / "back.db"
    out = copy_ok(pg_db, str(back))
    # the first copy's audit entry is a row of the server's ledger now
    assert out == f"Copied {total + 1} rows to {back}\n"
    assert stat.S_IMODE(os.stat(back).st_mode) == 0o600
    assert not [n for n in os.listdir(tmp_path) if n.startswith(".")]  # no building file left
    same_reads(lite, Dangwu(str(back)))

    after = table_rows(back)
    for name, rows in before.items():
        if name in ("audit_log", "branch_setting"):
            continue
        assert after[name] == rows, name
    n = len(before["audit_log"])
    assert after["audit_log"][:n] == before["audit_log"]  # ids, content and hashes
    extra = after["audit_log"][n:]
    assert [(e[3], e[4]) for e in extra] == [("db.copy", "ledger")] * 2
    assert json.loads(extra[0][7])["from"] == str(demo_file)
    assert json.loads(extra[1][7])["from"] == pg_db
    assert json.loads(extra[1][7])["rows"]["person"] == len(before["person"])
    settings = dict(before["branch_setting"])
    copied_settings = dict(after["branch_setting"])
    assert copied_settings.pop("audit_head") == f"{extra[1][0]}:{extra[1][-1]}"
    settings.pop("audit_head")
    assert copied_settings == settings


def test_writes_after_copying_to_a_server_get_the_next_ids(demo_file: Path, pg_db: str) -> None:
    copy_ok(str(demo_file), pg_db)
    lite, server = Dangwu(str(demo_file)), Dangwu(pg_db)
    people = len(lite.json("member", "list", "--all"))
    for args in WRITES:
        a, b = lite(*args), server(*args)
        assert (a.exit_code, a.stdout, a.stderr) == (b.exit_code, b.stdout, b.stderr), args
        assert a.exit_code == 0, a.stderr
    same_reads(lite, server)
    ids = sorted(m["id"] for m in server.json("member", "list", "--all"))
    assert ids[-2:] == [people + 1, people + 2]  # 测试甲 and 测试乙, after the copied ids
    assert server.json("db", "check")["ok"] is True


def test_copy_into_a_branch_that_only_went_through_init(
    demo_file: Path, tmp_path: Path, pg_db: str
) -> None:
    admin(pg_db, "CREATE SCHEMA b1")
    url = f"{pg_db}?branch=b1"
    Dangwu(url).ok("init", "--branch", "空支部")
    copy_ok(str(demo_file), url)
    server = Dangwu(url)
    same_reads(Dangwu(str(demo_file)), server)
    # the init entries are gone: the trail is the source's, then the copy's own entry
    audit = dump_server(pg_db, "b1")
    assert "空支部" not in audit
    server.ok("member", "add", "新人", "--gender", "男", "--stage", "full")
    assert server.json("db", "check")["ok"] is True

    # server to server: a second branch from the first
    admin(pg_db, "CREATE SCHEMA b2")
    copy_ok(url, f"{pg_db}?branch=b2")
    same_reads(server, Dangwu(f"{pg_db}?branch=b2"))


def test_refusals_write_nothing(demo_file: Path, tmp_path: Path, pg_db: str) -> None:
    # the target file exists
    existing = tmp_path / "existing.db"
    existing.write_bytes(b"not mine to overwrite")
    line = refused(str(demo_file), str(existing))
    assert line == f"error: TARGET: {existing} already exists; not overwriting"
    assert existing.read_bytes() == b"not mine to overwrite"

    # the source is missing: nothing is created, on a file or on the server
    missing = tmp_path / "missing.db"
    assert refused(str(missing), str(tmp_path / "new.db")) == (
        f"error: SOURCE: no ledger at {missing}"
    )
    assert not (tmp_path / "new.db").exists()
    assert refused(str(missing), pg_db) == f"error: SOURCE: no ledger at {missing}"
    assert dump_server(pg_db) == ""

    # the target branch already holds data
    server = Dangwu(pg_db)
    server.ok("init", "--branch", "测试支部")
    server.ok("member", "add", "张三", "--gender", "男", "--stage", "full")
    before = dump_server(pg_db)
    line = refused(str(demo_file), pg_db)
    assert line.startswith("error: TARGET: branch public already holds a ledger with data")
    assert dump_server(pg_db) == before

    # a branch that does not exist on the server
    line = refused(str(demo_file), f"{pg_db}?branch=nosuch")
    assert line.startswith("error: TARGET: there is no branch nosuch on the server")

    # a server that cannot be reached: one line naming it, password masked
    line = refused(str(demo_file), "postgresql://u:secret@127.0.0.1:1/x")
    assert "secret" not in line and line.startswith("error: TARGET: cannot connect")
    assert not [n for n in os.listdir(tmp_path) if n.startswith(".")]


_roles = itertools.count(1)


def test_moving_a_file_into_a_branch_made_by_branch_create(
    demo_file: Path, tmp_path: Path, pg_server: str, pg_db: str
) -> None:
    tag = f"{os.getpid()}_{next(_roles)}"
    database = pg_db.rsplit("/", 1)[1]
    hc_role, branch_role, other_role = f"copy_hc_{tag}", f"copy_br_{tag}", f"copy_ot_{tag}"
    admin(
        pg_server,
        f"CREATE ROLE {hc_role} LOGIN PASSWORD 'hc' CREATEROLE",
        f"GRANT CREATE ON DATABASE {database} TO {hc_role}",
        f"CREATE ROLE {branch_role} LOGIN PASSWORD 'br'",
        f"CREATE ROLE {other_role} LOGIN PASSWORD 'ot'",
    )
    hc_url = role_url(pg_server, database, hc_role, "hc")
    branch_url = role_url(pg_server, database, branch_role, "br")
    hc = Dangwu(hc_url)
    hc.ok("branch", "create", "alpha", "--owner", branch_role, "--name", "第一党支部")
    hc.ok("branch", "create", "beta", "--owner", other_role, "--name", "第二党支部")

    # the branch's own role cannot empty what branch create wrote: the trail is append-only
    before = dump_server(pg_db, "alpha")
    line = refused(str(demo_file), branch_url)
    assert line.startswith("error: TARGET: this role may not empty what init wrote in branch alpha")
    assert dump_server(pg_db, "alpha") == before

    # the higher committee moves it in; the branch then works on it as on the file
    copy_ok(str(demo_file), f"{hc_url}?branch=alpha")
    branch = Dangwu(branch_url)
    same_reads(Dangwu(str(demo_file)), branch)
    people = len(branch.json("member", "list", "--all"))
    branch.ok("member", "add", "新人", "--gender", "男", "--stage", "full")
    assert branch.json("member", "show", str(people + 1))["name"] == "新人"
    branch.ok("dues", "base", "新人", "--income", "8000", "--from", "2026-01")
    branch.ok("dues", "pay", "新人", "--month", "2026-11")
    assert branch.json("db", "check")["ok"] is True

    # and takes a copy home; another branch's role may not
    home = tmp_path / "home.db"
    copy_ok(branch_url, str(home))
    assert Dangwu(str(home)).json("member", "show", str(people + 1))["name"] == "新人"
    nosy = role_url(pg_server, database, other_role, "ot") + "?branch=alpha"
    line = refused(nosy, str(tmp_path / "stolen.db"))
    assert line.startswith("error: SOURCE: the server refused (permission denied")
    assert not (tmp_path / "stolen.db").exists()
