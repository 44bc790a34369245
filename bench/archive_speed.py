"""Speed and memory of the desk's archive, each against a baseline measured in the same run.

1. Import rate: ClaimReview imported into a fresh archive (reading, embedding with the shipped
   matcher, writing), and the same archive embedded again (`archive reembed`), against scoring
   the same texts with the shipped classifier.
2. `factcheck check` on the seed article with a 100,000-claim archive against with none (the
   CLI, a fresh process each run, runs alternated, median of 3).
3. Peak memory (max RSS) of `factcheck match` on the seed's sentences against 1,000,000
   archived claims, against 100,000 and against a one-claim archive.
4. `archive reembed`: peak memory with a stand-in encoder (random vectors) on the archives of
   part 3, against the one-claim archive (the vectors wait in SQLite's temporary storage, not
   in memory, so it should not grow with the archive); then the real command on both
   collections against importing them (both embed every text).

The big archives hold the real texts of both CheckThat! collections, repeated, with random unit
vectors in place of embeddings: embedding a million texts would take hours on two cores, and
what is measured (reading, ranking, the full-text index) does not depend on the values.

    .venv/bin/python bench/archive_speed.py [--work DIR] [--skip-million] [--skip-reembed]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "claim-matching"
SEED = ROOT.parent / "shared" / "seed" / "article.txt"
FACTCHECK = [sys.executable, "-m", "factcheck"]
IMPORTED = 2000


def reviews() -> list[dict]:
    return [r for name in ("politifact", "snopes") for r in json.loads((DATA / f"{name}.claimreview.json").read_text(encoding="utf-8"))]


def import_rate(work: Path, items: list[dict]) -> None:
    from factcheck.archive import Archive
    from factcheck.matcher import SentenceEmbedder
    from factcheck.reviews import import_review_files
    from factcheck.scorer import ClaimScorer

    sample = items[:IMPORTED]
    file = work / "sample.json"
    file.write_text(json.dumps(sample), encoding="utf-8")
    texts = [r["claimReviewed"] for r in sample]
    embedder, scorer = SentenceEmbedder(), ClaimScorer()
    embedder.load()
    scorer.load()
    started = time.perf_counter()
    scorer.score(texts)
    scoring = time.perf_counter() - started
    for leftover in work.glob("import.sqlite*"):
        leftover.unlink()
    started = time.perf_counter()
    with Archive(work / "import.sqlite", model=embedder.identity) as archive:
        [result] = import_review_files([file], archive, embedder.embed)
    importing = time.perf_counter() - started
    assert result.counts.added == IMPORTED
    started = time.perf_counter()
    with Archive(work / "import.sqlite", create=False) as archive:
        assert archive.reembed(embedder.identity, embedder.embed) == IMPORTED
    reembedding = time.perf_counter() - started
    print(f"\n## Import rate ({IMPORTED:,} PolitiFact reviews, models loaded beforehand)\n")
    print("| | seconds | texts/s | ratio |")
    print("| --- | ---: | ---: | ---: |")
    print(f"| classifier scoring the same texts ({scorer.precision}) | {scoring:.1f} | {IMPORTED / scoring:.0f} | 1.00 |")
    print(f"| archive import (read, embed in fp32, write) | {importing:.1f} | {IMPORTED / importing:.0f} | {importing / scoring:.2f} |")
    print(f"| archive reembed (embed again in fp32, write) | {reembedding:.1f} | {IMPORTED / reembedding:.0f} | {reembedding / scoring:.2f} |")


RANDOM = np.random.default_rng(0)


def random_vectors(texts: list[str]) -> np.ndarray:
    """Unit vectors of the matcher's size, one per text, in place of embeddings."""
    vectors = RANDOM.normal(size=(len(texts), 384)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


# Embeds the archive at argv[1] again with random vectors: what reembed costs apart from the encoder.
STAND_IN_REEMBED = """
import sys
sys.path.insert(0, "bench")
from archive_speed import random_vectors
from factcheck.archive import Archive
with Archive(sys.argv[1], create=False) as archive:
    archive.reembed("bench:stand-in", random_vectors)
"""


def build_archive(path: Path, items: list[dict], size: int) -> float:
    """An archive of ``size`` claims: the collections' texts, repeated, with random unit vectors."""
    from factcheck.archive import Archive, ArchivedClaim, review_key
    from factcheck.matcher import SentenceEmbedder

    started = time.perf_counter()
    with Archive(path, model=SentenceEmbedder().identity) as archive:
        for start in range(0, size, 100_000):
            claims = []
            for n in range(start, min(size, start + 100_000)):
                item = items[n % len(items)]
                url = f"{item['url']}?copy={n // len(items)}"
                claims.append(ArchivedClaim(review_key(url, item["claimReviewed"]), item["claimReviewed"], "false", url=url, source="bench"))
            archive.store(claims, random_vectors)
    return time.perf_counter() - started


# Waits for a command and prints its peak RSS. Linux gives a forked child the parent's RSS
# high-water mark, so the bench, holding two models, measures through this small process.
MEASURE = """
import os, subprocess, sys
process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
_, status, usage = os.wait4(process.pid, 0)
print(usage.ru_maxrss if status == 0 else -1, process.stderr.read().decode()[-2000:], sep="\\n")
"""


def run(command: list[str]) -> tuple[float, int]:
    """Seconds and peak RSS (bytes) of a command in a fresh process."""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, cwd=ROOT)
    elapsed = time.perf_counter() - started
    rss, _, errors = result.stdout.partition("\n")
    if int(rss) < 0:
        raise SystemExit(f"{command} failed: {errors}")
    return elapsed, int(rss) * 1024


def check_with_archive(work: Path, archive: Path) -> None:
    none = work / "no-archive.sqlite"
    times: dict[str, list[float]] = {"none": [], "100k": []}
    for round_ in range(3):
        for label, path in (("none", none), ("100k", archive)):
            output = work / f"seed-{label}-{round_}.xlsx"
            seconds, _ = run([*FACTCHECK, "check", str(SEED), "-o", str(output), "--archive", str(path)])
            times[label].append(seconds)
    assert not none.exists()
    base, big = statistics.median(times["none"]), statistics.median(times["100k"])
    print("\n## `factcheck check` on the seed article (CLI, fresh process, median of 3)\n")
    print("| archive | seconds | ratio |")
    print("| --- | ---: | ---: |")
    print(f"| none | {base:.2f} | 1.00 |")
    print(f"| 100,000 claims | {big:.2f} | {big / base:.2f} |")


def match_memory(work: Path, archives: dict[str, Path]) -> None:
    from factcheck.document import read_document
    from factcheck.segment import split_sentences

    sentences = work / "seed-sentences.txt"
    pieces = split_sentences(read_document(SEED).text)
    sentences.write_text("\n".join(p.plain_text for p in pieces if p.kind == "sentence") + "\n", encoding="utf-8")
    count = sum(1 for p in pieces if p.kind == "sentence")
    print(f"\n## `factcheck match` of the seed's {count} sentences: peak memory\n")
    print("| archive | file | seconds | max RSS | ratio |")
    print("| --- | ---: | ---: | ---: | ---: |")
    base = None
    for label, path in archives.items():
        seconds, rss = run([*FACTCHECK, "match", str(sentences), "--archive", str(path), "-o", str(work / "m.csv")])
        base = base or rss
        print(f"| {label} | {path.stat().st_size / 2**20:,.0f} MiB | {seconds:.1f} | {rss / 2**20:,.0f} MiB | {rss / base:.2f} |")


def reembed_memory(work: Path, archives: dict[str, Path]) -> None:
    """`archive reembed`: its own memory, with a stand-in encoder, on archives of each size;
    then the real command against importing the same claims, both embedding every text."""
    print("\n## `archive reembed`: the archive's part (a stand-in encoder giving random vectors)\n")
    print("| archive | seconds | max RSS | ratio |")
    print("| --- | ---: | ---: | ---: |")
    copy, base = work / "reembed-copy.sqlite", None
    for label, path in archives.items():
        shutil.copyfile(path, copy)
        seconds, rss = run([sys.executable, "-c", STAND_IN_REEMBED, str(copy)])
        base = base or rss
        print(f"| {label} | {seconds:.1f} | {rss / 2**20:,.0f} MiB | {rss / base:.2f} |")
    copy.unlink()
    fresh = work / "collections.sqlite"
    for leftover in work.glob(f"{fresh.name}*"):
        leftover.unlink()
    files = [str(DATA / f"{name}.claimreview.json") for name in ("politifact", "snopes")]
    importing, import_rss = run([*FACTCHECK, "archive", "import", "--archive", str(fresh), *files])
    with sqlite3.connect(fresh) as db:
        count = db.execute("SELECT count(*) FROM claims").fetchone()[0]
        db.execute("UPDATE settings SET value = 'bench:earlier' WHERE name = 'model'")
    reembedding, reembed_rss = run([*FACTCHECK, "archive", "reembed", "--archive", str(fresh)])
    print(f"\n## `archive reembed` of both collections ({count:,} claims, CLI) against importing them\n")
    print("| | seconds | claims/s | max RSS | ratio (time, memory) |")
    print("| --- | ---: | ---: | ---: | ---: |")
    print(f"| archive import | {importing:.0f} | {count / importing:.0f} | {import_rss / 2**20:,.0f} MiB | 1.00, 1.00 |")
    print(
        f"| archive reembed | {reembedding:.0f} | {count / reembedding:.0f} | {reembed_rss / 2**20:,.0f} MiB | "
        f"{reembedding / importing:.2f}, {reembed_rss / import_rss:.2f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, help="where to keep the built archives (reused when present)")
    parser.add_argument("--skip-million", action="store_true")
    parser.add_argument("--skip-reembed", action="store_true", help="leave out part 4 (both collections embedded twice, about 3 minutes)")
    args = parser.parse_args()
    if not DATA.is_dir() or not SEED.is_file():
        sys.exit(f"needs {DATA} and {SEED}")
    work = args.work or Path(tempfile.mkdtemp(prefix="factcheck-archive-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    items = reviews()
    import_rate(work, items)
    sizes = {"1 claim": 1, "100,000 claims": 100_000, **({} if args.skip_million else {"1,000,000 claims": 1_000_000})}
    archives = {}
    for label, size in sizes.items():
        path = work / f"archive-{size}.sqlite"
        if not path.exists():
            seconds = build_archive(path, items, size)
            print(f"\n(built the {label} archive in {seconds:.0f} s)")
        archives[label] = path
    check_with_archive(work, archives["100,000 claims"])
    match_memory(work, archives)
    if not args.skip_reembed:
        reembed_memory(work, archives)


if __name__ == "__main__":
    main()
