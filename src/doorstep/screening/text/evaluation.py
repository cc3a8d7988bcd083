"""Measuring a detector on any labelled CSV (label 0 = negative = dissatisfied)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from doorstep.core.errors import ValidationFailed
from doorstep.core.i18n import N_, Msg, codes
from doorstep.screening.text.detector import DissatisfactionDetector, TextMetrics, load_detector
from doorstep.screening.text.tokenize import has_words, normalise

codes({"screening.unknown_column": N_("Unknown column: %(detail)s")})


class UnknownColumn(ValidationFailed):
    """A column the caller named is not in the file; the message lists the available ones."""

    code = "screening.unknown_column"

    def __init__(self, column: str, available: list[str], path: Path) -> None:
        self.column, self.available = column, available
        listed = ", ".join(available) or Msg(N_("(none)"))
        super().__init__(N_("%(file)s has no column %(column)s; available: %(listed)s"),
                         file=path.name, column=repr(column), listed=listed)


@dataclass(frozen=True)
class CsvEvaluation:
    """Metrics on the scored rows and how many rows were skipped, and why."""

    metrics: TextMetrics
    rows: int
    skipped_empty: int
    skipped_no_words: int


def read_labelled(path: Path, text_column: str, label_column: str) -> tuple[pd.Series, ...]:
    """Read texts and labels (0 dissatisfied, 1 not); blank rows come back as empty strings.

    Raises
    ------
    UnknownColumn
        If a named column is missing.
    ValidationFailed
        If the file cannot be read or a non-blank label is not 0 or 1.
    """
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise ValidationFailed(N_("cannot read %(path)s: %(error)s"), path=str(path),
                               error=str(exc)) from exc
    for column in (text_column, label_column):
        if column not in frame.columns:
            raise UnknownColumn(column, [str(c) for c in frame.columns], path)
    labels = frame[label_column].str.strip()
    bad = ~labels.isin(["", "0", "1", "0.0", "1.0"])
    if bad.any():
        row = int(bad.to_numpy().argmax())
        raise ValidationFailed(N_("line %(line)s: label must be 0 or 1, got %(label)s"),
                               line=row + 2, label=repr(labels.iloc[row]))
    return frame[text_column], labels


def evaluate_csv(path: Path, text_column: str, label_column: str,
                 detector: DissatisfactionDetector | None = None) -> CsvEvaluation:
    """Accuracy and F1 (dissatisfied class) of a detector on a labelled CSV.

    Parameters
    ----------
    path : Path
        The CSV file.
    text_column, label_column : str
        Column names; label 0 means negative (dissatisfied), 1 positive.
    detector : DissatisfactionDetector, optional
        Defaults to the shipped detector.

    Returns
    -------
    CsvEvaluation
        Rows with a blank text or label are skipped and counted, as are texts without words.
    """
    texts, labels = read_labelled(path, text_column, label_column)
    cleaned = texts.map(normalise)
    blank = (cleaned == "") | (labels == "")
    wordless = ~blank & ~cleaned.map(has_words)
    keep = ~blank & ~wordless
    if not keep.any():
        raise ValidationFailed(N_("%(file)s: no rows to evaluate"), file=path.name)
    scores = (detector or load_detector()).score_many(list(cleaned[keep]))
    truth = labels[keep].astype(float) == 0
    predicted = [s.dissatisfaction >= 0.5 for s in scores]
    return CsvEvaluation(TextMetrics.compute(truth.tolist(), predicted), int(keep.sum()),
                         int(blank.sum()), int(wordless.sum()))
