"""bench/gpu_distill.py, run where no GPU is (its fallback) on a tiny model and a tiny news set:
the teacher's base is joined from its parts, every student run trains in its own process (with
fixed targets, or matching the teacher on views), pairs are averaged and read on validation
data, and the first pair of a brought arm comes back in parts that join into the averaged model."""

import json
import math
import os
import shutil
import subprocess
import sys

from safetensors.torch import load

from .conftest import ROOT
from .test_gpu_screen import tiny_news_set

sys.path.insert(0, str(ROOT / "bench"))
from gpu_distill import MatchedViews  # noqa: E402


def test_a_screen_joins_the_teacher_trains_each_run_and_reads_averaged_pairs(tiny_model, tmp_path):
    carries = [tmp_path / f"carry{k}" for k in range(3)]
    blob = (tiny_model / "model.safetensors").read_bytes()
    half = len(blob) // 2
    for k, carry in enumerate(carries[:2]):
        carry.mkdir()
        (carry / f"teacher-base.part{k}").write_bytes(blob[k * half : (k + 1) * half if k == 0 else None])
    shutil.copytree(tiny_model, carries[0] / "teacher-base", ignore=shutil.ignore_patterns("model.safetensors"))
    shutil.copytree(tiny_model, carries[2] / "base")
    debates = [{"text": f"In {1990 + i} the state spent {i} million on roads.", "label": 1} for i in range(14)]
    debates += [{"text": f"I think we should talk about thing number {i} tonight.", "label": 0} for i in range(26)]
    (carries[2] / "claimbuster-train.json").write_text(json.dumps(debates), encoding="utf-8")
    news = tiny_news_set(tmp_path / "news", ("train", "train-more", "train-copy", "train-hard", "validation", "blind-validation", "fresh-validation", "rule-validation"), 7)
    out = tmp_path / "out"
    out.mkdir()
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "gpu_distill.py"), "run", *map(str, carries), "--news", str(news),
         "--epochs", "1", "--matching", "2", "--drop", "0.3", "0.5", "--runs", "2", "--bring", "matched", "--work", str(tmp_path / "work")],
        capture_output=True, text=True, timeout=900, env=os.environ | {"OUT": str(out)},
    )
    assert result.returncode == 0, result.stderr
    screen = json.loads((out / "gpu_distill.json").read_text(encoding="utf-8"))
    assert (tmp_path / "work" / "teacher-base" / "model.safetensors").read_bytes() == blob
    assert screen["teacher"]["recipe"]["learning_rate"] == 2e-5
    assert list(screen["recipes"]) == ["1", "m2-0.3", "m2-0.5"]  # an arm for each drop
    assert "views" not in screen["recipes"]["1"] and screen["recipes"]["m2-0.5"]["views"] == {"word_drop": 0.5}
    for epochs, entry in zip((1, 2, 2), screen["recipes"].values()):
        assert entry["recipe"]["epochs"] == epochs
        assert entry["recipe"]["consistency_weight"] == 2.0 and entry["recipe"]["distillation_weight"] == 0.9
        assert sorted(entry["runs"]) == ["0", "1"] and list(entry["averaged"]) == ["0+1"]
        pooled = entry["averaged"]["0+1"]["pooled threshold data"]
        # the shipped rule: recall 0.99 of the pooled blind and fresh claims, 14 here
        assert pooled["claims_flagged"] == 14 and pooled["recall"] == 1.0
        for name in ("pooled threshold data", "news validation", "rule validation", "ClaimBuster validation share"):
            assert 0 <= entry["averaged"]["0+1"][name]["fpr"] <= 1 and 0 <= entry["averaged"]["0+1"][name]["pr_auc"] <= 1
        # Each sentence's margin is kept, in the set's order: the rule's count of pooled claims
        # read again from them (calibrated by the model's temperature) is the screen's.
        averaged = entry["averaged"]["0+1"]
        margins = averaged["margins"]
        assert [len(margins[name]) for name in ("news validation", "rule validation", "pooled threshold data")] == [14, 14, 28]
        claims = [json.loads((news / f"{name}.json").read_text())["sentences"] for name in ("blind-validation", "fresh-validation")]
        labels = [sentence["label"] for part in claims for sentence in part]
        scores = [1 / (1 + math.exp(-margin / averaged["temperature"])) for margin in margins["pooled threshold data"]]
        assert sum(label and score >= averaged["threshold"] - 1e-3 for label, score in zip(labels, scores)) == pooled["claims_flagged"]
    # The matched runs learned from the teacher the screen fine-tuned, saved for their processes.
    assert (tmp_path / "work" / "teacher" / "model.safetensors").is_file()
    assert "epoch 2/2" in (tmp_path / "work" / "student-m2-0.5-1.log").read_text()
    # Only one model fits in what the machine returns: the matched arm ranking debates better.
    debates = {arm: screen["recipes"][arm]["averaged"]["0+1"]["ClaimBuster validation share"]["pr_auc"] for arm in ("m2-0.3", "m2-0.5")}
    assert screen["brought"] == max(debates, key=debates.get)
    parts = sorted(out.glob(f"student-{screen['brought']}.safetensors.part*"))
    assert parts and len(list(out.glob("student-*"))) == len(parts)
    weights = load(b"".join(p.read_bytes() for p in parts))
    assert weights["classifier.weight"].dtype.is_floating_point and weights["classifier.weight"].shape[0] == 2


def test_a_matched_view_drops_words_at_the_given_rate_and_never_empties_a_sentence():
    sentence = " ".join(f"word{i}" for i in range(40))
    views = MatchedViews(None, None, 0.25, 2.0, seed=7)
    dropped = [40 - len(views.view(sentence).split()) for _ in range(200)]
    assert 8 < sum(dropped) / len(dropped) < 12  # a quarter of 40 words
    for view in (views.view(sentence) for _ in range(20)):
        assert set(view.split()) <= set(sentence.split())
        assert view.split() == sorted(view.split(), key=sentence.split().index)  # order kept
    always = MatchedViews(None, None, 1.0, 2.0, seed=7)
    assert always.view("Unemployment fell.") in ("Unemployment", "fell.")
