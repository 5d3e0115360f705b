"""The read SQL's SQLite-only spellings, rewritten for PostgreSQL (store/dialect.py)."""

from __future__ import annotations

import pytest

from dangwu.store.dialect import to_postgresql


@pytest.mark.parametrize(
    ("sqlite", "postgresql"),
    [
        (
            "SELECT group_concat(r.month) FROM t",
            "SELECT string_agg(CAST(r.month AS TEXT), ',') FROM t",
        ),
        (
            "group_concat(CASE WHEN r.kind = 'a,b' THEN r.month || '=' || r.fen END)",
            "string_agg(CAST(CASE WHEN r.kind = 'a,b' THEN r.month || '=' || r.fen END AS TEXT), ',')",
        ),
        ("MAX(a, (SELECT MIN(x) FROM y), c)", "GREATEST(a, (SELECT MIN(x) FROM y), c)"),
        ("SELECT MAX(id) FROM t", "SELECT MAX(id) FROM t"),
        ("WHERE +a.status = 'present'", "WHERE a.status = 'present'"),
        ("ORDER BY +r.month", "ORDER BY r.month"),
        ("SELECT a + b.c, 1+t.x", "SELECT a + b.c, 1+t.x"),
        ("substr(p.joined_on, 1, 7)", "substr(CAST(p.joined_on AS TEXT), 1, 7)"),
        (
            "MAX(COALESCE(substr((SELECT MIN(d) FROM s), 1, 7), ''), b)",
            "GREATEST(COALESCE(substr(CAST((SELECT MIN(d) FROM s) AS TEXT), 1, 7), ''), b)",
        ),
        ("SELECT 'max(a, b)' AS label", "SELECT 'max(a, b)' AS label"),
    ],
)
def test_rewrites(sqlite: str, postgresql: str) -> None:
    assert to_postgresql(sqlite) == postgresql


def test_unbalanced_sql_is_an_error_not_a_silent_rewrite() -> None:
    with pytest.raises(ValueError):
        to_postgresql("SELECT group_concat(a FROM t")


@pytest.mark.parametrize(
    ("shared", "psycopg"),
    [
        (
            "WHERE a = :d AND (:pid IS NULL OR b = :pid)",
            "WHERE a = %(d)s AND (%(pid)s IS NULL OR b = %(pid)s)",
        ),
        ("WHERE name LIKE '%:x%' AND t = :t", "WHERE name LIKE '%%:x%%' AND t = %(t)s"),
        ("SELECT x::text, '10:30'", "SELECT x::text, '10:30'"),
        (
            "SELECT group_concat(m) FROM t WHERE k = :k",
            "SELECT string_agg(CAST(m AS TEXT), ',') FROM t WHERE k = %(k)s",
        ),
    ],
)
def test_parameters_for_psycopg(shared: str, psycopg: str) -> None:
    from dangwu.store.pg_reader import to_psycopg

    assert to_psycopg(shared) == psycopg
