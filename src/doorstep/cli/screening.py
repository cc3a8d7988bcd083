"""`doorstep screening ...`: screening models, text detector and evaluation."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from doorstep.cli.tables import JSON, Col, echo_json, emit, json_rows
from doorstep.core.errors import DoorstepError, ValidationFailed
from doorstep.core.i18n import N_, _, get_language

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from doorstep.screening.model.metrics import ModelMetrics

app = typer.Typer(help="Customer screening", no_args_is_help=True)
console = Console(soft_wrap=True)
err_console = Console(stderr=True, soft_wrap=True)
DEFAULT_TEXT_DATA = Path("../shared/data/zh_sentiment")
BASELINE = "baseline (raw columns, HistGB)"
OURS = "ours (our features, LightGBM+isotonic)"


@contextmanager
def _user_errors() -> Iterator[None]:
    """Bad input exits 2, any other Doorstep error exits 1, each with a clear message."""
    try:
        yield
    except DoorstepError as exc:
        message = exc.message_in(get_language())
        err_console.print(_("[red]Screening error[/red] %(message)s", message=message),
                          highlight=False)
        raise typer.Exit(2 if isinstance(exc, ValidationFailed) else 1) from None


def _progress(quiet: bool = False) -> Progress:
    """A transient progress bar; ``quiet`` (``--json``) shows none, stdout holds the JSON."""
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                    TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(),
                    console=console, transient=True, disable=quiet)


def _out(as_json: bool) -> Console:
    """Where the lines around a table go: stderr under ``--json``."""
    return err_console if as_json else console


METRICS = ("accuracy", "precision", "recall", "f1")


def _metrics(row: dict[str, Any], as_json: bool) -> dict[str, Any]:
    """Metric values as numbers for ``--json``, with four decimals for the table."""
    return {k: (round(v, 4) if as_json else f"{v:.4f}") if k in METRICS else v
            for k, v in row.items()}


METRIC_COLS = [Col("test rows", "rows", True), Col("n", "n"), Col("accuracy", "accuracy"),
               Col("precision", "precision"), Col("recall", "recall"), Col("F1", "f1")]
MODEL_COLS = [Col(N_("Model"), "model", True), Col("AUC", "auc"), Col("± sd", "auc_sd"),
              Col("Brier", "brier"), Col("n", "n"), Col(N_("s"), "seconds")]
DECILE_COLS = [Col("decile", "decile", True), Col("n", "n"),
               Col("mean predicted", "mean_predicted"), Col("observed rate", "observed_rate")]


@app.command("train-detector")
def text_train(
    seed: int = typer.Option(7, help="Seed of the split and the classifier"),
    data_dir: Path = typer.Option(DEFAULT_TEXT_DATA, help="Folder of label,review CSVs"),
    out: Path | None = typer.Option(None, help="Model file; default: the one in the package"),
    target_precision: float = typer.Option(0.95, help="Precision of the strong flag"),
    as_json: JSON = False,
) -> None:
    """Train the Chinese dissatisfaction detector and print its held-out metrics."""
    from doorstep.screening.text import MODEL_PATH, TrainingParams, load_corpora, train_detector
    from doorstep.screening.text.detector import clear_cache

    started = time.perf_counter()
    with _user_errors(), _progress(as_json) as progress:
        task = progress.add_task(_("Reading corpora"), total=3)
        params = TrainingParams(target_precision=target_precision)
        data, dropped = load_corpora(data_dir)
        progress.update(task, advance=1, description=_("Training on %(len)s texts", len=len(data)))
        detector = train_detector(data, params, seed, dropped)
        progress.update(task, advance=1, description=_("Saving the model"))
        size = detector.save(out or MODEL_PATH)
        clear_cache()
        progress.update(task, advance=1)
    _print_text_report(detector.report, as_json)
    _out(as_json).print(_("Model written to %(v)s (%(v2)s MB, %(v3)s s)", v=out or MODEL_PATH,
                          v2=f'{size / 1000000.0:.2f}', v3=f'{time.perf_counter() - started:.0f}'))


def _print_text_report(report: dict[str, Any], as_json: bool = False) -> None:
    named = {"all, score ≥ 0.5": report["test"],
             f"all, strong ≥ {report['threshold']}": report["test_strong"]}
    named |= {str(name): m for name, m in report["test_by_corpus"].items()}
    rows = [_metrics({"rows": name, "n": m["n"]} | {k: m[k] for k in METRICS}, as_json)
            for name, m in named.items()]
    emit(console, METRIC_COLS, rows, as_json,
         title=_("Held-out test split (seed %(seed)s); precision/recall/F1 of the dissatisfied "
                 "class", seed=report['seed']))
    _out(as_json).print(_("Sizes: %(sizes)s; dropped: %(dropped)s", sizes=report['sizes'],
                          dropped=report['dropped']))


@app.command("evaluate-detector")
def text_eval(
    csv: Path = typer.Option(..., "--csv", help="Labelled CSV file"),
    text_column: str = typer.Option(..., help="Column holding the text"),
    label_column: str = typer.Option(..., help="Column holding the label (0 = negative)"),
    model: Path | None = typer.Option(None, help="Model file; default: the shipped detector"),
    as_json: JSON = False,
) -> None:
    """Accuracy and F1 (dissatisfied class) of the detector on a labelled CSV."""
    from doorstep.screening.text import evaluate_csv, load_detector

    with _user_errors(), _out(as_json).status(_("Scoring…")):
        result = evaluate_csv(csv, text_column, label_column, load_detector(model))
    m = result.metrics
    cols = [Col("rows", "n", True), Col("accuracy", "accuracy"), Col("precision", "precision"),
            Col("recall", "recall"), Col("F1 (dissatisfied)", "f1")]
    emit(console, cols, [_metrics({"n": m.n} | {k: getattr(m, k) for k in METRICS}, as_json)],
         as_json, title=_("%(name)s: dissatisfaction detector", name=csv.name))
    _out(as_json).print(_("Skipped empty rows: %(skipped_empty)s; skipped rows without words: "
                          "%(skipped_no_words)s", skipped_empty=result.skipped_empty,
                          skipped_no_words=result.skipped_no_words))


@app.command("evaluate")
def evaluate(
    csv: Path = typer.Option(..., "--csv", help="UCI credit-card default CSV (training data)"),
    holdout_csv: Path | None = typer.Option(None, help="Train on --csv, measure on this file"),
    folds: int = typer.Option(5, min=2, max=20, help="Cross-validation folds"),
    seed: int = typer.Option(7, help="Seed of folds and models"),
    as_json: JSON = False,
) -> None:
    """Prove the escalation model on the UCI data: our features vs a raw-column baseline."""
    from doorstep.screening.model.uci import read_uci_csv, to_features

    with _user_errors():
        raw, target = read_uci_csv(csv)
        held = read_uci_csv(holdout_csv) if holdout_csv else None
        ours = len(to_features(raw.head(1)).columns)
        _out(as_json).print(_("%(name)s: %(len)s rows, default rate %(mean)s; features: %(ours)s "
                              "(ours), %(raw)s (raw)", name=csv.name, len=len(raw),
                              mean=f'{target.mean():.3f}', ours=ours, raw=raw.shape[1]))
        if held is None:
            results = _cross_validate_both(raw, target, folds, seed, as_json)
        else:
            results = _holdout_both(raw, target, held, seed, as_json)
    how = f"{folds}-fold CV" if held is None else f"holdout {holdout_csv}"
    _print_model_results(results, how, as_json)


Results = dict[str, tuple["ModelMetrics", float]]


def _cross_validate_both(raw: pd.DataFrame, target: np.ndarray, folds: int, seed: int,
                         quiet: bool = False) -> Results:
    from doorstep.screening.model import RawBaseline, cross_validate, escalation_fitter
    from doorstep.screening.model.uci import to_features

    candidates = {BASELINE: (raw, RawBaseline),
                  OURS: (to_features(raw),
                                                              escalation_fitter())}
    results: Results = {}
    with _progress(quiet) as progress:
        for name, (features, fitter) in candidates.items():
            task = progress.add_task(_("CV %(name)s", name=name), total=folds)
            started = time.perf_counter()
            metrics = cross_validate(features, target, fitter, folds=folds, seed=seed,
                                     on_fold=partial(_advance, progress, task))
            results[name] = (metrics, time.perf_counter() - started)
    return results


def _advance(progress: Progress, task: TaskID, _fold: int) -> None:
    progress.advance(task)


def _holdout_both(raw: pd.DataFrame, target: np.ndarray,
                  held: tuple[pd.DataFrame, np.ndarray], seed: int,
                  quiet: bool = False) -> Results:
    from doorstep.screening.model import RawBaseline, escalation_fitter, holdout_evaluate
    from doorstep.screening.model.uci import to_features

    results: Results = {}
    with _out(quiet).status(_("Training and scoring…")):
        started = time.perf_counter()
        baseline = holdout_evaluate(raw, target, held[0], held[1], RawBaseline, seed=seed)
        results[BASELINE] = (
            baseline, time.perf_counter() - started)
        started = time.perf_counter()
        ours = holdout_evaluate(to_features(raw), target, to_features(held[0]), held[1],
                                escalation_fitter(), seed=seed)
        results[OURS] = (ours, time.perf_counter() - started)
    return results


def _print_model_results(results: Results, how: str, as_json: bool = False) -> None:
    """The AUC table of both models and the calibration deciles of ours (last)."""
    models: list[dict[str, Any]] = [
        {"model": name, "auc": round(m.auc, 4),
         "auc_sd": None if m.auc_sd is None else round(m.auc_sd, 4),
         "brier": round(m.brier, 4), "n": m.n, "seconds": round(seconds)}
        for name, (m, seconds) in results.items()]
    name, (ours, _raw) = list(results.items())[-1]
    deciles: list[dict[str, Any]] = [
        {"decile": b.decile, "n": b.n, "mean_predicted": round(b.mean_predicted, 4),
         "observed_rate": round(b.observed_rate, 4)} for b in ours.calibration]
    if as_json:
        echo_json({"evaluation": how, "models": json_rows(MODEL_COLS, models),
                   "calibration": json_rows(DECILE_COLS, deciles)})
        return
    table = Table(*(_(c.header) for c in MODEL_COLS), title=f"AUC ({how})")
    for name, (m, seconds) in results.items():
        sd = "" if m.auc_sd is None else f"{m.auc_sd:.4f}"
        table.add_row(name, f"{m.auc:.4f}", sd, f"{m.brier:.4f}", str(m.n), f"{seconds:.0f}")
    console.print(table)
    calibration = Table(*(_(c.header) for c in DECILE_COLS),
                        title=_("Calibration table: %(name)s", name=name))
    for b in ours.calibration:
        calibration.add_row(str(b.decile), str(b.n), f"{b.mean_predicted:.4f}",
                            f"{b.observed_rate:.4f}")
    console.print(calibration)
