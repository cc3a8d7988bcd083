"""Normalisation, validation and jieba tokenisation of Chinese text, plus keyword extraction.

Training and scoring share these functions (the trained pipeline refers to them by name), so a
text is cleaned the same way when the model learns and when it scores.
"""

from __future__ import annotations

import logging
import math
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import jieba

from doorstep.core.errors import ValidationFailed
from doorstep.core.i18n import N_

jieba.setLogLevel(logging.WARNING)


@lru_cache(maxsize=1)
def _tokenizer() -> Any:
    """One initialised jieba tokenizer per process (building the prefix dict takes ~1 s)."""
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def normalise(text: str) -> str:
    """NFKC-normalise (full-width to half-width), lower-case and trim a text.

    Parameters
    ----------
    text : str
        Raw text.

    Returns
    -------
    str
        The normalised text.
    """
    return unicodedata.normalize("NFKC", text).lower().strip()


def has_words(text: str) -> bool:
    """Whether ``text`` holds at least one letter (Chinese characters count as letters)."""
    return any(unicodedata.category(char).startswith("L") for char in text)


def validate_text(text: object) -> str:
    """Return the normalised text, or refuse empty, whitespace-only and wordless input.

    Parameters
    ----------
    text : object
        The text to check; anything but a ``str`` is refused.

    Returns
    -------
    str
        The normalised text.

    Raises
    ------
    ValidationFailed
        If the text is not a string, is empty or blank, or has no letters (only punctuation,
        digits or symbols).
    """
    if not isinstance(text, str):
        raise ValidationFailed(N_("text must be a string, got %(type)s"),
                               type=type(text).__name__)
    cleaned = normalise(text)
    if not cleaned:
        raise ValidationFailed(N_("the text is empty"))
    if not has_words(cleaned):
        raise ValidationFailed(N_("the text has no words (only punctuation, digits or symbols): "
                                  "%(text)s"), text=repr(cleaned[:30]))
    return cleaned


def tokenize(text: str) -> list[str]:
    """Split a normalised text into jieba words, dropping whitespace.

    Parameters
    ----------
    text : str
        A text, ideally already passed through :func:`normalise`.

    Returns
    -------
    list of str
        The words in order.
    """
    return [word for word in _tokenizer().lcut(text) if word.strip()]


def keywords(texts: Iterable[str], top_k: int = 10) -> list[tuple[str, float]]:
    """The most characteristic words of a group of texts (e.g. complaints about one branch).

    A word's weight is the number of texts it appears in times its rarity in general Chinese
    (``log(total / frequency)`` from jieba's dictionary, so filler words weigh little); single
    characters and words without letters are ignored, blank texts skipped.
    Ties are broken alphabetically, so the result is deterministic.

    Parameters
    ----------
    texts : iterable of str
        The texts.
    top_k : int, default 10
        How many keywords to return.

    Returns
    -------
    list of (str, float)
        ``(word, weight)`` pairs, heaviest first.
    """
    if top_k < 1:
        raise ValidationFailed(N_("top_k must be ≥ 1, got %(k)s"), k=top_k)
    tokenizer = _tokenizer()
    document_frequency: Counter[str] = Counter()
    for text in texts:
        words = {w for w in tokenize(normalise(text)) if len(w) > 1 and has_words(w)}
        document_frequency.update(words)
    weights = {word: count * math.log(tokenizer.total / (tokenizer.FREQ.get(word, 0) + 1))
               for word, count in document_frequency.items()}
    ranked = sorted(weights.items(), key=lambda item: (-item[1], item[0]))
    return [(word, round(weight, 4)) for word, weight in ranked[:top_k]]
