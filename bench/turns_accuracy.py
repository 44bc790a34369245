"""How well the splitter reads transcripts' turns and live blogs' entry times.

    python bench/turns_accuracy.py [CASES.json]

Reads bench/turns_cases.json (its "format" key says how it was written): short articles, each
with the furniture pieces the rules give (speakers' labels, entry times) and the Said by of
every sentence that has one. Splits each article, reads Said by as `factcheck check` does
(the sentence's own speaker, else its turn's), and prints the articles whose furniture is
right, the Said by cells right, those given a speaker where none was wanted, and every miss.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from factcheck.claims import annotate
from factcheck.segment import split_sentences, turns

CASES = Path(__file__).resolve().parent / "turns_cases.json"


def said_by_each(text: str) -> tuple[list[str], dict[str, str]]:
    """The furniture pieces of ``text`` and the Said by of each of its sentences."""
    pieces = split_sentences(text)
    sentences = [p for p in pieces if p.kind == "sentence"]
    turn_of = turns(pieces)
    claims = annotate(sentences, [1.0] * len(sentences), turns=[turn_of[p.index] for p in sentences])
    return [p.plain_text for p in pieces if p.kind == "furniture"], {c.text: c.said_by for c in claims}


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else CASES
    cases = json.loads(path.read_text(encoding="utf-8"))["cases"]
    furniture_right = said_right = said_wanted = said_unwanted = 0
    misses = []
    for case in cases:
        furniture, said = said_by_each(case["text"])
        if furniture == case["furniture"]:
            furniture_right += 1
        else:
            misses.append(f"{case['name']}: furniture {furniture}, want {case['furniture']}")
        for sentence, speaker in said.items():
            wanted = case["said_by"].get(sentence, "")
            if wanted:
                said_wanted += 1
                said_right += speaker == wanted
            elif speaker:
                said_unwanted += 1
            if speaker != wanted:
                misses.append(f"{case['name']}: {sentence!r} said by {speaker!r}, want {wanted!r}")
        missing = set(case["said_by"]) - set(said)
        misses.extend(f"{case['name']}: {sentence!r} is not one sentence here" for sentence in sorted(missing))
        said_wanted += len(missing)
    print(f"{len(cases)} articles ({path.name})")
    print(f"furniture right in {furniture_right} of {len(cases)} articles")
    print(f"Said by right for {said_right} of {said_wanted} sentences that have a speaker")
    print(f"a speaker given to {said_unwanted} sentences that have none")
    if misses:
        print("\nmisses:")
        for miss in misses:
            print(f"  {miss}")


if __name__ == "__main__":
    main()
