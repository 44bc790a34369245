"""Batch mode: many articles checked in rounds, in this process or in worker processes, and the
triage list of every article's top claims."""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .check import (
    DEFAULT_OUTPUT_FOLDER,
    Laps,
    PreparedArticle,
    RunReport,
    article_name,
    default_output,
    finish_article,
    prepare_article,
    score_prepared,
)
from .archive import default_archive
from .checked_before import refuse_another_encoder
from .document import DEFAULT_MAX_BYTES, is_article_file, is_picture
from .errors import DocumentError, FactcheckError
from .scorer import ClaimScorer, ModelFacts
from .where_to_check import load_where_to_check
from .worksheet import remove_stale_temporaries, write_triage

TRIAGE_NAME = "_triage.xlsx"
# Sentences scored together in batch mode: enough for well-filled length-sorted batches, few
# enough that a day's articles never sit in memory at once.
ROUND_SENTENCES = 512
# Articles a worker process takes at a time (at most): enough to fill its batches, few enough
# that the workers finish together. A batch no bigger than this is checked in one process.
ARTICLES_PER_TASK = 16


@dataclass(frozen=True, slots=True)
class BatchFailure:
    """An article the batch skipped, and why, in one line that names it."""

    article: Path
    message: str


@dataclass(frozen=True, slots=True)
class BatchReport:
    """What a batch run did: a report per article written, the articles skipped, the triage file."""

    reports: tuple[RunReport, ...]
    failures: tuple[BatchFailure, ...]
    triage: Path | None
    timings: dict[str, float] = field(default_factory=dict)


def find_articles(articles: Iterable[str | Path], glob: str | None = None) -> list[Path]:
    """The files to check: each file as given, and each folder's files matching ``glob``.

    Without ``glob`` a folder gives the files whose extension factcheck reads (a zip when it is
    a chat export). Hidden files and Office lock files (``~$name.docx``) are skipped; a folder
    without matches is refused.
    """
    found: list[Path] = []
    for article in map(Path, articles):
        if not article.is_dir():
            found.append(article)
            continue
        matches = sorted(
            path
            for path in article.glob(glob or "*")
            if path.is_file()
            and not path.name.startswith((".", "~$"))
            and (glob is not None or is_article_file(path))
        )
        if not matches:
            wanted = f"matching {glob}" if glob else "with an extension factcheck reads"
            pictures = [] if glob else sorted({path.suffix.lower() for path in article.iterdir() if is_picture(path)})
            kinds = " and ".join(pictures)
            named = f" (pictures, {kinds} here, are read only when named or matched by --glob, such as --glob '*{pictures[0]}')" if pictures else ""
            raise DocumentError(f"{article} is a directory, not a file, and holds no files {wanted}{named}")
        found.extend(matches)
    return list(dict.fromkeys(found))


def _found_articles(articles: Iterable[str | Path], glob: str | None) -> tuple[list[Path], list[BatchFailure], list[Path]]:
    """``find_articles`` for each argument on its own: a folder with nothing to check is one
    failure of the batch, not the end of it, unless no argument gives an article at all.
    Returns the articles, those failures, and both in the order given (for reporting)."""
    found: list[Path] = []
    failures: list[BatchFailure] = []
    listed: list[Path] = []
    for article in articles:
        try:
            matches = find_articles([article], glob)
        except DocumentError as exc:
            failures.append(BatchFailure(Path(article), str(exc)))
            listed.append(Path(article))
            continue
        found += matches
        listed += matches
    if failures and not found:
        messages = [f.message for f in failures]
        raise DocumentError(messages[0] if len(messages) == 1 else f"nothing to check: {'; '.join(messages)}")
    return list(dict.fromkeys(found)), failures, list(dict.fromkeys(listed))


def check_articles(
    articles: Iterable[str | Path],
    *,
    output_folder: str | Path = DEFAULT_OUTPUT_FOLDER,
    glob: str | None = None,
    jobs: int | None = None,
    threshold: float | None = None,
    model: str | Path | None = None,
    scorer: ClaimScorer | None = None,
    force: bool = False,
    sources: str | Path | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: bool = False,
    round_sentences: int = ROUND_SENTENCES,
    archive: str | Path | None = None,
) -> BatchReport:
    """Check many articles, writing ``<output_folder>/<stem>.xlsx`` for each.

    Articles are read and split in rounds of about ``round_sentences`` sentences; a round's
    sentences are scored together in length-sorted batches, then its workbooks are merged
    and written, so memory holds one round, not the batch. With ``jobs`` above 1 (default:
    one per CPU core) the articles are shared out, up to ``ARTICLES_PER_TASK`` at a time, to that
    many worker processes, each with its own copy of the model on one core: scoring and
    writing are both CPU-bound, and writing is pure Python, so threads would queue for the
    GIL. An article that fails is recorded in the report and skipped; the rest complete.
    Folders are expanded with ``find_articles``; a folder with nothing to check is recorded as
    a failure too, unless nothing at all is left to check. ``<output_folder>/_triage.xlsx`` is
    rewritten with each article's top claims by score. ``progress`` shows a bar on
    standard error. ``archive`` is as for ``check_article`` (default: in ``output_folder``).
    """
    from tqdm import tqdm

    timings: dict[str, float] = {}
    lap = Laps(timings)
    output_folder = Path(output_folder)
    paths, failures, listed = _found_articles(articles, glob)
    scorer = scorer or ClaimScorer(model)
    batch = BatchSettings(
        scorer.facts,
        threshold,
        load_where_to_check(sources),
        force,
        max_bytes,
        round_sentences,
        Path(archive) if archive is not None else default_archive(output_folder),
    )
    refuse_another_encoder(batch.archive)
    outputs: dict[Path, Path] = {}
    for path in paths:
        output = output_folder / default_output(path).name
        if output in outputs:
            failures.append(BatchFailure(path, f"{path}: would write {output}, as {outputs[output]} does; rename one"))
        else:
            outputs[output] = path
    items = [(path, output) for output, path in outputs.items()]
    remove_stale_temporaries([*outputs, output_folder / TRIAGE_NAME])
    jobs = min(jobs or os.cpu_count() or 1, -(-len(items) // ARTICLES_PER_TASK))
    bar = tqdm(total=len(items), unit="article", disable=not progress, leave=False)
    reports: list[RunReport] = []
    try:
        if jobs <= 1:
            outcome = _check_in_rounds(items, scorer, batch, bar)
        else:
            outcome = _check_in_workers(items, scorer, batch, jobs, bar)
        for report_or_failure in outcome:
            (failures if isinstance(report_or_failure, BatchFailure) else reports).append(report_or_failure)
    finally:
        bar.close()
    lap("check")
    # Reported in the order the articles were given, whichever process finished first.
    order = {path: index for index, path in enumerate(listed)}
    reports.sort(key=lambda r: order.get(r.article, 0))
    failures.sort(key=lambda f: order.get(f.article, len(order)))
    triage = None
    if reports:
        try:
            triage = write_triage(output_folder / TRIAGE_NAME, triage_rows(reports, output_folder, failures))
        except FactcheckError as exc:
            failures.append(BatchFailure(output_folder / TRIAGE_NAME, str(exc)))
    lap("triage")
    return BatchReport(reports=tuple(reports), failures=tuple(failures), triage=triage, timings=timings)


@dataclass(frozen=True, slots=True)
class BatchSettings:
    """What every article of a batch is checked with; plain data, sent to worker processes."""

    model: ModelFacts
    threshold: float | None
    where_to_check: Mapping[str, str]
    force: bool
    max_bytes: int
    round_sentences: int
    archive: Path


def _check_in_rounds(
    items: Iterable[tuple[Path, Path]], scorer: ClaimScorer, batch: BatchSettings, bar: Any
) -> Iterator[RunReport | BatchFailure]:
    """Read, score and write (article, output) pairs a round at a time, in this process."""
    unreadable: list[BatchFailure] = []

    def readable() -> Iterator[PreparedArticle]:
        for article, output in items:
            try:
                yield prepare_article(article, output, force=batch.force, max_bytes=batch.max_bytes)
            except FactcheckError as exc:
                unreadable.append(BatchFailure(article, naming(article, exc)))

    def failed_so_far() -> Iterator[BatchFailure]:
        while unreadable:
            yield unreadable.pop(0)
            bar.update()

    for round_ in _rounds(readable(), batch.round_sentences):
        yield from failed_so_far()
        bar.set_description(f"scoring {sum(len(a.scored) for a in round_):,} sentences")
        scores = score_prepared(round_, scorer, progress=lambda done: bar.set_postfix(scored=done, refresh=False))
        bar.set_description("writing")
        for article, article_scores in zip(round_, scores):
            try:
                yield finish_article(
                    article, article_scores, batch.model, batch.threshold, batch.where_to_check, batch.archive
                )
            except FactcheckError as exc:
                yield BatchFailure(article.document.path, naming(article.document.path, exc))
            bar.update()
    yield from failed_so_far()


def _check_in_workers(
    items: list[tuple[Path, Path]], scorer: ClaimScorer, batch: BatchSettings, jobs: int, bar: Any
) -> Iterator[RunReport | BatchFailure]:
    """Share the articles out to ``jobs`` worker processes, at most two tasks each in flight."""
    # At least two tasks a worker, so that none waits long for the last one.
    per_task = max(1, min(ARTICLES_PER_TASK, -(-len(items) // (2 * jobs))))
    tasks = [items[start : start + per_task] for start in range(0, len(items), per_task)]
    threads = max(1, (os.cpu_count() or 1) // jobs)
    # spawn, not fork: a forked copy of a process running torch's thread pool can hang.
    with ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(scorer.model_source, scorer.precision, scorer.batch_size, threads),
    ) as workers:
        bar.set_description(f"checking in {jobs} processes")
        pending: deque[tuple[list[tuple[Path, Path]], Future]] = deque()
        for task in tasks:
            pending.append((task, workers.submit(_worker_check, task, batch)))
            if len(pending) > 2 * jobs:
                yield from _collected(*pending.popleft(), bar)
        while pending:
            yield from _collected(*pending.popleft(), bar)


def _collected(task: list[tuple[Path, Path]], future: Future, bar: Any) -> list[RunReport | BatchFailure]:
    outcome = future.result()
    bar.update(len(task))
    return outcome


_worker_scorer: ClaimScorer | None = None


def _start_worker(model_source: Path | str, precision: str, batch_size: int, threads: int) -> None:
    """Set up a worker process: its share of the cores for torch, and its own scorer."""
    global _worker_scorer
    import torch

    torch.set_num_threads(threads)
    _worker_scorer = ClaimScorer(model_source, precision=precision, batch_size=batch_size)
    _worker_scorer.load()
    # What is loaded now (torch, the model, the libraries) lives as long as the worker: kept
    # out of the collector's full passes, which openpyxl's many small objects set off often.
    gc.freeze()


def _worker_check(task: list[tuple[Path, Path]], batch: BatchSettings) -> list[RunReport | BatchFailure]:
    from tqdm import tqdm

    assert _worker_scorer is not None, "worker processes start with _start_worker"
    return list(_check_in_rounds(task, _worker_scorer, batch, tqdm(disable=True)))


def _rounds(prepared: Iterable[PreparedArticle], round_sentences: int) -> Iterator[list[PreparedArticle]]:
    """Consecutive articles grouped until a group holds ``round_sentences`` scored sentences."""
    round_: list[PreparedArticle] = []
    held = 0
    for article in prepared:
        round_.append(article)
        held += len(article.scored)
        if held >= round_sentences:
            yield round_
            round_, held = [], 0
    if round_:
        yield round_


def naming(article: Path, exc: Exception) -> str:
    """The error's message, led by the article's path unless it already starts with it."""
    message = str(exc)
    return message if message.startswith(str(article)) else f"{article}: {message}"


def triage_rows(reports: Sequence[RunReport], folder: Path, failures: Sequence[BatchFailure] = ()) -> list[dict[str, Any]]:
    """The articles that could not be checked, then every article's top claims, highest score
    first, each linking to its workbook."""
    not_checked = [
        {"article": article_name(failure.article), "claim": f"Not checked: {failure.message}", "kind": None, "score": None, "claim_id": None, "workbook": None}
        for failure in failures
    ]
    rows = [
        {
            "article": article_name(report.article),
            "score": row["score"],
            "claim": row.get("claim"),
            "kind": row.get("kind"),
            "claim_id": row.get("claim_id"),
            # Relative, so the link still works when the folder is moved or shared.
            "workbook": Path(os.path.relpath(report.output, folder)).as_posix(),
        }
        for report in reports
        for row in report.top_claims
    ]
    return not_checked + sorted(rows, key=lambda row: -row["score"])
