"""Text in pictures read by Tesseract OCR, and the pages of a scanned PDF drawn as pictures for it.

Tesseract does the reading and Poppler's pdftoppm draws a PDF's pages. Both are programs of
their own, not Python packages (``apt-get install tesseract-ocr poppler-utils``, ``brew install
tesseract poppler``); Tesseract has a data package for each language (``tesseract-ocr-nor``),
and every language installed is read.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import statistics
import subprocess
import tempfile
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

TESSERACT = "tesseract"
PDFTOPPM = "pdftoppm"
_INSTALL = {TESSERACT: "apt-get install tesseract-ocr, or brew install tesseract", PDFTOPPM: "apt-get install poppler-utils, or brew install poppler"}
_NAMES = {TESSERACT: "Tesseract OCR", PDFTOPPM: "Poppler's pdftoppm"}
# Tesseract's own data beside the languages: orientation and script, and maths.
_NOT_LANGUAGES = frozenset({"osd", "equ"})
# A picture of a page takes Tesseract seconds; far longer means it is stuck on something.
_OCR_TIMEOUT_S = 300
# Tesseract reads print best at 300 dots an inch, a scanner's own resolution for documents.
_SCAN_DPI = 300
_POINTS_PER_INCH = 72
# A page's picture is kept within this many pixels a side (an A2 page at 300 dpi is 7,016).
_MOST_PIXELS = 8000
# Tesseract measures a line's small letters, a PDF gives its font size: the first is about this
# part of the second (measured on LibreOffice's default faces, at 11 and 14 points), so that a
# scanned page's lines and a text page's read alike in one PDF.
_X_HEIGHT_IN_SIZES = 0.57
# OCR measures a line's letters to a pixel or two: lines within this part of the pages' common
# letter height are taken to be set in the common size, so that only a real change of size (a
# heading, small print) reads as one.
_SAME_SIZE = 0.15
# Pages read by OCR at once, each by a Tesseract of its own on one core.
_PAGES_AT_ONCE = min(4, os.cpu_count() or 1)
# A word OCR is less sure of than this (in hundredths) may be a speck on the scan read as a mark.
_SURE = 70
_SPECKS_BEFORE_A_WORD = re.compile(r"^[~_^`|¬]+(?=[^\W\d_])")
_BULLET_READINGS = frozenset("•·¢«»°©®@*")
# The parts of an hOCR page that hold a line of text.
_LINE_CLASSES = frozenset({"ocr_line", "ocr_header", "ocr_caption", "ocr_textfloat"})


@dataclass(frozen=True, slots=True)
class ScannedLine:
    """A line of text OCR read on a scanned page, placed as a PDF places its text: ``y`` is the
    height of its baseline above the page's foot and ``size`` its font size, both in points."""

    text: str
    y: float
    size: float


def program(name: str, purpose: str) -> str:
    """Where the program ``name`` (`TESSERACT`, `PDFTOPPM`) is installed. Raises ValueError,
    naming ``purpose`` and how to install it, where it is not."""
    found = shutil.which(name)
    if found is None:
        raise ValueError(f"{purpose} needs {_NAMES[name]}, which is not installed ({_INSTALL[name]})")
    return found


def languages() -> str:
    """The languages Tesseract has data for, as it is told to read them ("eng+nor"); English
    where it lists none. Raises ValueError where Tesseract is not installed."""
    return "+".join([data for data in _tesseract_data() if data not in _NOT_LANGUAGES] or ["eng"])


@functools.cache
def _tesseract_data() -> tuple[str, ...]:
    """What Tesseract has data for: languages, and "osd" for a page's orientation."""
    listed = subprocess.run([program(TESSERACT, "OCR"), "--list-langs"], capture_output=True, text=True, timeout=60).stdout.splitlines()
    # The first line says where the data is: "List of available languages in …".
    return tuple(line.strip() for line in listed[1:] if line.strip())


def read(tesseract: str, picture: bytes, *outputs: str, layout: str = "page") -> list[str]:
    """What Tesseract writes for a picture in each of ``outputs`` ("txt", "tsv", "hocr"), reading
    every language installed. ``layout`` says what the picture is: a "page" of columns, a
    "scan" that may lie turned on the scanner (read upright where Tesseract has its orientation
    data), or "sparse" text scattered over a screen. Raises ValueError when Tesseract fails."""
    segmentation = {"page": [], "scan": ["--psm", "1"] if "osd" in _tesseract_data() else [], "sparse": ["--psm", "11"]}[layout]
    with tempfile.TemporaryDirectory(prefix="factcheck-ocr-") as folder:
        written = Path(folder) / "read"
        command = [tesseract, "stdin", str(written), "-l", languages(), *segmentation, *outputs]
        # One thread: Tesseract's own gain little on a picture, and a batch runs one per core.
        _run(command, picture, {"OMP_THREAD_LIMIT": "1", **os.environ}, "Tesseract OCR")
        return [written.with_suffix(f".{output}").read_text("utf-8", "replace").replace("\f", "\n") for output in outputs]


def scanned_pages(raw: bytes, pages: Mapping[int, float]) -> dict[int, list[ScannedLine]]:
    """The lines OCR reads on each of a PDF's ``pages``, scans with no text of their own, in
    Tesseract's reading order; ``pages`` maps each page's number (counted from 0) to its longest
    side as a viewer shows it (its crop box), in points. Raises ValueError when pdftoppm or
    Tesseract is missing or fails."""
    purpose = "reading the text of a scanned PDF"
    pdftoppm, tesseract = program(PDFTOPPM, purpose), program(TESSERACT, purpose)

    dots_per_inch = {number: _dots_per_inch(longest_side) for number, longest_side in pages.items()}

    def page(number: int) -> list[tuple[str, float, float]]:
        first = str(number + 1)
        drawn = _run([pdftoppm, "-r", str(dots_per_inch[number]), "-cropbox", "-gray", "-png", "-f", first, "-l", first, "-"], raw, None, "Poppler's pdftoppm")
        (hocr,) = read(tesseract, drawn, "hocr", layout="scan")
        return _hocr_lines(hocr)

    with ThreadPoolExecutor(max_workers=_PAGES_AT_ONCE) as workers:
        read_pages = dict(zip(pages, workers.map(page, pages)))
    heights = [x_height / dots_per_inch[number] for number, lines in read_pages.items() for _, _, x_height in lines]
    common = statistics.median(heights) if heights else 0.0
    return {
        number: [
            ScannedLine(
                text,
                baseline * _POINTS_PER_INCH / dots_per_inch[number],
                _size(x_height / dots_per_inch[number], common) * _POINTS_PER_INCH / _X_HEIGHT_IN_SIZES,
            )
            for text, baseline, x_height in lines
        ]
        for number, lines in read_pages.items()
    }


def _dots_per_inch(longest_side: float) -> int:
    """How finely a page is drawn for OCR: `_SCAN_DPI`, or less for a page so large that its
    picture would pass `_MOST_PIXELS` a side (a poster, a PDF's 200-inch page)."""
    return max(1, min(_SCAN_DPI, int(_MOST_PIXELS * _POINTS_PER_INCH / max(longest_side, 1.0))))


def _size(x_height: float, common: float) -> float:
    return common if abs(x_height - common) <= _SAME_SIZE * common else x_height


def _hocr_lines(hocr: str) -> list[tuple[str, float, float]]:
    """Each line of a page Tesseract wrote as hOCR, as its text, its baseline's height above the
    page's foot and its small letters' height (pixels), as the page stands upright."""
    page = etree.fromstring(hocr.encode("utf-8"), etree.XMLParser(resolve_entities=False, no_network=True))
    width = height = 0.0
    lines = []
    for element in page.iter():
        kind = element.get("class")
        if kind == "ocr_page":
            _, _, width, height = map(float, _properties(element)["bbox"])
        elif kind in _LINE_CLASSES:
            words = [word for word in element.iter() if word.get("class") == "ocrx_word"]
            read = [_word(word) for word in words]
            # A list's bullet, before a line's words, is often read as another mark: "¢", "*".
            if len(words) > 1 and _text(words[0]) in _BULLET_READINGS:
                read[0] = "•"
            text = " ".join(word for word in read if word)
            properties = _properties(element)
            size, ascenders, descenders = (float(properties.get(name, ["0"])[0]) for name in ("x_size", "x_ascenders", "x_descenders"))
            # A line of marks alone is specks, or a rule of dots or stars: it says nothing.
            if any(character.isalnum() for character in text):
                lines.append((text, _baseline(properties, width, height, descenders), size - ascenders - descenders))
    return lines


def _baseline(properties: Mapping[str, list[str]], width: float, height: float, descenders: float) -> float:
    """A line's baseline, as its height above the foot of the page stood upright. A page that
    lay turned on the scanner is read upright, each line's box given as the picture has it and
    its turn as "textangle"; its baseline is then taken to be its descenders above its foot."""
    left, top, right, bottom = map(float, properties["bbox"])
    turn = properties.get("textangle", ["0"])[0]
    if turn == "90":
        return width - right + descenders
    if turn == "180":
        return top + descenders
    if turn == "270":
        return left + descenders
    # Upright, the baseline is given as a slope and an offset from the box's bottom left corner.
    return height - bottom - float(properties.get("baseline", ["0", "0"])[1])


def _word(element) -> str:
    """A word's text as OCR read it, less what a speck of dirt on the scan made of it: a lone
    mark read with little confidence ("©", "—" in a margin), or one glued before a word's first
    letter ("~The")."""
    text = _text(element)
    confidence = float(_properties(element).get("x_wconf", ["100"])[0])
    if confidence >= _SURE:
        return text
    if not any(character.isalnum() for character in text):
        return ""
    return _SPECKS_BEFORE_A_WORD.sub("", text)


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def _properties(element) -> dict[str, list[str]]:
    """An hOCR element's properties, written in its title: "bbox 0 0 2480 3508; ppageno 0"."""
    properties = {}
    for part in (element.get("title") or "").split(";"):
        if part.strip():
            name, *values = part.split()
            properties[name] = values
    return properties


def _run(command: list[str], given: bytes, environment: dict[str, str] | None, name: str) -> bytes:
    """What ``command`` writes, given ``given`` to read. Raises ValueError, in ``name``'s words,
    when it fails or runs past its time."""
    try:
        done = subprocess.run(command, input=given, capture_output=True, timeout=_OCR_TIMEOUT_S, env=environment)
    except subprocess.TimeoutExpired as stuck:
        raise ValueError(f"{name} gave nothing within {_OCR_TIMEOUT_S} s") from stuck
    if done.returncode != 0:
        said = [line for line in done.stderr.decode("utf-8", "replace").splitlines() if line.strip()]
        raise ValueError(f"{name} failed: {said[-1] if said else f'exit code {done.returncode}'}")
    return done.stdout
