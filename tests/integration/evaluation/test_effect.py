"""Effect of visits against a real database: outcomes of visited and holdout customers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import insert

from doorstep.container import Container
from doorstep.core.access import Role
from doorstep.evaluation import service
from doorstep.store import tables as t
from tests import factories as f
from tests.integration.evaluation.known_bank import known_bank, screening


@pytest.fixture
def bank(container: Container) -> dict[str, Any]:
    ids = known_bank(container, {"pm": (Role.PROGRAMME_MANAGER, None)})
    cu = ids["customers"]
    screening(container, ids["plan"], [(cu[0], "champion", ids["c1"]),
                                       (cu[1], "champion", ids["c2"]),
                                       (cu[2], "challenger", ids["c3"]),
                                       (cu[3], "challenger", ids["c4"])], [cu[6], cu[8]])
    with container.engine.begin() as conn:
        conn.execute(insert(t.complaints).values(
            customer_id=cu[8], branch_id=ids["ns"], channel="regulator", category="催收方式",
            text="向监管投诉", severity=4, received_at=datetime(2026, 10, 5)))
    return ids


def test_visited_and_holdout_outcomes(container: Container, bank: dict[str, Any]) -> None:
    """Group means follow each customer's cases and regulator complaints since screening."""
    with container.uow(write=False) as uow:
        e = service.effect_of_visits(uow, f.principal(container, "pm"), bank["plan"])
    v = {x.measure: (x.treated, x.control, x.difference) for x in e.visits.estimates}
    assert (e.visits.treated_n, e.visits.control_n) == (4, 2)
    assert v["resolved"] == (0.5, 0.0, 0.5)
    assert v["escalated"] == (0.5, 0.5, 0.0)
    assert v["litigation"] == (0.25, 0.0, 0.25)
    assert v["recovered"] == (0.0, 0.0, 0.0)
    c = {x.measure: x.difference for x in e.challenger.estimates}
    assert c["escalated"] == 1.0 and c["resolved"] == -1.0


def test_small_groups_are_not_judged(container: Container, bank: dict[str, Any]) -> None:
    """With a handful of customers the verdict is a warning that the sample is too small."""
    with container.uow(write=False) as uow:
        e = service.effect_of_visits(uow, f.principal(container, "pm"), bank["plan"])
    assert e.visits.too_small
    assert e.visit_verdicts["escalated"].startswith("样本量不足（拜访组 4 人，对照组 2 人")
