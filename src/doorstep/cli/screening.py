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

from doorstep.core.errors import DoorstepError, ValidationFailed
from doorstep.core.i18n import translate

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from doorstep.screening.model.metrics import ModelMetrics

app = typer.Typer(help="客户筛选 / customer screening", no_args_is_help=True)
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
        message = translate(exc.code, "zh-CN", detail=exc.detail, **exc.params)
        err_console.print(f"[red]错误 / error[/red] {message}", highlight=False)
        raise typer.Exit(2 if isinstance(exc, ValidationFailed) else 1) from None


def _progress() -> Progress:
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                    TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(),
                    console=console, transient=True)


@app.command("text-train")
def text_train(
    seed: int = typer.Option(7, help="Seed of the split and the classifier"),
    data_dir: Path = typer.Option(DEFAULT_TEXT_DATA, help="Folder of label,review CSVs"),
    out: Path | None = typer.Option(None, help="Model file; default: the one in the package"),
    target_precision: float = typer.Option(0.95, help="Precision of the strong flag"),
) -> None:
    """Train the Chinese dissatisfaction detector and print its held-out metrics."""
    from doorstep.screening.text import MODEL_PATH, TrainingParams, load_corpora, train_detector
    from doorstep.screening.text.detector import clear_cache

    started = time.perf_counter()
    with _user_errors(), _progress() as progress:
        task = progress.add_task("读取语料 / reading corpora", total=3)
        params = TrainingParams(target_precision=target_precision)
        data, dropped = load_corpora(data_dir)
        progress.update(task, advance=1, description=f"训练 / training on {len(data)} texts")
        detector = train_detector(data, params, seed, dropped)
        progress.update(task, advance=1, description="保存 / saving")
        size = detector.save(out or MODEL_PATH)
        clear_cache()
        progress.update(task, advance=1)
    _print_text_report(detector.report)
    console.print(f"模型已写入 / model written to {out or MODEL_PATH} ({size / 1e6:.2f} MB, "
                  f"{time.perf_counter() - started:.0f} s)")


def _print_text_report(report: dict[str, Any]) -> None:
    table = Table("test rows", "n", "accuracy", "precision", "recall", "F1",
                  title=f"留出测试集 / held-out test split (seed {report['seed']}); "
                        "precision/recall/F1 of the dissatisfied class")
    rows = {"all, score ≥ 0.5": report["test"],
            f"all, strong ≥ {report['threshold']}": report["test_strong"]}
    rows |= {str(name): m for name, m in report["test_by_corpus"].items()}
    for name, m in rows.items():
        table.add_row(name, str(m["n"]), *(f"{m[k]:.4f}" for k in
                                           ("accuracy", "precision", "recall", "f1")))
    console.print(table)
    console.print(f"划分 / sizes: {report['sizes']}; 清洗 / dropped: {report['dropped']}")


@app.command("text-eval")
def text_eval(
    csv: Path = typer.Option(..., "--csv", help="Labelled CSV file"),
    text_column: str = typer.Option(..., help="Column holding the text"),
    label_column: str = typer.Option(..., help="Column holding the label (0 = negative)"),
    model: Path | None = typer.Option(None, help="Model file; default: the shipped detector"),
) -> None:
    """Accuracy and F1 (dissatisfied class) of the detector on a labelled CSV."""
    from doorstep.screening.text import evaluate_csv, load_detector

    with _user_errors(), console.status("评估中 / scoring…"):
        result = evaluate_csv(csv, text_column, label_column, load_detector(model))
    m = result.metrics
    table = Table("rows", "accuracy", "precision", "recall", "F1 (dissatisfied)",
                  title=f"{csv.name}: 文本不满检测 / dissatisfaction detector")
    table.add_row(str(m.n), f"{m.accuracy:.4f}", f"{m.precision:.4f}", f"{m.recall:.4f}",
                  f"{m.f1:.4f}")
    console.print(table)
    console.print(f"跳过空行 / skipped empty rows: {result.skipped_empty}; "
                  f"跳过无文字行 / skipped rows without words: {result.skipped_no_words}")


@app.command("evaluate")
def evaluate(
    csv: Path = typer.Option(..., "--csv", help="UCI credit-card default CSV (training data)"),
    holdout_csv: Path | None = typer.Option(None, help="Train on --csv, measure on this file"),
    folds: int = typer.Option(5, min=2, max=20, help="Cross-validation folds"),
    seed: int = typer.Option(7, help="Seed of folds and models"),
) -> None:
    """Prove the escalation model on the UCI data: our features vs a raw-column baseline."""
    from doorstep.screening.model.uci import read_uci_csv, to_features

    with _user_errors():
        raw, target = read_uci_csv(csv)
        held = read_uci_csv(holdout_csv) if holdout_csv else None
        ours = len(to_features(raw.head(1)).columns)
        console.print(f"{csv.name}: {len(raw)} 行 / rows, 违约率 / default rate "
                      f"{target.mean():.3f}; 特征 / features: {ours} (ours), {raw.shape[1]} (raw)")
        if held is None:
            results = _cross_validate_both(raw, target, folds, seed)
        else:
            results = _holdout_both(raw, target, held, seed)
    _print_model_results(results, f"{folds}-fold CV" if held is None else f"holdout {holdout_csv}")


Results = dict[str, tuple["ModelMetrics", float]]


def _cross_validate_both(raw: pd.DataFrame, target: np.ndarray, folds: int, seed: int) -> Results:
    from doorstep.screening.model import RawBaseline, cross_validate, escalation_fitter
    from doorstep.screening.model.uci import to_features

    candidates = {BASELINE: (raw, RawBaseline),
                  OURS: (to_features(raw),
                                                              escalation_fitter())}
    results: Results = {}
    with _progress() as progress:
        for name, (features, fitter) in candidates.items():
            task = progress.add_task(f"交叉验证 / CV {name}", total=folds)
            started = time.perf_counter()
            metrics = cross_validate(features, target, fitter, folds=folds, seed=seed,
                                     on_fold=partial(_advance, progress, task))
            results[name] = (metrics, time.perf_counter() - started)
    return results


def _advance(progress: Progress, task: TaskID, _fold: int) -> None:
    progress.advance(task)


def _holdout_both(raw: pd.DataFrame, target: np.ndarray,
                  held: tuple[pd.DataFrame, np.ndarray], seed: int) -> Results:
    from doorstep.screening.model import RawBaseline, escalation_fitter, holdout_evaluate
    from doorstep.screening.model.uci import to_features

    results: Results = {}
    with console.status("训练并评估 / training and scoring…"):
        started = time.perf_counter()
        baseline = holdout_evaluate(raw, target, held[0], held[1], RawBaseline, seed=seed)
        results[BASELINE] = (
            baseline, time.perf_counter() - started)
        started = time.perf_counter()
        ours = holdout_evaluate(to_features(raw), target, to_features(held[0]), held[1],
                                escalation_fitter(), seed=seed)
        results[OURS] = (ours, time.perf_counter() - started)
    return results


def _print_model_results(results: Results, how: str) -> None:
    table = Table("模型 / model", "AUC", "± sd", "Brier", "n", "秒 / s", title=f"AUC ({how})")
    for name, (m, seconds) in results.items():
        sd = "" if m.auc_sd is None else f"{m.auc_sd:.4f}"
        table.add_row(name, f"{m.auc:.4f}", sd, f"{m.brier:.4f}", str(m.n), f"{seconds:.0f}")
    console.print(table)
    name, (ours, _) = list(results.items())[-1]
    calibration = Table("decile", "n", "mean predicted", "observed rate",
                        title=f"校准表 / calibration table: {name}")
    for b in ours.calibration:
        calibration.add_row(str(b.decile), str(b.n), f"{b.mean_predicted:.4f}",
                            f"{b.observed_rate:.4f}")
    console.print(calibration)

