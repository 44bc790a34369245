"""How fast ClaimScorer scores, against the transformers pipeline, in one process.

    python bench/score_speed.py [--data ../shared/data/claimbuster/train.json] [--sentences 600]

Scores the same sentences with (a) pipeline("text-classification") one sentence at a time,
(b) the same pipeline with batch_size=32, (c) ClaimScorer in fp32 (length-sorted batches
under inference_mode, bert.py's forward pass) and (d) ClaimScorer with dynamic int8
quantisation. Prints sentences/s, the ratios to (a) and (b), and the largest score
difference from (a), and marks the precision the shipped model runs in by default. Ratios,
not seconds, are the figures to compare: this machine is shared and its speed varies.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import time
from pathlib import Path

from factcheck import ClaimScorer
from factcheck.scorer import SHIPPED_MODEL

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "claimbuster" / "train.json"


def sentences(data: Path, count: int) -> list[str]:
    """A fixed random sample of the training sentences (mixed lengths, as in an article)."""
    texts = [row["text"] for row in json.loads(data.read_text(encoding="utf-8"))]
    return random.Random(0).sample(texts, count)


def timed(score, texts: list[str]) -> tuple[float, list[float]]:
    started = time.perf_counter()
    scores = score(texts)
    return len(texts) / (time.perf_counter() - started), scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--sentences", type=int, default=600)
    args = parser.parse_args()
    texts = sentences(args.data, args.sentences)

    from transformers import pipeline
    from transformers.utils import logging

    logging.disable_progress_bar()
    import torch

    # The weights are stored in fp16; compare like with like, in fp32 as ClaimScorer runs.
    classifier = pipeline("text-classification", model=str(SHIPPED_MODEL), device=-1, top_k=None, dtype=torch.float32)
    scorer = ClaimScorer(quantize=False)
    positive = scorer.settings.positive_label
    temperature = scorer.temperature
    default = ClaimScorer().precision

    def pipeline_scores(batch_size: int):
        # The pipeline gives raw logits here, and the model's temperature is applied to them
        # as ClaimScorer does, so the scores are comparable; the softmax costs nothing.
        def score(batch: list[str]) -> list[float]:
            results = classifier(
                batch, batch_size=batch_size, truncation=True, max_length=scorer.settings.max_length, function_to_apply="none"
            )
            margins = [
                sum(r["score"] if r["label"] == positive else -r["score"] for r in labels) for labels in results
            ]
            return [1 / (1 + math.exp(-m / temperature)) for m in margins]

        return score

    quantized = ClaimScorer(quantize=True)
    for warm in (scorer, quantized):
        warm.score(texts[:8])
    classifier(texts[:8])

    runs = {
        "(a) pipeline, one at a time": timed(lambda batch: [pipeline_scores(1)([t])[0] for t in batch], texts),
        "(b) pipeline, batch_size=32": timed(pipeline_scores(32), texts),
        "(c) ClaimScorer, fp32" + " (default)" * (default == "fp32"): timed(scorer.score, texts),
        "(d) ClaimScorer, int8" + " (default)" * (default == "int8"): timed(quantized.score, texts),
    }
    baseline_a, scores_a = runs["(a) pipeline, one at a time"]
    baseline_b, _ = runs["(b) pipeline, batch_size=32"]
    print(f"{len(texts)} sentences, torch threads: {torch.get_num_threads()}")
    print("| run | sentences/s | vs (a) | vs (b) | largest score difference from (a) |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, (rate, scores) in runs.items():
        difference = max(abs(x - y) for x, y in zip(scores, scores_a))
        print(f"| {name} | {rate:.0f} | {rate / baseline_a:.2f}x | {rate / baseline_b:.2f}x | {difference:.2e} |")


if __name__ == "__main__":
    main()
