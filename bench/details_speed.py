"""Time reading a sentence's details, speaker, sources and subject against splitting the same text.

    python bench/details_speed.py

Reads every sentence of data/news/*.json, times ``find_details``, ``said_by``, ``source_hints``
and ``claim_subject`` over them all, and times ``split_sentences`` over the same sentences joined as
one article, in the same process (best of three each). It prints sentences a second for both
and their ratio: the ratio is what to compare between commits, as this machine's speed varies.
"""

from __future__ import annotations

import json
from pathlib import Path

from split_speed import best_time

from factcheck.details import find_details, said_by, source_hints
from factcheck.segment import split_sentences
from factcheck.where_to_check import claim_subject

NEWS = Path(__file__).resolve().parents[1] / "data" / "news"


def read_each(texts: list[str]) -> None:
    for text in texts:
        find_details(text)
        said_by(text)
        source_hints(text)
        claim_subject(text)


def main() -> None:
    texts = [item["text"] for path in sorted(NEWS.glob("*.json")) for item in json.loads(path.read_text(encoding="utf-8"))["sentences"]]
    article = "\n\n".join(texts)
    reading = best_time(lambda: read_each(texts))
    splitting = best_time(lambda: split_sentences(article))
    print(f"{len(texts):,} news sentences")
    print(f"details, said by, sources, subject: {len(texts) / reading:,.0f} sentences a second")
    print(f"splitting the same text:            {len(texts) / splitting:,.0f} sentences a second")
    print(f"reading takes {reading / splitting:.2f} times as long as splitting")


if __name__ == "__main__":
    main()
