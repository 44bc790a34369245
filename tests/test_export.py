"""Publishing a reviewed worksheet: ClaimReview JSON-LD checked property by property, CSV and JSON."""

import datetime as dt
import io
import json

import pandas as pd
import pytest

from factcheck.export import claim_review

from .conftest import EXAMPLE_ARTICLE, SEED_ARTICLE
from .reviewing import fill_reviews, sheet_rows
from .test_cli import assert_one_line_error, factcheck

ARTICLE_URL = "https://news.example/2026/11/28/story"
VERDICTS = ["True", "Mostly false", "Unverifiable", "False", "Not a claim"]


@pytest.fixture(scope="module", params=["seed", "example"])
def reviewed(request, tmp_path_factory):
    article = SEED_ARTICLE if request.param == "seed" else EXAMPLE_ARTICLE
    if not article.is_file():
        pytest.skip("../shared/seed/article.txt is not beside this checkout")
    output = tmp_path_factory.mktemp("export") / "reviewed.xlsx"
    assert factcheck("check", article, "-o", output).returncode == 0
    claims = [r["claim"] for r in sheet_rows(output)]
    reviews = {
        text: {"verdict": verdict, "status": "Checked", "reviewer": "Zoë", "reviewed_on": dt.datetime(2026, 11, 20 + i)}
        for i, (text, verdict) in enumerate(zip(claims, VERDICTS))
    }
    fill_reviews(output, reviews)
    return output, reviews


def export(sheet, *options):
    result = factcheck("export", sheet, *options)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_claimreview_has_every_required_and_recommended_property(reviewed):
    sheet, reviews = reviewed
    items = json.loads(export(sheet, "--format", "claimreview", "--url", ARTICLE_URL, "--publisher", "Norrvik Desk"))
    assert [item["claimReviewed"] for item in items] == list(reviews)
    for item in items:
        typed = reviews[item["claimReviewed"]]
        assert item["@context"] == "https://schema.org" and item["@type"] == "ClaimReview"
        assert item["url"].startswith(ARTICLE_URL + "#C")
        assert item["author"] == {"@type": "Organization", "name": "Norrvik Desk"}
        assert item["datePublished"] == typed["reviewed_on"].date().isoformat()
        rating = item["reviewRating"]
        assert rating["@type"] == "Rating" and rating["alternateName"] == typed["verdict"]
        if typed["verdict"] in {"Unverifiable", "Not a claim"}:
            assert "ratingValue" not in rating
        else:
            assert rating["worstRating"] == 1 <= rating["ratingValue"] <= rating["bestRating"] == 5
        claim = item["itemReviewed"]
        assert claim["@type"] == "Claim"
        assert claim["appearance"]["url"] == ARTICLE_URL
        dt.date.fromisoformat(claim["datePublished"])
        if "author" in claim:
            assert claim["author"]["@type"] in {"Person", "Organization"} and claim["author"]["name"]
    ratings = {i["reviewRating"]["alternateName"]: i["reviewRating"].get("ratingValue") for i in items}
    assert ratings.get("True", 5) == 5 and ratings.get("False", 1) == 1


def test_claimreview_needs_the_article_url(reviewed):
    sheet, _ = reviewed
    assert_one_line_error(factcheck("export", sheet, "--format", "claimreview"), "--url")
    assert_one_line_error(factcheck("export", sheet, "--format", "claimreview", "--url", "story.html"), "not a web address")


def test_csv_and_json_exports_hold_the_claims_table(reviewed, tmp_path):
    sheet, reviews = reviewed
    frame = pd.read_csv(io.StringIO(export(sheet, "--format", "csv")))
    assert len(frame) == len(sheet_rows(sheet)) and "verdict" in frame.columns
    out = tmp_path / "claims.json"
    export(sheet, "--format", "json", "-o", out)
    records = json.loads(out.read_text(encoding="utf-8"))
    by_text = {r["claim"]: r for r in records}
    for text, typed in reviews.items():
        assert by_text[text]["verdict"] == typed["verdict"] and by_text[text]["reviewer"] == "Zoë"


def test_export_refuses_a_file_that_is_not_a_worksheet(tmp_path):
    other = tmp_path / "other.xlsx"
    other.write_bytes(b"not a workbook")
    assert_one_line_error(factcheck("export", other, "--format", "csv"), "not a factcheck worksheet")


def test_a_verdict_given_before_its_sentence_was_edited_is_not_published(tmp_path):
    """Until a reviewer re-checks it, the verdict belongs to the old wording, not the article's."""
    article = tmp_path / "bridge.txt"
    article.write_text(EXAMPLE_ARTICLE.read_text(encoding="utf-8"), encoding="utf-8")
    output = tmp_path / "bridge.xlsx"
    assert factcheck("check", article, "-o", output).returncode == 0
    claims = [r["claim"] for r in sheet_rows(output)]
    lane = next(c for c in claims if "one lane" in c)
    fill_reviews(output, {c: {"verdict": "True", "reviewer": "Zoë"} for c in claims})
    article.write_text(article.read_text(encoding="utf-8").replace("for 11 weeks", "for 12 weeks"), encoding="utf-8")
    assert factcheck("check", article, "-o", output).returncode == 0
    [edited] = [r for r in sheet_rows(output) if r["change"] == "edited (re-check)"]
    assert edited["previous_text"] == lane

    result = factcheck("export", output, "--format", "claimreview", "--url", ARTICLE_URL)
    assert result.returncode == 0
    published = [item["claimReviewed"] for item in json.loads(result.stdout)]
    assert edited["claim"] not in published and lane not in published and len(published) == len(claims) - 1
    assert result.stderr.strip() == (
        f"factcheck: 1 verdict left out, given before the claim's sentence was edited (re-check first): {edited['claim_id']}"
    )


def test_export_never_writes_over_a_workbook_but_replaces_its_own_earlier_output(reviewed, tmp_path):
    sheet, _ = reviewed
    workbook = tmp_path / "reviewed.xlsx"
    workbook.write_bytes(sheet.read_bytes())
    before = workbook.read_bytes()
    assert_one_line_error(factcheck("export", workbook, "--format", "csv", "-o", workbook), "is not a text file")
    assert workbook.read_bytes() == before
    table = tmp_path / "claims.csv"
    table.write_text("an earlier export\n", encoding="utf-8")
    assert factcheck("export", workbook, "--format", "csv", "-o", table).returncode == 0
    assert table.read_text(encoding="utf-8").startswith("claim_id,") and sorted(p.name for p in tmp_path.iterdir()) == ["claims.csv", "reviewed.xlsx"]


def test_a_verdict_excel_stored_as_true_or_false_or_typed_in_another_case_is_published(tmp_path):
    """Excel and LibreOffice turn a typed True or False into a TRUE/FALSE value."""
    from openpyxl import load_workbook

    output = tmp_path / "bridge.xlsx"
    assert factcheck("check", EXAMPLE_ARTICLE, "-o", output).returncode == 0
    workbook = load_workbook(output)
    claims = workbook["Claims"]
    verdict = next(c.column for c in claims[1] if c.value == "Verdict")
    for row, value in zip((2, 3, 4), (True, False, " mostly TRUE")):
        claims.cell(row, verdict).value = value
    workbook.save(output)
    items = json.loads(export(output, "--format", "claimreview", "--url", ARTICLE_URL))
    assert [(i["reviewRating"]["alternateName"], i["reviewRating"]["ratingValue"]) for i in items] == [
        ("True", 5), ("False", 1), ("Mostly true", 4)
    ]


def test_a_verdict_beside_no_claim_is_not_published(tmp_path):
    """A ClaimReview names the claim it rates. A total under the table rates none, and is left
    out without a word: a label under Verdict, or =COUNTA(…) under Claim and Verdict, which the
    export reads as the values a spreadsheet program worked out ("7 claims", 2: a count is no
    verdict). A claim whose Claim a reviewer cleared is left out by its ID, so the reviewer can
    type it back."""
    from openpyxl import load_workbook

    from .test_merge_end_to_end import libreoffice_resave

    output = tmp_path / "bridge.xlsx"
    assert factcheck("check", EXAMPLE_ARTICLE, "-o", output).returncode == 0
    workbook = load_workbook(output)
    claims = workbook["Claims"]
    column = {c.value: c.column_letter for c in claims[1]}
    claim, verdict, last = column["Claim"], column["Verdict"], claims.max_row
    for row in (2, 3, last + 2):
        claims[f"{verdict}{row}"] = "False"
    claims[f"{claim}{last + 3}"], claims[f"{verdict}{last + 3}"] = f'=COUNTA({claim}2:{claim}{last})&" claims"', f"=COUNTA({verdict}2:{verdict}{last})"
    cleared, kept = claims[f"{column['Claim ID']}3"].value, claims[f"{claim}2"].value
    claims[f"{claim}3"] = None
    workbook.save(output)
    libreoffice_resave(output, tmp_path)
    computed = load_workbook(output, data_only=True)["Claims"]
    assert (computed[f"{claim}{last + 3}"].value, computed[f"{verdict}{last + 3}"].value) == (f"{last - 2} claims", 2)
    result = factcheck("export", output, "--format", "claimreview", "--url", ARTICLE_URL)
    assert [item["claimReviewed"] for item in json.loads(result.stdout)] == [kept]
    assert result.stderr.strip() == f"factcheck: 1 verdict left out, nothing in Claim: {cleared}"


def test_a_review_date_that_is_not_a_date_is_named_and_nothing_to_publish_is_said(tmp_path):
    output = tmp_path / "bridge.xlsx"
    assert factcheck("check", EXAMPLE_ARTICLE, "-o", output).returncode == 0
    empty = factcheck("export", output, "--format", "claimreview", "--url", ARTICLE_URL)
    assert empty.returncode == 0 and empty.stdout.strip() == "[]"
    assert empty.stderr.strip() == "factcheck: no claim on Claims has a verdict to publish"
    claim = sheet_rows(output)[0]
    fill_reviews(output, {claim["claim"]: {"verdict": "True", "reviewed_on": "yesterday"}})
    result = factcheck("export", output, "--format", "claimreview", "--url", ARTICLE_URL)
    [item] = json.loads(result.stdout)
    assert item["datePublished"] == dt.date.today().isoformat()
    assert result.stderr.strip() == f"factcheck: Reviewed on is not a date, so today's date is published, for: {claim['claim_id']} ('yesterday')"


def test_a_said_by_a_reviewer_corrected_is_the_published_author_after_a_rerun(tmp_path):
    """Who said it is the reviewer's to correct: the re-run keeps the correction, and the
    ClaimReview names that speaker."""
    output = tmp_path / "bridge.xlsx"
    check = ("check", EXAMPLE_ARTICLE, "-o", output)
    assert factcheck(*check).returncode == 0
    claim = next(r["claim"] for r in sheet_rows(output) if r["said_by"] == "Per Lund")
    fill_reviews(output, {claim: {"said_by": "Councillor Per Lund", "verdict": "Mostly true"}})
    for _ in range(2):
        result = factcheck(*check)
        assert result.returncode == 0 and "put back" not in result.stdout, result.stdout
    row = next(r for r in sheet_rows(output) if r["claim"] == claim)
    assert (row["said_by"], row["notes"]) == ("Councillor Per Lund", None)
    [item] = json.loads(export(output, "--format", "claimreview", "--url", ARTICLE_URL))
    assert item["itemReviewed"]["author"] == {"@type": "Person", "name": "Councillor Per Lund"}


def test_a_speaker_described_not_named_is_no_published_author_until_a_reviewer_names_one(tmp_path):
    """Said by may read "police": a reader cannot look that author up, so the ClaimReview names
    none; the name a reviewer types over it is published."""
    article = tmp_path / "storm.txt"
    article.write_text("Two people died when a tree fell on their car near Dunmore on Sunday, police said.\n", encoding="utf-8")
    output = tmp_path / "storm.xlsx"
    assert factcheck("check", article, "-o", output).returncode == 0
    [row] = sheet_rows(output)
    assert row["said_by"] == "police"
    fill_reviews(output, {row["claim"]: {"verdict": "True"}})
    [item] = json.loads(export(output, "--format", "claimreview", "--url", ARTICLE_URL))
    assert "author" not in item["itemReviewed"]
    fill_reviews(output, {row["claim"]: {"said_by": "Dunmore Police"}})
    [item] = json.loads(export(output, "--format", "claimreview", "--url", ARTICLE_URL))
    assert item["itemReviewed"]["author"] == {"@type": "Organization", "name": "Dunmore Police"}


def test_a_role_described_by_whose_it_is_is_no_published_author(tmp_path):
    """"Suryan's former chief executive denied…" names whose executive, not who: no author."""
    article = tmp_path / "suryan.txt"
    article.write_text("Suryan's former chief executive denied any wrongdoing over the 2.1 billion loss.\n", encoding="utf-8")
    output = tmp_path / "suryan.xlsx"
    assert factcheck("check", article, "-o", output, "--threshold", "0").returncode == 0
    [row] = sheet_rows(output)
    assert row["said_by"] == "Suryan's former chief executive"
    fill_reviews(output, {row["claim"]: {"verdict": "True"}})
    [item] = json.loads(export(output, "--format", "claimreview", "--url", ARTICLE_URL))
    assert "author" not in item["itemReviewed"]


@pytest.mark.parametrize(
    ("posted_line", "published"),
    [
        ("Posted 2026-03-04 10:02", "2026-03-04"),  # a Telegram export
        ("Sent 04.03.2026 09:14 in a chat", "2026-03-04"),  # copied from Telegram Desktop: day first
        ("Posted 9:14 AM · Mar 4, 2026", "2026-03-04"),  # a post's own page on X
        ("Posted 4 Sept 2026", "2026-09-04"),
        ("Sent 13/03/2026, 09:14 in a chat", "2026-03-13"),  # only a day can be 13
        ("Sent 3/13/26, 9:14 AM in a chat", "2025-11-02"),  # two-digit years are left to the article's date
        ("Sent 04/03/2026, 09:14 in a chat", "2025-11-02"),  # 4 March or 3 April: the phone's order is not known
        ("Posted Mar 4", "2025-11-02"),  # no year
        ("Posted 3h", "2025-11-02"),
        ("Sent 31.02.2026 09:14 in a chat", "2025-11-02"),  # no such day
    ],
)
def test_a_claim_in_a_post_is_published_as_made_on_the_posts_day_where_its_date_says_it(posted_line, published):
    row = {"claim": "Passenger numbers fell 12% last year.", "verdict": "False", "suggested_sources": f"Where to check: the ferry statistics\n{posted_line}"}
    item = claim_review(row, "https://x.example/post", "Desk", "https://x.example/review", dt.date(2025, 11, 2))["itemReviewed"]
    assert item["datePublished"] == item["appearance"]["datePublished"] == published


def test_a_forwarded_outlets_post_is_published_with_the_outlet_as_author():
    row = {"claim": "Passenger numbers fell 12% last year.", "verdict": "False", "said_by": "Coast News (forwarded by Ferry Watch)"}
    item = claim_review(row, "https://t.me/ferrywatch/4", "Desk", "https://x.example/review", None)["itemReviewed"]
    assert item["author"] == {"@type": "Organization", "name": "Coast News"}
