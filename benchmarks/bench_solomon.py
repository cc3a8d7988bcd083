"""Benchmark: the 56 Solomon VRPTW instances through ``doorstep routes solve-vrptw``.

Each instance is solved by :func:`doorstep.visits.routing.solve_vrptw_instance`, the
function behind the CLI command, and compared with the best-known distance in
``bks.csv`` (DIMACS convention, see the data's SOURCE.txt). Run::

    .venv/bin/python benchmarks/bench_solomon.py [--seconds 5] [--seed 0] [--only C101,R1]

``--only`` takes instance names or prefixes. The table goes to
``benchmarks/results/solomon.md`` (``solomon_partial.md`` with ``--only``; ``--direct``
runs PyVRP alone as the reference, into ``solomon_pyvrp_direct.md``). Instances run one
after another (one core).
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyvrp
from pyvrp.stop import MaxRuntime

from doorstep.visits.routing import solve_vrptw_instance

DATA = Path(os.environ.get("DOORSTEP_SOLOMON_DIR", "/work/shared/data/solomon"))
RESULTS = Path(__file__).parent / "results" / "solomon.md"
CLASSES = ("C1", "C2", "R1", "R2", "RC1", "RC2")


def best_known(data: Path) -> dict[str, tuple[int, float]]:
    """``instance -> (vehicles, distance)`` from ``bks.csv``."""
    with open(data / "bks.csv", newline="", encoding="utf-8") as handle:
        return {r["instance"]: (int(r["vehicles"]), float(r["distance"]))
                for r in csv.DictReader(handle)}


def instance_class(name: str) -> str:
    """The Solomon class of an instance: ``RC101 -> RC1``, ``C205 -> C2``."""
    return name.rstrip("0123456789") + name[len(name.rstrip("0123456789"))]


def selected(names: list[str], only: str | None) -> list[str]:
    """Instance names matching ``--only`` (names or prefixes, comma separated)."""
    if not only:
        return names
    wanted = [w.strip().upper() for w in only.split(",") if w.strip()]
    return [n for n in names if any(n == w or n.startswith(w) for w in wanted)]


Solver = Callable[[Path, float, int], dict[str, Any]]


def pyvrp_directly(path: Path, seconds: float, seed: int) -> dict[str, Any]:
    """The reference: PyVRP alone, as in SOURCE.txt (``solve`` with ``MaxRuntime``)."""
    data = pyvrp.read(path, round_func="dimacs")
    best = pyvrp.solve(data, stop=MaxRuntime(seconds), seed=seed, display=False).best
    return {"instance": path.stem, "distance": best.distance() / 10,
            "vehicles": best.num_routes(), "feasible": best.is_feasible()}


def solve_all(
    names: list[str], seconds: float, seed: int, solver: Solver = solve_vrptw_instance
) -> list[dict[str, Any]]:
    """Solve each instance and attach its gap to the best-known distance."""
    bks = best_known(DATA)
    rows = []
    for name in names:
        began, cpu = time.perf_counter(), time.process_time()
        result = solver(DATA / f"{name}.vrp", seconds, seed)
        vehicles, distance = bks[name]
        result["wall"] = time.perf_counter() - began
        result["cpu"] = time.process_time() - cpu  # below wall time when cores are shared
        result["bks"], result["bks_vehicles"] = distance, vehicles
        result["gap"] = 100 * (result["distance"] - distance) / distance
        rows.append(result)
        print(f"{name:6s} {result['distance']:9.1f} bks {distance:9.1f} "
              f"gap {result['gap']:6.2f} % feasible {result['feasible']}", flush=True)
    return rows


def report(rows: list[dict[str, Any]], seconds: float, seed: int, how: str) -> str:
    """Markdown: one row per instance, then the mean gap per class and overall."""
    lines = [
        f"Solomon VRPTW, {seconds:g} s per instance, seed {seed}, {how}.",
        "",
        "| instance | distance | BKS | gap % | vehicles (BKS) | feasible | wall s | CPU s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['instance']} | {r['distance']:.1f} | {r['bks']:.1f} | {r['gap']:.2f} | "
            f"{r['vehicles']} ({r['bks_vehicles']}) | {'yes' if r['feasible'] else 'NO'} | "
            f"{r['wall']:.1f} | {r['cpu']:.1f} |"
        )
    lines += ["", "| class | instances | mean gap % | worst gap % |", "|---|---|---|---|"]
    for cls in (*CLASSES, "all"):
        gaps = [r["gap"] for r in rows if cls == "all" or instance_class(r["instance"]) == cls]
        if gaps:
            lines.append(f"| {cls} | {len(gaps)} | {statistics.fmean(gaps):.2f} | "
                         f"{max(gaps):.2f} |")
    feasible = sum(bool(r["feasible"]) for r in rows)
    cpu_share = sum(r["cpu"] for r in rows) / max(sum(r["wall"] for r in rows), 1e-9)
    lines += ["", f"Feasible: {feasible} of {len(rows)}. CPU time received: "
              f"{100 * cpu_share:.0f} % of wall time (100 % on an idle core)."]
    return "\n".join(lines) + "\n"


def main() -> None:
    """Parse options, solve, print and save the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", default=None, help="e.g. C101 or R1,RC2")
    parser.add_argument("--direct", action="store_true",
                        help="reference run: PyVRP alone instead of our routing layer")
    args = parser.parse_args()
    names = selected(sorted(best_known(DATA)), args.only)
    solver: Solver = solve_vrptw_instance
    how, out = "through `doorstep routes solve-vrptw`", RESULTS
    if args.direct:
        solver, how = pyvrp_directly, "PyVRP used directly (reference)"
        out = RESULTS.with_name("solomon_pyvrp_direct.md")
    if args.only:  # a quick partial run never overwrites the full table
        out = out.with_name(out.stem + "_partial.md")
    rows = solve_all(names, args.seconds, args.seed, solver)
    text = report(rows, args.seconds, args.seed, how)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("# Solomon benchmark\n\n" + text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
