"""The import contracts of docs/architecture.md (pyproject ``[tool.importlinter]``) hold:
layers, domain free of the store and the edges, API and web apart, capabilities meeting
only through declared ports, no cycle between top-level packages. ``make test`` runs the
same contracts with ``lint-imports``; this keeps a plain ``pytest`` run honest too."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from importlinter.application.use_cases import lint_imports
from importlinter.configuration import configure

ROOT = Path(__file__).resolve().parents[2]


def test_every_import_contract_is_kept(capsys: pytest.CaptureFixture[str]) -> None:
    """All five contracts are kept; a broken one is printed with the offending chain."""
    configure()
    here = Path.cwd()
    os.chdir(ROOT)
    try:
        kept = lint_imports(config_filename=str(ROOT / "pyproject.toml"), cache_dir=None,
                            no_logo=True)
    finally:
        os.chdir(here)
    report = capsys.readouterr().out
    assert kept, report
    assert "5 kept, 0 broken" in report


def test_the_web_pages_never_reach_into_the_api_package() -> None:
    """A plain text check beside the graph: no web module names ``doorstep.api``."""
    web = ROOT / "src" / "doorstep" / "web"
    offenders = [p.name for p in web.rglob("*.py") if "doorstep.api" in p.read_text("utf-8")]
    assert offenders == []
