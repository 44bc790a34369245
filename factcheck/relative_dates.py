"""What a relative date in a claim means on the calendar, read against the day the article
was published: "last month" in an article of 7 December 2026 is November 2026, "on Tuesday"
1 December 2026, "three years ago" 2023.

A date that gives its year needs no reading. One counted from another time in the sentence
("a year earlier", "the following week"), a quarter (a company's may be its own), a period up
to the article's day ("the past year") and a decade mean nothing here: the checker reads those
from the sentence.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import replace

from .details import (
    FUTURE_WORDS,
    MONTHS,
    ORDINAL_WORDS,
    PAST_FACT,
    SPEECH_VERBS,
    WEEKDAYS,
    Detail,
)
from .figures import number_value
from .formats import FINAL_PUNCTUATION

_MONTH_NAMES = MONTHS.split("|")
_MONTH_NUMBERS = {
    **{name: number for number, name in enumerate(_MONTH_NAMES, start=1)},
    **{name: number for number, name in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), start=1)},
    "Sept": 9,
}
_WEEKDAY_NUMBERS = {name.lower(): number for number, name in enumerate(WEEKDAYS.split("|"))}
_SEASONS = {"spring": 0, "summer": 1, "autumn": 2, "fall": 2, "winter": 3}
_SEASON_NAMES = ("spring", "summer", "autumn", "winter")

_A_YEAR = re.compile(r"\b(?:1[5-9]|20)\d\d\b|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b")
_SAME_DAY = re.compile(r"today|tonight|this\s(?:morning|afternoon|evening)", re.IGNORECASE)
_NEXT_TO_TODAY = {"yesterday": -1, "tomorrow": 1}
_RELATIVE_UNIT = re.compile(
    r"(?P<which>last|next|this|earlier\sthis|later\sthis|early\snext|late\snext|late\slast)\s"
    r"(?P<unit>week|month|year|spring|summer|autumn|fall|winter|" + MONTHS + "|" + WEEKDAYS + ")",
    re.IGNORECASE,
)
_AGO = re.compile(r"(?P<count>[\w-]+)\s(?P<unit>day|week|month|year|decade)s?\sago", re.IGNORECASE)
_MONTH_NAME = r"(?P<month>" + MONTHS + r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_DAY = r"(?P<day>\d{1,2}|(?:(?:twenty|thirty)-)?(?:" + ORDINAL_WORDS + r"))(?:st|nd|rd|th)?"
_DAY_AND_MONTH = (
    re.compile(rf"(?:the\s)?{_DAY}\s(?:of\s)?{_MONTH_NAME}", re.IGNORECASE),
    re.compile(rf"{_MONTH_NAME}\s{_DAY}", re.IGNORECASE),
)
_BARE_MONTH = re.compile(_MONTH_NAME)
# "in January last year": the month of that year.
_YEAR_AFTER = re.compile(r",?\s(?:of\s)?(?P<which>last|this|next)\syear\b", re.IGNORECASE)
# Would looks ahead from a past that was said: "said it would close the plant in March". A
# present tense that schedules looks ahead too: "The trial opens on Tuesday".
# A fixture says who plays whom: "City host United on Sunday".
_SCHEDULED = (
    r"\b(?:opens|reopens|begins|starts|resumes|meets|sits|closes|ends|launches|returns|expires|plays|hosts|faces"
    r"|visits|travels|arrives|leaves|holds|hears|(?:runs|run)\s(?:until|till|through)|(?:kicks|kick)\soff"
    r"|(?:takes|take)\s(?:effect|place)|(?:comes|come)\sinto\s(?:force|effect)|(?:goes|go)\son\ssale"
    r"|(?:gets|get)\sunder\sway|(?:is|are)\s(?:on|due|scheduled\sfor|set\sfor|slated\sfor))\b"
    r"|\b(?:host|play|face|visit|meet)\s(?-i:[A-Z])"
)
_AHEAD = re.compile(rf"{FUTURE_WORDS.pattern}|\bwould\b|{_SCHEDULED}", re.IGNORECASE)
# A headline's infinitive looks ahead: "Storm to hit coast Wednesday".
_HEADLINE_AHEAD = re.compile(r"\bto\s(?-i:[a-z]+)\b")
_PAST_TENSE, _AHEAD_TENSE, _FROM_A_DAY_REPORTED = "past", "ahead", "ahead from a day reported"
# Past tenses beyond those details.py lists; none is spelt as a present or a noun ("lay", "fed").
_MORE_PASTS = (
    "caught|sent|heard|spoke|fled|felt|knew|meant|sought|thought|taught|wore|woke|stole|rang|sang|lent"
    "|dug|hung|shook|swore|tore|understood|wept|slept|bent|blew|hid|forgot|forgave|rode|shrank|stuck|swung"
)
_PAST = re.compile(rf"{PAST_FACT.pattern}|\b{SPEECH_VERBS}\b|\b(?:{_MORE_PASTS})\b", re.IGNORECASE)
# A participle after "be" is a passive's, whose tense its auxiliary gives: "will be held".
_PASSIVE = re.compile(r"\b(?:be|being)\s$", re.IGNORECASE)
# The top of an article, above its second paragraph: headline, standfirst, byline, date.
_OPENING_PARAGRAPHS = 8
_PARAGRAPHS_ABOVE = 2
_DATE_LINE_WORDS = 14
_UPDATED = re.compile(r"\b(?:updated|modified|edited|corrected|amended|revised)\b", re.IGNORECASE)
# "OSLO, March 4, 2026 — ", "LONDON, 4 March 2026 /PRNewswire/ -- ": a place and day before a dash.
_DATELINE = re.compile(r"[^.!?]{0,60}?\s(?:--|[-–—])\s")
# A whole date as mail programs, web pages and chat exports write one: "Tue, 3 Mar 2026 09:14",
# "Tuesday, March 3, 2026", "2026-03-03T09:14", "03.03.2026" (day first, as clocks that write
# dots have it), "13/03/2026" (where a number over 12 tells the day); not "03/03/2026", which
# a phone writes either way round.
_WRITTEN_DAY = (
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\.?\s{_MONTH_NAME},?\s(?P<year>\d{{4}})\b", re.IGNORECASE),
    re.compile(rf"\b{_MONTH_NAME}\s(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s(?P<year>\d{{4}})\b", re.IGNORECASE),
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d\d)-(?P<day>\d\d)(?!\d)"),
)
_NUMBERED_DAY = re.compile(r"\b(?P<first>\d{1,2})(?P<mark>[./])(?P<second>\d{1,2})(?P=mark)(?P<year>\d{4})\b")


def dates_meant(details: Sequence[Detail], sentence: str, published: dt.date) -> tuple[Detail, ...]:
    """``details`` of ``sentence``, each date with what it means (``date_meant``); a weekday
    that a reported day looks ahead to is counted from that day: in "The union said on Monday
    that members would be balloted on Thursday", the Thursday after that Monday."""
    read, reported = [], None
    for detail in details:
        weekday = _WEEKDAY_NUMBERS.get(" ".join(detail.text.split()).lower()) if detail.type == "date" else None
        tense = _tense(sentence, detail) if weekday is not None else ""
        if reported and tense == _FROM_A_DAY_REPORTED:
            read.append(replace(detail, means=spelt_day(_weekday(reported, weekday, True, strictly=True))))
            continue
        read.append(replace(detail, means=date_meant(detail, sentence, published)))
        if tense == _PAST_TENSE:
            reported = _weekday(published, weekday, False, strictly=False)
    return tuple(read)


def date_meant(detail: Detail, sentence: str, published: dt.date) -> str:
    """What the date ``detail`` of ``sentence`` means in an article published on ``published``:
    "1 December 2026", "week of 30 November 2026", "November 2026", "2025", "winter 2025-26";
    "" where it is no date, gives its own year, or is counted from something else."""
    if detail.type != "date" or _A_YEAR.search(detail.text):
        return ""
    text = " ".join(detail.text.split())
    word = text.lower()
    if _SAME_DAY.fullmatch(text):
        return spelt_day(published)
    if word in _NEXT_TO_TODAY:
        return spelt_day(published + dt.timedelta(days=_NEXT_TO_TODAY[word]))
    if word in _WEEKDAY_NUMBERS:
        return spelt_day(_weekday(published, _WEEKDAY_NUMBERS[word], _looks_ahead(sentence, detail), strictly=False))
    if relative := _RELATIVE_UNIT.fullmatch(text):
        return _relative(relative["which"].lower(), relative["unit"], published, _looks_ahead(sentence, detail))
    if ago := _AGO.fullmatch(text):
        count = 1 if ago["count"].lower() in ("a", "an") else number_value(ago["count"])
        return _counted_back(int(count), ago["unit"].lower(), published) if count and count == int(count) else ""
    if on_a_day := next(filter(None, (pattern.fullmatch(text) for pattern in _DAY_AND_MONTH)), None):
        day = number_value(on_a_day["day"]) or 0
        return _day_of_month(int(day), _MONTH_NUMBERS[on_a_day["month"].title()], sentence, detail, published)
    if month := _BARE_MONTH.fullmatch(text):
        return _month_meant(_MONTH_NUMBERS[month["month"]], sentence, detail, published)
    return ""


def written_day(text: str) -> dt.date | None:
    """The first whole date written in ``text`` that says its day unmistakably (``_WRITTEN_DAY``,
    ``_NUMBERED_DAY``), or None: for "3h", "Mar 4", "04/03/2026", or no such day ("31.02.2026")."""
    found = sorted((match.start(), match) for pattern in (*_WRITTEN_DAY, _NUMBERED_DAY) for match in pattern.finditer(text))
    for _, match in found:
        try:
            return _day_written(match)
        except ValueError:
            continue
    return None


def _day_written(match: re.Match[str]) -> dt.date:
    year = int(match["year"])
    if "first" not in match.re.groupindex:
        month = match["month"]
        return dt.date(year, int(month) if month.isdigit() else _MONTH_NUMBERS[month.title()], int(match["day"]))
    first, second = int(match["first"]), int(match["second"])
    if match["mark"] == "." or first > 12:
        return dt.date(year, second, first)
    if second > 12:
        return dt.date(year, first, second)
    raise ValueError("the day may be either number")


def dated_opening(text: str) -> dt.date | None:
    """The day an article's top says it was published: a short line with a whole date above
    its second paragraph (below a standfirst, say): "4 March 2026", "By Kari Holm, Wed 4 Mar
    2026 09.14 GMT", "FOR IMMEDIATE RELEASE: 4 March 2026", not one it was updated on; or a
    paragraph's dateline ("OSLO, March 4, 2026 — ..."). None where neither is there."""
    paragraphs = 0
    for paragraph in text.split("\n\n")[:_OPENING_PARAGRAPHS]:
        line = " ".join(paragraph.split())
        if len(line.split()) > _DATE_LINE_WORDS:
            if (dateline := _DATELINE.match(line)) and (day := written_day(dateline[0])):
                return day
            paragraphs += 1
            if paragraphs == _PARAGRAPHS_ABOVE:
                return None
        elif not _UPDATED.search(line) and (day := written_day(line)):
            return day
    return None


def _relative(which: str, unit: str, published: dt.date, ahead: bool) -> str:
    """"last week", "next month", "earlier this year", "last Tuesday", "this winter"."""
    step = {"last": -1, "late last": -1, "next": 1, "early next": 1, "late next": 1}.get(which, 0)
    unit_word = unit.lower()
    if unit_word == "week":
        return "week of " + spelt_day(published - dt.timedelta(days=published.weekday()) + dt.timedelta(weeks=step))
    if unit_word == "month":
        return _month(_month_index(published) + step)
    if unit_word == "year":
        return str(published.year + step)
    if unit_word in _SEASONS:
        return _season(_SEASONS[unit_word], published, step, ahead)
    if unit_word in _WEEKDAY_NUMBERS:
        if step:
            return spelt_day(_weekday(published, _WEEKDAY_NUMBERS[unit_word], step > 0, strictly=True))
        return spelt_day(_weekday(published, _WEEKDAY_NUMBERS[unit_word], ahead, strictly=False))
    month = _MONTH_NUMBERS[unit.title()]
    if step:
        return _month(_nearest(_month_index(published), month - 1, 12, step > 0, strictly=True))
    return _month(published.year * 12 + month - 1)


def _counted_back(count: int, unit: str, published: dt.date) -> str:
    """"three days ago", "two weeks ago", "six months ago", "a decade ago"."""
    if unit == "day":
        return spelt_day(published - dt.timedelta(days=count))
    if unit == "week":
        day = published - dt.timedelta(weeks=count)
        return "week of " + spelt_day(day - dt.timedelta(days=day.weekday()))
    if unit == "month":
        return _month(_month_index(published) - count)
    return str(published.year - count * (10 if unit == "decade" else 1))


def _month_meant(month: int, sentence: str, detail: Detail, published: dt.date) -> str:
    """A month without a year: that of "in January last year", or by the clause's tense."""
    if year := _year_after(sentence, detail, published):
        return _month(year * 12 + month - 1)
    return _month(_nearest(_month_index(published), month - 1, 12, _looks_ahead(sentence, detail), strictly=False))


def _day_of_month(day: int, month: int, sentence: str, detail: Detail, published: dt.date) -> str:
    """A day and month without a year: that of the year after it, or by the clause's tense."""
    if year := _year_after(sentence, detail, published):
        return spelt_day(dt.date(year, month, day)) if _is_a_day(year, month, day) else ""
    ahead = _looks_ahead(sentence, detail)
    # The nearest such day on or after the article's day, or on or before it; 29 February may be years away.
    years = range(published.year, published.year + 9) if ahead else range(published.year, published.year - 9, -1)
    for year in years:
        if not _is_a_day(year, month, day):
            continue
        meant = dt.date(year, month, day)
        if (meant >= published) if ahead else (meant <= published):
            return spelt_day(meant)
    return ""


def _is_a_day(year: int, month: int, day: int) -> bool:
    return 1 <= day <= calendar.monthrange(year, month)[1]


def _year_after(sentence: str, detail: Detail, published: dt.date) -> int:
    """The year "last year", "this year" or "next year" just after a month gives it; 0 for none."""
    after = _YEAR_AFTER.match(sentence, detail.end)
    return published.year + {"last": -1, "this": 0, "next": 1}[after["which"].lower()] if after else 0


def _looks_ahead(sentence: str, detail: Detail) -> bool:
    return _tense(sentence, detail) != _PAST_TENSE


def _tense(sentence: str, detail: Detail) -> str:
    """Whether the date is in a clause that looks ahead (from the day the article was
    published, or with "would" from a day it reports) or speaks of the past: the nearest word
    before it that gives a tense decides ("said on Monday the vote will be held on Thursday"),
    else the nearest after it ("On Friday, the council will vote"), else the past."""
    before = [(m.end(), _ahead_of(m)) for m in _AHEAD.finditer(sentence, 0, detail.start)]
    before += [(m.end(), _PAST_TENSE) for m in _PAST.finditer(sentence, 0, detail.start) if not _PASSIVE.search(sentence, 0, m.start())]
    if not sentence.rstrip().endswith(FINAL_PUNCTUATION):  # a headline
        before += [(m.end(), _AHEAD_TENSE) for m in _HEADLINE_AHEAD.finditer(sentence, 0, detail.start)]
    if before:
        return max(before)[1]
    ahead, past = _AHEAD.search(sentence, detail.end), _tense_past(sentence, detail.end)
    return _ahead_of(ahead) if ahead is not None and (past is None or ahead.start() < past) else _PAST_TENSE


def _ahead_of(match: re.Match[str]) -> str:
    return _FROM_A_DAY_REPORTED if match[0].lower() == "would" else _AHEAD_TENSE


def _tense_past(sentence: str, start: int) -> int | None:
    """Where the first word after ``start`` that puts a clause in the past is, if any."""
    for match in _PAST.finditer(sentence, start):
        if not _PASSIVE.search(sentence, 0, match.start()):
            return match.start()
    return None


def _weekday(published: dt.date, weekday: int, ahead: bool, *, strictly: bool) -> dt.date:
    """The nearest ``weekday`` on or after (``ahead``) or on or before ``published``; not
    ``published`` itself when ``strictly`` ("next Tuesday", "last Tuesday")."""
    days = (weekday - published.weekday()) % 7 if ahead else -((published.weekday() - weekday) % 7)
    if strictly and days == 0:
        days = 7 if ahead else -7
    return published + dt.timedelta(days=days)


def _nearest(index: int, remainder: int, period: int, ahead: bool, *, strictly: bool) -> int:
    """The nearest index with ``remainder`` (a month of the year, a season) on or after
    (``ahead``) or on or before ``index``; not ``index`` itself when ``strictly``."""
    steps = (remainder - index) % period if ahead else -((index - remainder) % period)
    if strictly and steps == 0:
        steps = period if ahead else -period
    return index + steps


def _season(season: int, published: dt.date, step: int, ahead: bool) -> str:
    """"last summer" (the latest ended), "next spring" (the first to start), "this winter"
    (the one under way, else the next or the latest, by the clause's tense)."""
    now = _season_index(published)
    if step == 0 and now % 4 == season:
        return _season_name(now)
    return _season_name(_nearest(now, season, 4, step > 0 if step else ahead, strictly=True))


def _season_index(day: dt.date) -> int:
    """Seasons counted from year 0: spring, summer, autumn, then the winter starting in December."""
    year = day.year - 1 if day.month < 3 else day.year
    return year * 4 + (3 if day.month in (12, 1, 2) else (day.month - 3) // 3)


def _season_name(index: int) -> str:
    year, season = divmod(index, 4)
    return f"winter {year}-{(year + 1) % 100:02d}" if season == 3 else f"{_SEASON_NAMES[season]} {year}"


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _month(index: int) -> str:
    year, month = divmod(index, 12)
    return f"{_MONTH_NAMES[month]} {year}"


def spelt_day(day: dt.date) -> str:
    """"7 December 2026"."""
    return f"{day.day} {_MONTH_NAMES[day.month - 1]} {day.year}"
