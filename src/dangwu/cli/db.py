"""`dangwu db upgrade/backup/check/reseal/info/copy`."""

from pathlib import Path
from typing import Annotated

import typer

from .common import (
    FormatOpt,
    announce,
    command_line,
    db_path,
    emit,
    handled,
    open_ledger,
    say,
    server_address,
)

app = typer.Typer(no_args_is_help=True)


@app.command("upgrade")
@handled
def upgrade() -> None:
    """Apply pending migrations (after a backup copy beside the ledger)."""
    from ..store import revision
    from ..store.ledger import check_file
    from ..store.ledger import upgrade as do

    address = server_address()
    if address is not None:
        from ..store.server import open_and_upgrade

        # a branch with an older schema is upgraded in one transaction (no backup beside
        # it: PostgreSQL's DDL rolls back whole)
        ledger, upgraded_from = open_and_upgrade(address)
        ledger.dispose()
        if upgraded_from is None:
            say(
                f"账本已是最新版本（{revision.HEAD}）",
                f"The ledger is up to date ({revision.HEAD})",
            )
        else:
            say(
                f"支部 {ledger.schema} 已升级 {upgraded_from} → {revision.HEAD}",
                f"Branch {ledger.schema} upgraded {upgraded_from} → {revision.HEAD}",
            )
        return
    path = db_path()
    check_file(path)
    done = do(path)
    if done is None:
        say(f"账本已是最新版本（{revision.HEAD}）", f"The ledger is up to date ({revision.HEAD})")
    else:
        say(
            f"已升级 {done.from_revision} → {revision.HEAD}；升级前的备份：{done.backup}",
            f"Upgraded {done.from_revision} → {revision.HEAD}; backup before upgrading: {done.backup}",
        )


@app.command("backup")
@handled
def backup(
    path: Annotated[Path, typer.Argument(help="Where to write the copy (must not exist).")],
) -> None:
    """A consistent online copy of the ledger, mode 0600."""
    from ..store.ledger import backup_to

    ledger = open_ledger()
    from ..store.ledger import Ledger
    from ..store.server import ServerLedger

    if isinstance(ledger, ServerLedger):
        from ..store.server_dump import dump_branch

        dump_branch(ledger, path)
    else:
        assert isinstance(ledger, Ledger)
        backup_to(ledger.path, path)
    say(f"已备份到 {path}", f"Backed up to {path}")


@app.command("check")
@handled
def check(
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit 3 when problems are found.")
    ] = False,
    fmt: FormatOpt = None,
    reveal: Annotated[
        bool, typer.Option("--reveal", help="Show ID and phone numbers in full.")
    ] = False,
    anchor: Annotated[
        str | None,
        typer.Option(
            "--anchor",
            help="A head kept with `db anchor`: the trail must still hold it unchanged (a"
            " trail cut back or rewritten with its hashes recomputed is named).",
        ),
    ] = None,
) -> None:
    """Integrity, foreign keys, the audit trail's hash chain, every data row against the
    values dangwu last wrote (a row changed, added or deleted outside dangwu is named with
    its table, row and fields) and the ledger's own consistency; lists every problem (a
    damaged file or an edited history also with a warning on stderr). Exits 3 with
    --exit-code when any problem is found.

    Example: dangwu db check --exit-code --anchor ~/安全/账本链头.json"""
    from ..errors import Outstanding
    from ..i18n import tr
    from ..services.integrity import TAMPER_CHECKS, check_ledger
    from ..views import ledger as views

    kept = _read_anchor(Path(anchor).expanduser()) if anchor else None
    ledger = open_ledger()
    problems = check_ledger(ledger, reveal, kept)
    emit(views.check(problems), fmt)
    tampered = [p for p in problems if p["check"] in TAMPER_CHECKS]
    if tampered:
        # the table lists it among the rest; a damaged file or a history changed behind
        # dangwu's back also gets a line of its own on stderr, where a script's log sees it.
        # The exit code stays the contract's: 0, or 3 with --exit-code (CLI.md)
        first = tampered[0]
        typer.echo(
            tr(
                f"警告：账本已损坏或被改动（{len(tampered)} 处，首个：{first['table']} 第 {first['row_id']} 行）",
                f"warning: the ledger is damaged or was changed outside dangwu ({len(tampered)}"
                f" problems, first: {first['table']} row {first['row_id']})",
            ),
            err=True,
        )
    if problems and exit_code:
        raise Outstanding(f"发现 {len(problems)} 个问题", f"{len(problems)} problems found")


def _read_anchor(path: Path) -> dict[str, object]:
    import json

    from ..errors import Refused

    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        entry, digest = int(doc["entry"]), str(doc["hash"])
        if entry < 1 or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise ValueError(digest)
    except OSError as exc:
        raise Refused(
            f"--anchor: 无法读取 {path}（{exc.strerror}）",
            f"--anchor: cannot read {path} ({exc.strerror})",
        ) from None
    except (ValueError, KeyError, TypeError):
        raise Refused(
            f"--anchor: {path} 不是 dangwu db anchor 保存的链头",
            f"--anchor: {path} is not a head saved by dangwu db anchor",
        ) from None
    return {"entry": entry, "hash": digest}


@app.command("anchor")
@handled
def anchor_(
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", help="Write it to this new file (0600) instead of stdout."),
    ] = None,
) -> None:
    """The audit trail's head (the newest entry's id and hash) as one line of JSON, to keep
    away from the ledger — on paper, in a mail to the higher committee, on another disk.
    `db check --anchor FILE` then names a trail cut back before it or rewritten with every
    hash recomputed, which the chain alone cannot show.

    Example: dangwu db anchor -o ~/安全/账本链头-$(date +%F).json"""
    import json
    import os

    from ..errors import Refused
    from ..files import create_private
    from ..services.integrity import current_anchor

    ledger = open_ledger()
    with ledger.read() as s:
        head = current_anchor(s)
    if head is None:
        raise Refused("--db: 账本还没有审计记录", "--db: the ledger has no audit entry yet")
    head["ledger"] = str(ledger.location)
    text = json.dumps(head, ensure_ascii=False) + "\n"
    if output is None:
        typer.echo(text, nl=False)
        return
    path = Path(output).expanduser()
    fd = create_private(path)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


@app.command("reseal")
@handled
def reseal(
    reason: Annotated[
        str | None, typer.Option("--reason", help="Why the rows as they are now are right.")
    ] = None,
) -> None:
    """Accept every data row as it is now: after reading `db check`'s list of rows changed
    outside dangwu and putting right what was wrong, seal them again so the next check
    passes. The differences accepted and the reason are kept in the audit trail.

    Example: dangwu db reseal --reason '按上级党委核对结果修正了 3 号缴费记录'"""
    from ..services.integrity import reseal as do

    done = do(open_ledger(), reason)
    say(
        f"已重新封存 {done['rows']} 行；接受了 {done['accepted']} 处差异（见 dangwu history）",
        f"Resealed {done['rows']} rows; {done['accepted']} differences accepted (see dangwu history)",
    )


@app.command("info")
@handled
def info(fmt: FormatOpt = None) -> None:
    """Path, schema revision, settings and row counts."""
    from ..services.integrity import ledger_info
    from ..views.ledger import info as info_view

    ledger = open_ledger()
    emit(info_view(ledger_info(ledger)), fmt)


@app.command("copy")
@handled
def copy(
    source: Annotated[
        str, typer.Argument(help="The ledger to copy: a file, or postgresql://…[?branch=CODE].")
    ],
    target: Annotated[
        str,
        typer.Argument(
            help="A new file (must not exist), or a server branch that is new or only"
            " went through init."
        ),
    ],
) -> None:
    """Copy a whole ledger between a file and a PostgreSQL branch (either way): every row
    with its id, the audit trail with its hashes; one transaction on the target. The root
    --db is not used."""
    from ..services.roster import progress_bar
    from ..store.audit import set_command
    from ..store.copy import copy_ledger

    set_command(command_line())
    with progress_bar() as progress:
        done = copy_ledger(source, target, progress)
    announce(list(done.notices))
    say(f"已复制 {done.rows} 行到 {done.where}", f"Copied {done.rows} rows to {done.where}")
