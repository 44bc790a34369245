"""A model on the team's news-domain set (data/news): the issue-15 baseline and its successors.

    python bench/news_eval.py [--model DIR] [--precision int8 fp32] [--examples 3]

For each precision: recall, false-positive rate, precision, F1 and PR-AUC at the model's own
threshold on the validation and test splits, on the blind, fresh and rule batches' two each and
on reported-test (statements about statements, written blind); then the threshold that gives
recall >= 0.99 on pooled validation (blind-validation + fresh-validation, the rule `make train`
applies with `--threshold-data`), with its figures on each split. The error analysis (per
style, per category, example misses and false flags) is on train + the three validation
splits, less the train split when the model was trained on it, so no test split is ever
looked into: the five are read for their headline figures alone, as is rule-validation, kept
for choosing a threshold rule.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from factcheck import ClaimScorer
from factcheck.scorer import file_sha256
from factcheck.train import DEFAULT_TARGET_RECALL, metrics_at, recall_threshold, recorded_settings

NEWS = Path(__file__).resolve().parents[1] / "data" / "news"


def load(split: str) -> list[dict]:
    return json.loads((NEWS / f"{split}.json").read_text(encoding="utf-8"))["sentences"]


def figures_row(name: str, rows: list[dict], scores: list[float], threshold: float) -> str:
    m = metrics_at([r["label"] for r in rows], scores, threshold)
    return f"| {name} | {threshold:.4f} | {m.recall:.3f} | {m.false_positive_rate:.3f} | {m.precision:.3f} | {m.f1:.3f} | {m.pr_auc:.3f} |"


def trained_on(scorer: ClaimScorer) -> set[str]:
    """The news splits among the files the model's factcheck.json says it was trained on."""
    hashes = {entry["sha256"] for entry in recorded_settings(scorer.model_source).get("data", [])}
    return {name for name in ("train", "validation", "test") if file_sha256(NEWS / f"{name}.json") in hashes}


def error_rates(rows: list[dict], scores: list[float], threshold: float, key: str) -> list[str]:
    """Per value of ``key``: misses among check-worthy sentences and flags among the others."""
    lines = [f"| {key} | missed (of check-worthy) | flagged (of other) |", "| --- | --- | --- |"]
    for value in dict.fromkeys(r[key] for r in rows):
        group = [(r, s) for r, s in zip(rows, scores) if r[key] == value]
        pos = [s for r, s in group if r["label"] == 1]
        neg = [s for r, s in group if r["label"] == 0]
        missed = sum(s < threshold for s in pos)
        flagged = sum(s >= threshold for s in neg)
        cell = lambda n, of: f"{n}/{of} ({n / of:.0%})" if of else "–"
        lines.append(f"| {value} | {cell(missed, len(pos))} | {cell(flagged, len(neg))} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="model directory (default: the shipped one)")
    parser.add_argument("--precision", nargs="+", default=["int8", "fp32"])
    parser.add_argument("--examples", type=int, default=2, help="example misses and false flags to print per style")
    args = parser.parse_args()
    measured = ("validation", "blind-validation", "fresh-validation", "rule-validation", "test", "blind-test", "fresh-test", "rule-test", "reported-test")
    splits = {name: load(name) for name in ("train", *measured)}
    for precision in args.precision:
        scorer = ClaimScorer(args.model, precision=precision)
        scores = {name: scorer.score([r["text"] for r in rows]) for name, rows in splits.items()}
        print(f"\n### {scorer.name}, {scorer.precision}\n")
        print("| split | threshold | recall | FPR | precision | F1 | PR-AUC |\n| --- | --- | --- | --- | --- | --- | --- |")
        for name in measured:
            print(figures_row(f"{name} at the model's threshold", splits[name], scores[name], scorer.threshold))
        pooled = ("blind-validation", "fresh-validation")
        chosen = recall_threshold(
            [r["label"] for name in pooled for r in splits[name]], [s for name in pooled for s in scores[name]], DEFAULT_TARGET_RECALL
        )
        for name in measured:
            print(figures_row(f"{name} at recall >= {DEFAULT_TARGET_RECALL} on pooled validation", splits[name], scores[name], chosen))

        # A model trained on the news train split would look better there than it reads news.
        examined = [name for name in ("train", "validation", *pooled) if name not in trained_on(scorer)]
        seen = [r for name in examined for r in splits[name]]
        seen_scores = [s for name in examined for s in scores[name]]
        print(f"\nErrors at the model's threshold on {' + '.join(examined)} ({len(seen)} sentences; no test split examined):\n")
        print("\n".join(error_rates(seen, seen_scores, scorer.threshold, "style")))
        print()
        print("\n".join(error_rates(seen, seen_scores, scorer.threshold, "category")))
        print("\nThe surest errors per style (score, style/category):")
        for style in dict.fromkeys(r["style"] for r in seen):
            for label, kind in ((1, "missed"), (0, "flagged")):
                wrong = [(s, r) for r, s in zip(seen, seen_scores) if r["style"] == style and r["label"] == label and (s >= scorer.threshold) != bool(label)]
                wrong.sort(key=lambda pair: -abs(pair[0] - scorer.threshold))
                for s, r in wrong[: args.examples]:
                    print(f"- {kind} {s:.2f} {style}/{r['category']}: {r['text']}")


if __name__ == "__main__":
    main()
