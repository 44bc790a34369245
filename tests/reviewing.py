"""What a reviewer does to a workbook, done with openpyxl: fill cells, add rows, read them back."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from factcheck.columns import CLAIM_COLUMNS, REVIEWER_FIELDS

HEADERS = {c.key: c.header for c in CLAIM_COLUMNS}


def run(article, output, scorer, **options):
    """One check of ``article`` into ``output`` with every sentence listed (threshold 0)."""
    from factcheck import check_article

    return check_article(article, output, threshold=0.0, scorer=scorer, **options)


def header_positions(sheet) -> dict[str, int]:
    """Column number of each column key, found by header as merge finds it."""
    keys = {c.header: c.key for c in CLAIM_COLUMNS}
    return {keys[cell.value]: cell.column for cell in sheet[1] if cell.value in keys}


def claim_row(sheet, start: str) -> int:
    """The first row of a Claims or Retired sheet whose Claim starts with ``start``."""
    columns = header_positions(sheet)
    return next(r for r in range(2, sheet.max_row + 1) if str(sheet.cell(r, columns["claim"]).value or "").startswith(start))


def column_letters(sheet) -> dict[str, str]:
    """Column letter of each column key, found by header (``header_positions``)."""
    return {key: sheet.cell(1, number).column_letter for key, number in header_positions(sheet).items()}


def fill_reviews(path: Path, reviews: dict[str, dict], hand_rows: list[dict] = ()) -> None:
    """Type ``reviews`` (claim text -> reviewer fields) into Claims, append ``hand_rows``, save."""
    workbook = load_workbook(path, rich_text=True)
    sheet = workbook["Claims"]
    columns = header_positions(sheet)
    for row in range(2, sheet.max_row + 1):
        text = str(sheet.cell(row=row, column=columns["claim"]).value or "")
        for key, value in reviews.get(text, {}).items():
            cell = sheet.cell(row=row, column=columns[key])
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # as typed into a Text cell: never a formula
    for hand in hand_rows:
        row = sheet.max_row + 1
        for key, value in hand.items():
            cell = sheet.cell(row=row, column=columns[key], value=value)
            if isinstance(value, str):
                cell.data_type = "s"
    workbook.save(path)


def sheet_rows(path: Path, sheet_name: str = "Claims") -> list[dict]:
    """Rows of a sheet as dicts keyed by column key (the Retired sheet has two more columns)."""
    workbook = load_workbook(path)
    sheet = workbook[sheet_name]
    headers = [c.value for c in sheet[1]]
    keys = {c.header: c.key for c in CLAIM_COLUMNS} | {"Retired on": "retired_on", "Reason": "retired_reason"}
    return [
        {keys.get(h, h): v for h, v in zip(headers, row)}
        for row in sheet.iter_rows(min_row=2, values_only=True)
        if any(v is not None for v in row)
    ]


def reviewer_values(row: dict) -> dict:
    return {key: row.get(key) for key in REVIEWER_FIELDS}


def apply_subtotals(path: Path, by: str = "verdict", counted: str = "claim_id") -> int:
    """What Data > Subtotals does to Claims, grouped by the column ``by`` and counting
    ``counted``, as LibreOffice writes it: the claims sorted by ``by`` (whole rows), under each
    group a row with "<value> Count" in that column and =SUBTOTAL(3,…) over the group in
    ``counted``, a Grand Count under all, the claims grouped under them (Data > Group). Returns
    how many rows it added."""
    from openpyxl.utils import get_column_letter

    workbook = load_workbook(path, rich_text=True)
    sheet = workbook["Claims"]
    columns, width = header_positions(sheet), sheet.max_column
    rows = [[(cell.value, cell.data_type) for cell in row] for row in sheet.iter_rows(min_row=2, max_col=width)]
    rows.sort(key=lambda row: _sort_key(row[columns[by] - 1][0]))
    letter = get_column_letter(columns[counted])

    def subtotal(label, first, last):
        row = [(None, "n")] * width
        row[columns[by] - 1], row[columns[counted] - 1] = (label, "s"), (f"=SUBTOTAL(3,${letter}${first}:${letter}${last})", "f")
        return row

    written, levels = [], []
    for value in dict.fromkeys(row[columns[by] - 1][0] for row in rows):
        first = len(written) + 2
        written += [row for row in rows if row[columns[by] - 1][0] == value]
        written.append(subtotal(f"{value} Count", first, len(written) + 1))
        levels += [2] * (len(written) - first + 1) + [1]
    written.append(subtotal("Grand Count", 2, len(written) + 1))
    levels.append(0)
    for number, (row, level) in enumerate(zip(written, levels), start=2):
        for column, (value, data_type) in enumerate(row, start=1):
            cell = sheet.cell(number, column)
            cell.value = value
            if data_type == "s" and isinstance(value, str):
                cell.data_type = "s"  # text that starts with "=" stays text
        sheet.row_dimensions[number].outline_level = level
    workbook.save(path)
    return len(written) - len(rows)


def _sort_key(value):
    """How a spreadsheet program sorts a column: numbers by value, before text, blanks last."""
    return (value is None, isinstance(value, str), value if isinstance(value, (int, float)) else str(value or ""))


def add_table_with_total_row(path: Path, name: str = "Claims_table") -> int:
    """Format as Table over Claims, then Table Design > Total Row, as Excel writes them:
    "Total" under Claim ID, an average under Score and a count under Verdict, in a row the
    table ends on. Returns that row."""
    from openpyxl.worksheet.table import Table

    workbook = load_workbook(path, rich_text=True)
    claims = workbook["Claims"]
    letters, total = column_letters(claims), claims.max_row + 1
    claims.auto_filter.ref = None  # Excel removes the sheet's filter when it makes a table
    table = Table(displayName=name, ref=f"A1:{claims.cell(1, claims.max_column).column_letter}{total}", totalsRowCount=1)
    table._initialise_columns()
    for column, header in zip(table.tableColumns, claims[1]):
        column.name = header.value
    claims.add_table(table)
    claims[f"A{total}"] = "Total"
    claims[f"{letters['score']}{total}"] = f"=SUBTOTAL(101,{name}[Score])"
    claims[f"{letters['verdict']}{total}"] = f"=SUBTOTAL(103,{name}[Verdict])"
    workbook.save(path)
    return total
