"""Crash reports: what an unexpected internal error leaves behind for the maintainers.

The person at the terminal gets one line; the traceback goes to a private file they can
attach to a bug report. ID and phone numbers are masked in it, since the file is meant to
be passed on. Only the standard library here: this runs when something already went wrong.
"""

from __future__ import annotations

import os
import platform
import re
import shlex
import sys
import traceback
from datetime import datetime
from pathlib import Path

# Options whose value is personal data whatever its shape (a landline, a 15-digit old ID).
_SENSITIVE_OPTIONS = ("--id-number", "--phone")
# 18-character ID numbers (check character 0-9 or X), the old 15-digit ones, and mobile
# numbers, also typed with spaces or dashes (138 0101 0001); digits on either side mean it
# is some other number.
_ID_NUMBER = re.compile(r"(?<![0-9])(?:\d{17}[0-9Xx]|\d{15})(?![0-9A-Za-z])")
_PHONE = re.compile(
    r"(?<![0-9])(?:"
    r"1\d{2}[- ]?\d{4}[- ]?\d{4}"  # a mobile number
    # a landline with its area code (021-64318899, (0755)86013388, +86 21 6431 8899), and
    # an extension (-123, 转123, #123, ext 123)
    r"|(?:\+?86[- ]?\(?0?\d{2,3}\)?|\(0\d{2,3}\)|0\d{2,3})[- ]?\d{3,4}[- ]?\d{4}"
    r"(?:(?:[-#]|转|\s?ext\.?\s?)\d{1,6})?"
    r")(?![0-9])"
)


def mask_text(text: str) -> str:
    """Every ID-number-looking and phone-looking token masked the way outputs mask them."""
    from .privacy import mask_id, mask_phone
    from .store.address import mask_secrets

    text = _ID_NUMBER.sub(lambda m: mask_id(m.group(0)) or "", mask_secrets(text))
    return _PHONE.sub(lambda m: mask_phone(m.group(0)) or "", text)


def masked_argv(argv: list[str]) -> list[str]:
    out: list[str] = []
    hide_next = False
    for arg in argv:
        if hide_next:
            out.append("***")
            hide_next = False
            continue
        option, eq, _ = arg.partition("=")
        if option in _SENSITIVE_OPTIONS:
            if eq:
                out.append(option + "=***")
            else:
                out.append(arg)
                hide_next = True
            continue
        out.append(mask_text(arg))
    return out


def crash_dir() -> Path:
    """$DANGWU_CRASH_DIR, else $XDG_STATE_HOME/dangwu/crash, else ~/.local/state/dangwu/crash."""
    explicit = os.environ.get("DANGWU_CRASH_DIR")
    if explicit:
        return Path(explicit).expanduser()
    state = os.environ.get("XDG_STATE_HOME")
    # the XDG spec: a relative (or empty) value is invalid and is ignored
    if state and os.path.isabs(state):
        return Path(state) / "dangwu" / "crash"
    return Path.home() / ".local" / "state" / "dangwu" / "crash"


def write_report(exc: BaseException, argv: list[str] | None = None) -> Path | None:
    """Write the report (mode 0600) and return its path; None when it cannot be written,
    because a failing crash report must not hide the error it reports."""
    from . import __version__

    try:
        now = datetime.now().astimezone()
        args = masked_argv(list(sys.argv[1:] if argv is None else argv))
        trace = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        text = (
            f"dangwu {__version__} crash report\n"
            f"time: {now.isoformat(timespec='seconds')}\n"
            f"command: dangwu {shlex.join(args)}\n"
            f"python: {sys.version.split()[0]} ({platform.python_implementation()})\n"
            f"platform: {platform.platform()}\n"
            f"\n{mask_text(trace)}"
        )
        folder = crash_dir()
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        stamp = now.strftime("%Y%m%dT%H%M%S")
        for attempt in range(100):
            path = folder / f"crash-{stamp}-{os.getpid()}{f'-{attempt}' if attempt else ''}.txt"
            try:
                fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            except FileExistsError:
                continue
            with os.fdopen(fd, "w", encoding="utf-8", errors="replace") as fh:
                os.fchmod(fh.fileno(), 0o600)  # whatever the umask
                fh.write(text)
            return path
        return None
    except Exception:
        return None
