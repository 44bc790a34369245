"""One run, in order: read → split → score → annotate → claims → merge → write."""

from __future__ import annotations

import datetime as dt
import os
import time
from contextlib import nullcontext
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from . import __version__
from .claims import Claim, annotate
from .details import find_urls, load_where_to_check, source_type
from .document import FORMATS, DEFAULT_MAX_BYTES, STDIN, Document, read_document
from .errors import DocumentError, FactcheckError, WorksheetError
from .scorer import ClaimScorer
from .segment import Sentence, split_sentences
from .merge import MergeReport, merge_reviews
from .worksheet import (
    MARKER_PROPERTY,
    PROPERTY_PREFIX,
    ForeignWorkbookError,
    PreviousWorkbook,
    WorkbookContent,
    back_up,
    file_state,
    read_previous_workbook,
    refuse_if_open,
    write_triage,
    write_workbook,
)

DEFAULT_OUTPUT_FOLDER = Path("sheets")
TRIAGE_NAME = "_triage.xlsx"
TRIAGE_PER_ARTICLE = 5
# Sentences scored together in batch mode: enough for well-filled length-sorted batches, few
# enough that a day's articles never sit in memory at once.
ROUND_SENTENCES = 512
READABLE_SUFFIXES = frozenset(FORMATS)  # what read_document reads, by extension


@dataclass(frozen=True, slots=True)
class RunReport:
    """What one run did: counts, where it wrote, the merge, and how long each stage took."""

    article: Path
    output: Path
    sentences: int
    scored: int
    claims: int
    threshold: float
    model: str
    merge: MergeReport
    merged: bool = False
    backup: Path | None = None
    timings: dict[str, float] = field(default_factory=dict)
    top_claims: tuple[Mapping[str, Any], ...] = ()  # the highest-scoring Claims rows, for triage

    def summary(self) -> str:
        """A few lines for a person: what was found, what the merge did, where it went."""
        claims = "1 claim" if self.claims == 1 else f"{self.claims} claims"
        lines = [
            f"{article_name(self.article)}: {claims} to check among {self.scored} sentences "
            f"(threshold {self.threshold:.2f}, model {self.model})"
        ]
        if self.merged:
            lines.append(f"merged reviewer work: {self.merge.summary()}")
        if self.backup:
            lines.append(f"previous workbook backed up to {self.backup}")
        lines.append(f"wrote {self.output}")
        return "\n".join(lines)


def article_name(article: Path) -> str:
    """The article's file name, or "standard input" for ``-``."""
    return "standard input" if article == STDIN else article.name


def default_output(article: str | Path) -> Path:
    """``sheets/<article stem>.xlsx`` in the current folder; ``sheets/stdin.xlsx`` for ``-``."""
    stem = "stdin" if Path(article) == STDIN else Path(article).stem
    return DEFAULT_OUTPUT_FOLDER / f"{stem}.xlsx"


def check_article(
    article: str | Path,
    output: str | Path | None = None,
    *,
    threshold: float | None = None,
    model: str | Path | None = None,
    scorer: ClaimScorer | None = None,
    force: bool = False,
    sources: str | Path | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> RunReport:
    """Find the claims in an article and write the reviewer workbook.

    When ``output`` exists and is a factcheck workbook, reviewer work in it is merged into
    the new one; the old file is backed up to ``.history/`` first. A file factcheck did not
    write is refused unless ``force`` (it is still backed up). ``scorer`` lets a caller
    reuse a loaded model across articles; otherwise ``model`` is loaded (None: the shipped one).
    ``sources`` is a TOML file of where-to-check hints added to the shipped ``sources.toml``.
    An article over ``max_bytes`` is refused.
    """
    output = Path(output) if output is not None else default_output(article)
    where_to_check = load_where_to_check(sources)
    prepared = prepare_article(article, output, force=force, max_bytes=max_bytes)
    scorer = scorer or ClaimScorer(model)
    scores = score_prepared([prepared], scorer)
    return finish_article(prepared, scores[0], scorer, threshold, where_to_check)


@dataclass(slots=True)
class PreparedArticle:
    """An article read and split, with the state of its output, waiting for its scores."""

    document: Document
    sentences: list[Sentence]
    scored: list[Sentence]
    output: Path
    output_state: tuple[int, int] | None
    previous: PreviousWorkbook | None
    timings: dict[str, float]


class _Laps:
    """Seconds spent in each stage, measured from one lap to the next."""

    def __init__(self, timings: dict[str, float]):
        self.timings, self.clock = timings, time.perf_counter()

    def __call__(self, stage: str) -> None:
        now = time.perf_counter()
        self.timings[stage] = round(self.timings.get(stage, 0.0) + now - self.clock, 4)
        self.clock = now


def prepare_article(article: str | Path, output: Path, *, force: bool = False, max_bytes: int = DEFAULT_MAX_BYTES) -> PreparedArticle:
    """Read and split an article, and read the workbook it will merge into (the steps before scoring)."""
    timings: dict[str, float] = {}
    lap = _Laps(timings)
    document = read_document(article, max_bytes=max_bytes)
    refuse_unwritable_folder(output)
    output_state = file_state(output)
    previous = read_existing_output(output, force)
    lap("read")
    sentences = split_sentences(document.text)
    lap("split")
    scored = [s for s in sentences if s.kind == "sentence"]
    return PreparedArticle(document, sentences, scored, output, output_state, previous, timings)


def score_prepared(
    prepared: Sequence[PreparedArticle], scorer: ClaimScorer, progress: Callable[[int], None] | None = None
) -> list[list[float]]:
    """Scores for every article's sentences, from one call so the batches are shared across articles.

    ``progress`` is called with the number of sentences scored so far, after each batch.
    """
    started = time.perf_counter()
    done = 0

    def scored(count: int) -> None:
        nonlocal done
        done += count
        progress(done)

    texts = [s.plain_text for article in prepared for s in article.scored]
    flat = scorer.score(texts, progress=scored if progress else None)
    per_article, offset = [], 0
    # The time is the batch's, not any one article's; each article records its share.
    total = sum(len(article.scored) for article in prepared) or 1
    elapsed = time.perf_counter() - started
    for article in prepared:
        per_article.append(flat[offset : offset + len(article.scored)])
        offset += len(article.scored)
        article.timings["score"] = round(elapsed * len(article.scored) / total, 4)
    return per_article


def finish_article(
    prepared: PreparedArticle,
    scores: Sequence[float],
    scorer: ClaimScorer,
    threshold: float | None,
    where_to_check: Mapping[str, str],
) -> RunReport:
    """Annotate the scored sentences, merge the previous workbook's reviewer work, and write."""
    document, sentences, scored, output, previous = (
        prepared.document, prepared.sentences, prepared.scored, prepared.output, prepared.previous
    )
    timings = prepared.timings
    lap = _Laps(timings)
    threshold = scorer.threshold if threshold is None else threshold
    candidates = annotate(scored, scores, sources_near(sentences, scored), where_to_check)
    lap("annotate")
    run_at = dt.datetime.now(dt.timezone.utc)
    merged = merge_reviews(candidates, threshold, previous, run_at.date())
    lap("merge")
    on_claims = {str(row["claim_id"]) for row in merged.claims if row.get("claim_id")}
    properties = {
        MARKER_PROPERTY: __version__,
        PROPERTY_PREFIX + "model": scorer.name,
        PROPERTY_PREFIX + "model_sha256": scorer.weights_sha256,
        PROPERTY_PREFIX + "model_precision": scorer.precision,
        PROPERTY_PREFIX + "article": article_name(document.path),
        PROPERTY_PREFIX + "article_sha256": document.sha256,
        PROPERTY_PREFIX + "article_format": document.format,
        PROPERTY_PREFIX + "text_length": str(len(document.text)),
        PROPERTY_PREFIX + "text_sha256": document.text_sha256,
        PROPERTY_PREFIX + "threshold": f"{threshold:.4f}",
        PROPERTY_PREFIX + "run_at": run_at.replace(microsecond=0).isoformat(),
    }
    if document.notes:
        properties[PROPERTY_PREFIX + "extraction_notes"] = "; ".join(document.notes)
    history = {
        "run_at": run_at.strftime("%Y-%m-%d %H:%M:%S"),
        "tool_version": __version__,
        "article": article_name(document.path),
        "article_sha256": document.sha256[:16],
        "model": scorer.name,
        "threshold": threshold,
        "summary": merged.report.summary() if previous else f"new worksheet: {len(merged.claims)} claims",
    }
    content = WorkbookContent(
        claims=merged.claims,
        sentences=sentence_rows(sentences, candidates, on_claims, merged.promoted_sentences),
        sources=source_rows(sentences, candidates, on_claims),
        history=[*(previous.history if previous else []), history],
        retired=merged.retired,
        properties=properties,
        added_columns=previous.added_columns if previous else (),
    )
    # A reviewer may have opened or saved the workbook while the article was being scored.
    refuse_if_open(output)
    if file_state(output) != prepared.output_state:
        raise WorksheetError(f"{output} changed while factcheck was running; nothing was written, run again")
    backup = back_up(output, run_at) if output.exists() else None
    write_workbook(output, content)
    lap("write")
    return RunReport(
        article=document.path,
        output=output,
        sentences=len(sentences),
        scored=len(scored),
        claims=len(merged.claims),
        threshold=threshold,
        model=scorer.name,
        merge=merged.report,
        merged=previous is not None,
        backup=backup,
        timings=timings,
        top_claims=tuple(top_claims(merged.claims)),
    )


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

    Without ``glob`` a folder gives the files whose extension factcheck reads. Hidden files and
    Office lock files (``~$name.docx``) are skipped; a folder without matches is refused.
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
            and (glob is not None or path.suffix.lower() in READABLE_SUFFIXES)
        )
        if not matches:
            wanted = f"matching {glob}" if glob else "with an extension factcheck reads"
            raise DocumentError(f"{article} is a directory, not a file, and holds no files {wanted}")
        found.extend(matches)
    return list(dict.fromkeys(found))


def check_articles(
    articles: Iterable[str | Path],
    *,
    output_folder: str | Path = DEFAULT_OUTPUT_FOLDER,
    glob: str | None = None,
    jobs: int = 1,
    threshold: float | None = None,
    model: str | Path | None = None,
    scorer: ClaimScorer | None = None,
    force: bool = False,
    sources: str | Path | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: bool = False,
    round_sentences: int = ROUND_SENTENCES,
) -> BatchReport:
    """Check many articles, writing ``<output_folder>/<stem>.xlsx`` for each.

    Articles are read and split in rounds of about ``round_sentences`` sentences; each
    round's sentences are scored in shared length-sorted batches, and its workbooks are
    merged and written by ``jobs`` writer threads while the next round is read and scored
    (torch leaves Python free while it computes). Memory holds two rounds, not the batch.
    An article that fails is recorded in the report and skipped; the rest complete. Folders
    are expanded with ``find_articles``. ``<output_folder>/_triage.xlsx`` is rewritten with
    each article's top claims by score. ``progress`` shows a bar on standard error.
    """
    from tqdm import tqdm

    timings: dict[str, float] = {}
    lap = _Laps(timings)
    output_folder = Path(output_folder)
    paths = find_articles(articles, glob)
    where_to_check = load_where_to_check(sources)
    scorer = scorer or ClaimScorer(model)
    failures: list[BatchFailure] = []
    outputs: dict[Path, Path] = {}
    for path in paths:
        output = output_folder / default_output(path).name
        if output in outputs:
            failures.append(BatchFailure(path, f"{path}: would write {output}, as {outputs[output]} does; rename one"))
        else:
            outputs[output] = path
    bar = tqdm(total=len(outputs), unit="article", disable=not progress, leave=False)
    reports: list[RunReport] = []

    def prepare(item: tuple[Path, Path]) -> PreparedArticle:
        return prepare_article(item[1], item[0], force=force, max_bytes=max_bytes)

    def finish(article: PreparedArticle, scores: list[float]) -> RunReport:
        return finish_article(article, scores, scorer, threshold, where_to_check)

    try:
        with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="factcheck-write") as writers:
            readers = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="factcheck-read") if jobs > 1 else None
            with readers or nullcontext():
                writing: list[tuple[PreparedArticle, Future]] = []
                for round_ in _rounds(_attempts(prepare, outputs.items(), readers, jobs, failures, bar), round_sentences):
                    lap("read")
                    bar.set_description(f"scoring {sum(len(a.scored) for a in round_):,} sentences")
                    scores = score_prepared(round_, scorer, progress=lambda done: bar.set_postfix(scored=done, refresh=False))
                    lap("score")
                    reports.extend(_written(writing, failures, bar))
                    lap("write")
                    bar.set_description("writing")
                    writing = [(article, writers.submit(finish, article, article_scores)) for article, article_scores in zip(round_, scores)]
                lap("read")
                reports.extend(_written(writing, failures, bar))
                lap("write")
    finally:
        bar.close()
    triage = None
    if reports:
        try:
            triage = write_triage(output_folder / TRIAGE_NAME, triage_rows(reports, output_folder))
        except FactcheckError as exc:
            failures.append(BatchFailure(output_folder / TRIAGE_NAME, str(exc)))
    lap("triage")
    order = {path: index for index, path in enumerate(paths)}
    return BatchReport(
        reports=tuple(sorted(reports, key=lambda r: order.get(r.article, 0))),
        failures=tuple(sorted(failures, key=lambda f: order.get(f.article, len(order)))),
        triage=triage,
        timings=timings,
    )


def _attempts(
    prepare: Callable[[tuple[Path, Path]], PreparedArticle],
    items: Iterable[tuple[Path, Path]],
    pool: ThreadPoolExecutor | None,
    ahead: int,
    failures: list[BatchFailure],
    bar: Any,
) -> Iterator[PreparedArticle]:
    """Each article read and split, in order (at most ``ahead`` at a time in ``pool``); an
    article that raises a FactcheckError is recorded in ``failures`` and left out."""

    def attempt(item: tuple[Path, Path]) -> PreparedArticle | BatchFailure:
        try:
            return prepare(item)
        except FactcheckError as exc:
            return BatchFailure(item[1], naming(item[1], exc))

    if pool is None:
        results: Iterator[PreparedArticle | BatchFailure] = map(attempt, items)
    else:
        results = _bounded_map(pool, attempt, items, ahead)
    for result in results:
        if isinstance(result, BatchFailure):
            failures.append(result)
            bar.update()
        else:
            yield result


Item = TypeVar("Item")
Result = TypeVar("Result")


def _bounded_map(pool: ThreadPoolExecutor, work: Callable[[Item], Result], items: Iterable[Item], ahead: int) -> Iterator[Result]:
    """``pool.map`` that submits at most ``ahead`` items beyond the one being consumed, so a
    long batch is not read into memory all at once."""
    pending: deque[Future] = deque()
    for item in items:
        pending.append(pool.submit(work, item))
        if len(pending) > ahead:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


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


def _written(writing: list[tuple[PreparedArticle, Future]], failures: list[BatchFailure], bar: Any) -> list[RunReport]:
    """The reports of a round's workbooks, once written; failures recorded and left out."""
    reports = []
    for article, future in writing:
        try:
            reports.append(future.result())
        except FactcheckError as exc:
            failures.append(BatchFailure(article.document.path, naming(article.document.path, exc)))
        bar.update()
    return reports


def naming(article: Path, exc: Exception) -> str:
    """The error's message, led by the article's path unless it already starts with it."""
    message = str(exc)
    return message if message.startswith(str(article)) else f"{article}: {message}"


def top_claims(claims: Sequence[Mapping[str, Any]], count: int = TRIAGE_PER_ARTICLE) -> list[Mapping[str, Any]]:
    """The ``count`` Claims rows with the highest scores (rows a reviewer added have none)."""
    scored = [row for row in claims if isinstance(row.get("score"), (int, float))]
    return sorted(scored, key=lambda row: -row["score"])[:count]


def triage_rows(reports: Sequence[RunReport], folder: Path) -> list[dict[str, Any]]:
    """Every article's top claims, highest score first, each linking to its workbook."""
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
    return sorted(rows, key=lambda row: -row["score"])


def refuse_unwritable_folder(output: Path) -> None:
    """Refuse, before any scoring, an output whose folder cannot be made or written in."""
    folder = output.parent
    # The folder may not exist yet (it is made when writing): its nearest existing ancestor decides.
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        raise WorksheetError(f"cannot write {output}: {folder} is a file, not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise WorksheetError(f"cannot write {output}: {folder} is not writable (permission denied)")


def read_existing_output(output: Path, force: bool) -> PreviousWorkbook | None:
    """The workbook already at ``output``, to merge; None when there is none (or ``force``
    replaces a file that is not ours). Refuses a workbook that is open elsewhere."""
    refuse_if_open(output)
    if not output.exists():
        return None
    if output.is_dir():
        raise WorksheetError(f"{output} is a directory; give a workbook file name with -o")
    try:
        return read_previous_workbook(output)
    except ForeignWorkbookError as exc:
        if force:
            return None
        raise WorksheetError(f"{exc}; choose another output, or use --force to replace it (a backup is kept)") from None


def url_owners(sentences: Sequence[Sentence]) -> dict[int, int]:
    """For each URL piece (by index), the paragraph whose text it belongs to.

    A URL on a line of its own usually cites the text just above it: its own paragraph
    when that has sentences, else the nearest paragraph before it that does.
    """
    text_paragraphs = sorted({s.paragraph for s in sentences if s.kind == "sentence"})
    owners = {}
    for piece in sentences:
        if piece.kind == "url":
            earlier = [p for p in text_paragraphs if p <= piece.paragraph]
            owners[piece.index] = earlier[-1] if earlier else piece.paragraph
    return owners


def sources_near(sentences: Sequence[Sentence], scored: Sequence[Sentence]) -> list[tuple[str, ...]]:
    """For each scored sentence, the URLs on lines of their own that belong to its paragraph."""
    owners = url_owners(sentences)
    by_paragraph: dict[int, list[str]] = {}
    for piece in sentences:
        if piece.index in owners:
            by_paragraph.setdefault(owners[piece.index], []).extend(find_urls(piece.plain_text) or [piece.plain_text])
    return [tuple(by_paragraph.get(s.paragraph, ())) for s in scored]


def sentence_rows(
    sentences: Sequence[Sentence], candidates: Sequence[Claim], on_claims: set[str], added: frozenset[str]
) -> list[dict[str, object]]:
    """Every piece of the article, scored or not, with whether it is on Claims and the
    reviewer's "Add as claim" carried by claim ID."""
    scored = {c.sentence.index: c for c in candidates}
    rows = []
    for sentence in sentences:
        candidate = scored.get(sentence.index)
        rows.append(
            {
                "sentence_number": sentence.index + 1,
                "paragraph": sentence.paragraph,
                "sentence_kind": sentence.kind,
                "sentence": sentence.plain_text,
                "said_by": candidate.said_by if candidate else "",
                "score": round(candidate.score, 4) if candidate else None,
                "on_claims": ("Yes" if candidate.claim_id in on_claims else "No") if candidate else "",
                "claim_id": candidate.claim_id if candidate else "",
                "start": sentence.start,
                "end": sentence.end,
                "add_as_claim": "Yes" if candidate and candidate.claim_id in added else None,
            }
        )
    return rows


def source_rows(sentences: Sequence[Sentence], candidates: Sequence[Claim], on_claims: set[str]) -> list[dict[str, object]]:
    """Every URL, outlet and document the article names, with the claims on Claims that cite it."""
    owners = url_owners(sentences)
    paragraphs: dict[str, int] = {}
    for sentence in sentences:
        for url in find_urls(sentence.plain_text):
            paragraphs.setdefault(url, owners.get(sentence.index, sentence.paragraph))
    for candidate in candidates:
        for hint in candidate.suggested_sources:
            paragraphs.setdefault(hint, candidate.sentence.paragraph)
    return [
        {
            "source": hint,
            "source_type": source_type(hint),
            "paragraph": paragraph,
            "cited_for": "\n".join(c.claim_id for c in candidates if c.claim_id in on_claims and hint in c.suggested_sources),
        }
        for hint, paragraph in paragraphs.items()
    ]
