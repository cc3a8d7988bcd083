"""`doorstep screening ...`: evaluate on the UCI data, evaluate-detector, train-detector, bad
input."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from doorstep.cli.screening import app
from doorstep.screening.model.uci import RAW_FEATURES, TARGET, read_uci_csv, to_features

DEFAULT_SHARED = Path(__file__).resolve().parents[4] / "shared" / "data"
SHARED = Path(os.environ.get("DOORSTEP_SHARED_DATA", DEFAULT_SHARED))
UCI = SHARED / "uci_credit_card_default" / "credit_card_default.csv"
runner = CliRunner()


@pytest.fixture(scope="module")
def uci_slice(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first 3,000 rows of the shared UCI file, read at test time (never kept in the repo)."""
    if not UCI.is_file():
        pytest.skip(f"shared data set not found: {UCI}")
    path = tmp_path_factory.mktemp("uci") / "slice.csv"
    pd.read_csv(UCI, nrows=3000).to_csv(path, index=False)
    return path


def test_evaluate_reports_cross_validated_auc_for_baseline_and_ours(uci_slice: Path) -> None:
    """On 3,000 real rows both models get a fold-averaged AUC, a Brier score and deciles (read
    from ``--json``: the table's layout depends on the terminal's width)."""
    result = runner.invoke(app, ["evaluate", "--csv", str(uci_slice), "--folds", "3", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["evaluation"] == "3-fold CV" and len(report["calibration"]) == 10
    models = report["models"]
    assert [m["model"].split(" ")[0] for m in models] == ["baseline", "ours"]
    assert all(0.65 < m["auc"] < 0.9 and 0.1 < m["brier"] < 0.2 and m["n"] == 3000
               for m in models)


def test_evaluate_trains_on_one_file_and_scores_a_holdout(uci_slice: Path,
                                                         tmp_path: Path) -> None:
    """With --holdout-csv the models train on the first file and are scored on the second."""
    data = pd.read_csv(uci_slice)
    train, holdout = tmp_path / "train.csv", tmp_path / "holdout.csv"
    data.iloc[:2000].to_csv(train, index=False)
    data.iloc[2000:].to_csv(holdout, index=False)
    result = runner.invoke(app, ["evaluate", "--csv", str(train), "--holdout-csv", str(holdout)])
    assert result.exit_code == 0, result.output
    assert "holdout" in result.output and re.search(r"ours \(.*│ 0\.\d{4} │", result.output)
    assert "│ 1000 │" in result.output


def test_evaluate_names_missing_columns_and_exits_2(uci_slice: Path, tmp_path: Path) -> None:
    """A file without required columns exits 2 and names every missing column."""
    path = tmp_path / "partial.csv"
    pd.read_csv(uci_slice, nrows=50).drop(columns=["PAY_0", "BILL_AMT3"]).to_csv(path, index=False)
    result = runner.invoke(app, ["evaluate", "--csv", str(path)])
    assert result.exit_code == 2
    assert "PAY_0" in result.output and "BILL_AMT3" in result.output


def test_evaluate_refuses_non_numeric_garbage(uci_slice: Path, tmp_path: Path) -> None:
    """A non-numeric cell exits 2 naming the column and the row."""
    data = pd.read_csv(uci_slice, nrows=50).astype({"LIMIT_BAL": object})
    data.loc[9, "LIMIT_BAL"] = "一万"
    path = tmp_path / "garbage.csv"
    data.to_csv(path, index=False)
    result = runner.invoke(app, ["evaluate", "--csv", str(path)])
    assert result.exit_code == 2 and "'LIMIT_BAL' 第 10 行" in result.output


def test_uci_columns_map_onto_our_features(tmp_path: Path) -> None:
    """Months late become days past due; bills over limit become utilisation; payments ratios."""
    row = dict.fromkeys(RAW_FEATURES, 0) | {"LIMIT_BAL": 10_000, "AGE": 40, "PAY_0": 2,
                                            "PAY_2": 1, "PAY_3": 0, "BILL_AMT1": 9_000,
                                            "BILL_AMT2": 8_000, "PAY_AMT1": 2_000}
    path = tmp_path / "one.csv"
    pd.DataFrame([row, row | {TARGET: 1}]).fillna({TARGET: 0}).to_csv(path, index=False)
    raw, target = read_uci_csv(path)
    features = to_features(raw).iloc[0]
    assert list(target) == [0, 1]
    assert features["days_past_due"] == 60 and features["days_past_due_m1"] == 30
    assert features["max_days_past_due_6m"] == 60 and features["months_delinquent_6m"] == 2
    assert features["roll_forward_count"] == 2 and features["months_since_delinquent"] == 0
    assert features["utilisation"] == pytest.approx(0.9)
    assert features["payment_ratio_last"] == pytest.approx(0.25)
    assert features["overdue_amount"] == 6_000 and features["delinquency_trend"] == 30
    assert not np.isnan(to_features(raw).to_numpy()).any()


def _labelled_csv(path: Path) -> Path:
    pd.DataFrame({"评论": ["等了两个小时还没送到，太差了，再也不点了", "味道很好，送餐很快，好评！",
                           "", "房间干净，服务热情", "。。。", "客服态度恶劣，投诉无门"],
                  "标签": [0, 1, 0, 1, 0, ""]}).to_csv(path, index=False)
    return path


def test_text_eval_reports_accuracy_f1_and_skipped_rows(tmp_path: Path) -> None:
    """evaluate-detector scores the usable rows and counts blank rows and rows without words."""
    path = _labelled_csv(tmp_path / "reviews.csv")
    result = runner.invoke(app, ["evaluate-detector", "--csv", str(path), "--text-column", "评论",
                                 "--label-column", "标签"])
    assert result.exit_code == 0, result.output
    assert re.search(r"│ 3\s+│ 1\.0000\s+│ 1\.0000\s+│ 1\.0000\s+│ 1\.0000", result.output)
    assert "skipped empty rows: 2" in result.output
    assert "skipped rows without words: 1" in result.output


def test_text_eval_names_an_unknown_column_and_exits_2(tmp_path: Path) -> None:
    """An unknown column exits 2, naming it and listing the available columns."""
    path = _labelled_csv(tmp_path / "reviews.csv")
    result = runner.invoke(app, ["evaluate-detector", "--csv", str(path), "--text-column", "review",
                                 "--label-column", "标签"])
    assert result.exit_code == 2
    assert "'review'" in result.output and "评论, 标签" in result.output


def test_text_eval_refuses_labels_other_than_0_or_1(tmp_path: Path) -> None:
    """A label outside 0/1 exits 2 naming its line."""
    path = tmp_path / "bad.csv"
    pd.DataFrame({"t": ["太差了", "很好"], "y": [0, "positive"]}).to_csv(path, index=False)
    result = runner.invoke(app, ["evaluate-detector", "--csv", str(path), "--text-column", "t",
                                 "--label-column", "y"])
    assert result.exit_code == 2 and "第 3 行" in result.output


def test_text_train_writes_a_model_and_prints_metrics(review_corpus: Path) -> None:
    """train-detector with a seed trains on a folder, writes the model and prints test metrics."""
    out = review_corpus / "detector.joblib"
    result = runner.invoke(app, ["train-detector", "--seed", "3", "--data-dir", str(review_corpus),
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.is_file() and "held-out test split (seed 3)" in result.output
    assert "dissatisfied class" in result.output
    # The row label may wrap in a narrow terminal (COLUMNS=60): its words, not its line.
    assert "all," in result.output and "strong" in result.output


def test_the_screening_tables_print_json_with_their_columns(uci_slice: Path,
                                                            review_corpus: Path) -> None:
    """With --json the metric, AUC and calibration tables are JSON with the tables' columns."""
    reviews = _labelled_csv(review_corpus / "labelled.csv")
    scored = runner.invoke(app, ["evaluate-detector", "--csv", str(reviews), "--text-column",
                                 "评论", "--label-column", "标签", "--json"])
    assert scored.exit_code == 0, scored.output
    assert json.loads(scored.stdout) == [{"n": 3, "accuracy": 1.0, "precision": 1.0,
                                          "recall": 1.0, "f1": 1.0}]
    trained = runner.invoke(app, ["train-detector", "--seed", "3", "--data-dir",
                                  str(review_corpus), "--out", str(review_corpus / "d.joblib"),
                                  "--json"])
    assert trained.exit_code == 0, trained.output
    rows = json.loads(trained.stdout)
    assert rows[0]["rows"] == "all, score ≥ 0.5" and 0 <= rows[0]["f1"] <= 1
    assert all(set(r) == {"rows", "n", "accuracy", "precision", "recall", "f1"} for r in rows)
    models = runner.invoke(app, ["evaluate", "--csv", str(uci_slice), "--folds", "2", "--json"])
    assert models.exit_code == 0, models.output
    got = json.loads(models.stdout)
    assert got["evaluation"] == "2-fold CV" and [m["model"] for m in got["models"]] == [
        "baseline (raw columns, HistGB)", "ours (our features, LightGBM+isotonic)"]
    assert all(0.6 < m["auc"] < 0.9 and m["n"] == 3000 for m in got["models"])
    assert [d["decile"] for d in got["calibration"]][:2] == [1, 2]
    assert set(got["calibration"][0]) == {"decile", "n", "mean_predicted", "observed_rate"}
