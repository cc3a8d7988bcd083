"""Hidden aliases of renamed commands, so scripts and old notes keep working for now.

Every command is ``doorstep NOUN VERB``. A command renamed to fit stays callable under its
old name, hidden from ``--help``; it prints a deprecation note on stderr (stdout, and so
``--json``, is untouched) and then runs the new command.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import typer

from doorstep.cli.common import err_console
from doorstep.core.i18n import _

#: old command line -> new command line (without the leading ``doorstep``)
RENAMED: dict[str, str] = {
    "serve": "web serve",
    "worker": "jobs work",
    "backup": "db backup",
    "restore": "db restore",
    "screen strategy-create": "screening create-strategy",
    "screen run": "screening run",
    "screen show": "screening show",
    "screen add": "screening add",
    "screen remove": "screening remove",
    "screen approve": "screening approve",
    "screening strategy-create": "screening create-strategy",
    "screening text-train": "screening train-detector",
    "screening text-eval": "screening evaluate-detector",
    "screening drift": "screening show-drift",
    "screening candidates": "screening list-candidates",
    "reports monthly": "reports write",
    "evaluation kpis": "evaluation show-kpis",
    "evaluation uplift-backtest": "evaluation backtest-uplift",
    "training certificates": "training list-certificates",
    "legal queue": "legal list",
    "data stats": "data count",
}


def deprecation_note(old: str, new: str) -> str:
    """The note a renamed command prints before it runs."""
    return _("`doorstep %(old)s` is deprecated: use `doorstep %(new)s`", old=old, new=new)


def noting(fn: Callable[..., Any], old: str, new: str) -> Callable[..., Any]:
    """``fn`` (same parameters, same help) printing the deprecation note first."""

    @functools.wraps(fn)
    def renamed(*args: Any, **kwargs: Any) -> Any:
        err_console.print(deprecation_note(old, new), markup=False, highlight=False)
        return fn(*args, **kwargs)

    return renamed


def _command(group: typer.Typer, verb: str) -> Callable[..., Any]:
    for info in group.registered_commands:
        if info.name == verb and info.callback is not None:
            return info.callback
    raise LookupError(f"no command {verb!r} in group {group.info.name!r}")


def add_aliases(root: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    """Register every old name of :data:`RENAMED` as a hidden command of ``root``.

    ``groups`` maps a group's name to its Typer app; an old group name that is not in it
    (``screen``) becomes a hidden group of its own.
    """
    hidden_groups: dict[str, typer.Typer] = {}
    for old, new in RENAMED.items():
        new_group, new_verb = new.split()
        fn = noting(_command(groups[new_group], new_verb), old, new)
        *old_group, old_verb = old.split()
        if not old_group:
            root.command(old_verb, hidden=True)(fn)
            continue
        name = old_group[0]
        target = groups.get(name) or hidden_groups.get(name)
        if target is None:
            target = hidden_groups[name] = typer.Typer(
                hidden=True, no_args_is_help=True,
                help=f"deprecated: use `doorstep {new_group}`")
            root.add_typer(target, name=name)
        target.command(old_verb, hidden=True)(fn)
