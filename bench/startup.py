"""Start-up cost: what `factcheck check` spends beyond importing torch and transformers.

    python bench/startup.py [--runs 3]

Times, in fresh subprocesses of this Python, (i) ``import torch, transformers`` and (ii)
``factcheck check examples/harbour-bridge.txt`` end to end, alternating, and prints the best
of each and their ratio (target: at most 1.5). That commands which never score import
neither torch nor transformers is a test: tests/test_cli.py.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "harbour-bridge.txt"
def seconds(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        sheet = Path(work) / "example.xlsx"
        imports, checks = [], []
        for _ in range(args.runs):
            imports.append(seconds([sys.executable, "-c", "import torch, transformers"]))
            sheet.unlink(missing_ok=True)
            checks.append(seconds([sys.executable, "-m", "factcheck", "check", str(EXAMPLE), "-o", str(sheet)]))
        best_import, best_check = min(imports), min(checks)
        print(f"import torch, transformers      {best_import:.2f} s (best of {args.runs})")
        print(f"factcheck check on the example  {best_check:.2f} s (best of {args.runs})")
        print(f"ratio                           {best_check / best_import:.2f} (target <= 1.5)")


if __name__ == "__main__":
    main()
