"""`report compliance`: every requirement of the rule profile over a period, as the
obligations engine (reports/obligations.py) owes it, and the findings from every part of
the ledger.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..i18n import label, tr
from ..rules.meetings import COMMITTEE_FROM, MIN_FULL_MEMBERS
from ..rules.periods import Period
from ..rules.profile import REQUIREMENTS, Requirement
from ..store.reader import Reader
from ..store.roster_index import MEMBER_STAGES, roster_index
from .obligations import HAS_COMMITTEE, Counts, collect, committee_days, owed_subs, requirements

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
    "activist_thought_report": ("思想汇报（积极分子、发展对象）", "activist thought report"),
    "dues_remit": ("党费上缴", "dues hand-over"),
    "dues_statement": ("公布党费收缴情况", "dues statement published"),
    "committee_report": ("支委会向党员大会报告工作", "committee's work report"),
    "higher_report": ("向上级党组织报告工作", "report to the higher committee"),
    "leader_lecture": ("领导干部讲党课", "lecture by a committee member"),
    "committee_election": ("按期换届", "election at the end of the term"),
    "away_report": ("流动党员书面汇报", "written report of a member away"),
}


def req_label(code: str) -> str:
    return tr(*REQ_LABELS.get(code, (code, code)))


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


def items(
    reader: Reader,
    period: Period,
    as_of: date,
    short_members_only: bool = False,
    per_requirement: list[dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """Every requirement's result over the obligations engine; with `short_members_only`, of
    the per-member ones only those short (the year report lists no others, and at 30,000
    members they weigh).

    `per_requirement`, if given, receives one line per per-member requirement over all the
    members it covers (scope "members"): required and done summed, the worst status, how
    many members and how many of them short."""
    reqs = requirements(reader)
    counts = collect(reader, reqs, period, as_of)
    committee = committee_days(reader)
    out: list[dict[str, Any]] = []
    for req in reqs:
        required = done = short = members = 0
        states: set[str] = set()
        for scope, subs in owed_subs(reader, req, period, committee=committee):
            if req.scope != "member":
                out.append(_evaluate(req, scope, subs, counts, as_of))
                continue
            n, state = _tally(req, scope, subs, counts, as_of)
            members += 1
            required += req.min * len(subs)
            done += n
            short += state == "short"
            states.add(state)
            if not short_members_only or state == "short":
                out.append(_evaluate(req, scope, subs, counts, as_of))
        if req.scope == "member" and per_requirement is not None:
            per_requirement.append(
                {
                    "code": req.code,
                    "label": req_label(req.code),
                    "scope": "members",
                    "required": required,
                    "done": done,
                    "status": next((s for s in ("short", "pending") if s in states), "ok"),
                    "gaps": [],
                    "members": members,
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
    # an unqualified member's handling undecided, or a 限期改正 ended, past its deadline
    from .evaluation import findings as evaluation_findings

    out += evaluation_findings(reader, as_of)
    # a transfer letter whose 回执 has not come back within a month (rules/transfer.py)
    from .letter import receipt_findings

    out += receipt_findings(reader, as_of)
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
    from ..store.term_queries import expired

    # the rule switched off (`rules set committee_election --off`) takes its finding along
    term = expired(reader, as_of) if requirements(reader, ("committee_election",)) else None
    if term is not None:
        since = tr(f"{term.start} 选出", f"elected {term.start}")
        if term.election_id is None:
            since = tr(f"自 {term.start} 起任职", f"in office since {term.start}")
        out.append(
            {
                "kind": "term_expired",
                "member_id": None,
                "name": None,
                "detail": tr(
                    f"支部委员会（{since}，任期 {term.years} 年）已于 {term.end} 届满，"
                    "未换届（dangwu committee elect）",
                    f"the committee's {term.years}-year term ({since}) ended on {term.end}"
                    " without an election (dangwu committee elect)",
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
    # members recorded out of contact (member_lost), and those who may be (lost_candidate)
    from .lost import lost_findings

    out += lost_findings(reader, as_of)
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
