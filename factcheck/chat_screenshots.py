"""Chat messages in a screenshot (WhatsApp, Signal, Telegram), read from where OCR found each line.

A phone shows a chat as bubbles: the other side's on the left, under the sender's name in a
group, yours on the right, each closing with the time it was sent; the day ("Today",
"4 March 2026") and notices ("Kari added Per") sit centred between them, and the chat's name
at the top, over its members or "online". Each message becomes a turn of its sender, as a
chat export's does (``posts.turns_text``): "[Sent Yesterday 08:03] Kari Holm: The council…".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .formats import FINAL_PUNCTUATION, Extracted, extraction_note
from .pdf import join_wrapped_lines
from .posts import AM_OR_PM, DATE_IN_DIGITS, MONTH_NAME, Post, turns_text


@dataclass(frozen=True, slots=True)
class ScreenLine:
    """A line of text OCR found in a picture, and the box around it, in pixels."""

    text: str
    left: int
    top: int
    right: int
    bottom: int


_TIME = re.compile(rf"(?:[01]?\d|2[0-3])[:.][0-5]\d{AM_OR_PM}")
# The time a message was sent, closing its bubble, alone or after the end of the message's last
# sentence; after it, your own message's ticks, which OCR reads as "vv", "W", "K&/" or marks.
_SENT_AT = re.compile(
    rf"(?:(?P<said>.*?[.!?…\"”)])\s+)?(?:edited\s+)?(?P<time>{_TIME.pattern})"
    r"(?:\s+(?:(?=\S{0,2}[^\w\s])\S{1,3}|[vVwWJ]{1,2}))?"
)
# The time closing a bubble, read apart from its words, and the ticks after yours ("XY", "%/"):
# OCR misreads some of these small grey digits ("98:03", "49-44", "j9-06"), and such a time is
# no time, but still closes its bubble.
_STAMP = re.compile(rf"(?:edited\s+)?(?P<time>(?=\w{{0,2}}\d)\w{{1,3}}[:.\-]\d{{2}}{AM_OR_PM})(?:\s+\S{{1,3}})?")
# WhatsApp's "Forwarded" names no one; Telegram's names where it was first posted.
_FORWARDED = re.compile(r"(?:\S{1,3}\s+)?Forwarded(?: many times| from (?P<origin>.{1,60}))?", re.IGNORECASE)
_PHONE_NUMBER = re.compile(r"~?\s*\+?\d[\d\s\-()]{6,}\d")
# WhatsApp names a sender who is not in your contacts "~ Kari".
_NAME = re.compile(r"~?\s*[A-ZÀ-Þ][\w'’.\-]*(?:\s+(?:[A-ZÀ-Þ][\w'’.\-]*|de|van|von|der|da|di|al|bin|la|le))*")
_MAX_NAME_WORDS = 5
# Under the chat's name: a person's state, or a group's members, as many as fit ("Kari, Per, Yo").
_SUBTITLE = re.compile(
    r"online|typing…?|typing\.\.\.|last seen .+|tap here for (?:group|contact) info|click here for (?:group|contact) info"
    r"|\d[\d,.\s]* (?:members?|subscribers?|participants?)(?:, \d[\d,.\s]* online)?|[^,.!?]{1,30}(?:, [^,.!?]{1,30})+",
    re.IGNORECASE,
)
# What a picture of the screen's top leaves before the chat's name: the back arrow and the
# chat's round picture, read as a mark or a letter or two.
_TOP_MARKS = re.compile(r"^(?:(?:\S*[^\w\s]\S*|[a-z]{1,2}|\d+)\s+)+")
_WEEKDAY = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?"
_DAY = re.compile(
    rf"Today|Yesterday|{_WEEKDAY}"
    rf"|(?:{_WEEKDAY},?\s+)?(?:\d{{1,2}}\s+{MONTH_NAME}|{MONTH_NAME}\s+\d{{1,2}}),?(?:\s+\d{{4}})?|{DATE_IN_DIGITS}",
    re.IGNORECASE,
)
# A line's centre this near the screen's, and its ends this far in, is centred: a day or a notice.
_CENTRED = 0.06
_MARGIN = 0.1
# Your own bubbles stand this far from the screen's left edge; others' bubbles start at it.
_OWN_LEFT = 0.15
# Lines whose left edges are nearer than this (of the width) start at the same place; a quoted
# message's lines are set in further from the reply's own.
_INDENT = 0.01
# Your bubble's ticks after its time are about this many times as wide as the time is tall.
_TICKS_IN_HEIGHTS = 4
_YOU = "You"
_UNSEEN_SENDER = "sender not in the screenshot"


@dataclass(frozen=True, slots=True)
class _Message:
    """A bubble's lines, the time closing it, and whether it stands on the right, as yours."""

    lines: tuple[ScreenLine, ...]
    sent_at: str
    own: bool
    day: str


def chat_screenshot(lines: Sequence[ScreenLine], width: int) -> Extracted | None:
    """The messages in a screenshot of a chat, each its sender's turn, dated by the day and the
    time the screen shows; None for a picture that is no chat (fewer than two bubbles closing
    with a time, or nothing else a chat shows)."""
    lines = [replace(line, text=line.text.strip()) for line in lines if line.text.strip()]
    if lines and _SENT_AT.fullmatch(lines[0].text):
        lines = lines[1:]  # the phone's clock, in the status bar
    name, subtitle, lines = _chat_header(lines)
    messages, notices, media = _messages(lines, width)
    # Times at the right of lines are no chat on their own (a timetable has them): a chat shows
    # its name over its members or state, a day over its bubbles, or bubbles on both sides.
    sides = {message.own for message in messages}
    if len(messages) < 2 or (subtitle is None and not any(message.day for message in messages) and len(sides) < 2):
        return None
    group = subtitle is None or not _is_state(subtitle)
    posts: list[Post] = []
    above = ""  # the sender of the bubble above
    forwarded = quoted = 0
    for message in messages:
        lines = list(message.lines)
        sender = None
        if not message.own and group and len(lines) > 1 and _is_sender(lines[0].text):
            sender = lines.pop(0).text.lstrip("~ ")
        forward = _FORWARDED.fullmatch(lines[0].text) if lines else None
        if forward:
            lines.pop(0)
            forwarded += 1
        # A reply quotes the message it answers at its top, in a box set in from the bubble's
        # text: those are the quoted sender's words, not the reply's.
        quote = _quoted(lines, width)
        quoted += bool(quote)
        texts = [line.text for line in lines[quote:]]
        if not texts:
            continue
        if sender is None:
            sender = _YOU if message.own else _sender_before(above, None if group else name)
        above = sender
        posted = " ".join(filter(None, (message.day, message.sent_at)))
        author = _forwarded_by(forward, sender) if forward else sender
        posts.append(Post(author, posted, _message_lines(texts), in_chat=True))
    if len(posts) < 2:
        return None
    chat = f'the chat "{name}"' if name else "a chat"
    notes = (
        extraction_note(len(posts), "message", f"read in a screenshot of {chat}")
        + extraction_note(forwarded, "forwarded message", "said by who forwarded it")
        + extraction_note(quoted, "quoted message", "left out of the reply quoting it")
        + extraction_note(sum(not message.sent_at for message in messages), "time", "misread by OCR, left out")
        + extraction_note(media, "media message", "not read")
        + extraction_note(notices, "chat notice", "left out")
    )
    return Extracted(turns_text(posts), notes)


def _chat_header(lines: list[ScreenLine]) -> tuple[str, str | None, list[ScreenLine]]:
    """The chat's name and what stands under it (its members, or "online"), and the lines
    below them; no name where the screenshot was cut below the top of the chat."""
    for n, line in enumerate(lines[1:3], start=1):
        if _SUBTITLE.fullmatch(line.text):
            return _TOP_MARKS.sub("", lines[n - 1].text), line.text, lines[n + 1 :]
    return "", None, lines


def _messages(lines: Sequence[ScreenLine], width: int) -> tuple[list[_Message], int, int]:
    """The bubbles among a chat's lines, each closed by its time; how many centred notices
    stand between them (days are kept with the bubbles below them), and how many bubbles hold
    no text, only a time (a photo, a voice message)."""
    messages: list[_Message] = []
    bubble: list[ScreenLine] = []
    day = ""
    notices = media = 0
    for line, below in zip(lines, [*lines[1:], None]):
        sent = _SENT_AT.fullmatch(line.text)
        if sent and sent["said"]:
            bubble.append(replace(line, text=sent["said"]))
        else:
            sent = _STAMP.fullmatch(line.text) if bubble and _closes(line, bubble) else None
        if sent:
            own = min(part.left for part in bubble) > _OWN_LEFT * width
            messages.append(_Message(tuple(bubble), sent["time"] if _TIME.fullmatch(sent["time"]) else "", own, day))
            bubble = []
        elif not bubble and _STAMP.fullmatch(line.text) and not _is_centred(line, width):
            media += 1
        elif not bubble and _is_centred(line, width) and not (below and _STAMP.fullmatch(below.text)):
            # No time closes a day or a notice: a centred line over one is a short bubble, and
            # so is one the line below starts where it does (in your bubble, a name over a quote).
            if _DAY.fullmatch(line.text):
                day = line.text
            elif below and abs(below.left - line.left) <= _INDENT * width:
                bubble.append(line)
            else:
                notices += 1
        else:
            bubble.append(line)
    return messages, notices, media


def _quoted(lines: Sequence[ScreenLine], width: int) -> int:
    """How many of a bubble's first lines quote the message it replies to: those set in from
    the bubble's other lines, when some lines are not."""
    left = min((line.left for line in lines), default=0)
    return next((n for n, line in enumerate(lines) if line.left <= left + _INDENT * width), 0)


def _closes(stamp: ScreenLine, bubble: Sequence[ScreenLine]) -> bool:
    """Whether a time stands where a bubble's does, at its right edge, past its longest line,
    or before the ticks that end your own bubbles, which OCR may not read."""
    return stamp.right >= max(line.right for line in bubble) - _TICKS_IN_HEIGHTS * (stamp.bottom - stamp.top)


def _is_centred(line: ScreenLine, width: int) -> bool:
    middle = (line.left + line.right) / 2
    return abs(middle - width / 2) < _CENTRED * width and line.left > _MARGIN * width and line.right < (1 - _MARGIN) * width


def _is_state(subtitle: str) -> bool:
    """Whether the line under a chat's name says how one person is ("online", "last seen…"),
    which makes the chat a person's, not a group's."""
    return not re.search(r",\s|members?|participants?|group", subtitle, re.IGNORECASE)


def _forwarded_by(forward: re.Match[str], sender: str) -> str:
    """Who a forwarded message is said by: its first author, where the app names them, as
    forwarded by its sender ("Coast News (forwarded by Kari Holm)", as a Telegram export's)."""
    if forward["origin"]:
        return f"{forward['origin']} (forwarded by {sender})"
    return sender if sender == _UNSEEN_SENDER else f"forwarded by {sender}"


def _is_sender(text: str) -> bool:
    """Whether a bubble's first line names its sender: a name or a phone number alone."""
    if _PHONE_NUMBER.fullmatch(text):
        return True
    return bool(_NAME.fullmatch(text)) and len(text.split()) <= _MAX_NAME_WORDS and not text.endswith(FINAL_PUNCTUATION)


def _sender_before(above: str, person: str | None) -> str:
    """Who sent a bubble that names no one: the person a one-to-one chat (or a channel) is
    with, or in a group the sender of the bubble above, which the app names only once for a
    run of bubbles."""
    return person or (above if above != _YOU else "") or _UNSEEN_SENDER


def _message_lines(texts: Sequence[str]) -> tuple[str, ...]:
    """A message's lines as the bubble wrapped them, joined again where a sentence goes on."""
    paragraphs: list[list[str]] = []
    for text in texts:
        if paragraphs and not paragraphs[-1][-1].endswith(FINAL_PUNCTUATION):
            paragraphs[-1].append(text)
        else:
            paragraphs.append([text])
    return tuple(join_wrapped_lines(lines) for lines in paragraphs)
