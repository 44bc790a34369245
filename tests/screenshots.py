"""Pictures for the OCR tests, drawn as a phone shows a post or a camera a printed page: an
author's round picture and badge, grey handles and dates, counts beside their icons."""

from __future__ import annotations

import textwrap
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

# Pillow's own font, so that every machine draws, and OCR reads, the same pictures.
SCALE = 2
GREY = (83, 100, 113)


def _font(size: int, font_file: str | None = None) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(font_file, size * SCALE) if font_file else ImageFont.load_default(size * SCALE)


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


def chat(path: Path, name: str, subtitle: str, items: list[tuple], font_file: str | None = None) -> Path:
    """A chat as WhatsApp shows it on a phone: the chat's name over ``subtitle`` in the top bar,
    then ``items``: ("day", "Today"), ("notice", "Kari added Per"), or a bubble, ("in", sender,
    text, time) on the left ("" for no name over it) or ("out", text, time) on the right, with
    its ticks; after a bubble's time, "Forwarded" for a forward, or (sender, text) for the
    message it replies to, quoted at its top. In Pillow's own font unless ``font_file`` names
    another."""

    def font(size: int) -> ImageFont.FreeTypeFont:
        return _font(size, font_file)

    bubble_lines = sum(len(textwrap.wrap(parts[1] if kind == "in" else parts[0], 34)) + 4 for kind, *parts in items)
    image = Image.new("RGB", (420 * SCALE, (200 + 80 * len(items) + 21 * bubble_lines) * SCALE), (236, 229, 221))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 420 * SCALE, 80 * SCALE), fill=(7, 94, 84))
    draw.text((10 * SCALE, 5 * SCALE), "9:41", font=font(11), fill="white")
    draw.ellipse((40 * SCALE, 32 * SCALE, 78 * SCALE, 70 * SCALE), fill=(200, 200, 200))
    draw.text((88 * SCALE, 32 * SCALE), name, font=font(16), fill="white")
    draw.text((88 * SCALE, 54 * SCALE), subtitle, font=font(12), fill=(220, 240, 235))
    y = 92 * SCALE
    for kind, *parts in items:
        if kind in ("day", "notice"):
            width = draw.textlength(parts[0], font=font(12))
            draw.rounded_rectangle((210 * SCALE - width / 2 - 10 * SCALE, y, 210 * SCALE + width / 2 + 10 * SCALE, y + 24 * SCALE), 8 * SCALE, fill=(225, 245, 254))
            draw.text((210 * SCALE - width / 2, y + 5 * SCALE), parts[0], font=font(12), fill=(80, 80, 80))
            y += 36 * SCALE
            continue
        sender, text, time, *extra = parts if kind == "in" else ("", *parts)
        forwarded = [label for label in extra if isinstance(label, str)]
        quoted = next((quote for quote in extra if isinstance(quote, tuple)), None)
        quoted_lines = textwrap.wrap(quoted[1], 32)[:3] if quoted else []
        lines = [wrapped for line in text.splitlines() for wrapped in textwrap.wrap(line, 34)]
        labels = [sender, *forwarded]
        stamp_width = draw.textlength(time, font=font(11)) + (26 * SCALE if kind == "out" else 0)
        last = draw.textlength(lines[-1], font=font(15))
        # The time sits beside the last line where the bubble has room for it, as WhatsApp puts it;
        # a bubble is as wide as its longest line, on the left or, for yours, on the right.
        beside = last + 12 * SCALE + stamp_width <= 280 * SCALE
        widest = max(
            [draw.textlength(line, font=font(15)) for line in lines]
            + [draw.textlength(label, font=font(13)) for label in [*labels, *quoted_lines, *(quoted[:1] if quoted else [])]]
            + [last + 12 * SCALE + stamp_width if beside else 60 * SCALE]
            + [200 * SCALE if quoted else 0]
        )
        left, right = (12 * SCALE, 12 * SCALE + widest + 20 * SCALE) if kind == "in" else (408 * SCALE - widest - 20 * SCALE, 408 * SCALE)
        quote_height = (12 + 18 * (1 + len(quoted_lines))) * SCALE if quoted else 0
        height = (14 + 21 * (len(lines) - beside) + 18 * len(list(filter(None, labels)))) * SCALE + quote_height
        draw.rounded_rectangle((left, y, right, y + height + 16 * SCALE), 8 * SCALE, fill="white" if kind == "in" else (220, 248, 198))
        line_top = y + 6 * SCALE
        for label, colour in zip(labels, ((190, 80, 60), (140, 140, 140))):
            if label:
                draw.text((left + 10 * SCALE, line_top), label, font=font(13), fill=colour)
                line_top += 18 * SCALE
        if quoted:  # the message replied to, in a tinted box with a bar at its left
            draw.rounded_rectangle((left + 4 * SCALE, line_top, right - 4 * SCALE, line_top + quote_height - 6 * SCALE), 6 * SCALE, fill=(240, 240, 240) if kind == "in" else (207, 233, 186))
            draw.rectangle((left + 4 * SCALE, line_top, left + 8 * SCALE, line_top + quote_height - 6 * SCALE), fill=(53, 152, 219))
            draw.text((left + 16 * SCALE, line_top + 4 * SCALE), quoted[0], font=font(13), fill=(53, 152, 219))
            for n, line in enumerate(quoted_lines):
                draw.text((left + 16 * SCALE, line_top + (22 + 18 * n) * SCALE), line, font=font(13), fill=GREY)
            line_top += quote_height
        for line in lines:
            draw.text((left + 10 * SCALE, line_top), line, font=font(15), fill="black")
            line_top += 21 * SCALE
        stamp_top = line_top - 15 * SCALE if beside else y + height - 2 * SCALE
        draw.text((right - 10 * SCALE - stamp_width, stamp_top), time, font=font(11), fill=GREY)
        if kind == "out":  # the two ticks
            for shift in (0, 6 * SCALE):
                tick = right - 30 * SCALE + shift
                draw.line((tick, stamp_top + 8 * SCALE, tick + 4 * SCALE, stamp_top + 12 * SCALE, tick + 12 * SCALE, stamp_top + 2 * SCALE), fill=(52, 183, 241), width=SCALE)
        y += height + 24 * SCALE
    draw.rounded_rectangle((8 * SCALE, y + 10 * SCALE, 360 * SCALE, y + 50 * SCALE), 20 * SCALE, fill="white")
    draw.text((50 * SCALE, y + 20 * SCALE), "Message", font=font(15), fill=(150, 150, 150))
    image.crop((0, 0, 420 * SCALE, y + 60 * SCALE)).save(path)
    return path
