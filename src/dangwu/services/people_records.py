"""Talks (谈心谈话) and yearly evaluation results (民主评议)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from ..errors import Refused
from ..store import audit
from ..store.columns import TABLES, full_row
from ..store.reader import Reader, as_date
from ..store.refs import find_person_id

if TYPE_CHECKING:
    from sqlmodel import Session

    from ..store.models import Evaluation
    from ..store.writer import Writer


def _clean(value: str | None, field: str, limit: int = 2000) -> str | None:
    if value is None or not value.strip():
        return None
    text = value.strip()
    if len(text) > limit or any(ord(ch) < 32 and ch not in "\n\t" for ch in text):
        raise Refused(f"{field}: 过长或含控制字符", f"{field}: too long or has control characters")
    return text


def _check_talk(reader: Reader, pid: int, wid: int, on: date) -> None:
    for who, field in ((pid, "REF"), (wid, "--with")):
        left = reader.scalar("SELECT left_on FROM person WHERE id = :p", {"p": who})
        if left is not None and str(left) <= on.isoformat():
            raise Refused(f"{field}: 此人已于 {left} 离开", f"{field}: this person left on {left}")
    if pid == wid:
        raise Refused("--with: 谈话双方不能是同一人", "--with: a talk needs two different people")


def add_talk(w: Writer, ref: str, with_ref: str, on: date, topic: str | None) -> int:
    """Record a talk; its id."""
    pid = find_person_id(w, ref)
    wid = find_person_id(w, with_ref, "--with")
    _check_talk(w, pid, wid, on)
    talk = full_row(
        "talk", {"person_id": pid, "with_id": wid, "on_date": on, "topic": _clean(topic, "--topic")}
    )
    talk["id"] = w.insert("talk", talk)
    audit.record(w, "talk.add", "talk", talk["id"], after=talk)
    return int(talk["id"])


def edit_talk(
    w: Writer,
    talk_id: int,
    ref: str | None,
    with_ref: str | None,
    on: date | None,
    topic: str | None,
) -> None:
    """Correct a recorded talk: what is given replaces what was recorded, checked as
    `talk add` checks it."""
    columns = ", ".join(f'"{c}"' for c in TABLES["talk"])
    found = w.rows(f"SELECT {columns} FROM talk WHERE id = :i", {"i": talk_id})
    if not found:
        raise Refused(f"ID: 没有编号为 {talk_id} 的谈心谈话", f"ID: no talk {talk_id}")
    before = found[0]
    if before["voided_on"] is not None:
        raise Refused(f"ID: 谈心谈话 {talk_id} 已作废", f"ID: talk {talk_id} was voided")
    after = dict(before)
    if ref is not None:
        after["person_id"] = find_person_id(w, ref, "--member")
    if with_ref is not None:
        after["with_id"] = find_person_id(w, with_ref, "--with")
    if on is not None:
        after["on_date"] = on
    if topic is not None:
        after["topic"] = _clean(topic, "--topic")
    day = as_date(after["on_date"])
    assert day is not None
    _check_talk(w, after["person_id"], after["with_id"], day)
    changed = {k: v for k, v in after.items() if k != "id"}
    w.execute(
        "UPDATE talk SET " + ", ".join(f'"{k}" = :{k}' for k in changed) + " WHERE id = :id",
        changed | {"id": talk_id},
    )
    audit.record(w, "talk.edit", "talk", talk_id, before=before, after=after)


def record_evaluation(
    session: Session,
    ref: str,
    year: int,
    grade_text: str,
    action: str | None,
    today: date,
    replace: bool,
    **procedure: Any,
) -> Evaluation:
    """A member's evaluation result for a year (services/evaluation.py `record`: the meeting,
    tallies, day decided and follow-up go in `procedure`)."""
    from .evaluation import record

    return record(session, ref, year, grade_text, action, today, replace, **procedure)
