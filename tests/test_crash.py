"""A run killed at any moment (SIGKILL: no cleanup runs) never costs a reviewer their work."""

import datetime as dt
import os
import re
import shutil
import signal
import subprocess
import sys
import time

import pytest
from openpyxl import Workbook, load_workbook

from factcheck import ClaimScorer, check_article
from factcheck import worksheet
from factcheck.worksheet import BACKUPS_KEPT, back_up

from .conftest import EXAMPLE_ARTICLE, ROOT
from .reviewing import fill_reviews, reviewer_values, sheet_rows

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


@pytest.fixture
def reviewed(tmp_path, tiny_model):
    """A worksheet with reviewer values in its first five claims; returns (article, sheet, values by claim)."""
    article = tmp_path / "bridge.txt"
    shutil.copy(EXAMPLE_ARTICLE, article)
    sheet = tmp_path / "sheets" / "bridge.xlsx"
    check_article(article, sheet, threshold=0.0, scorer=ClaimScorer(tiny_model))
    claims = [row["claim"] for row in sheet_rows(sheet)][:5]
    reviews = {
        text: {
            "status": "Checked",
            "verdict": "Mostly true",
            "sources": f"https://source.example/{i}",
            "notes": f"note {i}: =not a formula",
            "reviewer": "Zoë",
            "reviewed_on": dt.datetime(2026, 3, i + 1),
        }
        for i, text in enumerate(claims)
    }
    fill_reviews(sheet, reviews)
    return article, sheet, reviews


def start(article, sheet, tiny_model):
    return subprocess.Popen(
        [sys.executable, "-m", "factcheck", "check", str(article), "-o", str(sheet), "--model", str(tiny_model), "--threshold", "0"],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def temporaries(sheet):
    return [p for p in sheet.parent.iterdir() if p.name.startswith(f".{sheet.stem}.") and p.name.endswith(".tmp.xlsx")]


def kill_after(process, delay, sheet=None):
    """SIGKILL ``process`` ``delay`` seconds after it starts, or, given ``sheet``, ``delay``
    seconds after its temporary workbook appears (so the kill lands inside the write)."""
    deadline = time.monotonic() + 120
    if sheet is not None:
        before = set(temporaries(sheet))
        while not set(temporaries(sheet)) - before and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.001)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    return process.wait(timeout=60)


def assert_reviews_kept(sheet, reviews):
    load_workbook(sheet).close()  # whole and readable, not half a zip
    by_claim = {row["claim"]: reviewer_values(row) for row in sheet_rows(sheet)}
    for claim, values in reviews.items():
        assert {k: by_claim[claim][k] for k in values} == values, claim


def test_killed_runs_never_lose_reviewer_work(reviewed, tiny_model):
    article, sheet, reviews = reviewed
    started = time.monotonic()
    complete = start(article, sheet, tiny_model)
    assert complete.wait(timeout=120) == 0, complete.stderr.read()
    duration = time.monotonic() - started
    # Kills spread over the whole run, then kills timed from the moment the write begins.
    timed = [duration * share for share in (0.3, 0.7, 0.9)]
    outcomes = []
    for delay, during_write in [*((d, False) for d in timed), *((d, True) for d in (0, 0.005, 0.02, 0.05, 0.1))]:
        process = start(article, sheet, tiny_model)
        outcomes.append(kill_after(process, delay, sheet if during_write else None))
        assert_reviews_kept(sheet, reviews)
    assert -signal.SIGKILL in outcomes  # some kills landed before the run could finish
    leftovers = temporaries(sheet)
    finished = start(article, sheet, tiny_model)
    assert finished.wait(timeout=120) == 0, finished.stderr.read()
    assert_reviews_kept(sheet, reviews)
    # Fresh leftovers are left alone (a run may still be writing them); they are never read.
    assert set(temporaries(sheet)) == set(leftovers)


def test_a_later_run_removes_stale_temporaries_of_the_same_workbook_only(reviewed, tiny_model):
    article, sheet, reviews = reviewed
    folder = sheet.parent
    stale = [folder / ".bridge.abc_1234.tmp.xlsx", folder / ".bridge.zzzzzzzz.tmp.xlsx"]
    kept = [
        folder / ".bridge.fresh123.tmp.xlsx",  # recent: perhaps another run still writing
        folder / ".bridge.more.abcdefgh.tmp.xlsx",  # the workbook bridge.more.xlsx's
        folder / "bridge.abcdefgh.tmp.xlsx",  # not a name factcheck makes
    ]
    hour_ago = time.time() - worksheet.STALE_TEMPORARY_SECONDS - 60
    for path in [*stale, *kept]:
        path.write_bytes(b"PK\x03\x04 half a workbook")
        if path.name != ".bridge.fresh123.tmp.xlsx":
            os.utime(path, (hour_ago, hour_ago))
    check_article(article, sheet, threshold=0.0, scorer=ClaimScorer(tiny_model))
    assert not any(p.exists() for p in stale)
    assert all(p.exists() for p in kept)
    assert_reviews_kept(sheet, reviews)


def test_history_keeps_the_newest_twenty_backups_per_workbook_as_the_readme_says(tmp_path):
    # "bridge.more" starts like "bridge.": its copies are not bridge's to prune.
    sheet, other = tmp_path / "bridge.xlsx", tmp_path / "bridge.more.xlsx"
    Workbook().save(sheet)
    Workbook().save(other)
    start_time = dt.datetime(2026, 1, 1, 12)
    others = [back_up(other, start_time + dt.timedelta(seconds=i)) for i in range(3)]
    made = [back_up(sheet, start_time + dt.timedelta(seconds=i)) for i in range(BACKUPS_KEPT + 5)]
    history = tmp_path / ".history"
    assert sorted((history / "bridge").iterdir()) == made[-BACKUPS_KEPT:]
    assert sorted((history / "bridge.more").iterdir()) == others
    assert all(load_workbook(path) for path in made[-BACKUPS_KEPT:])
    assert BACKUPS_KEPT == 20
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(r"\.history/.*newest 20 copies are kept", readme)


def test_a_killed_merge_of_copies_leaves_the_desks_workbook_whole(reviewed, tiny_model):
    _, sheet, reviews = reviewed
    copy = sheet.with_name("ana.xlsx")
    shutil.copy(sheet, copy)
    unreviewed = next(row["claim"] for row in sheet_rows(sheet) if row["claim"] not in reviews)
    fill_reviews(copy, {unreviewed: {"notes": "from Ana"}})

    def merge():
        return subprocess.Popen(
            [sys.executable, "-m", "factcheck", "merge", str(sheet), str(copy)],
            env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )

    outcomes = []
    for delay in (0, 0.005, 0.02, 0.05):
        outcomes.append(kill_after(merge(), delay, sheet))
        assert_reviews_kept(sheet, reviews)  # after each kill: the old workbook or the merged one, whole
    assert -signal.SIGKILL in outcomes
    assert merge().wait(timeout=120) == 0
    assert_reviews_kept(sheet, {**reviews, unreviewed: {"notes": "from Ana"}})
