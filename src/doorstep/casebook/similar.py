"""Similar published case studies for an open case: words and facts together (pure).

Text similarity is the cosine of TF-IDF vectors over jieba words (the case's complaints and
visit findings against each study's text); feature similarity weighs business line, case
type, amount band and days-past-due band. The score mixes both, text first.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from doorstep.core.i18n import N_, _

FEATURE_WEIGHTS = {"business_line": 0.3, "case_type": 0.4, "amount_band": 0.15,
                   "dpd_band": 0.15}
FEATURE_LABELS = {"business_line": N_("same business line"),
                  "case_type": N_("same case type"),
                  "amount_band": N_("same amount band"),
                  "dpd_band": N_("same days-past-due band")}
TEXT_WEIGHT = 0.6


@dataclass(frozen=True)
class Profile:
    """A case or a case study as compared: its words and its four facts."""

    key: int
    words: tuple[str, ...]
    business_line: str
    case_type: str
    amount_band: str
    dpd_band: str


@dataclass(frozen=True)
class Match:
    """A suggested study: overall score (0–1), its two parts and why it was chosen."""

    key: int
    score: float
    text_score: float
    feature_score: float
    reasons: tuple[str, ...]


def _vectors(docs: list[tuple[str, ...]]) -> list[dict[str, float]]:
    """Smoothed TF-IDF, each vector of unit length."""
    df: Counter[str] = Counter()
    for d in docs:
        df.update(set(d))
    n = len(docs)
    out = []
    for d in docs:
        tf = Counter(d)
        v = {w: c * (math.log((1 + n) / (1 + df[w])) + 1) for w, c in tf.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        out.append({w: x / norm for w, x in v.items()})
    return out


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    small, big = (a, b) if len(a) <= len(b) else (b, a)
    return sum(x * big.get(w, 0.0) for w, x in small.items())


def _features(a: Profile, b: Profile) -> tuple[float, tuple[str, ...]]:
    same = [f for f in FEATURE_WEIGHTS if getattr(a, f) and getattr(a, f) == getattr(b, f)]
    return sum(FEATURE_WEIGHTS[f] for f in same), tuple(_(FEATURE_LABELS[f]) for f in same)


def similar(target: Profile, candidates: list[Profile], top: int = 5,
            minimum: float = 0.05) -> list[Match]:
    """The ``top`` candidates most like ``target``, best first (ties: lower key first).

    Parameters
    ----------
    target : Profile
        The open case.
    candidates : list of Profile
        Published case studies.
    top : int, default 5
        How many to return.
    minimum : float, default 0.05
        Scores below this are not suggested.

    Returns
    -------
    list of Match
    """
    if top < 1:
        raise ValueError("top must be ≥ 1")
    vectors = _vectors([target.words] + [c.words for c in candidates])
    matches = []
    for cand, vec in zip(candidates, vectors[1:], strict=True):
        text = _cosine(vectors[0], vec)
        feature, reasons = _features(target, cand)
        score = TEXT_WEIGHT * text + (1 - TEXT_WEIGHT) * feature
        if score >= minimum:
            matches.append(Match(cand.key, round(score, 4), round(text, 4), round(feature, 4),
                                 reasons))
    matches.sort(key=lambda m: (-m.score, m.key))
    return matches[:top]
