"""`factcheck merge WORKBOOK COPY...`: reviewers' copies combined into the desk's workbook by a
three-way merge against the Base each copy carries. Real workbooks (tiny model), copies edited
with openpyxl, one re-saved by LibreOffice, the real CLI for exit statuses."""

import copy as copying
import re
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule, FormulaRule
from openpyxl.styles import Color, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.formula import ArrayFormula
from openpyxl.worksheet.hyperlink import Hyperlink

from factcheck import merge_copies
from factcheck.looks import appearance

from .reviewing import add_table_with_total_row, apply_subtotals, claim_row, column_letters, fill_reviews, header_positions, run, sheet_rows
from .test_cli import factcheck
from .test_merge_end_to_end import HAND_ROW, NEW_CLAIM, edit_article, libreoffice_resave
from .test_reviewer_workbook import TRAFFIC_LIGHTS
from .test_sorting import sort_claims

RED = "FFFF0000"
YELLOW, GREEN, BLUE = "FFFFFF00", "FF00B050", "FF0070C0"


def take_copy(desk_path, name):
    copy = desk_path.parent / "copies" / name
    copy.parent.mkdir(exist_ok=True)
    shutil.copy(desk_path, copy)
    return copy


def rerun_with_a_new_claim_near_the_top(output, scorer):
    """The desk runs check again on its article, which gained a claim after the first paragraph."""
    article = output.with_name("bridge.txt")
    parts = article.read_text(encoding="utf-8").split("\n\n")
    article.write_text("\n\n".join([*parts[:1], NEW_CLAIM, *parts[1:]]), encoding="utf-8")
    run(article, output, scorer)


def by_claim(path):
    return {r["claim"]: r for r in sheet_rows(path)}


def claims_cell(path, claim, key):
    sheet = load_workbook(path, rich_text=True)["Claims"]
    col = header_positions(sheet)
    row = next(r for r in range(2, sheet.max_row + 1) if str(sheet.cell(r, col["claim"]).value) == claim)
    return sheet.cell(row, col[key])


def conflicts(path):
    workbook = load_workbook(path)
    if "Conflicts" not in workbook.sheetnames:
        return []
    rows = list(workbook["Conflicts"].iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def test_disjoint_edits_combine_with_their_comments_links_and_fills(desk):
    output, claims = desk
    first, second = take_copy(output, "ana.xlsx"), take_copy(output, "ben.xlsx")
    fill_reviews(first, {claims[0]: {"verdict": "True", "reviewer": "Ana"}})
    fill_reviews(second, {claims[1]: {"notes": "see the minutes", "reviewer": "Ben"}})
    workbook = load_workbook(second, rich_text=True)
    sheet = workbook["Claims"]
    col = header_positions(sheet)
    row = next(r for r in range(2, sheet.max_row + 1) if str(sheet.cell(r, col["claim"]).value) == claims[1])
    sheet.cell(row, col["notes"]).comment = Comment("asked the council", "Ben")
    sheet.cell(row, col["sources"], "Minutes").hyperlink = "https://council.example/minutes"
    sheet.cell(row, col["verdict"]).fill = PatternFill("solid", fgColor=RED)
    workbook.save(second)

    before = output.read_bytes()
    result = factcheck("merge", output, first, second)
    assert result.returncode == 0, result.stderr
    assert "0 conflicts" in result.stdout
    rows = by_claim(output)
    assert (rows[claims[0]]["verdict"], rows[claims[0]]["reviewer"]) == ("True", "Ana")
    assert (rows[claims[1]]["notes"], rows[claims[1]]["reviewer"]) == ("see the minutes", "Ben")
    assert rows[claims[5]]["verdict"] == "Half true"  # the desk's own review is untouched
    assert claims_cell(output, claims[1], "notes").comment.text.startswith("asked the council")
    link = claims_cell(output, claims[1], "sources")
    assert link.hyperlink.target == "https://council.example/minutes" and link.value == "Minutes"
    assert claims_cell(output, claims[1], "verdict").fill.fgColor.rgb == RED
    assert before in [b.read_bytes() for b in (output.parent / ".history" / "bridge").iterdir()]
    assert conflicts(output) == []



def test_an_array_formula_a_copy_typed_comes_onto_its_claims_row_once(desk):
    """Ana sorts her copy and counts the letters of every claim in a note, as an array formula
    (Ctrl+Shift+Enter); Ben does the same on a claim where the desk types a note of its own.
    Ana's comes onto the desk's row of its claim, its range there (Excel refuses one whose
    range leaves its cell); Ben's is listed as its formula reads; merging again changes and
    lists nothing more."""
    output, claims = desk
    ana, ben = take_copy(output, "ana.xlsx"), take_copy(output, "ben.xlsx")
    sort_claims(ana)
    for path, claim in ((ana, claims[1]), (ben, claims[2])):
        workbook = load_workbook(path, rich_text=True)
        sheet = workbook["Claims"]
        letters, row = column_letters(sheet), claim_row(sheet, claim)
        counted = f"=SUM(LEN({letters['claim']}2:{letters['claim']}{len(claims) + 1}))"
        sheet[f"{letters['notes']}{row}"] = ArrayFormula(f"{letters['notes']}{row}", counted)
        workbook.save(path)
    fill_reviews(output, {claims[2]: {"notes": "asked the council"}})

    report = merge_copies(output, [ana, ben])
    sheet = load_workbook(output)["Claims"]
    letters, row = column_letters(sheet), claim_row(sheet, claims[1])
    taken = sheet[f"{letters['notes']}{row}"].value
    assert isinstance(taken, ArrayFormula) and (taken.ref.split(":")[0], taken.text) == (f"{letters['notes']}{row}", counted)
    assert row != claim_row(load_workbook(ana)["Claims"], claims[1])  # Ana's row was another
    assert by_claim(output)[claims[2]]["notes"] == "asked the council"
    [conflict] = report.conflicts
    assert [row["Value"] for row in conflicts(output)] == ["asked the council", counted]
    again = merge_copies(output, [ana, ben])
    assert again.applied == 0 and len(again.conflicts) == 1 and len(conflicts(output)) == 2

def colour_claims(path, looks):
    """Give cells of Claims a look, as a reviewer would: {(claim, key): fill colour, or a Font}."""
    workbook = load_workbook(path, rich_text=True)
    sheet = workbook["Claims"]
    col = header_positions(sheet)
    for (claim, key), look in looks.items():
        cell = sheet.cell(next(r for r in range(2, sheet.max_row + 1) if str(sheet.cell(r, col["claim"]).value) == claim), col[key])
        if isinstance(look, Font):
            cell.font = look
        else:
            cell.fill = PatternFill("solid", fgColor=look) if look else PatternFill(fill_type=None)
    workbook.save(path)


@pytest.mark.parametrize("resave", [False, pytest.param(True, marks=pytest.mark.slow)], ids=["openpyxl", "libreoffice"])
def test_a_look_only_a_copy_changed_comes_against_the_look_base_records(desk, scorer, tmp_path, resave):
    """The desk marks verdicts to check in yellow before handing the copies out, one in a colour
    of Excel's theme palette. Ana turns one green and clears another, her values untouched,
    and gives a fourth claim a verdict in green; Ben and the desk both recolour a third, Ben
    giving it a verdict too. The desk recolours the one in the theme's colour, which LibreOffice
    saves in the copies as the RGB it shows."""
    output, claims = desk
    theme_gold = Color(theme=7, tint=0.5999938962981048)  # "Gold, Accent 4, Lighter 60%"
    colour_claims(output, {
        (claims[0], "verdict"): YELLOW, (claims[1], "verdict"): YELLOW, (claims[2], "verdict"): YELLOW, (claims[3], "status"): Font(bold=True),
        (claims[4], "verdict"): theme_gold,
    })
    run(output.with_name("bridge.txt"), output, scorer)  # Base records the looks
    ana, ben = take_copy(output, "ana.xlsx"), take_copy(output, "ben.xlsx")
    fill_reviews(ana, {claims[3]: {"verdict": "True"}})
    colour_claims(ana, {(claims[0], "verdict"): GREEN, (claims[1], "verdict"): None, (claims[3], "status"): Font(bold=False), (claims[3], "verdict"): GREEN})
    fill_reviews(ben, {claims[2]: {"verdict": "False"}})
    colour_claims(ben, {(claims[2], "verdict"): RED})
    if resave:
        libreoffice_resave(ana, tmp_path / "ana")
        libreoffice_resave(ben, tmp_path / "ben")
    rerun_with_a_new_claim_near_the_top(output, scorer)  # the claims move down a row
    colour_claims(output, {(claims[2], "verdict"): BLUE, (claims[4], "verdict"): BLUE})
    before = {(claim, key): appearance(claims_cell(output, claim, key)) for claim in claims for key in ("claim", "verdict", "status", "notes")}

    report = merge_copies(output, [ana, ben])
    assert report.applied == 2  # the verdicts, each taken without its look where the desk changed that
    assert [by_claim(output)[claim]["verdict"] for claim in (claims[2], claims[3])] == ["False", "True"]
    # The third, recoloured by both: the desk's blue stays, and Ben's red is listed, in words.
    [conflict] = report.conflicts
    assert (conflict.claim, conflict.column) == (claims[2], "Verdict (look)")
    assert [(file, look) for file, _, look in conflict.values] == [("bridge.xlsx", "fill #0070C0"), ("ben.xlsx", "fill #FF0000")]
    fills = [claims_cell(output, claim, "verdict").fill for claim in claims[:5]]
    assert [fill.fgColor.rgb[-6:] if fill.fill_type else None for fill in fills] == [GREEN[-6:], None, BLUE[-6:], GREEN[-6:], BLUE[-6:]]
    assert not claims_cell(output, claims[3], "status").font.b
    assert claims_cell(output, claims[3], "verdict").fill.fgColor.rgb[-6:] == GREEN[-6:]  # with its verdict
    # No other look changed: LibreOffice spells every look its own way, and each reads the same.
    changed = {place for place, look in before.items() if appearance(claims_cell(output, *place)) != look}
    assert changed == {(claims[0], "verdict"), (claims[1], "verdict"), (claims[3], "status"), (claims[3], "verdict")}
    assert [(row["Claim"], row["Column"], row["Value"]) for row in conflicts(output)] == [
        (claims[2], "Verdict (look)", "fill #0070C0"), (claims[2], "Verdict (look)", "fill #FF0000"),
    ]
    assert len(merge_copies(output, [ana, ben]).conflicts) == 1 and len(conflicts(output)) == 2  # listed once


def last_claim_row(path):
    sheet = load_workbook(path)["Claims"]
    column = header_positions(sheet)["claim"]
    return max(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, column).value)


def add_rules(path, last):
    """A reviewer's rules on Claims, up to row ``last``, the copy's last claim: False verdicts
    red, a length limit on Notes, a rule over two rows, a colour scale over Score and a
    drop-down over Verdict's own."""
    workbook = load_workbook(path, rich_text=True)
    sheet = workbook["Claims"]
    col = column_letters(sheet)
    verdict, notes = col["verdict"], col["notes"]
    sheet.conditional_formatting.add(f"{verdict}2:{verdict}{last}", CellIsRule(operator="equal", formula=['"False"'], fill=PatternFill("solid", bgColor="FFFFC7CE")))
    sheet.conditional_formatting.add(f"{notes}3:{notes}4", FormulaRule(formula=[f'ISBLANK(${notes}3)'], fill=PatternFill("solid", bgColor="FFFFEB9C")))
    sheet.conditional_formatting.add(f"{col['score']}2:{col['score']}{last}", TRAFFIC_LIGHTS)  # beside the tool's own colour scale
    length = DataValidation(type="textLength", operator="lessThanOrEqual", formula1="500")
    sheet.add_data_validation(length)
    length.add(f"{notes}2:{notes}{last}")
    own = DataValidation(type="list", formula1='"yes,no"')
    sheet.add_data_validation(own)
    own.add(f"{verdict}2:{verdict}{last}")  # Verdict has the workbook's drop-down
    workbook.save(path)


@pytest.mark.parametrize("resave", [False, pytest.param(True, marks=pytest.mark.slow)], ids=["openpyxl", "libreoffice"])
def test_rules_and_drop_downs_a_reviewer_put_on_claims_come_once_over_the_desks_claims(desk, scorer, tmp_path, resave):
    output, claims = desk
    workbook = load_workbook(output)  # the desk's own rule and input rule, handed out with the copies
    sheet = workbook["Claims"]
    col, last = column_letters(sheet), last_claim_row(output)
    sheet.conditional_formatting.add(f"{col['verdict']}2:{col['verdict']}{last}", CellIsRule(operator="equal", formula=['"Half true"'], fill=PatternFill("solid", bgColor="FFFFEB9C")))
    dated = DataValidation(type="date", operator="greaterThan", formula1="DATE(2026,1,1)")
    sheet.add_data_validation(dated)
    dated.add(f"{col['reviewed_on']}2:{col['reviewed_on']}{last}")
    workbook.save(output)
    ana, ben = take_copy(output, "ana.xlsx"), take_copy(output, "ben.xlsx")
    for copy in (ana, ben):  # the same rules in both copies
        add_rules(copy, last)
        if resave:
            libreoffice_resave(copy, tmp_path / copy.stem)
    rerun_with_a_new_claim_near_the_top(output, scorer)  # the desk's claims: one more, moved down a row

    report = merge_copies(output, [ana, ben])
    assert report.added_rules == 4  # once each, though both copies hold them
    sheet = load_workbook(output)["Claims"]
    col = column_letters(sheet)
    verdict, notes, end = col["verdict"], col["notes"], last_claim_row(output)
    assert end == last + 1
    rules = {(str(formatting.sqref), rule.type, tuple(rule.formula)) for formatting in sheet.conditional_formatting for rule in formatting.rules}
    assert (f"{verdict}2:{verdict}{end}", "cellIs", ('"False"',)) in rules  # every claim of the workbook's
    assert (f"{notes}3:{notes}4", "expression", (f"ISBLANK(${notes}3)",)) in rules  # on its rows, as a re-run leaves it
    scales = sorted((str(formatting.sqref), tuple(stop.type for stop in rule.colorScale.cfvo)) for formatting in sheet.conditional_formatting for rule in formatting.rules if rule.type == "colorScale")
    assert scales == [(f"{col['score']}2:{col['score']}{end}", ("min", "percentile", "max")), (f"{col['score']}2:{col['score']}{end}", ("num", "num"))]
    [length] = [v for v in sheet.data_validations.dataValidation if v.type == "textLength"]
    assert (str(length.sqref), length.formula1) == (f"{notes}2:{notes}{end}", "500")
    assert report.not_merged == tuple(
        f"a drop-down or input rule over Claims!{verdict}2:{verdict}{end} of {name}, over cells that have one in the workbook (add it by hand)"
        for name in ("ana.xlsx", "ben.xlsx")
    )
    assert "4 conditional formats or drop-downs added" in report.summary()
    # The desk's own, which the copies hold as handed out (LibreOffice spelling them its own way), are not doubled.
    assert sum(rule.formula == ['"Half true"'] for formatting in sheet.conditional_formatting for rule in formatting.rules) == 1
    assert sum(v.type == "date" for v in sheet.data_validations.dataValidation) == 1
    assert merge_copies(output, [ana, ben]).added_rules == 0  # merged again: none doubled


def test_a_note_a_copy_holds_otherwise_than_the_desk_is_a_conflict_not_dropped_silently(desk):
    """The desk's note was handed out with the copies; Ben rewrote it in his. Nothing records
    which side changed a note, so the desk's stays and the Conflicts sheet lists both."""
    output, claims = desk
    workbook = load_workbook(output)
    sheet = workbook["Claims"]
    col = header_positions(sheet)
    row = next(r for r in range(2, sheet.max_row + 1) if str(sheet.cell(r, col["claim"]).value) == claims[2])
    sheet.cell(row, col["notes"]).comment = Comment("ask the council for the 2019 minutes", "Desk")
    workbook.save(output)
    ben, ana = take_copy(output, "ben.xlsx"), take_copy(output, "ana.xlsx")
    workbook = load_workbook(ben)
    workbook["Claims"].cell(row, col["notes"]).comment = Comment("minutes found: 4 May 1962, page 3", "Ben")
    workbook.save(ben)
    fill_reviews(ana, {claims[0]: {"verdict": "True"}})  # Ana's copy holds the desk's note as it was

    result = factcheck("merge", output, ben, ana)
    assert result.returncode == 1, result.stderr  # as for any conflict
    assert "1 conflicts (listed on the Conflicts sheet)" in result.stdout
    listed = [(c["Column"], c["File"], c["Reviewer"], c["Value"], c["Kept in the cell"]) for c in conflicts(output)]
    assert listed == [
        ("Notes (note)", "bridge.xlsx", "Desk", "ask the council for the 2019 minutes", "Yes"),
        ("Notes (note)", "ben.xlsx", "Ben", "minutes found: 4 May 1962, page 3", "No"),
    ]
    assert claims_cell(output, claims[2], "notes").comment.text == "ask the council for the 2019 minutes"
    assert factcheck("merge", output, ben).returncode == 1
    assert len(conflicts(output)) == 2  # merged again, listed once


def test_a_note_only_a_copy_edited_or_removed_is_taken_and_one_both_changed_is_a_conflict(desk, scorer):
    """The desk's notes were on the workbook when its last check wrote the Base, which records
    them. Ben rewrites one in his copy and Ana removes another in hers: nothing says the desk
    changed either, so both are taken, with no conflict. The desk then rewrites Ben's note:
    merged again, his copy's is a conflict."""
    output, claims = desk
    workbook = load_workbook(output)
    sheet = workbook["Claims"]
    col = header_positions(sheet)
    asked, plaque = (claim_row(sheet, claim) for claim in claims[2:4])
    sheet.cell(asked, col["notes"]).comment = Comment("ask the council for the 2019 minutes", "Desk")
    sheet.cell(plaque, col["verdict"]).comment = Comment("check the plaque", "Desk")
    workbook.save(output)
    run(output.with_name("bridge.txt"), output, scorer)  # the Base records them now
    ben, ana = take_copy(output, "ben.xlsx"), take_copy(output, "ana.xlsx")
    workbook = load_workbook(ben)
    workbook["Claims"].cell(asked, col["notes"]).comment = Comment("minutes found: 4 May 1962, page 3", "Ben")
    workbook.save(ben)
    workbook = load_workbook(ana)
    workbook["Claims"].cell(plaque, col["verdict"]).comment = None
    workbook.save(ana)

    result = factcheck("merge", output, ben, ana)
    assert result.returncode == 0, result.stderr
    assert "2 comments added, answered, edited or removed" in result.stdout and "0 conflicts" in result.stdout
    assert claims_cell(output, claims[2], "notes").comment.text == "minutes found: 4 May 1962, page 3"
    assert claims_cell(output, claims[3], "verdict").comment is None
    assert conflicts(output) == []

    workbook = load_workbook(output)
    workbook["Claims"].cell(asked, col["notes"]).comment = Comment("the minutes say 1963", "Desk")
    workbook.save(output)
    result = factcheck("merge", output, ben, ana)  # Ana's copy still holds Ben's note as handed out
    assert result.returncode == 1, result.stderr
    listed = [(c["Column"], c["File"], c["Reviewer"], c["Value"], c["Kept in the cell"]) for c in conflicts(output)]
    assert listed == [
        ("Notes (note)", "bridge.xlsx", "Desk", "the minutes say 1963", "Yes"),
        ("Notes (note)", "ben.xlsx", "Ben", "minutes found: 4 May 1962, page 3", "No"),
    ]
    assert claims_cell(output, claims[2], "notes").comment.text == "the minutes say 1963"


def test_a_copy_whose_base_records_no_notes_is_merged_as_before(desk, scorer):
    """A copy of a workbook written before the Base recorded notes (here, its record taken
    out): a note it lacks is not taken as removed, and one it holds otherwise is a conflict,
    the desk's kept."""
    output, claims = desk
    workbook = load_workbook(output)
    sheet = workbook["Claims"]
    col = header_positions(sheet)
    row = claim_row(sheet, claims[2])
    sheet.cell(row, col["notes"]).comment = Comment("ask the council for the 2019 minutes", "Desk")
    sheet.cell(row, col["verdict"]).comment = Comment("check the plaque", "Desk")
    workbook.save(output)
    run(output.with_name("bridge.txt"), output, scorer)
    ben = take_copy(output, "ben.xlsx")
    workbook = load_workbook(ben)
    base = workbook["Base"]
    base.delete_cols(next(c.column for c in base[1] if c.value == "Notes on cells as written"))
    claims_sheet = workbook["Claims"]
    claims_sheet.cell(row, col["notes"]).comment = Comment("minutes found", "Ben")
    claims_sheet.cell(row, col["verdict"]).comment = None
    workbook.save(ben)
    result = factcheck("merge", output, ben)
    assert result.returncode == 1, result.stderr
    assert [c["Value"] for c in conflicts(output)] == ["ask the council for the 2019 minutes", "minutes found"]
    assert claims_cell(output, claims[2], "verdict").comment.text == "check the plaque"


def test_agreeing_edits_apply_once(desk):
    output, claims = desk
    copies = [take_copy(output, f"{name}.xlsx") for name in ("ana", "ben")]
    for copy in copies:
        fill_reviews(copy, {claims[0]: {"verdict": "Mostly true"}})
    report = merge_copies(output, copies)
    assert (report.applied, report.agreed, report.conflicts) == (1, 1, ())
    assert by_claim(output)[claims[0]]["verdict"] == "Mostly true"


def test_a_conflict_keeps_both_values_lists_them_and_exits_1(desk):
    output, claims = desk
    first, second = take_copy(output, "ana.xlsx"), take_copy(output, "ben.xlsx")
    fill_reviews(first, {claims[0]: {"verdict": "True", "reviewer": "Ana"}})
    fill_reviews(second, {claims[0]: {"verdict": "False", "reviewer": "Ben"}})
    result = factcheck("merge", output, first, second)
    assert result.returncode == 1, result.stderr
    assert "1 conflicts" in result.stdout or "2 conflicts" in result.stdout
    assert by_claim(output)[claims[0]]["verdict"] == "True"  # the first copy's, the desk had not changed it
    listed = [c for c in conflicts(output) if c["Column"] == "Verdict"]
    assert [(c["File"], c["Reviewer"], c["Value"], c["Kept in the cell"]) for c in listed] == [
        ("ana.xlsx", "Ana", "True", "Yes"),
        ("ben.xlsx", "Ben", "False", "No"),
    ]
    assert {c["Claim"] for c in listed} == {claims[0]}
    # Made again on each merge: typing there would be lost, so the sheet refuses it.
    [guard] = [v for v in load_workbook(output)["Conflicts"].data_validations.dataValidation if v.type == "custom"]
    assert guard.errorStyle == "stop" and str(guard.sqref) == "A1:ZZ100000"


def test_the_desks_own_later_edit_wins_over_an_untouched_copy_and_conflicts_with_a_changed_one(desk):
    output, claims = desk
    first, second = take_copy(output, "ana.xlsx"), take_copy(output, "ben.xlsx")
    fill_reviews(output, {claims[0]: {"verdict": "Misleading"}, claims[1]: {"status": "Checked"}})
    fill_reviews(first, {claims[1]: {"status": "In progress"}})
    fill_reviews(second, {claims[2]: {"notes": "ok"}})
    report = merge_copies(output, [first, second])
    rows = by_claim(output)
    assert rows[claims[0]]["verdict"] == "Misleading" and rows[claims[2]]["notes"] == "ok"
    assert rows[claims[1]]["status"] == "Checked"  # the desk changed it too: its value stays, the copy's is listed
    assert [(c.column, [v[2] for v in c.values]) for c in report.conflicts] == [("Status", ["Checked", "In progress"])]


def test_three_copies(desk):
    output, claims = desk
    copies = [take_copy(output, f"{name}.xlsx") for name in ("ana", "ben", "chloe")]
    fill_reviews(copies[0], {claims[0]: {"status": "Checked"}})
    fill_reviews(copies[1], {claims[1]: {"sources": "https://stats.example/1"}}, [{"claim": "A claim typed by Ben.", "notes": "tip"}])
    fill_reviews(copies[2], {claims[2]: {"verdict": "False"}, claims[0]: {"status": "Checked"}})
    report = merge_copies(output, copies)
    assert (report.applied, report.agreed, report.added_rows, report.conflicts) == (3, 1, 1, ())
    rows = by_claim(output)
    assert rows[claims[0]]["status"] == "Checked" and rows[claims[1]]["sources"] == "https://stats.example/1"
    assert rows[claims[2]]["verdict"] == "False" and rows["A claim typed by Ben."]["notes"] == "tip"
    again = merge_copies(output, copies)  # merging the same copies again changes nothing
    assert (again.applied, again.added_rows, again.conflicts) == (0, 0, ())


@pytest.mark.slow
def test_a_copy_resaved_by_libreoffice(desk, tmp_path):
    output, claims = desk
    copy = take_copy(output, "ana.xlsx")
    fill_reviews(copy, {claims[3]: {"verdict": "Unverifiable", "notes": "=not a formula", "reviewer": "Ana"}})
    workbook = load_workbook(copy, rich_text=True)
    sheet = workbook["Claims"]
    col = header_positions(sheet)
    row = next(r for r in range(2, sheet.max_row + 1) if str(sheet.cell(r, col["claim"]).value) == claims[3])
    sheet.cell(row, col["verdict"]).comment = Comment("no public data", "Ana")
    workbook.save(copy)
    libreoffice_resave(copy, tmp_path)
    report = merge_copies(output, [copy])
    assert report.conflicts == ()
    cell = claims_cell(output, claims[3], "notes")
    assert cell.value == "=not a formula" and cell.data_type == "s"
    assert by_claim(output)[claims[3]]["verdict"] == "Unverifiable"
    assert "no public data" in claims_cell(output, claims[3], "verdict").comment.text
    assert by_claim(output)[claims[5]]["verdict"] == "Half true"


def test_a_copy_whose_rows_were_sorted(desk):
    output, claims = desk
    copy = take_copy(output, "ana.xlsx")
    fill_reviews(copy, {claims[0]: {"status": "In progress", "notes": "first"}, claims[4]: {"status": "In progress", "notes": "fifth"}})
    sort_claims(copy)
    merge_copies(output, [copy])
    rows = by_claim(output)
    assert rows[claims[0]]["notes"] == "first" and rows[claims[4]]["notes"] == "fifth"
    assert [r["claim"] for r in sheet_rows(output)] == claims  # the desk's order is kept


@pytest.mark.parametrize("by", ["verdict", "paragraph"])
def test_rows_of_data_subtotals_in_a_copy_come_only_where_they_count_the_same_claims(desk, by):
    """Ana gives verdicts, then Data > Subtotals. By Verdict, which sorted her claims, each
    subtotal counts a block of her rows that holds other claims in the workbook: her verdicts
    come, her subtotal rows do not, and the merge says so (once, it listed each as a claim no
    longer in the workbook). By Paragraph, which keeps the workbook's order, they come, each
    counting the same claims."""
    output, claims = desk
    copy = take_copy(output, "ana.xlsx")
    verdicts = {text: ("True", "False", "Mostly true")[i % 3] for i, text in enumerate(claims) if i != 5}
    fill_reviews(copy, {text: {"verdict": verdict} for text, verdict in verdicts.items()})
    added = apply_subtotals(copy, by)
    report = merge_copies(output, [copy])
    rows = sheet_rows(output)
    assert {row["claim"]: row["verdict"] for row in rows if row.get("claim")} == {**verdicts, claims[5]: "Half true"}
    assert [row["claim"] for row in rows if row.get("claim")] == claims
    brought = [row for row in rows if str(row.get("claim_id")).startswith("=SUBTOTAL(")]
    if by == "verdict":
        assert (report.added_rows, brought, report.conflicts) == (0, [], ())
        assert report.not_merged == (f"{added} Data > Subtotals rows of ana.xlsx, which count its claims in its own order (apply Subtotals again here)",)
    else:
        assert report.added_rows == len(brought) == added and report.not_merged == ()
        sheet = load_workbook(output)["Claims"]
        col = header_positions(sheet)
        for number in range(2, sheet.max_row + 1):
            label = str(sheet.cell(number, col["paragraph"]).value or "")
            if label.endswith(" Count") and label != "Grand Count":  # over the claims of its paragraph, right above it
                first, last = (int(row) for row in re.findall(r"\$(\d+)", sheet.cell(number, col["claim_id"]).value))
                paragraphs = {str(sheet.cell(row, col["paragraph"]).value) for row in range(first, last + 1)}
                assert last == number - 1 and paragraphs == {label.removesuffix(" Count")}


@pytest.mark.parametrize("whose", ["desk", "copy"])
def test_an_excel_tables_total_row_comes_only_with_its_table(desk, whose):
    """Table Design > Total Row on Claims. Where the desk made the table, the copy carries its
    total row, which is not added again; where only the copy made it, the row reads a table the
    workbook lacks: it is named under "not merged", and the copy's verdict comes alone."""
    output, claims = desk
    if whose == "desk":
        add_table_with_total_row(output)
    copy = take_copy(output, "ana.xlsx")
    if whose == "copy":
        add_table_with_total_row(copy)
    fill_reviews(copy, {claims[1]: {"verdict": "True"}})
    report = merge_copies(output, [copy])
    assert report.added_rows == 0 and by_claim(output)[claims[1]]["verdict"] == "True"
    totals = [row for row in sheet_rows(output) if row["claim_id"] == "Total"]
    if whose == "desk":
        assert len(totals) == 1 and report.not_merged == ()
    else:
        assert totals == [] and report.not_merged == ("the total row of ana.xlsx's table 'Claims_table' on Claims, a table the workbook does not have",)


def test_a_copy_row_whose_claim_id_was_cleared_is_merged_onto_its_claim(desk):
    output, claims = desk
    copy = take_copy(output, "ana.xlsx")
    fill_reviews(copy, {claims[2]: {"verdict": "Mostly true", "reviewer": "Ana"}})
    workbook = load_workbook(copy)
    sheet = workbook["Claims"]
    col = header_positions(sheet)
    [row] = [r for r in range(2, sheet.max_row + 1) if sheet.cell(r, col["claim"]).value == claims[2]]
    sheet.cell(row, col["claim_id"]).value = None
    workbook.save(copy)
    report = merge_copies(output, [copy])
    assert report.added_rows == 0 and all(r["claim_id"] for r in sheet_rows(output))
    assert (by_claim(output)[claims[2]]["verdict"], by_claim(output)[claims[2]]["reviewer"]) == ("Mostly true", "Ana")


def claim_rows(sheet, claims):
    """The row of each of ``claims`` on a Claims sheet."""
    column = header_positions(sheet)["claim"]
    return {sheet.cell(r, column).value: r for r in range(2, sheet.max_row + 1) if sheet.cell(r, column).value in claims}


def test_cells_a_copy_merged_are_merged_in_the_workbook_unless_that_would_empty_a_desk_value(desk):
    output, claims = desk
    copy = take_copy(output, "ana.xlsx")
    fill_reviews(output, {claims[6]: {"notes": "the desk's own note"}})  # after the copy was taken
    workbook = load_workbook(copy)
    sheet = workbook["Claims"]
    col = header_positions(sheet)
    letter = column_letters(sheet)
    row = claim_rows(sheet, claims)
    sheet.cell(row[claims[1]], col["sources"], "the 2025 survey, page 4")
    sheet.merge_cells(f"{letter['sources']}{row[claims[1]]}:{letter['notes']}{row[claims[1]]}")
    sheet.cell(row[claims[3]], col["verdict"], "True")
    sheet.merge_cells(f"{letter['verdict']}{row[claims[3]]}:{letter['verdict']}{row[claims[4]]}")
    sheet.cell(row[claims[5]], col["notes"], "one source for both")
    sheet.merge_cells(f"{letter['notes']}{row[claims[5]]}:{letter['notes']}{row[claims[6]]}")
    workbook.save(copy)
    merge_copies(output, [copy])

    merged = load_workbook(output)["Claims"]
    desk_row = claim_rows(merged, claims)
    assert sorted(str(cells) for cells in merged.merged_cells.ranges) == sorted([
        f"{letter['sources']}{desk_row[claims[1]]}:{letter['notes']}{desk_row[claims[1]]}",
        f"{letter['verdict']}{desk_row[claims[3]]}:{letter['verdict']}{desk_row[claims[4]]}",
    ])
    rows = by_claim(output)
    assert rows[claims[1]]["sources"] == "the 2025 survey, page 4" and rows[claims[3]]["verdict"] == "True"
    assert (rows[claims[5]]["notes"], rows[claims[6]]["notes"]) == ("one source for both", "the desk's own note")


def test_formulas_and_links_in_a_sorted_copy_point_at_the_same_claims_in_the_workbook(desk, scorer):
    """A reviewer sorts their copy and writes formulas reading rows of it; meanwhile the desk
    runs check on an article that gained a claim near the top. Merged, each formula and link
    still reads the claim it read in the copy, and a count over every claim covers the new one."""
    output, claims = desk
    copy = take_copy(output, "ana.xlsx")
    sort_claims(copy)
    workbook = load_workbook(copy)
    sheet = workbook["Claims"]
    col, letter = header_positions(sheet), column_letters(sheet)
    verdict, claim = letter["verdict"], letter["claim"]
    row = claim_rows(sheet, claims)
    sheet.cell(row[claims[2]], col["verdict"], "False")
    sheet.cell(row[claims[2]], col["notes"], f'=IF({verdict}{row[claims[2]]}="False","recheck "&LEFT({claim}{row[claims[2]]},9),"")')
    sheet.cell(row[claims[4]], col["notes"], f"={verdict}{row[claims[2]]}")
    sheet.cell(row[claims[1]], col["notes"], f'=COUNTIF({verdict}2:{verdict}{sheet.max_row},"False")')
    sheet.cell(row[claims[0]], col["sources"], "see the bridge claim").hyperlink = Hyperlink(ref="", location=f"Claims!{claim}{row[claims[4]]}")
    workbook.save(copy)
    rerun_with_a_new_claim_near_the_top(output, scorer)
    merge_copies(output, [copy])

    merged = load_workbook(output)["Claims"]
    now = claim_rows(merged, [*claims, NEW_CLAIM])
    assert now[NEW_CLAIM] < now[claims[2]] and now[claims[2]] != row[claims[2]]
    notes = {c: merged.cell(now[c], col["notes"]).value for c in claims[1:5]}
    assert notes[claims[2]] == f'=IF({verdict}{now[claims[2]]}="False","recheck "&LEFT({claim}{now[claims[2]]},9),"")'
    assert notes[claims[4]] == f"={verdict}{now[claims[2]]}"
    assert notes[claims[1]] == f'=COUNTIF({verdict}2:{verdict}{merged.max_row},"False")'
    assert merged.cell(now[claims[0]], col["sources"]).hyperlink.location == f"Claims!{claim}{now[claims[4]]}"


def test_rows_typed_under_a_claim_in_copies_land_under_it_and_what_was_below_moves_down(desk, scorer):
    """Ana and Ben each insert a row under a claim in their copy: a second source, a formula
    reading the claim above. Meanwhile the desk adds a total, a note, a link, a merge and a
    sheet reading a claim. Merged, each row is under its claim in the workbook, as if the desk
    had inserted it, and the desk's own formulas, links, merges and total still read their claims."""
    output, claims = desk
    copies = [take_copy(output, "ana.xlsx"), take_copy(output, "ben.xlsx")]
    for copy, under, typed in ((copies[0], claims[1], "the 2025 survey, table 3"), (copies[1], claims[1], "the council's reply"), (copies[1], claims[3], "photos")):
        copy_book = load_workbook(copy)
        copy_sheet = copy_book["Claims"]
        col, letter = header_positions(copy_sheet), column_letters(copy_sheet)
        verdict, claim = letter["verdict"], letter["claim"]
        above = claim_rows(copy_sheet, claims)[under]
        copy_sheet.insert_rows(above + 1)  # as Excel does, for a sheet holding no formulas yet
        copy_sheet.cell(above + 1, col["sources"], typed)
        copy_sheet.cell(above + 1, col["notes"], f'=IF({verdict}{above}="","open","done")')
        if copy == copies[0]:  # a column of Ana's own on Sentences, reading a claim below her row
            sentences = copy_book["Sentences"]
            sentences.cell(1, sentences.max_column + 1, "Verdict there")
            sentences.cell(2, sentences.max_column, f"=Claims!{verdict}{claim_rows(copy_sheet, claims)[claims[5]]}")
        copy_book.save(copy)
    workbook = load_workbook(output)
    sheet = workbook["Claims"]
    row = claim_rows(sheet, claims)
    last = max(row.values())
    sheet.cell(last + 2, col["status"], "Verdicts given")
    sheet.cell(last + 2, col["verdict"], f"=COUNTA({verdict}2:{verdict}{last})")
    sheet.cell(row[claims[4]], col["notes"], f'=IF({verdict}{row[claims[5]]}="","","see below")')
    sheet.cell(row[claims[5]], col["sources"], "the audit").hyperlink = Hyperlink(ref="", location=f"Claims!{claim}{row[claims[1]]}")
    sheet.merge_cells(f"{letter['sources']}{row[claims[5]]}:{letter['sources']}{row[claims[6]]}")
    workbook.create_sheet("Desk notes")["A1"] = f"=Claims!{verdict}{row[claims[5]]}"
    # Rules over some claims: Ana's and Ben's rows go inside the first, above the second.
    sheet.conditional_formatting.add(f"{claim}{row[claims[1]]}:{claim}{row[claims[2]]}", FormulaRule(formula=[f'${verdict}{row[claims[1]]}="False"']))
    sheet.conditional_formatting.add(f"{claim}{row[claims[4]]}:{claim}{row[claims[5]]}", FormulaRule(formula=[f'${verdict}{row[claims[4]]}="True"']))
    workbook.save(output)
    assert merge_copies(output, copies).added_rows == 3

    merged = load_workbook(output)
    sheet = merged["Claims"]
    now = claim_rows(sheet, claims)
    sources = [sheet.cell(r, col["sources"]).value for r in range(2, sheet.max_row + 1)]
    assert sources[now[claims[1]] - 1 : now[claims[1]] + 1] == ["the 2025 survey, table 3", "the council's reply"]
    assert sources[now[claims[3]] - 1] == "photos" and now[claims[3]] == row[claims[3]] + 2
    for typed_row in (now[claims[1]] + 1, now[claims[1]] + 2):
        assert sheet.cell(typed_row, col["notes"]).value == f'=IF({verdict}{now[claims[1]]}="","open","done")'
    assert sheet.cell(now[claims[3]] + 1, col["notes"]).value == f'=IF({verdict}{now[claims[3]]}="","open","done")'
    # The desk's own: each still reads its claim, and the total every claim.
    assert sheet.cell(now[claims[4]], col["notes"]).value == f'=IF({verdict}{now[claims[5]]}="","","see below")'
    assert sheet.cell(now[claims[5]], col["sources"]).hyperlink.location == f"Claims!{claim}{now[claims[1]]}"
    assert [str(cells) for cells in sheet.merged_cells.ranges] == [f"{letter['sources']}{now[claims[5]]}:{letter['sources']}{now[claims[6]]}"]
    assert merged["Desk notes"]["A1"].value == f"=Claims!{verdict}{now[claims[5]]}"
    sentences = merged["Sentences"]
    assert sentences.cell(2, sentences.max_column).value == f"=Claims!{verdict}{now[claims[5]]}"
    total = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, col["status"]).value == "Verdicts given")
    assert sheet.cell(total, col["verdict"]).value == f"=COUNTA({verdict}2:{verdict}{max(now.values())})"
    rules = {
        f"{claim}{now[claims[1]]}:{claim}{now[claims[2]]}": [f'${verdict}{now[claims[1]]}="False"'],
        f"{claim}{now[claims[4]]}:{claim}{now[claims[5]]}": [f'${verdict}{now[claims[4]]}="True"'],
    }
    assert {str(cf.sqref): rule.formula for cf in sheet.conditional_formatting for rule in cf.rules if rule.type == "expression"} == rules
    # The next check keeps each where the merge put it, and the rules on them.
    run(output.with_name("bridge.txt"), output, scorer)
    again = load_workbook(output)["Claims"]
    assert [again.cell(r, col["sources"]).value for r in range(2, max(now.values()) + 2)] == sources[: max(now.values())]
    assert {str(cf.sqref): rule.formula for cf in again.conditional_formatting for rule in cf.rules if rule.type == "expression"} == rules


def test_a_total_row_the_desk_has_too_is_not_added_again_after_the_desk_moved_its_formula(desk, scorer):
    """The desk keeps a total under Claims (one under Score too) and a claim of its own, sends
    a copy out, and re-runs check on an article that gained a claim near the top, which moves
    the total's formulas and labels the claim "added by reviewer". The copy's total and claim,
    the same rows as the copy reads them, are not rows a reviewer added."""
    output, claims = desk
    workbook = load_workbook(output)
    sheet = workbook["Claims"]
    col, letter = header_positions(sheet), column_letters(sheet)
    last = sheet.max_row
    sheet.cell(last + 2, col["status"], "Verdicts given")
    sheet.cell(last + 2, col["verdict"], f"=COUNTA({letter['verdict']}2:{letter['verdict']}{last})")
    sheet.cell(last + 2, col["score"], f"=AVERAGE({letter['score']}2:{letter['score']}{last})")
    workbook.save(output)
    fill_reviews(output, {}, [HAND_ROW])
    copy = take_copy(output, "ana.xlsx")
    fill_reviews(copy, {claims[1]: {"verdict": "True"}})
    rerun_with_a_new_claim_near_the_top(output, scorer)
    report = merge_copies(output, [copy])
    assert report.added_rows == 0
    merged = load_workbook(output)["Claims"]
    totals = [r for r in range(2, merged.max_row + 1) if merged.cell(r, col["status"]).value == "Verdicts given"]
    assert len(totals) == 1
    # The total was over every claim, so it counts the new one on row 2 too.
    assert merged.cell(totals[0], col["verdict"]).value == f"=COUNTA({letter['verdict']}2:{letter['verdict']}{last + 1})"


def test_a_copys_total_comes_without_the_blank_row_above_it(desk):
    """A reviewer leaves a blank row under the claims and types a total under it. The total is
    a row of work the desk gains; the blank row is spacing, not a row added by hand."""
    output, claims = desk
    copy = take_copy(output, "ana.xlsx")
    workbook = load_workbook(copy)
    sheet = workbook["Claims"]
    col = header_positions(sheet)
    last = sheet.max_row
    sheet.cell(last + 2, col["status"], "Verdicts given")
    workbook.save(copy)
    report = merge_copies(output, [copy])
    assert report.added_rows == 1
    merged = load_workbook(output)["Claims"]
    assert merged.max_row == last + 1 and merged.cell(last + 1, col["status"]).value == "Verdicts given"


@pytest.mark.parametrize("descending", [False, True])
def test_a_sorted_copy_with_a_row_typed_among_the_claims_brings_no_second_total(desk, scorer, descending):
    """The desk keeps a total under Claims. A reviewer inserts a row among the claims (Excel
    grows the total's range over it), types a second source there and sorts the claims, the
    new row with them; the desk re-runs on an article with a new claim near the top. The total
    stays one row, over every claim and the new row, which goes under the claim above it."""
    output, claims = desk
    workbook = load_workbook(output)
    sheet = workbook["Claims"]
    col, letter = header_positions(sheet), column_letters(sheet)
    last, verdicts = sheet.max_row, letter["verdict"]
    sheet.cell(last + 1, col["status"], "Verdicts given")
    sheet.cell(last + 1, col["verdict"], f"=COUNTA({verdicts}2:{verdicts}{last})")
    workbook.save(output)
    copy = take_copy(output, "ana.xlsx")
    workbook = load_workbook(copy)
    sheet = workbook["Claims"]
    sheet.insert_rows(4)
    typed = "A second source for the bridge's age"
    sheet.cell(4, col["claim"], typed)
    sheet.cell(4, col["sources"], "Harbour authority minutes, 1961")
    sheet.cell(last + 2, col["verdict"], f"=COUNTA({verdicts}2:{verdicts}{last + 1})")
    rows = sorted(
        ([cell.value for cell in row] for row in sheet.iter_rows(min_row=2, max_row=last + 1)),
        key=lambda row: str(row[col["claim"] - 1]), reverse=descending,
    )
    for number, row in enumerate(rows, start=2):
        for index, value in enumerate(row, start=1):
            sheet.cell(number, index).value = value
    in_order = [row[col["claim"] - 1] for row in rows]
    above = in_order[in_order.index(typed) - 1]  # the claim above the typed row once sorted
    workbook.save(copy)
    rerun_with_a_new_claim_near_the_top(output, scorer)

    report = merge_copies(output, [copy])
    assert report.added_rows == 1
    merged = load_workbook(output)["Claims"]
    texts = [merged.cell(r, col["claim"]).value for r in range(2, merged.max_row + 1)]
    totals = [r for r in range(2, merged.max_row + 1) if merged.cell(r, col["status"]).value == "Verdicts given"]
    assert totals == [merged.max_row]
    assert merged.cell(totals[0], col["verdict"]).value == f"=COUNTA({verdicts}2:{verdicts}{merged.max_row - 1})"
    at = texts.index(typed)
    assert texts[at - 1] == above and merged.cell(at + 2, col["sources"]).value == "Harbour authority minutes, 1961"
    assert len(texts) == len(claims) + 3  # the claims, the new claim, the typed row and the total


def test_a_row_typed_with_text_that_starts_with_an_equals_sign_is_not_added_again(desk, scorer):
    """A row the desk typed under the claims holds text that reads like a formula ("=N3 ...",
    kept as text). The copy's same row is compared as text, not moved as a formula by the
    desk's re-run, so it is not added a second time."""
    output, claims = desk
    workbook = load_workbook(output)
    sheet = workbook["Claims"]
    col = header_positions(sheet)
    typed = "=N3 is the council figure"
    sheet.cell(sheet.max_row + 1, col["notes"], typed).data_type = "s"
    workbook.save(output)
    copy = take_copy(output, "ana.xlsx")
    fill_reviews(copy, {claims[1]: {"verdict": "True"}})
    rerun_with_a_new_claim_near_the_top(output, scorer)
    assert merge_copies(output, [copy]).added_rows == 0
    merged = load_workbook(output)["Claims"]
    notes = [merged.cell(r, col["notes"]) for r in range(2, merged.max_row + 1)]
    assert [(cell.value, cell.data_type) for cell in notes if cell.value == typed] == [(typed, "s")]


def test_formulas_the_desks_runs_moved_are_compared_as_they_read_in_the_workbook(desk, scorer):
    """The desk types a note reading its own row before a re-run that adds a claim at the top,
    and another after it; a copy is taken, its reviewer rewrites the first note; the desk's
    next run drops the first claim. Each run moved the desk's formulas, not the copy's. The
    second note is no conflict, and the reviewer's rewrite applies."""
    output, claims = desk
    article = output.with_name("bridge.txt")

    def write_note(path, claim, text):
        workbook = load_workbook(path)
        sheet = workbook["Claims"]
        col, letter = header_positions(sheet), column_letters(sheet)
        row = claim_rows(sheet, claims)[claim]
        sheet.cell(row, col["verdict"], "False")
        sheet.cell(row, col["notes"], f'=IF({letter["verdict"]}{row}="False","{text}","")')
        workbook.save(path)

    write_note(output, claims[4], "recheck")
    rerun_with_a_new_claim_near_the_top(output, scorer)
    write_note(output, claims[3], "ask the council")
    copy = take_copy(output, "ana.xlsx")
    write_note(copy, claims[4], "recheck with the 2024 figures")
    parts = article.read_text(encoding="utf-8").split("\n\n")
    article.write_text("\n\n".join(p for p in parts if claims[0][:30] not in " ".join(p.split())), encoding="utf-8")
    run(article, output, scorer)
    assert claims[0] not in by_claim(output)

    report = merge_copies(output, [copy])
    assert report.conflicts == ()
    sheet = load_workbook(output)["Claims"]
    col, letter = header_positions(sheet), column_letters(sheet)
    row = claim_rows(sheet, claims)
    assert sheet.cell(row[claims[3]], col["notes"]).value == f'=IF({letter["verdict"]}{row[claims[3]]}="False","ask the council","")'
    assert sheet.cell(row[claims[4]], col["notes"]).value == (
        f'=IF({letter["verdict"]}{row[claims[4]]}="False","recheck with the 2024 figures","")'
    )


@pytest.fixture
def other_article_copy(tmp_path, scorer):
    article = tmp_path / "other.txt"
    article.write_text("The ferry line carried 2.1 million passengers in 2024, up 8 percent.\n", encoding="utf-8")
    output = tmp_path / "copies" / "other.xlsx"
    run(article, output, scorer)
    return output


@pytest.mark.parametrize(
    "case", ["locked workbook", "locked copy", "other article", "foreign file", "missing copy", "the workbook itself", "a copy twice"]
)
def test_refusals_leave_every_file_byte_identical(desk, other_article_copy, case):
    output, claims = desk
    copy = take_copy(output, "ana.xlsx")
    fill_reviews(copy, {claims[0]: {"verdict": "True"}})
    copies = [copy]
    if case == "locked workbook":
        output.with_name(f".~lock.{output.name}#").write_text("someone")
    elif case == "locked copy":
        copy.with_name(f"~${copy.name}").write_text("someone")
    elif case == "other article":
        copies.append(other_article_copy)
    elif case == "foreign file":
        foreign = copy.with_name("budget.xlsx")
        Workbook().save(foreign)
        copies.append(foreign)
    elif case == "the workbook itself":
        copies.append(output)
    elif case == "a copy twice":
        copies.append(copy.parent / ".." / "copies" / copy.name)
    else:
        copies.append(copy.with_name("nobody.xlsx"))
    files = [output, *[c for c in copies if c.exists()]]
    before = [f.read_bytes() for f in files]
    history = sorted((output.parent / ".history").rglob("*"))
    result = factcheck("merge", output, *copies)
    assert result.returncode == 2 and result.stderr.startswith("factcheck: error:"), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert [f.read_bytes() for f in files] == before
    assert sorted((output.parent / ".history").rglob("*")) == history


def test_add_as_claim_and_own_columns_on_sentences_come_from_a_copy(desk):
    output, claims = desk
    copy = take_copy(output, "ana.xlsx")
    workbook = load_workbook(copy)
    sheet = workbook["Sentences"]
    headers = {c.value: c.column for c in sheet[1]}
    sheet.cell(1, sheet.max_column + 1, "Desk note")
    sheet.cell(2, headers["Add as claim"], "Yes")
    sheet.cell(3, sheet.max_column, "heading, skip")
    workbook.save(copy)
    report = merge_copies(output, [copy])
    assert report.applied == 2 and report.conflicts == ()
    merged = load_workbook(output)["Sentences"]
    headers = {c.value: c.column for c in merged[1]}
    assert merged.cell(2, headers["Add as claim"]).value == "Yes"
    assert merged.cell(3, headers["Desk note"]).value == "heading, skip"


def test_what_a_copy_holds_that_is_not_merged_is_named_in_the_report(desk):
    output, claims = desk
    copy = take_copy(output, "ana.xlsx")
    workbook = load_workbook(copy)
    workbook.create_sheet("Research")["A1"] = "figures"
    workbook["Sources"]["Z4"] = "ask the port authority"  # beside the table, under no header
    workbook.save(copy)
    report = merge_copies(output, [copy])
    assert report.not_merged == (
        "a value in a column with no header in row 1 (Z4; a header keeps a column with its rows) on sheet 'Sources' of ana.xlsx",
    )
    assert "not merged: a value in a column with no header" in report.summary()
    assert report.added_sheets == ("'Research' of ana.xlsx",)  # a sheet of the reviewer's own comes (test_own_sheets)


def test_a_claim_row_a_copy_deleted_is_kept_and_named_in_the_report(desk):
    output, claims = desk
    copy = take_copy(output, "ben.xlsx")
    fill_reviews(copy, {claims[2]: {"verdict": "False", "reviewer": "Ben"}})
    workbook = load_workbook(copy)
    sheet = workbook["Claims"]
    deleted = claim_row(sheet, claims[0])
    claim_id = sheet.cell(deleted, header_positions(sheet)["claim_id"]).value
    sheet.delete_rows(deleted)
    workbook.save(copy)
    report = merge_copies(output, [copy])
    # The reviewer's work lands; the claim they deleted stays, with the desk told where it went
    assert by_claim(output)[claims[2]]["verdict"] == "False" and claims[0] in by_claim(output)
    assert report.not_merged == (f"1 row of claim {claim_id} deleted in ben.xlsx, kept (to set a claim aside, give it Status Won't check)",)


def test_typing_in_a_tool_column_of_a_copy_is_merged_and_the_next_check_treats_it_as_the_desks(desk, scorer):
    """Not lost: applied like any cell; then, as for the desk's own typing, the next check keeps
    a corrected Said by and puts other typing back into Notes."""
    output, claims = desk
    copy, untouched = take_copy(output, "ana.xlsx"), take_copy(output, "ben.xlsx")
    fill_reviews(copy, {claims[0]: {"said_by": "Mayor Olsen", "kind": "comparison"}})
    report = merge_copies(output, [copy, untouched])
    assert (report.applied, report.conflicts) == (2, ())
    row = by_claim(output)[claims[0]]
    assert (row["said_by"], row["kind"]) == ("Mayor Olsen", "comparison")
    run(output.with_name("bridge.txt"), output, scorer)
    merge_copies(output, [copy])  # the same copy again, after the check put the tool's values back
    run(output.with_name("bridge.txt"), output, scorer)
    row = by_claim(output)[claims[0]]
    assert row["kind"] != "comparison" and row["said_by"] == "Mayor Olsen"
    assert row["notes"] == "[Kind edited by a reviewer, put back by factcheck: comparison]"


def retire(desk, scorer, claim, review):
    """The desk reviews ``claim``, and a re-run on the edited article (which drops it) retires it."""
    output, _ = desk
    fill_reviews(output, {claim: review})
    article = output.with_name("bridge.txt")
    article.write_text(edit_article(article.read_text(encoding="utf-8")), encoding="utf-8")
    run(article, output, scorer)


def test_work_on_a_retired_claim_in_a_copy_is_merged_onto_retired(desk, scorer):
    output, claims = desk
    deleted = next(c for c in claims if c.startswith("He argued the cheaper option"))
    retire(desk, scorer, deleted, {"verdict": "False"})
    copy = take_copy(output, "ana.xlsx")
    workbook = load_workbook(copy)
    sheet = workbook["Retired"]
    col = {cell.value: cell.column for cell in sheet[1]}
    sheet.cell(2, col["Notes"], "the minutes say otherwise").comment = Comment("ask Olsen", "Ana")
    workbook.save(copy)
    report = merge_copies(output, [copy])
    assert (report.applied, report.not_merged) == (1, ())
    [row] = sheet_rows(output, "Retired")
    assert (row["claim"], row["verdict"], row["notes"]) == (deleted, "False", "the minutes say otherwise")
    assert load_workbook(output)["Retired"].cell(2, col["Notes"]).comment.text.startswith("ask Olsen")


def test_a_copys_work_on_a_claim_the_desk_retired_since_lands_on_retired(desk, scorer):
    output, claims = desk
    deleted = next(c for c in claims if c.startswith("He argued the cheaper option"))
    fill_reviews(output, {deleted: {"status": "In progress"}})
    copy = take_copy(output, "ana.xlsx")
    fill_reviews(copy, {deleted: {"verdict": "Mostly false", "reviewer": "Ana"}})
    retire(desk, scorer, deleted, {})  # the desk re-runs on the new version: the claim leaves with its status
    report = merge_copies(output, [copy])
    assert report.not_merged == ()
    [row] = sheet_rows(output, "Retired")
    assert (row["claim"], row["status"], row["verdict"], row["reviewer"]) == (deleted, "In progress", "Mostly false", "Ana")


def paste_row_below(sheet, row):
    """Copy row ``row`` whole, ID and all, into a row inserted under it, as a reviewer pastes a
    claim's row to note a second source or reading."""
    sheet.insert_rows(row + 1)
    for column in range(1, sheet.max_column + 1):
        sheet.cell(row + 1, column).value = sheet.cell(row, column).value
        sheet.cell(row + 1, column)._style = copying.copy(sheet.cell(row, column)._style)


def test_a_claim_row_a_copy_pasted_is_added_as_its_own_row_as_check_keeps_it(desk, scorer):
    output, claims = desk
    bridge = next(c for c in claims if "38,000 vehicles" in c)
    copy_path = take_copy(output, "ana.xlsx")
    workbook = load_workbook(copy_path)
    sheet = workbook["Claims"]
    col = {cell.value: cell.column for cell in sheet[1]}
    row = claim_row(sheet, bridge)
    sheet.cell(row, col["Verdict"], "True")
    paste_row_below(sheet, row)
    sheet.cell(row + 1, col["Verdict"], "Mostly true")
    sheet.cell(row + 1, col["Sources"], "Ferry company statement")
    workbook.save(copy_path)
    report = merge_copies(output, [copy_path])
    # One change to the claim, one row added: not a conflict of Ana's with herself, and not her
    # second row's source taken as the claim's
    assert (report.applied, report.added_rows, report.conflicts) == (1, 1, ())
    expected = [(bridge, "True", None), (bridge, "Mostly true", "Ferry company statement")]
    assert [(r["claim"], r["verdict"], r["sources"]) for r in sheet_rows(output) if r["claim"] == bridge] == expected
    run(output.with_name("bridge.txt"), output, scorer)
    rows = [r for r in sheet_rows(output) if r["claim"] == bridge]
    assert [(r["claim"], r["verdict"], r["sources"]) for r in rows] == expected
    assert rows[1]["change"] == "added by reviewer" and not rows[1]["claim_id"]


def test_a_claim_row_the_desk_pasted_takes_no_copys_change_and_is_not_added_again(desk):
    output, claims = desk
    bridge = next(c for c in claims if "38,000 vehicles" in c)
    workbook = load_workbook(output)
    sheet = workbook["Claims"]
    col = {cell.value: cell.column for cell in sheet[1]}
    row = claim_row(sheet, bridge)
    paste_row_below(sheet, row)
    sheet.cell(row + 1, col["Sources"], "Ferry company statement")
    workbook.save(output)
    copies = [take_copy(output, f"{name}.xlsx") for name in ("ana", "ben")]
    workbook = load_workbook(copies[0])
    workbook["Claims"].cell(row, col["Verdict"], "True")  # on the claim's own row, the first
    workbook.save(copies[0])
    report = merge_copies(output, copies)
    assert (report.applied, report.added_rows, report.conflicts) == (1, 0, ())
    rows = [(r["claim"], r["verdict"], r["sources"]) for r in sheet_rows(output) if r["claim"] == bridge]
    assert rows == [(bridge, "True", None), (bridge, None, "Ferry company statement")]


def test_a_claim_row_a_copy_pasted_onto_retired_stays_there_and_leaves_the_claim_be(desk, scorer):
    output, claims = desk
    bridge = next(c for c in claims if "38,000 vehicles" in c)
    copy_path = take_copy(output, "ana.xlsx")
    workbook = load_workbook(copy_path)
    sheet, retired = workbook["Claims"], workbook["Retired"]
    col = {cell.value: cell.column for cell in sheet[1]}
    retired_col = {cell.value: cell.column for cell in retired[1]}
    row = claim_row(sheet, bridge)
    for header, column in col.items():
        retired.cell(2, retired_col[header], sheet.cell(row, column).value)
    retired.cell(2, retired_col["Verdict"], "False")
    retired.cell(2, retired_col["Reason"], "dropped by Ana")
    workbook.save(copy_path)
    report = merge_copies(output, [copy_path])
    # Ana's row on Retired is added as she typed it; it is not a verdict on the listed claim
    assert (report.applied, report.added_rows) == (0, 1)
    for _ in range(2):  # after the merge, and after the next check
        assert [r["verdict"] for r in sheet_rows(output) if r["claim"] == bridge] == [None]
        assert [(r["claim"], r["verdict"], r["retired_reason"]) for r in sheet_rows(output, "Retired")] == [(bridge, "False", "dropped by Ana")]
        run(output.with_name("bridge.txt"), output, scorer)


def test_a_row_typed_on_retired_in_copies_is_added_once_and_kept_by_the_next_check(desk, scorer):
    output, _ = desk
    cut = "The editor cut this: the bridge carries 50,000 cyclists a year."
    copies = [take_copy(output, f"{name}.xlsx") for name in ("ana", "ben")]
    for copy in copies:
        workbook = load_workbook(copy)
        sheet = workbook["Retired"]
        col = {cell.value: cell.column for cell in sheet[1]}
        sheet.cell(sheet.max_row + 1, col["Claim"], cut)
        sheet.cell(sheet.max_row, col["Verdict"], "False")
        # Retired's own two columns, typed as text (merge once failed on them: a KeyError)
        sheet.cell(sheet.max_row, col["Retired on"], "last week")
        sheet.cell(sheet.max_row, col["Reason"], "cut by the editor")
        workbook.save(copy)
    assert merge_copies(output, copies).added_rows == 1
    run(output.with_name("bridge.txt"), output, scorer)
    assert [(r["claim"], r["verdict"], r["retired_on"], r["retired_reason"]) for r in sheet_rows(output, "Retired")] == [
        (cut, "False", "last week", "cut by the editor")
    ]


def test_sources_added_by_hand_in_copies_are_added_once_and_kept_by_the_next_check(desk, scorer):
    output, _ = desk
    copies = [take_copy(output, f"{name}.xlsx") for name in ("ana", "ben")]
    for copy in copies:
        workbook = load_workbook(copy)
        sheet = workbook["Sources"]
        cell = sheet.cell(sheet.max_row + 1, 1, "https://council.example/budget-2026")
        cell.fill = PatternFill("solid", fgColor=RED)
        if copy.name == "ana.xlsx":  # and a column of her own, on a source the tool listed
            column = sheet.max_column + 1
            sheet.cell(1, column, "Reliable?")
            sheet.cell(2, column, "yes")
        workbook.save(copy)
    report = merge_copies(output, copies)
    assert (report.applied, report.added_rows) == (1, 1)
    run(output.with_name("bridge.txt"), output, scorer)
    sheet = load_workbook(output)["Sources"]
    [added] = [row for row in sheet.iter_rows(min_row=2) if row[0].value == "https://council.example/budget-2026"]
    assert added[0].fill.fgColor.rgb == RED
    header = {cell.value: cell.column for cell in sheet[1]}
    assert sheet.cell(2, header["Reliable?"]).value == "yes"


@pytest.mark.parametrize("earlier_base", [False, True], ids=["base", "base-without-corrections"])
def test_copies_holding_the_desks_own_said_by_correction_change_nothing(desk, scorer, earlier_base):
    output, claims = desk
    fill_reviews(output, {claims[0]: {"said_by": "Mayor Olsen"}})
    run(output.with_name("bridge.txt"), output, scorer)  # Base now holds the tool's suggestion
    copies = [take_copy(output, f"{name}.xlsx") for name in ("ana", "ben")]
    for path in copies if earlier_base else ():  # as an earlier version wrote Base: no Said by as written
        workbook = load_workbook(path)
        base = workbook["Base"]
        base.delete_cols(next(c.column for c in base[1] if c.value == "Said by as written"))
        workbook.save(path)
    report = merge_copies(output, copies)
    assert (report.applied, report.agreed, report.conflicts) == (0, 0, ())
    assert by_claim(output)[claims[0]]["said_by"] == "Mayor Olsen"


def test_the_desks_second_said_by_correction_does_not_conflict_with_copies_holding_its_first(desk, scorer):
    """Base records the cell as written beside the tool's suggestion, so a copy that still holds
    the desk's earlier correction has changed nothing there; a copy's own correction still
    conflicts with the desk's."""
    output, claims = desk
    fill_reviews(output, {claims[0]: {"said_by": "Mayor Olsen"}})
    run(output.with_name("bridge.txt"), output, scorer)
    ana, ben = take_copy(output, "ana.xlsx"), take_copy(output, "ben.xlsx")
    fill_reviews(output, {claims[0]: {"said_by": "Deputy Mayor Berg"}})
    run(output.with_name("bridge.txt"), output, scorer)
    fill_reviews(ana, {claims[0]: {"verdict": "True", "reviewer": "Ana"}})
    report = merge_copies(output, [ana])
    assert (report.applied, report.conflicts) == (2, ())
    assert (by_claim(output)[claims[0]]["said_by"], by_claim(output)[claims[0]]["verdict"]) == ("Deputy Mayor Berg", "True")
    fill_reviews(ben, {claims[0]: {"said_by": "Councillor Lund"}})
    report = merge_copies(output, [ben])
    assert [(c.column, [v[2] for v in c.values]) for c in report.conflicts] == [("Said by", ["Deputy Mayor Berg", "Councillor Lund"])]


def test_a_copy_taken_before_a_rerun_on_an_edited_article(desk, scorer):
    output, claims = desk
    copy = take_copy(output, "ana.xlsx")
    reworded = next(c for c in claims if "steel cables" in c)
    deleted = next(c for c in claims if c.startswith("He argued the cheaper option"))
    fill_reviews(copy, {reworded: {"verdict": "True"}, deleted: {"verdict": "False"}, claims[0]: {"status": "Checked"}})
    article = output.with_name("bridge.txt")
    article.write_text(edit_article(article.read_text(encoding="utf-8")), encoding="utf-8")
    run(article, output, scorer)  # the desk re-runs on the new version before the copy comes back
    report = merge_copies(output, [copy])
    rows = by_claim(output)
    now = next(c for c in rows if "found corrosion" in c)
    assert now != reworded and rows[now]["verdict"] == "True"  # found by the text the desk's run shows as Previous text
    assert rows[claims[0]]["status"] == "Checked"
    assert len(report.not_merged) == 1 and "no longer in the workbook (Verdict)" in report.not_merged[0]


def test_a_desk_edit_made_after_the_copy_was_taken_survives_a_check_rerun(desk, scorer):
    output, claims = desk
    copy = take_copy(output, "ana.xlsx")
    fill_reviews(output, {claims[0]: {"verdict": "False"}})
    run(output.with_name("bridge.txt"), output, scorer)  # the same article: the desk's Base now holds False
    fill_reviews(copy, {claims[0]: {"verdict": "True", "reviewer": "Ana"}, claims[1]: {"notes": "from Ana"}})
    result = factcheck("merge", output, copy)
    assert result.returncode == 1, result.stderr
    rows = by_claim(output)
    assert rows[claims[0]]["verdict"] == "False"  # changed by the desk after the copy was taken: kept
    assert rows[claims[1]]["notes"] == "from Ana"  # only the copy changed it: applied
    listed = [c for c in conflicts(output) if c["Column"] == "Verdict"]
    assert [(c["File"], c["Value"], c["Kept in the cell"]) for c in listed] == [
        ("bridge.xlsx", "False", "Yes"),
        ("ana.xlsx", "True", "No"),
    ]
    assert {c["Claim"] for c in listed} == {claims[0]}


def test_merging_the_same_copies_again_after_a_settled_conflict_and_a_rerun_keeps_the_settled_value(desk, scorer):
    output, claims = desk
    first, second = take_copy(output, "ana.xlsx"), take_copy(output, "ben.xlsx")
    fill_reviews(first, {claims[0]: {"verdict": "True", "notes": "draft note"}})
    fill_reviews(second, {claims[0]: {"verdict": "False"}})
    assert factcheck("merge", output, first, second).returncode == 1
    fill_reviews(output, {claims[0]: {"verdict": "Half true", "notes": "final note"}})  # the editor settles it
    run(output.with_name("bridge.txt"), output, scorer)
    factcheck("merge", output, first, second)
    row = by_claim(output)[claims[0]]
    assert (row["verdict"], row["notes"]) == ("Half true", "final note")


def test_a_copy_without_its_base_sheet_is_judged_against_the_desks_base(desk):
    output, claims = desk
    copy = take_copy(output, "ana.xlsx")
    workbook = load_workbook(copy)
    workbook.remove(workbook["Base"])
    workbook.save(copy)
    fill_reviews(output, {claims[5]: {"verdict": "False"}})
    fill_reviews(copy, {claims[0]: {"verdict": "True"}})
    report = merge_copies(output, [copy])
    rows = by_claim(output)
    assert rows[claims[0]]["verdict"] == "True"
    assert rows[claims[5]]["verdict"] == "False"  # the copy's Half true, a change from no base, is listed
    assert [(c.claim, [v[2] for v in c.values]) for c in report.conflicts if c.column == "Verdict"] == [
        (claims[5], ["False", "Half true"])
    ]


def test_a_row_added_by_hand_that_two_copies_carry_is_added_once(desk):
    """Ana's copy, and Ben's made from hers: her hand row arrives twice and is added once."""
    output, _ = desk
    ana = take_copy(output, "ana.xlsx")
    fill_reviews(ana, {}, hand_rows=[{"claim": "The ferry carried 2,000 cars a day in 1961.", "reviewer": "Ana"}])
    ben = ana.with_name("ben.xlsx")
    shutil.copy(ana, ben)
    report = merge_copies(output, [ana, ben])
    assert report.added_rows == 1
    hand = [r for r in sheet_rows(output) if not r["claim_id"]]
    assert [r["claim"] for r in hand] == ["The ferry carried 2,000 cars a day in 1961."]


def test_merging_the_same_copies_again_lists_their_conflict_once(desk):
    output, claims = desk
    first, second = take_copy(output, "ana.xlsx"), take_copy(output, "ben.xlsx")
    fill_reviews(first, {claims[0]: {"verdict": "True"}})
    fill_reviews(second, {claims[0]: {"verdict": "False"}})
    assert factcheck("merge", output, first, second).returncode == 1
    listed = conflicts(output)
    assert len(listed) == 2
    assert factcheck("merge", output, first, second).returncode == 1
    assert [{k: v for k, v in c.items() if k != "Merged at (UTC)"} for c in conflicts(output)] == [
        {k: v for k, v in c.items() if k != "Merged at (UTC)"} for c in listed
    ]


# What one side does to one reviewer cell: nothing (None), a value of its own, or clearing it.
CELL_EDIT = st.sampled_from([None, None, "True", "False", "see the 2025 survey", ""])


@pytest.mark.slow
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    edits=st.lists(st.tuples(st.integers(0, 6), st.sampled_from(["verdict", "sources", "notes"]), CELL_EDIT, CELL_EDIT, CELL_EDIT), min_size=1, max_size=6),
    sorted_copy=st.booleans(),
)
def test_no_value_any_side_typed_is_lost_in_a_merge(desk, tmp_path_factory, edits, sorted_copy):
    """The desk, Ana and Ben each type into the same few cells, or clear them, after the copies
    were handed out (Ana's copy sorted, sometimes): every value typed is in its cell or on the
    Conflicts sheet for that claim and column, one only a copy typed is in the cell, the desk's
    own stays, and merging again lists and changes nothing more."""
    output, claims = desk
    folder = tmp_path_factory.mktemp("combined")
    workbook = folder / "bridge.xlsx"
    shutil.copy(output, workbook)
    ana, ben = take_copy(workbook, "ana.xlsx"), take_copy(workbook, "ben.xlsx")
    base = {r["claim"]: r for r in sheet_rows(workbook)}
    typed: dict[tuple[str, str], dict[str, str]] = {}  # (claim, key) -> {side: value}
    for claim, key, *values in edits:
        for side, value in zip(("desk", "ana", "ben"), values):
            if value is not None:
                typed.setdefault((claims[claim], key), {})[side] = value
    for side, path in (("desk", workbook), ("ana", ana), ("ben", ben)):
        reviews: dict[str, dict[str, str]] = {}
        for (claim, key), sides in typed.items():
            if side in sides:
                reviews.setdefault(claim, {})[key] = sides[side]
        fill_reviews(path, reviews)
    if sorted_copy:
        sort_claims(ana)

    merge_copies(workbook, [ana, ben])
    rows = {r["claim"]: r for r in sheet_rows(workbook)}
    listed = conflicts(workbook)
    header = {"verdict": "Verdict", "sources": "Sources", "notes": "Notes"}
    for (claim, key), sides in typed.items():
        was = str(base[claim].get(key) or "")
        now = str(rows[claim].get(key) or "")
        values = {side: value for side, value in sides.items() if value != was}  # what changed it
        on_the_sheet = {str(row["Value"] or "") for row in listed if row["Claim"] == claim and row["Column"] == header[key]}
        for side, value in values.items():
            assert value == now or value in on_the_sheet, (claim, key, side, value)
        if "desk" in values:
            assert now == values["desk"]  # the desk's own stays
        elif len(set(values.values())) == 1:
            assert now == next(iter(values.values()))  # one change, or the same in both copies
    again = merge_copies(workbook, [ana, ben])
    assert again.applied == 0 and len(conflicts(workbook)) == len(listed)
    assert {r["claim"]: r for r in sheet_rows(workbook)} == rows
