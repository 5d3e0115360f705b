"""Layers import only downward (DESIGN.md): rules and store know nothing of what is built on
them, reports read without the write path, services write without the report code, and the
renderer formats without either. Function-level imports count too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "dangwu"

# layer → the layers it must never import
FORBIDDEN = {
    "rules": {"store", "services", "reports", "views", "cli", "render"},
    "store": {"services", "reports", "views", "cli", "render"},
    "reports": {"services", "views", "cli", "render"},
    "services": {"reports", "views", "cli", "render"},
    "render": {"services", "reports", "cli", "store"},
    "views": {"services", "cli", "store"},
    # the papers: laid out from data the reports read, written to a file
    "documents": {"services", "reports", "views", "cli", "render", "store"},
    # the small modules everything shares: parsing, labels, errors, masking, files
    **{
        base: {"store", "services", "reports", "views", "cli", "render"}
        for base in ("errors", "i18n", "parse", "privacy", "files")
    },
}


def _layer_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "dangwu" else ""


def _imports(path: Path) -> list[tuple[int, str]]:
    package = "dangwu." + ".".join(path.relative_to(SRC).with_suffix("").parts)
    if path.name == "__init__.py":
        package = package.rsplit(".", 1)[0] + ".__init__"
    base = package.split(".")[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                head = base[: len(base) - node.level + 1]
                target = ".".join(head + ([node.module] if node.module else []))
                names = [target] if node.module else [f"{target}.{a.name}" for a in node.names]
            else:
                names = [node.module or ""]
            found += [(node.lineno, n) for n in names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
    return found


def _violations(layer: str) -> list[str]:
    out = []
    root = SRC / layer
    files = [root.with_suffix(".py")] if root.with_suffix(".py").exists() else []
    files += sorted(root.rglob("*.py")) if root.is_dir() else []
    for path in files:
        for line, module in _imports(path):
            if _layer_of(module) in FORBIDDEN[layer]:
                out.append(f"{path.relative_to(SRC)}:{line} imports {module}")
    return out


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_a_layer_imports_only_downward(layer: str) -> None:
    assert _violations(layer) == []
