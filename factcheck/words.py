"""English words, for telling a hyphen at a line's end that splits a word from one that joins two.

The words are the whole lower-case words of the shipped sentence encoder's vocabulary
(models/claim-matcher: all-MiniLM-L6-v2, whose WordPiece vocabulary is BERT's uncased one),
about 22,000 of them, shipped already and read offline.
"""

from __future__ import annotations

import json
from functools import cache

from .scorer import SHIPPED_MATCHER


@cache
def english_words() -> frozenset[str]:
    """The words; none where the vocabulary cannot be read (a model folder taken out)."""
    try:
        vocabulary = json.loads((SHIPPED_MATCHER / "tokenizer.json").read_text(encoding="utf-8"))["model"]["vocab"]
    except (OSError, ValueError, KeyError, TypeError):
        return frozenset()
    return frozenset(word for word in vocabulary if word.isalpha() and word.islower())
