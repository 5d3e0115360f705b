"""The yearly dues statement against a month-by-month reckoning of the same payments.

`reports.dues.statement` takes short cuts to stay fast at 30,000 members (members whose every
payment covers every due are settled by counting months; only the others are read month by
month). Here random ledgers — bases changed mid-year, members joining and leaving, payments
below the due, two entries for one month, voluntary extras, reversals made before and after
the day asked about, months paid in advance — are reckoned the plain way: for every member
and month, the due in force less what was paid for it, never below nothing.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dangwu.parse import format_money
from dangwu.reports.dues import statement
from dangwu.rules import dues as rules
from dangwu.store.ledger import create_ledger
from dangwu.store.reader import reading

YEAR = 2026
MONTHS = [f"2025-{m:02d}" for m in range(10, 13)] + [f"{YEAR}-{m:02d}" for m in range(1, 13)]
DUES = (0, 500, 1000, 2500)
AMOUNTS = (0, 300, 500, 1000, 2500, 3000)
DAYS = [date(2025, 12, 20)] + [date(YEAR, m, d) for m in range(1, 13) for d in (3, 20)]


@st.composite
def ledgers(draw: st.DrawFn) -> dict[str, Any]:
    people = []
    for pid in range(1, draw(st.integers(1, 5)) + 1):
        joined = draw(st.sampled_from([None, *DAYS[1:12]]))
        left = draw(st.sampled_from([None, *[d for d in DAYS if joined is None or d > joined]]))
        bases = draw(
            st.lists(
                st.tuples(st.sampled_from(MONTHS), st.sampled_from(DUES)),
                min_size=draw(st.sampled_from((0, 1, 1, 1))),
                max_size=3,
            )
        )
        people.append({"id": pid, "joined": joined, "left": left, "bases": bases})
    payments = draw(
        st.lists(
            st.tuples(
                st.integers(1, len(people)),
                st.sampled_from(MONTHS),
                st.sampled_from(("regular", "regular", "regular", "voluntary")),
                st.sampled_from(AMOUNTS),
                st.sampled_from(DAYS),
            ),
            min_size=4,
            max_size=40,
        )
    )
    # (index of the payment reversed, the day of the reversal)
    reversals = draw(
        st.lists(
            st.tuples(st.integers(0, 39), st.sampled_from(DAYS)),
            max_size=6,
            unique_by=lambda r: r[0],
        )
    )
    reversals = [(i, on) for i, on in reversals if i < len(payments) and on >= payments[i][4]]
    return {
        "people": people,
        "payments": payments,
        "reversals": reversals,
        "as_of": draw(st.sampled_from(DAYS[1:] + [date(YEAR + 1, 1, 10)])),
    }


@cache
def empty_ledger() -> Path:
    """One freshly migrated ledger, copied for every example (migrating costs 0.1 s)."""
    path = Path(tempfile.mkdtemp()) / "empty.db"
    create_ledger(path).dispose()
    return path


def build(path: Path, data: dict[str, Any]) -> None:
    shutil.copy(empty_ledger(), path)
    con = sqlite3.connect(path)
    for p in data["people"]:
        con.execute(
            "INSERT INTO person (id, name, gender, category, joined_on, join_kind, left_on,"
            " left_reason)"
            " VALUES (?, ?, 'male', 'in_service', ?, ?, ?, ?)",
            (
                p["id"],
                f"成员{p['id']}",
                p["joined"] and p["joined"].isoformat(),
                "roster" if p["joined"] is None else "transfer_in",
                p["left"] and p["left"].isoformat(),
                p["left"] and "transferred_out",
            ),
        )
        con.execute(
            "INSERT INTO stage_event (person_id, stage, on_date) VALUES (?, 'full', '2000-07-01')",
            (p["id"],),
        )
        for month, due in p["bases"]:
            con.execute(
                "INSERT INTO dues_base (person_id, from_month, category, fixed_fen, due_fen)"
                " VALUES (?, ?, 'in_service', ?, ?)",
                (p["id"], month, due, due),
            )
    for i, (pid, month, kind, amount, on) in enumerate(data["payments"], start=1):
        con.execute(
            "INSERT INTO dues_payment (id, person_id, month, amount_fen, kind, paid_on)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (i, pid, month, amount, kind, on.isoformat()),
        )
    for i, on in data["reversals"]:
        pid, month, _, amount, _ = data["payments"][i]
        con.execute(
            "INSERT INTO dues_payment (person_id, month, amount_fen, kind, paid_on, reverses_id)"
            " VALUES (?, ?, ?, 'reversal', ?, ?)",
            (pid, month, -amount, on.isoformat(), i + 1),
        )
    con.commit()
    con.close()


def reckon(data: dict[str, Any]) -> dict[str, Any]:
    """The statement, member by member and month by month."""
    as_of = data["as_of"]
    last = min(
        f"{YEAR}-12", rules.last_owed_month(as_of, rules.DEFAULT_DEADLINE_DAY).isoformat()[:7]
    )
    year_months = [m for m in MONTHS if m.startswith(str(YEAR))]
    reversed_by_then = {i for i, on in data["reversals"] if on <= as_of}
    live = [
        p
        for i, p in enumerate(data["payments"])
        if p[4] <= as_of and i not in reversed_by_then and p[1] in year_months
    ]
    members: dict[int, dict[str, Any]] = {}
    due_by_month = dict.fromkeys(year_months, 0)
    collected = dict.fromkeys(year_months, 0)
    for pid, month, kind, amount, _ in live:
        m = members.setdefault(pid, {"months": set(), "paid": 0, "vol": 0, "due": 0, "out": 0})
        collected[month] += amount
        if kind == "regular":
            m["months"].add(month)
            m["paid"] += amount
        else:
            m["vol"] += amount
    for p in data["people"]:
        if not p["bases"] or (p["joined"] is not None and p["joined"] > as_of):
            continue
        # the base in force in a month: the latest starting by then, the last entered of a month
        by_start: dict[str, int] = {}
        for month, due in p["bases"]:
            by_start[month] = due
        start = max((p["joined"].isoformat()[:7] if p["joined"] else ""), min(by_start))
        end = p["left"].isoformat()[:7] if p["left"] else "9999-12"
        for month in year_months:
            if not (start <= month <= end and month <= last):
                continue
            due = by_start[max(s for s in by_start if s <= month)]
            m = members.setdefault(
                p["id"], {"months": set(), "paid": 0, "vol": 0, "due": 0, "out": 0}
            )
            m["due"] += due
            due_by_month[month] += due
            paid = sum(
                a for pid, mo, k, a, _ in live if pid == p["id"] and mo == month and k == "regular"
            )
            m["out"] += max(0, due - paid)
    return {
        "members": [
            {
                "member_id": pid,
                "months_paid": sorted(m["months"]),
                "paid": format_money(m["paid"]),
                "voluntary": format_money(m["vol"]),
                "due": format_money(m["due"]),
                "outstanding": format_money(m["out"]),
            }
            for pid, m in sorted(members.items())
        ],
        "due": format_money(sum(m["due"] for m in members.values())),
        "collected": format_money(sum(m["paid"] + m["vol"] for m in members.values())),
        "voluntary": format_money(sum(m["vol"] for m in members.values())),
        "outstanding": format_money(sum(m["out"] for m in members.values())),
        "by_month": [
            {"month": m, "due": format_money(due_by_month[m]), "collected": format_money(c)}
            for m, c in collected.items()
        ],
    }


@settings(
    max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(ledgers())
def test_the_statement_is_the_month_by_month_reckoning(data: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ledger.db"
        build(path, data)
        with reading(path) as reader:
            got = statement(reader, YEAR, data["as_of"])
            totals_only = statement(reader, YEAR, data["as_of"], with_members=False)
    want = reckon(data)
    assert [{k: v for k, v in m.items() if k != "name"} for m in got["members"]] == want["members"]
    for key in ("due", "collected", "voluntary", "outstanding"):
        assert got["totals"][key] == want[key], key
    assert got["by_month"] == want["by_month"]
    assert totals_only["totals"] == got["totals"] and totals_only["members"] == []
