"""The one place PyVRP's solver is called, shared by daily planning and the VRPTW benchmark.

Keeping a single call site means the Solomon benchmark measures exactly the solver
configuration that plans a branch's day: PyVRP's default parameters, its iterated local
search, and a wall-clock deadline.
"""

from __future__ import annotations

import logging
import time
import warnings

from pyvrp import ProblemData, Result, solve
from pyvrp.exceptions import PenaltyBoundWarning
from pyvrp.stop import MaxIterations, MultipleCriteria, StoppingCriterion

_log = logging.getLogger(__name__)


class Deadline:
    """Stop once ``seconds`` of wall-clock time have passed since this object was made.

    Unlike ``pyvrp.stop.MaxRuntime``, whose clock starts at the first iteration, the time
    PyVRP spends building its initial solution counts too, so a 10 s budget means 10 s.
    """

    def __init__(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError(f"seconds cannot be negative, got {seconds}")
        self._end = time.perf_counter() + seconds

    def __call__(self, best_cost: float) -> bool:
        """Whether the deadline has passed (``best_cost`` is ignored)."""
        return time.perf_counter() >= self._end


def solve_pyvrp(
    data: ProblemData, seconds: float, seed: int, max_iterations: int | None = None
) -> Result:
    """Run PyVRP's iterated local search on ``data`` with default parameters.

    Parameters
    ----------
    data
        The PyVRP instance.
    seconds
        Wall-clock budget in seconds, from this call on.
    seed
        Seed of the solver's random number stream.
    max_iterations
        Optional iteration cap; the solver stops at whichever limit comes first.

    Returns
    -------
    pyvrp.Result
        The best solution found; check ``is_feasible()`` before trusting it.
    """
    stop: StoppingCriterion = Deadline(seconds)
    if max_iterations is not None:
        stop = MultipleCriteria([stop, MaxIterations(max_iterations)])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", PenaltyBoundWarning)
        result = solve(data, stop=stop, seed=seed, collect_stats=False, display=False)
    for warning in caught:
        _log.warning("pyvrp: %s", str(warning.message).strip().splitlines()[0])
    return result
