"""民主评议 read models: the results of a year with their tallies and follow-up, the branch's
distribution of grades (and the 优秀 cap when the profile has it on), and the follow-up of
unqualified members as obligations — a checklist task while open, a compliance finding once
its deadline has passed (rules/evaluation.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..errors import DangwuError
from ..i18n import LABELS, label, parse_code, tr
from ..rules import evaluation as rules
from ..rules.periods import Period
from ..store.reader import Reader, as_date

# finding kind and checklist task code per open follow-up state
FINDING_KINDS = {
    "decide": "evaluation_action_overdue",
    "correct": "evaluation_followup_overdue",
}
TASK_CODES = {"decide": "evaluation_action", "correct": "evaluation_followup"}

_SELECT = """SELECT e.person_id AS member_id, p.name, e.year, e.grade, e.action,
       e.votes_excellent, e.votes_qualified, e.votes_basic, e.votes_unqualified,
       e.meeting_id, m.held_on AS meeting_on, e.decided_on, e.action_due, e.action_done_on,
       e.action_result, p.left_on, p.voided_on AS person_voided_on
  FROM evaluation e JOIN person p ON p.id = e.person_id
  LEFT JOIN meeting m ON m.id = e.meeting_id
 WHERE e.voided_on IS NULL"""


def action_code(text: str | None) -> str | None:
    """The handling's code of what is stored: a code, or a label typed before the codes were
    kept (限期改正 …); None for none, or for free text no code covers (as services/evaluation.py
    reads it)."""
    if text is None:
        return None
    try:
        return parse_code("evaluation_action", text, "--action", rules.ACTIONS)
    except DangwuError:
        return None


def action_text(text: str | None) -> str | None:
    """The handling as JSON shows it under `action` (as typed before the codes: 限期改正, 劝退,
    除名, whatever --lang says): the Chinese name of a code, else the text stored."""
    code = action_code(text)
    return LABELS["evaluation_action"][code][0] if code else text


def _raw(reader: Reader, year: int | None, unqualified_only: bool = False) -> list[dict[str, Any]]:
    sql = _SELECT + " AND (:y IS NULL OR e.year = :y)"
    if unqualified_only:
        sql += " AND e.grade = 'unqualified'"
    rows = reader.rows(sql + " ORDER BY e.year, e.person_id", {"y": year})
    for r in rows:
        for key in ("meeting_on", "decided_on", "action_due", "action_done_on"):
            r[key] = as_date(r[key])
        r["left_on"] = as_date(r["left_on"])
    return rows


def _followup(r: dict[str, Any], as_of: date) -> rules.Followup:
    graded_on = rules.decided_from(r["year"], r["decided_on"], r["meeting_on"])
    return rules.followup(
        r["grade"],
        action_code(r["action"]) or r["action"],
        graded_on,
        r["action_due"],
        r["action_done_on"],
        as_of,
    )


def _shaped(r: dict[str, Any], as_of: date) -> dict[str, Any]:
    f = _followup(r, as_of)
    return {
        "member_id": r["member_id"],
        "name": r["name"],
        "year": r["year"],
        "grade": r["grade"],
        "action": action_text(r["action"]),
        "action_code": action_code(r["action"]),
        "votes_excellent": r["votes_excellent"],
        "votes_qualified": r["votes_qualified"],
        "votes_basic": r["votes_basic"],
        "votes_unqualified": r["votes_unqualified"],
        "meeting_id": r["meeting_id"],
        "decided_on": r["decided_on"],
        "action_due": r["action_due"],
        "action_done_on": r["action_done_on"],
        "action_result": r["action_result"],
        "followup": f.state,
        "followup_due": f.due,
        # someone who left (or was voided) is followed up no more, as the checklist and
        # compliance count them
        "overdue": f.overdue(as_of) and _open_people(r, as_of),
    }


def results(reader: Reader, year: int | None, as_of: date) -> list[dict[str, Any]]:
    """`evaluation list`: every result of the year (every year without one), by year then
    member, with the tallies, the handling and where its follow-up stands on `as_of`."""
    return [_shaped(r, as_of) for r in _raw(reader, year)]


def _members(reader: Reader, year: int) -> int:
    from ..store.roster_index import MEMBER_STAGES, roster_index

    return len(roster_index(reader).in_branch(date(year, 12, 31), MEMBER_STAGES))


def cap_on(reader: Reader) -> bool:
    from ..rules.profile import option_on
    from ..store.profile_queries import stored_profile

    return option_on(stored_profile(reader), "excellent_cap")


def distribution(
    reader: Reader, year: int, grades: dict[str, int], with_cap: bool
) -> dict[str, Any]:
    """A year's grades: count and share of the results recorded, the members on 31 December,
    and (with the profile's `excellent_cap` on) the 优秀 cap: its base, limit and whether the
    year is over it (rules.cap_base, cap_limit)."""
    evaluated = sum(grades.values())
    members = _members(reader, year)
    cap = None
    if with_cap:
        base = rules.cap_base(members, evaluated)
        cap = {
            "base": base,
            "limit": rules.cap_limit(base),
            "excellent": grades.get(rules.EXCELLENT, 0),
            "over": rules.over_cap(grades.get(rules.EXCELLENT, 0), base),
        }
    return {
        "year": year,
        "evaluated": evaluated,
        "members": members,
        "grades": {g: grades.get(g, 0) for g in rules.GRADES},
        "shares": {
            g: round(grades.get(g, 0) / evaluated, 3) if evaluated else None for g in rules.GRADES
        },
        "cap": cap,
    }


def _grade_counts(reader: Reader, year: int | None) -> dict[int, dict[str, int]]:
    out: dict[int, dict[str, int]] = {}
    for y, grade, n in reader.tuples(
        """SELECT year, grade, COUNT(*) FROM evaluation
           WHERE voided_on IS NULL AND (:y IS NULL OR year = :y) GROUP BY year, grade""",
        {"y": year},
    ):
        out.setdefault(int(y), {})[grade] = int(n)
    return out


def distributions(reader: Reader, year: int | None) -> list[dict[str, Any]]:
    """`evaluation list --summary`: the distribution of each year with results (of `year`
    only, given one), oldest first."""
    with_cap = cap_on(reader)
    counts = _grade_counts(reader, year)
    return [distribution(reader, y, counts[y], with_cap) for y in sorted(counts)]


def year_section(reader: Reader, year: int, as_of: date) -> dict[str, Any]:
    """The year report's `evaluation`: `grades` and `unqualified` (each with its `action`, as
    before) and the distribution's keys, with the follow-up as it stood on `as_of`."""
    doc = distribution(reader, year, _grade_counts(reader, year).get(year, {}), cap_on(reader))
    doc.pop("year")
    unqualified = [_shaped(r, as_of) for r in _raw(reader, year, unqualified_only=True)]
    for u in unqualified:
        for key in ("year", "grade"):
            u.pop(key)
    return {"grades": doc.pop("grades"), "unqualified": unqualified, **doc}


def _open_people(r: dict[str, Any], as_of: date) -> bool:
    """Whether the member is still someone the branch follows up: not voided, not left."""
    if r["person_voided_on"] is not None:
        return False
    return r["left_on"] is None or r["left_on"] > as_of


def _known(r: dict[str, Any], as_of: date) -> bool:
    """Whether the result was known on `as_of` (decided by then, as far as the ledger says)."""
    day = r["decided_on"] or r["meeting_on"]
    return day is None or day <= as_of


def findings(reader: Reader, as_of: date) -> list[dict[str, Any]]:
    """Compliance findings: an unqualified member whose handling was not decided within its
    time (rules.DECIDE_WITHIN_MONTHS), or whose 限期改正 ended with no outcome recorded."""
    out = []
    for r in _raw(reader, None, unqualified_only=True):
        if not (_open_people(r, as_of) and _known(r, as_of)):
            continue
        f = _followup(r, as_of)
        if not f.overdue(as_of) or f.state not in FINDING_KINDS:
            continue
        if f.state == "decide":
            detail = tr(
                f"{r['year']} 年度评议为不合格，处置应于 {f.due} 前决定",
                f"graded unqualified for {r['year']}; the handling was due by {f.due}",
            )
        else:
            detail = tr(
                f"{r['year']} 年度评议不合格，限期改正至 {f.due}，期满未记录结果",
                f"unqualified for {r['year']}: the correction period ended {f.due} with no"
                " outcome recorded",
            )
        out.append(
            {
                "kind": FINDING_KINDS[f.state],
                "member_id": r["member_id"],
                "name": r["name"],
                "detail": detail,
            }
        )
    return out


def tasks(reader: Reader, quarter: Period, as_of: date) -> list[dict[str, Any]]:
    """Checklist tasks (category evaluation) of the follow-up: deciding the handling of each
    unqualified member and closing each 限期改正, in the quarter their deadline falls in, and
    in later quarters while still open (as development steps are carried over). Keys as the
    checklist's other tasks, without the category."""
    out = []
    for r in _raw(reader, None, unqualified_only=True):
        if r["person_voided_on"] is not None or not _known(r, as_of):
            continue
        gone = not _open_people(r, as_of)
        graded_on = rules.decided_from(r["year"], r["decided_on"], r["meeting_on"])
        code = action_code(r["action"])
        decide_due = rules.decision_due(graded_on)
        owed: list[tuple[str, date, bool, date | None, str]] = [
            (
                TASK_CODES["decide"],
                decide_due,
                r["action"] is not None,
                None,
                tr(
                    f"{r['name']} {r['year']} 年度评议不合格：决定处置（"
                    f"{label('evaluation_action', 'correct')}、{label('evaluation_action', 'persuade')}"
                    f"或{label('evaluation_action', 'remove')}）",
                    f"{r['name']}: decide the handling of the {r['year']} unqualified grade",
                ),
            )
        ]
        if code == rules.CORRECT:
            due = r["action_due"] or rules.correction_due(graded_on)
            done_on = r["action_done_on"]
            if done_on is not None and done_on > as_of:
                done_on = None
            owed.append(
                (
                    TASK_CODES["correct"],
                    due,
                    done_on is not None,
                    done_on,
                    tr(
                        f"{r['name']} 限期改正至 {due}：期满记录结果",
                        f"{r['name']}: correction period ends {due}; record the outcome",
                    ),
                )
            )
        for task_code, due, done, done_on, title in owed:
            if not done and gone:
                continue  # left the branch: nothing more to follow up here
            if quarter.start <= due <= quarter.end or (due < quarter.start and not done):
                out.append(
                    {
                        "code": task_code,
                        "title": title,
                        "due": due,
                        "done": done,
                        "done_on": done_on,
                        "member_id": r["member_id"],
                    }
                )
    return out
