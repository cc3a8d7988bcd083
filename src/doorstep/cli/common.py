"""Shared CLI plumbing: the container, and errors turned into exit codes with a message."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import typer
from rich.console import Console

from doorstep.auth.service import principal_of
from doorstep.container import Container
from doorstep.core.access import Principal, Role
from doorstep.core.errors import DoorstepError, NotFound
from doorstep.core.i18n import Msg, _, get_language

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
        message = exc.message_in(get_language())
        err_console.print(_("[red]Error[/red] %(message)s", message=message))
        raise typer.Exit(1) from None


def run(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    with user_errors():
        return fn(*args, **kwargs)


def acting_as(c: Container, username: str | None, batch_role: Role,
              batch_name: str = "cli") -> Principal:
    """The named user as a principal; without a name, a head-office batch account."""
    if username is None:
        return Principal(user_id=0, username=batch_name, role=batch_role, branch_id=None)
    with c.uow(write=False) as uow:
        row = uow.users.by_username(username)
    if row is None:
        raise NotFound(entity=Msg("User"), id=username)
    return principal_of(row)
