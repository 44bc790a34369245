"""Peak memory of `factcheck check` and `factcheck score` on a 10,000-sentence article.

    python bench/memory.py [--sentences 10000] [--precision fp32|bf16|int8]

Builds one long article from varied copies of the example (as bench/scale.py does), runs the
real commands in subprocesses and prints each one's peak resident set size (ru_maxrss of the
child). Target: under 1.5 GB.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import make_long  # noqa: E402

from factcheck.scorer import PRECISIONS  # noqa: E402


def peak_of(command: list[str]) -> tuple[float, float]:
    """Seconds and peak RSS in MiB of one command, run on its own in a child process."""
    probe = (
        "import resource, subprocess, sys, time; s = time.perf_counter(); "
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); "
        "print(time.perf_counter() - s, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    done = subprocess.run([sys.executable, "-c", probe, *command], capture_output=True, text=True, check=True)
    seconds, kib = done.stdout.split()
    return float(seconds), int(kib) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=10_000)
    parser.add_argument("--precision", choices=PRECISIONS, help="the model's precision (default: the model's own)")
    args = parser.parse_args()
    option = ["--precision", args.precision] if args.precision else []
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        make_long(folder, args.sentences)
        article = folder / "long.txt"
        from factcheck import read_document, split_sentences

        sentences = [s.plain_text for s in split_sentences(read_document(article).text) if s.kind == "sentence"]
        (folder / "sentences.jsonl").write_text("".join(json.dumps({"text": t}) + "\n" for t in sentences), encoding="utf-8")
        print(f"one article of {len(sentences):,} scored sentences ({article.stat().st_size / 1e6:.1f} MB)")
        for name, command in (
            ("factcheck check", [sys.executable, "-m", "factcheck", "check", str(article), "-o", str(folder / "long.xlsx"), *option]),
            ("factcheck score", [sys.executable, "-m", "factcheck", "score", str(folder / "sentences.jsonl"), "-o", str(folder / "scores.csv"), *option]),
        ):
            seconds, mib = peak_of(command)
            print(f"  {name:<16} {seconds:6.1f} s  peak RSS {mib:6.0f} MiB  ({'under' if mib < 1536 else 'OVER'} the 1.5 GB target)")


if __name__ == "__main__":
    main()
