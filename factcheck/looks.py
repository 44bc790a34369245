"""What a cell's look shows, told apart from how a program spelt it.

A merge asks whether a reviewer changed a cell's look (turned a call green, made a figure
bold) since the workbook was handed out, against the look the workbook's record holds. Excel,
LibreOffice and openpyxl each spell one look their own way: LibreOffice writes every default
out, the text's colour as black, a fill's colour with an opaque alpha and a date format's
dashes escaped. So a look is compared by what it shows (``appearance``), as a short digest a
record can hold for every cell.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any


# What a plain cell shows: no fill, regular black text of size 11, no borders, General, aligned as the value.
_PLAIN = ((), (False, False, "", False, "", 11.0), [()] * 4, "", (None, None, False, False, 0.0, 0))


def appearance(cell, seen: dict[tuple, str] | None = None) -> str:
    """What a reader sees of ``cell``'s look, as a short digest ("" for a plain cell): its fill,
    font, borders, number format and alignment, however a program spelt them. ``seen`` keeps
    the digests of one workbook's styles, which its cells share."""
    key = tuple(cell._style or ())
    if seen is not None and key in seen:
        return seen[key]
    font, fill, border, alignment = cell.font, cell.fill, cell.border, cell.alignment
    if fill.tagname == "patternFill":
        shade: Any = (fill.fill_type, shown_colour(fill.fgColor)) if fill.fill_type else ()
    else:
        shade = repr(fill)  # a gradient
    text = (bool(font.b), bool(font.i), "" if font.u in (None, "none") else font.u, bool(font.strike), shown_colour(font.color, "000000"), float(font.sz or 11))
    sides = [(side.style, shown_colour(side.color, "000000")) if side is not None and side.style else () for side in (border.left, border.right, border.top, border.bottom)]
    number_format = "" if cell.number_format == "General" else cell.number_format.replace("\\", "")  # \- reads as -
    placed = (
        alignment.horizontal if alignment.horizontal != "general" else None,
        alignment.vertical if alignment.vertical != "bottom" else None,
        bool(alignment.wrap_text), bool(alignment.shrink_to_fit), float(alignment.indent or 0), int(alignment.text_rotation or 0),
    )
    shown = (shade, text, sides, number_format, placed)
    look = "" if shown == _PLAIN else hashlib.sha256(json.dumps(shown).encode()).hexdigest()[:12]
    if seen is not None:
        seen[key] = look
    return look


def shown_colour(colour, default: str = "") -> str:
    """A colour as it shows, as text, however a program spelt it: "" for none or for
    ``default`` (text in black, or in the theme's text colour, has no colour of its own). Of an
    ARGB colour only the RGB shows (LibreOffice writes an opaque alpha where openpyxl writes
    none)."""
    if colour is None:
        return ""
    spelt = {"rgb": str(colour.rgb).upper()[-6:], "theme": f"theme {colour.theme} {colour.tint or 0:.4g}", "indexed": f"indexed {colour.indexed}"}.get(colour.type, "")
    return "" if default and spelt in (default, "theme 1 0") else spelt
