"""Carry reviewer work from the previous workbook onto this run's claims, as msgmerge does.

The new article decides which claims exist. Old rows are matched first by claim ID, then by
a conservative fuzzy match on the sentence, which is flagged for re-checking with the old
text shown. Old rows that no longer match but hold reviewer input move to Retired; nothing a
reviewer typed is dropped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .carry import AS_TYPED, MARKED, ORIGIN, filled
from .claims import Claim, normalise_sentence
from .columns import (
    ADDED_BY_REVIEWER,
    BASE_NOTES,
    BASE_THREADS,
    CLAIM_COLUMNS,
    BELOW_THRESHOLD,
    CLAIM_HEADERS,
    CLAIMS,
    CORRECTABLE,
    EDITED,
    NEW,
    PROMOTED,
    RELISTED,
    RESTORED,
    REVIEWER,
    REVIEWER_FIELDS,
    SUGGESTED,
    UNCHANGED,
    claim_id_of,
    marked_edited,
    names_a_claim,
    posted_line,
    sentence_key,
    written_on_claims,
)
from .details import describe_details
from .segment import without_opening
from .errors import WorksheetError
from .worksheet import MAX_CELL_CHARS, PreviousWorkbook

# rapidfuzz's ratio (0-100) above which an edited sentence counts as the same claim. High on
# purpose: a wrong carry puts a verdict on a claim nobody checked; a missed one only retires it.
FUZZY_CUTOFF = 80.0
RETIRED_REASON, RETIRED_CHANGE = "no longer in the article", "retired"
# Tool columns a reviewer may type in, whose value the tool puts back: an edit is told from the
# tool's value by comparing with what the tool wrote there last time (the Base sheet). Not Claim
# ID, which is how a row is found, nor the CORRECTABLE ones, where the reviewer's value stands.
EDIT_CHECKED = tuple(
    c.key for c in CLAIM_COLUMNS if c.filled_by != REVIEWER and c.key != "claim_id" and c.key not in CORRECTABLE
)

Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class MergeReport:
    """How this run's claims relate to the previous workbook's."""

    kept: int = 0
    edited: int = 0
    new: int = 0
    retired: int = 0
    promoted: int = 0
    restored: int = 0
    relisted: int = 0  # rows a reviewer deleted from Claims, their claim still listed
    ids_put_back: int = 0  # Claims rows whose cleared Claim ID was found again by their sentence
    dropped: int = 0
    tool_edits: int = 0
    awaiting_recheck: int = 0  # of the kept and restored: edited on an earlier run, reviewer cells untouched since
    stale_subtotals: int = 0  # Data > Subtotals rows kept among claims this run put back in article order
    lost: tuple[str, ...] = ()  # parts a forced run could not carry

    def summary(self) -> str:
        """``3 kept, 1 edited, 2 new, 1 retired, 0 promoted``, plus rarer counts when non-zero."""
        text = f"{self.kept} kept, {self.edited} edited, {self.new} new, {self.retired} retired, {self.promoted} promoted"
        if self.restored:
            text += f", {self.restored} restored from Retired"
        if self.relisted:
            text += f", {self.relisted} deleted from Claims but listed again, with their work"
        if self.ids_put_back:
            text += f", {self.ids_put_back} found by sentence (Claim ID cleared)"
        if self.dropped:
            text += f", {self.dropped} dropped (no reviewer input)"
        if self.awaiting_recheck:
            text += f", {self.awaiting_recheck} still to re-check (edited on an earlier run)"
        if self.tool_edits:
            text += f", {self.tool_edits} edits in tool columns put back (kept in Notes)"
        if self.stale_subtotals:
            text += f", {self.stale_subtotals} Data > Subtotals rows over claims now in article order again (apply Subtotals again)"
        if self.lost:
            text += f"; NOT carried (--force): {'; '.join(self.lost)}"
        return text


@dataclass(frozen=True, slots=True)
class MergeResult:
    """Rows for the Claims and Retired sheets, and what happened."""

    claims: list[Row]
    retired: list[Row]
    report: MergeReport
    promoted_sentences: frozenset[str] = frozenset()  # claim IDs to keep "Add as claim" = Yes on


def claim_row(claim: Claim, change: str = NEW) -> Row:
    """A Claims row for a claim; reviewer columns start empty."""
    return {
        "claim_id": claim.claim_id,
        "sentence_number": claim.sentence.index + 1,
        "paragraph": claim.sentence.paragraph,
        "claim": claim.text,
        "checkable_details": claim.details,
        "kind": claim.kind,
        "said_by": claim.said_by,
        "score": round(claim.score, 4),
        "suggested_sources": "\n".join(
            [
                *claim.suggested_sources,
                *([f"Where to check: {claim.where_to_check}"] if claim.where_to_check else []),
                *([f"Said at {claim.said_at} in the recording"] if claim.said_at else []),
                *([posted_line(claim.posted, claim.in_chat)] if claim.posted else []),
                *([_page_line(claim)] if claim.page or claim.attachment else []),
            ]
        ),
        "change": change,
    }


def _page_line(claim: Claim) -> str:
    """Suggested sources' line saying where a claim is in a PDF, or in an e-mail's attached
    file: "On page 2 of the PDF", "On page 2 of the attached budget.pdf", "In the attached
    statement.docx"."""
    if not claim.attachment:
        return f"On page {claim.page} of the PDF"
    return f"On page {claim.page} of the attached {claim.attachment}" if claim.page else f"In the attached {claim.attachment}"


def has_reviewer_input(row: Mapping[str, Any], fields: Sequence[str] = REVIEWER_FIELDS) -> bool:
    """True when any reviewer column of the row holds something other than blanks, or a
    reviewer commented or coloured one of its cells (``MARKED``)."""
    return bool(row.get(MARKED)) or any(filled(row.get(field)) for field in fields)


def merge_reviews(
    candidates: Sequence[Claim],
    threshold: float,
    previous: PreviousWorkbook | None,
    today: dt.date,
    article_text: str = "",
) -> MergeResult:
    """Claims rows for this run with every reviewer field carried from ``previous``.

    ``candidates`` are all scored sentences as claims; those at or above ``threshold``, those
    promoted on the Sentences sheet, and those carrying reviewer work go on Claims.
    ``article_text`` is the text they were split from (see ``read_apart_pairs``).
    """
    previous = previous or PreviousWorkbook(claims=[], retired=[], added_sentences={}, history=[])
    old_by_id: dict[str, Row] = {}
    above: list[str] = []  # the claim ID of each claim row read so far, in the sheet's order
    hand_added: list[tuple[int, Row]] = []  # (how many claim rows were above it, row)
    found = found_by_sentence(previous.claims, previous.retired, previous.base)
    for index, row in enumerate(previous.claims):
        claim_id = claim_id_of(row) or found.get(index, "")
        if not claim_id:
            # A row under the table with nothing in Claim (a total, say) is the reviewer's layout, not a claim to label.
            hand_added.append((len(above), {**row, AS_TYPED: True, "change": ADDED_BY_REVIEWER if names_a_claim(row) else None}))
        elif claim_id not in old_by_id:
            old_by_id[claim_id] = {**row, "claim_id": claim_id}
            above.append(claim_id)
        else:  # a copied row: keep its work, it cannot match twice
            hand_added.append((len(above), {**row, AS_TYPED: True, "claim_id": None, "change": ADDED_BY_REVIEWER}))
    retired_by_id: dict[str, Row] = {}
    old_retired: list[tuple[str | None, Row]] = []  # in order: (claim ID, row), None for a row typed by hand
    for row in previous.retired:
        claim_id = claim_id_of(row)
        if claim_id and claim_id not in retired_by_id:
            retired_by_id[claim_id] = {**row, "claim_id": claim_id}
            old_retired.append((claim_id, retired_by_id[claim_id]))
        else:  # typed on Retired by a reviewer, or a copied row: kept as it is, it matches nothing
            old_retired.append((None, {**row, AS_TYPED: True} | ({"claim_id": None} if claim_id else {})))

    # Rows a reviewer deleted from Claims (or Retired): the last run wrote them, with the work
    # they held then (Base, a corrected Said by included). One whose claim is listed again comes
    # back with that work, so a row deleted by mistake loses nothing; a claim to leave out is
    # marked so, not deleted.
    deleted = {i: written_on_claims(row) for i, row in previous.base.items() if i not in old_by_id and i not in retired_by_id}
    promoted_ids = promotions(candidates, previous.added_sentences, article_text)
    matches: dict[str, tuple[Row, str]] = {}  # new claim ID -> (old row, how it matched)
    for claim in candidates:
        if claim.claim_id in old_by_id:
            matches[claim.claim_id] = (old_by_id.pop(claim.claim_id), "exact")
        elif claim.claim_id in retired_by_id:
            matches[claim.claim_id] = (retired_by_id.pop(claim.claim_id), "restored")
        elif claim.claim_id in deleted and (claim.listed_by_score(threshold) or claim.claim_id in promoted_ids):
            matches[claim.claim_id] = (deleted[claim.claim_id], "relisted")
    unmatched = [c for c in candidates if c.claim_id not in matches]
    as_written = _as_written(old_by_id, previous.base)
    for i, j in read_apart_pairs([(c.text, c.score) for c in unmatched], [str(r.get("claim") or "") for r in as_written], article_text):
        matches[unmatched[i].claim_id] = (old_by_id.pop(as_written[j]["claim_id"]), "read apart")
    unmatched = [c for c in unmatched if c.claim_id not in matches]
    for claim, old in fuzzy_pairs(unmatched, _as_written(old_by_id, previous.base)):
        matches[claim.claim_id] = (old_by_id.pop(old["claim_id"]), "fuzzy")
    # A retired claim back in other words (edited, or in its wording from before an edit).
    unmatched = [c for c in unmatched if c.claim_id not in matches]
    for claim, old in fuzzy_pairs(unmatched, _as_written(retired_by_id, previous.base)):
        matches[claim.claim_id] = (retired_by_id.pop(old["claim_id"]), "restored, edited")

    reviewer_fields = (*REVIEWER_FIELDS, *(c.key for c in previous.added_columns))
    rows: list[Row] = []
    listed_at: dict[str, int] = {}  # a claim ID of the previous workbook -> where its claim is in rows
    counts = dict.fromkeys(
        ("kept", "edited", "new", "promoted", "restored", "relisted", "dropped", "tool_edits", "awaiting_recheck"), 0
    )
    for claim in candidates:
        old, how = matches.get(claim.claim_id, (None, None))
        listed = claim.listed_by_score(threshold)
        promoted = claim.claim_id in promoted_ids
        carried = old is not None and has_reviewer_input(old, reviewer_fields)
        if not (listed or promoted or carried):
            if old is not None:
                counts["dropped"] += 1
            continue
        written = previous.base.get(str(old.get("claim_id"))) if old is not None else None
        fuzzy = how in ("fuzzy", "restored, edited")
        checked_text = _checked_text(old, written) if fuzzy else None
        # Edited back to the very wording its verdict is on, or read apart from a dateline, a live
        # blog's time or a speaker's label it was written with ("14:10 She confirms…"): the
        # article did not change, nothing to re-check.
        checked_words = normalise_sentence(without_opening(str(checked_text or "")))
        reverted = fuzzy and normalise_sentence(claim.text) == checked_words
        if reverted:
            how = "exact" if how == "fuzzy" else "restored"
        change, count = _change(how, listed, promoted)
        if how in ("exact", "read apart", "restored", "relisted") and not reverted and awaiting_recheck(old, written):
            # Its verdict is on the Previous text, also under the threshold or back from
            # Retired: the mark wins over those labels. Still "kept" (or "restored") in the report.
            change = EDITED
            counts["awaiting_recheck"] += 1
        row = claim_row(claim, change)
        if old is not None:
            row.update({field: old.get(field) for field in reviewer_fields})
            row["previous_text"] = None if reverted else checked_text if fuzzy else old.get("previous_text")
            row[ORIGIN] = old.get(ORIGIN)
            if how == "relisted":  # its cells were deleted: its notes and threads come back from the record
                row.update({column.key: old.get(column.key) for column in (BASE_NOTES, BASE_THREADS)})
            keep_corrections(row, old, written)
            edits = tool_edits(old, row, written, edited_sentence=fuzzy or how == "read apart")
            if edits:
                row["notes"] = notes_with_edits(old, edits)
                counts["tool_edits"] += len(edits)
        counts[count] += 1
        if old is not None:
            listed_at[old.get("claim_id")] = len(rows)
        rows.append(row)

    retired = []
    for claim_id, row in old_retired:
        if claim_id is None:  # typed by hand: as it is
            retired.append(row)
        elif claim_id in retired_by_id:  # still out of the article
            written = previous.base.get(claim_id)
            if marked_edited(row):
                row = {**row, "change": retired_change(row, written)}
            retired.append(with_suggestions(row, written))
    newly_retired = [
        with_suggestions(
            {**row, "change": retired_change(row, previous.base.get(i)), "retired_on": today, "retired_reason": RETIRED_REASON},
            previous.base.get(i),
        )
        for i, row in old_by_id.items()
        if has_reviewer_input(row, reviewer_fields)
    ]
    counts["dropped"] += len(old_by_id) - len(newly_retired)
    claims = _with_hand_rows(rows, hand_added, above, listed_at)
    report = MergeReport(
        retired=len(newly_retired), ids_put_back=len(found), lost=previous.losses, stale_subtotals=_stale_subtotals(claims), **counts
    )
    # Claims that leave now go under the last retired claim: rows typed below it (a total) stay last.
    end = next((n for n in range(len(retired), 0, -1) if claim_id_of(retired[n - 1])), 0)
    return MergeResult(claims, [*retired[:end], *newly_retired, *retired[end:]], report, promoted_ids)


def _with_hand_rows(
    rows: Sequence[Row], hand_added: Sequence[tuple[int, Row]], above: Sequence[str], listed_at: Mapping[str, int]
) -> list[Row]:
    """``rows`` with the rows a reviewer typed on Claims put back where they typed them: each
    right after the nearest claim above it that is still listed (at the top when none is), and
    those below every claim (a total, say) at the end, in the order they had."""
    after: dict[int, list[Row]] = {}
    for claims_above, row in hand_added:
        if claims_above == len(above):
            anchor = len(rows)
        else:
            anchor = next((listed_at[i] for i in reversed(above[:claims_above]) if i in listed_at), -1)
        after.setdefault(anchor, []).append(row)
    placed = list(after.get(-1, ()))
    for index, row in enumerate(rows):
        placed += [row, *after.get(index, ())]
    return placed + after.get(len(rows), [])


def _stale_subtotals(claims: Sequence[Row]) -> int:
    """How many of the rows of Data > Subtotals among ``claims`` (typed rows with a SUBTOTAL
    formula) count groups of claims a reviewer sorted together, which this run put back in
    article order: each formula still reads a block of rows, now other claims among them."""
    subtotals = sum(1 for row in claims if row.get(AS_TYPED) and is_subtotal_row(row))
    were_at = [row[ORIGIN][1] for row in claims if claim_id_of(row) and row.get(ORIGIN) and row[ORIGIN][0] == CLAIMS]
    return subtotals if were_at != sorted(were_at) else 0


def is_subtotal_row(row: Row) -> bool:
    """Whether a row typed on Claims or Retired is one Data > Subtotals made: a cell of it holds
    a SUBTOTAL formula."""
    return any(cell_text(value).upper().startswith("=SUBTOTAL(") for value in row.values())


def found_by_sentence(claims: Sequence[Row], retired: Sequence[Row], base: Mapping[str, Row]) -> dict[int, str]:
    """The Claims rows whose Claim ID a reviewer cleared (a Delete over a range, a paste), by
    their index in ``claims``: each is the claim whose ID no row of Claims or Retired holds any
    more and whose sentence, as the last run wrote it (``base``), is the row's Claim. A
    sentence that two such rows hold, or two such claims, finds nothing: those rows stay the
    reviewer's own."""
    present = {claim_id_of(row) for row in (*claims, *retired)}
    gone: dict[str, list[str]] = {}
    for claim_id, written in base.items():
        if claim_id not in present and filled(written.get("claim")):
            gone.setdefault(normalise_sentence(str(written["claim"])), []).append(claim_id)
    typed: dict[str, list[int]] = {}
    for index, row in enumerate(claims):
        if not claim_id_of(row) and filled(row.get("claim")):
            typed.setdefault(normalise_sentence(str(row["claim"])), []).append(index)
    return {
        indices[0]: gone[sentence][0]
        for sentence, indices in typed.items()
        if len(indices) == 1 and len(gone.get(sentence, ())) == 1
    }


def _as_written(rows_by_id: Mapping[str, Row], base: Mapping[str, Row]) -> list[Row]:
    """The rows with their claim ID, and their Claim as the last run wrote it (``base``),
    whatever a reviewer typed over it: what a fuzzy match compares."""
    return [{**row, "claim_id": i, "claim": base.get(i, row).get("claim") or row.get("claim")} for i, row in rows_by_id.items()]


def _checked_text(old: Row, written: Row | None) -> Any:
    """The wording the verdict of ``old`` is on, for an edited sentence's Previous text: its
    own Previous text while it awaits a re-check, else the sentence as the last run wrote it."""
    return old.get("previous_text") if awaiting_recheck(old, written) else (written or old).get("claim")


def awaiting_recheck(old: Row, written: Row | None) -> bool:
    """Whether ``old`` is a row marked edited (re-check) that no reviewer has touched since: each
    reviewer cell holds what the last run wrote there (``written``, the claim's Base row). A row
    without a Base row to compare with stays marked."""
    if not marked_edited(old):
        return False
    return written is None or all(cell_text(old.get(f)) == cell_text(written.get(f)) for f in REVIEWER_FIELDS)


def retired_change(row: Row, written: Row | None) -> str:
    """The Change of a claim that leaves the article: retired, or still edited (re-check) when
    it was marked so and no reviewer has touched it since (``awaiting_recheck``), so that the
    archive keeps its verdict on its Previous text and the mark comes back with the claim."""
    return EDITED if awaiting_recheck(row, written) else RETIRED_CHANGE


def cell_text(value: Any) -> str:
    """A cell's value as compared across files: text with line ends and outer blanks evened out."""
    from openpyxl.worksheet.formula import ArrayFormula

    if value is None:
        return ""
    if isinstance(value, ArrayFormula):  # entered with Ctrl+Shift+Enter: its formula, as any formula reads
        value = value.text
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        value = value.date()
    return str(value).replace("\r\n", "\n").strip()


def keep_corrections(row: Row, old: Row, written: Row | None) -> None:
    """Keep on ``row`` a reviewer's correction of a CORRECTABLE cell of ``old``: a value that
    differs from the tool's suggestion the last run recorded (``written``, its Base row). The
    row then holds the tool's new suggestion under ``SUGGESTED``, for the Base sheet. An
    emptied cell is no correction: the tool fills it again."""
    suggestions = {}
    for key in CORRECTABLE:
        typed = _text(old.get(key))
        if written is not None and typed and typed != _text(written.get(key)):
            suggestions[key] = row.get(key)
            row[key] = old.get(key)
    if suggestions:
        row[SUGGESTED] = suggestions


def with_suggestions(row: Row, written: Row | None) -> Row:
    """A row that stays as it is (on Retired), holding under ``SUGGESTED`` the tool's suggestions
    its Base row recorded, so that a correction there is still told from them next time."""
    if written is None:
        return row
    return {**row, SUGGESTED: {key: written.get(key) for key in CORRECTABLE}}


def tool_edits(old: Row, new: Row, written: Row | None, edited_sentence: bool = False) -> dict[str, str]:
    """For each tool cell a reviewer changed, by header, the line for Notes that keeps what they typed.

    A change is a cell that differs from what the tool wrote there last time (``written``).
    The Claim cell of an exact match is compared with the sentence itself, and that of an
    ``edited_sentence`` (a fuzzy match, or a sentence read apart) with what was written only.
    """
    lines = {}
    for key in EDIT_CHECKED:
        typed = _text(old.get(key))
        if key == "claim" and not edited_sentence:
            wrote = _text(new.get(key))
        else:
            wrote = _text((written or {}).get(key, old.get(key)))
        if typed and typed != wrote:
            lines[CLAIM_HEADERS[key]] = f"[{CLAIM_HEADERS[key]} edited by a reviewer, put back by factcheck: {typed}]"
    return lines


def notes_with_edits(old: Row, edits: Mapping[str, str]) -> str:
    """The reviewer's Notes of ``old`` with the ``tool_edits`` lines under them.

    Refused when that is more than a cell holds, counting the reviewer's characters and the
    tool's apart, and saying what the reviewer must shorten: Notes, when cutting them can make
    room, else what was typed in the tool columns (whose lines alone are too long).
    """
    mine = "" if old.get("notes") is None else str(old["notes"])
    # A line Notes already holds (the same typing put back before) is not added again.
    added = [line for line in edits.values() if line not in mine.splitlines()]
    notes = "\n".join(filter(None, [mine, *added]))
    if len(notes) <= MAX_CELL_CHARS:
        return notes
    over, columns = len(notes) - MAX_CELL_CHARS, " and ".join(edits)
    origin = old.get(ORIGIN)
    where = f"{origin[0]} row {origin[1]} (claim {old.get('claim_id')})" if origin else f"claim {old.get('claim_id')}"
    fix = (
        f"shorten Notes by at least {over:,} character{'s' if over > 1 else ''}, or clear what was typed in {columns}"
        if len(mine) >= over
        else f"shorten what was typed in {columns}"
    )
    raise WorksheetError(
        f"{where}: Notes holds {len(mine):,} characters of the reviewer's, and what factcheck adds under them, "
        f"the {columns} a reviewer typed over (put back, and kept in Notes), takes {len(notes) - len(mine):,} more: "
        f"{len(notes):,} in all, over the {MAX_CELL_CHARS:,} a cell takes; {fix}, and run again"
    )


def _text(value: Any) -> str:
    if isinstance(value, tuple):
        value = describe_details(value)
    return normalise_sentence(str(value)) if value is not None else ""


def _change(how: str | None, listed: bool, promoted: bool) -> tuple[str, str]:
    """The Change label for a Claims row, and the report count it adds to."""
    if how == "fuzzy":
        return EDITED, "edited"
    if how == "restored, edited":
        return EDITED, "restored"
    if how == "restored":
        return RESTORED, "restored"
    if how == "relisted":
        return RELISTED, "relisted"
    if how in ("exact", "read apart"):
        return (UNCHANGED if listed or promoted else BELOW_THRESHOLD), "kept"
    return (NEW, "new") if listed else (PROMOTED, "promoted")


def promotions(candidates: Sequence[Claim], added: Mapping[str, str], article_text: str = "") -> frozenset[str]:
    """IDs of the candidates a reviewer asked to add as claims, found by ID, read apart from the
    sentence an older splitter wrote (``read_apart_pairs``), or by a fuzzy match where the
    sentence has since been edited."""
    found = {c.claim_id for c in candidates if c.claim_id in added}
    orphans = [{"claim_id": i, "claim": text} for i, text in added.items() if i not in found]
    rest = [c for c in candidates if c.claim_id not in found]
    pairs = read_apart_pairs([(c.text, c.score) for c in rest], [o["claim"] for o in orphans], article_text)
    found |= {rest[i].claim_id for i, _ in pairs}
    read_apart = {j for _, j in pairs}
    orphans = [o for j, o in enumerate(orphans) if j not in read_apart]
    edited = fuzzy_pairs([c for c in candidates if c.claim_id not in found], orphans) if orphans else []
    return frozenset(found | {claim.claim_id for claim, _ in edited})


def read_apart_pairs(
    sentences: Sequence[tuple[str, float | None]], old_sentences: Sequence[str], article_text: str
) -> list[tuple[int, int]]:
    """Pairs of (index in ``sentences``, index in ``old_sentences``) where the old sentence still
    stands word for word in the article and holds the new one's words: an older splitter read
    it together with a headline, byline or subheading this one reads apart. The article did not
    change there, so it is the same sentence; of several in one old sentence, the one scored
    highest takes its work. ``sentences`` are (text, score or None); each is used at most once.
    """
    if not old_sentences:  # a first run, or every sentence found by its ID: the article need not be read
        return []
    article_words = f" {normalise_sentence(article_text)} "
    words = [f" {normalise_sentence(text)} " for text, _ in sentences]
    pairs, used = [], set()
    for j, old_sentence in enumerate(old_sentences):
        old_words = f" {normalise_sentence(old_sentence)} "
        if old_words.isspace() or old_words not in article_words:
            continue
        inside = [i for i, new_words in enumerate(words) if i not in used and new_words in old_words]
        if inside:
            best = max(inside, key=lambda i: -1.0 if sentences[i][1] is None else sentences[i][1])
            used.add(best)
            pairs.append((best, j))
    return pairs


def sentences_read_apart(rows: Sequence[Row], old_rows: Sequence[Row], article_text: str) -> list[Row]:
    """``old_rows`` of the Sentences sheet, those no row of this run continues (``sentence_key``)
    given the key of the sentence read apart from them (``read_apart_pairs``), so a reviewer's
    "Add as claim" and own columns land on that sentence rather than on a row of old text."""
    keys, old_keys = {sentence_key(row) for row in rows}, {sentence_key(old) for old in old_rows}
    fresh = [row for row in rows if sentence_key(row) not in old_keys]
    orphans = [j for j, old in enumerate(old_rows) if sentence_key(old) not in keys]
    pairs = read_apart_pairs(
        [(str(row.get("sentence") or ""), row.get("score")) for row in fresh],
        [str(old_rows[j].get("sentence") or "") for j in orphans],
        article_text,
    )
    rekeyed = list(old_rows)
    for i, j in pairs:
        new = fresh[i]
        rekeyed[orphans[j]] = {**old_rows[orphans[j]], "claim_id": new.get("claim_id"), "sentence": new.get("sentence")}
    return rekeyed


def fuzzy_pairs(claims: Sequence[Claim], old_rows: Sequence[Row]) -> list[tuple[Claim, Row]]:
    """Pairs of (new claim, old row) whose sentences are near-identical, best pairs first, each
    read without an opening dateline, entry time or speaker's label (``without_opening``).

    Each claim and each row is used at most once; pairs under ``FUZZY_CUTOFF`` are never made.
    """
    from rapidfuzz import fuzz, process

    old_texts = [normalise_sentence(without_opening(str(r.get("claim") or ""))).lower() for r in old_rows]
    scored = []
    for i, claim in enumerate(claims):
        text = normalise_sentence(without_opening(claim.text)).lower()
        for _, score, j in process.extract(text, old_texts, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=None):
            scored.append((score, i, j))
    pairs, used_claims, used_rows = [], set(), set()
    for _, i, j in sorted(scored, key=lambda t: (-t[0], t[1], t[2])):
        if i not in used_claims and j not in used_rows:
            used_claims.add(i)
            used_rows.add(j)
            pairs.append((claims[i], old_rows[j]))
    return pairs


def source_key(row: Mapping[str, Any]) -> str:
    """A Sources row's identity across runs and copies: the source as written."""
    return str(row.get("source") or "").strip()


# Values the tool fills in every row it writes on Sources: a row lacking one was typed by hand.
SOURCE_MARKERS = ("source_type", "paragraph")


def holds_reviewer_work(row: Row, fields: Sequence[str], tool_markers: Sequence[str]) -> bool:
    """Whether a row of a tool table (Sentences, Sources) holds reviewer input in ``fields`` or
    lacks any of the ``tool_markers`` values the tool always fills (a row typed by hand, where
    a reviewer may well fill some tool columns)."""
    return has_reviewer_input(row, fields) or not all(filled(row.get(marker)) for marker in tool_markers)


def carry_table(
    rows: Sequence[Row],
    old_rows: Sequence[Row],
    key: Callable[[Mapping[str, Any]], Any],
    fields: Sequence[str],
    tool_markers: Sequence[str],
) -> list[Row]:
    """Rows of a tool table (Sentences, Sources) with reviewer ``fields`` and ``ORIGIN`` carried
    from the old row with the same ``key``.

    Old rows left over are kept at the end, as they were (``AS_TYPED``), when they hold
    reviewer work (``holds_reviewer_work``); others are dropped.
    """
    old_by_key: dict[Any, Row] = {}
    for old in old_rows:
        old_by_key.setdefault(key(old), old)
    carried = []
    for row in rows:
        old = old_by_key.pop(key(row), None)
        if old is not None:
            row = {**row, ORIGIN: old.get(ORIGIN)}
            row.update({f: old.get(f) for f in fields if not filled(row.get(f)) and filled(old.get(f))})
        carried.append(row)
    return carried + [{**old, AS_TYPED: True} for old in old_by_key.values() if holds_reviewer_work(old, fields, tool_markers)]
