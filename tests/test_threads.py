"""Excel 365's threaded comments (a comment with replies, where older Excel had notes), carried
as Excel writes them: the thread in its own part, its people in the workbook's, and a note on
the same cell by "tc={thread id}". Read and written again on their own here; the real CLI on a
re-run, a retired claim and a merge, and LibreOffice, below."""

import posixpath
import re
import shutil
import uuid
import zipfile
from copy import copy

import pytest
from defusedxml.ElementTree import fromstring
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment

from factcheck.package import relations, sheet_parts
from factcheck.notes import KeptNote
from factcheck.threads import PEOPLE, THREADS, Thread, joined, keep_threads, recorded_thread, said, sheet_threads
from factcheck.worksheet import save_workbook

from .reviewing import claim_row, header_positions
from .test_combine import conflicts
from .test_cli import factcheck
from .test_merge_end_to_end import edit_article, libreoffice_resaved_copy
from .test_reviewer_workbook import DELETED, SWAPPED, checked_copy

NAMESPACE = "http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
ANA, BEN = "{A0C1D2E3-0000-4000-8000-00000000000A}", "{B0C1D2E3-0000-4000-8000-00000000000B}"
PEOPLE_XML = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<personList xmlns="{NAMESPACE}" xmlns:x="{MAIN}">'
    f'<person displayName="Ana Lopes" id="{ANA}" userId="ana@desk.example" providerId="AD"/>'
    f'<person displayName="Ben Okafor" id="{BEN}" userId="Ben Okafor" providerId="None"/></personList>'
)
# Excel's note for a thread, read by programs that know no threads.
PLACEHOLDER = (
    "[Threaded comment]\n\nYour version of Excel allows you to read this threaded comment; however, any edits to it "
    "will get removed if the file is opened in a newer version of Excel. Learn more: "
    "https://go.microsoft.com/fwlink/?linkid=870924\n\nComment:\n    {question}\nReply:\n    {answer}"
)


def thread_xml(cell, question, answer):
    """A question by Ana and Ben's answer mentioning her, as Excel 365 writes a thread."""
    thread, reply, mention = (f"{{{str(uuid.uuid4()).upper()}}}" for _ in range(3))
    return thread, (
        f'<threadedComment ref="{cell}" dT="2026-11-30T09:12:44.51" personId="{ANA}" id="{thread}"><text>{question}</text></threadedComment>'
        f'<threadedComment ref="{cell}" dT="2026-11-30T10:05:00.00" personId="{BEN}" id="{reply}" parentId="{thread}">'
        f'<text>@Ana Lopes {answer}</text><mentions><mention mentionpersonId="{ANA}" '
        f'mentionId="{mention}" startIndex="0" length="10"/></mentions></threadedComment>'
    )


def give_threads(path, title, threads, *, with_notes=True):
    """Start a thread on each (row, column) of ``threads`` (question, answer) on sheet ``title``,
    as Excel 365 saves one: the note on the cell, the thread in its sheet's part, the workbook's
    people; the file's threads so far kept as they were."""
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        bodies = {
            sheet: b"".join(re.findall(rb"<threadedComment\b.*?</threadedComment>", archive.read(relation.target), re.S))
            for sheet, part in sheet_parts(archive, names)
            for relation in relations(archive, names, part)
            if relation.type == THREADS
        }
    workbook = load_workbook(path, rich_text=True)
    cells = []
    for (row, column), (question, answer) in threads.items():
        cell = workbook[title].cell(row, column)
        thread, xml = thread_xml(cell.coordinate, question, answer)
        if with_notes:
            cell.comment = Comment(PLACEHOLDER.format(question=question, answer=f"@Ana Lopes {answer}"), f"tc={thread}")
        bodies[title] = bodies.get(title, b"") + xml.encode()
        cells.append(cell.coordinate)
    workbook.save(path)  # keeps the notes and drops the threads, which go back in below
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
        sheets = dict(sheet_parts(archive, set(members)))
    types = [b'<Override PartName="/xl/persons/person.xml" ContentType="application/vnd.ms-excel.person+xml"/>']
    for number, (sheet_title, body) in enumerate(bodies.items(), start=1):
        part = f"xl/threadedComments/threadedComment{number}.xml"
        members[part] = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<ThreadedComments xmlns="{NAMESPACE}" '
                         f'xmlns:x="{MAIN}">').encode() + body + b"</ThreadedComments>"
        sheet = sheets[sheet_title]
        rels = posixpath.join(posixpath.dirname(sheet), "_rels", posixpath.basename(sheet) + ".rels")
        relation = f'<Relationship Id="rId90" Type="{THREADS}" Target="/{part}"/></Relationships>'.encode()
        members[rels] = members.get(rels, b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>')
        members[rels] = members[rels].replace(b"</Relationships>", relation)
        types.append(f'<Override PartName="/{part}" ContentType="application/vnd.ms-excel.threadedcomments+xml"/>'.encode())
    members["xl/persons/person.xml"] = PEOPLE_XML.encode()
    people = f'<Relationship Id="rId91" Type="{PEOPLE}" Target="persons/person.xml"/></Relationships>'
    members["xl/_rels/workbook.xml.rels"] = members["xl/_rels/workbook.xml.rels"].replace(b"</Relationships>", people.encode())
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(b"</Types>", b"".join(types) + b"</Types>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return cells


def threads_in(path):
    """Each sheet's threads as (cell, [(text, author's name, the comment it answers)]), read as
    Excel reads them, after checking that every part of the file parses and that each thread
    is tied to the note on its cell."""
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
        threads, unreadable = sheet_threads(archive)
    assert not unreadable
    for name, data in members.items():
        if name.endswith((".xml", ".rels", ".vml")):
            fromstring(data)
    people = members.get("xl/persons/person.xml", b"").decode()
    names = {person_id: name for name, person_id in re.findall(r'displayName="([^"]+)" id="([^"]+)"', people)}
    types = members["[Content_Types].xml"].decode()
    workbook = load_workbook(path)
    found = {}
    for title, by_cell in threads.items():
        for (row, column), thread in by_cell.items():
            note = workbook[title].cell(row, column).comment
            assert note is not None and note.author == f"tc={thread.id}"
            comments = [
                (re.search(rb"<text>(.*?)</text>", c)[1].decode(), names[re.search(rb'personId="([^"]+)"', c)[1].decode()],
                 bool(re.search(rb"parentId=", c)))
                for c in thread.comments
            ]
            found.setdefault(title, {})[workbook[title].cell(row, column).coordinate] = comments
    parts = [name for name in members if name.startswith("xl/threadedComments/")]
    assert all(f'PartName="/{name}" ContentType="application/vnd.ms-excel.threadedcomments+xml"' in types for name in parts)
    if parts:
        assert 'PartName="/xl/persons/person.xml" ContentType="application/vnd.ms-excel.person+xml"' in types
    return found


def threads_parts(path):
    """The thread parts of the workbook at ``path``, as bytes."""
    with zipfile.ZipFile(path) as archive:
        return [archive.read(name) for name in archive.namelist() if name.startswith("xl/threadedComments/")]


QUESTION = ("Is 1962 right? The plaque says 1963", "the council minutes of 4 May 1962 give it")


def research(tmp_path, *, with_notes=True):
    """A workbook of one sheet, Research: a plain note on D5, and on B2 Ana's question that Ben answered."""
    path = tmp_path / "research.xlsx"
    workbook = Workbook()
    workbook.active.title = "Research"
    workbook["Research"]["D5"].comment = Comment("a plain note", "Ana")
    workbook.save(path)
    give_threads(path, "Research", {(2, 2): QUESTION}, with_notes=with_notes)
    return path


def loaded(path):
    """The workbook at ``path`` as a run loads it, each thread on its note."""
    with zipfile.ZipFile(path) as archive:
        threads, _ = sheet_threads(archive)
    workbook = load_workbook(path)
    assert keep_threads(workbook, threads) == set()
    return workbook


def test_a_thread_is_read_as_excel_writes_it_and_written_again_where_its_note_went(tmp_path):
    path = research(tmp_path)
    damaged(lambda xml: xml.replace('"><text>Is 1962', '" done="1"><text>Is 1962', 1))(path)  # "Resolve thread"
    expected = [(QUESTION[0], "Ana Lopes", False), ("@Ana Lopes " + QUESTION[1], "Ben Okafor", True)]
    assert threads_in(path) == {"Research": {"B2": expected}}

    workbook = loaded(path)
    sheet = workbook["Research"]
    assert isinstance(sheet["B2"].comment, KeptNote) and sheet["B2"].comment.thread is not None
    sheet["B7"].comment, sheet["B2"].comment = copy(sheet["B2"].comment), None  # as a re-run moves a claim's cells
    save_workbook(workbook, path)
    assert threads_in(path) == {"Research": {"B7": expected}}
    with zipfile.ZipFile(path) as archive:
        notes = next(archive.read(name) for name in archive.namelist() if name.startswith("xl/comments/"))
        thread_id = next(iter(sheet_threads(archive)[0]["Research"].values())).id
    assert f'ref="B7" authorId="1" shapeId="0" xr:uid="{thread_id}"'.encode() in notes  # tied as Excel ties them
    assert b'ref="D5" authorId="0" shapeId="0">' in notes  # the plain note stays plain
    assert b'" done="1"><text>Is 1962' in next(iter(threads_parts(path)))
    assert load_workbook(path)["Research"]["D5"].comment.text == "a plain note"


def test_one_thread_on_two_cells_is_written_once_and_the_second_stays_a_note(tmp_path):
    """Excel wants each thread once; a second copy (as a merge might leave) keeps its text as a note."""
    path = research(tmp_path)
    workbook = loaded(path)
    workbook["Research"]["B9"].comment = copy(workbook["Research"]["B2"].comment)
    save_workbook(workbook, path)
    assert list(threads_in(path)["Research"]) == ["B2"]
    assert [part.count(b"<threadedComment ") for part in threads_parts(path)] == [2]  # the question and its answer, once
    assert load_workbook(path)["Research"]["B9"].comment.text.startswith("[Threaded comment]")


def answered(path, question, answer, by=ANA):
    """Reply ``answer`` (by ``by``) to the thread that starts with ``question``, as Excel adds one."""
    def change(xml):
        started = re.search(rf'<threadedComment ref="(\w+)" [^>]*id="([^"]+)"><text>{re.escape(question)}</text>', xml)
        if started is None:
            return xml  # another sheet's part
        reply = (f'<threadedComment ref="{started[1]}" dT="2026-12-01T08:00:00.00" personId="{by}" '
                 f'id="{{{str(uuid.uuid4()).upper()}}}" parentId="{started[2]}"><text>{answer}</text></threadedComment>')
        return xml.replace("</ThreadedComments>", reply + "</ThreadedComments>")
    damaged(change)(path)


def damaged(xml):
    """Each thread part changed by ``xml`` (a function of its text), the rest as Excel writes it."""
    def change(path):
        with zipfile.ZipFile(path) as archive:
            members = {name: archive.read(name) for name in archive.namelist()}
        for part in [name for name in members if name.startswith("xl/threadedComments/")]:
            members[part] = xml(members[part].decode()).encode()
        with zipfile.ZipFile(path, "w") as archive:
            for name, data in members.items():
                archive.writestr(name, data)
    return change


UNREADABLE = {
    "a reply without its thread": damaged(lambda xml: re.sub(r"<threadedComment ref=\"B2\" dT=\"[^\"]+\" personId=\"[^\"]+\" id=\"[^\"]+\"><text>.*?</threadedComment>", "", xml, count=1)),
    "someone not among the people": damaged(lambda xml: xml.replace(BEN, "{C0C1D2E3-0000-4000-8000-00000000000C}")),
    "a prefix of the part's own": damaged(lambda xml: xml.replace("<ThreadedComments xmlns=", '<ThreadedComments xmlns:t="urn:t" xmlns=').replace("<text>", '<text t:lang="en">')),
    "another shape than Excel's": damaged(lambda xml: xml.replace(f'xmlns="{NAMESPACE}"', f'xmlns:tc="{NAMESPACE}"')),
}


@pytest.mark.parametrize("case", list(UNREADABLE))
def test_a_thread_that_cannot_be_read_whole_is_named_not_half_carried(tmp_path, case):
    path = research(tmp_path)
    UNREADABLE[case](path)
    with zipfile.ZipFile(path) as archive:
        assert sheet_threads(archive) == ({}, {"Research"})


def test_a_copys_replies_join_the_desks_thread_and_an_edit_on_both_sides_keeps_the_desks(tmp_path):
    path = research(tmp_path)
    copies = {}
    for name, change in {
        "desk": lambda p: answered(p, QUESTION[0], "asked the archive"),
        "replied": lambda p: answered(p, QUESTION[0], "the plaque is wrong", by=BEN),
        "resolved": damaged(lambda xml: xml.replace('"><text>Is 1962', '" done="1"><text>Is 1962', 1)),
    }.items():
        copies[name] = tmp_path / f"{name}.xlsx"
        shutil.copy(path, copies[name])
        change(copies[name])
    notes = {}
    for name, where in {"handed out": path, **copies}.items():
        notes[name] = loaded(where)["Research"]["B2"].comment

    def texts(note):
        return [re.search(rb"<text>(.*?)</text>", comment)[1].decode() for comment in note.thread.comments]

    asked = [QUESTION[0], "@Ana Lopes " + QUESTION[1]]
    note, differing = joined(notes["handed out"], notes["replied"])  # the desk did nothing since
    assert texts(note) == [*asked, "the plaque is wrong"] and not differing
    note, differing = joined(notes["desk"], notes["replied"])  # both answered
    assert texts(note) == [*asked, "asked the archive", "the plaque is wrong"] and not differing
    assert {re.search(rb'displayName="([^"]+)"', p)[1] for p in note.thread.people} == {b"Ana Lopes", b"Ben Okafor"}
    note, differing = joined(notes["desk"], notes["resolved"])  # resolved in the copy, answered on the desk
    assert note is notes["desk"]
    assert [(said(mine, note.thread), said(theirs, notes["resolved"].thread)) for mine, theirs in differing] == [
        (("Ana Lopes", QUESTION[0]), ("Ana Lopes", QUESTION[0] + " (resolved)"))
    ]
    note, differing = joined(notes["resolved"], notes["handed out"])  # a copy taken before the desk resolved it
    assert note is notes["resolved"] and differing

    # With each comment as handed out recorded (the copy's Base), the side that changed one is known.
    recorded = notes["handed out"].thread.comments
    note, differing = joined(notes["desk"], notes["resolved"], recorded)  # answered on the desk, resolved in the copy
    assert texts(note) == [*asked, "asked the archive"] and not differing
    assert b'done="1"' in note.thread.comments[0] and note.thread.comments[1:] == notes["desk"].thread.comments[1:]
    note, differing = joined(notes["resolved"], notes["handed out"], recorded)  # resolved on the desk, the copy as handed out
    assert note is notes["resolved"] and not differing


def test_said_reads_a_comment_as_excel_escapes_it():
    comment = (
        b'<threadedComment ref="B2" dT="2026-11-30T09:12:44.51" personId="{A}" id="{T}" done="1">'
        b"<text>Is &quot;1962&quot; right? Minutes &amp; plaque\ndisagree</text></threadedComment>"
    )
    person = b'<person displayName="Ana Lopes &amp; Co" id="{A}" userId="ana" providerId="None"/>'
    assert said(comment, Thread((comment,), (person,))) == ("Ana Lopes & Co", 'Is "1962" right? Minutes & plaque\ndisagree (resolved)')


def test_a_recorded_thread_is_put_back_only_as_excel_would_hold_it():
    """Base's record of a thread is a cell a hand can change: a comment that does not read as
    one element of Excel's part (a second element after it, a prefix of its own, cut short) is
    not written back."""
    thread, xml = thread_xml("B2", *QUESTION)
    comments = tuple(re.findall(rb"<threadedComment\b.*?</threadedComment>", xml.encode(), re.S))
    people = tuple(re.findall(rb"<person\b[^>]*/>", PEOPLE_XML.encode()))
    assert recorded_thread(comments, people).id == thread
    for changed in (comments[0] + b"<extra/>", comments[0].replace(b"<text>", b'<text xmlns:q="urn:q" q:lang="en">'), comments[0][:-5]):
        assert recorded_thread((changed, *comments[1:]), people) is None
    assert recorded_thread(comments, (people[0] + b"<person/>",)) is None


def test_a_thread_without_its_note_is_named_as_untied(tmp_path):
    path = research(tmp_path, with_notes=False)
    with zipfile.ZipFile(path) as archive:
        threads, unreadable = sheet_threads(archive)
    assert unreadable == set() and keep_threads(load_workbook(path), threads) == {"Research"}


def test_threads_move_with_their_claims_to_retired_and_come_in_with_a_copy(tmp_path):
    """The real CLI: a thread on a claim whose paragraph moves, one on a claim the edit deletes,
    and one a reviewer started on their copy, merged in."""
    article, output = checked_copy(tmp_path)
    claims = load_workbook(output)["Claims"]
    notes, verdict = header_positions(claims)["notes"], header_positions(claims)["verdict"]
    swapped, deleted = claim_row(claims, SWAPPED), claim_row(claims, DELETED)
    retiring = ("Did Lund say this in 2019?", "yes, at the March hearing")
    give_threads(output, "Claims", {(swapped, notes): QUESTION, (deleted, verdict): retiring})

    article.write_text(edit_article(article.read_text(encoding="utf-8")), encoding="utf-8")
    result = factcheck("check", article, "-o", output)
    assert result.returncode == 0, result.stderr
    workbook = load_workbook(output)
    now = claim_row(workbook["Claims"], SWAPPED)
    retired = workbook["Retired"]
    gone = next(r for r in range(2, retired.max_row + 1) if str(retired.cell(r, header_positions(retired)["claim"]).value).startswith(DELETED))
    assert now != swapped
    found = threads_in(output)
    assert found["Claims"] == {workbook["Claims"].cell(now, notes).coordinate: [
        (QUESTION[0], "Ana Lopes", False), ("@Ana Lopes " + QUESTION[1], "Ben Okafor", True)
    ]}
    assert [text for text, _, _ in found["Retired"][retired.cell(gone, header_positions(retired)["verdict"]).coordinate]] == [
        retiring[0], "@Ana Lopes " + retiring[1]
    ]

    # Ben starts a thread in his copy and answers one of the desk's there; Ana answers the
    # desk's retired one in hers and resolves the thread in the desk's. The re-run's Base
    # records each thread as handed out, so her resolution is hers alone, and taken.
    copies = tmp_path / "copies"
    copies.mkdir()
    ben, ana = copies / "ben.xlsx", copies / "ana.xlsx"
    shutil.copy(output, ben)
    shutil.copy(output, ana)
    asked = ("Which council vote?", "the 2019 budget vote")
    give_threads(ben, "Claims", {(2, notes): asked})
    answered(ben, QUESTION[0], "The plaque was put up a year late", by=BEN)
    answered(ana, retiring[0], "The hearing transcript, page 4")
    damaged(lambda xml: xml.replace('"><text>Is 1962', '" done="1"><text>Is 1962', 1))(ana)  # she resolves one Ben answers
    result = factcheck("merge", output, ben, ana)
    assert result.returncode == 0, result.stderr
    # Ben's thread and his answer; Ana's answer and her resolution
    assert "4 comments added, answered, edited or removed" in result.stdout and "0 conflicts" in result.stdout
    moved = workbook["Claims"].cell(now, notes).coordinate
    merged = threads_in(output)
    first = load_workbook(output)["Claims"].cell(2, notes).coordinate
    assert [text for text, _, _ in merged["Claims"][first]] == [asked[0], "@Ana Lopes " + asked[1]]
    assert [text for text, _, _ in merged["Claims"][moved]] == [QUESTION[0], "@Ana Lopes " + QUESTION[1], "The plaque was put up a year late"]
    assert [text for text, _, _ in next(iter(merged["Retired"].values()))][2:] == ["The hearing transcript, page 4"]
    assert len(merged["Claims"]) == 2 and len(merged["Retired"]) == 1  # the desk's own threads, once each
    assert sum(part.count(b'done="1"') for part in threads_parts(output)) == 1  # resolved, as Ana left it

    # The desk then rewrites the question it resolved: merged again, Ana's copy holds the
    # question otherwise, and nothing says only one side changed it.
    damaged(lambda xml: xml.replace("<text>Is 1962 right?", "<text>Is 1962 right, really?", 1))(output)
    result = factcheck("merge", output, ana)
    assert result.returncode == 1, result.stderr
    assert "1 conflicts (listed on the Conflicts sheet)" in result.stdout
    listed = [(c["Column"], c["File"], c["Reviewer"], c["Value"], c["Kept in the cell"]) for c in conflicts(output)]
    assert listed == [
        ("Notes (thread)", "bridge.xlsx", "Ana Lopes", QUESTION[0].replace("right?", "right, really?") + " (resolved)", "Yes"),
        ("Notes (thread)", "ana.xlsx", "Ana Lopes", QUESTION[0] + " (resolved)", "No"),
    ]
    assert factcheck("merge", output, ana).returncode == 1
    assert len(conflicts(output)) == 2  # merged again, listed once


def deleted(path, question):
    """The workbook at ``path`` with the thread that starts with ``question`` deleted, as Excel
    deletes one: its comments, and the note it keeps beside them for older programs."""
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    for part in [name for name in members if name.startswith("xl/threadedComments/")]:
        xml = members[part].decode()
        if (started := re.search(rf'<threadedComment [^>]*id="([^"]+)"><text>{re.escape(question)}</text>', xml)) is None:
            continue
        comments = rf'<threadedComment [^>]*(?:id|parentId)="{re.escape(started[1])}"[^>]*>.*?</threadedComment>'
        members[part] = re.sub(comments, "", xml, flags=re.S).encode()
        for notes in [name for name in members if re.fullmatch(r"xl/comments/?comment\d+\.xml", name)]:
            authors = re.findall(r"<author>(.*?)</author>", members[notes].decode())
            if f"tc={started[1]}" in authors:
                note = rf'<comment [^>]*authorId="{authors.index(f"tc={started[1]}")}"[^>]*>.*?</comment>'
                members[notes] = re.sub(note, "", members[notes].decode(), flags=re.S).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def test_a_thread_deleted_on_one_side_is_gone_unless_the_other_changed_it(tmp_path):
    """Base records each thread as handed out. Ana deletes one in her copy that the desk left
    alone: it goes. Ben deletes one the desk answered since: a conflict, the desk's kept. The
    desk deletes one that Carl's copy holds as handed out: it stays deleted."""
    article, output = checked_copy(tmp_path)
    claims = load_workbook(output)["Claims"]
    notes = header_positions(claims)["notes"]
    asked = {"ana": ("Who counted the vehicles?", "the council's survey"), "ben": QUESTION, "desk": ("Is 212 million right?", "yes, per the accounts")}
    give_threads(output, "Claims", {(row, notes): asked[name] for row, name in zip((2, 3, 4), asked)})
    assert factcheck("check", article, "-o", output).returncode == 0  # Base records the threads
    copies = {}
    for name in ("ana", "ben", "carl"):
        copies[name] = tmp_path / "copies" / f"{name}.xlsx"
        copies[name].parent.mkdir(exist_ok=True)
        shutil.copy(output, copies[name])
    deleted(copies["ana"], asked["ana"][0])
    deleted(copies["ben"], asked["ben"][0])
    answered(output, asked["ben"][0], "and the plaque?")
    deleted(output, asked["desk"][0])

    result = factcheck("merge", output, copies["ana"], copies["ben"], copies["carl"])
    assert result.returncode == 1, result.stderr
    assert "1 comment added, answered, edited or removed" in result.stdout and "1 conflicts" in result.stdout
    kept = threads_in(output)["Claims"]
    assert [[text for text, _, _ in thread] for thread in kept.values()] == [[QUESTION[0], "@Ana Lopes " + QUESTION[1], "and the plaque?"]]
    assert [(c["Column"], c["File"], c["Reviewer"], c["Value"], c["Kept in the cell"]) for c in conflicts(output)] == [
        ("Notes (thread)", "bridge.xlsx", "Ana Lopes", QUESTION[0], "Yes"),
        ("Notes (thread)", "ben.xlsx", None, "(no note)", "No"),
    ]


@pytest.mark.slow
def test_libreoffice_opens_a_rerun_with_threads_and_shows_their_notes(tmp_path):
    """LibreOffice knows no threads: it shows Excel's note for each, on the claim's new row."""
    article, output = checked_copy(tmp_path)
    claims = load_workbook(output)["Claims"]
    notes, swapped = header_positions(claims)["notes"], claim_row(claims, SWAPPED)
    give_threads(output, "Claims", {(swapped, notes): QUESTION})
    article.write_text(edit_article(article.read_text(encoding="utf-8")), encoding="utf-8")
    assert factcheck("check", article, "-o", output).returncode == 0
    again = libreoffice_resaved_copy(output, tmp_path)
    claims = load_workbook(again)["Claims"]
    note = claims.cell(claim_row(claims, SWAPPED), notes).comment
    assert note is not None and QUESTION[0] in note.text and QUESTION[1] in note.text
