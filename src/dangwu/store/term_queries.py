"""The committee's terms as the ledger holds them: one per election recorded (`committee
elect`), or, in a ledger with none, one inferred from the posts held (its first day the
earliest post's, its length the profile's `committee_election --value`, default 3 years)."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..rules.profile import BY_CODE
from ..rules.terms import DEFAULT_TERM_YEARS, Term
from .profile_queries import stored_profile
from .reader import Reader, as_date, memo

ELECTION_CODE = BY_CODE["committee_election"].code


def default_years(reader: Reader) -> int:
    """The term the branch's profile gives (`rules set committee_election --value 5`)."""
    value = (stored_profile(reader).get(ELECTION_CODE) or {}).get("value")
    return int(value) if value else DEFAULT_TERM_YEARS


def elections(reader: Reader) -> list[dict[str, Any]]:
    """The elections recorded and not voided, oldest first."""
    rows = reader.rows(
        """SELECT id, on_date, years, meeting_id, approved_on, note FROM committee_election
           WHERE voided_on IS NULL ORDER BY on_date, id"""
    )
    for r in rows:
        r["on_date"], r["approved_on"] = as_date(r["on_date"]), as_date(r["approved_on"])
    return rows


def terms(reader: Reader, as_of: date) -> list[Term]:
    """The committee's terms begun by `as_of`, oldest first."""
    kept = memo(reader, "terms")
    if as_of in kept:
        found: list[Term] = kept[as_of]
        return found
    out = [
        Term(r["on_date"], int(r["years"]), int(r["id"]))
        for r in elections(reader)
        if r["on_date"] <= as_of
    ]
    if not out:
        # no election recorded: the posts held on the day began with the committee's term
        first = as_date(
            reader.scalar(
                """SELECT MIN(c.from_on) FROM committee_role c JOIN person p ON p.id = c.person_id
                   WHERE c.from_on <= :d AND (c.to_on IS NULL OR c.to_on > :d)
                     AND p.voided_on IS NULL""",
                {"d": as_of},
            )
        )
        if first is not None:
            out = [Term(first, default_years(reader), None)]
    kept[as_of] = out
    return out


def current_term(reader: Reader, as_of: date) -> Term | None:
    found = terms(reader, as_of)
    return found[-1] if found else None


def expired(reader: Reader, as_of: date) -> Term | None:
    """The term in office on `as_of` if it ended before that day without a new election."""
    term = current_term(reader, as_of)
    return term if term is not None and as_of > term.end else None
