"""Claim IDs and claim selection."""

import datetime as dt

from factcheck.claims import annotate, claim_ids, normalise_sentence
from factcheck.merge import merge_reviews
from factcheck.segment import split_sentences


def test_claim_id_ignores_typography_and_whitespace():
    curly = "Russia’s economy is “29 times” bigger — says\n  the report."
    straight = 'Russia\'s economy is "29 times" bigger - says the report.'
    assert normalise_sentence(curly) == normalise_sentence(straight)
    assert claim_ids([curly]) == claim_ids([straight])
    [claim_id] = claim_ids([curly])
    assert claim_id.startswith("C") and len(claim_id) == 11
    int(claim_id[1:], 16)


def test_repeated_sentences_get_numbered_ids():
    first, second, third, other = claim_ids(["Prices rose.", "Prices  rose.", "Prices rose.", "Prices fell."])
    assert second == f"{first}-2" and third == f"{first}-3"
    assert other != first


def test_different_sentences_get_different_ids():
    assert len(set(claim_ids([f"The plan costs {n} million." for n in range(500)]))) == 500


def test_a_first_run_lists_scores_at_or_above_threshold_as_new():
    sentences = split_sentences("Prices rose 5 percent. We will see. It cost $3 million in 2014.")
    claims = annotate(sentences, [0.9, 0.1, 0.5])
    result = merge_reviews(claims, 0.5, None, dt.date(2026, 1, 1))
    assert {row["change"] for row in result.claims} == {"new"} and result.report.new == 2
    assert [row["claim"] for row in result.claims] == [
        "Prices rose 5 percent.",
        "It cost $3 million in 2014.",
    ]
    assert [str(d) for d in claims[2].details] == ["$3 million (money)", "2014 (year)"]
    assert claims[0].kind == "statistic"


def test_urls_near_a_claim_become_its_suggested_sources():
    sentences = split_sentences("Unemployment fell to 4 percent in May.")
    [claim] = annotate(sentences, [0.9], [("https://stats.example/may",)])
    assert claim.suggested_sources == ("https://stats.example/may",)
