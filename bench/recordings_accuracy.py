"""How well recordings and posts read: transcripts, subtitle files, copied video transcripts,
chat exports and copied social media posts.

    python bench/recordings_accuracy.py [CASES.json]
    python bench/recordings_accuracy.py bench/post_cases.json
    python bench/recordings_accuracy.py bench/post_cases.json --screenshots

Reads bench/recording_cases.json (its "format" key says how it was written): files as a
transcription service, a subtitle download or a copy from YouTube's transcript panel gives
them, each with the Said by and the time in the recording of every sentence it labels
(bench/post_cases.json: chats and posts, each sentence's Said by and when it was posted).
Reads each file as `factcheck check` does (by its extension), splits it, takes Said by (the
sentence's own speaker, else its turn's) and the turn's time or date, and prints the
sentences found, the fields right, and every miss.

With --screenshots, the copied posts (the files that are posts copied from X, Bluesky or
Mastodon) are drawn as a phone's screen shows text, each line of the copy a line on the screen
wrapped at its width, and read from the picture by OCR (Tesseract; drawing needs Pillow and
the DejaVu Sans font). With --chat-screenshots, the WhatsApp exports are drawn as the chat
on a phone (tests/screenshots.py, in DejaVu Sans): a bubble per message, as factcheck reads
the export, the sender's name over
each run of others' bubbles, the second person to write as the phone's owner ("You", on the
right), the day over the first bubble of each day; a sentence's date is then the day and the
time the screen shows ("04/03/2026 09:14"), its owner's Said by "You".
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from factcheck.claims import annotate
from factcheck.document import read_document
from factcheck.errors import DocumentError
from factcheck.posts import pasted_posts
from factcheck.segment import split_sentences, turns

CASES = Path(__file__).resolve().parent / "recording_cases.json"


# What the cases label, each with the words its line of figures prints.
FIELDS = {"said_by": "Said by", "said_at": "time in the recording", "posted": "date posted"}


# A phone's screen: how many characters a line holds, and the size of its letters.
SCREEN_CHARACTERS = 54
SCREEN_FONT_PIXELS = 30
SCREEN_FONT = "DejaVuSans.ttf"
COPIED_POSTS = ("x_", "bluesky_", "mastodon_")
CHAT_EXPORTS = ("whatsapp_",)
CHAT_LABEL = re.compile(r"\[Sent (?P<posted>[^\]]*)\] (?P<sender>[^:\n]+): ")
SECONDS = re.compile(r"(?<=\d:\d\d):\d\d")


def read_case(folder: Path, name: str, text: str, draw: Callable[[str, Path], None] | None = None) -> dict[str, dict[str, str]]:
    """Each sentence of the file, with its Said by, its time in the recording and when it was
    posted; with ``draw``, of the file drawn as a picture and read by OCR."""
    path = folder / name
    if draw:
        path = path.with_suffix(".png")
        draw(text, path)
    else:
        path.write_bytes(text.encode("utf-8"))
    pieces = split_sentences(read_document(path).text)
    sentences = [p for p in pieces if p.kind == "sentence"]
    turn_of = turns(pieces)
    claims = annotate(sentences, [1.0] * len(sentences), turns=[turn_of[p.index] for p in sentences])
    return {claim.text: {field: getattr(claim, field) for field in FIELDS} for claim in claims}


def draw_screen(text: str, path: Path) -> None:
    """The text as a phone's screen shows it, black on white, its long lines wrapped."""
    import textwrap

    from PIL import Image, ImageDraw, ImageFont

    lines = [wrapped for line in text.splitlines() for wrapped in (textwrap.wrap(line, SCREEN_CHARACTERS) or [""])]
    try:  # a font with the set's Norwegian letters, which Pillow's own draws as boxes
        font = ImageFont.truetype(SCREEN_FONT, SCREEN_FONT_PIXELS)
    except OSError:
        sys.exit(f"drawing the screens needs the {SCREEN_FONT} font (Debian: fonts-dejavu-core)")
    pitch = SCREEN_FONT_PIXELS * 3 // 2
    image = Image.new("RGB", (SCREEN_CHARACTERS * SCREEN_FONT_PIXELS * 6 // 10 + 64, len(lines) * pitch + 64), "white")
    draw = ImageDraw.Draw(image)
    for n, line in enumerate(lines):
        draw.text((32, 32 + n * pitch), line, font=font, fill="black")
    image.save(path)


def chat_messages(text: str) -> list[tuple[str, str, list[str]]]:
    """A chat export's messages, as factcheck reads them: each one's date, sender and lines."""
    messages: list[tuple[str, str, list[str]]] = []
    for paragraph in pasted_posts(text).text.split("\n\n"):
        label = CHAT_LABEL.match(paragraph)
        if messages and messages[-1][:2] == (label["posted"], label["sender"]):
            messages[-1][2].append(paragraph[label.end() :])
        else:
            messages.append((label["posted"], label["sender"], [paragraph[label.end() :]]))
    return messages


def phone_owner(messages: list[tuple[str, str, list[str]]]) -> str:
    """Whose phone the chat is drawn on: the second person to write in it."""
    senders = list(dict.fromkeys(sender for _, sender, _ in messages))
    return senders[1] if len(senders) > 1 else ""


def draw_chat(text: str, path: Path) -> None:
    """A chat export drawn as the chat on its owner's phone (tests/screenshots.py, in DejaVu Sans)."""
    spec = importlib.util.spec_from_file_location("screenshots", Path(__file__).resolve().parents[1] / "tests" / "screenshots.py")
    screenshots = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(screenshots)
    messages = chat_messages(text)
    owner = phone_owner(messages)
    items: list[tuple[str, ...]] = []
    day = above = ""
    for posted, sender, lines in messages:
        if day_and_time(posted)[0] != day:
            day = day_and_time(posted)[0]
            items.append(("day", day))
            above = ""
        time = day_and_time(posted)[1]
        if sender == owner:
            items.append(("out", "\n".join(lines), time))
        else:
            items.append(("in", "" if sender == above else sender, "\n".join(lines), time))
        above = sender
    others = [sender for sender in dict.fromkeys(sender for _, sender, _ in messages) if sender != owner]
    screenshots.chat(path, "Chat", ", ".join([*others[:3], "You"]), items, font_file=SCREEN_FONT)


def day_and_time(posted: str) -> tuple[str, str]:
    """How a phone's chat shows an export's date: the day over the bubbles, then the time in one
    without its seconds ("04/03/2026, 09:14:22" as "04/03/2026" and "09:14")."""
    day, time = posted.split(", ", 1) if ", " in posted else ("", posted)
    return day, SECONDS.sub("", " ".join(time.split()))


def as_on_screen(case: dict, owner: str) -> dict:
    """A chat case's labels as its screenshot shows them: the owner's messages "You"'s, dates as the screen shows them."""
    said_by = {sentence: "You" if by == owner else by for sentence, by in case.get("said_by", {}).items()}
    posted = {sentence: " ".join(filter(None, day_and_time(when))) for sentence, when in case.get("posted", {}).items()}
    return {**case, "said_by": said_by, "posted": posted}


def main() -> None:
    arguments = [argument for argument in sys.argv[1:] if argument not in ("--screenshots", "--chat-screenshots")]
    screenshots = "--screenshots" in sys.argv[1:]
    chats = "--chat-screenshots" in sys.argv[1:]
    path = Path(arguments[0]) if arguments else CASES
    cases = json.loads(path.read_text(encoding="utf-8"))["cases"]
    if screenshots:
        cases = [case for case in cases if case["name"].startswith(COPIED_POSTS)]
    if chats:
        cases = [case for case in cases if case["name"].startswith(CHAT_EXPORTS)]
    fields = [field for field in FIELDS if any(field in case for case in cases)]
    found = labelled = 0
    right, wanted = dict.fromkeys(fields, 0), dict.fromkeys(fields, 0)
    misses = []
    with tempfile.TemporaryDirectory() as folder:
        for case in cases:
            if chats:
                case = as_on_screen(case, phone_owner(chat_messages(case["text"])))
            try:
                read = read_case(Path(folder), case["file"], case["text"], draw_screen if screenshots else draw_chat if chats else None)
            except DocumentError as refused:
                read = {}
                misses.append(f"{case['name']}: refused: {refused}")
            sentences = dict.fromkeys(sentence for field in fields for sentence in case.get(field, {}))
            labelled += len(sentences)
            found += sum(sentence in read for sentence in sentences)
            for sentence in sentences:
                if sentence not in read:
                    misses.append(f"{case['name']}: {sentence!r} is not one sentence here")
                    continue
                for field in fields:
                    if sentence in case.get(field, {}):
                        got, want = read[sentence][field], case[field][sentence]
                        wanted[field] += 1
                        right[field] += got == want
                        if got != want:
                            misses.append(f"{case['name']}: {sentence!r} {FIELDS[field]} {got!r}, want {want!r}")
    drawn = ", drawn as screenshots and read by OCR" if screenshots else ", drawn as chats on a phone and read by OCR" if chats else ""
    print(f"{len(cases)} files ({path.name}{drawn})")
    print(f"sentences found: {found} of {labelled}")
    for field in fields:
        print(f"{FIELDS[field]} right: {right[field]} of {wanted[field]}")
    if misses:
        print("\nmisses:")
        for miss in misses:
            print(f"  {miss}")


if __name__ == "__main__":
    main()
