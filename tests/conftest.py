"""For every test: no ledger path, language or debug switch from the developer's shell."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The app dir under tmp; crash reports too, not in the developer's home."""
    monkeypatch.delenv("DANGWU_DB", raising=False)
    monkeypatch.delenv("DANGWU_LANG", raising=False)
    monkeypatch.delenv("DANGWU_DEBUG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("DANGWU_CRASH_DIR", str(tmp_path / "crash"))
