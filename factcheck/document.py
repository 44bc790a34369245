"""Read an article file into text: decode it, normalise newlines, refuse what is not text."""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import DocumentError

# Files people mistake for articles; checked before decoding so the message can name them.
_MAGIC_NUMBERS = (
    (b"%PDF", "a PDF"),
    (b"PK\x03\x04", "a zip (or .docx/.xlsx)"),
    (b"PK\x05\x06", "a zip"),
    (b"\x89PNG\r\n\x1a\n", "a PNG"),
    (b"GIF87a", "a GIF"),
    (b"GIF89a", "a GIF"),
    (b"\xff\xd8\xff", "a JPEG"),
    (b"\x1f\x8b", "a gzip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office (.doc/.xls)"),
)

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


@dataclass(frozen=True, slots=True)
class Document:
    """A decoded article.

    `text` has its newlines normalised to LF (CRLF and lone CR become LF), and
    `Sentence` offsets index this normalised text. `sha256` is taken over the raw bytes.
    """

    path: Path
    text: str
    sha256: str


def read_document(path: str | Path) -> Document:
    """Read and decode an article file, raising DocumentError when it is not usable text."""
    path = Path(path)
    raw = _read_bytes(path)
    kind = _binary_kind(raw)
    if kind:
        raise DocumentError(f"{path} looks like {kind} file, not plain text")
    text = _decode(raw, path)
    if not text.strip():
        raise DocumentError(f"{path} is empty" if not text else f"{path} contains only whitespace")
    if _mostly_controls(text):
        raise DocumentError(f"{path} looks like binary data, not plain text")
    return Document(path, _normalise_newlines(text), hashlib.sha256(raw).hexdigest())


def _normalise_newlines(text: str) -> str:
    """Turn CRLF and lone CR line endings into LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_bytes(path: Path) -> bytes:
    # is_dir first: on Windows reading a folder fails as PermissionError, which would mislead.
    if path.is_dir():
        raise DocumentError(f"{path} is a directory, not a file")
    try:
        return path.read_bytes()
    except FileNotFoundError as error:
        raise DocumentError(f"no such file: {path}") from error
    except PermissionError as error:
        raise DocumentError(f"cannot read {path}: permission denied") from error
    except OSError as error:
        raise DocumentError(f"cannot read {path}: {error.strerror or error}") from error


def _binary_kind(raw: bytes) -> str | None:
    for magic, kind in _MAGIC_NUMBERS:
        if raw.startswith(magic):
            return kind
    return None


def _decode(raw: bytes, path: Path) -> str:
    for bom, encoding, name in _WIDE_BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom) :].decode(encoding)
            except UnicodeDecodeError as error:
                raise DocumentError(
                    f"{path} starts with a {name} byte-order mark but is not valid {name}"
                ) from error
    # Without a UTF-16/32 mark, a NUL byte means binary data, never text.
    if b"\0" in raw:
        raise DocumentError(f"{path} looks like binary data, not plain text")
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
