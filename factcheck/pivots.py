"""Pivot tables on a reviewer's own sheets, carried into the next version.

openpyxl keeps a pivot table in a model of its own and writes the model back, which drops
what Excel keeps in its extensions (a pivot table's alt text, its Values row hidden, the id a
slicer ties to). So each sheet's pivot tables are read from the file as it is
(``sheet_pivots``), tied to openpyxl's (``keep_pivots``), and written again as the file held
them: the pivot table's definition byte for byte, and its cache's with two changes. A source
range over every row of a tool table grows and shrinks with the table, as a chart's ranges
do (``move_source``, called by references.py); and the cache is marked to be refreshed when
the file opens, since the rows it counts were just written again. LibreOffice computes a pivot
table from its source whenever it opens a file; Excel does on that mark.

Only a pivot table over a range of the workbook is carried. One over a data connection, or
several ranges, or one openpyxl cannot read, is refused by name, as the run refuses what
openpyxl drops.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

from openpyxl.pivot.cache import CacheDefinition
from openpyxl.pivot.table import TableDefinition
from openpyxl.utils import quote_sheetname

from .package import parsed, relations, sheet_parts, start_tag, with_attribute

PIVOT_TABLE = "a pivot table"
UNREADABLE = f"{PIVOT_TABLE} factcheck cannot read"
ON_TOOL_SHEET = f"{PIVOT_TABLE} (the tool writes this sheet's rows on every run: put it on a sheet of your own)"
NOT_A_RANGE = f"{PIVOT_TABLE} over a data connection, another workbook or several ranges (factcheck carries one over a range of this workbook)"
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELATIONS = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"


@dataclass(frozen=True, slots=True)
class PivotParts:
    """A pivot table's definition and its cache's, as the file holds them."""

    name: str
    table: bytes
    cache: bytes


def _fields_of(model):
    """Give a subclass of openpyxl's ``model`` the model's fields. openpyxl's metaclass lists a
    class's fields from its own body, so a subclass has none, and equality (by which the writer
    finds the cache two tables share) would find every cache the same."""

    def subclass(kept):
        for fields in ("__attrs__", "__elements__", "__nested__", "__namespaced__"):
            setattr(kept, fields, getattr(model, fields))
        return kept

    return subclass


@_fields_of(TableDefinition)
class KeptPivotTable(TableDefinition):
    """openpyxl's pivot table, written as the file held it (``kept``)."""

    kept: bytes = b""

    def _write(self, archive, manifest):
        self._write_rels(archive, manifest)  # and the cache, on its first table
        archive.writestr(self.path[1:], self.kept)
        manifest.append(self)


@_fields_of(CacheDefinition)
class KeptPivotCache(CacheDefinition):
    """openpyxl's pivot cache, written as the file held it (``kept``) but for its source, its
    records' relation, and the mark to refresh on opening."""

    kept: bytes = b""

    def _write(self, archive, manifest):
        self._write_rels(archive, manifest)  # the records, as openpyxl holds them; sets ``id``
        archive.writestr(self.path[1:], cache_xml(self.kept, self.cacheSource.worksheetSource, self.id if self.records else None))
        manifest.append(self)


def sheet_pivots(archive: zipfile.ZipFile) -> tuple[dict[str, list[PivotParts]], dict[str, str]]:
    """Each sheet's pivot tables in the order its relations list them, by sheet title; and, by
    title, what a sheet holds of pivot tables that cannot be carried (such a sheet's others
    are not listed: openpyxl's cannot be told apart then)."""
    names = set(archive.namelist())
    pivots: dict[str, list[PivotParts]] = {}
    refused: dict[str, str] = {}
    for title, path in sheet_parts(archive, names):
        for relation in relations(archive, names, path):
            if relation.kind != "pivotTable":
                continue
            found = _pivot(archive, names, relation.target) if not relation.external else UNREADABLE
            if isinstance(found, str):
                refused.setdefault(title, found)
            else:
                pivots.setdefault(title, []).append(found)
    return {title: found for title, found in pivots.items() if title not in refused}, refused


def _pivot(archive: zipfile.ZipFile, names: set[str], path: str) -> PivotParts | str:
    """The pivot table at ``path`` with its cache, or what says why it cannot be carried."""
    table = archive.read(path) if path in names else b""
    caches = [r.target for r in relations(archive, names, path) if r.kind == "pivotCacheDefinition" and not r.external]
    cache = archive.read(caches[0]) if len(caches) == 1 and caches[0] in names else b""
    table_root, cache_root = parsed(table), parsed(cache)
    if table_root is None or cache_root is None or table_root.tag != f"{_MAIN}pivotTableDefinition" or cache_root.tag != f"{_MAIN}pivotCacheDefinition":
        return UNREADABLE
    try:  # what openpyxl will load, read here so a refusal names the pivot table
        TableDefinition.from_tree(table_root)
        CacheDefinition.from_tree(cache_root)
    except Exception:  # openpyxl raises many types for a part its model cannot hold
        return UNREADABLE
    if start_tag(cache, b"pivotCacheDefinition") is None:
        return UNREADABLE  # in a shape of its own: the writer edits Excel's
    source = cache_root.find(f"{_MAIN}cacheSource")
    worksheet = source.find(f"{_MAIN}worksheetSource") if source is not None else None
    held = {r.kind for r in relations(archive, names, caches[0])}
    if worksheet is None or source.get("type") != "worksheet" or held - {"pivotCacheRecords"} or start_tag(cache, b"worksheetSource") is None:
        return NOT_A_RANGE  # another workbook's range is one more relation
    return PivotParts(table_root.get("name", ""), table, cache)


def keep_pivots(workbook, pivots: Mapping[str, Sequence[PivotParts]], refused: Collection[str]) -> set[str]:
    """Tie each pivot table openpyxl loaded to its parts as the file held them, for the writer;
    return the titles of sheets whose pivot tables could not be tied. Those, and the pivot
    tables of the sheets ``refused`` names (``sheet_pivots``), are let go."""
    untied = set()
    for sheet in workbook.worksheets:
        found = pivots.get(sheet.title, ())
        if sheet.title in refused or len(found) != len(sheet._pivots) or any(p.name != parts.name for p, parts in zip(sheet._pivots, found)):
            if sheet.title not in refused:
                untied.add(sheet.title)
            sheet._pivots.clear()
            continue
        for pivot, parts in zip(sheet._pivots, found):
            pivot.__class__, pivot.kept = KeptPivotTable, parts.table
            pivot.cache.__class__, pivot.cache.kept = KeptPivotCache, parts.cache
    return untied


def move_source(cache, moved: Callable[[str], str]) -> None:
    """Give a pivot cache's source range the place ``moved`` gives it (as a reference with
    its sheet: a range over every claim runs over the claims a run adds)."""
    source = cache.cacheSource.worksheetSource
    if source is None or not source.ref or not source.sheet:
        return  # a name's range moves with the name
    sheet, _, ref = moved(f"{quote_sheetname(source.sheet)}!{source.ref}").rpartition("!")
    if sheet.startswith("'"):
        sheet = sheet[1:-1].replace("''", "'")
    source.sheet, source.ref = sheet, ref.replace("$", "")


def cache_xml(xml: bytes, source, records: str | None) -> bytes:
    """A cache definition as ``xml`` held it, with ``source``'s sheet and range, ``records``
    as the relation id of its records (the attribute dropped when None), and the mark to
    refresh on opening."""
    root = start_tag(xml, b"pivotCacheDefinition")
    tag = with_attribute(root[0], b"refreshOnLoad", "1")
    if prefix := re.search(rb"\sxmlns:(\w+)\s*=\s*([\"'])%s\2" % re.escape(_RELATIONS), tag):
        tag = with_attribute(tag, prefix[1] + b":id", records)
    found = start_tag(xml, b"worksheetSource")
    element = found[0]
    for name, value in ((b"ref", source.ref), (b"sheet", source.sheet)):
        if value:
            element = with_attribute(element, name, value)
    return xml[: root.start()] + tag + xml[root.end() : found.start()] + element + xml[found.end():]
