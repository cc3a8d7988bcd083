"""Shared CLI plumbing: the container, and errors turned into exit codes with a message."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import typer
from rich.console import Console

from doorstep.container import Container
from doorstep.core.errors import DoorstepError
from doorstep.core.i18n import translate

console = Console()
err_console = Console(stderr=True)
T = TypeVar("T")


def container(database_url: str | None = None) -> Container:
    from doorstep.core.settings import Settings, get_settings

    settings = get_settings() if database_url is None else Settings(database_url=database_url)
    return Container.build(settings)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn a DoorstepError into a clear message on stderr and exit code 1."""
    try:
        yield
    except DoorstepError as exc:
        message = translate(exc.code, "zh-CN", detail=exc.detail, **exc.params)
        err_console.print(f"[red]错误[/red] {message}")
        raise typer.Exit(1) from None


def run(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    with user_errors():
        return fn(*args, **kwargs)
