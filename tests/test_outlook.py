"""Tests for factcheck.outlook: e-mails Outlook saved as .msg, read as the same message saved as .eml is."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from factcheck.batch import find_articles
from factcheck.document import read_document
from factcheck.errors import DocumentError

from .outlook_files import Attachment, OutlookMessage, compound_file, compressed_rtf, encapsulated_rtf, msg_bytes
from .reviewing import sheet_rows
from .test_cli import assert_one_line_error, factcheck
from .test_mail import FIGURES, HEADLINE, RELEASE_HTML, XLSX, RELEASE_LINKS, RELEASE_PARAGRAPHS, RELEASE_SENDER, press_release, signed

MSG = "an Outlook message \\(.msg\\) file"
RECEIVED_AT = dt.datetime(2026, 3, 3, 8, 14, 9, tzinfo=dt.timezone.utc)
LOGO = Attachment("logo.png", b"\x89PNG\r\n\x1a\n", "image/png", content_id="logo", hidden=True)
REPORT = Attachment(FIGURES, b"PK\x03\x04" + bytes(6000), "application/" + XLSX)  # past the mini stream


def received_release(**changes) -> OutlookMessage:
    """The press release of test_mail as Outlook keeps it once received: its HTML body, the
    plain text Outlook makes of it, the internet headers it came with, the logo and the report."""
    headers = press_release().as_string().split("\n\n", 1)[0] + "\n\n"
    fields = dict(
        subject=HEADLINE,
        sender_name="Nordbane Press",
        sender_address="press@nordbane.example",
        sent=RECEIVED_AT,
        to="desk@avisa.example",
        plain="Nordbane carried 14.2 million passengers in 2025\r\n\r\nPress release, 3 March 2026\r\n",
        html=RELEASE_HTML.encode("utf-8"),
        transport_headers=headers,
        attachments=(LOGO, REPORT),
    )
    return OutlookMessage(**{**fields, **changes})


def saved(tmp_path, message: OutlookMessage | bytes, name: str = "release.msg"):
    path = tmp_path / name
    path.write_bytes(message if isinstance(message, bytes) else msg_bytes(message))
    return path


def test_a_press_release_outlook_saved_reads_as_its_eml_does(tmp_path):
    document = read_document(saved(tmp_path, received_release()))
    assert document.format == "msg"
    assert document.text == "\n\n".join(RELEASE_PARAGRAPHS) + "\n"
    assert [(document.text[link.start : link.end], link.address) for link in document.links] == list(RELEASE_LINKS)
    # The sender's own time zone, from the headers it came with; the logo is the HTML's picture.
    assert document.notes == (RELEASE_SENDER, "1 attachment not read: passenger-figures-2025.xlsx")


def test_a_message_never_received_says_its_sender_and_when_it_was_sent_from_outlooks_own_fields(tmp_path):
    """A draft or a sent message has no internet headers: Outlook's sender fields and the time
    it was sent (kept in UTC) say who and when. A colleague's Exchange address is no address."""
    sent = OutlookMessage(
        subject="RE: Ferry figures",
        sender_name="Kari Holm",
        sender_address="kari.holm@avisa.example",
        sender_type="EX",
        sent=RECEIVED_AT,
        plain="The ferry carried 1.2 million passengers in 2025, the operator says.\r\n\r\nIts fleet has 14 boats.\r\n",
    )
    document = read_document(saved(tmp_path, sent))
    assert document.text == (
        "Ferry figures\n\nThe ferry carried 1.2 million passengers in 2025, the operator says.\n\nIts fleet has 14 boats.\n"
    )
    assert document.notes == ("e-mail from Kari Holm, sent 3 March 2026 08:14 +0000",)


def test_an_outlook_97_message_in_a_code_page_reads_its_accents_and_dashes(tmp_path):
    old = OutlookMessage(
        subject="Kommunen bygde 340 boliger i 2025",
        sender_name="Bjørn Ås",
        sender_address="bjorn@kommune.example",
        plain="Kommunen bygde 340 boliger i 2025 – flere enn noen gang, sier ordfører Åse Lie.\r\n",
        unicode=False,
    )
    document = read_document(saved(tmp_path, old))
    assert document.text == "Kommunen bygde 340 boliger i 2025\n\nKommunen bygde 340 boliger i 2025 – flere enn noen gang, sier ordfører Åse Lie.\n"
    assert document.notes == ("e-mail from Bjørn Ås <bjorn@kommune.example>",)


def test_a_signed_message_outlook_kept_as_it_came_is_read_from_that(tmp_path):
    """A message signed with S/MIME: Outlook keeps it whole as one attachment (smime.p7m),
    signature and all, and no body of its own."""
    kept = OutlookMessage(
        subject="Passengers",
        sender_name="Nordbane Press",
        sender_address="press@nordbane.example",
        message_class="IPM.Note.SMIME.MultipartSigned",
        attachments=(Attachment("smime.p7m", signed("Nordbane carried 14.2 million passengers last year."), "multipart/signed"),),
    )
    document = read_document(saved(tmp_path, kept))
    assert document.text == "Passengers\n\nNordbane carried 14.2 million passengers last year.\n"
    assert document.notes == ("e-mail from Nordbane Press <press@nordbane.example>",)


def test_an_html_body_that_names_no_code_page_is_read_as_utf_8_or_else_windows_western(tmp_path):
    for encoding in ("utf-8", "cp1252"):
        html = "<p>The council will spend £96 million – a third more.</p>".encode(encoding)
        kept = OutlookMessage(subject="Budget", html=html, code_page=0)
        assert read_document(saved(tmp_path, kept)).text == "Budget\n\nThe council will spend £96 million – a third more.\n"


def test_an_e_mail_forwarded_as_an_attachment_is_read_as_a_forwarded_one(tmp_path):
    """Outlook's "Forward as attachment" (the original kept whole, headers and all, as an item
    of its own): its text is read, the forwarder's note goes to the notes, and the files of both
    that are not read are named together; a picture the HTML shows is no file."""
    forward = OutlookMessage(
        subject=f"FW: {HEADLINE}",
        sender_name="Kari Holm",
        sender_address="kari.holm@avisa.example",
        sent=RECEIVED_AT,
        html=b'<html><body><p>Worth a look.</p><img src="cid:chart"></body></html>',
        attachments=(
            received_release(),
            Attachment("chart.png", b"\x89PNG\r\n\x1a\n", "image/png", content_id="chart"),
            Attachment("photo.jpg", b"\xff\xd8\xff", "image/jpeg", content_id="unused"),
        ),
    )
    document = read_document(saved(tmp_path, forward))
    assert document.text == "\n\n".join(RELEASE_PARAGRAPHS) + "\n"
    assert [(document.text[link.start : link.end], link.address) for link in document.links] == list(RELEASE_LINKS)
    assert document.notes == (
        "e-mail from Kari Holm <kari.holm@avisa.example>, sent 3 March 2026 08:14 +0000",
        'forwarder\'s note left out: "Worth a look."',
        RELEASE_SENDER.replace("e-mail from", "forwarded message, attached, from"),
        "2 attachments not read: passenger-figures-2025.xlsx, photo.jpg",
    )


def test_an_e_mail_attached_to_a_message_that_is_no_forward_is_named(tmp_path):
    """Only a forward ("FW:") forwards what it has attached; another message's attached e-mail
    is named as an attached .eml's is."""
    note = OutlookMessage(subject="Ferry figures", plain="The ferry carried 1.2 million passengers in 2025.\r\n", attachments=(received_release(),))
    document = read_document(saved(tmp_path, note))
    assert document.text == "Ferry figures\n\nThe ferry carried 1.2 million passengers in 2025.\n"
    assert document.notes == (f'1 attachment not read: e-mail "{HEADLINE}"',)


# What Outlook makes of the release's HTML as plain text: links written out after their words.
OUTLOOK_PLAIN = (
    "Press release, 3 March 2026\r\n\r\nNordbane carried 14.2 million passengers in 2025\r\n\r\n"
    "Nordbane carried 14.2 million passengers last year, up 12 per cent from 2024, according to the company's "
    "annual report <https://nordbane.example/annual-report-2025>  published on Tuesday.\r\n"
)


def test_an_html_message_outlook_kept_only_inside_its_rich_text_reads_as_its_html_does(tmp_path):
    """Outlook often keeps no HTML body: the HTML is encapsulated in the compressed RTF one."""
    kept = received_release(html=None, plain=OUTLOOK_PLAIN, rtf=compressed_rtf(encapsulated_rtf(RELEASE_HTML)))
    document = read_document(saved(tmp_path, kept))
    assert document.text == "\n\n".join(RELEASE_PARAGRAPHS) + "\n"
    assert [(document.text[link.start : link.end], link.address) for link in document.links] == list(RELEASE_LINKS)
    assert document.notes == (RELEASE_SENDER, "1 attachment not read: passenger-figures-2025.xlsx")


def test_rich_text_keeps_accents_dashes_emoji_and_a_cyrillic_fonts_letters(tmp_path):
    html = (
        "<html><body><p>Ordfører Åse Lie sa at kommunen bygde 340 boliger i 2025 – «flere enn noen gang» 🏠.</p>"
        "<p>Мэр Москвы заявил, что в 2025 году построено 12&nbsp;000 домов.</p></body></html>"
    )
    for cyrillic_font in (False, True):
        kept = OutlookMessage(subject="Boliger", plain="(plain)", rtf=compressed_rtf(encapsulated_rtf(html, cyrillic_font)))
        assert read_document(saved(tmp_path, kept)).text == (
            "Boliger\n\nOrdfører Åse Lie sa at kommunen bygde 340 boliger i 2025 – «flere enn noen gang» 🏠.\n\n"
            "Мэр Москвы заявил, что в 2025 году построено 12 000 домов.\n"
        )


def test_a_damaged_rich_text_body_gives_way_to_the_plain_text(tmp_path):
    rtf = compressed_rtf(encapsulated_rtf(RELEASE_HTML))
    kept = received_release(html=None, plain="Nordbane carried 14.2 million passengers last year.\r\n", rtf=rtf[:10])
    assert read_document(saved(tmp_path, kept)).text == f"{HEADLINE}\n\nNordbane carried 14.2 million passengers last year.\n"


def test_a_message_outlook_kept_only_as_its_own_rich_text_is_refused_saying_so(tmp_path):
    """Rich Text written in Outlook's own editor encapsulates no HTML; with no plain text beside
    it there is nothing factcheck reads."""
    rtf = compressed_rtf(b"{\\rtf1\\ansi\\ansicpg1252 {\\fonttbl{\\f0 Arial;}}\\f0 The ferry carried 1.2 million passengers.\\par}")
    path = saved(tmp_path, OutlookMessage(subject="Ferry", sender_name="Kari Holm", sender_address="kari@avisa.example", rtf=rtf))
    with pytest.raises(DocumentError) as refused:
        read_document(path)
    assert str(refused.value) == (
        f"{path} has no message text (e-mail from Kari Holm <kari@avisa.example>; its text is kept only as Rich Text (RTF), "
        "which factcheck does not read: save it from Outlook as Text Only)"
    )


@pytest.mark.parametrize(
    ("content", "looks"),
    [
        (compound_file({("WordDocument",): b"\xec\xa5" + bytes(600), ("1Table",): bytes(100)}), "an old Word \\(.doc\\) file"),
        (compound_file({("Workbook",): bytes(5000)}), "an old Excel \\(.xls\\) file"),
        (press_release().as_bytes(), "an e-mail \\(.eml\\) file"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a PDF file"),
    ],
    ids=["doc", "xls", "eml", "pdf"],
)
def test_what_is_not_an_outlook_message_is_refused_naming_what_it_looks_like(tmp_path, content, looks):
    path = saved(tmp_path, content)
    with pytest.raises(DocumentError, match=f"^{path} looks like {looks}, not {MSG}$"):
        read_document(path)


def test_a_message_in_its_own_rich_text_with_a_document_attached_says_its_text_was_not_read(tmp_path):
    rtf = compressed_rtf(b"{\\rtf1\\ansi\\ansicpg1252 {\\fonttbl{\\f0 Arial;}}\\f0 Figures attached.\\par}")
    release = Attachment("release.txt", b"The ferry carried 1.2 million passengers in 2025.\r\n", "text/plain")
    path = saved(tmp_path, OutlookMessage(subject="Ferry", sender_name="Kari Holm", sender_address="kari@avisa.example", rtf=rtf, attachments=(release,)))
    document = read_document(path)
    assert document.text == "Attachment: release.txt\n\nThe ferry carried 1.2 million passengers in 2025.\n"
    assert document.notes[-1] == "its text is kept only as Rich Text (RTF), which factcheck does not read: save it from Outlook as Text Only"


def test_an_outlook_message_saved_under_another_name_is_refused_naming_it(tmp_path):
    path = saved(tmp_path, received_release(), "release.eml")
    with pytest.raises(DocumentError, match=f"^{path} looks like {MSG}, not an e-mail \\(.eml\\) file$"):
        read_document(path)


def test_an_outlook_item_without_text_is_refused_naming_its_attachment(tmp_path):
    path = saved(tmp_path, OutlookMessage(subject="Report", sender_name="Nordbane Press", sender_address="press@nordbane.example", attachments=(REPORT,)))
    with pytest.raises(DocumentError) as refused:
        read_document(path)
    assert str(refused.value) == (
        f"{path} has no message text (e-mail from Nordbane Press <press@nordbane.example>; 1 attachment not read: passenger-figures-2025.xlsx)"
    )


def test_check_refuses_a_damaged_outlook_message_in_one_line_and_writes_nothing(tmp_path):
    raw = msg_bytes(received_release())
    path = saved(tmp_path, raw[: len(raw) // 3])
    result = factcheck("check", path, "-o", tmp_path / "out.xlsx")
    assert_one_line_error(result, f"release\\.msg cannot be read as {MSG}: ")
    assert not (tmp_path / "out.xlsx").exists()


def test_check_writes_the_workbook_of_an_outlook_message_and_a_folder_includes_it(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    path = saved(folder, received_release(), "FW Nordbane carried 14.2 million passengers in 2025.msg")
    (folder / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    assert find_articles([folder]) == [path]
    result = factcheck("check", path, "-o", tmp_path / "release.xlsx")
    assert result.returncode == 0, result.stderr
    claims = [row["claim"] for row in sheet_rows(tmp_path / "release.xlsx")]
    assert "Punctuality rose to 91.3 per cent, the highest since the line opened in 2009." in claims
    about = {row[0].value: row[1].value for row in load_workbook(tmp_path / "release.xlsx")["About"].iter_rows() if row[0].value}
    assert about["article_format"] == "msg"
    assert about["extraction_notes"] == f"{RELEASE_SENDER}; 1 attachment not read: passenger-figures-2025.xlsx"
