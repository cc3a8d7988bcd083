"""A 2,000-customer demo bank with a current (champion) model, ready to retrain."""

from __future__ import annotations

from datetime import date

from doorstep.container import Container
from doorstep.core.access import Principal, Role
from doorstep.demo.loader import load_demo
from doorstep.screening.features import make_engine
from doorstep.screening.strategies import create_strategy, default_rule_sets
from doorstep.screening.text import load_detector
from doorstep.screening.texts import score_pending_texts
from doorstep.screening.training import promote_model, train_escalation_model

AS_OF = date(2026, 11, 30)
CUSTOMERS = 2000
ANALYST = Principal(user_id=0, username="analyst", role=Role.ANALYST, branch_id=None)
MANAGER = Principal(user_id=0, username="manager", role=Role.PROGRAMME_MANAGER, branch_id=None)


def prepare_improvement_bank(c: Container) -> int:
    """Load the bank, score its texts, train and promote a champion; return its id."""
    load_demo(c.engine, customers=CUSTOMERS, seed=7)
    with c.uow() as uow:
        score_pending_texts(uow, load_detector())
        uow.commit()
    with c.uow() as uow:
        champion = train_escalation_model(uow, ANALYST, make_engine("duckdb"), AS_OF, seed=7)
        uow.commit()
    with c.uow() as uow:
        promote_model(uow, MANAGER, champion.id)
        uow.commit()
    with c.uow() as uow:
        create_strategy(uow, ANALYST, "默认策略", default_rule_sets(), None)
        uow.commit()
    return champion.id
