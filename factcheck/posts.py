"""Social media posts and chats that reach a desk as text: a WhatsApp chat export, a Telegram
chat export (JSON or HTML) or messages copied from Telegram Desktop, posts copied from X, Bluesky
or Mastodon, or read by OCR from a screenshot of them.

Each message or post becomes paragraphs opening with a label the splitter reads as a turn,
"[Posted Mar 4] Kari Holm (@kariholm): The ferry…" ("[Sent 04/03/2026, 09:14] Kari Holm: …"
in a chat), so its sentences are said by its author and dated by it; what the platform adds
around a post (counts, buttons, notices) is left out.
"""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .details import is_web_address
from .formats import FINAL_PUNCTUATION, Extracted, extraction_note, join_paragraphs

# A chat export's date and time, in the phone's style: "04/03/2026, 09:14", "3/4/26, 9:14 AM",
# "2026-03-04 09:14:22"; newer exports put a narrow no-break space before AM and PM. Messages
# copied from WhatsApp's desktop and web apps put the time first: "[09:14, 04/03/2026]".
DATE_IN_DIGITS = r"\d{1,4}[/.\-]\d{1,2}[/.\-]\d{2,4}"
AM_OR_PM = r"(?:\s?[AaPp]\.?\s?[Mm]\.?)?"
_TIME_OF_DAY = rf"\d{{1,2}}[:.]\d{{2}}(?:[:.]\d{{2}})?{AM_OR_PM}"
_ANDROID_LINE = re.compile(rf"(?P<posted>{DATE_IN_DIGITS},? {_TIME_OF_DAY}) [-–] (?P<rest>.*)")
_IPHONE_LINE = re.compile(rf"\[(?P<posted>{DATE_IN_DIGITS},? {_TIME_OF_DAY}|{_TIME_OF_DAY}, {DATE_IN_DIGITS})\] (?P<rest>.*)")
_SENDER = re.compile(r"(?P<sender>[^:\n]{1,80}?): (?P<said>.*)|(?P<alone>[^:\n]{1,80}?):$")
# What an export writes for media, alone in a message: left out of it, or attached beside it.
_MEDIA = re.compile(
    r"<Media omitted>|.*\b(?:image|video|audio|sticker|GIF|document|Contact card|voice message) omitted"
    r"|.*<attached: [^<>]+>|.*\(file attached\)",
    re.IGNORECASE,
)
_IPHONE_NOTICE = re.compile(r"(?P<header>\u200e?\[[^\]\n]*\] )(?P<sender>[^:\n]{1,80}): (?P<said>\u200e.*)")
_DELETED = frozenset({"This message was deleted", "You deleted this message", "This message was deleted."})
_EDITED = re.compile(r"\s*<This message was edited>$")
# Direction marks iPhone exports put before some lines and attachments.
_BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")

# Telegram Desktop's line above each message it copies: "Kari Holm, [04.03.2026 09:14]".
_TELEGRAM_HEADER = re.compile(r"(?P<sender>[^\[\]\n]{1,80}), \[(?P<posted>[^\[\]\n]*\d{1,2}:\d{2}[^\[\]\n]*)\]")

# A page of Telegram Desktop's HTML export (its default: messages.html, then messages2.html…
# past each thousand messages) holds its messages in this block.
_TELEGRAM_PAGE = 'class="page_body chat_page"'
# A message's date and time in the page, in its title: "04.03.2026 09:14:22 UTC+01:00".
_TELEGRAM_PAGE_DATE = re.compile(r"(?P<day>\d{2})\.(?P<month>\d{2})\.(?P<year>\d{4}) (?P<time>\d{2}:\d{2})")
# A page does not say what its chat is; a channel's own notices do.
_CHANNEL_NOTICE = re.compile(r"Channel (?:«.*» created|title changed|photo (?:changed|removed)|theme)")
_VIA_BOT = re.compile(r"\s+via @\w+$")
# Telegram names every chat's export files alike, and so does an iPhone the chat in WhatsApp's
# zip; the chat's name, atop each, tells them apart.
_EXPORT_FILE = re.compile(r"messages(?P<page>\d*)\.html|result\.json|_chat\.txt")
_PAGE_HEADER_NAME = re.compile(rb'<div class="page_header">.*?<div class="text bold">\s*(?P<name>.*?)\s*</div>', re.DOTALL)
_EXPORT_NAME = re.compile(rb'\A(?:\xef\xbb\xbf)?\s*\{\s*"name":\s*(?P<name>"(?:[^"\\]|\\.)*")')
# What a file name cannot hold on Windows, macOS or Linux.
_NOT_IN_FILE_NAMES = re.compile(r'[<>:"/\\|?*\x00-\x1f]+')
_MAX_NAME_CHARS_IN_FILE = 80

# What OCR reads in a screenshot where a copy has other marks: a verified badge after a name
# ("Kari Holm @", "Kari Holm ©"), "-", "+" or ":" for the "·" between handle, date and views,
# and the counts under a post on one line ("312 88 1.2K 45K").
_BADGE = re.compile(r"\s*[^\w\s]{1,2}$")
# What OCR reads in an author's round picture before the name: "OO", "C)", "©", "@".
_PICTURE_MARKS = re.compile(r"^(?:[O0oQCcé@©®()|.,'\"*&%#-]{1,2}\s+)+")
_READ_AS_DOT = re.compile(r"\s?[-+•*«:]\s")

# An author's handle on the line below their name: "@kariholm", "@annaberg.bsky.social",
# "@perlund@mastodon.social"; the date may follow it after "·".
_HANDLE = r"@[A-Za-z0-9_](?:[\w.\-]*\w)?(?:@\w[\w\-]*(?:\.[\w\-]+)+)?"
_HANDLE_LINE = re.compile(rf"(?P<handle>{_HANDLE})(?:\s*·\s*(?P<posted>.*))?")
_NAMED_HANDLE_LINE = re.compile(rf"(?P<name>[^@\n]{{1,60}}?)\s+(?P<handle>{_HANDLE})\s*·\s*(?P<posted>.+)")
MONTH_NAME = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
# How a copy dates a post: "3h", "now", "Mar 4", "4 Mar 2026", "March 4, 2026 at 9:14 AM"; a
# time ago is in lower case, as a count in millions is not ("45M").
_DATE_LINE = re.compile(
    rf"\d{{1,2}}\s?(?-i:s|m|min|h|d|w)|now|just now|yesterday|{_TIME_OF_DAY}"
    rf"|(?:(?:\d{{1,2}} {MONTH_NAME}|{MONTH_NAME} \d{{1,2}})(?:,? \d{{4}})?|{DATE_IN_DIGITS})(?:,? (?:at )?{_TIME_OF_DAY})?",
    re.IGNORECASE,
)
# A post's own page dates it below the text: "9:14 AM · Mar 4, 2026 · 45.2K Views".
_PAGE_DATE = re.compile(rf"(?P<posted>{_TIME_OF_DAY} · [^·]+?)(?:\s*·\s*[\d.,]+[KkMm]?\s*Views?)?", re.IGNORECASE)
# Counts under a post, alone or with what they count: "12", "1.2K", "45.2K Views", "88 likes".
_COUNT = re.compile(
    r"[\d.,]+\s?[KkMm]?(?:\s+(?:views?|replies|reply|reposts?|retweets?|quotes?|likes?|bookmarks?|boosts?"
    r"|favou?rites?|comments?|shares?))?",
    re.IGNORECASE,
)
_BUTTONS = frozenset(
    "show more|show less|translate post|translate|show translation|quote|follow|following|subscribe|pinned"
    "|show this thread|show replies|post your reply|reply|repost|like|share|bookmark|views|reposts|likes|quotes"
    "|bookmarks|replies|edited|ad|promoted|everybody can reply|who can reply?|copy link|more|boost|favourite"
    "|favorite|post|thread|conversation|·".split("|")
)
_FURNITURE_LINE = re.compile(
    rf"(?:.+ (?:reposted|retweeted|boosted)|Replying to (?:{_HANDLE}[ ,]*(?:and )?)+(?:and \d+ others?)?"
    r"|Last edited .*|Translated from .*|Read \d+ repl(?:y|ies)|Quote post|Edited .*)",
    re.IGNORECASE,
)
# X's community note: its opening line, then the note, up to the question under it.
_CONTEXT_OPENING = re.compile(r"Readers added context.*", re.IGNORECASE)
_CONTEXT_CLOSING = frozenset({"do you find this helpful?", "rate it", "rate"})
# A thread's numbering opening a post: "1/ ", "2/5 ", "(3/5) ", "1/n ", "4. ".
_THREAD_NUMBER = re.compile(r"\(?(?P<number>\d{1,3})(?:/(?P<of>\d{1,3}|n)?|\.)\)?\s+(?=[A-Z\"“‘'\d])")
# Where a page's panels begin, below its posts, when a whole page is copied: what follows
# (people to follow, trends) is no post.
_PAGE_END = frozenset({"relevant people", "what's happening", "who to follow", "trending now", "discover more", "terms of service"})
# Lines a copy may hold above the first post: a page title ("Post", "Kari Holm on X").
_MAX_LINES_ABOVE = 2
_MAX_NAME_CHARS = 60


@dataclass(frozen=True, slots=True)
class Post:
    """A message or post: who wrote it, when, as the copy dates it, and its lines; ``in_chat``
    for a chat's message, whose sender forwarded it as often as wrote it."""

    author: str
    posted: str
    lines: tuple[str, ...]
    in_chat: bool = False


def pasted_posts(text: str) -> Extracted | None:
    """A plain text of social media posts or chat messages read as turns of their authors,
    each paragraph opening "[Posted {date}] {author}:" ("[Sent …]" in a chat), a Telegram
    export's JSON among them; None for a text that is none."""
    export = _telegram_export(text)  # a Telegram export piped in, or saved as text
    if export is not None:
        return _telegram_text(export)
    lines = _lines(text)
    return _chat_export(lines) or _telegram_copy(lines) or _copied_posts(lines)


def screenshot_posts(text: str) -> Extracted | None:
    """Posts in a screenshot, as OCR reads them (``pasted_posts`` for posts copied as text):
    the marks that a picture and a badge by the author's name leave, and those between handle,
    date and views, put right, the counts left out, and each post's lines, wrapped at the
    screen's width, joined again where they break a sentence; None for a text that is no posts.
    OCR sets many lines apart with blank lines, so blank lines say nothing here."""
    lines = [line for line in map(_screen_line, _lines(text)) if line]
    # A name is the line over a handle's: marks around it are the picture's and the badge's.
    names = {n for n in range(len(lines) - 1) if _HANDLE_LINE.fullmatch(lines[n + 1]) and not _HANDLE_LINE.fullmatch(lines[n])}
    joined: list[str] = []
    for n, line in enumerate(lines):
        if n in names:
            line = _BADGE.sub("", _PICTURE_MARKS.sub("", line))
        if joined and not joined[-1].endswith(FINAL_PUNCTUATION) and n not in names and not _is_header_or_date(joined[-1]) and _goes_on(line):
            joined[-1] += " " + line
        else:
            joined.append(line)
    return _copied_posts(joined, "read in a screenshot")


def _goes_on(line: str) -> bool:
    """Whether a screenshot's line may go on with a sentence on the line above: it is no header,
    date, count or button, unless a number that ends the sentence ("2028.")."""
    return not _is_header_or_date(line) or (line.endswith(FINAL_PUNCTUATION) and bool(_COUNT.fullmatch(line[:-1])))


def _screen_line(line: str) -> str:
    """A line of a screenshot's OCR with its "·" marks read right and, on a post's header, the
    marks its author's picture left before the name; "" for a row of counts."""
    if len(words := line.split()) > 1 and all(_COUNT.fullmatch(word) for word in words):
        return ""
    dotted = _READ_AS_DOT.sub(" · ", line)
    header = _PICTURE_MARKS.sub("", dotted)
    return header if _NAMED_HANDLE_LINE.fullmatch(header) else dotted if _is_header_or_date(dotted) else line


def _is_header_or_date(line: str) -> bool:
    return any(pattern.fullmatch(line) for pattern in (_HANDLE_LINE, _NAMED_HANDLE_LINE, _PAGE_DATE, _DATE_LINE)) or _is_furniture(line)


def chat_member(names: Iterable[str]) -> str | None:
    """The chat in a WhatsApp export's zip, by its name: "_chat.txt" (iPhone), "WhatsApp Chat
    with Ferry Watch.txt" (Android); None for a zip that holds none."""
    for name in names:
        base = name.rsplit("/", 1)[-1]
        if base == "_chat.txt" or (base.startswith("WhatsApp Chat") and base.endswith(".txt")):
            return name
    return None


def chat_zip_text(raw: bytes) -> Extracted:
    """The chat a WhatsApp export's zip holds, read as ``pasted_posts`` reads it; the media
    beside it are not read. Raises ValueError when its chat is none."""
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        member = chat_member(archive.namelist())
        if member is None:
            raise ValueError("it holds no _chat.txt")
        text = archive.read(member).decode("utf-8-sig")
    extracted = _chat_export(_lines(text))
    if extracted is None:
        raise ValueError(f"its {member} is no chat export")
    return extracted


def is_telegram_export(text: str) -> bool:
    """Whether a text is a Telegram Desktop chat export in JSON: an object with a list of
    messages and the chat's name and type."""
    return _telegram_export(text) is not None


def _telegram_export(text: str) -> dict[str, Any] | None:
    """A Telegram Desktop chat export's JSON, parsed; None for a text that is none."""
    if not text.lstrip().startswith("{"):
        return None
    try:
        export = json.loads(text)
    except ValueError:
        return None
    is_export = isinstance(export, dict) and isinstance(export.get("messages"), list) and {"name", "type"} <= export.keys()
    return export if is_export else None


def telegram_export_text(raw: bytes) -> Extracted:
    """A Telegram Desktop chat export in JSON ("Export chat history", result.json): each message
    a turn of its sender (a forward's of its first author), dated; a channel's messages are
    posts, a group's or a person's a chat's. Links on words keep their addresses; service
    messages and media are counted, not read. Raises ValueError for other JSON."""
    export = _telegram_export(raw.decode("utf-8-sig"))
    if export is None:
        raise ValueError("it is no chat export (an object with its name, type and messages)")
    return _telegram_text(export)


def _telegram_text(export: dict[str, Any]) -> Extracted:
    """A parsed Telegram export's messages as turns."""
    channel = str(export.get("type", "")).endswith("channel")
    posts: list[Post] = []
    links: list[tuple[str, str]] = []
    notices = media = 0
    for message in export["messages"]:
        if not isinstance(message, dict) or message.get("type") != "message":
            notices += 1
            continue
        parts = message.get("text", "")
        parts = parts if isinstance(parts, list) else [parts]
        said = "".join(part if isinstance(part, str) else str(part.get("text") or "") for part in parts if isinstance(part, (str, dict)))
        links.extend((str(part["text"]), str(part["href"])) for part in parts if isinstance(part, dict) and part.get("text") and part.get("href"))
        media += any(key in message for key in ("photo", "file", "media_type", "sticker_emoji"))
        sender, first = str(message.get("from") or ""), message.get("forwarded_from")
        author = f"{first} (forwarded by {sender})" if first and sender else str(first or sender or "unnamed sender")
        posted = str(message.get("date", "")).replace("T", " ")[:16]
        if said.strip():
            posts.append(Post(author, posted, _message_lines(said)))
    return _telegram_extracted(posts, links, str(export["name"]), channel, media, notices)


def telegram_page_text(source: str) -> Extracted | None:
    """A page of Telegram Desktop's HTML chat export (messages.html) read as its JSON export
    is; None for another page. The page does not say whether its chat is a channel: its
    messages are a chat's, their senders unpublished, unless a notice names the channel
    ("Channel «Ferry Watch» created"). A page's next or earlier pages are named, not read."""
    if _TELEGRAM_PAGE not in source:
        return None
    import lxml.etree
    import lxml.html

    try:  # as bytes, so an XML declaration atop the page is no error
        page = lxml.html.document_fromstring(source.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    except lxml.etree.ParserError:
        return None
    history = next(iter(page.find_class("history")), None)
    if history is None:
        return None
    posts: list[Post] = []
    links: list[tuple[str, str]] = []
    pages: list[str] = []
    notices = media = 0
    channel, sender, first = False, "unnamed sender", ""
    for message in history.iterchildren():
        if "pagination" in _classes(message):
            more, page_file = (" ".join(text.split()) for text in (message.text_content(), message.get("href", "")))
            pages.append(f"{more.lower()} in {page_file}, not read")
        elif "service" in _classes(message):
            # The service messages numbered below zero are the page's days between messages.
            if not message.get("id", "").startswith("message-"):
                notices += 1
                channel = channel or bool(_CHANNEL_NOTICE.match(message.text_content().strip()))
        elif "message" in _classes(message) and (body := _child(message, "body")) is not None:
            # A message "joined" to the one before, from its sender, does not name them again.
            named = _child(body, "from_name")
            sender = _VIA_BOT.sub("", " ".join(named.text_content().split())) if named is not None else sender
            forwarded = _child(body, "forwarded", "body")
            if forwarded is not None:
                named = _child(forwarded, "from_name")
                first = " ".join((named.text or "").split()) if named is not None else first
            content = forwarded if forwarded is not None else body
            media += _child(content, "media_wrap") is not None
            text = _child(content, "text")
            lines = _page_lines(text, links) if text is not None else ()
            if any(lines):
                author = f"{first} (forwarded by {sender})" if forwarded is not None and first else sender
                posts.append(Post(author, _page_posted(body), lines))
    header = next(iter(page.find_class("page_header")), None)
    name = " ".join(header.text_content().split()) if header is not None else ""
    return _telegram_extracted(posts, links, name, channel, media, notices, pages)


def chat_export_name(path: Path) -> str | None:
    """A chat export's file named alike for every chat, by its chat: Telegram's "result.json",
    "messages.html" ("Ferry Watch") and "messages2.html" ("Ferry Watch page 2"), and the
    "_chat.txt" of an iPhone's WhatsApp export, unzipped ("WhatsApp Chat - Ferry Watch", as the
    zip and the folder it unzips to are named: by that folder, or the chat that the first line,
    the encryption notice, names); None for another file, or one that names no chat. Fit for a
    file name."""
    named = _EXPORT_FILE.fullmatch(path.name)
    if named is None:
        return None
    if path.name == "_chat.txt" and (folder := path.resolve().parent.name).startswith("WhatsApp Chat"):
        return folder
    try:
        with path.open("rb") as export:
            head = export.read(16_384)
        if path.suffix == ".txt":
            first = next((line.strip() for line in head.decode("utf-8-sig", "replace").splitlines() if line.strip()), "")
            notice = _IPHONE_NOTICE.fullmatch(first)
            encrypted = notice is not None and _BIDI_MARKS.sub("", notice["said"]).startswith("Messages and calls are end-to-end encrypted")
            chat = f"WhatsApp Chat - {notice['sender']}" if encrypted else ""  # as the zip was named
        elif path.suffix == ".json":
            found = _EXPORT_NAME.match(head)
            chat = json.loads(found["name"]) if found else ""
        else:
            found = _PAGE_HEADER_NAME.search(head)
            chat = html.unescape(found["name"].decode("utf-8", "replace")) if found else ""
    except (OSError, ValueError):
        return None
    chat = _NOT_IN_FILE_NAMES.sub("-", " ".join(chat.split()))[:_MAX_NAME_CHARS_IN_FILE].strip(" .-")
    if not chat:
        return None
    return f"{chat} page {named['page']}" if named["page"] else chat


def _telegram_extracted(
    posts: Sequence[Post], links: Sequence[tuple[str, str]], name: str, channel: bool, media: int, notices: int, pages: Sequence[str] = ()
) -> Extracted:
    """A Telegram export's messages as turns, a channel's as posts and a group's or a person's
    as a chat's, with notes on what was left out."""
    posts = [replace(post, in_chat=not channel) for post in posts]
    notes = (
        extraction_note(len(posts), "message", f'read, Telegram export of the {"channel" if channel else "chat"} "{name}"')
        + extraction_note(media, "media file", "not read")
        + extraction_note(notices, "service message", "left out")
        + tuple(pages)
    )
    return Extracted(turns_text(posts), notes, tuple(links))


def _page_posted(body: Any) -> str:
    """When a message in a Telegram export's page was sent, as its JSON export says it: "2026-03-04 09:14"."""
    stamp = _child(body, "date")
    title = stamp.get("title", "") if stamp is not None else ""
    day = _TELEGRAM_PAGE_DATE.match(title)
    return f"{day['year']}-{day['month']}-{day['day']} {day['time']}" if day else " ".join(title.split())


def _page_lines(text: Any, links: list[tuple[str, str]]) -> tuple[str, ...]:
    """A message's lines in a Telegram export's page; the words it links to a web page are
    added to ``links``, as the JSON export's "text_link" parts are (not a bare address or a
    "@mention")."""
    for line_break in text.iter("br"):
        line_break.tail = "\n" + (line_break.tail or "")
    for link in text.iter("a"):
        words, address = link.text_content(), link.get("href", "")
        if address.startswith(("http://", "https://")) and words != address and not words.startswith("@"):
            links.append((words, address))
    return _message_lines(text.text_content())


def _message_lines(said: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in said.split("\n"))


def _classes(element: Any) -> list[str]:
    return (element.get("class") or "").split()  # a comment or processing instruction has none


def _child(element: Any, *names: str) -> Any:
    """An element's first child of these classes, or None."""
    return next((child for child in element.iterchildren() if set(names) <= set(_classes(child))), None)


def _lines(text: str) -> list[str]:
    """A text's lines, stripped, without the direction marks iPhone exports scatter in them; an
    iPhone export's notice loses the name it is filed under, as Android's has none."""
    return [_BIDI_MARKS.sub("", _without_notice_sender(line)).strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]


def _without_notice_sender(line: str) -> str:
    """An iPhone export files a chat's notices ("Kari Holm added you") under the chat's name, or
    the other person's, and marks them, as it marks media, with a direction mark before the text."""
    notice = _IPHONE_NOTICE.match(line)
    if notice is None or _MEDIA.fullmatch(said := _BIDI_MARKS.sub("", notice["said"]).strip()) or said in _DELETED:
        return line
    return notice["header"] + notice["said"]


def _chat_export(lines: Sequence[str]) -> Extracted | None:
    """A WhatsApp chat export: a line opening with a date, time and sender per message."""
    first = next((line for line in lines if line), "")
    style = next((pattern for pattern in (_ANDROID_LINE, _IPHONE_LINE) if pattern.fullmatch(first)), None)
    if style is None:
        return None
    posts: list[Post] = []
    notices = media = deleted = 0
    continued = False  # whether the line below a header goes on with its message
    for line in lines:
        header = style.fullmatch(line)
        if header is None:
            if continued:
                posts[-1] = replace(posts[-1], lines=(*posts[-1].lines, _EDITED.sub("", line)))
            continue
        message = _SENDER.fullmatch(header["rest"])
        said = _EDITED.sub("", message["said"] or "") if message else ""
        continued = bool(message) and not (_MEDIA.fullmatch(said) or said in _DELETED)
        if message is None:  # "Messages and calls are end-to-end encrypted…", "Kari Holm added Per Lund"
            notices += 1
        elif not continued:
            media += bool(_MEDIA.fullmatch(said))
            deleted += said in _DELETED
        else:
            posts.append(Post((message["sender"] or message["alone"]).strip(), " ".join(header["posted"].split()), (said,), in_chat=True))
    if not posts:
        return None
    notes = (
        extraction_note(len(posts), "message", "read, WhatsApp chat export")
        + extraction_note(media, "media file", "not read")
        + extraction_note(deleted, "deleted message", "left out")
        + extraction_note(notices, "chat notice", "left out")
    )
    return Extracted(turns_text(posts), notes)


def _telegram_copy(lines: Sequence[str]) -> Extracted | None:
    """Messages copied from Telegram Desktop, each under "Kari Holm, [04.03.2026 09:14]"."""
    first = next((line for line in lines if line), "")
    if not _TELEGRAM_HEADER.fullmatch(first):
        return None
    posts: list[Post] = []
    for line in lines:
        header = _TELEGRAM_HEADER.fullmatch(line)
        if header:
            posts.append(Post(header["sender"].strip(), header["posted"].strip(), (), in_chat=True))
        elif posts:
            posts[-1] = replace(posts[-1], lines=(*posts[-1].lines, line))
    return Extracted(turns_text(posts), extraction_note(len(posts), "message", "read, copied from Telegram"))


def _copied_posts(lines: Sequence[str], read: str = "read, copied from a social media page") -> Extracted | None:
    """Posts copied from X, Bluesky or Mastodon: each opens with its author's name on a line and
    the handle on the next (or both on one line, with the date: "Kari Holm @kariholm · 3h");
    the counts, buttons and community notes around them are left out."""
    opening = _first_header(lines)
    if opening is None:
        return None
    headers = [opening, *(header for n in range(opening.body, len(lines)) if (header := _post_header(lines, n)))]
    posts: list[Post] = []
    context: list[str] = []
    for header, after in zip(headers, [*(later.start for later in headers[1:]), len(lines)]):
        body = list(lines[header.body : after])
        posted = header.posted
        while body and (not body[0].strip("· ") or (not posted and _DATE_LINE.fullmatch(body[0].strip("· ")))):
            posted = posted or body[0].strip("· ")
            body.pop(0)
        ends = next((n for n, line in enumerate(body) if line.lower() in _PAGE_END), None)
        said, posted, page_date, note = _post_lines(body[:ends], posted)
        context.extend(note)
        # A quoted post comes before the page's date of the post quoting it.
        undated = [n for n, post in enumerate(posts) if not post.posted]
        if page_date and posted and undated:
            posts[undated[-1]] = replace(posts[undated[-1]], posted=page_date)
        said = tuple(_without_thread_number(line) for line in said)
        posts.append(Post(f"{header.name} ({header.handle})", posted or page_date, said))
        if ends is not None:
            break
    text = turns_text(posts)
    if not text:  # headers alone, as a screenshot cut below them shows: no post to read
        return None
    notes = extraction_note(len(posts), "post", read) + tuple(
        f'community note left out: "{note}"' for note in context
    )
    return Extracted(text, notes)


@dataclass(frozen=True, slots=True)
class _Header:
    """Where a copied post's header starts, where its text does, and what it says."""

    start: int
    body: int
    name: str
    handle: str
    posted: str


def _first_header(lines: Sequence[str]) -> _Header | None:
    """The first post's header, when a copy opens with it: above it at most a few short lines
    that are no post's (a page title), or counts and buttons."""
    above = 0
    for n, line in enumerate(lines):
        header = _post_header(lines, n)
        if header:
            return header
        names_the_next = n + 1 < len(lines) and _post_header(lines, n + 1) is not None
        if line and not _is_furniture(line) and not names_the_next:
            above += 1
            if above > _MAX_LINES_ABOVE or len(line.split()) > 6:
                return None
    return None


def _post_header(lines: Sequence[str], n: int) -> _Header | None:
    """The header of a post at line ``n``: its author's name over a handle line, or both on the
    line with the date; None where no post opens."""
    handle = _HANDLE_LINE.fullmatch(lines[n])
    if handle and n and _is_name(lines[n - 1]):
        return _Header(n - 1, n + 1, lines[n - 1], handle["handle"], (handle["posted"] or "").strip())
    named = _NAMED_HANDLE_LINE.fullmatch(lines[n])
    if named and _is_name(named["name"]) and _DATE_LINE.fullmatch(named["posted"]):
        return _Header(n, n + 1, named["name"], named["handle"], named["posted"])
    return None


def _post_lines(body: Sequence[str], posted: str) -> tuple[tuple[str, ...], str, str, list[str]]:
    """A post's own lines, its date (the copy's, or Bluesky's below the text), the date a
    post's page gives below it ("9:14 AM · Mar 4, 2026"), and the community notes on it;
    counts and buttons left out."""
    said: list[str] = []
    notes: list[str] = []
    page_date = ""
    in_note: list[str] | None = None
    for line in body:
        if in_note is not None:
            if line.lower() in _CONTEXT_CLOSING or _is_furniture(line):
                notes.append(" ".join(in_note))
                in_note = None
            elif line:
                in_note.append(line)
            continue
        dated = _PAGE_DATE.fullmatch(line)
        if _CONTEXT_OPENING.fullmatch(line):
            in_note = []
        elif dated:
            page_date = page_date or dated["posted"]
        elif said and not posted and _DATE_LINE.fullmatch(line):
            posted = line
        elif not _is_furniture(line):
            said.append(line)
    if in_note:
        notes.append(" ".join(in_note))
    return tuple(said), posted, page_date, notes


def _without_thread_number(line: str) -> str:
    """A post's line without the thread's number opening it ("1/ The council voted…"), which
    is no part of its claim; "24/7 cover" and "1/2 of mothers" keep theirs."""
    number = _THREAD_NUMBER.match(line)
    if number is None or (number["of"] not in (None, "n") and int(number["of"]) < int(number["number"])):
        return line
    return line[number.end() :]


def _is_name(line: str) -> bool:
    """Whether a line can be a post author's display name."""
    return 0 < len(line) <= _MAX_NAME_CHARS and not _is_furniture(line) and not line.endswith((".", "?", "!", ":"))


def _is_furniture(line: str) -> bool:
    """A count, button or label a platform puts around a post."""
    return bool(line) and (
        line.lower() in _BUTTONS or bool(_COUNT.fullmatch(line)) or bool(_FURNITURE_LINE.fullmatch(line))
    )


def turns_text(posts: Sequence[Post]) -> str:
    """Each post's lines as paragraphs, each opening with the post's label ("[Posted Mar 4]
    Kari Holm (@kariholm):", a chat's "[Sent 04/03/2026, 09:14] Kari Holm:"), so a line that
    reads as a heading stays in its author's turn; a web address alone on its line stays
    with the line above, whose source it is."""
    paragraphs: list[str] = []
    for post in posts:
        label = f"[{'Sent' if post.in_chat else 'Posted'}{' ' + post.posted if post.posted else ''}] {post.author}:"
        opened = False
        for line in filter(None, post.lines):
            if opened and is_web_address(line) and " " not in line:
                paragraphs[-1] += "\n" + line
            else:
                paragraphs.append(f"{label} {line}")
                opened = True
    return join_paragraphs(paragraphs)

