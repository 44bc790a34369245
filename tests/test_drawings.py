"""Pictures and text boxes a reviewer puts on a sheet (a screenshot of a source beside its claim,
a note in a box) are carried into the next version as the file held them: on Claims each
follows the claim it sits beside, to Retired when the claim goes there; on a sheet of the
reviewer's own it stays as it was. Real CLI and shipped model; the drawings are written into
the file as Excel writes them, and (in one variant) the workbook is re-saved by LibreOffice
before the re-run."""

import posixpath
import re
import shutil
import struct
import zipfile
import zlib
from xml.etree import ElementTree

import pytest
from openpyxl import load_workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment

from .reviewing import claim_row, header_positions
from .test_cli import factcheck
from .test_merge_end_to_end import edit_article, libreoffice_resave, libreoffice_resaved_copy
from .test_reviewer_workbook import DELETED, SWAPPED, checked_copy

pytestmark = pytest.mark.slow

NAMESPACES = (
    'xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NOTE = "Council minutes say 1963, not 1962"
BOX_NOTE = "Ask the archive for the opening date"
LINK = "https://council.example/minutes/1962"


def png(width=40, height=20):
    """A small red PNG, made here so the test needs no image library."""
    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


SCREENSHOT = png()


def anchor(column, row, body):
    """A two-cell anchor from (column, row), counted from 0, as Excel writes a pasted picture."""
    return (
        f'<xdr:twoCellAnchor editAs="oneCell"><xdr:from><xdr:col>{column}</xdr:col><xdr:colOff>0</xdr:colOff>'
        f"<xdr:row>{row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>{column + 2}</xdr:col>"
        f"<xdr:colOff>0</xdr:colOff><xdr:row>{row + 1}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>{body}"
        "<xdr:clientData/></xdr:twoCellAnchor>"
    )


def picture(shape_id, alt_text):
    return (
        f'<xdr:pic><xdr:nvPicPr><xdr:cNvPr id="{shape_id}" name="Picture {shape_id}" descr="{alt_text}"/>'
        '<xdr:cNvPicPr><a:picLocks noChangeAspect="1"/></xdr:cNvPicPr></xdr:nvPicPr><xdr:blipFill>'
        '<a:blip r:embed="rIdShot"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill><xdr:spPr><a:xfrm>'
        '<a:off x="0" y="0"/><a:ext cx="1000000" cy="500000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
        "</a:prstGeom></xdr:spPr></xdr:pic>"
    )


def text_box(shape_id, text):
    return (
        f'<xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="{shape_id}" name="TextBox {shape_id}"/>'
        '<xdr:cNvSpPr txBox="1"/></xdr:nvSpPr><xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="2000000" cy="400000"/>'
        '</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="FFFF00"/></a:solidFill>'
        f'</xdr:spPr><xdr:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="en-GB" sz="1100"/><a:t>{text}</a:t>'
        "</a:r></a:p></xdr:txBody></xdr:sp>"
    )


def draw(path, title, anchors):
    """Give sheet ``title`` of the .xlsx at ``path`` a drawing of ``anchors``, showing SCREENSHOT,
    with its parts, relationships and content types as Excel writes them."""
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    sheet = sheet_part(members, title)
    number = 1 + sum(bool(re.fullmatch(r"xl/drawings/drawing\d+\.xml", name)) for name in members)
    drawing = f"xl/drawings/drawing{number}.xml"
    members[drawing] = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xdr:wsDr {NAMESPACES}>{"".join(anchors)}</xdr:wsDr>'.encode()
    members[f"xl/media/shot{number}.png"] = SCREENSHOT
    members[f"xl/drawings/_rels/drawing{number}.xml.rels"] = relationships(("rIdShot", "image", f"../media/shot{number}.png"))
    rels = rels_path(sheet)
    drawn_in = relationships(("rIdDrawn", "drawing", f"/{drawing}"))
    # Added to the sheet's own .rels as they are: a link's relationship is External, and stays so.
    members[rels] = members[rels].replace(b"</Relationships>", drawn_in.split(b'relationships">', 1)[1]) if rels in members else drawn_in
    xml = members[sheet].decode()
    element = f'<drawing xmlns:r="{RELATIONSHIPS}" r:id="rIdDrawn"/>'
    later = re.search(r"<(legacyDrawing|legacyDrawingHF|picture|oleObjects|controls|webPublishItems|tableParts|extLst)\b", xml)
    members[sheet] = (xml[: later.start()] + element + xml[later.start() :] if later else xml.replace("</worksheet>", element + "</worksheet>")).encode()
    types = members["[Content_Types].xml"].decode()
    override = f'<Override PartName="/{drawing}" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>'
    png_type = "" if 'Extension="png"' in types else '<Default Extension="png" ContentType="image/png"/>'
    members["[Content_Types].xml"] = types.replace("</Types>", png_type + override + "</Types>").encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def relationships(*relations):
    body = "".join(f'<Relationship Id="{rid}" Type="{RELATIONSHIPS}/{kind}" Target="{target}"/>' for rid, kind, target in relations)
    return f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{body}</Relationships>'.encode()


def parsed_relationships(xml):
    """(id, kind, target) of each relationship in a .rels part (none in an empty one)."""
    return [(r.get("Id"), r.get("Type").rsplit("/", 1)[-1], r.get("Target")) for r in ElementTree.fromstring(xml)] if xml else []


def target_of(members, rels, kind):
    """The part that ``rels`` (a .rels path in ``members``) names for ``kind``, as a path in the zip."""
    folder = rels.split("_rels/")[0]
    for _, found, target in parsed_relationships(members.get(rels, b"")):
        if found == kind:
            return target.lstrip("/") if target.startswith("/") else posixpath.normpath(folder + target)
    return None


def sheet_part(members, title):
    """The path of sheet ``title``'s XML in an .xlsx's ``members``."""
    rid = re.search(rf'<sheet [^>]*name="{re.escape(title)}"[^>]*r:id="([^"]+)"', members["xl/workbook.xml"].decode())[1]
    target = next(t for i, _, t in parsed_relationships(members["xl/_rels/workbook.xml.rels"]) if i == rid)
    return target.lstrip("/") if target.startswith("/") else "xl/" + target


def drawn(path, title):
    """(from column, from row, XML) of each anchor on sheet ``title``, and the pictures it shows."""
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    drawing = target_of(members, rels_path(sheet_part(members, title)), "drawing")
    if drawing is None:
        return [], []
    xml = members[drawing].decode()
    anchors = [
        (int(a[1]), int(a[2]), a[0])
        for a in re.finditer(r"<xdr:(?:twoCellAnchor|oneCellAnchor)\b.*?<xdr:col>(\d+)</xdr:col>.*?<xdr:row>(\d+)</xdr:row>.*?</xdr:(?:twoCellAnchor|oneCellAnchor)>", xml, re.S)
    ]
    folder = drawing.rsplit("/", 1)[0] + "/"
    images = [t for _, kind, t in parsed_relationships(members.get(rels_path(drawing), b"")) if kind == "image"]
    return anchors, [members[t.lstrip("/") if t.startswith("/") else posixpath.normpath(folder + t)] for t in images]


def rels_path(part):
    folder, name = part.rsplit("/", 1)
    return f"{folder}/_rels/{name}.rels"


@pytest.fixture(params=["openpyxl", "libreoffice"])
def drawn_on(request, tmp_path):
    """A first run, then a screenshot beside one claim, a text box beside the claim the edit
    deletes, and both on a sheet of the reviewer's own; (article, workbook, what that sheet shows)."""
    article, output = checked_copy(tmp_path)
    workbook = load_workbook(output)
    evidence = workbook.create_sheet("Evidence")
    evidence["A1"] = "Screenshots of sources"
    claims = workbook["Claims"]
    notes = header_positions(claims)["notes"] - 1
    swapped, deleted = claim_row(claims, SWAPPED) - 1, claim_row(claims, DELETED) - 1
    claims.cell(swapped + 1, notes + 1).comment = Comment("screenshot beside this cell", "Ana")  # VML beside the drawing
    claims.cell(swapped + 1, header_positions(claims)["sources"]).hyperlink = LINK  # an External relationship beside it
    workbook.save(output)
    draw(output, "Claims", [anchor(notes, swapped, picture(2, NOTE)), anchor(notes, deleted, text_box(3, BOX_NOTE))])
    draw(output, "Evidence", [anchor(1, 3, picture(2, "the minutes, page 4")), anchor(4, 3, text_box(3, BOX_NOTE))])
    if request.param == "libreoffice":
        libreoffice_resave(output, tmp_path)
    return article, output, drawn(output, "Evidence")


def test_pictures_and_text_boxes_follow_their_claims_and_stay_on_own_sheets(drawn_on):
    article, output, evidence_before = drawn_on
    article.write_text(edit_article(article.read_text(encoding="utf-8")), encoding="utf-8")
    result = factcheck("check", article, "-o", output)
    assert result.returncode == 0, result.stderr
    assert "1 retired" in result.stdout and "NOT carried" not in result.stdout

    workbook = load_workbook(output)
    claims, retired = workbook["Claims"], workbook["Retired"]
    (picture_at,), pictures = drawn(output, "Claims")
    # The screenshot sits on its claim's new row, in Notes wherever Notes now is.
    assert picture_at[:2] == (header_positions(claims)["notes"] - 1, claim_row(claims, SWAPPED) - 1)
    assert pictures == [SCREENSHOT]
    assert claims.cell(claim_row(claims, SWAPPED), header_positions(claims)["notes"]).comment.text == "screenshot beside this cell"
    assert claims.cell(claim_row(claims, SWAPPED), header_positions(claims)["sources"]).hyperlink.target == LINK
    # The text box went to Retired with the claim it stood beside (a box is work on the claim).
    (box_at,), _ = drawn(output, "Retired")
    assert box_at[:2] == (header_positions(retired)["notes"] - 1, claim_row(retired, DELETED) - 1)
    assert BOX_NOTE in box_at[2]
    # The reviewer's own sheet keeps its drawing as it was.
    evidence_after = drawn(output, "Evidence")
    assert [a[:2] for a in evidence_after[0]] == [a[:2] for a in evidence_before[0]] == [(1, 3), (4, 3)]
    assert evidence_after[1] == [SCREENSHOT]


def test_libreoffice_opens_the_result_with_its_pictures_and_text_boxes(drawn_on, tmp_path):
    article, output, _ = drawn_on
    article.write_text(edit_article(article.read_text(encoding="utf-8")), encoding="utf-8")
    assert factcheck("check", article, "-o", output).returncode == 0
    again = libreoffice_resaved_copy(output, tmp_path)
    assert drawn(again, "Claims")[1] and drawn(again, "Evidence")[1]  # the pictures are still shown
    assert BOX_NOTE in drawn(again, "Retired")[0][0][2] and BOX_NOTE in drawn(again, "Evidence")[0][1][2]


def charted(path, title):
    """The chart part each chart on sheet ``title`` shows, and the parts it names (its style...)."""
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    drawing = target_of(members, rels_path(sheet_part(members, title)), "drawing")
    if drawing is None:
        return []
    charts = [target_of(members, rels_path(drawing), "chart")] if target_of(members, rels_path(drawing), "chart") else []
    return [(members[chart], sorted(members[t] for t in named_parts(members, chart))) for chart in charts]


def named_parts(members, part):
    folder = part.rsplit("/", 1)[0] + "/"
    return [t.lstrip("/") if t.startswith("/") else posixpath.normpath(folder + t) for _, _, t in parsed_relationships(members.get(rels_path(part), b""))]


@pytest.mark.parametrize("resave", [False, True], ids=["openpyxl", "libreoffice"])
def test_a_chart_on_a_sheet_of_the_reviewers_own_is_carried_as_the_file_held_it(tmp_path, resave):
    """A reviewer charts their figures on a tab of their own (re-saved by LibreOffice, in one
    variant, which gives the chart parts of its own). The re-run keeps the chart, byte for byte."""
    article, output = checked_copy(tmp_path)
    workbook = load_workbook(output)
    research = workbook.create_sheet("Research")
    research["A1"], research["B1"], research["A2"], research["B2"] = "2019", 150, "2023", 62
    figures = BarChart()
    figures.title = "Crossings a day"
    figures.add_data(Reference(research, min_col=2, min_row=1, max_row=2))
    research.add_chart(figures, "D2")
    workbook.save(output)
    if resave:
        libreoffice_resave(output, tmp_path)
    before = charted(output, "Research")
    assert len(before) == 1

    result = factcheck("check", article, "-o", output)
    assert result.returncode == 0 and "NOT carried" not in result.stdout, result.stdout + result.stderr
    assert charted(output, "Research") == before
    again = libreoffice_resaved_copy(output, tmp_path)
    assert len(charted(again, "Research")) == 1 and len(charted(again, "Summary")) == 1  # theirs, and the tool's


def chart_ranges(path, title):
    """The ranges each chart on sheet ``title`` plots, and the values cached for the last."""
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    drawing = target_of(members, rels_path(sheet_part(members, title)), "drawing")
    charts = [t for t in named_parts(members, drawing) if re.search(r"charts/[^/]*chart\d+\.xml$", t)]
    found = []
    for chart in sorted(charts, key=lambda t: int(re.search(r"(\d+)\.xml$", t)[1])):
        xml = members[chart].decode()
        last = re.split(r"<(?:\w+:)?f>", xml)[-1]  # openpyxl writes the chart's namespace as the default, LibreOffice as c:
        cached = [float(v) for v in re.findall(r"<(?:\w+:)?v>([^<]*)</", re.split(r"</(?:\w+:)?numCache>", last)[0])]
        found.append((re.findall(r"<(?:\w+:)?f>([^<]*)</", xml), cached))
    return found


@pytest.mark.parametrize("resave", [False, True], ids=["openpyxl", "libreoffice"])
def test_a_chart_of_the_claims_plots_them_where_the_rerun_puts_them(tmp_path, resave):
    """On a tab of their own a reviewer charts every claim's score, and one claim's. The article
    is edited (a paragraph moves, one goes, a claim comes), and after the re-run each chart plots
    its claims where they now are, as a formula reads them; LibreOffice draws the claim's score."""
    article, output = checked_copy(tmp_path)
    workbook = load_workbook(output)
    claims = workbook["Claims"]
    score, swapped, listed = header_positions(claims)["score"], claim_row(claims, SWAPPED), claims.max_row
    research = workbook.create_sheet("Research")
    for first, last, at in ((2, listed, "B2"), (swapped, swapped, "B20")):
        chart = BarChart()
        chart.add_data(Reference(claims, min_col=score, min_row=first, max_row=last))
        research.add_chart(chart, at)
    workbook.save(output)
    if resave:
        libreoffice_resave(output, tmp_path)
    article.write_text(edit_article(article.read_text(encoding="utf-8")), encoding="utf-8")
    result = factcheck("check", article, "-o", output)
    assert result.returncode == 0 and "NOT carried" not in result.stdout, result.stdout + result.stderr

    claims = load_workbook(output)["Claims"]
    letter, now = claims.cell(1, header_positions(claims)["score"]).column_letter, claim_row(claims, SWAPPED)
    assert now != swapped  # its paragraph moved
    (every, _), (one, one_cached) = chart_ranges(output, "Research")
    assert one_cached == []  # not the old row's value, which LibreOffice had cached
    assert [re.sub(r"^'Claims'!", "Claims!", f) for f in every + one] == [f"Claims!${letter}$2:${letter}${claims.max_row}", f"Claims!${letter}${now}"]
    again = libreoffice_resaved_copy(output, tmp_path)
    (_, every_drawn), (_, one_drawn) = chart_ranges(again, "Research")
    assert one_drawn == [pytest.approx(claims.cell(now, header_positions(claims)["score"]).value)]
    assert len(every_drawn) == claims.max_row - 1


def test_a_chart_on_a_chart_sheet_is_carried_and_plots_the_claims_where_the_rerun_puts_them(tmp_path):
    """A chart of every claim's score that the reviewer moved to a sheet of its own (Excel's Move
    Chart, New sheet: a chart sheet, which has no cells). Re-runs used to drop its chart and
    leave the sheet naming a drawing that was not there, which the next run could not read."""
    article, output = checked_copy(tmp_path)
    workbook = load_workbook(output)
    claims = workbook["Claims"]
    score = header_positions(claims)["score"]
    chart = BarChart()
    chart.add_data(Reference(claims, min_col=score, min_row=2, max_row=claims.max_row))
    workbook.create_chartsheet("Scores").add_chart(chart)
    workbook.save(output)
    letter = claims.cell(1, score).column_letter

    article.write_text(edit_article(article.read_text(encoding="utf-8")), encoding="utf-8")
    for run in range(2):  # the second reads what the first wrote
        result = factcheck("check", article, "-o", output)
        assert result.returncode == 0 and "NOT carried" not in result.stdout, result.stdout + result.stderr
    listed = load_workbook(output)["Claims"].max_row
    [(ranges, _)] = chart_ranges(output, "Scores")
    assert [re.sub(r"^'Claims'!", "Claims!", f) for f in ranges] == [f"Claims!${letter}$2:${letter}${listed}"]
    with zipfile.ZipFile(output) as archive:
        assert "xl/chartsheets/_rels/sheet1.xml.rels" in archive.namelist()
    again = libreoffice_resaved_copy(output, tmp_path)
    [(_, drawn_scores)] = chart_ranges(again, "Scores")
    assert len(drawn_scores) == listed - 1  # LibreOffice draws every claim's score


def test_a_chart_sheet_an_earlier_run_emptied_no_longer_stops_the_run(tmp_path):
    """Before chart sheets were carried, a run wrote one naming a drawing the file lacked, and
    every later run refused the workbook, reviewers' work and all, as unreadable."""
    article, output = checked_copy(tmp_path)
    workbook = load_workbook(output)
    chart = BarChart()
    chart.add_data(Reference(workbook["Claims"], min_col=1, min_row=2, max_row=3))
    workbook.create_chartsheet("Scores").add_chart(chart)
    workbook.save(output)
    with zipfile.ZipFile(output) as archive:
        members = {name: archive.read(name) for name in archive.namelist() if name != "xl/chartsheets/_rels/sheet1.xml.rels"}
    assert b'r:id="rId1"' in members["xl/chartsheets/sheet1.xml"]
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)

    for run in range(2):  # the second reads what the first wrote
        result = factcheck("check", article, "-o", output)
        assert result.returncode == 0, result.stdout + result.stderr
    assert "Scores" in load_workbook(output).sheetnames
    assert "Scores" in load_workbook(libreoffice_resaved_copy(output, tmp_path)).sheetnames


SECOND_CHART = (
    '<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="9" name="Chart 9"/><xdr:cNvGraphicFramePr/>'
    '</xdr:nvGraphicFramePr><xdr:xfrm/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
    f'<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:r="{RELATIONSHIPS}" r:id="rId1"/>'
    "</a:graphicData></a:graphic></xdr:graphicFrame>"
)


@pytest.mark.parametrize("what", ["a picture on About", "a text box on Summary", "a second chart on Summary"])
def test_a_picture_or_chart_on_a_sheet_made_again_is_refused_and_nothing_changes(tmp_path, what):
    """Summary and About are made again on every run: what a reviewer put there would be lost.
    Summary's one chart is the tool's; a second is a reviewer's."""
    article, output = checked_copy(tmp_path)
    title = what.rsplit(" ", 1)[1]
    if title == "About":
        draw(output, title, [anchor(5, 1, picture(2, NOTE))])
    else:  # into the drawing openpyxl wrote for the tool's chart
        add_to_summary_drawing(output, anchor(5, 20, text_box(9, BOX_NOTE) if "text box" in what else SECOND_CHART))
    before = output.read_bytes()
    result = factcheck("check", article, "-o", output)
    assert result.returncode == 2 and f"on sheet '{title}'" in result.stderr, result.stderr
    assert "pictures, charts, text boxes or shapes" in result.stderr
    assert output.read_bytes() == before


def add_to_summary_drawing(path, extra, title="Summary"):
    """Add the anchor ``extra`` to the drawing openpyxl wrote for the Summary's chart."""
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    drawing = target_of(members, rels_path(sheet_part(members, title)), "drawing")
    main = b'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    xml = members[drawing].replace(b"<wsDr ", b"<wsDr " + main, 1)  # openpyxl's drawing declares no prefix for it
    members[drawing] = xml.replace(b"</wsDr>", extra.replace("xdr:", "").encode() + b"</wsDr>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def test_merge_brings_a_copys_pictures_to_its_rows_and_moves_the_desks_down_with_rows_it_inserts(tmp_path):
    """The desk puts a screenshot beside a claim and hands out a copy. The reviewer inserts a row
    under the first claim, with a text box beside it, and re-saves the copy in LibreOffice.
    Merged, the text box is on the row the merge inserted, the desk's screenshot still beside
    its claim one row down, and nothing is shown twice."""
    _, desk = checked_copy(tmp_path)
    claims = load_workbook(desk)["Claims"]
    notes, swapped = header_positions(claims)["notes"], claim_row(claims, SWAPPED)
    assert swapped > 2
    draw(desk, "Claims", [anchor(notes - 1, swapped - 1, picture(2, NOTE))])
    copy = tmp_path / "ana.xlsx"
    shutil.copy(desk, copy)
    workbook = load_workbook(copy)  # openpyxl alone drops the screenshot: it is put back below
    sheet = workbook["Claims"]
    sheet.insert_rows(3)
    sheet.cell(3, notes, "second source: the 2025 survey, table 3")
    workbook.save(copy)
    draw(copy, "Claims", [anchor(notes - 1, swapped, picture(2, NOTE)), anchor(notes - 1, 2, text_box(3, BOX_NOTE))])
    libreoffice_resave(copy, tmp_path)

    result = factcheck("merge", desk, copy)
    assert result.returncode == 0, result.stderr
    assert "1 pictures, text boxes or shapes added" in result.stdout and "not merged" not in result.stdout, result.stdout
    claims = load_workbook(desk)["Claims"]
    assert claims.cell(3, notes).value == "second source: the 2025 survey, table 3"
    anchors, pictures = drawn(desk, "Claims")
    assert [a[:2] for a in anchors] == [(notes - 1, swapped), (notes - 1, 2)]
    assert swapped == claim_row(claims, SWAPPED) - 1 and pictures == [SCREENSHOT]
    assert BOX_NOTE in anchors[1][2] and BOX_NOTE not in anchors[0][2]
