"""The shipped Chinese dissatisfaction detector: scoring, saving and a cached loader."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import joblib
import numpy as np
from numpy.typing import ArrayLike

from doorstep.core.errors import ConfigurationError, ValidationFailed
from doorstep.core.i18n import N_, Msg
from doorstep.screening.text.tokenize import validate_text

MODEL_PATH = Path(__file__).with_name("detector.joblib")
FORMAT = "doorstep.text-detector/1"
RETRAIN_HINT = "doorstep screening train-detector --seed 7"


@dataclass(frozen=True)
class TextScore:
    """A text's dissatisfaction score in [0, 1] and whether it is strong dissatisfaction."""

    dissatisfaction: float
    strong_dissatisfaction: bool


@dataclass(frozen=True)
class TextMetrics:
    """Accuracy and the dissatisfied (negative, label 0) class's precision, recall and F1."""

    n: int
    accuracy: float
    precision: float
    recall: float
    f1: float

    @classmethod
    def compute(cls, dissatisfied: ArrayLike, predicted: ArrayLike) -> TextMetrics:
        """Metrics of predictions against truth, ``True`` meaning dissatisfied.

        Parameters
        ----------
        dissatisfied : array-like of bool
            True labels (label 0 in the review corpora).
        predicted : array-like of bool
            Predicted labels.

        Returns
        -------
        TextMetrics
        """
        truth, guess = np.asarray(dissatisfied, bool), np.asarray(predicted, bool)
        hits = float(np.sum(truth & guess))
        precision = hits / max(float(guess.sum()), 1.0)
        recall = hits / max(float(truth.sum()), 1.0)
        f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
        accuracy = float(np.mean(truth == guess)) if truth.size else 0.0
        return cls(int(truth.size), round(accuracy, 4), round(precision, 4),
                   round(recall, 4), round(f1, 4))

    def to_dict(self) -> dict[str, float]:
        """A JSON-ready dict."""
        return asdict(self)


class DissatisfactionDetector:
    """TF-IDF (jieba words + character n-grams) and logistic regression, with a threshold.

    Parameters
    ----------
    pipeline : sklearn Pipeline
        Fitted; ``predict_proba(texts)[:, 1]`` is the probability of dissatisfaction.
    threshold : float
        Scores at or above it are strong dissatisfaction (chosen on validation data).
    report : mapping
        How the detector was trained and how it scored on held-out data.
    """

    def __init__(self, pipeline: Any, threshold: float, report: Mapping[str, Any]) -> None:
        if not 0.0 < threshold < 1.0:
            raise ValidationFailed(N_("threshold must be in (0, 1): %(threshold)s"),
                                   threshold=threshold)
        self.pipeline, self.threshold, self.report = pipeline, threshold, dict(report)

    def score(self, text: str) -> TextScore:
        """Score one text; empty or wordless text raises :class:`ValidationFailed`."""
        return self.score_many([text])[0]

    def score_many(self, texts: Sequence[str]) -> list[TextScore]:
        """Score texts in one batch.

        Parameters
        ----------
        texts : sequence of str
            The texts.

        Returns
        -------
        list of TextScore
            One per text, in order.

        Raises
        ------
        ValidationFailed
            On the first empty, wordless or unrecognisable text, naming its position.
        """
        cleaned = [_validated(text, index) for index, text in enumerate(texts)]
        if not cleaned:
            return []
        features = self.pipeline[:-1].transform(cleaned)
        unknown = np.flatnonzero(features.getnnz(axis=1) == 0)
        if unknown.size:
            raise ValidationFailed(N_("text %(n)s has no known words: %(text)s"),
                                   n=int(unknown[0]) + 1, text=repr(cleaned[unknown[0]][:30]))
        scores = self.pipeline[-1].predict_proba(features)[:, 1]
        return [TextScore(round(float(s), 6), bool(s >= self.threshold)) for s in scores]

    def save(self, path: Path) -> int:
        """Write the detector to ``path`` atomically (xz-compressed joblib); returns its size."""
        for _, vectorizer in self.pipeline[0].transformer_list:
            # scikit-learn caches id(stop_words), a memory address; without it, the same seed
            # and data write a byte-identical file (it is recomputed when needed)
            vars(vectorizer).pop("_stop_words_id", None)
        bundle = {"format": FORMAT, "pipeline": self.pipeline,
                  "threshold": self.threshold, "report": self.report}
        partial = path.with_name(path.name + ".partial")
        joblib.dump(bundle, partial, compress=("xz", 6))
        partial.replace(path)  # atomic: a reader never sees half a model
        return path.stat().st_size

    @classmethod
    def load(cls, path: Path) -> DissatisfactionDetector:
        """Read a detector written by :meth:`save` (only load files you trust)."""
        if not path.is_file():
            raise ConfigurationError(N_("model file %(path)s missing, run: %(hint)s"),
                                     path=str(path), hint=RETRAIN_HINT)
        try:
            bundle = joblib.load(path)
        except Exception as exc:  # unpickling garbage can fail in many ways
            raise ConfigurationError(N_("unreadable model %(path)s: %(error)s"), path=str(path),
                                     error=repr(exc)) from exc
        if not isinstance(bundle, dict) or bundle.get("format") != FORMAT:
            raise ConfigurationError(N_("not a text detector file: %(path)s"), path=str(path))
        return cls(bundle["pipeline"], float(bundle["threshold"]), bundle["report"])


def _validated(text: str, index: int) -> str:
    try:
        return validate_text(text)
    except ValidationFailed as exc:
        raise ValidationFailed(N_("text %(n)s: %(problem)s"), n=index + 1,
                               problem=Msg(exc.detail, exc.params)) from exc


@lru_cache(maxsize=4)
def _load_cached(path: str) -> DissatisfactionDetector:
    return DissatisfactionDetector.load(Path(path))


def load_detector(path: Path | None = None) -> DissatisfactionDetector:
    """The detector at ``path`` (default: the one shipped in the package), loaded once.

    Parameters
    ----------
    path : Path, optional
        A model file written by ``doorstep screening train-detector``.

    Returns
    -------
    DissatisfactionDetector
        The same object on every call with the same path.
    """
    return _load_cached(str((path or MODEL_PATH).resolve()))


def clear_cache() -> None:
    """Forget loaded detectors (after retraining, so the next load reads the new file)."""
    _load_cached.cache_clear()
