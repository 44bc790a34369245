"""Text in a picture, such as a screenshot of a post or a photo of a printed page, read by OCR.

Tesseract does the reading. It is a program of its own, not a Python package (``apt-get install
tesseract-ocr``, ``brew install tesseract``), with a data package for each language
(``tesseract-ocr-nor``); every language installed is read. A screenshot of posts is read as
posts (``posts.screenshot_posts``), one of a chat as its messages
(``chat_screenshots.chat_screenshot``), anything else as plain text.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

from .chat_screenshots import ScreenLine, chat_screenshot
from .formats import FINAL_PUNCTUATION, Extracted, join_paragraphs
from .pdf import join_wrapped_lines
from .posts import screenshot_posts

TESSERACT = "tesseract"
_INSTALL = "apt-get install tesseract-ocr, or brew install tesseract"
# Tesseract's own data beside the languages: orientation and script, and maths.
_NOT_LANGUAGES = frozenset({"osd", "equ"})
# A picture of a page takes Tesseract seconds; far longer means it is stuck on something.
_OCR_TIMEOUT_S = 300


def picture_text(raw: bytes) -> Extracted:
    """The text OCR reads in a picture (PNG, JPEG, WebP), with a note saying so; posts in a
    screenshot read as posts. Raises ValueError when Tesseract is not installed or fails."""
    program = shutil.which(TESSERACT)
    if program is None:
        raise ValueError(f"reading text in a picture needs Tesseract OCR, which is not installed ({_INSTALL})")
    languages = "+".join(_installed_languages(program))
    with tempfile.TemporaryDirectory(prefix="factcheck-ocr-") as folder:
        # The text, and each line's place in the picture (a chat's bubbles stand left or right).
        read = Path(folder) / "read"
        try:
            # One thread: Tesseract's own gain little on a picture, and a batch runs one per core.
            environment = {"OMP_THREAD_LIMIT": "1", **os.environ}
            command = [program, "stdin", str(read), "-l", languages, "txt", "tsv"]
            done = subprocess.run(command, input=raw, capture_output=True, timeout=_OCR_TIMEOUT_S, env=environment)
        except subprocess.TimeoutExpired as stuck:
            raise ValueError(f"Tesseract OCR gave no text within {_OCR_TIMEOUT_S} s") from stuck
        if done.returncode != 0:
            said = [line for line in done.stderr.decode("utf-8", "replace").splitlines() if line.strip()]
            raise ValueError(f"Tesseract OCR failed: {said[-1] if said else f'exit code {done.returncode}'}")
        text = read.with_suffix(".txt").read_text("utf-8", "replace").replace("\f", "\n")
        width, lines = _screen_lines(read.with_suffix(".tsv").read_text("utf-8", "replace"))
    if not text.strip():
        return Extracted("")
    extracted = screenshot_posts(text) or chat_screenshot(lines, width) or Extracted(_paragraphs(text))
    note = f"text read from the picture by OCR (Tesseract, {languages}): check names and figures against the picture"
    return replace(extracted, notes=(note, *extracted.notes))


def _screen_lines(table: str) -> tuple[int, list[ScreenLine]]:
    """The picture's width and its lines of text, each with its box, from Tesseract's TSV: a row
    per page, block, paragraph, line and word, the words' text in the last column."""
    width = 0
    boxes: dict[tuple[str, ...], list[int]] = {}
    words: dict[tuple[str, ...], list[str]] = {}
    for row in table.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or not all(cell.lstrip("-").isdigit() for cell in cells[:10]):
            continue
        level, line, (left, top, box_width, height) = cells[0], tuple(cells[1:5]), map(int, cells[6:10])
        if level == "1":
            width = max(width, left + box_width)
        elif level == "4":
            boxes[line] = [left, top, left + box_width, top + height]
        elif level == "5" and cells[11].strip():
            words.setdefault(line, []).append(cells[11].strip())
    lines = [ScreenLine(" ".join(words[line]), *box) for line, box in boxes.items() if line in words]
    return width, sorted(lines, key=lambda line: (line.top, line.left))


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


@functools.cache
def _installed_languages(program: str) -> tuple[str, ...]:
    """The languages Tesseract has data for ("eng", "nor"…); English where it lists none."""
    listed = subprocess.run([program, "--list-langs"], capture_output=True, text=True, timeout=60).stdout.splitlines()
    # The first line says where the data is: "List of available languages in …".
    languages = tuple(line.strip() for line in listed[1:] if line.strip() and line.strip() not in _NOT_LANGUAGES)
    return languages or ("eng",)
