"""Benchmark: 20 generated branch-days planned the way dispatch plans them.

Days of 20 to 400 visits (skills, appointment windows, lunch breaks; every visit wanted
work with a benefit prize, as approved visits are), staffed so that 15 days are within the
teams' capacity and 5 are over it. Each day is planned by ``visits.dispatch.solve.solve_day``
(balanced over the teams) with the dispatch time limit, and checked by the independent
validator. Reported per day: visits routed against the capacity bound the board shows, the
workload spread (max/min visits per team), and, on the over-capacity days chosen for a
reference, the benefit routed against a 60 s solve of the same day. The capacity bound is
the board's: the typical-day estimate, never above the true bound on the visits the teams
can legally serve in their windows and hours (``visits.dispatch.bound``), so no plan can
route more than it. Run::

    .venv/bin/python benchmarks/bench_dispatch.py [--seed 7] [--reference 2] [--long 60]

and read ``benchmarks/results/dispatch.md``.
"""

from __future__ import annotations

import argparse
import math
import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from bench_branch_day import make_teams, make_visits

from doorstep.visits.dispatch.bound import servable_bound
from doorstep.visits.dispatch.capacity import estimate, workload
from doorstep.visits.dispatch.solve import solve_day
from doorstep.visits.routing import (
    RoutePlan,
    RoutingParams,
    RoutingProblem,
    hhmm,
    plan_routes,
    validate_plan,
)

RESULTS = Path(__file__).parent / "results" / "dispatch.md"


def make_day(seed: int, visits: int, over: bool) -> RoutingProblem:
    """A branch-day: wanted visits with benefit prizes, teams for about 7 visits each (or
    about 12 each on an over-capacity day, so some wanted work must wait)."""
    rng = np.random.default_rng(seed)
    made = make_visits(rng, visits)
    prizes = np.clip(rng.lognormal(6.5, 1.0, visits), 1, 10_000).astype(int)
    urgent = rng.random(visits) < 0.1
    wanted = []
    for v, prize, hot in zip(made, prizes, urgent, strict=True):
        start, end = (v.window_start, v.window_end) if not v.optional else (
            hhmm("09:00"), hhmm("19:00"))
        wanted.append(replace(v, window_start=start, window_end=end, optional=False,
                              prize=int(prize) + (3_000 if hot else 0)))
    teams = make_teams(rng, max(2, math.ceil(visits / (12 if over else 7))))
    return RoutingProblem(tuple(wanted), tuple(replace(t, max_visits=8) for t in teams))


def limit(visits: int) -> float:
    """The solver time for a day: the board's 3 s, more for big days (10 s at 400)."""
    return max(3.0, visits / 40)


@dataclass(frozen=True)
class Day:
    index: int
    problem: RoutingProblem
    over: bool
    plan: RoutePlan
    wall: float
    bound: int
    estimate: int
    servable: int
    violations: int

    @property
    def routed(self) -> int:
        return len(self.plan.assigned_ids)

    @property
    def benefit(self) -> int:
        return benefit(self.plan)


def benefit(plan: RoutePlan) -> int:
    """Prize points of the routed visits."""
    routed = set(plan.assigned_ids)
    return sum(v.prize for v in plan.problem.visits if v.id in routed)


def plan_day(index: int, seed: int) -> Day:
    visits = 20 * (index + 1)
    over = index % 4 == 3
    problem = make_day(seed + index, visits, over)
    params = RoutingParams(seconds=limit(visits), seed=seed)
    began = time.perf_counter()
    solved = solve_day(problem, params, seed)
    wall = time.perf_counter() - began
    return Day(index, problem, over, solved.plan, wall, solved.capacity,
               estimate(problem, solved.matrix), servable_bound(problem, params, solved.matrix),
               len(validate_plan(solved.plan, params, solved.matrix)))


def reference(day: Day, seconds: float, seed: int) -> tuple[int, int]:
    """Benefit and visits routed by a long solve of the same day (teams' own caps)."""
    params = RoutingParams(seconds=seconds, seed=seed)
    plan = plan_routes(day.problem, params, seed=seed)
    assert not validate_plan(plan, params)
    return benefit(plan), len(plan.assigned_ids)


def share(d: Day) -> float:
    """Visits routed over the most the day allows: its visits, at most the capacity bound."""
    return d.routed / max(1, min(len(d.problem.visits), d.bound))


def table(days: list[Day], refs: dict[int, tuple[int, int]], long: float) -> str:
    lines = [
        "| day | visits | teams | over capacity | limit | wall | estimate | true bound "
        "| capacity bound | routed | routed / min(visits, bound) | visits per team max/min "
        "| hours per team max/min | benefit routed | benefit / 60 s solve | violations |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for d in days:
        w = workload(d.plan)
        ref = refs.get(d.index)
        vs = f"{d.benefit / ref[0]:.4f} ({ref[1]} routed)" if ref else "—"
        lines.append(
            f"| {d.index + 1} | {len(d.problem.visits)} | {len(d.problem.teams)} | "
            f"{'yes' if d.over else 'no'} | {limit(len(d.problem.visits)):g} s | "
            f"{d.wall:.1f} s | {d.estimate} | {d.servable} | {d.bound} | {d.routed} | "
            f"{share(d):.3f} | {w.max_visits}/{w.min_visits} | "
            f"{w.max_hours:.1f}/{w.min_hours:.1f} | {d.benefit} | {vs} | {d.violations} |")
    within = [d for d in days if not d.over]
    ratios = sorted(share(d) for d in within)
    gaps = [1 - days[i].benefit / r[0] for i, r in refs.items()]
    lines += ["", f"Within capacity ({len(within)} days): routed / min(visits, capacity bound) "
              f"worst {ratios[0]:.3f}, median {ratios[len(ratios) // 2]:.3f}, >= 0.99 on "
              f"{sum(1 for r in ratios if r >= 0.99)} of {len(within)} days. Over capacity: "
              f"benefit within {max(gaps, default=0) * 100:.2f} % of a {long:g} s solve on "
              f"{sum(1 for g in gaps if g <= 0.02)} of {len(refs)} days given one (of "
              f"{len(days) - len(within)}). Validator violations: "
              f"{sum(d.violations for d in days)}."]
    return "\n".join(lines) + "\n"


def main() -> None:
    """Plan the 20 days, run the reference solves, print and save the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--days", type=int, default=20)
    parser.add_argument("--reference", type=int, default=2,
                        help="over-capacity days given a long reference solve")
    parser.add_argument("--long", type=float, default=60.0)
    args = parser.parse_args()
    days = []
    for i in range(args.days):
        days.append(plan_day(i, args.seed))
        print(f"day {i + 1}: {len(days[-1].problem.visits)} visits, {days[-1].routed} routed "
              f"in {days[-1].wall:.1f} s", flush=True)
    over = [d for d in days if d.over][: args.reference]
    refs = {d.index: reference(d, args.long, args.seed) for d in over}
    text = table(days, refs, args.long)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("# Dispatch benchmark (20 branch-days)\n\n" + text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
