"""A cell's look, compared as it shows and told in words (``factcheck.looks``)."""

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from factcheck.looks import appearance, described

from .test_merge_end_to_end import libreoffice_resave


def looked_cells(path):
    """A sheet of cells a reviewer formatted as people do, saved at ``path``: {place: what it shows}."""
    workbook = Workbook()
    sheet = workbook.active
    sheet["A1"], sheet["B1"], sheet["C1"], sheet["D1"] = "called", "12.5", "waiting", "plain"
    sheet["A1"].fill = PatternFill("solid", fgColor="FF00B050")
    sheet["A1"].font = Font(bold=True, color="FFFF0000", sz=14)
    thin = Side("thin")
    sheet["B1"].border = Border(left=thin, right=thin, top=thin, bottom=thin)
    sheet["B1"].number_format = "0.00"
    sheet["B1"].alignment = Alignment(horizontal="center", wrap_text=True)
    sheet["C1"].font = Font(italic=True, underline="single")
    sheet["C1"].border = Border(bottom=Side("double", color="FF0000FF"))
    workbook.save(path)
    return {
        "A1": "fill #00B050, bold, text #FF0000, size 14",
        "B1": "border thin, format 0.00, aligned center, wrapped",
        "C1": "italic, underlined, bottom border double #0000FF",
        "D1": "plain",
    }


def test_a_look_in_words_names_what_shows_and_beside_another_only_what_differs(tmp_path):
    path = tmp_path / "looks.xlsx"
    shows = looked_cells(path)
    sheet = load_workbook(path).active
    assert {place: described(sheet[place]) for place in shows} == shows
    assert described(None) == "plain"  # a cell openpyxl holds nothing of
    # The desk's blue beside a reviewer's bold green: each side says what the other lacks.
    sheet["D1"].fill = PatternFill("solid", fgColor="FF0070C0")
    assert described(sheet["D1"], sheet["A1"]) == "fill #0070C0, not bold, text automatic, size 11"
    assert described(sheet["A1"], sheet["D1"]) == "fill #00B050, bold, text #FF0000, size 14"
    assert described(sheet["C1"], None) == shows["C1"] and described(sheet["C1"], sheet["C1"]) == "the same look"


@pytest.mark.slow
def test_a_look_reads_the_same_in_words_after_libreoffice_saves_it_again(tmp_path):
    """LibreOffice spells every look its own way (the text's colour as black, an alpha on each
    colour): the words, like the digest, are what shows."""
    path = tmp_path / "looks.xlsx"
    shows = looked_cells(path)
    before = {place: appearance(load_workbook(path).active[place]) for place in shows}
    libreoffice_resave(path, tmp_path)
    sheet = load_workbook(path).active
    assert {place: described(sheet[place]) for place in shows} == shows
    assert {place: appearance(sheet[place]) for place in shows} == before
