"""The workbook as a reviewer gets it, reopened with openpyxl and pandas."""

import datetime as dt
import os
import zipfile

import pytest
from openpyxl import load_workbook

from factcheck import WorksheetError, check_article, read_worksheet
from factcheck.columns import CLAIM_COLUMNS, REVIEWER_FIELDS, SENTENCE_COLUMNS, STATUSES, VERDICTS
from factcheck import check
from factcheck.worksheet import MAX_CELL_CHARS, WorkbookContent, build_workbook, save_workbook, write_workbook

from .conftest import EXAMPLE_ARTICLE

HOSTILE = '=HYPERLINK("http://x","y") rose 5 percent in 2020.'


@pytest.fixture(scope="module")
def example_sheet(tiny_model, tmp_path_factory):
    output = tmp_path_factory.mktemp("sheet") / "example.xlsx"
    report = check_article(EXAMPLE_ARTICLE, output, model=tiny_model)
    return report, output


def column_letter(sheet, header):
    return next(cell.column_letter for cell in sheet[1] if cell.value == header)


def test_sheets_in_order_with_lists_and_base_hidden(example_sheet):
    _, output = example_sheet
    workbook = load_workbook(output)
    assert workbook.sheetnames == ["Claims", "Sentences", "Sources", "Summary", "Retired", "About", "Lists", "Base"]
    assert workbook["Lists"].sheet_state == workbook["Base"].sheet_state == "hidden"
    assert workbook.active.title == "Claims"


def test_claims_columns_headers_and_rows(example_sheet):
    report, output = example_sheet
    sheet = load_workbook(output)["Claims"]
    assert [c.value for c in sheet[1]] == [c.header for c in CLAIM_COLUMNS]
    assert sheet.max_row == report.claims + 1 == 12  # threshold 0: every sentence of the article
    assert sheet.freeze_panes == "A2"
    last = sheet.cell(row=1, column=len(CLAIM_COLUMNS)).column_letter
    assert sheet.auto_filter.ref == f"A1:{last}{report.claims + 1}"
    claim_ids = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert all(i.startswith("C") for i in claim_ids) and len(set(claim_ids)) == len(claim_ids)


def test_no_sheet_protection_so_excel_sorts_and_tool_columns_are_shaded_grey(example_sheet):
    _, output = example_sheet
    workbook = load_workbook(output)
    for name in ("Claims", "Sentences", "Sources", "Retired"):
        assert not workbook[name].protection.sheet, name  # Excel will not sort a protected sheet with locked cells
    sheet = workbook["Claims"]
    for column in CLAIM_COLUMNS:
        cell = sheet[f"{column_letter(sheet, column.header)}2"]
        shaded = cell.fill.fill_type == "solid" and cell.fill.fgColor.rgb.endswith("F2F2F2")
        assert shaded == (column.key not in REVIEWER_FIELDS), column.header
    assert sheet[f"{column_letter(sheet, 'Notes')}2"].number_format == "@"
    assert sheet[f"{column_letter(sheet, 'Reviewed on')}2"].number_format == "yyyy-mm-dd"


def test_drop_downs_point_at_the_lists_sheet(example_sheet):
    _, output = example_sheet
    workbook = load_workbook(output)
    sheet = workbook["Claims"]
    validations = {str(v.sqref).split(":")[0]: v for v in sheet.data_validations.dataValidation}
    status = validations[f"{column_letter(sheet, 'Status')}2"]
    verdict = validations[f"{column_letter(sheet, 'Verdict')}2"]
    assert status.type == verdict.type == "list"
    # Typing a value not on the list asks first ("Pick one of: ..."), and may go on.
    assert status.showErrorMessage and status.errorStyle == "warning" and "Pick one of" in status.error
    for validation, choices in ((status, STATUSES), (verdict, VERDICTS)):
        sheet_name, cells = validation.formula1.split("!")
        assert sheet_name == "Lists" and len(validation.formula1) < 255
        values = [c.value for row in workbook["Lists"][cells.replace("$", "")] for c in row]
        assert values == list(choices)


def test_details_are_bold_in_the_claim_cell(tiny_model, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Norway, an economy 12 times the size of Iceland, cut its loans in 2014.\n")
    output = tmp_path / "a.xlsx"
    check_article(article, output, model=tiny_model)
    cell = load_workbook(output, rich_text=True)["Claims"]["D2"]
    bold = [block.text for block in cell.value if not isinstance(block, str) and block.font.b]
    assert bold == ["12 times", "2014"]
    assert str(cell.value) == "Norway, an economy 12 times the size of Iceland, cut its loans in 2014."
    assert load_workbook(output)["Claims"]["F2"].value == "12 times (ratio); 2014 (year)"


def test_formula_like_text_stays_text(tiny_model, tmp_path):
    article = tmp_path / "hostile.txt"
    article.write_text(HOSTILE + "\n\n+1 more thing happened.\n", encoding="utf-8")
    output = tmp_path / "hostile.xlsx"
    check_article(article, output, model=tiny_model)
    sheet = load_workbook(output)["Claims"]
    texts = [sheet.cell(row=r, column=4).value for r in (2, 3)]
    assert HOSTILE in texts
    for row in (2, 3):
        assert sheet.cell(row=row, column=4).data_type == "s"
    frame = read_worksheet(output)
    assert HOSTILE in frame["claim"].tolist()


def test_custom_properties_name_tool_model_and_article(example_sheet):
    report, output = example_sheet
    properties = {p.name: p.value for p in load_workbook(output).custom_doc_props}
    assert properties["factcheck.version"]
    assert properties["factcheck.article"] == "harbour-bridge.txt"
    assert len(properties["factcheck.article_sha256"]) == 64
    assert len(properties["factcheck.model_sha256"]) == 64
    assert float(properties["factcheck.threshold"]) == report.threshold
    dt.datetime.fromisoformat(properties["factcheck.run_at"])


def test_sentences_sheet_lists_every_piece_with_offsets(example_sheet):
    report, output = example_sheet
    sheet = load_workbook(output)["Sentences"]
    assert [c.value for c in sheet[1]] == [c.header for c in SENTENCE_COLUMNS]
    headers = [c.value for c in sheet[1]]
    rows = [dict(zip(headers, row)) for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(rows) == report.sentences
    assert {"sentence", "url", "furniture", "heading"} <= {row["Kind"] for row in rows}
    text = EXAMPLE_ARTICLE.read_text(encoding="utf-8")
    for row in rows:
        assert " ".join(text[row["Start"] : row["End"]].split()) == row["Sentence"]


def test_sources_sheet_has_the_url_line(example_sheet):
    _, output = example_sheet
    sources = [row[0] for row in load_workbook(output)["Sources"].iter_rows(min_row=2, values_only=True)]
    assert "https://www.norrvik.example/transport/harbour-bridge-survey-2025" in sources


def test_read_worksheet_gives_keyed_columns(example_sheet):
    report, output = example_sheet
    frame = read_worksheet(output)
    assert list(frame.columns) == [c.key for c in CLAIM_COLUMNS]
    assert len(frame) == report.claims
    assert set(frame["change"]) == {"new"}
    assert frame[list(REVIEWER_FIELDS)].isna().all().all()


def test_control_characters_are_replaced_and_overlong_cells_refused(tmp_path):
    row = {"claim_id": "C0", "claim": "bell\x07 and nul\x00 inside"}
    output = tmp_path / "control.xlsx"
    write_workbook(output, WorkbookContent(claims=[row], sentences=[], sources=[], history=[]))
    assert load_workbook(output)["Claims"]["D2"].value == "bell\ufffd and nul\ufffd inside"
    target = tmp_path / "long.xlsx"
    with pytest.raises(WorksheetError, match="at most 32,767"):
        write_workbook(target, WorkbookContent(claims=[{"claim": "x" * (MAX_CELL_CHARS + 1)}], sentences=[], sources=[], history=[]))
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp.xlsx")] == []


def test_new_workbook_is_readable_by_the_group_as_umask_allows(tmp_path):
    output = tmp_path / "shared.xlsx"
    write_workbook(output, WorkbookContent(claims=[], sentences=[], sources=[], history=[]))
    mask = os.umask(0)
    os.umask(mask)
    assert output.stat().st_mode & 0o777 == 0o666 & ~mask


def test_summary_counts_are_live_formulas_with_a_verdict_chart(example_sheet):
    _, output = example_sheet
    sheet = load_workbook(output)["Summary"]
    formulas = {row[0].value: row[1].value for row in sheet.iter_rows(min_row=4) if row[0].value}
    assert formulas["Claims"] == "=COUNTA(Claims!$D$2:$D$1048576)-COUNT(Claims!$D$2:$D$1048576)"
    assert formulas["Checked"] == '=COUNTIF(Claims!$M$2:$M$1048576,"Checked")'
    assert formulas["Mostly false"] == '=COUNTIF(Claims!$N$2:$N$1048576,"Mostly false")'
    assert formulas["statistic"] == '=COUNTIF(Claims!$G$2:$G$1048576,"statistic")'
    assert formulas["Checked before"] == "=COUNTA(Claims!$E$2:$E$1048576)"
    [chart] = sheet._charts
    assert chart.title is not None


def test_saving_with_sheets_built_in_memory_gives_the_zip_openpyxl_saves(tiny_model, tmp_path, monkeypatch):
    contents = []
    monkeypatch.setattr(check, "write_workbook", lambda path, content: contents.append(content) or write_workbook(path, content))
    check_article(EXAMPLE_ARTICLE, tmp_path / "example.xlsx", model=tiny_model, threshold=0.0)
    ours, openpyxls = tmp_path / "ours.xlsx", tmp_path / "openpyxl.xlsx"
    save_workbook(build_workbook(contents[0]), ours)
    build_workbook(contents[0]).save(openpyxls)
    with zipfile.ZipFile(ours) as a, zipfile.ZipFile(openpyxls) as b:
        assert a.namelist() == b.namelist()
        # docProps/core.xml holds the times each workbook was made and saved, to the second.
        differing = [name for name in a.namelist() if a.read(name) != b.read(name)]
    assert set(differing) <= {"docProps/core.xml"}
    assert "xl/charts/chart1.xml" in a.namelist()
    assert load_workbook(ours)["Claims"].max_row == len(contents[0].claims) + 1
