"""How "Checked before" reads claims never checked, and what "Figures differ" says of a match.

Runs the real CLI (`factcheck match --top 5`) against an archive holding PolitiFact's and
Snopes' fact-checks (as `bench/matching.py` builds it) on two kinds of query:

- the claims (label 1) of the team's news sets, `data/news/*.json`: written from general
  knowledge with invented names and figures, so no fact-check in the archive is of them, and
  every best match that clears a threshold is a pointer to some other claim;
- the CheckThat! 2022 task 2 queries (train and dev), each with its right earlier checks:
  how often the best match shown names other figures, when it is right and when it is wrong,
  and MAP@5 if matches that agree on figures were ranked first;
- the news sentences that say which way an amount moved, stated the other way ("rose" for
  "fell"), matched against a copy of the archive holding them as written: how often the
  sentence as written is the best match shown, and how often "Figures differ" says so.

    .venv/bin/python bench/figures_differ.py --archive A.sqlite
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from matching import DATA, FACTCHECK, K, SUBTASKS, fact_check_identifiers, matched, mean_ap

ROOT = Path(__file__).resolve().parents[1]
NEWS = ROOT / "data" / "news"
THRESHOLDS = (0.6, 0.65, 0.7, 0.75)
SHIPPED_THRESHOLD = 0.65
# Each word and the word that states the other way, both ways; a word "Figures differ" does not
# read as a direction ("a fall in") is flipped too, so its misses are counted.
_PAIRS = (
    "rose/fell", "risen/fallen", "rising/falling", "rises/falls", "rise/fall", "increased/decreased", "increase/decrease",
    "increases/decreases", "increasing/decreasing", "grew/shrank", "growing/shrinking", "climbed/dropped",
    "soared/plunged", "jumped/slumped", "raised/cut", "up from/down from",
)
FLIPS = {a: b for pair in _PAIRS for a, b in (pair.split("/"), pair.split("/")[::-1])}
FLIPPABLE = re.compile(rf"\b(?:{'|'.join(FLIPS)})\b")


def news_sentences(label: int = 1) -> list[str]:
    """Every sentence of the team's news sets with ``label`` (1: check-worthy), in file order."""
    texts = []
    for path in sorted(NEWS.glob("*.json")):
        texts += [s["text"] for s in json.loads(path.read_text(encoding="utf-8")).get("sentences", []) if s.get("label") == label]
    return texts


def desk_archive(archive: Path, work: Path, texts: list[str], name: str) -> Path:
    """A copy of ``archive`` that also holds ``texts`` as a desk's earlier checks, each rated
    "True" at ``desk_address(i)``."""
    desk = work / f"{name}.sqlite"
    shutil.copyfile(archive, desk)
    reviews = [
        {"@type": "ClaimReview", "url": desk_address(i), "claimReviewed": t, "reviewRating": {"alternateName": "True"}}
        for i, t in enumerate(texts)
    ]
    (work / f"{name}.json").write_text(json.dumps(reviews), encoding="utf-8")
    subprocess.run([*FACTCHECK, "archive", "import", "--archive", str(desk), str(work / f"{name}.json")], check=True, stdout=subprocess.DEVNULL)
    return desk


def desk_address(i: int) -> str:
    return f"https://desk.example/{i}"


def stated_the_other_way(archive: Path, work: Path, label: int) -> None:
    """Print how the news sentences with ``label`` that say which way an amount moved read when
    stated the other way, against a copy of ``archive`` holding them as written (each rated "True")."""
    written = [t for t in news_sentences(label) if FLIPPABLE.search(t)]
    flipped = [FLIPPABLE.sub(lambda m: FLIPS[m.group()], t) for t in written]
    desk = desk_archive(archive, work, written, f"desk-{label}")
    best = [rows[0] for rows in matched(flipped, desk, work, f"flipped-{label}")]
    own = [row for i, row in enumerate(best) if row["url"] == desk_address(i)]
    shown = [row for row in own if float(row["similarity"]) >= SHIPPED_THRESHOLD]
    named = [row for row in shown if re.search(r"\b(?:up|down)\b", row["figures_differ"]) or FLIPPABLE.search(row["figures_differ"])]
    kind = "claims" if label else "other sentences"
    print(f"\nnews {kind} stated the other way ({len(written):,} with a word of direction flipped), against them as written\n")
    print("| best match is the sentence as written | and shown (≥ 0.65) | of them, figures differ | naming the direction |")
    print("| ---: | ---: | ---: | ---: |")
    print(f"| {len(own)} | {len(shown)} | {sum(bool(r['figures_differ']) for r in shown)} | {len(named)} |")
    words = [m.group() for t in flipped for m in FLIPPABLE.finditer(t)]
    unnamed = [m.group() for row in shown if row not in named for m in FLIPPABLE.finditer(flipped[int(row["url"].rsplit("/", 1)[1])])]
    print("\nwords flipped in, and how often in a shown match not named:", ", ".join(f"{w} {words.count(w)}/{unnamed.count(w)}" for w in sorted(set(words))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", type=Path, required=True, help="an archive holding both collections (bench/matching.py)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="factcheck-figures-"))

    texts = news_sentences()
    best = [rows[0] for rows in matched(texts, args.archive, work, "news")]
    print(f"\nnews claims never checked ({len(texts):,}): best match's cosine ≥ t\n")
    print("| t | shown (share of claims) | of them, figures differ |")
    print("| ---: | ---: | ---: |")
    for t in THRESHOLDS:
        shown = [row for row in best if float(row["similarity"]) >= t]
        print(f"| {t:.2f} | {len(shown)} ({len(shown) / len(texts):.3f}) | {sum(bool(r['figures_differ']) for r in shown)} |")

    identifier_of = fact_check_identifiers()
    print(f"\nCheckThat! queries, best match shown at {SHIPPED_THRESHOLD}: how many say figures differ; MAP@{K} as ranked, and with agreeing figures first\n")
    print("| queries | right shown | of them, figures differ | wrong shown | of them, figures differ | MAP@5 | figures first |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for split in ("train", "dev"):
        for subtask in SUBTASKS:
            queries = json.loads((DATA / f"{subtask}-{split}.json").read_text(encoding="utf-8"))
            golds = [set(q["matches"]) for q in queries]
            found = matched([q["text"] for q in queries], args.archive, work, f"{subtask}-{split}")
            counts = {(right, differ): 0 for right in (True, False) for differ in (True, False)}
            for rows, gold in zip(found, golds):
                if float(rows[0]["similarity"]) >= SHIPPED_THRESHOLD:
                    counts[identifier_of.get(rows[0]["url"]) in gold, bool(rows[0]["figures_differ"])] += 1
            ranked = [[identifier_of.get(r["url"]) for r in rows] for rows in found]
            agreeing_first = [[identifier_of.get(r["url"]) for r in sorted(rows, key=lambda r: bool(r["figures_differ"]))] for rows in found]
            right, wrong = counts[True, True] + counts[True, False], counts[False, True] + counts[False, False]
            print(
                f"| {subtask} {split} | {right} | {counts[True, True]} | {wrong} | {counts[False, True]} "
                f"| {mean_ap(ranked, golds):.4f} | {mean_ap(agreeing_first, golds):.4f} |"
            )
    # The words of direction were chosen reading the claims' misses; the other sentences were
    # read once, after.
    for label in (1, 0):
        stated_the_other_way(args.archive, work, label)


if __name__ == "__main__":
    sys.exit(main())
