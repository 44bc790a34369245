"""How a reviewer left each note (a cell comment) looking: the size they dragged its box to,
whether it shows all the time, and its formatted text, carried into the next version.

openpyxl reads a note's text and author but not its box, which lives in the sheet's VML
drawing, nor its formatting (the bold name line Excel starts a note with), and writes every
note as plain text at one size, shown only under the pointer. So each sheet's VML and notes
are read from the file as it is (``sheet_note_looks``), and what openpyxl would lose is kept
on the comment (``keep_note_looks``: its size as the comment's width and height, which openpyxl
writes; the rest on a ``KeptNote``). The writer shows the shown notes where their boxes sat
(``shown_notes``) and writes the formatted text again (``formatted_notes``). A comment moved
or copied with its cell keeps all of it.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from openpyxl.comments import Comment

from .package import parsed, relations, sheet_parts

if TYPE_CHECKING:
    from .threads import Thread

_SHAPE_START, _SHAPE_END = re.compile(rb"<(?:\w+:)?shape\b"), re.compile(rb"</(?:\w+:)?shape\s*>")
_NOTE = re.compile(rb"<(?:\w+:)?ClientData\b[^>]*\bObjectType=[\"']Note[\"']")
_PLACE = {part: re.compile(rb"<(?:\w+:)?%s>\s*(\d+)\s*</" % part) for part in (b"Row", b"Column")}
_STYLE = re.compile(rb"\sstyle=([\"'])(.*?)\1", re.S)
_LENGTH = {side: re.compile(rb"(?:^|;)\s*%s\s*:\s*([\d.]+)\s*(pt|px|in|cm|mm)?" % side) for side in (b"width", b"height")}
_SHOWN = re.compile(rb"<(?:\w+:)?Visible\b|visibility\s*:\s*visible")
_CLIENT_END = re.compile(rb"</((?:\w+:)?)ClientData\s*>")
# Where a note's box sits: left column, offset, top row, offset, right column, offset, bottom row, offset (from 0).
_ANCHOR = re.compile(rb"<(?:\w+:)?Anchor>([\d,\s]+)</")
_SIZED = re.compile(rb"<((?:\w+:)?)SizeWithCells\s*/>")
# A note in the sheet's notes part as Excel and openpyxl write it (unprefixed): its cell, and its text.
_COMMENT_TEXT = re.compile(rb"(<comment\b[^>]*?\sref=\"([A-Z]+[0-9]+)\"[^>]*>)\s*(<text\b.*?</text\s*>)", re.S)
PIXELS = {b"px": 1.0, b"pt": 96 / 72, b"in": 96.0, b"cm": 96 / 2.54, b"mm": 96 / 25.4}  # CSS pixels per unit


@dataclass(frozen=True, slots=True)
class NoteLook:
    """A note's box: its size in pixels (openpyxl's unit for a comment's), whether it shows all
    the time, and where it sits (the VML anchor's eight numbers, as the file holds them); and
    its text with its formatting (the ``<text>`` element as the file holds it), where it has any."""

    width: int | None = None
    height: int | None = None
    shown: bool = False
    anchor: tuple[int, ...] | None = None
    formatted: bytes | None = None


class KeptNote(Comment):
    """A note with what openpyxl keeps nothing of: whether it shows all the time ("Show Note")
    and where its box then sits (``box``, its anchor counted from the note's cell), its
    formatted text, and the Excel 365 thread it stands for (threads.py)."""

    shown: bool = False
    box: tuple[int, ...] | None = None
    formatted: bytes | None = None
    thread: Thread | None = None

    def __copy__(self):
        clone = super().__copy__()
        clone.shown, clone.box, clone.formatted, clone.thread = self.shown, self.box, self.formatted, self.thread
        return clone


def thread_of(comment) -> Thread | None:
    """The Excel 365 thread ``comment`` stands for; None for a note (a plain openpyxl Comment
    holds none) or no comment."""
    return getattr(comment, "thread", None)


def kept(cell) -> KeptNote:
    """The note on ``cell`` as a KeptNote, put there in its place if it was not one."""
    note = cell.comment
    if not isinstance(note, KeptNote):
        note = KeptNote(note.content, note.author, note.height, note.width)
        cell.comment = note
    return note


def sheet_note_looks(archive: zipfile.ZipFile) -> dict[str, dict[tuple[int, int], NoteLook]]:
    """Each sheet's notes' boxes and formatted texts, by sheet title and (row, column) of the
    cell, from 1."""
    names = set(archive.namelist())
    looks: dict[str, dict[tuple[int, int], NoteLook]] = {}
    for title, path in sheet_parts(archive, names):
        texts = {}
        for relation in relations(archive, names, path):
            if relation.external or relation.target not in names:
                continue
            if relation.kind == "vmlDrawing":
                looks.setdefault(title, {}).update(note_looks(archive.read(relation.target)))  # a header's pictures have VML too
            elif relation.kind == "comments":
                texts = note_texts(archive.read(relation.target))
        for place, text in texts.items():
            by_cell = looks.setdefault(title, {})
            by_cell[place] = replace(by_cell.get(place, NoteLook()), formatted=text)
    return looks


def note_texts(notes: bytes) -> dict[tuple[int, int], bytes]:
    """The texts of a sheet's notes part that hold formatting (runs), as the part holds them,
    by (row, column) of the cell, from 1; a note of plain text openpyxl keeps whole."""
    from openpyxl.utils import coordinate_to_tuple

    if parsed(notes) is None:
        return {}  # openpyxl cannot load it either, and the run refuses the workbook
    return {coordinate_to_tuple(note[2].decode()): note[3] for note in _COMMENT_TEXT.finditer(notes) if re.search(rb"<r\b", note[3])}


def formatted_notes(notes: bytes, formatted: Mapping[str, bytes]) -> bytes:
    """openpyxl's notes part for a sheet, with the notes on the cells ``formatted`` names (by
    coordinate) given their formatted text again."""
    if not formatted:
        return notes

    def format_text(note: re.Match) -> bytes:
        text = formatted.get(note[2].decode())
        return note[0] if text is None else note[1] + text

    return _COMMENT_TEXT.sub(format_text, notes)


def note_looks(vml: bytes) -> dict[tuple[int, int], NoteLook]:
    """The boxes of the notes a sheet's VML drawing holds, by (row, column) of the cell, from 1."""
    looks = {}
    for start, end in _shapes(vml):
        xml = vml[start:end]
        place = _place(xml)
        if not _NOTE.search(xml) or place is None:
            continue
        style = _STYLE.search(xml)
        width, height = (_pixels(_LENGTH[side].search(style[2]) if style else None) for side in (b"width", b"height"))
        anchor = _ANCHOR.search(xml)
        numbers = tuple(int(n) for n in anchor[1].split(b",")) if anchor else ()
        looks[place] = NoteLook(width, height, bool(_SHOWN.search(xml)), numbers if len(numbers) == 8 else None)
    return looks


def _shapes(vml: bytes) -> Iterator[tuple[int, int]]:
    """Where each shape of a VML drawing starts and ends, found in one pass, from each closing
    tag back to its opening one. VML need not be well-formed XML (Excel's may hold a <br> in a
    note's box), and a pattern from each opening tag to its closing one would go over the rest
    of the part from each shape left open."""
    start = 0
    for end in _SHAPE_END.finditer(vml):
        opened = list(_SHAPE_START.finditer(vml, start, end.start()))
        if opened:
            yield opened[-1].start(), end.end()
        start = end.end()


def _place(shape: bytes) -> tuple[int, int] | None:
    """The (row, column), from 1, of the cell a VML shape belongs to."""
    row, column = (_PLACE[part].search(shape) for part in (b"Row", b"Column"))
    return (int(row[1]) + 1, int(column[1]) + 1) if row and column else None


def _pixels(length: re.Match | None) -> int | None:
    return round(float(length[1]) * PIXELS[length[2] or b"px"]) if length else None


def keep_note_looks(workbook, looks: Mapping[str, Mapping[tuple[int, int], NoteLook]]) -> None:
    """Give each note in ``workbook`` (an openpyxl workbook) the box and the formatted text
    ``looks`` holds for its cell (the text only where it reads as the note openpyxl loaded)."""
    for title, by_cell in looks.items():
        if title not in workbook.sheetnames:
            continue
        cells = workbook[title]._cells
        for place, look in by_cell.items():
            cell = cells.get(place)
            if cell is None or cell.comment is None:
                continue
            comment = cell.comment
            comment.width, comment.height = look.width or comment.width, look.height or comment.height
            formatted = look.formatted if look.formatted and _plain_text(look.formatted) == comment.content else None
            if look.shown or formatted:
                note = kept(cell)
                note.shown, note.formatted = look.shown, formatted
                note.box = _moved(look.anchor, 1 - place[0], 1 - place[1]) if look.shown and look.anchor else None


def _plain_text(text: bytes) -> str | None:
    """A note's ``<text>`` read as openpyxl reads it: its runs' text, without phonetic guides."""
    element = parsed(text)
    if element is None:
        return None
    pieces = [element.findtext("t") or ""] + [run.findtext("t") or "" for run in element.findall("r")]
    return "".join(pieces)


def shown_notes(vml: bytes, shown: Mapping[tuple[int, int], tuple[int, ...] | None]) -> bytes:
    """openpyxl's VML for a sheet's notes, with those on the cells ``shown`` (row, column, from 1)
    showing all the time, as Excel and LibreOffice write such a note, each box where its anchor
    counted from its cell (``KeptNote.box``) puts it: without one, both programs would place a
    shown box at the sheet's top left."""
    if not shown:
        return vml

    def show(xml: bytes) -> bytes:
        place = _place(xml)
        if place not in shown:
            return xml
        xml = xml.replace(b"visibility:hidden", b"visibility:visible", 1)
        if (box := shown[place]) is not None:
            cells = (max(0, number) for number in _moved(box, place[0] - 1, place[1] - 1))  # never above or left of the sheet
            anchor = b"<%sAnchor>" + ", ".join(map(str, cells)).encode() + b"</%sAnchor>"
            xml = _SIZED.sub(lambda sized: sized[0] + anchor % (sized[1], sized[1]), xml, count=1)
        return _CLIENT_END.sub(lambda end: b"<%sVisible/>" % end[1] + end[0], xml, count=1)

    pieces, last = [], 0
    for start, end in _shapes(vml):
        pieces += [vml[last:start], show(vml[start:end])]
        last = end
    return b"".join([*pieces, vml[last:]])


def _moved(anchor: tuple[int, ...], rows: int, columns: int) -> tuple[int, ...]:
    """A VML anchor moved by ``rows`` and ``columns`` (its offsets within a cell as they are)."""
    return tuple(number + step for number, step in zip(anchor, (columns, 0, rows, 0) * 2))
