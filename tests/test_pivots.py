"""Pivot tables on a sheet of the reviewer's own (a desk's tally of claims by kind or verdict),
carried into the next version: written again as the file held them, Excel's extensions
included, their source growing with the claims, refreshed when the file opens. Made here as
LibreOffice writes one (Excel's extensions added where a test needs them); the real CLI on a
re-run, a shrinking table and a merge, and LibreOffice counting the claims a run added."""

import posixpath
import re
import shutil
import zipfile
from contextlib import contextmanager
from xml.sax.saxutils import quoteattr

import pytest
from defusedxml.ElementTree import fromstring
from openpyxl import load_workbook
from openpyxl.pivot.cache import CacheSource, WorksheetSource

from factcheck.package import relations, sheet_parts
from factcheck.pivots import cache_xml

from .reviewing import header_positions
from .test_cli import factcheck
from .test_drawings import relationships
from .test_end_to_end import converted, soffice_or_skip
from .test_merge_end_to_end import edit_article
from .test_reviewer_workbook import DELETED, checked_copy

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
# What Excel 2010 and later add to a pivot table and its cache, which openpyxl's model drops.
TABLE_EXTENSION = (
    '<extLst><ext uri="{962EF5D1-5CA2-4c93-8EF4-DBF5C05439D2}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
    '<x14:pivotTableDefinition hideValuesRow="1" altText="Claims by kind" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"/>'
    "</ext></extLst>"
)
CACHE_EXTENSION = (
    '<extLst><ext uri="{725AE2AE-9491-48be-B2B4-4EB974FC3084}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
    '<x14:pivotCacheDefinition pivotCacheId="1044"/></ext></extLst>'
)


DATA_FIELD = ' dataField="1"'


def _value(value):
    if value is None:
        return "<m/>"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f'<n v="{value}"/>'
    return f"<s v={quoteattr(str(value))}/>"


def pivot_parts(rows, name, cache_id, row_field, *, excel=False, source=None):
    """(table, cache, records) XML of a pivot table counting ``rows`` (header first) by the
    column ``row_field``, as LibreOffice writes one; ``source`` is the cacheSource's inside."""
    headers, records = rows[0], rows[1:]
    items = [list(dict.fromkeys(column)) for column in zip(*records)] if records else [[] for _ in headers]
    by_field = headers.index(row_field)
    fields = "".join(
        f'<pivotField axis="axisRow" compact="0" showAll="0" defaultSubtotal="0"><items count="{len(items[i])}">'
        + "".join(f'<item x="{x}"/>' for x in range(len(items[i]))) + "</items></pivotField>"
        if i == by_field else f'<pivotField{DATA_FIELD if i == 0 else ""} compact="0" showAll="0"/>'
        for i in range(len(headers))
    )
    table = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<pivotTableDefinition xmlns="{MAIN}" name="{name}" cacheId="{cache_id}" '
        'applyNumberFormats="0" applyBorderFormats="0" applyFontFormats="0" applyPatternFormats="0" applyAlignmentFormats="0" '
        'applyWidthHeightFormats="0" dataCaption="Values" useAutoFormatting="0" itemPrintTitles="1" indent="0" outline="1" '
        f'outlineData="1" compact="0" compactData="0"><location ref="A3:B{5 + len(items[by_field])}" firstHeaderRow="1" firstDataRow="1" '
        f'firstDataCol="1"/><pivotFields count="{len(headers)}">{fields}</pivotFields><rowFields count="1"><field x="{by_field}"/></rowFields>'
        f'<dataFields count="1"><dataField name="Count - {headers[0]}" fld="0" subtotal="count"/></dataFields>'
        '<pivotTableStyleInfo name="PivotStyleLight16" showRowHeaders="1" showColHeaders="1" showRowStripes="0" showColStripes="0" '
        f'showLastColumn="1"/>{TABLE_EXTENSION if excel else ""}</pivotTableDefinition>'
    )
    cache_fields = "".join(
        f'<cacheField name={quoteattr(str(header))} numFmtId="0"><sharedItems count="{len(values)}">'
        + "".join(_value(v) for v in values) + "</sharedItems></cacheField>"
        for header, values in zip(headers, items)
    )
    cache = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<pivotCacheDefinition xmlns="{MAIN}" xmlns:r="{RELATIONS}" '
        f'r:id="rId1" recordCount="{len(records)}" createdVersion="3"><cacheSource type="worksheet">{source}</cacheSource>'
        f'<cacheFields count="{len(headers)}">{cache_fields}</cacheFields>{CACHE_EXTENSION if excel else ""}</pivotCacheDefinition>'
    )
    body = "".join("<r>" + "".join(f'<x v="{items[i].index(v)}"/>' for i, v in enumerate(r)) + "</r>" for r in records)
    records_xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<pivotCacheRecords xmlns="{MAIN}" count="{len(records)}">{body}</pivotCacheRecords>'
    return table, cache, records_xml


def give_pivot(path, title, source_title="Claims", row_field="Kind", *, excel=False, source=None, shared=False):
    """Put a pivot table on sheet ``title`` (made when missing) counting the rows of
    ``source_title`` by ``row_field``, over its whole used range, as LibreOffice saves one;
    with ``shared`` it uses the workbook's first pivot cache, as a second table over the same
    range does. Returns the pivot table's part name."""
    workbook = load_workbook(path)
    if title not in workbook.sheetnames:
        workbook.create_sheet(title)["A1"] = "Claims by kind"
        workbook.save(path)
    rows = [list(r) for r in workbook[source_title].iter_rows(values_only=True)]
    with zipfile.ZipFile(path) as archive:
        sheets = dict(sheet_parts(archive, set(archive.namelist())))
    with changed_parts(path) as members:
        return _add_pivot(members, sheets[title], rows, source_title, row_field, excel, source, shared)


def _add_pivot(members, sheet, rows, source_title, row_field, excel, source, shared):
    """``give_pivot`` on the file's parts by name (``sheet``: the part of the pivot table's sheet)."""
    tables = sum(name.startswith("xl/pivotTables/pivotTable") for name in members) + 1
    caches = sum(name.startswith("xl/pivotCache/pivotCacheDefinition") for name in members)
    reference = f"A1:{chr(64 + len(rows[0]))}{len(rows)}"
    source = source or f"<worksheetSource ref=\"{reference}\" sheet={quoteattr(source_title)}/>"
    table, cache, records = pivot_parts(rows, f"Tally{tables}", 1 if shared else caches + 1, row_field, excel=excel, source=source)
    table_part = f"xl/pivotTables/pivotTable{tables}.xml"
    members[table_part] = table.encode()
    cache_number = 1 if shared else caches + 1
    types = [f'<Override PartName="/{table_part}" ContentType="{CONTENT}.pivotTable+xml"/>']
    if not shared:
        members[f"xl/pivotCache/pivotCacheDefinition{cache_number}.xml"] = cache.encode()
        members[f"xl/pivotCache/pivotCacheRecords{cache_number}.xml"] = records.encode()
        members[f"xl/pivotCache/_rels/pivotCacheDefinition{cache_number}.xml.rels"] = relationships(("rId1", "pivotCacheRecords", f"pivotCacheRecords{cache_number}.xml"))
        types += [
            f'<Override PartName="/xl/pivotCache/pivotCacheDefinition{cache_number}.xml" ContentType="{CONTENT}.pivotCacheDefinition+xml"/>',
            f'<Override PartName="/xl/pivotCache/pivotCacheRecords{cache_number}.xml" ContentType="{CONTENT}.pivotCacheRecords+xml"/>',
        ]
        workbook_rels = "xl/_rels/workbook.xml.rels"
        members[workbook_rels] = members[workbook_rels].replace(
            b"</Relationships>", f'<Relationship Id="rIdP{cache_number}" Type="{RELATIONS}/pivotCacheDefinition" '
            f'Target="pivotCache/pivotCacheDefinition{cache_number}.xml"/></Relationships>'.encode())
        entry = f'<pivotCache xmlns:r="{RELATIONS}" cacheId="{cache_number}" r:id="rIdP{cache_number}"/>'.encode()
        xml = members["xl/workbook.xml"]
        if b"<pivotCaches>" in xml:
            xml = xml.replace(b"</pivotCaches>", entry + b"</pivotCaches>")
        else:
            xml = re.sub(rb"(<calcPr\b[^>]*/>|</definedNames>|</sheets>)(?!.*(?:<calcPr|</definedNames>))", lambda m: m[1] + b"<pivotCaches>" + entry + b"</pivotCaches>", xml, count=1, flags=re.S)
        members["xl/workbook.xml"] = xml
    members[f"xl/pivotTables/_rels/pivotTable{tables}.xml.rels"] = relationships(("rId1", "pivotCacheDefinition", f"../pivotCache/pivotCacheDefinition{cache_number}.xml"))
    sheet_rels = posixpath.join(posixpath.dirname(sheet), "_rels", posixpath.basename(sheet) + ".rels")
    members[sheet_rels] = members.get(sheet_rels, relationships())
    members[sheet_rels] = members[sheet_rels].replace(
        b"</Relationships>", f'<Relationship Id="rIdT{tables}" Type="{RELATIONS}/pivotTable" Target="../pivotTables/pivotTable{tables}.xml"/></Relationships>'.encode())
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(b"</Types>", "".join(types).encode() + b"</Types>")
    return table_part


@contextmanager
def changed_parts(path):
    """The parts of the .xlsx at ``path`` by name, to change; the file is written again after."""
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    yield members
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def pivots_in(path):
    """{pivot table part: (its bytes, its cache's bytes)} of the workbook at ``path``, after
    checking every part parses, each relation reaches a part, the workbook lists each cache
    once, and openpyxl loads the pivot tables."""
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
        names = set(members)
        found = {}
        for _, sheet in sheet_parts(archive, names):
            for relation in relations(archive, names, sheet):
                if relation.kind == "pivotTable":
                    [cache] = [r.target for r in relations(archive, names, relation.target)]
                    cache_relations = relations(archive, names, cache)
                    assert all(r.target in names for r in cache_relations)
                    rid = re.search(rb'\sr:id="([^"]+)"', members[cache])
                    assert rid is None or rid[1].decode() in {r.id for r in cache_relations}
                    found[relation.target] = (members[relation.target], members[cache])
    for name, data in members.items():
        if name.endswith((".xml", ".rels")):
            fromstring(data)
    listed = re.findall(rb"<pivotCache\b[^>]*\bcacheId=\"(\d+)\"", members["xl/workbook.xml"])
    assert len(listed) == len(set(listed)) == len({cache for _, cache in found.values()})
    assert sum(len(sheet._pivots) for sheet in load_workbook(path).worksheets) == len(found)
    return found


ADDED = "\nThe council said repairs since 2015 had cost 212 million krona, three times the estimate.\n"  # one more claim


def source_of(cache):
    return re.search(rb"<worksheetSource\b[^>]*/>", cache)[0].decode()


def test_a_pivot_table_over_the_claims_is_written_as_it_was_and_its_source_grows_with_them(tmp_path):
    """The real CLI: a re-run that adds a claim (and retires one, and swaps two) keeps the
    pivot table byte for byte, Excel's extensions with it, and runs its source over every
    claim now; the cache is kept but for its source and the mark to refresh on opening."""
    article, output = checked_copy(tmp_path)
    claims_before = load_workbook(output)["Claims"].max_row
    part = give_pivot(output, "Tally", excel=True)
    [(table, cache)] = pivots_in(output).values()
    assert f'ref="A1:R{claims_before}"' in source_of(cache)

    article.write_text(edit_article(article.read_text(encoding="utf-8")) + ADDED, encoding="utf-8")
    result = factcheck("check", article, "-o", output)
    assert result.returncode == 0, result.stderr
    assert "NOT carried" not in result.stdout
    after = pivots_in(output)
    [(table_now, cache_now)] = after.values()
    claims_now = load_workbook(output)["Claims"].max_row
    assert claims_now == claims_before + 1
    assert table_now == table  # byte for byte, alt text and hidden Values row with it
    assert source_of(cache_now) == f'<worksheetSource ref="A1:R{claims_now}" sheet="Claims"/>'
    assert b'refreshOnLoad="1"' in cache_now and CACHE_EXTENSION.encode() in cache_now
    def without_mark(xml):
        return xml.replace(b' refreshOnLoad="1"', b"").replace(source_of(xml).encode(), b"")
    assert without_mark(cache_now) == without_mark(cache)
    assert load_workbook(output)["Tally"]["A1"].value == "Claims by kind"
    assert part in after


def test_two_tables_sharing_a_cache_grow_it_once_and_a_source_on_a_sheet_of_ones_own_stays(tmp_path):
    """A second pivot table over the same range shares the first one's cache: it is written
    once and grown once. A pivot table over a sheet of the reviewer's own keeps its range."""
    article, output = checked_copy(tmp_path)
    give_pivot(output, "Tally")
    give_pivot(output, "By verdict", row_field="Verdict", shared=True)
    workbook = load_workbook(output)
    research = workbook.create_sheet("Research")
    for row in (("Year", "Cost"), (2019, 150), (2023, 62)):
        research.append(row)
    workbook.save(output)
    give_pivot(output, "Costs", source_title="Research", row_field="Year")
    article.write_text(article.read_text(encoding="utf-8") + ADDED, encoding="utf-8")
    result = factcheck("check", article, "-o", output)
    assert result.returncode == 0, result.stderr
    found = pivots_in(output)
    claims_now = load_workbook(output)["Claims"].max_row
    sources = sorted({source_of(cache) for _, cache in found.values()})
    assert len(found) == 3
    assert sources == ['<worksheetSource ref="A1:B3" sheet="Research"/>', f'<worksheetSource ref="A1:R{claims_now}" sheet="Claims"/>']


def test_a_source_shrinks_when_claims_retire_and_follows_a_renamed_claims_sheet(tmp_path):
    article, output = checked_copy(tmp_path)
    workbook = load_workbook(output)
    workbook["Claims"].title = "Claims (Ana)"
    workbook.save(output)
    give_pivot(output, "Tally", source_title="Claims (Ana)")
    before = load_workbook(output)["Claims (Ana)"].max_row
    text = article.read_text(encoding="utf-8")
    article.write_text("\n\n".join(p for p in re.split(r"\n\s*\n", text) if DELETED not in p), encoding="utf-8")
    result = factcheck("check", article, "-o", output)
    assert result.returncode == 0, result.stderr
    [(_, cache)] = pivots_in(output).values()
    assert source_of(cache) == f'<worksheetSource ref="A1:R{before - 1}" sheet="Claims (Ana)"/>'
    assert load_workbook(output)["Claims (Ana)"].max_row == before - 1


def test_a_merge_keeps_the_desks_pivot_table_over_the_claims(tmp_path):
    """A merge writes the desk's workbook again: its pivot table with it, over the same
    claims, refreshed on opening so it counts the verdicts the copies brought."""
    _, output = checked_copy(tmp_path)
    give_pivot(output, "Tally", row_field="Verdict", excel=True)
    [(table, _)] = pivots_in(output).values()
    ben = tmp_path / "ben.xlsx"
    shutil.copy(output, ben)
    workbook = load_workbook(ben)
    claims = workbook["Claims"]
    claims.cell(2, header_positions(claims)["verdict"], "True")
    workbook.save(ben)
    result = factcheck("merge", output, ben)
    assert result.returncode == 0, result.stderr
    [(table_now, cache_now)] = pivots_in(output).values()
    assert table_now == table and b'refreshOnLoad="1"' in cache_now
    assert f'ref="A1:R{load_workbook(output)["Claims"].max_row}"' in source_of(cache_now)


def test_the_cache_is_written_as_the_file_held_it_but_for_its_source_records_and_refresh_mark():
    """A cache as Excel writes one: a quoted ">" in an attribute, its own refresh setting, its
    records' relation. Only the three things the writer owns change, in place."""
    cache = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<pivotCacheDefinition xmlns="{MAIN}" xmlns:r="{RELATIONS}" '
        'r:id="rId7" refreshedBy="Desk &gt; Ana" refreshOnLoad="0" createdVersion="8" recordCount="7"><cacheSource type="worksheet">'
        "<worksheetSource ref='A1:R8' sheet=\"Claims (Ana's)\"/></cacheSource><cacheFields count=\"0\"/>"
        f"{CACHE_EXTENSION}</pivotCacheDefinition>"
    ).encode()
    source = CacheSource(type="worksheet", worksheetSource=WorksheetSource(ref="A1:R9", sheet="Claims (Ana's)")).worksheetSource
    written = cache_xml(cache, source, "rId1")
    assert written == cache.replace(b'r:id="rId7"', b'r:id="rId1"').replace(b'refreshOnLoad="0"', b'refreshOnLoad="1"').replace(
        b"<worksheetSource ref='A1:R8' sheet=\"Claims (Ana's)\"/>", b"<worksheetSource ref=\"A1:R9\" sheet=\"Claims (Ana's)\"/>"
    )
    without_records = cache_xml(cache.replace(b' refreshOnLoad="0"', b""), source, None)
    assert b"r:id=" not in without_records and b'recordCount="7" refreshOnLoad="1">' in without_records
    fromstring(without_records)


@pytest.mark.parametrize("case", ["on Claims", "a data connection", "unreadable"])
def test_a_pivot_table_that_cannot_be_carried_is_refused_by_name_and_force_goes_on_without_it(tmp_path, case):
    _, output = checked_copy(tmp_path)
    if case == "on Claims":
        give_pivot(output, "Claims")
        named = "a pivot table (the tool writes this sheet's rows on every run: put it on a sheet of your own) on sheet 'Claims'"
    elif case == "a data connection":
        give_pivot(output, "Tally", source='<worksheetSource ref="A1:C9" sheet="Sheet1" r:id="rId2"/>')
        named = "a pivot table over a data connection, another workbook or several ranges"
        with changed_parts(output) as members:  # another workbook's range: one more relation of the cache
            members["xl/pivotCache/_rels/pivotCacheDefinition1.xml.rels"] = relationships(
                ("rId1", "pivotCacheRecords", "pivotCacheRecords1.xml"), ("rId2", "externalLinkPath", "file:///C:/desk/costs.xlsx"))
    else:
        part = give_pivot(output, "Tally")
        with changed_parts(output) as members:
            members[part] = members[part].replace(b"</pivotTableDefinition>", b"")
        named = "a pivot table factcheck cannot read on sheet 'Tally'"
    before = output.read_bytes()
    refused = factcheck("check", tmp_path / "bridge.txt", "-o", output)
    assert refused.returncode == 2 and named in refused.stderr and len(refused.stderr.strip().splitlines()) == 1
    assert output.read_bytes() == before
    if case == "unreadable":
        return  # openpyxl cannot load the file at all: --force replaces it whole (test_uncarried_parts.py)
    forced = factcheck("check", tmp_path / "bridge.txt", "-o", output, "--force")
    assert forced.returncode == 0, forced.stderr
    assert "NOT carried (--force)" in forced.stdout and named in forced.stdout
    assert pivots_in(output) == {}  # gone, as the run said, where openpyxl would have half-written it


@pytest.mark.slow
def test_libreoffice_counts_the_claims_a_rerun_added(tmp_path):
    """LibreOffice computes a pivot table from its source when it opens a file: after a run
    that adds a claim, the tally counts it."""
    soffice_or_skip()  # before the runs, which are the slow part
    article, output = checked_copy(tmp_path)
    give_pivot(output, "Tally")
    article.write_text(article.read_text(encoding="utf-8") + ADDED, encoding="utf-8")
    assert factcheck("check", article, "-o", output).returncode == 0
    claims = load_workbook(output)["Claims"]
    kinds = [claims.cell(row, header_positions(claims)["kind"]).value for row in range(2, claims.max_row + 1)]
    tally = {row[0]: row[1] for row in load_workbook(converted(output, tmp_path / "resaved"))["Tally"].iter_rows(min_row=3, values_only=True) if row[0]}
    assert tally["Total Result"] == len(kinds) == claims.max_row - 1
    assert {kind: tally[kind] for kind in set(kinds)} == {kind: kinds.count(kind) for kind in set(kinds)}
