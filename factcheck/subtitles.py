"""A subtitle file (SubRip .srt or WebVTT .vtt) as a time-coded transcript.

Each paragraph opens with its first cue's start time and, when known, its speaker:
"[00:01:23] Kari Holm: We have invested…". A paragraph ends where the speaker changes, at a
pause of 2 seconds or more, or at the first sentence end after it has run 20 seconds, so a
claim's time in the recording (its paragraph's) is never far off. Text copied from YouTube's
transcript panel, a time on a line above each caption, is read the same way.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from .formats import Extracted, extraction_note, join_paragraphs

_PAUSE = 2.0
_LONG_PARAGRAPH = 20.0
# Unpunctuated captions (YouTube's automatic ones) have no sentence ends to split at, so
# pauses and a short run make the sentences; their cues follow on without gaps, so the run
# limit is what keeps a paragraph to a sentence's length.
_UNPUNCTUATED_PAUSE = 1.0
_UNPUNCTUATED_RUN = 15.0

_WEBVTT = re.compile(r"WEBVTT(?:[ \t]|$)", re.MULTILINE)
_STAMP = r"(?:\d+:)?\d{1,2}:\d{2}[,.]\d{1,3}"
_TIMING = re.compile(rf"\s*({_STAMP})\s*-->\s*({_STAMP})")
# A line of a copied transcript panel holding a caption's time.
_TIME_LINE = re.compile(r"(?:\d{1,2}:)?\d{1,2}:[0-5]\d")
_MIN_TIME_LINES = 3
_RUBY_TEXT = re.compile(r"<rt\b[^<>]*>.*?</rt>", re.IGNORECASE)
_VOICE = re.compile(r"<v(?:\.[\w.-]+)?[ \t]+([^<>]*)>", re.IGNORECASE)
_TAG = re.compile(r"</?(?:[ibuc]|br|font|lang|ruby|rt|span|v)\b[^<>]*>|<\d{1,2}(?::\d{2}){1,2}[.,]\d{3}>", re.IGNORECASE)
_SSA_CODE = re.compile(r"\{\\[^{}]*\}")
_BIDI_MARKS = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_MUSIC = "♪♫♬"
_TURN = re.compile(r"(>>>?|[-–—](?=\s))\s*")
_BRACKET_LABEL = re.compile(r"[\[(]([^\[\]()]+)[\])]\s+(?=\S)")
_COLON_LABEL = re.compile(r"([^:]{1,40}):(?:\s+|$)")
_SQUARE = re.compile(r"\[[^\[\]]*\]")
_ROUND = re.compile(r"\(([^()]*)\)")
# Words that make a bracketed label at the start of a line a description, not a speaker.
_SOUND_WORDS = frozenset({
    "applause", "booing", "cheering", "cheers", "chuckles", "clapping", "coughs", "crosstalk", "foreign",
    "inaudible", "indistinct", "laughing", "laughs", "laughter", "music", "noise", "sighs", "silence", "speaking",
})
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")
_ANY_SENTENCE_END = re.compile(r"[.!?…](?=[\s\"'”’»)\]]|$)")


@dataclass(frozen=True, slots=True)
class _Cue:
    start: float
    end: float
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Speech:
    """A cue line's words; ``turn`` when a new speaker starts with them, ``speaker`` when named."""

    text: str
    turn: bool = False
    speaker: str | None = None


def subtitle_format(text: str) -> str | None:
    """Which subtitle format a text is in, by its content: "vtt" for WebVTT (its first line is
    WEBVTT), "srt" for a text with a cue timing line ("00:00:01,000 --> 00:00:04,000"), None
    for anything else."""
    if _WEBVTT.match(text.lstrip("\ufeff \t\r\n")):
        return "vtt"
    return "srt" if any(_TIMING.match(line) for line in text.splitlines()) else None


def subtitle_text(text: str) -> Extracted:
    """A subtitle file's speech as time-coded paragraphs, speakers named where the file names them.

    Cue numbers and identifiers, timings, WebVTT header, NOTE, STYLE and REGION blocks,
    formatting tags and SSA codes go; a speaker comes from a WebVTT voice (``<v Kari Holm>``)
    or a label opening a line ("KARI HOLM:", "Kari Holm:", "[KARI HOLM] …", "(Kari Holm) …",
    capitals put in Title Case), and changes unnamed at a dialogue dash ("- ") or ">>".
    Sound descriptions are left out and counted: every square-bracketed part that is not a
    speaker label, a round-bracketed part in capitals, a line that is one round-bracketed
    part of at most 4 words, and lines of music (opening or closing with ♪). A cue whose
    first lines repeat the last lines read (rolling captions, YouTube's automatic ones) gives
    only the lines after them. Text without sentence punctuation gets a paragraph per pause
    of 1 second or 15 seconds of speech, each ended with a full stop, so that the splitter
    can tell its sentences apart.
    """
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return _transcript(_cues(text, webvtt=subtitle_format(text) == "vtt"), "subtitle")


def plain_text_transcript(text: str) -> Extracted | None:
    """A plain text that is a recording's transcript in disguise, read as one: a subtitle
    file's content (saved or piped as text) or a copied transcript panel; None for any other."""
    return subtitle_text(text) if subtitle_format(text) else copied_transcript(text)


def copied_transcript(text: str) -> Extracted | None:
    """Text copied from a video's transcript panel, YouTube's, where each caption is under a
    line holding only its time ("0:07", "1:02:10"), read as a subtitle file is; None for any
    other text. It is one when at least 3 such lines, their times never going back, each
    followed by a caption, make a third or more of its lines from the first on; the lines
    above the first time (a title) open it as they are."""
    lines = [line.strip() for line in text.split("\n")]
    timed = [n for n, line in enumerate(lines) if _TIME_LINE.fullmatch(line)]
    said = [line for line in lines[timed[0] :] if line] if timed else []
    starts = [_clock_seconds(lines[n]) for n in timed]
    if (
        len(timed) < _MIN_TIME_LINES
        or len(timed) * 3 < len(said)
        or starts != sorted(starts)
        or any(not lines[n + 1 : n + 2] or not lines[n + 1] or _TIME_LINE.fullmatch(lines[n + 1]) for n in timed)
    ):
        return None
    cues = [
        _Cue(start, end, tuple(line for line in lines[n + 1 : after] if line))
        for n, after, start, end in zip(timed, [*timed[1:], len(lines)], starts, [*starts[1:], starts[-1] + 1])
    ]
    extracted = _transcript(cues, "caption")
    return Extracted(join_paragraphs([*lines[: timed[0]], extracted.text]), extracted.notes)


def _transcript(cues: list[_Cue], cue_name: str) -> Extracted:
    """The cues' speech in time-coded paragraphs, with notes on what was read and left out."""
    spoken, descriptions, repeats = _speech(cues)
    punctuated = any(_ANY_SENTENCE_END.search(part.text) for _, parts in spoken for part in parts)
    paragraphs = _paragraphs(spoken, punctuated)
    notes = (
        extraction_note(len(cues), cue_name, "read")
        + extraction_note(descriptions, "sound description", "left out")
        + extraction_note(repeats, "repeated line", "read once")
        + (() if punctuated or not paragraphs else ("no sentence punctuation: sentences end at the subtitles' pauses",))
    )
    return Extracted(join_paragraphs(paragraphs), notes)


def _cues(text: str, *, webvtt: bool) -> list[_Cue]:
    """The timed cues; a SubRip block without a timing line is the cue before it going on
    after a blank line, a WebVTT one is a header, NOTE, STYLE or REGION block."""
    cues: list[_Cue] = []
    # A WebVTT cue may hold a line of spaces (YouTube's do), so only an empty line ends it.
    for block in re.split(r"\n{2,}" if webvtt else r"\n(?:[ \t]*\n)+", text):
        lines = block.split("\n")
        timed = next((i for i, line in enumerate(lines) if _TIMING.match(line)), None)
        if timed is not None:
            start, end = _TIMING.match(lines[timed]).groups()
            cues.append(_Cue(_seconds(start), _seconds(end), tuple(lines[timed + 1 :])))
        elif not webvtt and cues and not block.strip().isdigit():
            cues[-1] = _Cue(cues[-1].start, cues[-1].end, cues[-1].lines + tuple(lines))
    return cues


def _seconds(stamp: str) -> float:
    clock, fraction = re.split(r"[,.]", stamp)
    return _clock_seconds(clock) + int(fraction.ljust(3, "0")) / 1000


def _clock_seconds(clock: str) -> int:
    hours, minutes, seconds = ([0, 0] + [int(part) for part in clock.split(":")])[-3:]
    return hours * 3600 + minutes * 60 + seconds


def _speech(cues: list[_Cue]) -> tuple[list[tuple[_Cue, list[_Speech]]], int, int]:
    """Each cue's new speech, and how many sound descriptions and repeated lines were left out."""
    spoken: list[tuple[_Cue, list[_Speech]]] = []
    shown: list[str] = []  # the lines read so far, as shown, to find the ones a cue repeats
    descriptions = repeats = 0
    for cue in cues:
        lines = [voices for voices in map(_voices, cue.lines) if any(text for _, text in voices)]
        as_shown = [" ".join(text for _, text in voices if text) for voices in lines]
        repeated = next((n for n in range(min(len(lines), len(shown)), 0, -1) if as_shown[:n] == shown[-n:]), 0)
        repeats += repeated
        shown += as_shown[repeated:]
        parts: list[_Speech] = []
        for voices in lines[repeated:]:
            for voice, text in voices:
                speech, dropped = _line_speech(text)
                descriptions += dropped
                if voice:
                    speech = _Speech(speech.text, True, _name(voice))
                parts.append(speech)
        spoken.append((cue, parts))
    return spoken, descriptions, repeats


def _voices(line: str) -> list[tuple[str | None, str]]:
    """A cue line's text in the parts its WebVTT voices begin, each with the voice's name."""
    pieces = _VOICE.split(_RUBY_TEXT.sub("", line))
    names = [None, *(name.strip() for name in pieces[1::2])]
    return [(name, _clean(piece)) for name, piece in zip(names, pieces[0::2], strict=True)]


def _clean(text: str) -> str:
    """Text without its tags, SSA codes, entities and direction marks, whitespace collapsed."""
    text = html.unescape(_SSA_CODE.sub("", _TAG.sub("", text)))
    return " ".join(_BIDI_MARKS.sub("", text).split())


def _line_speech(line: str) -> tuple[_Speech, int]:
    """What a cleaned cue line says and who starts saying it, and how many descriptions it lost."""
    if line.startswith(tuple(_MUSIC)) or line.endswith(tuple(_MUSIC)):
        return _Speech(""), 1
    turn, speaker = False, None
    if marker := _TURN.match(line):
        turn, line = True, line[marker.end() :]
    label = _BRACKET_LABEL.match(line) or _COLON_LABEL.match(line)
    if label and (name := _speaker_label(label.group(1))):
        turn, speaker, line = True, name, line[label.end() :]
    line, dropped = _SQUARE.subn("", line)
    dropped += sum(1 for inside in _ROUND.findall(line) if _shouted(inside))
    line = " ".join(_ROUND.sub(lambda round: "" if _shouted(round[1]) else round[0], line).split())
    whole = _ROUND.fullmatch(line)
    if whole and len(whole[1].split()) <= 4:
        line, dropped = "", dropped + 1
    return _Speech(line, turn, speaker), dropped


def _shouted(text: str) -> bool:
    """Letters, all capitals: "CROWD CHEERING"."""
    return text == text.upper() != text.lower()


def _speaker_label(label: str) -> str | None:
    """The speaker a line's opening label names, or None when it is not a name: up to 4
    capitalised words (short particles such as "von" between them) without sound words."""
    words = label.split()
    if not 1 <= len(words) <= 4 or _SOUND_WORDS & {word.lower() for word in words}:
        return None
    capitalised = [word[0].isupper() or word[0].isdigit() for word in words]
    if not re.fullmatch(r"[\w .'’-]+", label) or not words[0][0].isupper() or not capitalised[-1]:
        return None
    if not all(capital or len(word) <= 3 for capital, word in zip(capitalised, words, strict=True)):
        return None
    return _name(label)


def _name(name: str) -> str:
    name = " ".join(name.split())
    return name.title() if name.isupper() else name


def _paragraphs(spoken: list[tuple[_Cue, list[_Speech]]], punctuated: bool) -> list[str]:
    """The speech in paragraphs, each opening with its time and speaker (see the module)."""
    pause, run = (_PAUSE, _LONG_PARAGRAPH) if punctuated else (_UNPUNCTUATED_PAUSE, _UNPUNCTUATED_RUN)
    paragraphs: list[tuple[float, str | None, list[str]]] = []
    speaker, turned, last_end = None, False, 0.0
    for cue, parts in spoken:
        says = any(part.text for part in parts)
        # A cue of sound descriptions or repeats only is part of the pause around it.
        if says and paragraphs:
            started, _, said = paragraphs[-1]
            turned |= cue.start - last_end >= pause
            turned |= cue.start - started >= run and (not punctuated or bool(_SENTENCE_END.search(said[-1])))
        for part in parts:
            if part.turn:
                turned |= part.speaker is None or part.speaker != speaker
                speaker = part.speaker
            if part.text:
                if turned or not paragraphs:
                    paragraphs.append((cue.start, speaker, []))
                    turned = False
                paragraphs[-1][2].append(part.text)
        if says:
            last_end = cue.end
    return [_paragraph(start, speaker, said, punctuated) for start, speaker, said in paragraphs]


def _paragraph(start: float, speaker: str | None, said: list[str], punctuated: bool) -> str:
    text = " ".join(said)
    if not punctuated and not _SENTENCE_END.search(text):
        text += "."
    whole = int(start)
    clock = f"[{whole // 3600:02d}:{whole // 60 % 60:02d}:{whole % 60:02d}]"
    return f"{clock} {speaker}: {text}" if speaker else f"{clock} {text}"
