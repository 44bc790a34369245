"""How `factcheck check` scales: batches of many articles, and one very long article.

    python bench/scale.py              # batches of 1, 10, 100, 1,000 articles; 100, 1,000, 10,000 sentences
    python bench/scale.py --quick      # smaller sizes, for a check in about a minute
    python bench/scale.py --precision int8   # the same, the model in int8 (factcheck check --precision)

Articles are made from examples/harbour-bridge.txt (and ../shared/seed/article.txt when it is
there) with every number shifted, so each copy has its own claim IDs. Each size runs in a fresh
subprocess with the shipped model, because ru_maxrss is a process-wide high-water mark. Time
counts the whole library call (read, split, score, annotate, merge, write, triage), not the
model load. One 100-article run is profiled with cProfile to show where the time goes.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import itertools
import json
import math
import os
import pstats
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from factcheck.scorer import PRECISIONS

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "examples" / "harbour-bridge.txt", ROOT.parent / "shared" / "seed" / "article.txt"]
# Where each stage's time is spent, by the function that does it.
STAGES = {
    "read": "read_document",
    "split": "split_sentences",
    "score": "score",
    "annotate": "annotate",
    "merge": "merge_reviews",
    "write": "write_workbook",
    "triage": "write_triage",
}


def base_texts() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in SOURCES if path.is_file()]


def varied(text: str, copy: int) -> str:
    """The text with every number shifted by ``copy``, so its sentences hash differently."""
    return re.sub(r"\d+", lambda m: str(int(m.group()) + copy), text) if copy else text


def make_batch(folder: Path, count: int) -> None:
    texts = base_texts()
    for copy in range(count):
        (folder / f"article-{copy:04d}.txt").write_text(varied(texts[copy % len(texts)], copy // len(texts)), encoding="utf-8")


def make_long(folder: Path, sentences: int) -> None:
    """One article of at least ``sentences`` scored sentences, from varied copies of the sources."""
    from factcheck import split_sentences

    texts, parts, total, copy = base_texts(), [], 0, 0
    while total < sentences:
        text = varied(texts[copy % len(texts)], copy)
        parts.append(text)
        total += sum(1 for s in split_sentences(text) if s.kind == "sentence")
        copy += 1
    (folder / "long.txt").write_text("\n\n".join(parts), encoding="utf-8")


def measure(kind: str, size: int, jobs: int, profile: bool, precision: str | None) -> dict:
    """Run one size in this process; called in a fresh subprocess by ``main``."""
    from factcheck import ClaimScorer
    from factcheck import batch

    with tempfile.TemporaryDirectory() as work:
        folder = Path(work) / "in"
        folder.mkdir()
        (make_batch if kind == "batch" else make_long)(folder, size)
        scorer = ClaimScorer(precision=precision)
        scorer.score(["Warm-up: the model loads before the clock starts."])
        baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        profiler = cProfile.Profile() if profile else None
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        report = batch.check_articles([folder], output_folder=Path(work) / "out", scorer=scorer, jobs=jobs or None)
        if profiler:
            profiler.disable()
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        # ru_maxrss of children is the largest worker's peak, not their sum.
        worker_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert not report.failures, report.failures
    result = {
        "kind": kind,
        "size": size,
        "jobs": jobs,
        "articles": len(report.reports),
        "sentences": sum(r.scored for r in report.reports),
        "seconds": seconds,
        "baseline_mib": baseline / 1024,
        "peak_mib": peak / 1024,
        "worker_peak_mib": worker_peak / 1024,
        "phases": report.timings,
    }
    if profiler:
        result["stages"], result["top"] = profile_stages(profiler)
    return result


def profile_stages(profiler: cProfile.Profile) -> tuple[dict[str, float], str]:
    """Cumulative seconds in each stage's function, and the top functions by own time."""
    stats = pstats.Stats(profiler)
    stages = {}
    for stage, function in STAGES.items():
        stages[stage] = sum(
            entry[3] for (filename, _, name), entry in stats.stats.items() if name == function and "factcheck" in filename
        )
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(12)
    top = "\n".join(line for line in text.getvalue().splitlines() if re.match(r"\s+\d", line))
    return stages, top


def run_fresh(kind: str, size: int, precision: str | None, jobs: int = 0, profile: bool = False) -> dict:
    command = [sys.executable, __file__, "--one", kind, str(size), "--jobs", str(jobs)]
    command += ["--profile"] * profile + ["--precision", precision] * bool(precision)
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def per_doubling(small: dict, large: dict) -> float:
    """The time ratio for each doubling of the input, between two sizes."""
    doublings = math.log2(large["sentences"] / small["sentences"])
    return (large["seconds"] / small["seconds"]) ** (1 / doublings)


def report(title: str, results: list[dict]) -> None:
    print(f"\n{title}")
    print(
        f"{'size':>7} {'articles':>8} {'sentences':>9} {'seconds':>8} {'sent/s':>7} {'peak MiB':>9} {'+ over model':>12}"
        f" {'worker MiB':>10}  phases (s)"
    )
    for r in results:
        phases = " ".join(f"{k}={v:.2f}" for k, v in r["phases"].items())
        print(
            f"{r['size']:>7} {r['articles']:>8} {r['sentences']:>9} {r['seconds']:>8.2f} {r['sentences'] / r['seconds']:>7.0f}"
            f" {r['peak_mib']:>9.0f} {r['peak_mib'] - r['baseline_mib']:>12.0f} {r['worker_peak_mib'] or 0:>10.0f}  {phases}"
        )
    for small, large in itertools.pairwise(results):
        print(f"  {small['size']} -> {large['size']}: time x{per_doubling(small, large):.2f} per doubling of sentences")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller sizes")
    parser.add_argument("--precision", choices=PRECISIONS, help="the model's precision (default: the model's own)")
    parser.add_argument("--one", nargs=2, metavar=("KIND", "SIZE"), help=argparse.SUPPRESS)
    parser.add_argument("--jobs", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--profile", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one[0], int(args.one[1]), args.jobs, args.profile, args.precision)))
        return
    batches, lengths, profiled = ((1, 5, 20), (100, 400, 1_000), 20) if args.quick else ((1, 10, 100, 1_000), (100, 1_000, 10_000), 100)
    from factcheck import ClaimScorer

    p = args.precision
    print(f"model: shipped, in {ClaimScorer(precision=p).precision}" + " (its default)" * (p is None))
    report(f"Batches of articles (default --jobs: {os.cpu_count()} worker processes)", [run_fresh("batch", n, p) for n in batches])
    report("One long article", [run_fresh("long", n, p) for n in lengths])
    report(f"{batches[-2]} articles with --jobs 1 (all in one process)", [run_fresh("batch", batches[-2], p, jobs=1)])
    profile = run_fresh("batch", profiled, p, jobs=1, profile=True)
    total = profile["seconds"]
    print(f"\nWhere the time goes: {profiled} articles, cProfile, --jobs 1 ({total:.2f} s under the profiler)")
    for stage, seconds in profile["stages"].items():
        print(f"  {stage:<9} {seconds:>7.2f} s  {100 * seconds / total:>5.1f} %")
    print("Top functions by own time:")
    print(profile["top"])


if __name__ == "__main__":
    main()
