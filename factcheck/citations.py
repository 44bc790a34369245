"""Citations: a reference list's entries and footnotes that only say where something was published.

The splitter makes such a paragraph or list item furniture, every sentence of it: a citation
names a source, it states nothing to check, even when the title it quotes does ("Bridge traffic
grew 40% in a decade". Norrvik Post. 4 May 2021.). An explanatory note ("The figure excludes
freight, which rose 5%.") and a sentence that cites inline ("A 2020 study by Lund found…
(Lund, 2020, p. 45).") state something, and stay sentences.
"""

from __future__ import annotations

import re

from .units import UNIT

# A reference mark a web page's footnotes leave in copied text ("…in 2020.[3]", "[12][13]",
# "[a]", "[citation needed]") belongs to the sentence it follows, and is no figure.
REFERENCE_MARK = r"\[(?:\d{1,3}|[a-z]|(?:note|nb|n)\s?\d{1,3}|[a-z][a-z –-]{2,30}\??)\]"

# A heading over a list of sources: "Sources", "References", "Notes and sources:".
SOURCES_HEADING = re.compile(
    r"(?:(?:notes|sources|references|footnotes|endnotes|citations|bibliography|data|further\s+reading|works\s+cited|notes\s+to\s+editors?)"
    r"(?:\s+(?:and|&)\s+(?:notes|sources|references|data))?)\s*:?",
    re.IGNORECASE,
)
# What numbers a reference list's entry: "1. ", "[1] ", "^ a b ", a footnote's "1 "; a source
# line's "Source:". A bullet may open a list of anything.
_ENTRY_MARK = re.compile(r"(?:\^(?:\s+[a-z](?=\s))*|\[\d{1,3}\]|\d{1,3}\.?(?=\s)|sources?\s*:)\s*", re.IGNORECASE)
_BULLET = re.compile(r"[*•\-–—]\s+")
_NAME = r"[A-Z][\w'’-]+(?:\s(?:(?:of|for|and|the|on|in)\s)*[A-Z][\w'’-]+)*"
_INITIALS = r"(?:[A-Z]\.\s?){1,3}"
# An author, or authors, as a reference list writes them: "Lund, P.", "Berg, A., & Holm, K.",
# "Lund, P. et al."; a year or date in brackets follows ("(2020)", "(4 May 2021)", "(n.d.)").
_AUTHORS = rf"{_NAME},\s{_INITIALS}(?:,?\s(?:(?:&|and)\s)?{_NAME},\s{_INITIALS})*(?:,?\s(?:&|and)\s{_NAME},\s{_INITIALS})?(?:\s?et\sal\.)?"
_PUBLISHED = r"\((?:(?:\d{1,2}\s)?[A-Z][a-z]+\.?\s(?:\d{1,2},\s)?)?(?:\d{4}[a-z]?|n\.d\.)\)"
# Then a full stop, or a title ("Lund, P. (2020) Bridges of the North."), not a verb ("Lund, P.
# (2020) estimates that…").
_AUTHOR_YEAR = re.compile(rf"(?:{_AUTHORS}\s?{_PUBLISHED}|{_NAME}\.?\s{_PUBLISHED})(?:[.,]\s|\s(?=[A-Z\"“]))")
# "Lund, Per." or "Berg, Anna, and Kari Holm." opening an entry that gives a year; not
# "Defending, Mr. Robert Shah said…" nor "Helix Arc Therapeutics, Inc. is…".
_AUTHOR_NAMED = re.compile(
    rf"{_NAME},\s(?!(?:Mr|Mrs|Ms|Dr|Prof|Sir|Inc|Ltd|Co|Corp|Jr|Sr|St)\.)[A-Z][a-z]+(?:\s[A-Z]\.)?(?:,?\s(?:and|&)\s{_NAME})?\.\s"
)
# Medicine's style (Vancouver): "Berg A, Holm K, et al." opening, "2019;12(3):45-67" or a
# DOI within; an identifier alone ("doi:10.1234/…", "arXiv:2503.04417"); a law report's case
# ("R v Holm [2019] NCA Crim 123.").
_AUTHOR_LIST = re.compile(r"[A-Z][\w'’-]+\s[A-Z]{1,3}(?:,\s[A-Z][\w'’-]+\s[A-Z]{1,3})*(?:,\set\sal)?\.\s")
_JOURNAL = re.compile(r"\b(?:1[5-9]|20)\d\d[;:]\s?\d+(?:\(\d+\))?:\s?\d+|\bdoi:\s?10\.\d{4,}/|\barxiv:\s?\d{4}\.\d{4,5}", re.IGNORECASE)
_IDENTIFIER = re.compile(r"(?:doi:\s?10\.\d{4,}/\S+|arxiv:\s?\d{4}\.\d{4,5}(?:v\d+)?)", re.IGNORECASE)
_PARTY = r"[A-Z][\w'’.-]*(?:\s(?:(?:of|for|and|the|on|in)\s)*[A-Z][\w'’.-]*)*"
_CASE = re.compile(rf"{_PARTY}\sv\.?\s{_PARTY}\s[\[(](?:1[5-9]|20)\d\d[\])](?:\s\d+)?(?:\s[A-Z]\w*){{0,4}}\s\d+(?:,?\sat\s\[?\d+\]?)?\.?")
# A title in quotes with the full stop outside, as an encyclopedia's references write it, then
# its publisher and date.
_QUOTED_TITLE = re.compile(r"[\"“][^\"”]{3,}[\"”]\.\s")
_RETRIEVED = re.compile(
    r"\b(?:retrieved|accessed)(?:\s+on)?\s+(?:\d|[A-Z][a-z]+\s\d)|\barchived\s+from\s+the\s+original\b|\bavailable\s+(?:at|from)\s*:",
    re.IGNORECASE,
)
_BACK_REFERENCE = re.compile(
    r"(?:ibid|op\.?\s?cit|loc\.?\s?cit|id\.)\b|see\s+(?:also\s|note\s|notes\s|chapter\s|section\s|table\s|figure\s|p\.|pp\.)",
    re.IGNORECASE,
)
# What a citation's parts are made of besides names, titles, dates and numbers.
_CITATION_WORDS = frozenset(
    "and of the in on for at to a an from by with et al ed eds edn edition vol no nos pp p n nn ch "
    "chap fig table tables figure page pages chapter section part annex appendix accessed retrieved "
    "available online archived original interview interviews author authors correspondence email "
    "letter personal communication press release report reports data dataset series survey statement "
    "speech transcript minutes meeting hearing testimony quoted cited trans translated updated "
    "published unpublished forthcoming draft working paper papers brief note notes memo bulletin "
    "website web archive see also cf op cit vs box boxes folder folders file files item items collection "
    "collections records ledger ledgers".split()
)
# A page: "p. 14", "pp. 5–9", a note's bare "61–63." or a journal's ": 45." at the end; an
# archive's "box 3".
_PAGE = re.compile(r"\bpp?\.\s?\d+|(?:,|(?<!\d):)\s*\d{1,4}(?:[-–]\d{1,4})?\.?$|\b(?:box|folder)\s\d+")
_YEAR = re.compile(r"\b(?:1[5-9]|20)\d\d\b")
_DIGIT = re.compile(r"\d")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_QUOTED = re.compile(r"[\"“][^\"”]*[\"”]")
_LOWER_WORD = re.compile(r"\b[a-z][a-z'’-]*\b")
# A figure, which a citation (its quoted titles aside) never states.
_FIGURE = re.compile(rf"[%$€£¥]|\b(?:million|billion|trillion|per\s+cent|percent|since)\b|\d{UNIT}", re.IGNORECASE)
# Words that make a statement of a note: a verb, a pronoun that is a subject.
_STATING = frozenset(
    "is are was were be been being has have had do does did will would can could may might shall should "
    "must it its they we he she this that these those which who there rose fell grew found said says told "
    "shows show showed excludes include includes exclude won lost took made gave went came saw began became "
    "left kept held brought paid sold met ran set put cut hit beat spent built sent led got fought stood "
    "struck drew broke chose wrote spoke".split()
)
_MAX_WORDS = 80
# Words of a title in sentence case a note naming a source may hold besides the words
# citations are made of: a few in a numbered note or under a heading such as "Sources"
# ("2. Holm bridge inspection report, p. 9."), none in a note with nothing to say it is one,
# where "The inquiry resumes on Monday, 3 June 2026." and "Firefighters at the scene, 3 June
# 2026." are sentences.
_LISTED_TITLE_WORDS = 4
_TITLE_WORDS = 0


def is_citation(text: str) -> bool:
    """True for a reference list's entry, its number or mark ("1. ", "[2] ", "^ ") included,
    or a footnote that only cites a source, wherever it stands: one an author and year open,
    a quoted title opens or "Retrieved 4 June 2024" dates, "Ibid.", a web address alone, or
    a note naming a source under a number ("2. Nordbane, Annual report 2025, p. 14.")."""
    # Every citation gives a year, a page or an address, but "Ibid.": most sentences stop here.
    if not _DIGIT.search(text) and not _URL.search(text) and not _BACK_REFERENCE.match(text):
        return False
    mark = _ENTRY_MARK.match(text)
    entry = text[mark.end() :] if mark else text
    if not entry or len(entry.split()) > _MAX_WORDS:
        return False
    if _AUTHOR_YEAR.match(entry) or (_AUTHOR_NAMED.match(entry) and _YEAR.search(entry)):
        return True
    title = _QUOTED_TITLE.match(entry)
    if title and _YEAR.search(entry, title.end()) and _says_nothing(entry[title.end() :], _LISTED_TITLE_WORDS):
        return True
    if _RETRIEVED.search(entry) or _BACK_REFERENCE.match(entry) or _URL.fullmatch(entry.strip("<>")) or _IDENTIFIER.fullmatch(entry):
        return True
    if (_AUTHOR_LIST.match(entry) and _YEAR.search(entry)) or _JOURNAL.search(entry) or _CASE.fullmatch(entry):
        return True
    return mark is not None and _names_a_source(entry, _LISTED_TITLE_WORDS)


def is_source_note(text: str, listed: bool) -> bool:
    """True for a note that names a source, under a number or bullet or none, in parts apart
    by commas with a year, page or web address: "Nordbane, Annual report 2025, p. 14.",
    "Interview with the author, 3 March 2026."; ``listed`` under a heading such as "Sources".
    Such a note at the close of an article is a citation; in the story, "Uruguay won the
    first World Cup, in 1930." reads much the same."""
    if is_citation(text):
        return True
    mark = _BULLET.match(text)
    entry = text[mark.end() :] if mark else text
    title_words = _LISTED_TITLE_WORDS if listed else _TITLE_WORDS
    return bool(entry) and len(entry.split()) <= _MAX_WORDS and _names_a_source(entry, title_words)


def _names_a_source(entry: str, title_words: int) -> bool:
    """True for words naming a source in parts apart by commas, or before its web address,
    with a year, page or web address, and no verb or figure of their own outside quotes."""
    bare = _QUOTED.sub(" ", _URL.sub(" ", entry))
    if not entry[0].isupper() or not ("," in bare or _URL.search(entry)) or _FIGURE.search(bare):
        return False
    if not (_YEAR.search(bare) or _PAGE.search(bare) or _URL.search(entry)):
        return False
    return _says_nothing(bare, title_words)


def _says_nothing(words: str, title_words: int) -> bool:
    """True for words with no verb or subject pronoun, and at most ``title_words`` words in
    lower case besides those citations are made of."""
    lowered = [word.lower() for word in _LOWER_WORD.findall(words)]
    if any(word in _STATING or (word.endswith("ed") and word not in _CITATION_WORDS) for word in lowered):
        return False
    return sum(word not in _CITATION_WORDS for word in lowered) <= title_words
