"""What a reviewer's own sheet costs a re-run: the record a run keeps of its cells (the hidden
Own sheets as written, the base of a merge's three-way merge of it) and carrying the sheet.

    python bench/own_sheets_cost.py                  # a sheet of 20,000 filled cells, 3 repeats
    python bench/own_sheets_cost.py --cells 2000 --repeats 1
    python bench/own_sheets_cost.py --formatted      # the table formatted and noted, as a reviewer's is
    python bench/own_sheets_cost.py --merge          # what matching its rows costs a merge
    python bench/own_sheets_cost.py --inserted 50    # what inserting a copy's rows at 50 places costs a merge

The example article is checked once (shipped model, loaded before any timing); its workbook
is copied twice, and one copy gets a sheet of the reviewer's own (a pasted table: text,
numbers and a formula a row; with ``--formatted`` also a bold header, a number format, every
other row shaded and a note every 50 rows, which the record holds too). Each timing re-runs ``check_article`` on one copy, so the read,
carry and write of the sheet and its record are in it; the baseline is the copy without the
sheet, timed in the same process, in turn. Figures are medians; the ratio is what to read.

With ``--merge``, the recorded workbook is handed out: the desk then retypes a cell of the
sheet and the reviewer's copy retypes another and adds a row, so ``merge_copies`` matches the
sheet's rows and columns (``row_alignment``) before it merges its cells; the baseline is the same merge
with rows and columns taken by place, timed in turn.

With ``--inserted N``, the reviewer's copy inserts N rows spread down the sheet, as a
spreadsheet program inserts them (the rows below and their formulas moved), so ``merge``
inserts them in the desk's sheet, moving its rows and every reference to them
(``references.insert_rows``, one pass); the baseline is a copy appending the same N rows,
merged in turn.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from factcheck import ClaimScorer, check_article, own_sheets  # noqa: E402

ARTICLE = ROOT / "examples" / "harbour-bridge.txt"


def add_table(path: Path, cells: int, formatted: bool) -> None:
    """A sheet "Figures" of ``cells`` filled cells, four to a row: a name, a number, a date text
    and a formula; ``formatted``, with looks and notes too."""
    from openpyxl import load_workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill

    workbook = load_workbook(path)
    sheet = workbook.create_sheet("Figures")
    shade = PatternFill("solid", fgColor="FFDDEBF7")
    for row in range(1, cells // 4 + 1):
        sheet.append([f"item {row}", row * 3.5, f"2026-11-{row % 28 + 1:02d}", f"=B{row}*2"])
        if formatted:
            sheet.cell(row, 2).number_format = "#,##0.00"
            for column in range(1, 5) if row % 2 else ():
                sheet.cell(row, column).fill = shade
            if row % 50 == 0:
                sheet.cell(row, 1).comment = Comment(f"checked against the {row} return", "Ana Lopes")
    if formatted:
        for column in range(1, 5):
            sheet.cell(1, column).font = Font(bold=True)
    workbook.save(path)


def merge_cost(folder: Path, own: Path, repeats: int) -> None:
    """Time merging a copy into the desk's workbook ``own`` with the rows of its sheet matched,
    and by place (``--merge``)."""
    from openpyxl import load_workbook

    from factcheck import merge_copies
    from factcheck.row_alignment import Places

    copy = folder / "copies" / "ana.xlsx"
    copy.parent.mkdir()
    shutil.copy(own, copy)
    workbook = load_workbook(copy)
    workbook["Figures"]["B3"] = 99.5
    workbook["Figures"].append(["item added", 1.5, "2026-12-05", "=B1*2"])
    workbook.save(copy)
    workbook = load_workbook(own)
    workbook["Figures"]["A2"] = "item 2, as revised"
    workbook.save(own)
    matching = own_sheets._places

    def by_place(sheet, copy_sheet, recorded, theirs):
        rows, columns = ({line[n] for line in sheet._cells} | {line[n] for line in copy_sheet._cells} for n in (0, 1))
        return Places.in_place(rows, rows), Places.in_place(columns, columns)

    times: dict[str, list[float]] = {"by place": [], "matched": []}
    for _ in range(repeats):
        for name in times:
            desk = folder / f"desk-{name.replace(' ', '-')}.xlsx"
            shutil.copy(own, desk)
            own_sheets._places = by_place if name == "by place" else matching
            start = time.perf_counter()
            merge_copies(desk, [copy])
            times[name].append(time.perf_counter() - start)
    own_sheets._places = matching
    base, matched = (statistics.median(times[name]) for name in ("by place", "matched"))
    print(f"merge, by place:              {base:.2f} s")
    print(f"merge, rows and columns matched: {matched:.2f} s")
    print(f"matching rows and columns costs {matched / base:.2f}x the merge by place")


def insert_cost(folder: Path, own: Path, repeats: int, places: int) -> None:
    """Time merging a copy that inserted ``places`` rows down the sheet against one that
    appended them (``--inserted``)."""
    from openpyxl import load_workbook

    from factcheck import merge_copies

    (folder / "copies").mkdir()
    copies = {}
    for name in ("appended", "inserted"):
        copies[name] = folder / "copies" / f"{name}.xlsx"
        workbook = load_workbook(own)
        sheet = workbook["Figures"]
        rows = sheet.max_row
        for n in reversed(range(places)):
            values = [f"item added {n}", 1.5, "2026-12-05"]
            if name == "inserted":
                at = 2 + n * (rows // places)
                sheet.insert_rows(at)
                for column, value in enumerate(values, start=1):
                    sheet.cell(at, column, value)
            else:
                sheet.append(values)
        for row in range(1, sheet.max_row + 1):  # each row's formula reads its own row, as the program moved it
            sheet.cell(row, 4).value = f"=B{row}*2"
        workbook.save(copies[name])
    workbook = load_workbook(own)
    workbook["Figures"]["A2"] = "item 2, as revised"  # the desk's sheet is no longer as recorded
    workbook.save(own)
    times: dict[str, list[float]] = {name: [] for name in copies}
    for _ in range(repeats):
        for name, copy in copies.items():
            desk = folder / f"desk-{name}.xlsx"
            shutil.copy(own, desk)
            start = time.perf_counter()
            merge_copies(desk, [copy])
            times[name].append(time.perf_counter() - start)
    base, inserted = (statistics.median(times[name]) for name in copies)
    print(f"merge, {places} rows appended:          {base:.2f} s")
    print(f"merge, {places} rows inserted down it: {inserted:.2f} s")
    print(f"inserting them costs {inserted / base:.2f}x the merge of the same rows appended")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cells", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--formatted", action="store_true", help="give the table looks and notes")
    parser.add_argument("--merge", action="store_true", help="time a merge of a copy that changed the sheet instead")
    parser.add_argument("--inserted", type=int, default=0, metavar="N", help="time a merge of a copy that inserted N rows down the sheet instead")
    args = parser.parse_args()
    scorer = ClaimScorer(ROOT / "models" / "claim-detector")
    recording = own_sheets.record_own_sheets
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        article = folder / "bridge.txt"
        shutil.copy(ARTICLE, article)
        plain, own = folder / "plain.xlsx", folder / "own.xlsx"
        check_article(article, plain, scorer=scorer)
        shutil.copy(plain, own)
        add_table(own, args.cells, args.formatted)
        unrecorded = folder / "unrecorded.xlsx"
        shutil.copy(own, unrecorded)
        check_article(article, own, scorer=scorer)  # the first run to write the record
        if args.merge:
            merge_cost(folder, own, args.repeats)
            return
        if args.inserted:
            insert_cost(folder, own, args.repeats, args.inserted)
            return
        times: dict[str, list[float]] = {"plain": [], "own": [], "unrecorded": []}
        for _ in range(args.repeats):
            for name, path in (("plain", plain), ("own", own), ("unrecorded", unrecorded)):
                # The third arm carries the sheet with the record turned off: what the record costs.
                own_sheets.record_own_sheets = (lambda workbook: None) if name == "unrecorded" else recording
                start = time.perf_counter()
                check_article(article, path, scorer=scorer)
                times[name].append(time.perf_counter() - start)
        own_sheets.record_own_sheets = recording
        sizes = {name: path.stat().st_size / 1e6 for name, path in (("plain", plain), ("own", own), ("unrecorded", unrecorded))}
    base, carried, recorded = (statistics.median(times[name]) for name in ("plain", "unrecorded", "own"))
    print(f"re-run, no sheet of one's own:                   {base:.2f} s ({sizes['plain']:.2f} MB)")
    print(f"re-run, a sheet of {args.cells:,} cells, no record: {carried:.2f} s ({sizes['unrecorded']:.2f} MB)")
    print(f"re-run, a sheet of {args.cells:,} cells, recorded:  {recorded:.2f} s ({sizes['own']:.2f} MB)")
    print(f"the record costs {recorded / carried:.2f}x the re-run that carries the sheet without it")


if __name__ == "__main__":
    main()
