"""Tests for factcheck.chat_screenshots: a chat's bubbles read from where OCR found each line."""

from __future__ import annotations

from factcheck.chat_screenshots import ScreenLine, chat_screenshot

from .test_posts import said

WIDTH = 1260  # a phone's screenshot, 3 pixels to a point


def line(text: str, left: int, top: int, right: int) -> ScreenLine:
    return ScreenLine(text, left, top, right, top + 40)


TODAY = line("Today", 580, 20, 680)  # the day, centred over the bubbles


def test_a_time_ocr_misread_still_closes_its_bubble_and_is_left_out():
    lines = [
        TODAY,
        line("Kari Holm", 70, 85, 253),
        line("The ferry is cancelled again.", 66, 140, 700),
        line("98:03", 751, 157, 841),  # 08:03, read at the size of the words beside it
        line("It was cancelled 4 times this week.", 70, 254, 848),
        line("08:04", 916, 271, 1006),
    ]
    messages = chat_screenshot(lines, WIDTH)
    assert said(messages.text) == {
        "The ferry is cancelled again.": ("Kari Holm", "Today"),
        "It was cancelled 4 times this week.": ("Kari Holm", "Today 08:04"),
    }
    assert messages.notes == ("2 messages read in a screenshot of a chat", "1 time misread by OCR, left out")


def test_a_time_in_a_bubbles_text_does_not_close_it():
    # "10:30" ends a line of the message, short of the bubble's right edge: it is the message's
    lines = [
        line("Per Lund", 70, 85, 232),
        line("The council meets tomorrow at", 70, 140, 900),
        line("10:30", 70, 190, 160),
        line("to vote on the ferry budget.", 70, 240, 820),
        line("08:12", 830, 256, 920),
        line("Thanks, we will be there.", 600, 330, 1150),
        line("08:15 XY", 1000, 380, 1190),
    ]
    assert said(chat_screenshot(lines, WIDTH).text) == {
        "The council meets tomorrow at 10:30 to vote on the ferry budget.": ("Per Lund", "08:12"),
        "Thanks, we will be there.": ("You", "08:15"),
    }


def test_a_picture_with_one_time_on_it_is_no_chat():
    lines = [
        line("Ferry timetable", 70, 85, 600),
        line("The first ferry leaves Solvik at", 70, 140, 900),
        line("06:40", 830, 190, 920),
        line("every day from 1 March.", 70, 240, 700),
    ]
    assert chat_screenshot(lines, WIDTH) is None


def test_a_telegram_channels_posts_are_the_channels_and_a_forward_names_its_first_author():
    lines = [
        line("Ferry Watch", 200, 60, 420),
        line("1,204 subscribers", 200, 105, 460),
        line("Forwarded from Coast News", 70, 200, 560),
        line("The 06:40 crossing is cancelled all week.", 70, 250, 900),
        line("08:03", 930, 266, 1010),
        line("Ticket prices rose by a third in 2025.", 70, 340, 880),
        line("edited 08:20", 900, 356, 1060),  # Telegram marks an edited message by its time
    ]
    messages = chat_screenshot(lines, WIDTH)
    assert said(messages.text) == {
        "The 06:40 crossing is cancelled all week.": ("Coast News (forwarded by Ferry Watch)", "08:03"),
        "Ticket prices rose by a third in 2025.": ("Ferry Watch", "08:20"),
    }
    assert messages.notes[0] == '2 messages read in a screenshot of the chat "Ferry Watch"'


def test_a_bubble_with_no_text_is_a_media_message_and_takes_no_words_from_the_next():
    lines = [
        TODAY,
        line("Kari Holm", 70, 85, 253),
        line("Look at the queue at the quay.", 70, 140, 820),
        line("08:03", 830, 156, 920),
        line("08:04", 830, 500, 920),  # under a photo, which OCR reads nothing in
        line("It was 200 cars long this morning.", 70, 560, 860),
        line("08:05", 870, 576, 960),
    ]
    messages = chat_screenshot(lines, WIDTH)
    assert said(messages.text) == {
        "Look at the queue at the quay.": ("Kari Holm", "Today 08:03"),
        "It was 200 cars long this morning.": ("Kari Holm", "Today 08:05"),
    }
    assert messages.notes[1:] == ("1 media message not read",)


def test_times_at_the_right_of_a_timetables_lines_are_no_chat():
    lines = [
        line("Solvik ferry, winter timetable", 70, 60, 700),
        line("First crossing from Solvik.", 70, 140, 700),
        line("06:40", 1000, 150, 1090),
        line("Last crossing from Brekkøy.", 70, 220, 700),
        line("21:40", 1000, 230, 1090),
    ]
    assert chat_screenshot(lines, WIDTH) is None
    # The same lines under a chat's name and members are a chat's
    header = [line("Ferry Watch", 200, 10, 420), line("Kari, Per, You", 200, 40, 460)]
    assert chat_screenshot([*header, *lines[1:]], WIDTH) is not None


def test_your_bubbles_time_closes_it_when_ocr_reads_no_ticks_after_it():
    # A screenshot sent on as a JPEG: the ticks at your bubble's edge are lost, and the time
    # stands short of the bubble's longest line by their width
    lines = [
        TODAY,
        line("Per Lund", 70, 85, 232),
        line("Is the ward closing?", 70, 140, 600),
        line("08:10", 610, 156, 700),
        line("Checking now. The minutes say the", 400, 240, 1190),
        line("vote was 19 to 16.", 400, 290, 800),
        line("09:14", 1000, 306, 1090),
        line("Per Lund", 70, 400, 232),
        line("Thanks.", 70, 450, 250),
        line("09:20", 260, 466, 350),
    ]
    assert said(chat_screenshot(lines, WIDTH).text) == {
        "Is the ward closing?": ("Per Lund", "Today 08:10"),
        "Checking now.": ("You", "Today 09:14"),
        "The minutes say the vote was 19 to 16.": ("You", "Today 09:14"),
        "Thanks.": ("Per Lund", "Today 09:20"),
    }
