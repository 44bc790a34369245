"""Compare factcheck's sentence splitter with maintained splitters on the regression cases.

    python bench/split_compare.py [--cases FILE] [--misses]

Runs tests/segment_cases.json (or another cases file in its format) through
`factcheck.split_sentences` and through pySBD, syntok, sentencex, nupunkt and blingfire
where they are installed (they are not project dependencies: `pip install pysbd syntok
sentencex nupunkt blingfire`; missing ones are skipped). The others know nothing of
furniture, headings or URL lines, so they are compared on the cases whose pieces are all
sentences, and on pySBD's English golden rules when the pySBD install ships them. A case is
right when its sentences, each with whitespace collapsed, equal the expected list exactly.
The others get the text a paragraph at a time (blank lines end paragraphs), factcheck gets
it whole. Every case is scored again hard-wrapped at 60 columns, and each splitter is timed
once on the ~1 MB text of bench/split_speed.py.
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
import sys
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any

from split_speed import CASES, article_text

from factcheck import split_sentences

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.test_segment import hard_wrapped  # noqa: E402  (the tests' own wrapping, so both score alike)

Splitter = Callable[[str], list[str]]
_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")

# (distribution, module to import, how to make a one-paragraph splitter from the module)
OTHERS: list[tuple[str, str, Callable[[Any], Splitter]]] = [
    ("pysbd", "pysbd", lambda module: module.Segmenter(language="en", clean=False).segment),
    (
        "syntok",
        "syntok.segmenter",
        lambda module: lambda text: [
            "".join(token.spacing + token.value for token in sentence)
            for paragraph in module.analyze(text)
            for sentence in paragraph
        ],
    ),
    ("sentencex", "sentencex", lambda module: lambda text: list(module.segment("en", text))),
    ("nupunkt", "nupunkt", lambda module: module.sent_tokenize),
    (
        "blingfire",
        "blingfire",
        lambda module: lambda text: module.text_to_sentences(text).split("\n"),
    ),
]


def splitters() -> dict[str, Splitter]:
    """factcheck's splitter and every other one that is installed, by distribution name."""
    found: dict[str, Splitter] = {
        "factcheck": lambda text: [piece.text for piece in split_sentences(text)]
    }
    for name, module_name, make in OTHERS:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            print(f"{name}: not installed, skipped")
            continue
        found[name] = by_paragraph(make(module))
    return found


def by_paragraph(split: Splitter) -> Splitter:
    """Run `split` on each blank-line-separated paragraph of a text."""
    return lambda text: [
        sentence for paragraph in _BLANK_LINE.split(text) if paragraph.strip()
        for sentence in split(paragraph)
    ]


def collapsed(sentences: list[str]) -> list[str]:
    """The sentences with whitespace collapsed, empty ones dropped."""
    return [" ".join(sentence.split()) for sentence in sentences if sentence.strip()]


def whole_case_right(case: dict) -> bool:
    """factcheck gives every piece of the case, with its kind where the case lists kinds."""
    pieces = split_sentences(case["text"])
    return [piece.plain_text for piece in pieces] == case["sentences"] and (
        "kinds" not in case or [piece.kind for piece in pieces] == case["kinds"]
    )


def golden_rules() -> list[dict]:
    """pySBD's English golden rules as cases, when pySBD ships them; else none."""
    try:
        from benchmarks.english_golden_rules import GOLDEN_EN_RULES
    except ImportError:
        return []
    return [
        {"name": f"golden rule {number}", "text": text, "sentences": expected}
        for number, (text, expected) in enumerate(GOLDEN_EN_RULES, start=1)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, default=CASES, help="cases file (default: the suite)")
    parser.add_argument("--misses", action="store_true", help="list each splitter's missed cases")
    args = parser.parse_args()
    cases = json.loads(args.cases.read_text(encoding="utf-8"))["cases"]
    whole = sum(map(whole_case_right, cases))
    print(f"factcheck, {args.cases.name}, every piece and kind: {whole}/{len(cases)} cases")
    case_sets = {
        args.cases.name: [c for c in cases if set(c.get("kinds", ["sentence"])) <= {"sentence"}],
        "pySBD golden rules": golden_rules(),
    }
    case_sets = {name: chosen for name, chosen in case_sets.items() if chosen}
    megabyte = article_text()

    columns = [
        f"{name} ({len(chosen)}){wrapped}"
        for name, chosen in case_sets.items()
        for wrapped in ("", ", wrapped")
    ]
    print(f"\n| splitter | version | {' | '.join(columns)} | s per MB |")
    print("|---" * (len(columns) + 3) + "|")
    misses: dict[str, list[str]] = {}
    for name, split in splitters().items():
        scores = []
        misses[name] = []
        for chosen in case_sets.values():
            missed = [c["name"] for c in chosen if collapsed(split(c["text"])) != c["sentences"]]
            wrapped = sum(
                collapsed(split(hard_wrapped(c["text"]))) == c["sentences"] for c in chosen
            )
            scores += [len(chosen) - len(missed), wrapped]
            misses[name] += missed
        started = time.perf_counter()
        split(megabyte)
        seconds = time.perf_counter() - started
        print(f"| {name} | {version(name)} | {' | '.join(map(str, scores))} | {seconds:.2f} |")
    if args.misses:
        for name, names in misses.items():
            print(f"\n{name} misses: {'; '.join(names) or 'none'}")


if __name__ == "__main__":
    main()
