"""A PDF's text layer read as an article: lines, running headers and footers, footnotes, web
links and paragraphs.

pypdf gives runs of text placed on the page; they are read into lines (a footnote's small raised
mark set apart), or, on a scanned page with no text of its own, OCR reads them (see `ocr`); the
lines repeated at the top or foot of most pages dropped, footnotes taken
from the foot of their pages to follow the text, and the lines grouped into paragraphs whose
hard wraps are joined again.
"""

from __future__ import annotations

import io
import math
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from . import ocr
from .details import is_web_address
from .formats import (
    FINAL_PUNCTUATION,
    FOOTNOTE_MARK,
    MARK_PLACE,
    SOFT_HYPHEN,
    Extracted,
    MarkedText,
    Note,
    add_notes,
    extraction_note,
    join_paragraphs,
    link_words,
    web_addresses,
    web_link,
)
from .words import english_words

# Word's bullets in its Symbol and Wingdings fonts reach a PDF's text as private-use
# characters, shown as boxes elsewhere: read as the bullet they draw.
SYMBOL_FONT_BULLETS = str.maketrans(dict.fromkeys("\uf0b7\uf0a7\uf0d8\uf076\uf0fc", "•"))
# A paragraph's wrapped lines sit one line pitch apart; a wider gap starts a new paragraph.
_PARAGRAPH_GAP = 1.4
# Two gaps this close (in points) are the same line pitch.
_SAME_GAP = 0.5
# A line this much shorter than a full line ends its paragraph (or is a heading or byline),
# unless its sentence runs on in lower case on the next line.
_SHORT_LINE = 0.7
_SIZE_CHANGE = 1.0
# Running headers and footers are looked for among this many lines at a page's top and bottom.
_EDGE_LINES = 2
_PAGE_NUMBER = re.compile(
    r"(?:page\s*)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?|[-–—]\s*\d{1,4}\s*[-–—]", re.IGNORECASE
)
_LINE_END_HYPHEN = re.compile(r"([^\W\d_]+)[-\u2010]$")
# A web address at the end of a line (not ended by punctuation), a character an address goes
# on after, and a line that starts with more of an address: a word holding "/", ".", "-",
# "="... (or, after such a character, a digit), not a plain word (see `_address_goes_on`).
_ADDRESS_AT_END = re.compile(r"(?:https?://|www\.)\S*[^\s.,;:!?)\]\"”’']$", re.IGNORECASE)
_ADDRESS_BREAKS_AFTER = "/_=&#~%-\u2010"
# A line that opens with an address starts one of its own: a list of sources, one a line.
_ADDRESS_START = re.compile(r"https?://|www\.", re.IGNORECASE)
_ADDRESS_CHARACTERS = r"[\w.~%/?#&=+:@!$*,;\-]*"
_ADDRESS_GOES_ON = re.compile(rf"{_ADDRESS_CHARACTERS}[/._=?&#%\d\-]{_ADDRESS_CHARACTERS}(?:\s|$)")
_ADDRESS_PART = re.compile(rf"{_ADDRESS_CHARACTERS}[/._=?&#%\-]{_ADDRESS_CHARACTERS}(?:\s|$)")
_FIRST_WORD = re.compile(r"[^\W\d_]+")
# Where a footnote's reference mark stood in a PDF line (its label kept apart).
PDF_MARK = "\ue002"
PDF_MARK_RUN = re.compile(PDF_MARK)
# A reference mark is set smaller than its line's text, and raised above its baseline.
_SUPERSCRIPT_SIZE = 0.85
_SUPERSCRIPT_RISE = 0.2
# A small raised number after these is an exponent ("10⁶", "km²"), not a mark.
_EXPONENT_BASE = re.compile(r"(?:\b10|\d\s?(?:k?m|cm|mm|ft|mi|sq))$")
# Text set this much of its size below a line's baseline starts the next line.
_LINE_DROP = 0.5
# A footnote's label set at the start of its line, not raised, and how far its number may run
# ahead of the last note read (one missed, say).
_NOTE_NUMBER = re.compile(r"(\d{1,3}|[a-z]|[*†‡§¶])\.?\s+", re.IGNORECASE)
_NOTES_SKIPPED = 3
# A page with no text that draws a picture over at least this part of it is a scan, read by OCR.
_SCAN_AREA = 0.5


@dataclass(frozen=True, slots=True)
class PdfLine:
    """One line of a PDF page as pypdf reads it: its text, baseline height and font size.

    A footnote's reference mark (a small raised number or sign) stands in ``text`` as
    `PDF_MARK`, its label in ``marks``; a line that opens with one, as a footnote does, has
    that label as ``note`` instead. ``links`` are the web links on its words (their text and
    address), in order.
    """

    text: str
    y: float
    size: float
    marks: tuple[str, ...] = ()
    note: str = ""
    links: tuple[tuple[str, str], ...] = ()


def pdf_text(raw: bytes) -> Extracted:
    """The text of a PDF, running headers, footers and page numbers dropped, lines rejoined.

    Lines are grouped into paragraphs by the space between them, by a change of font size
    and by short lines (a paragraph's last line, a heading); each paragraph's hard-wrapped
    lines are joined into one, undoing line-end hyphenation (see `join_wrapped_lines`).
    """
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(raw))
    # Most encrypted PDFs only restrict printing or copying and open with an empty password.
    if reader.is_encrypted and reader.decrypt("") == pypdf.PasswordType.NOT_DECRYPTED:
        raise ValueError("it is protected by a password")
    pages, scanned = _scanned_lines(raw, [page_lines(page) for page in reader.pages], reader.pages)
    pages = _open_notes(pages)
    pages, dropped = drop_page_furniture(pages)
    pages, footnotes = _take_pdf_footnotes(pages)
    context = "\n".join(line.text for page in pages for line in page)
    paragraphs = [join_wrapped_lines(lines, context) for lines in _pdf_paragraphs(pages)]
    marks = iter(_pdf_marks(pages, footnotes))
    anchored: list[tuple[str, str]] = []
    cited: dict[int, None] = {}
    notes = list(footnotes.values())
    marked = MarkedText(anchored, notes, cited)
    paragraphs = [
        marked.text(PDF_MARK_RUN.sub(lambda _: next(marks), paragraph))
        for paragraph in paragraphs
    ]
    about = scanned + extraction_note(dropped, "running header, footer or page-number line", "dropped")
    in_notes: list[tuple[str, str]] = []
    about += add_notes(paragraphs, [notes[number] for number in cited], in_notes)
    text = join_paragraphs(paragraphs)
    linked = [link for page in pages for line in page for link in line.links]
    return Extracted(text, about, tuple(_in_text_order(text, linked, anchored, in_notes)), _page_starts(pages, footnotes, cited, len(text)))


def _page_starts(
    pages: Sequence[Sequence[PdfLine]], footnotes: Mapping[tuple[int, str], Note], cited: Iterable[int], text_length: int
) -> tuple[tuple[str, int, int, str], ...]:
    """Where each page's text begins, as `Extracted.pages` gives it: with its first line's
    words, about as far into the text as the lines before it run. A footnote, read after the
    text, begins on its own page, about as far from the text's end as the notes after it run."""
    starts, before = [], 0
    for number, lines in enumerate(pages):
        if lines:
            starts.append((_first_words(lines[0].text), number + 1, before, ""))
        before += sum(len(line.text) + 1 for line in lines)
    notes = list(footnotes.items())
    from_the_end, after = [], text_length
    for (page, _), note in reversed([notes[number] for number in cited]):
        after -= sum(len(paragraph) + 2 for paragraph in note.paragraphs)
        from_the_end.append((_first_words(note.paragraphs[0]), page + 1, after, ""))
    return (*starts, *reversed(from_the_end))


def _first_words(line: str) -> str:
    """The words a line's text is found by once its paragraph is joined: those before a
    footnote's mark, less the last (a word a hyphen split, joined again with the next line's)."""
    words = line.split(PDF_MARK)[0].replace(SOFT_HYPHEN, "").split()
    return " ".join(words[:-1] if len(words) > 1 else words)


def _scanned_lines(raw: bytes, pages: list[list[PdfLine]], pdf_pages: Sequence) -> tuple[list[list[PdfLine]], tuple[str, ...]]:
    """The pages' lines with those of its scans read by OCR, and a note saying which were."""
    scans = [number for number, (lines, page) in enumerate(zip(pages, pdf_pages)) if not lines and _is_a_scan(page)]
    if not scans:
        return pages, ()
    read = ocr.scanned_pages(raw, {number: max(float(pdf_pages[number].cropbox.width), float(pdf_pages[number].cropbox.height)) for number in scans})
    pages = [[PdfLine(line.text, line.y, line.size) for line in read[number]] if number in read else lines for number, lines in enumerate(pages)]
    if len(scans) == len(pages):
        which = "its page" if len(pages) == 1 else f"its {len(pages)} pages"
    else:
        which = f"{_page_list([number + 1 for number in scans])} of its {len(pages)}"
    return pages, (f"{which} read by OCR (Tesseract, {ocr.languages()}), scanned with no text to extract: check names and figures against the scan",)


def _is_a_scan(page) -> bool:
    """Whether a page with no text draws a picture over at least half of it, as a scanner's page
    does (a picture beside the text, a logo, is no scan)."""
    page_area = float(page.cropbox.width) * float(page.cropbox.height)
    drawn: list[float] = []

    def visit(operator: bytes, operands: list, cm: list[float], tm: list[float]) -> None:
        # A picture (or a drawing kept apart, as text turned into outlines is) fills the unit
        # square that the current transformation matrix places on the page.
        if operator == b"Do":
            drawn.append(abs(cm[0] * cm[3] - cm[1] * cm[2]))

    page.extract_text(visitor_operand_before=visit)
    return max(drawn, default=0.0) >= _SCAN_AREA * page_area


def _page_list(numbers: Sequence[int]) -> str:
    """Page numbers in words, runs of three or more as ranges: "page 3", "pages 1 to 4, 7 and 8"."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    said = [part for run in runs for part in ([f"{run[0]} to {run[-1]}"] if len(run) > 2 else map(str, run))]
    listed = said[0] if len(said) == 1 else f"{', '.join(said[:-1])} and {said[-1]}"
    return f"{'page' if len(numbers) == 1 else 'pages'} {listed}"


def _in_text_order(text: str, *lists: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """Links from several lists, each in the order of ``text``, as one list in that order;
    a link whose words are not found after the one before it in its list is left out."""
    found = []
    for rank, links in enumerate(lists):
        position = 0
        for words, address in links:
            match = link_words(words).search(text, position)
            if match:
                found.append((match.start(), rank, words, address))
                position = match.end()
    return [(words, address) for _, _, words, address in sorted(found)]


def _pdf_marks(pages: Sequence[Sequence[PdfLine]], footnotes: Mapping[tuple[int, str], Note]) -> list[str]:
    """What stands for each mark in the text, in reading order: the placeholder of its
    note, on its page or a later one (an endnote), or, where it has none or goes back in the
    notes' order (a "²" after footnote 3), the superscript as it was read ("mc²")."""
    numbers = {key: number for number, key in enumerate(footnotes)}
    shown: list[str] = []
    last = 0
    for at, lines in enumerate(pages):
        for label in (label for line in lines for label in line.marks):
            note = next((numbers[page, label] for page in range(at, len(pages)) if (page, label) in numbers), None)
            in_order = not label.isdigit() or int(label) > last or label == "1"
            if note is None or not in_order:
                shown.append(label)
            else:
                shown.append(MARK_PLACE.format(note))
                last = int(label) if label.isdigit() else last
    return shown


def page_lines(page) -> list[PdfLine]:
    """The page's lines in pypdf's reading order, each placed by its first piece of text that
    is no footnote mark."""
    lines: list[PdfLine] = []
    runs: list[_Run] = []
    areas = _link_areas(page)

    def end_line() -> None:
        line = _pdf_line(runs)
        if line is not None:
            lines.append(line)
        runs.clear()

    def visit(text: str, cm: list[float], tm: list[float], font: object, font_size: float) -> None:
        for number, piece in enumerate(text.split("\n")):
            # The text matrix times the current transformation matrix places the text.
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            height = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            size = font_size * math.hypot(tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3])
            # pypdf may run the lines of small print (footnotes) together: text set well below
            # the line's baseline starts the next line.
            if number or (piece.strip() and any(run.text.strip() for run in runs) and height < _baseline(runs) - _LINE_DROP * size):
                end_line()
            address = next((uri for x0, y0, x1, y1, uri in areas if x0 - 1 <= x < x1 and y0 - 1 <= height <= y1 + 1), None)
            # The character that stands for a mark, in the PDF's own text, is a glyph no font shows.
            runs.append(_Run(piece.replace(PDF_MARK, "\ufffd"), height, size, address))

    page.extract_text(visitor_text=visit)
    end_line()
    return lines


@dataclass(frozen=True, slots=True)
class _Run:
    """A piece of a PDF line's text as pypdf gives it: its baseline height, font size, and the
    address of the web link it starts in, if any."""

    text: str
    height: float
    size: float
    address: str | None = None


def _link_areas(page) -> list[tuple[float, float, float, float, str]]:
    """Where on the page each web link is, and its address."""
    areas = []
    for annotation in page.get("/Annots") or ():
        annotation = annotation.get_object()
        action = annotation.get("/A")
        uri = action.get_object().get("/URI") if action is not None else None
        if annotation.get("/Subtype") == "/Link" and isinstance(uri, str) and is_web_address(uri):
            x0, y0, x1, y1 = (float(value) for value in annotation["/Rect"])
            areas.append((min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1), uri))
    return areas


def _baseline(runs: Sequence[_Run]) -> float:
    """The baseline of a line's runs of text: that of its text at full size, not its marks."""
    kept = [run for run in runs if run.text.strip()]
    size = max(run.size for run in kept)
    return min(run.height for run in kept if run.size > _SUPERSCRIPT_SIZE * size)


def _pdf_line(runs: Sequence[_Run]) -> PdfLine | None:
    """A line out of its runs of text, footnote marks set apart; None for a line of no text."""
    kept = [run for run in runs if run.text.strip()]
    if not kept:
        return None
    size = max(run.size for run in kept)
    baseline = _baseline(kept)
    parts: list[str] = []
    marks: list[str] = []
    linked: list[tuple[str, str]] = []  # each link's text so far and its address
    note = ""
    for run in runs:
        label = run.text.strip()
        if (
            label
            and FOOTNOTE_MARK.fullmatch(label)
            and run.size <= _SUPERSCRIPT_SIZE * size
            and run.height >= baseline + _SUPERSCRIPT_RISE * run.size
            and not _EXPONENT_BASE.search("".join(parts))
        ):
            if "".join(parts).strip():
                parts.append(PDF_MARK)
                marks.append(label)
            else:
                note = label
            continue
        parts.append(run.text)
        if run.address and linked and linked[-1][1] == run.address:
            linked[-1] = (linked[-1][0] + run.text, run.address)
        elif run.address:
            linked.append((run.text, run.address))
    text = " ".join("".join(parts).translate(SYMBOL_FONT_BULLETS).split())
    if not text:
        return None
    links: list[tuple[str, str]] = []
    for words, address in linked:
        web_link(words, address, links)
    y = next(run.height for run in kept if run.size > _SUPERSCRIPT_SIZE * size)
    return PdfLine(text, y, size, tuple(marks), note, tuple(links))


def _body_size(pages: Sequence[Sequence[PdfLine]]) -> int | None:
    """The font size most lines are set in, rounded; None for no lines."""
    sizes = Counter(round(line.size) for page in pages for line in page)
    return sizes.most_common(1)[0][0] if sizes else None


def _open_notes(pages: Sequence[Sequence[PdfLine]]) -> list[list[PdfLine]]:
    """The pages with each line that opens a footnote labelled as one (``note``, its label out
    of its text), and every other line that opens with a mark given it back as its first mark
    (the line above's, wrapped).

    A footnote opens a line set smaller than the body text with its mark, raised or not ("1
    Nordbane, Annual report 2025, p. 14."). Not raised, its label must be a mark's in the text
    above and, a number, come next in the notes' order (or be a new page's 1): a note's own
    line may open with a number ("18 of the agreement…")."""
    body_size = _body_size(pages)
    marked: set[str] = set()
    last = 0  # the number of the note opened last
    opened: list[list[PdfLine]] = []
    for page in pages:
        lines: list[PdfLine] = []
        for line in page:
            marks = line.marks
            if round(line.size) < body_size:
                plain = None if line.note else _NOTE_NUMBER.match(line.text)
                label = line.note or (plain[1] if plain and plain[1] in marked else "")
                in_order = not plain or not label.isdigit() or label == "1" or last < int(label) <= last + _NOTES_SKIPPED
                if label and in_order:
                    last = int(label) if label.isdigit() else last
                    line = replace(line, text=line.text[plain.end() :], note=label) if plain else line
            if line.note and round(line.size) >= body_size:
                line = replace(line, text=PDF_MARK + line.text, marks=(line.note, *line.marks), note="")
            marked.update(marks)
            lines.append(line)
        opened.append(lines)
    return opened


def _take_pdf_footnotes(
    pages: Sequence[Sequence[PdfLine]],
) -> tuple[list[list[PdfLine]], dict[tuple[int, str], Note]]:
    """The pages without their footnotes, and the footnotes by page and label: each runs
    from the line it opens on (see `_open_notes`) over the smaller lines below it. A page's
    last note cut off in mid-sentence runs on in the smaller lines that open the next page's
    notes, below its text and above its own first note."""
    body_size = _body_size(pages)
    kept_pages: list[list[PdfLine]] = []
    footnotes: dict[tuple[int, str], list[PdfLine]] = {}
    running: list[PdfLine] | None = None  # the page before's last note, cut off
    for number, page in enumerate(pages):
        kept: list[PdfLine] = []
        note: list[PdfLine] | None = None
        text_ends = max((place for place, line in enumerate(page) if round(line.size) >= body_size), default=-1)
        for place, line in enumerate(page):
            if line.note:
                note = footnotes.setdefault((number, line.note), [])
            elif round(line.size) >= body_size:
                note = None
            elif note is None and running is not None and place > text_ends:
                note = running
            if note is not None:
                note.append(replace(line, text=line.text.replace(PDF_MARK, "")))
            else:
                kept.append(line)
        kept_pages.append(kept)
        running = note if note and not note[-1].text.endswith(FINAL_PUNCTUATION) else None
    notes = {}
    for key, lines in footnotes.items():
        text = join_wrapped_lines([line.text for line in lines])
        links = tuple(link for line in lines for link in line.links)
        notes[key] = Note((text,), links, web_addresses(links, text))
    return kept_pages, notes


def drop_page_furniture(pages: Sequence[Sequence[PdfLine]]) -> tuple[list[list[PdfLine]], int]:
    """Drop page numbers and the lines repeated at the top of most pages, or at the bottom,
    but not a line that opens a footnote ("9 Ibid., p. 4." on every page; see `_open_notes`).

    Digits, spaces and marks are ignored when lines are compared, so "Page 2 of 5" repeats
    "Page 1 of 5"; a line at the top of one page and one at the foot of another repeat
    nothing (in a two-page article, the top line of a column and a line at the foot of the
    next page may differ only in their figures).
    Returns the pages left and how many lines went.
    """
    edges = [_edge_lines(page) for page in pages]
    seen = Counter(key for page_edges in edges for key in set(page_edges.values()))
    most = max(2, math.ceil(len(pages) / 2))
    kept_pages, dropped = [], 0
    for page, page_edges in zip(pages, edges):
        kept = [
            line
            for line in page
            if line.note
            or not (line in page_edges and (seen[page_edges[line]] >= most or _PAGE_NUMBER.fullmatch(line.text)))
        ]
        dropped += len(page) - len(kept)
        kept_pages.append(kept)
    return kept_pages, dropped


def _edge_lines(page: Sequence[PdfLine]) -> dict[PdfLine, tuple[str, str]]:
    """The lines at a page's top and foot where running lines are looked for, each with the
    edge it is at and what it says (``_furniture_key``)."""
    by_height = sorted(page, key=lambda line: -line.y)
    top, foot = by_height[:_EDGE_LINES], by_height[_EDGE_LINES:][-_EDGE_LINES:]
    return {line: (edge, _furniture_key(line)) for edge, lines in (("top", top), ("foot", foot)) for line in lines}


def _furniture_key(line: PdfLine) -> str:
    """What a line says, whatever its page number, spaces and marks: OCR reads the same header
    on two scanned pages as "news_airline_ outage" and "news_airline outage"."""
    return re.sub(r"\d+", "#", re.sub(r"[\W_]+", "", line.text.casefold()))


def _pdf_paragraphs(pages: Sequence[Sequence[PdfLine]]) -> list[list[str]]:
    """Group the lines of all pages into paragraphs; a paragraph may run across a page."""
    lines = [(number, line) for number, page in enumerate(pages) for line in page]
    if not lines:
        return []
    body_size = _body_size(pages)
    lengths = [len(line.text) for _, line in lines if round(line.size) == body_size]
    full = statistics.quantiles(lengths, n=10)[-1] if len(lengths) > 1 else lengths[0]
    gaps = [
        above.y - below.y
        for (page_a, above), (page_b, below) in pairwise(lines)
        if page_a == page_b and round(above.size) == round(below.size) == body_size and above.y > below.y
    ]
    pitch = _line_pitch(gaps, body_size)
    paragraphs = [[lines[0][1].text]]
    for (page_a, above), (page_b, below) in pairwise(lines):
        new = _short_line(above, below, full) or abs(above.size - below.size) > _SIZE_CHANGE
        if page_a != page_b or above.y < below.y:
            # No gap to measure across a page break, or a column break (the next column
            # starts higher up the page): a sentence that ends there is taken to end its
            # paragraph, and one that does not runs on to the next page or column.
            new = new or above.text.endswith(FINAL_PUNCTUATION)
        else:
            new = new or not 0 < above.y - below.y <= _PARAGRAPH_GAP * pitch
        if new:
            paragraphs.append([])
        paragraphs[-1].append(below.text)
    return paragraphs


def _line_pitch(gaps: Sequence[float], body_size: int | None) -> float:
    """How far apart a paragraph's wrapped lines sit: the smallest gap between body lines
    that recurs, where that is under the median gap (a release of short paragraphs has more
    gaps between paragraphs than within them). Gaps under the type's size are lines set
    beside each other, not below."""
    if not gaps:
        return math.inf
    wrapped = sorted(gap for gap in gaps if gap >= (body_size or 0))
    recurring = next((gap for gap, after in pairwise(wrapped) if after - gap <= _SAME_GAP), math.inf)
    return min(statistics.median(gaps), recurring)


def _short_line(above: PdfLine, below: PdfLine, full: float) -> bool:
    """Whether ``above`` is shorter than ``_SHORT_LINE`` of a ``full`` line (in characters) and
    ends its paragraph there. It does not when its sentence runs on in lower case below: a long
    word cuts a line short in a narrow column ("the council's transport" over "department."),
    and a headline wraps."""
    runs_on = not above.text.endswith(FINAL_PUNCTUATION) and below.text[:1].islower()
    return len(above.text) < _SHORT_LINE * full and not runs_on


def join_wrapped_lines(lines: Sequence[str], context: str = "") -> str:
    """Join a paragraph's hard-wrapped lines into one line, undoing line-end hyphenation.

    A line that ends in a hyphen after lower-case letters, followed by a line that starts in
    lower case, ends with part of a hyphenated word: "integra-" + "tion" is "integration",
    unless `context` (the whole text) spells the hyphenated form elsewhere, or, where it
    spells neither form, the two parts are English words that make none together:
    "four-hour", "long-term". Any other line-end hyphen is a real one and stays: "ex-" +
    "Soviet" is "ex-Soviet". A soft hyphen at a line's end always marks a split word. A web
    address broken across lines goes on with no space (`_address_goes_on`). Other lines are
    joined with a space.
    """
    joined = previous = ""
    for line in filter(None, (line.strip() for line in lines)):
        if not joined:
            joined = line
        elif _address_goes_on(joined, previous, line):
            joined += line
        elif _splits_word(joined, line, context):
            joined = joined[:-1] + line
        elif _LINE_END_HYPHEN.search(joined):
            joined += line
        else:
            joined += " " + line
        previous = line
    return joined


def _address_goes_on(joined: str, previous: str, line: str) -> bool:
    """Whether ``line`` goes on with the web address that ``joined`` ends in, which a narrow
    column broke: after "/", "-" or the like ("https://council.example/" + "transport/survey"),
    or anywhere when the address alone filled the line above, ``previous`` (".../surveys/tr" +
    "affic-2025"). Either way ``line`` must start with more of an address, not a plain word,
    a number or an address of its own: an address that ends a line is as often followed by one."""
    if _ADDRESS_AT_END.search(joined) is None or _ADDRESS_START.match(line):
        return False
    if joined[-1] in _ADDRESS_BREAKS_AFTER:
        return bool(_ADDRESS_GOES_ON.match(line))
    return " " not in previous and bool(_ADDRESS_PART.match(line))


def _splits_word(before: str, after: str, context: str) -> bool:
    """Whether the hyphen that ends `before` only splits a word across the line break."""
    if before.endswith(SOFT_HYPHEN):
        return True
    hyphen = _LINE_END_HYPHEN.search(before)
    word = _FIRST_WORD.match(after)
    if hyphen is None or word is None or not after[0].islower():
        return False
    before_word, after_word = hyphen[1], word[0]
    joined = before_word + after_word
    if not before_word.islower():
        # "Wed-nesday" against "Covid-related": a capital word is joined only where the text
        # spells it whole elsewhere.
        return joined in context
    if f"{before_word}-{after_word}" in context:
        return False
    if joined in context:
        return True
    # Word and LibreOffice hyphenate no words unless told to, so a line may well end at the
    # hyphen of "four-hour" or "long-term": two words that make no word together stay apart.
    words = english_words()
    return joined.lower() in words or not (before_word in words and after_word.lower() in words)
