"""The files attached to an e-mail, read after its text.

A press release often reaches the desk as a PDF or Word file attached to a message of a line
or two ("Please find our release attached"). An attached file of a kind factcheck reads as
an article is read as it would be on its own, under a line that names it, and its pages are
kept. What is not read is named, with why where it could have been: pictures, spreadsheets
and attached e-mails; a file that repeats the message (a release pasted into the message and
attached as well); one far longer than a release (an annual report sent with one), which is
for checking as a file of its own; one that cannot be read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .errors import DocumentError
from .formats import Extracted, extraction_note, join_paragraphs

# Reads an attached file by its name and bytes: its text, or None for a kind not read so;
# DocumentError for one that cannot be read.
ReadFile = Callable[[str, bytes], Extracted | None]

# The line each attached file's text follows; segment reads it as furniture.
ATTACHMENT_LINE = "Attachment: {}"
# A long press release runs to 2,000 words; a report sent with one, to tens of thousands.
MOST_WORDS = 5_000
# A file is the message's text again when most of its runs of five words are in the message:
# a PDF's layout (page furniture, a contact block) adds a few of its own.
_RUN_WORDS = 5
_REPEATED_SHARE = 0.8
# The first words of the message's own text, enough to find where it begins.
_OPENING_WORDS = 8


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file attached to a message: its name, and its bytes where it is a file to read
    (None for an attached e-mail, or a part with no name)."""

    name: str
    content: bytes | None = None


def with_attachments(message: Extracted, attachments: Sequence[Attachment], read_file: ReadFile) -> Extracted:
    """The message's text, then each attached file that ``read_file`` reads under a line
    naming it, with its links, its pages (the message's own text on none) and its notes;
    notes name the files read and those not, with why."""
    paragraphs = [message.text] if message.text.strip() else []
    links, pages, notes = list(message.links), list(message.pages), list(message.notes)
    read, unread = [], []
    texts = {"the message": message.text}
    for attachment in attachments:
        extracted, why = _attached_text(attachment, read_file, texts)
        if extracted is None:
            unread.append(f"{attachment.name} ({why})" if why else attachment.name)
            continue
        if paragraphs and not pages:
            pages.append((" ".join(message.text.split()[:_OPENING_WORDS]), 0, 0, ""))
        line = ATTACHMENT_LINE.format(attachment.name)
        at = len(join_paragraphs(paragraphs))
        text_at = at + len(line) + 2
        pages.append((line, 0, at, attachment.name))
        pages.extend((words, number, text_at + about, attachment.name) for words, number, about, _ in extracted.pages)
        paragraphs += [line, extracted.text]
        links.extend(extracted.links)
        read.append(attachment.name)
        texts[attachment.name] = extracted.text
        notes += [f"{attachment.name}: {note}" for note in extracted.notes]
    notes[len(message.notes) : len(message.notes)] = _named(read, "read after the message")
    notes += _named(unread, "not read")
    return Extracted(join_paragraphs(paragraphs), tuple(notes), tuple(links), tuple(pages), message.published)


def _attached_text(attachment: Attachment, read_file: ReadFile, read: dict[str, str]) -> tuple[Extracted | None, str]:
    """An attached file's text, or None and why it is not read ("" where its kind says why);
    ``read`` holds the texts read before it, by what they are ("the message", a file's name)."""
    if attachment.content is None:
        return None, ""
    try:
        extracted = read_file(attachment.name, attachment.content)
    except DocumentError as error:
        return None, str(error).removeprefix(f"{attachment.name} ")
    if extracted is None:
        return None, ""
    words = len(extracted.text.split())
    if words > MOST_WORDS:
        return None, f"{words:,} words, longer than a release: check it as a file of its own"
    runs = _word_runs(extracted.text)
    repeated = next((what for what, text in read.items() if _repeats(runs, text)), None)
    return (None, f"it repeats {repeated}") if repeated else (extracted, "")


def _repeats(runs: set[tuple[str, ...]], text: str) -> bool:
    """Whether most of a file's runs of words are in a text read before it."""
    return bool(runs) and len(runs & _word_runs(text)) >= _REPEATED_SHARE * len(runs)


def _word_runs(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.casefold())
    return {tuple(words[at : at + _RUN_WORDS]) for at in range(len(words) - _RUN_WORDS + 1)}


def _named(names: Sequence[str], done: str) -> list[str]:
    """"2 attachments not read: logo.png, tables.xlsx", or nothing."""
    return [f"{note}: {', '.join(names)}" for note in extraction_note(len(names), "attachment", done)]
