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
        """SELECT id, kind, on_date, until_date, hours, months, number, meeting_id
           FROM dev_event WHERE person_id = :p
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
    named: dict[int, int] = {}
    if h.tracked:
        for (event,) in reader.tuples(
            """SELECT d.event_id FROM dev_party d JOIN dev_event e ON e.id = d.event_id
               WHERE e.person_id = :p AND e.voided_on IS NULL""",
            {"p": pid},
        ):
            named[int(event)] = named.get(int(event), 0) + 1
        grouped = reader.scalar(
            "SELECT MIN(COALESCE(from_on, :far)) FROM group_membership WHERE person_id = :p",
            {"p": pid, "far": date(1, 1, 1)},
        )
        h.grouped_on = as_date(grouped)
        if h.grouped_on == date(1, 1, 1):
            h.grouped_on = h.joined_on or h.applied_on
        if h.grouped_on is None and reader.scalar("SELECT COUNT(*) FROM party_group") == 0:
            # a branch without party groups: joining the branch is the whole of step 19
            h.grouped_on = as_date(
                next((e["on_date"] for e in events if e["kind"] == "admit"), None)
            )
    for e in events:
        on = as_date(e["on_date"])
        if e["kind"] in ("activist", "candidate"):
            # the designation's contacts or introducers, and the committee meeting that decided
            count = named.get(int(e["id"]), 0)
            if e["kind"] == "activist":
                h.contacts, h.activist_meeting = count, e["meeting_id"]
            else:
                h.introducers, h.candidate_meeting = count, e["meeting_id"]
        if e["kind"] in attr:
            setattr(h, attr[e["kind"]], on)
        elif e["kind"] == "extend":
            h.extension_months = int(e["months"] or 0)
            h.extended_on = on
        else:
            assert on is not None
            h.logs.append(
                rules.Log(e["kind"], on, as_date(e["until_date"]), e["hours"], e["number"])
            )
    return h
