"""Meeting lists, one meeting in full, and attendance per member — plain SQL aggregates."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from ..errors import Refused
from ..rules.meetings import absent_six_months
from ..rules.periods import Period
from ..store.queries import AWAY_ON, IN_BRANCH, LOST_ON, STAGE_AT
from ..store.reader import Reader, as_date

LIST_SQL = """
SELECT m.id, m.type, m.held_on AS date, m.topic, g.name AS "group", m.expected, m.present,
       m.quorum_met, CASE WHEN m.voided_on IS NULL THEN m.status ELSE 'void' END AS status
FROM meeting m LEFT JOIN party_group g ON g.id = m.group_id
WHERE (:type IS NULL OR m.type = :type)
  AND (:start IS NULL OR m.held_on BETWEEN :start AND :end)
ORDER BY m.held_on, m.id
"""


def _bool(value: Any) -> bool | None:
    return None if value is None else bool(value)


def list_meetings(
    reader: Reader, meeting_type: str | None, period: Period | None
) -> list[dict[str, Any]]:
    rows = reader.rows(
        LIST_SQL,
        {
            "type": meeting_type,
            "start": period.start if period else None,
            "end": period.end if period else None,
        },
    )
    for r in rows:
        r["date"] = as_date(r["date"])
        r["quorum_met"] = _bool(r["quorum_met"])
    return rows


def meeting_detail(reader: Reader, meeting_id: int) -> dict[str, Any]:
    rows = reader.rows(
        """SELECT m.id, m.type, m.held_on AS date, m.topic, g.name AS "group", m.expected,
                  m.present, m.voting_expected, m.voting_present, m.quorum_met,
                  CASE WHEN m.voided_on IS NULL THEN m.status ELSE 'void' END AS status,
                  m.voided_on, m.void_reason, m.place, m.from_time, m.to_time, h.name AS host, r.name AS recorder, m.guests, m.minutes, m.resolutions,
                  m.work_report, sp.name AS speaker, m.cadre
           FROM meeting m LEFT JOIN party_group g ON g.id = m.group_id
           LEFT JOIN person h ON h.id = m.host_id LEFT JOIN person r ON r.id = m.recorder_id
           LEFT JOIN person sp ON sp.id = m.speaker_id
           WHERE m.id = :id""",
        {"id": meeting_id},
    )
    if not rows:
        raise Refused(f"ID: 没有编号为 {meeting_id} 的会议", f"ID: no meeting {meeting_id}")
    m = rows[0]
    m["date"] = as_date(m["date"])
    m["voided_on"] = as_date(m["voided_on"])
    m["quorum_met"] = _bool(m["quorum_met"])
    m["work_report"] = bool(m["work_report"])
    m["cadre"] = bool(m["cadre"])
    m["attendance"] = [
        {
            "member_id": a["member_id"],
            "name": a["name"],
            "status": a["status"],
            "reason": a["reason"],
            "voting": bool(a["voting"]),
        }
        for a in reader.rows(
            """SELECT a.person_id AS member_id, p.name, a.status, a.reason, a.voting
               FROM meeting_attendance a JOIN person p ON p.id = a.person_id
               WHERE a.meeting_id = :id ORDER BY a.person_id""",
            {"id": meeting_id},
        )
    ]
    return m


ATTENDANCE_SQL = """
SELECT a.person_id AS member_id, p.name,
       SUM(CASE WHEN a.status != 'exempt' THEN 1 ELSE 0 END) AS expected, SUM(CASE WHEN a.status = 'present' THEN 1 ELSE 0 END) AS attended,
       SUM(CASE WHEN a.status = 'leave' THEN 1 ELSE 0 END) AS leave, SUM(CASE WHEN a.status = 'absent' THEN 1 ELSE 0 END) AS absent,
       SUM(CASE WHEN a.status = 'exempt' THEN 1 ELSE 0 END) AS exempt
FROM meeting_attendance a JOIN meeting m ON m.id = a.meeting_id JOIN person p ON p.id = a.person_id
WHERE m.status = 'held' AND m.voided_on IS NULL AND m.held_on BETWEEN :start AND :end
  AND (:pid IS NULL OR a.person_id = :pid)
GROUP BY a.person_id, p.name
"""

# For everyone on the roster on :d: their last attended meeting and absences after it.
# Driven from the person (the (person_id, status) index), so asking about the few ever
# marked absent does not walk a million attendance rows.
# A member working away (流动党员) is not expected here while away (RULES.md "Meetings"): away
# on :d, not the case; back since, the six months and the absences count from the day back
# (`back_on`, or the day after the planned last day `until_on` when no return was recorded).
# A member recorded out of contact (失联) on :d is named as such (reports/lost.py) instead.
ABSENCE_SQL = f"""
SELECT x.member_id, x.name, x.joined_on, x.last_attended, x.last_back, x.last_until, x.away,
  x.lost,
  (SELECT COUNT(*) FROM meeting_attendance a JOIN meeting m ON m.id = a.meeting_id
    WHERE a.person_id = x.member_id AND a.status = 'absent' AND m.status = 'held' AND m.voided_on IS NULL AND m.held_on <= :d
      AND (x.last_attended IS NULL OR m.held_on > x.last_attended)
      AND (x.last_back IS NULL OR m.held_on >= x.last_back)
      AND (x.last_until IS NULL OR m.held_on > x.last_until)) AS absences_since
FROM (
  SELECT p.id AS member_id, p.name, p.joined_on,
    (SELECT MAX(m.held_on) FROM meeting_attendance a JOIN meeting m ON m.id = a.meeting_id
      WHERE a.person_id = p.id AND a.status = 'present' AND m.status = 'held' AND m.voided_on IS NULL
        AND m.held_on <= :d) AS last_attended,
    (SELECT MAX(w.back_on) FROM member_away w
      WHERE w.person_id = p.id AND w.voided_on IS NULL AND w.back_on <= :d) AS last_back,
    (SELECT MAX(w.until_on) FROM member_away w
      WHERE w.person_id = p.id AND w.voided_on IS NULL AND w.back_on IS NULL
        AND w.until_on < :d) AS last_until,
    CASE WHEN EXISTS (SELECT 1 FROM member_away w WHERE w.person_id = p.id
      AND {AWAY_ON.format(a="w", d=":d")}) THEN 1 ELSE 0 END AS away,
    CASE WHEN EXISTS (SELECT 1 FROM member_lost l WHERE l.person_id = p.id
      AND {LOST_ON.format(a="l", d=":d")}) THEN 1 ELSE 0 END AS lost
  FROM person p
  WHERE {IN_BRANCH} AND {STAGE_AT} IN ('full', 'probationary')
    AND (:pid IS NULL OR p.id = :pid)
    AND (:only_absent = 0 OR p.id IN (SELECT person_id FROM meeting_attendance WHERE status = 'absent'))
) x
ORDER BY x.member_id
"""


def absence_status(
    reader: Reader, as_of: date, person_id: int | None = None, only_absent: bool = False
) -> list[dict[str, Any]]:
    """Every member on the roster on `as_of`: last attended meeting and whether they are the
    党章 art. 9 case (see rules.meetings.absent_six_months)."""
    first = as_date(
        reader.scalar(
            "SELECT MIN(held_on) FROM meeting WHERE status = 'held' AND voided_on IS NULL AND held_on <= :d",
            {"d": as_of},
        )
    )
    out = []
    for r in reader.rows(
        ABSENCE_SQL, {"d": as_of, "pid": person_id, "only_absent": int(only_absent)}
    ):
        last = as_date(r["last_attended"])
        backs = [as_date(r["last_back"]), as_date(r["last_until"])]
        if backs[1] is not None:
            backs[1] += timedelta(days=1)  # back the day after the planned last day away
        back = max((d for d in backs if d is not None), default=None)
        verdict = absent_six_months(
            as_of, last, as_date(r["joined_on"]), first, r["absences_since"], back
        )
        out.append(
            {
                "member_id": r["member_id"],
                "name": r["name"],
                "last_attended": last,
                "since": verdict.anchor,
                "absences": verdict.absences_since,
                # away on `as_of` (not expected here) or recorded lost (named as lost)
                "flagged": verdict.flagged and not r["away"] and not r["lost"],
            }
        )
    return out


def absence_findings(reader: Reader, as_of: date) -> list[dict[str, Any]]:
    # only someone ever marked absent can be the case: look at them alone
    return [r for r in absence_status(reader, as_of, only_absent=True) if r["flagged"]]


def attendance_report(
    reader: Reader, period: Period | None, person_id: int | None, as_of: date
) -> list[dict[str, Any]]:
    start = period.start if period else date(1900, 1, 1)
    end = min(period.end, as_of) if period else as_of
    rows = {
        r["member_id"]: r
        for r in reader.rows(ATTENDANCE_SQL, {"start": start, "end": end, "pid": person_id})
    }
    status = {f["member_id"]: f for f in absence_status(reader, as_of, person_id)}
    for pid, f in status.items():
        if f["flagged"]:
            rows.setdefault(
                pid,
                {
                    "member_id": pid,
                    "name": f["name"],
                    "expected": 0,
                    "attended": 0,
                    "leave": 0,
                    "absent": 0,
                    "exempt": 0,
                },
            )
    out = []
    for pid in sorted(rows):
        r = rows[pid]
        r["rate"] = round(r["attended"] / r["expected"], 3) if r["expected"] else None
        r["last_attended"] = status[pid]["last_attended"] if pid in status else None
        r["absent_six_months"] = bool(pid in status and status[pid]["flagged"])
        out.append(r)
    return out
