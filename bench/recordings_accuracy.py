"""How well recordings read: transcripts, subtitle files and copied video transcripts.

    python bench/recordings_accuracy.py [CASES.json]

Reads bench/recording_cases.json (its "format" key says how it was written): files as a
transcription service, a subtitle download or a copy from YouTube's transcript panel gives
them, each with the Said by and the time in the recording of every sentence it labels. Reads
each file as `factcheck check` does (by its extension), splits it, takes Said by (the
sentence's own speaker, else its turn's) and the turn's time, and prints the sentences
found, the Said by and times right, and every miss.
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


def read_case(folder: Path, name: str, text: str) -> dict[str, tuple[str, str]]:
    """Each sentence of the file, with its Said by and its time in the recording."""
    path = folder / name
    path.write_bytes(text.encode("utf-8"))
    pieces = split_sentences(read_document(path).text)
    sentences = [p for p in pieces if p.kind == "sentence"]
    turn_of = turns(pieces)
    claims = annotate(sentences, [1.0] * len(sentences), turns=[turn_of[p.index] for p in sentences])
    return {claim.text: (claim.said_by, claim.said_at) for claim in claims}


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else CASES
    cases = json.loads(path.read_text(encoding="utf-8"))["cases"]
    found = labelled = said_by_right = said_by_wanted = said_at_right = said_at_wanted = 0
    misses = []
    with tempfile.TemporaryDirectory() as folder:
        for case in cases:
            try:
                read = read_case(Path(folder), case["file"], case["text"])
            except DocumentError as refused:
                read = {}
                misses.append(f"{case['name']}: refused: {refused}")
            sentences = dict.fromkeys([*case["said_by"], *case["said_at"]])
            labelled += len(sentences)
            found += sum(sentence in read for sentence in sentences)
            for sentence in sentences:
                got_by, got_at = read.get(sentence, (None, None))
                if got_by is None:
                    misses.append(f"{case['name']}: {sentence!r} is not one sentence here")
                    continue
                for key, got, wanted_of in (("said by", got_by, case["said_by"]), ("said at", got_at, case["said_at"])):
                    if sentence not in wanted_of:
                        continue
                    right = got == wanted_of[sentence]
                    if key == "said by":
                        said_by_wanted, said_by_right = said_by_wanted + 1, said_by_right + right
                    else:
                        said_at_wanted, said_at_right = said_at_wanted + 1, said_at_right + right
                    if not right:
                        misses.append(f"{case['name']}: {sentence!r} {key} {got!r}, want {wanted_of[sentence]!r}")
    print(f"{len(cases)} files ({path.name})")
    print(f"sentences found: {found} of {labelled}")
    print(f"Said by right: {said_by_right} of {said_by_wanted}")
    print(f"time in the recording right: {said_at_right} of {said_at_wanted}")
    if misses:
        print("\nmisses:")
        for miss in misses:
            print(f"  {miss}")


if __name__ == "__main__":
    main()
