"""Checkable details, claim kind, attribution and source hints on sentences the team wrote.

Regression cases for details and kinds live in details_cases.json beside this file; its
"format" key documents the layout and the labelling rules (what a span holds, what is not a
detail, the precedence of kinds). Known misses carry an "xfail" reason and run as strict xfail.
"""

import json
import time
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.details import claim_kind, describe_details, differing_figures, find_details, said_by, source_hints, stated_figures
from factcheck.segment import split_sentences

CASES = json.loads(Path(__file__).with_name("details_cases.json").read_text(encoding="utf-8"))["cases"]
TYPES = {"number", "money", "percentage", "ratio", "rank", "comparison", "year", "date", "duration", "event"}
KINDS = {"statistic", "comparison", "duration", "date/event", "quotation", "law/rule", "prediction", "other"}
SEED = Path(__file__).parents[2] / "shared/seed/article.txt"

DETAILS = [
    ("Norway, an economy 12 times the size of Iceland, cut its loans last year.", ["12 times (ratio)", "last year (date)"]),
    ("During her 16-year rule the chancellor met him twice.", ["16-year (duration)", "twice (ratio)"]),
    ("The army seized the port in 2014.", ["seized the port (event)", "2014 (year)"]),
    ("The plan costs $1.2 billion, up from 3.5% of revenue.", ["$1.2 billion (money)", "up from (comparison)", "3.5% (percentage)"]),
    ("About 38,000 vehicles cross it every day.", ["38,000 (number)"]),
    ("The strike lasted 11 weeks and ended on March 3, 2021.", ["11 weeks (duration)", "March 3, 2021 (date)"]),
    ("It is the largest dam in Europe, the ministry said on Tuesday.", ["the largest (rank)", "Tuesday (date)"]),
    ("The council approved a 1.4 billion krona plan.", ["1.4 billion krona (money)"]),
    ("The siege lasted a year and a half, two and a half years after the war.", ["a year and a half (duration)", "two and a half years (duration)"]),
    ("Half an hour later the bridge shut for an hour and a half.", ["Half an hour later (date)", "an hour and a half (duration)"]),
    ("It opened on the twenty-first of May, the first time since 2019.", ["twenty-first of May (date)", "the first time (rank)", "2019 (year)"]),
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
        ("The council expects the bridge to open in 2028.", "prediction"),
        ("Prices could double within a year, the bank warned.", "prediction"),
        ("The bank, which raised rates in March, is expected to cut them in June.", "date/event"),
        ("The council won’t say how much it spent.", "other"),
    ],
)
def test_claim_kind(sentence, kind):
    assert claim_kind(sentence, find_details(sentence)) == kind


def case_params():
    params = []
    for number, case in enumerate(CASES, 1):
        marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if "xfail" in case else []
        params.append(pytest.param(case, marks=marks, id=f"{number}-{case['text'][:40]}"))
    return params


@pytest.mark.parametrize("case", case_params())
def test_cases_file(case):
    text = case["text"]
    details = find_details(text)
    assert [(d.text, d.type) for d in details] == [(d["text"], d["type"]) for d in case["details"]]
    assert claim_kind(text, details) == case["kind"]


def test_cases_file_is_well_formed():
    assert len(CASES) >= 70
    assert sum("xfail" in case for case in CASES) < len(CASES) / 10
    for case in CASES:
        assert case["kind"] in KINDS
        position = 0
        for detail in case["details"]:
            assert detail["type"] in TYPES
            assert detail["text"] == detail["text"].strip()
            position = case["text"].index(detail["text"], position) + len(detail["text"])


def test_span_precision_and_recall_over_the_cases_file():
    """Exact text and type is a true positive; every case counts, known misses included."""
    true_positives = found_total = expected_total = 0
    for case in CASES:
        found = Counter((d.text, d.type) for d in find_details(case["text"]))
        expected = Counter((d["text"], d["type"]) for d in case["details"])
        true_positives += sum((found & expected).values())
        found_total += sum(found.values())
        expected_total += sum(expected.values())
    assert true_positives / found_total >= 0.9
    assert true_positives / expected_total >= 0.9


def assert_well_formed(text, details):
    """Offsets exact, spans tight, in order and never overlapping."""
    for detail in details:
        assert text[detail.start : detail.end] == detail.text
        assert detail.text and detail.text == detail.text.strip()
        assert not detail.text.endswith((",", ";", ":", "!", "?", "-"))
        assert not detail.text.endswith(".") or detail.text.endswith(("a.m.", "p.m."))
    assert all(a.end <= b.start for a, b in zip(details, details[1:]))


WORDS = sorted({word for case in CASES for word in case["text"].split()})
PIECES = st.lists(st.sampled_from(WORDS) | st.text(alphabet="0123456789,.-–:/%$€ aAmpy", max_size=12), max_size=25)


@given(PIECES)
def test_details_of_any_text_are_well_formed(pieces):
    text = " ".join(pieces)
    assert_well_formed(text, find_details(text))


@pytest.mark.parametrize(
    "text",
    ["1," * 20000, "1." * 20000, "1-" * 20000, "+1 " + "22 " * 10000, "seized the " + "Crimean " * 10000, "two " * 20000],
)
def test_long_adversarial_text_is_handled(text):
    """Patterns are linear-time; bench/details_accuracy.py measures how time grows."""
    assert_well_formed(text, find_details(text))


@pytest.mark.skipif(not SEED.is_file(), reason="no seed article beside the checkout")
def test_seed_claims_keep_their_details():
    described = [describe_details(find_details(s.plain_text)) for s in split_sentences(SEED.read_text(encoding="utf-8"))]
    for detail in ("29 times (ratio)", "25-year (duration)", "2014 (year)", "last year (date)"):
        assert any(detail in line for line in described), detail


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("“It is over,” Mayor Ann Berg said in an interview with the Harbour Post newspaper.", "Ann Berg (interview with Harbour Post)"),
        ("“Costs will rise,” the minister’s spokesman Tom Vik said at a briefing as quoted by Nordic Wire.", "Tom Vik (as quoted by Nordic Wire)"),
        ("The talks were delayed, the city’s Daily Gazette website cited three unnamed officials as saying.", "three unnamed officials (cited by Daily Gazette)"),
        ("The dam will open in May, Deputy mayor Lena Holm was quoted as saying.", "Lena Holm"),
        ("Exports fell by a third, according to the World Bank.", "World Bank"),
        ("Repairs cost 212 million krona, Mr. Olsen of the transport department said.", "Olsen"),
        ("The plan will cost 40 million euros, Maria Lopez, who chairs the budget committee, said on Tuesday.", "Maria Lopez"),
        ("Anna Berg, who has led the union since 2019, said 300 jobs would go.", "Anna Berg"),
        ("Waiting lists grew by 12 percent, according to the Royal College of Nursing.", "Royal College of Nursing"),
        ("Inflation will fall to 2 percent next year, the Bank of England said.", "Bank of England"),
        ("Unemployment rose to 4.4 percent, the Office for National Statistics said.", "Office for National Statistics"),
        ("The glacier lost a fifth of its ice in a decade, the University of Oslo said.", "University of Oslo"),
        ("In the Netherlands the Central Bank said rates would stay at 4 percent.", "Central Bank"),
        ("But Statistics Norway, which publishes the figures, said the count was wrong.", "Statistics Norway"),
        ("Maria Lopez, the committee chair, said the plan would cost 40 million euros.", "Maria Lopez"),
        ("Anna Berg, 54, said 300 jobs would go.", "Anna Berg"),
        ("Tom Vik, a spokesman for the ministry, said 12 people were hurt.", "Tom Vik"),
        ("Inflation rose to 4.1 percent in May, said the Office for National Statistics.", "Office for National Statistics"),
        ("Rates will stay at 5 percent, said the Bank of England on Tuesday.", "Bank of England"),
        ("“Costs will rise,” said the Royal College of Nursing, which represents 500,000 staff.", "Royal College of Nursing"),
        ("Officials said the Treasury would act.", "Officials"),
        ("officials said Britain would act.", ""),
        ("The minister told MPs last week that no ward had closed.", ""),
        ("Tom Vik, a spokesman for the Ministry of Health, said 12 people were hurt.", "Tom Vik"),
        ("Rates will stay at 5 percent, said the Bank of England in a statement.", "Bank of England"),
        ("'Nine men were taken,' said Amina Rauf, weeping.", "Amina Rauf"),
        ("“We won,” said Maria Lopez after the match.", "Maria Lopez"),
        ("Prices will rise, officials said the Treasury would warn.", ""),
        ("He said the Bank of England on Tuesday cut rates.", ""),
        ("Norway, an economy 12 times the size of Iceland, cut its loans.", ""),
        ("And I said it would cost 5 million euros.", ""),
        ("“Why now?” he asked.", ""),
        ("Prices rose sharply in May.", ""),
    ],
)
def test_said_by_names_speaker_and_channel(sentence, speaker):
    assert said_by(sentence) == speaker


@pytest.mark.parametrize(
    "text",
    [
        "Anna Berg, " * 2000,
        "Anna Berg, the " + "long " * 4000,
        ", said the " + "Bank of " * 2000,
        "said the Bank, " * 2000,
        "Maria Lopez, 54 " * 2000,
    ],
)
def test_said_by_stays_fast_on_long_sentences(text):
    """Every pattern is bounded from where it starts, so the search is linear."""
    began = time.perf_counter()
    said_by(text)
    short = time.perf_counter() - began
    began = time.perf_counter()
    said_by(text + text)
    assert time.perf_counter() - began < max(10 * short, 0.5)


def test_source_hints_are_urls_and_named_outlets():
    sentence = "The figures, published at https://stats.example/2025/report.html, were reported by Reuters."
    assert source_hints(sentence) == ["https://stats.example/2025/report.html", "Reuters"]


# A claim and an earlier check of it, in other words: the same figures however they are spelt,
# or one adding a detail the other leaves out. The earlier verdict holds; nothing is said.
SAME_FIGURES = [
    ("Unemployment fell to 4.2 percent last year.", "Last year unemployment dropped to 4.2%."),
    ("The bridge cost $1.5bn.", "The bridge cost 1.5 billion dollars."),
    ("Twelve people were hurt in the blast.", "The blast hurt 12 people."),
    ("Half a million people marched on Saturday.", "On Saturday 500,000 people marched."),
    ('"We have registered three hundred thousand new voters," the minister said.', "The minister said 300,000 new voters had registered."),
    ("The strike lasted 11 weeks and ended on March 3, 2021.", "It ended on 3 March 2021, after eleven weeks."),
    ("Its economy is 29 times the size of Iceland's.", "The economy is twenty-nine times Iceland's."),
    ("Crime doubled between 2015 and 2020.", "Crime in the city doubled."),
    ("The plant closed in 2019 with 300 job losses.", "The plant closed with the loss of 300 jobs."),
    ("Rents doubled in a decade.", "Rents rose two times over in a decade."),
    ("Home prices rose 3 percent in 2024.", "In 2024 home prices increased by 3%."),
    ("Wages rose last year while prices fell.", "Prices fell last year."),  # one side says both ways
    ("The company declined to comment on the rise in sales.", "Sales rose."),  # refused, not fell
    ("Lila Rose said the clinic cut its fees.", "The clinic cut its fees."),  # a name, not a rise
    ("He grew up in Ohio, where factory jobs fell by a third.", "Ohio's factory jobs dropped by a third."),
    ("Women make up 30 percent of MPs, down from 34 percent.", "Women's share of seats fell to 30 percent from 34 percent."),
    ("The Taliban rose to power in August 2021, when Kabul fell.", "Kabul fell to the Taliban in August 2021."),
    ("The minister, who stepped down in 2019, says rents fell.", "Rents fell, the former minister says."),
    # an amount of time in other units
    ("Fighting around the airport has continued for 48 hours.", "For two days now there has been fighting around the airport."),
    ("The war lasted a year and a half.", "The war lasted 18 months."),
    ("The talks ran for an hour and a half.", "The talks took 90 minutes."),
    ("Building the dam took a decade.", "The dam took ten years to build."),
    ("He was freed two and a half years later.", "He was freed 30 months later."),
    ("The director was fired on July 19, 1993.", "The director was fired a day later."),  # no calendar date
    # shares, ordinals and metres
    ("About a quarter of young adults in the capital are unemployed, against one in ten nationally.", "One in four young adults in the capital is out of work."),
    ("Two-thirds of voters backed the plan.", "Two in three voters backed the plan."),
    ("Pyke, of the 14th floor, says the lifts broke down three times in May.", '"This is the third time in May the lifts broke down," says Pyke, of the fourteenth floor.'),
    ("New homes must be built at least 1.5 m above the flood level.", "New homes must be raised at least 1.5 metres above the flood level."),
    ("The bridge reopened on the twelfth of October.", "The bridge reopened on October 12."),
]
# The same claim with other figures: the earlier verdict was given on those, so they are named.
OTHER_FIGURES = [
    ("Unemployment fell to 4.6 percent last year.", "Unemployment fell to 4.2 percent last year.", "4.6 percent here, 4.2 percent there"),
    ("The bridge cost 1.9 billion dollars.", "The bridge cost $1.2 billion.", "1.9 billion dollars here, $1.2 billion there"),
    ("Crime doubled between 2015 and 2020.", "Crime doubled from 2015 to 2021.", "2020 here, 2021 there"),
    ("The strike ended on March 5, 2021.", "The strike ended on March 3, 2021.", "March 5, 2021 here, March 3, 2021 there"),
    ("He ruled the country for 25 years.", "He ruled the country for twenty-one years.", "25 years here, twenty-one years there"),
    ("The strike lasted 25 days.", "The strike lasted 25 weeks.", "25 days here, 25 weeks there"),
    ("Samples may be kept for up to six years.", "Samples may be kept for up to six months.", "six years here, six months there"),
    ("Prices doubled in a decade.", "Prices doubled in two decades.", "a decade here, two decades there"),
    ("The flood came two days ago.", "The flood came a week ago.", "two days ago here, a week ago there"),
    ("A third of the homes flooded.", "A quarter of the homes flooded.", "A third here, A quarter there"),
    ("Prices doubled, the 11th rise in a row.", "Prices doubled, the twelfth rise in a row.", "the 11th here, the twelfth there"),
    ("The bridge reopened on the second of May.", "The bridge reopened on May 1.", "second of May here, May 1 there"),
    ("A million people signed the petition.", "Two million people signed the petition.", "A million here, Two million there"),
    ("Crime in the city doubled after 2015.", "Crime in the city tripled after 2015.", "doubled here, tripled there"),
    ("Violent crime in the city rose 10 percent last year.", "Violent crime in the city fell 10 percent last year.", "rose here, fell there"),
    ("The mayor cut property taxes three times.", "The mayor raised property taxes three times.", "cut here, raised there"),
    ("Police recorded a 12 percent fall in burglaries.", "Police recorded a 12 percent rise in burglaries.", "fall here, rise there"),
    ("Exports were down 5 percent in May.", "Exports were up 5 percent in May.", "down here, up there"),
    ("Turnout declined to 60 percent.", "Turnout rose to 60 percent.", "declined here, rose there"),
    ("Sales were up by a third.", "Sales were down by a third.", "up here, down there"),
    ("Rising prices hit shoppers in May.", "“Falling prices helped shoppers in May,” she said.", "Rising here, Falling there"),
    (
        "Turnout fell to 61 percent, down from 67 percent.",
        "Turnout rose to 71 percent, up from 67 percent.",
        "61 percent here, 71 percent there; fell here, rose there",
    ),
    (
        "Unemployment fell to 4.6 percent, its lowest since 2009.",
        "Unemployment fell to 4.2 percent, its lowest since 2008.",
        "4.6 percent here, 4.2 percent there; 2009 here, 2008 there",
    ),
]


@pytest.mark.parametrize(("claim", "earlier"), SAME_FIGURES)
def test_figures_spelt_otherwise_or_left_out_do_not_differ(claim, earlier):
    assert differing_figures(claim, earlier) is None
    assert differing_figures(earlier, claim) is None


@pytest.mark.parametrize(("claim", "earlier", "difference"), OTHER_FIGURES)
def test_other_figures_are_named_here_and_there(claim, earlier, difference):
    assert differing_figures(claim, earlier) == difference
    pairs = (part.removesuffix(" there").split(" here, ") for part in difference.split("; "))
    assert differing_figures(earlier, claim) == "; ".join(f"{there} here, {here} there" for here, there in pairs)


def test_stated_figures_read_digits_words_and_scales_alike():
    figures = [stated_figures(d) for d in find_details("It cost $40 million, forty million dollars or 40,000,000 dollars.")]
    assert figures == [frozenset({"40000000.0"})] * 3
    details = find_details("It cost two hundred thousand dollars, and a hundred thousand people came.")
    assert [(d.text, d.type, stated_figures(d)) for d in details] == [
        ("two hundred thousand dollars", "money", frozenset({"200000.0"})), ("a hundred thousand", "number", frozenset({"100000.0"}))
    ]
    details = find_details("Turnout rose last year, a record, twice as fast as in the first round.")
    assert [(d.text, stated_figures(d)) for d in details] == [
        ("last year", frozenset()), ("a record", frozenset()), ("twice", frozenset({"2.0"})), ("the first", frozenset({"1.0"}))
    ]


@given(PIECES, PIECES)
def test_figures_of_any_two_texts_compare_both_ways(first, second):
    text, earlier = " ".join(first), " ".join(second)
    assert differing_figures(text, text) is None
    difference = differing_figures(text, earlier)
    assert (difference is None) == (differing_figures(earlier, text) is None)
    assert difference is None or (" here, " in difference and difference.endswith(" there"))
