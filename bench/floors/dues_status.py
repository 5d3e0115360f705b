"""Floor for `dangwu --db DB dues status --as-of DATE -f json` (issue 22).

    python bench/floors/dues_status.py DB --as-of 2026-11-25

Prints the JSON document dangwu prints, byte for byte (compact, as json.dumps with
ensure_ascii=False writes it; strings escaped by the same C function), computed straight
from the ledger with sqlite3 and no dangwu import: every member on the roster on DATE (full
or probationary then, not voided, joined by DATE, not left by DATE) who owes dues, and the
members with no dues base at all.

What it reckons, as dangwu does (src/dangwu/reports/dues.py, store/dues_queries.py):
- the deadline day (rule_setting `dues_deadline_day`, default 20): the last month owed is
  the month of DATE when its day is past the deadline, else the month before;
- the stage on DATE: of the events dated by then or undated, the latest entered (highest id);
- a member owes from the latest of their first base month, their admission month (the first
  dated probationary stage event) and the month they joined the branch, through the last
  month owed; the due of a month is the latest base starting by then (a base set again for
  the same month: the later row); a month due 0 (waived) is never owed;
- a month is paid by a regular payment made by DATE that no reversal made by DATE points at
  (its amount does not matter here: a payment below the due still pays the month);
- rule option `away_quarterly_dues`: a month whose deadline fell while the member was away
  (member_away, not voided) is not owed until its quarter has ended;
- the flag: lapse_risk at 6 consecutive unpaid months, else overdue at 3 unpaid months.

It refuses no ledger: every feature the report reads is handled. DATE must be ISO
(YYYY-MM-DD); dangwu's other date spellings are not accepted (exit 2).
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
        y, mo, day = int(d[:4]), int(d[5:7]), int(d[8:10])
        if len(d) != 10 or d[4] != "-" or d[7] != "-":
            raise ValueError
    except (IndexError, ValueError):
        print("usage: dues_status.py DB --as-of YYYY-MM-DD", file=sys.stderr)
        return 2
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("BEGIN")  # one snapshot, as dangwu reads
    q = con.execute

    settings = {
        code: (enabled, value)
        for code, enabled, value in q(
            "SELECT code, enabled, value FROM rule_setting"
            " WHERE code IN ('dues_deadline_day', 'away_quarterly_dues')"
        )
    }
    deadline = settings.get("dues_deadline_day", (None, None))[1]
    deadline = 20 if deadline is None else int(deadline)
    away_quarterly = bool(settings.get("away_quarterly_dues", (None, None))[0])
    if day > deadline:
        last = d[:7]
    else:
        last = f"{y:04d}-{mo - 1:02d}" if mo > 1 else f"{y - 1:04d}-12"
    month_now = d[:7]

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
    # person id → [(from month, due)] in month order, a later row of the same month winning
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
    first = min((s[0][0] for s in schedules.values()), default=None)
    calendar: list[str] = []
    if first is not None and first <= last:
        i, j = int(first[:4]) * 12 + int(first[5:7]) - 1, int(last[:4]) * 12 + int(last[5:7]) - 1
        calendar = [f"{k // 12:04d}-{k % 12 + 1:02d}" for k in range(i, j + 1)]
    position = {m: i for i, m in enumerate(calendar)}
    end = len(calendar)

    reversed_by_then = q(
        "SELECT 1 FROM dues_payment WHERE reverses_id > 0 AND paid_on <= ? LIMIT 1", (d,)
    ).fetchone()
    # per member one string of the months paid ("2026-01,2026-02"): a month is paid iff its
    # code occurs in it
    paid = (
        dict(
            q(
                "SELECT person_id, group_concat(month) FROM dues_payment"
                " WHERE kind = 'regular' AND paid_on <= :d AND month <= :last"
                + (
                    " AND id NOT IN (SELECT reverses_id FROM dues_payment"
                    " WHERE reverses_id > 0 AND paid_on <= :d)"
                    if reversed_by_then
                    else ""
                )
                + " GROUP BY person_id",
                {"d": d, "last": last},
            )
        )
        if calendar
        else {}
    )

    # person id → [name, start month, owed month indexes, their dues, deferred months]
    owing: dict[int, list] = {}
    no_base: list[tuple[int, str]] = []
    spans: dict[int, tuple[list[str], str]] = {}
    for pid, name, joined in q(
        "SELECT id, name, joined_on FROM person WHERE voided_on IS NULL"
        " AND (joined_on IS NULL OR joined_on <= ?) AND (left_on IS NULL OR left_on > ?)"
        " ORDER BY id",
        (d, d),
    ):
        st = stages.get(pid)
        if st is None or st[0] is None or not st[0] & 3:
            continue
        schedule = schedules.get(pid)
        if schedule is None:
            no_base.append((pid, name))
            continue
        start = schedule[0][0]
        admitted = st[1]
        if admitted is not None and admitted[:7] > start:
            start = admitted[:7]
        if joined is not None and joined[:7] > start:
            start = joined[:7]
        if start > last:
            continue
        a = position[start]
        span = spans.get(a)
        if span is None:
            span = spans[a] = (calendar[a:], ",".join(calendar[a:]))
        done = paid.get(pid, "")
        if span[1] in done:
            continue
        missing = [i for i in range(a, end) if calendar[i] not in done]
        if not missing:
            continue
        if len(schedule) == 1:
            due = schedule[0][1]
            if due:
                owing[pid] = [name, start, missing, [due] * len(missing), ()]
            continue
        owed, dues = [], []
        for i in missing:
            m, due = calendar[i], None
            for from_month, value in schedule:
                if from_month > m:
                    break
                due = value
            if due:
                owed.append(i)
                dues.append(due)
        if owed:
            owing[pid] = [name, start, owed, dues, ()]

    if away_quarterly and owing:
        away_deferred(q, d, deadline, owing, calendar)

    groups = dict(
        q(
            "SELECT gm.person_id, g.name FROM group_membership gm"
            " JOIN party_group g ON g.id = gm.group_id"
            " WHERE (gm.from_on IS NULL OR gm.from_on <= ?)"
            " AND (gm.to_on IS NULL OR gm.to_on > ?) ORDER BY gm.id",
            (d, d),
        )
    )
    con.execute("COMMIT")
    con.close()

    group_json = {name: quote(name) for name in set(groups.values())}
    lines: list[tuple[int, str]] = []
    total = 0
    for pid, (name, start, owed, dues, deferred) in owing.items():
        # the longest run of consecutive calendar months
        best = run = 0
        prev = -2
        for i in owed:
            run = run + 1 if i == prev + 1 else 1
            if run > best:
                best = run
            prev = i
        months = [calendar[i] for i in owed]
        owed_json = '", "'.join(months)
        current = None
        for from_month, value in schedules[pid]:
            if from_month > month_now:
                break
            current = value
        first_unpaid = min(months[0], *deferred) if deferred else months[0]
        if first_unpaid > start:
            k = int(first_unpaid[:4]) * 12 + int(first_unpaid[5:7]) - 2
            through = f'"{k // 12:04d}-{k % 12 + 1:02d}"'
        else:
            through = "null"
        amount = sum(dues)
        total += amount
        group = groups.get(pid)
        flag = '"lapse_risk"' if best >= 6 else '"overdue"' if len(owed) >= 3 else "null"
        lines.append(
            (
                pid,
                f'{{"id": {pid}, "name": {quote(name)},'
                f' "group": {"null" if group is None else group_json[group]},'
                f' "monthly_due": "{money(dues[-1] if current is None else current)}",'
                f' "paid_through": {through}, "owed_months": ["{owed_json}"],'
                f' "owed_amount": "{money(amount)}", "consecutive_unpaid": {best},'
                f' "flag": {flag}}}',
            )
        )
    if no_base:
        for pid, name in no_base:
            group = groups.get(pid)
            lines.append(
                (
                    pid,
                    f'{{"id": {pid}, "name": {quote(name)},'
                    f' "group": {"null" if group is None else group_json[group]},'
                    ' "monthly_due": null, "paid_through": null, "owed_months": [],'
                    ' "owed_amount": "0.00", "consecutive_unpaid": 0, "flag": "no_base"}',
                )
            )
        lines.sort()
    sys.stdout.write(
        f'{{"as_of": "{d}", "members": [{", ".join(line for _, line in lines)}],'
        f' "totals": {{"members_owing": {len(owing) + len(no_base)},'
        f' "owed_amount": "{money(total)}"}}}}\n'
    )
    return 0


def away_deferred(q, d: str, deadline: int, owing: dict, calendar: list[str]) -> None:
    """Rule option away_quarterly_dues: of each owing member's months, those whose deadline
    day fell while they were away (member_away, not voided: from the first day away until
    the day back, or through the planned last day) are not owed while their quarter runs."""
    spans: dict[int, list[tuple[str, str | None, str | None]]] = {}
    for pid, from_on, until_on, back_on in q(
        "SELECT person_id, from_on, until_on, back_on FROM member_away"
        " WHERE voided_on IS NULL AND from_on <= ? ORDER BY person_id, from_on",
        (d,),
    ):
        if pid in owing:
            spans.setdefault(pid, []).append((from_on, until_on, back_on))
    for pid, records in spans.items():
        name, start, owed, dues, _ = owing[pid]
        later = set()
        for i in owed:
            m = calendar[i]
            due_day = f"{m}-{deadline:02d}"
            if not any(
                f <= due_day and (b is None or b > due_day) and (u is None or u >= due_day)
                for f, u, b in records
            ):
                continue
            # owed from the day after its quarter's end: not yet while DATE is in it
            y, mo = int(m[:4]), int(m[5:7])
            nq = (mo - 1) // 3 * 3 + 4
            next_quarter = f"{y + 1:04d}-01-01" if nq > 12 else f"{y:04d}-{nq:02d}-01"
            if d < next_quarter:
                later.add(i)
        if not later:
            continue
        kept = [(i, due) for i, due in zip(owed, dues, strict=True) if i not in later]
        if kept:
            deferred = tuple(calendar[i] for i in sorted(later))
            owing[pid] = [name, start, [i for i, _ in kept], [v for _, v in kept], deferred]
        else:
            del owing[pid]


if __name__ == "__main__":
    sys.exit(main())
