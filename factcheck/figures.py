"""What a claim's details state, and where two claims' figures differ.

The Checked before column and ``factcheck match`` show an earlier verdict beside a claim; these
functions say when that verdict was given on other figures: "4.6 percent here, 4.2 percent
there". A figure is compared however it is spelt ("40 million dollars", "$40m"), kind by kind,
and money with its currency ("$40m" is not "40 million euros").
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from functools import cache

from .details import MONTHS, NUMBER_WORD, ORDINAL_WORDS, QUOTE_MARKS, Detail, find_details
from .units import UNIT_AFTER, UNITS_OF_MEASURE

_NUMBER_WORDS = {
    **{word: value for value, word in enumerate("zero one two three four five six seven eight nine ten eleven twelve"
                                                  " thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split())},
    **{word: 10 * value for value, word in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)},
    **{word: value for value, word in enumerate(ORDINAL_WORDS.split("|"), start=1)},
    # "doubled" is "two times", "halved" "0.5 times": a ratio stated in a word
    **dict.fromkeys(("twice", "double", "doubled"), 2), **dict.fromkeys(("triple", "tripled", "treble", "trebled"), 3),
    **dict.fromkeys(("quadruple", "quadrupled"), 4), "halved": 0.5,
}
_MULTIPLIERS = {
    "dozen": 12, "hundred": 100, "thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6,
    "billion": 1e9, "bn": 1e9, "trillion": 1e12, "lakh": 1e5, "lakhs": 1e5, "crore": 1e7, "crores": 1e7,
}
_MONTH_NAMES = frozenset(MONTHS.split("|"))
# What follows "up" or "down" when it says how an amount moved: "up 5 percent", "down by a
# third", "down from about 1,100", "down from one in ten"; not "stepped down from the board".
_AFTER_UP_OR_DOWN = (
    rf"(?=\s(?:(?:from|by|more\sthan)\s)?(?:(?:about|around|roughly|nearly|almost|some|just|only|the)\s)?"
    rf"(?:[$€£]?\d|{NUMBER_WORD}|one\b|a\s(?:third|quarter|fifth|tenth)\b|several|hundreds|thousands|dozens))"
)
# Words saying which way an amount moved. "Crime rose 10 percent" and "crime fell 10 percent"
# state other figures though their numbers agree, and read alike to the matcher (cosine 0.87).
# Senses that are no change of an amount are left out: "grew up", "rose to power", "gave rise
# to", "declined to comment", "dropped out", "dropped charges", "fell ill", "fell short",
# "raised concerns", "raised $5 million" (money collected), "cut ties", "cut-price"; so are
# comparatives ("higher taxes"), which say where a figure stands, not how it moved. "Fall" is
# also a season and a defeat ("the fall of the city"), so it is read only beside an amount:
# "a 12 percent fall", "the fall in prices", "prices could fall", "falls by", "falls 3 percent".
_UPWARD = (
    r"(?<!\bgive\s)(?<!\bgave\s)(?<!\bgiven\s)(?<!\bgiving\s)(?:rose|risen|ris(?:e|es|ing))"
    r"(?!\sto\s(?:power|fame|prominence|become)\b)(?!\sup\b)"
    r"|increas(?:e|es|ed|ing)|gr(?:ew|own|ows?|owing)(?!\sup\b)|climb(?:s|ed|ing)?"
    r"|soar(?:s|ed|ing)?|jump(?:s|ed|ing)?|surg(?:e|es|ed|ing)|skyrocket(?:s|ed|ing)?|spik(?:ed|ing)|gain(?:s|ed)?(?!\stax\b)"
    r"|hik(?:e|es|ed|ing)"
    r"|rais(?:e|es|ed|ing)(?!\s(?:(?:concerns?|questions?|doubts?|alarms?|eyebrows|money|funds|the\s(?:issue|question|alarm))\b|[$€£\d]))"
    r"|(?:went|gone|go|goes|going)\sup|up" + _AFTER_UP_OR_DOWN
)
_DOWNWARD = (
    r"fell(?!\s(?:ill|asleep|in\slove|victim|silent|short)\b)|fallen|falling"
    r"|falls?(?=\s(?:by|to|below|from)\b|\s[$€£]?\d)(?!\sfrom\s(?:grace|power)\b)"
    r"|(?:(?<=\ba\s)|(?<=%\s)|(?<=\dC\s)|(?<=percent\s)|(?<=\bcent\s)|(?<=\bpoint\s)|(?<=\bpay\s)|(?<=\bprice\s)"
    r"|(?<=\bsharp\s)|(?<=\bsteep\s)|(?<=\bsmaller\s)|(?<=\bfurther\s)|(?<=\bto\s)|(?<=\bcould\s)|(?<=\bwill\s)"
    r"|(?<=\bwould\s)|(?<=\bmay\s)|(?<=\bmight\s))fall(?!\s(?:in\slove|in\sline|ill|asleep|silent|victim|apart|into)\b)"
    r"|(?<=\bthe\s)fall(?=\sin\s(?!love\b|line\b))"
    r"|decreas(?:e|es|ed|ing)|declin(?:e|es|ed|ing)(?!\sto\s(?!(?:the|its|a|an|about|around|nearly|just)\b)[a-z])"
    r"|drop(?:s|ped|ping)?(?!\s(?:out|charges|the\scharges|the\scase|a\scase)\b)"
    r"|shr(?:ank|unk|inks?|inking)|plung(?:e|es|ed|ing)|plummet(?:s|ed|ing)?|slump(?:s|ed|ing)?|tumbl(?:e|es|ed|ing)"
    r"|cut(?:s|ting)?(?!\s(?:off|ties|short|corners|the\sribbon)\b)|slash(?:es|ed|ing)?|reduc(?:e|es|ed|ing)|lower(?:s|ed|ing)"
    r"|(?:went|gone|go|goes|going)\sdown|down(?=\sto\s[$€£]?\d)|down" + _AFTER_UP_OR_DOWN
)
# In lower case ("Lila Rose" is a name), but for a sentence's first word (see _directions).
_DIRECTION = re.compile(rf"(?<!-)\b(?:(?P<up>{_UPWARD})|(?:{_DOWNWARD}))\b(?!-)")
# "make up 30 percent", "shot down 20 drones", "stepped down two years ago": a verb's particle
_PARTICLE_VERBS = frozenset(
    "make makes made making set sets round rounded pick picked sign signed shoot shoots shot strike strikes struck"
    " bring brings brought shut shuts take takes took taken turn turns turned back backed step steps stepped break"
    " breaks broke sit sat hand handed vote voted write wrote written call called put puts end ended pull pulled"
    " knock knocked track tracked gun gunned mow mowed cut cuts".split()
)
# An amount of time, counted in its family's unit: the clock's and the week's units in seconds,
# the calendar's in months. A month is no whole number of days, so the two families are
# compared through the calendar (``_same_span``); a season is no fixed length. Only a duration
# or a date counted back ("half a second later") is read so, where "second" is a unit, not an
# ordinal ("the second half").
_TIME_IN_BASE = {
    word: (size, base)
    for words, size, base in (
        ("second seconds sec secs", 1, "seconds"), ("minute minutes min mins", 60, "seconds"),
        ("hour hours hr hrs", 3600, "seconds"),
        ("day days", 86400, "seconds"), ("week weeks", 604800, "seconds"), ("fortnight fortnights", 1209600, "seconds"),
        ("month months", 1, "months"), ("year years", 12, "months"), ("decade decades", 120, "months"),
        ("century centuries", 1200, "months"),
    )
    for word in words.split()
}
_COUNTED_BACK = re.compile(r"\s(?:ago|earlier|later|before|after)$")
# Ratios that state a share: "one in four", "three out of every 10"; "a quarter", "two-thirds", "half".
_N_IN_M = re.compile(r"(?P<part>[\w-]+)\s(?:in|out\sof)\s(?:every\s)?(?P<whole>[\w,-]+)", re.IGNORECASE)
_FRACTION = re.compile(r"(?:(?P<count>\w+)[\s-])?(?P<denominator>half|thirds?|quarters?|fifths?|tenths?)", re.IGNORECASE)
_DENOMINATORS = {"half": 2, "third": 3, "quarter": 4, "fifth": 5, "tenth": 10}
# A change in percentage points is no percent: "rose 2 percentage points" is not "rose 2
# percent", but is "200 basis points". "Points" alone may be an index's or a team's, so is not read.
_PERCENT_UNIT = re.compile(r"\s?(?:%|percent|per\scent|(?P<points>(?:percentage|(?P<basis>basis))\spoints?))$", re.IGNORECASE)
# Digits grouped in thousands ("1,200,000"), or as Indian copy groups them ("12,00,000").
_FIGURE_TOKEN = re.compile(r"\d+(?:,\d{3})+(?:\.\d+)?|(?<![\d,])\d\d?(?:,\d\d)+,\d{3}(?:\.\d+)?|\d+(?:\.\d+)?|[^\W\d_]+")
_BELOW_ZERO = re.compile(r"(?:(?<![\w.,])[-−–]|\bminus\s)$", re.IGNORECASE)  # "-15C", "minus 40 degrees"
_SIGN = re.compile(r"minus\s|[-−–]", re.IGNORECASE)  # the sign the finder keeps on a measure
_SCALE_WORDS = re.compile(r"\b(?:thousand|lakhs?|crores?|million|billion|trillion|bn|mn)\b|(?<=\d)[mk]\b", re.IGNORECASE)
# The currencies a money figure may be in, by how it is written, and the size of its unit in the
# currency's main unit. A sign or a word alone may be any currency of its family ("$" and
# "dollars" are the US, Canadian, Australian... dollar); a code or a word with its country one.
_DOLLARS = "USD AUD CAD NZD HKD SGD TWD"
_CURRENCIES = {
    spelling: (frozenset(codes.split()), unit)
    for spellings, codes, unit in (
        ("$|dollars|dollar", _DOLLARS, 1.0),
        ("us$|usd|us dollars|u.s. dollars|american dollars|us dollar|u.s. dollar", "USD", 1.0),
        ("a$|aud|australian dollars|australian dollar", "AUD", 1.0),
        ("c$|cad|canadian dollars|canadian dollar", "CAD", 1.0),
        ("nz$|nzd|new zealand dollars", "NZD", 1.0),
        ("hk$|hkd|hong kong dollars", "HKD", 1.0),
        ("s$|sgd|singapore dollars", "SGD", 1.0),
        ("taiwan dollars", "TWD", 1.0),
        ("cents|cent", f"{_DOLLARS} EUR ZAR", 0.01),
        ("€|eur|euros|euro", "EUR", 1.0),
        ("euro cents|euro cent", "EUR", 0.01),
        ("£|pounds|pound", "GBP EGP", 1.0),
        ("gbp|sterling|british pounds", "GBP", 1.0),
        ("pence|p", "GBP", 0.01),
        ("egp|egyptian pounds", "EGP", 1.0),
        ("¥", "JPY CNY", 1.0),
        ("jpy|yen|japanese yen", "JPY", 1.0),
        ("cny|yuan|renminbi|chinese yuan", "CNY", 1.0),
        ("₽|rub|rubles|roubles|ruble|rouble|russian rubles|russian roubles", "RUB", 1.0),
        ("francs|franc", "CHF XOF XAF", 1.0),
        ("chf|swiss francs|swiss franc", "CHF", 1.0),
        ("krona|kronor", "SEK ISK", 1.0),
        ("sek|swedish krona|swedish kronor", "SEK", 1.0),
        ("isk|icelandic krona|icelandic kronor", "ISK", 1.0),
        ("kroner", "NOK DKK", 1.0),
        ("nok|norwegian kroner", "NOK", 1.0),
        ("dkk|danish kroner", "DKK", 1.0),
        ("rupees|rupee|rs|rs.", "INR PKR LKR NPR", 1.0),
        ("₹|inr|indian rupees", "INR", 1.0),
        ("pkr|pakistani rupees", "PKR", 1.0),
        ("pesos|peso", "MXN ARS CLP COP PHP", 1.0),
        ("mxn|mexican pesos", "MXN", 1.0),
        ("ars|argentine pesos|argentinian pesos", "ARS", 1.0),
        ("chilean pesos", "CLP", 1.0),
        ("colombian pesos", "COP", 1.0),
        ("philippine pesos", "PHP", 1.0),
        ("zar|rand|south african rand", "ZAR", 1.0),
        ("ils|shekels|shekel|israeli shekels", "ILS", 1.0),
        ("crowns|crown", "CZK SEK NOK DKK ISK", 1.0),
        ("czk|koruna|korunas|czech crowns|czech koruna", "CZK", 1.0),
        ("swedish crowns", "SEK", 1.0), ("norwegian crowns", "NOK", 1.0), ("danish crowns", "DKK", 1.0),
        ("dinars|dinar", "DZD IQD JOD KWD LYD RSD TND BHD", 1.0),
        ("iqd|iraqi dinars", "IQD", 1.0), ("jod|jordanian dinars", "JOD", 1.0), ("kwd|kuwaiti dinars", "KWD", 1.0),
        ("dzd|algerian dinars", "DZD", 1.0), ("tnd|tunisian dinars", "TND", 1.0), ("rsd|serbian dinars", "RSD", 1.0),
        ("try|lira|liras|turkish lira|turkish liras", "TRY", 1.0),
        ("ghs|cedis|cedi|ghanaian cedis", "GHS", 1.0),
        ("shillings|shilling", "KES UGX TZS SOS", 1.0),
        ("kes|kenyan shillings", "KES", 1.0), ("ugx|ugandan shillings", "UGX", 1.0), ("tzs|tanzanian shillings", "TZS", 1.0),
        ("pln|zloty|zlotys|polish zloty|polish zlotys", "PLN", 1.0),
        ("huf|forints|forint|hungarian forints", "HUF", 1.0),
        ("thb|baht|thai baht", "THB", 1.0),
        ("ngn|naira|nigerian naira", "NGN", 1.0),
        ("rials|rial", "IRR OMR YER", 1.0),
        ("riyals|riyal", "SAR QAR", 1.0), ("sar|saudi riyals", "SAR", 1.0), ("qar|qatari riyals", "QAR", 1.0),
        ("dirhams|dirham", "AED MAD", 1.0), ("aed|emirati dirhams|uae dirhams", "AED", 1.0), ("mad|moroccan dirhams", "MAD", 1.0),
        ("myr|ringgit|malaysian ringgit", "MYR", 1.0),
        ("idr|rupiah|indonesian rupiah", "IDR", 1.0),
        ("uah|hryvnias|hryvnia|ukrainian hryvnias", "UAH", 1.0),
        ("kwacha", "ZMW MWK", 1.0), ("zmw|zambian kwacha", "ZMW", 1.0),
        ("brl|reais|brazilian reais", "BRL", 1.0),
        ("ron|lei|romanian lei", "RON", 1.0),
        ("bdt|taka|bangladeshi taka", "BDT", 1.0),
        ("krw|₩|won|korean won|south korean won", "KRW", 1.0),
        ("₦", "NGN", 1.0), ("₺", "TRY", 1.0), ("₴", "UAH", 1.0), ("฿", "THB", 1.0), ("₵", "GHS", 1.0),
        ("rm", "MYR", 1.0), ("tk", "BDT", 1.0), ("kč", "CZK", 1.0), ("zł", "PLN", 1.0),
        ("omr|omani rials", "OMR", 1.0), ("irr|iranian rials", "IRR", 1.0), ("yer|yemeni rials", "YER", 1.0),
        ("lyd|libyan dinars", "LYD", 1.0), ("bhd|bahraini dinars", "BHD", 1.0),
        ("lkr|sri lankan rupees", "LKR", 1.0), ("npr|nepalese rupees", "NPR", 1.0),
    )
    for spelling in spellings.split("|")
}
_POUNDS = re.compile(r"\s(?=pounds?$)", re.IGNORECASE)
_CURRENCY_BEFORE = re.compile(r"(?:us|a|c|nz|hk|s)?[$€£¥₽₹₦₺₴₩฿₵]|rs\.?|(?:rm|tk)(?=\s?\d)|[a-z]{3}(?=\s?\d)")
_CURRENCY_AFTER = re.compile(r"(?<![\w.])(?:[a-z.]+\s)?(?:[a-z]+\s)?[a-z]+$|(?<=\d)p$|(?<=[\d\s])(?:kč|zł)$")
# How far apart copy that converts a figure into another system rounds it: "10 km" is "about
# six miles" (9.7 km) and "6.2 miles", "46.3C" is "115F"; "10 km" is not "seven miles" (11.3 km).
_ROUNDING = (0.02, 0.05)


# How far apart copy rounds a share written in words and the same share in percent: "a third"
# is "33 percent" or "35 percent", "nearly half" "48 percent"; "a third" is not "43 percent".
_SHARE_ROUNDING = 3.0


@dataclass(frozen=True, slots=True)
class _Share:
    """A share written in words ("a third", "one in four"), in percent, compared as copy rounds it."""

    percent: float


@dataclass(frozen=True, slots=True)
class _Money:
    """An amount of money in its currency's main unit, and the currencies it may be in (none
    known: any)."""

    figure: str
    currencies: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Measure:
    """A figure with its unit of measure, as precise as it was written: "1.4" km is 1.4 +- 0.05."""

    figure: str  # the bare number, so a number written without its unit still agrees
    unit: str
    precision: float


_Figure = str | _Measure | _Share | _Money  # what one detail states, as compared


def stated_figures(detail: Detail) -> frozenset[str]:
    """What a detail states, however it is spelt: its numbers (in digits or words, times a
    "million" after them), its month names, an amount of time in one unit, a share as one
    fraction, a change in percentage points in points. "$40 million" and "40,000,000 dollars"
    state the same figure, as "doubled" and "two times", "48 hours" and "two days", "one in
    four" and "a quarter", "50 basis points" and "half a percentage point" do; "last year" and
    "a record" state none."""
    if detail.type == "ratio" and (share := _share(detail.text)) is not None:
        return frozenset({_compared(share)})
    if detail.type == "measure":  # "5 m" is five metres, not five million
        detail = _amount_of(detail)
    if detail.type == "percentage" and (percent := _PERCENT_UNIT.search(detail.text)):
        amount = re.sub(r"(?:\sof)?\sa$", "", detail.text[: percent.start()])  # "half a", "a quarter of a"
        share = _share(amount)
        if percent["points"] or share is not None:
            number = Detail(detail.start, detail.start + len(amount), amount, "number")
            values = [share] if share is not None else [float(figure) for figure in stated_figures(number)]
            per_point = 0.01 if percent["basis"] else 1.0
            return frozenset(_compared(value * per_point) + (" points" if percent["points"] else "") for value in values)
    figures: list[str] = []
    value: float | None = None
    unit: tuple[float, str] | None = None  # the unit of time that ``value`` has been counted in
    before_multiplier = 0.0  # "a million", "half a million"
    counts_time = detail.type == "duration" or _counts_back(detail)
    carried = 0.0  # the hours of "2 hours 19 minutes", in seconds, while its minutes are read
    for token in _FIGURE_TOKEN.findall(detail.text):
        word = token.lower()
        if counts_time and word in _TIME_IN_BASE and unit is None and (value is not None or before_multiplier):
            unit = _TIME_IN_BASE[word]
            amount = before_multiplier if value is None else value + (0.5 if before_multiplier == 0.5 else 0.0)
            value, before_multiplier = amount * unit[0] + carried, 0.0  # "two and a half years" is 30 months
            carried = 0.0
        elif token[0].isdigit() or word in _NUMBER_WORDS:
            number = number_value(token)
            if value is not None and not token[0].isdigit() and value >= 20 and value % 10 == 0 and 0 < number < 10:
                value += number  # "forty-two"
                continue
            if value is not None and unit is not None and unit[1] == "seconds" and detail.type == "duration":
                carried = value  # one amount of time in the clock's units, "1 minute 40 seconds"
            elif value is not None:
                figures.append(_figure(value, unit))
            value, unit = number, None
        elif word in _MULTIPLIERS and (value is not None or before_multiplier):
            value = (value if value is not None else before_multiplier) * _MULTIPLIERS[word]
            before_multiplier = 0.0
        elif word == "half":
            before_multiplier = 0.5
        elif word in ("a", "an"):
            before_multiplier = before_multiplier or 1.0
        elif token in _MONTH_NAMES:
            figures.append(token)
    if value is not None:
        if unit is not None and before_multiplier == 0.5:
            value += 0.5 * unit[0]  # "a year and a half"
        figures.append(_figure(value, unit))
    return frozenset(figures)


def _share(ratio: str) -> float | None:
    """The share a ratio states as a fraction or "N in M": "one in four", "a quarter" and "25 out
    of 100" are all 0.25; None for a ratio of another form ("12 times", "doubled")."""
    if in_every := _N_IN_M.fullmatch(ratio):
        part, whole = number_value(in_every["part"]), number_value(in_every["whole"])
        return part / whole if part is not None and whole else None
    if fraction := _FRACTION.fullmatch(ratio):
        count = 1 if (fraction["count"] or "a").lower() in ("a", "one") else number_value(fraction["count"])
        return count / _DENOMINATORS[fraction["denominator"].lower().rstrip("s")] if count is not None else None
    return None


def number_value(text: str) -> float | None:
    """"4", "1,000", "four" or "twenty-five" as a number; None for anything else."""
    if text[:1].isdigit():
        return float(text.replace(",", ""))
    words = [_NUMBER_WORDS.get(word) for word in text.lower().split("-")]
    return float(sum(words)) if words and None not in words else None


def _counts_back(detail: Detail) -> bool:
    """Whether ``detail`` is a date that counts an amount of time: "two days ago", "a day later"."""
    return detail.type == "date" and _COUNTED_BACK.search(detail.text) is not None


def _figure(value: float, unit: tuple[float, str] | None) -> str:
    return _compared(value) + (f" {unit[1]}" if unit else "")


def _compared(value: float) -> str:
    """A figure as compared: to six decimals and twelve significant digits, so "18.4 lakh crore"
    (18.4 times 10^5 times 10^7, off in the last bit) is "18.4 trillion"."""
    return repr(float(f"{round(value, 6):.12g}"))


def differing_figures(text: str, earlier: str) -> str | None:
    """``4.5 percent here, 4.2 percent there; 2009 here, 2008 there``: where ``text`` states
    other figures than ``earlier`` does, compared kind by kind (a percentage with a percentage, a
    year with a year, "rose" with "fell"); None where they agree, or where one only adds what the
    other leaves out."""
    there = _figures_by_kind(earlier)
    differences = []
    for kind, found_here in _figures_by_kind(text).items():
        found_there = there.get(kind, [])
        stated_here = frozenset().union(*(figures for _, figures in found_here))
        stated_there = frozenset().union(*(figures for _, figures in found_there))
        if _within(stated_here, stated_there) or _within(stated_there, stated_here):
            continue
        ours = dict.fromkeys(detail.text for detail, figures in found_here if not _within(figures, stated_there))
        theirs = dict.fromkeys(detail.text for detail, figures in found_there if not _within(figures, stated_here))
        differences.append(f"{' and '.join(ours)} here, {' and '.join(theirs)} there")
    return "; ".join(differences) or None


def _figures_by_kind(text: str) -> dict[str, list[tuple[Detail, frozenset[_Figure]]]]:
    """The details of ``text`` that state a figure, with their figures, by kind; and the words
    saying which way an amount moved, as a kind "direction" stating "up" or "down". A date that
    counts time back ("a day later") is compared with another such, not with a calendar date; a
    number with a unit of measure is named and compared with it ("10 kilometres"); a share in
    words with the percentages ("a third" and "33 percent"); money with its currency."""
    kinds: dict[str, list[tuple[Detail, frozenset[_Figure]]]] = {}
    for detail in find_details(text):
        if detail.type == "ratio" and (share := _share(detail.text)) is not None:
            kinds.setdefault("percentage", []).append((detail, frozenset({_Share(share * 100)})))
        elif figures := stated_figures(detail):
            kind = "counted back" if _counts_back(detail) else detail.type
            if kind in ("number", "measure"):  # compared with bare numbers: "12" there agrees with "12 miles"
                kind, found = "number", _measured(text, _amount_of(detail), figures)
            elif kind == "money":
                found = detail, _in_currency(detail.text, figures)
            else:
                found = detail, figures
            kinds.setdefault(kind, []).append(found)
            if kind == "money" and (pounds := _POUNDS.search(detail.text)):  # "88 pounds of cocaine" may be a weight
                amount = Detail(detail.start, detail.start + pounds.start(), detail.text[: pounds.start()], "number")
                kinds.setdefault("number", []).append(_measured(text, amount, figures))
    for detail, way in _directions(text):
        kinds.setdefault("direction", []).append((detail, frozenset({way})))
    return kinds


def _in_currency(money: str, figures: frozenset[str]) -> frozenset[str | _Money]:
    """A money detail's figures with its currency, read from its sign, code or word ("€40",
    "USD 40", "40 Swiss francs"), in the currency's main unit ("50 pence" is £0.50)."""
    written = re.sub(r"\s+", " ", money.lower())
    before, after = _CURRENCY_BEFORE.match(written), _CURRENCY_AFTER.search(written)
    spellings = [before.group()] if before else []
    if after:  # "south african rand", then "african rand", then "rand"
        words = after.group().split()
        spellings += [" ".join(words[start:]) for start in range(len(words))]
    currency = next((_CURRENCIES[spelling] for spelling in spellings if spelling in _CURRENCIES), None)
    if currency is None:
        return figures
    codes, unit = currency
    return frozenset(_Money(_compared(float(figure) * unit), codes) for figure in figures)


def _amount_of(detail: Detail) -> Detail:
    """A measure's amount as a number detail, without its sign or unit ("4" of "minus 4 degrees",
    "7.4" of "7.4-mile"); any other detail as it is."""
    if detail.type != "measure":
        return detail
    start = sign.end() if (sign := _SIGN.match(detail.text)) else 0
    end = UNIT_AFTER.search(detail.text, start).start()
    return Detail(detail.start + start, detail.start + end, detail.text[start:end], "number")


def _measured(text: str, detail: Detail, figures: frozenset[str]) -> tuple[Detail, frozenset[str | _Measure]]:
    """A number detail and its figures, with the unit of measure written after it or glued to it
    ("10 kilometres", "46.3C") if any: the detail then spans the unit too, so a difference names it."""
    after = UNIT_AFTER.match(text, detail.end)
    if after is None:
        return detail, figures
    unit, end = re.sub(r"\s+", " ", after["unit"]).lower().replace("° ", "°"), after.end()
    numbers = [token for token in _FIGURE_TOKEN.findall(detail.text) if token[0].isdigit()]
    digits, _, decimals = numbers[-1].replace(",", "").partition(".") if numbers else ("", "", "")
    if not digits:  # "eleven", "twelve thousand": to the unit, or to the scale word
        precision = 0.5
    elif decimals:
        precision = 0.5 * 10 ** -len(decimals)
    elif UNITS_OF_MEASURE[unit][0] == "temperature":  # "40C" is 40 to the degree, "1,200 metres" maybe to the hundred
        precision = 0.5
    else:
        precision = 0.5 * 10 ** (len(digits) - len(digits.rstrip("0")))
    if scale := _SCALE_WORDS.search(detail.text):
        precision *= _MULTIPLIERS[scale.group().lower()]
    start = detail.start
    if UNITS_OF_MEASURE[unit][0] == "temperature" and (minus := _BELOW_ZERO.search(text, 0, detail.start)):
        start, figures = minus.start(), frozenset(repr(-float(figure)) for figure in figures)
    measures = frozenset(_Measure(figure, unit, precision) for figure in figures)
    return Detail(start, end, text[start:end], detail.type), measures


def _within(figures: frozenset[_Figure], others: frozenset[_Figure]) -> bool:
    """Whether every figure of ``figures`` agrees with one of ``others``."""
    return all(any(_agree(figure, other) for other in others) for figure in figures)


def _agree(one: _Figure, other: _Figure) -> bool:
    """Whether two figures state the same amount: in any unit of the quantity, exactly within a
    system of units, within the rounding of a conversion across systems; a number without a unit
    agrees with the same number with one; a share in words with a percent as copy rounds it;
    days or weeks with months or years as the calendar holds them."""
    if isinstance(one, str) and isinstance(other, str) and (span := _same_span(one, other)) is not None:
        return span
    if isinstance(one, _Share) or isinstance(other, _Share):
        percents = [_percent(figure) for figure in (one, other)]
        return None not in percents and abs(percents[0] - percents[1]) <= _SHARE_ROUNDING
    if isinstance(one, _Money) and isinstance(other, _Money):
        return float(one.figure) == float(other.figure) and not one.currencies.isdisjoint(other.currencies)
    if not isinstance(one, _Measure) or not isinstance(other, _Measure):
        return getattr(one, "figure", one) == getattr(other, "figure", other)
    quantity, system, sizes = UNITS_OF_MEASURE[one.unit]
    other_quantity, other_system, other_sizes = UNITS_OF_MEASURE[other.unit]
    value, other_value = float(one.figure), float(other.figure)
    if (quantity, system, sizes) == (other_quantity, other_system, other_sizes):  # one unit: "18 tons", "20 tons"
        return value == other_value
    if quantity != other_quantity:
        return False
    if quantity == "temperature":
        return _same_temperature(one, system, other, other_system)
    if system == other_system:
        return any(abs(value * size - other_value * other_size) <= 1e-9 * value * size for size in sizes for other_size in other_sizes)
    slack = _slack(value, one.precision)
    other_slack = _slack(other_value, other.precision)
    return any(
        abs(value * size - other_value * other_size) <= slack * size + other_slack * other_size
        for size in sizes
        for other_size in other_sizes
    )


def _percent(figure: _Figure) -> float | None:
    """A share's or a percentage's figure in percent; None for a change in points."""
    if isinstance(figure, _Share):
        return figure.percent
    return float(figure) if isinstance(figure, str) and not figure.endswith(" points") else None


def _slack(value: float, precision: float) -> float:
    """How far from ``value`` a conversion may round it: as precise as written, within _ROUNDING."""
    low, high = _ROUNDING
    return min(max(precision, low * value), high * value)


def _same_temperature(one: _Measure, scale: str, other: _Measure, other_scale: str) -> bool:
    """Whether two temperatures agree, in one scale or across, as readings or as differences
    ("46.3C" and "115F"; "1.4C above" and "2.5F above"); "degrees" alone may be either scale."""
    for first in scale.split(" or "):
        for second in other_scale.split(" or "):
            if first == second:
                if float(one.figure) == float(other.figure):
                    return True
                continue
            celsius, fahrenheit = (one, other) if first == "C" else (other, one)
            degrees_c, degrees_f = float(celsius.figure), float(fahrenheit.figure)
            slack = celsius.precision * 1.8 + fahrenheit.precision
            if abs(degrees_c * 1.8 + 32 - degrees_f) <= slack or abs(degrees_c * 1.8 - degrees_f) <= slack:
                return True
    return False


def _directions(text: str) -> list[tuple[Detail, str]]:
    """The first word of ``text`` saying an amount moved up, and the first saying down, each with
    its way: "fell here, rose there", not "fell and down here, rose and up there"."""
    first = len(text) - len(text.lstrip(QUOTE_MARKS + "‘'"))  # the first word, after any quote mark
    text_read = text
    if not text.startswith("Rose", first):  # a name there too; "Rising prices…", "Down 5 percent…" are read
        text_read = text[:first] + text[first : first + 1].lower() + text[first + 1 :]
    first_of_way: dict[str, Detail] = {}
    for match in _DIRECTION.finditer(text_read):
        before = text_read[max(0, match.start() - 30) : match.start()].split()[-1:]
        if match.group() in ("up", "down") and before and before[0].lower() in _PARTICLE_VERBS:
            continue
        way = "up" if match.group("up") else "down"
        first_of_way.setdefault(way, Detail(match.start(), match.end(), text[match.start() : match.end()], "direction"))
    return [(detail, way) for way, detail in first_of_way.items()]


# Whole weeks fall short of the calendar: 52 weeks are a year less a day and a quarter.
_WHOLE_WEEKS = 0.005
# The Gregorian calendar's months over its 400-year cycle, twice, so a run may cross its end.
_MONTH_LENGTHS = [calendar.monthrange(year, month)[1] for year in range(2000, 2400) for month in range(1, 13)] * 2


def _same_span(one: str, other: str) -> bool | None:
    """For an amount of time in seconds (days, weeks) and one in months (months, years):
    whether some run of calendar months that long holds that many days ("31 days" and "a
    month", "26 weeks" and "six months", "52 weeks" and "a year"; not "12 weeks" and "three
    months", 84 days against 89 to 92), or it is 30 days a month, as copy counts a term under a
    year ("a 180-day visa" is a six-month one). None unless the two are of the two families."""
    units = {unit: amount for amount, _, unit in (figure.rpartition(" ") for figure in (one, other))}
    if units.keys() != {"seconds", "months"}:
        return None
    days, months = float(units["seconds"]) / 86400, float(units["months"])
    if months < 12 and days == 30 * months:
        return True
    whole = int(months)
    if whole >= len(_MONTH_LENGTHS) // 2:
        return False  # over 400 years: no copy counts that in days
    fewest, most = _days_in_months(whole)
    fewest, most = fewest + (months - whole) * 28, most + (months - whole) * 31
    return fewest * (1 - _WHOLE_WEEKS) <= days <= most * (1 + _WHOLE_WEEKS)


@cache
def _days_in_months(months: int) -> tuple[int, int]:
    """The fewest and the most days a run of ``months`` calendar months holds."""
    cycle = len(_MONTH_LENGTHS) // 2
    runs = [sum(_MONTH_LENGTHS[:months])]
    for start in range(1, cycle):
        runs.append(runs[-1] - _MONTH_LENGTHS[start - 1] + _MONTH_LENGTHS[start + months - 1])
    return min(runs), max(runs)
