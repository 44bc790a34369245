"""Tests for factcheck.pictures: screenshots and photos of print read by OCR (Tesseract)."""

from __future__ import annotations

import re

import pytest

from factcheck.batch import find_articles
from factcheck.check import check_article
from factcheck.document import read_document
from factcheck.errors import DocumentError
from factcheck.segment import split_sentences

from .conftest import SEED_ARTICLE
from .reviewing import sheet_rows
from .screenshots import chat, post_page, printed_page, timeline
from .test_cli import assert_one_line_error, factcheck
from .test_posts import said

THREAD = [
    ("Kari Holm", "@kariholm", "3h", "The government has cut ferry funding by 40% since 2019. Passenger numbers fell 12% last year alone.", ["12", "88", "1.2K"]),
    ("Per Lund", "@perlund_no", "2h", "This is false. Funding rose by 8% in the 2025 budget, according to the finance ministry.", ["3", "20", "61"]),
]
VIRAL = "BREAKING: The council voted 21 to 14 to close the Norrvik maternity ward last Tuesday. Mothers will now drive 140 km to Tromso to give birth."


def test_a_screenshot_of_a_posts_page_reads_as_the_authors_post(tmp_path):
    page = post_page(tmp_path / "viral.png", "Kari Holm", "@kariholm", VIRAL, "9:14 AM · Nov 11, 2026 · 45.2K Views", ["312", "88", "1.2K", "45K"])
    document = read_document(page)
    # The badge, the "·" marks, the counts and the lines wrapped at the screen's width put right
    assert said(document.text) == {
        "BREAKING: The council voted 21 to 14 to close the Norrvik maternity ward last Tuesday.": ("Kari Holm (@kariholm)", "9:14 AM · Nov 11, 2026"),
        "Mothers will now drive 140 km to Tromso to give birth.": ("Kari Holm (@kariholm)", "9:14 AM · Nov 11, 2026"),
    }
    assert document.format == "png" and document.notes[1:] == ("1 post read in a screenshot",)
    # Every language installed is read ("eng+nor" where Norwegian is)
    assert re.fullmatch(r"text read from the picture by OCR \(Tesseract, eng(\+\w+)*\): check names and figures against the picture", document.notes[0])


def test_a_screenshot_of_a_timeline_reads_each_post_as_its_authors(tmp_path):
    document = read_document(timeline(tmp_path / "thread.jpg", THREAD))
    assert said(document.text) == {
        "The government has cut ferry funding by 40% since 2019.": ("Kari Holm (@kariholm)", "3h"),
        "Passenger numbers fell 12% last year alone.": ("Kari Holm (@kariholm)", "3h"),
        "This is false.": ("Per Lund (@perlund_no)", "2h"),
        "Funding rose by 8% in the 2025 budget, according to the finance ministry.": ("finance ministry", "2h"),  # its own source
    }
    assert "9:41" not in document.text and "1.2K" not in document.text


def test_a_photo_of_a_printed_article_reads_as_its_text(tmp_path):
    paragraphs = [" ".join(block.split()) for block in SEED_ARTICLE.read_text(encoding="utf-8").split("\n\n") if block.strip()]
    photo = read_document(printed_page(tmp_path / "page.jpg", paragraphs))
    read, typed = ({" ".join(piece.text.split()) for piece in split_sentences(text) if piece.kind == "sentence"} for text in (photo.text, SEED_ARTICLE.read_text(encoding="utf-8")))
    # The seed's claims, each one sentence as typed: lines wrapped in the column and paragraphs
    # OCR broke with a blank line joined again
    for figure in ("29 times the size", "25-year rule", "in 2014", "tax issues this week"):
        assert [s for s in read if figure in s] == [s for s in typed if figure in s], figure
    # Three of 20 read otherwise: two curly apostrophes read straight, and "state-run" broken at
    # its hyphen read as a word split at a line's end ("staterun")
    assert len(read & typed) >= len(typed) - 3


TIPLINE = [
    ("day", "Yesterday"),
    ("notice", "Kari added Per"),
    ("in", "Kari Holm", "The council voted 21 to 14 to close the maternity ward last Tuesday.", "08:03", "Forwarded"),
    ("in", "", "Mothers will now drive 140 km to give birth.", "08:04"),
    ("in", "+47 912 34 567", "Is this true? My sister works there and says nothing was decided.", "08:10"),
    ("day", "Today"),
    ("out", "Checking now. The minutes say the vote was 19 to 16.", "09:14"),
    ("in", "Per Lund", "Ambulance waits in Norrvik have doubled since 2023, according to the health board.", "09:20"),
]


def test_a_screenshot_of_a_group_chat_reads_each_bubble_as_its_senders_message(tmp_path):
    document = read_document(chat(tmp_path / "tipline.png", "Norrvik Check tipline", "Kari, Per, +47 912 34 567, You", TIPLINE))
    # A name over a run of bubbles is its sender's for all of them; the right-hand ones are yours;
    # a forward is said by who forwarded it; the day over the bubbles dates them
    assert said(document.text) == {
        "The council voted 21 to 14 to close the maternity ward last Tuesday.": ("forwarded by Kari Holm", "Yesterday 08:03"),
        "Mothers will now drive 140 km to give birth.": ("Kari Holm", "Yesterday 08:04"),
        "Is this true?": ("+47 912 34 567", "Yesterday 08:10"),
        "My sister works there and says nothing was decided.": ("+47 912 34 567", "Yesterday 08:10"),
        "Checking now.": ("You", "Today 09:14"),
        "The minutes say the vote was 19 to 16.": ("You", "Today 09:14"),
        "Ambulance waits in Norrvik have doubled since 2023, according to the health board.": ("health board", "Today 09:20"),
    }
    assert document.notes[1:] == (
        '5 messages read in a screenshot of the chat "Norrvik Check tipline"',
        "1 forwarded message said by who forwarded it",
        "1 chat notice left out",
    )
    # The top bar, the day and notice between bubbles, the ticks and the box to type in are no one's words
    assert not re.search(r"tipline|Kari added|Message$|\d:\d\d [^\n]", document.text)


def test_a_screenshot_of_a_chat_with_one_person_reads_their_bubbles_as_theirs(tmp_path):
    items = [
        ("day", "4 March 2026"),
        ("in", "", "Hello, this is on Facebook. The new bridge will cost 3 billion kroner.", "21:40"),
        ("out", "Thanks, we will look into it.", "21:52"),
        ("in", "", "They also say it will open in 2031.", "21:53"),
    ]
    document = read_document(chat(tmp_path / "chat.png", "Ola Berg", "last seen today at 08:12", items))
    assert said(document.text) == {
        "Hello, this is on Facebook.": ("Ola Berg", "4 March 2026 21:40"),
        "The new bridge will cost 3 billion kroner.": ("Ola Berg", "4 March 2026 21:40"),
        "Thanks, we will look into it.": ("You", "4 March 2026 21:52"),
        "They also say it will open in 2031.": ("Ola Berg", "4 March 2026 21:53"),
    }


def test_a_reply_in_a_chat_screenshot_is_its_senders_own_words_not_the_message_it_quotes(tmp_path):
    rumour = "The council voted 21 to 14 to close the maternity ward last Tuesday."
    answer = "No, the minutes say the vote was 19 to 16."
    items = [
        ("day", "Today"),
        ("in", "Kari Holm", rumour, "08:03", "Forwarded"),
        ("in", "Per Lund", answer, "08:10", ("Kari Holm", rumour)),
        ("out", "Thanks, we are checking the minutes now.", "08:12", ("Per Lund", answer)),
    ]
    document = read_document(chat(tmp_path / "replies.png", "Norrvik Check tipline", "Kari, Per, You", items))
    # Each sentence once, said by who wrote it: a quote at a reply's top is the quoted sender's
    assert said(document.text) == {
        rumour: ("forwarded by Kari Holm", "Today 08:03"),
        "No, the minutes say the vote was 19 to 16.": ("Per Lund", "Today 08:10"),
        "Thanks, we are checking the minutes now.": ("You", "Today 08:12"),
    }
    # The quoted name over your own reply, set in as the words under it are, is no notice
    assert document.notes[1:] == (
        '3 messages read in a screenshot of the chat "Norrvik Check tipline"',
        "1 forwarded message said by who forwarded it",
        "2 quoted messages left out of the reply quoting it",
    )


def test_a_chat_screenshot_is_checked_with_who_sent_each_claim_and_when(tmp_path, tiny_model):
    page = chat(tmp_path / "tipline.png", "Norrvik Check tipline", "Kari, Per, +47 912 34 567, You", TIPLINE)
    check_article(page, tmp_path / "tipline.xlsx", threshold=0.0, model=tiny_model)
    rows = {row["claim"]: row for row in sheet_rows(tmp_path / "tipline.xlsx")}
    claim = rows["The council voted 21 to 14 to close the maternity ward last Tuesday."]
    assert claim["said_by"] == "forwarded by Kari Holm"
    assert claim["suggested_sources"].splitlines()[-1] == "Sent Yesterday 08:03 in a chat"


def test_a_screenshot_is_checked_into_a_workbook_with_who_posted_it_and_when(tmp_path, tiny_model):
    page = post_page(tmp_path / "viral.png", "Kari Holm", "@kariholm", VIRAL, "9:14 AM · Nov 11, 2026 · 45.2K Views", ["312", "88"])
    check_article(page, tmp_path / "viral.xlsx", threshold=0.0, model=tiny_model)
    rows = {row["claim"]: row for row in sheet_rows(tmp_path / "viral.xlsx")}
    claim = rows["Mothers will now drive 140 km to Tromso to give birth."]
    assert claim["said_by"] == "Kari Holm (@kariholm)"
    assert claim["suggested_sources"].splitlines()[-1] == "Posted 9:14 AM · Nov 11, 2026"


def test_without_tesseract_a_picture_is_refused_in_one_line(tmp_path, monkeypatch):
    page = post_page(tmp_path / "viral.png", "Kari Holm", "@kariholm", VIRAL, "Nov 11", [])
    monkeypatch.setenv("PATH", str(tmp_path))  # no tesseract there
    assert_one_line_error(
        factcheck("check", page, "-o", tmp_path / "viral.xlsx"),
        r"viral\.png cannot be read as a PNG file: reading text in a picture needs Tesseract OCR, which is not installed \(apt-get install tesseract-ocr",
    )
    assert not (tmp_path / "viral.xlsx").exists()


def test_a_picture_under_another_pictures_name_is_read_and_other_files_are_refused(tmp_path):
    page = post_page(tmp_path / "viral.png", "Kari Holm", "@kariholm", VIRAL, "Nov 11", [])
    misnamed = tmp_path / "viral.jpg"  # saved from a browser as JPEG, still a PNG
    misnamed.write_bytes(page.read_bytes())
    assert "Mothers will now drive 140 km" in read_document(misnamed).text
    (tmp_path / "notes.png").write_text("Call the council on Monday.", encoding="utf-8")
    with pytest.raises(DocumentError, match=r"notes\.png looks like plain text, not a PNG file$"):
        read_document(tmp_path / "notes.png")
    from PIL import Image

    Image.new("RGB", (300, 120), "white").save(tmp_path / "blank.webp")
    with pytest.raises(DocumentError, match=r"blank\.webp has no text that OCR could read$"):
        read_document(tmp_path / "blank.webp")


def test_a_folder_passes_pictures_over_unless_a_glob_names_them(tmp_path):
    (tmp_path / "story.txt").write_text("The ferry fare rose by a third in 2025.\n", encoding="utf-8")
    page = post_page(tmp_path / "viral.png", "Kari Holm", "@kariholm", VIRAL, "Nov 11", [])
    assert find_articles([tmp_path]) == [tmp_path / "story.txt"]  # an article's photos beside it
    assert find_articles([tmp_path], glob="*.png") == [page]
    (tmp_path / "story.txt").unlink()
    assert_one_line_error(
        factcheck("check", tmp_path, "-o", tmp_path / "out"),
        r"holds no files with an extension factcheck reads \(pictures, \.png here, are read only when named or matched by --glob, such as --glob '\*\.png'\)",
    )
