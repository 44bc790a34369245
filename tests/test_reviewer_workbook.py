"""The workbook is the reviewer's: a re-run on an edited article keeps everything they did to it,
on the right claim. Real CLI and shipped model, edits made with openpyxl, then (in one variant)
the workbook re-saved by real LibreOffice before the re-run."""

import datetime as dt
import json
import re
import shutil

import pytest
from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule, ColorScaleRule, FormulaRule
from openpyxl.styles import Border, Font, PatternFill, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.formula import ArrayFormula
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.table import Table, TableStyleInfo

from .conftest import EXAMPLE_ARTICLE
from .reviewing import add_table_with_total_row, apply_subtotals, claim_row, column_letters, fill_reviews, header_positions, sheet_rows
from .test_cli import factcheck
from .test_merge_end_to_end import HAND_ROW, NEW_CLAIM, edit_article, libreoffice_resave, libreoffice_resaved_copy

pytestmark = pytest.mark.slow

KEPT = "It is the biggest public works contract"  # same paragraph, same sentence: exact match
REWORDED = "Engineers closed one lane for 11 weeks"  # its sentence is reworded: fuzzy match
SWAPPED = "The bridge, which opened in 1962"  # its paragraph moves
DELETED = "He argued the cheaper option"  # its paragraph is deleted: the claim moves to Retired
LINK = ("https://council.example/minutes/2019", "Council minutes, 2019")
FORMULA = '=HYPERLINK("https://stats.example/table-1","Table 1")'
RED, YELLOW = "FFFF0000", "FFFFFF00"


def review_by_hand(path):
    """What a reviewer does in Excel, done with openpyxl."""
    workbook = load_workbook(path, rich_text=True)
    claims = workbook["Claims"]
    col = header_positions(claims)
    kept, reworded, swapped, deleted = (claim_row(claims, s) for s in (KEPT, REWORDED, SWAPPED, DELETED))
    claims.cell(deleted, col["verdict"], "False").fill = PatternFill("solid", fgColor=RED)
    claims.cell(deleted, col["notes"], "a ferry costs more").comment = Comment("see the 2024 tender", "Ana")
    claims.cell(kept, col["verdict"], "Mostly true").comment = Comment("Check the 2019 audit too", "Zoë Berg")
    for key in ("status", "verdict", "sources", "notes", "reviewer", "reviewed_on"):
        claims.cell(kept, col[key]).fill = PatternFill("solid", fgColor=RED)
    reviewed_on = claims.cell(kept, col["reviewed_on"], dt.datetime(2026, 11, 3))
    reviewed_on.number_format = "dd/mm/yyyy"
    sources = claims.cell(reworded, col["sources"], LINK[1])
    sources.hyperlink = LINK[0]
    claims.cell(reworded, col["verdict"], "True").font = Font(bold=True, color="FF0000FF")
    claims.cell(reworded, col["notes"], "see the audit").border = Border(bottom=Side(style="thick"))
    claims.cell(reworded, col["status"], "Checked").style = "Good"  # Home > Cell Styles
    claims.cell(swapped, col["notes"], FORMULA)
    text = claims.cell(swapped, col["reviewer"], "=not a formula")
    text.data_type = "s"
    for cell in claims[swapped]:
        cell.fill = PatternFill("solid", fgColor=YELLOW)
    own = claims.max_column + 1
    claims.cell(1, own, "Second opinion")
    claims.cell(kept, own, "agree")
    claims.cell(reworded, own, "disagree")
    claims.column_dimensions[claims.cell(1, col["notes"]).column_letter].width = 55
    claims.column_dimensions[claims.cell(1, col["paragraph"]).column_letter].hidden = True
    claims.freeze_panes = "E2"
    claims.row_breaks.append(Break(id=kept - 1))  # Insert > Page Break: the kept claim starts a page
    claims.row_breaks.append(Break(id=deleted - 1))  # and the one that leaves the article
    own_letter = claims.cell(1, own).column_letter
    choice = DataValidation(type="list", formula1='"agree,disagree"', allow_blank=True)
    claims.add_data_validation(choice)
    choice.add(f"{own_letter}2:{own_letter}500")
    verdict_letter = claims.cell(1, col["verdict"]).column_letter
    claims.conditional_formatting.add(
        f"{verdict_letter}2:{verdict_letter}500", CellIsRule(operator="equal", formula=['"False"'], font=Font(color="FFFF0000"))
    )
    row = claims.max_row + 1
    for key, value in HAND_ROW.items():
        claims.cell(row, col[key], value).data_type = "s"

    sentences = workbook["Sentences"]
    headers = {c.value: c.column for c in sentences[1]}
    own = sentences.max_column + 1
    sentences.cell(1, own, "Desk note")
    for r in range(2, sentences.max_row + 1):
        text = str(sentences.cell(r, headers["Sentence"]).value)
        if text.startswith(KEPT):
            sentences.cell(r, own, "read the contract")
        if text.startswith("Related article"):
            sentences.cell(r, own, "not ours")
            sentences.cell(r, headers["Sentence"]).comment = Comment("furniture", "Zoë Berg")
    sources_sheet = workbook["Sources"]
    own = sources_sheet.max_column + 1
    sources_sheet.cell(1, own, "Reached?")
    survey = next(r for r in range(2, sources_sheet.max_row + 1) if "survey-2025" in str(sources_sheet.cell(r, 1).value))
    sources_sheet.cell(survey, own, "yes, by phone")
    sources_sheet.cell(sources_sheet.max_row + 1, 1, "Norrvik council archive, box 12")

    research = workbook.create_sheet("Research", 1)
    research["A1"], research["B1"] = "Repairs 2019-2022", 150
    research["A2"], research["B2"] = "Repairs 2023-", 62
    research["A3"], research["B3"] = "Total", "=SUM(B1:B2)"
    research["A3"].font = Font(bold=True)
    research["A1"].fill = PatternFill("solid", fgColor=YELLOW)
    research.column_dimensions["A"].width = 30
    # The tabs and views: a colour on the tool's tabs, Summary zoomed out without gridlines,
    # About hidden, and the file's title and author in File > Properties.
    for title, tab in (("Claims", RED), ("Summary", YELLOW), ("About", "FF00B050")):
        workbook[title].sheet_properties.tabColor = tab
    workbook["Summary"].sheet_view.zoomScale, workbook["Summary"].sheet_view.showGridLines = 80, False
    workbook["About"].sheet_state = "hidden"
    workbook.properties.title, workbook.properties.creator = "Harbour bridge: the desk's check", "Zoë Berg"
    workbook.save(path)


@pytest.fixture(scope="module", params=["openpyxl", "libreoffice"])
def rerun(request, tmp_path_factory):
    """(result workbook, first run's output) after review, optional re-save, edited article, re-run."""
    tmp_path = tmp_path_factory.mktemp(request.param)
    article = tmp_path / "bridge.txt"
    shutil.copy(EXAMPLE_ARTICLE, article)
    output = tmp_path / "bridge.xlsx"
    assert factcheck("check", article, "-o", output).returncode == 0
    review_by_hand(output)
    if request.param == "libreoffice":
        libreoffice_resave(output, tmp_path)
    before = load_workbook(output, rich_text=True)
    article.write_text(edit_article(article.read_text(encoding="utf-8")), encoding="utf-8")
    second = factcheck("check", article, "-o", output)
    assert second.returncode == 0, second.stderr
    return load_workbook(output, rich_text=True), before, second.stdout


def cell(workbook, start, key):
    sheet = workbook["Claims"]
    return sheet.cell(claim_row(sheet, start), header_positions(sheet)[key])


def colour(cell_):
    return cell_.fill.fgColor.rgb if cell_.fill.fill_type == "solid" else None


def test_comment_text_and_author_stay_on_the_claim(rerun, request):
    after, before, _ = rerun
    comment = cell(after, KEPT, "verdict").comment
    assert comment is not None and "Check the 2019 audit too" in comment.text
    # LibreOffice's headless re-save blanks every comment's author (its loss, before our run): as the file held it
    author = cell(before, KEPT, "verdict").comment.author
    assert comment.author == author and (author == "Zoë Berg") == ("openpyxl" in request.node.name)
    assert cell(after, KEPT, "verdict").value == "Mostly true"


def test_the_workbook_keeps_its_id_for_the_archive_through_the_review_and_the_rerun(rerun):
    after, before, _ = rerun
    ids = [{p.name: p.value for p in book.custom_doc_props}.get("factcheck.workbook_id") for book in (before, after)]
    assert ids[0] and ids[0] == ids[1]


def test_a_retired_claim_keeps_its_comment_and_fill(rerun):
    after, _, _ = rerun
    sheet = after["Retired"]
    headers = {c.value: c.column for c in sheet[1]}
    row = next(r for r in range(2, sheet.max_row + 1) if str(sheet.cell(r, headers["Claim"]).value).startswith(DELETED))
    assert sheet.cell(row, headers["Verdict"]).value == "False" and colour(sheet.cell(row, headers["Verdict"])) == RED
    assert "see the 2024 tender" in sheet.cell(row, headers["Notes"]).comment.text
    assert DELETED not in " ".join(str(c.value) for c in after["Claims"]["D"])


def test_hyperlink_target_and_text_follow_the_reworded_claim(rerun):
    after, _, _ = rerun
    sources = cell(after, "Engineers closed one lane", "sources")
    assert sources.hyperlink is not None and sources.hyperlink.target == LINK[0]
    assert sources.value == LINK[1]
    assert cell(after, "Engineers closed one lane", "change").value == "edited (re-check)"


def test_a_formula_stays_a_formula_and_text_starting_with_equals_stays_text(rerun):
    after, _, _ = rerun
    notes = cell(after, SWAPPED, "notes")
    assert notes.data_type == "f" and notes.value == FORMULA
    reviewer = cell(after, SWAPPED, "reviewer")
    assert reviewer.data_type == "s" and reviewer.value == "=not a formula"


def test_fills_fonts_and_borders_stay_on_their_claims(rerun):
    after, _, _ = rerun
    for key in ("status", "verdict", "sources", "notes", "reviewer", "reviewed_on"):
        assert colour(cell(after, KEPT, key)) == RED, key
    reviewed_on = cell(after, KEPT, "reviewed_on")
    assert reviewed_on.value == dt.datetime(2026, 11, 3) and reviewed_on.number_format.lower() == "dd/mm/yyyy"
    verdict = cell(after, "Engineers closed one lane", "verdict")
    assert verdict.font.b and verdict.font.color.rgb == "FF0000FF"
    assert cell(after, "Engineers closed one lane", "notes").border.bottom.style == "thick"
    # A named cell style stays that style (LibreOffice calls Excel's "Excel Built-in Good"), and
    # every cell format names a style the file holds, as Excel requires.
    assert cell(after, "Engineers closed one lane", "status").style.endswith("Good")
    assert all(style.xfId < len(after._named_styles) for style in after._cell_styles)
    sheet = after["Claims"]
    assert {colour(c) for c in sheet[claim_row(sheet, SWAPPED)][: len(header_positions(sheet))]} == {YELLOW}
    # and the fill did not spread to a claim that was never filled
    new = claim_row(sheet, "The council's budget for 2026")
    assert colour(sheet.cell(new, header_positions(sheet)["verdict"])) != RED


def test_own_columns_and_hand_rows_are_kept(rerun):
    after, _, _ = rerun
    sheet = after["Claims"]
    own = next(c.column for c in sheet[1] if c.value == "Second opinion")
    assert sheet.cell(claim_row(sheet, KEPT), own).value == "agree"
    assert sheet.cell(claim_row(sheet, "Engineers closed one lane"), own).value == "disagree"
    assert claim_row(sheet, HAND_ROW["claim"])
    sentences = after["Sentences"]
    headers = {c.value: c.column for c in sentences[1]}
    notes = {
        str(sentences.cell(r, headers["Sentence"]).value)[:20]: sentences.cell(r, headers["Desk note"]).value
        for r in range(2, sentences.max_row + 1)
    }
    assert notes[KEPT[:20]] == "read the contract" and notes["Related article: Why"] == "not ours"
    related = next(r for r in range(2, sentences.max_row + 1) if str(sentences.cell(r, headers["Sentence"]).value).startswith("Related"))
    assert "furniture" in sentences.cell(related, headers["Sentence"]).comment.text
    sources = after["Sources"]
    reached = next(c.column for c in sources[1] if c.value == "Reached?")
    by_source = {str(sources.cell(r, 1).value): sources.cell(r, reached).value for r in range(2, sources.max_row + 1)}
    assert by_source["https://www.norrvik.example/transport/harbour-bridge-survey-2025"] == "yes, by phone"
    assert "Norrvik council archive, box 12" in by_source


def test_own_sheet_keeps_its_place_cells_formula_and_format(rerun):
    after, _, _ = rerun
    assert after.sheetnames[:3] == ["Claims", "Research", "Sentences"]
    research = after["Research"]
    assert [research[f"A{r}"].value for r in (1, 2, 3)] == ["Repairs 2019-2022", "Repairs 2023-", "Total"]
    assert research["B1"].value == 150 and research["B3"].value == "=SUM(B1:B2)" and research["B3"].data_type == "f"
    assert research["A3"].font.b and colour(research["A1"]) == YELLOW
    assert research.column_dimensions["A"].width == pytest.approx(30, abs=1)


def test_sheet_settings_the_reviewer_made_are_kept(rerun, request):
    after, before, _ = rerun
    sheet = after["Claims"]
    letter = column_letters(sheet)
    assert sheet.column_dimensions[letter["notes"]].width == pytest.approx(55, abs=1)
    assert sheet.column_dimensions[letter["paragraph"]].hidden
    # LibreOffice's headless conversion drops every sheet's panes (its loss, before our run): as the file held them
    assert sheet.freeze_panes == before["Claims"].freeze_panes == ("E2" if "openpyxl" in request.node.name else None)
    assert sheet.auto_filter.ref.startswith("A1:")
    assert before["Claims"].row_breaks.brk and [brk.id for brk in sheet.row_breaks.brk] == [claim_row(sheet, KEPT) - 1]
    own = next(c.column_letter for c in sheet[1] if c.value == "Second opinion")
    choices = [v for v in sheet.data_validations.dataValidation if v.formula1 == '"agree,disagree"']
    assert len(choices) == 1 and str(choices[0].sqref).startswith(f"{own}2")
    rules = [r for cf in sheet.conditional_formatting for r in cf.rules if r.type == "cellIs"]
    assert len(rules) == 1 and str(rules[0].formula[0]) == '"False"'
    status = [v for v in sheet.data_validations.dataValidation if str(v.sqref).startswith(f"{letter['status']}2")]
    assert len(status) == 1  # ours, written once, not once a run
    # Summary and About are made again on every run, with the reviewer's tab and view.
    assert [after[title].sheet_properties.tabColor.rgb[-6:] for title in ("Claims", "Summary", "About")] == [RED[-6:], YELLOW[-6:], "00B050"]
    summary, held = after["Summary"].sheet_view, before["Summary"].sheet_view  # LibreOffice's conversion resets views too
    assert (summary.zoomScale, summary.showGridLines) == (held.zoomScale, held.showGridLines)
    assert (held.zoomScale, held.showGridLines) == ((80, False) if "openpyxl" in request.node.name else (100, True))
    assert after["About"].sheet_state == "hidden"
    assert (after.properties.title, after.properties.creator) == ("Harbour bridge: the desk's check", "Zoë Berg")


def test_a_second_run_changes_nothing_more(rerun, tmp_path):
    """Idempotent: running again on the same article leaves every carried thing as it was."""
    after, _, _ = rerun
    path = tmp_path / "again.xlsx"
    after.save(path)
    article = tmp_path / "bridge.txt"
    article.write_text(edit_article(EXAMPLE_ARTICLE.read_text(encoding="utf-8")), encoding="utf-8")
    assert factcheck("check", article, "-o", path).returncode == 0
    again = load_workbook(path, rich_text=True)
    assert cell(again, SWAPPED, "notes").value == FORMULA and colour(cell(again, KEPT, "verdict")) == RED
    assert "Check the 2019 audit too" in cell(again, KEPT, "verdict").comment.text
    assert len(again["Claims"].data_validations.dataValidation) == len(after["Claims"].data_validations.dataValidation)


@pytest.mark.parametrize("rerun", ["libreoffice"], indirect=True)  # one more LibreOffice round trip is enough
def test_libreoffice_opens_the_rewritten_workbook_and_keeps_what_was_carried(rerun, tmp_path):
    after, _, _ = rerun
    path = tmp_path / "result.xlsx"
    after.save(path)
    libreoffice_resave(path, tmp_path)
    again = load_workbook(path, rich_text=True)
    assert "Check the 2019 audit too" in cell(again, KEPT, "verdict").comment.text
    assert cell(again, "Engineers closed one lane", "sources").hyperlink.target == LINK[0]
    assert cell(again, SWAPPED, "notes").value == FORMULA and again["Research"]["B3"].value == "=SUM(B1:B2)"


@pytest.mark.parametrize("resave", [False, True], ids=["openpyxl", "libreoffice"])
def test_a_rule_or_drop_down_over_every_claim_covers_a_claim_the_rerun_adds(tmp_path, resave):
    """A reviewer selects the Verdict cells of all the claims and adds a rule; the article
    gains a claim; the rule still reaches every claim. A rule over some rows stays on them.
    A total typed under the claims does not make "every claim" some of them. A colour scale of
    the reviewer's over Score stays beside the tool's, which is not doubled."""
    article = tmp_path / "bridge.txt"
    shutil.copy(EXAMPLE_ARTICLE, article)
    output = tmp_path / "bridge.xlsx"
    assert factcheck("check", article, "-o", output).returncode == 0
    workbook = load_workbook(output)
    claims = workbook["Claims"]
    letter = column_letters(claims)
    last = claims.max_row
    verdicts, texts = (f"{letter[key]}2:{letter[key]}{last}" for key in ("verdict", "claim"))
    claims[f"{letter['verdict']}{last + 2}"] = f"=COUNTA({verdicts})"
    twice = FormulaRule(formula=[f"COUNTIF({fixed(texts)},{letter['claim']}2)>1"], font=Font(bold=True))
    claims.conditional_formatting.add(texts, twice)
    mine = workbook.create_sheet("My notes")
    mine["A1"] = f"=COUNTA(Claims!{verdicts})"
    mine.add_data_validation(pick := DataValidation(type="list", formula1=f"Claims!{fixed(texts)}"))
    pick.add("B1")
    red = CellIsRule(operator="equal", formula=['"False"'], font=Font(color="FFFF0000"))
    claims.conditional_formatting.add(verdicts, red)
    later = CellIsRule(operator="equal", formula=['"later"'], fill=PatternFill("solid", fgColor=YELLOW))
    claims.conditional_formatting.add(f"{letter['notes']}3:{letter['notes']}4", later)
    scores = f"{letter['score']}2:{letter['score']}{last}"
    claims.conditional_formatting.add(scores, TRAFFIC_LIGHTS)
    own = claims.cell(1, claims.max_column + 1, "Priority").column_letter
    priority = DataValidation(type="list", formula1='"high,low"', allow_blank=True)
    claims.add_data_validation(priority)
    priority.add(f"{own}2:{own}{last}")
    workbook.save(output)
    if resave:
        libreoffice_resave(output, tmp_path)
    article.write_text(article.read_text(encoding="utf-8") + "\n" + NEW_CLAIM + "\n", encoding="utf-8")
    second = factcheck("check", article, "-o", output)
    assert second.returncode == 0 and "1 new" in second.stdout, second.stderr

    workbook = load_workbook(output)
    claims = workbook["Claims"]
    assert claims.cell(last + 1, header_positions(claims)["claim"]).value == NEW_CLAIM
    verdicts, texts = (f"{letter[key]}2:{letter[key]}{last + 1}" for key in ("verdict", "claim"))
    # The total stays a blank row under the claims, and counts the new one.
    assert claims.max_row == last + 3 and claims[f"{letter['verdict']}{last + 3}"].value == f"=COUNTA({verdicts})"
    ranges = {
        str(rule.formula[0]): str(formatting.sqref)
        for formatting in claims.conditional_formatting
        for rule in formatting.rules
        if rule.type in ("cellIs", "expression")
    }
    assert ranges == {
        '"False"': verdicts,
        '"later"': f"{letter['notes']}3:{letter['notes']}4",
        f"COUNTIF({fixed(texts)},{letter['claim']}2)>1": texts,
    }
    scales = [(str(formatting.sqref), tuple(stop.type for stop in rule.colorScale.cfvo)) for formatting in claims.conditional_formatting for rule in formatting.rules if rule.type == "colorScale"]
    assert (f"{letter['score']}2:{letter['score']}{last + 1}", ("min", "percentile", "max")) in scales  # the reviewer's, over every claim
    assert sorted(stops for _, stops in scales) == [("min", "percentile", "max"), ("num", "num")]  # and the tool's, once
    choices = [str(v.sqref) for v in claims.data_validations.dataValidation if v.formula1 == '"high,low"']
    assert choices == [f"{own}2:{own}{last + 1}"]
    mine = workbook["My notes"]
    assert mine["A1"].value == f"=COUNTA(Claims!{verdicts})"
    assert [v.formula1 for v in mine.data_validations.dataValidation] == [f"Claims!{fixed(texts)}"]


# A reviewer's colour scale: red at the lowest, yellow at the median, green at the highest.
TRAFFIC_LIGHTS = ColorScaleRule(start_type="min", start_color="FFF8696B", mid_type="percentile", mid_value=50, mid_color="FFFFEB84", end_type="max", end_color="FF63BE7B")


def fixed(cells):
    """A range with its rows and columns fixed with $: D2:D8 as $D$2:$D$8."""
    return ":".join("$" + re.sub(r"(\d+)", r"$\1", corner) for corner in cells.split(":"))


def checked_copy(tmp_path):
    """(article, workbook) after a first run on a copy of the example article."""
    article = tmp_path / "bridge.txt"
    shutil.copy(EXAMPLE_ARTICLE, article)
    output = tmp_path / "bridge.xlsx"
    assert factcheck("check", article, "-o", output).returncode == 0
    return article, output


@pytest.mark.parametrize("mark", ["comment", "fill"])
def test_a_claim_with_only_a_comment_or_a_colour_goes_to_retired_when_it_leaves(tmp_path, mark):
    """A note or a highlight is reviewer work even with every reviewer cell empty."""
    article, output = checked_copy(tmp_path)
    workbook = load_workbook(output)
    claims = workbook["Claims"]
    notes = claims.cell(claim_row(claims, DELETED), header_positions(claims)["notes"])
    if mark == "comment":
        notes.comment = Comment("ask Lund's office for the study", "Ana")
    else:
        notes.fill = PatternFill("solid", fgColor=YELLOW)
    workbook.save(output)
    article.write_text(edit_article(article.read_text(encoding="utf-8")), encoding="utf-8")
    second = factcheck("check", article, "-o", output)
    assert second.returncode == 0 and "1 retired" in second.stdout, second.stdout

    retired = load_workbook(output)["Retired"]
    notes = retired.cell(claim_row(retired, DELETED), header_positions(retired)["notes"])
    if mark == "comment":
        assert notes.comment.text == "ask Lund's office for the study"
    else:
        assert colour(notes) == YELLOW


@pytest.mark.parametrize("title", ["Retired", "Sentences", "Sources"])
def test_a_row_inserted_above_a_tables_headers_is_refused_and_nothing_changes(tmp_path, title):
    """Read with its headers gone, the table would be empty and its rows' work lost."""
    article, output = checked_copy(tmp_path)
    workbook = load_workbook(output)
    workbook[title].insert_rows(1)
    workbook[title]["A1"] = "Checked on Monday"
    workbook.save(output)
    before = output.read_bytes()
    second = factcheck("check", article, "-o", output)
    assert second.returncode == 2
    assert second.stderr.startswith("factcheck: error: ") and f"the {title} sheet has no " in second.stderr
    assert "Traceback" not in second.stderr and len(second.stderr.strip().splitlines()) == 1
    assert output.read_bytes() == before


def test_a_source_typed_by_hand_with_its_type_is_kept(tmp_path):
    article, output = checked_copy(tmp_path)
    workbook = load_workbook(output)
    sources = workbook["Sources"]
    row = sources.max_row + 1
    sources.cell(row, 1, "https://archive.example/council/box-12")
    sources.cell(row, 2, "URL")
    workbook.save(output)
    assert factcheck("check", article, "-o", output).returncode == 0
    kept = [(r[0], r[1]) for r in load_workbook(output)["Sources"].iter_rows(min_row=2, values_only=True)]
    assert ("https://archive.example/council/box-12", "URL") in kept


def test_an_excel_table_over_claims_grows_with_them_and_keeps_its_own_filter(tmp_path):
    """Format as Table in Excel: the table takes the rows a re-run adds, and no sheet filter is
    laid over it (Excel calls a workbook with both damaged)."""
    article, output = checked_copy(tmp_path)
    workbook = load_workbook(output)
    claims = workbook["Claims"]
    last, width = claims.max_row, claims.cell(1, claims.max_column).column_letter
    claims.auto_filter.ref = None  # Excel removes the sheet's filter when it makes a table
    table = Table(displayName="Claims_table", ref=f"A1:{width}{last}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium9", showRowStripes=True)
    claims.add_table(table)
    workbook.save(output)
    article.write_text(article.read_text(encoding="utf-8") + "\n" + NEW_CLAIM + "\n", encoding="utf-8")
    assert factcheck("check", article, "-o", output).returncode == 0

    claims = load_workbook(output)["Claims"]
    table = claims.tables["Claims_table"]
    assert claims.max_row == last + 1 and table.ref == f"A1:{width}{last + 1}" and table.autoFilter.ref == table.ref
    assert claims.auto_filter.ref is None
    assert [c.name for c in table.tableColumns] == [c.value for c in claims[1]]


@pytest.mark.parametrize("resave", [False, pytest.param(True, marks=pytest.mark.slow)], ids=["openpyxl", "libreoffice"])
def test_an_excel_tables_total_row_stays_its_last_row(tmp_path, resave):
    """Format as Table, then Table Design > Total Row: "Total" in Claim ID, an average under
    Score and a count under Verdict. Once, a re-run took "Total" for a claim ID and put the row
    on Retired as a claim that left the article, and the table's total row became its last
    claim. The table takes the claim the re-run adds above its total row, which stays."""
    article, output = checked_copy(tmp_path)
    fill_reviews(output, {sheet_rows(output)[0]["claim"]: {"verdict": "True"}})
    last = add_table_with_total_row(output) - 1
    claims = load_workbook(output)["Claims"]
    letter, width = column_letters(claims), claims.cell(1, claims.max_column).column_letter
    if resave:
        libreoffice_resave(output, tmp_path)
    paragraphs = article.read_text(encoding="utf-8").split("\n\n")
    article.write_text("\n\n".join([*paragraphs[:2], NEW_CLAIM, *paragraphs[2:]]), encoding="utf-8")
    second = factcheck("check", article, "-o", output)
    assert second.returncode == 0 and "1 new, 0 retired" in second.stdout, second.stdout

    workbook = load_workbook(output)
    claims = workbook["Claims"]
    table = claims.tables["Claims_table"]
    assert (table.ref, table.totalsRowCount, workbook["Retired"].max_row) == (f"A1:{width}{last + 2}", 1, 1)
    assert [claims[f"{column}{last + 2}"].value for column in ("A", letter["score"], letter["verdict"])] == [
        "Total", "=SUBTOTAL(101,Claims_table[Score])", "=SUBTOTAL(103,Claims_table[Verdict])",
    ]
    assert claims[f"A{last + 1}"].value.startswith("C") and claims[f"{letter['claim']}{last + 1}"].value


@pytest.mark.parametrize("resave", [False, True], ids=["openpyxl", "libreoffice"])
def test_merged_cells_follow_their_claims_and_never_span_a_claim_the_reviewer_did_not_merge(tmp_path, resave):
    """A reviewer merges Sources and Notes on one claim, one Verdict over two claims of a
    paragraph, and one Notes over the first two claims; a claim is then added between those
    two, pushing every later row down."""
    article, output = checked_copy(tmp_path)
    workbook = load_workbook(output)
    claims = workbook["Claims"]
    col = header_positions(claims)
    letter = column_letters(claims)
    first, survey, engineers, repairs = (claim_row(claims, s) for s in ("The regional council", SWAPPED, REWORDED, "Repairs since"))
    assert (survey, repairs) == (first + 1, engineers + 1)
    claims.cell(first, col["notes"], "both figures are in the council's report")
    claims.merge_cells(f"{letter['notes']}{first}:{letter['notes']}{survey}")
    claims.cell(survey, col["sources"], "the 2025 survey, page 4")
    claims.merge_cells(f"{letter['sources']}{survey}:{letter['notes']}{survey}")
    claims.cell(engineers, col["verdict"], "True")
    claims.merge_cells(f"{letter['verdict']}{engineers}:{letter['verdict']}{repairs}")
    workbook.save(output)
    if resave:
        libreoffice_resave(output, tmp_path)
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("more than a decade.\n", f"more than a decade.\n\n{NEW_CLAIM}\n", 1), encoding="utf-8")
    second = factcheck("check", article, "-o", output)
    assert second.returncode == 0 and "1 new" in second.stdout, second.stderr

    for run in range(2):  # and a run with nothing new changes nothing
        claims = load_workbook(output)["Claims"]
        assert claim_row(claims, NEW_CLAIM[:30]) == first + 1
        survey, engineers = claim_row(claims, SWAPPED), claim_row(claims, REWORDED)
        assert sorted(str(cells) for cells in claims.merged_cells.ranges) == sorted(
            [f"{letter['sources']}{survey}:{letter['notes']}{survey}", f"{letter['verdict']}{engineers}:{letter['verdict']}{engineers + 1}"]
        )
        assert claims.cell(first, col["notes"]).value == "both figures are in the council's report"
        assert claims.cell(survey, col["sources"]).value == "the 2025 survey, page 4"
        assert claims.cell(engineers, col["verdict"]).value == "True"
        assert claims.cell(engineers + 1, col["claim"]).value.startswith("Repairs since")
        if run == 0:
            assert factcheck("check", article, "-o", output).returncode == 0


def test_a_merge_is_not_made_again_over_notes_the_run_fills(tmp_path):
    """Notes merged over two claims, and typing in the lower claim's Kind: the run puts that
    typing back into the lower claim's Notes, which the merge would empty, so the merge goes."""
    article, output = checked_copy(tmp_path)
    workbook = load_workbook(output)
    claims = workbook["Claims"]
    col = header_positions(claims)
    notes = claims.cell(1, col["notes"]).column_letter
    engineers, repairs = (claim_row(claims, s) for s in (REWORDED, "Repairs since"))
    claims.cell(engineers, col["notes"], "same report")
    claims.merge_cells(f"{notes}{engineers}:{notes}{repairs}")
    claims.cell(repairs, col["kind"], "opinion")
    workbook.save(output)
    assert factcheck("check", article, "-o", output).returncode == 0

    claims = load_workbook(output)["Claims"]
    assert not claims.merged_cells.ranges
    assert claims.cell(engineers, col["notes"]).value == "same report"
    assert "opinion" in claims.cell(repairs, col["notes"]).value


@pytest.mark.parametrize("resave", [False, True], ids=["openpyxl", "libreoffice"])
def test_formulas_that_point_at_claims_follow_them(tmp_path, resave):
    """A sheet of the reviewer's own reads one claim's verdict and counts the verdicts of all;
    a totals row under the table counts them too; a note quotes its own row's verdict, and
    another counts the letters of every claim in an array formula (Ctrl+Shift+Enter). The
    article then gains a claim near the top and loses one the reviewer gave a verdict, whose
    note (reading its own row) goes with it onto Retired, where its columns are others."""
    article, output = checked_copy(tmp_path)
    workbook = load_workbook(output)
    claims = workbook["Claims"]
    col = header_positions(claims)
    letter = column_letters(claims)
    verdict, claim = letter["verdict"], letter["claim"]
    last = claims.max_row
    engineers, deleted = claim_row(claims, REWORDED), claim_row(claims, DELETED)
    claims.cell(engineers, col["verdict"], "True")
    claims.cell(deleted, col["verdict"], "False")
    claims.cell(engineers, col["notes"], f'={verdict}{engineers}&" per the audit"')
    claims.cell(deleted, col["notes"], f'=IF({verdict}{deleted}="False","recheck "&LEFT({claim}{deleted},9),"")')
    repairs = claim_row(claims, "Repairs since")
    notes = letter["notes"]
    claims[f"{notes}{repairs}"] = ArrayFormula(f"{notes}{repairs}", f"=SUM(LEN({claim}2:{claim}{last}))")
    claims.cell(last + 2, col["status"], "Verdicts given")
    claims.cell(last + 2, col["verdict"], f"=COUNTA({verdict}2:{verdict}{last})")
    score = letter["score"]  # totals under the tool's columns too
    claims.cell(last + 2, col["score"], f"=AVERAGE({score}2:{score}{last})")
    claims.cell(last + 2, col["claim"], f'=COUNTA({claim}2:{claim}{last})&" claims"')
    desk = workbook.create_sheet("Desk view")
    desk["A1"], desk["B1"] = f"=Claims!{claim}{engineers}", f"=Claims!{verdict}{engineers}"
    desk["A2"], desk["B2"] = f"=Claims!{claim}{deleted}", f"=Claims!{verdict}{deleted}"
    desk["A3"] = f'=COUNTIF(Claims!${verdict}$2:${verdict}${last},"True")'
    desk["A4"] = f"=COUNTA(Claims!{verdict}:{verdict})"
    desk.add_data_validation(pick := DataValidation(type="list", formula1=f"Claims!${claim}$2:${claim}${last}"))  # a drop-down of the claims
    pick.add("C1")
    twice = FormulaRule(formula=[f"COUNTIF(${claim}$2:${claim}${last},${claim}2)>1"], font=Font(bold=True))  # a claim listed twice
    claims.conditional_formatting.add(f"{claim}2:{claim}{last}", twice)
    right = claims.cell(1, claims.max_column).column_letter
    claims.print_area = f"A1:{right}{last}"
    workbook.defined_names["verdicts"] = DefinedName("verdicts", attr_text=f"Claims!${verdict}$2:${verdict}${last}")
    workbook.save(output)
    if resave:
        libreoffice_resave(output, tmp_path)
    before = shutil.copy(output, tmp_path / "before.xlsx")
    paragraphs = article.read_text(encoding="utf-8").split("\n\n")
    paragraphs = [p for p in paragraphs if DELETED not in p]
    paragraphs.insert(2, NEW_CLAIM)
    article.write_text("\n\n".join(paragraphs), encoding="utf-8")
    second = factcheck("check", article, "-o", output)
    assert second.returncode == 0 and "1 new" in second.stdout and "1 retired" in second.stdout, second.stdout
    assert second.stdout.startswith("bridge.txt: 7 claims to check")  # the totals row is no claim
    assert "2 verdicts added" in second.stdout  # nor a check for the archive (its Verdict is a formula)

    workbook = load_workbook(output)
    claims, retired, desk = workbook["Claims"], workbook["Retired"], workbook["Desk view"]
    engineers, new_last = claim_row(claims, REWORDED), claim_row(claims, "It is the biggest")
    retired_row = next(r for r in range(2, retired.max_row + 1) if str(retired.cell(r, header_positions(retired)["claim"]).value).startswith(DELETED))
    retired_letter = column_letters(retired)
    assert (desk["A1"].value, desk["B1"].value) == (f"=Claims!{claim}{engineers}", f"=Claims!{verdict}{engineers}")
    assert (desk["A2"].value, desk["B2"].value) == (
        f"=Retired!{retired_letter['claim']}{retired_row}", f"=Retired!{retired_letter['verdict']}{retired_row}"
    )
    assert desk["A3"].value == f'=COUNTIF(Claims!${verdict}$2:${verdict}${new_last},"True")'
    assert desk["A4"].value == f"=COUNTA(Claims!{verdict}:{verdict})"
    [pick] = desk.data_validations.dataValidation
    assert pick.formula1 == f"Claims!${claim}$2:${claim}${new_last}"
    [twice] = [rule for cf in claims.conditional_formatting for rule in cf.rules if rule.type == "expression"]
    assert twice.formula == [f"COUNTIF(${claim}$2:${claim}${new_last},${claim}2)>1"]
    assert claims.print_area == f"'Claims'!$A$1:${right}${new_last}"
    assert workbook.defined_names["verdicts"].attr_text == f"Claims!${verdict}$2:${verdict}${new_last}"
    assert claims.cell(engineers, col["notes"]).value == f'={verdict}{engineers}&" per the audit"'
    assert retired.cell(retired_row, header_positions(retired)["notes"]).value == (
        f'=IF({retired_letter["verdict"]}{retired_row}="False","recheck "&LEFT({retired_letter["claim"]}{retired_row},9),"")'
    )
    totals = next(r for r in range(2, claims.max_row + 1) if claims.cell(r, col["status"]).value == "Verdicts given")
    assert claims.cell(totals, col["verdict"]).value == f"=COUNTA({verdict}2:{verdict}{new_last})"
    assert claims.cell(totals, col["change"]).value is None  # the reviewer's layout, not a row to label
    # Formulas still, not their text: a run writes text in the tool's columns of its own rows.
    average, count = claims.cell(totals, col["score"]), claims.cell(totals, col["claim"])
    assert (average.value, average.data_type) == (f"=AVERAGE({score}2:{score}{new_last})", "f")
    assert (count.value, count.data_type) == (f'=COUNTA({claim}2:{claim}{new_last})&" claims"', "f")
    # The array formula on its claim's new row, its range there (Excel refuses one whose range
    # leaves its cell), reading every claim; LibreOffice computes it.
    repairs = claim_row(claims, "Repairs since")
    counted = claims[f"{notes}{repairs}"].value
    assert isinstance(counted, ArrayFormula) and repairs != claim_row(load_workbook(before)["Claims"], "Repairs since")
    assert (counted.ref.split(":")[0], counted.text) == (f"{notes}{repairs}", f"=SUM(LEN({claim}2:{claim}{new_last}))")
    if resave:
        computed = load_workbook(libreoffice_resaved_copy(output, tmp_path), data_only=True)["Claims"]
        letters = sum(len(str(claims[f"{claim}{row}"].value or "")) for row in range(2, new_last + 1))
        assert computed[f"{notes}{repairs}"].value == letters
        scores = [claims[f"{score}{row}"].value for row in range(2, new_last + 1)]
        assert computed[f"{score}{totals}"].value == pytest.approx(sum(scores) / len(scores))
        assert computed[f"{claim}{totals}"].value == f"{new_last - 1} claims"



@pytest.mark.parametrize("resave", [False, pytest.param(True, marks=pytest.mark.slow)], ids=["openpyxl", "libreoffice"])
def test_a_claim_a_note_reads_goes_to_retired_when_it_leaves_and_the_note_follows(tmp_path, resave):
    """A note quotes another claim (=D6), which no one reviewed, and a link in Sources jumps to
    it; that claim then leaves the article. It goes to Retired, not away, and the note and the
    link read it there: where a spreadsheet program would show #REF!, the old reference would
    have read the claim that took its row."""
    article, output = checked_copy(tmp_path)
    workbook = load_workbook(output)
    claims = workbook["Claims"]
    letter = column_letters(claims)
    quoted, quoting = claim_row(claims, DELETED), claim_row(claims, REWORDED)
    claims[f"{letter['notes']}{quoting}"] = f"={letter['claim']}{quoted}"
    claims[f"{letter['sources']}{quoting}"] = "the ferry study"
    claims[f"{letter['sources']}{quoting}"].hyperlink = Hyperlink(ref=f"{letter['sources']}{quoting}", location=f"Claims!{letter['claim']}{quoted}")
    workbook.save(output)
    if resave:
        libreoffice_resave(output, tmp_path)
    paragraphs = [p for p in article.read_text(encoding="utf-8").split("\n\n") if DELETED not in p]
    article.write_text("\n\n".join(paragraphs), encoding="utf-8")
    second = factcheck("check", article, "-o", output)
    assert second.returncode == 0 and "1 retired" in second.stdout and "dropped" not in second.stdout, second.stdout

    workbook = load_workbook(output)
    claims, retired = workbook["Claims"], workbook["Retired"]
    quoting, quoted = claim_row(claims, REWORDED), claim_row(retired, DELETED)
    claim_on_retired = column_letters(retired)["claim"]
    assert claims[f"{letter['notes']}{quoting}"].value == f"=Retired!{claim_on_retired}{quoted}"
    assert claims[f"{letter['sources']}{quoting}"].hyperlink.location == f"Retired!{claim_on_retired}{quoted}"


@pytest.mark.parametrize("resave", [False, pytest.param(True, marks=pytest.mark.slow)], ids=["openpyxl", "libreoffice"])
def test_rows_of_data_subtotals_stay_the_reviewers_and_are_no_claims(tmp_path, resave):
    """Data > Subtotals by Verdict on a reviewed Claims, then a claim added to the article.
    Each subtotal row holds a SUBTOTAL formula in Claim ID: once, the re-run put it on Retired
    as a claim "no longer in the article" (its formula then counting Retired's dates), and the
    export published it as a ClaimReview of no claim, rated "False Count". The run lists the
    claims in article order, keeps each subtotal row under the claim it followed, a formula
    still, and says to apply Subtotals again; no export or archive takes one for a claim."""
    article, output = checked_copy(tmp_path)
    texts = [row["claim"] for row in sheet_rows(output)]
    fill_reviews(output, {text: {"verdict": ("True", "Mostly true", "False")[i % 3]} for i, text in enumerate(texts)})
    assert apply_subtotals(output) == 4
    if resave:
        libreoffice_resave(output, tmp_path)
    paragraphs = article.read_text(encoding="utf-8").split("\n\n")
    article.write_text("\n\n".join([*paragraphs[:2], NEW_CLAIM, *paragraphs[2:]]), encoding="utf-8")
    second = factcheck("check", article, "-o", output)
    assert second.returncode == 0, second.stderr
    assert "7 kept, 0 edited, 1 new, 0 retired" in second.stdout and "dropped" not in second.stdout, second.stdout
    assert "4 Data > Subtotals rows over claims now in article order again (apply Subtotals again)" in second.stdout
    assert "7 verdicts added" in second.stdout

    workbook = load_workbook(output)
    claims, retired = workbook["Claims"], workbook["Retired"]
    assert retired.max_row == 1
    col = header_positions(claims)
    rows = [[claims.cell(r, col[key]) for key in ("claim_id", "sentence_number", "verdict")] for r in range(2, claims.max_row + 1)]
    numbers = [number.value for _, number, _ in rows if number.value is not None]
    assert len(numbers) == 8 and numbers == sorted(numbers)
    subtotals = [(claim_id, verdict.value) for claim_id, _, verdict in rows if str(verdict.value).endswith(" Count")]
    assert sorted(verdict for _, verdict in subtotals) == ["False Count", "Grand Count", "Mostly true Count", "True Count"]
    assert all(claim_id.data_type == "f" and claim_id.value.startswith("=SUBTOTAL(3,$A$") for claim_id, _ in subtotals)

    published = factcheck("export", output, "--format", "claimreview", "--url", "https://news.example/bridge")
    assert published.returncode == 0, published.stderr
    assert sorted(review["claimReviewed"] for review in json.loads(published.stdout)) == sorted(texts)


@pytest.mark.parametrize("how", ["deleted", "renamed, headers too"])
def test_a_missing_claims_sheet_is_named_in_the_refusal_and_nothing_changes(tmp_path, how):
    """Not "not a factcheck worksheet … use --force", whose advice would replace the reviews.
    (A Claims sheet renamed with its headers is still found: see test_renamed_sheets.py.)"""
    article, output = checked_copy(tmp_path)
    workbook = load_workbook(output)
    if how == "deleted":
        workbook.remove(workbook["Claims"])
    else:
        workbook["Claims"].title = "Claims (Ana)"
        next(c for c in workbook["Claims (Ana)"][1] if c.value == "Verdict").value = "Rating"
    workbook.save(output)
    before = output.read_bytes()
    result = factcheck("check", article, "-o", output)
    assert result.returncode == 2 and "without its Claims sheet" in result.stderr and "--force" not in result.stderr
    assert output.read_bytes() == before


def check_with_a_claim_near_the_top(article, output):
    """Run check again on the article with a new claim as its third paragraph."""
    paragraphs = article.read_text(encoding="utf-8").split("\n\n")
    paragraphs.insert(2, NEW_CLAIM)
    article.write_text("\n\n".join(paragraphs), encoding="utf-8")
    result = factcheck("check", article, "-o", output)
    assert result.returncode == 0 and "1 new" in result.stdout, result.stderr


def test_columns_beside_the_table_stay_with_their_claims_once_they_have_a_header(tmp_path):
    """A rate typed beside the table, and a sum reading it, under headers of the reviewer's:
    the article gains a claim near the top, and both follow the claim of their row. (Without
    the headers the run refuses: see test_uncarried_parts.py.)"""
    article, output = checked_copy(tmp_path)
    workbook = load_workbook(output)
    claims = workbook["Claims"]
    engineers = claim_row(claims, REWORDED)
    claims["T1"], claims["U1"] = "Rate", "In euro"
    claims[f"T{engineers}"], claims[f"U{engineers}"] = 0.087, f"=T{engineers}*1.4"
    workbook.save(output)
    check_with_a_claim_near_the_top(article, output)

    claims = load_workbook(output)["Claims"]
    row = claim_row(claims, REWORDED)
    assert row == engineers + 1
    column = {cell.value: cell.column_letter for cell in claims[1]}
    assert claims[f"{column['Rate']}{row}"].value == 0.087
    assert claims[f"{column['In euro']}{row}"].value == f"={column['Rate']}{row}*1.4"


def test_a_claim_row_cleared_leaves_no_blank_row_among_the_claims(tmp_path):
    """A reviewer clears a claim row's cells (rather than deleting the row). The claim comes back
    listed again, and the claims stay together: the cleared row is not kept as a blank one."""
    article, output = checked_copy(tmp_path)
    workbook = load_workbook(output)
    claims = workbook["Claims"]
    col = header_positions(claims)
    last = claims.max_row
    for column in col.values():
        claims.cell(4, column).value = None
    workbook.save(output)
    assert factcheck("check", article, "-o", output).returncode == 0
    claims = load_workbook(output)["Claims"]
    assert claims.max_row == last
    assert all(claims.cell(r, col["claim_id"]).value for r in range(2, last + 1))


def test_blank_rows_a_reviewer_leaves_between_groups_of_claims_stay_under_their_claims(tmp_path):
    """A reviewer groups the claims with blank rows, one shaded. The article gains a claim near
    the top: each blank row is still right under the claim it followed, with its shade."""
    article, output = checked_copy(tmp_path)
    workbook = load_workbook(output)
    claims = workbook["Claims"]
    col = header_positions(claims)
    above = [claims.cell(row, col["claim_id"]).value for row in (3, 5)]
    claims.insert_rows(6)
    claims.insert_rows(4)
    for column in col.values():
        claims.cell(4, column).fill = PatternFill("solid", fgColor=YELLOW)
    workbook.save(output)
    check_with_a_claim_near_the_top(article, output)

    claims = load_workbook(output)["Claims"]
    ids = [claims.cell(row, col["claim_id"]).value for row in range(2, claims.max_row + 1)]
    assert ids.count(None) == 2
    for claim_id in above:
        assert ids[ids.index(claim_id) + 1] is None  # the row right under it
    assert colour(claims.cell(ids.index(above[0]) + 3, col["notes"])) == YELLOW


def test_a_row_inserted_under_a_claim_stays_under_it(tmp_path):
    """Insert a row under a claim for a second source; a total two rows under the table, the
    blank row between them shaded. The article gains a claim near the top: the row is still
    under its claim, the total at the end, the shaded blank row still between."""
    article, output = checked_copy(tmp_path)
    workbook = load_workbook(output)
    claims = workbook["Claims"]
    col = header_positions(claims)
    engineers = claim_row(claims, REWORDED)
    claims.insert_rows(engineers + 1)
    claims.cell(engineers + 1, col["sources"], "second source: the 2024 inspection report")
    gap = claims.max_row + 1
    for column in col.values():
        claims.cell(gap, column).fill = PatternFill("solid", fgColor="FFD9D9D9")
    claims.cell(gap + 1, col["status"], "Total")
    for below in range(gap + 2, gap + 20):  # blank rows under everything, shaded: not kept as rows
        claims.cell(below, col["status"]).fill = PatternFill("solid", fgColor="FFD9D9D9")
    workbook.save(output)
    check_with_a_claim_near_the_top(article, output)

    claims = load_workbook(output)["Claims"]
    row = claim_row(claims, REWORDED)
    assert row == engineers + 1
    assert claims.cell(row + 1, col["sources"]).value == "second source: the 2024 inspection report"
    assert claims.cell(row + 1, col["change"]).value is None
    total = next(r for r in range(2, claims.max_row + 1) if claims.cell(r, col["status"]).value == "Total")
    assert claims.cell(total - 2, col["claim_id"]).value  # the last claim, then the gap
    assert all(claims.cell(total - 1, column).value is None for column in col.values())
    assert claims.cell(total - 1, col["notes"]).fill.fgColor.rgb == "FFD9D9D9"
    assert not any(claims.cell(r, c).value for r in range(total + 1, claims.max_row + 1) for c in col.values())
