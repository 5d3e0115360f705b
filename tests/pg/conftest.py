"""Fixtures for the PostgreSQL tests: a server for the session, a fresh database per test."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from pg_kit import drop_database, fresh_database, start_cluster


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
