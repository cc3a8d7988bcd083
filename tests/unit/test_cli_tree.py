"""The `doorstep` command is one noun–verb tree: `doorstep NOUN VERB`, each with help text."""

from __future__ import annotations

import inspect
import json
from pathlib import Path
from typing import Any

import pandas as pd
import typer
from typer.testing import CliRunner

from doorstep.cli.aliases import RENAMED, deprecation_note
from doorstep.cli.main import app

#: The verbs a command may start with (a compound name is VERB-OBJECT: `list-certificates`).
VERBS = {"add", "approve", "backtest", "backup", "check", "close", "count", "create",
         "decide", "deliver", "draft", "evaluate", "export", "extend", "fail", "follow",
         "generate", "import", "list", "load", "mediate", "plan", "promote", "publish",
         "purge", "refresh", "refuse", "remove", "restore", "retrain", "rotate", "run",
         "score", "search", "serve", "show", "simulate", "solve", "train", "upgrade",
         "verify", "work", "write"}


def _leaves(command: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    """Every visible command under ``command`` with its path (hidden aliases left out)."""
    if not hasattr(command, "commands"):
        return [(path, command)]
    return [leaf for name, sub in command.commands.items() if not sub.hidden
            for leaf in _leaves(sub, (*path, name))]


def _tree() -> Any:
    return typer.main.get_command(app)


def _noun(name: str) -> str:
    """A group name reduced to its stem, so `screen` and `screening` are the same noun."""
    for ending in ("ing", "s"):
        if name.endswith(ending) and len(name) > len(ending) + 3:
            return name[: -len(ending)]
    return name


def test_every_command_is_noun_then_verb_with_help() -> None:
    """Each visible leaf is `doorstep NOUN VERB`, its verb from the list, with help text."""
    leaves = _leaves(_tree())
    assert len(leaves) > 50
    wrong = [" ".join(p) for p, _ in leaves
             if len(p) != 2 or p[1].split("-")[0] not in VERBS]
    assert wrong == []
    assert [" ".join(p) for p, c in leaves if not (c.help or "").strip()] == []
    groups = _tree().commands
    assert [n for n, g in groups.items() if not g.hidden and not (g.help or "").strip()] == []


def test_no_noun_is_spelt_twice_and_no_command_sits_in_two_groups() -> None:
    """Groups are distinct nouns (no `screen` beside `screening`), each command in one."""
    visible = [n for n, g in _tree().commands.items() if not g.hidden]
    nouns = [_noun(n) for n in visible]
    assert sorted(nouns) == sorted(set(nouns)), visible
    callbacks = [inspect.unwrap(c.callback) for _, c in _leaves(_tree())]
    assert len(callbacks) == len(set(callbacks))


def test_every_old_name_still_runs_hidden_and_points_to_a_new_one() -> None:
    """A renamed command's old name is hidden and leads to a visible command of the tree."""
    tree, visible = _tree(), {" ".join(p) for p, _ in _leaves(_tree())}
    for old, new in RENAMED.items():
        assert new in visible, new
        node = tree
        for part in old.split():
            node = node.commands[part]
        assert node.hidden, old
    assert tree.commands["screen"].hidden and "screen" not in visible


def test_an_old_name_prints_a_deprecation_note_on_stderr_only(tmp_path: Path) -> None:
    """`screening text-eval --json` still works: the note goes to stderr, stdout is JSON."""
    csv = tmp_path / "labelled.csv"
    pd.DataFrame({"t": ["太差了，再也不来了", "很好"], "y": [0, 1]}).to_csv(csv, index=False)
    args = ["--csv", str(csv), "--text-column", "t", "--label-column", "y", "--json"]
    runner = CliRunner()
    old = runner.invoke(app, ["screening", "text-eval", *args])
    new = runner.invoke(app, ["screening", "evaluate-detector", *args])
    assert old.exit_code == new.exit_code == 0, old.output
    assert json.loads(old.stdout) == json.loads(new.stdout)
    note = deprecation_note("screening text-eval", "screening evaluate-detector")
    assert " ".join(note.split()) in " ".join(old.stderr.split())
    assert "deprecated" not in new.stderr
