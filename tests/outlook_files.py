"""Outlook .msg files for the tests, written as Outlook writes them: MAPI properties ([MS-OXMSG])
in a compound file ([MS-CFB], version 3: 512-byte sectors, streams under 4,096 bytes in the
mini stream). Nothing here writes .msg files for the tool; the tests read these back with it."""

from __future__ import annotations

import datetime as dt
import re
import struct
import zlib
from dataclasses import dataclass, field

_FREE, _END_OF_CHAIN, _FAT_SECTOR, _NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
_SECTOR, _MINI_SECTOR, _MINI_CUTOFF = 512, 64, 4096
_STORAGE, _STREAM, _ROOT = 1, 2, 5
_FILETIME_EPOCH = dt.datetime(1601, 1, 1, tzinfo=dt.timezone.utc)


@dataclass(frozen=True)
class Attachment:
    """A file attached to a message; ``content_id`` for a picture its HTML shows."""

    name: str
    data: bytes
    mime_type: str = "application/octet-stream"
    content_id: str = ""
    hidden: bool = False


@dataclass(frozen=True)
class OutlookMessage:
    """What a test's message holds: its properties, as Outlook stores them."""

    subject: str
    sender_name: str = ""
    sender_address: str = ""
    sender_type: str = "SMTP"  # "EX": an Exchange address, as in a message from a colleague
    sent: dt.datetime | None = None
    to: str = ""
    plain: str | None = None
    html: bytes | None = None
    code_page: int = 65001  # the HTML body's, as PR_INTERNET_CPID gives it (0: none given)
    rtf: bytes | None = None  # the Rich Text body, compressed (``compressed_rtf``)
    transport_headers: str = ""
    attachments: tuple[Attachment | OutlookMessage, ...] = ()
    unicode: bool = True  # False: strings in the code page, as Outlook before 2003 stored them
    message_class: str = "IPM.Note"
    extra: dict[str, bytes] = field(default_factory=dict)  # streams by name, as they are


def msg_bytes(message: OutlookMessage) -> bytes:
    """The message as the bytes of a .msg file."""
    streams: dict[tuple[str, ...], bytes] = {}
    _store_message(message, (), streams, header=32)
    for name in ("00020102", "00030102", "00040102"):  # the (empty) map of named properties
        streams[("__nameid_version1.0", f"__substg1.0_{name}")] = b""
    return compound_file(streams)


def _store_message(message: OutlookMessage, path: tuple[str, ...], streams: dict, header: int) -> None:
    fixed: list[tuple[int, int, bytes]] = []  # (id, type, 8-byte value)

    def text(property_id: int, value: str) -> None:
        _store_text(property_id, value, path, streams, fixed, message.unicode)

    def binary(property_id: int, value: bytes) -> None:
        streams[(*path, f"__substg1.0_{property_id:04X}0102")] = value
        fixed.append((property_id, 0x0102, struct.pack("<II", len(value), 0)))

    text(0x001A, message.message_class)
    text(0x0037, message.subject)
    if message.sender_name or message.sender_address:
        for name_id, type_id, address_id in ((0x0C1A, 0x0C1E, 0x0C1F), (0x0042, 0x0064, 0x0065)):
            text(name_id, message.sender_name)
            text(type_id, message.sender_type)
            text(address_id, message.sender_address if message.sender_type == "SMTP" else f"/O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP/CN=RECIPIENTS/CN={message.sender_name.replace(' ', '').lower()}")
        if message.sender_type == "SMTP" or "@" in message.sender_address:
            text(0x5D01, message.sender_address)
    if message.to:
        text(0x0E04, message.to)
    if message.plain is not None:
        text(0x1000, message.plain)
    if message.html is not None:
        binary(0x1013, message.html)
        if message.code_page:
            fixed.append((0x3FDE, 0x0003, struct.pack("<iI", message.code_page, 0)))
    if message.rtf is not None:
        binary(0x1009, message.rtf)
    if message.transport_headers:
        text(0x007D, message.transport_headers)
    if message.sent is not None:
        ticks = int((message.sent - _FILETIME_EPOCH).total_seconds() * 10_000_000)
        fixed.append((0x0039, 0x0040, struct.pack("<Q", ticks)))
        fixed.append((0x0E06, 0x0040, struct.pack("<Q", ticks)))
    if not message.unicode:
        fixed.append((0x3FFD, 0x0003, struct.pack("<iI", 1252, 0)))
    for name, data in message.extra.items():
        streams[(*path, name)] = data
    for number, attachment in enumerate(message.attachments):
        _store_attachment(attachment, (*path, f"__attach_version1.0_#{number:08X}"), streams, message.unicode)
    # A message's table opens with the next recipient and attachment IDs, and their counts.
    counts = struct.pack("<IIII", 0, len(message.attachments), 0, len(message.attachments))
    streams[(*path, "__properties_version1.0")] = _properties_table(fixed, (bytes(8) + counts).ljust(header, b"\0"))


def _store_text(property_id: int, value: str, path: tuple[str, ...], streams: dict, fixed: list, unicode: bool) -> None:
    """A string property: its stream without the terminating null, whose size the table counts."""
    data, kind, null = (value.encode("utf-16-le"), 0x001F, 2) if unicode else (value.encode("cp1252"), 0x001E, 1)
    streams[(*path, f"__substg1.0_{property_id:04X}{kind:04X}")] = data
    fixed.append((property_id, kind, struct.pack("<II", len(data) + null, 0)))


def _store_attachment(attachment: Attachment | OutlookMessage, path: tuple[str, ...], streams: dict, unicode: bool) -> None:
    fixed: list[tuple[int, int, bytes]] = []

    def text(property_id: int, value: str) -> None:
        _store_text(property_id, value, path, streams, fixed, unicode)

    if isinstance(attachment, OutlookMessage):
        text(0x3001, attachment.subject)
        fixed.append((0x3705, 0x0003, struct.pack("<iI", 5, 0)))
        fixed.append((0x3701, 0x000D, struct.pack("<II", 0xFFFFFFFF, 0)))
        _store_message(attachment, (*path, "__substg1.0_3701000D"), streams, header=24)
    else:
        text(0x3001, attachment.name)
        text(0x3707, attachment.name)
        text(0x3704, attachment.name[:12])
        text(0x370E, attachment.mime_type)
        streams[(*path, "__substg1.0_37010102")] = attachment.data
        fixed.append((0x3701, 0x0102, struct.pack("<II", len(attachment.data), 0)))
        fixed.append((0x3705, 0x0003, struct.pack("<iI", 1, 0)))
        if attachment.content_id:
            text(0x3712, attachment.content_id)
        fixed.append((0x7FFE, 0x000B, struct.pack("<II", int(attachment.hidden), 0)))
    streams[(*path, "__properties_version1.0")] = _properties_table(fixed, bytes(8))


def _properties_table(fixed: list[tuple[int, int, bytes]], header: bytes) -> bytes:
    """The table of an item's properties: its header, then 16 bytes a property (flags 6:
    readable and writable)."""
    return header + b"".join(struct.pack("<II", property_id << 16 | kind, 6) + value for property_id, kind, value in fixed)


def compound_file(streams: dict[tuple[str, ...], bytes]) -> bytes:
    """A compound file holding ``streams`` by path; the storages above them are made."""
    entries = [_Entry("Root Entry", _ROOT)]
    by_path = {(): entries[0]}
    for path in sorted(streams):
        for depth in range(1, len(path) + 1):
            if path[:depth] not in by_path:
                entry = _Entry(path[depth - 1], _STREAM if depth == len(path) else _STORAGE, streams.get(path[:depth], b""))
                by_path[path[:depth]] = entry
                by_path[path[: depth - 1]].children.append(entry)
                entries.append(entry)
    ids = {id(entry): number for number, entry in enumerate(entries)}
    for entry in entries:
        entry.child = _tree(entry.children, ids)

    # Small streams in the mini stream, 64 bytes a mini sector.
    mini_stream, mini_fat = bytearray(), []
    for entry in entries:
        if entry.kind == _STREAM and len(entry.data) < _MINI_CUTOFF and entry.data:
            entry.start = len(mini_stream) // _MINI_SECTOR
            sectors = -(-len(entry.data) // _MINI_SECTOR)
            mini_fat += [entry.start + step + 1 for step in range(sectors - 1)] + [_END_OF_CHAIN]
            mini_stream += entry.data + bytes(sectors * _MINI_SECTOR - len(entry.data))
        elif entry.kind == _STREAM and not entry.data:
            entry.start = _END_OF_CHAIN
    # Sectors: the directory, the mini FAT, the mini stream, big streams, then the FAT.
    chains: list[bytes] = []
    directory = b"".join(entry.pack() for entry in entries)  # packed again once the starts are known
    directory_sectors = -(-len(directory) // _SECTOR)
    mini_fat_bytes = b"".join(struct.pack("<I", link) for link in mini_fat)
    chains = [bytes(directory_sectors * _SECTOR), mini_fat_bytes, bytes(mini_stream)]
    big = [entry for entry in entries if entry.kind == _STREAM and len(entry.data) >= _MINI_CUTOFF]
    chains += [entry.data for entry in big]
    starts, sector = [], 0
    for chain in chains:
        starts.append(sector if chain else _END_OF_CHAIN)
        sector += -(-len(chain) // _SECTOR)
    entries[0].start, entries[0].size_override = starts[2], len(mini_stream)
    for entry, start in zip(big, starts[3:]):
        entry.start = start
    data_sectors = sector
    fat_sectors = 1
    while fat_sectors * (_SECTOR // 4) < data_sectors + fat_sectors:
        fat_sectors += 1
    fat: list[int] = []
    for chain in chains:
        count = -(-len(chain) // _SECTOR)
        fat += [len(fat) + step + 1 for step in range(count - 1)] + ([_END_OF_CHAIN] if count else [])
    fat += [_FAT_SECTOR] * fat_sectors
    fat += [_FREE] * (fat_sectors * (_SECTOR // 4) - len(fat))
    directory = b"".join(entry.pack() for entry in entries)
    directory += b"".join(_Entry("", 0).pack() for _ in range((directory_sectors * _SECTOR - len(directory)) // 128))
    body = directory + b"".join(_padded(chain) for chain in chains[1:]) + b"".join(struct.pack("<I", link) for link in fat)
    difat = [data_sectors + step for step in range(fat_sectors)] + [_FREE] * (109 - fat_sectors)
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16)
        + struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6) + bytes(6)
        + struct.pack("<IIIIIIIII", 0, fat_sectors, starts[0], 0, _MINI_CUTOFF, starts[1], -(-len(mini_fat_bytes) // _SECTOR), _END_OF_CHAIN, 0)
        + b"".join(struct.pack("<I", link) for link in difat)
    )
    return header + body


def _padded(chain: bytes) -> bytes:
    return chain + bytes(-len(chain) % _SECTOR)


def _tree(children: list[_Entry], ids: dict[int, int]) -> int:
    """The root of a balanced tree of siblings, in the order compound files compare names:
    shorter first, then by upper case."""
    ordered = sorted(children, key=lambda entry: (len(entry.name), entry.name.upper()))

    def build(low: int, high: int) -> int:
        if low >= high:
            return _NO_STREAM
        middle = (low + high) // 2
        ordered[middle].left, ordered[middle].right = build(low, middle), build(middle + 1, high)
        return ids[id(ordered[middle])]

    return build(0, len(ordered))


class _Entry:
    def __init__(self, name: str, kind: int, data: bytes = b"") -> None:
        self.name, self.kind, self.data = name, kind, data
        self.children: list[_Entry] = []
        self.left = self.right = self.child = _NO_STREAM
        self.start, self.size_override = 0, None

    def pack(self) -> bytes:
        name = self.name.encode("utf-16-le")
        size = self.size_override if self.size_override is not None else len(self.data)
        return (
            (name + b"\0\0" if self.kind else b"").ljust(64, b"\0")
            + struct.pack("<HBB", len(name) + 2 if self.kind else 0, self.kind, 1)
            + struct.pack("<III", self.left, self.right, self.child)
            + bytes(16 + 4 + 16)
            + struct.pack("<IQ", self.start if self.kind else 0, size)
        )


# --- Outlook's Rich Text body ([MS-OXRTFEX], [MS-OXRTFCP]) ----------------------------------

_RTF_HEADER = (
    "{\\rtf1\\ansi\\ansicpg1252\\fromhtml1 \\fbidis \\deff0{\\fonttbl\r\n{\\f0\\fswiss\\fcharset0 Arial;}\r\n"
    "{\\f1\\fmodern Courier New;}\r\n{\\f2\\fnil\\fcharset2 Symbol;}\r\n{\\f3\\fmodern\\fcharset0 Courier New;}\r\n"
    "{\\f4\\fswiss\\fcharset204 Arial;}}\r\n{\\colortbl\\red0\\green0\\blue0;\\red0\\green0\\blue255;}\r\n"
    "\\uc1\\pard\\plain\\deftab360 \\f0\\fs24 \r\n"
)
_HTML_TOKEN = re.compile(r"<!--.*?-->|<[^>]*>|&[#\w]+;|[^<&]+", re.DOTALL)
_UNSHOWN = frozenset({"head", "style", "title", "script"})


def encapsulated_rtf(html: str, cyrillic_font: bool = False) -> bytes:
    """An HTML body as Outlook keeps it in RTF: each tag, entity and unshown run in an HTMLTAG
    group, the text between them as RTF text, and the RTF that draws it (a paragraph's end, a
    link's field) in \\htmlrtf runs. ``cyrillic_font``: the text's non-ASCII letters as bytes in
    the Cyrillic code page of the font \\f4, as Outlook writes text in such a font."""
    out = [_RTF_HEADER, "{\\*\\htmltag64}"]
    hidden = 0
    for token in _HTML_TOKEN.findall(html):
        name = re.match(r"</?([a-zA-Z0-9]+)", token)
        tag = name[1].lower() if name else ""
        if token.startswith("<"):
            if tag in _UNSHOWN:
                hidden += -1 if token.startswith("</") else 1
            out.append(f"{{\\*\\htmltag84 {_rtf_escaped(token, in_tag=True)}}}")
            if tag == "a" and not token.startswith("</"):
                address = re.search(r'href="([^"]*)"', token)
                out.append(f'\\htmlrtf {{\\field{{\\*\\fldinst{{HYPERLINK "{address[1] if address else ""}"}}}}{{\\fldrslt\\cf1\\ul \\htmlrtf0 ')
            elif tag == "a":
                out.append("\\htmlrtf }\\htmlrtf0 \\htmlrtf }\\htmlrtf0 ")
            elif tag in ("p", "li", "h1", "h2", "br", "div") and (token.startswith("</") or tag == "br"):
                out.append("\\htmlrtf \\par\r\n\\htmlrtf0 ")
        elif token.startswith("&"):
            shown = {"&nbsp;": "\\'a0", "&amp;": "&", "&lt;": "<", "&gt;": ">"}.get(token, "?")
            out.append(f"{{\\*\\htmltag0 {token}}}\\htmlrtf {shown}\\htmlrtf0 ")
        elif hidden or not token.strip():
            out.append(f"{{\\*\\htmltag0 {_rtf_escaped(token, in_tag=True)}}}")
        else:
            out.append(("{\\f4 " if cyrillic_font else "") + _rtf_escaped(token, cyrillic=cyrillic_font) + ("}" if cyrillic_font else ""))
    out.append("}")
    return "".join(out).encode("ascii")


def _rtf_escaped(text: str, in_tag: bool = False, cyrillic: bool = False) -> str:
    """Text as RTF writes it: \\, { and } escaped, a line break a \\par in a tag group (and a
    space in text, as HTML reads it), other characters in the code page as \\'hh, the rest \\uN
    with a "?" for readers that do not know it."""
    out = []
    for character in text:
        if character in "\\{}":
            out.append("\\" + character)
        elif character == "\n":
            out.append("\\par\r\n" if in_tag else " ")
        elif ord(character) < 128:
            out.append(character)
        else:
            try:
                out.append("".join(f"\\'{byte:02x}" for byte in character.encode("cp1251" if cyrillic else "cp1252")))
            except UnicodeEncodeError:  # in UTF-16 units, signed, as RTF numbers are
                units = struct.unpack(f"<{len(character.encode('utf-16-le')) // 2}H", character.encode("utf-16-le"))
                out.append("".join(f"\\u{unit if unit < 0x8000 else unit - 0x10000}?" for unit in units))
    return "".join(out)


def compressed_rtf(rtf: bytes) -> bytes:
    """RTF compressed as Outlook stores it (PR_RTF_COMPRESSED, "LZFu"): each run found in the
    dictionary of what came before (which starts with a preset text) is a reference to it."""
    dictionary = bytearray(_RTF_PRESET.ljust(4096, b"\0"))
    write, at = len(_RTF_PRESET), 0
    tokens: list[bytes | tuple[int, int]] = []
    while at < len(rtf):
        best = None
        window = bytes(dictionary[:write]) if write < 4096 else bytes(dictionary)
        for length in range(2, min(17, len(rtf) - at) + 1):
            found = window.find(rtf[at : at + length])
            # A reference must not read what it is itself writing, nor sit where writing is.
            while found >= 0 and (found <= write % 4096 < found + length or (write % 4096) <= found < (write % 4096) + length):
                found = window.find(rtf[at : at + length], found + 1)
            if found < 0:
                break
            best = (found, length)
        if best is None:
            tokens.append(rtf[at : at + 1])
            length = 1
        else:
            tokens.append(best)
            length = best[1]
        for byte in rtf[at : at + length]:
            dictionary[write % 4096] = byte
            write += 1
        at += length
    tokens.append((write % 4096, 2))  # the end: a reference to where writing is
    body = bytearray()
    for start in range(0, len(tokens), 8):
        group = tokens[start : start + 8]
        body.append(sum(1 << bit for bit, token in enumerate(group) if isinstance(token, tuple)))
        for token in group:
            body += token if isinstance(token, bytes) else struct.pack(">H", token[0] << 4 | (token[1] - 2))
    crc = zlib.crc32(bytes(body), 0xFFFFFFFF) ^ 0xFFFFFFFF  # [MS-OXRTFCP]'s CRC starts at 0, ends unflipped
    return struct.pack("<IIII", len(body) + 12, len(rtf), 0x75465A4C, crc) + bytes(body)


_RTF_PRESET = (
    b"{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern \\fscript "
    b"\\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n\\par "
    b"\\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx"
)
