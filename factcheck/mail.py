"""An e-mail saved as .eml (a press release, statement or tip as it reaches the desk) as text.

The subject, without its "Fwd:"/"Re:" prefixes, is the headline; the message text follows,
read from its HTML part when it has one (so links on words are kept) or else its plain-text
part. What the sender did not write for this message is left out: quoted replies, with the
"On … wrote:" line above them, a signature after "-- ", and the header block of a forwarded
message, whose text is kept, as a forwarded press release is usually what is to be checked;
the forwarder's own note above it ("Can someone check the figures?") is for the desk, and
goes to the notes.
In a reply ("Re:"), an Outlook-style "From: … Sent: …" block starts the message replied to,
so it is left out with all that follows it. Who sent the message, and when, are notes for
the About sheet. The files attached follow the text where factcheck reads their kind
(factcheck.attachments), and are named where it does not.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from email.message import EmailMessage

from .attachments import Attachment, ReadFile, with_attachments
from .formats import Extracted, extraction_note, join_paragraphs, links_before, web_link
from .relative_dates import spelt_day, written_day


# Subject prefixes of replies and forwards, in the languages of common mail clients; repeated
# ones ("Fwd: Re: FW:") all go. VS is a forward in Norwegian and a reply in Finnish, so it
# decides nothing.
_SUBJECT_PREFIX = re.compile(r"^\s*(re|fwd?|aw|sv|vs|wg|tr|antw)\s?:\s*", re.IGNORECASE)
_REPLY_PREFIXES = frozenset({"re", "aw", "sv", "antw"})
_FORWARD_PREFIXES = frozenset({"fw", "fwd", "wg", "tr"})

# The fields of a forwarded or replied-to message's header block in the body, as mail clients
# write them in English, Norwegian, Danish, Swedish, German and French, by what each one is.
_HEADER_FIELDS = {
    **dict.fromkeys(("from", "fra", "från", "von", "de"), "from"),
    **dict.fromkeys(("sent", "date", "sendt", "dato", "skickat", "datum", "gesendet", "envoyé"), "date"),
    **dict.fromkeys(("to", "til", "till", "an", "à", "cc", "bcc", "kopi", "kopia", "reply-to"), "to"),
    **dict.fromkeys(("subject", "emne", "ämne", "betreff", "objet"), "subject"),
    **dict.fromkeys(("importance", "attachments"), "other"),
}
# "From: x", "*From:* x" (a bold label in plain text), "De : x" (French spacing).
_HEADER_FIELD = re.compile(r"\s*\*?([^\W\d_][\w-]*)\s?:\*?\s*(.*)$")
# The line above a header block: "---------- Forwarded message ---------", Outlook's
# "-----Original Message-----" or rule of underscores, Apple Mail's "Begin forwarded message:".
_HEADER_MARKER = re.compile(
    r"\s*(?:[-_=]{2,}.*|.*\b(?:message|melding|meddelande|besked|nachricht)\s?:)\s*$", re.IGNORECASE
)
# The body's headline, when it repeats the subject, is one of its first paragraphs.
_HEADLINE_WITHIN = 3
_SIGNATURE_SEPARATOR = "-- "
# The lines that introduce a quoted reply ("On 3 March 2026, Kari Holm <kari@…> wrote:"),
# which Gmail wraps in plain text.
_MAX_ATTRIBUTION_LINES = 3
_QUOTE_MARKS = re.compile(r"(?:> ?)+")
_FORWARDED = "forwarded message"
# A signed message's signature (S/MIME's smime.p7s, PGP's) says who sent it: no attachment to check.
_SIGNATURES = frozenset({"application/pkcs7-signature", "application/x-pkcs7-signature", "application/pgp-signature"})
# A link's address written out after its words in plain text; a mail address's too, which is
# left out ("press@… <mailto:press@…>") and kept as no link.
_WRITTEN_OUT_LINK = re.compile(r"[ \t]*<((?:https?|mailto):[^\s<>]+)>")


@dataclass(frozen=True, slots=True)
class _Line:
    """A line of the message text, how many quoted replies deep it is, and its links."""

    text: str
    depth: int = 0
    links: tuple[tuple[str, str], ...] = ()

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True, slots=True)
class _Reading:
    """The lines kept of a message, and notes on the parts of it left out. ``sent`` is the
    date line of the message forwarded whose lines they are ("" where it gives none), None
    where they are the message's own."""

    lines: tuple[_Line, ...]
    notes: tuple[str, ...]
    sent: str | None = None


def mail_text(raw: bytes, read_file: ReadFile) -> Extracted:
    """An e-mail file's message read as ``message_text`` reads it."""
    # Blank lines before the header would make the parser read the whole file as body.
    return message_text(email.message_from_bytes(raw.lstrip(), policy=email.policy.default), read_file)


def message_text(message: EmailMessage, read_file: ReadFile) -> Extracted:
    """The subject as headline, then the message text (HTML part preferred), then the files
    attached that ``read_file`` reads, with notes on the sender, the date, a forward, quoted
    replies, and the attachments read and not read."""
    extracted, attachments = _reading(message)
    return with_attachments(extracted, attachments, read_file)


def _reading(message: EmailMessage) -> tuple[Extracted, list[Attachment]]:
    """A message's text and notes, and the files attached to it."""
    subject = str(message.get("Subject", ""))
    body, lines, tables = _body(message)
    reading = _read_message(lines, subject, depth=0)
    attached = _forwarded_as_attachment(message, subject, reading)
    if attached is not None:
        forward = _attached_forward(message, reading, attached, _attachments(message, (body, attached)))
        if forward[0].text.strip():  # an attached e-mail without text forwards nothing
            return forward
    paragraphs = _paragraphs(reading.lines)
    headline = _headline(subject)
    # A mailer may repeat the subject as the body's headline, under a line or two ("Press
    # release, 3 March 2026"); the subject leads in its place.
    repeated = [number for number, paragraph in enumerate(paragraphs[:_HEADLINE_WITHIN]) if _words(paragraph) == _words(headline)]
    if repeated:
        del paragraphs[repeated[0]]
    if paragraphs and headline:
        paragraphs.insert(0, headline)
    notes = _sender_note(message) + reading.notes + extraction_note(tables, "table", "skipped")
    links = tuple(link for line in reading.lines for link in line.links)
    published = _sent_on(message) if reading.sent is None else written_day(reading.sent)
    return Extracted(join_paragraphs(paragraphs), notes, links, published=published), list(_attachments(message, (body,)))


def _forwarded_as_attachment(message: EmailMessage, subject: str, reading: _Reading) -> EmailMessage | None:
    """The part holding the e-mail a message forwards as an attachment (Outlook's "Forward as
    attachment", which keeps the original's headers, as a verification desk asks for): in a
    forward ("Fwd:") that forwards nothing in its text, its one e-mail attached."""
    if _subject_prefix(subject) not in _FORWARD_PREFIXES or any(note.startswith(_FORWARDED) for note in reading.notes):
        return None
    attached = [part for part in message.iter_attachments() if part.get_content_type() == "message/rfc822"]
    return attached[0] if len(attached) == 1 else None


def _attached_forward(
    message: EmailMessage, reading: _Reading, part: EmailMessage, others: Iterator[Attachment]
) -> tuple[Extracted, list[Attachment]]:
    """A forward as attachment read as an inline forward is: the attached e-mail's text, and the
    forwarder's own note, with who sent the forwarded message and when, in the notes. The files
    attached to either message go together."""
    attached = part.get_content()
    forwarded, attachments = _reading(attached)
    sender = _sender_note(attached)
    said = [f"{_FORWARDED}, attached,{note.removeprefix('e-mail')}" for note in sender] or [f"{_FORWARDED}, attached"]
    text, headline = forwarded.text, _headline(str(message.get("Subject", "")))
    if headline and not _headline(str(attached.get("Subject", ""))):
        text = join_paragraphs([headline, text.strip()])
    notes = _sender_note(message) + _forwarders_note(reading.lines) + tuple(said) + forwarded.notes[len(sender) :]
    return Extracted(text, notes, forwarded.links, published=forwarded.published), [*attachments, *others]


def _body(message) -> tuple[object | None, list[_Line], int]:
    """The part the message text is read from, its lines, and the tables of figures skipped
    in it: the HTML part, which has the links, or the plain-text part where the HTML has no
    words (a mailer's HTML may be only a picture)."""
    for kind in ("html", "plain"):
        part = message.get_body(preferencelist=(kind,))
        if part is None:
            continue
        lines, tables = _html_lines(_part_text(part)) if kind == "html" else (_plain_lines(part), 0)
        if any(not line.blank for line in lines):
            return part, lines, tables
    return None, [], 0


def _headline(subject: str) -> str:
    """A subject without its reply and forward prefixes, its folding undone."""
    subject = " ".join(subject.split())
    while prefix := _SUBJECT_PREFIX.match(subject):
        subject = subject[prefix.end() :]
    return subject


def _is_reply(subject: str) -> bool:
    return _subject_prefix(subject) in _REPLY_PREFIXES


def _subject_prefix(subject: str) -> str:
    """A subject's first reply or forward prefix, lower case ("re", "fwd"); empty where it has none."""
    prefix = _SUBJECT_PREFIX.match(subject)
    return prefix[1].lower() if prefix else ""


def _words(text: str) -> str:
    return " ".join(text.split()).casefold()


def _part_text(part) -> str:
    """A text part decoded by its charset, or as UTF-8 when it names none or the wrong one
    (scripts that send mail often leave it out), or as Windows-1252 when that fails too."""
    payload = part.get_payload(decode=True) or b""
    for encoding in (part.get_content_charset() or "us-ascii", "utf-8"):
        try:
            return payload.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return payload.decode("cp1252", errors="replace")


# --- Plain text ---------------------------------------------------------------------------


def _plain_lines(part) -> list[_Line]:
    """A plain-text part's lines, their quote marks taken off and counted; format=flowed
    text (RFC 3676) has its soft line breaks joined, so each paragraph is one line."""
    flowed = (part.get_param("format") or "").lower() == "flowed"
    delete_space = (part.get_param("delsp") or "").lower() == "yes"
    lines: list[_Line] = []
    continues = False  # whether the line before ended in a soft break
    for text in _part_text(part).splitlines():
        marks = _QUOTE_MARKS.match(text)
        depth = marks[0].count(">") if marks else 0
        text = text[marks.end() :] if marks else text
        if flowed:
            # Space-stuffing: a sender puts a space before a line that starts with one, ">" or "From ".
            text = text.removeprefix(" ")
            if continues and lines[-1].depth == depth:
                before = lines.pop().text
                text = (before[:-1] if delete_space else before) + text
            continues = text.endswith(" ") and text != _SIGNATURE_SEPARATOR
        lines.append(_Line(text, depth))
    return _written_out_links(lines)


def _written_out_links(lines: list[_Line]) -> list[_Line]:
    """Lines without the addresses that a mail program writes out after a link's words in
    plain text ("annual report <https://…>", Outlook's and Gmail's way), each kept as a link on
    the words before it; one wrapped onto a line of its own is on the line before's words."""
    kept: list[_Line] = []
    for line in lines:
        links: list[tuple[str, str]] = []
        text, last = [], 0
        for found in _WRITTEN_OUT_LINK.finditer(line.text):
            text.append(line.text[last : found.start()])
            last = found.end()
            if "".join(text).strip():
                links_before("".join(text), [found[1]], links)
            elif kept and not kept[-1].blank:
                earlier: list[tuple[str, str]] = []
                links_before(kept[-1].text, [found[1]], earlier)
                kept[-1] = replace(kept[-1], links=kept[-1].links + tuple(earlier))
        if last and not "".join(text + [line.text[last:]]).strip():
            continue  # the address alone on its line: no blank line in its place
        kept.append(replace(line, text="".join(text) + line.text[last:], links=line.links + tuple(links)) if last else line)
    return kept


# --- HTML ---------------------------------------------------------------------------------

_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "center", "dd", "div", "dl", "dt", "figcaption", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
    "section", "table", "tbody", "tfoot", "thead", "tr", "ul",
})
# A row of a table is a line, its cells side by side, as a mail client shows them.
_CELLS = frozenset({"td", "th"})
_UNREAD = frozenset({"head", "title", "style", "script", "noscript", "template", "img", "svg", "object", "map"})
# Text a mailer hides: a newsletter's preview line ("preheader"), Outlook-only fallbacks.
_HIDDEN = re.compile(r"display\s*:\s*none|mso-hide\s*:\s*all", re.IGNORECASE)
_SIGNATURE_CLASSES = frozenset({"gmail_signature", "moz-signature"})
# A table of figures, as opposed to one that lays the message out: every cell is this short.
_MAX_DATA_CELL_WORDS = 12


def _html_lines(source: str) -> tuple[list[_Line], int]:
    """An HTML part's lines, each block a paragraph, and the number of tables of figures
    skipped. Mailers lay messages out in tables; those are read through, cell by cell."""
    import lxml.etree
    import lxml.html

    try:
        # Bytes with the encoding named, so a page that declares another one reads as decoded.
        root = lxml.html.document_fromstring(source.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    except (lxml.etree.ParserError, ValueError):  # nothing but whitespace or comments
        return [], 0
    reader = _HtmlReader()
    reader.read(root)
    reader.end_line()
    return reader.lines, reader.tables


class _HtmlReader:
    """Reads an HTML tree into lines: a line break ends a line, a block a paragraph."""

    def __init__(self) -> None:
        self.lines: list[_Line] = []
        self.tables = 0
        self._parts: list[str] = []
        self._links: list[tuple[str, str]] = []
        self._depth = 0  # cited replies the text is inside
        self._preformatted = False
        self._open_links: list[list[str]] = []  # the words of each link being read so far

    def read(self, element) -> None:
        if not isinstance(element.tag, str) or element.tag in _UNREAD or _HIDDEN.search(element.get("style") or ""):
            return
        if element.get("hidden") is not None or _is_signature(element):
            return
        if element.tag == "br":
            self.end_line()
            return
        if element.tag == "table" and _is_data_table(element):
            self.tables += 1
            self.end_paragraph()
            return
        block = element.tag in _BLOCKS
        if block:
            self.end_paragraph()
        depth, preformatted = self._depth, self._preformatted
        self._depth += _is_cited(element)
        self._preformatted |= element.tag == "pre"
        if element.tag == "a":
            self._open_links.append([])
        apart = " " if element.tag in _CELLS else None  # from the cells beside it
        self.add(apart)
        self.add(element.text)
        for child in element:
            self.read(child)
            self.add(child.tail)
        self.add(apart)
        if element.tag == "a":
            self.end_link("".join(self._open_links.pop()), element.get("href"))
        if block:
            self.end_paragraph()
        self._depth, self._preformatted = depth, preformatted

    def add(self, text: str | None) -> None:
        if not text:
            return
        for words in self._open_links:
            words.append(text)
        if not self._preformatted:
            self._parts.append(text)
            return
        first, *rest = text.split("\n")
        self._parts.append(first)
        for line in rest:
            self.end_line()
            self._parts.append(line)

    def end_link(self, words: str, address: str | None) -> None:
        """Keep a link with the line its words end on: the one being read, or, for a link
        around a block (a mailer's button), the line that block ended."""
        last = next((number for number in reversed(range(len(self.lines))) if not self.lines[number].blank), None)
        if "".join(self._parts).strip() or last is None:
            web_link(words, address, self._links)
            return
        links: list[tuple[str, str]] = []
        web_link(words, address, links)
        self.lines[last] = replace(self.lines[last], links=self.lines[last].links + tuple(links))

    def end_line(self) -> None:
        for words in self._open_links:
            words.append(" ")
        text = " ".join("".join(self._parts).split())
        # HTML shows the separator's trailing space as nothing; plain text's rule needs it.
        text = _SIGNATURE_SEPARATOR if text == _SIGNATURE_SEPARATOR.strip() else text
        self.lines.append(_Line(text, self._depth, tuple(self._links)))
        self._parts, self._links = [], []

    def end_paragraph(self) -> None:
        if "".join(self._parts).strip():
            self.end_line()
        self._parts = []  # the spaces between blocks
        if self.lines and not self.lines[-1].blank:
            self.lines.append(_Line("", self._depth))


def _is_cited(element) -> bool:
    """Whether an element holds a quoted message: Thunderbird and Apple Mail mark theirs as a
    cite, Gmail by class. A blockquote without either is a quotation in the text."""
    return element.tag == "blockquote" and (element.get("type") == "cite" or "gmail_quote" in (element.get("class") or ""))


def _is_signature(element) -> bool:
    """Whether an element holds a signature, as Gmail, Thunderbird and Outlook on the web mark it."""
    classes = set((element.get("class") or "").split())
    return bool(_SIGNATURE_CLASSES & classes) or (element.get("id") or "").lower() == "signature"


def _is_data_table(table) -> bool:
    """Whether a table holds figures (rows and columns of short cells) rather than laying
    out the message."""
    rows = table.xpath("./tr | ./*/tr")
    cells = [row.xpath("./td | ./th") for row in rows]
    if len(rows) < 2 or max(map(len, cells)) < 2:
        return False
    # Thunderbird sets a forwarded message's header fields in a table.
    if all(row and _header_field(row[0].text_content()) for row in cells):
        return False
    if table.xpath(".//table | .//ul | .//ol | .//h1 | .//h2 | .//h3 | .//blockquote"):
        return False
    return all(len(cell.text_content().split()) <= _MAX_DATA_CELL_WORDS for row in cells for cell in row)


# --- What the sender wrote ----------------------------------------------------------------


def _read_message(lines: Sequence[_Line], subject: str, depth: int) -> _Reading:
    """The lines of a message at quoting ``depth`` that its sender wrote, and those of any
    message it forwards. ``subject`` is the message's own: in a reply, a header block starts
    the message replied to, so it and all after it are left out."""
    kept: list[_Line] = []
    notes: list[str] = []
    sent: str | None = None
    replying = _is_reply(subject)
    in_signature = False
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.depth > depth:
            end = _quote_end(lines, index, depth)
            quoted = lines[index:end]
            opening = next((number for number, quoted_line in enumerate(quoted) if not quoted_line.blank), None)
            # Apple Mail quotes a forwarded message, header block and all.
            if opening is not None and _header_block(quoted, opening, depth + 1):
                _drop_marker(kept)
                notes += _forwarders_note(kept)
                inner = _read_message(quoted, subject, depth + 1)
                kept = list(inner.lines)
                notes += inner.notes
                sent = inner.sent
                in_signature = False
            elif opening is not None:
                _drop_attribution(kept)
                notes.append("quoted reply left out")
            index = end
            continue
        block = None if line.blank else _header_block(lines, index, depth)
        if block:
            end, fields = block
            _drop_marker(kept)
            if replying:
                notes.append("quoted reply left out")
                break
            notes += _forwarders_note(kept)
            kept = []
            notes.append(_forward_note(fields))
            sent = fields.get("date", "")
            replying = _is_reply(fields.get("subject", ""))
            in_signature = False
            index = end
            continue
        in_signature |= line.text == _SIGNATURE_SEPARATOR
        if not in_signature:
            kept.append(line)
        index += 1
    return _Reading(tuple(kept), tuple(dict.fromkeys(notes)), sent)


def _quote_end(lines: Sequence[_Line], start: int, depth: int) -> int:
    """Where the quoted run that starts at ``start`` ends: at its last line deeper than
    ``depth`` before a line of text that is not."""
    end = start
    for index in range(start, len(lines)):
        if lines[index].depth > depth:
            end = index + 1
        elif not lines[index].blank:
            break
    return end


def _header_block(lines: Sequence[_Line], start: int, depth: int) -> tuple[int, dict[str, str]] | None:
    """Where the header block of a forwarded or replied-to message at ``start`` ends, and its
    fields by what they are ("from", "date", "subject"); None when no block starts there.
    A block is two or more fields in a row, one of them who it is from."""
    fields: dict[str, str] = {}
    count = 0
    end = start
    for index in range(start, len(lines)):
        line = lines[index]
        if line.blank:  # Apple Mail sets each field in a block of its own
            continue
        if line.depth != depth:
            break
        field = _header_field(line.text)
        if field:
            fields.setdefault(*field)
            count += 1
        elif not (count and "@" in line.text):  # a long To: or Cc: goes on over lines
            break
        end = index + 1
    if count < 2 or "from" not in fields:
        return None
    return end, fields


def _header_field(text: str) -> tuple[str, str] | None:
    """What a header block's line is ("from", "date", "to", "subject") and its value."""
    field = _HEADER_FIELD.match(text)
    kind = _HEADER_FIELDS.get(field[1].lower()) if field else None
    return (kind, field[2].strip()) if kind else None


def _drop_attribution(kept: list[_Line]) -> None:
    """Take out the short paragraph that introduces a quoted reply, ending in a colon."""
    end = len(kept)
    while end and kept[end - 1].blank:
        end -= 1
    start = end
    while start and not kept[start - 1].blank:
        start -= 1
    if end and end - start <= _MAX_ATTRIBUTION_LINES and kept[end - 1].text.rstrip().endswith(":"):
        del kept[start:]


def _drop_marker(kept: list[_Line]) -> None:
    """Take out the line that announces a header block, with the blank lines after it."""
    end = len(kept)
    while end and kept[end - 1].blank:
        end -= 1
    if end and _HEADER_MARKER.fullmatch(kept[end - 1].text):
        del kept[end - 1 :]


def _forwarders_note(kept: Sequence[_Line]) -> tuple[str, ...]:
    """What the sender wrote above a message they forward ("Can someone check the figures?"),
    as a note: it is for the desk, and the forwarded message is what is to be checked."""
    said = " ".join(" ".join(line.text.split()) for line in kept if not line.blank)
    return (f'forwarder\'s note left out: "{said}"',) if said else ()


def _forward_note(fields: dict[str, str]) -> str:
    sender, sent = fields["from"], fields.get("date")
    return f"{_FORWARDED} from {sender}" + (f", sent {sent}" if sent else "")


def _paragraphs(lines: Sequence[_Line]) -> list[str]:
    """Runs of lines between blank ones, each a paragraph; a hard-wrapped paragraph keeps
    its line breaks, which the sentence splitter joins."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in (*lines, _Line("")):
        if not line.blank:
            current.append(line.text.strip())
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    return paragraphs


# --- About the message --------------------------------------------------------------------


def _sender_note(message) -> tuple[str, ...]:
    """Who sent the message and when: "e-mail from Kari Holm <kari@…>, sent 3 March 2026 09:14 +0100"."""
    sender = " ".join(str(message.get("From", "")).split())
    # A name with no address (Outlook's for a colleague's Exchange account, a text export's) is
    # quoted by the parser as if it were one.
    if "@" not in sender:
        sender = sender.strip('"')
    date = message.get("Date")
    sent = _when(date) if date is not None else ""
    said = ", ".join(filter(None, (f"from {sender}" if sender else "", f"sent {sent}" if sent else "")))
    return (f"e-mail {said}",) if said else ()


def _sent_on(message) -> dt.date | None:
    """The day a message was sent, where the sender was (as its Date header says)."""
    date = message.get("Date")
    moment = getattr(date, "datetime", None)
    return moment.date() if moment is not None else written_day(str(date or ""))


def _when(date) -> str:
    """A Date header as "3 March 2026 09:14 +0100", or as written when it cannot be read."""
    moment = getattr(date, "datetime", None)
    if moment is None:
        return " ".join(str(date).split())
    zone = f" {moment:%z}" if moment.tzinfo else ""  # "-0000" says the zone is unknown
    return f"{spelt_day(moment)} {moment:%H:%M}{zone}"


def _attachments(part, read: tuple, related: bool = False) -> Iterator[Attachment]:
    """The files attached to a message, in order. The pictures that an HTML part shows (in
    multipart/related, by Content-ID) are part of its layout, not attachments."""
    if any(part is done for done in read):
        return
    if part.get_content_maintype() == "multipart":
        for child in part.iter_parts():
            yield from _attachments(child, read, related or part.get_content_subtype() == "related")
        return
    name = part.get_filename()
    if part.get_content_type() in _SIGNATURES:
        return
    if related and part.get("Content-ID"):  # shown by the HTML ("cid:"), whatever its disposition
        return
    if part.get_content_type() == "message/rfc822":
        attached = part.get_content()
        yield Attachment(name or f'e-mail "{_headline(str(attached.get("Subject", "")))}"')
    elif name:
        # A name is shown on a line of its own above the file's text: folded, it would be two.
        yield Attachment(" ".join(name.split()), part.get_payload(decode=True))
    elif part.get_content_disposition() == "attachment":
        yield Attachment(part.get_content_type())
