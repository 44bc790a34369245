"""How well find_details and claim_kind agree with the hand-labelled cases.

    python bench/details_accuracy.py [CASES.json]

Reads tests/details_cases.json (its "format" key documents the labelling rules), runs
``find_details`` and ``claim_kind`` on every sentence, and prints span-level precision, recall
and F1 (a true positive is an exact match of span text and type) overall and per type, kind
accuracy, and the sentences that disagree. Last, it times ``find_details`` on long adversarial
texts of n and 2n characters and prints the ratio: about 2 means linear time.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

from factcheck.details import claim_kind, find_details

CASES = Path(__file__).resolve().parents[1] / "tests" / "details_cases.json"


def score(cases: list[dict]) -> tuple[Counter, Counter, Counter, int, list[str]]:
    """True positives, false positives and false negatives per type, right kinds, misses."""
    tp, fp, fn = Counter(), Counter(), Counter()
    right_kinds, misses = 0, []
    for case in cases:
        text = case["text"]
        details = find_details(text)
        found = Counter((d.text, d.type) for d in details)
        expected = Counter((d["text"], d["type"]) for d in case["details"])
        for (_, kind), n in (found & expected).items():
            tp[kind] += n
        for (_, kind), n in (found - expected).items():
            fp[kind] += n
        for (_, kind), n in (expected - found).items():
            fn[kind] += n
        kind = claim_kind(text, details)
        right_kinds += kind == case["kind"]
        if found != expected or kind != case["kind"]:
            extra = sorted(found - expected)
            missing = sorted(expected - found)
            misses.append(f"{text}\n    extra {extra}  missing {missing}  kind {kind} (want {case['kind']})")
    return tp, fp, fn, right_kinds, misses


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def seconds(text: str, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        began = time.perf_counter()
        find_details(text)
        best = min(best, time.perf_counter() - began)
    return best


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else CASES
    cases = json.loads(path.read_text(encoding="utf-8"))["cases"]
    tp, fp, fn, right_kinds, misses = score(cases)
    print(f"{len(cases)} sentences, {sum(tp.values()) + sum(fn.values())} labelled details ({path.name})\n")
    print(f"{'type':<12}{'precision':>10}{'recall':>8}{'F1':>7}{'tp':>5}{'fp':>5}{'fn':>5}")
    for kind in sorted(set(tp) | set(fp) | set(fn)):
        p, r, f = prf(tp[kind], fp[kind], fn[kind])
        print(f"{kind:<12}{p:>10.3f}{r:>8.3f}{f:>7.3f}{tp[kind]:>5}{fp[kind]:>5}{fn[kind]:>5}")
    p, r, f = prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    print(f"{'overall':<12}{p:>10.3f}{r:>8.3f}{f:>7.3f}{sum(tp.values()):>5}{sum(fp.values()):>5}{sum(fn.values()):>5}")
    print(f"\nkind accuracy {right_kinds / len(cases):.3f} ({right_kinds}/{len(cases)})")
    if misses:
        print("\nsentences that disagree:")
        for miss in misses:
            print("  " + miss)
    adversarial = {
        "digits and commas": "1," * 5000,
        "digits and dots": "1." * 5000,
        "digits and hyphens": "1-" * 5000,
        "one long word": "seized the " + "a-" * 5000,
        "number words": "two three " * 1000,
        "event objects": "seized the " + "Crimean " * 2000,
        "phone-like": "+1 " + "22 " * 3000,
        "case mix": "In May the largest 29 times more than 2014 " * 250,
    }
    print("\nscaling (time for 2n characters / time for n; about 2 is linear):")
    for name, text in adversarial.items():
        ratio = seconds(text + text) / max(seconds(text), 1e-9)
        print(f"  {name:<18} n={len(text):>6}  {ratio:.2f}")


if __name__ == "__main__":
    main()
