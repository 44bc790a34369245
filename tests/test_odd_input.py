"""Bad input is refused in one line with nothing written; odd input still gives a valid workbook.

Every test runs the command as a user does, in a subprocess, and looks at what is on disk.
"""

import codecs
import re

import pytest
from openpyxl import load_workbook

from factcheck.document import read_document
from factcheck.segment import MAX_PIECE_LENGTH

from .conftest import EXAMPLE_ARTICLE
from .test_cli import assert_one_line_error, factcheck

MAX_CELL_CHARS = 32_767
# What worksheet.py replaces in a cell: XML 1.0 forbids these characters.
ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def files_under(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


# ---------------------------------------------------------------- refused


@pytest.mark.parametrize(
    ("name", "content", "pattern"),
    [
        ("missing.txt", None, "no such file: .*missing.txt"),
        ("folder.txt", "dir", "is a directory, not a file"),
        ("empty.txt", b"", "empty.txt is empty"),
        ("blank.txt", b" \n\t\r\n  \n", "blank.txt contains only whitespace"),
        ("data.txt", bytes(range(1, 256)) * 8, "data.txt looks like binary data, not plain text"),
        ("report.txt", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "report.txt looks like a PDF file, not plain text"),
        ("page.md", b"<!DOCTYPE html><html><body><p>Hi.</p></body></html>", "looks like an HTML page, not Markdown"),
        ("story.docx", b"Just plain text, renamed.\n", r"looks like plain text, not a Word \(.docx\) file"),
    ],
    ids=["missing", "directory", "empty", "whitespace", "binary", "pdf-as-txt", "html-as-md", "text-as-docx"],
)
def test_bad_article_is_refused_and_nothing_is_written(tmp_path, name, content, pattern):
    article = tmp_path / name
    if content == "dir":
        article.mkdir()
    elif content is not None:
        article.write_bytes(content)
    before = files_under(tmp_path)
    result = factcheck("check", article, "-o", tmp_path / "out.xlsx", cwd=tmp_path)
    assert_one_line_error(result, pattern)
    assert files_under(tmp_path) == before


def test_output_under_a_file_is_refused_before_scoring(tmp_path, tiny_model):
    blocker = tmp_path / "somefile.txt"
    blocker.write_text("not a folder\n")
    result = factcheck("check", EXAMPLE_ARTICLE, "-o", blocker / "out.xlsx", "--model", tiny_model, cwd=tmp_path)
    assert_one_line_error(result, r"cannot write .*somefile.txt/out.xlsx: .*somefile.txt is a file, not a folder")
    assert files_under(tmp_path) == ["somefile.txt"]
    assert blocker.read_text() == "not a folder\n"


def test_output_deeper_under_a_file_is_refused(tmp_path, tiny_model):
    (tmp_path / "somefile.txt").write_text("x")
    result = factcheck("check", EXAMPLE_ARTICLE, "-o", tmp_path / "somefile.txt/sub/out.xlsx", "--model", tiny_model)
    assert_one_line_error(result, "somefile.txt is a file, not a folder")
    assert files_under(tmp_path) == ["somefile.txt"]


def test_article_over_the_size_limit_is_refused_naming_the_limit(tmp_path):
    article = tmp_path / "long.txt"
    article.write_text("Prices rose 5 percent. " * 100)  # 2,300 bytes
    result = factcheck("check", article, "--max-size", "0.001", cwd=tmp_path)
    assert_one_line_error(result, r"long.txt is larger than the 0.001 MB limit.*--max-size")
    assert files_under(tmp_path) == ["long.txt"]


def test_standard_input_over_the_size_limit_is_refused(tmp_path):
    result = factcheck("check", "-", "--max-size", "0.001", cwd=tmp_path, stdin="Prices rose 5 percent. " * 100)
    assert_one_line_error(result, r"standard input is larger than the 0.001 MB limit.*--max-size")
    assert files_under(tmp_path) == []


def test_raising_the_size_limit_reads_the_article(tmp_path, tiny_model):
    article = tmp_path / "long.txt"
    article.write_text("Prices rose 5 percent. " * 100)
    result = factcheck("check", article, "--max-size", "0.01", "-o", tmp_path / "out.xlsx", "--model", tiny_model)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out.xlsx").is_file()


@pytest.mark.parametrize("size", ["0", "-1", "nan", "inf", "lots"])
def test_bad_max_size_is_a_usage_error(tmp_path, size):
    result = factcheck("check", EXAMPLE_ARTICLE, "--max-size", size, cwd=tmp_path)
    assert result.returncode == 2 and "--max-size" in result.stderr
    assert "Traceback" not in result.stderr
    assert files_under(tmp_path) == []


def test_read_document_takes_a_size_limit(tmp_path):
    from factcheck import DocumentError

    article = tmp_path / "a.txt"
    article.write_text("Prices rose 5 percent.")
    assert read_document(article, max_bytes=22).text == "Prices rose 5 percent."
    with pytest.raises(DocumentError, match="larger than the 2.1e-05 MB limit"):
        read_document(article, max_bytes=21)


# ---------------------------------------------------------------- handled


def check(tmp_path, tiny_model, article):
    """Run ``factcheck check`` on the article into out.xlsx; the open workbook."""
    output = tmp_path / "out.xlsx"
    result = factcheck("check", article, "-o", output, "--model", tiny_model)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return load_workbook(output)


def rows(sheet):
    """The sheet's rows as dicts keyed by the header row."""
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row)) for row in values[1:]]


def claim_texts(workbook):
    return [row["Claim"] for row in rows(workbook["Claims"])]


def every_cell(workbook):
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            yield from row


def assert_offsets_match(workbook, text):
    """Each Sentences row is the piece of ``text`` its Start and End give, as a cell shows it."""
    pieces = rows(workbook["Sentences"])
    assert pieces
    for piece in pieces:
        shown = ILLEGAL_XML.sub("\ufffd", " ".join(text[piece["Start"] : piece["End"]].split()))
        assert piece["Sentence"] == shown


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE), ("utf-8", codecs.BOM_UTF8), ("cp1252", b"")],
)
def test_encodings_give_the_same_claims(tmp_path, tiny_model, encoding, prefix):
    text = "The café’s rent rose to €1,200 a month in 2023.\n\n“It doubled,” said Zoë Müller.\n"
    article = tmp_path / "encoded.txt"
    article.write_bytes(prefix + text.encode(encoding))
    workbook = check(tmp_path, tiny_model, article)
    assert claim_texts(workbook) == ["The café’s rent rose to €1,200 a month in 2023.", "“It doubled,” said Zoë Müller."]


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["CRLF", "CR"])
def test_crlf_and_lone_cr_line_endings(tmp_path, tiny_model, newline):
    lines = ["Exports rose 12 percent in 2023,", "the ministry said.", "", "Imports fell by a third."]
    article = tmp_path / "lines.txt"
    article.write_bytes(newline.join(lines).encode())
    workbook = check(tmp_path, tiny_model, article)
    assert claim_texts(workbook) == ["Exports rose 12 percent in 2023, the ministry said.", "Imports fell by a third."]
    assert not any("\r" in str(cell.value) for cell in every_cell(workbook))
    assert_offsets_match(workbook, read_document(article).text)


@pytest.mark.parametrize(
    ("encoding", "prefix", "controls"),
    [("utf-8", b"", "\x07\x1b\x7f\x0b"), ("utf-8", b"", "\x00\x00\x07"), ("utf-16-le", codecs.BOM_UTF16_LE, "\x00\x07\x1b")],
    ids=["utf-8 controls", "utf-8 with NUL", "utf-16 with NUL"],
)
def test_control_characters_are_replaced_and_offsets_stay_right(tmp_path, tiny_model, encoding, prefix, controls):
    # A few stray controls in ordinary prose: more than 5% of the text would read as binary data.
    text = f"Turnout was 61{controls[0]} percent in 2021.\n\nThe count{controls[1:]} took 3 days.\n" + (
        "\nThe harbour stayed open all week, and the ferries ran on time.\n" * 2
    )
    article = tmp_path / "controls.txt"
    article.write_bytes(prefix + text.encode(encoding))
    workbook = check(tmp_path, tiny_model, article)
    assert not any(isinstance(c.value, str) and ILLEGAL_XML.search(c.value) for c in every_cell(workbook))
    assert "Turnout was 61\ufffd percent in 2021." in claim_texts(workbook)
    assert_offsets_match(workbook, read_document(article).text)


def test_a_200000_character_line_without_punctuation_is_cut_into_bounded_pieces(tmp_path, tiny_model):
    words = "tonnes cargo harbour crane shipping container berth quay pilot tug".split()
    line = " ".join(words[i % len(words)] for i in range(30_000))[:200_000]
    article = tmp_path / "line.txt"
    article.write_text(line)
    workbook = check(tmp_path, tiny_model, article)
    pieces = rows(workbook["Sentences"])
    assert len(pieces) >= 200_000 // MAX_PIECE_LENGTH
    assert all(len(p["Sentence"]) <= MAX_PIECE_LENGTH for p in pieces)
    # Cut at spaces: joined again, the pieces are the line.
    assert " ".join(p["Sentence"] for p in pieces) == line.strip()
    assert all(len(str(c.value)) <= MAX_CELL_CHARS for c in every_cell(workbook))
    assert_offsets_match(workbook, read_document(article).text)


def test_emoji_and_right_to_left_text_survive_unchanged(tmp_path, tiny_model):
    sentences = [
        "Ticket sales rose 40 percent 🎉🚢 in 2024.",
        "قال الوزير إن الصادرات ارتفعت بنسبة 12 في المئة.",
        "השר אמר שהיצוא עלה ב-12 אחוזים.",
    ]
    article = tmp_path / "scripts.txt"
    article.write_text("\n\n".join(sentences) + "\n", encoding="utf-8")
    workbook = check(tmp_path, tiny_model, article)
    assert claim_texts(workbook) == sentences
    assert [p["Sentence"] for p in rows(workbook["Sentences"])] == sentences


def test_text_that_looks_like_a_formula_stays_text(tmp_path, tiny_model):
    sentences = ["=SUM(A1:A9) was 5 million.", "+44 is the code for calls to Britain.", "@mayor said 3 ferries run."]
    article = tmp_path / "formulas.txt"
    article.write_text("\n\n".join(sentences) + "\n", encoding="utf-8")
    workbook = check(tmp_path, tiny_model, article)
    assert claim_texts(workbook) == sentences
    claims = [c for c in every_cell(workbook) if c.value in sentences]
    assert claims and all(c.data_type == "s" for c in claims)


def test_a_very_long_sentence_is_scored_and_shown_whole(tmp_path, tiny_model):
    sentence = "The harbour handled " + " ".join(["more cargo than the year before"] * 160) + " in 2023."
    assert len(sentence) > 5_000 and len(sentence) <= MAX_PIECE_LENGTH
    article = tmp_path / "long.txt"
    article.write_text(sentence + "\n")
    workbook = check(tmp_path, tiny_model, article)
    (claim,) = rows(workbook["Claims"])
    assert claim["Claim"] == sentence
    assert isinstance(claim["Score"], float) and 0 <= claim["Score"] <= 1
