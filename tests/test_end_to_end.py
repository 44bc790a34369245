"""The real CLI with the shipped model on real articles; the workbook opened as a reviewer would."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from factcheck import read_worksheet

from .conftest import EXAMPLE_ARTICLE, SEED_ARTICLE
from .test_cli import factcheck

SEED_CLAIMS = (
    "Russia, an economy 29 times the size of Belarus",
    "during his 25-year rule over Belarus",
    "after Moscow seized the Crimean peninsula from Ukraine in 2014",
)
SEED_URLS = (
    "https://echo.msk.ru/programs/beseda/2559487-echo/",
    "https://www.themoscowtimes.com/2026/07/07/is-the-kremlin-finally-ready-to-play-hardball-with-belarus",
)
EKHO_QUOTE = (
    "“The simplest option that Russia and Belarus will accept in terms of a union state: You join "
    "Belarus,” Lukashenko said in an interview with Russia’s Ekho Moskvy radio station."
)


def run_check(article, output):
    result = factcheck("check", article, "-o", output)
    assert result.returncode == 0, result.stderr
    assert output.is_file()
    return result


def column(sheet, header):
    index = [c.value for c in sheet[1]].index(header)
    return [row[index] for row in sheet.iter_rows(min_row=2, values_only=True)]


@pytest.fixture(scope="module")
def example_workbook(tmp_path_factory):
    output = tmp_path_factory.mktemp("example") / "harbour-bridge.xlsx"
    result = run_check(EXAMPLE_ARTICLE, output)
    return result, output


@pytest.fixture(scope="module")
def seed_workbook(tmp_path_factory):
    if not SEED_ARTICLE.is_file():
        pytest.skip("../shared/seed/article.txt is not beside this checkout")
    output = tmp_path_factory.mktemp("seed") / "seed.xlsx"
    run_check(SEED_ARTICLE, output)
    return output


def test_example_article_gives_a_worksheet_of_its_factual_claims(example_workbook):
    result, output = example_workbook
    assert "claims to check" in result.stdout
    frame = read_worksheet(output)
    claims = frame["claim"].tolist()
    assert any("opened in 1962" in c for c in claims)
    assert any("212 million krona" in c for c in claims)
    assert not any(c.startswith("Related article") or c.startswith("https://") for c in claims)
    assert frame["score"].between(0, 1).all()
    threshold = float({p.name: p.value for p in load_workbook(output).custom_doc_props}["factcheck.threshold"])
    assert (frame["score"] >= threshold - 1e-4).all()


def test_seed_claims_are_listed(seed_workbook):
    claims = column(load_workbook(seed_workbook)["Claims"], "Claim")
    for fragment in SEED_CLAIMS:
        assert any(fragment in c for c in claims), fragment
    assert not any("Related article" in c or "https://" in c for c in claims)


def test_seed_details_and_sources(seed_workbook):
    workbook = load_workbook(seed_workbook)
    claims = workbook["Claims"]
    details = dict(zip(column(claims, "Claim"), column(claims, "Checkable details")))
    for fragment, detail in zip(SEED_CLAIMS, ("29 times", "25-year", "2014")):
        [row] = [d for c, d in details.items() if fragment in c]
        assert detail in row
    sources = column(workbook["Sources"], "Source")
    for url in SEED_URLS:
        assert url in sources


def test_seed_quotation_with_attribution_is_one_sentence(seed_workbook):
    sheet = load_workbook(seed_workbook)["Sentences"]
    rows = list(zip(column(sheet, "Sentence"), column(sheet, "Kind")))
    assert (EKHO_QUOTE, "sentence") in rows
    assert ("Related article: Is the Kremlin Finally Ready to Play Hardball With Belarus?", "furniture") in rows
    for url in SEED_URLS:
        assert (url, "url") in rows


def test_formula_in_an_article_stays_text(tmp_path):
    article = tmp_path / "formula.txt"
    hostile = '=HYPERLINK("http://x","y") rose 5 percent'
    article.write_text(f"{hostile} in 2020, the ministry said.\n", encoding="utf-8")
    output = tmp_path / "formula.xlsx"
    result = factcheck("check", article, "-o", output, "--threshold", "0")
    assert result.returncode == 0, result.stderr
    cell = load_workbook(output)["Claims"]["D2"]
    assert cell.data_type == "s" and str(cell.value).startswith(hostile)


def soffice_or_skip():
    soffice = shutil.which("soffice")
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is missing; .ci/run installs libreoffice-calc-nogui")
        pytest.skip("LibreOffice (soffice) is not installed")
    return soffice


def converted(document: Path, folder: Path, to: str = "xlsx") -> Path:
    """``document`` converted by LibreOffice into ``folder`` as ``to``: a workbook saved again as
    xlsx has its formulas calculated; "pdf" prints it, "ods" or "xls" saves it in another format.
    Outside CI, a document LibreOffice cannot load for want of a component (Writer) is a skip."""
    result = subprocess.run(
        [soffice_or_skip(), f"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to", to, "--outdir", str(folder), str(document)],
        capture_output=True, text=True, timeout=300,
    )
    output = folder / f"{document.stem}.{to}"
    if not output.is_file() and "could not be loaded" in result.stderr and not os.environ.get("CI"):
        pytest.skip(f"LibreOffice cannot load {document.name}: is libreoffice-writer-nogui installed?")
    assert result.returncode == 0 and output.is_file(), result.stderr
    return output


def test_libreoffice_opens_the_workbook_without_repair(example_workbook, tmp_path):
    _, output = example_workbook
    pdf = converted(output, tmp_path, "pdf")
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5000


def test_summary_follows_verdicts_after_libreoffice_recalculates(example_workbook, tmp_path):
    from .reviewing import fill_reviews, sheet_rows

    _, output = example_workbook
    filled = tmp_path / "filled.xlsx"
    shutil.copy(output, filled)
    claims = [r["claim"] for r in sheet_rows(filled)]
    verdicts = ["False", "False", "Mostly true"]
    fill_reviews(filled, {text: {"verdict": v, "status": "Checked"} for text, v in zip(claims, verdicts)})
    sheet = load_workbook(converted(filled, tmp_path / "out"), data_only=True)["Summary"]
    counts = {row[0].value: row[1].value for row in sheet.iter_rows(min_row=4) if row[0].value}
    assert counts["Claims"] == len(claims)
    assert counts["False"] == 2 and counts["Mostly true"] == 1 and counts["True"] == 0
    assert counts["Checked"] == 3 and counts["(not started)"] == len(claims) - 3
    assert counts["(no verdict yet)"] == len(claims) - 3
    assert counts["Share checked"] == pytest.approx(3 / len(claims))


def test_summary_counts_claims_not_the_totals_a_reviewer_puts_under_claim(example_workbook, tmp_path):
    from .reviewing import apply_subtotals, fill_reviews, header_positions, sheet_rows

    _, output = example_workbook
    filled = tmp_path / "subtotals.xlsx"
    shutil.copy(output, filled)
    claims = [r["claim"] for r in sheet_rows(filled)]
    fill_reviews(filled, {claims[0]: {"verdict": "False", "status": "Checked"}})
    added = apply_subtotals(filled, by="verdict", counted="claim")  # =SUBTOTAL(3,…) under Claim
    calculated = load_workbook(converted(filled, tmp_path / "out"), data_only=True)
    listed = calculated["Claims"]
    claim_column = header_positions(listed)["claim"]
    grand = listed.cell(listed.max_row, claim_column).value
    assert added == 3 and grand == len(claims)  # the reviewer's totals are there, as numbers
    counts = {row[0].value: row[1].value for row in calculated["Summary"].iter_rows(min_row=4) if row[0].value}
    assert counts["Claims"] == len(claims)
    assert counts["Checked"] == 1 and counts["(not started)"] == len(claims) - 1
    assert counts["Share checked"] == pytest.approx(1 / len(claims))


def test_seed_details_are_bold_in_the_claim_cell(seed_workbook):
    sheet = load_workbook(seed_workbook, rich_text=True)["Claims"]
    cells = {str(row[3].value): row[3].value for row in sheet.iter_rows(min_row=2)}
    for fragment, detail in zip(SEED_CLAIMS, ("29 times", "25-year", "2014")):
        [cell] = [value for text, value in cells.items() if fragment in text]
        assert detail in [block.text for block in cell if not isinstance(block, str) and block.font.b]


def test_seed_speakers_and_channels_are_named(seed_workbook):
    workbook = load_workbook(seed_workbook)
    said = dict(zip(column(workbook["Sentences"], "Sentence"), column(workbook["Sentences"], "Said by")))
    claims = dict(zip(column(workbook["Claims"], "Claim"), column(workbook["Claims"], "Said by")))

    def speaker(fragment, table):
        [who] = [w for text, w in table.items() if fragment in text]
        return who or ""

    assert speaker("You join Belarus", said) == "Lukashenko (interview with Ekho Moskvy)"
    for fragment in ("Some rough edges are inevitable", "But that doesn’t spoil"):
        assert speaker(fragment, said) == "Dmitry Peskov (as quoted by RIA Novosti)"
    peskov = speaker("titanic job", claims)
    assert "Peskov" in peskov and "RIA Novosti" in peskov
    # A postponement is procedural, not a claim, for the news-trained model: read the Sentences sheet.
    assert speaker("The sides have postponed", said) == "two unnamed sources (cited by RBC)"
    assert "Ekho Moskvy" in speaker("In his comments to Ekho Moskvy", claims)
    sources = dict(zip(column(workbook["Sources"], "Source"), column(workbook["Sources"], "Type")))
    assert sources["RBC"] == "outlet" and sources["RIA Novosti"] == "outlet"


def test_score_command_and_library_give_the_scores_check_wrote(seed_workbook, tmp_path):
    from openpyxl import load_workbook as load

    from factcheck import ClaimScorer, read_document, split_sentences

    sheet = load(seed_workbook)["Sentences"]
    kinds, written = column(sheet, "Kind"), column(sheet, "Score")
    checked = [score for kind, score in zip(kinds, written) if kind == "sentence"]
    texts = [s.plain_text for s in split_sentences(read_document(SEED_ARTICLE).text) if s.kind == "sentence"]
    assert len(texts) == len(checked) >= 20

    assert ClaimScorer().score(texts) == pytest.approx(checked, abs=1e-4)
    # Alone, each sentence is padded differently from within the article's batches.
    assert [ClaimScorer().score([t])[0] for t in texts[:5]] == pytest.approx(checked[:5], abs=1e-4)
    lines = tmp_path / "sentences.jsonl"
    lines.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), encoding="utf-8")
    result = factcheck("score", lines)
    assert result.returncode == 0, result.stderr
    printed = [float(row.rsplit(",", 1)[1]) for row in result.stdout.strip().splitlines()[1:]]
    assert printed == pytest.approx(checked, abs=1e-4)
