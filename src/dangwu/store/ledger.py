"""Opening the ledger: the one place that checks, creates, upgrades and backs up the file.

This module imports no SQLAlchemy: reads go through plain sqlite3 (store/reader.py), and
the engine is created only when a command writes or the schema must be upgraded.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from ..errors import MissingLedger, Refused
from . import revision
from .reader import BUSY_TIMEOUT_MS, SqliteReader, reading

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlmodel import Session


def read_revision(path: Path) -> str | None:
    """The ledger's schema revision, read with plain sqlite3 (no Alembic import)."""
    try:
        # quoted: a path may hold '#', '?' or '%', which mean something in a URI
        uri = f"file:{quote(str(path.resolve()))}?mode=ro"
        con = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise Refused(
            f"--db: 账本无法打开：{path}（{exc}）", f"--db: cannot open the ledger {path} ({exc})"
        ) from None
    try:
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        if "no such table" in str(exc):
            return None
        raise Refused(
            f"--db: 账本无法读取：{path}（{exc}）",
            f"--db: the ledger cannot be read: {path} ({exc})",
        ) from None
    finally:
        con.close()
    return row[0] if row else None


def create_private(path: Path) -> None:
    """Create an empty file readable by its owner only (0600), refusing an existing one."""
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.fchmod(fd, 0o600)
    os.close(fd)


def backup_to(source: Path, target: Path) -> None:
    """A consistent online copy (VACUUM INTO), mode 0600; never overwrites."""
    try:
        if target.exists():
            raise Refused(
                f"PATH: {target} 已存在，不会覆盖",
                f"PATH: {target} already exists; not overwriting",
            )
        if not target.parent.is_dir():
            raise Refused(
                f"PATH: 目录不存在：{target.parent}", f"PATH: no such directory: {target.parent}"
            )
        create_private(target)
    except OSError as exc:  # a name too long, no permission, a read-only file system
        raise Refused(
            f"PATH: 无法创建 {target}（{exc.strerror}）",
            f"PATH: cannot create {target} ({exc.strerror})",
        ) from None
    con = sqlite3.connect(str(source), timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        con.execute("VACUUM INTO ?", (str(target),))
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    finally:
        con.close()
    os.chmod(target, 0o600)


class Ledger:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._engine: Engine | None = None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            from .engine import make_engine

            self._engine = make_engine(self.path)
        return self._engine

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction holding the write lock: everything is committed, or nothing."""
        from .engine import write_session

        with write_session(self.engine) as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[SqliteReader]:
        with reading(self.path) as reader:
            yield reader

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


def missing_message(path: Path) -> MissingLedger:
    return MissingLedger(
        f"--db: 账本不存在：{path}。请先运行 dangwu init --branch 支部名称",
        f"--db: no ledger at {path}. Run `dangwu init --branch NAME` first",
    )


def open_ledger(path: Path) -> Ledger:
    """Open an existing ledger, upgrading an older schema after a backup copy beside it."""
    if not path.exists():
        raise missing_message(path)
    if path.is_dir():
        raise Refused(
            f"--db: {path} 是目录，不是账本文件", f"--db: {path} is a directory, not a ledger"
        )
    current = read_revision(path)
    if current != revision.HEAD:
        if current is None:
            raise Refused(f"--db: {path} 不是 dangwu 账本", f"--db: {path} is not a dangwu ledger")
        if current not in revision.KNOWN:
            raise Refused(
                f"--db: 账本的数据结构版本 {current} 比本程序新，请升级 dangwu",
                f"--db: the ledger's schema {current} is newer than this dangwu; upgrade dangwu",
            )
        backup = upgrade(path, current)
        import sys

        from ..i18n import tr

        # a one-time event worth a line even from cron: the schema changed, a copy was kept
        print(
            tr(
                f"提示：账本已升级到新的数据结构 {revision.HEAD}，升级前的副本：{backup}",
                f"note: the ledger was upgraded to schema {revision.HEAD}; the copy from before: {backup}",
            ),
            file=sys.stderr,
        )
    return Ledger(path)


def upgrade(path: Path, current: str | None) -> Path | None:
    """Back up beside the ledger, then migrate. Returns the backup path (None if up to date)."""
    if current == revision.HEAD:
        return None
    from .engine import migrate

    stamp = datetime.now().strftime("%Y%m%d%H%M%S")
    backup = path.with_name(f"{path.name}.{current or 'empty'}-{stamp}.bak")
    backup_to(path, backup)
    migrate(path)
    return backup


def remove_ledger_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def create_ledger(path: Path) -> Ledger:
    """A new ledger file (0600), migrated to head. Never touches an existing file."""
    if path.exists():
        raise Refused(
            f"--db: {path} 已存在，不会覆盖", f"--db: {path} already exists; it is left untouched"
        )
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700)
    from .engine import migrate

    create_private(path)
    try:
        migrate(path)
    except BaseException:
        remove_ledger_files(path)
        raise
    return Ledger(path)
