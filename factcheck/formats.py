"""Article text out of Markdown, HTML, Word and OpenDocument files: paragraphs apart by blank lines.

Each extractor returns the text and notes on what it left out (tables, footnotes read after the
text). The text keeps the layout the splitter reads: one paragraph per block, blank lines between
paragraphs, headings as paragraphs of their own. Headings, bylines and datelines are kept,
so the splitter can label them, except in HTML, where trafilatura keeps only the article.
A PDF's text layer, which has no blocks to read, is laid out by `factcheck.pdf` with the
helpers here.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from .citations import SOURCES_HEADING
from .details import find_urls, is_web_address

SOFT_HYPHEN = "\u00ad"

# pypdf and trafilatura log what they make of damaged input; without a handler of their own
# Python would print that to stderr beside the one-line error the user is given.
for _library in ("pypdf", "trafilatura"):
    logging.getLogger(_library).addHandler(logging.NullHandler())


# What ends a sentence, or a line that is no hard wrap of one.
FINAL_PUNCTUATION = tuple(".!?:;…\"”’)")


@dataclass(frozen=True, slots=True)
class Extracted:
    """Text taken out of a formatted file, and what was left out, for the About sheet.

    ``links`` are the web links the text shows only as words: each one's text and address,
    in reading order (relative links, with no page address to resolve them by, are left out).
    ``pages``, for a document printed on pages (a PDF), are the words each page's text begins
    with, the page's number (from 1), about where in ``text`` it begins (the words may be
    found more than once) and the attached file it is in ("" for the document's own text), in
    the order of the text. An e-mail with files read after it has one for its own text and
    one for each file's, on page 0 (no page), before the file's pages. ``published`` is the
    day the article was published, where the file says: a web page's metadata, the Date of the
    e-mail whose text it is.
    """

    text: str
    notes: tuple[str, ...] = ()
    links: tuple[tuple[str, str], ...] = ()
    pages: tuple[tuple[str, int, int, str], ...] = ()
    published: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Note:
    """A footnote's (or endnote's) paragraphs, the links in them, and every web address it holds."""

    paragraphs: tuple[str, ...]
    links: tuple[tuple[str, str], ...]
    addresses: tuple[str, ...]


def web_link(text: str, address: str | None, links: list[tuple[str, str]]) -> None:
    """Keep the link when its address is a web address and its text is words, not the address."""
    address, text = (address or "").strip(), " ".join(text.split())
    if is_web_address(address) and text and address not in text:
        links.append((text, address))


def links_before(text_before: str, addresses: Iterable[str], links: list[tuple[str, str]]) -> None:
    """Web addresses given after some words (a footnote's, at its mark; a plain-text e-mail's,
    "annual report <https://…>") as links on the last words before them: enough words to find
    them again in the text, few enough to stay inside the sentence."""
    anchor = " ".join(text_before.split()[-_ANCHOR_WORDS:])
    for address in addresses:
        web_link(anchor, address, links)


def web_addresses(links: Iterable[tuple[str, str]], text: str) -> tuple[str, ...]:
    """The web addresses of ``links`` and those written out in ``text``, each once."""
    found = [address for _, address in links] + find_urls(text)
    return tuple(dict.fromkeys(address for address in found if is_web_address(address)))


NOTES_HEADING = "Notes"


def add_notes(paragraphs: list[str], notes: Sequence[Note], links: list[tuple[str, str]]) -> tuple[str, ...]:
    """Footnotes after the text, under a heading "Notes" unless the text ends under one such
    as "References" already, so that the splitter reads them as notes, and their links after
    the text's in ``links``; the About sheet's note on them."""
    if not notes:
        return ()
    if not paragraphs or not SOURCES_HEADING.fullmatch(paragraphs[-1].strip()):
        paragraphs.append(NOTES_HEADING)
    for note in notes:
        paragraphs.extend(note.paragraphs)
        links.extend(note.links)
    return extraction_note(len(notes), "footnote", "read after the text")


def join_paragraphs(paragraphs: Iterable[str]) -> str:
    """One block per paragraph, blank lines between; soft hyphens go, as they are invisible."""
    kept = [p.replace(SOFT_HYPHEN, "").strip() for p in paragraphs]
    text = "\n\n".join(p for p in kept if p)
    return text + "\n" if text else ""


def extraction_note(number: int, thing: str, done: str) -> tuple[str, ...]:
    """A note like "2 tables skipped", or none when nothing was."""
    if not number:
        return ()
    return (f"{number} {thing}{'' if number == 1 else 's'} {done}",)


# An address given after some words (a footnote's mark) is placed on this many words before it.
_ANCHOR_WORDS = 3


# --- Markdown ---------------------------------------------------------------------------


def markdown_text(source: str) -> Extracted:
    """Markdown without its markup, read from markdown-it's token stream.

    Every heading, paragraph and list item becomes a paragraph of its own; emphasis and
    link markup go, keeping their text; images go. Code blocks are kept as text, since in
    an article they hold quoted material more often than program code. Tables and raw HTML
    blocks are skipped and counted. Front matter (a static site's metadata between ``---``
    lines) is skipped, its title kept as the headline where the text does not open with it.
    Footnotes follow the text, their markers gone; a web address in a footnote is a link on
    the words before its marker, so it is a source of that sentence.
    """
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    def parse(*plugins) -> list:
        parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
        for plugin in plugins:
            parser.use(plugin)
        return parser.parse(source)

    tokens = parse(front_matter_plugin, footnote_plugin)
    front_matter = tokens[0].content if tokens and tokens[0].type == "front_matter" else None
    fields = _front_matter_fields(front_matter) if front_matter is not None else None
    if front_matter is not None and fields is None:  # text between two rules, no metadata: read it all
        tokens = parse(footnote_plugin)
    addresses = _footnote_addresses(tokens)
    paragraphs: list[str] = []
    footnotes: list[list[str]] = []
    in_footnote = False
    links: list[tuple[str, str]] = []
    tables = html_blocks = 0
    in_table = False
    title = fields.get("title") if fields else None
    title = " ".join(title.split()) if isinstance(title, str) and title.strip() else None
    for token in tokens:
        if token.type == "table_open":
            in_table, tables = True, tables + 1
        elif token.type == "table_close":
            in_table = False
        elif in_table:
            continue
        elif token.type in ("footnote_open", "footnote_close"):
            in_footnote = token.type == "footnote_open"
            footnotes += [[]] if in_footnote else []
        elif token.type == "inline":
            (footnotes[-1] if in_footnote else paragraphs).append(_markdown_inline(token.children or [], links, addresses))
        elif token.type in ("fence", "code_block"):
            paragraphs.append(token.content)
        elif token.type == "html_block":
            html_blocks += 1
    opening = " ".join(paragraphs[0].split()) if paragraphs else ""
    if title and title.casefold() != opening.casefold():
        paragraphs.insert(0, title)
    # The footnotes' links were read with the rest, in the token stream's order.
    notes = (
        ((f"front matter skipped{' (its title kept)' if title else ''}",) if fields is not None else ())
        + extraction_note(tables, "table", "skipped")
        + extraction_note(html_blocks, "HTML block", "skipped")
        + add_notes(paragraphs, [Note(tuple(note), (), ()) for note in footnotes], links)
    )
    return Extracted(join_paragraphs(paragraphs), notes, tuple(links))


def _front_matter_fields(front_matter: str) -> dict | None:
    """The fields of YAML front matter, or None when it is no mapping (an article may open
    with a horizontal rule and close a passage with another)."""
    import yaml

    try:
        fields = yaml.safe_load(front_matter)
    except yaml.YAMLError:
        return None
    return fields if isinstance(fields, dict) else None


def _footnote_addresses(tokens: Sequence) -> dict[int, list[str]]:
    """The web addresses each footnote holds, in links or written out, by footnote id."""
    addresses: dict[int, list[str]] = {}
    footnote = None
    for token in tokens:
        if token.type == "footnote_open":
            footnote = addresses.setdefault(token.meta["id"], [])
        elif token.type == "footnote_close":
            footnote = None
        elif token.type == "inline" and footnote is not None:
            for child in token.children or []:
                found = [child.attrGet("href") or ""] if child.type == "link_open" else find_urls(child.content)
                footnote.extend(a for a in found if is_web_address(a) and a not in footnote)
    return addresses


def _markdown_inline(
    children: Sequence, links: list[tuple[str, str]], footnote_addresses: Mapping[int, Sequence[str]]
) -> str:
    """The text of an inline run: markup tokens, images, inline HTML tags and footnote
    markers drop out; each link's text and address go to ``links``, and so does each address
    of a footnote, on the words before its marker."""
    parts = []
    opened: list[tuple[int, str | None]] = []  # where each open link's text starts, its address
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "footnote_ref":
            links_before("".join(parts), footnote_addresses.get(child.meta["id"], ()), links)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "link_open":
            opened.append((len(parts), child.attrGet("href")))
        elif child.type == "link_close" and opened:
            start, address = opened.pop()
            web_link("".join(parts[start:]), address, links)
    return "".join(parts)


# --- HTML -------------------------------------------------------------------------------

# trafilatura's XML: elements that hold blocks rather than running text.
_HTML_BLOCKS = frozenset({"body", "main", "div", "head", "p", "list", "item", "quote", "code", "table"})


def html_text(source: str) -> Extracted:
    """The main article of a web page, by trafilatura: no menus, banners, share or related links.

    Nothing is fetched. Tables in the article are skipped and counted (trafilatura keeps them
    only so they can be counted; a sidebar's are dropped with the sidebar). The headline from
    the page's metadata opens the text when the article body has text that does not hold it.
    Footnotes follow the text, their reference marks gone from it ("last year<sup>1</sup>"
    would read "last year1"); a web address in one is a link on the words before its mark.
    """
    import trafilatura

    tree = trafilatura.load_html(source)
    if tree is None:
        return Extracted("")
    published = _published(tree)
    footnotes = _take_footnotes(tree)
    result = trafilatura.bare_extraction(
        tree,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=True,
        include_formatting=False,
        favor_precision=True,
        with_metadata=True,
    )
    if result is None or result.body is None:
        return Extracted("")
    links: list[tuple[str, str]] = []
    cited: dict[int, None] = {}
    paragraphs = list(_html_blocks(result.body, MarkedText(links, footnotes, cited)))
    notes = extraction_note(len(result.body.xpath(".//table[not(ancestor::table)]")), "table", "skipped")
    title = " ".join((result.title or "").split())
    body = " ".join(" ".join(paragraphs).split()).casefold()
    # A headline alone is no article: a page of only a table is refused, as a Word file is.
    if title and body and title.casefold() not in body:
        notes = ("headline taken from the page's metadata", *notes)
        paragraphs = [title, *paragraphs]
    notes += add_notes(paragraphs, [footnotes[number] for number in cited], links)
    return Extracted(join_paragraphs(paragraphs), notes, tuple(links), published=published)


def _published(tree) -> dt.date | None:
    """The day a web page says it was published, in its metadata (``article:published_time``,
    schema.org's ``datePublished``, a dated address), by htmldate; not a date in its text,
    which may be any date the article names."""
    import htmldate

    # htmldate prunes a copy of a tree it is given, so trafilatura still reads the whole page.
    found = htmldate.find_date(tree, extensive_search=False, original_date=True)
    return dt.date.fromisoformat(found) if found else None


# A footnote's reference mark: a link to somewhere on the page, shown as a short number, letter
# or sign; set as a superscript, in brackets, or named as a note by its address or class.
FOOTNOTE_MARK = re.compile(r"\[?(?:\d{1,3}|[a-z]|[*†‡§¶])\]?", re.IGNORECASE)
_NAMED_AS_NOTE = re.compile(r"foot|fn|note|ref|cite", re.IGNORECASE)
_LETTER = re.compile(r"[^\W\d_]")
# What a mark may point to and still be its note (not a section, a heading, the page).
_NOT_A_NOTE = frozenset({"html", "body", "main", "article", "section", "header", "nav", "table", "h1", "h2", "h3", "h4", "h5", "h6"})
# Where a mark stood, carried through trafilatura: private-use characters, which no page shows.
MARK_PLACE = "\ue000{}\ue001"
_MARK_PLACED = re.compile("\ue000(\\d+)\ue001")


def _take_footnotes(tree) -> list[Note]:
    """A page's footnotes, taken out of it: each reference mark gives way to a placeholder
    numbering its note, and each note leaves the page; the notes are returned by number."""
    order = {element: position for position, element in enumerate(tree.iter())}
    targets: dict[str, object] = {}
    for element in order:
        for key in (element.get("id"), element.get("name") if element.tag == "a" else None):
            if key:
                targets.setdefault(key, element)
    numbers: dict[object, int] = {}
    footnotes: list[Note] = []
    for mark in [element for element in order if element.tag == "a"]:
        note, outer = _footnote_of(mark, targets, order)
        if note is None or any(ancestor in numbers for ancestor in mark.iterancestors()):
            continue  # no mark, or a note's link back to its mark
        if note not in numbers:
            numbers[note] = len(footnotes)
            footnotes.append(_read_footnote(note))
        outer.tail = MARK_PLACE.format(numbers[note]) + (outer.tail or "")
        outer.drop_tree()
    for note in numbers:
        note.drop_tree()
    return footnotes


def _footnote_of(mark, targets: Mapping, order: Mapping):
    """The note a link is the reference mark of, and the element the mark is (the link, or
    the superscript holding only it); (None, None) for any other link."""
    address = (mark.get("href") or "").strip()
    shown = mark.text_content().strip()
    if not address.startswith("#") or not FOOTNOTE_MARK.fullmatch(shown):
        return None, None
    parent = mark.getparent()
    outer = parent if parent is not None and parent.tag == "sup" and parent.text_content().strip() == shown else mark
    named = " ".join(filter(None, (address, mark.get("class"), mark.get("id"), outer.get("class"))))
    if outer.tag != "sup" and not shown.startswith("[") and not _NAMED_AS_NOTE.search(named):
        return None, None
    note = targets.get(address[1:])
    # A note's own number is a link back to the mark: the note is what holds it.
    if note is not None and not _LETTER.search(_note_text(note, [])):
        note = note.getparent()
    # A note is named as one ("#fn1", "#cite_note-3", "#footnote-4") or is a list's item: a
    # superscript link to the next paragraph takes nothing out of the story.
    if note is None or note.tag in _NOT_A_NOTE or order[note] < order[mark]:
        return None, None
    if not (_NAMED_AS_NOTE.search(address) or note.tag == "li"):
        return None, None
    return note, outer


def _read_footnote(note) -> Note:
    links: list[tuple[str, str]] = []
    # Wikipedia sets a caret before a note's links back to its marks.
    text = " ".join(_note_text(note, links).split()).lstrip("^↑ ")
    return Note((text,), tuple(links), web_addresses(links, text))


def _note_text(element, links: list[tuple[str, str]]) -> str:
    """A note's text without its links back to its marks (shown as arrows, numbers or
    letters: "↩", "1", "a b"); its web links go to ``links``."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag not in ("script", "style"):
            shown = child.text_content().strip()
            back = (child.get("href") or "").startswith("#") and (not _LETTER.search(shown) or FOOTNOTE_MARK.fullmatch(shown))
            if not (child.tag == "a" and back):
                parts.append(f" {_note_text(child, links)} " if child.tag in ("p", "div", "br", "li") else _note_text(child, links))
        parts.append(child.tail or "")
    text = "".join(parts)
    if element.tag == "a":
        web_link(text, element.get("href"), links)
    return text


class MarkedText:
    """Reads runs of text into paragraphs, where each footnote's mark, carried through as a
    placeholder (`MARK_PLACE`), becomes its note's links on the words before it."""

    def __init__(self, links: list[tuple[str, str]], footnotes: Sequence[Note], cited: dict[int, None]) -> None:
        self.links, self.footnotes, self.cited = links, footnotes, cited

    def paragraph(self, element) -> str:
        """An element's running text; the text and address of each link (trafilatura's
        ``ref``) go to ``links``."""
        parts: list[str] = []
        self._read(element, parts)
        return "".join(parts)

    def text(self, text: str) -> str:
        """``text`` without its marks."""
        parts: list[str] = []
        self._add(text, parts)
        return "".join(parts)

    def _read(self, element, parts: list[str]) -> None:
        start = len(parts)
        self._add(element.text or "", parts)
        for child in element:
            if child.tag == "lb":
                parts.append("\n")
            else:
                self._read(child, parts)
            self._add(child.tail or "", parts)
        if element.tag == "ref":
            web_link("".join(parts[start:]), element.get("target"), self.links)

    def _add(self, text: str, parts: list[str]) -> None:
        position = 0
        for mark in _MARK_PLACED.finditer(text):
            number = int(mark[1])
            if number >= len(self.footnotes):
                continue  # the same characters in the page itself
            parts.append(text[position : mark.start()])
            links_before("".join(parts), self.footnotes[number].addresses, self.links)
            self.cited.setdefault(number)
            position = mark.end()
        parts.append(text[position:])


def _html_blocks(element, text: MarkedText) -> Iterator[str]:
    """Each block of trafilatura's XML tree as one paragraph; line breaks stay newlines.
    Tables are left out, as their cells are rarely sentences."""
    if element.tag == "table":
        return
    if not any(child.tag in _HTML_BLOCKS for child in element):
        yield text.paragraph(element)
        return
    if element.text and element.text.strip():
        yield text.text(element.text)
    for child in element:
        yield from _html_blocks(child, text)
        if child.tail and child.tail.strip():
            yield text.text(child.tail)


# --- Word -------------------------------------------------------------------------------


def docx_text(raw: bytes) -> Extracted:
    """The body paragraphs of a .docx, headings included, each a paragraph of its own.

    Tracked changes read as accepted. Tables are skipped and counted: their cells are rarely
    sentences. Footnotes, then endnotes, follow the text, as in Markdown: a web address in
    one is a link on the words before its reference mark, so it is a source of that sentence.
    Headers, footers, comments and text boxes are not part of the running text and are not
    read.
    """
    import docx
    from docx.table import Table

    document = docx.Document(io.BytesIO(raw))
    notes = _docx_notes(document.part)
    paragraphs: list[str] = []
    links: list[tuple[str, str]] = []
    cited: dict[tuple[str, str], None] = {}  # the notes referred to, in reading order
    tables = 0
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            tables += 1
        else:
            paragraphs.append(_docx_paragraph(block._p, document.part.rels, links, notes, cited))
    read = [notes[key] for kind in _NOTE_KINDS for key in cited if key[0] == kind]
    about = extraction_note(tables, "table", "skipped") + add_notes(paragraphs, read, links)
    return Extracted(join_paragraphs(paragraphs), about, tuple(links))


_NOTE_KINDS = ("footnote", "endnote")


def _docx_notes(document_part) -> dict[tuple[str, str], Note]:
    """The footnotes and endnotes of a document, by kind and id; Word's separator lines,
    stored as notes of their own type, are none."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    notes = {}
    for kind in _NOTE_KINDS:
        try:
            part = document_part.part_related_by(getattr(RELATIONSHIP_TYPE, f"{kind.upper()}S"))
        except KeyError:
            continue
        for note in parse_xml(part.blob).iterchildren(qn(f"w:{kind}")):
            if note.get(qn("w:type"), "normal") != "normal":
                continue
            links: list[tuple[str, str]] = []
            paragraphs = tuple(_docx_paragraph(p, part.rels, links, {}, {}) for p in note.iter(qn("w:p")))
            notes[kind, note.get(qn("w:id"))] = Note(paragraphs, tuple(links), web_addresses(links, " ".join(paragraphs)))
    return notes


def _docx_paragraph(
    paragraph,
    rels: Mapping,
    links: list[tuple[str, str]],
    notes: Mapping[tuple[str, str], Note],
    cited: dict[tuple[str, str], None],
) -> str:
    """A paragraph's text with tracked changes accepted. Its web links go to ``links``, in
    reading order, and so do the addresses of a note it refers to, on the words before the
    reference mark; each note referred to goes to ``cited``.

    python-docx's own `Paragraph.text` leaves out text inserted with change tracking on,
    which is what a draft under review is full of. Deleted text (w:delText) is not w:t.
    """
    from docx.oxml.ns import qn

    skipped = {qn("w:del"), qn("w:moveFrom"), qn("w:txbxContent")}
    # Line, page and column breaks all part what stands before from what follows.
    characters = {qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n", qn("w:noBreakHyphen"): "-"}
    references = {qn(f"w:{kind}Reference"): kind for kind in _NOTE_KINDS}
    hyperlink = qn("w:hyperlink")
    parts: list[str] = []
    opened = None  # the hyperlink being read: its element, where its text starts, its address

    def close_link() -> None:
        _, start, address = opened
        web_link("".join(parts[start:]), address, links)

    for node in paragraph.iter(qn("w:t"), hyperlink, *characters, *references):
        if any(ancestor.tag in skipped for ancestor in node.iterancestors()):
            continue
        if opened is not None and opened[0] not in node.iterancestors():
            close_link()
            opened = None
        if node.tag == hyperlink:
            relationship = rels.get(node.get(qn("r:id")))
            opened = (node, len(parts), relationship.target_ref if relationship is not None else None)
        elif node.tag in references:
            note = (references[node.tag], node.get(qn("w:id")))
            if note in notes:  # a reference to a note the file lacks marks nothing
                links_before("".join(parts), notes[note].addresses, links)
                cited.setdefault(note)
        else:
            parts.append(node.text or "" if node.tag == qn("w:t") else characters[node.tag])
    if opened is not None:
        close_link()
    return "".join(parts)


# --- OpenDocument -------------------------------------------------------------------------

_ODF = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
}
# Blocks whose paragraphs are the article's, read in order; tables are counted and skipped.
_ODF_CONTAINERS = frozenset(f"{{{_ODF['text']}}}{name}" for name in ("list", "list-item", "list-header", "section"))
_ODF_PARAGRAPHS = frozenset(f"{{{_ODF['text']}}}{name}" for name in ("p", "h"))
# Inline parts that show no text of the article: a comment, a bookmark, a tracked change's
# marker (the deleted text itself waits in text:tracked-changes, which is never read).
_ODF_SILENT = frozenset(
    {f"{{{_ODF['office']}}}annotation", f"{{{_ODF['office']}}}annotation-end"}
    | {f"{{{_ODF['text']}}}{name}" for name in ("bookmark", "bookmark-start", "bookmark-end", "change", "change-start", "change-end", "soft-page-break")}
)


def odt_text(raw: bytes) -> Extracted:
    """The paragraphs of an OpenDocument text (.odt), as LibreOffice writes it, headings and
    list items included, each a paragraph of its own.

    Tracked changes read as accepted. Tables are skipped and counted. Footnotes, then
    endnotes, follow the text, as in Word: a web address in one is a link on the words before
    its mark. Comments, headers, footers and text boxes are not read.
    """
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        content = archive.read("content.xml")
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    body = etree.fromstring(content, parser).find("office:body/office:text", _ODF)
    if body is None:
        raise ValueError("it holds no text document")
    reader = _OdfText()
    reader.read_blocks(body)
    read = reader.notes["footnote"] + reader.notes["endnote"]
    about = extraction_note(reader.tables, "table", "skipped") + add_notes(reader.paragraphs, read, reader.links)
    return Extracted(join_paragraphs(reader.paragraphs), about, tuple(reader.links))


class _OdfText:
    """Reads an OpenDocument body into paragraphs, web links and notes."""

    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self.links: list[tuple[str, str]] = []
        self.notes: dict[str, list[Note]] = {kind: [] for kind in _NOTE_KINDS}
        self.tables = 0

    def read_blocks(self, element) -> None:
        for child in element:
            if child.tag in _ODF_PARAGRAPHS:
                self.paragraphs.append(self.inline(child, self.links))
            elif child.tag in _ODF_CONTAINERS:
                self.read_blocks(child)
            elif child.tag == f"{{{_ODF['table']}}}table":
                self.tables += 1

    def inline(self, element, links: list[tuple[str, str]]) -> str:
        """An element's running text; its links (and its notes' addresses, on the words before
        their marks) go to ``links``, its notes to ``notes``."""
        parts = [element.text or ""]
        for child in element:
            name = _odf_name(child)
            if child.tag in _ODF_SILENT or not isinstance(child.tag, str):
                pass
            elif name == "s":
                parts.append(" " * int(child.get(f"{{{_ODF['text']}}}c", "1")))
            elif name == "tab":
                parts.append("\t")
            elif name == "line-break":
                parts.append("\n")
            elif name == "note":
                note = self.note(child)
                links_before("".join(parts), note.addresses, links)
            elif child.tag.startswith(f"{{{_ODF['text']}}}"):
                text = self.inline(child, links)
                parts.append(text)
                if name == "a":
                    web_link(text, child.get(f"{{{_ODF['xlink']}}}href"), links)
            parts.append(child.tail or "")
        return "".join(parts)

    def note(self, element) -> Note:
        links: list[tuple[str, str]] = []
        body = element.find("text:note-body", _ODF)
        paragraphs = tuple(self.inline(p, links) for p in (body.iter(*_ODF_PARAGRAPHS) if body is not None else ()))
        note = Note(paragraphs, tuple(links), web_addresses(links, " ".join(paragraphs)))
        kind = element.get(f"{{{_ODF['text']}}}note-class", "footnote")
        self.notes["endnote" if kind == "endnote" else "footnote"].append(note)
        return note


def _odf_name(element) -> str:
    """An element's tag without its namespace ("" for a comment or processing instruction)."""
    return element.tag.rpartition("}")[2] if isinstance(element.tag, str) else ""


def link_words(words: str) -> re.Pattern[str]:
    """A link's words as they may stand in the text, spaced or wrapped any way."""
    return re.compile(r"\s+".join(map(re.escape, words.split())))
