"""Floor for `dangwu --db DB report checklist --quarter Q --as-of D -f json` (issue 22).

    python bench/floors/report_checklist.py DB --quarter 2026Q4 --as-of 2026-11-25

Prints the same JSON document (parsed-equal) from plain Python and the standard library's
sqlite3, with no dangwu import: every task due in the quarter as src/dangwu/reports/
checklist.py lists it, overdue first. The rules are dangwu's, read from its source and
restated here; the constants copied name their source. Aggregates are asked of SQLite (one
grouped pass over the payments, one over each kind of record); Python walks the members
once per day it needs.

Computed: the obligations engine's sub-periods ending in the quarter (src/dangwu/reports/
obligations.py), under the rule profile with its stored overrides (frequency, minimum,
on/off, the dues deadline day, the term of office, `partial_periods`,
`away_quarterly_dues`): meetings per branch and per party group, the hand-over and the dues
statement with the day each was done, talks, thought reports, reviews and reports of
members away per person; the committee's election from six months before its term ends;
the dues to collect month by month, the arrears by name and the members without a base;
the development pipeline's dated steps (a talk with an applicant, an activist's candidacy,
a conversion, a resolution's report and approval); each member's democratic evaluation in
the fourth quarter and the follow-up of unqualified members.

Refused (exit 2, one line on stderr naming the feature), never printed wrong:
  - DANGWU_LANG other than zh (the English texts are not restated);
  - a stored `every` on committee_election (counted per term; `rules set` does not store one);
  - a requirement stored with minimum 0 and no record in a sub-period (dangwu indexes an
    empty list there; `rules set` refuses --min 0).
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
MEMBER_STAGES = ("full", "probationary")  # store/roster_index.py
PIPELINE = ("applicant", "activist", "candidate", "probationary")  # rules/development.py
COMMITTEE_ROLES = "('organization', 'propaganda', 'discipline', 'youth')"  # rules/meetings.py
DEADLINE_DAY, TERM_YEARS = 20, 3  # rules/dues.py, rules/terms.py
KIND_MONTHS = {"month": 1, "quarter": 3, "half": 6, "year": 12}

# store/queries.py
STAGE_AT = """(SELECT se.stage FROM stage_event se WHERE se.person_id = p.id
    AND (se.on_date IS NULL OR se.on_date <= :d) ORDER BY se.id DESC LIMIT 1)"""
IN_BRANCH = """(p.joined_on IS NULL OR p.joined_on <= :d) AND (p.left_on IS NULL OR p.left_on > :d)
    AND p.voided_on IS NULL"""


def away_on(a, d):
    return (
        f"{a}.voided_on IS NULL AND {a}.from_on <= {d} AND ({a}.back_on IS NULL OR"
        f" {a}.back_on > {d}) AND ({a}.until_on IS NULL OR {a}.until_on >= {d})"
    )


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


# ---- the report (reports/checklist.py)

QUARTERS = "一二三四"


def period_label(code):
    """i18n.py period_label (zh)."""
    if len(code) == 7 and code[4] == "-":
        return f"{code[:4]}年{int(code[5:])}月"
    if len(code) == 6 and code[4] == "Q":
        return f"{code[:4]}年第{QUARTERS[int(code[5]) - 1]}季度"
    if len(code) == 6 and code[4] == "H":
        return f"{code[:4]}年{'上' if code[5] == '1' else '下'}半年"
    if len(code) == 4:
        return f"{code}年"
    if len(code) == 22 and code[10:12] == "..":
        return f"{code[:10]}至{code[12:]}一届"
    return code


def task(category, code, title, due, done_on, member_id=None, done=None):
    return {
        "category": category,
        "code": code,
        "title": title,
        "due": due,
        "done": done if done is not None else done_on is not None,
        "done_on": done_on,
        "member_id": member_id,
    }


def met_day(found, least):
    """Obligation.met_day: the `least`-th record's day, None while fewer."""
    if len(found) < least:
        return None
    if least == 0 and not found:
        refuse("a requirement set to minimum 0 with no record (dangwu indexes an empty list)")
    return found[least - 1]


def checklist(con, roster, reqs, quarter, as_of, deadline_day, years, partial, away_quarterly):
    d = as_of.isoformat()
    qs, qe = quarter[0], quarter[1]
    tasks, personal = [], []
    dates = collect(con, reqs, quarter, as_of)
    committee = list(
        con.execute(f"SELECT from_on, to_on FROM committee_role WHERE role IN {COMMITTEE_ROLES}")
    )
    for req in reqs:
        code, least, every = req[0], req[3], req[2]
        if code == "committee_election":
            continue  # its own tasks below
        for scope, subs in owed_subs(con, roster, req, quarter, committee, years, partial):
            found_all = dates.get((code, scope))
            for start, end, pcode in subs:
                if not qs <= end <= qe:
                    continue
                s, e = start.isoformat(), end.isoformat()
                found = sorted(x for x in found_all if s <= x <= e) if found_all else []
                if scope.startswith("member:"):
                    personal.append((int(scope[7:]), code, pcode, e, met_day(found, least)))
                elif code == "dues_remit":
                    done_on = None
                    if len(found) >= least:
                        (done_on,) = con.execute(
                            """SELECT MIN(on_date) FROM dues_remit
                               WHERE start <= :e AND "end" >= :s AND on_date <= :d
                                 AND voided_on IS NULL""",
                            {"s": s, "e": e, "d": d},
                        ).fetchone()
                    tasks.append(task("remit", code, f"上缴{period_label(pcode)}党费", e, done_on))
                elif code == "dues_statement":
                    year = start.year
                    what = f"{year}年" if every == "year" else period_label(pcode)
                    done_on = None
                    if len(found) >= least:
                        row = con.execute(
                            "SELECT published_on FROM dues_statement WHERE year = :y"
                            " AND published_on <= :d AND voided_on IS NULL",
                            {"y": year, "d": d},
                        ).fetchone()
                        done_on = row[0] if row else None
                    tasks.append(task("dues", code, f"公布{what}党费收缴情况", e, done_on))
                else:
                    where = f"{scope[6:]} " if scope.startswith("group:") else ""
                    tasks.append(
                        task(
                            "meeting",
                            code,
                            f"{where}{LABELS[code]} {period_label(pcode)}",
                            e,
                            met_day(found, least),
                        )
                    )
    personal.sort(key=lambda o: (o[0], o[1]))
    everyone = names(con, {o[0] for o in personal})
    for pid, code, pcode, e, done_on in personal:
        tasks.append(
            task(
                {"talk": "talk", "leader_lecture": "meeting"}.get(code, "development"),
                code,
                f"{everyone.get(pid, pid)} {LABELS[code]} {period_label(pcode)}",
                e,
                done_on,
                pid,
            )
        )
    if any(r[0] == "committee_election" for r in reqs):
        held = terms(con, as_of, years)
        for i, (start, n, _) in enumerate(held):
            done_on = held[i + 1][0] if i + 1 < len(held) else None
            end = period_end(start, years=n)
            if qs < period_end(end, months=-6) or (done_on is not None and done_on < qs):
                continue
            tasks.append(
                task(
                    "committee",
                    "committee_election",
                    f"支部委员会换届选举（{period_label(f'{start}..{end}')}）",
                    end.isoformat(),
                    done_on.isoformat() if done_on else None,
                )
            )
    tasks += dues_tasks(con, roster, quarter, as_of, deadline_day, away_quarterly)
    # the development pipeline's dated steps due by the quarter's end (carried over while
    # open); its periodic records are the obligations above
    end = qe.isoformat()
    for pid, name, steps in pipeline(con, roster, reqs, as_of, years, partial):
        for code, due, _ in steps:
            if code not in DEVELOPMENT_CODES and due <= end:
                tasks.append(task("development", code, f"{name} {DEV_STEP[code]}", due, None, pid))
    if qe.month == 12 and any(r[0] == "evaluation" for r in reqs):
        year = qe.year
        day = (min(qe, as_of) if as_of >= date(year, 1, 1) else qe).isoformat()
        ids = roster.staying(day, MEMBER_STAGES, day)
        done = {
            pid
            for (pid,) in con.execute(
                "SELECT person_id FROM evaluation WHERE year = :y AND voided_on IS NULL",
                {"y": year},
            )
        }
        who = names(con, ids)
        end = qe.isoformat()
        tasks += [
            task(
                "evaluation",
                "evaluation",
                f"{who.get(pid)} {year} 年度民主评议结果",
                end,
                None,
                pid,
                done=pid in done,
            )
            for pid in ids
        ]
    # the follow-up of unqualified members: the handling to decide, the 限期改正 to close
    # (reports/evaluation.py tasks)
    for pid, name, year, action, code, graded, due, done_on, voided, followed, known in unqualified(
        con, as_of
    ):
        if voided is not None or not known:
            continue
        owed = [
            (
                "evaluation_action",
                period_end(graded, months=3),
                action is not None,
                None,
                f"{name} {year} 年度评议不合格：决定处置（限期改正、劝退或除名）",
            )
        ]
        if code == "correct":
            due = due or period_end(graded, months=12)
            done_on = done_on if done_on is not None and done_on <= d else None
            owed.append(
                (
                    "evaluation_followup",
                    due,
                    done_on is not None,
                    done_on,
                    f"{name} 限期改正至 {due}：期满记录结果",
                )
            )
        for tcode, due, done, done_on, title in owed:
            if not done and not followed:
                continue  # left the branch: nothing more to follow up here
            if qs <= due <= qe or (due < qs and not done):
                tasks.append(
                    task("evaluation", tcode, title, due.isoformat(), done_on, pid, done=done)
                )
    tasks.sort(
        key=lambda t: (
            not (
                not t["done"]
                and t["due"] < d
                and not (t["category"] == "development" and t["code"] == "candidate")
            ),
            t["done"],
            t["due"],
            t["category"],
            t["member_id"] or 0,
        )
    )
    return {"quarter": quarter[2], "as_of": d, "tasks": tasks}


def dues_tasks(con, roster, quarter, as_of, day, away_quarterly):
    d = as_of.isoformat()
    months = sub_periods(quarter[0], quarter[1], "month")
    last = min(months[-1][2], last_owed_month(as_of, day).isoformat()[:7])
    schedules = schedules_of(con)
    owed = owed_by_member(con, roster, as_of, last, schedules, away_quarterly, day)
    owed_months = {m for found, _ in owed.values() for m in found}
    first_month = roster.first_month
    out = []
    for start, _, code in months:
        if first_month is None or code < first_month:
            continue
        due = start.replace(day=day)
        nobody = code not in owed_months and as_of > due
        done_on = None
        if nobody:
            (done_on,) = con.execute(
                """SELECT MAX(paid_on) FROM dues_payment
                   WHERE month = :m AND kind = 'regular' AND paid_on <= :d""",
                {"m": code, "d": d},
            ).fetchone()
        out.append(
            task(
                "dues",
                "dues_month",
                f"收缴{period_label(code)}党费",
                due.isoformat(),
                done_on,
                done=nobody,
            )
        )
    who = names(con, owed)
    for pid in sorted(owed):
        found = owed[pid][0]
        runs, start, prev = [], None, None
        for m in found:  # the months as runs: 2026-01..2026-03, 2026-05
            if start is not None and next_month(prev) == m:
                prev = m
                continue
            if start is not None:
                runs.append(start if start == prev else f"{start}..{prev}")
            start = prev = m
        runs.append(start if start == prev else f"{start}..{prev}")
        span = ", ".join(runs)
        out.append(
            task(
                "dues",
                "dues_month",
                f"{who.get(pid)} 补交党费 {span}",
                f"{found[0]}-{day:02d}",
                None,
                pid,
            )
        )
    without = [pid for pid in roster.in_branch(d, MEMBER_STAGES) if pid not in schedules]
    who = names(con, without)
    due = quarter[0].replace(day=day).isoformat()
    for pid in without:
        out.append(
            task(
                "dues",
                "dues_base",
                f"为 {who[pid]} 设定党费缴费基数（dangwu dues base）",
                due,
                None,
                pid,
            )
        )
    return out


def parse_args(argv):
    usage = "usage: report_checklist.py DB [--quarter 2026Q4] [--as-of YYYY-MM-DD]"
    if not argv or argv[0].startswith("-"):
        refuse(usage)
    db, opts = argv[0], dict(zip(argv[1::2], argv[2::2], strict=False))
    if len(argv) % 2 == 0 or set(opts) - {"--quarter", "--as-of"}:
        refuse(usage)
    as_of = date.fromisoformat(opts["--as-of"]) if "--as-of" in opts else date.today()
    text = opts.get("--quarter", "").strip().upper()
    if not text:
        quarter = period_of("quarter", as_of)
    elif len(text) == 6 and text[:4].isdigit() and text[4:] in ("Q1", "Q2", "Q3", "Q4"):
        quarter = of_code(text)
    else:
        refuse(f"a quarter other than 2026Q4: {text!r}")
    return db, quarter, as_of


def main():
    if (os.environ.get("DANGWU_LANG") or "zh").strip().lower() != "zh":
        refuse("DANGWU_LANG other than zh")
    db, quarter, as_of = parse_args(sys.argv[1:])
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    con.execute("BEGIN")  # one read snapshot, as dangwu reads
    reqs, deadline_day, years, partial, away_quarterly = profile(con)
    roster = Roster(con)
    doc = checklist(con, roster, reqs, quarter, as_of, deadline_day, years, partial, away_quarterly)
    sys.stdout.write(json.dumps(doc, ensure_ascii=False))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
