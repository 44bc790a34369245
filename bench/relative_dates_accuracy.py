"""How well the relative dates of claims are read, against cases labelled blind.

    python bench/relative_dates_accuracy.py [CASES.json]

Reads bench/relative_date_cases.json (its "format" key says how the cases were written), finds
each sentence's details with ``find_details`` and reads its dates against the case's article
date with ``dates_meant``, as the Checkable details column does. A labelled date is read
right when the detail of those words means what the label says (nothing, where the label is
""); wrong when it means another day, or something where the label is nothing, or nothing
where the label is a day; not found when no date detail overlaps those words. A label's words
and the detail's may differ ("January last year", where the column lists "January" and "last
year" apart; "next year" in "early next year"): a label is read by the first date detail that
overlaps its words in the sentence. Prints the counts and each date not read right.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from factcheck.details import find_details
from factcheck.relative_dates import dates_meant

CASES = Path(__file__).resolve().parent / "relative_date_cases.json"


def main() -> None:
    cases = json.loads(Path(sys.argv[1] if len(sys.argv) > 1 else CASES).read_text(encoding="utf-8"))["cases"]
    right = wrong_day = said_nothing = said_something = not_found = 0
    misses = []
    for case in cases:
        text, published = case["text"], dt.date.fromisoformat(case["article_date"])
        dates = [detail for detail in dates_meant(find_details(text), text, published) if detail.type == "date"]
        cursor = 0
        for label in case["dates"]:
            start = text.find(label["words"], cursor)
            end = start + len(label["words"])
            cursor = end
            detail = next((d for d in dates if d.start < end and d.end > start), None)
            meant = detail.means if detail else None
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
