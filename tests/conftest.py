"""Shared fixtures: a tiny random BERT classifier built in a temp folder, and paths to real files."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import string
from pathlib import Path

import pytest
from hypothesis import settings

from .reviewing import fill_reviews, run, sheet_rows

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_ARTICLE = ROOT / "examples" / "harbour-bridge.txt"
SEED_ARTICLE = ROOT.parent / "shared" / "seed" / "article.txt"

# Under pytest-xdist the workers share the cores: each worker's torch, and each command a test
# starts, gets its part of them instead of a thread per core (torch reads OMP_NUM_THREADS as it
# loads, and subprocesses inherit it).
WORKERS = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
if WORKERS > 1:
    os.environ.setdefault("OMP_NUM_THREADS", str(max(1, (os.cpu_count() or 1) // WORKERS)))

# Property tests draw new examples on every run, which is how they find bugs; CI sets
# HYPOTHESIS_PROFILE=ci so that a check of the same commit draws the same ones each time.
settings.register_profile("ci", derandomize=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

CLAIMBUSTER = ROOT.parent / "shared" / "data" / "claimbuster" / "train.json"
LABELS = {0: "not check-worthy", 1: "check-worthy"}


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory) -> Path:
    """A randomly initialised two-layer BERT classifier saved like a real model directory.

    The real loading code runs on it; only its scores are meaningless.
    """
    import torch
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizerFast

    folder = tmp_path_factory.mktemp("tiny-model")
    words = ["the", "of", "and", "in", "to", "said", "percent", "year", "million", "times"]
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *string.ascii_lowercase, *string.digits, *string.punctuation, *words]
    vocab += [f"##{c}" for c in string.ascii_lowercase + string.digits]
    vocab_file = folder / "vocab.txt"
    vocab_file.write_text("\n".join(vocab) + "\n", encoding="utf-8")
    tokenizer = BertTokenizerFast(vocab=str(vocab_file), do_lower_case=True)
    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=len(vocab),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=128,
        id2label=LABELS,
        label2id={v: k for k, v in LABELS.items()},
    )
    BertForSequenceClassification(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    (folder / "factcheck.json").write_text(
        json.dumps({"threshold": 0.0, "max_length": 64, "positive_label": LABELS[1]}), encoding="utf-8"
    )
    return folder


@pytest.fixture(scope="session")
def tiny_encoder(tiny_model, tmp_path_factory) -> Path:
    """A randomly initialised two-layer ``BertModel`` saved like the shipped claim-matcher, with
    the tiny classifier's tokenizer: the real embedding code on a model that loads in milliseconds."""
    import shutil

    import torch
    from transformers import BertConfig, BertModel

    folder = tmp_path_factory.mktemp("tiny-encoder")
    config = BertConfig.from_pretrained(tiny_model)
    config.architectures = ["BertModel"]
    torch.manual_seed(1)
    BertModel(config).save_pretrained(folder)
    for name in ("tokenizer.json", "tokenizer_config.json", "vocab.txt"):
        if (tiny_model / name).exists():
            shutil.copyfile(tiny_model / name, folder / name)
    (folder / "factcheck.json").write_text(json.dumps({"max_length": 64, "threshold": 0.9}), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def scorer(tiny_model):
    from factcheck import ClaimScorer

    return ClaimScorer(tiny_model)


@pytest.fixture
def reviewed_sheet(tmp_path, scorer):
    """The example article checked into a workbook (tiny model), four claims reviewed by Zoë."""
    article = tmp_path / "bridge.txt"
    shutil.copy(EXAMPLE_ARTICLE, article)
    output = tmp_path / "sheets" / "bridge.xlsx"
    run(article, output, scorer)
    claims = [r["claim"] for r in sheet_rows(output)]
    reviews = {
        text: {
            "status": "In progress",
            "verdict": "Half true",
            "sources": f"https://source.example/{i}\nArchive, box {i}",
            "notes": f"Note {i}: naïve café — 東京 ✓\n=SUM(A1:A2)",
            "reviewer": "Zoë",
            "reviewed_on": dt.datetime(2026, 11, i + 1),
        }
        for i, text in enumerate(claims[:4])
    }
    fill_reviews(output, reviews)
    return article, output, reviews


@pytest.fixture
def desk(tmp_path, scorer):
    """The desk's workbook, some of it already reviewed, and the claims on it (``merge`` tests)."""
    article = tmp_path / "bridge.txt"
    shutil.copy(EXAMPLE_ARTICLE, article)
    output = tmp_path / "bridge.xlsx"
    run(article, output, scorer)
    claims = [r["claim"] for r in sheet_rows(output)]
    fill_reviews(output, {claims[5]: {"verdict": "Half true", "reviewer": "Desk"}})
    run(article, output, scorer)  # a re-run: the Base now holds the desk's first review
    return output, claims
