"""The higher committee's roll-up on PostgreSQL (issue 22, item 5): `report year
--all-branches` and `report compliance --all-branches` over many small branches and over a
few large ones, each branch built through the real `member import` and `dues import` (the
people and 24 months of dues of run_bench.py; no meetings, so every meeting rule is short).

    python bench/rollup_pg.py                          # 100 × 100 and 10 × 10,000 people
    python bench/rollup_pg.py --shapes 20x100 --server postgresql://postgres@localhost/bench

A throwaway cluster (.ci/pg-cluster.sh, fsync off) unless --server names a superuser URL.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run_bench  # noqa: E402  (the people and dues generator, the timers)

CLUSTER = HERE.parent / ".ci" / "pg-cluster.sh"
REPORTS = (
    ("report year --all-branches", ["report", "year", "2026"]),
    ("report compliance --all-branches", ["report", "compliance", "--period", "2026"]),
)


def _dangwu(db: str, *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "dangwu", "--db", db, *args], check=True, stdout=subprocess.DEVNULL
    )


def build(server: str, branches: int, people: int, work: Path) -> str:
    """A database with `branches` branches of `people` each; the higher committee's URL."""
    import psycopg

    name = f"dangwu_rollup_{branches}x{people}"
    hc_role = f"jiguan_{branches}x{people}"  # roles are the cluster's: one set per shape
    with psycopg.connect(server, autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        con.execute(f'CREATE DATABASE "{name}"')
        con.execute(f"CREATE ROLE {hc_role} LOGIN CREATEROLE")
        con.execute(f'GRANT CREATE ON DATABASE "{name}" TO {hc_role}')
        for b in range(1, branches + 1):
            con.execute(f"CREATE ROLE r{branches}x{people}b{b} LOGIN")
    host = server.split("@", 1)[1].rsplit("/", 1)[0]
    hc = f"postgresql://{hc_role}@{host}/{name}"
    roster, register = run_bench.write_files(people, work)
    started = time.perf_counter()
    for b in range(1, branches + 1):
        owner = f"r{branches}x{people}b{b}"
        _dangwu(hc, "branch", "create", f"b{b}", "--owner", owner, "--name", f"第{b}党支部")
        _dangwu(f"{hc}?branch=b{b}", "member", "import", str(roster))
        _dangwu(f"{hc}?branch=b{b}", "dues", "import", str(register))
    print(f"  built {branches} × {people}: {time.perf_counter() - started:6.1f} s")
    with psycopg.connect(f"{server.rsplit('/', 1)[0]}/{name}", autocommit=True) as con:
        con.execute("VACUUM ANALYZE")
    return hc


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shapes", default="100x100,10x10000", help="BRANCHESxPEOPLE,…")
    parser.add_argument("--server", help="a superuser URL (default: a throwaway cluster)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per command (the best counts)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="dangwu-rollup-"))
    cluster = None
    server = args.server
    if server is None:
        cluster = tempfile.mkdtemp(prefix="dangwu-rollup-cluster-")
        server = subprocess.run(
            ["bash", str(CLUSTER), "start", cluster], check=True, capture_output=True, text=True
        ).stdout.strip()
    rows = []
    try:
        for shape in args.shapes.split(","):
            branches, people = (int(x) for x in shape.split("x"))
            print(f"building {branches} branches of {people} people …")
            hc = build(server, branches, people, work)
            for name, cmd in REPORTS:
                full = [*cmd, "--all-branches", "--as-of", run_bench.AS_OF, "-f", "json"]
                runs = [run_bench.dangwu(hc, *full) for _ in range(args.repeat)]  # type: ignore[arg-type]
                assert all(r[2] == 0 for r in runs), f"{name} failed"
                secs, rss = min(r[0] for r in runs), max(r[1] for r in runs)
                rows.append((branches, people, name, secs, rss))
                print(f"  {name}: {secs:.2f} s, {rss:.0f} MB", flush=True)
    finally:
        if cluster is not None:
            subprocess.run(["bash", str(CLUSTER), "stop", cluster], check=False)
            shutil.rmtree(cluster, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)
    print()
    print(
        f"{'branches':>8} {'people':>7} {'members':>8}  {'command':<34} {'seconds':>8} {'peak MB':>8} {'ms/member':>9}"
    )
    for branches, people, name, secs, rss in rows:
        total = branches * people
        print(
            f"{branches:>8} {people:>7} {total:>8}  {name:<34} {secs:8.2f} {rss:8.1f}"
            f" {1000 * secs / total:9.3f}"
        )


if __name__ == "__main__":
    main()
