"""API fuzzing, long run: ≥ 5,000 schemathesis-generated requests over every operation.

Builds a fresh SQLite database through the real migrations, seeds two branches, customers,
cases, a team and one user per role, then drives the real app in-process (ASGI) twice, logged
in and stateful (valid requests use ids that exist, and ids a write returns):
every operation under a role its permission admits (valid and invalid requests), and every
operation as field staff (the most restricted head-office-less role). Reports the count per
status class per operation and every rule broken (a 5xx, or a 4xx without our error body and a
Chinese message). Exit code 1 if any rule was broken.

    .venv/bin/python benchmarks/bench_fuzz.py [--examples 130] [--seed 7]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fastapi import FastAPI  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402
from tests import factories as f  # noqa: E402
from tests.e2e.security.fuzzing import FuzzReport, acting_roles, fuzz  # noqa: E402

from doorstep.app import create_app  # noqa: E402
from doorstep.container import Container  # noqa: E402
from doorstep.core.access import Role  # noqa: E402
from doorstep.core.clock import FixedClock  # noqa: E402
from doorstep.core.settings import Settings  # noqa: E402
from doorstep.store.migrate import upgrade  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "fuzz.md"


def seed(c: Container) -> dict[str, int]:
    """Two branches, customers, cases, a team, one user per role; the ids the stateful run
    puts into valid requests' paths."""
    ft, ns = f.branch(c), f.branch(c, "NS01", "南山支行")
    customer = f.customer(c, ft, "张伟")
    case = f.case(c, customer, ft)
    f.case(c, f.customer(c, ns, "李静"), ns, case_no="AJ2026110000002")
    team = f.team(c, ft)
    for role in Role:
        f.user(c, role.value, role,
               "FT01" if role in (Role.DISPATCHER, Role.FIELD_STAFF) else None)
    return {"case_id": case, "customer_id": customer, "team_id": team}


def token(client: TestClient, username: str) -> dict[str, str]:
    r = client.post("/api/v1/auth/token", json={"username": username, "password": f.PASSWORD})
    r.raise_for_status()
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def table(title: str, report: FuzzReport) -> str:
    lines = [f"## {title}", "", "| operation | 2xx | 3xx | 4xx | 5xx |", "|---|---|---|---|---|"]
    for key, counts in sorted(report.counts.items()):
        lines.append(f"| `{key}` | " + " | ".join(str(counts.get(f"{n}xx", 0))
                                                 for n in (2, 3, 4, 5)) + " |")
    total = report.by_class()
    lines.append(f"| **total {report.total}** | " + " | ".join(
        str(total.get(f"{n}xx", 0)) for n in (2, 3, 4, 5)) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=130, help="per operation, authorised")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="doorstep-fuzz-") as tmp:
        url = f"sqlite:///{tmp}/fuzz.db"
        upgrade(url)
        c = Container.build(Settings(environment="test", database_url=url,
                                     evidence_dir=Path(tmp) / "evidence"), clock=FixedClock())
        known = seed(c)
        started = time.perf_counter()
        with TestClient(create_app(c), raise_server_exceptions=False) as client:
            assert isinstance(client.app, FastAPI)
            roles = acting_roles(client.app)
            tokens = {r: token(client, r.value) for r in set(roles.values()) if r}
            authorised = fuzz(client, lambda m, p: tokens[roles[(m, p)]]
                              if roles.get((m, p)) else {}, examples=args.examples,
                              seed=args.seed, known=known)
            field = token(client, Role.FIELD_STAFF.value)
            restricted = fuzz(client, lambda m, p: field, examples=max(args.examples // 10, 2),
                              seed=args.seed)
        elapsed = time.perf_counter() - started
        c.engine.dispose()
    total = authorised.total + restricted.total
    classes: Counter[str] = authorised.by_class() + restricted.by_class()
    failures = authorised.failures + restricted.failures
    writes = sum(n["2xx"] for k, n in authorised.counts.items() if not k.startswith("GET"))
    summary = (f"{total} requests over {len(authorised.counts)} operations in {elapsed:.0f} s; "
               f"by class: {dict(sorted(classes.items()))}; 2xx writes (authorised, "
               f"stateful): {writes}; rules broken: {len(failures)}")
    text = "\n\n".join([f"# API fuzzing (schemathesis, seed {args.seed})", summary,
                        table("Authorised role per operation", authorised),
                        table("Field staff on every operation", restricted),
                        "## Rules broken", "\n".join(f"- {x}" for x in failures) or "none"])
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text + "\n", encoding="utf-8")
    print(summary)
    for failure in failures[:50]:
        print("  ", failure)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
