"""Random input for the reader, the splitter and the worksheet reader: a clean refusal or a right
answer, never a crash. Budgets are small so the file runs in well under a minute."""

import datetime as dt
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from factcheck import Document, DocumentError, WorksheetError, read_document, split_sentences
from factcheck.chat_screenshots import ScreenLine, chat_screenshot
from factcheck.columns import REVIEWER_FIELDS
from factcheck.posts import screenshot_posts
from factcheck.rich_text import decompressed, encapsulated_html
from factcheck.worksheet import MARKER_PROPERTY, WorkbookContent, read_previous_workbook, write_workbook

from .outlook_files import Attachment, OutlookMessage, compressed_rtf, encapsulated_rtf, msg_bytes

FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# What a reviewer can type into a cell: any character but surrogates and control characters
# other than newline and tab. U+FFFE and U+FFFF are left out too: XML forbids them, so the
# writer replaces them by design (tests/test_worksheet.py covers that).
TYPED_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff") | st.sampled_from("\n\t"),
    max_size=200,
)
NUMBERS_AS_TEXT = st.sampled_from(["007", "1e5", "3.10", "-4", "+44 20 7946 0000", "=1+1", "@SUM(A1)", "1,000", "12/03/2026"])
REVIEWER_TEXT = TYPED_TEXT | NUMBERS_AS_TEXT | st.just("")


@settings(FUZZ, max_examples=500)
@given(raw=st.binary(max_size=2000) | st.text(max_size=500).map(lambda t: t.encode("utf-8")), suffix=st.sampled_from([".txt", ".md", ".html"]))
@example(raw=b"\xef\xbb\xbf", suffix=".txt")
@example(raw=b"\xff\xfe\x00", suffix=".md")
@example(raw=b"<html><body><p>", suffix=".html")
def test_read_document_gives_a_document_or_a_document_error(tmp_path_factory, raw, suffix):
    assert_read_or_refused(tmp_path_factory, raw, suffix)


def assert_read_or_refused(tmp_path_factory, raw: bytes, suffix: str) -> None:
    """The bytes, saved with the suffix, read as a document with text or refused in one line."""
    path = tmp_path_factory.mktemp("doc") / f"article{suffix}"
    path.write_bytes(raw)
    try:
        document = read_document(path)
    except DocumentError as refused:
        assert str(refused) and "\n" not in str(refused).strip()
    else:
        assert isinstance(document, Document) and document.text.strip()


# Subtitles, e-mails and posts cut from their own parts, so that random input reaches their
# readers' rules (timings, voices, quotes, forwards, MIME parts, chat lines) and not only the refusals.
SUBTITLE_PARTS = st.sampled_from([
    "WEBVTT", "\n", "\n\n", "\r\n", "1", "00:00:01,000 --> 00:00:03,500", "00:01.000 --> 00:02.000 align:start",
    "99:59:59.999 --> 00:00:00.000", "-->", "<v Kari Holm>", "</v>", "<i>", "<00:00:01.200><c>", "KARI HOLM:",
    "[applause]", "(LAUGHTER)", "♪", ">>", ">>>", "- ", "NOTE", "STYLE", "We built 40 quays.", " ", "{\\an8}", "&amp;",
])
MAIL_PARTS = st.sampled_from([
    "From: Kari Holm <k@x.example>\n", "Subject: Fwd: Re: ferry\n", "Date: Tue, 3 Mar 2026 10:00:00 +0100\n",
    "Date: yesterday\n", "MIME-Version: 1.0\n", 'Content-Type: multipart/mixed; boundary="b"\n',
    "Content-Type: text/html; charset=utf-8\n", "Content-Type: text/plain; format=flowed; delsp=yes\n",
    "Content-Transfer-Encoding: base64\n", "Content-Transfer-Encoding: quoted-printable\n", "\n", "--b\n", "--b--\n",
    "> quoted\n", "-- \n", "---------- Forwarded message ---------\n", "From: x\nSent: y\n", "<p>We built 40 quays.</p>",
    "<blockquote type=cite>", "<table><tr><td>1</td><td>2</td></tr>", "=C3=B8=\n", "Zm9v\n", "We built 40 quays. \n",
    'Content-Disposition: attachment; filename="r.txt"\n', 'Content-Disposition: attachment; filename="r.html"\n',
])


@settings(FUZZ, max_examples=300)
@given(parts=st.lists(SUBTITLE_PARTS | st.text(max_size=20), max_size=40), suffix=st.sampled_from([".srt", ".vtt", ".txt"]))
@example(parts=["WEBVTT"], suffix=".txt")  # a subtitle file saved as text, with no speech: once a traceback
def test_a_subtitle_file_gives_a_document_or_a_document_error(tmp_path_factory, parts, suffix):
    assert_read_or_refused(tmp_path_factory, "".join(parts).encode("utf-8"), suffix)


@settings(FUZZ, max_examples=300)
@given(parts=st.lists(MAIL_PARTS | st.text(max_size=20), max_size=40), suffix=st.sampled_from([".eml", ".txt"]))
def test_an_email_gives_a_document_or_a_document_error(tmp_path_factory, parts, suffix):
    assert_read_or_refused(tmp_path_factory, "".join(parts).encode("utf-8"), suffix)


POST_PARTS = st.sampled_from([
    "04/03/2026, 09:14 - ", "3/4/26, 9:14\u202fAM - ", "[04/03/2026, 09:14:22] ", "\u200e", "Kari Holm: ", "Kari Holm",
    "+47 912 34 567: ", "<Media omitted>", "image omitted", "<attached: 0001-PHOTO.jpg>", "This message was deleted",
    " <This message was edited>", "Kari Holm, [04.03.2026 09:14]", "@kariholm", "@a@b.social", " · ", "·", "Mar 4", "3h",
    "9:14 AM · Mar 4, 2026 · 45.2K Views", "1.2K", "88 likes", "Show more", "Replying to @perlund",
    "Readers added context they thought people might want to know", "Do you find this helpful?", "We built 40 quays.",
    "\n", "\n\n", "\r\n", ":", "[", "]",
])


# An Outlook message with every part the reader takes apart: two bodies, the Rich Text one
# holding HTML, internet headers, a picture the HTML shows, files read and not, and an attached message.
OUTLOOK_MESSAGE = msg_bytes(
    OutlookMessage(
        subject="FW: We built 40 quays",
        sender_name="Kari Holm",
        sender_address="k@x.example",
        sent=dt.datetime(2026, 3, 3, 9, 0, tzinfo=dt.timezone.utc),
        plain="We built 40 quays.\r\n",
        rtf=compressed_rtf(encapsulated_rtf('<html><body><p>We built <a href="https://x.example">40 quays</a>.</p><img src="cid:a"></body></html>')),
        transport_headers="From: Kari Holm <k@x.example>\nDate: Tue, 3 Mar 2026 10:00:00 +0100\n\n",
        attachments=(Attachment("a.png", b"\x89PNG", "image/png", "a"), Attachment("b.pdf", b"%PDF" * 2000), Attachment("c.txt", b"We built 40 quays in 2025.\r\n"), OutlookMessage(subject="Quays", plain="40.")),
    )
)


@settings(FUZZ, max_examples=300)
@given(changes=st.lists(st.tuples(st.integers(0, len(OUTLOOK_MESSAGE) - 1), st.binary(min_size=1, max_size=8)), min_size=1, max_size=6), cut=st.integers(512, len(OUTLOOK_MESSAGE)))
def test_a_damaged_outlook_message_gives_a_document_or_a_document_error(tmp_path_factory, changes, cut):
    damaged = bytearray(OUTLOOK_MESSAGE)
    for at, data in changes:
        damaged[at : at + len(data)] = data
    assert_read_or_refused(tmp_path_factory, bytes(damaged[:cut]), ".msg")


RTF_PARTS = st.sampled_from([
    "{", "}", "\\rtf1", "\\fromhtml1 ", "\\ansicpg1251 ", "{\\*\\htmltag84 ", "\\htmlrtf ", "\\htmlrtf0 ", "\\*", "\\u-10179?",
    "\\u1078?", "\\uc2 ", "\\'e5", "\\'", "\\f4 ", "{\\fonttbl{\\f4\\fcharset204 Arial;}}", "\\par ", "<p>", "We built 40 quays.", "\\",
])


@settings(FUZZ, max_examples=300)
@given(parts=st.lists(RTF_PARTS | st.text(max_size=10), max_size=40), stored=st.binary(max_size=200))
def test_rich_text_gives_html_none_or_a_value_error(parts, stored):
    """The HTML taken out of any RTF is text or nothing; a damaged compressed body is refused."""
    html = encapsulated_html("".join(parts).encode("utf-8"))
    assert html is None or isinstance(html, str)
    try:
        assert isinstance(decompressed(stored), bytes)
    except ValueError as refused:
        assert str(refused)


@settings(FUZZ, max_examples=300)
@given(parts=st.lists(POST_PARTS | st.text(max_size=20), max_size=40))
def test_pasted_posts_give_a_document_or_a_document_error(tmp_path_factory, parts):
    assert_read_or_refused(tmp_path_factory, "".join(parts).encode("utf-8"), ".txt")


@settings(FUZZ, max_examples=300)
@given(parts=st.lists(POST_PARTS | st.sampled_from(["OO ", "C) ", " @", " ©", " - ", " : ", "312 88 1.2K", "2028.", "by"]) | st.text(max_size=20), max_size=40))
@example(parts=["04/03/2026, 09:14 - ", "\n", "@kariholm"])  # a header with no post under it
def test_a_screenshots_text_reads_as_posts_or_as_none(parts):
    # What OCR gives for a screenshot, cut from the marks the reader puts right
    posts = screenshot_posts("".join(parts))
    if posts is not None:  # every paragraph a post's, under its label
        assert all(paragraph.startswith("[Posted") for paragraph in posts.text.split("\n\n"))
        split_sentences(posts.text)


CHAT_LINES = st.sampled_from([
    "9:41", "Norrvik Check tipline", "Kari, Per, You", "online", "last seen today at 08:12", "Today", "4 March 2026",
    "Kari added Per", "Kari Holm", "+47 912 34 567", "~ Per", "Forwarded", "© Forwarded", "The council voted 21 to 14.",
    "close the maternity ward last", "08:03", "09:14 vv", "9:14 PM X/", "decided. 08:10", "Message", "",
]) | st.text(max_size=20)
SCREEN_LINES = st.builds(
    ScreenLine, CHAT_LINES, st.integers(0, 840), st.integers(0, 3000), st.integers(0, 840), st.integers(0, 3000)
).map(lambda line: line if line.left <= line.right else ScreenLine(line.text, line.right, line.top, line.left, line.bottom))


@settings(FUZZ, max_examples=300)
@given(lines=st.lists(SCREEN_LINES, max_size=40))
def test_a_chat_screenshots_lines_read_as_messages_or_as_none(lines):
    # What OCR finds in a screenshot of a chat, anywhere on the screen, in any order
    messages = chat_screenshot(sorted(lines, key=lambda line: (line.top, line.left)), 840)
    if messages is not None:  # every paragraph a message's, under its label
        assert all(paragraph.startswith("[Sent") for paragraph in messages.text.split("\n\n"))
        split_sentences(messages.text)


# A Telegram export's JSON with values of any shape where the reader expects strings and lists.
TELEGRAM_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12) | st.sampled_from(["message", "service", "public_channel", "2026-03-04T09:14:00"]),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(["type", "text", "href", "from", "forwarded_from", "date", "photo", "messages", "name"]), inner, max_size=5),
    max_leaves=12,
)


@settings(FUZZ, max_examples=300)
@given(export=st.fixed_dictionaries({"name": TELEGRAM_VALUES, "type": TELEGRAM_VALUES, "messages": st.lists(TELEGRAM_VALUES, max_size=6)}))
def test_a_telegram_export_gives_a_document_or_a_document_error(tmp_path_factory, export):
    assert_read_or_refused(tmp_path_factory, json.dumps(export).encode("utf-8"), ".json")


# Lines of pages of Telegram's HTML export in any order and number, under the block that holds
# a page's messages: tags left open, closed twice, or nested where the reader expects none.
TELEGRAM_PAGE_LINES = sorted({line for name in ("telegram_channel_messages.html", "telegram_group_messages2.html") for line in (Path(__file__).parent / name).read_text(encoding="utf-8").splitlines()})


@settings(FUZZ, max_examples=300)
@given(lines=st.lists(st.sampled_from(TELEGRAM_PAGE_LINES) | st.text(max_size=20), max_size=60))
@example(lines=["<?"])  # a processing instruction among the messages
def test_a_telegram_html_page_gives_a_document_or_a_document_error(tmp_path_factory, lines):
    page = "\n".join(['<html><body><div class="page_body chat_page"><div class="history">', *lines])
    assert_read_or_refused(tmp_path_factory, page.encode("utf-8"), ".html")


ARTICLE_TEXT = st.lists(
    st.characters(blacklist_categories=("Cs",))
    | st.sampled_from(["\r", "\r\n", "\n\n", ". ", "  ", "\t", "http://x.example/a", "Mr. ", "3.5 ", '"', "\u2029", "\x0b"]),
    max_size=300,
).map("".join) | st.builds(lambda c, n: c * n, st.sampled_from(["a", ".", " ", "\n", "!", "x "]), st.integers(1, 3000))


@settings(FUZZ, max_examples=1000)
@given(text=ARTICLE_TEXT)
def test_split_sentences_keeps_exact_offsets_and_covers_every_character_once(text):
    pieces = split_sentences(text)
    covered = [0] * len(text)
    for piece in pieces:
        assert 0 <= piece.start <= piece.end <= len(text)
        assert text[piece.start : piece.end] == piece.text
        for position in range(piece.start, piece.end):
            covered[position] += 1
    for position, character in enumerate(text):
        if not character.isspace():
            assert covered[position] == 1, (position, character)
        else:
            assert covered[position] <= 1, (position, character)


def claims_row(index, values):
    return {"claim_id": f"C{index:010x}", "claim": f"Claim number {index} rose 5 percent.", **values}


REVIEWS = st.fixed_dictionaries(
    {
        "status": REVIEWER_TEXT,
        "verdict": REVIEWER_TEXT,
        "sources": REVIEWER_TEXT,
        "notes": REVIEWER_TEXT,
        "reviewer": REVIEWER_TEXT,
        "reviewed_on": st.none() | st.dates(dt.date(1900, 3, 1), dt.date(9999, 12, 31)),
    }
)


@settings(FUZZ, max_examples=120)
@given(reviews=st.lists(REVIEWS, min_size=1, max_size=4))
def test_reviewer_values_round_trip_through_a_workbook_exactly(tmp_path_factory, reviews):
    path = tmp_path_factory.mktemp("wb") / "sheet.xlsx"
    rows = [claims_row(i, r) for i, r in enumerate(reviews)]
    write_workbook(path, WorkbookContent(claims=rows, sentences=[], sources=[], history=[], properties={MARKER_PROPERTY: "test"}))
    read = read_previous_workbook(path).claims
    assert len(read) == len(rows)
    for written, back in zip(rows, read):
        for key in REVIEWER_FIELDS:
            expected = written.get(key)
            if isinstance(expected, dt.date):
                expected = dt.datetime.combine(expected, dt.time())
            assert back[key] == (expected if expected != "" else None), key


def real_workbook_bytes():
    rows = [claims_row(i, {"notes": f"note {i}", "status": "Checked"}) for i in range(3)]
    with tempfile.TemporaryDirectory() as folder:
        path = write_workbook(Path(folder) / "real.xlsx", WorkbookContent(claims=rows, sentences=[], sources=[], history=[], properties={MARKER_PROPERTY: "test"}))
        return path.read_bytes()


REAL = real_workbook_bytes()


@st.composite
def damaged_workbooks(draw):
    """A real workbook with one stretch overwritten by random bytes, or cut short."""
    start = draw(st.integers(0, len(REAL) - 1))
    if draw(st.booleans()):
        return REAL[:start]
    patch = draw(st.binary(min_size=1, max_size=64))
    return REAL[:start] + patch + REAL[start + len(patch) :]


@settings(FUZZ, max_examples=400)
@given(raw=st.binary(max_size=2000) | st.binary(max_size=500).map(lambda b: b"PK\x03\x04" + b) | damaged_workbooks())
def test_garbage_as_an_existing_workbook_is_read_or_refused(tmp_path_factory, raw):
    path = tmp_path_factory.mktemp("garbage") / "sheet.xlsx"
    path.write_bytes(raw)
    try:
        read_previous_workbook(path)
    except WorksheetError as refused:  # ForeignWorkbookError is one
        assert str(path) in str(refused) and "\n" not in str(refused)


def test_the_damaged_workbook_strategy_starts_from_a_readable_workbook(tmp_path):
    path = tmp_path / "sheet.xlsx"
    path.write_bytes(REAL)
    assert [r["notes"] for r in read_previous_workbook(path).claims] == ["note 0", "note 1", "note 2"]


# One edit of a call log: ("retype", row, text), ("insert", row), ("delete", row), ("append",).
LOG_EDITS = st.lists(
    st.one_of(
        st.tuples(st.just("retype"), st.integers(2, 9), st.sampled_from(["called", "emailed", "no answer"])),
        st.tuples(st.just("insert"), st.integers(2, 9)),
        st.tuples(st.just("delete"), st.integers(2, 9)),
        st.tuples(st.just("append")),
    ),
    max_size=4,
)


def edit_log(sheet, edits, side):
    """Make ``edits`` to the call log ``sheet`` as ``side`` ("desk" or "copy") would in a
    spreadsheet program; return the calls it added (by caller, as they read), the callers of
    the handed-out log it deleted, and their statuses it retyped, by caller."""
    added, deleted, retyped = {}, set(), {}
    for number, (kind, *where) in enumerate(edits):
        last = sheet.max_row
        row = min(where[0], last + (kind == "insert")) if where else last + 1
        caller = sheet.cell(row, 1).value if row > 1 else None
        if kind == "retype" and caller:
            sheet.cell(row, 3).value = status = f"{where[1]} ({side})"
            if caller in added:
                added[caller] = ["new", status]
            else:
                retyped[caller] = status
        elif kind == "delete" and caller:
            if added.pop(caller, None) is None:
                deleted.add(caller)
                retyped.pop(caller, None)
            sheet.delete_rows(row)
        elif kind == "append" or kind == "insert" and row > 1:
            caller = f"{side} caller {number}"
            if kind == "insert" and row <= last:
                sheet.insert_rows(row)
            for column, value in enumerate((caller, "new", "to call"), start=1):
                sheet.cell(row, column, value)
            added[caller] = ["new", "to call"]
        count_letters(sheet)  # the program moves each row's formula with it; a new row's is typed
    return added, deleted, retyped


def count_letters(sheet):
    """Each call's =LEN(A7) on its own row, as a spreadsheet program keeps it."""
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, 1).value:
            sheet.cell(row, 4).value = f"=LEN(A{row})"


def rows_by_caller(sheet):
    return {sheet.cell(row, 1).value: [sheet.cell(row, column).value for column in (2, 3)] for row in range(2, sheet.max_row + 1) if sheet.cell(row, 1).value}


@settings(FUZZ, max_examples=200)
@given(desk_edits=LOG_EDITS, copy_edits=LOG_EDITS, callers=st.integers(1, 6))
def test_a_shared_log_merges_every_edit_of_both_sides_or_lists_it(desk_edits, copy_edits, callers):
    """Whatever the desk and a reviewer insert, delete, append and retype in a call log handed
    out (each call counting its letters, =LEN(A7)), the merge loses nothing: each side's new
    calls are in once, each formula reads its own row, each status only the copy
    retyped lands on its caller's row, each the desk retyped stays, a status both retyped is a
    conflict, a call the copy deleted is emptied or (changed by the desk) kept; merged again,
    nothing changes."""
    from io import BytesIO

    from openpyxl import Workbook, load_workbook

    from factcheck.own_sheets import _merge_cells, record_own_sheets, recorded_own_sheets
    from factcheck.references import ReferenceMover

    workbook = Workbook()
    workbook.active.title = "Claims"  # a tool sheet, not recorded
    calls = workbook.create_sheet("Calls")
    calls.append(["Who", "About", "Status"])
    for number in range(1, callers + 1):
        calls.append([f"caller {number}", f"topic {number}", "to call"])
    count_letters(calls)
    record_own_sheets(workbook)
    written = recorded_own_sheets(workbook)["Calls"]
    handed_out = BytesIO()
    workbook.save(handed_out)
    desk, copy = (load_workbook(BytesIO(handed_out.getvalue())) for _ in range(2))
    _, desk_deleted, desk_retyped = edit_log(desk["Calls"], desk_edits, "desk")
    copy_added, copy_deleted, copy_retyped = edit_log(copy["Calls"], copy_edits, "copy")
    before = rows_by_caller(desk["Calls"])
    unmoved = ReferenceMover({}, lambda _: {}, {}, {})

    _, _, conflicts, _ = _merge_cells(desk["Calls"], copy["Calls"], written, unmoved, unmoved)
    after = rows_by_caller(desk["Calls"])
    listed = {where for where, _, _ in conflicts}
    for caller, values in copy_added.items():
        assert after[caller] == values
    # Each call the copy added stands between the calls it stood between there, where the desk has them.
    rows = {desk["Calls"].cell(row, 1).value: row for row in range(2, desk["Calls"].max_row + 1)}
    order = list(rows_by_caller(copy["Calls"]))
    for caller in copy_added:
        at = order.index(caller)
        above = [other for other in order[:at] if other in before and other not in copy_added]
        below = [other for other in order[at + 1:] if other in before and other not in copy_added]
        assert not above or rows[above[-1]] < rows[caller]
        assert not below or rows[caller] < rows[below[0]]
    for caller, status in desk_retyped.items():
        assert after[caller][1] == status  # the desk's, whatever the copy did
    for caller, status in copy_retyped.items():
        if caller in desk_deleted:
            assert any(status == copys[1] for _, _, copys in conflicts)  # on a row the desk deleted: listed
        elif caller in desk_retyped and desk_retyped[caller] != status:
            assert any(where.startswith("Calls: C") for where in listed)
        else:
            assert after[caller][1] == status
    for where, _, (_, theirs) in conflicts:
        assert theirs in {*copy_retyped.values(), "(row deleted)"}, where  # nothing listed the copy did not do
    for caller in copy_deleted - set(desk_retyped) - desk_deleted:
        assert caller not in after  # emptied
    for caller in set(before) - copy_deleted:
        assert caller in after  # every other call of the desk's is still there
    assert len([row for row in range(2, desk["Calls"].max_row + 1) if desk["Calls"].cell(row, 1).value]) == len(after)  # each once
    assert all(desk["Calls"].cell(row, 4).value == f"=LEN(A{row})" for caller, row in rows.items() if caller)  # formulas read their own rows

    merged = rows_by_caller(desk["Calls"])
    taken, _, _, _ = _merge_cells(desk["Calls"], copy["Calls"], written, unmoved, unmoved)
    assert taken == 0 and rows_by_caller(desk["Calls"]) == merged
