"""After the demo bank is loaded: a promoted screening model and today's routes planned.

So that a newcomer's first day works: starting a screening run finds a current model, and
every demo branch's day is routed, so each field user opens an agenda with stops. Runs
through the same use cases as production (training, a manager's promotion, the planner).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from doorstep.core.access import Principal, Role
from doorstep.core.errors import DoorstepError
from doorstep.core.uow import UnitOfWork
from doorstep.visits.routing import RoutingParams

#: Solver seconds per branch when the demo plans its day (12 branches: about 15 s).
DEMO_SOLVE_SECONDS = 1.0
#: A branch whose plan leaves visits waiting is planned again with this much longer, then
#: with another seed (the demo's teams are sized to fit the day; a busy machine may need
#: the time).
RETRY_FACTOR = 4


@dataclass
class TodayReport:
    """What the step did: the model promoted, the branches routed, and how long it took."""

    model_id: int | None = None
    model_error: str = ""
    branches: list[dict[str, Any]] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def _batch(role: Role, name: str) -> Principal:
    return Principal(user_id=0, username=name, role=role, branch_id=None)


def promote_a_model(uow: UnitOfWork, as_of: date, seed: int) -> int:
    """Score the complaint texts (the model's dissatisfaction features), train the escalation
    model on the demo's outcomes and promote it (approved as the demo's manager)."""
    from doorstep.screening.features import make_engine
    from doorstep.screening.text import load_detector
    from doorstep.screening.texts import score_pending_texts
    from doorstep.screening.training import promote_model, train_escalation_model

    score_pending_texts(uow, load_detector(), "detector.joblib")
    uow.commit()

    version = train_escalation_model(uow, _batch(Role.ANALYST, "demo"), make_engine("duckdb"),
                                     as_of, seed)
    uow.commit()
    promote_model(uow, _batch(Role.PROGRAMME_MANAGER, "manager"), version.id)
    uow.commit()
    return int(version.id)


def route_today(uow_factory: Callable[[], Any], day: date, seconds: float = DEMO_SOLVE_SECONDS,
                seed: int = 0) -> list[dict[str, Any]]:
    """Plan every branch's ``day``; a summary per branch (see ``routes plan --json``)."""
    from doorstep.visits.dispatch.service import plan_day
    from doorstep.visits.dispatch.solve import summary

    params = replace(RoutingParams(), seconds=seconds)
    who = _batch(Role.DISPATCHER, "demo")
    with uow_factory() as uow:
        ids = [bid for bid, _ in uow.dispatch.branches()]
    out = []
    for branch_id in ids:
        longer = replace(params, seconds=seconds * RETRY_FACTOR)
        for limit, start in ((params, seed), (longer, seed), (longer, seed + 1)):
            with uow_factory() as uow:
                result = plan_day(uow, who, branch_id, day, limit, start)
                uow.commit()
            if result.stored.stats.get("routed") == result.stored.stats.get("visits"):
                break
        out.append(summary(result.day, result.stored))
    return out


def prepare_today(uow_factory: Callable[[], Any], day: date, seed: int = 7,
                  seconds: float = DEMO_SOLVE_SECONDS) -> TodayReport:
    """Promote a screening model and route ``day`` in every branch."""
    report = TodayReport()
    began = time.perf_counter()
    try:
        with uow_factory() as uow:
            report.model_id = promote_a_model(uow, day, seed)
    except DoorstepError as exc:  # a tiny demo may have too few outcomes to learn from
        report.model_error = str(exc.detail or exc.code)
    report.seconds["model"] = time.perf_counter() - began
    began = time.perf_counter()
    report.branches = route_today(uow_factory, day, seconds)
    report.seconds["routes"] = time.perf_counter() - began
    return report
