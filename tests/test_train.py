"""Training and evaluation: the metric code against hand-worked cases, and a tiny real fine-tune."""

import json
import random
import subprocess
import sys

import pytest
from safetensors import safe_open

from factcheck import DataError
from factcheck.train import Recipe, average_precision, best_threshold, evaluate_model, metrics_at, stratified_split, train_classifier

from .conftest import LABELS, ROOT


def test_stratified_split_is_disjoint_deterministic_and_keeps_the_label_mix():
    labels = [1] * 100 + [0] * 300
    train, validation = stratified_split(labels, 0.15, seed=7)
    assert sorted(train + validation) == list(range(400))
    assert sum(labels[i] for i in validation) == 15 and len(validation) == 60
    assert stratified_split(labels, 0.15, seed=7) == (train, validation)
    assert stratified_split(labels, 0.15, seed=8) != (train, validation)


def test_metrics_on_a_hand_worked_case():
    labels = [1, 1, 0, 0, 1, 0]
    scores = [0.9, 0.8, 0.7, 0.2, 0.1, 0.05]
    metrics = metrics_at(labels, scores, 0.5)
    assert (metrics.precision, metrics.recall) == (pytest.approx(2 / 3), pytest.approx(2 / 3))
    assert metrics.f1 == pytest.approx(2 / 3)
    # ranks of positives: 1, 2, 5 -> precisions 1, 1, 3/5
    assert average_precision(labels, scores) == pytest.approx((1 + 1 + 0.6) / 3)
    assert metrics.accuracy == pytest.approx(4 / 6)


def test_best_threshold_maximises_f1():
    rng = random.Random(3)
    labels = [rng.randint(0, 1) for _ in range(200)]
    scores = [min(1.0, max(0.0, 0.3 * y + rng.random() * 0.7)) for y in labels]
    chosen = best_threshold(labels, scores)
    best = max(metrics_at(labels, scores, t / 1000).f1 for t in range(1001))
    assert metrics_at(labels, scores, chosen).f1 == pytest.approx(best)


@pytest.fixture(scope="module")
def tiny_training_data(tmp_path_factory):
    rng = random.Random(0)
    rows = [{"text": f"Prices rose {n} percent in {1990 + n}.", "label": 1} for n in range(20)]
    rows += [{"text": rng.choice(["I think so.", "Thank you all.", "We will win!", "Good night."]), "label": 0} for _ in range(40)]
    path = tmp_path_factory.mktemp("data") / "labelled.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def tiny_trained(tiny_model, tiny_training_data, tmp_path_factory):
    out = tmp_path_factory.mktemp("trained") / "model"
    recipe = Recipe(epochs=1, batch_size=8, max_length=32, validation_fraction=0.25, seed=1)
    metrics = train_classifier([tiny_training_data], out, recipe=recipe, base_model=tiny_model, log=lambda _: None)
    return out, metrics


def test_training_writes_a_complete_fp16_model_directory(tiny_trained):
    out, metrics = tiny_trained
    config = json.loads((out / "config.json").read_text())
    assert {int(k): v for k, v in config["id2label"].items()} == LABELS
    with safe_open(str(out / "model.safetensors"), "pt") as weights:
        assert {str(weights.get_tensor(k).dtype) for k in weights.keys()} == {"torch.float16"}
    assert (out / "tokenizer.json").is_file() or (out / "vocab.txt").is_file()
    settings = json.loads((out / "factcheck.json").read_text())
    assert settings["threshold"] == metrics.threshold
    assert settings["max_length"] == 32 and settings["positive_label"] == "check-worthy"
    assert settings["recipe"]["seed"] == 1
    assert metrics.sentences == 15 and metrics.positives == 5


def test_evaluate_validation_split_reproduces_training_figures(tiny_trained, tiny_training_data):
    out, metrics = tiny_trained
    again = evaluate_model(tiny_training_data, out, split="validation")
    assert again.sentences == metrics.sentences
    assert again.f1 == pytest.approx(metrics.f1) and again.pr_auc == pytest.approx(metrics.pr_auc)
    assert evaluate_model(tiny_training_data, out).sentences == 60


def test_evaluate_refuses_a_split_of_other_data(tiny_trained, tmp_path):
    out, _ = tiny_trained
    other = tmp_path / "other.jsonl"
    other.write_text('{"text": "a", "label": 1}\n{"text": "b", "label": 0}\n')
    with pytest.raises(DataError, match="not the file"):
        evaluate_model(other, out, split="validation")


def test_evaluate_command_prints_the_figures(tiny_trained, tiny_training_data):
    out, _ = tiny_trained
    result = subprocess.run(
        [sys.executable, "-m", "factcheck", "evaluate", "--data", tiny_training_data, "--model", out],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    for name in ("precision", "recall", "f1", "pr_auc"):
        assert name in result.stdout


def test_labelled_data_needs_labels(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"text": "x", "label": "yes"}]))
    with pytest.raises(DataError, match="label of 0 or 1"):
        evaluate_model(bad)
