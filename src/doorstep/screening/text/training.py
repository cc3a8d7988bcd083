"""Training the dissatisfaction detector on labelled Chinese reviews, with a seeded split.

The corpus (``label,review`` CSVs, label 0 = negative = dissatisfied) is cleaned, de-duplicated
and split 70/15/15 into train, validation and test, stratified by corpus and label. The model
learns on train; the strong-dissatisfaction threshold is the lowest score whose precision on the
validation split reaches ``target_precision``; the test split is touched once, for the report.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import precision_recall_curve
from sklearn.model_selection import train_test_split
from sklearn.pipeline import FeatureUnion, Pipeline

from doorstep.core.errors import ValidationFailed
from doorstep.core.i18n import N_
from doorstep.screening.text.detector import DissatisfactionDetector, TextMetrics
from doorstep.screening.text.tokenize import has_words, normalise, tokenize


@dataclass(frozen=True)
class TrainingParams:
    """Hyper-parameters of the detector; the defaults produce the shipped model."""

    c: float = 3.0
    min_df: int = 3
    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] = (1, 3)
    validation_share: float = 0.15
    test_share: float = 0.15
    target_precision: float = 0.95

    def __post_init__(self) -> None:
        if self.c <= 0 or self.min_df < 1:
            raise ValidationFailed(N_("c must be > 0 and min_df ≥ 1"))
        if not 0 < self.validation_share + self.test_share < 0.8:
            raise ValidationFailed(N_("bad validation/test shares"))
        if not 0.5 < self.target_precision < 1:
            raise ValidationFailed(N_("target_precision must be in (0.5, 1)"))


def load_corpora(data_dir: Path) -> tuple[pd.DataFrame, dict[str, int]]:
    """Read every ``label,review`` CSV in ``data_dir`` into one clean, de-duplicated frame.

    Parameters
    ----------
    data_dir : Path
        Folder of CSVs; a file without ``label`` and ``review`` columns is ignored.

    Returns
    -------
    DataFrame
        Columns ``text`` (normalised), ``dissatisfied`` (label 0) and ``corpus`` (file stem).
    dict
        Counts of dropped rows: ``empty`` (blank or wordless), ``duplicates``, ``conflicting``.
    """
    frames = []
    for path in sorted(data_dir.glob("*.csv")):
        frame = pd.read_csv(path, dtype={"review": str})
        if {"label", "review"} <= set(frame.columns):
            frames.append(pd.DataFrame({"text": frame["review"].fillna("").map(normalise),
                                        "dissatisfied": frame["label"] == 0,
                                        "corpus": path.stem}))
    if not frames:
        raise ValidationFailed(N_("%(dir)s holds no label,review CSV"), dir=str(data_dir))
    data = pd.concat(frames, ignore_index=True)
    usable = data["text"].map(has_words)
    labels_per_text = data[usable].groupby("text")["dissatisfied"].transform("nunique")
    clean = data[usable][labels_per_text == 1]
    deduplicated = clean.drop_duplicates("text").reset_index(drop=True)
    dropped = {"empty": int((~usable).sum()), "conflicting": int((labels_per_text > 1).sum()),
               "duplicates": len(clean) - len(deduplicated)}
    return deduplicated, dropped


def build_pipeline(params: TrainingParams, seed: int) -> Pipeline:
    """TF-IDF over jieba words and character n-grams, then logistic regression."""
    common: dict[str, Any] = {"preprocessor": normalise, "min_df": params.min_df,
                              "sublinear_tf": True, "dtype": np.float32}
    words = TfidfVectorizer(tokenizer=tokenize, token_pattern=None,
                            ngram_range=params.word_ngrams, **common)
    chars = TfidfVectorizer(analyzer="char", ngram_range=params.char_ngrams, **common)
    classifier = LogisticRegression(C=params.c, max_iter=3000, random_state=seed)
    return Pipeline([("features", FeatureUnion([("words", words), ("chars", chars)])),
                     ("classifier", classifier)])


def choose_threshold(dissatisfied: np.ndarray, scores: np.ndarray, target: float) -> float:
    """The lowest score threshold whose precision for dissatisfaction reaches ``target``.

    Parameters
    ----------
    dissatisfied : ndarray of bool
        Validation truth.
    scores : ndarray of float
        Validation scores.
    target : float
        Required precision, e.g. 0.95.

    Returns
    -------
    float
        The threshold (at least 0.5, so a strong flag is always also a dissatisfied call).
    """
    precision, _, thresholds = precision_recall_curve(dissatisfied, scores)
    reaching = np.flatnonzero(precision[:-1] >= target)
    if reaching.size == 0:
        raise ValidationFailed(N_("precision %(target)s unreachable on the validation set"),
                               target=target)
    return round(max(float(thresholds[reaching[0]]), 0.5), 4)


def split(data: pd.DataFrame, params: TrainingParams, seed: int) -> tuple[pd.DataFrame, ...]:
    """Seeded train / validation / test split, stratified by corpus and label."""
    strata = data["corpus"] + data["dissatisfied"].astype(str)
    rest, test = train_test_split(data, test_size=params.test_share, random_state=seed,
                                  stratify=strata)
    share = params.validation_share / (1 - params.test_share)
    train, validation = train_test_split(rest, test_size=share, random_state=seed,
                                         stratify=strata[rest.index])
    return train, validation, test


def train_detector(data: pd.DataFrame, params: TrainingParams, seed: int,
                   dropped: dict[str, int] | None = None) -> DissatisfactionDetector:
    """Fit the detector, choose its threshold on validation data and report on test data.

    Parameters
    ----------
    data : DataFrame
        Output of :func:`load_corpora`.
    params : TrainingParams
        Hyper-parameters.
    seed : int
        Seed of the split and the classifier.
    dropped : dict, optional
        Cleaning counts to record in the report.

    Returns
    -------
    DissatisfactionDetector
        With ``report`` holding the split sizes, threshold and test metrics (overall and per
        corpus, at 0.5 and for the strong flag).
    """
    train, validation, test = split(data, params, seed)
    pipeline = build_pipeline(params, seed).fit(train["text"], train["dissatisfied"])
    val_scores = pipeline.predict_proba(validation["text"])[:, 1]
    threshold = choose_threshold(validation["dissatisfied"].to_numpy(), val_scores,
                                 params.target_precision)
    test_scores = pipeline.predict_proba(test["text"])[:, 1]
    report = {"seed": seed, "params": asdict(params), "dropped": dropped or {},
              "sizes": {"train": len(train), "validation": len(validation), "test": len(test)},
              "threshold": threshold, "versions": _versions(),
              **_test_metrics(test, test_scores, threshold)}
    return DissatisfactionDetector(pipeline, threshold, report)


def _test_metrics(test: pd.DataFrame, scores: np.ndarray, threshold: float) -> dict[str, Any]:
    truth = test["dissatisfied"].to_numpy()
    by_corpus = {
        str(name): TextMetrics.compute(truth[mask], scores[mask] >= 0.5).to_dict()
        for name in sorted(test["corpus"].unique())
        for mask in [(test["corpus"] == name).to_numpy()]
    }
    return {"test": TextMetrics.compute(truth, scores >= 0.5).to_dict(),
            "test_strong": TextMetrics.compute(truth, scores >= threshold).to_dict(),
            "test_by_corpus": by_corpus}


def _versions() -> dict[str, str]:
    return {name: version(name) for name in ("scikit-learn", "jieba", "numpy")}
