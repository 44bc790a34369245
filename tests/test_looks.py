"""A cell's look, compared as it shows and told in words (``factcheck.looks``)."""

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Color, Font, PatternFill, Side
from openpyxl.writer.theme import theme_xml

from factcheck.looks import appearance, described

from .test_merge_end_to_end import libreoffice_resave


def looked_cells(path):
    """A sheet of cells a reviewer formatted as people do, saved at ``path``: {place: what it shows}."""
    workbook = Workbook()
    sheet = workbook.active
    sheet["A1"], sheet["B1"], sheet["C1"], sheet["D1"] = "called", "12.5", "waiting", "plain"
    sheet["E1"], sheet["F1"], sheet["G1"] = "to call", "stale", "overdue"
    sheet["A1"].fill = PatternFill("solid", fgColor="FF00B050")
    sheet["A1"].font = Font(bold=True, color="FFFF0000", sz=14)
    thin = Side("thin")
    sheet["B1"].border = Border(left=thin, right=thin, top=thin, bottom=thin)
    sheet["B1"].number_format = "0.00"
    sheet["B1"].alignment = Alignment(horizontal="center", wrap_text=True)
    sheet["C1"].font = Font(italic=True, underline="single")
    sheet["C1"].border = Border(bottom=Side("double", color="FF0000FF"))
    # Excel's fill and font palettes give the theme's colours, lightened or darkened, and
    # older files the legacy palette's: "Orange, Accent 6, Lighter 60%" in the Office theme.
    sheet["E1"].fill = PatternFill("solid", fgColor=Color(theme=9, tint=0.5999938962981048))
    sheet["E1"].font = Font(color=Color(theme=4, tint=-0.249977111117893))
    sheet["F1"].fill = PatternFill("solid", fgColor=Color(indexed=13))  # yellow
    sheet["F1"].font = Font(color=Color(theme=1))  # Text 1: black, as no colour
    sheet["G1"].fill = PatternFill("solid", fgColor=Color(theme=3, tint=-0.499984740745262))  # "Dark Blue, Text 2, Darker 50%"
    workbook.save(path)
    return {
        "A1": "fill #00B050, bold, text #FF0000, size 14",
        "B1": "border thin, format 0.00, aligned center, wrapped",
        "C1": "italic, underlined, bottom border double #0000FF",
        "D1": "plain",
        "E1": "fill #FCD5B5, text #376092",
        "F1": "fill #FFFF00",
        "G1": "fill #10243E",  # as LibreOffice rounds it (floats give 10253F)
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


def test_a_theme_colour_shows_as_the_workbooks_theme_gives_it(tmp_path):
    """A workbook made with another theme (Excel 2013's Office theme, say) shows accent 6 in
    its own green, lightened as Excel's palette offers it."""
    path = tmp_path / "looks.xlsx"
    looked_cells(path)
    workbook = load_workbook(path)
    assert described(workbook.active["E1"]) == "fill #FCD5B5, text #376092"
    workbook.loaded_theme = theme_xml.replace("F79646", "70AD47").encode()
    assert described(workbook.active["E1"]) == "fill #C5E0B4, text #376092"
    workbook.loaded_theme = b"<not a theme"  # one openpyxl cannot read: the colour said as spelt
    assert described(workbook.active["E1"]) == "fill theme 9 0.6, text theme 4 -0.25"


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
