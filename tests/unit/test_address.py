"""What --db names: a server URL parsed, its passwords never shown (store/address.py)."""

from __future__ import annotations

import pytest

from dangwu.errors import Refused
from dangwu.store.address import is_server, mask_secrets, parse_server, scrub, without_password


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


@pytest.mark.parametrize(
    "text",
    [
        "postgresql://u:Kx7@Wq9@db.example/party",  # an unencoded '@' in the password
        "postgresql://u:Kx7/Wq9@db.example/party",  # '/', '?' and '#' end the host part early
        "postgresql://u:Kx7?Wq9@db.example/party",
        "postgresql://u:Kx7#Wq9@db.example/party",
        "postgresql://a@b:Kx7Wq9@db.example/party",  # an '@' in the user name
        "postgresql://u:Kx7Wq9@db.example/party?sslcert=/home/me@x/c.pem",  # in a parameter
    ],
)
def test_an_address_whose_user_part_is_ambiguous_is_refused_without_showing_it(
    text: str,
) -> None:
    with pytest.raises(Refused) as refused:
        parse_server(text)
    for lang in ("zh", "en"):
        message = refused.value.text(lang)
        assert "Kx7" not in message and "Wq9" not in message and "%40" in message


def test_an_encoded_password_and_an_address_without_one_are_read_as_libpq_reads_them() -> None:
    assert parse_server("postgresql://u:Kx7%40Wq9@h/db").shown == "postgresql://u:***@h/db"
    # no password at all: libpq takes it from PGPASSWORD, ~/.pgpass or the service file
    assert parse_server("postgresql:///party?service=branch1") == (
        "postgresql+psycopg:///party?service=branch1",
        None,
        "postgresql:///party?service=branch1",
    )
    assert parse_server("postgresql://?service=b&branch=beta").branch == "beta"
    # several hosts, and an '@' written %40 in a parameter
    assert parse_server("postgresql://u:pw@h:5432,h2:5433/db?sslcert=/me%40x/c").shown == (
        "postgresql://u:***@h:5432,h2:5433/db?sslcert=%2Fme%40x%2Fc"
    )


def test_masking_never_leaves_a_piece_of_a_password() -> None:
    for text in (
        "dangwu --db postgresql://u:Kx7@Wq9@h/db member list",
        "dangwu --db postgresql://u:Kx7/Wq9@h/db member list",
        "dangwu --db postgresql://u@h/db?password=Kx7&Wq9 member list",
    ):
        masked = mask_secrets(text)
        assert "Kx7" not in masked and "Wq9" not in masked and masked.endswith(" member list")


def test_a_servers_message_is_scrubbed_of_the_password() -> None:
    url = "postgresql+psycopg://u:Kx7%25zzWq9@h/db?password=pw&x1"
    assert scrub('invalid percent-encoded token: "Kx7%zzWq9"', url) == (
        'invalid percent-encoded token: "***"'
    )
    assert scrub('invalid URI query parameter: "x1"', url) == 'invalid URI query parameter: "***"'
    assert scrub('password authentication failed for user "u"', url) == (
        'password authentication failed for user "u"'
    )
