"""Checked claims from files, as archive records: factcheck worksheets and ClaimReview JSON-LD.

ClaimReview is schema.org's type for a published fact-check; publishers embed it in their pages
and Google's Fact Check tools collect it. A file may hold a list of reviews, one review, or a
page's ``@graph``; an HTML page is searched for its ``application/ld+json`` blocks. A review
that lacks what the archive needs (the claim, the address) is skipped and counted, never fatal.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .archive import WORKBOOK, Archive, ArchivedClaim, StoreCounts, WorkbookIdentity, notes_summary, review_key
from .claims import claim_ids, normalise_sentence
from .columns import marked_edited, names_a_claim, verdict_given
from .errors import DataError, FactcheckError

# A bigger file is refused before it is parsed: 64 MB of JSON is about 100,000 reviews, and
# json.loads holds ten times the file's size while it works.
MAX_IMPORT_BYTES = 64_000_000
REVIEW_SUFFIXES = (".json", ".jsonld", ".html", ".htm")
WORKBOOK_SUFFIXES = (".xlsx",)
_LD_JSON = re.compile(r"<script[^>]*application/ld\+json[^>]*>(.*?)</script>", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True, slots=True)
class ReviewFile:
    """The claims read from one file, and the items skipped, by reason."""

    path: Path
    claims: tuple[ArchivedClaim, ...]
    skipped: Counter = field(default_factory=Counter)
    workbook: WorkbookIdentity | None = None  # set for a worksheet: its claims replace what it gave before


@dataclass(frozen=True, slots=True)
class FileImport:
    """What importing one file did, or why it could not be imported (``error``)."""

    path: Path
    counts: StoreCounts = StoreCounts()
    skipped: Counter = field(default_factory=Counter)
    error: str = ""

    def summary(self) -> str:
        if self.error:
            return self.error
        c = self.counts
        line = f"{self.path}: {c.added} added, {c.updated} updated, {c.unchanged} unchanged"
        if c.removed:
            line += f", {c.removed} removed (no longer recorded from it)"
        if self.skipped:
            reasons = ", ".join(f"{n} {reason}" for reason, n in self.skipped.most_common())
            line += f"; skipped {sum(self.skipped.values())} ({reasons})"
        return line


def import_review_files(
    paths: Iterable[str | Path], archive: Archive, embed: Callable[[Sequence[str]], Any]
) -> list[FileImport]:
    """Import worksheets and ClaimReview files into ``archive``, each file in one transaction.

    A file that cannot be read is reported in its ``FileImport`` and the others still import;
    ``embed`` turns the texts new to the archive into vectors.
    """
    results = []
    for path in find_review_files(paths):
        try:
            found = read_review_file(path, archive)
            counts = archive.store(found.claims, embed, replace_workbook=found.workbook)
        except FactcheckError as exc:
            message = str(exc)
            results.append(FileImport(path, error=message if str(path) in message else f"{path}: {message}"))
            continue
        results.append(FileImport(path, counts, found.skipped))
    return results


def find_review_files(paths: Iterable[str | Path]) -> list[Path]:
    """Each file as given, and in each folder (and below) the worksheets and JSON-LD files;
    hidden folders (backups in ``.history``) and Office lock files are left out."""
    found: list[Path] = []
    for path in map(Path, paths):
        if not path.exists():
            raise DataError(f"{path}: no such file or folder")
        if path.is_file():
            found.append(path)
            continue
        matches = sorted(
            p
            for p in path.rglob("*")
            if p.is_file()
            and p.suffix.lower() in (*REVIEW_SUFFIXES, *WORKBOOK_SUFFIXES)
            and not any(part.startswith((".", "~$")) for part in p.relative_to(path).parts)
            and p.name != "_triage.xlsx"
        )
        if not matches:
            raise DataError(f"{path} holds no worksheets (.xlsx) or ClaimReview files (.json, .jsonld, .html)")
        found.extend(matches)
    return list(dict.fromkeys(found))


def read_review_file(path: Path, archive: Archive) -> ReviewFile:
    """The checked claims in a worksheet or a ClaimReview file (by its extension), for ``archive``."""
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        return read_worksheet_reviews(path, archive)
    return read_claim_reviews(path)


def read_worksheet_reviews(path: Path, archive: Archive) -> ReviewFile:
    """The claims a reviewer gave a verdict, on Claims or Retired, of a factcheck worksheet.

    A copy of a worksheet ``archive`` knows (one that carries its ID while the other still
    exists, such as a reviewer's copy beside the desk's workbook) gives none: its claims are
    the other's, and its verdicts reach the archive from the other once merged into it
    (``factcheck merge``); filed apart, they would be "checked before" for the desk's own
    claims. They are counted as skipped, and what an earlier version filed from the copy,
    under its path, is removed.
    """
    from .worksheet import read_previous_workbook

    workbook = read_previous_workbook(path)
    identity = WorkbookIdentity(path.resolve(), workbook.workbook_id)
    claims = worksheet_claims(identity, [*workbook.claims, *workbook.retired])
    original = archive.original_of(identity)
    if original is None:
        return ReviewFile(path, tuple(claims), workbook=identity)
    skipped = Counter({f"in a copy of {original}: merge it into that workbook": len(claims)}) if claims else Counter()
    return ReviewFile(path, (), skipped, workbook=WorkbookIdentity(identity.path))


def worksheet_claims(workbook: WorkbookIdentity, rows: Sequence[Mapping[str, Any]]) -> list[ArchivedClaim]:
    """Archive records for the rows with a verdict, keyed by the worksheet's identity and claim ID.

    A row marked edited (re-check) holds a verdict on its Previous text, not on the edited
    sentence: that is the text recorded, until a reviewer re-checks it. A row a reviewer added
    by hand has no claim ID (merge keeps it as typed): it is recorded under the ID the tool
    gives its text, numbered on (``-2``, ``-3``…) past IDs the worksheet's rows already have;
    one repeating another row's claim and its whole check (a pasted copy) is not recorded again.
    """
    taken = {_text(row.get("claim_id")) for row in rows}
    checked = [(row, verdict_given(row.get("verdict")), _recorded_text(row)) for row in rows]
    # A total typed under the claims (=COUNTA(…) under Claim and Verdict) is no check.
    checked = [(row, verdict, text) for row, verdict, text in checked if verdict and text and names_a_claim(row)]
    recorded = {_check(row, verdict, text) for row, verdict, text in checked if _text(row.get("claim_id"))}
    claims = []
    for row, verdict, text in checked:
        claim_id = _text(row.get("claim_id"))
        if not claim_id:
            check = _check(row, verdict, text)
            if check in recorded:
                continue
            recorded.add(check)
            claim_id = _unused_claim_id(text, taken)
            taken.add(claim_id)
        claims.append(
            ArchivedClaim(
                key=workbook.key(claim_id),
                text=text,
                verdict=verdict,
                sources=_text(row.get("sources")),
                notes=notes_summary(_text(row.get("notes"))),
                reviewer=_text(row.get("reviewer")),
                reviewed_on=_date_text(row.get("reviewed_on")),
                source=WORKBOOK,
                workbook=str(workbook.path),
                claim_id=claim_id,
                workbook_id=workbook.workbook_id,
            )
        )
    return claims


def _recorded_text(row: Mapping[str, Any]) -> str:
    """The claim a row's verdict is on: its Previous text while it is marked edited (re-check)."""
    text = _text(row.get("claim"))
    return _text(row.get("previous_text")) or text if marked_edited(row) else text


def _check(row: Mapping[str, Any], verdict: str, text: str) -> tuple[str, ...]:
    """What a row records: its claim's words and its verdict, sources, notes, reviewer and date."""
    return (normalise_sentence(text), verdict, *(_text(row.get(key)) for key in ("sources", "notes", "reviewer", "reviewed_on")))


def _unused_claim_id(text: str, taken: set[str]) -> str:
    """The claim ID the tool gives ``text``, or its first repeat's (``-2``, ``-3``…) not in ``taken``."""
    [first] = claim_ids([text])
    claim_id, repeat = first, 1
    while claim_id in taken:
        repeat += 1
        claim_id = f"{first}-{repeat}"
    return claim_id


def read_claim_reviews(path: Path) -> ReviewFile:
    """The ClaimReview objects of a JSON-LD file (or an HTML page's JSON-LD blocks)."""
    try:
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise DataError(
                f"{path} is {size / 1e6:,.0f} MB, over the {MAX_IMPORT_BYTES / 1e6:,.0f} MB limit for one file; split it"
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataError(f"{path} is not UTF-8 text, so not JSON-LD") from None
    documents = [text]
    if text.lstrip()[:1] == "<":
        documents = _LD_JSON.findall(text)
        if not documents:
            raise DataError(f"{path} is an HTML page without JSON-LD (no application/ld+json script); not ClaimReview")
    skipped: Counter = Counter()
    claims: list[ArchivedClaim] = []
    for document in documents:
        try:
            data = json.loads(document)
        except json.JSONDecodeError as exc:
            raise DataError(f"{path} is not valid JSON (line {exc.lineno}: {exc.msg})") from None
        except RecursionError:
            raise DataError(f"{path}: its JSON is nested too deeply to read") from None
        for item in _items(data):
            claim = review_claim(item)
            if isinstance(claim, str):
                skipped[claim] += 1
            else:
                claims.append(claim)
    if not claims and not skipped:
        raise DataError(f"{path} holds no ClaimReview")
    return ReviewFile(path, tuple(claims), skipped)


def _items(data: Any) -> Iterator[Any]:
    """The objects that may be reviews: a list's members, a ``@graph``'s, or the object itself."""
    if isinstance(data, list):
        for member in data:
            yield from _items(member)
    elif isinstance(data, dict) and isinstance(data.get("@graph"), list):
        yield from _items(data["@graph"])
    elif isinstance(data, dict) and not _is_other_type(data):
        yield data
    elif not isinstance(data, dict):
        yield data  # a number or a string where a review should be: counted as skipped


def _is_other_type(item: Mapping[str, Any]) -> bool:
    """True for a typed object that is not a ClaimReview (a page's WebPage, Organization, …)."""
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return kind is not None and "ClaimReview" not in kinds


def review_claim(item: Any) -> ArchivedClaim | str:
    """An archive record for one ClaimReview, or the reason it is skipped."""
    if not isinstance(item, dict):
        return "not an object"
    text, url = item.get("claimReviewed"), item.get("url")
    if not isinstance(text, str) or not text.strip():
        return "no claimReviewed text"
    if not isinstance(url, str) or not url.strip():
        return "no url"
    text, url = " ".join(text.split()), url.strip()
    publisher = _name(item.get("author")) or urlsplit(url).netloc.removeprefix("www.") or "unknown publisher"
    return ArchivedClaim(
        key=review_key(url, text),
        text=text,
        verdict=_verdict(item.get("reviewRating")),
        notes=notes_summary(item["headline"]) if isinstance(item.get("headline"), str) else "",
        reviewed_on=_text(item.get("datePublished")) if isinstance(item.get("datePublished"), str) else "",
        source=publisher,
        url=url,
        publisher=publisher,
    )


def _verdict(rating: Any) -> str:
    """The rating's own words, else its value on its scale; empty when the review has none."""
    if isinstance(rating, list):
        rating = rating[0] if rating else None
    if not isinstance(rating, dict):
        return ""
    for key in ("alternateName", "name"):
        if isinstance(rating.get(key), str) and rating[key].strip():
            return " ".join(rating[key].split())
    value, best = rating.get("ratingValue"), rating.get("bestRating")
    if isinstance(value, (int, float, str)) and str(value).strip():
        return f"{value} of {best}" if isinstance(best, (int, float, str)) and str(best).strip() else str(value)
    return ""


def _name(author: Any) -> str:
    if isinstance(author, list):
        author = author[0] if author else None
    if isinstance(author, dict) and isinstance(author.get("name"), str):
        return author["name"].strip()
    return author.strip() if isinstance(author, str) else ""


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _date_text(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return _text(value)

