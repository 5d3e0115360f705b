"""`db check` and `db info`: is the data sound (not: is the branch compliant)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from ..i18n import tr
from ..store import revision
from ..store.db import Ledger

TABLES = (
    "person",
    "stage_event",
    "party_group",
    "group_membership",
    "committee_role",
    "branch_setting",
    "audit_log",
)


def _problem(check: str, table: str, row_id: Any, detail: str) -> dict[str, Any]:
    return {"check": check, "table": table, "row_id": row_id, "detail": detail}


def check_ledger(ledger: Ledger) -> list[dict[str, Any]]:
    problems: list[dict[str, Any]] = []
    with ledger.read() as s:
        for (msg,) in s.execute(text("PRAGMA integrity_check")):
            if msg != "ok":
                problems.append(_problem("integrity", "", None, msg))
        for table, rowid, parent, _fk in s.execute(text("PRAGMA foreign_key_check")):
            problems.append(
                _problem(
                    "foreign_key",
                    table,
                    rowid,
                    tr(f"引用了不存在的 {parent}", f"points at a missing {parent} row"),
                )
            )
        # stage histories in date order
        sql = """SELECT a.person_id, a.id, a.stage, a.on_date, b.stage, b.on_date
                 FROM stage_event a JOIN stage_event b
                   ON a.person_id = b.person_id AND b.id > a.id
                 WHERE a.on_date IS NOT NULL AND b.on_date IS NOT NULL AND b.on_date < a.on_date"""
        for pid, eid, s1, d1, s2, d2 in s.execute(text(sql)):
            problems.append(
                _problem(
                    "stage_order",
                    "stage_event",
                    eid,
                    tr(
                        f"人员 {pid}：{s2} {d2} 早于 {s1} {d1}",
                        f"person {pid}: {s2} on {d2} precedes {s1} on {d1}",
                    ),
                )
            )
        for (pid,) in s.execute(
            text(
                "SELECT p.id FROM person p WHERE NOT EXISTS "
                "(SELECT 1 FROM stage_event se WHERE se.person_id = p.id)"
            )
        ):
            problems.append(
                _problem(
                    "stage_missing", "person", pid, tr("没有任何阶段记录", "has no stage record")
                )
            )
        for gid, pid in s.execute(
            text(
                "SELECT a.id, a.person_id FROM group_membership a JOIN group_membership b "
                "ON a.person_id = b.person_id AND b.id > a.id "
                "WHERE a.to_on IS NULL AND b.to_on IS NULL"
            )
        ):
            problems.append(
                _problem(
                    "group_overlap",
                    "group_membership",
                    gid,
                    tr(f"人员 {pid} 同时在两个党小组", f"person {pid} is in two groups at once"),
                )
            )
        for (rid,) in s.execute(
            text("SELECT id FROM committee_role WHERE to_on IS NOT NULL AND to_on < from_on")
        ):
            problems.append(
                _problem(
                    "role_dates",
                    "committee_role",
                    rid,
                    tr("离任早于任职", "post ends before it starts"),
                )
            )
        # the audit trail: ids without gaps, and every person has an audit entry
        first, last, count = s.execute(
            text("SELECT MIN(id), MAX(id), COUNT(*) FROM audit_log")
        ).one()
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
        for (pid,) in s.execute(
            text(
                "SELECT p.id FROM person p WHERE NOT EXISTS (SELECT 1 FROM audit_log a "
                "WHERE a.table_name = 'person' AND a.row_id = p.id)"
            )
        ):
            problems.append(
                _problem("audit_missing", "person", pid, tr("没有审计记录", "has no audit entry"))
            )
    return problems


def ledger_info(ledger: Ledger) -> dict[str, Any]:
    with ledger.read() as s:
        rev = s.execute(text("SELECT version_num FROM alembic_version")).scalar()
        settings = dict(s.execute(text("SELECT key, value FROM branch_setting")).all())
        rows = {t: s.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar() for t in TABLES}
    return {
        "path": str(ledger.path),
        "revision": rev,
        "head": revision.HEAD,
        "branch": settings.get("branch_name"),
        "higher_org": settings.get("higher_org"),
        "created_on": settings.get("created_on"),
        "size_bytes": ledger.path.stat().st_size,
        "rows": rows,
    }
