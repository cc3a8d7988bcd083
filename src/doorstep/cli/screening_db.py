"""`doorstep screening score-texts | train | promote`: the detector and model over the database."""

from __future__ import annotations

import typer

from doorstep.cli.common import console, container, user_errors
from doorstep.cli.screening import app
from doorstep.cli.screening_runs import DB, _as_of, person
from doorstep.cli.tables import JSON, echo_json


@app.command("score-texts")
def score_texts(database_url: str | None = DB) -> None:
    """Score every stored complaint text that has no dissatisfaction score yet."""
    from doorstep.screening.text import load_detector
    from doorstep.screening.texts import score_pending_texts

    c = container(database_url)
    with user_errors(), c.uow() as uow:
        report = score_pending_texts(uow, load_detector(), "detector.joblib")
        uow.commit()
    console.print(f"已评分 / scored: {report.scored}；拒绝 / refused: {len(report.refused)}")
    for complaint_id, why in report.refused[:20]:
        console.print(f"  投诉 {complaint_id}: {why}")


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
    console.print(f"模型版本 / model version {v.id} (v{v.version}, {v.status}): AUC {m['auc']}, "
                  f"Brier {m['brier']}, n {m['n']}, positive rate {m['positive_rate']}")
    for b in m["calibration"]:
        console.print(f"  {b}")


@app.command("promote")
def promote(model_id: int,
            as_user: str = typer.Option(..., "--as", help="The deciding user (not the one "
                                                          "who trained the model)"),
            reason: str = typer.Option("模型评估通过，同意上线", help="Why; audited"),
            database_url: str | None = DB) -> None:
    """Make a model version current (双人复核: another person approves)."""
    from doorstep.screening.training import promote_model

    c = container(database_url)
    with user_errors():
        who = person(c, as_user)
        with c.uow() as uow:
            v = promote_model(uow, who, model_id, c.authority, reason)
            uow.commit()
    console.print(f"模型 {v.id} 已成为当前版本 / is current (approved by {v.approved_by})")


__all__ = ["app", "typer"]
