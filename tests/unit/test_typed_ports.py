"""The repository ports are typed: no Protocol method in a capability's ``ports.py`` returns
``Any`` (issue 14), except a JSON document named here with its reason."""

from __future__ import annotations

import ast
from pathlib import Path

import doorstep

SRC = Path(doorstep.__file__).resolve().parent
#: Port methods allowed to mention Any in their return type, each with its reason.
JSON_DOCUMENTS = {
    "EvaluationRepository.snapshot",  # the stored KPI figures: a JSON object of any shape
}


def _port_returns() -> dict[str, str]:
    found = {}
    for path in sorted(SRC.rglob("ports.py")):
        for cls in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(cls, ast.ClassDef) and any(
                    getattr(b, "id", "") == "Protocol" for b in cls.bases):
                for f in cls.body:
                    if isinstance(f, ast.FunctionDef):
                        found[f"{cls.name}.{f.name}"] = (
                            ast.unparse(f.returns) if f.returns else "")
    return found


def test_no_port_method_returns_any() -> None:
    """Every repository port method declares what it returns, and none returns Any."""
    returns = _port_returns()
    untyped = {name for name, ret in returns.items() if not ret or "Any" in ret}
    assert len(returns) > 200 and untyped == JSON_DOCUMENTS
