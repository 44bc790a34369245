"""Relative dates in claims ("last month", "on Tuesday") read against the day the article was published."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from openpyxl import load_workbook

from factcheck.details import describe_details, find_details
from factcheck.document import read_document
from factcheck.relative_dates import date_meant, dated_opening, dates_meant, written_day

from .reviewing import fill_reviews, run, sheet_rows
from .test_cli import assert_one_line_error, factcheck
from .test_mail import GMAIL_FORWARD_PLAIN, forward, mail, saved
from .test_posts import TELEGRAM_CHANNEL

MONDAY_7_DECEMBER = dt.date(2026, 12, 7)


def meanings(sentence: str, published: dt.date = MONDAY_7_DECEMBER) -> dict[str, str]:
    return {d.text: d.means for d in dates_meant(find_details(sentence), sentence, published) if d.type == "date"}


@pytest.mark.parametrize(
    ("sentence", "meant"),
    [
        ("Unemployment rose to 5.2% last month, the statistics office said on Friday.",
         {"last month": "November 2026", "Friday": "4 December 2026"}),
        ("The ferry was cancelled yesterday and will sail again tomorrow.",
         {"yesterday": "6 December 2026", "tomorrow": "8 December 2026"}),
        ("Rents rose 6% last year and will rise again next year, the agency expects.",
         {"last year": "2025", "next year": "2027"}),
        ("Earlier this year the bank cut rates twice, and it did so again this month.",
         {"Earlier this year": "2026", "this month": "December 2026"}),
        # A week is named by its Monday, and "last" and "next" skip the article's own weekday.
        ("Talks stalled last week and resume next week.", {"last week": "week of 30 November 2026", "next week": "week of 14 December 2026"}),
        ("Last Monday the depot closed, and it reopens next Monday.", {"Last Monday": "30 November 2026", "next Monday": "14 December 2026"}),
        # The nearest word that gives a tense decides, before the date or else after it.
        ("The minister said on Friday the vote will be held on Thursday.", {"Friday": "4 December 2026", "Thursday": "10 December 2026"}),
        ("On Thursday, the council will vote on the budget.", {"Thursday": "10 December 2026"}),
        ("Police arrested 12 people on Saturday.", {"Saturday": "5 December 2026"}),
        # A present tense that schedules looks ahead.
        ("The inquest opens on Wednesday in Bristol.", {"Wednesday": "9 December 2026"}),
        ("The higher speed limit comes into force in March.", {"March": "March 2027"}),
        ("The new bus lanes come into force on 4 January.", {"4 January": "4 January 2027"}),
        ("Rovers host Athletic on Saturday.", {"Saturday": "12 December 2026"}),
        ("Minister to open bypass Friday", {"Friday": "11 December 2026"}),  # a headline's infinitive
        # A past tense the details' rules do not need still tells the past.
        ("Police caught the driver on Friday, and he is expected to appear in court.", {"Friday": "4 December 2026"}),
        # "Would" looks ahead from the day reported, not the article's.
        ("The club said on Tuesday that the match would go ahead on Saturday.",
         {"Tuesday": "1 December 2026", "Saturday": "5 December 2026"}),
        ("Two weeks ago the mayor promised 500 homes by next spring.",
         {"Two weeks ago": "week of 23 November 2026", "next spring": "spring 2027"}),
        ("The mill closed three years ago and a decade ago employed 900 people.", {"three years ago": "2023", "a decade ago": "2016"}),
        ("Last summer the park drew 2 million visitors; this winter it expects fewer.",
         {"Last summer": "summer 2026", "this winter": "winter 2026-27"}),
        # A month or day without its year: the latest before, or the first after, by tense.
        ("The plant reopened on 3 March and output rose in October.", {"3 March": "3 March 2026", "October": "October 2026"}),
        ("The firm said it would close the plant in March.", {"March": "March 2027"}),
        ("He took office in January last year.", {"January": "January 2025", "last year": "2025"}),
        # Counted from another time in the sentence, a quarter, a year given: nothing.
        ("Sales fell 4% in the third quarter from a year earlier, the first fall since March 2019.",
         {"third quarter": "", "a year earlier": "", "March 2019": ""}),
    ],
)
def test_a_relative_date_means_a_day_month_or_year_of_the_calendar(sentence, meant):
    assert meanings(sentence) == meant


def test_a_year_turns_over_in_january():
    assert meanings("Exports fell in December and rose last month, the data released on Wednesday showed.", dt.date(2027, 1, 4)) == {
        "December": "December 2026", "last month": "December 2026", "Wednesday": "30 December 2026",
    }


def test_29_february_is_the_nearest_leap_day_and_no_such_day_means_nothing():
    assert meanings("The leap-day fair opened on 29 February.", dt.date(2027, 3, 5)) == {"29 February": "29 February 2024"}
    assert meanings("The leap-day fair opens on 29 February.") == {"29 February": "29 February 2028"}
    assert meanings("Prices rose on 31 April.") == {"31 April": ""}


def test_the_checkable_details_cell_says_what_a_relative_date_means():
    from dataclasses import replace

    sentence = "Prices rose 3% last month."
    details = tuple(replace(d, means=date_meant(d, sentence, MONDAY_7_DECEMBER)) for d in find_details(sentence))
    assert describe_details(details) == "3% (percentage); last month (date: November 2026)"


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("Tue, 3 Mar 2026 at 09:14", dt.date(2026, 3, 3)),
        ("Tuesday, March 3, 2026 9:14 AM", dt.date(2026, 3, 3)),
        ("2026-03-03T09:14:00+01:00", dt.date(2026, 3, 3)),
        ("03/03/2026 09:14", None),  # day or month first: not said
        ("Tuesday 09:14", None),
    ],
)
def test_a_whole_date_is_read_as_mail_programs_write_it(written, day):
    assert written_day(written) == day


LEDE = "Fares rose 9% last month, the operator said on Tuesday, as fuel cost more for a third month in a row."


@pytest.mark.parametrize(
    ("top", "day"),
    [
        ("Ferry fares rise\n\nBy Kari Holm\n\n4 March 2026\n\n", dt.date(2026, 3, 4)),
        ("Ferry fares rise\n\nWed 4 Mar 2026 09.14 GMT\n\nLast modified on Thu 5 Mar 2026 11.30 GMT\n\n", dt.date(2026, 3, 4)),
        ("FOR IMMEDIATE RELEASE\n\nEmbargoed until 00:01 on Wednesday 4 March 2026\n\n", dt.date(2026, 3, 4)),
        ("OSLO, March 4, 2026 — ", dt.date(2026, 3, 4)),
        ("Ferry fares rise\n\nThe operator blames fuel, which has cost more every month since the autumn, and fewer "
         "passengers.\n\nKari Holm\n\nWed 4 Mar 2026 12.00 CET\n\n", dt.date(2026, 3, 4)),  # below a standfirst
        ("Ferry fares rise\n\nLast modified on Thu 5 Mar 2026 11.30 GMT\n\n", None),  # the day it changed, not was written
        ("Ferry fares rise\n\n", None),
    ],
)
def test_the_top_of_an_articles_text_dates_it(top, day):
    # Not a date further down: a caption or a subheading may give any day.
    assert dated_opening(top + LEDE + "\n\n" + LEDE + "\n\nPassengers queue on 1 June 2019.\n") == day


def page(head: str) -> str:
    return (f"<html><head><title>Ferry fares</title>{head}</head><body><article><h1>Ferry fares</h1>"
            "<p>Fares rose 9% last month, the operator said on Tuesday. The route opened in 2019.</p></article></body></html>")


@pytest.mark.parametrize(
    ("head", "day"),
    [
        ('<meta property="article:published_time" content="2026-03-04T08:00:00+01:00">'
         '<meta property="article:modified_time" content="2026-03-06T08:00:00+01:00">', dt.date(2026, 3, 4)),
        ('<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2026-02-27"}</script>', dt.date(2026, 2, 27)),
        ("", None),  # no date in its metadata: none from its text either
    ],
)
def test_a_web_page_is_dated_by_its_metadata(tmp_path, head, day):
    path = tmp_path / "fares.html"
    path.write_text(page(head), encoding="utf-8")
    assert read_document(path).published == day


def test_an_e_mail_is_dated_by_when_it_was_sent_and_a_forward_by_the_forwarded_message(tmp_path):
    sent = mail("Fares rose 9% last month.", None, sender="press@ferry.example", to="desk@avisa.example",
                subject="Fares", date="Sun, 01 Mar 2026 23:30:00 -0500")
    assert read_document(saved(tmp_path, sent)).published == dt.date(2026, 3, 1)  # the sender's day
    # The forward was sent at 10:02 on 3 March; the message it forwards, at 09:14 on 3 March.
    assert read_document(saved(tmp_path, forward(GMAIL_FORWARD_PLAIN.replace("Tue, 3 Mar 2026", "Mon, 2 Mar 2026")))).published == dt.date(2026, 3, 2)
    undated = GMAIL_FORWARD_PLAIN.replace("Date: Tue, 3 Mar 2026 at 09:14\n", "")
    assert read_document(saved(tmp_path, forward(undated))).published is None


def details_by_claim(output) -> dict[str, str]:
    return {row["claim"]: row["checkable_details"] for row in sheet_rows(output)}


def about(output) -> dict[str, str]:
    return {row[0]: row[1] for row in load_workbook(output)["About"].iter_rows(min_row=4, max_col=2, values_only=True) if row[0]}


def test_an_e_mails_claims_read_their_relative_dates_against_its_date(tmp_path, tiny_model):
    sent = mail("The council cut bus fares by 10% last month.\n\nThe mayor said on Monday that 40 routes will run.", None,
                sender="press@council.example", to="desk@avisa.example", subject="Fares", date="Wed, 04 Mar 2026 09:00:00 +0000")
    output = tmp_path / "fares.xlsx"
    result = factcheck("check", saved(tmp_path, sent), "-o", output, "--model", tiny_model, "--threshold", "0")
    assert result.returncode == 0, result.stderr
    details = details_by_claim(output)
    assert details["The council cut bus fares by 10% last month."] == "10% (percentage); last month (date: February 2026)"
    assert details["The mayor said on Monday that 40 routes will run."] == "Monday (date: 2 March 2026); 40 (number)"
    assert (about(output)["article_date"], about(output)["article_date_from"]) == ("2026-03-04", "the e-mail's date")


def test_a_date_given_stands_on_later_runs_with_the_reviewers_work(tmp_path, tiny_model):
    article = tmp_path / "fares.txt"
    article.write_text("Ferry fares\n\nFares rose 9% last month, the operator said on Tuesday.\n", encoding="utf-8")
    output = tmp_path / "fares.xlsx"
    claim = "Fares rose 9% last month, the operator said on Tuesday."
    result = factcheck("check", article, "-o", output, "--model", tiny_model, "--threshold", "0")
    assert result.returncode == 0, result.stderr
    assert details_by_claim(output)[claim] == "9% (percentage); last month (date); Tuesday (date)"  # plain text gives no date
    assert "article_date" not in about(output)

    result = factcheck("check", article, "-o", output, "--model", tiny_model, "--threshold", "0", "--article-date", "2026-03-05")
    assert result.returncode == 0, result.stderr
    assert details_by_claim(output)[claim] == "9% (percentage); last month (date: February 2026); Tuesday (date: 3 March 2026)"
    fill_reviews(output, {claim: {"verdict": "True", "notes": "Operator's fare table"}})

    result = factcheck("check", article, "-o", output, "--model", tiny_model, "--threshold", "0")
    assert result.returncode == 0, result.stderr
    row = next(row for row in sheet_rows(output) if row["claim"] == claim)
    assert (row["checkable_details"], row["verdict"], row["notes"]) == (
        "9% (percentage); last month (date: February 2026); Tuesday (date: 3 March 2026)", "True", "Operator's fare table",
    )
    assert (about(output)["article_date"], about(output)["article_date_from"]) == ("2026-03-05", "given with --article-date")
    # ClaimReview dates the claim by the article's day, not the first run's.
    result = factcheck("export", output, "--format", "claimreview", "--url", "https://avisa.example/fares")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0]["itemReviewed"]["datePublished"] == "2026-03-05"


def test_a_word_release_is_dated_by_the_line_under_its_headline(tmp_path, tiny_model):
    import docx

    release = docx.Document()
    release.add_heading("Ferry fares rise", level=1)
    release.add_paragraph("Wednesday 4 March 2026")
    release.add_paragraph(LEDE)
    path, output = tmp_path / "fares.docx", tmp_path / "fares.xlsx"
    release.save(path)
    result = factcheck("check", path, "-o", output, "--model", tiny_model, "--threshold", "0")
    assert result.returncode == 0, result.stderr
    assert details_by_claim(output)[LEDE] == "9% (percentage); last month (date: February 2026); Tuesday (date: 3 March 2026)"
    assert (about(output)["article_date"], about(output)["article_date_from"]) == ("2026-03-04", "the date at the top of the article")


def test_a_post_is_read_against_the_day_it_was_posted_where_its_date_says_it(tmp_path, scorer):
    channel = json.loads(json.dumps(TELEGRAM_CHANNEL))
    channel["messages"][3]["date"] = "2027-01-02T10:02:00"  # forwarded the next year
    export, output = tmp_path / "result.json", tmp_path / "channel.xlsx"
    export.write_text(json.dumps(channel), encoding="utf-8")
    run(export, output, scorer, article_date=dt.date(2026, 3, 4))
    assert details_by_claim(output)["Passenger numbers fell 12% last year."] == "12% (percentage); last year (date: 2026)"
    chat = tmp_path / "chat.txt"  # a WhatsApp export: 02/01/2027 is written either way round
    chat.write_text("02/01/2027, 10:02 - Kari Holm: Passenger numbers fell 12% last year.\n", encoding="utf-8")
    run(chat, tmp_path / "chat.xlsx", scorer)
    assert details_by_claim(tmp_path / "chat.xlsx")["Passenger numbers fell 12% last year."] == "12% (percentage); last year (date)"


def test_a_date_given_for_a_batch_or_not_a_date_is_refused_before_anything_is_written(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("Fares rose 9% last month.\n", encoding="utf-8")
    assert_one_line_error(factcheck("check", folder, "-o", tmp_path / "out", "--article-date", "2026-03-05"), "one article.s date")
    assert not (tmp_path / "out").exists()
    result = factcheck("check", folder / "a.txt", "-o", tmp_path / "a.xlsx", "--article-date", "5 March")
    assert result.returncode == 2 and "is not a date like" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "a.xlsx").exists()
