"""The demo bank gives the evaluation pages real material: holdouts, arms, scored comments."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from doorstep.container import Container
from doorstep.core.access import Principal, Role
from doorstep.core.settings import Settings
from doorstep.demo.loader import load_demo
from doorstep.evaluation import service
from doorstep.store import tables as t
from doorstep.store.migrate import upgrade
from doorstep.store.tables_screening import screening_selections

MANAGER = Principal(user_id=0, username="pm", role=Role.PROGRAMME_MANAGER, branch_id=None)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Container]:
    url = f"sqlite:///{tmp_path_factory.mktemp('eval-demo') / 'bank.db'}"
    upgrade(url)
    load_demo(url, 5_000, 7)
    c = Container.build(Settings(environment="test", database_url=url))
    yield c
    c.engine.dispose()


def _plan_with_cases(c: Container) -> int:
    with c.engine.connect() as conn:
        return int(conn.execute(select(t.cases.c.plan_id).where(t.cases.c.plan_id.is_not(None))
                                .group_by(t.cases.c.plan_id)
                                .order_by(func.count().desc())).scalars().first() or 0)


def test_demo_has_holdout_and_both_arms(demo: Container) -> None:
    """Every plan with cases gets an approved run with champion, challenger and holdout."""
    with demo.engine.connect() as conn:
        arms = dict(conn.execute(select(screening_selections.c.arm, func.count())
                                 .group_by(screening_selections.c.arm)).all())
        unscored = conn.execute(select(func.count()).select_from(t.surveys).where(
            t.surveys.c.comment.is_not(None), t.surveys.c.dissatisfaction.is_(None))).scalar()
    assert set(arms) == {"champion", "challenger", "holdout"} and arms["holdout"] >= 40
    assert unscored == 0


def test_demo_effect_is_judged(demo: Container) -> None:
    """The largest demo plan has randomised arms big enough for a board sentence with an
    interval, measured from the accounts over the closed windows."""
    with demo.uow(write=False) as uow:
        e = service.effect_of_visits(uow, MANAGER, _plan_with_cases(demo))
    assert not e.visits.too_small
    assert "95% 置信区间" in e.headline and e.headline.startswith("上门使 ")
    assert "cured_30" in e.visit_verdicts and e.figures.mde is not None
