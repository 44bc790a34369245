"""bench/gpu_screen.py, run where no GPU is (its fallback) on a tiny model and a tiny news set:
every fold trains and is measured on validation data, and a recipe that would outrun the budget
is skipped."""

import json
import os
import shutil
import subprocess
import sys

from .conftest import ROOT


def tiny_news_set(folder, names, per_label):
    """``folder`` holding a news file for each name, of ``per_label`` claims and as many other sentences."""
    folder.mkdir()
    for i, name in enumerate(names):
        sentences = [{"text": f"Prices rose {i + k} percent in {2000 + k}.", "label": 1} for k in range(per_label)]
        sentences += [{"text": f"She has more on story {i + k}.", "label": 0} for k in range(per_label)]
        (folder / f"{name}.json").write_text(json.dumps({"sentences": sentences}), encoding="utf-8")
    return folder


def test_a_screen_measures_each_fold_on_validation_data_and_skips_what_outruns_its_budget(tiny_model, tmp_path):
    carry = tmp_path / "carry"
    shutil.copytree(tiny_model, carry / "base")
    debates = [{"text": f"In {1990 + i} the state spent {i} million on roads.", "label": 1} for i in range(12)]
    debates += [{"text": f"I think we should talk about thing number {i} tonight.", "label": 0} for i in range(24)]
    (carry / "claimbuster-train.json").write_text(json.dumps(debates), encoding="utf-8")
    copy = [{"text": "The port handled 3 million containers in 2020.", "label": 1}, {"text": "Our correspondent reports.", "label": 0}]
    (carry / "real-copy-validation.json").write_text(json.dumps(copy), encoding="utf-8")
    news = tiny_news_set(tmp_path / "news", ("train", "train-more", "train-copy", "validation", "blind-validation"), 4)
    out = tmp_path / "out"
    out.mkdir()
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "gpu_screen.py"), "run", str(carry), "--news", str(news), "--only", "first-news-copy", "copy-rdrop", "--budget", "0"],
        capture_output=True, text=True, timeout=900, env=os.environ | {"OUT": str(out)},
    )
    assert result.returncode == 0, result.stderr
    assert "copy-rdrop: skipped" in result.stdout
    screen = json.loads((out / "gpu_screen.json").read_text(encoding="utf-8"))
    assert list(screen["recipes"]) == ["first-news-copy"]
    entry = screen["recipes"]["first-news-copy"]
    assert entry["news_data"] == {"train.json": 1.0, "train-more.json": 1.0, "train-copy.json": 1.0}
    assert entry["recipe"]["consistency_weight"] == 0.0 and entry["recipe"]["epochs"] == 3
    assert [f["fold"] for f in entry["folds"]] == [1, 2, 3]
    for fold in entry["folds"]:
        for key in ("f1", "pr_auc", "news_val_pr_auc", "real_copy_pr_auc", "real_copy_recall", "real_copy_fpr"):
            assert 0 <= fold[key] <= 1, key
        # the real copy rows are one sentence of each label
        assert fold["real_copy_recall"] in (0, 1) and fold["real_copy_fpr"] in (0, 1)
