"""Two re-rankers of the matcher's candidates, learned on the CheckThat! training queries and
read on dev (bench/RESULTS.md, "Re-rankers learned on the training queries").

    .venv/bin/python bench/reranking.py --archive A.sqlite [--cross-encoder] [--epochs 1]

For each query, the 100 archived fact-checks nearest by cosine are the candidates, as in
``factcheck match``. The shipped ranking is cosine plus 0.2 of BM25 scaled to the best
candidate's. The first re-ranker is a logistic regression over thirteen features of a query and
a candidate (cosine, BM25 raw and scaled, both ranks, word overlaps, shared and disjoint numbers,
length, a PolitiFact-style "Says"); the second (``--cross-encoder``, about 15 minutes on two
cores an epoch) fine-tunes the matcher's MiniLM as a cross-encoder, one right match against
seven of the hybrid's wrong ones per query (softmax over the eight), and orders the hybrid's
top 20 by its score. Neither reads a dev query before its figures are printed.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
from pathlib import Path

import numpy as np
import torch

from factcheck.archive import claim_words
from factcheck.matcher import CANDIDATES, LEXICAL_WEIGHT, SentenceEmbedder
from factcheck.scorer import SHIPPED_MATCHER
from matching import BM25, DATA, K, SUBTASKS, archived, fact_check_identifiers, mean_ap

NUMBER = re.compile(r"\d[\d,.]*")
CROSS_ENCODER_TOP = 20  # the hybrid's best, which the cross-encoder orders again
NEGATIVES = 7


def candidates(split: str, identifiers, texts, vectors, bm25: BM25) -> list[dict]:
    """Each query of ``split`` (both subtasks) with its gold matches and its candidates' row
    numbers, cosines and BM25 scores, nearest first."""
    embedder = SentenceEmbedder()
    found = []
    for subtask in SUBTASKS:
        queries = json.loads((DATA / f"{subtask}-{split}.json").read_text(encoding="utf-8"))
        for query, vector in zip(queries, embedder.embed([q["text"] for q in queries])):
            cosines = vectors @ vector
            near = np.argsort(-cosines)[:CANDIDATES]
            found.append({"subtask": subtask, "text": query["text"], "gold": set(query["matches"]),
                          "near": near, "cosine": cosines[near], "bm25": bm25.scores(query["text"])[near]})
    return found


def scaled_bm25(query: dict) -> np.ndarray:
    """Each candidate's BM25 scaled so the best candidate's is 1, as the hybrid reads it."""
    return query["bm25"] / max(float(query["bm25"].max()), 1e-9)


def hybrid(query: dict) -> np.ndarray:
    return query["cosine"] + LEXICAL_WEIGHT * scaled_bm25(query)


def features(query: dict, texts: list[str]) -> np.ndarray:
    words = set(claim_words(query["text"]))
    numbers = {n.strip(".,") for n in NUMBER.findall(query["text"])}
    lexical_rank = np.empty(len(query["near"]))
    lexical_rank[np.argsort(-query["bm25"])] = np.arange(len(query["near"]))
    scaled, best_cosine = scaled_bm25(query), query["cosine"].max()
    rows = []
    for rank, (row, cosine, lexical) in enumerate(zip(query["near"], query["cosine"], query["bm25"])):
        text = texts[row]
        other = set(claim_words(text))
        shared = len(words & other)
        other_numbers = {n.strip(".,") for n in NUMBER.findall(text)}
        rows.append([
            cosine, scaled[rank], math.log1p(lexical), cosine - best_cosine,
            math.log1p(rank), math.log1p(lexical_rank[rank]), shared / max(1, len(words | other)),
            shared / max(1, len(words)), shared / max(1, len(other)), len(numbers & other_numbers),
            float(bool(numbers) and bool(other_numbers) and not numbers & other_numbers), math.log1p(len(other)),
            float(text.lower().startswith("says")),
        ])
    return np.array(rows)


def logistic_weights(x: np.ndarray, y: np.ndarray, l2: float) -> np.ndarray:
    """Weights (bias last) of an L2-regularised logistic regression, fitted with L-BFGS."""
    inputs = torch.tensor(np.hstack([x, np.ones((len(x), 1))]), dtype=torch.float64)
    targets = torch.tensor(y, dtype=torch.float64)
    weights = torch.zeros(inputs.shape[1], dtype=torch.float64, requires_grad=True)
    optimiser = torch.optim.LBFGS([weights], max_iter=500, line_search_fn="strong_wolfe")

    def loss():
        optimiser.zero_grad()
        value = torch.nn.functional.binary_cross_entropy_with_logits(inputs @ weights, targets) + l2 * (weights[:-1] ** 2).sum()
        value.backward()
        return value

    optimiser.step(loss)
    return weights.detach().numpy()


def map_by_subtask(queries: list[dict], scores: list[np.ndarray], identifiers: list[str], rows=None) -> str:
    """MAP@5 of each subtask, ``scores`` ordering each query's candidates (or ``rows``)."""
    cells = []
    for subtask in SUBTASKS:
        ranked, golds = [], []
        for query, score, near in zip(queries, scores, rows or [q["near"] for q in queries]):
            if query["subtask"] == subtask:
                ranked.append([identifiers[near[i]] for i in np.argsort(-score, kind="stable")[:K]])
                golds.append(query["gold"])
        cells.append(f"{mean_ap(ranked, golds):.4f}")
    return " | ".join(cells)


def cross_encoder_scores(train: list[dict], dev: list[dict], identifiers, texts, epochs: int) -> tuple[list, list]:
    """The dev queries' top rows by the hybrid, and a cross-encoder's score of each, the
    cross-encoder fine-tuned from the shipped matcher's weights on the training queries."""
    from transformers import BertForSequenceClassification, PreTrainedTokenizerFast

    random.seed(0)
    torch.manual_seed(0)
    tokenizer = PreTrainedTokenizerFast(tokenizer_file=str(SHIPPED_MATCHER / "tokenizer.json"), pad_token="[PAD]")
    model = BertForSequenceClassification.from_pretrained(str(SHIPPED_MATCHER), num_labels=1, dtype=torch.float32)
    rows_of: dict[str, list[int]] = {}
    for row, identifier in enumerate(identifiers):
        rows_of.setdefault(identifier, []).append(row)
    groups = []
    for query in train:
        right = [row for gold in query["gold"] for row in rows_of.get(gold, [])]
        wrong = [int(query["near"][i]) for i in np.argsort(-hybrid(query), kind="stable") if identifiers[query["near"][i]] not in query["gold"]]
        if right:
            groups.append((query["text"], right, wrong[:15]))
    per_step = 4
    steps = epochs * (len(groups) // per_step)
    optimiser = torch.optim.AdamW(model.parameters(), lr=3e-5, weight_decay=0.01)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda s: min(1.0, (s + 1) / (0.1 * steps)) * max(0.0, (steps - s) / steps))
    model.train()
    for _ in range(epochs):
        random.shuffle(groups)
        for start in range(0, len(groups) - per_step + 1, per_step):
            firsts, seconds = [], []
            for text, right, wrong in groups[start:start + per_step]:
                picked = [random.choice(right), *random.sample(wrong, min(NEGATIVES, len(wrong)))]
                firsts += [text] * len(picked)
                seconds += [texts[row] for row in picked]
            inputs = tokenizer(firsts, seconds, truncation=True, max_length=128, padding=True, return_tensors="pt")
            logits = model(**inputs).logits.view(per_step, -1)
            loss = torch.nn.functional.cross_entropy(logits, torch.zeros(per_step, dtype=torch.long))
            loss.backward()
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
    model.eval()
    tops, scores = [], []
    with torch.inference_mode():
        for query in dev:
            top = [int(query["near"][i]) for i in np.argsort(-hybrid(query), kind="stable")[:CROSS_ENCODER_TOP]]
            inputs = tokenizer([query["text"]] * len(top), [texts[row] for row in top], truncation=True, max_length=128, padding=True, return_tensors="pt")
            tops.append(top)
            scores.append(model(**inputs).logits.view(-1).numpy())
    return tops, scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", type=Path, required=True, help="an archive holding both collections (bench/matching.py)")
    parser.add_argument("--cross-encoder", action="store_true", help="also fine-tune and read the cross-encoder")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--train-on", choices=SUBTASKS, help="fine-tune the cross-encoder on this subtask's queries only")
    args = parser.parse_args()
    identifiers, texts, vectors = archived(args.archive, fact_check_identifiers())
    bm25 = BM25(texts)
    train, dev = (candidates(split, identifiers, texts, vectors, bm25) for split in ("train", "dev"))
    listed = [q for q in dev if any(identifiers[row] in q["gold"] for row in q["near"])]
    print(f"dev queries with a right match among the {CANDIDATES} candidates: {len(listed)} of {len(dev)}\n")
    print("| ranking | train 2a | train 2b | dev 2a | dev 2b |")
    print("| --- | ---: | ---: | ---: | ---: |")
    print(f"| hybrid (shipped) | {map_by_subtask(train, [hybrid(q) for q in train], identifiers)} | {map_by_subtask(dev, [hybrid(q) for q in dev], identifiers)} |")
    x_train = [features(q, texts) for q in train]
    x_dev = [features(q, texts) for q in dev]
    stacked = np.vstack(x_train)
    mean, scale = stacked.mean(0), stacked.std(0) + 1e-9
    y = np.concatenate([[identifiers[row] in q["gold"] for row in q["near"]] for q in train]).astype(float)
    for l2 in (1e-4, 1e-3, 1e-2):
        weights = logistic_weights((stacked - mean) / scale, y, l2)
        scored = lambda xs: [np.hstack([(x - mean) / scale, np.ones((len(x), 1))]) @ weights for x in xs]  # noqa: E731
        print(f"| logistic, L2 {l2:g} | {map_by_subtask(train, scored(x_train), identifiers)} | {map_by_subtask(dev, scored(x_dev), identifiers)} |")
    if args.cross_encoder:
        taught = [q for q in train if args.train_on in (None, q["subtask"])]
        tops, scores = cross_encoder_scores(taught, dev, identifiers, texts, args.epochs)
        trained_on = f", trained on {args.train_on}" if args.train_on else ""
        print(f"| cross-encoder, {args.epochs} epoch(s){trained_on}, top {CROSS_ENCODER_TOP} | | | {map_by_subtask(dev, scores, identifiers, tops)} |")


if __name__ == "__main__":
    main()
