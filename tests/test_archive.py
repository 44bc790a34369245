"""The desk's archive: importing ClaimReview and worksheets, idempotence, and what it refuses."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from factcheck import archive as archive_module
from factcheck.archive import Archive, ArchiveError, WorkbookIdentity, default_archive
from factcheck.cli import main
from factcheck.errors import DataError
from factcheck.matcher import SentenceEmbedder, find_matches
from factcheck.reviews import import_review_files, read_claim_reviews

ROOT = Path(__file__).resolve().parents[1]


def review(n: int, rating: str | None = "False", **extra) -> dict:
    item = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"https://factcheck.example/{n}",
        "claimReviewed": f"the year {n} said the million percent",
        "author": {"@type": "Organization", "name": "Example Checks"},
        "datePublished": "2024-05-01",
    }
    if rating is not None:
        item["reviewRating"] = {"@type": "Rating", "alternateName": rating}
    return {**item, **extra}


@pytest.fixture
def embedder(tiny_encoder):
    return SentenceEmbedder(tiny_encoder)


def import_files(path, embedder, *files):
    with Archive(path, model=embedder.identity) as archive:
        return import_review_files(files, archive, embedder.embed), archive.counts()


def test_a_list_a_single_review_a_graph_and_a_page_import_and_import_again_changes_nothing(tmp_path, embedder):
    (tmp_path / "list.json").write_text(json.dumps([review(1), review(2, rating=None)]), encoding="utf-8")
    (tmp_path / "one.jsonld").write_text(json.dumps(review(3, "Mostly true")), encoding="utf-8")
    graph = {"@context": "https://schema.org", "@graph": [{"@type": "WebPage", "name": "x"}, review(4, "Pants on fire")]}
    (tmp_path / "graph.json").write_text(json.dumps(graph), encoding="utf-8")
    page = f'<html><head><script type="application/ld+json">{json.dumps(review(5, "True"))}</script></head></html>'
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    archive = tmp_path / "archive.sqlite"

    results, counts = import_files(archive, embedder, tmp_path)
    assert sorted((r.path.name, r.counts.added) for r in results) == [("graph.json", 1), ("list.json", 2), ("one.jsonld", 1), ("page.html", 1)]
    assert counts == {
        ("Example Checks", "False"): 1,
        ("Example Checks", ""): 1,  # no rating: kept, with an empty verdict
        ("Example Checks", "Mostly true"): 1,
        ("Example Checks", "Pants on fire"): 1,
        ("Example Checks", "True"): 1,
    }
    before = sqlite3.connect(archive).execute("SELECT * FROM claims ORDER BY id").fetchall()
    again, counts_again = import_files(archive, embedder, tmp_path)
    assert all(r.counts.added == r.counts.updated == 0 for r in again)
    assert counts_again == counts
    assert sqlite3.connect(archive).execute("SELECT * FROM claims ORDER BY id").fetchall() == before


def test_a_changed_rating_updates_the_row_in_place(tmp_path, embedder):
    file = tmp_path / "reviews.json"
    file.write_text(json.dumps([review(1, "Half true")]), encoding="utf-8")
    import_files(tmp_path / "a.sqlite", embedder, file)
    file.write_text(json.dumps([review(1, "False")]), encoding="utf-8")
    [result], counts = import_files(tmp_path / "a.sqlite", embedder, file)
    assert (result.counts.added, result.counts.updated) == (0, 1)
    assert counts == {("Example Checks", "False"): 1}


def test_reviews_missing_fields_or_of_the_wrong_type_are_skipped_and_counted(tmp_path):
    file = tmp_path / "mixed.json"
    items = [
        review(1),
        {"@type": "ClaimReview", "url": "https://x.example/2"},  # no claim
        review(3, url=None),
        review(4, claimReviewed=["a", "list"]),
        review(5, reviewRating="five stars"),  # an odd rating: kept without a verdict
        review(6, author=42),  # an odd author: publisher from the address
        "just a string",
        17,
    ]
    file.write_text(json.dumps(items), encoding="utf-8")
    found = read_claim_reviews(file)
    assert [c.url for c in found.claims] == ["https://factcheck.example/1", "https://factcheck.example/5", "https://factcheck.example/6"]
    assert found.claims[1].verdict == ""
    assert found.claims[2].source == "factcheck.example"
    assert found.skipped == {"no claimReviewed text": 2, "no url": 1, "not an object": 2}


@pytest.mark.parametrize(
    "content, message",
    [
        ("<!doctype html><html><body>Not found</body></html>", "an HTML page without JSON-LD"),
        ('[{"claimReviewed": "x", ', "is not valid JSON"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"@type": "WebPage", "name": "home"}', "holds no ClaimReview"),
        ("[]", "holds no ClaimReview"),
        (b"\xff\xfe\x00binary", "is not UTF-8"),
    ],
)
def test_what_is_not_claimreview_is_refused_with_one_line(tmp_path, content, message):
    file = tmp_path / "bad.json"
    file.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(DataError, match=message):
        read_claim_reviews(file)


def test_100_mb_of_json_is_refused_before_it_is_parsed(tmp_path, capsys):
    file = tmp_path / "huge.json"
    one = json.dumps(review(1)) + ","
    with file.open("w", encoding="utf-8") as out:
        out.write("[")
        out.write(one * (100_000_000 // len(one)))
        out.write(json.dumps(review(2)) + "]")
    assert file.stat().st_size > 100_000_000
    archive = tmp_path / "a.sqlite"
    assert main(["archive", "import", str(file), "--archive", str(archive)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "over the 64 MB limit" in err[0] and "Traceback" not in err[0]
    assert err[0].startswith("factcheck: error: ")


def test_a_foreign_database_and_a_damaged_file_are_refused_and_left_as_they_were(tmp_path, capsys):
    foreign = tmp_path / "other.sqlite"
    db = sqlite3.connect(foreign)
    db.execute("CREATE TABLE customers (name TEXT)")
    db.commit()
    db.close()
    damaged = tmp_path / "damaged.sqlite"
    damaged.write_bytes(b"SQLite format 3\x00" + os.urandom(5000))
    text = tmp_path / "notes.sqlite"
    text.write_text("my notes, not a database\n" * 100, encoding="utf-8")
    reviews = tmp_path / "r.json"
    reviews.write_text(json.dumps([review(1)]), encoding="utf-8")
    for path in (foreign, damaged, text):
        before = path.read_bytes()
        for command in (["archive", "stats"], ["archive", "import", str(reviews)]):
            assert main([*command, "--archive", str(path)]) == 2, (path, command)
            err = capsys.readouterr().err.strip().splitlines()
            assert len(err) == 1 and err[0].startswith("factcheck: error: ") and "not a factcheck archive" in err[0]
        assert path.read_bytes() == before


def test_a_locked_archive_waits_then_fails_with_one_line(tmp_path, embedder, monkeypatch):
    path = tmp_path / "a.sqlite"
    Archive(path, model=embedder.identity).close()
    monkeypatch.setattr(archive_module, "BUSY_SECONDS", 0.5)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another run in the middle of a write
    try:
        with Archive(path, model=embedder.identity) as archive:
            started = time.monotonic()
            with pytest.raises(ArchiveError, match="stayed locked by another run"):
                archive.store([archive_module.ArchivedClaim("review:x#1", "the year")], embedder.embed)
            assert time.monotonic() - started >= 0.4  # it waited before giving up
            assert len(archive) == 0  # reading goes on beside the writer (WAL)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_an_archive_made_with_another_encoder_is_refused(tmp_path, embedder):
    path = tmp_path / "a.sqlite"
    Archive(path, model="some-other-model:0123").close()
    with pytest.raises(ArchiveError, match="holds embeddings from the sentence encoder some-other-model"):
        Archive(path, model=embedder.identity)



@pytest.fixture(scope="module")
def newer_encoder(tiny_encoder, tmp_path_factory) -> Path:
    """The tiny encoder with other weights: the sentence encoder a later factcheck might ship."""
    import torch
    from safetensors.torch import load_file, save_file

    folder = tmp_path_factory.mktemp("newer-encoder")
    shutil.copytree(tiny_encoder, folder, dirs_exist_ok=True)
    weights = load_file(folder / "model.safetensors")
    generator = torch.Generator().manual_seed(2)
    moved = {name: w + 0.1 * torch.randn(w.shape, generator=generator) if w.is_floating_point() else w for name, w in weights.items()}
    save_file(moved, folder / "model.safetensors", metadata={"format": "pt"})
    return folder


def archive_rows(path: Path) -> tuple[list[tuple], dict[str, bytes], str]:
    """Every claim row, each claim's vector by key, and the recorded encoder, read apart from the library."""
    with sqlite3.connect(path) as db:
        claims = db.execute("SELECT * FROM claims ORDER BY id").fetchall()
        vectors = dict(db.execute("SELECT key, embedding FROM claims JOIN vectors USING (id)"))
        [(model,)] = db.execute("SELECT value FROM settings WHERE name = 'model'").fetchall()
    return claims, vectors, model


def fp16(vectors) -> list[bytes]:
    return [v.astype("float16").tobytes() for v in vectors]


def test_an_archive_embedded_again_with_a_new_encoder_keeps_every_claim_and_is_searched_with_it(tmp_path, embedder, newer_encoder):
    newer = SentenceEmbedder(newer_encoder)
    path = tmp_path / "a.sqlite"
    (tmp_path / "reviews.json").write_text(json.dumps([review(n) for n in range(1, 8)]), encoding="utf-8")
    import_files(path, embedder, tmp_path / "reviews.json")
    claims, vectors, _ = archive_rows(path)
    texts = [row[2] for row in claims]
    with pytest.raises(ArchiveError, match=f"run 'factcheck archive reembed --archive {path}' once"):
        Archive(path, model=newer.identity)

    with Archive(path, create=False) as archive:
        assert archive.model == embedder.identity
        assert archive.reembed(newer.identity, newer.embed, block=3) == 7  # three blocks
    after, new_vectors, model = archive_rows(path)
    assert after == claims and model == newer.identity  # every verdict, source and date kept
    keys = [row[1] for row in claims]
    assert [new_vectors[k] for k in keys] == fp16(newer.embed(texts)) != [vectors[k] for k in keys]
    with Archive(path, model=newer.identity) as archive:
        [[best]] = find_matches([texts[4]], archive, newer, top=1)
        assert best.claim.text == texts[4] and best.similarity == pytest.approx(1.0, abs=1e-3)
        assert archive.word_counts(["year"]).claims == 7


def test_reembedding_stopped_halfway_leaves_the_archive_as_it_was(tmp_path, embedder, newer_encoder):
    newer = SentenceEmbedder(newer_encoder)
    path = tmp_path / "a.sqlite"
    (tmp_path / "reviews.json").write_text(json.dumps([review(n) for n in range(1, 8)]), encoding="utf-8")
    import_files(path, embedder, tmp_path / "reviews.json")
    before = archive_rows(path)
    calls = []

    def interrupted(texts):
        calls.append(len(texts))
        if len(calls) == 2:
            raise KeyboardInterrupt  # Ctrl-C in the second block
        return newer.embed(texts)

    with Archive(path, create=False) as archive:
        with pytest.raises(KeyboardInterrupt):
            archive.reembed(newer.identity, interrupted, block=4)
        assert archive_rows(path) == before
        with Archive(path, model=embedder.identity) as other:  # still the old encoder's, and used as such
            assert len(other) == 7
        assert archive.reembed(newer.identity, newer.embed, block=4) == 7  # and can be started again
    assert archive_rows(path)[2] == newer.identity


def test_claims_another_run_adds_or_changes_while_reembedding_get_the_new_encoders_vectors(tmp_path, embedder, newer_encoder):
    newer = SentenceEmbedder(newer_encoder)
    path = tmp_path / "a.sqlite"
    typed = archive_module.ArchivedClaim("workbook:desk1#C1", "Crime rose 10 percent.", "False", source="workbook", claim_id="C1", workbook_id="desk1")
    with Archive(path, model=embedder.identity) as archive:
        archive.store([typed, archive_module.ArchivedClaim("review:x#1", "Wages fell in 2020.", "True")], embedder.embed)

    passes = []

    def embed_while_a_check_records(texts):
        passes.append(list(texts))
        if len(passes) == 1:  # a run of the earlier factcheck records while the first pass embeds
            with Archive(path, model=embedder.identity) as other:
                edited = archive_module.ArchivedClaim(typed.key, "Crime rose 12 percent.", "Mostly true", source="workbook", claim_id="C1", workbook_id="desk1")
                other.store([edited, archive_module.ArchivedClaim("review:y#2", "Rents doubled since 2015.", "False")], embedder.embed)
        return newer.embed(texts)

    with Archive(path, create=False) as archive:
        assert archive.reembed(newer.identity, embed_while_a_check_records) == 3
    # The claim added is read in its turn; the one changed after it was embedded, again at the end.
    assert passes[1:] == [["Rents doubled since 2015."], ["Crime rose 12 percent."]]
    claims, vectors, model = archive_rows(path)
    texts = {row[1]: row[2] for row in claims}
    assert texts == {typed.key: "Crime rose 12 percent.", "review:x#1": "Wages fell in 2020.", "review:y#2": "Rents doubled since 2015."}
    assert [vectors[k] for k in texts] == fp16(newer.embed(list(texts.values())))
    assert model == newer.identity


def test_an_archive_a_later_factcheck_embedded_again_tells_an_earlier_one_to_upgrade(tmp_path, embedder, newer_encoder):
    newer = SentenceEmbedder(newer_encoder)
    path = tmp_path / "a.sqlite"
    (tmp_path / "reviews.json").write_text(json.dumps([review(1), review(2)]), encoding="utf-8")
    import_files(path, embedder, tmp_path / "reviews.json")
    with Archive(path, create=False) as archive:
        archive.reembed(newer.identity, newer.embed)  # one install of a shared desk upgraded
        assert archive.replaced_models == [embedder.identity]
    # Another install, not yet upgraded: told to upgrade, not to embed it back under the first.
    with pytest.raises(ArchiveError, match=r"which replaced this factcheck's \(.*\); upgrade factcheck to use it$"):
        Archive(path, model=embedder.identity)
    with Archive(path, create=False) as archive:
        with pytest.raises(ArchiveError, match="upgrade factcheck, or pass --back"):
            archive.reembed(embedder.identity, embedder.embed)
        assert archive.model == newer.identity
        assert archive.reembed(embedder.identity, embedder.embed, back=True) == 2  # after a downgrade, on purpose
        assert (archive.model, archive.replaced_models) == (embedder.identity, [newer.identity])
    Archive(path, model=embedder.identity).close()


def test_reembed_through_the_cli_then_stats_names_the_encoder(tmp_path, embedder, capsys):
    path = tmp_path / "a.sqlite"
    (tmp_path / "reviews.json").write_text(json.dumps([review(1), review(2)]), encoding="utf-8")
    import_files(path, embedder, tmp_path / "reviews.json")  # the tiny encoder stands for an earlier factcheck's
    shipped = SentenceEmbedder().identity
    assert main(["archive", "stats", "--archive", str(path)]) == 0
    assert f"sentence encoder: {embedder.identity} (this factcheck's is {shipped}: run factcheck archive reembed)" in capsys.readouterr().out
    assert main(["archive", "reembed", "--archive", str(path)]) == 0
    assert capsys.readouterr().out == f"{path}: 2 claims embedded again with the sentence encoder {shipped} (they were {embedder.identity})\n"
    assert main(["archive", "reembed", "--archive", str(path)]) == 0
    assert "already embedded with this factcheck's sentence encoder" in capsys.readouterr().out
    assert main(["archive", "stats", "--archive", str(path)]) == 0
    assert f"sentence encoder: {shipped} (this factcheck's)\n" in capsys.readouterr().out
    assert main(["archive", "reembed", "--archive", str(tmp_path / "none.sqlite")]) == 2
    assert capsys.readouterr().err.count("\n") == 1 and not (tmp_path / "none.sqlite").exists()
    with Archive(path, create=False) as archive:  # as if a later factcheck had replaced this one's encoder
        archive.reembed(embedder.identity, embedder.embed, back=True)
    assert main(["archive", "reembed", "--archive", str(path)]) == 2
    assert "upgrade factcheck, or pass --back" in capsys.readouterr().err
    assert main(["archive", "reembed", "--archive", str(path), "--back"]) == 0
    assert f"2 claims embedded again with the sentence encoder {shipped}" in capsys.readouterr().out

KILLED_IMPORT = textwrap.dedent(
    """
    import sys
    from factcheck.archive import Archive
    from factcheck.matcher import SentenceEmbedder
    from factcheck.reviews import import_review_files

    encoder, archive, first, second = sys.argv[1:]
    embedder = SentenceEmbedder(encoder)
    with Archive(archive, model=embedder.identity) as opened:
        import_review_files([first], opened, embedder.embed)
        print("first imported", flush=True)
        while True:  # import again and again, until killed at some point of a write
            import_review_files([second], opened, embedder.embed)
            opened.db.execute("DELETE FROM claims WHERE key LIKE 'review:https://big.example/%'")
    """
)


def test_sigkill_during_an_import_leaves_the_archive_whole(tmp_path, tiny_encoder, embedder):
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    first.write_text(json.dumps([review(n) for n in range(50)]), encoding="utf-8")
    second.write_text(
        json.dumps([review(n, url=f"https://big.example/{n}") for n in range(3000)]), encoding="utf-8"
    )
    path = tmp_path / "a.sqlite"
    for delay in (0.3, 1.1):
        process = subprocess.Popen(
            [sys.executable, "-c", KILLED_IMPORT, str(tiny_encoder), str(path), str(first), str(second)],
            stdout=subprocess.PIPE, text=True, cwd=ROOT,
        )
        assert process.stdout.readline().strip() == "first imported"
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        db = sqlite3.connect(path)
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        count = db.execute("SELECT count(*) FROM claims").fetchone()[0]
        vectors = db.execute("SELECT count(*) FROM vectors").fetchone()[0]
        db.close()
        assert count in (50, 3050) and vectors == count
    results, counts = import_files(path, embedder, first, second)
    assert sum(counts.values()) == 3050
    assert results[0].counts.added == 0


def test_default_archive_is_beside_the_worksheets_unless_the_environment_says(tmp_path, monkeypatch):
    monkeypatch.delenv("FACTCHECK_ARCHIVE", raising=False)
    assert default_archive(tmp_path / "sheets") == tmp_path / "sheets" / "factcheck-archive.sqlite"
    monkeypatch.setenv("FACTCHECK_ARCHIVE", str(tmp_path / "desk.sqlite"))
    assert default_archive(tmp_path / "sheets") == tmp_path / "desk.sqlite"


def test_stats_of_a_missing_archive_is_one_line(tmp_path, capsys):
    assert main(["archive", "stats", "--archive", str(tmp_path / "none.sqlite")]) == 2
    assert capsys.readouterr().err.strip() == f"factcheck: error: no archive at {tmp_path / 'none.sqlite'}"


def test_word_totals_for_bm25_follow_adds_changes_and_removals(tmp_path, embedder):
    from factcheck.archive import claim_words
    from factcheck.reviews import worksheet_claims

    rows = [{"claim_id": f"C{n}", "claim": f"the year {n} said the million percent {'x ' * n}", "verdict": "True"} for n in range(5)]
    with Archive(tmp_path / "a.sqlite", model=embedder.identity) as archive:
        workbook = WorkbookIdentity((tmp_path / "w.xlsx").resolve(), "w1")
        archive.store(worksheet_claims(workbook, rows), embedder.embed, replace_workbook=workbook)
        rows[1] = {**rows[1], "claim": "a new text entirely"}
        archive.store(worksheet_claims(workbook, rows[:3]), embedder.embed, replace_workbook=workbook)
        counts = archive.word_counts(["year", "million", "new"])
        texts = [t for (t,) in archive.db.execute("SELECT text FROM claims")]
        assert counts.claims == len(texts) == 3
        assert counts.mean_words == sum(len(claim_words(t)) for t in texts) / 3
        assert dict(counts.claims_with) == {"year": 2, "million": 2, "new": 1}


def test_an_edited_claim_is_recorded_with_the_text_it_was_checked_on_until_rechecked(tmp_path, embedder):
    from factcheck.reviews import worksheet_claims

    checked, edited = "Repairs have cost 212 million krona.", "Repairs have cost 450 million krona."
    row = {"claim_id": "C1", "claim": edited, "previous_text": checked, "change": "edited (re-check)", "verdict": "True"}
    workbook = WorkbookIdentity((tmp_path / "w.xlsx").resolve(), "w1")
    assert [c.text for c in worksheet_claims(workbook, [row])] == [checked]
    assert [c.text for c in worksheet_claims(workbook, [{**row, "previous_text": None}])] == [edited]
    with Archive(tmp_path / "a.sqlite", model=embedder.identity) as archive:
        archive.store(worksheet_claims(workbook, [row]), embedder.embed, replace_workbook=workbook)
        [(before,)] = archive.db.execute("SELECT embedding FROM vectors").fetchall()
        # Re-checked: the same record now holds the current text, and a vector of that text.
        counts = archive.store(worksheet_claims(workbook, [{**row, "change": "unchanged"}]), embedder.embed, replace_workbook=workbook)
        assert (counts.added, counts.updated, counts.removed) == (0, 1, 0)
        assert archive.db.execute("SELECT text FROM claims").fetchall() == [(edited,)]
        [(after,)] = archive.db.execute("SELECT embedding FROM vectors").fetchall()
        assert after == embedder.embed([edited])[0].astype("float16").tobytes() != before


def test_a_total_typed_under_the_claims_is_no_check_and_a_formula_no_verdict(tmp_path):
    """As a re-run reads Claims, formulas and all: a total with =COUNTA(…) under Claim and
    Verdict records nothing (nor does it read as its values, a count being no verdict), nor a
    claim whose verdict a formula works out (its text is no verdict); a claim a reviewer typed
    with their verdict is recorded."""
    from factcheck.reviews import worksheet_claims

    rows = [
        {"claim_id": None, "claim": '=COUNTA(D2:D8)&" claims"', "status": "Verdicts given", "verdict": "=COUNTA(N2:N8)"},
        {"claim_id": None, "claim": "7 claims", "status": "Verdicts given", "verdict": 2},  # the same, read as its values
        {"claim_id": "C52ec2b7439", "claim": "Repairs have cost 212 million krona.", "verdict": '=IF(Calls!B2="yes","True","False")'},
        {"claim_id": None, "claim": "The mayor owns the ferry company.", "verdict": "False"},
    ]
    workbook = WorkbookIdentity((tmp_path / "w.xlsx").resolve(), "w1")
    assert [(c.text, c.verdict) for c in worksheet_claims(workbook, rows)] == [("The mayor owns the ferry company.", "False")]


def test_two_runs_making_the_same_new_archive_at_once_both_succeed(tmp_path, tiny_encoder):
    path = tmp_path / "new.sqlite"
    script = textwrap.dedent(
        """
        import sys
        from factcheck.archive import Archive, ArchivedClaim
        from factcheck.matcher import SentenceEmbedder
        embedder = SentenceEmbedder(sys.argv[1])
        with Archive(sys.argv[2], model=embedder.identity) as archive:
            archive.store([ArchivedClaim(f"review:x#{sys.argv[3]}", "the year " + sys.argv[3])], embedder.embed)
        """
    )
    runs = [
        subprocess.Popen([sys.executable, "-c", script, str(tiny_encoder), str(path), str(n)], cwd=ROOT, stderr=subprocess.PIPE, text=True)
        for n in range(3)
    ]
    assert [run.wait() for run in runs] == [0, 0, 0], [run.stderr.read() for run in runs]
    with Archive(path, create=False) as archive:
        assert len(archive) == 3


def test_six_runs_opening_one_new_archive_at_once_all_succeed_round_after_round(tmp_path):
    # Before the file's state was read in one snapshot, about a third of such rounds refused
    # a half-made archive as another program's database.
    script = "import sys\nfrom factcheck.archive import Archive\nwith Archive(sys.argv[1], model='m') as archive:\n    pass\n"
    for round_number in range(12):
        path = tmp_path / f"new{round_number}.sqlite"
        runs = [subprocess.Popen([sys.executable, "-c", script, str(path)], cwd=ROOT, stderr=subprocess.PIPE, text=True) for _ in range(6)]
        assert [run.wait() for run in runs] == [0] * 6, [run.stderr.read() for run in runs]
        with Archive(path, create=False, model="m") as archive:
            assert len(archive) == 0


def test_a_new_archive_another_run_holds_a_write_lock_on_waits_for_it_instead_of_failing(tmp_path):
    # SQLite answers "busy" at once, not after its timeout, when the switch to WAL meets
    # another writer's lock: CI saw one run in 72 refuse a new archive so.
    path = tmp_path / "new.sqlite"
    other_run = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other_run.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.5, other_run.execute, ("COMMIT",))
    release.start()
    with Archive(path, model="m") as archive:
        assert len(archive) == 0
    release.join()
    other_run.close()


def test_the_environment_variable_names_the_archive_for_the_commands(tmp_path, monkeypatch, capsys):
    path = tmp_path / "desk" / "archive.sqlite"
    monkeypatch.setenv("FACTCHECK_ARCHIVE", str(path))
    monkeypatch.chdir(tmp_path)
    assert main(["archive", "stats"]) == 2
    assert str(path) in capsys.readouterr().err
    reviews = tmp_path / "r.json"
    reviews.write_text(json.dumps([review(1), review(2, rating=None)]), encoding="utf-8")
    # Its folder must exist: a mistyped path does not start a second archive.
    assert main(["archive", "import", str(reviews)]) == 2
    assert "does not exist" in capsys.readouterr().err and not path.parent.exists()
    path.parent.mkdir()
    assert main(["archive", "import", str(reviews)]) == 0
    assert path.is_file() and not (tmp_path / "sheets").exists()
    assert main(["archive", "stats"]) == 0
    out = capsys.readouterr().out
    assert f"{path}: 2 claims" in out and "Example Checks: 2" in out and "(no rating)" in out
    # --archive wins over the variable
    assert main(["archive", "stats", "--archive", str(tmp_path / "other.sqlite")]) == 2


def test_a_locked_archive_stops_an_import_with_one_line(tmp_path, monkeypatch, capsys):
    path = tmp_path / "a.sqlite"
    reviews = tmp_path / "r.json"
    reviews.write_text(json.dumps([review(1)]), encoding="utf-8")
    assert main(["archive", "import", str(reviews), "--archive", str(path)]) == 0
    reviews.write_text(json.dumps([review(1, "True")]), encoding="utf-8")
    monkeypatch.setattr(archive_module, "BUSY_SECONDS", 0.5)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        capsys.readouterr()
        assert main(["archive", "import", str(reviews), "--archive", str(path)]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and "stayed locked by another run" in err[0]
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with Archive(path, create=False) as archive:
        assert archive.counts() == {("Example Checks", "False"): 1}


def test_a_worksheet_replaces_only_its_own_verdicts_by_id_or_by_path_without_one(tmp_path, embedder):
    from factcheck.reviews import worksheet_claims

    rows = [{"claim_id": f"C{n}", "claim": f"the year {n} said the million percent", "verdict": "True"} for n in range(3)]
    place = (tmp_path / "a.xlsx").resolve()
    moved_away = WorkbookIdentity(place, "x")  # recorded here, then moved away and not yet run in its new place
    newcomer = WorkbookIdentity(place, "y")  # a new worksheet written at the same path since
    legacy = WorkbookIdentity((tmp_path / "old.xlsx").resolve())  # recorded before worksheets had IDs
    with Archive(tmp_path / "a.sqlite", model=embedder.identity) as archive:
        archive.store(worksheet_claims(moved_away, rows), embedder.embed, replace_workbook=moved_away)
        archive.store(worksheet_claims(legacy, rows[:1]), embedder.embed, replace_workbook=legacy)
        assert archive.store(worksheet_claims(newcomer, rows[1:]), embedder.embed, replace_workbook=newcomer).removed == 0
        assert archive.store([], embedder.embed, replace_workbook=legacy).removed == 1
        kept = archive.db.execute("SELECT workbook_id, count(*) FROM claims GROUP BY workbook_id ORDER BY workbook_id").fetchall()
        assert kept == [("x", 3), ("y", 2)]
        searched = {i for ids, _ in archive.vector_blocks(exclude_workbook=newcomer) for i in ids.tolist()}
        assert searched == {i for (i,) in archive.db.execute("SELECT id FROM claims WHERE workbook_id = 'x'")}


def test_a_row_added_by_hand_is_recorded_under_the_id_the_tool_gives_its_text(tmp_path):
    from factcheck.claims import claim_ids
    from factcheck.reviews import worksheet_claims

    text = "The harbour bridge carried 160,000 vehicles a day in 2023."
    [tool_id] = claim_ids([text])
    workbook = WorkbookIdentity((tmp_path / "w.xlsx").resolve(), "w1")
    rows = [
        {"claim_id": tool_id, "claim": text, "verdict": "True"},  # the tool's row of the same sentence
        {"claim_id": None, "claim": f"  {text.replace('a day', 'a  day')}", "verdict": "False"},  # typed by hand
        {"claim_id": "", "claim": "Typed, not checked yet.", "verdict": None},
        {"claim_id": None, "claim": None, "verdict": "True"},
    ]
    assert [(c.claim_id, c.key, c.verdict) for c in worksheet_claims(workbook, rows)] == [
        (tool_id, f"workbook:w1#{tool_id}", "True"),
        (f"{tool_id}-2", f"workbook:w1#{tool_id}-2", "False"),  # a repeat, numbered as the tool numbers one
    ]
    [hand] = worksheet_claims(workbook, rows[1:])
    assert hand.claim_id == tool_id


def test_a_row_pasted_with_its_whole_check_is_recorded_once(tmp_path):
    """A reviewer copies a checked claim's row and pastes it under the table (merge keeps the
    copy with no claim ID). The copy records nothing new; a copy given its own sources does."""
    from factcheck.claims import claim_ids
    from factcheck.reviews import worksheet_claims

    text = "Repairs since 2019 have cost the council 310 million krona."
    [tool_id] = claim_ids([text])
    workbook = WorkbookIdentity((tmp_path / "w.xlsx").resolve(), "w1")
    checked = {"claim": text, "verdict": "Mostly true", "sources": "https://example.org/audit", "notes": "Audit p. 4", "reviewer": "Ana"}
    pasted = {**checked, "claim_id": None, "change": "added by reviewer"}
    rows = [pasted, {**checked, "claim_id": tool_id}, pasted]
    assert [c.claim_id for c in worksheet_claims(workbook, rows)] == [tool_id]
    rows.append({**pasted, "sources": "https://example.org/council-minutes"})
    assert [c.claim_id for c in worksheet_claims(workbook, rows)] == [tool_id, f"{tool_id}-2"]


def test_a_worksheet_and_its_copies_are_never_searched_for_one_another(tmp_path, embedder):
    from factcheck.reviews import worksheet_claims

    rows = [{"claim_id": f"C{n}", "claim": f"the year {n} said the million percent", "verdict": "True"} for n in range(3)]
    original = WorkbookIdentity((tmp_path / "a.xlsx").resolve(), "x")
    copy = original.as_copy()
    other = WorkbookIdentity((tmp_path / "b.xlsx").resolve(), "xy")  # another ID that only starts alike
    assert copy.workbook_id.startswith("x.") and copy.family == original.family == "x" and copy.as_copy().family == "x"
    with Archive(tmp_path / "a.sqlite", model=embedder.identity) as archive:
        for workbook in (original, copy, other):
            archive.store(worksheet_claims(workbook, rows), embedder.embed, replace_workbook=workbook)
        # Each replaces only its own verdicts ...
        assert archive.store(worksheet_claims(copy, rows[:1]), embedder.embed, replace_workbook=copy).removed == 2
        kept = archive.db.execute("SELECT workbook_id, count(*) FROM claims GROUP BY workbook_id ORDER BY workbook_id").fetchall()
        assert kept == [("x", 3), (copy.workbook_id, 1), ("xy", 3)]
        # ... and none is searched for another of its family.
        others = {i for (i,) in archive.db.execute("SELECT id FROM claims WHERE workbook_id = 'xy'")}
        for workbook in (original, copy, WorkbookIdentity(copy.path, "x.another")):
            assert {i for ids, _ in archive.vector_blocks(exclude_workbook=workbook) for i in ids.tolist()} == others
