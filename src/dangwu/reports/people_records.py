"""Talks (谈心谈话) and evaluation results (民主评议), as `talk list` and `evaluation list`
print them."""

from __future__ import annotations

from typing import Any

from ..rules.periods import Period
from ..store.reader import Reader, as_date


def talks(reader: Reader, period: Period | None, person_id: int | None) -> list[dict[str, Any]]:
    """Talks in the period (all without one) held with or by the person, oldest first."""
    rows = reader.rows(
        """SELECT t.id, t.on_date AS date, t.person_id AS member_id, a.name, t.with_id, b.name AS with_name, t.topic
           FROM talk t JOIN person a ON a.id = t.person_id JOIN person b ON b.id = t.with_id
           WHERE (:s IS NULL OR t.on_date BETWEEN :s AND :e) AND t.voided_on IS NULL
             AND (:pid IS NULL OR t.person_id = :pid OR t.with_id = :pid)
           ORDER BY t.on_date, t.id""",
        {
            "s": period.start if period else None,
            "e": period.end if period else None,
            "pid": person_id,
        },
    )
    for row in rows:
        row["date"] = as_date(row["date"])
    return rows


def evaluations(reader: Reader, year: int | None) -> list[dict[str, Any]]:
    """Evaluation results of the year (every year without one), by year then member."""
    return reader.rows(
        """SELECT e.person_id AS member_id, p.name, e.year, e.grade, e.action FROM evaluation e
           JOIN person p ON p.id = e.person_id WHERE (:y IS NULL OR e.year = :y)
             AND e.voided_on IS NULL
           ORDER BY e.year, e.person_id""",
        {"y": year},
    )
