"""The factcheck command, run as a user runs it: a subprocess on real files."""

import csv
import hashlib
import io
import json
import os
import re
import subprocess
import sys

import pytest
from openpyxl import load_workbook

from factcheck import __version__
from factcheck.cli import build_parser

from .conftest import EXAMPLE_ARTICLE, ROOT


def factcheck(*args, cwd=None, stdin=None):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "factcheck", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        input=stdin,
        timeout=600,
    )


def test_version_names_the_shipped_model_its_weights_and_where_it_was_found():
    result = factcheck("--version")
    assert result.returncode == 0, result.stderr
    weights = ROOT / "models" / "claim-detector"
    sha256 = hashlib.sha256((weights / "model.safetensors").read_bytes()).hexdigest()
    assert result.stdout.splitlines() == [f"factcheck {__version__}", f"model claim-detector (sha256 {sha256[:16]}) in {weights}"]


def assert_one_line_error(result, pattern):
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("factcheck: error: "), result.stderr
    assert re.search(pattern, lines[0]), lines[0]


@pytest.mark.parametrize(
    ("make", "pattern"),
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: d, "is a directory"),
        (lambda d: (d / "empty.txt").write_text("") and d / "empty.txt" or d / "empty.txt", "is empty"),
        (lambda d: (d / "blank.txt").write_text("  \n\t\n") and d / "blank.txt", "only whitespace"),
        (lambda d: (d / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256))) and d / "image.txt", "PNG"),
        (lambda d: (d / "data.txt").write_bytes(bytes(range(256)) * 4) and d / "data.txt", "binary"),
    ],
    ids=["missing", "directory", "empty", "whitespace", "png", "binary"],
)
def test_bad_article_is_one_line_error_and_writes_nothing(tmp_path, make, pattern):
    work = tmp_path / "work"
    work.mkdir()
    article = make(work)
    before = sorted(p.name for p in work.rglob("*"))
    result = factcheck("check", article, cwd=work)
    assert_one_line_error(result, pattern)
    assert sorted(p.name for p in work.rglob("*")) == before
    assert not (work / "sheets").exists()


def test_one_article_with_o_naming_a_folder_is_written_there_under_its_stem(tmp_path, tiny_model):
    desk = tmp_path / "desk"
    desk.mkdir()
    assert factcheck("check", EXAMPLE_ARTICLE, "-o", desk, "--model", tiny_model).returncode == 0
    new = tmp_path / "new"
    assert factcheck("check", EXAMPLE_ARTICLE, "-o", f"{new}/", "--model", tiny_model).returncode == 0
    name = f"{EXAMPLE_ARTICLE.stem}.xlsx"
    assert [p.name for p in desk.glob("*.xlsx")] == [p.name for p in new.glob("*.xlsx")] == [name]
    assert load_workbook(new / name)["Claims"]["D2"].value
    result = factcheck("check", EXAMPLE_ARTICLE, "-o", tmp_path / "claims.csv", "--model", tiny_model)
    assert_one_line_error(result, "give -o a file name ending .xlsx")
    assert not (tmp_path / "claims.csv").exists()


def test_existing_output_is_refused_and_left_byte_identical(tmp_path, tiny_model):
    output = tmp_path / "reviewed.xlsx"
    output.write_bytes(b"a reviewer's work")
    result = factcheck("check", EXAMPLE_ARTICLE, "-o", output, "--model", tiny_model)
    assert_one_line_error(result, "not a factcheck worksheet.*--force")
    assert output.read_bytes() == b"a reviewer's work"


def test_missing_model_directory_is_one_line_error(tmp_path):
    result = factcheck("check", EXAMPLE_ARTICLE, "--model", tmp_path / "no-model", cwd=tmp_path)
    assert_one_line_error(result, "no model directory")


def test_bad_threshold_is_a_usage_error(tmp_path):
    result = factcheck("check", EXAMPLE_ARTICLE, "--threshold", "1.5", cwd=tmp_path)
    assert result.returncode == 2 and "between 0 and 1" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_writes_default_output_in_sheets(tmp_path, tiny_model):
    result = factcheck("check", EXAMPLE_ARTICLE, "--model", tiny_model, "--threshold", "0.2", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "sheets" / "harbour-bridge.xlsx").is_file()
    assert "claims to check" in result.stdout and "sheets/harbour-bridge.xlsx" in result.stdout


def test_sentences_json_gives_exact_offsets():
    result = factcheck("sentences", EXAMPLE_ARTICLE, "--json")
    assert result.returncode == 0, result.stderr
    pieces = json.loads(result.stdout)
    text = EXAMPLE_ARTICLE.read_text(encoding="utf-8")
    assert pieces and all(text[p["start"] : p["end"]] == p["text"] for p in pieces)
    assert {p["kind"] for p in pieces} >= {"sentence", "url", "furniture"}
    table = factcheck("sentences", EXAMPLE_ARTICLE)
    assert len(table.stdout.strip().splitlines()) == len(pieces)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("lines.txt", "Prices rose 5 percent.\nHello there.\n\n"),
        ("rows.csv", 'id,text\n1,Prices rose 5 percent.\n2,"Hello, there."\n'),
        ("rows.jsonl", '{"text": "Prices rose 5 percent."}\n{"text": "Hello there."}\n'),
    ],
)
def test_score_reads_txt_csv_jsonl_and_writes_sentence_score_csv(tmp_path, tiny_model, name, content):
    source = tmp_path / name
    source.write_text(content, encoding="utf-8")
    result = factcheck("score", source, "--model", tiny_model)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["sentence"] for r in rows][0] == "Prices rose 5 percent."
    assert len(rows) == 2 and all(0 <= float(r["score"]) <= 1 for r in rows)
    out = tmp_path / "scores.csv"
    assert factcheck("score", source, "-o", out, "--model", tiny_model).returncode == 0
    assert out.read_text(encoding="utf-8").splitlines()[0] == "sentence,score"


def test_score_reads_sentences_from_standard_input_one_a_line(tiny_model):
    result = factcheck("score", "-", "--model", tiny_model, stdin="Prices rose 5 percent.\n\nHello “there”.\n")
    assert result.returncode == 0, result.stderr
    assert [r["sentence"] for r in csv.DictReader(io.StringIO(result.stdout))] == ["Prices rose 5 percent.", "Hello “there”."]
    assert_one_line_error(factcheck("score", "-", "--model", tiny_model, stdin=""), "standard input is empty")


def test_score_without_text_column_is_one_line_error(tmp_path):
    source = tmp_path / "rows.csv"
    source.write_text("id,sentence\n1,Prices rose.\n")
    assert_one_line_error(factcheck("score", source), "no text field")


def test_every_command_has_help_and_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    subcommands = build_parser()._subparsers._group_actions[0]
    for name, parser in subcommands.choices.items():
        assert parser.description, name
        assert f"factcheck {name}" in readme, f"README does not document factcheck {name}"
        for action in parser._actions:
            if action.option_strings and action.dest != "help":
                assert action.help, f"{name} {action.option_strings} has no help"
    assert factcheck("--help").returncode == 0


def test_open_workbook_is_refused_by_the_command_with_exit_code_2(tmp_path, tiny_model):
    output = tmp_path / "bridge.xlsx"
    assert factcheck("check", EXAMPLE_ARTICLE, "-o", output, "--model", tiny_model).returncode == 0
    (tmp_path / ".~lock.bridge.xlsx#").write_text("LibreOffice has it open")
    before = output.read_bytes()
    assert_one_line_error(factcheck("check", EXAMPLE_ARTICLE, "-o", output, "--model", tiny_model), "open in a spreadsheet program")
    assert output.read_bytes() == before and not (tmp_path / ".history").exists()


# Runs a factcheck command in this interpreter, then prints as JSON which heavy modules it
# loaded and what GOMP_SPINCOUNT was when torch's import began.
PROBE = """
import json, os, runpy, sys
seen = {}
def hook(event, args):
    if event == "import" and args[0] == "torch":
        seen.setdefault("spin_at_torch_import", os.environ.get("GOMP_SPINCOUNT"))
sys.addaudithook(hook)
sys.argv = ["factcheck", *sys.argv[1:]]
try:
    runpy.run_module("factcheck", run_name="__main__")
except SystemExit as exit:
    assert not exit.code, exit.code
seen["heavy"] = sorted({m.split(".")[0] for m in sys.modules} & {"torch", "transformers"})
print(json.dumps(seen))
"""


def probe(*arguments, env=None) -> dict:
    """What ``factcheck ARGUMENTS`` loaded, run in-process by PROBE."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *map(str, arguments)],
        capture_output=True,
        text=True,
        env={**(os.environ if env is None else env), "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_commands_that_do_not_score_never_import_torch_or_transformers(tmp_path, tiny_model):
    sheet = tmp_path / "example.xlsx"
    assert factcheck("check", EXAMPLE_ARTICLE, "-o", sheet, "--model", tiny_model).returncode == 0
    for arguments in (["--help"], ["--version"], ["sentences", EXAMPLE_ARTICLE], ["export", sheet, "--format", "csv"]):
        assert probe(*arguments)["heavy"] == [], arguments
    # The probe sees torch when it is there; a BERT directory is scored without transformers.
    assert probe("score", EXAMPLE_ARTICLE, "--model", tiny_model)["heavy"] == ["torch"]


@pytest.mark.parametrize(("given", "expected"), [(None, "1000"), ("50000", "50000")])
def test_scoring_runs_keep_torch_threads_from_spinning_long_unless_told(tiny_model, given, expected):
    # Two runs sharing the cores with libgomp's default spinning took over 30 times as long
    # as one (bench/contention.py); libgomp reads the setting when torch loads.
    env = {k: v for k, v in os.environ.items() if k != "GOMP_SPINCOUNT"} | ({"GOMP_SPINCOUNT": given} if given else {})
    seen = probe("score", EXAMPLE_ARTICLE, "--model", tiny_model, env=env)
    assert seen == {"spin_at_torch_import": expected, "heavy": ["torch"]}


def test_an_archive_path_in_a_folder_that_does_not_exist_is_refused(tmp_path, monkeypatch):
    """A mistyped --archive or $FACTCHECK_ARCHIVE would start a second archive and split the desk's verdicts."""
    output = tmp_path / "bridge.xlsx"
    typo = tmp_path / "archvie" / "desk.sqlite"
    result = factcheck("check", EXAMPLE_ARTICLE, "-o", output, "--archive", typo)
    assert result.returncode == 2 and result.stderr.startswith("factcheck: error: the folder of the archive ")
    assert "(--archive)" in result.stderr and len(result.stderr.splitlines()) == 1
    assert not typo.parent.exists() and not output.exists()

    monkeypatch.setenv("FACTCHECK_ARCHIVE", str(typo))
    stats = factcheck("archive", "stats")
    assert stats.returncode == 2 and "($FACTCHECK_ARCHIVE)" in stats.stderr and not typo.parent.exists()
    # A command that does not use the archive does not care.
    assert factcheck("sentences", EXAMPLE_ARTICLE).returncode == 0


def test_output_cut_short_by_its_reader_ends_quietly(tmp_path):
    """`factcheck sentences LONG | head -1`: no traceback when head stops reading."""
    article = tmp_path / "long.txt"
    article.write_text("The bridge carries 38,000 vehicles a day.\n\n" * 5000, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = f"{sys.executable} -m factcheck sentences {article} | head -1"
    result = subprocess.run(["sh", "-c", command], capture_output=True, text=True, env=env, timeout=300)
    assert result.stdout.count("\n") == 1 and result.stderr == ""


def test_a_named_pipe_is_refused_not_read_forever(tmp_path):
    pipe = tmp_path / "story.txt"
    os.mkfifo(pipe)
    assert_one_line_error(factcheck("sentences", pipe), "is not a regular file")


def test_a_workbook_name_that_is_not_xlsx_is_refused(tmp_path):
    output = tmp_path / "claims.csv"
    assert_one_line_error(factcheck("check", EXAMPLE_ARTICLE, "-o", output), r"ending \.xlsx")
    assert list(tmp_path.iterdir()) == []
