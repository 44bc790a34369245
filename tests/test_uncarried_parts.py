"""Parts openpyxl cannot load and save again, values a run cannot place (in a tool table's
column with no header) and comments on a sheet the tool makes again never vanish silently: a
re-run refuses, naming the sheet and the part, and leaves the file byte-identical; ``--force``
goes on, keeps the backup, and names the loss in the merge report and on About."""

import zipfile

import pytest
from openpyxl import load_workbook
from openpyxl.comments import Comment

from .conftest import EXAMPLE_ARTICLE
from .test_cli import factcheck
from .test_threads import give_threads

RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DRAWING = (
    '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"/>'
)


def rels_xml(*relations):
    body = "".join(f'<Relationship Id="rIdX{i}" Type="{RELS}/{kind}" Target="{target}"/>' for i, (kind, target) in enumerate(relations))
    return f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{body}</Relationships>'


def add_parts(path, sheet_number, relations, parts):
    """Rewrite the .xlsx with ``relations`` added to sheet ``sheet_number`` and ``parts`` added."""
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    rels = f"xl/worksheets/_rels/sheet{sheet_number}.xml.rels"
    if rels in members:
        text = members[rels].decode()
        extra = rels_xml(*relations).split("relationships\">", 1)[1].rsplit("</Relationships>", 1)[0]
        members[rels] = text.replace("</Relationships>", extra + "</Relationships>").encode()
    else:
        members[rels] = rels_xml(*relations).encode()
    members.update(parts)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def smartart(path, number):
    """A SmartArt graphic: a frame in the sheet's drawing, its parts reached from the drawing.
    (Pictures and text boxes are carried: test_drawings.py.)"""
    frame = (
        '<xdr:oneCellAnchor><xdr:from><xdr:col>3</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>3</xdr:row><xdr:rowOff>0</xdr:rowOff>'
        '</xdr:from><xdr:ext cx="3000000" cy="2000000"/><xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="2" name="Diagram 1"/>'
        "<xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr><xdr:xfrm/><a:graphic><a:graphicData "
        'uri="http://schemas.openxmlformats.org/drawingml/2006/diagram"/></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:oneCellAnchor>'
    )
    add_parts(path, number, [("drawing", "../drawings/drawing9.xml")], {
        "xl/drawings/drawing9.xml": DRAWING.replace("/>", ">" + frame + "</xdr:wsDr>").encode(),
        "xl/drawings/_rels/drawing9.xml.rels": rels_xml(("diagramData", "../diagrams/data9.xml")).encode(),
        "xl/diagrams/data9.xml": b"<dataModel/>",
    })


def pivot(path, number):
    """A pivot table with no cache, which nothing can read (one as a spreadsheet program writes
    it is carried: test_pivots.py)."""
    add_parts(path, number, [("pivotTable", "../pivotTables/pivotTable9.xml")], {"xl/pivotTables/pivotTable9.xml": b"<pivotTableDefinition/>"})


def threaded(path, _):
    """A thread with no note on its cell, which Excel would have written beside it (threads
    with their notes are carried: test_threads.py)."""
    give_threads(path, "Research", {(2, 2): ("Is 150 right?", "yes")}, with_notes=False)


def slicer(path, number):
    add_parts(path, number, [("slicer", "../slicers/slicer9.xml")], {"xl/slicers/slicer9.xml": b"<slicers/>"})


def extend_sheet(path, number, extension, plain=b""):
    """Add Excel's ``extension`` (an extLst) to sheet ``number``'s own XML, and ``plain``
    (conditional formatting) before its page margins."""
    part = f"xl/worksheets/sheet{number}.xml"
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members[part] = members[part].replace(b"<pageMargins", plain + b"<pageMargins", 1).replace(b"</worksheet>", extension + b"</worksheet>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def sparklines(path, number):
    """Excel's sparklines: an extension of the sheet's own XML, no part of their own."""
    extend_sheet(path, number, SPARKLINES)


def extended_format(path, number):
    """A conditional format Excel keeps only in its extension (it names another sheet)."""
    extend_sheet(path, number, EXTENDED_FORMAT % (b"{00000000-0000-4000-8000-00000000000A}", b"expression", EXPRESSION))


SPARKLINES = (
    b'<extLst><ext xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main" '
    b'uri="{05C60535-1F16-4fd2-B633-F4F36F0B64E0}"><x14:sparklineGroups '
    b'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><x14:sparklineGroup>'
    b'<x14:colorSeries rgb="FF376092"/><x14:sparklines><x14:sparkline><xm:f>Research!B1:B2</xm:f>'
    b"<xm:sqref>C1</xm:sqref></x14:sparkline></x14:sparklines></x14:sparklineGroup></x14:sparklineGroups></ext></extLst>"
)


X14 = b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"'
EXTENDED_FORMAT = (
    b'<extLst><ext ' + X14 + b' uri="{78C0D931-6437-407d-A8EE-F0AAD7539E65}"><x14:conditionalFormattings>'
    b'<x14:conditionalFormatting xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
    b'<x14:cfRule type="%s" priority="1" id="%s">%s</x14:cfRule><xm:sqref>B1:B2</xm:sqref>'
    b"</x14:conditionalFormatting></x14:conditionalFormattings></ext></extLst>"
)
EXPRESSION = b"<xm:f>B1&gt;Claims!I2</xm:f><x14:dxf><font><b/></font></x14:dxf>"
DATA_BAR = b'<x14:dataBar minLength="0" maxLength="100" gradient="0"><x14:cfvo type="autoMin"/><x14:cfvo type="autoMax"/></x14:dataBar>'


def macros(path, _):
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 not really a VBA project")


def picture_in_cell(path, _):
    """A picture placed in a cell (Excel 365's Place in Cell): a rich value, held by the workbook."""
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/richData/rdrichvalue.xml", b'<rvData xmlns="http://schemas.microsoft.com/office/spreadsheetml/2017/richdata" count="1"/>')


def form_control(path, number):
    """A check box from Excel's Developer tab: a control with properties of its own."""
    add_parts(path, number, [("ctrlProp", "../ctrlProps/ctrlProp9.xml")], {
        "xl/ctrlProps/ctrlProp9.xml": b'<formControlPr xmlns="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main" objectType="CheckBox"/>'
    })


def cell_checkboxes(path, _):
    """Excel 365's check boxes in cells: TRUE or FALSE drawn as a box, by a feature of the workbook."""
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(
            "xl/featurePropertyBag/featurePropertyBag.xml",
            b'<FeaturePropertyBags xmlns="http://schemas.microsoft.com/office/spreadsheetml/2022/featurepropertybag"/>',
        )


def header_picture(path, number):
    """A logo in the printed page's header: VML a sheet links as legacyDrawingHF."""
    add_parts(path, number, [("vmlDrawing", "../drawings/vmlDrawing9.vml")], {"xl/drawings/vmlDrawing9.vml": b"<xml/>"})
    part = f"xl/worksheets/sheet{number}.xml"
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members[part] = members[part].replace(b"</worksheet>", b'<legacyDrawingHF xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rIdX0"/></worksheet>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def query_table(path, number):
    """Data > Get Data > From Web into a sheet of one's own: an Excel table the query fills,
    which names its query table."""
    from openpyxl.worksheet.table import Table

    workbook = load_workbook(path)
    workbook.worksheets[number - 1].add_table(Table(displayName="Rates", ref="A1:A2"))
    workbook.save(path)
    with zipfile.ZipFile(path) as archive:
        [table] = [name for name in archive.namelist() if name.startswith("xl/tables/table")]
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(table.replace("tables/", "tables/_rels/") + ".rels", rels_xml(("queryTable", "../queryTables/queryTable9.xml")))
        archive.writestr("xl/queryTables/queryTable9.xml", b'<queryTable name="Rates" connectionId="1"/>')


def power_query(path, _):
    """A query only (Data > Get Data, "Only Create Connection"): its definition in a custom XML
    part, written in UTF-16 as Excel writes it, and the workbook's connection to it."""
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("customXml/item1.xml", '\ufeff<DataMashup xmlns="http://schemas.microsoft.com/DataMashup">AAAA</DataMashup>'.encode("utf-16-le"))
        archive.writestr("xl/connections.xml", b'<connections><connection id="1" name="Query - Rates" type="5"/></connections>')


def beside_the_table(path, _):
    """A rate and a sum typed beside the Claims table (A to R), in columns with no header."""
    workbook = load_workbook(path)
    claims = workbook["Claims"]
    claims["T2"], claims["U3"] = 0.087, "=T2*1.4"
    workbook.save(path)


def summary_comment(path, _):
    """A comment on the Summary, which the tool makes again on every run."""
    workbook = load_workbook(path)
    workbook["Summary"]["B4"].comment = Comment("counts the hand rows too", "Ana")
    workbook.save(path)


CASES = {
    # part: (how it is added, what the refusal says, whether --force can go on)
    "smartart": (smartart, "a drawing object factcheck cannot carry (SmartArt, say) on sheet 'Research'", True),
    "pivot": (pivot, "a pivot table factcheck cannot read on sheet 'Research'", False),
    "threaded": (threaded, "threaded comments on sheet 'Research'", True),
    "macros": (macros, "macros (vbaProject.bin) in the workbook", True),
    "picture in cell": (picture_in_cell, "pictures or data types placed in cells (Excel's rich values) in the workbook", True),
    "form control": (form_control, "a form control (a check box or button) on sheet 'Research'", True),
    "cell checkboxes": (cell_checkboxes, "check boxes in cells (Excel 365's) in the workbook", True),
    "header picture": (header_picture, "a picture in the page header or footer on sheet 'Research'", True),
    "slicer": (slicer, "a slicer on sheet 'Research'", True),
    "sparklines": (sparklines, "sparklines on sheet 'Research'", True),
    "extended format": (extended_format, "conditional formatting that only Excel's extension holds on sheet 'Research'", True),
    "summary comment": (summary_comment, "a comment (B4; the sheet is made again on every run: keep notes on a sheet of your own) on sheet 'Summary'", True),
    "query table": (query_table, "a query table (data imported from the web, a file or a database, with Data > Get Data) on sheet 'Research'", True),
    "power query": (power_query, "data connections or queries (Data > Get Data, Power Query) in the workbook", True),
    "no header": (beside_the_table, "2 values in columns with no header in row 1 (T2, U3; a header keeps a column with its rows) on sheet 'Claims'", True),
}


@pytest.fixture(params=list(CASES))
def workbook_with_part(request, tmp_path, tiny_model):
    output = tmp_path / "bridge.xlsx"
    assert factcheck("check", EXAMPLE_ARTICLE, "-o", output, "--model", tiny_model).returncode == 0
    workbook = load_workbook(output)
    research = workbook.create_sheet("Research")
    research["A1"], research["B1"], research["A2"], research["B2"] = "2019", 150, "2023", 62
    workbook.save(output)
    add, message, forcible = CASES[request.param]
    add(output, len(workbook.sheetnames))
    return output, message, forcible


def test_refused_naming_sheet_and_part_file_byte_identical(workbook_with_part, tiny_model):
    output, message, _ = workbook_with_part
    before = output.read_bytes()
    result = factcheck("check", EXAMPLE_ARTICLE, "-o", output, "--model", tiny_model)
    assert result.returncode == 2
    assert result.stderr.startswith("factcheck: error:") and message in result.stderr and "--force" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert output.read_bytes() == before and not (output.parent / ".history").exists()


# A made-up pivot table is not one openpyxl can read at all: with --force the whole file is
# replaced (and said so), tested below; the others are carried but for the part.
@pytest.mark.parametrize("workbook_with_part", [part for part, case in CASES.items() if case[2]], indirect=True)
def test_force_goes_on_keeps_the_backup_and_names_the_loss(workbook_with_part, tiny_model):
    output, message, _ = workbook_with_part
    before = output.read_bytes()
    result = factcheck("check", EXAMPLE_ARTICLE, "-o", output, "--model", tiny_model, "--force")
    assert result.returncode == 0, result.stderr
    assert "NOT carried (--force)" in result.stdout and message in result.stdout
    backups = list((output.parent / ".history" / "bridge").iterdir())
    assert [b.read_bytes() for b in backups] == [before]
    about = [str(v) for row in load_workbook(output)["About"].iter_rows(values_only=True) for v in row if v]
    assert any(message in v and "--force" in v for v in about)
    assert load_workbook(output)["Research"]["B2"].value == 62  # the cells of the sheet are still carried


@pytest.mark.parametrize("workbook_with_part", ["pivot"], indirect=True)
def test_force_on_a_workbook_openpyxl_cannot_read_says_the_whole_file_was_replaced(workbook_with_part, tiny_model):
    output, _, _ = workbook_with_part
    before = output.read_bytes()
    result = factcheck("check", EXAMPLE_ARTICLE, "-o", output, "--model", tiny_model, "--force")
    assert result.returncode == 0, result.stderr
    assert "NOT carried (--force): replaced the whole previous file, which could not be merged" in result.stdout
    backups = list((output.parent / ".history" / "bridge").iterdir())
    assert [b.read_bytes() for b in backups] == [before]
    about = [str(v) for row in load_workbook(output)["About"].iter_rows(values_only=True) for v in row if v]
    assert any(v.startswith("the whole previous file, which could not be merged") for v in about)
    assert any("replaced the whole previous file" in v for v in about)  # the run history's line


def test_a_data_bar_whose_newer_look_excel_keeps_in_its_extension_is_not_refused(tmp_path, tiny_model):
    """A data bar is a plain rule that names its extension (x14:id): openpyxl keeps the bar
    and drops only its newer look, so the run goes on and the bar stays."""
    output = tmp_path / "bridge.xlsx"
    assert factcheck("check", EXAMPLE_ARTICLE, "-o", output, "--model", tiny_model).returncode == 0
    workbook = load_workbook(output)
    research = workbook.create_sheet("Research")
    research["B1"], research["B2"] = 150, 62
    workbook.save(output)
    rule = b"{00000000-0000-4000-8000-00000000000B}"
    plain = (
        b'<conditionalFormatting sqref="B1:B2"><cfRule type="dataBar" priority="1"><dataBar><cfvo type="min"/>'
        b'<cfvo type="max"/><color rgb="FF638EC6"/></dataBar><extLst><ext ' + X14
        + b' uri="{B025F937-C7B1-47D3-B67F-A62EFF666E3E}"><x14:id>' + rule + b"</x14:id></ext></extLst></cfRule></conditionalFormatting>"
    )
    extend_sheet(output, len(workbook.sheetnames), EXTENDED_FORMAT % (b"dataBar", rule, DATA_BAR), plain)
    result = factcheck("check", EXAMPLE_ARTICLE, "-o", output, "--model", tiny_model)
    assert result.returncode == 0, result.stderr
    [bar] = [r for cf in load_workbook(output)["Research"].conditional_formatting for r in cf.rules]
    assert bar.type == "dataBar"


def test_what_openpyxl_says_it_drops_while_loading_is_refused_by_name(tmp_path, tiny_model):
    """An extension of Excel's that no check before loading knows (here ignored errors, the
    green corner marks a reviewer silenced): openpyxl drops it with only a warning, so the run
    refuses naming it, and --force goes on and names the loss on About."""
    output = tmp_path / "bridge.xlsx"
    assert factcheck("check", EXAMPLE_ARTICLE, "-o", output, "--model", tiny_model).returncode == 0
    ignored = (
        b'<extLst><ext ' + X14 + b' uri="{01252117-D84E-4E92-8308-4BE1C098FCBB}"><x14:ignoredErrors>'
        b'<x14:ignoredError numberStoredAsText="1"><xm:sqref xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">A2:A9</xm:sqref>'
        b"</x14:ignoredError></x14:ignoredErrors></ext></extLst>"
    )
    extend_sheet(output, 1, ignored)
    before = output.read_bytes()
    refused = factcheck("check", EXAMPLE_ARTICLE, "-o", output, "--model", tiny_model)
    assert refused.returncode == 2 and "Excel's Ignored Error extension in the workbook" in refused.stderr
    assert "Warning" not in refused.stderr and output.read_bytes() == before
    forced = factcheck("check", EXAMPLE_ARTICLE, "-o", output, "--model", tiny_model, "--force")
    assert forced.returncode == 0 and "Ignored Error extension" in forced.stdout
    about = [str(c.value) for row in load_workbook(output)["About"].iter_rows() for c in row if c.value]
    assert any("Ignored Error extension" in text for text in about)
