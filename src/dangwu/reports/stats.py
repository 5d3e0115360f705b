"""`report stats`: the branch's base figures of the 党内统计年报 (rules/statistics.py).

第一表 balances the members on 31 December of the year before (上年底) and of the year (本年底)
with the year's increases and decreases, each by kind and naming the people behind it; then
the members on 31 December by the published categories, the year's 民主评议, 出党, 预备党员转正
and 发展党员. Who is a member on a day is the roster index's answer (store/roster_index.py), and
what counts as admitted, converted, extended, transferred in and left are the rows the year
report counts (reports/year.py *_ROWS), so `report stats` and `report year` agree.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from ..rules import statistics as rules
from ..rules.periods import Period, full_years
from ..store.reader import Reader, as_date
from ..store.roster_index import MEMBER_STAGES, roster_index
from .year import (
    ENTERED_HERE_ROWS,
    EXTENDED_ROWS,
    MEMBERS_LEFT_ROWS,
    TRANSFERRED_IN_ROWS,
    evaluation,
    membership,
)
from .year import development as pipeline

ADDED_KINDS = ("admitted", "transferred_in", "other")
REMOVED_KINDS = (
    "deceased",
    "transferred_out",
    "expelled",
    "removed",
    "lapsed",
    "withdrew",
    "dropped",
)
# 出党 (第十、十一表): members who left the Party, by the decision that ended their membership
LEFT_PARTY = ("expelled", "removed", "lapsed", "withdrew")

# The year's members who joined this branch in a member stage by no admission and no transfer:
# entered on the roster with a joining day in the year (an `other` increase of 第一表)
_ENTERED_OTHERWISE = """SELECT p.id, p.name, p.joined_on AS on_date FROM person p
  WHERE p.joined_on BETWEEN :s AND :e AND p.voided_on IS NULL AND p.join_kind != 'transfer_in'
    AND (SELECT se.stage FROM stage_event se WHERE se.person_id = p.id
         AND (se.on_date IS NULL OR se.on_date <= p.joined_on) ORDER BY se.id DESC LIMIT 1)
        IN ('full', 'probationary')
  ORDER BY p.joined_on, p.id"""


def _person(row: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"id": row["id"], "name": row["name"], "on": as_date(row["on_date"]), **extra}


def _group(people: list[dict[str, Any]]) -> dict[str, Any]:
    return {"count": len(people), "people": people}


def _who(ids: list[int], names: dict[int, str]) -> list[dict[str, Any]]:
    return [{"id": pid, "name": names.get(pid, "")} for pid in ids]


def _changes(reader: Reader, span: dict[str, date]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The year's increases and decreases by kind, each person named with the day."""
    admitted = [
        _person(r)
        for r in reader.rows(
            "SELECT p.id, p.name, se.on_date "
            + ENTERED_HERE_ROWS.format(stage="probationary")
            + " ORDER BY se.on_date, p.id",
            span,
        )
    ]
    returned = {
        int(pid)
        for (pid,) in reader.tuples("SELECT returned_as FROM person WHERE returned_as IS NOT NULL")
    }
    transferred_in = [
        _person(r, org=r["join_org"], returned=int(r["id"]) in returned)
        for r in reader.rows(
            "SELECT p.id, p.name, p.joined_on AS on_date, p.join_org "
            + TRANSFERRED_IN_ROWS
            + " ORDER BY p.joined_on, p.id",
            span,
        )
    ]
    seen = {p["id"] for p in admitted}
    other = [_person(r) for r in reader.rows(_ENTERED_OTHERWISE, span) if r["id"] not in seen]
    removed: dict[str, list[dict[str, Any]]] = {k: [] for k in REMOVED_KINDS}
    for r in reader.rows(
        "SELECT p.id, p.name, p.left_on AS on_date, p.left_reason, p.left_org "
        + MEMBERS_LEFT_ROWS
        + " ORDER BY p.left_on, p.id",
        span,
    ):
        extra = {"org": r["left_org"]} if r["left_reason"] == "transferred_out" else {}
        removed.setdefault(r["left_reason"], []).append(_person(r, **extra))
    added = {"admitted": admitted, "transferred_in": transferred_in, "other": other}
    return (
        {
            "total": sum(len(v) for v in added.values()),
            "by_kind": {k: _group(v) for k, v in added.items()},
        },
        {
            "total": sum(len(v) for v in removed.values()),
            "by_kind": {k: _group(v) for k, v in removed.items()},
        },
    )


def _ids(section: dict[str, Any]) -> list[int]:
    return [p["id"] for g in section["by_kind"].values() for p in g["people"]]


def _difference(
    reader: Reader,
    start: list[int],
    end: list[int],
    added: dict[str, Any],
    removed: dict[str, Any],
    names: dict[int, str],
) -> dict[str, Any]:
    """本年底 − (上年底 + 增 − 减), and the people it comes from, with what the ledger holds of
    their joining and leaving (2009 审核要点: "实有数与应有数之差" must be explained)."""
    found = rules.reconcile(start, end, _ids(added), _ids(removed))
    people = []
    if found:
        marks = ",".join(str(d.person) for d in found)
        held = {
            r["id"]: r
            for r in reader.rows(
                "SELECT id, joined_on, join_kind, left_on, left_reason FROM person"
                f" WHERE id IN ({marks})"
            )
        }
        for d in found:
            row = held.get(d.person, {})
            people.append(
                {
                    "id": d.person,
                    "name": names.get(d.person, ""),
                    "member_at_start": d.at_start,
                    "member_at_end": d.at_end,
                    "counted": d.counted,
                    "missing": d.missing,
                    "joined_on": as_date(row.get("joined_on")),
                    "join_kind": row.get("join_kind"),
                    "left_on": as_date(row.get("left_on")),
                    "left_reason": row.get("left_reason"),
                }
            )
    return {"count": sum(d.missing for d in found), "people": people}


def _zeros(counts: Counter[str], keys: tuple[str, ...]) -> dict[str, int]:
    """`keys` in order with zeros, then "unknown" when some are."""
    out = {k: counts.get(k, 0) for k in keys}
    if counts.get("unknown"):
        out["unknown"] = counts["unknown"]
    return out


def _profiles(reader: Reader) -> dict[int, tuple[Any, ...]]:
    return {
        pid: tuple(rest)
        for pid, *rest in reader.tuples(
            "SELECT id, gender, ethnicity, education, birth_date, occupation FROM person"
        )
    }


def _basic(
    reader: Reader,
    day: date,
    ids: list[int],
    fields: dict[int, tuple[Any, ...]],
    names: dict[int, str],
) -> dict[str, Any]:
    """The members on `day` (31 December) by the 公报's categories (第二表, 第四表)."""
    m = membership(reader, day, day)
    ages: Counter[str] = Counter()
    levels: Counter[str] = Counter()
    jobs: Counter[str] = Counter()
    unknown: dict[str, list[int]] = {k: [] for k in ("birth_date", "education", "occupation")}
    # one age per birth date (people born on one day share it)
    band_of: dict[Any, str] = {}
    for pid in ids:
        _, _, education, born, occupation = fields[pid]
        if born is None:
            ages["unknown"] += 1
            unknown["birth_date"].append(pid)
        else:
            band = band_of.get(born)
            if band is None:
                band = band_of[born] = rules.age_band(full_years(as_date(born), day))  # type: ignore[arg-type]
            ages[band] += 1
        level = rules.education_level(education)
        levels[level or "unknown"] += 1
        if level is None:
            unknown["education"].append(pid)
        if occupation in rules.OCCUPATIONS:
            jobs[occupation] += 1
        else:
            jobs["unknown"] += 1
            unknown["occupation"].append(pid)
    unknown["ethnicity"] = [pid for pid in ids if rules.is_minority(fields[pid][1]) is None]
    return {
        "on": day,
        "total": m["total"],
        "full": m["full"],
        "probationary": m["probationary"],
        "women": m["by_gender"].get("female", 0),
        "minorities": m["by_ethnicity"].get("minority", 0),
        "college_or_above": sum(levels.get(k, 0) for k in rules.COLLEGE_OR_ABOVE),
        "by_gender": m["by_gender"],
        "by_ethnicity": m["by_ethnicity"],
        "by_education": _zeros(levels, rules.EDUCATION_LEVELS),
        "by_age_band": _zeros(ages, rules.age_bands()),
        "by_occupation": _zeros(jobs, rules.OCCUPATIONS),
        # the members a category could not place, by the field they lack: the 职业 first of
        # all, which rosters kept before it was a field lack for everyone
        "unknown": {k: _who(v, names) for k, v in unknown.items()},
        # of them, 流动党员 (working or studying away) and 失联党员 (out of contact) on the
        # day, each named with the day it began: still members, so Table 1 is unchanged
        **_away_and_lost(reader, day),
    }


def _away_and_lost(reader: Reader, day: date) -> dict[str, Any]:
    from .away import away_on_day
    from .lost import lost_on_day

    def once(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
        seen: dict[int, dict[str, Any]] = {}
        for r in rows:
            seen.setdefault(r["member_id"], {"id": r["member_id"], "name": r["name"], "on": r[key]})
        return list(seen.values())

    return {
        "away": _group(once(away_on_day(reader, day), "from_on")),
        "lost": _group(once(lost_on_day(reader, day), "since")),
    }


def _joined_bands(index: Any, ids: list[int], names: dict[int, str], day: date) -> dict[str, Any]:
    """第三表: the members on `day` by when they joined the Party (the admission day)."""
    bands: Counter[str] = Counter()
    unknown = []
    for pid in ids:
        admitted = index.admitted_on(pid)
        if admitted is None:
            unknown.append(pid)
        else:
            bands[rules.joined_band(as_date(admitted))] += 1  # type: ignore[arg-type]
    return {
        "on": day,
        "by_band": {k: bands.get(k, 0) for k in rules.JOINED_BANDS},
        "unknown": _group(_who(unknown, names)),
    }


def _evaluation(
    reader: Reader, y: int, as_of: date, end_ids: list[int], names: dict[int, str]
) -> dict[str, Any]:
    """第八表: the year's 民主评议 (reports/evaluation.py, as `report year` has it), the
    members on 31 December without a result named."""
    ev = evaluation(reader, y, as_of)
    graded = {
        int(pid)
        for (pid,) in reader.tuples(
            "SELECT person_id FROM evaluation WHERE year = :y AND voided_on IS NULL", {"y": y}
        )
    }
    handling = Counter(u["action_code"] or "undecided" for u in ev["unqualified"])
    return {
        "members": ev["members"],
        "evaluated": ev["evaluated"],
        "grades": ev["grades"],
        "not_evaluated": _group(_who([p for p in end_ids if p not in graded], names)),
        "unqualified": [
            {"id": u["member_id"], "name": u["name"], "action": u["action_code"]}
            for u in ev["unqualified"]
        ],
        "handling": {k: handling.get(k, 0) for k in ("correct", "persuade", "remove")}
        | ({"undecided": handling["undecided"]} if handling.get("undecided") else {}),
    }


def _conversion(reader: Reader, span: dict[str, date], removed: dict[str, Any]) -> dict[str, Any]:
    """第十三表: conversions approved here in the year (on time, or after an extension), the
    extensions decided in the year, and the probationary members disqualified."""
    extended_on: dict[int, list[date]] = {}
    for pid, on in reader.tuples(
        "SELECT person_id, on_date FROM dev_event WHERE kind = 'extend' AND voided_on IS NULL"
    ):
        extended_on.setdefault(int(pid), []).append(as_date(on))  # type: ignore[arg-type]
    on_time: list[dict[str, Any]] = []
    after: list[dict[str, Any]] = []
    for r in reader.rows(
        "SELECT p.id, p.name, se.on_date "
        + ENTERED_HERE_ROWS.format(stage="full")
        + " ORDER BY se.on_date, p.id",
        span,
    ):
        person = _person(r)
        before = [d for d in extended_on.get(int(r["id"]), []) if d <= person["on"]]
        (after if before else on_time).append(person)
    extended = [
        _person(r)
        for r in reader.rows(
            "SELECT p.id, p.name, e.on_date " + EXTENDED_ROWS + " ORDER BY e.on_date, p.id", span
        )
    ]
    return {
        "converted": len(on_time) + len(after),
        "on_time": _group(on_time),
        "after_extension": _group(after),
        "extended": _group(extended),
        "disqualified": removed["by_kind"]["dropped"],
    }


def _development(
    reader: Reader,
    period: Period,
    admitted: list[dict[str, Any]],
    fields: dict[int, tuple[Any, ...]],
) -> dict[str, Any]:
    """第十四、十五表: the members admitted (as probationary) here in the year by the 公报's
    categories, and the year's pipeline as `report year` counts it."""
    women = minorities = young = college = 0
    jobs: Counter[str] = Counter()
    for p in admitted:
        gender, ethnicity, education, born, occupation = fields[p["id"]]
        women += gender == "female"
        minorities += bool(rules.is_minority(ethnicity))
        born_on = as_date(born)
        young += born_on is not None and full_years(born_on, p["on"]) <= rules.YOUNG_AT_ADMISSION
        college += rules.education_level(education) in rules.COLLEGE_OR_ABOVE
        jobs[occupation if occupation in rules.DEVELOPMENT_OCCUPATIONS else "unknown"] += 1
    return {
        "admitted": len(admitted),
        "women": women,
        "minorities": minorities,
        "young": young,
        "college_or_above": college,
        "by_occupation": _zeros(jobs, rules.DEVELOPMENT_OCCUPATIONS),
        "people": admitted,
        "pipeline": pipeline(reader, period),
    }


def stats_report(reader: Reader, y: int, as_of: date) -> dict[str, Any]:
    """The base figures of the 党内统计年报 for year `y`, the ledger as it stands on `as_of`."""
    period = Period.year(y)
    start_day, end_day = date(y - 1, 12, 31), period.end
    index = roster_index(reader)
    names = {pid: p.name for pid, p in index.people.items()}
    start_ids = index.in_branch(start_day, MEMBER_STAGES)
    end_ids = index.in_branch(end_day, MEMBER_STAGES)
    span = {"s": period.start, "e": period.end}
    added, removed = _changes(reader, span)
    difference = _difference(reader, start_ids, end_ids, added, removed, names)

    def ends(day: date, ids: list[int]) -> dict[str, Any]:
        stages = Counter(index.stages_on(day).get(pid) for pid in ids)
        return {
            "on": day,
            "total": len(ids),
            "full": stages.get("full", 0),
            "probationary": stages.get("probationary", 0),
        }

    fields = _profiles(reader)
    left = {k: removed["by_kind"][k] for k in LEFT_PARTY}
    return {
        "year": y,
        "as_of": as_of,
        # the year still running: its end as the ledger stands today
        "running": as_of < end_day,
        "start": ends(start_day, start_ids),
        "end": ends(end_day, end_ids),
        "added": added,
        "removed": removed,
        "balanced": not difference["people"],
        "difference": difference,
        "basic": _basic(reader, end_day, end_ids, fields, names),
        "joined_bands": _joined_bands(index, end_ids, names, end_day),
        "evaluation": _evaluation(reader, y, min(as_of, end_day), end_ids, names),
        "left": {"total": sum(g["count"] for g in left.values()), "by_reason": left},
        "conversion": _conversion(reader, span, removed),
        "development": _development(reader, period, added["by_kind"]["admitted"]["people"], fields),
    }
