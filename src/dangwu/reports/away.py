"""Members working or studying away (流动党员): who is away on a day (`member list --away`,
`report stats`) and who was away during a year (`report year`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..rules.periods import Period
from ..store.queries import AWAY_ON, IN_BRANCH, STAGE_AT
from ..store.reader import Reader, as_date

_FIELDS = """a.id AS record_id, a.person_id AS member_id, p.name, a.place, a.from_on,
       a.until_on, a.back_on, a.certificate, a.kind"""


def _dates(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for r in rows:
        for key in ("from_on", "until_on", "back_on"):
            r[key] = as_date(r[key])
    return rows


def away_on_day(reader: Reader, day: date) -> list[dict[str, Any]]:
    """The members of the branch (full or probationary) away on `day`, by member id: the
    record's id, the place, the first day, the planned last day, the paper."""
    return _dates(
        reader.rows(
            f"""SELECT {_FIELDS} FROM member_away a JOIN person p ON p.id = a.person_id
                WHERE {AWAY_ON.format(a="a", d=":d")} AND {IN_BRANCH}
                  AND {STAGE_AT} IN ('full', 'probationary')
                ORDER BY a.person_id, a.from_on""",
            {"d": day},
        )
    )


def away_during(reader: Reader, period: Period) -> list[dict[str, Any]]:
    """Every away record with a day away in `period` (from its first day to the day before
    the day back, or through the planned last day), by first day and member."""
    return _dates(
        reader.rows(
            f"""SELECT {_FIELDS} FROM member_away a JOIN person p ON p.id = a.person_id
                WHERE a.voided_on IS NULL AND p.voided_on IS NULL AND a.from_on <= :e
                  AND (a.back_on IS NULL OR a.back_on > :s)
                  AND (a.until_on IS NULL OR a.until_on >= :s)
                ORDER BY a.from_on, a.person_id, a.id""",
            {"s": period.start, "e": period.end},
        )
    )
