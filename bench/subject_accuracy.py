"""How often claim_subject gives the subject a hand-labelled case expects.

    python bench/subject_accuracy.py [CASES.json]

Reads bench/subject_cases.json (its "format" key says how it was written): sentences, each
read alone, with the subject whose where-to-check hint applies ("" for none). Prints, per
subject, how many cases it gets right and how many sentences it gave that subject wrongly,
then every case it gets wrong.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from factcheck.where_to_check import SUBJECTS, claim_subject

CASES = Path(__file__).resolve().parent / "subject_cases.json"


def main() -> None:
    cases = json.loads(Path(sys.argv[1] if len(sys.argv) > 1 else CASES).read_text(encoding="utf-8"))["cases"]
    total, right, wrongly_given = Counter(), Counter(), Counter()
    misses = []
    for case in cases:
        found = claim_subject(case["text"])
        total[case["topic"]] += 1
        if found == case["topic"]:
            right[found] += 1
        else:
            wrongly_given[found] += 1
            misses.append(f"{case['text']}\n    gave {found!r}, want {case['topic']!r}")
    print(f"{'subject':10} {'right':>12} {'given wrongly':>14}")
    for subject in [name for name, _ in SUBJECTS] + [""]:
        print(f"{subject or '(none)':10} {right[subject]:>5} of {total[subject]:<4} {wrongly_given[subject]:>14}")
    print(f"all: {sum(right.values())} of {len(cases)}")
    print("\n".join(["", "wrong:", *misses] if misses else []))


if __name__ == "__main__":
    main()
