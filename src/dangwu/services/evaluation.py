"""民主评议 as a procedure: a member's result for a year with the evaluation meeting's tallies,
the handling decided for an unqualified member, and the outcome that closes its follow-up.

Each verb is one transaction with an audit entry; a refusal names the option first.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any

from ..errors import DangwuError, Refused
from ..i18n import label, parse_code
from ..rules import evaluation as rules
from ..store import audit
from ..store.queries import stage_on
from ..store.reader import Reader, SessionReader, as_date
from ..store.refs import find_person_id
from .people_records import _clean

if TYPE_CHECKING:
    from sqlmodel import Session

    from ..store.models import Evaluation

# meetings a grade may be decided at: the evaluation meeting itself, or the general meeting
# that holds it (PEERS.md §2.6: 民主测评 at a general meeting; seed 004 7: with the year-end
# general meeting)
MEETING_TYPES = ("evaluation", "general")
# four counts of at most a million votes each (no branch is bigger; keeps the integers small)
_VOTE = re.compile(r"^\d{1,6}$")
_SEPARATORS = re.compile(r"\s*[,，/、]\s*")


def action_code(text: str | None) -> str | None:
    """The handling's code for what is stored (a code, or a label typed before the codes were
    kept); None for no handling or free text the codes do not cover."""
    if text is None:
        return None
    try:
        return parse_code("evaluation_action", text, "--action", rules.ACTIONS)
    except DangwuError:
        return None


def parse_action(text: str) -> str:
    """`--action`: a handling's code (correct, persuade, remove, or their Chinese names), else
    the decision as the branch wrote it (CLI.md: `--action T`, free text), kept verbatim and
    counted as decided, with no 限期改正 to follow up."""
    code = action_code(text)
    if code is not None:
        return code
    value = text.strip()
    if len(value) > 200 or re.search(r"[\x00-\x1f\x7f]", value):
        raise Refused("--action: 过长或含控制字符", "--action: too long or has control characters")
    return value


def parse_votes(text: str) -> rules.Tally:
    """`--votes E,Q,B,U`: the votes for 优秀, 合格, 基本合格 and 不合格, in that order."""
    parts = _SEPARATORS.split(text.strip())
    if len(parts) != 4 or not all(_VOTE.match(p) for p in parts):
        raise Refused(
            f"--votes: 应为四个非负整数（优秀,合格,基本合格,不合格 的票数，如 12,3,0,0）：{text!r}",
            f"--votes: expected four counts (excellent,qualified,basic,unqualified votes,"
            f" e.g. 12,3,0,0): {text!r}",
        )
    e, q, b, u = (int(p) for p in parts)
    return rules.Tally(e, q, b, u)


def _name(reader: Reader, pid: int) -> str:
    return str(reader.scalar("SELECT name FROM person WHERE id = :p", {"p": pid}))


def _check_year(year: int, today: date) -> None:
    if year < 1921 or year > today.year:
        raise Refused(f"--year: {year} 不是有效年份", f"--year: {year} is not a valid year")


def _member_that_year(reader: Reader, pid: int, name: str, year: int, today: date) -> None:
    end = min(date(year, 12, 31), today)
    stage = stage_on(reader, pid, end)
    in_branch = reader.scalar(
        "SELECT 1 FROM person WHERE id = :p AND (joined_on IS NULL OR joined_on <= :e)"
        " AND (left_on IS NULL OR left_on >= :s)",
        {"p": pid, "s": date(year, 1, 1), "e": end},
    )
    if stage not in ("full", "probationary") or not in_branch:
        raise Refused(
            f"REF: {name} 在 {year} 年不是本支部党员",
            f"REF: {name} was not a member of the branch in {year}",
        )


def _meeting(reader: Reader, meeting_id: int, year: int) -> tuple[date, int]:
    """The evaluation meeting's day and the full members present, checked: it exists, is not
    void, was held, is an evaluation or general meeting, and was not before the year."""
    rows = reader.rows(
        "SELECT type, held_on, status, voting_present, voided_on FROM meeting WHERE id = :m",
        {"m": meeting_id},
    )
    if not rows:
        raise Refused(
            f"--meeting: 没有编号为 {meeting_id} 的会议", f"--meeting: no meeting {meeting_id}"
        )
    m = rows[0]
    if m["voided_on"] is not None:
        raise Refused(
            f"--meeting: 会议 {meeting_id} 已作废", f"--meeting: meeting {meeting_id} was voided"
        )
    if m["type"] not in MEETING_TYPES:
        raise Refused(
            f"--meeting: 会议 {meeting_id} 是{label('meeting_type', m['type'])}，"
            "应为民主评议党员会议或支部党员大会",
            f"--meeting: meeting {meeting_id} is a {label('meeting_type', m['type'])};"
            " expected an evaluation or general meeting",
        )
    if m["status"] != "held":
        raise Refused(
            f"--meeting: 会议 {meeting_id} 尚未召开",
            f"--meeting: meeting {meeting_id} was not held",
        )
    held_on = as_date(m["held_on"])
    assert held_on is not None
    if held_on < date(year, 1, 1):
        raise Refused(
            f"--meeting: 会议 {meeting_id} 于 {held_on} 召开，早于所评议的 {year} 年",
            f"--meeting: meeting {meeting_id} was held on {held_on}, before {year}",
        )
    return held_on, int(m["voting_present"] or 0)


def _meeting_day(reader: Reader, meeting_id: int | None) -> date | None:
    if meeting_id is None:
        return None
    return as_date(reader.scalar("SELECT held_on FROM meeting WHERE id = :m", {"m": meeting_id}))


def _check_tally(tally: rules.Tally, voting_present: int | None) -> None:
    problems = rules.tally_problems(tally, voting_present)
    if problems:
        raise Refused(
            "--votes: " + "；".join(p.zh for p in problems),
            "--votes: " + "; ".join(p.en for p in problems),
        )


def _check_cap(reader: Reader, pid: int, year: int, force_reason: str | None) -> bool:
    """With the profile's `excellent_cap` on, refuse a grade that would make the year's excellent
    members more than a third of the base (rules.cap_base); True when --force let it through."""
    from ..rules.profile import option_on
    from ..store.profile_queries import stored_profile
    from ..store.roster_index import MEMBER_STAGES, roster_index

    if not option_on(stored_profile(reader), "excellent_cap"):
        return False
    counts = dict(
        reader.tuples(
            "SELECT grade, COUNT(*) FROM evaluation WHERE year = :y AND voided_on IS NULL"
            " AND person_id != :p GROUP BY grade",
            {"y": year, "p": pid},
        )
    )
    excellent = int(counts.get(rules.EXCELLENT, 0)) + 1
    evaluated = sum(int(n) for n in counts.values()) + 1
    members = len(roster_index(reader).in_branch(date(year, 12, 31), MEMBER_STAGES))
    base = rules.cap_base(members, evaluated)
    if not rules.over_cap(excellent, base):
        return False
    if force_reason:
        return True
    limit = rules.cap_limit(base)
    raise Refused(
        f"--grade: {year} 年评为优秀的将有 {excellent} 名，超过 {base} 名党员的三分之一（至多"
        f" {limit} 名；规则 excellent_cap）；录入历史记录可用 --force --reason",
        f"--grade: {excellent} members graded excellent for {year} would be more than a third of"
        f" {base} (at most {limit}; rule excellent_cap); use --force --reason for historical"
        " records",
    )


def _find(session: Session, pid: int, year: int) -> Evaluation | None:
    from sqlmodel import select

    from ..store.models import Evaluation

    return session.exec(
        select(Evaluation).where(Evaluation.person_id == pid, Evaluation.year == year)
    ).first()


def _live(session: Session, pid: int, name: str, year: int) -> Evaluation:
    row = _find(session, pid, year)
    if row is None or row.voided_on is not None:
        raise Refused(
            f"--year: {name} 没有 {year} 年的评议结果", f"--year: {name} has no {year} result"
        )
    return row


def _earliest(year: int, decided_on: date | None, meeting_day: date | None) -> date:
    """The earliest day a handling or its outcome may bear: the grade's known day (recorded,
    or the meeting's), else the first day of the year evaluated."""
    return decided_on or meeting_day or date(year, 1, 1)


def record(
    session: Session,
    ref: str,
    year: int,
    grade_text: str,
    action_text: str | None,
    today: date,
    replace: bool,
    *,
    meeting_id: int | None = None,
    votes: str | None = None,
    decided_on: date | None = None,
    due: date | None = None,
    force_reason: str | None = None,
) -> Evaluation:
    """`evaluation record`: a member's grade for a year, with the meeting, its tallies, the day
    decided and, for an unqualified member, the handling. `replace` corrects a result: what is
    given replaces what was recorded, the rest is kept (a grade other than unqualified drops
    the handling and its follow-up)."""
    grade = parse_code("grade", grade_text, "--grade", rules.GRADES)
    _check_year(year, today)
    reader = SessionReader(session)
    pid = find_person_id(reader, ref)
    # the person's name in every message, however they were referred to
    name = _name(reader, pid)
    if action_text is not None and grade != rules.UNQUALIFIED:
        raise Refused(
            "--action: 处置只用于评为不合格的党员",
            "--action: a handling is decided for an unqualified member only",
        )
    _member_that_year(reader, pid, name, year, today)
    action = None
    if action_text is not None and action_text.strip():
        action = parse_action(action_text)
    existing = _find(session, pid, year)
    revive = existing is not None and existing.voided_on is not None
    if existing is not None and not revive and not replace:
        raise Refused(
            f"--year: {name} 的 {year} 年评议结果已记录（{label('grade', existing.grade)}）；更正请加 --replace",
            f"--year: {name} already has a {year} result ({existing.grade}); use --replace to correct it",
        )
    # what the result becomes: given values, else (correcting one) what it holds
    kept = existing if existing is not None and not revive else None
    voting_present: int | None = None
    meeting_day: date | None = None
    meeting_given = meeting_id is not None
    if meeting_id is not None:
        meeting_day, voting_present = _meeting(reader, meeting_id, year)
    elif kept is not None and kept.meeting_id is not None:
        meeting_id = kept.meeting_id
        meeting_day = _meeting_day(reader, meeting_id)
        voting_present = reader.scalar(
            "SELECT voting_present FROM meeting WHERE id = :m", {"m": meeting_id}
        )
    tally = parse_votes(votes) if votes is not None else None
    if tally is None and kept is not None and kept.votes_excellent is not None:
        tally = rules.Tally(
            kept.votes_excellent,
            kept.votes_qualified or 0,
            kept.votes_basic or 0,
            kept.votes_unqualified or 0,
        )
    if tally is not None and (votes is not None or meeting_given):
        if voting_present is None:
            # no meeting named: the votes can still not outnumber the branch's full members
            from ..store.roster_index import roster_index

            voting_present = len(roster_index(reader).in_branch(date(year, 12, 31), ("full",)))
        _check_tally(tally, voting_present)
    if decided_on is None and kept is not None:
        decided_on = kept.decided_on
    if decided_on is not None:
        if decided_on < date(year, 1, 1):
            raise Refused(
                f"--on: {decided_on} 早于所评议的 {year} 年",
                f"--on: {decided_on} is before the year evaluated ({year})",
            )
        if meeting_day is not None and decided_on < meeting_day:
            raise Refused(
                f"--on: {decided_on} 早于评议会议（{meeting_day}）",
                f"--on: {decided_on} is before the evaluation meeting ({meeting_day})",
            )
    graded_on = rules.decided_from(year, decided_on, meeting_day)
    # the handling and its follow-up
    done_on: date | None = None
    result: str | None = None
    if grade != rules.UNQUALIFIED:
        action, action_due = None, None
    elif action is not None:
        action_due = due
    elif kept is not None:
        action = action_code(kept.action) or kept.action
        action_due = due if due is not None else kept.action_due
        done_on, result = kept.action_done_on, kept.action_result
    else:
        action_due = None
    if due is not None:
        if action != rules.CORRECT:
            raise Refused(
                "--due: 期限只用于限期改正（--action correct）",
                "--due: a time limit goes with --action correct (限期改正) only",
            )
        earliest = _earliest(year, decided_on, meeting_day)
        if due <= earliest:
            raise Refused(
                f"--due: 期限 {due} 应晚于作出决定之日（{earliest}）",
                f"--due: {due} must be after the day of the decision ({earliest})",
            )
    if action == rules.CORRECT and action_due is None:
        action_due = rules.correction_due(graded_on)
    forced = False
    if grade == rules.EXCELLENT and (kept is None or kept.grade != rules.EXCELLENT):
        forced = _check_cap(reader, pid, year, force_reason)
    tallies = tally.as_tuple() if tally is not None else (None, None, None, None)
    values: dict[str, Any] = {
        "grade": grade,
        "action": action,
        "votes_excellent": tallies[0],
        "votes_qualified": tallies[1],
        "votes_basic": tallies[2],
        "votes_unqualified": tallies[3],
        "meeting_id": meeting_id,
        "decided_on": decided_on,
        "action_due": action_due,
        "action_done_on": done_on,
        "action_result": result,
    }
    reason = force_reason if forced else None
    if existing is not None:
        before = audit.row_dict(existing)
        for key, value in values.items():
            setattr(existing, key, value)
        if revive:
            # a result voided as entered in error: the year's one row records the right one
            existing.voided_on, existing.void_reason = None, None
        session.add(existing)
        session.flush()
        audit.record(
            session,
            "evaluation.record" if revive else "evaluation.replace",
            "evaluation",
            existing.id,
            before=before,
            after=audit.row_dict(existing),
            reason=reason,
        )
        return existing
    from ..store.models import Evaluation

    row = Evaluation(person_id=pid, year=year, **values)
    session.add(row)
    session.flush()
    audit.record(
        session, "evaluation.record", "evaluation", row.id, after=audit.row_dict(row), reason=reason
    )
    return row


def decide(
    session: Session,
    ref: str,
    year: int,
    action_text: str,
    on: date,
    due: date | None,
    today: date,
    replace: bool,
) -> Evaluation:
    """`evaluation action`: the handling decided for a member graded unqualified; a 限期改正
    runs to `due` (default: CORRECT_MONTHS from `on`). `replace` changes a handling decided
    before, and opens its follow-up again."""
    _check_year(year, today)
    reader = SessionReader(session)
    pid = find_person_id(reader, ref)
    name = _name(reader, pid)
    row = _live(session, pid, name, year)
    if row.grade != rules.UNQUALIFIED:
        raise Refused(
            f"--action: 处置只用于评为不合格的党员（{name} {year} 年为{label('grade', row.grade)}）",
            f"--action: a handling is decided for an unqualified member only ({name}'s {year}"
            f" grade is {label('grade', row.grade)})",
        )
    action = parse_action(action_text)
    if row.action is not None and not replace:
        shown = label("evaluation_action", action_code(row.action) or row.action)
        raise Refused(
            f"--action: {name} 的处置已决定（{shown}）；更改请加 --replace",
            f"--action: {name}'s handling was decided already ({shown}); use --replace to change it",
        )
    earliest = _earliest(year, row.decided_on, _meeting_day(reader, row.meeting_id))
    if on < earliest:
        raise Refused(
            f"--on: {on} 早于评议结果（{earliest}）",
            f"--on: {on} is before the evaluation result ({earliest})",
        )
    if due is not None and action != rules.CORRECT:
        raise Refused(
            "--due: 期限只用于限期改正（--action correct）",
            "--due: a time limit goes with --action correct (限期改正) only",
        )
    if due is not None and due <= on:
        raise Refused(
            f"--due: 期限 {due} 应晚于作出决定之日（{on}）",
            f"--due: {due} must be after the day of the decision ({on})",
        )
    before = audit.row_dict(row)
    row.action = action
    row.action_due = (due or rules.correction_due(on)) if action == rules.CORRECT else None
    row.action_done_on, row.action_result = None, None
    session.add(row)
    session.flush()
    audit.record(
        session, "evaluation.action", "evaluation", row.id, before=before, after=audit.row_dict(row)
    )
    return row


def close(
    session: Session,
    ref: str,
    year: int,
    on: date,
    result_text: str,
    today: date,
    replace: bool,
) -> Evaluation:
    """`evaluation done`: the outcome of an unqualified member's handling (the 限期改正 ended,
    the member withdrew or was removed), which closes its follow-up."""
    _check_year(year, today)
    reader = SessionReader(session)
    pid = find_person_id(reader, ref)
    name = _name(reader, pid)
    row = _live(session, pid, name, year)
    if row.grade != rules.UNQUALIFIED or row.action is None:
        raise Refused(
            f"REF: {name} 的 {year} 年评议结果没有已决定的处置（先用 evaluation action）",
            f"REF: {name}'s {year} result has no handling decided (use evaluation action first)",
        )
    if row.action_done_on is not None and not replace:
        raise Refused(
            f"--on: {name} 的处置已于 {row.action_done_on} 办结；更正请加 --replace",
            f"--on: {name}'s handling was closed on {row.action_done_on}; use --replace to correct it",
        )
    earliest = _earliest(year, row.decided_on, _meeting_day(reader, row.meeting_id))
    if on < earliest:
        raise Refused(
            f"--on: {on} 早于评议结果（{earliest}）",
            f"--on: {on} is before the evaluation result ({earliest})",
        )
    result = _clean(result_text, "--result")
    if result is None:
        raise Refused("--result: 请写明结果", "--result: say what the outcome was")
    before = audit.row_dict(row)
    row.action_done_on, row.action_result = on, result
    session.add(row)
    session.flush()
    audit.record(
        session, "evaluation.done", "evaluation", row.id, before=before, after=audit.row_dict(row)
    )
    return row
