"""How "Checked before" reads claims never checked, and what "Figures differ" says of a match.

Runs the real CLI (`factcheck match --top 5`) against an archive holding PolitiFact's and
Snopes' fact-checks (as `bench/matching.py` builds it) on two kinds of query:

- the claims (label 1) of the team's news sets, `data/news/*.json`: written from general
  knowledge with invented names and figures, so no fact-check in the archive is of them, and
  every best match that clears a threshold is a pointer to some other claim;
- the CheckThat! 2022 task 2 queries (train and dev), each with its right earlier checks:
  how often the best match shown names other figures, when it is right and when it is wrong,
  and MAP@5 if matches that agree on figures were ranked first.

    .venv/bin/python bench/figures_differ.py --archive A.sqlite
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from matching import COLLECTIONS, DATA, FACTCHECK, K, SUBTASKS, mean_ap

ROOT = Path(__file__).resolve().parents[1]
NEWS = ROOT / "data" / "news"
THRESHOLDS = (0.6, 0.65, 0.7, 0.75)
SHIPPED_THRESHOLD = 0.65


def matched(texts: list[str], archive: Path, work: Path, name: str) -> list[list[dict[str, str]]]:
    """Each text's top K matches, as `factcheck match` writes them (figures_differ included)."""
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


def news_claims() -> list[str]:
    """Every check-worthy sentence of the team's news sets, in file order."""
    texts = []
    for path in sorted(NEWS.glob("*.json")):
        texts += [s["text"] for s in json.loads(path.read_text(encoding="utf-8")).get("sentences", []) if s.get("label") == 1]
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", type=Path, required=True, help="an archive holding both collections (bench/matching.py)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="factcheck-figures-"))

    texts = news_claims()
    best = [rows[0] for rows in matched(texts, args.archive, work, "news")]
    print(f"\nnews claims never checked ({len(texts):,}): best match's cosine ≥ t\n")
    print("| t | shown (share of claims) | of them, figures differ |")
    print("| ---: | ---: | ---: |")
    for t in THRESHOLDS:
        shown = [row for row in best if float(row["similarity"]) >= t]
        print(f"| {t:.2f} | {len(shown)} ({len(shown) / len(texts):.3f}) | {sum(bool(r['figures_differ']) for r in shown)} |")

    identifier_of = {r["url"]: r["identifier"] for c in COLLECTIONS for r in json.loads((DATA / c).read_text(encoding="utf-8"))}
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


if __name__ == "__main__":
    sys.exit(main())
