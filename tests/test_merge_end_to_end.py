"""The merge promise, end to end: the real CLI and shipped model, a filled workbook, an edited
article, and the same again after LibreOffice has re-saved the workbook."""

import datetime as dt
import re
import shutil
import sqlite3

import pytest

from factcheck.columns import REVIEWER_FIELDS

from .conftest import EXAMPLE_ARTICLE
from .reviewing import fill_reviews, reviewer_values, sheet_rows
from .test_cli import factcheck
from .test_end_to_end import converted

REWORDED = ("found corrosion\nin two of the bridge's steel cables", "found corrosion\nin two of the steel cables")
DELETED = "Opposition councillor Per Lund said"
DELETED_SENTENCES = (DELETED, "He argued the cheaper option")
LANE_CLOSED = "Engineers closed one lane for 11 weeks last year after inspectors found corrosion\nin two of the steel cables. "
NEW_CLAIM = "The council's budget for 2026 is 3.1 billion krona, up 4 percent from 2025."
HAND_ROW = {"claim": "The bridge contractor also built the 1998 ferry terminal.", "notes": "reader tip\nline two", "status": "To check"}


def paragraphs(text):
    return text.strip("\n").split("\n\n")


def edit_article(text):
    """Reword one claim, delete a paragraph, add a new claim, swap two paragraphs."""
    parts = paragraphs(text.replace(*REWORDED))
    parts = [p for p in parts if not p.startswith(DELETED)]
    first, second = next(i for i, p in enumerate(parts) if p.startswith("The bridge, which")), next(
        i for i, p in enumerate(parts) if p.startswith('"We cannot')
    )
    parts[first], parts[second] = parts[second], parts[first]
    parts.insert(-1, NEW_CLAIM)
    return "\n\n".join(parts) + "\n"


def review(i):
    return {
        "status": "Checked" if i % 2 else "In progress",
        "verdict": ["True", "Mostly false", "Misleading", "Unverifiable"][i % 4],
        "sources": f"https://records.example/{i}\nCouncil minutes, {2020 + i}",
        "notes": f"Réviseur {i}: «vérifié» — 検証済み ✓\nsecond line\n=1+{i}",
        "reviewer": ["Zoë", "Øyvind", "Ana-María", "李"][i % 4],
        "reviewed_on": dt.datetime(2026, 11, 1 + i),
    }


def libreoffice_resave(path, tmp_path):
    shutil.copy(converted(path, tmp_path / "resaved"), path)


def libreoffice_resaved_copy(path, tmp_path):
    """A copy of the workbook at ``path``, opened and saved again by LibreOffice (``path`` as it was)."""
    again = tmp_path / "again" / path.name
    again.parent.mkdir()
    shutil.copy(path, again)
    libreoffice_resave(again, again.parent)
    return again


@pytest.mark.parametrize("resave", [False, True], ids=["openpyxl", "libreoffice"])
def test_every_typed_value_survives_an_edited_article(tmp_path, resave):
    article = tmp_path / "bridge.txt"
    shutil.copy(EXAMPLE_ARTICLE, article)
    output = tmp_path / "bridge.xlsx"
    first = factcheck("check", article, "-o", output)
    assert first.returncode == 0, first.stderr
    claims = [r["claim"] for r in sheet_rows(output)]
    assert any("steel cables" in c for c in claims)
    assert any(c.startswith(DELETED_SENTENCES) for c in claims)
    reviews = {text: review(i) for i, text in enumerate(claims)}
    fill_reviews(output, reviews, [HAND_ROW])
    if resave:
        libreoffice_resave(output, tmp_path)

    article.write_text(edit_article(article.read_text(encoding="utf-8")), encoding="utf-8")
    second = factcheck("check", article, "-o", output)
    assert second.returncode == 0, second.stderr
    assert "merged reviewer work:" in second.stdout

    rows = sheet_rows(output)
    # the typed row is a claim to check, but not one of the article's sentences
    listed = sum(1 for r in rows if r["claim_id"])
    assert re.match(rf"bridge\.txt: {listed} claims to check among \d+ sentences, and 1 added by hand \(threshold", second.stdout), second.stdout
    retired = sheet_rows(output, "Retired")
    for text, typed in reviews.items():
        found = [r for r in rows + retired if reviewer_values(r) == typed]
        assert len(found) == 1, f"lost or duplicated: {text}"
        [row] = found
        if text.startswith(DELETED_SENTENCES):
            assert row in retired and row["retired_reason"] == "no longer in the article"
            assert row["change"] == "retired" and row["claim"] == text
        elif "steel cables" in text:
            assert row["change"] == "edited (re-check)" and row["previous_text"] == text
            assert row["claim"] == " ".join(text.replace("bridge's steel", "steel").split())
        else:
            assert row["claim"] == text and row["change"] == "unchanged"
    [new] = [r for r in rows if r["claim"] == NEW_CLAIM]
    assert new["change"] == "new" and all(new[f] is None for f in REVIEWER_FIELDS)
    [hand] = [r for r in rows if r["claim"] == HAND_ROW["claim"]]
    assert hand["notes"] == HAND_ROW["notes"] and hand["change"] == "added by reviewer"
    deleted = sum(c.startswith(DELETED_SENTENCES) for c in claims)
    assert f"1 edited, 1 new, {deleted} retired" in second.stdout


def test_an_edited_claim_stays_flagged_run_after_run_until_a_reviewer_acts(tmp_path):
    article = tmp_path / "bridge.txt"
    shutil.copy(EXAMPLE_ARTICLE, article)
    output = tmp_path / "bridge.xlsx"
    assert factcheck("check", article, "-o", output).returncode == 0
    [checked] = [r["claim"] for r in sheet_rows(output) if "steel cables" in r["claim"]]
    fill_reviews(output, {checked: {"status": "Checked", "verdict": "True", "reviewer": "Zoë"}})
    article.write_text(article.read_text(encoding="utf-8").replace(*REWORDED), encoding="utf-8")

    def steel_cables_row():
        run = factcheck("check", article, "-o", output)
        assert run.returncode == 0, run.stderr
        [row] = [r for r in sheet_rows(output) if "steel cables" in r["claim"]]
        return row, run.stdout

    row, stdout = steel_cables_row()
    assert row["change"] == "edited (re-check)" and row["previous_text"] == checked and "1 edited" in stdout
    # Nobody touched the row: the next run keeps the mark and the old text.
    row, stdout = steel_cables_row()
    assert row["change"] == "edited (re-check)" and row["previous_text"] == checked
    assert (row["status"], row["verdict"]) == ("Checked", "True")
    assert "0 edited" in stdout and "1 still to re-check (edited on an earlier run)" in stdout
    # The reviewer re-checks it and changes the verdict: unchanged from the run after.
    fill_reviews(output, {row["claim"]: {"verdict": "Mostly true"}})
    row, stdout = steel_cables_row()
    assert row["change"] == "unchanged" and row["verdict"] == "Mostly true" and "re-check" not in stdout
    row, _ = steel_cables_row()
    assert row["change"] == "unchanged"


def test_an_edited_claim_keeps_its_mark_under_the_threshold_on_retired_and_back_until_a_reviewer_acts(tmp_path):
    """The verdict was given on the Previous text: wherever the claim goes before anyone
    re-checks it, the mark and the old text go with it, and neither the archive nor the
    ClaimReview export puts the old verdict on the new wording."""
    article, output, archive = tmp_path / "bridge.txt", tmp_path / "bridge.xlsx", tmp_path / "desk.sqlite"
    original = EXAMPLE_ARTICLE.read_text(encoding="utf-8")
    reworded = original.replace(*REWORDED)
    article.write_text(original, encoding="utf-8")

    def check(*options):
        run = factcheck("check", article, "-o", output, "--archive", archive, *options)
        assert run.returncode == 0, run.stderr
        return run.stdout

    def steel_cables(sheet="Claims"):
        return [r for r in sheet_rows(output, sheet) if "steel cables" in r["claim"]]

    def recorded():
        with sqlite3.connect(archive) as db:
            return db.execute("SELECT text, verdict FROM claims WHERE text LIKE '%steel cables%'").fetchall()

    check()
    [checked] = [r["claim"] for r in steel_cables()]
    fill_reviews(output, {checked: {"status": "Checked", "verdict": "True", "reviewer": "Zoë"}})
    article.write_text(reworded, encoding="utf-8")
    check()
    [row] = steel_cables()
    assert row["change"] == "edited (re-check)" and row["previous_text"] == checked

    # Under the threshold, kept for its reviewer work: still marked, still left out of the export.
    stdout = check("--threshold", "0.99")
    [row] = steel_cables()
    assert row["score"] < 0.99 and row["change"] == "edited (re-check)" and row["previous_text"] == checked
    assert "1 still to re-check (edited on an earlier run)" in stdout
    export = factcheck("export", output, "--format", "claimreview", "--url", "https://news.example/bridge")
    assert export.returncode == 0 and row["claim_id"] in export.stderr and "left out" in export.stderr
    assert recorded() == [(checked, "True")]

    # Gone from the article: on Retired, still marked, and the archive keeps the checked text.
    article.write_text(reworded.replace(LANE_CLOSED, ""), encoding="utf-8")
    check()
    assert steel_cables() == []
    [retired] = steel_cables("Retired")
    assert retired["change"] == "edited (re-check)" and retired["previous_text"] == checked
    assert retired["retired_reason"] == "no longer in the article"
    check()
    assert [r["change"] for r in steel_cables("Retired")] == ["edited (re-check)"]
    assert recorded() == [(checked, "True")]

    # Back in the article: restored, still marked, until the reviewer re-checks it.
    article.write_text(reworded, encoding="utf-8")
    stdout = check()
    [row] = steel_cables()
    assert row["change"] == "edited (re-check)" and row["previous_text"] == checked and row["verdict"] == "True"
    assert "1 restored from Retired" in stdout and "1 still to re-check" in stdout and "put back" not in stdout
    assert steel_cables("Retired") == []
    fill_reviews(output, {row["claim"]: {"verdict": "Mostly true"}})
    stdout = check()
    [row] = steel_cables()
    assert row["change"] == "unchanged" and "re-check" not in stdout
    assert recorded() == [(row["claim"], "Mostly true")]
