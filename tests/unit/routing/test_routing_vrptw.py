"""`doorstep routes solve-vrptw`: Solomon instances through our layer, at PyVRP's own quality."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import pyvrp
from pyvrp.stop import MaxIterations
from typer.testing import CliRunner

from doorstep.cli.routes import app
from doorstep.visits.routing import solve_vrptw_instance

SOLOMON = Path(os.environ.get("DOORSTEP_SOLOMON_DIR", "/work/shared/data/solomon"))
needs_data = pytest.mark.skipif(not SOLOMON.is_dir(), reason="Solomon instances not present")


@needs_data
def test_solve_vrptw_prints_a_feasible_near_best_known_c101() -> None:
    """C101 solved for 1.5 s is feasible, uses 10 vehicles and is within 1 % of 827.3."""
    result = CliRunner().invoke(
        app, ["solve-vrptw", str(SOLOMON / "C101.vrp"), "--seconds", "1.5", "--seed", "1"]
    )
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert answer["instance"] == "C101" and answer["feasible"] is True
    assert answer["vehicles"] == len(answer["routes"]) == 10
    assert answer["distance"] == pytest.approx(827.3, rel=0.01)
    assert sorted(c for route in answer["routes"] for c in route) == list(range(1, 101))


@needs_data
def test_the_routing_layer_loses_nothing_against_pyvrp_used_directly() -> None:
    """For the same seed and iterations, our layer returns exactly PyVRP's own R101 result."""
    path = SOLOMON / "R101.vrp"
    ours = solve_vrptw_instance(path, seconds=120, seed=2, max_iterations=400)
    data = pyvrp.read(path, round_func="dimacs")
    direct = pyvrp.solve(data, stop=MaxIterations(400), seed=2, display=False).best
    assert ours["distance"] == direct.distance() / 10
    assert ours["vehicles"] == direct.num_routes()


def test_a_missing_instance_file_is_refused() -> None:
    """The command exits with an error for a file that does not exist; the function raises."""
    result = CliRunner().invoke(app, ["solve-vrptw", "/nonexistent/X.vrp"])
    assert result.exit_code != 0
    with pytest.raises(FileNotFoundError):
        solve_vrptw_instance("/nonexistent/X.vrp", seconds=1)
