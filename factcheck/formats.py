"""Article text out of Markdown, HTML, Word and PDF files: paragraphs apart by blank lines.

Each extractor returns the text and notes on what it left out (tables, page furniture). The
text keeps the layout the splitter reads: one paragraph per block, blank lines between
paragraphs, headings as paragraphs of their own. Headings, bylines and datelines are kept,
so the splitter can label them, except in HTML, where trafilatura keeps only the article.
"""

from __future__ import annotations

import io
import logging
import math
import re
import statistics
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from .citations import SOURCES_HEADING
from .details import find_urls, is_web_address

SOFT_HYPHEN = "\u00ad"
# Word's bullets in its Symbol and Wingdings fonts reach a PDF's text as private-use
# characters, shown as boxes elsewhere: read as the bullet they draw.
SYMBOL_FONT_BULLETS = str.maketrans(dict.fromkeys("\uf0b7\uf0a7\uf0d8\uf076\uf0fc", "•"))

# pypdf and trafilatura log what they make of damaged input; without a handler of their own
# Python would print that to stderr beside the one-line error the user is given.
for _library in ("pypdf", "trafilatura"):
    logging.getLogger(_library).addHandler(logging.NullHandler())


@dataclass(frozen=True, slots=True)
class Extracted:
    """Text taken out of a formatted file, and what was left out, for the About sheet.

    ``links`` are the web links the text shows only as words: each one's text and address,
    in reading order (relative links, with no page address to resolve them by, are left out).
    """

    text: str
    notes: tuple[str, ...] = ()
    links: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class _Note:
    """A footnote's (or endnote's) paragraphs, the links in them, and every web address it holds."""

    paragraphs: tuple[str, ...]
    links: tuple[tuple[str, str], ...]
    addresses: tuple[str, ...]


def _web_link(text: str, address: str | None, links: list[tuple[str, str]]) -> None:
    """Keep the link when its address is a web address and its text is words, not the address."""
    address, text = (address or "").strip(), " ".join(text.split())
    if is_web_address(address) and text and address not in text:
        links.append((text, address))


def _note_links(text_before: str, addresses: Iterable[str], links: list[tuple[str, str]]) -> None:
    """A footnote's web addresses as links on the last words before its mark: enough words to
    find them again in the text, few enough to stay inside the mark's sentence."""
    anchor = " ".join(text_before.split()[-_FOOTNOTE_ANCHOR_WORDS:])
    for address in addresses:
        _web_link(anchor, address, links)


def _web_addresses(links: Iterable[tuple[str, str]], text: str) -> tuple[str, ...]:
    """The web addresses of ``links`` and those written out in ``text``, each once."""
    found = [address for _, address in links] + find_urls(text)
    return tuple(dict.fromkeys(address for address in found if is_web_address(address)))


NOTES_HEADING = "Notes"


def _add_notes(paragraphs: list[str], notes: Sequence[Sequence[str]]) -> tuple[str, ...]:
    """Footnotes after the text, under a heading "Notes" unless the text ends under one such
    as "References" already, so that the splitter reads them as notes; the About sheet's note
    on them."""
    if not notes:
        return ()
    if not paragraphs or not SOURCES_HEADING.fullmatch(paragraphs[-1].strip()):
        paragraphs.append(NOTES_HEADING)
    for note in notes:
        paragraphs.extend(note)
    return _count(len(notes), "footnote", "read after the text")


def _join_paragraphs(paragraphs: Iterable[str]) -> str:
    """One block per paragraph, blank lines between; soft hyphens go, as they are invisible."""
    kept = [p.replace(SOFT_HYPHEN, "").strip() for p in paragraphs]
    text = "\n\n".join(p for p in kept if p)
    return text + "\n" if text else ""


def _count(number: int, thing: str, done: str) -> tuple[str, ...]:
    """A note like "2 tables skipped", or none when nothing was."""
    if not number:
        return ()
    return (f"{number} {thing}{'' if number == 1 else 's'} {done}",)


# A footnote's addresses are placed on this many words before its mark.
_FOOTNOTE_ANCHOR_WORDS = 3


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
    notes = (
        ((f"front matter skipped{' (its title kept)' if title else ''}",) if fields is not None else ())
        + _count(tables, "table", "skipped")
        + _count(html_blocks, "HTML block", "skipped")
        + _add_notes(paragraphs, footnotes)
    )
    return Extracted(_join_paragraphs(paragraphs), notes, tuple(links))


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
            _note_links("".join(parts), footnote_addresses.get(child.meta["id"], ()), links)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "link_open":
            opened.append((len(parts), child.attrGet("href")))
        elif child.type == "link_close" and opened:
            start, address = opened.pop()
            _web_link("".join(parts[start:]), address, links)
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
    paragraphs = list(_html_blocks(result.body, _MarkedText(links, footnotes, cited)))
    notes = _count(len(result.body.xpath(".//table[not(ancestor::table)]")), "table", "skipped")
    title = " ".join((result.title or "").split())
    body = " ".join(" ".join(paragraphs).split()).casefold()
    # A headline alone is no article: a page of only a table is refused, as a Word file is.
    if title and body and title.casefold() not in body:
        notes = ("headline taken from the page's metadata", *notes)
        paragraphs = [title, *paragraphs]
    notes += _add_notes(paragraphs, [footnotes[number].paragraphs for number in cited])
    links.extend(link for number in cited for link in footnotes[number].links)
    return Extracted(_join_paragraphs(paragraphs), notes, tuple(links))


# trafilatura's XML: elements that hold blocks rather than running text.
_HTML_BLOCKS = frozenset({"body", "main", "div", "head", "p", "list", "item", "quote", "code", "table"})
# A footnote's reference mark: a link to somewhere on the page, shown as a short number, letter
# or sign; set as a superscript, in brackets, or named as a note by its address or class.
_FOOTNOTE_MARK = re.compile(r"\[?(?:\d{1,3}|[a-z]|[*†‡§¶])\]?", re.IGNORECASE)
_NAMED_AS_NOTE = re.compile(r"foot|fn|note|ref|cite", re.IGNORECASE)
_LETTER = re.compile(r"[^\W\d_]")
# What a mark may point to and still be its note (not a section, a heading, the page).
_NOT_A_NOTE = frozenset({"html", "body", "main", "article", "section", "header", "nav", "table", "h1", "h2", "h3", "h4", "h5", "h6"})
# Where a mark stood, carried through trafilatura: private-use characters, which no page shows.
_MARK_PLACE = "\ue000{}\ue001"
_MARK_PLACED = re.compile("\ue000(\\d+)\ue001")


def _take_footnotes(tree) -> list[_Note]:
    """A page's footnotes, taken out of it: each reference mark gives way to a placeholder
    numbering its note, and each note leaves the page; the notes are returned by number."""
    order = {element: position for position, element in enumerate(tree.iter())}
    targets: dict[str, object] = {}
    for element in order:
        for key in (element.get("id"), element.get("name") if element.tag == "a" else None):
            if key:
                targets.setdefault(key, element)
    numbers: dict[object, int] = {}
    footnotes: list[_Note] = []
    for mark in [element for element in order if element.tag == "a"]:
        note, outer = _footnote_of(mark, targets, order)
        if note is None or any(ancestor in numbers for ancestor in mark.iterancestors()):
            continue  # no mark, or a note's link back to its mark
        if note not in numbers:
            numbers[note] = len(footnotes)
            footnotes.append(_read_footnote(note))
        outer.tail = _MARK_PLACE.format(numbers[note]) + (outer.tail or "")
        outer.drop_tree()
    for note in numbers:
        note.drop_tree()
    return footnotes


def _footnote_of(mark, targets: Mapping, order: Mapping):
    """The note a link is the reference mark of, and the element the mark is (the link, or
    the superscript holding only it); (None, None) for any other link."""
    address = (mark.get("href") or "").strip()
    shown = mark.text_content().strip()
    if not address.startswith("#") or not _FOOTNOTE_MARK.fullmatch(shown):
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


def _read_footnote(note) -> _Note:
    links: list[tuple[str, str]] = []
    # Wikipedia sets a caret before a note's links back to its marks.
    text = " ".join(_note_text(note, links).split()).lstrip("^↑ ")
    return _Note((text,), tuple(links), _web_addresses(links, text))


def _note_text(element, links: list[tuple[str, str]]) -> str:
    """A note's text without its links back to its marks (shown as arrows, numbers or
    letters: "↩", "1", "a b"); its web links go to ``links``."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag not in ("script", "style"):
            shown = child.text_content().strip()
            back = (child.get("href") or "").startswith("#") and (not _LETTER.search(shown) or _FOOTNOTE_MARK.fullmatch(shown))
            if not (child.tag == "a" and back):
                parts.append(f" {_note_text(child, links)} " if child.tag in ("p", "div", "br", "li") else _note_text(child, links))
        parts.append(child.tail or "")
    text = "".join(parts)
    if element.tag == "a":
        _web_link(text, element.get("href"), links)
    return text


class _MarkedText:
    """Reads runs of text into paragraphs, where each footnote's mark, carried through as a
    placeholder (`_MARK_PLACE`), becomes its note's links on the words before it."""

    def __init__(self, links: list[tuple[str, str]], footnotes: Sequence[_Note], cited: dict[int, None]) -> None:
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
            _web_link("".join(parts[start:]), element.get("target"), self.links)

    def _add(self, text: str, parts: list[str]) -> None:
        position = 0
        for mark in _MARK_PLACED.finditer(text):
            number = int(mark[1])
            if number >= len(self.footnotes):
                continue  # the same characters in the page itself
            parts.append(text[position : mark.start()])
            _note_links("".join(parts), self.footnotes[number].addresses, self.links)
            self.cited.setdefault(number)
            position = mark.end()
        parts.append(text[position:])


def _html_blocks(element, text: _MarkedText) -> Iterator[str]:
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
    about = _count(tables, "table", "skipped") + _add_notes(paragraphs, [note.paragraphs for note in read])
    links.extend(link for note in read for link in note.links)
    return Extracted(_join_paragraphs(paragraphs), about, tuple(links))


_NOTE_KINDS = ("footnote", "endnote")


def _docx_notes(document_part) -> dict[tuple[str, str], _Note]:
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
            notes[kind, note.get(qn("w:id"))] = _Note(paragraphs, tuple(links), _web_addresses(links, " ".join(paragraphs)))
    return notes


def _docx_paragraph(
    paragraph,
    rels: Mapping,
    links: list[tuple[str, str]],
    notes: Mapping[tuple[str, str], _Note],
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
        _web_link("".join(parts[start:]), address, links)

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
                _note_links("".join(parts), notes[note].addresses, links)
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
    about = _count(reader.tables, "table", "skipped") + _add_notes(reader.paragraphs, [note.paragraphs for note in read])
    reader.links.extend(link for note in read for link in note.links)
    return Extracted(_join_paragraphs(reader.paragraphs), about, tuple(reader.links))


class _OdfText:
    """Reads an OpenDocument body into paragraphs, web links and notes."""

    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self.links: list[tuple[str, str]] = []
        self.notes: dict[str, list[_Note]] = {kind: [] for kind in _NOTE_KINDS}
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
                _note_links("".join(parts), note.addresses, links)
            elif child.tag.startswith(f"{{{_ODF['text']}}}"):
                text = self.inline(child, links)
                parts.append(text)
                if name == "a":
                    _web_link(text, child.get(f"{{{_ODF['xlink']}}}href"), links)
            parts.append(child.tail or "")
        return "".join(parts)

    def note(self, element) -> _Note:
        links: list[tuple[str, str]] = []
        body = element.find("text:note-body", _ODF)
        paragraphs = tuple(self.inline(p, links) for p in (body.iter(*_ODF_PARAGRAPHS) if body is not None else ()))
        note = _Note(paragraphs, tuple(links), _web_addresses(links, " ".join(paragraphs)))
        kind = element.get(f"{{{_ODF['text']}}}note-class", "footnote")
        self.notes["endnote" if kind == "endnote" else "footnote"].append(note)
        return note


def _odf_name(element) -> str:
    """An element's tag without its namespace ("" for a comment or processing instruction)."""
    return element.tag.rpartition("}")[2] if isinstance(element.tag, str) else ""


# --- PDF --------------------------------------------------------------------------------

# A paragraph's wrapped lines sit one line pitch apart; a wider gap starts a new paragraph.
_PARAGRAPH_GAP = 1.4
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
_ADDRESS_CHARACTERS = r"[\w.~%/?#&=+:@!$*,;\-]*"
_ADDRESS_GOES_ON = re.compile(rf"{_ADDRESS_CHARACTERS}[/._=?&#%\d\-]{_ADDRESS_CHARACTERS}(?:\s|$)")
_ADDRESS_PART = re.compile(rf"{_ADDRESS_CHARACTERS}[/._=?&#%\-]{_ADDRESS_CHARACTERS}(?:\s|$)")
_FIRST_WORD = re.compile(r"[^\W\d_]+")
_FINAL_PUNCTUATION = tuple(".!?:;…\"”’)")


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
    pages = [page_lines(page) for page in reader.pages]
    pages, dropped = drop_page_furniture(pages)
    pages, footnotes = _take_pdf_footnotes(pages)
    context = "\n".join(line.text for page in pages for line in page)
    paragraphs = [join_wrapped_lines(lines, context) for lines in _pdf_paragraphs(pages)]
    marks = iter(_pdf_marks(pages, footnotes))
    anchored: list[tuple[str, str]] = []
    cited: dict[int, None] = {}
    notes = list(footnotes.values())
    marked = _MarkedText(anchored, notes, cited)
    paragraphs = [
        marked.text(PDF_MARK_RUN.sub(lambda _: next(marks), paragraph))
        for paragraph in paragraphs
    ]
    about = _count(dropped, "running header, footer or page-number line", "dropped")
    about += _add_notes(paragraphs, [notes[number].paragraphs for number in cited])
    text = _join_paragraphs(paragraphs)
    linked = [link for page in pages for line in page for link in line.links]
    in_notes = [link for number in cited for link in notes[number].links]
    return Extracted(text, about, tuple(_in_text_order(text, linked, anchored, in_notes)))


def link_words(words: str) -> re.Pattern[str]:
    """A link's words as they may stand in the text, spaced or wrapped any way."""
    return re.compile(r"\s+".join(map(re.escape, words.split())))


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


def _pdf_marks(pages: Sequence[Sequence[PdfLine]], footnotes: Mapping[tuple[int, str], _Note]) -> list[str]:
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
                shown.append(_MARK_PLACE.format(note))
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


# Where a footnote's reference mark stood in a PDF line (its label kept apart).
PDF_MARK = "\ue002"
PDF_MARK_RUN = re.compile(PDF_MARK)
# A reference mark is set smaller than its line's text, and raised above its baseline.
_SUPERSCRIPT_SIZE = 0.85
_SUPERSCRIPT_RISE = 0.2
# A small raised number after these is an exponent ("10⁶", "km²"), not a mark.
_EXPONENT_BASE = re.compile(r"(?:\b10|\d\s?(?:k?m|cm|mm|ft|mi|sq))$")


_LINE_DROP = 0.5


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
# A footnote's label set at the start of its line, not raised.
_NOTE_NUMBER = re.compile(r"(\d{1,3}|[a-z]|[*†‡§¶])\.?\s+", re.IGNORECASE)


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
            and _FOOTNOTE_MARK.fullmatch(label)
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
        _web_link(words, address, links)
    y = next(run.height for run in kept if run.size > _SUPERSCRIPT_SIZE * size)
    return PdfLine(text, y, size, tuple(marks), note, tuple(links))


def _body_size(pages: Sequence[Sequence[PdfLine]]) -> int | None:
    """The font size most lines are set in, rounded; None for no lines."""
    sizes = Counter(round(line.size) for page in pages for line in page)
    return sizes.most_common(1)[0][0] if sizes else None


def _note_openings(pages: Sequence[Sequence[PdfLine]]) -> Iterator[tuple[int, int, str, int]]:
    """Each line that opens a footnote: its page, its place on the page, the note's label and
    where its text starts. A footnote opens a line set smaller than the body text with its
    mark, raised or not ("1 Nordbane, Annual report 2025, p. 14."; not raised, its label must
    be a mark's in the text above)."""
    body_size = _body_size(pages)
    marked: set[str] = set()
    for number, page in enumerate(pages):
        for place, line in enumerate(page):
            if round(line.size) < body_size:
                plain = None if line.note else _NOTE_NUMBER.match(line.text)
                if line.note or (plain and plain[1] in marked):
                    yield number, place, line.note or plain[1], plain.end() if plain else 0
            marked.update(line.marks)


def _take_pdf_footnotes(
    pages: Sequence[Sequence[PdfLine]],
) -> tuple[list[list[PdfLine]], dict[tuple[int, str], _Note]]:
    """The pages without their footnotes, and the footnotes by page and label: each runs
    from the line it opens on over the smaller lines below it."""
    openings = {(number, place): (label, start) for number, place, label, start in _note_openings(pages)}
    body_size = _body_size(pages)
    kept_pages: list[list[PdfLine]] = []
    footnotes: dict[tuple[int, str], list[PdfLine]] = {}
    for number, page in enumerate(pages):
        kept: list[PdfLine] = []
        note: list[PdfLine] | None = None
        for place, line in enumerate(page):
            if (number, place) in openings:
                label, start = openings[number, place]
                note = footnotes.setdefault((number, label), [])
                line = replace(line, text=line.text[start:])
            elif round(line.size) >= body_size:
                note = None
            if note is not None:
                note.append(replace(line, text=line.text.replace(PDF_MARK, "")))
            elif line.note:
                # A mark that opens a line of the text is the line above's, wrapped.
                kept.append(replace(line, text=PDF_MARK + line.text, marks=(line.note, *line.marks), note=""))
            else:
                kept.append(line)
        kept_pages.append(kept)
    notes = {}
    for key, lines in footnotes.items():
        text = join_wrapped_lines([line.text for line in lines])
        links = tuple(link for line in lines for link in line.links)
        notes[key] = _Note((text,), links, _web_addresses(links, text))
    return kept_pages, notes


def drop_page_furniture(pages: Sequence[Sequence[PdfLine]]) -> tuple[list[list[PdfLine]], int]:
    """Drop page numbers and the lines repeated at the top or bottom of most pages, but
    not a line that opens a footnote ("9 Ibid., p. 4." on every page).

    Digits are ignored when lines are compared, so "Page 2 of 5" repeats "Page 1 of 5".
    Returns the pages left and how many lines went.
    """
    edges = [_edge_lines(page) for page in pages]
    seen = Counter(key for page_edges in edges for key in {_furniture_key(line) for line in page_edges})
    most = max(2, math.ceil(len(pages) / 2))
    notes = {(number, place) for number, place, *_ in _note_openings(pages)}
    kept_pages, dropped = [], 0
    for number, (page, page_edges) in enumerate(zip(pages, map(set, edges))):
        kept = [
            line
            for place, line in enumerate(page)
            if (number, place) in notes
            or not (line in page_edges and (seen[_furniture_key(line)] >= most or _PAGE_NUMBER.fullmatch(line.text)))
        ]
        dropped += len(page) - len(kept)
        kept_pages.append(kept)
    return kept_pages, dropped


def _edge_lines(page: Sequence[PdfLine]) -> list[PdfLine]:
    by_height = sorted(page, key=lambda line: -line.y)
    return by_height[:_EDGE_LINES] + by_height[_EDGE_LINES:][-_EDGE_LINES:]


def _furniture_key(line: PdfLine) -> str:
    return re.sub(r"\d+", "#", line.text.casefold())


def _pdf_paragraphs(pages: Sequence[Sequence[PdfLine]]) -> list[list[str]]:
    """Group the lines of all pages into paragraphs; a paragraph may run across a page."""
    lines = [(number, line) for number, page in enumerate(pages) for line in page]
    if not lines:
        return []
    body_size = Counter(round(line.size) for _, line in lines).most_common(1)[0][0]
    lengths = [len(line.text) for _, line in lines if round(line.size) == body_size]
    full = statistics.quantiles(lengths, n=10)[-1] if len(lengths) > 1 else lengths[0]
    gaps = [
        above.y - below.y
        for (page_a, above), (page_b, below) in pairwise(lines)
        if page_a == page_b and round(above.size) == round(below.size) == body_size and above.y > below.y
    ]
    pitch = statistics.median(gaps) if gaps else math.inf
    paragraphs = [[lines[0][1].text]]
    for (page_a, above), (page_b, below) in pairwise(lines):
        new = _short_line(above, below, full) or abs(above.size - below.size) > _SIZE_CHANGE
        if page_a != page_b or above.y < below.y:
            # No gap to measure across a page break, or a column break (the next column
            # starts higher up the page): a sentence that ends there is taken to end its
            # paragraph, and one that does not runs on to the next page or column.
            new = new or above.text.endswith(_FINAL_PUNCTUATION)
        else:
            new = new or not 0 < above.y - below.y <= _PARAGRAPH_GAP * pitch
        if new:
            paragraphs.append([])
        paragraphs[-1].append(below.text)
    return paragraphs


def _short_line(above: PdfLine, below: PdfLine, full: float) -> bool:
    """Whether ``above`` is shorter than ``_SHORT_LINE`` of a ``full`` line (in characters) and
    ends its paragraph there. It does not when its sentence runs on in lower case below: a long
    word cuts a line short in a narrow column ("the council's transport" over "department."),
    and a headline wraps."""
    runs_on = not above.text.endswith(_FINAL_PUNCTUATION) and below.text[:1].islower()
    return len(above.text) < _SHORT_LINE * full and not runs_on


def join_wrapped_lines(lines: Sequence[str], context: str = "") -> str:
    """Join a paragraph's hard-wrapped lines into one line, undoing line-end hyphenation.

    A line that ends in a hyphen after lower-case letters, followed by a line that starts in
    lower case, ends with part of a hyphenated word: "integra-" + "tion" is "integration",
    unless `context` (the whole text) spells the hyphenated form elsewhere, as in
    "long-term". Any other line-end hyphen is a real one and stays: "ex-" + "Soviet" is
    "ex-Soviet". A soft hyphen at a line's end always marks a split word. A web address
    broken across lines goes on with no space (`_address_goes_on`). Other lines are joined
    with a space.
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
    "affic-2025"). Either way ``line`` must start with more of an address, not a plain word
    or number: an address that ends a line is as often followed by one."""
    if _ADDRESS_AT_END.search(joined) is None:
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
    if not hyphen[1].islower():
        # "Wed-nesday" against "Covid-related": a capital word is joined only where the text
        # spells it whole elsewhere.
        return f"{hyphen[1]}{word[0]}" in context
    return f"{hyphen[1]}-{word[0]}" not in context
