"""Sentence embeddings, and the nearest earlier fact-checks for each new claim.

The embedding is all-MiniLM-L6-v2's as sentence-transformers defines it: the encoder's token
outputs mean-pooled over the sentence and scaled to unit length, so the dot product of two
embeddings is their cosine similarity. It runs through ``bert.py`` like the classifier, from
the shipped ``models/claim-matcher`` directory. The archive's vectors are searched with numpy
a block at a time, so memory stays flat however many claims the archive holds.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from .archive import Archive, ArchivedClaim, WordCounts, WorkbookIdentity, claim_words
from .errors import ModelError
from .scorer import SETTINGS_FILE, SHIPPED_MATCHER, batches_by_length, file_sha256, known_precision, resolve_model

DIMENSIONS = 384  # all-MiniLM-L6-v2's; a model directory's config.json decides
DEFAULT_MAX_LENGTH = 256  # sentence-transformers' max_seq_length for all-MiniLM-L6-v2
# Cosine similarity from which a match is shown as "checked before" (calibrated on the training
# pairs; see MODEL_CARD.md and bench/RESULTS.md). The model directory's factcheck.json may say.
DEFAULT_THRESHOLD = 0.65
# Hybrid ranking: cosine similarity plus this much of the BM25 score (scaled so the best
# candidate's is 1). Chosen on the CheckThat! 2022 training queries; see bench/RESULTS.md.
LEXICAL_WEIGHT = 0.2
# The nearest claims by cosine that the hybrid ranking orders again.
CANDIDATES = 100


class SentenceEmbedder:
    """Unit-length sentence embeddings from a ``BertModel`` directory (default: the shipped one)."""

    def __init__(self, model: str | Path | None = None, *, batch_size: int = 64, precision: str = "fp32"):
        source = resolve_model(model) if model is not None else SHIPPED_MATCHER
        if not isinstance(source, Path):
            raise ModelError(f"no sentence-encoder directory at {model}")
        self.model_path = source
        self.batch_size = batch_size
        self.precision = known_precision(precision)
        self._model: Any = None
        self._tokenizer: Any = None
        settings = self.model_path / SETTINGS_FILE
        try:
            self.settings = json.loads(settings.read_text(encoding="utf-8")) if settings.is_file() else {}
        except ValueError as exc:
            raise ModelError(f"{settings} is not valid model settings: {exc}") from None

    @property
    def name(self) -> str:
        return self.model_path.name

    @property
    def max_length(self) -> int:
        return int(self.settings.get("max_length", DEFAULT_MAX_LENGTH))

    @property
    def threshold(self) -> float:
        """The similarity from which a match counts as the same claim checked before."""
        return float(self.settings.get("threshold", DEFAULT_THRESHOLD))

    @cached_property
    def identity(self) -> str:
        """Names the exact weights, so an archive never mixes vectors of two models."""
        weights = self.model_path / "model.safetensors"
        if not weights.is_file():
            raise ModelError(f"no sentence encoder in {self.model_path}: model.safetensors is missing")
        return f"{self.name}:{file_sha256(weights)[:16]}"

    def load(self) -> None:
        if self._model is not None:
            return
        from . import bert
        from .precision import with_precision

        if not bert.supports(self.model_path, "BertModel"):
            raise ModelError(f"{self.model_path} is not a BERT sentence encoder (config.json, model.safetensors, tokenizer.json)")
        tokenizer, model, config = bert.load_bert_encoder(self.model_path)
        self._width = int(config["hidden_size"])
        self._tokenizer, self._model = tokenizer, with_precision(model, self.precision)

    def embed(self, texts: Sequence[str], progress: Callable[[int], None] | None = None) -> np.ndarray:
        """A (len(texts), hidden size) float32 array of unit vectors, in input order."""
        import torch

        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        self.load()
        vectors = np.zeros((len(texts), self._width), dtype=np.float32)
        encoded = self._tokenizer(list(texts), max_length=self.max_length)
        with torch.inference_mode():
            for batch, inputs in batches_by_length(encoded, self.batch_size):
                vectors[batch] = self._model(**inputs).float().numpy()
                if progress is not None:
                    progress(len(batch))
        return vectors


@dataclass(frozen=True, slots=True)
class Neighbour:
    """An archived claim near a query, by archive row id, with its cosine similarity."""

    row_id: int
    similarity: float


def nearest(
    queries: np.ndarray, blocks: Iterable[tuple[np.ndarray, np.ndarray]], top: int
) -> list[list[Neighbour]]:
    """The ``top`` archived vectors nearest each query (unit vectors, so by dot product).

    ``blocks`` yields (row ids, fp16 vectors) a block at a time; only the best ``top`` of each
    query are kept between blocks.
    """
    count = len(queries)
    best_ids = np.zeros((count, 0), dtype=np.int64)
    best_scores = np.zeros((count, 0), dtype=np.float32)
    if count == 0:
        return []
    queries = queries.astype(np.float32, copy=False)
    for ids, vectors in blocks:
        scores = queries @ vectors.astype(np.float32).T
        keep = min(top, scores.shape[1])
        if keep < scores.shape[1]:
            picked = np.argpartition(-scores, keep - 1, axis=1)[:, :keep]
        else:
            picked = np.broadcast_to(np.arange(scores.shape[1]), scores.shape)
        best_ids = np.concatenate([best_ids, ids[picked]], axis=1)
        best_scores = np.concatenate([best_scores, np.take_along_axis(scores, picked, axis=1)], axis=1)
        if best_ids.shape[1] > top:
            order = np.argsort(-best_scores, axis=1, kind="stable")[:, :top]
            best_ids = np.take_along_axis(best_ids, order, axis=1)
            best_scores = np.take_along_axis(best_scores, order, axis=1)
    order = np.argsort(-best_scores, axis=1, kind="stable")
    return [
        [Neighbour(int(best_ids[q, i]), float(best_scores[q, i])) for i in order[q]]
        for q in range(count)
    ]


@dataclass(frozen=True, slots=True)
class Match:
    """An earlier checked claim near a new one."""

    claim: ArchivedClaim
    similarity: float


def find_matches(
    texts: Sequence[str],
    archive: Archive,
    embedder: SentenceEmbedder,
    *,
    top: int = 5,
    exclude_workbook: WorkbookIdentity | None = None,
) -> list[list[Match]]:
    """For each text, the ``top`` archived claims nearest it, best first.

    The ``CANDIDATES`` nearest by cosine similarity are ranked again by cosine plus
    ``LEXICAL_WEIGHT`` times their BM25 score (scaled so the best candidate's is 1);
    ``Match.similarity`` is the cosine. ``exclude_workbook`` leaves out the claims recorded
    from that worksheet: an article's own verdicts are not "checked before" for itself.
    """
    if not texts:
        return []
    queries = embedder.embed(texts)
    dense = nearest(queries, archive.vector_blocks(exclude_workbook), max(top, CANDIDATES))
    claims = archive.claims_by_id(n.row_id for row in dense for n in row)
    words = {i: claim_words(c.text) for i, c in claims.items()}
    counts = archive.word_counts(w for text in texts for w in claim_words(text))
    found = []
    for text, near in zip(texts, dense):
        near = [n for n in near if n.row_id in claims]
        lexical = [bm25(claim_words(text), words[n.row_id], counts) for n in near]
        scale = LEXICAL_WEIGHT / max(lexical) if lexical and max(lexical) > 0 else 0.0
        ranked = sorted(zip(near, lexical), key=lambda pair: -(pair[0].similarity + scale * pair[1]))[:top]
        found.append([Match(claims[n.row_id], n.similarity) for n, _ in ranked])
    return found


BM25_K1, BM25_B = 1.2, 0.75


def bm25(query: Sequence[str], document: Sequence[str], counts: WordCounts) -> float:
    """Okapi BM25 of a document for a query, both as ``claim_words``."""
    if not counts.claims:
        return 0.0
    frequencies = Counter(document)
    length_factor = 1 - BM25_B + BM25_B * len(document) / (counts.mean_words or 1.0)
    score = 0.0
    for word in set(query):
        n = frequencies.get(word, 0)
        if n:
            with_word = counts.claims_with.get(word, 0)
            idf = math.log(1 + (counts.claims - with_word + 0.5) / (with_word + 0.5))
            score += idf * n * (BM25_K1 + 1) / (n + BM25_K1 * length_factor)
    return score
