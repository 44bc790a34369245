"""Batch mode: several articles, or a folder of them, scored together, with a triage list."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from factcheck.batch import TRIAGE_NAME, check_articles
from factcheck.check import prepare_article, score_prepared
from factcheck.scorer import ClaimScorer
from factcheck.worksheet import STALE_TEMPORARY_SECONDS

from .reviewing import fill_reviews, sheet_rows
from .test_cli import factcheck

GOOD = ["a1.txt", "a2.txt", "a3.txt", "b1.md", "b2.md", "b3.md"]


def article_text(number: int, markdown: bool) -> str:
    """A short news article whose figures, and so whose claim IDs, differ with ``number``."""
    heading = f"# Council approves plan {number}\n\n" if markdown else ""
    return (
        f"{heading}The council approved a {number}.5 million krona plan on Monday, "
        f"ending a dispute that lasted {number + 3} years.\n\n"
        f"Traffic on the bridge rose {number * 7} percent in {2000 + number}, the survey said.\n\n"
        f"Repairs have cost {number * 11} million krona since 2019, the mayor said. It rained.\n"
    )


@pytest.fixture
def folder(tmp_path) -> Path:
    """Six good articles in two formats, and one empty file."""
    articles = tmp_path / "articles"
    articles.mkdir()
    for number, name in enumerate(GOOD, start=1):
        (articles / name).write_text(article_text(number, name.endswith(".md")), encoding="utf-8")
    (articles / "broken.txt").write_text("")
    return articles


def triage_rows(path: Path) -> list[dict]:
    sheet = load_workbook(path).active
    headers = [c.value for c in sheet[1]]
    return [
        {**dict(zip(headers, (c.value for c in row))), "link": row[headers.index("Workbook")].hyperlink}
        for row in sheet.iter_rows(min_row=2)
        if row[1].value is not None
    ]


def test_folder_batch_writes_each_workbook_skips_the_bad_file_and_links_the_triage(tmp_path, folder, tiny_model):
    result = factcheck("check", folder, "--model", tiny_model, "--jobs", "3", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1 and errors[0].startswith("factcheck: error: ") and "broken.txt" in errors[0], result.stderr
    sheets = tmp_path / "sheets"
    assert sorted(p.name for p in sheets.glob("*.xlsx")) == sorted([TRIAGE_NAME, *(f"{Path(n).stem}.xlsx" for n in GOOD)])
    rows = triage_rows(sheets / TRIAGE_NAME)
    assert {r["Article"] for r in rows} == set(GOOD)
    assert [r["Score"] for r in rows] == sorted((r["Score"] for r in rows), reverse=True)
    for row in rows:
        target = row["link"].target
        assert not Path(target).is_absolute() and (sheets / target).is_file()
        assert target == f"{Path(row['Article']).stem}.xlsx"
        assert row["Claim ID"] in {r["claim_id"] for r in sheet_rows(sheets / target)}
    # Rewritten by every batch: typing there is refused, saying where reviews go.
    [guard] = load_workbook(sheets / TRIAGE_NAME)["Triage"].data_validations.dataValidation
    assert guard.errorStyle == "stop" and "each article's workbook" in guard.error


def test_glob_picks_only_matching_files_and_output_names_the_folder(tmp_path, folder, tiny_model):
    out = tmp_path / "desk"
    result = factcheck("check", folder, "--glob", "*.md", "-o", out, "--model", tiny_model, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # piped: no progress bar
    assert sorted(p.name for p in out.glob("*.xlsx")) == sorted([TRIAGE_NAME, "b1.xlsx", "b2.xlsx", "b3.xlsx"])
    assert not (tmp_path / "sheets").exists()


def test_rerunning_a_batch_merges_reviewer_work(tmp_path, folder, tiny_model):
    articles = [folder / "a1.txt", folder / "b2.md"]
    assert factcheck("check", *articles, "--model", tiny_model, cwd=tmp_path).returncode == 0
    workbook = tmp_path / "sheets" / "b2.xlsx"
    claim = sheet_rows(workbook)[0]["claim"]
    fill_reviews(workbook, {claim: {"verdict": "Mostly true", "notes": "checked with the council"}})
    result = factcheck("check", *articles, "--model", tiny_model, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    row = next(r for r in sheet_rows(workbook) if r["claim"] == claim)
    assert (row["verdict"], row["notes"], row["change"]) == ("Mostly true", "checked with the council", "unchanged")
    assert "merged reviewer work" in result.stdout


def test_a_rerun_backs_up_each_workbook_in_its_own_history_folder_and_clears_stale_temporaries(tmp_path, folder, tiny_model):
    articles = [folder / "a1.txt", folder / "b2.md"]
    check_articles(articles, output_folder=tmp_path / "sheets", scorer=ClaimScorer(tiny_model))
    sheets = tmp_path / "sheets"
    hour_ago = time.time() - STALE_TEMPORARY_SECONDS - 60
    stale, fresh, foreign = sheets / ".a1.abcd1234.tmp.xlsx", sheets / ".b2.abcd1234.tmp.xlsx", sheets / ".zz.abcd1234.tmp.xlsx"
    for path in (stale, fresh, foreign):
        path.write_bytes(b"PK\x03\x04 half a workbook")
        if path != fresh:
            os.utime(path, (hour_ago, hour_ago))
    report = check_articles(articles, output_folder=sheets, scorer=ClaimScorer(tiny_model))
    assert sorted(r.backup.relative_to(sheets).parent.as_posix() for r in report.reports) == [".history/a1", ".history/b2"]
    assert not stale.exists()
    assert fresh.exists()  # perhaps another run still writing it
    assert foreign.exists()  # a workbook this batch does not write


def test_a_folder_without_articles_is_a_user_error(tmp_path):
    (tmp_path / "notes.xlsx").write_bytes(b"not an article")
    result = factcheck("check", tmp_path, cwd=tmp_path)
    assert result.returncode == 2 and "no files with an extension factcheck reads" in result.stderr


def test_check_articles_scores_every_article_in_one_call(tmp_path, folder, tiny_model):
    calls = []

    class CountingScorer(ClaimScorer):
        def score(self, texts, progress=None):
            calls.append(len(texts))
            return super().score(texts, progress)

    scorer = CountingScorer(tiny_model)
    report = check_articles([folder], output_folder=tmp_path / "out", scorer=scorer, jobs=1)
    assert len(calls) == 1
    assert calls[0] == sum(r.scored for r in report.reports) > 0
    assert [r.article.name for r in report.reports] == sorted(GOOD)
    assert [f.article.name for f in report.failures] == ["broken.txt"]
    assert report.triage == tmp_path / "out" / TRIAGE_NAME


def test_two_articles_that_would_share_a_workbook_keep_the_first(tmp_path, tiny_model):
    for name in ("story.txt", "story.md"):
        (tmp_path / name).write_text(article_text(4, False), encoding="utf-8")
    report = check_articles([tmp_path / "story.md", tmp_path / "story.txt"], output_folder=tmp_path / "out", model=tiny_model)
    assert [r.article.name for r in report.reports] == ["story.md"]
    assert len(report.failures) == 1 and "rename one" in report.failures[0].message


def test_a_long_batch_is_scored_in_rounds_and_every_article_is_written(tmp_path, folder, tiny_model):
    calls = []

    class CountingScorer(ClaimScorer):
        def score(self, texts, progress=None):
            calls.append(len(texts))
            return super().score(texts, progress)

    scorer = CountingScorer(tiny_model, batch_size=2)
    report = check_articles([folder], output_folder=tmp_path / "out", scorer=scorer, round_sentences=5, jobs=1)
    everything = sum(r.scored for r in report.reports)
    assert len(calls) > 1 and sum(calls) == everything
    # a round closes once it holds 5 sentences, so only the last may hold fewer
    assert all(n >= 5 for n in calls[:-1])
    assert sorted(r.article.name for r in report.reports) == sorted(GOOD)
    for r in report.reports:
        assert r.output.is_file() and load_workbook(r.output)["Claims"].max_row >= 1


def test_scoring_reports_progress_after_every_batch(tmp_path, folder, tiny_model):
    done = []
    prepared = [prepare_article(folder / name, tmp_path / f"{name}.xlsx") for name in GOOD]
    score_prepared(prepared, ClaimScorer(tiny_model, batch_size=2), progress=done.append)
    total = sum(len(p.scored) for p in prepared)
    steps = [after - before for before, after in zip([0, *done], done)]
    assert done[-1] == total and len(done) > 1
    assert all(1 <= step <= 2 for step in steps)  # each batch, of at most batch_size sentences


def test_worker_processes_check_their_share_and_the_report_is_whole(tmp_path, folder, tiny_model, monkeypatch):
    from factcheck import batch

    monkeypatch.setattr(batch, "ARTICLES_PER_TASK", 2)
    alone = check_articles([folder], output_folder=tmp_path / "alone", model=tiny_model, jobs=1)
    shared = check_articles([folder], output_folder=tmp_path / "shared", model=tiny_model, jobs=2)
    assert [r.article for r in shared.reports] == [r.article for r in alone.reports]
    assert [(f.article, f.message) for f in shared.failures] == [(f.article, f.message) for f in alone.failures]
    for one, other in zip(alone.reports, shared.reports):
        assert (one.claims, one.scored) == (other.claims, other.scored)
        assert sheet_rows(one.output) == sheet_rows(other.output)
    assert load_workbook(shared.triage)["Triage"].max_row == load_workbook(alone.triage)["Triage"].max_row


def test_a_folder_with_nothing_to_check_is_one_failure_of_the_batch_and_the_triage_names_what_was_not_checked(tmp_path, folder, tiny_model):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.xlsx").write_bytes(b"not an article")
    result = factcheck("check", folder / "broken.txt", empty, folder / "a1.txt", "--model", tiny_model, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 2 and all(e.startswith("factcheck: error: ") for e in errors), result.stderr
    assert "broken.txt" in errors[0]
    assert "empty" in errors[1] and "no files with an extension factcheck reads" in errors[1]
    sheets = tmp_path / "sheets"
    assert sheet_rows(sheets / "a1.xlsx")
    sheet = load_workbook(sheets / TRIAGE_NAME).active
    headers = [c.value for c in sheet[1]]
    rows = [dict(zip(headers, row)) for row in sheet.iter_rows(min_row=2, values_only=True) if row[headers.index("Claim")]]
    not_checked = [r for r in rows if str(r["Claim"]).startswith("Not checked: ")]
    # a reviewer reading the triage sees first what the batch could not check, with no link
    assert [r["Article"] for r in not_checked] == ["broken.txt", "empty"] and rows[:2] == not_checked
    assert all(r["Workbook"] is None and r["Score"] is None for r in not_checked)
    assert {r["Article"] for r in rows[2:]} == {"a1.txt"}
    # only nothing to check at all is a user error
    other = tmp_path / "other"
    other.mkdir()
    result = factcheck("check", empty, other, cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.startswith("factcheck: error: nothing to check:"), result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_a_hundred_generated_articles_give_a_workbook_each_and_one_triage(tmp_path, tiny_model):
    articles = tmp_path / "day"
    articles.mkdir()
    for number in range(100):
        (articles / f"story-{number:03d}.txt").write_text(article_text(number + 10, False), encoding="utf-8")
    result = factcheck("check", articles, "-o", tmp_path / "out", "--model", tiny_model, "--threshold", "0", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in (tmp_path / "out").glob("*.xlsx"))
    assert written == sorted([TRIAGE_NAME, *(f"story-{n:03d}.xlsx" for n in range(100))])
    rows = triage_rows(tmp_path / "out" / TRIAGE_NAME)
    assert {r["Article"] for r in rows} == {f"story-{n:03d}.txt" for n in range(100)}
    assert all(r["link"].target == f"{Path(r['Article']).stem}.xlsx" for r in rows)
    assert all(sheet_rows(tmp_path / "out" / name) for name in written if name != TRIAGE_NAME)
