"""bench/gpu_distill.py, run where no GPU is (its fallback) on a tiny model and a tiny news set:
the teacher's base is joined from its parts, every student run trains in its own process, pairs
are averaged and read on validation data, and the first pair of a brought recipe comes back in
parts that join into the averaged model."""

import json
import os
import shutil
import subprocess
import sys

from safetensors.torch import load

from .conftest import ROOT
from .test_gpu_screen import tiny_news_set


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
    news = tiny_news_set(tmp_path / "news", ("train", "train-more", "train-copy", "train-hard", "validation", "blind-validation", "fresh-validation"), 7)
    out = tmp_path / "out"
    out.mkdir()
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "gpu_distill.py"), "run", *map(str, carries), "--news", str(news),
         "--epochs", "1", "2", "--runs", "4", "--bring", "2", "--work", str(tmp_path / "work")],
        capture_output=True, text=True, timeout=900, env=os.environ | {"OUT": str(out)},
    )
    assert result.returncode == 0, result.stderr
    screen = json.loads((out / "gpu_distill.json").read_text(encoding="utf-8"))
    assert (tmp_path / "work" / "teacher-base" / "model.safetensors").read_bytes() == blob
    assert screen["teacher"]["recipe"]["learning_rate"] == 2e-5
    assert list(screen["recipes"]) == ["1", "2"]
    for epochs, entry in screen["recipes"].items():
        assert entry["recipe"]["epochs"] == int(epochs)
        assert entry["recipe"]["consistency_weight"] == 2.0 and entry["recipe"]["distillation_weight"] == 0.9
        assert sorted(entry["runs"]) == ["0", "1", "2", "3"] and sorted(entry["averaged"]) == ["0+1", "2+3"]
        for figures in entry["averaged"].values():
            pooled = figures["pooled threshold data"]
            # the shipped rule: recall 0.99 of the pooled blind and fresh claims, 14 here
            assert pooled["claims_flagged"] == 14 and pooled["recall"] == 1.0
            for name in ("pooled threshold data", "news validation", "ClaimBuster validation share"):
                assert 0 <= figures[name]["fpr"] <= 1 and 0 <= figures[name]["pr_auc"] <= 1
    parts = sorted(out.glob("student-2-epochs.safetensors.part*"))
    assert parts and not list(out.glob("student-1-epochs*"))
    weights = load(b"".join(p.read_bytes() for p in parts))
    assert weights["classifier.weight"].dtype.is_floating_point and weights["classifier.weight"].shape[0] == 2
