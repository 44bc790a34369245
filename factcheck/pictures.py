"""Text in a picture, such as a screenshot of a post or a photo of a printed page, read by OCR.

Tesseract does the reading (see `ocr`). A screenshot of posts is read as posts (``posts.screenshot_posts``), one of a chat as its messages
(``chat_screenshots.chat_screenshot``), anything else as plain text.
"""

from __future__ import annotations

import re
from dataclasses import replace

from . import ocr
from .chat_screenshots import ScreenLine, chat_screenshot
from .formats import FINAL_PUNCTUATION, Extracted, join_paragraphs
from .pdf import join_wrapped_lines
from .posts import screenshot_posts

# Words on one line further apart than this many times their height are two pieces of it.
_GAP_IN_HEIGHTS = 1.2


def picture_text(raw: bytes) -> Extracted:
    """The text OCR reads in a picture (PNG, JPEG, WebP), with a note saying so; posts in a
    screenshot read as posts. Raises ValueError when Tesseract is not installed or fails."""
    tesseract = ocr.program(ocr.TESSERACT, "reading text in a picture")
    text, table = ocr.read(tesseract, raw, "txt", "tsv")
    if not text.strip():
        return Extracted("")
    extracted = screenshot_posts(text) or _chat(tesseract, raw, table) or Extracted(_paragraphs(text))
    note = f"text read from the picture by OCR (Tesseract, {ocr.languages()}): check names and figures against the picture"
    return replace(extracted, notes=(note, *extracted.notes))


def _chat(tesseract: str, raw: bytes, table: str) -> Extracted | None:
    """A chat's messages, where the picture is a screenshot of one. Read as a page, a bubble's
    small time is often read on one line with its last words, and misread at their size
    ("98:03"); read again as text scattered over a screen, each time is read on its own."""
    as_a_page = chat_screenshot(*_screen_lines(table))
    if as_a_page is None:
        return None
    (sparse_table,) = ocr.read(tesseract, raw, "tsv", layout="sparse")
    return chat_screenshot(*_screen_lines(sparse_table)) or as_a_page


def _screen_lines(table: str) -> tuple[list[ScreenLine], int]:
    """The lines of text in a picture, each with its box, and the picture's width, from
    Tesseract's TSV (a row per page, block, paragraph, line and word, a word's text in the last
    column). Words far apart on one line are two pieces of it, each a line here: a chat
    bubble's time, set at its right edge, is often read on one line with its last words."""
    width = 0
    words: dict[tuple[str, ...], list[ScreenLine]] = {}
    for row in table.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or not all(cell.lstrip("-").isdigit() for cell in cells[:10]):
            continue
        level, line, (left, top, box_width, height) = cells[0], tuple(cells[1:5]), map(int, cells[6:10])
        if level == "1":
            width = max(width, left + box_width)
        elif level == "5" and cells[11].strip():
            words.setdefault(line, []).append(ScreenLine(cells[11].strip(), left, top, left + box_width, top + height))
    pieces = [piece for line in words.values() for piece in _pieces(line)]
    return sorted(pieces, key=lambda piece: (piece.top, piece.left)), width


def _pieces(words: list[ScreenLine]) -> list[ScreenLine]:
    """A line's words, as runs apart where a gap wider than the words are tall parts them."""
    tall = sorted(word.bottom - word.top for word in words)[len(words) // 2]
    runs: list[list[ScreenLine]] = []
    for word in words:
        if runs and word.left - runs[-1][-1].right <= _GAP_IN_HEIGHTS * tall:
            runs[-1].append(word)
        else:
            runs.append([word])
    return [
        ScreenLine(" ".join(word.text for word in run), run[0].left, min(word.top for word in run), run[-1].right, max(word.bottom for word in run))
        for run in runs
    ]


def _paragraphs(text: str) -> str:
    """OCR's text as paragraphs: it sets them apart with blank lines, their lines wrapped as the
    picture wraps them, which are joined again as a PDF's are. A paragraph whose sentence runs
    on in lower case after a blank line is one paragraph: OCR puts blank lines inside some."""
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line for line in block.splitlines() if line.strip()]
        if paragraphs and lines and lines[0].lstrip()[:1].islower() and not paragraphs[-1].endswith(FINAL_PUNCTUATION):
            paragraphs[-1] = join_wrapped_lines([paragraphs[-1], *lines], text)
        elif lines:
            paragraphs.append(join_wrapped_lines(lines, text))
    return join_paragraphs(paragraphs)
