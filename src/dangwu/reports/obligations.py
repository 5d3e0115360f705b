"""The obligations engine: who owes which record of the rule profile in which calendar
sub-period, and what of it the ledger holds as of a day.

The compliance summary, the quarter's checklist and `dev due` all read their periodic
obligations from here, so a rule switched off or set to another frequency with `rules set`
moves all three together (RULES.md "Organizational life": every rule of the profile is
counted by calendar sub-period). Records are read in one query per kind of record over the
widest span asked for and bucketed by sub-period, never one query per person.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from ..rules.meetings import COMMITTEE_MEMBER_ROLES, QUORUM_COUNTS
from ..rules.periods import Period
from ..rules.profile import (
    AWAY_STAGE,
    COMMITTEE_STAGE,
    TERM,
    Requirement,
    effective,
    partial_periods,
)
from ..store.dues_queries import first_base_month
from ..store.profile_queries import stored_profile
from ..store.queries import AWAY_ON
from ..store.reader import Reader, as_date, memo
from ..store.roster_index import MEMBER_STAGES, iso, roster_index

# The development records the profile counts; `dev due` takes these from the engine.
DEVELOPMENT_CODES = (
    "thought_report",
    "probation_review",
    "activist_review",
    "activist_thought_report",
)


@dataclass(frozen=True)
class Obligation:
    """One requirement owed by one scope in one calendar sub-period."""

    code: str
    scope: str  # "branch", "group:<name>" or "member:<id>"
    period: Period
    required: int
    met_on: tuple[date, ...]  # the qualifying records' dates in the period, as of the day

    @property
    def member_id(self) -> int | None:
        return int(self.scope[7:]) if self.scope.startswith("member:") else None

    @property
    def done(self) -> int:
        return min(len(self.met_on), self.required)

    @property
    def met(self) -> bool:
        return len(self.met_on) >= self.required

    @property
    def met_day(self) -> date | None:
        """The day the requirement was met (its `required`-th record), None while open."""
        return self.met_on[self.required - 1] if self.met else None

    def overdue(self, as_of: date) -> bool:
        return not self.met and as_of > self.period.end


def requirements(reader: Reader, codes: Iterable[str] | None = None) -> list[Requirement]:
    """The enabled requirements of the ledger's profile (of `codes` only, if given)."""
    wanted = None if codes is None else set(codes)
    return [
        r
        for r in effective(stored_profile(reader))
        if r.enabled and (wanted is None or r.code in wanted)
    ]


@dataclass
class Counts:
    """Qualifying record dates, per requirement code and scope key, in date order."""

    dates: dict[tuple[str, str], list[date]]

    def within(self, code: str, scope: str, p: Period) -> tuple[date, ...]:
        return tuple(sorted(d for d in self.dates.get((code, scope), ()) if p.start <= d <= p.end))


def collect(reader: Reader, reqs: list[Requirement], span: Period, as_of: date) -> Counts:
    """Every qualifying record made by `as_of` in the sub-periods of `span`, by code."""
    dates: dict[tuple[str, str], list[date]] = defaultdict(list)
    if not reqs:
        return Counts(dates)
    # a term's election is counted by its own dates (term_periods), not by calendar period
    spans = [span.sub_periods(r.every) for r in reqs if r.every != TERM] or [[span]]
    lo = min(s[0].start for s in spans)
    hi = min(max(s[-1].end for s in spans), as_of)
    by_type: dict[str, list[str]] = defaultdict(list)
    for r in reqs:
        if r.counts.startswith("meeting:"):
            by_type[r.counts.split(":", 1)[1]].append(r.code)
    if by_type:
        quorum = ", ".join(repr(t) for t in sorted(QUORUM_COUNTS))
        for kind, held_on, grp in reader.tuples(
            f"""SELECT m.type, m.held_on, g.name FROM meeting m
                LEFT JOIN party_group g ON g.id = m.group_id
                WHERE m.status = 'held' AND m.voided_on IS NULL AND m.held_on BETWEEN :lo AND :hi
                  AND (m.type NOT IN ({quorum}) OR m.quorum_met)""",
            {"lo": lo, "hi": hi},
        ):
            day = as_date(held_on)
            assert day is not None
            for code in by_type.get(kind, ()):
                dates[(code, f"group:{grp}" if kind == "group" else "branch")].append(day)
    codes = {r.code for r in reqs}
    if "talk" in codes:
        for pid, with_id, on in reader.tuples(
            """SELECT person_id, with_id, on_date FROM talk
               WHERE on_date BETWEEN :lo AND :hi AND voided_on IS NULL""",
            {"lo": lo, "hi": hi},
        ):
            day = as_date(on)
            assert day is not None
            for who in {pid, with_id}:
                dates[("talk", f"member:{who}")].append(day)
    if codes & set(DEVELOPMENT_CODES):
        for pid, kind, on in reader.tuples(
            """SELECT person_id, kind, on_date FROM dev_event
               WHERE kind IN ('thought_report', 'review') AND on_date BETWEEN :lo AND :hi
                 AND voided_on IS NULL""",
            {"lo": lo, "hi": hi},
        ):
            day = as_date(on)
            assert day is not None
            # a review counts for whichever stage the person owes one in
            for code in (
                ("thought_report", "activist_thought_report")
                if kind == "thought_report"
                else ("probation_review", "activist_review")
            ):
                dates[(code, f"member:{pid}")].append(day)
    if "dues_remit" in codes:
        remit_every = next(r.every for r in reqs if r.code == "dues_remit")
        for start_on, end_on in reader.tuples(
            """SELECT start, "end" FROM dues_remit
               WHERE start <= :hi AND "end" >= :lo AND on_date <= :d AND voided_on IS NULL""",
            {"lo": lo, "hi": hi, "d": as_of},
        ):
            # a hand-over counts once for every sub-period its period covers (a half-year's
            # for both quarters), whenever it was made
            start, end = as_date(start_on), as_date(end_on)
            assert start is not None and end is not None
            for sub in Period(start, end, "").sub_periods(remit_every):
                dates[("dues_remit", "branch")].append(max(sub.start, start))
    if "committee_report" in codes:
        # a quorate general meeting that heard the committee's work report
        for (held_on,) in reader.tuples(
            """SELECT held_on FROM meeting
               WHERE type = 'general' AND work_report AND status = 'held'
                 AND voided_on IS NULL AND quorum_met AND held_on BETWEEN :lo AND :hi""",
            {"lo": lo, "hi": hi},
        ):
            day = as_date(held_on)
            assert day is not None
            dates[("committee_report", "branch")].append(day)
    if "higher_report" in codes:
        report_every = next(r.every for r in reqs if r.code == "higher_report")
        for (code,) in reader.tuples(
            "SELECT period FROM report_sent WHERE on_date <= :d AND voided_on IS NULL",
            {"d": as_of},
        ):
            # as a hand-over: a report counts once for every sub-period its period covers
            # (a year's for each quarter when the branch reports quarterly), whenever sent
            covered = Period.of_code(str(code))
            for sub in Period(covered.start, covered.end, "").sub_periods(report_every):
                dates[("higher_report", "branch")].append(max(sub.start, covered.start))
    if "leader_lecture" in codes:
        for speaker, held_on in reader.tuples(
            """SELECT speaker_id, held_on FROM meeting
               WHERE type = 'lecture' AND speaker_id IS NOT NULL AND status = 'held'
                 AND voided_on IS NULL AND held_on BETWEEN :lo AND :hi""",
            {"lo": lo, "hi": hi},
        ):
            day = as_date(held_on)
            assert day is not None
            dates[("leader_lecture", f"member:{speaker}")].append(day)
    if "committee_election" in codes:
        for (on,) in reader.tuples(
            "SELECT on_date FROM committee_election WHERE voided_on IS NULL AND on_date <= :d",
            {"d": as_of},
        ):
            day = as_date(on)
            assert day is not None
            dates[("committee_election", "branch")].append(day)
    if "away_report" in codes:
        for pid, on in reader.tuples(
            """SELECT person_id, on_date FROM away_report
               WHERE voided_on IS NULL AND on_date BETWEEN :lo AND :hi""",
            {"lo": lo, "hi": hi},
        ):
            day = as_date(on)
            assert day is not None
            dates[("away_report", f"member:{pid}")].append(day)
    if "dues_statement" in codes:
        for (year,) in reader.tuples(
            "SELECT year FROM dues_statement WHERE published_on <= :d AND voided_on IS NULL",
            {"d": as_of},
        ):
            dates[("dues_statement", "branch")].append(date(int(year), 12, 31))
    return Counts(dates)


HAS_COMMITTEE = "role IN (" + ", ".join(repr(r) for r in COMMITTEE_MEMBER_ROLES) + ")"


def committee_days(reader: Reader) -> list[tuple[date, date | None]]:
    """When the branch had a committee: the terms of its committee members (not of a
    secretary alone, RULES.md)."""
    out = []
    for from_on, to_on in reader.tuples(
        f"SELECT from_on, to_on FROM committee_role WHERE {HAS_COMMITTEE}"
    ):
        start = as_date(from_on)
        assert start is not None
        out.append((start, as_date(to_on)))
    return out


def first_member_day(reader: Reader) -> str | None:
    """The first day anyone was a member (full or probationary) in the branch, as ISO text
    ("" when someone was one with no dates given); None when nobody ever was."""
    kept = memo(reader, "first_member_day")
    if "day" not in kept:
        index = roster_index(reader)
        first = None
        for pid, p in index.people.items():
            admitted = index.admitted.get(pid)
            if admitted is None and index.final.get(pid, ("",))[0] not in MEMBER_STAGES:
                continue  # never a member: an applicant, an activist, a candidate
            since = max(p.joined_on or "", admitted or "")
            if first is None or since < first:
                first = since
                if not first:
                    break
        kept["day"] = first
    day: str | None = kept["day"]
    return day


def branch_subs(
    reader: Reader, req: Requirement, subs: list[Period], committee: list[tuple[date, date | None]]
) -> list[Period]:
    """The sub-periods a branch requirement is owed in: none before the branch had a member
    (a meeting is refused while nobody is expected), no committee meeting and no committee's
    work report while there is no committee (支部条例), no hand-over or statement before the first month of dues."""
    first = first_member_day(reader)
    if first is None:
        return []
    subs = [p for p in subs if p.end.isoformat() >= first]
    if req.code in ("committee_meeting", "committee_report"):
        subs = [
            p for p in subs if any(f <= p.end and (t is None or t > p.start) for f, t in committee)
        ]
    if req.code in ("dues_remit", "dues_statement"):
        month = first_base_month(reader)
        subs = [] if month is None else [p for p in subs if p.end.isoformat()[:7] >= month]
    return subs


def group_spans(reader: Reader, p: Period) -> dict[str, list[tuple[str, str]]]:
    """Group name → the spans [first day, day after the last) its members were in it during
    the period (membership and branch membership both), groups in id order. Members share
    their dates, so the distinct spans are few."""
    spans: dict[str, set[tuple[str, str]]] = {}
    for name, from_on, to_on, joined, left, _ in reader.tuples(
        """SELECT DISTINCT g.name, gm.from_on, gm.to_on, p.joined_on, p.left_on, g.id
           FROM party_group g JOIN group_membership gm ON gm.group_id = g.id
           JOIN person p ON p.id = gm.person_id
           WHERE (gm.from_on IS NULL OR gm.from_on <= :e) AND (gm.to_on IS NULL OR gm.to_on > :s)
             AND (p.joined_on IS NULL OR p.joined_on <= :e)
             AND (p.left_on IS NULL OR p.left_on > :s) AND p.voided_on IS NULL
             -- members only: an applicant in a group is not expected at its meetings
             AND EXISTS (SELECT 1 FROM stage_event se WHERE se.person_id = p.id
                         AND se.stage IN ('full', 'probationary')
                         AND (se.on_date IS NULL OR se.on_date <= :e))
           ORDER BY g.id""",
        {"s": p.start, "e": p.end},
    ):
        first = max(iso(from_on) or "", iso(joined) or "")
        after = min(iso(to_on) or "9999-12-31", iso(left) or "9999-12-31")
        spans.setdefault(name, set()).add((first, after))
    return {name: sorted(found) for name, found in spans.items()}


def group_subs(spans: list[tuple[str, str]], subs: list[Period]) -> list[Period]:
    """The sub-periods in which the group had a member: in the others no group meeting could
    be held (`meeting add group` refuses a group with nobody expected), so none is owed."""
    return [
        p
        for p in subs
        if any(first <= p.end.isoformat() and after > p.start.isoformat() for first, after in spans)
    ]


def people_in_stage(reader: Reader, day: date, stages: tuple[str, ...], until: date) -> list[int]:
    """Members in one of `stages` on `day` who had not left by `until`, in id order."""
    index = roster_index(reader)
    u = until.isoformat()
    return [
        pid
        for pid in index.in_branch(day, stages)
        if (left := index.people[pid].left_on) is None or left > u
    ]


def committee_people(reader: Reader, p: Period) -> list[int]:
    """Who held a committee role (secretary, deputy or committee member) on the first day of
    `p` and had not left the branch by its end, in id order (`leader_lecture`)."""
    return [
        int(pid)
        for (pid,) in reader.tuples(
            """SELECT DISTINCT c.person_id FROM committee_role c
               JOIN person p ON p.id = c.person_id
               WHERE c.from_on <= :s AND (c.to_on IS NULL OR c.to_on > :s)
                 AND (p.left_on IS NULL OR p.left_on > :e) AND p.voided_on IS NULL
               ORDER BY c.person_id""",
            {"s": p.start, "e": p.end},
        )
    ]


def away_people(reader: Reader, p: Period) -> list[int]:
    """Who was away (`member away`, RULES.md "Meetings") on the first day of `p` and had not
    left the branch by its end, in id order (`away_report`)."""
    return [
        int(pid)
        for (pid,) in reader.tuples(
            f"""SELECT DISTINCT a.person_id FROM member_away a
               JOIN person p ON p.id = a.person_id
               WHERE {AWAY_ON.format(a="a", d=":s")}
                 AND (p.left_on IS NULL OR p.left_on > :e) AND p.voided_on IS NULL
               ORDER BY a.person_id""",
            {"s": p.start, "e": p.end},
        )
    ]


def term_periods(reader: Reader, span: Period) -> list[Period]:
    """The committee's terms that end within `span`, each as the period from the day after
    its election to its last day (rules/terms.py): the next election is owed in it."""
    from ..store.term_queries import terms

    out = []
    for term in terms(reader, span.end):
        if span.start <= term.end <= span.end:
            first = term.start + timedelta(days=1)
            out.append(Period(first, term.end, f"{term.start}..{term.end}"))
    return out


def owing_people(reader: Reader, p: Period, stages: tuple[str, ...], partial: bool) -> list[int]:
    """Who owes a per-person requirement for sub-period `p`: those in one of `stages` on its
    first day (RULES.md); with the profile's `partial_periods` on, also those who entered one
    of them during it. Either way not those who had left the branch by its end."""
    first = people_in_stage(reader, p.start, stages, p.end)
    if not partial:
        return first
    index = roster_index(reader)
    e = p.end.isoformat()
    later = set(people_in_stage(reader, p.end, stages, p.end))
    marks = ", ".join(f"'{s}'" for s in stages)
    for (pid,) in reader.tuples(
        f"""SELECT DISTINCT person_id FROM stage_event
            WHERE stage IN ({marks}) AND on_date >= :s AND on_date <= :e""",
        {"s": p.start, "e": p.end},
    ):
        person = index.people.get(pid)
        # in the branch during the period: a transfer-in's stage dates are the old branch's
        if (
            person is not None
            and (person.joined_on is None or person.joined_on <= e)
            and (person.left_on is None or person.left_on > e)
        ):
            later.add(pid)
    return sorted(set(first) | later)


def owed_subs(
    reader: Reader,
    req: Requirement,
    span: Period,
    *,
    members: set[int] | None = None,
    committee: list[tuple[date, date | None]] | None = None,
) -> Iterator[tuple[str, list[Period]]]:
    """(scope, the sub-periods of `span` it owes `req` in), scopes in order: the branch, each
    group in id order, each member in id order (only `members`, if given)."""
    if req.every == TERM:
        owed_terms = term_periods(reader, span)
        if owed_terms:
            yield "branch", owed_terms
        return
    subs = span.sub_periods(req.every)
    if req.scope == "branch":
        owed = branch_subs(reader, req, subs, committee or committee_days(reader))
        if owed:
            yield "branch", owed
    elif req.scope == "group":
        for name, spans in group_spans(reader, span).items():
            yield f"group:{name}", group_subs(spans, subs)
    else:
        partial = partial_periods(stored_profile(reader))
        by_member: dict[int, list[Period]] = defaultdict(list)
        for p in subs:
            if COMMITTEE_STAGE in req.stages:
                owing = committee_people(reader, p)
            elif AWAY_STAGE in req.stages:
                owing = away_people(reader, p)
            else:
                owing = owing_people(reader, p, req.stages, partial)
            for pid in owing:
                if members is None or pid in members:
                    by_member[pid].append(p)
        for pid in sorted(by_member):
            yield f"member:{pid}", by_member[pid]


def obligations(
    reader: Reader,
    span: Period,
    as_of: date,
    *,
    codes: Iterable[str] | None = None,
    members: set[int] | None = None,
) -> Iterator[Obligation]:
    """Every obligation of the enabled requirements in the calendar sub-periods that overlap
    `span`, with the records made by `as_of`: requirement by requirement in profile order,
    then scope by scope, then sub-period by sub-period.

    `codes` keeps only those requirements; `members` keeps, of the per-member ones, only
    those people (`dev due` asks for the few in development, not for every member's talk)."""
    reqs = requirements(reader, codes)
    counts = collect(reader, reqs, span, as_of)
    committee = committee_days(reader)
    for req in reqs:
        for scope, subs in owed_subs(reader, req, span, members=members, committee=committee):
            for p in subs:
                yield Obligation(req.code, scope, p, req.min, counts.within(req.code, scope, p))


def calendar_steps(
    reader: Reader, as_of: date, members: set[int]
) -> dict[int, list[tuple[str, date, bool]]]:
    """The development records of the profile due from `members` around `as_of`, as
    (code, due, overdue): the previous sub-period's end, overdue, when it ended without its
    records; the current one's end while it lacks them, else the next one's, so an overdue
    report does not hide the one coming up. What the profile switches off is not due."""
    out: dict[int, list[tuple[str, date, bool]]] = defaultdict(list)
    if not members:
        return out
    for req in requirements(reader, DEVELOPMENT_CODES):
        current = Period.of(req.every, as_of)
        span = Period(current.prev().start, current.next().end, "")
        owed: dict[int, dict[Period, Obligation]] = defaultdict(dict)
        for ob in obligations(reader, span, as_of, codes=(req.code,), members=members):
            pid = ob.member_id
            assert pid is not None
            owed[pid][ob.period] = ob
        for pid, by_period in owed.items():
            before = by_period.get(current.prev())
            if before is not None and not before.met:
                out[pid].append((req.code, before.period.end, True))
            now = by_period.get(current)
            if now is not None and not now.met:
                out[pid].append((req.code, current.end, False))
            elif now is not None or current.next() in by_period:
                out[pid].append((req.code, current.next().end, False))
    return out
