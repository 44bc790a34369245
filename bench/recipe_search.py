"""Cross-validated comparison of training recipes, with news-style figures for each.

    python bench/recipe_search.py run first grouped ... [--folds 3] [--fold K ...] [--work /tmp/recipe-search] [--teacher-base DIR]
    python bench/recipe_search.py evaluate [first ...]   # measure again the folds still on disk
    python bench/recipe_search.py table       # the markdown table for bench/RESULTS.md

``run`` trains each named recipe on every fold of a stratified k-fold split of the
ClaimBuster sentences (one fine-tune per fold, about 5 minutes each on 2 CPU cores; a
distilled recipe's fold, with its teacher, about 50) and adds its figures to
bench/recipe_search.json; fold models stay in ``--work``. Each fold model is settled as the
shipped one is: temperature and threshold fitted on its held-out part, so F1 is at the
threshold chosen on held-out data, and PR-AUC does not depend on a threshold. Each fold is
then measured at once, while its model is on disk: the written news-style set
(bench/news_sentences.json) at its own threshold, and the fold in bf16 and int8
(precision.py) on its held-out part, at the fp32 temperature and threshold and settled again
for that precision alone. ``--fold K`` trains and measures fold K alone and keeps the folds
recorded before for the same recipe, so a search longer than a sitting is carried from
machine to machine in bench/recipe_search.json, not in ``--work``; ``table`` marks a recipe
whose folds are not all recorded. ``evaluate`` measures again the recorded folds whose models
are still on disk (with ``--real-copy``, say).

Recipes in NEWS_DATA also train every fold on the team's news sentences (data/news/train.json;
for ``*-news-more`` also the second batch, train-more.json, and for ``first-news-copy`` the
second and the copy batch, train-copy.json, and for ``first-news-reported`` those and the
reported batch, train-reported.json (weight 0.5 for ``first-news-reported-half``); each with
its weight); they are never held out, so their ClaimBuster figures are still on ClaimBuster
sentences alone. ``copy-rdrop-strong`` (bench/gpu_screen.py's name for the shipped model's
recipe) is first-news-copy with R-Drop at weight 2, and ``hard-rdrop-strong`` that with the hard
batch, train-hard.json, added. ``copy-rdrop-distilled`` is copy-rdrop-strong distilled at weight
0.9 from a teacher fine-tuned in each fold from ``--teacher-base`` (all-mpnet-base-v2,
bench/distill_teacher.py unpack) on that fold's training sentences, and ``hard-rdrop-distilled`` is
the same with the hard batch added, which its teachers learn too. Every fold is also measured on
the news validation and test splits in fp32 and int8: the threshold is the highest that keeps
recall 0.98 on news validation, and the news test split and the fold's held-out ClaimBuster
sentences are measured at it; then again at the threshold that keeps recall 0.99 on validation
and blind-validation pooled (the shipped rule from the blind batch until the fresh batch, kept here so
that every recipe is read alike), on the
blind test split; and at the shipped rule from the fresh batch on (recall 0.99 on blind-validation
and fresh-validation pooled), on the news and fresh test splits. With ``--real-copy TEXTS`` (bench/real_copy.py), the validation split of real
news copy is measured at that threshold too. Test splits are read for those figures only, never
to choose anything.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from dataclasses import asdict, replace
from pathlib import Path

from factcheck import ClaimScorer
from factcheck.errors import FactcheckError
from factcheck.records import SentenceRecord, read_sentence_records
from factcheck.scorer import PRECISIONS
from factcheck.train import (
    DEFAULT_TARGET_RECALL,
    Recipe,
    calibrated,
    cross_validate,
    fit_calibration,
    metrics_at,
    recall_threshold,
    stratified_folds,
)

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import real_copy  # noqa: E402
DEFAULT_DATA = BENCH.parents[1] / "shared" / "data" / "claimbuster" / "train.json"
DEFAULT_NEWS = BENCH / "news_sentences.json"
NEWS_SET = BENCH.parent / "data" / "news"
RESULTS = BENCH / "recipe_search.json"
# The news recipes were first compared at the threshold that keeps this recall on news validation.
FIRST_NEWS_TARGET_RECALL = 0.98

# Spelled out, so the first recipe stays itself when Recipe's defaults move to a better one.
FIRST = Recipe(
    epochs=3,
    learning_rate=5e-5,
    batch_size=32,
    max_length=128,
    warmup_fraction=0.1,
    weight_decay=0.01,
    seed=42,
    group_by_length=False,
    balanced_classes=False,
    layer_decay=1.0,
    adversarial_epsilon=0.0,
    precision="fp32",
)
GROUPED = replace(FIRST, group_by_length=True)
RECIPES = {
    "first": FIRST,
    "grouped": GROUPED,
    "grouped-balanced": replace(GROUPED, balanced_classes=True),
    "grouped-4-epochs": replace(GROUPED, epochs=4),
    "grouped-lr-8e-5-decay-0.9": replace(GROUPED, learning_rate=8e-5, layer_decay=0.9),
    "grouped-lr-3e-5-4-epochs": replace(GROUPED, learning_rate=3e-5, epochs=4),
    "grouped-fgm": replace(GROUPED, adversarial_epsilon=1.0),
    "first-news": FIRST,
    "first-news-more": FIRST,
    "first-news-more-averaged": replace(FIRST, averaged_runs=2),
    "first-news-copy": FIRST,
    "first-news-reported": FIRST,
    "first-news-reported-half": FIRST,
    "copy-rdrop-strong": replace(FIRST, consistency_weight=2.0),
    "hard-rdrop-strong": replace(FIRST, consistency_weight=2.0),
    "copy-rdrop-distilled": replace(FIRST, consistency_weight=2.0, distillation_weight=0.9),
    "hard-rdrop-distilled": replace(FIRST, consistency_weight=2.0, distillation_weight=0.9),
}
# The news files (in data/news) each news recipe also trains on, with how much a sentence
# of each counts in the loss.
BOTH_BATCHES = {"train.json": 1.0, "train-more.json": 1.0}
NEWS_DATA = {
    "first-news": {"train.json": 1.0},
    "first-news-more": BOTH_BATCHES,
    "first-news-more-averaged": BOTH_BATCHES,
    "first-news-copy": BOTH_BATCHES | {"train-copy.json": 1.0},
    "first-news-reported": BOTH_BATCHES | {"train-copy.json": 1.0, "train-reported.json": 1.0},
    "first-news-reported-half": BOTH_BATCHES | {"train-copy.json": 1.0, "train-reported.json": 0.5},
    "copy-rdrop-strong": BOTH_BATCHES | {"train-copy.json": 1.0},
    "hard-rdrop-strong": BOTH_BATCHES | {"train-copy.json": 1.0, "train-hard.json": 1.0},
    "copy-rdrop-distilled": BOTH_BATCHES | {"train-copy.json": 1.0},
    "hard-rdrop-distilled": BOTH_BATCHES | {"train-copy.json": 1.0, "train-hard.json": 1.0},
}


def load_results() -> dict:
    return json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.is_file() else {}


def save_results(results: dict) -> None:
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


def run(
    names: list[str],
    data: Path,
    work: Path,
    folds: int,
    teacher_base: Path | None = None,
    only_folds: list[int] | None = None,
    news_path: Path = DEFAULT_NEWS,
    real_copy_texts: Path | None = None,
) -> None:
    """Train each recipe's folds (all, or ``only_folds``), measure each fold model as
    ``evaluate`` does while it is on disk, and record its figures beside the folds recorded
    before for the same recipe, so a search can be carried across machines a fold at a time."""
    records = read_sentence_records(data, labelled=True)
    evidence = evaluation_sets(news_path, real_copy_texts)
    for name in names:
        recipe = RECIPES[name]
        extra_data = [f"{NEWS_SET / file}:{weight}" for file, weight in NEWS_DATA.get(name, {}).items()]
        folds_done = cross_validate(
            data, recipe, work / name, folds=folds, extra_data=extra_data, teacher_base=teacher_base, only_folds=only_folds, log=lambda line: print(line, file=sys.stderr)
        )
        measured = {}
        for f in folds_done:
            fold = {"fold": f.fold, **asdict(f.metrics), "temperature": f.temperature, "model_dir": str(f.model_dir)}
            measure_fold(fold, [records[i] for i in f.held_out], *evidence)
            measured[f.fold] = fold
        entry = {"recipe": asdict(recipe), "news_data": NEWS_DATA.get(name), "fold_count": folds}
        results = load_results()
        earlier = results.get(name, {})
        if all(earlier.get(key) == value for key, value in entry.items()):
            measured = {f["fold"]: f for f in earlier["folds"]} | measured
        results[name] = entry | {"folds": [measured[k] for k in sorted(measured)]}
        save_results(results)
        print(f"{name}: folds {sorted(measured)} of {folds}; f1 {mean_std(results[name]['folds'], 'f1')}", flush=True)


def evaluate(data: Path, news_path: Path, names: list[str], real_copy_texts: Path | None) -> None:
    """Measure again the recorded folds of ``names`` (default: every recipe whose fold models
    are all still on disk)."""
    records = read_sentence_records(data, labelled=True)
    evidence = evaluation_sets(news_path, real_copy_texts)
    results = load_results()
    if not names:
        names = [name for name, entry in results.items() if all(Path(f["model_dir"]).is_dir() for f in entry["folds"])]
    for name in names:
        entry = results[name]
        recipe = Recipe(**entry["recipe"])
        parts = stratified_folds([r.label for r in records], fold_count(entry), recipe.seed)
        for fold in entry["folds"]:
            measure_fold(fold, [records[i] for i in parts[fold["fold"] - 1]], *evidence)
        save_results(results)
        print(
            f"{name}: news precision {mean_std(entry['folds'], 'news.precision')} recall {mean_std(entry['folds'], 'news.recall')};"
            f" int8 news test recall {mean_std(entry['folds'], 'int8.news_test.recall')} FPR {mean_std(entry['folds'], 'int8.news_test.false_positive_rate')}"
            f" ClaimBuster F1 at that threshold {mean_std(entry['folds'], 'int8.news_test.claimbuster_f1')};"
            + "".join(f" {p} f1 {mean_std(entry['folds'], p + '.f1_settled')}" for p in PRECISIONS[1:]),
            flush=True,
        )


def evaluation_sets(news_path: Path, real_copy_texts: Path | None) -> tuple[list, dict[str, list]]:
    """The written news-style set, and the team's news splits by name (with real copy's
    validation split when its texts are given)."""
    news = read_sentence_records(news_path, labelled=True)
    news_splits = {
        split: read_sentence_records(NEWS_SET / f"{split}.json", labelled=True) for split in ("validation", "test", "blind-validation", "blind-test", "fresh-validation", "fresh-test")
    }
    if real_copy_texts:
        # Its validation split only: the test split is read once, for a shipped model.
        rows = real_copy.matched(json.loads(real_copy_texts.read_text(encoding="utf-8")))["validation"]
        news_splits["real-copy-validation"] = [SentenceRecord(r["text"], r["label"]) for r in rows]
    return news, news_splits


def measure_fold(fold: dict, held_out: list, news: list, news_splits: dict[str, list]) -> None:
    """Add to a recorded fold the figures of its model (in ``fold["model_dir"]``) on the news
    sets, in fp32 and in each reduced precision, and its held-out F1 in those precisions."""
    fp32 = ClaimScorer(fold["model_dir"], precision="fp32")
    fold["news"] = news_figures(fp32, news)
    fold |= news_test_figures(fp32, news_splits, held_out)
    for precision in PRECISIONS[1:]:
        scorer = ClaimScorer(fold["model_dir"], precision=precision)
        figures = precision_figures(scorer, held_out, fold["temperature"], fold["threshold"])
        fold[precision] = figures | {"news": news_figures(scorer, news)} | news_test_figures(scorer, news_splits, held_out)


def fold_count(entry: dict) -> int:
    """How many folds a recipe's search split the data into (entries written before runs a
    fold at a time recorded every fold, so their number is their length)."""
    return entry.get("fold_count", len(entry["folds"]))


def news_figures(scorer: ClaimScorer, news: list) -> dict:
    figures = metrics_at([r.label for r in news], scorer.score([r.text for r in news]), scorer.threshold)
    return {"precision": figures.precision, "recall": figures.recall, "f1": figures.f1, "pr_auc": figures.pr_auc}


def news_test_figures(scorer: ClaimScorer, splits: dict[str, list], held_out: list) -> dict:
    """``news_test``: at the threshold that keeps recall 0.98 on news validation (the rule before
    the blind batch), the news test split and F1 on the fold's held-out ClaimBuster sentences.
    ``news_blind_test``: the same at the threshold the shipped rule gave from then to the fresh
    batch (recall DEFAULT_TARGET_RECALL on validation and blind-validation pooled), on the blind
    test split. ``news_fresh_rule`` and ``fresh_test``: at the shipped rule since (the same recall
    on blind-validation and fresh-validation pooled), on the news test and fresh test splits.
    Each part is scored once and serves every rule."""
    scored = {name: _labels_and_scores(scorer, rows) for name, rows in splits.items()}
    debates = _labels_and_scores(scorer, held_out)
    pooled = tuple(a + b for a, b in zip(scored["validation"], scored["blind-validation"]))
    written_blind = tuple(a + b for a, b in zip(scored["blind-validation"], scored["fresh-validation"]))
    figures = {
        "news_test": _at_recall_threshold(scored["validation"], scored["test"], debates, FIRST_NEWS_TARGET_RECALL),
        "news_blind_test": _at_recall_threshold(pooled, scored["blind-test"], debates, DEFAULT_TARGET_RECALL),
        "news_fresh_rule": _at_recall_threshold(written_blind, scored["test"], debates, DEFAULT_TARGET_RECALL),
        "fresh_test": _at_recall_threshold(written_blind, scored["fresh-test"], debates, DEFAULT_TARGET_RECALL),
    }
    if "real-copy-validation" in scored:
        figures["real_copy_validation"] = _at_recall_threshold(pooled, scored["real-copy-validation"], debates, DEFAULT_TARGET_RECALL)
    return figures


def _labels_and_scores(scorer: ClaimScorer, records: list) -> tuple[list[int], list[float]]:
    return [r.label for r in records], scorer.score([r.text for r in records])


def _at_recall_threshold(validation: tuple, test: tuple, debates: tuple, target_recall: float) -> dict:
    """PR-AUC on ``validation``, and figures on ``test`` and ClaimBuster F1 on ``debates`` (each
    labels and scores) at the highest threshold that keeps ``target_recall`` on ``validation``."""
    threshold = recall_threshold(*validation, target_recall)
    figures = metrics_at(*test, threshold)
    return {
        "validation_pr_auc": metrics_at(*validation, threshold).pr_auc,
        "threshold": threshold,
        "recall": figures.recall,
        "false_positive_rate": figures.false_positive_rate,
        "precision": figures.precision,
        "pr_auc": figures.pr_auc,
        "claimbuster_f1": metrics_at(*debates, threshold).f1,
    }


def precision_figures(scorer: ClaimScorer, held_out: list, temperature: float, threshold: float) -> dict:
    """The fold model in the scorer's precision on its held-out part: at the fp32 temperature
    and threshold, and settled anew for that precision."""
    labels = [r.label for r in held_out]
    margins = scorer.margins([r.text for r in held_out])
    at_fp32 = metrics_at(labels, calibrated(margins, temperature), threshold).f1
    _, scores, own_threshold = fit_calibration(margins, labels)
    settled = metrics_at(labels, scores, own_threshold)
    return {"f1_at_fp32_threshold": at_fp32, "f1_settled": settled.f1, "macro_f1_settled": settled.macro_f1}


def mean_std(folds: list[dict], key: str) -> str:
    values = []
    for fold in folds:
        value = fold
        for part in key.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value is None:
            return "–"
        values.append(value)
    spread = statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{statistics.mean(values):.4f} ± {spread:.4f}"


def table() -> None:
    reduced = PRECISIONS[1:]
    rows = [
        "| recipe | F1 | macro-F1 | PR-AUC | news precision | news recall | "
        + " | ".join(f"{p} F1 (cost) | {p} news P / R" for p in reduced) + " | int8 news test R / FPR | int8 F1 at that threshold | int8 blind test R / FPR (pooled rule) | int8 F1 at that threshold |",
        "| --- " * (10 + 2 * len(reduced)) + "|",
    ]
    for name, entry in load_results().items():
        folds = entry["folds"]
        cells = [mean_std(folds, key) for key in ("f1", "macro_f1", "pr_auc", "news.precision", "news.recall")]
        for p in reduced:
            measured = all(p in f for f in folds)
            cost = statistics.mean(f["f1"] - f[p]["f1_settled"] for f in folds) if measured else None
            cells.append(f"{mean_std(folds, p + '.f1_settled')} ({cost:.4f})" if measured else "–")
            cells.append(f"{mean_std(folds, p + '.news.precision')} / {mean_std(folds, p + '.news.recall')}" if measured else "–")
        cells.append(f"{mean_std(folds, 'int8.news_test.recall')} / {mean_std(folds, 'int8.news_test.false_positive_rate')}")
        cells.append(mean_std(folds, "int8.news_test.claimbuster_f1"))
        cells.append(f"{mean_std(folds, 'int8.news_blind_test.recall')} / {mean_std(folds, 'int8.news_blind_test.false_positive_rate')}")
        cells.append(mean_std(folds, "int8.news_blind_test.claimbuster_f1"))
        label = name if len(folds) == fold_count(entry) else f"{name} (folds {', '.join(str(f['fold']) for f in folds)} of {fold_count(entry)})"
        rows.append(f"| {label} | " + " | ".join(cells) + " |")
    print("\n".join(rows))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run_parser = commands.add_parser("run")
    run_parser.add_argument("recipes", nargs="+", choices=sorted(RECIPES))
    run_parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    run_parser.add_argument("--work", type=Path, default=Path("/tmp/recipe-search"))
    run_parser.add_argument("--folds", type=int, default=3)
    run_parser.add_argument("--teacher-base", type=Path, metavar="DIR", help="the model each fold's teacher is fine-tuned from, for distilled recipes")
    run_parser.add_argument("--fold", type=int, action="append", dest="only_folds", metavar="K", help="train and measure fold K alone (repeatable); the others recorded before are kept")
    run_parser.add_argument("--news", type=Path, default=DEFAULT_NEWS)
    run_parser.add_argument("--real-copy", type=Path, metavar="TEXTS", help="bench/real_copy.py's texts file: add its validation split")
    evaluate_parser = commands.add_parser("evaluate")
    evaluate_parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    evaluate_parser.add_argument("--news", type=Path, default=DEFAULT_NEWS)
    evaluate_parser.add_argument("--real-copy", type=Path, metavar="TEXTS", help="bench/real_copy.py's texts file: add its validation split")
    evaluate_parser.add_argument("recipes", nargs="*", help="default: those whose fold models are still there")
    commands.add_parser("table")
    args = parser.parse_args()
    try:
        if args.command == "run":
            if any(not 1 <= k <= args.folds for k in args.only_folds or ()):
                parser.error(f"--fold takes a number from 1 to {args.folds}")
            run(args.recipes, args.data, args.work, args.folds, args.teacher_base, args.only_folds, args.news, args.real_copy)
        elif args.command == "evaluate":
            evaluate(args.data, args.news, args.recipes, args.real_copy)
        else:
            table()
    except FactcheckError as error:
        parser.exit(2, f"recipe_search: {error}\n")


if __name__ == "__main__":
    main()
