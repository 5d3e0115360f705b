"""When two written names are one person's name.

A name typed twice is not always typed the same: a full-width `Ｌｉ Ｎａ` from a Chinese
input method, a zero-width space pasted from a web page, a right-to-left mark from a
spreadsheet. Duplicates are caught on the name as read, not as stored (issue 17): Unicode
NFKC normalisation (full-width and compatibility forms to their plain form, UAX #15),
without the invisible format characters, with runs of spaces as one, and Latin letters
compared without case.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def name_key(name: str) -> str:
    """The form two names are compared in: equal keys, one name."""
    text = unicodedata.normalize("NFKC", name)
    # Unicode category Cf: zero-width spaces and joiners, direction marks and embeddings,
    # the byte-order mark; none of them is a letter anyone can see
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return _SPACES.sub(" ", text).strip().casefold()


# Characters no one can see or that change how the text around them reads: controls (Cc,
# but tab and line feed, which notes and minutes hold), format characters (Cf: zero-width
# spaces and joiners, the byte-order mark, direction marks, embeddings and overrides such as
# U+202E, which shows "user.txt" for "usertxt.exe"), line and paragraph separators (Zl, Zp),
# and lone surrogates (Cs). A name, a note or a receipt number holding one looks like
# another that does not (issue 23).
_HIDDEN = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
_ALLOWED = frozenset("\t\n")


def hidden_character(text: str) -> str | None:
    """The first invisible or direction-changing character in `text`, as its code point
    ("U+200B"); None when there is none."""
    for ch in text:
        if ch not in _ALLOWED and unicodedata.category(ch) in _HIDDEN:
            return f"U+{ord(ch):04X}"
    return None


def escape_hidden(text: str) -> str:
    """`text` with every hidden character written as its escape (\\x7f, \\u202e): for what
    dangwu records but did not refuse, such as a file name in the audit trail, so that the
    ledger never holds a character that rewrites a terminal or a line when shown. Inside
    JSON the escape reads back as the character itself."""
    if hidden_character(text) is None:
        return text
    out = []
    for ch in text:
        if ch not in _ALLOWED and unicodedata.category(ch) in _HIDDEN:
            code = ord(ch)
            if code > 0xFFFF:  # as JSON writes it: a surrogate pair
                code -= 0x10000
                out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
            else:
                out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)
