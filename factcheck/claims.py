"""The ``Claim`` record and stable claim IDs."""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .details import Detail, attributions, claim_kind, find_details, source_hints
from .relative_dates import dates_meant, written_day
from .segment import Sentence, Turn
from .where_to_check import where_to_check_line

if TYPE_CHECKING:
    from .document import PageStart

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
    where_to_check: str = ""
    said_at: str = ""  # where in the recording, for a transcript that gives times
    posted: str = ""  # when, for a post or chat message: "Mar 4", "04/03/2026, 09:14"
    in_chat: bool = False  # posted in a chat, by a sender who may only have forwarded it
    page: int = 0  # the page it begins on, in an article printed on pages (a PDF)
    attachment: str = ""  # the attached file it is in, in an e-mail

    @property
    def text(self) -> str:
        """The sentence on one line, as the reviewer reads it."""
        return self.sentence.plain_text

    def listed_by_score(self, threshold: float) -> bool:
        """Whether its score puts it on Claims: a sentence's does at the threshold; a heading or
        furniture is scored only when a reviewer adds it as a claim, and listed as theirs."""
        return self.sentence.kind == "sentence" and self.score >= threshold


def annotate(
    sentences: Sequence[Sentence],
    scores: Sequence[float],
    nearby_sources: Sequence[Sequence[str]] | None = None,
    where_to_check: Mapping[str, str] | None = None,
    turns: Sequence[Turn] | None = None,
    pages: Sequence[PageStart | None] | None = None,
    published: dt.date | None = None,
) -> list[Claim]:
    """A ``Claim`` for every scored sentence of an article, in text order.

    ``nearby_sources`` gives, per sentence, source hints from around it (URL lines after its
    paragraph, say) that the sentence itself does not contain; ``where_to_check`` maps each
    kind of claim to a hint of where such facts are verified; ``turns`` gives, in a
    transcript, the turn each sentence is in: its speaker, Said by where the sentence names no
    speaker of its own, and the time in the recording it begins (or, for posts, when it was
    posted); ``pages``, in a PDF, the page each sentence begins on, and in an e-mail, the
    attached file it is in. Relative dates ("last month") are read against ``published``, the
    day the article was published, and in a post or chat message against the day it was
    posted, where its date says the day unmistakably.
    """
    texts = [s.plain_text for s in sentences]
    nearby_sources = nearby_sources or [()] * len(sentences)
    where_to_check = where_to_check or {}
    turns = turns or [Turn()] * len(sentences)
    pages = pages or [None] * len(sentences)
    speakers = [
        named or turn.speaker
        for named, turn in zip(attributions(texts, [s.paragraph for s in sentences]), turns, strict=True)
    ]
    claims = []
    for sentence, text, score, claim_id, speaker, nearby, turn, page in zip(sentences, texts, scores, claim_ids(texts), speakers, nearby_sources, turns, pages):
        details = find_details(text)
        # A post or chat message was written on the day it was posted.
        said_on = written_day(turn.posted) if turn.posted else published
        if said_on:
            details = dates_meant(details, text, said_on)
        kind = claim_kind(text, details)
        claims.append(
            Claim(
                claim_id=claim_id,
                sentence=sentence,
                score=score,
                details=details,
                kind=kind,
                said_by=speaker,
                suggested_sources=tuple(dict.fromkeys([*source_hints(text), *nearby])),
                where_to_check=where_to_check_line(kind, details, text, where_to_check),
                said_at=turn.said_at,
                posted=turn.posted,
                in_chat=turn.in_chat,
                page=page.number if page else 0,
                attachment=page.attachment if page else "",
            )
        )
    return claims
