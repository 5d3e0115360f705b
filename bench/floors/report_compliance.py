"""Floor for `dangwu --db DB report compliance --period P --as-of D -f json` (issue 22).

    python bench/floors/report_compliance.py DB --period 2026 --as-of 2026-11-25

Prints the same JSON document (parsed-equal) from plain Python and the standard library's
sqlite3, with no dangwu import: every requirement of the rule profile over the period, as
dangwu's obligations engine (src/dangwu/reports/obligations.py) owes it, scope by scope, and
the findings of src/dangwu/reports/compliance.py `findings`. The rules are dangwu's, read
from its source and restated here; the constants copied name their source. Aggregates are
asked of SQLite (one grouped pass over the payments, one over each kind of record); Python
walks the members once per day it needs.

Computed: the rule profile with its stored overrides (frequency, minimum, on/off, the dues
deadline day, the term of office, `partial_periods`, `away_quarterly_dues`); meetings per
branch and per party group (quorum, voided, planned), talks, thought reports and reviews per
person, hand-overs, statements, work reports, reports sent, lectures by committee members,
the committee's term and its election, reports of members away. The findings: dues overdue,
lapse risk and no base; six months absent; the development pipeline's flagged steps (a talk
with an applicant, an activist review, a probation, a resolution's report or approval
overdue); an unqualified member's handling or correction overdue; transfer receipts
overdue; no committee; term expired; too few full members; members recorded lost and
members who may be.

Refused (exit 2, one line on stderr naming the feature), never printed wrong:
  - DANGWU_LANG other than zh (the English texts are not restated);
  - a stored `every` on committee_election (counted per term; `rules set` does not store one).
"""

import json
import os
import sqlite3
import sys
from datetime import date, timedelta

# src/dangwu/rules/profile.py REQUIREMENTS: code, counts, every, min, scope, stages, enabled
REQUIREMENTS = (
    ("general_meeting", "meeting:general", "quarter", 1, "branch", (), True),
    ("committee_meeting", "meeting:committee", "month", 1, "branch", (), True),
    ("group_meeting", "meeting:group", "month", 1, "group", (), True),
    ("lecture", "meeting:lecture", "quarter", 1, "branch", (), True),
    ("theme_day", "meeting:theme_day", "month", 1, "branch", (), True),
    ("study", "meeting:study", "month", 1, "branch", (), True),
    ("org_life", "meeting:org_life", "year", 1, "branch", (), True),
    ("evaluation", "meeting:evaluation", "year", 1, "branch", (), True),
    ("democratic_life", "meeting:democratic_life", "year", 1, "branch", (), False),
    ("talk", "talk", "year", 1, "member", ("full", "probationary"), True),
    ("thought_report", "dev:thought_report", "quarter", 1, "member", ("probationary",), True),
    ("probation_review", "dev:review", "quarter", 1, "member", ("probationary",), True),
    ("activist_review", "dev:review", "half", 1, "member", ("activist",), True),
    (
        "activist_thought_report",
        "dev:thought_report",
        "quarter",
        1,
        "member",
        ("activist", "candidate"),
        False,
    ),
    ("dues_remit", "remit", "quarter", 1, "branch", (), True),
    ("dues_statement", "statement", "year", 1, "branch", (), True),
    ("committee_report", "work_report", "half", 1, "branch", (), True),
    ("higher_report", "report_sent", "year", 1, "branch", (), True),
    ("leader_lecture", "lecture_speaker", "year", 1, "member", ("committee",), False),
    ("committee_election", "election", "term", 1, "branch", (), True),
    ("away_report", "away_report", "quarter", 1, "member", ("away",), True),
)
# src/dangwu/reports/compliance.py REQ_LABELS (zh)
LABELS = {
    "general_meeting": "支部党员大会",
    "committee_meeting": "支部委员会",
    "group_meeting": "党小组会",
    "lecture": "党课",
    "theme_day": "主题党日",
    "study": "集中学习",
    "org_life": "组织生活会",
    "evaluation": "民主评议党员",
    "democratic_life": "民主生活会",
    "talk": "谈心谈话",
    "thought_report": "思想汇报",
    "probation_review": "预备党员考察",
    "activist_review": "入党积极分子考察",
    "activist_thought_report": "思想汇报（积极分子、发展对象）",
    "dues_remit": "党费上缴",
    "dues_statement": "公布党费收缴情况",
    "committee_report": "支委会向党员大会报告工作",
    "higher_report": "向上级党组织报告工作",
    "leader_lecture": "领导干部讲党课",
    "committee_election": "按期换届",
    "away_report": "流动党员书面汇报",
}
# src/dangwu/i18n.py LABELS["lost_reason"] (zh)
LOST_REASONS = {
    "migrant_work": "外出务工经商",
    "restructuring": "单位改制",
    "graduate_unknown": "毕业去向不明",
    "job_change": "工作单位改变",
    "abroad": "出国（境）",
    "moved": "居住地改变",
    "other": "其他",
}
# src/dangwu/reports/lost.py CONTACT (zh)
CONTACT = {
    "attended": "参加会议",
    "paid": "交纳党费",
    "joined": "加入本支部",
    "admitted": "入党",
    "ledger": "本账本最早的记录",
}
MEMBER_STAGES = ("full", "probationary")  # store/roster_index.py
PIPELINE = ("applicant", "activist", "candidate", "probationary")  # rules/development.py
COMMITTEE_ROLES = "('organization', 'propaganda', 'discipline', 'youth')"  # rules/meetings.py
COMMITTEE_FROM, MIN_FULL_MEMBERS = 7, 3  # rules/meetings.py
DEADLINE_DAY, TERM_YEARS = 20, 3  # rules/dues.py, rules/terms.py
KIND_MONTHS = {"month": 1, "quarter": 3, "half": 6, "year": 12}

# store/queries.py
STAGE_AT = """(SELECT se.stage FROM stage_event se WHERE se.person_id = p.id
    AND (se.on_date IS NULL OR se.on_date <= :d) ORDER BY se.id DESC LIMIT 1)"""
IN_BRANCH = """(p.joined_on IS NULL OR p.joined_on <= :d) AND (p.left_on IS NULL OR p.left_on > :d)
    AND p.voided_on IS NULL"""
ADMITTED_ON = """(SELECT MIN(se.on_date) FROM stage_event se
    WHERE se.person_id = p.id AND se.stage = 'probationary')"""


def away_on(a, d):
    return (
        f"{a}.voided_on IS NULL AND {a}.from_on <= {d} AND ({a}.back_on IS NULL OR"
        f" {a}.back_on > {d}) AND ({a}.until_on IS NULL OR {a}.until_on >= {d})"
    )


def lost_on(a, d):
    return f"{a}.voided_on IS NULL AND {a}.since <= {d} AND ({a}.found_on IS NULL OR {a}.found_on > {d})"


def refuse(feature):
    sys.stderr.write(f"floor refuses: {feature}\n")
    raise SystemExit(2)


# ---- the calendar (rules/periods.py); a period is (start, end, code)


def month_end(y, m):
    return date(y, 12, 31) if m == 12 else date(y, m + 1, 1) - timedelta(days=1)


def period_of(kind, day):
    y, m = day.year, day.month
    if kind == "month":
        return (date(y, m, 1), month_end(y, m), f"{y:04d}-{m:02d}")
    if kind == "year":
        return (date(y, 1, 1), date(y, 12, 31), f"{y:04d}")
    n = KIND_MONTHS[kind]
    i = (m - 1) // n
    first = n * i + 1
    code = f"{y:04d}{'Q' if kind == 'quarter' else 'H'}{i + 1}"
    return (date(y, first, 1), month_end(y, first + n - 1), code)


def sub_periods(start, end, kind):
    out = []
    p = period_of(kind, start)
    while p[0] <= end:
        out.append(p)
        p = period_of(kind, p[1] + timedelta(days=1))
    return out


def of_code(code):
    y = int(code[:4])
    if len(code) == 4:
        return period_of("year", date(y, 1, 1))
    if code[4] == "H":
        return period_of("half", date(y, 6 * int(code[5]) - 5, 1))
    if code[4] == "Q":
        return period_of("quarter", date(y, 3 * int(code[5]) - 2, 1))
    return period_of("month", date(y, int(code[5:7]), 1))


def period_end(day, years=0, months=0):
    """民法典 art. 202 as rules/periods.py counts."""
    y, m = divmod(day.year * 12 + day.month - 1 + years * 12 + months, 12)
    return date(y, m + 1, min(day.day, month_end(y, m + 1).day))


def next_month(code):
    y, m = int(code[:4]), int(code[5:7])
    return f"{y + 1:04d}-01" if m == 12 else f"{y:04d}-{m + 1:02d}"


def money(fen):
    return f"{'-' if fen < 0 else ''}{abs(fen) // 100}.{abs(fen) % 100:02d}"


# ---- who is where (store/roster_index.py)


class Roster:
    def __init__(self, con):
        self.con = con
        self.people = {
            pid: (joined, left)
            for pid, joined, left in con.execute(
                "SELECT id, joined_on, left_on FROM person WHERE voided_on IS NULL ORDER BY id"
            )
        }
        final, admitted = {}, {}
        for pid, stage, on in con.execute(
            "SELECT person_id, stage, on_date FROM stage_event ORDER BY id"
        ):
            last = final.get(pid)
            if last is None:
                final[pid] = [stage, on or ""]
            else:
                last[0] = stage
                if on is not None and on > last[1]:
                    last[1] = on
            if stage == "probationary" and on is not None:
                first = admitted.get(pid)
                if first is None or on < first:
                    admitted[pid] = on
        self.final, self.admitted = final, admitted
        # people by the stage of their last event, in id order
        self.by_final = {}
        for pid in sorted(final):
            self.by_final.setdefault(final[pid][0], []).append(pid)
        self._moving, self._in_branch = {}, {}
        self.first_day = first_member_day(self)
        (self.first_month,) = con.execute("SELECT MIN(from_month) FROM dues_base").fetchone()

    def moving_on(self, d):
        """person id → stage on `d` of those whose history still changes after `d` (few):
        STAGE_AT in SQL; everyone else is in the stage of their last event."""
        out = self._moving.get(d)
        if out is None:
            out = {}
            late = [pid for pid, (_, settled) in self.final.items() if settled > d]
            for i in range(0, len(late), 500):
                marks = ",".join(map(str, late[i : i + 500]))
                out.update(
                    self.con.execute(
                        f"SELECT p.id, {STAGE_AT} FROM person p WHERE p.id IN ({marks})",
                        {"d": d},
                    )
                )
            self._moving[d] = out
        return out

    def stage_on(self, d, pid):
        moving = self.moving_on(d)
        return moving[pid] if pid in moving else self.final.get(pid, (None,))[0]

    def in_branch(self, d, stages):
        """Ids in order of the people in the branch on `d` in one of `stages` then."""
        key = (d, stages)
        found = self._in_branch.get(key)
        if found is None:
            moving, people = self.moving_on(d), self.people
            parts = [
                [
                    pid
                    for pid in self.by_final.get(stage, ())
                    if pid not in moving
                    and (p := people.get(pid)) is not None
                    and (p[0] is None or p[0] <= d)
                    and (p[1] is None or p[1] > d)
                ]
                for stage in stages
            ]
            parts.append(
                [
                    pid
                    for pid, stage in moving.items()
                    if stage in stages
                    and (p := people.get(pid)) is not None
                    and (p[0] is None or p[0] <= d)
                    and (p[1] is None or p[1] > d)
                ]
            )
            parts = [part for part in parts if part]
            found = parts[0] if len(parts) == 1 else sorted(x for part in parts for x in part)
            self._in_branch[key] = found
        return found

    def staying(self, day, stages, until):
        """obligations.people_in_stage: in `stages` on `day`, not left by `until`."""
        people = self.people
        return [
            pid
            for pid in self.in_branch(day, stages)
            if (left := people[pid][1]) is None or left > until
        ]


ALL_NAMES = {}


def names(con, ids):
    """id → name of `ids` (of everyone, read once, when they are many)."""
    if len(ids) > 2000 or ALL_NAMES:
        if not ALL_NAMES:
            ALL_NAMES.update(con.execute("SELECT id, name FROM person"))
        return ALL_NAMES
    out = {}
    ids = sorted(ids)
    for i in range(0, len(ids), 500):
        marks = ",".join(map(str, ids[i : i + 500]))
        out.update(con.execute(f"SELECT id, name FROM person WHERE id IN ({marks})"))
    return out


# ---- the profile (rules/profile.py, store/profile_queries.py)


def profile(con):
    stored = {
        r[0]: r for r in con.execute("SELECT code, every, min, enabled, value FROM rule_setting")
    }
    reqs = []
    for code, counts, every, least, scope, stages, enabled in REQUIREMENTS:
        row = stored.get(code)
        if row is not None:
            if code == "committee_election" and row[1] is not None:
                refuse("a stored frequency on committee_election")
            every = row[1] if row[1] is not None else every
            least = row[2] if row[2] is not None else least
            enabled = bool(row[3]) if row[3] is not None else enabled
        if enabled:
            reqs.append((code, counts, every, least, scope, stages))

    def option(code):
        row = stored.get(code)
        return bool(row[3]) if row is not None and row[3] is not None else False

    deadline = stored.get("dues_deadline_day")
    term = stored.get("committee_election")
    return (
        reqs,
        int(deadline[4]) if deadline and deadline[4] is not None else DEADLINE_DAY,
        int(term[4]) if term and term[4] else TERM_YEARS,
        option("partial_periods"),
        option("away_quarterly_dues"),
    )


# ---- the committee's terms (store/term_queries.py, rules/terms.py): (start, years, id)


def terms(con, as_of, years):
    d = as_of.isoformat()
    out = [
        (date.fromisoformat(on), int(n), eid)
        for eid, on, n in con.execute(
            "SELECT id, on_date, years FROM committee_election WHERE voided_on IS NULL"
            " ORDER BY on_date, id"
        )
        if on <= d
    ]
    if not out:
        (first,) = con.execute(
            """SELECT MIN(c.from_on) FROM committee_role c JOIN person p ON p.id = c.person_id
               WHERE c.from_on <= :d AND (c.to_on IS NULL OR c.to_on > :d)
                 AND p.voided_on IS NULL""",
            {"d": d},
        ).fetchone()
        if first is not None:
            out = [(date.fromisoformat(first), years, None)]
    return out


# ---- the obligations engine (reports/obligations.py)


def collect(con, reqs, span, as_of):
    dates = {}
    if not reqs:
        return dates
    subs = [sub_periods(span[0], span[1], r[2]) for r in reqs if r[2] != "term"] or [[span]]
    lo = min(s[0][0] for s in subs).isoformat()
    hi = min(max(s[-1][1] for s in subs), as_of).isoformat()
    d = as_of.isoformat()
    every = {r[0]: r[2] for r in reqs}
    by_type = {}
    for r in reqs:
        if r[1].startswith("meeting:"):
            by_type.setdefault(r[1][8:], []).append(r[0])

    def add(key, day):
        found = dates.get(key)
        if found is None:
            dates[key] = [day]
        else:
            found.append(day)

    if by_type:
        for kind, held_on, grp in con.execute(
            """SELECT m.type, m.held_on, g.name FROM meeting m
               LEFT JOIN party_group g ON g.id = m.group_id
               WHERE m.status = 'held' AND m.voided_on IS NULL AND m.held_on BETWEEN :lo AND :hi
                 AND (m.type NOT IN ('committee', 'general') OR m.quorum_met)""",
            {"lo": lo, "hi": hi},
        ):
            for code in by_type.get(kind, ()):
                add((code, f"group:{grp}" if kind == "group" else "branch"), held_on)
    if "talk" in every:
        for pid, with_id, on in con.execute(
            "SELECT person_id, with_id, on_date FROM talk"
            " WHERE on_date BETWEEN :lo AND :hi AND voided_on IS NULL",
            {"lo": lo, "hi": hi},
        ):
            for who in {pid, with_id}:
                add(("talk", f"member:{who}"), on)
    if {"thought_report", "probation_review", "activist_review", "activist_thought_report"} & set(
        every
    ):
        for pid, kind, on in con.execute(
            """SELECT person_id, kind, on_date FROM dev_event
               WHERE kind IN ('thought_report', 'review') AND on_date BETWEEN :lo AND :hi
                 AND voided_on IS NULL""",
            {"lo": lo, "hi": hi},
        ):
            for code in (
                ("thought_report", "activist_thought_report")
                if kind == "thought_report"
                else ("probation_review", "activist_review")
            ):
                add((code, f"member:{pid}"), on)
    if "dues_remit" in every:
        for start, end in con.execute(
            """SELECT start, "end" FROM dues_remit
               WHERE start <= :hi AND "end" >= :lo AND on_date <= :d AND voided_on IS NULL""",
            {"lo": lo, "hi": hi, "d": d},
        ):
            s, e = date.fromisoformat(start), date.fromisoformat(end)
            for sub in sub_periods(s, e, every["dues_remit"]):
                add(("dues_remit", "branch"), max(sub[0], s).isoformat())
    if "committee_report" in every:
        for (held_on,) in con.execute(
            """SELECT held_on FROM meeting
               WHERE type = 'general' AND work_report AND status = 'held'
                 AND voided_on IS NULL AND quorum_met AND held_on BETWEEN :lo AND :hi""",
            {"lo": lo, "hi": hi},
        ):
            add(("committee_report", "branch"), held_on)
    if "higher_report" in every:
        for (code,) in con.execute(
            "SELECT period FROM report_sent WHERE on_date <= :d AND voided_on IS NULL", {"d": d}
        ):
            c = of_code(str(code))
            for sub in sub_periods(c[0], c[1], every["higher_report"]):
                add(("higher_report", "branch"), max(sub[0], c[0]).isoformat())
    if "leader_lecture" in every:
        for speaker, held_on in con.execute(
            """SELECT speaker_id, held_on FROM meeting
               WHERE type = 'lecture' AND speaker_id IS NOT NULL AND status = 'held'
                 AND voided_on IS NULL AND held_on BETWEEN :lo AND :hi""",
            {"lo": lo, "hi": hi},
        ):
            add(("leader_lecture", f"member:{speaker}"), held_on)
    if "committee_election" in every:
        for (on,) in con.execute(
            "SELECT on_date FROM committee_election WHERE voided_on IS NULL AND on_date <= :d",
            {"d": d},
        ):
            add(("committee_election", "branch"), on)
    if "away_report" in every:
        for pid, on in con.execute(
            """SELECT person_id, on_date FROM away_report
               WHERE voided_on IS NULL AND on_date BETWEEN :lo AND :hi""",
            {"lo": lo, "hi": hi},
        ):
            add(("away_report", f"member:{pid}"), on)
    if "dues_statement" in every:
        for (year,) in con.execute(
            "SELECT year FROM dues_statement WHERE published_on <= :d AND voided_on IS NULL",
            {"d": d},
        ):
            add(("dues_statement", "branch"), f"{int(year):04d}-12-31")
    return dates


def owed_subs(con, roster, req, span, committee, years, partial):
    """(scope, sub-periods owed) in the engine's order: branch, groups by id, members by id."""
    code, _, every, _, scope, stages = req
    if every == "term":
        owed = []
        for start, n, _ in terms(con, span[1], years):
            end = period_end(start, years=n)
            if span[0] <= end <= span[1]:
                owed.append((start + timedelta(days=1), end, f"{start}..{end}"))
        if owed:
            yield "branch", owed
        return
    subs = sub_periods(span[0], span[1], every)
    if scope == "branch":
        first = roster.first_day
        if first is None:
            return
        subs = [p for p in subs if p[1].isoformat() >= first]
        if code in ("committee_meeting", "committee_report"):
            subs = [
                p
                for p in subs
                if any(
                    f <= p[1].isoformat() and (t is None or t > p[0].isoformat())
                    for f, t in committee
                )
            ]
        if code in ("dues_remit", "dues_statement"):
            month = roster.first_month
            subs = [] if month is None else [p for p in subs if p[1].isoformat()[:7] >= month]
        if subs:
            yield "branch", subs
    elif scope == "group":
        for name, spans in group_spans(con, span).items():
            yield (
                f"group:{name}",
                [
                    p
                    for p in subs
                    if any(a <= p[1].isoformat() and b > p[0].isoformat() for a, b in spans)
                ],
            )
    else:
        by_member = {}
        for p in subs:
            s, e = p[0].isoformat(), p[1].isoformat()
            if "committee" in stages:
                owing = [
                    pid
                    for (pid,) in con.execute(
                        """SELECT DISTINCT c.person_id FROM committee_role c
                           JOIN person p ON p.id = c.person_id
                           WHERE c.from_on <= :s AND (c.to_on IS NULL OR c.to_on > :s)
                             AND (p.left_on IS NULL OR p.left_on > :e) AND p.voided_on IS NULL
                           ORDER BY c.person_id""",
                        {"s": s, "e": e},
                    )
                ]
            elif "away" in stages:
                owing = [
                    pid
                    for (pid,) in con.execute(
                        f"""SELECT DISTINCT a.person_id FROM member_away a
                           JOIN person p ON p.id = a.person_id
                           WHERE {away_on("a", ":s")}
                             AND (p.left_on IS NULL OR p.left_on > :e) AND p.voided_on IS NULL
                           ORDER BY a.person_id""",
                        {"s": s, "e": e},
                    )
                ]
            else:
                owing = roster.staying(s, stages, e)
                if partial:
                    later = set(roster.staying(e, stages, e))
                    marks = ", ".join(f"'{x}'" for x in stages)
                    for (pid,) in con.execute(
                        f"""SELECT DISTINCT person_id FROM stage_event
                            WHERE stage IN ({marks}) AND on_date >= :s AND on_date <= :e""",
                        {"s": s, "e": e},
                    ):
                        person = roster.people.get(pid)
                        if (
                            person is not None
                            and (person[0] is None or person[0] <= e)
                            and (person[1] is None or person[1] > e)
                        ):
                            later.add(pid)
                    owing = sorted(set(owing) | later)
            for pid in owing:
                found = by_member.get(pid)
                if found is None:
                    by_member[pid] = [p]
                else:
                    found.append(p)
        for pid in sorted(by_member):
            yield f"member:{pid}", by_member[pid]


def first_member_day(roster):
    first = None
    final = roster.final
    for pid, (joined, _) in roster.people.items():
        admitted = roster.admitted.get(pid)
        if admitted is None and final.get(pid, ("",))[0] not in MEMBER_STAGES:
            continue
        since = max(joined or "", admitted or "")
        if first is None or since < first:
            first = since
            if not first:
                break
    return first


def group_spans(con, p):
    spans = {}
    for name, from_on, to_on, joined, left, _ in con.execute(
        """SELECT DISTINCT g.name, gm.from_on, gm.to_on, p.joined_on, p.left_on, g.id
           FROM party_group g JOIN group_membership gm ON gm.group_id = g.id
           JOIN person p ON p.id = gm.person_id
           WHERE (gm.from_on IS NULL OR gm.from_on <= :e) AND (gm.to_on IS NULL OR gm.to_on > :s)
             AND (p.joined_on IS NULL OR p.joined_on <= :e)
             AND (p.left_on IS NULL OR p.left_on > :s) AND p.voided_on IS NULL
             AND EXISTS (SELECT 1 FROM stage_event se WHERE se.person_id = p.id
                         AND se.stage IN ('full', 'probationary')
                         AND (se.on_date IS NULL OR se.on_date <= :e))
           ORDER BY g.id""",
        {"s": p[0].isoformat(), "e": p[1].isoformat()},
    ):
        first = max(from_on or "", joined or "")
        after = min(to_on or "9999-12-31", left or "9999-12-31")
        spans.setdefault(name, set()).add((first, after))
    return spans


# ---- dues (store/dues_queries.py, reports/dues.py)


def schedules_of(con):
    out = {}
    for pid, month, due in con.execute(
        "SELECT person_id, from_month, due_fen FROM dues_base ORDER BY person_id, from_month, id"
    ):
        s = out.get(pid)
        if s is None:
            out[pid] = [(month, due)]
        elif s[-1][0] == month:
            s[-1] = (month, due)
        else:
            s.append((month, due))
    return out


def due_in(schedule, month):
    due = None
    for start, value in schedule:
        if start > month:
            break
        due = value
    return due


def owed_by_member(con, roster, as_of, last, schedules, away_quarterly, deadline_day):
    """person id → (unpaid months, their dues) up to `last`, for members on `as_of`."""
    first = roster.first_month
    if first is None or first > last:
        return {}
    d = as_of.isoformat()
    people, admitted = roster.people, roster.admitted
    members = []
    for pid in roster.in_branch(d, MEMBER_STAGES):
        schedule = schedules.get(pid)
        if not schedule:
            continue
        joined, left = people[pid]
        a = admitted.get(pid)
        start = max(schedule[0][0], a[:7] if a else "", joined[:7] if joined else "")
        members.append((pid, start, left[:7] if left else None))
    if not members:
        return {}
    # with no reversal made by the day (the unique index answers), no payment to leave out
    reversed_any = con.execute(
        "SELECT 1 FROM dues_payment WHERE reverses_id > 0 AND paid_on <= :d LIMIT 1", {"d": d}
    ).fetchone()
    unreversed = (
        """AND r.id NOT IN (SELECT x.reverses_id FROM dues_payment x
                            WHERE x.reverses_id > 0 AND x.paid_on <= :d)"""
        if reversed_any
        else ""
    )
    paid = dict(
        con.execute(
            f"""SELECT r.person_id, group_concat(r.month) FROM dues_payment r
               WHERE r.kind = 'regular' AND r.paid_on <= :d AND r.month <= :last {unreversed}
               GROUP BY r.person_id""",
            {"d": d, "last": last},
        )
    )
    calendar, m = [], first
    while m <= last:
        calendar.append(m)
        m = next_month(m)
    position = {m: i for i, m in enumerate(calendar)}
    spans, out = {}, {}
    for pid, start, end in members:
        hi = last if end is None or end > last else end
        if start > hi:
            continue
        done = paid.get(pid, "")
        span = spans.get((start, hi))
        if span is None:
            months = calendar[position[start] : position[hi] + 1]
            span = spans[(start, hi)] = (months, ",".join(months))
        if span[1] in done:
            continue
        missing = [m for m in span[0] if m not in done]
        if not missing:
            continue
        schedule = schedules[pid]
        if len(schedule) == 1:
            if schedule[0][1]:
                out[pid] = (missing, [schedule[0][1]] * len(missing))
            continue
        months, dues = [], []
        for m in missing:
            due = due_in(schedule, m)
            if due:
                months.append(m)
                dues.append(due)
        if months:
            out[pid] = (months, dues)
    if out and away_quarterly:
        out = away_deferred(con, as_of, deadline_day, out)
    return out


def away_deferred(con, as_of, deadline_day, owed):
    """reports/dues.py away_deferred: a month whose deadline fell while away is owed only once
    its quarter has ended."""
    spans = {}
    for pid, f, u, b in con.execute(
        """SELECT person_id, from_on, until_on, back_on FROM member_away
           WHERE voided_on IS NULL AND from_on <= :d ORDER BY person_id, from_on""",
        {"d": as_of.isoformat()},
    ):
        if pid in owed:
            spans.setdefault(pid, []).append((f, u, b))
    out = dict(owed)
    for pid, records in spans.items():
        months, dues = owed[pid]
        kept = []
        for m, due in zip(months, dues, strict=True):
            day = f"{m}-{deadline_day:02d}"
            away = any(
                f <= day and (b is None or b > day) and (u is None or u >= day)
                for f, u, b in records
            )
            if not (away and as_of <= period_of("quarter", date.fromisoformat(day))[1]):
                kept.append((m, due))
        if len(kept) == len(months):
            continue
        if kept:
            out[pid] = ([m for m, _ in kept], [v for _, v in kept])
        else:
            del out[pid]
    return out


def longest_run(months):
    best = run = 0
    prev = ""
    for m in months:
        run = run + 1 if prev and m == next_month(prev) else 1
        best = max(best, run)
        prev = m
    return best


def last_owed_month(as_of, day):
    first = as_of.replace(day=1)
    if as_of > first.replace(day=day):
        return first
    return date(first.year - 1, 12, 1) if first.month == 1 else first.replace(month=first.month - 1)


# ---- the report


def evaluate(code, least, scope, subs, dates, as_of):
    done, gaps, still_open = 0, [], False
    for start, end, pcode in subs:
        s, e = start.isoformat(), end.isoformat()
        n = sum(s <= x <= e for x in dates) if dates else 0
        done += min(n, least)
        if n < least:
            if as_of > end:
                gaps.append(pcode)
            else:
                still_open = True
    return {
        "code": code,
        "label": LABELS[code],
        "scope": scope,
        "required": least * len(subs),
        "done": done,
        "status": "short" if gaps else ("pending" if still_open else "ok"),
        "gaps": gaps,
    }


def items(con, roster, reqs, span, as_of, years, partial):
    dates = collect(con, reqs, span, as_of)
    committee = list(
        con.execute(f"SELECT from_on, to_on FROM committee_role WHERE role IN {COMMITTEE_ROLES}")
    )
    out = []
    for req in reqs:
        code, least = req[0], req[3]
        # a person with no record owes what everyone owing the same sub-periods owes
        blank = {}
        for scope, subs in owed_subs(con, roster, req, span, committee, years, partial):
            found = dates.get((code, scope))
            if found is None and scope[0] == "m":
                key = tuple(p[2] for p in subs)
                item = blank.get(key)
                if item is None:
                    item = blank[key] = evaluate(code, least, scope, subs, None, as_of)
                out.append(dict(item, scope=scope))
            else:
                out.append(evaluate(code, least, scope, subs, found, as_of))
    return out


def findings(con, roster, reqs, as_of, deadline_day, years, partial, away_quarterly):
    d = as_of.isoformat()
    out = []
    # dues (reports/dues.py status, flagged only)
    schedules = schedules_of(con)
    last = last_owed_month(as_of, deadline_day).isoformat()[:7]
    owed = owed_by_member(con, roster, as_of, last, schedules, away_quarterly, deadline_day)
    flagged = []
    for pid in sorted(owed):
        months, dues = owed[pid]
        if longest_run(months) >= 6:
            flagged.append((pid, "lapse_risk", months, dues))
        elif len(months) >= 3:
            flagged.append((pid, "overdue", months, dues))
    members = roster.in_branch(d, MEMBER_STAGES)
    flagged += [(pid, "no_base", None, None) for pid in members if pid not in schedules]
    flagged.sort(key=lambda f: f[0])
    who = names(con, {f[0] for f in flagged})
    for pid, flag, months, dues in flagged:
        detail = (
            "未设定党费基数"
            if flag == "no_base"
            else f"欠交 {len(months)} 个月（{money(sum(dues))} 元）"
        )
        out.append({"kind": f"dues_{flag}", "member_id": pid, "name": who[pid], "detail": detail})
    # six months absent (reports/meetings.py absence_status, rules/meetings.py)
    (first,) = con.execute(
        "SELECT MIN(held_on) FROM meeting WHERE status = 'held' AND voided_on IS NULL"
        " AND held_on <= :d",
        {"d": d},
    ).fetchone()
    for pid, name, joined, last_attended, last_back, last_until, away, lost, n in con.execute(
        f"""SELECT x.member_id, x.name, x.joined_on, x.last_attended, x.last_back,
  x.last_until, x.away, x.lost,
  (SELECT COUNT(*) FROM meeting_attendance a JOIN meeting m ON m.id = a.meeting_id
    WHERE a.person_id = x.member_id AND a.status = 'absent' AND m.status = 'held'
      AND m.voided_on IS NULL AND m.held_on <= :d
      AND (x.last_attended IS NULL OR m.held_on > x.last_attended)
      AND (x.last_back IS NULL OR m.held_on >= x.last_back)
      AND (x.last_until IS NULL OR m.held_on > x.last_until))
FROM (
  SELECT p.id AS member_id, p.name, p.joined_on,
    (SELECT MAX(m.held_on) FROM meeting_attendance a JOIN meeting m ON m.id = a.meeting_id
      WHERE a.person_id = p.id AND a.status = 'present' AND m.status = 'held'
        AND m.voided_on IS NULL AND m.held_on <= :d) AS last_attended,
    (SELECT MAX(w.back_on) FROM member_away w
      WHERE w.person_id = p.id AND w.voided_on IS NULL AND w.back_on <= :d) AS last_back,
    (SELECT MAX(w.until_on) FROM member_away w
      WHERE w.person_id = p.id AND w.voided_on IS NULL AND w.back_on IS NULL
        AND w.until_on < :d) AS last_until,
    EXISTS (SELECT 1 FROM member_away w WHERE w.person_id = p.id
      AND {away_on("w", ":d")}) AS away,
    EXISTS (SELECT 1 FROM member_lost l WHERE l.person_id = p.id
      AND {lost_on("l", ":d")}) AS lost
  FROM person p
  WHERE {IN_BRANCH} AND {STAGE_AT} IN ('full', 'probationary')
    AND p.id IN (SELECT person_id FROM meeting_attendance WHERE status = 'absent')
) x ORDER BY x.member_id""",
        {"d": d},
    ):
        if last_until is not None:
            last_until = (date.fromisoformat(last_until) + timedelta(days=1)).isoformat()
        back = max((b for b in (last_back, last_until) if b is not None), default=None)
        anchor = last_attended or max((x for x in (joined, first) if x is not None), default=None)
        if back is not None and (anchor is None or back > anchor):
            anchor = back
        if anchor is None or away or lost or not n:
            continue
        if as_of > period_end(date.fromisoformat(anchor), months=6):
            out.append(
                {
                    "kind": "absent_six_months",
                    "member_id": pid,
                    "name": name,
                    "detail": f"最近一次参加组织生活：{last_attended or '无'}，此后无故缺席 {n} 次",
                }
            )
    # the development pipeline's flagged steps (reports/pipeline.py)
    for pid, name, steps in pipeline(con, roster, reqs, as_of, years, partial):
        for code, due, flag in steps:
            if flag:
                out.append(
                    {
                        "kind": flag,
                        "member_id": pid,
                        "name": name,
                        "detail": f"{DEV_STEP[code]}期限 {due}",
                    }
                )
    # an unqualified member's handling undecided, or a 限期改正 ended, past its deadline
    for pid, name, year, action, code, graded, due, done, _, followed, known in unqualified(
        con, as_of
    ):
        if not (followed and known) or (done is not None and done <= d):
            continue
        if (code or action) is None:
            due = period_end(graded, months=3)
            kind, detail = (
                "evaluation_action_overdue",
                f"{year} 年度评议为不合格，处置应于 {{}} 前决定",
            )
        elif code == "correct":
            due = due or period_end(graded, months=12)
            kind, detail = (
                "evaluation_followup_overdue",
                f"{year} 年度评议不合格，限期改正至 {{}}，期满未记录结果",
            )
        else:
            continue
        if as_of > due:
            out.append({"kind": kind, "member_id": pid, "name": name, "detail": detail.format(due)})
    # transfer letters whose receipt is a month late (reports/letter.py, rules/transfer.py)
    for pid, name, left_on, org, letter, receipt in con.execute(
        """SELECT id, name, left_on, left_org, left_letter, letter_receipt_on FROM person
           WHERE left_reason = 'transferred_out' AND voided_on IS NULL AND returned_as IS NULL
             AND letter_valid_days IS NOT NULL AND left_on <= :d
             AND (letter_receipt_on IS NULL OR letter_receipt_on > :d)
           ORDER BY left_on, id""",
        {"d": d},
    ):
        if receipt is not None and receipt <= d:
            continue
        due = period_end(date.fromisoformat(left_on), months=1)
        if as_of < due + timedelta(days=1):
            continue
        number = f"（{letter}）" if letter else ""
        out.append(
            {
                "kind": "letter_receipt_overdue",
                "member_id": pid,
                "name": name,
                "detail": f"{left_on} 转出至{org}{number}，回执应于 {due} 前寄回，至今未收到",
            }
        )
    full = len(roster.in_branch(d, ("full",)))
    (on_committee,) = con.execute(
        f"""SELECT COUNT(*) FROM committee_role WHERE role IN {COMMITTEE_ROLES}
            AND from_on <= :d AND (to_on IS NULL OR to_on > :d)""",
        {"d": d},
    ).fetchone()
    if len(members) >= COMMITTEE_FROM and not on_committee:
        out.append(
            {
                "kind": "no_committee",
                "member_id": None,
                "name": None,
                "detail": f"有 {len(members)} 名党员，应设立支部委员会（支部条例）",
            }
        )
    if any(r[0] == "committee_election" for r in reqs):
        held = terms(con, as_of, years)
        if held:
            start, n, eid = held[-1]
            end = period_end(start, years=n)
            if as_of > end:
                since = f"{start} 选出" if eid is not None else f"自 {start} 起任职"
                out.append(
                    {
                        "kind": "term_expired",
                        "member_id": None,
                        "name": None,
                        "detail": f"支部委员会（{since}，任期 {n} 年）已于 {end} 届满，"
                        "未换届（dangwu committee elect）",
                    }
                )
    if members and full < MIN_FULL_MEMBERS:
        out.append(
            {
                "kind": "too_few_members",
                "member_id": None,
                "name": None,
                "detail": f"正式党员仅 {full} 名，不足3名（支部条例）",
            }
        )
    out += lost_findings(con, as_of)
    return out


def lost_findings(con, as_of):
    """reports/lost.py lost_findings."""
    d = as_of.isoformat()
    out = []
    for pid, name, since, reason in con.execute(
        f"""SELECT l.person_id, p.name, l.since, l.reason
            FROM member_lost l JOIN person p ON p.id = l.person_id
            WHERE {lost_on("l", ":d")} AND {IN_BRANCH}
              AND {STAGE_AT} IN ('full', 'probationary')
            ORDER BY l.person_id, l.since""",
        {"d": d},
    ):
        out.append(
            {
                "kind": "member_lost",
                "member_id": pid,
                "name": name,
                "detail": f"自 {since} 失联（{LOST_REASONS.get(reason, reason)}）",
                "since": since,
                "reason": reason,
            }
        )
    # rules/away.py contact_cutoff
    cutoff = period_end(as_of, months=-6) - timedelta(days=4)
    while as_of > period_end(cutoff, months=6):
        cutoff += timedelta(days=1)
    # the ledger's first record (a meeting held, a payment made) before the cutoff, and a
    # record since it: asked in the order that answers soonest, the first payment's day
    # only when a candidate needs it
    t = cutoff.isoformat()
    params = {"d": d, "t": t, "t1": (cutoff - timedelta(days=1)).isoformat()}
    (m,) = con.execute(
        "SELECT MIN(held_on) FROM meeting WHERE status = 'held' AND voided_on IS NULL"
    ).fetchone()
    if (m is None or m >= t) and not con.execute(
        "SELECT 1 FROM dues_payment WHERE kind != 'reversal' AND paid_on < :t LIMIT 1", params
    ).fetchone():
        return out
    if (
        not con.execute(
            """SELECT 1 FROM meeting m WHERE m.status = 'held'
           AND m.voided_on IS NULL AND m.held_on >= :t AND m.held_on <= :d LIMIT 1""",
            params,
        ).fetchone()
        and not con.execute(
            """SELECT 1 FROM dues_payment d WHERE d.kind != 'reversal'
           AND d.paid_on >= :t AND d.paid_on <= :d LIMIT 1""",
            params,
        ).fetchone()
    ):
        return out
    began = None
    # dangwu's CANDIDATES_SQL with a cheap first test: a payment since the cutoff for a
    # month since it (walks a few index entries per person) implies the full test
    params["tm"] = t[:7]
    found = con.execute(
        f"""SELECT p.id, p.name FROM person p
WHERE {IN_BRANCH}
  AND (p.joined_on IS NULL OR p.joined_on < :t)
  AND NOT EXISTS (SELECT 1 FROM dues_payment d WHERE d.person_id = p.id AND d.month >= :tm
                  AND d.kind != 'reversal' AND d.paid_on >= :t AND d.paid_on <= :d)
  AND {STAGE_AT} IN ('full', 'probationary')
  AND NOT EXISTS (SELECT 1 FROM dues_payment d WHERE d.person_id = p.id
                  AND d.kind != 'reversal' AND d.paid_on >= :t AND d.paid_on <= :d)
  AND NOT EXISTS (SELECT 1 FROM meeting_attendance a JOIN meeting m ON m.id = a.meeting_id
                  WHERE a.person_id = p.id AND a.status = 'present' AND m.status = 'held'
                    AND m.voided_on IS NULL AND m.held_on >= :t AND m.held_on <= :d)
  AND NOT EXISTS (SELECT 1 FROM stage_event se WHERE se.person_id = p.id
                  AND se.stage = 'probationary' AND se.on_date >= :t AND se.on_date <= :d)
  AND NOT EXISTS (SELECT 1 FROM member_away w WHERE w.person_id = p.id
                  AND w.voided_on IS NULL AND w.from_on <= :d
                  AND ((w.back_on IS NULL AND (w.until_on IS NULL OR w.until_on >= :t1))
                       OR (w.back_on >= :t AND w.back_on <= :d)))
  AND NOT EXISTS (SELECT 1 FROM away_report r WHERE r.person_id = p.id
                  AND r.voided_on IS NULL AND r.on_date >= :t AND r.on_date <= :d)
  AND NOT EXISTS (SELECT 1 FROM member_lost l WHERE l.person_id = p.id
                  AND {lost_on("l", ":d")})
ORDER BY p.id""",
        params,
    ).fetchall()
    for i in range(0, len(found), 500):
        part = found[i : i + 500]
        last = {
            r[0]: r
            for r in con.execute(
                f"""SELECT p.id, p.joined_on, {ADMITTED_ON},
  (SELECT MAX(m.held_on) FROM meeting_attendance a JOIN meeting m ON m.id = a.meeting_id
    WHERE a.person_id = p.id AND a.status = 'present' AND m.status = 'held'
      AND m.voided_on IS NULL AND m.held_on <= :d),
  (SELECT MAX(d.paid_on) FROM dues_payment d WHERE d.person_id = p.id
    AND d.kind != 'reversal' AND d.paid_on <= :d)
FROM person p WHERE p.id IN ({",".join(str(int(r[0])) for r in part)})""",
                {"d": d},
            )
        }
        if began is None:
            (p,) = con.execute(
                "SELECT MIN(paid_on) FROM dues_payment WHERE kind != 'reversal'"
            ).fetchone()
            began = min(x for x in (m, p) if x is not None)
        for pid, name in part:
            _, joined, admitted, attended, paid = last[pid]
            seen = [
                (day, key)
                for day, key in (
                    (attended, "attended"),
                    (paid, "paid"),
                    (joined, "joined_on"),
                    (admitted, "admitted_on"),
                )
                if day is not None
            ]
            day, how = max(seen) if seen else (began, "ledger")
            if day < began:
                day, how = began, "ledger"
            how = how.removesuffix("_on")
            out.append(
                {
                    "kind": "lost_candidate",
                    "member_id": pid,
                    "name": name,
                    "detail": f"最近一次联系：{day}（{CONTACT[how]}）",
                    "last_contact": day,
                }
            )
    return out


# ---- development (reports/pipeline.py, rules/development.py, store/dev_history.py)

# i18n.py LABELS["dev_step"] (zh), of the steps that show in a report
DEV_STEP = {
    "talk": "谈话",
    "candidate": "列为发展对象",
    "activist_review": "积极分子考察",
    "convert": "转正",
    "report": "决议报上级党委",
    "approve": "上级党委审批",
}
DEVELOPMENT_CODES = (  # reports/obligations.py
    "thought_report",
    "probation_review",
    "activist_review",
    "activist_thought_report",
)
HISTORY = {  # store/dev_history.py: the event kinds that set a day of the history
    "apply": "applied",
    "activist": "activist",
    "admit": "admitted",
    "approve_admission": "admission_approved",
    "convert": "converted",
    "approve_conversion": "conversion_approved",
}


def step(as_of, code, due, flag):
    """A dated step of rules/development.py next_steps: flagged once overdue."""
    return (code, due, as_of > due, flag if as_of > due else None)


def pipeline(con, roster, reqs, as_of, years, partial):
    """Everybody in development on `as_of` with the steps of theirs that a report shows:
    [(id, name, [(code, due, flag)])], in id order, each person's steps in `next_steps`
    order. Only dated steps show (a checklist task; a finding when flagged), and of the
    periodic records only an activist review missed (the others are the obligations
    engine's, counted in the items and the meeting tasks), so the rest is not computed."""
    d = as_of.isoformat()
    tracked = {
        pid
        for (pid,) in con.execute(
            "SELECT DISTINCT person_id FROM dev_event WHERE voided_on IS NULL"
        )
    }
    people = roster.in_branch(d, PIPELINE) + (
        [pid for pid in roster.in_branch(d, ("full",)) if pid in tracked] if tracked else []
    )
    if not people:
        return []
    people.sort()
    wanted = set(people)
    history = {}
    for pid, kind, on, months in con.execute(
        """SELECT person_id, kind, on_date, months FROM dev_event
           WHERE on_date <= :d AND voided_on IS NULL ORDER BY person_id, on_date, id""",
        {"d": d},
    ):
        if pid in wanted:
            h = history.setdefault(pid, {"logs": {}})
            if kind in HISTORY:
                h[HISTORY[kind]] = on
            elif kind == "extend":
                h["extension"] = int(months or 0)
            else:
                h["logs"].setdefault(kind, []).append(on)
            if kind in ("apply", "activist", "candidate", "admit"):
                h["tracked"] = True
    # the activist reviews missed in the half before this one (obligations.calendar_steps)
    missed = {}
    review = next((r for r in reqs if r[0] == "activist_review"), None)
    if review is not None:
        current = period_of(review[2], as_of)
        prev = period_of(review[2], current[0] - timedelta(days=1))
        after = period_of(review[2], current[1] + timedelta(days=1))
        span = (prev[0], after[1], "")
        dates = collect(con, [review], span, as_of)
        for scope, subs in owed_subs(con, roster, review, span, [], years, partial):
            pid = int(scope[7:])
            if pid in wanted and prev in subs:
                s, e = prev[0].isoformat(), prev[1].isoformat()
                n = sum(s <= x <= e for x in dates.get(("activist_review", scope), ()))
                if n < review[3]:
                    missed[pid] = prev[1]
    who = names(con, people)
    out = []
    for pid in people:
        stage = roster.stage_on(d, pid)
        h = history.get(pid, {"logs": {}})
        admitted = h.get("admitted") if h.get("tracked") else roster.admitted.get(pid)
        steps = []

        if stage == "applicant" and h.get("applied"):
            if not h["logs"].get("talk"):
                steps.append(
                    step(
                        as_of,
                        "talk",
                        period_end(date.fromisoformat(h["applied"]), months=1),
                        "talk_overdue",
                    )
                )
        elif stage == "activist" and h.get("activist"):
            if pid in missed:
                steps.append(step(as_of, "activist_review", missed[pid], "activist_review_overdue"))
            steps.append(
                (
                    "candidate",
                    period_end(date.fromisoformat(h["activist"]), months=12) + timedelta(days=1),
                    False,
                    None,
                )
            )
        elif stage in ("probationary", "full"):
            # rules/development.py pending_approval
            meeting = None
            if h.get("converted") and not h.get("conversion_approved"):
                meeting = h["converted"]
            elif h.get("tracked") and admitted and not h.get("admission_approved"):
                meeting = admitted
            if meeting is not None:
                due = period_end(date.fromisoformat(meeting), months=3)
                if not [x for x in h["logs"].get("resolution_sent", ()) if x >= meeting]:
                    steps.append(step(as_of, "report", due, "report_overdue"))
                steps.append(step(as_of, "approve", due, "approval_overdue"))
            if stage == "probationary" and admitted:
                end = period_end(date.fromisoformat(admitted), months=12)
                if h.get("extension"):
                    end = period_end(end, months=h["extension"])
                steps.append(step(as_of, "convert", end, "probation_expired"))
        steps.sort(key=lambda s: (s[3] is None, not s[2], s[1]))
        if steps:
            out.append((pid, who[pid], [(c, due.isoformat(), f) for c, due, _, f in steps]))
    return out


# ---- the follow-up of members graded unqualified (reports/evaluation.py, rules/evaluation.py)

# i18n.py LABELS and ALIASES["evaluation_action"]: what a stored handling may read as
ACTIONS = ("correct", "persuade", "remove")
ACTION_LABELS = {
    "correct": ("限期改正", "correct within a time limit"),
    "persuade": ("劝退", "persuade to withdraw"),
    "remove": ("除名", "remove"),
}
ACTION_ALIASES = {"限期整改": "correct", "劝其退党": "persuade", "予以除名": "remove"}


def action_code(text):
    """reports/evaluation.py action_code (i18n.py parse_code)."""
    if text is None:
        return None
    text = text.strip()
    lowered = text.lower().replace(" ", "_").replace("-", "_")
    if lowered in ACTIONS:
        return lowered
    for code, (zh, en) in ACTION_LABELS.items():
        if text == zh or text.lower() == en.lower():
            return code
    return ACTION_ALIASES.get(text) or ACTION_ALIASES.get(lowered)


def unqualified(con, as_of):
    """Each result graded unqualified, by year and member: (id, name, year, the handling as
    stored, its code, graded on, the correction's end, its outcome's day, the person voided
    on, still followed up on `as_of`, known by then)."""
    d = as_of.isoformat()
    out = []
    for pid, name, year, action, meeting_on, decided, due, done, left, voided in con.execute(
        """SELECT e.person_id, p.name, e.year, e.action, m.held_on, e.decided_on,
                  e.action_due, e.action_done_on, p.left_on, p.voided_on
           FROM evaluation e JOIN person p ON p.id = e.person_id
           LEFT JOIN meeting m ON m.id = e.meeting_id
           WHERE e.voided_on IS NULL AND e.grade = 'unqualified'
           ORDER BY e.year, e.person_id"""
    ):
        graded = date.fromisoformat(decided or meeting_on or f"{int(year):04d}-12-31")
        day = decided or meeting_on
        out.append(
            (
                pid,
                name,
                year,
                action,
                action_code(action),
                graded,
                date.fromisoformat(due) if due else None,
                done,
                voided,
                voided is None and (left is None or left > d),
                day is None or day <= d,
            )
        )
    return out


def parse_args(argv):
    if not argv or argv[0].startswith("-"):
        refuse("usage: report_compliance.py DB [--period P] [--as-of YYYY-MM-DD]")
    db, opts = argv[0], dict(zip(argv[1::2], argv[2::2], strict=False))
    if len(argv) % 2 == 0 or set(opts) - {"--period", "--as-of"}:
        refuse("usage: report_compliance.py DB [--period P] [--as-of YYYY-MM-DD]")
    as_of = date.fromisoformat(opts["--as-of"]) if "--as-of" in opts else date.today()
    text = opts.get("--period", "").strip().upper()
    if not text:
        period = period_of("quarter", as_of)
    elif len(text) == 4 and text.isdigit():
        period = period_of("year", date(int(text), 1, 1))
    elif len(text) == 6 and text[:4].isdigit() and text[4:] in ("H1", "H2", "Q1", "Q2", "Q3", "Q4"):
        period = of_code(text)
    elif len(text) == 7 and text[4] == "-" and text[:4].isdigit() and text[5:].isdigit():
        period = of_code(text)
    else:
        refuse(f"a period other than 2026, 2026H1, 2026Q3 or 2026-11: {text!r}")
    return db, period, as_of


def main():
    if (os.environ.get("DANGWU_LANG") or "zh").strip().lower() != "zh":
        refuse("DANGWU_LANG other than zh")
    db, span, as_of = parse_args(sys.argv[1:])
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    con.execute("BEGIN")  # one read snapshot, as dangwu reads
    reqs, deadline_day, years, partial, away_quarterly = profile(con)
    roster = Roster(con)
    its = items(con, roster, reqs, span, as_of, years, partial)
    found = findings(con, roster, reqs, as_of, deadline_day, years, partial, away_quarterly)
    doc = {
        "period": {"code": span[2], "start": span[0].isoformat(), "end": span[1].isoformat()},
        "as_of": as_of.isoformat(),
        "items": its,
        "findings": found,
        "ok": not found and all(i["status"] != "short" for i in its),
    }
    sys.stdout.write(json.dumps(doc, ensure_ascii=False))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
