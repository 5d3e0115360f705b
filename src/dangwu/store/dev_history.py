"""A person's development record as the rules read it (rules/development.History), loaded
with plain SQL: the write path checks a step against it and the reports show it."""

from __future__ import annotations

from datetime import date

from ..rules import development as rules
from .reader import Reader, as_date


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
             AND (:until IS NULL OR on_date <= :until) AND voided_on IS NULL
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
