"""Satisfaction: survey comments with their dissatisfaction scores and main themes.

Scores come from the screening text detector (``screening.text``); themes are the most
characteristic words of the comments (jieba keywords), overall and among the dissatisfied.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from doorstep.screening.text import keywords

#: A comment scoring at least this is counted as dissatisfied.
DISSATISFIED_AT = 0.5


@dataclass(frozen=True)
class Comment:
    """One answered survey with a comment."""

    survey_id: int
    case_no: str
    answered_at: datetime
    csat: int | None
    nps: int | None
    text: str
    dissatisfaction: float | None


@dataclass(frozen=True)
class Satisfaction:
    """The comments of a period, worst first, and what they talk about."""

    comments: list[Comment]
    dissatisfied: int
    themes: list[tuple[str, float]]
    dissatisfied_themes: list[tuple[str, float]]


def summarise(comments: list[Comment], shown: int = 50, top_k: int = 10) -> Satisfaction:
    """Sort comments by dissatisfaction (highest first) and extract their themes.

    Parameters
    ----------
    comments : list of Comment
        Scored comments (an unscored comment sorts last and is not counted dissatisfied).
    shown : int
        How many comments to keep for display.
    top_k : int
        Keywords per theme list.
    """
    ordered = sorted(comments, key=lambda c: (-(c.dissatisfaction or -1.0), c.survey_id))
    unhappy = [c for c in comments
               if c.dissatisfaction is not None and c.dissatisfaction >= DISSATISFIED_AT]
    texts = [c.text for c in comments if c.text.strip()]
    return Satisfaction(
        ordered[:shown], len(unhappy),
        keywords(texts, top_k) if texts else [],
        keywords([c.text for c in unhappy], top_k) if unhappy else [])
