"""What a claim's details state, and where two claims' figures differ.

The Checked before column and ``factcheck match`` show an earlier verdict beside a claim; these
functions say when that verdict was given on other figures: "4.6 percent here, 4.2 percent
there". A figure is compared however it is spelt ("40 million dollars", "$40m"), kind by kind.
"""

from __future__ import annotations

import re

from .details import MONTHS, NUMBER_WORD, ORDINAL_WORDS, QUOTE_MARKS, Detail, find_details

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
    "billion": 1e9, "bn": 1e9, "trillion": 1e12,
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
# the calendar's in months. The two are not converted into each other, as a month is no whole
# number of days; a season is no fixed length. Only a duration or a date counted back ("half a
# second later") is read so, where "second" is a unit, not an ordinal ("the second half").
_TIME_IN_BASE = {
    word: (size, base)
    for words, size, base in (
        ("second seconds", 1, "seconds"), ("minute minutes", 60, "seconds"), ("hour hours", 3600, "seconds"),
        ("day days", 86400, "seconds"), ("week weeks", 604800, "seconds"), ("fortnight fortnights", 1209600, "seconds"),
        ("month months", 1, "months"), ("year years", 12, "months"), ("decade decades", 120, "months"),
        ("century centuries", 1200, "months"),
    )
    for word in words.split()
}
_COUNTED_BACK = re.compile(r"\s(?:ago|earlier|later)$")
# Ratios that state a share: "one in four", "three out of every 10"; "a quarter", "two-thirds", "half".
_N_IN_M = re.compile(r"(?P<part>[\w-]+)\s(?:in|out\sof)\s(?:every\s)?(?P<whole>[\w,-]+)", re.IGNORECASE)
_FRACTION = re.compile(r"(?:(?P<count>\w+)[\s-])?(?P<denominator>half|thirds?|quarters?|fifths?|tenths?)", re.IGNORECASE)
_DENOMINATORS = {"half": 2, "third": 3, "quarter": 4, "fifth": 5, "tenth": 10}
_FIGURE_TOKEN = re.compile(r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[^\W\d_]+")


def stated_figures(detail: Detail) -> frozenset[str]:
    """What a detail states, however it is spelt: its numbers (in digits or words, times a
    "million" after them), its month names, an amount of time in one unit, a share as one
    fraction. "$40 million" and "40,000,000 dollars" state the same figure, as "doubled" and
    "two times", "48 hours" and "two days", "one in four" and "a quarter" do; "last year" and
    "a record" state none."""
    if detail.type == "ratio" and (share := _share(detail.text)) is not None:
        return frozenset({repr(round(share, 6))})
    figures: list[str] = []
    value: float | None = None
    unit: tuple[float, str] | None = None  # the unit of time that ``value`` has been counted in
    before_multiplier = 0.0  # "a million", "half a million"
    counts_time = detail.type == "duration" or _counts_back(detail)
    for token in _FIGURE_TOKEN.findall(detail.text):
        word = token.lower()
        if counts_time and word in _TIME_IN_BASE and unit is None and (value is not None or before_multiplier):
            unit = _TIME_IN_BASE[word]
            amount = before_multiplier if value is None else value + (0.5 if before_multiplier == 0.5 else 0.0)
            value, before_multiplier = amount * unit[0], 0.0  # "two and a half years" is 30 months
        elif token[0].isdigit() or word in _NUMBER_WORDS:
            number = _number(token)
            if value is not None and not token[0].isdigit() and value >= 20 and value % 10 == 0 and 0 < number < 10:
                value += number  # "forty-two"
                continue
            if value is not None:
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
        part, whole = _number(in_every["part"]), _number(in_every["whole"])
        return part / whole if part is not None and whole else None
    if fraction := _FRACTION.fullmatch(ratio):
        count = 1 if (fraction["count"] or "a").lower() in ("a", "one") else _number(fraction["count"])
        return count / _DENOMINATORS[fraction["denominator"].lower().rstrip("s")] if count is not None else None
    return None


def _number(text: str) -> float | None:
    """"4", "1,000", "four" or "twenty-five" as a number; None for anything else."""
    if text[:1].isdigit():
        return float(text.replace(",", ""))
    words = [_NUMBER_WORDS.get(word) for word in text.lower().split("-")]
    return float(sum(words)) if words and None not in words else None


def _counts_back(detail: Detail) -> bool:
    """Whether ``detail`` is a date that counts an amount of time: "two days ago", "a day later"."""
    return detail.type == "date" and _COUNTED_BACK.search(detail.text) is not None


def _figure(value: float, unit: tuple[float, str] | None) -> str:
    return repr(round(value, 6)) + (f" {unit[1]}" if unit else "")


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
        if stated_here <= stated_there or stated_there <= stated_here:
            continue
        ours = dict.fromkeys(detail.text for detail, figures in found_here if not figures <= stated_there)
        theirs = dict.fromkeys(detail.text for detail, figures in found_there if not figures <= stated_here)
        differences.append(f"{' and '.join(ours)} here, {' and '.join(theirs)} there")
    return "; ".join(differences) or None


def _figures_by_kind(text: str) -> dict[str, list[tuple[Detail, frozenset[str]]]]:
    """The details of ``text`` that state a figure, with their figures, by kind; and the words
    saying which way an amount moved, as a kind "direction" stating "up" or "down". A date that
    counts time back ("a day later") is compared with another such, not with a calendar date."""
    kinds: dict[str, list[tuple[Detail, frozenset[str]]]] = {}
    for detail in find_details(text):
        if figures := stated_figures(detail):
            kind = "counted back" if _counts_back(detail) else detail.type
            kinds.setdefault(kind, []).append((detail, figures))
    for detail, way in _directions(text):
        kinds.setdefault("direction", []).append((detail, frozenset({way})))
    return kinds


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

