"""Conditional formats and drop-downs a reviewer put on a tool table of their copy (a verdict of
False shown red, a length limit on Notes), brought into the desk's workbook by ``merge``.

A copy's rules are moved to the desk's rows as a re-run moves its own
(``references.reviewer_rules``: one over every claim grows to the workbook's claims) and to
the desk's columns by header (a reviewer may have moved Verdict). One the workbook holds
already, handed out with the copy or brought by another copy, is not added again: rules are
compared by what they test, not by their colours or order, which LibreOffice writes its own
way. A drop-down over cells that already have one is named, not added, since a cell takes
one; so is a rule over a column the workbook lacks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .looks import shown_colour, theme_palette
from .references import ReferenceMover, reviewer_rules


def bring_rules(sheet, copy_sheet, copy_name: str, mover: ReferenceMover) -> tuple[int, list[str]]:
    """Add to the workbook's tool table ``sheet`` the rules and drop-downs of the copy's
    ``copy_sheet`` (of the file ``copy_name``) that it lacks; ``mover`` gives the copy's rows
    and columns the workbook's. Returns how many came, and what was named instead."""
    from openpyxl.worksheet.cell_range import MultiCellRange

    move = mover.moves.get(sheet.title)
    if move is None:
        return 0, []
    headers = mover.headers_of(sheet.title)
    columns = {number: headers[header] for number, header in move.header_at.items() if header in headers}
    rules, validations = reviewer_rules(copy_sheet, mover, move)
    palette, copy_palette = theme_palette(sheet.parent), theme_palette(copy_sheet.parent)
    held = {_rule_tests(str(formatting.sqref), rule, palette) for formatting in sheet.conditional_formatting for rule in formatting.rules}
    added, named = 0, []
    for cells, rule in rules:
        placed = _in_columns(cells, columns)
        if placed == "":
            continue  # over no cells
        if placed is None:
            named.append(f"a conditional format over {sheet.title}!{cells} of {copy_name}, on a column the workbook lacks (add it by hand)")
        elif _rule_tests(placed, rule, copy_palette) not in held:
            rule.priority = 0  # numbered after the workbook's own as it is added
            sheet.conditional_formatting.add(placed, rule)
            added += 1
    for validation in validations:
        placed = _in_columns(str(validation.sqref), columns)
        present = sheet.data_validations.dataValidation
        if placed == "":
            continue
        if placed is not None and _validation_tests(placed, validation) in {_validation_tests(str(v.sqref), v) for v in present}:
            continue
        if placed is None or any(_overlap(placed, str(v.sqref)) for v in present):
            where = "on a column the workbook lacks" if placed is None else "over cells that have one in the workbook"
            named.append(f"a drop-down or input rule over {sheet.title}!{validation.sqref} of {copy_name}, {where} (add it by hand)")
            continue
        validation.sqref = MultiCellRange(placed)
        sheet.data_validations.append(validation)
        added += 1
    return added, named


def _in_columns(ranges: str, columns: Mapping[int, int]) -> str | None:
    """``ranges`` with each column the copy's number gives the workbook's (``columns``); None
    where a column is not in the workbook, or columns side by side in the copy are not there."""
    from openpyxl.worksheet.cell_range import CellRange, MultiCellRange

    placed = []
    for part in MultiCellRange(ranges).ranges:
        numbers = [columns.get(number) for number in range(part.min_col, part.max_col + 1)]
        if None in numbers or numbers != list(range(numbers[0], numbers[0] + len(numbers))):
            return None
        placed.append(CellRange(min_col=numbers[0], min_row=part.min_row, max_col=numbers[-1], max_row=part.max_row))
    return str(MultiCellRange(placed))


def _rule_tests(cells: str, rule, palette: Sequence[str]) -> tuple[Any, ...]:
    """What a conditional format tests, and where; for a colour scale, its stops and colours too
    (as they show, ``looks.shown_colour``, a theme's read off ``palette``)."""
    scale = rule.colorScale
    stops = () if scale is None else tuple((stop.type, str(stop.val)) for stop in scale.cfvo) + tuple(shown_colour(colour, palette=palette) for colour in scale.color)
    return (cells, rule.type, rule.operator or "", tuple(rule.formula or ()), rule.text or "", bool(rule.stopIfTrue), stops)


def _validation_tests(cells: str, validation) -> tuple[Any, ...]:
    """What a drop-down or input rule allows, and where (LibreOffice writes "between" and a
    second formula where none is used)."""
    operator = validation.operator or "between"
    second = validation.formula2 if validation.type != "list" and operator in ("between", "notBetween") else None
    return (cells, validation.type, operator if validation.type != "list" else "", validation.formula1, second)


def _overlap(ranges: str, others: str) -> bool:
    """Whether two ranges share a cell."""
    from openpyxl.worksheet.cell_range import MultiCellRange

    return any(not part.isdisjoint(other) for part in MultiCellRange(ranges).ranges for other in MultiCellRange(others).ranges)
