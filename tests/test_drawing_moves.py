"""Where a carried picture or text box goes when a run rewrites the table it sits on: each rule of
``move_drawings`` on a made-up move, and the drawing written again as the file held it."""

import re
import zipfile

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference

from factcheck.carry import TableMove
from factcheck.drawings import Anchor, Drawing, Part, add_drawings, carried_drawing, drawn_rows, is_summary_chart, keep_drawing, move_drawings, read_drawing
from factcheck.references import ReferenceMover, move_references
from factcheck.worksheet import save_workbook

from .test_drawings import NAMESPACES, SCREENSHOT, anchor, draw, drawn, parsed_relationships, picture, rels_path, text_box

ROOT = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xdr:wsDr {NAMESPACES}>'.encode()
HEADERS = {"Claim ID": 1, "Claim": 2, "Notes": 3}


def claims_drawing(*anchors):
    return Drawing(ROOT, tuple(Anchor(a.encode(), {}) for a in anchors), b"</xdr:wsDr>")


def starts(drawing):
    """(column, row) of each anchor's top-left cell, counted from 0."""
    return [tuple(int(n) for n in re.search(rb"<xdr:col>(\d+)</xdr:col>.*?<xdr:row>(\d+)</xdr:row>", a.xml, re.S).groups()) for a in drawing.anchors]


def moved(move, *anchors, headers_of=lambda title: HEADERS):
    workbook = Workbook()
    workbook.active.title = "Claims"
    workbook.create_sheet("Retired")
    keep_drawing(workbook["Claims"], claims_drawing(*anchors))
    move_drawings(workbook, {"Claims": move}, headers_of)
    return carried_drawing(workbook["Claims"]), carried_drawing(workbook["Retired"])


# Claims had claims on rows 2 to 5 and a total on 7: the claim on 3 went to Retired, the ones
# on 4 and 5 moved up, a new claim came at 5 and the total went to 8.
MOVE = TableMove(
    rows={2: ("Claims", 2), 3: ("Retired", 2), 4: ("Claims", 3), 5: ("Claims", 4), 7: ("Claims", 8)},
    header_at={1: "Claim ID", 2: "Claim", 3: "Notes"},
    last_row=7,
    new_last_row=8,
    last_listed_row=5,
    new_last_listed_row=5,
)


def test_an_anchor_follows_its_row_and_keeps_its_size():
    claims, _ = moved(MOVE, anchor(2, 3, picture(2, "screenshot")))  # row 4 (from 0: 3)
    assert starts(claims) == [(2, 2)]
    assert b"<xdr:to><xdr:col>4</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>3</xdr:row>" in claims.anchors[0].xml


def test_an_anchor_on_a_claim_that_retires_goes_to_retired_in_its_column_by_header():
    retired_headers = {"Retired on": 1, "Reason": 2, "Claim ID": 3, "Claim": 4, "Notes": 5}
    claims, retired = moved(MOVE, anchor(2, 2, text_box(3, "ask")), headers_of=lambda t: retired_headers if t == "Retired" else HEADERS)
    assert claims is None and starts(retired) == [(4, 1)]


def test_an_anchor_set_not_to_move_with_cells_stays():
    fixed = anchor(2, 3, picture(2, "logo")).replace('editAs="oneCell"', 'editAs="absolute"')
    claims, _ = moved(MOVE, fixed)
    assert claims.anchors[0].xml == fixed.encode()


def test_an_anchor_below_the_table_keeps_its_distance_and_one_on_a_dropped_row_goes_with_the_row_above():
    claims, _ = moved(MOVE, anchor(0, 9, text_box(2, "below")), anchor(0, 5, text_box(3, "blank row")))
    assert starts(claims) == [(0, 10), (0, 3)]  # row 10 to 11 (the table grew by one); row 6 with row 5


def test_the_header_row_stays_and_rows_with_anchors_count_as_work():
    claims, _ = moved(MOVE, anchor(1, 0, text_box(2, "legend")))
    assert starts(claims) == [(1, 0)]
    workbook = Workbook()
    keep_drawing(workbook.active, claims_drawing(anchor(1, 4, picture(2, "x")), anchor(1, 6, text_box(3, "y"))))
    assert drawn_rows(workbook.active) == {5, 7}


def test_anchors_joined_from_two_drawings_get_shape_ids_of_their_own():
    workbook = Workbook()
    workbook.active.title = "Claims"
    keep_drawing(workbook.create_sheet("Retired"), claims_drawing(anchor(0, 1, text_box(2, "there before"))))
    keep_drawing(workbook["Claims"], claims_drawing(anchor(2, 2, text_box(2, "moves"))))
    retired_move = TableMove(rows={2: ("Retired", 3)}, header_at={}, last_row=2, new_last_row=3, last_listed_row=2, new_last_listed_row=2)
    move_drawings(workbook, {"Claims": MOVE, "Retired": retired_move}, lambda title: HEADERS)
    retired = carried_drawing(workbook["Retired"])
    assert [a.xml.count(b'id="2"') + a.xml.count(b'id="4"') for a in retired.anchors] == [1, 1]
    assert b'id="4"' in retired.anchors[1].xml  # the second drawing's shapes numbered after the first's


def test_a_drawing_read_and_written_again_is_the_same_bytes(tmp_path):
    path = tmp_path / "book.xlsx"
    workbook = Workbook()
    workbook.active.title = "Evidence"
    workbook.save(path)
    draw(path, "Evidence", [anchor(1, 3, picture(2, "the minutes")), anchor(4, 3, text_box(3, "note"))])
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        original = archive.read("xl/drawings/drawing1.xml")
        drawing, lost = read_drawing(archive, names, "xl/drawings/drawing1.xml")
    assert lost == [] and len(drawing.anchors) == 2
    keep_drawing(workbook["Evidence"], drawing)
    again = tmp_path / "again.xlsx"
    save_workbook(workbook, again)
    with zipfile.ZipFile(again) as archive:
        written = archive.read("xl/drawings/drawing1.xml")
    assert written == original.replace(b'r:embed="rIdShot"', b'r:embed="rId1"')
    assert drawn(again, "Evidence")[1] == [SCREENSHOT]


def test_a_copys_anchor_is_added_once_on_its_row_or_counted_when_its_row_was_not_merged():
    desk, copy = Workbook(), Workbook()
    desk.active.title = copy.active.title = "Claims"
    keep_drawing(desk["Claims"], claims_drawing(anchor(2, 1, text_box(2, "handed out"))))
    keep_drawing(copy["Claims"], claims_drawing(
        anchor(2, 1, text_box(2, "handed out")),  # shown by the desk already
        anchor(2, 3, text_box(3, "new, on row 4")),  # row 4 of the copy went to row 6 of the desk
        anchor(2, 8, text_box(4, "on a row not merged")),
    ))
    move = TableMove(rows={2: ("Claims", 2), 4: ("Claims", 6)}, header_at={3: "Notes"}, last_row=5, new_last_row=7, last_listed_row=5, new_last_listed_row=7)
    assert add_drawings(desk, copy, {"Claims": move}, lambda title: HEADERS, lambda text: text) == (1, 1)
    assert starts(carried_drawing(desk["Claims"])) == [(2, 1), (2, 5)]


FRAME = (
    '<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="2" name="Chart 1"/><xdr:cNvGraphicFramePr/>'
    '</xdr:nvGraphicFramePr><xdr:xfrm/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
    '<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" r:id="rId1"/></a:graphicData></a:graphic></xdr:graphicFrame>'
)


def chart_drawing(data, row=1):
    """A drawing of one chart whose part holds ``data``, sitting on row ``row`` (from 0)."""
    chart_type = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
    part = Part(chart_type, "xl/charts/chart1.xml", "application/vnd.openxmlformats-officedocument.drawingml.chart+xml", data, {})
    return Drawing(ROOT, (Anchor(anchor(2, row, FRAME).encode(), {"rId1": part}),), b"</xdr:wsDr>")


def plotted(sheet):
    """The chart part's XML of each chart carried on ``sheet``."""
    return [named.data for a in carried_drawing(sheet).anchors for named in a.relations.values()]


# Claims listed claims on rows 2 to 8; a re-run put a new claim on row 3, so those on 3 to 8 went down one.
GREW = TableMove(
    rows={2: ("Claims", 2), **{row: ("Claims", row + 1) for row in range(3, 9)}},
    header_at={5: "Score", 14: "Verdict"},
    last_row=8,
    new_last_row=9,
    last_listed_row=8,
    new_last_listed_row=9,
)
COLUMNS = {"Score": 5, "Verdict": 14}


def test_a_chart_plots_its_claims_where_a_rerun_put_them_as_a_formula_reads_them():
    """A chart of every claim's score grows with the table; one of a claim's verdict follows the
    claim; the rest of its XML, and a chart of the reviewer's own cells, stay byte for byte."""
    workbook = Workbook()
    workbook.active.title = "Claims"
    figures, own = workbook.create_sheet("Ana's figures"), workbook.create_sheet("Notes")
    header = b"<c:tx><c:strRef><c:f>Claims!$E$1</c:f><c:strCache><c:pt><c:v>Score</c:v></c:pt></c:strCache></c:strRef></c:tx>"
    cached = b"<c:numCache><c:ptCount val='7'/><c:pt idx='0'><c:v>0.97</c:v></c:pt></c:numCache>"
    every = b"<c:chartSpace>" + header + b"<c:val><c:numRef><c:f>'Claims'!$E$2:$E$8</c:f>" + cached + b"</c:numRef></c:val></c:chartSpace>"
    keep_drawing(figures, chart_drawing(every))
    keep_drawing(workbook["Claims"], chart_drawing(b"<c:chartSpace><c:f>Claims!$N$4</c:f></c:chartSpace>", row=3))
    mine = chart_drawing(b"<c:chartSpace><c:f>'Ana''s figures'!$B$2:$B$3</c:f></c:chartSpace>")
    keep_drawing(own, mine)
    move_drawings(workbook, {"Claims": GREW}, lambda title: COLUMNS)
    move_references(workbook, {"Claims": GREW}, lambda title: COLUMNS, {})
    # The header, Claims!$E$1, stays with its cached text; the moved range drops the old rows' values.
    assert plotted(figures) == [every.replace(b"$E$2:$E$8", b"$E$2:$E$9").replace(cached, b"")]
    assert plotted(workbook["Claims"]) == [b"<c:chartSpace><c:f>Claims!$N$5</c:f></c:chartSpace>"]
    assert starts(carried_drawing(workbook["Claims"])) == [(2, 4)]  # and the chart with it
    assert carried_drawing(own) is mine


def test_a_chart_a_copy_was_handed_is_not_added_again_though_another_program_rewrote_it_and_rows_went_in():
    """The desk's chart grew over a row a merge inserted; the copy's, as the copy was handed out
    and re-saved by another program, plots the same claims once its ranges are read as the desk's."""
    desk, copy = Workbook(), Workbook()
    desk.active.title = copy.active.title = "Claims"
    keep_drawing(desk["Claims"], chart_drawing(b"<c:chartSpace><c:f>'Claims'!$N$2:$N$9</c:f></c:chartSpace>"))
    keep_drawing(copy["Claims"], chart_drawing(b'<c:chartSpace xmlns:c="x"><c:style val="2"/><c:f>Claims!N2:N8</c:f></c:chartSpace>'))
    mover = ReferenceMover({"Claims": GREW}, lambda title: COLUMNS, {}, {})
    assert add_drawings(desk, copy, {"Claims": GREW}, lambda title: COLUMNS, lambda text: mover.reference(text, "")) == (0, 0)
    assert is_summary_chart(carried_drawing(desk["Claims"]))  # one chart, not two
    keep_drawing(copy["Claims"], chart_drawing(b"<c:chartSpace><c:f>Claims!$N$5</c:f></c:chartSpace>", row=4))
    assert add_drawings(desk, copy, {"Claims": GREW}, lambda title: COLUMNS, lambda text: mover.reference(text, "")) == (1, 0)
    assert plotted(desk["Claims"])[1] == b"<c:chartSpace><c:f>Claims!$N$6</c:f></c:chartSpace>"  # the copy's row 5 is the desk's 6


def test_a_chart_is_written_again_with_the_parts_it_names_and_their_content_types(tmp_path):
    """A chart as Excel saves one names a style and a colour part of its own: both are written
    again, byte for byte, named from the chart's rels and listed in [Content_Types].xml."""
    path = tmp_path / "book.xlsx"
    workbook = Workbook()
    workbook.active.title = "Figures"
    workbook.active["A1"], workbook.active["B1"] = "2025 survey", 38000
    chart = BarChart()
    chart.add_data(Reference(workbook.active, min_col=2, min_row=1, max_row=1))
    workbook.active.add_chart(chart, "D2")
    workbook.save(path)
    style, colours = b'<cs:chartStyle xmlns:cs="http://schemas.microsoft.com/office/drawing/2012/chartStyle" id="201"/>', b"<cs:colorStyle/>"
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    office = "http://schemas.microsoft.com/office/2011/relationships"
    members["xl/charts/_rels/chart1.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId2" Type="{office}/chartColorStyle" Target="colors1.xml"/>'
        f'<Relationship Id="rId1" Type="{office}/chartStyle" Target="style1.xml"/></Relationships>'
    ).encode()
    members["xl/charts/style1.xml"], members["xl/charts/colors1.xml"] = style, colours
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/charts/style1.xml" ContentType="application/vnd.ms-office.chartstyle+xml"/>'
        b'<Override PartName="/xl/charts/colors1.xml" ContentType="application/vnd.ms-office.chartcolorstyle+xml"/></Types>',
    )
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    with zipfile.ZipFile(path) as archive:
        drawing, lost = read_drawing(archive, set(archive.namelist()), "xl/drawings/drawing1.xml")
    assert lost == []
    figures = Workbook()
    figures.active.title = "Figures"
    keep_drawing(figures.active, drawing)
    again = tmp_path / "again.xlsx"
    save_workbook(figures, again)
    with zipfile.ZipFile(again) as archive:
        written = {name: archive.read(name) for name in archive.namelist()}
    (chart_part,) = [name for name in written if name.startswith("xl/charts/") and name.endswith("chart1.xml")]
    assert written[chart_part] == members["xl/charts/chart1.xml"]
    named = dict((kind, target) for _, kind, target in parsed_relationships(written[rels_path(chart_part)]))
    assert {kind: written[target.lstrip("/")] for kind, target in named.items()} == {"chartStyle": style, "chartColorStyle": colours}
    types = written["[Content_Types].xml"].decode()
    assert f'PartName="{named["chartStyle"]}" ContentType="application/vnd.ms-office.chartstyle+xml"' in types
    # Carried again by the next run, its parts keep names of one prefix: they do not grow run by run.
    with zipfile.ZipFile(again) as archive:
        drawing, _ = read_drawing(archive, set(archive.namelist()), "xl/drawings/drawing1.xml")
    keep_drawing(figures.active, drawing)
    third = tmp_path / "third.xlsx"
    save_workbook(figures, third)
    with zipfile.ZipFile(third) as archive:
        charts = sorted(re.sub(r"\d+_", "N_", name) for name in archive.namelist() if name.startswith("xl/charts/") and name.endswith(".xml"))
    assert charts == ["xl/charts/carriedN_chart1.xml", "xl/charts/carriedN_colors1.xml", "xl/charts/carriedN_style1.xml"]
