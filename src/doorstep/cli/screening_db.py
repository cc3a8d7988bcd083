"""`doorstep screening score-texts | train | promote`: the detector and model over the database."""

from __future__ import annotations

import typer

from doorstep.cli.common import console, container, user_errors
from doorstep.cli.screening import app
from doorstep.cli.screening_runs import DB, _as_of, person
from doorstep.cli.tables import JSON, echo_json
from doorstep.core.i18n import _


@app.command("score-texts")
def score_texts(database_url: str | None = DB) -> None:
    """Score every stored complaint text that has no dissatisfaction score yet."""
    from doorstep.screening.text import load_detector
    from doorstep.screening.texts import score_pending_texts

    c = container(database_url)
    with user_errors(), c.uow() as uow:
        report = score_pending_texts(uow, load_detector(), "detector.joblib")
        uow.commit()
    console.print(_("Scored: %(scored)s; refused: %(len)s", scored=report.scored,
                    len=len(report.refused)))
    for complaint_id, why in report.refused[:20]:
        console.print(_("  Complaint %(complaint_id)s: %(why)s", complaint_id=complaint_id,
                        why=why))


@app.command("train")
def train(seed: int = typer.Option(7), engine: str = typer.Option("duckdb"),
          as_of: str | None = typer.Option(None, help="Features as of (YYYY-MM-DD)"),
          database_url: str | None = DB, as_json: JSON = False) -> None:
    """Train the escalation model on the database's outcomes; stores a candidate version."""
    from doorstep.screening.features import make_engine
    from doorstep.screening.training import train_escalation_model

    c = container(database_url)
    with user_errors(), c.uow() as uow:
        v = train_escalation_model(uow, person(c, None), make_engine(engine), _as_of(as_of, c),
                                   seed)
        uow.commit()
    m = v.metrics
    if as_json:
        echo_json({"model_version_id": v.id, "version": v.version, "status": v.status,
                   "metrics": m})
        return
    console.print(_("Model version %(id)s (v%(version)s, %(status)s): AUC %(auc)s, Brier "
                    "%(brier)s, n %(n)s, positive rate %(positive_rate)s", id=v.id,
                    version=v.version, status=v.status, auc=m['auc'], brier=m['brier'], n=m['n'],
                    positive_rate=m['positive_rate']))
    for b in m["calibration"]:
        console.print(f"  {b}")


@app.command("promote")
def promote(model_id: int,
            as_user: str = typer.Option(..., "--as", help="The deciding user (not the one "
                                                          "who trained the model)"),
            reason: str | None = typer.Option(
                None, help="Why; audited (default: the model evaluation passed)"),
            database_url: str | None = DB) -> None:
    """Make a model version current (maker-checker: another person approves)."""
    from doorstep.screening.training import promote_model

    c = container(database_url)
    with user_errors():
        who = person(c, as_user)
        with c.uow() as uow:
            v = promote_model(uow, who, model_id, c.authority,
                              reason or _("Model evaluation passed; approved for release"))
            uow.commit()
    console.print(_("Model %(id)s is current (approved by %(approved_by)s)", id=v.id,
                    approved_by=v.approved_by))


__all__ = ["app", "typer"]
