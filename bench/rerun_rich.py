"""What carrying a reviewer's workbook costs: a re-run on a 1,000-claim workbook with a comment,
a hyperlink and fills on every row, against a first run on the same article.

    python bench/rerun_rich.py            # 1,000 claims, 3 repeats
    python bench/rerun_rich.py --claims 200 --repeats 1

A fourth kind of run is the rich re-run with Base's record of the cells' looks turned off
(``worksheet.cell_looks``), in turn with the others: what that record costs.

The article is examples/harbour-bridge.txt repeated with every number shifted (so each copy's
sentences have their own claim IDs), checked with threshold 0 so every scored sentence is a
claim. The shipped model is loaded once, before any timing. Each timing is the whole library
call (read, split, score, annotate, merge, write); the re-run also loads the reviewer's
workbook whole with openpyxl, which the first run has no workbook to do. Figures are medians.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from factcheck import ClaimScorer, check_article, worksheet  # noqa: E402
from factcheck.sheet_xml import loadable  # noqa: E402

ARTICLE = ROOT / "examples" / "harbour-bridge.txt"


def long_article(claims: int) -> str:
    text = ARTICLE.read_text(encoding="utf-8")
    parts, copy = [], 0
    while len(parts) * 11 < claims:  # the example has 11 scored sentences
        parts.append(re.sub(r"\d+", lambda m, c=copy: str(int(m.group()) + c), text))
        copy += 1
    return "\n\n".join(parts)


def decorate(path: Path, rich: bool) -> int:
    """Fill every Claims row's reviewer cells; with ``rich``, add a comment, a link and fills too."""
    from openpyxl import load_workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    workbook = load_workbook(path, rich_text=True)
    sheet = workbook["Claims"]
    col = {c.value: c.column for c in sheet[1]}
    red = PatternFill("solid", fgColor="FFFF0000")
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row, col["Status"], "Checked")
        sheet.cell(row, col["Verdict"], "True")
        sources = sheet.cell(row, col["Sources"], f"Minutes {row}")
        sheet.cell(row, col["Notes"], f"note {row}")
        if rich:
            sheet.cell(row, col["Verdict"]).comment = Comment(f"checked against the minutes, row {row}", "Bench")
            sources.hyperlink = f"https://council.example/minutes/{row}"
            for header in ("Status", "Verdict", "Sources", "Notes", "Reviewer", "Reviewed on"):
                sheet.cell(row, col[header]).fill = red
    workbook.save(path)
    return sheet.max_row - 1


def timed(article: Path, output: Path, scorer: ClaimScorer):
    started = time.perf_counter()
    report = check_article(article, output, threshold=0.0, scorer=scorer)
    return time.perf_counter() - started, report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    scorer = ClaimScorer()
    scorer.load()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        article = folder / "long.txt"
        article.write_text(long_article(args.claims), encoding="utf-8")
        made = folder / "made.xlsx"
        claims = timed(article, made, scorer)[1].claims
        reviewed = {}
        for name in ("plain", "rich"):
            reviewed[name] = folder / f"{name}.xlsx"
            shutil.copy(made, reviewed[name])
            decorate(reviewed[name], name == "rich")
        reviewed["unrecorded"] = reviewed["rich"]
        kinds = ["first", "plain", "rich", "unrecorded"]
        times: dict[str, list[float]] = {name: [] for name in kinds}
        stages: dict[str, list[dict[str, float]]] = {name: [] for name in kinds}
        recording = worksheet.cell_looks
        for repeat in range(args.repeats):
            # The order turns each repeat, so that no kind of run always goes first.
            for name in kinds[repeat % 4 :] + kinds[: repeat % 4]:
                output = folder / f"{name}-{repeat}.xlsx"
                if name != "first":
                    shutil.copy(reviewed[name], output)
                worksheet.cell_looks = (lambda sheet: {}) if name == "unrecorded" else recording
                seconds, report = timed(article, output, scorer)
                assert name == "first" or report.merge.kept == claims, report.merge
                times[name].append(seconds)
                stages[name].append(report.timings)
        worksheet.cell_looks = recording
        first, plain, rich, unrecorded = (times[name] for name in kinds)
        scans = []
        with open(reviewed["rich"], "rb") as file:
            for _ in range(args.repeats):
                started = time.perf_counter()
                loadable(file)
                scans.append(time.perf_counter() - started)
    base = statistics.median(first)
    workbook_part = {  # the part of a run that handles workbooks: everything but scoring
        name: statistics.median(sum(t.get(k, 0.0) for k in ("read", "merge", "write")) for t in runs)
        for name, runs in stages.items()
    }
    print(f"{claims:,} claims, median of {args.repeats}")
    print("| run | seconds | against the first run | read + merge + write | against the first run's | read | merge | write |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, label, times in (
        ("first", "first run (no workbook yet)", first),
        ("plain", "re-run, every row's reviewer cells filled", plain),
        ("rich", "re-run, plus a comment, a hyperlink and 6 filled cells on every row", rich),
    ):
        median = {k: statistics.median(t.get(k, 0.0) for t in stages[name]) for k in ("read", "merge", "write")}
        print(
            f"| {label} | {statistics.median(times):.2f} | {statistics.median(times) / base:.2f}x "
            f"| {workbook_part[name]:.2f} | {workbook_part[name] / workbook_part['first']:.2f}x "
            f"| {median['read']:.2f} | {median['merge']:.2f} | {median['write']:.2f} |"
        )
    print(f"the record of the cells' looks in Base: the rich re-run takes {statistics.median(rich) / statistics.median(unrecorded):.2f}x the one without it ({statistics.median(unrecorded):.2f} s)")
    read = statistics.median(t["read"] for t in stages["rich"])
    scan = statistics.median(scans)
    print(f"of the rich re-run's read, the scan for rules over whole rows or columns (`loadable`): {scan:.3f} s, {scan / read:.1%}")


if __name__ == "__main__":
    main()
