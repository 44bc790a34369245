"""The HTML of a message that Outlook keeps only inside its Rich Text body.

Outlook often stores an HTML message without its HTML: the body is RTF, compressed
([MS-OXRTFCP]), and the HTML is encapsulated in that RTF ([MS-OXRTFEX]): its tags in
``{\\*\\htmltagN …}`` groups, its text between them, and the RTF that only draws the text in
runs marked ``\\htmlrtf`` … ``\\htmlrtf0``, which a reader of the HTML skips.
"""

from __future__ import annotations

import codecs
import re
import struct

# [MS-OXRTFCP]: the header's compression types, and the text every compressed body's
# dictionary starts with (references into it save the common opening of an RTF document).
_COMPRESSED, _UNCOMPRESSED = 0x75465A4C, 0x414C454D  # "LZFu", "MELA"
_PRESET = (
    b"{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern \\fscript "
    b"\\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n\\par "
    b"\\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx"
)
_DICTIONARY = 4096
_HEADER = 16

# An RTF token: a control word with its number and the one space ending it, a byte in hex, a
# control symbol ("\{", "\~"), a brace, or a run of text.
_TOKEN = re.compile(rb"\\([a-z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\(.)|([{}])|([^\\{}\r\n]+)|[\r\n]+", re.DOTALL)
# Groups that hold no text of the document: its tables of fonts, colours and styles, its
# properties, pictures and objects.
_SKIPPED = frozenset(
    {b"fonttbl", b"colortbl", b"stylesheet", b"info", b"pict", b"object", b"themedata", b"colorschememapping",
     b"latentstyles", b"datastore", b"listtable", b"listoverridetable", b"rsidtbl", b"generator", b"xmlnstbl"}
)
# Control words that stand for a character.
_CHARACTERS = {
    b"par": "\r\n", b"line": "\r\n", b"tab": "\t", b"lquote": "\u2018", b"rquote": "\u2019", b"ldblquote": "\u201c",
    b"rdblquote": "\u201d", b"bullet": "\u2022", b"endash": "\u2013", b"emdash": "\u2014", b"enspace": "\u2002",
    b"emspace": "\u2003",
}
_SYMBOLS = {b"~": "\u00a0", b"_": "\u2011", b"-": ""}
# A font's character set (\fcharsetN) and the code page its bytes are in.
_CHARSET_CODE_PAGES = {
    0: 1252, 128: 932, 129: 949, 134: 936, 136: 950, 161: 1253, 162: 1254, 163: 1258, 177: 1255, 178: 1256,
    186: 1257, 204: 1251, 222: 874, 238: 1250,
}
_FONT = re.compile(rb"\\f(\d+)[^;{}]*?\\fcharset(\d+)")
# Code pages that Python names otherwise than "cp" and the number.
_CODE_PAGE_NAMES = {65001: "utf-8", 20127: "ascii", 28591: "latin-1", 28592: "iso8859-2", 28605: "iso8859-15", 1200: "utf-16-le", 50220: "iso2022-jp"}


def decompressed(stored: bytes) -> bytes:
    """The RTF of a compressed body (PR_RTF_COMPRESSED). Raises ValueError for a damaged one."""
    if len(stored) < _HEADER:
        raise ValueError("its Rich Text body is cut short")
    size, raw_size, kind, _crc = struct.unpack_from("<IIII", stored)
    if kind == _UNCOMPRESSED:
        return stored[_HEADER : _HEADER + raw_size]
    if kind != _COMPRESSED:
        raise ValueError("its Rich Text body is compressed in a way Outlook does not use")
    dictionary = bytearray(_PRESET.ljust(_DICTIONARY, b"\0"))
    write = len(_PRESET)
    out = bytearray()
    at, end = _HEADER, min(len(stored), size + 4)
    while at < end:
        control, at = stored[at], at + 1
        for bit in range(8):
            if at >= end:
                break
            if not control >> bit & 1:
                out.append(stored[at])
                dictionary[write % _DICTIONARY] = stored[at]
                write, at = write + 1, at + 1
                continue
            if at + 1 >= end:
                raise ValueError("its Rich Text body is cut short")
            reference = stored[at] << 8 | stored[at + 1]
            at += 2
            offset, length = reference >> 4, (reference & 0xF) + 2
            if offset == write % _DICTIONARY:  # the reference to where writing is: the end
                return bytes(out[:raw_size])
            for step in range(length):
                byte = dictionary[(offset + step) % _DICTIONARY]
                out.append(byte)
                dictionary[write % _DICTIONARY] = byte
                write += 1
    return bytes(out[:raw_size])


def encapsulated_html(rtf: bytes) -> str | None:
    """The HTML an RTF body encapsulates, or None where it encapsulates none (an RTF written
    in Outlook's own Rich Text editor, or from plain text)."""
    if b"\\fromhtml" not in rtf[:1024]:
        return None
    default = _number_after(rtf, rb"\\ansicpg(\d+)", 1252)
    fonts = {int(number): _CHARSET_CODE_PAGES.get(int(charset), default) for number, charset in _FONT.findall(_fonts(rtf))}
    out = _Output()
    # A group's state: skipped whole, within \htmlrtf, within an HTML tag, its font's code
    # page, and how many characters stand in for each \uN character after it.
    state = {"skip": False, "rtf_only": False, "tag": False, "code_page": default, "uc": 1}
    stack: list[dict] = []
    fallback = 0  # characters still to skip after a \uN
    group_start = optional = False  # at a group's first word; after "\*", which marks a destination
    for token in _TOKEN.finditer(rtf):
        word, number, hex_byte, symbol, brace, text = token.groups()
        if brace == b"{":
            stack.append(dict(state))
            group_start, optional = True, False
            continue
        if brace == b"}":
            state = stack.pop() if stack else state
            group_start = optional = False
            continue
        if group_start and symbol == b"*":
            optional = True
            continue
        if group_start and word is not None:
            group_start = False
            if optional and word == b"htmltag":  # its bytes are in the document's code page, whatever the font
                state.update(tag=True, rtf_only=False, code_page=default)
                continue
            if optional or word in _SKIPPED:
                state["skip"] = True
                continue
        group_start = False
        if state["skip"]:
            continue
        if word == b"htmlrtf":
            state["rtf_only"] = number != b"0"
            continue
        if state["rtf_only"] and not state["tag"]:
            continue
        if word is not None:
            if word == b"f" and number is not None:
                state["code_page"] = fonts.get(int(number), default)
            elif word == b"uc" and number is not None:
                state["uc"] = int(number)
            elif word == b"u" and number is not None:
                out.add_text(chr(int(number) % 0x10000))
                fallback = state["uc"]
            elif word in _CHARACTERS:
                out.add_text(_CHARACTERS[word])
            continue
        if hex_byte is not None:
            if fallback:
                fallback -= 1
                continue
            out.add_bytes(bytes([int(hex_byte, 16)]), state["code_page"])
        elif symbol is not None:
            out.add_text(_SYMBOLS.get(symbol, symbol.decode("latin-1")))
        elif text is not None:
            if fallback:
                skipped = min(fallback, len(text))
                text, fallback = text[skipped:], fallback - skipped
            out.add_bytes(text, state["code_page"])
    return out.text()


def encoding(code_page: int, default: str) -> str:
    """Python's name for the codec of a Windows code page (1252, 65001, 28591…), as RTF and
    Outlook number them; ``default`` for 0 (none given) or one Python does not know."""
    try:
        return codecs.lookup(_CODE_PAGE_NAMES.get(code_page, f"cp{code_page}")).name if code_page else default
    except LookupError:
        return default


def _fonts(rtf: bytes) -> bytes:
    start = rtf.find(b"{\\fonttbl")
    return rtf[start : rtf.find(b"}}", start) + 2] if start >= 0 else b""


def _number_after(rtf: bytes, pattern: bytes, default: int) -> int:
    found = re.search(pattern, rtf[:1024])
    return int(found[1]) if found else default


class _Output:
    """The HTML as it is copied: runs of bytes, each decoded in its code page, and characters."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pending = bytearray()
        self.code_page = 0

    def add_bytes(self, data: bytes, code_page: int) -> None:
        if code_page != self.code_page:
            self._flush()
            self.code_page = code_page
        self.pending += data

    def add_text(self, text: str) -> None:
        self._flush()
        self.parts.append(text)

    def _flush(self) -> None:
        if self.pending:
            self.parts.append(self.pending.decode(encoding(self.code_page, "cp1252"), errors="replace"))
            self.pending.clear()

    def text(self) -> str:
        self._flush()
        # A character beyond the first 65,536 (an emoji) comes as two \uN, its UTF-16 halves.
        return "".join(self.parts).encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
