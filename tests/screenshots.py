"""Pictures for the OCR tests, drawn as a phone shows a post or a camera a printed page: an
author's round picture and badge, grey handles and dates, counts beside their icons."""

from __future__ import annotations

import textwrap
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

# Pillow's own font, so that every machine draws, and OCR reads, the same pictures.
SCALE = 2
GREY = (83, 100, 113)


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.load_default(size * SCALE)


def _counts(draw: ImageDraw.ImageDraw, x: int, y: int, counts: list[str]) -> None:
    for count in counts:
        draw.rectangle((x, y + 3 * SCALE, x + 12 * SCALE, y + 15 * SCALE), outline=GREY, width=SCALE)
        draw.text((x + 18 * SCALE, y), count, font=_font(13), fill=GREY)
        x += 110 * SCALE


def post_page(path: Path, name: str, handle: str, text: str, page_date: str, counts: list[str]) -> Path:
    """A post's own page on X: name with its badge over the handle, the text, the date below."""
    image = Image.new("RGB", (600 * SCALE, 900 * SCALE), "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse((16 * SCALE, 16 * SCALE, 64 * SCALE, 64 * SCALE), fill=(29, 155, 240))
    draw.text((76 * SCALE, 18 * SCALE), name, font=_font(16), fill="black")
    badge = 76 * SCALE + draw.textlength(name, font=_font(16)) + 6 * SCALE
    draw.ellipse((badge, 20 * SCALE, badge + 16 * SCALE, 36 * SCALE), fill=(29, 155, 240))
    draw.text((76 * SCALE, 40 * SCALE), handle, font=_font(15), fill=GREY)
    y = 80 * SCALE
    for line in textwrap.wrap(text, 52):
        draw.text((16 * SCALE, y), line, font=_font(17), fill="black")
        y += 26 * SCALE
    draw.text((16 * SCALE, y + 14 * SCALE), page_date, font=_font(14), fill=GREY)
    y += 44 * SCALE
    draw.line((16 * SCALE, y, 584 * SCALE, y), fill=(230, 230, 230), width=SCALE)
    _counts(draw, 16 * SCALE, y + 12 * SCALE, counts)
    image.crop((0, 0, 600 * SCALE, y + 52 * SCALE)).save(path)
    return path


def timeline(path: Path, posts: list[tuple[str, str, str, str, list[str]]]) -> Path:
    """Posts in a timeline, under the phone's status bar: each under "Name @handle · 3h"."""
    image = Image.new("RGB", (600 * SCALE, 1400 * SCALE), "white")
    draw = ImageDraw.Draw(image)
    draw.text((16 * SCALE, 12 * SCALE), "9:41", font=_font(14), fill="black")
    y = 48 * SCALE
    for name, handle, when, text, counts in posts:
        draw.ellipse((16 * SCALE, y, 56 * SCALE, y + 40 * SCALE), fill=(120, 160, 90))
        draw.text((66 * SCALE, y), name, font=_font(15), fill="black")
        after = 66 * SCALE + draw.textlength(name, font=_font(15)) + 8 * SCALE
        draw.text((after, y), f"{handle} · {when}", font=_font(15), fill=GREY)
        y += 24 * SCALE
        for line in textwrap.wrap(text, 54):
            draw.text((66 * SCALE, y), line, font=_font(15), fill="black")
            y += 22 * SCALE
        _counts(draw, 66 * SCALE, y + 10 * SCALE, counts)
        y += 40 * SCALE
        draw.line((0, y, 600 * SCALE, y), fill=(230, 230, 230), width=SCALE)
        y += 14 * SCALE
    image.crop((0, 0, 600 * SCALE, y)).convert("RGB").save(path, quality=90)
    return path


def printed_page(path: Path, paragraphs: list[str]) -> Path:
    """A page of print, photographed flat: a headline, then paragraphs in a narrow column."""
    image = Image.new("L", (900 * SCALE, 4000 * SCALE), 248)
    draw = ImageDraw.Draw(image)
    y = 30 * SCALE
    for n, paragraph in enumerate(paragraphs):
        size, width = (22, 60) if n == 0 else (14, 70)
        for line in textwrap.wrap(paragraph, width):
            draw.text((40 * SCALE, y), line, font=_font(size), fill=20)
            y += (size + 8) * SCALE
        y += 12 * SCALE
    image.crop((0, 0, 900 * SCALE, y + 20 * SCALE)).save(path, quality=85)
    return path
