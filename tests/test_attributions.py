"""Who said it, read in context: quotations split by their attribution, "he said", described channels."""

from factcheck.details import attributions, source_hints, source_type
from factcheck.segment import split_sentences

ARTICLE = """“The harbour is full. We need a second quay,” Mayor Ann Berg said in an interview with
the Harbour Post newspaper.

“Why wait? Why not now?” she asked. “The money is there.”

“Costs will rise,” port director Tom Vik said at a briefing, as quoted by Nordic Wire.
“We will publish the figures,” the wire service quoted Vik as saying.
He added that tolls would stay at 40 krona.
"""


def said_by_each():
    sentences = [s for s in split_sentences(ARTICLE) if s.kind == "sentence"]
    return {s.plain_text: who for s, who in zip(sentences, attributions([s.plain_text for s in sentences], [s.paragraph for s in sentences]))}


def test_first_sentence_of_a_quotation_takes_the_attribution_after_it():
    found = said_by_each()
    assert found["“The harbour is full."] == "Ann Berg (interview with Harbour Post)"
    assert found["We need a second quay,” Mayor Ann Berg said in an interview with the Harbour Post newspaper."] == "Ann Berg (interview with Harbour Post)"


def test_pronoun_and_following_quotation_resolve_to_the_last_speaker():
    found = said_by_each()
    assert found["“Why wait?"] == "Ann Berg"
    assert found["Why not now?” she asked."] == "Ann Berg"
    assert found["“The money is there.”"] == "Ann Berg"


def test_a_sentence_opening_with_he_said_takes_the_last_speaker():
    assert said_by_each()["He added that tolls would stay at 40 krona."] == "Vik"


def test_a_described_channel_gets_the_name_given_before():
    found = said_by_each()
    assert found["“Costs will rise,” port director Tom Vik said at a briefing, as quoted by Nordic Wire."] == "Tom Vik (as quoted by Nordic Wire)"
    assert found["“We will publish the figures,” the wire service quoted Vik as saying."] == "Vik (quoted by Nordic Wire, the wire service)"


def test_a_speaker_named_before_a_who_clause_is_the_last_speaker():
    sentences = split_sentences("Anna Berg, who has led the union since 2019, said 300 jobs would go. She added that talks would resume in May.")
    assert attributions([s.plain_text for s in sentences], [1, 1]) == ["Anna Berg", "Anna Berg"]


def test_sentences_without_attribution_stay_blank():
    sentences = split_sentences("Prices rose 5 percent. The bridge opened in 1962.")
    assert attributions([s.plain_text for s in sentences], [1, 1]) == ["", ""]


def test_documents_and_outlets_are_source_hints_with_their_type():
    text = "Traffic doubled, according to a 2025 survey by the council's transport department, Reuters reported."
    hints = source_hints(text)
    assert hints == ["2025 survey by the council's transport department", "Reuters"]
    assert [source_type(h) for h in hints] == ["document", "outlet"]
    assert source_type("https://stats.example/a") == "URL"
    owned = "Riders fell, the transit authority's own forecast shows, and the IMF's 2024 review agrees; he said the council's audit was late."
    assert source_hints(owned) == ["transit authority's own forecast", "IMF's 2024 review", "council's audit"]
    assert {source_type(h) for h in source_hints(owned)} == {"document"}
