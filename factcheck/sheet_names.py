"""Find the tool's sheets under the names reviewers gave them.

A reviewer may rename Claims, Sentences, Sources, Summary, Retired and About. Each is found by
what the tool wrote in it, not by its name, and the tool works on it under its own title
(``use_tool_names``) until the workbook is saved (``give_back_names``).
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from pathlib import Path

from .columns import (
    ABOUT,
    BASE,
    CHECKED_BEFORE,
    CLAIMS,
    CONFLICTS,
    KEY_COLUMNS,
    LISTS,
    OWN_SHEETS_BASE,
    RETIRED,
    RETIRED_COLUMNS,
    SENTENCE_COLUMNS,
    SENTENCES,
    SOURCE_COLUMNS,
    SOURCES,
    SUMMARY,
    header_texts,
)
from .errors import WorksheetError

# What the tool writes at the top of About and Summary (column A, from row 1).
ABOUT_TITLE = "factcheck worksheet"
SUMMARY_TITLE = "Summary"
SUMMARY_NOTE = "These counts follow the Claims sheet as reviewers fill Status and Verdict."

# Tool sheets a reviewer may rename, and what tells each one under any name: the headers in
# row 1 of a table (its key columns and those only it has), or the text the tool writes at
# the top of About and Summary. Every run writes each of them, so one missing under its name
# was renamed (or deleted). Not so Checked before and Conflicts, made only when needed: one
# renamed is a reviewer's keepsake, and the tool makes a new one. Lists and Base are hidden.
RENAMEABLE = (CLAIMS, SENTENCES, SOURCES, SUMMARY, RETIRED, ABOUT)
TOOL_SHEETS = frozenset({*RENAMEABLE, LISTS, BASE, OWN_SHEETS_BASE, CHECKED_BEFORE, CONFLICTS})
_TABLE_MARKS = {
    CLAIMS: frozenset(c.header for c in KEY_COLUMNS[CLAIMS]),
    RETIRED: frozenset(c.header for c in (*KEY_COLUMNS[RETIRED], *RETIRED_COLUMNS[:2])),  # Retired on, Reason
    SENTENCES: frozenset(c.header for c in SENTENCE_COLUMNS if c in KEY_COLUMNS[SENTENCES] or c.key == "on_claims"),
    SOURCES: frozenset(c.header for c in SOURCE_COLUMNS if c in KEY_COLUMNS[SOURCES] or c.key == "cited_for"),
}
_TOP_MARKS = {ABOUT: (ABOUT_TITLE,), SUMMARY: (SUMMARY_TITLE, SUMMARY_NOTE)}  # column A from row 1


def renamed_tool_sheets(path: Path, workbook) -> dict[str, str]:
    """The tool sheets a reviewer renamed: tool title -> the sheet's name in ``workbook``.

    A sheet of another name is taken for a tool sheet missing under its own name when it looks
    like it (``_TABLE_MARKS``, ``_TOP_MARKS``); a copy beside a sheet that kept its name stays the
    reviewer's. Raises ``WorksheetError`` when two sheets look like the same missing one, or
    one sheet like two: which one holds the work is not the tool's to guess.
    """
    missing = [title for title in RENAMEABLE if title not in workbook.sheetnames]
    if not missing:
        return {}
    found: dict[str, list[str]] = {title: [] for title in missing}
    for sheet in workbook.worksheets:
        if sheet.title in TOOL_SHEETS:
            continue
        looks = looks_like(sheet)
        if len(looks) > 1 and looks & set(missing):
            named = " and ".join(sorted(looks))
            raise WorksheetError(
                f"{path}: the sheet {sheet.title!r} looks like both the {named} sheets; "
                "give the tool's sheets their names back, or choose another output"
            )
        for title in looks & set(missing):
            found[title].append(sheet.title)
    for title, names in found.items():
        if len(names) > 1:
            listed = ", ".join(repr(name) for name in names[:-1]) + f" and {names[-1]!r}"
            raise WorksheetError(
                f"{path} has no {title} sheet, and the sheets {listed} {'both' if len(names) == 2 else 'all'} look "
                f"like it; give the one the tool should use back the name {title}, or choose another output"
            )
    return {title: names[0] for title, names in found.items() if names}


def looks_like(sheet) -> set[str]:
    """The tool sheets that ``sheet`` looks like; of a table whose headers hold another's too
    (Retired's hold Claims'), the fuller one alone."""
    top = [row[0] if row else None for row in sheet.iter_rows(max_row=2, max_col=1, values_only=True)]
    headers = set(header_texts(next(sheet.iter_rows(max_row=1, values_only=True), ())))
    tables = {title for title, marks in _TABLE_MARKS.items() if marks <= headers}
    looks = {title for title in tables if not any(_TABLE_MARKS[title] < _TABLE_MARKS[other] for other in tables)}
    return looks | {title for title, text in _TOP_MARKS.items() if tuple(top[: len(text)]) == text}


def use_tool_names(workbook, renamed: Mapping[str, str]) -> None:
    """Give the sheets a reviewer renamed (``renamed``: tool title -> their name) the tool's titles,
    for the tool to find them by while it works on the workbook."""
    for title, name in renamed.items():
        _retitle(workbook[name], title)


def give_back_names(workbook, renamed: Mapping[str, str]) -> None:
    """Undo ``use_tool_names`` before the workbook is saved (a sheet the run removed stays removed)."""
    for title, name in renamed.items():
        if title in workbook.sheetnames:
            _retitle(workbook[title], name)


def _retitle(sheet, title: str) -> None:
    """Give ``sheet`` the title ``title``, also one that differs from its own in case alone
    ("retired"), which openpyxl, as Excel, takes for a duplicate of it and numbers."""
    if sheet.title.lower() == title.lower():
        sheet.title = f"factcheck {secrets.token_hex(4)}"
    sheet.title = title
