"""Members out of contact (失联党员, PEERS.md §2.2): those recorded lost (`member lost`), and
those the ledger suggests may be — six months or more with no meeting attended and no dues
paid (rules/away.py) — for `report compliance`, `report year` and `report stats`."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from ..i18n import label, tr
from ..rules.away import contact_cutoff
from ..rules.periods import Period
from ..store.queries import ADMITTED_ON, IN_BRANCH, LOST_ON, STAGE_AT
from ..store.reader import Reader, as_date

# ids per IN (…) list when the candidates' last contacts are read
CHUNK = 500


def lost_on_day(reader: Reader, day: date) -> list[dict[str, Any]]:
    """The members of the branch (full or probationary) recorded out of contact on `day`, by
    member id: the record's id, since when, the reason (code), the note."""
    rows = reader.rows(
        f"""SELECT l.id AS record_id, l.person_id AS member_id, p.name, l.since, l.reason,
                   l.found_on, l.note
            FROM member_lost l JOIN person p ON p.id = l.person_id
            WHERE {LOST_ON.format(a="l", d=":d")} AND {IN_BRANCH}
              AND {STAGE_AT} IN ('full', 'probationary')
            ORDER BY l.person_id, l.since""",
        {"d": day},
    )
    for r in rows:
        r["since"], r["found_on"] = as_date(r["since"]), as_date(r["found_on"])
    return rows


def lost_during(reader: Reader, period: Period) -> list[dict[str, Any]]:
    """Every out-of-contact record with a day lost in `period`, by first day and member."""
    rows = reader.rows(
        """SELECT l.id AS record_id, l.person_id AS member_id, p.name, l.since, l.reason,
                  l.found_on, l.note
           FROM member_lost l JOIN person p ON p.id = l.person_id
           WHERE l.voided_on IS NULL AND p.voided_on IS NULL AND l.since <= :e
             AND (l.found_on IS NULL OR l.found_on > :s)
           ORDER BY l.since, l.person_id, l.id""",
        {"s": period.start, "e": period.end},
    )
    for r in rows:
        r["since"], r["found_on"] = as_date(r["since"]), as_date(r["found_on"])
    return rows


# The members of the branch on :d with no contact since :t (rules/away.py contact_cutoff):
# none joined the branch or was admitted since, attended a meeting held since, paid dues
# since, came back from working away since or sent a written report from there; and neither
# away on :d (not expected here) nor recorded lost (named as such). Driven from the person,
# the cheap tests first: the payments through the (person, month, kind, paid_on) index,
# which excludes most members at once, then the attendance through (person_id, status).
CANDIDATES_SQL = f"""
SELECT p.id, p.name FROM person p
WHERE {IN_BRANCH} AND {STAGE_AT} IN ('full', 'probationary')
  AND (p.joined_on IS NULL OR p.joined_on < :t)
  AND NOT EXISTS (SELECT 1 FROM dues_payment d WHERE d.person_id = p.id
                  AND d.kind != 'reversal' AND d.paid_on >= :t AND d.paid_on <= :d)
  AND NOT EXISTS (SELECT 1 FROM meeting_attendance a JOIN meeting m ON m.id = a.meeting_id
                  WHERE a.person_id = p.id AND a.status = 'present' AND m.status = 'held'
                    AND m.voided_on IS NULL AND m.held_on >= :t AND m.held_on <= :d)
  AND NOT EXISTS (SELECT 1 FROM stage_event se WHERE se.person_id = p.id
                  AND se.stage = 'probationary' AND se.on_date >= :t AND se.on_date <= :d)
  AND NOT EXISTS (SELECT 1 FROM member_away w WHERE w.person_id = p.id
                  AND w.voided_on IS NULL AND w.from_on <= :d
                  AND ((w.back_on IS NULL AND (w.until_on IS NULL OR w.until_on >= :t1))
                       OR (w.back_on >= :t AND w.back_on <= :d)))
  AND NOT EXISTS (SELECT 1 FROM away_report r WHERE r.person_id = p.id
                  AND r.voided_on IS NULL AND r.on_date >= :t AND r.on_date <= :d)
  AND NOT EXISTS (SELECT 1 FROM member_lost l WHERE l.person_id = p.id
                  AND {LOST_ON.format(a="l", d=":d")})
ORDER BY p.id
"""

# Whether the branch kept its organizational life or its dues at all since :t: with no
# meeting held and no payment made in six months every member would look lost, which says
# the branch stopped (its requirements are short), not that they did — as RULES.md
# "Meetings" has it for the six-month absence.
KEPT_SINCE_SQL = """SELECT CASE WHEN EXISTS (SELECT 1 FROM meeting m WHERE m.status = 'held'
    AND m.voided_on IS NULL AND m.held_on >= :t AND m.held_on <= :d)
  OR EXISTS (SELECT 1 FROM dues_payment d WHERE d.kind != 'reversal'
    AND d.paid_on >= :t AND d.paid_on <= :d) THEN 1 ELSE 0 END"""

# The last contact of each candidate named: the last meeting attended, the last payment
# made (by :d) and when they joined the branch and were admitted.
LAST_CONTACT_SQL = f"""
SELECT p.id, p.joined_on, {ADMITTED_ON} AS admitted_on,
  (SELECT MAX(m.held_on) FROM meeting_attendance a JOIN meeting m ON m.id = a.meeting_id
    WHERE a.person_id = p.id AND a.status = 'present' AND m.status = 'held'
      AND m.voided_on IS NULL AND m.held_on <= :d) AS attended,
  (SELECT MAX(d.paid_on) FROM dues_payment d WHERE d.person_id = p.id
    AND d.kind != 'reversal' AND d.paid_on <= :d) AS paid
FROM person p WHERE p.id IN ({{ids}})
"""


def lost_candidates(reader: Reader, as_of: date) -> list[dict[str, Any]]:
    """The members who may be out of contact on `as_of` (PEERS.md §2.2: six months or more
    since the last organizational life or dues payment): id, name, the last contact and
    what it was (attended, paid, joined, admitted or ledger).

    The ledger can judge only the time it kept: with no meeting held and no payment made
    six months before `as_of`, or none since (KEPT_SINCE_SQL), nobody is a candidate (a
    branch that began keeping dangwu last month has not lost everyone), and a last contact
    before its first record counts as that record's day (`ledger`)."""
    cutoff = contact_cutoff(as_of)
    firsts = [
        as_date(
            reader.scalar(
                "SELECT MIN(held_on) FROM meeting WHERE status = 'held' AND voided_on IS NULL"
            )
        ),
        as_date(reader.scalar("SELECT MIN(paid_on) FROM dues_payment WHERE kind != 'reversal'")),
    ]
    kept = [d for d in firsts if d is not None]
    began = min(kept) if kept else None
    if began is None or began >= cutoff:
        return []
    params = {"d": as_of, "t": cutoff, "t1": cutoff - timedelta(days=1)}
    if not reader.scalar(KEPT_SINCE_SQL, params):
        return []
    found = reader.rows(CANDIDATES_SQL, params)
    out = []
    for i in range(0, len(found), CHUNK):
        part = found[i : i + CHUNK]
        ids = ",".join(str(int(r["id"])) for r in part)
        last = {r["id"]: r for r in reader.rows(LAST_CONTACT_SQL.format(ids=ids), {"d": as_of})}
        for r in part:
            known = last[r["id"]]
            seen = [
                (as_date(known[key]), key)
                for key in ("attended", "paid", "joined_on", "admitted_on")
                if known[key] is not None
            ]
            day, how = max(seen) if seen else (began, "ledger")
            if day < began:  # type: ignore[operator]
                day, how = began, "ledger"
            out.append(
                {
                    "member_id": r["id"],
                    "name": r["name"],
                    "last_contact": day,
                    "contact": how.removesuffix("_on"),
                }
            )
    return out


CONTACT = {
    "attended": ("参加会议", "attended a meeting"),
    "paid": ("交纳党费", "paid dues"),
    "joined": ("加入本支部", "joined the branch"),
    "admitted": ("入党", "admitted"),
    "ledger": ("本账本最早的记录", "the ledger's first record"),
}


def lost_findings(reader: Reader, as_of: date) -> list[dict[str, Any]]:
    """The compliance findings: `member_lost` for each member recorded out of contact on
    `as_of`, then `lost_candidate` for each member who may be (lost_candidates)."""
    out: list[dict[str, Any]] = []
    for r in lost_on_day(reader, as_of):
        why = label("lost_reason", r["reason"])
        out.append(
            {
                "kind": "member_lost",
                "member_id": r["member_id"],
                "name": r["name"],
                "detail": tr(
                    f"自 {r['since']} 失联（{why}）",
                    f"out of contact since {r['since']} ({why})",
                ),
                "since": r["since"],
                "reason": r["reason"],
            }
        )
    for c in lost_candidates(reader, as_of):
        zh, en = CONTACT[c["contact"]]
        out.append(
            {
                "kind": "lost_candidate",
                "member_id": c["member_id"],
                "name": c["name"],
                # the label says the rest (i18n "finding"): six months or more without a
                # meeting or a payment; the committee tries to reach them (`member lost`)
                "detail": tr(
                    f"最近一次联系：{c['last_contact']}（{zh}）",
                    f"last contact {c['last_contact']} ({en})",
                ),
                "last_contact": c["last_contact"],
            }
        )
    return out
