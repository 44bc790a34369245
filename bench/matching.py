"""Dev MAP@5 of `factcheck match` on CheckThat! 2022 task 2, beside BM25 and plain MiniLM cosine.

Both fact-check collections go into one archive (as a desk's would hold them); the dev queries
of each subtask (2a tweets → Snopes, 2b debate sentences → PolitiFact) are matched with the
real CLI (`factcheck match --top 5`), and the same archive's texts and vectors give the two
baselines computed here: BM25 (k1 1.2, b 0.75, the same stop words) and all-MiniLM-L6-v2
mean-pooled cosine alone. ``--split train`` measures the training queries (what the lexical
weight was chosen on).

    .venv/bin/python bench/matching.py [--archive A.sqlite] [--split dev]

Without ``--archive`` a fresh archive is built in a temporary folder (several minutes: it
embeds 33,481 fact-checks) and the import rate is printed.
"""

from __future__ import annotations

import argparse
import collections
import csv
import json
import math
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "claim-matching"
COLLECTIONS = ("snopes.claimreview.json", "politifact.claimreview.json")
SUBTASKS = ("2a-snopes", "2b-politifact")
FACTCHECK = [sys.executable, "-m", "factcheck"]
K = 5


def average_precision_at_k(ranked: list[str], gold: set[str], k: int = K) -> float:
    hits, total = 0, 0.0
    for position, identifier in enumerate(ranked[:k], start=1):
        if identifier in gold:
            hits += 1
            total += hits / position
    return total / min(len(gold), k)


def mean_ap(rankings: list[list[str]], golds: list[set[str]]) -> float:
    return sum(average_precision_at_k(r, g) for r, g in zip(rankings, golds)) / len(golds)


def matched(texts: list[str], archive: Path, work: Path, name: str) -> list[list[dict[str, str]]]:
    """Each text's top K matches, the rows `factcheck match` writes for it (figures_differ included)."""
    queries, out = work / f"{name}.jsonl", work / f"{name}.csv"
    queries.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), encoding="utf-8")
    command = [*FACTCHECK, "match", str(queries), "--top", str(K), "-o", str(out), "--archive", str(archive)]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    found: list[list[dict[str, str]]] = []
    with out.open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):  # rows in query order, rank restarting at 1 for each query
            if row["rank"] == "1":
                found.append([])
            found[-1].append(row)
    return found


def fact_check_identifiers() -> dict[str, str]:
    """The CheckThat! identifier of each fact-check, by the URL the archive records it under."""
    return {r["url"]: r["identifier"] for c in COLLECTIONS for r in json.loads((DATA / c).read_text(encoding="utf-8"))}


def archived(archive: Path, identifier_of: dict[str, str]) -> tuple[list[str], list[str], np.ndarray]:
    """The archive's fact-checks in row order: their identifiers (``identifier_of`` by URL),
    texts, and unit vectors (float32)."""
    db = sqlite3.connect(archive)
    rows = db.execute("SELECT claims.id, url, text, embedding FROM claims JOIN vectors USING (id) ORDER BY claims.id").fetchall()
    db.close()
    vectors = np.frombuffer(b"".join(r[3] for r in rows), dtype=np.float16).reshape(len(rows), -1).astype(np.float32)
    return [identifier_of.get(r[1], r[1]) for r in rows], [r[2] for r in rows], vectors


class BM25:
    """Plain Okapi BM25 over the archive's claim texts (the lexical baseline)."""

    def __init__(self, texts: list[str], k1: float = 1.2, b: float = 0.75):
        self.k1, self.b = k1, b
        docs = [self.words(t) for t in texts]
        self.count = len(docs)
        self.lengths = np.array([len(d) for d in docs], dtype=np.float32)
        self.average = float(self.lengths.mean())
        self.postings: dict[str, list[tuple[int, int]]] = collections.defaultdict(list)
        for i, doc in enumerate(docs):
            for word, n in collections.Counter(doc).items():
                self.postings[word].append((i, n))

    def words(self, text: str) -> list[str]:
        from factcheck.archive import claim_words

        return claim_words(text)

    def scores(self, query: str) -> np.ndarray:
        out = np.zeros(self.count, dtype=np.float32)
        for word in set(self.words(query)):
            postings = self.postings.get(word, [])
            idf = math.log(1 + (self.count - len(postings) + 0.5) / (len(postings) + 0.5))
            for i, n in postings:
                out[i] += idf * n * (self.k1 + 1) / (n + self.k1 * (1 - self.b + self.b * self.lengths[i] / self.average))
        return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", type=Path, help="an archive already holding both collections")
    parser.add_argument("--split", default="dev", choices=("dev", "train"))
    args = parser.parse_args()
    if not DATA.is_dir():
        sys.exit(f"no data at {DATA}")
    work = Path(tempfile.mkdtemp(prefix="factcheck-matching-"))
    archive = args.archive
    if archive is None:
        archive = work / "archive.sqlite"
        started = time.perf_counter()
        subprocess.run([*FACTCHECK, "archive", "import", "--archive", str(archive), *(str(DATA / c) for c in COLLECTIONS)], check=True)
        elapsed = time.perf_counter() - started
        print(f"imported 33,481 fact-checks in {elapsed:.0f} s ({33481 / elapsed:.0f} reviews/s, CLI start included)")

    identifier_of = fact_check_identifiers()
    urls, texts, vectors = archived(archive, identifier_of)
    bm25 = BM25(texts)

    from factcheck.matcher import SentenceEmbedder

    embedder = SentenceEmbedder()
    print(f"\n{args.split} MAP@{K}, both collections in one archive ({len(urls):,} fact-checks)\n")
    print("| queries | n | BM25 | MiniLM cosine | factcheck match (hybrid) | match time |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    firsts: list[tuple[float, bool]] = []
    for subtask in SUBTASKS:
        queries = json.loads((DATA / f"{subtask}-{args.split}.json").read_text(encoding="utf-8"))
        golds = [set(q["matches"]) for q in queries]
        texts = [q["text"] for q in queries]
        started = time.perf_counter()
        found = matched(texts, archive, work, subtask)
        match_seconds = time.perf_counter() - started
        by_query = [[identifier_of.get(row["url"], row["url"]) for row in rows] for rows in found]
        ours = mean_ap(by_query, golds)
        lexical = mean_ap([[urls[i] for i in np.argsort(-bm25.scores(t))[:K]] for t in texts], golds)
        dense_scores = embedder.embed(texts) @ vectors.T
        dense = mean_ap([[urls[i] for i in np.argsort(-s)[:K]] for s in dense_scores], golds)
        print(f"| {subtask} | {len(texts)} | {lexical:.4f} | {dense:.4f} | {ours:.4f} | {match_seconds:.1f} s |")
        firsts.extend(
            (float(rows[0]["similarity"]), identifier_of.get(rows[0]["url"], rows[0]["url"]) in gold)
            for rows, gold in zip(found, golds)
        )
    # The "Checked before" threshold: how often the best match shown is a right earlier check.
    print(f"\nbest match's cosine ≥ t, over both subtasks' {args.split} queries (all have an earlier check):\n")
    print("| t | shown | right when shown (precision) | right and shown (recall) |")
    print("| ---: | ---: | ---: | ---: |")
    for t in (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8):
        shown = [right for similarity, right in firsts if similarity >= t]
        precision = sum(shown) / len(shown) if shown else 0.0
        print(f"| {t:.2f} | {len(shown)} | {precision:.3f} | {sum(shown) / len(firsts):.3f} |")


if __name__ == "__main__":
    main()
