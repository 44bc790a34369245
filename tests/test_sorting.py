"""Reviewers sort and filter Claims in Excel (no sheet protection stops them), and type in tool
columns: a sorted or filtered sheet merges exactly as an unsorted one, and an edit in a tool
cell is put back, kept in Notes and counted in the merge report."""

import shutil

from openpyxl import load_workbook

from .reviewing import HEADERS, header_positions, run, sheet_rows
from .test_merge_end_to_end import edit_article


def sort_claims(path, key="claim", reverse=True):
    """What Excel's Sort does to the table: whole rows reordered, each keeping its cells."""
    workbook = load_workbook(path, rich_text=True)
    sheet = workbook["Claims"]
    column = header_positions(sheet)[key]
    rows = [[(c.value, c.data_type) for c in row] for row in sheet.iter_rows(min_row=2)]
    rows.sort(key=lambda r: str(r[column - 1][0] or ""), reverse=reverse)
    for number, row in enumerate(rows, start=2):
        for index, (value, data_type) in enumerate(row, start=1):
            cell = sheet.cell(number, index)
            cell.value = value
            if data_type == "s" and isinstance(value, str):
                cell.data_type = "s"  # text that starts with "=" stays text
    sheet.auto_filter.add_filter_column(header_positions(sheet)["status"] - 1, ["In progress"])
    for number in range(2, sheet.max_row + 1):
        sheet.row_dimensions[number].hidden = sheet.cell(number, header_positions(sheet)["status"]).value != "In progress"
    workbook.save(path)


def test_a_sorted_and_filtered_sheet_merges_exactly_as_the_unsorted_one(reviewed_sheet, scorer, tmp_path):
    article, output, _ = reviewed_sheet
    sorted_copy = tmp_path / "sorted" / "bridge.xlsx"
    sorted_copy.parent.mkdir()
    shutil.copy(output, sorted_copy)
    sort_claims(sorted_copy)
    assert [r["claim"] for r in sheet_rows(sorted_copy)] != [r["claim"] for r in sheet_rows(output)]
    article.write_text(edit_article(article.read_text(encoding="utf-8")), encoding="utf-8")
    plain, sorted_ = run(article, output, scorer), run(article, sorted_copy, scorer)
    assert sorted_.merge == plain.merge
    assert sheet_rows(sorted_copy) == sheet_rows(output)
    assert sheet_rows(sorted_copy, "Retired") == sheet_rows(output, "Retired")
    # the filter's hidden rows stay hidden on the same claims
    sheet = load_workbook(sorted_copy)["Claims"]
    status = header_positions(sheet)["status"]
    hidden = {sheet.cell(r, status).value != "In progress" for r in range(2, sheet.max_row + 1) if sheet.row_dimensions[r].hidden}
    assert hidden == {True}
    assert [(f.colId, f.filters.filter) for f in sheet.auto_filter.filterColumn] == [(status - 1, ["In progress"])]


def test_an_edit_in_a_tool_column_is_put_back_kept_in_notes_and_reported(reviewed_sheet, scorer):
    article, output, reviews = reviewed_sheet
    workbook = load_workbook(output, rich_text=True)
    sheet = workbook["Claims"]
    col = header_positions(sheet)
    sheet.cell(2, col["kind"]).value = "opinion"
    original = str(sheet.cell(3, col["claim"]).value)
    sheet.cell(3, col["claim"]).value = "A reviewer retyped this claim."
    claim_ids = [sheet.cell(r, col["claim_id"]).value for r in (2, 3)]
    workbook.save(output)
    report = run(article, output, scorer)
    assert report.merge.tool_edits == 2 and "2 edits in tool columns put back" in report.merge.summary()
    rows = {r["claim_id"]: r for r in sheet_rows(output)}
    first, second = rows[claim_ids[0]], rows[claim_ids[1]]
    assert first["kind"] != "opinion" and f"[{HEADERS['kind']} edited by a reviewer, put back by factcheck: opinion]" in first["notes"]
    assert second["claim"] == original and "A reviewer retyped this claim." in second["notes"]
    assert reviews[original]["notes"] in second["notes"]  # what the reviewer had in Notes is still there
    again = run(article, output, scorer)
    assert again.merge.tool_edits == 0 and sheet_rows(output) == list(rows.values())
