"""One run, in order: read → split → score → annotate → claims → merge → write."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .archive import ArchiveError, StoreCounts, default_archive
from .checked_before import mark_checked_before, record_verdicts, refuse_another_encoder, workbook_identity
from .claims import Claim, annotate
from .details import find_urls, source_type
from .document import DEFAULT_MAX_BYTES, STDIN, Document, Link, page_at, read_document
from .posts import chat_export_name
from .relative_dates import dated_opening
from .errors import WorksheetError
from .scorer import ClaimScorer, ModelFacts
from .where_to_check import load_where_to_check
from .segment import Sentence, split_sentences, turns
from .columns import SENTENCES, SOURCES, claim_id_of, names_a_claim, sentence_key
from .merge import (
    SOURCE_MARKERS,
    MergeReport,
    carry_table,
    merge_reviews,
    sentences_read_apart,
    source_key,
)
from .worksheet import (
    ARTICLE_DATE_FROM_PROPERTY,
    ARTICLE_DATE_PROPERTY,
    MARKER_PROPERTY,
    OTHER_SPREADSHEETS,
    PROPERTY_PREFIX,
    WORKBOOK_ID_PROPERTY,
    ForeignWorkbookError,
    PreviousWorkbook,
    WorkbookContent,
    back_up,
    file_state,
    read_previous_workbook,
    refuse_if_open,
    remove_stale_temporaries,
    unreadable_workbook,
    write_workbook,
)

DEFAULT_OUTPUT_FOLDER = Path("sheets")
# What ARTICLE_DATE_FROM_PROPERTY says of a day given with --article-date, which later runs keep.
GIVEN_DATE = "given with --article-date"
TRIAGE_PER_ARTICLE = 5


@dataclass(frozen=True, slots=True)
class RunReport:
    """What one run did: counts, where it wrote, the merge, and how long each stage took."""

    article: Path
    output: Path
    sentences: int
    scored: int
    claims: int  # Claims rows of the article's sentences
    threshold: float
    model: str
    merge: MergeReport
    precision: str = "fp32"
    merged: bool = False
    backup: Path | None = None
    timings: dict[str, float] = field(default_factory=dict)
    top_claims: tuple[Mapping[str, Any], ...] = ()  # the highest-scoring Claims rows, for triage
    checked_before: int = 0  # claims whose earlier check in the archive clears the threshold
    other_figures: int = 0  # of those, claims whose earlier check states other figures
    archive: Path | None = None
    recorded: StoreCounts | None = None  # what recording this workbook's verdicts did to the archive
    replaced: str = ""  # why --force replaced the previous file instead of merging it
    added_by_hand: int = 0  # Claims rows a reviewer typed or pasted, which no sentence of the article holds

    def summary(self) -> str:
        """A few lines for a person: what was found, what the merge did, where it went."""
        claims = "1 claim" if self.claims == 1 else f"{self.claims} claims"
        by_hand = f", and {self.added_by_hand} added by hand" if self.added_by_hand else ""
        lines = [
            f"{article_name(self.article)}: {claims} to check among {self.scored} sentences{by_hand} "
            f"(threshold {self.threshold:.2f}, model {self.model}, {self.precision})"
        ]
        if self.merged:
            lines.append(f"merged reviewer work: {self.merge.summary()}")
        if self.replaced:
            lines.append(f"NOT carried (--force): replaced {self.replaced}")
        if self.backup:
            lines.append(f"previous workbook backed up to {self.backup}")
        if self.checked_before:
            claims = "1 claim was" if self.checked_before == 1 else f"{self.checked_before} claims were"
            figures = f"; {self.other_figures} with other figures" if self.other_figures else ""
            lines.append(f"{claims} checked before (see the Checked before column{figures})")
        if self.recorded and (self.recorded.added or self.recorded.updated or self.recorded.removed):
            r = self.recorded
            lines.append(f"archive {self.archive}: {r.added} verdicts added, {r.updated} updated, {r.removed} removed")
        lines.append(f"wrote {self.output}")
        return "\n".join(lines)


def article_name(article: Path) -> str:
    """The article's file name, or "standard input" for ``-``."""
    return "standard input" if article == STDIN else article.name


def default_output(article: str | Path) -> Path:
    """``sheets/<article stem>.xlsx`` in the current folder; ``sheets/stdin.xlsx`` for ``-``.
    A chat export's file named alike for every chat (Telegram's ``result.json`` and
    ``messages.html``, an iPhone's ``_chat.txt``) is named by its chat instead (``sheets/Ferry
    Watch.xlsx``), so another chat's export is not merged into this one's."""
    article = Path(article)
    stem = "stdin" if article == STDIN else chat_export_name(article) or article.stem
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
    archive: str | Path | None = None,
    article_date: dt.date | None = None,
) -> RunReport:
    """Find the claims in an article and write the reviewer workbook.

    ``output`` is the workbook, or a folder (one that exists, or a name ending "/") to write
    ``<article stem>.xlsx`` in; by default ``default_output``. When it exists and is a
    factcheck workbook, reviewer work in it is merged into the new one; the old file is backed
    up to ``.history/`` first. A file factcheck did not write is refused unless ``force`` (it
    is still backed up). ``scorer`` lets a caller reuse a loaded model across articles;
    otherwise ``model`` is loaded (None: the shipped one).
    ``sources`` is a TOML file of where-to-check hints added to the shipped ``sources.toml``.
    An article over ``max_bytes`` is refused. ``archive`` is the desk's archive of checked
    claims (default: ``default_archive`` of the workbook's folder): claims found in it get
    "Checked before", and the workbook's verdicts are recorded in it. One whose vectors are
    another sentence encoder's is refused before the article is read (``Archive.reembed``).
    ``article_date`` is the day the article was published, which relative dates in its claims
    ("last month") are read against; it stands on later runs. Without it, the day an earlier
    run was given, else the day the article says (a web page's metadata, an e-mail's Date, a
    date at the top of its text).
    """
    if output is None:
        output = default_output(article)
    elif Path(output).is_dir() or str(output).endswith(("/", os.sep)):  # "-o out/" names a folder
        output = Path(output) / default_output(article).name
    output = Path(output)
    if output.suffix.lower() != ".xlsx" and not output.is_dir():
        if output.is_file() and output.suffix.lower() in OTHER_SPREADSHEETS:  # the workbook saved as .ods, say
            raise unreadable_workbook(output)
        # Excel refuses to open a workbook under another extension; out.csv is a slip, not a wish.
        raise WorksheetError(f"{output}: the worksheet is an Excel workbook; give -o a file name ending .xlsx")
    where_to_check = load_where_to_check(sources)
    archive_path = Path(archive) if archive is not None else default_archive(output.parent)
    refuse_another_encoder(archive_path)
    prepared = prepare_article(article, output, force=force, max_bytes=max_bytes)
    remove_stale_temporaries([output])
    scorer = scorer or ClaimScorer(model)
    scores = score_prepared([prepared], scorer)
    return finish_article(prepared, scores[0], scorer.facts, threshold, where_to_check, archive_path, article_date)


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
    # Why ``force`` replaced the existing output instead of merging it; empty when it did not.
    replaced: str = ""


class Laps:
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
    lap = Laps(timings)
    document = read_document(article, max_bytes=max_bytes)
    refuse_unwritable_folder(output)
    output_state = file_state(output)
    previous, replaced = read_existing_output(output, force)
    lap("read")
    sentences = split_sentences(document.text)
    lap("split")
    # A heading or furniture a reviewer added as a claim is scored too, so it can be listed, and
    # stays so while it holds their work.
    asked = {*previous.added_sentences.values(), *(str(row.get("claim")) for row in previous.claims)} if previous else set()
    scored = [s for s in sentences if s.kind == "sentence" or s.kind != "url" and s.plain_text in asked]
    return PreparedArticle(document, sentences, scored, output, output_state, previous, timings, replaced)


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
    model: ModelFacts,
    threshold: float | None,
    where_to_check: Mapping[str, str],
    archive: Path,
    article_date: dt.date | None = None,
) -> RunReport:
    """Annotate the scored sentences, merge the previous workbook's reviewer work, mark the
    claims the archive has checked before, write, and record the workbook's verdicts.
    ``article_date`` as ``check_article`` takes it."""
    document, sentences, scored, output, previous = (
        prepared.document, prepared.sentences, prepared.scored, prepared.output, prepared.previous
    )
    timings = prepared.timings
    lap = Laps(timings)
    threshold = model.threshold if threshold is None else threshold
    turn_of = turns(sentences)
    nearby = sources_near(sentences, scored, document.links)
    pages = [page_at(document.pages, s.start) for s in scored]
    published, published_from = publication_day(article_date, previous, document)
    candidates = annotate(scored, scores, nearby, where_to_check, [turn_of[s.index] for s in scored], pages, published)
    lap("annotate")
    run_at = dt.datetime.now(dt.timezone.utc)
    merged = merge_reviews(candidates, threshold, previous, run_at.date(), document.text)
    lap("merge")
    identity = workbook_identity(archive, output, previous.workbook_id if previous else None)
    before = {sentence.plain_text: prior.plain_text for prior, sentence in zip(scored, scored[1:])}
    earlier = mark_checked_before(merged.claims, archive, identity, before)
    lap("match")
    # Each claim on Claims and its Said by there (a reviewer's correction included).
    said_by = {str(row["claim_id"]): row.get("said_by") for row in merged.claims if row.get("claim_id")}
    properties = {
        MARKER_PROPERTY: __version__,
        PROPERTY_PREFIX + "model": model.name,
        PROPERTY_PREFIX + "model_sha256": model.sha256,
        PROPERTY_PREFIX + "model_precision": model.precision,
        PROPERTY_PREFIX + "article": article_name(document.path),
        PROPERTY_PREFIX + "article_sha256": document.sha256,
        PROPERTY_PREFIX + "article_format": document.format,
        PROPERTY_PREFIX + "text_length": str(len(document.text)),
        PROPERTY_PREFIX + "text_sha256": document.text_sha256,
        PROPERTY_PREFIX + "threshold": f"{threshold:.4f}",
        PROPERTY_PREFIX + "run_at": run_at.replace(microsecond=0).isoformat(),
        WORKBOOK_ID_PROPERTY: identity.workbook_id,
    }
    if published:
        properties[ARTICLE_DATE_PROPERTY] = published.isoformat()
        properties[ARTICLE_DATE_FROM_PROPERTY] = published_from
    if document.notes:
        properties[PROPERTY_PREFIX + "extraction_notes"] = "; ".join(document.notes)
    history = {
        "run_at": run_at.strftime("%Y-%m-%d %H:%M:%S"),
        "tool_version": __version__,
        "article": article_name(document.path),
        "article_sha256": document.sha256[:16],
        "model": model.name,
        "threshold": threshold,
        "summary": merged.report.summary() if previous else f"new worksheet: {len(merged.claims)} claims"
        + (f"; replaced {prepared.replaced}" if prepared.replaced else ""),
    }
    sentences_sheet = sentence_rows(sentences, candidates, said_by, merged.promoted_sentences)
    sources_sheet = source_rows(sentences, candidates, said_by.keys())
    if previous:
        own = previous.own_columns
        old_sentences = sentences_read_apart(sentences_sheet, previous.sentences, document.text)
        sentences_sheet = carry_table(
            sentences_sheet, old_sentences, sentence_key, ("add_as_claim", *(c.key for c in own.get(SENTENCES, ()))), ("start", "end")
        )
        sources_sheet = carry_table(
            sources_sheet, previous.sources, source_key, tuple(c.key for c in own.get(SOURCES, ())), SOURCE_MARKERS,
        )
    content = WorkbookContent(
        claims=earlier.claims,
        sentences=sentences_sheet,
        sources=sources_sheet,
        history=[*(previous.history if previous else []), history],
        retired=merged.retired,
        properties=properties,
        added_columns=previous.added_columns if previous else (),
        own_columns=previous.own_columns if previous else {},
        base=previous.book if previous else None,
        written=previous.base if previous else {},
        losses=previous.losses if previous else tuple(filter(None, [prepared.replaced])),
        earlier_checks=earlier.sheet_rows,
        renamed=previous.renamed if previous else {},
    )
    # A reviewer may have opened or saved the workbook while the article was being scored.
    refuse_if_open(output)
    if file_state(output) != prepared.output_state:
        raise WorksheetError(f"{output} changed while factcheck was running; nothing was written, run again")
    backup = back_up(output, run_at) if output.exists() else None
    write_workbook(output, content)
    lap("write")
    try:
        recorded = record_verdicts([*merged.claims, *merged.retired], archive, identity)
    except ArchiveError as exc:
        raise ArchiveError(f"wrote {output}, but its verdicts are not in the archive yet (run check again): {exc}") from None
    lap("record")
    return RunReport(
        article=document.path,
        output=output,
        sentences=len(sentences),
        # A heading or furniture on Claims (a reviewer's, or kept from a run that read it as a
        # sentence) counts among the sentences, or the claims could outnumber them.
        scored=sum(1 for c in candidates if c.sentence.kind == "sentence" or c.claim_id in said_by),
        claims=sum(1 for row in merged.claims if claim_id_of(row)),
        added_by_hand=sum(1 for row in merged.claims if names_a_claim(row) and not claim_id_of(row)),
        threshold=threshold,
        model=model.name,
        precision=model.precision,
        merge=merged.report,
        merged=previous is not None,
        backup=backup,
        timings=timings,
        top_claims=tuple(top_claims(merged.claims)),
        checked_before=earlier.checked_before,
        other_figures=earlier.other_figures,
        archive=archive,
        recorded=recorded,
        replaced=prepared.replaced,
    )


def publication_day(given: dt.date | None, previous: PreviousWorkbook | None, document: Document) -> tuple[dt.date | None, str]:
    """The day the article was published and what gave it: ``given`` (by the caller, now or on
    an earlier run), else what the file says (a web page's metadata, an e-mail's date), else
    the date at the top of its text; (None, "") where nothing does."""
    if given:
        return given, GIVEN_DATE
    if previous and previous.article_date and previous.article_date_from == GIVEN_DATE:
        return previous.article_date, GIVEN_DATE
    if document.published:
        return document.published, "the web page's metadata" if document.format == "html" else "the e-mail's date"
    if day := dated_opening(document.text):
        return day, "the date at the top of the article"
    return None, ""


def top_claims(claims: Sequence[Mapping[str, Any]], count: int = TRIAGE_PER_ARTICLE) -> list[Mapping[str, Any]]:
    """The ``count`` Claims rows with the highest scores (rows a reviewer added have none)."""
    scored = [row for row in claims if isinstance(row.get("score"), (int, float))]
    return sorted(scored, key=lambda row: -row["score"])[:count]


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


def read_existing_output(output: Path, force: bool) -> tuple[PreviousWorkbook | None, str]:
    """The workbook already at ``output``, to merge (None when there is none), and why ``force``
    replaces it instead, when it cannot be merged. Refuses a workbook that is open elsewhere."""
    refuse_if_open(output)
    if not output.exists():
        return None, ""
    if output.is_dir():
        raise WorksheetError(f"{output} is a directory; give a workbook file name with -o")
    try:
        return read_previous_workbook(output, keep=True, accept_loss=force), ""
    except ForeignWorkbookError as exc:
        if force:
            # Said in the run's report and on About, so a forced replacement is never silent.
            return None, f"the whole previous file, which could not be merged: {exc}"
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


def sources_near(sentences: Sequence[Sentence], scored: Sequence[Sentence], links: Sequence[Link] = ()) -> list[tuple[str, ...]]:
    """For each scored sentence, the addresses of the links in it, then the URLs on lines of
    their own that belong to its paragraph."""
    owners = url_owners(sentences)
    by_paragraph: dict[int, list[str]] = {}
    for piece in sentences:
        if piece.index in owners:
            by_paragraph.setdefault(owners[piece.index], []).extend(find_urls(piece.plain_text) or [piece.plain_text])
    return [
        tuple(dict.fromkeys([*(link.address for link in links if s.start <= link.start < s.end), *by_paragraph.get(s.paragraph, ())]))
        for s in scored
    ]


def sentence_rows(
    sentences: Sequence[Sentence], candidates: Sequence[Claim], said_by: Mapping[str, object], added: frozenset[str]
) -> list[dict[str, object]]:
    """Every piece of the article, scored or not, with whether it is on Claims and the
    reviewer's "Add as claim" carried by claim ID.

    ``said_by`` holds each claim on Claims and its Said by there: a reviewer's correction
    shows here too."""
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
                "said_by": said_by.get(candidate.claim_id, candidate.said_by) if candidate else "",
                "score": round(candidate.score, 4) if candidate else None,
                "on_claims": ("Yes" if candidate.claim_id in said_by else "No") if candidate else "",
                "claim_id": candidate.claim_id if candidate else "",
                "start": sentence.start,
                "end": sentence.end,
                "add_as_claim": "Yes" if candidate and candidate.claim_id in added else None,
            }
        )
    return rows


def source_rows(sentences: Sequence[Sentence], candidates: Sequence[Claim], on_claims: Collection[str]) -> list[dict[str, object]]:
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
