"""Training and evaluation: the metric code against hand-worked cases, and a tiny real fine-tune."""

import json
import random
import shlex
import shutil
import statistics
import subprocess
import sys
from pathlib import Path
from dataclasses import asdict, replace

import pytest
import torch
from safetensors import safe_open
from safetensors.torch import load_file, save_file

from factcheck import DataError
from factcheck import ClaimScorer
from factcheck.records import read_sentence_records
from factcheck.scorer import file_sha256
from factcheck.train import (
    Recipe,
    TrainingFile,
    _split_files,
    average_precision,
    best_threshold,
    calibrated,
    consistency_loss,
    cross_validate,
    distillation_targets,
    evaluate_model,
    expected_calibration_error,
    fit_temperature,
    metrics_at,
    parameter_groups,
    recalibrate,
    r_drop_loss,
    recall_threshold,
    stratified_folds,
    stratified_split,
    teacher_scores,
    train_classifier,
    train_teacher,
    training_batches,
    training_file,
    training_loss,
)

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
    # the recipe's precision is int8: its figures are reported, fp32's stay at the top level
    assert settings["precision"] == "int8" and settings["int8"]["threshold"] == metrics.threshold
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
    with pytest.raises(DataError, match="not a file"):
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


def test_a_json_object_holds_its_records_under_sentences(tmp_path):
    wrapped = tmp_path / "wrapped.json"
    wrapped.write_text(json.dumps({"format": "rules", "sentences": [{"text": "a", "label": 1}, {"text": "b", "label": 0}]}))
    assert evaluate_model(wrapped).sentences == 2
    unwrapped = tmp_path / "unwrapped.json"
    unwrapped.write_text(json.dumps({"format": "rules", "rows": []}))
    with pytest.raises(DataError, match="an object with a sentences list"):
        evaluate_model(unwrapped)


def test_stratified_folds_partition_the_data_with_the_label_mix_in_each():
    labels = [1] * 30 + [0] * 90
    folds = stratified_folds(labels, 3, seed=5)
    assert sorted(i for fold in folds for i in fold) == list(range(120))
    assert [sum(labels[i] for i in fold) for fold in folds] == [10, 10, 10]
    assert [len(fold) for fold in folds] == [40, 40, 40]
    assert stratified_folds(labels, 3, seed=5) == folds


def test_batches_grouped_by_length_hold_similar_lengths_and_cover_every_index():
    rng = random.Random(0)
    lengths = [rng.randint(5, 300) for _ in range(1000)]
    plain = training_batches(lengths, 10, random.Random(1), group_by_length=False)
    grouped = training_batches(lengths, 10, random.Random(1), group_by_length=True)
    for batches in (plain, grouped):
        assert sorted(i for b in batches for i in b) == list(range(1000))

    def mean_spread(batches):
        return sum(max(lengths[i] for i in b) - min(lengths[i] for i in b) for b in batches) / len(batches)

    assert mean_spread(grouped) < mean_spread(plain) / 5
    # still a random order of lengths, not one long ascending run
    firsts = [lengths[b[0]] for b in grouped]
    assert firsts != sorted(firsts)


def test_layer_decay_lowers_the_learning_rate_with_depth(tiny_model):
    from transformers import AutoModelForSequenceClassification

    model = AutoModelForSequenceClassification.from_pretrained(tiny_model)
    groups = parameter_groups(model, Recipe(learning_rate=1e-4, layer_decay=0.5))
    rate = {id(p): g["lr"] for g in groups for p in g["params"]}
    named = dict(model.named_parameters())
    # two layers: head 1e-4, layer 1 5e-5, layer 0 2.5e-5, embeddings 1.25e-5
    assert rate[id(named["classifier.weight"])] == pytest.approx(1e-4)
    assert rate[id(named["bert.encoder.layer.1.output.dense.weight"])] == pytest.approx(5e-5)
    assert rate[id(named["bert.encoder.layer.0.output.dense.weight"])] == pytest.approx(2.5e-5)
    assert rate[id(named["bert.embeddings.word_embeddings.weight"])] == pytest.approx(1.25e-5)
    decay = {id(p): g["weight_decay"] for g in groups for p in g["params"]}
    assert decay[id(named["classifier.bias"])] == 0.0 and decay[id(named["classifier.weight"])] == 0.01
    assert len(rate) == len(named)


def test_temperature_fitting_recovers_an_overconfident_models_temperature():
    rng = random.Random(4)
    true_margins = [rng.gauss(0, 2) for _ in range(4000)]
    labels = [1 if rng.random() < p else 0 for p in calibrated(true_margins, 1.0)]
    overconfident = [3 * m for m in true_margins]
    temperature = fit_temperature(overconfident, labels)
    assert temperature == pytest.approx(3, rel=0.1)
    before = expected_calibration_error(labels, calibrated(overconfident, 1.0))
    after = expected_calibration_error(labels, calibrated(overconfident, temperature))
    assert after < before / 3


def test_expected_calibration_error_on_a_hand_worked_case():
    # bin [0.8, 0.867): scores 0.8, 0.8, one positive -> gap 0.3 on 2 of 4 sentences
    # bin [0.0, 0.067): scores 0.0, 0.0, no positives -> gap 0
    assert expected_calibration_error([1, 0, 0, 0], [0.8, 0.8, 0.0, 0.0]) == pytest.approx(0.15)
    assert expected_calibration_error([1, 0], [1.0, 0.0]) == 0.0


def test_training_fits_a_temperature_and_records_calibration(tiny_trained, tiny_training_data):
    out, metrics = tiny_trained
    settings = json.loads((out / "factcheck.json").read_text())
    assert settings["temperature"] > 0 and settings["precision"] == "int8"
    assert settings["calibration"]["ece_after"] <= settings["calibration"]["ece_before"] + 1e-9
    for precision in ("bf16", "int8"):
        assert settings[precision]["temperature"] > 0 and 0 <= settings[precision]["threshold"] <= 1
        assert ClaimScorer(out, precision=precision).threshold == settings[precision]["threshold"]
    scorer = ClaimScorer(out)  # in int8, as the recipe says
    texts = ["Prices rose 3 percent in 1993.", "Good night."]
    expected = calibrated(scorer.margins(texts), settings["int8"]["temperature"])
    assert scorer.score(texts) == pytest.approx(expected, abs=1e-6)


def test_cross_validation_trains_one_settled_model_per_fold(tiny_model, tiny_training_data, tmp_path):
    recipe = Recipe(epochs=1, batch_size=8, max_length=32, seed=1, group_by_length=True, balanced_classes=True)
    results = cross_validate(tiny_training_data, recipe, tmp_path, folds=3, base_model=tiny_model, log=lambda _: None)
    assert [r.fold for r in results] == [1, 2, 3]
    assert [r.metrics.sentences for r in results] == [20, 20, 20]
    assert sorted(r.metrics.positives for r in results) == [6, 7, 7]
    for result in results:
        settings = json.loads((result.model_dir / "factcheck.json").read_text())
        assert settings["int8"]["threshold"] == result.metrics.threshold  # figures in the recipe's precision
        assert settings["recipe"]["balanced_classes"] is True
    held_out = [i for r in results for i in r.held_out]
    assert sorted(held_out) == list(range(60))


def test_cross_validation_picks_up_where_an_interrupted_run_stopped(tiny_model, tiny_training_data, tmp_path, monkeypatch):
    import factcheck.train as train

    recipe = Recipe(epochs=1, batch_size=8, max_length=32, seed=1)
    first = cross_validate(tiny_training_data, recipe, tmp_path, folds=2, base_model=tiny_model, log=lambda _: None)
    (tmp_path / "fold2" / "factcheck.json").unlink()  # as if stopped before fold 2 was settled
    trained = []
    original = train._fine_tune
    monkeypatch.setattr(train, "_fine_tune", lambda *args, **kwargs: trained.append(args[1]) or original(*args, **kwargs))
    again = cross_validate(tiny_training_data, recipe, tmp_path, folds=2, base_model=tiny_model, log=lambda _: None)
    assert len(trained) == 1  # only fold 2 trained again
    assert [r.metrics for r in again] == [r.metrics for r in first]
    other = cross_validate(tiny_training_data, replace(recipe, seed=2), tmp_path, folds=2, base_model=tiny_model, log=lambda _: None)
    assert len(trained) == 3 and len(other) == 2  # another recipe is never taken for this one


def test_cross_validation_runs_chosen_folds_alone_on_the_same_split(tiny_model, tiny_training_data, tmp_path):
    recipe = Recipe(epochs=1, batch_size=8, max_length=32, seed=1)
    every = cross_validate(tiny_training_data, recipe, tmp_path / "every", folds=3, base_model=tiny_model, log=lambda _: None)
    alone = cross_validate(tiny_training_data, recipe, tmp_path / "alone", folds=3, base_model=tiny_model, only_folds=[3], log=lambda _: None)
    assert [r.fold for r in alone] == [3]
    assert sorted(p.name for p in (tmp_path / "alone").iterdir()) == ["fold3"]
    assert alone[0].held_out == every[2].held_out and alone[0].metrics == every[2].metrics


def test_adversarial_training_learns_from_perturbed_embeddings_and_restores_them(tiny_model, tiny_training_data, tmp_path):
    from safetensors.torch import load_file

    recipe = Recipe(epochs=1, batch_size=8, max_length=32, validation_fraction=0.25, seed=1)
    plain, adversarial = tmp_path / "plain", tmp_path / "adversarial"
    train_classifier([tiny_training_data], plain, recipe=recipe, base_model=tiny_model, log=lambda _: None)
    metrics = train_classifier(
        [tiny_training_data], adversarial, recipe=replace(recipe, adversarial_epsilon=1.0), base_model=tiny_model, log=lambda _: None
    )
    assert 0 <= metrics.f1 <= 1
    assert json.loads((adversarial / "factcheck.json").read_text())["recipe"]["adversarial_epsilon"] == 1.0
    before, after = load_file(str(plain / "model.safetensors")), load_file(str(adversarial / "model.safetensors"))
    changed = [name for name in before if not before[name].equal(after[name])]
    assert "bert.embeddings.word_embeddings.weight" in changed and "classifier.weight" in changed
    # the push is taken back each step: embeddings move by training, not by epsilon
    moved = (after["bert.embeddings.word_embeddings.weight"].float() - before["bert.embeddings.word_embeddings.weight"].float())
    assert moved.norm() < 0.5


def test_false_positive_rate_on_a_hand_worked_case():
    labels = [1, 1, 0, 0, 1, 0, 0]
    scores = [0.9, 0.8, 0.7, 0.2, 0.1, 0.6, 0.05]
    # flagged at 0.5: both 0.9 and 0.8 (check-worthy), 0.7 and 0.6 (two of the four others)
    assert metrics_at(labels, scores, 0.5).false_positive_rate == pytest.approx(2 / 4)
    assert "fpr         0.5000" in metrics_at(labels, scores, 0.5).lines()


def test_recall_threshold_is_the_highest_cut_that_keeps_the_target_recall():
    labels = [1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1]
    scores = [0.99 - 0.04 * i for i in range(len(labels))]
    positives = sum(labels)  # 19; 95 % of them is 18.05, so 19 are needed; 90 % needs 18
    for target, needed in ((0.95, 19), (0.9, 18), (0.5, 10)):
        cut = recall_threshold(labels, scores, target)
        assert metrics_at(labels, scores, cut).recall >= target
        flagged = [y for y, s in zip(labels, scores) if s >= cut]
        assert sum(flagged) == needed and labels[len(flagged) - 1] == 1
        # any cut above the last sentence it needs loses the target
        assert metrics_at(labels, scores, scores[len(flagged) - 1] + 1e-6).recall < target
    assert positives == 19


def test_recall_threshold_keeps_tied_scores_together():
    labels, scores = [1, 0, 1, 0], [0.8, 0.8, 0.4, 0.1]
    cut = recall_threshold(labels, scores, 0.5)
    assert 0.4 < cut <= 0.8 and metrics_at(labels, scores, cut).false_positive_rate == 0.5
    with pytest.raises(DataError, match="check-worthy"):
        recall_threshold([0, 0], [0.1, 0.2], 0.95)


def test_training_file_reads_an_optional_weight_after_the_last_colon(tmp_path):
    assert training_file("data/news/train.json") == TrainingFile(Path("data/news/train.json"), 1.0)
    assert training_file("data/news/train.json:2.5") == TrainingFile(Path("data/news/train.json"), 2.5)
    assert training_file("C:/data/x.json") == TrainingFile(Path("C:/data/x.json"), 1.0)
    odd = tmp_path / "set:3"
    odd.write_text("[]")
    assert training_file(str(odd)) == TrainingFile(odd, 1.0)  # an existing file is a path, colon or not
    for bad in ("x.json:0", "x.json:-1", "x.json:nan", "x.json:inf", "x.json:1:0", "x.json:0:2"):
        with pytest.raises(DataError, match="positive numbers"):
            training_file(bad)


def test_a_claim_weight_after_the_file_weight_weighs_only_the_files_check_worthy_sentences():
    news = training_file("data/news/train.json:0.5:2")
    assert news == TrainingFile(Path("data/news/train.json"), 0.5, 2.0)
    assert (news.sentence_weight(1), news.sentence_weight(0)) == (1.0, 0.5)
    assert training_file("data/news/train.json:2").sentence_weight(1) == 2.0


def test_each_training_sentence_carries_its_files_weight_times_the_claim_weight_if_check_worthy(news_files):
    _, training, weights, _ = _split_files([training_file(f"{news_files / 'train.json'}:1:2")], 0.25, 1)
    assert weights == [2.0 if r.label == 1 else 1.0 for r in training] and 1 < sum(w == 2 for w in weights) < len(weights)
    assert _split_files([training_file(news_files / "train.json")], 0.25, 1)[2] is None  # the plain mean loss


def test_training_loss_weighs_each_sentence_and_is_the_plain_mean_without_weights():
    import torch

    logits = torch.tensor([[2.0, -1.0], [0.5, 0.5], [-1.0, 3.0]])
    labels = torch.tensor([0, 1, 1])
    terms = torch.nn.functional.cross_entropy(logits, labels, reduction="none")
    assert training_loss(logits, labels) == pytest.approx(float(terms.mean()))
    assert training_loss(logits, labels, None, torch.ones(3)) == pytest.approx(float(terms.mean()))
    weights = torch.tensor([2.0, 1.0, 3.0])
    assert training_loss(logits, labels, None, weights) == pytest.approx(float((terms * weights).sum() / 6))
    classes = torch.tensor([0.5, 2.0])
    expected = (terms * torch.tensor([0.5, 2.0, 2.0]) * weights).sum() / (0.5 * 2 + 2 * 1 + 2 * 3)
    assert training_loss(logits, labels, classes, weights) == pytest.approx(float(expected))


def test_r_drop_loss_is_the_mean_cross_entropy_plus_the_symmetric_kl_divergence_weighed_per_sentence():
    import math

    import torch

    logits = torch.tensor([[2.0, -1.0], [0.5, 0.5], [-1.0, 3.0]])
    other = torch.tensor([[1.0, 0.0], [0.5, 0.5], [1.0, 1.0]])
    assert float(consistency_loss(logits, logits)) == 0.0
    assert float(consistency_loss(logits, other)) == pytest.approx(float(consistency_loss(other, logits)))

    def kl(p, q):
        return sum(a * math.log(a / b) for a, b in zip(p, q))

    def probabilities(row):
        e = [math.exp(v) for v in row]
        return [v / sum(e) for v in e]

    terms = [(kl(probabilities(a), probabilities(b)) + kl(probabilities(b), probabilities(a))) / 2 for a, b in zip(logits.tolist(), other.tolist())]
    assert terms[1] == 0.0 and terms[0] > 0 and terms[2] > 0
    assert float(consistency_loss(logits, other)) == pytest.approx(sum(terms) / 3)
    weights = torch.tensor([2.0, 1.0, 3.0])
    assert float(consistency_loss(logits, other, weights)) == pytest.approx((2 * terms[0] + 3 * terms[2]) / 6)
    labels = torch.tensor([0, 1, 1])
    plain = [float(torch.nn.functional.cross_entropy(x, labels)) for x in (logits, other)]
    assert float(r_drop_loss(logits, other, labels, 0.5)) == pytest.approx(sum(plain) / 2 + 0.5 * sum(terms) / 3)
    assert float(r_drop_loss(logits, logits, labels, 4.0)) == pytest.approx(plain[0])


def test_r_drop_is_plain_training_when_dropout_draws_alike_and_another_model_when_they_differ(tiny_model, tiny_training_data, tmp_path):
    still = tmp_path / "no-dropout-base"
    shutil.copytree(tiny_model, still)
    config = json.loads((still / "config.json").read_text())
    (still / "config.json").write_text(json.dumps(config | {"hidden_dropout_prob": 0.0, "attention_probs_dropout_prob": 0.0}))
    recipe = Recipe(epochs=1, batch_size=8, max_length=32, validation_fraction=0.25, seed=1)
    weights = {}
    for base in (tiny_model, still):
        for change in ({}, {"consistency_weight": 2.0}):
            out = tmp_path / f"{base.name}-{len(change)}"
            train_classifier([tiny_training_data], out, recipe=replace(recipe, **change), base_model=base, log=lambda _: None)
            assert json.loads((out / "factcheck.json").read_text())["recipe"]["consistency_weight"] == change.get("consistency_weight", 0.0)
            weights[base, len(change)] = load_file(str(out / "model.safetensors"))
    # Without dropout both passes agree, the divergence is nil and the mean loss is the plain one.
    assert all(torch.allclose(weights[still, 0][name].float(), weights[still, 1][name].float(), atol=1e-3) for name in weights[still, 0])
    assert not weights[tiny_model, 0]["classifier.weight"].equal(weights[tiny_model, 1]["classifier.weight"])


def test_distillation_targets_mix_the_label_with_the_teachers_probability():
    labels = torch.tensor([0, 1])
    teacher = torch.tensor([0.8, 0.3])
    assert torch.allclose(distillation_targets(labels, teacher, 0.5), torch.tensor([[0.6, 0.4], [0.35, 0.65]]))
    assert distillation_targets(labels, teacher, 0.0).tolist() == [[1.0, 0.0], [0.0, 1.0]]
    assert torch.allclose(distillation_targets(labels, teacher, 1.0), torch.tensor([[0.2, 0.8], [0.7, 0.3]]))
    # one weight a sentence: the first learns the teacher alone, the second its label alone
    assert torch.allclose(distillation_targets(labels, teacher, [1.0, 0.0]), torch.tensor([[0.2, 0.8], [0.0, 1.0]]))


def test_training_loss_on_probability_targets_is_their_cross_entropy_weighed_as_for_labels():
    logits = torch.tensor([[2.0, -1.0], [0.5, 0.5], [-1.0, 3.0]])
    labels = torch.tensor([0, 1, 1])
    one_hot = distillation_targets(labels, torch.zeros(3), 0.0)
    weights, classes = torch.tensor([2.0, 1.0, 3.0]), torch.tensor([0.5, 2.0])
    for class_weights in (None, classes):
        for sample_weights in (None, weights):
            assert float(training_loss(logits, one_hot, class_weights, sample_weights)) == pytest.approx(
                float(training_loss(logits, labels, class_weights, sample_weights))
            )
    soft = torch.tensor([[0.6, 0.4], [0.35, 0.65], [0.1, 0.9]])
    terms = -(soft * torch.log_softmax(logits, -1)).sum(-1)
    assert float(training_loss(logits, soft)) == pytest.approx(float(terms.mean()))
    assert float(training_loss(logits, soft, None, weights)) == pytest.approx(float((terms * weights).sum() / 6))


def test_a_teacher_runs_its_forward_pass_in_fp32_on_a_cpu_without_bf16(tiny_model, tiny_training_data, tmp_path, monkeypatch):
    """Without bf16 instructions PyTorch emulates bf16, some fifty times slower than fp32: the
    teacher's recipe runs, and is recorded, in fp32, and the log says why."""
    import factcheck.train as train

    monkeypatch.setattr(train, "_cpu_has_bf16", lambda: False)
    said = []
    recipe = Recipe(epochs=1, batch_size=8, max_length=32, seed=1, bf16_forward=True)
    teacher = train_teacher([tiny_training_data], tmp_path / "teacher", base_model=tiny_model, recipe=recipe, log=said.append)
    assert json.loads((teacher / "factcheck.json").read_text())["recipe"] == asdict(replace(recipe, bf16_forward=False))
    assert any("no bf16 instructions" in line for line in said)
    monkeypatch.setattr(train, "_cpu_has_bf16", lambda: True)
    assert train.for_this_cpu(recipe, said.append) == recipe


@pytest.fixture(scope="module")
def tiny_teachers(tiny_model, tiny_training_data, tmp_path_factory):
    """A tiny model trained as a teacher (its forward pass in bf16) to read the labelled data
    well, and the same model with its two classes swapped: a teacher that says the opposite."""
    import factcheck.train as train

    folder = tmp_path_factory.mktemp("teachers")
    recipe = Recipe(epochs=6, learning_rate=1e-3, batch_size=8, max_length=32, validation_fraction=0.25, seed=1, bf16_forward=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(train, "_cpu_has_bf16", lambda: True)  # the bf16 path, whatever this CPU has
        good = train_teacher([tiny_training_data], folder / "good", base_model=tiny_model, recipe=recipe, log=lambda _: None)
    settings = json.loads((good / "factcheck.json").read_text())
    assert settings["recipe"]["bf16_forward"] and settings["data"] == [{"file": tiny_training_data.name, "sha256": file_sha256(tiny_training_data)}]
    contrary = folder / "contrary"
    shutil.copytree(good, contrary)
    weights = load_file(str(contrary / "model.safetensors"))
    weights["classifier.weight"], weights["classifier.bias"] = weights["classifier.weight"].flip(0), weights["classifier.bias"].flip(0)
    from safetensors.torch import save_file

    save_file(weights, str(contrary / "model.safetensors"), metadata={"format": "pt"})
    return good, contrary, recipe


def test_teacher_scores_are_its_softened_probabilities_in_the_texts_order(tiny_teachers, tiny_training_data):
    good, contrary, recipe = tiny_teachers
    records = read_sentence_records(tiny_training_data, labelled=True)
    texts = [r.text for r in records]
    scores = teacher_scores(good, texts, recipe)
    # the good teacher ranks the claims first; the contrary one gives each text 1 minus its score
    assert average_precision([r.label for r in records], scores) > 0.9
    assert teacher_scores(contrary, texts, recipe) == pytest.approx([1 - s for s in scores], abs=1e-3)
    alone = [teacher_scores(good, [text], recipe)[0] for text in texts[::7]]
    assert alone == pytest.approx(scores[::7], abs=1e-4)
    hotter = teacher_scores(good, texts, replace(recipe, distillation_temperature=8.0))
    assert all(abs(h - 0.5) <= abs(s - 0.5) + 1e-6 for h, s in zip(hotter, scores))


def test_a_distilled_student_learns_from_its_teacher_and_records_it(tiny_model, tiny_training_data, tiny_teachers, tmp_path):
    good, contrary, recipe = tiny_teachers
    records = read_sentence_records(tiny_training_data, labelled=True)
    labels, texts = [r.label for r in records], [r.text for r in records]
    taught = replace(recipe, distillation_weight=1.0)
    ranking = {}
    for teacher in (good, contrary):
        out = tmp_path / f"from-{teacher.name}"
        train_classifier([tiny_training_data], out, recipe=taught, base_model=tiny_model, teacher=teacher, log=lambda _: None)
        settings = json.loads((out / "factcheck.json").read_text())
        assert settings["teacher"] == {"model": teacher.name, "sha256": file_sha256(teacher / "model.safetensors")}
        assert settings["recipe"]["distillation_weight"] == 1.0
        ranking[teacher.name] = average_precision(labels, ClaimScorer(out, precision="fp32").score(texts))
    # with the labels' weight at 0, a student taught the opposite ranks the claims last
    assert ranking["good"] > 0.9 and ranking["contrary"] < 0.6
    with pytest.raises(DataError, match="needs a teacher"):
        train_classifier([tiny_training_data], tmp_path / "alone", recipe=taught, base_model=tiny_model, log=lambda _: None)
    with pytest.raises(DataError, match="not a model directory"):
        train_classifier([tiny_training_data], tmp_path / "alone", recipe=taught, base_model=tiny_model, teacher=tmp_path, log=lambda _: None)
    with pytest.raises(DataError, match="needs a distillation weight"):
        train_classifier([tiny_training_data], tmp_path / "alone", recipe=recipe, base_model=tiny_model, teacher=good, log=lambda _: None)
    assert not (tmp_path / "alone").exists()


def test_unlabelled_sentences_learn_the_teachers_probability_alone(tiny_model, tiny_training_data, tiny_teachers, tmp_path):
    good, _, recipe = tiny_teachers
    records = read_sentence_records(tiny_training_data, labelled=True)
    labels, texts = [r.label for r in records], [r.text for r in records]
    # The tiny teacher ranks well but calls every text a claim: its bias moves so that its
    # margin 0 lies between the classes' means, and a copy with its classes swapped says the
    # opposite of it.
    margins = ClaimScorer(good, precision="fp32").margins(texts)
    centre = sum(statistics.mean(m for m, y in zip(margins, labels) if y == label) for label in (0, 1)) / 2
    weights = load_file(str(good / "model.safetensors"))
    weights["classifier.bias"][1] -= centre
    teachers = {}
    for name, flip in (("centred", False), ("opposite", True)):
        teachers[name] = shutil.copytree(good, tmp_path / name)
        head = {k: weights[k].flip(0) if flip else weights[k] for k in ("classifier.weight", "classifier.bias")}
        save_file(weights | head, str(teachers[name] / "model.safetensors"), metadata={"format": "pt"})
    unlabelled = tmp_path / "copy.txt"
    unlabelled.write_text("\n".join(texts * 5) + "\n", encoding="utf-8")
    # The labels are nearly all of the labelled sentences' targets; five unlabelled copies of
    # each text, taught by the teacher alone, outweigh them. The temperature sharpens margins
    # that differ by thousandths into near-certain probabilities.
    taught = replace(recipe, distillation_weight=0.001, distillation_temperature=0.0005)
    ranking = {}
    for name, teacher in teachers.items():
        out = tmp_path / f"from-{name}"
        train_classifier([tiny_training_data], out, recipe=taught, base_model=tiny_model, teacher=teacher, unlabelled=[unlabelled], log=lambda _: None)
        settings = json.loads((out / "factcheck.json").read_text())
        assert settings["unlabelled"] == [{"file": "copy.txt", "sha256": file_sha256(unlabelled)}]
        ranking[name] = average_precision(labels, ClaimScorer(out, precision="fp32").score(texts))
    assert ranking["centred"] > 0.9 and ranking["opposite"] < 0.6
    with pytest.raises(DataError, match="need a teacher"):
        train_classifier([tiny_training_data], tmp_path / "alone", recipe=recipe, base_model=tiny_model, unlabelled=[unlabelled], log=lambda _: None)


def test_cross_validation_distils_each_fold_from_a_teacher_that_never_saw_its_held_out_part(tiny_model, tiny_training_data, tmp_path, monkeypatch):
    import factcheck.train as train

    teacher_recipe = Recipe(epochs=1, batch_size=8, max_length=32, seed=1, bf16_forward=True)
    recipe = Recipe(epochs=1, batch_size=8, max_length=32, seed=1, distillation_weight=0.5)
    tuned = []  # each fine-tune's recipe, training texts in order and teacher's scores

    def recording(base, records, recipe, *args, **kwargs):
        tuned.append((recipe, [r.text for r in records], kwargs.get("taught")))
        return original(base, records, recipe, *args, **kwargs)

    original = train._fine_tune
    monkeypatch.setattr(train, "_fine_tune", recording)
    monkeypatch.setattr(train, "_cpu_has_bf16", lambda: True)

    def run():
        return cross_validate(
            tiny_training_data, recipe, tmp_path, folds=2, base_model=tiny_model, teacher_base=tiny_model, teacher_recipe=teacher_recipe, log=lambda _: None
        )

    results = run()
    texts = [r.text for r in read_sentence_records(tiny_training_data, labelled=True)]
    teachers, students = tuned[0::2], tuned[1::2]
    assert [t[0] for t in teachers] == [teacher_recipe] * 2 and [s[0] for s in students] == [recipe] * 2
    for result, (_, taught_on, _), (_, learned_on, taught) in zip(results, teachers, students):
        assert taught_on == learned_on == [text for i, text in enumerate(texts) if i not in result.held_out]
        teacher = tmp_path / f"fold{result.fold}-teacher"
        assert taught == pytest.approx(teacher_scores(teacher, learned_on, recipe), abs=1e-6)
        assert json.loads((teacher / "factcheck.json").read_text())["recipe"] == asdict(teacher_recipe)
    assert [r.metrics for r in run()] == [r.metrics for r in results] and len(tuned) == 4  # picked up, nothing trained again
    other_base = shutil.copytree(tiny_model, tmp_path / "other-base")
    cross_validate(
        tiny_training_data, recipe, tmp_path, folds=2, base_model=tiny_model, teacher_base=other_base, teacher_recipe=teacher_recipe, log=lambda _: None
    )
    assert len(tuned) == 8  # a teacher from another base, and the students it taught, are trained anew
    for k in (1, 2):
        assert json.loads((tmp_path / f"fold{k}-teacher" / "factcheck.json").read_text())["base"]["model"] == "other-base"
        assert json.loads((tmp_path / f"fold{k}" / "factcheck.json").read_text())["teacher_base"]["model"] == "other-base"
    with pytest.raises(DataError, match=r"needs a teacher model \(teacher_base\)"):
        cross_validate(tiny_training_data, recipe, tmp_path / "untaught", folds=2, base_model=tiny_model, log=lambda _: None)


@pytest.fixture(scope="module")
def news_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("news")
    train = [{"text": f"The river rose {n} metres on day {n}.", "label": 1} for n in range(10)]
    train += [{"text": f"Reporter number {n} reports from the bank.", "label": 0} for n in range(10)]
    held_out = [{"text": f"Rainfall reached {n} millimetres in {2000 + n}.", "label": 1} for n in range(20)]
    held_out += [{"text": f"Our correspondent {n} is in the town.", "label": 0} for n in range(20)]
    (folder / "train.json").write_text(json.dumps({"format": {"layout": "test"}, "sentences": train}), encoding="utf-8")
    (folder / "validation.json").write_text(json.dumps({"format": {"layout": "test"}, "sentences": held_out}), encoding="utf-8")
    return folder


def test_training_mixes_a_weighted_file_and_takes_the_threshold_for_recall_on_held_out_data(
    tiny_model, tiny_training_data, news_files, tmp_path
):
    out = tmp_path / "model"
    recipe = Recipe(epochs=1, batch_size=8, max_length=32, validation_fraction=0.25, seed=1)
    metrics = train_classifier(
        [tiny_training_data, f"{news_files / 'train.json'}:3:2"],
        out,
        recipe=recipe,
        base_model=tiny_model,
        threshold_data=news_files / "validation.json",
        target_recall=0.9,
        log=lambda _: None,
    )
    settings = json.loads((out / "factcheck.json").read_text())
    assert [(entry.get("weight", 1), entry.get("claim_weight", 1)) for entry in settings["data"]] == [(1, 1), (3.0, 2.0)]
    assert [f["file"] for f in settings["threshold_data"]["files"]] == ["validation.json"] and settings["threshold_data"]["target_recall"] == 0.9
    assert metrics.sentences == 19  # a quarter of each class of each file: 15 of the 60, 2 + 2 of the 20
    # Each file's held-out share is the one it has alone, and evaluate re-creates it from either.
    assert evaluate_model(tiny_training_data, out, split="validation").sentences == 15
    assert evaluate_model(news_files / "train.json", out, split="validation").sentences == 4
    held_out = json.loads((news_files / "validation.json").read_text())["sentences"]
    labels = [r["label"] for r in held_out]
    for precision in ("fp32", "bf16", "int8"):
        scorer = ClaimScorer(out, precision=precision)
        recorded = settings if precision == "fp32" else settings[precision]
        on_held_out = metrics_at(labels, scorer.score([r["text"] for r in held_out]), scorer.threshold)
        assert on_held_out.recall >= 0.9
        assert recorded["on_threshold_data"]["recall"] == pytest.approx(on_held_out.recall, abs=1e-4)


def test_threshold_data_must_be_held_out_of_training(tiny_model, news_files, tmp_path):
    with pytest.raises(DataError, match="also in the training data"):
        train_classifier(
            [news_files / "train.json", news_files / "validation.json"],
            tmp_path / "model",
            base_model=tiny_model,
            threshold_data=news_files / "validation.json",
            log=lambda _: None,
        )


def test_calibrate_chooses_the_threshold_again_on_new_held_out_data_and_leaves_the_weights(tiny_trained, tiny_training_data, news_files, tmp_path):
    trained, _ = tiny_trained
    model = tmp_path / "model"
    shutil.copytree(trained, model)
    before = json.loads((model / "factcheck.json").read_text())
    weights = file_sha256(model / "model.safetensors")
    recalibrate(model, [tiny_training_data], threshold_data=news_files / "validation.json", target_recall=0.9)
    settings = json.loads((model / "factcheck.json").read_text())
    assert settings["threshold_data"]["files"] == [{"file": "validation.json", "sha256": file_sha256(news_files / "validation.json")}]
    held_out = json.loads((news_files / "validation.json").read_text())["sentences"]
    labels = [r["label"] for r in held_out]
    for precision in ("fp32", "bf16", "int8"):
        scorer = ClaimScorer(model, precision=precision)
        old, new = (before, settings) if precision == "fp32" else (before[precision], settings[precision])
        # The temperature is fitted on the same validation share as in training; only the
        # threshold's rule changed, to the highest that keeps recall 0.9 on the new data.
        assert new["temperature"] == old["temperature"]
        assert scorer.threshold == recall_threshold(labels, scorer.score([r["text"] for r in held_out]), 0.9)
        assert new["on_threshold_data"]["recall"] >= 0.9
    assert file_sha256(model / "model.safetensors") == weights
    assert settings["recipe"] == before["recipe"] and settings["data"] == before["data"]
    # Without threshold data the rule is training's own again: the F1 threshold on validation.
    recalibrate(model, [tiny_training_data])
    again = json.loads((model / "factcheck.json").read_text())
    assert again == before


def test_calibrate_command_refuses_data_the_model_was_not_trained_on_and_leaves_it_alone(tiny_trained, news_files, tmp_path):
    trained, _ = tiny_trained
    model = tmp_path / "model"
    shutil.copytree(trained, model)
    before = (model / "factcheck.json").read_bytes()
    result = subprocess.run(
        [sys.executable, "-m", "factcheck", "calibrate", "--model", model, "--data", news_files / "train.json",
         "--threshold-data", news_files / "validation.json"],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("factcheck: error:") and "labelled.json" in result.stderr and len(result.stderr.splitlines()) == 1
    assert (model / "factcheck.json").read_bytes() == before


def test_train_command_refuses_a_bad_weight_in_one_line(tmp_path):
    data = tmp_path / "data.json"
    data.write_text(json.dumps([{"text": "a", "label": 1}, {"text": "b", "label": 0}]))
    result = subprocess.run(
        [sys.executable, "-m", "factcheck", "train", "--data", f"{data}:0", "--out", tmp_path / "model"],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"factcheck: error: {data}:0: a data file's weights must be positive numbers"]
    assert not (tmp_path / "model").exists()


@pytest.mark.parametrize(
    ("option", "value", "error"),
    [
        ("--averaged-runs", "0", "averaged_runs cannot be 0: it must be 1 or more"),
        ("--epochs", "0", "epochs cannot be 0: it must be 1 or more"),
        ("--learning-rate", "-0.001", "learning_rate cannot be -0.001: it must be a number above 0"),
        ("--consistency-weight", "-1", "consistency_weight cannot be -1.0: it must be 0 or more"),
        ("--distillation-weight", "1.5", "distillation_weight cannot be 1.5: it must be from 0 to 1"),
    ],
)
def test_train_command_refuses_settings_no_training_could_run_with_in_one_line(tmp_path, option, value, error):
    data = tmp_path / "data.json"
    data.write_text(json.dumps([{"text": "a", "label": 1}, {"text": "b", "label": 0}]))
    result = subprocess.run(
        [sys.executable, "-m", "factcheck", "train", "--data", str(data), option, value, "--out", tmp_path / "model"],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"factcheck: error: training settings: {error}"]
    assert not (tmp_path / "model").exists()


@pytest.mark.parametrize(
    ("options", "error"),
    [
        (["--teacher", "somewhere"], "a teacher needs a distillation weight above 0 (--distillation-weight)"),
        (["--distillation-weight", "0.5"], "a distillation weight needs a teacher model (--teacher)"),
        (["--distillation-weight", "0.5", "--teacher", "{data}"], "{data}: not a model directory (no config.json)"),
        (["--unlabelled", "{data}"], "unlabelled sentences need a teacher and a distillation weight above 0"),
    ],
)
def test_train_command_refuses_distillation_without_a_teacher_model_in_one_line(tiny_model, tmp_path, options, error):
    data = tmp_path / "data.json"
    data.write_text(json.dumps([{"text": f"a {n}", "label": n % 2} for n in range(20)]))
    result = subprocess.run(
        [sys.executable, "-m", "factcheck", "train", "--data", str(data), *[o.format(data=data) for o in options], "--out", tmp_path / "model"],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"factcheck: error: {error.format(data=data)}"]
    assert not (tmp_path / "model").exists()


@pytest.mark.parametrize(
    "setting",
    [
        {"epochs": 0},
        {"learning_rate": float("nan")},
        {"batch_size": 0},
        {"max_length": 2},
        {"warmup_fraction": 1.5},
        {"weight_decay": -0.1},
        {"validation_fraction": 1.0},
        {"layer_decay": 0.0},
        {"adversarial_epsilon": -1.0},
        {"consistency_weight": float("inf")},
        {"averaged_runs": 0},
        {"precision": "fp16"},
    ],
)
def test_a_recipe_no_training_could_run_with_is_refused_where_it_is_made(setting):
    (name, value), = setting.items()
    with pytest.raises(ValueError, match=f"^{name} cannot be "):
        Recipe(**setting)
    with pytest.raises(ValueError, match=f"^{name} cannot be "):
        replace(Recipe(), **setting)


def test_threshold_data_may_be_several_files_pooled(tiny_model, tiny_training_data, news_files, tmp_path):
    out = tmp_path / "model"
    recipe = Recipe(epochs=1, batch_size=8, max_length=32, validation_fraction=0.25, seed=1)
    more = [{"text": f"Snowfall reached {n} centimetres in {1980 + n}.", "label": 1} for n in range(8)]
    more += [{"text": f"Our reporter {n} is at the station.", "label": 0} for n in range(8)]
    (tmp_path / "more.json").write_text(json.dumps({"sentences": more}), encoding="utf-8")
    files = [news_files / "validation.json", tmp_path / "more.json"]
    train_classifier([tiny_training_data], out, recipe=recipe, base_model=tiny_model, threshold_data=files, target_recall=0.9, log=lambda _: None)
    settings = json.loads((out / "factcheck.json").read_text())
    assert [f["sha256"] for f in settings["threshold_data"]["files"]] == [file_sha256(f) for f in files]
    pooled = [r for f in files for r in json.loads(f.read_text())["sentences"]]
    assert settings["threshold_data"]["sentences"] == len(pooled)
    scorer = ClaimScorer(out)
    on_pooled = metrics_at([r["label"] for r in pooled], scorer.score([r["text"] for r in pooled]), scorer.threshold)
    assert on_pooled.recall >= 0.9 and settings["int8"]["on_threshold_data"]["recall"] == pytest.approx(on_pooled.recall, abs=1e-4)


def test_cross_validation_mixes_extra_data_into_every_fold_and_retrains_when_its_weight_changes(
    tiny_model, tiny_training_data, news_files, tmp_path, monkeypatch
):
    import factcheck.train as train

    trained = []
    original = train._fine_tune
    monkeypatch.setattr(train, "_fine_tune", lambda *args, **kwargs: trained.append(args) or original(*args, **kwargs))
    recipe = Recipe(epochs=1, batch_size=8, max_length=32, seed=1)

    def run(weight):
        return cross_validate(
            tiny_training_data, recipe, tmp_path, folds=2, base_model=tiny_model,
            extra_data=[f"{news_files / 'train.json'}:{weight}"],
            threshold_data=news_files / "validation.json", target_recall=0.9, log=lambda _: None,
        )

    results = run(3)
    assert len(trained) == 2
    for (_, records, _, _, weights), result in zip(trained, results):
        assert len(records) == 30 + 20 and len(result.held_out) == 30  # the news file is never held out
        assert weights == [1.0] * 30 + [3.0] * 20
        settings = json.loads((result.model_dir / "factcheck.json").read_text())
        assert settings["extra_data"][0]["weight"] == 3.0 and settings["threshold_data"]["target_recall"] == 0.9
        assert settings["int8"]["on_threshold_data"]["recall"] >= 0.9
        assert result.metrics.threshold == settings["int8"]["threshold"]
    assert [r.metrics for r in run(3)] == [r.metrics for r in results] and len(trained) == 2  # settled again, not trained
    run(2)
    assert len(trained) == 4  # another weight is another training


def _make_train_options(program: str) -> dict[str, list[str]]:
    """The options of the command that runs ``program`` in make train's recipe, as make would
    run it (variables expanded); positional arguments are under ""."""
    recipe = subprocess.run(["make", "--no-print-directory", "-n", "train"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    (line,) = [line for line in recipe.replace("\\\n", " ").splitlines() if program in line]
    options: dict[str, list[str]] = {}
    name = ""
    for word in shlex.split(line.split(program, 1)[1]):
        if word.startswith("--"):
            name, options[word] = word, []
        else:
            options.setdefault(name, []).append(word)
    return options


def test_make_train_trains_on_the_files_the_shipped_model_records():
    # `make train` must re-create the shipped model: same data files (by content), same
    # threshold data, recall target and recipe as its factcheck.json records, and a teacher
    # trained on the student's files when the recipe distils.
    options = _make_train_options("factcheck train")
    settings = json.loads((ROOT / "models" / "claim-detector" / "factcheck.json").read_text(encoding="utf-8"))
    assert options["--out"] == ["models/claim-detector"]
    assert [file_sha256(ROOT / path) for path in options["--data"]] == [entry["sha256"] for entry in settings["data"]]
    assert int(options.get("--averaged-runs", ["1"])[0]) == settings["recipe"].get("averaged_runs", 1)
    assert float(options.get("--consistency-weight", ["0"])[0]) == settings["recipe"].get("consistency_weight", 0.0)
    assert float(options.get("--distillation-weight", ["0"])[0]) == settings["recipe"].get("distillation_weight", 0.0)
    if "--threshold-data" in options:
        assert [file_sha256(ROOT / path) for path in options["--threshold-data"]] == [f["sha256"] for f in settings["threshold_data"]["files"]]
        assert settings["threshold_data"]["target_recall"] == float(options["--target-recall"][0])
    else:
        assert "threshold_data" not in settings
    if settings["recipe"].get("distillation_weight"):
        teacher = _make_train_options("distill_teacher.py train")
        base, teacher_dir = teacher[""]
        assert options["--teacher"] == [teacher_dir]
        assert teacher["--data"] == options["--data"]
        assert settings["teacher"]["model"] == Path(teacher_dir).name


def test_training_into_a_model_directory_replaces_everything_but_its_model_card(tiny_model, tiny_training_data, tmp_path):
    out = tmp_path / "model"
    out.mkdir()
    (out / "MODEL_CARD.md").write_text("# our card\n\nFigures written by hand.\n", encoding="utf-8")
    (out / "pytorch_model.bin").write_bytes(b"stale weights")
    recipe = Recipe(epochs=1, batch_size=8, max_length=32, validation_fraction=0.25, seed=1)
    train_classifier([tiny_training_data], out, recipe=recipe, base_model=tiny_model, log=lambda _: None)
    assert (out / "MODEL_CARD.md").read_text(encoding="utf-8") == "# our card\n\nFigures written by hand.\n"
    assert not (out / "pytorch_model.bin").exists()
    assert (out / "model.safetensors").is_file()


def test_an_averaged_recipe_ships_the_mean_of_its_runs_and_reuses_runs_trained_before(tiny_model, tiny_training_data, tmp_path, monkeypatch):
    import factcheck.train as train

    trained = []
    original = train._fine_tune
    monkeypatch.setattr(train, "_fine_tune", lambda *args, **kwargs: trained.append(args[5:]) or original(*args, **kwargs))
    recipe = Recipe(epochs=1, batch_size=8, max_length=32, seed=1, averaged_runs=2)
    results = cross_validate(tiny_training_data, recipe, tmp_path, folds=2, base_model=tiny_model, log=lambda _: None)
    assert trained == [(0,), (1,), (0,), (1,)]
    for result in results:
        runs = [load_file(str(tmp_path / f"fold{result.fold}-run{run}" / "model.safetensors")) for run in (0, 1)]
        averaged = load_file(str(result.model_dir / "model.safetensors"))
        assert not torch.equal(runs[0]["classifier.weight"], runs[1]["classifier.weight"])  # two orders, two models
        for name, tensor in averaged.items():
            if tensor.is_floating_point():
                assert torch.allclose(tensor.float(), (runs[0][name].float() + runs[1][name].float()) / 2, atol=1e-3)
        assert json.loads((result.model_dir / "factcheck.json").read_text())["recipe"]["averaged_runs"] == 2
        # saved as a single run's is, not as the base model's (which pads every text to 128)
        padding = [json.loads((d / "tokenizer.json").read_text())["padding"] for d in (result.model_dir, tmp_path / f"fold{result.fold}-run0")]
        assert padding[0] == padding[1]
    # a fold's first run is, bit for bit, the single-run recipe's fold model (trained anew here)
    single = cross_validate(tiny_training_data, replace(recipe, averaged_runs=1), tmp_path / "single", folds=2, base_model=tiny_model, log=lambda _: None)
    assert len(trained) == 6
    for result in single:
        assert torch.equal(load_file(str(result.model_dir / "model.safetensors"))["classifier.weight"], load_file(str(tmp_path / f"fold{result.fold}-run0" / "model.safetensors"))["classifier.weight"])
    shutil.rmtree(tmp_path / "fold1")
    cross_validate(tiny_training_data, recipe, tmp_path, folds=2, base_model=tiny_model, log=lambda _: None)
    assert len(trained) == 6  # both runs of fold 1 were on disk: averaged again, not trained


def test_fine_tuning_a_saved_model_again_steps_in_fp32(tiny_trained, tiny_training_data):
    # A saved model stores fp16 weights (and says so in config.json); AdamW's small steps
    # vanish in fp16, and CPU fp16 arithmetic is many times slower.
    import factcheck.train as train

    out, _ = tiny_trained
    assert json.loads((out / "config.json").read_text())["dtype"] == "float16"
    records = read_sentence_records(tiny_training_data, labelled=True)
    model, _ = train._fine_tune(out, records, Recipe(epochs=1, batch_size=8, max_length=32, seed=1), lambda _: None)
    assert {parameter.dtype for parameter in model.parameters()} == {torch.float32}

