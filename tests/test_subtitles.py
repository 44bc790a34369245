"""Tests for factcheck.subtitles: SubRip and WebVTT files read as time-coded transcripts."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from factcheck.batch import find_articles
from factcheck.check import check_article
from factcheck.document import read_document
from factcheck.errors import DocumentError
from factcheck.subtitles import copied_transcript, subtitle_format, subtitle_text

from .reviewing import sheet_rows
from .test_cli import assert_one_line_error, factcheck

BROADCAST_SRT = """\
1
00:00:00,000 --> 00:00:03,200
PRESENTER: Good morning.
The ferry has been cancelled

2
00:00:03,200 --> 00:00:06,100
for the third week running. <i>Why?</i>

3
00:00:06,100 --> 00:00:07,000
[APPLAUSE]

4
00:00:07,040 --> 00:00:10,500
KARI HOLM: Well, look, we have invested
<i>2.4 billion kroner</i> in the ferry network

5
00:00:10,500 --> 00:00:12,800
since 2019. (LAUGHTER) That is &amp; was a {\\an8}record.

6
00:00:16,000 --> 00:00:19,000
The money came from the state budget.
"""

DEBATE_VTT = """\
WEBVTT - Evening debate
Kind: captions
Language: en

STYLE
::cue(v[voice="Presenter"]) {
  color: yellow;
}

NOTE Exported by the broadcaster's
captioning desk on 3 March.

REGION
id:bottom
width:40%

intro
00:01.000 --> 00:04.500 align:start position:10%
<v Presenter>Minister, how many ferries were cancelled last year?</v>

2
00:00:05.000 --> 00:00:08.000 line:85%
<v.loud Kari Holm>Fewer than in 2022.
We cancelled <c.yellow>41</c> departures,</v>

00:00:08.000 --> 00:00:11.250
<v Kari Holm>out of 12&nbsp;000 &mdash; that is 0.3 per cent.</v>

00:00:11.250 --> 00:00:13.000
<v PRESENTER>The <lang nb>Fergeforum</lang> counted 300.</v>
"""

DIALOGUE_SRT = """\
1
00:01:02,500 --> 00:01:05,000
- Will the ferry run on Monday?
- It will, from seven o'clock.

2
00:01:05,000 --> 00:01:07,900
And every hour after that.
"""

CLOSED_CAPTION_SRT = """\
1
00:00:10,010 --> 00:00:12,980
>> GOOD EVENING. THE FERRY
STRIKE ENTERS ITS THIRD WEEK.

2
00:00:13,000 --> 00:00:15,500
>> SENATOR WARREN: WE HAVE PUT
$2.4 BILLION INTO THIS NETWORK.

3
00:00:15,520 --> 00:00:16,200
(CROWD CHEERING)

4
00:00:16,200 --> 00:00:17,000
AND WE WILL PUT IN MORE.

5
00:00:17,100 --> 00:00:19,000
>>> IN OTHER NEWS TONIGHT, A STORM.
"""

# YouTube's automatic captions: each cue shows the line before again, then the new words with
# their times; a 10-millisecond cue in between only repeats.
YOUTUBE_VTT = """\
WEBVTT
Kind: captions
Language: en

00:00:00.000 --> 00:00:02.750 align:start position:0%
 
we<00:00:00.240><c> have</c><00:00:00.560><c> invested</c><00:00:01.100><c> 2.4</c>

00:00:02.750 --> 00:00:02.760 align:start position:0%
we have invested 2.4
 

00:00:02.760 --> 00:00:05.430 align:start position:0%
we have invested 2.4
billion<00:00:03.200><c> kroner</c><00:00:03.600><c> in</c><00:00:04.000><c> the</c><00:00:04.400><c> ferry</c>

00:00:05.430 --> 00:00:05.440 align:start position:0%
billion kroner in the ferry
 

00:00:05.440 --> 00:00:07.000 align:start position:0%
billion kroner in the ferry
network<00:00:05.900><c> since</c><00:00:06.300><c> 2019</c>

00:00:07.000 --> 00:00:07.010 align:start position:0%
network since 2019
 

00:00:08.200 --> 00:00:10.960 align:start position:0%
network since 2019
and<00:00:08.600><c> the</c><00:00:08.900><c> ferries</c><00:00:09.300><c> are</c><00:00:09.700><c> full</c>
"""


def srt(*cues: tuple[float, float, str]) -> str:
    """A SubRip file of (start, end, text) cues."""

    def clock(seconds: float) -> str:
        whole = int(seconds)
        return f"{whole // 3600:02d}:{whole // 60 % 60:02d}:{whole % 60:02d},{round(seconds % 1 * 1000):03d}"

    return "\n".join(f"{n}\n{clock(start)} --> {clock(end)}\n{text}\n" for n, (start, end, text) in enumerate(cues, 1))


def test_a_broadcasters_srt_reads_as_speakers_paragraphs():
    extracted = subtitle_text(BROADCAST_SRT)
    assert extracted.text == (
        "[00:00:00] Presenter: Good morning. The ferry has been cancelled for the third week running. Why?\n\n"
        "[00:00:07] Kari Holm: Well, look, we have invested 2.4 billion kroner in the ferry network since 2019. "
        "That is & was a record.\n\n"
        "[00:00:16] Kari Holm: The money came from the state budget.\n"
    )
    assert extracted.notes == ("6 subtitles read", "2 sound descriptions left out")
    assert extracted.links == ()


def test_webvtt_voices_name_the_speakers_and_its_blocks_are_left_out():
    extracted = subtitle_text(DEBATE_VTT)
    assert extracted.text == (
        "[00:00:01] Presenter: Minister, how many ferries were cancelled last year?\n\n"
        "[00:00:05] Kari Holm: Fewer than in 2022. We cancelled 41 departures, out of 12 000 — that is 0.3 per cent.\n\n"
        "[00:00:11] Presenter: The Fergeforum counted 300.\n"
    )
    assert extracted.notes == ("4 subtitles read",)


def test_a_dialogue_dash_starts_an_unnamed_speaker():
    assert subtitle_text(DIALOGUE_SRT).text == (
        "[00:01:02] Will the ferry run on Monday?\n\n[00:01:02] It will, from seven o'clock. And every hour after that.\n"
    )


def test_closed_caption_chevrons_change_speaker_and_story():
    extracted = subtitle_text(CLOSED_CAPTION_SRT)
    assert extracted.text == (
        "[00:00:10] GOOD EVENING. THE FERRY STRIKE ENTERS ITS THIRD WEEK.\n\n"
        "[00:00:13] Senator Warren: WE HAVE PUT $2.4 BILLION INTO THIS NETWORK. AND WE WILL PUT IN MORE.\n\n"
        "[00:00:17] IN OTHER NEWS TONIGHT, A STORM.\n"
    )
    assert extracted.notes == ("5 subtitles read", "1 sound description left out")


def test_youtube_auto_captions_are_read_once_and_split_at_pauses():
    extracted = subtitle_text(YOUTUBE_VTT)
    assert extracted.text == (
        "[00:00:00] we have invested 2.4 billion kroner in the ferry network since 2019.\n\n"
        "[00:00:08] and the ferries are full.\n"
    )
    assert extracted.notes == (
        "7 subtitles read",
        "6 repeated lines read once",
        "no sentence punctuation: sentences end at the subtitles' pauses",
    )


def test_unpunctuated_speech_without_pauses_is_cut_every_15_seconds():
    cues = [(start, start + 3, f"part {start // 3} of the speech") for start in range(0, 30, 3)]
    assert [paragraph[:10] for paragraph in subtitle_text(srt(*cues)).text.split("\n\n")] == ["[00:00:00]", "[00:00:15]"]


def test_a_long_paragraph_ends_at_the_first_sentence_end_after_twenty_seconds():
    cues = [(start, start + 10, f"We built quay {start // 10}.") for start in range(0, 90, 10)]
    cues[1:3] = [(10, 20, "We built quay 1 and"), (20, 30, "then we built the terminal.")]
    paragraphs = subtitle_text(srt(*cues)).text.split("\n\n")
    assert [paragraph[:10] for paragraph in paragraphs] == ["[00:00:00]", "[00:00:30]", "[00:00:50]", "[00:01:10]"]
    assert paragraphs[0].endswith("then we built the terminal.")


def test_a_pause_of_two_seconds_starts_a_paragraph_and_a_shorter_one_does_not():
    text = subtitle_text(srt((0, 2, "One."), (3.9, 5, "Two."), (7, 8, "Three."), (3725.5, 3727, "Four."))).text
    assert text == "[00:00:00] One. Two.\n\n[00:00:07] Three.\n\n[01:02:05] Four.\n"


@pytest.mark.parametrize(
    ("line", "transcript"),
    [
        ("KARI HOLM: We invested.", "Kari Holm: We invested."),
        ("Kari Holm: We invested.", "Kari Holm: We invested."),
        ("[KARI HOLM] We invested.", "Kari Holm: We invested."),
        ("(Kari Holm) We invested.", "Kari Holm: We invested."),
        ("Ursula von der Leyen: We invested.", "Ursula von der Leyen: We invested."),
        ("SPEAKER 2: We invested.", "Speaker 2: We invested."),
        ("[APPLAUSE] We invested.", "We invested."),
        ("(LAUGHS) We invested.", "We invested."),
        ("Look, as I said: we invested.", "Look, as I said: we invested."),
        ("At 10:30 we invested.", "At 10:30 we invested."),
    ],
)
def test_speaker_labels_at_the_start_of_a_line(line, transcript):
    assert subtitle_text(srt((1, 3, line))).text == f"[00:00:01] {transcript}\n"


@pytest.mark.parametrize(
    ("line", "transcript"),
    [
        ('<b>Bold</b>, <u>under</u> and <font color="#ffff00">yellow</font>.', "Bold, under and yellow."),
        ("{\\an8}{\\i1}Top line{\\i0}.", "Top line."),
        ("<ruby>東京<rt>とうきょう</rt></ruby> is far.", "東京 is far."),
        ("Fish &amp; chips &lt;3 &lrm;cost&nbsp;£5.", "Fish & chips <3 cost £5."),
        ("The ferry (the old one) sank.", "The ferry (the old one) sank."),
        ("We won (CHEERING) again [crosstalk] twice.", "We won again twice."),
        ("Inflation < 3% and > 1%.", "Inflation < 3% and > 1%."),
    ],
)
def test_tags_codes_and_descriptions_within_a_line(line, transcript):
    assert subtitle_text(srt((1, 3, line))).text == f"[00:00:01] {transcript}\n"


@pytest.mark.parametrize("line", ["(laughter)", "(Applause)", "[Music]", "♪ Ferry cross the Mersey ♪", "♫♫", "<i></i>"])
def test_a_cue_of_sound_or_music_only_is_skipped(line):
    extracted = subtitle_text(srt((1, 3, line), (3, 5, "We invested.")))
    assert extracted.text == "[00:00:03] We invested.\n"


def test_a_blank_line_inside_a_subrip_cue_keeps_its_text():
    text = "1\n00:00:01,000 --> 00:00:03,000\nWe invested\n\nin ferries.\n\n2\n00:00:03,000 --> 00:00:04,000\nA record.\n"
    assert subtitle_text(text).text == "[00:00:01] We invested in ferries. A record.\n"


def test_the_format_is_told_by_content():
    assert subtitle_format("\ufeffWEBVTT\n\n00:01.000 --> 00:02.000\nHi.") == "vtt"
    assert subtitle_format("1\r\n00:00:01,000 --> 00:00:02,000\r\nHi.\r\n") == "srt"
    assert subtitle_format("WEBVTTX\nHi.") is None
    assert subtitle_format("The council met on Monday.") is None


@pytest.mark.parametrize(
    ("name", "content", "text", "notes"),
    [
        ("speech.srt", BROADCAST_SRT, subtitle_text(BROADCAST_SRT).text, ("6 subtitles read", "2 sound descriptions left out")),
        ("debate.VTT", DEBATE_VTT, subtitle_text(DEBATE_VTT).text, ("4 subtitles read",)),
    ],
)
def test_read_document_reads_subtitle_files(tmp_path, name, content, text, notes):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    document = read_document(path)
    assert (document.text, document.format, document.notes, document.links) == (text, name[-3:].lower(), notes, ())


def test_a_windows_1252_srt_with_crlf_and_a_byte_order_mark(tmp_path):
    path = tmp_path / "speech.srt"
    content = (
        "1\r\n00:00:01,000 --> 00:00:03,500\r\nKARI HOLM: The café cost €2.4 million –\r\n\r\n"
        "2\r\n00:00:03,500 --> 00:00:06,000\r\n“a bargain”, she said.\r\n"
    )
    path.write_bytes(codecs.BOM_UTF8 + content.encode("cp1252"))
    assert read_document(path).text == "[00:00:01] Kari Holm: The café cost €2.4 million – “a bargain”, she said.\n"


def test_a_subtitle_file_is_read_by_its_content_whichever_of_the_two_names_it_has(tmp_path):
    """Players take a WebVTT file named .srt, and a SubRip file named .vtt, as they are."""
    for name, content in (("debate.srt", DEBATE_VTT), ("speech.vtt", BROADCAST_SRT)):
        (tmp_path / name).write_text(content, encoding="utf-8")
        assert read_document(tmp_path / name).text == subtitle_text(content).text


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("speech.srt", "The council met on Monday.\n", "looks like plain text, not a SubRip subtitle (.srt) file"),
        ("speech.srt", "<!doctype html><html><p>Hi.</p></html>", "looks like an HTML page, not a SubRip subtitle"),
        ("speech.vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\n[applause]\n", "has no subtitle text (1 subtitle read; 1 sound"),
    ],
)
def test_what_is_not_a_subtitle_file_is_refused(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DocumentError, match=f"^{path}.*{message.replace('(', '.').replace(')', '.')}"):
        read_document(path)


def test_check_refuses_a_text_named_srt_in_one_line(tmp_path):
    (tmp_path / "bad.srt").write_text("The council met on Monday.\n", encoding="utf-8")
    result = factcheck("check", "bad.srt", "-o", tmp_path / "bad.xlsx", cwd=tmp_path)
    assert_one_line_error(result, r"bad\.srt looks like plain text, not a SubRip subtitle \(\.srt\) file")
    assert not (tmp_path / "bad.xlsx").exists()


def test_a_folder_batch_picks_up_subtitle_files(tmp_path):
    for name in ("speech.srt", "debate.vtt", "notes.rtf"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [path.name for path in find_articles([tmp_path])] == ["debate.vtt", "speech.srt"]


def test_subtitle_files_are_named_among_the_supported_ones(tmp_path):
    path = Path(tmp_path / "notes.rtf")
    path.write_text("The council met.", encoding="utf-8")
    with pytest.raises(DocumentError, match=r"\.pdf, \.srt, \.vtt"):
        read_document(path)


YOUTUBE_PANEL_COPY = """\
Minister on the ferry cuts

0:00
Good morning. The ferry to Tromsø has been
0:03
cancelled for the third week running.
0:06
[Music]
0:26
KARI HOLM: We have invested 2.4 billion kroner
0:29
in the ferry network since 2019.
1:02:10
Thank you.
"""


def test_a_transcript_copied_from_youtubes_panel_reads_as_its_subtitles_would(tmp_path):
    path = tmp_path / "ferry.txt"
    path.write_text(YOUTUBE_PANEL_COPY, encoding="utf-8")
    document = read_document(path)
    assert document.text == (
        "Minister on the ferry cuts\n\n"
        "[00:00:00] Good morning. The ferry to Tromsø has been cancelled for the third week running.\n\n"
        "[00:00:26] Kari Holm: We have invested 2.4 billion kroner in the ferry network since 2019.\n\n"
        "[01:02:10] Kari Holm: Thank you.\n"
    )
    assert document.format == "txt" and document.notes == ("6 captions read", "1 sound description left out")


def test_subtitles_saved_as_text_or_piped_in_read_as_subtitles(tmp_path):
    (tmp_path / "interview.txt").write_text(BROADCAST_SRT, encoding="utf-8")
    assert read_document(tmp_path / "interview.txt").text == subtitle_text(BROADCAST_SRT).text
    piped = factcheck("sentences", "-", stdin=DEBATE_VTT, cwd=tmp_path)
    assert piped.returncode == 0 and "[00:00:05] Kari Holm:" in piped.stdout and "-->" not in piped.stdout


@pytest.mark.parametrize(
    "text",
    [
        "Ferry times:\n07:15\n08:45\n10:30\n12:00\n",  # a timetable: no caption under a time
        "Kick-off\n\n15:00\nThe home side started well.\n\n15:20\nA goal.\n\n15:10\nAnother.\n",  # times go back
        "0:00\nIntro.\n0:30\nThe plan.\n1:00\nThe cost.\n" + "More words of the article.\n" * 12,  # a third or less
    ],
)
def test_text_with_times_on_lines_of_their_own_is_no_copied_transcript_unless_it_reads_as_one(text):
    assert copied_transcript(text) is None


def test_a_claims_time_in_a_subtitled_recording_is_on_claims(tmp_path, tiny_model):
    (tmp_path / "interview.srt").write_text(BROADCAST_SRT, encoding="utf-8")
    check_article(tmp_path / "interview.srt", tmp_path / "interview.xlsx", threshold=0.0, model=tiny_model)
    rows = {row["claim"]: row for row in sheet_rows(tmp_path / "interview.xlsx")}
    invested = rows["Well, look, we have invested 2.4 billion kroner in the ferry network since 2019."]
    assert invested["said_by"] == "Kari Holm"
    assert invested["suggested_sources"].splitlines()[-1] == "Said at 00:00:07 in the recording"
    assert rows["The money came from the state budget."]["suggested_sources"].endswith("Said at 00:00:16 in the recording")
    assert not any(claim.startswith("[00:") for claim in rows)
