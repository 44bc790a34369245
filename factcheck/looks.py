"""What a cell's look shows, told apart from how a program spelt it.

A merge asks whether a reviewer changed a cell's look (turned a call green, made a figure
bold) since the workbook was handed out, against the look the workbook's record holds. Excel,
LibreOffice and openpyxl each spell one look their own way: LibreOffice writes every default
out, the text's colour as black, a fill's colour with an opaque alpha and a date format's
dashes escaped. So a look is compared by what it shows (``appearance``), as a short digest a
record can hold for every cell, and told in words where a person must compare two
(``described``: a look the desk and a reviewer both changed, on the Conflicts sheet).
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
    shown = _shown(cell)
    look = "" if shown == _PLAIN else hashlib.sha256(json.dumps(shown).encode()).hexdigest()[:12]
    if seen is not None:
        seen[key] = look
    return look


def described(cell, beside=None) -> str:
    """What ``cell``'s look shows, in words, for a person to compare two looks ("fill #00B050,
    bold"; "plain" for a plain cell or none). With ``beside``, another cell, only what differs
    from that cell's look ("no fill" where it has one)."""
    parts = _parts(cell)
    if beside is None:
        return ", ".join(word for word, plain in parts if not plain) or "plain"
    return ", ".join(word for (word, _), (other, _) in zip(parts, _parts(beside)) if word != other) or "the same look"


def _parts(cell) -> list[tuple[str, bool]]:
    """Each part of what ``cell``'s look shows, in words, and whether a plain cell shows it so."""
    shade, (bold, italic, underline, struck, colour, size), sides, number_format, placed = _PLAIN if cell is None else _shown(cell)
    horizontal, vertical, wrapped, shrunk, indent, rotation = placed
    if isinstance(shade, str):
        fill = "gradient fill"
    elif shade:
        pattern, fill_colour = shade
        fill = f"fill {_colour_words(fill_colour)}" + ("" if pattern == "solid" else f" ({pattern})")
    else:
        fill = "no fill"
    if not any(sides):
        borders = "no border"
    elif sides.count(sides[0]) == 4:
        borders = _border_words("border", sides[0])
    else:
        borders = ", ".join(_border_words(f"{name} border", side) for name, side in zip(("left", "right", "top", "bottom"), sides) if side)
    return [
        (fill, not shade),
        ("bold" if bold else "not bold", not bold),
        ("italic" if italic else "not italic", not italic),
        ("underlined" if underline == "single" else f"underlined ({underline})" if underline else "not underlined", not underline),
        ("struck through" if struck else "not struck through", not struck),
        (f"text {_colour_words(colour)}", not colour),
        (f"size {size:g}", size == 11.0),
        (borders, not any(sides)),
        (f"format {number_format or 'General'}", not number_format),
        (f"aligned {horizontal or 'as the value'}", not horizontal),
        (f"aligned {vertical or 'bottom'}", not vertical),
        ("wrapped" if wrapped else "not wrapped", not wrapped),
        ("shrunk to fit" if shrunk else "not shrunk to fit", not shrunk),
        (f"indent {indent:g}", not indent),
        (f"turned {rotation}", not rotation),
    ]


def _shown(cell) -> tuple:
    """What ``appearance`` digests: fill, font, borders, number format and alignment as they show."""
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
    return (shade, text, sides, number_format, placed)


def _colour_words(colour: str) -> str:
    """A ``shown_colour`` as a person reads it: #RRGGBB, or the theme's or palette's entry."""
    return f"#{colour}" if len(colour) == 6 else colour or "automatic"


def _border_words(name: str, side: tuple) -> str:
    style, colour = side
    return f"{name} {style}" + (f" {_colour_words(colour)}" if colour else "")


def shown_colour(colour, default: str = "") -> str:
    """A colour as it shows, as text, however a program spelt it: "" for none or for
    ``default`` (text in black, or in the theme's text colour, has no colour of its own). Of an
    ARGB colour only the RGB shows (LibreOffice writes an opaque alpha where openpyxl writes
    none)."""
    if colour is None:
        return ""
    spelt = {"rgb": str(colour.rgb).upper()[-6:], "theme": f"theme {colour.theme} {colour.tint or 0:.4g}", "indexed": f"indexed {colour.indexed}"}.get(colour.type, "")
    return "" if default and spelt in (default, "theme 1 0") else spelt
