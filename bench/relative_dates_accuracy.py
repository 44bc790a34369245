"""How well the relative dates of claims are read, against cases labelled blind.

    python bench/relative_dates_accuracy.py [CASES.json]

Reads bench/relative_date_cases.json (its "format" key says how the cases were written), finds
each sentence's details with ``find_details`` and reads each date against the case's article
date with ``date_meant``, as the Checkable details column does. A labelled date is read
right when the detail of those words means what the label says (nothing, where the label is
""); wrong when it means another day, or something where the label is nothing, or nothing
where the label is a day; not found when no date detail has those words. A label whose words
hold more than the detail's ("January last year", where the column lists "January" and "last
year" apart) is read by the detail its words begin with. Prints the counts and each date not
read right.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from factcheck.details import find_details
from factcheck.relative_dates import date_meant

CASES = Path(__file__).resolve().parent / "relative_date_cases.json"


def main() -> None:
    cases = json.loads(Path(sys.argv[1] if len(sys.argv) > 1 else CASES).read_text(encoding="utf-8"))["cases"]
    right = wrong_day = said_nothing = said_something = not_found = 0
    misses = []
    for case in cases:
        text, published = case["text"], dt.date.fromisoformat(case["article_date"])
        dates = {detail.text: detail for detail in find_details(text) if detail.type == "date"}
        for label in case["dates"]:
            words = label["words"]
            detail = dates.get(words) or next((d for d in dates.values() if words.startswith(d.text + " ")), None)
            meant = date_meant(detail, text, published) if detail else None
            if meant == label["means"] or (detail is None and not label["means"]):
                right += 1
                continue
            if detail is None:
                not_found += 1
            elif not meant:
                said_nothing += 1
            elif not label["means"]:
                said_something += 1
            else:
                wrong_day += 1
            misses.append(f"  {case['article_date']} {label['words']!r}: {meant!r}, labelled {label['means']!r}\n    {text}")
    total = right + wrong_day + said_nothing + said_something + not_found
    print(f"{len(cases)} cases, {total} dates: {right} read right ({right / total:.1%})")
    print(f"  another day: {wrong_day}; nothing where a day is meant: {said_nothing}; "
          f"a day where nothing is meant: {said_something}; not found as a date: {not_found}")
    print("\n".join(misses))


if __name__ == "__main__":
    main()
