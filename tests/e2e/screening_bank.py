"""A demo bank ready for screening through the API and the pages: texts scored, a model
trained and promoted, a default strategy, and the demo users (password ``DEMO_PASSWORD``)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient

from doorstep.app import create_app
from doorstep.container import Container
from doorstep.core.access import Principal, Role
from doorstep.demo.context import DEMO_PASSWORD
from doorstep.demo.loader import load_demo
from doorstep.screening.features import make_engine
from doorstep.screening.strategies import create_strategy, default_rule_sets
from doorstep.screening.text import load_detector
from doorstep.screening.texts import score_pending_texts
from doorstep.screening.training import promote_model, train_escalation_model

AS_OF = date(2026, 11, 30)
PLAN = 1
_ANALYST = Principal(user_id=0, username="test", role=Role.ANALYST, branch_id=None)
_MANAGER = Principal(user_id=0, username="test.manager", role=Role.PROGRAMME_MANAGER,
                     branch_id=None)  # not the trainer: 双人复核


def prepare_bank(c: Container) -> None:
    """Load a 1,200-customer demo bank and make it ready to screen."""
    load_demo(c.engine, customers=1200, seed=7)
    with c.uow() as uow:
        score_pending_texts(uow, load_detector())
        uow.commit()
    with c.uow() as uow:
        model = train_escalation_model(uow, _ANALYST, make_engine("duckdb"), AS_OF, seed=7)
        uow.commit()
    with c.uow() as uow:
        promote_model(uow, _MANAGER, model.id)
        uow.commit()
    with c.uow() as uow:
        create_strategy(uow, _ANALYST, "默认策略", default_rule_sets(), None)
        uow.commit()


@pytest.fixture
def bank_client(container: Container) -> Iterator[TestClient]:
    """The app over a screening-ready demo bank."""
    prepare_bank(container)
    with TestClient(create_app(container), raise_server_exceptions=False) as client:
        yield client


def bearer(client: TestClient, username: str) -> dict[str, str]:
    """Authorization header of a demo user."""
    r = client.post("/api/v1/auth/token", json={"username": username, "password": DEMO_PASSWORD})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}
