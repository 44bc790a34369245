"""Random input for the reader, the splitter and the worksheet reader: a clean refusal or a right
answer, never a crash. Budgets are small so the file runs in well under a minute."""

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from factcheck import Document, DocumentError, WorksheetError, read_document, split_sentences
from factcheck.columns import REVIEWER_FIELDS
from factcheck.worksheet import MARKER_PROPERTY, WorkbookContent, read_previous_workbook, write_workbook

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
    path = tmp_path_factory.mktemp("doc") / f"article{suffix}"
    path.write_bytes(raw)
    try:
        document = read_document(path)
    except DocumentError as refused:
        assert str(refused) and "\n" not in str(refused).strip()
    else:
        assert isinstance(document, Document) and document.text.strip()


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
