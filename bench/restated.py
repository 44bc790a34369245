"""How "Checked before" finds a news claim restated in other words: the case a desk meets when a
follow-up article repeats a claim its own worksheet checked.

`bench/restated_claims.json` holds team news claims, each restated by a team member who saw only
the claim and the rules in its `format` key (the same claim and figures, other wording). Every
news claim of `data/news/*.json` goes into a copy of an archive holding PolitiFact's and Snopes'
fact-checks (as `bench/matching.py` builds it), as the desk's earlier checks would; then each
restatement is matched with the real CLI (`factcheck match --top 5`).

    .venv/bin/python bench/restated.py --archive A.sqlite
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

from figures_differ import SHIPPED_THRESHOLD, desk_address, desk_archive, news_sentences
from matching import K, matched

RESTATED = Path(__file__).with_name("restated_claims.json")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", type=Path, required=True, help="an archive holding both collections (bench/matching.py)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="factcheck-restated-"))
    pairs = json.loads(RESTATED.read_text(encoding="utf-8"))["pairs"]
    claims = news_sentences()
    addresses: dict[str, set[str]] = {}
    for i, text in enumerate(claims):
        addresses.setdefault(text, set()).add(desk_address(i))
    desk = desk_archive(args.archive, work, claims, "desk")

    found = matched([p["restated"] for p in pairs], desk, work, "restated")
    rank_of_original, similarity_of_original, shown_best = [], [], []
    for pair, rows in zip(pairs, found):
        own = addresses[pair["original"]]
        ranks = [rank for rank, row in enumerate(rows, start=1) if row["url"] in own]
        rank_of_original.append(ranks[0] if ranks else None)
        similarity_of_original.append(float(rows[ranks[0] - 1]["similarity"]) if ranks else None)
        best = rows[0]
        if float(best["similarity"]) >= SHIPPED_THRESHOLD:
            shown_best.append((pair, best, best["url"] in own))

    n = len(pairs)
    first = sum(r == 1 for r in rank_of_original)
    right_shown = [(pair, best) for pair, best, right in shown_best if right]
    print(f"\n{n} restated news claims, against {len(claims):,} news claims and the fact-check collections\n")
    print("| the claim as first written is | restatements | share |")
    print("| --- | ---: | ---: |")
    print(f"| the best match | {first} | {first / n:.3f} |")
    print(f"| in the top {K} | {sum(r is not None for r in rank_of_original)} | {sum(r is not None for r in rank_of_original) / n:.3f} |")
    print(f"| the best match, and shown (≥ {SHIPPED_THRESHOLD}) | {len(right_shown)} | {len(right_shown) / n:.3f} |")
    wrong = len(shown_best) - len(right_shown)
    print(f"\nbest match shown but another claim: {wrong}")
    known = sorted(s for s in similarity_of_original if s is not None)
    if known:
        print(f"similarity of the claim as first written, where in the top {K}: median {statistics.median(known):.3f}, lowest {known[0]:.3f}")
    for threshold in (0.55, 0.6, 0.65, 0.7, 0.75):
        print(f"  the best match and at least {threshold:.2f}: {sum(1 for r, s in zip(rank_of_original, similarity_of_original) if r == 1 and s >= threshold)}")
    differ = [(pair, best) for pair, best in right_shown if best["figures_differ"]]
    print(f"\nright matches shown that say figures differ (the figures were kept): {len(differ)} of {len(right_shown)}")
    for pair, best in differ:
        print(f"- {best['figures_differ']}\n  restated: {pair['restated']}\n  written:  {pair['original']}")
    missed = [(pair, rank, rows[0]) for pair, rank, rows in zip(pairs, rank_of_original, found) if rank != 1]
    print(f"\nnot the best match ({len(missed)}):")
    for pair, rank, best in missed:
        print(f"- rank {rank}: {pair['restated']}\n  written: {pair['original']}\n  best ({best['similarity']}): {best['claim']}")


if __name__ == "__main__":
    sys.exit(main())
