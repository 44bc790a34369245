"""How well scanned PDFs read: the same articles printed to PDF, then scanned, then read by OCR.

    python bench/scans_accuracy.py [ARTICLES.json] [--misses]

Each article of the file (default bench/line_break_articles_test.json, 30 articles written
blind for the splitter) is written as a Word file on A5 pages, its first paragraph a heading, with a
running header (the article's name) and a page number in its footer, and LibreOffice prints
it to PDF: the reference is what factcheck reads from that PDF's text. Each PDF is then
scanned: its pages drawn by pdftoppm and saved, as pictures with no text, into a PDF, as

- a document scanner gives them: grey, 300 dots an inch;
- an office copier gives them: grey, 200 dots an inch, a little askew (half a degree);
- a phone's scanning app or a fax gives them: 150 dots an inch, a degree askew, as JPEG
  at quality 50;

and read as `factcheck check` reads it (by OCR). Before, factcheck refused a scanned PDF and
said to save its pages as pictures: that way (each page a PNG at 200 dots an inch, read by
OCR as a picture, the pages' texts one after the other) is measured too. Prints, for each
way, the reference's sentences read whole, those that say the page they begin on (the page
on which the printed PDF's text has their first words), the sentences read that hold the
running header or a page number, and the seconds a page took, with their ratio to the
pictures' way (run in the same process). Needs LibreOffice, pdftoppm, Tesseract and Pillow.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import docx  # noqa: E402
import pypdf  # noqa: E402
from docx.oxml import OxmlElement  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Mm  # noqa: E402
from PIL import Image  # noqa: E402

from factcheck.document import Document, page_of, read_document  # noqa: E402
from factcheck.formats import join_paragraphs  # noqa: E402
from factcheck.pictures import picture_text  # noqa: E402
from factcheck.segment import split_sentences  # noqa: E402

DEFAULT_ARTICLES = Path(__file__).with_name("line_break_articles_test.json")
# How each way draws a page: dots an inch, degrees askew, JPEG quality (None: PNG, lossless).
SCANNERS = {
    "document scanner (300 dpi)": (300, 0.0, None),
    "office copier (200 dpi, 0.5° askew)": (200, 0.5, None),
    "phone app or fax (150 dpi, 1° askew, JPEG 50)": (150, 1.0, 50),
}
PRINTED = "the printed PDF, read from its text"
BEFORE = "before: pages saved as pictures (200 dpi), each read as a picture"


def write_docx(article: dict, path: Path) -> None:
    """The article as a Word file on A5 pages: its first paragraph a heading, a running header
    with its name, and "Page N" in the footer (a PAGE field LibreOffice fills in)."""
    document = docx.Document()
    section = document.sections[0]
    # A5 pages, so that most articles run over two or three and a scan's page breaks are read.
    section.page_width, section.page_height = Mm(148), Mm(210)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Mm(18)
    section.header.paragraphs[0].text = f"Tarn Valley Echo | {article['name']}"
    footer = section.footer.paragraphs[0]
    footer.add_run("Page ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    footer._p.append(field)
    first, *rest = article["paragraphs"]
    document.add_heading(first, level=1)
    for paragraph in rest:
        document.add_paragraph(paragraph)
    document.save(path)


def page_pictures(pdf: Path, dots_per_inch: int, askew: float, quality: int | None) -> list[Image.Image]:
    """The PDF's pages as a scanner draws them."""
    pages = []
    for number in range(len(pypdf.PdfReader(pdf).pages)):
        drawn = subprocess.run(["pdftoppm", "-r", str(dots_per_inch), "-gray", "-png", "-f", str(number + 1), "-l", str(number + 1), str(pdf)], capture_output=True, check=True).stdout
        picture = Image.open(io.BytesIO(drawn)).rotate(askew, resample=Image.Resampling.BICUBIC, fillcolor=255)
        if quality is not None:
            compressed = io.BytesIO()
            picture.save(compressed, "JPEG", quality=quality)
            picture = Image.open(io.BytesIO(compressed.getvalue()))
        pages.append(picture)
    return pages


def scanned_pdf(pdf: Path, path: Path, scanner: tuple[int, float, int | None]) -> Path:
    pages = page_pictures(pdf, *scanner)
    pages[0].save(path, "PDF", save_all=True, append_images=pages[1:], resolution=scanner[0])
    return path


def read_as_pictures(pdf: Path) -> Document:
    """The old way: each page saved as a PNG and read as a picture, the texts one after the
    other (with no page of its own for a sentence)."""
    texts = []
    for page in page_pictures(pdf, 200, 0.0, None):
        saved = io.BytesIO()
        page.save(saved, "PNG")
        texts.append(picture_text(saved.getvalue()).text.strip())
    return Document(pdf, join_paragraphs([text for text in texts if text]), "")


def sentences(document: Document) -> dict[str, int]:
    """Each sentence the document reads (whitespace collapsed), with the page it says it is on."""
    return {
        " ".join(piece.text.split()): page_of(document.pages, piece.start)
        for piece in split_sentences(document.text)
        if piece.kind == "sentence"
    }


def printed_pages(pdf: Path, reference: Iterable[str]) -> dict[str, int]:
    """The page each sentence of the printed PDF begins on, where its first words are printed
    (each on the page of the one before or a later one)."""
    printed = [page.extract_text() for page in pypdf.PdfReader(pdf).pages]
    found, page = {}, 1
    for sentence in reference:
        words = re.compile(r"\s+".join(map(re.escape, sentence.split()[:5])))
        page = next((number for number in range(page, len(printed) + 1) if words.search(printed[number - 1])), page)
        found[sentence] = page
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", nargs="?", type=Path, default=DEFAULT_ARTICLES)
    parser.add_argument("--misses", action="store_true", help="print each sentence not read whole")
    arguments = parser.parse_args()
    articles = json.loads(arguments.articles.read_text(encoding="utf-8"))["articles"]
    ways: dict[str, Callable[[Path, Path], Document]] = {
        PRINTED: lambda pdf, folder: read_document(pdf),
        BEFORE: lambda pdf, folder: read_as_pictures(pdf),
        **{
            name: (lambda scanner: lambda pdf, folder: read_document(scanned_pdf(pdf, folder / f"{pdf.stem}-scan.pdf", scanner)))(scanner)
            for name, scanner in SCANNERS.items()
        },
    }
    whole = dict.fromkeys(ways, 0)
    paged = dict.fromkeys(ways, 0)
    furniture = dict.fromkeys(ways, 0)
    seconds = dict.fromkeys(ways, 0.0)
    misses: list[str] = []
    total = pages = 0
    with tempfile.TemporaryDirectory(prefix="scans-") as folder_name:
        folder = Path(folder_name)
        for article in articles:
            write_docx(article, folder / f"{article['name']}.docx")
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to", "pdf", "--outdir", str(folder), *map(str, sorted(folder.glob("*.docx")))],
            capture_output=True, check=True, timeout=600,
        )
        for article in articles:
            pdf = folder / f"{article['name']}.pdf"
            pages += len(pypdf.PdfReader(pdf).pages)
            reference = printed_pages(pdf, sentences(read_document(pdf)))
            total += len(reference)
            for way, read in ways.items():
                started = time.perf_counter()
                found = sentences(read(pdf, folder))
                seconds[way] += time.perf_counter() - started
                whole[way] += sum(sentence in found for sentence in reference)
                paged[way] += sum(found.get(sentence) == page for sentence, page in reference.items())
                furniture[way] += sum("Tarn Valley Echo" in sentence or "Page " in sentence for sentence in found)
                misses += [f"{way}: {article['name']}: {sentence!r}" for sentence in reference if sentence not in found]
                misses += [f"{way}: {article['name']}: {sentence!r} on page {found[sentence]}, printed on {page}" for sentence, page in reference.items() if found.get(sentence, page) not in (page, 0)]
    print(f"{len(articles)} articles ({arguments.articles.name}), {pages} pages, {total} sentences read from the PDFs' text")
    print(f"{'way':<52} {'read whole':>14} {'page right':>10} {'furniture':>9} {'s a page':>8} {'ratio':>6}")
    for way in ways:
        print(f"{way:<52} {whole[way]:>5} of {total:<5} {paged[way]:>10} {furniture[way]:>9} {seconds[way] / pages:>8.2f} {seconds[way] / seconds[BEFORE]:>6.2f}")
    if arguments.misses:
        print("\n".join(misses))


if __name__ == "__main__":
    main()
