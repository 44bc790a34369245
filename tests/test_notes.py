"""A note's box as the reviewer left it: the size they dragged it to, and "Show Note". Read from
the sheet's VML drawing as Excel and LibreOffice write it, kept on the comment, and written again
by the tool's writer; the real CLI and LibreOffice in ``test_a_note_keeps_its_box...``."""

import re
import zipfile
from copy import copy
from dataclasses import replace

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.utils import get_column_letter

from factcheck.notes import KeptNote, NoteLook, keep_note_looks, note_looks, sheet_note_looks
from factcheck.worksheet import save_workbook

from .reviewing import claim_row, header_positions
from .test_cli import factcheck
from .test_merge_end_to_end import edit_article, libreoffice_resave, libreoffice_resaved_copy
from .test_reviewer_workbook import SWAPPED, checked_copy

# Two notes as Excel 2016 writes them: B2's dragged to 3 by 2 inches and shown, D5's as made.
EXCEL_VML = b"""<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"
 xmlns:x="urn:schemas-microsoft-com:office:excel">
 <o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="1"/></o:shapelayout>
 <v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">
  <v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>
 <v:shape id="_x0000_s1025" type="#_x0000_t202" style='position:absolute;margin-left:59.25pt;margin-top:1.5pt;
  width:216pt;height:144pt;z-index:1;visibility:visible' fillcolor="#ffffe1" o:insetmode="auto">
  <v:fill color2="#ffffe1"/><v:textbox style='mso-direction-alt:auto'><div style='text-align:left'></div></v:textbox>
  <x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>2, 15, 0, 10, 5, 15, 9, 4</x:Anchor>
   <x:AutoFill>False</x:AutoFill><x:Row>1</x:Row><x:Column>1</x:Column><x:Visible/></x:ClientData>
 </v:shape>
 <v:shape id="_x0000_s1026" type="#_x0000_t202" style='position:absolute;margin-left:59.25pt;margin-top:1.5pt;
  width:108pt;height:59.25pt;z-index:2;visibility:hidden' fillcolor="#ffffe1" o:insetmode="auto">
  <x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:AutoFill>False</x:AutoFill>
   <x:Row>4</x:Row><x:Column>3</x:Column></x:ClientData>
 </v:shape>
 <v:shape id="_x0000_s1027" type="#_x0000_t201" style='position:absolute;width:48pt;height:18pt'>
  <x:ClientData ObjectType="Button"><x:Row>7</x:Row><x:Column>1</x:Column></x:ClientData>
 </v:shape>
</xml>"""


def test_a_notes_box_is_read_as_excel_writes_it_in_points_with_show_note():
    shown = NoteLook(288, 192, True, (2, 15, 0, 10, 5, 15, 9, 4))
    assert note_looks(EXCEL_VML) == {(2, 2): shown, (5, 4): NoteLook(144, 79, False)}  # no button
    # Excel's VML need not be well-formed XML: a note's box may hold a <br>.
    with_break = EXCEL_VML.replace(b"<div style='text-align:left'></div>", b"<div style='text-align:left'>Ana:<br>1963</div>")
    assert with_break != EXCEL_VML and note_looks(with_break) == note_looks(EXCEL_VML)


def test_a_notes_box_is_written_again_and_read_back_the_same_and_a_shown_one_moves_with_its_note(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet["B2"].comment, sheet["D5"].comment = Comment("Minutes say 1963", "Ana"), Comment("ok", "Ana")
    keep_note_looks(workbook, {sheet.title: note_looks(EXCEL_VML)})
    assert isinstance(sheet["B2"].comment, KeptNote) and sheet["B2"].comment.shown
    assert (sheet["B2"].comment.width, sheet["B2"].comment.height) == (288, 192)
    path = tmp_path / "notes.xlsx"
    save_workbook(workbook, path)
    with zipfile.ZipFile(path) as archive:
        assert sheet_note_looks(archive) == {sheet.title: {(2, 2): NoteLook(288, 192, True, (2, 15, 0, 10, 5, 15, 9, 4)), (5, 4): NoteLook(144, 79, False)}}
    assert load_workbook(path)[sheet.title]["B2"].comment.text == "Minutes say 1963"
    # Moved five rows down (as a re-run moves a claim's cells), the shown box goes with it.
    sheet["B7"].comment, sheet["B2"].comment = copy(sheet["B2"].comment), None
    save_workbook(workbook, path)
    with zipfile.ZipFile(path) as archive:
        assert sheet_note_looks(archive)[sheet.title][7, 2] == NoteLook(288, 192, True, (2, 15, 5, 10, 5, 15, 14, 4))


# A note as Excel writes one: the author's name in bold on its first line, then the text.
EXCEL_NOTE = (
    b'<text><r><rPr><b/><sz val="9"/><color indexed="81"/><rFont val="Tahoma"/><family val="2"/></rPr>'
    b'<t>Ana Lopes:</t></r><r><rPr><sz val="9"/><color indexed="81"/><rFont val="Tahoma"/><family val="2"/></rPr>'
    b'<t xml:space="preserve">\nMinutes say 4 May 1962 &amp; the plaque 1963</t></r></text>'
)


def test_a_notes_formatted_text_is_kept_as_excel_wrote_it_and_moves_with_it(tmp_path):
    path = tmp_path / "notes.xlsx"
    workbook = Workbook()
    workbook.active["B2"].comment, workbook.active["D5"].comment = Comment("x", "Ana"), Comment("plain", "Ana")
    workbook.save(path)
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    (part,) = [name for name in members if name.startswith("xl/comments/")]
    members[part] = members[part].replace(b"<text><t>x</t></text>", EXCEL_NOTE)
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)

    with zipfile.ZipFile(path) as archive:
        looks = sheet_note_looks(archive)
    by_cell = looks[workbook.active.title]
    assert by_cell[2, 2].formatted == EXCEL_NOTE and by_cell[5, 4].formatted is None  # a plain note is openpyxl's to write
    workbook = load_workbook(path)
    keep_note_looks(workbook, looks)
    sheet = workbook.active
    assert sheet["B2"].comment.formatted == EXCEL_NOTE and not isinstance(sheet["D5"].comment, KeptNote)
    sheet["B7"].comment, sheet["B2"].comment = copy(sheet["B2"].comment), None
    save_workbook(workbook, path)
    with zipfile.ZipFile(path) as archive:
        notes = next(archive.read(name) for name in archive.namelist() if name.startswith("xl/comments/"))
    assert b'<comment ref="B7" authorId="0" shapeId="0">' + EXCEL_NOTE + b"</comment>" in notes
    assert b'<comment ref="D5" authorId="0" shapeId="0"><text><t>plain</t></text>' in notes
    assert load_workbook(path).active["B7"].comment.text == "Ana Lopes:\nMinutes say 4 May 1962 & the plaque 1963"


def test_a_formatted_text_that_does_not_read_as_the_note_is_not_kept():
    workbook = Workbook()
    workbook.active["B2"].comment = Comment("Ana Lopes:\nMinutes say 1962", "Ana")
    keep_note_looks(workbook, {workbook.active.title: {(2, 2): NoteLook(formatted=EXCEL_NOTE)}})
    assert not isinstance(workbook.active["B2"].comment, KeptNote)


def resize_and_show(path, row, column, width_pt, height_pt):
    """Drag the note on (``row``, ``column``) of the Claims sheet to ``width_pt`` by ``height_pt``
    and set it to show, its box from the column right of the cell and the row above, as
    LibreOffice writes that (the workbook was last saved by LibreOffice, which anchors a hidden
    note's box at the sheet's top left)."""
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    (vml,) = [name for name in members if name.endswith(".vml")]
    place = f"<x:Row>{row - 1}</x:Row><x:Column>{column - 1}</x:Column>"

    def dragged(shape):
        if place not in shape[0]:
            return shape[0]
        xml = re.sub(r"width:[\d.]+pt", f"width:{width_pt}pt", shape[0], count=1)
        xml = re.sub(r"height:[\d.]+pt", f"height:{height_pt}pt", xml, count=1)
        xml = re.sub(r"<x:Anchor>[^<]*</x:Anchor>", f"<x:Anchor>{column}, 15, {row - 2}, 10, {column + 3}, 15, {row + 6}, 4</x:Anchor>", xml, count=1)
        return xml.replace("visibility:hidden", "visibility:visible").replace("</x:ClientData>", "<x:Visible/></x:ClientData>")

    members[vml] = re.sub(r"<v:shape .*?</v:shape>", dragged, members[vml].decode(), flags=re.S).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


BOLD_DATE = re.compile(rb"<r><rPr>(?:(?!</rPr>).)*<b\b[^>]*/>(?:(?!</rPr>).)*</rPr><t[^>]*>4 May 1962</t></r>", re.S)


def embolden(path, row, column, words):
    """Make ``words`` of the note on (``row``, ``column``) of Claims bold, as LibreOffice writes
    a run of bold text in a note (the workbook was last saved by LibreOffice)."""
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    ref = f'ref="{get_column_letter(column)}{row}"'.encode()
    (part,) = [name for name, data in members.items() if name.startswith("xl/comments") and ref in data]

    def bold(run):
        def piece(text, emphasis=b""):
            return b'<r><rPr>%s%s</rPr><t xml:space="preserve">%s</t></r>' % (emphasis, run[1], text)

        before, after = run[3].split(words.encode(), 1)
        return piece(before) + piece(words.encode(), b'<b val="true"/>') + piece(after)

    run = rb"<r><rPr>((?:(?!</rPr>).)*)</rPr><t( [^>]*)?>([^<]*%s[^<]*)</t></r>" % re.escape(words.encode())
    members[part] = re.sub(run, bold, members[part], count=1, flags=re.S)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


@pytest.mark.slow
def test_a_note_keeps_its_box_when_its_claim_moves_and_libreoffice_shows_it(tmp_path):
    """A reviewer's note on a claim, dragged larger and set to show, with a date made bold, in a
    workbook saved by LibreOffice. The article is edited so the claim moves; after the re-run the note is on the
    claim's new row at the size they left it, shown, beside a plain note that stays hidden, and
    LibreOffice opens it so."""
    article, output = checked_copy(tmp_path)
    workbook = load_workbook(output)
    claims = workbook["Claims"]
    notes, swapped = header_positions(claims)["notes"], claim_row(claims, SWAPPED)
    claims.cell(swapped, notes).comment = Comment("The council minutes of 4 May 1962 give the opening date", "Ana")
    claims.cell(2, notes).comment = Comment("ok", "Ana")
    workbook.save(output)
    libreoffice_resave(output, tmp_path)
    resize_and_show(output, swapped, notes, 300, 150)
    embolden(output, swapped, notes, "4 May 1962")
    with zipfile.ZipFile(output) as archive:
        before = sheet_note_looks(archive)["Claims"][swapped, notes]
    assert replace(before, formatted=None) == NoteLook(400, 200, True, (notes, 15, swapped - 2, 10, notes + 3, 15, swapped + 6, 4))
    assert BOLD_DATE.search(before.formatted)

    article.write_text(edit_article(article.read_text(encoding="utf-8")), encoding="utf-8")
    result = factcheck("check", article, "-o", output)
    assert result.returncode == 0, result.stderr
    claims = load_workbook(output)["Claims"]
    now = claim_row(claims, SWAPPED)
    assert now != swapped and claims.cell(now, notes).comment.text.startswith("The council minutes")
    with zipfile.ZipFile(output) as archive:
        looks = sheet_note_looks(archive)["Claims"]
    moved = (notes, 15, now - 2, 10, notes + 3, 15, now + 6, 4)
    assert replace(looks[now, notes], formatted=None) == NoteLook(400, 200, True, moved)  # beside the claim's new row
    assert BOLD_DATE.search(looks[now, notes].formatted)  # the words they made bold
    assert [look.shown for place, look in looks.items() if place != (now, notes)] == [False]
    again = libreoffice_resaved_copy(output, tmp_path)
    with zipfile.ZipFile(again) as archive:
        shown = sheet_note_looks(archive)["Claims"][now, notes]
    assert shown.shown and shown.anchor == moved  # where the run put it (LibreOffice sizes a box with an anchor by its cells)
    assert BOLD_DATE.search(shown.formatted)  # and LibreOffice reads them bold
