"""Patient distillation, screened on a lent GPU: make train's student trained for more epochs
from the same teacher, with fixed targets or by function matching (bench/RESULTS.md, "Patient
distillation, screened on a lent GPU" and "Function matching, screened on a lent GPU").

    python bench/gpu_distill.py prepare TEACHER_BASE .gpu1 .gpu2 .gpu3 .gpu4 .gpu5    # here
    mkdir -p /tmp/p && cp -r .gpuK /tmp/p/                  # there, one call for each K of 1 to 4, .gpuK carried
    python3 bench/gpu_distill.py run /tmp/p/.gpu1 /tmp/p/.gpu2 /tmp/p/.gpu3 /tmp/p/.gpu4 .gpu5 [--epochs 3 6 10] [--matching 3 6] [--drop 0.1 0.2] [--runs 4] [--bring ARM]
    python bench/gpu_distill.py table [SCREEN.json]         # bench/gpu_distill.json as markdown

The machine takes at most 64 MiB a call and cannot fetch, and the teacher's base
(all-mpnet-base-v2) is 219 MB in fp16, so ``prepare`` spreads it over the first carry folders
in byte parts, each carried by a call of its own while the machine stays warm and copied out of
the checkout (which the next call replaces); the last folder
holds the student's base in fp16 and the ClaimBuster sentences. ``run`` joins the parts,
fine-tunes the teacher on make train's training share with the teacher's recipe, scores that
share with it, then trains make train's student (R-Drop 2, distilled at 0.9, temperature 2)
for each number of epochs, ``--runs`` runs each (run index r: data order and dropout from seed
42 + r, the head from 42, as ``--averaged-runs`` draws them), every run in its own process so
that the GPU serves several at once. Each arm of ``--epochs`` learns the teacher's fixed
probabilities of the training sentences, as make train's student does; each arm of
``--matching`` learns by function matching (Beyer et al. 2022): every step it reads a fresh view
of each sentence, each word dropped with probability ``--drop``, and learns the teacher's
probability of that view, scored then by the teacher in the student's process; an arm
``m6-0.1`` matches for 6 epochs at drop 0.1, one arm for each length and drop. Runs 0 and 1,
and 2 and 3, are averaged as make train averages its two, giving two shipped-form models a
recipe, whose spread is the seed noise.

Every model is read as ``settle`` reads a made model, in fp32, on validation data only: the
temperature fitted on the validation share of the five training files, the threshold the
shipped rule (recall 0.99 on the blind and fresh validation splits, pooled), then recall, FPR and
PR-AUC there, on news validation and rule validation, and F1 and PR-AUC on the ClaimBuster
validation share at that threshold. Each model's margin for every sentence of those sets is kept
too (``margins``, in the sets' order, four decimals), so that a threshold rule of another kind
can be judged across the seeds of a screen without training again. No test split is read. The figures go to ``$OUT/gpu_distill.json`` (or bench/), and
the first averaged model of the recipe named by ``--bring`` to ``$OUT`` in fp16 byte parts (the
machine returns files of at most 16 MiB, 64 MiB in all: one model), for the int8 reading here.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gpu_screen import MODEL_FILES, carry_base, load_training_modules, margins  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).with_suffix(".json")
NEWS_FILES = ("train.json", "train-more.json", "train-copy.json", "train-hard.json")
THRESHOLD_FILES = ("blind-validation.json", "fresh-validation.json")
PART = "teacher-base.part"
RETURNED_PART_BYTES = 15 * 2**20


def prepare(teacher_base: Path, carries: list[Path]) -> None:
    """The teacher's base in fp16, its bytes split over all but the last carry folder; the
    student's base and the ClaimBuster sentences in the last."""
    from safetensors.torch import load_file, save
    from recipe_search import DEFAULT_DATA

    weights = load_file(str(teacher_base / "model.safetensors"))
    blob = save({name: t.half().contiguous() for name, t in weights.items()}, {"format": "pt"})
    teacher_carries = carries[:-1]
    size = -(-len(blob) // len(teacher_carries))
    for k, carry in enumerate(teacher_carries):
        carry.mkdir(parents=True, exist_ok=True)
        (carry / f"{PART}{k}").write_bytes(blob[k * size : (k + 1) * size])
    (carries[0] / "teacher-base").mkdir(exist_ok=True)
    for name in MODEL_FILES:
        shutil.copyfile(teacher_base / name, carries[0] / "teacher-base" / name)
    carry_base(carries[-1])
    shutil.copyfile(DEFAULT_DATA, carries[-1] / "claimbuster-train.json")


def training_files(train, carries: list[Path], news: Path) -> list:
    """make train's five files, as its --data gives them."""
    return [train.training_file(carries[-1] / "claimbuster-train.json"), *(train.training_file(news / name) for name in NEWS_FILES)]


def arm_epochs(arm: str) -> int:
    """An arm's number of epochs: "6" learns fixed targets for 6, "m6-0.1" matches views for 6
    (as "m6" did in screens before views had more than one drop)."""
    return int(arm.removeprefix("m").partition("-")[0])


def arm_drop(arm: str) -> float:
    """A matched arm's chance of dropping each word from a view."""
    return float(arm.partition("-")[2])


def student_recipe(train, epochs: int):
    """make train's student recipe, one run, fp32, for ``epochs`` epochs."""
    return replace(train.Recipe(), epochs=epochs, consistency_weight=2.0, distillation_weight=0.9, precision="fp32")


def run(carries: list[Path], news: Path, arms: list[str], runs: int, budget: float, bring: str | None, work: Path) -> None:
    import torch

    device = "cuda" if torch.cuda.is_available() else "cpu"
    torch.set_default_device(device)
    torch.set_float32_matmul_precision("high")  # TF32 on the GPU: the screen compares recipes run alike
    train, records = load_training_modules(device)
    started = time.monotonic()
    out_dir = Path(os.environ["OUT"]) if os.environ.get("OUT") else None
    out = out_dir / RESULTS.name if out_dir else RESULTS
    work.mkdir(parents=True, exist_ok=True)
    base = work / "teacher-base"
    shutil.copytree(carries[0] / "teacher-base", base, dirs_exist_ok=True)
    with open(base / "model.safetensors", "wb") as joined:
        for k, carry in enumerate(carries[:-1]):
            joined.write((carry / f"{PART}{k}").read_bytes())

    _, training, _, validation = train._split_files(training_files(train, carries, news), 0.15, 42)
    teacher_recipe = replace(train.TEACHER_RECIPE, bf16_forward=False)  # its CPU autocast does nothing here
    teacher, tokenizer = train._fine_tune(base, training, teacher_recipe, lambda line: print("teacher", line, flush=True))
    taught = train.calibrated(margins(teacher, tokenizer, [r.text for r in training]), student_recipe(train, 3).distillation_temperature)
    (work / "taught.json").write_text(json.dumps(taught), encoding="utf-8")
    if any(arm.startswith("m") for arm in arms):
        teacher.save_pretrained(work / "teacher", safe_serialization=True)
    results = {
        "device": torch.cuda.get_device_name() if device == "cuda" else "cpu",
        "torch": torch.__version__,
        "teacher": {"recipe": asdict(teacher_recipe), "seconds": round(time.monotonic() - started)},
        "recipes": {},
    }
    sets = validation_sets(train, records, carries, news, validation)
    results["teacher"] |= read_model(train, teacher, tokenizer, sets)
    del teacher
    torch.cuda.empty_cache()
    print("teacher", json.dumps(results["teacher"]), flush=True)
    out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")

    # One process a run: a small model's step is bound by Python, so the GPU can serve several.
    students = {}
    for arm in arms:
        for r in range(runs):
            command = [sys.executable, __file__, "train-run", *map(str, carries), "--news", str(news), "--arm", arm, "--run", str(r), "--work", str(work)]
            log = open(work / f"student-{arm}-{r}.log", "w")
            students[arm, r] = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=os.environ | {"OMP_NUM_THREADS": "1"})
    deadline = time.monotonic() + budget
    for key, process in students.items():
        try:
            process.wait(timeout=max(1.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            print(f"student {key}: killed at the budget", flush=True)
        if process.returncode:
            print(f"student {key} failed:", *(work / f"student-{key[0]}-{key[1]}.log").read_text().splitlines()[-8:], sep="\n", flush=True)
    print(f"students done at {time.monotonic() - started:.0f}s", flush=True)

    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(carries[-1] / "base"))
    for arm in arms:
        trained = [r for r in range(runs) if (work / f"student-{arm}-{r}" / "model.safetensors").is_file()]
        entry = {"recipe": asdict(student_recipe(train, arm_epochs(arm))), "runs": {}, "averaged": {}}
        if arm.startswith("m"):
            entry["views"] = {"word_drop": arm_drop(arm)}
        for r in trained:
            entry["runs"][r] = read_model(train, load(work / f"student-{arm}-{r}"), tokenizer, sets)
        for pair in ((0, 1), (2, 3)):
            if all(r in trained for r in pair):
                model = train.average_weights([load(work / f"student-{arm}-{r}") for r in pair])
                entry["averaged"][f"{pair[0]}+{pair[1]}"] = read_model(train, model, tokenizer, sets)
        entry["seconds"] = {r: json.loads((work / f"student-{arm}-{r}" / "seconds.json").read_text()) for r in trained}
        results["recipes"][arm] = entry
        print(arm, json.dumps(entry["averaged"]), flush=True)
        out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    if bring and out_dir:
        results["brought"] = best_matched(results["recipes"]) if bring == "matched" else bring
        model = train.average_weights([load(work / f"student-{results['brought']}-{r}") for r in (0, 1)])
        return_in_parts(model, out_dir / f"student-{results['brought']}.safetensors")
        out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(f"done in {time.monotonic() - started:.0f}s", flush=True)


def best_matched(recipes: dict) -> str:
    """The matched arm whose averaged models read the ClaimBuster validation share at the higher
    mean PR-AUC (the plan's choice among arms that pass, made where only one model can return)."""
    matched = [arm for arm in recipes if arm.startswith("m") and recipes[arm]["averaged"]]
    return max(matched, key=lambda arm: statistics.mean(f["ClaimBuster validation share"]["pr_auc"] for f in recipes[arm]["averaged"].values()))


def load(folder: Path):
    """A student run saved by ``train_run``, on the device the loaders were wrapped for."""
    from transformers import AutoModelForSequenceClassification

    return AutoModelForSequenceClassification.from_pretrained(str(folder)).float()


def validation_sets(train, records, carries: list[Path], news: Path, validation: list) -> dict:
    """What ``read_model`` reads: the five files' validation share (the temperature), its
    ClaimBuster part, the pooled threshold data, news validation and rule validation."""
    debates = records.read_sentence_records(carries[-1] / "claimbuster-train.json", labelled=True)
    _, held_out = train.stratified_split([r.label for r in debates], 0.15, 42)
    return {
        "validation share": validation,
        "ClaimBuster validation share": [debates[i] for i in held_out],
        "pooled threshold data": [r for name in THRESHOLD_FILES for r in records.read_sentence_records(news / name, labelled=True)],
        "news validation": records.read_sentence_records(news / "validation.json", labelled=True),
        "rule validation": records.read_sentence_records(news / "rule-validation.json", labelled=True),
    }


def read_model(train, model, tokenizer, sets: dict) -> dict:
    """A model's figures as settle would fit and a reader would check them, in fp32."""
    scored = {name: ([r.label for r in chosen], margins(model, tokenizer, [r.text for r in chosen])) for name, chosen in sets.items()}
    temperature = train.fit_temperature(scored["validation share"][1], scored["validation share"][0])
    labels, pooled = scored["pooled threshold data"][0], train.calibrated(scored["pooled threshold data"][1], temperature)
    rule = train.recall_threshold(labels, pooled, train.DEFAULT_TARGET_RECALL)
    figures: dict = {"temperature": temperature, "threshold": rule}
    for name in ("pooled threshold data", "news validation", "rule validation", "ClaimBuster validation share"):
        labels, margin = scored[name]
        at_rule = train.metrics_at(labels, train.calibrated(margin, temperature), rule)
        flagged = round(at_rule.recall * at_rule.positives)
        others = round(at_rule.false_positive_rate * (at_rule.sentences - at_rule.positives))
        figures[name] = {"recall": at_rule.recall, "fpr": at_rule.false_positive_rate, "f1": at_rule.f1, "pr_auc": at_rule.pr_auc, "claims_flagged": flagged, "others_flagged": others}
    figures["margins"] = {name: [round(value, 4) for value in margin] for name, (_, margin) in scored.items()}
    return figures


def return_in_parts(model, path: Path) -> None:
    """The model's weights as fp16 safetensors, in byte parts small enough to come back."""
    from safetensors.torch import save

    blob = save({name: t.half().contiguous().cpu() for name, t in model.state_dict().items()}, {"format": "pt"})
    for k, start in enumerate(range(0, len(blob), RETURNED_PART_BYTES)):
        path.with_name(f"{path.name}.part{k}").write_bytes(blob[start : start + RETURNED_PART_BYTES])


class MatchedViews:
    """Function matching's targets: for a batch's texts, a fresh view of each (each word dropped
    with probability ``drop``, one kept at least) and the teacher's probability of that view."""

    def __init__(self, teacher, tokenizer, drop: float, temperature: float, seed: int):
        self.teacher, self.tokenizer, self.drop, self.temperature = teacher, tokenizer, drop, temperature
        self.draws = random.Random(seed)

    def __call__(self, texts: list[str]) -> tuple[list[str], list[float]]:
        from factcheck.train import calibrated

        views = [self.view(text) for text in texts]
        return views, calibrated(margins(self.teacher, self.tokenizer, views), self.temperature)

    def view(self, text: str) -> str:
        words = text.split()
        kept = [word for word in words if self.draws.random() >= self.drop]
        return " ".join(kept or [self.draws.choice(words)])


def train_run(carries: list[Path], news: Path, arm: str, run_index: int, work: Path) -> None:
    """One student run, saved in fp32 as ``work/student-ARM-R``."""
    import torch

    device = "cuda" if torch.cuda.is_available() else "cpu"
    torch.set_default_device(device)
    torch.set_float32_matmul_precision("high")
    train, _ = load_training_modules(device)
    _, training, _, _ = train._split_files(training_files(train, carries, news), 0.15, 42)
    recipe = student_recipe(train, arm_epochs(arm))
    if arm.startswith("m"):
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        teacher = AutoModelForSequenceClassification.from_pretrained(str(work / "teacher"))
        taught = MatchedViews(teacher, AutoTokenizer.from_pretrained(str(work / "teacher-base")), arm_drop(arm), recipe.distillation_temperature, recipe.seed + run_index)
    else:
        taught = json.loads((work / "taught.json").read_text(encoding="utf-8"))
    started = time.monotonic()
    model, tokenizer = train._fine_tune(carries[-1] / "base", training, recipe, lambda line: print(line, flush=True), None, run_index, taught=taught)
    folder = work / f"student-{arm}-{run_index}"
    model.save_pretrained(folder, safe_serialization=True)
    (folder / "seconds.json").write_text(json.dumps(round(time.monotonic() - started)), encoding="utf-8")


def arm_name(arm: str) -> str:
    if not arm.startswith("m"):
        return arm
    return f"{arm_epochs(arm)}, matched views" + (f", drop {arm_drop(arm)}" if "-" in arm else "")


def table(path: Path) -> None:
    screen = json.loads(path.read_text(encoding="utf-8"))
    print("| epochs | model | threshold | pooled threshold data recall / FPR / PR-AUC | news validation recall / FPR / PR-AUC | ClaimBuster validation share F1 / PR-AUC |")
    print("| --- | --- | --- | --- | --- | --- |")
    rows = [("teacher", "", screen["teacher"])]
    if "control teacher" in screen:  # a control run in a call of its own, with a teacher of its own
        rows.append(("teacher", "the control's", screen["control teacher"]))
    rows += [(arm_name(arm), f"runs {name}", figures) for arm, entry in screen["recipes"].items() for name, figures in entry["averaged"].items()]
    for e, name, f in rows:
        pooled, news, debates = f["pooled threshold data"], f["news validation"], f["ClaimBuster validation share"]
        print(
            f"| {e} | {name} | {f['threshold']:.4f} | {pooled['recall']:.3f} / {pooled['fpr']:.3f} ({pooled['others_flagged']}) / {pooled['pr_auc']:.4f}"
            f" | {news['recall']:.3f} / {news['fpr']:.3f} / {news['pr_auc']:.4f} | {debates['f1']:.4f} ({debates['claims_flagged']}, {debates['others_flagged']}) / {debates['pr_auc']:.4f} |"
        )
    print("\n| epochs | single runs' thresholds | ClaimBuster validation share PR-AUC, each run | mean |")
    print("| --- | --- | --- | --- |")
    for arm, entry in screen["recipes"].items():
        runs = list(entry["runs"].values())
        aucs = [f["ClaimBuster validation share"]["pr_auc"] for f in runs]
        thresholds = ", ".join(f"{f['threshold']:.2f}" for f in runs)
        print(f"| {arm_name(arm)} | {thresholds} | {', '.join(f'{a:.4f}' for a in aucs)} | {statistics.mean(aucs):.4f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    preparing = commands.add_parser("prepare")
    preparing.add_argument("teacher_base", type=Path)
    preparing.add_argument("carries", type=Path, nargs="+")
    running = commands.add_parser("run")
    running.add_argument("carries", type=Path, nargs="+")
    running.add_argument("--news", type=Path, default=ROOT / "data" / "news")
    running.add_argument("--epochs", type=int, nargs="*", default=[3, 6, 10], help="arms learning the teacher's fixed probabilities")
    running.add_argument("--matching", type=int, nargs="*", default=[], metavar="EPOCHS", help="arms learning by function matching")
    running.add_argument("--drop", type=float, nargs="+", default=[0.1], help="each word's chance of being dropped from a matched view: an arm for each")
    running.add_argument("--runs", type=int, default=4)
    running.add_argument("--bring", metavar="ARM", help="the arm (6, or m6 for matching; 'matched': the best matched arm) whose first averaged model comes back (one fits in what the machine returns)")
    running.add_argument("--budget", type=float, default=360.0, help="seconds the students may train; later ones are killed")
    running.add_argument("--work", type=Path, default=Path("/tmp/gpu-distill"))
    student = commands.add_parser("train-run")
    student.add_argument("carries", type=Path, nargs="+")
    student.add_argument("--news", type=Path, required=True)
    student.add_argument("--arm", required=True)
    student.add_argument("--run", type=int, required=True)
    student.add_argument("--work", type=Path, required=True)
    commands.add_parser("table").add_argument("screen", type=Path, nargs="?", default=RESULTS)
    args = parser.parse_args()
    if args.command == "prepare":
        prepare(args.teacher_base, args.carries)
    elif args.command == "run":
        arms = [str(e) for e in args.epochs] + [f"m{e}-{drop}" for e in args.matching for drop in args.drop]
        run(args.carries, args.news, arms, args.runs, args.budget, args.bring, args.work)
    elif args.command == "train-run":
        train_run(args.carries, args.news, args.arm, args.run, args.work)
    else:
        table(args.screen)


if __name__ == "__main__":
    main()
