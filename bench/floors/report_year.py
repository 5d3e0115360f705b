"""Floor for `dangwu report year` (issue 22): the year-end report as JSON, computed by plain
Python and the standard library's sqlite3, with no dangwu import.

    python bench/floors/report_year.py DB YEAR [--as-of YYYY-MM-DD]

prints what `dangwu --db DB report year YEAR --as-of DAY -f json` prints (equal once parsed):
membership on the day (stages, sex, ethnicity, education, age bands on 31 December, groups,
committee), the year's changes, the meeting requirements of the rule profile (every
requirement, branch, group, per member and per committee term, over the stored profile's
frequencies, minimums and switches, partial sub-periods included), attendance by type and the
members below 60 %, the dues statement's totals, months and arrears, development counts, the
democratic evaluation (grades, shares, the excellent cap, unqualified members and their
follow-up), the findings (requirements short, dues overdue / lapse risk / no base, six months
absent, evaluation follow-up overdue, transfer receipts overdue, no committee, term expired,
too few full members, members lost and possibly lost) and the members away and lost.
Language: $DANGWU_LANG (zh, the default, or en), as dangwu.

What it refuses (exit 2, one line on stderr naming the feature), rather than print a wrong
answer:
- the development pipeline: anyone in development (applicant, activist, candidate), on
  probation, or a full member with development records, in the branch on the findings' day
  (dangwu's reports/pipeline.py and rules/development.py decide their steps and flags);
- the rule option `away_quarterly_dues` switched on while members away are recorded;
- a ledger on a PostgreSQL server, or a file that is not a dangwu SQLite ledger.

How: `person` and `stage_event` are read once (a day's roster answered in Python, the few
histories still moving that day by SQL); the payments are read in one grouped pass per day
asked about (each member's paid months, smallest payment, whether one was paid since the
contact cutoff), the year's takings as one indexed sum per month and kind; everything else
is a grouped or filtered query. Every rule is copied from the dangwu source named beside it
(src/dangwu/...); dates are compared as ISO text, as SQLite compares them.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from bisect import bisect_left, bisect_right
from collections import Counter
from datetime import date, timedelta

LANG = (os.environ.get("DANGWU_LANG") or "zh").strip().lower()  # cli/tree.py: zh unless en
ZH = LANG != "en"


def tr(zh: str, en: str) -> str:
    return zh if ZH else en


try:  # json.dumps(ensure_ascii=False)'s C encoder, without importing json (and re)
    from _json import encode_basestring, make_encoder

    _encode = make_encoder(None, None, encode_basestring, None, ": ", ", ", False, False, True)

    def dumps(doc: object) -> str:
        return "".join(_encode(doc, 0))

except ImportError:  # an interpreter without the C accelerator
    from json import dumps as _dumps

    def dumps(doc: object) -> str:
        return _dumps(doc, ensure_ascii=False)


class Refuse(Exception):
    """A feature of the ledger this floor does not compute."""


# --------------------------------------------------------------------------- constants
# rules/profile.py REQUIREMENTS: (code, counts, every, min, scope, stages, enabled)
TERM = "term"
COMMITTEE_STAGE = "committee"
AWAY_STAGE = "away"
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
    ("leader_lecture", "lecture_speaker", "year", 1, "member", (COMMITTEE_STAGE,), False),
    ("committee_election", "election", TERM, 1, "branch", (), True),
    ("away_report", "away_report", "quarter", 1, "member", (AWAY_STAGE,), True),
)
# reports/compliance.py REQ_LABELS
REQ_LABELS = {
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
MEMBER_STAGES = ("full", "probationary")  # store/roster_index.py
PIPELINE = ("applicant", "activist", "candidate", "probationary")  # rules/development.py
COMMITTEE_MEMBER_ROLES = ("organization", "propaganda", "discipline", "youth")  # rules/meetings
COMMITTEE_FROM = 7  # rules/meetings.py
MIN_FULL_MEMBERS = 3  # rules/meetings.py
ABSENCE_MONTHS = 6  # rules/meetings.py
DEFAULT_DEADLINE_DAY = 20  # rules/dues.py
OVERDUE_MONTHS, LAPSE_MONTHS = 3, 6  # rules/dues.py
DEFAULT_TERM_YEARS = 3  # rules/terms.py
LOST_MONTHS = 6  # rules/away.py
DECIDE_WITHIN_MONTHS, CORRECT_MONTHS = 3, 12  # rules/evaluation.py
GRADES = ("excellent", "qualified", "basic", "unqualified")  # rules/evaluation.py
# reports/year.py AGE_BANDS
AGE_BANDS = (
    (30, "≤30"),
    (35, "31–35"),
    (40, "36–40"),
    (45, "41–45"),
    (50, "46–50"),
    (55, "51–55"),
    (60, "56–60"),
    (70, "61–70"),
    (80, "71–80"),
)
LOW_ATTENDANCE = 0.6  # reports/year.py
# i18n.py LABELS / ALIASES, the few kinds used here
EVALUATION_ACTIONS = {
    "correct": ("限期改正", "correct within a time limit"),
    "persuade": ("劝退", "persuade to withdraw"),
    "remove": ("除名", "remove"),
}
EVALUATION_ALIASES = {"限期整改": "correct", "劝其退党": "persuade", "予以除名": "remove"}
LOST_REASONS = {
    "migrant_work": ("外出务工经商", "migrant work or business"),
    "restructuring": ("单位改制", "employer restructured"),
    "graduate_unknown": ("毕业去向不明", "graduated, whereabouts unknown"),
    "job_change": ("工作单位改变", "changed employer"),
    "abroad": ("出国（境）", "gone abroad"),
    "moved": ("居住地改变", "moved house"),
    "other": ("其他", "other"),
}
# reports/lost.py CONTACT
CONTACT = {
    "attended": ("参加会议", "attended a meeting"),
    "paid": ("交纳党费", "paid dues"),
    "joined": ("加入本支部", "joined the branch"),
    "admitted": ("入党", "admitted"),
    "ledger": ("本账本最早的记录", "the ledger's first record"),
}
QUARTER_WORDS = ("一", "二", "三", "四")  # i18n.py _QUARTERS


# --------------------------------------------------------------------------- calendar
# rules/periods.py: a period is (first day, last day, code), days as ISO text
MONTHS_IN = {"month": 1, "quarter": 3, "half": 6, "year": 12}


def last_day(y: int, m: int) -> int:
    return 31 if m == 12 else (date(y, m + 1, 1) - timedelta(days=1)).day


def period_of(kind: str, y: int, m: int) -> tuple[str, str, str]:
    n = MONTHS_IN[kind]
    first = (m - 1) // n * n + 1
    last = first + n - 1
    if kind == "month":
        code = f"{y:04d}-{m:02d}"
    elif kind == "quarter":
        code = f"{y:04d}Q{(first - 1) // 3 + 1}"
    elif kind == "half":
        code = f"{y:04d}H{1 if first == 1 else 2}"
    else:
        code = f"{y:04d}"
    return f"{y:04d}-{first:02d}-01", f"{y:04d}-{last:02d}-{last_day(y, last):02d}", code


def sub_periods(start: str, end: str, kind: str) -> list[tuple[str, str, str]]:
    """The periods of `kind` overlapping [start, end], in order (Period.sub_periods)."""
    y, m = int(start[:4]), int(start[5:7])
    out = []
    while True:
        p = period_of(kind, y, m)
        if p[0] > end:
            return out
        out.append(p)
        y, m = int(p[1][:4]), int(p[1][5:7]) + 1
        if m > 12:
            y, m = y + 1, 1


def period_of_code(code: str) -> tuple[str, str, str]:
    y = int(code[:4])
    if len(code) == 4:
        return period_of("year", y, 1)
    if code[4] == "H":
        return period_of("half", y, 1 if code[5] == "1" else 7)
    if code[4] == "Q":
        return period_of("quarter", y, 3 * int(code[5]) - 2)
    return period_of("month", y, int(code[5:7]))


def period_end(day: date, *, years: int = 0, months: int = 0) -> date:
    """rules/periods.py period_end (民法典 art. 202)."""
    y, m = divmod(day.year * 12 + day.month - 1 + years * 12 + months, 12)
    return date(y, m + 1, min(day.day, last_day(y, m + 1)))


def holds_from(day: date, *, years: int = 0, months: int = 0) -> date:
    return period_end(day, years=years, months=months) + timedelta(days=1)


def full_years(born: date, on: date) -> int:
    n = on.year - born.year
    while n > 0 and holds_from(born, years=n) > on:
        n -= 1
    return max(n, 0)


def month_index(code: str) -> int:
    return int(code[:4]) * 12 + int(code[5:7]) - 1


def month_at(i: int) -> str:
    return f"{i // 12:04d}-{i % 12 + 1:02d}"


def period_label(code: str) -> str:
    """i18n.py period_label."""
    if len(code) == 7 and code[4] == "-":
        return tr(f"{code[:4]}年{int(code[5:])}月", code)
    if len(code) == 6 and code[4] == "Q":
        q = int(code[5])
        return tr(f"{code[:4]}年第{QUARTER_WORDS[q - 1]}季度", f"Q{q} {code[:4]}")
    if len(code) == 6 and code[4] == "H":
        return tr(f"{code[:4]}年{'上' if code[5] == '1' else '下'}半年", f"H{code[5]} {code[:4]}")
    if len(code) == 4:
        return tr(f"{code}年", code)
    if ".." in code:
        a, b = code.split("..")
        return tr(f"{a}至{b}一届", f"the term {a} to {b}")
    return code


def money(fen: int) -> str:
    """parse.py format_money."""
    sign = "-" if fen < 0 else ""
    fen = abs(fen)
    return f"{sign}{fen // 100}.{fen % 100:02d}"


def iso(d: date) -> str:
    return d.isoformat()


def day_of(text: str) -> date:
    return date.fromisoformat(text)


# --------------------------------------------------------------------------- the ledger
STAGE_AT = """(SELECT se.stage FROM stage_event se WHERE se.person_id = p.id
    AND (se.on_date IS NULL OR se.on_date <= :d) ORDER BY se.id DESC LIMIT 1)"""
IN_BRANCH = """(p.joined_on IS NULL OR p.joined_on <= :d) AND (p.left_on IS NULL OR p.left_on > :d)
    AND p.voided_on IS NULL"""
AWAY_ON = (
    "{a}.voided_on IS NULL AND {a}.from_on <= {d} AND ({a}.back_on IS NULL OR {a}.back_on > {d})"
    " AND ({a}.until_on IS NULL OR {a}.until_on >= {d})"
)
LOST_ON = (
    "{a}.voided_on IS NULL AND {a}.since <= {d} AND ({a}.found_on IS NULL OR {a}.found_on > {d})"
)


class Book:
    """The ledger read once: people, their stage histories, the profile; days answered here."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con
        q = con.execute
        # person → (name, joined_on, left_on), the people not voided, in id order; and the
        # fields the membership counts, of everyone
        self.people: dict[int, tuple[str, str | None, str | None]] = {}
        self.gender: dict[int, str] = {}
        self.ethnicity: dict[int, str | None] = {}
        self.education: dict[int, str | None] = {}
        self.birth: dict[int, str | None] = {}
        people, gender, ethnicity = self.people, self.gender, self.ethnicity
        education, birth = self.education, self.birth
        for pid, name, joined, left, voided, g, e, ed, born in q(
            "SELECT id, name, joined_on, left_on, voided_on, gender, ethnicity, education,"
            " birth_date FROM person ORDER BY id"
        ):
            if voided is None:
                people[pid] = (name, joined, left)
            gender[pid], ethnicity[pid], education[pid], birth[pid] = g, e, ed, born
        # per person: the stage of the last event (highest id), the latest date among the
        # events (from that day on the last event decides every day; before it the SQL does,
        # store/roster_index.py), the earliest dated probationary event (admitted)
        final: dict[int, str] = {}
        settled: dict[int, str] = {}
        admitted: dict[int, str] = {}
        for pid, stage, on in q("SELECT person_id, stage, on_date FROM stage_event ORDER BY id"):
            final[pid] = stage
            if on is not None:
                if on > settled.get(pid, ""):
                    settled[pid] = on
                if stage == "probationary" and on < admitted.get(pid, "9999"):
                    admitted[pid] = on
            elif pid not in settled:
                settled[pid] = ""
        self.final, self.settled, self.admitted = final, settled, admitted
        self.last_settled = max(self.settled.values(), default="")
        self._stages: dict[str, dict[int, str]] = {}
        self._branch: dict[str, list[int]] = {}
        self._by_stage: dict[tuple[str, tuple[str, ...]], list[int]] = {}
        self._ended: dict[tuple[str, ...], list[int]] = {}
        self.profile = {
            code: (every, mn, None if en is None else bool(en), value)
            for code, every, mn, en, value in q(
                "SELECT code, every, min, enabled, value FROM rule_setting"
            )
        }
        day = self.profile.get("dues_deadline_day", (None, None, None, None))[3]
        self.deadline_day = int(day) if day is not None else DEFAULT_DEADLINE_DAY
        self.reqs = []
        for code, counts, every, mn, scope, stages, enabled in REQUIREMENTS:
            row = self.profile.get(code)
            if row:
                every = row[0] if row[0] is not None else every
                mn = row[1] if row[1] is not None else mn
                enabled = row[2] if row[2] is not None else enabled
            if enabled:
                self.reqs.append((code, counts, every, mn, scope, stages))
        self._schedules: dict[int, list[tuple[str, int]]] | None = None
        self._dues_members: dict[str, list] = {}

    def option(self, code: str) -> bool:
        row = self.profile.get(code)
        return bool(row and row[2])  # every option is off by default (rules/profile.py)

    def stages_on(self, d: str) -> dict[int, str]:
        """person → their stage on `d` (the latest event in effect then)."""
        if d >= self.last_settled:
            return self.final  # every history has settled by then
        out = self._stages.get(d)
        if out is None:
            out = dict(self.final)
            unsettled = [pid for pid, settled in self.settled.items() if d < settled]
            for pid in unsettled:
                del out[pid]
            for i in range(0, len(unsettled), 500):
                marks = ",".join(map(str, unsettled[i : i + 500]))
                for pid, stage in self.con.execute(
                    f"SELECT p.id, {STAGE_AT} FROM person p WHERE p.id IN ({marks})", {"d": d}
                ):
                    if stage is not None:
                        out[pid] = stage
            self._stages[d] = out
        return out

    def in_branch(self, d: str, stages: tuple[str, ...] | None = None) -> list[int]:
        """The people in the branch on `d` (joined by then, not yet left), in id order; of
        those, given `stages`, the ones in one of them that day."""
        if stages is None:
            ids = self._branch.get(d)
            if ids is None:
                ids = self._branch[d] = [
                    pid
                    for pid, (_, joined, left) in self.people.items()
                    if (joined is None or joined <= d) and (left is None or left > d)
                ]
            return ids
        key = (d, stages)
        found = self._by_stage.get(key)
        if found is None:
            if d >= self.last_settled:
                # every stage is the last one entered: the people who ended in one of
                # `stages`, of them those in the branch that day (few, for a rare stage)
                ended = self._ended.get(stages)
                if ended is None:
                    final = self.final
                    ended = self._ended[stages] = [
                        pid for pid in self.people if final.get(pid) in stages
                    ]
                people = self.people
                found = [
                    pid
                    for pid in ended
                    if ((joined := people[pid][1]) is None or joined <= d)
                    and ((left := people[pid][2]) is None or left > d)
                ]
            else:
                on = self.stages_on(d)
                found = [pid for pid in self.in_branch(d) if on.get(pid) in stages]
            self._by_stage[key] = found
        return found

    def groups_on(self, d: str) -> dict[int, str]:
        return dict(
            self.con.execute(
                """SELECT gm.person_id, g.name FROM group_membership gm
                   JOIN party_group g ON g.id = gm.group_id
                   WHERE (gm.from_on IS NULL OR gm.from_on <= :d)
                     AND (gm.to_on IS NULL OR gm.to_on > :d) ORDER BY gm.id""",
                {"d": d},
            )
        )

    def schedules(self) -> dict[int, list[tuple[str, int]]]:
        """store/dues_queries.py base_schedules: person → [(from month, due)]."""
        if self._schedules is None:
            # read in table order (no index walk): a person's rows are put in month order
            # after, when there are several; of one month's rows the last entered wins
            out: dict[int, list[tuple[str, int]]] = {}
            several = set()
            for pid, month, due in self.con.execute(
                "SELECT person_id, from_month, due_fen FROM dues_base ORDER BY id"
            ):
                s = out.get(pid)
                if s is None:
                    out[pid] = [(month, due)]
                else:
                    s.append((month, due))
                    several.add(pid)
            for pid in several:
                latest = dict(out[pid])  # rows in id order: the last of each month stays
                out[pid] = sorted(latest.items())
            self._schedules = out
        return self._schedules

    def dues_members(self, d: str) -> list[tuple[int, str, str | None, str | None]]:
        found = self._dues_members.get(d)
        if found is None:
            found = self._dues_members[d] = dues_members(self, d)
        return found

    def scalar(self, sql: str, params: dict | None = None):
        row = self.con.execute(sql, params or {}).fetchone()
        return row[0] if row else None

    def rows(self, sql: str, params: dict | None = None) -> list[dict]:
        cur = self.con.execute(sql, params or {})
        names = [c[0] for c in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


# --------------------------------------------------------------------------- membership
def age_band(born: str | None, on: date) -> str:
    if born is None:
        return "unknown"
    age = full_years(day_of(born), on)
    for upper, name in AGE_BANDS:
        if age <= upper:
            return name
    return ">80"


def is_minority(e: str | None) -> bool | None:
    """rules/statistics.py is_minority."""
    if not e or not e.strip():
        return None
    return e.strip() not in ("汉", "汉族")


def membership(b: Book, day: str, ages_on: str) -> dict:
    """reports/year.py membership."""
    ids = b.in_branch(day, MEMBER_STAGES)
    genders = {"male": 0, "female": 0}
    genders.update(Counter(map(b.gender.__getitem__, ids)))
    eth = {"han": 0, "minority": 0}
    for e, n in Counter(map(b.ethnicity.__getitem__, ids)).items():
        m = is_minority(e)
        k = "unknown" if m is None else ("minority" if m else "han")
        eth[k] = eth.get(k, 0) + n
    educations: dict[str, int] = {}
    for e, n in Counter(map(b.education.__getitem__, ids)).items():
        k = e or "unknown"
        educations[k] = educations.get(k, 0) + n
    on = day_of(ages_on)
    bands = {name: 0 for _, name in AGE_BANDS}
    bands[">80"] = 0
    for born, n in Counter(map(b.birth.__getitem__, ids)).items():
        band = age_band(born, on)
        bands[band] = bands.get(band, 0) + n
    full = len(b.in_branch(day, ("full",)))
    groups = Counter(map(b.groups_on(day).get, ids))
    groups.pop(None, None)
    groups.pop("", None)
    order = dict(b.con.execute("SELECT name, id FROM party_group"))
    committee = b.rows(
        """SELECT c.role, p.name FROM committee_role c JOIN person p ON p.id = c.person_id
           WHERE c.from_on <= :d AND (c.to_on IS NULL OR c.to_on > :d) ORDER BY c.id""",
        {"d": day},
    )
    return {
        "on": day,
        "ages_on": ages_on,
        "total": len(ids),
        "full": full,
        "probationary": len(ids) - full,
        "by_gender": genders,
        "by_ethnicity": eth,
        "by_education": educations,
        "by_age_band": bands,
        "groups": [
            {"name": g, "members": n}
            for g, n in sorted(groups.items(), key=lambda kv: order.get(kv[0], 0))
        ],
        "committee": committee,
    }


# --------------------------------------------------------------------------- changes
# reports/year.py
ENTERED_HERE = """SELECT COUNT(*) FROM stage_event se JOIN person p ON p.id = se.person_id
  WHERE se.stage = :stage AND se.on_date BETWEEN :s AND :e
    AND (p.joined_on IS NULL OR p.joined_on <= se.on_date)
    AND (p.left_on IS NULL OR p.left_on > se.on_date) AND p.voided_on IS NULL"""


def changes(b: Book, s: str, e: str) -> dict:
    span = {"s": s, "e": e}
    left = dict(
        b.con.execute(
            """SELECT p.left_reason, COUNT(*) FROM person p
               WHERE p.left_on BETWEEN :s AND :e AND p.voided_on IS NULL
                 AND (SELECT se.stage FROM stage_event se WHERE se.person_id = p.id
                      AND (se.on_date IS NULL OR se.on_date <= p.left_on)
                      ORDER BY se.id DESC LIMIT 1) IN ('full', 'probationary')
               GROUP BY p.left_reason""",
            span,
        )
    )
    return {
        "admitted": b.scalar(ENTERED_HERE, {**span, "stage": "probationary"}),
        "converted": b.scalar(ENTERED_HERE, {**span, "stage": "full"}),
        "extended": b.scalar(
            """SELECT COUNT(*) FROM dev_event e JOIN person p ON p.id = e.person_id
               WHERE e.kind = 'extend' AND e.on_date BETWEEN :s AND :e
                 AND p.voided_on IS NULL AND e.voided_on IS NULL""",
            span,
        ),
        "transferred_in": b.scalar(
            """SELECT COUNT(*) FROM person p WHERE p.join_kind = 'transfer_in'
               AND p.joined_on BETWEEN :s AND :e AND p.voided_on IS NULL""",
            span,
        ),
        "transferred_out": left.get("transferred_out", 0),
        "deceased": left.get("deceased", 0),
        "left": left,
    }


# --------------------------------------------------------------------------- obligations
# reports/obligations.py and reports/compliance.py
def collect(b: Book, s: str, e: str, as_of: str) -> dict[tuple[str, str | int], list[str]]:
    """Qualifying records' days per (requirement, scope), made by `as_of` in the year; the
    scope of a per-member requirement is the person's id."""
    dates: dict[tuple[str, str], list[str]] = {}

    def add(key: tuple[str, str], d: str) -> None:
        found = dates.get(key)
        if found is None:
            dates[key] = [d]
        else:
            found.append(d)

    reqs = b.reqs
    if not reqs:
        return dates
    spans = [sub_periods(s, e, r[2]) for r in reqs if r[2] != TERM] or [[(s, e, "")]]
    lo = min(p[0][0] for p in spans)
    hi = min(max(p[-1][1] for p in spans), as_of)
    span = {"lo": lo, "hi": hi, "d": as_of}
    by_type: dict[str, list[str]] = {}
    for code, counts, *_ in reqs:
        if counts.startswith("meeting:"):
            by_type.setdefault(counts[8:], []).append(code)
    codes = {r[0] for r in reqs}
    if by_type:
        for kind, held, grp in b.con.execute(
            """SELECT m.type, m.held_on, g.name FROM meeting m
               LEFT JOIN party_group g ON g.id = m.group_id
               WHERE m.status = 'held' AND m.voided_on IS NULL AND m.held_on BETWEEN :lo AND :hi
                 AND (m.type NOT IN ('committee', 'general') OR m.quorum_met)""",
            span,
        ):
            for code in by_type.get(kind, ()):
                add((code, f"group:{grp}" if kind == "group" else "branch"), held)
    if "talk" in codes:
        for pid, with_id, on in b.con.execute(
            """SELECT person_id, with_id, on_date FROM talk
               WHERE on_date BETWEEN :lo AND :hi AND voided_on IS NULL""",
            span,
        ):
            for who in {pid, with_id}:
                add(("talk", who), on)
    if codes & {"thought_report", "probation_review", "activist_review", "activist_thought_report"}:
        for pid, kind, on in b.con.execute(
            """SELECT person_id, kind, on_date FROM dev_event
               WHERE kind IN ('thought_report', 'review') AND on_date BETWEEN :lo AND :hi
                 AND voided_on IS NULL""",
            span,
        ):
            pair = (
                ("thought_report", "activist_thought_report")
                if kind == "thought_report"
                else ("probation_review", "activist_review")
            )
            for code in pair:
                add((code, pid), on)
    every = {r[0]: r[2] for r in reqs}
    if "dues_remit" in codes:
        for start, end in b.con.execute(
            """SELECT start, "end" FROM dues_remit
               WHERE start <= :hi AND "end" >= :lo AND on_date <= :d AND voided_on IS NULL""",
            span,
        ):
            for sub in sub_periods(start, end, every["dues_remit"]):
                add(("dues_remit", "branch"), max(sub[0], start))
    if "committee_report" in codes:
        for (held,) in b.con.execute(
            """SELECT held_on FROM meeting
               WHERE type = 'general' AND work_report AND status = 'held'
                 AND voided_on IS NULL AND quorum_met AND held_on BETWEEN :lo AND :hi""",
            span,
        ):
            add(("committee_report", "branch"), held)
    if "higher_report" in codes:
        for (code,) in b.con.execute(
            "SELECT period FROM report_sent WHERE on_date <= :d AND voided_on IS NULL", span
        ):
            covered = period_of_code(str(code))
            for sub in sub_periods(covered[0], covered[1], every["higher_report"]):
                add(("higher_report", "branch"), max(sub[0], covered[0]))
    if "leader_lecture" in codes:
        for speaker, held in b.con.execute(
            """SELECT speaker_id, held_on FROM meeting
               WHERE type = 'lecture' AND speaker_id IS NOT NULL AND status = 'held'
                 AND voided_on IS NULL AND held_on BETWEEN :lo AND :hi""",
            span,
        ):
            add(("leader_lecture", speaker), held)
    if "committee_election" in codes:
        for (on,) in b.con.execute(
            "SELECT on_date FROM committee_election WHERE voided_on IS NULL AND on_date <= :d",
            span,
        ):
            add(("committee_election", "branch"), on)
    if "away_report" in codes:
        for pid, on in b.con.execute(
            """SELECT person_id, on_date FROM away_report
               WHERE voided_on IS NULL AND on_date BETWEEN :lo AND :hi""",
            span,
        ):
            add(("away_report", pid), on)
    if "dues_statement" in codes:
        for (y,) in b.con.execute(
            "SELECT year FROM dues_statement WHERE published_on <= :d AND voided_on IS NULL", span
        ):
            add(("dues_statement", "branch"), f"{int(y):04d}-12-31")
    return dates


def terms(b: Book, on: str) -> list[tuple[str, int, int | None]]:
    """store/term_queries.py terms: (elected on, years, election id), oldest first."""
    out = [
        (d, int(years), int(i))
        for i, d, years in b.con.execute(
            """SELECT id, on_date, years FROM committee_election WHERE voided_on IS NULL
               ORDER BY on_date, id"""
        )
        if d <= on
    ]
    if not out:
        first = b.scalar(
            """SELECT MIN(c.from_on) FROM committee_role c JOIN person p ON p.id = c.person_id
               WHERE c.from_on <= :d AND (c.to_on IS NULL OR c.to_on > :d)
                 AND p.voided_on IS NULL""",
            {"d": on},
        )
        if first is not None:
            value = b.profile.get("committee_election", (None, None, None, None))[3]
            out = [(first, int(value) if value else DEFAULT_TERM_YEARS, None)]
    return out


def term_end(start: str, years: int) -> str:
    return iso(period_end(day_of(start), years=years))


def first_member_day(b: Book) -> str | None:
    """reports/obligations.py first_member_day: the first day anyone was a member (full or
    probationary) in the branch, as ISO text ("" when undated); None when nobody ever was."""
    admitted, final = b.admitted, b.final
    since = [
        max(joined or "", admitted.get(pid) or "")
        for pid, (_, joined, _) in b.people.items()
        if pid in admitted or final.get(pid) in MEMBER_STAGES
    ]
    return min(since) if since else None


def people_in_stage(b: Book, d: str, stages: tuple[str, ...], until: str) -> list[int]:
    people = b.people
    return [
        pid for pid in b.in_branch(d, stages) if (left := people[pid][2]) is None or left > until
    ]


def owing(b: Book, req: tuple, p: tuple[str, str, str], partial: bool) -> list[int]:
    """Who owes a per-person requirement in sub-period `p` (owed_subs, owing_people)."""
    stages = req[5]
    if COMMITTEE_STAGE in stages:
        return [
            pid
            for (pid,) in b.con.execute(
                """SELECT DISTINCT c.person_id FROM committee_role c
                   JOIN person p ON p.id = c.person_id
                   WHERE c.from_on <= :s AND (c.to_on IS NULL OR c.to_on > :s)
                     AND (p.left_on IS NULL OR p.left_on > :e) AND p.voided_on IS NULL
                   ORDER BY c.person_id""",
                {"s": p[0], "e": p[1]},
            )
        ]
    if AWAY_STAGE in stages:
        return [
            pid
            for (pid,) in b.con.execute(
                f"""SELECT DISTINCT a.person_id FROM member_away a
                   JOIN person p ON p.id = a.person_id
                   WHERE {AWAY_ON.format(a="a", d=":s")}
                     AND (p.left_on IS NULL OR p.left_on > :e) AND p.voided_on IS NULL
                   ORDER BY a.person_id""",
                {"s": p[0], "e": p[1]},
            )
        ]
    first = people_in_stage(b, p[0], stages, p[1])
    if not partial:
        return first
    e = p[1]
    later = set(people_in_stage(b, e, stages, e))
    marks = ", ".join(f"'{s}'" for s in stages)
    for (pid,) in b.con.execute(
        f"""SELECT DISTINCT person_id FROM stage_event
            WHERE stage IN ({marks}) AND on_date >= :s AND on_date <= :e""",
        {"s": p[0], "e": e},
    ):
        person = b.people.get(pid)
        if (
            person is not None
            and (person[1] is None or person[1] <= e)
            and (person[2] is None or person[2] > e)
        ):
            later.add(pid)
    return sorted(set(first) | later)


def group_spans(b: Book, s: str, e: str) -> dict[str, list[tuple[str, str]]]:
    spans: dict[str, set[tuple[str, str]]] = {}
    for name, from_on, to_on, joined, left, _ in b.con.execute(
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
        {"s": s, "e": e},
    ):
        first = max(from_on or "", joined or "")
        after = min(to_on or "9999-12-31", left or "9999-12-31")
        spans.setdefault(name, set()).add((first, after))
    return {name: sorted(found) for name, found in spans.items()}


def tally(
    mn: int, subs: list[tuple[str, str, str]], dates: list[str], as_of: str
) -> tuple[int, str, list[str]]:
    done, gaps, still_open = 0, [], False
    for start, end, code in subs:
        n = sum(start <= d <= end for d in dates) if dates else 0
        done += min(n, mn)
        if n < mn:
            if as_of > end:
                gaps.append(code)
            else:
                still_open = True
    return done, "short" if gaps else ("pending" if still_open else "ok"), gaps


def req_label(code: str) -> str:
    return tr(*REQ_LABELS.get(code, (code, code)))


def items(b: Book, s: str, e: str, as_of: str) -> tuple[list[dict], list[dict]]:
    """The requirements' results (of the per-member ones only those short), and one line per
    per-member requirement (reports/compliance.py items, short_members_only)."""
    counts = collect(b, s, e, as_of)
    member_codes = {code for code, scope in counts if isinstance(scope, int)}
    committee = [
        (f, t)
        for f, t in b.con.execute(
            "SELECT from_on, to_on FROM committee_role WHERE role IN"
            " ('organization', 'propaganda', 'discipline', 'youth')"
        )
    ]
    partial = b.option("partial_periods")
    first_day = first_member_day(b)
    base_month = b.scalar("SELECT MIN(from_month) FROM dues_base")
    out: list[dict] = []
    lines: list[dict] = []
    spans_cache: dict[str, list[tuple[str, str]]] | None = None

    def item(code: str, scope: str, subs: list, mn: int) -> dict:
        done, status, gaps = tally(mn, subs, counts.get((code, scope), ()), as_of)
        return {
            "code": code,
            "label": req_label(code),
            "scope": scope,
            "required": mn * len(subs),
            "done": done,
            "status": status,
            "gaps": gaps,
        }

    for req in b.reqs:
        code, _, every, mn, scope, _ = req
        if every == TERM:
            owed = []
            for start, years, _ in terms(b, e):
                end = term_end(start, years)
                if s <= end <= e:
                    first = iso(day_of(start) + timedelta(days=1))
                    owed.append((first, end, f"{start}..{end}"))
            if owed:
                out.append(item(code, "branch", owed, mn))
            continue
        subs = sub_periods(s, e, every)
        if scope == "branch":
            if first_day is None:
                continue
            owed = [p for p in subs if p[1] >= first_day]
            if code in ("committee_meeting", "committee_report"):
                owed = [
                    p
                    for p in owed
                    if any(f <= p[1] and (t is None or t > p[0]) for f, t in committee)
                ]
            if code in ("dues_remit", "dues_statement"):
                owed = [] if base_month is None else [p for p in owed if p[1][:7] >= base_month]
            if owed:
                out.append(item(code, "branch", owed, mn))
        elif scope == "group":
            if spans_cache is None:
                spans_cache = group_spans(b, s, e)
            for name, spans in spans_cache.items():
                owed = [p for p in subs if any(f <= p[1] and a > p[0] for f, a in spans)]
                out.append(item(code, f"group:{name}", owed, mn))
        else:
            # person → the sub-periods they owe, in id order (owing() answers in id order)
            by_member: dict[int, tuple] = {}
            if len(subs) == 1:
                by_member = dict.fromkeys(owing(b, req, subs[0], partial), tuple(subs))
            else:
                for p in subs:
                    for pid in owing(b, req, p, partial):
                        by_member[pid] = (*by_member.get(pid, ()), p)
                by_member = dict(sorted(by_member.items()))
            required = done = short = 0
            states = set()
            # the people without a record share their result with all who owe the same
            # sub-periods: reckoned once per distinct set of them
            unrecorded: dict[tuple, tuple[int, str, list[str]]] = {}
            has_records = code in member_codes
            for pid, owed in by_member.items():
                dates = counts.get((code, pid)) if has_records else None
                if dates:
                    n, status, gaps = tally(mn, owed, dates, as_of)
                else:
                    found = unrecorded.get(owed)
                    if found is None:
                        found = unrecorded[owed] = tally(mn, owed, (), as_of)
                    n, status, gaps = found
                required += mn * len(owed)
                done += n
                states.add(status)
                if status == "short":
                    short += 1
                    out.append(
                        {
                            "code": code,
                            "label": req_label(code),
                            "scope": f"member:{pid}",
                            "required": mn * len(owed),
                            "done": n,
                            "status": status,
                            "gaps": list(gaps),
                        }
                    )
            lines.append(
                {
                    "code": code,
                    "label": req_label(code),
                    "scope": "members",
                    "required": required,
                    "done": done,
                    "status": next((x for x in ("short", "pending") if x in states), "ok"),
                    "gaps": [],
                    "members": len(by_member),
                    "members_short": short,
                }
            )
    return out, lines


# --------------------------------------------------------------------------- meetings
def meetings(b: Book, its: list[dict], lines: list[dict], s: str, e: str, as_of: str) -> dict:
    reqs = [i for i in its if not i["scope"].startswith("member:")] + lines
    by_type = [
        {"type": t, "held": held, "rate": round(present / expected, 3) if expected else None}
        for t, held, expected, present in b.con.execute(
            """SELECT type, COUNT(*), SUM(expected), SUM(present) FROM meeting
               WHERE status = 'held' AND voided_on IS NULL AND held_on BETWEEN :s AND :e
               GROUP BY type ORDER BY type""",
            {"s": s, "e": e},
        )
    ]
    low = [
        {"member_id": pid, "name": name, "rate": round(attended / n, 3)}
        for pid, name, n, attended in b.con.execute(
            """SELECT x.person_id, p.name, x.n_expected, x.attended FROM (
                 SELECT a.person_id,
                        SUM(CASE WHEN a.status != 'exempt' THEN 1 ELSE 0 END) AS n_expected,
                        SUM(CASE WHEN a.status = 'present' THEN 1 ELSE 0 END) AS attended
                 FROM meeting_attendance a
                 WHERE a.person_id IN (
                         SELECT b.person_id FROM meeting_attendance b
                         WHERE b.status IN ('absent', 'leave')
                           AND +b.meeting_id IN (SELECT m.id FROM meeting m
                               WHERE m.status = 'held' AND m.voided_on IS NULL
                                 AND m.held_on BETWEEN :s AND :e))
                   AND a.meeting_id IN (SELECT m.id FROM meeting m WHERE m.status = 'held'
                         AND m.voided_on IS NULL AND m.held_on BETWEEN :s AND :e)
                 GROUP BY a.person_id) x JOIN person p ON p.id = x.person_id
               WHERE x.n_expected > 0 AND x.attended < :low * x.n_expected
               ORDER BY x.person_id""",
            {"s": s, "e": min(e, as_of), "low": LOW_ATTENDANCE},
        )
    ]
    return {"requirements": reqs, "attendance_by_type": by_type, "below_60_percent": low}


# --------------------------------------------------------------------------- dues
def last_owed_month(d: str, deadline_day: int) -> str:
    """rules/dues.py last_owed_month: the latest month whose deadline has passed on `d`."""
    y, m = int(d[:4]), int(d[5:7])
    if int(d[8:]) > deadline_day:
        return f"{y:04d}-{m:02d}"
    return month_at(y * 12 + m - 2)


# A payment counts on :d once paid by then, unless a reversal made by then points at it
# (reports/dues.py LIVE); the NOT IN is left out when no reversal was made by then.
NOT_REVERSED = """ AND r.id NOT IN (SELECT x.reverses_id FROM dues_payment x
                   WHERE x.reverses_id > 0 AND x.paid_on <= :d)"""


def not_reversed(b: Book, d: str) -> str:
    found = b.scalar(
        "SELECT 1 FROM dues_payment WHERE reverses_id > 0 AND paid_on <= :d LIMIT 1", {"d": d}
    )
    return NOT_REVERSED if found else ""


def due_in(schedule: list[tuple[str, int]], month: str) -> int | None:
    due = None
    for start, value in schedule:
        if start > month:
            break
        due = value
    return due


def dues_members(b: Book, d: str) -> list[tuple[int, str, str | None, str | None]]:
    """(id, first month owed, month left, day left) of the members with a base on `d`
    (store/dues_queries.py dues_members, rules/dues.py first_owed_month); b.dues_members
    keeps them per day."""
    schedules = b.schedules()
    stages = b.stages_on(d)
    admitted = b.admitted
    out = []
    for pid, (_, joined, left) in b.people.items():
        schedule = schedules.get(pid)
        if not schedule or (joined is not None and joined > d):
            continue
        if stages.get(pid) not in MEMBER_STAGES:
            continue
        start = schedule[0][0]
        a = admitted.get(pid)
        if a and a[:7] > start:
            start = a[:7]
        if joined and joined[:7] > start:
            start = joined[:7]
        out.append((pid, start, left[:7] if left else None, left))
    return out


def contact_cutoff(d: str) -> str:
    """rules/away.py contact_cutoff: the first day a last contact is not six months past."""
    on = day_of(d)
    cut = period_end(on, months=-LOST_MONTHS) - timedelta(days=4)
    while on > period_end(cut, months=LOST_MONTHS):
        cut += timedelta(days=1)
    return iso(cut)


def paid_scan(b: Book, d: str, upto: str) -> dict[int, tuple[str, int, int]]:
    """One pass over the live regular payments made by `d` for months up to `upto`, per
    person: the months paid (comma-joined), the smallest payment, and 1 if one was paid since
    the contact cutoff (reports/lost.py), else 0."""
    rows = b.con.execute(
        """SELECT r.person_id, group_concat(r.month), MIN(r.amount_fen), MAX(r.paid_on >= :t)
           FROM dues_payment r WHERE r.kind = 'regular' AND r.paid_on <= :d
             AND +r.month <= :upto"""
        + not_reversed(b, d)
        + " GROUP BY r.person_id",
        {"d": d, "upto": upto, "t": contact_cutoff(d)},
    )
    return {pid: rest for pid, *rest in rows}


def owed_by_member(
    b: Book, d: str, last: str, paid: dict[int, tuple]
) -> dict[int, tuple[list[str], list[int]]]:
    """store/dues_queries.py owed_by_member (every member with a base, those who left too):
    person → (unpaid months up to `last`, their dues)."""
    first = b.scalar("SELECT MIN(from_month) FROM dues_base")
    if first is None or first > last:
        return {}
    schedules = b.schedules()
    out = {}
    calendar = [month_at(i) for i in range(month_index(first), month_index(last) + 1)]
    position = {m: i for i, m in enumerate(calendar)}
    # a member's months as one string: a member whose paid months hold it owes nothing
    in_full: dict[tuple[str, str], tuple[list[str], str]] = {}
    for pid, start, end, _ in b.dues_members(d):
        hi = last if end is None or end > last else end
        if start > hi:
            continue
        row = paid.get(pid)
        done = row[0] if row else ""
        span = in_full.get((start, hi))
        if span is None:
            months = calendar[position[start] : position[hi] + 1]
            span = in_full[(start, hi)] = (months, ",".join(months))
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
    return out


def longest_run(months: list[str]) -> int:
    best = run = 0
    prev = -2
    for m in months:
        i = month_index(m)
        run = run + 1 if i == prev + 1 else 1
        best = max(best, run)
        prev = i
    return best


def dues_flag(months: list[str]) -> str | None:
    """rules/dues.py flag: six consecutive months unpaid, else three unpaid (fewer: none)."""
    if len(months) < OVERDUE_MONTHS:
        return None
    if longest_run(months) >= LAPSE_MONTHS:
        return "lapse_risk"
    return "overdue"


class Dues:
    """The payments read once per day asked about (the report's day and its findings' day)."""

    def __init__(self, b: Book, y: int) -> None:
        self.b, self.y = b, y
        self._on: dict[str, tuple[dict, dict, str]] = {}

    def on(self, d: str) -> tuple[dict, dict, str]:
        """(payments scan, unpaid months per member, last month owed) on `d`."""
        found = self._on.get(d)
        if found is None:
            last = last_owed_month(d, self.b.deadline_day)
            paid = paid_scan(self.b, d, max(last, f"{self.y:04d}-12"))
            found = self._on[d] = (paid, owed_by_member(self.b, d, last, paid), last)
        return found


def dues_section(b: Book, dues: Dues, y: int, as_of: str) -> dict:
    """reports/dues.py statement (totals, by month) and year_arrears on `as_of`."""
    first, last = f"{y:04d}-01", f"{y:04d}-12"
    paid, owed, owed_last = dues.on(as_of)
    last_owed = min(last, owed_last)
    calendar = [f"{y:04d}-{m:02d}" for m in range(1, 13)]
    position = {m: i for i, m in enumerate(calendar)}
    schedules = b.schedules()
    rev = not_reversed(b, as_of)
    # the year's takings month by month, regular and voluntary: one sum per (month, kind),
    # each a seek into the (month, kind, paid_on, amount_fen) index
    collected = [0] * 12
    voluntary = 0
    for i, month in enumerate(calendar):
        for kind in ("regular", "voluntary"):
            amount = b.scalar(
                f"""SELECT SUM(r.amount_fen) FROM dues_payment r
                    WHERE r.month = :m AND r.kind = :k AND r.paid_on <= :d{rev}""",
                {"m": month, "k": kind, "d": as_of},
            )
            if amount:
                collected[i] += amount
                if kind == "voluntary":
                    voluntary += amount
    owed_to = position[last_owed] if last_owed >= first else -1
    steps = [0] * 13
    due_total = outstanding = 0
    uneven = []
    for pid, start, end, _ in b.dues_members(as_of):
        a = 0 if start < first else position.get(start, 12)
        if end is None or end >= last_owed:
            hi = owed_to
        else:
            hi = position[end] if end >= first else -1
        if a > hi:
            continue
        schedule = schedules[pid]
        row = paid.get(pid)
        if len(schedule) == 1:
            top = schedule[0][1]
            due_total += top * (hi - a + 1)
            steps[a] += top
            steps[hi + 1] -= top
            if row and row[1] < top:
                uneven.append((pid, a, [top] * (hi - a + 1)))
                continue
            found = owed.get(pid)
            if found:
                ms = found[0]
                outstanding += top * (bisect_right(ms, calendar[hi]) - bisect_left(ms, calendar[a]))
            continue
        dues_ = [due_in(schedule, m) or 0 for m in calendar[a : hi + 1]]
        top = max(dues_)
        due_total += sum(dues_)
        for i, due in enumerate(dues_, start=a):
            steps[i] += due
            steps[i + 1] -= due
        if row and row[1] < top:
            # a payment below a due (the smallest of more months than the year's: the year's
            # months are then summed one by one, which is right in any case)
            uneven.append((pid, a, dues_))
            continue
        # every payment covers every due: what is outstanding is the dues of the months unpaid
        found = owed.get(pid)
        if found:
            lo_m, hi_m = calendar[a], calendar[hi]
            outstanding += sum(due for m, due in zip(*found, strict=True) if lo_m <= m <= hi_m)
    for i in range(0, len(uneven), 500):
        part = uneven[i : i + 500]
        got = {
            (pid, m): amount
            for pid, m, amount in b.con.execute(
                f"""SELECT r.person_id, r.month, SUM(r.amount_fen) FROM dues_payment r
                    WHERE r.person_id IN ({",".join(str(p[0]) for p in part)})
                      AND r.kind = 'regular' AND r.month BETWEEN :lo AND :hi
                      AND r.paid_on <= :d{rev}
                    GROUP BY r.person_id, r.month""",
                {"lo": first, "hi": last, "d": as_of},
            )
        }
        for pid, a, dues_ in part:
            outstanding += sum(
                max(0, due - got.get((pid, calendar[j]), 0)) for j, due in enumerate(dues_, start=a)
            )
    remitted = b.scalar(
        """SELECT COALESCE(SUM(amount_fen), 0) FROM dues_remit
           WHERE start >= :s AND start <= :e AND on_date <= :d AND voided_on IS NULL""",
        {"s": f"{y:04d}-01-01", "e": f"{y:04d}-12-31", "d": as_of},
    )
    published = b.scalar(
        "SELECT published_on FROM dues_statement WHERE year = :y AND voided_on IS NULL", {"y": y}
    )
    by_month, running = [], 0
    for i, m in enumerate(calendar):
        running += steps[i]
        by_month.append({"month": m, "due": money(running), "collected": money(collected[i])})
    people = b.people
    arrears = []
    for pid in sorted(owed):
        months, dues_ = owed[pid]
        i, j = bisect_left(months, first), bisect_right(months, last)
        if i == j:
            continue  # owes other years' months only
        ms = months[i:j]
        arrears.append(
            {
                "id": pid,
                "name": people[pid][0] if pid in people else "",
                "owed_months": ms,
                "owed_amount": money(sum(dues_[i:j])),
                "flag": dues_flag(ms),
            }
        )
    collected_fen = sum(collected)
    return {
        "due": money(due_total),
        "collected": money(collected_fen),
        "voluntary": money(voluntary),
        "outstanding": money(outstanding),
        "remitted": money(remitted),
        "balance": money(collected_fen - remitted),
        "by_month": by_month,
        "arrears": arrears,
        "published_on": published,
    }


def dues_findings(b: Book, dues: Dues, day: str) -> list[dict]:
    """reports/compliance.py findings from reports/dues.py status(flagged_only): overdue and
    lapse risk of the members on the roster on `day`, and members with no base."""
    owed = dues.on(day)[1]
    people = b.people
    found = []
    for pid in sorted(owed):
        left = people[pid][2]
        if left is not None and left <= day:
            continue
        months, dues_ = owed[pid]
        flag = dues_flag(months)
        if flag:
            found.append(
                {
                    "kind": f"dues_{flag}",
                    "member_id": pid,
                    "name": people[pid][0],
                    "detail": tr(
                        f"欠交 {len(months)} 个月（{money(sum(dues_))} 元）",
                        f"{len(months)} months unpaid ({money(sum(dues_))})",
                    ),
                }
            )
    schedules = b.schedules()
    no_base = [pid for pid in b.in_branch(day, MEMBER_STAGES) if pid not in schedules]
    if no_base:
        found += [
            {
                "kind": "dues_no_base",
                "member_id": pid,
                "name": people[pid][0],
                "detail": tr("未设定党费基数", "no dues base set"),
            }
            for pid in no_base
        ]
        found.sort(key=lambda f: f["member_id"])
    return found


# --------------------------------------------------------------------------- findings
ABSENCE_SQL = f"""
SELECT x.member_id, x.name, x.joined_on, x.last_attended, x.last_back, x.last_until, x.away,
  x.lost,
  (SELECT COUNT(*) FROM meeting_attendance a JOIN meeting m ON m.id = a.meeting_id
    WHERE a.person_id = x.member_id AND a.status = 'absent' AND m.status = 'held'
      AND m.voided_on IS NULL AND m.held_on <= :d
      AND (x.last_attended IS NULL OR m.held_on > x.last_attended)
      AND (x.last_back IS NULL OR m.held_on >= x.last_back)
      AND (x.last_until IS NULL OR m.held_on > x.last_until)) AS absences_since
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
    CASE WHEN EXISTS (SELECT 1 FROM member_away w WHERE w.person_id = p.id
      AND {AWAY_ON.format(a="w", d=":d")}) THEN 1 ELSE 0 END AS away,
    CASE WHEN EXISTS (SELECT 1 FROM member_lost l WHERE l.person_id = p.id
      AND {LOST_ON.format(a="l", d=":d")}) THEN 1 ELSE 0 END AS lost
  FROM person p
  WHERE {IN_BRANCH} AND {STAGE_AT} IN ('full', 'probationary')
    AND p.id IN (SELECT person_id FROM meeting_attendance WHERE status = 'absent')
) x
ORDER BY x.member_id
"""


def absence_findings(b: Book, day: str) -> list[dict]:
    """reports/meetings.py absence_findings, rules/meetings.py absent_six_months."""
    first = b.scalar(
        "SELECT MIN(held_on) FROM meeting WHERE status = 'held' AND voided_on IS NULL"
        " AND held_on <= :d",
        {"d": day},
    )
    on = day_of(day)
    out = []
    for pid, name, joined, last, back, until, away, lost, absences in b.con.execute(
        ABSENCE_SQL, {"d": day}
    ):
        if last is not None:
            anchor = last
        else:
            candidates = [x for x in (joined, first) if x is not None]
            anchor = max(candidates) if candidates else None
        backs = [x for x in (back, until and iso(day_of(until) + timedelta(days=1))) if x]
        if backs and (anchor is None or max(backs) > anchor):
            anchor = max(backs)
        if anchor is None:
            continue
        flagged = on > period_end(day_of(anchor), months=ABSENCE_MONTHS) and absences > 0
        if flagged and not away and not lost:
            out.append(
                {
                    "kind": "absent_six_months",
                    "member_id": pid,
                    "name": name,
                    "detail": tr(
                        f"最近一次参加组织生活：{last or '无'}，此后无故缺席 {absences} 次",
                        f"last attended {last or 'never'}; absent without leave {absences}"
                        " times since",
                    ),
                }
            )
    return out


def action_code(text: str | None) -> str | None:
    """reports/evaluation.py action_code over i18n.py parse_code."""
    if text is None:
        return None
    t = text.strip()
    low = t.lower().replace(" ", "_").replace("-", "_")
    if low in EVALUATION_ACTIONS:
        return low
    for code, (zh, en) in EVALUATION_ACTIONS.items():
        if t == zh or t.lower() == en.lower():
            return code
    return EVALUATION_ALIASES.get(t) or EVALUATION_ALIASES.get(low)


EVAL_SELECT = """SELECT e.person_id AS member_id, p.name, e.year, e.grade, e.action,
       e.votes_excellent, e.votes_qualified, e.votes_basic, e.votes_unqualified,
       e.meeting_id, m.held_on AS meeting_on, e.decided_on, e.action_due, e.action_done_on,
       e.action_result, p.left_on, p.voided_on AS person_voided_on
  FROM evaluation e JOIN person p ON p.id = e.person_id
  LEFT JOIN meeting m ON m.id = e.meeting_id
 WHERE e.voided_on IS NULL AND e.grade = 'unqualified'"""


def followup(r: dict, as_of: str) -> tuple[str | None, str | None]:
    """rules/evaluation.py followup: (state, due)."""
    if r["grade"] != "unqualified":
        return None, None
    graded = r["decided_on"] or r["meeting_on"] or f"{r['year']:04d}-12-31"
    if r["action_done_on"] is not None and r["action_done_on"] <= as_of:
        return "done", r["action_due"]
    action = action_code(r["action"]) or r["action"]
    if action is None:
        return "decide", iso(period_end(day_of(graded), months=DECIDE_WITHIN_MONTHS))
    if action == "correct":
        return "correct", r["action_due"] or iso(period_end(day_of(graded), months=CORRECT_MONTHS))
    return "decided", None


def overdue(state: str | None, due: str | None, as_of: str) -> bool:
    return state in ("decide", "correct") and due is not None and as_of > due


def open_person(r: dict, as_of: str) -> bool:
    return r["person_voided_on"] is None and (r["left_on"] is None or r["left_on"] > as_of)


def evaluation(b: Book, y: int, day: str) -> dict:
    """reports/evaluation.py year_section."""
    counts = dict(
        b.con.execute(
            "SELECT grade, COUNT(*) FROM evaluation WHERE voided_on IS NULL AND year = :y"
            " GROUP BY grade",
            {"y": y},
        )
    )
    evaluated = sum(counts.values())
    members = len(b.in_branch(f"{y:04d}-12-31", MEMBER_STAGES))
    cap = None
    if b.option("excellent_cap"):
        base = max(members, evaluated, 0)
        excellent = counts.get("excellent", 0)
        cap = {
            "base": base,
            "limit": base // 3,
            "excellent": excellent,
            "over": excellent > base // 3,
        }
    unqualified = []
    for r in b.rows(EVAL_SELECT + " AND e.year = :y ORDER BY e.year, e.person_id", {"y": y}):
        state, due = followup(r, day)
        code = action_code(r["action"])
        unqualified.append(
            {
                "member_id": r["member_id"],
                "name": r["name"],
                "action": EVALUATION_ACTIONS[code][0] if code else r["action"],
                "action_code": code,
                "votes_excellent": r["votes_excellent"],
                "votes_qualified": r["votes_qualified"],
                "votes_basic": r["votes_basic"],
                "votes_unqualified": r["votes_unqualified"],
                "meeting_id": r["meeting_id"],
                "decided_on": r["decided_on"],
                "action_due": r["action_due"],
                "action_done_on": r["action_done_on"],
                "action_result": r["action_result"],
                "followup": state,
                "followup_due": due,
                "overdue": overdue(state, due, day) and open_person(r, day),
            }
        )
    return {
        "grades": {g: counts.get(g, 0) for g in GRADES},
        "unqualified": unqualified,
        "evaluated": evaluated,
        "members": members,
        "shares": {
            g: round(counts.get(g, 0) / evaluated, 3) if evaluated else None for g in GRADES
        },
        "cap": cap,
    }


def evaluation_findings(b: Book, day: str) -> list[dict]:
    out = []
    for r in b.rows(EVAL_SELECT + " ORDER BY e.year, e.person_id"):
        known = r["decided_on"] or r["meeting_on"]
        if not open_person(r, day) or (known is not None and known > day):
            continue
        state, due = followup(r, day)
        if not overdue(state, due, day):
            continue
        if state == "decide":
            detail = tr(
                f"{r['year']} 年度评议为不合格，处置应于 {due} 前决定",
                f"graded unqualified for {r['year']}; the handling was due by {due}",
            )
        else:
            detail = tr(
                f"{r['year']} 年度评议不合格，限期改正至 {due}，期满未记录结果",
                f"unqualified for {r['year']}: the correction period ended {due} with no"
                " outcome recorded",
            )
        out.append(
            {
                "kind": "evaluation_action_overdue"
                if state == "decide"
                else "evaluation_followup_overdue",
                "member_id": r["member_id"],
                "name": r["name"],
                "detail": detail,
            }
        )
    return out


def receipt_findings(b: Book, day: str) -> list[dict]:
    """reports/letter.py receipt_findings, rules/transfer.py."""
    out = []
    for pid, name, left_on, org, letter, receipt in b.con.execute(
        """SELECT id, name, left_on, left_org, left_letter, letter_receipt_on FROM person
           WHERE left_reason = 'transferred_out' AND voided_on IS NULL AND returned_as IS NULL
             AND letter_valid_days IS NOT NULL AND left_on <= :d
             AND (letter_receipt_on IS NULL OR letter_receipt_on > :d)
           ORDER BY left_on, id""",
        {"d": day},
    ):
        issued = day_of(left_on)
        if receipt is not None and receipt <= day:
            continue
        if day < iso(holds_from(issued, months=1)):
            continue
        due = iso(period_end(issued, months=1))
        out.append(
            {
                "kind": "letter_receipt_overdue",
                "member_id": pid,
                "name": name,
                "detail": tr(
                    f"{left_on} 转出至{org}{f'（{letter}）' if letter else ''}，回执应于 {due}"
                    " 前寄回，至今未收到",
                    f"transferred to {org} on {left_on}{f' ({letter})' if letter else ''}; the"
                    f" receipt was due back by {due} and has not come",
                ),
            }
        )
    return out


def branch_findings(b: Book, day: str) -> list[dict]:
    """no_committee, term_expired, too_few_members (reports/compliance.py findings)."""
    out = []
    full = len(b.in_branch(day, ("full",)))
    members = len(b.in_branch(day, MEMBER_STAGES))
    on_committee = b.scalar(
        """SELECT COUNT(*) FROM committee_role WHERE role IN
           ('organization', 'propaganda', 'discipline', 'youth')
           AND from_on <= :d AND (to_on IS NULL OR to_on > :d)""",
        {"d": day},
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
    if any(r[0] == "committee_election" for r in b.reqs):
        found = terms(b, day)
        if found:
            start, years, election = found[-1]
            end = term_end(start, years)
            if day > end:
                since = tr(f"{start} 选出", f"elected {start}")
                if election is None:
                    since = tr(f"自 {start} 起任职", f"in office since {start}")
                out.append(
                    {
                        "kind": "term_expired",
                        "member_id": None,
                        "name": None,
                        "detail": tr(
                            f"支部委员会（{since}，任期 {years} 年）已于 {end} 届满，"
                            "未换届（dangwu committee elect）",
                            f"the committee's {years}-year term ({since}) ended on {end}"
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
    return out


LOST_ROWS = f"""SELECT l.person_id, p.name, l.since, l.reason, l.found_on
  FROM member_lost l JOIN person p ON p.id = l.person_id
  WHERE {LOST_ON.format(a="l", d=":d")} AND {IN_BRANCH} AND {STAGE_AT} IN ('full', 'probationary')
  ORDER BY l.person_id, l.since"""

CANDIDATES_SQL = f"""
SELECT p.id, p.name, p.joined_on,
  (SELECT MIN(se.on_date) FROM stage_event se
    WHERE se.person_id = p.id AND se.stage = 'probationary'),
  (SELECT MAX(m.held_on) FROM meeting_attendance a JOIN meeting m ON m.id = a.meeting_id
    WHERE a.person_id = p.id AND a.status = 'present' AND m.status = 'held'
      AND m.voided_on IS NULL AND m.held_on <= :d),
  (SELECT MAX(d.paid_on) FROM dues_payment d WHERE d.person_id = p.id
    AND d.kind != 'reversal' AND d.paid_on <= :d)
FROM person p
WHERE p.id IN ({{ids}}) AND {IN_BRANCH} AND {STAGE_AT} IN ('full', 'probationary')
  AND (p.joined_on IS NULL OR p.joined_on < :t)
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
                  AND {LOST_ON.format(a="l", d=":d")})
ORDER BY p.id
"""


def lost_findings(b: Book, dues: Dues, day: str) -> list[dict]:
    """reports/lost.py lost_findings: recorded out of contact, then possibly so."""
    out = []
    for pid, name, since, reason, _ in b.con.execute(LOST_ROWS, {"d": day}):
        why = tr(*LOST_REASONS[reason]) if reason in LOST_REASONS else reason
        out.append(
            {
                "kind": "member_lost",
                "member_id": pid,
                "name": name,
                "detail": tr(f"自 {since} 失联（{why}）", f"out of contact since {since} ({why})"),
                "since": since,
                "reason": reason,
            }
        )
    t = contact_cutoff(day)
    params = {"d": day, "t": t, "t1": iso(day_of(t) - timedelta(days=1))}
    # who paid a regular month since :t (the day's payment scan) is no candidate; the SQL
    # judges the rest — and when nobody is left, nothing else need be read
    paid = dues.on(day)[0]
    people = b.people
    ids = [
        pid
        for pid in b.in_branch(day, MEMBER_STAGES)
        if (people[pid][1] is None or people[pid][1] < t)
        and ((row := paid.get(pid)) is None or not row[2])
    ]
    if not ids:
        return out
    # the ledger judges only the time it kept (the first meeting or payment), and only while
    # the branch kept meeting or collecting since :t
    first_meeting = b.scalar(
        "SELECT MIN(held_on) FROM meeting WHERE status = 'held' AND voided_on IS NULL"
    )
    first_paid = b.scalar("SELECT MIN(paid_on) FROM dues_payment WHERE kind != 'reversal'")
    kept = [x for x in (first_meeting, first_paid) if x is not None]
    began = min(kept) if kept else None
    if began is None or began >= t:
        return out
    if not b.scalar(
        """SELECT 1 FROM meeting m WHERE m.status = 'held' AND m.voided_on IS NULL
             AND m.held_on >= :t AND m.held_on <= :d LIMIT 1""",
        params,
    ) and not b.scalar(
        """SELECT 1 FROM dues_payment d WHERE d.kind != 'reversal'
             AND d.paid_on >= :t AND d.paid_on <= :d LIMIT 1""",
        params,
    ):
        return out
    rows = []
    for i in range(0, len(ids), 500):
        marks = ",".join(map(str, ids[i : i + 500]))
        rows += b.con.execute(CANDIDATES_SQL.format(ids=marks), params).fetchall()
    for pid, name, joined, admitted, attended, paid_on in rows:
        seen = [
            (d, how)
            for d, how in (
                (attended, "attended"),
                (paid_on, "paid"),
                (joined, "joined"),
                (admitted, "admitted"),
            )
            if d is not None
        ]
        d, how = max(seen) if seen else (began, "ledger")
        if d < began:
            d, how = began, "ledger"
        zh, en = CONTACT[how]
        out.append(
            {
                "kind": "lost_candidate",
                "member_id": pid,
                "name": name,
                "detail": tr(f"最近一次联系：{d}（{zh}）", f"last contact {d} ({en})"),
                "last_contact": d,
            }
        )
    return out


def short_detail(i: dict, name: str | None) -> str:
    scope = i["scope"]
    if scope.startswith("group:"):
        where = scope[6:]
    elif scope.startswith("member:"):
        where = name or scope[7:]
    else:
        where = tr("支部", "the branch")
    gaps = [period_label(g) for g in i["gaps"]]
    return tr(
        f"{req_label(i['code'])}（{where}）：{'、'.join(gaps)}未完成",
        f"{req_label(i['code'])} ({where}): none in {', '.join(gaps)}",
    )


# --------------------------------------------------------------------------- the rest
def development(b: Book, s: str, e: str) -> dict:
    on_day = b.stages_on(e)
    stages: dict[str | None, int] = {}
    for pid in b.in_branch(e):
        k = on_day.get(pid)
        stages[k] = stages.get(k, 0) + 1
    span = {"s": s, "e": e}
    during = dict(
        b.con.execute(
            "SELECT e.kind, COUNT(*) FROM dev_event e JOIN person p ON p.id = e.person_id"
            " WHERE e.on_date BETWEEN :s AND :e AND e.voided_on IS NULL AND p.voided_on IS NULL"
            " GROUP BY e.kind",
            span,
        )
    )
    return {
        "applicants": stages.get("applicant", 0),
        "activists": stages.get("activist", 0),
        "candidates": stages.get("candidate", 0),
        "applications": during.get("apply", 0),
        "activists_designated": during.get("activist", 0),
        "candidates_designated": during.get("candidate", 0),
        "admitted": b.scalar(ENTERED_HERE, {**span, "stage": "probationary"}),
        "converted": b.scalar(ENTERED_HERE, {**span, "stage": "full"}),
        "dropped": during.get("drop", 0),
    }


def away_and_lost(b: Book, s: str, e: str, day: str) -> dict:
    """reports/year.py away_and_lost over reports/away.py and reports/lost.py."""
    span = {"s": s, "e": e}
    away = [
        r
        for r in b.rows(
            """SELECT a.person_id AS member_id, p.name, a.place, a.from_on, a.until_on,
                      a.back_on, a.certificate, a.kind
               FROM member_away a JOIN person p ON p.id = a.person_id
               WHERE a.voided_on IS NULL AND p.voided_on IS NULL AND a.from_on <= :e
                 AND (a.back_on IS NULL OR a.back_on > :s)
                 AND (a.until_on IS NULL OR a.until_on >= :s)
               ORDER BY a.from_on, a.person_id, a.id""",
            span,
        )
        if r["from_on"] <= day
    ]
    lost = [
        r
        for r in b.rows(
            """SELECT l.person_id AS member_id, p.name, l.since, l.reason, l.found_on
               FROM member_lost l JOIN person p ON p.id = l.person_id
               WHERE l.voided_on IS NULL AND p.voided_on IS NULL AND l.since <= :e
                 AND (l.found_on IS NULL OR l.found_on > :s)
               ORDER BY l.since, l.person_id, l.id""",
            span,
        )
        if r["since"] <= day
    ]
    away_now = b.scalar(
        f"""SELECT COUNT(DISTINCT a.person_id) FROM member_away a JOIN person p
            ON p.id = a.person_id WHERE {AWAY_ON.format(a="a", d=":d")} AND {IN_BRANCH}
              AND {STAGE_AT} IN ('full', 'probationary')""",
        {"d": day},
    )
    lost_now = len({r[0] for r in b.con.execute(LOST_ROWS, {"d": day})})
    return {
        "away": {
            "on": day,
            "count": away_now,
            "during": len({r["member_id"] for r in away}),
            "people": away,
        },
        "lost": {
            "on": day,
            "count": lost_now,
            "during": len({r["member_id"] for r in lost}),
            "people": lost,
        },
    }


def refusals(b: Book, day: str) -> None:
    """Exit 2 for what this floor does not compute (see the module's docstring)."""
    stages = b.stages_on(day)
    tracked = {
        pid
        for (pid,) in b.con.execute(
            "SELECT DISTINCT person_id FROM dev_event WHERE voided_on IS NULL"
        )
    }
    for pid in b.in_branch(day):
        stage = stages.get(pid)
        if stage in PIPELINE or (stage == "full" and pid in tracked):
            raise Refuse(
                "development pipeline: people in development or on probation"
                f" on {day} (dangwu reports/pipeline.py)"
            )
    if b.option("away_quarterly_dues") and b.scalar("SELECT 1 FROM member_away LIMIT 1"):
        raise Refuse("rule option away_quarterly_dues with members away recorded")


def year_report(b: Book, y: int, as_of: str) -> dict:
    s, e = f"{y:04d}-01-01", f"{y:04d}-12-31"
    day = min(e, as_of)
    refusals(b, day)
    dues = Dues(b, y)
    its, lines = items(b, s, e, as_of)
    people = b.people
    findings = []
    for i in its:
        if i["status"] == "short":
            pid = int(i["scope"][7:]) if i["scope"].startswith("member:") else None
            name = people[pid][0] if pid in people else None
            findings.append(
                {
                    "kind": "short",
                    "member_id": pid,
                    "name": name,
                    "detail": short_detail(i, name),
                    "code": i["code"],
                    "scope": i["scope"],
                    "gaps": i["gaps"],
                }
            )
    findings += dues_findings(b, dues, day)
    findings += absence_findings(b, day)
    # the development pipeline's flags: none, as refusals() made sure
    findings += evaluation_findings(b, day)
    findings += receipt_findings(b, day)
    findings += branch_findings(b, day)
    findings += lost_findings(b, dues, day)
    return {
        "year": y,
        "as_of": as_of,
        "membership": membership(b, day, e),
        "changes": changes(b, s, e),
        "meetings": meetings(b, its, lines, s, e, as_of),
        "dues": dues_section(b, dues, y, as_of),
        "development": development(b, s, e),
        "evaluation": evaluation(b, y, day),
        "findings": findings,
        **away_and_lost(b, s, e, day),
    }


def main(argv: list[str]) -> int:
    args = list(argv)
    as_of = None
    if "--as-of" in args:
        i = args.index("--as-of")
        as_of = args[i + 1]
        del args[i : i + 2]
    if len(args) != 2:
        print("usage: report_year.py DB YEAR [--as-of YYYY-MM-DD]", file=sys.stderr)
        return 1
    path, year = args
    if LANG not in ("zh", "en"):
        print(f"--lang: 不支持 {LANG!r}，可用 zh 或 en", file=sys.stderr)
        return 1
    as_of = iso(date.fromisoformat(as_of) if as_of else date.today())
    y = int(year)
    if as_of < f"{y:04d}-01-01":
        print(
            tr(f"--as-of: {as_of} 早于 {y} 年", f"--as-of: {as_of} is before {y}"), file=sys.stderr
        )
        return 1
    if "://" in path:
        print("refused: a ledger on a server (PostgreSQL)", file=sys.stderr)
        return 2
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    try:
        con.execute("BEGIN")
        doc = year_report(Book(con), y, as_of)
    except Refuse as why:
        print(f"refused: {why}", file=sys.stderr)
        return 2
    except sqlite3.DatabaseError as why:
        print(f"refused: not a dangwu ledger this floor reads ({why})", file=sys.stderr)
        return 2
    finally:
        con.close()
    sys.stdout.write(dumps(doc) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
