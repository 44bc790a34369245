"""The tool as pip or pipx installs it: the sdist and the wheel built from it carry the shipped
models, and the wheel, installed into a fresh venv outside the checkout, checks the seed article
offline from another folder."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from .conftest import ROOT, SEED_ARTICLE
from .test_end_to_end import SEED_CLAIMS, column

# One sdist build for the module: under pytest-xdist its tests share a worker (make test's loadgroup).
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("install")]

SHIPPED_MODELS = ("claim-detector", "claim-matcher")
MODEL_FILES = ("config.json", "factcheck.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json", "MODEL_CARD.md")
PYPI_FILE_LIMIT = 100 * 1024 * 1024
# Left out of the copy of the checkout that the sdist is built from, with any virtual environment.
NOT_SOURCES = {".git", "__pycache__", ".pytest_cache", ".hypothesis", ".ruff_cache", "build", "dist", "sheets"}


def run(command: list, **options) -> subprocess.CompletedProcess:
    done = subprocess.run([str(part) for part in command], capture_output=True, text=True, timeout=900, **options)
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    return done


def torch_requirement() -> str:
    """The Makefile's torch pin when make runs the tests, else the torch this venv has."""
    import torch

    return os.environ.get("TORCH") or f"torch=={torch.__version__.split('+')[0]}"


def offline(command: list) -> list:
    """``command`` in a network namespace of its own where this user may make one, so nothing
    it does can reach the network."""
    probe = subprocess.run(["unshare", "--net", "true"], capture_output=True)  # noqa: S607
    return ["unshare", "--net", *command] if probe.returncode == 0 else command


def not_sources(folder: str, names: list[str]) -> set[str]:
    """What a copy of the checkout leaves out: git's store, caches, build outputs, workbooks and
    any virtual environment, whatever its name."""
    left_out = {name for name in names if name in NOT_SOURCES or name.endswith(".egg-info")}
    return left_out | {name for name in names if Path(folder, name, "pyvenv.cfg").is_file()}


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """An sdist, and a wheel built from that sdist, as ``python -m build`` makes them.

    It builds from a copy of the checkout: setuptools makes the sdist's release tree, and
    rewrites the egg-info, in the folder it builds, which a parallel test run shares."""
    sources = tmp_path_factory.mktemp("sources") / "factcheck"
    shutil.copytree(ROOT, sources, ignore=not_sources)
    folder = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "build", "--no-isolation", "--outdir", folder, sources])
    return folder


@pytest.fixture(scope="module")
def installed(dist, tmp_path_factory) -> Path:
    """A fresh venv, outside the checkout, with torch and the built wheel installed."""
    venv = tmp_path_factory.mktemp("pipx-like") / "venv"
    run([sys.executable, "-m", "venv", venv])
    pip = [venv / "bin" / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    run([*pip, torch_requirement()])
    run([*pip, next(dist.glob("*.whl"))])
    return venv


def shipped_sha256(name: str, model: str = "claim-detector") -> str:
    return hashlib.sha256((ROOT / "models" / model / name).read_bytes()).hexdigest()


def test_the_sdist_and_its_wheel_carry_the_shipped_models(dist):
    with tarfile.open(next(dist.glob("*.tar.gz"))) as sdist:
        names = {Path(*Path(name).parts[1:]).as_posix() for name in sdist.getnames()}
    assert {f"models/{model}/{name}" for model in SHIPPED_MODELS for name in MODEL_FILES} <= names
    wheel_file = next(dist.glob("*.whl"))
    assert wheel_file.stat().st_size < PYPI_FILE_LIMIT
    with zipfile.ZipFile(wheel_file) as wheel:
        for model in SHIPPED_MODELS:
            for name in MODEL_FILES:
                data = wheel.read(f"factcheck/models/{model}/{name}")
                assert hashlib.sha256(data).hexdigest() == shipped_sha256(name, model), (model, name)


def test_the_installed_tool_checks_the_seed_article_offline_from_any_folder(installed, tmp_path):
    if not SEED_ARTICLE.is_file():
        pytest.skip("../shared/seed/article.txt is not beside this checkout")
    elsewhere = tmp_path / "newsroom"
    elsewhere.mkdir()
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    environment |= {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HOME": str(tmp_path)}
    factcheck = installed / "bin" / "factcheck"
    site_packages = run([installed / "bin" / "python", "-c", "import factcheck; print(factcheck.__file__)"], cwd=elsewhere, env=environment)
    assert Path(site_packages.stdout.strip()).is_relative_to(installed)

    version = run(offline([factcheck, "--version"]), cwd=elsewhere, env=environment).stdout
    weights_sha256 = shipped_sha256("model.safetensors")
    assert f"model claim-detector (sha256 {weights_sha256[:16]})" in version
    assert str(installed) in version

    article = elsewhere / "article.txt"
    article.write_bytes(SEED_ARTICLE.read_bytes())
    done = run(offline([factcheck, "check", "article.txt"]), cwd=elsewhere, env=environment)
    assert "model claim-detector, int8" in done.stdout
    workbook = load_workbook(elsewhere / "sheets" / "article.xlsx")
    claims = column(workbook["Claims"], "Claim")
    for fragment in SEED_CLAIMS:
        assert any(fragment in claim for claim in claims), fragment
    properties = {prop.name: prop.value for prop in workbook.custom_doc_props}
    assert properties["factcheck.model"] == "claim-detector"
    assert properties["factcheck.model_sha256"] == weights_sha256
    about = dict(row[:2] for row in workbook["About"].iter_rows(values_only=True))
    assert (about["model"], about["model_sha256"]) == ("claim-detector", weights_sha256)

    # The sentence encoder comes from the wheel too: an imported fact-check is found again.
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://checks.example/belarus-economy",
        "claimReviewed": "Russia's economy is 29 times bigger than that of Belarus.",
        "reviewRating": {"@type": "Rating", "alternateName": "Mostly true"},
        "author": {"@type": "Organization", "name": "Example Checks"},
    }
    (elsewhere / "reviews.json").write_text(json.dumps([review]), encoding="utf-8")
    (elsewhere / "sentences.txt").write_text("Russia, an economy 29 times the size of Belarus, wants more.\n", encoding="utf-8")
    run(offline([factcheck, "archive", "import", "reviews.json", "--archive", "desk.sqlite"]), cwd=elsewhere, env=environment)
    matches = run(offline([factcheck, "match", "sentences.txt", "--top", "1", "--archive", "desk.sqlite"]), cwd=elsewhere, env=environment)
    best = next(csv.DictReader(io.StringIO(matches.stdout)))
    assert (best["verdict"], best["url"]) == ("Mostly true", review["url"])
