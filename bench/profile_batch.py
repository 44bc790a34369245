"""Where a real batch run spends its time: py-spy samples `factcheck check FOLDER`, workers included.

    pip install py-spy                      # a sampling profiler; not a factcheck dependency
    python bench/profile_batch.py           # 1,000 generated articles, about half a minute
    python bench/profile_batch.py --articles 200

The command runs as a user runs it (start-up, model loading, worker processes) under
`py-spy record --subprocesses --nonblocking`, which reads each process's stack 100 times a
second without stopping it, so it slows the run far less than cProfile would. Each sample of a busy thread is put in the first stage its
stack shows, so the shares are of CPU time across all processes.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import make_batch  # noqa: E402

# A stage and the functions whose frames mark it, checked innermost stage first.
STAGES = (
    ("start-up: imports and model load", ("_start_worker", "_find_and_load")),
    ("triage", ("write_triage",)),
    ("read the article", ("read_document",)),
    ("split", ("split_sentences",)),
    ("score: model", ("forward",)),
    ("score: tokenise, batch", ("score_prepared",)),
    ("annotate: find_details", ("find_details",)),
    ("annotate: the rest", ("annotate", "sources_near")),
    ("merge", ("merge_reviews",)),
    ("write: build the workbook", ("build_workbook",)),
    ("write: save (openpyxl serialises, zip)", ("save_workbook",)),
    ("write: the rest (backup, rows, checks)", ("finish_article",)),
)


def stage_of(frames: list[str]) -> str:
    """The stage a sampled stack belongs to, from its function names (outermost first)."""
    names = {frame.split(" (")[0].split(".")[-1] for frame in frames}
    for stage, functions in STAGES:
        if names & set(functions):
            return stage
    return "other (process and task plumbing)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1_000)
    args = parser.parse_args()
    spy = shutil.which("py-spy")
    if spy is None:
        sys.exit("profile_batch: py-spy is not installed (pip install py-spy)")
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work) / "articles"
        folder.mkdir()
        make_batch(folder, args.articles)
        samples = Path(work) / "samples.txt"
        command = [sys.executable, "-m", "factcheck", "check", str(folder), "-o", str(Path(work) / "sheets")]
        started = time.perf_counter()
        subprocess.run(
            [spy, "record", "--subprocesses", "--nonblocking", "--rate", "100", "--format", "raw", "-o", str(samples), "--", *command],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        seconds = time.perf_counter() - started
        counts: Counter[str] = Counter()
        for line in samples.read_text(encoding="utf-8").splitlines():
            stack, _, count = line.rpartition(" ")
            # Entries naming the process (and its parent) lead the stack, outermost frame first.
            counts[stage_of([f for f in stack.split(";") if not f.startswith("process ")])] += int(count)
    total = sum(counts.values())
    print(f"{args.articles} articles, `factcheck check FOLDER` under py-spy: {seconds:.1f} s, {total / 100:.1f} CPU-s sampled")
    for stage, count in counts.most_common():
        print(f"  {stage:<42} {count / 100:>6.1f} s  {100 * count / total:>5.1f} %")


if __name__ == "__main__":
    main()
