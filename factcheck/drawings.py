"""Pictures, charts, text boxes, arrows and shapes a reviewer puts on a sheet, carried into
the next version as the file held them.

openpyxl reads a sheet's drawing only for its charts (losing what its chart model lacks) and,
with Pillow, its pictures, and drops text boxes and shapes with no more than a warning. So each
sheet's drawing is read from the file as it is, cut into its anchors (one picture, chart or
shape each, with the cells it sits on), kept on the sheet while the run rewrites the
workbook, and written again beside the sheet's new XML (``DrawingPart``) with the parts it
names (a chart, its style and colours) as they were. On a table the tool rewrites, an anchor
follows the row it sits on (to Retired when its claim goes there) and the column it sits in,
by header; a chart's ranges move as formulas do (``with_chart_ranges``, given the move by
``references``); a merge brings a reviewer's copy's own to the rows its rows went to
(``add_drawings``).
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .package import Relation, content_type, parsed, relations, sheet_parts

if TYPE_CHECKING:
    from .carry import TableMove

# One anchor: a picture or shape and where it sits. Anchors never nest.
_ANCHOR = re.compile(rb"<((?:\w+:)?)(twoCellAnchor|oneCellAnchor|absoluteAnchor)\b.*?</\1\2\s*>", re.S)
_FIXED = re.compile(rb'^<(?:\w+:)?(?:absoluteAnchor\b|twoCellAnchor\b[^>]*\beditAs="absolute")')  # "don't move with cells"
_FRAME = re.compile(rb"<(?:\w+:)?graphicFrame\b")  # a chart, SmartArt or an embedded object
_SHAPE = re.compile(rb"<(?:\w+:)?(?:sp|cxnSp|grpSp)\b")
_PICTURE = re.compile(rb"<(?:\w+:)?pic\b")
_REFERENCE = re.compile(rb'(\s\w+:(?:embed|link|id|pict)=")([^"]*)(")')
_CELL = {part: re.compile(rb"(<(?:\w+:)?%s>)(.*?)(</(?:\w+:)?%s>)" % (part, part), re.S) for part in (b"from", b"to")}
_NUMBER = {part: re.compile(rb"(<(?:\w+:)?%s>\s*)(\d+)(\s*</)" % part) for part in (b"col", b"row")}
_ROOT = re.compile(rb"<(?:\w+:)?wsDr\b[^>]*>")
_NAMESPACE = re.compile(rb'\sxmlns:(\w+)="[^"]*"')
_TEXT = re.compile(rb"<(?:\w+:)?t>([^<]*)</(?:\w+:)?t>")
# A range a chart plots (Claims!$E$2:$E$8), and the values the file cached for it, if any.
_RANGE = re.compile(rb"(<(?:\w+:)?f>)([^<]*)(</(?:\w+:)?f>)(\s*<((?:\w+:)?)(?:num|str|multiLvlStr)Cache\b.*?</\5(?:num|str|multiLvlStr)Cache\s*>)?", re.S)
_OUTLINE = re.compile(rb'<(?:\w+:)?prstGeom\b[^>]*\bprst="(\w+)"')
_SHAPE_ID = re.compile(rb'(<(?:\w+:)?(?:cNvPr|stCxn|endCxn)\b[^>]*?\sid=")(\d+)(")')
_CARRIED_NAME = re.compile(r"^(?:carried\d+_)+")  # how ``CarriedPart`` names a part it writes
IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
CARRIED = "_factcheck_drawing"  # the sheet's attribute holding its Drawing, as openpyxl keeps its own in ``_drawing``


@dataclass(frozen=True, slots=True)
class Picture:
    """A picture file a drawing shows, as the file held it."""

    extension: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Part:
    """A part a drawing shows beside its pictures (a chart), with the parts it names in turn
    (its style and colours), as the file held them."""

    type: str  # the relationship's type, by which the drawing names it
    path: str  # where the file held it; its folder and name are kept in the new file's
    content_type: str
    data: bytes
    relations: Mapping[str, Picture | Relation | Part]


@dataclass(frozen=True, slots=True)
class Anchor:
    """One picture or shape, with the cells it sits on, as the file held it."""

    xml: bytes
    relations: Mapping[str, Picture | Relation | Part]  # by the id the XML names: a picture, a chart, a link outside the file


@dataclass(frozen=True, slots=True)
class Drawing:
    """A sheet's drawing: its anchors, and the XML around them (the root with its namespaces)."""

    root: bytes  # before the first anchor
    anchors: tuple[Anchor, ...]
    end: bytes  # after the last


# A drawing of nothing: what a chart sheet left without its chart names, as a chart sheet must name one.
NO_ANCHORS = Drawing(b'<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"/>', (), b"")


def read_drawing(archive: zipfile.ZipFile, names: set[str], part: str) -> tuple[Drawing | None, list[str]]:
    """The drawing ``part``, and the kinds of relationship (``diagramData``...) of what in it
    cannot be carried. A sheet has one drawing, so it is None when anything in it cannot; its
    pictures, charts and shapes are then named too (``image``, ``chart``, ``shape``)."""
    xml = archive.read(part) if part in names else b""
    readable = not xml or parsed(xml) is not None  # else every anchor left open would send _ANCHOR over the rest
    found = list(_ANCHOR.finditer(xml)) if readable else []
    lost, linked = [], {}
    for relation in relations(archive, names, part):
        named = _named_part(archive, names, relation, relation.kind == "chart")
        if named is None:
            lost.append(relation.kind)
        else:
            linked[relation.id] = named
    # An object with no part of its own, or XML this module cannot cut into anchors.
    unnamed = any(_FRAME.search(a[0]) and not any(r[2].decode() in linked for r in _REFERENCE.finditer(a[0])) for a in found)
    if not lost and xml and (not readable or unnamed or not _cut_cleanly(xml, found)):
        lost.append("drawing")
    if lost:
        lost += ["image"] * any(_PICTURE.search(a[0]) for a in found) + ["shape"] * any(_SHAPE.search(a[0]) for a in found)
        lost += ["chart"] * any(isinstance(named, Part) for named in linked.values())
        return None, list(dict.fromkeys(lost))
    anchors = tuple(Anchor(anchor[0], _named(anchor[0], linked)) for anchor in found)
    if not anchors:
        return Drawing(xml, (), b""), []
    return Drawing(xml[: found[0].start()], anchors, xml[found[-1].end() :]), []


def _named_part(archive: zipfile.ZipFile, names: set[str], relation: Relation, whole: bool, depth: int = 0) -> Picture | Relation | Part | None:
    """What ``relation`` names, to be carried: a link outside the file as it is, a picture, or,
    with ``whole`` (a chart, and what a chart names), the part with what it names in turn.
    None for what cannot be carried (SmartArt, a picture in a format openpyxl cannot list)."""
    from openpyxl.packaging.manifest import mimetypes

    if relation.external:
        return relation
    if relation.target not in names:
        return None
    extension = relation.target.rsplit(".", 1)[-1].lower()
    if relation.type == IMAGE:
        return Picture(extension, archive.read(relation.target)) if "." + extension in mimetypes.types_map[True] else None
    kind = content_type(archive, names, relation.target)
    if not whole or kind is None or depth > 3:
        return None
    inner = {}
    for named in relations(archive, names, relation.target):
        carried = _named_part(archive, names, named, True, depth + 1)
        if carried is None:
            return None
        inner[named.id] = carried
    data = archive.read(relation.target)
    if relation.kind == "chart" and parsed(data) is None:
        return None  # its ranges are moved by pattern (with_chart_ranges)
    return Part(relation.type, relation.target, kind, data, inner)


def _cut_cleanly(xml: bytes, anchors: Sequence[re.Match]) -> bool:
    """Whether ``xml`` is a drawing's root holding ``anchors`` and nothing else, so that it can
    be cut into them and joined again (an anchor wrapped in Excel's AlternateContent is not)."""
    root = _ROOT.search(xml)
    if root is None or root[0].endswith(b"/>"):
        return root is not None and not anchors
    edges = [root.end(), *(edge for anchor in anchors for edge in anchor.span()), len(xml)]
    gaps = [xml[start:end].strip() for start, end in zip(edges[::2], edges[1::2])]
    return not any(gaps[:-1]) and re.fullmatch(rb"</(?:\w+:)?wsDr>", gaps[-1]) is not None


def _named(xml: bytes, linked: Mapping[str, Picture | Relation | Part]) -> dict[str, Picture | Relation | Part]:
    """What an anchor's XML names by relationship id."""
    ids = (reference[2].decode() for reference in _REFERENCE.finditer(xml))
    return {rid: linked[rid] for rid in ids if rid in linked}


def sheet_drawings(archive: zipfile.ZipFile) -> dict[str, tuple[Drawing | None, list[str]]]:
    """Every sheet's drawing, by sheet title, as ``read_drawing`` reads it: read once, for what
    a run carries and for what it would lose (``carry.uncarried_parts``)."""
    names = set(archive.namelist())
    return {
        title: read_drawing(archive, names, relation.target)
        for title, path in sheet_parts(archive, names)
        for relation in relations(archive, names, path)
        if relation.kind == "drawing"
    }


def carried_drawing(sheet) -> Drawing | None:
    """The drawing kept on ``sheet`` to be written again with it."""
    return getattr(sheet, CARRIED, None)


def keep_drawing(sheet, drawing: Drawing | None) -> None:
    """Keep ``drawing`` on ``sheet`` (an openpyxl worksheet), to be written with it."""
    setattr(sheet, CARRIED, drawing if drawing is not None and drawing.anchors else None)
    # openpyxl loads the same charts (and, with Pillow, pictures): written too, they would show twice.
    sheet._images, sheet._charts = [], []


def is_summary_chart(drawing: Drawing) -> bool:
    """Whether ``drawing`` (on Summary) is the tool's own: one anchor, showing a chart. A second
    chart, or anything else, is a reviewer's, which the run would lose."""
    return len(drawing.anchors) == 1 and any(isinstance(named, Part) for named in drawing.anchors[0].relations.values())


def drawn_rows(sheet) -> set[int]:
    """The rows of ``sheet`` on which a carried picture or shape that moves with its cells sits."""
    drawing = carried_drawing(sheet)
    starts = (_cell(anchor.xml, b"from") for anchor in drawing.anchors if not _FIXED.match(anchor.xml)) if drawing else ()
    return {start[1] + 1 for start in starts if start is not None}


def move_drawings(workbook, moves: Mapping[str, TableMove], headers_of: Callable[[str], Mapping[str, int]]) -> None:
    """Move each anchor on a rewritten table where its row went (``moves``, as ``table_moves``
    gives them), to another table when its row did, and into its column by header.

    An anchor set not to move with cells stays where it is; one on a row not written again goes
    with the row above it, and one below the table keeps its distance from the table's end.
    """
    placed: dict[str, list[tuple[Drawing, Anchor]]] = {}
    for title, move in moves.items():
        drawing = carried_drawing(workbook[title])
        for anchor in drawing.anchors if drawing is not None else ():
            target, moved = _moved(anchor, title, move, headers_of)
            placed.setdefault(target, []).append((drawing, moved))
    for title in dict.fromkeys([*(title for title in moves if carried_drawing(workbook[title]) is not None), *placed]):
        keep_drawing(workbook[title], _joined(placed.get(title, ())))


def with_chart_ranges(drawing: Drawing, moved: Callable[[str], str]) -> Drawing:
    """``drawing`` with each range its charts plot (``Claims!$E$2:$E$8``) as ``moved`` gives it;
    the same drawing when none changes. A moved range loses the values cached for its old
    cells, which a viewer that draws from the cache would show: Excel and LibreOffice read the
    cells, as they do for a chart openpyxl writes, which has no cache."""
    from xml.sax.saxutils import escape, unescape

    def plotted(found: re.Match) -> bytes:
        text = unescape(found[2].decode())
        now = moved(text)
        return found[0] if now == text else found[1] + escape(now).encode() + found[3]

    charts = {id(chart): replace(chart, data=_RANGE.sub(plotted, chart.data)) for chart in _charts(drawing)}  # one shown twice stays one
    if all(charts[id(chart)].data == chart.data for chart in _charts(drawing)):
        return drawing
    anchors = tuple(
        replace(anchor, relations={rid: charts.get(id(named), named) for rid, named in anchor.relations.items()}) for anchor in drawing.anchors
    )
    return replace(drawing, anchors=anchors)


def _charts(drawing: Drawing) -> list[Part]:
    """The charts ``drawing``'s anchors show."""
    return [named for anchor in drawing.anchors for named in anchor.relations.values() if isinstance(named, Part)]


def add_drawings(
    workbook, copy_book, moves: Mapping[str, TableMove], headers_of: Callable[[str], Mapping[str, int]], moved_range: Callable[[str], str]
) -> tuple[int, int]:
    """Add to ``workbook`` the pictures and shapes on the tables of ``copy_book`` (a reviewer's
    copy of it) that its sheet does not show yet, each where ``moves`` put the copy's row it
    sits on, its charts plotting the ranges ``moved_range`` gives for the copy's; return how
    many were added, and how many sat on rows that were not merged.

    What a sheet shows is told by its pictures, its charts' ranges, its text and its shapes
    (``_look``), wherever it sits, so a picture or chart handed out with the copy, moved there
    or saved again by another program, is not added twice.
    """
    placed: dict[str, list[tuple[Drawing, Anchor]]] = {}
    unplaced = 0
    for title, move in moves.items():
        drawing = carried_drawing(copy_book[title]) if title in copy_book.sheetnames else None
        drawing = with_chart_ranges(drawing, moved_range) if drawing is not None else None
        there = shown(carried_drawing(workbook[title])) if title in workbook.sheetnames else Counter()
        for anchor in drawing.anchors if drawing is not None else ():
            start = _cell(anchor.xml, b"from")
            if start is None or start[1] + 1 not in move.rows:
                unplaced += not _seen(there, anchor)
                continue
            target, moved = _moved(anchor, title, move, headers_of)
            placed.setdefault(target, []).append((drawing, moved))
    added = 0
    for title, anchors in placed.items():
        mine = carried_drawing(workbook[title])
        there = shown(mine)
        new = [(drawing, anchor) for drawing, anchor in anchors if not _seen(there, anchor)]
        if new:
            kept = [(mine, anchor) for anchor in mine.anchors] if mine is not None else []
            keep_drawing(workbook[title], _joined([*kept, *new]))
            added += len(new)
    return added, unplaced


def shown(drawing: Drawing | None) -> Counter:
    """How many times ``drawing`` shows each look (``_look``): what it shows, wherever it sits."""
    return Counter(_look(anchor) for anchor in drawing.anchors) if drawing is not None else Counter()


def _seen(looks: Counter, anchor: Anchor) -> bool:
    """Whether ``looks`` (as ``shown`` counts them) still holds ``anchor``'s, counting it off when it does."""
    look = _look(anchor)
    if looks[look]:
        looks[look] -= 1
        return True
    return False


def _look(anchor: Anchor) -> tuple:
    """What an anchor shows, wherever it sits: its pictures and charts, its text and its shapes' outlines."""
    pictures = tuple(named.data for named in anchor.relations.values() if isinstance(named, Picture))
    # A chart by the ranges it plots: a spreadsheet program saving it again rewrites the rest.
    ranges = tuple(
        re.sub(rb"[$']", b"", found[2]).lower() for named in anchor.relations.values() if isinstance(named, Part) for found in _RANGE.finditer(named.data)
    )
    return pictures, ranges, tuple(_TEXT.findall(anchor.xml)), tuple(_OUTLINE.findall(anchor.xml))


def _moved(anchor: Anchor, title: str, move: TableMove, headers_of: Callable[[str], Mapping[str, int]]) -> tuple[str, Anchor]:
    if _FIXED.match(anchor.xml) or (start := _cell(anchor.xml, b"from")) is None:
        return title, anchor
    column, row = start
    target, new_row = _row_went(row + 1, move, title)
    header = move.header_at.get(column + 1)
    new_column = headers_of(target).get(header, column + 1) - 1 if header is not None else column
    xml = anchor.xml
    for part in (b"from", b"to"):
        xml = _shifted(xml, part, new_column - column, new_row - 1 - row)
    return target, replace(anchor, xml=xml)


def _row_went(row: int, move: TableMove, title: str) -> tuple[str, int]:
    """Where the sheet row ``row`` of a rewritten table went: (title, row)."""
    if row in move.rows:
        return move.rows[row]
    if row <= 1:
        return title, row
    if row > move.last_row:
        return title, row + move.new_last_row - move.last_row
    above = max((number for number in move.rows if number < row), default=None)
    return move.rows[above] if above is not None else (title, row)


def _cell(xml: bytes, part: bytes) -> tuple[int, int] | None:
    """The (column, row), counted from 0, of an anchor's ``from`` or ``to`` cell."""
    cell = _CELL[part].search(xml)
    if cell is None:
        return None
    column, row = (_NUMBER[number].search(cell[2]) for number in (b"col", b"row"))
    return (int(column[2]), int(row[2])) if column and row else None


def _shifted(xml: bytes, part: bytes, columns: int, rows: int) -> bytes:
    """An anchor with its ``from`` or ``to`` cell moved by ``columns`` and ``rows``."""

    def cell(found: re.Match) -> bytes:
        inner = found[2]
        for number, by in ((b"col", columns), (b"row", rows)):
            inner = _NUMBER[number].sub(lambda n: n[1] + str(max(0, int(n[2]) + by)).encode() + n[3], inner, count=1)
        return found[1] + inner + found[3]

    return _CELL[part].sub(cell, xml, count=1)


def _joined(placed: Sequence[tuple[Drawing, Anchor]]) -> Drawing | None:
    """One drawing of anchors from one or more drawings: the first's root, declaring the
    namespaces of the others, and the shapes of each later drawing numbered after the ones before."""
    if not placed:
        return None
    first = placed[0][0]
    root, anchors, offsets = first.root, [], {}  # offsets by id() of each later drawing
    for drawing, anchor in placed:
        if drawing is not first and id(drawing) not in offsets:
            offsets[id(drawing)] = max((int(n[2]) for a in anchors for n in _SHAPE_ID.finditer(a.xml)), default=0)
            root = _declaring(root, drawing.root)
        offset = offsets.get(id(drawing), 0)
        anchors.append(replace(anchor, xml=_SHAPE_ID.sub(lambda n: n[1] + str(int(n[2]) + offset).encode() + n[3], anchor.xml)) if offset else anchor)
    return Drawing(root, tuple(anchors), first.end)


def _declaring(root: bytes, other: bytes) -> bytes:
    """``root`` with the namespace prefixes ``other``'s root element declares and it lacks."""
    element, theirs = _ROOT.search(root), _ROOT.search(other)
    if element is None or theirs is None:
        return root
    ours = {found[1] for found in _NAMESPACE.finditer(element[0])}
    missing = b"".join(found[0] for found in _NAMESPACE.finditer(theirs[0]) if found[1] not in ours)
    end = element.end() - (2 if element[0].endswith(b"/>") else 1)
    return root[:end] + missing + root[end:]


class PicturePart:
    """A carried picture as openpyxl's writer takes an image: numbered among its images."""

    _id = None

    def __init__(self, picture: Picture):
        self.picture = picture
        self.format = picture.extension

    @property
    def path(self) -> str:
        return f"/xl/media/image{self._id}.{self.format}"

    def _data(self) -> bytes:
        return self.picture.data


class CarriedPart:
    """A carried part (a chart, its style...) as the writer takes one: written as the file held
    it, under a name of its own once numbered, its relationships keeping the ids it names."""

    _id = None

    def __init__(self, part: Part, targets: Sequence[tuple[str, PicturePart | CarriedPart | Relation]]):
        self.part, self.targets = part, targets
        self.mime_type = part.content_type

    @property
    def path(self) -> str:
        folder, name = self.part.path.rsplit("/", 1)
        # Prefixed once: the name of a part carried before would grow with every run.
        return f"/{folder}/carried{self._id}_{_CARRIED_NAME.sub('', name)}"

    def relations_xml(self) -> bytes | None:
        """Its .rels, once what it names is numbered; None when it names nothing."""
        return _relations_xml(self.targets) if self.targets else None


class DrawingPart:
    """A carried drawing as openpyxl's writer takes a sheet's (``ws._drawing``), the ids of
    what its anchors name given again in order (anchors from two drawings may share one)."""

    mime_type = "application/vnd.openxmlformats-officedocument.drawing+xml"
    _id = None

    def __init__(self, drawing: Drawing):
        self.charts: list = []
        self.images: list[PicturePart] = []  # every picture, the charts' own too
        self.parts: list[CarriedPart] = []
        self._targets: list[tuple[str, PicturePart | CarriedPart | Relation]] = []
        made: dict[int, PicturePart | CarriedPart | Relation] = {}  # id() of what the file held -> the writer's
        given: dict[int, str] = {}  # id() of the writer's -> its id here
        pieces = []
        for anchor in drawing.anchors:
            ids = {}
            for old, named in anchor.relations.items():
                target = self._made(named, made)
                if id(target) not in given:
                    given[id(target)] = f"rId{len(given) + 1}"
                    self._targets.append((given[id(target)], target))
                ids[old.encode()] = given[id(target)].encode()
            pieces.append(_REFERENCE.sub(lambda r: r[1] + ids.get(r[2], r[2]) + r[3], anchor.xml))
        self.xml = drawing.root + b"".join(pieces) + drawing.end

    def _made(self, named: Picture | Relation | Part, made: dict) -> PicturePart | CarriedPart | Relation:
        """The writer's object for ``named``, made once."""
        if id(named) not in made:
            if isinstance(named, Picture):
                made[id(named)] = PicturePart(named)
                self.images.append(made[id(named)])
            elif isinstance(named, Part):
                made[id(named)] = CarriedPart(named, [(rid, self._made(inner, made)) for rid, inner in named.relations.items()])
                self.parts.append(made[id(named)])
            else:
                made[id(named)] = named
        return made[id(named)]

    def __bool__(self) -> bool:
        return True

    @property
    def path(self) -> str:
        return f"/xl/drawings/drawing{self._id}.xml"

    def relations_xml(self) -> bytes:
        """The drawing's .rels, once what it names is numbered."""
        return _relations_xml(self._targets)


def _relations_xml(targets: Sequence[tuple[str, PicturePart | CarriedPart | Relation]]) -> bytes:
    from xml.sax.saxutils import quoteattr

    lines = []
    for rid, target in targets:
        if isinstance(target, PicturePart):
            lines.append(f'<Relationship Id="{rid}" Type="{IMAGE}" Target="{target.path}"/>')
        elif isinstance(target, CarriedPart):
            lines.append(f'<Relationship Id="{rid}" Type={quoteattr(target.part.type)} Target="{target.path}"/>')
        else:
            lines.append(f'<Relationship Id="{rid}" Type={quoteattr(target.type)} Target={quoteattr(target.target)} TargetMode="External"/>')
    body = "".join(lines)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{body}</Relationships>'
    ).encode()
