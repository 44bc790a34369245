"""What to check in a sentence: checkable details, the kind of claim, who said it, sources.

Each function reads one sentence's plain text and predicts; nothing here changes its input.
Detail offsets index that same text, so the worksheet can put them in bold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
MONTHS_SHORT = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
UNITS_OF_TIME = "year|month|week|day|decade|century|hour|minute"
SCALE = r"(?:\s?(?:million|billion|trillion|bn|mn|m|k)\b)?"
NUMBER = r"\d+(?:[,.]\d+)*"

# Earlier types win where matches overlap: "$1.2 billion" is money, not a number and a year.
DETAIL_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        ("money", rf"[$€£¥₽]\s?{NUMBER}{SCALE}|\b{NUMBER}{SCALE}\s(?:dollars|euros|pounds|rubles|roubles|yuan|yen|krona|kronor|kroner|francs|rupees)\b"),
        ("percentage", rf"\b{NUMBER}\s?(?:%|percent\b|per cent\b|percentage points?\b)"),
        ("ratio", rf"\b{NUMBER}\s(?:times|fold)\b|\b{NUMBER}-fold\b|\b(?:twice|double|triple|half)\b|\bone in {NUMBER}\b"),
        ("duration", rf"\b{NUMBER}-(?:{UNITS_OF_TIME})s?(?:-long|-old)?\b|\b{NUMBER}\s(?:{UNITS_OF_TIME})s\b|\bfor a (?:{UNITS_OF_TIME})\b"),
        ("date", rf"\b(?:{MONTHS}|(?:{MONTHS_SHORT})\.)\s\d{{1,2}}(?:,\s\d{{4}})?\b|\b\d{{1,2}}\s(?:{MONTHS})(?:\s\d{{4}})?\b"),
        ("year", r"\b(?:1[5-9]\d\d|20\d\d)s?\b"),
        ("date", rf"\b(?:last|next|this|earlier this|later this)\s(?:year|month|week|spring|summer|autumn|fall|winter|decade)\b|\b(?:yesterday|today|tomorrow)\b|\b(?:{WEEKDAYS})\b"),
        ("comparison", r"\b(?:more|less|fewer|higher|lower|larger|smaller|bigger)\sthan\b|\bup from\b|\bdown from\b|\bthe (?:largest|biggest|smallest|highest|lowest|first|last|most|least)\b"),
        ("number", rf"\b{NUMBER}{SCALE}"),
    )
)


@dataclass(frozen=True, slots=True)
class Detail:
    """A span of a sentence that a fact-checker verifies, with its type."""

    start: int
    end: int
    text: str
    type: str

    def __str__(self) -> str:
        return f"{self.text} ({self.type})"


def find_details(text: str) -> tuple[Detail, ...]:
    """Checkable details in ``text``, in order, never overlapping."""
    taken: list[Detail] = []
    for kind, pattern in DETAIL_PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if not any(start < d.end and d.start < end for d in taken):
                taken.append(Detail(start, end, match.group(), kind))
    return tuple(sorted(taken, key=lambda d: d.start))


def describe_details(details: tuple[Detail, ...]) -> str:
    """``29 times (ratio); 2014 (year)``: the Checkable details cell."""
    return "; ".join(str(d) for d in details)


QUOTE_MARKS = "\"“”„«»"
LAW_WORDS = re.compile(r"\b(?:law|laws|act|bill|constitution|statute|regulation|decree|treaty|banned|illegal|legal|ruling|court)\b", re.IGNORECASE)


def _is_quotation(text: str) -> bool:
    """Words on the record: the sentence opens a quotation, or quotes someone it says spoke.

    Scare quotes around a term ("a “union state”") do not make a quotation.
    """
    if text[:1] in QUOTE_MARKS:
        return True
    return any(mark in text for mark in QUOTE_MARKS) and SPEECH_VERB.search(text) is not None


def claim_kind(text: str, details: tuple[Detail, ...]) -> str:
    """The kind of claim, from its details first and its wording second."""
    types = {d.type for d in details}
    if "ratio" in types:
        return "comparison"
    if types & {"money", "percentage", "number"}:
        return "statistic"
    if "comparison" in types:
        return "comparison"
    if "duration" in types:
        return "duration"
    if types & {"year", "date"}:
        return "date/event"
    if _is_quotation(text):
        return "quotation"
    if LAW_WORDS.search(text):
        return "law/rule"
    return "other"


SPEECH_VERBS = r"(?:said|says|told|asked|added|warned|quipped|stated|wrote|claimed|announced|insisted|noted|argued|explained|tweeted|declared)"
NAME = r"[A-Z][\w’'.-]*(?:\s(?:[A-Z][\w’'.-]*|de|van|von|al|bin))*"
SPEECH_VERB = re.compile(rf"\b{SPEECH_VERBS}\b")
PRONOUNS = {"He", "She", "They", "It", "We", "I", "You"}
OUTLET_TYPES = r"(?:radio station|news agency|news website|newspaper|television|TV channel|TV|website|channel)"
CHANNEL = r"(?:the\s)?(?:[\w’'-]+\s){0,2}?" + NAME + rf"(?:\s{OUTLET_TYPES})?"
REPORTER = r"(?:[\w’'-]+\s){0,3}[\w’'-]+"
TITLES = {
    "President", "Prime", "Minister", "Chancellor", "Spokesman", "Spokeswoman", "spokesman", "spokeswoman",
    "Senator", "Sen.", "Governor", "Gov.", "Mayor", "General", "Gen.", "Secretary", "Chief", "Deputy",
    "Director", "Chairman", "Ambassador", "King", "Queen", "Pope", "Dr.", "Mr.", "Mrs.", "Ms.",
}
ATTRIBUTIONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"(?P<channel>{REPORTER})\s(?P<verb>cited|quoted)\s(?P<speaker>(?:\w+\s){{0,4}}?(?:unnamed\s)?(?:sources?|officials?|{NAME}))(?:\s[\w\s]+?)?\sas saying"), "{speaker} ({verb} by {channel})"),
    (re.compile(rf"(?P<speaker>{NAME})\s{SPEECH_VERBS}\b.*?\bas quoted by\s(?P<channel>{CHANNEL})"), "{speaker} (as quoted by {channel})"),
    (re.compile(rf"(?P<speaker>{NAME})\s{SPEECH_VERBS}\b.*?\bin an interview with\s(?P<channel>{CHANNEL})"), "{speaker} (interview with {channel})"),
    (re.compile(rf"(?P<speaker>{NAME})\s(?:was|were)\squoted as saying"), "{speaker}"),
    (re.compile(rf"\baccording to\s(?P<speaker>(?:the\s)?{NAME})"), "{speaker}"),
    (re.compile(rf"(?P<speaker>{NAME})\s{SPEECH_VERBS}\b"), "{speaker}"),
    (re.compile(rf"(?P<speaker>{NAME})\s(?:of|from|at)\s(?:the\s)?[\w’' -]{{1,40}}?\s{SPEECH_VERBS}\b"), "{speaker}"),
    (re.compile(rf"\b{SPEECH_VERBS}\s(?P<speaker>{NAME})"), "{speaker}"),
)


def said_by(text: str) -> str:
    """Who is on the record for the sentence, with the channel when the text names one."""
    for pattern, template in ATTRIBUTIONS:
        match = pattern.search(text)
        if match and match.group("speaker").split()[0] not in PRONOUNS:
            return template.format(**{k: _trim_name(v) for k, v in match.groupdict().items()})
    return ""


def _trim_name(name: str) -> str:
    """The name alone: "Putin’s spokesman Dmitry Peskov" → "Dmitry Peskov",
    "Russia’s RBC news website" → "RBC"."""
    words = name.rstrip(".,;:").split()
    titles = [i for i, word in enumerate(words) if word in TITLES]
    if titles and titles[-1] < len(words) - 1:
        words = words[titles[-1] + 1 :]
    def is_prefix(word: str) -> bool:
        return word.endswith(("’s", "'s", "’")) or word.islower() or word in {"The", "In", "On"}

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


def source_hints(text: str) -> list[str]:
    """URLs and named outlets in a sentence, each once, in order of appearance."""
    hints = find_urls(text)
    for match in OUTLET.finditer(text):
        hints.append(_trim_name(match.group("outlet") or match.group("wire")))
    return list(dict.fromkeys(hints))
