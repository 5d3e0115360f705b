"""The development pipeline as read by reports and `dev list/due/show` (no SQLAlchemy)."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..rules import development as rules
from ..store.reader import Reader, as_date
from ..store.roster_index import roster_index

PIPELINE = ("applicant", "activist", "candidate", "probationary")


def load_history(reader: Reader, pid: int, until: date | None = None) -> rules.History:
    """A person's development record; given `until`, as it stood that day (what was recorded
    later, dated later, had not happened yet: `--as-of`)."""
    person = reader.rows(
        "SELECT birth_date, join_kind, joined_on FROM person WHERE id = :p", {"p": pid}
    )[0]
    h = rules.History(
        birth_date=as_date(person["birth_date"]), joined_on=as_date(person["joined_on"])
    )
    events = reader.rows(
        """SELECT kind, on_date, until_date, hours, months FROM dev_event WHERE person_id = :p
             AND (:until IS NULL OR on_date <= :until)
           ORDER BY on_date, id""",
        {"p": pid, "until": until},
    )
    h.tracked = any(e["kind"] in ("apply", "activist", "candidate", "admit") for e in events)
    if not h.tracked:
        # entered from a roster: their admission date is on the stage history
        h.admitted_on = as_date(
            reader.scalar(
                "SELECT MIN(on_date) FROM stage_event WHERE person_id = :p AND stage = 'probationary'",
                {"p": pid},
            )
        )
    attr = {
        "apply": "applied_on",
        "activist": "activist_on",
        "candidate": "candidate_on",
        "admit": "admitted_on",
        "approve_admission": "admission_approved_on",
        "convert": "converted_on",
        "approve_conversion": "conversion_approved_on",
        "drop": "dropped_on",
    }
    for e in events:
        on = as_date(e["on_date"])
        if e["kind"] in attr:
            setattr(h, attr[e["kind"]], on)
        elif e["kind"] == "extend":
            h.extension_months = int(e["months"] or 0)
            h.extended_on = on
        else:
            assert on is not None
            h.logs.append(rules.Log(e["kind"], on, as_date(e["until_date"]), e["hours"]))
    return h


def pipeline(reader: Reader, as_of: date) -> list[dict[str, Any]]:
    """Everybody in development on `as_of` (and full members whose conversion awaits approval)."""
    from ..rules.profile import partial_periods
    from ..store.profile_queries import stored_profile

    index = roster_index(reader)
    stages = index.stages_on(as_of)
    partial = partial_periods(stored_profile(reader))
    tracked = {r["person_id"] for r in reader.rows("SELECT DISTINCT person_id FROM dev_event")}
    out = []
    # the few in development are picked out of everyone by stage first: no row per member
    for pid in index.in_branch(as_of):
        stage = stages.get(pid)
        if stage in PIPELINE or (stage == "full" and pid in tracked):
            h = load_history(reader, pid, as_of)
            steps = rules.next_steps(h, stage, as_of, partial)
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
