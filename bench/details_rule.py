"""A second threshold for sentences with a checkable detail, read on validation data only
(bench/RESULTS.md, "A second threshold for sentences with a checkable detail").

    python bench/details_rule.py [--claimbuster PATH]

The shipped model scores, in its own precision, the pooled threshold data (blind and fresh
validation), news validation and the ClaimBuster validation share. For each second threshold
t2 a sentence is listed when its score clears the shipped threshold, or when ``find_details``
finds a detail in it and its score clears t2; the table gives claims found and other sentences
flagged on each set, and ClaimBuster F1. No test split is read.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from factcheck import ClaimScorer
from factcheck.details import find_details
from factcheck.records import read_sentence_records
from factcheck.train import stratified_split

ROOT = Path(__file__).resolve().parents[1]
NEWS = ROOT / "data" / "news"
SECOND_THRESHOLDS = (0.50, 0.45, 0.40, 0.35, 0.30, 0.25, 0.20, 0.15, 0.10, 0.05, 0.04, 0.03, 0.02, 0.01)


def listed(rows: list[tuple[int, float, bool]], threshold: float, second: float) -> tuple[int, int, int, int, float]:
    """Claims found, claims, others flagged, others, and F1, for rows of (label, score, has a detail)."""
    found = sum(1 for label, score, detail in rows if label == 1 and (score >= threshold or (detail and score >= second)))
    flagged = sum(1 for label, score, detail in rows if label == 0 and (score >= threshold or (detail and score >= second)))
    claims = sum(label for label, _, _ in rows)
    return found, claims, flagged, len(rows) - claims, 2 * found / (found + claims + flagged)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claimbuster", type=Path, default=ROOT.parent / "shared" / "data" / "claimbuster" / "train.json")
    args = parser.parse_args()
    scorer = ClaimScorer(ROOT / "models" / "claim-detector")
    debates = read_sentence_records(args.claimbuster, labelled=True)
    _, held_out = stratified_split([r.label for r in debates], 0.15, 42)
    sets = {
        "pooled threshold data": [r for name in ("blind-validation", "fresh-validation") for r in read_sentence_records(NEWS / f"{name}.json", labelled=True)],
        "news validation": read_sentence_records(NEWS / "validation.json", labelled=True),
        "ClaimBuster validation share": [debates[i] for i in held_out],
    }
    rows = {
        name: [(r.label, score, bool(find_details(r.text))) for r, score in zip(records, scorer.score([r.text for r in records]))]
        for name, records in sets.items()
    }
    threshold = scorer.threshold
    print(f"shipped threshold {threshold:.4f} ({scorer.precision})\n")
    print("| second threshold | pooled threshold data: claims / others flagged | news validation: claims / others flagged | ClaimBuster validation share: claims / others flagged, F1 |")
    print("| --- | --- | --- | --- |")
    for second in (threshold, *SECOND_THRESHOLDS):
        cells = []
        for name, chosen in rows.items():
            found, claims, flagged, others, f1 = listed(chosen, threshold, second)
            cells.append(f"{found}/{claims} / {flagged}/{others} ({flagged / others:.3f})" + (f", {f1:.4f}" if name.startswith("ClaimBuster") else ""))
        label = "none (shipped)" if second == threshold else f"{second:.2f}"
        print(f"| {label} | {' | '.join(cells)} |")


if __name__ == "__main__":
    main()
