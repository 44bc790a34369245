"""Where two claims' figures differ, on sentences the team wrote: the same figures however they
are spelt agree; other figures are named, here and there."""

import pytest
from hypothesis import given

from factcheck.details import CURRENCY_CODES, CURRENCY_WORDS, find_details
from factcheck.figures import _CURRENCIES, differing_figures, stated_figures
from tests.test_details import PIECES

# A claim and an earlier check of it, in other words: the same figures however they are spelt,
# or one adding a detail the other leaves out. The earlier verdict holds; nothing is said.
SAME_FIGURES = [
    ("The state collected 312 billion Czech crowns.", "The state collected CZK 312 billion."),
    ("The deficit reached 2.3 billion Turkish lira.", "The deficit reached TRY 2.3 billion."),
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
    # days and weeks against months and years, as a run of calendar months holds them
    ("The strike went on for 52 weeks.", "The strike went on for a year."),
    ("The inquiry ran for six months.", "The inquiry ran for 26 weeks."),
    ("The museum opened three months ago.", "The museum opened 90 days ago."),
    ("The visa is valid for 180 days.", "The visa is valid for six months."),  # 30 days a month, as copy counts a term
    ("The drought lasted 10 years.", "The drought lasted 3,652 days."),
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
    ("The bridge reopened on October twelfth.", "The bridge reopened on 12 October."),
    # a measure in another unit: exactly within a system, as copy rounds it across systems
    ("The experiment's detector sits 1.4 kilometres underground.", "The detector is 1,400 metres underground."),
    ("The crater is 180 kilometres across.", "The crater is about 112 miles wide."),
    ("The fire has burned 4,000 hectares.", "The fire has burned nearly 10,000 acres."),
    ("Police seized 40 kilograms of cocaine.", "Police seized about 88 pounds of cocaine."),
    ("A 31-pound meteorite was found.", "A meteorite of 14 kilograms was found."),
    ("The speed limit was cut to 60 miles an hour.", "The speed limit was cut to 97km/h."),
    ("Temperatures reached 46.3C on Saturday.", "Temperatures hit 115°F on Saturday."),
    ("Last year was 1.4C above the pre-industrial average.", "Last year was 2.5F warmer than the pre-industrial average."),
    ("The capital reached 39 degrees.", "The capital hit 102 degrees Fahrenheit."),  # "degrees" alone: either scale
    ("Temperatures fell to -15C overnight.", "Temperatures fell to 5F overnight."),
    ("It was minus 40 degrees in the hills.", "It was −40°F in the hills."),
    ("The tanker carried 80,000 tonnes of crude.", "The tanker carried about 88,000 tons of crude."),  # short tons
    ("The river peaked at 5.6 metres.", "The river peaked at 5.6, its highest since 1953."),  # the unit left out
    ("He weighed 20 stone when he was admitted.", "He weighed 127 kilograms when he was admitted."),
    ("The pub sold 2,000 pints on the day.", "The pub sold about 1,100 litres on the day."),  # imperial pints
    ("The daily dose was cut to 500mg.", "The daily dose was cut to 0.5 grams."),
    ("The daily dose was cut to 500mg.", "The daily dose was cut to 0.5g."),
    ("The tax applies to cans over 330ml.", "The tax applies to cans over 0.33 litres."),
    ("Crews removed 3.5 million cubic feet of rock.", "Crews removed about 100,000 cubic metres of rock."),
    # a share in words and in percent, as copy rounds it
    ("A third of voters backed the plan.", "33 percent of voters backed the plan."),
    ("Nearly half of adults have savings of less than £1,000.", "Some 48 per cent of adults have savings under £1,000."),
    ("Nine out of 10 season-ticket holders renewed.", "90% of season-ticket holders renewed."),
    # a change in percentage points, spelt otherwise
    ("The bank raised its rate by 50 basis points to 4.75 percent.", "The bank raised its rate half a percentage point, to 4.75%."),
    ("Yields rose 25 basis points.", "Yields rose 0.25 percentage points."),
    ("Turnout fell two percentage points to 61%.", "Turnout fell by 2 percentage points, to 61 per cent."),
    ("The rate fell by half a percent.", "The rate fell 0.5%."),
    # an amount in one currency however it is written, or in its smaller unit
    ("The club paid 500,000 US dollars for him.", "The club paid US$500,000 for him."),
    ("The club paid $500,000 for him.", "The club paid A$500,000 for him."),  # "$" is any dollar
    ("Fines rose to 40 pounds.", "Fines rose to £40."),
    ("A stamp now costs 50 pence.", "A stamp now costs £0.50."),
    ("The fare rose to 75 cents.", "The fare rose to $0.75."),
    ("The fee is 40 Swiss francs.", "The fee is CHF 40."),
    ("The museum charges ¥500.", "The museum charges 500 yen."),  # "¥" is the yen or the yuan
    ("Rents rose to 12,000 kronor.", "Rents rose to SEK 12,000."),
    ("A new 5 pound coin was issued.", "A new £5 coin was issued."),  # singular, before a noun
    ("The levy is 50 euro cents a night.", "The levy is €0.50 a night."),
    ("Parking will rise by 60p an hour.", "Parking will rise by £0.60 an hour."),
    ("The fee is Rs 500.", "The fee is 500 rupees."),
    # Indian numbering: a lakh is 100,000, a crore 10 million, digits grouped in lakhs
    ("The state will spend Rs 450 crore on roads.", "The state will spend 4.5 billion Indian rupees on roads."),
    ("The budget sets aside ₹2 lakh crore for defence.", "The budget sets aside INR 2 trillion for defence."),
    ("About 3.5 lakh voters were added to the rolls.", "About 350,000 voters were added to the rolls."),
    ("Two lakh people attended.", "200,000 people attended."),
    ("Tax receipts rose to ₹18.4 lakh crore.", "Tax receipts rose to ₹18.4 trillion."),  # 18.4 x 10^5 x 10^7 is off in the last bit
    ("Banks wrote off Rs 1.2 lakh crores.", "Banks wrote off Rs 1.2 trillion."),
    ("Police recovered Rs 12,00,000 in cash.", "Police recovered ₹12 lakh in cash."),
    ("She bought a 5 pound bag of flour.", "She bought a 2.27 kilogram bag of flour."),  # or a weight
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
    ("The course runs for 12 weeks.", "The course runs for three months.", "12 weeks here, three months there"),
    ("The ban lasts for 100 days.", "The ban lasts for three months.", "100 days here, three months there"),
    ("The plant shut for 40 days.", "The plant shut for a month.", "40 days here, for a month there"),
    ("Shares rose for 26 consecutive weeks.", "Shares rose for three months.", "26 consecutive weeks here, three months there"),
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
    # the number kept and its unit changed, or converted wrongly
    ("The crater is 180 miles across.", "The crater is 180 kilometres across.", "180 miles here, 180 kilometres there"),
    ("The bridge is 1.4 metres long.", "The bridge is 1.4 km long.", "1.4 metres here, 1.4 km there"),
    ("The route is seven miles long.", "The route is 10 km long.", "seven miles here, 10 km there"),
    ("The fire has burned 4,000 acres.", "The fire has burned 4,000 hectares.", "4,000 acres here, 4,000 hectares there"),
    ("Police seized 40 pounds of cocaine.", "Police seized 40 kilograms of cocaine.", "40 pounds here, 40 kilograms there"),
    ("The speed limit was cut to 60km/h.", "The speed limit was cut to 60 miles an hour.", "60km/h here, 60 miles an hour there"),
    ("Temperatures hit 46.3°F on Saturday.", "Temperatures reached 46.3C on Saturday.", "46.3°F here, 46.3C there"),
    ("It reached 110F in the shade.", "It reached 40C in the shade.", "110F here, 40C there"),
    ("It fell to -15C overnight.", "It fell to 15C overnight.", "-15C here, 15C there"),
    ("It fell to minus 4 degrees.", "It fell to 4 degrees.", "minus 4 degrees here, 4 degrees there"),
    ("The wall is 5 m high.", "The wall is 6 metres high.", "5 m here, 6 metres there"),
    ("The capital reached 39 degrees.", "The capital reached 102 degrees.", "39 degrees here, 102 degrees there"),
    ("Nearly 18 tons of supplies arrived.", "Nearly 20 tons of supplies arrived.", "18 tons here, 20 tons there"),
    ("Tax brought in 312 billion crowns.", "Tax brought in 312 billion euros.", "312 billion crowns here, 312 billion euros there"),
    ("The fine was 12 million Kenyan shillings.", "The fine was 12 million Ugandan shillings.", "12 million Kenyan shillings here, 12 million Ugandan shillings there"),
    ("He weighed 20 stone.", "He weighed 20 kilograms.", "20 stone here, 20 kilograms there"),
    ("The daily dose was 500mg.", "The daily dose was 500 grams.", "500mg here, 500 grams there"),
    ("The pub sold 2,000 pints.", "The pub sold 2,000 litres.", "2,000 pints here, 2,000 litres there"),
    ("A 5oz steak costs £30.", "A 200g steak costs £30.", "5oz here, 200g there"),
    # a share in words against another in percent
    ("A third of voters backed the plan.", "43 percent of voters backed the plan.", "A third here, 43 percent there"),
    ("One in four homes lost power.", "One in five homes lost power.", "One in four here, One in five there"),
    # a change in percentage points written as a percent, the classic slip
    ("Turnout fell 2 percent to 61%.", "Turnout fell 2 percentage points to 61 percent.", "2 percent here, 2 percentage points there"),
    ("The bank raised its rate by half a percent.", "The bank raised its rate by 50 basis points.", "half a percent here, 50 basis points there"),
    # the amount kept and its currency changed
    ("The fund holds 3 billion euros.", "The fund holds $3 billion.", "3 billion euros here, $3 billion there"),
    ("Tickets cost £40.", "Tickets cost €40.", "£40 here, €40 there"),
    ("The club paid 500,000 US dollars.", "The club paid A$500,000.", "500,000 US dollars here, A$500,000 there"),
    ("The fine was 2 million CHF.", "The fine was 2 million euros.", "2 million CHF here, 2 million euros there"),
    ("The deal is worth 500 million yen.", "The deal is worth 500 million yuan.", "500 million yen here, 500 million yuan there"),
    ("A stamp costs 75 cents.", "A stamp costs £0.75.", "75 cents here, £0.75 there"),
    ("The council approved a 1.4 billion euro plan.", "The council approved a 1.4 billion krona plan.", "1.4 billion euro here, 1.4 billion krona there"),
    ("Parking will rise by 60p an hour.", "Parking will rise by €0.60 an hour.", "60p here, €0.60 there"),
    ("The state will spend Rs 450 crore on roads.", "The state will spend Rs 450 million on roads.", "Rs 450 crore here, Rs 450 million there"),
    ("About 3.5 lakh voters were added.", "About 3.5 million voters were added.", "3.5 lakh here, 3.5 million there"),
    ("The plan costs ₹2 lakh crore.", "The plan costs $2 trillion.", "₹2 lakh crore here, $2 trillion there"),
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


def test_every_currency_the_finder_reads_has_its_currencies():
    # figures.py's table of currencies and the finder's words and codes are kept apart, by hand
    counted_only = ["crowns", "crown", "czech crowns", "korean won", "south korean won"]  # _CURRENCY_IF_COUNTED
    for spelling in [*CURRENCY_WORDS.split("|"), *(code.lower() for code in CURRENCY_CODES.split("|")), *counted_only]:
        assert spelling in _CURRENCIES, spelling
    assert differing_figures("It cost 40 sterling.", "It cost 40 renminbi.") == "40 sterling here, 40 renminbi there"


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
