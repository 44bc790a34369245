"""Where to check: a hint per kind of claim, or per subject the sentence's own words name."""

import pytest
from openpyxl import load_workbook

from factcheck import DataError
from factcheck.claims import annotate
from factcheck.segment import split_sentences
from factcheck.where_to_check import claim_subject, load_where_to_check

from .test_cli import factcheck

SHIPPED = load_where_to_check()


def test_where_to_check_hints_come_from_the_shipped_file_and_can_be_extended(tmp_path):
    assert "statistics office" in SHIPPED["statistic"] and "transcript" in SHIPPED["quotation"]
    extra = tmp_path / "desk.toml"
    extra.write_text('[where_to_check]\nstatistic = "Norrvik statistics portal"\n', encoding="utf-8")
    merged = load_where_to_check(extra)
    assert merged["statistic"] == "Norrvik statistics portal" and merged["quotation"] == SHIPPED["quotation"]
    sentences = split_sentences("Unemployment rose to 7 percent in May.")
    [claim] = annotate(sentences, [0.9], where_to_check=merged)
    assert claim.where_to_check == "Norrvik statistics portal"


def test_a_statistic_of_measures_alone_points_to_who_measured_it_unless_it_names_a_subject():
    sentences = split_sentences(
        "The reservoir is 14 metres below its usual level. The 7.4-mile extension cost 40 percent of the transit budget. "
        "Gusts of 124 mph hit the coast. The rover has driven 28 kilometres since it landed."
    )
    measured, mixed, weather, space = annotate(sentences, [0.9] * 4, where_to_check=SHIPPED)
    assert measured.where_to_check == SHIPPED["measure"] and "weather service" in measured.where_to_check
    assert mixed.where_to_check == SHIPPED["statistic"]
    assert (weather.where_to_check, space.where_to_check) == (SHIPPED["weather"], SHIPPED["space"])
    [without] = annotate(sentences[:1], [0.9], where_to_check={"statistic": "the desk's own line"})
    assert without.where_to_check == "the desk's own line"


@pytest.mark.parametrize("content", ["[where_to_check\n", "[where_to_check]\nstatistic = 5\n"])
def test_a_broken_sources_file_is_a_data_error(tmp_path, content):
    bad = tmp_path / "bad.toml"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(DataError, match="bad.toml"):
        load_where_to_check(bad)


SUBJECT_SENTENCES = {
    "court": "A former mayor was sentenced to eight years in prison on Thursday for stealing £2.3m.",
    "election": "Dr Priya Mehta took 18,442 votes, or 41.3% of the total, ahead of the Conservative on 14,905.",
    "poll": "A YouGov poll of 2,000 adults put support for the plan at 38%.",
    "study": "A study published in The Lancet in 2019 found no link between the vaccine and autism.",
    "company": "Shares in Corvane Textiles fell 14% after the company cut its full-year dividend.",
    "health": "Cases of measles in England rose to 2,911 last year.",
    "conflict": "Government troops recaptured the airport on Tuesday after a two-week siege.",
    "government": "The regional council of Norrvik approved a 1.4 billion krona plan to replace the harbour bridge.",
    "crime": "Police arrested 12 people after the match on Saturday.",
    "earthquake": "The earthquake, of magnitude 6.4, struck at a depth of ten kilometres, the geological survey said.",
    "weather": "That makes it the wettest February since records began in 1910.",
    "sport": "Rovers beat City 3-1 on Saturday to go four points clear at the top of the table.",
    "space": "The probe, launched in 2020 on an Ariane 5 rocket, entered orbit around the asteroid on Tuesday.",
    "emergency": "Eleven people were treated for smoke inhalation and 240 firefighters were sent to the blaze.",
    "person": "Born in Tromsø in 1935, she graduated from the Norwegian Institute of Technology in 1958.",
}


@pytest.mark.parametrize("subject", SUBJECT_SENTENCES)
def test_a_claim_naming_a_subject_points_to_where_that_subject_is_recorded(subject):
    [claim] = annotate(split_sentences(SUBJECT_SENTENCES[subject]), [0.9], where_to_check=SHIPPED)
    assert claim_subject(claim.text) == subject
    assert claim.where_to_check == SHIPPED[subject] != SHIPPED[claim.kind]


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("The club was fined £50,000 by the court for the pitch invasion.", "court"),
        ("A poll of 2,000 voters ahead of the general election puts Labour on 41%.", "poll"),
        ("A study of 650,000 children found no link between the vaccine and autism.", "study"),
        ("Glaxton's first-half profit rose 9% to £3.1bn, helped by sales of its RSV vaccine.", "company"),
        ("Police arrested 12 fans after the match.", "crime"),
        ("Insurgents ambushed a police convoy near the village, killing seven officers.", "conflict"),
        ("Heatstroke admissions rose 40% during the heatwave.", "health"),
        ("Corvane's shares rose 8% after it won a £40m council contract.", "company"),
        ("The ministry has allocated £2bn to cut hospital waiting lists.", "government"),
        ("The government said the economy grew 0.3% in the third quarter.", ""),
        ("The supermarkets have been locked in a price war with discounters since 2022.", ""),
        ("A storm of protest greeted the plan to close 14 libraries.", ""),
        ("The quake triggered landslides that buried 40 homes.", "earthquake"),
        ("The result was a political earthquake: Labour lost 40 of its 52 seats on the council.", "election"),
        ("Tremors in the bond market pushed ten-year yields up to 4.6%.", ""),
        ("MPs backed the bill by 320 votes to 280.", ""),
        ("The council will resurface six tennis courts at a cost of £180,000.", ""),
        ("A landslide blocked the road for three days.", "weather"),
        ("It is too early to judge whether inflation has peaked at 4.1%.", ""),
        ("The government will not bail out the bank, the minister said.", ""),
        ("Fans took their seats an hour before kick-off.", ""),
        ("Retail sales fell 0.4% in May, the statistics office said.", ""),
        ("Halden United beat the defending champions Rovik 2-1, ending a run of 14 league games without a win.", "sport"),
        ("The crowd of 11,240 was the largest at the Fjordside Stadium since it reopened in 2019.", "sport"),
        ("Carrow edged Westholm twenty-one points to nineteen with a penalty after the hooter.", "sport"),
        ("Final score from the Dome: Pelham Comets 88, Dunmore Rockets 79.", "sport"),
        ("The Riksbank cut its policy rate by 25 basis points to 3.5%.", ""),
        ("The government defeated the amendment 12-9 in committee.", ""),
        ("In this year's league table of secondary schools, Northfield has dropped to 31st.", ""),
        ("Orbitane Launch Systems said revenue rose 38% to $412m as it flew 19 missions.", "company"),
        ("The rover has driven 28 kilometres since it landed.", "space"),
        ("The cargo capsule splashed down carrying 1,800 kg of experiments back from orbit.", "space"),
        ("A comet that has brightened to magnitude 4 can now be seen with the naked eye.", "space"),
        ("The probe into the minister's expenses found 14 breaches.", ""),
        ("Militants launched rockets at the town overnight.", "conflict"),
        ("Under the league's financial rules, clubs may not spend more than 70% of their revenue on wages.", ""),
        ("Margit Halvorsen, architect who rebuilt Norrvik's harbour, dies aged 91", "person"),
        ("She was 91.", "person"),
        ("Rose Callaghan, docks union leader who won equal pay at Merrowport, dies at 94", "person"),
        ("Ms Tenby died at St Brendan's hospital on Monday after a short illness.", "person"),
        ("She married the engineer Lars Halvorsen in 1960; he died in 2011.", "person"),
        ("She is survived by two daughters, five grandchildren and a great-grandson.", "person"),
        ("At least 212 people have died and more than 1,400 were injured, according to the disaster agency.", ""),
        ("One in four players in the league was born outside the country.", ""),
        ("Amina, a mother of four, said she has not heard from her husband or grandchildren since March.", ""),
        ("Three farm workers have tested positive since March, all with mild symptoms.", "health"),
        ("Two weightlifters tested positive for a banned steroid at the trials.", ""),
        ("The ministry has also ordered the testing of every lactating cow before it is moved.", "government"),
        ("Nordbane Rail carried 61.4 million passengers in 2025, the most in the company's 42-year history.", "company"),
        ("Two firefighters were treated in hospital for smoke inhalation.", "emergency"),
        ("The council has opened three evacuation centres, which can hold 1,800 people.", "emergency"),
        ("Six carriages left the tracks on a curve outside Fenwick station.", "emergency"),
        ("The four-storey building on Mercer Street came down shortly before noon.", "emergency"),
        ("About 3,000 people were evacuated as the wildfire moved towards the town.", "weather"),
        ("Rescuers pulled 14 survivors from the rubble after the earthquake.", "earthquake"),
        ("The rocket exploded four minutes after lift-off.", "space"),
        ("Road deaths in the county fell to 37 last year.", "emergency"),
        ("The firm's share price crashed 30% after the profit warning.", "company"),
        ("The talks collapsed on Friday after nine hours.", ""),
        ("The umpire's decision was overturned on review.", ""),
        ("Firefighters in the county will walk out for 24 hours on Friday in a dispute over pay.", ""),
        ("Holders Kingsmere crashed out of the cup on Saturday.", "sport"),
    ],
)
def test_the_first_subject_in_order_decides_and_words_of_another_sense_name_none(text, subject):
    assert claim_subject(text) == subject


def test_a_quotation_a_forecast_and_a_measure_keep_their_own_hints():
    sentences = split_sentences(
        "“You betrayed the trust of the people who elected you,” the judge told the court. "
        "The club will win the league title next season, the coach predicted. "
        "The reservoir is 14 metres below its usual level."
    )
    quoted, forecast, measured = annotate(sentences, [0.9] * 3, where_to_check=SHIPPED)
    assert (quoted.kind, quoted.where_to_check) == ("quotation", SHIPPED["quotation"])
    assert (forecast.kind, forecast.where_to_check) == ("prediction", SHIPPED["prediction"])
    assert measured.where_to_check == SHIPPED["measure"]


def test_a_sentence_stating_a_rule_points_to_the_laws_text_whatever_its_subject_or_kind():
    sentences = split_sentences(
        "Under state law, a suspect must be brought before a judge within 48 hours of arrest. "
        "Listed companies are required to publish their results within 60 days of the quarter's end. "
        "Campaign finance rules cap donations from any one person at 10,000 euros per election. "
        "Electoral law bars candidates from campaigning within a hundred metres of a polling station. "
        "The law makes it an offence to film police officers within 25 metres of an operation."
    )
    for claim in annotate(sentences, [0.9] * 5, where_to_check=SHIPPED):
        assert claim_subject(claim.text) == ""
        assert claim.where_to_check == SHIPPED["law/rule"], (claim.text, claim.kind)


def test_a_desk_replaces_a_subject_line_and_a_blank_one_falls_back_to_the_kind(tmp_path):
    desk = tmp_path / "desk.toml"
    desk.write_text('[where_to_check]\ncourt = "Ostland court portal, case search"\nelection = ""\n', encoding="utf-8")
    hints = load_where_to_check(desk)
    court, election = annotate(split_sentences(f"{SUBJECT_SENTENCES['court']} {SUBJECT_SENTENCES['election']}"), [0.9, 0.9], where_to_check=hints)
    assert court.where_to_check == "Ostland court portal, case search"
    assert election.where_to_check == SHIPPED["statistic"]


def test_the_worksheet_shows_each_claims_subject_line_under_suggested_sources(tmp_path):
    article = tmp_path / "court.txt"
    article.write_text(f"{SUBJECT_SENTENCES['court']}\n\n{SUBJECT_SENTENCES['election']}\n\nUnemployment rose to 7 percent in May.\n", encoding="utf-8")
    desk = tmp_path / "desk.toml"
    desk.write_text('[where_to_check]\nelection = "Ostland election commission, results by ward"\n', encoding="utf-8")
    output = tmp_path / "court.xlsx"
    result = factcheck("check", article, "-o", output, "--threshold", "0", "--sources", desk)
    assert result.returncode == 0, result.stderr
    claims = load_workbook(output)["Claims"]
    header = [cell.value for cell in claims[1]]
    cells = {row[header.index("Claim")]: row[header.index("Suggested sources")] for row in claims.iter_rows(min_row=2, values_only=True)}
    assert cells[SUBJECT_SENTENCES["court"]] == f"Where to check: {SHIPPED['court']}"
    assert cells[SUBJECT_SENTENCES["election"]] == "Where to check: Ostland election commission, results by ward"
    assert cells["Unemployment rose to 7 percent in May."] == f"Where to check: {SHIPPED['statistic']}"
