"""Read an article into text: pick the reader by extension, check the content matches it.

Plain text (.txt, .text, or standard input given as "-") is decoded: UTF-8, UTF-8/16/32
with a byte-order mark, or cp1252. Markdown and HTML are decoded the same way, then read by
factcheck.formats, which also reads Word (.docx) and PDF files; subtitle files (.srt, .vtt)
are decoded too, then read by factcheck.subtitles. An e-mail saved as .eml, which names its
own charsets, is read by factcheck.mail, and so is one Outlook saved as .msg, once
factcheck.outlook has read it; the documents attached to either are read here as files of
their own are, for factcheck.attachments to place after the message's text. Content that
is not what its extension promises (a PDF renamed .txt, HTML saved as .pdf, plain text
named .srt or .eml, binary data) is refused with a message that says what the file looks
like.
"""

from __future__ import annotations

import bisect
import codecs
import datetime as dt
import hashlib
import io
import json
import re
import sys
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

import olefile

from . import formats, mail, outlook, pdf, pictures, posts, subtitles
from .errors import DocumentError

STDIN = Path("-")

# Far above any article (a long report is a few MB), low enough to refuse a dump or disk image
# before it fills memory; callers can raise it.
DEFAULT_MAX_BYTES = 20_000_000

# Extension → format name.
FORMATS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".odt": "odt",
    ".pdf": "pdf",
    ".srt": "srt",
    ".vtt": "vtt",
    ".eml": "eml",
    ".msg": "msg",
    ".zip": "zip",
    ".json": "json",
    ".png": "png",
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".webp": "webp",
}
# Read by OCR: in a folder, only with --glob, as most pictures beside articles are photos.
PICTURES = frozenset({"png", "jpeg", "webp"})


def _html_text(source: str) -> formats.Extracted:
    """A web page's article, or a page of a Telegram chat's HTML export."""
    return posts.telegram_page_text(source) or formats.html_text(source)


_TEXT_READERS = {
    "md": formats.markdown_text,
    "html": _html_text,
    "srt": subtitles.subtitle_text,
    "vtt": subtitles.subtitle_text,
}
_SUPPORTED = (
    ".txt, .text, .md, .markdown, .html, .htm, .docx, .odt, .pdf, .srt, .vtt, .eml, .msg, a chat export's .zip or .json,"
    " or a picture's .png, .jpg, .jpeg or .webp, by OCR (or - for standard input)"
)

# What each format must be, in the words of a refusal: "… looks like a PDF file, not plain text".
_EXPECTED = {
    "txt": "plain text",
    "stdin": "plain text",
    "md": "Markdown text",
    "html": "an HTML page",
    "docx": "a Word (.docx) file",
    "odt": "an OpenDocument text (.odt) file",
    "pdf": "a PDF file",
    "srt": "a SubRip subtitle (.srt) file",
    "vtt": "a WebVTT subtitle (.vtt) file",
    "eml": "an e-mail (.eml) file",
    "msg": "an Outlook message (.msg) file",
    "zip": "a WhatsApp chat export (.zip)",
    "json": "a Telegram chat export (.json)",
    "png": "a PNG file",
    "jpeg": "a JPEG file",
    "webp": "a WebP file",
}
_PICTURE_KINDS = frozenset(_EXPECTED[kind] for kind in PICTURES)
# The kinds of file attached to an e-mail that are read after its text: documents. A picture
# (a logo, a photo) or an attached chat export or e-mail is named, not read.
_ATTACHED_KINDS = frozenset({"txt", "md", "html", "docx", "odt", "pdf"})
# Outlook names the parts of a message that have no name of their own ATT00001.txt,
# ATT00002.htm…: a mailing list's footer, the rest of the text after a picture.
_UNNAMED_PART = re.compile(r"ATT\d{5}\.(?:txt|html?)", re.IGNORECASE)


def _attached_file(name: str, raw: bytes) -> formats.Extracted | None:
    """A file attached to an e-mail read as it would be on its own, or None for a kind not
    read so; refused as ``read_document`` refuses a file."""
    kind = FORMATS.get(Path(name).suffix.lower())
    if kind not in _ATTACHED_KINDS or _UNNAMED_PART.fullmatch(name):
        return None
    return _extracted(raw, kind, name)


_FILE_READERS = {
    "docx": formats.docx_text,
    "odt": formats.odt_text,
    "pdf": pdf.pdf_text,
    "eml": partial(mail.mail_text, read_file=_attached_file),
    "msg": partial(outlook.msg_text, read_file=_attached_file),
    "zip": posts.chat_zip_text,
    "json": posts.telegram_export_text,
    "png": pictures.picture_text,
    "jpeg": pictures.picture_text,
    "webp": pictures.picture_text,
}

# The container of old Office files and Outlook's messages.
_COMPOUND_MAGIC, _COMPOUND_FILE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office (.doc/.xls) file"
# Files people mistake for articles; checked before decoding so the message can name them.
_MAGIC_NUMBERS = (
    (b"%PDF", "a PDF file"),
    (b"PK\x03\x04", "a zip (or .docx/.xlsx) file"),
    (b"PK\x05\x06", "a zip file"),
    (b"\x89PNG\r\n\x1a\n", "a PNG file"),
    (b"GIF87a", "a GIF file"),
    (b"GIF89a", "a GIF file"),
    (b"\xff\xd8\xff", "a JPEG file"),
    (b"\x1f\x8b", "a gzip file"),
    (_COMPOUND_MAGIC, _COMPOUND_FILE),
)
# What a compound file (old Office's container, and Outlook's) holds, by a part only its kind has.
_COMPOUND_PARTS = (
    ("__properties_version1.0", "an Outlook message (.msg) file"),
    ("WordDocument", "an old Word (.doc) file"),
    ("Workbook", "an old Excel (.xls) file"),
    ("Book", "an old Excel (.xls) file"),
    ("PowerPoint Document", "an old PowerPoint (.ppt) file"),
)
# The part that tells Office and OpenDocument files apart inside their zip.
_ZIP_PARTS = (
    ("word/document.xml", "a Word (.docx) file"),
    ("xl/workbook.xml", "an Excel (.xlsx) file"),
    ("ppt/presentation.xml", "a PowerPoint (.pptx) file"),
    ("content.xml", "an OpenDocument file"),
)
# An OpenDocument file says what it is in its first part.
_ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "an OpenDocument text (.odt) file",
    b"application/vnd.oasis.opendocument.spreadsheet": "an OpenDocument spreadsheet (.ods) file",
    b"application/vnd.oasis.opendocument.presentation": "an OpenDocument presentation (.odp) file",
}

# UTF-32 marks first: the UTF-32 LE mark begins with the UTF-16 LE one.
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)

# Control characters (Unicode category Cc) other than tab, newlines and form feed, which are
# ordinary in pasted text; a text with more than a few of them is binary data decoded by force.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_MAX_CONTROL_SHARE = 0.05

# A whole web page, as opposed to text that mentions a tag: it opens with a doctype or <html>.
_HTML_PAGE = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.IGNORECASE | re.DOTALL)
# A header field's name (RFC 5322: printable ASCII but the colon), then the colon.
_MAIL_FIELD = re.compile(r"([!-9;-~]+):")
_MAIL_FIELDS = frozenset({
    "from", "subject", "date", "to", "cc", "mime-version", "received", "return-path", "message-id",
    "delivered-to", "reply-to", "sender", "content-type",
})
# Far more than any message's header, which a chain of Received fields makes a few KB long.
_MAIL_HEADER_READ = 100_000
# Any of the tags an HTML page or fragment is built of.
_HTML_TAG = re.compile(
    r"<(?:!doctype\s+html|html|head|body|title|meta|p|div|article|main|section|span|br|h[1-6]|ul|ol|li|a|table)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Link:
    """A web link in an article: ``text[start:end]`` is its text, ``address`` where it points."""

    start: int
    end: int
    address: str


@dataclass(frozen=True, slots=True)
class PageStart:
    """Where a page's text begins in a paged article (a PDF), or an attached file's in an
    e-mail: ``text[start:]`` is on page ``number`` (from 1; 0 where the text is on no page)
    of ``attachment`` (an attached file's name; "" for the article's own text), up to the
    next page's start."""

    start: int
    number: int
    attachment: str = ""


@dataclass(frozen=True, slots=True)
class Document:
    """An article as text.

    `path` is the path as given; standard input is `Path("-")`. `text` is what the
    splitter reads, newlines normalised to LF, and `Sentence` offsets index it. `sha256` is
    taken over the file's raw bytes, `text_sha256` over `text` in UTF-8, so the workbook
    can record exactly what was checked. `format` is how it was read: "txt", "md", "html",
    "docx", "odt", "pdf", "srt", "vtt", "eml", "msg", "zip", "json", "png", "jpeg", "webp" or
    "stdin"; `notes` say what extraction left out, such as "1 table skipped", and for an
    e-mail who sent it and when. `links` are the web links that the text shows only as words
    (in HTML, Markdown, Word, OpenDocument, PDF and e-mail), placed by offsets into `text`;
    `pages`, for a PDF, where each page's text begins, and for an e-mail, where each attached
    file's text begins and its pages. `published` is the day the article was published, where
    the file says (`formats.Extracted`).
    """

    path: Path
    text: str
    sha256: str
    format: str = "txt"
    notes: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    pages: tuple[PageStart, ...] = ()
    published: dt.date | None = None
    text_sha256: str = field(init=False)

    def __post_init__(self) -> None:
        # Derived, not passed, so it can never disagree with the text.
        object.__setattr__(self, "text_sha256", hashlib.sha256(self.text.encode("utf-8")).hexdigest())


def read_document(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read an article, choosing the reader by the file's extension ("-": standard input).

    Raises DocumentError for a missing, unreadable, empty or binary file, one over
    ``max_bytes``, an unsupported extension, content that does not match its extension, or
    a file without text.
    """
    path = Path(path)
    raw, name = _read_input(path, max_bytes)
    kind = "stdin" if path == STDIN else _format(path)
    extracted = _extracted(raw, kind, name)
    text = _normalise_newlines(extracted.text)
    return Document(
        path,
        text,
        hashlib.sha256(raw).hexdigest(),
        kind,
        extracted.notes,
        placed_links(text, extracted.links),
        placed_pages(text, extracted.pages),
        extracted.published,
    )


def _extracted(raw: bytes, kind: str, name: str) -> formats.Extracted:
    """The text of a file of ``kind`` (``name`` in refusals), refused as ``read_document`` says."""
    if not raw:
        raise DocumentError(f"{name} is empty")
    expected = _EXPECTED[kind]
    if kind in _FILE_READERS:
        looks = _looks_like(raw)
        # A picture saved under another picture's extension is common, and read all the same; a
        # damaged Outlook message is read for its reader to say what is wrong with it.
        if looks != expected and not (kind in PICTURES and looks in _PICTURE_KINDS) and not (kind == "msg" and looks == _COMPOUND_FILE):
            raise DocumentError(f"{name} looks like {looks}, not {expected}")
        extracted = _parse(_FILE_READERS[kind], raw, name, expected)
    else:
        text = _plain_text(raw, name, expected)
        if kind == "html" and not _HTML_TAG.search(text):
            raise DocumentError(f"{name} looks like plain text, not an HTML page")
        if kind != "html" and _HTML_PAGE.match(text):
            raise DocumentError(f"{name} looks like an HTML page, not {expected}")
        # Players read either subtitle format whatever its name, and so does factcheck.
        if kind in ("srt", "vtt") and not subtitles.subtitle_format(text):
            raise DocumentError(f"{name} looks like plain text, not {expected}")
        reader = _TEXT_READERS.get(kind)
        if reader:
            extracted = reader(text)
        elif _is_mail(text):  # a message a mail program saved as text
            extracted = _parse(_FILE_READERS["eml"], text.encode("utf-8"), name, _EXPECTED["eml"])
        else:
            extracted = subtitles.plain_text_transcript(text) or posts.pasted_posts(text) or formats.Extracted(text)
    if not extracted.text.strip():
        raise DocumentError(_no_text(name, kind, extracted.notes))
    return extracted


def is_picture(path: Path) -> bool:
    """Whether a file is a picture by its extension, which ``read_document`` reads by OCR."""
    return FORMATS.get(path.suffix.lower()) in PICTURES


def is_article_file(path: Path) -> bool:
    """Whether a folder's file is one ``read_document`` reads, by its extension; a zip or JSON
    file only when it is a chat export, and no picture, as most beside articles are something
    else."""
    if is_picture(path):
        return False
    kind = FORMATS.get(path.suffix.lower())
    try:
        if kind == "zip":
            with zipfile.ZipFile(path) as archive:
                return posts.chat_member(archive.namelist()) is not None
        if kind == "json":
            return path.stat().st_size <= DEFAULT_MAX_BYTES and posts.is_telegram_export(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError, zipfile.BadZipFile):
        return False
    return kind is not None


def placed_links(text: str, links: tuple[tuple[str, str], ...]) -> tuple[Link, ...]:
    """Each (link text, address) found in ``text``, in order, each after the one before;
    a link whose text cannot be found (extraction changed its spacing) is left out. A link
    with the text of the one before, not found after it, is on the same words (a footnote's
    second address)."""
    placed: list[Link] = []
    position, placed_words = 0, None
    for words, address in links:
        found = formats.link_words(words).search(text, position)
        if found:
            placed.append(Link(found.start(), found.end(), address))
            position, placed_words = found.end(), words
        elif words == placed_words:
            placed.append(replace(placed[-1], address=address))
    return tuple(placed)


def placed_pages(text: str, pages: tuple[tuple[str, int, int, str], ...]) -> tuple[PageStart, ...]:
    """Where each page's first words are found in ``text``, each after the one before and, where
    they are found more than once, nearest where the page was reckoned to begin; a page whose
    words cannot be found (extraction changed them) runs on from the page before."""
    placed: list[PageStart] = []
    position = 0
    for words, number, about, attachment in pages:
        found = [match.start() for match in formats.link_words(words).finditer(text, position)] if words else []
        if found:
            start = min(found, key=lambda start: abs(start - about))
            placed.append(PageStart(start, number, attachment))
            position = start + 1
    return tuple(placed)


def page_at(pages: Sequence[PageStart], offset: int) -> PageStart | None:
    """The page the text at ``offset`` is on, None for an article that is not on pages."""
    at = bisect.bisect_right(pages, offset, key=lambda page: page.start)
    return pages[at - 1] if at else (pages[0] if pages else None)


def read_text_file(path: str | Path) -> str:
    """Decode a plain-text file whatever its extension (the sentence files that scoring and
    training read), with the same refusals as an article; ``-`` is standard input."""
    path = Path(path)
    raw, name = _read_input(path, None)
    if not raw:
        raise DocumentError(f"{name} is empty")
    return _normalise_newlines(_plain_text(raw, name, "plain text"))


def _read_input(path: Path, max_bytes: int | None) -> tuple[bytes, str]:
    """The bytes of a file, or of standard input for ``-``, and the name to give it in
    messages; refused when over ``max_bytes`` (None: no limit)."""
    if path == STDIN:
        # One byte over the limit is enough to refuse, without reading all of a huge stream.
        raw, name = sys.stdin.buffer.read(-1 if max_bytes is None else max_bytes + 1), "standard input"
    else:
        raw, name = _read_bytes(path, max_bytes), str(path)
    if max_bytes is not None and len(raw) > max_bytes:
        raise DocumentError(_too_large(name, max_bytes))
    return raw, name


def _format(path: Path) -> str:
    suffix = path.suffix.lower()
    kind = FORMATS.get(suffix)
    if kind is None:
        what = f"{suffix} files" if suffix else "files without an extension"
        raise DocumentError(f"{path}: factcheck cannot read {what}; it reads {_SUPPORTED}")
    return kind


def _plain_text(raw: bytes, name: str, expected: str) -> str:
    """Decode text, refusing files that are something else or decode to nothing."""
    if _magic_kind(raw):
        raise DocumentError(f"{name} looks like {_looks_like(raw)}, not {expected}")
    text = _decode(raw, name)
    if not text.strip():
        raise DocumentError(f"{name} is empty" if not text else f"{name} contains only whitespace")
    if _mostly_controls(text):
        raise DocumentError(f"{name} looks like binary data, not {expected}")
    return text


def _parse(extract: Callable[[bytes], formats.Extracted], raw: bytes, name: str, expected: str) -> formats.Extracted:
    try:
        return extract(raw)
    except Exception as error:  # the parsers meet damaged files with errors of every kind
        raise DocumentError(f"{name} cannot be read as {expected}: {error}") from error


def _no_text(name: str, kind: str, notes: tuple[str, ...]) -> str:
    reason = {
        "md": "has no text once its Markdown markup is removed",
        "html": "has no article text that could be told from the rest of the page",
        "docx": "has no text in its paragraphs",
        "odt": "has no text in its paragraphs",
        "pdf": "has no text to extract, nor any that OCR could read on a scanned page",
        "srt": "has no subtitle text",
        "vtt": "has no subtitle text",
        # Plain text has text; only what is read out of it (subtitles or an e-mail saved as
        # text) can lack it.
        "txt": "has no text once read as the subtitles, e-mail or chat it holds",
        "stdin": "has no text once read as the subtitles, e-mail or chat it holds",
        "eml": "has no message text",
        "msg": "has no message text",
        "zip": "has no message text",
        "json": "has no message text",
        "png": "has no text that OCR could read",
        "jpeg": "has no text that OCR could read",
        "webp": "has no text that OCR could read",
    }[kind]
    return f"{name} {reason}" + (f" ({'; '.join(notes)})" if notes else "")


def _looks_like(raw: bytes) -> str:
    """What some bytes are, in words: "a PDF file", "an HTML page", "plain text"…"""
    if raw.startswith(b"PK\x03\x04"):
        try:
            archive = zipfile.ZipFile(io.BytesIO(raw))
            parts = set(archive.namelist())
            mimetype = archive.read("mimetype").strip() if "mimetype" in parts else b""
        except (zipfile.BadZipFile, NotImplementedError):  # damaged, or a zip version zipfile cannot read
            return "a zip (or .docx/.xlsx) file"
        if mimetype in _ODF_MIMETYPES:
            return _ODF_MIMETYPES[mimetype]
        if posts.chat_member(parts):
            return _EXPECTED["zip"]
        return next((kind for part, kind in _ZIP_PARTS if part in parts), "a zip file")
    if raw.startswith(_COMPOUND_MAGIC):
        return _compound_kind(raw)
    # A PDF may have a few bytes of junk before its header; readers accept up to 1 KiB.
    if b"%PDF-" in raw[:1024]:
        return "a PDF file"
    kind = _magic_kind(raw)
    if kind:
        return kind
    try:
        text = _decode(raw, "")
    except DocumentError:  # a byte-order mark on something else
        return "binary data"
    if _mostly_controls(text):
        return "binary data"
    if _is_mail(text):
        return _EXPECTED["eml"]
    if posts.is_telegram_export(text):
        return _EXPECTED["json"]
    if text.lstrip()[:1] in ("{", "[") and _is_json(text):
        return "JSON data"
    return "an HTML page" if _HTML_PAGE.match(text) else "plain text"


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _is_mail(text: str) -> bool:
    """Whether a text opens with an e-mail's header: only header fields up to the first blank
    line, two or more of them known ones, From or Subject among them. A note that opens
    "Subject: the budget" is plain text."""
    lines = text.lstrip()[:_MAIL_HEADER_READ].splitlines()
    # An mbox file, which some clients save a message as, opens with a "From " line.
    if lines and lines[0].startswith("From "):
        lines = lines[1:]
    names = set()
    for line in lines:
        if not line.strip():
            break
        if line[0] in " \t":  # a long field folded onto the next line
            continue
        field = _MAIL_FIELD.match(line)
        if field is None:
            return False
        names.add(field[1].lower())
    known = {name for name in names if name in _MAIL_FIELDS or name.startswith("x-")}
    return len(known) >= 2 and bool(names & {"from", "subject"})


def _normalise_newlines(text: str) -> str:
    """Turn CRLF and lone CR line endings into LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _too_large(name: str, max_bytes: int) -> str:
    return (
        f"{name} is larger than the {max_bytes / 1_000_000:g} MB limit for an article; "
        "raise the limit with --max-size MB (max_bytes in Python) if it really is one"
    )


def _read_bytes(path: Path, max_bytes: int | None = None) -> bytes:
    """The file's bytes; with ``max_bytes``, a file over it is refused before it is read."""
    # is_dir first: on Windows reading a folder fails as PermissionError, which would mislead.
    if path.is_dir():
        raise DocumentError(f"{path} is a directory, not a file")
    if path.exists() and not path.is_file():
        # A named pipe or a device would be read until it ends, which may be never.
        raise DocumentError(f"{path} is not a regular file (a pipe or a device?); use - to read standard input")
    try:
        if max_bytes is not None and path.stat().st_size > max_bytes:
            raise DocumentError(_too_large(str(path), max_bytes))
        return path.read_bytes()
    except FileNotFoundError as error:
        raise DocumentError(f"no such file: {path}") from error
    except PermissionError as error:
        raise DocumentError(f"cannot read {path}: permission denied") from error
    except OSError as error:
        raise DocumentError(f"cannot read {path}: {error.strerror or error}") from error


def _compound_kind(raw: bytes) -> str:
    """What a compound file is, by its parts: "an Outlook message (.msg) file", "an old Word
    (.doc) file"…; one too damaged to list its parts is only an old Office file."""
    try:
        with olefile.OleFileIO(io.BytesIO(raw)) as compound:
            return next((kind for part, kind in _COMPOUND_PARTS if compound.exists(part)), _COMPOUND_FILE)
    except Exception:  # olefile meets damaged files with errors of every kind
        return _COMPOUND_FILE


def _magic_kind(raw: bytes) -> str | None:
    for magic, kind in _MAGIC_NUMBERS:
        if raw.startswith(magic):
            return kind
    # A WebP picture is a RIFF file, as a WAV sound is: the kind follows the size.
    if raw.startswith(b"RIFF") and raw[8:12] == b"WEBP":
        return "a WebP file"
    return None


def _decode(raw: bytes, name: str) -> str:
    for bom, encoding, unicode in _WIDE_BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom) :].decode(encoding)
            except UnicodeDecodeError as error:
                raise DocumentError(
                    f"{name} starts with a {unicode} byte-order mark but is not valid {unicode}"
                ) from error
    # A stray NUL (a crashed editor's padding, a bad paste) is a control character like any
    # other: _mostly_controls tells text with a few of them from binary data.
    raw = raw.removeprefix(codecs.BOM_UTF8)
    for encoding in ("utf-8", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    # latin-1 maps every byte, so a few bytes cp1252 leaves undefined cannot stop the read.
    return raw.decode("latin-1")


def _mostly_controls(text: str) -> bool:
    return len(_CONTROL.findall(text)) > _MAX_CONTROL_SHARE * len(text)
