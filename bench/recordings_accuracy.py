"""How well recordings and posts read: transcripts, subtitle files, copied video transcripts,
chat exports and copied social media posts.

    python bench/recordings_accuracy.py [CASES.json]
    python bench/recordings_accuracy.py bench/post_cases.json

Reads bench/recording_cases.json (its "format" key says how it was written): files as a
transcription service, a subtitle download or a copy from YouTube's transcript panel gives
them, each with the Said by and the time in the recording of every sentence it labels
(bench/post_cases.json: chats and posts, each sentence's Said by and when it was posted).
Reads each file as `factcheck check` does (by its extension), splits it, takes Said by (the
sentence's own speaker, else its turn's) and the turn's time or date, and prints the
sentences found, the fields right, and every miss.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from factcheck.claims import annotate
from factcheck.document import read_document
from factcheck.errors import DocumentError
from factcheck.segment import split_sentences, turns

CASES = Path(__file__).resolve().parent / "recording_cases.json"


# What the cases label, each with the words its line of figures prints.
FIELDS = {"said_by": "Said by", "said_at": "time in the recording", "posted": "date posted"}


def read_case(folder: Path, name: str, text: str) -> dict[str, dict[str, str]]:
    """Each sentence of the file, with its Said by, its time in the recording and when it was
    posted."""
    path = folder / name
    path.write_bytes(text.encode("utf-8"))
    pieces = split_sentences(read_document(path).text)
    sentences = [p for p in pieces if p.kind == "sentence"]
    turn_of = turns(pieces)
    claims = annotate(sentences, [1.0] * len(sentences), turns=[turn_of[p.index] for p in sentences])
    return {claim.text: {field: getattr(claim, field) for field in FIELDS} for claim in claims}


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else CASES
    cases = json.loads(path.read_text(encoding="utf-8"))["cases"]
    fields = [field for field in FIELDS if any(field in case for case in cases)]
    found = labelled = 0
    right, wanted = dict.fromkeys(fields, 0), dict.fromkeys(fields, 0)
    misses = []
    with tempfile.TemporaryDirectory() as folder:
        for case in cases:
            try:
                read = read_case(Path(folder), case["file"], case["text"])
            except DocumentError as refused:
                read = {}
                misses.append(f"{case['name']}: refused: {refused}")
            sentences = dict.fromkeys(sentence for field in fields for sentence in case.get(field, {}))
            labelled += len(sentences)
            found += sum(sentence in read for sentence in sentences)
            for sentence in sentences:
                if sentence not in read:
                    misses.append(f"{case['name']}: {sentence!r} is not one sentence here")
                    continue
                for field in fields:
                    if sentence in case.get(field, {}):
                        got, want = read[sentence][field], case[field][sentence]
                        wanted[field] += 1
                        right[field] += got == want
                        if got != want:
                            misses.append(f"{case['name']}: {sentence!r} {FIELDS[field]} {got!r}, want {want!r}")
    print(f"{len(cases)} files ({path.name})")
    print(f"sentences found: {found} of {labelled}")
    for field in fields:
        print(f"{FIELDS[field]} right: {right[field]} of {wanted[field]}")
    if misses:
        print("\nmisses:")
        for miss in misses:
            print(f"  {miss}")


if __name__ == "__main__":
    main()
