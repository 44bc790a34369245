"""Checkable details, claim kind, attribution and source hints on sentences the team wrote."""

import pytest

from factcheck.details import claim_kind, describe_details, find_details, said_by, source_hints

DETAILS = [
    ("Norway, an economy 12 times the size of Iceland, cut its loans last year.", ["12 times (ratio)", "last year (date)"]),
    ("During her 16-year rule the chancellor met him twice.", ["16-year (duration)", "twice (ratio)"]),
    ("The army seized the port in 2014.", ["2014 (year)"]),
    ("The plan costs $1.2 billion, up from 3.5% of revenue.", ["$1.2 billion (money)", "up from (comparison)", "3.5% (percentage)"]),
    ("About 38,000 vehicles cross it every day.", ["38,000 (number)"]),
    ("The strike lasted 11 weeks and ended on March 3, 2021.", ["11 weeks (duration)", "March 3, 2021 (date)"]),
    ("It is the largest dam in Europe, the ministry said on Tuesday.", ["the largest (comparison)", "Tuesday (date)"]),
    ("The council approved a 1.4 billion krona plan.", ["1.4 billion krona (money)"]),
    ("We should talk about it.", []),
]


@pytest.mark.parametrize(("sentence", "expected"), DETAILS)
def test_details_are_found_with_their_type(sentence, expected):
    details = find_details(sentence)
    assert [str(d) for d in details] == expected
    for detail in details:
        assert sentence[detail.start : detail.end] == detail.text


def test_details_never_overlap_and_are_described_in_order():
    details = find_details("In 2019 the $3 million grant was 20 percent of 15 million euros.")
    assert all(a.end <= b.start for a, b in zip(details, details[1:]))
    assert describe_details(details) == "2019 (year); $3 million (money); 20 percent (percentage); 15 million euros (money)"


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Norway, an economy 12 times the size of Iceland, cut its loans.", "comparison"),
        ("Unemployment rose to 7 percent.", "statistic"),
        ("During her 16-year rule she never lost a vote.", "duration"),
        ("The army seized the port in 2014.", "date/event"),
        ("“We will never give up,” she said.", "quotation"),
        ("The new law bans smoking in parks.", "law/rule"),
        ("This is a wonderful town.", "other"),
    ],
)
def test_claim_kind(sentence, kind):
    assert claim_kind(sentence, find_details(sentence)) == kind


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("“It is over,” Mayor Ann Berg said in an interview with the Harbour Post newspaper.", "Ann Berg (interview with Harbour Post)"),
        ("“Costs will rise,” the minister’s spokesman Tom Vik said at a briefing as quoted by Nordic Wire.", "Tom Vik (as quoted by Nordic Wire)"),
        ("The talks were delayed, the city’s Daily Gazette website cited three unnamed officials as saying.", "three unnamed officials (cited by Daily Gazette)"),
        ("The dam will open in May, Deputy mayor Lena Holm was quoted as saying.", "Lena Holm"),
        ("Exports fell by a third, according to the World Bank.", "World Bank"),
        ("Repairs cost 212 million krona, Mr. Olsen of the transport department said.", "Olsen"),
        ("“Why now?” he asked.", ""),
        ("Prices rose sharply in May.", ""),
    ],
)
def test_said_by_names_speaker_and_channel(sentence, speaker):
    assert said_by(sentence) == speaker


def test_source_hints_are_urls_and_named_outlets():
    sentence = "The figures, published at https://stats.example/2025/report.html, were reported by Reuters."
    assert source_hints(sentence) == ["https://stats.example/2025/report.html", "Reuters"]
