"""Start-up cost: what `factcheck check` spends beyond importing torch and transformers.

    python bench/startup.py [--runs 3]

Times, in fresh subprocesses of this Python, (i) ``import torch, transformers`` and (ii)
``factcheck check examples/harbour-bridge.txt`` end to end, alternating, and prints the best
of each and their ratio (target: at most 1.5). It also runs the commands that never score
and reports whether any of them imported torch or transformers (target: none did).
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
# Runs a factcheck command in this interpreter, then says which heavy modules it loaded.
PROBE = """
import runpy, sys
sys.argv = ["factcheck", *sys.argv[1:]]
try:
    runpy.run_module("factcheck", run_name="__main__")
except SystemExit:
    pass
print(" ".join(sorted({m.split(".")[0] for m in sys.modules} & {"torch", "transformers"})) or "none", file=sys.stderr)
"""


def seconds(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def heavy_imports(arguments: list[str]) -> str:
    done = subprocess.run([sys.executable, "-c", PROBE, *arguments], capture_output=True, text=True, check=True)
    return done.stderr.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        sheet = Path(work) / "example.xlsx"
        imports, checks = [], []
        for run in range(args.runs):
            imports.append(seconds([sys.executable, "-c", "import torch, transformers"]))
            sheet.unlink(missing_ok=True)
            checks.append(seconds([sys.executable, "-m", "factcheck", "check", str(EXAMPLE), "-o", str(sheet)]))
        best_import, best_check = min(imports), min(checks)
        print(f"import torch, transformers      {best_import:.2f} s (best of {args.runs})")
        print(f"factcheck check on the example  {best_check:.2f} s (best of {args.runs})")
        print(f"ratio                           {best_check / best_import:.2f} (target <= 1.5)")
        print("commands that never score, and the heavy modules each imported:")
        for arguments in (
            ["--help"],
            ["sentences", str(EXAMPLE)],
            ["export", str(sheet), "--format", "csv"],
            ["export", str(sheet), "--format", "claimreview", "--url", "https://example.org/a"],
        ):
            print(f"  factcheck {' '.join(Path(a).name if '/' in a and not a.startswith('http') else a for a in arguments):<60} {heavy_imports(arguments)}")


if __name__ == "__main__":
    main()
