"""Meetings: who counts for the quorum, when it holds, and the six-month absence rule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .periods import period_end

# RULES.md "Organizational life": the meeting types (三会一课 and the rest of organizational life)
MEETING_TYPES = (
    "general",
    "committee",
    "group",
    "lecture",
    "theme_day",
    "org_life",
    "evaluation",
    "democratic_life",
    "study",
    "other",
)

# Meetings whose decisions need more than half of the voting members present:
# 党章 art. 17 and 支部条例 (有表决权的党员到会超过半数) for the general meeting; RULES.md
# applies the same rule over the committee for committee meetings.
QUORUM_TYPES = frozenset({"general", "committee"})

# RULES.md "Organizational life": a general or committee meeting that misses its quorum was
# held but does not count towards the requirement (the decisions it took are void).
QUORUM_COUNTS = QUORUM_TYPES

# 党章 art. 7: probationary members attend and speak but do not vote; only full members count.
VOTING_STAGE = "full"

# 党章 art. 9: not taking part in organizational life for six months without valid reason.
ABSENCE_MONTHS = 6

# RULES.md (支部条例): a branch of seven or more members elects a committee, a smaller one has
# only a secretary (支部条例: and a deputy secretary where needed). The committee is the
# secretary with committee members (seed 001: 支部委员会由书记和委员组成), so a branch has a
# committee while one of these posts is held; the secretaries alone are no committee.
COMMITTEE_MEMBER_ROLES = ("organization", "propaganda", "discipline", "youth")

# 支部条例 (中国共产党支部工作条例（试行）, 2018; RULES.md "Members"): a branch of seven or
# more members elects a committee; a smaller one elects only a secretary.
COMMITTEE_FROM = 7
# 支部条例 (RULES.md "Members"); 党章 art. 30: a branch needs at least three full members.
MIN_FULL_MEMBERS = 3


# Seed 000 (篇6, 支部委员会会议制度 四, line 223): "支部委员会必须有半数以上委员到会方能举行，
# 讨论干部问题时，应在三分之二以上委员到会方能举行" — a committee meeting on cadre matters
# (`--cadre`) needs at least two thirds of the committee present instead of more than half.
CADRE_QUORUM = (2, 3)


def quorum_met(
    meeting_type: str, voting_expected: int, voting_present: int, cadre: bool = False
) -> bool | None:
    """More than half of the full members expected are present (two thirds or more for a
    committee meeting on cadre matters, CADRE_QUORUM); None where no quorum rule applies."""
    if meeting_type not in QUORUM_TYPES:
        return None
    if cadre and meeting_type == "committee":
        num, den = CADRE_QUORUM
        return voting_expected > 0 and den * voting_present >= num * voting_expected
    return voting_expected > 0 and 2 * voting_present > voting_expected


def vote_passes(votes_for: int, voting_expected: int) -> bool:
    """Admission and conversion pass when the votes for exceed half of the full members
    expected (发展细则 ch. 5, 预备党员的接收: "赞成人数超过应到会有表决权的正式党员的半数";
    seed 001, 发展党员程序 step 7)."""
    return 2 * votes_for > voting_expected


@dataclass(frozen=True)
class AbsenceVerdict:
    flagged: bool
    anchor: date | None  # the last attended meeting, or the day counting starts
    absences_since: int


def absent_six_months(
    as_of: date,
    last_attended: date | None,
    joined_on: date | None,
    first_meeting: date | None,
    absences_since: int,
    back_on: date | None = None,
) -> AbsenceVerdict:
    """RULES.md "Meetings" (党章 art. 9): the last attended meeting lies more than six months
    before `as_of` (without any, count from the later of joining and the ledger's first
    meeting) and the member was marked absent without leave at least once since. Leave and
    exemption are valid reasons, so only `absent` marks count in `absences_since`.

    `back_on`: the last day a member working away (流动党员) was back — not expected here while
    away (RULES.md "Meetings"), so the six months count from it when it is later."""
    if last_attended is not None:
        anchor: date | None = last_attended
    else:
        candidates = [d for d in (joined_on, first_meeting) if d is not None]
        anchor = max(candidates) if candidates else None
    if back_on is not None and (anchor is None or back_on > anchor):
        anchor = back_on
    if anchor is None:
        return AbsenceVerdict(False, None, absences_since)
    flagged = as_of > period_end(anchor, months=ABSENCE_MONTHS) and absences_since > 0
    return AbsenceVerdict(flagged, anchor, absences_since)
