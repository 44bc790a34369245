"""Tests for factcheck.mail: e-mails saved as .eml, as press releases, replies and forwards arrive."""

from __future__ import annotations

from email.message import EmailMessage

import pytest
from openpyxl import load_workbook

from factcheck.batch import find_articles
from factcheck.check import check_article
from factcheck.document import read_document
from factcheck.errors import DocumentError

from .outlook_files import OutlookMessage, msg_bytes
from .reviewing import sheet_rows
from .test_cli import assert_one_line_error, factcheck
from .test_formats import paragraphs_of

HEADLINE = "Nordbane carried 14.2 million passengers in 2025"
RELEASE_PARAGRAPHS = [
    HEADLINE,
    "Press release, 3 March 2026",
    "Nordbane carried 14.2 million passengers last year, up 12 per cent from 2024, according to the company's "
    "annual report published on Tuesday.",
    "Punctuality rose to 91.3 per cent, the highest since the line opened in 2009.",
    '"We have never carried more people," said chief executive Ingrid Dahl.',
    "Revenue: NOK 2.1 billion",
    "Operating profit: NOK 310 million",
    "About Nordbane",
    "Nordbane operates regional trains between Oslo and Trondheim. Read more at our website.",
    "Contact: Kari Nordmann, head of communications, +47 22 00 00 00",
]
RELEASE_LINKS = (
    ("annual report", "https://nordbane.example/annual-report-2025"),
    ("our website", "https://nordbane.example"),
)
RELEASE_SENDER = "e-mail from Nordbane Press <press@nordbane.example>, sent 3 March 2026 09:14 +0100"
# The release's figures, attached as a spreadsheet: a file factcheck names and does not read.
FIGURES, XLSX = "passenger-figures-2025.xlsx", "vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# As a press-release mailer lays one out: in tables, a hidden preview line, a logo, the
# headline again under a dateline.
RELEASE_HTML = """\
<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Nordbane</title><style>td {font-family: Arial}</style></head>
<body style="margin:0">
<span style="display:none !important; max-height:0;">Passenger numbers up 12 per cent in 2025</span>
<table width="100%" cellpadding="0" cellspacing="0"><tr><td align="center">
<table width="600" cellpadding="0" cellspacing="0">
<tr><td><img src="cid:logo" alt="Nordbane"></td><td align="right">Press release, 3 March 2026</td></tr>
<tr><td colspan="2">
<h1>Nordbane carried 14.2 million passengers in 2025</h1>
<p><strong>Nordbane carried 14.2 million passengers last year, up 12 per cent from 2024, according to the
company's <a href="https://nordbane.example/annual-report-2025">annual report</a> published on Tuesday.</strong></p>
<p>Punctuality rose to 91.3&nbsp;per cent, the highest since the line opened in 2009.</p>
<p>"We have never carried more people," said chief executive Ingrid Dahl.</p>
<ul><li>Revenue: NOK 2.1 billion</li><li>Operating profit: NOK 310 million</li></ul>
<h2>About Nordbane</h2>
<p>Nordbane operates regional trains between Oslo and Trondheim. Read more at
<a href="https://nordbane.example">our website</a>.</p>
<p>Contact: Kari Nordmann, head of communications, +47 22 00 00 00</p>
</td></tr></table>
</td></tr></table>
</body></html>
"""


def press_release() -> EmailMessage:
    """multipart/mixed: text and HTML alternatives, the HTML with its logo, and the figures as a spreadsheet."""
    message = EmailMessage()
    message["From"] = "Nordbane Press <press@nordbane.example>"
    message["To"] = "desk@avisa.example"
    message["Subject"] = HEADLINE
    message["Date"] = "Tue, 03 Mar 2026 09:14:00 +0100"
    message["Message-ID"] = "<release-2026-03@nordbane.example>"
    message.set_content("Nordbane's annual figures: see the HTML version of this message.\n")
    message.add_alternative(RELEASE_HTML, subtype="html")
    html = message.get_payload()[1]
    html.add_related(b"\x89PNG\r\n\x1a\n", "image", "png", cid="<logo>", filename="logo.png", disposition="inline")
    message.add_attachment(b"PK\x03\x04", maintype="application", subtype=XLSX, filename=FIGURES)
    return message


def saved(tmp_path, message: EmailMessage | bytes, name: str = "release.eml"):
    path = tmp_path / name
    path.write_bytes(message if isinstance(message, bytes) else message.as_bytes())
    return path


def test_a_press_release_reads_from_its_html_with_links_sender_and_attachment(tmp_path):
    document = read_document(saved(tmp_path, press_release()))
    assert document.format == "eml"
    assert document.text == "\n\n".join(RELEASE_PARAGRAPHS) + "\n"
    assert [(document.text[link.start : link.end], link.address) for link in document.links] == list(RELEASE_LINKS)
    # The logo is the HTML's own picture, not an attachment.
    assert document.notes == (RELEASE_SENDER, "1 attachment not read: passenger-figures-2025.xlsx")


GMAIL_FORWARD_PLAIN = """\
FYI - worth checking the figures.

--\x20
Kari Holm
News desk

---------- Forwarded message ---------
From: Nordbane Press <press@nordbane.example>
Date: Tue, 3 Mar 2026 at 09:14
Subject: Nordbane carried 14.2 million passengers in 2025
To: <desk@avisa.example>


Nordbane carried 14.2 million passengers last year, up 12 per cent from
2024, according to the company's annual report published on Tuesday.

Punctuality rose to 91.3 per cent.
"""
GMAIL_FORWARD_HTML = """\
<div dir="ltr"><div>FYI - worth checking the figures.</div><div><br></div><span class="gmail_signature_prefix">-- </span><br>\
<div dir="ltr" class="gmail_signature" data-smartmail="gmail_signature">Kari Holm<br>News desk</div><br>\
<div class="gmail_quote"><div dir="ltr" class="gmail_attr">---------- Forwarded message ---------<br>\
From: <strong class="gmail_sendername" dir="auto">Nordbane Press</strong> <span dir="auto">&lt;\
<a href="mailto:press@nordbane.example">press@nordbane.example</a>&gt;</span><br>Date: Tue, 3 Mar 2026 at 09:14<br>\
Subject: Nordbane carried 14.2 million passengers in 2025<br>To: &lt;<a href="mailto:desk@avisa.example">desk@avisa.example</a>&gt;<br>\
</div><br><br><div dir="ltr"><p>Nordbane carried 14.2 million passengers last year, up 12 per cent from 2024, according to \
the company's <a href="https://nordbane.example/annual-report-2025">annual report</a> published on Tuesday.</p>\
<p>Punctuality rose to 91.3 per cent.</p></div></div></div>
"""
FORWARDED_TEXT = [
    HEADLINE,
    "Nordbane carried 14.2 million passengers last year, up 12 per cent from 2024, according to the company's "
    "annual report published on Tuesday.",
    "Punctuality rose to 91.3 per cent.",
]
# The forwarder's note is for the desk: About keeps it, the worksheet's text does not.
FORWARD_NOTES = (
    "e-mail from Kari Holm <kari.holm@avisa.example>, sent 3 March 2026 10:02 +0100",
    'forwarder\'s note left out: "FYI - worth checking the figures."',
    "forwarded message from Nordbane Press <press@nordbane.example>, sent Tue, 3 Mar 2026 at 09:14",
)


def mail(plain: str, html: str | None, *, sender: str, to: str, subject: str, date: str) -> EmailMessage:
    """A message with a plain-text part and, where given, an HTML alternative."""
    message = EmailMessage()
    message["From"], message["To"], message["Subject"], message["Date"] = sender, to, subject, date
    message.set_content(plain)
    if html is not None:
        message.add_alternative(html, subtype="html")
    return message


def forward(plain: str, html: str | None = None, subject: str = f"Fwd: {HEADLINE}") -> EmailMessage:
    return mail(plain, html, sender="Kari Holm <kari.holm@avisa.example>", to="factcheck@avisa.example", subject=subject, date="Tue, 03 Mar 2026 10:02:00 +0100")


@pytest.mark.parametrize("html", [GMAIL_FORWARD_HTML, None], ids=["html", "plain"])
def test_a_gmail_forward_keeps_the_forwarded_text_without_its_header_and_the_signature(tmp_path, html):
    document = read_document(saved(tmp_path, forward(GMAIL_FORWARD_PLAIN, html)))
    text = [" ".join(paragraph.split()) for paragraph in paragraphs_of(document.text)]
    assert text == FORWARDED_TEXT
    assert document.notes == FORWARD_NOTES
    # Plain text shows no links but the addresses it writes out.
    assert [link.address for link in document.links] == (["https://nordbane.example/annual-report-2025"] if html else [])


APPLE_MAIL_FORWARD_HTML = """\
<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head>\
<body style="overflow-wrap: break-word;"><div>FYI - worth checking the figures.</div><div><br>\
<div>Begin forwarded message:</div><br class="Apple-interchange-newline"><blockquote type="cite">\
<div style="margin: 0px;"><span><b>From: </b></span><span>Nordbane Press &lt;press@nordbane.example&gt;<br></span></div>\
<div style="margin: 0px;"><span><b>Subject: </b></span><span><b>Nordbane carried 14.2 million passengers in 2025</b><br></span></div>\
<div style="margin: 0px;"><span><b>Date: </b></span><span>3 March 2026 at 09:14:00 CET<br></span></div>\
<div style="margin: 0px;"><span><b>To: </b></span><span>desk@avisa.example<br></span></div><br>\
<div><p>Nordbane carried 14.2 million passengers last year, up 12 per cent from 2024, according to the company's \
<a href="https://nordbane.example/annual-report-2025">annual report</a> published on Tuesday.</p>\
<p>Punctuality rose to 91.3 per cent.</p></div></blockquote></div><br></body></html>
"""


def test_an_apple_mail_forward_quoted_as_a_cite_is_read_as_forwarded_text(tmp_path):
    document = read_document(saved(tmp_path, forward("See the HTML.\n", APPLE_MAIL_FORWARD_HTML)))
    assert paragraphs_of(document.text) == FORWARDED_TEXT
    assert document.notes == (
        *FORWARD_NOTES[:2],
        "forwarded message from Nordbane Press <press@nordbane.example>, sent 3 March 2026 at 09:14:00 CET",
    )


OUTLOOK_REPLY_HTML = """\
<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>p.MsoNormal {margin: 0cm}</style></head>
<body lang="EN-GB"><div class="WordSection1">
<p class="MsoNormal">Dear Kari,<o:p></o:p></p>
<p class="MsoNormal"><o:p>&nbsp;</o:p></p>
<p class="MsoNormal">The 14.2 million figure counts every journey, season-ticket trips included. Ticket sales
rose 9 per cent.<o:p></o:p></p>
<p class="MsoNormal"><o:p>&nbsp;</o:p></p>
<p class="MsoNormal">Best regards<br>Ingrid Dahl<o:p></o:p></p>
<p class="MsoNormal"><o:p>&nbsp;</o:p></p>
<div><div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm">
<p class="MsoNormal"><b>From:</b> Kari Holm &lt;kari.holm@avisa.example&gt; <br><b>Sent:</b> Tuesday, March 3, 2026 10:30 AM<br>
<b>To:</b> Nordbane Press &lt;press@nordbane.example&gt;<br><b>Subject:</b> Questions about passenger numbers<o:p></o:p></p>
</div></div>
<p class="MsoNormal"><o:p>&nbsp;</o:p></p>
<p class="MsoNormal">How do you count passengers? Is 14.2 million journeys or people?<o:p></o:p></p>
</div></body></html>
"""
OUTLOOK_REPLY_PLAIN = """\
Dear Kari,

The 14.2 million figure counts every journey, season-ticket trips included. Ticket sales
rose 9 per cent.

Best regards
Ingrid Dahl

-----Original Message-----
From: Kari Holm <kari.holm@avisa.example>
Sent: Tuesday, March 3, 2026 10:30 AM
To: Nordbane Press <press@nordbane.example>
Subject: Questions about passenger numbers

How do you count passengers? Is 14.2 million journeys or people?
"""


def reply(plain: str, html: str | None = None, subject: str = "RE: Questions about passenger numbers") -> EmailMessage:
    return mail(plain, html, sender="Ingrid Dahl <ingrid.dahl@nordbane.example>", to="Kari Holm <kari.holm@avisa.example>", subject=subject, date="Tue, 03 Mar 2026 11:02:00 +0100")


@pytest.mark.parametrize("html", [OUTLOOK_REPLY_HTML, None], ids=["html", "plain"])
def test_an_outlook_reply_leaves_out_the_message_it_replies_to(tmp_path, html):
    document = read_document(saved(tmp_path, reply(OUTLOOK_REPLY_PLAIN, html)))
    # Plain text keeps its hard line breaks, which the splitter joins; HTML has none.
    wrap = " " if html else "\n"
    assert document.text == (
        "Questions about passenger numbers\n\nDear Kari,\n\n"
        f"The 14.2 million figure counts every journey, season-ticket trips included. Ticket sales{wrap}rose 9 per cent.\n\n"
        "Best regards\nIngrid Dahl\n"
    )
    assert document.notes == (
        "e-mail from Ingrid Dahl <ingrid.dahl@nordbane.example>, sent 3 March 2026 11:02 +0100",
        "quoted reply left out",
    )


def test_a_reply_quoted_with_chevrons_loses_the_quote_its_attribution_and_the_signature(tmp_path):
    body = """\
The figure counts every journey, season-ticket trips included.

On Tue, 3 Mar 2026 at 10:30, Kari Holm <kari.holm@avisa.example>
wrote:

> How do you count passengers?
>
> > Nordbane carried 14.2 million passengers last year.
>
> Kari

--\x20
Ingrid Dahl, Nordbane
"""
    document = read_document(saved(tmp_path, reply(body, subject="Re: Questions")))
    assert document.text == "Questions\n\nThe figure counts every journey, season-ticket trips included.\n"
    assert document.notes[1:] == ("quoted reply left out",)


def test_a_gmail_reply_leaves_out_its_blockquote_and_the_line_introducing_it(tmp_path):
    html = """\
<div dir="ltr">The figure counts every journey.<div><br></div></div><br><div class="gmail_quote">\
<div dir="ltr" class="gmail_attr">On Tue, 3 Mar 2026 at 10:30, Kari Holm &lt;<a href="mailto:kari.holm@avisa.example">\
kari.holm@avisa.example</a>&gt; wrote:<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex">\
<div dir="ltr">How do you count passengers?</div></blockquote></div>
"""
    document = read_document(saved(tmp_path, reply("The figure counts every journey.\n", html, subject="Re: Questions")))
    assert document.text == "Questions\n\nThe figure counts every journey.\n"
    assert document.notes[1:] == ("quoted reply left out",)


def test_a_norwegian_outlook_forward_is_told_by_its_field_names(tmp_path):
    html = """\
<html><body><div class="WordSection1"><p class="MsoNormal">Til vaktsjefen.<o:p></o:p></p>
<div><div style="border:none;border-top:solid #E1E1E1 1.0pt"><p class="MsoNormal"><b>Fra:</b> Nordbane Presse
&lt;press@nordbane.example&gt;<br><b>Sendt:</b> tirsdag 3. mars 2026 09:14<br><b>Til:</b> desk@avisa.example<br>
<b>Emne:</b> Nordbane fraktet 14,2 millioner passasjerer</p></div></div>
<p class="MsoNormal"><o:p>&nbsp;</o:p></p><p class="MsoNormal">Nordbane fraktet 14,2 millioner passasjerer i fjor.</p>
</div></body></html>
"""
    message = forward("Til vaktsjefen.\n", html, subject="VS: Nordbane fraktet 14,2 millioner passasjerer")
    document = read_document(saved(tmp_path, message))
    assert document.text == (
        "Nordbane fraktet 14,2 millioner passasjerer\n\nNordbane fraktet 14,2 millioner passasjerer i fjor.\n"
    )
    assert document.notes[1:] == (
        'forwarder\'s note left out: "Til vaktsjefen."',
        "forwarded message from Nordbane Presse <press@nordbane.example>, sent tirsdag 3. mars 2026 09:14",
    )


def test_a_forwarded_reply_keeps_the_reply_and_leaves_out_the_question_it_quotes(tmp_path):
    body = """\
See Nordbane's answer below.

________________________________
From: Nordbane Press <press@nordbane.example>
Sent: Tuesday, March 3, 2026 11:02 AM
To: Kari Holm <kari.holm@avisa.example>
Subject: RE: Questions about passenger numbers

The 14.2 million figure counts every journey.

-----Original Message-----
From: Kari Holm <kari.holm@avisa.example>
Sent: Tuesday, March 3, 2026 10:30 AM
To: Nordbane Press <press@nordbane.example>
Subject: Questions about passenger numbers

How do you count passengers?
"""
    document = read_document(saved(tmp_path, forward(body, subject="FW: RE: Questions about passenger numbers")))
    assert document.text == (
        "Questions about passenger numbers\n\nThe 14.2 million figure counts every journey.\n"
    )
    assert document.notes[1:] == (
        'forwarder\'s note left out: "See Nordbane\'s answer below."',
        "forwarded message from Nordbane Press <press@nordbane.example>, sent Tuesday, March 3, 2026 11:02 AM",
        "quoted reply left out",
    )


# As a Norwegian mail client sends it: Latin-1, quoted-printable, the subject encoded (RFC 2047).
NORWEGIAN_RELEASE = b"""\
Return-Path: <presse@fjordferjer.example>
From: =?ISO-8859-1?Q?Fjord_Ferjer_presse?= <presse@fjordferjer.example>
To: desk@avisa.example
Subject: =?UTF-8?Q?Fergeselskapet_=C3=B8ker_prisene?=
Date: Mon, 2 Mar 2026 14:05:00 +0100
MIME-Version: 1.0
Content-Type: text/plain; charset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable

Fra 1. april koster en enkeltbillett mellom Bod=F8 og Moskenes 245 kroner, =
en =F8kning p=E5 12 prosent.

Selskapet viser til h=F8yere drivstoffpriser.
"""


def test_a_quoted_printable_latin_1_message_with_an_encoded_subject(tmp_path):
    document = read_document(saved(tmp_path, NORWEGIAN_RELEASE.replace(b"\n", b"\r\n"), "ferje.eml"))
    assert document.text == (
        "Fergeselskapet øker prisene\n\n"
        "Fra 1. april koster en enkeltbillett mellom Bodø og Moskenes 245 kroner, en økning på 12 prosent.\n\n"
        "Selskapet viser til høyere drivstoffpriser.\n"
    )
    assert document.notes == ("e-mail from Fjord Ferjer presse <presse@fjordferjer.example>, sent 2 March 2026 14:05 +0100",)


def plain_message(body: bytes, content_type: str, subject: bytes = b"Council budget") -> bytes:
    return (
        b"From: Kari Holm <kari.holm@avisa.example>\r\nSubject: " + subject + b"\r\nDate: Mon, 2 Mar 2026 14:05:00 +0100\r\n"
        b"MIME-Version: 1.0\r\nContent-Type: " + content_type.encode() + b"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + body
    )


def test_format_flowed_lines_are_joined_into_paragraphs(tmp_path):
    body = (
        b"The council approved a budget of 1.2 billion \r\nkroner on Monday, up 4 per cent from last \r\nyear.\r\n"
        b"\r\n>> The vote was \r\n>> close.\r\n\r\nThe vote was 31 to 20.\r\n  Indented, stuffed.\r\n\r\n-- \r\nSent from my phone\r\n"
    )
    document = read_document(saved(tmp_path, plain_message(body, "text/plain; charset=utf-8; format=flowed")))
    assert document.text == (
        "Council budget\n\n"
        "The council approved a budget of 1.2 billion kroner on Monday, up 4 per cent from last year.\n\n"
        "The vote was 31 to 20.\nIndented, stuffed.\n"
    )


def test_format_flowed_with_delsp_joins_words_broken_at_a_space_it_added(tmp_path):
    body = b"The budget is 1.2 bil \r\nlion kroner.\r\n"
    document = read_document(saved(tmp_path, plain_message(body, "text/plain; charset=utf-8; format=flowed; delsp=yes")))
    assert document.text == "Council budget\n\nThe budget is 1.2 billion kroner.\n"


def test_a_plain_message_that_names_no_charset_is_read_as_utf_8(tmp_path):
    body = "Fergen til Værøy går 40 prosent oftere.\n".encode()
    document = read_document(saved(tmp_path, plain_message(body, "text/plain", subject="Ferje".encode())))
    assert document.text == "Ferje\n\nFergen til Værøy går 40 prosent oftere.\n"


NEWSLETTER_HTML = """\
<!DOCTYPE html><html><head><title>Weekly briefing</title></head><body>
<div style="display:none;font-size:1px;color:#fff;max-height:0;overflow:hidden">Ferry traffic this week</div>
<!--[if mso]><table><tr><td><![endif]-->
<table role="presentation" width="100%"><tr><td class="mcnTextContent">
<a href="https://mailer.example/view?id=7">View this email in your browser</a>
</td></tr>
<tr><td class="mcnTextContent">
<h1>Ferry traffic, week 9</h1>
<p>Car ferries carried <a href="https://ferry.example/stats/week9">38,400 vehicles</a> last week, 6 per cent more than a year ago.</p>
<table border="1"><tr><th>Route</th><th>Vehicles</th></tr><tr><td>Bodø–Moskenes</td><td>4,120</td></tr>
<tr><td>Bognes–Lødingen</td><td>6,305</td></tr></table>
<p>Three routes had cancellations:</p>
<ul><li>Bodø–Moskenes, on Tuesday</li><li>Svolvær–Skutvik, on Thursday</li></ul>
<blockquote><p>"Wind closed the crossing twice," the operator said.</p></blockquote>
<a href="https://ferry.example/report-week9" style="text-decoration:none"><div style="padding:12px">Read the full report</div></a>
</td></tr>
<tr><td style="font-size:11px">You are receiving this because you subscribed.
<a href="https://mailer.example/unsubscribe?id=7">Unsubscribe</a></td></tr>
</table>
</body></html>
"""


def test_an_html_only_newsletter_reads_through_its_layout_and_skips_a_table_of_figures(tmp_path):
    message = EmailMessage()
    message["From"] = "Ferry Briefing <briefing@ferry.example>"
    message["Subject"] = "Weekly briefing: ferry traffic"
    message["Date"] = "Fri, 27 Feb 2026 07:00:00 -0000"
    message.set_content(NEWSLETTER_HTML, subtype="html")
    document = read_document(saved(tmp_path, message, "briefing.eml"))
    assert paragraphs_of(document.text) == [
        "Weekly briefing: ferry traffic",
        "View this email in your browser",
        "Ferry traffic, week 9",
        "Car ferries carried 38,400 vehicles last week, 6 per cent more than a year ago.",
        "Three routes had cancellations:",
        "Bodø–Moskenes, on Tuesday",
        "Svolvær–Skutvik, on Thursday",
        '"Wind closed the crossing twice," the operator said.',
        "Read the full report",
        "You are receiving this because you subscribed. Unsubscribe",
    ]
    assert [(document.text[link.start : link.end], link.address) for link in document.links] == [
        ("View this email in your browser", "https://mailer.example/view?id=7"),
        ("38,400 vehicles", "https://ferry.example/stats/week9"),
        ("Read the full report", "https://ferry.example/report-week9"),
        ("Unsubscribe", "https://mailer.example/unsubscribe?id=7"),
    ]
    # "-0000": the sender's time zone is unknown, so none is named.
    assert document.notes == ("e-mail from Ferry Briefing <briefing@ferry.example>, sent 27 February 2026 07:00", "1 table skipped")


def test_a_thunderbird_forward_reads_its_header_table_as_a_header(tmp_path):
    html = """\
<html><body><p>FYI</p><div class="moz-forward-container">-------- Forwarded Message --------
<table class="moz-email-headers-table" border="0" cellpadding="0" cellspacing="0"><tbody>
<tr><th valign="BASELINE" nowrap="nowrap" align="RIGHT">Subject: </th><td>Nordbane carried 14.2 million passengers in 2025</td></tr>
<tr><th valign="BASELINE" nowrap="nowrap" align="RIGHT">Date: </th><td>Tue, 3 Mar 2026 09:14:00 +0100</td></tr>
<tr><th valign="BASELINE" nowrap="nowrap" align="RIGHT">From: </th><td>Nordbane Press <a href="mailto:press@nordbane.example">&lt;press@nordbane.example&gt;</a></td></tr>
</tbody></table><br><p>Punctuality rose to 91.3 per cent.</p></div></body></html>
"""
    document = read_document(saved(tmp_path, forward("FYI\n", html)))
    assert document.text == f"{HEADLINE}\n\nPunctuality rose to 91.3 per cent.\n"
    assert document.notes[1:] == (
        'forwarder\'s note left out: "FYI"',
        "forwarded message from Nordbane Press <press@nordbane.example>, sent Tue, 3 Mar 2026 09:14:00 +0100",
    )


def test_an_e_mail_forwarded_as_an_attachment_is_read_as_a_forwarded_one(tmp_path):
    """Gmail's and Thunderbird's "Forward as attachment": the release, headers and all, in a
    message/rfc822 part; read as if forwarded in the text. Two attached e-mails forward nothing
    one could tell apart: they are named."""
    message = mail("Can someone check the figures?\n", None, sender="Kari Holm <kari.holm@avisa.example>", to="desk@avisa.example",
                   subject=f"Fwd: {HEADLINE}", date="Tue, 03 Mar 2026 10:02:00 +0100")
    message.add_attachment(press_release())
    document = read_document(saved(tmp_path, message))
    assert document.text == "\n\n".join(RELEASE_PARAGRAPHS) + "\n"
    assert document.notes == (
        "e-mail from Kari Holm <kari.holm@avisa.example>, sent 3 March 2026 10:02 +0100",
        'forwarder\'s note left out: "Can someone check the figures?"',
        RELEASE_SENDER.replace("e-mail from", "forwarded message, attached, from"),
        "1 attachment not read: passenger-figures-2025.xlsx",
    )
    message.add_attachment(press_release())
    document = read_document(saved(tmp_path, message))
    assert document.text == f"{HEADLINE}\n\nCan someone check the figures?\n"
    assert document.notes[-1] == f'2 attachments not read: e-mail "{HEADLINE}", e-mail "{HEADLINE}"'


def test_attachment_names_are_decoded_and_pictures_the_html_shows_are_not_named(tmp_path):
    message = press_release()
    message.add_attachment(b"\xff\xd8\xff", maintype="image", subtype="jpeg", filename="årsmøte.jpg")
    attached = EmailMessage()
    attached["Subject"] = "Re: Fwd: Timetable"
    attached.set_content("The timetable.\n")
    message.add_attachment(attached)
    document = read_document(saved(tmp_path, message))
    assert document.notes[-1] == '3 attachments not read: passenger-figures-2025.xlsx, årsmøte.jpg, e-mail "Timetable"'


def test_an_html_part_without_words_gives_way_to_the_plain_text_part(tmp_path):
    flyer = '<html><body><img src="https://mailer.example/flyer.png" alt="Ferry traffic"></body></html>'
    document = read_document(saved(tmp_path, forward("Ferries carried 38,400 vehicles last week.\n", flyer, "Ferry traffic")))
    assert document.text == "Ferry traffic\n\nFerries carried 38,400 vehicles last week.\n"


def test_every_reply_and_forward_prefix_leaves_the_headline(tmp_path):
    message = forward("Ferries carried 38,400 vehicles last week.\n", subject="Re: FW: AW: TR : fwd:Ferry traffic")
    assert read_document(saved(tmp_path, message)).text.startswith("Ferry traffic\n\n")


def test_a_message_saved_with_an_mbox_from_line_and_blank_lines_before_it(tmp_path):
    raw = b"\n\nFrom press@nordbane.example Tue Mar  3 09:14:00 2026\n" + NORWEGIAN_RELEASE
    document = read_document(saved(tmp_path, raw))
    assert document.text.startswith("Fergeselskapet øker prisene\n\nFra 1. april")


# --- Refusals -------------------------------------------------------------------------------


def test_a_message_with_only_an_attachment_is_refused_naming_it(tmp_path):
    message = EmailMessage()
    message["From"] = "Nordbane Press <press@nordbane.example>"
    message["Subject"] = HEADLINE
    message.add_attachment(b"PK\x03\x04", maintype="application", subtype=XLSX, filename=FIGURES)
    path = saved(tmp_path, message)
    with pytest.raises(DocumentError) as refused:
        read_document(path)
    assert str(refused.value) == (
        f"{path} has no message text (e-mail from Nordbane Press <press@nordbane.example>; "
        "1 attachment not read: passenger-figures-2025.xlsx)"
    )


@pytest.mark.parametrize(
    ("content", "looks"),
    [
        (b"Subject: the budget\n\nThe council met on Monday.\n", "plain text"),
        (b"The council met on Monday.\nFrom: the mayor\nSubject: budget\n", "plain text"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a PDF file"),
        (b"<!DOCTYPE html><html><body><p>The council met.</p></body></html>", "an HTML page"),
    ],
    ids=["one field", "fields under text", "pdf", "html"],
)
def test_what_is_not_an_e_mail_is_refused_naming_what_it_looks_like(tmp_path, content, looks):
    path = saved(tmp_path, content)
    with pytest.raises(DocumentError, match=f"^{path} looks like {looks}, not an e-mail \\(.eml\\) file$"):
        read_document(path)


def test_a_note_that_opens_with_a_subject_line_still_reads_as_plain_text(tmp_path):
    path = saved(tmp_path, b"Subject: the budget\n\nThe council met on Monday.\n", "note.txt")
    assert read_document(path).text == "Subject: the budget\n\nThe council met on Monday.\n"


def test_a_message_a_mail_program_saved_as_text_reads_as_the_e_mail(tmp_path):
    """Outlook's File > Save As > Text Only: the header fields, tab-separated, then the text."""
    saved_as_text = (
        "From:\tNordbane Press <press@nordbane.example>\nSent:\tTuesday, March 3, 2026 9:14 AM\n"
        "To:\tdesk@avisa.example\nSubject:\tFW: Nordbane carried 14.2 million passengers in 2025\n\n"
        "Nordbane carried 14.2 million passengers last year, up 12 per cent from 2024.\n\n"
        "Punctuality rose to 91.3 per cent.\n"
    )
    path = saved(tmp_path, saved_as_text.encode("cp1252"), "release.txt")
    document = read_document(path)
    assert document.text == (
        "Nordbane carried 14.2 million passengers in 2025\n\n"
        "Nordbane carried 14.2 million passengers last year, up 12 per cent from 2024.\n\n"
        "Punctuality rose to 91.3 per cent.\n"
    )
    assert document.format == "txt" and document.notes == ("e-mail from Nordbane Press <press@nordbane.example>",)
    headers_only = saved(tmp_path, b"From: Nordbane Press <press@nordbane.example>\nSubject: Passengers\n\n", "empty.txt")
    with pytest.raises(DocumentError, match=r"empty\.txt has no text once read as the subtitles, e-mail or chat it holds"):
        read_document(headers_only)


def signed(body: str) -> bytes:
    """A message signed with S/MIME, as it is sent: its text, then the signature."""
    return (
        'Content-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256; boundary="signed"\r\n\r\n'
        f"--signed\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n--signed\r\n"
        'Content-Type: application/pkcs7-signature; name="smime.p7s"\r\nContent-Transfer-Encoding: base64\r\n'
        'Content-Disposition: attachment; filename="smime.p7s"\r\n\r\nMIIGUwYJKoZIhvcNAQcCoIIGRDCCBkACAQEx\r\n--signed--\r\n'
    ).encode("utf-8")


def test_a_signed_messages_signature_is_no_attachment_to_check(tmp_path):
    headers = b"From: Nordbane Press <press@nordbane.example>\r\nSubject: Passengers\r\nMIME-Version: 1.0\r\n"
    document = read_document(saved(tmp_path, headers + signed("Nordbane carried 14.2 million passengers last year.")))
    assert document.text == "Passengers\n\nNordbane carried 14.2 million passengers last year.\n"
    assert document.notes == ("e-mail from Nordbane Press <press@nordbane.example>",)


def test_links_a_mail_program_writes_out_in_plain_text_are_links_on_their_words(tmp_path):
    """Outlook's Text Only, and the plain-text part of Outlook's and Gmail's HTML mail, write a
    link's address after its words; a wrapped one lands on a line of its own."""
    saved_as_text = (
        "From:\tNordbane Press <press@nordbane.example>\nSubject:\tNordbane carried 14.2 million passengers in 2025\n\n"
        "Nordbane carried 14.2 million passengers last year, according to the company's annual report "
        "<https://nordbane.example/annual-report-2025> published on Tuesday.\n\n"
        "Punctuality rose to 91.3 per cent, the ministry's\nfigures <https://ministry.example/rail>\nshow.\n\n"
        "Read more at our website\n<https://nordbane.example>\n\n"
        "Contact press@nordbane.example <mailto:press@nordbane.example>.\n"
    )
    document = read_document(saved(tmp_path, saved_as_text.encode("utf-8"), "release.txt"))
    assert document.text == (
        f"{HEADLINE}\n\nNordbane carried 14.2 million passengers last year, according to the company's annual report "
        "published on Tuesday.\n\nPunctuality rose to 91.3 per cent, the ministry's\nfigures\nshow.\n\n"
        "Read more at our website\n\nContact press@nordbane.example.\n"
    )
    assert [(document.text[link.start : link.end], link.address) for link in document.links] == [
        ("company's annual report", "https://nordbane.example/annual-report-2025"),
        ("figures", "https://ministry.example/rail"),
        ("at our website", "https://nordbane.example"),
    ]


def test_an_e_mail_saved_under_another_files_name_is_refused_naming_it(tmp_path):
    path = saved(tmp_path, NORWEGIAN_RELEASE, "release.pdf")
    with pytest.raises(DocumentError, match=r"looks like an e-mail \(.eml\) file, not a PDF file$"):
        read_document(path)


def test_check_refuses_a_bad_e_mail_in_one_line(tmp_path):
    path = saved(tmp_path, b"%PDF-1.7\n", "release.eml")
    result = factcheck("check", path, "-o", tmp_path / "out.xlsx")
    assert_one_line_error(result, r"release\.eml looks like a PDF file, not an e-mail \(\.eml\) file$")
    assert not (tmp_path / "out.xlsx").exists()


# --- Batches and the workbook -----------------------------------------------------------------


def test_a_folder_batch_picks_up_e_mails(tmp_path):
    saved(tmp_path, press_release(), "release.eml")
    saved(tmp_path, NORWEGIAN_RELEASE, "Ferje.EML")
    (tmp_path / "Outlook.MSG").write_bytes(msg_bytes(OutlookMessage(subject=HEADLINE, plain="Nordbane carried 14.2 million passengers.")))
    (tmp_path / "notes.mbox").write_bytes(press_release().as_bytes())
    assert [path.name for path in find_articles([tmp_path])] == ["Ferje.EML", "Outlook.MSG", "release.eml"]


def test_a_press_releases_links_and_notes_reach_the_workbook(tmp_path, tiny_model):
    path = saved(tmp_path, press_release())
    check_article(path, tmp_path / "release.xlsx", threshold=0.0, model=tiny_model)
    rows = {row["claim"]: row for row in sheet_rows(tmp_path / "release.xlsx")}
    lead = next(row for claim, row in rows.items() if claim.startswith("Nordbane carried 14.2 million passengers last year"))
    assert "https://nordbane.example/annual-report-2025" in lead["suggested_sources"]
    about = {row[0]: row[1] for row in load_workbook(tmp_path / "release.xlsx")["About"].iter_rows(values_only=True) if row[0]}
    assert about["extraction_notes"] == f"{RELEASE_SENDER}; 1 attachment not read: passenger-figures-2025.xlsx"
