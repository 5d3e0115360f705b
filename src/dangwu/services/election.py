"""`committee elect`: a 换届 — the general meeting that elected the committee (or the
secretary of a branch without one) and its term (rules/terms.py); `committee elect-void`
voids one entered in error. Each is one transaction with its audit entry."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from ..errors import Refused
from ..rules import terms as rules
from ..store import audit
from ..store.term_queries import current_term, default_years
from .meetings import _text
from .voids import _reason

if TYPE_CHECKING:
    from ..store.writer import Writer

COLUMNS = (
    "id",
    "on_date",
    "years",
    "meeting_id",
    "approved_on",
    "note",
    "voided_on",
    "void_reason",
)


def _years(w: Writer, text: str | None) -> int:
    if text is None:
        return default_years(w)
    t = text.strip()
    if not t.isdecimal() or len(t) > 2 or int(t) not in rules.TERM_YEARS:
        allowed = "或".join(map(str, rules.TERM_YEARS))
        raise Refused(
            f"--years: 任期应为 {allowed} 年（党章第三十一条、支部工作条例）：{text!r}",
            f"--years: a term is {' or '.join(map(str, rules.TERM_YEARS))} years"
            f" (党章 art. 31, 支部条例): {text!r}",
        )
    return int(t)


def _meeting_quorum(w: Writer, meeting_id: int, on: date, force_reason: str | None) -> None:
    """The election meeting: a general meeting held that day, with more than four fifths
    of its voting members present (rules/terms.py ELECTION_QUORUM)."""
    found = w.rows(
        "SELECT type, held_on, status, voided_on FROM meeting WHERE id = :i", {"i": meeting_id}
    )
    if not found:
        raise Refused(
            f"--meeting: 没有编号为 {meeting_id} 的会议", f"--meeting: no meeting {meeting_id}"
        )
    m = found[0]
    if m["voided_on"] is not None or m["status"] != "held":
        raise Refused(
            f"--meeting: 会议 {meeting_id} 已作废或未举行",
            f"--meeting: meeting {meeting_id} was voided or not held",
        )
    if m["type"] != "general":
        raise Refused(
            f"--meeting: 会议 {meeting_id} 不是支部党员大会（换届由党员大会选举）",
            f"--meeting: meeting {meeting_id} is not a general meeting (the general meeting elects)",
        )
    if str(m["held_on"]) != on.isoformat():
        raise Refused(
            f"--meeting: 会议 {meeting_id} 于 {m['held_on']} 召开，不是 {on}",
            f"--meeting: meeting {meeting_id} was held on {m['held_on']}, not {on}",
        )
    expected, present = w.tuples(
        """SELECT COALESCE(SUM(CASE WHEN voting AND status <> 'exempt' THEN 1 ELSE 0 END), 0),
                  COALESCE(SUM(CASE WHEN voting AND status = 'present' THEN 1 ELSE 0 END), 0)
           FROM meeting_attendance WHERE meeting_id = :i""",
        {"i": meeting_id},
    )[0]
    if not rules.election_quorum_met(int(expected), int(present)) and force_reason is None:
        raise Refused(
            f"--meeting: 有选举权的党员应到 {expected} 人、实到 {present} 人，未超过五分之四，"
            "不能进行选举（选举工作条例；历史记录可加 --force --reason）",
            f"--meeting: {present} of {expected} voting members present, not more than four"
            " fifths: no election (选举工作条例; add --force --reason for a historical record)",
        )


def _timing(w: Writer, on: date, approved_on: date | None, force_reason: str | None) -> None:
    """An election before the six months ahead of the term's end, or after it, needs the
    higher committee's approval (`--approved-on`) and moves by at most a year."""
    before = current_term(w, on - timedelta(days=1))
    if before is None:
        return  # the first election the ledger knows
    when = rules.timing(before.end, on)
    if when == "on_time" or force_reason is not None:
        return
    if when in ("too_early", "too_late"):
        zh = "提前" if when == "too_early" else "推迟"
        raise Refused(
            f"--on: 本届任期至 {before.end} 届满，{on} 换届{zh}超过一年（选举工作条例：一般不超过"
            "1年；历史记录可加 --force --reason）",
            f"--on: the term ends on {before.end}; an election on {on} is more than a year"
            f" {'early' if when == 'too_early' else 'late'} (选举工作条例; add --force --reason"
            " for a historical record)",
        )
    if approved_on is None:
        zh = "提前" if when == "early" else "延期"
        raise Refused(
            f"--approved-on: 本届任期至 {before.end} 届满，{on} {zh}换届须经上级党组织批准，"
            "请给出批准日期",
            f"--approved-on: the term ends on {before.end}; an election on {on} is"
            f" {'early' if when == 'early' else 'late'} and needs the higher committee's"
            " approval: give the day it was approved",
        )


def elect(
    w: Writer,
    on: date,
    years_text: str | None,
    meeting_id: int | None,
    approved_on: date | None,
    note: str | None,
    force_reason: str | None,
    today: date,
) -> dict[str, Any]:
    """Record the election held on `on`; its row as stored."""
    if on > today:
        raise Refused(f"--on: {on} 晚于今天", f"--on: {on} is in the future")
    if approved_on is not None and approved_on > today:
        raise Refused(
            f"--approved-on: {approved_on} 晚于今天",
            f"--approved-on: {approved_on} is in the future",
        )
    years = _years(w, years_text)
    same = w.scalar(
        "SELECT MIN(id) FROM committee_election WHERE on_date = :d AND voided_on IS NULL",
        {"d": on},
    )
    if same is not None:
        raise Refused(
            f"--on: {on} 的换届选举已记录（{same}；录错可用 dangwu committee elect-void {same}"
            " --reason …）",
            f"--on: the election of {on} is already recorded ({same}; void one entered in"
            f" error with dangwu committee elect-void {same} --reason …)",
        )
    if meeting_id is not None:
        _meeting_quorum(w, meeting_id, on, force_reason)
    _timing(w, on, approved_on, force_reason)
    row: dict[str, Any] = {
        "on_date": on,
        "years": years,
        "meeting_id": meeting_id,
        "approved_on": approved_on,
        "note": _text(note, "--note"),
        "voided_on": None,
        "void_reason": None,
    }
    row["id"] = w.insert("committee_election", row)
    audit.record(
        w, "committee.elect", "committee_election", row["id"], after=row, reason=force_reason
    )
    row["term_end"] = rules.term_end(on, years)
    return row


def void(w: Writer, row_id: int, reason_text: str | None, today: date) -> dict[str, Any]:
    """An election entered in error: kept, marked void; the term before it runs again."""
    reason = _reason(reason_text)
    cols = ", ".join(COLUMNS)
    found = w.rows(f"SELECT {cols} FROM committee_election WHERE id = :i", {"i": row_id})
    if not found:
        raise Refused(f"ID: 没有编号为 {row_id} 的换届记录", f"ID: no election {row_id}")
    before = found[0]
    if before["voided_on"] is not None:
        raise Refused(f"ID: 换届记录 {row_id} 已作废", f"ID: election {row_id} was voided")
    w.execute(
        "UPDATE committee_election SET voided_on = :d, void_reason = :r WHERE id = :i",
        {"d": today, "r": reason, "i": row_id},
    )
    after = dict(before, voided_on=today, void_reason=reason)
    audit.record(
        w,
        "committee.elect.void",
        "committee_election",
        row_id,
        before=before,
        after=after,
        reason=reason,
    )
    return after
