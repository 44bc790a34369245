"""How a reviewer left each note (a cell comment) looking: the size they dragged its box to,
and whether it shows all the time, carried into the next version.

openpyxl reads a note's text and author but not its box, which lives in the sheet's VML
drawing, and writes every note at one size, shown only under the pointer. So each sheet's VML
is read from the file as it is (``sheet_note_looks``), each note's box is kept on its comment
(``keep_note_looks``: its size as the comment's width and height, which openpyxl writes; a
note shown all the time as a ``ShownNote``, with where its box sits from its cell), and the
writer shows the shown ones there (``shown_notes``). A comment moved or copied with its cell
keeps all three.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass

from openpyxl.comments import Comment

from .package import relations, sheet_parts

_SHAPE = re.compile(rb"<((?:\w+:)?)shape\b.*?</\1shape\s*>", re.S)
_NOTE = re.compile(rb"<(?:\w+:)?ClientData\b[^>]*\bObjectType=[\"']Note[\"']")
_PLACE = {part: re.compile(rb"<(?:\w+:)?%s>\s*(\d+)\s*</" % part) for part in (b"Row", b"Column")}
_STYLE = re.compile(rb"\sstyle=([\"'])(.*?)\1", re.S)
_LENGTH = {side: re.compile(rb"(?:^|;)\s*%s\s*:\s*([\d.]+)\s*(pt|px|in|cm|mm)?" % side) for side in (b"width", b"height")}
_SHOWN = re.compile(rb"<(?:\w+:)?Visible\b|visibility\s*:\s*visible")
_CLIENT_END = re.compile(rb"</((?:\w+:)?)ClientData\s*>")
# Where a note's box sits: left column, offset, top row, offset, right column, offset, bottom row, offset (from 0).
_ANCHOR = re.compile(rb"<(?:\w+:)?Anchor>([\d,\s]+)</")
_SIZED = re.compile(rb"<((?:\w+:)?)SizeWithCells\s*/>")
PIXELS = {b"px": 1.0, b"pt": 96 / 72, b"in": 96.0, b"cm": 96 / 2.54, b"mm": 96 / 25.4}  # CSS pixels per unit


@dataclass(frozen=True, slots=True)
class NoteLook:
    """A note's box: its size in pixels (openpyxl's unit for a comment's), whether it shows all
    the time, and where it sits (the VML anchor's eight numbers, as the file holds them)."""

    width: int | None
    height: int | None
    shown: bool
    anchor: tuple[int, ...] | None = None


class ShownNote(Comment):
    """A note set to show all the time ("Show Note", "Show Comment"), not only under the pointer;
    ``box`` is where its box sits, its anchor counted from the note's cell."""

    box: tuple[int, ...] | None = None

    def __copy__(self):
        clone = super().__copy__()
        clone.box = self.box
        return clone


def sheet_note_looks(archive: zipfile.ZipFile) -> dict[str, dict[tuple[int, int], NoteLook]]:
    """Each sheet's notes' boxes, by sheet title and (row, column) of the cell, from 1."""
    names = set(archive.namelist())
    looks = {}
    for title, path in sheet_parts(archive, names):
        for relation in relations(archive, names, path):
            if relation.kind == "vmlDrawing" and not relation.external and relation.target in names:
                looks.setdefault(title, {}).update(note_looks(archive.read(relation.target)))  # a header's pictures have VML too
    return looks


def note_looks(vml: bytes) -> dict[tuple[int, int], NoteLook]:
    """The boxes of the notes a sheet's VML drawing holds, by (row, column) of the cell, from 1."""
    looks = {}
    for shape in _SHAPE.finditer(vml):
        xml = shape[0]
        place = _place(xml)
        if not _NOTE.search(xml) or place is None:
            continue
        style = _STYLE.search(xml)
        width, height = (_pixels(_LENGTH[side].search(style[2]) if style else None) for side in (b"width", b"height"))
        anchor = _ANCHOR.search(xml)
        numbers = tuple(int(n) for n in anchor[1].split(b",")) if anchor else ()
        looks[place] = NoteLook(width, height, bool(_SHOWN.search(xml)), numbers if len(numbers) == 8 else None)
    return looks


def _place(shape: bytes) -> tuple[int, int] | None:
    """The (row, column), from 1, of the cell a VML shape belongs to."""
    row, column = (_PLACE[part].search(shape) for part in (b"Row", b"Column"))
    return (int(row[1]) + 1, int(column[1]) + 1) if row and column else None


def _pixels(length: re.Match | None) -> int | None:
    return round(float(length[1]) * PIXELS[length[2] or b"px"]) if length else None


def keep_note_looks(workbook, looks: Mapping[str, Mapping[tuple[int, int], NoteLook]]) -> None:
    """Give each note in ``workbook`` (an openpyxl workbook) the box ``looks`` holds for its cell."""
    for title, by_cell in looks.items():
        if title not in workbook.sheetnames:
            continue
        cells = workbook[title]._cells
        for place, look in by_cell.items():
            cell = cells.get(place)
            if cell is None or cell.comment is None:
                continue
            comment = cell.comment
            width, height = look.width or comment.width, look.height or comment.height
            if look.shown:
                shown = ShownNote(comment.content, comment.author, height, width)
                shown.box = _moved(look.anchor, 1 - place[0], 1 - place[1]) if look.anchor else None
                cell.comment = shown
            else:
                comment.width, comment.height = width, height


def shown_notes(vml: bytes, shown: Mapping[tuple[int, int], tuple[int, ...] | None]) -> bytes:
    """openpyxl's VML for a sheet's notes, with those on the cells ``shown`` (row, column, from 1)
    showing all the time, as Excel and LibreOffice write such a note, each box where its anchor
    counted from its cell (``ShownNote.box``) puts it: without one, both programs would place a
    shown box at the sheet's top left."""
    if not shown:
        return vml

    def show(shape: re.Match) -> bytes:
        xml = shape[0]
        place = _place(xml)
        if place not in shown:
            return xml
        xml = xml.replace(b"visibility:hidden", b"visibility:visible", 1)
        if (box := shown[place]) is not None:
            cells = (max(0, number) for number in _moved(box, place[0] - 1, place[1] - 1))  # never above or left of the sheet
            anchor = b"<%sAnchor>" + ", ".join(map(str, cells)).encode() + b"</%sAnchor>"
            xml = _SIZED.sub(lambda sized: sized[0] + anchor % (sized[1], sized[1]), xml, count=1)
        return _CLIENT_END.sub(lambda end: b"<%sVisible/>" % end[1] + end[0], xml, count=1)

    return _SHAPE.sub(show, vml)


def _moved(anchor: tuple[int, ...], rows: int, columns: int) -> tuple[int, ...]:
    """A VML anchor moved by ``rows`` and ``columns`` (its offsets within a cell as they are)."""
    return tuple(number + step for number, step in zip(anchor, (columns, 0, rows, 0) * 2))
