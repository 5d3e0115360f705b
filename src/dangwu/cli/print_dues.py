"""`dangwu print …` commands (see print_.py)."""

from .print_ import app  # noqa: F401
