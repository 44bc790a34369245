"""References in a reviewer's formulas follow the rows of the tool's tables (references.py)."""

from dataclasses import replace

import pytest
from openpyxl import Workbook
from openpyxl.worksheet.pagebreak import Break
from openpyxl.comments import Comment
from openpyxl.worksheet.formula import ArrayFormula

from factcheck.carry import TableMove
from factcheck.references import ReferenceMover, move_references

HEADERS = {"Claim": 4, "Verdict": 14, "Notes": 16}
# Claims had claims on rows 2 to 8. A new claim now sits on row 3, so rows 3 to 6 moved down
# one; row 7 left the article with a verdict (now Retired row 2) and row 8 moved up to row 8.
MOVE = TableMove(
    rows={2: ("Claims", 2), 3: ("Claims", 4), 4: ("Claims", 5), 5: ("Claims", 6), 6: ("Claims", 7), 7: ("Retired", 2), 8: ("Claims", 8)},
    header_at={number: header for header, number in HEADERS.items()},
    last_row=8,
    new_last_row=8,
    last_listed_row=8,
    new_last_listed_row=8,
)
RETIRED = TableMove(rows={}, header_at={4: "Claim", 14: "Verdict", 16: "Notes"}, last_row=1, new_last_row=2, last_listed_row=1, new_last_listed_row=2)


def grown_by(rows, move=MOVE):
    """``move`` with its table grown by ``rows`` rows at the end."""
    return replace(move, new_last_row=move.new_last_row + rows, new_last_listed_row=move.new_last_listed_row + rows)


def moved(formula, *, renamed=None, sheet="Mine", moves=None, grown=0):
    workbook = Workbook()
    workbook.active.title = "Claims"
    workbook.create_sheet("Retired")
    own = workbook.create_sheet(sheet) if sheet not in workbook.sheetnames else workbook[sheet]
    own["A1"] = formula
    move = grown_by(grown)
    move_references(workbook, moves or {"Claims": move, "Retired": RETIRED}, lambda title: HEADERS, renamed or {})
    return own["A1"].value


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("=Claims!N3", "=Claims!N4"),
        ("=Claims!$N$3", "=Claims!$N$4"),
        ("='Claims'!N5&\" (Claims!N5)\"", "='Claims'!N6&\" (Claims!N5)\""),  # text is text
        ("=Claims!D7", "=Retired!D2"),  # the claim left the article: its row is on Retired now
        ("=Claims!N1", "=Claims!N1"),  # the header
        ("=Claims!N12", "=Claims!N12"),  # below a table that did not grow
        ("=COUNTA(Claims!N:N)", "=COUNTA(Claims!N:N)"),
        ("=SUM(Mine!B2:B9)+Other!A3", "=SUM(Mine!B2:B9)+Other!A3"),
        ("=verdicts*2", "=verdicts*2"),  # a name
        ('=COUNTIF(Claims!$N$2:$N$8,"True")', '=COUNTIF(Claims!$N$2:$N$8,"True")'),  # every row: the table kept its size
        ("=COUNTA(Claims!N3:N5)", "=COUNTA(Claims!N4:N6)"),  # some rows: from where the first went to where the last went
        ("=COUNTA(Claims!N5:N7)", "=COUNTA(Claims!N6:N7)"),  # its last row left: the end moves in
    ],
)
def test_references_into_claims(formula, expected):
    assert moved(formula) == expected


def test_a_range_over_every_claim_grows_with_the_table_header_or_not():
    assert moved("=COUNTA(Claims!N2:N8)", grown=2) == "=COUNTA(Claims!N2:N10)"
    assert moved("=COUNTA(Claims!N1:N8)", grown=2) == "=COUNTA(Claims!N1:N10)"
    assert moved("=COUNTA(Claims!N2:N100)", grown=2) == "=COUNTA(Claims!N2:N102)"
    assert moved("=Claims!N12", grown=2) == "=Claims!N14"
    assert moved("=COUNTA(Claims!A2:XFD1048576)", grown=2) == "=COUNTA(Claims!A2:XFD1048576)"
    assert moved("=COUNTA(Claims!N2:N1048575)", grown=2) == "=COUNTA(Claims!N2:N1048576)"


def test_a_total_typed_under_the_claims_leaves_a_range_over_every_claim_over_every_claim():
    # Claims on rows 2 to 8, a blank row and a total on row 10; a new claim now sits on row 2,
    # the blank row on row 10 and the total on row 11.
    total = TableMove(
        rows={**{row: ("Claims", row + 1) for row in range(2, 11)}},
        header_at=MOVE.header_at,
        last_row=10,
        new_last_row=11,
        last_listed_row=8,
        new_last_listed_row=9,
    )
    moves = {"Claims": total, "Retired": RETIRED}
    assert moved("=COUNTA(Claims!N2:N8)", moves=moves) == "=COUNTA(Claims!N2:N9)"  # every claim
    assert moved("=COUNTA(Claims!N2:N9)", moves=moves) == "=COUNTA(Claims!N2:N10)"  # every claim and the blank row
    assert moved("=COUNTA(Claims!N2:N10)", moves=moves) == "=COUNTA(Claims!N2:N11)"  # the total's row too
    assert moved("=COUNTA(Claims!N3:N8)", moves=moves) == "=COUNTA(Claims!N4:N9)"  # some claims
    assert moved("=Claims!N10", moves=moves) == "=Claims!N11"


def test_a_renamed_claims_sheet_is_found_by_its_new_name_and_retired_quoted_when_it_needs_it():
    renamed = {"Claims": "Claims (desk)", "Retired": "Gone 2"}
    assert moved("='Claims (desk)'!N3", renamed=renamed) == "='Claims (desk)'!N4"
    assert moved("='claims (DESK)'!D7", renamed=renamed) == "='Gone 2'!D2"
    assert moved("=Claims!N3", renamed=renamed) == "=Claims!N3"  # no sheet has that name now


def test_a_reference_without_a_sheet_is_to_the_sheet_the_formula_is_on():
    assert moved('=N3&" per the audit"', sheet="Claims") == '=N4&" per the audit"'
    assert moved('=N3&" per the audit"') == '=N3&" per the audit"'


def test_columns_follow_their_headers():
    moves = {"Claims": MOVE, "Retired": RETIRED}
    workbook = Workbook()
    workbook.active.title = "Claims"
    workbook.create_sheet("Retired")
    own = workbook.create_sheet("Mine")
    own["A1"], own["A2"], own["A3"] = "=Claims!N3", "=Claims!P3:P5", "=Claims!D3:N3"
    headers = {"Claim": 4, "Verdict": 5, "Notes": 17}  # Verdict moved beside Claim, a column put before Notes
    move_references(workbook, moves, lambda title: headers, {})
    # A block whose columns no longer sit as they did is left as it was.
    assert (own["A1"].value, own["A2"].value, own["A3"].value) == ("=Claims!E4", "=Claims!Q4:Q6", "=Claims!D3:N3")


def test_names_print_areas_and_links_to_cells_move_too():
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.hyperlink import Hyperlink

    workbook = Workbook()
    claims = workbook.active
    claims.title = "Claims"
    workbook.create_sheet("Retired")
    claims.print_area = "A1:R8"
    workbook.defined_names["verdicts"] = DefinedName("verdicts", attr_text="Claims!$N$2:$N$8")
    claims.defined_names["first_check"] = DefinedName("first_check", attr_text="Claims!$N$3")
    own = workbook.create_sheet("Mine")
    own["A1"].hyperlink = Hyperlink(ref="A1", location="Claims!N3", display="the first check")
    move_references(workbook, {"Claims": grown_by(1), "Retired": RETIRED}, lambda title: HEADERS, {})
    assert claims.print_area == "'Claims'!$A$1:$R$9"
    assert workbook.defined_names["verdicts"].attr_text == "Claims!$N$2:$N$9"
    assert claims.defined_names["first_check"].attr_text == "Claims!$N$4"
    assert own["A1"].hyperlink.location == "Claims!N4"


def test_a_cell_that_went_to_another_sheet_reads_its_references_where_it_was_written():
    mover = ReferenceMover({"Claims": MOVE, "Retired": RETIRED}, lambda title: HEADERS, {}, {})
    # A note on Claims row 7 whose claim left the article: it is on Retired row 2 now.
    assert mover.formula('=IF(N7="False",D7,"")', "Claims", "Retired") == '=IF(N2="False",D2,"")'
    assert mover.formula("=N3", "Claims", "Retired") == "=Claims!N4"  # another claim, still on Claims
    assert mover.formula("=$Z$1+Claims!N3", "Claims", "Retired") == "=Claims!$Z$1+Claims!N4"  # not in the table: still Claims'


def test_a_copys_sheet_names_are_read_and_the_workbooks_written():
    mover = ReferenceMover({"Claims": MOVE, "Retired": RETIRED}, lambda title: HEADERS, {"Claims": "Ana's claims"}, {"Retired": "Gone"})
    assert mover.formula("='Ana''s claims'!N3", "Mine") == "=Claims!N4"
    assert mover.formula("='Ana''s claims'!N7", "Mine") == "=Gone!N2"
    assert mover.formula("=Claims!N3", "Mine") == "=Claims!N3"  # no sheet of the copy had that name


def test_formulas_of_conditional_formats_and_drop_downs_move_too():
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    claims = workbook.active
    claims.title = "Claims"
    workbook.create_sheet("Retired")
    own = workbook.create_sheet("Mine")
    # On Claims, over every claim: a claim listed twice is bold. The range grows keeping its
    # first row, so $D2 (each cell's own row) stays; $D$2:$D$8 grows. A rule over some rows
    # stays on its row numbers, formula and all.
    claims.conditional_formatting.add("D2:D8", FormulaRule(formula=["COUNTIF($D$2:$D$8,$D2)>1"]))
    claims.conditional_formatting.add("N3:N5", FormulaRule(formula=['$N$3="False"']))
    claims.add_data_validation(length := DataValidation(type="custom", formula1="LEN($P2)<=LEN($D$3)*4"))
    length.add("P2:P8")
    # On a sheet of the reviewer's own, a drop-down of the claims and a rule reading one verdict.
    own.add_data_validation(pick := DataValidation(type="list", formula1="Claims!$D$2:$D$8"))
    pick.add("A1")
    own.conditional_formatting.add("A1", FormulaRule(formula=['Claims!N3="False"']))
    # A new claim on row 2: every claim moved down a row.
    down = grown_by(1, replace(MOVE, rows={row: ("Claims", row + 1) for row in range(2, 9)}))
    move_references(workbook, {"Claims": down, "Retired": RETIRED}, lambda title: HEADERS, {})
    rules = {str(cf.sqref): rule.formula for cf in claims.conditional_formatting for rule in cf.rules}
    assert rules == {"D2:D9": ["COUNTIF($D$2:$D$9,$D2)>1"], "N3:N5": ['$N$3="False"']}
    assert (str(length.sqref), length.formula1) == ("P2:P9", "LEN($P2)<=LEN($D$4)*4")
    assert pick.formula1 == "Claims!$D$2:$D$9"
    assert [rule.formula for cf in own.conditional_formatting for rule in cf.rules] == [['Claims!N4="False"']]


def test_rows_inserted_into_a_table_move_what_is_below_them_as_a_spreadsheet_program_does():
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.worksheet.datavalidation import DataValidation

    from factcheck.references import insert_rows

    workbook = Workbook()
    claims = workbook.active
    claims.title = "Claims"
    claims.append(["Claim ID", "Claim", "Verdict", "Notes"])
    for number in range(1, 6):
        claims.append([f"C{number}", f"claim {number}", None, None])
    claims["C7"] = "=COUNTA(C2:C6)"  # a total under the claims
    claims["D5"] = '=IF(C5="","open","")'
    claims["D4"].hyperlink = "https://example.org/a"
    claims.row_dimensions[5].height = 40
    claims.merge_cells("D2:D3")  # above the rows inserted: stays
    claims.merge_cells("B3:B4")  # over them: keeps its rows above
    claims.merge_cells("B5:B6")  # below them: moves down
    claims.add_data_validation(verdicts := DataValidation(type="list", formula1="Lists!$A$1:$A$8"))
    verdicts.add("C2:C6")
    claims.auto_filter.ref = "A1:D6"
    # Rules over some rows, as Excel moves them: one the rows go inside grows, one below them
    # moves down, its formula with it, and one above them stays.
    claims.conditional_formatting.add("C3:C5", FormulaRule(formula=['$C3="False"']))
    claims.conditional_formatting.add("B5:B6", FormulaRule(formula=['AND($C5="",$C$2<>"")']))
    claims.conditional_formatting.add("A2:A3", FormulaRule(formula=['$C2="True"']))
    claims.add_data_validation(notes := DataValidation(type="custom", formula1="LEN($D5)<200"))
    notes.add("D5:D6")
    claims.row_breaks.append(Break(id=2))  # Insert > Page Break on row 3: C2 starts a page
    claims.row_breaks.append(Break(id=5))  # and on row 6, under the rows inserted: C5 does
    own = workbook.create_sheet("Mine")
    own["A1"] = "=Claims!C5"
    insert_rows(workbook, "Claims", ((4, 2),), {})
    assert [claims.cell(row, 1).value for row in range(2, 9)] == ["C1", "C2", None, None, "C3", "C4", "C5"]
    assert (claims["C9"].value, claims["D7"].value, own["A1"].value) == ("=COUNTA(C2:C8)", '=IF(C7="","open","")', "=Claims!C7")
    assert claims["D6"].hyperlink.ref == "D6" and claims.row_dimensions[7].height == 40
    assert sorted(str(cells) for cells in claims.merged_cells.ranges) == ["B7:B8", "D2:D3"]
    assert (str(verdicts.sqref), claims.auto_filter.ref) == ("C2:C8", "A1:D8")
    rules = {str(cf.sqref): rule.formula for cf in claims.conditional_formatting for rule in cf.rules}
    assert rules == {"C3:C7": ['$C3="False"'], "B7:B8": ['AND($C7="",$C$2<>"")'], "A2:A3": ['$C2="True"']}
    assert (str(notes.sqref), notes.formula1) == ("D7:D8", "LEN($D7)<200")
    assert [brk.id for brk in claims.row_breaks.brk] == [2, 7]  # above C2 and C5 still


def test_rows_inserted_at_several_places_of_a_sheet_of_ones_own_move_it_in_one_pass():
    from factcheck.references import insert_rows

    workbook = Workbook()
    calls = workbook.active
    calls.title = "Calls"
    for row in range(1, 7):
        calls.append([f"caller {row}", row, f"=B{row}*2"])
    calls["A8"], calls["B8"] = "Total", "=SUM(B1:B6)"
    calls["C8"] = ArrayFormula("C8", "=SUM(B1:B6*2)")  # entered with Ctrl+Shift+Enter
    calls["F6"].comment = Comment("a note alone", "Ana")  # moves with its cell
    calls.merge_cells("D4:D6")  # the second place goes inside it: keeps its rows above
    calls.merge_cells("E5:E6")  # between the places: moves down by the first
    tally = workbook.create_sheet("Tally")
    tally["A1"], tally["A2"] = "=Calls!B8", "=Calls!A6"
    insert_rows(workbook, "Calls", ((3, 1), (5, 2)), {}, own_sheet=True)  # one row above 3, two above 5
    assert [calls.cell(row, 1).value for row in range(1, 12)] == [
        "caller 1", "caller 2", None, "caller 3", "caller 4", None, None, "caller 5", "caller 6", None, "Total",
    ]
    assert [calls["C4"].value, calls["C8"].value, calls["B11"].value] == ["=B4*2", "=B8*2", "=SUM(B1:B9)"]
    assert (tally["A1"].value, tally["A2"].value, calls["F9"].comment.text) == ("=Calls!B11", "=Calls!A9", "a note alone")
    assert (calls["C11"].value.ref, calls["C11"].value.text) == ("C11", "=SUM(B1:B9*2)")  # its range on its cell, as Excel needs
    assert [str(cells) for cells in calls.merged_cells.ranges] == ["E8:E9"]  # D4:D6 kept D4 alone: no merge
