"""The int8 layer's two ways of summing products, against fp32, in one process.

    python bench/int8_kernels.py [--data data/news/test.json] [--rounds 3]

Scores the same sentences with the shipped model (i) in fp32, (ii) in int8 with the products
summed by ``torch._int_mm`` and (iii) in int8 with them summed by exact fp32 matrix products
(precision.py), alternating, and prints the best rate of each, their ratios to fp32, whether
(ii) and (iii) gave identical scores, and which kernel this process takes by itself. On a CPU
with int8 dot-product instructions (VNNI, AMX) (ii) should be the fastest; with AVX2 alone
``torch._int_mm`` falls back to a slow kernel and (iii) is taken.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from factcheck import ClaimScorer, precision

DEFAULT_DATA = Path(__file__).resolve().parents[1] / "data" / "news" / "test.json"


def scorer_with(int_kernel: bool | None) -> ClaimScorer:
    """The shipped model, loaded with its int8 layers on one kernel (None: fp32)."""
    scorer = ClaimScorer(precision="fp32" if int_kernel is None else "int8")
    if int_kernel is None:
        scorer.load()
        return scorer
    chosen = precision.int8_products_are_fast
    precision.int8_products_are_fast = lambda: int_kernel
    try:
        scorer.load()
    finally:
        precision.int8_products_are_fast = chosen
    return scorer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    texts = [row["text"] for row in json.loads(args.data.read_text(encoding="utf-8"))["sentences"]]

    import torch

    kinds = {"fp32": None, "int8, torch._int_mm": True, "int8, exact fp32 sums": False}
    scorers = {name: scorer_with(int_kernel) for name, int_kernel in kinds.items()}
    rates: dict[str, float] = {}
    scores: dict[str, list[float]] = {}
    for _ in range(args.rounds):
        for name, scorer in scorers.items():
            started = time.perf_counter()
            scores[name] = scorer.score(texts)
            rates[name] = max(rates.get(name, 0.0), len(texts) / (time.perf_counter() - started))
    print(f"{len(texts)} sentences from {args.data.name}, torch threads: {torch.get_num_threads()}, "
          f"CPU capability: {torch.backends.cpu.get_cpu_capability()}, best of {args.rounds}")
    print("| scoring | sentences/s | against fp32 |")
    print("| --- | ---: | ---: |")
    for name, rate in rates.items():
        print(f"| {name} | {rate:.0f}/s | {rate / rates['fp32']:.2f}x |")
    identical = scores["int8, torch._int_mm"] == scores["int8, exact fp32 sums"]
    taken = "torch._int_mm" if precision.int8_products_are_fast() else "exact fp32 sums"
    print(f"int8 scores identical on both kernels: {identical}; this process takes: {taken}")


if __name__ == "__main__":
    main()
