"""How well the splitter tells a citation (a reference list's entry, a footnote that only says
where something was published) from a sentence that states something.

    python bench/citations_accuracy.py [CASES.json]

Reads bench/citation_cases.json (its "format" key says how it was written): short articles,
each listing its citation paragraphs, which should be furniture (a bare web address may be a
url piece), and look-alike paragraphs (explanatory notes, sentences that cite inline), which
should stay sentences. Prints the citations read as furniture, the look-alikes kept, any other
piece made furniture, and every miss.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from factcheck.segment import split_sentences

CASES = Path(__file__).resolve().parent / "citation_cases.json"
NOT_SCORED = ("furniture", "url")


def spans(text: str, paragraphs: list[str]) -> list[tuple[int, int]]:
    """Where each of ``paragraphs`` (whole paragraphs of ``text``, in order) stands in it."""
    found, position = [], 0
    for paragraph in paragraphs:
        start = text.index(paragraph, position)
        found.append((start, start + len(paragraph)))
        position = start + len(paragraph)
    return found


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else CASES
    cases = json.loads(path.read_text(encoding="utf-8"))["cases"]
    citations = citations_right = lookalikes = lookalikes_right = others_made_furniture = 0
    misses = []
    for case in cases:
        pieces = split_sentences(case["text"])
        listed = [(span, True) for span in spans(case["text"], case["citations"])]
        listed += [(span, False) for span in spans(case["text"], case["sentences"])]
        claimed = set()
        for (start, end), citation in listed:
            inside = [p for p in pieces if start <= p.start < end]
            claimed.update(p.index for p in inside)
            kinds = [p.kind for p in inside]
            if citation:
                citations += 1
                right = all(kind in NOT_SCORED for kind in kinds)
                citations_right += right
            else:
                lookalikes += 1
                right = "furniture" not in kinds
                lookalikes_right += right
            if not right:
                want = "citation" if citation else "look-alike"
                misses.append(f"{case['name']}: {want} read as {kinds}: {case['text'][start:end]!r}")
        for piece in pieces:
            if piece.index not in claimed and piece.kind == "furniture":
                others_made_furniture += 1
                misses.append(f"{case['name']}: other piece made furniture: {piece.text!r}")
    print(f"{len(cases)} articles ({path.name})")
    print(f"citations read as furniture: {citations_right} of {citations}")
    print(f"look-alikes kept as sentences: {lookalikes_right} of {lookalikes}")
    print(f"other pieces made furniture: {others_made_furniture}")
    for miss in misses:
        print(" ", miss)


if __name__ == "__main__":
    main()
