"""Development of new members (发展党员): the preconditions of every step and its deadlines.

Sources: 党章 = Constitution of the CPC (2022); 发展细则 = 中国共产党发展党员工作细则 (2014),
cited by chapter: ch. 2 入党申请, ch. 3 入党积极分子的确定和教育培养, ch. 4 发展对象的确定和
考察, ch. 5 预备党员的接收, ch. 6 预备党员的教育、考察和转正. Seed files as in RULES.md.

Every check returns the list of unmet preconditions, all at once, each with the date from
which it will hold where there is one, so a refusal can name them all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from .meetings import vote_passes
from .periods import full_years, holds_from, period_end

# 党章 art. 1: eighteen years of age to apply (and so to be admitted).
MIN_AGE = 18
# Every length below is counted by rules/periods.period_end and holds_from (RULES.md "Periods
# of years and months"; 民法典 arts. 201–202), in months.
# 发展细则 ch. 2: "应当在一个月内派人同入党申请人谈话".
TALK_WITHIN_MONTHS = 1
# 发展细则 ch. 3: one or two full members as contacts (培养联系人).
CONTACTS = (1, 2)
# 发展细则 ch. 4: "经过一年以上培养教育和考察" before becoming a candidate (发展对象): from the
# day after the year ends.
ACTIVIST_MIN_MONTHS = 12
# 发展细则 ch. 4: two full members as introducers (入党介绍人).
INTRODUCERS = 2
# 发展细则 ch. 4: centralized training "一般不少于三天（或不少于24个学时）".
TRAINING_HOURS = 24
TRAINING_DAYS = 3
# 发展细则 ch. 5: public notice (公示) of at least five working days.
NOTICE_WORKING_DAYS = 5
# 发展细则 ch. 5: the higher committee approves within three months of the meeting.
APPROVE_WITHIN_MONTHS = 3
# 党章 art. 7: the probation lasts one year; it may be extended, by no more than a year;
# 发展细则 ch. 6: "延长时间不能少于半年，最长不超过一年", and only once. The extension runs
# from the last day of the year.
PROBATION_MONTHS = 12
EXTENSION_MONTHS = (6, 12)
# RULES.md: reviews every two months during an extension (seed 001).
EXTENSION_REVIEW_MONTHS = 2
# RULES.md "the 25 steps" and PEERS.md §2.5 (local guidance, consistent across pages): a
# political review older than one year at the admission meeting does not count.
POLITICAL_REVIEW_VALID_MONTHS = 12
# The same: a resolution of admission or conversion not reported to the higher committee
# within three months is discussed again; after six months the procedure starts over.
REPORT_WITHIN_MONTHS = 3
REPORT_RESTART_MONTHS = 6

# The stages of the development pipeline (发展细则: 入党申请人 → 入党积极分子 → 发展对象 →
# 预备党员); a full member has left it.
PIPELINE = ("applicant", "activist", "candidate", "probationary")

RECOMMENDATIONS = ("party", "league", "mass")  # 党员推荐, 群团组织推优, 群众推荐 (发展细则 ch. 3)
LOG_KINDS = (
    "talk",
    "review",
    "thought_report",
    "training",
    "political_review",
    "pre_review",
    "public_notice",
    "oath",
    # the rest of the 25 steps (PEERS.md §2.5)
    "filing",
    "committee_review",
    "application_form",
    "higher_talk",
    "resolution_sent",
    "conversion_application",
    "archive",
    "mass_forum",
)
# The stages in which each record may be made (the stage on its day). A thought report is
# handed in at every stage (发展细则 ch. 3: 培养教育考察; seed 001 for the probation).
LOG_STAGES: dict[str, tuple[str, ...]] = {
    "talk": PIPELINE,
    "review": PIPELINE,
    "thought_report": PIPELINE,
    "training": PIPELINE,
    # 发展细则 ch. 4-5: of a candidate (发展对象), before admission
    "political_review": ("candidate",),
    "pre_review": ("candidate",),
    # of the activists designated (a local rule, seed 002), of a candidate before admission
    # (发展细则 ch. 5), of a probationary member before conversion (seed 002)
    "public_notice": PIPELINE,
    # RULES.md: the oath follows the approval of admission
    "oath": ("probationary",),
    # 发展细则 ch. 3-4: activists and candidates are filed with the higher committee; after
    # approval the higher committee files the new member upwards (step 18)
    "filing": ("activist", "candidate", "probationary"),
    # 发展细则 ch. 3-5: the committee decides the designations and examines the candidate
    "committee_review": ("applicant", "activist", "candidate"),
    # 发展细则 ch. 5: the 入党志愿书 is filled in by the candidate after the pre-review
    "application_form": ("candidate",),
    # seed 001 (二)5: the forum of the public before admission
    "mass_forum": ("candidate",),
    # 发展细则 ch. 5: after the general meeting, before the approval
    "higher_talk": ("probationary",),
    "resolution_sent": ("probationary", "full"),
    # 发展细则 ch. 6: the probationary member applies in writing when probation ends
    "conversion_application": ("probationary",),
    # 发展细则 ch. 6: the file goes to the personnel records after conversion
    "archive": ("full",),
}


@dataclass(frozen=True)
class Unmet:
    code: str
    zh: str
    en: str
    holds_from: date | None = None

    def text(self, lang: str) -> str:
        base = self.zh if lang == "zh" else self.en
        if self.holds_from is None:
            return base
        return base + (
            f"（{self.holds_from} 起满足）" if lang == "zh" else f" (holds from {self.holds_from})"
        )


@dataclass(frozen=True)
class Log:
    kind: str
    on: date
    until: date | None = None
    hours: float | None = None
    number: str | None = None  # the 入党志愿书's


@dataclass
class History:
    """A person's development record, as the service reads it from the ledger."""

    birth_date: date | None
    applied_on: date | None = None
    activist_on: date | None = None
    candidate_on: date | None = None
    admitted_on: date | None = None  # the general meeting that accepted them
    admission_approved_on: date | None = None
    converted_on: date | None = None
    conversion_approved_on: date | None = None
    extension_months: int = 0
    extended_on: date | None = None
    dropped_on: date | None = None
    logs: list[Log] = field(default_factory=list)
    tracked: bool = True  # False for members entered from a roster (no development file here)
    joined_on: date | None = None  # the day they joined this branch (a transfer-in's)
    contacts: int = 0  # 培养联系人 named at the designation
    introducers: int = 0  # 入党介绍人 named at the candidacy
    activist_meeting: int | None = None  # the 支委会 that designated the activist
    candidate_meeting: int | None = None  # the 支委会 that designated the candidate
    grouped_on: date | None = None  # the first day in a party group (编入党小组)

    def of(self, kind: str, until: date | None = None) -> list[Log]:
        return [x for x in self.logs if x.kind == kind and (until is None or x.on <= until)]

    @property
    def year_end(self) -> date | None:
        """The last day of the probation's first year."""
        if self.admitted_on is None:
            return None
        return period_end(self.admitted_on, months=PROBATION_MONTHS)

    @property
    def probation_end(self) -> date | None:
        """The probation's last day, with any extension: the day full membership (党龄)
        begins (党章 art. 7), and the first day the conversion may be voted."""
        end = self.year_end
        if end is None or not self.extension_months:
            return end
        return period_end(end, months=self.extension_months)


@dataclass(frozen=True)
class Vote:
    meeting_type: str
    meeting_on: date
    held: bool
    quorum_met: bool | None
    voting_expected: int
    voting_present: int
    votes_for: int
    votes_against: int
    votes_abstain: int


@dataclass(frozen=True)
class Party:
    """A contact or introducer: who, and their stage on the day."""

    person_id: int
    name: str
    stage: str | None
    in_branch: bool


def talk_due(applied_on: date) -> date:
    """The last day for the talk with an applicant (发展细则 ch. 2)."""
    return period_end(applied_on, months=TALK_WITHIN_MONTHS)


def approve_due(meeting_on: date) -> date:
    """The last day for the higher committee's approval (发展细则 ch. 5)."""
    return period_end(meeting_on, months=APPROVE_WITHIN_MONTHS)


def report_due(meeting_on: date) -> date:
    """The last day to send a resolution to the higher committee (REPORT_WITHIN_MONTHS)."""
    return period_end(meeting_on, months=REPORT_WITHIN_MONTHS)


def age_on(birth: date, day: date) -> int:
    return full_years(birth, day)


def turns(birth: date, years: int) -> date:
    """The first day someone is `years` old (周岁): the day after the birthday, by the one
    rule for periods (rules/periods.holds_from); for 29 February in a common year, 1 March."""
    return holds_from(birth, years=years)


def check_apply(birth: date | None, on: date) -> list[Unmet]:
    if birth is None:
        return [Unmet("birth_date", "缺少出生日期", "the birth date is required")]
    if birth > on:
        return [
            Unmet(
                "birth_date",
                f"出生日期 {birth} 晚于申请日期",
                f"the birth date {birth} is after the application",
            )
        ]
    if age_on(birth, on) < MIN_AGE:
        turns_18 = turns(birth, MIN_AGE)
        return [
            Unmet(
                "age",
                f"申请时未满{MIN_AGE}岁（党章第一条）",
                f"under {MIN_AGE} on the day of application (党章 art. 1)",
                turns_18,
            )
        ]
    return []


STAGE_ZH = {
    "applicant": "入党申请人",
    "activist": "入党积极分子",
    "candidate": "发展对象",
    "probationary": "预备党员",
    "full": "正式党员",
}


def _stage(stage: str | None, wanted: str, zh: str, en: str) -> list[Unmet]:
    if stage != wanted:
        return [
            Unmet(
                "stage",
                f"当前阶段不是{zh}（现为{STAGE_ZH.get(stage or '', '无')}）",
                f"not {en} now (stage: {stage or 'none'})",
            )
        ]
    return []


def _parties(
    parties: list[Party], self_id: int, bounds: tuple[int, int], code: str, zh: str, en: str
) -> list[Unmet]:
    out = []
    low, high = bounds
    if not low <= len(parties) <= high:
        count = f"{low}" if low == high else f"{low}–{high}"
        out.append(
            Unmet(
                code,
                f"需要 {count} 名{zh}（现有 {len(parties)} 名）",
                f"needs {count} {en} (given {len(parties)})",
            )
        )
    seen = set()
    for p in parties:
        if p.person_id == self_id:
            out.append(Unmet(code, f"{zh}不能是本人", f"the {en} cannot be the person themself"))
        elif p.person_id in seen:
            out.append(Unmet(code, f"{zh} {p.name} 重复", f"{en} {p.name} is listed twice"))
        elif p.stage != "full" or not p.in_branch:
            out.append(
                Unmet(
                    code,
                    f"{zh} {p.name} 当日不是本支部正式党员",
                    f"{en} {p.name} is not a full member of the branch on that day",
                )
            )
        seen.add(p.person_id)
    return out


def check_activist(
    h: History,
    stage: str | None,
    on: date,
    contacts: list[Party],
    self_id: int,
    recommendation: str,
) -> list[Unmet]:
    out = _stage(stage, "applicant", "入党申请人", "an applicant")
    if h.applied_on is not None and on < h.applied_on:
        out.append(
            Unmet(
                "date",
                f"早于递交申请的日期 {h.applied_on}",
                f"before the application on {h.applied_on}",
            )
        )
    if recommendation not in RECOMMENDATIONS:
        out.append(
            Unmet(
                "recommendation",
                "推荐方式应为 party/league/mass",
                "recommendation must be party, league or mass",
            )
        )
    out += _parties(contacts, self_id, CONTACTS, "contacts", "培养联系人", "contacts")
    return out


def half_year_gaps(since: date, on: date, reviews: list[date], partial: bool = False) -> list[date]:
    """The last days of the calendar halves begun as an activist and over before `on` that
    hold no review (发展细则 ch. 3: "党支部每半年对入党积极分子进行一次考察"). The halves are
    the ones `dev due` and the `activist_review` requirement count: a half counts when the
    person was an activist on its first day (RULES.md)."""
    from .periods import Period

    def half_of(d: date) -> Period:
        return Period.half(d.year, 1 if d.month <= 6 else 2)

    half = half_of(since)
    if half.start < since and not partial:
        # begun part-way: owed only when the profile counts partial sub-periods
        half = half_of(half.end + timedelta(days=1))
    gaps = []
    while half.end < on:
        if not any(half.start <= d <= half.end for d in reviews):
            gaps.append(half.end)
        half = half_of(half.end + timedelta(days=1))
    return gaps


def check_candidate(
    h: History,
    stage: str | None,
    on: date,
    introducers: list[Party],
    self_id: int,
    partial: bool = False,
) -> list[Unmet]:
    out = _stage(stage, "activist", "入党积极分子", "an activist")
    if h.activist_on is not None:
        eligible = holds_from(h.activist_on, months=ACTIVIST_MIN_MONTHS)
        if on < eligible:
            out.append(
                Unmet(
                    "activist_year",
                    "作为入党积极分子培养不满一年（发展细则第四章）",
                    "less than a year as an activist (发展细则 ch. 4)",
                    eligible,
                )
            )
        reviews = h.of("review", on)
        if not reviews:
            out.append(
                Unmet(
                    "activist_reviews",
                    "没有考察记录（发展细则第三章：每半年考察一次）",
                    "no review on record (发展细则 ch. 3: one every half year)",
                )
            )
        else:
            gaps = half_year_gaps(h.activist_on, on, [r.on for r in reviews], partial)
            if gaps:
                out.append(
                    Unmet(
                        "activist_reviews",
                        f"半年考察有缺漏（应于 {gaps[0]} 前考察）",
                        f"a half-yearly review is missing (one was due by {gaps[0]})",
                    )
                )
    out += _parties(
        introducers, self_id, (INTRODUCERS, INTRODUCERS), "introducers", "入党介绍人", "introducers"
    )
    return out


def _calendar_years() -> range:
    """The years `chinese_calendar` has official holidays for (1.11.0: 2004–2026)."""
    import chinese_calendar

    years = [d.year for d in chinese_calendar.holidays]
    return range(min(years), max(years) + 1)


def notice_working_days(start: date, end: date) -> tuple[int, bool]:
    """Working days from start to end inclusive: Monday–Friday less official holidays, with
    adjusted working weekends (调休) counted, from `chinese_calendar` for the years it knows;
    outside them weekends only (RULES.md). Returns (days, calendar_known for every day)."""
    import chinese_calendar

    known_years = _calendar_years()
    days, known = 0, True
    d = start
    while d <= end:
        if d.year in known_years:
            days += chinese_calendar.is_workday(d)
        else:
            known = False
            days += d.weekday() < 5
        d += timedelta(days=1)
    return days, known


def admission_checks(h: History, on: date, notice_days: tuple[int, bool] | None) -> list[Unmet]:
    """Before admission: political review, training, pre-review, a finished public notice —
    of the candidate (发展细则 ch. 4-5), so only records from the designation on count (an
    activists' course is not the candidates' training)."""
    out = []
    since = h.candidate_on or date.min

    def of(kind: str) -> list[Log]:
        # a record of the candidacy: made from the designation on, or (a course) still
        # running on that day
        return [x for x in h.of(kind, on) if (x.until or x.on) >= since]

    political = of("political_review")
    if not political:
        out.append(
            Unmet(
                "political_review",
                "没有政治审查记录（发展细则第四章）",
                "no political review on record (发展细则 ch. 4)",
            )
        )
    else:
        last_review = max(x.on for x in political)
        if on >= holds_from(last_review, months=POLITICAL_REVIEW_VALID_MONTHS):
            out.append(
                Unmet(
                    "political_review",
                    f"政治审查（{last_review}）已超过一年，不再有效，须重新审查",
                    f"the political review of {last_review} is more than a year old and no"
                    " longer counts",
                )
            )
    training = of("training")
    hours = sum(t.hours or 0 for t in training)
    days = sum(((t.until or t.on) - t.on).days + 1 for t in training)
    if hours < TRAINING_HOURS and days < TRAINING_DAYS:
        out.append(
            Unmet(
                "training",
                f"集中培训不足三天或24学时（现 {hours:g} 学时，{days} 天）",
                f"centralized training short of 3 days or 24 hours ({hours:g} hours, {days} days)",
            )
        )
    if not of("pre_review"):
        out.append(
            Unmet(
                "pre_review",
                "没有上级党委预审记录（发展细则第五章）",
                "no pre-review by the higher committee (发展细则 ch. 5)",
            )
        )
    notices = [n for n in of("public_notice") if n.until is not None]
    if not notices:
        out.append(
            Unmet(
                "public_notice",
                "没有公示记录（发展细则第五章）",
                "no public notice on record (发展细则 ch. 5)",
            )
        )
    else:
        # the latest notice; a corrected one logged for the same start day wins
        last = max(notices, key=lambda n: (n.on, n.until or n.on))
        assert last.until is not None
        count, known = (
            notice_days if notice_days is not None else notice_working_days(last.on, last.until)
        )
        note_zh = "" if known else "（节假日数据不全，仅按周末计算）"
        note_en = "" if known else " (holiday calendar unknown for that year: weekends only)"
        if count < NOTICE_WORKING_DAYS:
            out.append(
                Unmet(
                    "public_notice",
                    f"公示不足5个工作日（{last.on} 至 {last.until}：{count} 天）{note_zh}",
                    f"public notice shorter than 5 working days ({last.on} to {last.until}: {count}){note_en}",
                )
            )
        if last.until >= on:
            out.append(
                Unmet(
                    "public_notice",
                    f"公示于 {last.until} 结束，须在会议前结束",
                    f"the public notice ends on {last.until}, not before the meeting",
                    last.until + timedelta(days=1),
                )
            )
    return out


def check_vote(v: Vote, on: date) -> list[Unmet]:
    out = []
    if v.meeting_type != "general":
        out.append(
            Unmet("meeting", "须由支部党员大会表决", "the vote must be at a general meeting")
        )
    if not v.held:
        out.append(Unmet("meeting", "会议尚未召开（预定）", "the meeting is only planned"))
    if v.meeting_on != on:
        out.append(
            Unmet(
                "meeting",
                f"会议日期 {v.meeting_on} 与 --on {on} 不同",
                f"the meeting was on {v.meeting_on}, not {on}",
            )
        )
    if v.quorum_met is False:
        out.append(
            Unmet(
                "quorum",
                "会议未达法定人数（有表决权的党员到会未超过半数）",
                "the meeting missed its quorum (more than half of the voting members)",
            )
        )
    cast = v.votes_for + v.votes_against + v.votes_abstain
    if min(v.votes_for, v.votes_against, v.votes_abstain) < 0:
        out.append(Unmet("votes", "票数不能为负", "vote counts cannot be negative"))
    if cast > v.voting_present:
        out.append(
            Unmet(
                "votes",
                f"票数合计 {cast} 超过到会有表决权的党员 {v.voting_present} 人",
                f"{cast} votes cast but only {v.voting_present} voting members present",
            )
        )
    if not vote_passes(v.votes_for, v.voting_expected):
        out.append(
            Unmet(
                "votes",
                f"赞成 {v.votes_for} 票未超过应到会有表决权正式党员 {v.voting_expected} 人的半数",
                f"{v.votes_for} for is not more than half of the {v.voting_expected} full members expected",
            )
        )
    return out


def check_admit(
    h: History, stage: str | None, on: date, vote: Vote, birth: date | None
) -> list[Unmet]:
    out = _stage(stage, "candidate", "发展对象", "a candidate")
    if h.candidate_on is not None and on < h.candidate_on:
        out.append(
            Unmet(
                "date",
                f"早于列为发展对象的日期 {h.candidate_on}",
                f"before becoming a candidate on {h.candidate_on}",
            )
        )
    if birth is not None and age_on(birth, on) < MIN_AGE:
        out.append(
            Unmet(
                "age",
                f"未满{MIN_AGE}岁（党章第一条）",
                f"under {MIN_AGE} (党章 art. 1)",
                turns(birth, MIN_AGE),
            )
        )
    out += admission_checks(h, on, None)
    out += check_vote(vote, on)
    return out


def pending_approval(h: History) -> str | None:
    """ "admission" or "conversion" when the higher committee's approval is outstanding. A
    member entered from a roster was admitted before the ledger: only a conversion voted here
    can await approval."""
    if h.converted_on is not None and h.conversion_approved_on is None:
        return "conversion"
    if h.tracked and h.admitted_on is not None and h.admission_approved_on is None:
        return "admission"
    return None


def check_approve(h: History, on: date) -> list[Unmet]:
    which = pending_approval(h)
    if which is None:
        return [
            Unmet(
                "nothing_pending",
                "没有待审批的接收或转正",
                "no admission or conversion awaits approval",
            )
        ]
    meeting = h.converted_on if which == "conversion" else h.admitted_on
    assert meeting is not None
    if on < meeting:
        return [
            Unmet("date", f"早于支部大会 {meeting}", f"before the general meeting on {meeting}")
        ]
    return []


def full_from(h: History, meeting_on: date) -> date:
    """The day a converted member's full membership — and 党龄 — begins: the end of the
    probation (the admission day one year on, plus any extension), whatever day the
    conversion meeting falls on (党章 art. 7: 党龄从预备期满转为正式党员之日算起). A
    conversion forced before the end, or with no admission day on record, begins on the
    meeting's day."""
    end = h.probation_end
    return end if end is not None and end <= meeting_on else meeting_on


def check_convert(h: History, stage: str | None, on: date, vote: Vote) -> list[Unmet]:
    out = _stage(stage, "probationary", "预备党员", "a probationary member")
    if h.tracked and h.admitted_on is not None and h.admission_approved_on is None:
        out.append(
            Unmet(
                "approval", "接收预备党员尚未经上级党委审批", "the admission was not yet approved"
            )
        )
    end = h.probation_end
    if end is not None and on < end:
        out.append(
            Unmet(
                "probation",
                "预备期未满（党章第七条）",
                "the probation has not ended (党章 art. 7)",
                end,
            )
        )
    out += check_vote(vote, on)
    return out


def check_extend(
    h: History, stage: str | None, on: date, months: int, vote_meeting: Vote
) -> list[Unmet]:
    out = _stage(stage, "probationary", "预备党员", "a probationary member")
    if h.extension_months:
        out.append(
            Unmet(
                "extension",
                "预备期已延长过一次，不能再延长",
                "the probation was already extended once",
            )
        )
    if not EXTENSION_MONTHS[0] <= months <= EXTENSION_MONTHS[1]:
        out.append(
            Unmet(
                "months", "延长预备期不能少于半年，最长不超过一年", "an extension is 6 to 12 months"
            )
        )
    end = h.probation_end
    if end is not None and on < end:
        out.append(
            Unmet(
                "probation", "预备期未满，到期时再讨论延长", "the probation has not ended yet", end
            )
        )
    for u in check_vote(vote_meeting, on):
        if u.code in ("meeting", "quorum"):
            out.append(u)
    return out


# Steps whose date is the earliest day they may be taken, not a deadline: never overdue
# (发展细则 sets no time by which an activist must become a candidate).
EARLIEST_DAY_STEPS = frozenset({"candidate"})

# The periodic record whose lapse is a finding of its own: 发展细则 ch. 3 has the branch review
# each activist every half year, a condition of becoming a candidate (`check_candidate`).
# A late thought report or probation review shows as a short requirement only.
CALENDAR_FLAGS = {"activist_review": "activist_review_overdue"}


@dataclass(frozen=True)
class Step:
    code: str
    due: date | None
    overdue: bool
    flag: str | None = None


def in_extension(h: History, as_of: date) -> bool:
    """The probation was extended and its original year is over (发展细则 art. 31)."""
    year_end = h.year_end
    return bool(h.extension_months and year_end is not None and as_of > year_end)


def next_steps(
    h: History,
    stage: str | None,
    as_of: date,
    calendar: Iterable[Step] = (),
    extension_review: bool = True,
) -> list[Step]:
    """What is due next for a person in the pipeline, overdue first (for `dev due`/`dev list`).

    `calendar` are the person's periodic records (thought reports, reviews) as the obligations
    engine owes them under the rule profile; during an extension the branch reviews every two
    months instead of by sub-period, while the profile asks for probation reviews at all
    (`extension_review`)."""
    steps: list[Step] = []

    def add(code: str, due: date, flag: str | None = None) -> None:
        overdue = as_of > due
        steps.append(Step(code, due, overdue, flag if overdue else None))

    if stage == "applicant" and h.applied_on is not None:
        if not h.of("talk"):
            add("talk", talk_due(h.applied_on), "talk_overdue")
        else:
            steps.append(Step("activist", None, False))
    elif stage == "activist" and h.activist_on is not None:
        steps += [s for s in calendar if s.code in ("activist_review", "activist_thought_report")]
        steps.append(
            Step("candidate", holds_from(h.activist_on, months=ACTIVIST_MIN_MONTHS), False)
        )
    elif stage == "candidate":
        steps += [s for s in calendar if s.code == "activist_thought_report"]
        missing = {u.code for u in admission_checks(h, as_of + timedelta(days=1), None)}
        for code in ("political_review", "training", "pre_review", "public_notice"):
            if code in missing:
                steps.append(Step(code, None, False))
        if not missing:
            steps.append(Step("admit", None, False))
    elif stage in ("probationary", "full"):
        # entered from a roster, the admission predates the ledger and its approval is not
        # recorded here; a conversion voted here awaits its approval all the same
        which = pending_approval(h)
        if which is not None:
            meeting = h.converted_on if which == "conversion" else h.admitted_on
            assert meeting is not None
            if not [x for x in h.of("resolution_sent") if x.on >= meeting]:
                add("report", report_due(meeting), "report_overdue")
            add("approve", approve_due(meeting), "approval_overdue")
        if stage == "probationary" and h.admitted_on is not None:
            if h.tracked and h.admission_approved_on is not None and not h.of("oath"):
                steps.append(Step("oath", None, False))
            extended = in_extension(h, as_of)
            steps += [
                s
                for s in calendar
                if s.code == "thought_report" or (s.code == "probation_review" and not extended)
            ]
            if extended and extension_review:
                # every two months from the day the extension began (the original year's end)
                begun = h.year_end
                assert begun is not None
                since = [x.on for x in h.of("review") if x.on > begun]
                add(
                    "probation_review",
                    period_end(max(since, default=begun), months=EXTENSION_REVIEW_MONTHS),
                )
            end = h.probation_end
            assert end is not None
            add("convert", end, "probation_expired")
    # the flagged deadlines first, then anything else overdue, then by date
    steps.sort(key=lambda s: (s.flag is None, not s.overdue, s.due is None, s.due or date.max))
    return steps
