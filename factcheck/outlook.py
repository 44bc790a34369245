"""An e-mail Outlook saved as .msg (a message dragged out of Outlook, or File > Save As) as text.

A .msg file is a compound file (the container of old Office documents) holding the message's
MAPI properties, each a stream of its own or a value in a table (Microsoft's [MS-OXMSG]). They
are read into an e-mail message of Python's own, with the headers and parts a mail program
would have written, and that is read as factcheck.mail reads an .eml: the same headline,
forwards, replies, signatures, notes and attachments. Where Outlook kept an HTML message's
HTML only inside its Rich Text body, factcheck.rich_text takes it out.
"""

from __future__ import annotations

import datetime as dt
import email.policy
import io
import struct
from collections.abc import Iterator
from dataclasses import replace
from email.message import EmailMessage
from email.parser import HeaderParser
from email.utils import format_datetime, formataddr

import olefile

from . import mail, rich_text
from .attachments import ReadFile
from .formats import Extracted

# Property IDs ([MS-OXPROPS]) of what a message says of itself.
_SUBJECT = 0x0037
_SUBMIT_TIME = 0x0039
_SENT_FOR_NAME, _SENT_FOR_ADDRESS, _SENT_FOR_SMTP = 0x0042, 0x0065, 0x5D02  # "on behalf of": Outlook's From
_SENDER_NAME, _SENDER_ADDRESS, _SENDER_SMTP = 0x0C1A, 0x0C1F, 0x5D01
_TRANSPORT_HEADERS = 0x007D  # the internet headers of a message received
_DISPLAY_TO, _DISPLAY_CC = 0x0E04, 0x0E03
_DELIVERY_TIME = 0x0E06
_BODY, _HTML, _RTF = 0x1000, 0x1013, 0x1009
_INTERNET_CODE_PAGE, _MESSAGE_CODE_PAGE = 0x3FDE, 0x3FFD
# ... and of an attachment.
_DISPLAY_NAME = 0x3001
_ATTACHED_DATA = 0x3701  # the file's bytes, or an attached message's own properties
_SHORT_NAME, _LONG_NAME = 0x3704, 0x3707
_ATTACH_METHOD = 0x3705
_MIME_TYPE = 0x370E
_CONTENT_ID = 0x3712
_HIDDEN = 0x7FFE
_ATTACHED_MESSAGE = 5  # an attach method: an e-mail attached as an item, not a file

# Property types: strings as UTF-16 or in the message's code page, binary data, a stored
# message, and the fixed-size values read from the properties table.
_UNICODE, _STRING8, _BINARY, _OBJECT = 0x001F, 0x001E, 0x0102, 0x000D
_LONG, _BOOLEAN, _TIME = 0x0003, 0x000B, 0x0040
_PROPERTIES = "__properties_version1.0"
_ATTACHMENT_PREFIX = "__attach_version1.0_#"
# The properties table opens with a header: 32 bytes in the message itself, 24 in a message
# attached to it, 8 in an attachment; then 16 bytes a property.
_TOP_HEADER, _ATTACHED_HEADER, _PART_HEADER = 32, 24, 8
# A FILETIME counts tenths of a microsecond since 1601.
_FILETIME_EPOCH = dt.datetime(1601, 1, 1, tzinfo=dt.timezone.utc)


def msg_text(raw: bytes, read_file: ReadFile) -> Extracted:
    """An Outlook message file read as an e-mail (``mail.message_text``)."""
    try:
        compound = olefile.OleFileIO(io.BytesIO(raw))
    except OSError as error:  # olefile's word for what is wrong ("incomplete OLE sector") says little
        raise ValueError(f"it is damaged or cut short ({error})") from error
    with compound:
        if not compound.exists(_PROPERTIES):
            raise ValueError("it holds no Outlook item")
        item = _Item(compound, [], _TOP_HEADER)
        message = _message(item)
        extracted = mail.message_text(message, read_file)
        # Said wherever the message's own text was lost, whatever else was read (an attached
        # document, a forwarded e-mail); a signed message's text is in its signed part.
        signed = any(part.get_content_type() == "multipart/signed" for part in message.walk())
        rich_text_only = not item.text(_BODY) and item.data(_RTF) is not None and _html(item) is None and not signed
    if rich_text_only:
        return replace(extracted, notes=(*extracted.notes, "its text is kept only as Rich Text (RTF), which factcheck does not read: save it from Outlook as Text Only"))
    return extracted


class _Item:
    """The properties of a message or attachment stored at ``path`` in a compound file."""

    def __init__(self, compound: olefile.OleFileIO, path: list[str], header: int) -> None:
        self.compound, self.path = compound, path
        table = compound.openstream([*path, _PROPERTIES]).read()
        self.fixed = {}
        for at in range(header, len(table) - 15, 16):
            tag, _flags, value = struct.unpack_from("<II8s", table, at)
            self.fixed[tag] = value
        code_page = self.number(_MESSAGE_CODE_PAGE) or self.number(_INTERNET_CODE_PAGE)
        self.encoding = rich_text.encoding(code_page, "cp1252")

    def _stream(self, property_id: int, kind: int) -> bytes | None:
        path = [*self.path, f"__substg1.0_{property_id:04X}{kind:04X}"]
        return self.compound.openstream(path).read() if self.compound.get_type(path) == olefile.STGTY_STREAM else None

    def text(self, property_id: int) -> str:
        """A string property, empty where the item has none."""
        wide = self._stream(property_id, _UNICODE)
        if wide is not None:
            return wide.decode("utf-16-le", errors="replace").split("\0")[0]
        narrow = self._stream(property_id, _STRING8)
        return narrow.decode(self.encoding, errors="replace").split("\0")[0] if narrow is not None else ""

    def data(self, property_id: int) -> bytes | None:
        """A binary property, or a string property's bytes as stored (an HTML body may be either)."""
        return self._stream(property_id, _BINARY)

    def number(self, property_id: int) -> int:
        value = self.fixed.get(property_id << 16 | _LONG)
        return struct.unpack_from("<i", value)[0] if value else 0

    def flag(self, property_id: int) -> bool:
        value = self.fixed.get(property_id << 16 | _BOOLEAN)
        return bool(value and value[0])

    def time(self, property_id: int) -> dt.datetime | None:
        value = self.fixed.get(property_id << 16 | _TIME)
        ticks = struct.unpack_from("<Q", value)[0] if value else 0
        return _FILETIME_EPOCH + dt.timedelta(microseconds=ticks // 10) if ticks else None

    def storages(self, prefix: str) -> Iterator[list[str]]:
        """The paths of the item's parts (attachments) whose storage names begin ``prefix``, in order."""
        names = {entry[len(self.path)] for entry in self.compound.listdir(streams=False, storages=True) if len(entry) == len(self.path) + 1 and entry[: len(self.path)] == self.path}
        for name in sorted(name for name in names if name.startswith(prefix)):
            yield [*self.path, name]


def _message(item: _Item) -> EmailMessage:
    """The message an item holds, as an e-mail with the headers and parts a mail program writes."""
    message = EmailMessage(policy=email.policy.default)
    headers = item.text(_TRANSPORT_HEADERS)
    received = HeaderParser(policy=email.policy.default).parsestr(headers) if headers else None
    message["Subject"] = _one_line(item.text(_SUBJECT))
    sender = _person(item.text(_SENT_FOR_NAME), item.text(_SENT_FOR_SMTP) or item.text(_SENT_FOR_ADDRESS)) or _person(
        item.text(_SENDER_NAME), item.text(_SENDER_SMTP) or item.text(_SENDER_ADDRESS)
    )
    # A message received keeps the headers it came with: From as it was sent, and a Date in the
    # sender's time zone (Outlook's own times are in UTC).
    if received is not None and received.get("From"):
        sender = str(received["From"])
    if sender:
        message["From"] = _one_line(sender)
    for field, property_id in (("To", _DISPLAY_TO), ("Cc", _DISPLAY_CC)):
        if recipients := item.text(property_id):
            message[field] = _one_line(recipients)
    sent = item.time(_SUBMIT_TIME) or item.time(_DELIVERY_TIME)
    if received is not None and received.get("Date"):
        message["Date"] = _one_line(str(received["Date"]))
    elif sent is not None:
        message["Date"] = format_datetime(sent)
    plain, html = item.text(_BODY), _html(item)
    if html is not None:
        message.set_content(plain or " ")
        message.add_alternative(html, subtype="html")
    elif plain:
        message.set_content(plain)
    # Pictures the HTML shows go beside it, as one multipart/related part: looked up once, since
    # adding the first turns the HTML part into that multipart.
    html_part = message.get_body(preferencelist=("html",)) if html is not None else None
    for path in item.storages(_ATTACHMENT_PREFIX):
        attachment = _Item(item.compound, path, _PART_HEADER)
        if attachment.text(_MIME_TYPE) == "multipart/signed" and html is None and not plain:
            # A signed message (S/MIME): Outlook keeps it as it came, text and signature, as
            # one attachment, and often no body of its own.
            message.make_mixed()
            message.attach(email.message_from_bytes(attachment.data(_ATTACHED_DATA) or b"", policy=email.policy.default))
        else:
            _attach(message, attachment, html_part, html or "")
    return message


def _one_line(value: str) -> str:
    """A header's value without the line breaks a header may not hold."""
    return " ".join(value.split())


def _person(name: str, address: str) -> str:
    """"Name <address>" for an internet address; the name alone for an Exchange one
    ("/O=EXCHANGELABS/OU=…"), which is no address outside the sender's organisation."""
    if "@" not in address:
        return name or ""
    return formataddr((name, address)) if name and name != address else address


def _html(item: _Item) -> str | None:
    """The HTML body, decoded by the code page the message names for it; where Outlook kept it
    only inside the Rich Text body (as it often does), taken out of that."""
    stored, code_page = item.data(_HTML), item.number(_INTERNET_CODE_PAGE)
    if stored is not None and code_page:
        return stored.decode(rich_text.encoding(code_page, "utf-8"), errors="replace")
    if stored is not None:  # no code page named: UTF-8, or else Windows' Western one
        try:
            return stored.decode("utf-8")
        except UnicodeDecodeError:
            return stored.decode("cp1252", errors="replace")
    if stored_as_text := item.text(_HTML):
        return stored_as_text
    rich = item.data(_RTF)
    try:
        return rich_text.encapsulated_html(rich_text.decompressed(rich)) if rich else None
    except ValueError:  # a damaged Rich Text body: the plain text is read instead
        return None


def _attach(message: EmailMessage, attachment: _Item, html_part: EmailMessage | None, html: str) -> None:
    """An attachment added as a mail program adds it: a picture the HTML shows (by Content-ID)
    to the HTML part, an attached e-mail as a message of its own, a file by its name."""
    if attachment.number(_ATTACH_METHOD) == _ATTACHED_MESSAGE:
        stored = [*attachment.path, f"__substg1.0_{_ATTACHED_DATA:04X}{_OBJECT:04X}"]
        if attachment.compound.get_type(stored) == olefile.STGTY_STORAGE:
            message.add_attachment(_message(_Item(attachment.compound, stored, _ATTACHED_HEADER)))
        return
    data = attachment.data(_ATTACHED_DATA) or b""
    name = attachment.text(_LONG_NAME) or attachment.text(_SHORT_NAME) or attachment.text(_DISPLAY_NAME)
    maintype, _, subtype = (attachment.text(_MIME_TYPE) or "application/octet-stream").partition("/")
    content_id = attachment.text(_CONTENT_ID)
    if content_id and html_part is not None and (attachment.flag(_HIDDEN) or f"cid:{content_id}" in html):
        html_part.add_related(data, maintype, subtype or "octet-stream", cid=f"<{content_id}>", filename=name or None)
    else:
        message.add_attachment(data, maintype, subtype or "octet-stream", filename=name or "attachment")
