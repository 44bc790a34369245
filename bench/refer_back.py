"""Whether Checked before finds a claim a later article states in a sentence that refers back to a
subject named in the sentence before ("The survey catalogued the island's birdlife. It logged
sixty-two different species."), and keeps the check off a sentence that makes another claim
about the same subject.

`bench/refer_back_claims.json` (or ``--claims FILE``, such as `bench/noun_refer_back_claims.json`)
holds invented claims a desk checked, each with the two consecutive sentences of a later article. Each pair of sentences is written as an article and
checked with the real CLI (`factcheck check FOLDER --archive`), against a copy of an archive
holding PolitiFact's and Snopes' fact-checks (as `bench/matching.py` builds it) with the team's
news claims and the set's checked claims as a desk's checks; the Claims sheets are read as a
reviewer would. The team's news claims spread over two sentences (`bench/followup_claims.json`,
"split") are checked the same way. ``--never-checked`` also checks each news claim that opens by referring back
after the news sentence before it in its file (no subject of its own: the hardest case for a
pointer to a check of something else), against the collections alone, where every pointer
shown is to another claim.

    .venv/bin/python bench/refer_back.py --archive A.sqlite [--never-checked] [--claims FILE]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
from pathlib import Path

import openpyxl
from figures_differ import NEWS, desk_address, desk_archive, news_sentences
from matching import FACTCHECK

from factcheck.checked_before import READ_WITH_BEFORE, REFERS_BACK

CLAIMS = Path(__file__).with_name("refer_back_claims.json")
FOLLOWUPS = Path(__file__).with_name("followup_claims.json")


def checked_before_cells(articles: list[str], archive: Path, work: Path, name: str) -> list[dict[str, str | None]]:
    """Each article's Claims sheet as {claim: Checked before}, the articles checked in one run."""
    folder, sheets = work / name, work / f"{name}-sheets"
    folder.mkdir()
    sheets.mkdir()
    for i, text in enumerate(articles):
        (folder / f"{i:04d}.txt").write_text(text + "\n", encoding="utf-8")
    command = [*FACTCHECK, "check", str(folder), "-o", str(sheets), "--archive", str(archive)]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    found = []
    for i in range(len(articles)):
        claims = openpyxl.load_workbook(sheets / f"{i:04d}.xlsx", read_only=True)["Claims"]
        rows = claims.iter_rows(values_only=True)
        header = list(next(rows))
        text, checked = header.index("Claim"), header.index("Checked before")
        found.append({row[text]: row[checked] for row in rows if row[text]})
    return found


def refer_back(items: list[dict[str, str]], news: list[str], desk: Path, work: Path) -> None:
    cells = checked_before_cells([f"{item['before']} {item['sentence']}" for item in items], desk, work, "articles")
    for kind in dict.fromkeys(item["kind"] for item in items):
        picked = [(n, item, found) for n, (item, found) in enumerate(zip(items, cells)) if item["kind"] == kind]
        rows = []
        for n, item, found in picked:
            own = f"({desk_address(len(news) + n)};"
            sentence, before = found.get(item["sentence"], "unlisted"), found.get(item["before"], "unlisted")
            rows.append((item, sentence, before, own))
        listed = [r for r in rows if r[1] != "unlisted"]
        right = [r for r in listed if r[1] and r[3] in r[1]]
        other = [r for r in listed if r[1] and r[3] not in r[1]]
        print(f"\n{len(rows)} items, {kind}: the second sentence\n")
        print("| listed | shows the checked claim | of them, read with the sentence before | shows another check | the sentence before shows the checked claim |")
        print("| ---: | ---: | ---: | ---: | ---: |")
        print(f"| {len(listed)} | {len(right)} | {sum(READ_WITH_BEFORE in r[1] for r in right)} | {len(other)} "
              f"| {sum(bool(r[2]) and r[2] != 'unlisted' and r[3] in r[2] for r in rows)} |")
        opens = [r for r in listed if REFERS_BACK.match(r[0]["sentence"])]
        print(f"\nlisted second sentences that open with what the tool reads as referring back: {len(opens)}, "
              f"of them showing the checked claim {sum(bool(r[1]) and r[3] in r[1] for r in opens)}")
        for title, shown in (("showing another check", other), ("listed, not showing the checked claim", [r for r in listed if r not in right])):
            print(f"\n{title} ({len(shown)}):")
            for item, sentence, _, _ in shown:
                print(f"- {item['before']} | {item['sentence']}\n  checked: {item['checked']}\n  shown: {sentence}")


def spread_over_two(news: list[str], desk: Path, work: Path) -> None:
    split = json.loads(FOLLOWUPS.read_text(encoding="utf-8"))["split"]
    cells = checked_before_cells([" ".join(item["sentences"]) for item in split], desk, work, "split")
    either = second = another = 0
    for item, found in zip(split, cells):
        own = {f"({desk_address(i)};" for i, text in enumerate(news) if text == item["original"]}
        shows = [any(a in (found.get(s) or "") for a in own) for s in item["sentences"]]
        read = READ_WITH_BEFORE in (found.get(item["sentences"][1]) or "")
        either += any(shows)
        second += shows[1] and read
        another += read and not shows[1]
    print(f"\n{len(split)} team news claims spread over two sentences (bench/followup_claims.json): the claim as first "
          f"written shown by a sentence the worksheet lists for {either}; by the second read with the sentence before for "
          f"{second}, another claim's check so for {another}")


def never_checked(archive: Path, work: Path) -> None:
    pairs = []
    for path in sorted(NEWS.glob("*.json")):
        sentences = [s["text"] for s in json.loads(path.read_text(encoding="utf-8")).get("sentences", [])]
        pairs += [(before, text) for before, text in zip(sentences, sentences[1:]) if REFERS_BACK.match(text)]
    cells = checked_before_cells([f"{before} {text}" for before, text in pairs], archive, work, "never")
    shown = [(pair, found[pair[1]]) for pair, found in zip(pairs, cells) if found.get(pair[1])]
    read = [(pair, cell) for pair, cell in shown if READ_WITH_BEFORE in cell]
    listed = sum(pair[1] in found for pair, found in zip(pairs, cells))
    print(f"\n{len(pairs)} news sentences that open by referring back, each after the sentence before it in its file, "
          f"against the collections alone: {listed} listed, {len(shown)} show a check (each another claim's), "
          f"{len(read)} of them read with the sentence before")
    for (before, text), cell in read:
        print(f"- {before} | {text}\n  shown: {cell}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", type=Path, required=True, help="an archive holding both collections (bench/matching.py)")
    parser.add_argument("--never-checked", action="store_true", help="also check the news sentences that refer back, against the collections alone")
    parser.add_argument("--claims", type=Path, default=CLAIMS, help=f"the items to check (default: {CLAIMS.name})")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="factcheck-refer-back-"))
    items = json.loads(args.claims.read_text(encoding="utf-8"))["items"]
    news = news_sentences()
    desk = desk_archive(args.archive, work, news + [item["checked"] for item in items], "desk")
    refer_back(items, news, desk, work)
    spread_over_two(news, desk, work)
    if args.never_checked:
        never_checked(args.archive, work)


if __name__ == "__main__":
    main()
