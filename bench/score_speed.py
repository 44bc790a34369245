"""How fast ClaimScorer scores, against the transformers pipeline, in one process.

    python bench/score_speed.py [--data ../shared/data/claimbuster/train.json] [--sentences 600]

For each precision the model's linear layers can run in (fp32, bf16, int8; precision.py),
scores the same sentences with (a) pipeline("text-classification") one sentence at a time,
(b) the same pipeline with batch_size=32 and (c) ClaimScorer (batches of one token length
under inference_mode, bert.py's forward pass). The pipeline gets the very model ClaimScorer
runs, its linear layers replaced alike, so the scores can be compared. Prints sentences/s,
the ratios of (c) to (a) and (b) in fp32 (the pipeline as anyone would run the model) and
in the same precision, and the largest score differences. Ratios, not seconds, are the
figures to compare: this machine is shared and its speed varies.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import time
from pathlib import Path

from factcheck import ClaimScorer
from factcheck.scorer import PRECISIONS, SHIPPED_MODEL

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "claimbuster" / "train.json"


def sentences(data: Path, count: int) -> list[str]:
    """A fixed random sample of the training sentences (mixed lengths, as in an article)."""
    texts = [row["text"] for row in json.loads(data.read_text(encoding="utf-8"))]
    return random.Random(0).sample(texts, count)


def timed(score, texts: list[str]) -> tuple[float, list[float]]:
    started = time.perf_counter()
    scores = score(texts)
    return len(texts) / (time.perf_counter() - started), scores


def pipeline_scorer(precision: str, scorer: ClaimScorer):
    """The transformers pipeline on the shipped model with its linear layers in ``precision``;
    returns a function of (texts, batch_size) giving scores as ClaimScorer computes them."""
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer, pipeline

    from factcheck.precision import with_precision

    # The weights are stored in fp16; load them in fp32, as ClaimScorer does.
    model = AutoModelForSequenceClassification.from_pretrained(SHIPPED_MODEL, dtype=torch.float32).eval()
    classifier = pipeline(
        "text-classification",
        model=with_precision(model, precision),
        tokenizer=AutoTokenizer.from_pretrained(SHIPPED_MODEL),
        device=-1,
        top_k=None,
    )
    positive, temperature = scorer.settings.positive_label, scorer.temperature

    def score(texts: list[str], batch_size: int) -> list[float]:
        # Raw logits, with the temperature for this precision applied as ClaimScorer does.
        results = classifier(
            texts, batch_size=batch_size, truncation=True, max_length=scorer.settings.max_length, function_to_apply="none"
        )
        margins = [sum(r["score"] if r["label"] == positive else -r["score"] for r in labels) for labels in results]
        return [1 / (1 + math.exp(-m / temperature)) for m in margins]

    classifier("A warm-up sentence, so that loading is not timed.")
    return score


def largest_difference(left: list[float], right: list[float]) -> float:
    return max(abs(x - y) for x, y in zip(left, right))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--sentences", type=int, default=600)
    args = parser.parse_args()
    texts = sentences(args.data, args.sentences)

    import torch
    from transformers.utils import logging

    logging.disable_progress_bar()
    default = ClaimScorer().precision
    runs = {}
    for precision in PRECISIONS:
        scorer = ClaimScorer(precision=precision)
        scorer.score(texts[:8])  # load and warm up
        pipe = pipeline_scorer(precision, scorer)
        runs[precision] = {
            "a": timed(lambda batch: [pipe([t], 1)[0] for t in batch], texts),
            "b": timed(lambda batch: pipe(batch, 32), texts),
            "c": timed(scorer.score, texts),
        }
    fp32_a, fp32_b = runs["fp32"]["a"][0], runs["fp32"]["b"][0]
    print(f"{len(texts)} sentences, torch threads: {torch.get_num_threads()}; the shipped model's default: {default}")
    print(
        "| precision | (a) one at a time | (b) batch_size=32 | (c) ClaimScorer | (c)/(a) fp32 | (c)/(b) fp32"
        " | (c)/(a) same precision | (c)/(b) same precision | (c) vs (a), same precision | (c) vs (a) fp32 |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for precision, run in runs.items():
        (rate_a, scores_a), (rate_b, _), (rate_c, scores_c) = run["a"], run["b"], run["c"]
        name = precision + " (default)" * (precision == default)
        print(
            f"| {name} | {rate_a:.0f}/s | {rate_b:.0f}/s | {rate_c:.0f}/s | {rate_c / fp32_a:.2f}x | {rate_c / fp32_b:.2f}x"
            f" | {rate_c / rate_a:.2f}x | {rate_c / rate_b:.2f}x | {largest_difference(scores_c, scores_a):.1e}"
            f" | {largest_difference(scores_c, runs['fp32']['a'][1]):.4f} |"
        )


if __name__ == "__main__":
    main()
