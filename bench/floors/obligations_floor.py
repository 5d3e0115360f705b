"""What the compliance and checklist floors share: the rule profile as dangwu ships it,
the obligations engine's periods and scopes, and the roster on a day, restated from
dangwu's source in plain sqlite3 (bench/floors/report_compliance.py, report_checklist.py).
Not dangwu code: a floor may not import dangwu."""

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
