"""ClaimScorer on a tiny random BERT built in a temp folder: the real loading and batching code."""

import json
import math
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


@pytest.mark.parametrize("precision", ["bf16", "int8"])
def test_each_precision_replaces_every_linear_layer_and_keeps_scores_close(tiny_model, precision):
    import torch

    from factcheck.precision import LAYERS

    exact = ClaimScorer(tiny_model, precision="fp32").score(SENTENCES)
    scorer = ClaimScorer(tiny_model, precision=precision)
    scores = scorer.score(SENTENCES)
    assert not any(type(m) is torch.nn.Linear for m in scorer._model.modules())
    # the tiny model: 2 layers of 4 linears (query, key and value in one), the pooler, the classifier
    assert sum(type(m) is LAYERS[precision] for m in scorer._model.modules()) == 2 * 4 + 2
    assert scores == pytest.approx(exact, abs=0.02)
    assert scores != exact


@pytest.mark.parametrize("precision", ["fp32", "bf16", "int8"])
def test_a_sentence_scores_the_same_whatever_it_is_batched_with(tiny_model, precision):
    # Same token length as the first of SENTENCES, other words: batched together, unpadded.
    same_length = ["The economy fell 7 percent last year.", "The economy rose 9 percent last year."]
    texts = [*SENTENCES, *same_length, "Short.", "x " * 30]
    alone = [ClaimScorer(tiny_model, precision=precision, batch_size=1).score([t])[0] for t in texts]
    scorer = ClaimScorer(tiny_model, precision=precision)
    scorer.load()
    lengths = [len(row["input_ids"]) for row in scorer.preprocess(texts)]
    assert lengths[0] == lengths[5] == lengths[6]
    assert scorer.score(texts) == pytest.approx(alone, abs=1e-6)
    assert scorer.score(list(reversed(texts))) == pytest.approx(list(reversed(alone)), abs=1e-6)


def test_the_int8_layer_matches_fp32_products_to_its_rounding():
    import torch

    from factcheck.precision import Int8Linear

    torch.manual_seed(0)
    linear = torch.nn.Linear(64, 32)
    rows = torch.nn.functional.gelu(torch.randn(5, 64)) * torch.tensor([[1.0], [10.0], [0.1], [3.0], [1.0]])
    rows[4] = 0.0
    with torch.inference_mode():
        exact, approximate = linear(rows), Int8Linear(linear)(rows)
    # Each row has its own scale: the error follows that row's size, not the largest row's.
    error = (approximate - exact).abs().amax(dim=1) / rows.abs().amax(dim=1).clamp_min(1e-6)
    assert (error[:4] < 0.05).all()
    assert torch.equal(approximate[4], linear.bias.detach())  # zeros are exact


def test_fp32_sums_of_int8_products_are_exact_where_one_fp32_product_is_not():
    import torch

    from factcheck.precision import exact_blocks, exact_fp32_products

    # 1,399 products of -128 * 127 take a sum past 2**24, above which fp32 holds only even
    # integers; the 137 products of +-1 after them would be rounded away in one fp32 product.
    width = 1536
    values = torch.full((2, width), -128.0)
    values[:, 1399:] = 1.0
    values[1, :700] = torch.randint(-128, 128, (700,), generator=torch.Generator().manual_seed(0)).float()
    weight_t = torch.full((width, 3), 127.0)
    weight_t[1399:] = torch.tensor([1.0, -1.0, 3.0])
    exact = (values.long() @ weight_t.long()).float()  # int64 sums, rounded to fp32 once
    assert exact_blocks(width) == [768, 768] and exact_blocks(384) == [384] and exact_blocks(3000) == [1000] * 3
    assert torch.equal(exact_fp32_products(values, weight_t, exact_blocks(width)), exact)
    assert torch.equal(torch._int_mm(values.to(torch.int8), weight_t.to(torch.int8)).float(), exact)


@pytest.mark.parametrize("width", [64, 1536, 3000])
def test_the_int8_layer_gives_the_same_outputs_with_either_kernel(width):
    import torch

    from factcheck.precision import Int8Linear

    torch.manual_seed(width)
    linear = torch.nn.Linear(width, 48)
    rows = torch.randn(3, 7, width) * torch.tensor([1.0, 30.0, 0.01])[:, None, None]
    with torch.inference_mode():
        by_int32 = Int8Linear(linear, int_kernel=True)(rows)
        by_fp32 = Int8Linear(linear, int_kernel=False)(rows)
    assert torch.equal(by_int32, by_fp32)


@pytest.mark.slow
def test_the_shipped_model_scores_the_same_whichever_int8_kernel_this_cpu_runs(monkeypatch):
    # torch._int_mm is slow on CPUs without int8 dot-product instructions, where the fp32
    # kernel is taken instead: scores, the threshold and the card's figures must not move.
    from factcheck import precision
    from factcheck.segment import split_sentences

    from .conftest import EXAMPLE_ARTICLE

    texts = [s.text for s in split_sentences(EXAMPLE_ARTICLE.read_text(encoding="utf-8"))]
    scores = {}
    for int_kernel in (True, False):
        monkeypatch.setattr(precision, "int8_products_are_fast", lambda int_kernel=int_kernel: int_kernel)
        scorer = ClaimScorer()
        scores[int_kernel] = scorer.score(texts)
        assert scorer.precision == "int8"
        assert {m.blocks is None for m in scorer._model.modules() if isinstance(m, precision.Int8Linear)} == {int_kernel}
    assert len(texts) == 14 and scores[True] == scores[False]


def transformers_scores(model_dir, texts, max_length):
    """Check-worthy probabilities computed by transformers itself, for comparison."""
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    model = AutoModelForSequenceClassification.from_pretrained(model_dir, dtype=torch.float32).eval()
    with torch.inference_mode():
        inputs = tokenizer(texts, padding=True, truncation=True, max_length=max_length, return_tensors="pt")
        return model(**inputs).logits.softmax(-1)[:, 1].tolist()


def test_a_bert_directory_is_scored_without_transformers_and_gives_its_scores(tiny_model):
    from factcheck.bert import BertClassifier

    scorer = ClaimScorer(tiny_model)
    scores = scorer.score(SENTENCES)
    assert isinstance(scorer._model, BertClassifier)
    assert scores == pytest.approx(transformers_scores(tiny_model, SENTENCES, 64), abs=1e-6)
    # one at a time, so no padding at all, gives the same again
    assert [scorer.score([s])[0] for s in SENTENCES] == pytest.approx(scores, abs=1e-6)


def test_other_architectures_and_directories_without_tokenizer_json_go_through_transformers(tiny_model, tmp_path):
    import torch
    from transformers import DistilBertConfig, DistilBertForSequenceClassification

    from factcheck.bert import BertClassifier

    distil = tmp_path / "distil"
    shutil.copytree(tiny_model, distil)
    (distil / "model.safetensors").unlink()
    torch.manual_seed(0)
    config = DistilBertConfig(
        vocab_size=json.loads((tiny_model / "config.json").read_text())["vocab_size"],
        dim=32, n_layers=1, n_heads=2, hidden_dim=64, id2label={0: "no", 1: "check-worthy"}, label2id={"no": 0, "check-worthy": 1},
    )
    DistilBertForSequenceClassification(config).save_pretrained(distil)
    scorer = ClaimScorer(distil)
    scores = scorer.score(SENTENCES)
    assert not isinstance(scorer._model, BertClassifier)
    assert scores == pytest.approx(transformers_scores(distil, SENTENCES, 64), abs=1e-6)

    vocab_only = tmp_path / "vocab-only"
    shutil.copytree(tiny_model, vocab_only)
    (vocab_only / "tokenizer.json").unlink()
    scorer = ClaimScorer(vocab_only)
    assert scorer.score(SENTENCES) == pytest.approx(transformers_scores(vocab_only, SENTENCES, 64), abs=1e-6)
    assert not isinstance(scorer._model, BertClassifier)


def test_weights_that_do_not_fit_the_config_are_a_model_error(tiny_model, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(tiny_model, broken)
    config = json.loads((broken / "config.json").read_text())
    config["num_hidden_layers"] = 3
    (broken / "config.json").write_text(json.dumps(config))
    with pytest.raises(ModelError, match="weights do not match its config"):
        ClaimScorer(broken).score(["A sentence."])
    (broken / "model.safetensors").write_bytes(b"not safetensors")
    with pytest.raises(ModelError, match="cannot load a classifier"):
        ClaimScorer(broken).score(["A sentence."])


def test_the_model_directory_says_which_precision_and_each_has_its_own_calibration(tiny_model, tmp_path):
    from factcheck.precision import Int8Linear

    int8_model = tmp_path / "int8"
    shutil.copytree(tiny_model, int8_model)
    settings = json.loads((tiny_model / "factcheck.json").read_text())
    settings.update(
        precision="int8", threshold=0.4, temperature=1.0,
        int8={"threshold": 0.6, "temperature": 2.0}, bf16={"threshold": 0.5, "temperature": 1.5},
    )
    (int8_model / "factcheck.json").write_text(json.dumps(settings))

    recommended = ClaimScorer(int8_model)
    assert (recommended.precision, recommended.threshold, recommended.temperature) == ("int8", 0.6, 2.0)
    margins = recommended.margins(SENTENCES)
    assert recommended.score(SENTENCES) == pytest.approx([1 / (1 + math.exp(-m / 2.0)) for m in margins], abs=1e-6)
    assert all(type(m) is Int8Linear for m in recommended._model.modules() if "Linear" in type(m).__name__)

    assert (ClaimScorer(int8_model, precision="fp32").threshold, ClaimScorer(int8_model, precision="bf16").threshold) == (0.4, 0.5)
    exact = ClaimScorer(int8_model, precision="fp32")
    exact.load()
    assert not any(type(m) is Int8Linear for m in exact._model.modules())
    del settings["bf16"]
    (int8_model / "factcheck.json").write_text(json.dumps(settings))
    assert ClaimScorer(int8_model, precision="bf16").threshold == 0.4  # not fitted for bf16: fp32's
    assert ClaimScorer(tiny_model).precision == "fp32"  # no precision in its settings
    with pytest.raises(ValueError, match="precision must be one of fp32, bf16, int8"):
        ClaimScorer(tiny_model, precision="int4")
    settings["precision"] = "int4"
    (int8_model / "factcheck.json").write_text(json.dumps(settings))
    with pytest.raises(ModelError, match="not valid model settings"):
        ClaimScorer(int8_model).threshold
