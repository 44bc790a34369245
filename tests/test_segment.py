"""Tests for factcheck.segment.

Regression cases live in segment_cases.json beside this file. Its "format" key documents the
layout: a "cases" list of objects with "name", "text", "sentences" (the plain_text of every
returned piece, in order), optional "kinds", optional "wrap" (also split a hard-wrapped copy)
and optional "xfail" (a known miss, run as a strict xfail). Every case, the seed article and
random texts built from the cases are also checked for exact, ordered, non-overlapping
offsets that cover all non-whitespace text.
"""

import json
import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.segment import Sentence, split_sentences

CASES = json.loads(Path(__file__).with_name("segment_cases.json").read_text(encoding="utf-8"))[
    "cases"
]
SEED = Path(__file__).parents[2] / "shared/seed/article.txt"
KINDS = {"sentence", "url", "heading", "furniture"}


def assert_well_formed(text: str, sentences: list[Sentence]) -> None:
    """Offsets exact, pieces stripped and in order, every non-space character in one piece."""
    previous_end, previous_paragraph = 0, 1
    for position, sentence in enumerate(sentences):
        assert sentence.index == position
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text and sentence.text == sentence.text.strip()
        assert sentence.start >= previous_end
        assert sentence.paragraph >= previous_paragraph
        assert sentence.kind in KINDS
        previous_end, previous_paragraph = sentence.end, sentence.paragraph
    covered = sum(len("".join(sentence.text.split())) for sentence in sentences)
    assert covered == len("".join(text.split()))


def case_params(cases: list[dict]) -> list:
    return [
        pytest.param(
            case,
            id=case["name"],
            marks=[pytest.mark.xfail(strict=True, reason=case["xfail"])] if "xfail" in case else [],
        )
        for case in cases
    ]


def hard_wrapped(text: str, width: int = 60) -> str:
    """`text` with each line longer than `width` wrapped at `width` columns, as mailers do."""
    return "\n".join(
        "\n".join(textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False))
        if len(line) > width
        else line
        for line in text.split("\n")
    )


def test_cases_file_follows_its_format() -> None:
    names = [case["name"] for case in CASES]
    assert len(names) == len(set(names)) >= 80
    for case in CASES:
        assert set(case) <= {"name", "text", "sentences", "kinds", "wrap", "xfail", "note"}
        assert len(case.get("kinds", case["sentences"])) == len(case["sentences"])
    wrapped = [case for case in CASES if case.get("wrap")]
    assert len(wrapped) >= 5
    assert all(hard_wrapped(case["text"]) != case["text"] for case in wrapped)


def assert_case(case: dict, text: str) -> None:
    sentences = split_sentences(text)
    assert_well_formed(text, sentences)
    assert [sentence.plain_text for sentence in sentences] == case["sentences"]
    if "kinds" in case:
        assert [sentence.kind for sentence in sentences] == case["kinds"]


@pytest.mark.parametrize("case", case_params(CASES))
def test_case(case: dict) -> None:
    assert_case(case, case["text"])


@pytest.mark.parametrize("case", case_params([case for case in CASES if case.get("wrap")]))
def test_hard_wrapped_case_gives_the_same_pieces(case: dict) -> None:
    assert_case(case, hard_wrapped(case["text"]))


def test_plain_text_joins_hard_wraps() -> None:
    sentence = Sentence(0, 1, 0, 21, "Prices\n rose  in\tMay.", "sentence")
    assert sentence.plain_text == "Prices rose in May."


def test_paragraphs_are_numbered_from_one() -> None:
    text = "First one.\n\n\nSecond one. Still second.\n \t\nhttps://example.org\n\nThird\none."
    assert [(s.paragraph, s.kind) for s in split_sentences(text)] == [
        (1, "sentence"),
        (2, "sentence"),
        (2, "sentence"),
        (3, "url"),
        (4, "sentence"),
    ]


def test_offsets_index_the_text_as_given() -> None:
    text = "  The vote\r\nended. \r\n\r\nIt was close."
    first, second = split_sentences(text)
    assert (first.start, first.end, first.text) == (2, 18, "The vote\r\nended.")
    assert text[second.start : second.end] == "It was close."


FRAGMENTS = sorted(
    {piece for case in CASES for piece in [case["text"], *case["text"].splitlines()] if piece}
)
SEPARATORS = [" ", "\n", "\n\n", "\n \n", "\r\n", "\t", ""]
NOISE = st.text(alphabet="aZ1 .?!…\"“”'’()[]:,-\n\u00a0", max_size=30)


@given(st.lists(st.tuples(st.sampled_from(FRAGMENTS) | NOISE, st.sampled_from(SEPARATORS))))
def test_random_texts_split_into_exact_pieces(parts: list[tuple[str, str]]) -> None:
    text = "".join(fragment + separator for fragment, separator in parts)
    sentences = split_sentences(text)
    assert_well_formed(text, sentences)
    assert all(" ".join(s.plain_text.split()) == s.plain_text for s in sentences)


@pytest.fixture(scope="module")
def seed() -> tuple[str, list[Sentence]]:
    if not SEED.is_file():
        pytest.skip(f"seed article not found at {SEED}")
    text = SEED.read_text(encoding="utf-8")
    return text, split_sentences(text)


def by_start(sentences: list[Sentence], start: str) -> Sentence:
    (found,) = [sentence for sentence in sentences if sentence.plain_text.startswith(start)]
    return found


def test_seed_offsets(seed: tuple[str, list[Sentence]]) -> None:
    assert_well_formed(*seed)


def test_seed_quotation_keeps_its_attribution(seed: tuple[str, list[Sentence]]) -> None:
    sentence = by_start(seed[1], "“The simplest option")
    assert sentence.kind == "sentence"
    assert sentence.plain_text.endswith(
        "You join Belarus,” Lukashenko said in an interview with Russia’s Ekho Moskvy radio station."
    )


def test_seed_questions_split_inside_the_quotation(seed: tuple[str, list[Sentence]]) -> None:
    texts = [sentence.plain_text for sentence in seed[1]]
    first = texts.index("“Why are some of you inviting us to join Russia?")
    assert texts[first + 1 : first + 3] == [
        "Why aren’t you considering this [other] possibility?” he asked.",
        "“Take a listen: Russia is a part of Belarus.”",
    ]


def test_seed_url_lines(seed: tuple[str, list[Sentence]]) -> None:
    urls = [sentence.plain_text for sentence in seed[1] if sentence.kind == "url"]
    assert urls == [
        "https://echo.msk.ru/programs/beseda/2559487-echo/",
        "https://www.themoscowtimes.com/2026/07/07/is-the-kremlin-finally-ready-to-play-hardball-with-belarus",
    ]


def test_seed_related_article_is_furniture(seed: tuple[str, list[Sentence]]) -> None:
    assert by_start(seed[1], "Related article:").kind == "furniture"


@pytest.mark.parametrize(
    "claim",
    [
        "Russia, an economy 29 times the size of Belarus, began to scale back energy subsidies"
        " and loans to its smaller neighbor last year.",
        "Lukashenko, who has relied on Russian loans and cheap energy during his 25-year rule"
        " over Belarus, floated a similar idea this spring.",
        "Belarus has been uneasy over the prospects of integrating further with Russia after"
        " Moscow seized the Crimean peninsula from Ukraine in 2014.",
    ],
)
def test_seed_claims_are_whole_sentences(seed: tuple[str, list[Sentence]], claim: str) -> None:
    assert [s.kind for s in seed[1] if s.plain_text == claim] == ["sentence"]
