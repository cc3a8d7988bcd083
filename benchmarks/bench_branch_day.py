"""Benchmark: a generated Shenzhen branch-day solved at 10 s and at 60 s.

400 visits around a Futian branch, 40 teams of two with skills, appointment windows,
two lunch policies, the §5 quiet hours and visit window. Every plan is re-checked by the
independent validator, which must find no violation. Run::

    .venv/bin/python benchmarks/bench_branch_day.py [--seed 7] [--short 10] [--long 60]

and read the table in ``benchmarks/results/branch_day.md``.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from doorstep.visits.routing import (
    GeoPoint,
    RoutePlan,
    RoutingParams,
    RoutingProblem,
    TeamShift,
    VisitRequest,
    hhmm,
    plan_routes,
    validate_plan,
)

RESULTS = Path(__file__).parent / "results" / "branch_day.md"
BRANCH = GeoPoint(22.5405, 114.0545)  # a branch in Futian, Shenzhen

#: case type -> (service minutes, skill needed, share of the day's cases)
CASE_TYPES: dict[str, tuple[int, str | None, float]] = {
    "overdue_card": (30, "cards", 0.30),
    "overdue_loan": (35, "loans", 0.20),
    "near_litigation": (45, "legal", 0.12),
    "account_fault": (30, "technical", 0.10),
    "wealth_dispute": (40, "wealth", 0.08),
    "insurance_dispute": (40, "insurance", 0.05),
    "service_complaint": (20, None, 0.15),
}

#: team make-up (two staff) -> skills; each make-up staffs a quarter of the teams
TEAM_KINDS: list[frozenset[str]] = [
    frozenset({"loans", "cards", "legal"}),          # customer manager + legal advisor
    frozenset({"loans", "cards", "technical"}),      # customer manager + technician
    frozenset({"loans", "cards", "wealth", "insurance"}),  # manager + service specialist
    frozenset({"legal", "wealth", "insurance"}),     # legal advisor + service specialist
]


def _place(rng: np.random.Generator, centres: np.ndarray) -> GeoPoint:
    if rng.random() < 0.8:  # most customers live in a few dense compounds
        lat, lon = centres[rng.integers(len(centres))] + rng.normal(0, 0.004, 2)
    else:
        lat, lon = BRANCH.lat + rng.uniform(-0.04, 0.04), BRANCH.lon + rng.uniform(-0.05, 0.05)
    return GeoPoint(round(float(lat), 6), round(float(lon), 6))


def _window(rng: np.random.Generator) -> tuple[int, int, bool]:
    """(start, end, optional): a booked slot, a half day, or a flexible screening visit."""
    draw = rng.random()
    if draw < 0.02:  # the customer asked for a time inside quiet hours or after 20:00
        start = hhmm(str(rng.choice(["07:00", "20:30", "21:00"])))
        return start, start + 3600, False
    if draw < 0.55:
        hour = int(rng.choice(np.arange(9, 20), p=_SLOT_WEIGHTS))
        return hour * 3600, hour * 3600 + 3600, False
    if draw < 0.70:
        return (hhmm("09:00"), hhmm("12:00"), False) if rng.random() < 0.5 else (
            hhmm("14:00"), hhmm("18:00"), False)
    return hhmm("09:00"), hhmm("20:00"), True


_SLOT_WEIGHTS = np.array([6, 8, 8, 4, 6, 8, 8, 8, 6, 6, 4], dtype=float)
_SLOT_WEIGHTS /= _SLOT_WEIGHTS.sum()


def make_visits(rng: np.random.Generator, count: int) -> list[VisitRequest]:
    """``count`` visits with case-type service times, skills, windows and prizes."""
    centres = np.column_stack([
        BRANCH.lat + rng.uniform(-0.035, 0.035, 25), BRANCH.lon + rng.uniform(-0.045, 0.045, 25)
    ])
    names = list(CASE_TYPES)
    shares = np.array([CASE_TYPES[n][2] for n in names])
    visits = []
    for i in range(count):
        minutes, skill, _ = CASE_TYPES[names[rng.choice(len(names), p=shares / shares.sum())]]
        start, end, optional = _window(rng)
        point = _place(rng, centres)
        visits.append(VisitRequest(
            id=f"V{i:03d}", lat=point.lat, lon=point.lon, window_start=start, window_end=end,
            service=minutes * 60, skills=frozenset({skill} if skill else ()),
            prize=int(rng.integers(5, 120)) if optional else 0, optional=optional,
        ))
    return visits


def make_teams(rng: np.random.Generator, count: int) -> list[TeamShift]:
    """``count`` teams of two: day shifts with lunch at noon, a quarter on a late shift."""
    teams = []
    for i in range(count):
        home = BRANCH
        if rng.random() < 0.4:  # starts from a staff member's home base
            home = GeoPoint(round(BRANCH.lat + float(rng.uniform(-0.04, 0.04)), 6),
                            round(BRANCH.lon + float(rng.uniform(-0.05, 0.05)), 6))
        late = i % 4 == (i // 4) % 4  # a quarter of the teams, of every make-up
        teams.append(TeamShift(
            team_id=f"T{i:02d}", start=home, end=BRANCH if rng.random() < 0.5 else home,
            shift_start=hhmm("11:00" if late else "08:30"),
            shift_end=hhmm("20:00" if late else "17:30"),
            skills=TEAM_KINDS[i % len(TEAM_KINDS)], max_visits=12,
            lunch_start=hhmm("12:30" if late else "11:30"),
            lunch_end=hhmm("14:30" if late else "13:30"), lunch_duration=3600,
        ))
    return teams


def make_problem(seed: int, visits: int = 400, teams: int = 40) -> RoutingProblem:
    """The generated branch-day for ``seed``."""
    rng = np.random.default_rng(seed)
    return RoutingProblem(tuple(make_visits(rng, visits)), tuple(make_teams(rng, teams)))


@dataclass(frozen=True)
class Run:
    seconds: float
    wall: float
    plan: RoutePlan
    violations: int


def run(problem: RoutingProblem, seconds: float, seed: int) -> Run:
    """Solve the day once and validate the plan."""
    params = RoutingParams(seconds=seconds, seed=seed)
    began = time.perf_counter()
    plan = plan_routes(problem, params, seed=seed)
    wall = time.perf_counter() - began
    return Run(seconds, wall, plan, len(validate_plan(plan, params)))


def _per_visit(r: Run) -> float:
    return r.plan.travel_time / 60 / max(len(r.plan.assigned_ids), 1)


def report(problem: RoutingProblem, runs: list[Run]) -> str:
    """A markdown table comparing the runs."""
    optional = sum(v.optional for v in problem.visits)
    lines = [
        f"Branch-day: {len(problem.visits)} visits ({optional} optional), "
        f"{len(problem.teams)} teams of two.",
        "",
        "| limit | wall time | travel time | routed | travel per routed visit "
        "| unassigned (reason: count) | violations |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        reasons = Counter(u.reason.value for u in r.plan.unassigned)
        why = ", ".join(f"{k}: {n}" for k, n in sorted(reasons.items())) or "none"
        lines.append(
            f"| {r.seconds:g} s | {r.wall:.1f} s | {r.plan.travel_time / 3600:.2f} h | "
            f"{len(r.plan.assigned_ids)} | {_per_visit(r):.2f} min | {why} | {r.violations} |"
        )
    short, long = runs[0], runs[-1]
    ratio = short.plan.travel_time / max(long.plan.travel_time, 1)
    per_visit = _per_visit(short) / max(_per_visit(long), 1e-9)
    lines += ["", f"Travel time of the {short.seconds:g} s solve / {long.seconds:g} s solve: "
              f"{ratio:.3f} (per routed visit: {per_visit:.3f})."]
    return "\n".join(lines) + "\n"


def main() -> None:
    """Generate the day, solve it at both limits, print and save the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--short", type=float, default=10.0)
    parser.add_argument("--long", type=float, default=60.0)
    args = parser.parse_args()
    problem = make_problem(args.seed)
    runs = [run(problem, args.short, args.seed), run(problem, args.long, args.seed)]
    text = report(problem, runs)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("# Branch-day benchmark\n\n" + text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
