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

# ruff: noqa: F405
import json
import os
import sqlite3
import sys
from datetime import date, timedelta

from obligations_floor import *  # noqa: F403 - the floors' shared rules

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
