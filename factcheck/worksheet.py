"""Write the reviewer workbook with openpyxl, and read its Claims back.

Every value is written as what it is: text stays text even when it starts with ``=``, so an
article or a reviewer can never plant a formula. The file is written to a temporary file
beside the target and moved into place, so a failed write never leaves half a workbook.
"""

from __future__ import annotations

import datetime as dt
import glob
import json
from copy import copy
from functools import cache, partial
import os
import re
import secrets
import shutil
import tempfile
import textwrap
import time
import warnings
import zipfile
import zlib
from xml.etree.ElementTree import ParseError
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .columns import (
    ABOUT,
    BASE,
    BASE_AS_WRITTEN,
    BASE_KEYS,
    BASE_NOTES,
    BASE_LOOKS,
    BASE_THREADS,
    CHECKED_BEFORE,
    CLAIM_COLUMNS,
    CLAIM_HEADERS,
    CLAIMS,
    CONFLICT_COLUMNS,
    CONFLICTS,
    CORRECTABLE,
    EARLIER_CHECK_COLUMNS,
    FIGURES_DIFFER,
    GUARD_MESSAGE,
    GUARD_SHEET_MESSAGE,
    GUARD_TITLE,
    GUARDED,
    HISTORY_COLUMNS,
    LISTS,
    RETIRED,
    RETIRED_COLUMNS,
    REVIEWER,
    SCORE_SCALE,
    SENTENCE_COLUMNS,
    SENTENCES,
    SOURCE_COLUMNS,
    SOURCES,
    STATUSES,
    SUGGESTED,
    SUMMARY,
    TRIAGE,
    TRIAGE_COLUMNS,
    VERDICTS,
    KINDS,
    Column,
    KEY_COLUMNS,
    header_texts,
    verdict_name,
    added_column,
    claim_id_of,
    written_on_claims,
    sentence_key,
)
from .references import move_references, rows_read
from .sheet_xml import loadable
from .carry import (
    AS_TYPED, CHART, MARKED, ORIGIN, OldTable, UncarriedPart, announced_losses, carry_rows, comments_on_remade_sheet, filled, move_page_breaks,
    header_numbers, in_sheet_order, marked_rows, merge_again, reset_table, restore_columns, table_moves, tool_guard,
    uncarried_parts, values_without_header,
)
from .details import Detail, describe_details
from .drawings import NO_ANCHORS, Drawing, DrawingPart, carried_drawing, drawn_rows, is_summary_chart, keep_drawing, move_drawings, sheet_drawings
from .errors import WorksheetError
from .sheet_names import (
    ABOUT_TITLE,
    RENAMEABLE,
    SUMMARY_NOTE,
    TOOL_SHEETS,
    SUMMARY_TITLE,
    give_back_names,
    looks_like,
    renamed_tool_sheets,
    use_tool_names,
)

if TYPE_CHECKING:  # notes.py, threads.py and pivots.py subclass openpyxl's: imported where a workbook is read or written, as openpyxl is
    from .notes import NoteLook
    from .pivots import PivotParts
    from .threads import Thread

MAX_CELL_CHARS = 32_767
# XML 1.0 forbids these; Excel would call the file corrupt.
ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
REPLACEMENT = "\ufffd"
TOOL_FILL, REVIEWER_FILL = "D9D9D9", "FFF2CC"
TOOL_CELL_FILL = "F2F2F2"  # tool cells: grey, so a reviewer sees they belong to the tool
DEFAULT_FONT, DEFAULT_FONT_SIZE = "Calibri", 11  # openpyxl's default; rich text must name it
PROPERTY_PREFIX = "factcheck."
MARKER_PROPERTY = PROPERTY_PREFIX + "version"
# The ID the desk's archive keeps this workbook's verdicts under; it stays when the file moves.
WORKBOOK_ID_PROPERTY = PROPERTY_PREFIX + "workbook_id"
# The day relative dates in claims are read against ("2026-12-03"), and what gave it.
ARTICLE_DATE_PROPERTY = PROPERTY_PREFIX + "article_date"
ARTICLE_DATE_FROM_PROPERTY = PROPERTY_PREFIX + "article_date_from"


@dataclass(frozen=True, slots=True)
class WorkbookContent:
    """Everything one workbook shows, as rows keyed by the column keys in ``columns.py``.

    In Claims rows, ``checkable_details`` may be a tuple of ``Detail``: the writer lists them
    in the Checkable details cell and puts them in bold in the Claim cell.
    """

    claims: Sequence[Mapping[str, Any]]
    sentences: Sequence[Mapping[str, Any]]
    sources: Sequence[Mapping[str, Any]]
    history: Sequence[Mapping[str, Any]]
    retired: Sequence[Mapping[str, Any]] = ()
    properties: Mapping[str, str] = field(default_factory=dict)
    added_columns: Sequence[Column] = ()  # reviewers' own columns, after ours on Claims and Retired
    own_columns: Mapping[str, Sequence[Column]] = field(default_factory=dict)  # theirs on Sentences, Sources
    base: Any = None  # the reviewer's workbook (loaded whole by openpyxl) to rewrite in place
    # Each claim's cells as the last run wrote them (its Base sheet): what tells a row height a
    # reviewer set from the one the tool gave the row.
    written: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    losses: Sequence[str] = ()  # what a forced run could not carry, named on About
    earlier_checks: Sequence[Mapping[str, Any]] = ()  # the "Checked before" sheet, when a claim has several
    renamed: Mapping[str, str] = field(default_factory=dict)  # tool title -> the name a reviewer gave the sheet


@cache
def bold_font(size: float = DEFAULT_FONT_SIZE):
    """The sheet's font in bold: spreadsheet programs fall back to a serif face without a name.

    One object for each size, made once: style objects are values that openpyxl never changes.
    """
    from openpyxl.styles import Font

    return Font(name=DEFAULT_FONT, size=size, bold=True)


def cell_text(value: str, where: str) -> str:
    """Text safe for a cell: illegal XML characters replaced; overlong text refused."""
    if len(value) > MAX_CELL_CHARS:
        raise WorksheetError(f"{where} holds {len(value):,} characters; a cell takes at most {MAX_CELL_CHARS:,}")
    return ILLEGAL_XML.sub(REPLACEMENT, value)


def write_workbook(path: str | Path, content: WorkbookContent) -> Path:
    """Write the workbook to ``path`` atomically and return the path."""
    path = Path(path)
    save_atomically(build_workbook(content), path)
    return path


def build_workbook(content: WorkbookContent):
    """The reviewer workbook as an openpyxl ``Workbook``, not yet saved.

    With ``content.base`` (the reviewer's workbook from the last run) the tool's tables are
    rewritten inside it: every sheet, setting and cell format the tool does not own stays,
    and each row carries its old row's comments, links, formulas and formats (see carry.py).
    The tool's sheets are written under the tool's titles and then given back the names a
    reviewer gave them (``content.renamed``).
    """
    from openpyxl import Workbook

    workbook = content.base if content.base is not None else Workbook()
    if content.base is None:
        workbook.active.title = CLAIMS
    own = content.own_columns
    tables = {
        CLAIMS: ((*CLAIM_COLUMNS, *content.added_columns), content.claims),
        SENTENCES: ((*SENTENCE_COLUMNS, *own.get(SENTENCES, ())), content.sentences),
        SOURCES: ((*SOURCE_COLUMNS, *own.get(SOURCES, ())), content.sources),
        RETIRED: ((*RETIRED_COLUMNS, *content.added_columns), content.retired),
    }
    old: dict[str, OldTable] = {}
    for title in (CLAIMS, SENTENCES, SOURCES, SUMMARY, RETIRED, ABOUT, LISTS, BASE):
        if content.base is not None and title in tables and title in workbook.sheetnames:
            old[title] = reset_table(workbook[title], title)
        else:  # ours alone
            _sheet_made_again(workbook, title)
    tables = {
        title: (in_sheet_order(columns, old[title]) if title in old else columns, rows) for title, (columns, rows) in tables.items()
    }
    lists = _write_lists(workbook[LISTS])
    workbook[LISTS].sheet_state = "hidden"
    styles = CellStyles()
    for title, (columns, rows) in tables.items():
        sheet = workbook[title]
        _write_table(sheet, columns, rows, lists, styles, fresh=title not in old, guarded=title in GUARDED)
        if title in old:
            restore_columns(sheet, columns, old[title])
        carry_rows(sheet, columns, rows, old)
        _keep_row_heights(sheet, columns, rows, old, content.written)
    moves = table_moves({title: rows for title, (_, rows) in tables.items()}, old)

    def headers_of(title: str) -> dict[str, int]:
        return {column.header: number for number, column in enumerate(tables[title][0], start=1)}

    for title, move in moves.items():
        merge_again(workbook, old[title].merged, move.header_at, move.rows, headers_of)
        move_page_breaks(workbook[title], partial(move.on_its_sheet, title))
    move_drawings(workbook, moves, headers_of)
    move_references(workbook, moves, headers_of, content.renamed)
    _write_earlier_checks(workbook, content.earlier_checks, lists, styles)
    for sheet in workbook.worksheets:
        if sheet.title not in TOOL_SHEETS:  # a Checked before or Conflicts a reviewer renamed is theirs now
            sheet.data_validations.dataValidation = [v for v in sheet.data_validations.dataValidation if not tool_guard(v)]
    _write_summary(workbook[SUMMARY], headers_of(CLAIMS), content.renamed.get(CLAIMS, CLAIMS))
    _write_about(workbook[ABOUT], content)
    # Base holds each formula as the sheets now do, moved with its row, so a reviewer's cell is
    # judged touched only when the reviewer touched it.
    claims, retired = (_as_on_sheet(workbook[title], *tables[title]) for title in (CLAIMS, RETIRED))
    _write_base(workbook[BASE], base_sheet_columns(content.added_columns), claims, retired)
    from .own_sheets import record_own_sheets

    record_own_sheets(workbook)
    _set_properties(workbook, content.properties, first_run=content.base is None)
    give_back_names(workbook, content.renamed)
    return workbook


def _sheet_made_again(workbook, title: str, index: int | None = None):
    """An empty sheet ``title`` where the old one was (it is removed), else at ``index`` (None:
    last). It keeps what a reviewer set on the old one's tab and view: its colour, whether it
    is hidden, the zoom and the gridlines."""
    if title not in workbook.sheetnames:
        return workbook.create_sheet(title, index)
    old = workbook[title]
    index = workbook.sheetnames.index(title)
    workbook.remove(old)
    sheet = workbook.create_sheet(title, index)
    sheet.sheet_properties.tabColor, sheet.sheet_state = old.sheet_properties.tabColor, old.sheet_state
    sheet.sheet_view.zoomScale, sheet.sheet_view.showGridLines = old.sheet_view.zoomScale, old.sheet_view.showGridLines
    return sheet


def _write_earlier_checks(workbook, earlier_checks: Sequence[Mapping[str, Any]], lists, styles) -> None:
    """The "Checked before" sheet, the tool's alone: made again where it was (after Claims on a
    first run), and removed when no claim has several earlier checks."""
    if earlier_checks:
        sheet = _sheet_made_again(workbook, CHECKED_BEFORE, workbook.sheetnames.index(CLAIMS) + 1)
        _write_table(sheet, EARLIER_CHECK_COLUMNS, earlier_checks, lists, styles)
        guard(sheet, [SHEET_AREA], GUARD_SHEET_MESSAGE)
    elif CHECKED_BEFORE in workbook.sheetnames:
        workbook.remove(workbook[CHECKED_BEFORE])


def base_sheet_columns(added: Sequence[Column] = ()) -> tuple[Column, ...]:
    """The Base sheet's columns: those of ``BASE_KEYS``, each CORRECTABLE cell as written on
    Claims, the notes, threads and looks on each claim's cells, and the reviewers' own columns on Claims."""
    return (*(c for c in CLAIM_COLUMNS if c.key in BASE_KEYS), *BASE_AS_WRITTEN, BASE_NOTES, BASE_THREADS, BASE_LOOKS, *added)


def _as_on_sheet(sheet, columns: Sequence[Column], rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """``rows`` (written on ``sheet`` from row 2) with each formula as the sheet now holds it,
    and the notes, threads and looks on their cells (``BASE_NOTES``, ``BASE_THREADS``,
    ``BASE_LOOKS``; none recorded where they would not fit a cell)."""
    numbers = {column.key: number for number, column in enumerate(columns, start=1)}
    on_cells, looks = cell_comments(sheet), cell_looks(sheet)
    written = []
    for number, row in enumerate(rows, start=2):
        formulas = {key: sheet.cell(number, numbers[key]).value for key, value in row.items() if key in numbers and str(value).startswith("=")}
        recorded = {}
        for column, on_row in zip((BASE_NOTES, BASE_THREADS, BASE_LOOKS), (*on_cells.get(number, ({}, {})), looks.get(number, {}))):
            text = json.dumps(on_row, ensure_ascii=False)
            recorded[column.key] = text if len(text) <= MAX_CELL_CHARS else None
        written.append({**row, **formulas, **recorded})
    return written


def cell_looks(sheet) -> dict[int, dict[str, str]]:
    """The looks on a table's rows as Base records them, by row: each cell's ``appearance`` by
    the header of its column, for the cells with one."""
    from .looks import appearance

    headers = {number: header for header, number in header_numbers(sheet).items()}
    found: dict[int, dict[str, str]] = {}
    seen: dict[tuple, str] = {}
    for (row, column), cell in sheet._cells.items():
        if row > 1 and column in headers and cell.has_style and (look := appearance(cell, seen)):
            found.setdefault(row, {})[headers[column]] = look
    return found


def cell_comments(sheet) -> dict[int, tuple[dict[str, list[str]], dict[str, dict[str, Any]]]]:
    """The comments on a table's rows as Base records them, by row: the plain notes, [text,
    author] by the header of their column, and the threads, whole (``BASE_THREADS``)."""
    from .notes import thread_of

    headers = {number: header for header, number in header_numbers(sheet).items()}
    found: dict[int, tuple[dict[str, list[str]], dict[str, dict[str, Any]]]] = {}
    for (row, column), cell in sheet._cells.items():
        if row > 1 and column in headers and cell.comment is not None:
            notes, threads = found.setdefault(row, ({}, {}))
            thread = thread_of(cell.comment)
            if thread is None:
                notes[headers[column]] = [cell.comment.content, cell.comment.author or ""]
                continue
            try:  # Excel writes its parts in UTF-8; a thread in another encoding goes unrecorded
                parts = {"comments": [c.decode() for c in thread.comments], "people": [p.decode() for p in thread.people]}
            except UnicodeDecodeError:
                continue
            threads[headers[column]] = {"note": cell.comment.content, **parts}
    return found


def _write_base(
    sheet, columns: Sequence[Column], claims: Sequence[Mapping[str, Any]], retired: Sequence[Mapping[str, Any]] = ()
) -> None:
    """The hidden Base sheet: plain values, one row per claim with an ID, those on Claims first,
    then those on Retired (what tells a reviewer's touch of a retired row, as of one on Claims);
    for a cell a reviewer corrected, the tool's suggestion (``SUGGESTED``), and the cell itself
    in its ``BASE_AS_WRITTEN`` column."""
    for index, column in enumerate(columns, start=1):
        sheet.cell(row=1, column=index, value=column.header)
    on_claims = {claim_id_of(row) for row in claims} - {""}
    row_number = 1
    for row in [*claims, *(r for r in retired if claim_id_of(r) not in on_claims)]:
        if claim_id_of(row):
            row_number += 1
            values = {**row, **row.get(SUGGESTED, {}), **{c.key: row.get(key) for c, key in zip(BASE_AS_WRITTEN, CORRECTABLE)}}
            for index, column in enumerate(columns, start=1):
                where = f"{BASE} row {row_number}, {column.header}"
                _set_value(sheet.cell(row=row_number, column=index), column, values.get(column.key), where)
    sheet.sheet_state = "hidden"


TRIAGE_NOTE = (
    "Tool output: factcheck rewrites this file on every batch run. "
    "Record reviews in each article's workbook, never here."
)


def write_triage(path: str | Path, rows: Sequence[Mapping[str, Any]]) -> Path:
    """Write the batch's triage list atomically: one row per claim, its Workbook cell a link
    to the article's workbook (``workbook`` holds a path relative to ``path``'s folder), and
    one per article that could not be checked, with no link."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    path = Path(path)
    refuse_if_open(path)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = TRIAGE
    _write_table(sheet, TRIAGE_COLUMNS, rows, lists={}, styles=CellStyles())
    link_column = next(i for i, c in enumerate(TRIAGE_COLUMNS, start=1) if c.key == "workbook")
    for row_number, row in enumerate(rows, start=2):
        if row["workbook"]:  # an article that could not be checked has none
            cell = sheet.cell(row=row_number, column=link_column)
            cell.hyperlink = str(row["workbook"])
            cell.style = "Hyperlink"
    note = sheet.cell(row=len(rows) + 3, column=1, value=TRIAGE_NOTE)
    note.font = Font(name=DEFAULT_FONT, size=DEFAULT_FONT_SIZE, italic=True)
    guard(sheet, [f"A1:Z{max(len(rows) + 3, 1000)}"], TRIAGE_NOTE)
    save_atomically(workbook, path)
    return path


def _write_lists(sheet) -> dict[tuple[str, ...], str]:
    """One column per drop-down list; returns each list's range for data validation."""
    ranges: dict[tuple[str, ...], str] = {}
    choice_columns = [c for c in (*CLAIM_COLUMNS, *SENTENCE_COLUMNS) if c.choices]
    for index, column in enumerate(dict.fromkeys((c.header, c.choices) for c in choice_columns), start=1):
        header, choices = column
        sheet.cell(row=1, column=index, value=header)
        for row, choice in enumerate(choices, start=2):
            sheet.cell(row=row, column=index, value=choice).data_type = "s"
        letter = sheet.cell(row=1, column=index).column_letter
        ranges[choices] = f"{LISTS}!${letter}$2:${letter}${len(choices) + 1}"
    return ranges


class CellStyles:
    """The styles of one workbook, each set through openpyxl once and then copied.

    Assigning style objects cell by cell makes openpyxl hash each one and look it up again,
    which was most of the time spent building a workbook.
    """

    def __init__(self):
        self._arrays: dict[tuple, Any] = {}

    def apply(self, target, key: tuple, **attributes: Any) -> None:
        """Style ``target`` (a cell or a column) as ``key`` names; ``attributes`` are the
        openpyxl style attributes that make that style, set only the first time."""
        array = self._arrays.get(key)
        if array is None:
            for name, value in attributes.items():
                setattr(target, name, value)
            self._arrays[key] = copy(target._style)
        else:
            target._style = copy(array)


def _write_table(
    sheet,
    columns: Sequence[Column],
    rows: Sequence[Mapping[str, Any]],
    lists,
    styles: CellStyles,
    fresh: bool = True,
    guarded: bool = False,
) -> None:
    """Headers, rows, formats and drop-downs of one table from row 1.

    No sheet protection: Excel refuses to sort a protected sheet with locked cells, and
    reviewers sort. Tool columns are shaded grey instead, and a reviewer's edit in one is
    reported and kept in Notes by the next run; reviewer cells are unlocked, for a reviewer
    who protects a sheet themselves. ``fresh`` is False on a reviewer's sheet being
    rewritten: their freeze panes and page setup then stay as they set them. A ``guarded``
    table's tool cells refuse typing (``GUARDED``); rows added below stay open.
    """
    from openpyxl.formatting.rule import ColorScaleRule
    from openpyxl.styles import Alignment, PatternFill, Protection
    from openpyxl.worksheet.cell_range import CellRange
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.page import PageMargins

    wrapped, unlocked = Alignment(wrap_text=True, vertical="top"), Protection(locked=False)
    tool_cells = PatternFill("solid", fgColor=TOOL_CELL_FILL)
    alignments = {"wrap": wrapped, "centre": Alignment(vertical="top", horizontal="center"), "top": Alignment(vertical="top")}
    for index, column in enumerate(columns, start=1):
        header = sheet.cell(row=1, column=index, value=column.header)
        styles.apply(
            header,
            ("header", column.filled_by),
            font=bold_font(),
            fill=PatternFill("solid", fgColor=REVIEWER_FILL if column.filled_by == REVIEWER else TOOL_FILL),
            alignment=wrapped,
        )
        dimension = sheet.column_dimensions[header.column_letter]
        dimension.width = column.width
        number_format = _number_format(column)
        if column.filled_by == REVIEWER:
            # Column-wide style, so rows a reviewer adds below the table are typed as text too;
            # unlocked, so a sheet a reviewer protects still takes typing there.
            styles.apply(dimension, ("reviewer column", number_format), number_format=number_format, protection=unlocked)
        alignment = "wrap" if column.wrap else "centre" if column.kind in {"number", "score"} else "top"
        cell_style = {"number_format": number_format, "alignment": alignments[alignment]}
        if column.filled_by == REVIEWER:
            cell_style["protection"] = unlocked
        else:
            cell_style["fill"] = tool_cells
        key = ("cell", number_format, alignment, column.filled_by)
        for row_number, row in enumerate(rows, start=2):
            cell = sheet.cell(row=row_number, column=index)
            styles.apply(cell, key, **cell_style)
            where = f"{sheet.title} row {row_number}, {column.header}"
            _set_value(cell, column, row.get(column.key), where, row.get(column.emphasis) if column.emphasis else None)
        if column.choices:
            validation = DataValidation(type="list", formula1=lists[column.choices], allow_blank=True)
            validation.error = f"Pick one of: {', '.join(column.choices)}"
            validation.errorTitle = column.header
            validation.errorStyle, validation.showErrorMessage = "warning", True  # a value of one's own stays possible
            sheet.add_data_validation(validation)
            validation.add(f"{header.column_letter}2:{header.column_letter}1048576")
        if column.kind == "score" and rows:
            sheet.conditional_formatting.add(
                f"{header.column_letter}2:{header.column_letter}{len(rows) + 1}",
                ColorScaleRule(start_type="num", start_value=SCORE_SCALE[0][0], start_color=SCORE_SCALE[0][1], end_type="num", end_value=SCORE_SCALE[1][0], end_color=SCORE_SCALE[1][1]),
            )
    for row_number, row in enumerate(rows, start=2):
        sheet.row_dimensions[row_number].height = row_height(columns, row)
    last = sheet.cell(row=1, column=len(columns)).column_letter
    if fresh:
        # Printed or saved as PDF: landscape, one page wide, the header on every page.
        sheet.page_setup.orientation = "landscape"
        sheet.page_margins = PageMargins(left=0.3, right=0.3, top=0.4, bottom=0.4)
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_title_rows = "1:1"
        sheet.freeze_panes = "A2"
    # A reviewer's Excel table over the headers filters them itself; a sheet filter over it
    # too is a fault Excel "repairs" on opening.
    in_a_table = any(CellRange(table.ref).min_row == 1 for table in sheet.tables.values())
    sheet.auto_filter.ref = None if in_a_table else f"A1:{last}{max(len(rows) + 1, 2)}"
    # The rows this run made come first; rows kept as a reviewer left them follow, theirs to type in.
    made = sum(1 for row in rows if not row.get(AS_TYPED))
    if guarded and made:
        tool_columns = _runs([i for i, c in enumerate(columns, start=1) if c.filled_by != REVIEWER])
        guard(sheet, [f"{get_column_letter(first)}2:{get_column_letter(end)}{made + 1}" for first, end in tool_columns], GUARD_MESSAGE)


def guard(sheet, ranges: Sequence[str], message: str) -> None:
    """Make the cells of ``ranges`` refuse typing, saying ``message``: a data validation that
    no value passes (clearing a cell still does); a paste gets past it, as past any validation."""
    from openpyxl.worksheet.datavalidation import DataValidation

    validation = DataValidation(type="custom", formula1="FALSE", allow_blank=True, errorStyle="stop")
    validation.errorTitle, validation.error, validation.showErrorMessage = GUARD_TITLE, message, True
    sheet.add_data_validation(validation)
    for cells in ranges:
        validation.add(cells)


def _runs(numbers: Sequence[int]) -> list[tuple[int, int]]:
    """Ascending ``numbers`` as (first, last) runs of consecutive ones."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and runs[-1][1] == number - 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    return [(first, last) for first, last in runs]


# Where a reviewer could type on a sheet made again on every run (Summary, About...), and lose
# it. Not every column: LibreOffice saves a range over all of them as rows ("1:1033"), which
# openpyxl alone (pandas too) cannot read in the file it saved.
SHEET_AREA = "A1:ZZ100000"
LINE_HEIGHT = 15.0
MAX_ROW_HEIGHT = 409.0  # Excel's limit, in points


def _keep_row_heights(
    sheet, columns: Sequence[Column], rows: Sequence[Mapping[str, Any]], old: Mapping[str, OldTable], written: Mapping[str, Mapping[str, Any]]
) -> None:
    """Give each row the height its old row had where a reviewer set it: one that differs from
    the height the last run gave the row (``heights_given``)."""
    for offset, row in enumerate(rows):
        origin = row.get(ORIGIN)
        table = old.get(origin[0]) if origin else None
        dimension = table.rows.get(origin[1]) if table else None
        if dimension is None or dimension.height is None:
            continue
        given = heights_given(table, origin, columns, written)
        if given and all(abs(dimension.height - height) > 0.5 for height in given):
            sheet.row_dimensions[offset + 2].height = dimension.height


def heights_given(
    table: OldTable, origin: tuple[str, int], columns: Sequence[Column], written: Mapping[str, Mapping[str, Any]]
) -> tuple[float, ...]:
    """The heights the last run may have given the old row at ``origin``; none where that is
    not known (a Claims or Retired row the last run did not write). A claim's is found again
    from its Base row (``written``), since reviewers type on Claims and Retired. Sentences and
    Sources have no Base, but the tool's cells there are guarded, so the row as it is tells the
    height, either with the reviewer's own columns (untouched since) or without (typed in since
    the last run)."""

    def value(header: str) -> Any:
        cell = table.cells.get((origin[1], table.headers.get(header)))
        return cell.value if cell is not None else None

    # Each with lines counted as now and as earlier runs counted them, so a row an earlier run
    # sized is re-fitted, not taken for one set by hand.
    if origin[0] in GUARDED:
        as_left = {column.key: value(column.header) for column in columns}
        tool_columns = [column for column in columns if column.filled_by != REVIEWER]
        return tuple(row_height(c, as_left, *counted) for c in (columns, tool_columns) for counted in _COUNTED_AS)
    claim = written.get(str(value(CLAIM_HEADERS["claim_id"])))
    if claim is None:
        return ()
    return tuple(row_height(columns, written_on_claims(claim), *counted) for counted in _COUNTED_AS)


def _wrapped_lines(text: str, per_line: int) -> int:
    """Lines a cell's paragraph takes wrapped at word boundaries and hyphens, as Excel and
    LibreOffice wrap it: a word that does not fit goes to the next line whole."""
    return 1 if len(text) <= per_line else len(textwrap.wrap(text, per_line)) or 1


def _lines_by_characters(text: str, per_line: int) -> int:
    """Lines as versions before word wrapping counted them: characters over the line's width."""
    return -(-max(len(text), 1) // per_line)


# How runs count a cell's lines: now; before 2026-12-07, at 1.2 characters a unit of width
# in every column; before 2026-12-06, by characters alone.
_COUNTED_AS = ((_wrapped_lines, None), (_wrapped_lines, 1.2), (_lines_by_characters, 1.2))


def row_height(
    columns: Sequence[Column],
    row: Mapping[str, Any],
    count_lines: Callable[[str, int], int] = _wrapped_lines,
    characters_per_width: float | None = None,
) -> float:
    """Points for a row to show its longest wrapped cell whole, its lines counted by
    ``count_lines`` (by default as Excel and LibreOffice wrap them), at each column's
    ``characters_per_width`` unless one is given for all.

    Set explicitly because spreadsheet programs do not re-fit rows of a file they open.
    """
    lines = 1
    for column in columns:
        value = row.get(column.key)
        if column.wrap and value:
            per_line = max(int(column.width * (characters_per_width or column.characters_per_width)), 1)
            text = describe_details(value) if _is_details(value) else str(value)
            lines = max(lines, sum(count_lines(part, per_line) for part in text.split("\n")))
    return min(LINE_HEIGHT * lines, MAX_ROW_HEIGHT)


def _number_format(column: Column) -> str:
    return {"text": "@", "number": "0", "score": "0.00", "date": "yyyy-mm-dd"}[column.kind]


def _set_value(cell, column: Column, value: Any, where: str, emphasis: Any = None) -> None:
    """Write one value as what it is; ``emphasis`` holds Details to put in bold in it."""
    if value is None or value == "":
        return
    if _is_details(value):
        value = describe_details(value)
    if isinstance(value, (dt.date, dt.time, bool, int, float)):
        cell.value = value  # a date in a text column gets a date format from openpyxl
        return
    text = cell_text(str(value), where)
    if _is_details(emphasis) and emphasis:
        cell.value = _bold_spans(text, emphasis)
        return
    cell.value = text
    cell.data_type = "s"  # openpyxl would take a leading "=" for a formula
    if text[:1] in {"=", "+", "-", "@"}:
        cell.quotePrefix = True  # and Excel would, on the next edit of the cell


def _is_details(value: Any) -> bool:
    return isinstance(value, tuple) and all(isinstance(d, Detail) for d in value)


def _bold_spans(text: str, details: tuple[Detail, ...]):
    """Rich text with each detail's span of ``text`` in bold (rich text is never a formula)."""
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    bold = InlineFont(rFont=DEFAULT_FONT, sz=DEFAULT_FONT_SIZE, b=True)
    pieces: list[Any] = []
    position = 0
    for detail in details:
        if detail.start > position:
            pieces.append(text[position : detail.start])
        pieces.append(TextBlock(bold, text[detail.start : detail.end]))
        position = detail.end
    if position < len(text):
        pieces.append(text[position:])
    return CellRichText(pieces)


def _claims_range(key: str, headers: Mapping[str, int], name: str = CLAIMS) -> str:
    """An absolute reference to a Claims column below its header, e.g. ``Claims!$L$2:$L$1048576``,
    found in ``headers`` (header -> column number: a reviewer may have moved it); ``name`` is the
    sheet's name (a reviewer may have renamed it), quoted where a formula needs it."""
    from openpyxl.utils import get_column_letter

    letter = get_column_letter(headers[CLAIM_HEADERS[key]])
    sheet = name if name == CLAIMS else "'" + name.replace("'", "''") + "'"  # quoted, as any name may be
    return f"{sheet}!${letter}$2:${letter}$1048576"


def _write_summary(sheet, claims_headers: Mapping[str, int], claims_name: str = CLAIMS) -> None:
    """Live counts over Claims (COUNTIF formulas over the sheet ``claims_name``, its columns found
    in ``claims_headers``, header -> column number) and a chart of verdicts.

    Formulas, not numbers, so the sheet follows what reviewers type until the next run.
    """
    from openpyxl.chart import BarChart, Reference
    claims, status, verdict, kind, earlier = (
        _claims_range(k, claims_headers, claims_name) for k in ("claim", "status", "verdict", "kind", "checked_before")
    )
    sheet["A1"] = SUMMARY_TITLE
    sheet["A1"].font = bold_font(14)
    sheet["A2"] = SUMMARY_NOTE
    # A total a reviewer types under Claim (=COUNTA(D2:D30)) is a number, and no claim. Counting
    # only cells that are no formula would take SUMPRODUCT(ISFORMULA(...)) over the whole column,
    # which Excel computes for every row on every edit; a formula giving text is still counted.
    sheet["A4"], sheet["B4"] = "Claims", f"=COUNTA({claims})-COUNT({claims})"
    sheet["A5"], sheet["B5"] = "Share checked", f'=IF(B4=0,0,COUNTIF({status},"Checked")/B4)'
    sheet["B5"].number_format = "0%"
    sheet["A6"], sheet["B6"] = "Checked before", f"=COUNTA({earlier})"
    sheet["C6"] = f'=COUNTIF({earlier},"{FIGURES_DIFFER}*")'
    sheet["C6"].number_format = '0" with other figures";-0;""'  # as the run reports it; nothing where none
    row = 7

    def block(title: str, labels: Sequence[str], formula, rest: str | None) -> tuple[int, int]:
        nonlocal row
        sheet.cell(row=row, column=1, value=title).font = bold_font()
        first = row + 1
        for offset, label in enumerate(labels, start=first):
            sheet.cell(row=offset, column=1, value=label)
            sheet.cell(row=offset, column=2, value=formula(label))
        last = first + len(labels) - 1
        if rest:
            last += 1
            sheet.cell(row=last, column=1, value=rest)
            sheet.cell(row=last, column=2, value=f"=B4-SUM(B{first}:B{last - 1})")
        row = last + 2
        return first, last

    block("By status", STATUSES, lambda s: f'=COUNTIF({status},"{s}")', "(not started)")
    verdicts = block("By verdict", VERDICTS, lambda v: f'=COUNTIF({verdict},"{v}")', "(no verdict yet)")
    kinds_first, _ = block("By kind", KINDS, lambda k: f'=COUNTIF({kind},"{k}")', None)
    sheet.cell(row=kinds_first - 1, column=3, value="checked").font = bold_font()
    for offset, label in enumerate(KINDS, start=kinds_first):
        sheet.cell(row=offset, column=3, value=f'=COUNTIFS({kind},"{label}",{status},"Checked")')
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["C"].width = 20  # "12 with other figures"; a number too wide shows as ###

    chart = BarChart()
    chart.type = "bar"
    chart.title = "Verdicts"
    chart.legend = None
    first, last = verdicts[0], verdicts[1] - 1  # the verdicts themselves, without "(no verdict yet)"
    chart.add_data(Reference(sheet, min_col=2, min_row=first, max_row=last))
    chart.set_categories(Reference(sheet, min_col=1, min_row=first, max_row=last))
    chart.height, chart.width = 7.5, 11
    sheet.add_chart(chart, "D4")
    guard(sheet, [SHEET_AREA], GUARD_SHEET_MESSAGE)
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def rewrite_summary(workbook, renamed: Mapping[str, str] | None = None) -> None:
    """Make the Summary sheet again where it is (openpyxl does not load its chart); ``renamed``
    as in ``PreviousWorkbook``, for the name of the Claims sheet its formulas count."""
    _write_summary(_sheet_made_again(workbook, SUMMARY), header_numbers(workbook[CLAIMS]), (renamed or {}).get(CLAIMS, CLAIMS))


def write_conflicts(workbook, rows: Iterable[Sequence[Mapping[str, Any]]]) -> None:
    """Add conflicts (each a group of rows, one per value) to the Conflicts sheet, after earlier
    ones; a conflict whose values are all listed for its cell already (the same copies merged
    again) is not listed twice."""
    earlier = _rows(workbook, CONFLICTS, CONFLICT_COLUMNS) if CONFLICTS in workbook.sheetnames else []
    listed = {_conflict_value(r) for r in earlier}
    new = [r for group in rows if not all(_conflict_value(r) in listed for r in group) for r in group]
    sheet = _sheet_made_again(workbook, CONFLICTS, workbook.sheetnames.index(ABOUT) if ABOUT in workbook.sheetnames else None)
    _write_table(sheet, CONFLICT_COLUMNS, [*earlier, *new], {}, CellStyles())
    guard(sheet, [SHEET_AREA], GUARD_SHEET_MESSAGE)


def _conflict_value(row: Mapping[str, Any]) -> tuple[str, ...]:
    """A Conflicts row's cell (claim ID and column) and value."""
    return tuple(str(row.get(key) or "").strip() for key in ("claim_id", "column", "value"))


def append_history(workbook, entry: Mapping[str, Any]) -> None:
    """Add one line to the run history on About."""
    sheet = workbook[ABOUT]
    header = next((r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == HISTORY_COLUMNS[0].header), None)
    if header is None:
        return
    row = header + 1
    while sheet.cell(row, 1).value not in (None, ""):
        row += 1
    for index, column in enumerate(HISTORY_COLUMNS, start=1):
        _set_value(sheet.cell(row, index), column, entry.get(column.key), f"{ABOUT} history")


def _write_about(sheet, content: WorkbookContent) -> None:
    from openpyxl.styles import Alignment

    sheet["A1"] = ABOUT_TITLE
    sheet["A1"].font = bold_font(14)
    sheet["A2"] = (
        "Claims lists the sentences worth checking. Fill the yellow columns; the grey ones belong to "
        "the tool and are rewritten on every run. Run factcheck again on the same article and workbook "
        "to bring in an edited article: what you typed is carried over."
    )
    sheet["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells("A2:G2")
    sheet.row_dimensions[2].height = 48
    guard(sheet, [SHEET_AREA], GUARD_SHEET_MESSAGE)
    row = 4
    if content.losses:
        sheet.cell(row=row, column=1, value="Not carried").font = bold_font()
        lost = "; ".join(content.losses) + " (dropped by a run with --force; the backup in .history/ still has them)"
        sheet.cell(row=row, column=2, value=cell_text(lost, f"{ABOUT} losses")).data_type = "s"
        row += 1
    for name, value in content.properties.items():
        sheet.cell(row=row, column=1, value=name.removeprefix(PROPERTY_PREFIX)).font = bold_font()
        sheet.cell(row=row, column=2, value=cell_text(str(value), f"{ABOUT} {name}")).data_type = "s"
        row += 1
    row += 1
    sheet.cell(row=row, column=1, value="Run history").font = bold_font(12)
    for index, column in enumerate(HISTORY_COLUMNS, start=1):
        sheet.cell(row=row + 1, column=index, value=column.header).font = bold_font()
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = column.width
        for offset, entry in enumerate(content.history, start=2):
            cell = sheet.cell(row=row + offset, column=index)
            _set_value(cell, column, entry.get(column.key), f"{ABOUT} history")
            cell.alignment = Alignment(wrap_text=column.wrap, vertical="top")


def _set_properties(workbook, properties: Mapping[str, str], first_run: bool) -> None:
    """The tool's custom properties; on a first run, the file's author and title too (after
    that, what a reviewer gives them in File > Properties is theirs)."""
    from openpyxl.packaging.custom import StringProperty

    if first_run:
        workbook.properties.creator, workbook.properties.title = "factcheck", ABOUT_TITLE
    custom = workbook.custom_doc_props
    custom.props = [p for p in custom.props if not p.name.startswith(PROPERTY_PREFIX)]  # a reviewer's own stay
    for name, value in properties.items():
        workbook.custom_doc_props.append(StringProperty(name=name, value=str(value)))


# A run killed mid-write leaves its temporary file behind; the next run that writes the same
# workbook removes those once they are this old, so a run still writing beside it is never disturbed.
STALE_TEMPORARY_SECONDS = 3600
TEMPORARY_SUFFIX = ".tmp.xlsx"
TEMPORARY_NAME = re.compile(rf"\.(?P<stem>.+)\.[a-z0-9_]{{8}}{re.escape(TEMPORARY_SUFFIX)}")


def save_atomically(workbook, path: Path) -> None:
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary = folder / f".{path.stem}.{secrets.token_hex(4)}{TEMPORARY_SUFFIX}"
        # Created like any new file, so the umask decides its mode (mkstemp would make it private).
        os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    except OSError as exc:
        raise WorksheetError(f"cannot write in {folder}: {exc.strerror or exc}") from None
    try:
        save_workbook(workbook, temporary)
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)  # the mode the reviewer's workbook had
        os.replace(temporary, path)
    except OSError as exc:
        raise WorksheetError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def save_workbook(workbook, path: Path) -> None:
    """Save as openpyxl's ``Workbook.save`` does, but with each sheet's XML in memory unless it is big.

    openpyxl writes each sheet to a temporary file of its own, copies it into the zip and
    deletes it: seven files made for every workbook, a quarter of the time to save one.
    """
    workbook.properties.modified = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    with WorkbookArchive(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        _spooling_writer()(workbook, archive).write_data()


WORKBOOK_RELATIONS = "xl/_rels/workbook.xml.rels"


class WorkbookArchive(zipfile.ZipFile):
    """The zip a workbook is saved into, adding ``workbook_relations`` to the workbook's own
    relations as they are written: openpyxl's WorkbookWriter has no place for a part it does not
    know (the people of Excel 365's threaded comments)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.workbook_relations: list = []  # openpyxl Relationships

    def writestr(self, name, data, *args, **kwargs):
        if name == WORKBOOK_RELATIONS and self.workbook_relations:
            from openpyxl.packaging.relationship import RelationshipList
            from openpyxl.xml.functions import fromstring, tostring

            relations = RelationshipList.from_tree(fromstring(data))
            for relation in self.workbook_relations:
                relations.append(relation)
            data = tostring(relations.to_tree())
        super().writestr(name, data, *args, **kwargs)


SHEET_XML_IN_MEMORY = 1 << 20  # bytes of a sheet's XML held in memory before it goes to a file


@cache
def _spooling_writer():
    """openpyxl's ``ExcelWriter``, writing each sheet's XML to a spooled temporary file."""
    from openpyxl.comments.comment_sheet import CommentSheet
    from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
    from openpyxl.packaging.relationship import Relationship, RelationshipList, get_rels_path
    from openpyxl.worksheet._writer import WorksheetWriter
    from openpyxl.worksheet.related import Related
    from openpyxl.writer.excel import ExcelWriter
    from openpyxl.xml.functions import tostring

    from .notes import KeptNote, formatted_notes, shown_notes
    from .threads import PEOPLE, PEOPLE_PATH, PEOPLE_TYPE, THREADS, THREADS_TYPE, people_xml, threads_xml, tied_notes

    @dataclass(frozen=True, slots=True)
    class ThreadsPart:  # what openpyxl's manifest needs of a part: where it is and its content type
        path: str
        mime_type: str

    class SheetWriter(WorksheetWriter):
        def write_drawings(self):
            # openpyxl links a drawing only when it holds charts or images; a carried one may
            # hold text boxes alone.
            if not isinstance(self.ws._drawing, DrawingPart):
                return super().write_drawings()
            relation = Relationship(type="drawing", Target="")
            self._rels.append(relation)
            self.xf.send(Related(id=relation.id).to_tree("drawing"))

    class SpoolingWriter(ExcelWriter):
        _carried_parts = 0  # charts and their parts carried from the reviewer's file, numbered

        def __init__(self, workbook, archive):
            super().__init__(workbook, archive)
            self._threads: dict[str, Thread] = {}  # written so far, by id: Excel wants each once

        def _write_worksheets(self):
            super()._write_worksheets()
            if self._threads:
                self._archive.writestr(PEOPLE_PATH[1:], people_xml(self._threads.values()))
                self.manifest.append(ThreadsPart(PEOPLE_PATH, PEOPLE_TYPE))
                self._archive.workbook_relations.append(Relationship(Id="people", Type=PEOPLE, Target=PEOPLE_PATH))

        def write_worksheet(self, ws):
            # The steps of ExcelWriter.write_worksheet, but for where the sheet's XML goes, and
            # the drawing carried from the reviewer's file in place of openpyxl's.
            carried = carried_drawing(ws)
            if carried is not None:
                ws._drawing = DrawingPart(carried)
            else:
                ws._drawing = SpreadsheetDrawing()
                ws._drawing.charts, ws._drawing.images = ws._charts, ws._images
            with tempfile.SpooledTemporaryFile(SHEET_XML_IN_MEMORY) as xml:
                sheet_writer = SheetWriter(ws, out=xml)
                sheet_writer.write()
                xml.seek(0)
                with self._archive.open(ws.path[1:], "w") as member:
                    shutil.copyfileobj(xml, member)
            ws._rels = sheet_writer._rels
            self.manifest.append(ws)

        def _write_chartsheets(self):
            # The steps of ExcelWriter._write_chartsheets, with the drawing carried from the
            # reviewer's file (a chart moved to a sheet of its own, in Excel) in place of the one
            # openpyxl makes of its chart model, which ``keep_drawing`` emptied.
            for number, sheet in enumerate(self.workbook.chartsheets, start=1):
                sheet._id = number
                xml = tostring(sheet.to_tree())  # names its drawing rId1
                carried = carried_drawing(sheet)
                if carried is None and not sheet._charts:
                    carried = NO_ANCHORS  # a chart sheet left without its chart still names a drawing
                if carried is not None:
                    sheet._drawing = DrawingPart(carried)
                self._archive.writestr(sheet.path[1:], xml)
                self.manifest.append(sheet)
                if sheet._drawing:
                    self._write_drawing(sheet._drawing)
                    relations = RelationshipList()
                    relations.append(Relationship(type="drawing", Target=sheet._drawing.path))
                    self._archive.writestr(get_rels_path(sheet.path[1:]), tostring(relations.to_tree()))

        def _write_drawing(self, drawing):
            if not isinstance(drawing, DrawingPart):
                return super()._write_drawing(drawing)
            # The steps of ExcelWriter._write_drawing, with the carried XML as it was.
            self._drawings.append(drawing)
            drawing._id = len(self._drawings)
            for picture in drawing.images:
                self._images.append(picture)
                picture._id = len(self._images)
            for part in drawing.parts:
                self._carried_parts += 1
                part._id = self._carried_parts
            self._archive.writestr(drawing.path[1:], drawing.xml)
            self._archive.writestr(get_rels_path(drawing.path)[1:], drawing.relations_xml())
            self.manifest.append(drawing)
            for part in drawing.parts:
                self._archive.writestr(part.path[1:], part.part.data)
                if (relations := part.relations_xml()) is not None:
                    self._archive.writestr(get_rels_path(part.path)[1:], relations)
                self.manifest.append(part)

        def _write_comment(self, ws):
            # The steps of ExcelWriter._write_comment (no macros are kept, so there is no VML of
            # theirs to add to), with what openpyxl keeps nothing of written again (notes.py):
            # the notes shown all the time shown, formatted text, and Excel 365's threads.
            notes = CommentSheet.from_comments(ws._comments)
            self._comments.append(notes)
            notes._id = len(self._comments)
            kept = {place: cell for place, cell in ws._cells.items() if isinstance(cell.comment, KeptNote)}
            threads = {}
            for cell in kept.values():
                thread = cell.comment.thread
                if thread is not None and thread.id not in self._threads:
                    threads[cell.coordinate] = self._threads[thread.id] = thread
            formatted = {cell.coordinate: cell.comment.formatted for cell in kept.values() if cell.comment.formatted}
            self._archive.writestr(notes.path[1:], tied_notes(formatted_notes(tostring(notes.to_tree()), formatted), threads))
            self.manifest.append(notes)
            if threads:
                # Each thread where its note is now, as Excel 365 reads it beside the note.
                path = f"/xl/threadedComments/threadedComment{notes._id}.xml"
                self._archive.writestr(path[1:], threads_xml(threads))
                self.manifest.append(ThreadsPart(path, THREADS_TYPE))
                ws._rels.append(Relationship(Id="threads", Type=THREADS, Target=path))
            ws.legacy_drawing = f"xl/drawings/commentsDrawing{notes._id}.vml"
            shown = {place: cell.comment.box for place, cell in kept.items() if cell.comment.shown}
            self._archive.writestr(ws.legacy_drawing, shown_notes(notes.write_shapes(None), shown))
            self.vba_modified.add(ws.legacy_drawing)
            ws._rels.append(Relationship(Id="comments", type=notes._rel_type, Target=notes.path))

    return SpoolingWriter


def remove_stale_temporaries(workbooks: Iterable[Path]) -> None:
    """Delete the temporary files that killed runs left beside these workbooks, by their name
    pattern, once they are ``STALE_TEMPORARY_SECONDS`` old.

    Each folder is listed once, so a batch calls this once for all its workbooks: once per
    save, a folder of 10,000 workbooks took 5 ms a save to list.
    """
    stems_by_folder: dict[Path, set[str]] = {}
    for path in workbooks:
        stems_by_folder.setdefault(path.parent, set()).add(path.stem)
    cutoff = time.time() - STALE_TEMPORARY_SECONDS
    for folder, stems in stems_by_folder.items():
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue  # no folder yet, so nothing left in it
        for entry in entries:
            name = TEMPORARY_NAME.fullmatch(entry.name)
            try:
                if name and name["stem"] in stems and entry.stat().st_mtime < cutoff:
                    os.unlink(entry.path)
            except OSError:
                pass  # another run removed it first, or it is not ours to remove: harmless either way


LOCK_FILE_PATTERNS = ("~${name}", ".~lock.{name}#")  # Excel's, then LibreOffice's
BACKUP_FOLDER = ".history"
BACKUPS_KEPT = 20


@dataclass(frozen=True, slots=True)
class PreviousWorkbook:
    """What a workbook from an earlier run holds that the next run must carry forward."""

    claims: list[dict[str, Any]]
    retired: list[dict[str, Any]]
    # Sentences row (claim ID, or "text:" and the sentence for a piece never scored) -> sentence,
    # where a reviewer set "Add as claim"
    added_sentences: dict[str, str]
    history: list[dict[str, Any]]
    added_columns: tuple[Column, ...] = ()
    sentences: list[dict[str, Any]] = field(default_factory=list)  # read only when the workbook is kept
    sources: list[dict[str, Any]] = field(default_factory=list)
    own_columns: dict[str, tuple[Column, ...]] = field(default_factory=dict)  # reviewers' on Sentences, Sources
    book: Any = None  # the whole openpyxl workbook, when kept for the next run to rewrite in place
    losses: tuple[str, ...] = ()  # what openpyxl cannot carry, when the caller accepted losing it
    base: dict[str, dict[str, Any]] = field(default_factory=dict)  # claim ID -> Base row: as last written
    workbook_id: str = ""  # WORKBOOK_ID_PROPERTY, empty when an older factcheck wrote it
    article_date: dt.date | None = None  # ARTICLE_DATE_PROPERTY, and what gave it
    article_date_from: str = ""
    # Tool title -> the name a reviewer gave that sheet. A kept ``book`` has the tool's titles
    # while the tool works on it; ``give_back_names`` restores the reviewer's before saving.
    renamed: dict[str, str] = field(default_factory=dict)


def file_state(path: Path) -> tuple[int, int] | None:
    """(modification time, size) of a file, None when absent: enough to tell it was re-saved."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return stat.st_mtime_ns, stat.st_size


def refuse_if_open(path: Path) -> None:
    """Refuse to touch a workbook that Excel or LibreOffice has open (its lock file is beside it)."""
    for pattern in LOCK_FILE_PATTERNS:
        lock = path.with_name(pattern.format(name=path.name))
        if lock.exists():
            raise WorksheetError(f"{path} is open in a spreadsheet program ({lock.name} is beside it); close it and run again")


# What a damaged or hostile part raises while its rows are read: defusedxml's refusals of
# entities and DTDs are ValueErrors, a bad CRC is a BadZipFile, a missing part a KeyError, a
# compression zipfile does not know (Deflate64) a NotImplementedError.
UNREADABLE_PART = (ValueError, ParseError, zipfile.BadZipFile, zlib.error, EOFError, KeyError, NotImplementedError)
DRAWING_ON_REMADE_SHEET = "pictures, charts, text boxes or shapes (the sheet is made again on every run: put them on a sheet of your own)"


def read_previous_workbook(path: str | Path, *, keep: bool = False, accept_loss: bool = False) -> PreviousWorkbook:
    """Read a factcheck workbook by header names, for merging; refuse anything else.

    Raises ``ForeignWorkbookError`` for a file factcheck did not write (or a damaged one), and
    ``WorksheetError`` naming the column when a reviewer column is missing or renamed, or
    naming the sizes when the file would inflate past ``MAX_UNCOMPRESSED_BYTES``.
    Formulas are never evaluated, and defusedxml (a dependency) refuses XML entity tricks.

    With ``keep`` the whole workbook is loaded and kept (``book``), with formulas as formulas,
    for a run to rewrite in place; rows then record where they were read (``ORIGIN``). A
    workbook holding parts openpyxl would drop is refused with ``UncarriedPartsError``
    unless ``accept_loss``; the parts are then named in ``losses``.

    Tool sheets a reviewer renamed are found by what they hold (``renamed_tool_sheets``) and
    read as the tool's; a kept ``book`` has the tool's titles until ``give_back_names``.
    """
    from openpyxl import load_workbook

    from .notes import keep_note_looks
    from .pivots import ON_TOOL_SHEET, UNREADABLE, keep_pivots
    from .threads import THREADED_COMMENTS, keep_threads

    path = Path(path)
    try:
        file = open(path, "rb")
    except OSError as exc:
        raise WorksheetError(f"cannot read {path}: {exc.strerror or exc}") from None
    # One open file for the check and the load, so what is checked is what is read.
    with file:
        refuse_zip_bomb(path, file)
        carried = inspect_parts(file) if keep else CarriedParts()
        losses = list(carried.losses)
        # Refused before loading, since openpyxl may not load the file at all; but a chart may
        # be the tool's own on a Summary a reviewer renamed, which is known once it is read.
        if any(part.part != CHART for part in losses):
            refuse_uncarried_parts(path, losses, accept_loss)
        file.seek(0)
        try:
            if keep:
                # openpyxl says what it drops only in warnings: each is a loss, refused as the others.
                with warnings.catch_warnings(record=True) as announced:
                    warnings.simplefilter("always")
                    workbook = load_workbook(loadable(file), rich_text=True)
                losses = [*losses, *announced_losses([str(w.message) for w in announced])]
                for title, drawing in carried.drawings.items():
                    keep_drawing(workbook[title], drawing)
                keep_note_looks(workbook, carried.note_looks)
                losses += [UncarriedPart(title, THREADED_COMMENTS) for title in sorted(keep_threads(workbook, carried.threads))]
                losses += [UncarriedPart(title, UNREADABLE) for title in sorted(keep_pivots(workbook, carried.pivots, carried.refused_pivots))]
            else:
                # data_only: a formula's cached value is read, the formula never evaluated.
                workbook = load_workbook(file, read_only=True, data_only=True)
        except Exception:  # openpyxl raises many types for a damaged or foreign file
            raise unreadable_workbook(path) from None
        try:
            previous = _read_open_workbook(path, workbook, keep)
        except UNREADABLE_PART as exc:
            # Read-only mode parses sheets lazily, so damage inside one shows only now.
            raise ForeignWorkbookError(f"{path} is not a factcheck worksheet (a damaged or unsafe part: {type(exc).__name__})") from None
        finally:
            if not keep:
                workbook.close()
        if not keep:
            return previous
        summary = previous.renamed.get(SUMMARY)
        losses = [part for part in losses if not (part.part == CHART and part.sheet == summary)]
        tables = [previous.renamed.get(title, title) for title in (CLAIMS, RETIRED, SENTENCES, SOURCES)]
        losses += filter(None, (values_without_header(workbook[title]) for title in tables if title in workbook.sheetnames))
        summary_title = previous.renamed.get(SUMMARY, SUMMARY)
        remade = [summary_title, previous.renamed.get(ABOUT, ABOUT), CHECKED_BEFORE, CONFLICTS]
        losses += filter(None, (comments_on_remade_sheet(workbook[title]) for title in remade if title in workbook.sheetnames))
        losses += [
            UncarriedPart(title, DRAWING_ON_REMADE_SHEET)
            for title in remade
            if title in carried.drawings and not (title == summary_title and is_summary_chart(carried.drawings[title]))
        ]
        tool_sheets = {previous.renamed.get(title, title) for title in TOOL_SHEETS}
        on_tool_sheets = [title for title in carried.pivots if title in tool_sheets]
        losses += [UncarriedPart(title, ON_TOOL_SHEET) for title in on_tool_sheets]
        refuse_uncarried_parts(path, losses, accept_loss)
        for title in on_tool_sheets:  # going on without them (--force), as the run reports
            workbook[title]._pivots.clear()
        use_tool_names(workbook, previous.renamed)
        return replace(previous, book=workbook, losses=tuple(part.describe() for part in losses))


# What a reviewer may have saved a workbook as instead of .xlsx, by suffix.
OTHER_SPREADSHEETS = {
    ".ods": "an OpenDocument spreadsheet",
    ".xls": "an Excel 97-2003 workbook",
    ".xlsb": "a binary Excel workbook",
    ".numbers": "a Numbers spreadsheet",
}


def unreadable_workbook(path: Path) -> ForeignWorkbookError:
    """The refusal of a file that is no .xlsx workbook, saying how to save one that is where
    its suffix names another spreadsheet format."""
    kind = OTHER_SPREADSHEETS.get(path.suffix.lower())
    if kind:
        return ForeignWorkbookError(
            f"{path} is {kind}; factcheck reads and writes .xlsx workbooks: save it as Excel 2007-365 (.xlsx) "
            "in your spreadsheet program and give that file"
        )
    return ForeignWorkbookError(f"{path} is not a factcheck worksheet (not a readable .xlsx workbook)")


class UncarriedPartsError(WorksheetError):
    """A workbook holds parts (macros, slicers...) that a rewrite would drop."""


@dataclass(frozen=True)
class CarriedParts:
    """What a workbook holds that openpyxl would drop, by sheet title: what a run cannot carry
    (``losses``), and the drawings, the notes' boxes, the threaded comments and the pivot
    tables it carries past openpyxl (``refused_pivots``: the sheets whose pivot tables it
    cannot, named in ``losses``)."""

    losses: list[UncarriedPart] = field(default_factory=list)
    drawings: dict[str, Drawing] = field(default_factory=dict)
    note_looks: dict[str, dict[tuple[int, int], NoteLook]] = field(default_factory=dict)
    threads: dict[str, dict[tuple[int, int], Thread]] = field(default_factory=dict)
    pivots: dict[str, list[PivotParts]] = field(default_factory=dict)
    refused_pivots: frozenset[str] = frozenset()


def inspect_parts(file) -> CarriedParts:
    """The parts of the workbook in ``file`` that openpyxl would drop, and those to carry past
    it (none found in a damaged file: the load that follows refuses it)."""
    from .notes import sheet_note_looks
    from .pivots import sheet_pivots
    from .threads import THREADED_COMMENTS, sheet_threads

    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            drawings = sheet_drawings(archive)
            carried = {title: drawing for title, (drawing, _) in drawings.items() if drawing is not None and drawing.anchors}
            threads, unreadable = sheet_threads(archive)
            pivots, refused_pivots = sheet_pivots(archive)
            losses = [
                *uncarried_parts(archive, drawings),
                *(UncarriedPart(title, THREADED_COMMENTS) for title in sorted(unreadable)),
                *(UncarriedPart(title, part) for title, part in refused_pivots.items()),
            ]
            return CarriedParts(losses, carried, sheet_note_looks(archive), threads, pivots, frozenset(refused_pivots))
    except (zipfile.BadZipFile, ValueError, KeyError, EOFError, OSError, zlib.error, NotImplementedError):
        return CarriedParts()


def refuse_uncarried_parts(path: Path, parts: Sequence[UncarriedPart], accept_loss: bool) -> None:
    """Refuse a workbook holding ``parts`` that a rewrite would drop, unless ``accept_loss``."""
    if parts and not accept_loss:
        named = "; ".join(part.describe() for part in parts)
        raise UncarriedPartsError(
            f"{path} holds what factcheck cannot carry into the next version: {named}; nothing was changed. "
            "Move it to another file, or run with --force to go on without it (a backup is kept in .history/)"
        )


# Uncompressed bytes that a workbook may hold; a factcheck workbook of a very long article is a
# few MB, so this is far above any real one and far below what would exhaust memory.
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
# Text XML compresses about 10:1, a sheet of repeated cells perhaps 100:1; a member over
# RATIO_CHECKED_FROM bytes that inflates more than this is a zip bomb.
MAX_COMPRESSION_RATIO = 200
RATIO_CHECKED_FROM = 1024 * 1024


def refuse_zip_bomb(path: Path, file) -> None:
    """Refuse a workbook whose parts would inflate past the limits above, before openpyxl reads it.

    The sizes checked are the ones the zip declares: ``zipfile`` never inflates a member past its
    declared size, so a lying header cannot get more through.
    """
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError, NotImplementedError):
        # Not a zip at all: a truncated file, an encrypted workbook (an OLE2 file), anything else;
        # or one zipfile cannot read (a newer zip version).
        raise unreadable_workbook(path) from None
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise WorksheetError(
            f"{path} would inflate to {total:,} bytes ({os.fstat(file.fileno()).st_size:,} on disk), over the "
            f"{MAX_UNCOMPRESSED_BYTES:,}-byte limit for a workbook; refusing to read it"
        )
    for member in members:
        if member.file_size > RATIO_CHECKED_FROM and member.file_size > MAX_COMPRESSION_RATIO * member.compress_size:
            raise WorksheetError(
                f"{path}: its part {member.filename} would inflate from {member.compress_size:,} to "
                f"{member.file_size:,} bytes, over the {MAX_COMPRESSION_RATIO}:1 limit; refusing to read it"
            )


def _read_open_workbook(path: Path, workbook, keep: bool = False) -> PreviousWorkbook:
    if not _is_ours(workbook):
        raise ForeignWorkbookError(f"{path} is not a factcheck worksheet")
    renamed = renamed_tool_sheets(path, workbook)
    names = {title: renamed.get(title, title) for title in RENAMEABLE}  # each tool sheet's name here
    if names[CLAIMS] not in workbook.sheetnames:
        raise WorksheetError(
            f"{path} is a factcheck worksheet without its {CLAIMS} sheet (renamed or deleted?); "
            f"give the sheet its name back, or choose another output"
        )
    claims_rows = workbook[names[CLAIMS]].iter_rows(values_only=True)
    headers = header_texts(next(claims_rows, ()))
    _refuse_missing_headers(path, CLAIMS, headers)
    # A table whose headers are gone would be read as empty, and its rows' work lost; an
    # empty sheet holds nothing to lose.
    for title in (RETIRED, SENTENCES, SOURCES) if keep else (RETIRED,):
        first_row = _first_row(workbook, names[title])
        if first_row or names[title] in workbook.sheetnames and (workbook[names[title]].max_row or 1) > 1:
            _refuse_missing_headers(path, title, first_row)
    sentences = _rows(workbook, SENTENCES, SENTENCE_COLUMNS, keep, names[SENTENCES])
    retired_rows = workbook[names[RETIRED]].iter_rows(values_only=True) if names[RETIRED] in workbook.sheetnames else iter(())
    retired_headers = header_texts(next(retired_rows, ()))
    known = {c.header for c in RETIRED_COLUMNS}
    added = tuple(added_column(h) for h in dict.fromkeys([*headers, *retired_headers]) if h and h not in known)
    own = {title: own_columns(workbook, names[title], schema) for title, schema in ((SENTENCES, SENTENCE_COLUMNS), (SOURCES, SOURCE_COLUMNS))}
    claims = _keyed_rows(headers, claims_rows, (*CLAIM_COLUMNS, *added), CLAIMS if keep else None, spacing=True)
    retired = _keyed_rows(retired_headers, retired_rows, (*RETIRED_COLUMNS, *added), RETIRED if keep else None, spacing=True)
    base = {claim_id_of(r): r for r in _rows(workbook, BASE, base_sheet_columns(added)) if claim_id_of(r)}
    if keep and not base.keys() <= {claim_id_of(row) for row in (*claims, *retired)}:
        claims, retired = _without_blank_claim_rows(claims), _without_blank_claim_rows(retired)
    return PreviousWorkbook(
        claims=_with_marks(workbook, names[CLAIMS], claims) if keep else claims,
        retired=_with_marks(workbook, names[RETIRED], retired) if keep else retired,
        added_sentences={sentence_key(r): str(r.get("sentence") or "") for r in sentences if _is_yes(r.get("add_as_claim"))},
        history=_history_rows(workbook, names[ABOUT]),
        added_columns=added,
        base=base,
        sentences=_rows(workbook, SENTENCES, (*SENTENCE_COLUMNS, *own[SENTENCES]), keep, names[SENTENCES]) if keep else [],
        sources=_rows(workbook, SOURCES, (*SOURCE_COLUMNS, *own[SOURCES]), keep, names[SOURCES]) if keep else [],
        own_columns=own,
        workbook_id=_property(workbook, WORKBOOK_ID_PROPERTY),
        article_date=_date_property(_property(workbook, ARTICLE_DATE_PROPERTY)),
        article_date_from=_property(workbook, ARTICLE_DATE_FROM_PROPERTY),
        renamed=renamed,
    )


def _property(workbook, name: str) -> str:
    """A custom document property's value; "" where the workbook has none of that name."""
    return next((str(p.value) for p in workbook.custom_doc_props if p.name == name), "")


def _date_property(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:  # none, or typed over by a reviewer in File > Properties
        return None


def _refuse_missing_headers(path: Path, title: str, headers: Sequence[str]) -> None:
    for column in KEY_COLUMNS[title]:
        if column.header not in headers:
            raise WorksheetError(
                f"{path}: the {title} sheet has no {column.header!r} column in row 1 (renamed, deleted, or a row "
                "inserted above the headers?); restore the header or choose another output"
            )


def _first_row(workbook, title: str) -> list[str]:
    """The stripped headers in row 1 of sheet ``title`` (empty when there is no such sheet)."""
    if title not in workbook.sheetnames:
        return []
    return [h for h in header_texts(next(workbook[title].iter_rows(max_row=1, values_only=True), ())) if h]


def own_columns(workbook, title: str, schema: Sequence[Column]) -> tuple[Column, ...]:
    """The columns a reviewer added to one of our tables, found by header."""
    known = {c.header for c in schema}
    return tuple(added_column(h) for h in dict.fromkeys(_first_row(workbook, title)) if h not in known)


class ForeignWorkbookError(WorksheetError):
    """An existing output file that factcheck did not write."""


def _is_ours(workbook) -> bool:
    """Our marker property, or, where a spreadsheet program dropped it, our About sheet (under
    any name: a reviewer may have renamed it)."""
    if MARKER_PROPERTY in {p.name for p in workbook.custom_doc_props}:
        return True
    return any(ABOUT in looks_like(sheet) for sheet in workbook.worksheets)


def _is_yes(value: Any) -> bool:
    return str(value or "").strip().lower() in {"yes", "y", "true", "1"}


def _keyed_rows(
    headers: list[str], rows, columns: Sequence[Column], origin: str | None = None, spacing: bool = False
) -> list[dict[str, Any]]:
    """Rows as dicts keyed by column key, found by header; blank rows skipped. With ``origin``
    (the sheet's title) each row records where it was read, under ``ORIGIN``; with ``spacing``
    too, a blank row with a filled row below it is kept, empty (a reviewer's gap between groups
    of claims or above a total; ``_without_blank_claim_rows`` drops those among the claims)."""
    keys = {c.header: c.key for c in columns}
    positions = {keys[h]: i for i, h in enumerate(headers) if h in keys}
    keyed: list[dict[str, Any]] = []
    gaps: list[dict[str, Any]] = []  # blank rows with a filled one below
    waiting: list[dict[str, Any]] = []  # blank rows since the last filled one
    for number, row in enumerate(rows, start=2):
        if any(filled(v) for v in row):
            values = {key: row[i] if i < len(row) else None for key, i in positions.items()}
            if origin:
                values[ORIGIN] = (origin, number)
            gaps += waiting
            keyed.append(values)
            waiting = []
        elif origin and spacing:
            waiting.append(dict.fromkeys(positions) | {ORIGIN: (origin, number)})
    return sorted([*keyed, *gaps], key=lambda r: r[ORIGIN][1]) if gaps else keyed


def _without_blank_claim_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``rows`` without the blank ones among the claims (above the last row naming one): once a
    claim has gone from the sheets, a blank row there is most often its row, its cells cleared."""
    last_claim = max((row[ORIGIN][1] for row in rows if filled(row.get("claim"))), default=0)
    return [row for row in rows if row[ORIGIN][1] > last_claim or any(filled(v) for k, v in row.items() if k != ORIGIN)]


def _with_marks(workbook, name: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``rows`` (read with ``ORIGIN`` from the sheet ``name``), each whose cells a reviewer
    commented or coloured, on which they put a picture or text box, or a cell of which their
    formula, link or name reads (``references.rows_read``), ``MARKED``."""
    if rows:
        marked = marked_rows(workbook[name], TOOL_CELL_FILL) | drawn_rows(workbook[name]) | rows_read(workbook, name)
        for row in rows:
            if row[ORIGIN][1] in marked:
                row[MARKED] = True
    return rows


def _rows(workbook, title: str, columns: Sequence[Column], keep: bool = False, name: str | None = None) -> list[dict[str, Any]]:
    """The rows of the table ``title``, read from the sheet ``name`` (default ``title``: the
    name a reviewer gave it, where they renamed it); with ``keep``, each records ``ORIGIN``."""
    name = name or title
    if name not in workbook.sheetnames:
        return []
    rows = workbook[name].iter_rows(values_only=True)
    keyed = _keyed_rows(header_texts(next(rows, ())), rows, columns, title if keep else None)
    return _with_marks(workbook, name, keyed) if keep else keyed


def _history_rows(workbook, name: str = ABOUT) -> list[dict[str, Any]]:
    """The run history table on About (the sheet ``name``), found by its first header."""
    if name not in workbook.sheetnames:
        return []
    rows = workbook[name].iter_rows(values_only=True)
    for row in rows:
        if row and row[0] == HISTORY_COLUMNS[0].header:
            return _keyed_rows(header_texts(row), rows, HISTORY_COLUMNS)
    return []


def back_up(path: Path, now: dt.datetime) -> Path:
    """Copy ``path`` into ``.history/<its stem>/`` beside it, keeping the newest ``BACKUPS_KEPT`` copies."""
    # A folder for each workbook's copies: keeping the newest lists only those, where one
    # .history for a batch's 10,000 workbooks would be listed whole on every save.
    folder = path.parent / BACKUP_FOLDER / path.stem
    backup = folder / f"{path.stem}.{now.strftime('%Y%m%d-%H%M%S-%f')}{path.suffix}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, backup)
    except OSError as exc:
        raise WorksheetError(f"cannot back up {path} into {folder}: {exc.strerror or exc}") from None
    for old in sorted(folder.glob(f"{glob.escape(path.stem)}.*{path.suffix}"))[:-BACKUPS_KEPT]:
        old.unlink()
    return backup


def read_worksheet(path: str | Path):
    """The Claims rows of a factcheck workbook as a pandas DataFrame, columns keyed as in ``columns.py``."""
    import pandas as pd

    frame = pd.DataFrame(read_previous_workbook(path).claims, columns=[c.key for c in CLAIM_COLUMNS])
    frame["verdict"] = [None if value is None else verdict_name(value) for value in frame["verdict"]]
    return frame
