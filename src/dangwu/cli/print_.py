"""`dangwu print …`: the papers of record, print-ready (A4, the branch's name in the title,
page numbers, table headers repeated on every page), as .docx or .xlsx by the extension of
`-o`, created 0600 and never over an existing file.

Each paper's command lives in a module of its own, which registers it on `app` here."""

import typer

app = typer.Typer(no_args_is_help=True)

# the modules register their commands on `app` when imported (after it exists)
from . import print_dues, print_handbook, print_meetings, print_members  # noqa: E402,F401
