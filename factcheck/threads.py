"""Excel 365's threaded comments (a comment with its replies, as against a note), carried
into the next version.

Excel keeps a thread in two places: the thread itself, with its replies, authors and dates, in
a part of its own that openpyxl drops (``threadedComment``, its people in the workbook's
``person`` part); and a note on the same cell, by the author ``tc={thread id}``, that older
programs show, which openpyxl reads and writes like any note. So each sheet's threads are read
from the file as it is (``sheet_threads``) and each is kept on its note (``keep_threads``, on a
``KeptNote``); the note is moved with its claim, retired or copied by a merge like any
other, and the writer writes each thread again where its note is now (``threads_xml``,
``people_xml``, ``tied_notes``). A thread not tied to its note is not carried: the run
refuses it by name, as it does what openpyxl drops.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from copy import copy
from dataclasses import dataclass

from openpyxl.utils import coordinate_to_tuple

from .notes import KeptNote, kept, thread_of
from .package import parsed, relations, sheet_parts, with_attribute

THREADS = "http://schemas.microsoft.com/office/2017/10/relationships/threadedComment"
PEOPLE = "http://schemas.microsoft.com/office/2017/10/relationships/person"
THREADS_TYPE = "application/vnd.ms-excel.threadedcomments+xml"
PEOPLE_TYPE = "application/vnd.ms-excel.person+xml"
PEOPLE_PATH = "/xl/persons/person.xml"
THREADED_COMMENTS = "threaded comments"  # as a refusal names them

_NAMESPACE = b"http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"
_MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REVISION = b"http://schemas.microsoft.com/office/spreadsheetml/2014/revision"
_COMPATIBILITY = b"http://schemas.openxmlformats.org/markup-compatibility/2006"
# Excel writes both parts unprefixed in its namespace, with x: for the spreadsheet's own.
_ROOT = re.compile(rb"^\s*(?:<\?xml[^>]*\?>)?\s*<(ThreadedComments|personList)\b[^>]*\sxmlns=([\"'])%s\2" % re.escape(_NAMESPACE))
_ELEMENT = {tag: re.compile(rb"<%s\b[^>]*?(?:/>|>.*?</%s\s*>)" % (tag, tag), re.S) for tag in (b"threadedComment", b"person")}
_PREFIXED = re.compile(rb"</?(\w+):|\s(\w+):\w+\s*=")
_ALLOWED_PREFIXES = {b"x", b"xml", b"xmlns"}
_START = re.compile(rb"<\w+\b[^>]*?/?>", re.S)
_MENTIONED = re.compile(rb"\smentionpersonId\s*=\s*([\"'])(.*?)\1")
_LEGACY_ROOT = re.compile(rb"<comments\b([^>]*)>")
_LEGACY = re.compile(rb"<comment\b(?=[^>]*\sref=\"([A-Z]+[0-9]+)\")([^>]*?)(/?)>")


def _attribute(element: bytes, name: bytes) -> str | None:
    """An attribute of ``element``'s start tag, as text (None when absent)."""
    start = _START.match(element)
    found = re.search(rb"\s%s\s*=\s*([\"'])(.*?)\1" % name, start[0] if start else b"")
    return found[2].decode() if found else None


@dataclass(frozen=True, slots=True)
class Thread:
    """A threaded comment and its replies as the file holds them (each ``<threadedComment>``,
    the first starting the thread), and the people they name (each ``<person>``)."""

    comments: tuple[bytes, ...]
    people: tuple[bytes, ...]

    @property
    def id(self) -> str:
        return _attribute(self.comments[0], b"id") or ""

    @property
    def author(self) -> str:
        """The author Excel gives the thread's note."""
        return f"tc={self.id}"

    def by_id(self) -> dict[str, bytes]:
        """The thread's comments by their ids, in order."""
        return {_attribute(comment, b"id") or "": comment for comment in self.comments}


def recorded_thread(comments: Sequence[bytes], people: Sequence[bytes]) -> Thread | None:
    """A thread from its comments and people kept apart from the file (Base records them), None
    unless each reads as one element of the part Excel would hold it in: a hand may have
    changed the record, and the writer puts them in that part as they are."""
    for root, tag, elements in ((b"ThreadedComments", b"threadedComment", comments), (b"personList", b"person", people)):
        if any(_elements(_part(root, element), tag) != [element] for element in elements):
            return None
    return Thread(tuple(comments), tuple(people)) if comments else None


def comment_digest(comment: bytes) -> str:
    """What a merge tells a comment of a thread by: who wrote it, when, what it answers, its
    text and whether its thread is resolved (not where it stands, nor how the file spells it)."""
    said = [*(_attribute(comment, name) for name in (b"id", b"parentId", b"personId", b"dT", b"done")), _text(comment)]
    return hashlib.sha256(json.dumps(said).encode()).hexdigest()[:16]


def _text(comment: bytes) -> str:
    """What a comment of a thread says, its entities read."""
    text = re.search(rb"<text>.*?</text>", comment, re.S)
    element = parsed(text[0]) if text else None
    return (element.text or "") if element is not None else ""


def sheet_threads(archive: zipfile.ZipFile) -> tuple[dict[str, dict[tuple[int, int], Thread]], set[str]]:
    """Each sheet's threads, by sheet title and (row, column) of the cell, from 1; and the titles
    of sheets holding threads that cannot be read whole (a part in another shape than Excel's, a
    reply without its thread, someone named who is not in the workbook's people)."""
    names = set(archive.namelist())
    people = _people(archive, names)
    threads: dict[str, dict[tuple[int, int], Thread]] = {}
    unreadable: set[str] = set()
    for title, path in sheet_parts(archive, names):
        for relation in relations(archive, names, path):
            if relation.type != THREADS or relation.external:
                continue
            found = _threads(archive.read(relation.target) if relation.target in names else b"", people)
            if found is None:
                unreadable.add(title)
            else:
                threads.setdefault(title, {}).update(found)
    return threads, unreadable


def _people(archive: zipfile.ZipFile, names: set[str]) -> dict[str, bytes] | None:
    """The workbook's people by id (None when its part is in another shape than Excel's)."""
    found: dict[str, bytes] = {}
    for relation in relations(archive, names, "xl/workbook.xml"):
        if relation.type == PEOPLE and not relation.external and relation.target in names:
            people = _elements(archive.read(relation.target), b"person")
            if people is None:
                return None
            found.update((_attribute(person, b"id") or "", person) for person in people)
    return found


def _elements(xml: bytes, tag: bytes) -> list[bytes] | None:
    """The ``tag`` elements of a part written as Excel writes it, None for any other shape."""
    if not _ROOT.match(xml) or parsed(xml) is None:
        return None
    elements = [found[0] for found in _ELEMENT[tag].finditer(xml)]
    prefixes = {prefix for element in elements for used in _PREFIXED.finditer(element) for prefix in used.groups() if prefix}
    # A prefix the root declared would be lost when the element is written into another part.
    return elements if prefixes <= _ALLOWED_PREFIXES else None


def _threads(xml: bytes, people: Mapping[str, bytes] | None) -> dict[tuple[int, int], Thread] | None:
    """The threads of one sheet's part, by cell (None when they cannot be read whole)."""
    comments = _elements(xml, b"threadedComment")
    if comments is None or people is None:
        return None
    started: dict[str, list[bytes]] = {}
    for comment in comments:
        parent = _attribute(comment, b"parentId")
        if parent is None:
            started.setdefault(_attribute(comment, b"id") or "", []).append(comment)
        elif parent in started:
            started[parent].append(comment)
        else:
            return None  # a reply before, or without, the comment it answers
    threads = {}
    for thread_comments in started.values():
        named = {_attribute(comment, b"personId") for comment in thread_comments}
        named |= {mention[2].decode() for comment in thread_comments for mention in _MENTIONED.finditer(comment)}
        if not all(person in people for person in named):
            return None
        try:
            place = coordinate_to_tuple(_attribute(thread_comments[0], b"ref") or "")
        except (ValueError, TypeError):
            return None
        if place in threads:
            return None  # Excel keeps one thread to a cell
        threads[place] = Thread(tuple(thread_comments), tuple(people[person] for person in sorted(named)))
    return threads


def keep_threads(workbook, threads: Mapping[str, Mapping[tuple[int, int], Thread]]) -> set[str]:
    """Put each thread on its note in ``workbook`` (an openpyxl workbook), keeping the note's
    size; return the titles of sheets where a thread has no note of its own on its cell."""
    untied = set()
    for title, by_cell in threads.items():
        cells = workbook[title]._cells if title in workbook.sheetnames else {}
        for place, thread in by_cell.items():
            cell = cells.get(place)
            note = cell.comment if cell is not None else None
            if note is None or note.author != thread.author:
                untied.add(title)
                continue
            kept(cell).thread = thread
    return untied


def joined(desk: KeptNote, reviewer: KeptNote, recorded: Iterable[bytes] = ()) -> tuple[KeptNote, tuple[tuple[bytes, bytes], ...]]:
    """One thread as the desk's workbook and a reviewer's copy of it hold it, joined for a
    merge: the copy's note whole where it holds every comment of the desk's as it is (and
    perhaps replies), else the desk's with the replies only the copy holds added after its
    own. A comment both hold that differs (edited, or the thread resolved, on one side) is the
    copy's where the desk's is still as ``recorded`` (the thread's comments as the copy's Base
    holds them) and the desk's where the copy's is; otherwise both changed it, or nothing
    records which side did, and it is returned, as (the desk's, the copy's), with the desk's
    kept: the caller says so."""
    recorded = _digests(recorded)
    mine, theirs = desk.thread.by_id(), reviewer.thread.by_id()
    if all(theirs.get(key) == comment for key, comment in mine.items()):
        return copy(reviewer), ()
    taken: dict[str, bytes] = {}
    differing = []
    for key, comment in mine.items():
        other = theirs.get(key)
        if other is None or other == comment:
            continue
        if recorded.get(key) == comment_digest(comment):
            taken[key] = other  # only the copy changed it
        elif recorded.get(key) != comment_digest(other):
            differing.append((comment, other))
    added = tuple(comment for key, comment in theirs.items() if key not in mine)
    if not added and not taken:
        return desk, tuple(differing)
    people = {_attribute(person, b"id"): person for person in (*desk.thread.people, *reviewer.thread.people)}
    note = copy(desk)
    note.thread = Thread(tuple(taken.get(key, comment) for key, comment in mine.items()) + added, tuple(people.values()))
    return note, tuple(differing)


NO_NOTE = "(no note)"  # a side of a comment conflict that holds none


def merged_comment(
    mine: KeptNote | None, theirs: KeptNote | None, known: bool, noted: str | None, thread: Sequence[bytes]
) -> tuple[KeptNote | None, bool, tuple[tuple[str, tuple[str, str], tuple[str, str]], ...]]:
    """A cell's note or thread as a merge of a reviewer's copy leaves it: the desk's workbook
    holds ``mine``, the copy ``theirs``, judged against what the copy's record holds there:
    the note's text ``noted`` where ``known`` (None for no note; ``known`` False where nothing
    records notes) and the comments of its thread (``thread``, empty where none is recorded).
    Returns the comment to keep, whether it differs from ``mine``, and each difference left
    as a conflict, as (kind, the desk's side, the copy's side), each side (who, what).

    A thread is joined by its comments (``joined``), and one deleted on one side is gone where
    the other holds it as recorded. A note only the copy added, edited or removed is taken;
    one only the desk changed stays; one both changed otherwise is a conflict, the desk's kept.
    Without a record, a note the copy added to a cell the desk left without one comes in, a
    note or thread it lacks is not taken as removed, and one it holds otherwise is a conflict."""
    mine_thread, their_thread = thread_of(mine), thread_of(theirs)
    if theirs is None and mine_thread is not None and thread:  # the copy deleted a thread recorded there
        if as_recorded(mine_thread, thread):
            return None, True, ()
        return mine, False, (("thread", said(mine_thread.comments[0], mine_thread), ("", NO_NOTE)),)  # answered since
    if mine is None and their_thread is not None and as_recorded(their_thread, thread):
        return None, False, ()  # the desk deleted a thread the copy holds as handed out
    if their_thread is not None and mine_thread is not None and their_thread.id == mine_thread.id:
        note, differing = joined(mine, theirs, thread)  # edited, or resolved, on one side: the desk's kept
        sides = tuple(("thread", said(desks, mine_thread), said(other, their_thread)) for desks, other in differing)
        return note, note.thread.comments != mine_thread.comments, sides
    known = known and their_thread is None and mine_thread is None
    ancestor = noted if known else None
    texts = (None if mine is None else mine.content, None if theirs is None else theirs.content)
    if texts[1] == texts[0] or known and texts[1] == ancestor:
        return mine, False, ()  # alike, or as handed out: the desk's stands
    if (texts[0] == ancestor) if known else mine is None:
        return (None if theirs is None else copy(theirs)), True, ()
    if not known and theirs is None:
        return mine, False, ()
    sides = tuple(("", NO_NOTE) if note is None else (note.author, note.content) for note in (mine, theirs))
    return mine, False, (("note", *sides),)


def as_recorded(thread: Thread, recorded: Iterable[bytes]) -> bool:
    """Whether ``thread`` holds the comments ``recorded`` (the copy's Base), each as it was."""
    digests = _digests(recorded)
    return bool(digests) and digests == _digests(thread.comments)


def _digests(comments: Iterable[bytes]) -> dict[str, str]:
    """Each comment's ``comment_digest``, by its id."""
    return {_attribute(comment, b"id") or "": comment_digest(comment) for comment in comments}


def said(comment: bytes, thread: Thread) -> tuple[str, str]:
    """Who wrote ``comment`` of ``thread`` (their name) and what it says, with "(resolved)"
    after the first comment of a resolved thread."""
    names = {_attribute(person, b"id"): html.unescape(_attribute(person, b"displayName") or "") for person in thread.people}
    words = _text(comment)
    if _attribute(comment, b"done") in ("1", "true"):
        words += " (resolved)"
    return names.get(_attribute(comment, b"personId")) or "", words


def threads_xml(placed: Mapping[str, Thread]) -> bytes:
    """A sheet's threads part, each thread on the cell ``placed`` gives it (a coordinate)."""
    body = b"".join(
        _with_ref(comment, coordinate) for coordinate, thread in placed.items() for comment in thread.comments
    )
    return _part(b"ThreadedComments", body)


def people_xml(threads: Iterable[Thread]) -> bytes:
    """The workbook's people part: everyone ``threads`` name, once each."""
    people = {_attribute(person, b"id"): person for thread in threads for person in thread.people}
    return _part(b"personList", b"".join(people.values()))


def tied_notes(xml: bytes, placed: Mapping[str, Thread]) -> bytes:
    """openpyxl's notes part for a sheet, each note of a thread ``placed`` on its cell tied to
    it by the thread's id, as Excel writes it (``xr:uid``)."""
    if not placed:
        return xml

    def tie(note: re.Match) -> bytes:
        thread = placed.get(note[1].decode())
        if thread is None:
            return note[0]
        return b"<comment%s xr:uid=\"%s\"%s>" % (note[2], thread.id.encode(), note[3])

    declared = b' xmlns:mc="%s" mc:Ignorable="xr" xmlns:xr="%s"' % (_COMPATIBILITY, _REVISION)
    xml = _LEGACY_ROOT.sub(lambda root: b"<comments%s%s>" % (root[1], declared), xml, count=1)
    return _LEGACY.sub(tie, xml)


def _with_ref(comment: bytes, coordinate: str) -> bytes:
    start = _START.match(comment)
    return with_attribute(start[0], b"ref", coordinate) + comment[start.end():]


def _part(root: bytes, body: bytes) -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<%s xmlns="%s" xmlns:x="%s">%s</%s>' % (root, _NAMESPACE, _MAIN, body, root)
    )
