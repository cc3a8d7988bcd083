"""`doorstep screening retrain | show-drift | list-candidates | decide` over a real database."""

from __future__ import annotations

import json

import typer
from typer.testing import CliRunner

from doorstep.cli import improvement  # noqa: F401  (registers the commands)
from doorstep.cli.screening import app as screening_app
from doorstep.container import Container
from tests.integration.improvement.bank import AS_OF

#: The `screening` group alone, as `doorstep` mounts it (other groups are not under test).
app = typer.Typer()
app.add_typer(screening_app, name="screening")


def test_retrain_is_idempotent_and_decide_needs_an_approver(
        champion_bank: tuple[Container, int], database_url: str) -> None:
    """The retrain command reports the candidate and its PSI table, a rerun creates nothing,
    drift prints the PSI levels, and a dispatcher cannot promote (exit 1)."""
    runner, db = CliRunner(), ["--database-url", database_url]
    args = ["screening", "retrain", "--as-of", AS_OF.isoformat(), *db]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "新建" in first.output and "AUC" in first.output and "PSI" in first.output
    again = runner.invoke(app, args)
    assert again.exit_code == 0 and "已存在" in again.output
    drift = runner.invoke(app, ["screening", "show-drift", "--as-of", AS_OF.isoformat(), *db])
    assert drift.exit_code == 0 and "days_past_due" in drift.output and "稳定" in drift.output
    as_json = runner.invoke(app, ["screening", "show-drift", "--as-of", AS_OF.isoformat(), "--json",
                                  *db])
    assert "days_past_due" in {r["feature"] for r in json.loads(as_json.stdout)}
    listed = runner.invoke(app, ["screening", "list-candidates", *db])
    assert listed.exit_code == 0 and listed.output.count("候选 / candidate") == 1
    again_json = json.loads(runner.invoke(app, [*args, "--json"]).stdout)
    assert again_json["created"] is False and again_json["candidate"]["id"] == 1
    assert {"feature", "psi", "level"} == set(again_json["drift"][0])
    listed_json = json.loads(runner.invoke(app, ["screening", "list-candidates", "--json",
                                                 *db]).stdout)
    assert [c["id"] for c in listed_json] == [1] and "verdict" in listed_json[0]
    refused = runner.invoke(app, ["screening", "decide", "1", "--as", "dispatcher",
                                  "--reason", "试试", *db])
    assert refused.exit_code == 1
    done = runner.invoke(app, ["screening", "decide", "1", "--as", "manager",
                               "--reason", "留出期更好", *db])
    assert done.exit_code == 0 and "promoted" in done.output


def test_bad_dates_exit_non_zero_with_a_message(champion_bank: tuple[Container, int],
                                                database_url: str) -> None:
    """A malformed date is a usage error; a cut-off after as-of is refused with a reason."""
    runner, db = CliRunner(), ["--database-url", database_url]
    bad = runner.invoke(app, ["screening", "retrain", "--cutoff", "2026-13-01", *db])
    assert bad.exit_code == 2
    late = runner.invoke(app, ["screening", "retrain", "--cutoff", "2026-11-30",
                               "--as-of", "2026-11-20", *db])
    assert late.exit_code == 1 and "截止日" in late.output
