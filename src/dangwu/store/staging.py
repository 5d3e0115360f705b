"""Staging for imports: a file's rows wait in a TEMP table of the write transaction.

An import of any size holds one batch of rows in memory, never the file nor the ledger
(issue 22: `dues import` held 3.8 GB at 100,000 members × 24 months). The first pass reads
the file, parses each row and puts it into a TEMP table, a batch at a time; the second reads
it back in the order the checks need (a member's months in order), a batch at a time, and
writes in batches — all in the one write transaction, so an import is still all or nothing:
a problem anywhere, or --dry-run, rolls everything back. TEMP tables are the connection's
own on SQLite and PostgreSQL alike, and go with it.

The rows go in through the driver itself (sqlite3's executemany, psycopg's COPY): through
the Writer's one-statement interface they would cost more than the import's checks.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from .writer import Writer

# Rows per batch: 5,000 rows of a dues register are a few MB in Python, and as fast to write
# as one batch of all (executemany and COPY cost per row, not per call).
BATCH = 5000


def driver(w: Writer) -> Any:
    """The DB-API connection under a Writer: sqlite3's or psycopg's."""
    con = getattr(w, "con", None)
    if con is None:  # a SessionWriter: the connection of its session's transaction
        con = w.session.connection().connection.driver_connection  # type: ignore[attr-defined]
    return con


class StagingTable:
    """A TEMP table `name` with `columns` (name → SQL type) that rows (tuples in the order of
    the columns) go into in batches."""

    def __init__(self, w: Writer, name: str, columns: Mapping[str, str]) -> None:
        self.w = w
        self.name = name
        self.columns = list(columns)
        self.con = driver(w)
        self.pending: list[tuple[Any, ...]] = []
        self.count = 0
        self.indexes = 0
        # in the connection's own TEMP schema, whatever the search path finds first
        temp = "pg_temp" if w.dialect == "postgresql" else "temp"
        w.execute(f"DROP TABLE IF EXISTS {temp}.{name}")
        spec = ", ".join(f"{c} {t}" for c, t in columns.items())
        w.execute(f"CREATE TEMP TABLE {name} ({spec})")

    def add(self, row: tuple[Any, ...]) -> None:
        self.pending.append(row)
        if len(self.pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        cols = ", ".join(self.columns)
        if self.w.dialect == "postgresql":
            with self.con.cursor().copy(f"COPY {self.name} ({cols}) FROM STDIN") as copy:
                for row in self.pending:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" for _ in self.columns)
            self.con.executemany(f"INSERT INTO {self.name} ({cols}) VALUES ({marks})", self.pending)
        self.count += len(self.pending)
        self.pending = []

    def index(self, *columns: str) -> None:
        """An index for the second pass (made once the rows are in: faster so)."""
        self.flush()
        self.indexes += 1
        self.w.execute(
            f"CREATE INDEX {self.name}_ix{self.indexes} ON {self.name} ({', '.join(columns)})"
        )
        if self.w.dialect == "postgresql":
            # autovacuum never sees a TEMP table: without statistics the planner would sort
            # the whole table for every page the second pass reads
            self.w.execute(f"ANALYZE {self.name}")

    def drop(self) -> None:
        self.pending = []
        self.w.execute(f"DROP TABLE {self.name}")


# Values in one IN (…): SQLite before 3.32 (still some systems' library) allows 999
# parameters in a statement
IN_MAX = 500


def in_lists(prefix: str, values: Sequence[Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """`values` as the parameters of IN (…) lists of at most IN_MAX each: a list's
    placeholders and parameters. Each padded with its first value to a power of two, so
    that its statement is one of a few (drivers and store/pg_reader.py keep statements by
    their text)."""
    for start in range(0, len(values), IN_MAX):
        part = list(values[start : start + IN_MAX])
        size = 16
        while size < len(part):
            size *= 2
        part += [part[0]] * (size - len(part))
        marks = ", ".join(f":{prefix}{i}" for i in range(size))
        yield marks, {f"{prefix}{i}": v for i, v in enumerate(part)}


def pages(
    w: Writer, sql: str, params: Mapping[str, Any] | None = None, size: int = BATCH
) -> Iterator[list[tuple[Any, ...]]]:
    """The rows of `sql` a page at a time. `sql` selects `line` (a staging table's, unique)
    first, keeps `line > :after` among its conditions, and is completed here with the order
    and the page's size."""
    after = 0
    while True:
        page = w.tuples(f"{sql} ORDER BY 1 LIMIT {int(size)}", {**(params or {}), "after": after})
        if page:
            yield page
        if len(page) < size:
            return
        after = page[-1][0]


class Problems:
    """Every problem an import finds, with its line, in a TEMP table: a file whose every row
    is wrong costs no memory. `report` gives the first KEEP in line order (a line's problems
    in the order they were found) and a last line counting the rest."""

    # enough for any file a person fixes by reading the list; the CLI shows the first 50
    KEEP = 10_000

    def __init__(self, w: Writer, name: str = "dangwu_import_problem") -> None:
        self.table = StagingTable(
            w, name, {"line": "INTEGER", "seq": "INTEGER", "zh": "TEXT", "en": "TEXT"}
        )
        self.total = 0

    def add(self, line: int, field: str, zh: str, en: str) -> None:
        self.total += 1
        self.table.add(
            (line, self.total, f"第 {line} 行 {field}：{zh}", f"line {line}: {field}: {en}")
        )

    def __bool__(self) -> bool:
        return self.total > 0

    def report(self) -> tuple[int, list[str], list[str]]:
        """(the number of lines with a problem, the problems in Chinese, in English)."""
        self.table.flush()
        w, name = self.table.w, self.table.name
        lines = int(w.scalar(f"SELECT COUNT(DISTINCT line) FROM {name}") or 0)
        kept = w.tuples(f"SELECT zh, en FROM {name} ORDER BY line, seq LIMIT {int(self.KEEP)}")
        zh = [r[0] for r in kept]
        en = [r[1] for r in kept]
        if self.total > len(kept):
            more = self.total - len(kept)
            zh.append(f"……另有 {more:,} 处问题未列出（共 {lines:,} 行有错误）")
            en.append(f"… and {more:,} more problems not listed ({lines:,} bad lines in all)")
        return lines, zh, en
