"""The matcher's sentence encoder fine-tuned on the CheckThat! training queries, screened on a held
fifth of them (bench/RESULTS.md, "The sentence encoder fine-tuned on the training queries").

    .venv/bin/python bench/encoder_tuning.py --archive A.sqlite [--epochs 3] [--lr 2e-5] [--dev]

A fifth of each subtask's training queries (seed 0) is held out. The shipped encoder is
fine-tuned on the rest: each query against its right fact-check and one of the hybrid's wrong
ones (the shipped encoder's), every other text of the batch a further wrong one (the multiple
negatives ranking loss of sentence-transformers, scale 20), texts that are another query's right
match in the batch left out of its wrong ones. After each epoch the weights are stored as they
would ship (fp16), every archived fact-check is embedded again, and the held queries are ranked
by cosine alone and as ``factcheck match`` ranks them (cosine plus 0.2 of BM25 scaled to the
best of the 100 nearest). The dev queries are read only with ``--dev``, once the recipe has been
chosen on the held queries. About 2 minutes an epoch to learn and 1.5 to read on two cores.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
import torch

from factcheck.matcher import CANDIDATES, LEXICAL_WEIGHT, SentenceEmbedder
from factcheck.scorer import SETTINGS_FILE, SHIPPED_MATCHER
from factcheck.train import ENCODER_FILES
from matching import BM25, DATA, K, SUBTASKS, archived, fact_check_identifiers, mean_ap

HELD_SHARE = 0.2
SCALE = 20.0  # sentence-transformers' MultipleNegativesRankingLoss default
MAX_LENGTH = 128
THRESHOLDS = (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8)


def training_queries() -> tuple[list[dict], list[dict]]:
    """The training queries of both subtasks, split into those fitted on and those held out."""
    fitted, held = [], []
    for subtask in SUBTASKS:
        queries = json.loads((DATA / f"{subtask}-train.json").read_text(encoding="utf-8"))
        for query in queries:
            query["subtask"] = subtask
        random.Random(0).shuffle(queries)
        cut = round(len(queries) * HELD_SHARE)
        held += queries[:cut]
        fitted += queries[cut:]
    return fitted, held


def dev_queries() -> list[dict]:
    found = []
    for subtask in SUBTASKS:
        for query in json.loads((DATA / f"{subtask}-dev.json").read_text(encoding="utf-8")):
            found.append({**query, "subtask": subtask})
    return found


def ranked(queries: list[dict], query_vectors: np.ndarray, vectors: np.ndarray, bm25: BM25) -> list[dict]:
    """Each query's 100 nearest rows by cosine, with their cosines and BM25 scaled to the best."""
    out = []
    for query, vector in zip(queries, query_vectors):
        cosines = vectors @ vector
        near = np.argsort(-cosines)[:CANDIDATES]
        lexical = bm25.scores(query["text"])[near]
        out.append({"near": near, "cosine": cosines[near], "lexical": lexical / max(float(lexical.max()), 1e-9)})
    return out


def hybrid(found: dict, weight: float = LEXICAL_WEIGHT) -> np.ndarray:
    """The candidates' rows as the hybrid orders them with this lexical weight."""
    return found["near"][np.argsort(-(found["cosine"] + weight * found["lexical"]), kind="stable")]


def report(name: str, queries: list[dict], found: list[dict], identifiers: list[str], weights=(LEXICAL_WEIGHT,)) -> str:
    """A table row: MAP@5 by subtask, cosine alone and hybrid (with each lexical weight)."""
    cells = []
    for weight in (0.0, *weights):
        for subtask in SUBTASKS:
            picked = [(q, f) for q, f in zip(queries, found) if q["subtask"] == subtask]
            cells.append(mean_ap([[identifiers[r] for r in hybrid(f, weight)[:K]] for _, f in picked], [set(q["matches"]) for q, _ in picked]))
    return f"| {name} | " + " | ".join(f"{c:.4f}" for c in cells) + " |"


def threshold_rows(queries: list[dict], found: list[dict], identifiers: list[str]) -> list[str]:
    """How often the best match (as the hybrid ranks) is right, by its cosine's threshold."""
    firsts = []
    for query, f in zip(queries, found):
        best = int(hybrid(f)[0])
        cosine = float(f["cosine"][list(f["near"]).index(best)])
        firsts.append((cosine, identifiers[best] in query["matches"]))
    rows = []
    for t in THRESHOLDS:
        shown = [right for cosine, right in firsts if cosine >= t]
        precision = sum(shown) / len(shown) if shown else 0.0
        rows.append(f"| {t:.2f} | {len(shown)} | {precision:.3f} | {sum(shown) / len(firsts):.3f} |")
    return rows


def hard_negatives(queries: list[dict], found: list[dict], identifiers: list[str], count: int) -> list[list[int]]:
    """For each query, the hybrid's best ``count`` rows that are not its right match."""
    return [[int(r) for r in hybrid(f) if identifiers[r] not in q["matches"]][:count] for q, f in zip(queries, found)]


def save_encoder(model, out: Path, settings: dict) -> Path:
    """The model's weights in fp16 beside the shipped matcher's tokenizer and config, as shipped."""
    from safetensors.torch import save_file

    out.mkdir(parents=True, exist_ok=True)
    weights = {name: tensor.detach().half().contiguous() for name, tensor in model.state_dict().items() if name != "embeddings.position_ids"}
    save_file(weights, str(out / "model.safetensors"), {"format": "pt"})
    for name in ENCODER_FILES:
        shutil.copyfile(SHIPPED_MATCHER / name, out / name)
    (out / SETTINGS_FILE).write_text(json.dumps(settings, indent=2) + "\n", encoding="utf-8")
    return out


def mean_pooled(model, tokenizer, texts: list[str]) -> torch.Tensor:
    inputs = tokenizer(texts, truncation=True, max_length=MAX_LENGTH, padding=True, return_tensors="pt")
    tokens = model(**inputs).last_hidden_state
    mask = inputs["attention_mask"].unsqueeze(-1).float()
    return torch.nn.functional.normalize((tokens * mask).sum(1) / mask.sum(1).clamp(min=1e-9), dim=-1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", type=Path, required=True, help="an archive holding both collections (bench/matching.py)")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--lr", type=float, default=2e-5)
    parser.add_argument("--batch", type=int, default=32, help="queries a step")
    parser.add_argument("--negatives", type=int, default=1, help="hard negatives a query (0: in-batch only)")
    parser.add_argument("--hard-from", type=int, default=10, help="a query's hard negative is drawn from the hybrid's best this many wrong ones")
    parser.add_argument("--debate-repeats", type=int, default=1, help="each debate sentence (2b) is learned this many times an epoch")
    parser.add_argument("--weights", type=float, nargs="+", default=[LEXICAL_WEIGHT], help="the hybrid's lexical weights to read")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dev", action="store_true", help="also read the dev queries after each epoch")
    parser.add_argument("--keep", type=Path, help="keep the last epoch's encoder in this directory")
    args = parser.parse_args()
    from transformers import BertModel, PreTrainedTokenizerFast

    identifiers, texts, shipped_vectors = archived(args.archive, fact_check_identifiers())
    bm25 = BM25(texts)
    fitted, held = training_queries()
    dev = dev_queries() if args.dev else []
    read = held + dev
    rows_of: dict[str, list[int]] = {}
    for row, identifier in enumerate(identifiers):
        rows_of.setdefault(identifier, []).append(row)
    shipped = SentenceEmbedder()
    print(f"{len(fitted)} training queries fitted on, {len(held)} held out; {len(texts):,} archived fact-checks\n")
    columns = [f"{name} {s[:2]}" for name in ("cosine", *(f"hybrid {w:g}" for w in args.weights)) for s in SUBTASKS]
    header = "| encoder | " + " | ".join(columns) + " |\n| --- |" + " ---: |" * len(columns)
    started = time.perf_counter()
    fitted_found = ranked(fitted, shipped.embed([q["text"] for q in fitted]), shipped_vectors, bm25)
    read_found = ranked(read, shipped.embed([q["text"] for q in read]), shipped_vectors, bm25)
    print(f"(candidates and BM25 for {len(fitted) + len(read)} queries: {time.perf_counter() - started:.0f} s)\n")
    tables = {"held": [header, report("shipped", held, read_found[:len(held)], identifiers, args.weights)]}
    if dev:
        tables["dev"] = [header, report("shipped", dev, read_found[len(held):], identifiers, args.weights)]
    thresholds = {"shipped": threshold_rows(held, read_found[:len(held)], identifiers)}

    random.seed(args.seed)
    torch.manual_seed(args.seed)
    wrong = hard_negatives(fitted, fitted_found, identifiers, args.hard_from)
    examples = [(q, [r for m in q["matches"] for r in rows_of.get(m, [])], w) for q, w in zip(fitted, wrong)]
    examples = [e for e in examples if e[1] for _ in range(args.debate_repeats if e[0]["subtask"] == SUBTASKS[1] else 1)]
    tokenizer = PreTrainedTokenizerFast(tokenizer_file=str(SHIPPED_MATCHER / "tokenizer.json"), pad_token="[PAD]")
    model = BertModel.from_pretrained(str(SHIPPED_MATCHER), dtype=torch.float32, add_pooling_layer=False)
    steps = args.epochs * (len(examples) // args.batch)
    optimiser = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda s: min(1.0, (s + 1) / (0.1 * steps)) * max(0.0, (steps - s) / steps))
    work = Path(tempfile.mkdtemp(prefix="factcheck-encoder-"))
    for epoch in range(1, args.epochs + 1):
        model.train()
        random.shuffle(examples)
        started = time.perf_counter()
        for start in range(0, len(examples) - args.batch + 1, args.batch):
            batch = examples[start:start + args.batch]
            candidates = [random.choice(right) for _, right, _ in batch]
            for _, _, hard in batch:
                candidates += random.sample(hard, min(args.negatives, len(hard)))
            queries = mean_pooled(model, tokenizer, [q["text"] for q, _, _ in batch])
            scores = SCALE * queries @ mean_pooled(model, tokenizer, [texts[r] for r in candidates]).T
            # Another query's right match may be this one's too (a tweet repeated): never a wrong one.
            for i, (query, _, _) in enumerate(batch):
                for j, row in enumerate(candidates):
                    if j != i and identifiers[row] in query["matches"]:
                        scores[i, j] = float("-inf")
            loss = torch.nn.functional.cross_entropy(scores, torch.arange(len(batch)))
            loss.backward()
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
        trained = time.perf_counter() - started
        model.eval()
        started = time.perf_counter()
        encoder = SentenceEmbedder(save_encoder(model, work / f"epoch-{epoch}", {"max_length": 256}))
        vectors = encoder.embed(texts).astype(np.float16).astype(np.float32)  # stored as the archive stores them
        found = ranked(read, encoder.embed([q["text"] for q in read]), vectors, bm25)
        name = f"epoch {epoch}"
        print(f"{name}: trained {trained:.0f} s, read {time.perf_counter() - started:.0f} s, last loss {loss.item():.3f}", flush=True)
        tables["held"].append(report(name, held, found[:len(held)], identifiers, args.weights))
        if dev:
            tables["dev"].append(report(name, dev, found[len(held):], identifiers, args.weights))
        thresholds[name] = threshold_rows(held, found[:len(held)], identifiers)
        print(tables["held"][-1], flush=True)
    for split, rows in tables.items():
        print(f"\n{split} queries, MAP@{K}:\n")
        print("\n".join(rows))
    print("\nheld queries: best match's cosine ≥ t (shown, right when shown, right and shown)\n")
    for name, rows in thresholds.items():
        print(f"{name}:\n| t | shown | right when shown | right and shown |\n| ---: | ---: | ---: | ---: |")
        print("\n".join(rows))
    if args.keep:
        shutil.copytree(work / f"epoch-{args.epochs}", args.keep, dirs_exist_ok=True)
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
