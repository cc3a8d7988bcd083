"""Train the escalation model on outcomes in the database; a person promotes a version."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

from doorstep.approvals import service as approvals
from doorstep.approvals import subjects
from doorstep.approvals.model import Authority, Request, default_authority
from doorstep.core.access import Permission, Principal, require
from doorstep.core.audit import AuditEntry
from doorstep.core.errors import ValidationFailed
from doorstep.core.i18n import N_, _
from doorstep.core.uow import UnitOfWork
from doorstep.screening.features import MODEL_FEATURES, FeatureEngine
from doorstep.screening.model import EscalationModel, ModelParams, score_predictions
from doorstep.screening.records import ModelVersion

MIN_POSITIVES = 10


def training_frame(features: pd.DataFrame, escalated_ids: pd.Series) -> tuple[pd.DataFrame,
                                                                              np.ndarray]:
    """Model inputs and the 0/1 escalation label per customer (pure)."""
    x = features[list(MODEL_FEATURES)].astype("float64")
    y = features["customer_id"].isin(set(escalated_ids.tolist())).to_numpy(dtype=int)
    return x.reset_index(drop=True), y


def train_escalation_model(uow: UnitOfWork, principal: Principal, engine: FeatureEngine,
                           as_of: date, seed: int, params: ModelParams | None = None,
                           test_share: float = 0.25) -> ModelVersion:
    """Build features as of ``as_of``, learn escalation, store a ``candidate`` version.

    Parameters
    ----------
    uow : UnitOfWork
    principal : Principal
        Needs ``screening.run``.
    engine : FeatureEngine
        DuckDB or Spark.
    as_of : date
        Features use data up to this day; labels are the escalations in the database.
    seed : int
        Seed of the split, the booster and the calibration folds.
    params : ModelParams, optional
    test_share : float
        Share of customers kept aside (stratified) for the stored AUC, Brier and calibration.

    Returns
    -------
    ModelVersion
        Status ``candidate``; :func:`promote_model` makes it ``current``.
    """
    require(principal, Permission.SCREENING_RUN)
    features = engine.run(uow.screening.feature_inputs(as_of, None))
    x, y = training_frame(features, uow.screening.escalation_labels()["customer_id"])
    if y.sum() < MIN_POSITIVES or (len(y) - y.sum()) < MIN_POSITIVES:
        raise ValidationFailed(N_("too few outcomes to learn from: %(escalated)s escalated of "
                                  "%(n)s (need ≥ %(need)s of each)"), escalated=int(y.sum()),
                               n=len(y), need=MIN_POSITIVES)
    x_tr, x_te, y_tr, y_te = train_test_split(x, y, test_size=test_share, stratify=y,
                                              random_state=seed)
    model = EscalationModel.fit(x_tr, y_tr, params, seed=seed)
    metrics = score_predictions(y_te, model.predict_proba(x_te))
    model.with_metrics(metrics)
    now = uow.clock.now()
    version: ModelVersion = uow.screening.add_model_version(
        f"{engine.name} as of {as_of.isoformat()}, seed {seed}, {len(y)} customers",
        MODEL_FEATURES, metrics.to_dict(), model.to_bytes(), now)
    uow.audit(AuditEntry(principal.actor, "model.train", "model_version", str(version.id),
                         None, {"auc": metrics.auc, "brier": metrics.brier}, now))
    subjects.file_model(uow, principal, version.id,
                        _("Model version #%(id)s (AUC %(auc)s)", id=version.id,
                          auc=f"{metrics.auc:.3f}"))
    return version


def promote_model(uow: UnitOfWork, principal: Principal, model_id: int,
                  authority: Authority | None = None,
                  reason: str = N_("Model evaluated; approved to go live")) -> ModelVersion:
    """Make a model version ``current`` (the previous one is retired): the decision on the
    trainer's request, by another person holding ``model.promote``."""
    require(principal, Permission.SCREENING_APPROVE)
    version: ModelVersion = uow.screening.model_version(model_id)
    if version.status == "current":
        raise ValidationFailed(N_("Model %(id)s is already current"), id=model_id)

    def promote(inner: UnitOfWork, decider: Principal, request: Request) -> None:
        now = inner.clock.now()
        inner.screening.make_current(model_id, decider.username, now)
        inner.audit(AuditEntry(decider.actor, "model.promote", "model_version", str(model_id),
                               {"status": version.status}, {"status": "current"}, now))

    maker = subjects.maker_of_subject(uow, "model_version", model_id, "(unknown)")
    approvals.decide_on_subject(uow, principal, subjects.model_promotion(
        model_id, _("Model version #%(id)s", id=model_id)), maker, True, _(reason),
        authority or default_authority(), promote)
    return replace(version, status="current", approved_by=principal.username)
