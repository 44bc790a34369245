"""How the splitter reads an article whatever its line breaks.

    python bench/line_breaks.py [ARTICLES.json...] [--misses]

Each article of the files (default bench/line_break_articles.json) is a list of paragraphs,
one string each, as a document shows them. The reference is the article with a blank line
between paragraphs. The same article is then laid out as plain text arrives from elsewhere:
one line a paragraph with single line breaks (Word's "Save as Plain Text", a copy from a
browser), the same with Windows line ends, hard-wrapped at 72 columns (greedy, as an editor
wraps) and at 60 by GNU fmt (which balances lines and prefers breaking after a sentence)
with blank lines between paragraphs, and hard-wrapped at 72 with no blank lines at all. A
layout reads an article right when it gives the reference's pieces (text with whitespace
collapsed, and kind) and groups its sentences, headings and URL lines into the same
paragraphs. Prints, for each layout, the articles read right, the pieces that differ from
the reference, and the articles whose pieces are all right but grouped into other
paragraphs.
"""

from __future__ import annotations

import argparse
import difflib
import json
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from factcheck.segment import split_sentences  # noqa: E402

DEFAULT_ARTICLES = Path(__file__).with_name("line_break_articles.json")


def _greedy(width: int) -> Callable[[str], str]:
    return lambda paragraph: textwrap.fill(
        paragraph, width, break_long_words=False, break_on_hyphens=False
    )


def _fmt(width: int) -> Callable[[str], str]:
    def wrap(paragraph: str) -> str:
        done = subprocess.run(
            ["fmt", "-w", str(width)], input=paragraph, capture_output=True, text=True, check=True
        )
        return done.stdout.rstrip("\n")

    return wrap


def _layouts() -> dict[str, Callable[[list[str]], str]]:
    layouts: dict[str, Callable[[list[str]], str]] = {
        "one line a paragraph": "\n".join,
        "one line a paragraph, CRLF": "\r\n".join,
        "wrapped at 72, blank lines": lambda paragraphs: "\n\n".join(map(_greedy(72), paragraphs)),
        "wrapped at 72, no blank lines": lambda paragraphs: "\n".join(map(_greedy(72), paragraphs)),
    }
    if shutil.which("fmt"):
        layouts["fmt -w 60, blank lines"] = lambda paragraphs: "\n\n".join(map(_fmt(60), paragraphs))
    return layouts


def reading(text: str) -> list[tuple[int, str, str]]:
    """Each piece as (paragraph counted from the first, text with whitespace collapsed, kind).

    Furniture is left out of the count: whether a byline and its date line share a paragraph
    changes nothing a checker sees."""
    pieces = split_sentences(text)
    prose = dict.fromkeys(p.paragraph for p in pieces if p.kind != "furniture")
    numbers = {number: order for order, number in enumerate(prose)}
    return [(numbers.get(p.paragraph, -1), p.plain_text, p.kind) for p in pieces]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", nargs="*", type=Path, default=[DEFAULT_ARTICLES])
    parser.add_argument("--misses", action="store_true", help="show each article read otherwise")
    args = parser.parse_args()
    articles = [
        article for path in args.articles for article in json.loads(path.read_text())["articles"]
    ]
    references = {a["name"]: reading("\n\n".join(a["paragraphs"])) for a in articles}
    total_pieces = sum(map(len, references.values()))
    print(f"{len(articles)} articles, {total_pieces} pieces in the reference (blank lines between paragraphs)")
    print(f"{'layout':34} {'articles right':>15} {'pieces differ':>14} {'only paragraphs differ':>23}")
    for name, layout in _layouts().items():
        right = pieces_differ = grouping_differ = 0
        misses = []
        for article in articles:
            expected = references[article["name"]]
            got = reading(layout(article["paragraphs"]))
            if got == expected:
                right += 1
                continue
            bare_expected = [piece[1:] for piece in expected]
            bare_got = [piece[1:] for piece in got]
            matcher = difflib.SequenceMatcher(a=bare_expected, b=bare_got, autojunk=False)
            matched = sum(block.size for block in matcher.get_matching_blocks())
            pieces_differ += len(expected) - matched
            grouping_differ += bare_got == bare_expected
            misses.append((article["name"], expected, got))
        print(f"{name:34} {right:>10} / {len(articles):<3} {pieces_differ:>14} {grouping_differ:>23}")
        if args.misses:
            for article_name, expected, got in misses:
                print(f"  {article_name}:")
                for line in difflib.unified_diff(
                    [repr(p) for p in expected], [repr(p) for p in got], lineterm="", n=0
                ):
                    if not line.startswith(("---", "+++", "@@")):
                        print(f"    {line}")


if __name__ == "__main__":
    main()
