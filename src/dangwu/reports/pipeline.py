"""The development pipeline as read by reports and `dev list/due/show` (no SQLAlchemy)."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..rules import development as rules
from ..store.dev_history import load_history
from ..store.reader import Reader
from ..store.roster_index import roster_index
from . import obligations


def calendar_steps(reader: Reader, as_of: date, members: set[int]) -> dict[int, list[rules.Step]]:
    """The periodic development records (thought reports, reviews) due from `members`, as the
    obligations engine owes them under the ledger's rule profile."""
    return {
        pid: [
            rules.Step(code, due, overdue, rules.CALENDAR_FLAGS.get(code) if overdue else None)
            for code, due, overdue in found
        ]
        for pid, found in obligations.calendar_steps(reader, as_of, members).items()
    }


def extension_review(reader: Reader) -> bool:
    """Whether the profile asks for probation reviews at all (then every two months during
    an extension)."""
    return bool(obligations.requirements(reader, ("probation_review",)))


def person_steps(
    reader: Reader, pid: int, h: rules.History, stage: str | None, as_of: date
) -> list[rules.Step]:
    """One person's next steps (`dev show`)."""
    calendar = calendar_steps(reader, as_of, {pid}).get(pid, [])
    return rules.next_steps(h, stage, as_of, calendar, extension_review(reader))


def pipeline(reader: Reader, as_of: date) -> list[dict[str, Any]]:
    """Everybody in development on `as_of` (and full members whose conversion awaits approval)."""
    index = roster_index(reader)
    stages = index.stages_on(as_of)
    tracked = {
        r["person_id"]
        for r in reader.rows("SELECT DISTINCT person_id FROM dev_event WHERE voided_on IS NULL")
    }
    # the few in development are picked out of everyone by stage first: no row per member
    people = [
        (pid, stage)
        for pid in index.in_branch(as_of)
        if (stage := stages.get(pid)) in rules.PIPELINE or (stage == "full" and pid in tracked)
    ]
    calendar = calendar_steps(reader, as_of, {pid for pid, _ in people})
    reviews = extension_review(reader)
    out = []
    for pid, stage in people:
        h = load_history(reader, pid, as_of)
        steps = rules.next_steps(h, stage, as_of, calendar.get(pid, []), reviews)
        if steps:
            out.append(
                {
                    "member_id": pid,
                    "name": index.people[pid].name,
                    "stage": stage,
                    "steps": steps,
                    "history": h,
                }
            )
    return out


def step_record(p: dict[str, Any], s: rules.Step) -> dict[str, Any]:
    return {
        "member_id": p["member_id"],
        "name": p["name"],
        "stage": p["stage"],
        "step": s.code,
        "due": s.due,
        "overdue": s.overdue,
        "flag": s.flag,
    }


def next_step_records(
    reader: Reader, as_of: date, stage: str | None = None
) -> list[dict[str, Any]]:
    """`dev list`: each person's first step (of `stage` only, if given), overdue first, then
    by due date (undated last), then by id."""
    records = [
        step_record(p, p["steps"][0])
        for p in pipeline(reader, as_of)
        if stage is None or p["stage"] == stage
    ]
    records.sort(
        key=lambda x: (not x["overdue"], x["due"] is None, x["due"] or date.max, x["member_id"])
    )
    return records


def due_records(reader: Reader, as_of: date, horizon: date) -> list[dict[str, Any]]:
    """`dev due`: every dated step overdue on `as_of` or due by `horizon`; flagged first,
    then overdue, then by date and id."""
    records = [
        step_record(p, s)
        for p in pipeline(reader, as_of)
        for s in p["steps"]
        if s.due is not None and (s.overdue or s.due <= horizon)
    ]
    records.sort(key=lambda x: (x["flag"] is None, not x["overdue"], x["due"], x["member_id"]))
    return records
