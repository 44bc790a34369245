"""Time sentence splitting against scoring: splitting a text must take less than a tenth of
the time scoring its sentences takes.

    python bench/split_speed.py [--megabytes 1]

Builds about 1 MB of article-like text by repeating the texts of tests/segment_cases.json
(and the seed article, when ../shared/seed/article.txt is there), times `split_sentences` on
it, then scores every hundredth of its sentences with the shipped model in the same process,
and counts a hundred times that for scoring them all. Each time is the best of three runs;
loading the model is timed apart and left out.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path

from factcheck import ClaimScorer, split_sentences

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "segment_cases.json"
SEED = ROOT.parent / "shared" / "seed" / "article.txt"
MEGABYTE = 1_000_000
RUNS = 3
SAMPLED = 100  # one sentence in a hundred is scored


def article_text(size: int = MEGABYTE) -> str:
    """At least `size` characters of paragraphs: the suite's texts and the seed, repeated."""
    texts = [case["text"] for case in json.loads(CASES.read_text(encoding="utf-8"))["cases"]]
    if SEED.is_file():
        texts.insert(0, SEED.read_text(encoding="utf-8"))
    unit = "\n\n".join(text.strip() for text in texts if text.strip()) + "\n\n"
    return unit * (size // len(unit) + 1)


def best_time(run: Callable[[], object]) -> float:
    """The shortest of `RUNS` wall-clock timings of `run()`, in seconds."""
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        run()
        timings.append(time.perf_counter() - started)
    return min(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=1.0, help="size of the text (default 1)")
    args = parser.parse_args()
    text = article_text(int(args.megabytes * MEGABYTE))
    pieces = split_sentences(text)
    split_seconds = best_time(lambda: split_sentences(text))
    sentences = [piece.plain_text for piece in pieces if piece.kind == "sentence"]
    sample = sentences[::SAMPLED]

    scorer = ClaimScorer()
    started = time.perf_counter()
    scorer.score(sample[:1])
    load_seconds = time.perf_counter() - started
    score_seconds = best_time(lambda: scorer.score(sample))

    print(f"text: {len(text):,} characters, {len(pieces):,} pieces, {len(sentences):,} sentences")
    print(f"{'split all of it':<34}{split_seconds:8.3f} s")
    print(f"{f'score {len(sample):,} sentences (1%)':<34}{score_seconds:8.3f} s")
    print(f"{'load the model (not counted)':<34}{load_seconds:8.3f} s")
    print(f"{'split / score all (under 0.1)':<34}{split_seconds / (score_seconds * SAMPLED):8.3f}")


if __name__ == "__main__":
    main()
