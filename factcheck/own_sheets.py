"""Sheets a reviewer added to their copy of a workbook, brought whole into the desk's by ``merge``.

A reviewer's own tab (a call log, a table of figures, a chart of the verdicts) is work the
desk wants in its workbook, as much as a verdict typed on Claims. openpyxl copies a sheet only
within one workbook, so the copy's sheet itself moves into the desk's: its cells, formats,
widths and heights, merged cells, notes and threads, links, rules and drop-downs, Excel
tables, pivot tables, pictures and charts, and the names the reviewer defined over it (and
over the workbook's sheets, Claims included: a brought sheet's formulas may read them), with
each cell's look registered again among the desk's styles. Its formulas', rules', charts' and
pivot tables' references to the copy's tool tables are given the rows where those claims are
in the desk's workbook, as for any cell a merge takes (``references.ReferenceMover``).

Which sheets come: the last ``check`` records the reviewers' own sheets it wrote, each cell's
value, look and note as written, on a hidden sheet a copy carries (``record_own_sheets``). A
sheet the record lacks, under a name the workbook lacks, was added in the copy. One the
record holds and the workbook lacks was deleted or renamed by the desk since, and is named in
the report, not brought back. A sheet the workbook and the copy both hold is merged three
ways against the record, cell by cell on rows matched by what they hold (``row_alignment``),
as Claims is by claim, its columns by their headers: a value, look or note only the copy
changed is taken, a value, look or note both changed otherwise is a conflict, the workbook's
kept (a copy without a record names such a sheet instead, where it holds other cells), rows
the copy inserted are inserted there (``references.insert_rows``), rows it appended come
below the workbook's, and columns it added right of them. Looks are compared as they
show (``appearance``), since Excel, LibreOffice and openpyxl spell one look in different
ways. Two copies adding a sheet of one name (Excel calls a first new sheet "Sheet1" in both)
bring both, the later named after its file ("Sheet1 (ben)"), and the same sheet in two
copies comes once.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Mapping, Sequence
from copy import copy
from dataclasses import dataclass, replace
from typing import Any

from openpyxl.utils import coordinate_to_tuple, get_column_letter

from .carry import TableMove, at_cell, carry_link, merge_again
from .columns import OWN_SHEETS_BASE, OWN_SHEETS_BASE_COLUMNS
from .drawings import carried_drawing, shown, with_chart_ranges
from .looks import appearance, described
from .merge import cell_text
from .notes import thread_of
from .references import MAX_ROW, ReferenceMover, insert_rows, move_chart_ranges, move_pivot_sources, move_sheet_references
from .row_alignment import Places, Row, placed_rows
from .sheet_names import TOOL_SHEETS
from .worksheet import MAX_CELL_CHARS

MAX_TITLE = 31  # characters in a sheet's name, in Excel
_GONE = 16_384  # the last column a sheet can have, in Excel and LibreOffice
INSIDE_MERGED = "(inside merged cells)"  # the workbook's side of a conflict where it merged cells over the copy's
ROW_DELETED = "(row deleted)"  # and where it deleted the row the copy changed
COLUMN_DELETED = "(column deleted)"  # or its column
_NOT_IN_TITLE = re.compile(r"[\[\]:*?/\\]")
_OTHER_WORKBOOK = re.compile(r"\[\d+\]")  # a formula's reference into another workbook: [1]Sheet1!A1
_RELATIVE_ROW = re.compile(r"(?<![\w.$])(\$?[A-Za-z]{1,3})(\d+)(?![\w(!])")  # a cell whose row $ does not fix: A7, $A7, not A$7, LOG10(, Q3!


@dataclass(frozen=True, slots=True)
class BroughtSheets:
    """What ``bring_own_sheets`` did with a copy's own sheets."""

    # What reads the copy's references where they now point: its shared sheets' rows where
    # the merge put them, its sheets by the names they came in under.
    mover: ReferenceMover
    added: tuple[str, ...] = ()  # each as the report names it: 'Calls' of ana.xlsx
    not_merged: tuple[str, ...] = ()
    cells_taken: int = 0  # of sheets the workbook has too
    comments_taken: int = 0  # notes and threads on those that came in, changed or left
    # Cells (or their notes) of those that the copy and the workbook changed otherwise:
    # (where, as "Calls: A2" or "Calls: A2 (note)"; the workbook's side; the copy's), each side (who, what)
    conflicts: tuple[tuple[str, tuple[str, Any], tuple[str, Any]], ...] = ()


@dataclass(frozen=True, slots=True)
class RecordedSheet:
    """A sheet of reviewers' own as ``check`` last wrote it (``record_own_sheets``), by coordinate."""

    cells: Mapping[str, str]  # each filled cell's text, as ``cell_text`` gives it (a formula as its text)
    looks: Mapping[str, str] | None = None  # each cell's ``appearance``, where it has one
    notes: Mapping[str, str] | None = None  # each note's text (not a thread's)
    # looks and notes are None in a record written before it held them


def record_own_sheets(workbook) -> None:
    """Write the hidden ``OWN_SHEETS_BASE`` sheet of ``workbook``: for each sheet of reviewers'
    own, its filled cells (as a merge compares them, ``cell_text``: a formula as its text),
    looks (``appearance``) and notes as JSON, in numbered parts as long as a cell holds. None is
    made where there are no such sheets."""
    if OWN_SHEETS_BASE in workbook.sheetnames:
        workbook.remove(workbook[OWN_SHEETS_BASE])
    own = [sheet for sheet in workbook._sheets if sheet.title not in TOOL_SHEETS]
    if not own:
        return
    record = workbook.create_sheet(OWN_SHEETS_BASE)
    record.append([column.header for column in OWN_SHEETS_BASE_COLUMNS])
    number = 1
    seen: dict[tuple, str] = {}  # appearances by style: a sheet has few
    for sheet in own:
        text = json.dumps({} if _is_chart_sheet(sheet) else _as_written(sheet, seen))  # ASCII: a part's length is the same however a program counts characters
        for part, start in enumerate(range(0, max(len(text), 1), MAX_CELL_CHARS), start=1):
            number += 1
            record.cell(number, 1, sheet.title).data_type = "s"
            record.cell(number, 2, part)
            record.cell(number, 3, text[start : start + MAX_CELL_CHARS]).data_type = "s"  # text as it is
    record.sheet_state = "hidden"


def _as_written(sheet, seen: dict[tuple, str]) -> dict[str, Any]:
    """What ``record_own_sheets`` records of ``sheet``: its cells' texts and notes' texts by
    coordinate, and its looks as the coordinates of each (``"A1 B1"``, by look: fewer characters)."""
    cells, looks, notes = {}, {}, {}
    for cell in sheet._cells.values():
        if cell.value is not None and cell.value != "":
            cells[cell.coordinate] = cell_text(cell.value)
        if cell.has_style and (look := appearance(cell, seen)):
            looks[look] = f"{looks[look]} {cell.coordinate}" if look in looks else cell.coordinate
        if cell.comment is not None and thread_of(cell.comment) is None:
            notes[cell.coordinate] = cell.comment.content
    return {"cells": cells, "looks": looks, "notes": notes}


def recorded_own_sheets(workbook) -> dict[str, RecordedSheet] | None:
    """What ``record_own_sheets`` wrote, by sheet title; None for a workbook without the record
    (no sheets of reviewers' own, or written by an older factcheck). A sheet whose record a
    hand changed into something else is read as recorded with no cells, looks or notes."""
    if OWN_SHEETS_BASE not in workbook.sheetnames:
        return None
    parts: dict[str, list[tuple[int, str]]] = {}
    for row in workbook[OWN_SHEETS_BASE].iter_rows(min_row=2, values_only=True):
        title, part, text = (*row, None, None, None)[:3]
        if title is not None:
            parts.setdefault(str(title), []).append((part if isinstance(part, int) else 0, str(text or "")))
    recorded = {}
    for title, pieces in parts.items():
        try:
            written = json.loads("".join(text for _, text in sorted(pieces)))
        except ValueError:
            written = {}
        recorded[title] = _read_record(written)
    return recorded


def _read_record(written: Any) -> RecordedSheet:
    """A sheet's record from its JSON: ``_as_written``'s form, or the cells alone (by
    coordinate) as a record written before looks and notes holds them."""
    def texts(part: Any) -> dict[str, str]:
        return {str(key): text for key, text in part.items() if isinstance(text, str)} if isinstance(part, dict) else {}

    if not isinstance(written, dict) or not all(isinstance(written.get(key), dict) for key in ("cells", "looks", "notes")):
        return RecordedSheet(texts(written) if isinstance(written, dict) and "cells" not in written else {}, None, None)
    looks = {place: look for look, places in texts(written["looks"]).items() for place in places.split()}
    return RecordedSheet(texts(written["cells"]), looks, texts(written["notes"]))


def bring_own_sheets(
    workbook,
    copy_book,
    copy_name: str,
    written: Mapping[str, RecordedSheet] | None,
    mover: ReferenceMover,
    workbook_had: Collection[str],
) -> BroughtSheets:
    """Move into ``workbook`` the sheets of the reviewer's own that ``copy_book`` (the copy
    named ``copy_name``) added, each after the sheet it follows in the copy, and merge the
    cells it changed on those the workbook has too.

    ``written`` is the copy's record of the own sheets the workbook held when it was taken,
    their cells by title (``recorded_own_sheets``; None for a copy without one: every sheet
    the workbook lacks is then added, and one it has is named where it differs), ``mover``
    gives the copy's references the desk's rows, and ``workbook_had`` is the titles the
    workbook had before this merge brought any sheet in.
    """
    added, not_merged, coming, conflicts, shared = [], [], [], [], []
    cells_taken = comments_taken = 0
    for sheet in [s for s in copy_book._sheets if s.title not in TOOL_SHEETS]:  # chart sheets too
        title = sheet.title
        if title in workbook.sheetnames:
            if _is_shared(sheet, written, workbook_had):
                shared.append(sheet)
                continue
            if _content(sheet, mover) == _content(workbook[title]):
                continue  # the same sheet: handed out with the copy, or brought by another copy
            if title in workbook_had:
                not_merged.append(f"sheet {title!r} of {copy_name}, which differs from the workbook's sheet of that name (the workbook's is kept: copy its changes by hand)")
                continue
            title = _free_title(workbook, title, copy_name, coming)
        elif written is not None and title in written:
            content = _content(sheet, mover)  # silent where the workbook holds it under another name
            if content and all(content != _content(s) for s in workbook._sheets if s.title not in TOOL_SHEETS):
                not_merged.append(f"sheet {title!r} of {copy_name}, which the workbook no longer has (deleted or renamed since the copy was taken)")
            continue
        cells = () if _is_chart_sheet(sheet) else sheet._cells.values()
        if any(cell.data_type == "f" and _OTHER_WORKBOOK.search(str(cell.value)) for cell in cells):
            not_merged.append(f"sheet {title!r} of {copy_name}, whose formulas read another workbook (copy it by hand)")
            continue
        coming.append((sheet, title))
    # A shared sheet's rows may stand elsewhere in the workbook once merged (a row the copy
    # inserted or deleted), so a copy's formulas reading it (a tally counting the call log)
    # are read where they stand: the sheets another reads are merged first.
    placed: dict[str, tuple[Places, Places]] = {}
    for sheet in _read_ones_first(shared):
        movers = (_with_own_sheets(mover, placed, "theirs"), _with_own_sheets(mover, placed, "recorded"))
        taken, notes_taken, differing, placed[sheet.title] = _merge_cells(workbook[sheet.title], sheet, written[sheet.title], *movers)
        cells_taken += taken
        comments_taken += notes_taken
        conflicts += differing
    mover = _with_own_sheets(mover, placed, "theirs")
    # The names the reviewer defined over sheets the workbook has, or will have once these come
    # ("verdicts" = Claims!$N$2:$N$8, which a brought sheet's formulas may read).
    names = _names_over(copy_book, {s.title for s in copy_book._sheets if s.title in workbook.sheetnames} | {sheet.title for sheet, _ in coming}, workbook)
    mover = replace(
        mover,
        sheets_renamed={sheet.title.lower(): title for sheet, title in coming if title != sheet.title},
        tables_renamed=_table_names(workbook, [sheet for sheet, _ in coming]),
    )
    titles = {sheet.title: title for sheet, title in coming}  # the copy's sheets by the titles they come under
    active = workbook.active  # the tab the workbook opens on, whatever comes in before it
    before = {id(sheet): [titles.get(s.title, s.title) for s in copy_book._sheets[: copy_book._sheets.index(sheet)]] for sheet, _ in coming}
    for sheet, title in coming:
        added.append(f"{sheet.title!r} of {copy_name}" if title == sheet.title else f"{sheet.title!r} of {copy_name} (as {title!r})")
        _move_into(workbook, copy_book, sheet, title, before[id(sheet)], mover.tables_renamed)
        if _is_chart_sheet(sheet):
            move_chart_ranges(sheet, mover)
        else:
            move_sheet_references(sheet, mover)
    move_pivot_sources([sheet for sheet, _ in coming if not _is_chart_sheet(sheet)], mover)
    workbook.active = active
    for name in names:
        name.attr_text = mover.reference(name.attr_text, "")
        workbook.defined_names.add(name)
    return BroughtSheets(mover, tuple(added), tuple(not_merged), cells_taken, comments_taken, tuple(conflicts))


def reading_shared_sheets(workbook, copy_book, written: Mapping[str, RecordedSheet] | None, mover: ReferenceMover, workbook_had: Collection[str]) -> tuple[ReferenceMover, ReferenceMover]:
    """``mover`` reading references to the sheets of reviewers' own that ``copy_book`` shares
    with ``workbook`` where those sheets' rows stand in the workbook now: as the copy has
    them, and as the copy's record (``written``) has them. Each sheet is matched as
    ``bring_own_sheets`` matches it, nothing merged, so that a value of the copy's (a note
    reading =Calls!A3) is compared with the workbook's before those sheets are merged."""
    placed: dict[str, tuple[Places, Places]] = {}
    for sheet in _read_ones_first([sheet for sheet in copy_book.worksheets if _is_shared(sheet, written, workbook_had)]):
        movers = (_with_own_sheets(mover, placed, "theirs"), _with_own_sheets(mover, placed, "recorded"))
        placed[sheet.title] = _read_in_workbook(workbook[sheet.title], sheet, written[sheet.title], *movers)[2]
    return _with_own_sheets(mover, placed, "theirs"), _with_own_sheets(mover, placed, "recorded")


def _is_shared(sheet, written: Mapping[str, RecordedSheet] | None, workbook_had: Collection[str]) -> bool:
    """Whether the copy's ``sheet`` is one the workbook had before this merge (``workbook_had``,
    so holds still) and had when the copy was taken (its record ``written`` holds it), and so
    is merged cell by cell."""
    return sheet.title in workbook_had and written is not None and sheet.title in written and not _is_chart_sheet(sheet)


def _read_ones_first(sheets: Sequence[Any]) -> list[Any]:
    """``sheets`` (the copy's), those whose formulas name fewer of the others first: a call
    log before the tally that counts it."""
    def named(sheet) -> int:
        formulas = " ".join(str(cell.value) for cell in sheet._cells.values() if cell.data_type == "f").lower()
        spelt = [(other.title.lower() + "!", "'" + other.title.lower().replace("'", "''") + "'!") for other in sheets if other is not sheet]
        return sum(any(name in formulas for name in names) for names in spelt)

    return sorted(sheets, key=named)


def _with_own_sheets(mover: ReferenceMover, placed: Mapping[str, tuple[Places, Places]], side: str) -> ReferenceMover:
    """``mover`` reading references to the shared sheets of ``placed`` (title -> their rows and
    columns) where they stand in the workbook: the copy's (``side`` "theirs") or the record's
    ("recorded") rows and columns."""
    if not placed:
        return mover
    own = {title: _own_move(title, getattr(rows, side), getattr(columns, side)) for title, (rows, columns) in placed.items()}
    return replace(
        mover,
        moves={**mover.moves, **{title: move for title, (move, _) in own.items()}},
        headers_of=lambda title: own[title][1] if title in own else mover.headers_of(title),
    )


def _merge_cells(sheet, copy_sheet, written: RecordedSheet, mover: ReferenceMover, recorded_mover: ReferenceMover) -> tuple[int, int, list[tuple[str, tuple[str, Any], tuple[str, Any]]], tuple[Places, Places]]:
    """Merge into the workbook's ``sheet`` what the copy's ``copy_sheet`` changed from
    ``written`` (the copy's record of it), cell by cell on rows and columns matched by what
    they hold (``row_alignment``): a value, look or note only the copy changed is taken; a
    value or note the workbook changed otherwise too is left as the workbook has it and
    returned as a conflict (a look too, in words, as on Claims), and so is a cell the copy
    changed in a row or column the workbook deleted. A link the copy added to a cell the
    workbook has without one comes too. Rows the copy inserted between rows the workbook
    holds are inserted there, as a spreadsheet program inserts them, rows it appended come
    below the workbook's, and columns it added right of them; a row the copy deleted is
    emptied. ``mover`` reads the copy's references in the workbook, ``recorded_mover`` the
    record's. Returns the values taken, the notes taken, the conflicts, and where the copy's
    and the record's rows and columns stand (``Places``).

    With a record written before it held looks and notes, a taken value brings its look, and
    notes are merged as with no record (``threads.merged_comment``)."""
    recorded, theirs, (rows, columns) = _read_in_workbook(sheet, copy_sheet, written, mover, recorded_mover)
    insert_rows(sheet.parent, sheet.title, rows.inserted, {}, own_sheet=True)  # rows the copy inserted in the middle
    theirs_by_place = {
        f"{get_column_letter(columns.theirs[cell.column])}{rows.theirs[cell.row]}": cell
        for cell in copy_sheet._cells.values()
        if cell.row in rows.theirs and cell.column in columns.theirs
    }
    in_place = _in_places(recorded, rows.recorded, columns.recorded, _reading(copy_sheet.title, rows.recorded, columns.recorded))
    still = set(rows.matched.values())  # the recorded rows the copy holds
    in_place, kept = _kept_rows(sheet, in_place, {row for old, row in rows.recorded.items() if old not in still})
    placed = _reading(copy_sheet.title, rows.theirs, columns.theirs)
    taken, differing = _merge_values(sheet, theirs_by_place, in_place, lambda source: placed(theirs[source.coordinate]))
    if in_place.looks is not None:
        differing += _merge_looks(sheet, theirs_by_place, in_place.looks)
    notes_taken, notes_differing = _merge_notes_and_links(sheet, copy_sheet, theirs_by_place, in_place.notes, mover)
    gone = _changed_where_deleted(sheet.title, copy_sheet, rows, columns, recorded, theirs)
    _grow_tables(sheet, copy_sheet, rows)
    _lay_out_added_rows(sheet, copy_sheet, rows, columns)
    return taken, notes_taken, kept + differing + gone + notes_differing, (rows, columns)


def _lay_out_added_rows(sheet, copy_sheet, rows: Places, columns: Places) -> None:
    """The heights the copy gave the rows it added, and the cells it merged on them, where they
    land in the workbook's ``sheet`` (``carry.merge_again``: never over a value or another
    merge): a call whose long note the reviewer wrapped in a taller row, or typed across
    merged cells, comes as the reviewer laid it out."""
    added = rows.added
    usual = copy_sheet.sheet_format.defaultRowHeight  # LibreOffice writes it on every row
    for row, placed in added.items():
        height = getattr(copy_sheet.row_dimensions.get(row), "height", None)
        if height not in (None, usual) and getattr(sheet.row_dimensions.get(placed), "height", None) is None:
            sheet.row_dimensions[placed].height = height
    merged = [cells for cells in copy_sheet.merged_cells.ranges if cells.min_row in added]
    if merged:
        # merge_again follows columns by name: here each is named by where it lands.
        merge_again(
            sheet.parent, merged, {column: str(placed) for column, placed in columns.theirs.items()},
            {row: (sheet.title, placed) for row, placed in added.items()}, lambda _: {str(placed): placed for placed in columns.theirs.values()},
        )


def _grow_tables(sheet, copy_sheet, rows: Places) -> None:
    """Run each Excel table of the workbook's ``sheet`` over the rows the copy added right under
    it, where the copy's table of that name holds them, as Excel runs a table over a row typed
    under it: a call appended to a log formatted as a table is banded with it and counted by
    its structured references (=ROWS(Log[Who])). A table with a total row is left as it is."""
    from openpyxl.worksheet.cell_range import CellRange

    for table in sheet.tables.values():
        theirs = copy_sheet.tables.get(table.name)
        if theirs is None or table.totalsRowCount:
            continue
        over, cells = CellRange(theirs.ref), CellRange(table.ref)
        end = cells.max_row
        for row in sorted(placed for added, placed in rows.added.items() if over.min_row <= added <= over.max_row):
            if row == end + 1:  # right under the table, or under a row it now runs over
                end = row
        if end > cells.max_row:
            cells.expand(down=end - cells.max_row)
            table.ref = cells.coord
            if table.autoFilter is not None:
                table.autoFilter.ref = table.ref


def _kept_rows(sheet, recorded: RecordedSheet, deleted: Collection[int]) -> tuple[RecordedSheet, list]:
    """``recorded`` (by the workbook's coordinates) without the rows of ``deleted`` (the
    workbook's rows of those the copy deleted) whose values or looks the workbook changed, so
    that the merge leaves them whole, and a conflict for each value or look the workbook
    changed there, the copy's side reading ``ROW_DELETED``."""
    places = {place for place in (*recorded.cells, *(recorded.looks or ())) if coordinate_to_tuple(place)[0] in deleted}
    places |= {cell.coordinate for cell in sheet._cells.values() if cell.row in deleted and (cell.has_style or cell.value not in (None, ""))}
    changed: dict[int, list] = {}
    seen: dict[tuple, str] = {}
    for place in sorted(places, key=coordinate_to_tuple):
        present = sheet._cells.get(coordinate_to_tuple(place))
        mine = getattr(present, "value", None)
        if cell_text(mine) != cell_text(recorded.cells.get(place)):
            changed.setdefault(coordinate_to_tuple(place)[0], []).append((f"{sheet.title}: {place}", ("", mine), ("", ROW_DELETED)))
        if recorded.looks is not None and ("" if present is None else appearance(present, seen)) != recorded.looks.get(place, ""):
            changed.setdefault(coordinate_to_tuple(place)[0], []).append((f"{sheet.title}: {place} (look)", ("", described(present)), ("", ROW_DELETED)))
    if not changed:
        return recorded, []

    def without(by_place: Mapping[str, str] | None) -> dict[str, str] | None:
        return None if by_place is None else {place: text for place, text in by_place.items() if coordinate_to_tuple(place)[0] not in changed}

    return RecordedSheet(without(recorded.cells), without(recorded.looks), without(recorded.notes)), [conflict for row in changed for conflict in changed[row]]


def _places(sheet, copy_sheet, recorded: RecordedSheet, theirs: Mapping[str, Any]) -> tuple[Places, Places]:
    """Where the rows and the columns of ``recorded`` and of ``copy_sheet`` (its filled cells'
    values ``theirs``), each read as in the workbook, stand in the workbook's ``sheet``
    (``row_alignment.placed_rows``: rows the copy inserted between rows the workbook holds
    stand where they will be inserted). They are matched even where the workbook's sheet is
    as recorded: taken by place, the copy's rows would leave what reads them from elsewhere
    (another copy's note on a call, the desk's tally) reading other rows."""
    recorded_texts = {coordinate_to_tuple(place): cell_text(text) for place, text in recorded.cells.items()}
    recorded_places = [*recorded_texts, *(coordinate_to_tuple(place) for place in [*(recorded.looks or ()), *(recorded.notes or ())])]
    mine_texts = {(cell.row, cell.column): cell_text(cell.value) for cell in _filled(sheet)}
    theirs_texts = {coordinate_to_tuple(place): cell_text(value) for place, value in theirs.items()}
    holding = [place for place, cell in copy_sheet._cells.items() if _holds(cell)]  # (row, column) of the copy's cells to bring
    widest = max((column for cells in (recorded_places, sheet._cells, copy_sheet._cells) for _, column in cells), default=0)  # a look alone counts
    table = _headed(recorded_texts)
    columns = _column_places(recorded_texts, mine_texts, theirs_texts, {column for _, column in holding}, widest, table)
    # Rows are compared in the workbook's columns (a column the workbook deleted by the
    # record's number, past the last a sheet can have, so that a row's first cell is still
    # its first the workbook holds), their formulas reading those columns.
    recorded_columns = {column: columns.recorded.get(column, _GONE + column) for _, column in recorded_texts}
    theirs_columns = {column: columns.theirs.get(column, _GONE + columns.matched.get(column, 0)) for _, column in theirs_texts}
    recorded_read, theirs_read = (_reading(copy_sheet.title, {}, side) for side in (columns.recorded, columns.theirs))
    rows = placed_rows(
        _rows({(row, recorded_columns[column]): cell_text(recorded_read(text)) for (row, column), text in recorded_texts.items()}, {coordinate_to_tuple(place)[0] for place in recorded.notes or ()}),
        _rows(mine_texts, {cell.row for cell in sheet._cells.values() if _holds(cell)}),
        _rows({(row, theirs_columns[column]): cell_text(theirs_read(text)) for (row, column), text in theirs_texts.items()}, {row for row, _ in holding}),
        sorted({row for row, _ in holding}),
        inserting=True,
        table=table,
    )
    return rows, columns


def _column_places(
    recorded: Mapping[tuple[int, int], str], mine: Mapping[tuple[int, int], str], theirs: Mapping[tuple[int, int], str], added: Collection[int], widest: int, table: bool
) -> Places:
    """Where the columns of the record and of the copy (``added``, those holding a value, note
    or link) stand in the workbook's sheet, each known by its header in row 1 where the record
    is a ``table`` (``_headed``): a column a reviewer inserted or moved. A sheet without a
    header row keeps its columns, the first ``widest`` of them, where they stand."""
    if not table:
        return Places.in_place(range(1, widest + 1), range(1, widest + 1))

    recorded_last = max((column for _, column in recorded), default=0)

    def by_header(cells: Mapping[tuple[int, int], str]) -> dict[int, Row]:
        # Each side at least as wide as the record: a column without a header where a side now
        # holds no cell (the desk deleted every call) is no column deleted.
        last = max((column for _, column in cells), default=recorded_last)
        return {column: ((1, cells[1, column]),) if (1, column) in cells else () for column in range(1, max(last, recorded_last) + 1)}

    return placed_rows(by_header(recorded), by_header(mine), by_header(theirs), sorted(added))


def _headed(recorded: Mapping[tuple[int, int], str]) -> bool:
    """Whether the record's first row (``recorded``: texts by row and column) reads as headers:
    two or more texts, none repeated, no formula. Its rows are then records of a table."""
    headers = [text for (row, _), text in recorded.items() if row == 1]
    return len(headers) >= 2 and len(set(headers)) == len(headers) and not any(text.startswith("=") for text in headers)


def _rows(texts: Mapping[tuple[int, int], str], held: Collection[int]) -> dict[int, Row]:
    """Each row down to the last that holds anything (a value, or a row in ``held``), as
    ``row_alignment`` compares it: its cells' ``texts`` by (row, column)."""
    rows: dict[int, list[tuple[int, str]]] = {row: [] for row in range(1, max([*held, *(row for row, _ in texts)], default=0) + 1)}
    for (row, column), text in texts.items():
        rows[row].append((column, _row_relative(text, row)))
    return {row: tuple(sorted(cells)) for row, cells in rows.items()}


def _row_relative(text: str, row: int) -> str:
    """``text``, a cell's on ``row``, as it reads wherever its row stands: in a formula, each
    row a reference does not fix with $ as its distance from ``row`` (=LEN(A7) on row 7 reads
    =LEN(A[0]), as on any row a copy or a sort puts it). Only rows are matched by it, so a
    light reading will do: quoted texts and sheet names are passed over, and a function's
    name (LOG10) is no cell."""
    if not text.startswith("="):
        return text
    pieces = re.split(r"(\"[^\"]*\"|'[^']*')", text)
    return "".join(piece if n % 2 else _RELATIVE_ROW.sub(lambda found: f"{found[1]}[{int(found[2]) - row}]", piece) for n, piece in enumerate(pieces))


def _holds(cell) -> bool:
    """Whether ``cell`` holds a value, a note or a link: what makes its row one to bring."""
    return (cell.value is not None and cell.value != "") or cell.comment is not None or cell.hyperlink is not None


def _reading(title: str, rows: Mapping[int, int], columns: Mapping[int, int]):
    """How a value of sheet ``title`` reads once its rows and columns stand where ``rows`` and
    ``columns`` put them: a formula's references to the sheet's own cells follow them (a
    reviewer's =TODAY()-B7 on a call they added reads its own row where it lands)."""
    if all(row == new for row, new in rows.items()) and all(column == new for column, new in columns.items()):
        return lambda value: value
    move, headers = _own_move(title, rows, columns)
    mover = ReferenceMover({title: move}, lambda _: headers, {}, {})
    return lambda value: mover.value(value, title)


def _own_move(title: str, rows: Mapping[int, int], columns: Mapping[int, int]) -> tuple[TableMove, dict[str, int]]:
    """Where the rows and columns of sheet ``title`` go (``rows``, ``columns``: old -> new), as
    a ``TableMove`` and its columns by name: each goes by a name, as a tool table's go by
    header, and no range reads as over every row."""
    move = TableMove({row: (title, new) for row, new in rows.items()}, {column: str(column) for column in columns}, max(rows, default=1), max(rows.values(), default=1), MAX_ROW + 1, MAX_ROW + 1)
    return move, {str(column): new for column, new in columns.items()}


def _in_places(recorded: RecordedSheet, rows: Mapping[int, int], columns: Mapping[int, int], read) -> RecordedSheet:
    """``recorded`` by the workbook's coordinates, each recorded row and column where ``rows``
    and ``columns`` put it (one the workbook no longer holds left out), its formulas as
    ``read`` reads them."""
    def moved(by_place: Mapping[str, str] | None, reading=lambda text: text) -> dict[str, str] | None:
        if by_place is None:
            return None
        placed = {}
        for place, text in by_place.items():
            row, column = coordinate_to_tuple(place)
            if row in rows and column in columns:
                placed[f"{get_column_letter(columns[column])}{rows[row]}"] = reading(text)
        return placed

    return RecordedSheet(moved(recorded.cells, read), moved(recorded.looks), moved(recorded.notes))


def _changed_where_deleted(title: str, copy_sheet, rows: Places, columns: Places, recorded: RecordedSheet, theirs: Mapping[str, Any]) -> list:
    """Conflicts for what the copy changed in rows or columns the workbook deleted since (the
    record's, with no place in the workbook; ``theirs``, the copy's values as read in the
    workbook): each value, look or note it changed there, and each link and thread on a row
    or column where it changed one, the workbook's side reading ``ROW_DELETED`` or
    ``COLUMN_DELETED``."""
    gone = []  # (the copy's cell, the workbook's side, the row or column it goes with, its place in the record)
    for cell in sorted(copy_sheet._cells.values(), key=lambda c: (c.row, c.column)):
        if cell.row in rows.matched and cell.row not in rows.theirs:
            where, line = ROW_DELETED, ("row", cell.row)
        elif cell.column in columns.matched and cell.column not in columns.theirs:
            where, line = COLUMN_DELETED, ("column", cell.column)
        else:
            continue
        row, column = rows.matched.get(cell.row), columns.matched.get(cell.column)
        gone.append((cell, where, line, f"{get_column_letter(column)}{row}" if row and column else ""))
    changed, touched = [], set()
    seen: dict[tuple, str] = {}
    for cell, where, line, written in gone:
        # A formula reads as it would on any row: one the copy's program moved with its row is no change.
        at = coordinate_to_tuple(written)[0] if written else cell.row
        if _row_relative(cell_text(theirs.get(cell.coordinate)), cell.row) != _row_relative(cell_text(recorded.cells.get(written)), at):
            changed.append((cell, f"{title}: {cell.coordinate}", where, theirs.get(cell.coordinate)))
            touched.add(line)
        if recorded.looks is not None and appearance(cell, seen) != recorded.looks.get(written, ""):
            changed.append((cell, f"{title}: {cell.coordinate} (look)", where, described(cell)))
            touched.add(line)
        note = cell.comment is not None and thread_of(cell.comment) is None
        if note and cell.comment.content != (recorded.notes or {}).get(written):
            changed.append((cell, f"{title}: {cell.coordinate} (note)", where, cell.comment.content))
            touched.add(line)
    for cell, where, line, _ in gone:
        if line in touched and thread_of(cell.comment) is not None:
            changed.append((cell, f"{title}: {cell.coordinate} (note)", where, cell.comment.content))
        if line in touched and cell.hyperlink is not None:
            changed.append((cell, f"{title}: {cell.coordinate} (link)", where, cell.hyperlink.target or cell.hyperlink.location))
    changed.sort(key=lambda conflict: (conflict[0].row, conflict[0].column))
    return [(place, ("", where), ("", what)) for _, place, where, what in changed]


def _read_in_workbook(sheet, copy_sheet, written: RecordedSheet, mover: ReferenceMover, recorded_mover: ReferenceMover) -> tuple[RecordedSheet, dict[str, Any], tuple[Places, Places]]:
    """The record ``written`` and the copy's filled cells (by coordinate) as they read in the
    workbook (``recorded_mover``, ``mover``), and where their rows and columns stand in its
    ``sheet`` (``_places``)."""
    recorded = replace(written, cells={place: recorded_mover.value(text, copy_sheet.title) for place, text in written.cells.items()})
    theirs = {cell.coordinate: mover.value(cell.value, copy_sheet.title) for cell in _filled(copy_sheet)}
    return recorded, theirs, _places(sheet, copy_sheet, recorded, theirs)


def _merge_values(sheet, theirs_by_place: Mapping[str, Any], written: RecordedSheet, read_theirs) -> tuple[int, list]:
    """The values of ``_merge_cells``, by the workbook's coordinates. ``read_theirs(cell)``
    gives a copy's cell's value as it reads in the workbook (the desk's run may have moved the
    same formula since, and the copy's rows may stand elsewhere in it); ``written``'s are read
    so already."""
    filled = {coordinate for coordinate, cell in theirs_by_place.items() if cell.value is not None and cell.value != ""}
    taken, differing = 0, []
    for coordinate in sorted(set(written.cells) | filled, key=coordinate_to_tuple):
        source = theirs_by_place[coordinate] if coordinate in filled else None
        theirs = read_theirs(source) if source is not None else None
        ancestor = written.cells.get(coordinate)
        mine = getattr(sheet._cells.get(coordinate_to_tuple(coordinate)), "value", None)
        if cell_text(theirs) in (cell_text(ancestor), cell_text(mine)):
            continue  # as handed out, or as the workbook has it already
        target = sheet.cell(*coordinate_to_tuple(coordinate))
        if cell_text(mine) != cell_text(ancestor) or _merged_away(target):
            differing.append((f"{sheet.title}: {coordinate}", ("", INSIDE_MERGED if _merged_away(target) else mine), ("", theirs)))
            continue
        target.value = at_cell(theirs, target)
        if source is not None and source.data_type in {"s", "f"} and isinstance(theirs, str):
            target.data_type = source.data_type
        if source is not None and written.looks is None:
            _restyle(sheet.parent, source.parent.parent, target, _look(source))
        taken += 1
    return taken, differing


def _merge_looks(sheet, theirs_by_place: Mapping[str, Any], written: Mapping[str, str]) -> list:
    """The looks of ``_merge_cells``, each cell's ``appearance`` against the ``written`` one,
    and a conflict for each look both changed otherwise, in words: what each side shows that
    the other does not (``looks.described``)."""
    from openpyxl.styles.cell_style import StyleArray

    seen_mine: dict[tuple, str] = {}
    seen_theirs: dict[tuple, str] = {}
    differing = []
    for coordinate in sorted(set(written) | {coordinate for coordinate, cell in theirs_by_place.items() if cell.has_style}, key=coordinate_to_tuple):
        source, present = theirs_by_place.get(coordinate), sheet._cells.get(coordinate_to_tuple(coordinate))
        theirs = "" if source is None else appearance(source, seen_theirs)
        mine = "" if present is None else appearance(present, seen_mine)
        if theirs in (written.get(coordinate, ""), mine):
            continue
        if mine != written.get(coordinate, ""):
            differing.append((f"{sheet.title}: {coordinate} (look)", ("", described(present, source)), ("", described(source, present))))
            continue
        target = sheet.cell(*coordinate_to_tuple(coordinate))
        if source is not None and source.has_style:
            _restyle(sheet.parent, source.parent.parent, target, _look(source))
        else:
            target._style = StyleArray()  # the copy cleared it
    return differing


def _merge_notes_and_links(sheet, copy_sheet, theirs_by_place: Mapping[str, Any], written: Mapping[str, str] | None, mover: ReferenceMover) -> tuple[int, list]:
    """The notes and threads of ``_merge_cells`` (``threads.merged_comment``; ``written`` is
    None where nothing records notes), and the links."""
    from .threads import merged_comment

    commented = {coordinate for coordinate, cell in theirs_by_place.items() if cell.comment is not None}
    linked = {coordinate for coordinate, cell in theirs_by_place.items() if cell.hyperlink is not None}
    taken, differing = 0, []
    for coordinate in sorted(commented | set(written or ()) | linked, key=coordinate_to_tuple):
        source, present = theirs_by_place.get(coordinate), sheet._cells.get(coordinate_to_tuple(coordinate))
        if _merged_away(present):  # the workbook merged cells over it since: a value, note or link can't be put there
            for kind, held in (("note", coordinate in commented), ("link", coordinate in linked)):
                if held:
                    said = source.comment.content if kind == "note" else source.hyperlink.target or source.hyperlink.location
                    differing.append((f"{sheet.title}: {coordinate} ({kind})", ("", INSIDE_MERGED), ("", said)))
            continue
        if coordinate in commented or coordinate in (written or ()):
            mine = None if present is None else present.comment
            theirs = None if source is None else source.comment
            comment, changed, sides = merged_comment(mine, theirs, written is not None, (written or {}).get(coordinate), ())
            if comment is not mine:
                sheet.cell(*coordinate_to_tuple(coordinate)).comment = comment
            taken += changed
            differing += [(f"{sheet.title}: {coordinate} ({kind})", desks, copys) for kind, desks, copys in sides]
        if coordinate in linked and (present is None or present.hyperlink is None):
            target = sheet.cell(*coordinate_to_tuple(coordinate))
            carry_link(source, target)
            mover.move_cell(target, copy_sheet.title, formula=False)  # a link to a claim of the copy's, as its formula was
    return taken, differing


def _merged_away(cell) -> bool:
    """Whether ``cell`` lies inside merged cells, under the first: it holds nothing of its own."""
    from openpyxl.cell.cell import MergedCell

    return isinstance(cell, MergedCell)


def _content(sheet, mover: ReferenceMover | None = None) -> Any:
    """What ``sheet`` holds, cell by cell, or what a chart sheet shows; with ``mover``, its
    formulas and chart ranges as they read in the desk's workbook (a sheet of the copy,
    compared with the workbook's)."""
    if _is_chart_sheet(sheet):
        drawing = carried_drawing(sheet)
        if drawing is not None and mover is not None:
            drawing = with_chart_ranges(drawing, lambda text: mover.reference(text, sheet.title))
        return shown(drawing)
    return {(cell.row, cell.column): mover.value(cell.value, sheet.title) if mover is not None and cell.data_type == "f" else cell.value for cell in _filled(sheet)}


def _filled(sheet) -> list[Any]:
    """The cells of ``sheet`` that hold a value."""
    return [cell for cell in sheet._cells.values() if cell.value is not None and cell.value != ""]


def _is_chart_sheet(sheet) -> bool:
    """Whether ``sheet`` is a chart sheet (a chart moved to a sheet of its own, in Excel): no cells."""
    return not hasattr(sheet, "_cells")


def _free_title(workbook, title: str, copy_name: str, coming: Sequence[tuple[Any, str]]) -> str:
    """A name for a copy's sheet whose own the workbook has: its own, then the copy's file
    name in brackets ("Sheet1 (ben)"), cut to fit, then numbered."""
    taken = {t.lower() for t in (*workbook.sheetnames, *(t for _, t in coming))}
    stem = _NOT_IN_TITLE.sub("_", copy_name.rsplit(".", 1)[0])
    for number in range(1, 1000):
        tail = f" ({stem})" if number == 1 else f" ({stem} {number})"
        candidate = title[: max(1, MAX_TITLE - len(tail))] + tail[: MAX_TITLE - 1]
        if candidate.lower() not in taken:
            return candidate[:MAX_TITLE]
    raise ValueError(f"no free name for sheet {title!r}")


def _table_names(workbook, sheets: Sequence[Any]) -> dict[str, str]:
    """New names, by old name in lower case, for the Excel tables on ``sheets`` whose names the
    workbook uses already (a table's name is the workbook's, as a defined name is)."""
    taken = {name.lower() for sheet in workbook.worksheets for name in sheet.tables}
    taken |= {name.lower() for name in workbook.defined_names}
    renamed = {}
    for name in (name for sheet in sheets if not _is_chart_sheet(sheet) for name in sheet.tables):
        new, number = name, 1
        while new.lower() in taken:
            number += 1
            new = f"{name}_{number}"
        taken.add(new.lower())
        if new != name:
            renamed[name.lower()] = new
    return renamed


def _names_over(copy_book, titles: Collection[str], workbook) -> list[Any]:
    """Copies of the names the copy defines for the whole workbook over ``titles`` only (a
    reviewer's "calls" = 'Call log'!$A$2:$A$9, "verdicts" = Claims!$N$2:$N$8), that the
    workbook does not define."""
    names = []
    for name in copy_book.defined_names.values():
        try:
            over = {sheet for sheet, _ in name.destinations}
        except Exception:  # openpyxl reads only names over ranges; a name over a formula stays out
            continue
        if name.name not in workbook.defined_names and over and over <= set(titles):
            names.append(copy(name))
    return names


def _move_into(workbook, copy_book, sheet, title: str, before: Sequence[str], tables_renamed: dict[str, str]) -> None:
    """Move ``sheet`` from ``copy_book`` into ``workbook`` as ``title``, after the nearest of
    the sheets ``before`` it in the copy that the workbook has (last when it has none), its
    looks among the workbook's styles and its tables under the names ``tables_renamed`` gives."""
    looks = {tuple(item._style): _look(item) for item in _styled(sheet)}
    copy_book._sheets.remove(sheet)
    after = next((t for t in reversed(before) if t in workbook.sheetnames), None)
    workbook._sheets.insert(workbook.sheetnames.index(after) + 1 if after else len(workbook._sheets), sheet)
    sheet._parent = workbook
    if title != sheet.title:
        sheet.title = title
    views = sheet.sheetViews if _is_chart_sheet(sheet) else sheet.views
    for view in views.sheetView:  # the copy's active tab: two selected tabs would open grouped
        view.tabSelected = None
    given: dict[tuple, Any] = {}
    for item in _styled(sheet):
        key = tuple(item._style)
        if key not in given:
            _restyle(workbook, copy_book, item, looks[key])
            given[key] = copy(item._style)
        else:
            item._style = copy(given[key])
    for old in [name for name in getattr(sheet, "tables", ()) if name.lower() in tables_renamed]:
        table = sheet.tables.pop(old)
        table.name = table.displayName = tables_renamed[old.lower()]
        sheet.tables.add(table)


def _styled(sheet):
    """The cells, rows and columns of ``sheet`` that have a look of their own."""
    if _is_chart_sheet(sheet):
        return []
    items = (*sheet._cells.values(), *sheet.row_dimensions.values(), *sheet.column_dimensions.values())
    return [item for item in items if item.has_style]


def _look(item) -> tuple:
    """Everything of a cell's (or row's, or column's) look, read from its own workbook."""
    style = item._style
    names = item.parent.parent._named_styles.names  # read by index: a row's .style is another thing
    # LibreOffice lists a style for every cell format, more than openpyxl reads as named styles.
    named = names[style.xfId] if style.xfId < len(names) else "Normal"
    return (named, item.font, item.fill, item.border, item.alignment, item.protection, item.number_format, style.quotePrefix, style.pivotButton)


def _restyle(workbook, copy_book, item, look: tuple) -> None:
    """Give ``item``, now on a sheet of ``workbook``, the ``look`` it had in ``copy_book``."""
    from openpyxl.styles import NamedStyle
    from openpyxl.styles.cell_style import StyleArray

    named, font, fill, border, alignment, protection, number_format, quote_prefix, pivot_button = look
    if named not in workbook._named_styles.names:  # a cell style of the reviewer's ("Good", or one they made)
        theirs = copy_book._named_styles[named]
        workbook.add_named_style(NamedStyle(
            name=named, font=copy(theirs.font), fill=copy(theirs.fill), border=copy(theirs.border),
            alignment=copy(theirs.alignment), number_format=theirs.number_format,
            protection=copy(theirs.protection), builtinId=theirs.builtinId, hidden=theirs.hidden,
        ))
    item._style = StyleArray()
    item.font, item.fill, item.border = copy(font), copy(fill), copy(border)
    item.alignment, item.protection, item.number_format = copy(alignment), copy(protection), number_format
    item._style.xfId = workbook._named_styles.names.index(named)
    item._style.quotePrefix, item._style.pivotButton = quote_prefix, pivot_button
