"""Tests for factcheck.posts: chat exports and copied social media posts read as their authors' turns."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from factcheck.batch import find_articles
from factcheck.check import check_article, default_output
from factcheck.claims import annotate
from factcheck.document import read_document
from factcheck.export import export_worksheet
from factcheck.posts import pasted_posts
from factcheck.segment import split_sentences, turns

from .reviewing import fill_reviews, sheet_rows
from .test_cli import assert_one_line_error, factcheck

# Pages of Telegram Desktop's HTML export, as it writes them (blank lines between tags dropped).
TELEGRAM_CHANNEL_PAGE = Path(__file__).parent / "telegram_channel_messages.html"
TELEGRAM_GROUP_PAGE = Path(__file__).parent / "telegram_group_messages2.html"

ANDROID_EXPORT = """\
04/03/2026, 09:10 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.
04/03/2026, 09:12 - Kari Holm created group "Ferry Watch"
04/03/2026, 09:12 - Kari Holm added Per Lund
04/03/2026, 09:14 - Kari Holm: The government has cut ferry funding by 40% since 2019.
Passenger numbers fell 12% last year alone.
04/03/2026, 09:15 - Kari Holm: <Media omitted>
04/03/2026, 09:16 - +47 912 34 567: is that true?? the minister flew to Bergen 14 times on the public purse
04/03/2026, 09:17 - Per Lund: This message was deleted
04/03/2026, 09:18 - Per Lund: Funding rose by 8% in the 2025 budget. <This message was edited>
"""

X_TIMELINE = """\
Pinned
Kari Holm
@kariholm
·
Mar 4
The government has cut ferry funding by 40% since 2019. 🧵
Show more
12
88
1.2K
45K
Per Lund
@perlund_no
·
3h
Replying to @kariholm
This is false. Funding rose by 8% in the 2025 budget.
Anna Berg
@annaberg
·
Mar 3
Our ferry ran 14 times a day in 2019.
Readers added context they thought people might want to know
The 2019 timetable lists 12 daily crossings.
Do you find this helpful?
3
20
61
"""


def said(text: str) -> dict[str, tuple[str, str]]:
    """Each sentence of a pasted text, as read from a .txt: its Said by and when it was posted."""
    pieces = split_sentences(text)
    sentences = [p for p in pieces if p.kind == "sentence"]
    turn_of = turns(pieces)
    claims = annotate(sentences, [1.0] * len(sentences), turns=[turn_of[p.index] for p in sentences])
    return {claim.text: (claim.said_by, claim.posted) for claim in claims}


def read(tmp_path, text: str, name: str = "posts.txt"):
    (tmp_path / name).write_text(text, encoding="utf-8")
    return read_document(tmp_path / name)


def test_a_whatsapp_export_reads_as_each_senders_messages(tmp_path):
    document = read(tmp_path, ANDROID_EXPORT, "chat.txt")
    assert said(document.text) == {
        "The government has cut ferry funding by 40% since 2019.": ("Kari Holm", "04/03/2026, 09:14"),
        "Passenger numbers fell 12% last year alone.": ("Kari Holm", "04/03/2026, 09:14"),
        "is that true?? the minister flew to Bergen 14 times on the public purse": ("+47 912 34 567", "04/03/2026, 09:16"),
        "Funding rose by 8% in the 2025 budget.": ("Per Lund", "04/03/2026, 09:18"),
    }
    assert document.notes == (
        "3 messages read, WhatsApp chat export",
        "1 media file not read",
        "1 deleted message left out",
        "3 chat notices left out",
    )
    assert "encrypted" not in document.text and "<" not in document.text


def test_an_iphone_export_and_a_us_clock_read_the_same(tmp_path):
    iphone = (
        "\u200e[04/03/2026, 09:10:01] Ferry Watch: \u200eMessages and calls are end-to-end encrypted.\n"
        "\u200e[04/03/2026, 09:10:01] Ferry Watch: \u200eKari Holm added you\n"
        "[04/03/2026, 09:14:22] Kari Holm: The ferry fare rose by a third in 2025.\n"
        "\u200e[04/03/2026, 09:15:40] Kari Holm: \u200eimage omitted\n"
        "\u200e[04/03/2026, 09:15:52] Kari Holm: \u200eFares 2026.pdf \u2022 \u200e12 pages \u200edocument omitted\n"
        "[04/03/2026, 09:16:03] Øyvind Hauge: \u200e<attached: 00000012-PHOTO-2026-03-04-09-16-03.jpg>\n"
    )
    us = "3/4/26, 9:14\u202fAM - Kari Holm: The ferry fare rose by a third in 2025.\n"
    # The notices an iPhone files under the chat's name, marked as its media are, are no one's words
    assert said(read(tmp_path, iphone).text) == {"The ferry fare rose by a third in 2025.": ("Kari Holm", "04/03/2026, 09:14:22")}
    assert read(tmp_path, iphone).notes == ("1 message read, WhatsApp chat export", "3 media files not read", "2 chat notices left out")
    assert said(read(tmp_path, us).text) == {"The ferry fare rose by a third in 2025.": ("Kari Holm", "3/4/26, 9:14 AM")}


def test_messages_copied_from_whatsapps_desktop_app_put_the_time_first(tmp_path):
    copy = "[09:14, 04/03/2026] Kari Holm: The ferry fare rose by a third in 2025.\n[9:20 AM, 3/4/2026] Per Lund: It rose 8%.\n"
    assert said(read(tmp_path, copy).text) == {
        "The ferry fare rose by a third in 2025.": ("Kari Holm", "09:14, 04/03/2026"),
        "It rose 8%.": ("Per Lund", "9:20 AM, 3/4/2026"),
    }


def test_telegram_messages_copied_from_the_desktop_app(tmp_path):
    copy = (
        "Ferry Watch, [04.03.2026 09:14]\nThe government has cut ferry funding by 40% since 2019.\n\n"
        "Ferry Watch, [04.03.2026 09:20]\nShare before they delete this!\nTicket prices rose by a third.\n"
    )
    assert said(read(tmp_path, copy).text) == {
        "The government has cut ferry funding by 40% since 2019.": ("Ferry Watch", "04.03.2026 09:14"),
        "Share before they delete this!": ("Ferry Watch", "04.03.2026 09:20"),
        "Ticket prices rose by a third.": ("Ferry Watch", "04.03.2026 09:20"),
    }


def test_posts_copied_from_x_leave_counts_buttons_and_the_community_note_out(tmp_path):
    document = read(tmp_path, X_TIMELINE)
    assert said(document.text) == {
        "The government has cut ferry funding by 40% since 2019. 🧵": ("Kari Holm (@kariholm)", "Mar 4"),
        "This is false.": ("Per Lund (@perlund_no)", "3h"),
        "Funding rose by 8% in the 2025 budget.": ("Per Lund (@perlund_no)", "3h"),
        "Our ferry ran 14 times a day in 2019.": ("Anna Berg (@annaberg)", "Mar 3"),
    }
    assert not any(word in document.text for word in ("Show more", "Pinned", "1.2K", "Replying", "helpful"))
    assert document.notes == (
        "3 posts read, copied from a social media page",
        'community note left out: "The 2019 timetable lists 12 daily crossings."',
    )


def test_a_long_display_name_opens_a_copy_but_a_paragraph_above_the_first_post_makes_it_none():
    post = "Kari Holm 🇳🇴 | Mother of three | Norrvik born and bred\n@kariholm\n·\nNov 11\nBirths fell by 30% since 2015.\n"
    assert said(pasted_posts(post).text) == {"Births fell by 30% since 2015.": ("Kari Holm 🇳🇴 | Mother of three | Norrvik born and bred (@kariholm)", "Nov 11")}
    assert pasted_posts("The council met on Tuesday to discuss the ferry budget for next year.\n\n" + post) is None


def test_a_posts_own_page_dates_it_below_the_text_and_a_quoted_post_is_its_authors(tmp_path):
    page = (
        "Post\nKari Holm\n@kariholm\nThe minister flew to Bergen 14 times last year.\n"
        "Anna Berg\n@annaberg.bsky.social\n·\n4 Mar 2026\nOur ferry ran 14 times a day in 2019.\n"
        "9:14 AM · Mar 4, 2026\n·\n45.2K\n Views\n"
    )
    assert said(read(tmp_path, page).text) == {
        "The minister flew to Bergen 14 times last year.": ("Kari Holm (@kariholm)", "9:14 AM · Mar 4, 2026"),
        "Our ferry ran 14 times a day in 2019.": ("Anna Berg (@annaberg.bsky.social)", "4 Mar 2026"),
    }
    single = "Per Lund\n@perlund@mastodon.social\nFares rose 30% in 2025.\n9:14 AM · Mar 4, 2026 · 45.2K Views\n12 boosts\n"
    assert said(read(tmp_path, single).text) == {
        "Fares rose 30% in 2025.": ("Per Lund (@perlund@mastodon.social)", "9:14 AM · Mar 4, 2026"),
    }


def test_a_whole_page_copied_ends_where_its_panels_begin_and_a_follow_button_is_no_text(tmp_path):
    page = (
        "Kari Holm\n@kariholm\nFollow\nThe ferry fare rose by a third in 2025.\n9:14 AM · Mar 4, 2026\n"
        "Post your reply\nRelevant people\nKari Holm\n@kariholm\nFollow\nFerry campaigner in Solvik. Views my own.\n"
        "What's happening\nTrending in Norway\n#ferry\n12.5K posts\n"
    )
    document = read(tmp_path, page)
    assert said(document.text) == {"The ferry fare rose by a third in 2025.": ("Kari Holm (@kariholm)", "9:14 AM · Mar 4, 2026")}
    assert document.notes == ("1 post read, copied from a social media page",)


def test_a_bluesky_timeline_dates_a_post_below_its_handle_or_on_its_authors_line(tmp_path):
    timeline = (
        "Kari Holm\n@kariholm.bsky.social\n· 3h\nFares rose 30% in 2025.\n12 reposts\n88 likes\n"
        "Anna Berg @annaberg.bsky.social · Mar 3\nThe ferry ran 14 times a day in 2019.\n"
    )
    assert said(read(tmp_path, timeline).text) == {
        "Fares rose 30% in 2025.": ("Kari Holm (@kariholm.bsky.social)", "3h"),
        "The ferry ran 14 times a day in 2019.": ("Anna Berg (@annaberg.bsky.social)", "Mar 3"),
    }


def test_a_web_address_on_a_line_of_its_own_stays_in_its_posts_paragraph():
    chat = "04/03/2026, 09:14 - Kari Holm: Births at the ward fell by 30% since 2015.\nhttps://norrvik.example/births\n"
    pieces = split_sentences(pasted_posts(chat).text)
    births, address = [piece for piece in pieces if piece.kind != "furniture"]
    assert (births.paragraph, address.kind, address.text) == (address.paragraph, "url", "https://norrvik.example/births")


def test_a_posts_line_that_reads_as_a_heading_stays_its_authors():
    chat = "04/03/2026, 09:14 - Ferry Watch: BREAKING\nThe council voted 21 to 14 to close the ward.\n"
    pieces = split_sentences(pasted_posts(chat).text)
    assert [(piece.kind, piece.text) for piece in pieces][:2] == [("furniture", "[Sent 04/03/2026, 09:14] Ferry Watch:"), ("sentence", "BREAKING")]
    assert said(pasted_posts(chat).text)["The council voted 21 to 14 to close the ward."] == ("Ferry Watch", "04/03/2026, 09:14")


def test_a_threads_numbering_is_no_part_of_its_claims():
    thread = (
        "Kari Holm\n@kariholm\n·\nNov 11\n1/ The council voted 21 to 14 to close the ward.\n(2/5) Births fell by 30% since 2015.\n"
        "Kari Holm\n@kariholm\n·\nNov 11\n24/7 cover ended in 2025.\n1/2 of mothers drive 140 km.\n"
    )
    assert list(said(pasted_posts(thread).text)) == [
        "The council voted 21 to 14 to close the ward.",
        "Births fell by 30% since 2015.",
        "24/7 cover ended in 2025.",
        "1/2 of mothers drive 140 km.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Ferry cuts anger coast\n\nIn a post on X, @kariholm wrote that funding fell 40%.\n\nThe ministry disputes it.\n",
        "Ferry cuts anger coast\nBy Anna Berg\n\nFunding fell 40% since 2019.\n\nAnna Berg\n@annaberg\n",
        "Minutes\n\n09:14 - Chair: Opening remarks.\n09:20 - Treasurer: The budget fell 4%.\n",
        "04/03/2026: The council met.\n\n05/03/2026: The ferry ran late.\n",
        "Ferry cuts\n\nThanks to @kariholm · 3 comments below.\n\nFunding fell 40%.\n",
    ],
)
def test_text_that_mentions_posts_is_no_copy_of_them(text):
    assert pasted_posts(text) is None


def test_a_claim_in_a_chat_says_who_posted_it_and_when_and_a_later_export_keeps_the_review(tmp_path, tiny_model):
    chat, workbook = tmp_path / "chat.txt", tmp_path / "chat.xlsx"
    chat.write_text(ANDROID_EXPORT, encoding="utf-8")
    check_article(chat, workbook, threshold=0.0, model=tiny_model)
    rows = {row["claim"]: row for row in sheet_rows(workbook)}
    cut = rows["The government has cut ferry funding by 40% since 2019."]
    assert cut["said_by"] == "Kari Holm"
    assert cut["suggested_sources"].splitlines()[-1] == "Sent 04/03/2026, 09:14 in a chat"
    assert not any(claim.startswith("[Sent") for claim in rows)
    fill_reviews(workbook, {cut["claim"]: {"verdict": "False", "notes": "2025 budget: +8%"}})

    chat.write_text(ANDROID_EXPORT + "05/03/2026, 08:02 - Kari Holm: The ferry to Tromsø was cancelled 9 times in February.\n", encoding="utf-8")
    check_article(chat, workbook, threshold=0.0, model=tiny_model)
    rows = {row["claim"]: row for row in sheet_rows(workbook)}
    assert (rows[cut["claim"]]["verdict"], rows[cut["claim"]]["notes"]) == ("False", "2025 budget: +8%")
    assert rows[cut["claim"]]["change"] == "unchanged"
    assert rows["The ferry to Tromsø was cancelled 9 times in February."]["said_by"] == "Kari Holm"


def test_claimreview_names_a_posts_author_but_not_a_chats_sender_unless_a_reviewer_does(tmp_path, tiny_model):
    logged = []
    for name, text in (("chat.txt", ANDROID_EXPORT), ("thread.txt", X_TIMELINE)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        check_article(tmp_path / name, tmp_path / f"{name}.xlsx", threshold=0.0, model=tiny_model)
    chat_claim, post_claim = "The government has cut ferry funding by 40% since 2019.", "Our ferry ran 14 times a day in 2019."
    # The sender's own name, typed as the README says, with where the claim was made
    fill_reviews(tmp_path / "chat.txt.xlsx", {chat_claim: {"verdict": "False"}, "Funding rose by 8% in the 2025 budget.": {"verdict": "True", "said_by": "Per Lund (in the chat)"}})
    fill_reviews(tmp_path / "thread.txt.xlsx", {post_claim: {"verdict": "False"}})

    chat = json.loads(export_worksheet(tmp_path / "chat.txt.xlsx", "claimreview", article_url="https://x.example/a", log=logged.append))
    authors = {review["claimReviewed"]: review["itemReviewed"].get("author") for review in chat}
    assert authors == {chat_claim: None, "Funding rose by 8% in the 2025 budget.": {"@type": "Person", "name": "Per Lund"}}
    assert len(logged) == 1 and logged[0].startswith("sent in a chat, published without the sender as author")
    thread = json.loads(export_worksheet(tmp_path / "thread.txt.xlsx", "claimreview", article_url="https://x.example/a"))
    assert thread[0]["itemReviewed"]["author"] == {"@type": "Person", "name": "Anna Berg"}


def chat_zip(path, members: dict[str, bytes]):
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_an_iphone_exports_zip_is_read_as_the_chat_it_holds(tmp_path):
    iphone = "[04/03/2026, 09:14:22] Kari Holm: The ferry fare rose by a third in 2025.\n[04/03/2026, 09:15:01] Kari Holm: \u200e<attached: 00000012-PHOTO-2026-03-04-09-15-01.jpg>\n"
    zipped = chat_zip(tmp_path / "WhatsApp Chat - Ferry Watch.zip", {"_chat.txt": "\ufeff".encode() + iphone.encode(), "00000012-PHOTO-2026-03-04-09-15-01.jpg": b"\xff\xd8\xff"})
    document = read_document(zipped)
    assert said(document.text) == {"The ferry fare rose by a third in 2025.": ("Kari Holm", "04/03/2026, 09:14:22")}
    assert (document.format, document.notes) == ("zip", ("1 message read, WhatsApp chat export", "1 media file not read"))
    android = chat_zip(tmp_path / "android.zip", {"WhatsApp Chat with Ferry Watch.txt": ANDROID_EXPORT.encode()})
    assert said(read_document(android).text)["Funding rose by 8% in the 2025 budget."] == ("Per Lund", "04/03/2026, 09:18")


def test_a_zip_that_holds_no_chat_is_refused_in_one_line_and_a_folder_passes_it_over(tmp_path):
    photos = chat_zip(tmp_path / "photos.zip", {"ferry.jpg": b"\xff\xd8\xff"})
    assert_one_line_error(factcheck("check", photos, "-o", tmp_path / "out.xlsx"), r"photos\.zip looks like a zip file, not a WhatsApp chat export \(\.zip\)")
    notes = chat_zip(tmp_path / "notes.zip", {"_chat.txt": b"Shopping list\nMilk\n"})
    assert_one_line_error(factcheck("check", notes, "-o", tmp_path / "out.xlsx"), r"notes\.zip cannot be read as a WhatsApp chat export \(\.zip\): its _chat\.txt is no chat export")
    chat = chat_zip(tmp_path / "chat.zip", {"_chat.txt": ANDROID_EXPORT.encode()})
    cut = tmp_path / "cut" / "chat.zip"
    cut.parent.mkdir()
    cut.write_bytes(chat.read_bytes()[:200])  # a download broken off
    assert_one_line_error(factcheck("check", cut, "-o", tmp_path / "out.xlsx"), r"chat\.zip looks like a zip")
    assert find_articles([tmp_path]) == [chat, notes]  # the chat's file by its name; photos.zip passed over


TELEGRAM_CHANNEL = {
    "name": "Ferry Watch",
    "type": "public_channel",
    "id": 1234567890,
    "messages": [
        {"id": 1, "type": "service", "date": "2026-03-04T09:10:00", "actor": "Ferry Watch", "action": "create_channel", "text": ""},
        {
            "id": 2, "type": "message", "date": "2026-03-04T09:14:00", "from": "Ferry Watch", "from_id": "channel1234567890",
            "text": ["The government has cut ferry funding by 40% since 2019, says the ", {"type": "text_link", "text": "budget report", "href": "https://norrvik.example/budget"}, ".\nShare before they delete this!"],
        },
        {"id": 3, "type": "message", "date": "2026-03-04T09:20:00", "from": "Ferry Watch", "photo": "photos/photo_1@04-03-2026_09-20-00.jpg", "text": ""},
        {"id": 4, "type": "message", "date": "2026-03-04T10:02:00", "from": "Ferry Watch", "forwarded_from": "Coast News", "text": "Passenger numbers fell 12% last year."},
    ],
}


def test_a_telegram_channels_export_reads_its_posts_with_their_links(tmp_path):
    export = tmp_path / "result.json"
    export.write_text(json.dumps(TELEGRAM_CHANNEL), encoding="utf-8")
    document = read_document(export)
    assert said(document.text) == {
        "The government has cut ferry funding by 40% since 2019, says the budget report.": ("Ferry Watch", "2026-03-04 09:14"),
        "Share before they delete this!": ("Ferry Watch", "2026-03-04 09:14"),
        "Passenger numbers fell 12% last year.": ("Coast News (forwarded by Ferry Watch)", "2026-03-04 10:02"),
    }
    assert [(document.text[link.start : link.end], link.address) for link in document.links] == [("budget report", "https://norrvik.example/budget")]
    assert document.notes == ('2 messages read, Telegram export of the channel "Ferry Watch"', "1 media file not read", "1 service message left out")
    group = {**TELEGRAM_CHANNEL, "type": "private_group"}
    export.write_text(json.dumps(group), encoding="utf-8")
    pieces = split_sentences(read_document(export).text)  # a group's messages are a chat's
    assert {turn.in_chat for turn, piece in zip(turns(pieces), pieces) if piece.kind == "sentence"} == {True}


def test_a_telegram_export_piped_in_is_read_as_one():
    result = factcheck("sentences", "-", stdin=json.dumps(TELEGRAM_CHANNEL))
    assert result.returncode == 0, result.stderr
    assert "[Posted 2026-03-04 10:02] Coast News (forwarded by Ferry Watch):" in result.stdout and '"messages"' not in result.stdout


def test_other_json_is_refused_and_a_folder_passes_it_over(tmp_path):
    (tmp_path / "metadata.json").write_text('{"title": "Ferry cuts", "tags": ["ferry"]}', encoding="utf-8")
    assert_one_line_error(factcheck("check", tmp_path / "metadata.json", "-o", tmp_path / "out.xlsx"), r"metadata\.json looks like JSON data, not a Telegram chat export \(\.json\)")
    (tmp_path / "result.json").write_text(json.dumps(TELEGRAM_CHANNEL), encoding="utf-8")
    assert find_articles([tmp_path]) == [tmp_path / "result.json"]


def test_a_chat_piped_in_is_read_as_posts(tmp_path):
    result = factcheck("sentences", "-", stdin=ANDROID_EXPORT)
    assert result.returncode == 0, result.stderr
    assert "[Sent 04/03/2026, 09:14] Kari Holm:" in result.stdout and "encrypted" not in result.stdout


def test_a_telegram_channels_html_export_reads_as_its_json_export(tmp_path):
    # Telegram Desktop exports HTML unless asked for JSON; this page is TELEGRAM_CHANNEL's.
    (tmp_path / "result.json").write_text(json.dumps(TELEGRAM_CHANNEL), encoding="utf-8")
    page, export = read_document(TELEGRAM_CHANNEL_PAGE), read_document(tmp_path / "result.json")
    assert (page.text, page.links, page.notes) == (export.text, export.links, export.notes)
    assert page.format == "html" and "FW" not in page.text and "03.03.2026" not in page.text


def test_a_telegram_html_page_is_a_chats_unless_a_notice_shows_a_channel(tmp_path):
    document = read_document(TELEGRAM_GROUP_PAGE)
    assert said(document.text) == {
        "Forwarding this from the school group:": ("Kari Holm", "2026-11-11 08:03"),
        "The council voted 21 to 14 for the closure last Tuesday.": ("Kari Holm", "2026-11-11 08:03"),
        "Births at Norrvik fell 30% since 2020, they say.": ("Kari Holm", "2026-11-11 08:04"),  # joined: not named again
        "The ward closes on 1 January.": ("Coast Parents (forwarded by Kari Holm)", "2026-11-11 08:10"),
        "12 midwives lose their jobs.": ("Coast Parents (forwarded by Kari Holm)", "2026-11-11 08:10"),  # forwarded at once
        "That is not what the minutes say: the vote was 19 to 16.": ("Per Lund", "2026-11-11 08:30"),  # "via @gif" left
    }
    assert document.notes == (
        '5 messages read, Telegram export of the chat "Norrvik Parents"',
        "1 service message left out",
        "previous messages in messages.html, not read",
        "next messages in messages3.html, not read",
    )
    pieces = split_sentences(document.text)
    assert {turn.in_chat for turn, piece in zip(turns(pieces), pieces) if piece.kind == "sentence"} == {True}
    # A channel whose export does not reach back to its creation is not told from a person
    unnoticed = tmp_path / "messages.html"
    unnoticed.write_text(TELEGRAM_CHANNEL_PAGE.read_text(encoding="utf-8").replace("Channel &laquo;Ferry Watch&raquo; created", "Ferry Watch pinned this message"), encoding="utf-8")
    assert read_document(unnoticed).notes[0] == '2 messages read, Telegram export of the chat "Ferry Watch"'
    assert "[Sent 2026-03-04 09:14] Ferry Watch:" in read_document(unnoticed).text


def test_a_chat_exported_as_json_then_as_html_keeps_its_review_in_a_workbook_named_by_the_chat(tmp_path, tiny_model, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monday, tuesday = tmp_path / "ChatExport_2026-03-09", tmp_path / "ChatExport_2026-03-10"
    monday.mkdir(), tuesday.mkdir()
    (monday / "result.json").write_text(json.dumps(TELEGRAM_CHANNEL, ensure_ascii=False, indent=1), encoding="utf-8")
    check_article(monday / "result.json", threshold=0.0, model=tiny_model)
    workbook = tmp_path / "sheets" / "Ferry Watch.xlsx"  # not result.xlsx, as every export's would be
    claim = "Passenger numbers fell 12% last year."
    fill_reviews(workbook, {claim: {"verdict": "False", "notes": "Ferry statistics: -3%"}})
    (tuesday / "messages.html").write_text(TELEGRAM_CHANNEL_PAGE.read_text(encoding="utf-8"), encoding="utf-8")
    summary = check_article(tuesday / "messages.html", threshold=0.0, model=tiny_model)
    rows = {row["claim"]: row for row in sheet_rows(workbook)}
    assert (rows[claim]["verdict"], rows[claim]["notes"], rows[claim]["said_by"]) == ("False", "Ferry statistics: -3%", "Coast News (forwarded by Ferry Watch)")
    assert {row["change"] for row in rows.values()} == {"unchanged"}, summary
    assert rows[claim]["suggested_sources"].splitlines()[-1] == "Posted 2026-03-04 10:02"
    # Another chat's export, named alike, has a workbook of its own; so does a page after the first
    (tuesday / "messages2.html").write_text(TELEGRAM_GROUP_PAGE.read_text(encoding="utf-8"), encoding="utf-8")
    check_article(tuesday / "messages2.html", threshold=0.0, model=tiny_model)
    assert sorted(path.name for path in (tmp_path / "sheets").glob("*.xlsx")) == ["Ferry Watch.xlsx", "Norrvik Parents page 2.xlsx"]


def test_an_iphones_chat_unzipped_has_the_workbook_of_its_zip(tmp_path):
    # A Mac unzips a download into a folder named as the zip; every iPhone export's chat is _chat.txt
    chat = "\ufeff\u200e[04/03/2026, 09:10:01] Ferry Watch: \u200eMessages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.\n[04/03/2026, 09:14:22] Kari Holm: The ferry fare rose by a third in 2025.\n"
    zipped = chat_zip(tmp_path / "WhatsApp Chat - Ferry Watch.zip", {"_chat.txt": chat.encode()})
    unzipped = tmp_path / "WhatsApp Chat - Ferry Watch" / "_chat.txt"
    unzipped.parent.mkdir()
    unzipped.write_text(chat, encoding="utf-8")
    moved = tmp_path / "_chat.txt"
    moved.write_text(chat, encoding="utf-8")
    assert {default_output(path).name for path in (zipped, unzipped, moved)} == {"WhatsApp Chat - Ferry Watch.xlsx"}
    moved.write_text(chat.split("\n", 1)[1], encoding="utf-8")  # no notice to name the chat
    assert default_output(moved).name == "_chat.xlsx"
