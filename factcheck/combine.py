"""Combine reviewers' copies of a workbook into the desk's: a three-way merge, cell by cell.

Each copy carries its own common base: the hidden Base sheet, which holds every claim's
cells as factcheck last wrote them before the copy was taken. A cell a copy changed
from its base is a change; the desk's workbook has changed a cell, as against that copy, when
it differs from the same base (the desk's own Base, which every ``check`` rewrites, only for a
claim the copy has no base for). One-sided changes apply, agreeing changes apply once, and
differing changes are conflicts: the workbook keeps the desk's value (or, where the desk did
not change it, the first copy's), and the Conflicts sheet lists every value with its file and
reviewer. Typing in a tool column counts as a change, and the next ``check`` treats it as
typing in the desk's workbook: a corrected Said by stands, other typing goes back into Notes.
Claims and Retired are one table here, by claim ID, so work reaches a claim on whichever sheet
the desk has it; rows typed by hand (on Claims, Retired or Sources) are added once, a row
typed under a claim inserted under it (``references.insert_rows``), the others at the end.
Comments, hyperlinks and formatting come with a copy's cell, notes and looks are merged
three ways against what Base records of them (a look only the copy changed comes alone, as
``looks.appearance`` compares them; one both changed is listed, in words), and a copy's
formulas' references to
rows of the copy's tables are moved to where those rows are in the desk's workbook (a copy may
be sorted, or the desk may have run check since). Pictures and text boxes a copy added on a
table come to the rows its rows went to (``drawings.add_drawings``), and a sheet a copy added
comes whole (``own_sheets.bring_own_sheets``). The workbook is backed up and written
atomically, and every file is left untouched when anything is refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from copy import copy
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from . import __version__
from .carry import MARKED, ORIGIN, TableMove, at_cell, carry_cell, carry_link, carry_look, filled, header_numbers, last_filled_row, last_listed_row, merge_again
from .claims import normalise_sentence
from .columns import (
    CLAIMS,
    CORRECTABLE,
    RETIRED,
    RETIRED_COLUMNS,
    REVIEWER_FIELDS,
    SENTENCES,
    SOURCES,
    claim_id_of,
    is_formula,
    recorded_looks,
    recorded_notes,
    recorded_threads,
    sentence_key,
    written_on_claims,
)
from .drawings import add_drawings
from .looks import appearance, described
from .merge import (
    EDIT_CHECKED,
    SOURCE_MARKERS,
    cell_text,
    found_by_sentence,
    holds_reviewer_work,
    is_subtotal_row,
    source_key,
)
from .errors import WorksheetError
from .own_sheets import RecordedSheet, bring_own_sheets, reading_shared_sheets, recorded_own_sheets
from .references import ReferenceMover, insert_rows
from .sheet_rules import bring_rules
from .sheet_names import give_back_names
from .worksheet import (
    PreviousWorkbook,
    append_history,
    back_up,
    file_state,
    read_previous_workbook,
    refuse_if_open,
    rewrite_summary,
    save_atomically,
    write_conflicts,
)


@dataclass(frozen=True, slots=True)
class Conflict:
    """One reviewer cell that copies (or a copy and the desk) changed differently."""

    claim_id: str
    claim: str
    column: str
    values: tuple[tuple[str, str, Any], ...]  # (file name, reviewer, value), the kept one first


@dataclass(frozen=True, slots=True)
class CombineReport:
    """What ``merge_copies`` did to the workbook."""

    workbook: Path
    copies: tuple[Path, ...]
    applied: int = 0
    agreed: int = 0
    added_rows: int = 0
    added_drawings: int = 0  # pictures, text boxes and shapes
    comments_taken: int = 0  # notes and threads a copy added, threads it answered, notes only it edited or removed
    added_rules: int = 0  # conditional formats and drop-downs a copy put on a tool table
    added_sheets: tuple[str, ...] = ()  # sheets of reviewers' own, each as 'Calls' of ana.xlsx
    conflicts: tuple[Conflict, ...] = ()
    not_merged: tuple[str, ...] = ()
    backup: Path | None = None

    def summary(self) -> str:
        """A few lines for the desk editor."""
        lines = [
            f"merged {len(self.copies)} {'copy' if len(self.copies) == 1 else 'copies'} into {self.workbook}: "
            f"{self.applied} cells changed, {self.agreed} changes made alike in several copies (applied once), "
            f"{self.added_rows} rows added by hand, "
            + (f"{self.added_drawings} pictures, text boxes or shapes added, " if self.added_drawings else "")
            + (f"{self.comments_taken} comment{'' if self.comments_taken == 1 else 's'} added, answered, edited or removed, " if self.comments_taken else "")
            + (f"{self.added_rules} conditional format{'' if self.added_rules == 1 else 's'} or drop-down{'' if self.added_rules == 1 else 's'} added, " if self.added_rules else "")
            + (f"{len(self.added_sheets)} sheet{'' if len(self.added_sheets) == 1 else 's'} of reviewers' own added, " if self.added_sheets else "")
            + f"{len(self.conflicts)} conflicts"
            + (" (listed on the Conflicts sheet)" if self.conflicts else "")
        ]
        lines += [f"added: sheet {item}" for item in self.added_sheets]
        lines += [f"not merged: {item}" for item in self.not_merged]
        if self.backup:
            lines.append(f"previous workbook backed up to {self.backup}")
        return "\n".join(lines)


def merge_copies(workbook: str | Path, copies: Sequence[str | Path], *, force: bool = False) -> CombineReport:
    """Merge reviewers' ``copies`` of ``workbook`` into it and return what happened.

    Refuses (``WorksheetError``, nothing written) a workbook or copy open in a spreadsheet
    program, a file that is not a factcheck workbook, and a copy sharing no claim ID with the
    workbook (a copy of another article). ``force`` lets the workbook lose parts openpyxl
    cannot carry, as ``check --force`` does.
    """
    workbook, copies = Path(workbook), [Path(c) for c in copies]
    if not copies:
        raise WorksheetError("give at least one reviewer's copy to merge")
    for path in (workbook, *copies):
        refuse_if_open(path)
        if not path.is_file():
            raise WorksheetError(f"{path} does not exist or is not a file")
    seen = [workbook.resolve()]
    for path in copies:
        if path.resolve() in seen:
            what = "the workbook itself" if path.resolve() == seen[0] else "given twice"
            raise WorksheetError(f"{path} is {what}; give each reviewer's copy once. Nothing was changed")
        seen.append(path.resolve())
    state = file_state(workbook)
    desk = read_previous_workbook(workbook, keep=True, accept_loss=force)
    taken = [read_previous_workbook(path, keep=True, accept_loss=True) for path in copies]
    known = _claim_ids(desk)
    for path, reviewer_copy in zip(copies, taken):
        if not known & _claim_ids(reviewer_copy):
            raise WorksheetError(f"{path} shares no claim with {workbook}: a copy of another article? Nothing was changed")

    combined = _Combination(desk, workbook.name)
    for path, reviewer_copy in zip(copies, taken):
        combined.add_copy(path.name, reviewer_copy)
    report = combined.apply()

    now = dt.datetime.now(dt.timezone.utc)
    rewrite_summary(desk.book, desk.renamed)
    if combined.conflicts:
        write_conflicts(desk.book, [_conflict_rows(c, now) for c in combined.conflicts])
    append_history(desk.book, {
        "run_at": now.strftime("%Y-%m-%d %H:%M:%S"),
        "tool_version": __version__,
        "article": (desk.history[-1].get("article") if desk.history else None),
        "summary": (
            f"factcheck merge of {', '.join(p.name for p in copies)}: {report.applied} cells changed, "
            f"{report.added_rows} rows added, "
            + (f"sheets added: {'; '.join(report.added_sheets)}, " if report.added_sheets else "")
            + f"{len(combined.conflicts)} conflicts"
        ),
    })
    refuse_if_open(workbook)
    if file_state(workbook) != state:
        raise WorksheetError(f"{workbook} changed while factcheck was merging; nothing was written, run again")
    backup = back_up(workbook, now)
    give_back_names(desk.book, desk.renamed)
    save_atomically(desk.book, workbook)
    return CombineReport(
        workbook=workbook,
        copies=tuple(copies),
        applied=report.applied,
        agreed=report.agreed,
        added_rows=report.added_rows,
        added_drawings=report.added_drawings,
        comments_taken=report.comments_taken,
        added_rules=report.added_rules,
        added_sheets=tuple(report.added_sheets),
        conflicts=tuple(combined.conflicts),
        not_merged=tuple(combined.not_merged),
        backup=backup,
    )


def _claim_ids(previous: PreviousWorkbook) -> set[str]:
    return {claim_id_of(r) for r in (*previous.claims, *previous.retired)} - {""} | set(previous.base)


@dataclass
class _Source:
    """A copy's cell of one claim's column, or the desk's own."""

    file: str
    reviewer: str
    value: Any
    cell: Any = None
    base: Any = None  # the copy's base value: the common ancestor the desk's value is judged against


CLAIM_TABLES = (CLAIMS, RETIRED)
TABLES = (*CLAIM_TABLES, SENTENCES, SOURCES)
# What a run writes on a row typed by hand, each time it runs: a copy taken before the desk's
# last run reads otherwise there, with the same typing.
FILLED_ON_HAND_ROWS = ("change", "checked_before")


@dataclass
class _CopyRows:
    """Where a copy's table rows went in the desk's workbook: what its formulas' references, and
    its pictures, need."""

    name: str  # the copy's file name
    book: Any  # the copy's workbook
    renamed: Mapping[str, str]
    went: dict[str, dict[int, tuple[str, int]]]  # title -> copy's row -> the desk's (title, row)
    header_at: dict[str, dict[int, str]]  # title -> copy's column -> its header
    ends: dict[str, tuple[int, int]]  # title -> the copy's last filled row and last listed row
    own_sheets_as_written: Mapping[str, RecordedSheet] | None  # the copy's record of the workbook's own sheets


@dataclass
class _HandRow:
    """A row a copy's reviewer typed on Claims or Retired, to be added to the desk's sheet."""

    title: str
    copy_sheet: Any
    copy_headers: Mapping[str, int]
    row: Mapping[str, Any]  # as it reads in the desk's workbook, its ORIGIN the copy's (name, row)
    # The desk's claim IDs of the claims above it on the copy's sheet, nearest last; None when
    # it was below every claim (a total), to go at the end.
    above: tuple[str, ...] | None


@dataclass
class _Counts:
    applied: int = 0
    agreed: int = 0
    added_rows: int = 0
    added_drawings: int = 0
    comments_taken: int = 0
    added_rules: int = 0
    added_sheets: list[str] = field(default_factory=list)


@dataclass
class _Combination:
    desk: PreviousWorkbook
    name: str
    changes: dict[tuple[str, str], list[_Source]] = field(default_factory=dict)  # (claim ID, field) -> changes
    # claim ID -> copies' cells: (sheet, headers, row, the claim's row in the copy's Base, empty where it has none, its Reviewer)
    looks: dict[str, list[tuple[Any, Mapping[str, int], int, Mapping[str, Any], str]]] = field(default_factory=dict)
    hand_rows: list[_HandRow] = field(default_factory=list)
    hand_sources: dict[str, tuple[Any, Mapping[str, int], int]] = field(default_factory=dict)  # source -> copy's row
    conflicts: list[Conflict] = field(default_factory=list)
    not_merged: list[str] = field(default_factory=list)
    table_changes: int = 0
    # A copy's merged cells on Claims or Retired: (ranges, column -> header, copy row -> desk's (title, row)).
    merges: list[tuple[Sequence[Any], dict[int, str], dict[int, tuple[str, int]]]] = field(default_factory=list)
    copy_rows: dict[int, _CopyRows] = field(default_factory=dict)  # id of a copy's workbook -> its rows
    taken: list[tuple[Any, Any, bool, bool]] = field(default_factory=list)  # (copy's cell, desk's cell, formula taken, link taken)
    seen: dict[int, dict[tuple, str]] = field(default_factory=dict)  # id of a workbook -> its styles' looks.appearance

    def __post_init__(self):
        # Claims and Retired both: a claim may have left the article in the desk's workbook or
        # in a copy (or come back), and its work is merged wherever the desk has it.
        self.tables = {title: (self.desk.book[title], header_numbers(self.desk.book[title])) for title in CLAIM_TABLES if title in self.desk.book.sheetnames}
        # A claim's row is the first with its ID, Claims before Retired; a later row with the ID is
        # a copied row, which check keeps as typed by hand.
        self.rows: dict[str, dict[str, Any]] = {}
        for row in (*self.desk.claims, *self.desk.retired):
            if claim_id_of(row):
                self.rows.setdefault(claim_id_of(row), row)
        # A claim the desk's last run matched to an edited sentence: found again by its old text.
        self.edited = {_sentence(r["previous_text"]): i for i, r in self.rows.items() if r.get("previous_text")}
        self.fields = [*REVIEWER_FIELDS, *(c.key for c in self.desk.added_columns)]
        # Retired's columns are the Claims columns and two more, which a row typed there may fill.
        self.header_of = {c.key: c.header for c in (*RETIRED_COLUMNS, *self.desk.added_columns)}
        self.workbook_had = set(self.desk.book.sheetnames)  # before any copy's own sheet comes in

    def add_copy(self, name: str, reviewer_copy: PreviousWorkbook) -> None:
        """Record what ``reviewer_copy`` changed from its own base."""
        for column in reviewer_copy.added_columns:
            if column.key not in self.fields:
                self.fields.append(column.key)
                self.header_of[column.key] = column.header
        self.not_merged.extend(f"{loss} of {name}" for loss in reviewer_copy.losses)
        tables = {title: reviewer_copy.book[title] for title in TABLES if title in reviewer_copy.book.sheetnames}
        rows = _CopyRows(
            name,
            reviewer_copy.book,
            reviewer_copy.renamed,
            went={title: {} for title in tables},
            header_at={title: {number: header for header, number in header_numbers(sheet).items()} for title, sheet in tables.items()},
            ends={title: _ends(sheet, title) for title, sheet in tables.items()},
            own_sheets_as_written=recorded_own_sheets(reviewer_copy.book),
        )
        self.copy_rows[id(reviewer_copy.book)] = rows
        self._add_table_values(name, reviewer_copy, SENTENCES, self.desk.sentences, reviewer_copy.sentences, sentence_key, {"add_as_claim": "Add as claim"})
        self._add_table_values(name, reviewer_copy, SOURCES, self.desk.sources, reviewer_copy.sources, source_key, {})
        copy_headers = {title: header_numbers(tables[title]) for title in CLAIM_TABLES if title in tables}
        # A row whose Claim ID the reviewer cleared is the claim, found as the next check finds it.
        found = found_by_sentence(reviewer_copy.claims, reviewer_copy.retired, reviewer_copy.base)
        went = rows.went
        typed = []  # rows typed by hand, on Claims or on Retired, with the claims above them
        above: dict[str, list[str | None]] = {title: [] for title in CLAIM_TABLES}  # each sheet's claims so far: desk IDs
        listed: set[str] = set()  # the copy's claim IDs so far, on either sheet
        for index, row in enumerate((*reviewer_copy.claims, *reviewer_copy.retired)):
            if not any(filled(value) for key, value in row.items() if key not in (ORIGIN, MARKED)):
                continue  # a copy's blank row (spacing above a total) holds no work to combine
            claim_id = claim_id_of(row) or found.get(index, "")
            title, source_row = row[ORIGIN]
            copy_sheet = reviewer_copy.book[title]
            # A second row with a claim's ID (on Claims, or on Retired when Claims lists it) was
            # copied by the reviewer: typed by hand, as check keeps it.
            if not claim_id or claim_id in listed:
                typed.append((row, tuple(above[title])))
                continue
            listed.add(claim_id)
            base = written_on_claims(reviewer_copy.base.get(claim_id, {}))
            desk_id = claim_id if claim_id in self.rows else self.edited.get(_sentence(row.get("claim")))
            above[title].append(desk_id)
            # Typing in a tool column is applied too, and the next check treats it as typing in
            # the desk's own workbook: a correction stands, other typing is put back into Notes.
            # A copy holding the desk's correction has changed nothing: its Base records the cell
            # as written. One written before Base did holds the tool's suggestion, so the copy's
            # value is also compared with the desk's.
            desk_row = self.rows.get(desk_id, {})
            changed = [
                f for f in (*self.fields, *EDIT_CHECKED, *CORRECTABLE)
                if cell_text(row.get(f)) != cell_text(base.get(f))
                and not (f in CORRECTABLE and cell_text(row.get(f)) == cell_text(desk_row.get(f)))
            ]
            if desk_id is None:
                if changed:
                    self.not_merged.append(f"claim {claim_id} of {name}, no longer in the workbook ({', '.join(self.header_of[f] for f in changed)})")
                continue
            self.looks.setdefault(desk_id, []).append((copy_sheet, copy_headers[title], source_row, reviewer_copy.base.get(claim_id, {}), cell_text(row.get("reviewer"))))
            went[title][source_row] = self.rows[desk_id][ORIGIN]
            # The desk's change is judged against the state this copy was taken from; the
            # desk's own Base (rewritten by every check) only where the copy has none.
            ancestor = base if claim_id in reviewer_copy.base else written_on_claims(self.desk.base.get(desk_id, {}))
            for key in changed:
                column = copy_headers[title].get(self.header_of[key])
                cell = copy_sheet.cell(source_row, column) if column else None
                self.changes.setdefault((desk_id, key), []).append(
                    _Source(name, str(row.get("reviewer") or ""), row.get(key), cell, ancestor.get(key))
                )
        # A copy removes no claim: a row its reviewer deleted is kept, and named.
        deleted = [claim_id for claim_id in reviewer_copy.base if claim_id not in listed and claim_id in self.rows]
        if deleted:
            rows_were = f"row{'s' if len(deleted) > 1 else ''} of claim{'s' if len(deleted) > 1 else ''} {', '.join(deleted)}"
            self.not_merged.append(f"{len(deleted)} {rows_were} deleted in {name}, kept (to set a claim aside, give it Status Won't check)")
        for title in copy_headers:
            merged = [cells for cells in reviewer_copy.book[title].merged_cells.ranges if cells.max_row > 1]
            self.merges.append((merged, rows.header_at[title], went[title]))
        # Rows of Data > Subtotals count blocks of the copy's rows: where the copy sorted its
        # claims otherwise than the workbook, those blocks hold other claims here.
        placed = [row for title, row in (went[CLAIMS][number] for number in sorted(went.get(CLAIMS, {}))) if title == CLAIMS]
        if placed != sorted(placed) and (subtotals := [pair for pair in typed if is_subtotal_row(pair[0])]):
            typed = [pair for pair in typed if not is_subtotal_row(pair[0])]
            self.not_merged.append(f"{len(subtotals)} Data > Subtotals rows of {name}, which count its claims in its own order (apply Subtotals again here)")
        # The total row of an Excel table the copy made (Table Design > Total Row) reads that
        # table by name: without the table, its formulas would read nothing here.
        tables = {table.lower() for sheet in self.desk.book.worksheets for table in sheet.tables}
        kept = []
        for row, claims_above in typed:
            title, source_row = row[ORIGIN]
            table = _totalled_table(reviewer_copy.book[title], source_row)
            if table is None or table.lower() in tables:
                kept.append((row, claims_above))
            else:
                self.not_merged.append(f"the total row of {name}'s table {table!r} on {title}, a table the workbook does not have")
        typed = kept
        # A hand row the desk has too is added once. Its formulas are compared as they would read
        # in the desk's workbook: the desk's re-run since the copy was taken moved the desk's.
        # Text that starts with "=" is no formula, and is compared as typed.
        mover = self._mover(rows)
        typed_keys = [key for key in self.header_of if key not in FILLED_ON_HAND_ROWS]
        for row, claims_above in typed:
            title, source_row = row[ORIGIN]
            copy_sheet, headers = reviewer_copy.book[title], copy_headers[title]
            in_desk = {
                key: mover.formula(value, title) if isinstance(value, str) and copy_sheet.cell(source_row, headers[self.header_of[key]]).data_type == "f" else value
                for key, value in row.items() if key != ORIGIN
            }
            desk_rows = self.desk.claims if title == CLAIMS else self.desk.retired
            added = [d for d in desk_rows if not claim_id_of(d) or self.rows[claim_id_of(d)] is not d]
            added += [hand.row for hand in self.hand_rows if hand.title == title]
            if not any(_same_hand_row(in_desk, other, typed_keys) for other in added):
                below_every_claim = len(claims_above) == len(above[title])
                self.hand_rows.append(_HandRow(
                    title, reviewer_copy.book[title], copy_headers[title], in_desk | {ORIGIN: (name, source_row)},
                    None if below_every_claim else tuple(i for i in claims_above if i),
                ))

    def _add_table_values(
        self,
        name: str,
        reviewer_copy: PreviousWorkbook,
        title: str,
        desk_rows: Sequence[Mapping[str, Any]],
        copy_rows: Sequence[Mapping[str, Any]],
        key: Callable[[Mapping[str, Any]], str],
        columns: Mapping[str, str],
    ) -> None:
        """A copy's values in ``columns`` (key -> header) and its own columns on Sentences or
        Sources, for the row with the same ``key``: no base there, so a value the desk lacks is
        taken and one that differs from the desk's is a conflict. A source a reviewer added by
        hand to a copy's Sources, and the desk lacks, is kept to be added."""
        if title not in reviewer_copy.book.sheetnames or title not in self.desk.book.sheetnames:
            return
        sheet, copy_sheet = self.desk.book[title], reviewer_copy.book[title]
        headers, copy_headers = header_numbers(sheet), header_numbers(copy_sheet)
        desk_by_key = {key(r): r for r in desk_rows}
        own = reviewer_copy.own_columns.get(title, ())
        columns = {**columns, **{c.key: c.header for c in own}}
        went = self.copy_rows[id(reviewer_copy.book)].went[title]
        for row in copy_rows:
            desk_row = desk_by_key.get(key(row))
            if desk_row is None:
                if title == SOURCES and key(row) and holds_reviewer_work(row, [c.key for c in own], SOURCE_MARKERS):
                    self.hand_sources.setdefault(key(row), (copy_sheet, copy_headers, row[ORIGIN][1]))
                continue
            went[row[ORIGIN][1]] = (title, desk_row[ORIGIN][1])
            for field_key, header in columns.items():
                theirs, mine = row.get(field_key), desk_row.get(field_key)
                if cell_text(theirs) in ("", cell_text(mine)):
                    continue
                column = _column(sheet, headers, header)
                if cell_text(mine):
                    self.conflicts.append(Conflict(
                        str(desk_row.get("claim_id") or ""), str(desk_row.get("sentence") or desk_row.get("source") or ""),
                        f"{title}: {header}", ((self.name, "", mine), (name, "", theirs)),
                    ))
                    continue
                source = copy_sheet.cell(row[ORIGIN][1], copy_headers[header])
                self._take(_Source(name, "", theirs, source), sheet.cell(desk_row[ORIGIN][1], column))
                desk_row[field_key] = theirs
                self.table_changes += 1

    def apply(self) -> _Counts:
        """Write the changes into the desk's Claims and Retired sheets, recording conflicts, merge
        the cells the copies merged there, and add the rows and sources reviewers added by hand."""
        counts = _Counts(applied=self.table_changes)
        sheet, headers = self.tables[CLAIMS]
        for key in self.fields:
            _column(sheet, headers, self.header_of[key])  # a copy's own column, new to the workbook
        # Room for the rows typed under a claim first: inserting rows moves the desk's formulas,
        # and must not move a copy's before they are given the desk's rows.
        places: dict[int, tuple[str, int]] = {}
        for index, hand in enumerate(self.hand_rows):
            if hand.above is not None:
                places[index] = self._make_room(hand, places)
        movers = {key: self._mover(rows) for key, rows in self.copy_rows.items()}

        @cache
        def reading(key: int) -> tuple[ReferenceMover, ReferenceMover]:
            # Matching a copy's shared sheets costs a pass over them: only for a formula.
            rows = self.copy_rows[key]
            return reading_shared_sheets(self.desk.book, rows.book, rows.own_sheets_as_written, movers[key], self.workbook_had)

        for (claim_id, key), sources in self.changes.items():
            desk_row = self.rows[claim_id]
            title, number = desk_row[ORIGIN]
            # A copy's formula, and its base's, compared as they would read in the desk's
            # workbook: the desk's run may have moved the same formula since the copy was taken,
            # and the rows of a sheet it reads (the call log) may stand elsewhere there.
            for source in (s for s in sources if s.cell is not None):
                copy_key, here = id(source.cell.parent.parent), source.cell.parent.title
                formulas = any(is_formula(value) for value in (source.value, source.base))
                theirs, recorded = reading(copy_key) if formulas else (movers[copy_key],) * 2
                source.value, source.base = theirs.value(source.value, here, title), recorded.value(source.base, here, title)
            sheet, headers = self.tables[title]
            target = sheet.cell(number, _column(sheet, headers, self.header_of[key]))
            mine = desk_row.get(key)
            # The desk changed the cell against a copy that changed it too and differently.
            desk_changed = any(
                cell_text(mine) != cell_text(s.base) and cell_text(s.value) != cell_text(mine) for s in sources
            )
            values = list(dict.fromkeys(cell_text(s.value) for s in sources))
            if len(values) == 1 and values[0] == cell_text(mine):
                counts.agreed += len(sources) > 1
                continue
            if len(values) == 1 and not desk_changed:
                self._take(sources[0], target, look=False)
                counts.applied += 1
                counts.agreed += len(sources) > 1
                continue
            desk = _Source(self.name, str(desk_row.get("reviewer") or ""), mine)
            kept = desk if desk_changed else sources[0]
            if kept is not desk:
                self._take(kept, target, look=False)
                counts.applied += 1
            others = [s for s in ((desk,) if desk_changed else ()) + tuple(sources) if s is not kept]
            self.conflicts.append(Conflict(
                claim_id, str(desk_row.get("claim") or ""), _column_label(title, self.header_of[key]),
                tuple((s.file, s.reviewer, s.value) for s in (kept, *others)),
            ))
        for claim_id, rows in self.looks.items():
            title, desk_number = self.rows[claim_id][ORIGIN]
            sheet, headers = self.tables[title]
            for copy_sheet, copy_headers, source_row, base_row, reviewer in rows:
                notes, threads, looks = recorded_notes(base_row), recorded_threads(base_row) or {}, recorded_looks(base_row)
                for header, number in headers.items():
                    if header in copy_headers:
                        source, target = copy_sheet.cell(source_row, copy_headers[header]), sheet.cell(desk_number, number)
                        thread = threads.get(header)
                        counts.comments_taken += self._take_note(source, target, claim_id, header, notes, thread.comments if thread else ())
                        self._take_look(source, target, (claim_id, header, reviewer), None if looks is None else looks.get(header, ""))
        for merged, header_at, went in self.merges:
            merge_again(self.desk.book, merged, header_at, went, lambda title: self.tables[title][1])
        for index, hand in sorted(enumerate(self.hand_rows), key=lambda pair: pair[0] not in places):
            sheet, headers = self.tables[hand.title]
            number = places[index][1] if index in places else sheet.max_row + 1
            self._put_row(sheet, headers, hand.copy_sheet, hand.copy_headers, hand.row[ORIGIN][1], number)
            counts.added_rows += 1
        if self.hand_sources:
            sheet = self.desk.book[SOURCES]
            headers = header_numbers(sheet)
            for copy_sheet, copy_headers, source_row in self.hand_sources.values():
                self._put_row(sheet, headers, copy_sheet, copy_headers, source_row, sheet.max_row + 1)
                counts.added_rows += 1
        # Pictures and references last: to the rows each copy's rows went to, hand rows too.
        movers = {key: self._mover(rows) for key, rows in self.copy_rows.items()}
        for key, rows in self.copy_rows.items():
            mover = movers[key]
            added, unplaced = add_drawings(self.desk.book, rows.book, mover.moves, mover.headers_of, lambda text: mover.reference(text, ""))
            counts.added_drawings += added
            if unplaced:
                self.not_merged.append(f"{unplaced} of the pictures, text boxes or shapes of {rows.name}, on rows not merged (copy them by hand)")
        for key, rows in self.copy_rows.items():
            # Last of each copy's: a sheet leaves the copy's workbook. Its shared sheets' rows
            # then stand where the merge put them, so its formulas, links and rules are read
            # with the mover that knows where (a note reading the call log a row the desk
            # inserted moved down), before the next copy's rows move them as the desk's.
            brought = bring_own_sheets(self.desk.book, rows.book, rows.name, rows.own_sheets_as_written, movers[key], self.workbook_had)
            self._move_references({key: brought.mover})
            for title in (t for t in TABLES if t in rows.book.sheetnames and t in self.desk.book.sheetnames):
                added, named = bring_rules(self.desk.book[title], rows.book[title], rows.name, brought.mover)
                counts.added_rules += added
                self.not_merged += named
            counts.added_sheets += brought.added
            counts.applied += brought.cells_taken
            counts.comments_taken += brought.comments_taken
            self.not_merged += brought.not_merged
            for where, desks, copys in brought.conflicts:
                self.conflicts.append(Conflict("", "", where, ((self.name, *desks), (rows.name, *copys))))
        return counts

    def _take(self, source: _Source, target, look: bool = True) -> None:
        """The copy's cell onto the desk's: value as it was typed (formula, text or rich text),
        and its look unless ``look`` is False (a claim's cell, whose look ``_take_look`` merges
        three ways, so that a value taken does not bring a look over one the desk changed)."""
        cell = source.cell
        if cell is None:
            target.value = source.value
            return
        target.value = cell.value  # a formula or rich text carry_cell writes again, an array anchored there
        if cell.data_type in {"s", "f"} and isinstance(cell.value, str):
            target.data_type = cell.data_type
        carry_cell(cell, target, reviewer_owned=True, same_book=False, look=look)
        self.taken.append((cell, target, cell.data_type == "f", cell.hyperlink is not None))

    def _take_note(
        self, source, target, claim_id: str, header: str, noted: Mapping[str, tuple[str, str]] | None, thread: Sequence[bytes]
    ) -> bool:
        """The copy's note or thread on the desk's cell ``target``, judged against what the
        copy's Base records there (``threads.merged_comment``): the claim's notes (``noted``, by
        header: None for a Base written before it recorded notes) and the comments of the cell's
        thread (``thread``). Whether a note came in, changed or left, or a comment of a thread did."""
        from .threads import merged_comment

        known = noted is not None
        comment, changed, differing = merged_comment(target.comment, source.comment, known, noted[header][0] if known and header in noted else None, thread)
        if comment is not target.comment:
            target.comment = comment
        for kind, desks, copys in differing:
            self._conflict(target, claim_id, header, kind, ((self.name, *desks), (self._copy_name(source), *copys)))
        return changed

    def _take_look(self, source, target, where: tuple[str, str, str], recorded: str | None) -> None:
        """A link a copy added to a cell the desk has without one, and the copy's look where
        only the copy changed it from the look its Base records (``recorded``: the cell's
        ``looks.appearance``, "" for a plain one); a look both changed otherwise stays the
        desk's and is a conflict (``where``: claim ID, header and the copy's Reviewer), each
        side described in words. Where Base records no looks (written by an older factcheck),
        formatting a copy added to a cell the desk left plain."""
        if source.hyperlink is not None and target.hyperlink is None:
            carry_link(source, target)
            self.taken.append((source, target, False, True))
        if recorded is None:
            if _plain(target) and not _plain(source):
                for name in ("font", "fill", "border"):
                    setattr(target, name, copy(getattr(source, name)))
            return
        theirs, mine = (appearance(cell, self.seen.setdefault(id(cell.parent.parent), {})) for cell in (source, target))
        if theirs in (recorded, mine):
            return
        if mine == recorded:
            carry_look(source, target)
            return
        claim_id, header, reviewer = where
        self._conflict(target, claim_id, header, "look", (
            (self.name, cell_text(self.rows[claim_id].get("reviewer")), described(target, source)), (self._copy_name(source), reviewer, described(source, target)),
        ))

    def _conflict(self, target, claim_id: str, header: str, kind: str, values: tuple[tuple[str, str, Any], ...]) -> None:
        """List on the Conflicts sheet a comment of ``kind`` (a note, a thread) on the desk's
        cell ``target`` that a copy holds otherwise."""
        label = f"{_column_label(target.parent.title, header)} ({kind})"
        self.conflicts.append(Conflict(claim_id, str(self.rows[claim_id].get("claim") or ""), label, values))

    def _copy_name(self, cell) -> str:
        """The file name of the copy a cell is in."""
        return self.copy_rows[id(cell.parent.parent)].name

    def _make_room(self, hand: _HandRow, places: dict[int, tuple[str, int]]) -> tuple[str, int]:
        """Insert an empty row for ``hand`` in the desk's sheet, and return where: under the
        nearest claim above it in the copy that the sheet lists (under the rows already there,
        and the rows ``places`` holds), or at the top when the sheet lists none of them."""
        rows_of = {i: row[ORIGIN][1] for i, row in self.rows.items() if row[ORIGIN][0] == hand.title}
        anchor = next((rows_of[i] for i in reversed(hand.above or ()) if i in rows_of), None)
        if anchor is None:
            at = 2
        else:
            at = min((row for row in rows_of.values() if row > anchor), default=anchor + 1)
        while (hand.title, at) in places.values():
            at += 1
        insert_rows(self.desk.book, hand.title, ((at, 1),), self.desk.renamed)

        def moved(where: tuple[str, int]) -> tuple[str, int]:
            return (where[0], where[1] + 1) if where[0] == hand.title and where[1] >= at else where

        for row in self.rows.values():
            row[ORIGIN] = moved(row[ORIGIN])
        for rows in self.copy_rows.values():
            for went in rows.went.values():
                went.update({source: moved(target) for source, target in went.items()})
        places.update({index: moved(place) for index, place in places.items()})
        return hand.title, at

    def _put_row(self, sheet, headers: Mapping[str, int], copy_sheet, copy_headers: Mapping[str, int], source_row: int, number: int) -> None:
        """A copy's row typed by hand, on row ``number`` of the desk's ``sheet``, cell by cell."""
        self.copy_rows[id(copy_sheet.parent)].went[copy_sheet.title][source_row] = (sheet.title, number)
        for header, column in headers.items():
            if header in copy_headers:
                source = copy_sheet.cell(source_row, copy_headers[header])
                self._take(_Source("", "", source.value, source), sheet.cell(number, column))

    def _mover(self, rows: _CopyRows) -> ReferenceMover:
        """What moves a copy's references to the desk's rows for the copy's rows they name."""
        titles = [title for title in TABLES if title in self.desk.book.sheetnames]
        headers = {title: header_numbers(self.desk.book[title]) for title in titles}
        moves = {}
        for title, went in rows.went.items():
            if title in headers:
                (last_row, last_listed), (new_last_row, new_last_listed) = rows.ends[title], _ends(self.desk.book[title], title)
                moves[title] = TableMove(went, rows.header_at[title], last_row, new_last_row, last_listed, new_last_listed)
        return ReferenceMover(moves, headers.__getitem__, rows.renamed, self.desk.renamed)

    def _move_references(self, movers: Mapping[int, ReferenceMover]) -> None:
        """Give the formulas and links taken from each copy of ``movers`` (by the id of the copy's
        workbook) the desk's rows for the copy's rows they name."""
        for source, target, formula, link in (taken for taken in self.taken if id(taken[0].parent.parent) in movers):
            # Read again from the copy's cell: rows inserted since it was taken moved the desk's formulas, this one too.
            if formula:
                target.value = at_cell(source.value, target)
            if link:
                target.hyperlink.location = source.hyperlink.location
            movers[id(source.parent.parent)].move_cell(target, source.parent.title, formula=formula, link=link)


def _ends(sheet, title: str) -> tuple[int, int]:
    """The last filled row of the table ``title`` on ``sheet``, and its last listed row."""
    return last_filled_row(sheet), last_listed_row(sheet, title)


def _column(sheet, headers: dict[str, int], header: str) -> int:
    """The number of the column ``header`` on the desk's ``sheet``, added after the last one
    when the sheet lacks it (a copy's own column)."""
    if header not in headers:
        headers[header] = max(headers.values(), default=0) + 1
        sheet.cell(1, headers[header], header)
    return headers[header]


def _sentence(text: Any) -> str:
    return normalise_sentence(str(text or "")).lower()


def _totalled_table(sheet, row: int) -> str | None:
    """The name of the Excel table on ``sheet`` whose total row is ``row``, None for none."""
    from openpyxl.worksheet.cell_range import CellRange

    return next((table.name for table in sheet.tables.values() if table.totalsRowCount and CellRange(table.ref).max_row == row), None)


def _same_hand_row(row: Mapping[str, Any], other: Mapping[str, Any], keys: Iterable[str]) -> bool:
    """Whether two rows typed by hand read the same in every column ``keys`` names, tool
    columns too: a reviewer may type only there (a total under Score, a row of Data > Subtotals)."""
    return all(cell_text(row.get(key)) == cell_text(other.get(key)) for key in keys)


def _column_label(title: str, header: str) -> str:
    """A column as the Conflicts sheet names it: its header, and its sheet when not Claims."""
    return header if title == CLAIMS else f"{title}: {header}"


def _plain(cell) -> bool:
    """No formatting of a reviewer's: the tool's grey at most, regular black text, no borders."""
    fill = cell.fill
    filled = fill.fill_type == "solid" and not str(fill.fgColor.rgb).upper().endswith("F2F2F2")
    font = cell.font
    coloured = font.color is not None and font.color.type == "rgb" and str(font.color.rgb).upper() not in {"FF000000", "000000"}
    bordered = any(getattr(cell.border, side).style for side in ("left", "right", "top", "bottom"))
    return not (filled or font.b or font.i or font.u or coloured or bordered)


def _conflict_rows(conflict: Conflict, when: dt.datetime) -> list[dict[str, Any]]:
    from openpyxl.worksheet.formula import ArrayFormula

    return [
        {
            "merged_at": when.strftime("%Y-%m-%d %H:%M:%S"),
            "claim_id": conflict.claim_id,
            "claim": conflict.claim,
            "column": conflict.column,
            "file": file,
            "reviewer": reviewer,
            "value": value.text if isinstance(value, ArrayFormula) else value,  # an array formula as its formula reads
            "kept": "Yes" if index == 0 else "No",
        }
        for index, (file, reviewer, value) in enumerate(conflict.values)
    ]
