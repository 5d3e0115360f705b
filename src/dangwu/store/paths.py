"""Where the ledger lives and where the shipped migrations and sample data are.

Kept free of SQLAlchemy so --help and --version stay fast.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def resolve_db(option: str | None) -> Path:
    """--db, else DANGWU_DB, else the per-user app directory (CLI.md)."""
    if option:
        return Path(option).expanduser()
    env = os.environ.get("DANGWU_DB")
    if env:
        return Path(env).expanduser()
    return app_dir() / "dangwu.db"


def app_dir() -> Path:
    """The per-user app directory that holds the ledger and the demo's by default."""
    if os.environ.get("XDG_CONFIG_HOME") == "":
        # an empty XDG_CONFIG_HOME would put the ledger in the current directory
        return Path.home() / ".config" / "dangwu"
    import typer

    return Path(typer.get_app_dir("dangwu"))


def demo_db(option: str | None) -> Path:
    """Where `dangwu demo` writes: --db, else DANGWU_DB, else demo.db in the app directory —
    never the default ledger's place, which is the branch's own."""
    if option or os.environ.get("DANGWU_DB"):
        return resolve_db(option)
    return app_dir() / "demo.db"


def _shipped(name: str) -> Path:
    """Inside the wheel the folder is dangwu/<name>; an editable install finds the source tree."""
    inside = PACKAGE_DIR / name
    if inside.is_dir():
        return inside
    source = PACKAGE_DIR.parent.parent / name
    if source.is_dir():
        return source
    raise FileNotFoundError(f"dangwu installation is missing its {name}/ folder")


def migrations_dir() -> Path:
    return _shipped("migrations")


def sample_data_dir() -> Path:
    return _shipped("sample_data")
