"""Branch settings (name, higher organization, when the ledger was started)."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from ..errors import Refused
from . import audit
from .models import BranchSetting


def get_settings(session: Session) -> dict[str, str]:
    return {s.key: s.value for s in session.exec(select(BranchSetting))}


def put_setting(session: Session, key: str, value: str) -> None:
    row = session.get(BranchSetting, key)
    before = {"value": row.value} if row else None
    if row is None:
        row = BranchSetting(key=key, value=value)
    else:
        row.value = value
    session.add(row)
    audit.record(
        session,
        "setting.set",
        "branch_setting",
        None,
        before=before,
        after={"key": key, "value": value},
    )


def initialize(session: Session, branch: str, higher_org: str | None, today: date) -> None:
    name = (branch or "").strip()
    if not name or any(ord(ch) < 32 for ch in name) or len(name) > 100:
        raise Refused(
            "--branch: 支部名称为空、过长或含控制字符",
            "--branch: the branch name is empty, too long or has control characters",
        )
    put_setting(session, "branch_name", name)
    if higher_org and higher_org.strip():
        put_setting(session, "higher_org", higher_org.strip())
    put_setting(session, "created_on", today.isoformat())
