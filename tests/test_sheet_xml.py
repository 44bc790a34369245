"""What openpyxl cannot read in a sheet's XML, rewritten before loading (factcheck/sheet_xml.py),
checked on the XML itself: each rewrite gives XML that openpyxl loads into the same rules."""

import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from factcheck.sheet_xml import loadable, named_style_places, plain_validations, spelled_out

EXTENSION = (
    b'<extLst><ext xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main" '
    b'uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}"><x14:dataValidations '
    b'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main" count="2">'
    b'<x14:dataValidation type="list" allowBlank="1" xr:uid="{0}">'
    b"<x14:formula1><xm:f>'Desk &amp; lists'!$A$1:$A$3</xm:f></x14:formula1><xm:sqref>S:S</xm:sqref></x14:dataValidation>"
    b'<x14:dataValidation type="whole" operator="between"><x14:formula1><xm:f>Limits!$A$1</xm:f></x14:formula1>'
    b"<x14:formula2><xm:f>Limits!$A$2&lt;100</xm:f></x14:formula2><xm:sqref>B2:B9 D4</xm:sqref></x14:dataValidation>"
    b"</x14:dataValidations></ext></extLst>"
)


@pytest.mark.parametrize(
    ("ranges", "spelled"),
    [("C:C", "C1:C1048576"), ("$A:$B", "A1:B1048576"), ("3:4", "A3:XFD4"), ("A1:B2 7:7 D:D", "A1:B2 A7:XFD7 D1:D1048576"), ("B2", "B2")],
)
def test_whole_rows_and_columns_are_spelled_out_and_cell_ranges_left_alone(ranges, spelled):
    assert spelled_out(ranges) == spelled


def workbook_with(extension: bytes, plain: bool) -> io.BytesIO:
    """A one-sheet workbook (with a plain validation of its own when ``plain``) whose sheet XML
    ends with ``extension``, as Excel writes it."""
    workbook = Workbook()
    sheet = workbook.active
    sheet["A1"] = "x"
    if plain:
        from openpyxl.worksheet.datavalidation import DataValidation

        own = DataValidation(type="list", formula1='"yes,no"')
        sheet.add_data_validation(own)
        own.add("C2:C5")
    file = io.BytesIO()
    workbook.save(file)
    with zipfile.ZipFile(file) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    part = "xl/worksheets/sheet1.xml"
    parts[part] = parts[part].replace(b"<worksheet ", b'<worksheet xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision" ', 1)
    parts[part] = parts[part].replace(b"</worksheet>", extension + b"</worksheet>")
    rewritten = io.BytesIO()
    with zipfile.ZipFile(rewritten, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return rewritten


@pytest.mark.parametrize("plain", [False, True], ids=["no plain validations", "beside a plain one"])
def test_excels_validations_load_as_plain_ones_with_formulas_ranges_and_text_as_written(plain):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sheet = load_workbook(loadable(workbook_with(EXTENSION, plain))).active
    found = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    assert set(found) == {"S1:S1048576", "B2:B9 D4", *(["C2:C5"] if plain else [])}
    listed, between = found["S1:S1048576"], found["B2:B9 D4"]
    assert (listed.type, listed.formula1, listed.allow_blank) == ("list", "'Desk & lists'!$A$1:$A$3", True)
    assert (between.type, between.operator, between.formula1, between.formula2) == ("whole", "between", "Limits!$A$1", "Limits!$A$2<100")


def test_a_sheet_without_them_is_left_byte_for_byte():
    xml = b'<worksheet><sheetData/><dataValidations count="1"><dataValidation sqref="A1"/></dataValidations></worksheet>'
    assert plain_validations(xml) == xml
    file = workbook_with(b"", plain=True)
    assert loadable(file) is file


# Styles as LibreOffice writes them: a format for each of its styles, names for those in use.
LIBREOFFICE_STYLES = (
    b'<styleSheet><cellStyleXfs count="23">' + b"<xf/>" * 23 + b'</cellStyleXfs><cellXfs count="4">'
    b'<xf numFmtId="0" xfId="0"/><xf numFmtId="0" xfId="20" applyFont="1"/><xf xfId="7"/><xf numFmtId="0"/>'
    b'</cellXfs><cellStyles count="3"><cellStyle name="Bad" xfId="20"/><cellStyle name="Normal" xfId="0" builtinId="0"/>'
    b'<cellStyle name="Comma" xfId="15" builtinId="3"/></cellStyles></styleSheet>'
)


def test_cell_formats_point_at_their_named_styles_as_openpyxl_numbers_them():
    """Normal, Comma and Bad are openpyxl's styles 0, 1 and 2: a cell in Bad (format 20 of
    LibreOffice's 23) would be saved pointing past the three, its style lost; one in an unnamed
    format takes the default."""
    placed = named_style_places(LIBREOFFICE_STYLES)
    assert placed == LIBREOFFICE_STYLES.replace(b'xfId="20" applyFont', b'xfId="2" applyFont').replace(b'<xf xfId="7"/>', b'<xf xfId="0"/>')
    # Styles numbered as openpyxl numbers them (as Excel and openpyxl write them) stay as they are.
    excel = (
        b'<styleSheet><cellStyleXfs count="3"><xf/><xf/><xf/></cellStyleXfs><cellXfs count="2"><xf xfId="0"/><xf xfId="2"/></cellXfs>'
        b'<cellStyles count="3"><cellStyle name="Normal" xfId="0"/><cellStyle name="Comma" xfId="1"/><cellStyle name="Bad" xfId="2"/></cellStyles></styleSheet>'
    )
    assert named_style_places(excel) == excel


def test_a_cell_style_libreoffice_saved_is_the_same_style_once_loaded(tmp_path):
    from .test_end_to_end import converted

    workbook = Workbook()
    workbook.active["A1"], workbook.active["A2"] = "False", "True"
    workbook.active["A1"].style, workbook.active["A2"].style = "Bad", "Good"
    workbook.save(tmp_path / "styled.xlsx")
    with open(converted(tmp_path / "styled.xlsx", tmp_path / "out"), "rb") as file:
        sheet = load_workbook(loadable(io.BytesIO(file.read()))).active
    assert [sheet["A1"].style, sheet["A2"].style] == ["Excel Built-in Bad", "Excel Built-in Good"]
