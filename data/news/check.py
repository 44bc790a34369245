"""Check the news-domain set and print its counts (the tables in data/news/README.md).

    python data/news/check.py

Exits 1 and names the problem when a split breaks the split rule, a text repeats, two
sentences are near-duplicates, a sentence of a later training batch (train-more.json,
train-copy.json, train-reported.json, train-hard.json, train-hard-2.json) comes close to a
validation or test one, a sentence of a measuring batch (blind-validation.json and
blind-test.json; fresh-validation.json and fresh-test.json; rule-validation.json and
rule-test.json; reported-test.json) comes close to
any sentence outside it, of the set or of bench/news_sentences.json, or a style's share of
check-worthy sentences leaves 45-55 %; or when a sentence of the unlabelled copy
(unlabelled-copy.json, training for distillation only) repeats, comes close to another of it or
to a training sentence, or comes close to a held-out one.
tests/test_news_data.py runs the same checks.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

FOLDER = Path(__file__).resolve().parent
SPLITS = ("train", "validation", "test")
# A second batch, written after the split above was fixed, is training data as a whole: the
# rule places only the first batch, so adding sentences never moves one into or out of test.
SECOND_BATCH = "train-more"
# The copy batch, written after real news copy was measured (bench/real_copy.py), to the kinds
# of sentence its validation split showed the model misreading; training data as a whole too.
COPY_BATCH = "train-copy"
# The reported batch, written to the line between a statement's checkable content and the mere
# fact that it was made (condemned, called for, announced), which real copy showed the model
# misplacing; training data as a whole, and reported-test, written blind to it, only measures.
REPORTED_BATCH, REPORTED_TEST = "train-reported", "reported-test"
# The hard batch, written blind as the fresh batch was (from the rules alone, hard both ways),
# to teach the line evenly rather than one set's errors; training data as a whole.
HARD_BATCH = "train-hard"
# A second hard batch, by five other writers from the same brief.
SECOND_HARD_BATCH = "train-hard-2"
TRAINING_BATCHES = (SECOND_BATCH, COPY_BATCH, REPORTED_BATCH, HARD_BATCH, SECOND_HARD_BATCH)
# The blind batch, written blind (its writers saw the labelling rules and nothing else: no
# sentence of the set, no model, no error), only measures: within each (style, label) group,
# ordered by SHA-256 of the text, even positions go to its test split and odd ones to its
# validation split.
BLIND_SPLITS = ("blind-validation", "blind-test")
# The fresh batch, written blind the same way (to be hard both ways, from the rules alone) to
# choose the threshold on, is split on its own as the blind batch is.
FRESH_SPLITS = ("fresh-validation", "fresh-test")
# The rule batch, written blind the same way by five other writers, to choose between threshold
# rules on data no model has scored; split on its own as the others are.
RULE_SPLITS = ("rule-validation", "rule-test")
# Batches split on their own, each (validation, test) by odd and even positions.
HALVED_BATCHES = (BLIND_SPLITS, FRESH_SPLITS, RULE_SPLITS)
FILES = (*SPLITS, *TRAINING_BATCHES, *BLIND_SPLITS, *FRESH_SPLITS, *RULE_SPLITS, REPORTED_TEST)
# Files that take no position in a split rule: each is its own split as a whole.
WHOLE_FILES = (*TRAINING_BATCHES, REPORTED_TEST)
# Batches that only measure, each kept away from every sentence outside it.
MEASURING_BATCHES = {"blind": BLIND_SPLITS, "fresh": FRESH_SPLITS, "rule": RULE_SPLITS, REPORTED_TEST: (REPORTED_TEST,)}
# Unlabelled copy, written as published copy reads with no labelling rules in view: training
# data for distillation, whose targets are a teacher's probabilities. It has its own format key.
UNLABELLED = "unlabelled-copy"
OLDER_SET = FOLDER.parents[1] / "bench" / "news_sentences.json"
# Test and validation take positions 0-2 and 3-5 of every 20 in each (style, label) group.
TEST_POSITIONS, VALIDATION_POSITIONS = range(0, 3), range(3, 6)
COMPARED_ROWS = 1000  # texts compared at a time by near_duplicates
NEAR_DUPLICATE_RATIO = 84  # rapidfuzz ratio of lower-cased texts; above this, two sentences say the same
POSITIVE_SHARE = (0.45, 0.55)
# The later training batches were written after the held-out splits were fixed, to the blind
# spots seen on validation, so they keep further from them: under either score against any
# validation or test sentence (the token-set ratio catches a sentence inside a longer one).
# The measuring batches keep as far from every other sentence, so that they measure new writing.
HELD_OUT_RATIO, HELD_OUT_TOKEN_SET_RATIO = 70, 80


def load(folder: Path = FOLDER) -> dict[str, dict]:
    """The set's files as parsed JSON (the three splits, the later training batches, the blind,
    fresh and rule batches' two splits each and reported-test), keyed by split name."""
    return {name: json.loads((folder / f"{name}.json").read_text(encoding="utf-8")) for name in FILES}


def assigned_splits(records: list[dict]) -> dict[str, str]:
    """The split the rule gives each record id: ordered by SHA-256 of the text within each
    (style, label) group, positions 0-2 of every 20 to test, 3-5 to validation, the rest to train.
    Records of the later training batches and of reported-test (``split`` in WHOLE_FILES) stay
    there and take no position; those of the blind, fresh and rule batches go, in the same order within
    their own groups, to the batch's test split at even positions and its validation split at
    odd ones."""
    groups: dict[tuple[tuple[str, str] | None, str, int], list[dict]] = {}
    assigned = {}
    for record in records:
        if record.get("split") in WHOLE_FILES:
            assigned[record["id"]] = record["split"]
        else:
            halved = next((batch for batch in HALVED_BATCHES if record.get("split") in batch), None)
            groups.setdefault((halved, record["style"], record["label"]), []).append(record)
    for (halved, _, _), members in groups.items():
        members.sort(key=lambda r: hashlib.sha256(r["text"].encode("utf-8")).hexdigest())
        for position, record in enumerate(members):
            if halved:
                validation, test = halved
                assigned[record["id"]] = test if position % 2 == 0 else validation
                continue
            slot = position % 20
            assigned[record["id"]] = "test" if slot in TEST_POSITIONS else "validation" if slot in VALIDATION_POSITIONS else "train"
    return assigned


def near_duplicates(
    texts: list[str], cutoff: int = NEAR_DUPLICATE_RATIO, others: list[str] | None = None, scorer=None
) -> list[tuple[int, int, float]]:
    """Pairs (i, j, score) of texts whose ``scorer`` score (rapidfuzz's ratio unless given),
    lower-cased, is at least ``cutoff``: two of ``texts`` (i < j), or, given ``others``,
    ``texts[i]`` and ``others[j]``."""
    from rapidfuzz import fuzz, process

    lowered = [t.lower() for t in texts]
    against = None if others is None else [t.lower() for t in others]
    pairs = []
    # A block of rows at a time, on every core: the whole set is tens of millions of cells.
    # Within ``texts`` a block is compared only with itself and the texts after it.
    for start in range(0, len(lowered), COMPARED_ROWS):
        rows = lowered[start : start + COMPARED_ROWS]
        first_column = start if against is None else 0
        columns = lowered[start:] if against is None else against
        matrix = process.cdist(rows, columns, scorer=scorer or fuzz.ratio, score_cutoff=cutoff, workers=-1)
        found = zip(*matrix.nonzero())
        pairs += [(start + int(i), first_column + int(j), float(matrix[i, j])) for i, j in found if against is not None or i < j]
    return pairs


def too_close(batch: list[dict], others: list[dict]) -> list[tuple[str, str, float]]:
    """Pairs (batch id, other id, score) where a sentence of ``batch`` comes within
    HELD_OUT_RATIO (rapidfuzz ratio) or HELD_OUT_TOKEN_SET_RATIO (token-set ratio), lower-cased,
    of one of ``others``."""
    from rapidfuzz import fuzz

    batch_texts, other_texts = [r["text"] for r in batch], [r["text"] for r in others]
    found = []
    for scorer, cutoff in ((fuzz.ratio, HELD_OUT_RATIO), (fuzz.token_set_ratio, HELD_OUT_TOKEN_SET_RATIO)):
        found += [(batch[i]["id"], others[j]["id"], score) for i, j, score in near_duplicates(batch_texts, cutoff, other_texts, scorer)]
    return found


def older_set() -> list[dict]:
    """bench/news_sentences.json's sentences, with ids ``bench-N``."""
    return [{"id": f"bench-{r['sentence_id']}", "text": r["text"]} for r in json.loads(OLDER_SET.read_text(encoding="utf-8"))]


def problems(splits: dict[str, dict]) -> list[str]:
    """Every way the set breaks its own rules, one line each (empty when it keeps them)."""
    found = []
    records = [dict(r, split=name) for name, doc in splits.items() for r in doc["sentences"]]
    formats = {json.dumps(doc["format"], sort_keys=True) for doc in splits.values()}
    if len(formats) != 1:
        found.append("the format key differs between the split files")
    for name, doc in splits.items():
        if doc.get("split") != name:
            found.append(f"{name}.json says it is split {doc.get('split')!r}")
    categories = set(next(iter(splits.values()))["format"]["categories"])
    styles = set(next(iter(splits.values()))["format"]["styles"])
    for r in records:
        if r["label"] not in (0, 1) or r["category"] not in categories or r["style"] not in styles:
            found.append(f"{r['id']}: label, category or style not in the format key")
    for key in ("id", "text"):
        for value, n in Counter(r[key] for r in records).items():
            if n > 1:
                found.append(f"{key} {value!r} occurs {n} times")
    assigned = assigned_splits(records)
    found += [f"{r['id']} is in {r['split']}, the rule gives {assigned[r['id']]}" for r in records if assigned[r["id"]] != r["split"]]
    for i, j, ratio in near_duplicates([r["text"] for r in records]):
        found.append(f"near-duplicates ({ratio:.0f}): {records[i]['id']} {records[i]['text']!r} / {records[j]['id']} {records[j]['text']!r}")
    held_out = [r for name in ("validation", "test") for r in splits[name]["sentences"]]
    for batch in TRAINING_BATCHES:
        found += [f"{batch_id} ({batch}) is too close to held-out {held_id} ({score:.0f})" for batch_id, held_id, score in too_close(splits[batch]["sentences"], held_out)]
    older = older_set()
    for batch, names in MEASURING_BATCHES.items():
        measuring = [r for name in names for r in splits[name]["sentences"]]
        others = [r for name in FILES if name not in names for r in splits[name]["sentences"]] + older
        found += [f"{batch_id} ({batch}) is too close to {other_id} ({score:.0f})" for batch_id, other_id, score in too_close(measuring, others)]
    for style in sorted(styles):
        members = [r for r in records if r["style"] == style]
        share = sum(r["label"] for r in members) / len(members) if members else 0.0
        if not POSITIVE_SHARE[0] <= share <= POSITIVE_SHARE[1]:
            found.append(f"style {style}: {share:.1%} check-worthy")
        found += [f"style {style} has no sentence in {name}" for name in (*SPLITS, *BLIND_SPLITS, *FRESH_SPLITS, *RULE_SPLITS, REPORTED_TEST) if not any(r["split"] == name for r in members)]
    return found


def unlabelled_problems(splits: dict[str, dict], unlabelled: dict) -> list[str]:
    """Every way the unlabelled copy breaks its rules: a text or id twice, a near-duplicate
    within it or of a training sentence, a sentence close to a held-out one (any split that
    is not training, or bench/news_sentences.json), a record with a label or an unknown style."""
    found = []
    records = unlabelled["sentences"]
    if unlabelled.get("split") != UNLABELLED:
        found.append(f"{UNLABELLED}.json says it is split {unlabelled.get('split')!r}")
    styles = set(next(iter(splits.values()))["format"]["styles"])
    found += [f"{r['id']}: a label, or a style not in the format key" for r in records if "label" in r or r["style"] not in styles]
    for key in ("id", "text"):
        found += [f"{UNLABELLED}: {key} {value!r} occurs {n} times" for value, n in Counter(r[key] for r in records).items() if n > 1]
    texts = [r["text"] for r in records]
    found += [f"near-duplicates ({ratio:.0f}): {records[i]['id']} / {records[j]['id']}" for i, j, ratio in near_duplicates(texts)]
    training = [r for name in ("train", *TRAINING_BATCHES) for r in splits[name]["sentences"]]
    pairs = near_duplicates(texts, others=[r["text"] for r in training])
    found += [f"near-duplicates ({ratio:.0f}): {records[i]['id']} / {training[j]['id']}" for i, j, ratio in pairs]
    held_out = [r for name in FILES if name not in ("train", *TRAINING_BATCHES) for r in splits[name]["sentences"]] + older_set()
    found += [f"{copy_id} ({UNLABELLED}) is too close to held-out {held_id} ({score:.0f})" for copy_id, held_id, score in too_close(records, held_out)]
    return found


def tables(splits: dict[str, dict]) -> str:
    """Markdown tables: sentences per split and label, per style, and per category."""
    records = [dict(r, split=name) for name, doc in splits.items() for r in doc["sentences"]]

    def row(name: str, members: list[dict]) -> str:
        cells = []
        for split in FILES:
            part = [r for r in members if r["split"] == split]
            cells.append(f"{len(part)} ({sum(r['label'] for r in part)})")
        positives = sum(r["label"] for r in members)
        return f"| {name} | " + " | ".join(cells) + f" | {len(members)} ({positives}) | {positives / len(members):.0%} |"

    head = "| {} | " + " | ".join(FILES) + " | all | check-worthy |\n|" + " --- |" * (len(FILES) + 3)
    lines = [head.format("style"), *(row(s, [r for r in records if r["style"] == s]) for s in splits["train"]["format"]["styles"]), row("**all**", records)]
    lines += ["", head.format("category"), *(row(c, [r for r in records if r["category"] == c]) for c in splits["train"]["format"]["categories"])]
    return "\n".join(lines)


def main() -> int:
    splits = load()
    print("Cells: sentences (of which check-worthy).\n")
    print(tables(splits))
    unlabelled = json.loads((FOLDER / f"{UNLABELLED}.json").read_text(encoding="utf-8"))
    print(f"\n{UNLABELLED}: {len(unlabelled['sentences'])} sentences, no labels.")
    found = problems(splits) + unlabelled_problems(splits, unlabelled)
    for line in found:
        print(line, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
