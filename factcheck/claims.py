"""The ``Claim`` record and stable claim IDs."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .details import Detail, claim_kind, find_details, said_by, source_hints
from .segment import Sentence

# Typographic variants an editor's software swaps in and out; folded so the ID survives.
ASCII_FOLDS = str.maketrans(
    {
        "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'",
        "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
        "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-",
        "…": "...",
    }
)


def normalise_sentence(text: str) -> str:
    """NFKC, curly quotes and dashes folded to ASCII, whitespace collapsed, stripped."""
    return " ".join(unicodedata.normalize("NFKC", text).translate(ASCII_FOLDS).split())


def claim_ids(texts: Iterable[str]) -> list[str]:
    """``C`` + 10 hex digits of SHA-256 of each normalised text; repeats get ``-2``, ``-3``…"""
    seen: dict[str, int] = {}
    ids = []
    for text in texts:
        base = "C" + hashlib.sha256(normalise_sentence(text).encode("utf-8")).hexdigest()[:10]
        seen[base] = seen.get(base, 0) + 1
        ids.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return ids


@dataclass(frozen=True, slots=True)
class Claim:
    """A scored sentence with what a reviewer needs to check it."""

    claim_id: str
    sentence: Sentence
    score: float
    details: tuple[Detail, ...]
    kind: str
    said_by: str
    suggested_sources: tuple[str, ...]

    @property
    def text(self) -> str:
        """The sentence on one line, as the reviewer reads it."""
        return self.sentence.plain_text


def annotate(
    sentences: Sequence[Sentence],
    scores: Sequence[float],
    nearby_sources: Sequence[Sequence[str]] | None = None,
) -> list[Claim]:
    """A ``Claim`` for every scored sentence, IDs assigned in text order.

    ``nearby_sources`` gives, per sentence, source hints from around it (URL lines after its
    paragraph, say) that the sentence itself does not contain.
    """
    nearby_sources = nearby_sources or [()] * len(sentences)
    claims = []
    for sentence, score, claim_id, nearby in zip(sentences, scores, claim_ids(s.plain_text for s in sentences), nearby_sources):
        text = sentence.plain_text
        details = find_details(text)
        claims.append(
            Claim(
                claim_id=claim_id,
                sentence=sentence,
                score=score,
                details=details,
                kind=claim_kind(text, details),
                said_by=said_by(text),
                suggested_sources=tuple(dict.fromkeys([*source_hints(text), *nearby])),
            )
        )
    return claims
