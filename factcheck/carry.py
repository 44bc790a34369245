"""Carry what a reviewer did to a workbook's cells onto the rows the next run writes.

A re-run rewrites the tool's tables in the reviewer's own workbook (edit in place): sheets the
tool did not make are never touched, and each rewritten row takes from the row it came from
(its ``ORIGIN``) the cell comments, hyperlinks, formatting and, in reviewer columns, formulas
and rich text. What openpyxl cannot load and save again (macros, slicers...) is found in the
file's zip before it is loaded, so a run can refuse rather than drop it; pictures, charts and
shapes are carried as the file held them (drawings.py), threaded comments on their notes
(threads.py), and pivot tables as the file held them (pivots.py).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Mapping, Sequence
from copy import copy
from dataclasses import dataclass
from typing import Any

from .columns import GUARD_TITLE, LISTED_BY, LISTS, REVIEWER, SCORE_SCALE, SUMMARY, Column, recorded_notes, recorded_threads
from .drawings import Drawing
from .looks import shown_colour
from .package import relations, sheet_parts
from .sheet_xml import formats_only_extended

# Row key holding where a row was read: (sheet title, row number). Rows made by the tool have none.
ORIGIN = "_origin"
# Row key set on a row whose cells hold a reviewer's comment or colour: work with no value in it.
MARKED = "_marked"
# Row key set on a row written as a reviewer left it: typed by hand on any table (a total, a
# claim of their own, a source), or kept for their work when the article no longer gives it
# (Sentences, Sources). Its tool cells are not the tool's.
AS_TYPED = "_as_typed"


@dataclass(frozen=True, slots=True)
class OldTable:
    """A tool table as the reviewer left it, kept while its sheet is rewritten."""

    cells: Mapping[tuple[int, int], Any]
    rows: Mapping[int, Any]
    columns: Mapping[str, ColumnLayout]  # header -> how the reviewer laid its column out
    headers: Mapping[str, int]  # header -> column number
    merged: tuple[Any, ...] = ()  # merged cell ranges that reach below the header row, as CellRanges
    last_row: int = 1  # the last row holding a value
    last_listed_row: int = 1  # the last row the tool listed (``last_listed_row``)


@dataclass(frozen=True, slots=True)
class ColumnLayout:
    """How a reviewer laid out a column of a tool table: its width (None where the writer's
    stands), whether it is hidden, and its place in a group of columns (Data > Group)."""

    width: float | None = None
    hidden: bool = False
    outline_level: int = 0
    collapsed: bool = False


@dataclass(frozen=True, slots=True)
class TableMove:
    """Where the rows and columns of one tool table went when a run rewrote it."""

    rows: Mapping[int, tuple[str, int]]  # old row -> (title, new row), for each row written again
    header_at: Mapping[int, str]  # old column -> its header
    last_row: int  # the table's last filled row before the run, rows typed under it included
    new_last_row: int  # and after it
    last_listed_row: int  # the last row the tool listed before the run: where its claims (or sentences, sources) end
    new_last_listed_row: int  # and after it

    def on_its_sheet(self, title: str, row: int) -> int | None:
        """Where the row ``row`` of the table ``title`` is now on that sheet: a rewritten row
        where it was written, one under the table as far from the table's end; None for one
        gone to another sheet (a claim onto Retired) or away."""
        if row > self.last_row:
            return row + self.new_last_row - self.last_row
        went = self.rows.get(row)
        return went[1] if went is not None and went[0] == title else None


def reset_table(sheet, title: str) -> OldTable:
    """Empty the tool table ``title``'s cells, rows and columns for rewriting, and return what it held.

    The sheet itself stays, so its place among the sheets, freeze panes, filters, zoom, tab
    colour, a protection set with a password and anything else a reviewer set on it stay too.
    The tool's own validations (lists on the Lists sheet, guards over tool columns) and colour
    scales are dropped, since the writer adds them again; a reviewer's own validations and
    conditional formats are kept, to follow the rows once they are written (references.py).
    Merged cells below the header row are taken off the sheet, to be merged again where their
    rows go (``merge_again``).
    """
    from openpyxl.worksheet.cell_range import CellRange
    from openpyxl.worksheet.dimensions import DimensionHolder
    from openpyxl.worksheet.protection import SheetProtection

    headers = header_numbers(sheet)
    layouts: dict[str, ColumnLayout] = {}
    for header, number in headers.items():
        dimension = _column_dimension(sheet, number)
        if dimension is not None:
            layouts[header] = ColumnLayout(
                dimension.width if dimension.customWidth else None, bool(dimension.hidden), dimension.outlineLevel or 0, bool(dimension.collapsed)
            )
    merged = tuple(CellRange(str(cells)) for cells in sheet.merged_cells.ranges if cells.max_row > 1)
    for cells in merged:
        sheet.merged_cells.remove(str(cells))
    old = OldTable(
        cells=sheet._cells,
        rows=dict(sheet.row_dimensions),
        columns=layouts,
        headers=headers,
        merged=merged,
        last_row=last_filled_row(sheet),
        last_listed_row=last_listed_row(sheet, title),
    )
    sheet._cells = {}
    sheet.row_dimensions = DimensionHolder(worksheet=sheet, default_factory=sheet._add_row)
    sheet.column_dimensions = DimensionHolder(worksheet=sheet, default_factory=sheet._add_column)
    validations = sheet.data_validations
    validations.dataValidation = [v for v in validations.dataValidation if not tool_validation(v)]
    for table in sheet.tables.values():  # an Excel table ("Format as Table") over the rows
        if table.autoFilter is not None:
            table.autoFilter.sortState = None  # the rows are rewritten in the tool's order
    rules = sheet.conditional_formatting
    sheet.conditional_formatting = type(rules)()
    for formatting in rules:
        for rule in formatting.rules:
            if not tool_colour_scale(rule):
                sheet.conditional_formatting.add(str(formatting.sqref), rule)
    protection = sheet.protection
    if not (protection.password or protection.hashValue):
        # The first factcheck locked its tables without a password: lifted, so reviewers can
        # sort. A protection with a password is a reviewer's, and stays.
        sheet.protection = SheetProtection()
    if sheet.auto_filter.sortState is not None:
        sheet.auto_filter.sortState = None  # the rows are rewritten in the tool's order
    return old


def in_sheet_order(columns: Sequence[Column], old: OldTable) -> tuple[Column, ...]:
    """``columns`` in the order their headers had on the sheet as the reviewer left it.

    A reviewer may move Verdict beside Claim or put their own column among ours; their rules,
    drop-downs and formulas then point at the columns they meant. A column the sheet lacked
    (deleted, or new in this version) comes right after the one before it in ``columns``.
    """
    places, place = [], 0
    for index, column in enumerate(columns):
        number = old.headers.get(column.header)
        if number is not None:
            place = number
        places.append((place, number is None, index))
    return tuple(columns[index] for *_, index in sorted(places))


def last_filled_row(sheet) -> int:
    """The last row of ``sheet`` below its header that holds a value (1 when none does)."""
    return max((row for (row, column), c in sheet._cells.items() if row > 1 and c.value is not None), default=1)


def last_listed_row(sheet, title: str) -> int:
    """The last row of the tool table ``title`` on ``sheet`` that the tool listed (1 when none):
    rows typed under it, a total say, leave its ``LISTED_BY`` column empty. The last filled
    row when the sheet lacks that column."""
    column = header_numbers(sheet).get(LISTED_BY[title].header)
    if column is None:
        return last_filled_row(sheet)
    return max((row for (row, number), c in sheet._cells.items() if row > 1 and number == column and filled(c.value)), default=1)


def marked_rows(sheet, tool_fill: str) -> set[int]:
    """The rows of ``sheet`` with a cell holding a comment, or a fill other than the tool's grey
    (``tool_fill``, six hex digits): a reviewer's note or highlight, kept even with no value."""

    def marked(cell) -> bool:
        if cell.comment is not None:
            return True
        colour = cell.fill.fgColor
        return bool(cell.fill.fill_type) and (colour.type != "rgb" or str(colour.rgb)[-6:].upper() != tool_fill.upper())

    # The cells that exist, once: indexing a row would make a cell in every column.
    return {cell.row for cell in sheet._cells.values() if marked(cell)}


def header_numbers(sheet) -> dict[str, int]:
    """Each header in row 1 of ``sheet`` (stripped, blanks skipped) and its column number."""
    return {str(c.value).strip(): c.column for c in sheet[1] if c.value is not None and str(c.value).strip()}


def _column_dimension(sheet, number: int):
    for dimension in sheet.column_dimensions.values():
        low, high = dimension.min or 0, dimension.max or 0
        if low <= number <= high:
            return dimension
    return None


def tool_validation(validation) -> bool:
    """A validation the writer made: a drop-down drawn from the Lists sheet (Excel's or
    LibreOffice's spelling), or a guard (``tool_guard``)."""
    return tool_guard(validation) or (validation.type == "list" and LISTS in str(validation.formula1 or ""))


def tool_colour_scale(rule) -> bool:
    """Whether a conditional format is the colour scale the writer gives Score (``SCORE_SCALE``),
    as Excel or LibreOffice saves it (``looks.shown_colour``: LibreOffice gives its colours an
    alpha)."""
    if rule.type != "colorScale" or rule.colorScale is None:
        return False
    stops = list(zip(rule.colorScale.cfvo, rule.colorScale.color))
    try:
        return len(stops) == len(SCORE_SCALE) and all(
            stop.type == "num" and float(stop.val) == value and shown_colour(colour) == rgb for (stop, colour), (value, rgb) in zip(stops, SCORE_SCALE)
        )
    except (TypeError, ValueError):  # a stop at a formula
        return False


def tool_guard(validation) -> bool:
    """Whether a data validation is one the writer made to refuse typing (found by its title)."""
    return validation.type == "custom" and validation.errorTitle == GUARD_TITLE


def carry_rows(sheet, columns: Sequence[Column], rows: Sequence[Mapping[str, Any]], old: Mapping[str, OldTable]) -> None:
    """Give each written row (from row 2) the cells, row format, hidden state and grouping of
    the row it came from; a row restored from Base (deleted by mistake), the notes and threads
    Base records on its cells. Every cell of a row kept as a reviewer typed it (``AS_TYPED``)
    is theirs: its formulas stay formulas in the tool's columns too (a total under Score)."""
    from openpyxl.styles.cell_style import StyleArray

    numbers = {column.header: number for number, column in enumerate(columns, start=1)}
    for offset, row in enumerate(rows):
        origin = row.get(ORIGIN)
        table = old.get(origin[0]) if origin else None
        target_row = offset + 2
        if table is None:
            for header, note in recorded_comments(row).items():
                if header in numbers:
                    sheet.cell(row=target_row, column=numbers[header]).comment = note
            continue
        for number, column in enumerate(columns, start=1):
            source_column = table.headers.get(column.header)
            source = table.cells.get((origin[1], source_column)) if source_column else None
            if source is not None:
                carry_cell(source, sheet.cell(row=target_row, column=number), column.filled_by == REVIEWER or bool(row.get(AS_TYPED)))
        dimension = table.rows.get(origin[1])
        if dimension is not None:
            new = sheet.row_dimensions[target_row]
            new.hidden, new.outlineLevel, new.collapsed = dimension.hidden, dimension.outlineLevel, dimension.collapsed
            if dimension.has_style:
                new._style = StyleArray(dimension._style)


def recorded_comments(row: Mapping[str, Any]) -> dict[str, Any]:
    """The notes and threads a row restored from Base records on its cells, by header, as
    notes to put on them: text and author, each thread whole on its note (one whose record
    does not read as Excel's is left out)."""
    from openpyxl.comments import Comment

    from .notes import KeptNote
    from .threads import recorded_thread

    comments: dict[str, Any] = {header: Comment(text, author) for header, (text, author) in (recorded_notes(row) or {}).items()}
    for header, recorded in (recorded_threads(row) or {}).items():
        if (thread := recorded_thread(recorded.comments, recorded.people)) is not None:
            note = KeptNote(recorded.note, thread.author)
            note.thread = thread
            comments[header] = note
    return comments


def table_moves(tables: Mapping[str, Sequence[Mapping[str, Any]]], old: Mapping[str, OldTable]) -> dict[str, TableMove]:
    """Where each rewritten table's rows went; ``tables`` maps each title to the rows just written there."""
    went = {row[ORIGIN]: (title, number) for title, rows in tables.items() for number, row in enumerate(rows, start=2) if row.get(ORIGIN)}
    return {
        title: TableMove(
            rows={number: target for (source, number), target in went.items() if source == title},
            header_at={number: header for header, number in table.headers.items()},
            last_row=table.last_row,
            new_last_row=len(tables[title]) + 1,
            last_listed_row=table.last_listed_row,
            new_last_listed_row=max((n for n, row in enumerate(tables[title], start=2) if filled(row.get(LISTED_BY[title].key))), default=1),
        )
        for title, table in old.items()
    }


def move_page_breaks(sheet, shifted: Callable[[int], int | None]) -> None:
    """Give each page break a reviewer put on ``sheet`` (Insert > Page Break, above the row
    they chose) the place of that row as ``shifted`` gives it, so the same claim still starts
    a page, as Excel moves a break with its row; one above a row that left the sheet goes with
    it (``shifted`` gives None). A break's id is the row above it."""
    from openpyxl.worksheet.pagebreak import Break

    starts = sorted({start for brk in sheet.row_breaks.brk if (start := shifted(brk.id + 1)) is not None})
    sheet.row_breaks.brk = [Break(id=start - 1) for start in starts]


def merge_again(
    workbook,
    merged: Sequence[Any],
    header_at: Mapping[int, str],
    went: Mapping[int, tuple[str, int]],
    headers_of: Callable[[str], Mapping[str, int]],
) -> None:
    """Merge ``merged`` (the CellRanges a reviewer merged on one sheet) in ``workbook``, where their rows went.

    ``went`` maps a row of that sheet to (title, row) in ``workbook``, ``header_at`` its
    columns to their headers, and ``headers_of(title)`` gives each header's column on a sheet
    of ``workbook``. A merge follows the row of its top-left cell (the one that holds its
    value), and its columns by header. It keeps the rows below that one while they still sit
    right under it in the same order; when a claim comes between or one leaves, it shrinks to
    what still sits together, so it never spans a claim the reviewer did not merge. It is not
    made where its top-left row or edge columns are gone, where it would meet another merge,
    or where it would cover a cell holding a value: merging empties every cell but the
    top-left one, and a value there (a correction put back into Notes, say) would be lost.
    """
    from openpyxl.worksheet.cell_range import CellRange

    for cells in merged:
        start = went.get(cells.min_row)
        if start is None:
            continue
        title, first = start
        numbers = headers_of(title)
        left, right = (numbers.get(header_at.get(edge, "")) for edge in (cells.min_col, cells.max_col))
        if left is None or right is None or right - left != cells.max_col - cells.min_col:
            continue
        height = 1
        while cells.min_row + height <= cells.max_row and went.get(cells.min_row + height) == (title, first + height):
            height += 1
        target = CellRange(min_col=left, min_row=first, max_col=right, max_row=first + height - 1)
        sheet = workbook[title]
        covered = [sheet._cells.get(cell) for cell in target.cells][1:]
        if (
            covered
            and all(cell is None or cell.value is None for cell in covered)
            and all(target.isdisjoint(other) for other in sheet.merged_cells.ranges)
        ):
            sheet.merge_cells(target.coord)


def carry_cell(source, target, reviewer_owned: bool, same_book: bool = True, look: bool = True) -> None:
    """Copy a cell's comment, hyperlink and format (not with ``look`` False, where the look is
    merged on its own); in a reviewer column, also a formula or rich text that the merged value
    (a plain value) cannot hold."""
    from openpyxl.cell.rich_text import CellRichText

    if look and source.has_style:
        if same_book:
            target._style = copy(source._style)
        else:
            carry_look(source, target)
    if source.comment is not None and target.comment is None:
        target.comment = copy(source.comment)
    if source.hyperlink is not None:
        carry_link(source, target)
    if reviewer_owned and (source.data_type == "f" or isinstance(source.value, CellRichText)):
        target.value = at_cell(source.value, target)
        target.data_type = source.data_type


def at_cell(value, cell):
    """``value`` as written into ``cell``: an array formula (entered with Ctrl+Shift+Enter)
    anchored there, its range keeping its shape, for Excel refuses a workbook where an array's
    range leaves the cell that holds it; any other value as it is."""
    from openpyxl.worksheet.cell_range import CellRange
    from openpyxl.worksheet.formula import ArrayFormula

    if not isinstance(value, ArrayFormula):
        return value
    cells = CellRange(value.ref)
    cells.shift(col_shift=cell.column - cells.min_col, row_shift=cell.row - cells.min_row)
    return ArrayFormula(cells.coord, value.text)


def carry_link(source, target) -> None:
    """``source``'s hyperlink onto ``target``, perhaps in another workbook."""
    link = copy(source.hyperlink)
    link.id = None  # the writer makes the relationship again
    target.hyperlink = link


def carry_look(source, target) -> None:
    """``source``'s look onto ``target``, a cell of another workbook (each workbook numbers its
    own styles): fill, font, borders, alignment, protection and number format; a plain cell's
    too, which leaves ``target`` plain."""
    from openpyxl.styles.cell_style import StyleArray

    if not source.has_style:
        target._style = StyleArray()
        return
    for name in ("font", "fill", "border", "alignment", "protection"):
        setattr(target, name, copy(getattr(source, name)))
    target.number_format = source.number_format


def restore_columns(sheet, columns: Sequence[Column], old: OldTable) -> None:
    """Widths, hidden states and groups the reviewer gave the columns, and their header cells'
    comments, links and formats, found by header."""
    from openpyxl.utils import get_column_letter

    for number, column in enumerate(columns, start=1):
        header = old.cells.get((1, old.headers.get(column.header)))
        if header is not None:
            carry_cell(header, sheet.cell(row=1, column=number), reviewer_owned=False)
        layout = old.columns.get(column.header, ColumnLayout())
        dimension = sheet.column_dimensions[get_column_letter(number)]
        if layout.width is not None:
            dimension.width = layout.width
        dimension.hidden, dimension.outlineLevel, dimension.collapsed = layout.hidden, layout.outline_level, layout.collapsed


# What openpyxl drops when it loads and saves a workbook, by relationship type (the last part of
# the URI); pictures, charts and shapes only where their drawing cannot be carried whole (drawings.py).
UNCARRIED = {
    "image": "an image",
    "shape": "a text box or shape",
    "drawing": "a drawing object factcheck cannot carry (SmartArt, say)",
    "chart": "a chart",
    "oleObject": "an embedded object",
    "ctrlProp": "a form control (a check box or button)",
    "slicer": "a slicer",
    "timeline": "a timeline",
    "queryTable": "a query table (data imported from the web, a file or a database, with Data > Get Data)",
}
# What openpyxl drops from a sheet's own XML: Excel's extensions, by URI. (Drop-downs drawn
# from another sheet, Excel's other extension openpyxl drops, are kept: see sheet_xml.py.)
UNCARRIED_EXTENSIONS = {"{05C60535-1F16-4fd2-B633-F4F36F0B64E0}": "sparklines"}
EXTENDED_FORMATS = "conditional formatting that only Excel's extension holds"
RICH_VALUES = "pictures or data types placed in cells (Excel's rich values)"
CELL_CHECKBOXES = "check boxes in cells (Excel 365's)"
DATA_CONNECTIONS = "data connections or queries (Data > Get Data, Power Query)"
HEADER_PICTURE = "a picture in the page header or footer"
CHART = UNCARRIED["chart"]
TOOL_CHARTS = frozenset({SUMMARY})  # the tool draws these sheets' charts again on every run


@dataclass(frozen=True, slots=True)
class UncarriedPart:
    """Something in a workbook that openpyxl would drop: where it is and what it is."""

    sheet: str | None  # None: the workbook as a whole (macros)
    part: str

    def describe(self) -> str:
        return f"{self.part} on sheet {self.sheet!r}" if self.sheet else f"{self.part} in the workbook"


def _is_query_definition(archive: zipfile.ZipFile, name: str) -> bool:
    """Whether the custom XML part ``name`` holds Power Query's queries: its DataMashup, which
    Excel writes in UTF-16, opens it (the rest, often megabytes, is not read)."""
    with archive.open(name) as part:
        start = part.read(1000)
    return any(mark in start for mark in (b"DataMashup", "DataMashup".encode("utf-16-le")))


def values_without_header(sheet) -> UncarriedPart | None:
    """Values in columns of a tool table with nothing in row 1. A run finds every column by its
    header, so a rewrite would drop them (a header makes the column the reviewer's own)."""
    headed = {column for (row, column), cell in sheet._cells.items() if row == 1 and filled(cell.value)}
    cells = [(row, column) for (row, column), cell in sheet._cells.items() if row > 1 and column not in headed and filled(cell.value)]
    if not cells:
        return None
    values = "a value" if len(cells) == 1 else f"{len(cells)} values"
    columns = "a column" if len({column for _, column in cells}) == 1 else "columns"
    return UncarriedPart(sheet.title, f"{values} in {columns} with no header in row 1 ({_named(cells)}; a header keeps a column with its rows)")


def comments_on_remade_sheet(sheet) -> UncarriedPart | None:
    """Comments on a sheet the tool makes again on every run (Summary, About...): the tool
    writes none there, so each is a reviewer's, and a run would drop it."""
    cells = [(row, column) for (row, column), cell in sheet._cells.items() if cell.comment is not None]
    if not cells:
        return None
    comments = "a comment" if len(cells) == 1 else f"{len(cells)} comments"
    return UncarriedPart(sheet.title, f"{comments} ({_named(cells)}; the sheet is made again on every run: keep notes on a sheet of your own)")


def _named(cells: Sequence[tuple[int, int]]) -> str:
    """The first three of (row, column) ``cells`` by column then row, as A1 references."""
    from openpyxl.utils import get_column_letter

    ordered = sorted(cells, key=lambda cell: (cell[1], cell[0]))
    return ", ".join(f"{get_column_letter(column)}{row}" for row, column in ordered[:3]) + (", …" if len(cells) > 3 else "")


def filled(value: Any) -> bool:
    """Whether a cell's value holds something: not empty, not only blanks."""
    return value is not None and str(value).strip() != ""


def announced_losses(messages: Sequence[str]) -> list[UncarriedPart]:
    """What openpyxl said, in warnings while loading, that it drops (an extension of Excel's
    not found before loading, a rule it cannot read), as parts a run would lose."""
    found = []
    for message in messages:
        if extension := re.fullmatch(r"(.+) extension is not supported and will be removed", message):
            found.append(UncarriedPart(None, f"Excel's {extension[1]} extension"))
        elif "will be discarded" in message or "will be removed" in message:
            found.append(UncarriedPart(None, f"what openpyxl drops ({message.split('.')[0]})"))
    return list(dict.fromkeys(found))


def uncarried_parts(archive: zipfile.ZipFile, drawings: Mapping[str, tuple[Drawing | None, list[str]]]) -> list[UncarriedPart]:
    """The parts of an .xlsx that a load and save with openpyxl would lose, each with its sheet;
    ``drawings`` are its sheets' drawings as ``drawings.sheet_drawings`` reads them.

    Our own chart on Summary is left out: every run draws it again.
    """
    names = set(archive.namelist())
    found: list[UncarriedPart] = []
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        found.append(UncarriedPart(None, "macros (vbaProject.bin)"))
    if any(name.startswith("xl/richData/") for name in names):
        found.append(UncarriedPart(None, RICH_VALUES))
    if any(name.startswith("xl/featurePropertyBag/") for name in names):
        found.append(UncarriedPart(None, CELL_CHECKBOXES))
    if "xl/connections.xml" in names or any(_is_query_definition(archive, name) for name in names if name.startswith("customXml/item")):
        found.append(UncarriedPart(None, DATA_CONNECTIONS))
    for title, path in sheet_parts(archive, names):
        kinds: list[str] = []
        for relation in relations(archive, names, path):
            if relation.kind == "drawing":
                # A drawing is carried whole (drawings.py), or lost whole with what it shows.
                _, lost = drawings.get(title, (None, []))
                kinds.extend(kind if kind in UNCARRIED else "drawing" for kind in lost)
            elif relation.kind == "table":  # an Excel table that a query fills names its query table
                kinds += [part.kind for part in relations(archive, names, relation.target)]
            else:
                kinds.append(relation.kind)
        for kind in dict.fromkeys(kinds):
            if kind in UNCARRIED and not (kind == "chart" and title in TOOL_CHARTS):
                found.append(UncarriedPart(title, UNCARRIED[kind]))
        xml = archive.read(path) if path in names else b""
        for uri, part in UNCARRIED_EXTENSIONS.items():
            if re.search(rb'\buri="%s"' % re.escape(uri.encode()), xml, re.I):
                found.append(UncarriedPart(title, part))
        if formats_only_extended(xml):
            found.append(UncarriedPart(title, EXTENDED_FORMATS))
        if re.search(rb"<(?:\w+:)?legacyDrawingHF\b", xml):
            found.append(UncarriedPart(title, HEADER_PICTURE))
    return found
