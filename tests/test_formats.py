"""Articles as Markdown, web pages, Word files, PDFs and standard input: real files, the real CLI.

The same news story is written in every format, with the furniture each format brings: a
web page's menus and banners, a table in a web page and a Word file, a PDF's running header and
page numbers.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

import pypdf
import pytest
from openpyxl import load_workbook

from factcheck import read_document, split_sentences
from factcheck.document import Document, page_at
from factcheck.errors import DocumentError
from factcheck.formats import docx_text, markdown_text
from factcheck.pdf import PdfLine, drop_page_furniture, join_wrapped_lines, page_lines

from .test_cli import assert_one_line_error, factcheck
from .screenshots import printed_page
from .test_end_to_end import converted

HEADLINE = "Norrvik Approves Harbour Bridge Plan"
BYLINE = "By Jane Smith"
DATELINE = "NORRVIK, Nov 28 (Nordic Wire) -"
LEAD = (
    "The regional council approved a 1.4 billion krona plan on Monday to replace the ageing "
    "Harbour Bridge, ending a dispute that has stalled the project for more than a decade."
)
QUOTE = (
    "“We cannot keep patching a structure that was built for a town half this size,” council "
    "leader Ingrid Dahl told reporters after the vote."
)
PARAGRAPHS = (
    ("The bridge, which opened in 1962, now carries about 38,000 vehicles a day, nearly four "
     "times the traffic it was designed for, according to a 2025 survey by the council's "
     "transport department."),
    ("Engineers closed one lane for 11 weeks last year after inspectors found corrosion in two "
     "of the bridge's steel cables. Repairs since 2019 have cost the council 212 million krona."),
    QUOTE,
    ("Opposition councillor Per Lund said the new bridge was “a gamble with other people's "
     "money.” He argued that a second ferry line, costing an estimated 310 million krona, "
     "would have been ready by 2028."),
    ("The new crossing will have four lanes, a separate cycle path and a clearance of 42 metres "
     "for ships, up from 28 metres today. Its main span of 480 metres would be the longest in "
     "the region."),
    ("Freight operators at the port, which handled 6.2 million tonnes of cargo in 2025, "
     "welcomed the decision. Lorries now make a detour of 35 kilometres when the bridge is "
     "closed to heavy traffic, which happened on 23 days last winter."),
    ("Toll charges of 25 krona per car are planned for the first 20 years to repay about a "
     "third of the cost. The rest comes from a national infrastructure fund, which set aside "
     "600 million krona for the project in its 2026 budget."),
    ("Construction is due to start in March 2027 and to take four years. The council said the "
     "old bridge would stay open until the new one carries traffic."),
    ("About 1,200 residents signed a petition in 2024 asking for a tunnel instead. The council "
     "rejected the idea in June after engineers put its cost at 2.3 billion krona, well above "
     "the budget."),
    ("Environmental groups say the works could disturb a colony of about 400 grey seals that "
     "breeds on the rocks below the bridge. The council has promised to halt pile driving "
     "between May and August."),
    ("Norrvik's population has grown by 18 percent since 2000, to about 61,000, and the "
     "council expects a further 9,000 residents by 2040."),
    "It is the biggest public works contract in Norrvik's 300-year history.",
)
# Long words carry soft hyphens in the Word file, so that LibreOffice hyphenates whichever
# of them reaches a line's end in the PDF.
HYPHENATED = (
    "The council's infra·struc·ture com·mit·tee said the re·con·struc·tion would re·quire "
    "ap·prox·i·mate·ly 4,000 tonnes of re·in·forced con·crete, con·sid·er·ably more than "
    "the tem·po·rary re·in·force·ments in·stalled in 2019, and an en·vi·ron·men·tal "
    "as·sess·ment cov·er·ing the neigh·bour·ing con·ser·va·tion areas and shore·lines."
)
HYPHENATED_PLAIN = HYPHENATED.replace("·", "")
ARTICLE_PARAGRAPHS = (*PARAGRAPHS, HYPHENATED_PLAIN)
TABLE = (("Year", "Repair bill"), ("2019", "48 million krona"), ("2024", "71 million krona"))
SIDEBAR_TABLE = (("Ferry punctuality", "87 percent"), ("Bus punctuality", "92 percent"))
RUNNING_HEADER = "Norrvik Gazette | Harbour Bridge"

# Web-page furniture, none of which may reach the article text.
PAGE_FURNITURE = (
    "We use cookies to improve your experience",
    "Accept all cookies",
    "Subscribe today for just 1 krona a week",
    "Weather",
    "Share on Facebook",
    "Email this story",
    "Related stories",
    "Why Norrvik's ferries keep breaking down",
    "Toll plan for the ring road shelved again",
    "All rights reserved",
    "Privacy policy",
)
# Text that is in a file but must never be a claim: it is furniture. (The headline is a sentence.)
NOT_CLAIMS = (BYLINE, "Nordic Wire", "NORRVIK,", RUNNING_HEADER, "Page 1", "Page 2", *PAGE_FURNITURE)


def sentences_of(paragraphs) -> list[str]:
    """The sentence pieces the splitter finds in paragraphs, as the Claims sheet shows them."""
    text = "\n\n".join(paragraphs)
    return [s.plain_text for s in split_sentences(text) if s.kind == "sentence"]


ARTICLE_SENTENCES = [HEADLINE, LEAD, *sentences_of(ARTICLE_PARAGRAPHS)]


def paragraphs_of(text: str) -> list[str]:
    """The blocks of an extracted text, which ends with one newline."""
    return text.removesuffix("\n").split("\n\n")


# --- Fixture files ------------------------------------------------------------------------


def write_txt(folder: Path) -> Path:
    path = folder / "bridge.txt"
    body = [HEADLINE, BYLINE, f"{DATELINE} {LEAD}", *ARTICLE_PARAGRAPHS]
    path.write_text("\n\n".join(body) + "\n", encoding="utf-8")
    return path


def write_markdown(folder: Path) -> Path:
    path = folder / "bridge.md"
    path.write_text(
        f"""# {HEADLINE}

*{BYLINE}*

{DATELINE} The regional council approved a **1.4 billion krona** plan on Monday to replace
the ageing [Harbour Bridge](https://www.norrvik.example/harbour-bridge), ending a dispute that
has stalled the project for more than a decade.

![The Harbour Bridge at dusk](bridge.jpg)

{PARAGRAPHS[0]}

## Costs Keep Rising

{PARAGRAPHS[1].replace("212 million krona", "_212 million krona_")}

> {QUOTE}

{(chr(10) * 2).join(PARAGRAPHS[3:])}

What the plan includes:

- Four lanes, up from two
- A separate cycle path
- A clearance of 42 metres for ships

{HYPHENATED_PLAIN}
""",
        encoding="utf-8",
    )
    return path


def html_table(rows) -> str:
    return "<table>" + "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows) + "</table>"


def write_html(folder: Path) -> Path:
    path = folder / "bridge.html"
    paragraphs = "\n".join(f"  <p>{p}</p>" for p in ARTICLE_PARAGRAPHS if p != QUOTE)
    path.write_text(
        f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{HEADLINE} | Norrvik Gazette</title>
<meta property="og:title" content="{HEADLINE}">
</head>
<body>
<div id="cookie-banner" class="cookie-consent">
  <p>We use cookies to improve your experience. By continuing to browse you accept our cookie policy.</p>
  <button>Accept all cookies</button>
</div>
<header class="site-header">
  <a href="/" class="logo">Norrvik Gazette</a>
  <nav class="main-nav"><ul>
    <li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li>
    <li><a href="/subscribe">Subscribe today for just 1 krona a week</a></li>
  </ul></nav>
</header>
<main>
<article>
  <h1>{HEADLINE}</h1>
  <p class="byline">{BYLINE}</p>
  <div class="share-buttons">
    <a href="https://facebook.example/share">Share on Facebook</a>
    <a href="mailto:?subject=bridge">Email this story</a>
  </div>
  <p>{DATELINE} {LEAD}</p>
  <blockquote><p>{QUOTE}</p></blockquote>
  {html_table(TABLE)}
{paragraphs}
</article>
<aside class="related">
  <h3>Related stories</h3>
  <ul>
    <li><a href="/ferries">Why Norrvik's ferries keep breaking down</a></li>
    <li><a href="/tolls">Toll plan for the ring road shelved again</a></li>
  </ul>
  {html_table(SIDEBAR_TABLE)}
</aside>
</main>
<footer class="site-footer">
  <p>© 2026 Norrvik Gazette Ltd. All rights reserved.</p>
  <ul><li><a href="/privacy">Privacy policy</a></li><li><a href="/contact">Contact us</a></li></ul>
</footer>
</body>
</html>
""",
        encoding="utf-8",
    )
    return path


def write_docx(folder: Path) -> Path:
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = RUNNING_HEADER
    footer = section.footer.paragraphs[0]
    footer.add_run("Page ")
    # A PAGE field, which LibreOffice fills with each page's number.
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    footer._p.append(field)
    document.add_heading(HEADLINE, level=1)
    document.add_paragraph(BYLINE)
    document.add_paragraph(f"{DATELINE} {LEAD}")
    for number, paragraph in enumerate(PARAGRAPHS):
        document.add_paragraph(paragraph)
        if number == 2:
            table = document.add_table(rows=len(TABLE), cols=2)
            for row, cells in zip(table.rows, TABLE):
                for cell, value in zip(row.cells, cells):
                    cell.text = value
    document.add_paragraph(HYPHENATED.replace("·", "\u00ad"))
    path = folder / "bridge.docx"
    document.save(path)
    return path


@pytest.fixture(scope="session")
def articles(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("articles")
    return {
        "txt": write_txt(folder),
        "md": write_markdown(folder),
        "html": write_html(folder),
        "docx": write_docx(folder),
    }


@pytest.fixture(scope="session")
def pdf_article(articles, tmp_path_factory) -> Path:
    import pypdf

    pdf = converted(articles["docx"], tmp_path_factory.mktemp("pdf"), "pdf")
    assert len(pypdf.PdfReader(pdf).pages) >= 2, "the fixture article must run over two pages"
    return pdf


@pytest.fixture(params=["txt", "md", "html", "docx", "pdf"])
def article(request, articles) -> Path:
    if request.param == "pdf":
        return request.getfixturevalue("pdf_article")
    return articles[request.param]


# --- What each format gives ---------------------------------------------------------------


def test_every_format_gives_the_article_sentences_with_exact_offsets(article):
    document = read_document(article)
    pieces = split_sentences(document.text)
    assert pieces and all(document.text[s.start : s.end] == s.text for s in pieces)
    sentences = [s.plain_text for s in pieces if s.kind == "sentence"]
    for sentence in ARTICLE_SENTENCES:
        assert sentence in sentences
    for furniture in NOT_CLAIMS:
        assert not any(furniture in s for s in sentences), furniture


def test_document_records_format_hashes_and_notes(article):
    document = read_document(article)
    assert document.format == article.suffix.lstrip(".")
    assert document.sha256 == hashlib.sha256(article.read_bytes()).hexdigest()
    assert document.text_sha256 == hashlib.sha256(document.text.encode("utf-8")).hexdigest()
    assert document.path == article
    assert "\r" not in document.text and "\u00ad" not in document.text


def test_headline_and_byline_stand_apart(article):
    pieces = [(p.text, p.kind) for p in split_sentences(read_document(article).text)]
    assert pieces[0] == (HEADLINE, "sentence")  # a headline states the story: it is scored
    # trafilatura leaves a web page's byline out; the other formats keep it, as furniture.
    assert pieces[1] == ((BYLINE, "furniture") if article.suffix != ".html" else (DATELINE, "furniture"))


def test_web_page_keeps_the_article_and_drops_the_furniture(articles):
    document = read_document(articles["html"])
    for furniture in PAGE_FURNITURE:
        assert furniture not in document.text, furniture
    paragraphs = paragraphs_of(document.text)
    assert paragraphs[0] == HEADLINE
    for paragraph in ARTICLE_PARAGRAPHS:
        assert paragraph in paragraphs
    assert f"{DATELINE} {LEAD}" in paragraphs


def test_web_page_skips_the_article_table_and_counts_it(articles):
    """A table in the article is left out and named; one in a sidebar is furniture, like the rest."""
    document = read_document(articles["html"])
    assert document.notes == ("1 table skipped",)
    for cell in (*TABLE, *SIDEBAR_TABLE):
        assert cell[1] not in document.text
    paragraphs = paragraphs_of(document.text)
    assert paragraphs[paragraphs.index(QUOTE) + 1] == PARAGRAPHS[0]


def test_web_page_headline_from_metadata_when_the_body_lacks_it(tmp_path):
    page = tmp_path / "page.htm"
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[:4])
    page.write_text(
        f"<html><head><title>{HEADLINE}</title></head><body><div class='story'>{body}</div></body></html>",
        encoding="utf-8",
    )
    document = read_document(page)
    assert paragraphs_of(document.text)[0] == HEADLINE
    assert document.notes == ("headline taken from the page's metadata",)


def test_word_file_skips_the_table_and_keeps_paragraphs_apart(articles):
    document = read_document(articles["docx"])
    assert document.notes == ("1 table skipped",)
    assert "Repair bill" not in document.text and "48 million" not in document.text
    assert RUNNING_HEADER not in document.text and "Page" not in document.text
    assert paragraphs_of(document.text)[:3] == [HEADLINE, BYLINE, f"{DATELINE} {LEAD}"]
    assert HYPHENATED_PLAIN in paragraphs_of(document.text)


def test_word_file_reads_tracked_changes_as_accepted():
    import docx
    from docx.oxml import parse_xml

    namespace = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    paragraph = document.add_paragraph("Repairs cost ")
    paragraph._p.append(parse_xml(f'<w:hyperlink {namespace}><w:r><w:t>212 million</w:t></w:r></w:hyperlink>'))
    paragraph._p.append(parse_xml(f'<w:del {namespace} w:id="1" w:author="ed"><w:r><w:delText> crowns</w:delText></w:r></w:del>'))
    paragraph._p.append(parse_xml(f'<w:ins {namespace} w:id="2" w:author="ed"><w:r><w:t xml:space="preserve"> krona</w:t></w:r></w:ins>'))
    paragraph.add_run(".")
    lines = document.add_paragraph("Line one").add_run()
    lines.add_break()
    lines.add_text("line two")
    saved = io.BytesIO()
    document.save(saved)
    assert docx_text(saved.getvalue()).text == "Repairs cost 212 million krona.\n\nLine one\nline two\n"



def test_a_word_reference_to_a_footnote_the_file_lacks_is_read_past():
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    paragraph = document.add_paragraph("The ferry carried 1.2 million passengers")
    run, reference = OxmlElement("w:r"), OxmlElement("w:footnoteReference")
    reference.set(qn("w:id"), "7")
    run.append(reference)
    paragraph._p.append(run)
    paragraph.add_run(" last year.")
    saved = io.BytesIO()
    document.save(saved)
    extracted = docx_text(saved.getvalue())
    assert (extracted.text, extracted.notes, extracted.links) == ("The ferry carried 1.2 million passengers last year.\n", (), ())

def test_markdown_loses_its_markup_and_keeps_its_structure(articles):
    document = read_document(articles["md"])
    paragraphs = paragraphs_of(document.text)
    assert paragraphs[:2] == [HEADLINE, BYLINE]
    assert "Costs Keep Rising" in paragraphs
    for item in ("Four lanes, up from two", "A separate cycle path", "A clearance of 42 metres for ships"):
        assert item in paragraphs
    for markup in ("#", "**", "_212", "](", "![", "bridge.jpg", "https://", "> "):
        assert markup not in document.text, markup
    assert "1.4 billion krona plan on Monday to replace\nthe ageing Harbour Bridge, ending" in document.text


def test_markdown_code_kept_tables_and_html_blocks_skipped():
    source = (
        "Intro text.\n\n```\nRepairs: 212 million krona\n```\n\n"
        "| Year | Cost |\n|---|---|\n| 2019 | 48 |\n\n<div class='ad'>Buy now</div>\n\n"
        "Line one  \nline two with `code` and <b>bold</b> and ~~struck~~ words.\n"
    )
    extracted = markdown_text(source)
    assert extracted.text == (
        "Intro text.\n\nRepairs: 212 million krona\n\n"
        "Line one\nline two with code and bold and struck words.\n"
    )
    assert extracted.notes == ("1 table skipped", "1 HTML block skipped")


def raw_pdf_lines(pdf: Path) -> list[list[str]]:
    """Each page's lines as pypdf gives them, furniture and all."""
    import pypdf

    return [page.extract_text().splitlines() for page in pypdf.PdfReader(pdf).pages]


def test_pdf_drops_running_header_and_page_numbers_and_rejoins_lines(pdf_article):
    pages = raw_pdf_lines(pdf_article)
    assert all(lines[0] == RUNNING_HEADER and lines[-1] == f"Page {n}" for n, lines in enumerate(pages, 1))
    document = read_document(pdf_article)
    assert RUNNING_HEADER not in document.text and "Page" not in document.text
    assert document.notes == (f"{2 * len(pages)} running header, footer or page-number lines dropped",)
    paragraphs = paragraphs_of(document.text)
    assert paragraphs[:3] == [HEADLINE, BYLINE, f"{DATELINE} {LEAD}"]
    for paragraph in ARTICLE_PARAGRAPHS:
        assert paragraph in paragraphs, paragraph


def test_pdf_undoes_hyphenation_at_line_ends(pdf_article):
    broken = [line for lines in raw_pdf_lines(pdf_article) for line in lines if line.rstrip().endswith("-")]
    assert broken, "LibreOffice hyphenated no word at a line end; the fixture needs longer words"
    assert HYPHENATED_PLAIN in paragraphs_of(read_document(pdf_article).text)


@pytest.mark.parametrize(
    ("lines", "context", "joined"),
    [
        (["the integra-", "tion of both"], "", "the integration of both"),
        (["the ex-", "Soviet states"], "", "the ex-Soviet states"),
        (["a long-", "term plan"], "a long-term view", "a long-term plan"),
        # No Word or LibreOffice file is hyphenated unless told to be: a line ends at a compound's hyphen.
        (["after a four-", "hour debate"], "", "after a four-hour debate"),
        (["the well-", "known case"], "", "the well-known case"),
        (["a cross-", "border deal"], "", "a cross-border deal"),
        # Hyphenated words whose parts are words too, and parts spelt whole in the text.
        (["the news-", "paper said"], "", "the newspaper said"),
        (["some-", "thing new"], "", "something new"),
        (["the label-", "ling rules"], "labelling", "the labelling rules"),
        (["the COVID-", "19 rules"], "", "the COVID-19 rules"),
        (["prices rose -", "sharply"], "", "prices rose - sharply"),
        (["the infra\u00ad", "structure fund"], "", "the infrastructure fund"),
        (["met on Wed-", "nesday at noon"], "since Wednesday", "met on Wednesday at noon"),
        (["a Covid-", "related delay"], "", "a Covid-related delay"),
        (["first line  ", "  second line"], "", "first line second line"),
        (["one line"], "", "one line"),
        (["survey: https://www.norrvik.example/", "transport/harbour-bridge-survey-2025"], "",
         "survey: https://www.norrvik.example/transport/harbour-bridge-survey-2025"),
        (["see https://council.example/harbour-", "bridge-survey.pdf for more"], "", "see https://council.example/harbour-bridge-survey.pdf for more"),
        (["at www.council.example/reports?id=", "2025&page=4 it says"], "", "at www.council.example/reports?id=2025&page=4 it says"),
        (["see https://council.example/", "and the minutes"], "", "see https://council.example/ and the minutes"),
        (["see https://council.example/report", "2025/annual"], "", "see https://council.example/report 2025/annual"),
        (["at", "https://council.example/surveys/tr", "affic-2025 on Monday"], "", "at https://council.example/surveys/traffic-2025 on Monday"),
        (["https://council.example/survey", "2025 figures, it said."], "", "https://council.example/survey 2025 figures, it said."),
    ],
)
def test_join_wrapped_lines(lines, context, joined):
    assert join_wrapped_lines(lines, context) == joined


def test_word_bullets_in_a_pdf_read_as_bullets_not_private_use_glyphs(tmp_path):
    """Word draws bullets in its Symbol font; in the PDF they are private-use characters."""
    import docx

    document = docx.Document()
    document.add_paragraph("Key numbers from the report:")
    for item in ("Waiting list: 7.8 million", "Patients waiting over a year: 390,000"):
        document.add_paragraph(item, style="List Bullet")
    source = tmp_path / "bridge.docx"
    document.save(source)
    text = read_document(converted(source, tmp_path, "pdf")).text
    assert "• Waiting list: 7.8 million" in text and "• Patients waiting over a year: 390,000" in text
    assert not any("\ue000" <= char <= "\uf8ff" for char in text)


def test_two_column_pdf_keeps_sentences_whole_across_the_column_break(tmp_path):
    import docx
    import pypdf
    from docx.oxml.ns import qn

    headline = "Norrvik council approves the harbour bridge replacement plan"
    # Varied sentences: lines that repeat but for their digits would read as running headers.
    who = ["The transport department", "A council survey", "The harbour authority", "Inspectors", "The county auditor", "Engineers", "The ferry operator", "A traffic count"]
    what = ["found that the old bridge carried", "reported that lorries made up", "recorded that repairs cost", "estimated that cyclists accounted for", "said the crossing saw"]
    tail = ["on an average weekday", "in the year to March", "during the summer closure", "before the new toll began", "across the whole of last winter", "at the evening peak"]
    sentences = [
        f"{who[n % 8]} {what[n % 5]} {11 * n + 7} thousand {['vehicles', 'krona', 'trips'][n % 3]} {tail[n % 6]},"
        f" according to figures {['the council', 'the county', 'the port'][n % 3]} published after the vote on the new crossing."
        for n in range(24)
    ]
    paragraphs = [" ".join(sentences[part : part + 3]) for part in range(0, 24, 3)]
    document = docx.Document()
    document.add_heading(headline, level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    document.sections[0]._sectPr.xpath("./w:cols")[0].set(qn("w:num"), "2")
    source = tmp_path / "bridge.docx"
    document.save(source)
    pdf = converted(source, tmp_path, "pdf")
    lines = [line for page in pypdf.PdfReader(pdf).pages for line in page_lines(page)]
    # The fixture must break a sentence at the foot of a column, and wrap the headline.
    breaks = [above.text for above, below in zip(lines, lines[1:]) if below.y > above.y]
    assert any(not line.endswith(".") for line in breaks), breaks
    assert lines[0].text != headline
    text = read_document(pdf).text
    assert paragraphs_of(text)[0] == headline
    assert sentences_of(paragraphs_of(text)[1:]) == sentences_of(paragraphs)


def test_a_release_of_short_paragraphs_keeps_them_apart_in_a_pdf(tmp_path):
    """Most gaps between its lines are between paragraphs, and a paragraph of one line may run
    nearly the full width: the gap tells paragraphs apart, not the line's length."""
    import docx
    import pypdf

    paragraphs = [
        "The council approved a budget of 412 million pounds for 2027 on Tuesday, up 4.8 per cent on this year.",
        "Council tax will rise by 2.99 per cent, the lowest rise since 2019.",
        "Bus fares for pupils stay frozen for a third year, at a cost of £1.2m.",
        "Since 2010 the council has opened six new libraries, more than any other council in the region.",
        "Parking charges in the town centre rise by 20p an hour from April.",
    ]
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    document.save(tmp_path / "release.docx")
    pdf = converted(tmp_path / "release.docx", tmp_path, "pdf")
    lines = [line.text for line in page_lines(pypdf.PdfReader(pdf).pages[0])]
    # The fixture must have more gaps between paragraphs than within them, and paragraphs of
    # one line.
    assert len(paragraphs) - 1 > len(lines) - len(paragraphs)
    assert sum(line in paragraphs for line in lines) >= 2, lines
    assert paragraphs_of(read_document(pdf).text) == paragraphs


def test_a_web_address_a_narrow_column_breaks_is_read_whole(tmp_path):
    import docx
    import pypdf
    from docx.oxml.ns import qn

    address = "https://www.norrvik.example/transport/harbour-bridge-survey-2025/results-by-weekday"
    document = docx.Document()
    document.add_paragraph(f"The council published the survey at {address} on Monday.")
    document.add_paragraph(address)
    document.sections[0]._sectPr.xpath("./w:cols")[0].set(qn("w:num"), "2")
    source = tmp_path / "bridge.docx"
    document.save(source)
    pdf = converted(source, tmp_path, "pdf")
    lines = [line.text for page in pypdf.PdfReader(pdf).pages for line in page_lines(page)]
    assert not any(address in line for line in lines), lines  # the fixture must break it
    text = read_document(pdf).text
    assert paragraphs_of(text) == [f"The council published the survey at {address} on Monday.", address]


def test_running_lines_are_dropped_only_at_page_edges():
    story = [sentence for paragraph in PARAGRAPHS for sentence in sentences_of([paragraph])]

    def page(number: int) -> list[PdfLine]:
        first, last = story[2 * number : 2 * number + 2]
        return [
            PdfLine("Norrvik Gazette", 800, 9),
            PdfLine(first, 700, 11),
            PdfLine(PARAGRAPHS[0], 600, 11),
            PdfLine(last, 500, 11),
            PdfLine(f"Page {number} of 3", 40, 9),
        ]

    pages, dropped = drop_page_furniture([page(1), page(2), page(3)])
    assert dropped == 6
    assert [line.text for line in pages[1]] == [story[4], PARAGRAPHS[0], story[5]]
    # One page: nothing repeats, but a bare number at its foot is still a page number.
    lone = [PdfLine("Norrvik Gazette", 800, 9), PdfLine("Text.", 700, 11), PdfLine("1", 40, 9)]
    pages, dropped = drop_page_furniture([lone])
    assert [line.text for line in pages[0]] == ["Norrvik Gazette", "Text."] and dropped == 1


def test_a_line_at_the_top_of_one_page_and_one_at_the_foot_of_the_next_are_no_running_line():
    """Two pages of a two-column article: the second column's top line and a line at the foot
    of the next page differ only in their figures (Carlito's layout of the two-column fixture
    above); both are the article's."""
    first = [PdfLine("recorded that repairs cost 84", 690, 11), PdfLine("Council approves the plan", 680, 14),
             PdfLine("thousand krona in the year to", 670, 11), PdfLine("March, according to figures.", 90, 11),
             PdfLine("Page 1", 40, 9)]
    second = [PdfLine("figures the port published after", 700, 11), PdfLine("vote on the new crossing.", 690, 11),
              PdfLine("the bridge carried 7 thousand", 300, 11), PdfLine("recorded that repairs cost 249", 80, 11),
              PdfLine("Page 2", 40, 9)]
    pages, dropped = drop_page_furniture([first, second])
    assert [line.text for line in pages[0]] == [line.text for line in first[:4]]
    assert [line.text for line in pages[1]] == [line.text for line in second[:4]] and dropped == 2


# --- Standard input -----------------------------------------------------------------------


def test_standard_input_is_read_as_plain_text(monkeypatch):
    raw = b"Minsk said prices rose 5 percent.\r\nIt was a cold day.\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    document = read_document("-")
    text = "Minsk said prices rose 5 percent.\nIt was a cold day.\n"
    assert document == Document(Path("-"), text, hashlib.sha256(raw).hexdigest(), "stdin")


@pytest.mark.parametrize(
    ("raw", "message"),
    [(b"", "standard input is empty"), (b"%PDF-1.7\n", "standard input looks like a PDF file, not plain text")],
)
def test_standard_input_refusals(monkeypatch, raw, message):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    with pytest.raises(DocumentError, match=f"^{message}$"):
        read_document("-")


def test_sentences_command_reads_standard_input(articles):
    text = articles["txt"].read_text(encoding="utf-8")
    result = factcheck("sentences", "-", "--json", stdin=text)
    assert result.returncode == 0, result.stderr
    pieces = json.loads(result.stdout)
    assert [p["text"] for p in pieces if p["kind"] == "sentence"] == ARTICLE_SENTENCES
    assert all(text[p["start"] : p["end"]] == p["text"] for p in pieces)


# --- The whole run, per format ------------------------------------------------------------


def claims_in(workbook: Path) -> list[str]:
    sheet = load_workbook(workbook)["Claims"]
    header = [cell.value for cell in sheet[1]]
    return [row[header.index("Claim")] for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_check_writes_the_article_claims_for_every_format(article, tiny_model, tmp_path):
    output = tmp_path / "out.xlsx"
    result = factcheck("check", article, "-o", output, "--model", tiny_model)
    assert result.returncode == 0, result.stderr
    claims = claims_in(output)
    for sentence in ARTICLE_SENTENCES:
        assert sentence in claims, sentence
    for furniture in NOT_CLAIMS:
        assert not any(furniture in claim for claim in claims), furniture
    workbook = load_workbook(output)
    sheet = workbook["Sentences"]
    header = [cell.value for cell in sheet[1]]
    kinds = {row[header.index("Sentence")]: row[header.index("Kind")] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert kinds[HEADLINE] == "sentence"
    assert kinds[BYLINE if article.suffix != ".html" else DATELINE] == "furniture"
    properties = {p.name: p.value for p in workbook.custom_doc_props}
    document = read_document(article)
    assert properties["factcheck.article_format"] == document.format
    assert properties["factcheck.text_length"] == str(len(document.text))
    assert properties["factcheck.text_sha256"] == document.text_sha256
    # What extraction left out (a table, page furniture) is named on About for the reviewer.
    about = {row[0]: row[1] for row in workbook["About"].iter_rows(values_only=True) if row[0]}
    assert about.get("extraction_notes") == properties.get("factcheck.extraction_notes") == ("; ".join(document.notes) or None)


def test_check_reads_standard_input(articles, tiny_model, tmp_path):
    output = tmp_path / "pasted.xlsx"
    text = articles["txt"].read_text(encoding="utf-8")
    result = factcheck("check", "-", "-o", output, "--model", tiny_model, stdin=text)
    assert result.returncode == 0, result.stderr
    assert claims_in(output) == ARTICLE_SENTENCES


# --- Scanned PDFs, read by OCR ------------------------------------------------------------


def scanned(pdf: Path, path: Path, pages: Sequence[int] | None = None, turns: Sequence[int] = ()) -> Path:
    """``pdf`` as a scanner gives it back: each page a grey picture at 200 dots an inch, set a
    little askew on the glass, with no text; only ``pages`` (counted from 0) so, where named,
    the others kept as they are. ``turns`` are the degrees each page lay turned by (90: its
    top to the left), where it did not lie upright."""
    from PIL import Image

    reader = pypdf.PdfReader(pdf)
    writer = pypdf.PdfWriter()
    for number, page in enumerate(reader.pages):
        if pages is not None and number not in pages:
            writer.add_page(page)
            continue
        drawn = subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", "-f", str(number + 1), "-l", str(number + 1), str(pdf)], capture_output=True, check=True).stdout
        turn = turns[number] if number < len(turns) else 0
        picture = Image.open(io.BytesIO(drawn)).rotate(turn + 0.5, expand=bool(turn), resample=Image.Resampling.BICUBIC, fillcolor=255)
        one_page = io.BytesIO()
        picture.save(one_page, "PDF", resolution=200)
        writer.add_page(pypdf.PdfReader(one_page).pages[0])
    writer.write(path)
    return path


@pytest.fixture(scope="session")
def scanned_article(pdf_article, tmp_path_factory) -> Path:
    scan = scanned(pdf_article, tmp_path_factory.mktemp("scan") / "bridge-scan.pdf")
    assert not "".join(page.extract_text() for page in pypdf.PdfReader(scan).pages).strip(), "a scan has no text of its own"
    return scan


def test_a_scanned_pdf_reads_by_ocr_as_its_text_would(scanned_article, pdf_article):
    document, printed = read_document(scanned_article), read_document(pdf_article)
    # Paragraph for paragraph the text the PDF gave before it was printed and scanned: its lines
    # joined, "re·con·struc·tion" whole again, the running header and page numbers dropped. Only
    # the table's rows may differ: OCR reads "48" in a cell of the askew page as "A8".
    read, typed = paragraphs_of(document.text), paragraphs_of(printed.text)
    assert len(read) == len(typed)
    assert {paragraph for paragraph in typed if paragraph not in read} <= {" ".join(row) for row in TABLE}
    sentences = [s.plain_text for s in split_sentences(document.text) if s.kind == "sentence"]
    assert [s for s in ARTICLE_SENTENCES if s not in sentences] == []
    assert not [furniture for furniture in NOT_CLAIMS if any(furniture in s for s in sentences)]
    assert re.fullmatch(
        r"its 2 pages read by OCR \(Tesseract, eng(\+\w+)*\), scanned with no text to extract: check names and figures against the scan",
        document.notes[0],
    )
    assert document.notes[1:] == printed.notes == ("4 running header, footer or page-number lines dropped",)


def test_a_page_that_lay_upside_down_or_sideways_on_the_scanner_reads_as_it_would_upright(pdf_article, tmp_path):
    document = read_document(scanned(pdf_article, tmp_path / "turned.pdf", turns=[180, 90]))
    read, typed = paragraphs_of(document.text), paragraphs_of(read_document(pdf_article).text)
    assert len(read) == len(typed)
    assert {paragraph for paragraph in typed if paragraph not in read} <= {" ".join(row) for row in TABLE}
    assert [page.number for page in document.pages] == [1, 2]


def test_a_pdf_with_one_scanned_page_reads_it_in_its_place(pdf_article, tmp_path):
    """A report's signed letter or annex is often scanned into a PDF whose other pages have text."""
    document = read_document(scanned(pdf_article, tmp_path / "annex.pdf", pages=[1]))
    assert document.text == read_document(pdf_article).text
    assert document.notes[0].startswith("page 2 of its 2 read by OCR (Tesseract, eng")


def test_a_scanned_pdf_is_checked_into_a_workbook_that_says_it_was_read_by_ocr(scanned_article, tiny_model, tmp_path):
    output = tmp_path / "scan.xlsx"
    result = factcheck("check", scanned_article, "-o", output, "--model", tiny_model)
    assert result.returncode == 0, result.stderr
    claims = claims_in(output)
    assert [sentence for sentence in ARTICLE_SENTENCES if sentence not in claims] == []
    assert not [furniture for furniture in NOT_CLAIMS if any(furniture in claim for claim in claims)]
    about = {row[0]: row[1] for row in load_workbook(output)["About"].iter_rows(values_only=True) if row[0]}
    assert about["extraction_notes"].startswith("its 2 pages read by OCR (Tesseract, eng")
    assert "check names and figures against the scan" in about["extraction_notes"]
    # A scan has no text to search: each claim says the page to look on
    sheet = load_workbook(output)["Claims"]
    header = [cell.value for cell in sheet[1]]
    on_page = {row[header.index("Claim")]: row[header.index("Suggested sources")].splitlines()[-1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert on_page[LEAD] == "On page 1 of the PDF"
    assert on_page[ARTICLE_SENTENCES[-1]] == "On page 2 of the PDF"
    assert set(on_page.values()) == {"On page 1 of the PDF", "On page 2 of the PDF"}


def test_a_scanned_list_keeps_its_bullets_which_ocr_reads_as_other_marks(tmp_path):
    import docx

    items = ["Stay out of the sun between 11am and 3pm", "Never leave children or pets in a parked car", "Drink at least two litres of water a day"]
    document = docx.Document()
    document.add_heading("Heat alert issued for the region", level=1)
    document.add_paragraph("The health agency raised its heat alert to amber on Monday. Its advice:")
    for item in items:
        document.add_paragraph(f"• {item}")
    document.add_paragraph("Temperatures are expected to reach 31C by Thursday.")
    document.save(tmp_path / "alert.docx")
    pdf = converted(tmp_path / "alert.docx", tmp_path, "pdf")
    # Tesseract reads these bullets as "¢" twice and once as "*", with too little confidence
    # to keep it as a mark
    read = read_document(scanned(pdf, tmp_path / "alert-scan.pdf"))
    assert read.text == read_document(pdf).text
    sentences = [s.plain_text for s in split_sentences(read.text) if s.kind == "sentence"]
    assert [f"• {item}" for item in items] == [s for s in sentences if s.startswith("•")]
    assert sentences[-1] == "Temperatures are expected to reach 31C by Thursday."


def test_a_scanned_page_as_large_as_a_wall_is_read_from_a_picture_of_bounded_size(pdf_article, tmp_path):
    """Drawn at 300 dots an inch, a page 230 inches tall would be a picture of 4.7 gigabytes."""
    from PIL import Image

    drawn = subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", "-f", "1", "-l", "1", str(pdf_article)], capture_output=True, check=True).stdout
    Image.open(io.BytesIO(drawn)).save(tmp_path / "poster.pdf", "PDF", resolution=10)
    assert max(pypdf.PdfReader(tmp_path / "poster.pdf").pages[0].mediabox[2:]) > 200 * 72
    document = read_document(tmp_path / "poster.pdf")
    # One page: its running header is read as a line of text, as the printed PDF's one page is
    assert document.text.startswith(f"{RUNNING_HEADER}\n\n{HEADLINE}\n\n{BYLINE}\n\n{DATELINE} {LEAD}\n\n")


def test_a_page_with_no_text_and_only_a_small_picture_is_not_read_by_ocr(tmp_path):
    """A logo or a photo on a page is no scan: only a picture over half the page or more is."""
    from PIL import Image

    page = printed_page(tmp_path / "logo.png", ["NORRVIK COUNCIL", "Annual report 2026 on the harbour works and the budget."])
    full_page = io.BytesIO()
    Image.open(page).save(full_page, "PDF", resolution=100)
    writer = pypdf.PdfWriter()
    writer.add_page(pypdf.PdfReader(full_page).pages[0])
    writer.pages[0].add_transformation(pypdf.Transformation().scale(0.6))  # the picture on 36% of the page
    writer.write(tmp_path / "logo.pdf")
    with pytest.raises(DocumentError, match=r"logo\.pdf has no text to extract, nor any that OCR could read on a scanned page$"):
        read_document(tmp_path / "logo.pdf")


def test_without_pdftoppm_a_scanned_pdf_is_refused_in_one_line(scanned_article, tmp_path, monkeypatch):
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "tesseract").symlink_to(shutil.which("tesseract"))
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))  # Tesseract, but no pdftoppm
    assert_one_line_error(
        factcheck("check", scanned_article, "-o", tmp_path / "scan.xlsx"),
        r"bridge-scan\.pdf cannot be read as a PDF file: reading the text of a scanned PDF needs Poppler's pdftoppm, which is not installed \(apt-get install poppler-utils",
    )
    assert not (tmp_path / "scan.xlsx").exists()


# --- Content that does not match its extension ---------------------------------------------


def zip_of(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(part, "<x/>")
    return buffer.getvalue()


PAGE = b"<!DOCTYPE html>\n<html><body><p>The council met.</p></body></html>\n"
TEXT = b"The council met on Monday.\n"
BINARY = bytes(range(256)) * 4
WORD = "a Word (.docx) file"
MISMATCHES = [
    pytest.param("a.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "looks like a PDF file, not plain text", id="pdf as txt"),
    pytest.param("a.txt", PAGE, "looks like an HTML page, not plain text", id="html as txt"),
    pytest.param("a.txt", zip_of("notes.txt"), "looks like a zip file, not plain text", id="zip as txt"),
    pytest.param("a.docx", TEXT, f"looks like plain text, not {WORD}", id="text as docx"),
    pytest.param("a.docx", zip_of("xl/workbook.xml"), f"looks like an Excel (.xlsx) file, not {WORD}", id="xlsx as docx"),
    pytest.param("a.docx", b"PK\x03\x04\x14\x00", f"looks like a zip (or .docx/.xlsx) file, not {WORD}", id="cut docx"),
    pytest.param(
        "a.docx",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00",
        f"looks like an old Microsoft Office (.doc/.xls) file, not {WORD}",
        id="doc as docx",
    ),
    pytest.param("a.pdf", PAGE, "looks like an HTML page, not a PDF file", id="html as pdf"),
    pytest.param("a.pdf", b"\x89PNG\r\n\x1a\n\x00\x00", "looks like a PNG file, not a PDF file", id="png as pdf"),
    pytest.param("a.pdf", BINARY, "looks like binary data, not a PDF file", id="binary as pdf"),
    pytest.param("a.pdf", b"%PDF-1.7\nnot really a PDF\n", "cannot be read as a PDF file: ", id="damaged pdf"),
    pytest.param("a.md", BINARY, "looks like binary data, not Markdown text", id="binary as md"),
    pytest.param("a.md", PAGE, "looks like an HTML page, not Markdown text", id="html as md"),
    pytest.param("a.html", TEXT, "looks like plain text, not an HTML page", id="text as html"),
    pytest.param("a.htm", b"GIF89a\x01\x00", "looks like a GIF file, not an HTML page", id="gif as htm"),
]


@pytest.mark.parametrize(("name", "raw", "message"), MISMATCHES)
def test_content_must_match_the_extension(tmp_path, name, raw, message):
    path = tmp_path / name
    path.write_bytes(raw)
    with pytest.raises(DocumentError) as refused:
        read_document(path)
    assert str(refused.value).startswith(f"{path} {message}")
    assert "\n" not in str(refused.value)


def test_real_word_file_renamed_pdf_is_named(articles, tmp_path):
    path = tmp_path / "bridge.pdf"
    path.write_bytes(articles["docx"].read_bytes())
    with pytest.raises(DocumentError, match=r"looks like a Word \(\.docx\) file, not a PDF file$"):
        read_document(path)


def blank_pdf(path: Path, password: str | None = None) -> Path:
    import pypdf

    writer = pypdf.PdfWriter()
    writer.add_blank_page(595, 842)
    if password is not None:
        writer.encrypt(password, "owner", algorithm="RC4-128")
    writer.write(path)
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "picture.md", "has no text once its Markdown markup is removed"),
        (lambda d: d / "menu.html", "has no article text that could be told from the rest of the page"),
        (lambda d: blank_pdf(d / "blank.pdf"), "has no text to extract, nor any that OCR could read on a scanned page"),
        (lambda d: blank_pdf(d / "restricted.pdf", ""), "has no text to extract, nor any that OCR"),
        (lambda d: blank_pdf(d / "locked.pdf", "secret"), "cannot be read as a PDF file: it is protected by a password"),
    ],
    ids=["markdown picture", "web page menu", "blank pdf", "pdf with empty password", "pdf with password"],
)
def test_files_without_article_text(tmp_path, make, message):
    (tmp_path / "picture.md").write_text("![only a picture](a.png)\n", encoding="utf-8")
    (tmp_path / "menu.html").write_text("<html><body><nav><ul><li><a href='/'>News</a></li></ul></nav></body></html>")
    path = make(tmp_path)
    with pytest.raises(DocumentError) as refused:
        read_document(path)
    assert str(refused.value).startswith(f"{path} {message}")


def test_word_file_of_only_a_table(tmp_path):
    import docx

    document = docx.Document()
    document.add_table(rows=1, cols=2).cell(0, 0).text = "2019"
    path = tmp_path / "table.docx"
    document.save(path)
    with pytest.raises(DocumentError, match=r"has no text in its paragraphs \(1 table skipped\)$"):
        read_document(path)


def test_web_page_of_only_a_table(tmp_path):
    path = tmp_path / "results.html"
    table = html_table((("Chelsea", "2-1", "Fulham"), ("Arsenal", "1-3", "Spurs")))
    path.write_text(f"<html><head><title>Premier League Results</title></head><body>{table}</body></html>", encoding="utf-8")
    with pytest.raises(DocumentError, match=r"has no article text that could be told from the rest of the page \(1 table skipped\)$"):
        read_document(path)


@pytest.mark.parametrize("name", ["notes.rtf", "article", "story.doc"])
def test_unknown_extension_names_the_supported_ones(tmp_path, name):
    path = tmp_path / name
    path.write_text("The council met on Monday.\n", encoding="utf-8")
    with pytest.raises(DocumentError) as refused:
        read_document(path)
    message = str(refused.value)
    assert message.startswith(f"{path}: factcheck cannot read ")
    assert ".txt, .text, .md, .markdown, .html, .htm, .docx, .odt, .pdf, .srt, .vtt, .eml, .msg, a chat export's .zip or .json, or a picture's .png, .jpg, .jpeg or .webp, by OCR" in message


@pytest.mark.parametrize("name", ["article.TXT", "article.text", "ARTICLE.Md"])
def test_extensions_are_read_in_any_case(tmp_path, name):
    path = tmp_path / name
    path.write_text("The council met on Monday.\n", encoding="utf-8")
    assert read_document(path).text == "The council met on Monday.\n"


@pytest.mark.parametrize(
    ("name", "raw", "pattern"),
    [
        ("pdf.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "looks like a PDF file, not plain text"),
        ("text.docx", TEXT, r"looks like plain text, not a Word \(\.docx\) file"),
        ("page.pdf", PAGE, "looks like an HTML page, not a PDF file"),
        ("data.md", BINARY, "looks like binary data, not Markdown text"),
        ("notes.rtf", b"{\\rtf1 The council met.}", r"cannot read \.rtf files; it reads \.txt"),
    ],
    ids=["pdf as txt", "text as docx", "html as pdf", "binary as md", "rtf"],
)
def test_check_refuses_a_mismatch_in_one_line_and_writes_nothing(tmp_path, name, raw, pattern):
    work = tmp_path / "work"
    work.mkdir()
    (work / name).write_bytes(raw)
    result = factcheck("check", name, cwd=work)
    assert_one_line_error(result, pattern)
    assert sorted(p.name for p in work.iterdir()) == [name]


LINKED_PAGE = """<html><head><title>Tram line over budget</title></head><body>
<nav><a href="https://news.example/">Home</a> <a href="https://news.example/world">World</a></nav>
<article><h1>Tram line over budget</h1>
<p>The new tram line cost £28m, according to <a href="https://council.example/tram-report.pdf">the
council's own report</a>, far more than the £16m first planned.</p>
<p>Ridership rose 12 per cent last year, the <a href="https://transport.example/stats/2025">transport
authority's figures</a> show.</p>
<p>Critics said the project was poorly managed, and residents complained about the noise for months.</p>
<p>See the <a href="/local/trams">earlier story</a> and <a href="https://bare.example/x">https://bare.example/x</a>.</p>
</article><footer><a href="https://news.example/privacy">Privacy</a></footer></body></html>
"""
LINKED_MARKDOWN = """# Tram line over budget

The new tram line cost £28m, according to [the council's own
report](https://council.example/tram-report.pdf), far more than the £16m first planned.

See the [earlier story](/local/trams) and <https://bare.example/x>.
"""


@pytest.mark.parametrize("name, content", [("tram.html", LINKED_PAGE), ("tram.md", LINKED_MARKDOWN)])
def test_a_link_shown_only_as_words_is_kept_with_its_place_in_the_text(tmp_path, name, content):
    """Menus, relative links and links that show their own address are left out."""
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    document = read_document(path)
    placed = [(" ".join(document.text[link.start:link.end].split()), link.address) for link in document.links]
    expected = [("the council's own report", "https://council.example/tram-report.pdf")]
    if name.endswith(".html"):
        expected.append(("transport authority's figures", "https://transport.example/stats/2025"))
    assert placed == expected


def test_the_address_of_a_link_in_a_claim_goes_to_its_suggested_sources_and_sources(tmp_path):
    article = tmp_path / "tram.html"
    article.write_text(LINKED_PAGE, encoding="utf-8")
    output = tmp_path / "tram.xlsx"
    assert factcheck("check", article, "-o", output, "--threshold", "0").returncode == 0
    workbook = load_workbook(output)
    claims = {row[3]: row for row in workbook["Claims"].iter_rows(min_row=2, values_only=True)}
    cost = next(row for claim, row in claims.items() if claim.startswith("The new tram line cost"))
    assert "https://council.example/tram-report.pdf" in cost[9]
    sources = {row[0]: row for row in workbook["Sources"].iter_rows(min_row=2, values_only=True)}
    assert sources["https://council.example/tram-report.pdf"][1:] == ("URL", 2, cost[0])
    assert "https://news.example/privacy" not in sources


def test_a_word_hyperlink_is_kept_with_its_place_in_the_text(tmp_path):
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    paragraph = document.add_paragraph("Waiting lists rose to 7.8 million, according to ")
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), document.part.relate_to("https://www.england.nhs.uk/statistics/", RELATIONSHIP_TYPE.HYPERLINK, is_external=True))
    run, text = OxmlElement("w:r"), OxmlElement("w:t")
    text.text = "the NHS England website"
    run.append(text)
    link.append(run)
    paragraph._p.append(link)
    paragraph.add_run(".")
    path = tmp_path / "nhs.docx"
    document.save(path)
    read = read_document(path)
    assert read.text.strip() == "Waiting lists rose to 7.8 million, according to the NHS England website."
    assert [(read.text[link.start:link.end], link.address) for link in read.links] == [
        ("the NHS England website", "https://www.england.nhs.uk/statistics/")
    ]



# A Word draft with footnotes and an endnote, as LibreOffice writes it from this flat ODF
# text (Word keeps notes the same way: a part of their own, a reference mark in the text).
FOOTNOTED_WORD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:xlink="http://www.w3.org/1999/xlink"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:automatic-styles><style:style style:name="Super" style:family="text"><style:text-properties
 style:text-position="super 58%"/></style:style></office:automatic-styles><office:body><office:text>
<text:h text:outline-level="1">Why the ferry subsidy should stay</text:h>
<text:p>The Norrvik–Holm ferry carried 1.2 million passengers last year<text:note text:id="n1"
 text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>Nordbane,
 <text:a xlink:type="simple" xlink:href="https://nordbane.example/annual-2025.pdf">Annual report
 2025</text:a>, p. 14.</text:p></text:note-body></text:note>, up from 900,000 in 2019, <text:a
 xlink:type="simple" xlink:href="https://stats.example.org/ferries">the statistics office</text:a> says.
 The county pays about a third of its running costs<text:note text:id="n2" text:note-class="footnote"><text:note-citation>2</text:note-citation><text:note-body><text:p>County
 budget 2026, table 4.2: https://county.example.gov/budget-2026</text:p></text:note-body></text:note>.</text:p>
<text:p>Cutting the subsidy would raise fares by as much as 40%.<text:note text:id="n3"
 text:note-class="footnote"><text:note-citation>3</text:note-citation><text:note-body><text:p>The operator's
 estimate assumes passenger numbers, which rose 8% last year, stay the same.</text:p></text:note-body></text:note> The harbour covers 12
 km<text:span text:style-name="Super">2</text:span> and E = mc<text:span text:style-name="Super">2</text:span> holds.</text:p>
<text:p>Traffic on the coast road fell by 12% after the ferry opened in 2011.<text:note text:id="e1"
 text:note-class="endnote"><text:note-citation>i</text:note-citation><text:note-body><text:p>Road authority
 traffic counts, https://roads.example.gov/counts/coast-road</text:p></text:note-body></text:note></text:p>
</office:text></office:body></office:document>
"""


def test_word_footnotes_follow_the_text_and_their_web_addresses_are_sources_of_the_sentence_that_marks_them(tmp_path):
    written = tmp_path / "subsidy.fodt"
    written.write_text(FOOTNOTED_WORD, encoding="utf-8")
    article = converted(written, tmp_path, "docx")
    assert "word/footnotes.xml" in zipfile.ZipFile(article).namelist()
    document = read_document(article)
    # Footnotes in the order they are referred to, then the endnote, under a heading; Word's
    # separators are no notes.
    notes = [
        "Nordbane, Annual report 2025, p. 14.",
        "County budget 2026, table 4.2: https://county.example.gov/budget-2026",
        "The operator's estimate assumes passenger numbers, which rose 8% last year, stay the same.",
        "Road authority traffic counts, https://roads.example.gov/counts/coast-road",
    ]
    assert paragraphs_of(document.text)[-5:] == ["Notes", *notes]
    assert document.notes == ("4 footnotes read after the text",)
    # A note naming a source is a citation; one that states something is a sentence.
    kinds = {piece.text: piece.kind for piece in split_sentences(document.text)}
    assert [kinds[note] for note in notes] == ["furniture", "furniture", "sentence", "furniture"]
    output = tmp_path / "subsidy.xlsx"
    assert factcheck("check", article, "-o", output, "--threshold", "0").returncode == 0
    claims = {row[3]: row[9].splitlines() for row in load_workbook(output)["Claims"].iter_rows(min_row=2, values_only=True)}
    # The note's address and the link after its mark, in the sentence's own order.
    assert claims[
        "The Norrvik–Holm ferry carried 1.2 million passengers last year, up from 900,000 in 2019, the statistics office says."
    ][:2] == ["https://nordbane.example/annual-2025.pdf", "https://stats.example.org/ferries"]
    assert claims["The county pays about a third of its running costs."][0] == "https://county.example.gov/budget-2026"
    assert claims["Traffic on the coast road fell by 12% after the ferry opened in 2011."][0] == "https://roads.example.gov/counts/coast-road"
    assert not any(line.startswith("https://") for line in claims["Cutting the subsidy would raise fares by as much as 40%."])


def test_an_opendocument_text_reads_as_its_word_copy(tmp_path):
    """A LibreOffice user's .odt: headings, footnotes and endnotes, links, as the same document
    saved for Word reads."""
    written = tmp_path / "subsidy.fodt"
    written.write_text(FOOTNOTED_WORD, encoding="utf-8")
    odt, docx = (read_document(converted(written, tmp_path, kind)) for kind in ("odt", "docx"))
    assert odt.format == "odt"
    assert (odt.text, odt.notes, odt.links) == (docx.text, docx.notes, docx.links)
    assert paragraphs_of(odt.text)[-5] == "Notes" and len(odt.links) == 5


EDITED_ODF = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:body><office:text>
<text:tracked-changes>
 <text:changed-region text:id="ct1"><text:deletion><office:change-info><dc:creator>Ed</dc:creator>
  <dc:date>2026-03-01T10:00:00</dc:date></office:change-info><text:p>crowns</text:p></text:deletion></text:changed-region>
 <text:changed-region text:id="ct2"><text:insertion><office:change-info><dc:creator>Ed</dc:creator>
  <dc:date>2026-03-01T10:00:00</dc:date></office:change-info></text:insertion></text:changed-region>
</text:tracked-changes>
<text:h text:outline-level="1">Bridge repairs</text:h>
<text:p>Repairs cost 212 million <text:change text:change-id="ct1"/><text:change-start text:change-id="ct2"/>krona<text:change-end
 text:change-id="ct2"/>.<office:annotation><dc:creator>Ana</dc:creator><text:p>Check the total.</text:p></office:annotation> The
 bridge<text:s text:c="2"/>opened<text:line-break/>in 1962.</text:p>
<table:table table:name="Costs"><table:table-row><table:table-cell><text:p>Repair bill</text:p></table:table-cell></table:table-row></table:table>
<text:list><text:list-item><text:p>One lane closed for 11 weeks.</text:p></text:list-item>
<text:list-item><text:p>Two cables replaced.</text:p></text:list-item></text:list>
</office:text></office:body></office:document>
"""


def test_an_opendocument_text_reads_tracked_changes_as_accepted_and_skips_tables_and_comments(tmp_path):
    written = tmp_path / "repairs.fodt"
    written.write_text(EDITED_ODF, encoding="utf-8")
    document = read_document(converted(written, tmp_path, "odt"))
    assert paragraphs_of(document.text) == [
        "Bridge repairs",
        "Repairs cost 212 million krona. The bridge  opened\nin 1962.",
        "One lane closed for 11 weeks.",
        "Two cables replaced.",
    ]
    assert document.notes == ("1 table skipped",)


def test_an_opendocument_file_of_another_kind_is_named(tmp_path):
    sheet = tmp_path / "figures.fods"
    sheet.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
        ' office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.spreadsheet"><office:body><office:spreadsheet>'
        '<table:table table:name="A"><table:table-row><table:table-cell><text:p>1</text:p></table:table-cell></table:table-row>'
        "</table:table></office:spreadsheet></office:body></office:document>",
        encoding="utf-8",
    )
    renamed = tmp_path / "figures.odt"
    renamed.write_bytes(converted(sheet, tmp_path, "ods").read_bytes())
    with pytest.raises(DocumentError, match=r"looks like an OpenDocument spreadsheet \(\.ods\) file, not an OpenDocument text \(\.odt\) file$"):
        read_document(renamed)
    written = tmp_path / "subsidy.fodt"
    written.write_text(FOOTNOTED_WORD, encoding="utf-8")
    word = tmp_path / "subsidy.docx"
    word.write_bytes(converted(written, tmp_path, "odt").read_bytes())
    with pytest.raises(DocumentError, match=r"looks like an OpenDocument text \(\.odt\) file, not a Word \(\.docx\) file$"):
        read_document(word)

def test_a_pdfs_footnote_marks_leave_the_text_its_footnotes_follow_it_and_its_links_are_kept(tmp_path):
    """Printed, a footnote's mark is a small raised number glued to the text ("last year1",
    "40%.3 The harbour…" one sentence, "in 2011.i"), and its note sits at the page's foot."""
    written = tmp_path / "subsidy.fodt"
    written.write_text(FOOTNOTED_WORD, encoding="utf-8")
    document = read_document(converted(written, tmp_path, "pdf"))
    paragraphs = paragraphs_of(document.text)
    assert paragraphs[1:4] == [
        "The Norrvik–Holm ferry carried 1.2 million passengers last year, up from 900,000 in 2019, the "
        "statistics office says. The county pays about a third of its running costs.",
        # A small raised number after a unit or a letter with no note of its own stays as read.
        "Cutting the subsidy would raise fares by as much as 40%. The harbour covers 12 km2 and E = mc2 holds.",
        "Traffic on the coast road fell by 12% after the ferry opened in 2011.",
    ]
    assert paragraphs[4:] == [
        "Notes",
        "Nordbane, Annual report 2025, p. 14.",
        "County budget 2026, table 4.2: https://county.example.gov/budget-2026",
        "The operator's estimate assumes passenger numbers, which rose 8% last year, stay the same.",
        "Road authority traffic counts, https://roads.example.gov/counts/coast-road",
    ]
    assert "4 footnotes read after the text" in document.notes
    # The PDF's own links, in the text and in a note, and each note's address on the words
    # before its mark.
    placed = [(document.text[link.start : link.end], link.address) for link in document.links]
    assert placed == [
        ("passengers last year", "https://nordbane.example/annual-2025.pdf"),
        ("the statistics office", "https://stats.example.org/ferries"),
        ("its running costs", "https://county.example.gov/budget-2026"),
        ("opened in 2011.", "https://roads.example.gov/counts/coast-road"),
        ("Annual report 2025", "https://nordbane.example/annual-2025.pdf"),
    ]



# Ports with names that no two lines share, so none reads as a running header.
FERRY_PORTS = [f"Vik{a}{b}" for a in "aeiou" for b in "bdgklmns"]


def ferry_sentence(number: int, port: str) -> str:
    return (
        f"The ferry to {port} carried {1000 + 37 * number} passengers in week {number}, according to figures the "
        f"operator published for the {port} route, and the county said the subsidy for {port} would stay in place "
        f"while the review of {port} went on."
    )


def footnoted_ferry_pdf(folder: Path, ports: list[str], note: Callable[[int, str], str]) -> Path:
    """A PDF LibreOffice prints of a `ferry_sentence` a port, each with a footnote,
    ``note(number, port)``, marked after "route"."""
    paragraphs = []
    for number, port in enumerate(ports):
        before, route, after = ferry_sentence(number, port).partition(" route")
        paragraphs.append(
            f"<text:p>{before}{route}<text:note text:id='n{number}' text:note-class='footnote'><text:note-citation>"
            f"{number + 1}</text:note-citation><text:note-body><text:p>{note(number, port)}</text:p></text:note-body>"
            f"</text:note>{after}</text:p>"
        )
    written = folder / "ferries.fodt"
    written.write_text(
        FOOTNOTED_WORD.split("<office:body>")[0]
        + f"<office:body><office:text>{''.join(paragraphs)}</office:text></office:body></office:document>",
        encoding="utf-8",
    )
    return converted(written, folder, "pdf")


def test_a_sentence_runs_on_over_a_page_break_past_the_footnotes_at_the_foot_of_the_page(tmp_path):
    def note(number: int, port: str) -> str:
        return f"Nordbane weekly figures for {port}, week {number}, 2026, p. {number + 3}."

    pdf = footnoted_ferry_pdf(tmp_path, FERRY_PORTS, note)
    assert len(pypdf.PdfReader(pdf).pages) >= 3
    document = read_document(pdf)
    pieces = split_sentences(document.text)
    assert [piece.text for piece in pieces if piece.kind == "sentence"] == [
        ferry_sentence(number, port) for number, port in enumerate(FERRY_PORTS)
    ]
    assert [piece.text for piece in pieces if piece.kind == "furniture"] == [
        note(number, port) for number, port in enumerate(FERRY_PORTS)
    ]
    assert document.notes == (f"{len(FERRY_PORTS)} footnotes read after the text",)


@pytest.mark.parametrize(
    "note",
    [
        lambda number, port: f"Nordbane weekly figures for {port}, week {number}, 2026, p. {number + 3}.",
        # Notes that begin alike on every page are placed by where each page's text begins
        lambda number, port: f"Ibid., p. {number + 3}.",
    ],
    ids=["notes of their own", "ibid. on every page"],
)
def test_each_sentence_and_footnote_of_a_pdf_knows_the_page_it_begins_on(tmp_path, note):
    """A reviewer finds a claim in a long report, or a scan (which has no text to search), by
    its page."""
    pdf = footnoted_ferry_pdf(tmp_path, FERRY_PORTS, note)
    printed = [page.extract_text() for page in pypdf.PdfReader(pdf).pages]

    def printed_on(words: str) -> int:
        (page,) = [number for number, text in enumerate(printed, start=1) if re.search(r"\s+".join(map(re.escape, words.split())), text)]
        return page

    document = read_document(pdf)
    pieces = [piece for piece in split_sentences(document.text) if piece.kind in ("sentence", "furniture")]
    assert [page_at(document.pages, piece.start).number for piece in pieces] == [
        *(printed_on(f"The ferry to {port} carried") for port in FERRY_PORTS),
        *(printed_on(note(number, port)) for number, port in enumerate(FERRY_PORTS)),
    ]
    assert len(set(map(printed_on, (f"The ferry to {port} carried" for port in FERRY_PORTS)))) >= 3
    # Sentences run on over two page breaks; each is on the page it begins on
    assert any(not re.search(r"\s+".join(f"while the review of {port} went on".split()), printed[printed_on(f"The ferry to {port} carried") - 1]) for port in FERRY_PORTS)


def test_a_footnote_too_long_for_its_page_runs_on_at_the_foot_of_the_next(tmp_path):
    ports = FERRY_PORTS[:30]
    long_note = " ".join(
        f"Clause {number} of the {port} agreement sets the fare cap for the {port} route until the review ends."
        for number, port in enumerate(ports[:18], start=1)
    )

    def note(number: int, port: str) -> str:
        return long_note if number == 12 else f"Nordbane figures for {port}, 2026, p. {number + 3}."

    pdf = footnoted_ferry_pdf(tmp_path, ports, note)
    pages = [page.extract_text() for page in pypdf.PdfReader(pdf).pages]
    # LibreOffice broke the long note over two pages, as the test means it to.
    first, last = (next(i for i, page in enumerate(pages) if re.search(rf"Clause\s+{n}\D", page)) for n in (1, 18))
    assert first < last
    document = read_document(pdf)
    sentences = [piece.text for piece in split_sentences(document.text) if piece.kind == "sentence"]
    assert sentences[: len(ports)] == [ferry_sentence(number, port) for number, port in enumerate(ports)]
    assert " ".join(sentences[len(ports) :]) == long_note
    assert document.notes == (f"{len(ports)} footnotes read after the text",)


# Reference marks and notes as an encyclopedia, pandoc, Python-Markdown and a newsletter
# platform write them; a superscript that is no mark, and a contents list's numbered link.
FOOTNOTED_PAGE = """<html><head><title>Norrvik Harbour Bridge</title></head><body><div id="content">
<h1>Norrvik Harbour Bridge</h1>
<div id="toc"><a href="#History">1 History</a> <a href="#Tolls">2</a></div>
<p>The Norrvik Harbour Bridge opened in 1962 and carries about 38,000 vehicles a day.<sup
 id="cite_ref-survey_1-0" class="reference"><a href="#cite_note-survey-1">[1]</a></sup> Its main span is
 210 metres long.<sup id="cite_ref-2" class="reference"><a href="#cite_note-2">[2]</a></sup> Repairs
 since 2019 have cost 212 million krona.<sup id="cite_ref-survey_1-1" class="reference"><a
 href="#cite_note-survey-1">[1]</a></sup> The harbour covers 12 km<sup>2</sup>.</p>
<h2 id="History">History</h2>
<p>Ridership on the ferry rose 12 per cent in 2025.<a href="#fn1" class="footnote-ref" id="fnref1"
 role="doc-noteref"><sup>1</sup></a> It carried 1.2 million passengers<sup id="fnref:pm"><a
 class="footnote-ref" href="#fn:pm">2</a></sup> last year. Road traffic fell by 12% after the ferry
 opened in 2011.<a class="footnote-anchor" href="#footnote-4" id="footnote-anchor-4">4</a></p>
<h2 id="Tolls">Tolls</h2><p>Tolls were scrapped in 1990.<sup><a href="#later">5</a></sup></p>
<p id="later">The council has no plan to bring them back.</p>
<h2>References</h2><ol class="references">
<li id="cite_note-survey-1"><span class="mw-cite-backlink">^ <a href="#cite_ref-survey_1-0"><sup><i><b>a</b></i></sup></a>
 <a href="#cite_ref-survey_1-1"><sup><i><b>b</b></i></sup></a></span> <span class="reference-text"><a class="external text"
 href="https://norrvik.example/traffic-2025.pdf">"Traffic survey 2025"</a>. Norrvik council. Retrieved 3 March 2026.</span></li>
<li id="cite_note-2"><span class="mw-cite-backlink"><b><a href="#cite_ref-2">^</a></b></span> <span
 class="reference-text">Lund, P. (2020). <i>Bridges of the North</i>. p. 45.</span></li></ol>
<section id="footnotes" class="footnotes" role="doc-endnotes"><hr /><ol><li id="fn1"><p>Transport authority,
 <a href="https://transport.example/stats/2025">statistics 2025</a>.<a href="#fnref1" class="footnote-back"
 role="doc-backlink">↩︎</a></p></li></ol></section>
<div class="footnote"><hr /><ol><li id="fn:pm"><p>Nordbane annual report.&#160;<a class="footnote-backref"
 href="#fnref:pm">&#8617;</a></p></li></ol></div>
<div class="footnote"><a class="footnote-number" href="#footnote-anchor-4" id="footnote-4">4</a><div
 class="footnote-content"><p>Road authority traffic counts: https://roads.example.gov/counts</p></div></div>
</div></body></html>
"""


def test_a_web_pages_footnote_marks_leave_the_text_and_its_notes_follow_it(tmp_path):
    article = tmp_path / "bridge.html"
    article.write_text(FOOTNOTED_PAGE, encoding="utf-8")
    paragraphs = paragraphs_of(read_document(article).text)
    assert paragraphs[1] == (
        "The Norrvik Harbour Bridge opened in 1962 and carries about 38,000 vehicles a day. Its main span is "
        "210 metres long. Repairs since 2019 have cost 212 million krona. The harbour covers 12 km2."
    )
    assert paragraphs[3] == (
        "Ridership on the ferry rose 12 per cent in 2025. It carried 1.2 million passengers last year. "
        "Road traffic fell by 12% after the ferry opened in 2011."
    )
    # A superscript link to a paragraph of the story is no mark: the paragraph stays.
    assert "The council has no plan to bring them back." in paragraphs
    # Each note once, in the order first referred to, without its links back to the marks.
    assert paragraphs[-5:] == [
        '"Traffic survey 2025". Norrvik council. Retrieved 3 March 2026.',
        "Lund, P. (2020). Bridges of the North. p. 45.",
        "Transport authority, statistics 2025.",
        "Nordbane annual report.",
        "Road authority traffic counts: https://roads.example.gov/counts",
    ]
    output = tmp_path / "bridge.xlsx"
    assert factcheck("check", article, "-o", output, "--threshold", "0").returncode == 0
    rows = {row[3]: row for row in load_workbook(output)["Claims"].iter_rows(min_row=2, values_only=True)}
    sources = {claim: (row[9] or "").split("\n")[0] for claim, row in rows.items()}
    survey = "https://norrvik.example/traffic-2025.pdf"
    assert sources["The Norrvik Harbour Bridge opened in 1962 and carries about 38,000 vehicles a day."] == survey
    assert sources["Repairs since 2019 have cost 212 million krona."] == survey
    assert sources["Ridership on the ferry rose 12 per cent in 2025."] == "https://transport.example/stats/2025"
    assert sources["Road traffic fell by 12% after the ferry opened in 2011."] == "https://roads.example.gov/counts"
    assert rows["Road traffic fell by 12% after the ferry opened in 2011."][5] == "12% (percentage); 2011 (year)"

FOOTNOTED_MARKDOWN = """---
title: "Ferry fares to rise 8% in April"
date: 2026-03-02
author: Ana Lee
tags: [transport, ferries]
---

Fares on the Norrvik–Holm ferry will rise by 8% on 1 April, the operator said on Monday[^op].

The route carried 1.2 million passengers last year[^1], up from 900,000 in 2019.

[^op]: Nordbane press release, 2 March 2026.
[^1]: [Annual report 2025](https://nordbane.example/annual-2025.pdf) and https://stats.example.org/ferries
"""


def test_markdown_front_matter_is_skipped_and_its_title_opens_the_text():
    extracted = markdown_text(FOOTNOTED_MARKDOWN)
    paragraphs = paragraphs_of(extracted.text)
    assert paragraphs[0] == "Ferry fares to rise 8% in April"
    assert not any(word in extracted.text for word in ("author:", "tags:", "2026-03-02", "---"))
    assert extracted.notes == ("front matter skipped (its title kept)", "2 footnotes read after the text")
    headed = FOOTNOTED_MARKDOWN.replace("---\n\n", "---\n\n# Ferry fares to rise 8% in April\n\n", 1)
    assert paragraphs_of(markdown_text(headed).text).count("Ferry fares to rise 8% in April") == 1


def test_a_web_address_in_a_markdown_footnote_is_a_source_of_the_sentence_that_marks_it(tmp_path):
    article = tmp_path / "fares.md"
    article.write_text(FOOTNOTED_MARKDOWN, encoding="utf-8")
    paragraphs = paragraphs_of(read_document(article).text)
    assert "[^" not in "".join(paragraphs)
    assert paragraphs[-2:] == ["Nordbane press release, 2 March 2026.", "Annual report 2025 and https://stats.example.org/ferries"]
    output = tmp_path / "fares.xlsx"
    assert factcheck("check", article, "-o", output, "--threshold", "0").returncode == 0
    claims = {row[3]: row[9] for row in load_workbook(output)["Claims"].iter_rows(min_row=2, values_only=True)}
    passengers = claims["The route carried 1.2 million passengers last year, up from 900,000 in 2019."]
    assert passengers.splitlines()[:2] == ["https://nordbane.example/annual-2025.pdf", "https://stats.example.org/ferries"]
    fares = claims["Fares on the Norrvik–Holm ferry will rise by 8% on 1 April, the operator said on Monday."]
    assert "https://" not in fares


def test_text_between_two_rules_opening_markdown_is_the_article_not_front_matter():
    extracted = markdown_text("---\n\nFares rose 8% in April.\n\n---\n\nThe operator said so.\n")
    assert paragraphs_of(extracted.text) == ["Fares rose 8% in April.", "The operator said so."]
    assert extracted.notes == ()
