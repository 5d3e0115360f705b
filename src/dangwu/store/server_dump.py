"""`db backup` for a branch on a PostgreSQL server: pg_dump of the branch's schema.

pg_dump reads one snapshot of the schema while writers go on, as VACUUM INTO does for a
file, and writes PostgreSQL's custom format, which `pg_restore` loads back (README). The
file is built under a hidden name, mode 0600, and takes its name only when complete.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
from pathlib import Path

from ..errors import Refused
from . import reader
from .address import scrub, without_password
from .ledger import _building, _publish, create_private
from .server import ServerLedger


def find_pg_dump() -> str | None:
    found = shutil.which("pg_dump")
    if found:
        return found
    # Debian and Ubuntu keep the versioned binaries off PATH; the newest can dump older servers
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_dump"), key=_version)
    return candidates[-1] if candidates else None


def _version(path: str) -> tuple[int, ...]:
    part = Path(path).parent.parent.name
    return tuple(int(x) for x in part.split(".") if x.isdigit())


def dump_branch(ledger: ServerLedger, target: Path) -> None:
    exists = Refused(
        f"PATH: {target} 已存在，不会覆盖", f"PATH: {target} already exists; not overwriting"
    )
    pg_dump = find_pg_dump()
    if pg_dump is None:
        raise Refused(
            "db backup: 找不到 pg_dump；请安装 PostgreSQL 客户端（如 apt install postgresql-client）",
            "db backup: pg_dump is not installed; install PostgreSQL's client tools"
            " (e.g. apt install postgresql-client)",
        )
    if target.exists():
        raise exists
    if not target.parent.is_dir():
        raise Refused(
            f"PATH: 目录不存在：{target.parent}", f"PATH: no such directory: {target.parent}"
        )
    built = _building(target)
    try:
        create_private(built)
    except OSError as exc:
        raise Refused(
            f"PATH: 无法创建 {target}（{exc.strerror}）",
            f"PATH: cannot create {target} ({exc.strerror})",
        ) from None
    try:
        url, password = without_password(
            ledger.address.url.replace("postgresql+psycopg://", "postgresql://", 1)
        )
        env = dict(os.environ, PGCONNECT_TIMEOUT="10")
        if password is not None:
            env["PGPASSWORD"] = password
        done = subprocess.run(
            [
                pg_dump,
                "--format=custom",
                f"--schema={ledger.schema}",
                f"--file={built}",
                # a branch's role may lock its own tables: a backup then fails, not hangs
                f"--lock-wait-timeout={int(reader.BUSY_TIMEOUT_MS)}",
                f"--dbname={url}",
            ],
            capture_output=True,
            text=True,
            env=env,
        )
        if done.returncode != 0:
            why = scrub((done.stderr.strip().splitlines() or ["?"])[-1], ledger.address.url)
            raise Refused(f"db backup: pg_dump 失败：{why}", f"db backup: pg_dump failed: {why}")
        os.chmod(built, 0o600)
        _publish(built, target, exists)
    finally:
        built.unlink(missing_ok=True)
