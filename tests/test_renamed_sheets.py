"""Tool sheets a reviewer renamed in Excel or LibreOffice ("Retired" to "Retired claims") are
still the tool's: found by their headers (or, About and Summary, the text at their top), read
and rewritten as the tool's, under the name the reviewer gave them. Copies, and the sheets the
tool makes only when needed, stay the reviewer's. Real workbooks (tiny model), renamed with
openpyxl as a spreadsheet program renames them; the real CLI for the refusal."""

import shutil

import pytest
from openpyxl import load_workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill

from factcheck import check, check_article, merge_copies
from factcheck.checked_before import EarlierChecks
from factcheck.drawings import carried_drawing
from factcheck.worksheet import UncarriedPartsError, read_previous_workbook

from .conftest import EXAMPLE_ARTICLE
from .reviewing import fill_reviews, reviewer_values, run, sheet_rows
from .test_cli import assert_one_line_error, factcheck
from .test_drawings import add_to_summary_drawing, anchor, text_box
from .test_merge_end_to_end import DELETED, paragraphs

LUND = "Opposition councillor Per Lund said"
REVIEW = {"status": "Checked", "verdict": "Misleading", "sources": "Council study, 2021", "notes": "the ferry line cost more", "reviewer": "Ana"}
RED = "FFFF0000"


def rename(path, **names):
    """Rename sheets as a reviewer does: old name=new name, an underscore for a space in the old."""
    workbook = load_workbook(path, rich_text=True)
    for old, new in names.items():
        workbook[old.replace("_", " ")].title = new
    workbook.save(path)


def without_lund(article):
    text = article.read_text(encoding="utf-8")
    article.write_text("\n\n".join(p for p in paragraphs(text) if not p.startswith(DELETED)) + "\n", encoding="utf-8")
    return text


def history_lines(sheet):
    return [row for row in sheet.iter_rows(values_only=True) if row and str(row[0]).startswith("20")]


def test_a_renamed_retired_sheet_gives_back_its_claims_and_keeps_its_name(tmp_path, scorer):
    article = tmp_path / "bridge.txt"
    shutil.copy(EXAMPLE_ARTICLE, article)
    output = tmp_path / "bridge.xlsx"
    run(article, output, scorer)
    [lund] = [r["claim"] for r in sheet_rows(output) if r["claim"].startswith(LUND)]
    fill_reviews(output, {lund: REVIEW})
    original = without_lund(article)
    run(article, output, scorer)
    workbook = load_workbook(output, rich_text=True)
    retired = workbook["Retired"]
    notes = next(c.column for c in retired[1] if c.value == "Notes")
    claim = next(c.column for c in retired[1] if c.value == "Claim")
    row = next(r for r in range(2, retired.max_row + 1) if str(retired.cell(r, claim).value).startswith(LUND))
    retired.cell(row, notes).comment = Comment("asked the council press office", "Ana")
    retired.cell(row, notes).fill = PatternFill("solid", fgColor=RED)
    retired.title = "Retired claims"
    order = workbook.sheetnames
    workbook.save(output)
    assert [r["claim"] for r in read_previous_workbook(output).retired] == [lund]  # as export and the archive read it

    article.write_text(original, encoding="utf-8")  # the paragraph comes back
    report = run(article, output, scorer)
    assert report.merge.restored == 1
    [row] = [r for r in sheet_rows(output) if r["claim"] == lund]
    assert row["change"] == "restored from Retired" and reviewer_values(row) == reviewer_values(REVIEW)
    workbook = load_workbook(output)
    assert workbook.sheetnames == order and sheet_rows(output, "Retired claims") == []
    claims = workbook["Claims"]
    cell = next(c for r in claims.iter_rows(min_row=2) for c in r if c.value == REVIEW["notes"])
    assert cell.comment.text == "asked the council press office" and cell.fill.fgColor.rgb == RED

    without_lund(article)  # and leaves again: onto the sheet under the reviewer's name
    run(article, output, scorer)
    assert [r["claim"] for r in sheet_rows(output, "Retired claims")] == [lund]
    assert load_workbook(output).sheetnames == order


def test_renamed_sources_and_sentences_keep_hand_rows_own_columns_and_add_as_claim(tmp_path, scorer):
    output = tmp_path / "bridge.xlsx"

    def check():  # nothing listed on Claims but what a reviewer promotes
        check_article(EXAMPLE_ARTICLE, output, threshold=0.99, scorer=scorer)

    check()
    workbook = load_workbook(output)
    sources, sentences = workbook["Sources"], workbook["Sentences"]
    sources.cell(sources.max_row + 1, 1, "Inspectors' report, 2024 (paper copy)").comment = Comment("in the desk drawer", "Ana")
    sources.cell(1, sources.max_column + 1, "Asked for")
    sources.cell(2, sources.max_column, "yes, 3 May")
    headers = [c.value for c in sentences[1]]
    wanted = next(r for r in range(2, sentences.max_row + 1) if "212 million" in str(sentences.cell(r, headers.index("Sentence") + 1).value))
    sentences.cell(wanted, headers.index("Add as claim") + 1, "Yes")
    sentences.cell(1, len(headers) + 1, "Desk note")
    sentences.cell(wanted, len(headers) + 1, "ask Olsen")
    sources.title, sentences.title = "Sources (desk)", "Every sentence"
    order = workbook.sheetnames
    workbook.save(output)

    check()
    check()
    workbook = load_workbook(output)
    assert workbook.sheetnames == order
    [promoted] = sheet_rows(output)
    assert "212 million" in promoted["claim"] and promoted["change"] == "unchanged"
    rows = [dict(zip([c.value for c in workbook["Sources (desk)"][1]], r)) for r in workbook["Sources (desk)"].iter_rows(min_row=2, values_only=True)]
    hand = [r for r in rows if r["Source"] == "Inspectors' report, 2024 (paper copy)"]
    assert len(hand) == 1 and [r["Asked for"] for r in rows].count("yes, 3 May") == 1
    sheet = workbook["Sources (desk)"]
    assert next(c for c in sheet["A"] if c.value == hand[0]["Source"]).comment.text == "in the desk drawer"
    sentences = workbook["Every sentence"]
    marked = [r for r in sentences.iter_rows(min_row=2, values_only=True) if "212 million" in str(r[3])]
    assert [(r[10], r[11]) for r in marked] == [("Yes", "ask Olsen")]


def test_renamed_claims_summary_and_about_stay_the_tools_under_their_new_names(reviewed_sheet, scorer):
    article, output, reviews = reviewed_sheet
    rename(output, Claims="Claims (desk)", Summary="Dashboard", About="Run info")
    order = load_workbook(output).sheetnames
    run(article, output, scorer)  # the Summary's chart, renamed with it, is the tool's: not refused
    run(article, output, scorer)
    workbook = load_workbook(output)
    assert workbook.sheetnames == order
    rows = {r["claim"]: r for r in sheet_rows(output, "Claims (desk)")}
    assert all(reviewer_values(rows[text]) == typed for text, typed in reviews.items())
    dashboard = workbook["Dashboard"]
    assert dashboard["B4"].value == "=COUNTA('Claims (desk)'!$D$2:$D$1048576)-COUNT('Claims (desk)'!$D$2:$D$1048576)" and len(dashboard._charts) == 1
    assert len(history_lines(workbook["Run info"])) == 3  # the run history goes on


def test_a_copy_beside_a_tool_sheet_that_kept_its_name_stays_the_reviewers(reviewed_sheet, scorer):
    article, output, _ = reviewed_sheet
    workbook = load_workbook(output)
    copy = workbook.copy_worksheet(workbook["Claims"])
    copy.title = "Claims on Monday"
    copy["A2"] = "kept as typed"
    workbook.save(output)
    before = [list(r) for r in load_workbook(output)["Claims on Monday"].iter_rows(values_only=True)]
    run(article, output, scorer)
    after = load_workbook(output)
    assert [list(r) for r in after["Claims on Monday"].iter_rows(values_only=True)] == before
    assert after.sheetnames.count("Claims") == 1 and "kept as typed" not in {r["claim_id"] for r in sheet_rows(output)}


def test_two_sheets_that_look_like_a_renamed_one_are_refused_by_the_command(reviewed_sheet, tiny_model):
    article, output, _ = reviewed_sheet
    workbook = load_workbook(output)
    workbook.copy_worksheet(workbook["Retired"]).title = "Retired (old)"
    workbook["Retired"].title = "Retired claims"
    workbook.save(output)
    before = output.read_bytes()
    result = factcheck("check", article, "-o", output, "--model", tiny_model, "--threshold", "0")
    assert_one_line_error(result, r"has no Retired sheet, and the sheets 'Retired claims' and 'Retired \(old\)' both look like it")
    assert output.read_bytes() == before
    assert not (output.parent / ".history").exists()


def test_factcheck_merge_into_a_workbook_whose_sheets_were_renamed(reviewed_sheet):
    _, output, reviews = reviewed_sheet
    reviewer_copy = output.parent / "ana.xlsx"
    shutil.copy(output, reviewer_copy)
    rename(output, About="Run info", Summary="Dashboard")
    rename(reviewer_copy, Sentences="Every sentence")
    [text, *_] = [r["claim"] for r in sheet_rows(reviewer_copy) if r["claim"] not in reviews]
    fill_reviews(reviewer_copy, {text: {"verdict": "True", "reviewer": "Ana"}})
    order = load_workbook(output).sheetnames
    report = merge_copies(output, [reviewer_copy])
    assert report.applied == 2 and report.not_merged == ()  # Verdict and Reviewer
    workbook = load_workbook(output)
    assert workbook.sheetnames == order and len(history_lines(workbook["Run info"])) == 2
    assert {r["claim"]: r["verdict"] for r in sheet_rows(output)}[text] == "True"


def test_a_renamed_checked_before_sheet_is_the_reviewers_to_keep(reviewed_sheet, scorer, monkeypatch):
    """Made only when a claim has several earlier checks, so one renamed is a keepsake, never
    rewritten or removed; the tool makes its own again when it needs one."""
    article, output, _ = reviewed_sheet

    def two_earlier_checks(claims, archive, identity, before):
        rows = [{**row, "checked_before": None} for row in claims]
        first = rows[0]
        earlier = [{"claim_id": first["claim_id"], "claim": first["claim"], "rank": rank, "earlier_claim": f"check {rank}"} for rank in (1, 2)]
        return EarlierChecks(rows, earlier, 1)

    monkeypatch.setattr(check, "mark_checked_before", two_earlier_checks)
    run(article, output, scorer)
    rename(output, Checked_before="Earlier checks, May")
    kept = [list(r) for r in load_workbook(output)["Earlier checks, May"].iter_rows(values_only=True)]
    run(article, output, scorer)
    workbook = load_workbook(output)
    assert workbook.sheetnames[:3] == ["Claims", "Checked before", "Earlier checks, May"]
    # The tool's refuses typing; the one made the reviewer's by its new name no longer does.
    assert [v.type for v in workbook["Checked before"].data_validations.dataValidation] == ["custom"]
    assert not workbook["Earlier checks, May"].data_validations.dataValidation
    monkeypatch.undo()
    run(article, output, scorer)  # no claim has several now: the tool's goes, the reviewer's stays
    workbook = load_workbook(output)
    assert "Checked before" not in workbook.sheetnames
    assert [list(r) for r in workbook["Earlier checks, May"].iter_rows(values_only=True)] == kept


def test_a_chart_of_the_reviewers_is_carried_beside_a_renamed_summary_whose_own_is_the_tools(reviewed_sheet):
    """The renamed Summary's chart is the tool's, made again; the reviewer's on Research is
    carried. A text box put on the renamed Summary would be lost, and is refused by its name."""
    _, output, _ = reviewed_sheet
    workbook = load_workbook(output)
    workbook["Summary"].title = "Dashboard"
    research = workbook.create_sheet("Research")
    research["A1"], research["B1"], research["A2"], research["B2"] = "2019", 150, "2023", 62
    figures = BarChart()
    figures.add_data(Reference(research, min_col=2, min_row=1, max_row=2))
    research.add_chart(figures, "D2")
    workbook.save(output)
    previous = read_previous_workbook(output, keep=True)
    assert not previous.losses and carried_drawing(previous.book["Research"]) is not None
    add_to_summary_drawing(output, anchor(5, 20, text_box(9, "see the minutes")), "Dashboard")
    with pytest.raises(UncarriedPartsError) as refused:
        read_previous_workbook(output, keep=True)
    assert "pictures, charts, text boxes or shapes" in str(refused.value) and "on sheet 'Dashboard'" in str(refused.value)


def test_a_renamed_about_still_marks_a_workbook_that_lost_its_properties(reviewed_sheet):
    _, output, _ = reviewed_sheet
    workbook = load_workbook(output)
    workbook.custom_doc_props.props = []  # as a program that drops custom properties saves it
    workbook["About"].title = "Run info"
    workbook.save(output)
    previous = read_previous_workbook(output)
    assert previous.renamed == {"About": "Run info"} and len(previous.history) == 1


def test_a_sheet_renamed_in_case_alone_is_found_and_keeps_its_spelling(reviewed_sheet, scorer):
    """Excel takes "retired" for the same name as "Retired"; openpyxl would number a new one."""
    article, output, reviews = reviewed_sheet
    rename(output, Retired="retired", Sources="SOURCES")
    order = load_workbook(output).sheetnames
    run(article, output, scorer)
    assert load_workbook(output).sheetnames == order
    rows = {r["claim"]: r for r in sheet_rows(output)}
    assert all(reviewer_values(rows[text]) == typed for text, typed in reviews.items())
