"""The reports benchmark on PostgreSQL, side by side with the same ledger in a file.

Builds the bench ledger of run_bench.py (N people, 24 months of dues, two years of meetings)
in a file, and the same one on a PostgreSQL server through the same `member import` and
`dues import` files; then times `dues statement`, `dues status`, `report compliance` and
`report year` on both, next to each backend's floor (its own shell running the GROUP BY).

    python bench/run_bench_pg.py                       # 10,000 people, a throwaway cluster
    python bench/run_bench_pg.py --sizes 1000 --server postgresql://postgres@localhost/bench

A throwaway cluster (.ci/pg-cluster.sh) runs with fsync off; a real server's writes are
slower, its reads the same.
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

import run_bench  # noqa: E402  (the file benchmark's builder and timers)

CLUSTER = HERE.parent / ".ci" / "pg-cluster.sh"
REPORTS = (
    ("dues statement", ["dues", "statement", "--year", "2026"]),
    ("dues status", ["dues", "status"]),
    ("report compliance", ["report", "compliance", "--period", "2026"]),
    ("report year", ["report", "year", "2026"]),
)


def _dangwu(db: str, *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "dangwu", "--db", db, *args], check=True, stdout=subprocess.DEVNULL
    )


def build_server(server: str, n: int, work: Path) -> str:
    import psycopg

    name = f"dangwu_bench_{n}"
    with psycopg.connect(server, autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        con.execute(f'CREATE DATABASE "{name}"')
    url = f"{server.rsplit('/', 1)[0]}/{name}"
    _dangwu(url, "init", "--branch", "基准测试支部")
    t = time.perf_counter()
    _dangwu(url, "member", "import", str(work / f"roster{n}.csv"))
    print(f"  postgresql member import {n:>6}: {time.perf_counter() - t:6.2f} s")
    t = time.perf_counter()
    _dangwu(url, "dues", "import", str(work / f"dues{n}.csv"))
    print(f"  postgresql dues import {n * 24:>8} rows: {time.perf_counter() - t:6.2f} s")
    t = time.perf_counter()
    _meetings_on_server(url)
    print(f"  postgresql two years of meetings: {time.perf_counter() - t:6.2f} s")
    # what autovacuum does after a bulk load, done now rather than during the timings: the
    # planner's statistics, and the visibility map that lets index-only scans skip the table
    with psycopg.connect(url, autocommit=True) as con:
        con.execute("VACUUM ANALYZE")
    return url


def _meetings_on_server(url: str) -> None:
    run_bench.meetings(
        "__import__('dangwu.store.server').store.server.open_server("
        f"__import__('dangwu.store.address').store.address.parse_server({url!r}))"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000")
    parser.add_argument("--server", help="a superuser URL (default: start a throwaway cluster)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per command (the best counts)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="dangwu-bench-pg-"))
    cluster = None
    server = args.server
    if server is None:
        cluster = tempfile.mkdtemp(prefix="dangwu-bench-cluster-")
        server = subprocess.run(
            ["bash", str(CLUSTER), "start", cluster], check=True, capture_output=True, text=True
        ).stdout.strip()
    psql = shutil.which("psql")
    sqlite = shutil.which("sqlite3")
    rows = []
    try:
        for n in (int(x) for x in args.sizes.split(",")):
            print(f"building {n} people …")
            db, _ = run_bench.build(n, work)
            url = build_server(server, n, work)
            floors = {
                "sqlite": run_bench.floor(sqlite, db, args.repeat)[0] if sqlite else float("nan"),
                "postgresql": run_bench.best([psql, url, "-qAc", run_bench.FLOOR_SQL], args.repeat)[
                    0
                ]
                if psql
                else float("nan"),
            }
            for name, cmd in REPORTS:
                full = [*cmd, "--as-of", run_bench.AS_OF, "-f", "json"]
                for backend, target in (("sqlite", str(db)), ("postgresql", url)):
                    runs = [run_bench.dangwu(target, *full) for _ in range(args.repeat)]  # type: ignore[arg-type]
                    secs, rss = min(r[0] for r in runs), max(r[1] for r in runs)
                    rows.append((n, name, backend, secs, rss, floors[backend]))
    finally:
        if cluster is not None:
            subprocess.run(["bash", str(CLUSTER), "stop", cluster], check=False)
            shutil.rmtree(cluster, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)
    print()
    print(
        f"{'people':>7}  {'command':<18} {'backend':<11} {'seconds':>8} {'peak MB':>8} {'floor s':>8} {'× floor':>8}"
    )
    for n, name, backend, secs, rss, floor in rows:
        print(
            f"{n:>7}  {name:<18} {backend:<11} {secs:8.3f} {rss:8.1f} {floor:8.3f} {secs / floor:8.1f}"
        )


if __name__ == "__main__":
    main()
