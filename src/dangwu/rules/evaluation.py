"""民主评议党员 (the yearly democratic evaluation of members) as a procedure: the grades, the
tallies of the evaluation meeting, the share of 优秀, the handling of an unqualified member
and the deadlines that follow it up.

Sources: RULES.md "Evaluation"; 党章 = Constitution of the CPC (2022); PEERS.md §2.6 (民主评议党员
forms); seed 000 = `000_09f946c32406e2f8.txt` (机关党建制度汇编, 七、民主评议党员制度), seed 001 =
`001_adc6a75232cf0d3a.txt` ((十二)党员考核制度); 组织工作问答 = 《党的组织工作问答》 (中央组织部研究室、
组织局 编, 1996), as quoted by the 党建 Q&A at http://m.jizihe.com/page/2014/0820/2294658.shtml.

Every length is counted by rules/periods.period_end and holds_from (RULES.md "Periods of years
and months"; 民法典 arts. 201–202): a deadline of N months after a day ends on `period_end`
and is missed from `holds_from`, the day after.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from .periods import holds_from, period_end

# seed 001 (十二)党员考核制度: "最终确定优秀、合格、基本合格、不合格四个考核等次"; RULES.md
# "Evaluation". Also the order of the four tallies (`--votes E,Q,B,U`), as on the 测评表 (PEERS.md
# §2.6: one row per member, a tick in one of four grade columns).
GRADES = ("excellent", "qualified", "basic", "unqualified")
EXCELLENT = "excellent"
UNQUALIFIED = "unqualified"

# seed 000 七.7: "对不合格的党员，支委会区别不同情况，提出限期改正或者劝退、除名的意见提交支部大会
# 表决，报党工委审批"; RULES.md "Evaluation": 限期改正 (correct within a time limit), 劝退
# (persuade to withdraw), 除名 (remove).
ACTIONS = ("correct", "persuade", "remove")
# The one handling with a time limit of its own, followed up until its outcome is recorded.
CORRECT = "correct"

# PEERS.md §2.6: "优秀 generally at most one third" (pofan.com.cn, gongxunwang.com). A rule-profile
# option (`excellent_cap`), off by default (RULES.md "Evaluation"): other guidance says the
# opposite ("不下指标、不定比例、不唯票数"), so only a branch whose higher committee sets the cap
# switches it on.
EXCELLENT_CAP = Fraction(1, 3)

# The 测评 is a vote of the members at the meeting, and 党章 art. 7 gives probationary members no
# vote (没有表决权): the four tallies of one member add up to at most the full members present
# (the meeting's `voting_present`).
TALLY_LIMIT = "voting_present"

# The handling of an unqualified member is proposed by the committee and voted on by the general
# meeting (seed 000 七.7). No seed gives a time limit for that decision; dangwu's default is
# three months from the grade: the general meeting meets at least once a quarter (支部条例;
# seeds 000, 002, 004; RULES.md `general_meeting`), so the next one falls within them.
DECIDE_WITHIN_MONTHS = 3

# 组织工作问答 (1996): "“限期改正”的期限一般为一年" — and when it ends the branch discusses at once
# whether the member now meets the standard ("期满，党组织应当及时对其是否具备党员条件进行讨论");
# the default time limit when the decision names none (`--due`).
CORRECT_MONTHS = 12


def cap_base(members: int, evaluated: int) -> int:
    """The members the cap is a share of: the branch's full and probationary members on 31
    December of the year evaluated (those the yearly evaluation covers, RULES.md "Evaluation"),
    or the results recorded for the year when they are more (members evaluated who left during
    it). Known before the first result is entered, so the order in which the results are typed
    does not decide who may be graded excellent, as a share of the results entered so far would."""
    return max(members, evaluated, 0)


def cap_limit(base: int, cap: Fraction = EXCELLENT_CAP) -> int:
    """The most members of `base` who may be graded excellent: a third, rounded down."""
    return max(base, 0) * cap.numerator // cap.denominator


def over_cap(excellent: int, base: int, cap: Fraction = EXCELLENT_CAP) -> bool:
    """Whether `excellent` of `base` members is more than the cap's share of them."""
    return excellent > cap_limit(base, cap)


@dataclass(frozen=True)
class Tally:
    """One member's votes at the evaluation meeting, in the order of GRADES."""

    excellent: int
    qualified: int
    basic: int
    unqualified: int

    @property
    def total(self) -> int:
        return self.excellent + self.qualified + self.basic + self.unqualified

    def as_tuple(self) -> tuple[int, int, int, int]:
        return (self.excellent, self.qualified, self.basic, self.unqualified)


@dataclass(frozen=True)
class Problem:
    """A reason a value is refused, in both languages."""

    zh: str
    en: str


def tally_problems(tally: Tally, voting_present: int | None) -> list[Problem]:
    """What is wrong with a member's tallies: a negative count, or (when the meeting is known)
    more votes than the full members present (TALLY_LIMIT)."""
    out = []
    if any(n < 0 for n in tally.as_tuple()):
        out.append(Problem("票数不能为负", "a vote count cannot be negative"))
    elif voting_present is not None and tally.total > voting_present:
        out.append(
            Problem(
                f"四项票数合计 {tally.total}，多于会议到会有表决权的党员 {voting_present} 名",
                f"the four counts add up to {tally.total}, more than the {voting_present}"
                " voting members present at the meeting",
            )
        )
    return out


def decided_from(year: int, decided_on: date | None, meeting_day: date | None) -> date:
    """The day the grade counts as decided: the recorded day, else the evaluation meeting's
    day, else the last day of the year evaluated (the latest a yearly evaluation belongs to)."""
    if decided_on is not None:
        return decided_on
    if meeting_day is not None:
        return meeting_day
    return date(year, 12, 31)


def decision_due(graded_on: date) -> date:
    """The last day to decide the handling of a member graded unqualified on `graded_on`
    (DECIDE_WITHIN_MONTHS)."""
    return period_end(graded_on, months=DECIDE_WITHIN_MONTHS)


def correction_due(decided_on: date) -> date:
    """The end of a 限期改正 decided on `decided_on` when no other limit was set (CORRECT_MONTHS)."""
    return period_end(decided_on, months=CORRECT_MONTHS)


def missed(due: date, as_of: date) -> bool:
    """A deadline ending on `due` is missed from the day after (RULES.md; periods.holds_from)."""
    return as_of >= holds_from(due, months=0)


@dataclass(frozen=True)
class Followup:
    """Where the follow-up of one member's result stands on a day.

    state: None (not graded unqualified), "decide" (the handling is still to be decided),
    "correct" (限期改正 running), "decided" (劝退 or 除名 decided: the leaving is recorded with
    `member leave`), "done" (the outcome recorded)."""

    state: str | None
    due: date | None = None
    done_on: date | None = None

    def overdue(self, as_of: date) -> bool:
        return (
            self.state in ("decide", "correct") and self.due is not None and missed(self.due, as_of)
        )


def followup(
    grade: str,
    action: str | None,
    graded_on: date,
    action_due: date | None,
    action_done_on: date | None,
    as_of: date,
) -> Followup:
    """The follow-up of a result as it stood on `as_of`. `action` is the handling's code (any
    other text a branch wrote down counts as a handling decided, with no time limit known)."""
    if grade != UNQUALIFIED:
        return Followup(None)
    if action_done_on is not None and action_done_on <= as_of:
        return Followup("done", action_due, action_done_on)
    if action is None:
        return Followup("decide", decision_due(graded_on))
    if action == CORRECT:
        return Followup("correct", action_due or correction_due(graded_on))
    return Followup("decided")
