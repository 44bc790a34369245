"""bench/real_copy.json, the team's labels for sentences of published news pages: split by page,
labelled by data/news's rules, and matched back to texts by hash whatever their spacing."""

import importlib.util
import json

import pytest

from .conftest import ROOT

spec = importlib.util.spec_from_file_location("real_copy", ROOT / "bench" / "real_copy.py")
real_copy = importlib.util.module_from_spec(spec)
spec.loader.exec_module(real_copy)

RULES = json.loads((ROOT / "data" / "news" / "test.json").read_text(encoding="utf-8"))["format"]
ENTRIES = json.loads(real_copy.MANIFEST.read_text(encoding="utf-8"))["sentences"]


def test_every_page_lies_wholly_in_the_split_its_address_hashes_to():
    pages = {}
    for entry in ENTRIES:
        assert entry["split"] == real_copy.page_split(entry["url"])
        pages.setdefault(entry["url"], set()).add(entry["split"])
    assert all(len(splits) == 1 for splits in pages.values())
    for split in ("validation", "test"):
        labels = {e["label"] for e in ENTRIES if e["split"] == split}
        assert labels == {0, 1}, f"{split} needs both labels"


def test_labels_follow_the_news_rules():
    assert len({e["sha256"] for e in ENTRIES}) == len(ENTRIES)
    for entry in ENTRIES:
        assert entry["label"] in (0, 1)
        assert entry["style"] in RULES["styles"]
        meaning = RULES["categories"][entry["category"]]
        # "prediction" is the one kind that is 1 only with a fact beside the forecast.
        if entry["category"] != "prediction":
            assert meaning.startswith(f"{entry['label']}:"), entry


def test_texts_are_matched_by_hash_whatever_their_spacing_and_missing_ones_are_counted(tmp_path, monkeypatch, capsys):
    labelled = tmp_path / "labelled.json"
    records = [
        {"text": "Turnout was 68 percent.", "label": 1, "category": "statistic", "style": "elections", "url": "https://example.org/a"},
        {"text": "The mood was tense.", "label": 0, "category": "vague", "style": "elections", "url": "https://example.org/a"},
        {"text": "The dam burst on Tuesday.", "label": 1, "category": "date/event", "style": "wire", "url": "https://example.org/b"},
    ]
    labelled.write_text(json.dumps({"sentences": records}))
    monkeypatch.setattr(real_copy, "MANIFEST", tmp_path / "real_copy.json")
    real_copy.write_manifest([labelled])

    splits = real_copy.matched(["Turnout  was 68\npercent.", {"text": "The dam burst on Tuesday."}, "Not labelled at all."])

    assert "1 of 3 labelled sentences have no text" in capsys.readouterr().out
    found = {r["text"]: (r["label"], split) for split, rows in splits.items() for r in rows}
    assert found == {
        "Turnout  was 68\npercent.": (1, real_copy.page_split("https://example.org/a")),
        "The dam burst on Tuesday.": (1, real_copy.page_split("https://example.org/b")),
    }


def test_a_labelled_file_with_a_sentence_twice_is_refused(tmp_path, monkeypatch):
    labelled = tmp_path / "labelled.json"
    record = {"text": "Turnout was 68 percent.", "label": 1, "category": "statistic", "style": "elections", "url": "https://example.org/a"}
    labelled.write_text(json.dumps({"sentences": [record, record | {"text": "Turnout was  68 percent."}]}))
    monkeypatch.setattr(real_copy, "MANIFEST", tmp_path / "real_copy.json")
    with pytest.raises(SystemExit, match="appears twice"):
        real_copy.write_manifest([labelled])
    assert not (tmp_path / "real_copy.json").exists()


def test_each_labelled_file_is_a_collection_and_no_page_may_be_in_two(tmp_path, monkeypatch):
    monkeypatch.setattr(real_copy, "MANIFEST", tmp_path / "real_copy.json")
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    record = {"label": 1, "category": "statistic", "style": "elections"}
    first.write_text(json.dumps({"sentences": [record | {"text": "Turnout was 68 percent.", "url": "https://example.org/a"}]}))
    second.write_text(json.dumps({"sentences": [record | {"text": "Turnout was 71 percent.", "url": "https://example.org/b"}]}))

    entries = real_copy.write_manifest([first, second])

    assert [(e["url"], e["collection"]) for e in entries] == [("https://example.org/a", 1), ("https://example.org/b", 2)]
    assert json.loads(real_copy.MANIFEST.read_text())["sentences"] == entries
    second.write_text(json.dumps({"sentences": [record | {"text": "Turnout was 71 percent.", "url": "https://example.org/a"}]}))
    real_copy.MANIFEST.unlink()
    with pytest.raises(SystemExit, match="https://example.org/a: a page is in two collections"):
        real_copy.write_manifest([first, second])
    assert not real_copy.MANIFEST.exists()


def test_the_manifest_numbers_its_collections_from_one_and_keeps_each_page_in_one():
    numbers = {e["collection"] for e in ENTRIES}
    assert numbers == set(range(1, len(numbers) + 1))
    pages = {}
    for entry in ENTRIES:
        pages.setdefault(entry["url"], set()).add(entry["collection"])
    assert all(len(collections) == 1 for collections in pages.values())


def test_texts_finds_the_labelled_sentences_in_saved_pages_as_the_corpus_returns_them(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(real_copy, "MANIFEST", tmp_path / "real_copy.json")
    labelled = tmp_path / "labelled.json"
    record = {"label": 1, "category": "statistic", "style": "elections"}
    wanted = [
        "Turnout was 68 percent.",  # after a dateline, across a line break
        "The count ended at 4 a.m. on Monday.",  # run on to the last sentence, no space
        "“It was close,” the returning officer said.",
        '"Elections come and go.',  # a quote run on to the last sentence, closed later
        "Nobody saved this one.",
    ]
    labelled.write_text(json.dumps({"sentences": [record | {"text": t, "url": f"https://example.org/{i}"} for i, t in enumerate(wanted)]}))
    real_copy.write_manifest([labelled])
    page = tmp_path / "page.txt"
    page.write_text(
        "NAIROBI (AP) — Turnout was 68\npercent.The count ended at 4 a.m. on Monday. “It was close,” the returning "
        'officer said.\nShe smiled."Elections come and go." Read more\n',
        encoding="utf-8",
    )
    out = tmp_path / "texts.json"
    monkeypatch.setattr("sys.argv", ["real_copy.py", "texts", str(page), "--out", str(out)])

    real_copy.main()

    assert json.loads(out.read_text(encoding="utf-8")) == wanted[:4]
    printed = capsys.readouterr().out
    found = {split: sum(real_copy.page_split(f"https://example.org/{i}") == split for i in range(4)) for split in ("validation", "test")}
    for split, count in found.items():
        labelled_here = sum(real_copy.page_split(f"https://example.org/{i}") == split for i in range(5))
        assert f"{split}: {count} of {labelled_here} labelled sentences found" in printed
