"""Check-worthiness scores from a Hugging Face sequence-classification model.

Scoring follows the three steps of a transformers pipeline: ``preprocess`` turns texts into
tensors, ``forward`` runs the model alone under ``torch.inference_mode()``, ``postprocess``
turns logits into plain floats. torch is imported only when a model is first needed, so
commands that never score stay quick to start; a BERT classifier (the shipped model) runs
through ``bert.py``, and only other architectures import transformers.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from itertools import groupby
from pathlib import Path
from typing import Any

from .errors import ModelError

# pyproject.toml installs the repository's models/ as the package factcheck.models, so an
# editable checkout and an installed wheel find the shipped models the same way.
SHIPPED_MODELS = Path(str(resources.files("factcheck.models")))
SHIPPED_MODEL = SHIPPED_MODELS / "claim-detector"
# The sentence encoder that matches claims to earlier fact-checks (matcher.py).
SHIPPED_MATCHER = SHIPPED_MODELS / "claim-matcher"
SETTINGS_FILE = "factcheck.json"
DEFAULT_THRESHOLD = 0.5
DEFAULT_MAX_LENGTH = 128
# What a model's linear layers can run in (precision.py): exact, then faster and less exact.
PRECISIONS = ("fp32", "bf16", "int8")
TOKENIZE_CHUNK = 256


@dataclass(frozen=True, slots=True)
class Calibration:
    """The temperature and threshold fitted for a model at one precision."""

    # Logits are divided by this before the softmax, so scores read as probabilities.
    temperature: float = 1.0
    threshold: float = DEFAULT_THRESHOLD


@dataclass(frozen=True, slots=True)
class ModelSettings:
    """What ``factcheck.json`` in a model directory says about using the model."""

    max_length: int = DEFAULT_MAX_LENGTH
    positive_label: str | None = None
    # How the model is meant to run: "fp32", "bf16" or "int8" (see precision.py).
    precision: str = "fp32"
    # By precision; "fp32" always, the others when they were fitted.
    calibrations: Mapping[str, Calibration] = field(default_factory=lambda: {"fp32": Calibration()})

    def calibration(self, precision: str) -> Calibration:
        """The calibration fitted for ``precision``, else the fp32 one."""
        return self.calibrations.get(precision, self.calibrations["fp32"])


def read_model_settings(model_path: Path) -> ModelSettings:
    """Read ``factcheck.json`` beside the weights; defaults when the file is absent.

    The top-level temperature and threshold are fp32's; a ``bf16`` or ``int8`` block holds
    that precision's own.
    """
    settings_file = model_path / SETTINGS_FILE
    if not settings_file.is_file():
        return ModelSettings()
    try:
        raw = json.loads(settings_file.read_text(encoding="utf-8"))
        calibrations = {
            precision: Calibration(float(block.get("temperature", 1.0)), float(block.get("threshold", DEFAULT_THRESHOLD)))
            for precision, block in [("fp32", raw), *((p, raw[p]) for p in PRECISIONS[1:] if p in raw)]
        }
        return ModelSettings(
            max_length=int(raw.get("max_length", DEFAULT_MAX_LENGTH)),
            positive_label=raw.get("positive_label"),
            precision=known_precision(str(raw.get("precision", "fp32"))),
            calibrations=calibrations,
        )
    except (ValueError, TypeError, AttributeError, KeyError) as exc:
        raise ModelError(f"{settings_file} is not valid model settings: {exc}") from None


def known_precision(precision: str) -> str:
    """``precision`` itself, or ValueError when it is not one of ``PRECISIONS``."""
    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {', '.join(PRECISIONS)}, not {precision!r}")
    return precision


def resolve_model(model: str | Path | None) -> Path | str:
    """The shipped model for None, a Path for an existing directory, else a hub name."""
    if model is None:
        return SHIPPED_MODEL
    path = Path(model).expanduser()
    if path.is_dir():
        return path
    if path.exists() or str(model).startswith((".", "/", "~")) or str(model).count("/") > 1:
        raise ModelError(f"no model directory at {model}")
    return str(model)


@dataclass(frozen=True, slots=True)
class ModelFacts:
    """What a workbook records about the model that scored it; plain data that can be sent to
    a writer process, as the loaded model cannot."""

    name: str
    sha256: str
    precision: str
    threshold: float


class ClaimScorer:
    """Scores sentences for check-worthiness in [0, 1] with a sequence classifier.

    The model loads on first use, from disk only: nothing is downloaded.
    """

    def __init__(self, model: str | Path | None = None, *, batch_size: int = 16, precision: str | None = None):
        """``precision``: "fp32", "bf16" or "int8" for the linear layers (see precision.py), or
        None for what the model directory recommends (``precision`` in ``factcheck.json``)."""
        self.model_source = resolve_model(model)
        self.batch_size = batch_size
        self._precision = None if precision is None else known_precision(precision)
        self._settings: ModelSettings | None = None
        self._model: Any = None
        self._tokenizer: Any = None
        self._positive_index: int | None = None

    @property
    def settings(self) -> ModelSettings:
        if self._settings is None:
            source = self.model_source
            self._settings = read_model_settings(source) if isinstance(source, Path) else ModelSettings()
        return self._settings

    @property
    def precision(self) -> str:
        """What the linear layers run in: "fp32", "bf16" or "int8"."""
        return self._precision or self.settings.precision

    @property
    def threshold(self) -> float:
        """The decision threshold the model directory recommends, for the precision in use."""
        return self.settings.calibration(self.precision).threshold

    @property
    def temperature(self) -> float:
        """What logits are divided by before the softmax, for the precision in use."""
        return self.settings.calibration(self.precision).temperature

    @property
    def name(self) -> str:
        """A short name for the model, for workbook properties and reports."""
        source = self.model_source
        return source.name if isinstance(source, Path) else source

    @property
    def facts(self) -> ModelFacts:
        """Name, weights hash, precision and threshold, for workbook properties and reports."""
        return ModelFacts(self.name, self.weights_sha256, self.precision, self.threshold)

    @cached_property
    def weights_sha256(self) -> str:
        """SHA-256 of ``model.safetensors``, so a workbook names the exact weights that scored it."""
        source = self.model_source
        weights = source / "model.safetensors" if isinstance(source, Path) else None
        return file_sha256(weights) if weights is not None and weights.is_file() else ""

    def load(self) -> None:
        """Load tokenizer and weights now rather than on the first ``score`` call."""
        if self._model is not None:
            return
        if isinstance(self.model_source, Path) and not (self.model_source / "config.json").is_file():
            raise ModelError(f"no model in {self.model_source}: config.json is missing")
        from . import bert
        from .precision import with_precision

        if isinstance(self.model_source, Path) and bert.supports(self.model_source):
            tokenizer, model, config = bert.load_bert_classifier(self.model_source)
            id2label = config["id2label"]
        else:
            tokenizer, model = _load_with_transformers(str(self.model_source))
            id2label = model.config.id2label
        model = with_precision(model, self.precision)
        self._positive_index = positive_label_index(id2label, self.settings.positive_label)
        self._tokenizer, self._model = tokenizer, model

    def preprocess(self, texts: Sequence[str]) -> list[dict[str, list[int]]]:
        """Tokenise each text, unpadded and cut at ``max_length``.

        A few hundred at a time: the tokenizer's own objects for a text (its word pieces,
        offsets and more) are ten times the ids kept, too many to hold for a long article.
        """
        rows: list[dict[str, list[int]]] = []
        for start in range(0, len(texts), TOKENIZE_CHUNK):
            rows += self._tokenizer(list(texts[start : start + TOKENIZE_CHUNK]), max_length=self.settings.max_length)
        return rows

    def forward(self, inputs: dict[str, Any]) -> Any:
        """Logits for one batch; the model and nothing else."""
        import torch

        with torch.inference_mode():
            output = self._model(**inputs)
        return getattr(output, "logits", output)  # transformers wraps the logits; bert.py does not

    def postprocess(self, logits: Any) -> list[float]:
        """Calibrated probability of the check-worthy label for each row of logits."""
        probabilities = (logits.float() / self.temperature).softmax(dim=-1)[:, self._positive_index]
        return [float(p) for p in probabilities]

    def score(self, texts: Sequence[str], progress: Callable[[int], None] | None = None) -> list[float]:
        """Check-worthiness of each text, in input order.

        Texts are batched with others of exactly their token length: nothing is padded, so
        no time goes on padding and a text scores the same whatever it is batched with.
        ``progress`` is called with the number of texts each batch scored.
        """
        scores = [0.0] * len(texts)
        for batch, logits in self._batches(texts, progress):
            for i, value in zip(batch, self.postprocess(logits)):
                scores[i] = value
        return scores

    def margins(self, texts: Sequence[str]) -> list[float]:
        """Raw check-worthy logit minus the other logit, before temperature (for calibration)."""
        margins = [0.0] * len(texts)
        for batch, logits in self._batches(texts, None):
            if logits.shape[-1] != 2:
                raise ModelError("margins need a two-label model")
            other = 1 - self._positive_index
            for i, row in zip(batch, logits.float().tolist()):
                margins[i] = row[self._positive_index] - row[other]
        return margins

    def _batches(self, texts: Sequence[str], progress: Callable[[int], None] | None) -> Iterator[tuple[list[int], Any]]:
        if not texts:
            return
        self.load()
        for batch, inputs in batches_by_length(self.preprocess(texts), self.batch_size):
            yield batch, self.forward(inputs)
            if progress is not None:
                progress(len(batch))


def batches_by_length(encoded: Sequence[Mapping[str, list[int]]], batch_size: int) -> Iterator[tuple[list[int], dict[str, Any]]]:
    """Tokenised texts in batches of exactly one token length, as (their indices, tensors)."""
    import torch

    lengths = [len(row["input_ids"]) for row in encoded]
    order = sorted(range(len(encoded)), key=lengths.__getitem__)
    for _, same_length in groupby(order, key=lengths.__getitem__):
        same_length = list(same_length)
        for offset in range(0, len(same_length), batch_size):
            batch = same_length[offset : offset + batch_size]
            yield batch, {key: torch.tensor([encoded[i][key] for i in batch]) for key in encoded[batch[0]]}


def _load_with_transformers(source: str) -> tuple[Callable[..., dict[str, Any]], Any]:
    """Tokenizer and fp32 model in eval mode for any directory or hub name transformers reads."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # a weight-loading bar on every run is noise
    try:
        tokenizer = AutoTokenizer.from_pretrained(source, local_files_only=True)
        model = AutoModelForSequenceClassification.from_pretrained(source, local_files_only=True, dtype=torch.float32)
    except (OSError, ValueError, KeyError) as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ModelError(f"cannot load a classifier from {source}: {first_line}") from None

    def encode(texts: list[str], *, max_length: int) -> list[dict[str, list[int]]]:
        encoded = tokenizer(texts, truncation=True, max_length=max_length)
        return [dict(zip(encoded.keys(), row)) for row in zip(*encoded.values())]

    return encode, model.eval()


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def positive_label_index(id2label: dict[int, str], positive_label: str | None) -> int:
    """Index of the check-worthy class, found by its name in ``config.id2label``."""
    labels = {int(i): str(name) for i, name in id2label.items()}
    if positive_label is not None:
        for i, name in labels.items():
            if name == positive_label:
                return i
        raise ModelError(f"the model has no label {positive_label!r} (it has {sorted(labels.values())})")
    if len(labels) != 2:
        raise ModelError(
            f"the model has {len(labels)} labels; say which is check-worthy with positive_label in {SETTINGS_FILE}"
        )
    return 1
