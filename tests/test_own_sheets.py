"""`factcheck merge`: a sheet a reviewer added to their copy comes into the desk's workbook whole,
its formulas reading the same claims there. Real workbooks (tiny model), sheets added with
openpyxl (threads and pivot tables as Excel and LibreOffice write them), the real CLI, and
LibreOffice computing the merged workbook's formulas."""

import json
import re
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.table import Table

from factcheck import merge_copies
from factcheck.looks import appearance
from factcheck.own_sheets import RecordedSheet, record_own_sheets, recorded_own_sheets

from .reviewing import column_letters, header_positions
from .test_cli import factcheck
from .test_combine import rerun_with_a_new_claim_near_the_top, take_copy
from .test_end_to_end import converted
from .test_fuzz import LOG_EDITS, count_letters, edit_log
from .test_merge_end_to_end import libreoffice_resave
from .test_pivots import give_pivot, pivots_in, source_of
from .test_threads import QUESTION, give_threads, threads_in

RED = "FFFF0000"
PLOTTED = re.compile(rb"<(?:\w+:)?f>([^<]*)</(?:\w+:)?f>")  # a range a chart plots


def rows_of(path):
    """{claim: its row} on the Claims sheet of the workbook at ``path``, and the sheet's last claim row."""
    sheet = load_workbook(path)["Claims"]
    column = header_positions(sheet)["claim"]
    rows = {sheet.cell(r, column).value: r for r in range(2, sheet.max_row + 1) if sheet.cell(r, column).value}
    return rows, max(rows.values())


def add_call_log(path, claims):
    """Ana's own sheet "Calls", right after Claims: formulas reading two claims, their verdicts and
    every claim; a table, a name, looks, a note, a link, a drop-down and a rule. Returns the
    claims its row 2 and row 3 read, as the copy holds them."""
    workbook = load_workbook(path)
    letters = column_letters(workbook["Claims"])
    rows, last = rows_of(path)
    read = (claims[1], claims[3])
    sheet = workbook.create_sheet("Calls", 1)
    sheet.append(["Who", "Claim", "Verdict"])
    sheet.append(["Port authority", f"=Claims!{letters['claim']}{rows[read[0]]}", f"=Claims!{letters['verdict']}{rows[read[0]]}"])
    sheet.append(["Council", f"=Claims!{letters['claim']}{rows[read[1]]}", "Mostly true"])
    sheet["A5"] = f"=COUNTA(Claims!{letters['claim']}2:{letters['claim']}{last})"
    sheet["B5"] = "=COUNTA(callers)"
    sheet["C5"] = "=ROWS(Log[Who])"
    sheet.add_table(Table(displayName="Log", ref="A1:C3"))
    workbook.defined_names.add(DefinedName("callers", attr_text="Calls!$A$2:$A$3"))
    workbook.defined_names.add(DefinedName("verdicts", attr_text=f"Claims!${letters['verdict']}$2:${letters['verdict']}${last}"))
    sheet["D5"] = "=COUNTA(verdicts)"  # a name over Claims, which the sheet needs in the workbook
    sheet["A1"].font = Font(bold=True, color=RED)
    sheet["A2"].fill = PatternFill("solid", fgColor=RED)
    sheet["C3"].style = "Good"
    sheet.column_dimensions["B"].width = 70
    sheet.row_dimensions[3].height = 40
    sheet.merge_cells("A7:C7")
    sheet["A7"] = "ask the harbour master on Monday"
    sheet["A3"].comment = Comment("rang twice, no answer", "Ana Lopes")
    sheet["A8"] = "see the verdict"
    sheet["A8"].hyperlink = Hyperlink(ref="A8", location=f"Claims!{letters['verdict']}{rows[read[1]]}")
    choices = DataValidation(type="list", formula1=f"=Claims!${letters['verdict']}$2:${letters['verdict']}${last}")
    sheet.add_data_validation(choices)
    choices.add("D2:D3")
    sheet.conditional_formatting.add("C2:C3", CellIsRule(operator="equal", formula=['"True"'], fill=PatternFill("solid", fgColor="FF00FF00")))
    sheet.sheet_properties.tabColor = "FF0070C0"
    sheet.freeze_panes = "A2"
    workbook.active = sheet  # saved with the reviewer's own tab open, as Excel marks it
    for each in workbook.worksheets:
        each.sheet_view.tabSelected = each is sheet
    workbook.save(path)
    return read


def test_a_sheet_a_reviewer_added_comes_whole_its_formulas_reading_the_same_claims(desk, scorer):
    output, claims = desk
    copy = take_copy(output, "ana.xlsx")
    read = add_call_log(copy, claims)
    rerun_with_a_new_claim_near_the_top(output, scorer)  # after the copy was taken: the claims moved down
    rows, last = rows_of(output)
    workbook = load_workbook(output)
    workbook.active = workbook["Sources"]  # the desk works on Sources, after Calls's place
    workbook.save(output)

    result = factcheck("merge", output, copy)
    assert result.returncode == 0, result.stderr
    assert "1 sheet of reviewers' own added" in result.stdout
    assert "added: sheet 'Calls' of ana.xlsx" in result.stdout

    workbook = load_workbook(output, rich_text=True)
    assert workbook.sheetnames[:3] == ["Claims", "Calls", "Sentences"]  # where it was in the copy
    letters = column_letters(workbook["Claims"])
    sheet = workbook["Calls"]
    # The same claims as in the copy, on the rows the desk's re-run moved them to.
    assert sheet["B2"].value == f"=Claims!{letters['claim']}{rows[read[0]]}" != f"=Claims!{letters['claim']}{rows_of(copy)[0][read[0]]}"
    assert str(workbook["Claims"][f"{letters['claim']}{rows[read[0]]}"].value) == read[0]
    assert sheet["C2"].value == f"=Claims!{letters['verdict']}{rows[read[0]]}"
    assert sheet["B3"].value == f"=Claims!{letters['claim']}{rows[read[1]]}"
    assert sheet["A5"].value == f"=COUNTA(Claims!{letters['claim']}2:{letters['claim']}{last})"  # every claim, the new one too
    assert sheet["A8"].hyperlink.location == f"Claims!{letters['verdict']}{rows[read[1]]}"
    [choices] = sheet.data_validations.dataValidation
    assert (str(choices.sqref), choices.formula1) == ("D2:D3", f"=Claims!${letters['verdict']}$2:${letters['verdict']}${last}")
    # Its table, name and looks.
    assert dict(sheet.tables.items()) == {"Log": "A1:C3"}  # (name, range) pairs
    assert (sheet["B5"].value, sheet["C5"].value) == ("=COUNTA(callers)", "=ROWS(Log[Who])")
    assert workbook.defined_names["callers"].attr_text == "Calls!$A$2:$A$3"
    assert workbook.defined_names["verdicts"].attr_text == f"Claims!${letters['verdict']}$2:${letters['verdict']}${last}"  # every claim of the desk's
    assert sheet["A1"].font.b and sheet["A1"].font.color.rgb == RED
    assert sheet["A2"].fill.fgColor.rgb == RED
    assert sheet["C3"].style == "Good" and sheet["C3"].value == "Mostly true"
    assert sheet.column_dimensions["B"].width == 70 and sheet.row_dimensions[3].height == 40
    assert [str(cells) for cells in sheet.merged_cells.ranges] == ["A7:C7"]
    assert (sheet["A3"].comment.text, sheet["A3"].comment.author) == ("rang twice, no answer", "Ana Lopes")
    [rule] = [rule for formatting in sheet.conditional_formatting for rule in formatting.rules]
    assert rule.formula == ['"True"'] and rule.dxf.fill.fgColor.rgb == "FF00FF00"
    assert sheet.sheet_properties.tabColor.rgb == "FF0070C0" and sheet.freeze_panes == "A2"
    # One tab selected: two would open grouped in Excel, typing into both.
    assert not sheet.sheet_view.tabSelected and workbook.active.title == "Sources"
    assert sum(bool(view.tabSelected) for ws in workbook.worksheets for view in ws.views.sheetView) <= 1

    # The desk's next run keeps it as a sheet of its own and records it, hidden, as written.
    rerun_with_a_new_claim_near_the_top(output, scorer)
    again = load_workbook(output)
    assert again["Calls"]["C3"].value == "Mostly true"
    record = again["Own sheets as written"]
    assert record.sheet_state == "hidden"
    [(title, part, text)] = record.iter_rows(min_row=2, values_only=True)  # one part: the sheet's cells, looks and notes
    assert (title, part) == ("Calls", 1)
    written = json.loads(text)
    assert written["cells"]["C3"] == "Mostly true" and written["cells"]["B5"] == "=COUNTA(callers)"
    assert written["notes"] == {"A3": "rang twice, no answer"}
    assert len(written["looks"]) == 3 and "A2" in written["looks"].values()  # the red header, the red fill, Good


def test_a_copys_own_sheet_brings_its_threads_pivot_table_and_chart(desk, scorer):
    output, claims = desk
    copy = take_copy(output, "ana.xlsx")
    workbook = load_workbook(copy)
    sheet = workbook.create_sheet("Research")
    sheet.append(["Figure", "Value"])
    sheet.append(["vehicles a day", 38000])
    sheet.append(["design load", 10000])
    chart = BarChart()
    chart.add_data(Reference(sheet, min_col=2, min_row=1, max_row=3), titles_from_data=True)
    sheet.add_chart(chart, "D2")
    workbook.create_sheet("Tally")["A1"] = "Claims by kind"
    claims_sheet = workbook["Claims"]
    score = header_positions(claims_sheet)["score"]
    scores = BarChart()  # every claim's score, on a chart sheet (Excel's Move Chart, New sheet)
    scores.add_data(Reference(claims_sheet, min_col=score, min_row=2, max_row=claims_sheet.max_row))
    workbook.create_chartsheet("Scores").add_chart(scores)
    workbook.save(copy)
    give_threads(copy, "Research", {(2, 1): QUESTION})
    give_pivot(copy, "Tally")  # LibreOffice's tally of the copy's claims by kind, written into the file's parts
    rerun_with_a_new_claim_near_the_top(output, scorer)
    _, last = rows_of(output)

    report = merge_copies(output, [copy])
    assert report.added_sheets == ("'Research' of ana.xlsx", "'Tally' of ana.xlsx", "'Scores' of ana.xlsx")
    assert load_workbook(output).sheetnames[-3:] == ["Research", "Tally", "Scores"]

    assert threads_in(output)["Research"] == {"A2": [(QUESTION[0], "Ana Lopes", False), (f"@Ana Lopes {QUESTION[1]}", "Ben Okafor", True)]}
    [(_, cache)] = pivots_in(output).values()
    assert source_of(cache) == f'<worksheetSource ref="A1:R{last}" sheet="Claims"/>'  # it counts the desk's claims
    with zipfile.ZipFile(output) as archive:
        charts = [archive.read(name) for name in archive.namelist() if name.startswith("xl/charts/")]
    assert {f for chart in charts for f in PLOTTED.findall(chart) if b"Research" in f} == {b"'Research'!B1", b"'Research'!$B$2:$B$3"}
    letter = column_letters(load_workbook(output)["Claims"])["score"].encode()
    assert b"'Claims'!$%s$2:$%s$%d" % (letter, letter, last) in {f for chart in charts for f in PLOTTED.findall(chart)}  # the desk's claims


def test_two_reviewers_sheets_of_one_name_both_come_and_the_same_sheet_comes_once(desk):
    output, _ = desk
    ana, ben = take_copy(output, "ana.xlsx"), take_copy(output, "ben.xlsx")
    for path, figures in ((ana, [("tolls", 4)]), (ben, [("lanes", 2), ("cables", 2)])):
        workbook = load_workbook(path)
        sheet = workbook.create_sheet("Sheet1")  # what Excel calls a first new sheet, in both copies
        sheet.append(["Figure", "Count"])
        for figure in figures:
            sheet.append(figure)
        sheet.add_table(Table(displayName="Table2", ref=f"A1:B{len(figures) + 1}"))
        sheet["D1"] = "=SUM(Table2[Count])"
        chart = BarChart()
        chart.add_data(Reference(sheet, min_col=2, min_row=1, max_row=len(figures) + 1), titles_from_data=True)
        sheet.add_chart(chart, "D3")
        workbook.create_sheet("Summary of mine")["A1"] = f"=Sheet1!B{len(figures) + 1}*2"
        workbook.save(path)
    carl = take_copy(ana, "carl.xlsx")  # Ana passed her copy on: her sheet, as she made it

    report = merge_copies(output, [ana, ben, carl])
    assert report.added_sheets == (
        "'Sheet1' of ana.xlsx",
        "'Summary of mine' of ana.xlsx",
        "'Sheet1' of ben.xlsx (as 'Sheet1 (ben)')",
        "'Summary of mine' of ben.xlsx (as 'Summary of mine (ben)')",
    )
    assert "added: sheet 'Sheet1' of ben.xlsx (as 'Sheet1 (ben)')" in report.summary()
    workbook = load_workbook(output)
    assert workbook["Sheet1"]["A2"].value == "tolls" and workbook["Sheet1 (ben)"]["A3"].value == "cables"
    # Ben's formulas read his sheet and his table under their new names; Ana's are as she typed them.
    assert workbook["Summary of mine (ben)"]["A1"].value == "='Sheet1 (ben)'!B3*2"
    assert workbook["Summary of mine"]["A1"].value == "=Sheet1!B2*2"
    assert {name for name in workbook["Sheet1 (ben)"].tables} == {"Table2_2"}
    assert workbook["Sheet1 (ben)"]["D1"].value == "=SUM(Table2_2[Count])"
    assert workbook["Sheet1"]["D1"].value == "=SUM(Table2[Count])"
    with zipfile.ZipFile(output) as archive:
        plotted = {f for name in archive.namelist() if name.startswith("xl/charts/") for f in PLOTTED.findall(archive.read(name))}
    assert {f for f in plotted if b"Sheet1" in f} == {b"'Sheet1'!B1", b"'Sheet1'!$B$2", b"'Sheet1 (ben)'!B1", b"'Sheet1 (ben)'!$B$2:$B$3"}


def test_a_sheet_the_workbook_and_a_copy_both_hold_merges_three_ways_and_what_is_not_merged_is_named(desk, scorer):
    output, claims = desk
    workbook = load_workbook(output)
    letter = column_letters(workbook["Claims"])["claim"]
    guide = workbook.create_sheet("Style guide")
    guide["A1"], guide["A2"], guide["B1"] = "Verdicts: True, Mostly true, Half true", "Dates: 4 May 1962", f"=Claims!{letter}3"
    guide["B2"] = f"=Claims!{letter}4"
    workbook.create_sheet("Old leads")["A1"] = "the 2019 audit"
    workbook.save(output)
    rerun_with_a_new_claim_near_the_top(output, scorer)  # the run records both sheets, cell by cell
    ana, ben = take_copy(output, "ana.xlsx"), take_copy(output, "ben.xlsx")
    workbook = load_workbook(ana)
    workbook["Style guide"]["A1"] = "Verdicts: True, False"  # the desk changes it too, below
    workbook["Style guide"]["A2"] = "Dates: 4 May 1962, as the minutes give it"
    workbook["Style guide"]["A2"].font = Font(bold=True)
    workbook["Style guide"]["A4"] = "Ask Lund's office before noon"  # a row added
    workbook["Style guide"]["A4"].hyperlink = Hyperlink(ref="A4", location=f"Claims!{letter}3")  # to a claim of the copy's
    copied_claim = workbook["Claims"][f"{letter}3"].value
    workbook.create_sheet("Elsewhere")["A1"] = "=[1]Sheet1!A1"
    workbook.save(ana)
    rerun_with_a_new_claim_near_the_top(output, scorer)  # the desk's run moves its formula: =Claims!D4 reads the same claim
    workbook = load_workbook(output)
    workbook["Style guide"]["A1"] = "Verdicts: True, Mostly true, Half true, Misleading"
    workbook["Style guide"]["B2"] = f"=UPPER(Claims!{letter}6)"  # the desk's own edit of a formula its run moved
    del workbook["Old leads"]  # the desk removed a sheet after handing the copies out
    workbook.save(output)

    report = merge_copies(output, [ana, ben])
    assert report.added_sheets == () and report.applied == 2
    assert report.not_merged == (
        "sheet 'Old leads' of ana.xlsx, which the workbook no longer has (deleted or renamed since the copy was taken)",
        "sheet 'Elsewhere' of ana.xlsx, whose formulas read another workbook (copy it by hand)",
        "sheet 'Old leads' of ben.xlsx, which the workbook no longer has (deleted or renamed since the copy was taken)",
    )
    assert [(c.column, c.values) for c in report.conflicts] == [
        ("Style guide: A1", (("bridge.xlsx", "", "Verdicts: True, Mostly true, Half true, Misleading"), ("ana.xlsx", "", "Verdicts: True, False"))),
    ]
    guide = load_workbook(output)["Style guide"]
    assert guide["A1"].value == "Verdicts: True, Mostly true, Half true, Misleading"  # the desk's, the conflict listed
    assert guide["A2"].value == "Dates: 4 May 1962, as the minutes give it" and guide["A2"].font.b
    assert guide["A4"].value == "Ask Lund's office before noon"
    linked = guide["A4"].hyperlink.location  # the same claim, where the desk's run moved it
    assert str(load_workbook(output)["Claims"][linked.split("!")[1]].value) == str(copied_claim) and linked != f"Claims!{letter}3"
    assert guide["B1"].value == f"=Claims!{letter}5"  # moved by two runs, and no change of Ana's
    assert guide["B2"].value == f"=UPPER(Claims!{letter}6)"  # Ana's, as handed out, read where the desk's run moved it
    assert "Old leads" not in load_workbook(output).sheetnames

    # A copy written before runs recorded their sheets: a sheet the workbook lacks comes in,
    # and one it has is named where it differs.
    old = take_copy(output, "old.xlsx")
    workbook = load_workbook(old)
    del workbook["Own sheets as written"]
    workbook.create_sheet("Old leads")["A1"] = "the 2019 audit"
    workbook["Style guide"]["A3"] = "Numbers: words to ten"
    workbook.save(old)
    report = merge_copies(output, [old])
    assert report.added_sheets == ("'Old leads' of old.xlsx",)
    assert report.not_merged == (
        "sheet 'Style guide' of old.xlsx, which differs from the workbook's sheet of that name (the workbook's is kept: copy its changes by hand)",
    )


YELLOW, GREEN, BLUE, ORANGE = "FFFFFF00", "FF00B050", "FF0070C0", "FFFFC000"


@pytest.mark.parametrize("resave", [False, pytest.param(True, marks=pytest.mark.slow)], ids=["openpyxl", "libreoffice"])
def test_looks_notes_and_links_a_reviewer_gave_a_shared_sheet_come_three_ways(desk, scorer, tmp_path, resave):
    """A call log the desk handed out: Ana marks a call done by its colour alone, colours, notes
    and links cells whose values she left; the desk and Ben change some of the same."""
    output, claims = desk
    workbook = load_workbook(output)
    letter = column_letters(workbook["Claims"])["claim"]
    calls = workbook.create_sheet("Calls")
    for row in (["Who", "Status"], ["Port authority", "waiting"], ["Council", "waiting"], ["Harbour master", "waiting"], ["Ferry line", "waiting"]):
        calls.append(row)
    for place in ("B2", "B3", "B4", "B5"):
        calls[place].fill = PatternFill("solid", fgColor=YELLOW)
    calls["A3"].comment = Comment("rang twice", "Desk")
    workbook.save(output)
    rerun_with_a_new_claim_near_the_top(output, scorer)  # records the sheet: its cells, looks and notes
    ana, ben = take_copy(output, "ana.xlsx"), take_copy(output, "ben.xlsx")
    workbook = load_workbook(ana)
    calls = workbook["Calls"]
    calls["B2"].fill = PatternFill("solid", fgColor=GREEN)  # done: the colour says so, the value stays
    calls["B3"].fill = PatternFill(fill_type=None)  # no longer waited on
    calls["B4"].fill = PatternFill("solid", fgColor=GREEN)  # the desk marks it too, otherwise
    calls["A5"].font = Font(bold=True, color=RED)
    calls["A2"].comment = Comment("ask for Ms Berg", "Ana Lopes")
    calls["A3"].comment = Comment("rang twice, call back at three", "Ana Lopes")
    calls["A4"].hyperlink = Hyperlink(ref="A4", location=f"Claims!{letter}3")  # to a claim of the copy's
    linked_claim = workbook["Claims"][f"{letter}3"].value
    workbook.save(ana)
    workbook = load_workbook(ben)
    workbook["Calls"]["A2"].comment = Comment("Berg is on leave", "Ben Okafor")
    workbook.save(ben)
    if resave:
        libreoffice_resave(ana, tmp_path / "ana")
        libreoffice_resave(ben, tmp_path / "ben")
    rerun_with_a_new_claim_near_the_top(output, scorer)  # the claims move down a row
    workbook = load_workbook(output)
    workbook["Calls"]["B4"].fill = PatternFill("solid", fgColor=BLUE)
    workbook.save(output)
    before = {cell.coordinate: appearance(cell) for row in load_workbook(output)["Calls"].iter_rows() for cell in row}

    report = merge_copies(output, [ana, ben])
    assert (report.applied, report.comments_taken) == (0, 2)  # no value changed; Ana's two notes
    looked, noted = report.conflicts
    # B4 both marked, otherwise: the desk's blue stays, and Ana's green is listed in words.
    assert looked.column == "Calls: B4 (look)"
    assert [(file, look) for file, _, look in looked.values] == [("bridge.xlsx", "fill #0070C0"), ("ana.xlsx", "fill #00B050")]
    assert noted.column == "Calls: A2 (note)"  # Ben's note where Ana's came in
    assert [(file, note) for file, _, note in noted.values] == [("bridge.xlsx", "ask for Ms Berg"), ("ben.xlsx", "Berg is on leave")]
    if not resave:  # LibreOffice writes a note's author as a space
        assert [author for _, author, _ in noted.values] == ["Ana Lopes", "Ben Okafor"]
    calls = load_workbook(output)["Calls"]
    fills = {place: calls[place].fill.fgColor.rgb if calls[place].fill.fill_type else None for place in ("B2", "B3", "B4", "B5")}
    assert fills == {"B2": GREEN, "B3": None, "B4": BLUE, "B5": YELLOW}
    assert [calls[f"B{row}"].value for row in range(2, 6)] == ["waiting"] * 4
    # No other look changed: LibreOffice spells every look its own way, and each reads the same.
    assert {place for place, look in before.items() if appearance(calls[place]) != look} == {"B2", "B3", "A5"}
    assert calls["A5"].font.b and calls["A5"].font.color.rgb == RED
    assert (calls["A2"].comment.text, calls["A3"].comment.text) == ("ask for Ms Berg", "rang twice, call back at three")
    linked = calls["A4"].hyperlink.location  # the same claim, where the desk's run moved it
    assert str(load_workbook(output)["Claims"][linked.split("!")[1]].value) == str(linked_claim) and linked != f"Claims!{letter}3"

    again = merge_copies(output, [ana, ben])  # the same copies again: nothing more
    assert (again.applied, again.comments_taken, len(again.conflicts)) == (0, 0, 2)
    listed = load_workbook(output)["Conflicts"]
    assert [row[3] for row in listed.iter_rows(min_row=2, values_only=True)].count("Calls: B4 (look)") == 2  # each side once
    assert load_workbook(output)["Calls"]["B4"].fill.fgColor.rgb == BLUE


def test_a_name_a_reviewer_defined_over_claims_alone_comes_over_the_desks_claims(desk, scorer):
    output, claims = desk
    ana = take_copy(output, "ana.xlsx")
    workbook = load_workbook(ana)
    verdict = column_letters(workbook["Claims"])["verdict"]
    _, last = rows_of(ana)
    workbook.defined_names.add(DefinedName("verdicts", attr_text=f"Claims!${verdict}$2:${verdict}${last}"))  # Formulas > Name Manager
    workbook.save(ana)
    rerun_with_a_new_claim_near_the_top(output, scorer)
    workbook = load_workbook(output)
    workbook.defined_names.add(DefinedName("sources", attr_text="Sources!$A$2:$A$9"))  # the desk's own, kept
    workbook.save(output)

    assert merge_copies(output, [ana]).added_sheets == ()
    names = load_workbook(output).defined_names
    assert names["verdicts"].attr_text == f"Claims!${verdict}$2:${verdict}${last + 1}"  # every claim of the desk's
    assert names["sources"].attr_text == "Sources!$A$2:$A$9"


def test_what_a_copy_put_where_the_desk_merged_cells_or_deleted_the_row_since_is_a_conflict_not_a_crash(desk, scorer):
    """Ana fills in two calls of the log the desk handed out, with a note and a link each; the
    desk has since merged cells over the first call's row and typed a heading over the second."""
    output, claims = desk
    workbook = load_workbook(output)
    calls = workbook.create_sheet("Calls")
    for values in (["Who", "What", "When"], ["Port authority"], ["Council"]):
        calls.append(values)
    workbook.save(output)
    rerun_with_a_new_claim_near_the_top(output, scorer)
    ana = take_copy(output, "ana.xlsx")
    workbook = load_workbook(ana)
    calls = workbook["Calls"]
    for row, said, note, link in ((2, "rang twice", "no answer", "https://port.example/contacts"), (3, "left a message", "call back Monday", "https://council.example/press")):
        calls[f"B{row}"] = said
        calls[f"B{row}"].comment = Comment(note, "Ana Lopes")
        calls[f"C{row}"].hyperlink = link
    workbook.save(ana)
    workbook = load_workbook(output)
    workbook["Calls"].merge_cells("A2:C2")  # the desk's, over the row Ana wrote in
    workbook["Calls"]["A3"] = "Calls still to make, by Monday"  # a heading in place of Council's row
    workbook.save(output)

    result = factcheck("merge", output, ana)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    listed = [(row[3], row[4], row[6]) for row in load_workbook(output)["Conflicts"].iter_rows(min_row=2, values_only=True)]
    assert listed == [  # each thing Ana did there, none of it put anywhere
        ("Calls: B2", "bridge.xlsx", "(inside merged cells)"),
        ("Calls: B2", "ana.xlsx", "rang twice"),
        ("Calls: C2", "bridge.xlsx", "(inside merged cells)"),
        ("Calls: C2", "ana.xlsx", "https://port.example/contacts"),  # a link typed in an empty cell shows its address
        ("Calls: B3", "bridge.xlsx", "(row deleted)"),
        ("Calls: B3", "ana.xlsx", "left a message"),
        ("Calls: B3 (note)", "bridge.xlsx", "(row deleted)"),
        ("Calls: B3 (note)", "ana.xlsx", "call back Monday"),
        ("Calls: C3", "bridge.xlsx", "(row deleted)"),
        ("Calls: C3", "ana.xlsx", "https://council.example/press"),
        ("Calls: C3 (link)", "bridge.xlsx", "(row deleted)"),
        ("Calls: C3 (link)", "ana.xlsx", "https://council.example/press"),
        ("Calls: B2 (note)", "bridge.xlsx", "(inside merged cells)"),
        ("Calls: B2 (note)", "ana.xlsx", "no answer"),
        ("Calls: C2 (link)", "bridge.xlsx", "(inside merged cells)"),
        ("Calls: C2 (link)", "ana.xlsx", "https://port.example/contacts"),
    ]
    calls = load_workbook(output)["Calls"]
    assert [calls["A2"].value, calls["A3"].value, calls.max_row] == ["Port authority", "Calls still to make, by Monday", 3]


LOG = [
    ("Who", "About", "Status"),
    ("Port authority", "traffic", "to call"),
    ("Council", "budget", "to call"),
    ("Harbour master", "ferries", "to call"),
    ("Lund's office", "quote", "to call"),
    ("Survey firm", "1962 count", "to call"),
]


def log_rows(sheet):
    return [tuple(cell.value for cell in row[:4]) for row in sheet.iter_rows(min_row=1, max_row=sheet.max_row, max_col=4)]


@pytest.mark.parametrize("resave", [False, pytest.param(True, marks=pytest.mark.slow)], ids=["openpyxl", "libreoffice"])
def test_rows_reviewers_add_delete_or_sort_on_a_shared_sheet_land_on_the_desks_rows(desk, scorer, tmp_path, resave):
    """A call log the desk handed out: Ana sorts it, marks calls and adds one, Ben deletes a row
    and adds one, the desk inserts a row and deletes another; Cy inserts a row in a sheet the
    desk left alone. With ``resave``, every side was saved again by LibreOffice."""
    output, _ = desk
    workbook = load_workbook(output)
    for title in ("Calls", "Leads"):
        sheet = workbook.create_sheet(title)
        for values in LOG:
            sheet.append(values)
    workbook.save(output)
    rerun_with_a_new_claim_near_the_top(output, scorer)  # the run records both sheets
    ana, ben, cy = (take_copy(output, f"{name}.xlsx") for name in ("ana", "ben", "cy"))

    workbook = load_workbook(ana)  # Ana sorts the log by who, marks two calls and adds one
    calls = workbook["Calls"]
    for number, values in enumerate(sorted(LOG[1:]), start=2):
        for column, value in enumerate(values, start=1):
            calls.cell(number, column, value)
    calls["C3"] = "called"  # Harbour master, third after the sort
    calls["C3"].fill = PatternFill("solid", fgColor=GREEN)
    calls["C4"] = "called back"  # Lund's office
    calls["C4"].fill = PatternFill("solid", fgColor=GREEN)
    calls.append(["Mayor's office", "opening date", "to call"])
    workbook.save(ana)
    workbook = load_workbook(ben)  # Ben deletes the Survey firm's row and Council's, and adds a call, counting its letters
    workbook["Calls"].delete_rows(6)
    workbook["Calls"].delete_rows(3)
    workbook["Calls"].append(["Ferry union", "ferries", "called", "=LEN(A5)"])
    workbook.save(ben)
    workbook = load_workbook(cy)  # Cy inserts a lead in the middle of a sheet the desk leaves alone
    workbook["Leads"].insert_rows(3)
    workbook["Leads"]["A3"], workbook["Leads"]["C3"] = "Coastguard", "to call"
    workbook.save(cy)
    workbook = load_workbook(output)  # the desk inserts a call near the top, deletes Lund's and marks the Survey firm's
    calls = workbook["Calls"]
    calls.insert_rows(3)
    calls["A3"], calls["B3"], calls["C3"] = "Coastguard", "storm", "to call"
    calls.delete_rows(6)
    calls["C6"] = "emailed"
    calls["C4"].fill = PatternFill("solid", fgColor=ORANGE)  # Council's: the desk marks it, by colour alone
    workbook.save(output)
    if resave:
        for path in (ana, ben, cy, output):
            libreoffice_resave(path, tmp_path / path.stem)

    report = merge_copies(output, [ana, ben, cy])
    calls = load_workbook(output)["Calls"]
    assert log_rows(calls) == [
        ("Who", "About", "Status", None),
        ("Port authority", "traffic", "to call", None),
        ("Coastguard", "storm", "to call", None),
        ("Council", "budget", "to call", None),  # deleted by Ben, marked by the desk: kept whole
        ("Harbour master", "ferries", "called", None),  # Ana's mark, on the desk's row, not the row it had in her sorted copy
        ("Survey firm", "1962 count", "emailed", None),  # deleted by Ben, changed by the desk: kept whole
        ("Mayor's office", "opening date", "to call", None),
        ("Ferry union", "ferries", "called", "=LEN(A8)"),  # below Ana's, its formula reading its own row
    ]
    assert calls["C5"].fill.fgColor.rgb == GREEN and calls["C6"].fill.fgColor.rgb != GREEN and calls["C4"].fill.fgColor.rgb == ORANGE
    assert [(c.column, c.values) for c in report.conflicts] == [
        ("Calls: C4", (("bridge.xlsx", "", "(row deleted)"), ("ana.xlsx", "", "called back"))),  # Lund's, which the desk deleted
        ("Calls: C4 (look)", (("bridge.xlsx", "", "(row deleted)"), ("ana.xlsx", "", "fill #00B050"))),
        ("Calls: C4 (look)", (("bridge.xlsx", "", "fill #FFC000"), ("ben.xlsx", "", "(row deleted)"))),  # Council's
        ("Calls: C6", (("bridge.xlsx", "", "emailed"), ("ben.xlsx", "", "(row deleted)"))),
    ]
    assert log_rows(load_workbook(output)["Leads"]) == [*[(*values, None) for values in LOG[:2]], ("Coastguard", None, "to call", None), *[(*values, None) for values in LOG[2:]]]

    before = log_rows(calls)
    again = merge_copies(output, [ana, ben, cy])  # merged twice, the rows come once
    assert log_rows(load_workbook(output)["Calls"]) == before and again.applied == 0


@pytest.mark.parametrize("resave", [False, pytest.param(True, marks=pytest.mark.slow)], ids=["openpyxl", "libreoffice"])
def test_a_row_a_reviewer_added_to_a_shared_sheet_comes_with_its_height_and_merged_cells(desk, scorer, tmp_path, resave):
    """Ana appends a call to the log the desk handed out, its long note typed across About and
    Status merged, in a row she made taller to read it; the desk has marked a call since."""
    output, _ = desk
    workbook = load_workbook(output)
    calls = workbook.create_sheet("Calls")
    for values in LOG:
        calls.append(values)
    calls.merge_cells("B8:C8")  # the desk's own, under the log: Ana's merge must not meet it
    workbook.save(output)
    rerun_with_a_new_claim_near_the_top(output, scorer)
    ana = take_copy(output, "ana.xlsx")
    workbook = load_workbook(ana)
    calls = workbook["Calls"]
    calls["A7"], calls["B7"] = "Mayor's office", "asked about the opening date, the cost overrun and the ferry timetable"
    calls.merge_cells("B7:C7")
    calls["B7"].alignment = Alignment(wrap_text=True, vertical="top")
    calls.row_dimensions[7].height = 45
    calls["A9"], calls["B9"] = "Coastguard", "storm closures"  # under the desk's merge, in the copy's own
    calls.merge_cells("B9:C9")
    workbook.save(ana)
    workbook = load_workbook(output)
    workbook["Calls"]["C3"] = "called"  # the desk's sheet is no longer as recorded: rows are matched
    workbook.save(output)
    if resave:
        libreoffice_resave(ana, tmp_path / "ana")

    assert merge_copies(output, [ana]).conflicts == ()
    calls = load_workbook(output)["Calls"]
    assert [calls["A7"].value, calls["C3"].value, calls["A9"].value] == ["Mayor's office", "called", "Coastguard"]
    assert calls.row_dimensions[7].height == 45 and calls["B7"].alignment.wrap_text
    assert sorted(str(cells) for cells in calls.merged_cells.ranges) == ["B7:C7", "B8:C8", "B9:C9"]
    assert calls.row_dimensions[2].height is None  # the desk's rows as they were
    assert calls.row_dimensions[9].height is None  # one the reviewer left as it was (LibreOffice writes 15 on it)

    assert merge_copies(output, [ana]).applied == 0  # merged again: nothing more
    assert sorted(str(cells) for cells in load_workbook(output)["Calls"].merged_cells.ranges) == ["B7:C7", "B8:C8", "B9:C9"]


@pytest.mark.parametrize("resave", [False, pytest.param(True, marks=pytest.mark.slow)], ids=["openpyxl", "libreoffice"])
def test_a_row_a_reviewer_inserted_in_the_middle_of_a_shared_sheet_is_inserted_there(desk, scorer, tmp_path, resave):
    """The desk's call log ends in a count of the calls made, with a rule over the statuses and
    a Tally sheet reading two cells. Ana inserts the Coastguard under Port authority and marks
    it called, Ben the Pilot station under the Harbour master; the desk marks Council's call
    since. The desk's formulas, rule and Tally follow their rows, as when a spreadsheet program
    inserts one, and the copies' Tally, which their programs moved, reads as the desk's. Ben's
    note on a claim, reading Lund's office, and his link to it read it in the workbook too, and
    his drop-down of the first three callers offers them and the Coastguard Ana put among them."""
    output, claims = desk
    workbook = load_workbook(output)
    tally = workbook.create_sheet("Tally")  # a tab before the log's: merged after it all the same
    tally["A1"], tally["A2"] = "=Calls!C8", "=Calls!A5"  # the count, and Lund's office
    calls = workbook.create_sheet("Calls")
    for values in LOG:
        calls.append(values)
    calls["A8"], calls["C8"] = "Calls made", '=COUNTIF(C2:C6,"called")'
    calls.conditional_formatting.add("C2:C6", CellIsRule(operator="equal", formula=['"to call"'], font=Font(color=RED)))
    workbook.save(output)
    rerun_with_a_new_claim_near_the_top(output, scorer)
    ana, ben = take_copy(output, "ana.xlsx"), take_copy(output, "ben.xlsx")
    for copy, at, values in ((ana, 3, ["Coastguard", "storm", "called", "=LEN(A3)"]), (ben, 5, ["Pilot station", "fog", "called"])):
        workbook = load_workbook(copy)
        calls = workbook["Calls"]
        calls.insert_rows(at)
        for column, value in enumerate(values, start=1):
            calls.cell(at, column, value)
        calls["C9"] = '=COUNTIF(C2:C7,"called")'  # as the spreadsheet program moved them
        workbook["Tally"]["A1"], workbook["Tally"]["A2"] = "=Calls!C9", "=Calls!A6"
        workbook.save(copy)
    workbook = load_workbook(ben)
    sheet, row = workbook["Claims"], rows_of(ben)[0][claims[0]]
    letters = column_letters(sheet)
    sheet[f"{letters['notes']}{row}"] = '="asked "&Calls!A6'
    sheet[f"{letters['sources']}{row}"] = "the call"
    sheet[f"{letters['sources']}{row}"].hyperlink = Hyperlink(ref=f"{letters['sources']}{row}", location="Calls!A6")
    callers = DataValidation(type="list", formula1="=Calls!$A$2:$A$4")  # the first three callers, as a drop-down
    sheet.add_data_validation(callers)
    callers.add(f"{letters['reviewer']}2:{letters['reviewer']}{rows_of(ben)[1]}")  # every claim's
    workbook.save(ben)
    workbook = load_workbook(output)
    workbook["Calls"]["C3"] = "emailed"  # Council's: the desk's sheet is no longer as recorded
    workbook.save(output)
    if resave:
        for path in (ana, ben, output):
            libreoffice_resave(path, tmp_path / path.stem)

    report = merge_copies(output, [ana, ben])
    assert report.conflicts == ()
    workbook = load_workbook(output)
    calls = workbook["Calls"]
    assert log_rows(calls) == [
        ("Who", "About", "Status", None),
        ("Port authority", "traffic", "to call", None),
        ("Coastguard", "storm", "called", "=LEN(A3)"),  # where Ana put it, not under the count
        ("Council", "budget", "emailed", None),
        ("Harbour master", "ferries", "to call", None),
        ("Pilot station", "fog", "called", None),
        ("Lund's office", "quote", "to call", None),
        ("Survey firm", "1962 count", "to call", None),
        (None, None, None, None),
        ("Calls made", None, '=COUNTIF(C2:C8,"called")', None),
    ]
    assert [str(formatting.sqref) for formatting in calls.conditional_formatting] == ["C2:C8"]
    assert [row for row in workbook["Tally"].iter_rows(values_only=True)] == [("=Calls!C10",), ("=Calls!A7",)]  # no more
    sheet, row = workbook["Claims"], rows_of(output)[0][claims[0]]
    letters = column_letters(sheet)
    assert sheet[f"{letters['notes']}{row}"].value == '="asked "&Calls!A7'
    assert sheet[f"{letters['sources']}{row}"].hyperlink.location == "Calls!A7"
    assert [v.formula1.lstrip("=") for v in sheet.data_validations.dataValidation if "Calls" in v.formula1] == ["Calls!$A$2:$A$5"]

    assert merge_copies(output, [ana, ben]).applied == 0  # merged again: nothing more
    assert log_rows(load_workbook(output)["Calls"]) == log_rows(calls)
    computed = load_workbook(converted(output, tmp_path / "computed"), data_only=True)
    assert (computed["Tally"]["A1"].value, computed["Tally"]["A2"].value, computed["Calls"]["D3"].value) == (2, "Lund's office", 10)
    assert computed["Claims"][f"{letters['notes']}{row}"].value == "asked Lund's office"



def test_what_reads_a_log_the_desk_left_as_handed_out_reads_the_same_calls_once_merged(desk, scorer):
    """The desk leaves its call log as handed out. Ana points a note at Council's call
    (=Calls!A3), leaving the log as it was; Ben inserts the Coastguard at the top, deletes the Harbour
    master and types Survey firm's number in a Phone column he inserts after Who. Ana's note
    and the desk's Tally read the same calls afterwards: Ben's rows and columns are matched to
    the desk's, not laid over them by place."""
    output, claims = desk
    workbook = load_workbook(output)
    calls = workbook.create_sheet("Calls")
    for values in LOG:
        calls.append(values)
    tally = workbook.create_sheet("Tally")
    tally["A1"] = "=Calls!A5"  # Lund's office
    workbook.save(output)
    rerun_with_a_new_claim_near_the_top(output, scorer)
    ana, ben = take_copy(output, "ana.xlsx"), take_copy(output, "ben.xlsx")
    workbook = load_workbook(ana)
    sheet, row = workbook["Claims"], rows_of(ana)[0][claims[0]]
    sheet[f"{column_letters(sheet)['notes']}{row}"] = "=Calls!A3"
    workbook.save(ana)
    workbook = load_workbook(ben)
    calls = workbook["Calls"]
    calls.delete_rows(4)  # the Harbour master
    calls.insert_rows(2)
    calls["A2"], calls["B2"], calls["C2"] = "Coastguard", "storm", "to call"
    calls.insert_cols(2)
    calls["B1"], calls["B6"] = "Phone", "555 0101"  # Survey firm's
    workbook["Tally"]["A1"] = "=Calls!A5"  # as his program moved it: Lund's office still
    workbook.save(ben)

    report = merge_copies(output, [ana, ben])
    assert report.conflicts == ()
    workbook = load_workbook(output)
    calls = workbook["Calls"]
    at = {calls.cell(row, 1).value: row for row in range(2, calls.max_row + 1) if calls.cell(row, 1).value}
    assert list(at) == ["Coastguard", "Port authority", "Council", "Lund's office", "Survey firm"]
    assert [c.value for c in calls[1]] == ["Who", "About", "Status", "Phone"]
    assert calls[f"D{at['Survey firm']}"].value == "555 0101"
    sheet, row = workbook["Claims"], rows_of(output)[0][claims[0]]
    assert sheet[f"{column_letters(sheet)['notes']}{row}"].value == f"=Calls!A{at['Council']}"
    lund = at["Lund's office"]
    assert workbook["Tally"]["A1"].value == f"=Calls!A{lund}"


def test_a_column_a_reviewer_inserted_in_a_shared_sheet_comes_right_of_the_desks(desk, scorer):
    """Ana inserts a Phone column after Who in the call log the desk handed out and adds a call
    whose formula reads its About cell; Ben marks a call; the desk retypes a cell."""
    output, _ = desk
    workbook = load_workbook(output)
    calls = workbook.create_sheet("Calls")
    for values in LOG:
        calls.append(values)
    workbook.save(output)
    rerun_with_a_new_claim_near_the_top(output, scorer)
    ana, ben = take_copy(output, "ana.xlsx"), take_copy(output, "ben.xlsx")
    workbook = load_workbook(ana)
    calls = workbook["Calls"]
    calls.insert_cols(2)
    calls["B1"], calls["B3"], calls["B5"] = "Phone", "555 0142", "555 0199"  # Council's, Lund's office's
    calls.append(["Mayor's office", None, "opening date", "to call", "=LEN(C7)"])
    workbook.save(ana)
    workbook = load_workbook(ben)
    workbook["Calls"]["C4"] = "called"  # Harbour master
    workbook.save(ben)
    workbook = load_workbook(output)
    workbook["Calls"]["B2"] = "traffic counts"  # the desk's own edit: the sheet is no longer as recorded
    workbook.save(output)

    report = merge_copies(output, [ana, ben])
    assert report.conflicts == ()
    assert log_rows(load_workbook(output)["Calls"]) == [
        ("Who", "About", "Status", "Phone"),
        ("Port authority", "traffic counts", "to call", None),
        ("Council", "budget", "to call", "555 0142"),
        ("Harbour master", "ferries", "called", None),
        ("Lund's office", "quote", "to call", "555 0199"),
        ("Survey firm", "1962 count", "to call", None),
        ("Mayor's office", "opening date", "to call", None),
    ]
    calls = load_workbook(output)["Calls"]
    assert calls["E7"].value == "=LEN(B7)"  # Ana's formula, reading the About cell of its row where it landed
    assert merge_copies(output, [ana, ben]).applied == 0  # merged again: no second Phone column



@pytest.mark.slow
def test_calls_appended_to_a_log_formatted_as_a_table_come_inside_the_table(desk, scorer, tmp_path):
    """The desk's call log is an Excel table (Format as Table) counted by =ROWS(Log[Who]); Ana
    and Ben each append a call, which Excel takes into the table; the desk retyped a cell."""
    output, _ = desk
    workbook = load_workbook(output)
    calls = workbook.create_sheet("Calls")
    for values in LOG:
        calls.append(values)
    calls.add_table(Table(displayName="Log", ref="A1:C6"))
    calls["E1"] = "=ROWS(Log[Who])"
    workbook.save(output)
    rerun_with_a_new_claim_near_the_top(output, scorer)
    ana, ben = take_copy(output, "ana.xlsx"), take_copy(output, "ben.xlsx")
    for copy, values in ((ana, ["Mayor's office", "opening date", "to call"]), (ben, ["Ferry union", "ferries", "called"])):
        workbook = load_workbook(copy)
        workbook["Calls"].append(values)
        workbook["Calls"].tables["Log"].ref = "A1:C7"  # as Excel grows a table over a row typed under it
        workbook.save(copy)
    workbook = load_workbook(output)
    workbook["Calls"]["C2"] = "called"
    workbook.save(output)

    merge_copies(output, [ana, ben])
    calls = load_workbook(output)["Calls"]
    assert [calls["A7"].value, calls["A8"].value] == ["Mayor's office", "Ferry union"]
    assert calls.tables["Log"].ref == "A1:C8"
    assert load_workbook(converted(output, tmp_path / "computed"), data_only=True)["Calls"]["E1"].value == 7  # both calls counted

def test_the_record_of_a_long_sheet_takes_parts_and_a_damaged_one_records_no_cells():
    workbook = Workbook()
    workbook.active.title = "Claims"  # a tool sheet: not recorded
    figures = workbook.create_sheet("Figures")
    for row in range(1, 1501):
        figures.append([f"figure number {row}", row * 2.5, f"=B{row}*2"])
        figures.cell(row, 2).number_format = "0.00"
    figures["A1"].comment = Comment("from the 2019 audit", "Ana Lopes")
    workbook.create_sheet("Empty")
    record_own_sheets(workbook)
    parts = list(workbook["Own sheets as written"].iter_rows(min_row=2, values_only=True))
    numbers = [part for title, part, _ in parts if title == "Figures"]
    assert len(numbers) > 1 and numbers == list(range(1, len(numbers) + 1)) and parts[-1][:2] == ("Empty", 1)
    assert all(len(cells) <= 32_767 for _, _, cells in parts)
    recorded = recorded_own_sheets(workbook)
    assert recorded["Empty"] == RecordedSheet({}, {}, {}) and len(recorded["Figures"].cells) == 4500
    assert (recorded["Figures"].cells["A1500"], recorded["Figures"].cells["B3"], recorded["Figures"].cells["C7"]) == ("figure number 1500", "7.5", "=B7*2")
    assert recorded["Figures"].notes == {"A1": "from the 2019 audit"}
    looks = recorded["Figures"].looks
    assert len(looks) == 1500 and len(set(looks.values())) == 1 and looks["B1500"] == appearance(figures["B3"]) != ""
    workbook["Own sheets as written"]["C2"] = "a hand was here"
    assert recorded_own_sheets(workbook) == {"Figures": RecordedSheet({}, None, None), "Empty": RecordedSheet({}, {}, {})}


def test_a_record_written_before_looks_and_notes_reads_as_cells_alone():
    workbook = Workbook()
    record = workbook.create_sheet("Own sheets as written")
    record.append(["Sheet", "Part", "Cells as written"])
    record.append(["Calls", 1, json.dumps({"A1": "Who", "B2": "=Claims!D3"})])
    assert recorded_own_sheets(workbook) == {"Calls": RecordedSheet({"A1": "Who", "B2": "=Claims!D3"}, None, None)}


def test_a_look_reads_alike_however_it_is_spelt():
    workbook = Workbook()
    sheet = workbook.active
    sheet["A1"].font = Font(name="Calibri")  # a look of its own that shows as none
    sheet["A2"].alignment = Alignment(horizontal="general", vertical="bottom", wrap_text=False)  # LibreOffice's defaults, spelt out
    sheet["A3"].font = Font(color="FF000000")
    sheet["A4"].border = Border(left=Side(style=None), right=Side(style=None))
    sheet["A5"].font = Font(underline="none", color="00000000")
    sheet["B1"].fill = PatternFill("solid", fgColor=YELLOW, bgColor="FF33CCCC")  # a background LibreOffice gives a solid fill
    sheet["B2"].fill = PatternFill("solid", fgColor=YELLOW)
    sheet["B3"].fill = PatternFill("solid", fgColor=GREEN)
    sheet["B4"].font = Font(bold=True)
    sheet["B5"].number_format = "0.00"
    sheet["C1"].fill = PatternFill("solid", fgColor="00" + YELLOW[2:])  # openpyxl's alpha; LibreOffice writes FF
    sheet["C2"].number_format, sheet["C3"].number_format = "yyyy-mm-dd", "yyyy\\-mm\\-dd"  # LibreOffice escapes the dashes
    sheet["C4"].font = Font(underline="single")
    assert {appearance(sheet[place]) for place in ("A1", "A2", "A3", "A4", "A5", "C9")} == {""}
    assert appearance(sheet["B1"]) == appearance(sheet["B2"]) == appearance(sheet["C1"]) != appearance(sheet["B3"])
    assert appearance(sheet["C2"]) == appearance(sheet["C3"]) != ""
    assert len({appearance(sheet[place]) for place in ("B2", "B3", "B4", "B5", "C2", "C4")}) == 6


@pytest.mark.slow
def test_libreoffice_computes_a_brought_sheet_over_the_desks_claims(desk, scorer, tmp_path):
    """Ana's copy goes through LibreOffice, as a reviewer's would; the merged workbook then opens
    in LibreOffice, whose values show her formulas reading the claims she pointed at."""
    output, claims = desk
    copy = take_copy(output, "ana.xlsx")
    read = add_call_log(copy, claims)
    libreoffice_resave(copy, tmp_path)
    rerun_with_a_new_claim_near_the_top(output, scorer)
    _, last = rows_of(output)
    result = factcheck("merge", output, copy)
    assert result.returncode == 0, result.stderr
    assert "added: sheet 'Calls' of ana.xlsx" in result.stdout

    sheet = load_workbook(converted(output, tmp_path / "computed"), data_only=True)["Calls"]
    assert (sheet["B2"].value, sheet["B3"].value) == read
    assert sheet["A5"].value == last - 1  # every claim of the desk's, the one its re-run added too
    assert (sheet["B5"].value, sheet["C5"].value) == (2, 2)  # the name and the table resolve
    assert sheet["D5"].value == 1  # the name over Claims: the desk's one verdict


@pytest.mark.slow
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(desk_edits=LOG_EDITS, ana_edits=LOG_EDITS, ben_edits=LOG_EDITS, data=st.data())
def test_a_note_reading_the_shared_log_reads_the_same_call_once_merged(desk, tmp_path_factory, desk_edits, ana_edits, ben_edits, data):
    """The desk, Ana and Ben each insert, delete, append and retype calls in the log handed out,
    and each may insert a Phone column of their own and type every caller's number in it; Ana
    and Ben then point notes on claims at cells of their own copy (=Calls!C5, a call's status).
    Once both copies are merged, each note reads the same caller's cell under the same header,
    wherever that call and column now stand, and each number is on its caller's row; merged
    again, those notes neither change nor conflict."""
    output, claims = desk
    workbook_path = tmp_path_factory.mktemp("log") / "bridge.xlsx"
    workbook = load_workbook(output)
    calls = workbook.create_sheet("Calls")
    calls.append(["Who", "About", "Status"])
    for number in range(1, 6):
        calls.append([f"caller {number}", f"topic {number}", "to call"])
    count_letters(calls)
    record_own_sheets(workbook)  # as check records the sheets it hands out
    workbook.save(workbook_path)
    ana, ben = take_copy(workbook_path, "ana.xlsx"), take_copy(workbook_path, "ben.xlsx")
    pointed = {}  # claim -> (the caller, the header) of the cell its note reads
    numbers = {}  # (the caller, the Phone column's header) -> the number typed
    for side, path, edits, noted in (("desk", workbook_path, desk_edits, ()), ("ana", ana, ana_edits, claims[:3]), ("ben", ben, ben_edits, claims[3:5])):
        workbook = load_workbook(path)
        calls = workbook["Calls"]
        edit_log(calls, edits, side)
        held = [row for row in range(2, calls.max_row + 1) if calls.cell(row, 1).value]
        if (phone := data.draw(st.none() | st.integers(2, 4), label=f"{side}'s Phone column")) is not None:
            calls.insert_cols(phone)  # the =LEN(A7) of each call reads column A: still right
            calls.cell(1, phone, f"Phone {side}")
            for row in held:
                numbers[calls.cell(row, 1).value, f"Phone {side}"] = calls.cell(row, phone, f"tel {calls.cell(row, 1).value}").value
        rows, _ = rows_of(path)
        notes = column_letters(workbook["Claims"])["notes"]
        headers = [cell.column_letter for cell in calls[1] if cell.value]
        for claim in noted if held else ():
            row, letter = data.draw(st.sampled_from(held)), data.draw(st.sampled_from(headers))
            workbook["Claims"][f"{notes}{rows[claim]}"] = f"=Calls!{letter}{row}"
            pointed[claim] = (calls.cell(row, 1).value, calls[f"{letter}1"].value)
        workbook.save(path)

    merge_copies(workbook_path, [ana, ben])
    workbook = load_workbook(workbook_path)
    calls, (rows, _) = workbook["Calls"], rows_of(workbook_path)
    at = {calls.cell(row, 1).value: row for row in range(2, calls.max_row + 1) if calls.cell(row, 1).value}
    header_at = {cell.value: cell.column for cell in calls[1] if cell.value}
    notes = column_letters(workbook["Claims"])["notes"]
    for claim, (caller, header) in pointed.items():
        if caller in at:  # not a call the desk or the other copy deleted
            reference = re.fullmatch(r"=Calls!([A-Z]+)(\d+)", workbook["Claims"][f"{notes}{rows[claim]}"].value)
            assert (calls.cell(int(reference[2]), 1).value, calls[f"{reference[1]}1"].value) == (caller, header), claim
    for (caller, header), number in numbers.items():
        if caller in at and not header.endswith("desk"):  # the desk's own stay as it typed them
            assert calls.cell(at[caller], header_at[header]).value == number, (caller, header)
    # Merged again. (A note on a call another copy deleted reads a row no call holds: its
    # copy's reference has no row to go to then, and is listed against the workbook's.)
    standing = [claim for claim, (caller, _) in pointed.items() if caller in at]
    noted = {claim: workbook["Claims"][f"{notes}{rows[claim]}"].value for claim in standing}
    again = merge_copies(workbook_path, [ana, ben])
    assert not [conflict for conflict in again.conflicts if conflict.column == "Notes" and conflict.claim in standing]
    claims_sheet = load_workbook(workbook_path)["Claims"]
    assert {claim: claims_sheet[f"{notes}{rows[claim]}"].value for claim in standing} == noted
