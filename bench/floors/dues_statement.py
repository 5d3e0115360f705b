"""Floor for `dangwu --db DB dues statement --year YEAR --as-of DATE -f json` (issue 22).

    python bench/floors/dues_statement.py DB --year 2026 --as-of 2026-11-25

Prints the JSON document dangwu prints, byte for byte (compact, as json.dumps with
ensure_ascii=False writes it; strings escaped by the same C function), computed straight
from the ledger with sqlite3 and no dangwu import. Everything is reckoned on the one day
DATE, as dangwu does (src/dangwu/reports/dues.py `statement`):
- a payment counts when made by DATE and not reversed by a reversal made by DATE; the
  reversals themselves are not listed;
- one row per person, in id order: everyone with such a payment for a month of YEAR (a
  person voided since included, with name ""), and every member due dues in YEAR: on DATE
  full or probationary (of the stage events dated by then or undated, the latest entered),
  not voided, joined by DATE, with a dues base (members who left count, through the month
  they left);
- a member's months due in YEAR run from the latest of their first base month, admission
  month (first dated probationary event) and the month they joined, through the last month
  whose deadline (rule_setting `dues_deadline_day`, default 20) has passed on DATE; the due
  of a month is the latest base starting by then (a later row of the same month wins);
- outstanding: over the months due, what each month's regular payments fall short of its
  due; remitted: the hand-overs (dues_remit, not voided) for periods starting in YEAR made by
  DATE; balance: collected less remitted; published_on: the statement's publication.

It refuses no ledger: every feature the statement reads is handled. DATE must be ISO
(YYYY-MM-DD) and YEAR four digits (exit 2 otherwise).
"""

import sqlite3
import sys

try:  # the C function json.dumps(ensure_ascii=False) escapes strings with; no `re` import
    from _json import encode_basestring as quote
except ImportError:  # pragma: no cover - an interpreter without the C accelerator
    from json.encoder import encode_basestring as quote


def money(fen: int) -> str:
    if fen < 0:
        return "-" + money(-fen)
    return f"{fen // 100}.{fen % 100:02d}"


def main() -> int:
    argv = sys.argv
    try:
        db, d = argv[1], argv[argv.index("--as-of") + 1]
        year = int(argv[argv.index("--year") + 1])
        y, mo, day = int(d[:4]), int(d[5:7]), int(d[8:10])
        if len(d) != 10 or d[4] != "-" or d[7] != "-" or not 1921 <= year <= 9999:
            raise ValueError
    except (IndexError, ValueError):
        print("usage: dues_statement.py DB --year YYYY --as-of YYYY-MM-DD", file=sys.stderr)
        return 2
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("BEGIN")  # one snapshot, as dangwu reads
    q = con.execute

    deadline = q("SELECT value FROM rule_setting WHERE code = 'dues_deadline_day'").fetchone()
    deadline = 20 if deadline is None or deadline[0] is None else int(deadline[0])
    if day > deadline:
        last_owed = d[:7]
    else:
        last_owed = f"{y:04d}-{mo - 1:02d}" if mo > 1 else f"{y - 1:04d}-12"
    calendar = [f"{year:04d}-{m:02d}" for m in range(1, 13)]
    first, last = calendar[0], calendar[-1]
    if last_owed > last:
        last_owed = last
    owed_to = int(last_owed[5:7]) - 1 if last_owed >= first else -1

    reversed_by_then = q(
        "SELECT 1 FROM dues_payment WHERE reverses_id > 0 AND paid_on <= ? LIMIT 1", (d,)
    ).fetchone()
    live = "kind != 'reversal' AND paid_on <= :d" + (
        " AND id NOT IN (SELECT reverses_id FROM dues_payment"
        " WHERE reverses_id > 0 AND paid_on <= :d)"
        if reversed_by_then
        else ""
    )
    params = {"d": d, "lo": first, "hi": last}
    # per person who paid for the year: their regular months ("2026-01,2026-02", each once),
    # smallest regular payment, regular and voluntary sums. `+month`: walk the (person,
    # month) index, in month order within a person (checked on the plan below)
    paid_sql = (
        "SELECT person_id,"
        " group_concat(DISTINCT CASE WHEN kind = 'regular' THEN month END),"
        " MIN(CASE WHEN kind = 'regular' THEN amount_fen END),"
        " SUM(CASE WHEN kind = 'regular' THEN amount_fen END),"
        " SUM(CASE WHEN kind = 'voluntary' THEN amount_fen END)"
        f" FROM dues_payment WHERE +month BETWEEN :lo AND :hi AND {live}"
        " GROUP BY person_id"
    )
    plan = " ".join(row[-1] for row in q("EXPLAIN QUERY PLAN " + paid_sql, params))
    in_month_order = (
        "COVERING INDEX ix_dues_payment_person_month" in plan and "FOR GROUP BY" not in plan
    )
    per = {row[0]: row for row in q(paid_sql, params)}
    collected = [0] * 12
    for month, amount in q(
        "SELECT month, SUM(amount_fen) FROM dues_payment"
        f" WHERE month BETWEEN :lo AND :hi AND {live} GROUP BY month",
        params,
    ):
        collected[int(month[5:7]) - 1] = amount

    # one pass over the stage histories: per person the stage on DATE (the highest id among
    # the events dated by then or undated, its stage in the low bits: 1 full, 2
    # probationary, 0 any other) and the admission day
    stages = {
        pid: (latest, admitted)
        for pid, latest, admitted in q(
            "SELECT person_id,"
            " MAX(CASE WHEN on_date IS NULL OR on_date <= ?"
            "  THEN id * 4 + (stage = 'full') + 2 * (stage = 'probationary') END),"
            " MIN(CASE WHEN stage = 'probationary' THEN on_date END)"
            " FROM stage_event GROUP BY person_id",
            (d,),
        )
    }
    schedules: dict[int, list[tuple[str, int]]] = {}
    for pid, month, due in q(
        "SELECT person_id, from_month, due_fen FROM dues_base ORDER BY person_id, from_month, id"
    ):
        s = schedules.get(pid)
        if s is None:
            schedules[pid] = [(month, due)]
        elif s[-1][0] == month:
            s[-1] = (month, due)
        else:
            s.append((month, due))

    # person id → [name, months, regular, voluntary, due, outstanding], in id order
    rows: dict[int, list] = {}
    steps = [0] * 13
    # members with a payment below a due: (person id, first month index, dues by month)
    uneven: list[tuple[int, int, list[int]]] = []
    spans: dict[tuple[int, int], frozenset[str]] = {}
    seen = 0  # payers met on the books
    for pid, name, joined, left in q(
        "SELECT id, name, joined_on, left_on FROM person WHERE voided_on IS NULL ORDER BY id"
    ):
        p = per.get(pid)
        if p is None:
            row = None
        else:
            row = [name, p[1], p[3] or 0, p[4] or 0, 0, 0]
            seen += 1
        schedule = schedules.get(pid)
        st = stages.get(pid)
        if (
            schedule is None
            or st is None
            or st[0] is None
            or not st[0] & 3
            or (joined is not None and joined > d)
        ):
            if row is not None:
                rows[pid] = row
            continue
        start = schedule[0][0]
        admitted = st[1]
        if admitted is not None and admitted[:7] > start:
            start = admitted[:7]
        if joined is not None and joined[:7] > start:
            start = joined[:7]
        a = 0 if start < first else int(start[5:7]) - 1 if start <= last else 12
        if left is None or left[:7] >= last_owed:
            b = owed_to
        else:
            b = int(left[5:7]) - 1 if left[:7] >= first else -1
        if a > b:
            if row is not None:
                rows[pid] = row
            continue
        if row is None:
            row = [name, None, 0, 0, 0, 0]
        rows[pid] = row
        months = row[1]
        least = None if p is None else p[2]
        if len(schedule) == 1:
            due = top = schedule[0][1]
            row[4] = due * (b - a + 1)
            steps[a] += due
            steps[b + 1] -= due
            if least is not None and least < top:
                uneven.append((pid, a, [top] * (b - a + 1)))
                continue
            # every payment covers the due: what is outstanding is the months not paid
            span = spans.get((a, b))
            if span is None:
                span = spans[(a, b)] = frozenset(calendar[a : b + 1])
            if months is None:
                row[5] = due * (b - a + 1)
            else:
                row[5] = due * (b - a + 1 - len(span.intersection(months.split(","))))
            continue
        dues = []
        for m in calendar[a : b + 1]:
            due = 0
            for from_month, value in schedule:
                if from_month > m:
                    break
                due = value
            dues.append(due)
        row[4] = sum(dues)
        for i, due in enumerate(dues, start=a):
            steps[i] += due
            steps[i + 1] -= due
        if least is not None and least < max(dues):
            uneven.append((pid, a, dues))
            continue
        paid = months or ""
        row[5] = sum(due for m, due in zip(calendar[a : b + 1], dues, strict=True) if m not in paid)
    if seen < len(per):
        # payers no longer on the books (voided): listed without a name
        for pid, p in per.items():
            if pid not in rows:
                rows[pid] = ["", p[1], p[3] or 0, p[4] or 0, 0, 0]
        rows = dict(sorted(rows.items()))
    for chunk in range(0, len(uneven), 500):
        part = uneven[chunk : chunk + 500]
        got = {
            (pid, m): amount
            for pid, m, amount in q(
                "SELECT person_id, month, SUM(amount_fen) FROM dues_payment"
                f" WHERE person_id IN ({','.join(str(p) for p, _, _ in part)})"
                f" AND kind = 'regular' AND month BETWEEN :lo AND :hi AND {live}"
                " GROUP BY person_id, month",
                params,
            )
        }
        for pid, a, dues in part:
            rows[pid][5] = sum(
                max(0, due - got.get((pid, calendar[i]), 0)) for i, due in enumerate(dues, start=a)
            )
    remitted = q(
        "SELECT COALESCE(SUM(amount_fen), 0) FROM dues_remit WHERE start >= ? AND start <= ?"
        " AND on_date <= ? AND voided_on IS NULL",
        (f"{year:04d}-01-01", f"{year:04d}-12-31", d),
    ).fetchone()[0]
    published = q(
        "SELECT published_on FROM dues_statement WHERE year = ? AND voided_on IS NULL", (year,)
    ).fetchone()
    con.execute("COMMIT")
    con.close()

    lines = []
    due_total = collected_total = voluntary_total = outstanding_total = 0
    for pid, (name, months, regular, voluntary, due, outstanding) in rows.items():
        due_total += due
        collected_total += regular + voluntary
        voluntary_total += voluntary
        outstanding_total += outstanding
        if months is None:
            months_json = "[]"
        elif in_month_order:
            months_json = '["' + months.replace(",", '", "') + '"]'
        else:
            months_json = '["' + '", "'.join(sorted(months.split(","))) + '"]'
        lines.append(
            f'{{"member_id": {pid}, "name": {quote(name)}, "months_paid": {months_json},'
            f' "paid": "{regular // 100}.{regular % 100:02d}",'
            f' "voluntary": "{voluntary // 100}.{voluntary % 100:02d}",'
            f' "due": "{due // 100}.{due % 100:02d}",'
            f' "outstanding": "{outstanding // 100}.{outstanding % 100:02d}"}}'
        )
    by_month = []
    running = 0
    for i, m in enumerate(calendar):
        running += steps[i]
        by_month.append(
            f'{{"month": "{m}", "due": "{money(running)}", "collected": "{money(collected[i])}"}}'
        )
    sys.stdout.write(
        f'{{"year": {year}, "as_of": "{d}", "members": [{", ".join(lines)}],'
        f' "totals": {{"due": "{money(due_total)}", "collected": "{money(collected_total)}",'
        f' "voluntary": "{money(voluntary_total)}", "remitted": "{money(remitted)}",'
        f' "outstanding": "{money(outstanding_total)}",'
        f' "balance": "{money(collected_total - remitted)}"}},'
        f' "by_month": [{", ".join(by_month)}],'
        f' "published_on": {"null" if published is None else quote(published[0])}}}\n'
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
