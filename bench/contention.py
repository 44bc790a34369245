"""Two `factcheck check` runs at once on the same cores, against one run alone.

    python bench/contention.py            # a 1,000-sentence article, three rounds, about 2 minutes

torch's thread pool (libgomp) keeps a waiting thread spinning on its core for 300,000 rounds
by default. When two runs share the cores, each run's threads spin on cores the other needs,
and both slow down far more than twice. The CLI sets GOMP_SPINCOUNT to 1,000 unless it is
already set; this runs the same pair of commands with libgomp's default and with factcheck's,
and prints each pair's time as a ratio to one run alone (2.0 is a fair share of the cores).
A pair that has not finished after TIMEOUT seconds is stopped and counted as that long.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import make_long  # noqa: E402

from factcheck.cli import THREAD_SPIN_ROUNDS  # noqa: E402

ROUNDS = 3
TIMEOUT = 120
SETTINGS = {"libgomp's default (300,000)": "300000", f"factcheck's ({int(THREAD_SPIN_ROUNDS):,})": THREAD_SPIN_ROUNDS}


def timed_runs(article: Path, folder: Path, count: int, spin: str) -> float:
    """Seconds until ``count`` simultaneous checks of ``article`` have all finished."""
    environment = {**os.environ, "GOMP_SPINCOUNT": spin}
    started = time.perf_counter()
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "factcheck", "check", str(article), "-o", str(folder / f"run{i}.xlsx"), "--force"],
            env=environment,
            stdout=subprocess.DEVNULL,
        )
        for i in range(count)
    ]
    for run in runs:
        try:
            run.wait(timeout=max(TIMEOUT - (time.perf_counter() - started), 1))
        except subprocess.TimeoutExpired:
            run.kill()
            run.wait()
    return min(time.perf_counter() - started, TIMEOUT)


def main() -> None:
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        make_long(folder, 1_000)
        article = folder / "long.txt"
        print(f"{os.cpu_count()} cores; each run checks one article of 1,000 sentences; {ROUNDS} rounds")
        print(f"{'GOMP_SPINCOUNT':<30} {'alone (s)':>9} {'two at once (s)':>15}  ratio (median, worst)")
        for label, spin in SETTINGS.items():
            alone, pairs = [], []
            for _ in range(ROUNDS):
                alone.append(timed_runs(article, folder, 1, spin))
                pairs.append(timed_runs(article, folder, 2, spin))
            ratios = [pair / statistics.median(alone) for pair in pairs]
            print(
                f"{label:<30} {statistics.median(alone):>9.2f} {statistics.median(pairs):>15.2f}"
                f"  x{statistics.median(ratios):.1f}, x{max(ratios):.1f}"
            )


if __name__ == "__main__":
    main()
