"""What a cell's look shows, told apart from how a program spelt it.

A merge asks whether a reviewer changed a cell's look (turned a call green, made a figure
bold) since the workbook was handed out, against the look the workbook's record holds. Excel,
LibreOffice and openpyxl each spell one look their own way: LibreOffice writes every default
out, the text's colour as black, a fill's colour with an opaque alpha, a theme's colour as the
RGB it shows and a date format's dashes escaped. So a look is compared by what it shows
(``appearance``), as a short digest a record can hold for every cell, and told in words where
a person must compare two (``described``: a look the desk and a reviewer both changed, on the
Conflicts sheet).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from functools import lru_cache
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
    palette = theme_palette(cell.parent.parent)
    if fill.tagname == "patternFill":
        shade: Any = (fill.fill_type, shown_colour(fill.fgColor, palette=palette)) if fill.fill_type else ()
    else:
        shade = repr(fill)  # a gradient
    text = (bool(font.b), bool(font.i), "" if font.u in (None, "none") else font.u, bool(font.strike), shown_colour(font.color, "000000", palette), float(font.sz or 11))
    sides = [(side.style, shown_colour(side.color, "000000", palette)) if side is not None and side.style else () for side in (border.left, border.right, border.top, border.bottom)]
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


def shown_colour(colour, default: str = "", palette: Sequence[str] = ()) -> str:
    """A colour as it shows, as text, however a program spelt it: "" for none or for
    ``default`` (text in black has no colour of its own). A theme's colour is read off
    ``palette`` (``theme_palette``) and a legacy palette's off Excel's, each with its tint, as
    LibreOffice reads them when it saves them as RGB; of an ARGB colour only the RGB shows
    (LibreOffice writes an opaque alpha where openpyxl writes none)."""
    if colour is None:
        return ""
    from openpyxl.styles.colors import COLOR_INDEX

    rgb = None
    if colour.type == "rgb":
        rgb = str(colour.rgb)
    elif colour.type == "theme" and colour.theme < len(palette):
        rgb = palette[colour.theme]
    elif colour.type == "indexed" and colour.indexed < 64:  # 64 and 65 are the system's text and window colours
        rgb = COLOR_INDEX[colour.indexed]
    if rgb is None:
        spelt = f"theme {colour.theme} {colour.tint or 0:.4g}" if colour.type == "theme" else f"indexed {colour.indexed}" if colour.type == "indexed" else ""
    else:
        spelt = _tinted(rgb.upper()[-6:], colour.tint or 0)
    return "" if default and spelt in (default, "theme 1 0") else spelt


def theme_palette(workbook) -> tuple[str, ...]:
    """The RGB of each colour of ``workbook``'s theme, by the number a cell's colour gives it
    (Excel numbers the light colours before the dark: 0 is the background, 1 the text); the
    theme openpyxl writes where the workbook has none."""
    return _palette(getattr(workbook, "loaded_theme", None))


@lru_cache(maxsize=8)
def _palette(theme: bytes | None) -> tuple[str, ...]:
    """``theme_palette`` of a theme's XML (None: openpyxl's), read once for each theme (its
    cells share it); none for XML that is no theme."""
    import xml.etree.ElementTree as ElementTree

    from openpyxl.writer.theme import theme_xml

    drawing = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    try:
        scheme = ElementTree.fromstring(theme or theme_xml.encode()).find(f".//{drawing}clrScheme")
    except ElementTree.ParseError:
        return ()
    colours = {}
    for entry in scheme if scheme is not None else ():
        spelt = entry.find(f"{drawing}srgbClr")
        system = entry.find(f"{drawing}sysClr")
        value = spelt.get("val") if spelt is not None else system.get("lastClr") if system is not None else None
        colours[entry.tag.removeprefix(drawing)] = (value or "").upper()
    order = ("lt1", "dk1", "lt2", "dk2", "accent1", "accent2", "accent3", "accent4", "accent5", "accent6", "hlink", "folHlink")
    return tuple(colours.get(name, "") for name in order) if all(colours.get(name) for name in order[:10]) else ()


def _tinted(rgb: str, tint: float) -> str:
    """``rgb`` lightened (a tint over 0) or darkened (under 0) as the spreadsheet formats say, its
    lightness moved that share of the way towards white or black, worked out as LibreOffice
    works it out when it saves the colour as RGB: hue to 1/60,000 of a degree, saturation and
    lightness to 1/100,000, so that its rounding is ours (float arithmetic gives dark 2
    darkened 50 % as 10253F, LibreOffice 10243E)."""
    if not tint:
        return rgb
    whole, degrees = 100_000, 360 * 60_000
    red, green, blue = (int(rgb[at : at + 2], 16) / 255 for at in (0, 2, 4))
    low, high = min(red, green, blue), max(red, green, blue)
    spread = high - low
    if not spread:
        hue = 0
    elif high == red:
        hue = int(((green - blue) / spread * 60 + 360) * 60_000 + 0.5) % degrees
    elif high == green:
        hue = int(((blue - red) / spread * 60 + 120) * 60_000 + 0.5)
    else:
        hue = int(((red - green) / spread * 60 + 240) * 60_000 + 0.5)
    lightness = int((high + low) / 2 * whole + 0.5)
    if lightness in (0, whole):
        saturation = 0
    else:
        saturation = int(spread / ((high + low) if lightness <= whole // 2 else (2 - high - low)) * whole + 0.5)
    share = max(-whole, min(whole, int(tint * whole + 0.5)))
    lightness = lightness * (whole + share) // whole if share < 0 else min(whole, lightness * (whole - share) // whole + share)
    shown = lightness / whole
    chroma = (1 - abs(2 * shown - 1)) * saturation / whole
    sector = hue / degrees * 6
    second = chroma * (1 - abs(sector % 2 - 1))
    parts = [(chroma, second, 0), (second, chroma, 0), (0, chroma, second), (0, second, chroma), (second, 0, chroma), (chroma, 0, second)][int(sector) % 6]
    return "".join(f"{int((part + shown - chroma / 2) * 255 + 0.5):02X}" for part in parts)
