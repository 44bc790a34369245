"""Checked before: the desk archive's earlier checks of each claim, and the workbook's verdicts
recorded for the next article. The stage between merging a workbook and writing it."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from .archive import Archive, StoreCounts, WorkbookIdentity, new_workbook_id
from .columns import FIGURES_DIFFER, names_a_claim
from .details import IRREGULAR_PASTS
from .figures import differing_figures
from .matcher import Match, SentenceEmbedder, find_matches
from .reviews import worksheet_claims

# Earlier checks listed on the "Checked before" sheet for one claim, at most.
EARLIER_CHECKS_SHOWN = 5
CHECKED_BEFORE_CLAIM_CHARS = 90
# A sentence that opens by referring back ("It logged sixty-two species", "The company cut 450
# jobs") names its subject only in the sentence before, and alone it often matches nothing: it
# is matched again read with that. A back-reference is a pronoun, or "The" and one noun with its
# verb right after ("The figure stood at 6.1 percent"; not "The jobless rate in Harlow rose").
_VERB = rf"(?:[a-z]+ed|{IRREGULAR_PASTS}|was|were|is|are|has|have|will|would|could|can|also|said|says|put|cut|set|hit)"
REFERS_BACK = re.compile(rf"(?:It|Its|They|Their|He|She|His|Her|This|That|These|Those)\b|The\s[a-z]+\s{_VERB}\b")
READ_WITH_BEFORE = "read with the sentence before"


@cache
def sentence_embedder() -> SentenceEmbedder:
    """The shipped sentence encoder, loaded once a process."""
    return SentenceEmbedder()


def refuse_another_encoder(archive: Path) -> None:
    """Stop before any article is read when the archive holds another sentence encoder's vectors
    (an upgrade shipped a new one), rather than score every article and then refuse it."""
    if archive.is_file():
        Archive(archive, create=False, model=sentence_embedder().identity).close()


def workbook_identity(archive: Path, workbook: Path, carried_id: str | None) -> WorkbookIdentity:
    """The identity a worksheet records its verdicts under: the ID it carries (kept when the
    file moves), a new one when it carries none, or one of its own in the same family when it
    is a copy of another worksheet the archive knows, one that still exists."""
    identity = WorkbookIdentity(workbook.resolve(), carried_id or new_workbook_id())
    if carried_id and archive.is_file():
        with Archive(archive, create=False) as opened:
            if opened.original_of(identity) is not None:
                return identity.as_copy()
    return identity


@dataclass(frozen=True, slots=True)
class EarlierChecks:
    """What the archive knows of a workbook's claims: the Claims rows with "Checked before"
    filled, the Checked before sheet's rows, and counts for the run's report."""

    claims: list[dict[str, Any]]
    sheet_rows: list[dict[str, Any]] = field(default_factory=list)
    checked_before: int = 0  # claims whose best earlier check clears the threshold
    other_figures: int = 0  # of those, claims whose best earlier check states other figures


def mark_checked_before(
    claims: Sequence[Mapping[str, Any]], archive: Path, workbook: WorkbookIdentity, before: Mapping[str, str] | None = None
) -> EarlierChecks:
    """Claims rows with "Checked before" filled where the archive's best earlier check of the
    claim clears the matcher's threshold; the rows of the Checked before sheet (every earlier
    check that clears it, for claims with more than one); and how many claims have one.

    ``before`` gives the article's sentence before a claim's, by the claim's text: a claim that
    opens by referring back and clears nothing alone is matched again read after it, keeping
    only the checks it brings nearer than the sentence before is by itself.
    Nothing is loaded when there is no archive yet. The verdicts of the workbook, of its copies
    and of the workbook it was copied from are left out.
    """
    rows = [{**row, "checked_before": None} for row in claims]
    if not archive.is_file():
        return EarlierChecks(rows)
    embedder = sentence_embedder()
    texts = [str(row.get("claim") or "") for row in rows]
    with Archive(archive, create=False, model=embedder.identity) as opened:
        found = find_matches(texts, opened, embedder, top=EARLIER_CHECKS_SHOWN, exclude_workbook=workbook)
        cleared = [[m for m in matches if m.similarity >= embedder.threshold] for matches in found]
        before = before or {}
        read_after = {i: before[text] for i, text in enumerate(texts) if not cleared[i] and REFERS_BACK.match(text) and before.get(text)}
        if read_after:
            joined = [f"{sentence} {texts[i]}" for i, sentence in read_after.items()]
            again = find_matches(joined, opened, embedder, top=EARLIER_CHECKS_SHOWN, exclude_workbook=workbook)
            for i, matches, before_alone in zip(read_after, again, embedder.embed(list(read_after.values()))):
                shown = [m for m in matches if m.similarity >= embedder.threshold]
                # A check the sentence before is as near by itself is that sentence's, not this claim's.
                alone = embedder.embed([m.claim.text for m in shown]) @ before_alone
                cleared[i] = [m for m, similarity in zip(shown, alone) if m.similarity > similarity]
    sheet: list[dict[str, Any]] = []
    count = other_figures = 0
    for i, (row, text) in enumerate(zip(rows, texts)):
        if not cleared[i] or not names_a_claim(row):
            continue
        count += 1
        figures = [differing_figures(text, match.claim.text) for match in cleared[i]]
        row["checked_before"] = describe_match(cleared[i][0], figures[0], i in read_after) + check_with_these_figures(cleared[i], figures)
        other_figures += figures[0] is not None
        if len(cleared[i]) > 1:
            sheet += [earlier_check_row(row, rank, match, differ) for rank, (match, differ) in enumerate(zip(cleared[i], figures), start=1)]
    return EarlierChecks(rows, sheet, count, other_figures)


def describe_match(match: Match, figures: str | None = None, read_with_before: bool = False) -> str:
    """One cell's worth: the ``figures`` the earlier claim states otherwise first, if any (its
    verdict was given on those), then the verdict, the earlier claim (short), where and when,
    the similarity (and whether the claim was read with the sentence before it)."""
    claim = match.claim
    earlier = claim.text if len(claim.text) <= CHECKED_BEFORE_CLAIM_CHARS else claim.text[: CHECKED_BEFORE_CLAIM_CHARS - 1] + "…"
    when = f", {claim.reviewed_on}" if claim.reviewed_on else ""
    caution = f"{FIGURES_DIFFER} ({figures}). " if figures else ""
    read = f", {READ_WITH_BEFORE}" if read_with_before else ""
    return f"{caution}{claim.verdict or 'no rating'}: “{earlier}” ({claim.where}{when}; similarity {match.similarity:.2f}{read})"


def check_with_these_figures(cleared: Sequence[Match], figures: Sequence[str | None]) -> str:
    """Where the best of a claim's earlier checks ``cleared`` states other figures (``figures``:
    each check's ``differing_figures`` from the claim): ". Check 2 on the Checked before sheet
    has these figures: True." for the first later one that states the claim's own (it agrees
    with the claim and differs from the best), or nothing."""
    if figures[0] is None:
        return ""
    best = cleared[0].claim.text
    for rank, (match, differ) in enumerate(zip(cleared[1:], figures[1:]), start=2):
        if differ is None and differing_figures(best, match.claim.text) is not None:
            return f". Check {rank} on the Checked before sheet has these figures: {match.claim.verdict or 'no rating'}."
    return ""


def earlier_check_row(row: Mapping[str, Any], rank: int, match: Match, figures: str | None) -> dict[str, Any]:
    """One row of the Checked before sheet: a claim, and one earlier check of it with its rank
    and the ``figures`` it states otherwise."""
    claim = match.claim
    return {
        "claim_id": row.get("claim_id"),
        "claim": row.get("claim"),
        "rank": rank,
        "similarity": round(match.similarity, 4),
        "earlier_claim": claim.text,
        "figures_differ": figures,
        "verdict": claim.verdict or "no rating",
        "where": claim.where,
        "when": claim.reviewed_on,
        "reviewer": claim.reviewer,
    }


def record_verdicts(rows: Sequence[Mapping[str, Any]], archive: Path, workbook: WorkbookIdentity) -> StoreCounts | None:
    """Record the rows with a verdict in the archive, replacing what this workbook gave before;
    None when there is nothing to record and no archive yet."""
    claims = worksheet_claims(workbook, rows)
    if not claims and not archive.is_file():
        return None
    embedder = sentence_embedder()
    with Archive(archive, model=embedder.identity) as opened:
        return opened.store(claims, embedder.embed, replace_workbook=workbook)
