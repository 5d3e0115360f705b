"""Plain string and flag options without Pydantic.

Typer (0.26 and later) coerces every option value through a Pydantic TypeAdapter, and
building the first one imports Pydantic: about 0.07 s on every command, a sixth of what a
report may take at 10,000 members. For a `str` option whose value is already the str Click
parsed (or its str default), and a `bool` flag whose value is already a bool, that adapter
returns the value unchanged; those values pass straight through here. Any other value or
type goes to Typer's own coercion, built when first needed, and a Typer without these
internals is left as it is (slower, never different).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


def install() -> None:
    try:
        _install()
    except Exception:
        # another Typer's internals: every command still works through Typer's own path
        return


def _install() -> None:
    try:
        from typer import core
        from typer._coercion import RuntimeParam, TypeDescriptor
    except ImportError:
        return
    original = getattr(core, "build_runtime_param", None)
    if original is None or getattr(original, "dangwu_lean", False):
        return

    @dataclass(frozen=True)
    class LeanParam(RuntimeParam):  # type: ignore[misc]
        descriptor: Any = None
        # Typer's coercion for this parameter, built only for a value of another type
        full: list[Any] = field(default_factory=list)

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            if type(value) is self.annotation:
                return value
            if not self.full:
                self.full.append(original(self.descriptor))
            return self.full[0]._coerce_value(value, param=param, ctx=ctx)

    def build_runtime_param(descriptor: TypeDescriptor) -> Any:
        info = descriptor.parameter_info
        if (
            descriptor.annotation in (str, bool)
            and descriptor.file_annotation is None
            and getattr(info, "parser", None) is None
            and getattr(info, "click_type", None) is None
            and not descriptor.is_choice
            and not descriptor.is_path
        ):
            return LeanParam(
                parameter_info=info, annotation=descriptor.annotation, descriptor=descriptor
            )
        return original(descriptor)

    build_runtime_param.dangwu_lean = True  # type: ignore[attr-defined]
    core.build_runtime_param = build_runtime_param
