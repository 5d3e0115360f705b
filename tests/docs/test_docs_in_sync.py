"""docs/commands.md and docs/rules.md are what docs/generate.py makes from the code now.

The generator runs in its own process: Typer fixes the help width and colours when it is
first imported, and this test process has imported it long before.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GENERATOR = ROOT / "docs" / "generate.py"


def test_generated_docs_match_the_code() -> None:
    result = subprocess.run(
        [sys.executable, str(GENERATOR), "--check"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=600,
    )
    assert result.returncode == 0, (
        "docs/ is out of date with the code (a --help text or a rule changed): "
        f"run `python docs/generate.py` and commit the result.\n\n{result.stderr}"
    )
