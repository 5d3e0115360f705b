"""The 25 steps of developing a member and the file they leave (一人一档).

Sources: 发展细则 = 中国共产党发展党员工作细则 (2014), by chapter; the numbered list of the 25
steps is the one of a 党委组织部 handbook (PEERS.md §2.5): 1 递交入党申请书, 2 党组织派人谈话;
3 推荐和确定入党积极分子, 4 上级党委备案, 5 指定培养联系人, 6 培养教育考察; 7 确定发展对象,
8 上级党委备案, 9 确定入党介绍人, 10 政治审查, 11 短期集中培训; 12 支部委员会审查, 13 上级党委预审,
14 填写入党志愿书, 15 支部大会讨论, 16 上级党委派人谈话, 17 上级党委审批, 18 再上一级组织部门
备案; 19 编入党支部和党小组, 20 入党宣誓, 21 继续教育考察, 22 提出转正申请, 23 支部大会讨论,
24 上级党委审批, 25 材料归档. 发展细则 ch. 7 (art. 37 as PEERS.md cites it) lists what goes to the
file: 入党志愿书, 入党申请书, 政治审查材料, 转正申请书, 培养教育考察材料.

A record is placed in the file by its kind and its day: a filing (备案) made while the person
was an activist is the activist's filing, one made as a candidate the candidate's. The
local procedures of the rule profile (公示 of activists and of conversions, seed 002; the
群众座谈会, seed 001) are in the file only when the branch switched them on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .development import History, Log

# The step a document is needed by, as the event that records it; a document is missing
# once that event is on record without it.
NEEDED_BY_EVENT = {
    "apply": "applied_on",
    "activist": "activist_on",
    "candidate": "candidate_on",
    "admit": "admitted_on",
    "approve_admission": "admission_approved_on",
    "convert": "converted_on",
    "approve_conversion": "conversion_approved_on",
}


@dataclass(frozen=True)
class Step:
    """One of the 25 steps: its number, code, names, and the step whose record needs it."""

    number: int | None  # None: a local procedure of the rule profile, not one of the 25
    code: str
    zh: str
    en: str
    recorded_by: str
    source: str
    needed_by: str | None  # a key of NEEDED_BY_EVENT
    option: str | None = None  # the profile option that adds it


STEPS: tuple[Step, ...] = (
    Step(
        1,
        "application",
        "入党申请书",
        "application for membership",
        "dev apply",
        "发展细则 ch. 2",
        None,
    ),
    Step(
        2,
        "talk",
        "谈话记录",
        "talk with the applicant",
        "dev log … talk",
        "发展细则 ch. 2 (within a month)",
        "activist",
    ),
    Step(
        3,
        "activist",
        "推荐材料，确定入党积极分子",
        "recommendation; activist designated",
        "dev activist [--meeting]",
        "发展细则 ch. 3",
        None,
    ),
    Step(
        None,
        "activist_notice",
        "入党积极分子公示",
        "public notice of the activist",
        "dev log … public_notice (as applicant or activist)",
        "seed 002 (四)二",
        "candidate",
        "activist_notice",
    ),
    Step(
        4,
        "activist_filing",
        "上级党委备案（入党积极分子）",
        "filed with the higher committee (activist)",
        "dev log … filing (as activist)",
        "发展细则 ch. 3",
        "candidate",
    ),
    Step(
        5,
        "contacts",
        "指定培养联系人",
        "contacts named",
        "dev activist --contacts",
        "发展细则 ch. 3",
        "candidate",
    ),
    Step(
        6,
        "activist_reviews",
        "入党积极分子培养教育考察登记",
        "activist's reviews",
        "dev log … review (as activist)",
        "发展细则 ch. 3 (every half year)",
        "candidate",
    ),
    Step(
        None,
        "thought_reports",
        "思想汇报",
        "thought reports",
        "dev log … thought_report",
        "发展细则 ch. 3; seed 001",
        None,
    ),
    Step(
        7,
        "candidate",
        "支委会研究，确定发展对象",
        "candidate designated by the committee",
        "dev candidate [--meeting]",
        "发展细则 ch. 4",
        None,
    ),
    Step(
        8,
        "candidate_filing",
        "上级党委备案（发展对象）",
        "filed with the higher committee (candidate)",
        "dev log … filing (as candidate)",
        "发展细则 ch. 4",
        "admit",
    ),
    Step(
        9,
        "introducers",
        "确定入党介绍人",
        "introducers named",
        "dev candidate --introducers",
        "发展细则 ch. 4",
        "admit",
    ),
    Step(
        10,
        "political_review",
        "政审材料",
        "political review",
        "dev log … political_review",
        "发展细则 ch. 4 (valid a year)",
        "admit",
    ),
    Step(
        11,
        "training",
        "培训证明（短期集中培训）",
        "centralized training",
        "dev log … training",
        "发展细则 ch. 4 (3 days or 24 hours)",
        "admit",
    ),
    Step(
        12,
        "committee_review",
        "支部委员会审查",
        "examined by the branch committee",
        "dev log … committee_review (as candidate)",
        "发展细则 ch. 5",
        "admit",
    ),
    Step(
        13,
        "pre_review",
        "上级党委预审",
        "pre-review by the higher committee",
        "dev log … pre_review",
        "发展细则 ch. 5",
        "admit",
    ),
    Step(
        None,
        "admission_notice",
        "发展对象公示",
        "public notice of the candidate",
        "dev log … public_notice (as candidate)",
        "发展细则 ch. 5 (5 working days)",
        "admit",
    ),
    Step(
        14,
        "application_form",
        "入党志愿书（编号）",
        "application form (numbered)",
        "dev log … application_form --number N",
        "发展细则 ch. 5",
        "admit",
    ),
    Step(
        None,
        "mass_forum",
        "群众座谈会记录",
        "forum of the public",
        "dev log … mass_forum",
        "seed 001 (二)5",
        "admit",
        "mass_forum",
    ),
    Step(
        15,
        "admit",
        "支部大会决议（接收预备党员）",
        "general meeting's resolution (admission)",
        "dev admit",
        "发展细则 ch. 5",
        None,
    ),
    Step(
        None,
        "admission_sent",
        "决议报上级党委",
        "resolution sent to the higher committee",
        "dev log … resolution_sent",
        "RULES.md (within three months)",
        None,
    ),
    Step(
        16,
        "higher_talk",
        "上级党委派人谈话",
        "talk by the higher committee",
        "dev log … higher_talk",
        "发展细则 ch. 5",
        "approve_admission",
    ),
    Step(
        17,
        "approve_admission",
        "上级党委审批（接收）",
        "approval of the admission",
        "dev approve",
        "发展细则 ch. 5 (within three months)",
        None,
    ),
    Step(
        18,
        "higher_filing",
        "再上一级组织部门备案",
        "filed with the organization department above",
        "dev log … filing (as probationary member)",
        "发展细则 ch. 5",
        "convert",
    ),
    Step(
        19,
        "group",
        "编入党支部和党小组",
        "placed in a party group",
        "member edit … --group",
        "发展细则 ch. 6",
        "convert",
    ),
    Step(20, "oath", "入党宣誓", "oath", "dev log … oath", "发展细则 ch. 6", "convert"),
    Step(
        21,
        "probation_reviews",
        "预备党员教育考察登记",
        "probation reviews",
        "dev log … review (as probationary)",
        "发展细则 ch. 6; seed 001 (each quarter)",
        "convert",
    ),
    Step(
        22,
        "conversion_application",
        "转正申请书",
        "application for full membership",
        "dev log … conversion_application",
        "发展细则 ch. 6",
        "convert",
    ),
    Step(
        None,
        "conversion_notice",
        "转正公示",
        "public notice of the conversion",
        "dev log … public_notice (as probationary)",
        "seed 002 (四)二",
        "convert",
        "conversion_notice",
    ),
    Step(
        23,
        "convert",
        "支部大会决议（转正）",
        "general meeting's resolution (conversion)",
        "dev convert",
        "发展细则 ch. 6",
        None,
    ),
    Step(
        None,
        "conversion_sent",
        "转正决议报上级党委",
        "conversion resolution sent up",
        "dev log … resolution_sent (after conversion)",
        "RULES.md (within three months)",
        None,
    ),
    Step(
        24,
        "approve_conversion",
        "上级党委审批（转正）",
        "approval of the conversion",
        "dev approve",
        "发展细则 ch. 6",
        None,
    ),
    Step(
        25,
        "archive",
        "材料归档",
        "file archived",
        "dev log … archive",
        "发展细则 ch. 7",
        "approve_conversion",
    ),
)
BY_CODE = {s.code: s for s in STEPS}


@dataclass(frozen=True)
class Item:
    code: str
    done: bool
    on: date | None  # the day of its (latest) record
    needed: bool  # a step already taken needed it: missing when not done
    detail: str | None = None


def _window(
    logs: list[Log], start: date | None, end: date | None, through: bool = False
) -> list[Log]:
    """Records from `start` (inclusive) up to `end` (exclusive, or inclusive `through` it;
    None: open)."""
    return [
        x
        for x in logs
        if (start is None or x.on >= start)
        and (end is None or x.on < end or (through and x.on == end))
    ]


def _candidacy(logs: list[Log], h: History) -> list[Log]:
    """The candidate's records as admission counts them (rules/development.admission_checks):
    made from the designation on, or (a course) still running on that day, up to and
    including the day of the admission meeting."""
    if h.candidate_on is None:
        return []
    since, until = h.candidate_on, h.admitted_on
    return [x for x in logs if (x.until or x.on) >= since and (until is None or x.on <= until)]


def _item(code: str, logs: list[Log], h: History) -> Item:
    needed_by = BY_CODE[code].needed_by
    needed = bool(needed_by and getattr(h, NEEDED_BY_EVENT[needed_by]) is not None)
    last = max(logs, key=lambda x: (x.on, x.number or "")) if logs else None
    detail = None
    if last is not None and last.number:
        detail = last.number
    elif len(logs) > 1:
        detail = f"×{len(logs)}"
    return Item(code, bool(logs), last.on if last else None, needed, detail)


def _event(code: str, on: date | None, h: History, detail: str | None = None) -> Item:
    """A step recorded by a command of its own: needed once any later step is on record."""
    later = [s.code for s in STEPS[STEPS.index(BY_CODE[code]) + 1 :] if s.code in NEEDED_BY_EVENT]
    needed = any(getattr(h, NEEDED_BY_EVENT[c]) is not None for c in later)
    return Item(code, on is not None, on, needed, detail)


def file_items(h: History, options: frozenset[str] = frozenset()) -> list[Item]:
    """The person's file in the order of the 25 steps: each document present (with the day
    of its record) or not, and whether a step already taken needed it."""
    activist, candidate = h.activist_on, h.candidate_on
    admitted, converted = h.admitted_on, h.converted_on

    def of(kind: str) -> list[Log]:
        return h.of(kind)

    found: dict[str, Item] = {}
    found["application"] = _event("application", h.applied_on, h)
    # the talk and the committee's decision may fall on the day of the designation
    found["talk"] = _item("talk", _window(of("talk"), h.applied_on, activist, through=True), h)
    found["activist_notice"] = _item(
        "activist_notice", _window(of("public_notice"), None, candidate), h
    )

    def decided(meeting: int | None, start: date | None, end: date | None) -> str | None:
        """The committee meeting that decided a designation (`--meeting`), else the day of a
        committee review recorded for it (on or before the designation)."""
        if meeting is not None:
            return f"#{meeting}"
        if end is None:
            return None
        reviews = _window(of("committee_review"), start, end, through=True)
        return max(x.on for x in reviews).isoformat() if reviews else None

    found["activist"] = _event(
        "activist", activist, h, decided(h.activist_meeting, h.applied_on, activist)
    )
    found["activist_filing"] = _item(
        "activist_filing", _window(of("filing"), activist, candidate), h
    )
    contacts = [Log("contacts", activist)] * h.contacts if activist and h.contacts else []
    found["contacts"] = _item("contacts", contacts, h)
    found["activist_reviews"] = _item(
        "activist_reviews",
        _window(of("review"), activist, candidate, through=True) if activist else [],
        h,
    )
    found["thought_reports"] = _item("thought_reports", of("thought_report"), h)
    after_designation = None if activist is None else activist + timedelta(days=1)
    found["candidate"] = _event(
        "candidate", candidate, h, decided(h.candidate_meeting, after_designation, candidate)
    )
    found["candidate_filing"] = _item(
        "candidate_filing", _candidacy(_window(of("filing"), candidate, admitted), h), h
    )
    introducers = [Log("introducers", candidate)] * h.introducers if candidate else []
    found["introducers"] = _item("introducers", introducers, h)
    for code in ("political_review", "training", "pre_review", "application_form"):
        found[code] = _item(code, _candidacy(of(code), h), h)
    found["committee_review"] = _item(
        "committee_review",
        _candidacy(_window(of("committee_review"), candidate, None), h),
        h,
    )
    found["admission_notice"] = _item(
        "admission_notice",
        _candidacy(_window(of("public_notice"), candidate, None), h),
        h,
    )
    found["mass_forum"] = _item("mass_forum", _candidacy(of("mass_forum"), h), h)
    found["admit"] = _event("admit", admitted, h)
    found["admission_sent"] = _item(
        "admission_sent",
        _window(of("resolution_sent"), admitted, converted) if admitted else [],
        h,
    )
    found["higher_talk"] = _item(
        "higher_talk", _window(of("higher_talk"), admitted, converted) if admitted else [], h
    )
    found["approve_admission"] = _event("approve_admission", h.admission_approved_on, h)
    found["higher_filing"] = _item(
        "higher_filing", _window(of("filing"), admitted, None) if admitted else [], h
    )
    grouped = [Log("group", h.grouped_on)] if h.grouped_on else []
    found["group"] = _item("group", grouped, h)
    found["oath"] = _item("oath", of("oath"), h)
    found["probation_reviews"] = _item(
        "probation_reviews",
        _window(of("review"), admitted, converted, through=True) if admitted else [],
        h,
    )
    found["conversion_application"] = _item(
        "conversion_application", of("conversion_application"), h
    )
    found["conversion_notice"] = _item(
        "conversion_notice",
        _window(of("public_notice"), admitted, None) if admitted else [],
        h,
    )
    found["convert"] = _event("convert", converted, h)
    found["conversion_sent"] = _item(
        "conversion_sent", _window(of("resolution_sent"), converted, None) if converted else [], h
    )
    found["approve_conversion"] = _event("approve_conversion", h.conversion_approved_on, h)
    found["archive"] = _item("archive", of("archive"), h)
    out = []
    for step in STEPS:
        if step.option is not None and step.option not in options:
            continue
        out.append(found[step.code])
    return out


def missing(items: list[Item]) -> list[Item]:
    """What a step already taken needed and the file lacks."""
    return [i for i in items if i.needed and not i.done]
