"""Fixtures for the PostgreSQL tests: a server for the session, a fresh database per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from pg_kit import drop_database, fresh_database, start_cluster


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DANGWU_DB", raising=False)
    monkeypatch.delenv("DANGWU_LANG", raising=False)
    monkeypatch.delenv("DANGWU_DEBUG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("DANGWU_CRASH_DIR", str(tmp_path / "crash"))


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    cluster = start_cluster()
    url = next(cluster)
    if url is None:
        if os.environ.get("DANGWU_TEST_PG_REQUIRED"):
            pytest.fail("DANGWU_TEST_PG_REQUIRED is set but no PostgreSQL server is available")
        pytest.skip("no PostgreSQL server here (set DANGWU_TEST_PG to a superuser URL)")
    yield url
    next(cluster, None)


@pytest.fixture
def pg_db(pg_server: str) -> Iterator[str]:
    """The URL of a new, empty database (dropped afterwards)."""
    url = fresh_database(pg_server)
    yield url
    drop_database(pg_server, url)
