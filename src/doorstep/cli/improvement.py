"""`doorstep screening retrain | show-drift | list-candidates | decide`: the improvement loop
(continuous improvement)."""

from __future__ import annotations

import time

import typer
from rich.progress import BarColumn as Bar
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from doorstep.cli.common import console, container, user_errors
from doorstep.cli.screening import app
from doorstep.cli.screening_runs import DB, _as_of, person
from doorstep.cli.tables import JSON, Col, echo_json, emit, json_rows
from doorstep.core.i18n import _
from doorstep.evaluation.improvement.drift import FeatureDrift
from doorstep.evaluation.improvement.model import CandidateReview

DATE = "YYYY-MM-DD"
DRIFT_COLS = [Col("feature", "feature", True), Col("psi", "psi"), Col("level", "level")]


def _drift_rows(rows: tuple[FeatureDrift, ...]) -> list[dict[str, object]]:
    return json_rows(DRIFT_COLS, [{"feature": d.feature, "psi": round(d.psi, 4),
                                   "level": d.level} for d in rows])


def _candidate_json(r: CandidateReview) -> dict[str, object]:
    return {"id": r.id, "model_version_id": r.model_version_id,
            "model_version": r.model_version, "cutoff": r.cutoff, "as_of": r.as_of,
            "seed": r.seed, "verdict": r.verdict, "decision": r.decision, "counts": r.counts,
            "champion_id": r.champion_id, "comparison": r.comparison}


def _drift_table(title: str, rows: tuple[FeatureDrift, ...]) -> Table:
    table = Table(title=title)
    table.add_column(_("Feature"), no_wrap=True)  # a feature name is never cut
    for name in ("PSI", _("Level")):
        table.add_column(name, overflow="fold")
    for d in rows:
        colour = {"stable": "green", "minor": "yellow", "major": "red"}[d.level]
        table.add_row(d.feature, f"{d.psi:.4f}", f"[{colour}]{d.label}[/{colour}]")
    return table


def _print_candidate(r: CandidateReview) -> None:
    cand, champ = r.comparison["candidate"], r.comparison.get("champion")
    console.print(_("Candidate %(id)s: model version %(model_version_id)s (v%(model_version)s), "
                    "cutoff %(cutoff)s, as of %(as_of)s, seed %(seed)s; %(verdict)s; %(decision)s",
                    id=r.id, model_version_id=r.model_version_id, model_version=r.model_version,
                    cutoff=r.cutoff, as_of=r.as_of, seed=r.seed, verdict=r.verdict,
                    decision=r.decision))
    console.print(_("  Rows: %(counts)s", counts=r.counts))
    console.print(_("  Candidate AUC %(auc)s  Brier %(brier)s", auc=f"{cand['auc']:.4f}",
                    brier=f"{cand['brier']:.4f}"))
    if champ:
        console.print(_("  Champion %(champion_id)s AUC %(auc)s  Brier %(brier)s",
                        champion_id=r.champion_id, auc=f"{champ['auc']:.4f}",
                        brier=f"{champ['brier']:.4f}"))


@app.command("retrain")
def retrain(cutoff: str | None = typer.Option(None, help=f"Train on outcomes up to ({DATE}); "
                                                "default: the day 70 % of outcomes precede"),
            as_of: str | None = typer.Option(None, help=f"Holdout outcomes up to ({DATE})"),
            seed: int = typer.Option(7), engine: str = typer.Option("duckdb"),
            database_url: str | None = DB, as_json: JSON = False) -> None:
    """Retrain on outcomes up to a cut-off, compare with the current model after it, store a
    candidate with its PSI report. Rerunning with the same inputs creates nothing new."""
    from doorstep.evaluation.improvement import service
    from doorstep.screening.features import make_engine

    c = container(database_url)
    started = time.perf_counter()
    cmd = service.Retrain(as_of=_as_of(as_of, c), seed=seed,
                          cutoff=_as_of(cutoff, c) if cutoff else None)
    with user_errors(), Progress(SpinnerColumn(), TextColumn("{task.description}"), Bar(),
                                 TimeElapsedColumn(), console=console, transient=True,
                                 disable=as_json) as bar:
        task = bar.add_task(_("Retraining"), total=len(service.STEPS))

        def step(name: str, done: int, total: int) -> None:
            bar.update(task, completed=done, description=_(name))

        with c.uow() as uow:
            result = service.retrain(uow, person(c, None), make_engine(engine), cmd, step)
            uow.commit()
    if as_json:
        echo_json({"candidate": _candidate_json(result.review), "created": result.created,
                   "drift": _drift_rows(result.review.drift)})
        return
    _print_candidate(result.review)
    console.print(_drift_table(_("Population drift (PSI)"), result.review.drift[:8]))
    what = _("Created") if result.created else _("Already existed, not created again")
    console.print(_("%(what)s; %(v)s s; decide: doorstep screening decide %(id)s --as NAME",
                    what=what, v=f'{time.perf_counter() - started:.1f}', id=result.review.id))


@app.command("show-drift")
def drift(as_of: str | None = typer.Option(None, help=f"Current population as of ({DATE})"),
          reference: str | None = typer.Option(
              None, help=f"Reference population as of ({DATE}); default: newest cut-off"),
          engine: str = typer.Option("duckdb"), database_url: str | None = DB,
          as_json: JSON = False) -> None:
    """Print the PSI of every model feature: now against the reference population."""
    from doorstep.evaluation.improvement import service
    from doorstep.screening.features import make_engine

    c = container(database_url)
    with user_errors(), c.uow(write=False) as uow:
        day, rows = service.drift_now(uow, person(c, None), make_engine(engine),
                                      _as_of(as_of, c), _as_of(reference, c) if reference else None)
    if as_json:
        emit(console, DRIFT_COLS, _drift_rows(rows), True)
        return
    console.print(_drift_table(_("PSI: %(day)s → %(_as_of)s", day=day, _as_of=_as_of(as_of, c)),
                               rows))
    console.print(_("PSI < 0.1 stable; 0.1–0.25 slight drift; > 0.25 significant drift"))


@app.command("list-candidates")
def candidates(database_url: str | None = DB, as_json: JSON = False) -> None:
    """List retrained candidates with their holdout metrics and decisions."""
    from doorstep.evaluation.improvement import service

    c = container(database_url)
    with user_errors(), c.uow(write=False) as uow:
        rows = service.list_candidates(uow, person(c, None))
    if as_json:
        echo_json([_candidate_json(r) for r in rows])
        return
    for r in rows:
        _print_candidate(r)
    if not rows:
        console.print(_("No candidate yet: doorstep screening retrain"))


@app.command("decide")
def decide(candidate_id: int,
           as_user: str = typer.Option(..., "--as", help="The deciding user (not the one "
                                                         "who retrained the model)"),
           reason: str = typer.Option(..., help="Why"),
           reject: bool = typer.Option(False, "--reject", help="Reject instead of promoting"),
           database_url: str | None = DB) -> None:
    """Promote (or with --reject, reject) a candidate; needs model.promote, audited."""
    from doorstep.evaluation.improvement import service

    c = container(database_url)
    with user_errors():
        who = person(c, as_user)
        with c.uow() as uow:
            r = service.decide(uow, who, candidate_id, not reject, reason, c.authority)
            uow.commit()
    console.print(_("Candidate %(id)s (model version %(model_version_id)s): %(decision)s by "
                    "%(decided_by)s", id=r.id, model_version_id=r.model_version_id,
                    decision=r.decision, decided_by=r.decided_by))


__all__ = ["app"]
