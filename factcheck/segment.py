"""Split article text into paragraphs and sentences, with exact offsets into that text.

Paragraphs end at blank lines. Inside a paragraph each line is first sorted out: a bare URL
line or a furniture line (a "Related article:" link, a photo credit, a byline, a page
number) is a piece of its own; runs of the other lines are joined across their hard wraps
and cut at sentence boundaries, after any dateline that opens the paragraph. A paragraph of
one short Title Case or ALL CAPS line is a heading.

A boundary is a `.`, `!`, `?` or ellipsis, then any closing quotes or brackets, whitespace
and a capital or digit. Abbreviations, initials and dotted acronyms are read from word
lists: the ambiguous ones ("U.S.", "Inc.", "J.") end a sentence only before a common
sentence opener such as "The" or "He". Every non-whitespace character of the input ends up
in exactly one piece, so nothing a reviewer should see is silently dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby, islice
from operator import itemgetter

_OPENERS = "“‘\"'«([„"
_CLOSING_QUOTES = "”’\"'»"
_CLOSERS = _CLOSING_QUOTES + ")]"

_TERMINATOR = re.compile(rf"(?P<stop>[.!?…]+)(?P<close>[{re.escape(_CLOSERS)}]*)")
_TOKEN = re.compile(r"\S+")
_WORD = re.compile(r"[^\W_]+")

_URL_LINE = re.compile(r"<?(?:https?://|www\.)\S+", re.IGNORECASE)
_LABEL_LINE = re.compile(
    r"(?:related(?: articles?| stor(?:y|ies)| content| coverage| reading)?"
    r"|read more|read also|also read|see also|more on this"
    r"|(?:photo(?:graph)?|picture|image)s?(?: credits?)?)"
    r"\s*(?::.*)?",
    re.IGNORECASE,
)
_NAME = r"[A-Z][\w.'’\-]*(?: [A-Z][\w.'’\-]*){0,3}"
_BYLINE = re.compile(rf"(?:By|BY) {_NAME}(?:(?:,| and| &) {_NAME}){{0,3}}")
_PAGE_NUMBER = re.compile(
    r"(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?|[-–—]\s*\d{1,4}\s*[-–—]", re.IGNORECASE
)
_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Za-z.'’/\-]*(?: [A-Z][A-Za-z.'’/\-]*){0,3})"
    r"(?:, [A-Z][A-Za-z.'’\-]*(?: [A-Za-z0-9.'’\-]+){0,2}){0,2}"
    r"(?: ?\((?P<agency>[A-Za-z][A-Za-z .&/\-]{0,30})\))?"
    r"\s*(?:--|[-–—])(?=\s)"
)
_CREDIT = re.compile(
    r"\((?:additional )?(?:reporting|writing|editing|compiled|research|translat\w*)\b[^()]*\)",
    re.IGNORECASE,
)

# Abbreviations that never end a sentence: they stand before a name, a number or an example.
_NEVER_FINAL = frozenset(
    "mr mrs ms messrs dr prof gen sen rep gov col lt capt sgt maj adm rev hon st "
    "vs jan feb mar apr jun jul aug sep sept oct nov dec e.g i.e cf approx".split()
)
# Abbreviations that end a sentence when a number does not follow ("No. 5" against "No. We").
_BEFORE_NUMBERS = frozenset("no nos vol vols pp art sec fig figs ch para".split())
# Abbreviations that often end a sentence too ("shares of Acme Inc. The company"); like dotted
# acronyms and initials they end one only when a clear sentence opener follows.
_OFTEN_FINAL = frozenset("inc ltd co corp plc llc bros jr sr etc al".split())
_DOTTED = re.compile(r"(?:[a-z]{1,2}\.)+[a-z]{1,2}")
# "A" is left out: after an initial it is more often another initial ("J. A. Smith").
_SENTENCE_OPENERS = frozenset(
    "The An He She It They We You His Her Its Their Our This That These Those There "
    "But And Or So Yet In On At As After Before When While If Although Though However "
    "Meanwhile Still Some Many Most Both Such Now Then Today Yesterday Last Earlier Later "
    "What Why How Who Where".split()
)
# A capitalised word after `?”` is an attribution, not a new sentence, when one of these follows.
_SPEECH_VERBS = frozenset(
    "said says asked asks added adds told tells wrote writes replied replies answered "
    "explained noted stated quipped insisted continued recalled warned argued shouted "
    "cried joked declared demanded wondered".split()
)
_ATTRIBUTION_WORDS = 5
_TOKEN_LOOKBACK = 40

# Words a title may leave in lower case ("Ready to Play Hardball With Belarus").
_MINOR_WORDS = frozenset(
    "a an the and or but nor of in on at to for with by from as into onto over per via "
    "vs up off than".split()
)
_MAX_HEADING_WORDS = 12
_FINAL_PUNCTUATION = ".!?…:;,"


@dataclass(frozen=True, slots=True)
class Sentence:
    """One piece of an article: a sentence, a URL line, a heading or page furniture.

    `text` is the exact slice `source[start:end]` of the text given to `split_sentences`,
    hard-wrap newlines included; `kind` is "sentence", "url", "heading" or "furniture".
    """

    index: int
    paragraph: int
    start: int
    end: int
    text: str
    kind: str

    @property
    def plain_text(self) -> str:
        """The piece on one line, every run of whitespace collapsed to one space."""
        return " ".join(self.text.split())


def split_sentences(text: str) -> list[Sentence]:
    """Split `text` into pieces in text order; offsets index `text` itself."""
    pieces = [
        (number, start, end, kind)
        for number, lines in enumerate(_paragraphs(text), start=1)
        for start, end, kind in _paragraph_pieces(text, lines)
    ]
    return [
        Sentence(index, number, start, end, text[start:end], kind)
        for index, (number, start, end, kind) in enumerate(pieces)
    ]


def _paragraphs(text: str) -> Iterator[list[tuple[int, int]]]:
    """Yield each paragraph as the (start, end) spans of its lines, line breaks included."""
    lines: list[tuple[int, int]] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        if line.isspace():
            if lines:
                yield lines
            lines = []
        else:
            lines.append((offset, offset + len(line)))
        offset += len(line)
    if lines:
        yield lines


def _paragraph_pieces(text: str, lines: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    kinds = [_line_kind(text[start:end].strip()) for start, end in lines]
    text_lines = kinds.count(None)
    pieces: list[tuple[int, int, str]] = []
    for kind, group in groupby(zip(lines, kinds), key=itemgetter(1)):
        spans = [span for span, _ in group]
        if kind is not None:
            pieces.extend((*_strip(text, *span), kind) for span in spans)
            continue
        start, end = _strip(text, spans[0][0], spans[-1][1])
        if len(spans) == text_lines == 1 and _is_heading(text[start:end]):
            pieces.append((start, end, "heading"))
        else:
            pieces.extend(_block_pieces(text, start, end, spans[0] == lines[0]))
    return pieces


def _line_kind(line: str) -> str | None:
    """The kind of a line that stands apart from the prose ("url", "furniture"), else None."""
    if _URL_LINE.fullmatch(line):
        return "url"
    if (
        not any(char.isalnum() for char in line)
        or _LABEL_LINE.fullmatch(line)
        or _BYLINE.fullmatch(line)
        or _PAGE_NUMBER.fullmatch(line)
    ):
        return "furniture"
    return None


def _is_heading(line: str) -> bool:
    """True for a short title-like line: ALL CAPS or Title Case, no sentence-final mark."""
    words = line.split()
    bare = line.rstrip(_CLOSERS)
    if len(words) > _MAX_HEADING_WORDS or not bare or bare[-1] in _FINAL_PUNCTUATION:
        return False
    if not any(char.isalpha() for char in line):
        return False
    return line.isupper() or all(
        _is_title_word(word, first=position == 0) for position, word in enumerate(words)
    )


def _is_title_word(word: str, first: bool) -> bool:
    letters = word.lstrip(_OPENERS)
    if not letters or not letters[0].isalpha():
        return True
    return letters[0].isupper() or (not first and letters.lower() in _MINOR_WORDS)


def _block_pieces(
    text: str, start: int, end: int, starts_paragraph: bool
) -> Iterator[tuple[int, int, str]]:
    """Cut a run of prose lines into sentences, after any dateline that opens the paragraph."""
    if starts_paragraph:
        dateline_end = _dateline_end(text, start, end)
        if dateline_end is not None:
            yield start, dateline_end, "furniture"
            start = dateline_end
    for piece_start, piece_end in _sentence_spans(text, start, end):
        credit = _CREDIT.fullmatch(text, piece_start, piece_end)
        yield piece_start, piece_end, "furniture" if credit else "sentence"


def _dateline_end(text: str, start: int, end: int) -> int | None:
    """Where a dateline such as "MOSCOW, July 9 (Reuters) -" ends, or None if there is none."""
    match = _DATELINE.match(text, start, end)
    if match is None:
        return None
    place = match["place"]
    # A Title Case place needs an agency to be told from prose ("Lukashenko, Putin - ...").
    if not match["agency"] and not (place.isupper() and sum(map(str.isalpha, place)) > 1):
        return None
    following = _skip_space(text, match.end(), end)
    if following < end and text[following].islower():
        return None
    return match.end()


def _sentence_spans(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    cut = start
    for match in _TERMINATOR.finditer(text, start, end):
        if match.end() < end and text[match.end()].isspace() and _ends_sentence(text, match, end):
            yield _strip(text, cut, match.end())
            cut = match.end()
    last = _strip(text, cut, end)
    if last[0] < last[1]:
        yield last


def _ends_sentence(text: str, match: re.Match[str], end: int) -> bool:
    """Whether the terminator `match`, followed by whitespace, ends a sentence."""
    following = _skip_space(text, match.end(), end)
    while following < end and text[following] in _OPENERS:
        following += 1
    word = _WORD.match(text, following, end)
    if word is None:
        return False
    next_word = word.group()
    if not (next_word[0].isupper() or next_word[0].isdigit()):
        return False
    stop, close = match["stop"], match["close"]
    if "?" in stop or "!" in stop:
        quoted = any(char in _CLOSING_QUOTES for char in close)
        return not (quoted and _attribution_follows(text, following, end))
    if len(stop) > 1:
        return next_word[0].isupper()
    # A full stop before a closing quote or bracket ends the quoted sentence, not an abbreviation.
    if close:
        return True
    return _period_ends_sentence(_token_before(text, match.start()), next_word)


def _attribution_follows(text: str, start: int, end: int) -> bool:
    """True when "Smith asked" or the like follows a quoted question or exclamation."""
    for token in islice(_TOKEN.finditer(text, start, end), _ATTRIBUTION_WORDS):
        word = token.group()
        if word.strip(".,;:!?" + _OPENERS + _CLOSERS).lower() in _SPEECH_VERBS:
            return True
        if word[-1] in ",.;:!?":
            return False
    return False


def _period_ends_sentence(token: str, next_word: str) -> bool:
    """Whether a full stop after `token` (lower case, openers removed) ends a sentence."""
    if token in _NEVER_FINAL:
        return False
    if token in _BEFORE_NUMBERS:
        return not next_word[0].isdigit()
    if token in _OFTEN_FINAL or _DOTTED.fullmatch(token) or (len(token) == 1 and token.isalpha()):
        return next_word in _SENTENCE_OPENERS
    return True


def _token_before(text: str, end: int) -> str:
    """The word that ends at `end`, lower case, without opening quotes or brackets."""
    begin = end
    # Abbreviations are short, so a bounded look back keeps the scan linear.
    floor = max(0, end - _TOKEN_LOOKBACK)
    while begin > floor and not text[begin - 1].isspace():
        begin -= 1
    return text[begin:end].lstrip(_OPENERS).lower()


def _skip_space(text: str, start: int, end: int) -> int:
    while start < end and text[start].isspace():
        start += 1
    return start


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without its leading and trailing whitespace."""
    start = _skip_space(text, start, end)
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
