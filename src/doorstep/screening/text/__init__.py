"""Chinese dissatisfaction detection for complaint and feedback text.

``load_detector().score`` gives a score in [0, 1] and a
``strong_dissatisfaction`` flag. The model ships as ``detector.joblib`` and is rebuilt with
``doorstep screening train-detector --seed 7`` (see ``docs/screening.md``).
"""

from doorstep.screening.text.detector import (
    MODEL_PATH,
    DissatisfactionDetector,
    TextMetrics,
    TextScore,
    load_detector,
)
from doorstep.screening.text.evaluation import CsvEvaluation, UnknownColumn, evaluate_csv
from doorstep.screening.text.tokenize import keywords, normalise, tokenize, validate_text
from doorstep.screening.text.training import TrainingParams, load_corpora, train_detector

__all__ = [
    "MODEL_PATH",
    "CsvEvaluation",
    "DissatisfactionDetector",
    "TextMetrics",
    "TextScore",
    "TrainingParams",
    "UnknownColumn",
    "evaluate_csv",
    "keywords",
    "load_corpora",
    "load_detector",
    "normalise",
    "tokenize",
    "train_detector",
    "validate_text",
]
