"""Everyone's place in the branch on any day, from two reads of the dated histories.

Reports ask "who was a member on this day, in which stage, in which group" for many days
(every quarter's first day, the year's end, the day of the report). Asked in SQL, each is a
walk of `person` with a correlated look-up of the stage history per person — about 0.02 s at
10,000 people, several times per report. Here `person` and `stage_event` are read once per
read snapshot and each day is answered in Python (the few whose history changes after that
day by the SQL itself), with the same rules as the SQL in
store/queries.py (STAGE_AT, IN_BRANCH, GROUP_AT): the stage on a day is the latest entered
(highest id) of the events dated on or before it or undated; a member on a day joined on or
before it and had not left by it. Dates are compared as ISO text, as SQLite compares them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, NamedTuple

from .queries import STAGE_AT
from .reader import Reader, memo

MEMBER_STAGES = ("full", "probationary")
# ids per IN (…) list when the SQL decides a stage
CHUNK = 500


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
        # one str object per distinct date: 30,000 people share a few hundred dates, and a
        # copy of each per row would cost more memory than the rest of the index
        dates: dict[str, str] = {}
        keep = dates.setdefault

        def one(value: Any) -> str | None:
            return None if value is None else keep(iso(value), iso(value))  # type: ignore[arg-type]

        # a person voided as entered in error is in the branch on no day
        rows = reader.tuples(
            "SELECT id, name, joined_on, left_on FROM person WHERE voided_on IS NULL ORDER BY id"
        )
        if getattr(reader, "dialect", "sqlite") == "sqlite":
            # SQLite hands dates back as ISO text already: no call per date (40,000 of them)
            self.people: dict[int, Person] = {
                pid: Person(
                    pid,
                    name,
                    joined if joined is None else keep(joined, joined),
                    left if left is None else keep(left, left),
                )
                for pid, name, joined, left in rows
            }
        else:
            self.people = {
                pid: Person(pid, name, one(joined), one(left)) for pid, name, joined, left in rows
            }
        # per person: the stage of their last event and the latest date among their events —
        # from that day on the last event decides every day; before it (people whose history
        # moved within the period asked about, few) the SQL answers
        final: dict[int, list[str]] = {}
        # person id → the earliest dated probationary event (ADMITTED_ON in store/queries.py)
        self.admitted: dict[int, str] = {}
        text = getattr(reader, "dialect", "sqlite") == "sqlite"
        for pid, stage, on in reader.tuples(
            "SELECT person_id, stage, on_date FROM stage_event ORDER BY id"
        ):
            if on is not None:
                on = keep(on, on) if text else one(on)
            last = final.get(pid)
            if last is None:
                final[pid] = [stage, on or ""]
            else:
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
        self._by_stage: dict[str, dict[str, list[int]]] = {}

    def stages_on(self, day: date | str) -> dict[int, str]:
        """person id → their stage on `day` (people with no stage then are left out)."""
        d = iso(day)
        assert d is not None
        if d not in self._stages:
            out: dict[int, str] = {}
            unsettled = []
            for pid, (last, settled) in self.final.items():
                if d >= settled:
                    out[pid] = last
                else:
                    unsettled.append(pid)
            for chunk in range(0, len(unsettled), CHUNK):
                marks = ",".join(str(pid) for pid in unsettled[chunk : chunk + CHUNK])
                for pid, stage in self.reader.tuples(
                    f"SELECT p.id, {STAGE_AT} FROM person p WHERE p.id IN ({marks})", {"d": d}
                ):
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
        # the day's members by stage, in id order, sorted out once per day: reports ask for
        # several stages on one day, and the rare stages then cost nothing
        grouped = self._by_stage.get(d)
        if grouped is None:
            grouped = self._by_stage[d] = {}
            on_day = self.stages_on(d)
            for pid in ids:
                stage = on_day.get(pid)
                if stage is not None:
                    found = grouped.get(stage)
                    if found is None:
                        grouped[stage] = [pid]
                    else:
                        found.append(pid)
        wanted = [grouped[s] for s in dict.fromkeys(stages) if s in grouped]
        if len(wanted) == 1:
            return list(wanted[0])
        return sorted(pid for part in wanted for pid in part)

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
    kept = memo(reader, "roster_index")
    found: RosterIndex | None = kept.get("index")
    if found is None:
        found = kept["index"] = RosterIndex(reader)
    return found
