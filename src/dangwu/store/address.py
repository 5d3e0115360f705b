"""What `--db` names: a ledger file, or a branch on a PostgreSQL server.

Kept free of SQLAlchemy and psycopg so --help and --version stay fast.

A server address is a libpq URL, `postgresql://user:password@host:port/database`, with
one addition of dangwu's own: `?branch=NAME` picks the branch's schema (the higher
committee's role, which sees every branch, needs it; a branch's own role has its schema as
its search_path, set by `dangwu branch create`, and can leave it out).
"""

from __future__ import annotations

import re
from typing import NamedTuple
from urllib.parse import parse_qsl, urlencode, urlsplit

from ..errors import Refused

SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")

# a branch is a schema: a plain lower-case SQL identifier, so it never needs quoting and
# cannot collide with PostgreSQL's own (pg_*) or the shared registry schema
BRANCH_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
RESERVED = frozenset({"public", "information_schema", "dangwu"})


class ServerAddress(NamedTuple):
    url: str  # for SQLAlchemy: postgresql+psycopg://…, without dangwu's own parameters
    branch: str | None  # the schema named by ?branch=, else the role's own
    shown: str  # for messages: the password masked

    def with_branch(self, branch: str) -> ServerAddress:
        return ServerAddress(self.url, branch, self.shown)


def is_server(text: str) -> bool:
    scheme, sep, _ = text.partition("://")
    return bool(sep) and scheme.lower() in SCHEMES


def check_branch_name(name: str, field: str = "--branch") -> str:
    if not BRANCH_NAME.match(name) or name in RESERVED or name.startswith("pg_"):
        raise Refused(
            f"{field}: 支部代号应为小写字母开头、由小写字母、数字和下划线组成（至多 63 个），"
            f"且不能是 public、dangwu 或 pg_ 开头：{name!r}",
            f"{field}: a branch code is lower-case letters, digits and underscores, starting"
            f" with a letter, at most 63, and not public, dangwu or pg_…: {name!r}",
        )
    return name


def parse_server(text: str) -> ServerAddress:
    try:
        parts = urlsplit(text)
        query = parse_qsl(parts.query, keep_blank_values=True)
    except ValueError as exc:  # "Invalid IPv6 URL" and the like
        raise Refused(
            f"--db: 不是有效的 PostgreSQL 地址（{exc}）：{mask_secrets(text)!r}",
            f"--db: not a valid PostgreSQL URL ({exc}): {mask_secrets(text)!r}",
        ) from None
    branch = None
    kept = []
    for key, value in query:
        if key == "branch":
            # `public` is a server's default schema: a ledger there (`init` without a
            # branch) is named as any other
            branch = value if value == "public" else check_branch_name(value, "--db ?branch=")
        else:
            kept.append((key, value))
    rest = parts.path + (f"?{urlencode(kept)}" if kept else "")
    # written out, not urlunsplit: an empty host (libpq's "postgresql:///db", a local
    # socket) must keep its "//"
    url = f"postgresql+psycopg://{parts.netloc}{rest}"
    shown = mask_secrets(f"postgresql://{parts.netloc}{rest}")
    return ServerAddress(url, branch, shown)


# a password in a URL's user part, or as a password= parameter
_USER_PASSWORD = re.compile(r"(://[^:/@\s]*):[^@/\s]*@")
_PASSWORD_PARAM = re.compile(r"([?&]password=)[^&\s]*", re.IGNORECASE)


def mask_secrets(text: str) -> str:
    """Passwords in server URLs as ***, wherever a URL is echoed, audited or reported."""
    return _PASSWORD_PARAM.sub(r"\1***", _USER_PASSWORD.sub(r"\1:***@", text))


def without_password(url: str) -> tuple[str, str | None]:
    """A libpq URL without the password in its user part, and that password (for
    PGPASSWORD: a child process's command line is visible to every local user)."""
    match = re.match(r"^([a-z+]+://[^:/@\s]*):([^@/\s]*)@", url)
    if match is None:
        return url, None
    from urllib.parse import unquote

    return match.group(1) + "@" + url[match.end() :], unquote(match.group(2))
