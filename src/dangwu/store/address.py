"""What `--db` names: a ledger file, or a branch on a PostgreSQL server.

Kept free of SQLAlchemy and psycopg so --help and --version stay fast.

A server address is a libpq URL, `postgresql://user:password@host:port/database`, with
one addition of dangwu's own: `?branch=NAME` picks the branch's schema (the higher
committee's role, which sees every branch, needs it; a branch's own role has its schema as
its search_path, set by `dangwu branch create`, and can leave it out).

The password is best left out of the URL (a command line is visible to every local user
for as long as the command runs): libpq then takes it from PGPASSWORD, the password file
(~/.pgpass or PGPASSFILE) or a service (`postgresql:///party?service=NAME`, with
pg_service.conf or PGSERVICEFILE), and so does dangwu. A password that is in the URL is
never shown: not in messages, the audit trail or crash reports, and not in part when an
unencoded '@', '/', '?' or '#' in it makes the URL ambiguous (refused before connecting).
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


def _check_credentials(text: str) -> None:
    """Refuse a URL whose user part cannot be told apart from the rest, without showing it.

    The user name and password end at the last '@' before the host. An unencoded '@' in the
    password (`u:p@ss@host`) makes libpq stop at the first one and look up the host
    `ss@host`, and its error names it; a '/', '?' or '#' (`u:pa/ss@host`) ends Python's and
    libpq's reading of the host part early, and the rest is taken for a port, a database
    or a parameter, all of which messages show. So the part before the last '@' may hold
    none of them; an '@' inside a parameter then needs its %40 too, which says so."""
    rest = text.partition("://")[2]
    userinfo = rest[: rest.rfind("@")] if "@" in rest else ""
    if any(ch in userinfo for ch in "@/?#"):
        raise Refused(
            "--db: 地址中主机名之前的部分含有 @、/、? 或 #，无法分清用户名、密码和主机（地址不予显示）。"
            "用户名、密码和参数中的这些字符应写作 %40、%2F、%3F、%23；"
            "更好的做法是不把密码写进地址，改用 PGPASSWORD、~/.pgpass 或 pg_service.conf",
            "--db: the address holds '@', '/', '?' or '#' before its host, so the user name,"
            " password and host cannot be told apart (the address is not shown). Write them as"
            " %40, %2F, %3F and %23 in a user name, password or parameter, or better, leave the"
            " password out of --db and use PGPASSWORD, ~/.pgpass or a pg_service.conf service",
        )


def parse_server(text: str) -> ServerAddress:
    _check_credentials(text)
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


# a password in a URL's user part, up to the last '@' of the word (a password with an
# unencoded '@' or '/' is masked whole; a URL with an '@' further on loses more than its
# password, which is the safe side); a password= parameter to the end of the query (an
# unencoded '&' in it would leave the rest showing as another parameter)
_USER_PASSWORD = re.compile(r"(://[^:/@\s]*):\S*@")
_PASSWORD_PARAM = re.compile(r"([?&]password=)[^\s#]*", re.IGNORECASE)


def mask_secrets(text: str) -> str:
    """Passwords in server URLs as ***, wherever a URL is echoed, audited or reported."""
    return _PASSWORD_PARAM.sub(r"\1***", _USER_PASSWORD.sub(r"\1:***@", text))


def secrets_of(url: str) -> list[str]:
    """What of `url` is a password, or may be part of one: the user part's password and the
    password= parameter, as written and decoded, and the pieces of what follows that
    parameter (an unencoded '&' in it makes a piece look like another parameter)."""
    from urllib.parse import unquote

    found: list[str] = []
    match = re.match(r"^[a-z+]+://[^:/@\s]*:([^@]*)@", url)
    if match:
        found += [match.group(1), unquote(match.group(1))]
    param = re.search(r"[?&]password=([^#]*)", url, re.IGNORECASE)
    if param:
        tail = param.group(1)
        found += [tail, unquote(tail)]
        for piece in re.split(r"[&=]", tail):
            found += [piece, unquote(piece)]
    return sorted({s for s in found if s}, key=len, reverse=True)


def scrub(message: str, url: str) -> str:
    """A server's message with every password (or piece of one) in `url` replaced by ***:
    anywhere when it is 4 characters or more, else where the message quotes it (libpq
    quotes the values it could not use, psycopg the hosts it could not find)."""
    for secret in secrets_of(url):
        if len(secret) >= 4:
            message = message.replace(secret, "***")
        else:
            for q in "\"'":
                message = message.replace(f"{q}{secret}{q}", f"{q}***{q}")
    return message


def without_password(url: str) -> tuple[str, str | None]:
    """A libpq URL without the password in its user part, and that password (for
    PGPASSWORD: a child process's command line is visible to every local user)."""
    match = re.match(r"^([a-z+]+://[^:/@\s]*):([^@/\s]*)@", url)
    if match is None:
        return url, None
    from urllib.parse import unquote

    return match.group(1) + "@" + url[match.end() :], unquote(match.group(2))
