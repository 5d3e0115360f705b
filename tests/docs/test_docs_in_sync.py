"""docs/commands.md (Chinese), docs/commands.en.md (English) and docs/rules.md are what
docs/generate.py makes from the code now.

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


def test_the_command_reference_in_both_languages() -> None:
    chinese = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    english = (ROOT / "docs" / "commands.en.md").read_text(encoding="utf-8")
    assert "(commands.en.md)" in chinese and "(commands.md)" in english
    assert "用法：dangwu member add [选项] 姓名" in chinese and "示例：" in chinese
    assert "Usage: dangwu member add [OPTIONS] NAME" in english and "Examples:" in english
