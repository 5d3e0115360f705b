"""Opening the ledger: the one place that checks, creates, upgrades and backs up the file.

This module imports no SQLAlchemy: reads go through plain sqlite3 (store/reader.py), and
the engine is created only when a command writes or the schema must be upgraded.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import quote

from ..errors import DangwuError, MissingLedger, Refused
from . import revision
from .reader import BUSY_TIMEOUT_MS, SqliteReader, reading

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlmodel import Session

    from .writer import Writer


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


def _building(target: Path) -> Path:
    """Where a new file is built before it takes its name: hidden, beside it (one file system).

    What a killed build of the same name left there (its process gone) is removed first:
    it was never published, so nothing refers to it, and it would lie there for good."""
    _sweep_dead_builds(target)
    return target.with_name(f".{target.name}.{os.getpid()}.new")


def _sweep_dead_builds(target: Path) -> None:
    prefix, suffixes = f".{target.name}.", (".new", ".new-wal", ".new-shm", ".new-journal")
    try:
        names = [entry.name for entry in os.scandir(target.parent)]
    except OSError:
        return
    for name in names:
        if not name.startswith(prefix):
            continue
        rest = name[len(prefix) :]
        pid, _, tail = rest.partition(".")
        if not pid.isdigit() or f".{tail}" not in suffixes or _alive(int(pid)):
            continue
        try:
            (target.parent / name).unlink()
        except OSError:
            pass


def _alive(pid: int) -> bool:
    # signal 0 only asks on POSIX (on Windows os.kill would end the process): elsewhere
    # every build counts as alive and nothing is swept
    if pid == os.getpid() or os.name != "posix":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process: alive, not ours to judge
    return True


def _sync(path: Path) -> None:
    """Flush a file, or a folder's list of names, to the disk (where the system allows it)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _publish(built: Path, target: Path, exists: Refused) -> None:
    """Give a finished file its name in one step, never over an existing file: a process
    killed before this leaves nothing at `target`, after it the whole file."""
    _sync(built)
    try:
        os.link(built, target)
    except FileExistsError:
        raise exists from None
    except OSError:
        # no hard links on this file system (FAT, some shares): rename, which on POSIX would
        # replace a file, so look first
        if target.exists():
            raise exists from None
        os.rename(built, target)
    _sync(target.parent)


def backup_to(source: Path, target: Path) -> None:
    """A consistent online copy (VACUUM INTO), mode 0600; never overwrites.

    Written under a temporary name and published whole: a backup killed half-way must not
    leave a truncated copy that looks like a backup (and that a second try would refuse)."""
    exists = Refused(
        f"PATH: {target} 已存在，不会覆盖", f"PATH: {target} already exists; not overwriting"
    )
    if not target.name:  # "/": a folder, and no name to build a file beside
        raise exists
    built = _building(target)
    try:
        if target.exists():
            raise exists
        if not target.parent.is_dir():
            raise Refused(
                f"PATH: 目录不存在：{target.parent}", f"PATH: no such directory: {target.parent}"
            )
        remove_ledger_files(built)
        create_private(built)
    except OSError as exc:  # a name too long, no permission, a read-only file system
        raise Refused(
            f"PATH: 无法创建 {target}（{exc.strerror}）",
            f"PATH: cannot create {target} ({exc.strerror})",
        ) from None
    try:
        con = sqlite3.connect(str(source), timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            con.execute("VACUUM INTO ?", (str(built),))
        finally:
            con.close()
        os.chmod(built, 0o600)
        _publish(built, target, exists)
    finally:
        remove_ledger_files(built)


class Ledger:
    """A ledger file (store/handle.LedgerHandle)."""

    kind = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path = path
        self._engine: Engine | None = None
        # what the user should hear about opening it (an upgrade): the command prints them
        self.notices: list[str] = []

    @property
    def location(self) -> str:
        return str(self.path)

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

    @contextmanager
    def writer(self) -> Iterator[Writer]:
        """One write transaction on sqlite3 alone (store/writer.py): no ORM import."""
        from .writer import writing

        with writing(self.path) as w:
            yield w

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


def missing_message(path: Path) -> MissingLedger:
    return MissingLedger(
        f"--db: 账本不存在：{path}。请先运行 dangwu init --branch 支部名称",
        f"--db: no ledger at {path}. Run `dangwu init --branch NAME` first",
    )


def check_file(path: Path) -> None:
    """Refuse a --db that is missing or a directory (before anything reads it)."""
    if not path.exists():
        raise missing_message(path)
    if path.is_dir():
        raise Refused(
            f"--db: {path} 是目录，不是账本文件", f"--db: {path} is a directory, not a ledger"
        )


def open_ledger(path: Path) -> Ledger:
    """Open an existing ledger, upgrading an older schema after a backup copy beside it."""
    check_file(path)
    done = upgrade(path)
    ledger = Ledger(path)
    if done is not None:
        from ..i18n import tr

        # a one-time event worth a line even from cron: the schema changed, a copy was kept
        ledger.notices.append(
            tr(
                f"提示：账本已升级到新的数据结构 {revision.HEAD}，升级前的副本：{done.backup}",
                f"note: the ledger was upgraded to schema {revision.HEAD}; the copy from before: {done.backup}",
            )
        )
    return ledger


class Upgraded(NamedTuple):
    from_revision: str
    backup: Path


def known_revision(path: Path) -> str:
    """The ledger's revision, refusing a file that is not a ledger or is newer than the code."""
    current = read_revision(path)
    if current is None:
        raise Refused(f"--db: {path} 不是 dangwu 账本", f"--db: {path} is not a dangwu ledger")
    if current not in revision.KNOWN:
        raise Refused(
            f"--db: 账本的数据结构版本 {current} 比本程序新，请升级 dangwu",
            f"--db: the ledger's schema {current} is newer than this dangwu; upgrade dangwu",
        )
    return current


def upgrade(path: Path) -> Upgraded | None:
    """Bring an older ledger to the schema this code expects; None if it already is.

    No migration ever runs on the ledger itself. Under SQLite's write lock, with its WAL
    folded in, the ledger's bytes are copied twice beside it: a backup that stays, and a
    working copy. Only the working copy is migrated, checked and synced to disk, then renamed
    over the ledger in one atomic step. A failure or a kill at any point before that rename
    leaves the ledger as it was (the backup too); after it, the ledger is upgraded. Both
    `db upgrade` and the automatic upgrade on opening come through here.
    """
    if known_revision(path) == revision.HEAD:
        return None
    # a symlinked ledger: upgrade the file it points to (renaming over the link would leave
    # the real file behind, stale)
    path = Path(os.path.realpath(path))
    with _upgrade_lock(path.parent) as exclusive:
        # again under the lock: another dangwu may have upgraded it while this one waited
        current = known_revision(path)
        if current == revision.HEAD:
            return None
        if exclusive:
            _remove_leftovers(path)
        work = path.with_name(f"{_WORK_PREFIX}{path.name}{_WORK_MARK}{os.getpid()}")
        backup: Path | None = None
        try:
            with _writers_held_off(path) as before:
                backup = _backup_beside(path, current)
                _copy_private(path, work)
            _migrate_copy(work, path)
            if _fingerprint(path) != before:
                raise Refused(
                    "升级期间账本被其他程序改动，已放弃升级，请再试一次",
                    "another program changed the ledger during the upgrade; run it again",
                )
            os.replace(work, path)  # the one step that changes the ledger: all or nothing
            _fsync_directory(path.parent)
        except BaseException as exc:
            _remove_files(work)
            if not isinstance(exc, Exception):
                raise  # Ctrl-C: the ledger is as it was; the backup, if written, stays
            if backup is None and isinstance(exc, DangwuError):
                raise
            raise _upgrade_failed(exc, backup) from None
    assert backup is not None
    return Upgraded(current, backup)


# In-progress files of an upgrade, beside the ledger: hidden, and removed by the next upgrade
# when a kill left them behind.
_WORK_PREFIX = "."
_WORK_MARK = ".upgrading-"


def _upgrade_failed(exc: Exception, backup: Path | None) -> Refused:
    """One line: what failed, that the ledger is unchanged, and where the backup is."""
    if isinstance(exc, DangwuError):
        zh, en = exc.zh, exc.en
    else:
        zh = en = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
    if backup is None:
        return Refused(
            f"无法在账本旁写入升级前的备份，账本未升级，也未作任何改动（{zh}）",
            f"could not write the backup copy beside the ledger, so it was neither upgraded"
            f" nor changed ({en})",
        )
    return Refused(
        f"账本升级失败，账本未作任何改动（{zh}）；升级前的备份：{backup}",
        f"the upgrade failed and the ledger was left as it was ({en}); the copy from before:"
        f" {backup}",
    )


@contextmanager
def _upgrade_lock(directory: Path) -> Iterator[bool]:
    """One upgrade at a time per directory (flock on the directory, not on the ledger: closing
    a second descriptor of the ledger would drop SQLite's own POSIX locks in this process).
    Yields whether the lock is held."""
    try:
        import fcntl
    except ImportError:  # no flock on Windows: upgrades there are not serialized
        yield False
        return
    import time

    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # a folder that cannot be read: the upgrade goes on unserialized
        yield False
        return
    try:
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise Refused(
                        "另一个 dangwu 正在升级此目录中的账本，请稍后再试",
                        "another dangwu is upgrading a ledger in this folder; try again shortly",
                    ) from None
                time.sleep(0.05)
        yield True
    finally:
        os.close(fd)  # releases the lock


def _remove_leftovers(path: Path) -> None:
    """Work files of an upgrade that was killed (only under the lock: none is in use)."""
    head = f"{_WORK_PREFIX}{path.name}{_WORK_MARK}"
    for name in os.listdir(path.parent):
        if name.startswith(head):
            (path.parent / name).unlink(missing_ok=True)


def _remove_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _wal_size(path: Path) -> int:
    try:
        return os.stat(f"{path}-wal").st_size
    except FileNotFoundError:
        return 0


def _fingerprint(path: Path) -> tuple[int, int, int, int]:
    """Changes whenever anyone commits to the ledger (a commit grows the WAL, a checkpoint
    rewrites the file)."""
    st = os.stat(path)
    return (st.st_ino, st.st_size, st.st_mtime_ns, _wal_size(path))


@contextmanager
def _writers_held_off(path: Path) -> Iterator[tuple[int, int, int, int]]:
    """Hold the ledger's write lock with the WAL folded into the file, so that the file's
    bytes are the whole ledger and stay so while they are copied. Yields its fingerprint."""
    import time

    busy = Refused(
        "账本正被其他程序使用，暂时无法升级，请稍后再试",
        "the ledger is in use by another program; try the upgrade again shortly",
    )
    con = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    try:
        deadline = time.monotonic() + 2 * BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                con.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                if "locked" in str(exc) or "busy" in str(exc):
                    raise busy from None
                raise
            if _wal_size(path) == 0:
                break
            # a writer committed after the checkpoint, or a reader kept it from finishing
            con.execute("ROLLBACK")
            if time.monotonic() > deadline:
                raise busy
            time.sleep(0.05)
        yield _fingerprint(path)
    finally:
        con.close()  # rolls back: nothing was written


def _copy_bytes(source: Path, target: Path) -> None:
    """A new private (0600) file holding source's bytes, synced to disk."""
    create_private(target)
    with open(source, "rb") as src, open(target, "r+b") as dst:
        shutil.copyfileobj(src, dst, 1 << 20)
        dst.flush()
        os.fsync(dst.fileno())


def _copy_private(source: Path, target: Path) -> None:
    try:
        _copy_bytes(source, target)
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def _backup_beside(path: Path, current: str) -> Path:
    """Byte-for-byte copy of the ledger as it was, named after its revision and the time.

    Written under a hidden name first and linked into place only when complete, so a file
    named *.bak is never a torn copy.
    """
    stamp = datetime.now().strftime("%Y%m%d%H%M%S")
    partial = path.with_name(f"{_WORK_PREFIX}{path.name}{_WORK_MARK}{os.getpid()}.bak")
    _copy_private(path, partial)
    try:
        for n in range(1, 100):
            name = f"{path.name}.{current}-{stamp}" + (f"-{n}" if n > 1 else "") + ".bak"
            target = path.with_name(name)
            try:
                os.link(partial, target)  # never overwrites
            except FileExistsError:
                continue
            except OSError:  # a file system without hard links
                if target.exists():
                    continue
                os.replace(partial, target)
            _fsync_directory(path.parent)
            return target
        raise Refused(f"PATH: {target} 已存在，不会覆盖", f"PATH: {target} already exists")
    finally:
        partial.unlink(missing_ok=True)


def _migrate_copy(work: Path, original: Path) -> None:
    """Migrate the working copy, check it, give it the ledger's mode and owner, sync it."""
    from .engine import migrate

    migrate(work)
    con = sqlite3.connect(str(work), isolation_level=None)
    try:
        busy = con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        check = con.execute("PRAGMA quick_check").fetchone()[0]
        head = con.execute("SELECT version_num FROM alembic_version").fetchone()
    finally:
        con.close()
    if busy or check != "ok" or head != (revision.HEAD,) or _wal_size(work):
        raise Refused(
            f"升级后的副本未通过检查（{check}，版本 {head}）",
            f"the upgraded copy failed its check ({check}, revision {head})",
        )
    # the WAL is folded in: the file alone is the ledger; an -shm of the copy means nothing
    for suffix in ("-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    st = os.stat(original)
    os.chmod(work, stat.S_IMODE(st.st_mode))
    if (st.st_uid, st.st_gid) != (os.stat(work).st_uid, os.stat(work).st_gid):
        try:
            os.chown(work, st.st_uid, st.st_gid)
        except PermissionError:
            pass  # only root may give a file away; the mode still keeps it private
    fd = os.open(work, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_directory(directory: Path) -> None:
    """Make a rename or link in directory durable (a no-op where directories cannot be opened)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_ledger_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def create_ledger(path: Path, fill: Callable[[Ledger], None] | None = None) -> Ledger:
    """A new ledger file (0600), migrated to head and filled by `fill` (init's settings, the
    demo's sample branch). Never touches an existing file.

    It is built under a temporary name beside `path` and takes its name only when complete,
    so a process killed part-way leaves no half-made ledger that every command rejects and
    `init` refuses to replace: `path` is a whole ledger or nothing."""
    exists = Refused(
        f"--db: {path} 已存在，不会覆盖（另建账本请用 --db 指定新路径）",
        f"--db: {path} already exists; it is left untouched (give --db a new path for"
        " another ledger)",
    )
    if path.exists():
        raise exists
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700)
    from .engine import migrate

    built = _building(path)
    remove_ledger_files(built)
    try:
        create_private(built)
    except OSError as exc:  # /proc, a read-only folder: no file may be made there
        raise Refused(
            f"--db: 无法在 {path.parent} 创建文件：{exc.strerror or exc}",
            f"--db: cannot create a file in {path.parent}: {exc.strerror or exc}",
        ) from None
    try:
        migrate(built)
        if fill is not None:
            ledger = Ledger(built)
            try:
                fill(ledger)
            finally:
                ledger.dispose()
        # fold the WAL into the file: only the file itself takes the ledger's name
        con = sqlite3.connect(str(built))
        try:
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            con.close()
        wal = Path(f"{built}-wal")
        if wal.exists() and wal.stat().st_size:
            raise RuntimeError(f"{built}: the write-ahead log could not be folded in")
        _publish(built, path, exists)
    finally:
        remove_ledger_files(built)
    return Ledger(path)
