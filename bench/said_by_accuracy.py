"""How often said_by gives the Said by cell a hand-labelled case expects.

    python bench/said_by_accuracy.py [CASES.json]

Reads bench/speaker_cases.json (its "format" key says how it was written): a list of
sentences, each read alone, with the cell the rules give ("" for nobody). Prints how many
``said_by`` gets right, split by whether the case names a speaker, and every case it gets wrong.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from factcheck.details import said_by

CASES = Path(__file__).resolve().parent / "speaker_cases.json"


def main() -> None:
    cases = json.loads(Path(sys.argv[1] if len(sys.argv) > 1 else CASES).read_text(encoding="utf-8"))["cases"]
    right = {True: 0, False: 0}
    total = {True: 0, False: 0}
    misses = []
    for case in cases:
        named = case["said_by"] != ""
        found = said_by(case["text"])
        total[named] += 1
        right[named] += found == case["said_by"]
        if found != case["said_by"]:
            misses.append(f"{case['text']}\n    gave {found!r}, want {case['said_by']!r}")
    print(f"cases naming a speaker: {right[True]} of {total[True]} right")
    print(f"cases naming nobody:    {right[False]} of {total[False]} right")
    print(f"all:                    {right[True] + right[False]} of {len(cases)}")
    print("\n".join(["", "wrong:", *misses] if misses else []))


if __name__ == "__main__":
    main()
