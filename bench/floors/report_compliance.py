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

# ruff: noqa: F405
import json
import os
import sqlite3
import sys
from datetime import date, timedelta

from obligations_floor import *  # noqa: F403 - the floors' shared rules

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
COMMITTEE_FROM, MIN_FULL_MEMBERS = 7, 3  # rules/meetings.py
ADMITTED_ON = """(SELECT MIN(se.on_date) FROM stage_event se
    WHERE se.person_id = p.id AND se.stage = 'probationary')"""


def lost_on(a, d):
    return f"{a}.voided_on IS NULL AND {a}.since <= {d} AND ({a}.found_on IS NULL OR {a}.found_on > {d})"


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
