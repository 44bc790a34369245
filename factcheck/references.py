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
from collections.abc import Callable, Mapping

from .carry import TableMove

MAX_ROW = 1_048_576  # the last row of a sheet, in Excel and LibreOffice
# A reference to a cell or a block of cells, perhaps on another sheet: 'Claims'!$N$2:$N$8.
REFERENCE = re.compile(
    r"^(?:(?P<sheet>'(?:[^']|'')+'|[^'!:()\s]+)!)?"
    r"(?P<abs1>\$?)(?P<letters1>[A-Z]{1,3})(?P<absrow1>\$?)(?P<row1>\d+)"
    r"(?::(?P<abs2>\$?)(?P<letters2>[A-Z]{1,3})(?P<absrow2>\$?)(?P<row2>\d+))?$"
)


def move_references(
    workbook, moves: Mapping[str, TableMove], headers_of: Callable[[str], Mapping[str, int]], renamed: Mapping[str, str]
) -> None:
    """Give every formula in ``workbook`` (in cells, names and print areas), and every link to a
    place in it, the rows its references into the tool tables now mean.

    ``moves`` maps a tool table's title to its ``TableMove``, ``headers_of(title)`` gives each
    header's column on that sheet now, and ``renamed`` the name a reviewer gave a tool sheet
    (the one their formulas use). A reference to a row that was not written again, a whole
    column, a name or another workbook is left as it is.
    """
    if not moves:  # a first run: nothing moved
        return
    from openpyxl.formula.tokenizer import Token, Tokenizer, TokenizerError
    from openpyxl.utils import column_index_from_string, get_column_letter

    shown = {title: renamed.get(title, title) for title in moves}
    by_name = {name.lower(): title for title, name in shown.items()}

    def moved_reference(text: str, here: str) -> str:
        match = REFERENCE.match(text)
        if match is None:
            return text
        sheet = match["sheet"]
        title = by_name.get(sheet.strip("'").replace("''", "'").lower()) if sheet else here if here in moves else None
        first = int(match["row1"])
        if title is None or (first == 1 and match["row2"] is None):
            return text  # not a tool table, or a header
        move = moves[title]
        if match["row2"] is None:
            target, rows = _moved_cell(title, first, move)
        else:
            target, rows = title, _moved_range(title, first, int(match["row2"]), move)
        if rows is None:
            return text
        headers = headers_of(target)
        old_columns = [column_index_from_string(letters) for letters in filter(None, (match["letters1"], match["letters2"]))]
        columns = [headers.get(move.header_at.get(number, ""), number) for number in old_columns]
        if columns[-1] - columns[0] != old_columns[-1] - old_columns[0]:
            return text  # its columns were pulled apart
        if target == title:
            prefix = f"{sheet}!" if sheet else ""
        else:
            prefix = f"{_in_formula(shown[target])}!"
        corners = [
            f"{match[f'abs{n}']}{get_column_letter(column)}{match[f'absrow{n}']}{row}" for n, column, row in zip((1, 2), columns, rows)
        ]
        return prefix + ":".join(corners)

    def moved_formula(formula: str, here: str) -> str:
        try:
            tokens = Tokenizer(formula)
        except TokenizerError:
            return formula
        changed = False
        for token in tokens.items:
            if token.type == Token.OPERAND and token.subtype == Token.RANGE:
                moved = moved_reference(token.value, here)
                changed |= moved != token.value
                token.value = moved
        return tokens.render() if changed else formula

    for name in workbook.defined_names.values():  # Formulas > Name Manager: "verdicts" = Claims!$N$2:$N$8
        if name.attr_text:
            name.attr_text = moved_formula(f"={name.attr_text}", "")[1:]
    for sheet in workbook.worksheets:
        for cell in sheet._cells.values():
            if cell.data_type == "f" and isinstance(cell.value, str):
                cell.value = moved_formula(cell.value, sheet.title)
            if cell.hyperlink is not None and cell.hyperlink.location:  # a link to a place in the workbook
                cell.hyperlink.location = moved_formula(f"={cell.hyperlink.location}", sheet.title)[1:]
        for name in sheet.defined_names.values():
            if name.attr_text:
                name.attr_text = moved_formula(f"={name.attr_text}", sheet.title)[1:]
        if sheet.print_area:  # a print area over the whole table prints the claims a run adds
            sheet.print_area = moved_formula(f"={sheet.print_area}", sheet.title)[1:]


def _moved_cell(title: str, row: int, move: TableMove) -> tuple[str, tuple[int] | None]:
    if row in move.rows:
        target, new_row = move.rows[row]
        return target, (new_row,)
    return title, ((_below(row, move),) if row > move.last_row else None)


def _moved_range(title: str, first: int, last: int, move: TableMove) -> tuple[int, int] | None:
    """Rows ``first`` to ``last`` of ``title``: a range over every row of the table grows with
    it, as a rule or drop-down over every claim does; another runs from where its first row
    went to where its last went, each end moving in to the nearest row still on the sheet."""
    if first <= 2 and last >= move.last_row:
        return first, max(first, _below(last, move))
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


def _in_formula(name: str) -> str:
    """A sheet name as a formula writes it: quoted unless it is a plain word that reads as no cell."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name) and not re.fullmatch(r"[A-Za-z]{1,3}\d+|R\d*C\d*|TRUE|FALSE", name, re.I):
        return name
    return "'" + name.replace("'", "''") + "'"
