"""How often source_hints lists the suggested sources a hand-labelled case expects.

    python bench/source_hints_accuracy.py [CASES.json]

Reads bench/source_hint_cases.json (its "format" key says how it was written): sentences, each
read alone, with the hints the rules give (documents and data with who produced them, and
outlets), in order. Prints how many cases ``source_hints`` gets exactly right, split by whether
the case names a source, the hints it found that the case expects and those it found wrongly,
then every case it gets wrong.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from factcheck.details import source_hints

CASES = Path(__file__).resolve().parent / "source_hint_cases.json"


def main() -> None:
    cases = json.loads(Path(sys.argv[1] if len(sys.argv) > 1 else CASES).read_text(encoding="utf-8"))["cases"]
    right = {True: 0, False: 0}
    total = {True: 0, False: 0}
    expected = found_right = found_wrongly = 0
    misses = []
    for case in cases:
        named = bool(case["hints"])
        found = source_hints(case["text"])
        total[named] += 1
        right[named] += found == case["hints"]
        expected += len(case["hints"])
        found_right += len(set(found) & set(case["hints"]))
        found_wrongly += len(set(found) - set(case["hints"]))
        if found != case["hints"]:
            misses.append(f"{case['text']}\n    gave {found!r}, want {case['hints']!r}")
    print(f"cases naming a source: {right[True]} of {total[True]} right")
    print(f"cases naming none:     {right[False]} of {total[False]} right")
    print(f"all:                   {right[True] + right[False]} of {len(cases)}")
    print(f"hints found: {found_right} of {expected}; found wrongly: {found_wrongly}")
    print("\n".join(["", "wrong:", *misses] if misses else []))


if __name__ == "__main__":
    main()
