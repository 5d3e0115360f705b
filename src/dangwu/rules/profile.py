"""The rule profile: each requirement of organizational life with its default frequency,
minimum, scope and source (RULES.md "Organizational life"), plus the dues deadline day.

Branches differ (the seeds disagree on committee meetings, study sessions, 民主生活会), so
every entry can be changed per ledger with `dangwu rules set`; what is stored overrides the
default here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .dues import DEFAULT_DEADLINE_DAY

EVERY = ("month", "quarter", "half", "year")

# A per-person requirement owed by the branch committee (those holding a committee role on
# the sub-period's first day) rather than by the people in a stage of membership.
COMMITTEE_STAGE = "committee"
# A per-person requirement owed by the members working or studying away (流动党员, `member
# away`) on the sub-period's first day.
AWAY_STAGE = "away"
# The frequency of `committee_election`: once per term of the committee, not per calendar
# period (rules/terms.py).
TERM = "term"


@dataclass(frozen=True)
class Requirement:
    code: str
    counts: str  # what counts as done: a meeting type, "talk", "review", "remit", …
    every: str
    min: int
    scope: str  # branch | group | member
    stages: tuple[str, ...]  # for member scope: the stages the rule covers
    enabled: bool
    source: str


REQUIREMENTS: tuple[Requirement, ...] = (
    Requirement(
        "general_meeting",
        "meeting:general",
        "quarter",
        1,
        "branch",
        (),
        True,
        "支部条例; seeds 000, 002, 004",
    ),
    Requirement(
        "committee_meeting",
        "meeting:committee",
        "month",
        1,
        "branch",
        (),
        True,
        "支部条例; seeds 002, 004 monthly; seed 001 ≥4 a year; seed 000 (篇5) quarterly",
    ),
    Requirement(
        "group_meeting",
        "meeting:group",
        "month",
        1,
        "group",
        (),
        True,
        "支部条例; seeds 001, 002, 004",
    ),
    Requirement(
        "lecture",
        "meeting:lecture",
        "quarter",
        1,
        "branch",
        (),
        True,
        "支部条例; seeds 000, 002, 004",
    ),
    Requirement(
        "theme_day",
        "meeting:theme_day",
        "month",
        1,
        "branch",
        (),
        True,
        "支部条例 (主题党日); seed 000",
    ),
    Requirement(
        "study",
        "meeting:study",
        "month",
        1,
        "branch",
        (),
        True,
        "seeds 000, 001 monthly; seed 002 twice a month (min 2)",
    ),
    Requirement(
        "org_life", "meeting:org_life", "year", 1, "branch", (), True, "支部条例; seeds 001, 004"
    ),
    Requirement(
        "evaluation",
        "meeting:evaluation",
        "year",
        1,
        "branch",
        (),
        True,
        "支部条例 (民主评议党员 once a year); seeds 000, 002, 004",
    ),
    Requirement(
        "democratic_life",
        "meeting:democratic_life",
        "year",
        1,
        "branch",
        (),
        False,
        "off by default (a leadership-team meeting); seed 004 Q4; seed 000 (篇2) half-yearly",
    ),
    Requirement(
        "talk",
        "talk",
        "year",
        1,
        "member",
        ("full", "probationary"),
        True,
        "支部条例 (谈心谈话 at least once a year); seed 000 half-yearly",
    ),
    Requirement(
        "thought_report",
        "dev:thought_report",
        "quarter",
        1,
        "member",
        ("probationary",),
        True,
        "seed 001: probationary members report in writing each quarter",
    ),
    Requirement(
        "probation_review",
        "dev:review",
        "quarter",
        1,
        "member",
        ("probationary",),
        True,
        "seed 001: education and review each quarter",
    ),
    Requirement(
        "activist_review",
        "dev:review",
        "half",
        1,
        "member",
        ("activist",),
        True,
        "发展细则: the branch reviews each activist every half year",
    ),
    Requirement(
        "activist_thought_report",
        "dev:thought_report",
        "quarter",
        1,
        "member",
        ("activist", "candidate"),
        False,
        "off by default; common practice, 发展细则 ch. 3 (培养教育考察): activists and"
        " candidates report in writing each quarter",
    ),
    Requirement(
        "dues_remit",
        "remit",
        "quarter",
        1,
        "branch",
        (),
        True,
        "seed 000 (篇5): collected dues handed up each quarter",
    ),
    Requirement(
        "dues_statement",
        "statement",
        "year",
        1,
        "branch",
        (),
        True,
        "seeds 000, 002: dues collection published to members yearly",
    ),
    Requirement(
        "committee_report",
        "work_report",
        "half",
        1,
        "branch",
        (),
        True,
        "seed 002 (一)五: 党支部委员会每半年向党员大会报告一次工作; seed 000 (篇5,"
        " 请示报告工作制度 1, line 144): 支部委员会每半年……向党员大会报告工作; a general meeting recorded with --work-report; owed while the branch has a committee",
    ),
    Requirement(
        "higher_report",
        "report_sent",
        "year",
        1,
        "branch",
        (),
        True,
        "seed 002 (一)五: 每年向县直工委书面报告一次; seed 001: 书记负责向上级党组织报告党建"
        "工作情况; seed 000 (篇5,"
        " line 146): 支部每季度向总支汇报党建工作 (rules set higher_report --every"
        " quarter); recorded with `report sent`",
    ),
    Requirement(
        "leader_lecture",
        "lecture_speaker",
        "year",
        1,
        "member",
        (COMMITTEE_STAGE,),
        False,
        "off by default; seed 002: 党员领导干部每人每年上党课或作辅导报告不少于一次; seed 000 (line"
        " 106): 党组班子成员带头轮流主讲党课; seed 003 has no such line; each committee member (a committee role on the"
        " sub-period's first day), a 党课 recorded with --speaker",
    ),
    Requirement(
        "committee_election",
        "election",
        TERM,
        1,
        "branch",
        (),
        True,
        "党章 (2022) art. 31 and 支部条例: the committee (or the secretary of a branch without"
        " one) serves 3 years, 5 for villages and communities; seeds 000 (line 211: 坚持按期换届"
        "选举制度), 001 (line 33), 002 (能按期按程序换届); due on the last day of the term"
        " (rules/terms.py), recorded with `committee elect`; `rules set committee_election"
        " --value 5` for a five-year term",
    ),
    Requirement(
        "away_report",
        "away_report",
        "quarter",
        1,
        "member",
        (AWAY_STAGE,),
        True,
        "seeds 000, 001: members working or studying away (流动党员) report to the home branch"
        " in writing each quarter; owed by each member away on the quarter's first day,"
        " recorded with `member away-report`",
    ),
)
BY_CODE = {r.code: r for r in REQUIREMENTS}

# The dues deadline day: seed 000 (篇5 §1), "每月的20日前". Kept to 1..28 so every month has it.
DEADLINE_CODE = "dues_deadline_day"
DEADLINE_RANGE = (1, 28)


# RULES.md "Organizational life": the first and last sub-periods of a per-person rule follow
# the person's stage dates; a sub-period counts when they were in the stage on its first day,
# unless the profile says partial sub-periods count (then one they were in the stage during
# at all counts). Off by default.
PARTIAL_CODE = "partial_periods"
PARTIAL_SOURCE = (
    "RULES.md: a sub-period counts only when the person was in the stage on its first day,"
    " unless the profile says partial sub-periods count"
)


@dataclass(frozen=True)
class Option:
    """A procedure a local rule adds, switched on per branch with `rules set CODE --on`."""

    code: str
    zh: str
    en: str
    source: str
    default: bool = False


# Off by default: each is a local rule (a seed), not a national one.
OPTIONS: tuple[Option, ...] = (
    Option(
        PARTIAL_CODE,
        "不满一期也计入（按人员要求）",
        "partial sub-periods count (per person)",
        PARTIAL_SOURCE,
    ),
    Option(
        "activist_notice",
        "确定入党积极分子前公示",
        "public notice before an activist is designated",
        "seed 002 (四)二: 对研究确定的入党积极分子……要以书面形式向党员群众公示",
    ),
    Option(
        "conversion_notice",
        "预备党员转正前公示",
        "public notice before a conversion",
        "seed 002 (四)二: 预备党员转正，要以书面形式向党员群众公示",
    ),
    Option(
        "mass_forum",
        "接收预备党员前召开群众座谈会",
        "a forum of the public before admission",
        "seed 001 (二)5: 讨论前要召开群众工作座谈会，广泛听取党内外群众意见",
    ),
    Option(
        "away_quarterly_dues",
        "流动党员可按季度交纳党费",
        "members away may pay dues quarterly",
        'RULES.md "Meetings": dues stay owed to the home branch (quarterly payment may be'
        " allowed); PEERS.md 2.2 (流动党员活动证: dues monthly, quarterly if hard); a month whose"
        " deadline falls while the member is away is owed from the end of its quarter",
    ),
    Option(
        "excellent_cap",
        "民主评议优秀不超过三分之一",
        "at most one third of members graded excellent",
        "PEERS.md §2.6: 优秀 generally at most one third (民主评议党员 practice)",
    ),
)
OPTION_BY_CODE = {o.code: o for o in OPTIONS}


def option_on(stored: dict[str, dict[str, object]], code: str) -> bool:
    """Whether the branch switched the option on (its default otherwise)."""
    value = (stored.get(code) or {}).get("enabled")
    return OPTION_BY_CODE[code].default if value is None else bool(value)


def partial_periods(stored: dict[str, dict[str, object]]) -> bool:
    return option_on(stored, PARTIAL_CODE)


def effective(stored: dict[str, dict[str, object]]) -> list[Requirement]:
    """The defaults with the branch's stored overrides applied."""
    out = []
    for req in REQUIREMENTS:
        row = stored.get(req.code) or {}
        changes = {k: row[k] for k in ("every", "min", "enabled") if row.get(k) is not None}
        out.append(replace(req, **changes))  # type: ignore[arg-type]
    return out


def deadline_day(stored: dict[str, dict[str, object]]) -> int:
    value = (stored.get(DEADLINE_CODE) or {}).get("value")
    return int(value) if value is not None else DEFAULT_DEADLINE_DAY  # type: ignore[call-overload]
