"""Publish a reviewed worksheet: schema.org ClaimReview JSON-LD, or the Claims table as data."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from .carry import filled
from .columns import claim_id_of, marked_edited, sent_in_a_chat, verdict_given, verdict_name, when_posted
from .details import is_web_address
from .errors import FactcheckError
from .relative_dates import written_day
from .worksheet import read_previous_workbook, read_worksheet

FORMATS = ("claimreview", "csv", "json")
# The rating scale of the ClaimReview export: 5 is true, 1 is false. Verdicts that are not a
# place on that scale (Unverifiable, Not a claim) are published by name only.
RATING_VALUES = {"True": 5, "Mostly true": 4, "Half true": 3, "Mostly false": 2, "Misleading": 2, "False": 1}
BEST_RATING, WORST_RATING = 5, 1
# Someone's role described by whose it is ("Suryan's former chief executive", "Mr Kessler's
# lawyer"): a description, not a name.
_SOMEONES = re.compile(r"['’]s\s+[a-z]")
ORGANISATION_WORDS = re.compile(
    r"\b(?:Kremlin|White House|ministry|Ministry|government|Government|agency|Agency|office|Office|council|Council"
    r"|department|Department|sources|officials|Bank|Fund|Union|Commission|Party|party|company|Inc|Ltd|Police|police"
    r"|News)\b"  # an outlet whose post a channel forwards: "Coast News (forwarded by Ferry Watch)"
)


def export_worksheet(
    sheet: str | Path,
    format: str,
    *,
    article_url: str | None = None,
    publisher: str = "factcheck",
    review_url: str | None = None,
    article_date: dt.date | None = None,
    log: Callable[[str], None] = lambda line: None,
) -> str:
    """The reviewed claims of a factcheck workbook as ClaimReview JSON-LD, CSV or JSON text.

    A ClaimReview is not made for a claim marked edited (re-check): its verdict was given on
    an earlier wording; ``log`` gets a line naming those left out."""
    if format not in FORMATS:
        raise FactcheckError(f"unknown export format {format!r}; use one of {', '.join(FORMATS)}")
    if format == "csv":
        return read_worksheet(sheet).to_csv(index=False)
    if format == "json":
        frame = read_worksheet(sheet)
        return frame.to_json(orient="records", date_format="iso", force_ascii=False, indent=2) + "\n"
    if not article_url:
        raise FactcheckError("a ClaimReview names the article it reviews: give its address with --url")
    for option, address in (("--url", article_url), ("--review-url", review_url)):
        if address is not None and not is_web_address(address):
            raise FactcheckError(f"{option} {address!r} is not a web address; give one that starts http:// or https://")
    previous = read_previous_workbook(sheet)
    first_run = _first_run_date(previous.history)
    reviewed = [row for row in previous.claims if verdict_given(row.get("verdict"))]
    # A ClaimReview names the claim it rates: a row with nothing in Claim (a total, a row of Data >
    # Subtotals whose label sits under Verdict) rates none.
    cleared = [claim_id_of(row) for row in reviewed if claim_id_of(row) and not filled(row.get("claim"))]
    if cleared:
        log(f"{_verdicts(len(cleared))} left out, nothing in Claim: {', '.join(cleared)}")
    reviewed = [row for row in reviewed if filled(row.get("claim"))]
    to_recheck = [row for row in reviewed if marked_edited(row)]
    if to_recheck:
        names = ", ".join(str(row.get("claim_id") or row.get("claim")) for row in to_recheck)
        log(f"{_verdicts(len(to_recheck))} left out, given before the claim's sentence was edited (re-check first): {names}")
    published = [row for row in reviewed if not marked_edited(row)]
    undated = [row for row in published if str(row.get("reviewed_on") or "").strip() and _reviewed_date(row.get("reviewed_on")) is None]
    if undated:
        named = ", ".join(f"{row.get('claim_id') or row.get('claim')} ({row.get('reviewed_on')!r})" for row in undated)
        log(f"Reviewed on is not a date, so today's date is published, for: {named}")
    if not published:
        log("no claim on Claims has a verdict to publish")
    # A chat's sender may only have forwarded the claim, and is a private person: a name the tool
    # took from the chat is not published as its author; one a reviewer typed is.
    forwarded = [row for row in published if sent_in_a_chat(row) and row.get("said_by") == previous.base.get(str(row.get("claim_id")), {}).get("said_by")]
    if forwarded:
        names = ", ".join(str(row.get("claim_id")) for row in forwarded)
        log(f"sent in a chat, published without the sender as author (type the author under Said by to publish one): {names}")
    unnamed = {id(row) for row in forwarded}
    reviews = [
        claim_review({**row, "said_by": ""} if id(row) in unnamed else row, article_url, publisher, review_url or article_url, article_date or previous.article_date or first_run)
        for row in published
    ]
    return json.dumps(reviews, ensure_ascii=False, indent=2) + "\n"


def claim_review(
    row: Mapping[str, Any], article_url: str, publisher: str, review_url: str, article_date: dt.date | None
) -> dict[str, Any]:
    """One schema.org ClaimReview for a Claims row that has a verdict."""
    verdict = verdict_name(row["verdict"])
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": verdict}
    if verdict in RATING_VALUES:
        rating.update(ratingValue=RATING_VALUES[verdict], bestRating=BEST_RATING, worstRating=WORST_RATING)
    appearance: dict[str, Any] = {"@type": "CreativeWork", "url": article_url}
    item: dict[str, Any] = {"@type": "Claim", "appearance": appearance}
    speaker = str(row.get("said_by") or "").split(" (")[0].strip()
    # "police", "a spokesman for the ministry", "Suryan's former chief executive" name no one to look up
    if speaker[:1].isupper() and not _SOMEONES.search(speaker):
        item["author"] = {"@type": "Organization" if ORGANISATION_WORDS.search(speaker) else "Person", "name": speaker}
    # A claim made in a dated post or message was made that day, whatever the article's date
    # (where its date says the day unmistakably).
    claim_date = written_day(when_posted(row)) or article_date
    if claim_date:
        item["datePublished"] = appearance["datePublished"] = claim_date.isoformat()
    fragment = f"#{row['claim_id']}" if row.get("claim_id") else ""
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"{review_url}{fragment}",
        "claimReviewed": str(row.get("claim") or ""),
        "itemReviewed": item,
        "author": {"@type": "Organization", "name": publisher},
        "datePublished": (_reviewed_date(row.get("reviewed_on")) or dt.date.today()).isoformat(),
        "reviewRating": rating,
    }


def _verdicts(count: int) -> str:
    return "1 verdict" if count == 1 else f"{count} verdicts"


def _reviewed_date(value: Any) -> dt.date | None:
    """Reviewed on as a date, or None when the reviewer left it empty or typed something else."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def _first_run_date(history: list[dict[str, Any]]) -> dt.date | None:
    """When the desk first ran factcheck on the article: a stand-in for its publication date."""
    for entry in history:
        try:
            return dt.date.fromisoformat(str(entry.get("run_at"))[:10])
        except ValueError:
            continue
    return None
