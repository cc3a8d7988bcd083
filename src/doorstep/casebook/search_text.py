"""Chinese text prepared for full-text search: jieba words stored space-separated.

SQLite's FTS5 (unicode61) and PostgreSQL's ``to_tsvector('simple', ...)`` both split on the
spaces, so both backends index the same words and a query means the same on each: every
word of the query must occur; results are ranked by BM25 (SQLite) or ``ts_rank`` (PostgreSQL).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from doorstep.core.errors import ValidationFailed
from doorstep.core.i18n import N_
from doorstep.screening.text.tokenize import _tokenizer, has_words, normalise

#: Words too common to search for.
STOP_WORDS = frozenset((Path(__file__).with_name("stop_words.txt"))
                       .read_text(encoding="utf-8").split())
_WORD = re.compile(r"[\w]+")
MAX_TERMS = 12


def words(text: str) -> list[str]:
    """jieba search-mode words of ``text``: long words and their shorter parts."""
    out = []
    for word in _tokenizer().lcut_for_search(normalise(text)):
        for part in _WORD.findall(word):
            if part not in STOP_WORDS and (has_words(part) or part.isdigit()):
                out.append(part)
    return out


def index_text(parts: Iterable[str]) -> str:
    """The words of all ``parts``, space-separated, as stored for the search index."""
    return " ".join(w for part in parts for w in words(part))


def query_terms(query: str) -> list[str]:
    """The distinct words of a query (all must match); ``ValidationFailed`` if none."""
    terms = list(dict.fromkeys(words(query)))[:MAX_TERMS]
    if not terms:
        raise ValidationFailed(N_("Enter the words to search for"))
    return terms


def fts5_match(terms: list[str]) -> str:
    """An FTS5 MATCH expression: each term quoted, all required."""
    return " ".join('"' + t.replace('"', '""') + '"' for t in terms)
