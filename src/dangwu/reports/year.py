"""`report year`: the year-end report for the higher committee (RULES.md "Year-end report")."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from ..i18n import period_label, tr
from ..rules.periods import Period, full_years
from ..rules.statistics import is_minority
from ..store.reader import Reader, as_date
from ..store.roster_index import MEMBER_STAGES, roster_index
from .compliance import compliance, req_label
from .dues import statement, year_arrears
from .evaluation import year_section

# RULES.md "Year-end report": age bands on 31 December.
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
LOW_ATTENDANCE = 0.6  # RULES.md: members below a 60% attendance rate


def short_detail(item: dict[str, Any], name: str | None) -> str:
    """A short requirement as a sentence in the user's language: 支部委员会（支部）：2026年8月未完成."""
    scope = item["scope"]
    if scope.startswith("group:"):
        where = scope[len("group:") :]
    elif scope.startswith("member:"):
        where = name or scope[len("member:") :]
    else:
        where = tr("支部", "the branch")
    gaps = [period_label(g) for g in item["gaps"]]
    return tr(
        f"{req_label(item['code'])}（{where}）：{'、'.join(gaps)}未完成",
        f"{req_label(item['code'])} ({where}): none in {', '.join(gaps)}",
    )


def age_band(born: date | None, on: date) -> str:
    if born is None:
        return "unknown"
    age = full_years(born, on)
    for upper, name in AGE_BANDS:
        if age <= upper:
            return name
    return ">80"


def _with_zeros(counts: Counter[str], keys: tuple[str, ...]) -> dict[str, int]:
    """`keys` in their order, zeros included, then any other key counted (such as unknown)."""
    out = {k: counts.get(k, 0) for k in keys}
    out.update((k, n) for k, n in counts.items() if k not in out)
    return out


def membership(reader: Reader, day: date, ages_on: date | None = None) -> dict[str, Any]:
    """The members on `day`, their ages (bands) on `ages_on` (RULES.md: on 31 December, the
    year still running included: the roster as it stands, the ages it will have)."""
    index = roster_index(reader)
    stages, in_group = index.stages_on(day), index.groups_on(day)
    fields = {
        pid: rest
        for pid, *rest in reader.tuples(
            "SELECT id, gender, ethnicity, education, birth_date FROM person"
        )
    }
    ids = index.in_branch(day, MEMBER_STAGES)
    # counted column by column over tuples: no record per member (30,000 of them)
    genders, ethnicities, educations, births = (
        zip(*(fields[pid] for pid in ids), strict=True) if ids else ((), (), (), ())
    )
    member_stages = Counter(stages[pid] for pid in ids)
    groups = Counter(g for g in (in_group.get(pid) for pid in ids) if g)
    order = {r["name"]: r["id"] for r in reader.rows("SELECT id, name FROM party_group")}
    committee = reader.rows(
        """SELECT c.role, p.name FROM committee_role c JOIN person p ON p.id = c.person_id
           WHERE c.from_on <= :d AND (c.to_on IS NULL OR c.to_on > :d) ORDER BY c.id""",
        {"d": day},
    )
    # 少数民族: any 民族 but 汉族, as the 党内统计年报 counts them (rules/statistics.py)
    minority = [is_minority(e) for e in ethnicities]
    eth = Counter("unknown" if m is None else ("minority" if m else "han") for m in minority)
    # people born on one day share an age band: each birth date is placed once
    bands: Counter[str] = Counter()
    for born, n in Counter(births).items():
        bands[age_band(as_date(born), ages_on or day)] += n
    names = [b for _, b in AGE_BANDS]
    return {
        "on": day,
        "ages_on": ages_on or day,
        "total": len(ids),
        "full": member_stages.get("full", 0),
        "probationary": member_stages.get("probationary", 0),
        # every gender, group of ethnicity and age band RULES.md names, zeros included (a
        # script reads by_age_band["36–40"] whatever the year); "unknown" only when some are
        "by_gender": _with_zeros(Counter(genders), ("male", "female")),
        "by_ethnicity": _with_zeros(eth, ("han", "minority")),
        "by_education": dict(Counter(e or "unknown" for e in educations)),
        "by_age_band": _with_zeros(bands, (*names, ">80")),
        "groups": [
            {"name": g, "members": n}
            for g, n in sorted(groups.items(), key=lambda kv: order.get(kv[0], 0))
        ],
        "committee": committee,
    }


# People who entered a stage during the year while in this branch: a member transferred in
# was admitted or converted by the branch they were in then, not by this one. The *_ROWS
# below are the year's changes as rows, counted here and named by `report stats`
# (reports/stats.py), so the two reports count the same people.
ENTERED_HERE_ROWS = """FROM stage_event se JOIN person p ON p.id = se.person_id
  WHERE se.stage = '{stage}' AND se.on_date BETWEEN :s AND :e
    AND (p.joined_on IS NULL OR p.joined_on <= se.on_date)
    AND (p.left_on IS NULL OR p.left_on > se.on_date) AND p.voided_on IS NULL"""
STAGE_ENTERED_HERE = "SELECT COUNT(*) " + ENTERED_HERE_ROWS
# Members who left during the year: in a member stage (full or probationary) on the day they
# left. An applicant, activist or candidate dropped from development or transferred out never
# was one (development.dropped counts the dropped); a probationary member dropped (取消预备党员
# 资格) was.
MEMBERS_LEFT_ROWS = """FROM person p WHERE p.left_on BETWEEN :s AND :e AND p.voided_on IS NULL
  AND (SELECT se.stage FROM stage_event se WHERE se.person_id = p.id
       AND (se.on_date IS NULL OR se.on_date <= p.left_on) ORDER BY se.id DESC LIMIT 1)
      IN ('full', 'probationary')"""
# Members received by transfer during the year (one coming back after a transfer out too).
TRANSFERRED_IN_ROWS = """FROM person p WHERE p.join_kind = 'transfer_in'
  AND p.joined_on BETWEEN :s AND :e AND p.voided_on IS NULL"""
# Probations extended during the year (`dev extend`, not voided).
EXTENDED_ROWS = """FROM dev_event e JOIN person p ON p.id = e.person_id
  WHERE e.kind = 'extend' AND e.on_date BETWEEN :s AND :e AND p.voided_on IS NULL
    AND e.voided_on IS NULL"""


def changes(reader: Reader, year: Period) -> dict[str, Any]:
    span = {"s": year.start, "e": year.end}
    count = lambda sql: int(reader.scalar(sql, span) or 0)  # noqa: E731
    left = dict(
        reader.tuples(
            f"SELECT p.left_reason, COUNT(*) {MEMBERS_LEFT_ROWS} GROUP BY p.left_reason", span
        )
    )
    return {
        "admitted": count(STAGE_ENTERED_HERE.format(stage="probationary")),
        "converted": count(STAGE_ENTERED_HERE.format(stage="full")),
        "extended": count("SELECT COUNT(*) " + EXTENDED_ROWS),
        "transferred_in": count("SELECT COUNT(*) " + TRANSFERRED_IN_ROWS),
        "transferred_out": int(left.get("transferred_out", 0)),
        "deceased": int(left.get("deceased", 0)),
        "left": {k: int(v) for k, v in left.items()},
    }


def meetings(reader: Reader, comp: dict[str, Any], year: Period, as_of: date) -> dict[str, Any]:

    reqs = [
        {k: i[k] for k in ("code", "label", "scope", "required", "done", "status", "gaps")}
        for i in comp["items"]
        if not i["scope"].startswith("member:")
    ] + comp.get("members_lines", [])
    rates = reader.rows(
        """SELECT type, COUNT(*) AS held, SUM(expected) AS expected, SUM(present) AS present
           FROM meeting WHERE status = 'held' AND voided_on IS NULL AND held_on BETWEEN :s AND :e GROUP BY type ORDER BY type""",
        {"s": year.start, "e": year.end},
    )
    by_type = [
        {
            "type": r["type"],
            "held": r["held"],
            "rate": round(r["present"] / r["expected"], 3) if r["expected"] else None,
        }
        for r in rates
    ]
    # attendance rate per member over the year's held meetings, aggregated in SQL
    low = [
        {
            "member_id": r["member_id"],
            "name": r["name"],
            "rate": round(r["attended"] / r["n_expected"], 3),
        }
        for r in reader.rows(
            # only people who missed a meeting of the year (absent or on leave: the statuses
            # are checked by the table) can be below the line, as everyone else attended all
            # they were expected at: their few rows, found through the (status, person_id)
            # index (the `+` keeps SQLite off the meeting index, which walks the whole
            # year), instead of grouping the year's attendance (0.146 s → 0.005 s at 10,000
            # members); the name joined afterwards
            """SELECT x.person_id AS member_id, p.name, x.n_expected, x.attended FROM (
                 SELECT a.person_id, SUM(CASE WHEN a.status != 'exempt' THEN 1 ELSE 0 END) AS n_expected,
                        SUM(CASE WHEN a.status = 'present' THEN 1 ELSE 0 END) AS attended
                 FROM meeting_attendance a
                 WHERE a.person_id IN (
                         SELECT b.person_id FROM meeting_attendance b
                         WHERE b.status IN ('absent', 'leave')
                           AND +b.meeting_id IN (SELECT m.id FROM meeting m WHERE m.status = 'held' AND m.voided_on IS NULL
                                                 AND m.held_on BETWEEN :s AND :e))
                   AND a.meeting_id IN (SELECT m.id FROM meeting m
                                        WHERE m.status = 'held' AND m.voided_on IS NULL AND m.held_on BETWEEN :s AND :e)
                 GROUP BY a.person_id) x JOIN person p ON p.id = x.person_id
               WHERE x.n_expected > 0 AND x.attended < :low * x.n_expected
               ORDER BY x.person_id""",
            {"s": year.start, "e": min(year.end, as_of), "low": LOW_ATTENDANCE},
        )
    ]
    return {"requirements": reqs, "attendance_by_type": by_type, "below_60_percent": low}


def development(reader: Reader, year: Period) -> dict[str, Any]:
    day = year.end
    index = roster_index(reader)
    on_day = index.stages_on(day)
    stages = Counter(on_day.get(pid) for pid in index.in_branch(day))
    during = dict(
        reader.tuples(
            "SELECT e.kind, COUNT(*) FROM dev_event e JOIN person p ON p.id = e.person_id"
            " WHERE e.on_date BETWEEN :s AND :e AND e.voided_on IS NULL AND p.voided_on IS NULL"
            " GROUP BY e.kind",
            {"s": year.start, "e": year.end},
        )
    )
    span = {"s": year.start, "e": year.end}
    # from the stage history: members entered from a roster count as well as `dev admit`
    admitted = reader.scalar(STAGE_ENTERED_HERE.format(stage="probationary"), span)
    converted = reader.scalar(STAGE_ENTERED_HERE.format(stage="full"), span)
    return {
        "applicants": stages.get("applicant", 0),
        "activists": stages.get("activist", 0),
        "candidates": stages.get("candidate", 0),
        "applications": int(during.get("apply", 0)),
        "activists_designated": int(during.get("activist", 0)),
        "candidates_designated": int(during.get("candidate", 0)),
        "admitted": int(admitted or 0),
        "converted": int(converted or 0),
        "dropped": int(during.get("drop", 0)),
    }


def evaluation(reader: Reader, y: int, as_of: date) -> dict[str, Any]:
    """`grades` (counts) and `unqualified` (each with its handling and follow-up on `as_of`),
    with the distribution: evaluated, members, shares, cap (reports/evaluation.py)."""
    return year_section(reader, y, as_of)


def year_report(reader: Reader, y: int, as_of: date) -> dict[str, Any]:
    period = Period.year(y)
    # membership, development and the findings as they stood at the year's end (or on
    # `as_of`, for the year still running): a 2025 report does not hold 2026 against anyone.
    # The money — the dues section and its arrears, the year's months still owed — on
    # `as_of`, as `dues statement --year Y` reckons it; an arrears flag counts the year's
    # months alone, so it agrees with the year's findings
    day = min(period.end, as_of)
    st = statement(reader, y, as_of, with_members=False)
    arrears = year_arrears(reader, y, as_of)
    # RULES.md: the year's meetings section covers every requirement; the per-member ones as
    # one line each over all the members they cover (each short member is a finding)
    members_lines: list[dict[str, Any]] = []
    comp = compliance(
        reader,
        period,
        as_of,
        findings_on=day,
        short_members_only=True,
        per_requirement=members_lines,
    )
    comp["members_lines"] = members_lines
    people = roster_index(reader).people
    findings = []
    for i in comp["items"]:
        if i["status"] == "short":
            pid = int(i["scope"][7:]) if i["scope"].startswith("member:") else None
            findings.append(
                {
                    "kind": "short",
                    "member_id": pid,
                    # the same objects as the compliance findings (CLI.md): named
                    "name": people[pid].name if pid in people else None,
                    "detail": short_detail(i, people[pid].name if pid in people else None),
                    # the requirement, its scope and gaps as codes, for scripts
                    "code": i["code"],
                    "scope": i["scope"],
                    "gaps": i["gaps"],
                }
            )
    findings += comp["findings"]
    return {
        "year": y,
        "as_of": as_of,
        "membership": membership(reader, day, period.end),
        "changes": changes(reader, period),
        "meetings": meetings(reader, comp, period, as_of),
        "dues": {
            "due": st["totals"]["due"],
            "collected": st["totals"]["collected"],
            "voluntary": st["totals"]["voluntary"],
            "outstanding": st["totals"]["outstanding"],
            "remitted": st["totals"]["remitted"],
            "balance": st["totals"]["balance"],
            "by_month": st["by_month"],
            "arrears": arrears,
            "published_on": st["published_on"],
        },
        "development": development(reader, period),
        "evaluation": evaluation(reader, y, day),
        "findings": findings,
        **away_and_lost(reader, period, day),
    }


def away_and_lost(reader: Reader, period: Period, day: date) -> dict[str, Any]:
    """The members working away (流动党员) and out of contact (失联党员): how many on `day`
    (the year's end, or today for the year running), and everyone who was at some time in
    the year, with the record (reports/away.py, reports/lost.py)."""
    from .away import away_during, away_on_day
    from .lost import lost_during, lost_on_day

    def person(r: dict[str, Any], *keys: str) -> dict[str, Any]:
        return {"member_id": r["member_id"], "name": r["name"]} | {k: r[k] for k in keys}

    away = [
        person(r, "place", "from_on", "until_on", "back_on", "certificate", "kind")
        for r in away_during(reader, period)
        if r["from_on"] <= day
    ]
    lost = [
        person(r, "since", "reason", "found_on")
        for r in lost_during(reader, period)
        if r["since"] <= day
    ]
    return {
        "away": {
            "on": day,
            # on the day, and at some time in the year (a member away twice counts once)
            "count": len({r["member_id"] for r in away_on_day(reader, day)}),
            "during": len({r["member_id"] for r in away}),
            "people": away,
        },
        "lost": {
            "on": day,
            "count": len({r["member_id"] for r in lost_on_day(reader, day)}),
            "during": len({r["member_id"] for r in lost}),
            "people": lost,
        },
    }
