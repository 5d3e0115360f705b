"""`db check` and `db info`: is the data sound (not: is the branch compliant)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..i18n import tr
from ..store import revision
from ..store.handle import LedgerHandle
from ..store.reader import Reader

TABLES = (
    "person",
    "stage_event",
    "party_group",
    "group_membership",
    "committee_role",
    "branch_setting",
    "audit_log",
)

# (check code, table, SQL returning (row id, detail args…), zh template, en template)
ROW_CHECKS: list[tuple[str, str, str, str, str]] = [
    (
        "stage_order",
        "stage_event",
        """SELECT a.id, a.person_id, b.stage, b.on_date, a.stage, a.on_date
           FROM stage_event a JOIN stage_event b ON a.person_id = b.person_id AND b.id > a.id
           WHERE a.on_date IS NOT NULL AND b.on_date IS NOT NULL AND b.on_date < a.on_date""",
        "人员 {1}：{2} {3} 早于之前的 {4} {5}",
        "person {1}: {2} on {3} precedes the earlier {4} on {5}",
    ),
    (
        "stage_missing",
        "person",
        "SELECT p.id FROM person p WHERE NOT EXISTS (SELECT 1 FROM stage_event se WHERE se.person_id = p.id)",
        "没有任何阶段记录",
        "has no stage record",
    ),
    (
        "left_before_joined",
        "person",
        "SELECT id, joined_on, left_on FROM person WHERE left_on < joined_on",
        "离开日期 {2} 早于加入日期 {1}",
        "left on {2}, before joining on {1}",
    ),
    (
        "group_overlap",
        "group_membership",
        """SELECT a.id, a.person_id FROM group_membership a JOIN group_membership b
           ON a.person_id = b.person_id AND b.id > a.id WHERE a.to_on IS NULL AND b.to_on IS NULL""",
        "人员 {1} 同时在两个党小组",
        "person {1} is in two groups at once",
    ),
    (
        "role_dates",
        "committee_role",
        "SELECT id FROM committee_role WHERE to_on IS NOT NULL AND to_on < from_on",
        "离任早于任职",
        "the post ends before it starts",
    ),
    (
        "dues_paid_twice",
        "dues_payment",
        """SELECT MAX(r.id), r.person_id, r.month FROM dues_payment r
           WHERE r.kind = 'regular' AND NOT EXISTS (SELECT 1 FROM dues_payment x WHERE x.reverses_id = r.id)
           GROUP BY r.person_id, r.month HAVING COUNT(*) > 1""",
        "人员 {1} 的 {2} 党费有两笔有效缴费",
        "person {1} has two live payments for {2}",
    ),
    (
        "reversal_mismatch",
        "dues_payment",
        """SELECT x.id, x.reverses_id FROM dues_payment x JOIN dues_payment r ON r.id = x.reverses_id
           WHERE x.amount_fen != -r.amount_fen OR x.person_id != r.person_id OR x.month != r.month
              OR r.kind = 'reversal'""",
        "冲正记录与被冲正的记录 {1} 不符",
        "does not mirror the entry {1} it reverses",
    ),
    (
        "attendance_counts",
        "meeting",
        # one grouped pass: a correlated COUNT per meeting took minutes on 840,000 rows
        """SELECT m.id, m.present, COALESCE(c.n, 0) FROM meeting m
           LEFT JOIN (SELECT a.meeting_id, COUNT(*) AS n FROM meeting_attendance a
                      WHERE +a.status = 'present' GROUP BY a.meeting_id) c ON c.meeting_id = m.id
           WHERE m.status = 'held' AND m.present != COALESCE(c.n, 0)""",
        "记录的实到 {1} 人与出席名单 {2} 人不符",
        "records {1} present but the attendance lists {2}",
    ),
    (
        "audit_missing",
        "dues_payment",
        """SELECT d.id FROM dues_payment d WHERE NOT EXISTS (SELECT 1 FROM audit_log a
           WHERE a.table_name = 'dues_payment' AND a.row_id = d.id)""",
        "缴费记录没有审计记录",
        "payment entry has no audit entry",
    ),
    (
        "audit_missing",
        "meeting",
        """SELECT m.id FROM meeting m WHERE NOT EXISTS (SELECT 1 FROM audit_log a
           WHERE a.table_name = 'meeting' AND a.row_id = m.id)""",
        "会议没有审计记录",
        "meeting has no audit entry",
    ),
    (
        "audit_missing",
        "person",
        """SELECT p.id FROM person p WHERE NOT EXISTS (SELECT 1 FROM audit_log a
           WHERE a.table_name = 'person' AND a.row_id = p.id)""",
        "没有审计记录",
        "has no audit entry",
    ),
]


def _problem(check: str, table: str, row_id: Any, detail: str) -> dict[str, Any]:
    return {"check": check, "table": table, "row_id": row_id, "detail": detail}


def check_ledger(
    ledger: LedgerHandle, reveal: bool = False, anchor: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    problems: list[dict[str, Any]] = []
    with ledger.read() as s:
        if anchor is not None:
            problems += anchor_problems(s, anchor)
        if s.dialect == "sqlite":
            # a server checks its own pages and enforces foreign keys on every write
            problems += sqlite_checks(s)
        for check, table, sql, zh, en in ROW_CHECKS:
            for row in s.tuples(sql):
                problems.append(_problem(check, table, row[0], tr(zh, en).format(*row)))
        problems += chain_problems(s)
        problems += seal_problems(s, reveal)
        first, last, count = s.tuples("SELECT MIN(id), MAX(id), COUNT(*) FROM audit_log")[0]
        if count and last - first + 1 != count:
            problems.append(
                _problem(
                    "audit_gap",
                    "audit_log",
                    None,
                    tr(
                        f"审计记录有缺失（{count} 条，编号 {first}–{last}）",
                        f"audit entries missing ({count} rows for ids {first}-{last})",
                    ),
                )
            )
    return problems


# Problems that mean the file was changed behind dangwu's back or is damaged: `db check`
# names the first also on stderr (its exit code stays CLI.md's: 0, or 3 with --exit-code).
TAMPER_CHECKS = frozenset(
    {
        "integrity",
        "audit_edited",
        "audit_chain",
        "audit_head",
        "audit_anchor",
        "row_changed",
        "row_added",
        "row_deleted",
        "row_outside",
    }
)


def _key(key: str) -> int | str:
    return int(key) if key.isdigit() else key


def _shown(value: Any) -> str:
    # one problem per line: a line break in a value is shown as \n
    return "NULL" if value is None else str(value).replace("\r", "\\r").replace("\n", "\\n")


# the values a row's detail shows masked unless --reveal, as every output does
MASKED = {"id_number": "id", "phone": "phone"}


def _masked(field: str, value: Any, reveal: bool) -> Any:
    from ..privacy import mask_id, mask_phone

    if reveal or value is None or field not in MASKED:
        return value
    return mask_id(str(value)) if MASKED[field] == "id" else mask_phone(str(value))


def seal_problems(s: Reader, reveal: bool = False) -> list[dict[str, Any]]:
    """Data rows that differ from the values dangwu last wrote (store/seal.py)."""
    from ..store import seal

    problems: list[dict[str, Any]] = []
    for check, table, key, found in seal.problems(s):
        if check == "row_changed":
            details: dict[str, Any] = {
                f: (_masked(f, was, reveal), _masked(f, now, reveal))
                for f, (was, now) in found.items()
            }
        else:
            details = {f: _masked(f, v, reveal) for f, v in found.items()}
        if check == "row_changed":
            fields = "; ".join(
                f"{field}: {_shown(was)} → {_shown(now)}" for field, (was, now) in details.items()
            )
            detail = tr(
                f"在 dangwu 之外被改动（记录的值 → 现在的值）：{fields}",
                f"changed outside dangwu (recorded → now): {fields}",
            )
        elif check == "row_added":
            detail = tr("在 dangwu 之外被添加", "added outside dangwu")
        else:
            was = ", ".join(f"{k}={_shown(v)}" for k, v in details.items())
            detail = tr(
                f"在 dangwu 之外被删除（原为 {was}）", f"deleted outside dangwu (was {was})"
            )
        problems.append(_problem(check, table, _key(key), detail))
    seen = {(p["table"], p["row_id"]) for p in problems}
    for table, key in seal.outside_notes(s):
        if (table, _key(key)) not in seen:
            # written outside dangwu and then put back as it was: still worth naming
            problems.append(
                _problem(
                    "row_outside",
                    table,
                    _key(key),
                    tr("曾在 dangwu 之外被写入", "was written outside dangwu"),
                )
            )
    return problems


def current_anchor(s: Reader) -> dict[str, Any] | None:
    """The audit chain's head as a user keeps it away from the ledger (`db anchor`): the
    newest entry's id and hash. None for a ledger with no entry."""
    from ..store.audit_chain import HEAD_KEY

    head = s.scalar("SELECT value FROM branch_setting WHERE key = :k", {"k": HEAD_KEY})
    if not head or ":" not in str(head):
        return None
    entry, digest = str(head).split(":", 1)
    return {"entry": int(entry), "hash": digest}


def anchor_problems(s: Reader, anchor: dict[str, Any]) -> list[dict[str, Any]]:
    """A head kept earlier must still be in the chain, unchanged: a trail cut back before it
    (rewound) or rewritten with every hash recomputed cannot hide from it, whatever the
    ledger's own head now says."""
    entry, digest = int(anchor["entry"]), str(anchor["hash"])
    found = s.scalar("SELECT hash FROM audit_log WHERE id = :i", {"i": entry})
    if found == digest:
        return []
    if found is None:
        zh = f"保存的链头（第 {entry} 条）已不在审计记录中：审计记录被截短后重建"
        en = f"the kept head (entry {entry}) is no longer in the trail: it was cut back and rebuilt"
    else:
        zh = f"第 {entry} 条审计记录的哈希与保存的链头不同：审计记录被改写后重新计算了哈希"
        en = (
            f"entry {entry}'s hash differs from the kept head: the trail was rewritten and rehashed"
        )
    return [_problem("audit_anchor", "audit_log", entry, tr(zh, en))]


def chain_problems(s: Reader) -> list[dict[str, Any]]:
    """Walk the audit trail's hash chain in id order and name every entry that breaks it."""
    from ..store.audit_chain import CHAINED, GENESIS, HEAD_KEY, head_value, link

    problems: list[dict[str, Any]] = []
    prev, last = GENESIS, None
    # keyset pages: a million entries never sit in memory at once, on either backend
    page = (
        f"SELECT {', '.join(CHAINED)}, prev_hash, hash FROM audit_log"
        " WHERE id > :after ORDER BY id LIMIT 10000"
    )
    after = -1
    while rows := s.tuples(page, {"after": after}):
        after = rows[-1][0]
        for row in rows:
            entry_id, prev_hash, digest = row[0], row[-2], row[-1]
            if prev_hash != prev:
                problems.append(
                    _problem(
                        "audit_chain",
                        "audit_log",
                        entry_id,
                        tr(
                            "与前一条审计记录衔接不上：之前的记录被删除、插入或改动",
                            "does not follow the entry before it: an entry before it was"
                            " deleted, inserted or changed",
                        ),
                    )
                )
            if link(prev_hash or "", row[: len(CHAINED)]) != digest:
                problems.append(
                    _problem(
                        "audit_edited",
                        "audit_log",
                        entry_id,
                        tr(
                            "审计记录的内容与其哈希不符：被人在 dangwu 之外改动过",
                            "its content does not match its hash: edited outside dangwu",
                        ),
                    )
                )
            prev, last = digest or "", entry_id
    head = s.scalar("SELECT value FROM branch_setting WHERE key = :k", {"k": HEAD_KEY})
    expected = head_value(last, prev) if last is not None else None
    if head != expected:
        problems.append(
            _problem(
                "audit_head",
                "audit_log",
                last,
                tr(
                    f"最新的审计记录与记下的链头 {head or '（无）'} 不符：末尾的记录被删除或改动",
                    f"the newest entry does not match the recorded head {head or '(none)'}:"
                    " entries at the end were deleted or changed",
                ),
            )
        )
    return problems


def sqlite_checks(s: Reader) -> list[dict[str, Any]]:
    problems = []
    for (msg,) in s.tuples("PRAGMA integrity_check"):
        if msg != "ok":
            problems.append(_problem("integrity", "", None, msg))
    for table, rowid, parent, _fk in s.tuples("PRAGMA foreign_key_check"):
        problems.append(
            _problem(
                "foreign_key",
                table,
                rowid,
                tr(f"引用了不存在的 {parent} 记录", f"points at a missing {parent} row"),
            )
        )
    return problems


def ledger_info(ledger: LedgerHandle) -> dict[str, Any]:
    server = ledger.kind == "postgresql"
    with ledger.read() as s:
        rev = s.scalar("SELECT version_num FROM alembic_version")
        settings = dict(s.tuples("SELECT key, value FROM branch_setting"))
        listing = (
            "SELECT table_name FROM information_schema.tables"
            " WHERE table_schema = current_schema() AND table_name != 'alembic_version'"
            " ORDER BY table_name"
            if server
            else "SELECT name FROM sqlite_master WHERE type = 'table'"
            " AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version' ORDER BY name"
        )
        tables = [t for (t,) in s.tuples(listing)]
        rows = {t: s.scalar(f'SELECT COUNT(*) FROM "{t}"') for t in tables}
        size = (
            s.scalar(
                "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c"
                " JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE n.nspname = current_schema() AND c.relkind = 'r'"
            )
            if server
            else Path(ledger.location).stat().st_size
        )
    return {
        "path": ledger.location,
        "revision": rev,
        "head": revision.HEAD,
        "branch": settings.get("branch_name"),
        "higher_org": settings.get("higher_org"),
        "created_on": settings.get("created_on"),
        "size_bytes": int(size),
        "rows": rows,
    }


def reseal(ledger: LedgerHandle, reason_text: str | None) -> dict[str, Any]:
    """Accept every data row as it stands now (after the keeper has read `db check`'s list
    and put right what was wrong): new seals for all rows, and one audit entry naming what
    was accepted and why. The trail keeps the differences accepted, so nothing is lost."""
    from ..errors import Refused
    from ..store import audit, seal

    reason = (reason_text or "").strip()
    if not reason:
        raise Refused("--reason: 重新封存必须说明理由", "--reason: resealing needs a reason")
    with ledger.writer() as w:
        accepted = [
            {"check": p["check"], "table": p["table"], "row": p["row_id"], "detail": p["detail"]}
            for p in seal_problems(w)
        ]
        rows = seal.seal_all(w)
        audit.record(
            w,
            "db.reseal",
            "row_seal",
            None,
            before={"differences": accepted},
            after={"rows": rows},
            reason=reason,
        )
    return {"rows": rows, "accepted": len(accepted)}
