"""Cell references in a reviewer's formulas, moved with the rows of the tool's tables.

A re-run writes each claim, sentence and source on the row where it now belongs, as if rows
had been inserted, deleted and moved. A spreadsheet program moves the references in formulas
when it moves rows; openpyxl does not. So a formula that points into a tool table, on a sheet
of the reviewer's own or in a reviewer cell, is given the rows its references now mean: a cell
follows its claim (onto Retired too), and a range runs from where its first row went to where
its last went; a range over every row of a table grows with it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from copy import copy
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .carry import TableMove, at_cell, header_numbers, last_filled_row, last_listed_row, move_page_breaks, tool_colour_scale, tool_validation
from .drawings import carried_drawing, keep_drawing, move_drawings, with_chart_ranges
from .row_alignment import after_inserting

MAX_ROW = 1_048_576  # the last row of a sheet, in Excel and LibreOffice
_SHEET = re.compile(r"^('(?:[^']|'')+'|[^'!:()\s\[\]]+)!")  # the sheet a reference names: 'Call log'!
_TABLE = re.compile(r"^([A-Za-z_\\][\w.\\]*)\[")  # an Excel table's structured reference: Table2[Verdict]
# A reference to a cell or a block of cells, perhaps on another sheet: 'Claims'!$N$2:$N$8.
REFERENCE = re.compile(
    r"^(?:(?P<sheet>'(?:[^']|'')+'|[^'!:()\s]+)!)?"
    r"(?P<abs1>\$?)(?P<letters1>[A-Z]{1,3})(?P<absrow1>\$?)(?P<row1>\d+)"
    r"(?::(?P<abs2>\$?)(?P<letters2>[A-Z]{1,3})(?P<absrow2>\$?)(?P<row2>\d+))?$"
)


def move_references(
    workbook,
    moves: Mapping[str, TableMove],
    headers_of: Callable[[str], Mapping[str, int]],
    renamed: Mapping[str, str],
    *,
    tool_rules_written: bool = True,
    ranges_follow_rows: bool = False,
) -> None:
    """Give every formula in ``workbook`` (in cells, names and print areas), every link to a
    place in it and every range a carried chart plots or a pivot table counts, the rows its
    references into the tool tables now mean.

    ``moves`` maps a tool table's title to its ``TableMove``, ``headers_of(title)`` gives each
    header's column on that sheet now, and ``renamed`` the name a reviewer gave a tool sheet
    (the one their formulas use). Formulas of conditional formats and drop-downs move too, and
    so do the tool's own drop-downs, colour scales and filter unless ``tool_rules_written`` (a
    run has just written them for its rows). A rule, drop-down, Excel table or filter over some
    rows of a tool table stays on its row numbers, as on a re-run, unless ``ranges_follow_rows``
    (rows inserted, as a spreadsheet program inserts them). A reference to a row that was not
    written again, a whole column, a name or another workbook is left as it is. A cell that
    went to another sheet with its row (a claim onto Retired) is read where it was written: its
    ``N3`` meant Claims.
    """
    if not moves:  # a first run: nothing moved
        return
    mover = ReferenceMover(moves, headers_of, renamed, renamed)
    written_on = {target: title for title, move in moves.items() for target in move.rows.values()}
    for name in workbook.defined_names.values():  # Formulas > Name Manager: "verdicts" = Claims!$N$2:$N$8
        if name.attr_text:
            name.attr_text = mover.reference(name.attr_text, "")
    for sheet in workbook.worksheets:
        move_sheet_references(sheet, mover, written_on, moves.get(sheet.title), tool_rules_written, ranges_follow_rows)
    for sheet in workbook.chartsheets:  # a chart moved to a sheet of its own, in Excel
        move_chart_ranges(sheet, mover)
    move_pivot_sources(workbook.worksheets, mover)


def move_sheet_references(
    sheet,
    mover: ReferenceMover,
    written_on: Mapping[tuple[str, int], str] | None = None,
    move: TableMove | None = None,
    tool_rules_written: bool = True,
    ranges_follow_rows: bool = False,
) -> None:
    """Move the references of ``sheet``'s formulas, links, rules, names, print area and chart
    ranges as ``mover`` moves them (the rest as ``move_references`` says): ``written_on`` gives
    the sheet a row's cells were written on when its claim came from another, ``move`` is
    where the sheet's own rows went when it is a tool table."""
    for (row, _), cell in sheet._cells.items():
        mover.move_cell(cell, (written_on or {}).get((sheet.title, row), sheet.title))
    _move_rules(sheet, mover, move, tool_rules_written, ranges_follow_rows)
    for name in sheet.defined_names.values():
        if name.attr_text:
            name.attr_text = mover.reference(name.attr_text, sheet.title)
    if sheet.print_area:  # a print area over the whole table prints the claims a run adds
        sheet.print_area = mover.reference(sheet.print_area, sheet.title)
    move_chart_ranges(sheet, mover)


def move_chart_ranges(sheet, mover: ReferenceMover) -> None:
    """Move the ranges the charts carried on ``sheet`` plot as ``mover`` moves them: a chart of
    the claims' scores plots them where they went."""
    if (drawing := carried_drawing(sheet)) is not None:
        keep_drawing(sheet, with_chart_ranges(drawing, lambda text: mover.reference(text, sheet.title)))


def move_pivot_sources(sheets, mover: ReferenceMover) -> None:
    """Give the source range of each pivot table on ``sheets`` the place ``mover`` gives it: a
    pivot table over every claim counts the claims a run adds."""
    from .pivots import move_source

    caches = {id(pivot.cache): pivot.cache for sheet in sheets for pivot in sheet._pivots}  # tables may share one
    for cache in caches.values():
        move_source(cache, lambda text: mover.reference(text, ""))


def insert_rows(workbook, title: str, inserted: Sequence[tuple[int, int]], renamed: Mapping[str, str], *, own_sheet: bool = False) -> None:
    """Insert empty rows into the tool table ``title`` of ``workbook``, as ``inserted`` says (each
    a row they go above and how many, as numbered before, from the top), as a spreadsheet
    program does: the cells below move down with their comments, links, row heights, merges
    and pictures, and formulas follow them (``move_references``, ``renamed`` as there). Rules,
    drop-downs, Excel tables and the filter over every row grow, the tool's own too; one over
    some rows moves down with them, or grows when the rows go inside it, as in Excel. A merge
    over a place rows go and the row above keeps only its rows above, so it never spans rows
    inserted. On a sheet of a reviewer's own (``own_sheet``), with no table the tool lists,
    each range is over some rows. All in one pass, however many places."""
    from openpyxl.worksheet.cell_range import CellRange
    from openpyxl.worksheet.dimensions import DimensionHolder

    sheet = workbook[title]
    # The last row to move: on a sheet of the reviewer's own, one holding a note or a look alone too.
    last_row = max((row for row, _ in sheet._cells), default=1) if own_sheet else last_filled_row(sheet)
    inserted = [(at, count) for at, count in inserted if at <= last_row]  # rows under the last move nothing
    if not inserted:
        return
    if own_sheet:  # its columns go by a name each, as in own_sheets._reading
        headers, last_listed = {str(column): column for column in range(1, sheet.max_column + 1)}, MAX_ROW + 1
    else:
        headers, last_listed = header_numbers(sheet), last_listed_row(sheet, title)
    shifted, first = after_inserting(inserted), inserted[0][0]
    move = TableMove(
        rows={row: (title, shifted(row)) for row in range(2, last_row + 1)},
        header_at={number: header for header, number in headers.items()},
        last_row=last_row,
        new_last_row=shifted(last_row),
        last_listed_row=last_listed,
        new_last_listed_row=shifted(last_listed) if last_listed <= MAX_ROW else last_listed,
    )
    merges = [CellRange(str(cells)) for cells in sheet.merged_cells.ranges if cells.max_row >= first]
    for cells in merges:
        sheet.unmerge_cells(str(cells))
    moved = {}
    for (row, column), cell in sheet._cells.items():
        if row >= first:
            cell.row = shifted(row)
            cell.value = at_cell(cell.value, cell)
            if cell.hyperlink is not None:
                cell.hyperlink.ref = cell.coordinate  # openpyxl writes a link where it was set
        moved[(cell.row, column)] = cell
    sheet._cells = moved
    dimensions = dict(sheet.row_dimensions)
    sheet.row_dimensions = DimensionHolder(worksheet=sheet, default_factory=sheet._add_row)
    for row, dimension in dimensions.items():
        dimension.index = shifted(row)
        sheet.row_dimensions[dimension.index] = dimension
    move_page_breaks(sheet, shifted)
    for cells in merges:
        inside = next((at for at, _ in inserted if cells.min_row < at <= cells.max_row), None)
        if inside is not None:  # keep its rows above the rows inserted
            cells = CellRange(min_col=cells.min_col, min_row=cells.min_row, max_col=cells.max_col, max_row=inside - 1)
        cells.shift(row_shift=shifted(cells.min_row) - cells.min_row)
        if cells.size["rows"] * cells.size["columns"] > 1:
            sheet.merge_cells(cells.coord)
    move_drawings(workbook, {title: move}, lambda _: headers)
    move_references(workbook, {title: move}, lambda _: headers, renamed, tool_rules_written=False, ranges_follow_rows=True)


def rows_read(workbook, name: str) -> set[int]:
    """The rows of the sheet ``name`` (below its header) that a reviewer's formula or link
    anywhere in ``workbook``, or a name they defined, reads one cell of (``=Claims!D5``, or
    ``=D5`` on that sheet): a claim a note reads is in use though its own cells hold nothing,
    and kept when it leaves the article, so that the note follows it to Retired rather than
    read the claim that takes its row. A range (``D2:D8``) reads no row in particular."""
    from openpyxl.formula.tokenizer import Token, Tokenizer, TokenizerError

    spelt = name.lower()

    def read(formula: str, here: str) -> set[int]:
        if here != name and spelt not in formula.lower():
            return set()  # names no cell of the sheet: not worth reading
        try:
            tokens = Tokenizer(formula).items
        except TokenizerError:
            return set()
        rows = set()
        for token in tokens:
            if token.type == Token.OPERAND and token.subtype == Token.RANGE and (match := REFERENCE.match(token.value)) and match["row2"] is None:
                sheet = _unquoted(match["sheet"]).lower() if match["sheet"] else here.lower()
                if sheet == spelt and int(match["row1"]) > 1:
                    rows.add(int(match["row1"]))
        return rows

    from openpyxl.worksheet.formula import ArrayFormula

    found: set[int] = set()
    for sheet in workbook.worksheets:
        for cell in sheet._cells.values():
            if cell.data_type == "f" and cell.value is not None:
                found |= read(cell.value.text if isinstance(cell.value, ArrayFormula) else str(cell.value), sheet.title)
            if cell.hyperlink is not None and cell.hyperlink.location:
                found |= read(f"={cell.hyperlink.location}", sheet.title)
        for defined in sheet.defined_names.values():
            found |= read(f"={defined.attr_text}", sheet.title) if defined.attr_text else set()
    for defined in workbook.defined_names.values():
        found |= read(f"={defined.attr_text}", "") if defined.attr_text else set()
    return found


@dataclass(frozen=True)
class ReferenceMover:
    """Moves the references of formulas written against tool tables whose rows moved.

    ``moves`` maps a tool table's title to where its rows went, ``headers_of(title)`` gives
    each header's column on the sheet they went to, ``names_read`` the name each tool sheet had
    where the formulas were written and ``names_written`` its name where they are going (they
    differ when a reviewer's copy is merged into the desk's workbook). ``sheets_renamed`` and
    ``tables_renamed`` give, by their old names in lower case, the new names of other sheets
    and of Excel tables (a copy's own sheet brought in under another name).
    """

    moves: Mapping[str, TableMove]
    headers_of: Callable[[str], Mapping[str, int]]
    names_read: Mapping[str, str]
    names_written: Mapping[str, str]
    sheets_renamed: Mapping[str, str] = field(default_factory=dict)
    tables_renamed: Mapping[str, str] = field(default_factory=dict)

    def move_cell(self, cell, here: str, *, formula: bool = True, link: bool = True) -> None:
        """Move the references of ``cell``'s formula and of its link to a place in the workbook
        (either only, when the other is not one these moves concern); ``here`` is the sheet the
        cell was written on, which its references without a sheet mean."""
        if formula and cell.data_type == "f" and cell.value is not None:
            cell.value = self.value(cell.value, here, cell.parent.title)
        if link and cell.hyperlink is not None and cell.hyperlink.location:
            cell.hyperlink.location = self.reference(cell.hyperlink.location, here, cell.parent.title)

    def value(self, value, here: str, now: str | None = None):
        """A cell's ``value`` with its references moved when it reads as a formula ("=...", or
        an array formula), else as it is."""
        from openpyxl.worksheet.formula import ArrayFormula

        if isinstance(value, ArrayFormula):
            return ArrayFormula(value.ref, self.formula(value.text, here, now))
        return self.formula(value, here, now) if isinstance(value, str) and value.startswith("=") else value

    def reference(self, text: str, here: str, now: str | None = None) -> str:
        """``text``, a formula without its "=" (a name's, a link's place, a range a chart
        plots), with its references moved as ``formula`` moves them."""
        return self.formula(f"={text}", here, now)[1:]

    def formula(self, formula: str, here: str, now: str | None = None, *, relative_rows: bool = True) -> str:
        """``formula``, written on sheet ``here`` and now on sheet ``now`` (``here`` when not given),
        with its references moved (without ``relative_rows``, only those whose rows are fixed with $)."""
        from openpyxl.formula.tokenizer import Token, Tokenizer, TokenizerError

        try:
            tokens = Tokenizer(formula)
        except TokenizerError:
            return formula
        changed = False
        for token in tokens.items:
            if token.type == Token.OPERAND and token.subtype == Token.RANGE:
                moved = self._reference(token.value, here, now or here, relative_rows)
                changed |= moved != token.value
                token.value = moved
        return tokens.render() if changed else formula

    def _reference(self, text: str, here: str, now: str, relative_rows: bool) -> str:
        from openpyxl.utils import column_index_from_string, get_column_letter

        if (table := _TABLE.match(text)) and table[1].lower() in self.tables_renamed:  # Table2[Verdict]
            return self.tables_renamed[table[1].lower()] + text[table.end(1):]
        if (prefix := _SHEET.match(text)) and _unquoted(prefix[1]).lower() in self.sheets_renamed:
            return f"{_in_formula(self.sheets_renamed[_unquoted(prefix[1]).lower()])}!{text[prefix.end():]}"
        match = REFERENCE.match(text)
        if match is None or not (relative_rows or match["absrow1"] and (match["row2"] is None or match["absrow2"])):
            return text
        sheet = match["sheet"]
        if sheet:
            title = self._titles.get(_unquoted(sheet).lower())
        else:
            title = here if here in self.moves else None
        # A reference without a sheet, in a cell that went to another sheet, keeps meaning the sheet it was written on.
        unmoved = text if sheet or here == now else f"{_in_formula(self._written(here))}!{text}"
        first = int(match["row1"])
        if title is None or (first == 1 and match["row2"] is None):
            return unmoved  # not a tool table, or a header
        move = self.moves[title]
        if match["row2"] is None:
            target, rows = _moved_cell(title, first, move)
        else:
            target, rows = title, _moved_range(title, first, int(match["row2"]), move)
        if rows is None:
            return unmoved
        headers = self.headers_of(target)
        old_columns = [column_index_from_string(letters) for letters in filter(None, (match["letters1"], match["letters2"]))]
        columns = [headers.get(move.header_at.get(number, ""), number) for number in old_columns]
        if columns[-1] - columns[0] != old_columns[-1] - old_columns[0]:
            return unmoved  # its columns were pulled apart
        if not sheet and target == now:
            prefix = ""
        elif sheet and target == title and self._written(title) == self._names[title]:
            prefix = f"{sheet}!"  # as the reviewer spelt it
        else:
            prefix = f"{_in_formula(self._written(target))}!"
        corners = [
            f"{match[f'abs{n}']}{get_column_letter(column)}{match[f'absrow{n}']}{row}" for n, column, row in zip((1, 2), columns, rows)
        ]
        return prefix + ":".join(corners)

    @cached_property
    def _names(self) -> dict[str, str]:
        """Each moved table's name where the formulas were written."""
        return {title: self.names_read.get(title, title) for title in self.moves}

    @cached_property
    def _titles(self) -> dict[str, str]:
        """Each moved table's title by its name there, in lower case (sheet names ignore case)."""
        return {name.lower(): title for title, name in self._names.items()}

    def _written(self, title: str) -> str:
        return self.names_written.get(title, title)


def _move_rules(sheet, mover: ReferenceMover, move: TableMove | None, tool_rules_written: bool, ranges_follow_rows: bool) -> None:
    """Move the ranges and formulas of ``sheet``'s conditional formats, drop-downs and Excel
    tables (``move``: where its rows went, when it is a tool table), and the tool's own unless
    ``tool_rules_written``.

    A rule's formula is read from the first cell of its range. On a tool table, a range over
    every row the tool listed grows with the table, keeping its first row, so only references
    with fixed rows ($D$2:$D$8) move and $N2 still means "this row"; a range over some rows
    stays on its row numbers, and its formula stays with it, unless ``ranges_follow_rows``:
    then it runs from where its first row went to where its last went, and every reference of
    its formula moves, as on a sheet of the reviewer's own.
    """

    def moved(text: str, grows: bool) -> str:
        return _rule_formula(text, sheet.title, mover, move, grows, ranges_follow_rows)

    def grown(ranges):
        return _grown(ranges, move, sheet.title if ranges_follow_rows else None)

    # On a tool table just written, the Score colour scale is the writer's new one (reset_table dropped the old).
    rules = sheet.conditional_formatting
    sheet.conditional_formatting = type(rules)()
    for formatting in rules:
        cells, grows = grown(formatting.sqref)
        for rule in formatting.rules:
            if tool_rules_written and move is not None and tool_colour_scale(rule):
                sheet.conditional_formatting.add(str(formatting.sqref), rule)
                continue
            rule.formula = [moved(text, grows) for text in rule.formula]
            sheet.conditional_formatting.add(cells, rule)
    for validation in sheet.data_validations.dataValidation:
        if tool_rules_written and tool_validation(validation):
            continue
        validation.sqref, grows = grown(validation.sqref)
        for side in ("formula1", "formula2"):
            if text := getattr(validation, side):
                setattr(validation, side, moved(text, grows))
    for table in sheet.tables.values():
        table.ref = grown(table.ref)[0]
        if table.autoFilter is not None:
            table.autoFilter.ref = table.ref
    if not tool_rules_written and sheet.auto_filter.ref:
        sheet.auto_filter.ref = grown(sheet.auto_filter.ref)[0]


def _rule_formula(text: str, here: str, mover: ReferenceMover, move: TableMove | None, grows: bool, ranges_follow_rows: bool) -> str:
    """A rule's or drop-down's formula on sheet ``here`` moved as ``_move_rules`` moves it: on a
    tool table (``move``), only its fixed rows where its range ``grows`` over every row, none
    where it stays on its row numbers, every reference where ranges follow their rows."""
    if move is None or ranges_follow_rows and not grows:
        return mover.formula(f"={text}", here)[1:]
    return mover.formula(f"={text}", here, relative_rows=False)[1:] if grows else text


def reviewer_rules(sheet, mover: ReferenceMover, move: TableMove) -> tuple[list[tuple[str, Any]], list[Any]]:
    """Copies of the conditional formats (each with the range it covers) and drop-downs a
    reviewer put on the tool table ``sheet``, moved as a re-run would move them, ``move`` giving
    where its rows went: one over every row grows with the table, one over some rows stays on its
    row numbers. The tool's own (colour scales, drop-downs from Lists, guards) are left out."""
    rules = []
    for formatting in sheet.conditional_formatting:
        cells, grows = _grown(formatting.sqref, move)
        for rule in (rule for rule in formatting.rules if not tool_colour_scale(rule)):
            moved = copy(rule)
            moved.formula = [_rule_formula(text, sheet.title, mover, move, grows, False) for text in rule.formula]
            rules.append((cells, moved))
    validations = []
    for validation in (v for v in sheet.data_validations.dataValidation if not tool_validation(v)):
        moved = copy(validation)
        moved.sqref, grows = _grown(validation.sqref, move)
        for side in ("formula1", "formula2"):
            if text := getattr(validation, side):
                setattr(moved, side, _rule_formula(text, sheet.title, mover, move, grows, False))
        validations.append(moved)
    return rules, validations


def _grown(ranges, move: TableMove | None, following: str | None = None):
    """``ranges`` with each range over every row of a tool table run to the table's new end, and
    whether any was (no change, and False, off a tool table). With ``following`` (the table's
    title) a range over some rows runs from where its first row went to where its last went."""
    from openpyxl.worksheet.cell_range import CellRange, MultiCellRange

    cells = MultiCellRange(str(ranges))
    if move is None:
        return str(cells), False
    every_row = [_every_row(part.min_row, part.max_row, move) for part in cells.ranges]
    grown = []
    for part, every in zip(cells.ranges, every_row):
        if every:
            rows = part.min_row, _grown_end(part.max_row, move)
        else:
            moved = _moved_range(following, part.min_row, part.max_row, move) if following else None
            rows = moved or (part.min_row, part.max_row)
        grown.append(CellRange(min_col=part.min_col, min_row=rows[0], max_col=part.max_col, max_row=rows[1]))
    return str(MultiCellRange(grown)), any(every_row)


def _every_row(first: int, last: int, move: TableMove) -> bool:
    """Whether rows ``first`` to ``last`` cover every row the tool listed in the table (from
    its first row, the header or not). Rows typed under the table, a total say, need not be
    covered: a range over the claims above a total is over every claim."""
    return first <= 2 <= last and last >= move.last_listed_row


def _grown_end(last: int, move: TableMove) -> int:
    """Where a range over every row of the table, ending at row ``last``, ends now: below the
    last row it covered, as the table grew or shrank (never above row 2)."""
    if last >= move.last_row:
        end = _below(last, move)
    else:  # it ends among the rows typed under the table: at the last of them it covered
        typed = [move.rows[row][1] for row in range(move.last_listed_row + 1, last + 1) if row in move.rows]
        end = max(typed, default=move.new_last_listed_row)
    return max(end, 2)


def _moved_cell(title: str, row: int, move: TableMove) -> tuple[str, tuple[int] | None]:
    if row in move.rows:
        target, new_row = move.rows[row]
        return target, (new_row,)
    return title, ((_below(row, move),) if row > move.last_row else None)


def _moved_range(title: str, first: int, last: int, move: TableMove) -> tuple[int, int] | None:
    """Rows ``first`` to ``last`` of ``title``: a range over every row of the table grows with
    it, as a rule or drop-down over every claim does; another runs from where its first row
    went to where its last went, each end moving in to the nearest row still on the sheet."""
    if _every_row(first, last, move):
        return first, _grown_end(last, move)
    kept = [move.rows[row][1] for row in range(first, min(last, move.last_row) + 1) if move.rows.get(row, ("",))[0] == title]
    if not kept:
        return None
    start = 1 if first == 1 else kept[0]
    end = _below(last, move) if last > move.last_row else kept[-1]
    return (start, end) if start <= end else None


def _below(row: int, move: TableMove) -> int:
    """A row below the table moves by as many rows as the table grew or shrank (a range to the
    sheet's last row stays there)."""
    return min(row + move.new_last_row - move.last_row, MAX_ROW) if row < MAX_ROW else row


def _unquoted(sheet: str) -> str:
    """A sheet's name as a formula spells it, without its quotes."""
    return sheet[1:-1].replace("''", "'") if sheet.startswith("'") else sheet


def _in_formula(name: str) -> str:
    """A sheet name as a formula writes it: quoted unless it is a plain word that reads as no cell."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name) and not re.fullmatch(r"[A-Za-z]{1,3}\d+|R\d*C\d*|TRUE|FALSE", name, re.I):
        return name
    return "'" + name.replace("'", "''") + "'"
