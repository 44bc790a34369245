"""A tool sheet's layout is the reviewer's: a re-run keeps the order they gave its columns
(Verdict moved beside Claim, their own column among ours), their page setup and their row
groups, and what points at a column (their rules, the Summary's formulas) still points at it."""

import pytest
from openpyxl import load_workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from .reviewing import fill_reviews, header_positions, run, sheet_rows
from .test_end_to_end import converted
from .test_merge_end_to_end import edit_article, libreoffice_resave


RED = "FFFF0000"


def move_column(sheet, header: str, after: str | None) -> None:
    """What cutting a column and inserting it elsewhere does in Excel: its cells (values, types,
    formats, comments) move, the columns between shift over. ``after`` None: to the front."""
    headers = [c.value for c in sheet[1]]
    order = [h for h in headers if h != header]
    order.insert(order.index(after) + 1 if after else 0, header)
    columns = {
        h: [(c.value, c.data_type, c._style, c.comment) for c in column]
        for h, column in zip(headers, sheet.iter_cols(min_row=1, max_row=sheet.max_row, max_col=len(headers)))
    }
    for number, name in enumerate(order, start=1):
        for row, (value, data_type, style, comment) in enumerate(columns[name], start=1):
            cell = sheet.cell(row, number)
            cell.value, cell.data_type, cell._style, cell.comment = value, data_type, style, None
            if comment is not None:
                cell.comment = comment


def letter_of(sheet, header: str) -> str:
    return next(c.column_letter for c in sheet[1] if c.value == header)


@pytest.fixture
def rearranged(reviewed_sheet, scorer):
    """The reviewed workbook with Verdict and Notes moved beside Claim, an own column among
    ours, a rule over Verdict, Add as claim first on Sentences, portrait pages, a row group
    and a column group (Verdict to Desk, Data > Group); then the article edited and checked
    again."""
    article, output, reviews = reviewed_sheet
    workbook = load_workbook(output, rich_text=True)
    claims = workbook["Claims"]
    move_column(claims, "Verdict", "Claim")
    move_column(claims, "Notes", "Verdict")
    claims.insert_cols(header_positions(claims)["notes"] + 1)
    claims.cell(1, header_positions(claims)["notes"] + 1, "Desk")
    claims.cell(2, header_positions(claims)["notes"] + 1, "call back")
    verdict = letter_of(claims, "Verdict")
    claims[f"{verdict}1"].comment = Comment("Final verdicts only, after the desk meeting", "Zoë")
    claims[f"{verdict}1"].fill = PatternFill("solid", fgColor=RED)
    claims.conditional_formatting.add(
        f"{verdict}2:{verdict}500", CellIsRule(operator="equal", formula=['"Half true"'], font=Font(color="FFFF0000"))
    )
    claims.page_setup.orientation = "portrait"
    claims.sheet_properties.pageSetUpPr.fitToPage = False
    for row in (2, 3):
        claims.row_dimensions[row].outlineLevel = 1
    claims.column_dimensions.group(verdict, letter_of(claims, "Desk"), outline_level=1)
    move_column(workbook["Sentences"], "Add as claim", None)
    before = {
        "Claims": [c.value for c in claims[1]],
        "Sentences": [c.value for c in workbook["Sentences"][1]],
        "desk": str(claims.cell(2, header_positions(claims)["claim"]).value),
        "grouped": [claims.cell(r, header_positions(claims)["claim_id"]).value for r in (2, 3)],
    }
    workbook.save(output)
    article.write_text(edit_article(article.read_text(encoding="utf-8")), encoding="utf-8")
    run(article, output, scorer)
    return output, reviews, before


def test_columns_stay_where_the_reviewer_put_them(rearranged):
    output, reviews, before = rearranged
    workbook = load_workbook(output)
    assert [c.value for c in workbook["Claims"][1]] == before["Claims"]
    assert [c.value for c in workbook["Sentences"][1]] == before["Sentences"]
    assert [c.value for c in workbook["Claims"][1]][3:7] == ["Claim", "Verdict", "Notes", "Desk"]
    # Each value is still under its header, on its claim.
    rows = {r["claim"]: r for r in sheet_rows(output)}
    for text, review in reviews.items():
        if text in rows:
            assert rows[text]["verdict"] == review["verdict"] and rows[text]["notes"] == review["notes"]
    assert rows[before["desk"]]["Desk"] == "call back"


def test_what_points_at_a_moved_column_still_points_at_it(rearranged):
    output, _, _ = rearranged
    workbook = load_workbook(output)
    claims = workbook["Claims"]
    verdict, status = letter_of(claims, "Verdict"), letter_of(claims, "Status")
    [rule] = [cf for cf in claims.conditional_formatting if cf.rules[0].type == "cellIs"]
    assert str(rule.sqref).startswith(f"{verdict}2:")
    formulas = [str(c.value) for row in workbook["Summary"].iter_rows() for c in row if str(c.value).startswith("=")]
    assert any(f"${verdict}$2:${verdict}$" in f and '"Half true"' in f for f in formulas)
    assert any(f"${status}$2:${status}$" in f and '"In progress"' in f for f in formulas)


def test_a_header_cells_comment_and_colour_stay(rearranged):
    output, _, _ = rearranged
    claims = load_workbook(output)["Claims"]
    verdict, status = claims[f"{letter_of(claims, 'Verdict')}1"], claims[f"{letter_of(claims, 'Status')}1"]
    assert verdict.comment.text == "Final verdicts only, after the desk meeting" and verdict.fill.fgColor.rgb == RED
    assert status.comment is None and status.fill.fgColor.rgb != RED and status.font.b


def test_page_setup_and_row_and_column_groups_stay(rearranged):
    output, _, before = rearranged
    claims = load_workbook(output)["Claims"]
    assert claims.page_setup.orientation == "portrait" and not claims.sheet_properties.pageSetUpPr.fitToPage
    ids = header_positions(claims)["claim_id"]
    levels = {claims.cell(r, ids).value: claims.row_dimensions[r].outlineLevel for r in range(2, claims.max_row + 1)}
    assert [levels[claim_id] for claim_id in before["grouped"]] == [1, 1]
    assert sum(levels.values()) == 2
    grouped = {c.value for c in claims[1] if claims.column_dimensions[c.column_letter].outlineLevel == 1}
    assert grouped == {"Verdict", "Notes", "Desk"}


def test_a_deleted_tool_column_comes_back_after_the_one_before_it(reviewed_sheet, scorer):
    article, output, _ = reviewed_sheet
    workbook = load_workbook(output)
    claims = workbook["Claims"]
    move_column(claims, "Verdict", "Claim")
    claims.delete_cols(header_positions(claims)["score"])
    workbook.save(output)
    run(article, output, scorer)
    headers = [c.value for c in load_workbook(output)["Claims"][1]]
    assert headers.index("Score") == headers.index("Said by") + 1
    assert headers.index("Verdict") == headers.index("Claim") + 1


def test_libreoffice_counts_verdicts_from_the_moved_column(rearranged, tmp_path):
    output, reviews, _ = rearranged
    summary = load_workbook(converted(output, tmp_path / "out"), data_only=True)["Summary"]
    counts = {row[0].value: row[1].value for row in summary.iter_rows(min_row=4) if row[0].value}
    kept = [r for r in sheet_rows(output) if r["verdict"] == "Half true"]
    assert counts["Half true"] == len(kept) > 0 and counts["In progress"] == len(kept)


def guards(sheet):
    return [v for v in sheet.data_validations.dataValidation if v.type == "custom"]


@pytest.mark.parametrize("resave", [False, True], ids=["openpyxl", "libreoffice"])
def test_tool_cells_of_sentences_and_sources_refuse_typing_but_own_columns_and_added_rows_do_not(reviewed_sheet, scorer, tmp_path, resave):
    """What is typed over a tool cell of Sentences or Sources has nowhere to be kept (no Notes):
    Excel and LibreOffice refuse it, with a message, rather than the next run losing it."""
    article, output, _ = reviewed_sheet
    workbook = load_workbook(output)
    sources = workbook["Sources"]
    tool_rows = sources.max_row
    sources.cell(tool_rows + 1, 1, "Council archive, box 12")
    sources.cell(1, sources.max_column + 1, "Reached?")
    workbook.save(output)
    if resave:
        libreoffice_resave(output, tmp_path)
    for _ in range(2):
        run(article, output, scorer)
    workbook = load_workbook(output)
    for title, last_tool_column in (("Sentences", "J"), ("Sources", "D")):
        sheet = workbook[title]
        [guard] = guards(sheet)  # one, however many runs
        assert guard.errorStyle == "stop" and guard.showErrorMessage and "would be lost" in guard.error
        made = sheet.max_row if title == "Sentences" else tool_rows
        assert str(guard.sqref) == f"A2:{last_tool_column}{made}"
    assert workbook["Sources"].cell(tool_rows + 1, 1).value == "Council archive, box 12"
    assert workbook["Sources"].cell(1, 5).value == "Reached?"
    assert not guards(workbook["Claims"])  # typing there is kept in Notes, or stands (Said by)
    for title in ("Summary", "About"):  # made again whole on every run
        [guard] = guards(workbook[title])
        assert str(guard.sqref) == "A1:ZZ100000" and "makes this sheet again" in guard.error


def test_rules_over_whole_rows_or_columns_are_read_and_kept(reviewed_sheet, scorer, tmp_path):
    """LibreOffice writes a validation over whole rows as "3:4", and a rule over a whole column
    may be written "R:R": openpyxl alone refuses the first (the workbook would be refused as
    unreadable) and drops the second. Both are read, and kept."""
    import re
    import zipfile

    article, output, _ = reviewed_sheet
    workbook = load_workbook(output)
    claims = workbook["Claims"]
    rows_rule = DataValidation(type="whole", operator="greaterThan", formula1="0", allow_blank=True)
    claims.add_data_validation(rows_rule)
    rows_rule.add("A3:XFD4")
    workbook.save(output)
    libreoffice_resave(output, tmp_path)
    claims_part = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(output) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    assert b'sqref="3:4"' in parts[claims_part]  # as LibreOffice writes it
    column_rule = b'<conditionalFormatting sqref="R:R"><cfRule type="containsBlanks" dxfId="0" priority="99"><formula>LEN(TRIM(R1))=0</formula></cfRule></conditionalFormatting>'
    parts[claims_part] = re.sub(rb"(<dataValidations)", column_rule + rb"\1", parts[claims_part], count=1)
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    run(article, output, scorer)
    claims = load_workbook(output)["Claims"]
    assert any(str(v.sqref) == "A3:XFD4" and v.type == "whole" for v in claims.data_validations.dataValidation)
    assert any(str(cf.sqref) == "R1:R1048576" for cf in claims.conditional_formatting)


X14_VALIDATION = (
    b'<extLst><ext xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main" '
    b'uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}"><x14:dataValidations '
    b'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main" count="1">'
    b'<x14:dataValidation type="list" allowBlank="1" showErrorMessage="1" xr:uid="{0A1B2C3D-0000-4000-8000-000000000001}">'
    b"<x14:formula1><xm:f>'Desk lists'!$A$1:$A$3</xm:f></x14:formula1><xm:sqref>%s</xm:sqref>"
    b"</x14:dataValidation></x14:dataValidations></ext></extLst>"
)


def test_a_drop_down_drawn_from_a_sheet_of_the_reviewers_own_is_kept(reviewed_sheet, scorer):
    """Excel keeps a drop-down whose list is on another sheet in an extension that openpyxl
    drops (with only a warning): on Claims, and on a sheet of the reviewer's own, it is read
    as a plain validation and written back."""
    import warnings
    import zipfile

    article, output, _ = reviewed_sheet
    workbook = load_workbook(output)
    lists = workbook.create_sheet("Desk lists")
    for row, value in enumerate(("agree", "disagree", "ask the desk"), start=1):
        lists.cell(row, 1, value)
    workbook.create_sheet("Tally")["A1"] = "opinion"
    claims = workbook["Claims"]
    claims.cell(1, claims.max_column + 1, "Second opinion")
    own = claims.cell(1, claims.max_column).column_letter
    workbook.save(output)
    with zipfile.ZipFile(output) as archive:
        names = {s: p for s, p in zip(workbook.sheetnames, sorted((n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")), key=lambda n: int(n[19:-4])))}
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    for title, cells in (("Claims", f"{own}2:{own}200"), ("Tally", "B1:B20")):
        xml = parts[names[title]].replace(b"<worksheet ", b'<worksheet xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision" ', 1)
        parts[names[title]] = xml.replace(b"</worksheet>", X14_VALIDATION % cells.encode() + b"</worksheet>")
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # openpyxl's "extension is not supported and will be removed"
        run(article, output, scorer)
    workbook = load_workbook(output)
    for title, cells in (("Claims", f"{own}2:{own}200"), ("Tally", "B1:B20")):
        [kept] = [v for v in workbook[title].data_validations.dataValidation if "Desk lists" in str(v.formula1)]
        assert (kept.type, str(kept.sqref), kept.formula1) == ("list", cells, "'Desk lists'!$A$1:$A$3")
    assert len([v for v in workbook["Claims"].data_validations.dataValidation if v.type == "list"]) == 3  # ours two


@pytest.mark.parametrize("resave", [False, True], ids=["openpyxl", "libreoffice"])
def test_a_protection_set_with_a_password_stays_and_reviewer_cells_take_typing(reviewed_sheet, scorer, tmp_path, resave):
    """A desk that locks Claims with a password keeps the lock (a lock without one is lifted:
    the first factcheck set such locks, and they stop reviewers sorting); reviewer cells,
    new rows' too, stay unlocked, so the locked sheet still takes verdicts."""
    article, output, _ = reviewed_sheet
    workbook = load_workbook(output)
    workbook["Claims"].protection.sheet = True
    workbook["Claims"].protection.password = "desk"
    workbook["Sentences"].protection.sheet = True
    workbook.save(output)
    if resave:
        libreoffice_resave(output, tmp_path)
    before = load_workbook(output)["Claims"].protection
    article.write_text(edit_article(article.read_text(encoding="utf-8")), encoding="utf-8")
    run(article, output, scorer)
    workbook = load_workbook(output)
    claims = workbook["Claims"]
    assert claims.protection.sheet and (claims.protection.password, claims.protection.hashValue) == (before.password, before.hashValue)
    assert not workbook["Sentences"].protection.sheet
    col = header_positions(claims)
    for row in range(2, claims.max_row + 1):
        assert not claims.cell(row, col["verdict"]).protection.locked and not claims.cell(row, col["notes"]).protection.locked
        assert claims.cell(row, col["claim"]).protection.locked


@pytest.mark.parametrize("resave", [False, True], ids=["openpyxl", "libreoffice"])
def test_a_row_height_the_reviewer_set_on_sentences_or_sources_stays_on_its_row(reviewed_sheet, scorer, tmp_path, resave):
    """Sentences and Sources have no Base sheet, but their tool cells are guarded: the row as the
    reviewer left it tells the height the last run gave it. A height set by hand stays on its
    sentence or source; a row whose own column was typed in since grows to show it."""
    article, output, _ = reviewed_sheet
    workbook = load_workbook(output)
    sentences, sources = workbook["Sentences"], workbook["Sources"]
    sentence_column = [c.value for c in sentences[1]].index("Sentence") + 1
    by_sentence = {sentences.cell(r, sentence_column).value: r for r in range(2, sentences.max_row + 1)}
    council = next(text for text in by_sentence if text.startswith("The regional council"))
    heading = next(text for text in by_sentence if text.isupper())
    sentences.row_dimensions[by_sentence[council]].height = 90
    note_column = sentences.max_column + 1
    sentences.cell(1, note_column, "Desk note")
    sentences.cell(by_sentence[heading], note_column, "a note that runs on " * 40)
    source = sources.cell(2, 1).value
    sources.row_dimensions[2].height = 60
    workbook.save(output)
    if resave:
        libreoffice_resave(output, tmp_path)
    article.write_text(edit_article(article.read_text(encoding="utf-8")), encoding="utf-8")
    run(article, output, scorer)
    workbook = load_workbook(output)
    sentences, sources = workbook["Sentences"], workbook["Sources"]
    heights = {sentences.cell(r, sentence_column).value: sentences.row_dimensions[r].height for r in range(2, sentences.max_row + 1)}
    assert heights[council] == pytest.approx(90, abs=0.5)
    assert heights[heading] >= 15 * 10  # some 800 characters in a column 18 wide
    assert {h for text, h in heights.items() if text not in (council, heading)} <= {15, 30, 45, 60}
    [row] = [r for r in range(2, sources.max_row + 1) if sources.cell(r, 1).value == source]
    assert sources.row_dimensions[row].height == pytest.approx(60, abs=0.5)


def test_a_row_fitted_to_a_corrected_said_by_fits_it_again_once_shortened(reviewed_sheet, scorer):
    """The height the tool gave a row fitted its corrected Said by, as Base records it: not a
    height the reviewer set, so it follows the cell when the correction changes."""
    article, output, reviews = reviewed_sheet
    text = next(iter(reviews))
    fill_reviews(output, {text: {"said_by": "the deputy head of the regional transport department " * 6}})
    run(article, output, scorer)
    tall = next(r for r in _heights_by_claim(output) if r[0] == text)[1]
    fill_reviews(output, {text: {"said_by": "Councillor Per Lund"}})
    run(article, output, scorer)
    fitted = next(r for r in _heights_by_claim(output) if r[0] == text)[1]
    assert tall >= 15 * 10 and fitted < tall / 2


def _heights_by_claim(path):
    claims = load_workbook(path)["Claims"]
    col = header_positions(claims)
    return [(claims.cell(r, col["claim"]).value, claims.row_dimensions[r].height) for r in range(2, claims.max_row + 1)]


@pytest.mark.parametrize("resave", [False, True], ids=["openpyxl", "libreoffice"])
def test_a_row_height_the_reviewer_set_stays_and_the_others_fit_their_text(reviewed_sheet, scorer, tmp_path, resave):
    """The tool sets each row's height to show its text (spreadsheet programs do not fit rows of
    a file they open). A height a reviewer set differs from the one the last run gave the row,
    which its Base row tells again: that one stays, on its claim; the others fit their text."""
    article, output, _ = reviewed_sheet
    run(article, output, scorer)  # Base now holds what this run wrote
    workbook = load_workbook(output)
    claims = workbook["Claims"]
    col = header_positions(claims)
    ids = [claims.cell(r, col["claim_id"]).value for r in (2, 3, 4)]
    claims.row_dimensions[2].height, claims.row_dimensions[3].height = 150, 20
    claims.cell(4, col["notes"], "a note that runs on " * 40)  # its height as the tool set it
    workbook.save(output)
    if resave:
        libreoffice_resave(output, tmp_path)
    article.write_text(edit_article(article.read_text(encoding="utf-8")), encoding="utf-8")
    run(article, output, scorer)
    claims = load_workbook(output)["Claims"]
    heights = {claims.cell(r, col["claim_id"]).value: claims.row_dimensions[r].height for r in range(2, claims.max_row + 1)}
    assert heights[ids[0]] == pytest.approx(150, abs=0.5) and heights[ids[1]] == pytest.approx(20, abs=0.5)
    assert heights[ids[2]] >= 15 * 10  # some 800 characters in a column 30 wide: ten lines or more


def test_a_row_is_tall_enough_for_its_longest_cell_wrapped_at_word_boundaries():
    """LibreOffice wraps "…the emergency services' figures for the damage" in the 28-wide
    Suggested sources onto five lines; counting characters alone gave the row four, and the
    last line was cut off."""
    from factcheck.columns import CLAIM_COLUMNS
    from factcheck.where_to_check import load_where_to_check
    from factcheck.worksheet import LINE_HEIGHT, row_height

    line = load_where_to_check()["weather"]
    assert row_height(CLAIM_COLUMNS, {"suggested_sources": f"Where to check: {line}"}) >= 5 * LINE_HEIGHT
    assert row_height(CLAIM_COLUMNS, {"suggested_sources": "Where to check: the court's own records"}) == 2 * LINE_HEIGHT


def test_a_row_an_earlier_run_sized_by_characters_is_refitted_and_one_set_by_hand_stays(tmp_path, scorer):
    article = tmp_path / "heat.txt"
    article.write_text(
        "Temperatures reached 38.4C on Monday, the highest since records began in 1911.\n\n"
        "The heatwave will last until Friday, forecasters said.\n",
        encoding="utf-8",
    )
    output = tmp_path / "heat.xlsx"
    run(article, output, scorer)
    workbook = load_workbook(output)
    claims = workbook["Claims"]
    assert claims.row_dimensions[2].height == 75  # the weather line, five lines wrapped
    claims.row_dimensions[2].height = 60  # as runs counting characters alone sized it
    claims.row_dimensions[3].height = 100  # the reviewer's
    workbook.save(output)
    run(article, output, scorer)
    claims = load_workbook(output)["Claims"]
    assert (claims.row_dimensions[2].height, claims.row_dimensions[3].height) == (75, 100)


def test_a_row_is_tall_enough_for_dense_checkable_details_and_one_sized_before_is_refitted(tmp_path, scorer):
    """Figures, brackets and semicolons are wider than words: LibreOffice wraps these details
    in the 26-wide column onto five lines, where 1.2 characters a unit of width counted four."""
    import datetime as dt

    article = tmp_path / "fuel.txt"
    article.write_text("Fuel made up 31% of the company's costs in January, up from 24% a year earlier.\n\n"
                       "Fares rose 9%, the operator said.\n", encoding="utf-8")
    output = tmp_path / "fuel.xlsx"
    run(article, output, scorer, article_date=dt.date(2026, 3, 4))
    assert sheet_rows(output)[0]["checkable_details"] == (
        "31% (percentage); January (date: January 2026); up from (comparison); 24% (percentage); a year earlier (date)"
    )
    workbook = load_workbook(output)
    claims = workbook["Claims"]
    assert claims.row_dimensions[2].height == 75
    claims.row_dimensions[2].height = 60  # as runs before 2026-12-07 sized it
    claims.row_dimensions[3].height = 100  # the reviewer's
    workbook.save(output)
    run(article, output, scorer)
    claims = load_workbook(output)["Claims"]
    assert (claims.row_dimensions[2].height, claims.row_dimensions[3].height) == (75, 100)
