"""Imports point inward: capability packages never import SQLAlchemy, FastAPI or the store."""

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "doorstep"
CAPABILITIES = ["cases", "customers", "auth", "audit", "plans", "teams", "screening", "visits",
                "evaluation", "casebook", "training", "legal", "contacts", "complaints", "core"]
FORBIDDEN = ("sqlalchemy", "fastapi", "starlette", "doorstep.store", "doorstep.api",
             "doorstep.web", "doorstep.cli")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_capability_packages_do_not_import_outer_layers() -> None:
    """No module in a capability package imports sqlalchemy, fastapi or doorstep.store."""
    offenders = []
    for pkg in CAPABILITIES:
        for path in (SRC / pkg).rglob("*.py"):
            for name in imported_modules(path):
                if name.startswith(FORBIDDEN):
                    offenders.append(f"{path.relative_to(SRC)} imports {name}")
    assert offenders == []
