"""Everyone's place in the branch on any day, from two reads of the dated histories.

Reports ask "who was a member on this day, in which stage, in which group" for many days
(every quarter's first day, the year's end, the day of the report). Asked in SQL, each is a
walk of `person` with a correlated look-up of the stage history per person — about 0.02 s at
10,000 people, several times per report. Here `person` and `stage_event` are read once per
read snapshot and each day is answered in Python, with the same rules as the SQL in
store/queries.py (STAGE_AT, IN_BRANCH, GROUP_AT): the stage on a day is the latest entered
(highest id) of the events dated on or before it or undated; a member on a day joined on or
before it and had not left by it. Dates are compared as ISO text, as SQLite compares them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, NamedTuple

from .reader import Reader, SqliteReader

MEMBER_STAGES = ("full", "probationary")


def iso(value: Any) -> str | None:
    """A stored date as ISO text (SQLite hands back text, other drivers date objects)."""
    if value is None or isinstance(value, str):
        return value
    return value.isoformat()


class Person(NamedTuple):
    id: int
    name: str
    joined_on: str | None
    left_on: str | None


class RosterIndex:
    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        rows = reader.tuples("SELECT id, name, joined_on, left_on FROM person ORDER BY id")
        if rows and not all(isinstance(v, str | None) for v in rows[0][2:]):
            rows = [(pid, name, iso(joined), iso(left)) for pid, name, joined, left in rows]
        self.people: dict[int, Person] = {p.id: p for p in map(Person._make, rows)}
        # per person: their events in the order entered, the stage of the last one, and the
        # latest date among them (from that day on the last event decides every day)
        self.events: dict[int, list[tuple[str, str | None]]] = {}
        final: dict[int, list[str]] = {}
        # person id → the earliest dated probationary event (ADMITTED_ON in store/queries.py)
        self.admitted: dict[int, str] = {}
        for pid, stage, on in reader.tuples(
            "SELECT person_id, stage, on_date FROM stage_event ORDER BY id"
        ):
            if on is not None and not isinstance(on, str):
                on = on.isoformat()
            seen = self.events.get(pid)
            if seen is None:
                self.events[pid] = [(stage, on)]
                final[pid] = [stage, on or ""]
            else:
                seen.append((stage, on))
                last = final[pid]
                last[0] = stage
                if on is not None and on > last[1]:
                    last[1] = on
            if stage == "probationary" and on is not None:
                first = self.admitted.get(pid)
                if first is None or on < first:
                    self.admitted[pid] = on
        self.final: dict[int, tuple[str, str]] = {pid: (s, d) for pid, (s, d) in final.items()}
        self._stages: dict[str, dict[int, str]] = {}
        self._groups: dict[str, dict[int, str]] = {}
        self._in_branch: dict[str, list[int]] = {}

    def stages_on(self, day: date | str) -> dict[int, str]:
        """person id → their stage on `day` (people with no stage then are left out)."""
        d = iso(day)
        assert d is not None
        if d not in self._stages:
            out: dict[int, str] = {}
            for pid, (last, settled) in self.final.items():
                if d >= settled:
                    out[pid] = last
                    continue
                stage = None
                for s, on in self.events[pid]:
                    if on is None or on <= d:
                        stage = s
                if stage is not None:
                    out[pid] = stage
            self._stages[d] = out
        return self._stages[d]

    def in_branch(self, day: date | str, stages: Iterable[str] | None = None) -> list[int]:
        """Ids, in order, of the people in the branch on `day` (joined by then, not yet left)
        and, given `stages`, in one of them on that day."""
        d = iso(day)
        assert d is not None
        ids = self._in_branch.get(d)
        if ids is None:
            ids = self._in_branch[d] = [
                p.id
                for p in self.people.values()
                if (p.joined_on is None or p.joined_on <= d)
                and (p.left_on is None or p.left_on > d)
            ]
        if stages is None:
            return list(ids)
        by_stage, wanted = self.stages_on(d), frozenset(stages)
        return [pid for pid in ids if by_stage.get(pid) in wanted]

    def admitted_on(self, pid: int) -> str | None:
        return self.admitted.get(pid)

    def groups_on(self, day: date | str) -> dict[int, str]:
        """person id → the name of their party group on `day` (GROUP_AT for everyone)."""
        d = iso(day)
        assert d is not None
        if d not in self._groups:
            # in id order, so the latest membership row in force wins, as in GROUP_AT
            self._groups[d] = dict(
                self.reader.tuples(
                    """SELECT gm.person_id, g.name FROM group_membership gm
                       JOIN party_group g ON g.id = gm.group_id
                       WHERE (gm.from_on IS NULL OR gm.from_on <= :d)
                         AND (gm.to_on IS NULL OR gm.to_on > :d) ORDER BY gm.id""",
                    {"d": d},
                )
            )
        return self._groups[d]


def roster_index(reader: Reader) -> RosterIndex:
    """The index for a read snapshot, built once; inside a write (where the histories may
    change between two questions) a fresh one each time."""
    if not isinstance(reader, SqliteReader):
        return RosterIndex(reader)
    found = reader.__dict__.get("_roster_index")
    if found is None:
        found = reader.__dict__["_roster_index"] = RosterIndex(reader)
    return found
