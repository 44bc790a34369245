"""The parts of an .xlsx file and how they relate: its sheets by title, and each part's
relationships, read from the zip without loading the workbook."""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from xml.etree.ElementTree import Element, ParseError
from xml.sax.saxutils import escape

# One attribute of a start tag, its value read whole (a quoted value may hold ">").
_ATTRIBUTE = rb"""\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*')"""


@dataclass(frozen=True, slots=True)
class Relation:
    """One relationship of a part: its id, its type and what it points to."""

    id: str
    type: str  # the full URI
    target: str  # a part's path in the zip, or as written when ``external``
    external: bool = False

    @property
    def kind(self) -> str:
        """The type's last part: ``drawing``, ``image``, ``chart``..."""
        return self.type.rsplit("/", 1)[-1]


def sheet_parts(archive: zipfile.ZipFile, names: set[str]) -> list[tuple[str, str]]:
    """(sheet title, part path) for every sheet of the workbook, in order."""
    workbook = "xl/workbook.xml"
    if workbook not in names:
        return []
    targets = {relation.id: relation.target for relation in relations(archive, names, workbook)}
    root = parsed(archive.read(workbook))
    if root is None:
        return []
    sheets = []
    for element in root.iter():
        if element.tag.endswith("}sheet"):
            rid = next((v for k, v in element.attrib.items() if k.endswith("}id")), None)
            if rid in targets:
                sheets.append((element.get("name", ""), targets[rid]))
    return sheets


def relations(archive: zipfile.ZipFile, names: set[str], part: str) -> list[Relation]:
    """The relationships of ``part`` (none when it has no readable .rels)."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    root = parsed(archive.read(rels)) if rels in names else None
    if root is None:
        return []
    found = []
    for element in root:
        target, external = element.get("Target", ""), element.get("TargetMode") == "External"
        if not external:
            target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        found.append(Relation(element.get("Id", ""), element.get("Type", ""), target, external))
    return found


def parsed(xml: bytes) -> Element | None:
    """A part read as XML, None when it does not parse (defusedxml refuses entity tricks). A
    reader that cuts a part by pattern asks first: in a part with an element left open, each
    opening tag would send the pattern over the rest of the part."""
    from defusedxml.ElementTree import fromstring

    try:
        return fromstring(xml)
    except (ParseError, ValueError):
        return None


def content_type(archive: zipfile.ZipFile, names: set[str], part: str) -> str | None:
    """The content type [Content_Types].xml gives ``part``: its own, else its extension's."""
    root = parsed(archive.read("[Content_Types].xml")) if "[Content_Types].xml" in names else None
    if root is None:
        return None
    extension = part.rsplit(".", 1)[-1].lower()
    by_extension = None
    for element in root:
        if element.tag.endswith("}Override") and element.get("PartName", "").lstrip("/") == part:
            return element.get("ContentType")
        if element.tag.endswith("}Default") and element.get("Extension", "").lower() == extension:
            by_extension = element.get("ContentType")
    return by_extension


def start_tag(xml: bytes, tag: bytes) -> re.Match | None:
    """The first start tag of the unprefixed element ``tag`` in ``xml`` (None when there is none)."""
    return re.search(rb"<%s(?:%s)*\s*/?>" % (re.escape(tag), _ATTRIBUTE), xml)


def with_attribute(tag: bytes, name: bytes, value: str | None) -> bytes:
    """The start tag ``tag`` with attribute ``name`` set to ``value`` (added last when absent),
    or without it when ``value`` is None."""
    found = re.search(rb"""\s%s\s*=\s*(?:"[^"]*"|'[^']*')""" % re.escape(name), tag)
    written = b"" if value is None else b' %s="%s"' % (name, escape(value, {'"': "&quot;"}).encode())
    if found:
        return tag[: found.start()] + written + tag[found.end():]
    end = len(tag) - (2 if tag.endswith(b"/>") else 1)
    return tag[:end] + written + tag[end:]
