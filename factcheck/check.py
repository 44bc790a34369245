"""One run, in order: read → split → score → annotate → claims → merge → write."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .claims import Claim, annotate
from .details import find_urls, load_where_to_check, source_type
from .document import DEFAULT_MAX_BYTES, STDIN, read_document
from .errors import WorksheetError
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
    write_workbook,
)

DEFAULT_OUTPUT_FOLDER = Path("sheets")


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
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[stage] = round(now - clock, 4)
        clock = now

    output = Path(output) if output is not None else default_output(article)
    where_to_check = load_where_to_check(sources)
    document = read_document(article, max_bytes=max_bytes)
    refuse_unwritable_folder(output)
    output_state = file_state(output)
    previous = read_existing_output(output, force)
    lap("read")
    sentences = split_sentences(document.text)
    lap("split")
    scorer = scorer or ClaimScorer(model)
    threshold = scorer.threshold if threshold is None else threshold
    scored = [s for s in sentences if s.kind == "sentence"]
    scores = scorer.score([s.plain_text for s in scored])
    lap("score")
    candidates = annotate(scored, scores, sources_near(sentences, scored), where_to_check)
    run_at = dt.datetime.now(dt.timezone.utc)
    merged = merge_reviews(candidates, threshold, previous, run_at.date())
    lap("merge")
    on_claims = {str(row["claim_id"]) for row in merged.claims if row.get("claim_id")}
    properties = {
        MARKER_PROPERTY: __version__,
        PROPERTY_PREFIX + "model": scorer.name,
        PROPERTY_PREFIX + "model_sha256": scorer.weights_sha256,
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
    if file_state(output) != output_state:
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
    )


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
