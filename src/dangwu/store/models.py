"""SQLModel tables. A schema change here is always a new migration in migrations/versions/.

History is data: a person's stage is derived from dated `stage_event` rows, their party
group from dated `group_membership` rows, committee posts from dated `committee_role`
rows. Every write also appends to `audit_log`.

Every date, month, period and amount, and the codes a report looks up, are checked by the
database itself (issue 23, migration 0013): on a server a branch's role may write its rows
with plain SQL, and one `birth_date = 'infinity'` made the higher committee's roll-up of
every branch fail. The checks refuse only what dangwu never writes.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    UniqueConstraint,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement
from sqlmodel import Field, SQLModel

from ..parse import MAX_FEN, MAX_YEAR, MIN_YEAR
from ..rules.away import AWAY_KINDS, LOST_REASONS
from ..rules.meetings import MEETING_TYPES

GENDERS = ("male", "female")
STAGES = ("applicant", "activist", "candidate", "probationary", "full")
CATEGORIES = ("in_service", "retired", "farmer", "student", "unemployed", "other")
LEFT_REASONS = (
    "deceased",
    "withdrew",
    "removed",
    "expelled",
    "lapsed",
    "transferred_out",
    "dropped",
)
JOIN_KINDS = ("roster", "transfer_in", "admitted", "applicant")
ROLES = ("secretary", "deputy_secretary", "organization", "propaganda", "discipline", "youth")


def _in(column: str, codes: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(c) for c in codes)})"


# The days a row may hold: those parse.py accepts typed (MIN_YEAR to MAX_YEAR), with a
# century of room for the days dangwu computes from typed ones (a probation's end, a
# follow-up's deadline). Not PostgreSQL's 'infinity', nor a year a report cannot read.
DATE_FLOOR, DATE_CEILING = f"{MIN_YEAR:04d}-01-01", f"{MAX_YEAR + 100:04d}-12-31"


class DateCheck(ColumnElement[bool]):
    """A date column holds a real day from DATE_FLOOR to DATE_CEILING, or NULL. PostgreSQL's
    date type makes it a day, and the range refuses 'infinity' and BC; SQLite keeps text,
    which date(x, '+0 days') gives back unchanged only for a real day written YYYY-MM-DD
    (date(x) alone gives 2026-02-30 back)."""

    type = Boolean()
    inherit_cache = False

    def __init__(self, column: str) -> None:
        self.column = column


@compiles(DateCheck)
def _date_check(element: DateCheck, compiler: Any, **kw: Any) -> str:
    return f"\"{element.column}\" BETWEEN '{DATE_FLOOR}' AND '{DATE_CEILING}'"


@compiles(DateCheck, "sqlite")
def _date_check_sqlite(element: DateCheck, compiler: Any, **kw: Any) -> str:
    c = f'"{element.column}"'
    return (
        f"COALESCE(date({c}, '+0 days') = {c}"
        f" AND {c} BETWEEN '{DATE_FLOOR}' AND '{DATE_CEILING}', {c} IS NULL)"
    )


def _month_check(column: str) -> str:
    """YYYY-MM in the years of DATE_FLOOR to DATE_CEILING (text on both backends), or NULL."""
    c = f'"{column}"'
    return (
        f"COALESCE(length({c}) = 7 AND substr({c}, 5, 1) = '-'"
        f" AND trim(substr({c}, 1, 4) || substr({c}, 6, 2), '0123456789') = ''"
        f" AND substr({c}, 6, 2) BETWEEN '01' AND '12'"
        f" AND {c} BETWEEN '{DATE_FLOOR[:7]}' AND '{DATE_CEILING[:7]}', {c} IS NULL)"
    )


def _period_check(column: str) -> str:
    """A period's code (rules/periods.py): 2026, 2026Q3, 2026H1 or 2026-11, or NULL."""
    c = f'"{column}"'
    return (
        f"COALESCE(trim(substr({c}, 1, 4), '0123456789') = ''"
        f" AND substr({c}, 1, 4) BETWEEN '{DATE_FLOOR[:4]}' AND '{DATE_CEILING[:4]}'"
        f" AND (length({c}) = 4"
        f" OR (length({c}) = 6 AND substr({c}, 5, 2) IN ('Q1', 'Q2', 'Q3', 'Q4', 'H1', 'H2'))"
        f" OR (length({c}) = 7 AND substr({c}, 5, 1) = '-'"
        f" AND trim(substr({c}, 6, 2), '0123456789') = ''"
        f" AND substr({c}, 6, 2) BETWEEN '01' AND '12')), {c} IS NULL)"
    )


def _dates(table: str, *columns: str) -> tuple[CheckConstraint, ...]:
    return tuple(CheckConstraint(DateCheck(c), name=f"ck_{table}_{c}") for c in columns)


def _money(column: str, floor: int = 0) -> str:
    """An amount in fen from `floor` to MAX_FEN (a billion yuan, parse.py), or NULL."""
    return f'"{column}" BETWEEN {floor} AND {MAX_FEN}'


class BranchSetting(SQLModel, table=True):
    __tablename__ = "branch_setting"
    key: str = Field(primary_key=True)
    value: str


class PartyGroup(SQLModel, table=True):
    __tablename__ = "party_group"
    __table_args__ = _dates("party_group", "created_on", "closed_on")
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    leader_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("person.id", name="fk_party_group_leader", use_alter=True)
        ),
    )
    created_on: date
    closed_on: date | None = None  # `group close`: no meetings owed from this day (0008)


class Person(SQLModel, table=True):
    __tablename__ = "person"
    __table_args__ = (
        CheckConstraint(_in("gender", GENDERS), name="ck_person_gender"),
        CheckConstraint(_in("category", CATEGORIES), name="ck_person_category"),
        CheckConstraint(_in("join_kind", JOIN_KINDS), name="ck_person_join_kind"),
        CheckConstraint(
            f"left_reason IS NULL OR {_in('left_reason', LEFT_REASONS)}",
            name="ck_person_left_reason",
        ),
        CheckConstraint("(left_on IS NULL) = (left_reason IS NULL)", name="ck_person_left_pair"),
        *_dates("person", "birth_date", "joined_on", "left_on", "letter_receipt_on", "voided_on"),
    )
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    gender: str
    birth_date: date | None = None
    id_number: str | None = Field(default=None, unique=True)
    ethnicity: str | None = None
    education: str | None = None
    phone: str | None = None
    category: str = "in_service"
    unit: str | None = None
    # The day the person joined this branch; NULL means "a member on every date".
    joined_on: date | None = None
    join_kind: str = "roster"
    join_org: str | None = None
    join_letter: str | None = None
    left_on: date | None = None
    left_reason: str | None = None
    left_org: str | None = None
    left_letter: str | None = None
    left_note: str | None = None
    # the transfer letter's validity in days and the day its 回执 came back (0010)
    letter_valid_days: int | None = None
    letter_receipt_on: date | None = None
    # 职业 in the national categories of the 党内统计年报 (0010), optional
    occupation: str | None = None
    # entered in error (`member void`): kept, counted nowhere, listed nowhere (0008)
    voided_on: date | None = None
    void_reason: str | None = None
    # transferred out and back (`member transfer-in REF`): the row of the new stint (0008)
    returned_as: int | None = None


class StageEvent(SQLModel, table=True):
    """One step of a person's stage history. `on` NULL: date unknown (roster without it)."""

    __tablename__ = "stage_event"
    __table_args__ = (
        CheckConstraint(_in("stage", STAGES), name="ck_stage_event_stage"),
        *_dates("stage_event", "on_date"),
        Index("ix_stage_event_person_on", "person_id", "on_date"),
    )
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id")
    stage: str
    on_date: date | None = None
    note: str | None = None


class GroupMembership(SQLModel, table=True):
    """Who belonged to which party group, from/to (NULL from: since always; NULL to: still)."""

    __tablename__ = "group_membership"
    __table_args__ = (
        *_dates("group_membership", "from_on", "to_on"),
        Index("ix_group_membership_person", "person_id", "from_on"),
    )
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id")
    group_id: int = Field(foreign_key="party_group.id", index=True)
    from_on: date | None = None
    to_on: date | None = None


class CommitteeRole(SQLModel, table=True):
    __tablename__ = "committee_role"
    __table_args__ = (
        CheckConstraint(_in("role", ROLES), name="ck_committee_role_role"),
        *_dates("committee_role", "from_on", "to_on"),
    )
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    role: str
    from_on: date
    to_on: date | None = None


class AuditLog(SQLModel, table=True):
    """Append-only trail: what changed, when, by which command, before and after (JSON)."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_table_row", "table_name", "row_id"),)
    id: int | None = Field(default=None, primary_key=True)
    at: str
    command: str
    action: str
    table_name: str
    row_id: int | None = None
    before: str | None = None
    after: str | None = None
    reason: str | None = None
    # the hash chain (store/audit_chain.py): the previous entry's hash and this one's
    prev_hash: str | None = None
    hash: str | None = None


ATTENDANCE = ("present", "absent", "leave", "exempt")
GRADES = ("excellent", "qualified", "basic", "unqualified")


class Meeting(SQLModel, table=True):
    """A meeting of organizational life. Counts and the quorum verdict are stored as
    computed on the day it was recorded (the roster on its date), so later roster edits
    never silently rewrite what a meeting was."""

    __tablename__ = "meeting"
    __table_args__ = (
        CheckConstraint(_in("type", MEETING_TYPES), name="ck_meeting_type"),
        CheckConstraint("status IN ('held', 'planned')", name="ck_meeting_status"),
        CheckConstraint("type != 'group' OR group_id IS NOT NULL", name="ck_meeting_group"),
        *_dates("meeting", "held_on", "voided_on"),
        Index("ix_meeting_type_held_on", "type", "held_on"),
    )
    id: int | None = Field(default=None, primary_key=True)
    type: str
    held_on: date = Field(index=True)
    status: str = "held"
    topic: str | None = None
    group_id: int | None = Field(default=None, foreign_key="party_group.id")
    host_id: int | None = Field(default=None, foreign_key="person.id")
    recorder_id: int | None = Field(default=None, foreign_key="person.id")
    place: str | None = None
    from_time: str | None = None  # "14:30", for the head of the 会议记录 (0010)
    to_time: str | None = None
    minutes: str | None = None
    resolutions: str | None = None
    guests: str | None = None
    expected: int | None = None
    present: int | None = None
    voting_expected: int | None = None
    voting_present: int | None = None
    quorum_met: bool | None = None
    # entered in error: kept, counted nowhere (migration 0007)
    voided_on: date | None = None
    void_reason: str | None = None
    work_report: bool | None = None  # a general meeting heard the committee's report (0011)
    speaker_id: int | None = None  # who gave a 党课 (no key: added by 0011 in place)
    cadre: bool | None = None  # a committee meeting on cadre matters: two thirds (0011)


class MeetingAttendance(SQLModel, table=True):
    """One row per member the meeting concerned: present, absent, on leave or exempt."""

    __tablename__ = "meeting_attendance"
    __table_args__ = (
        CheckConstraint(_in("status", ATTENDANCE), name="ck_attendance_status"),
        UniqueConstraint("meeting_id", "person_id", name="uq_attendance_meeting_person"),
        Index("ix_attendance_person", "person_id", "status"),
        Index("ix_attendance_status", "status", "person_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id")
    person_id: int = Field(foreign_key="person.id")
    status: str
    voting: bool  # a full member on the meeting's date (党章 art. 7)
    reason: str | None = None


class Talk(SQLModel, table=True):
    """谈心谈话 between two people."""

    __tablename__ = "talk"
    __table_args__ = (
        *_dates("talk", "on_date", "voided_on"),
        Index("ix_talk_person", "person_id", "on_date"),
    )
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id")
    with_id: int = Field(foreign_key="person.id", index=True)
    on_date: date
    topic: str | None = None
    voided_on: date | None = None  # entered in error: kept, counted nowhere (0007)
    void_reason: str | None = None


class Evaluation(SQLModel, table=True):
    """The yearly democratic evaluation (民主评议) result of one member."""

    __tablename__ = "evaluation"
    __table_args__ = (
        CheckConstraint(_in("grade", GRADES), name="ck_evaluation_grade"),
        *_dates("evaluation", "decided_on", "action_due", "action_done_on", "voided_on"),
        UniqueConstraint("person_id", "year", name="uq_evaluation_person_year"),
    )
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id")
    year: int = Field(index=True)
    grade: str
    action: str | None = None
    # the evaluation meeting's tallies for this member and the day the grade was decided;
    # an unqualified member's follow-up: its deadline, when it ended and how (0009)
    votes_excellent: int | None = None
    votes_qualified: int | None = None
    votes_basic: int | None = None
    votes_unqualified: int | None = None
    meeting_id: int | None = None  # the evaluation meeting (no key: added by 0009 in place)
    decided_on: date | None = None
    action_due: date | None = None
    action_done_on: date | None = None
    action_result: str | None = None
    # entered in error: kept, counted nowhere; recording the year again revives the row (0008)
    voided_on: date | None = None
    void_reason: str | None = None


PAYMENT_KINDS = ("regular", "voluntary", "reversal")
PERIOD_EVERY = ("month", "quarter", "half", "year")


class DuesBase(SQLModel, table=True):
    """A member's dues base from a month on; the due is fixed when the base is set."""

    __tablename__ = "dues_base"
    __table_args__ = (
        CheckConstraint(_in("category", CATEGORIES), name="ck_dues_base_category"),
        CheckConstraint("(income_fen IS NULL) != (fixed_fen IS NULL)", name="ck_dues_base_one_of"),
        CheckConstraint("income_fen IS NULL OR income_fen >= 0", name="ck_dues_base_income"),
        CheckConstraint("fixed_fen IS NULL OR fixed_fen >= 0", name="ck_dues_base_fixed"),
        CheckConstraint("due_fen >= 0", name="ck_dues_base_due"),
        CheckConstraint(_month_check("from_month"), name="ck_dues_base_from_month"),
        CheckConstraint(_money("income_fen"), name="ck_dues_base_income_max"),
        CheckConstraint(_money("fixed_fen"), name="ck_dues_base_fixed_max"),
        CheckConstraint(_money("due_fen"), name="ck_dues_base_due_max"),
        Index("ix_dues_base_person_month", "person_id", "from_month"),
    )
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id")
    from_month: str  # YYYY-MM
    category: str
    income_fen: int | None = None
    fixed_fen: int | None = None
    rate: str | None = None  # Decimal as text, e.g. "0.015"
    due_fen: int


class DuesPayment(SQLModel, table=True):
    """One entry per member-month paid; voluntary extras and reversals are entries too."""

    __tablename__ = "dues_payment"
    __table_args__ = (
        CheckConstraint(_in("kind", PAYMENT_KINDS), name="ck_dues_payment_kind"),
        CheckConstraint(
            "(kind = 'reversal') = (reverses_id IS NOT NULL)", name="ck_dues_payment_reverses"
        ),
        CheckConstraint("kind = 'reversal' OR amount_fen >= 0", name="ck_dues_payment_amount"),
        # a reversal takes back what an entry paid: its amount is that entry's, negated
        CheckConstraint(
            "kind != 'reversal' OR amount_fen <= 0", name="ck_dues_payment_reversal_amount"
        ),
        CheckConstraint(_money("amount_fen", -MAX_FEN), name="ck_dues_payment_amount_max"),
        CheckConstraint(_month_check("month"), name="ck_dues_payment_month"),
        *_dates("dues_payment", "paid_on"),
        # covering: the dues reports sum amount_fen from the indexes alone (migration 0006)
        Index(
            "ix_dues_payment_person_month", "person_id", "month", "kind", "paid_on", "amount_fen"
        ),
        Index("ix_dues_payment_month", "month", "kind", "paid_on", "amount_fen"),
        Index("uq_dues_payment_reverses", "reverses_id", unique=True),
    )
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id")
    month: str  # YYYY-MM
    amount_fen: int
    kind: str
    paid_on: date
    receipt: str | None = None
    by_id: int | None = Field(default=None, foreign_key="person.id")
    note: str | None = None
    reverses_id: int | None = Field(default=None, foreign_key="dues_payment.id")


class ReportSent(SQLModel, table=True):
    """The branch's report to the higher committee for a period (`higher_report`, 0011)."""

    __tablename__ = "report_sent"
    __table_args__ = (
        CheckConstraint(_period_check("period"), name="ck_report_sent_period"),
        *_dates("report_sent", "on_date", "voided_on"),
    )
    id: int | None = Field(default=None, primary_key=True)
    period: str
    on_date: date
    note: str | None = None
    voided_on: date | None = None
    void_reason: str | None = None


class CommitteeElection(SQLModel, table=True):
    """A 换届: the general meeting that elected the branch committee, and its term (0012)."""

    __tablename__ = "committee_election"
    __table_args__ = (
        CheckConstraint("years > 0", name="ck_committee_election_years"),
        *_dates("committee_election", "on_date", "approved_on", "voided_on"),
    )
    id: int | None = Field(default=None, primary_key=True)
    on_date: date
    years: int
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id")
    approved_on: date | None = None  # the higher committee's approval (early or late)
    note: str | None = None
    voided_on: date | None = None
    void_reason: str | None = None


class MemberAway(SQLModel, table=True):
    """A member working or studying away (流动党员) from a day, with the certificate (0012)."""

    __tablename__ = "member_away"
    __table_args__ = (
        CheckConstraint(_in("kind", AWAY_KINDS), name="ck_member_away_kind"),
        *_dates("member_away", "from_on", "until_on", "back_on", "voided_on"),
        Index("ix_member_away_person", "person_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id")
    place: str
    from_on: date
    until_on: date | None = None  # the planned end
    back_on: date | None = None  # the day they came back (`member back`)
    certificate: str | None = None
    kind: str = "card"  # card: 流动党员活动证; letter: 证明信
    voided_on: date | None = None
    void_reason: str | None = None


class AwayReport(SQLModel, table=True):
    """A written report from a member away to the home branch (`away_report`, 0012)."""

    __tablename__ = "away_report"
    __table_args__ = (
        *_dates("away_report", "on_date", "voided_on"),
        Index("ix_away_report_person", "person_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id")
    on_date: date
    note: str | None = None
    voided_on: date | None = None
    void_reason: str | None = None


class MemberLost(SQLModel, table=True):
    """A member out of contact (失联) since a day, with the reason; found again on a day (0012)."""

    __tablename__ = "member_lost"
    __table_args__ = (
        CheckConstraint(_in("reason", LOST_REASONS), name="ck_member_lost_reason"),
        *_dates("member_lost", "since", "found_on", "voided_on"),
        Index("ix_member_lost_person", "person_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id")
    since: date
    reason: str
    found_on: date | None = None
    note: str | None = None
    voided_on: date | None = None
    void_reason: str | None = None


class DuesRemit(SQLModel, table=True):
    """Money handed up to the higher committee for a period."""

    __tablename__ = "dues_remit"
    __table_args__ = (
        CheckConstraint("amount_fen > 0", name="ck_dues_remit_amount"),
        CheckConstraint(_money("amount_fen"), name="ck_dues_remit_amount_max"),
        CheckConstraint(_period_check("period"), name="ck_dues_remit_period"),
        *_dates("dues_remit", "start", "end", "on_date", "voided_on"),
    )
    id: int | None = Field(default=None, primary_key=True)
    period: str
    start: date
    end: date
    amount_fen: int
    on_date: date
    receipt: str | None = None
    voided_on: date | None = None  # entered in error: kept, counted nowhere (0008)
    void_reason: str | None = None


class DuesStatement(SQLModel, table=True):
    """The day the year's dues statement was published to the members."""

    __tablename__ = "dues_statement"
    __table_args__ = _dates("dues_statement", "published_on", "voided_on")
    id: int | None = Field(default=None, primary_key=True)
    year: int = Field(unique=True)
    published_on: date
    # entered in error: kept, counted nowhere; publishing the year again revives the row (0008)
    voided_on: date | None = None
    void_reason: str | None = None


class RuleSetting(SQLModel, table=True):
    """The branch's own value for a rule-profile entry (absent: the default in rules/)."""

    __tablename__ = "rule_setting"
    __table_args__ = (
        CheckConstraint(
            f"every IS NULL OR {_in('every', PERIOD_EVERY)}", name="ck_rule_setting_every"
        ),
        CheckConstraint("min IS NULL OR min >= 0", name="ck_rule_setting_min"),
    )
    code: str = Field(primary_key=True)
    every: str | None = None
    min: int | None = None
    enabled: bool | None = None
    value: int | None = None


DEV_KINDS = (
    "apply",
    "activist",
    "candidate",
    "admit",
    "approve_admission",
    "convert",
    "approve_conversion",
    "extend",
    "drop",
    "talk",
    "review",
    "thought_report",
    "training",
    "political_review",
    "pre_review",
    "public_notice",
    "oath",
    # the rest of the 25 steps (migration 0009)
    "filing",
    "committee_review",
    "application_form",
    "higher_talk",
    "resolution_sent",
    "conversion_application",
    "archive",
    "mass_forum",
)


class DevEvent(SQLModel, table=True):
    """One dated step or record of a person's development (发展党员) file."""

    __tablename__ = "dev_event"
    __table_args__ = (
        CheckConstraint(_in("kind", DEV_KINDS), name="ck_dev_event_kind"),
        CheckConstraint("until_date IS NULL OR until_date >= on_date", name="ck_dev_event_until"),
        CheckConstraint("hours IS NULL OR hours > 0", name="ck_dev_event_hours"),
        *_dates("dev_event", "on_date", "until_date", "voided_on"),
        Index("ix_dev_event_person", "person_id", "on_date"),
    )
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id")
    kind: str
    on_date: date
    by_id: int | None = Field(default=None, foreign_key="person.id")
    hours: float | None = None
    until_date: date | None = None
    note: str | None = None
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id")
    votes_for: int | None = None
    votes_against: int | None = None
    votes_abstain: int | None = None
    months: int | None = None
    recommendation: str | None = None
    forced_reason: str | None = None
    number: str | None = None  # the 入党志愿书's number (0009)
    voided_on: date | None = None  # entered in error (`dev void`): counted nowhere (0008)
    void_reason: str | None = None


class DevParty(SQLModel, table=True):
    """The contacts (培养联系人) and introducers (入党介绍人) named at a step."""

    __tablename__ = "dev_party"
    __table_args__ = (
        CheckConstraint("role IN ('contact', 'introducer')", name="ck_dev_party_role"),
        UniqueConstraint("event_id", "person_id", name="uq_dev_party_event_person"),
    )
    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="dev_event.id")
    person_id: int = Field(foreign_key="person.id", index=True)
    role: str


class RowSeal(SQLModel, table=True):
    """A data row's values as dangwu last wrote them (store/seal.py; migration 0008)."""

    __tablename__ = "row_seal"
    tbl: str = Field(primary_key=True)
    row_key: str = Field(primary_key=True)
    vals: str


class SealPending(SQLModel, table=True):
    """A row written since the last seal, noted by the tables' triggers (store/seal.py)."""

    __tablename__ = "seal_pending"
    seq: int | None = Field(default=None, primary_key=True)
    tbl: str
    row_key: str
