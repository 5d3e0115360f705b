"""What every command shares: the ledger from --db, --format, --reveal, error mapping."""

from __future__ import annotations

import functools
import os
import shlex
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from ..errors import DangwuError
from ..i18n import get_lang, tr

if TYPE_CHECKING:
    from ..render import Output
    from ..store.address import ServerAddress
    from ..store.handle import LedgerHandle

F = TypeVar("F", bound=Callable[..., Any])

FormatOpt = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        help="table | plain | json | csv | markdown (default: table on a terminal, plain in a"
        " pipe).",
    ),
]
RevealOpt = Annotated[bool, typer.Option("--reveal", help="Show ID and phone numbers unmasked.")]
AsOfOpt = Annotated[
    str | None, typer.Option("--as-of", help="Evaluate as if today were this date.")
]


# A bad 10,000-row file should not bury the terminal: the first problems tell what to fix.
MAX_DETAIL = 50


class State:
    db_option: str | None = None


state = State()


def db_path() -> Path:
    from ..errors import Refused
    from ..store.paths import resolve_db

    if state.db_option is not None and not state.db_option.strip():
        # `--db ''` (an unset variable in a script) must not fall back to the default ledger
        raise Refused("--db: 路径为空", "--db: the path is empty")
    path = resolve_db(state.db_option)
    try:
        if _undecodable(str(path)):
            raise ValueError("not UTF-8")
        mode = os.stat(path).st_mode  # a name too long: Path.exists() raises too
        if not stat.S_ISREG(mode):
            # a FIFO would block SQLite's open for ever; a directory or a device is no ledger
            what = "目录" if stat.S_ISDIR(mode) else "特殊文件"
            raise Refused(
                f"--db: {path} 是{what}，不是账本文件",
                f"--db: {path} is a {'directory' if stat.S_ISDIR(mode) else 'special file'},"
                " not a ledger file",
            )
    except FileNotFoundError:
        pass  # init and demo create it; the other commands say to run init
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise Refused(
            f"--db: 无法使用此路径：{str(path)!r}（{reason}）",
            f"--db: cannot use the path {str(path)!r} ({reason})",
        ) from None
    return path


def _undecodable(text: str) -> bool:
    return any("\ud800" <= ch <= "\udfff" for ch in text)


def command_line() -> str:
    """The command as the audit trail keeps it: a server URL's password masked (the trail
    is readable by everyone who reads the branch)."""
    from ..store.address import mask_secrets

    return mask_secrets("dangwu " + shlex.join(sys.argv[1:]))


def server_address() -> ServerAddress | None:
    """The PostgreSQL server --db (or DANGWU_DB) names, or None for a ledger file."""
    from ..errors import Refused
    from ..store.address import is_server, parse_server

    if state.db_option is not None and not state.db_option.strip():
        raise Refused("--db: 路径为空", "--db: the path is empty")
    text = state.db_option or os.environ.get("DANGWU_DB") or ""
    return parse_server(text) if is_server(text) else None


def open_ledger() -> LedgerHandle:
    from ..store.audit import set_command

    set_command(command_line())
    address = server_address()
    ledger: LedgerHandle
    if address is not None:
        from ..store.server import open_server

        ledger = open_server(address)
    else:
        from ..store.ledger import open_ledger as _open

        ledger = _open(db_path())
    announce(ledger.notices)
    return ledger


def announce(notices: list[str]) -> None:
    """What opening a ledger did that the user should hear of, on stderr (cron keeps it)."""
    for notice in notices:
        typer.echo(notice, err=True)


def require_server(option: str) -> ServerAddress:
    from ..errors import Refused

    address = server_address()
    if address is None:
        raise Refused(
            f"{option}: 只能用于 PostgreSQL 服务器上的账本（--db postgresql://…）",
            f"{option}: works on a PostgreSQL server only (--db postgresql://…)",
        )
    return address


# Everything str.splitlines() breaks at: a value echoed in a message (a file name, a
# name) must not split the one line of a refusal, on a terminal or in a log.
_LINE_BREAKS = str.maketrans(dict.fromkeys("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029", " "))


def one_line(text: str) -> str:
    return text.translate(_LINE_BREAKS)


def fail(err: DangwuError) -> typer.Exit:
    from ..errors import Outstanding

    if isinstance(err, Outstanding):
        # exit 3 is a finding, not an error: the output already shows it (and cron stays tidy)
        return typer.Exit(err.exit_code)
    from ..crash import mask_text
    from ..errors import RowErrors

    # a refusal echoes what was typed (a REF, a cell of an import): an ID or phone number
    # there is masked like in every other output (CLI.md); --reveal shows records, not errors
    prefix = "错误：" if get_lang() == "zh" else "error: "
    message = one_line(mask_text(err.text(get_lang())))
    typer.echo(prefix + message, err=True)
    if isinstance(err, RowErrors):
        lines = err.detail(get_lang())
        for line in lines[:MAX_DETAIL]:
            typer.echo("  " + one_line(mask_text(line)), err=True)
        if len(lines) > MAX_DETAIL:
            more = len(lines) - MAX_DETAIL
            typer.echo(
                "  "
                + tr(
                    f"……另有 {more} 处问题（先改正以上各行再试）",
                    f"… and {more} more problems (fix the lines above and run again)",
                ),
                err=True,
            )
    return typer.Exit(err.exit_code)


# The one line shows what went wrong, not the whole SQL statement an exception may carry.
MAX_ERROR_TEXT = 300


def internal_error(exc: Exception) -> None:
    """One line on stderr naming the crash report (the full traceback) when it was written."""
    from ..crash import mask_text, write_report

    report = write_report(exc)
    what = mask_text(f"{type(exc).__name__}: {exc}")
    if len(what) > MAX_ERROR_TEXT:
        what = what[:MAX_ERROR_TEXT] + "…"
    if report is not None:
        hint = tr(f"（详情见 {report}）", f" (details in {report})")
    else:
        hint = tr("（设置 DANGWU_DEBUG=1 查看详情）", " (set DANGWU_DEBUG=1 for details)")
    line = tr("内部错误：", "internal error: ") + what + hint
    typer.echo(one_line(line), err=True)


def _cli_name(fn: Callable[..., Any], key: str) -> str:
    """The option (`--topic`) or argument (`NAME`) a parameter of a command comes from."""
    from typing import get_type_hints

    try:
        hint = get_type_hints(fn, include_extras=True).get(key)
    except Exception:
        hint = None
    for meta in getattr(hint, "__metadata__", ()):
        # inside Annotated, typer.Option("--topic") holds its name as the first positional
        default = getattr(meta, "default", None)
        if isinstance(default, str) and default.startswith("-"):
            return default
        decls = getattr(meta, "param_decls", None)
        if decls:
            return str(decls[0])
        if getattr(meta, "metavar", None):
            return str(meta.metavar)
    return key.upper()


def check_decodable(fn: Callable[..., Any], kwargs: dict[str, Any]) -> None:
    """Bytes the terminal's encoding could not decode reach Python as lone surrogates
    (PEP 383); SQLite and the output streams refuse them, so the value is refused here."""
    from ..errors import Refused

    for key, value in kwargs.items():
        if isinstance(value, str | Path) and _undecodable(str(value)):
            field = _cli_name(fn, key)
            raise Refused(
                f"{field}: 含有无法识别的字节（终端编码应为 UTF-8）：{str(value)!r}",
                f"{field}: holds bytes that are not UTF-8 (check the terminal's encoding): {str(value)!r}",
            )


# Parameters that name a file: a path is the file system's business, not the ledger's text.
_PATH_PARAMS = frozenset({"file", "path", "output", "minutes_file", "source", "target"})


def check_visible(fn: Callable[..., Any], kwargs: dict[str, Any]) -> None:
    """Every text value given on the command line is refused if it holds a character no one
    can see or one that turns the text around it (rules/names.py hidden_character)."""
    from ..errors import Refused
    from ..rules.names import hidden_character

    for key, value in kwargs.items():
        if key in _PATH_PARAMS:
            continue
        # an option given more than once (--absent A --absent B) is a list of texts
        texts = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        found = next(
            (c for c in (hidden_character(t) for t in texts if isinstance(t, str)) if c), None
        )
        if found is not None:
            field = _cli_name(fn, key)
            raise Refused(
                f"{field}: 含有不可见或改变文字方向的字符 {found}，请删除后重试",
                f"{field}: holds an invisible or direction-changing character {found};"
                " remove it and try again",
            )


def handled(fn: F) -> F:
    """Map dangwu's exceptions to exit codes and one line on stderr; never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            check_decodable(fn, kwargs)
            check_visible(fn, kwargs)
            return fn(*args, **kwargs)
        except DangwuError as err:
            raise fail(err) from None
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except BrokenPipeError:
            # `dangwu … | head`: the reader went away; stop quietly, as cat does
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(0) from None
        except Exception as exc:  # the last line of defence: one line, not a traceback
            if os.environ.get("DANGWU_DEBUG"):
                raise
            refused = _server_refusal(exc)
            if refused is not None:
                raise fail(refused) from None
            storage = _storage_refusal(exc)
            if storage is not None:
                raise fail(storage) from None
            if _locked(exc):
                # not a bug: another writer held the ledger longer than a writer waits
                from ..errors import Refused

                raise fail(
                    Refused(
                        "--db: 账本正被另一个 dangwu 命令写入，等候超时，未写入任何内容；请稍后再试",
                        "--db: another dangwu command kept the ledger busy too long; nothing"
                        " was written, try again later",
                    )
                ) from None
            internal_error(exc)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def _server_refusal(exc: BaseException) -> DangwuError | None:
    """PostgreSQL's own refusals (permission denied, cannot connect) are not dangwu's bugs."""
    if "psycopg" not in sys.modules:
        return None
    address = server_address()
    if address is None:
        return None
    from ..store.server import server_error

    return server_error(exc, address)


def _storage_refusal(exc: BaseException) -> DangwuError | None:
    """A full disk or a read-only ledger: the user's machine, not a bug — one line, no crash
    report (every write is one transaction, so nothing was written)."""
    import errno
    import sqlite3

    from ..errors import Refused

    while exc is not None:
        text = str(exc).lower()
        code = getattr(exc, "errno", None)
        if code == errno.ENOSPC or "disk is full" in text or "no space left" in text:
            return Refused(
                "--db: 磁盘已满，未写入任何内容；请腾出空间后重试",
                "--db: the disk is full; nothing was written — free some space and try again",
            )
        if code in (errno.EROFS, errno.EACCES) or (
            isinstance(exc, sqlite3.OperationalError) and "readonly" in text
        ):
            return Refused(
                "--db: 账本或其所在目录是只读的，未写入任何内容",
                "--db: the ledger or its folder is read-only; nothing was written",
            )
        exc = getattr(exc, "orig", None) or exc.__cause__  # type: ignore[assignment]
    return None


def _locked(exc: BaseException) -> bool:
    """SQLite's busy timeout ran out (sqlite3's error, or SQLAlchemy's wrapping of it)."""
    import sqlite3

    while exc is not None:
        if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
            return True
        exc = getattr(exc, "orig", None) or exc.__cause__  # type: ignore[assignment]
    return False


def emit(out: Output, fmt: str | None, allowed: tuple[str, ...] | None = None) -> None:
    from ..render import FORMATS, render, resolve_format

    render(out, resolve_format(fmt, allowed or FORMATS))


def say(zh: str, en: str) -> None:
    """A confirmation line for a person (stdout)."""
    typer.echo(tr(zh, en))


def parse_id(value: str, field: str) -> int:
    """A record id typed on the command line (refused with exit 1, not Click's 2)."""
    from ..errors import Refused

    text = (value or "").strip()
    if not text.isdecimal() or len(text) > 12:
        raise Refused(f"{field}: 应为编号（正整数）：{value!r}", f"{field}: not an id: {value!r}")
    return int(text)


def forced(force: bool, reason: str | None) -> str | None:
    """The reason a `--force` was given for (kept in the audit trail); None without it."""
    from ..errors import Refused

    if not force:
        return None
    if not (reason and reason.strip()):
        raise Refused("--reason: 使用 --force 时必须说明理由", "--reason: --force needs a reason")
    return reason.strip()
