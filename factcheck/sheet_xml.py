"""A reviewer's workbook made loadable by openpyxl without losing what it cannot read.

Excel and LibreOffice write some things in forms openpyxl refuses or drops with only a
warning: validations and conditional formats over whole rows or columns (LibreOffice's
``3:4``), and drop-downs drawn from another sheet, which Excel keeps in an extension
(``x14:dataValidation``). Before loading, each sheet's XML is rewritten so that openpyxl
reads them as the plain validations and formats they are, and a re-run writes them back.
What no rewrite can save (a conditional format only Excel's extension holds) is found here
for carry.py to name. A chart sheet whose drawing is missing from the file is read without it.
"""

from __future__ import annotations

import io
import re
import zipfile

from .package import relations

# Whole columns ("C:C") and whole rows ("3:4") in a range list.
_WHOLE_COLUMNS = re.compile(r"\$?([A-Z]{1,3}):\$?([A-Z]{1,3})")
_WHOLE_ROWS = re.compile(r"\$?(\d+):\$?(\d+)")
_RANGES_OF_RULES = re.compile(rb'(<(?:\w+:)?(?:dataValidation|conditionalFormatting)\s[^>]*?\bsqref=")([^"]*)(")')
# Excel's extension holding data validations whose formulas name another sheet.
_VALIDATIONS_EXTENSION = re.compile(
    rb'<(?:\w+:)?ext\b[^>]*\buri="\{CCE6A557-97BC-4B89-ADB6-D9C93CAAB3DF\}"[^>]*>.*?</(?:\w+:)?ext>', re.I | re.S
)
_VALIDATION = re.compile(rb"<(?:\w+:)?dataValidation\b(?P<attributes>[^>]*?)(?:/>|>(?P<body>.*?)</(?:\w+:)?dataValidation>)", re.S)
_ATTRIBUTE = re.compile(rb'([\w:]+)="([^"]*)"')
_FORMULA = re.compile(rb"<(?:\w+:)?formula([12])\b[^>]*>\s*<(?:\w+:)?f\b[^>]*>(.*?)</(?:\w+:)?f>", re.S)
_SQREF = re.compile(rb"<(?:\w+:)?sqref\b[^>]*>(.*?)</(?:\w+:)?sqref>", re.S)
# Excel's extension of conditional formats. A rule there that a plain rule names (x14:id) only
# adds to it (a data bar's newer look, let go); one no plain rule names is the whole rule (one
# naming another sheet, an icon set of mixed icons), which openpyxl would drop.
_FORMATS_EXTENSION = re.compile(
    rb'<(?:\w+:)?ext\b[^>]*\buri="\{78C0D931-6437-407D-A8EE-F0AAD7539E65\}"[^>]*>.*?</(?:\w+:)?ext>', re.I | re.S
)
_EXTENDED_RULE_ID = re.compile(rb'<(?:\w+:)?cfRule\b[^>]*?\bid="([^"]+)"')
_EXTENSION_ID = re.compile(rb"<(?:\w+:)?id>\s*([^<\s]+)\s*</(?:\w+:)?id>")
# A plain rule's link to its part in that extension (an extLst of its own, holding the x14:id).
_RULE_LINK = re.compile(
    rb'<(?:\w+:)?extLst>\s*<(?:\w+:)?ext\b[^>]*\buri="\{B025F937-C7B1-47D3-B67F-A62EFF666E3E\}"[^>]*>.*?'
    rb"</(?:\w+:)?ext>\s*</(?:\w+:)?extLst>",
    re.I | re.S,
)
_PLAIN_VALIDATIONS_END = re.compile(rb"</(?:\w+:)?dataValidations>")
_NO_RELATIONS = b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>'
_DRAWING = re.compile(rb'<(?:\w+:)?drawing\b[^>]*?\s\w+:id="([^"]*)"[^>]*/>')  # a chart sheet's: <drawing r:id="rId1"/>
_CELL_STYLE = re.compile(rb"<(?:\w+:)?cellStyle\b[^>]*>")  # a named style: <cellStyle name="Bad" xfId="20"/>
_CELL_FORMATS = re.compile(rb"(<(?:\w+:)?cellXfs\b[^>]*>)(.*?)(</(?:\w+:)?cellXfs>)", re.S)
_NAMED_STYLE_OF_FORMAT = re.compile(rb'(<(?:\w+:)?xf\b[^>]*?\bxfId=")(\d+)(")')


def spelled_out(ranges: str) -> str:
    """A range list with whole columns and rows written as cell ranges: ``C:C 3:4`` is
    ``C1:C1048576 A3:XFD4``; other ranges as they are."""

    def one(piece: str) -> str:
        if columns := _WHOLE_COLUMNS.fullmatch(piece):
            return f"{columns[1]}1:{columns[2]}1048576"
        if rows := _WHOLE_ROWS.fullmatch(piece):
            return f"A{rows[1]}:XFD{rows[2]}"
        return piece

    return " ".join(one(piece) for piece in ranges.split())


def plain_validations(xml: bytes) -> bytes:
    """A sheet's XML with the validations Excel keeps in its extension moved among the plain
    ones, where openpyxl reads them (XML text stays escaped as it was)."""
    extension = _VALIDATIONS_EXTENSION.search(xml)
    if extension is None:
        return xml
    moved = []
    for validation in _VALIDATION.finditer(extension[0]):
        # Prefixed attributes (Excel's xr:uid) are Excel's bookkeeping, their prefix declared elsewhere.
        attributes = b"".join(
            b' %s="%s"' % (name, value) for name, value in _ATTRIBUTE.findall(validation["attributes"]) if b":" not in name
        )
        body = validation["body"] or b""
        sqref = _SQREF.search(body)
        if sqref is None:
            continue
        formulas = b"".join(b"<formula%s>%s</formula%s>" % (n, f.strip(), n) for n, f in sorted(_FORMULA.findall(body)))
        moved.append(b'<dataValidation%s sqref="%s">%s</dataValidation>' % (attributes, sqref[1].strip(), formulas))
    xml = xml[: extension.start()] + xml[extension.end() :]
    if not moved:
        return xml
    end = _PLAIN_VALIDATIONS_END.search(xml)
    if end is not None:
        return xml[: end.start()] + b"".join(moved) + xml[end.start() :]
    # At the end of the sheet: openpyxl reads its parts in any order, and writes them in Excel's.
    end = list(re.finditer(rb"</(?:\w+:)?worksheet>", xml))[-1]
    block = b"<dataValidations>" + b"".join(moved) + b"</dataValidations>"
    return xml[: end.start()] + block + xml[end.start() :]


def formats_only_extended(xml: bytes) -> bool:
    """Whether a sheet's XML holds a conditional format that only Excel's extension has."""
    extension = _FORMATS_EXTENSION.search(xml)
    if extension is None:
        return False
    named = set(_EXTENSION_ID.findall(xml[: extension.start()] + xml[extension.end() :]))
    return any(rule not in named for rule in _EXTENDED_RULE_ID.findall(extension[0]))


def without_extended_looks(xml: bytes) -> bytes:
    """A sheet's XML without Excel's extension of conditional formats, and the plain rules'
    links to it, when all it holds is the newer look of plain rules (data bars): openpyxl keeps
    those rules and drops the rest."""
    extension = _FORMATS_EXTENSION.search(xml)
    if extension is None or formats_only_extended(xml):
        return xml
    return _RULE_LINK.sub(b"", xml[: extension.start()] + xml[extension.end() :])


def named_style_places(xml: bytes) -> bytes:
    """A workbook's styles with each cell format's named style (its ``xfId``) given as the
    place openpyxl gives that style: named styles in the order of their formats, one to a
    format and a name. LibreOffice writes a format for each of its styles and names only those
    in use (Bad is format 20 of 23), where openpyxl keeps the named ones alone and would save
    cells pointing past them, which loses the style and is no valid file for Excel. A format no
    name holds is the default style's."""
    styles = [dict(_ATTRIBUTE.findall(element)) for element in _CELL_STYLE.findall(xml)]
    named = [(int(style[b"xfId"]), style.get(b"name", b"")) for style in styles if style.get(b"xfId", b"").isdigit()]
    places: dict[int, int] = {}
    names: set[bytes] = set()
    for number, name in sorted(named, key=lambda style: style[0]):  # as openpyxl dedupes them
        if number not in places and name not in names:
            places[number], names = len(places), names | {name}
    formats = _CELL_FORMATS.search(xml)
    if not places or formats is None:
        return xml
    placed = _NAMED_STYLE_OF_FORMAT.sub(lambda found: b"%s%d%s" % (found[1], places.get(int(found[2]), 0), found[3]), formats[2])
    return xml[: formats.start(2)] + placed + xml[formats.end(2) :]


def without_missing_drawing(xml: bytes, ids: set[str]) -> bytes:
    """A chart sheet's XML without its drawing when the sheet's relationships (``ids``) lack it,
    as factcheck wrote a chart sheet it had emptied before it carried their charts: openpyxl
    refuses the whole file."""
    return _DRAWING.sub(lambda found: found[0] if found[1].decode() in ids else b"", xml)


def loadable(file):
    """The workbook in ``file`` (a zip that opens) as openpyxl can load it whole: ``file``
    itself, or a copy in memory with each sheet's validations moved out of Excel's extension
    (``plain_validations``), data bars' newer looks let go (``without_extended_looks``), the
    ranges of validations and conditional formats spelled out (``spelled_out``), a chart
    sheet's missing drawing let go (``without_missing_drawing``), and cell formats pointing at
    their named styles as openpyxl numbers them (``named_style_places``)."""
    file.seek(0)
    with zipfile.ZipFile(file) as archive:
        names = set(archive.namelist())
        changed = {}
        for info in archive.infolist():
            if not (info.filename == "xl/styles.xml" or info.filename.endswith(".xml") and info.filename.startswith(("xl/worksheets/", "xl/chartsheets/"))):
                continue
            xml = archive.read(info)
            if info.filename == "xl/styles.xml":
                fixed = named_style_places(xml)
            elif info.filename.startswith("xl/worksheets/"):
                fixed = without_extended_looks(plain_validations(xml))
                fixed = _RANGES_OF_RULES.sub(lambda m: m[1] + spelled_out(m[2].decode()).encode() + m[3], fixed)
            else:
                fixed = without_missing_drawing(xml, {r.id for r in relations(archive, names, info.filename)})
                folder, name = info.filename.rsplit("/", 1)
                if f"{folder}/_rels/{name}.rels" not in names:  # openpyxl fails on a chart sheet without one
                    changed[f"{folder}/_rels/{name}.rels"] = _NO_RELATIONS
            if fixed != xml:
                changed[info.filename] = fixed
        if not changed:
            file.seek(0)
            return file
        copied = io.BytesIO()
        with zipfile.ZipFile(copied, "w", zipfile.ZIP_DEFLATED) as out:
            for info in archive.infolist():
                out.writestr(info, changed.pop(info.filename, None) or archive.read(info))
            for name, data in changed.items():  # parts the file lacked
                out.writestr(name, data)
    copied.seek(0)
    return copied
