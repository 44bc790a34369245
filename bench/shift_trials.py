"""Two changes made to trained fold models, for copy unlike the training data: a finishing
stage on the news files alone, and WiSE-FT (weights moved part of the way back to the
pre-trained encoder's, Wortsman et al. 2022, "Robust fine-tuning of zero-shot models").

    python bench/shift_trials.py finish first-news-copy --epochs 1 --learning-rate 1e-5 --real-copy TEXTS
    python bench/shift_trials.py interpolate first-news-copy --fine-tuned-share 1.0 0.9 0.8 0.7 --real-copy TEXTS

Each starts from the fold models ``bench/recipe_search.py run`` trained for the named recipe
(so it costs a finishing stage, about 3.5 minutes a fold on 2 CPU cores, or nothing), writes
its own fold models beside them in ``--work``, settles each as cross-validation does, and
prints validation figures only: F1 and PR-AUC on the fold's held-out ClaimBuster part, PR-AUC
on news validation and blind-validation pooled, and, at the highest threshold that keeps
recall 0.99 there (the shipped rule until the fresh batch), recall and false-positive rate on the validation split
of real copy (bench/real_copy.py), all in int8. No test split is read. Figures go to
bench/shift_trials.json.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

from factcheck import ClaimScorer
from factcheck.records import SentenceRecord, read_sentence_records
from factcheck.train import (
    DEFAULT_TARGET_RECALL,
    _fine_tune,
    _save,
    base_model_path,
    settle,
    stratified_folds,
)

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import real_copy  # noqa: E402
from recipe_search import DEFAULT_DATA, NEWS_DATA, NEWS_SET, RECIPES, _at_recall_threshold, _labels_and_scores, mean_std  # noqa: E402

RESULTS = BENCH / "shift_trials.json"
SETTINGS = ("precision", "max_length", "positive_label", "recipe", "extra_data")


def toward_pretrained(model, pretrained: dict, fine_tuned_share: float):
    """``model`` with each encoder weight the pre-trained model also holds set to
    ``fine_tuned_share`` of its own plus the rest of the pre-trained one's. The pooler and the
    classification head stay as fine-tuned: the pre-trained pooler served another task, and
    the head is new."""
    import torch

    state = model.state_dict()
    with torch.no_grad():
        for name, tensor in pretrained.items():
            own = state.get(f"{model.base_model_prefix}.{name}")
            if own is not None and own.is_floating_point() and not name.startswith("pooler."):
                own.mul_(fine_tuned_share).add_(tensor.float(), alpha=1 - fine_tuned_share)
    return model


def validation_figures(out: Path, held_out: list, pooled: list, real_copy_validation: list) -> dict:
    """The trial model's figures (see the module's docstring)."""
    scorer = ClaimScorer(out, precision="int8")
    debates = _labels_and_scores(scorer, held_out)
    at_rule = _at_recall_threshold(_labels_and_scores(scorer, pooled), _labels_and_scores(scorer, real_copy_validation), debates, DEFAULT_TARGET_RECALL)
    return {
        "pooled_news_validation_pr_auc": at_rule["validation_pr_auc"],
        "threshold": at_rule["threshold"],
        "real_copy_validation": {"sentences": len(real_copy_validation)} | {key: at_rule[key] for key in ("recall", "false_positive_rate", "pr_auc")},
    }


def trial_model(kind: str, value: float | tuple[int, float], fold_dir: Path, news: list[SentenceRecord], recipe, pretrained: dict | None):
    """The fold model with the trial applied, and its tokenizer."""
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    if kind == "finish":
        epochs, learning_rate = value
        return _fine_tune(fold_dir, news, replace(recipe, epochs=epochs, learning_rate=learning_rate), lambda line: print(line, file=sys.stderr))
    model = AutoModelForSequenceClassification.from_pretrained(str(fold_dir), local_files_only=True, dtype="float32")
    return toward_pretrained(model, pretrained, value), AutoTokenizer.from_pretrained(str(fold_dir), local_files_only=True)


def run(args) -> None:
    records = read_sentence_records(args.data, labelled=True)
    recipe = RECIPES[args.recipe]
    parts = stratified_folds([r.label for r in records], args.folds, recipe.seed)
    news = [r for name in NEWS_DATA.get(args.recipe, {}) for r in read_sentence_records(NEWS_SET / name, labelled=True)]
    if args.command == "finish" and not news:
        sys.exit(f"{args.recipe} trains on no news files to finish on")
    pooled = [r for split in ("validation", "blind-validation") for r in read_sentence_records(NEWS_SET / f"{split}.json", labelled=True)]
    rows = real_copy.matched(json.loads(args.real_copy.read_text(encoding="utf-8")))["validation"]
    real_copy_validation = [SentenceRecord(r["text"], r["label"]) for r in rows]
    if args.command == "finish":
        trials = {f"{args.recipe}+finish-{args.epochs}x{args.learning_rate:g}": (args.epochs, args.learning_rate)}
        pretrained = None
    else:
        from safetensors.torch import load_file

        trials = {f"{args.recipe}+wise-{share:g}": share for share in args.fine_tuned_share}
        pretrained = load_file(str(base_model_path() / "model.safetensors"))
    results = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.is_file() else {}
    for name, value in trials.items():
        folds = []
        for k, held in enumerate(parts, 1):
            fold_dir, out = args.work / args.recipe / f"fold{k}", args.work / name / f"fold{k}"
            model, tokenizer = trial_model(args.command, value, fold_dir, news, recipe, pretrained)
            _save(model, tokenizer, out)
            recorded = json.loads((fold_dir / "factcheck.json").read_text(encoding="utf-8"))
            settings = {key: recorded[key] for key in SETTINGS if key in recorded} | {"trial": {args.command: value}}
            held_out = [records[i] for i in held]
            metrics = settle(out, settings, held_out)
            folds.append({"fold": k, "f1": metrics.f1, "pr_auc": metrics.pr_auc} | validation_figures(out, held_out, pooled, real_copy_validation))
            print(json.dumps(folds[-1]), flush=True)
        results[name] = {"trial": {args.command: value}, "folds": folds}
        RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    table(results)


def table(results: dict) -> None:
    keys = ("f1", "pr_auc", "pooled_news_validation_pr_auc", "real_copy_validation.pr_auc", "real_copy_validation.recall", "real_copy_validation.false_positive_rate")
    print("| trial | ClaimBuster F1 | ClaimBuster PR-AUC | pooled news validation PR-AUC | real copy validation PR-AUC | recall | FPR |")
    print("| --- " * 7 + "|")
    for name, entry in results.items():
        print(f"| {name} | " + " | ".join(mean_std(entry["folds"], key) for key in keys) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    finish = commands.add_parser("finish", help="fine-tune each fold model again on the recipe's news files")
    finish.add_argument("--epochs", type=int, default=1)
    finish.add_argument("--learning-rate", type=float, default=1e-5)
    interpolate = commands.add_parser("interpolate", help="move each fold model's encoder back toward the pre-trained one")
    interpolate.add_argument("--fine-tuned-share", type=float, nargs="+", default=[0.9])
    for command in (finish, interpolate):
        command.add_argument("recipe", choices=sorted(RECIPES))
        command.add_argument("--real-copy", type=Path, required=True, metavar="TEXTS", help="bench/real_copy.py's texts file")
        command.add_argument("--data", type=Path, default=DEFAULT_DATA)
        command.add_argument("--work", type=Path, default=Path("/tmp/recipe-search"))
        command.add_argument("--folds", type=int, default=3)
    run(parser.parse_args())


if __name__ == "__main__":
    main()
