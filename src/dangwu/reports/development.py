"""One person's development file (`dev show`): events, next steps, and the checks of the next
transition, met or not."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from ..i18n import get_lang, label, tr
from ..rules import dev_file
from ..rules import development as rules
from ..rules.profile import OPTIONS, option_on
from ..store.queries import stage_on
from ..store.reader import Reader, as_date
from ..store.refs import find_person_id
from .pipeline import load_history, person_steps

CHECK_NAMES = {
    "talk": ("一个月内谈话", "talk within a month"),
    "activist_year": ("培养满一年", "a year as activist"),
    "activist_reviews": ("每半年考察", "half-yearly reviews"),
    "political_review": ("政治审查", "political review"),
    "training": ("集中培训（3天或24学时）", "training (3 days or 24 hours)"),
    "pre_review": ("上级党委预审", "pre-review"),
    "public_notice": ("公示5个工作日", "public notice of 5 working days"),
    "approval": ("接收已获批准", "admission approved"),
    "probation": ("预备期满", "probation ended"),
}


def _checks(
    h: rules.History, stage: str | None, as_of: date, partial: bool = False
) -> list[dict[str, Any]]:
    lang = get_lang()
    codes: list[str] = []
    unmet: list[rules.Unmet] = []
    ok_parties = [rules.Party(-1, "", "full", True), rules.Party(-2, "", "full", True)]
    passing = rules.Vote("general", as_of, True, True, 1, 1, 1, 0, 0)
    if stage == "applicant" and h.applied_on is not None:
        codes = ["talk"]
        talks = h.of("talk")
        if not talks or min(t.on for t in talks) > rules.talk_due(h.applied_on):
            unmet = [
                rules.Unmet(
                    "talk", "一个月内未谈话", "no talk within a month of the application", None
                )
            ]
    elif stage == "activist":
        codes = ["activist_year", "activist_reviews"]
        unmet = rules.check_candidate(h, stage, as_of, ok_parties, 0, partial)
    elif stage == "candidate":
        codes = ["political_review", "training", "pre_review", "public_notice"]
        unmet = rules.admission_checks(h, as_of + timedelta(days=1), None)
    elif stage == "probationary":
        codes = (["approval"] if h.tracked else []) + ["probation"]
        unmet = rules.check_convert(h, stage, as_of, passing)
    by_code: dict[str, list[rules.Unmet]] = {}
    for u in unmet:
        by_code.setdefault(u.code, []).append(u)
    return [
        {
            "check": code,
            "name": tr(*CHECK_NAMES[code]),
            "met": code not in by_code,
            "detail": "; ".join(u.text(lang) for u in by_code.get(code, [])),
        }
        for code in codes
    ]


def file_records(h: rules.History, stored: dict[str, dict[str, object]]) -> list[dict[str, Any]]:
    """The person's file (一人一档) in the order of the 25 steps, as `dev show` gives it:
    {"code", "title", "done", "date", "step", "needed", "missing", "detail"}."""
    options = frozenset(o.code for o in OPTIONS if option_on(stored, o.code))
    out = []
    for item in dev_file.file_items(h, options):
        step = dev_file.BY_CODE[item.code]
        out.append(
            {
                "code": item.code,
                "title": tr(step.zh, step.en),
                "done": item.done,
                "date": item.on,
                "step": step.number,
                "needed": item.needed,
                "missing": item.needed and not item.done,
                "detail": item.detail,
            }
        )
    return out


# the recommendation recorded with an activist's designation (发展细则 ch. 3)
RECOMMENDED_BY = {
    "party": ("党员推荐", "recommended by party members"),
    "league": ("群团组织推优", "recommended by the Youth League or a mass organization"),
    "mass": ("群众推荐", "recommended by the public"),
}


def dev_detail(reader: Reader, ref: str, as_of: date) -> dict[str, Any]:
    pid = find_person_id(reader, ref)
    person = reader.rows(
        "SELECT id, name, left_on, left_reason FROM person WHERE id = :p", {"p": pid}
    )[0]
    stage = stage_on(reader, pid, as_of)
    h = load_history(reader, pid, as_of)
    events = []
    for e in reader.rows(
        """SELECT e.id, e.kind, e.on_date, e.until_date, e.hours, e.note, e.meeting_id, e.votes_for,
                  e.votes_against, e.votes_abstain, e.months, e.recommendation, e.forced_reason,
                  e.voided_on, e.void_reason, e.number, b.name AS by_name
           FROM dev_event e LEFT JOIN person b ON b.id = e.by_id WHERE e.person_id = :p
           ORDER BY e.on_date, e.id""",
        {"p": pid},
    ):
        parties = [
            r["name"]
            for r in reader.rows(
                "SELECT p.name FROM dev_party d JOIN person p ON p.id = d.person_id WHERE d.event_id = :e ORDER BY d.id",
                {"e": e["id"]},
            )
        ]
        bits = []
        if e["by_name"]:
            bits.append(tr(f"由 {e['by_name']}", f"by {e['by_name']}"))
        if e["until_date"]:
            bits.append(tr(f"至 {e['until_date']}", f"until {e['until_date']}"))
        if e["number"]:
            bits.append(tr(f"编号 {e['number']}", f"no. {e['number']}"))
        if e["hours"]:
            bits.append(tr(f"{e['hours']:g} 学时", f"{e['hours']:g} hours"))
        if e["meeting_id"]:
            bits.append(tr(f"会议 {e['meeting_id']}", f"meeting {e['meeting_id']}"))
        if e["votes_for"] is not None and e["kind"] in ("admit", "convert"):
            bits.append(
                tr(
                    f"赞成 {e['votes_for']} 反对 {e['votes_against']} 弃权 {e['votes_abstain']}",
                    f"for {e['votes_for']}, against {e['votes_against']}, abstain {e['votes_abstain']}",
                )
            )
        if e["months"]:
            bits.append(tr(f"延长 {e['months']} 个月", f"{e['months']} months"))
        if e["recommendation"] in RECOMMENDED_BY:
            bits.append(tr(*RECOMMENDED_BY[e["recommendation"]]))
        if parties:
            who = "、".join(parties)
            bits.append(
                tr(
                    f"{'联系人' if e['kind'] == 'activist' else '介绍人'}：{who}",
                    f"{'contacts' if e['kind'] == 'activist' else 'introducers'}: {who}",
                )
            )
        if e["note"]:
            bits.append(e["note"])
        if e["voided_on"] is not None:
            bits.append(
                tr(
                    f"已于 {e['voided_on']} 作废：{e['void_reason']}",
                    f"voided on {e['voided_on']}: {e['void_reason']}",
                )
            )
        events.append(
            {
                "id": e["id"],
                "date": as_date(e["on_date"]),
                "kind": e["kind"],
                "detail": "，".join(bits) if get_lang() == "zh" else ", ".join(bits),
                "until": as_date(e["until_date"]),
                "hours": e["hours"],
                "meeting_id": e["meeting_id"],
                "votes_for": e["votes_for"],
                "votes_against": e["votes_against"],
                "votes_abstain": e["votes_abstain"],
                "parties": parties,
                "recommendation": e["recommendation"],
                "forced_reason": e["forced_reason"],
                "voided_on": as_date(e["voided_on"]),
            }
        )
    from ..rules.profile import partial_periods
    from ..store.profile_queries import stored_profile

    stored = stored_profile(reader)
    partial = partial_periods(stored)
    steps = [] if person["left_on"] else person_steps(reader, pid, h, stage, as_of)
    file = file_records(h, stored) if h.tracked else []
    return {
        "json": {
            "member_id": pid,
            "name": person["name"],
            "stage": stage,
            "left_on": as_date(person["left_on"]),
            "left_reason": person["left_reason"],
            "probation_end": h.probation_end,
            "events": events,
            "next": [
                {"step": s.code, "due": s.due, "overdue": s.overdue, "flag": s.flag} for s in steps
            ],
            "checks": [] if person["left_on"] else _checks(h, stage, as_of, partial),
            "file": file,
        },
        "file_title": tr("发展党员档案（一人一档）", "The development file"),
        "title": tr(
            f"{person['name']}（{label('stage', stage)}）的发展记录",
            f"{person['name']} ({label('stage', stage)}): development file",
        ),
        "next_title": tr("下一步", "Next steps"),
        "checks_title": tr("下一阶段的条件", "Checks for the next stage"),
    }


def missing_records(reader: Reader, as_of: date, stage: str | None = None) -> list[dict[str, Any]]:
    """`dev list --missing`: everyone whose development is in this ledger (in the pipeline or
    admitted here) and whose file lacks a document a step already taken needed, in id order."""
    from ..store.profile_queries import stored_profile
    from ..store.roster_index import roster_index

    stored = stored_profile(reader)
    index = roster_index(reader)
    stages = index.stages_on(as_of)
    tracked = [
        int(pid)
        for (pid,) in reader.tuples(
            """SELECT DISTINCT person_id FROM dev_event
               WHERE kind = 'apply' AND voided_on IS NULL ORDER BY person_id"""
        )
    ]
    in_branch = set(index.in_branch(as_of))
    out = []
    for pid in tracked:
        if pid not in in_branch or (stage is not None and stages.get(pid) != stage):
            continue
        h = load_history(reader, pid, as_of)
        lacking = [f for f in file_records(h, stored) if f["missing"]]
        if lacking:
            out.append(
                {
                    "member_id": pid,
                    "name": index.people[pid].name,
                    "stage": stages.get(pid),
                    "missing": [{"code": f["code"], "title": f["title"]} for f in lacking],
                }
            )
    return out
