"""Every module of the package imports: a moved module leaves no stale import behind (mypy's
``ignore_missing_imports`` would not say so for our own modules)."""

from __future__ import annotations

import importlib
import pkgutil

import doorstep


def test_every_module_of_the_package_imports() -> None:
    failed = {}
    for info in pkgutil.walk_packages(doorstep.__path__, "doorstep."):
        if ".migrations." in info.name or info.name.endswith(".asgi"):
            continue
        try:
            importlib.import_module(info.name)
        except ImportError as exc:
            failed[info.name] = str(exc)
    assert failed == {}
