"""What to check in a sentence: checkable details, the kind of claim, who said it, sources.

Each function reads one sentence's plain text and predicts; nothing here changes its input.
Detail offsets index that same text, so the worksheet can put them in bold.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .citations import REFERENCE_MARK
from .units import TEMPERATURE_UNIT, UNIT

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
MONTHS_SHORT = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
UNITS_OF_TIME = "year|month|week|day|decade|century|hour|minute|second|season|fortnight"
# Indian copy counts in lakhs (100,000) and crores (10 million): "Rs 450 crore", "₹2 lakh crore".
_SCALE_NAMES = r"lakhs?\scrores?|lakhs?|crores?|million|billion|trillion|bn|mn"
SCALE = rf"(?:\s?(?:{_SCALE_NAMES}|m|k)\b)?"
# A bare number's scale: "1.5m" is 1.5 million, but "1.5 m above the flood level" is in metres.
_NUMBER_SCALE = rf"(?:\s?(?:{_SCALE_NAMES})\b|[mk]\b)?"
NUMBER = r"\d+(?:[,.]\d+)*"

# Building blocks of DETAIL_PATTERNS. Every repetition here is over text that cannot be split
# two ways (a digit run, a separator then digits, a word then a space), so matching stays
# linear: no nested quantifier can backtrack over the same characters.


def _one_of(words: str) -> str:
    """``(?:words)`` for ``words`` like "two|three|four", led by a lookahead for their first
    letters: without it, re tries every word at every position of the text, and these lists
    were most of the time spent finding details."""
    alternatives = words.split("|")
    assert all(word[:1].isalpha() for word in alternatives), words
    return rf"(?=[{''.join(sorted({word[0] for word in alternatives}))}])(?:{words})"


_MONTH = rf"(?-i:{_one_of(MONTHS)})"  # case-sensitive: "may" is a verb, "May" a month
_YYYY = r"(?:1[5-9]|20)\d\d"
_AT_NUMBER_START = r"\b(?<!\d[,.\-–])"  # not inside "1,200", "3.5" or the "24" of "2023-24"
_TIME_UNITS = _one_of(
    "years?|months?|weeks?|days?|decades?|century|centuries|hours?|minutes?|seconds?|seasons?|fortnights?"
)
_UNITS = _one_of("one|two|three|four|five|six|seven|eight|nine")
NUMBER_WORD = (
    rf"(?:{_one_of('twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety')}(?:-{_UNITS})?"
    rf"|{_one_of('two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen')})"
)
_BIG = _one_of("hundred|thousand|lakhs|lakh|crores|crore|million|billion|trillion")
_BIGS = rf"{_BIG}(?:\s{_BIG})?"  # "hundred thousand", one amount
_WORD_AMOUNT = rf"(?:{NUMBER_WORD}(?:\s{_BIGS})?|(?:a|one|half\sa)\s{_BIGS})"
_COUNT = rf"(?:{NUMBER}|{NUMBER_WORD})"
_AND_A_HALF = r"\sand\sa\shalf"
# Not after "for" and a hedge: "for nearly a week before" is how long, not when.
_NOT_AFTER_FOR = "".join(rf"(?<!\bfor\s{hedge})" for hedge in ("", r"nearly\s", r"almost\s", r"about\s", r"around\s", r"over\s", r"just\s", r"only\s", r"more\sthan\s"))
# The amount of a measure: "7.4", "10-15", "1.2 million", "six", "one"; not the whole of a share
# ("one in every four tonnes" is a ratio).
_MEASURE_AMOUNT = rf"{_AT_NUMBER_START}(?=[\dtefnsoha])(?<!\bin\severy\s)(?<!\bof\severy\s)(?<!\bone\sin\s)(?<!\bone\sout\sof\s)(?:{NUMBER}(?:[-–]{NUMBER})?{_NUMBER_SCALE}|{_WORD_AMOUNT}|one)"
# A word copy puts between an amount and its unit of time: "26 consecutive weeks", "90 more days".
_SPAN_WORD = rf"(?:\s{_one_of('consecutive|successive|straight|more|further|additional|extra|full|whole|long')})?"
# An amount of time: "two days", "two and a half years", "a year and a half", "half an hour".
_SPAN_OF_TIME = (
    rf"{_AT_NUMBER_START}(?:{NUMBER}|{_WORD_AMOUNT}|one|a|an)\s{_TIME_UNITS}{_AND_A_HALF}"
    rf"|{_AT_NUMBER_START}(?:{NUMBER}|{_WORD_AMOUNT}|one)(?:{_AND_A_HALF})?{_SPAN_WORD}\s{_TIME_UNITS}"
    rf"|\bhalf\s(?:a|an)\s{_TIME_UNITS}"
)
# Plural, and singular as copy writes it before a noun: "a 1.4 billion euro plan", "a 5 pound coin".
CURRENCY_WORDS = (
    "dollars|euros|pounds|pence|cents|rubles|roubles|yuan|renminbi|yen|krona|kronor|kroner|francs|rupees|pesos|rand"
    "|shekels|sterling|koruna|korunas|dinars|lira|liras|cedis|shillings|zloty|zlotys|forints|baht|naira|rials|riyals"
    "|dirhams|ringgit|rupiah|hryvnias|hryvnia|kwacha|reais|lei|taka"
    "|euro cents|euro cent|dollar|euro|pound|cent|ruble|rouble|franc|rupee|peso|shekel|dinar|cedi|shilling|forint|rial"
    "|riyal|dirham"
)
_CURRENCY = _one_of(CURRENCY_WORDS)
# Whose currency a word names: "500,000 US dollars", "40 Swiss francs".
_CURRENCY_COUNTRY = _one_of(
    r"US|U\.S\.|American|Australian|Canadian|Hong\sKong|New\sZealand|Singapore|Taiwan|Swiss|Swedish|Norwegian|Danish"
    r"|Icelandic|Indian|Pakistani|Mexican|Argentine|Argentinian|Chilean|Colombian|Philippine|South\sAfrican|Israeli"
    r"|Japanese|Chinese|Russian|British|Egyptian|Czech|Turkish|Kenyan|Ugandan|Tanzanian|Ghanaian|Nigerian|Polish"
    r"|Hungarian|Thai|Brazilian|Saudi|Qatari|Emirati|UAE|Moroccan|Malaysian|Indonesian|Ukrainian|Romanian|Bangladeshi"
    r"|Iraqi|Jordanian|Kuwaiti|Algerian|Tunisian|Serbian|Zambian|Malawian|Omani|Iranian|Yemeni|Libyan|Bahraini"
    r"|Sri\sLankan|Nepalese"
)
# Words that are a currency only after an amount in digits or with a scale word: "312 billion
# crowns", not a boxer's "two crowns"; "won", also a verb, only with its country or after
# "million", "billion" or "trillion" and not before what is won ("2.8 billion won on Thursday").
_DIGITS_OR_SCALE = rf"(?:{NUMBER}{SCALE}|(?:{NUMBER_WORD}|a|one|half\sa)\s{_BIGS})"
_CURRENCY_IF_COUNTED = (
    rf"(?:(?:(?:{_CURRENCY_COUNTRY})\s)?crowns?|(?:South\s)?Korean\swon"
    rf"|(?<=illion\s)won(?!\s(?:the|a|an|its|their|his|her|gold|silver|bronze|by|over|against|\d)\b))"
)
# ISO codes written before or after an amount: in capitals only, as "rub", "cad" and "ils" are words.
CURRENCY_CODES = (
    "USD|EUR|GBP|CHF|JPY|CNY|SEK|NOK|DKK|ISK|AUD|CAD|NZD|HKD|SGD|INR|PKR|ZAR|MXN|ARS|ILS|RUB|EGP"
    "|CZK|PLN|HUF|TRY|THB|NGN|KES|UGX|TZS|GHS|AED|SAR|QAR|MAD|MYR|IDR|UAH|RON|BDT|BRL|KRW|IQD|JOD|KWD|TND|RSD|DZD|ZMW"
)
_RELATIVE = _one_of(r"last|next|this|past|previous|earlier\sthis|later\sthis|early\snext|late\snext|late\slast")
ORDINAL_WORDS = (
    "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth"
    "|sixteenth|seventeenth|eighteenth|nineteenth|twentieth"
)
_ORDINAL = rf"(?:{_one_of(ORDINAL_WORDS)}|\d+(?:st|nd|rd|th))"
_SUPERLATIVE = _one_of(
    "largest|biggest|smallest|highest|lowest|fastest|slowest|oldest|youngest|longest|shortest|deadliest|hottest"
    "|coldest|warmest|wettest|driest|richest|poorest|strongest|weakest|busiest|greatest|cheapest|heaviest|tallest|best|worst"
    "|steepest|sharpest|deepest|narrowest|widest|closest|costliest|wealthiest|safest|dirtiest|cleanest|brightest"
)
_COMPARATIVE = _one_of(
    "more|less|fewer|higher|lower|larger|smaller|bigger|greater|faster|slower|older|younger|longer|shorter|cheaper"
    "|dearer|better|worse|warmer|colder|hotter|wetter|drier|richer|poorer|stronger|weaker|heavier|earlier|later"
)
_EVENT_VERBS = r"(?:seized|annexed|invaded|occupied|captured|signed|ratified|won|defeated|abolished|founded|declared)"
_EVENT_PASSIVES = (
    r"(?:elected|re-elected|founded|established|assassinated|impeached|inaugurated|sworn\sin|convicted|acquitted|sentenced"
    r"|indicted|arrested|born|executed|signed|ratified|annexed|abolished|invaded|occupied|captured)"
)
# Words that end an event's object: prepositions, conjunctions, auxiliaries, pronouns, time words.
_NP_STOP = (
    rf"(?:in|on|at|from|to|for|by|with|after|before|during|since|until|over|under|into|onto|against|amid|despite|through"
    rf"|across|near|without|within|about|as|than|of|and|but|or|nor|so|yet|that|which|who|whom|whose|when|where|while"
    rf"|because|if|though|although|is|are|was|were|be|been|being|has|have|had|will|would|could|should|may|might|can|did"
    rf"|do|does|said|says|also|only|then|again|already|ago|last|next|this|these|those|yesterday|today|tomorrow|tonight"
    rf"|it|them|him|me|us|you|twice|once|back|here|there|not|early|late|later|earlier|illegally|unanimously|narrowly"
    rf"|officially|formally|easily|comfortably|finally|eventually|reportedly|allegedly|briefly|effectively|largely"
    rf"|outright|{MONTHS}|{WEEKDAYS})"
)
_NP_WORD = rf"(?!{_NP_STOP}\b)[^\W\d_][\w’'-]*(?<![’'-])"
# A place in a table or race a side moves to: "moved up to fourth", "dropped to ninth".
_MOVED_TO = (
    r"(?=[mrcdsfjlwg])(?:move[sd]?|moving|rose|rises?|rising|risen|climb(?:ed|s|ing)?|drop(?:ped|s|ping)?"
    r"|slip(?:ped|s|ping)?|fell|falls?|fallen|falling|jump(?:ed|s|ing)?|leapt|slid(?:es|ing)?|sank|sunk|went|go(?:es)?)"
    r"\s(?:[\w-]+\splaces?\s)?(?:up\s|down\s|back\s)?to"
)
# The distances that name track and pool races, and the words that follow a race's name.
_RACE = r"(?:50|60|100|110|200|400|800|1,?000|1,?500|3,?000|5,?000|10,?000)(?:\s?m|\s?metres|\s?meters|-metres?|-meters?)\b"
_RACE_KINDS = r"hurdles|steeplechase|freestyle|backstroke|breaststroke|butterfly|medley"
_RACE_WORDS = (
    rf"(?:{_RACE_KINDS}|finals?|heats?|semi-?finals?|individual|relays?|races?|sprints?|dash|titles?|gold|silver|bronze"
    r"|champions?|championships?|crowns?|world|records?|medals?|events?|specialists?|runners?|swimmers?|podium|times?"
    r"|best|personal|season)"
)
# An amount of time in two or three of the clock's units: "2 hours 19 minutes", "1 minute 40
# seconds", "two hours and 15 minutes", "3min 58.21sec".
_CLOCK_AMOUNT = rf"(?:\d+(?:\.\d+)?|{NUMBER_WORD}|one|an?)"
_HOURS = r"(?:hours?|hrs?)\b"
_MINUTES = r"(?:minutes?|mins?)\b"
_SECONDS = r"(?:seconds?|secs?)\b"
_AND = r"(?:,?\sand\s|,\s|\s)"
_CLOCK_SPAN = (
    rf"(?=[\dtefnsoa]){_CLOCK_AMOUNT}\s?(?:{_HOURS}{_AND}{_CLOCK_AMOUNT}\s?{_MINUTES}"
    rf"(?:{_AND}{_CLOCK_AMOUNT}\s?{_SECONDS})?|{_MINUTES}{_AND}{_CLOCK_AMOUNT}\s?{_SECONDS})"
)
# Records a side or a runner sets: "a world record", "the national record", "a club record".
_RECORD_KIND = (
    r"(?:world|national|olympic|european|commonwealth|championship|championships|course|meeting|meet|games|area|club"
    r"|british|american|african|asian|continental|state|county|league|school|tournament|stadium|ground|all-time|daily"
    r"|monthly|weekly|annual|career|team|event|franchise|global|(?-i:[A-Z][a-z]+an))"
)
# Capitalised words a number follows that are no name: "About 700", "Only 12", "Sept 4"; and
# ratings and places, which are figures ("a Category 4 hurricane", "world No 7").
_NOT_A_NAME = (
    rf"(?:{MONTHS}|{MONTHS_SHORT}|{WEEKDAYS}|About|Around|Nearly|Almost|Some|Only|Just|Over|Under|More|Fewer|Less|At|By"
    r"|In|On|Of|To|For|With|From|Since|Until|Till|After|Before|Between|Among|Than|The|And|But|Or|Nor|All|Roughly"
    r"|Approximately|Exactly|Precisely|Up|Down|Another|Those|These|This|That|Top|Last|Next|First|Each|Every|Both|Barely"
    r"|Still|Already|Aged?|Ages|No|Category|Force|Level|Grade|Tier|Class|Band)"
)
_NP_START = (
    rf"(?:(?:the|a|an|his|her|its|their|our)\s{_NP_WORD}|(?-i:(?=[A-Z])){_NP_WORD}"
    r"|(?:power|control|independence|office|victory|gold|silver|bronze|re-election|war|martial\slaw)\b)"
)

# Earlier entries win where matches overlap: "$1.2 billion" is money, not a number and a year.
# Entries of type None mark text that only looks like a detail (phone numbers, versions,
# addresses, identifiers): it is claimed first and never reported. Where a pattern has a group
# named "d", that group is the detail and the rest is context ("in May" gives "May").
DETAIL_PATTERNS: tuple[tuple[str | None, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        ("date", rf"\b\d{{1,2}}[./]\d{{1,2}}[./](?:\d{{4}}|\d\d)\b|\b{_YYYY}-\d\d-\d\d\b"),
        (None, REFERENCE_MARK),
        # phone numbers
        (None, r"\+\d{1,3}(?:[ .-]\(?\d{1,4}\)?){2,5}(?!\w)|\(\d{2,5}\)\s?\d{3,4}[ .-]?\d{3,4}\b|\b0\d{2,4}\s\d{3,4}\s?\d{3,4}\b|\b\d{3}[-.]\d{4}\b"),
        # versions, identifiers after a noun, codes such as COVID-19, street addresses
        (None, r"\b(?:version|v\.|firmware|iOS|Android|Windows|macOS|Python)\s?\d+(?:\.\d+)*\b|(?<![\d.])\b\d+(?:\.\d+){2,}\b"),
        (None, r"\b(?:item|article|section|clause|chapter|paragraph|page|room|route|highway|interstate|flight|platform|gate|channel|episode|resolution|amendment|proposition|exit|terminal|number|no\.)\s#?\d+[a-z]?\b"),
        (None, r"(?-i:\b(?!(?:Mid|Pre|Post|Late|Early|Non)-)[A-Z][A-Za-z]*-\d+)\b"),
        (None, r"\b\d+[a-z]?\s(?-i:(?:[A-Z][a-z]+\s){0,3}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Drive|Square|Place|Terrace))\b"),
        # "60p" is pence (not "1080p", a video's lines, nor "2p.m."); "Rs 500" rupees; signs, codes and
        # words before or after the amount ("₦9,500", "RM52.8 billion", "CZK 40 million", "65 Kč",
        # "312 billion crowns"), or joined to it ("a 10,000-baht handout")
        ("money", rf"{_AT_NUMBER_START}(?<![\d.,])(?!(?:480|720|1080|1440|2160)p)\d+(?:\.\d+)?(?-i:p)\b(?!\.?m\b)|(?-i:\bRs)\.?\s?{NUMBER}{SCALE}|(?:\b(?:US|A|C|NZ|HK|S))?[$€£¥₽₹₦₺₴₩฿₵]\s?{NUMBER}{SCALE}|(?-i:\b(?:RM|Tk))\s?{NUMBER}{SCALE}|(?-i:\b{_one_of(CURRENCY_CODES)})\s?{NUMBER}{SCALE}|{_AT_NUMBER_START}(?=[\dtefnsoha])(?:(?:{NUMBER}{SCALE}|{_WORD_AMOUNT})\s(?:(?:(?:{_CURRENCY_COUNTRY})\s)?{_CURRENCY}\b|(?-i:{_one_of(CURRENCY_CODES)})\b)|{_DIGITS_OR_SCALE}\s{_CURRENCY_IF_COUNTED}\b|{NUMBER}{SCALE}(?:\s?(?-i:Kč|zł)(?!\w)|-(?:{_CURRENCY}|crown)\b(?!-)))"),
        ("percentage", rf"{_AT_NUMBER_START}(?:{NUMBER}(?:\s?[-–]\s?{NUMBER})?|{NUMBER_WORD}|one)\s?(?:%|percent\b|per\scent\b|percentage\spoints?\b|basis\spoints?\b)|\b(?:half\sa|(?:a|one|{NUMBER_WORD})[\s-](?:thirds?|quarters?|fifths?|tenths?)\sof\sa)\s(?:percentage\spoint|percent|per\scent)\b"),
        # the distance that names a race: "the 400m final", "the women's 1500m"; winning it is an event
        ("event", rf"\bwon\sthe\s(?:(?:wo)?men['’]s\s)?{_RACE}(?:\s(?:{_RACE_KINDS}|relay|final|title))?"),
        (None, rf"(?=\d)(?:(?<=men's\s)|(?<=men’s\s)|(?<=\bthe\s)(?={_RACE}(?:\s(?:in|at|on|and)\b|[.,;:!?)]|$))|(?={_RACE}\s{_RACE_WORDS}\b))(?P<d>{_RACE})"),
        # an amount with its unit of measure ("124 mph", "a 7.4-mile extension", "41.2C"); a
        # temperature keeps its sign ("minus 4 degrees", "-15C")
        ("measure", rf"(?:\bminus\s|(?<![\w.,])[-−–]){_MEASURE_AMOUNT}{TEMPERATURE_UNIT}|{_MEASURE_AMOUNT}{UNIT}"),
        # calendar dates, clock times, relative dates
        ("date", rf"\b(?:{_MONTH}|(?-i:{MONTHS_SHORT})\.?)\s(?:\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s{_YYYY})?|{_YYYY})\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s(?:of\s)?{_MONTH}(?:,?\s{_YYYY})?\b"),
        ("date", rf"(?<=\bthe\s)(?:(?:twenty|thirty)-)?{_one_of(ORDINAL_WORDS)}\sof\s{_MONTH}(?:,?\s{_YYYY})?\b"),  # "the twelfth of October"
        ("date", rf"\b{_MONTH}\s(?:(?:twenty|thirty)-)?{_one_of(ORDINAL_WORDS)}(?![\w-])(?:,?\s{_YYYY}\b)?"),  # "October twelfth"
        # a race time: "3:41.2", "29:41.07", "2:04:55" (no clock reads tenths, nor hours, minutes and
        # seconds), and one written in two units, "2 hours 19 minutes", "3min 58.21sec"
        ("duration", rf"\b\d{{1,2}}:\d\d(?::\d\d)?[.,]\d{{1,3}}\b|\b\d{{1,2}}:\d\d:\d\d\b|{_AT_NUMBER_START}{_CLOCK_SPAN}"),
        ("date", rf"\b\d{{1,2}}:\d\d(?!:?\d)(?:\s?(?:a\.m\.|p\.m\.|am\b|pm\b))?|\b\d{{1,2}}\s?(?:a\.m\.|p\.m\.|am\b|pm\b)|\b(?:\d{{1,2}}|{NUMBER_WORD}|one)\so['’]clock\b"),
        ("date", rf"\b{_RELATIVE}\s(?:year|month|week|weekend|quarter|season|spring|summer|autumn|fall|winter|decade|century|morning|afternoon|evening|{_MONTH}|{WEEKDAYS})\b"),
        ("date", rf"(?:{_SPAN_OF_TIME}|\b(?:a|an)\s{_TIME_UNITS})\s(?:ago|earlier|later)\b|\b(?:yesterday|today|tomorrow|tonight)\b|\b(?:{WEEKDAYS})\b"),
        # "a day after the vote", "the year before". An amount ("six hours before") stays a duration:
        # copy as often says how long something lasted ("the truce lasted six hours before...")
        ("date", rf"\b(?=an?\s){_NOT_AFTER_FOR}(?<!\bhalf\s)(?<!\bby\s)(?:a|an)\s{_TIME_UNITS}\s(?:before|after)\b(?!\s(?:yesterday|tomorrow)\b)|\bthe\s(?P<d>(?:day|week|month|quarter|year|decade)\s(?:before|after))\b(?!\s(?:yesterday|tomorrow|last|next)\b)"),
        ("date", r"\bthe\s(?P<d>(?:first|second|third|fourth|\d+(?:st|nd|rd|th))\s(?:half|quarter|week|day|month|year|decade|century))\b|\b(?:first|second|third|fourth)-(?:half|quarter)\b"),
        ("date", rf"\b(?:in|since|until|till|by|from|to|through|during|before|after|of|early|late|mid|on)[\s-](?P<d>{_MONTH})\b"),
        ("duration", rf"{_AT_NUMBER_START}(?:{NUMBER}|{NUMBER_WORD}|one)-(?:{UNITS_OF_TIME})s?(?:-long|-old)?\b|(?:{_SPAN_OF_TIME})\b(?!-)"),
        ("duration", r"\bfor\sa\s(?:year|month|week|day|decade|century|fortnight|season)\b|\ba\s(?:decade|century)\b|(?<=\bthan\s)a\s(?:year|month|week|day)\b"),
        ("ratio", rf"{_AT_NUMBER_START}{_COUNT}(?:\s?(?:-|–|to)\s?{_COUNT})?\stimes\b|{_AT_NUMBER_START}{_COUNT}[- ]?fold\b|\b(?:twice|doubled|tripled|trebled|quadrupled|halved)\b|\b(?:double|triple|treble|quadruple)(?=\s(?:the|that|its|their|his|her|what)\b)"),
        ("ratio", rf"\b(?:one|{NUMBER_WORD}|\d+)\s(?:in|out\sof)\s(?:every\s)?(?:{NUMBER_WORD}|\d{{1,3}}(?:,\d{{3}})?)\b|\b(?:{NUMBER_WORD}|\d+)[- ]to[- ]one\b|\b(?:two|three|four)-(?:thirds|quarters|fifths)\b|\b(?:a|one)\s(?:third|quarter|fifth|tenth)(?=\sof\b)"),
        ("ratio", r"\bby\s(?:(?:about|around|nearly|almost|roughly|some|over|more\sthan|less\sthan|just\sover|just\sunder)\s)?(?P<d>(?:a|one)\s(?:third|quarter|fifth|tenth))\b|(?<!\bfirst\s)(?<!\bsecond\s)(?<!\band\sa\s)(?<!-)\bhalf\b(?![-\w])(?!\s(?:a|an)\b)"),
        ("year", rf"{_AT_NUMBER_START}(?:1[5-9]\d\d|20\d\d)(?:s\b|[-–/](?:\d\d|{_YYYY})\b|\b)(?![,.]\d)"),
        ("rank", rf"\b(?:the|its|their|his|her|our)\s(?:{_ORDINAL}[-\s])?{_SUPERLATIVE}\b|\bthe\s(?:most|least)\b|\bthe\s{_ORDINAL}\b(?:-ever\b)?(?:\stime\b)?|(?<=[’']s\s)(?:{_ORDINAL}[-\s])?{_SUPERLATIVE}\b|\b{_ORDINAL}-{_SUPERLATIVE}\b|\b{_ORDINAL}\splace\b"),
        ("rank", rf"\b(?:a|an)\s(?:new\s)?(?:all-time|record)\s(?:high|low)\b|\ba\s(?:new\s)?record\b(?!\sof\b)|\brecord-(?:high|low|breaking)\b|\b(?:a|an|the|her|his|their|its)\s(?:new\s)?{_RECORD_KIND}\srecord\b(?!\sof\b)|\b(?:a|her|his|their)\s(?:new\s)?(?:personal|season(?:'s|’s))\sbest\b"),
        ("rank", rf"\b(?:finished|came|ranked|placed|finishing|coming)\s(?P<d>{_ORDINAL})\b"),
        ("rank", rf"\b{_MOVED_TO}\s(?P<d>{_ORDINAL})\b(?![-\w])(?!\s(?:reading|round|half|quarter|term|stage|leg|floor|gear)\b)"),
        ("comparison", rf"\b{_COMPARATIVE}\sthan\b|\b(?:up|down)\sfrom\b|\bcompared\s(?:with|to)\b"),
        ("event", rf"\b{_EVENT_VERBS}\s{_NP_START}(?:\s(?:of\s)?{_NP_WORD}){{0,4}}|\b(?:was|were|has\sbeen|have\sbeen|had\sbeen)\s{_EVENT_PASSIVES}\b"),
        # a number in a name: "a Boeing 737 Max", "Apollo 11 landed", "the Calder 100 index"
        (None, rf"(?-i:(?<!\d\s)\b(?=[A-Zi])(?!{_NOT_A_NAME}\b)(?:[A-Z][A-Za-z][\w’'-]*|i[A-Z]\w*|S&P))\s(?P<d>\d{{1,4}})\b(?!\s?[-–/.,:]\s?\d)(?!\s(?:{_SCALE_NAMES}|thousand|hundred|of|people|children|men|women|staff|police|cattle|sheep|fish|personnel|(?!(?:was|is|has|does|its|his|this|thus|as|plus|us|diabetes|series|species|news)\b)[a-z]*[^\Ws]s)\b)(?-i:(?!\s[A-Z][\w-]*\s\d))"),
        # A score, tally or range is one detail holding both numbers ("228-206", "100-150"),
        # since either number alone misstates it; set-by-set scores ("6-4, 7-5") are one score.
        # A vote with abstentions ("228-206-1") is one tally too; its third part has at most
        # three digits, so a date such as 12-05-2023 is not read as one.
        ("number", rf"{_AT_NUMBER_START}\d[-–]\d(?:,\s\d[-–]\d)+\b(?![-–/.,]?\d)|{_AT_NUMBER_START}{NUMBER}(?:[-–]{NUMBER}(?:[-–]\d{{1,3}})?(?![-–/.,]?\d))?{_NUMBER_SCALE}(?!\w)"),
        ("number", rf"\b(?={NUMBER_WORD})(?<!\bthe\s)(?<!\bthese\s)(?<!\bthose\s)(?<!\bboth\s)(?<!\ball\s)(?<!\bits\s)(?<!\btheir\s){NUMBER_WORD}(?:\s{_BIGS})?\b(?!-)|\b(?:a|one|half\sa)\s{_BIGS}\b|\b(?:a|{NUMBER_WORD})\sdozen\b"),
    )
)


@dataclass(frozen=True, slots=True)
class Detail:
    """A span of a sentence that a fact-checker verifies, with its type."""

    start: int
    end: int
    text: str
    type: str
    means: str = ""  # the calendar date a relative date means: "November 2026" for "last month"

    def __str__(self) -> str:
        return f"{self.text} ({self.type}: {self.means})" if self.means else f"{self.text} ({self.type})"


def find_details(text: str) -> tuple[Detail, ...]:
    """Checkable details in ``text``, in order, never overlapping.

    Each pattern of ``DETAIL_PATTERNS`` runs in turn; a match is kept only where no earlier
    match (a detail, or text marked as no detail) already claimed any of its characters.
    """
    claimed = bytearray(len(text))
    found: list[Detail] = []
    for kind, pattern in DETAIL_PATTERNS:
        has_group = "d" in pattern.groupindex
        for match in pattern.finditer(text):
            start, end = match.span("d") if has_group and match.start("d") >= 0 else match.span()
            if start == end or any(claimed[start:end]):
                continue
            claimed[start:end] = b"\x01" * (end - start)
            if kind is not None:
                found.append(Detail(start, end, text[start:end], kind))
    return tuple(sorted(found, key=lambda d: d.start))


def describe_details(details: tuple[Detail, ...]) -> str:
    """``29 times (ratio); 2014 (year)``: the Checkable details cell."""
    return "; ".join(str(d) for d in details)


QUOTE_MARKS = "\"“”„«»"
LAW_WORDS = re.compile(r"\b(?:law|laws|act|bill|constitution|statute|regulation|decree|treaty|banned|illegal|legal|ruling|court)\b", re.IGNORECASE)
# Wording that looks ahead: "will", "could", "is expected to", "plans to", "forecast".
FUTURE_WORDS = re.compile(
    r"\b(?:will|shall|won[’']t)\b|[’']ll\b"
    r"|\b(?:is|are|was|were|be|been)\s(?:expected|due|set|scheduled|projected|forecast|predicted|likely|unlikely|poised|going)\sto\b"
    r"|\b(?:plans?|planning|intends?|aims?|hopes?|expected)\sto\b|\bexpects?\b|\b(?:forecasts?|forecasted|predicts?)\b"
    r"|\b(?:could|might)\s(?!have\b|not\b|n[’']t\b)",
    re.IGNORECASE,
)
# Verbs that report or forecast rather than state a past fact: "said" does not make a
# forecast checkable, "raised" or "rose" does.
REPORTING_VERBS = (
    r"(?:said|says|told|asked|added|warned|quipped|stated|wrote|claimed|announced|insisted|noted|argued|explained|tweeted"
    r"|declared|denied|confirmed|admitted|acknowledged|promised|suggested|reported|quoted|cited|described|estimated"
    r"|expected|planned|scheduled|projected|predicted|forecasted|proposed|intended|supposed|hundred|indeed|unnamed"
    r"|concerned|interested|based|related|limited|united|detailed|advanced|aged)"
)
# Detail types that state an amount: a claim with one is a statistic (unless a ratio or future
# wording decides first).
FIGURE_TYPES = frozenset({"money", "percentage", "number", "measure"})
# Past tenses and participles that do not end in -ed.
IRREGULAR_PASTS = (
    "had|did|rose|fell|grew|won|lost|began|became|went|took|made|paid|spent|left|held|met|saw|built|sold|bought|led|ran"
    "|kept|gave|got|came|found|brought|fought|broke|chose|drove|flew|froze|sank|struck|stood|shot|withdrew|overtook|drew|sat"
    "|threw|swept|risen|fallen|grown|taken|given|done|gone|seen|shown|broken|chosen|stolen|begun|beaten"
)
PAST_FACT = re.compile(
    r"\b(?:was|were|been)\b(?!\s(?:quoted|expected|due|set|scheduled|going|likely|unlikely|poised|reported|projected|forecast|predicted|planned|told|asked)\b)"
    rf"|\b(?:{IRREGULAR_PASTS})\b"
    rf"|(?<![\w’'-])(?<!\bthe\s)(?<!\ba\s)(?<!\ban\s)(?!{REPORTING_VERBS}\b)(?-i:[a-z]+[a-df-z]ed)\b",
    re.IGNORECASE,
)


def _is_quotation(text: str) -> bool:
    """Words on the record: the sentence opens a quotation, or quotes someone it says spoke.

    Scare quotes around a term ("a “union state”") do not make a quotation.
    """
    if text[:1] in QUOTE_MARKS:
        return True
    return any(mark in text for mark in QUOTE_MARKS) and SPEECH_VERB.search(text) is not None


def claim_kind(text: str, details: tuple[Detail, ...]) -> str:
    """The kind of claim, from its wording about time first, then its details, then its words.

    The first rule that applies decides:

    1. Future wording ("will", "could", "is expected to", "plans to", "forecast") and no past
       fact (no past-tense verb other than reporting verbs such as "said"): ``quotation`` when
       the sentence is a quotation (what can be checked is that it was said), else
       ``prediction``.
    2. A ratio: ``comparison``.
    3. Money, a percentage, a number or a measure: ``statistic``.
    4. A rank or a comparison: ``comparison``.
    5. A duration: ``duration``.
    6. A year, date or event: ``date/event``.
    7. A quotation (opens with a quote mark, or quotes someone it says spoke): ``quotation``.
    8. Words of law (law, bill, treaty, court ...): ``law/rule``.
    9. ``other``.
    """
    types = {d.type for d in details}
    if FUTURE_WORDS.search(text) and not PAST_FACT.search(text):
        return "quotation" if _is_quotation(text) else "prediction"
    if "ratio" in types:
        return "comparison"
    if types & FIGURE_TYPES:
        return "statistic"
    if types & {"rank", "comparison"}:
        return "comparison"
    if "duration" in types:
        return "duration"
    if types & {"year", "date", "event"}:
        return "date/event"
    if _is_quotation(text):
        return "quotation"
    if LAW_WORDS.search(text):
        return "law/rule"
    return "other"


SPEECH_VERBS = (
    r"(?:said|says|told|asked|added|warned|quipped|stated|wrote|claimed|announced|insisted|noted|argued"
    r"|explained|tweeted|declared|denied|confirmed|admitted|acknowledged|promised|suggested|reported)"
)
# Names, reporters and the gaps between a speaker and a channel are bounded, and start at a
# word boundary, so a search stays linear on a very long sentence: unbounded runs made every
# capitalised word of a 10,000-character sentence rescan the rest of it. Inside a name, a
# capitalised word may follow "of", "for" or "and", with or without "the" ("Bank of England",
# "Office for National Statistics"); never "the" alone, which would join "In the Netherlands
# the Central Bank" into one name.
NAME = r"\b[A-Z][\w’'.-]{0,40}(?:\s(?:(?:(?:of|for|and)\s(?:the\s)?)?[A-Z][\w’'.-]{0,40}|de|van|von|al|bin)){0,6}"
SPEECH_VERB = re.compile(rf"\b{SPEECH_VERBS}\b")
# A speech verb after its speaker, in the perfect too: "Holloway has said", "experts have warned".
SPOKE = rf"(?:(?:has|have|had)\s)?{SPEECH_VERBS}"
PRONOUNS = {"He", "She", "They", "It", "We", "I", "You", "Nobody", "Everyone", "Everybody", "Someone", "Somebody", "Anyone", "Anybody"}
OUTLET_TYPES = r"(?:radio station|news agency|news website|newspaper|television|TV channel|TV|website|channel)"
CHANNEL = r"(?:the\s)?(?:[\w’'-]+\s){0,2}?" + NAME + rf"(?:\s{OUTLET_TYPES})?"
REPORTER = r"\b(?:[\w’'-]{1,40}\s){0,3}[\w’'-]{1,40}"
GAP = r".{0,200}?"
# Between a speaker and the verb, a short description set off by commas: an age ("Anna Berg,
# 54, said") or a lower-case noun phrase ("Tom Vik, a spokesman for the ministry, said"), which
# may end in a name ("a spokesman for the Ministry of Health"). Its words are bounded in number
# and length, so a search stays linear; a capitalised word never follows the article, which
# keeps "In Oslo, the Capital Region, said ..." from naming a speaker.
APPOSITIVE = rf"(?:\d{{1,3}}|(?:a|an|the|its|his|her)(?:\s[a-z][\w’'-]{{0,30}}){{1,6}}(?:\s{NAME})?)"
# "..., said the Office for National Statistics." names its speaker after the verb; the name
# is the speaker only when the sentence ends, or a comma, semicolon, time word or "in a
# statement" follows it: in "Officials said the Treasury would act" the Treasury is what was
# said about. The verb must follow a comma or a closing quote, as it does in such an
# attribution, so "He said the Bank on Tuesday cut rates" and "officials said Britain would
# act" name no one after the verb.
SAID_THE_END = (
    rf"[.!?]?[”\"’»]?\s*$|,|;|\s(?:on\s(?:{WEEKDAYS})|yesterday|today|tonight"
    rf"|(?:last|this|earlier\sthis)\s(?:week|month|year|morning|afternoon|evening|{WEEKDAYS})|in\s(?:{MONTHS})"
    r"|(?:in|at)\s(?:a|an|its)\s(?:[a-z-]+\s)?(?:statement|report|note|briefing|release|interview|letter))\b"
)
AFTER_A_QUOTE_OR_COMMA = r"(?<=[,”\"»’']\s)"
# A speaker's role set off before their name: "the company's chief executive, Anna Berg, said",
# "A spokeswoman for the fire service, Ida Holm, said". A few words with no comma, the first
# no preposition ("Kieran Holt, of Brackley Drive, Sennick, admitted" names no place) and the
# last no place ("Police in the northern city, Tromsø, said" names the police, not the city).
ROLE = (
    r"(?!(?:of|in|from|at|on|near|for|to|by|with)\s)(?:[\w’'.-]{1,40}\s){0,6}?"
    r"(?!(?:city|town|capital|region|province|county|village|state|country|district|area|island|port|suburb)\b)[\w’'.-]{1,40}"
)
# What may follow such a name before the verb: an age, a description or both ("Ann Berg, 54, said").
AFTER_NAME = rf"(?:,\s(?:\d{{1,3}}|who\s[^,]{{1,200}}|{APPOSITIVE})){{0,2}}"


def _described(not_words: str, not_last: str = "") -> str:
    """A speaker that is no name, none of whose words is one of ``not_words`` and whose last
    word (before an "of" phrase) is none of ``not_last``."""
    word = rf"(?!(?:{not_words})\b){_NP_WORD}"
    last = rf"(?!(?:{not_last})\b){word}" if not_last else word
    return rf"(?:(?:a|an)\s)?(?:{word}\s){{0,3}}{last}(?:\s(?:of|for|at|from)\s(?:the\s)?(?:{_NP_WORD}\s){{0,2}}{_NP_WORD})?"


# A speaker that is no name, where an attribution closes the sentence: "..., police said.",
# "...,” the coach said.", "..., said a spokesman for the ministry." A few words and one
# "of/for/at/from" phrase, none of the words a preposition, pronoun, auxiliary, time word or
# ordinal ("The deal, first announced in March, ...").
DESCRIBED = _described(ORDINAL_WORDS)
# After "according to", a document, data, a count or a vague phrase is no speaker ("according to
# figures released on Monday", "the latest poll", "some"); "the statistics office" is one.
_DOCUMENTS = (
    r"figures|numbers|data|estimates?|projections?|forecasts?|statistics|reports?|surveys?|stud(?:y|ies)|polls?|analysis"
    r"|research|records?|documents?|statements?|census|filings?|accounts|minutes|results|counts?|tally|tallies|memo|plan"
    r"|bulletin|review|list|register|audit|assessment|paper|evidence|science|indictment|sheet|ruling|judgment|footage"
    r"|website|transcripts?|letters?|emails?|some|many|most|others"
)
_ACCORDING_TO = _described(rf"{ORDINAL_WORDS}|released|published|compiled|seen|obtained|collected|issued|gathered|out", _DOCUMENTS)
# A speaker that is no name opening the sentence, or its clause after an opening phrase: "The
# company said it would…", "In a statement, the ministry said…". Not a document or data (a
# source, listed apart), nor a thing ("The move confirmed fears…"), nor a clause's opening
# word ("When the company said…"), nor an article ("The said property").
_THINGS = (
    r"move|decision|rise|fall|increase|drop|change|deal|vote|outcome|trend|incident|findings|tests?|bill|law|act|rules?"
    r"|order|policy|budget|proposal|agreement|treaty|message|post|video|image|page|sign|signs|notice|article|book|film|map"
    r"|chart|model|index|announcement|verdict|figure|number|rate|prices?|markets?|economy|shift|cut|surge|slump|decline"
    r"|growth|inflation"
)
# Words between a subject and its verb, or of an opening without its comma ("Afterwards the
# manager said"): the speaker must stand right before the verb.
_ADVERBS = (
    r"the|now|still|often|always|never|previously|recently|repeatedly|publicly|privately|quickly|immediately|separately"
    r"|initially|originally|subsequently|afterwards|meanwhile|however|instead|earlier|later|first|today|yesterday"
)
_OPENING_SPEAKER = re.compile(
    rf"^(?:[^,]{{1,60}},\s)?(?:[Tt]he\s)?(?P<speaker>(?:An?\s)?(?!(?i:{_NP_STOP}|the|a|an|what|why|how|whether|unless)\b)"
    rf"{_described(f'{ORDINAL_WORDS}|{_ADVERBS}', f'{_DOCUMENTS}|{_THINGS}')})\s{SPOKE}\b(?!\s(?:off|down)\b)"
)
TITLES = {
    "President", "Prime", "Minister", "Chancellor", "Spokesman", "Spokeswoman", "spokesman", "spokeswoman",
    "Senator", "Sen.", "Governor", "Gov.", "Mayor", "General", "Gen.", "Secretary", "Chief", "Deputy",
    "Director", "Chairman", "Ambassador", "King", "Queen", "Pope", "Dr.", "Mr.", "Mrs.", "Ms.",
    "Dr", "Mr", "Mrs", "Ms", "Professor", "Prof.", "Inspector", "Detective", "Sergeant", "Superintendent", "Constable",
    "Commissioner", "Judge", "Captain", "Colonel", "Councillor", "Councilmember", "Manager", "Commander",
    "Prosecutor", "Coroner", "Sheriff", "Bishop", "Archbishop", "Rabbi", "Imam", "Chairwoman", "Sgt", "Sgt.",
}
ATTRIBUTIONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"(?P<channel>{REPORTER})\s(?P<verb>cited|quoted)\s(?P<speaker>(?:\w+\s){{0,4}}?(?:unnamed\s)?(?:sources?|officials?|{NAME}))(?:\s[\w\s]{{1,200}}?)?\sas saying"), "{speaker} ({verb} by {channel})"),
    (re.compile(rf"(?P<speaker>{NAME})\s{SPOKE}\b{GAP}\bas quoted by\s(?P<channel>{CHANNEL})"), "{speaker} (as quoted by {channel})"),
    (re.compile(rf"(?P<speaker>{NAME})\s{SPOKE}\b{GAP}\bin an interview with\s(?P<channel>{CHANNEL})"), "{speaker} (interview with {channel})"),
    (re.compile(rf"\b(?:comments|remarks|interview|statement)\s(?:to|with)\s(?P<channel>{CHANNEL}),\s(?P<speaker>{NAME})\s{SPOKE}\b"), "{speaker} (comments to {channel})"),
    (re.compile(rf"(?P<speaker>{NAME})\s(?:was|were)\squoted as saying"), "{speaker}"),
    (re.compile(rf"\baccording to\s(?P<speaker>(?:the\s)?{NAME})"), "{speaker}"),
    (re.compile(rf"(?:^|(?<=[,”\"»]\s)){ROLE},\s(?P<speaker>{NAME}){AFTER_NAME},\s{SPOKE}\b(?!\sto\s(?:be|have)\b)"), "{speaker}"),
    (re.compile(rf"{AFTER_A_QUOTE_OR_COMMA}{SPEECH_VERBS}\s{ROLE},\s(?P<speaker>{NAME}){AFTER_NAME}(?={SAID_THE_END})"), "{speaker}"),
    (re.compile(rf"(?P<speaker>{NAME}),\s(?:(?:who|whose|which)\s[^,]{{1,200}}|{APPOSITIVE}),\s{SPOKE}\b"), "{speaker}"),
    (re.compile(rf"(?P<speaker>{NAME})\s{SPOKE}\b"), "{speaker}"),
    (re.compile(rf"(?P<speaker>{NAME})\s(?:of|from|at)\s(?:the\s)?[\w’' -]{{1,40}}?\s{SPOKE}\b"), "{speaker}"),
    (re.compile(rf"{AFTER_A_QUOTE_OR_COMMA}{SPEECH_VERBS}\sthe\s(?P<speaker>{NAME})(?={SAID_THE_END})"), "{speaker}"),
    (re.compile(rf"{AFTER_A_QUOTE_OR_COMMA}{SPEECH_VERBS}\s(?P<speaker>{NAME})"), "{speaker}"),
    (re.compile(rf"{AFTER_A_QUOTE_OR_COMMA}(?:the\s)?(?P<speaker>{DESCRIBED})\s{SPOKE}(?={SAID_THE_END})"), "{speaker}"),
    # The verb first only after a quote, or after a comma before "a", "an" or "one": "..., said
    # the economy grew." reports what was said, "..., said a spokesman." who said it.
    (re.compile(rf"(?:(?<=[”\"»’']\s){SPEECH_VERBS}\s(?:the\s)?|(?<=,\s){SPEECH_VERBS}\s(?=(?:a|an|one)\s))(?P<speaker>{DESCRIBED})(?={SAID_THE_END})"), "{speaker}"),
    (re.compile(rf"\b[Aa]ccording\sto\s(?:the\s)?(?P<speaker>{_ACCORDING_TO})(?={SAID_THE_END})"), "{speaker}"),
)


_TIME_NAMES = frozenset(f"{WEEKDAYS}|Yesterday|Today|Tonight".split("|"))
# A name after "in" or "for" is a place or a seat, not who spoke: "Police in Pellam County have
# confirmed", "The member for Tallong has asked".
_AFTER_A_PLACE = re.compile(r"\b(?:in|for)\s(?:[A-Z][\w’'.-]*\s)*$")
_NO_SPEAKER = PRONOUNS | _TIME_NAMES
# "The said property" names no one; "His lawyer said" someone the sentence alone does not name.
_ARTICLES = frozenset({"The", "A", "An"})
_POSSESSIVES = frozenset({"His", "Her", "Their", "Its", "Our", "My", "Your"})
_NO_OPENING_SPEAKER = _NO_SPEAKER | _POSSESSIVES
# People named by what they are, which only the sentence's capital makes look like a name:
# "Police said…" is `police`, as "…, police said." is, so that no one is published as the author.
_GROUPS = frozenset(
    "police officials authorities prosecutors investigators researchers scientists experts analysts critics residents"
    " witnesses doctors nurses medics paramedics teachers firefighters rescuers organisers organizers lawyers economists"
    " campaigners protesters activists observers regulators lawmakers legislators diplomats sources officers troops"
    " soldiers engineers farmers workers employers parents students voters fans locals villagers survivors relatives"
    " neighbours neighbors historians forecasters meteorologists volunteers staff managers executives shareholders"
    " investors traders bankers opponents supporters coastguards".split()
)


def said_by(text: str) -> str:
    """Who is on the record for the sentence, with the channel when the text names one."""
    for pattern, template in ATTRIBUTIONS:
        match = pattern.search(text)
        if not match:
            continue
        names = {k: _trim_name(v) for k, v in match.groupdict().items()}
        # Checked on the trimmed name, so that "And I said" is a pronoun too; "The ministry on
        # Tuesday said" names a day, not a speaker.
        first = names["speaker"].split()[0].capitalize()
        a_place = _AFTER_A_PLACE.search(text, 0, match.start("speaker"))
        if first not in _NO_SPEAKER and names["speaker"] not in _ARTICLES and not a_place:
            if names["speaker"].lower() in _GROUPS:
                names["speaker"] = names["speaker"].lower()
            return template.format(**names)
    opening = _OPENING_SPEAKER.match(text)
    if opening and opening["speaker"].split()[0].capitalize() not in _NO_OPENING_SPEAKER:
        first, _, rest = opening["speaker"].partition(" ")
        # As written in lower case: the sentence's capital goes ("A spokesman…", "Local officials"),
        # a name's stays ("United Nations refugee agency", "UN envoy", "Suryan's former chief").
        named = first not in _ARTICLES and (
            first[1:].isupper() or rest[:1].isupper() or _is_possessive(first) or opening.start("speaker") > 0
        )
        return " ".join([first if named else first.lower(), rest]).strip()
    return ""


def _trim_name(name: str) -> str:
    """The name alone: "Putin’s spokesman Dmitry Peskov" → "Dmitry Peskov",
    "Russia’s RBC news website" → "RBC"."""
    words = name.rstrip(".,;:").split()
    titles = [i for i, word in enumerate(words) if word in TITLES]
    if titles and titles[-1] < len(words) - 1 and words[titles[-1] + 1][:1].isupper():  # not "a spokesman for the ministry"
        words = words[titles[-1] + 1 :]
    def is_prefix(word: str) -> bool:
        return word.endswith(("’s", "'s", "’")) or word.islower() or word in {"The", "In", "On", "And", "But", "As"}

    while len(words) > 1 and is_prefix(words[0]) and any(w[:1].isupper() for w in words[1:]):
        words = words[1:]
    trimmed = " ".join(words)
    without_type = re.sub(rf"\s{OUTLET_TYPES}$", "", trimmed)
    return without_type if without_type[:1].isupper() else trimmed


URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"“”]+[^\s<>\"“”.,;:!?)\]’']")
OUTLET = re.compile(
    rf"(?P<outlet>{NAME})\s{OUTLET_TYPES}"
    r"|\b(?P<wire>Reuters|Associated Press|AFP|Bloomberg|Interfax|TASS|RIA Novosti|BBC)\b"
)


def find_urls(text: str) -> list[str]:
    """Web addresses written in ``text``, in order."""
    return URL.findall(text)


def is_web_address(text: str) -> bool:
    """Whether ``text`` is an absolute web address: http or https, with a host."""
    return re.match(r"https?://[^\s/]+", text) is not None


DOCUMENT_TYPES = r"(?:report|survey|study|census|poll|audit|review|ruling|budget|white paper|inquiry|investigation|forecast)"
DATA_TYPES = r"(?:figures|data|statistics|numbers|records|estimates|tests)"
# Words that are not a description of the data before it ("according to figures from…").
_DATA_LEAD_STOP = (
    "to|on|by|the|of|in|at|from|with|and|or|as|that|these|those|its|their|his|her|our|said|says|show|shows"
    "|showed|according|a|an|than|but|new|which|are|were|is|was"
)
_DOCUMENT_TYPE = re.compile(rf"\b(?:{DOCUMENT_TYPES}|{DATA_TYPES})\b")
# A document named with its author after it ("a 2023 survey by the council") or before it, as
# an owner: "the transit authority's own forecast", "the IMF's latest report". Data named with
# who published it: "figures from the agriculture ministry", "data released by the ONS".
DOCUMENT = re.compile(
    rf"\b(?:[Aa]n?|[Tt]he|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er)\s(?P<document>(?:\d{{4}}\s)?(?:[\w-]+\s)?{DOCUMENT_TYPES}\s(?:by|from|of)\s)"
    rf"|(?P<owned>(?:(?<=\b[Tt]he\s)(?:{_NP_WORD}\s){{0,2}}{_NP_WORD}|(?!The\s){NAME})[’']s\s(?:\d{{4}}\s)?(?:[\w-]+\s)?{DOCUMENT_TYPES})\b"
    rf"|\b(?P<data>(?:\d{{4}}\s)?(?:(?!(?:{_DATA_LEAD_STOP})\b)[a-z][\w-]*\s)?{DATA_TYPES}\s"
    r"(?:(?:published|released|compiled|issued|collected|provided|gathered|produced)\s)?(?:by|from)\s)"
)
# Where the name of who made a document or data ends: before a time, a clause, a place or a verb.
_PUBLISHER_END = frozenset(
    "on in at last this next earlier later yesterday today tonight since during before after which that who whose "
    "and but while as when where showed show shows found finds find said says suggest suggests suggested put puts "
    "gave gives was were is are has have had will would could may might published released how what why whether "
    "if".split()
)
# The last word of a publisher's name when it is not capitalised: "the agriculture ministry".
_PUBLISHER_NOUNS = frozenset(
    "ministry department office authority council agency bank committee board commission "
    "institute bureau service union association federation organisation organization group university centre "
    "center trust company firm regulator government administration police force coastguard observatory "
    "watchdog inspectorate tribunal court parliament assembly chamber foundation fund society laboratory lab "
    "hospital network operator researcher economist statistician scientist insurer lender exchange "
    "survey team unit registry register treasury cabinet mayor exporter importer industry analyst tracker provider "
    "consultancy platform monitor index auditor inspector ombudsman commissioner charity".split()
)


def _publisher(text: str, start: int) -> str:
    """The name of who made a document or data, from ``start``: up to eight words, ending at a
    mark, before a time, clause or verb word, and on a capitalised word or a body's noun."""
    words: list[str] = []
    for token in text[start:].split(maxsplit=8)[:8]:
        bare = token.rstrip(",.;:()“”\"!?")
        if not bare or bare in _PUBLISHER_END or bare[0].isdigit():
            break
        words.append(bare)
        if bare != token:
            break
    while words and (_is_possessive(words[-1]) or not (words[-1][0].isupper() or _is_body_noun(words[-1]))):
        words.pop()
    return " ".join(words) if words and words != ["the"] else ""


def _names_a_body(publisher: str) -> bool:
    """Whether a publisher is a body, not a place ("figures from Scotland") or a time."""
    words = publisher.split()
    return any(_is_body_noun(word) or (len(word) > 1 and word.isupper()) for word in words)


def _is_possessive(word: str) -> bool:
    return word.endswith(("'s", "’s", "s'", "s’"))


def _is_body_noun(word: str) -> bool:
    """Whether a word names a body, in the singular or plural ("ministry", "agencies")."""
    word = word.lower()
    singular = word[:-3] + "y" if word.endswith("ies") else word[:-1] if word.endswith("s") else word
    return word in _PUBLISHER_NOUNS or singular in _PUBLISHER_NOUNS


def source_hints(text: str) -> list[str]:
    """URLs, named outlets and documents in a sentence, each once, in order of appearance."""
    hints = [(m.start(), m.group()) for m in URL.finditer(text)]
    hints += [(m.start(), _trim_name(m.group("outlet") or m.group("wire"))) for m in OUTLET.finditer(text)]
    if _DOCUMENT_TYPE.search(text):  # the documents' pattern is slow, and most sentences name none
        for match in DOCUMENT.finditer(text):
            if match.group("owned"):
                hints.append((match.start(), match.group("owned").strip()))
                continue
            named = "document" if match.group("document") else "data"
            publisher = _publisher(text, match.end())
            # A place or a time is no publisher ("figures from Scotland"); whoever data is "by" is one.
            by = match.group(named).split()[-1] == "by"
            if len(publisher) >= 3 and (named == "document" or by or _names_a_body(publisher)):
                hints.append((match.start(named), f"{match.group(named)}{publisher}"))
    return list(dict.fromkeys(hint for _, hint in sorted(hints)))


def source_type(hint: str) -> str:
    """``URL``, ``document`` or ``outlet``: what a source hint names."""
    if URL.fullmatch(hint):
        return "URL"
    return "document" if _DOCUMENT_TYPE.search(hint) else "outlet"


QUOTE_OPENERS, QUOTE_CLOSERS = "“„«", "”»"


def _leaves_quote_open(text: str) -> bool:
    """True when a quotation opened in ``text`` runs on into the next sentence."""
    curly = sum(text.count(c) for c in QUOTE_OPENERS) > sum(text.count(c) for c in QUOTE_CLOSERS)
    return curly or text.count('"') % 2 == 1


PRONOUN_ATTRIBUTION = re.compile(rf"(?:[”\"»’],?\s(?:he|she|they)|^(?:He|She|They))\s{SPEECH_VERBS}\b")


def attributions(texts: Sequence[str], paragraphs: Sequence[int]) -> list[str]:
    """``said_by`` for each sentence of an article, read in context.

    A quotation whose attribution sits in a later sentence of the same quotation takes it
    ("“A. B,” he said." gives both sentences the speaker); "he said" is resolved to the last
    speaker named before it; a quotation standing alone right after one of the same speaker
    continues it; a channel described rather than named ("the state-run news agency") gets
    the name of the last channel named before it.
    """
    found = [said_by(text) for text in texts]
    speaker = ""
    for i, text in enumerate(texts):
        if not found[i] and speaker and PRONOUN_ATTRIBUTION.search(text):
            found[i] = speaker
        speaker = found[i].split(" (")[0] or speaker
    for i in range(len(texts) - 2, -1, -1):
        if not found[i] and paragraphs[i] == paragraphs[i + 1] and _leaves_quote_open(texts[i]):
            found[i] = found[i + 1]
    channel = ""
    for i, text in enumerate(texts):
        if not found[i] and text[:1] in QUOTE_MARKS and i and paragraphs[i - 1] == paragraphs[i]:
            found[i] = found[i - 1]
        match = re.fullmatch(r"(?P<who>.+?) \((?P<how>.+ by) (?P<via>.+)\)", found[i])
        if match and match["via"][:1].islower() and channel:
            found[i] = f"{match['who']} ({match['how']} {channel}, {match['via']})"
        elif match:
            channel = match["via"]
    return found
