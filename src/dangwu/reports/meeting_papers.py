"""What the 签到表 and the 会议记录 of one meeting say (`dangwu print signin|minutes`): the
meeting's head, the people it concerned in roster order with their attendance, and the
votes taken at it. Plain data; documents/meeting_papers.py lays it out.

A held meeting's people are its stored attendance (as computed the day it was recorded);
a planned meeting's are who would be expected on its day, by the same rule `meeting add`
applies (store.queries.expected_on), with no attendance yet.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import Refused
from ..rules.meetings import QUORUM_TYPES, vote_passes
from ..store.queries import expected_on
from ..store.reader import Reader, as_date
from .branch import branch_info

MEETING_SQL = """
SELECT m.id, m.type, m.held_on, m.status, m.topic, m.group_id, g.name AS group_name,
       m.place, m.from_time, m.to_time, h.name AS host, r.name AS recorder, m.guests,
       m.minutes, m.resolutions, m.expected, m.present, m.voting_expected, m.voting_present,
       m.quorum_met, m.voided_on, m.void_reason
FROM meeting m LEFT JOIN party_group g ON g.id = m.group_id
LEFT JOIN person h ON h.id = m.host_id LEFT JOIN person r ON r.id = m.recorder_id
WHERE m.id = :id
"""

# person id order is the roster's order (`member list`)
ATTENDANCE_SQL = """
SELECT a.person_id AS member_id, p.name, a.status, a.reason, a.voting
FROM meeting_attendance a JOIN person p ON p.id = a.person_id
WHERE a.meeting_id = :id ORDER BY a.person_id
"""

# the development steps decided at the meeting: admit/convert by a vote with its tallies,
# extend by the meeting, activist/candidate by the committee (发展细则 chs. 2-5)
VOTES_SQL = """
SELECT e.id AS event_id, e.kind, e.person_id AS member_id, p.name, e.votes_for,
       e.votes_against, e.votes_abstain, e.months
FROM dev_event e JOIN person p ON p.id = e.person_id
WHERE e.meeting_id = :id AND e.voided_on IS NULL
  AND e.kind IN ('activist', 'candidate', 'admit', 'convert', 'extend')
ORDER BY e.id
"""

# the 民主评议 tallies recorded for this meeting (evaluation record --meeting)
EVALUATION_SQL = """
SELECT e.person_id AS member_id, p.name, e.year, e.grade, e.votes_excellent,
       e.votes_qualified, e.votes_basic, e.votes_unqualified
FROM evaluation e JOIN person p ON p.id = e.person_id
WHERE e.meeting_id = :id AND e.voided_on IS NULL
ORDER BY e.person_id
"""


def meeting_paper(reader: Reader, meeting_id: int, field: str = "MEETING_ID") -> dict[str, Any]:
    """Everything the sign-in sheet and the minutes of meeting `meeting_id` print. A
    missing or voided meeting is refused (a voided one was never held)."""
    found = reader.rows(MEETING_SQL, {"id": meeting_id})
    if not found:
        raise Refused(
            f"{field}: 没有编号为 {meeting_id} 的会议", f"{field}: no meeting {meeting_id}"
        )
    m = found[0]
    if m["voided_on"] is not None:
        raise Refused(
            f"{field}: 会议 {meeting_id} 已于 {as_date(m['voided_on'])} 作废（{m['void_reason']}），"
            "不打印",
            f"{field}: meeting {meeting_id} was voided on {as_date(m['voided_on'])}"
            f" ({m['void_reason']}); nothing to print",
        )
    day = as_date(m["held_on"])
    assert day is not None
    planned = m["status"] == "planned"
    if planned:
        people = [
            {
                "member_id": r["id"],
                "name": r["name"],
                "status": None,
                "reason": None,
                "voting": r["stage"] == "full",
            }
            for r in expected_on(reader, day, m["type"], m["group_id"])
        ]
    else:
        people = [
            dict(r, voting=bool(r["voting"]))
            for r in reader.rows(ATTENDANCE_SQL, {"id": meeting_id})
        ]
    counted = [p for p in people if p["status"] != "exempt"]
    quorum = m["quorum_met"]
    voting_expected = sum(p["voting"] for p in counted) if planned else m["voting_expected"]
    votes = reader.rows(VOTES_SQL, {"id": meeting_id})
    for v in votes:
        # carried when the votes for exceed half of the full members expected (发展细则 ch. 5)
        v["passed"] = (
            vote_passes(v["votes_for"], voting_expected or 0)
            if v["votes_for"] is not None
            else None
        )
    return {
        "branch": branch_info(reader)["name"] or "",
        "id": m["id"],
        "type": m["type"],
        "date": day,
        "status": m["status"],
        "topic": m["topic"],
        "group": m["group_name"],
        "place": m["place"],
        "from_time": m["from_time"],
        "to_time": m["to_time"],
        "host": m["host"],
        "recorder": m["recorder"],
        "guests": [g for g in re.split(r"[,，、]", m["guests"] or "") if g.strip()],
        "minutes": m["minutes"],
        "resolutions": m["resolutions"],
        # a planned meeting: who is expected so far; nobody is present yet
        "expected": len(counted) if planned else m["expected"],
        "voting_expected": voting_expected,
        "present": None if planned else m["present"],
        "voting_present": None if planned else m["voting_present"],
        # the quorum rule applies (a general meeting): the full members count apart
        "quorum_applies": m["type"] in QUORUM_TYPES,
        "quorum_met": None if quorum is None else bool(quorum),
        "attendees": people,
        "votes": votes,
        "evaluations": reader.rows(EVALUATION_SQL, {"id": meeting_id}),
    }
