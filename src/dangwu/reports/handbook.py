"""The year's 党支部工作手册 (`print handbook`): what a municipal 机关工委 collects from each
branch every January (issue 19) — the organisation and its committee, the rosters, every
meeting with its attendance, the talks, the evaluation, the dues register, the transfers,
the development files and the compliance summary — read from the reports that print each
part on its own, so the handbook says what they say."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..rules.periods import Period
from ..store.reader import Reader, as_date
from ..store.roster_index import roster_index
from .branch import branch_info
from .compliance import compliance
from .development import file_records, load_history
from .evaluation import results
from .meetings import list_meetings, meeting_detail
from .organization import committee_on, list_groups
from .people_records import talks
from .roster import roster_records


def handbook(reader: Reader, year: int, as_of: date, reveal: bool) -> dict[str, Any]:
    period = Period.year(year)
    end = min(period.end, as_of)
    from ..store.profile_queries import stored_profile

    roster = roster_records(reader, end, False, None, None, reveal)
    members = [r for r in roster if r["stage"] in ("full", "probationary")]
    in_development = [r for r in roster if r["stage"] in ("applicant", "activist", "candidate")]
    meetings = []
    for m in list_meetings(reader, None, period):
        if m["status"] != "held" or m["date"] is None or m["date"] > end:
            continue
        meetings.append(meeting_detail(reader, int(m["id"])))
    stored = stored_profile(reader)
    files = []
    index = roster_index(reader)
    for (pid,) in reader.tuples(
        """SELECT DISTINCT person_id FROM dev_event
           WHERE kind = 'apply' AND voided_on IS NULL ORDER BY person_id"""
    ):
        person = index.people.get(int(pid))
        if person is None:
            continue
        h = load_history(reader, int(pid), end)
        # the people in development at the year's end, and those admitted or converted in it
        stage = index.stages_on(end).get(int(pid))
        recent = any(
            d is not None and period.start <= d <= end
            for d in (h.admitted_on, h.converted_on, h.conversion_approved_on)
        )
        if stage in ("applicant", "activist", "candidate", "probationary") or recent:
            files.append(
                {
                    "member_id": int(pid),
                    "name": person.name,
                    "stage": stage,
                    "file": file_records(h, stored),
                }
            )
    transfers = reader.rows(
        """SELECT id AS member_id, name, 'in' AS way, joined_on AS date, join_org AS org,
                  join_letter AS letter
           FROM person WHERE join_kind = 'transfer_in' AND voided_on IS NULL
             AND joined_on BETWEEN :s AND :e
           UNION ALL
           SELECT id AS member_id, name, 'out' AS way, left_on AS date, left_org AS org,
                  left_letter AS letter
           FROM person WHERE left_reason = 'transfer_out' AND voided_on IS NULL
             AND left_on BETWEEN :s AND :e
           ORDER BY 4, 1""",
        {"s": period.start, "e": end},
    )
    for t in transfers:
        t["date"] = as_date(t["date"])
    return {
        "year": year,
        "as_of": as_of,
        "on": end,
        "branch": branch_info(reader),
        "committee": committee_on(reader, end),
        "groups": [g for g in list_groups(reader, end) if g["closed_on"] is None],
        "members": members,
        "in_development": in_development,
        "meetings": meetings,
        "talks": talks(reader, Period(period.start, end, ""), None),
        "evaluation": results(reader, year, as_of),
        "transfers": transfers,
        "files": files,
        # the findings as they stood at the year's end: the handbook is that year's record
        "compliance": compliance(reader, period, as_of, findings_on=end),
    }
