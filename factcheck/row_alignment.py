"""Rows and columns of a sheet of reviewers' own matched between two versions of it.

A call log both the desk and a reviewer hold changes by rows: a call appended at the foot, a
row inserted or deleted in the middle, the whole log sorted by status, a status typed over.
``merge`` compares each side with the sheet as recorded at hand-out, so it must know which row
of one version is which row of the other before it compares cells: by place, a row the desk
inserted puts every edit of the copy's below it on the wrong call. Columns move too (a Phone
column inserted after Who), and are matched the same way, each by its header.

Rows are matched by what they hold (``matched_rows``):
- rows in the same order that read the same;
- rows that each keep at least half the cells of the one whose place they took, from the top
  and the foot of a stretch where the two differ (edited in place, with rows added or
  deleted beside them; filling empty cells takes nothing away), and in a table its first
  cell too;
- rows that read the same elsewhere (moved by a sort);
- among the rest, a row that keeps the first cell of one (what a row is known by: the
  caller, the item) and at least half its cells, the one that kept most, in order within a
  stretch where rows were inserted or deleted (edited and shifted), then anywhere (edited
  and moved).
Any other row is another row, the old one deleted, so that no row takes the cells of an
unrelated one. ``placed_rows`` gives the workbook's row for each row of the record and of
the copy: a row the copy inserted goes under the workbook's row of the one above it (rows
to insert), one it appended below the workbook's (and a column right of its last).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import accumulate

Row = tuple[tuple[int, str], ...]  # a row's filled cells, (column, text), left to right


@dataclass(frozen=True, slots=True)
class Places:
    """Where the rows (or the columns) of the record and of a copy stand in the workbook's
    sheet (``placed_rows``)."""

    recorded: Mapping[int, int]  # a recorded row -> the workbook's row, for rows the workbook still holds
    theirs: Mapping[int, int]  # a copy's row -> the workbook's row: one it holds, or one below it for a row the copy added
    matched: Mapping[int, int]  # a copy's row -> its recorded row, for each the record holds (the workbook may not)
    # Rows to insert in the workbook first, for rows the copy inserted in the middle: (the
    # workbook's row they go above, as numbered before, how many), from the top; the rows above
    # give every place after the insertions.
    inserted: tuple[tuple[int, int], ...] = ()

    @property
    def added(self) -> dict[int, int]:
        """A copy's row the record lacks -> the workbook's row it comes to."""
        return {line: placed for line, placed in self.theirs.items() if line not in self.matched}

    @classmethod
    def in_place(cls, recorded: Iterable[int], theirs: Iterable[int]) -> Places:
        """Each row of the record and of the copy where it stands."""
        recorded = {line: line for line in recorded}
        return cls(recorded, {line: line for line in theirs}, {line: line for line in theirs if line in recorded})


def matched_rows(before: Sequence[Row], after: Sequence[Row], *, table: bool = False) -> dict[int, int]:
    """Each row of ``before`` (by index) that ``after`` still holds, and its index there;
    ``table``: the rows are records under a header row, each known by its first cell."""
    matches: dict[int, int] = {}
    unmatched = []  # (before's rows, after's rows) of each stretch where the two differ
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag == "equal":
            matches.update(zip(range(i1, i2), range(j1, j2)))
            continue
        # Rows retyped where they stood, from the top of a stretch and from its foot (rows
        # edited, and rows added or deleted under or above them), are the same rows; in a
        # table, where they keep what a row is known by too (a new call typed where one was
        # deleted shares its default status and its formula, not its caller).
        same = _alike if table else _kept
        top = next((n for n in range(min(i2 - i1, j2 - j1)) if not same(before[i1 + n], after[j1 + n])), min(i2 - i1, j2 - j1))
        foot = next((n for n in range(min(i2 - i1, j2 - j1) - top) if not same(before[i2 - 1 - n], after[j2 - 1 - n])), min(i2 - i1, j2 - j1) - top)
        matches.update(zip(range(i1, i1 + top), range(j1, j1 + top)))
        matches.update(zip(range(i2 - foot, i2), range(j2 - foot, j2)))
        unmatched.append((range(i1 + top, i2 - foot), range(j1 + top, j2 - foot)))
    elsewhere: dict[Row, list[int]] = {}  # rows a sort moved read the same in another stretch
    for _, after_rows in unmatched:
        for j in after_rows:
            if after[j]:
                elsewhere.setdefault(after[j], []).append(j)
    for before_rows, _ in unmatched:
        for i in before_rows:
            if elsewhere.get(before[i]):
                matches[i] = elsewhere[before[i]].pop(0)
    held = set(matches.values())
    for stretches in (unmatched, [(range(len(before)), range(len(after)))]):  # in its stretch, in order; then anywhere (edited and moved)
        in_order = stretches is unmatched
        for before_rows, after_rows in stretches:
            by_first: dict[tuple[int, str], list[int]] = {}  # the rows not yet matched, by their first cell
            for j in after_rows:
                if j not in held and after[j]:
                    by_first.setdefault(after[j][0], []).append(j)
            floor = -1
            for i in (i for i in before_rows if i not in matches and before[i]):
                candidates = [j for j in by_first.get(before[i][0], ()) if j not in held and j > floor]
                best = max(candidates, key=lambda j: (len(set(before[i]) & set(after[j])), -j), default=None)
                if best is not None and _alike(before[i], after[best]):
                    matches[i] = best
                    held.add(best)
                    floor = best if in_order else floor
    return matches


def placed_rows(
    recorded: Mapping[int, Row], mine: Mapping[int, Row], theirs: Mapping[int, Row], added: Sequence[int], *, inserting: bool = False, table: bool = False
) -> Places:
    """The workbook's row for each row of the record and of the copy, given each version's rows
    by number (``recorded``, the workbook's ``mine``, the copy's ``theirs``; or their columns,
    each read as a row of its header). Of the copy's rows the record lacks, those in ``added``
    (rows holding anything) come below the workbook's last row in the copy's order, after as
    many blank rows as the copy leaves above each, unless the workbook holds a row reading the
    same that the record lacks (brought by another copy, or by this one before). With
    ``inserting``, one the copy put between two rows the workbook holds is inserted under the
    workbook's row of the one above it, after rows the record lacks there (the desk's own, or
    another copy's), as the desk would insert it (``Places.inserted``). ``table`` as for
    ``matched_rows``."""
    numbers = {side: sorted(rows) for side, rows in (("recorded", recorded), ("mine", mine), ("theirs", theirs))}
    to_mine = _matched(numbers["recorded"], recorded, numbers["mine"], mine, table)
    to_theirs = _matched(numbers["recorded"], recorded, numbers["theirs"], theirs, table)
    from_theirs = {row: old for old, row in to_theirs.items()}
    placed = {row: to_mine[old] for row, old in from_theirs.items() if old in to_mine}
    unrecorded: dict[Row, list[int]] = {}  # the workbook's rows the record lacks, by what they read
    for row in sorted(set(numbers["mine"]) - set(to_mine.values())):
        unrecorded.setdefault(mine[row], []).append(row)
    held = sorted(placed)  # the copy's rows the workbook holds
    kept = sorted(to_mine.values())  # the workbook's rows the record holds
    slots: dict[int, int] = {}  # a row the copy inserted -> the workbook's row it goes above
    appended = []
    for row in added:
        if row in from_theirs:
            continue
        if unrecorded.get(theirs[row]):
            placed[row] = unrecorded[theirs[row]].pop(0)
            continue
        position = bisect_left(held, row)  # among the copy's rows the workbook holds
        if inserting and 0 < position < len(held):
            above = placed[held[position - 1]]
            under = kept[bisect_right(kept, above)] if kept[-1] > above else None  # the next recorded row
            if under is not None:
                slots[row] = under
                continue
        appended.append(row)
    counts = Counter(slots.values())
    inserted = tuple(sorted(counts.items()))
    shifted = after_inserting(inserted)
    placed = {row: shifted(line) for row, line in placed.items()}
    filled: Counter[int] = Counter()
    for row, at in slots.items():  # in the copy's order
        placed[row] = shifted(at) - counts[at] + filled[at]
        filled[at] += 1
    below = max(numbers["mine"], default=0) + sum(counts.values())
    bringing = set(added)
    for row in appended:
        blank = next((n for n in range(row - 1) if theirs.get(row - 1 - n) or row - 1 - n in bringing), row - 1)
        below += blank + 1  # with the blank rows the copy left above it
        placed[row] = below
    return Places({old: shifted(line) for old, line in to_mine.items()}, placed, from_theirs, inserted)


def after_inserting(inserted: Sequence[tuple[int, int]]) -> Callable[[int], int]:
    """Where a row stands once rows are inserted as ``inserted`` says (each a row they go above
    and how many, as numbered before, from the top)."""
    ats, before = [at for at, _ in inserted], list(accumulate((count for _, count in inserted), initial=0))
    return lambda row: row + before[bisect_right(ats, row)]


def _matched(before_numbers: Sequence[int], before: Mapping[int, Row], after_numbers: Sequence[int], after: Mapping[int, Row], table: bool) -> dict[int, int]:
    """``matched_rows`` by row number."""
    matches = matched_rows([before[row] for row in before_numbers], [after[row] for row in after_numbers], table=table)
    return {before_numbers[i]: after_numbers[j] for i, j in matches.items()}


def _alike(before: Row, after: Row) -> bool:
    """Whether ``after``, standing elsewhere (or, in a table, where ``before`` stood), is
    ``before`` edited: it keeps its first cell (the caller, the item: what a row is known by)
    and at least half its cells (``_kept``)."""
    return _kept(before, after) and before[0] in after


def _kept(before: Row, after: Row) -> bool:
    """Whether ``after``, standing where ``before`` stood, is ``before`` edited: it keeps at
    least half its cells as they were (a row with one of three cells retyped, or with cells
    filled that were empty)."""
    same = len(set(before) & set(after))
    return same > 0 and 2 * same >= len(before)
