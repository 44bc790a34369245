"""How "Checked before" finds a news claim a follow-up article repeats: the case a desk meets
when a later article repeats a claim its own worksheet checked.

`bench/restated_claims.json` holds team news claims, each restated by a team member who saw only
the claim and the rules in its `format` key (the same claim and figures, other wording);
`bench/followup_claims.json` holds others, each spread over two sentences or restated with a
new fact added; `bench/converted_claims.json` others that state a measure, restated in another
unit and with the unit slipped (the number kept, the unit changed); `bench/points_claims.json`
invented claims of a change in percentage points, restated and slipped into percent;
`bench/shares_claims.json` invented claims of a share, restated in words or in percent and
slipped to another share; `bench/currency_claims.json` invented claims of an amount of money,
restated in the same currency written otherwise and slipped to another currency;
`bench/indian_numbering_claims.json` invented claims of a figure in lakhs and crores (or in
millions), restated in the other system and slipped by a factor of ten;
`bench/calendar_claims.json` invented claims of an amount of time in days or weeks (or in
months or years), restated in the other and slipped to another amount. Every news claim of
`data/news/*.json`, and each claim of the point, share, currency, lakh and calendar sets, goes into a
copy of an
archive holding PolitiFact's and Snopes' fact-checks (as `bench/matching.py` builds it), as the
desk's earlier checks would; then each sentence is matched with the real CLI (`factcheck match --top 5`) and
scored by the shipped claim detector, since a worksheet fills Checked before only for the
sentences it lists.

    .venv/bin/python bench/restated.py --archive A.sqlite
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

from figures_differ import SHIPPED_THRESHOLD, desk_address, desk_archive, news_sentences
from matching import K, matched

from factcheck import ClaimScorer

RESTATED = Path(__file__).with_name("restated_claims.json")
FOLLOWUPS = Path(__file__).with_name("followup_claims.json")
CONVERTED = Path(__file__).with_name("converted_claims.json")
# Invented claims that join the desk's, each restated and slipped: the file, and the titles of
# its restatements and of its slips.
SLIPPED_SETS = (
    ("points_claims.json", "stating a change in points, restated", "stating a change in points, restated in percent"),
    ("shares_claims.json", "stating a share, restated in the other form", "stating a share, restated with another share"),
    ("currency_claims.json", "stating an amount of money, restated in its currency written otherwise",
     "stating an amount of money, restated in another currency"),
    ("indian_numbering_claims.json", "stating a figure in lakhs or crores, restated in the other system",
     "stating a figure in lakhs or crores, restated off by a factor of ten"),
    ("calendar_claims.json", "stating an amount of time, restated in days or weeks for months or years, or the other way",
     "stating an amount of time, restated as another amount"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", type=Path, required=True, help="an archive holding both collections (bench/matching.py)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="factcheck-restated-"))
    restated = json.loads(RESTATED.read_text(encoding="utf-8"))["pairs"]
    followups = json.loads(FOLLOWUPS.read_text(encoding="utf-8"))
    added = as_pairs(followups["added"], "followup")
    split = followups["split"]
    measures = [item for item in json.loads(CONVERTED.read_text(encoding="utf-8"))["items"] if "skip" not in item]
    converted, swapped = as_pairs(measures, "converted"), as_pairs(measures, "swapped")
    invented = [json.loads(Path(__file__).with_name(name).read_text(encoding="utf-8"))["items"] for name, _, _ in SLIPPED_SETS]
    claims = news_sentences() + [item["original"] for items in invented for item in items]  # the invented claims join the desk's too
    addresses: dict[str, set[str]] = {}
    for i, text in enumerate(claims):
        addresses.setdefault(text, set()).add(desk_address(i))
    desk = desk_archive(args.archive, work, claims, "desk")

    texts = [p["restated"] for p in restated + added] + [s for f in split for s in f["sentences"]]
    texts += [p["restated"] for p in converted + swapped]
    texts += [item[repeated] for items in invented for repeated in ("restated", "slipped") for item in items]
    scorer = ClaimScorer()
    results = iter(zip(matched(texts, desk, work, "restated"), scorer.score(texts)))
    print(f"\nagainst {len(claims):,} desk claims (the news claims and the point, share, currency, lakh and calendar sets') and the fact-check collections; listed: scored "
          f"at least {scorer.threshold:.4f} by the shipped claim detector ({scorer.precision})")
    one_sentence("restated in other words", restated, [next(results) for _ in restated], addresses, scorer.threshold)
    one_sentence("restated with a new fact added", added, [next(results) for _ in added], addresses, scorer.threshold)
    two_sentences(split, [(next(results), next(results)) for _ in split], addresses, scorer.threshold)
    one_sentence("restated in another unit", converted, [next(results) for _ in converted], addresses, scorer.threshold)
    slipped("restated with the unit slipped (the number kept, the unit changed)", swapped, [next(results) for _ in swapped], addresses)
    for items, (_, restated_title, slipped_title) in zip(invented, SLIPPED_SETS):
        restatements, slips = as_pairs(items, "restated"), as_pairs(items, "slipped")
        one_sentence(restated_title, restatements, [next(results) for _ in restatements], addresses, scorer.threshold)
        slipped(slipped_title, slips, [next(results) for _ in slips], addresses)


def as_pairs(items: list[dict[str, str]], repeated: str) -> list[dict[str, str]]:
    """Each item's claim as first written and its repetition under ``repeated``, as one_sentence reads them."""
    return [{"original": item["original"], "restated": item[repeated]} for item in items]


def shown_right(original: str, rows: list[dict[str, str]], addresses: dict[str, set[str]]) -> bool:
    """Whether the best match is the claim as first written, and shown."""
    return rows[0]["url"] in addresses[original] and float(rows[0]["similarity"]) >= SHIPPED_THRESHOLD


def one_sentence(title: str, pairs: list[dict[str, str]], results: list[tuple[list[dict[str, str]], float]], addresses, listed_at: float) -> None:
    """Tables for claims each repeated in one sentence: where the claim as first written ranks,
    and whether the sentence is listed (scored at least ``listed_at``)."""
    rank_of_original, similarity_of_original, shown_best = [], [], []
    for pair, (rows, _) in zip(pairs, results):
        own = addresses[pair["original"]]
        ranks = [rank for rank, row in enumerate(rows, start=1) if row["url"] in own]
        rank_of_original.append(ranks[0] if ranks else None)
        similarity_of_original.append(float(rows[ranks[0] - 1]["similarity"]) if ranks else None)
        best = rows[0]
        if float(best["similarity"]) >= SHIPPED_THRESHOLD:
            shown_best.append((pair, best, best["url"] in own))

    n = len(pairs)
    first = sum(r == 1 for r in rank_of_original)
    right_shown = [(pair, best) for pair, best, right in shown_best if right]
    found = [shown_right(pair["original"], rows, addresses) for pair, (rows, _) in zip(pairs, results)]
    listed = sum(right and score >= listed_at for right, (_, score) in zip(found, results))
    print(f"\n{n} news claims {title}\n")
    print("| the claim as first written is | claims | share |")
    print("| --- | ---: | ---: |")
    print(f"| the best match | {first} | {first / n:.3f} |")
    print(f"| in the top {K} | {sum(r is not None for r in rank_of_original)} | {sum(r is not None for r in rank_of_original) / n:.3f} |")
    print(f"| the best match, and shown (≥ {SHIPPED_THRESHOLD}) | {len(right_shown)} | {len(right_shown) / n:.3f} |")
    print(f"| the best match, shown, and the sentence listed | {listed} | {listed / n:.3f} |")
    wrong = len(shown_best) - len(right_shown)
    print(f"\nbest match shown but another claim: {wrong}")
    known = sorted(s for s in similarity_of_original if s is not None)
    if known:
        print(f"similarity of the claim as first written, where in the top {K}: median {statistics.median(known):.3f}, lowest {known[0]:.3f}")
    for threshold in (0.55, 0.6, 0.65, 0.7, 0.75):
        print(f"  the best match and at least {threshold:.2f}: {sum(1 for r, s in zip(rank_of_original, similarity_of_original) if r == 1 and s >= threshold)}")
    report_figures_differ(right_shown)
    missed = [(pair, rank, rows[0]) for pair, rank, (rows, _) in zip(pairs, rank_of_original, results) if rank != 1]
    print(f"\nnot the best match ({len(missed)}):")
    for pair, rank, best in missed:
        print(f"- rank {rank}: {pair['restated']}\n  written: {pair['original']}\n  best ({best['similarity']}): {best['claim']}")
    unlisted = [(pair, score) for pair, right, (_, score) in zip(pairs, found, results) if right and score < listed_at]
    print(f"\nfound but not listed ({len(unlisted)}):")
    for pair, score in unlisted:
        print(f"- {score:.3f}: {pair['restated']}")


def two_sentences(split: list[dict], results: list[tuple[tuple[list[dict[str, str]], float], ...]], addresses, listed_at: float) -> None:
    """Tables for claims each spread over two sentences: how often either finds the claim."""
    found = [[shown_right(f["original"], rows, addresses) for rows, _ in pair] for f, pair in zip(split, results)]
    listed = [[right and score >= listed_at for right, (_, score) in zip(rights, pair)] for rights, pair in zip(found, results)]
    n = len(split)
    print(f"\n{n} news claims spread over two sentences\n")
    print("| the claim as first written is the best match, shown, for | claims | share |")
    print("| --- | ---: | ---: |")
    for label, count in (
        ("the first sentence", sum(f[0] for f in found)),
        ("the second sentence", sum(f[1] for f in found)),
        ("either", sum(any(f) for f in found)),
        ("both", sum(all(f) for f in found)),
        ("either, and that sentence listed", sum(any(f) for f in listed)),
    ):
        print(f"| {label} | {count} | {count / n:.3f} |")
    right_shown = [({"restated": s, "original": f["original"]}, rows[0]) for f, pair, rights in zip(split, results, found) for s, (rows, _), right in zip(f["sentences"], pair, rights) if right]
    report_figures_differ(right_shown)
    other = [(s, rows[0], score) for f, pair in zip(split, results) for s, (rows, score) in zip(f["sentences"], pair)
             if float(rows[0]["similarity"]) >= SHIPPED_THRESHOLD and rows[0]["url"] not in addresses[f["original"]]]
    print(f"\nsentences ({2 * n}) whose best match shown is another claim: {len(other)}, listed {sum(score >= listed_at for _, _, score in other)}")
    for sentence, best, score in other:
        print(f"- {score:.3f}: {sentence}\n  best ({best['similarity']}): {best['claim']}")
    print("\nneither sentence found and listed:")
    for f, pair, rights in zip(split, results, listed):
        if not any(rights):
            print(f"- written: {f['original']}")
            for s, (rows, score) in zip(f["sentences"], pair):
                print(f"  {score:.3f} {rows[0]['similarity']} {'(the claim)' if rows[0]['url'] in addresses[f['original']] else ''}: {s}")


def slipped(title: str, pairs: list[dict[str, str]], results: list[tuple[list[dict[str, str]], float]], addresses) -> None:
    """How often a restatement with a slip ("12 kilometres" as "12 miles", "2 percentage points" as
    "2 percent", "a third" as "43 percent") finds the claim as first written with figures differ: each should."""
    right_shown = [(pair, rows[0]) for pair, (rows, _) in zip(pairs, results) if shown_right(pair["original"], rows, addresses)]
    unnamed = [(pair, best) for pair, best in right_shown if not best["figures_differ"]]
    print(f"\n{len(pairs)} claims {title}: the claim as first written the best match shown "
          f"for {len(right_shown)}, figures differ said for {len(right_shown) - len(unnamed)}")
    for pair, best in unnamed:
        print(f"- not said: {pair['restated']}\n  written: {pair['original']}")


def report_figures_differ(right_shown: list[tuple[dict[str, str], dict[str, str]]]) -> None:
    """How many right matches shown say figures differ, each with its sentences: the figures were
    kept, so each is a misreading."""
    differ = [(pair, best) for pair, best in right_shown if best["figures_differ"]]
    print(f"\nright matches shown that say figures differ (the figures were kept): {len(differ)} of {len(right_shown)}")
    for pair, best in differ:
        print(f"- {best['figures_differ']}\n  restated: {pair['restated']}\n  written:  {pair['original']}")


if __name__ == "__main__":
    sys.exit(main())
