"""Run → manual edits → approval on a demo bank: cases only after approval, holdout never."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from doorstep.container import Container
from doorstep.core.access import Principal, Role
from doorstep.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from doorstep.screening.approval import EditSelection, add_customer, approve_run, remove_customer
from doorstep.screening.features import make_engine
from doorstep.screening.runs import RunScreening, run_screening
from doorstep.screening.strategies import create_strategy, default_rule_sets
from doorstep.screening.text import load_detector
from doorstep.screening.texts import RecordComplaint, record_complaint, score_pending_texts
from doorstep.screening.training import promote_model, train_escalation_model
from doorstep.store.tables import audit_events, cases, complaints

AS_OF = date(2026, 11, 30)
ANALYST = Principal(user_id=90, username="analyst_t", role=Role.ANALYST, branch_id=None)
MANAGER = Principal(user_id=91, username="manager_t", role=Role.PROGRAMME_MANAGER, branch_id=None)


def _prepare(c: Container) -> int:
    with c.uow() as uow:
        assert score_pending_texts(uow, load_detector()).scored > 0
        uow.commit()
    with c.uow() as uow:
        model = train_escalation_model(uow, ANALYST, make_engine("duckdb"), AS_OF, seed=7)
        uow.commit()
    assert model.status == "candidate" and 0 <= model.metrics["auc"] <= 1
    with c.uow() as uow:
        promote_model(uow, MANAGER, model.id)
        uow.commit()
    with c.uow() as uow:
        create_strategy(uow, ANALYST, "默认策略", default_rule_sets(), None)
        uow.commit()
    with c.uow() as uow:
        done = run_screening(uow, ANALYST, RunScreening(1, AS_OF, 7), make_engine("duckdb"))
        uow.commit()
        return done


def _count(c: Container, stmt: object) -> int:
    with c.engine.connect() as conn:
        return int(conn.execute(stmt).scalar_one())  # type: ignore[call-overload]


def test_run_edit_approve_makes_cases_only_for_selected(demo_bank: Container) -> None:
    """Before approval no case exists; after it, each selected entry is an approved case with
    an audit event, while holdout and removed entries never become cases."""
    c = demo_bank
    before = _count(c, select(func.count()).select_from(cases))
    run_id = _prepare(c)
    with c.uow(write=False) as uow:
        rows = uow.screening.selections(run_id)
    assert _count(c, select(func.count()).select_from(cases)) == before
    selected = [r for r in rows if r.outcome_group == "selected"]
    holdout = [r for r in rows if r.outcome_group == "holdout"]
    assert selected and holdout and all(r.reason_codes or r.matched_rules for r in selected)
    assert all(r.rank for r in selected) and len(selected) <= 60
    with c.uow() as uow:
        remove_customer(uow, ANALYST, EditSelection(run_id, selected[0].customer_id, "已结清欠款"))
        uow.commit()
    with c.uow() as uow, pytest.raises(Conflict):
        add_customer(uow, ANALYST, EditSelection(run_id, holdout[0].customer_id, "想要拜访"))
        uow.commit()
    with c.uow() as uow, pytest.raises(ValidationFailed):
        remove_customer(uow, ANALYST, EditSelection(run_id, selected[1].customer_id, ""))
        uow.commit()
    with c.uow() as uow:
        case_ids = approve_run(uow, MANAGER, run_id)
        uow.commit()
    assert len(case_ids) == len(selected) - 1
    with c.engine.connect() as conn:
        states = set(conn.execute(select(cases.c.state).where(cases.c.id.in_(case_ids)))
                     .scalars())
        opened = conn.execute(select(func.count()).select_from(audit_events).where(
            audit_events.c.action == "case.open_from_screening")).scalar_one()
    assert states == {"approved"} and opened == len(case_ids)
    with c.uow(write=False) as uow:
        after = {r.customer_id: r for r in uow.screening.selections(run_id)}
    assert all(after[r.customer_id].case_id is None for r in holdout)
    assert after[selected[0].customer_id].case_id is None
    with c.uow() as uow, pytest.raises(Conflict):
        approve_run(uow, MANAGER, run_id)
        uow.commit()


def test_same_seed_gives_the_same_list(demo_bank: Container) -> None:
    """Two runs with the same seed store the same ranked groups."""
    c = demo_bank
    first = _prepare(c)
    with c.uow() as uow:
        second = run_screening(uow, ANALYST, RunScreening(1, AS_OF, 7), make_engine("duckdb"))
        uow.commit()
    with c.uow(write=False) as uow:
        a = [(r.customer_id, r.outcome_group, r.rank) for r in uow.screening.selections(first)]
        b = [(r.customer_id, r.outcome_group, r.rank) for r in uow.screening.selections(second)]
    assert a == b


def test_unknown_plan_and_wrong_role_write_nothing(demo_bank: Container) -> None:
    """An unknown plan is 'not found', a dispatcher may not run; neither stores a run."""
    c = demo_bank
    dispatcher = Principal(user_id=5, username="d", role=Role.DISPATCHER, branch_id=None)
    with c.uow(write=False) as uow:
        before = uow.screening.run_ids()
    with c.uow() as uow, pytest.raises(NotFound):
        run_screening(uow, ANALYST, RunScreening(999, AS_OF, 7), make_engine("duckdb"))
        uow.commit()
    with c.uow() as uow, pytest.raises(PermissionDenied):
        run_screening(uow, dispatcher, RunScreening(1, AS_OF, 7), make_engine("duckdb"))
        uow.commit()
    with c.uow(write=False) as uow:
        assert uow.screening.run_ids() == before


def test_complaint_is_scored_when_stored_and_garbage_refused(demo_bank: Container) -> None:
    """A recorded complaint carries its dissatisfaction score; empty text stores nothing."""
    c = demo_bank
    cmd = RecordComplaint(1, "hotline", "催收", "催收电话一天打十几次，太过分了，我要投诉",
                          4, datetime(2026, 11, 20, 9))
    with c.uow() as uow:
        cid = record_complaint(uow, ANALYST, cmd, load_detector())
        uow.commit()
    with c.engine.connect() as conn:
        row = conn.execute(select(complaints).where(complaints.c.id == cid)).one()
    assert row.dissatisfaction is not None and row.dissatisfaction > 0.5
    assert (row.due_at - row.received_at).days == 15  # the handling clock starts
    total = _count(c, select(func.count()).select_from(complaints))
    with c.uow() as uow, pytest.raises(ValidationFailed):
        record_complaint(uow, ANALYST, RecordComplaint(1, "app", "x", " ！！ ", 2, cmd.received_at),
                         load_detector())
        uow.commit()
    assert _count(c, select(func.count()).select_from(complaints)) == total
