"""`report checklist`: every concrete task due in a quarter, done or not, and when."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..i18n import label, period_label, tr
from ..rules import dues as dues_rules
from ..rules.development import EARLIEST_DAY_STEPS
from ..rules.periods import Period, month_of, month_runs
from ..store.dues_queries import first_base_month, members_without_base, owed_by_member
from ..store.profile_queries import dues_deadline_day
from ..store.reader import Reader, as_date
from .compliance import req_label
from .dues import away_deferred
from .obligations import (
    DEVELOPMENT_CODES,
    Obligation,
    obligations,
    people_in_stage,
    requirements,
)


def _task(
    category: str,
    code: str,
    title: str,
    due: date,
    done_on: date | None,
    member_id: int | None = None,
    done: bool | None = None,
) -> dict[str, Any]:
    return {
        "category": category,
        "code": code,
        "title": title,
        "due": due,
        "done": done if done is not None else done_on is not None,
        "done_on": done_on,
        "member_id": member_id,
    }


def _names(reader: Reader, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    marks = ",".join(str(i) for i in sorted(ids))
    return {
        r["id"]: r["name"]
        for r in reader.rows(f"SELECT id, name FROM person WHERE id IN ({marks})")
    }


def _election_tasks(reader: Reader, quarter: Period, as_of: date) -> list[dict[str, Any]]:
    """The election (换届) that ends a term: a task from the first quarter that begins within
    six months of the term's end (rules/terms.py HEADS_UP_MONTHS), until the quarter of the
    election, or every quarter while it is overdue."""
    from ..store.term_queries import terms

    held = terms(reader, as_of)
    out = []
    for i, term in enumerate(held):
        done_on = held[i + 1].start if i + 1 < len(held) else None
        if quarter.start < term.heads_up or (done_on is not None and done_on < quarter.start):
            continue
        out.append(
            _task(
                "committee",
                "committee_election",
                tr(
                    f"支部委员会换届选举（{period_label(f'{term.start}..{term.end}')}）",
                    f"elect the committee ({period_label(f'{term.start}..{term.end}')})",
                ),
                term.end,
                done_on,
            )
        )
    return out


def checklist(reader: Reader, quarter: Period, as_of: date) -> dict[str, Any]:
    tasks: list[dict[str, Any]] = []
    personal: list[Obligation] = []
    # the obligations engine's sub-periods that end in the quarter, with the records as they
    # stood on `as_of` (what was done afterwards is not done yet)
    for ob in obligations(reader, quarter, as_of):
        if not quarter.start <= ob.period.end <= quarter.end:
            continue
        if ob.code == "committee_election":
            continue  # its own tasks below: from six months ahead until held
        if ob.member_id is not None:
            personal.append(ob)
        elif ob.code == "dues_remit":
            tasks.append(
                _task(
                    "remit",
                    ob.code,
                    tr(
                        f"上缴{period_label(ob.period.code)}党费",
                        f"hand over the dues of {ob.period.code}",
                    ),
                    ob.period.end,
                    _remitted_on(reader, ob, as_of),
                )
            )
        elif ob.code == "dues_statement":
            year = ob.period.start.year
            what = f"{year}年" if ob.period.kind == "year" else period_label(ob.period.code)
            tasks.append(
                _task(
                    "dues",
                    ob.code,
                    tr(f"公布{what}党费收缴情况", f"publish the {ob.period.code} dues statement"),
                    ob.period.end,
                    _published_on(reader, year, as_of) if ob.met else None,
                )
            )
        else:
            where = f"{ob.scope[6:]} " if ob.scope.startswith("group:") else ""
            tasks.append(
                _task(
                    "meeting",
                    ob.code,
                    f"{where}{req_label(ob.code)} {period_label(ob.period.code)}",
                    ob.period.end,
                    ob.met_day,
                )
            )
    names = _names(reader, {ob.member_id for ob in personal if ob.member_id is not None})
    for ob in sorted(personal, key=lambda o: (o.member_id, o.code)):
        pid = ob.member_id
        assert pid is not None
        tasks.append(
            _task(
                {"talk": "talk", "leader_lecture": "meeting"}.get(ob.code, "development"),
                ob.code,
                f"{names.get(pid, pid)} {req_label(ob.code)} {period_label(ob.period.code)}",
                ob.period.end,
                ob.met_day,
                pid,
            )
        )
    if requirements(reader, ("committee_election",)):
        tasks += _election_tasks(reader, quarter, as_of)
    tasks += _dues_tasks(reader, quarter, as_of)
    tasks += _development_tasks(reader, quarter, as_of)
    if quarter.end.month == 12 and requirements(reader, ("evaluation",)):
        # each member's result of the year's democratic evaluation (off with the rule)
        tasks += _evaluation_tasks(reader, quarter.end.year, as_of)
    # the follow-up of unqualified members: the handling to decide, the 限期改正 to close
    from .evaluation import tasks as evaluation_followups

    tasks += [
        _task(
            "evaluation", t["code"], t["title"], t["due"], t["done_on"], t["member_id"], t["done"]
        )
        for t in evaluation_followups(reader, quarter, as_of)
    ]
    tasks.sort(
        key=lambda t: (
            not overdue(t, as_of),
            t["done"],
            t["due"],
            t["category"],
            t["member_id"] or 0,
        )
    )
    return {"quarter": quarter.code, "as_of": as_of, "tasks": tasks}


def _remitted_on(reader: Reader, ob: Obligation, as_of: date) -> date | None:
    """The first hand-over, made by `as_of`, of money of the sub-period (a half-year's counts
    for both its quarters, as the engine counts it)."""
    if not ob.met:
        return None
    return as_date(
        reader.scalar(
            """SELECT MIN(on_date) FROM dues_remit
               WHERE start <= :e AND "end" >= :s AND on_date <= :d AND voided_on IS NULL""",
            {"s": ob.period.start, "e": ob.period.end, "d": as_of},
        )
    )


def _published_on(reader: Reader, year: int, as_of: date) -> date | None:
    return as_date(
        reader.scalar(
            "SELECT published_on FROM dues_statement WHERE year = :y AND published_on <= :d"
            " AND voided_on IS NULL",
            {"y": year, "d": as_of},
        )
    )


def overdue(task: dict[str, Any], as_of: date) -> bool:
    """Open past its due day; a development step dated by the earliest day it may be taken
    (`candidate`) is never overdue, as `dev due` has it."""
    if task["done"] or task["due"] >= as_of:
        return False
    return not (task["category"] == "development" and task["code"] in EARLIEST_DAY_STEPS)


def _dues_tasks(reader: Reader, quarter: Period, as_of: date) -> list[dict[str, Any]]:
    day = dues_deadline_day(reader)
    out = []
    # months owed on `as_of` (deadline passed), up to the quarter's end
    last = min(quarter.months()[-1].code, month_of(dues_rules.last_owed_month(as_of, day)))
    # as `dues status` counts them: a member away paying quarterly owes a month of their
    # time away only once its quarter has ended (away_quarterly_dues)
    owed = away_deferred(reader, as_of, day, owed_by_member(reader, as_of, last, None, as_of))
    unpaid: list[dict[str, Any]] = [
        {"person_id": pid, "month": m} for pid, o in owed.items() for m in o.months
    ]
    owed_by_month: dict[str, set[int]] = {}
    for r in unpaid:
        owed_by_month.setdefault(r["month"], set()).add(r["person_id"])
    first_month = first_base_month(reader)
    for m in quarter.months():
        if first_month is None or m.code < first_month:
            continue  # no month of dues yet: nothing to collect
        due = dues_rules.deadline(m.start, day)
        nobody = not owed_by_month.get(m.code) and as_of > due
        done_on = None
        if nobody:
            done_on = as_date(
                reader.scalar(
                    """SELECT MAX(paid_on) FROM dues_payment
                       WHERE month = :m AND kind = 'regular' AND paid_on <= :d""",
                    {"m": m.code, "d": as_of},
                )
            )
        out.append(
            _task(
                "dues",
                "dues_month",
                tr(f"收缴{period_label(m.code)}党费", f"collect the dues of {m.code}"),
                due,
                done_on,
                done=nobody,
            )
        )
    # dues owed by name: every member with unpaid months up to the end of this quarter
    per: dict[int, list[str]] = {}
    for r in unpaid:
        per.setdefault(r["person_id"], []).append(r["month"])
    names = _names(reader, set(per))
    for pid, months in sorted(per.items()):
        first = Period.of_code(months[0])
        span = month_runs(months)  # not first..last: a gap is not owed
        out.append(
            _task(
                "dues",
                "dues_month",
                tr(f"{names.get(pid)} 补交党费 {span}", f"{names.get(pid)}: dues owed {span}"),
                dues_rules.deadline(first.start, day),
                None,
                pid,
            )
        )
    # a member with no dues base owes no month the ledger can count (`dues status` flags
    # them no_base): setting the base is the task, due with the quarter's first month
    for r in members_without_base(reader, as_of):
        out.append(
            _task(
                "dues",
                "dues_base",
                tr(
                    f"为 {r['name']} 设定党费缴费基数（dangwu dues base）",
                    f"set {r['name']}'s dues base (dangwu dues base)",
                ),
                dues_rules.deadline(quarter.start, day),
                None,
                r["id"],
            )
        )
    return out


def _development_tasks(reader: Reader, quarter: Period, as_of: date) -> list[dict[str, Any]]:
    from ..reports.pipeline import pipeline

    out = []
    for p in pipeline(reader, as_of):
        for s in p["steps"]:
            if s.code in DEVELOPMENT_CODES or s.due is None:
                continue  # the periodic records come from the obligations engine above
            # due in the quarter, or due before it and still open on `as_of` (carried over);
            # a step due after the quarter is no task of it
            if s.due <= quarter.end:
                out.append(
                    _task(
                        "development",
                        s.code,
                        f"{p['name']} {label('dev_step', s.code)}",
                        s.due,
                        None,
                        p["member_id"],
                    )
                )
    return out


def _evaluation_tasks(reader: Reader, year: int, as_of: date) -> list[dict[str, Any]]:
    end = date(year, 12, 31)
    day = min(end, as_of) if as_of >= date(year, 1, 1) else end
    ids = people_in_stage(reader, day, ("full", "probationary"), day)
    done = {
        r["person_id"]
        for r in reader.rows(
            "SELECT person_id FROM evaluation WHERE year = :y AND voided_on IS NULL", {"y": year}
        )
    }
    names = _names(reader, set(ids))
    return [
        _task(
            "evaluation",
            "evaluation",
            tr(
                f"{names.get(pid)} {year} 年度民主评议结果",
                f"{names.get(pid)}: {year} evaluation result",
            ),
            end,
            None,
            pid,
            done=pid in done,
        )
        for pid in ids
    ]
