"""`report compliance`: every requirement of the rule profile over a period, and the findings
from every part of the ledger. Records are counted in SQL-sized batches (one query per kind
of record, bucketed by sub-period), never one query per person.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..i18n import label, tr
from ..rules.meetings import (
    COMMITTEE_FROM,
    COMMITTEE_MEMBER_ROLES,
    MIN_FULL_MEMBERS,
    QUORUM_COUNTS,
)
from ..rules.periods import Period
from ..rules.profile import REQUIREMENTS, Requirement, effective, partial_periods
from ..store.profile_queries import stored_profile
from ..store.reader import Reader, as_date
from ..store.roster_index import MEMBER_STAGES, iso, roster_index

REQ_LABELS: dict[str, tuple[str, str]] = {
    "general_meeting": ("支部党员大会", "general meeting"),
    "committee_meeting": ("支部委员会", "committee meeting"),
    "group_meeting": ("党小组会", "party group meeting"),
    "lecture": ("党课", "Party lecture"),
    "theme_day": ("主题党日", "theme Party day"),
    "study": ("集中学习", "group study"),
    "org_life": ("组织生活会", "organizational life meeting"),
    "evaluation": ("民主评议党员", "democratic evaluation"),
    "democratic_life": ("民主生活会", "democratic life meeting"),
    "talk": ("谈心谈话", "heart-to-heart talk"),
    "thought_report": ("思想汇报", "thought report"),
    "probation_review": ("预备党员考察", "probation review"),
    "activist_review": ("入党积极分子考察", "activist review"),
    "dues_remit": ("党费上缴", "dues hand-over"),
    "dues_statement": ("公布党费收缴情况", "dues statement published"),
}


def req_label(code: str) -> str:
    return tr(*REQ_LABELS.get(code, (code, code)))


def sub_periods(every: str, period: Period) -> list[Period]:
    """The periods of kind `every` that overlap `period` (a year rule over a quarter: the year)."""
    out = []
    for y in range(period.start.year, period.end.year + 1):
        if every == "year":
            candidates = [Period.year(y)]
        elif every == "half":
            candidates = [Period.half(y, 1), Period.half(y, 2)]
        elif every == "quarter":
            candidates = [Period.quarter(y, q) for q in range(1, 5)]
        else:
            candidates = Period.year(y).months()
        out += [p for p in candidates if p.start <= period.end and p.end >= period.start]
    return out


@dataclass
class Counts:
    """Qualifying record dates, per requirement code and scope key."""

    dates: dict[tuple[str, str], list[date]]

    def within(self, code: str, scope: str, p: Period) -> list[date]:
        return sorted(d for d in self.dates.get((code, scope), []) if p.start <= d <= p.end)


def _evaluate(
    req: Requirement, scope: str, subs: list[Period], counts: Counts, as_of: date
) -> dict[str, Any]:
    done = 0
    gaps, unmet_open = [], False
    for p in subs:
        n = len(counts.within(req.code, scope, p))
        done += min(n, req.min)
        if n < req.min:
            if as_of > p.end:
                gaps.append(p.code)
            else:
                unmet_open = True
    status = "short" if gaps else ("pending" if unmet_open else "ok")
    return {
        "code": req.code,
        "label": req_label(req.code),
        "scope": scope,
        "required": req.min * len(subs),
        "done": done,
        "status": status,
        "gaps": gaps,
    }


def _tally(
    req: Requirement, scope: str, subs: list[Period], counts: Counts, as_of: date
) -> tuple[int, str]:
    """`_evaluate`'s done and status without building its item (for 10,000 members)."""
    dates = counts.dates.get((req.code, scope), ())
    done, short, still_open = 0, False, False
    for p in subs:
        n = sum(p.start <= d <= p.end for d in dates) if dates else 0
        done += min(n, req.min)
        if n < req.min:
            if as_of > p.end:
                short = True
            else:
                still_open = True
    return done, "short" if short else ("pending" if still_open else "ok")


def _span(subs: list[Period]) -> tuple[date, date]:
    return min(p.start for p in subs), max(p.end for p in subs)


def collect(reader: Reader, reqs: list[Requirement], period: Period, as_of: date) -> Counts:
    """Every qualifying record in the widest span any requirement needs, bucketed by code."""
    dates: dict[tuple[str, str], list[date]] = defaultdict(list)
    spans = [_span(sub_periods(r.every, period)) for r in reqs]
    lo, hi = min(s[0] for s in spans), min(max(s[1] for s in spans), as_of)
    by_type = defaultdict(list)
    for r in reqs:
        if r.counts.startswith("meeting:"):
            by_type[r.counts.split(":", 1)[1]].append(r.code)
    if by_type:
        for m in reader.rows(
            f"""SELECT m.type, m.held_on, g.name AS grp FROM meeting m LEFT JOIN party_group g ON g.id = m.group_id
                WHERE m.status = 'held' AND m.held_on BETWEEN :lo AND :hi
                  AND (m.type NOT IN ({", ".join(repr(t) for t in sorted(QUORUM_COUNTS))}) OR m.quorum_met)""",
            {"lo": lo, "hi": hi},
        ):
            day = as_date(m["held_on"])
            for code in by_type.get(m["type"], []):
                scope = f"group:{m['grp']}" if m["type"] == "group" else "branch"
                dates[(code, scope)].append(day)  # type: ignore[arg-type]
    codes = {r.code for r in reqs}
    if "talk" in codes:
        for t in reader.rows(
            "SELECT person_id, with_id, on_date FROM talk WHERE on_date BETWEEN :lo AND :hi",
            {"lo": lo, "hi": hi},
        ):
            day = as_date(t["on_date"])
            for pid in {t["person_id"], t["with_id"]}:
                dates[("talk", f"member:{pid}")].append(day)  # type: ignore[arg-type]
    if codes & {"thought_report", "probation_review", "activist_review"}:
        for e in reader.rows(
            """SELECT person_id, kind, on_date FROM dev_event WHERE kind IN ('thought_report', 'review')
               AND on_date BETWEEN :lo AND :hi""",
            {"lo": lo, "hi": hi},
        ):
            day = as_date(e["on_date"])
            targets = (
                ["thought_report"]
                if e["kind"] == "thought_report"
                else ["probation_review", "activist_review"]
            )
            for code in targets:
                dates[(code, f"member:{e['person_id']}")].append(day)  # type: ignore[arg-type]
    if "dues_remit" in codes:
        remit_every = next(r.every for r in reqs if r.code == "dues_remit")
        for r in reader.rows(
            """SELECT start, "end" FROM dues_remit
               WHERE start <= :hi AND "end" >= :lo AND on_date <= :d""",
            {"lo": lo, "hi": hi, "d": as_of},
        ):
            # a hand-over counts once for every sub-period its period covers (a half-year's
            # for both quarters), whenever it was made
            start, end = as_date(r["start"]), as_date(r["end"])
            covered = Period(start, end, "")  # type: ignore[arg-type]
            for sub in sub_periods(remit_every, covered):
                dates[("dues_remit", "branch")].append(max(sub.start, start))  # type: ignore[type-var]
    if "dues_statement" in codes:
        for r in reader.rows(
            "SELECT year FROM dues_statement WHERE published_on <= :d", {"d": as_of}
        ):
            dates[("dues_statement", "branch")].append(date(int(r["year"]), 12, 31))
    return Counts(dates)


HAS_COMMITTEE = "role IN (" + ", ".join(repr(r) for r in COMMITTEE_MEMBER_ROLES) + ")"


def _committee_days(reader: Reader) -> list[tuple[date, date | None]]:
    """When the branch had a committee: the terms of its committee members (not of a
    secretary alone, RULES.md)."""
    return [
        (as_date(r["from_on"]), as_date(r["to_on"]))  # type: ignore[misc]
        for r in reader.rows(f"SELECT from_on, to_on FROM committee_role WHERE {HAS_COMMITTEE}")
    ]


def branch_subs(
    reader: Reader, req: Requirement, subs: list[Period], committee: list[tuple[date, date | None]]
) -> list[Period]:
    """The sub-periods a branch requirement is owed in: none before the branch had a member
    (a meeting is refused while nobody is expected), no committee meeting while there is no
    committee (支部条例), no hand-over or statement before the first month of dues."""
    first = _first_member_day(reader)
    if first is None:
        return []
    subs = [p for p in subs if p.end.isoformat() >= first]
    if req.code == "committee_meeting":
        subs = [
            p for p in subs if any(f <= p.end and (t is None or t > p.start) for f, t in committee)
        ]
    if req.code in ("dues_remit", "dues_statement"):
        from ..store.dues_queries import first_base_month

        month = first_base_month(reader)
        subs = [] if month is None else [p for p in subs if p.end.isoformat()[:7] >= month]
    return subs


def _first_member_day(reader: Reader) -> str | None:
    """The first day anyone was a member (full or probationary) in the branch, as ISO text
    ("" when someone was one with no dates given); None when nobody ever was."""
    index = roster_index(reader)
    memo = index.__dict__
    if "_first_member_day" not in memo:
        first = None
        for pid, p in index.people.items():
            admitted = index.admitted.get(pid)
            if admitted is None and index.final.get(pid, ("",))[0] not in MEMBER_STAGES:
                continue  # never a member: an applicant, an activist, a candidate
            since = max(p.joined_on or "", admitted or "")
            if first is None or since < first:
                first = since
                if not first:
                    break
        memo["_first_member_day"] = first
    return memo["_first_member_day"]


def _groups(reader: Reader, p: Period) -> list[str]:
    """Groups with at least one member at some point of the period."""
    return list(_group_spans(reader, p))


def _group_spans(reader: Reader, p: Period) -> dict[str, list[tuple[str, str]]]:
    """Group name → the spans [first day, day after the last) its members were in it during
    the period (membership and branch membership both), groups in id order. Members share
    their dates, so the distinct spans are few."""
    spans: dict[str, set[tuple[str, str]]] = {}
    for name, from_on, to_on, joined, left, _ in reader.tuples(
        """SELECT DISTINCT g.name, gm.from_on, gm.to_on, p.joined_on, p.left_on, g.id
           FROM party_group g JOIN group_membership gm ON gm.group_id = g.id
           JOIN person p ON p.id = gm.person_id
           WHERE (gm.from_on IS NULL OR gm.from_on <= :e) AND (gm.to_on IS NULL OR gm.to_on > :s)
             AND (p.joined_on IS NULL OR p.joined_on <= :e)
             AND (p.left_on IS NULL OR p.left_on > :s)
             -- members only: an applicant in a group is not expected at its meetings
             AND EXISTS (SELECT 1 FROM stage_event se WHERE se.person_id = p.id
                         AND se.stage IN ('full', 'probationary')
                         AND (se.on_date IS NULL OR se.on_date <= :e))
           ORDER BY g.id""",
        {"s": p.start, "e": p.end},
    ):
        first = max(iso(from_on) or "", iso(joined) or "")
        after = min(iso(to_on) or "9999-12-31", iso(left) or "9999-12-31")
        spans.setdefault(name, set()).add((first, after))
    return {name: sorted(found) for name, found in spans.items()}


def _group_subs(spans: list[tuple[str, str]], subs: list[Period]) -> list[Period]:
    """The sub-periods in which the group had a member: in the others no group meeting could
    be held (`meeting add group` refuses a group with nobody expected), so none is owed."""
    return [
        p
        for p in subs
        if any(first <= p.end.isoformat() and after > p.start.isoformat() for first, after in spans)
    ]


def _people_in_stage(reader: Reader, day: date, stages: tuple[str, ...], until: date) -> list[int]:
    """Members in one of `stages` on `day` who had not left by `until`, in id order."""
    index = roster_index(reader)
    u = until.isoformat()
    return [
        pid
        for pid in index.in_branch(day, stages)
        if (left := index.people[pid].left_on) is None or left > u
    ]


def owing_people(reader: Reader, p: Period, stages: tuple[str, ...], partial: bool) -> list[int]:
    """Who owes a per-person requirement for sub-period `p`: those in one of `stages` on its
    first day (RULES.md); with the profile's `partial_periods` on, also those who entered one
    of them during it. Either way not those who had left the branch by its end."""
    first = _people_in_stage(reader, p.start, stages, p.end)
    if not partial:
        return first
    index = roster_index(reader)
    e = p.end.isoformat()
    later = set(_people_in_stage(reader, p.end, stages, p.end))
    marks = ", ".join(f"'{s}'" for s in stages)
    for (pid,) in reader.tuples(
        f"""SELECT DISTINCT person_id FROM stage_event
            WHERE stage IN ({marks}) AND on_date >= :s AND on_date <= :e""",
        {"s": p.start, "e": p.end},
    ):
        person = index.people.get(pid)
        # in the branch during the period: a transfer-in's stage dates are the old branch's
        if (
            person is not None
            and (person.joined_on is None or person.joined_on <= e)
            and (person.left_on is None or person.left_on > e)
        ):
            later.add(pid)
    return sorted(set(first) | later)


def items(
    reader: Reader,
    period: Period,
    as_of: date,
    short_members_only: bool = False,
    per_requirement: list[dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """Every requirement's result; with `short_members_only`, of the per-member ones only
    those short (the year report lists no others, and at 30,000 members they weigh).

    `per_requirement`, if given, receives one line per per-member requirement over all the
    members it covers (scope "members"): required and done summed, the worst status, how
    many members and how many of them short."""
    reqs = [r for r in effective(stored_profile(reader)) if r.enabled]
    if not reqs:
        return []
    counts = collect(reader, reqs, period, as_of)
    out: list[dict[str, Any]] = []
    committee = _committee_days(reader)
    partial = partial_periods(stored_profile(reader))
    for req in reqs:
        subs = sub_periods(req.every, period)
        if req.scope == "branch":
            subs = branch_subs(reader, req, subs, committee)
            if not subs:
                continue
            out.append(_evaluate(req, "branch", subs, counts, as_of))
        elif req.scope == "group":
            for name, spans in _group_spans(reader, period).items():
                out.append(_evaluate(req, f"group:{name}", _group_subs(spans, subs), counts, as_of))
        else:
            owed: dict[int, list[Period]] = defaultdict(list)
            for p in subs:
                # RULES.md: a sub-period counts only when the person was in that stage on its
                # first day (unless the profile counts partial sub-periods)
                for pid in owing_people(reader, p, req.stages, partial):
                    owed[pid].append(p)
            required = done = short = 0
            states: set[str] = set()
            for pid in sorted(owed):
                scope = f"member:{pid}"
                n, state = _tally(req, scope, owed[pid], counts, as_of)
                required += req.min * len(owed[pid])
                done += n
                short += state == "short"
                states.add(state)
                if not short_members_only or state == "short":
                    out.append(_evaluate(req, scope, owed[pid], counts, as_of))
            if per_requirement is not None:
                per_requirement.append(
                    {
                        "code": req.code,
                        "label": req_label(req.code),
                        "scope": "members",
                        "required": required,
                        "done": done,
                        "status": next((s for s in ("short", "pending") if s in states), "ok"),
                        "gaps": [],
                        "members": len(owed),
                        "members_short": short,
                    }
                )
    return out


def findings(reader: Reader, as_of: date) -> list[dict[str, Any]]:
    """Everything the ledger knows is wrong on `as_of`, whatever the period."""
    from ..reports.pipeline import pipeline
    from .dues import status
    from .meetings import absence_findings

    out: list[dict[str, Any]] = []
    for m in status(reader, as_of, flagged_only=True)["members"]:
        if m["flag"] in ("lapse_risk", "overdue", "no_base"):
            detail = tr(
                f"欠交 {len(m['owed_months'])} 个月（{m['owed_amount']} 元）",
                f"{len(m['owed_months'])} months unpaid ({m['owed_amount']})",
            )
            if m["flag"] == "no_base":
                detail = tr("未设定党费基数", "no dues base set")
            out.append(
                {
                    "kind": f"dues_{m['flag']}",
                    "member_id": m["id"],
                    "name": m["name"],
                    "detail": detail,
                }
            )
    for a in absence_findings(reader, as_of):
        out.append(
            {
                "kind": "absent_six_months",
                "member_id": a["member_id"],
                "name": a["name"],
                "detail": tr(
                    f"最近一次参加组织生活：{a['last_attended'] or '无'}，此后无故缺席 {a['absences']} 次",
                    f"last attended {a['last_attended'] or 'never'}; absent without leave {a['absences']} times since",
                ),
            }
        )
    for p in pipeline(reader, as_of):
        for s in p["steps"]:
            if s.flag:
                out.append(
                    {
                        "kind": s.flag,
                        "member_id": p["member_id"],
                        "name": p["name"],
                        "detail": tr(
                            f"{label('dev_step', s.code)}期限 {s.due}",
                            f"{label('dev_step', s.code)} was due {s.due}",
                        ),
                    }
                )
    index = roster_index(reader)
    full = len(index.in_branch(as_of, ("full",)))
    members = len(index.in_branch(as_of, MEMBER_STAGES))
    on_committee = reader.scalar(
        f"""SELECT COUNT(*) FROM committee_role WHERE {HAS_COMMITTEE}
            AND from_on <= :d AND (to_on IS NULL OR to_on > :d)""",
        {"d": as_of},
    )
    if members >= COMMITTEE_FROM and not on_committee:
        out.append(
            {
                "kind": "no_committee",
                "member_id": None,
                "name": None,
                "detail": tr(
                    f"有 {members} 名党员，应设立支部委员会（支部条例）",
                    f"{members} members: the branch should elect a committee (支部条例)",
                ),
            }
        )
    if 0 < members and full < MIN_FULL_MEMBERS:
        out.append(
            {
                "kind": "too_few_members",
                "member_id": None,
                "name": None,
                "detail": tr(
                    f"正式党员仅 {full} 名，不足3名（支部条例）",
                    f"only {full} full members; a branch needs 3 (支部条例)",
                ),
            }
        )
    return out


def compliance(
    reader: Reader,
    period: Period,
    as_of: date,
    findings_on: date | None = None,
    short_members_only: bool = False,
    per_requirement: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    its = items(reader, period, as_of, short_members_only, per_requirement)
    found = findings(reader, findings_on or as_of)
    return {
        "period": {"code": period.code, "start": period.start, "end": period.end},
        "as_of": as_of,
        "items": its,
        "findings": found,
        "ok": not found and all(i["status"] != "short" for i in its),
    }


def all_requirements() -> list[Requirement]:
    return list(REQUIREMENTS)
