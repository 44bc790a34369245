"""A screen of training recipes on a lent GPU: the cross-validation of recipe_search.py, fp32,
in minutes instead of hours, for choosing which recipe earns a CPU run.

    python bench/gpu_screen.py prepare CARRY --real-copy TEXTS     # here, where factcheck is installed
    python3 bench/gpu_screen.py run CARRY [--only NAME ...]         # on the GPU machine, CARRY carried
    python bench/gpu_screen.py table                                # bench/gpu_screen.json as markdown

``prepare`` writes the folder the machine needs and cannot fetch: the base model in fp16 (the
carried tree is capped at 64 MiB), the ClaimBuster sentences and the labelled sentences of real
copy's validation split. ``run`` trains each recipe on the same three stratified ClaimBuster
folds as recipe_search.py, with train.py's own fine-tuning step, and scores on the GPU:
F1 (temperature and F1-best threshold fitted on the held-out part) and PR-AUC on the fold's
held-out part, PR-AUC on news validation and blind-validation pooled, and, at the highest
threshold that keeps recall 0.99 there (the shipped rule until the fresh batch), recall, false-positive rate and
PR-AUC on real copy's validation split. No test split is read. Each recipe's figures are written
to ``$OUT/gpu_screen.json`` (or bench/) as it ends; a recipe that would outrun ``--budget``
seconds is skipped. GPU figures differ from CPU ones in the last digits (other kernels, an
fp16 base), so recipes are compared with the baseline screened in the same run.
"""

from __future__ import annotations

import argparse
import importlib.resources
import json
import os
import statistics
import sys
import time
import types
from dataclasses import asdict, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).with_suffix(".json")
COPY = {"train.json": 1.0, "train-more.json": 1.0, "train-copy.json": 1.0}
# name: (changes to recipe_search's FIRST, news files and their weights)
SCREEN = {
    "first-news-copy": ({}, COPY),
    "copy-rdrop": ({"consistency_weight": 0.5}, COPY),
    "reported-rdrop": ({"consistency_weight": 0.5}, COPY | {"train-reported.json": 1.0}),
    "reported-quarter": ({}, COPY | {"train-reported.json": 0.25}),
    "reported-half-rdrop": ({"consistency_weight": 0.5}, COPY | {"train-reported.json": 0.5}),
    "first-news-reported": ({}, COPY | {"train-reported.json": 1.0}),
    "copy-rdrop-strong": ({"consistency_weight": 2.0}, COPY),
}
# What a base model folder holds beside its weights, carried as they are.
MODEL_FILES = ("config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt")
FIGURES = ("f1", "pr_auc", "news_val_pr_auc", "real_copy_pr_auc", "real_copy_recall", "real_copy_fpr", "claimbuster_f1_at_rule")


def prepare(carry: Path, texts: Path) -> None:
    import shutil

    sys.path.insert(0, str(ROOT / "bench"))
    import real_copy
    from recipe_search import DEFAULT_DATA

    carry_base(carry)
    shutil.copyfile(DEFAULT_DATA, carry / "claimbuster-train.json")
    rows = real_copy.matched(json.loads(texts.read_text(encoding="utf-8")))["validation"]
    (carry / "real-copy-validation.json").write_text(json.dumps([{"text": r["text"], "label": r["label"]} for r in rows]), encoding="utf-8")


def carry_base(carry: Path) -> None:
    """The student's base model in fp16 as ``carry/base``: half the size, to fit what the machine takes."""
    import shutil

    from safetensors.torch import load_file, save_file

    from factcheck.train import base_model_path

    base = base_model_path()
    (carry / "base").mkdir(parents=True, exist_ok=True)
    weights = load_file(str(base / "model.safetensors"))
    save_file({name: t.half().contiguous() for name, t in weights.items()}, str(carry / "base" / "model.safetensors"), {"format": "pt"})
    for name in MODEL_FILES:
        shutil.copyfile(base / name, carry / "base" / name)


def load_training_modules(device: str):
    """train.py and records.py without the package face, whose other dependencies (openpyxl,
    rapidfuzz, ...) the lent machine lacks and cannot install; and transformers' loaders
    wrapped so that models and tokenized batches land on ``device``."""
    import transformers

    package = types.ModuleType("factcheck")
    package.__path__ = [str(ROOT / "factcheck")]
    sys.modules["factcheck"] = package
    files = importlib.resources.files
    importlib.resources.files = lambda anchor: ROOT / "models" if anchor == "factcheck.models" else files(anchor)
    load_model = transformers.AutoModelForSequenceClassification.from_pretrained
    transformers.AutoModelForSequenceClassification.from_pretrained = lambda *a, **k: load_model(*a, **k).to(device)
    load_tokenizer = transformers.AutoTokenizer.from_pretrained
    transformers.AutoTokenizer.from_pretrained = lambda *a, **k: OnDevice(load_tokenizer(*a, **k), device)
    from factcheck import records, train

    return train, records


class OnDevice:
    """A tokenizer whose batches are moved to ``device``."""

    def __init__(self, tokenizer, device: str):
        self._tokenizer, self._device = tokenizer, device

    def __call__(self, *args, **kwargs):
        return self._tokenizer(*args, **kwargs).to(self._device)

    def __getattr__(self, name):
        return getattr(self._tokenizer, name)


def margins(model, tokenizer, texts: list[str]) -> list[float]:
    """Each text's check-worthy logit less the other, scored where the model is."""
    import torch

    model.eval()
    values = []
    with torch.inference_mode():
        for i in range(0, len(texts), 256):
            logits = model(**tokenizer(texts[i : i + 256], padding=True, truncation=True, max_length=128, return_tensors="pt")).logits.float()
            values += (logits[:, 1] - logits[:, 0]).tolist()
    return values


def run(carry: Path, news_set: Path, names: list[str], budget: float) -> None:
    import torch

    device = "cuda" if torch.cuda.is_available() else "cpu"
    # Tensors train.py makes (labels, sample weights) are made there too.
    torch.set_default_device(device)
    train, records = load_training_modules(device)
    # recipe_search.py's FIRST, spelled out here too: that module needs the package face.
    first = train.Recipe(
        epochs=3, learning_rate=5e-5, batch_size=32, max_length=128, warmup_fraction=0.1, weight_decay=0.01, seed=42,
        group_by_length=False, balanced_classes=False, layer_decay=1.0, adversarial_epsilon=0.0, precision="fp32",
    )
    started = time.monotonic()
    debates = records.read_sentence_records(carry / "claimbuster-train.json", labelled=True)
    pooled = [r for split in ("validation", "blind-validation") for r in records.read_sentence_records(news_set / f"{split}.json", labelled=True)]
    copy = [records.SentenceRecord(r["text"], r["label"]) for r in json.loads((carry / "real-copy-validation.json").read_text(encoding="utf-8"))]
    parts = train.stratified_folds([r.label for r in debates], 3, first.seed)
    out = Path(os.environ["OUT"]) / RESULTS.name if os.environ.get("OUT") else RESULTS
    results = {"device": torch.cuda.get_device_name() if device == "cuda" else "cpu", "torch": torch.__version__, "recipes": {}}
    pass_seconds: list[float] = []
    for name in names:
        changes, news = SCREEN[name]
        recipe = replace(first, **changes)
        passes = 2 if recipe.consistency_weight else 1
        if pass_seconds and time.monotonic() - started + passes * len(parts) * statistics.mean(pass_seconds) > budget:
            print(f"{name}: skipped, {time.monotonic() - started:.0f}s gone", flush=True)
            continue
        extra = [train.training_file(f"{news_set / file}:{weight}") for file, weight in news.items()]
        weighted = train._weighted_records(extra)
        folds = []
        for k, held_out in enumerate(parts, 1):
            t0 = time.monotonic()
            held = set(held_out)
            training = [r for i, r in enumerate(debates) if i not in held] + [r for r, _ in weighted]
            weights = [1.0] * (len(debates) - len(held)) + [w for _, w in weighted] if any(f.weight != 1 for f in extra) else None
            model, tokenizer = train._fine_tune(carry / "base", training, recipe, lambda line: None, weights)
            pass_seconds.append((time.monotonic() - t0) / passes)
            labels = [debates[i].label for i in held_out]
            temperature, scores, threshold = train.fit_calibration(margins(model, tokenizer, [debates[i].text for i in held_out]), labels)
            news_labels = [r.label for r in pooled]
            news_scores = train.calibrated(margins(model, tokenizer, [r.text for r in pooled]), temperature)
            rule = train.recall_threshold(news_labels, news_scores, train.DEFAULT_TARGET_RECALL)
            real = train.metrics_at([r.label for r in copy], train.calibrated(margins(model, tokenizer, [r.text for r in copy]), temperature), rule)
            folds.append({
                "fold": k,
                "f1": train.metrics_at(labels, scores, threshold).f1,
                "pr_auc": train.metrics_at(labels, scores, threshold).pr_auc,
                "threshold": threshold,
                "temperature": temperature,
                "rule": rule,
                "news_val_pr_auc": train.metrics_at(news_labels, news_scores, rule).pr_auc,
                "news_val_fpr": train.metrics_at(news_labels, news_scores, rule).false_positive_rate,
                "claimbuster_f1_at_rule": train.metrics_at(labels, scores, rule).f1,
                "real_copy_pr_auc": real.pr_auc,
                "real_copy_recall": real.recall,
                "real_copy_fpr": real.false_positive_rate,
                "seconds": time.monotonic() - t0,
            })
            print(name, json.dumps(folds[-1]), flush=True)
        results["recipes"][name] = {"recipe": asdict(recipe), "news_data": news, "folds": folds}
        out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(f"done in {time.monotonic() - started:.0f}s", flush=True)


def table() -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from recipe_search import mean_std

    screens = json.loads(RESULTS.read_text(encoding="utf-8"))
    print("| recipe | R-Drop weight | reported batch weight | ClaimBuster F1 | PR-AUC | pooled news val PR-AUC | real copy val PR-AUC | real copy val recall / FPR at the rule |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, entry in screens["recipes"].items():
        folds = entry["folds"]
        reported = entry["news_data"].get("train-reported.json", "–")
        print(
            f"| {name} | {entry['recipe']['consistency_weight'] or '–'} | {reported} | {mean_std(folds, 'f1')} | {mean_std(folds, 'pr_auc')} | {mean_std(folds, 'news_val_pr_auc')}"
            f" | {mean_std(folds, 'real_copy_pr_auc')} | {statistics.mean(f['real_copy_recall'] for f in folds):.3f} / {statistics.mean(f['real_copy_fpr'] for f in folds):.3f} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    prepare_parser = commands.add_parser("prepare")
    prepare_parser.add_argument("carry", type=Path)
    prepare_parser.add_argument("--real-copy", type=Path, required=True, metavar="TEXTS", help="bench/real_copy.py's texts file")
    run_parser = commands.add_parser("run")
    run_parser.add_argument("carry", type=Path)
    run_parser.add_argument("--news", type=Path, default=ROOT / "data" / "news", help="the team's news set (default data/news)")
    run_parser.add_argument("--only", nargs="+", choices=list(SCREEN), default=list(SCREEN))
    run_parser.add_argument("--budget", type=float, default=440.0, help="seconds; later recipes that would run past it are skipped")
    commands.add_parser("table")
    args = parser.parse_args()
    if args.command == "prepare":
        prepare(args.carry, args.real_copy)
    elif args.command == "run":
        run(args.carry, args.news, args.only, args.budget)
    else:
        table()


if __name__ == "__main__":
    main()
