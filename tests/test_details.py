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

from factcheck.details import claim_kind, describe_details, find_details, said_by, source_hints
from factcheck.segment import split_sentences

CASES = json.loads(Path(__file__).with_name("details_cases.json").read_text(encoding="utf-8"))["cases"]
TYPES = {"number", "measure", "money", "percentage", "ratio", "rank", "comparison", "year", "date", "duration", "event"}
KINDS = {"statistic", "comparison", "duration", "date/event", "quotation", "law/rule", "prediction", "other"}
SEED = Path(__file__).parents[2] / "shared/seed/article.txt"

DETAILS = [
    ("Norway, an economy 12 times the size of Iceland, cut its loans last year.", ["12 times (ratio)", "last year (date)"]),
    ("During her 16-year rule the chancellor met him twice.", ["16-year (duration)", "twice (ratio)"]),
    ("The army seized the port in 2014.", ["seized the port (event)", "2014 (year)"]),
    ("The plan costs $1.2 billion, up from 3.5% of revenue.", ["$1.2 billion (money)", "up from (comparison)", "3.5% (percentage)"]),
    ("About 38,000 vehicles cross it every day.", ["38,000 (number)"]),
    ("Nordbane reported an 18% fall in first-half profit, its scrum-half said.", ["18% (percentage)", "first-half (date)"]),
    ("Bee numbers have fallen by about a third since 1990.", ["a third (ratio)", "1990 (year)"]),
    ("The strike lasted 11 weeks and ended on March 3, 2021.", ["11 weeks (duration)", "March 3, 2021 (date)"]),
    ("It is the largest dam in Europe, the ministry said on Tuesday.", ["the largest (rank)", "Tuesday (date)"]),
    ("The council approved a 1.4 billion krona plan.", ["1.4 billion krona (money)"]),
    ("The siege lasted a year and a half, two and a half years after the war.", ["a year and a half (duration)", "two and a half years (duration)"]),
    ("Half an hour later the bridge shut for an hour and a half.", ["Half an hour later (date)", "an hour and a half (duration)"]),
    ("It opened on the twenty-first of May, the first time since 2019.", ["twenty-first of May (date)", "the first time (rank)", "2019 (year)"]),
    ("The bank raised rates by half a percentage point, after two-tenths of a percent in May.", ["half a percentage point (percentage)", "two-tenths of a percent (percentage)", "May (date)"]),
    ("It opened on May twenty-first, 2024, and shut on June first.", ["May twenty-first, 2024 (date)", "June first (date)"]),
    ("Nine out of 10 season-ticket holders renewed, for the 10th season running.", ["Nine out of 10 (ratio)", "the 10th (rank)"]),
    ("The club paid 500,000 US dollars, and a fine of 2 million CHF.", ["500,000 US dollars (money)", "2 million CHF (money)"]),
    ("Entry costs 40 Swiss francs, or S$60 in Singapore.", ["40 Swiss francs (money)", "S$60 (money)"]),
    ("The council approved a 1.4 billion euro plan and a 5 pound fee.", ["1.4 billion euro (money)", "5 pound (money)"]),
    ("Fares rose 10p, the fee is Rs 500, the film is in 1080p and starts at 2p.m.", ["10p (money)", "Rs 500 (money)", "2p.m. (date)"]),
    ("The state spent Rs 450 crore, ₹2 lakh crore in all, on 3.5 lakh homes and two crore saplings.", ["Rs 450 crore (money)", "₹2 lakh crore (money)", "3.5 lakh (number)", "two crore (number)"]),
    ("Prices rose for 26 consecutive weeks, and rationing lasts 90 more days.", ["26 consecutive weeks (duration)", "90 more days (duration)"]),
    ("Rub 40 grams of salt into the cad's 12 ils.", ["40 grams (measure)", "12 (number)"]),  # codes in capitals only
    ("Gusts of 124 mph hit the 7.4-mile line, and 1.2 million tonnes of grain lay 12 nautical miles off.", ["124 mph (measure)", "7.4-mile (measure)", "1.2 million tonnes (measure)", "12 nautical miles (measure)"]),
    ("It fell to minus 4 degrees, then -15C, after 41.2C in May.", ["minus 4 degrees (measure)", "-15C (measure)", "41.2C (measure)", "May (date)"]),
    ("One in every four tonnes went abroad, 1.5m people left and he weighed 88 pounds.", ["One in every four (ratio)", "1.5m (number)", "88 pounds (money)"]),
    ("Shares fell 14 percent, their steepest drop since 2008 and the costliest day this year.", ["14 percent (percentage)", "their steepest (rank)", "2008 (year)", "the costliest (rank)", "this year (date)"]),
    ("Cases rose to 1,340 from 910 the week before; he quit a day after the vote, after a week before the court.", ["1,340 (number)", "910 (number)", "week before (date)", "a day after (date)", "a week before (date)"]),
    ("It lasted for nearly a week before the talks, half a century before the war, and was cut by a week after the floods.", ["half a century (duration)"]),  # how long, not when
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
        ("Officials said the Treasury would act.", "officials"),
        # People named by what they are: the sentence's capital is no name's, so none is published
        ("Police said two men were arrested.", "police"),
        ("The Police said two men were arrested.", "police"),
        ("Residents said the water rose 2 metres.", "residents"),
        ("officials said Britain would act.", "officials"),  # never Britain, what was spoken about
        ("The minister told MPs last week that no ward had closed.", "minister"),  # never the MPs, spoken to
        ("Tom Vik, a spokesman for the Ministry of Health, said 12 people were hurt.", "Tom Vik"),
        ("Rates will stay at 5 percent, said the Bank of England in a statement.", "Bank of England"),
        ("'Nine men were taken,' said Amina Rauf, weeping.", "Amina Rauf"),
        ("“We won,” said Maria Lopez after the match.", "Maria Lopez"),
        ("Prices will rise, officials said the Treasury would warn.", "officials"),
        ("The report said prices rose.", ""),
        ("The move confirmed fears of a split.", ""),
        ("When the company said it would close, workers protested.", ""),
        ("The lender wrote off 2.1 billion in bad loans.", ""),
        ("The said property was sold in 2019.", ""),
        ("The United Nations refugee agency said 212,000 people had fled.", "United Nations refugee agency"),
        ("A spokesman for the council said the road would reopen.", "a spokesman for the council"),
        ("In a statement, the ministry said growth had slowed.", "ministry"),
        ("He said the Bank of England on Tuesday cut rates.", ""),
        ("Norway, an economy 12 times the size of Iceland, cut its loans.", ""),
        ("And I said it would cost 5 million euros.", ""),
        ("“Why now?” he asked.", ""),
        ("Prices rose sharply in May.", ""),
        ("Two people died when the roof fell in, police said.", "police"),
        ("Inflation eased to 3.4 percent, the statistics office said on Wednesday.", "statistics office"),
        ("“We were second best,” the coach said.", "coach"),
        ("“Nobody told us anything,” said one parent.", "one parent"),
        ("The talks stalled, said a spokesman for the ministry.", "a spokesman for the ministry"),
        ("The plan, critics said, would fail.", "critics"),
        ("The minister, asked about jobs, said the economy grew.", ""),
        ("The deal, first announced in March, took two years.", ""),
        ("The dam held, they said.", ""),
        ("The figures were wrong, experts have said.", "experts"),  # the perfect counts
        ("Six people were arrested, according to police.", "police"),
        ("According to the statistics office, prices rose.", "statistics office"),
        ("Prices rose, according to figures released on Tuesday.", ""),
        ("Prices rose, according to the final count.", ""),
        ("The man was known to officers, according to Detective Chief Inspector Tom Hale.", "Tom Hale"),
        ("“It is safe,” said Dr Maria Lopes.", "Maria Lopes"),
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
