"""Split article text into paragraphs and sentences, with exact offsets into that text.

Paragraphs end at blank lines, and at line breaks where the next word would have fitted on
the line (text saved one line a paragraph). Inside a paragraph each line is first sorted
out, in the light of the lines around it: a bare URL line or a furniture line (a "Related
article:" label and the link titles under it, a photo credit, a byline and the staff or date
lines under it, a date stamp, a page number, an e-mail address) is a piece of its own. Runs
of the other lines are joined across their hard wraps, cut into list items where a bullet or
a number opens one ("•", "-", "1.", "2)") or where every line is a few words long, and cut
at sentence boundaries, after any dateline that opens the paragraph. A paragraph of one
short Title Case or ALL CAPS line is a heading.

A boundary is a `.`, `!`, `?` or ellipsis, then any closing quotes or brackets, whitespace
and a capital or digit. Abbreviations, initials and dotted acronyms are read from word
lists: the ambiguous ones ("U.S.", "Inc.", "J.") end a sentence only before a word that is
capitalised because it opens one ("The", "He", "However"), and "a.m."/"p.m." before any
capitalised word but a day, a month or a time zone ("at 8 p.m. Counting began" is two
sentences, "at 9 a.m. Tuesday" one). A round bracket opened in mid-sentence and closed in
the same paragraph holds no boundary ("Chelsea 2 (Palmer pen. 34) Fulham 1" is one
sentence), and a full stop just before its ")" ends one only as the word lists allow
("(Palmer pen.) Fulham" against "(after a long fight.) Critics"). A bracket that opens a
sentence holds sentences of its own, and one never closed is taken for a stray. Every
non-whitespace character of the input ends up in exactly one piece, so nothing a reviewer
should see is silently dropped. A piece longer than MAX_PIECE_LENGTH (a pasted line without
punctuation) is cut at a space.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Reversible, Sequence
from dataclasses import dataclass
from itertools import groupby, islice, pairwise, takewhile
from operator import itemgetter

from .citations import REFERENCE_MARK, SOURCES_HEADING, is_citation, is_source_note

_OPENERS = "“‘\"'«([„"
_CLOSING_QUOTES = "”’\"'»"
_CLOSERS = _CLOSING_QUOTES + ")]"

_TERMINATOR = re.compile(rf"(?P<stop>[.!?…]+)(?P<close>[{re.escape(_CLOSERS)}]*)(?:{REFERENCE_MARK})*")
_ROUND_BRACKET = re.compile(r"[()]")
_TOKEN = re.compile(r"\S+")
_WORD = re.compile(r"[^\W_]+")
_LETTER = r"[^\W\d_]"

# Lines that stand apart from the prose.
_URL_LINE = re.compile(r"<?(?:https?://|www\.)\S+", re.IGNORECASE)
_EMAIL_LINE = re.compile(
    rf"(?:{_LETTER}[\w \-]{{0,30}}:\s*)?<?(?:mailto:)?[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+>?",
    re.IGNORECASE,
)
_LABEL_LINE = re.compile(
    r"(?:related(?: articles?| stor(?:y|ies)| content| coverage| reading| links?| news)?"
    r"|read (?:more|also|next)|also read|see also|more on this(?: story)?|recommended"
    r"|advertisement|story continues below(?: advertisement)?|continue reading|attachments?"
    r"|share this(?: article| story)?|our standards|(?:image|media) (?:caption|source),?"
    r"|(?:first |last )?(?:published|updated|posted)"
    r"|(?:photo(?:graph)?|picture|image|video|illustration|graphic)s?(?: credits?)?|credits?)"
    r"\s*(?P<colon>:.*)?",
    re.IGNORECASE,
)
_PHOTO_CREDIT = re.compile(
    r"\(?(?:(?:file )?(?:photo(?:graph)?|picture|image|video|illustration)s?"
    r" (?:by|courtesy(?: of)?)|©|\(c\)|copyright)\s[^()]*\)?"
    r"|\(\w+ (?:photo|video)/[^()]*\)",
    re.IGNORECASE,
)
_PAGE_NUMBER = re.compile(
    r"(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?|[-–—]\s*\d{1,4}\s*[-–—]", re.IGNORECASE
)
_BYLINE_START = re.compile(
    r"(?:(?:written|words|story|text|report|interview|analysis)\s+)?by\b\s*(?::\s*)?",
    re.IGNORECASE,
)
_BYLINE_SEPARATOR = re.compile(r"\s+[|•·—–-]\s+|\s*\|\s*")
_DATE_STAMP_START = re.compile(
    r"(?:(?:first |last )?(?:published|updated|posted|modified)|dated?)(?: on| at)?\s*(?::\s*)?",
    re.IGNORECASE,
)
_NUMERIC_DATE = re.compile(r"\d{1,4}(?:[-/.]\d{1,2}){1,2}(?:[-/.]\d{2,4})?|\d{1,2}(?:st|nd|rd|th)")
_DIGIT = re.compile(r"\d")
_CLOCK_TIME = re.compile(r"\d{1,2}[:.h]\d\d(?:[:.]\d\d)?(?:am|pm)?|\d{1,2}(?:am|pm)")

# Paragraph-opening datelines: "MOSCOW, July 9 (Reuters) -", "SÃO PAULO (AP) —", "(CNN) —".
_PLACE_WORD = rf"{_LETTER}(?:{_LETTER}|[.'’/\-])*"
_DATELINE = re.compile(
    rf"(?P<place>{_PLACE_WORD}(?: {_PLACE_WORD}){{0,3}})"
    r"(?:, [\w.'’\-]+(?: [\w.'’\-]+){0,2}){0,3}"
    rf"(?: ?\((?P<agency>{_LETTER}[\w .&/\-]{{0,30}})\))?"
    r"(?: ?/[^/\s]{1,30}/)?"
    r"\s*(?:--|[-–—])(?=\s)"
)
_AGENCY_DATELINE = re.compile(
    rf"\((?P<agency>{_LETTER}[\w .&/\-]{{0,30}})\)(?P<dash>\s*(?:--|[-–—]))?(?=\s)"
)
# Where in the recording a turn begins, as a transcription service or subtitles mark it:
# "(00:12)", "[00:01:23]", "0:07"; milliseconds may follow ("00:01:23,500").
_RECORDING_TIME = r"\d{1,2}:[0-5]\d(?::[0-5]\d)?(?:[.,]\d{1,3})?"
_TIME_MARK = rf"[\[(]{_RECORDING_TIME}[\])]"
# Capital letters that open a speaker's name, Latin, Greek and Cyrillic: "Øyvind Hauge:".
_CAPITAL = "[" + "".join(char for char in map(chr, range(0x530)) if char.isupper()) + "]"
_CAPITALS = _CAPITAL[:-1] + ".'’-]"
# Lower-case words inside a name: "Ursula von der Leyen", "Ana de la Cruz".
_NAME_PARTICLES = r"(?: (?:von|van|der|den|de|del|della|da|dos|du|la|le|di|bin|ibn|al))*"
# A speaker's label opening a transcript's turn, in capitals or as a name of two words or
# more: "MINISTER: No, that's not right.", "Joe Biden: (00:12) We have…", with the time a
# recording gives it, before it too ("[00:01:23] KARI HOLM: We…"). A single word in Title
# Case ("Inflation: Prices rose…") is a topic, unless a time marks it: "Presenter: (00:00)",
# "Speaker 1 (00:12):", "[00:00:52] Presenter:", and Otter's line "Kari Holm  0:07" above the
# speech.
_SPEAKER_LABEL = re.compile(
    # a post's or chat message's, as posts.py writes it: "[Posted Mar 4] Kari Holm (@kariholm):",
    # "[Sent 04/03/2026, 09:14] Kari Holm:"
    r"\[(?P<verb>Posted|Sent)(?: (?P<posted>[^\[\]\n]{1,60}))?\] (?P<author>[^\n]{1,120}?):(?=\s|$)|"
    rf"(?:(?P<opening>{_TIME_MARK}|\d\d:\d\d:\d\d)\s+)?"
    r"(?:\d{1,3}\.\s)?"  # a question's number, in a parliament's record
    rf"(?:(?P<speaker>{_CAPITAL}{_CAPITALS}*(?: {_CAPITAL}{_CAPITALS}*){{0,3}}|{_CAPITAL}[\w.'’-]*(?:{_NAME_PARTICLES} {_CAPITAL}[\w.'’-]*){{1,3}}"
    r"|The [A-Z][\w'’-]*(?:,? (?:(?:of|for|and|the) )*[A-Z][\w'’-]*){0,8}(?= \())"
    # a member's seat and party, "(Fenby West) (Con)", or an office holder's name, "(Dr. Naomi Kerr)"
    r"(?: \((?P<bracketed>[A-Z][^()]{1,60})\))?(?: \([A-Z][^()]{1,60}\))?:"
    # the US Congressional Record's "Mr. HARLAND." and "The PRESIDING OFFICER."
    r"|(?P<recorded>(?:Mr|Mrs|Ms|Miss|Dr)\. [A-Z][A-Z'’-]+(?: [A-Z][A-Z'’-]+)*|The [A-Z]{2,}(?: [A-Z]{2,})*(?: pro tempore)?)\."
    rf"|(?P<timed>{_CAPITAL}[\w.'’-]*(?:{_NAME_PARTICLES} {_CAPITAL}[\w.'’-]*){{0,3}}(?: \d{{1,2}})?)"
    rf"(?: {_TIME_MARK}:|:(?=\s*{_TIME_MARK})|(?:[ ]{{2,}}|\t){_RECORDING_TIME}(?=[ \t]*(?:\n|$))|(?(opening):|(?!))))"
    rf"(?:\s*{_TIME_MARK})?"
)
# A recording's time alone opening a paragraph, with its seconds (a live blog's "[14:02]" is
# a time of day): "[00:01:23] We have invested…", as subtitles without speakers' names read.
_TIME_OPENING = re.compile(r"[\[(]\d{1,2}:[0-5]\d:[0-5]\d(?:[.,]\d{1,3})?[\])]")
_TIME = re.compile(_RECORDING_TIME)
# Words of labels that open news paragraphs and name no speaker: "BREAKING:", "What We Know:".
_NOT_SPEAKER_WORDS = frozenset(
    "q a breaking update updated watch listen read exclusive correction clarification note analysis opinion comment"
    " live video photos warning review interview transcript source sources related advertisement editor's fact"
    " check key points what why how who where when we it of and to in for is are next more see also latest"
    " background context summary details".split()
)
# First words of a transcript's label for a speaker the service could not name.
_UNNAMED = frozenset({"unknown", "unidentified"})
# A live blog's entry time opening a paragraph: "14:02 The chancellor…", "2.15pm: Fuel duty…".
_ENTRY_TIME = re.compile(
    r"(?:[01]?\d|2[0-3])[:.][0-5]\d(?:\s?(?:am|pm|a\.m\.|p\.m\.))?"
    r"(?:\s(?:BST|GMT|CET|CEST|UTC|ET|EST|EDT|PT|PST|PDT|local\stime|local))?"
    r"(?:\s*[:|]|\s+(?:--|[-–—]))?(?=\s+[\"“‘'(]?[A-Z])"
    # a price in a capitalised currency opening a paragraph: "12.50 Euros is the fare."
    r"(?!\s+(?:Euros?|Dollars?|Pounds?|Pence|Cents?|Yen|Yuan|Francs?|Kroner|Kronor|Krona|Rupees?|Pesos?|Rand)\b)"
)

# Credits that close a story: "(Reporting by Ann Lee; Editing by Tom Fry)".
_PARENTHESISED_CREDIT = re.compile(
    r"\((?:additional )?(?:reporting|writing|editing|compiled|research|translat\w*)\b[^()]*\)",
    re.IGNORECASE,
)
_ROLE_BY = re.compile(
    r"(?:additional\s+)?(?:reporting|writing|editing|research|graphics|photography|compiled)"
    r"(?:\s+and\s+\w+)?\s+by\s+",
    re.IGNORECASE,
)
_CONTRIBUTED = re.compile(
    r"[^()]{1,200}\bcontributed\s+(?:reporting\s+)?to\s+this\s+(?:report|story|article)\.?",
    re.IGNORECASE,
)

# A notice about the article itself, opening its paragraph: a correction, an update, an
# editor's note, what the article is or where it came from. "UPDATE: Authorities have lifted
# the warning" is news, so an update's label needs a notice after it; a correction's does not.
_SELF = r"(?:this|the\s+original)\s+(?:article|story|report|piece|post|page|column|blog|feature|interview|obituary|review)"
_NOTICE_LABEL = re.compile(
    r"(?P<label>corrections?|clarifications?|editor['’]?s['’]?\s+notes?|note\s+to\s+readers|updated?)"
    r"(?:\s*,\s*[^:]{1,40})?\s*:\s*",
    re.IGNORECASE,
)
_NOTICE = re.compile(
    rf"(?:an?\s+(?:earlier|previous|original|older)\s+version\s+of\s+{_SELF}|{_SELF}\s+(?:was|has\s+been|had\s+been|is|were)"
    r"\s+(?:\w+\s+)?(?:amended|updated|corrected|clarified|changed|edited|revised|republished|published|produced|written"
    r"|funded|supported|part\s+of|adapted|based\s+on|first|originally)"
    r"|this\s+is\s+an?\s+(?:opinion|comment|sponsored|edited|abridged|updated)\s+(?:piece|article|column|version|story)"
    r"|the\s+writer\s+is\b|the\s+views\s+expressed"
    r"|we\s+(?:earlier|previously|incorrectly|wrongly|mistakenly)\s+(?:reported|said|stated|wrote|gave))",
    re.IGNORECASE,
)
_WIRE_NOTICE = re.compile(
    r"\((?:corrects|updates|adds|recasts|changes|removes|refiles|repeats|fixes|clarifies|inserts|rewrites)\b[^()]*\)",
    re.IGNORECASE,
)

# List items: a bullet, a number or letter label, or both ("• 9. The first item").
_ROUND_BULLETS = "•◦▪▫●○■□‣⁃"
_BULLET = re.compile(rf"[{_ROUND_BULLETS}][ \t]*|[-–—*+][ \t]+")
_INLINE_BULLET = re.compile(rf"(?<=\s)[{_ROUND_BULLETS}]")
# An upper-case letter with a full stop is an initial far more often than a label.
_LIST_LABEL = re.compile(
    r"(?P<open>\(?)(?P<value>\d{1,3}|[a-z]|[A-Z](?=\)))(?P<close>\.\)|[.)])(?=\s)"
)

# Abbreviations that never end a sentence: they stand before a name, a number or an example.
_NEVER_FINAL = frozenset(
    "mr mrs ms mx messrs mmes mme mlle dr drs prof profs gen sen sens rep reps gov col lt capt cmdr "
    "sgt cpl pvt pte maj adm brig rev rt hon cllr pres sec supt det insp amb atty fr msgr mt "
    "jan feb mar apr jun jul aug sep sept oct nov dec e.g i.e cf approx viz vs".split()
)
# Abbreviations that end a sentence when a number does not follow ("No. 5" against "No. We").
_BEFORE_NUMBERS = frozenset(
    "no nos n° nº vol vols pp art arts fig figs ch chap para paras ca est tel ext".split()
)
# Abbreviations that often end a sentence too ("shares of Acme Inc. The company"); like dotted
# acronyms and initials they end one only when a clear sentence opener follows.
_OFTEN_FINAL = frozenset(
    "inc ltd co corp plc llc bros jr sr al st ave blvd rd dept univ assn intl ft in".split()
)
# Abbreviations of a results line, read as such only just before the ")" of a bracket such as
# "(Mbeumo 90 pen.)": penalty, own goal, aggregate, after extra time. Elsewhere "pen" is a word.
_RESULT_NOTES = frozenset("pen pens og agg aet".split())
_DOTTED = re.compile(r"(?:[a-z]{1,2}\.)+[a-z]{1,2}")
_CLOCK_SUFFIXES = frozenset({"a.m", "p.m"})
_FRONTED_TIME = frozenset("At By From Until Before After Around Since".split())
# Words capitalised mid-sentence only because a sentence starts with them.
_SENTENCE_OPENERS = frozenset(
    "A An The This That These Those There Here It Its He She They We You I His Her Their Our "
    "My Your But And Or Nor So Yet For In On At As By From To With Without Under Over After "
    "Before During Since Until Despite Among Between Against Through Across Within Into Like "
    "Unlike When While Where Whereas Why How What Which Who Whom Whose Whether If Although "
    "Though Because Unless However Meanwhile Moreover Furthermore Nevertheless Nonetheless "
    "Instead Indeed Also Still Even Only Just Then Now Today Yesterday Tomorrow Tonight Last "
    "Earlier Later Some Many Most Much More Few Several All Any Each Every Both Either Neither "
    "No None Nobody Nothing Someone Everyone Such Other Another Not According Asked Do Does Did "
    "Is Are Was Were Has Have Had Would Can Could Should Might Must Let Please Yes "
    "Well Overall Finally First Second Third Perhaps Maybe Often Sometimes Similarly Likewise "
    "Otherwise Thus Therefore Hence Consequently Additionally Separately Elsewhere Initially "
    "Eventually Recently Currently Previously Ultimately Nearly Almost About Around Roughly "
    "Officially Critics Analysts Officials Experts Police Residents".split()
)
# After an initial "A" and "I" are more often further initials ("J. A. Smith").
_OPENERS_AFTER_INITIALS = _SENTENCE_OPENERS - {"A", "I"}
_WEEKDAYS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday "
    "mon tue tues wed thu thur thurs fri sat sun".split()
)
_MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_TIME_ZONES = frozenset(
    "et est edt ct cst cdt mt mst mdt pt pst pdt akst hst gmt utc bst cet cest eet eest wet "
    "west msk ist jst kst hkt sgt aest aedt awst nzst nzdt eastern central mountain pacific "
    "atlantic greenwich local".split()
)
_DATE_STAMP_WORDS = _TIME_ZONES | frozenset(
    "a.m p.m am pm at on of the ago min mins minute minutes hour hours day days".split()
)
# A capitalised word after `?”` is an attribution, not a new sentence, when one of these follows.
_SPEECH_VERBS = frozenset(
    "said says asked asks added adds told tells wrote writes replied replies answered "
    "explained noted stated quipped insisted continued recalled warned argued shouted "
    "cried joked declared demanded wondered".split()
)
# Words after which "2." is a number in the clause ("rose from 1.5 to 2."), not a list label.
_NUMBER_LEADS = frozenset(
    "to from by of at than and or nor about over under around nearly almost some just only "
    "between vs versus the a an no number page step phase level grade rank ranked".split()
)
_ATTRIBUTION_WORDS = 5
_TOKEN_LOOKBACK = 40

# Bylines: "By José Álvarez and Ana Lee, Reuters", "BY JANE SMITH | July 9, 2024".
_NAME_JOINERS = frozenset({"and", "&", "in", "for", "at"})
_NAME_PARTICLES = frozenset(
    "de da del della der den di du la le van von bin ibn al el y e dos das ter zu af".split()
)
# What a byline's writer is, after a comma: staff, or an opinion piece's guest ("By Marta
# Lind, policy analyst").
_STAFF_WORDS = frozenset(
    "staff writer writers reporter reporters correspondent correspondents editor editors "
    "contributor columnist team desk bureau newsroom journalist analyst economist fellow professor "
    "lecturer researcher historian commentator critic author adviser advisor consultant scientist".split()
)
_MAX_BYLINE_WORDS = 14
_STAFF_ROLE_WORDS = 4
_MAX_BYLINE_LENGTH = 200
# How many words a line under a label or under a byline may have and still be furniture.
_TITLE_WORDS = 16
_STAFF_LINE_WORDS = 8
_DATE_STAMP_TOKENS = 12
_SENTENCE_END = ".!?…"
_CLAUSE_END = _SENTENCE_END + ":;"
_SHORT_LIST_LINES = 3
_SHORT_LINE_WORDS = 3

# Words a title may leave in lower case ("Ready to Play Hardball With Belarus").
_MINOR_WORDS = frozenset(
    "a an the and or but nor of in on at to for with by from as into onto over per via "
    "vs up off than".split()
)
_MAX_HEADING_WORDS = 12
# A headline has a few words more than a section's name or a kicker ("Local Government Finance").
_HEADLINE_WORDS = 4
_CHOSEN_BREAK_ROOM = 0.8
_FINAL_PUNCTUATION = ".!?…:;,"
# Longer than any real sentence (a run-on legal sentence reaches a few thousand characters),
# far under a worksheet cell's 32,767: longer pieces, such as a pasted line without
# punctuation, are cut at a space so scoring, annotating and the workbook stay bounded.
MAX_PIECE_LENGTH = 10_000


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
    paragraphs = list(_paragraphs(text))
    # A transcript: two or more paragraphs open with a speaker's label, or one with the time
    # in a recording. One alone is more likely a wire's "NEW DELHI: The Centre said…" than a turn.
    labels = [label for lines, _ in paragraphs if (label := _speaker_label(text, lines[0][0], lines[-1][1]))]
    turns = len(labels) >= 2 or any(label["author"] or _TIME.search(label.group()) for label in labels)
    pieces = [
        (number, start, end, kind)
        for number, (lines, kinds) in enumerate(paragraphs, start=1)
        for whole_start, whole_end, kind in _paragraph_pieces(text, lines, kinds, turns)
        for start, end in _bounded(text, whole_start, whole_end)
    ]
    # A heading over sources in sentence case ("Sources and notes") is one all the same.
    pieces = [(n, s, e, "heading" if kind == "sentence" and SOURCES_HEADING.fullmatch(text[s:e]) else kind) for n, s, e, kind in pieces]
    # A headline in Title Case reads as a heading, but it states the story ("Wildfire Forces
    # 3,000 From Homes"): a heading of a few words above the first sentence is scored as one.
    first_sentence = next((i for i, piece in enumerate(pieces) if piece[3] == "sentence"), len(pieces))
    pieces = [(n, s, e, _headline_kind(text[s:e], kind, i < first_sentence)) for i, (n, s, e, kind) in enumerate(pieces)]
    # A closing note on the writer the byline names ("Lars Ek is a former editor of the Post.")
    # is about the article's author, not the story: furniture, every sentence of it.
    note = _note_on_the_writer(text, pieces, first_sentence)
    # Notes naming their sources close many a report and essay, as do footnotes that follow
    # the text ("Nordbane, Annual report 2025, p. 14."): citations, not sentences of the story.
    notes = _closing_citations(text, pieces, first_sentence)
    pieces = [(n, s, e, "furniture" if n == note or n in notes else kind) for n, s, e, kind in pieces]
    return [
        Sentence(index, number, start, end, text[start:end], kind)
        for index, (number, start, end, kind) in enumerate(pieces)
    ]


def _note_on_the_writer(
    text: str, pieces: Sequence[tuple[int, int, int, str]], first_sentence: int
) -> int | None:
    """The number of the last paragraph when it comes after the story's first sentence and opens
    with a sentence about a writer a byline names; else None."""
    if first_sentence >= len(pieces) or pieces[-1][0] == pieces[first_sentence][0]:
        return None
    last = pieces[-1][0]
    _, start, end, kind = next(piece for piece in pieces if piece[0] == last)
    if kind != "sentence":
        return None
    writers = _bylined_writers([text[s:e] for _, s, e, kind in pieces if kind == "furniture"])
    return last if _is_about(text[start:end], writers) else None


def _closing_citations(
    text: str, pieces: Sequence[tuple[int, int, int, str]], first_sentence: int
) -> set[int]:
    """The numbers of the paragraphs after the first sentence's that only name sources, each
    line of them: those under a heading such as "Sources" or "References", and those that
    close the article (a heading or furniture among them passed over)."""
    if first_sentence >= len(pieces):
        return set()
    opening = pieces[first_sentence][0]
    notes = set()
    for position in range(first_sentence, len(pieces)):
        _, start, end, kind = pieces[position]
        if kind == "heading" and SOURCES_HEADING.fullmatch(text[start:end]):
            listed = takewhile(lambda piece: piece[3] != "heading", islice(pieces, position + 1, None))
            for number, group in groupby(listed, key=itemgetter(0)):
                if _names_sources(text, list(group), listed=True):
                    notes.add(number)
    for number, group in groupby(reversed(pieces), key=itemgetter(0)):
        group = list(reversed(list(group)))
        if number == opening:
            break
        if any(kind == "sentence" for *_, kind in group):
            if not _names_sources(text, group, listed=False):
                break
            notes.add(number)
    return notes


def _names_sources(text: str, group: Sequence[tuple[int, int, int, str]], listed: bool) -> bool:
    """True when every line of a paragraph's pieces is a note naming a source."""
    lines = text[group[0][1] : group[-1][2]].splitlines()
    return all(is_source_note(line.strip(), listed) for line in lines if line.strip())


def _bylined_writers(furniture: Sequence[str]) -> set[str]:
    """The names the article's bylines give: "By Ana Lee and Tom Fry, Reuters" gives both."""
    names = set()
    for line in filter(_is_byline, furniture):
        first = _BYLINE_SEPARATOR.split(line[_BYLINE_START.match(line).end() :])[0]
        names.update(name.strip() for name in re.split(r",|\s+and\s+|\s*&\s*", first) if len(name.split()) >= 2)
    return names


def _is_about(sentence: str, writers: set[str]) -> bool:
    """True for a sentence about one of ``writers``: "Lars Ek is a former editor of the Post."."""
    return any(re.match(rf"{re.escape(name)}\s+(?:is|was|has\s+been|writes|covers)\b", sentence) for name in writers)


def _headline_kind(piece: str, kind: str, above_the_story: bool) -> str:
    """"sentence" for a heading that is the article's headline, else ``kind``."""
    headline = above_the_story and kind == "heading" and len(piece.split()) >= _HEADLINE_WORDS
    return "sentence" if headline else kind


def _bounded(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Cut a piece longer than MAX_PIECE_LENGTH at the last whitespace within the limit, or
    at the limit itself where there is none."""
    while end - start > MAX_PIECE_LENGTH:
        limit = start + MAX_PIECE_LENGTH
        cut = limit
        while cut > start and not text[cut].isspace():
            cut -= 1
        if cut == start:
            cut = limit
        yield _strip(text, start, cut)
        start = _skip_space(text, cut, end)
    yield start, end


def _paragraphs(text: str) -> Iterator[tuple[list[tuple[int, int]], list[str | None]]]:
    """Yield each paragraph as the (start, end) spans of its lines, line breaks included, with
    the kind of each line that stands apart from the prose (see `_line_kinds`).

    A blank line ends a paragraph, and so does a line break the text chose rather than a wrap
    (`_chosen_breaks`): text saved one line a paragraph, as Word's "Save as Plain Text" and a
    copy from a browser give it, has no blank lines, and its headline, byline, subheadings and
    speakers' turns are paragraphs all the same.
    """
    blocks = list(_blank_line_blocks(text))
    lines = [[text[start:end].strip() for start, end in block] for block in blocks]
    width, paragraph_a_line = _wrap_width(lines)
    for block, block_lines in zip(blocks, lines, strict=True):
        chosen = _chosen_breaks(block_lines, width, paragraph_a_line)
        kinds = _line_kinds(block_lines, chosen)
        # Furniture lines together (a byline and its staff and date lines) stay one paragraph.
        cuts = [
            0,
            *(
                position
                for position, cut in enumerate(chosen)
                if cut and not kinds[position - 1] == kinds[position] == "furniture"
            ),
            len(block),
        ]
        for start, end in pairwise(cuts):
            yield block[start:end], kinds[start:end]


def _blank_line_blocks(text: str) -> Iterator[list[tuple[int, int]]]:
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


def _wrap_width(blocks: list[list[str]]) -> tuple[int, bool]:
    """The width the text's lines were wrapped at, and whether it holds a paragraph a line.

    A wrap is a line break inside a paragraph before a line going on in lower case (a bullet
    aside: "• a high temperature"). Where more than a third of the breaks inside paragraphs
    after a line that ends no sentence are wraps, the text is hard-wrapped and the longest
    line before a wrap is the width; otherwise the text holds a paragraph a line, and the
    width is its longest line.
    """
    breaks = wraps = 0
    wrapped_width = whole_width = 0
    for lines in blocks:
        for line, below in pairwise(lines):
            if _ends_with_mark(line, _SENTENCE_END):
                continue
            breaks += 1
            if _goes_on_in_lower_case(below) and not _BULLET.match(below):
                wraps += 1
                wrapped_width = max(wrapped_width, len(line))
        whole_width = max([whole_width, *(len(line) for line in lines if not _URL_LINE.fullmatch(line))])
    wrapped = wraps * 3 > breaks
    return (wrapped_width if wrapped else whole_width), not wrapped


def _goes_on_in_lower_case(line: str) -> bool:
    """True when a line's first letter or digit is a lower-case letter ("- the capital", "(and")."""
    return next((char.islower() for char in line if char.isalnum()), False)


def _chosen_breaks(lines: list[str], width: int, paragraph_a_line: bool) -> list[bool]:
    """For each line of a blank-line paragraph, True when the break above it ends a paragraph.

    An editor wraps a line only when the next word would not fit on it, so a break after a
    line with room left for the next word was chosen: under a headline, a byline or a
    subheading, or between paragraphs. A balancing wrapper (GNU fmt) may leave some room, so
    the next word must fit in four fifths of the width. In a text that holds a paragraph a
    line, a break after a line ending a sentence was chosen too. Never before a line going on in
    lower case, nor inside a list of short lines without markers (see `_items`).
    """
    chosen = [False] * len(lines)
    if _is_short_line_list(lines):
        return chosen
    for position, (line, below) in enumerate(pairwise(lines), start=1):
        if _goes_on_in_lower_case(below):
            continue
        next_word = below.split(maxsplit=1)[0]
        fits = len(line) + 1 + len(next_word) <= width * _CHOSEN_BREAK_ROOM
        chosen[position] = fits or (paragraph_a_line and _ends_with_mark(line, _SENTENCE_END))
    return chosen


@dataclass(frozen=True, slots=True)
class Turn:
    """Who speaks a piece of a transcript, and the time in the recording their turn begins,
    as the transcript gives it ("00:12", "0:01:23"); "" where it names none."""

    speaker: str = ""
    said_at: str = ""
    posted: str = ""  # when a post or chat message was posted, as its copy dates it
    in_chat: bool = False  # a chat's message, which its sender may only have forwarded


def turns(pieces: Sequence[Sentence]) -> list[Turn]:
    """The turn each piece is in, for a transcript's pieces ("MINISTER: …" gives "Minister" to
    the turn's sentences, and to the paragraphs after it until the next label or heading;
    "Kari Holm: (00:07)" gives `Kari Holm` and "00:07"; a time alone, "[00:01:23] We…", a
    speaker not named); Turn() for every piece of an article that is no transcript."""
    found: list[Turn] = []
    turn = Turn()
    named: dict[str, None] = {}  # the speakers labels have named, the latest last
    for piece, before, after in zip(pieces, [None, *pieces], [*pieces[1:], None]):
        label = (_SPEAKER_LABEL.fullmatch(piece.plain_text) or _SPEAKER_LABEL.fullmatch(piece.text)) if piece.kind == "furniture" else None
        if label and label["author"]:  # a post's author is named as the platform names them
            turn = Turn(label["author"], posted=label["posted"] or "", in_chat=label["verb"] == "Sent")
        elif label and _names_a_speaker(label):
            speaker = _full_name(_label_speaker(label), named)
            named.pop(speaker, None)
            named[speaker] = None
            turn = Turn(speaker, _said_at(_TIME.search(label.group())))
        elif piece.kind == "furniture" and _TIME_OPENING.fullmatch(piece.plain_text):
            turn = Turn("", _said_at(_TIME.search(piece.plain_text)))
        elif piece.kind == "heading" or _is_section_title(piece, before, after):
            turn = Turn()
        found.append(turn)
    return found


def _said_at(time: re.Match[str] | None) -> str:
    """A recording's time as a reader seeks it: without the milliseconds."""
    return re.split(r"[.,]", time.group())[0] if time else ""


def _full_name(speaker: str, earlier: Reversible[str]) -> str:
    """A speaker a later label names in short ("Dr. Kerr", "Biden") by the name an earlier label
    gave in full ("Dr. Naomi Kerr", "Joe Biden"), so one person has one name in Said by;
    ``earlier`` holds each name once, the latest named last, which is tried first."""
    words = speaker.split()
    if not words:
        return speaker
    for name in reversed(earlier):
        full = name.split()
        if len(words) < len(full) and full[-1] == words[-1] and (len(words) == 1 or full[0] == words[0]):
            return name
    return speaker


def _is_section_title(piece: Sentence, before: Sentence | None, after: Sentence | None) -> bool:
    """True for a paragraph of a few words without a final mark, as a transcript titles its
    sections in sentence case ("The early years"); speech ends its sentences."""
    alone = all(other is None or other.paragraph != piece.paragraph for other in (before, after))
    text = piece.plain_text
    return (
        piece.kind == "sentence"
        and alone
        and len(text.split()) <= _MAX_HEADING_WORDS
        and text.rstrip(_CLOSERS)[-1:] not in _FINAL_PUNCTUATION
    )


def without_opening(sentence: str) -> str:
    """``sentence`` without the dateline, live blog's entry time or speaker's label that opens
    it, which the splitter reads apart at a paragraph's start ("14:10 She confirms…" gives "She
    confirms…"): how an older splitter's sentence reads now."""
    end = _opening_end(sentence, 0, len(sentence), turns=True)
    return sentence[end:].strip() if end else sentence


def _opening_end(text: str, start: int, end: int, turns: bool) -> int | None:
    """Where the dateline, live blog's entry time or (in a transcript) speaker's label opening
    the paragraph at `start` ends, when a sentence follows it; None when none opens it."""
    entry_time = _ENTRY_TIME.match(text, start, end) or _TIME_OPENING.match(text, start, end)
    entry_time = entry_time if entry_time and text[entry_time.end() : entry_time.end() + 1].isspace() else None
    label = _speaker_label(text, start, end) if turns else None
    label = label if label and label.end() < end else None
    return _dateline_end(text, start, end) or (label and label.end()) or (entry_time and entry_time.end()) or None


def _speaker_label(text: str, start: int, end: int) -> re.Match[str] | None:
    """The speaker's label opening the paragraph at `start`, if one opens it."""
    label = _SPEAKER_LABEL.match(text, _skip_space(text, start, end), end)
    if label and label["author"]:  # a post may open as its author likes
        return label
    # Speech opens as a sentence does; "Evening Report: leaders' debate on…" is a title.
    speech = text[_skip_space(text, label.end(), end) : end] if label else ""
    return label if label and _names_a_speaker(label) and not _goes_on_in_lower_case(speech[:1]) else None


def _names_a_speaker(label: re.Match[str]) -> bool:
    return not _NOT_SPEAKER_WORDS.intersection(_label_speaker(label).lower().split())


def _label_speaker(label: re.Match[str]) -> str:
    """Who a label names: "MINISTER" gives "Minister", "Mr. HARLAND." "Mr. Harland"; a role with
    a name in brackets, the name:
    "The Secretary of State for Health (Dr. Naomi Kerr)", as a parliament's record names a
    minister, gives "Dr. Naomi Kerr", "PRESENTER (KATE MORRIS)" "Kate Morris". A member's seat
    and party in brackets, "Ms. Yasmin Khalid (Bradwell South) (Lab)", follow the name."""
    speaker, bracketed = label["speaker"] or label["recorded"] or label["timed"], label["bracketed"]
    if speaker.split()[0].lower() in _UNNAMED:  # Otter's "Unknown Speaker  0:00"
        return ""
    role = speaker.startswith("The ") or (speaker.isupper() and " " not in speaker)
    if role and bracketed and len(bracketed.split()) > 1:
        speaker = bracketed
    # Capitals are the record's type, not the name: "Mr FERGUSSON", "The CHAIR", "SEN. HALVORSEN".
    return " ".join(word.title() if sum(c.isupper() for c in word) > 1 and word.isupper() else word for word in speaker.split())


def _paragraph_pieces(
    text: str, lines: list[tuple[int, int]], kinds: list[str | None], turns: bool
) -> list[tuple[int, int, str]]:
    text_lines = kinds.count(None)
    pieces: list[tuple[int, int, str]] = []
    opens_paragraph = True
    for kind, group in groupby(zip(lines, kinds), key=itemgetter(1)):
        spans = [span for span, _ in group]
        if kind is not None:
            pieces.extend((*_strip(text, *span), kind) for span in spans)
            continue
        start, end = _strip(text, spans[0][0], spans[-1][1])
        label = _speaker_label(text, start, end) if turns and opens_paragraph else None
        if label and label.end() == end:  # "Joe Biden: (00:12)" on its own, the speech below
            pieces.append((start, end, "furniture"))
        elif len(spans) == text_lines == 1 and _is_heading(text[start:end]) and not (label and label["author"]):
            pieces.append((start, end, "heading"))
        else:
            pieces.extend(_run_pieces(text, spans, opens_paragraph, turns))
        opens_paragraph = False
    return pieces


def _line_kinds(lines: list[str], chosen_breaks: list[bool]) -> list[str | None]:
    """The kind of each stripped line of a paragraph that stands apart from the prose, else None.

    Lines under a label ("Related articles:") or a byline are furniture while they stay short
    and do not end like a sentence; a page number, byline, date stamp or bare label that sits
    in the middle of a hard-wrapped sentence is prose, but not one under a chosen break.
    """
    kinds: list[str | None] = []
    run_on = 0
    for position, line in enumerate(lines):
        label = _LABEL_LINE.fullmatch(line)
        kind = _standalone_kind(line)
        byline = kind is None and _is_byline(line)
        date_stamp = kind is None and _is_date_stamp(line)
        if kind is None and run_on and not date_stamp and _is_caption_line(line, run_on):
            kind = "furniture"
        elif (
            kind is None
            and (byline or label or _PAGE_NUMBER.fullmatch(line) or date_stamp)
            and (chosen_breaks[position] or not _inside_sentence(lines, kinds, position))
        ):
            kind = "furniture"
        if kind is None or date_stamp:  # a byline's date line ends its staff lines
            run_on = 0
        elif label:
            # "Related articles:" heads the titles under it; "Published: 4 March" heads nothing.
            run_on = 0 if (label["colon"] or ":")[1:].strip() else _TITLE_WORDS
        elif byline:
            run_on = _STAFF_LINE_WORDS
        kinds.append(kind)
    return kinds


def _standalone_kind(line: str) -> str | None:
    """"url" or "furniture" for a line or sentence that is one wherever it stands, else None."""
    if _URL_LINE.fullmatch(line):
        return "url"
    label = _LABEL_LINE.fullmatch(line)
    if (
        not any(char.isalnum() for char in line)
        or (label and label["colon"])
        or _EMAIL_LINE.fullmatch(line)
        or _is_credit(line)
    ):
        return "furniture"
    return None


def _is_picture_credit(line: str) -> bool:
    """True for "Photo by Ana Lee/Reuters", "© 2024 Reuters" and "REUTERS/Ana Lee/File Photo"."""
    if _PHOTO_CREDIT.fullmatch(line):
        return True
    if "/" not in line:
        return False
    agency, _, names = line.partition("/")
    words = names.replace("/", " ").split()
    return bool(
        len(agency) > 1
        and agency.isupper()
        and agency.replace(" ", "").isalpha()
        and 0 < len(words) <= _STAFF_LINE_WORDS
        and all(word[0].isupper() for word in words)
    )


def _is_caption_line(line: str, max_words: int) -> bool:
    """A short line that does not end with a full stop: a link title, a staff line, a credit."""
    return len(line.split()) <= max_words and not line.rstrip(_CLOSERS).endswith(".")


def _inside_sentence(lines: list[str], kinds: list[str | None], position: int) -> bool:
    """True when a line continues a sentence that the prose line above it left open.

    A line above that reads like a title ("Harbour Reopens After Storm") leaves nothing open.
    """
    if position == 0 or kinds[-1] is not None:
        return False
    above = lines[position - 1]
    return not (_ends_with_mark(above) or _is_heading(above))


def _ends_with_mark(line: str, marks: str = _CLAUSE_END) -> bool:
    """True when a line ends with one of ``marks`` (a sentence's or a clause's), closing quotes aside."""
    return line.rstrip().rstrip(_CLOSERS)[-1:] in tuple(marks)


def _is_byline(line: str) -> bool:
    """True for "By Ana Lee", "By José Álvarez and Tom Fry, Reuters", "BY ANA LEE | July 9"."""
    start = _BYLINE_START.match(line)
    if start is None or len(line) > _MAX_BYLINE_LENGTH:
        return False
    rest = line[start.end() :]
    if not rest:
        return line[:2].lower() == "by"
    first, *others = _BYLINE_SEPARATOR.split(rest)
    return _is_name_list(first) and all(
        _is_name_list(other) or _is_date_stamp(other) for other in others
    )


def _is_name_list(phrase: str) -> bool:
    """True for names joined by commas, "and", "&", with places ("in Moscow", "at the Oval") and
    staff titles, which may be written in lower case after a comma ("Ana Lee, transport reporter")."""
    first, *others = phrase.split(",")
    phrase = ",".join([first, *(other for other in others if not _is_staff_role(other))])
    words = [word.rstrip(",;") for word in phrase.split()]
    words = [word for word in words if word]
    if not words or len(words) > _MAX_BYLINE_WORDS or words[-1].lower() in _NAME_JOINERS:
        return False
    first = words[0].lower()
    if not _is_name_word(words[0]) or first in _WEEKDAYS or first in _MONTHS:
        return False
    return all(
        _is_name_word(word)
        or word.lower() in _NAME_JOINERS
        or word.lower() in _STAFF_WORDS
        or word.split("-", 1)[0] in _NAME_PARTICLES
        or (word == "the" and words[position - 1].lower() in _NAME_JOINERS)  # "at the Fjordside Stadium"
        for position, word in enumerate(words)
    )


def _is_staff_role(phrase: str) -> bool:
    """True for a reporter's role: "transport reporter", "our senior Europe correspondent"."""
    words = phrase.split()
    return 0 < len(words) <= _STAFF_ROLE_WORDS and words[-1].lower() in _STAFF_WORDS and all(w.isalpha() for w in words)


def _is_name_word(word: str) -> bool:
    return word[0].isupper() and all(char.isalpha() or char in ".'’-" for char in word)


def _is_date_stamp(line: str) -> bool:
    """True for "July 9, 2024", "Updated: Tue 9 Jul 2024 10:42 a.m. ET" or "2024-07-09"."""
    if len(line) > _DATE_STAMP_TOKENS * 8 or not _DIGIT.search(line):
        return False
    start = _DATE_STAMP_START.match(line)
    words = line[start.end() if start else 0 :].split()
    if not words or len(words) > _DATE_STAMP_TOKENS:
        return False
    # After "Updated", or alone with its time zone (a live blog's entry time), a clock time is
    # enough; otherwise a day, a month or a numeric date is needed.
    bare_words = [word.strip(".,;|•·-–—()").lower() for word in words]
    dated = start is not None or all(bare in _TIME_ZONES for bare in bare_words[1:])
    for bare in bare_words:
        if bare in _MONTHS or bare in _WEEKDAYS or _NUMERIC_DATE.fullmatch(bare):
            dated = True
        elif bare and not (
            bare.isdigit() or bare in _DATE_STAMP_WORDS or _CLOCK_TIME.fullmatch(bare)
        ):
            return False
    return dated


def _is_heading(line: str) -> bool:
    """True for a short title-like line: ALL CAPS or Title Case, no sentence-final mark."""
    words = line.split()
    bare = line.rstrip(_CLOSERS)
    if len(words) > _MAX_HEADING_WORDS or not bare or bare[-1] in _FINAL_PUNCTUATION:
        return False
    if not any(char.isalpha() for char in line) or _BULLET.match(line) or _URL_LINE.search(line):
        return False
    return line.isupper() or all(
        _is_title_word(word, first=position == 0) for position, word in enumerate(words)
    )


def _is_title_word(word: str, first: bool) -> bool:
    letters = word.lstrip(_OPENERS)
    if not letters or not letters[0].isalpha():
        return True
    return letters[0].isupper() or (not first and letters.lower() in _MINOR_WORDS)


def _run_pieces(
    text: str, lines: list[tuple[int, int]], opens_paragraph: bool, turns: bool
) -> Iterator[tuple[int, int, str]]:
    """Cut a run of prose lines into list items and sentences, after any opening dateline,
    live-blog entry time or, in a transcript, speaker's label."""
    start, end = _strip(text, lines[0][0], lines[-1][1])
    if opens_paragraph:
        opening_end = _opening_end(text, start, end, turns)
        if opening_end:
            yield start, opening_end, "furniture"
            start = _skip_space(text, opening_end, end)
    items = _items(text, start, end, lines)
    notice = False
    for (item_start, body_start), (next_start, _) in zip(items, [*items[1:], (end, end)], strict=True):
        item_end = _strip(text, item_start, next_start)[1]
        citation = is_citation(text[item_start:item_end])
        for piece_start, piece_end in _sentence_spans(text, item_start, body_start, item_end):
            piece = text[piece_start:piece_end]
            notice = notice or (opens_paragraph and piece_start == start and _is_notice(piece))
            kind = "furniture" if notice or citation else _standalone_kind(piece)
            yield piece_start, piece_end, kind or "sentence"


def _is_notice(sentence: str) -> bool:
    """True for a notice about the article itself: "Correction: An earlier version…", "This
    story has been updated with…", "(Corrects paragraph 3…)", "Editor's note: …"."""
    if _WIRE_NOTICE.fullmatch(sentence):
        return True
    label = _NOTICE_LABEL.match(sentence)
    if label and not label["label"].lower().startswith("update"):
        return True
    return bool(_NOTICE.match(sentence, label.end() if label else 0))


def _items(
    text: str, start: int, end: int, lines: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The (start, body start) of each list item in a run; the run is one item if not a list.

    A bullet such as "•" always opens an item. A dash, "*", "1." or "a)" at the start of a
    line opens one in a list, or after a line that ends a sentence, so a hard wrap before
    "- the capital" or "12. Forty" stays in its sentence. In a run that opens with "1." and
    has no item lines, "2." (then "3.", and "b)" after "a)") opens the next item inline.
    Three or more lines of at most three words each are a list without markers: no hard
    wrap leaves lines that short.
    """
    first_body, first_label = _marker(text, start, end)
    items = {start: first_body}
    in_list = first_body > start
    short_lines = _is_short_line_list([text[line_start:line_end] for line_start, line_end in lines])
    line_items = 0
    previous_line = text[start : lines[0][1]]
    for line_start, line_end in lines[1:]:
        position = _skip_space(text, line_start, line_end)
        if position <= start:
            continue
        body, _ = _marker(text, position, end)
        opens_item = short_lines or (
            body > position
            and (in_list or text[position] in _ROUND_BULLETS or _ends_with_mark(previous_line))
        )
        if opens_item:
            items[position] = body
            in_list = True
            line_items += 1
        previous_line = text[line_start:line_end]
    for bullet in _INLINE_BULLET.finditer(text, start, end):
        if bullet.start() not in items:
            items[bullet.start()] = _marker(text, bullet.start(), end)[0]
    if first_label is not None and not line_items and not _BULLET.match(text, start, end):
        items.update(_inline_labels(text, first_body, end, first_label))
    return sorted(items.items())


def _is_short_line_list(lines: list[str]) -> bool:
    return len(lines) >= _SHORT_LIST_LINES and all(len(line.split()) <= _SHORT_LINE_WORDS for line in lines)


def _marker(text: str, position: int, end: int) -> tuple[int, re.Match[str] | None]:
    """Where the text of an item starting at `position` begins (after "•", "-", "2)"...)."""
    bullet = _BULLET.match(text, position, end)
    after = bullet.end() if bullet else position
    label = _LIST_LABEL.match(text, after, end)
    if label is not None:
        return _skip_space(text, label.end(), end), label
    return (_skip_space(text, after, end) if bullet else position), None


def _inline_labels(
    text: str, start: int, end: int, label: re.Match[str]
) -> Iterator[tuple[int, int]]:
    """Labels that follow `label` in sequence on the same run: "2." after "1.", "b)" after "a)"."""
    value = label["value"]
    while True:
        value = str(int(value) + 1) if value.isdigit() else chr(ord(value) + 1)
        wanted = label["open"] + value + label["close"]
        found = text.find(wanted, start, end)
        while found != -1 and not _opens_inline_item(text, found, found + len(wanted), end):
            found = text.find(wanted, found + 1, end)
        if found == -1:
            return
        start = found + len(wanted)
        yield found, _skip_space(text, start, end)


def _opens_inline_item(text: str, start: int, end: int, run_end: int) -> bool:
    """True when the label `text[start:end]` stands alone and not as a number in the clause."""
    return (
        text[start - 1].isspace()
        and end < run_end
        and text[end].isspace()
        and _token_before(text, start)[1].lower() not in _NUMBER_LEADS
    )


def _dateline_end(text: str, start: int, end: int) -> int | None:
    """Where a dateline such as "MOSCOW, July 9 (Reuters) -" ends, or None if there is none."""
    match = _DATELINE.match(text, start, end)
    place = match["place"] if match else ""
    capitals = place.isupper() and sum(map(str.isalpha, place)) > 1
    # A Title Case place needs an agency to be told from prose ("Lukashenko, Putin - ...").
    if not (match and place[0].isupper() and (match["agency"] or capitals)):
        match = _AGENCY_DATELINE.match(text, start, end)
        agency = match["agency"] if match else ""
        # "(AP)" opens a story without a dash; "(Reuters)" needs one to be told from an aside.
        if len(agency) < 2 or not (match["dash"] or agency.isupper()):
            return None
    following = _skip_space(text, match.end(), end)
    if following < end and text[following].islower():
        return None
    return match.end()


def _is_credit(piece: str) -> bool:
    """True for a credit: "(Reporting by Ann Lee; Editing by Tom Fry)", "Photo by Ann Lee",
    "Ann Lee contributed to this report."."""
    if _PARENTHESISED_CREDIT.fullmatch(piece) or _is_picture_credit(piece):
        return True
    if "contributed" in piece:
        return bool(_CONTRIBUTED.fullmatch(piece))
    if " by " not in piece.lower():
        return False
    for part in piece.rstrip(".").split(";"):
        part = part.strip()
        role = _ROLE_BY.match(part)
        if role is None or not _is_name_list(part[role.end() :]):
            return False
    return True


def _sentence_spans(text: str, start: int, body: int, end: int) -> Iterator[tuple[int, int]]:
    """Sentences of the item `text[start:end]`, whose marker ("1.", "•") ends at `body`."""
    cut = start
    for match, bracket in _bracketed_terminators(text, body, end):
        if match.end() >= end or not text[match.end()].isspace():
            continue
        # A bracket opened after the sentence's first character is an aside in it.
        aside = bracket is not None and bracket[0] > _skip_space(text, max(cut, body), end)
        if aside and bracket[1] >= match.end():
            continue
        if _ends_sentence(text, match, end, aside):
            yield _strip(text, cut, match.end())
            cut = match.end()
    last = _strip(text, cut, end)
    if last[0] < last[1]:
        yield last


def _bracketed_terminators(
    text: str, start: int, end: int
) -> Iterator[tuple[re.Match[str], tuple[int, int] | None]]:
    """Each terminator in `text[start:end]` with the innermost round bracket around it, as the
    offsets of its "(" and ")", or None. A "(" never closed in the span is left unpaired, so a
    stray one cannot hold the rest of a paragraph in one sentence."""
    opened: list[int] = []
    pairs: list[tuple[int, int]] = []
    for bracket in _ROUND_BRACKET.finditer(text, start, end):
        if bracket.group() == "(":
            opened.append(bracket.start())
        elif opened:
            pairs.append((opened.pop(), bracket.start()))
    pairs.sort()
    # The brackets still open at the terminator, outermost first: pairs nest, so they form a chain.
    around: list[tuple[int, int]] = []
    following = 0
    for match in _TERMINATOR.finditer(text, start, end):
        stop = match.start()
        while following < len(pairs) and pairs[following][0] < stop:
            around.append(pairs[following])
            following += 1
        around = [pair for pair in around if pair[1] > stop]
        yield match, around[-1] if around else None


def _ends_sentence(text: str, match: re.Match[str], end: int, closes_aside: bool) -> bool:
    """Whether the terminator `match`, followed by whitespace, ends a sentence; `closes_aside`
    when its closers end a bracket opened in mid-sentence."""
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
    if stop != ".":
        # An ellipsis right after "[" or "(" marks words left out of a quotation.
        omission = match.start() > 0 and text[match.start() - 1] in "[("
        return next_word[0].isupper() and not omission
    # A full stop before a closing quote or bracket ends the quoted sentence, not an abbreviation;
    # before the end of an aside it may be either: "(Palmer pen.) Fulham", "(a long fight.) Critics".
    if close and not closes_aside:
        return True
    return _period_ends_sentence(text, match.start(), next_word, word.end(), end, closes_aside)


def _attribution_follows(text: str, start: int, end: int) -> bool:
    """True when "Smith asked" or the like follows a quoted question or exclamation."""
    for token in islice(_TOKEN.finditer(text, start, end), _ATTRIBUTION_WORDS):
        word = token.group()
        if word.strip(".,;:!?" + _OPENERS + _CLOSERS).lower() in _SPEECH_VERBS:
            return True
        if word[-1] in ",.;:!?":
            return False
    return False


def _period_ends_sentence(
    text: str, stop: int, next_word: str, next_end: int, end: int, closes_aside: bool
) -> bool:
    """Whether the full stop at `stop`, before a capitalised or numeric word, ends a sentence;
    `closes_aside` when a bracket opened in mid-sentence closes right after it."""
    begin = _token_start(text, stop)
    token = text[begin:stop].lstrip(_OPENERS).lower()
    if token in _NEVER_FINAL:
        return False
    if token in _BEFORE_NUMBERS:
        return not next_word[0].isdigit()
    if token in _CLOCK_SUFFIXES:
        # "At 5 a.m. Mr. Smith went out": a time that opens a sentence is not all of it.
        lead = _token_before(text, _token_before(text, begin)[0])[1]
        if lead in _FRONTED_TIME:
            return False
        return next_word[0].isupper() and not _tells_the_time(text, next_word, next_end, end)
    if token in _OFTEN_FINAL or _DOTTED.fullmatch(token) or (closes_aside and token in _RESULT_NOTES):
        return next_word in _SENTENCE_OPENERS
    if len(token) == 1 and token.isalpha():
        # "you and I." is the pronoun; an initial follows a name or another initial.
        if token == "i" and _token_before(text, begin)[1][:1].islower():
            return True
        return next_word in _OPENERS_AFTER_INITIALS
    return True


def _tells_the_time(text: str, next_word: str, next_end: int, end: int) -> bool:
    """True when "a.m." goes on with a day, month or zone: "9 a.m. Tuesday", "3 p.m. Kyiv time"."""
    lowered = next_word.lower()
    if lowered in _WEEKDAYS or lowered in _MONTHS or lowered in _TIME_ZONES:
        return True
    after = _WORD.match(text, _skip_space(text, next_end, end), end)
    return after is not None and after.group() == "time"


def _token_start(text: str, end: int) -> int:
    """Where the whitespace-delimited token that ends at `end` begins."""
    begin = end
    # Abbreviations are short, so a bounded look back keeps the scan linear.
    floor = max(0, end - _TOKEN_LOOKBACK)
    while begin > floor and not text[begin - 1].isspace():
        begin -= 1
    return begin


def _token_before(text: str, position: int) -> tuple[int, str]:
    """Where the token before the whitespace that ends at `position` starts, and the token
    without its opening quotes."""
    end = position
    floor = max(0, position - _TOKEN_LOOKBACK)
    while end > floor and text[end - 1].isspace():
        end -= 1
    start = _token_start(text, end)
    return start, text[start:end].lstrip(_OPENERS)


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
