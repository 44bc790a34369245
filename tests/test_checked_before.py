"""End to end through the real CLI with the shipped models: a verdict typed in one article's
workbook shows as "Checked before" on another article that repeats the claim in other words."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.reviewing import fill_reviews, sheet_rows
from tests.test_end_to_end import converted

pytestmark = pytest.mark.slow

ARTICLE_A = """City officials said on Monday that unemployment in the region fell to 4.2 percent last year, the lowest level since 2008.

The mayor also announced that the city will open 12 new libraries by 2027.
"""
ARTICLE_B = """Unemployment in the region dropped to 4.2 percent last year, its lowest level since 2008, city officials said.

Between 2015 and 2020, crime in the city doubled, according to police figures.

The city spent 40 million dollars on parks in 2023.
"""
UNEMPLOYMENT_A = ARTICLE_A.split("\n")[0]
UNEMPLOYMENT_B, CRIME_B, PARKS_B = (line for line in ARTICLE_B.split("\n") if line)


def factcheck(*arguments, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "FACTCHECK_ARCHIVE"}
    result = subprocess.run(
        [sys.executable, "-m", "factcheck", *map(str, arguments)], cwd=cwd, capture_output=True, text=True, env=environment, input=stdin
    )
    assert result.returncode == 0, result.stderr
    return result


def checked_before(workbook: Path) -> dict[str, str | None]:
    return {row["claim"]: row.get("checked_before") for row in sheet_rows(workbook)}


def earlier_checks(workbook: Path) -> list[dict[str, object]]:
    """The Checked before sheet's rows, by header."""
    sheet = load_workbook(workbook)["Checked before"]
    return [dict(zip([c.value for c in sheet[1]], r)) for r in sheet.iter_rows(min_row=2, values_only=True)]


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    """A desk folder with articles A and B, A's worksheet written once."""
    folder = tmp_path_factory.mktemp("desk")
    (folder / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    (folder / "b.txt").write_text(ARTICLE_B, encoding="utf-8")
    factcheck("check", "a.txt", cwd=folder)
    return folder


def test_a_verdict_in_one_workbook_is_checked_before_in_another_and_follows_changes(desk):
    sheets = desk / "sheets"
    archive = sheets / "factcheck-archive.sqlite"
    assert not archive.exists()  # no verdict yet: no archive made
    fill_reviews(sheets / "a.xlsx", {UNEMPLOYMENT_A: {"verdict": "Mostly true", "reviewer": "Ann", "notes": "BLS says 4.3"}})
    recorded = factcheck("check", "a.txt", cwd=desk)
    assert "1 verdicts added" in recorded.stdout
    assert archive.is_file()

    factcheck("check", "b.txt", cwd=desk)
    cells = checked_before(sheets / "b.xlsx")
    assert cells[UNEMPLOYMENT_B].startswith("Mostly true: “City officials said on Monday")
    assert "a.xlsx C" in cells[UNEMPLOYMENT_B] and "similarity 0.9" in cells[UNEMPLOYMENT_B]
    assert cells[PARKS_B] is None
    # A's own claim is not "checked before" for A itself.
    factcheck("check", "a.txt", cwd=desk)
    assert checked_before(sheets / "a.xlsx")[UNEMPLOYMENT_A] is None

    fill_reviews(sheets / "a.xlsx", {UNEMPLOYMENT_A: {"verdict": "False"}})
    assert "0 verdicts added, 1 updated" in factcheck("check", "a.txt", cwd=desk).stdout
    verdicts = sqlite3.connect(archive).execute("SELECT verdict FROM claims").fetchall()
    assert verdicts == [("False",)]  # replaced, not duplicated
    factcheck("check", "b.txt", cwd=desk)
    assert checked_before(sheets / "b.xlsx")[UNEMPLOYMENT_B].startswith("False: “City officials")


def test_a_claim_stated_the_other_way_says_so_before_the_earlier_verdict(desk):
    fill_reviews(desk / "sheets" / "a.xlsx", {UNEMPLOYMENT_A: {"verdict": "False"}})  # as the first test leaves it
    factcheck("check", "a.txt", cwd=desk)
    rose = "Unemployment in the region rose to 4.2 percent last year, city officials said on Monday."
    (desk / "rose.txt").write_text(f"{rose}\n", encoding="utf-8")
    run = factcheck("check", "rose.txt", cwd=desk)
    assert "1 claim was checked before (see the Checked before column; 1 with other figures)\n" in run.stdout
    assert checked_before(desk / "sheets" / "rose.xlsx")[rose].startswith("Figures differ (rose here, fell there). False: “City officials")
    # A desk asking the archive about one claim, typed at the terminal
    [best] = csv.DictReader(io.StringIO(factcheck("match", "-", "--top", "1", cwd=desk, stdin=f"{rose}\n").stdout))
    assert (best["claim"], best["verdict"], best["figures_differ"]) == (UNEMPLOYMENT_A, "False", "rose here, fell there")


CRIME_REVIEWS = [
    {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://checks.example/crime-doubled",
        "claimReviewed": "Crime in the city doubled between 2015 and 2020.",
        "author": {"@type": "Organization", "name": "Example Checks"},
        "datePublished": "2024-03-02",
        "reviewRating": {"@type": "Rating", "alternateName": "Pants on Fire"},
    },
    {  # published without a rating: still says where it was checked
        "@type": "ClaimReview",
        "url": "https://other.example/crime",
        "claimReviewed": "The city's crime doubled from 2015 to 2020.",
    },
]


def test_imported_claimreview_shows_the_same_way_with_several_on_their_own_sheet(desk, tmp_path):
    reviews = CRIME_REVIEWS
    file = tmp_path / "reviews.json"
    file.write_text(json.dumps({"@context": "https://schema.org", "@graph": reviews}), encoding="utf-8")
    imported = factcheck("archive", "import", file, cwd=desk)  # the default archive: sheets/
    assert "2 added" in imported.stdout
    stats = factcheck("archive", "stats", cwd=desk).stdout
    assert "Example Checks: 1" in stats and "other.example: 1" in stats and "(no rating)" in stats

    factcheck("check", "b.txt", cwd=desk)
    workbook = desk / "sheets" / "b.xlsx"
    cell = checked_before(workbook)[CRIME_B]
    assert cell.startswith(("Pants on Fire: “Crime in the city doubled", "no rating: “The city's crime doubled"))
    assert "https://" in cell
    crime = [r for r in earlier_checks(workbook) if r["Claim"] == CRIME_B]
    assert {r["Where"] for r in crime} == {"https://checks.example/crime-doubled", "https://other.example/crime"}
    assert [r["Rank"] for r in crime] == [1, 2]
    book = load_workbook(workbook)
    assert [str(v.sqref) for v in book["Checked before"].data_validations.dataValidation if v.type == "custom"] == ["A1:ZZ100000"]
    summary = book["Summary"]
    assert summary["A6"].value == "Checked before" and summary["B6"].value.startswith("=COUNTA(Claims!$E$2")


def test_a_claim_that_refers_back_is_matched_with_the_sentence_before_it_and_keeps_off_the_next_claim(tmp_path):
    reviews = [
        {"@type": "ClaimReview", "url": "https://checks.example/birds", "claimReviewed": "The survey recorded 62 species of bird on the island.",
         "reviewRating": {"alternateName": "True"}},
        {"@type": "ClaimReview", "url": "https://checks.example/jobless", "claimReviewed": "Unemployment in Harlow fell to 4.2 percent in May.",
         "reviewRating": {"alternateName": "Mostly true"}},
        {"@type": "ClaimReview", "url": "https://checks.example/looms", "claimReviewed": "Corvane Textiles cut 450 jobs at its Merriton plant in February.",
         "reviewRating": {"alternateName": "False"}},
    ]
    (tmp_path / "sheets").mkdir()
    (tmp_path / "reviews.json").write_text(json.dumps(reviews), encoding="utf-8")
    factcheck("archive", "import", "reviews.json", cwd=tmp_path)
    species = "It logged sixty-two different species, the trust said."
    lowest = "It was the lowest rate the town has recorded since 2008."
    jobless = "Harlow's jobless rate dropped to 4.2 percent in May, the statistics office said."
    company = "The company eliminated 450 jobs there in February."
    (tmp_path / "follow-up.txt").write_text(
        f"The survey catalogued the island's birdlife. {species}\n\n{jobless} {lowest}\n\n"
        f"Corvane Textiles has moved its weaving lines to a new plant outside Merriton. {company}\n",
        encoding="utf-8",
    )
    factcheck("check", "follow-up.txt", cwd=tmp_path)
    cells = checked_before(tmp_path / "sheets" / "follow-up.xlsx")
    # Alone, "It logged..." is no survey; read after the sentence naming the survey, it is this check.
    assert cells[species].startswith("True: “The survey recorded 62 species")
    assert cells[species].endswith(", read with the sentence before)")
    assert cells[jobless].startswith("Mostly true: “Unemployment in Harlow") and "read with" not in cells[jobless]
    # The sentence after the jobless claim makes another claim: the check stays with the first.
    assert cells[lowest] is None
    # "The company" refers back as "It" does.
    assert cells[company].startswith("False: “Corvane Textiles cut 450 jobs") and cells[company].endswith(", read with the sentence before)")


def test_match_writes_the_nearest_earlier_checks_as_csv(desk, tmp_path):
    reviews, archive = tmp_path / "reviews.json", tmp_path / "own.sqlite"
    reviews.write_text(json.dumps(CRIME_REVIEWS), encoding="utf-8")
    factcheck("archive", "import", reviews, "--archive", archive, cwd=desk)
    queries = tmp_path / "q.txt"
    queries.write_text("Crime doubled in the city from 2015 to 2020.\nCrime doubled in the city from 2016 to 2020.\n", encoding="utf-8")
    out = tmp_path / "matches.csv"
    factcheck("match", queries, "--top", "2", "-o", out, "--archive", archive, cwd=desk)
    import csv

    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0]) == ["sentence", "rank", "similarity", "claim", "verdict", "url", "source", "date", "figures_differ"]
    assert [r["rank"] for r in rows] == ["1", "2", "1", "2"]
    assert {r["url"] for r in rows[:2]} == {"https://checks.example/crime-doubled", "https://other.example/crime"}
    assert rows[0]["sentence"] == "Crime doubled in the city from 2015 to 2020."
    assert {r["verdict"] for r in rows} == {"Pants on Fire", ""} and {r["source"] for r in rows} == {"Example Checks", "other.example"}
    assert [r["figures_differ"] for r in rows] == ["", "", "2016 here, 2015 there", "2016 here, 2015 there"]


BRIDGE_REVIEWS = [
    {
        "@type": "ClaimReview",
        "url": "https://checks.example/bridge-cost",
        "claimReviewed": "The harbour bridge cost $1.2 billion to build.",
        "datePublished": "2021-05-04",
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
    },
    {
        "@type": "ClaimReview",
        "url": "https://checks.example/bridge-cost-again",
        "claimReviewed": "Building the harbour bridge cost 1.9 billion dollars.",
        "reviewRating": {"@type": "Rating", "alternateName": "True"},
    },
]


def test_an_earlier_check_of_other_figures_says_which_before_its_verdict(tmp_path):
    (tmp_path / "reviews.json").write_text(json.dumps(BRIDGE_REVIEWS), encoding="utf-8")
    (tmp_path / "sheets").mkdir()
    factcheck("archive", "import", "reviews.json", "--archive", "sheets/factcheck-archive.sqlite", cwd=tmp_path)
    claim = "The harbour bridge cost $1.2 billion to build, the council said on Monday."
    (tmp_path / "bridge.txt").write_text(f"{claim}\n", encoding="utf-8")
    run = factcheck("check", "bridge.txt", cwd=tmp_path)
    assert "1 claim was checked before (see the Checked before column)\n" in run.stdout
    workbook = tmp_path / "sheets" / "bridge.xlsx"
    assert checked_before(workbook)[claim].startswith("False: “The harbour bridge cost $1.2 billion")
    assert [(r["Verdict"], r["Figures differ"]) for r in earlier_checks(workbook)] == [("False", None), ("True", "$1.2 billion here, 1.9 billion dollars there")]

    # The next version has the figure the second check was of. Similarity still ranks the
    # $1.2 billion check first (ranking by figures lost more right matches than it found, see
    # bench/RESULTS.md), so the cell says first that its verdict was of another figure.
    (tmp_path / "bridge.txt").write_text("The harbour bridge cost $1.9 billion to build, the council said on Monday.\n", encoding="utf-8")
    run = factcheck("check", "bridge.txt", cwd=tmp_path)
    assert "1 claim was checked before (see the Checked before column; 1 with other figures)\n" in run.stdout
    cell = next(iter(checked_before(workbook).values()))
    assert cell.startswith("Figures differ ($1.9 billion here, $1.2 billion there). False: “The harbour bridge cost $1.2 billion")
    assert cell.endswith("). Check 2 on the Checked before sheet has these figures: True.")
    assert [(r["Verdict"], r["Figures differ"]) for r in earlier_checks(workbook)] == [("False", "$1.9 billion here, $1.2 billion there"), ("True", None)]
    # Summary counts it beside the claims checked before, once LibreOffice has calculated it
    summary = load_workbook(converted(workbook, tmp_path / "computed"), data_only=True)["Summary"]
    assert [c.value for c in summary[6][:3]] == ["Checked before", 1, 1]
    assert summary["C6"].number_format.startswith('0" with other figures";')  # shown "1 with other figures"


def test_our_own_claimreview_export_imports(desk, tmp_path):
    fill_reviews(desk / "sheets" / "a.xlsx", {UNEMPLOYMENT_A: {"verdict": "False"}})  # as the first test leaves it
    exported = tmp_path / "a.claimreview.json"
    factcheck("export", "sheets/a.xlsx", "--format", "claimreview", "--url", "https://news.example/a", "-o", exported, cwd=desk)
    archive = tmp_path / "fresh.sqlite"
    assert "1 added" in factcheck("archive", "import", exported, "--archive", archive, cwd=desk).stdout
    assert "factcheck: 1" in factcheck("archive", "stats", "--archive", archive, cwd=desk).stdout


def workbook_id(workbook: Path) -> str:
    return next(p.value for p in load_workbook(workbook, read_only=True).custom_doc_props if p.name == "factcheck.workbook_id")


def archived(archive: Path) -> list[tuple[str, str, str]]:
    """(key, workbook path, workbook ID) of each archived claim."""
    return sqlite3.connect(archive).execute("SELECT key, workbook, workbook_id FROM claims ORDER BY id").fetchall()


def test_a_moved_worksheet_keeps_its_verdicts_and_a_copy_gets_its_own(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    archive, first, moved = tmp_path / "desk.sqlite", tmp_path / "november" / "a.xlsx", tmp_path / "done" / "unemployment.xlsx"
    factcheck("check", "a.txt", "-o", first, "--archive", archive, cwd=tmp_path)
    identity = workbook_id(first)
    fill_reviews(first, {UNEMPLOYMENT_A: {"verdict": "Mostly true", "reviewer": "Ann"}})
    assert "1 verdicts added" in factcheck("check", "a.txt", "-o", first, "--archive", archive, cwd=tmp_path).stdout

    # Moved to another folder and renamed: the same rows, pointing at the new place, and the
    # worksheet's own verdict is not "checked before" for itself.
    moved.parent.mkdir()
    first.rename(moved)
    run = factcheck("check", "a.txt", "-o", moved, "--archive", archive, cwd=tmp_path)
    assert "0 verdicts added, 1 updated, 0 removed" in run.stdout and "checked before" not in run.stdout
    assert checked_before(moved)[UNEMPLOYMENT_A] is None
    assert workbook_id(moved) == identity
    [(key, path, recorded_id)] = archived(archive)
    assert key.startswith(f"workbook:{identity}#") and (path, recorded_id) == (str(moved.resolve()), identity)

    # Copied (the original still there): each is its own worksheet, neither replaces the other,
    # and neither is "checked before" for the other: the copy's ID is of the original's family.
    copy = tmp_path / "copy" / "a.xlsx"
    copy.parent.mkdir()
    copy.write_bytes(moved.read_bytes())
    run = factcheck("check", "a.txt", "-o", copy, "--archive", archive, cwd=tmp_path)
    assert "1 verdicts added, 0 updated, 0 removed" in run.stdout and "checked before" not in run.stdout
    assert checked_before(copy)[UNEMPLOYMENT_A] is None
    assert workbook_id(copy).startswith(identity + ".")
    assert checked_before(moved)[UNEMPLOYMENT_A] is None and "checked before" not in factcheck("check", "a.txt", "-o", moved, "--archive", archive, cwd=tmp_path).stdout
    fill_reviews(copy, {UNEMPLOYMENT_A: {"verdict": None}})
    assert "0 verdicts added, 0 updated, 1 removed" in factcheck("check", "a.txt", "-o", copy, "--archive", archive, cwd=tmp_path).stdout
    assert [(path, ident) for _, path, ident in archived(archive)] == [(str(moved.resolve()), identity)]  # the original's stays

    # A copy imported while the original exists is not filed: its verdicts are the original's claims.
    imported = tmp_path / "imported.xlsx"
    imported.write_bytes(moved.read_bytes())
    run = factcheck("archive", "import", imported, "--archive", archive, cwd=tmp_path)
    assert "0 added" in run.stdout and f"skipped 1 (1 in a copy of {moved.resolve()}" in run.stdout
    assert [(path, ident) for _, path, ident in archived(archive)] == [(str(moved.resolve()), identity)]


def test_an_archive_and_worksheet_from_before_worksheet_ids_are_upgraded_in_place(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    archive, workbook = tmp_path / "desk.sqlite", tmp_path / "a.xlsx"
    factcheck("check", "a.txt", "-o", workbook, "--archive", archive, cwd=tmp_path)
    fill_reviews(workbook, {UNEMPLOYMENT_A: {"verdict": "False"}})
    factcheck("check", "a.txt", "-o", workbook, "--archive", archive, cwd=tmp_path)
    # As factcheck left them before worksheets carried an ID: the verdict keyed by path, in an
    # archive of version 1, and a worksheet without the property.
    with sqlite3.connect(archive) as db:
        db.execute("UPDATE claims SET key = 'workbook:' || workbook || '#' || claim_id, workbook_id = ''")
        db.execute("DROP INDEX claims_by_workbook_id")
        db.execute("ALTER TABLE claims DROP COLUMN workbook_id")
        db.execute("PRAGMA user_version = 1")
    db = sqlite3.connect(archive)
    [(row_id, old_key)], vectors = db.execute("SELECT id, key FROM claims").fetchall(), db.execute("SELECT embedding FROM vectors").fetchall()
    db.close()
    book = load_workbook(workbook)
    book.custom_doc_props.props = [p for p in book.custom_doc_props.props if p.name != "factcheck.workbook_id"]
    book.save(workbook)

    run = factcheck("check", "a.txt", "-o", workbook, "--archive", archive, cwd=tmp_path)
    assert "0 verdicts added, 1 updated, 0 removed" in run.stdout and checked_before(workbook)[UNEMPLOYMENT_A] is None
    identity = workbook_id(workbook)
    db = sqlite3.connect(archive)
    assert db.execute("PRAGMA user_version").fetchone() == (2,)
    assert db.execute("SELECT id, key, workbook_id FROM claims").fetchall() == [(row_id, old_key.replace(str(workbook.resolve()), identity), identity)]
    assert db.execute("SELECT embedding FROM vectors").fetchall() == vectors  # the same row, not embedded again


def test_an_edited_claim_keeps_its_verdict_on_the_checked_text_until_it_is_rechecked(tmp_path):
    article, archive, workbook = tmp_path / "a.txt", tmp_path / "desk.sqlite", tmp_path / "a.xlsx"
    article.write_text(ARTICLE_A, encoding="utf-8")
    check = ("check", "a.txt", "-o", workbook, "--archive", archive)
    factcheck(*check, cwd=tmp_path)
    fill_reviews(workbook, {UNEMPLOYMENT_A: {"status": "Checked", "verdict": "Mostly true", "reviewer": "Ann"}})
    factcheck(*check, cwd=tmp_path)
    edited = UNEMPLOYMENT_A.replace("4.2 percent", "3.9 percent")
    article.write_text(ARTICLE_A.replace(UNEMPLOYMENT_A, edited), encoding="utf-8")

    def recorded():
        return sqlite3.connect(archive).execute("SELECT claim_id, text, verdict FROM claims").fetchall()

    # Re-run on the edited article: the verdict was given on the old text, so that is recorded.
    factcheck(*check, cwd=tmp_path)
    [row] = [r for r in sheet_rows(workbook) if r["claim"] == edited]
    assert row["change"] == "edited (re-check)"
    assert recorded() == [(row["claim_id"], UNEMPLOYMENT_A, "Mostly true")]
    factcheck(*check, cwd=tmp_path)  # nobody touched it: still the old text
    assert recorded() == [(row["claim_id"], UNEMPLOYMENT_A, "Mostly true")]
    [(vector,)] = sqlite3.connect(archive).execute("SELECT embedding FROM vectors").fetchall()

    # Re-checked (the reviewer changes the verdict): the record takes the current text, embedded anew.
    fill_reviews(workbook, {edited: {"verdict": "False", "notes": "3.9 per the agency"}})
    assert "0 verdicts added, 1 updated, 0 removed" in factcheck(*check, cwd=tmp_path).stdout
    [row] = [r for r in sheet_rows(workbook) if r["claim"] == edited]
    assert row["change"] == "unchanged"
    assert recorded() == [(row["claim_id"], edited, "False")]
    [(revector,)] = sqlite3.connect(archive).execute("SELECT embedding FROM vectors").fetchall()
    assert revector != vector


LIBRARIES_A = ARTICLE_A.split("\n")[2]


def test_reviewers_copies_imported_from_the_desk_folder_are_never_checked_before_for_its_claims(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    sheets = tmp_path / "sheets"
    desk, ana, ben = sheets / "a.xlsx", sheets / "a-ana.xlsx", sheets / "a-ben.xlsx"
    archive = sheets / "factcheck-archive.sqlite"
    factcheck("check", "a.txt", cwd=tmp_path)
    fill_reviews(desk, {UNEMPLOYMENT_A: {"verdict": "Mostly true", "reviewer": "Desk"}})
    factcheck("check", "a.txt", cwd=tmp_path)
    for copy, reviewer in ((ana, "Ana"), (ben, "Ben")):  # as the README hands them out
        copy.write_bytes(desk.read_bytes())
        fill_reviews(copy, {LIBRARIES_A: {"verdict": "True", "reviewer": reviewer}})
    # As an earlier version filed a copy: under its path, without the ID. Importing again removes it.
    with sqlite3.connect(archive) as db:
        db.execute("UPDATE claims SET workbook = ?, workbook_id = '', key = 'workbook:' || ? || '#' || claim_id", (str(ana.resolve()),) * 2)
    factcheck("check", "a.txt", cwd=tmp_path)

    imported = factcheck("archive", "import", "sheets", cwd=tmp_path).stdout
    assert "sheets/a-ana.xlsx: 0 added, 0 updated, 0 unchanged, 1 removed (no longer recorded from it); skipped 2" in imported
    assert f"skipped 2 (2 in a copy of {desk.resolve()}: merge it into that workbook)" in imported
    assert "sheets/a-ben.xlsx: 0 added, 0 updated, 0 unchanged; skipped 2" in imported
    assert "sheets/a.xlsx: 0 added, 0 updated, 1 unchanged" in imported
    assert [path for _, path, _ in archived(archive)] == [str(desk.resolve())]
    run = factcheck("check", "a.txt", cwd=tmp_path)
    assert "checked before" not in run.stdout
    assert set(checked_before(desk).values()) == {None}


def test_a_copy_imported_before_its_workbook_is_known_is_still_never_checked_before_for_it(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    sheets = tmp_path / "sheets"
    desk, ana = sheets / "a.xlsx", sheets / "a-ana.xlsx"
    factcheck("check", "a.txt", cwd=tmp_path)  # no verdict yet: the archive does not know the desk's ID
    identity = workbook_id(desk)
    ana.write_bytes(desk.read_bytes())
    fill_reviews(ana, {LIBRARIES_A: {"verdict": "True", "reviewer": "Ana"}})
    # The copy is found first, so the archive files it under the ID the two share ...
    assert "sheets/a-ana.xlsx: 1 added" in factcheck("archive", "import", "sheets", cwd=tmp_path).stdout
    # ... and the desk's workbook, met next, takes an ID of its own in the same family.
    run = factcheck("check", "a.txt", cwd=tmp_path)
    assert "checked before" not in run.stdout and set(checked_before(desk).values()) == {None}
    assert workbook_id(desk).startswith(identity + ".")


BRIDGE = "The harbour bridge carried 160,000 vehicles a day in 2023, twice its designed load."


def test_a_claim_added_by_hand_with_a_verdict_is_archived_and_checked_before_in_the_next_article(tmp_path):
    from factcheck.claims import claim_ids

    (tmp_path / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    (tmp_path / "c.txt").write_text(f"{BRIDGE}\n", encoding="utf-8")
    archive, workbook, later = tmp_path / "desk.sqlite", tmp_path / "a.xlsx", tmp_path / "c.xlsx"
    check = ("check", "a.txt", "-o", workbook, "--archive", archive)
    factcheck(*check, cwd=tmp_path)
    hand = {"claim": BRIDGE, "verdict": "False", "sources": "https://roads.example/counts", "reviewer": "Ann"}
    fill_reviews(workbook, {}, [hand])
    assert "1 verdicts added" in factcheck(*check, cwd=tmp_path).stdout
    [row] = [r for r in sheet_rows(workbook) if r["claim"] == BRIDGE]
    assert row["claim_id"] is None and row["change"] == "added by reviewer"  # the sheet is left as the reviewer made it
    [hand_id] = claim_ids([BRIDGE])
    recorded = [(f"workbook:{workbook_id(workbook)}#{hand_id}", str(workbook.resolve()), workbook_id(workbook))]
    assert archived(archive) == recorded
    assert "verdicts added" not in factcheck(*check, cwd=tmp_path).stdout  # the same key every run: nothing changed
    assert archived(archive) == recorded

    factcheck("check", "c.txt", "-o", later, "--archive", archive, cwd=tmp_path)
    [claim] = sheet_rows(later)
    assert claim["claim_id"] == hand_id  # the tool's ID for the same sentence: the key the verdict is under
    assert claim["checked_before"].startswith("False: “The harbour bridge") and f"a.xlsx {hand_id}" in claim["checked_before"]


def test_after_an_upgrade_that_ships_another_encoder_the_desk_embeds_its_archive_again(tmp_path, tiny_encoder):
    from factcheck.archive import Archive
    from factcheck.matcher import SentenceEmbedder
    from factcheck.reviews import import_review_files

    (tmp_path / "b.txt").write_text(ARTICLE_B, encoding="utf-8")
    factcheck("check", "b.txt", cwd=tmp_path)
    sheets = tmp_path / "sheets"
    reviews = tmp_path / "reviews.json"
    reviews.write_text(json.dumps(CRIME_REVIEWS), encoding="utf-8")
    earlier = SentenceEmbedder(tiny_encoder)  # stands for the encoder an earlier factcheck shipped
    with Archive(sheets / "factcheck-archive.sqlite", model=earlier.identity) as archive:
        import_review_files([reviews], archive, earlier.embed)
    before = {path: path.read_bytes() for path in sheets.rglob("*") if path.is_file()}

    (tmp_path / "more").mkdir()
    for n in range(3):
        (tmp_path / "more" / f"{n}.txt").write_text(ARTICLE_A, encoding="utf-8")
    environment = {k: v for k, v in os.environ.items() if k != "FACTCHECK_ARCHIVE"}
    for articles in (["b.txt"], ["more/", "-o", "sheets"]):  # one article, and a batch (refused before scoring)
        refused = subprocess.run(
            [sys.executable, "-m", "factcheck", "check", *articles], cwd=tmp_path, capture_output=True, text=True, env=environment
        )
        assert refused.returncode == 2 and refused.stderr.count("\n") == 1, refused.stderr
        assert "run 'factcheck archive reembed --archive sheets/factcheck-archive.sqlite' once" in refused.stderr
        assert {path: path.read_bytes() for path in sheets.rglob("*") if path.is_file()} == before  # nothing written

    assert "2 claims embedded again" in factcheck("archive", "reembed", cwd=tmp_path).stdout
    assert "1 claim was checked before" in factcheck("check", "b.txt", cwd=tmp_path).stdout
    cell = checked_before(sheets / "b.xlsx")[CRIME_B]
    assert cell.startswith(("Pants on Fire: “Crime in the city doubled", "no rating: “The city's crime doubled"))
