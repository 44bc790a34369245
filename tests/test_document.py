"""Tests for factcheck.document on plain text: decoding, newline normalisation, hashes and refusals.

The other formats (Markdown, HTML, Word, PDF, standard input) are tested in test_formats.py.
"""

import codecs
import hashlib
from pathlib import Path

import pytest

from factcheck.document import Document, read_document
from factcheck.errors import DocumentError

ARTICLE = "Minsk called the “union state” talks a success.\nCafé prices rose 3.5% — or €2.\n"


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(ARTICLE.encode("utf-8"), id="utf-8"),
        pytest.param(codecs.BOM_UTF8 + ARTICLE.encode("utf-8"), id="utf-8 with BOM"),
        pytest.param(codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"), id="utf-16-le with BOM"),
        pytest.param(codecs.BOM_UTF16_BE + ARTICLE.encode("utf-16-be"), id="utf-16-be with BOM"),
        pytest.param(codecs.BOM_UTF32_LE + ARTICLE.encode("utf-32-le"), id="utf-32-le with BOM"),
        pytest.param(ARTICLE.encode("cp1252"), id="cp1252"),
    ],
)
def test_encodings_round_trip(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(raw)
    assert read_document(path) == Document(path, ARTICLE, hashlib.sha256(raw).hexdigest())


def test_latin1_is_the_last_resort(tmp_path: Path) -> None:
    # 0x81 is undefined in cp1252, so only latin-1 can decode this file.
    path = tmp_path / "article.txt"
    path.write_bytes(b"Caf\xe9 owners in Minsk said prices rose again\x81 this week.")
    assert read_document(path).text == "Café owners in Minsk said prices rose again\x81 this week."


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_newlines_become_lf(tmp_path: Path, newline: str) -> None:
    path = tmp_path / "article.txt"
    raw = ARTICLE.replace("\n", newline).encode("utf-8")
    path.write_bytes(raw)
    document = read_document(path)
    assert document.text == ARTICLE
    assert document.sha256 == hashlib.sha256(raw).hexdigest()


def test_hashes_cover_the_raw_bytes_and_the_decoded_text(tmp_path: Path) -> None:
    path = tmp_path / "article.text"
    raw = ARTICLE.replace("\n", "\r\n").encode("cp1252")
    path.write_bytes(raw)
    document = read_document(path)
    assert (document.format, document.notes) == ("txt", ())
    assert document.sha256 == hashlib.sha256(raw).hexdigest()
    assert document.text_sha256 == hashlib.sha256(ARTICLE.encode("utf-8")).hexdigest()


def test_path_is_kept_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("article.txt").write_text(ARTICLE, encoding="utf-8")
    assert read_document("article.txt").path == Path("article.txt")


REFUSALS = [
    pytest.param(b"", "{} is empty", id="empty"),
    pytest.param(codecs.BOM_UTF8, "{} is empty", id="only a BOM"),
    pytest.param(b" \r\n\t\n ", "{} contains only whitespace", id="whitespace"),
    pytest.param(
        codecs.BOM_UTF16_LE + " \n".encode("utf-16-le"),
        "{} contains only whitespace",
        id="utf-16 whitespace",
    ),
    pytest.param(b"Minsk\x00talks", "{} looks like binary data, not plain text", id="NUL byte"),
    pytest.param(
        "Minsk".encode("utf-16-le"), "{} looks like binary data, not plain text", id="utf-16 no BOM"
    ),
    pytest.param(
        b"Minsk\x01\x02\x03\x04\x05\x06talks",
        "{} looks like binary data, not plain text",
        id="control characters",
    ),
    pytest.param(
        codecs.BOM_UTF16_LE + b"M\x00i",
        "{} starts with a UTF-16 byte-order mark but is not valid UTF-16",
        id="truncated utf-16",
    ),
    pytest.param(b"%PDF-1.7\n%...", "{} looks like a PDF file, not plain text", id="pdf"),
    pytest.param(b"PK\x03\x04\x14\x00", "{} looks like a zip (or .docx/.xlsx) file", id="zip"),
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00", "{} looks like a PNG file", id="png"),
    pytest.param(b"GIF89a\x01\x00", "{} looks like a GIF file", id="gif"),
    pytest.param(b"\xff\xd8\xff\xe0\x00\x10JFIF", "{} looks like a JPEG file", id="jpeg"),
    pytest.param(b"\x1f\x8b\x08\x00", "{} looks like a gzip file", id="gzip"),
    pytest.param(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00",
        "{} looks like an old Microsoft Office (.doc/.xls) file",
        id="ole2",
    ),
]


@pytest.mark.parametrize(("raw", "message"), REFUSALS)
def test_refusals(tmp_path: Path, raw: bytes, message: str) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(raw)
    with pytest.raises(DocumentError) as refused:
        read_document(path)
    assert str(refused.value).startswith(message.format(path))


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.txt"
    with pytest.raises(DocumentError, match="^no such file: .*missing.txt$"):
        read_document(path)


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="is a directory, not a file$"):
        read_document(tmp_path)


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (PermissionError(13, "Permission denied"), "cannot read {}: permission denied"),
        (OSError(5, "Input/output error"), "cannot read {}: Input/output error"),
    ],
)
def test_unreadable_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, message: str
) -> None:
    # Patched rather than chmod: a test run as root could read the file anyway.
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")

    def refuse(self: Path) -> bytes:
        raise error

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(DocumentError) as refused:
        read_document(path)
    assert str(refused.value) == message.format(path)
    assert refused.value.__cause__ is error
