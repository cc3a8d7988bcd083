"""Retraining on a time-based holdout, idempotently; promotion only on approval."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from doorstep.container import Container
from doorstep.core.access import Principal, Role
from doorstep.core.errors import PermissionDenied
from doorstep.evaluation.improvement import service
from doorstep.evaluation.kpis import kpi_values
from doorstep.evaluation.model import KpiCounts
from doorstep.evaluation.model import Period as EvaluationPeriod
from doorstep.evaluation.service import kpis_by
from doorstep.screening.features import MODEL_FEATURES, make_engine
from doorstep.store.tables import audit_events
from doorstep.store.tables_screening import model_versions
from tests.integration.improvement.bank import ANALYST, AS_OF, MANAGER

Bank = tuple[Container, int]
DISPATCHER = Principal(user_id=0, username="dispatcher", role=Role.DISPATCHER, branch_id=None)


def _retrain(c: Container, seed: int = 7) -> service.RetrainResult:
    with c.uow() as uow:
        done = service.retrain(uow, ANALYST, make_engine("duckdb"),
                               service.Retrain(as_of=AS_OF, seed=seed))
        uow.commit()
        return done


def _count(c: Container, stmt: object) -> int:
    with c.engine.connect() as conn:
        return int(conn.execute(stmt).scalar() or 0)  # type: ignore[call-overload]


def test_retrain_stores_a_candidate_compared_with_the_champion(champion_bank: Bank) -> None:
    """A retrain stores a candidate model version with AUC/Brier of candidate and champion on
    the outcomes after the cut-off, and a PSI row for every model feature."""
    c, champion_id = champion_bank
    result = _retrain(c)
    r = result.review
    assert result.created and r.decision == "pending" and r.champion_id == champion_id
    assert r.cutoff < AS_OF and r.counts["test_positives"] >= 10
    assert r.counts["train_positives"] >= 10
    cand, champ = r.comparison["candidate"], r.comparison["champion"]
    assert 0.5 < cand["auc"] <= 1 and 0 < cand["brier"] < 0.25 and champ["n"] == cand["n"]
    assert r.verdict in ("better", "similar", "worse")
    assert {d.feature for d in r.drift} == set(MODEL_FEATURES)
    assert all(d.psi >= 0 and d.label in ("稳定", "轻微漂移", "显著漂移") for d in r.drift)
    with c.uow(write=False) as uow:
        version = uow.screening.model_version(r.model_version_id)
    assert version.status == "candidate" and version.metrics["auc"] == cand["auc"]
    assert _count(c, select(func.count()).where(audit_events.c.action == "model.retrain")) == 1


def test_rerunning_with_the_same_inputs_creates_nothing(champion_bank: Bank) -> None:
    """Same data, cut-off and seed return the stored candidate; another seed makes a new one."""
    c, _ = champion_bank
    first = _retrain(c)
    versions = _count(c, select(func.count()).select_from(model_versions))
    again = _retrain(c)
    assert not again.created and again.review.id == first.review.id
    assert _count(c, select(func.count()).select_from(model_versions)) == versions
    other = _retrain(c, seed=8)
    assert other.created and other.review.id != first.review.id


def test_promotion_needs_the_permission_and_a_reason(champion_bank: Bank) -> None:
    """Without model.promote or without a reason nothing changes; an approver promotes the
    candidate (champion retired), it is audited, and a decided candidate stays decided."""
    c, champion_id = champion_bank
    review = _retrain(c).review
    with c.uow() as uow, pytest.raises(PermissionDenied):
        service.decide(uow, DISPATCHER, review.id, True, "看起来不错")
        uow.commit()
    with c.uow() as uow, pytest.raises(service.ReasonRequired):
        service.decide(uow, MANAGER, review.id, True, "  ")
        uow.commit()
    with c.uow(write=False) as uow:
        assert uow.screening.current_model_id() == champion_id
    with c.uow() as uow:
        done = service.decide(uow, MANAGER, review.id, True, "留出期 AUC 更高")
        uow.commit()
    assert done.decision == "promoted" and done.decided_by == "manager"
    with c.uow(write=False) as uow:
        assert uow.screening.current_model_id() == review.model_version_id
        assert uow.screening.model_version(champion_id).status == "retired"
        stored = uow.improvement.comparison(review.id)
    assert stored.decision == "promoted" and stored.reason == "留出期 AUC 更高"
    with c.uow() as uow, pytest.raises(service.AlreadyDecided):
        service.decide(uow, MANAGER, review.id, False, "改主意")
        uow.commit()
    assert _count(c, select(func.count()).where(audit_events.c.action == "model.promote")) == 2


def test_a_rejection_is_recorded_and_keeps_the_champion(champion_bank: Bank) -> None:
    """Rejecting records who, when and why, audits it, and leaves the current model alone."""
    c, champion_id = champion_bank
    review = _retrain(c).review
    with c.uow() as uow:
        service.decide(uow, MANAGER, review.id, False, "候选模型留出期表现较差")
        uow.commit()
    with c.uow(write=False) as uow:
        assert uow.screening.current_model_id() == champion_id
        stored = service.candidate(uow, MANAGER, review.id)
    assert (stored.decision, stored.decided_by) == ("rejected", "manager")
    assert _count(c, select(func.count()).where(audit_events.c.action == "model.reject")) == 1


def test_review_compares_periods_and_lists_staff_to_train(champion_bank: Bank) -> None:
    """The period review gives every KPI for both periods, the newest candidate with advice,
    and staff to train each with a reason."""
    c, _ = champion_bank
    _retrain(c)
    with c.uow(write=False) as uow:
        review = service.period_review(uow, MANAGER, AS_OF, 30)
    kpis = {k.name: k for k in review.kpis}
    assert kpis["visits_done"].current is not None and kpis["visits_done"].current > 0
    with c.uow(write=False) as uow:  # one KPI definition: the evaluation dashboard's
        dashboard = kpis_by(uow, MANAGER, "branch", EvaluationPeriod(review.period.start,
                                                                      review.period.end))
    same = {k: v for k, v in kpi_values(sum((g.counts for g in dashboard), KpiCounts())).items()
            if k in kpis}
    assert len(same) == len(kpis) - 1  # every KPI but complaints to the regulator
    assert {k: kpis[k].current for k in same} == pytest.approx(same)
    assert review.previous.end < review.period.start
    assert review.candidate is not None and review.model_advice
    assert review.rules_checked > 0
    assert all(n.reasons for n in review.staff)


def test_drift_now_compares_against_the_newest_cutoff(champion_bank: Bank) -> None:
    """Without a reference day the drift report uses the newest candidate's cut-off."""
    c, _ = champion_bank
    cutoff = _retrain(c).review.cutoff
    with c.uow(write=False) as uow:
        day, rows = service.drift_now(uow, MANAGER, make_engine("duckdb"), AS_OF)
    assert day == cutoff and len(rows) == len(MODEL_FEATURES)
