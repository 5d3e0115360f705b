"""A temporary ledger driven through the CLI, shared by the end-to-end tests."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from dangwu.cli.app import app


class Ledger:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.runner = CliRunner()

    def __call__(self, *args: str) -> Any:
        return self.runner.invoke(app, ["--db", str(self.path), *args])

    def ok(self, *args: str) -> str:
        result = self(*args)
        assert result.exit_code == 0, (args, result.stdout, result.stderr)
        return result.stdout

    def json(self, *args: str) -> Any:
        return json.loads(self.ok(*args, "--format", "json"))

    def dump(self) -> list[str]:
        con = sqlite3.connect(self.path)
        try:
            return list(con.iterdump())
        finally:
            con.close()

    def refused(self, *args: str) -> str:
        """Exit 1, one line on stderr, the ledger unchanged; returns stderr."""
        before = self.dump()
        result = self(*args)
        assert result.exit_code == 1, (args, result.stdout, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1
        assert self.dump() == before
        return result.stderr

    def stage(self, name: str) -> dict[str, Any]:
        return next(m for m in self.json("member", "list", "--all") if m["name"] == name)

    def owed(self, name: str, *args: str) -> list[str]:
        doc = self.json("dues", "status", *args)
        return next((m["owed_months"] for m in doc["members"] if m["name"] == name), [])
