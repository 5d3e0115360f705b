"""What every open ledger offers, a file or a branch on a PostgreSQL server: the commands
and services are written once against this, never against one backend."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlmodel import Session

    from .reader import Reader
    from .writer import Writer


class LedgerHandle(Protocol):
    # "sqlite" for a ledger file, "postgresql" for a branch on a server
    kind: str
    # what opening it did that the user should hear of (a schema upgrade): the command
    # prints them, on stderr, so that a store never writes to the terminal itself
    notices: list[str]

    @property
    def location(self) -> str:
        """Where the ledger is, as shown to the user (a path, or the server URL with the
        branch and no password)."""
        ...

    @property
    def engine(self) -> Engine: ...

    def write(self) -> AbstractContextManager[Session]:
        """One transaction holding the write lock: everything is committed, or nothing."""
        ...

    def writer(self) -> AbstractContextManager[Writer]:
        """The same transaction as plain SQL (store/writer.py): the lean write path."""
        ...

    def read(self) -> AbstractContextManager[Reader]:
        """One read snapshot on the lean path (no SQLAlchemy import)."""
        ...

    def dispose(self) -> None: ...
