"""Print-ready papers (`dangwu print …`): a Document model and its DOCX and XLSX writers."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import Refused
from ..files import create_private
from .model import Document

WRITERS = (".docx", ".xlsx")


def write_document(doc: Document, path: Path, field: str = "-o") -> None:
    """Write `doc` as DOCX or XLSX by the extension: a new file, mode 0600, never over an
    existing one; a failure leaves no file behind."""
    suffix = path.suffix.lower()
    if suffix not in WRITERS:
        raise Refused(
            f"{field}: 请用 .docx 或 .xlsx 扩展名（{path.name}）",
            f"{field}: use a .docx or .xlsx extension ({path.name})",
        )
    try:
        fd = create_private(path)
    except Refused as exc:  # its messages name "FILE:"; the user typed `field`
        raise Refused(
            exc.zh.replace("FILE:", f"{field}:", 1), exc.en.replace("FILE:", f"{field}:", 1)
        ) from None
    os.close(fd)
    try:
        if suffix == ".docx":
            from .docx import write_docx

            write_docx(doc, path)
        else:
            from .xlsx import write_xlsx

            write_xlsx(doc, path)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    os.chmod(path, 0o600)
