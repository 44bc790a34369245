"""The one column schema: writer, reader, merge and export all read it from here.

Each sheet's columns are listed left to right. A column is filled either by the tool (locked
in the worksheet) or by a reviewer (unlocked, with a drop-down where ``choices`` is set).
Workbooks are read back by header, never by position.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from collections.abc import Mapping, Sequence
from typing import Any

TOOL = "tool"
REVIEWER = "reviewer"

STATUSES = ("To check", "In progress", "Checked", "Won't check")
VERDICTS = ("True", "Mostly true", "Half true", "Mostly false", "False", "Misleading", "Unverifiable", "Not a claim")
YES_NO = ("Yes", "No")
KINDS = ("statistic", "comparison", "duration", "date/event", "quotation", "law/rule", "prediction", "other")


@dataclass(frozen=True, slots=True)
class Column:
    """One worksheet column: its key in rows, its header, and how it is shown and filled."""

    key: str
    header: str
    width: float
    filled_by: str = TOOL
    choices: tuple[str, ...] = ()
    kind: str = "text"  # text, number, score or date: decides the cell format
    wrap: bool = False
    emphasis: str | None = None  # key of the column whose Details are shown in bold here
    # A tool column whose value is a judgement a reviewer may correct: their value stands.
    correctable: bool = False
    # Characters of the default font a wrapped line holds per unit of width (the width of a
    # "0"): fewer where the text is mostly figures, brackets and semicolons.
    characters_per_width: float = 1.2


def recorded_notes(base_row: Mapping[str, Any]) -> dict[str, tuple[str, str]] | None:
    """The notes a Base row (or a row restored from one) records on its claim's cells, as
    (text, author) by header; None where it records none that can be read (a Base written
    before it recorded notes, a record too long for its cell, or one a hand changed)."""
    notes = _recorded(base_row, BASE_NOTES)
    if not isinstance(notes, dict) or not all(isinstance(note, list) and len(note) == 2 and all(isinstance(part, str) for part in note) for note in notes.values()):
        return None
    return {header: (note[0], note[1]) for header, note in notes.items()}


@dataclass(frozen=True, slots=True)
class RecordedThread:
    """An Excel 365 thread as Base records it: its note's text, and each comment and person as
    the file held them (threads.py)."""

    note: str
    comments: tuple[bytes, ...]
    people: tuple[bytes, ...]


def recorded_threads(base_row: Mapping[str, Any]) -> dict[str, RecordedThread] | None:
    """The threads a Base row (or a row restored from one) records on its claim's cells, by
    header; None where it records none that can be read (as ``recorded_notes``)."""
    threads = _recorded(base_row, BASE_THREADS)
    if not isinstance(threads, dict):
        return None
    found = {}
    for header, thread in threads.items():
        parts = [thread.get(key) if isinstance(thread, dict) else None for key in ("note", "comments", "people")]
        if not isinstance(parts[0], str) or not all(isinstance(part, list) and all(isinstance(x, str) for x in part) for part in parts[1:]) or not parts[1]:
            return None
        found[header] = RecordedThread(parts[0], tuple(x.encode() for x in parts[1]), tuple(x.encode() for x in parts[2]))
    return found


def recorded_looks(base_row: Mapping[str, Any]) -> dict[str, str] | None:
    """The looks a Base row records on its claim's cells, ``looks.appearance`` by header (a
    plain cell has none); None where it records none that can be read (as ``recorded_notes``)."""
    looks = _recorded(base_row, BASE_LOOKS)
    if not isinstance(looks, dict) or not all(isinstance(look, str) for look in looks.values()):
        return None
    return looks


def _recorded(base_row: Mapping[str, Any], column: Column) -> Any:
    """The JSON a Base row holds in ``column`` (None when it holds none that parses)."""
    text = base_row.get(column.key)
    try:
        return json.loads(text) if isinstance(text, str) else None
    except ValueError:
        return None


def written_on_claims(base_row: Mapping[str, Any]) -> dict[str, Any]:
    """A Base row with each CORRECTABLE cell as the run wrote it on Claims, where the Base
    records that (one written before it did holds the tool's suggestion alone)."""
    row = dict(base_row)
    for column, key in zip(BASE_AS_WRITTEN, CORRECTABLE):
        if column.key in base_row:
            row[key] = base_row[column.key]
    return row


def marked_edited(row: Mapping[str, Any]) -> bool:
    """Whether a Claims row's Change says edited (re-check): its verdict was given on the old wording."""
    return str(row.get("change") or "").strip() == EDITED


def posted_line(posted: str, in_chat: bool) -> str:
    """Suggested sources' line saying when a post was posted ("Posted Mar 4") or a chat's
    message sent ("Sent 04/03/2026, 09:14 in a chat")."""
    return f"Sent {posted} {_IN_A_CHAT}" if in_chat else f"Posted {posted}"


def sent_in_a_chat(row: Mapping[str, Any]) -> bool:
    """Whether a Claims row's claim is a chat's message, by its Suggested sources' line."""
    return _posted(row)[1]


def when_posted(row: Mapping[str, Any]) -> str:
    """When a Claims row's post was posted or message sent, as its Suggested sources' line
    says ("Mar 4", "04/03/2026, 09:14"); "" for a claim that is neither."""
    return _posted(row)[0]


def _posted(row: Mapping[str, Any]) -> tuple[str, bool]:
    """The date on a Claims row's ``posted_line``, and whether it says a chat's; ("", False)
    for none."""
    for line in str(row.get("suggested_sources") or "").splitlines():
        if line.startswith("Posted "):
            return line.removeprefix("Posted "), False
        if line.startswith("Sent ") and line.endswith(_IN_A_CHAT):
            return line.removeprefix("Sent ").removesuffix(_IN_A_CHAT).strip(), True
    return "", False


def verdict_name(value: Any) -> str:
    """A Verdict cell as the verdict it names: Excel and LibreOffice store a typed True or False
    as a TRUE/FALSE value, and typing may change the case. Other text as typed, stripped."""
    text = "" if value is None else str(value).strip()
    return next((verdict for verdict in VERDICTS if verdict.lower() == text.lower()), text)


def verdict_given(value: Any) -> str:
    """The verdict a Verdict cell gives a claim (``verdict_name``), "" for none: a count under
    the claims gives none, read as its value (a number) or as its formula (``=COUNTA(N2:N8)``),
    and nor does a formula's text."""
    if is_formula(value) or isinstance(value, (int, float)) and not isinstance(value, bool):
        return ""
    return verdict_name(value)


CLAIM_COLUMNS: tuple[Column, ...] = (
    Column("claim_id", "Claim ID", 14),
    Column("sentence_number", "#", 6, kind="number"),
    Column("paragraph", "Paragraph", 10, kind="number"),
    Column("claim", "Claim", 60, wrap=True, emphasis="checkable_details"),
    # The archive's best earlier check of this claim, when it clears the matcher's threshold.
    Column("checked_before", "Checked before", 36, wrap=True),
    Column("checkable_details", "Checkable details", 26, wrap=True, characters_per_width=1.15),
    Column("kind", "Kind", 13),
    Column("said_by", "Said by", 22, wrap=True, correctable=True),
    Column("score", "Score", 8, kind="score"),
    Column("suggested_sources", "Suggested sources", 28, wrap=True),
    Column("change", "Change", 16, wrap=True),
    Column("previous_text", "Previous text", 40, wrap=True),
    Column("status", "Status", 13, REVIEWER, STATUSES),
    Column("verdict", "Verdict", 14, REVIEWER, VERDICTS),
    Column("sources", "Sources", 30, REVIEWER, wrap=True),
    Column("notes", "Notes", 30, REVIEWER, wrap=True),
    Column("reviewer", "Reviewer", 14, REVIEWER),
    Column("reviewed_on", "Reviewed on", 13, REVIEWER, kind="date"),
)

SENTENCE_COLUMNS: tuple[Column, ...] = (
    Column("sentence_number", "#", 6, kind="number"),
    Column("paragraph", "Paragraph", 10, kind="number"),
    Column("sentence_kind", "Kind", 11),
    Column("sentence", "Sentence", 80, wrap=True),
    Column("said_by", "Said by", 22, wrap=True),
    Column("score", "Score", 8, kind="score"),
    Column("on_claims", "On Claims", 10),
    Column("claim_id", "Claim ID", 14),
    Column("start", "Start", 8, kind="number"),
    Column("end", "End", 8, kind="number"),
    Column("add_as_claim", "Add as claim", 13, REVIEWER, YES_NO),
)

SOURCE_COLUMNS: tuple[Column, ...] = (
    Column("source", "Source", 60, wrap=True),
    Column("source_type", "Type", 10),
    Column("paragraph", "Paragraph", 10, kind="number"),
    Column("cited_for", "Cited by claims", 30, wrap=True),
)

HISTORY_COLUMNS: tuple[Column, ...] = (
    Column("run_at", "Run at (UTC)", 22),
    Column("tool_version", "Tool version", 12),
    Column("article", "Article", 28),
    Column("article_sha256", "Article SHA-256", 20),
    Column("model", "Model", 18),
    Column("threshold", "Threshold", 10, kind="score"),
    Column("summary", "What changed", 60, wrap=True),
)

RETIRED_COLUMNS: tuple[Column, ...] = (
    Column("retired_on", "Retired on", 12, kind="date"),
    Column("retired_reason", "Reason", 24, wrap=True),
    *CLAIM_COLUMNS,
)

# The batch run's _triage.xlsx: every article's top claims, linking to each workbook.
TRIAGE_COLUMNS: tuple[Column, ...] = (
    Column("article", "Article", 28, wrap=True),
    Column("score", "Score", 8, kind="score"),
    Column("claim", "Claim", 70, wrap=True),
    Column("kind", "Kind", 13),
    Column("claim_id", "Claim ID", 14),
    Column("workbook", "Workbook", 28),
)

# The "Checked before" sheet: every earlier check that clears the threshold, for claims with several.
# How a Checked before cell opens, and the Checked before sheet's column, where an earlier check
# states other figures than the claim; Summary counts the cells that open so.
FIGURES_DIFFER = "Figures differ"
EARLIER_CHECK_COLUMNS: tuple[Column, ...] = (
    Column("claim_id", "Claim ID", 14),
    Column("claim", "Claim", 50, wrap=True),
    Column("rank", "Rank", 6, kind="number"),
    Column("similarity", "Similarity", 10, kind="score"),
    Column("earlier_claim", "Earlier claim", 50, wrap=True),
    # "4.5 percent here, 4.2 percent there": the earlier verdict was given on other figures.
    Column("figures_differ", FIGURES_DIFFER, 24, wrap=True),
    Column("verdict", "Verdict", 14),
    Column("where", "Where", 40, wrap=True),
    Column("when", "When", 16, wrap=True),
    Column("reviewer", "Reviewer", 14),
)

REVIEWER_FIELDS: tuple[str, ...] = tuple(c.key for c in CLAIM_COLUMNS if c.filled_by == REVIEWER)
ADDED_COLUMN_PREFIX = "added:"


def added_column(header: str) -> Column:
    """A column a reviewer added to Claims: kept, and carried like the reviewer columns."""
    return Column(ADDED_COLUMN_PREFIX + header, header, 18, REVIEWER, wrap=True)

# What the Change column says about each Claims row.
NEW, UNCHANGED, EDITED, BELOW_THRESHOLD = "new", "unchanged", "edited (re-check)", "below threshold now"
PROMOTED, ADDED_BY_REVIEWER, RESTORED = "promoted by reviewer", "added by reviewer", "restored from Retired"
RELISTED = "deleted row, listed again"
# How Suggested sources' last line ends for a chat's message: "Sent 04/03/2026, 09:14 in a chat".
_IN_A_CHAT = "in a chat"

# Sheet names, in workbook order; Lists is hidden and holds the drop-down values.
CLAIMS, SENTENCES, SOURCES, SUMMARY, RETIRED, ABOUT, LISTS = (
    "Claims", "Sentences", "Sources", "Summary", "Retired", "About", "Lists"
)
TRIAGE = "Triage"
CONFLICTS = "Conflicts"
# What `factcheck merge` could not decide: one row per value, the one kept in the cell first.
CONFLICT_COLUMNS: tuple[Column, ...] = (
    Column("merged_at", "Merged at (UTC)", 20),
    Column("claim_id", "Claim ID", 14),
    Column("claim", "Claim", 50, wrap=True),
    Column("column", "Column", 14),
    Column("file", "File", 24, wrap=True),
    Column("reviewer", "Reviewer", 14),
    Column("value", "Value", 40, wrap=True),
    Column("kept", "Kept in the cell", 10),
)
# Hidden: each claim's cells as this run wrote them; the common base of a three-way merge of
# reviewers' copies, and what tells a reviewer's typing in a tool cell from the tool's value.
BASE = "Base"
BASE_KEYS: tuple[str, ...] = tuple(c.key for c in CLAIM_COLUMNS)
# Tool columns on Claims a reviewer may correct (who said it): a value that differs from the
# tool's last suggestion, which Base records, is the reviewer's and is kept.
CORRECTABLE: tuple[str, ...] = tuple(c.key for c in CLAIM_COLUMNS if c.correctable)
# Under this key a row holds the tool's suggestions for the CORRECTABLE cells a reviewer
# corrected: Base records those, not the corrections.
SUGGESTED = "_suggested"
# Base also records each CORRECTABLE cell as it stood on Claims, a reviewer's correction where
# there is one, in a column of its own: what reviewers' copies of that run share for the cell.
BASE_AS_WRITTEN: tuple[Column, ...] = tuple(
    Column(f"{c.key}_as_written", f"{c.header} as written", c.width, wrap=c.wrap) for c in CLAIM_COLUMNS if c.correctable
)
# And the notes on each claim's cells as this run wrote them, as JSON: {header: [text,
# author]}, "{}" for none. The common base against which a merge tells which side edited or
# removed a note, and what a row deleted by mistake comes back with.
BASE_NOTES = Column("cell_notes", "Notes on cells as written", 40, wrap=True)
# And each Excel 365 thread on them, whole: {header: {"note": its note's text, "comments":
# [...], "people": [...]}}, each comment and person as the file held it. Against it a merge
# tells which side edited or resolved a comment, and a row deleted by mistake comes back with it.
BASE_THREADS = Column("cell_threads", "Threads on cells as written", 40, wrap=True)
# And the look of each, as it shows: {header: looks.appearance}, for the cells with one. Against
# it a merge tells which side recoloured a cell (a verdict turned from yellow to green).
BASE_LOOKS = Column("cell_looks", "Looks of cells as written", 40, wrap=True)
# Hidden, made when reviewers have sheets of their own: each of those sheets' filled cells as
# this run wrote them, as JSON by coordinate (a formula as its text), in parts as long as a
# cell holds. Against it a merge tells which side changed a cell of a sheet the workbook and a
# copy both hold, and a sheet a copy added from one the desk deleted since the copy was taken.
OWN_SHEETS_BASE = "Own sheets as written"
OWN_SHEETS_BASE_COLUMNS = (Column("sheet", "Sheet", 24), Column("part", "Part", 8), Column("written", "As written", 60, wrap=True))
CHECKED_BEFORE = "Checked before"
# Tables whose tool columns a re-run writes again without keeping what was typed over them
# (no Notes to keep it in): the sheet refuses typing in their tool rows, with this message.
GUARDED = (SENTENCES, SOURCES)
GUARD_TITLE = "Filled by factcheck"
# The colour scale the writer gives Score: white at 0 to amber at 1. A reviewer's colour scale
# (on a column of their own, or other colours) is theirs, and kept.
SCORE_SCALE = ((0, "FFFFFF"), (1, "F8CB7F"))
GUARD_MESSAGE = (
    "factcheck fills this column again on every run, so what is typed over it would be lost. "
    "Add rows below the table, and notes in a column of your own."
)
# The same for the sheets the tool makes again whole (Summary, About, Checked before, Conflicts).
GUARD_SHEET_MESSAGE = (
    "factcheck makes this sheet again when it runs, so what is typed here would be lost. "
    "Keep notes on a sheet of your own."
)


# Each Claims column's header, by key.
CLAIM_HEADERS = {c.key: c.header for c in CLAIM_COLUMNS}

# The columns a table cannot be read without: the claim, its ID and the reviewer's (Claims,
# Retired), or the keys the next run finds old rows by (Sentences, Sources).
_CLAIM_KEY_COLUMNS = tuple(c for c in CLAIM_COLUMNS if c.filled_by == REVIEWER or c.key in {"claim_id", "claim"})
KEY_COLUMNS = {
    CLAIMS: _CLAIM_KEY_COLUMNS,
    RETIRED: _CLAIM_KEY_COLUMNS,  # Retired's columns are Claims' and two of its own
    SENTENCES: tuple(c for c in SENTENCE_COLUMNS if c.key in {"sentence", "claim_id", "add_as_claim"}),
    SOURCES: tuple(c for c in SOURCE_COLUMNS if c.key in {"source", "source_type"}),
}
# The column the tool fills on every row it lists in a table. A row typed under the table (a
# total, say) leaves it empty, so the table ends at the last row that fills it.
LISTED_BY = {
    title: next(c for c in KEY_COLUMNS[title] if c.key == key)
    for title, key in ((CLAIMS, "claim_id"), (RETIRED, "claim_id"), (SENTENCES, "sentence"), (SOURCES, "source"))
}


def header_texts(row: Sequence[Any]) -> list[str]:
    """A header row's cells as stripped text ("" for an empty cell): columns are found by these."""
    return [str(h).strip() if h is not None else "" for h in row]


# A claim ID as claims.claim_ids makes it: C, ten hex digits of the sentence's hash, -2, -3… on repeats.
CLAIM_ID = re.compile(r"C[0-9a-f]{10}(?:-[1-9][0-9]*)?")


def claim_id_of(row: Mapping[str, Any]) -> str:
    """The claim ID a row holds, blanks trimmed: "" for none, and for anything else a reviewer
    puts in that cell (the formula of a Data > Subtotals row, an ID of their own), which names
    no claim a run listed."""
    text = str(row.get("claim_id") or "").strip()
    return text if CLAIM_ID.fullmatch(text) else ""


def sentence_key(row: Mapping[str, Any]) -> str:
    """A Sentences row's identity across runs: its claim ID, or for pieces never scored, the text."""
    return claim_id_of(row) or "text:" + str(row.get("sentence") or "").strip()


def names_a_claim(row: Mapping[str, Any]) -> bool:
    """Whether a Claims row holds a claim: one typed under the table with nothing in Claim does
    not, nor one whose Claim is a formula (a total: ``=COUNTA(D2:D8)``)."""
    claim = row.get("claim")
    return claim is not None and str(claim).strip() != "" and not is_formula(claim)


def is_formula(value: Any) -> bool:
    """Whether a cell's value, as read with its formulas, is one (an array formula too)."""
    from openpyxl.worksheet.formula import ArrayFormula

    return isinstance(value, ArrayFormula) or isinstance(value, str) and value.startswith("=")
