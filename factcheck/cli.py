"""The ``factcheck`` command: parse arguments, make one library call, print the result.

Library exceptions become one line, ``factcheck: error: …``, and exit code 2; ``--debug``
shows the traceback instead.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import sys
from dataclasses import asdict
from pathlib import Path

from . import __version__
from .archive import ARCHIVE_ENVIRONMENT, ARCHIVE_NAME
from .document import DEFAULT_MAX_BYTES
from .errors import DataError, FactcheckError
from .scorer import PRECISIONS, ClaimScorer

EXIT_USER_ERROR = 2
EXIT_SOME_FAILED = 1


class _ShowVersion(argparse.Action):
    """``--version``: the tool's version and the shipped model it scores with, so an installed
    tool shows which weights it found and where."""

    def __init__(self, option_strings, dest, **kwargs):
        super().__init__(option_strings, dest, nargs=0, help="show the version and the shipped model, then exit")

    def __call__(self, parser, namespace, values, option_string=None):
        scorer = ClaimScorer()
        weights = f"sha256 {scorer.weights_sha256[:16]}" if scorer.weights_sha256 else "weights missing"
        print(f"factcheck {__version__}\nmodel {scorer.name} ({weights}) in {scorer.model_source}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="factcheck",
        description="Find the checkable factual claims in a news article and write a reviewer worksheet.",
    )
    parser.add_argument("--version", action=_ShowVersion)
    parser.add_argument("--debug", action="store_true", help="show the full traceback when something fails")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    model_option = argparse.ArgumentParser(add_help=False)
    model_option.add_argument(
        "--model", metavar="DIR", help="a model directory (default: the shipped models/claim-detector)"
    )
    model_option.add_argument(
        "--precision",
        choices=PRECISIONS,
        help=(
            "what the model's linear layers run in: fp32 (exact), bf16 (about 2x faster on a CPU) or int8 "
            "(about 3x); default: what the model directory recommends (the shipped model: see its card)"
        ),
    )

    archive_option = argparse.ArgumentParser(add_help=False)
    archive_option.add_argument(
        "--archive",
        metavar="PATH",
        help=(
            f"the desk's archive of checked claims (default: ${ARCHIVE_ENVIRONMENT}, else {ARCHIVE_NAME} in the "
            "worksheets' folder: beside the output for check, sheets/ for match and archive)"
        ),
    )

    check = commands.add_parser(
        "check",
        parents=[model_option, archive_option],
        help="write the reviewer worksheet for one or more articles",
        description=(
            "Split each article into sentences, score them, and write sheets/<article>.xlsx. When the "
            "workbook exists, reviewer work in it is carried into the new one; the old file is backed up "
            "to .history/ beside it."
        ),
    )
    check.add_argument(
        "articles", nargs="+", metavar="ARTICLE", help="an article file, or a folder of them (checked as a batch)"
    )
    check.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="the workbook to write for one article; for several, or a folder, the folder to write them in",
    )
    check.add_argument(
        "--glob",
        metavar="PATTERN",
        help="in a folder, check the files matching PATTERN (default: every file with an extension factcheck reads)",
    )
    check.add_argument(
        "--jobs",
        type=_positive_int,
        metavar="N",
        help="check a batch in N worker processes, each with its own copy of the model (default: one per CPU core)",
    )
    check.add_argument(
        "--threshold", type=_probability, metavar="X", help="list sentences scoring at least X (default: the model's)"
    )
    check.add_argument(
        "--sources",
        metavar="FILE",
        help="a TOML file of where-to-check hints per kind of claim, added to the shipped ones",
    )
    check.add_argument(
        "--force",
        action="store_true",
        help=(
            "replace an existing output that is not a factcheck worksheet, or one holding parts factcheck cannot "
            "carry (macros, slicers, pictures on Summary or About); the old file is backed up to .history/ first"
        ),
    )
    check.add_argument(
        "--max-size",
        type=_megabytes,
        default=DEFAULT_MAX_BYTES,
        metavar="MB",
        help=f"refuse an article larger than MB megabytes (default {DEFAULT_MAX_BYTES / 1_000_000:g})",
    )
    check.add_argument(
        "--article-date",
        type=_date,
        metavar="YYYY-MM-DD",
        help=(
            "when the article was published, to read its relative dates ('last month') against; kept for later runs "
            "(default: the date a web page or e-mail gives, or one at the top of the article's text)"
        ),
    )
    check.set_defaults(run=run_check)

    sentences = commands.add_parser(
        "sentences",
        help="show how an article is split, with character offsets",
        description="Print every sentence and piece of page furniture with its offsets into the text.",
    )
    sentences.add_argument("article", metavar="ARTICLE")
    sentences.add_argument("--json", action="store_true", help="print JSON instead of a table")
    sentences.set_defaults(run=run_sentences)

    score = commands.add_parser(
        "score",
        parents=[model_option],
        help="score sentences from a file (one per line, or CSV/JSONL with a text column)",
        description=(
            "Write sentence,score as CSV for every sentence in FILE (.txt, .csv, .json or .jsonl; - reads one "
            "a line from standard input)."
        ),
    )
    score.add_argument("file", metavar="FILE")
    score.add_argument("-o", "--output", metavar="OUT.csv", help="write the CSV here instead of standard output")
    score.set_defaults(run=run_score)

    export = commands.add_parser(
        "export",
        help="publish reviewed claims as ClaimReview JSON-LD, or the Claims table as CSV or JSON",
        description=(
            "Write schema.org ClaimReview JSON-LD for every claim with a verdict, or the whole Claims "
            "table as CSV or JSON records."
        ),
    )
    export.add_argument("sheet", metavar="SHEET", help="a factcheck workbook")
    export.add_argument("--format", required=True, choices=("claimreview", "csv", "json"), help="what to write")
    export.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    export.add_argument("--url", metavar="ARTICLE_URL", help="the reviewed article's address (needed for claimreview)")
    export.add_argument("--publisher", default="factcheck", help="who publishes the reviews (default: factcheck)")
    export.add_argument(
        "--review-url", metavar="URL", help="the page that publishes the reviews (default: ARTICLE_URL); #claim-id is added"
    )
    export.add_argument(
        "--article-date",
        type=_date,
        metavar="YYYY-MM-DD",
        help="when the article was published (default: the date of the worksheet's first run)",
    )
    export.set_defaults(run=run_export)

    merge = commands.add_parser(
        "merge",
        help="combine reviewers' copies of a workbook into it (three-way merge; exit 1 when there are conflicts)",
        description=(
            "Merge what each reviewer changed in their copy of WORKBOOK into it. A change made in one copy is "
            "applied, the same change in several copies once; cells changed differently are kept as the desk's "
            "(or the first copy's) value and every value is listed on the Conflicts sheet. WORKBOOK is backed up "
            "to .history/ first. Exit status: 0 merged, 1 merged with conflicts, 2 refused (nothing changed)."
        ),
    )
    merge.add_argument("workbook", metavar="WORKBOOK", help="the desk's factcheck workbook, written in place")
    merge.add_argument("copies", nargs="+", metavar="COPY", help="a reviewer's copy of WORKBOOK")
    merge.add_argument(
        "--force", action="store_true", help="go on when WORKBOOK holds parts factcheck cannot carry (they are dropped; a backup is kept)"
    )
    merge.set_defaults(run=run_merge)

    match = commands.add_parser(
        "match",
        parents=[archive_option],
        help="find earlier checked claims near each sentence of a file",
        description=(
            "For every sentence in FILE (.txt one a line, or .csv/.json/.jsonl with a text column; - reads one a "
            "line from standard input), write its "
            "nearest claims in the archive as CSV: sentence, rank, similarity, claim, verdict, url, source, date, "
            "figures_differ (where the sentence and the claim state other figures)."
        ),
    )
    match.add_argument("file", metavar="FILE")
    match.add_argument("--top", type=_positive_int, default=5, metavar="K", help="matches per sentence (default 5)")
    match.add_argument("-o", "--output", metavar="OUT.csv", help="write the CSV here instead of standard output")
    match.set_defaults(run=run_match)

    archive = commands.add_parser(
        "archive",
        help="the desk's archive of checked claims: import fact-checks, show counts, embed again",
        description=(
            "Fill the archive from worksheets and published ClaimReview, count what it holds, or embed its claims "
            "again after an upgrade."
        ),
    )
    archive_commands = archive.add_subparsers(dest="archive_command", required=True, metavar="ACTION")
    archive_import = archive_commands.add_parser(
        "import",
        parents=[archive_option],
        help="add worksheets' verdicts and ClaimReview JSON-LD to the archive",
        description=(
            "Import factcheck worksheets (.xlsx: every claim with a verdict) and ClaimReview JSON-LD (.json, .jsonld, "
            "or an .html page's ld+json blocks). A folder is searched for both. Importing again updates, never duplicates."
        ),
    )
    archive_import.add_argument("paths", nargs="+", metavar="FILE|FOLDER")
    archive_import.set_defaults(run=run_archive_import)
    archive_stats = archive_commands.add_parser(
        "stats", parents=[archive_option], help="count the archive's claims by source and verdict",
        description="Print how many claims the archive holds, by where they came from and by verdict.",
    )
    archive_stats.set_defaults(run=run_archive_stats)
    archive_reembed = archive_commands.add_parser(
        "reembed", parents=[archive_option], help="embed the archive's claims again with this factcheck's sentence encoder",
        description=(
            "After an upgrade that ships another sentence encoder, the archive's vectors are the old one's and "
            "check, match and import refuse it. This embeds every claim again with the new encoder (as long as "
            "importing them took), keeping every verdict; the archive is unchanged until it finishes."
        ),
    )
    archive_reembed.add_argument(
        "--back", action="store_true",
        help="embed the claims with this factcheck's encoder even where a later factcheck's replaced it (after a downgrade)",
    )
    archive_reembed.set_defaults(run=run_archive_reembed)

    from .train import DEFAULT_TARGET_RECALL, Recipe

    recipe = Recipe()
    threshold_options = argparse.ArgumentParser(add_help=False)
    threshold_options.add_argument(
        "--threshold-data",
        nargs="+",
        metavar="PATH",
        help="held-out labelled sentences (e.g. data/news/blind-validation.json; several files are pooled) to choose the threshold on, for --target-recall",
    )
    threshold_options.add_argument(
        "--target-recall",
        type=float,
        default=DEFAULT_TARGET_RECALL,
        metavar="R",
        help=f"with --threshold-data: the highest threshold that flags this share of its check-worthy sentences (default {DEFAULT_TARGET_RECALL})",
    )
    train = commands.add_parser(
        "train",
        parents=[threshold_options],
        help="fine-tune the claim classifier (needs the train extra)",
        description="Fine-tune all-MiniLM-L6-v2 on labelled sentences and save a model directory.",
    )
    train.add_argument(
        "--data",
        nargs="+",
        required=True,
        metavar="PATH[:WEIGHT[:CLAIM_WEIGHT]]",
        help="labelled sentences (.json, .jsonl, .csv); a weight makes a file's sentences count that much in the loss,"
        " a claim weight its check-worthy ones that much more (default 1)",
    )
    train.add_argument("--out", required=True, metavar="DIR", help="the model directory to write (replaced, all but its MODEL_CARD.md)")
    train.add_argument("--epochs", type=int, default=recipe.epochs, help=f"passes over the data (default {recipe.epochs})")
    train.add_argument(
        "--learning-rate", type=float, default=recipe.learning_rate, help=f"peak learning rate (default {recipe.learning_rate})"
    )
    train.add_argument("--seed", type=int, default=recipe.seed, help=f"seed for the split and training (default {recipe.seed})")
    train.add_argument(
        "--averaged-runs",
        type=int,
        default=recipe.averaged_runs,
        metavar="N",
        help=f"fine-tune N times (data order and dropout from seed, seed+1, ...) and keep the mean of the weights (default {recipe.averaged_runs})",
    )
    train.add_argument(
        "--consistency-weight",
        type=float,
        default=recipe.consistency_weight,
        metavar="W",
        help="R-Drop: run each batch twice under different dropout and add W times the divergence of the two predictions to the loss"
        f" (default {recipe.consistency_weight}: off; a step costs twice as much)",
    )
    train.add_argument(
        "--teacher",
        metavar="DIR",
        help="a larger model fine-tuned on the same training share, to distil from (with --distillation-weight)",
    )
    train.add_argument(
        "--distillation-weight",
        type=float,
        default=recipe.distillation_weight,
        metavar="W",
        help=f"each sentence's target is W of the teacher's probability (at temperature {recipe.distillation_temperature:g})"
        f" and the rest its label (default {recipe.distillation_weight}: labels only)",
    )
    train.add_argument(
        "--unlabelled",
        nargs="+",
        default=[],
        metavar="FILE",
        help="sentence files without labels (.txt, .json, .jsonl or .csv), learnt from the teacher's probabilities alone (with --teacher)",
    )
    train.set_defaults(run=run_train)

    calibrate = commands.add_parser(
        "calibrate",
        parents=[threshold_options],
        help="choose a trained model's threshold again on held-out data",
        description="Fit a trained model's temperature and threshold again, as factcheck train does, without training:"
        " to set the threshold from new held-out sentences (rewrites the model's factcheck.json, not its weights).",
    )
    calibrate.add_argument("--model", required=True, metavar="DIR", help="a model directory factcheck train wrote")
    calibrate.add_argument(
        "--data",
        nargs="+",
        required=True,
        metavar="PATH[:WEIGHT]",
        help="the files the model was trained on, as its factcheck.json records them (their validation shares fit the temperature)",
    )
    calibrate.set_defaults(run=run_calibrate)

    evaluate = commands.add_parser(
        "evaluate",
        parents=[model_option],
        help="measure a model on labelled sentences",
        description="Print precision, recall, F1 and PR-AUC of the check-worthy class at the model's threshold.",
    )
    evaluate.add_argument("--data", required=True, metavar="PATH", help="labelled sentences (.json, .jsonl, .csv)")
    evaluate.add_argument(
        "--split",
        choices=("all", "validation", "train"),
        default="all",
        help="validation: only the held-out split the model was trained with (same data file)",
    )
    evaluate.set_defaults(run=run_evaluate)
    return parser


def _number(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None


def _probability(value: str) -> float:
    number = _number(value)
    if not 0.0 <= number <= 1.0:
        raise argparse.ArgumentTypeError(f"{value} is not between 0 and 1")
    return number


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value} is not 1 or more")
    return number


def _megabytes(value: str) -> int:
    """A size in megabytes (1,000,000 bytes), as a byte count."""
    number = _number(value)
    if not 0 < number < float("inf"):
        raise argparse.ArgumentTypeError(f"{value} is not a size above 0")
    return int(number * 1_000_000)


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2026-11-28") from None


def run_check(args: argparse.Namespace) -> int:
    from .batch import check_articles
    from .check import DEFAULT_OUTPUT_FOLDER, check_article

    one_article = len(args.articles) == 1 and not Path(args.articles[0]).is_dir()
    if args.article_date and not one_article:
        raise FactcheckError("--article-date is one article's date: give it with one ARTICLE (each of a batch is read against its own)")
    options = {
        "threshold": args.threshold,
        "scorer": ClaimScorer(args.model, precision=args.precision),
        "force": args.force,
        "sources": args.sources,
        "max_bytes": args.max_size,
        "archive": args.archive,
    }
    if one_article:
        print(check_article(args.articles[0], args.output, article_date=args.article_date, **options).summary())
        return 0
    batch = check_articles(
        args.articles,
        output_folder=args.output or DEFAULT_OUTPUT_FOLDER,
        glob=args.glob,
        jobs=args.jobs,
        progress=sys.stderr.isatty(),
        **options,
    )
    for report in batch.reports:
        print(report.summary())
    for failure in batch.failures:
        print(f"factcheck: error: {failure.message}", file=sys.stderr)
    if batch.triage:
        articles = "1 article" if len(batch.reports) == 1 else f"{len(batch.reports)} articles"
        print(f"wrote {batch.triage}: the top claims of {articles}")
    return EXIT_SOME_FAILED if batch.failures else 0


def run_sentences(args: argparse.Namespace) -> int:
    from .document import read_document
    from .segment import split_sentences

    pieces = split_sentences(read_document(args.article).text)
    if args.json:
        json.dump([asdict(p) for p in pieces], sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    for piece in pieces:
        print(f"{piece.index + 1:>4} ¶{piece.paragraph:<3} {piece.kind:<9} {piece.start:>6}-{piece.end:<6} {piece.plain_text}")
    return 0


def run_score(args: argparse.Namespace) -> int:
    from .records import read_sentence_records

    texts = [r.text for r in read_sentence_records(args.file)]
    scores = ClaimScorer(args.model, precision=args.precision).score(texts)
    table = io.StringIO()
    writer = csv.writer(table, lineterminator="\n")
    writer.writerow(["sentence", "score"])
    writer.writerows((text, f"{score:.4f}") for text, score in zip(texts, scores))
    _write_output(table.getvalue(), args.output)
    return 0


def run_export(args: argparse.Namespace) -> int:
    from .export import export_worksheet

    text = export_worksheet(
        args.sheet,
        args.format,
        article_url=args.url,
        publisher=args.publisher,
        review_url=args.review_url,
        article_date=args.article_date,
        log=lambda line: print(f"factcheck: {line}", file=sys.stderr),
    )
    _write_output(text, args.output)
    return 0


def run_merge(args: argparse.Namespace) -> int:
    from .combine import merge_copies

    report = merge_copies(args.workbook, args.copies, force=args.force)
    print(report.summary())
    return EXIT_SOME_FAILED if report.conflicts else 0


def _write_output(text: str, output: str | None) -> None:
    """Print ``text``, or write it to ``output`` and say so.

    An existing ``output`` is replaced only when it is text (an earlier export, say): a
    workbook or any other binary file there is refused, so ``-o`` pointed at the reviewed
    workbook by mistake loses nothing."""
    if output is None:
        sys.stdout.write(text)
        return
    path = Path(output)
    try:
        with path.open("rb") as existing:
            start = existing.read(4096)
    except FileNotFoundError:
        start = b""
    except OSError as exc:
        raise FactcheckError(f"cannot write {output}: {exc.strerror or exc}") from None
    if b"\0" in start or start.startswith(b"PK"):
        raise FactcheckError(f"{output} exists and is not a text file (a workbook?); nothing was written, choose another output")
    temporary = path.with_name(f".{path.name}.factcheck-tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise FactcheckError(f"cannot write {output}: {exc.strerror or exc}") from None
    print(f"wrote {output}")


def _refuse_a_missing_archive_folder(args: argparse.Namespace) -> None:
    """A path the user gave for the archive (``--archive`` or ``$FACTCHECK_ARCHIVE``) must be in a
    folder that exists: a mistyped one would start a second archive, splitting the desk's verdicts."""
    from .archive import ARCHIVE_ENVIRONMENT, ArchiveError

    if not hasattr(args, "archive"):
        return  # a command that does not use the archive
    given, where = args.archive, "--archive"
    if not given:
        given, where = os.environ.get(ARCHIVE_ENVIRONMENT, "").strip(), f"${ARCHIVE_ENVIRONMENT}"
    if given and not Path(given).expanduser().parent.is_dir():
        raise ArchiveError(f"the folder of the archive {given} ({where}) does not exist; create it first, or check the path")


def _archive_path(args: argparse.Namespace) -> Path:
    from .archive import default_archive
    from .check import DEFAULT_OUTPUT_FOLDER

    return Path(args.archive) if args.archive else default_archive(DEFAULT_OUTPUT_FOLDER)


def run_match(args: argparse.Namespace) -> int:
    from .archive import Archive
    from .figures import differing_figures
    from .matcher import SentenceEmbedder, find_matches
    from .records import read_sentence_records

    texts = [r.text for r in read_sentence_records(args.file)]
    embedder = SentenceEmbedder()
    with Archive(_archive_path(args), create=False, model=embedder.identity) as archive:
        matches = find_matches(texts, archive, embedder, top=args.top)
    table = io.StringIO()
    writer = csv.writer(table, lineterminator="\n")
    writer.writerow(["sentence", "rank", "similarity", "claim", "verdict", "url", "source", "date", "figures_differ"])
    for text, found in zip(texts, matches):
        for rank, match in enumerate(found, start=1):
            claim = match.claim
            url = claim.url or f"{claim.workbook}#{claim.claim_id}"
            figures = differing_figures(text, claim.text)
            writer.writerow([text, rank, f"{match.similarity:.4f}", claim.text, claim.verdict, url, claim.source, claim.reviewed_on, figures])
    _write_output(table.getvalue(), args.output)
    return 0


def run_archive_import(args: argparse.Namespace) -> int:
    from .archive import Archive
    from .matcher import SentenceEmbedder
    from .reviews import import_review_files

    embedder = SentenceEmbedder()
    path = _archive_path(args)

    def embed(texts):
        with _claims_bar(len(texts)) as bar:
            return embedder.embed(texts, progress=bar.update)

    with Archive(path, model=embedder.identity) as archive:
        results = import_review_files(args.paths, archive, embed)
        total = len(archive)
    failed = [r for r in results if r.error]
    for result in results:
        if result.error:
            print(f"factcheck: error: {result.summary()}", file=sys.stderr)
        else:
            print(result.summary())
    print(f"{path}: {total:,} claims")
    return 0 if not failed else EXIT_USER_ERROR if len(failed) == len(results) else EXIT_SOME_FAILED


def run_archive_stats(args: argparse.Namespace) -> int:
    from .archive import Archive
    from .matcher import SentenceEmbedder

    path = _archive_path(args)
    with Archive(path, create=False) as archive:
        counts, model = archive.counts(), archive.model
    total = sum(counts.values())
    print(f"{path}: {total:,} claims")
    if model is not None:
        ours = SentenceEmbedder().identity
        print(f"sentence encoder: {model} " + ("(this factcheck's)" if model == ours else f"(this factcheck's is {ours}: run factcheck archive reembed)"))
    by_source: dict[str, int] = {}
    for (source, _), n in counts.items():
        by_source[source] = by_source.get(source, 0) + n
    for source, n in sorted(by_source.items(), key=lambda item: -item[1]):
        print(f"\n{source or '(no source)'}: {n:,}")
        for (_, verdict), m in sorted(((k, m) for k, m in counts.items() if k[0] == source), key=lambda item: -item[1]):
            print(f"  {m:>8,}  {verdict or '(no rating)'}")
    return 0


def run_archive_reembed(args: argparse.Namespace) -> int:
    from .archive import Archive
    from .matcher import SentenceEmbedder

    embedder = SentenceEmbedder()
    path = _archive_path(args)
    with Archive(path, create=False) as archive:
        earlier = archive.model
        if earlier == embedder.identity:
            print(f"{path}: {len(archive):,} claims, already embedded with this factcheck's sentence encoder ({earlier}); nothing to do")
            return 0
        with _claims_bar(len(archive)) as bar:
            count = archive.reembed(embedder.identity, lambda texts: embedder.embed(texts, progress=bar.update), back=args.back)
    print(f"{path}: {count:,} claims embedded again with the sentence encoder {embedder.identity} (they were {earlier or 'not recorded'})")
    return 0


def _claims_bar(total: int):
    """A progress bar of claims embedded, on a terminal only."""
    from tqdm import tqdm

    return tqdm(total=total, unit="claim", disable=not sys.stderr.isatty(), leave=False)


def run_train(args: argparse.Namespace) -> int:
    from .train import Recipe, train_classifier

    try:
        recipe = Recipe(
            epochs=args.epochs,
            learning_rate=args.learning_rate,
            seed=args.seed,
            averaged_runs=args.averaged_runs,
            consistency_weight=args.consistency_weight,
            distillation_weight=args.distillation_weight,
        )
    except ValueError as exc:
        raise DataError(f"training settings: {exc}") from None
    metrics = train_classifier(
        args.data,
        args.out,
        recipe=recipe,
        threshold_data=args.threshold_data,
        target_recall=args.target_recall,
        teacher=args.teacher,
        unlabelled=args.unlabelled,
        log=lambda line: print(line, file=sys.stderr),
    )
    print(f"wrote {args.out}; validation figures in {recipe.precision}, at the threshold chosen for it:")
    print("\n".join(metrics.lines()))
    return 0


def run_calibrate(args: argparse.Namespace) -> int:
    from .train import recalibrate

    metrics = recalibrate(args.model, args.data, threshold_data=args.threshold_data, target_recall=args.target_recall)
    print(f"wrote {Path(args.model) / 'factcheck.json'}; validation figures at the new threshold:")
    print("\n".join(metrics.lines()))
    return 0


def run_evaluate(args: argparse.Namespace) -> int:
    from .train import evaluate_model

    metrics = evaluate_model(args.data, args.model, split=args.split, precision=args.precision)
    print(f"scored in   {ClaimScorer(args.model, precision=args.precision).precision}")
    print("\n".join(metrics.lines()))
    return 0


# How long a torch thread that waits for work keeps the core busy (libgomp's rounds, read when
# torch loads; its default is 300,000). Two runs at once on two cores, each with two threads,
# took 10 to 160 s for what one run alone does in 3.7 s; at 1,000 they take 6 s, and one alone
# is as fast as before (bench/RESULTS.md).
THREAD_SPIN_ROUNDS = "1000"


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("GOMP_SPINCOUNT", THREAD_SPIN_ROUNDS)
    args = build_parser().parse_args(argv)
    try:
        _refuse_a_missing_archive_folder(args)
        return args.run(args)
    except FactcheckError as exc:
        if args.debug:
            raise
        print(f"factcheck: error: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("factcheck: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output left (`factcheck sentences … | head`): stop quietly, and
        # keep Python from failing again on flushing the closed pipe at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
