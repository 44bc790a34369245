"""Re-runs on a real workbook (tiny model, every sentence listed): safety, idempotence, round trips."""

import datetime as dt
import re
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.worksheet.hyperlink import Hyperlink

from factcheck import ClaimScorer, WorksheetError, check_article
from factcheck.columns import REVIEWER_FIELDS

from .conftest import EXAMPLE_ARTICLE
from .reviewing import column_letters, fill_reviews, header_positions, reviewer_values, run, sheet_rows
from .test_cli import factcheck
from .test_threads import QUESTION, give_threads, threads_in

FIRST = "The bridge, which opened in 1962, now carries about 38,000 vehicles a day, nearly\nfour times the traffic it was designed for, according to a 2025 survey by the\ncouncil's transport department."


def test_rerun_on_unchanged_article_keeps_everything_ten_times(reviewed_sheet, scorer):
    article, output, reviews = reviewed_sheet
    before = sheet_rows(output)
    for _ in range(10):
        report = run(article, output, scorer)
    after = sheet_rows(output)
    assert len(after) == len(before)
    assert {r["change"] for r in after} == {"unchanged"}
    assert [reviewer_values(r) for r in after] == [reviewer_values(r) for r in before]
    assert sheet_rows(output, "Retired") == []
    assert report.merge.kept == len(before) and report.merge.new == 0
    history = [row for row in load_workbook(output)["About"].iter_rows(values_only=True) if row and str(row[0]).startswith("20")]
    assert len(history) == 11


def test_previous_workbook_is_backed_up_and_no_temp_files_remain(reviewed_sheet, scorer):
    article, output, _ = reviewed_sheet
    original = output.read_bytes()
    report = run(article, output, scorer)
    assert report.backup is not None and report.backup.parent == output.parent / ".history" / output.stem
    assert report.backup.read_bytes() == original
    assert [p.name for p in output.parent.iterdir() if p.name.endswith(".tmp.xlsx")] == []


def test_rewritten_workbook_keeps_its_file_mode(reviewed_sheet, scorer):
    article, output, _ = reviewed_sheet
    output.chmod(0o640)
    run(article, output, scorer)
    assert output.stat().st_mode & 0o777 == 0o640


def test_backups_are_capped_at_twenty(reviewed_sheet, scorer):
    article, output, _ = reviewed_sheet
    for _ in range(22):
        run(article, output, scorer)
    assert len(list((output.parent / ".history" / "bridge").glob("bridge.*.xlsx"))) == 20


@pytest.mark.parametrize("lock", ["~$bridge.xlsx", ".~lock.bridge.xlsx#"])
def test_open_workbook_is_refused_and_left_byte_identical(reviewed_sheet, scorer, lock):
    article, output, _ = reviewed_sheet
    (output.parent / lock).write_text("locked by someone")
    before = output.read_bytes()
    with pytest.raises(WorksheetError, match="open in a spreadsheet program"):
        run(article, output, scorer)
    assert output.read_bytes() == before
    assert not (output.parent / ".history").exists()


@pytest.mark.parametrize("header", ["Verdict", "Notes", "Reviewed on", "Claim ID"])
def test_missing_or_renamed_column_is_refused_by_name(reviewed_sheet, scorer, header):
    article, output, _ = reviewed_sheet
    workbook = load_workbook(output)
    [cell] = [c for c in workbook["Claims"][1] if c.value == header]
    cell.value = header + " (old)"
    workbook.save(output)
    before = output.read_bytes()
    with pytest.raises(WorksheetError, match=f"no '{header}' column"):
        run(article, output, scorer)
    assert output.read_bytes() == before


class SaveDuringScoring(ClaimScorer):
    """A scorer during whose work a reviewer saves the workbook, or opens it."""

    def __init__(self, model, touch):
        super().__init__(model)
        self.touch = touch

    def score(self, texts, progress=None):
        self.touch()
        return super().score(texts, progress)


@pytest.mark.parametrize("what", ["saved", "opened"])
def test_workbook_saved_or_opened_during_the_run_is_not_overwritten(reviewed_sheet, tiny_model, what):
    article, output, _ = reviewed_sheet

    def reviewer_saves():
        if what == "saved":
            fill_reviews(output, {}, [{"claim": "typed while the tool ran", "notes": "keep me"}])
        else:
            (output.parent / ".~lock.bridge.xlsx#").write_text("opened")

    scorer = SaveDuringScoring(tiny_model, reviewer_saves)
    with pytest.raises(WorksheetError, match="changed while factcheck was running" if what == "saved" else "open in"):
        check_article(article, output, threshold=0.0, scorer=scorer)
    if what == "saved":
        assert "keep me" in [r.get("notes") for r in sheet_rows(output)]
    assert not (output.parent / ".history").exists()


def test_foreign_file_is_refused_unless_forced_and_then_backed_up(tmp_path, scorer):
    output = tmp_path / "budget.xlsx"
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active["A1"] = "someone else's spreadsheet"
    workbook.save(output)
    before = output.read_bytes()
    with pytest.raises(WorksheetError, match="not a factcheck worksheet"):
        run(EXAMPLE_ARTICLE, output, scorer)
    assert output.read_bytes() == before
    report = run(EXAMPLE_ARTICLE, output, scorer, force=True)
    assert report.backup.read_bytes() == before
    assert load_workbook(output).sheetnames[0] == "Claims"


def test_hand_added_row_and_promotion_survive(reviewed_sheet, scorer):
    article, output, _ = reviewed_sheet
    hand = {"claim": "The ferry company is owned by the mayor.", "notes": "tip from a reader", "status": "To check"}
    fill_reviews(output, {}, [hand])
    run(article, output, scorer)
    run(article, output, scorer)
    [row] = [r for r in sheet_rows(output) if r["claim"] == hand["claim"]]
    assert row["notes"] == "tip from a reader" and row["change"] == "added by reviewer" and row["claim_id"] is None


REVIEWER_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\r") | st.sampled_from("\n\t"),
    min_size=1,
    max_size=300,
).filter(lambda s: s.strip())
REVIEWER_VALUE = st.one_of(
    REVIEWER_TEXT,
    st.sampled_from(["=1+1", "+44 20 7946 0000", "-5", "@mention", "007", "0012.50", "TRUE", "#N/A", "1e5"]),
    st.text(alphabet="xyz \n", min_size=2000, max_size=5000).filter(lambda s: s.strip()),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1)).map(lambda d: dt.datetime(d.year, d.month, d.day)),
)


# Values of thousands of characters are meant (long notes), so large inputs are no health problem.
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.data_too_large])
@given(values=st.lists(st.fixed_dictionaries({f: REVIEWER_VALUE for f in REVIEWER_FIELDS}), min_size=1, max_size=3))
def test_any_reviewer_values_survive_merge_cycles_exactly(tmp_path_factory, scorer, values):
    folder = tmp_path_factory.mktemp("prop")
    article = folder / "bridge.txt"
    shutil.copy(EXAMPLE_ARTICLE, article)
    output = folder / "bridge.xlsx"
    run(article, output, scorer)
    claims = [r["claim"] for r in sheet_rows(output)]
    reviews = dict(zip(claims, values))
    fill_reviews(output, reviews)
    expected = {text: reviewer_values(row) for text, row in ((r["claim"], r) for r in sheet_rows(output)) if text in reviews}
    assert all(v == reviews[t] for t, v in expected.items())
    for _ in range(3):
        run(article, output, scorer)
    rows = {r["claim"]: r for r in sheet_rows(output)}
    for text, fields in reviews.items():
        assert reviewer_values(rows[text]) == fields
    sheet = load_workbook(output)["Claims"]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_add_as_claim_on_sentences_promotes_and_sticks(tmp_path, scorer):
    output = tmp_path / "bridge.xlsx"
    check_article(EXAMPLE_ARTICLE, output, threshold=0.99, scorer=scorer)
    assert sheet_rows(output) == []
    workbook = load_workbook(output)
    sentences = workbook["Sentences"]
    headers = [c.value for c in sentences[1]]
    wanted = next(r for r in range(2, sentences.max_row + 1) if "212 million" in str(sentences.cell(r, headers.index("Sentence") + 1).value))
    sentences.cell(wanted, headers.index("Add as claim") + 1).value = "Yes"
    workbook.save(output)
    report = check_article(EXAMPLE_ARTICLE, output, threshold=0.99, scorer=scorer)
    [row] = sheet_rows(output)
    assert "212 million" in row["claim"] and row["change"] == "promoted by reviewer"
    assert report.merge.promoted == 1
    check_article(EXAMPLE_ARTICLE, output, threshold=0.99, scorer=scorer)
    [row] = sheet_rows(output)
    assert row["change"] == "unchanged"
    marked = [r for r in load_workbook(output)["Sentences"].iter_rows(min_row=2, values_only=True) if r[-1] == "Yes"]
    assert len(marked) == 1 and "212 million" in marked[0][3]


@pytest.mark.parametrize("kind", ["furniture", "heading"])
def test_add_as_claim_on_a_piece_never_scored_promotes_it_and_keeps_its_work(tmp_path, scorer, kind):
    """A reviewer who wants a correction notice (furniture) or a section's name (a heading) on
    Claims says so on Sentences, as for any sentence; their verdict stays while the piece does."""
    article = tmp_path / "harbour.txt"
    article.write_text(
        "The bridge will reopen on Monday, the council said.\n\nWhat Happens Next\n\n"
        "This article was amended on 12 August. An earlier version said 2,000 people had left; the correct figure is 3,000.\n",
        encoding="utf-8",
    )
    wanted = "An earlier version said 2,000 people had left; the correct figure is 3,000." if kind == "furniture" else "What Happens Next"
    output = tmp_path / "harbour.xlsx"
    check_article(article, output, threshold=1.01, scorer=scorer)
    workbook = load_workbook(output)
    sentences = workbook["Sentences"]
    headers = [c.value for c in sentences[1]]
    row = next(r for r in range(2, sentences.max_row + 1) if sentences.cell(r, headers.index("Sentence") + 1).value == wanted)
    assert sentences.cell(row, headers.index("Kind") + 1).value == kind
    sentences.cell(row, headers.index("Add as claim") + 1).value = "Yes"
    workbook.save(output)
    report = check_article(article, output, threshold=1.01, scorer=scorer)
    [claim] = sheet_rows(output)
    # It counts among the sentences the summary names, so claims never outnumber them.
    assert (claim["claim"], claim["change"], report.merge.promoted, report.scored) == (wanted, "promoted by reviewer", 1, 2)
    fill_reviews(output, {wanted: {"verdict": "True"}})
    check_article(article, output, threshold=1.01, scorer=scorer)
    [claim] = sheet_rows(output)
    assert (claim["claim"], claim["change"], claim["verdict"]) == (wanted, "unchanged", "True")
    marked = [r for r in load_workbook(output)["Sentences"].iter_rows(min_row=2, values_only=True) if r[headers.index("Add as claim")] == "Yes"]
    assert [r[headers.index("Sentence")] for r in marked] == [wanted]


def test_sentences_shows_the_said_by_a_reviewer_corrected_on_claims(reviewed_sheet, scorer):
    article, output, _ = reviewed_sheet
    workbook = load_workbook(output)
    claims = workbook["Claims"]
    headers = [c.value for c in claims[1]]
    said_by = claims.cell(2, headers.index("Said by") + 1)
    claim_id = claims.cell(2, headers.index("Claim ID") + 1).value
    said_by.value = "Councillor Per Lund"
    workbook.save(output)
    run(article, output, scorer)
    sentences = load_workbook(output)["Sentences"]
    headers = [c.value for c in sentences[1]]
    [row] = [r for r in sentences.iter_rows(min_row=2, values_only=True) if r[headers.index("Claim ID")] == claim_id]
    assert row[headers.index("Said by")] == "Councillor Per Lund"


def change_claims_row(output, text, change):
    """Open the workbook, call ``change(claims, row_number, column)`` on the Claims row whose
    Claim is ``text`` (``column``: header -> column number), save, and return what it returned."""
    workbook = load_workbook(output)
    claims = workbook["Claims"]
    column = {cell.value: cell.column for cell in claims[1]}
    row_number = next(r for r in range(2, claims.max_row + 1) if claims.cell(r, column["Claim"]).value == text)
    changed = change(claims, row_number, column)
    workbook.save(output)
    return changed


def delete_row(claims, row_number, column):
    claims.delete_rows(row_number)


def test_a_reviewed_row_deleted_by_mistake_comes_back_with_its_review(reviewed_sheet, scorer):
    article, output, reviews = reviewed_sheet
    run(article, output, scorer)  # the Base sheet now holds the reviews
    text = next(iter(reviews))
    change_claims_row(output, text, delete_row)
    report = run(article, output, scorer)
    row = next(r for r in sheet_rows(output) if r["claim"] == text)
    assert reviewer_values(row) == reviews[text] and row["change"] == "deleted row, listed again"
    assert report.merge.relisted == 1
    run(article, output, scorer)
    assert next(r for r in sheet_rows(output) if r["claim"] == text)["change"] == "unchanged"


def test_a_row_deleted_by_mistake_comes_back_with_its_notes_and_threads(reviewed_sheet, scorer):
    """The notes and Excel 365 threads on a row's cells are reviewer work too: Base records
    them, and a row deleted by mistake comes back with them (a note with its text and author,
    a thread whole, with its replies and people)."""
    article, output, reviews = reviewed_sheet
    text = next(iter(reviews))

    def annotate(claims, row_number, column):
        claims.cell(row_number, column["Verdict"]).comment = Comment("the 1962 minutes, page 3", "Ana Lopes")
        claims.cell(row_number, column["Notes"]).comment = Comment("ask the council again", "Ben")
        return row_number, column["Sources"]

    place = change_claims_row(output, text, annotate)
    give_threads(output, "Claims", {place: QUESTION})
    run(article, output, scorer)  # the Base sheet now records them
    change_claims_row(output, text, delete_row)
    assert run(article, output, scorer).merge.relisted == 1
    claims = load_workbook(output)["Claims"]
    column = {cell.value: cell.column for cell in claims[1]}
    row_number = next(r for r in range(2, claims.max_row + 1) if claims.cell(r, column["Claim"]).value == text)
    notes = {key: claims.cell(row_number, column[key]).comment for key in ("Verdict", "Notes")}
    assert {key: (note.text, note.author) for key, note in notes.items()} == {
        "Verdict": ("the 1962 minutes, page 3", "Ana Lopes"), "Notes": ("ask the council again", "Ben")
    }
    assert threads_in(output)["Claims"] == {claims.cell(row_number, column["Sources"]).coordinate: [
        (QUESTION[0], "Ana Lopes", False), ("@Ana Lopes " + QUESTION[1], "Ben Okafor", True)
    ]}


def test_a_reviewed_row_whose_claim_id_was_cleared_keeps_its_id_and_is_not_listed_twice(reviewed_sheet, scorer):
    article, output, reviews = reviewed_sheet
    run(article, output, scorer)  # the Base sheet now holds the reviews
    text = next(iter(reviews))

    def clear_claim_id(claims, row_number, column):
        cell = claims.cell(row_number, column["Claim ID"])
        claim_id, cell.value = cell.value, None
        return claim_id

    claim_id = change_claims_row(output, text, clear_claim_id)
    report = run(article, output, scorer)
    [row] = [r for r in sheet_rows(output) if r["claim"] == text]
    assert (row["claim_id"], row["change"]) == (claim_id, "unchanged") and reviewer_values(row) == reviews[text]
    assert (report.merge.ids_put_back, report.merge.relisted) == (1, 0)


def test_a_row_deleted_by_mistake_comes_back_with_its_said_by_correction(reviewed_sheet, scorer):
    article, output, reviews = reviewed_sheet
    text = next(iter(reviews))
    fill_reviews(output, {text: {"said_by": "Councillor Per Lund"}})
    run(article, output, scorer)  # Base records the correction beside the tool's suggestion
    change_claims_row(output, text, delete_row)
    run(article, output, scorer)
    row = next(r for r in sheet_rows(output) if r["claim"] == text)
    assert (row["said_by"], row["change"]) == ("Councillor Per Lund", "deleted row, listed again")
    run(article, output, scorer)
    row = next(r for r in sheet_rows(output) if r["claim"] == text)
    assert (row["said_by"], row["change"]) == ("Councillor Per Lund", "unchanged")


def test_columns_are_found_by_header_not_position(reviewed_sheet, scorer):
    article, output, reviews = reviewed_sheet
    workbook = load_workbook(output)
    sheet = workbook["Claims"]
    headers = [c.value for c in sheet[1]]
    notes, sources = headers.index("Notes") + 1, headers.index("Sources") + 1
    for row in sheet.iter_rows(min_row=1):
        row[notes - 1].value, row[sources - 1].value = row[sources - 1].value, row[notes - 1].value
    sheet.insert_cols(1)  # and a column of the reviewer's own in front
    sheet.cell(1, 1).value = "Desk"
    sheet.cell(2, 1).value = "Foreign desk"
    first_claim = sheet.cell(2, headers.index("Claim") + 2).value
    workbook.save(output)
    run(article, output, scorer)
    rows = {r["claim"]: r for r in sheet_rows(output)}
    for text, typed in reviews.items():
        assert reviewer_values(rows[text]) == typed
    assert rows[str(first_claim)]["Desk"] == "Foreign desk"
    run(article, output, scorer)
    assert {r["claim"]: r for r in sheet_rows(output)}[str(first_claim)]["Desk"] == "Foreign desk"


CELL_LIMIT = 32_767
PUT_BACK = "[Kind edited by a reviewer, put back by factcheck: quote]"


def test_notes_too_long_for_a_put_back_line_say_how_much_of_the_reviewers_to_cut(tmp_path, tiny_model):
    """The count is the reviewer's, not the reviewer's plus the line the tool would add."""
    output = tmp_path / "bridge.xlsx"
    check = ("check", EXAMPLE_ARTICLE, "-o", output, "--model", tiny_model)
    assert factcheck(*check).returncode == 0
    [claim_id, claim] = [sheet_rows(output)[0][key] for key in ("claim_id", "claim")]
    notes = "n" * 32_750
    fill_reviews(output, {claim: {"notes": notes, "kind": "quote"}})
    over = len(notes) + len("\n" + PUT_BACK) - CELL_LIMIT
    before = output.read_bytes()
    result = factcheck(*check)
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stderr.startswith(f"factcheck: error: Claims row 2 (claim {claim_id}): Notes holds 32,750 characters of the reviewer's")
    assert f"takes {len(PUT_BACK) + 1} more: {len(notes) + len(PUT_BACK) + 1:,} in all, over the 32,767 a cell takes" in result.stderr
    assert f"shorten Notes by at least {over} characters, or clear what was typed in Kind" in result.stderr
    assert output.read_bytes() == before and not (output.parent / ".history").exists()
    # Cut by that much, Notes takes the line and fills the cell to the last character.
    fill_reviews(output, {claim: {"notes": notes[over:]}})
    assert factcheck(*check).returncode == 0
    assert sheet_rows(output)[0]["notes"] == notes[over:] + "\n" + PUT_BACK
    assert len(sheet_rows(output)[0]["notes"]) == CELL_LIMIT


# One edit of the article, by paragraph (taken modulo their number): deleted, a new one
# inserted before it, two swapped, or its first figure changed (a claim reworded).
ARTICLE_EDITS = st.lists(
    st.one_of(
        st.tuples(st.just("delete"), st.integers(0, 20)),
        st.tuples(st.just("insert"), st.integers(0, 20), st.integers(0, 3)),
        st.tuples(st.just("swap"), st.integers(0, 20), st.integers(0, 20)),
        st.tuples(st.just("reword"), st.integers(0, 20)),
    ),
    max_size=4,
)
NEW_PARAGRAPHS = (
    "The council's budget for 2026 is 3.1 billion krona, up 4 percent from 2025.",
    "Ferry fares rose 12 percent in 2024, the operator said.",
    "The old bridge has 14 spans and a 220-metre main deck.",
    "About 900 people work in the harbour, twice as many as in 1990.",
)


def edited_article(text, edits):
    """``text`` with ``edits`` (``ARTICLE_EDITS``) made to its paragraphs."""
    paragraphs = text.split("\n\n")
    for kind, where, *other in edits:
        at = where % len(paragraphs)
        if kind == "delete" and len(paragraphs) > 2:
            del paragraphs[at]
        elif kind == "insert" and NEW_PARAGRAPHS[other[0]] not in paragraphs:
            paragraphs.insert(at, NEW_PARAGRAPHS[other[0]])
        elif kind == "swap":
            second = other[0] % len(paragraphs)
            paragraphs[at], paragraphs[second] = paragraphs[second], paragraphs[at]
        elif kind == "reword":
            paragraphs[at] = re.sub(r"\d+", lambda figure: str(int(figure[0]) + 1), paragraphs[at], count=1)
    return "\n\n".join(paragraphs)


def wording_read(workbook, here, reference):
    """The Claim and Previous text of the row ``reference`` (``Claims!D6``, or ``D6`` on the
    sheet ``here``) names, asserting it names the Claim column."""
    named = re.fullmatch(r"(?:(\w+)!)?([A-Z]+)(\d+)", reference)
    sheet = workbook[named[1]] if named[1] else here
    row, names = int(named[3]), header_positions(sheet)
    assert sheet[f"{named[2]}1"].value == "Claim", reference
    return sheet.cell(row, names["claim"]).value, sheet.cell(row, names["previous_text"]).value


@pytest.mark.slow
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=ARTICLE_EDITS, data=st.data())
def test_a_note_reading_another_claim_reads_it_after_any_edit_of_the_article(tmp_path_factory, scorer, edits, data):
    """Notes quote other claims (=D6&" #1"), and so do a sheet of the reviewer's own and its
    links (=Claims!D6, a link to Claims!D6); the article is then edited (paragraphs deleted,
    inserted, swapped, a figure changed) and checked again. Each note, wherever its own claim
    went, and each cell and link of the reviewer's sheet reads the claim it quoted, on Claims or
    on Retired, in its new wording where a figure changed (its Previous text the one quoted)."""
    folder = tmp_path_factory.mktemp("quoting")
    article, output = folder / "bridge.txt", folder / "bridge.xlsx"
    shutil.copy(EXAMPLE_ARTICLE, article)
    run(article, output, scorer)
    workbook = load_workbook(output, rich_text=True)
    claims, desk = workbook["Claims"], workbook.create_sheet("Desk view")
    letter = column_letters(claims)
    rows = [row for row in range(2, claims.max_row + 1) if claims[f"{letter['claim']}{row}"].value]
    quoted = {}  # the note's mark -> the text of the claim it quotes
    for mark in range(1, data.draw(st.integers(1, 4), label="notes") + 1):
        on, of = data.draw(st.sampled_from(rows), label="note on"), data.draw(st.sampled_from(rows), label="quoting")
        claims[f"{letter['notes']}{on}"] = f'={letter["claim"]}{of}&" #{mark}"'
        quoted[mark] = str(claims[f"{letter['claim']}{of}"].value)  # its figures in bold: as text
    quoted = {mark: text for mark, text in quoted.items() if any(f'" #{mark}"' in str(claims[f"{letter['notes']}{row}"].value) for row in rows)}
    on_desk = {}  # the Desk view's row -> the text of the claim its cell and link quote
    for row in range(1, data.draw(st.integers(0, 3), label="desk cells") + 1):
        of = data.draw(st.sampled_from(rows), label="desk quoting")
        desk[f"A{row}"] = f"=Claims!{letter['claim']}{of}"
        desk[f"B{row}"] = "see the claim"
        desk[f"B{row}"].hyperlink = Hyperlink(ref=f"B{row}", location=f"Claims!{letter['claim']}{of}")
        on_desk[row] = str(claims[f"{letter['claim']}{of}"].value)
    workbook.save(output)
    article.write_text(edited_article(article.read_text(encoding="utf-8"), edits), encoding="utf-8")

    run(article, output, scorer)
    workbook = load_workbook(output)
    for mark, text in quoted.items():
        [(sheet, formula)] = [
            (sheet, str(cell.value)) for sheet in (workbook["Claims"], workbook["Retired"]) for cell in sheet[column_letters(sheet)["notes"]]
            if str(cell.value).endswith(f'" #{mark}"')
        ]
        assert text in wording_read(workbook, sheet, formula[1:].split("&")[0]), (mark, formula, text)
    desk = workbook["Desk view"]
    for row, text in on_desk.items():
        assert text in wording_read(workbook, desk, desk[f"A{row}"].value[1:]), (row, desk[f"A{row}"].value, text)
        assert text in wording_read(workbook, desk, desk[f"B{row}"].hyperlink.location), (row, desk[f"B{row}"].hyperlink.location, text)


def test_sentences_an_older_splitter_joined_keep_their_work_on_the_sentence_read_apart(tmp_path, scorer):
    """A text saved one line a paragraph, read by an older splitter, had "Traffic plan A ferry
    will run every 20 minutes." as one sentence. Re-read with the heading apart, the reviewer's
    "Add as claim" and own column land together on one of the two, not on a row of old text."""
    lead = "The harbour bridge will close for six weeks from 3 March, the council said on Monday.\n\n"
    joined = tmp_path / "joined.txt"
    joined.write_text(lead + "Traffic plan A ferry will run every 20 minutes.\n", encoding="utf-8")
    output = tmp_path / "bridge.xlsx"
    check_article(joined, output, threshold=0.99, scorer=scorer)
    workbook = load_workbook(output)
    sentences = workbook["Sentences"]
    headers = [c.value for c in sentences[1]]
    row = next(r for r in range(2, sentences.max_row + 1) if "ferry" in str(sentences.cell(r, headers.index("Sentence") + 1).value))
    sentences.cell(row, headers.index("Add as claim") + 1).value = "Yes"
    sentences.cell(1, len(headers) + 1).value = "My notes"
    sentences.cell(row, len(headers) + 1).value = "call the ferry operator"
    workbook.save(output)
    apart = tmp_path / "apart.txt"
    apart.write_text(lead + "Traffic plan\nA ferry will run every 20 minutes.\n", encoding="utf-8")
    shutil.copy(output, tmp_path / "bridge-apart.xlsx")
    check_article(apart, tmp_path / "bridge-apart.xlsx", threshold=0.99, scorer=scorer)
    rows = list(load_workbook(tmp_path / "bridge-apart.xlsx")["Sentences"].iter_rows(min_row=2, values_only=True))
    texts = [r[headers.index("Sentence")] for r in rows]
    assert texts == [lead.strip(), "Traffic plan", "A ferry will run every 20 minutes."]  # no row of old text left
    # The work goes to the sentence inside scored highest (the tiny test model scores at random).
    headline, ferry = rows[1:]
    taker = max((headline, ferry), key=lambda r: r[headers.index("Score")])
    assert taker[headers.index("Add as claim")] == "Yes" and taker[len(headers)] == "call the ferry operator"
    other = ferry if taker is headline else headline
    assert other[headers.index("Add as claim")] is None and other[len(headers)] is None
    [claim] = sheet_rows(tmp_path / "bridge-apart.xlsx")
    assert claim["claim"] == taker[headers.index("Sentence")] and claim["change"] == "promoted by reviewer"
