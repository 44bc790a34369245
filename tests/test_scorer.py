"""ClaimScorer on a tiny random BERT built in a temp folder: the real loading and batching code."""

import json
import shutil

import pytest

from factcheck import ClaimScorer, ModelError
from factcheck.scorer import positive_label_index

SENTENCES = [
    "The economy grew 5 percent last year.",
    "Hello.",
    "In 2014 the government spent 3 million on roads, twice the amount of the year before.",
    "Thanks.",
    "x " * 400,  # longer than max_length: truncated, still scored
]


def test_scores_are_probabilities_in_input_order(tiny_model):
    scorer = ClaimScorer(tiny_model, batch_size=2)
    scores = scorer.score(SENTENCES)
    assert len(scores) == len(SENTENCES)
    assert all(0.0 <= s <= 1.0 for s in scores)
    one_at_a_time = [ClaimScorer(tiny_model, batch_size=1).score([text])[0] for text in SENTENCES]
    assert scores == pytest.approx(one_at_a_time, abs=1e-5)


def test_model_loads_lazily_and_threshold_needs_no_weights(tiny_model):
    scorer = ClaimScorer(tiny_model)
    assert scorer.threshold == 0.0
    assert scorer._model is None
    assert scorer.score([]) == []
    assert scorer._model is None
    scorer.score(["One sentence."])
    assert scorer._model is not None


def test_positive_label_comes_from_config_names():
    labels = {0: "check-worthy", 1: "not check-worthy"}
    assert positive_label_index(labels, "check-worthy") == 0
    assert positive_label_index({0: "a", 1: "b"}, None) == 1
    with pytest.raises(ModelError, match="no label"):
        positive_label_index(labels, "worthy")
    with pytest.raises(ModelError, match="3 labels"):
        positive_label_index({0: "a", 1: "b", 2: "c"}, None)


def test_swapped_labels_give_the_complementary_score(tiny_model, tmp_path):
    swapped = tmp_path / "swapped"
    shutil.copytree(tiny_model, swapped)
    settings = json.loads((swapped / "factcheck.json").read_text())
    settings["positive_label"] = "not check-worthy"
    (swapped / "factcheck.json").write_text(json.dumps(settings))
    [original] = ClaimScorer(tiny_model).score([SENTENCES[0]])
    [other] = ClaimScorer(swapped).score([SENTENCES[0]])
    assert original + other == pytest.approx(1.0, abs=1e-5)


def test_missing_or_broken_model_directory_is_a_model_error(tmp_path):
    with pytest.raises(ModelError, match="no model directory"):
        ClaimScorer(tmp_path / "nowhere")
    (tmp_path / "config.json").write_text("{}")
    with pytest.raises(ModelError, match="cannot load"):
        ClaimScorer(tmp_path).score(["A sentence."])


def test_bad_settings_file_is_a_model_error(tiny_model, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(tiny_model, broken)
    (broken / "factcheck.json").write_text('{"threshold": "high"}')
    with pytest.raises(ModelError, match="not valid model settings"):
        ClaimScorer(broken).threshold


def test_quantized_scorer_uses_int8_linear_layers_and_still_gives_probabilities(tiny_model):
    import torch

    scorer = ClaimScorer(tiny_model, quantize=True)
    scores = scorer.score(SENTENCES)
    assert all(0.0 <= s <= 1.0 for s in scores)
    kinds = {type(m).__module__ for m in scorer._model.modules() if "Linear" in type(m).__name__}
    assert kinds and all("quantized" in k for k in kinds)
    assert not any(type(m) is torch.nn.Linear for m in scorer._model.modules())
