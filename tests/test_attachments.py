"""An e-mail's attached files: a release sent as a PDF or Word file is read after the message."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest
from openpyxl import load_workbook

from factcheck import split_sentences
from factcheck.document import page_at, read_document

from .outlook_files import Attachment, OutlookMessage, msg_bytes
from .reviewing import fill_reviews, sheet_rows
from .test_cli import factcheck
from .test_end_to_end import converted
from .test_mail import FIGURES, XLSX, mail, saved

SENDER = "e-mail from Nordbane Press <press@nordbane.example>, sent 3 March 2026 09:14 +0100"
NOTE = "Please find our results for 2025 attached. The board approved a dividend of NOK 2 per share on Monday."
FIRST_PAGE = [
    "Nordbane Reports Record Year",
    "Nordbane carried 14.2 million passengers in 2025, up 12 per cent from 2024.",
    "Punctuality rose to 91.3 per cent, the highest since the line opened in 2009.",
]
SECOND_PAGE = [
    "The company will invest NOK 1.4 billion in new trains by 2030.",
    "Nordbane employs 2,300 people in Norway and Sweden.",
]
PDF_NAME, DOCX_NAME = "Nordbane results 2025.pdf", "Nordbane results 2025.docx"


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> dict[str, Path]:
    """The results release as a Word file, with its second page after a page break, and as the
    PDF LibreOffice prints from it."""
    import docx

    folder = tmp_path_factory.mktemp("results")
    document = docx.Document()
    document.add_heading(FIRST_PAGE[0], level=1)
    for paragraph in FIRST_PAGE[1:]:
        document.add_paragraph(paragraph)
    document.add_page_break()
    for paragraph in SECOND_PAGE:
        document.add_paragraph(paragraph)
    document.save(folder / "results.docx")
    return {"docx": folder / "results.docx", "pdf": converted(folder / "results.docx", folder, "pdf")}


def release(*files: tuple[str, bytes, str], text: str = NOTE, subject: str = "Nordbane results for 2025") -> EmailMessage:
    """The press office's message, with ``files`` (name, bytes, MIME type) attached."""
    message = mail(text, None, sender="Nordbane Press <press@nordbane.example>", to="desk@avisa.example",
                   subject=subject, date="Tue, 03 Mar 2026 09:14:00 +0100")
    for name, content, kind in files:
        maintype, subtype = kind.split("/")
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=name)
    return message


def pdf(results) -> tuple[str, bytes, str]:
    return PDF_NAME, results["pdf"].read_bytes(), "application/pdf"


def word(results) -> tuple[str, bytes, str]:
    return DOCX_NAME, results["docx"].read_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def places(document) -> dict[str, tuple[int, str]]:
    """Each sentence's page and attached file."""
    return {
        sentence.plain_text: (place.number, place.attachment) if (place := page_at(document.pages, sentence.start)) else (0, "")
        for sentence in split_sentences(document.text)
    }


def test_a_release_attached_as_a_pdf_is_read_after_the_message_on_its_pages(tmp_path, results):
    document = read_document(saved(tmp_path, release(pdf(results))))
    assert document.text == "\n\n".join(["Nordbane results for 2025", NOTE, f"Attachment: {PDF_NAME}", read_document(results["pdf"]).text.strip()]) + "\n"
    assert document.notes == (SENDER, f"1 attachment read after the message: {PDF_NAME}")
    where = places(document)
    assert where[NOTE.split(". ")[1]] == (0, "")
    assert where[f"Attachment: {PDF_NAME}"] == (0, PDF_NAME)
    assert [where[sentence] for sentence in FIRST_PAGE + SECOND_PAGE] == [(1, PDF_NAME)] * 3 + [(2, PDF_NAME)] * 2
    assert [s.kind for s in split_sentences(document.text) if s.plain_text == f"Attachment: {PDF_NAME}"] == ["furniture"]


def test_a_word_attachment_is_read_on_no_page_and_others_are_named(tmp_path, results):
    document = read_document(saved(tmp_path, release(word(results), ("logo.png", b"\x89PNG\r\n\x1a\n", "image/png"), (FIGURES, b"PK\x03\x04", "application/" + XLSX))))
    assert document.text.endswith(f"Attachment: {DOCX_NAME}\n\n" + read_document(results["docx"]).text.strip() + "\n")
    assert {where for sentence, where in places(document).items() if sentence in FIRST_PAGE + SECOND_PAGE} == {(0, DOCX_NAME)}
    assert document.notes[1:] == (f"1 attachment read after the message: {DOCX_NAME}", f"2 attachments not read: logo.png, {FIGURES}")


def test_a_file_that_repeats_what_was_read_is_not_read_again(tmp_path, results):
    """A release pasted into the message and attached as well; the same release as PDF and Word."""
    pasted = "\n\n".join(FIRST_PAGE + SECOND_PAGE) + "\n"
    document = read_document(saved(tmp_path, release(pdf(results), text=pasted)))
    assert "Attachment:" not in document.text
    assert document.notes[1:] == (f"1 attachment not read: {PDF_NAME} (it repeats the message)",)
    document = read_document(saved(tmp_path, release(pdf(results), word(results))))
    assert document.text.count("Nordbane employs 2,300 people") == 1
    assert document.notes[2] == f"1 attachment not read: {DOCX_NAME} (it repeats {PDF_NAME})"


def test_a_file_too_long_for_a_release_a_damaged_one_and_outlooks_unnamed_parts_are_named_with_why(tmp_path):
    report = ("The ferry carried 1,200 cars in May. " * 715).encode()  # 5,005 words
    document = read_document(saved(tmp_path, release(
        ("annual report.txt", report, "text/plain"),
        ("broken.pdf", b"%PDF-1.7\n", "application/pdf"),
        ("ATT00001.txt", b"To unsubscribe from this list, write to the press office.", "text/plain"),
    )))
    assert document.text == f"Nordbane results for 2025\n\n{NOTE}\n"
    (named,) = [note for note in document.notes if "not read" in note]
    assert named.startswith(
        "3 attachments not read: annual report.txt (5,005 words, longer than a release: check it as a file of its own), "
        "broken.pdf (cannot be read as a PDF file: "
    )
    assert named.endswith("), ATT00001.txt")


def test_a_message_with_no_text_of_its_own_is_read_from_its_attachment(tmp_path, results):
    document = read_document(saved(tmp_path, release(pdf(results), text="\n")))
    assert document.text.startswith(f"Attachment: {PDF_NAME}\n\n{FIRST_PAGE[0]}")
    assert places(document)[FIRST_PAGE[1]] == (1, PDF_NAME)


def test_an_outlook_message_reads_its_attached_pdf(tmp_path, results):
    path = tmp_path / "results.msg"
    path.write_bytes(msg_bytes(OutlookMessage(subject="Nordbane results for 2025", plain=NOTE,
                                              attachments=(Attachment(PDF_NAME, results["pdf"].read_bytes(), "application/pdf"),))))
    document = read_document(path)
    assert document.text.endswith(f"Attachment: {PDF_NAME}\n\n" + read_document(results["pdf"]).text.strip() + "\n")
    assert places(document)[SECOND_PAGE[0]] == (2, PDF_NAME)


def test_claims_in_an_attachment_say_where_and_keep_their_reviews_on_a_corrected_release(tmp_path, results, tiny_model):
    path, output = saved(tmp_path, release(pdf(results), word(results))), tmp_path / "results.xlsx"
    result = factcheck("check", path, "-o", output, "--model", tiny_model, "--threshold", "0")
    assert result.returncode == 0, result.stderr
    where = {row["claim"]: row["suggested_sources"].splitlines()[-1] for row in sheet_rows(output)}
    assert where[FIRST_PAGE[1]] == f"On page 1 of the attached {PDF_NAME}"
    assert where[SECOND_PAGE[1]] == f"On page 2 of the attached {PDF_NAME}"
    assert not where[NOTE.split(". ")[1]].startswith(("On page", "In the attached"))
    assert f"Attachment: {PDF_NAME}" not in where
    sentences = {row[3]: row[2] for row in load_workbook(output)["Sentences"].iter_rows(min_row=2, values_only=True)}
    assert sentences.get(f"Attachment: {PDF_NAME}") == "furniture"

    fill_reviews(output, {SECOND_PAGE[1]: {"verdict": "False", "notes": "2,100 in the annual report"}})
    corrected = tmp_path / "corrected"
    corrected.mkdir()
    path = saved(corrected, release(word(results), subject="RE: Nordbane results for 2025"), "results.eml")
    result = factcheck("check", path, "-o", output, "--model", tiny_model, "--threshold", "0")
    assert result.returncode == 0, result.stderr
    rows = {row["claim"]: row for row in sheet_rows(output)}
    assert (rows[SECOND_PAGE[1]]["verdict"], rows[SECOND_PAGE[1]]["notes"]) == ("False", "2,100 in the annual report")
    assert rows[SECOND_PAGE[1]]["suggested_sources"].splitlines()[-1] == f"In the attached {DOCX_NAME}"
