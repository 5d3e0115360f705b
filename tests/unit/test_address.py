"""What --db names: a server URL parsed, its passwords never shown (store/address.py)."""

from __future__ import annotations

import pytest

from dangwu.errors import Refused
from dangwu.store.address import is_server, mask_secrets, parse_server, without_password


@pytest.mark.parametrize(
    ("text", "url", "branch", "shown"),
    [
        (
            "postgresql://hc:secret@db.example:5432/party?branch=branch2",
            "postgresql+psycopg://hc:secret@db.example:5432/party",
            "branch2",
            "postgresql://hc:***@db.example:5432/party",
        ),
        (
            "postgresql:///party?host=/run/pg&password=x",
            "postgresql+psycopg:///party?host=%2Frun%2Fpg&password=x",
            None,
            "postgresql:///party?host=%2Frun%2Fpg&password=***",
        ),
        (
            "postgres://u@h/db?branch=public",
            "postgresql+psycopg://u@h/db",
            "public",
            "postgresql://u@h/db",
        ),
    ],
)
def test_parse_server(text: str, url: str, branch: str | None, shown: str) -> None:
    assert is_server(text)
    assert parse_server(text) == (url, branch, shown)


@pytest.mark.parametrize(
    "text",
    ["postgresql://[::1/party", "postgresql://h/db?branch=Bad", "postgresql://h/db?branch=pg_x"],
)
def test_bad_urls_are_refused_without_their_password(text: str) -> None:
    with pytest.raises(Refused) as refused:
        parse_server(text.replace("//", "//u:s3cret@"))
    assert "s3cret" not in refused.value.text("en")


def test_masking() -> None:
    assert (
        mask_secrets(
            "dangwu --db postgresql://a:b@c/d db copy x.db postgres://e:f%40g@h/i?password=q"
        )
        == "dangwu --db postgresql://a:***@c/d db copy x.db postgres://e:***@h/i?password=***"
    )
    assert mask_secrets("dangwu member add 张三 --phone 13800000000") == (
        "dangwu member add 张三 --phone 13800000000"
    )
    assert without_password("postgresql://u:p%40ss@h/db") == ("postgresql://u@h/db", "p@ss")
    assert not is_server("/home/u/postgresql://x.db") and not is_server("ledger.db")
